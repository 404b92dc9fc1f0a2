/* Dashboard: the statistics tab of an organization draws its charts
 * (canvas), shows key figures equal to the API's bulletin, exports a table
 * as an XLSX download, a figure drills down to the member list, and a
 * chart cell's drill-down lists exactly the persons the cell counts. */
import fs from 'node:fs';
import path from 'node:path';
import { assert, DATA, login, treeRow } from './lib.mjs';

export const timeout = 40000;

export default async function ({ page, base, dir }) {
	const cspErrors = [];
	page.on('console', (m) => { if (m.type() === 'error') cspErrors.push(m.text()); });
	await login(page, base);
	await treeRow(page, DATA.root.name).locator('.tree-name').click();
	await page.locator('.main-pane h1', { hasText: DATA.root.name }).waitFor();
	await page.locator('.tabs a', { hasText: '统计' }).click();
	await page.locator('.dashboard [data-figure=members] .value').waitFor();

	/* every chart is drawn on a canvas */
	for (const c of ['age', 'education', 'occupation', 'joined', 'funnel'])
		await page.locator(`.dashboard .chart[data-chart=${c}] canvas`).first().waitFor({ timeout: 10000 });

	/* key figures are the API's */
	const id = (await page.evaluate(() => location.hash)).match(/#\/org\/(\d+)\//)[1];
	const year = await page.locator('.dashboard select[name=year]').inputValue();
	const b = await page.evaluate(async ([org, y]) => (await fetch(`/api/v1/stats/bulletin?org=${org}&year=${y}`)).json(), [id, year]);
	/* other specs may have imported members before this one runs */
	assert.ok(b.members >= DATA.members.length, 'the API counts the demo members');
	assert.equal(await page.locator('.dashboard [data-figure=members] .value').innerText(), String(b.members));
	assert.equal(await page.locator('.dashboard [data-figure=applicants] .value').innerText(), String(b.applicants));
	assert.equal(await page.locator('.dashboard [data-figure=branches] .value').innerText(), String(b.grassroots_organizations.branches));
	const rows = page.locator('.dashboard table.stats-children tbody tr');
	assert.equal(await rows.count(), b.children.length, 'one row per child organization');
	await page.locator('.dashboard table.stats-children', { hasText: DATA.town.name }).waitFor();

	/* XLSX export of the children table */
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.locator('.dashboard button[data-export=children]').click(),
	]);
	assert.match(download.suggestedFilename(), /\.xlsx$/);
	const file = path.join(dir, 'children.xlsx');
	await download.saveAs(file);
	const bytes = fs.readFileSync(file);
	assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'a zip archive');
	const text = bytes.toString('utf8');
	assert.ok(text.includes('xl/worksheets/sheet1.xml'), 'with a worksheet');
	assert.ok(text.includes(DATA.town.name), 'holding the child organization');

	/* and of a chart's numbers */
	const [d2] = await Promise.all([
		page.waitForEvent('download'),
		page.locator('.dashboard button[data-export=age]').click(),
	]);
	assert.match(d2.suggestedFilename(), /^age\.xlsx$/);

	/* drill down: the members figure opens the member list of the org */
	await page.locator('.dashboard [data-figure=members] a.value').click();
	await page.locator('.member-list table.members').waitFor();
	assert.match(await page.evaluate(() => location.hash), new RegExp(`#/org/${id}/members\\?status=members`));
	assert.equal(await page.locator('.member-list select[name=status]').inputValue(), 'members');
	for (const m of DATA.members)
		await page.locator('.member-list table.members', { hasText: m.name }).waitFor();

	/* drill down from a chart cell: the list of an age band of one sex holds
	 * exactly the persons the roll-up cell counts, and says which cell */
	const cells = await page.evaluate(async (org) =>
		(await fetch(`/api/v1/stats/rollup?org=${org}&by=age_band,sex`)).json(), id);
	const cell = cells.cells.find((c) => c.sex === 'male' && c.count > 0);
	assert.ok(cell, 'a non-empty cell of men');
	const filter = `age_band=${cell.age_band},sex=male`;
	await page.evaluate(([org, f]) => { location.hash = `#/org/${org}/members?status=members&filter=${encodeURIComponent(f)}`; }, [id, filter]);
	await page.locator(`.member-list .chip[data-drill="${filter}"]`).waitFor();
	assert.match(await page.locator('.member-list .chip').innerText(), new RegExp(`${cell.age_band}.*男`, 's'));
	await page.locator('.member-list .count-line', { hasText: `共 ${cell.count} 人` }).waitFor();
	assert.equal(await page.locator('.member-list table.members tbody tr').count(), cell.count);
	/* clearing the filter lists every member again */
	await page.locator('.member-list .chip button').click();
	await page.locator('.member-list .chip').waitFor({ state: 'detached' });
	for (const m of DATA.members)
		await page.locator('.member-list table.members', { hasText: m.name }).waitFor();

	/* a child's row opens that child's dashboard */
	await page.evaluate((org) => { location.hash = `#/org/${org}/stats`; }, id);
	await page.locator('.dashboard table.stats-children').waitFor();
	await page.locator('.dashboard table.stats-children a', { hasText: DATA.town.name }).click();
	await page.locator('.main-pane h1', { hasText: DATA.town.name }).waitFor();
	const town = b.children.find((c) => c.org.code === DATA.town.code);
	await page.locator('.dashboard [data-figure=members] .value', { hasText: String(town.members) }).waitFor();
	assert.deepEqual(cspErrors.filter((e) => /Content Security Policy/i.test(e)), [], 'no CSP violations');
}
