/* Sorting orders the whole list on the server, at both sizes in zh-CN and
 * en: the spec adds 55 applicants to the branch, the youngest of them named
 * so that pinyin order puts it on page 2 of 50; on the scope
 * organization's member ledger, clicking the birth-date header asks the
 * server for sort=birth_date (aria-sort ascending, ▲), clicking it again
 * for order=desc (descending, ▼), and that row from page 2 comes first; a
 * sort goes back to page 1; the rows equal the server's sorted list; a
 * page size of 100 and the column chooser keep the order; columns the
 * server cannot sort (sex, ID number) are not clickable; the note says the
 * whole list is sorted, in the language of the page. */
import { assert, login, DATA } from './lib.mjs';

export const timeout = 120000;

async function api(page, method, path, body) {
	const s = await (await page.request.get(new URL(page.url()).origin + '/api/v1/session')).json();
	const r = await page.request.fetch(new URL(page.url()).origin + '/api/v1' + path, {
		method, data: body, headers: { 'X-CSRF-Token': s.csrf_token, 'Content-Type': 'application/json' },
	});
	const j = await r.json();
	if (!r.ok()) throw new Error(`${method} ${path}: ${r.status()} ${JSON.stringify(j)}`);
	return j;
}

const YOUNGEST = '左排序末';

