/* Export: the CSV button of a member list downloads a file with the
 * organization's members. */
import fs from 'node:fs';
import path from 'node:path';
import { assert, DATA, login, treeRow } from './lib.mjs';

export const timeout = 30000;

export default async function ({ page, base, dir }) {
	await login(page, base);
	await treeRow(page, DATA.town.name).locator('button.twisty').click();
	await treeRow(page, DATA.branch.name).locator('.tree-name').click();
	await page.locator('.main-pane h1', { hasText: DATA.branch.name }).waitFor();
	await page.locator('.tabs a', { hasText: '党员' }).click();
	await page.locator('.member-list table.members').waitFor();

	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.locator('.member-list a[data-export=csv]').click(),
	]);
	const file = path.join(dir, 'export.csv');
	await download.saveAs(file);
	const text = fs.readFileSync(file, 'utf8');
	assert.ok(text.includes('张三丰'), 'the branch member is in the CSV');
	assert.ok(!text.includes('李小龙'), 'a member of another branch is not');
	assert.match(download.suggestedFilename(), /\.csv$/i);
}
