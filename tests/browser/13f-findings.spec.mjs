/* The findings page, in zh-CN and in en, at both viewports: an officer's
 * organization page has a findings tab listing GET /findings of the
 * subtree (the total and the rows the API gives, oldest due first), worded
 * in the page's language (no raw rule key); choosing a rule filters the
 * list and the address, with the API's total; a row links to its member;
 * the workbench's to-do items of the findings open this page filtered.
 * The spec adds a probationary member whose year ran out in 2021 and an
 * activist of 2019, so that there is something to find. */
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
		const e = document.querySelector('.findings-page .ledger-total[data-total]');
		return e && e.getAttribute('data-total') === String(x) && !document.querySelector('.findings-page[aria-busy="true"]');
	}, n, { timeout: 10000 }).catch(() => assert.fail(`${what}: total shown is not ${n}`));
}

export default async function ({ page, base }) {
	await login(page, base);
	const session = await (await page.request.get(base + '/api/v1/session')).json();
	const root = session.user.scope_org;
	const branch = (await api(page, 'GET', '/orgs?q=' + encodeURIComponent(DATA.branch2.code))).items.find((o) => o.code === DATA.branch2.code);
	const add = (name, dates) => api(page, 'POST', '/members', { name, sex: 'female', birth_date: '1990-05-05',
		ethnicity: 'han', education: 'master', occupation: 'workers', org_id: branch.id, ...dates });
	const over = await add('逾期预备', { status: 'probationary', admitted: '2020-04-01' });
	await add('培养对象', { status: 'activist', applied: '2019-01-01', activist: '2019-03-01' });

	for (const lang of ['zh-CN', 'en']) {
		const zh = lang === 'zh-CN';
		await page.goto(base + '/#/');
		await page.reload();
		if ((await page.evaluate(() => document.documentElement.lang)) !== lang) {
			await page.locator('header.top button.lang').click();
			await page.waitForFunction((l) => document.documentElement.lang === l, lang);
		}
		/* the tab, and the whole list */
		/* a hash-only goto right after the language switch can be lost: load the page whole */
		await page.goto(base + `/#/org/${root.id}`);
		await page.reload();
		const tab = page.locator('.tabs a[href$="/findings"]');
		await tab.waitFor({ timeout: 10000 });
		assert.equal((await tab.innerText()).trim(), zh ? '待办事项' : 'Findings', 'tab worded');
		await tab.click();
		const all = await api(page, 'GET', `/findings?org=${root.id}&limit=50`);
		assert.ok(all.total >= 2, 'findings exist');
		await totalIs(page, all.total, 'all rules');
		const rows = page.locator('.findings-list tbody tr');
		assert.equal(await rows.count(), all.items.length, 'a row per finding of the page');
		assert.deepEqual(await rows.evaluateAll((trs) => trs.map((r) => r.dataset.rule)), all.items.map((f) => f.rule), 'rows in the API order');
		const text = await page.locator('.findings-page').innerText();
		for (const k of ['conversion_overdue', 'target_eligible', 'findings.'])
			assert.ok(!text.includes(k), `no raw key ${k} in the page`);
		/* filter by a rule: the address follows, the total is the API's */
		await page.locator('.findings-page select[name=rule]').selectOption('conversion_overdue');
		const one = await api(page, 'GET', `/findings?org=${root.id}&rule=conversion_overdue`);
		await totalIs(page, one.total, 'conversion_overdue');
		await page.waitForFunction(() => location.hash.endsWith('/findings?rule=conversion_overdue'));
		assert.deepEqual([...new Set(await rows.evaluateAll((trs) => trs.map((r) => r.dataset.rule)))], ['conversion_overdue'], 'one rule');
		const row = page.locator(`.findings-list tbody tr[data-person-id="${over.id}"]`);
		assert.ok((await row.locator('td.num').innerText()).includes(zh ? '已逾期' : 'days overdue'), 'days overdue worded');
		assert.equal(await row.locator('.days').getAttribute('data-days'),
			String(one.items.find((f) => f.person && f.person.id === over.id).days_overdue), 'days of the API');
		/* the member link */
		await row.locator('a[href^="#/member/"]').first().click();
		await page.waitForFunction((id) => location.hash === '#/member/' + id, over.id, { timeout: 10000 });
		await page.locator('.main-pane h1').first().waitFor({ timeout: 10000 });
		/* the workbench's findings items open this page, filtered */
		await page.goto(base + '/#/');
		const item = page.locator('.todo-item[data-todo="target_eligible"] a');
		await item.waitFor({ timeout: 10000 });
		assert.ok(!(await item.innerText()).includes('findings.rule'), 'to-do item worded');
		await item.click();
		const te = await api(page, 'GET', `/findings?org=${root.id}&rule=target_eligible`);
		await totalIs(page, te.total, 'target_eligible from the workbench');
		assert.equal(await page.locator('.findings-page select[name=rule]').inputValue(), 'target_eligible', 'rule chosen');
	}
}