export default async function ({ page, base }) {
	const errors = [];
	await login(page, base);
	/* from here on (before the login the app's question for a session is 401) */
	page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
	const session = await (await page.request.get(base + '/api/v1/session')).json();
	const root = session.user.scope_org;
	const branch = (await api(page, 'GET', '/orgs?q=' + encodeURIComponent(DATA.branch.code))).items.find((o) => o.code === DATA.branch.code);
	for (let i = 0; i < 55; i++) {
		const last = i === 54;
		await api(page, 'POST', '/members', {
			name: last ? YOUNGEST : '排序' + String.fromCharCode(0x4e00 + 3 * i), sex: i % 2 ? 'male' : 'female',
			birth_date: last ? '2006-06-06' : `${1960 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}`,
			ethnicity: 'han', education: 'master', occupation: 'workers', org_id: branch.id,
			status: 'applicant', applied: '2025-01-01',
		});
	}
	const youngest = (await api(page, 'GET', `/orgs/${root.id}/members?subtree=1&limit=1&sort=birth_date&order=desc`)).items[0];
	const page1 = (await api(page, 'GET', `/orgs/${root.id}/members?subtree=1&limit=50`)).items.map((p) => p.id);
	assert.equal(youngest.name, YOUNGEST, 'the planted row is the youngest of the scope');
	assert.ok(!page1.includes(youngest.id), 'in pinyin order the youngest is not on page 1');

	for (const lang of ['zh-CN', 'en']) {
		const zh = lang === 'zh-CN';
		await page.goto(base + '/#/');
		await page.reload();
		await page.locator('header.top').waitFor();
		if ((await page.evaluate(() => document.documentElement.lang)) !== lang) {
			await page.locator('header.top button.lang').click();
			await page.waitForFunction((l) => document.documentElement.lang === l, lang);
		}
		await page.goto(base + `/#/org/${root.id}/members`);
		const list = page.locator('.main-pane section.member-list');
		const table = list.locator('table.ledger-table');
		await table.waitFor({ timeout: 10000 });
		const ids = async () => (await table.locator('tbody tr').evaluateAll((rs) => rs.map((r) => Number(r.dataset.memberId))));
		const th = (col) => table.locator(`thead th[data-col="${col}"]`);
		const settle = async (action, want) => {
			await Promise.all([
				page.waitForResponse((r) => r.url().includes('/members?') && want(new URL(r.url()).searchParams) && r.ok()),
				action(),
			]);
			await list.and(page.locator('[aria-busy="false"]')).waitFor();
		};
		const pageNo = async () => (await list.locator('.pager span').innerText()).trim();

		/* default: pinyin order, the youngest on page 2 */
		assert.deepEqual(await ids(), page1, `${lang}: page 1 in pinyin order`);
		assert.equal(await th('name').getAttribute('aria-sort'), 'ascending', `${lang}: name order shown`);
		assert.equal(await th('sex').locator('button').count(), 0, `${lang}: sex is not sortable`);
		assert.equal(await th('sex').getAttribute('aria-sort'), null, `${lang}: no aria-sort on sex`);
		assert.equal(await list.locator('.sort-note').count(), 0, `${lang}: no note in the default order`);
		await settle(() => list.locator('.pager button').last().click(), (q) => q.has('cursor'));
		assert.ok((await ids()).includes(youngest.id), `${lang}: the youngest is on page 2`);
		assert.ok(/2/.test(await pageNo()), `${lang}: on page 2`);

		/* birth date ascending, from page 2 back to page 1 */
		await settle(() => th('birth_date').locator('button').click(),
			(q) => q.get('sort') === 'birth_date' && q.get('order') === 'asc' && !q.has('cursor'));
		assert.equal(await th('birth_date').getAttribute('aria-sort'), 'ascending', `${lang}: aria-sort ascending`);
		assert.equal((await th('birth_date').locator('.sort-mark').innerText()).trim(), '▲', `${lang}: ▲ shown`);
		assert.equal(await th('name').getAttribute('aria-sort'), 'none', `${lang}: name no longer sorted`);
		assert.ok(/1/.test(await pageNo()) && !/2/.test(await pageNo()), `${lang}: a sort goes back to page 1`);
		const asc = (await api(page, 'GET', `/orgs/${root.id}/members?subtree=1&limit=50&sort=birth_date&order=asc`)).items.map((p) => p.id);
		assert.deepEqual(await ids(), asc, `${lang}: the rows are the server's ascending order`);

		/* descending: the row from page 2 comes first */
		await settle(() => th('birth_date').locator('button').click(),
			(q) => q.get('sort') === 'birth_date' && q.get('order') === 'desc');
		assert.equal(await th('birth_date').getAttribute('aria-sort'), 'descending', `${lang}: aria-sort descending`);
		assert.equal((await th('birth_date').locator('.sort-mark').innerText()).trim(), '▼', `${lang}: ▼ shown`);
		assert.equal((await ids())[0], youngest.id, `${lang}: the youngest, from page 2, comes first`);
		assert.equal((await table.locator('tbody tr').first().locator('td[data-col="name"] a').innerText()).trim(), YOUNGEST);
		const note = (await list.locator('.sort-note').innerText()).trim();
		assert.equal(note, zh ? '整个名单按出生日期降序排列' : 'Whole list sorted by Birth date, descending', `${lang}: the note`);

		/* the next page continues the server's order */
		const desc = await api(page, 'GET', `/orgs/${root.id}/members?subtree=1&limit=50&sort=birth_date&order=desc`);
		await settle(() => list.locator('.pager button').last().click(), (q) => q.get('cursor') === desc.next_cursor);
		const desc2 = (await api(page, 'GET', `/orgs/${root.id}/members?subtree=1&limit=50&sort=birth_date&order=desc&cursor=${encodeURIComponent(desc.next_cursor)}`)).items.map((p) => p.id);
		assert.deepEqual(await ids(), desc2, `${lang}: page 2 of the descending order`);

		/* a page size of 100 keeps the order, from page 1 */
		await settle(() => list.locator('select[name="page-size"]').selectOption('100'),
			(q) => q.get('limit') === '100' && q.get('sort') === 'birth_date' && !q.has('cursor'));
		assert.equal((await ids())[0], youngest.id, `${lang}: page size 100 keeps the order`);
		assert.equal(await th('birth_date').getAttribute('aria-sort'), 'descending');
		/* the column chooser keeps the order */
		await list.locator('.ledger-chooser > button').click();
		await list.locator('#ledger-columns input[name="col-phone"]').uncheck();
		assert.equal(await th('phone').count(), 0, `${lang}: phone hidden`);
		assert.equal((await ids())[0], youngest.id, `${lang}: hiding a column keeps the order`);
		await list.locator('#ledger-columns input[name="col-phone"]').check();
		await list.locator('select[name="page-size"]').selectOption('50');
	}
	assert.deepEqual(errors, [], 'no console errors');
}
