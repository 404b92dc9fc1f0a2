/* Phones and tablets: at 1024, 1023 and 768 px nothing overflows; at 390x844 nothing overflows sideways (login, the
 * organization page and its tabs, the member list, a member, the search,
 * in Chinese and English); the tree is a drawer that a header button opens
 * and closes, that closes after an organization is chosen and on Escape;
 * the tabs scroll inside their bar and tables inside their own box. At the
 * desktop size the tree stays in its pane and the drawer button is hidden. */
import { assert, DATA, login, treeRow, assertFits, openScopeOrg } from './lib.mjs';

export const timeout = 40000;

const drawerShown = (page) => page.locator('.tree-pane .tree-view').isVisible();

export default async function ({ page, base, viewport }) {
	await page.goto(base + '/');
	await page.locator('#f-login').waitFor();
	await assertFits(page, 'login');
	await login(page, base);
	await openScopeOrg(page);
	await page.locator('.main-pane h1', { hasText: DATA.root.name }).waitFor();
	const toggle = page.locator('header.top button.drawer-toggle');

	if (!viewport.phone) {
		assert.equal(await toggle.isVisible(), false, 'no drawer button on the desktop');
		assert.ok(await drawerShown(page), 'the tree is shown beside the page on the desktop');
		await assertFits(page, 'desktop organization page');
		/* a tablet held upright, just above the phone layout, and one at the breakpoint */
		for (const width of [1024, 1023, 768]) {
			await page.setViewportSize({ width, height: 1024 });
			await page.locator('.tabs a[href$="/members"]').click();
			await page.locator('.member-list table.members tbody tr').first().waitFor();
			await assertFits(page, `member list at ${width} px`);
			await page.locator('.tabs a', { hasText: '概况' }).click();
			await assertFits(page, `organization page at ${width} px`);
		}
		return;
	}

	await assertFits(page, 'organization page');
	assert.equal(await drawerShown(page), false, 'the tree is closed at first on a phone');
	assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
	assert.ok(await toggle.getAttribute('aria-label'), 'the drawer button is labelled');

	/* the button opens and closes the drawer */
	await toggle.click();
	await page.locator('.tree-pane .tree-view').waitFor({ state: 'visible' });
	assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
	/* (after the slide-in) */
	await page.waitForFunction(() => document.querySelector('.tree-pane').getBoundingClientRect().x >= 0);
	const box = await page.locator('.tree-pane').boundingBox();
	assert.ok(box.x >= 0 && box.x + box.width <= viewport.width, 'the drawer lies inside the screen: ' + JSON.stringify(box));
	await assertFits(page, 'drawer open');
	await page.locator('.tree-pane button.drawer-close').click();
	await page.locator('.tree-pane .tree-view').waitFor({ state: 'hidden' });

	/* choosing an organization closes it */
	await toggle.click();
	await treeRow(page, DATA.town.name).locator('button.twisty').click();
	await treeRow(page, DATA.branch.name).locator('.tree-name').click();
	await page.locator('.main-pane h1', { hasText: DATA.branch.name }).waitFor();
	await page.locator('.tree-pane .tree-view').waitFor({ state: 'hidden' });
	assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
	const branchUrl = page.url();

	/* Escape closes it and gives the focus back to the button */
	await toggle.click();
	await page.locator('.tree-pane .tree-view').waitFor({ state: 'visible' });
	/* the open drawer takes the focus (and from then listens for Escape) */
	await page.waitForFunction(() => document.activeElement.classList.contains('tree-view'), null, { timeout: 3000 });
	await page.keyboard.press('Escape');
	await page.locator('.tree-pane .tree-view').waitFor({ state: 'hidden' });
	assert.equal(await page.evaluate(() => document.activeElement.classList.contains('drawer-toggle')), true, 'focus returns to the drawer button');

	/* the tabs scroll inside their bar */
	const tabs = await page.locator('.tabs').evaluate((el) => ({
		overflow: getComputedStyle(el).overflowX, wrap: getComputedStyle(el).flexWrap,
		bottom: Math.max(...[...el.children].map((a) => a.getBoundingClientRect().top)) - el.getBoundingClientRect().top,
	}));
	assert.equal(tabs.overflow, 'auto', 'the tab bar scrolls sideways');
	assert.equal(tabs.wrap, 'nowrap', 'the tabs stay on one line');
	assert.ok(tabs.bottom < 10, 'all tabs on one line: ' + tabs.bottom);

	/* the member list: the table scrolls inside its own box */
	await page.locator('.tabs a[href$="/members"]').click();
	await page.locator('.member-list table.members tbody tr').first().waitFor();
	await assertFits(page, 'member list');
	/* (the ledger's table scrolls in the box around it, .ledger-scroll) */
	const table = await page.locator('.member-list table.members').evaluate((t) => {
		const el = t.closest('.ledger-scroll') || t;
		return { overflow: getComputedStyle(el).overflowX, right: el.getBoundingClientRect().right };
	});
	assert.equal(table.overflow, 'auto', 'the table scrolls in its own box');
	assert.ok(table.right <= viewport.width, 'the table box ends inside the screen: ' + table.right);

	/* a member, the search */
	await page.locator('.member-list table.members a', { hasText: '张三丰' }).click();
	await page.locator('.member-page h1', { hasText: '张三丰' }).waitFor();
	await assertFits(page, 'member page');
	await page.locator('header.top input[name=member-q]').fill('曾');
	await page.locator('header.top input[name=member-q]').press('Enter');
	await page.locator('.main-pane table.members a', { hasText: '曾国藩' }).waitFor();
	await assertFits(page, 'search');

	/* English words are longer: the header still fits */
	await page.locator('header.top button.lang').click();
	await page.locator('header.top button.drawer-toggle[aria-label="Open the organization tree"]').waitFor();
	await assertFits(page, 'search in English');
	await page.goto(branchUrl);
	await page.locator('.tabs a', { hasText: 'Overview' }).waitFor();
	await assertFits(page, 'organization page in English');
	await page.locator('header.top button.lang').click();
	await page.locator('.tabs a', { hasText: '概况' }).waitFor();
}
