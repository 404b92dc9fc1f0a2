/* Personal data and the flows that confuse: an export asks for a reason
 * (refused blank, then downloaded) and the access log shows it as a field
 * in words, not JSON, in zh-CN and en; an account with a one-time code that
 * logs in without one is told so and the code box appears; the auditor is
 * offered no import, not even by its address. At 1440×900 and 390×844. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { assert, DATA, login, treeRow } from './lib.mjs';

export const timeout = 90000;

async function setLang(page, base, lang) {
	await page.goto(base + '/');
	/* the page stores its own language once loaded: set ours after that */
	await page.locator('#f-login, header.top').first().waitFor();
	await page.evaluate((l) => localStorage.setItem('orgwork.lang', l), lang);
}

async function logout(page) {
	await page.context().clearCookies();
}

async function exportWithReason(page, base, dir, reason, width) {
	await login(page, base);
	await page.setViewportSize(width < 500 ? { width: 390, height: 844 } : { width: 1440, height: 900 });
	const id = await page.evaluate(async (code) =>
		(await (await fetch('/api/v1/orgs?q=' + encodeURIComponent(code))).json()).items.find((o) => o.code === code).id, DATA.branch.code);
	await page.goto(base + '/#/org/' + id + '/members');
	await page.locator('.member-list table.members').waitFor();
	await page.locator('.member-list button[data-export=xlsx]').click();
	const dialog = page.locator('[data-export-dialog=xlsx]');
	await dialog.waitFor();
	const box = await page.locator('.modal').boundingBox();
	assert.ok(box.x >= 0 && box.x + box.width <= (width < 500 ? 390 : 1440) + 1, 'the dialog fits the screen');
	let downloads = 0;
	page.on('download', () => { downloads++; });
	await dialog.locator('button.primary').click();
	const err = dialog.locator('.field-error');
	await err.waitFor();
	assert.equal(downloads, 0, 'nothing downloaded without a reason');
	await dialog.locator('#f-export-reason').fill(reason);
	const [dl] = await Promise.all([page.waitForEvent('download'), dialog.locator('button.primary').click()]);
	const file = path.join(dir, '12e-export.xlsx');
	await dl.saveAs(file);
	assert.equal(fs.readFileSync(file).subarray(0, 2).toString(), 'PK', 'an XLSX file');
	assert.match(dl.suggestedFilename(), /^members-.*\.xlsx$/);
	await page.locator('.modal').waitFor({ state: 'detached' });
}

async function accessRow(page, base, reason) {
	await login(page, base, DATA.auditor);
	await page.goto(base + '/#/audit/access');
	const row = page.locator('.log-table tr', { has: page.locator('dd', { hasText: reason }) }).first();
	await row.waitFor();
	const cells = await row.locator('td').allTextContents();
	for (const c of cells) assert.ok(!/^\s*[{[]/.test(c), 'no raw JSON in a cell: ' + c);
	return {
		action: (await row.locator('td[data-action]').textContent()).trim(),
		fields: await row.locator('dl.log-fields > div').evaluateAll((ds) =>
			ds.map((d) => [d.querySelector('dt').textContent.trim(), d.querySelector('dd').textContent.trim()])),
	};
}

export default async function ({ page, base, dir, db }) {
	/* ---- export: zh-CN at desktop size ---- */
	await exportWithReason(page, base, dir, '换届选举核对名单', 1440);
	await logout(page);
	let r = await accessRow(page, base, '换届选举核对名单');
	assert.equal(r.action, '导出');
	assert.deepEqual(r.fields.find((f) => f[0] === '事由'), ['事由', '换届选举核对名单']);
	assert.deepEqual(r.fields.find((f) => f[0] === '格式'), ['格式', 'xlsx']);
	/* the audit log reads as fields too: a login row has its action in words */
	await page.goto(base + '/#/audit/audit');
	await page.locator('.log-table td[data-action="session.login"]').first().waitFor();
	assert.equal((await page.locator('.log-table td[data-action="session.login"]').first().textContent()).trim(), '登录');
	const audit = await page.locator('.log-table td.details').allTextContents();
	for (const c of audit) assert.ok(!/^\s*[{[]/.test(c), 'no raw JSON in the audit log: ' + c);

	/* ---- the auditor is offered no import ---- */
	assert.equal(await page.locator('header.top a[href="#/import"]').count(), 0, 'no import link');
	await page.goto(base + '/#/import');
	await page.locator('[data-denied=import]').waitFor();
	assert.equal(await page.locator('.import-page input[type=file]').count(), 0, 'no import form');
	await logout(page);

	/* ---- export: en on a phone ---- */
	await setLang(page, base, 'en');
	await exportWithReason(page, base, dir, 'Annual check of the roll', 390);
	await logout(page);
	r = await accessRow(page, base, 'Annual check of the roll');
	assert.equal(r.action, 'Export');
	assert.deepEqual(r.fields.find((f) => f[0] === 'Reason'), ['Reason', 'Annual check of the roll']);
	assert.deepEqual(r.fields.find((f) => f[0] === 'With sub-organizations'), ['With sub-organizations', 'yes']);
	await logout(page);

	/* ---- a one-time code that is missing ---- */
	const u = spawnSync(process.env.ORGWORK, ['--db', db, 'user', 'add', '--login', 'totpadmin',
		'--role', 'sysadmin', '--password-stdin'], { input: DATA.password + '\n', encoding: 'utf8' });
	assert.equal(u.status, 0, u.stderr);
	for (const [lang, text] of [['zh-CN', '此账号需要动态验证码'], ['en', 'This account needs a one-time code']]) {
		await setLang(page, base, lang);
		await page.reload();
		await page.locator('#f-login').fill('totpadmin');
		await page.locator('#f-password').fill(DATA.password);
		assert.equal(await page.locator('input[name=totp]').count(), 0, 'no code box at first');
		await page.locator('form.login button[type=submit]').click();
		await page.locator('input[name=totp]').waitFor();
		assert.ok((await page.locator('form.login .error-box').textContent()).includes(text), lang + ': told to enter the code');
		await page.waitForFunction(() => document.activeElement && document.activeElement.name === 'totp');
	}
}
