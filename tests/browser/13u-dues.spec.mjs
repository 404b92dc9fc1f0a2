/* Party dues on the member page and the organization's dues tab: the
 * section shows no base at first; "登记党费基数" for a salaried member with
 * 3000.01 yuan shows 30.00 yuan a month (the rules' 1 % bracket); an amount
 * with three decimals is refused beside its field; "登记交纳" of three
 * months at once fills January to March; "登记少交或免交党费" with no
 * approval is refused beside that field in Chinese, then a reduction to
 * 10 yuan for April to June shows in the section (April due 10.00) and
 * "登记特殊党费" of 500 yuan shows apart, both also through the API; the
 * branch's dues tab for March
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

	/* a reduction: no approval is refused beside its field, then recorded */
	await sec.locator('button[data-action=dues-reduce]').click();
	const r = sec.locator('form.dues-relief-form');
	await r.locator('select[name=kind]').selectOption('reduce');
	await r.locator('input[name=from]').fill('2025-04');
	await r.locator('input[name=to]').fill('2025-06');
	await r.locator('input[name=amount]').fill('10');
	await r.locator('input[name=approved]').fill('2025-03-20');
	await r.locator('input[name=reason]').fill('家庭困难');
	await r.locator('button[type=submit]').click();
	const aerr = r.locator('[data-field=approval] .field-error');
	await aerr.waitFor();
	assert.equal((await aerr.textContent()).trim(), '必须填写', 'the missing approval worded in Chinese beside its field');
	assert.equal(await r.locator('input[name=approval]').getAttribute('aria-invalid'), 'true');
	assert.equal(await r.locator('.error-box').count(), 0, 'no general error for a field error');
	await r.locator('input[name=approval]').fill('城关镇党委〔2025〕3号');
	await r.locator('button[type=submit]').click();
	const rel = sec.locator('ul.dues-reliefs li[data-kind=reduce]');
	await rel.waitFor();
	await r.waitFor({ state: 'detached' });
	assert.equal(await rel.getAttribute('data-monthly'), '1000');
	const rtext = await rel.textContent();
	for (const part of ['少交党费', '2025-04至2025-06', '10.00', '城关镇党委〔2025〕3号', '2025-03-20', '家庭困难'])
		assert.ok(rtext.includes(part), `the reduction shows ${part}: ${rtext}`);
	const aprilDue = sec.locator('table.dues-months tr[data-month="2025-04"] td');
	assert.equal((await aprilDue.nth(1).textContent()).trim(), '10.00', 'April due: the reduced amount');

	/* a special payment, kept apart */
	await sec.locator('button[data-action=dues-special]').click();
	const sp = sec.locator('form.dues-special-form');
	await sp.locator('input[name=amount]').fill('500');
	await sp.locator('input[name=date]').fill('2025-03-15');
	await sp.locator('input[name=note]').fill('自愿交纳');
	await sp.locator('button[type=submit]').click();
	const spl = sec.locator('ul.dues-specials li[data-amount="50000"]');
	await spl.waitFor();
	const stext = await spl.textContent();
	for (const part of ['2025-03-15', '特殊党费', '500.00', '自愿交纳'])
		assert.ok(stext.includes(part), `the special payment shows ${part}: ${stext}`);

	/* the same through the API */
	const pid = /#\/member\/(\d+)/.exec(page.url())[1];
	const file = await (await page.request.get(base + `/api/v1/members/${pid}/dues`)).json();
	assert.equal(file.reliefs.length, 1);
	const { id: _rid, ...relief } = file.reliefs[0];
	assert.deepEqual(relief, { kind: 'reduce', from: '2025-04', to: '2025-06', monthly_fen: 1000,
		approval: '城关镇党委〔2025〕3号', approved: '2025-03-20', reason: '家庭困难' });
	assert.equal(file.specials.length, 1);
	assert.deepEqual([file.specials[0].amount_fen, file.specials[0].date, file.specials[0].note], [50000, '2025-03-15', '自愿交纳']);
	assert.equal(file.months.find((m) => m.month === '2025-04').due_fen, 1000, 'April due through the API');

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
	assert.ok((await page.locator('.dues-section ul.dues-reliefs li').textContent()).includes('Reduced dues: 2025-04 to 2025-06'), 'the reduction in English');
	assert.ok((await page.locator('.dues-section ul.dues-specials li').textContent()).includes('special payment on 2025-03-15'), 'the special payment in English');
	await page.goto(base + `/#/org/${branch.id}/dues`);
	await page.locator('.dues-stats h3', { hasText: 'all below it' }).waitFor();
	await page.locator('header.top button.lang').click();
	await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
}
