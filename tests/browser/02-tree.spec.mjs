/* Tree: the scope root is open, a node expands lazily, selecting a node
 * shows its page and highlights it; the organization search finds by name. */
import { assert, DATA, login, treeRow, openTree } from './lib.mjs';

export const timeout = 30000;

export default async function ({ page, base }) {
	await login(page, base);
	await openTree(page);
	await treeRow(page, DATA.town.name).waitFor();
	assert.equal(await treeRow(page, DATA.branch.name).count(), 0, 'branch hidden before expanding');

	await treeRow(page, DATA.town.name).locator('button.twisty').click();
	await treeRow(page, DATA.branch.name).waitFor();
	await treeRow(page, DATA.branch2.name).waitFor();

	await treeRow(page, DATA.branch.name).locator('.tree-name').click();
	await page.locator('.main-pane h1', { hasText: DATA.branch.name }).waitFor();
	assert.match(page.url(), /#\/org\/\d+/);
	assert.equal(await treeRow(page, DATA.branch.name).getAttribute('aria-selected'), 'true');
	const crumbs = await page.locator('.crumbs').textContent();
	assert.ok(crumbs.includes(DATA.root.name) && crumbs.includes(DATA.town.name), 'breadcrumb shows the path: ' + crumbs);

	await openTree(page);
	await page.locator('.org-search input').fill('开发区');
	await page.locator('.search-results a', { hasText: DATA.zone.name }).click();
	await page.locator('.main-pane h1', { hasText: DATA.zone.name }).waitFor();
	assert.equal(await treeRow(page, DATA.zone.name).getAttribute('aria-selected'), 'true');
}
