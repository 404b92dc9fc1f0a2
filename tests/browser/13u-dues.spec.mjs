/* Party dues on the member page and the organization's dues tab: the
 * section shows no base at first; "登记党费基数" for a salaried member with
 * 3000.01 yuan shows 30.00 yuan a month (the rules' 1 % bracket); an amount
 * with three decimals is refused beside its field; "登记交纳" of three
 * months at once fills January to March; the branch's dues tab for March
 * lists the member with the totals row, and below it the table of the twelve
 * months up to March of the branch and all below it (the statistics engine)
 * whose March row equals the ledger's totals, and a totals row; then the
 * page in English words the same in English. */
import { assert, DATA, login } from './lib.mjs';

export const timeout = 60000;
const WHO = '张三丰';

async function openMember(page, base) {
	await page.goto(base + '/#/');
	await page.locator('header.top input[name=member-q]').fill(WHO);
	await page.locator('header.top input[name=member-q]').press('Enter');
	await page.locator('.main-pane a', { hasText: WHO }).first().click();
	await page.locator('.main-pane h1', { hasText: WHO }).waitFor();
	await page.locator('.dues-section h2').waitFor();
}

export default async function ({ page, base }) {
	await login(page, base);
	await openMember(page, base);
	const sec = page.locator('.dues-section');
	assert.equal((await sec.locator('h2').textContent()).trim(), '党费');
	await sec.locator('[data-dues-empty=months]').waitFor();

	/* the base: a label for every field, the amount from the brackets */
	await sec.locator('button[data-action=dues-base]').click();
	const f = sec.locator('form.dues-base-form');
	await f.locator('label[for=f-category]').waitFor();
	await f.locator('select[name=category]').selectOption('salaried');
	await f.locator('input[name=income]').fill('3000.011');
	await f.locator('input[name=from]').fill('2025-01');
	await f.locator('button[type=submit]').click();
	const err = f.locator('[data-field=income] .field-error');
	await err.waitFor();
	assert.ok((await err.textContent()).includes('金额'), 'a bad amount named beside its field: ' + await err.textContent());
	await f.locator('input[name=income]').fill('3000.01');
	await f.locator('button[type=submit]').click();
	const line = sec.locator('p.dues-base');
	await line.waitFor();
	assert.equal(await line.getAttribute('data-monthly'), '3000', '30.00 yuan a month');
	assert.ok((await line.textContent()).includes('30.00'), 'the amount shown in yuan');

	/* three months at once */
	await sec.locator('button[data-action=dues-pay]').click();
	const p = sec.locator('form.dues-pay-form');
	await p.locator('input[name=month]').fill('2025-01');
	await p.locator('input[name=months]').fill('3');
	await p.locator('input[name=amount]').fill('90');
	await p.locator('input[name=date]').fill('2025-03-10');
	await p.locator('input[name=method]').fill('现金');
	await p.locator('button[type=submit]').click();
	const march = sec.locator('table.dues-months tr[data-month="2025-03"]');
	await march.waitFor();
	const cells = (await march.locator('td').allTextContents()).map((s) => s.trim());
	assert.deepEqual(cells.slice(0, 5), ['2025-03', '30.00', '30.00', '2025-03-10', '现金']);
	const april = sec.locator('table.dues-months tr[data-month="2025-04"] td');
	assert.ok((await april.last().textContent()).includes('连续1个月'), 'April unpaid: in arrears');

	/* the branch's ledger for March */
	const s = await (await page.request.get(base + '/api/v1/orgs?q=' + encodeURIComponent(DATA.branch.code))).json();
	const branch = s.items.find((o) => o.code === DATA.branch.code);
	await page.goto(base + `/#/org/${branch.id}/dues`);
	const tab = page.locator('.tabs a[href$="/dues"]');
	await tab.waitFor();
	assert.equal(await tab.getAttribute('aria-selected'), 'true');
	await page.locator('#dues-month').fill('2025-03');
	await page.locator('.dues-ledger-table caption', { hasText: '2025-03' }).waitFor();
	const row = page.locator('.dues-ledger-table tbody tr', { hasText: WHO });
	assert.deepEqual((await row.locator('td').allTextContents()).slice(1, 3).map((x) => x.trim()), ['30.00', '30.00']);
	const total = (await page.locator('.dues-ledger-table tfoot tr').textContent());
	assert.ok(total.includes('合计'), 'totals row: ' + total);

	/* the subtree's months up to March, from the statistics engine */
	await page.locator('.dues-stats-table caption', { hasText: '2024-04' }).waitFor();
	const sm = page.locator('.dues-stats-table tr[data-month="2025-03"] td');
	const smc = (await sm.allTextContents()).map((x) => x.trim());
	const foot = (await page.locator('.dues-ledger-table tfoot tr td').allTextContents()).map((x) => x.trim());
	assert.deepEqual(smc.slice(2, 4), foot.slice(0, 2), 'March of the subtree = the ledger totals (a branch alone)');
	assert.equal(await page.locator('.dues-stats-table tbody tr').count(), 12, 'twelve months');
	assert.ok((await page.locator('.dues-stats h3').textContent()).includes('所属组织'), 'the section heading');
	const sfoot = (await page.locator('.dues-stats-table tfoot tr').textContent());
	assert.ok(sfoot.includes('合计') && sfoot.includes('90.00'), 'the totals add the months: ' + sfoot);

	/* in English */
	await page.locator('header.top button.lang').click();
	await page.waitForFunction(() => document.documentElement.lang === 'en');
	await openMember(page, base);
	assert.equal((await page.locator('.dues-section h2').textContent()).trim(), 'Party dues');
	assert.ok((await page.locator('.dues-section p.dues-base').textContent()).includes('Salaried'), 'the category in English');
	await page.goto(base + `/#/org/${branch.id}/dues`);
	await page.locator('.dues-stats h3', { hasText: 'all below it' }).waitFor();
	await page.locator('header.top button.lang').click();
	await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
}
