/* The flows that confuse, continued: a new organization under a branch
 * does not start as a branch (the kind list holds only what the structure
 * rules allow there and starts with a party group), under a committee it
 * starts as a branch; a member reading their own record sees their
 * organization's name, not a number. zh-CN at 1440×900, en at 390×844. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { assert, DATA, login } from './lib.mjs';

export const timeout = 60000;

async function orgId(page, code) {
	return page.evaluate(async (c) =>
		(await (await fetch('/api/v1/orgs?q=' + encodeURIComponent(c))).json()).items.find((o) => o.code === c).id, code);
}

async function kindsUnder(page, base, id) {
	await page.goto(base + '/#/org/' + id);
	await page.locator('.org-page button[data-action=create]').click();
	const sel = page.locator('.modal select[name=kind]');
	await page.waitForFunction(() => { const s = document.querySelector('.modal select[name=kind]'); return s && !s.disabled; });
	const r = { value: await sel.inputValue(), options: await sel.locator('option').evaluateAll((os) => os.map((o) => [o.value, o.textContent.trim()])) };
	await page.locator('.modal .actions button[type=button]').click();
	return r;
}

export default async function ({ page, base, dir, db }) {
	await login(page, base);
	await page.setViewportSize({ width: 1440, height: 900 });
	const branch = await orgId(page, DATA.branch.code), town = await orgId(page, DATA.town.code);
	let r = await kindsUnder(page, base, branch);
	assert.equal(r.value, 'party_group', 'under a branch the kind starts as a party group');
	assert.deepEqual(r.options.map((o) => o[0]).sort(), ['party_group', 'temporary']);
	assert.equal(r.options.find((o) => o[0] === 'party_group')[1], '党小组');
	r = await kindsUnder(page, base, town);
	assert.equal(r.value, 'branch', 'under a committee it starts as a branch');
	assert.ok(!r.options.some((o) => o[0] === 'party_group'), 'no party group under a committee');

	/* a member of the branch reads their own record */
	const pid = await page.evaluate(async (name) =>
		(await (await fetch('/api/v1/members?q=' + encodeURIComponent(name))).json()).items[0].id, DATA.members[0].name);
	const u = spawnSync(process.env.ORGWORK, ['--db', db, 'user', 'add', '--login', 'member12e',
		'--role', 'member', '--person', String(pid), '--password-stdin'], { input: DATA.password + '\n', encoding: 'utf8' });
	assert.equal(u.status, 0, u.stderr);
	await page.context().clearCookies();
	for (const [lang, w] of [['zh-CN', 1440], ['en', 390]]) {
		await page.goto(base + '/');
		/* the page stores its own language once loaded: set ours after that */
		await page.locator('#f-login, header.top').first().waitFor();
		await page.evaluate((l) => localStorage.setItem('orgwork.lang', l), lang);
		await page.setViewportSize(w < 500 ? { width: 390, height: 844 } : { width: 1440, height: 900 });
		await login(page, base, 'member12e');
		await page.waitForFunction((p) => location.hash === '#/member/' + p, pid);
		const name = page.locator('[data-org-name]');
		await name.waitFor();
		assert.equal((await name.textContent()).trim(), DATA.branch.name, lang + ': own organization by name');
		const text = await page.locator('.main-pane, main, body').first().textContent();
		assert.ok(!new RegExp('#' + branch + '\\b').test(text), 'no raw organization id');
		await page.context().clearCookies();
	}
}
