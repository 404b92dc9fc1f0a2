/* Errors in the user's language: a member form with three bad fields (name
 * emptied, a wrong ID check digit, a malformed phone) shows all three at
 * once, each beside its field, worded from the catalogue by its code and
 * params — in Chinese, then in English — never the server's English
 * message in the Chinese UI. At 1440×900 and at 390×844. */
import { assert, DATA, login } from './lib.mjs';

export const timeout = 60000;

const WANT = {
	'zh-CN': { name: '必须填写', id_number: '校验位应为X', phone: '应为11位手机号码或带区号的固定电话（如010-12345678）' },
	en: { name: 'is required', id_number: 'check digit should be X', phone: 'must be an 11-digit mobile number or a landline like 010-12345678' },
};

async function openEdit(page, base, lang) {
	await page.goto(base + '/#/');
	await page.locator('header.top input[name=member-q]').fill('张三丰');
	await page.locator('header.top input[name=member-q]').press('Enter');
	await page.locator('.main-pane a', { hasText: '张三丰' }).click();
	await page.locator('.main-pane h1', { hasText: '张三丰' }).waitFor();
	await page.locator('.main-pane a.button', { hasText: lang === 'en' ? 'Edit' : '编辑' }).click();
	await page.locator('form.member-form').waitFor();
}

async function threeErrors(page, lang) {
	const f = (name) => page.locator(`form.member-form [data-field=${name}]`);
	await f('name').locator('input').fill('');
	await f('id_number').locator('input').fill(DATA.badId);
	await f('phone').locator('input').fill('12');
	await page.locator('form.member-form button[type=submit]').click();
	await f('phone').locator('.field-error').waitFor();
	for (const [name, text] of Object.entries(WANT[lang]))
		assert.equal((await f(name).locator('.field-error').textContent()).trim(), text,
			`${lang}: ${name} worded by its code beside the field`);
	assert.equal(await page.locator('form.member-form .field-error').count(), 3, `${lang}: all three errors at once`);
	assert.equal(await page.locator('form.member-form .error-box').count(), 0, `${lang}: nothing left for the general box`);
	const all = await page.locator('form.member-form').textContent();
	assert.ok(!/check character|is required|must be an 11-digit/.test(all) || lang === 'en',
		'no English server message in the Chinese form');
}

export default async function ({ page, base }) {
	for (const size of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
		await page.setViewportSize(size);
		await login(page, base);
		await openEdit(page, base, 'zh-CN');
		await threeErrors(page, 'zh-CN');

		/* the same in English */
		await page.locator('header.top button.lang').click();
		await page.locator('.tabs a', { hasText: 'Overview' }).waitFor().catch(() => {});
		await openEdit(page, base, 'en');
		await threeErrors(page, 'en');
		await page.locator('header.top button.lang').click();
		await page.context().clearCookies();
	}
}
