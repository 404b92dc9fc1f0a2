/* Dashboard: the statistics tab of an organization draws its charts
 * (canvas), shows key figures equal to the API's bulletin, exports a table
 * as an XLSX download, a figure drills down to the member list, and a
 * chart cell's drill-down lists exactly the persons the cell counts. */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { assert, DATA, login, treeRow, openTree } from './lib.mjs';

/* The rows of the first sheet of an XLSX file (the zip read through its
 * central directory; cells as strings, empty cells ''). */
function sheetRows(file) {
	const z = fs.readFileSync(file);
	const eocd = z.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
	assert.ok(eocd >= 0, 'a zip archive');
	let p = z.readUInt32LE(eocd + 16), xml = null;
	for (let n = z.readUInt16LE(eocd + 10); n > 0; n--) {
		const method = z.readUInt16LE(p + 10), size = z.readUInt32LE(p + 20);
		const nameLen = z.readUInt16LE(p + 28), extra = z.readUInt16LE(p + 30), comment = z.readUInt16LE(p + 32);
		const name = z.subarray(p + 46, p + 46 + nameLen).toString();
		if (name === 'xl/worksheets/sheet1.xml') {
			const off = z.readUInt32LE(p + 42);
			const start = off + 30 + z.readUInt16LE(off + 26) + z.readUInt16LE(off + 28);
			const data = z.subarray(start, start + size);
			xml = (method === 8 ? zlib.inflateRawSync(data) : data).toString('utf8');
		}
		p += 46 + nameLen + extra + comment;
	}
	assert.ok(xml, 'with a worksheet');
	const unxml = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
	return [...xml.matchAll(/<row[^>]*>(.*?)<\/row>/g)].map(([, row]) => {
		const out = [];
		for (const [, ref, body] of row.matchAll(/<c r="([A-Z]+)\d+"[^>]*>(.*?)<\/c>/g)) {
			const v = body.match(/<v>(.*?)<\/v>/) || body.match(/<t[^>]*>(.*?)<\/t>/);
			out[ref.charCodeAt(0) - 65] = v ? unxml(v[1]) : '';
		}
		return Array.from(out, (x) => x ?? '');
	});
}

export const timeout = 40000;

export default async function ({ page, base, dir }) {
	const cspErrors = [];
	page.on('console', (m) => { if (m.type() === 'error') cspErrors.push(m.text()); });
	await login(page, base);
	await openTree(page);
	await treeRow(page, DATA.root.name).locator('.tree-name').click();
	await page.locator('.main-pane h1', { hasText: DATA.root.name }).waitFor();
	await page.locator('.tabs a', { hasText: '统计' }).click();
	await page.locator('.dashboard [data-figure=members] .value').waitFor();

	/* every chart is drawn on a canvas */
	for (const c of ['age', 'education', 'occupation', 'joined', 'pipeline'])
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
	const kids = sheetRows(file);
	assert.equal(kids.length, 1 + b.children.length, 'a header and one row per child');
	const share = (n, of) => String(of ? n / of : 0);
	assert.deepEqual(kids.slice(1), b.children.map((c) => [c.org.name, String(c.members),
		share(c.women, c.members), share(c.ethnic_minorities, c.members), share(c.college_or_above, c.members),
		String(c.new_members_in_year), String(c.applicants), String(c.grassroots_organizations.total)]),
	'the children table: members, shares, new members, applicants, grassroots organizations');

	/* and of a chart's numbers: the age pyramid, men and women per band */
	const [d2] = await Promise.all([
		page.waitForEvent('download'),
		page.locator('.dashboard button[data-export=age]').click(),
	]);
	assert.match(d2.suggestedFilename(), /^age\.xlsx$/);
	const ageFile = path.join(dir, 'age.xlsx');
	await d2.saveAs(ageFile);
	const pyramid = await page.evaluate(async (org) =>
		(await fetch(`/api/v1/stats/rollup?org=${org}&by=age_band,sex`)).json(), id);
	const count = (band, sex) => String((pyramid.cells.find((c) => c.age_band === band && c.sex === sex) || { count: 0 }).count);
	const bands = ['<=30', '31-35', '36-40', '41-45', '46-50', '51-55', '56-60', '>=61'];
	assert.deepEqual(sheetRows(ageFile).slice(1), bands.map((a) => [a, count(a, 'male'), count(a, 'female')]), 'the age pyramid');
	assert.equal(pyramid.total, b.members, 'the pyramid counts the members');

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
	await page.locator('.member-list .ledger-total', { hasText: `共 ${cell.count} 人` }).waitFor();
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
