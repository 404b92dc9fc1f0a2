/* Dense ledgers and the workbench, at 1440×900 in zh-CN and in en: the
 * officer lands on the workbench, whose figures equal the statistics and
 * whose to-do counts equal GET /orgs/{id}/todo, each item opening a list of
 * exactly that many rows; the member ledger shows 所在党组织, 党龄 and 学历,
 * the column chooser hides a column and remembers it, the page size asks
 * the server for that many rows, the total is shown, a sort (asked of the
 * server) changes the order, numbers are right-aligned in tabular figures, the header is
 * sticky; sub-organizations show level names and member counts; no page
 * shows a raw "#123"; the title follows the page; the member page has its
 * organization's path as breadcrumbs. The spec adds a probationary member
 * admitted in 2020, a branch elected in 2015, a transfer letter past its
 * validity and a temporary organization
 * that ended in 2021 under the town, and for the findings' kinds an activist
 * of 2018, a probationary member whose year ends in about two weeks and a
 * full member whose 50 years of party age fall on the next 1 July, so
 * that every to-do item has a count. */
import { assert, login, DATA } from './lib.mjs';

export const timeout = 90000;

async function api(page, method, path, body) {
	const s = await (await page.request.get(new URL(page.url()).origin + '/api/v1/session')).json();
	const r = await page.request.fetch(new URL(page.url()).origin + '/api/v1' + path, {
		method, data: body, headers: { 'X-CSRF-Token': s.csrf_token, 'Content-Type': 'application/json' },
	});
	const j = await r.json();
	if (!r.ok()) throw new Error(`${method} ${path}: ${r.status()} ${JSON.stringify(j)}`);
	return j;
}

