/* The development register tab, in zh-CN and in en: an officer's
 * organization page has a tab "发展党员台账 / Development register" listing
 * GET /orgs/{id}/development of the subtree (the API's total and rows, in
 * its order), worded in the page's language (no raw step key); an overdue
 * probationary member is marked; the stage filter narrows the list and the
 * address; a row links to the member, whose page shows the same next step
 * due with its rule and source; the tab and the filter are reached
 * by the keyboard. The spec adds an applicant and a probationary member
 * whose probation ran out in 2021. */
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

async function totalIs(page, n, what) {
	await page.waitForFunction((x) => {
		const e = document.querySelector('.dev-register .ledger-total[data-total]');
		return e && e.getAttribute('data-total') === String(x) && !document.querySelector('.dev-register[aria-busy="true"]');
	}, n, { timeout: 10000 }).catch(() => assert.fail(`${what}: total shown is not ${n}`));
}

export default async function ({ page, base }) {
	await login(page, base);
	const session = await (await page.request.get(base + '/api/v1/session')).json();
	const root = session.user.scope_org;
	const branch = (await api(page, 'GET', '/orgs?q=' + encodeURIComponent(DATA.branch2.code))).items.find((o) => o.code === DATA.branch2.code);
	const add = (name, dates) => api(page, 'POST', '/members', { name, sex: 'female', birth_date: '1990-05-05',
		ethnicity: 'han', education: 'master', occupation: 'workers', org_id: branch.id, ...dates });
	const late = await add('台账预备', { status: 'probationary', admitted: '2020-04-01' });
	await add('台账申请', { status: 'applicant', applied: '2026-01-05' });

	for (const lang of ['zh-CN', 'en']) {
		const zh = lang === 'zh-CN';
		await page.goto(base + '/#/');
		await page.reload();
		if ((await page.evaluate(() => document.documentElement.lang)) !== lang) {
			await page.locator('header.top button.lang').click();
			await page.waitForFunction((l) => document.documentElement.lang === l, lang);
		}
		await page.goto(base + `/#/org/${root.id}`);
		await page.reload();
		const tab = page.locator('.tabs a[href$="/development"]');
		await tab.waitFor({ timeout: 10000 });
		assert.equal((await tab.innerText()).trim(), zh ? '发展党员台账' : 'Development register', 'tab worded');
		/* the keyboard reaches the tab and opens it */
		await tab.focus();
		assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), `#/org/${root.id}/development`, 'tab focusable');
		await page.keyboard.press('Enter');
		await page.waitForFunction(() => location.hash.endsWith('/development'));
		const all = await api(page, 'GET', `/orgs/${root.id}/development?limit=50`);
		assert.ok(all.total >= 2, 'the pipeline is not empty');
		await totalIs(page, all.total, 'all stages');
		const rows = page.locator('.dev-register-list tbody tr');
		assert.equal(await rows.count(), all.items.length, 'a row per person of the page');
		assert.deepEqual(await rows.evaluateAll((trs) => trs.map((r) => Number(r.dataset.personId))),
			all.items.map((r) => r.person.id), 'rows in the API order');
		const row = page.locator(`.dev-register-list tr[data-person-id="${late.id}"]`);
		assert.equal(await row.getAttribute('data-next'), 'conversion_vote', 'next step of the probationary member');
		assert.equal(await row.getAttribute('data-due'), '2021-04-01', 'due when the probation ended');
		assert.equal(await row.locator('[data-overdue]').count(), 1, 'marked overdue');
		const text = await page.locator('.dev-register').innerText();
		assert.ok(text.includes(zh ? '转正表决' : 'Conversion vote'), 'next step worded');
		for (const k of ['conversion_vote', 'dev.register.', 'dev.step.'])
			assert.ok(!text.includes(k), `no raw key ${k} in the page`);
		/* the stage filter, reached by Tab from the list's controls */
		const sel = page.locator('.dev-register select[name=stage]');
		await sel.focus();
		await sel.selectOption('probationary');
		const prob = await api(page, 'GET', `/orgs/${root.id}/development?stage=probationary`);
		await totalIs(page, prob.total, 'probationary');
		await page.waitForFunction(() => location.hash.endsWith('/development?stage=probationary'));
		assert.deepEqual([...new Set(await rows.evaluateAll((trs) => trs.map((r) => r.dataset.stage)))], ['probationary'], 'one stage');
		/* a row links to its member */
		await row.locator('a[href^="#/member/"]').first().click();
		await page.waitForFunction((id) => location.hash === `#/member/${id}`, late.id);
		/* the member page shows the same next step due, with its rule and source */
		const next = all.items.find((r) => r.person.id === late.id).next;
		const due = page.locator('.dev-steps .dev-due');
		await due.waitFor({ timeout: 10000 });
		assert.equal(await due.getAttribute('data-next'), 'conversion_vote', 'member page: the next step');
		assert.equal(await due.getAttribute('data-due'), '2021-04-01', 'member page: its day');
		assert.equal(await due.getAttribute('data-overdue'), '1', 'member page: overdue');
		const dueText = await due.innerText();
		assert.ok(dueText.includes(zh ? '转正表决' : 'Conversion vote'), 'member page: the step worded');
		assert.ok(next.rule && dueText.includes(next.rule), 'member page: the rule key');
		assert.ok(next.source && dueText.includes(next.source), 'member page: the rule source');
		assert.ok(!dueText.includes('dev.register.') && !dueText.includes('dev.step.'), 'member page: no raw key');
	}
}
