/* The transfers tab of an organization: the officer issues a letter from
 * the branch to another branch (the member picked from the branch, the
 * destination found by the search that shows codes and names), sees it
 * outgoing, prints the A4 letter with its stub, letter and receipt (each
 * naming the member, the letter number and the validity), then on the
 * destination's tab receives it: the member moves. The committee above
 * both branches lists the letter in its subtree (in and out), and not with
 * "subtree" unticked. The member page lists
 * the member's transfers (letter number, from, to, dates, status, the day
 * of receipt) with the link to the printable letter. Labels are reachable
 * by keyboard (every form control has a label). */
import { assert, login, DATA } from './lib.mjs';

export const timeout = 90000;

async function api(page, method, path, body) {
	const s = await (await page.request.get(new URL(page.url()).origin + '/api/v1/session')).json();
	const r = await page.request.fetch(new URL(page.url()).origin + '/api/v1' + path, {
		method, data: body, headers: { 'X-CSRF-Token': s.csrf_token, 'Content-Type': 'application/json' },
	});
	const j = await r.json();
	if (!r.ok()) throw new Error(`${method} ${path}: ${r.status()} ${JSON.stringify(j)}`);
	return j;
}

export default async function ({ page, base }) {
	await page.setViewportSize({ width: 1440, height: 900 });
	await login(page, base);
	const find = async (code) => (await api(page, 'GET', '/orgs?q=' + encodeURIComponent(code))).items.find((o) => o.code === code);
	const from = await find(DATA.branch.code), to = await find(DATA.branch2.code);
	const m = await api(page, 'POST', '/members', {
		name: '调动党员', sex: 'male', birth_date: '1985-06-06', ethnicity: 'han', education: 'master',
		occupation: 'workers', org_id: from.id, status: 'full', admitted: '2010-01-01', full: '2011-01-01',
	});
	const day = new Date(); day.setUTCDate(day.getUTCDate() - 3);
	const date = day.toISOString().slice(0, 10);

	await page.goto(`${base}/#/org/${from.id}/transfers`);
	await page.locator('section.transfers').waitFor({ timeout: 10000 });
	await page.locator('section.transfers .toolbar button.primary').click();
	const form = page.locator('form.transfer-start');
	await form.waitFor();
	for (const el of await form.locator('input, select').all())
		assert.ok(await el.evaluate((e) => !!e.closest('label')), 'every control has a label');
	await form.locator('select').first().selectOption(String(m.id));
	/* any part of the name finds it: not only its start */
	await form.locator('input[type=search]').fill(DATA.branch2.name.slice(1));
	const dest = form.locator('select').nth(1);
	await page.waitForFunction(() => document.querySelectorAll('form.transfer-start select')[1].options.length > 1, null, { timeout: 10000 });
	const shown = await dest.locator('option').allInnerTexts();
	assert.ok(shown.some((s) => s.includes(DATA.branch2.code)), 'the destination found by name, with its code');
	await dest.selectOption(DATA.branch2.code);
	await form.locator('input[type=date]').fill(date);
	await form.locator('input[maxlength="40"]').fill('东组转〔2026〕1号');
	await form.locator('button[type=submit]').click();
	const row = page.locator('table.transfer-table tr', { hasText: '东组转〔2026〕1号' });
	await row.waitFor({ timeout: 10000 });
	assert.equal(await row.locator('[data-status]').getAttribute('data-status'), 'in_transit', 'outgoing, in transit');

	/* the printable letter: stub, letter, receipt */
	await row.locator('a', { hasText: /打印|Print/ }).click();
	await page.locator('.transfer-print .letter-part').first().waitFor({ timeout: 10000 });
	const parts = page.locator('.transfer-print .letter-part');
	assert.equal(await parts.count(), 3, 'stub, letter and receipt');
	assert.equal(await page.locator('.transfer-print .cut-line').count(), 2, 'cut apart along two lines');
	for (let i = 0; i < 3; i++) {
		const text = await parts.nth(i).innerText();
		assert.ok(text.includes('东组转〔2026〕1号'), `part ${i}: the letter number`);
		if (i < 2) assert.ok(text.includes('调动党员'), `part ${i}: the member`);
	}
	assert.ok((await parts.nth(1).innerText()).includes(DATA.branch2.name), 'the letter is addressed to the destination');

	/* the receiving branch receives it */
	await page.goto(`${base}/#/org/${to.id}/transfers`);
	const inRow = page.locator('table.transfer-table tr', { hasText: '东组转〔2026〕1号' }).first();
	await inRow.waitFor({ timeout: 10000 });
	await inRow.locator('button', { hasText: /接收|Receive/ }).click();
	const act = page.locator('form.transfer-act');
	await act.locator('input[type=date]').fill(date);
	await act.locator('button[type=submit]').click();
	await page.waitForFunction(() => {
		const r = [...document.querySelectorAll('table.transfer-table tr')].find((x) => x.textContent.includes('东组转〔2026〕1号'));
		return r && r.querySelector('[data-status="received"]');
	}, null, { timeout: 10000 });
	const after = await api(page, 'GET', `/members/${m.id}`);
	assert.equal(after.org_id, to.id, 'the member moved to the receiving branch');

	/* the committee above both branches: the letter lies inside its subtree,
	 * so it is both incoming and outgoing; unticking "subtree" leaves the
	 * committee's own letters (none of these) */
	const parent = (await api(page, 'GET', '/orgs?q=BT.1')).items.find((o) => o.code === 'BT.1');
	await page.goto(`${base}/#/org/${parent.id}/transfers`);
	const pRows = page.locator('section.transfers table.transfer-table tr', { hasText: '东组转〔2026〕1号' });
	await page.waitForFunction(() => [...document.querySelectorAll('section.transfers table.transfer-table tr')]
		.filter((r) => r.textContent.includes('东组转〔2026〕1号')).length === 2, null, { timeout: 10000 })
		.catch(() => assert.fail('the subtree\'s letter shown incoming and outgoing at the committee'));
	const subtree = page.locator('section.transfers input[name=subtree]');
	assert.ok(await subtree.isChecked(), 'the subtree by default');
	assert.ok(await subtree.evaluate((e) => !!e.closest('label')), 'the subtree box has a label');
	await subtree.uncheck();
	await page.waitForFunction(() => ![...document.querySelectorAll('section.transfers table.transfer-table tr')]
		.some((r) => r.textContent.includes('东组转〔2026〕1号')), null, { timeout: 10000 })
		.catch(() => assert.fail('without the subtree the committee has none of its branches\' letters'));
	assert.equal(await pRows.count(), 0, 'none shown');

	/* the member page: the member's transfers, with the printable letter */
	await page.goto(`${base}/#/member/${m.id}`);
	const sec = page.locator('section.member-transfers');
	await sec.waitFor({ timeout: 10000 });
	const mrow = sec.locator('tr[data-transfer]', { hasText: '东组转〔2026〕1号' });
	await mrow.waitFor({ timeout: 10000 });
	assert.equal(await sec.locator('tr[data-transfer]').count(), 1, 'one transfer of the member');
	assert.equal(await mrow.getAttribute('data-status'), 'received', 'received');
	const cells = await mrow.locator('td').allInnerTexts();
	assert.ok(cells[1].includes(DATA.branch.code), 'from the sending branch');
	assert.ok(cells[2].includes(DATA.branch2.code), 'to the destination');
	assert.equal(await mrow.locator('td').nth(1).locator('a').getAttribute('href'), `#/org/${from.id}`, 'an organization of the scope links to its page');
	assert.equal(cells[3].trim(), date, 'the day of the letter');
	assert.ok(/^\d{4}-\d{2}-\d{2}$/.test(cells[4].trim()), 'valid until a day');
	assert.equal((await mrow.locator('[data-closed]').innerText()).trim(), date, 'the day of receipt');
	assert.ok((await sec.locator('h2').innerText()).length > 0, 'the section has a heading');
	await mrow.locator('a', { hasText: /打印|Print/ }).click();
	await page.locator('.transfer-print .letter-part').first().waitFor({ timeout: 10000 });
	assert.ok((await page.locator('.transfer-print .letter-part').nth(1).innerText()).includes('调动党员'), 'the printed letter of the member');
}
