/* The end of a membership and its correction from the member page: the
 * edit form holds no status or key dates; "终止党籍" records an expulsion
 * (kind, date, decision reference, deciding organization prefilled with the
 * member's own) and the timeline shows it on its date; "更正" with a reason
 * reinstates, and the correction comes after the ending in the timeline.
 * Runs after the specs that count members (it changes one status). */
import { assert, login } from './lib.mjs';

export const timeout = 40000;

export default async function ({ page, base }) {
	await login(page, base);
	await page.locator('header.top input[name=member-q]').fill('曾国藩');
	await page.locator('header.top input[name=member-q]').press('Enter');
	await page.locator('.main-pane a', { hasText: '曾国藩' }).click();
	await page.locator('.main-pane h1', { hasText: '曾国藩' }).waitFor();

	await page.locator('.main-pane a.button', { hasText: '编辑' }).click();
	await page.locator('form.member-form').waitFor();
	assert.equal(await page.locator('form.member-form [name=status]').count(), 0, 'the edit form has no status');
	assert.equal(await page.locator('form.member-form [name=exited]').count(), 0, 'nor an exit date');
	await page.locator('form.member-form button', { hasText: '取消' }).click();
	await page.locator('.member-page').waitFor();

	await page.locator('.member-page button[data-action=end]').click();
	const end = page.locator('form.member-end-form');
	await end.waitFor();
	await end.locator('select[name=kind]').selectOption('expulsion');
	await end.locator('input[name=date]').fill('2025-03-01');
	await end.locator('input[name=reference]').fill('纪〔2025〕3号');
	await end.locator('button[type=submit]').click();
	await page.locator('.member-page .title-row .badge', { hasText: '开除党籍' }).waitFor();
	await page.locator('.timeline li .what strong', { hasText: '党籍终止' }).waitFor();
	const ended = page.locator('.timeline li', { hasText: '党籍终止' });
	assert.equal((await ended.locator('.when').textContent()).trim(), '2025-03-01', 'the ending on its date');

	await page.locator('.member-page button[data-action=correct]').click();
	const fix = page.locator('form.member-correct-form');
	await fix.waitFor();
	await fix.locator('select[name=field]').selectOption('status');
	await fix.locator('select[name=value]').selectOption('full');
	await fix.locator('button[type=submit]').click();
	await fix.locator('[data-field=reason] .field-error').waitFor();   /* the reason is required */
	await fix.locator('input[name=reason]').fill('处分经复查撤销');
	await fix.locator('button[type=submit]').click();
	await page.locator('.member-page .title-row .badge', { hasText: '正式党员' }).waitFor();
	const last = page.locator('.timeline li').last();
	await last.locator('.what strong', { hasText: '更正' }).waitFor();
	assert.ok((await last.locator('.when').textContent()).trim() > '2025-03-01', 'the correction after the ending');
}
