/* Import: a file with a bad row shows the row, column, value and reason of
 * its one problem and imports nothing; a good file passes the dry run with
 * its counts (0 organizations, 1 member) and is then imported, the stored
 * record holding the file's values. */
import path from 'node:path';
import { assert, DATA, login } from './lib.mjs';

export const timeout = 40000;

/* GET on the API with the page's session. */
function get(page, p) {
	return page.evaluate(async (u) => {
		const r = await fetch('/api/v1' + u, { credentials: 'same-origin' });
		return { status: r.status, body: await r.json() };
	}, p);
}

export default async function ({ page, base, here }) {
	await login(page, base);
	await page.locator('header.top a', { hasText: '导入' }).click();
	await page.locator('.import-page').waitFor();

	await page.locator('.import-page input[type=file]').setInputFiles(path.join(here, 'fixtures/import-bad.csv'));
	await page.locator('.import-page button', { hasText: '检查文件' }).click();
	const report = page.locator('[data-report=errors]');
	await report.waitFor();
	assert.equal((await report.locator('p').textContent()).trim(), '发现 1 处问题，未导入任何数据：');
	const rows = await report.locator('tbody tr').evaluateAll((trs) =>
		trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));
	assert.deepEqual(rows, [['3', '民族', '火星族', '不是可选的值']],
		'the one bad cell: line, column, value, reason worded by its code');
	assert.equal(await page.locator('.import-page button', { hasText: '确认导入' }).count(), 0, 'no import button after errors');

	await page.locator('.import-page input[type=file]').setInputFiles(path.join(here, 'fixtures/import-good.csv'));
	await page.locator('.import-page button', { hasText: '检查文件' }).click();
	await page.locator('[data-report=ok]').waitFor();
	assert.equal((await page.locator('[data-report=ok] p').textContent()).trim(), '检查通过：党组织 0 个，党员 1 人。尚未写入。');
	let found = await get(page, '/members?q=' + encodeURIComponent('欧阳明'));
	assert.deepEqual(found.body.items, [], 'the dry run wrote nothing');
	await page.locator('.import-page button', { hasText: '确认导入' }).click();
	await page.locator('[data-report=imported]').waitFor();
	assert.equal((await page.locator('[data-report=imported] p').textContent()).trim(), '已导入：党组织 0 个，党员 1 人。');

	/* the stored record is the file's row; the bad file's other person is absent */
	found = await get(page, '/members?q=' + encodeURIComponent('欧阳明'));
	assert.equal(found.body.items.length, 1, 'one 欧阳明 stored');
	const m = await get(page, `/members/${found.body.items[0].id}?reveal=1`);
	assert.equal(m.status, 200);
	const org = await get(page, `/orgs/${m.body.org_id}`);
	assert.deepEqual(
		[m.body.name, m.body.sex, m.body.id_number, m.body.birth_date, m.body.ethnicity, m.body.education,
			m.body.occupation, m.body.phone, org.body.code, m.body.status, m.body.applied, m.body.activist,
			m.body.target, m.body.admitted, m.body.full],
		['欧阳明', 'male', '110105197811110137', '1978-11-11', 'han', 'bachelor', 'professionals', '13700001111',
			DATA.branch.code, 'full', '1998-01-01', '1999-01-01', '2000-01-01', '2000-07-01', '2001-07-01']);
	assert.deepEqual((await get(page, '/members?q=' + encodeURIComponent('司马光'))).body.items, [], 'nothing of the bad file');

	await page.locator('header.top input[name=member-q]').fill('欧阳明');
	await page.locator('header.top input[name=member-q]').press('Enter');
	await page.locator('.main-pane a', { hasText: '欧阳明' }).waitFor();
}
