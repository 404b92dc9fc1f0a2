/* Import: a file with a bad row shows the row, column and reason and
 * imports nothing; a good file passes the dry run and is then imported. */
import path from 'node:path';
import { assert, login } from './lib.mjs';

export const timeout = 40000;

export default async function ({ page, base, here }) {
	await login(page, base);
	await page.locator('header.top a', { hasText: '导入' }).click();
	await page.locator('.import-page').waitFor();

	await page.locator('.import-page input[type=file]').setInputFiles(path.join(here, 'fixtures/import-bad.csv'));
	await page.locator('.import-page button', { hasText: '检查文件' }).click();
	const report = page.locator('[data-report=errors]');
	await report.waitFor();
	const rows = await report.locator('tbody tr').allTextContents();
	assert.ok(rows.some((r) => r.includes('3') && r.includes('民族') && r.includes('火星族')), 'row 3, column 民族 reported: ' + rows.join(' | '));
	assert.equal(await page.locator('.import-page button', { hasText: '确认导入' }).count(), 0, 'no import button after errors');

	await page.locator('.import-page input[type=file]').setInputFiles(path.join(here, 'fixtures/import-good.csv'));
	await page.locator('.import-page button', { hasText: '检查文件' }).click();
	await page.locator('[data-report=ok]').waitFor();
	assert.match(await page.locator('[data-report=ok]').textContent(), /1/);
	await page.locator('.import-page button', { hasText: '确认导入' }).click();
	await page.locator('[data-report=imported]').waitFor();

	await page.locator('header.top input[name=member-q]').fill('欧阳明');
	await page.locator('header.top input[name=member-q]').press('Enter');
	await page.locator('.main-pane a', { hasText: '欧阳明' }).waitFor();
}
