/* Print and paper: a member's registration record (党员信息采集表) prints
 * on one A4 page and the bulletin figures of a subtree on at most two, with
 * their text in the PDF (pdftotext, poppler-utils) and without the header,
 * the tree or the buttons; the record keeps the ID number masked. Checked in
 * Chinese and in English. */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { assert, DATA, login, openScopeOrg } from './lib.mjs';

export const timeout = 60000;

function pdf(file) {
	const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
	assert.equal(info.status, 0, 'pdfinfo (poppler-utils, scripts/install-deps) reads the PDF: ' + info.stderr);
	const size = info.stdout.match(/Page size:\s+([\d.]+) x ([\d.]+) pts/);
	const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
	assert.equal(text.status, 0, 'pdftotext reads the PDF');
	return {
		pages: Number(info.stdout.match(/Pages:\s+(\d+)/)[1]),
		a4: size && Math.abs(Number(size[1]) - 595.3) < 2 && Math.abs(Number(size[2]) - 841.9) < 2,
		text: text.stdout, flat: text.stdout.replace(/\s+/g, ''),
	};
}

async function printed(page, dir, name) {
	const file = path.join(dir, name);
	await page.pdf({ path: file, format: 'A4', printBackground: true });
	assert.ok(fs.statSync(file).size > 1000, name + ' written');
	return pdf(file);
}

export default async function ({ page, base, dir, viewport }) {
	await login(page, base);
	const out = path.join(dir, 'print-' + viewport.name);
	fs.mkdirSync(out, { recursive: true });

	/* the member record, reached from the member page */
	await page.goto(base + '/#/search?q=' + encodeURIComponent('张三丰'));
	await page.locator('.main-pane table.members a', { hasText: '张三丰' }).click();
	await page.locator('.member-page h1', { hasText: '张三丰' }).waitFor();
	const masked = DATA.goodId.slice(0, 6) + '********' + DATA.goodId.slice(-4);
	if (!(await page.locator('[data-field-value=id_number]').textContent().catch(() => ''))) {
		/* give the member an ID number (04-edit does the same) so that masking shows */
		await page.locator('.member-page a.button.primary').click();
		await page.locator('form.member-form [data-field=id_number] input').fill(DATA.goodId);
		await page.locator('form.member-form button[type=submit]').click();
	}
	await page.locator('[data-field-value=id_number]', { hasText: masked }).waitFor();
	await page.locator('.member-page a[data-action=print]').click();
	await page.locator('.member-print table.record-form').waitFor();
	await page.locator('.record-form td', { hasText: DATA.branch.name }).waitFor();
	const rec = await printed(page, out, 'record-zh.pdf');
	assert.ok(rec.a4, 'A4 paper');
	assert.equal(rec.pages, 1, 'the member record fits on one page');
	for (const w of ['党员信息采集表', '张三丰', '1980-01-01', DATA.branch.name, '2010-07-01', '2011-07-01', '公民身份号码'])
		assert.ok(rec.flat.includes(w), `record PDF holds ${w}:\n${rec.text}`);
	for (const w of ['打印采集表', '返回', DATA.root.name, '党组织树', '切换语言'])
		assert.ok(!rec.flat.includes(w), `record PDF leaves out the screen parts (${w}):\n${rec.text}`);
	assert.ok(!rec.flat.includes(DATA.goodId), 'the ID number stays masked');
	assert.ok(rec.flat.includes(masked), 'the masked ID number is printed: ' + rec.text);
	/* revealed on the member page (the reveal is logged), the record prints it whole */
	await page.goBack();
	await page.locator('.member-page button', { hasText: '显示完整信息' }).click();
	await page.locator('[data-field-value=id_number]', { hasText: DATA.goodId }).waitFor();
	await page.locator('.member-page a[data-action=print]').click();
	await page.locator('.record-form [data-field-value=id_number]', { hasText: DATA.goodId }).waitFor();
	const full = await printed(page, out, 'record-revealed.pdf');
	assert.equal(full.pages, 1);
	assert.ok(full.flat.includes(DATA.goodId), 'the revealed record prints the whole ID number');
	assert.ok(!full.flat.includes('已部分隐去'), 'no masking note on a revealed record');

	/* the bulletin of the root's subtree, reached from the organization page */
	await page.goto(base + '/#/');
	await openScopeOrg(page);
	await page.locator('.main-pane h1', { hasText: DATA.root.name }).waitFor();
	await page.locator('.org-page a[data-action=print-bulletin]').click();
	await page.locator('.bulletin-print .print-table').first().waitFor();
	const members = await page.locator('.bulletin-print .print-table tbody tr').first().locator('td').first().textContent();
	assert.ok(Number(members) >= 4, 'the bulletin counts the members: ' + members);
	const bul = await printed(page, out, 'bulletin-zh.pdf');
	assert.ok(bul.a4, 'A4 paper');
	assert.ok(bul.pages >= 1 && bul.pages <= 2, 'the bulletin takes at most two pages: ' + bul.pages);
	for (const w of [DATA.root.name, '党员总体情况', '党员总数', '基层党组织', '年龄段', '下级组织对比', DATA.town.name, DATA.zone.name])
		assert.ok(bul.flat.includes(w), `bulletin PDF holds ${w}:\n${bul.text}`);
	assert.match(bul.text, new RegExp('党员总数\\s+' + members.trim() + '\\b'), 'the members figure beside its label');
	assert.ok(!bul.flat.includes('党组织树') && !bul.flat.includes('打印统计表'), 'no tree, no buttons in print');

	/* English */
	await page.locator('header.top button.lang').click();
	await page.locator('.bulletin-print h1', { hasText: 'party statistics' }).waitFor();
	const bulEn = await printed(page, out, 'bulletin-en.pdf');
	assert.ok(bulEn.pages <= 2, 'the English bulletin takes at most two pages: ' + bulEn.pages);
	for (const w of ['Membersoverall', 'Grassrootsorganizations', DATA.town.name])
		assert.ok(bulEn.flat.includes(w), `English bulletin PDF holds ${w}:\n${bulEn.text}`);
	await page.goto(base + '/#/search?q=' + encodeURIComponent('张三丰'));
	await page.locator('.main-pane table.members a', { hasText: '张三丰' }).click();
	await page.locator('.member-page a[data-action=print]').click();
	await page.locator('.record-form td', { hasText: DATA.branch.name }).waitFor();
	const recEn = await printed(page, out, 'record-en.pdf');
	assert.equal(recEn.pages, 1, 'the English member record fits on one page');
	for (const w of ['Partymemberregistrationrecord', '张三丰', 'Printedbyofficer'])
		assert.ok(recEn.flat.includes(w), `English record PDF holds ${w}:\n${recEn.text}`);
	await page.locator('header.top button.lang').click();
	await page.locator('.record-form th', { hasText: '姓名' }).waitFor();
}
