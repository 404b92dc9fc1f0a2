/* Export: the CSV button of a member list, once a reason is given in its
 * dialog, downloads a file with exactly the
 * organization's members (the rows the API lists for it: names, birth
 * dates, the organization's code), with the import headers. */
import fs from 'node:fs';
import path from 'node:path';
import { assert, DATA, login, treeRow, openTree } from './lib.mjs';

export const timeout = 30000;

/* The records of a CSV text (RFC 4180 quoting), BOM dropped. */
function parseCsv(text) {
	const rows = [];
	let row = [], field = '', quoted = false;
	text = text.replace(/^\uFEFF/, '');
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
			else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') { row.push(field); field = ''; }
		else if (c === '\n' || c === '\r') {
			if (c === '\r' && text[i + 1] === '\n') i++;
			row.push(field); rows.push(row); row = []; field = '';
		} else field += c;
	}
	if (field !== '' || row.length) { row.push(field); rows.push(row); }
	return rows;
}

export default async function ({ page, base, dir }) {
	await login(page, base);
	await openTree(page);
	await treeRow(page, DATA.town.name).locator('button.twisty').click();
	await treeRow(page, DATA.branch.name).locator('.tree-name').click();
	await page.locator('.main-pane h1', { hasText: DATA.branch.name }).waitFor();
	await page.locator('.tabs a[href$="/members"]').click();
	await page.locator('.member-list table.members').waitFor();

	await page.locator('.member-list button[data-export=csv]').click();
	await page.locator('#f-export-reason').fill('换届选举核对名单');
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.locator('[data-export-dialog=csv] button.primary').click(),
	]);
	const file = path.join(dir, 'export.csv');
	await download.saveAs(file);
	assert.match(download.suggestedFilename(), /\.csv$/i);
	const [head, ...rows] = parseCsv(fs.readFileSync(file, 'utf8'));
	assert.deepEqual(head.slice(0, 4), ['姓名', '性别', '公民身份号码', '出生日期']);
	const col = (name) => head.indexOf(name);

	/* the branch's members as the API lists them (another spec may have
	 * imported one into this branch before this one runs) */
	const id = (await page.evaluate(() => location.hash)).match(/#\/org\/(\d+)/)[1];
	const list = await page.evaluate(async (org) =>
		(await fetch(`/api/v1/orgs/${org}/members?subtree=1&limit=100`)).json(), id);
	const want = list.items.map((m) => [m.name, m.birth_date, DATA.branch.code]).sort();
	const got = rows.map((r) => [r[col('姓名')], r[col('出生日期')], r[col('所在党组织')]]).sort();
	assert.deepEqual(got, want, 'one row per member of the branch');
	for (const m of DATA.members.filter((x) => x.org === DATA.branch.code))
		assert.ok(got.some((r) => r[0] === m.name && r[1] === m.birth), `${m.name} exported`);
	assert.ok(!got.some((r) => r[0] === '李小龙'), 'a member of another branch is not');
}