async function noRawIds(page, where) {
	const text = await page.locator('#app').innerText();
	assert.ok(!/#\d+/.test(text), `${where}: no raw #id in the page: ${(text.match(/.{0,20}#\d+.{0,20}/) || [''])[0]}`);
}

async function titleHas(page, part) {
	await page.waitForFunction((p) => document.title.includes(p), part, { timeout: 5000 })
		.catch(async () => assert.fail(`title "${await page.title()}" lacks "${part}"`));
}

export default async function ({ page, base }) {
	await page.setViewportSize({ width: 1440, height: 900 });
	await login(page, base);
	const session = await (await page.request.get(base + '/api/v1/session')).json();
	const root = session.user.scope_org;
	const town = (await api(page, 'GET', '/orgs?q=' + encodeURIComponent(DATA.town.code))).items.find((o) => o.code === DATA.town.code);
	const branch = (await api(page, 'GET', '/orgs?q=' + encodeURIComponent(DATA.branch.code))).items.find((o) => o.code === DATA.branch.code);
	await api(page, 'POST', '/members', {
		name: '预备期满', sex: 'male', birth_date: '1995-02-02', ethnicity: 'han', education: 'master',
		occupation: 'workers', org_id: branch.id, status: 'probationary', applied: '2018-01-01',
		activist: '2018-02-01', target: '2019-03-01', admitted: '2020-03-01',
	});
	const day = (d) => d.toISOString().slice(0, 10);
	const now = new Date();
	const soon = new Date(now); soon.setFullYear(soon.getFullYear() - 1); soon.setDate(soon.getDate() + 15);
	let july = new Date(Date.UTC(now.getFullYear(), 6, 1));
	if (july < now) july = new Date(Date.UTC(now.getFullYear() + 1, 6, 1));
	const full = new Date(july); full.setUTCFullYear(full.getUTCFullYear() - 50); full.setUTCDate(full.getUTCDate() - 100);
	const admitted = new Date(full); admitted.setUTCFullYear(admitted.getUTCFullYear() - 1);
	const person = (name, birth, dates) => api(page, 'POST', '/members', { name, sex: 'male', birth_date: birth,
		ethnicity: 'han', education: 'master', occupation: 'workers', org_id: branch.id, ...dates });
	await person('积极分子甲', '1996-02-02', { status: 'activist', applied: '2018-01-01', activist: '2018-06-01' });
	await person('预备将满', '1996-03-03', { status: 'probationary', admitted: day(soon) });
	const old = await person('老党员甲', '1940-04-04', { status: 'full', admitted: day(admitted), full: day(full) });
	/* the findings of the development steps and of standing */
	await person('申请人甲', '1996-05-05', { status: 'applicant', applied: '2024-01-02' });
	const lost = await person('失联党员', '1970-05-05', { status: 'full', admitted: '2000-01-03', full: '2001-01-03' });
	await api(page, 'POST', `/members/${lost.id}/standing`, { action: 'lost_contact', date: '2024-01-10', search: '走访未果' });
	const ext = await person('延长预备', '1990-05-05', { status: 'probationary', admitted: '2023-03-01' });
	await api(page, 'POST', `/members/${ext.id}/steps`, { step: 'probation_extension', date: '2024-03-04', fields: { months: 6 } });
	const tgt = await person('待审批', '1990-06-06', { status: 'target', applied: '2021-01-04', activist: '2022-01-04', target: '2023-03-01' });
	const step = (s, date, fields) => api(page, 'POST', `/members/${tgt.id}/steps`, { step: s, date, fields: fields || {} });
	await step('sponsors', '2024-05-06', { sponsors: `${old.id},${lost.id}` });
	await step('political_review', '2024-05-07');
	await step('training', '2024-05-08', { hours: 24 });
	await step('pre_review', '2024-06-03', { committee: '党委' });
	await step('publicity', '2024-06-17', { to: '2024-06-21' });
	await step('branch_vote', '2024-06-24', { members: 10, present: 8, in_favour: 7 });
	/* a transfer letter past its validity, not received (transfer_stuck) */
	const leaving = await person('转出党员', '1980-05-05', { status: 'full', admitted: '2005-01-01', full: '2006-01-01' });
	const sent = new Date(now); sent.setUTCDate(sent.getUTCDate() - 60);
	await api(page, 'POST', '/transfers', { person_id: leaving.id, to: DATA.town.code, date: day(sent), valid_days: 10 });
	/* dues: a member of the branch with nothing paid for ten months (dues_arrears_6m), one of
	 * the second branch for four (dues_arrears_3m) */
	const monthsAgo = (n) => { const d = new Date(Date.UTC(now.getFullYear(), now.getMonth() - n, 1)); return d.toISOString().slice(0, 7); };
	const branch2 = (await api(page, 'GET', '/orgs?q=' + encodeURIComponent(DATA.branch2.code))).items.find((o) => o.code === DATA.branch2.code);
	const owes6 = await person('欠费甲', '1970-05-05', { status: 'full', admitted: '2000-01-01', full: '2001-01-01' });
	await api(page, 'POST', `/members/${owes6.id}/dues`, { act: 'base', category: 'student', from: monthsAgo(10) });
	const owes3 = await api(page, 'POST', '/members', { name: '欠费乙', sex: 'male', birth_date: '1971-05-05', ethnicity: 'han',
		education: 'master', occupation: 'workers', org_id: branch2.id, status: 'full', admitted: '2000-01-01', full: '2001-01-01' });
	await api(page, 'POST', `/members/${owes3.id}/dues`, { act: 'base', category: 'student', from: monthsAgo(4) });
	await api(page, 'POST', '/orgs', { code: 'BT.1.8', name: '老街村党支部', kind: 'branch', parent_id: town.id,
		sector: 'rural', established: '2000-01-01', term_start: '2015-01-01' });
	await api(page, 'POST', '/orgs', { code: 'BT.1.9', name: '工程项目临时党支部', kind: 'temporary', parent_id: town.id,
		sector: 'rural', established: '2020-01-01', purpose: '工程项目', end_date: '2021-01-01' });

	for (const lang of ['zh-CN', 'en']) {
		const zh = lang === 'zh-CN';
		await page.goto(base + '/#/');
		await page.reload();
		if ((await page.evaluate(() => document.documentElement.lang)) !== lang) {
			await page.locator('header.top button.lang').click();
			await page.waitForFunction((l) => document.documentElement.lang === l, lang);
		}

		/* the workbench: figures and to-do counts */
		await page.locator('.workbench .todo-item').first().waitFor({ timeout: 10000 });
		await titleHas(page, zh ? '工作台' : 'Workbench');
		const rollup = await api(page, 'GET', `/stats/rollup?org=${root.id}&by=status`);
		const by = (k) => (rollup.cells.find((c) => c.status === k) || { count: 0 }).count;
		const fig = async (k) => Number((await page.locator(`.figure[data-figure="home.fig.${k}"] .figure-n`).textContent()).trim());
		assert.equal(await fig('members'), by('probationary') + by('full'), 'members figure');
		assert.equal(await fig('probationary'), by('probationary'), 'probationary figure');
		assert.equal(await fig('full'), by('full'), 'full figure');
		assert.ok((await page.locator('.figure-k').first().textContent()).trim() !== 'home.fig.members', 'figure worded');
		const todo = await api(page, 'GET', `/orgs/${root.id}/todo`);
		assert.equal(await page.locator('.todo-item').count(), todo.items.length, 'one line per to-do kind');
		for (const it of todo.items) {
			assert.ok(it.count >= 1, `${it.key} has a finding`);
			const li = page.locator(`.todo-item[data-todo="${it.key}"]`);
			assert.equal(Number(await li.getAttribute('data-count')), it.count, `${it.key} count shown`);
			assert.ok(!(await li.innerText()).includes('home.todo'), `${it.key} worded`);
		}
		await noRawIds(page, 'workbench');
		/* each item opens a list of exactly its count */
		for (const it of todo.items) {
			await page.goto(base + '/#/');
			await page.locator(`.todo-item[data-todo="${it.key}"] a`).click();
			const total = page.locator('.main-pane .ledger-total[data-total]');
			await page.waitForFunction((n) => {
				const e = document.querySelector('.main-pane .ledger-total[data-total]');
				return e && e.getAttribute('data-total') === String(n);
			}, it.count, { timeout: 10000 }).catch(async () =>
				assert.fail(`${it.key}: list total ${await total.getAttribute('data-total').catch(() => '?')}, wanted ${it.count}`));
			await noRawIds(page, it.key + ' list');
		}

		/* the member ledger */
		await page.goto(base + `/#/org/${root.id}/members`);
		const table = page.locator('.main-pane table.ledger-table');
		await table.waitFor({ timeout: 10000 });
		await titleHas(page, root.name);
		for (const col of ['org', 'party_age', 'education', 'birth_date'])
			assert.equal(await table.locator(`thead th[data-col="${col}"]`).count(), 1, `column ${col}`);
		assert.equal((await table.locator('thead th[data-col="party_age"]').innerText()).trim().replace(/[▲▼]/g, ''), zh ? '党龄' : 'Party age');
		assert.equal((await table.locator('thead th[data-col="org"]').innerText()).trim().replace(/[▲▼]/g, ''), zh ? '所在党组织' : 'Organization');
		const api1 = await api(page, 'GET', `/orgs/${root.id}/members?subtree=1&limit=50`);
		assert.equal(await page.locator('.main-pane .ledger-total').getAttribute('data-total'), String(api1.total), 'total shown');
		const zsf = table.locator('tbody tr', { hasText: '张三丰' });
		assert.equal((await zsf.locator('td[data-col="org"]').innerText()).trim(), DATA.branch.name, 'organization name');
		const ageCell = zsf.locator('td[data-col="party_age"]');
		const want = api1.items.find((p) => p.name === '张三丰').party_age;
		assert.equal((await ageCell.innerText()).trim(), String(want), 'party age');
		const style = await ageCell.evaluate((e) => ({ a: getComputedStyle(e).textAlign, f: getComputedStyle(e).fontVariantNumeric }));
		assert.equal(style.a, 'right', 'numbers right-aligned');
		assert.ok(style.f.includes('tabular-nums'), 'tabular figures');
		assert.equal(await table.locator('thead th').first().evaluate((e) => getComputedStyle(e).position), 'sticky', 'sticky header');
		/* sort by birth date: ascending, then descending; name order is
		   pinyin; each sort is asked of the server (tests/browser/12f-sort) */
		const births = async () => (await table.locator('tbody td[data-col="birth_date"]').allInnerTexts()).map((s) => s.trim());
		const names = async () => table.locator('tbody tr td[data-col="name"] a').allInnerTexts();
		const sortBy = async (col) => {
			await Promise.all([
				page.waitForResponse((r) => r.url().includes('/members?') && r.url().includes('sort=')),
				table.locator(`thead th[data-col="${col}"] button`).click(),
			]);
			await page.locator('.main-pane section.member-list[aria-busy="false"]').waitFor();
		};
		const before = await names();
		await sortBy('birth_date');
		const asc = await births();
		assert.deepEqual(asc, asc.slice().sort(), 'ascending birth dates');
		assert.notDeepEqual(await names(), before, 'the sort changed the order');
		await sortBy('birth_date');
		const desc = await births();
		assert.deepEqual(desc, asc.slice().sort().reverse(), 'descending birth dates');
		assert.equal(await table.locator('thead th[data-col="birth_date"]').getAttribute('aria-sort'), 'descending');
		await sortBy('party_age');
		const ages = (await table.locator('tbody td[data-col="party_age"]').allInnerTexts()).map((s) => (s.trim() === '' ? null : Number(s)));
		const known = ages.filter((a) => a !== null);
		assert.deepEqual(known, known.slice().sort((a, b) => a - b), 'ascending party age');
		assert.deepEqual(ages.slice(known.length), ages.filter((a) => a === null), 'rows without a party age last');
		/* the column chooser, remembered */
		await page.locator('.ledger-chooser > button').click();
		await page.locator('#ledger-columns input[name="col-education"]').uncheck();
		assert.equal(await table.locator('thead th[data-col="education"]').count(), 0, 'education hidden');
		await page.reload();
		await table.waitFor();
		assert.equal(await table.locator('thead th[data-col="education"]').count(), 0, 'hidden column remembered');
		await page.locator('.ledger-chooser > button').click();
		await page.locator('#ledger-columns input[name="col-education"]').check();
		assert.equal(await table.locator('thead th[data-col="education"]').count(), 1, 'education shown again');
		/* page size */
		const asked = page.waitForRequest((r) => r.url().includes('/members?') && r.url().includes('limit=100'));
		await page.locator('select[name="page-size"]').selectOption('100');
		await asked;
		assert.equal(await page.evaluate(() => localStorage.getItem('orgwork.ledger.page_size')), '100');
		await page.locator('select[name="page-size"]').selectOption('50');
		await noRawIds(page, 'member list');

		/* search results are the same ledger, with their total */
		await page.goto(base + '/#/search?q=' + encodeURIComponent('张'));
		await page.locator('.main-pane table.ledger-table').waitFor({ timeout: 10000 });
		const s = await api(page, 'GET', '/members?q=' + encodeURIComponent('张'));
		assert.equal(await page.locator('.main-pane .ledger-total').getAttribute('data-total'), String(s.total), 'search total');
		assert.equal(await page.locator('.main-pane table.ledger-table thead th[data-col="party_age"]').count(), 1);

		/* sub-organizations: level names and member counts */
		await page.goto(base + `/#/org/${root.id}/children`);
		const ct = page.locator('.main-pane table.children-table');
		await ct.waitFor({ timeout: 10000 });
		const kids = await api(page, "GET", `/orgs/${root.id}/children?counts=1`);
		for (const k of kids.items) {
			const row = ct.locator(`tr[data-org-id="${k.id}"]`);
			assert.equal((await row.locator('td[data-col="member_count"]').innerText()).trim(), String(k.member_count), `${k.code} member count`);
			assert.ok(!/^\d+$/.test((await row.locator('td').nth(3).innerText()).trim()), 'level is a name');
		}
		await page.goto(base + `/#/org/${root.id}/overview`);
		await page.locator('.main-pane dl.details').waitFor();
		const details = await page.locator('.main-pane dl.details').innerText();
		assert.ok(zh ? /县级|市级|省级|中央|基层/.test(details) : /County|City|Province|Central|Grassroots/.test(details), 'level named: ' + details);
		await noRawIds(page, 'organization');

		/* the member page: breadcrumbs and title */
		const zid = api1.items.find((p) => p.name === '张三丰').id;
		await page.goto(base + `/#/member/${zid}`);
		await page.locator('.member-page nav.crumbs a', { hasText: DATA.branch.name }).waitFor({ timeout: 10000 });
		assert.equal(await page.locator('.member-page nav.crumbs a').first().innerText(), root.name, 'path from the scope root');
		await titleHas(page, '张三丰');
		await noRawIds(page, 'member page');
	}
}
