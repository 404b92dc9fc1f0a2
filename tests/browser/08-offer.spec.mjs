/* What the UI offers follows the operations of the session: an auditor
 * (org.read, stats.read, audit.read) gets the tree, the statistics tab, the
 * dues tab with the subtree's months only, and the audit pages, but no
 * member search, member tab, dues ledger, import, export or organization
 * actions; the officer of the same scope gets those. */
import { assert, DATA, login } from './lib.mjs';

export const timeout = 40000;

export default async function ({ page, base }) {
	await login(page, base, DATA.auditor);
	const ops = await page.evaluate(async () => (await (await fetch('/api/v1/session')).json()).operations);
	assert.deepEqual(ops, ['org.read', 'stats.read', 'audit.read']);
	await page.locator('header.top a[href="#/audit"]').waitFor();
	await page.waitForFunction(() => location.hash.startsWith('#/audit'));
	assert.equal(await page.locator('header.top a[href="#/import"]').count(), 0, 'no import link');
	assert.equal(await page.locator('header.top input[name="member-q"]').count(), 0, 'no member search');
	await page.locator('.tree-row').first().waitFor({ state: 'attached' }); /* (in the closed drawer on a phone) */

	await page.goto(base + '/#/org/' + await orgId(page, DATA.root.code));
	await page.locator('.org-page .tabs').waitFor();
	const tabs = await page.locator('.org-page .tabs a').evaluateAll((as) => as.map((a) => a.getAttribute('href').split('/').pop()));
	assert.deepEqual(tabs, ['overview', 'children', 'stats', 'dues', 'history']);
	assert.equal(await page.locator('.org-page .toolbar').count(), 0, 'no organization actions');
	/* the dues tab: the subtree's months (statistics), not the members' ledger */
	await page.locator('.org-page .tabs a[href$="/dues"]').click();
	await page.locator('.dues-stats-table').waitFor();
	assert.equal(await page.locator('.dues-ledger-table').count(), 0, 'no ledger of members for the auditor');

	await page.context().clearCookies();
	await login(page, base, DATA.officer);
	await page.locator('header.top a[href="#/import"]').waitFor();
	assert.equal(await page.locator('header.top a[href="#/audit"]').count(), 0, 'no audit link for the officer');
	await page.goto(base + '/#/org/' + await orgId(page, DATA.root.code) + '/members');
	await page.locator('.org-page .toolbar').waitFor();
	await page.locator('[data-export="csv"]').waitFor();
}

async function orgId(page, code) {
	return page.evaluate(async (c) => {
		const r = await (await fetch('/api/v1/orgs?q=' + encodeURIComponent(c))).json();
		return r.items.find((o) => o.code === c).id;
	}, code);
}
