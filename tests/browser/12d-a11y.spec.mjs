/* Accessibility basics: every control of the main pages (login, the
 * organization page and its forms, the member list, a member, the member
 * form, the print pages) has an accessible name as Chromium computes it
 * (the accessibility tree over the DevTools protocol); the tree is a
 * role=tree whose rows are treeitems with aria-level, aria-expanded and
 * aria-selected, and aria-activedescendant follows the arrow keys; the
 * keyboard alone reaches the tree, the tabs and the member list, with a
 * visible focus ring on each stop, opens an organization with Enter or
 * Space and closes dialogs (and the drawer on a phone) with Escape. In
 * Chinese and in English. */
import { assert, DATA, login, treeRow, openTree, openScopeOrg } from './lib.mjs';

export const timeout = 45000;

const CONTROLS = new Set(['button', 'textbox', 'searchbox', 'combobox', 'checkbox', 'radio', 'link', 'tab',
	'treeitem', 'spinbutton', 'slider', 'listbox', 'menuitem', 'switch', 'date', 'DateTime', 'InputTime']);

/* Controls without a name in the accessibility tree of the page. */
async function unnamed(cdp) {
	const { nodes } = await cdp.send('Accessibility.getFullAXTree');
	const bad = [];
	let seen = 0;
	for (const n of nodes) {
		if (n.ignored || !n.role || !CONTROLS.has(n.role.value)) continue;
		seen++;
		const name = n.name && typeof n.name.value === 'string' ? n.name.value.trim() : '';
		if (!name) bad.push(n.role.value + '#' + n.backendDOMNodeId);
	}
	return { bad, seen };
}

async function allNamed(cdp, where, min = 3) {
	const { bad, seen } = await unnamed(cdp);
	assert.ok(seen >= min, `${where}: ${seen} controls found`);
	assert.deepEqual(bad, [], `${where}: controls without an accessible name`);
}

/* Tab through the page: every stop has a visible focus indicator. */
async function walk(page, steps) {
	const stops = [];
	for (let i = 0; i < steps; i++) {
		await page.keyboard.press('Tab');
		stops.push(await page.evaluate(() => {
			const el = document.activeElement;
			if (!el || el === document.body) return null;
			const s = getComputedStyle(el);
			const r = el.getBoundingClientRect();
			return {
				tag: el.tagName.toLowerCase(), cls: el.className || '', role: el.getAttribute('role') || '',
				name: el.getAttribute('aria-label') || el.textContent.trim().slice(0, 20) || el.getAttribute('name') || '',
				ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none',
				shown: r.width > 0 && r.height > 0,
			};
		}));
	}
	return stops.filter(Boolean);
}

