/* The one pager (ui.js Pager) in its two uses: the children of an
 * organization, held whole and cut into pages of 50 ("page n of N"), and
 * the member list, read page by page with a cursor ("page n"). The server's
 * answers are replaced with lists long enough to page through, so the
 * demo data stays as the other specs expect it. */
import { assert, login, openScopeOrg } from './lib.mjs';

export const timeout = 30000;

const CHILDREN = Array.from({ length: 120 }, (_, i) => {
	const n = String(i + 1).padStart(3, '0');
	return { id: 9000 + i, code: 'PG.' + n, name: '分页支部' + n, kind: 'branch', sector: 'community', child_count: 0 };
});

function person(id, name) {
	return { id, name, sex: 1, birth_date: '1980-01-01', status: 'full', admitted: '2010-07-01' };
}
const PAGE1 = Array.from({ length: 50 }, (_, i) => person(8000 + i, '甲' + String(i + 1).padStart(2, '0')));
const PAGE2 = [person(8100, '乙01'), person(8101, '乙02')];

async function pagerText(page) {
	return (await page.locator('.main-pane .pager span').textContent()).trim();
}

async function firstCell(page, table) {
	return (await page.locator(`.main-pane ${table} tbody tr td:first-child a`).first().textContent()).trim();
}

export default async function ({ page, base }) {
	await page.route('**/api/v1/orgs/*/children*', (route) => route.fulfill({ json: { items: CHILDREN } }));
	const cursors = [];
	await page.route('**/api/v1/orgs/*/members*', (route) => {
		const cursor = new URL(route.request().url()).searchParams.get('cursor');
		cursors.push(cursor || '');
		route.fulfill({
			json: cursor === 'page-2'
				? { items: PAGE2, next_cursor: null, total: 52 }
				: { items: PAGE1, next_cursor: 'page-2', total: 52 },
		});
	});
	await login(page, base);
	await openScopeOrg(page);

	/* children: 120 in pages of 50 */
	await page.locator('.tabs a', { hasText: '下级组织' }).click();
	await page.locator('.main-pane .pager').waitFor();
	const prev = page.locator('.main-pane .pager button').first();
	const next = page.locator('.main-pane .pager button').last();
	assert.equal(await pagerText(page), '第 1 / 3 页');
	assert.equal(await firstCell(page, 'table.grid'), '分页支部001');
	assert.ok(await prev.isDisabled(), 'no previous page on the first');
	await next.click();
	await page.locator('.main-pane .pager span', { hasText: '第 2 / 3 页' }).waitFor();
	assert.equal(await firstCell(page, 'table.grid'), '分页支部051');
	await next.click();
	await page.locator('.main-pane .pager span', { hasText: '第 3 / 3 页' }).waitFor();
	assert.equal(await page.locator('.main-pane table.grid tbody tr').count(), 20);
	assert.ok(await next.isDisabled(), 'no next page on the last');
	await prev.click();
	await page.locator('.main-pane .pager span', { hasText: '第 2 / 3 页' }).waitFor();

	/* members: pages by cursor */
	await page.locator('.tabs a[href$="/members"]').click();
	await page.locator('.member-list .pager').waitFor();
	await page.locator('.member-list table.members tbody tr td:first-child a', { hasText: '甲01' }).waitFor();
	assert.equal(await pagerText(page), '第 1 页');
	assert.ok(await prev.isDisabled(), 'no previous page on the first');
	await next.click();
	await page.locator('.member-list table.members tbody tr td:first-child a', { hasText: '乙01' }).waitFor();
	assert.equal(await pagerText(page), '第 2 页');
	assert.equal(await page.locator('.member-list table.members tbody tr').count(), 2);
	assert.ok(await next.isDisabled(), 'no next page after the last cursor');
	assert.equal(cursors[cursors.length - 1], 'page-2', 'the next page asks for the cursor of the first');
	await prev.click();
	await page.locator('.member-list table.members tbody tr td:first-child a', { hasText: '甲01' }).waitFor();
	assert.equal(await pagerText(page), '第 1 页');
	assert.equal(cursors[cursors.length - 1], '', 'the first page again, without a cursor');
}
