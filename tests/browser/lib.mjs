/*
 * lib.mjs - helpers shared by the browser specs: logging in through the
 * login page, waiting for text, and the demo data the runner loads (names,
 * codes, passwords) so that specs and runner agree. Not a test framework:
 * run.mjs runs the specs.
 */
import assert from 'node:assert/strict';

export { assert };

/* What run.mjs puts in the database before the specs run. */
export const DATA = {
	password: 'Browser-test-pw-1',
	officer: 'officer',
	auditor: 'auditor',
	root: { code: 'BT', name: '测试市委' },
	town: { code: 'BT.1', name: '城关镇党委' },
	branch: { code: 'BT.1.1', name: '东街社区党支部' },
	branch2: { code: 'BT.1.2', name: '西街村党支部' },
	zone: { code: 'BT.2', name: '开发区党工委' },
	members: [
		{ name: '张三丰', sex: '男', birth: '1980-01-01', org: 'BT.1.1' },
		{ name: '曾国藩', sex: '男', birth: '1985-05-05', org: 'BT.1.1' },
		{ name: '李小龙', sex: '男', birth: '1990-11-27', org: 'BT.1.2' },
		/* a woman and a man of an ethnic minority, in different children of
		 * the root, so that shares of women and of minorities differ */
		{ name: '王芳', sex: '女', birth: '1985-03-08', org: 'BT.1.2' },
		{ name: '马强', sex: '男', birth: '1972-09-10', org: 'BT.2', ethnicity: 'hui' },
	],
	/* a valid ID of 张三丰 (male, 1980-01-01) and the same with a wrong check character */
	goodId: '34052419800101001X',
	badId: '340524198001010011',
};

/* Logs in through the login page and waits for the application frame. */
export async function login(page, base, user = DATA.officer, password = DATA.password) {
	await page.goto(base + '/');
	await page.locator('#f-login').fill(user);
	await page.locator('#f-password').fill(password);
	await page.locator('form.login button[type=submit]').click();
	await page.locator('header.top').waitFor({ timeout: 10000 });
}

/* From the workbench (where an officer lands) to the page of the scope
 * organization, by its row in the tree. */
export async function openScopeOrg(page) {
	await page.locator('.workbench').waitFor({ timeout: 10000 });
	await openTree(page);
	await treeRow(page, DATA.root.name).click();
	await page.locator('.main-pane .tabs a').first().waitFor({ timeout: 10000 });
	/* on a phone, choosing closes the drawer */
	if (await page.locator('header.top button.drawer-toggle').isVisible())
		await page.locator('.tree-pane .tree-view').waitFor({ state: 'hidden' });
}

/* On a phone the tree is a drawer: opens it when it is closed (a no-op on
 * the desktop, where the tree is always shown). */
export async function openTree(page) {
	const toggle = page.locator('header.top button.drawer-toggle');
	if (await toggle.isVisible() && (await toggle.getAttribute('aria-expanded')) !== 'true') {
		await toggle.click();
		await page.locator('.tree-pane .tree-view').waitFor({ state: 'visible' });
	}
}

/* The page is no wider than the viewport: nothing overflows sideways. */
export async function assertFits(page, where) {
	const m = await page.evaluate(() => {
		const main = document.querySelector('.main-pane');
		const head = document.querySelector('header.top');
		return {
			doc: document.documentElement.scrollWidth, vw: window.innerWidth,
			main: main ? main.scrollWidth - main.clientWidth : 0,
			head: head ? head.scrollWidth - head.clientWidth : 0,
		};
	});
	assert.ok(m.doc <= m.vw, `${where}: page ${m.doc} px wide in a ${m.vw} px viewport`);
	assert.ok(m.main <= 0, `${where}: the main pane scrolls sideways by ${m.main} px`);
	assert.ok(m.head <= 0, `${where}: the header overflows by ${m.head} px`);
}

/* The tree row of the organization named name. */
export function treeRow(page, name) {
	return page.locator('.tree-row', { has: page.locator('.tree-name', { hasText: name }) });
}
