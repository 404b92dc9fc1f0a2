/* Standing and discipline on the member page: the section lists nothing at
 * first; "登记党员状态" records a lost contact (the search made required:
 * its error beside the field, worded from the catalogue), which appears in
 * force with its date, sets the flag of the record and enters the timeline;
 * a second one is refused beside the act, in words of the catalogue; "登记纪律处分" records a
 * probation within the party of one year decided by the branch (picked in
 * the organization picker), listed with its end at the term; then the same
 * page in English shows the same records in English words. */
import { assert, assertFits, DATA, login } from './lib.mjs';

export const timeout = 60000;
const WHO = '李小龙';

async function openMember(page, base) {
	await page.goto(base + '/#/');
	await page.locator('header.top input[name=member-q]').fill(WHO);
	await page.locator('header.top input[name=member-q]').press('Enter');
	await page.locator('.main-pane a', { hasText: WHO }).click();
	await page.locator('.main-pane h1', { hasText: WHO }).waitFor();
	await page.locator('.standing-section h2').waitFor();
}

export default async function ({ page, base }) {
	await login(page, base);
	await openMember(page, base);
	const sec = page.locator('.standing-section');
	assert.equal((await sec.locator('h2').textContent()).trim(), '党员状态与纪律处分');
	await sec.locator('[data-standing-empty=standing]').waitFor();
	await sec.locator('[data-standing-empty=discipline]').waitFor();

	/* a lost contact: first without the search made */
	await sec.locator('button[data-action=standing]').click();
	const f = sec.locator('form.standing-form');
	await f.locator('select[name=action]').selectOption('lost_contact');
	await f.locator('input[name=date]').fill('2025-01-10');
	await f.locator('button[type=submit]').click();
	const err = f.locator('[data-field=search] .field-error');
	await err.waitFor();
	assert.equal((await err.textContent()).trim(), '必须填写', 'the missing search named beside its field');
	await f.locator('input[name=search]').fill('电话、走访均未联系上');
	await f.locator('button[type=submit]').click();
	const row = sec.locator('table[data-standing=standing] tr[data-kind=lost_contact]');
	await row.waitFor();
	const cells = await row.locator('td').allTextContents();
	assert.deepEqual(cells.slice(0, 4).map((s) => s.trim()), ['失联', '2025-01-10', '未结束', '有效']);
	assert.ok(cells[4].includes('查找情况: 电话、走访均未联系上'), 'the search made shown: ' + cells[4]);
	await page.locator('.details dd', { hasText: '失联' }).waitFor();   /* the flag of the record */
	await page.locator('.timeline li .what strong', { hasText: '失去联系' }).waitFor();

	/* a second open lost contact is refused, in words of the catalogue */
	await sec.locator('button[data-action=standing]').click();
	await f.locator('select[name=action]').selectOption('lost_contact');
	await f.locator('input[name=date]').fill('2025-02-10');
	await f.locator('input[name=search]').fill('再查');
	await f.locator('button[type=submit]').click();
	const box = f.locator('[data-field=action] .field-error');   /* the refusal names the act */
	await box.waitFor();
	assert.ok((await box.textContent()).includes('已登记失联（自2025-01-10起）'), 'refusal worded: ' + await box.textContent());
	await f.locator('button', { hasText: '取消' }).click();

	/* probation within the party, decided by the member's branch */
	await sec.locator('button[data-action=discipline]').click();
	const d = sec.locator('form.discipline-form');
	await d.locator('select[name=kind]').selectOption('probation');
	await d.locator('input[name=date]').fill('2025-03-01');
	await d.locator('select[name=years]').selectOption('1');
	await d.locator('input[name=reference]').fill('纪〔2025〕4号');
	await d.locator('#f-by_org_id').fill(DATA.branch2.name);
	await d.locator('.picker-list button', { hasText: DATA.branch2.name }).click();
	await d.locator('button[type=submit]').click();
	const prow = sec.locator('table[data-standing=discipline] tr[data-kind=probation]');
	await prow.waitFor();
	const pc = await prow.locator('td').allTextContents();
	assert.deepEqual(pc.slice(0, 3).map((s) => s.trim()), ['留党察看', '2025-03-01', '2026-03-01'], 'ends at its term');
	assert.ok(pc[4].includes('1年') && pc[4].includes(DATA.branch2.name) && pc[4].includes('纪〔2025〕4号'), pc[4]);
	await page.locator('.timeline li .what strong', { hasText: '留党察看处分' }).waitFor();
	await assertFits(page, 'the member page with its standing and discipline');

	/* the same records in English */
	await page.evaluate(() => localStorage.setItem('orgwork.lang', 'en'));
	await page.reload();
	await page.locator('.standing-section h2', { hasText: 'Standing and discipline' }).waitFor();
	const en = page.locator('.standing-section table[data-standing=discipline] tr[data-kind=probation] td');
	await en.first().waitFor();
	const ec = await en.allTextContents();
	assert.equal(ec[0].trim(), 'Probation within the party');
	assert.ok(ec[4].includes('1-year term'), ec[4]);
	const st = await page.locator('.standing-section table[data-standing=standing] tr[data-kind=lost_contact] td').allTextContents();
	assert.equal(st[0].trim(), 'Lost contact');
	assert.ok(!/[\u4e00-\u9fff]/.test(st[3]), 'the state in English: ' + st[3]);
	await page.evaluate(() => localStorage.setItem('orgwork.lang', 'zh-CN'));
}
