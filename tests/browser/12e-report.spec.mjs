/* The import's error report as XLSX: after a dry run that finds a bad
 * cell, the report downloads as a workbook of the user's own file in which
 * the bad cell (民族 火星族 on line 3) has the highlight fill and its row
 * carries the problem in words in an extra column; the good cells are not
 * marked. The same file uploaded as CSV and as XLSX (fixtures/make-xlsx.py
 * made the workbook from the CSV), each in zh-CN and en, at 1440×900 and
 * 390×844. */
import fs from 'node:fs';
import path from 'node:path';
import { assert, login } from './lib.mjs';

export const timeout = 60000;

/* The XML of the first worksheet of a stored (or deflated) zip. */
function sheetXml(file) {
	const z = fs.readFileSync(file);
	const eocd = z.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
	assert.ok(eocd >= 0, 'a zip archive');
	let p = z.readUInt32LE(eocd + 16);
	for (let n = z.readUInt16LE(eocd + 10); n > 0; n--) {
		const size = z.readUInt32LE(p + 20), nameLen = z.readUInt16LE(p + 28);
		const extra = z.readUInt16LE(p + 30), comment = z.readUInt16LE(p + 32);
		if (z.subarray(p + 46, p + 46 + nameLen).toString() === 'xl/worksheets/sheet1.xml') {
			assert.equal(z.readUInt16LE(p + 10), 0, 'stored');
			const off = z.readUInt32LE(p + 42);
			const start = off + 30 + z.readUInt16LE(off + 26) + z.readUInt16LE(off + 28);
			return z.subarray(start, start + size).toString('utf8');
		}
		p += 46 + nameLen + extra + comment;
	}
	throw new Error('no worksheet');
}

/* {ref: {text, style}} of every cell. */
function cells(xml) {
	const out = {};
	for (const [, ref, attrs, body] of xml.matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>(.*?)<\/c>)/g)) {
		const s = (attrs.match(/ s="(\d+)"/) || [])[1] || '0';
		const t = body ? (body.match(/<t[^>]*>(.*?)<\/t>/) || body.match(/<v>(.*?)<\/v>/) || [, ''])[1] : '';
		out[ref] = { text: t, style: s };
	}
	return out;
}

export default async function ({ page, base, here, dir }) {
	const zh = ['zh-CN', '问题说明', '下载问题报告', '不是可选的值'];
	const en = ['en', 'Problems', 'Download the report', 'is not one of the allowed values'];
	for (const [[lang, head, button, why], w, ext] of [[zh, 1440, 'csv'], [en, 390, 'csv'], [zh, 390, 'xlsx'], [en, 1440, 'xlsx']]) {
		await page.goto(base + '/');
		/* the page stores its own language once loaded: set ours after that */
		await page.locator('#f-login, header.top').first().waitFor();
		await page.evaluate((l) => localStorage.setItem('orgwork.lang', l), lang);
		await page.setViewportSize(w < 500 ? { width: 390, height: 844 } : { width: 1440, height: 900 });
		await page.context().clearCookies();
		await login(page, base);
		await page.goto(base + '/#/import');
		await page.locator('.import-page input[type=file]').setInputFiles(path.join(here, `fixtures/12e-report-bad.${ext}`));
		await page.locator('.import-page .filters button.primary').click();
		await page.locator('[data-report=errors]').waitFor();
		const btn = page.locator('[data-report=errors] button[data-download=report]');
		assert.ok((await btn.textContent()).includes(button));
		const [dl] = await Promise.all([page.waitForEvent('download'), btn.click()]);
		assert.match(dl.suggestedFilename(), /^12e-report-bad-.*\.xlsx$/);
		const file = path.join(dir, `12e-report-${lang}-${ext}.xlsx`);
		await dl.saveAs(file);
		const c = cells(sheetXml(file));
		/* columns: 姓名 … 民族 is E (the fifth); the file's 18 columns, then the problems in S */
		assert.equal(c.E1.text, '民族');
		assert.equal(c.E3.text, '火星族');
		assert.equal(c.E3.style, '2', 'the bad cell is highlighted');
		assert.equal(c.A3.style, '0', 'a good cell of the bad row is not');
		assert.equal(c.E2.style, '0', 'the good row is not');
		assert.equal(c.S1.text, head, 'the extra column');
		/* the column as in the file, the problem in the user's language (by its code) */
		assert.ok(c.S3.text.startsWith('民族: ') && c.S3.text.includes(why), 'the problem in its row: ' + c.S3.text);
		assert.ok(!c.S2, 'no problem on the good row');
		assert.equal(Object.values(c).filter((x) => x.style === '2').length, 1, 'one cell marked');
	}
}
