/* One timeline for organizations and members: the history tab of an
 * organization shows its establishment (label, detail, actor and recording
 * time); a member's timeline shows the key dates of the record, labelled as
 * such, and the recorded creation, its detail worded (status by its label,
 * organization by its name). */
import { assert, DATA, login, treeRow, openTree } from './lib.mjs';

export const timeout = 30000;

export default async function ({ page, base }) {
	await login(page, base);
	await openTree(page);
	await treeRow(page, DATA.town.name).locator('button.twisty').click();
	await treeRow(page, DATA.branch2.name).locator('.tree-name').click();
	await page.locator('.main-pane h1', { hasText: DATA.branch2.name }).waitFor();
	await page.locator('.org-page .tabs a', { hasText: '沿革' }).click();
	const est = page.locator('.org-page .timeline li', { hasText: '成立' });
	await est.waitFor();
	const text = await est.textContent();
	assert.ok(text.includes('2000-01-01'), 'date of the establishment: ' + text);
	assert.ok(text.includes(DATA.branch2.code), 'detail names the code: ' + text);
	assert.match(text, /cli:\S+ · \d/, 'actor and recording time: ' + text);

	const m = DATA.members[2];
	await page.locator('header.top input[name=member-q]').fill(m.name);
	await page.locator('header.top input[name=member-q]').press('Enter');
	await page.locator('.main-pane a', { hasText: m.name }).click();
	await page.locator('.member-page .timeline li').first().waitFor();
	const items = await page.locator('.member-page .timeline li').allTextContents();
	const admitted = items.find((s) => s.includes('接收为预备党员'));
	assert.ok(admitted && admitted.includes('2010-07-01') && admitted.includes('档案记载的日期'),
		'the admission date comes from the record: ' + items.join(' | '));
	const created = items.find((s) => s.includes('建立档案'));
	assert.ok(created && /cli:\S+ · \d/.test(created), 'the creation is recorded with actor and time: ' + items.join(' | '));
	/* its detail in words: the status by its label, the organization by its name, no raw key or id */
	await page.locator('.member-page .timeline li', { hasText: '建立档案' }).locator('.detail', { hasText: DATA.branch2.name }).waitFor();
	const detail = await page.locator('.member-page .timeline li', { hasText: '建立档案' }).locator('.detail').textContent();
	assert.ok(detail.includes('正式党员') && detail.includes(DATA.branch2.name), 'the detail in words: ' + detail);
	assert.ok(!/\bfull\b|→ \d/.test(detail), 'no raw status key nor organization id: ' + detail);
}
