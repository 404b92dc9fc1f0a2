/* Member search in an organization's member list: Hanzi substring, pinyin
 * initials with the surname reading of 曾 (zeng), full pinyin. */
import { assert, DATA, login, openScopeOrg } from './lib.mjs';

export const timeout = 30000;

async function names(page) {
	await page.locator('.member-list .loading').waitFor({ state: 'detached' });
	return page.locator('.member-list table.members tbody tr td:first-child a').allTextContents();
}

async function search(page, q, expect) {
	await page.locator('.member-list input[name=q]').fill(q);
	await page.locator('.member-list input[name=q]').press('Enter');
	await page.waitForFunction(({ want }) => {
		const got = [...document.querySelectorAll('.member-list table.members tbody tr td:first-child a')].map((a) => a.textContent);
		const none = document.querySelector('.member-list p.muted');
		return want.length ? want.every((w) => got.includes(w)) && got.length === want.length : !!none;
	}, { want: expect }, { timeout: 8000 });
}

export default async function ({ page, base }) {
	await login(page, base);
	await openScopeOrg(page);
	await page.locator('.tabs a[href$="/members"]').click();
	await page.locator('.member-list table.members').waitFor();
	const all = await names(page);
	for (const m of DATA.members) assert.ok(all.includes(m.name), `${m.name} listed in the subtree: ${all}`);

	await search(page, '三丰', ['张三丰']);
	await search(page, 'zgf', ['曾国藩']);
	await search(page, 'lixiaolong', ['李小龙']);
	await search(page, 'zsf', ['张三丰']);

	/* the subtree filter: the root itself has no direct members */
	await page.locator('.member-list input[name=q]').fill('');
	await page.locator('.member-list input[name=subtree]').uncheck();
	await page.locator('.member-list p.muted').waitFor();
	assert.equal(await page.locator('.member-list table.members').count(), 0);
}
