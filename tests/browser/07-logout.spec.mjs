/* Logout: the user menu logs out, the login page comes back, and the old
 * session is gone on the server (a reload still shows the login page). */
import { assert, login } from './lib.mjs';

export const timeout = 30000;

export default async function ({ page, base }) {
	await login(page, base);
	await page.locator('header.top button.user').click();
	await page.locator('.user-menu .menu button', { hasText: '退出我的其他会话' }).waitFor();
	await page.locator('.user-menu .menu button', { hasText: '退出登录' }).click();
	await page.locator('form.login').waitFor();
	await page.reload();
	await page.locator('form.login').waitFor();
	assert.equal(await page.locator('header.top').count(), 0);
	const r = await page.evaluate(async () => (await fetch('/api/v1/session', { credentials: 'same-origin' })).status);
	assert.equal(r, 401);
}
