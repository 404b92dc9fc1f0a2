/* Every refusal has its own code: an upload the server refuses before
 * reading any row (an empty file, a file named .xlsx that is no workbook)
 * is worded from the catalogue by its code, in Chinese and then in
 * English, not by the generic text of its status and never by the
 * server's English message. */
import { assert, login } from './lib.mjs';

export const timeout = 40000;
export const viewports = ['desktop'];

const WANT = {
	'zh-CN': { check: '检查文件', empty: '文件是空的', junk: '文件不是XLSX工作簿' },
	en: { check: 'Check file', empty: 'The file is empty', junk: 'The file is not an XLSX workbook' },
};

async function refused(page, lang, name, buffer, want) {
	await page.locator('.import-page input[type=file]').setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
	await page.locator('.import-page button', { hasText: WANT[lang].check }).click();
	const box = page.locator('.import-page .error-box');
	await box.waitFor();
	assert.equal((await box.textContent()).trim(), want, `${lang}: ${name} worded by its code`);
}

export default async function ({ page, base }) {
	await login(page, base);
	for (const lang of ['zh-CN', 'en']) {
		if (lang === 'en') await page.locator('header.top button.lang').click();
		await page.goto(base + '/#/import');
		await page.locator('.import-page').waitFor();
		await refused(page, lang, 'empty.csv', Buffer.alloc(0), WANT[lang].empty);
		await refused(page, lang, 'junk.xlsx', Buffer.from('PK\u0003\u0004 but no zip archive'), WANT[lang].junk);
	}
}
