/* Login: a wrong password shows an error and stays on the login page; the
 * right one enters the application in Chinese; the English switch works and
 * is remembered across a reload. */
import { assert, DATA, login } from './lib.mjs';

export const timeout = 30000;

export default async function ({ page, base }) {
	await page.goto(base + '/');
	await page.locator('#f-login').fill(DATA.officer);
	await page.locator('#f-password').fill('wrong-password');
	await page.locator('form.login button[type=submit]').click();
	const err = page.locator('form.login .error-box');
	await err.waitFor();
	assert.match(await err.textContent(), /用户名、密码或动态验证码错误/);
	assert.equal(await page.locator('header.top').count(), 0, 'no application frame after a bad password');

	await page.locator('#f-password').fill(DATA.password);
	await page.locator('form.login button[type=submit]').click();
	await page.locator('header.top').waitFor();
	assert.match(await page.locator('header.top .user').textContent(), new RegExp(DATA.officer));
	assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
	await page.locator('.tree-row').first().waitFor({ state: 'attached' }); /* (in the closed drawer on a phone) */
	/* an officer lands on the workbench */
	await page.locator('.workbench h1', { hasText: '工作台' }).waitFor();

	await page.locator('header.top button.lang').click();
	await page.locator('.workbench h1', { hasText: 'Workbench' }).waitFor();
	await page.reload();
	await page.locator('.workbench h1', { hasText: 'Workbench' }).waitFor();
	assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
	await page.locator('header.top button.lang').click();
	await page.locator('.workbench h1', { hasText: '工作台' }).waitFor();
	void login;
}
