/* Editing a member: a bad citizen ID gets its error (worded by code) beside the ID
 * field (and nowhere else), the corrected one saves and the page shows the
 * masked ID; the timeline records the change (masked) and who made it. */
import { assert, DATA, login } from './lib.mjs';

export const timeout = 40000;

export default async function ({ page, base }) {
	await login(page, base);
	await page.locator('header.top input[name=member-q]').fill('张三丰');
	await page.locator('header.top input[name=member-q]').press('Enter');
	await page.locator('.main-pane a', { hasText: '张三丰' }).click();
	await page.locator('.main-pane h1', { hasText: '张三丰' }).waitFor();
	await page.locator('.main-pane a.button', { hasText: '编辑' }).click();
	await page.locator('form.member-form').waitFor();

	const idField = page.locator('form.member-form [data-field=id_number]');
	await idField.locator('input').fill(DATA.badId);
	await page.locator('form.member-form button[type=submit]').click();
	const err = idField.locator('.field-error');
	await err.waitFor();
	assert.equal((await err.textContent()).trim(), '校验位应为X', 'the reason beside the ID field, worded from the catalogue by its code');
	assert.equal(await page.locator('form.member-form .field-error').count(), 1, 'only the ID field has an error');
	assert.equal(await idField.locator('input').getAttribute('aria-invalid'), 'true');

	await idField.locator('input').fill(DATA.goodId);
	assert.equal(await idField.locator('.field-error').count(), 0, 'error cleared on typing');
	await page.locator('form.member-form button[type=submit]').click();
	await page.locator('.member-page').waitFor();
	const shown = await page.locator('[data-field-value=id_number]').textContent();
	assert.equal(shown, DATA.goodId.slice(0, 6) + '********' + DATA.goodId.slice(-4), 'ID masked for display');

	await page.locator('.member-page button', { hasText: '显示完整信息' }).click();
	await page.waitForFunction((id) => {
		const el = document.querySelector('[data-field-value=id_number]');
		return el && el.textContent === id;
	}, DATA.goodId);
	/* the timeline ends with the change just made, its ID number masked */
	const last = page.locator('.timeline li').last();
	await last.locator('.what strong', { hasText: '信息修改' }).waitFor();
	assert.equal((await last.locator('.detail').textContent()).trim(),
		'公民身份号码: — → ' + DATA.goodId.slice(0, 6) + '********' + DATA.goodId.slice(-4));
	assert.match(await last.locator('.what .muted').textContent(), new RegExp('^user:' + DATA.officer + ' '));
}
