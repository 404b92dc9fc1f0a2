/* The rules catalogue page (#/rules): reachable from the header for every
 * role (officer, auditor, an administrator without scope, a member reading
 * their own record), the rules grouped by area with headings, column names
 * and values worded with their units from the language's catalogue
 * ("7 个工作日" / "7 working days", "0.5%" / "0.5 %", "0.2 元" / "0.2 yuan",
 * "每年1月31日" / "31 January each year"), the installation's override
 * marked with its reason, a past date answering with the rule of that day,
 * and nothing wider than a phone. Each role in one language: zh-CN and en
 * both checked at each viewport. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { assert, assertFits, DATA, login } from './lib.mjs';

export const timeout = 90000;

const REASON = '省委组织部 2020 年第 3 号通知';

function cli(db, args, input) {
	const r = spawnSync(process.env.ORGWORK, ['--db', db, ...args], {
		input, encoding: 'utf8', env: { ...process.env, ORGWORK_INSECURE_DEMO: '1' },
	});
	assert.equal(r.status, 0, `orgwork ${args.join(' ')}: ${r.stderr}`);
	return r.stdout;
}

function catalogue(here, lang) {
	return JSON.parse(fs.readFileSync(path.join(here, '../../web/i18n', lang + '.json'), 'utf8'));
}

const fill = (s, p) => s.replace(/\{(\w+)\}/g, (m, k) => (p[k] !== undefined ? String(p[k]) : m));

async function cell(page, key, what) {
	return (await page.locator(`.rules-page tr[data-key="${key}"] td.${what}`).textContent()).trim();
}

export default async function ({ page, base, db, here, viewport }) {
	cli(db, ['rules', 'set', 'cadre.public_notice_workdays', '7', '--from', '2020-01-01', '--reason', REASON]);
	cli(db, ['user', 'add', '--login', 'sys13r', '--role', 'sysadmin', '--no-totp', '--password-stdin'], DATA.password + '\n');
	const pid = JSON.parse(cli(db, ['--format', 'json', 'member', 'list', '--org', DATA.branch.code, '--limit', '500']))
		.items.find((m) => m.name === DATA.members[0].name).id;
	cli(db, ['user', 'add', '--login', 'mem13r', '--role', 'member', '--person', String(pid), '--password-stdin'], DATA.password + '\n');

	const runs = [[DATA.officer, 'zh-CN'], [DATA.auditor, 'en'], ['sys13r', 'en'], ['mem13r', 'zh-CN']];
	for (const [user, lang] of runs) {
		const M = catalogue(here, lang);
		const what = `${user} (${lang}, ${viewport.name})`;
		await page.context().clearCookies();
		await page.goto(base + '/');
		await page.locator('#f-login, header.top').first().waitFor();
		await page.evaluate((l) => localStorage.setItem('orgwork.lang', l), lang);
		await login(page, base, user);
		const link = page.locator('header.top nav a[data-nav=rules]');
		assert.equal((await link.textContent()).trim(), M['rules.nav'], what + ': the link in the header');
		await link.click();
		await page.locator('.rules-page tr[data-key]').first().waitFor();
		assert.equal((await page.locator('.rules-page h1').textContent()).trim(), M['rules.title'], what + ': title');
		assert.equal(await page.title(), `${M['rules.title']} · ${M['app.title']}`, what + ': document title');

		/* headings and columns are words of the catalogue */
		const heads = await page.locator('.rules-page .rules-table').first().locator('th').allTextContents();
		assert.deepEqual(heads.map((s) => s.trim()), ['rules.col.rule', 'rules.col.value', 'rules.col.from',
			'rules.col.source', 'rules.col.override'].map((k) => M[k]), what + ': column names');
		const areas = await page.locator('.rules-area').evaluateAll((els) => els.map((e) => e.dataset.area));
		for (const a of ['term', 'structure', 'life', 'election', 'dues', 'transfer', 'cadre'])
			assert.ok(areas.includes(a), `${what}: area ${a}`);
		for (const a of areas) {
			const h = (await page.locator(`.rules-area[data-area="${a}"] h2`).textContent()).trim();
			assert.ok(h.startsWith(M['rules.area.' + a] || M['rules.area.other']), `${what}: heading of ${a}: ${h}`);
		}
		assert.ok((await page.locator('.rules-area[data-area="medal"] h2').textContent()).includes(fill(M['rules.count.one'], { n: 1 })),
			what + ': one rule counted in the singular');
		const body = await page.locator('.rules-page').textContent();
		assert.ok(!/\brules\.(col|area|unit|title|count|reason)\b/.test(body), what + ': no key shown for a word');

		/* names and values in the user's language */
		assert.ok((await cell(page, 'cadre.public_notice_workdays', 'rule-name')).startsWith(M['rules.key.cadre.public_notice_workdays']));
		const expect = {
			'cadre.public_notice_workdays': fill(M['rules.unit.workdays'], { n: 7 }),
			'life.branch_meeting.months': fill(M['rules.unit.months'], { n: 3 }),
			'life.committee_meeting.months': fill(M['rules.unit.months.one'], { n: 1 }),
			'dues.salaried.rate_1_permille': fill(M['rules.unit.permille'], { pct: '0.5' }),
			'life.appraisal.excellent_max_permille': fill(M['rules.unit.permille'], { pct: '33.3' }),
			'dues.fixed_monthly_fen': fill(M['rules.unit.fen'], { yuan: '0.2' }),
			'dues.salaried.bound_3_fen': fill(M['rules.unit.fen'], { yuan: '10000' }),
			'cadre.personal_report_due': fill(M['rules.unit.monthday'], { d: 31, month: M['rules.month.1'] }),
			'cadre.training.county_hours_5_years': fill(M['rules.unit.hours'], { n: 550 }),
			'structure.level_below_parent': M['rules.unit.flag.yes'],
		};
		for (const [k, v] of Object.entries(expect))
			assert.equal(await cell(page, k, 'rule-value'), v, `${what}: value of ${k}`);
		assert.equal(lang === 'zh-CN' ? '7 个工作日' : '7 working days', expect['cadre.public_notice_workdays']);
		assert.equal(lang === 'zh-CN' ? '每年1月31日' : '31 January each year', expect['cadre.personal_report_due']);
		const kinds = await cell(page, 'structure.parents.branch', 'rule-value');
		assert.ok(kinds.includes(lang === 'zh-CN' ? '党总支' : 'eneral branch'), `${what}: kinds by name: ${kinds}`);

		/* the override, its marker and reason; a default has neither */
		const ov = page.locator('.rules-page tr[data-key="cadre.public_notice_workdays"]');
		assert.equal(await ov.getAttribute('data-overridden'), '1');
		assert.equal((await ov.locator('.badge').textContent()).trim(), M['rules.overridden']);
		assert.ok((await cell(page, 'cadre.public_notice_workdays', 'rule-override')).includes(fill(M['rules.reason'], { reason: REASON })));
		assert.equal(await page.locator('.rules-page tr[data-key="life.theme_day.months"] .badge').count(), 0);
		assert.ok((await cell(page, 'dues.fixed_monthly_fen', 'rule-source')).includes('2008'), what + ': source');
		if (viewport.phone) await assertFits(page, what);

		/* a past day: the rule of that day */
		await page.locator('.rules-page input[name=rules-date]').fill('2016-05-01');
		await page.waitForFunction(() => location.hash === '#/rules?date=2016-05-01');
		await page.waitForFunction((v) => {
			const c = document.querySelector('.rules-page tr[data-key="term.village_community"] td.rule-value');
			return c && c.textContent.trim() === v;
		}, fill(M['rules.unit.years'], { n: 3 }));
		assert.equal(await page.locator('.rules-page tr[data-key="cadre.public_notice_workdays"]').getAttribute('data-overridden'), '0',
			what + ': the override is not in force in 2016');
		assert.equal(await page.locator('.rules-page label.as-of').textContent().then((s) => s.trim()), M['rules.as_of']);
	}
}
