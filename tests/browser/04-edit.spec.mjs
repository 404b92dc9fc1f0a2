/* Editing a member: a bad citizen ID gets the server's error beside the ID
 * field (and nowhere else), the corrected one saves and the page shows the
 * masked ID; the timeline records the change. */
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
	assert.ok((await err.textContent()).trim().length > 0, 'error text beside the ID field');
	assert.equal(await page.locator('form.member-form .field-error').count(), 1, 'only the ID field has an error');
	assert.equal(await idField.locator('input').getAttribute('aria-invalid'), 'true');

	await idField.locator('input').fill(DATA.goodId);
	assert.equal(await idField.locator('.field-error').count(), 0, 'error cleared on typing');
	await page.locator('form.member-form button[type=submit]').click();
	await page.locator('.member-page').waitFor();
	const shown = await page.locator('[data-field-value=id_number]').textContent();
	assert.ok(shown.startsWith(DATA.goodId.slice(0, 6)) && shown.endsWith(DATA.goodId.slice(-4)), 'ID shown: ' + shown);
	assert.notEqual(shown, DATA.goodId, 'ID is masked for display');

	await page.locator('.member-page button', { hasText: '显示完整信息' }).click();
	await page.waitForFunction((id) => {
		const el = document.querySelector('[data-field-value=id_number]');
		return el && el.textContent === id;
	}, DATA.goodId);
	await page.locator('.timeline li').first().waitFor();
}