export default async function ({ context, page, base, viewport }) {
	const cdp = await context.newCDPSession(page);
	await cdp.send('Accessibility.enable');

	await page.goto(base + '/');
	await page.locator('#f-login').waitFor();
	await allNamed(cdp, 'login', 3);
	await login(page, base);
	await openScopeOrg(page);
	await page.locator('.main-pane h1', { hasText: DATA.root.name }).waitFor();
	await treeRow(page, DATA.town.name).waitFor({ state: 'attached' });
	await allNamed(cdp, 'organization page', 8);

	/* the tree for screen readers */
	await openTree(page);
	const tree = page.locator('.tree-view');
	assert.equal(await tree.getAttribute('role'), 'tree');
	assert.ok(await tree.getAttribute('aria-label'), 'the tree is labelled');
	const root = treeRow(page, DATA.root.name);
	assert.equal(await root.getAttribute('role'), 'treeitem');
	assert.equal(await root.getAttribute('aria-selected'), 'true', 'the shown organization is the selected item');
	assert.equal(await root.getAttribute('aria-expanded'), 'true');
	assert.equal(await root.getAttribute('aria-level'), '1');
	const town = treeRow(page, DATA.town.name);
	assert.equal(await town.getAttribute('aria-level'), '2');
	assert.equal(await town.getAttribute('aria-expanded'), 'false');
	assert.equal(await town.getAttribute('aria-selected'), 'false');

	/* the keys move the active item, Right opens, Enter shows */
	await tree.focus();
	assert.equal(await tree.getAttribute('aria-activedescendant'), await root.getAttribute('id'), 'focus starts on the shown organization');
	await page.keyboard.press('ArrowDown');
	assert.equal(await tree.getAttribute('aria-activedescendant'), await town.getAttribute('id'), 'ArrowDown moves the active item');
	await page.keyboard.press('ArrowRight');
	await treeRow(page, DATA.branch.name).waitFor();
	assert.equal(await town.getAttribute('aria-expanded'), 'true');
	await page.keyboard.press('ArrowDown');
	assert.equal(await tree.getAttribute('aria-activedescendant'), await treeRow(page, DATA.branch.name).getAttribute('id'));
	await page.keyboard.press('Enter');
	await page.locator('.main-pane h1', { hasText: DATA.branch.name }).waitFor();
	assert.equal(await treeRow(page, DATA.branch.name).getAttribute('aria-selected'), 'true');
	await openTree(page);
	await page.locator('.tree-view').focus();
	await page.keyboard.press('ArrowDown');
	await page.keyboard.press(' ');
	await page.locator('.main-pane h1', { hasText: DATA.branch2.name }).waitFor();

	/* the keyboard reaches everything, each stop visibly focused */
	await page.goto(base + '/#/');
	await openScopeOrg(page);
	await page.locator('.main-pane h1', { hasText: DATA.root.name }).waitFor();
	await page.locator('body').click({ position: { x: 2, y: viewport.height - 2 } });
	const stops = await walk(page, viewport.phone ? 33 : 29);  /* the rules link, the findings and development register transfers and dues tabs */
	const noRing = stops.filter((s) => !s.ring || !s.shown);
	assert.deepEqual(noRing, [], 'every focus stop is shown with a focus ring: ' + JSON.stringify(noRing));
	assert.ok(stops.some((s) => s.cls.includes('skip-link')), 'a "skip to main content" stop');
	assert.ok(stops.some((s) => s.role === 'tab'), 'the tabs are reached: ' + JSON.stringify(stops.map((s) => s.name)));
	if (viewport.phone) {
		const toggle = page.locator('header.top button.drawer-toggle');
		await toggle.focus();
		await page.keyboard.press('Enter');
		await page.locator('.tree-view').waitFor({ state: 'visible' });
		await page.waitForFunction(() => document.activeElement.classList.contains('tree-view'), null, { timeout: 3000 })
			.catch(() => assert.fail('the open drawer takes the focus'));
		await page.keyboard.press('Escape');
		await page.locator('.tree-view').waitFor({ state: 'hidden' });
	} else {
		assert.ok(stops.some((s) => s.role === 'tree'), 'the tree is reached');
	}

	/* a dialog: named controls, Escape closes it */
	/* (opened from the keyboard: a tap on a phone does not focus the button) */
	await page.locator('.toolbar button', { hasText: '新建下级组织' }).focus();
	await page.keyboard.press('Enter');
	await page.locator('.modal [role=dialog], .modal[role=dialog]').first().waitFor();
	await allNamed(cdp, 'new organization dialog', 10);
	assert.equal(await page.evaluate(() => !!document.activeElement.closest('.modal')), true, 'the dialog takes the focus');
	await page.keyboard.press('Escape');
	await page.locator('.modal').waitFor({ state: 'detached' });
	/* (the focus moves back once the dialog has gone: wait for it, briefly) */
	await page.waitForFunction(() => document.activeElement && document.activeElement.textContent.trim() === '新建下级组织',
		null, { timeout: 3000 }).catch(() => {});
	assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), '新建下级组织', 'the focus returns to the button that opened it');

	/* the member list, a member, the member form, the print pages */
	await page.locator('.tabs a[href$="/members"]').click();
	await page.locator('.member-list table.members tbody tr').first().waitFor();
	await allNamed(cdp, 'member list', 10);
	await page.locator('.member-list table.members a', { hasText: '张三丰' }).click();
	await page.locator('.member-page h1').waitFor();
	await allNamed(cdp, 'member page', 5);
	await page.locator('.member-page a.button.primary').click();
	await page.locator('form.member-form').waitFor();
	await allNamed(cdp, 'member form', 15);
	await page.goBack();
	await page.locator('.member-page a[data-action=print]').click();
	await page.locator('.record-form').waitFor();
	await allNamed(cdp, 'member record print', 3);

	/* in English too */
	await page.locator('header.top button.lang').click();
	await page.locator('.member-print h1', { hasText: 'registration record' }).waitFor();
	await allNamed(cdp, 'member record print (en)', 3);
	await page.goto(base + '/#/');
	await openScopeOrg(page);
	await page.locator('.tabs a', { hasText: 'Members' }).click();
	await page.locator('.member-list table.members tbody tr').first().waitFor();
	await allNamed(cdp, 'member list (en)', 10);
	assert.ok(/Open|Close/.test(await page.locator('header.top button.drawer-toggle').getAttribute('aria-label')), 'the drawer button speaks English');
	await page.locator('header.top button.lang').click();
	await page.locator('.tabs a', { hasText: '概况' }).waitFor();
}
