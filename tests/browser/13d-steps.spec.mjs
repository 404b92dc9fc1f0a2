/* The development steps on the member page: only the steps that may come
 * next are offered, each field with the catalogue rule beside it (key,
 * value, source); a step recorded appears in the list and in the
 * timeline in words; a step that breaks a rule is refused beside its field
 * in the catalogue's words with the rule's key and source, and accepted
 * once the rule holds; the status follows. In zh-CN, then the refusal in en.
 * At 1440×900 and 390×844. */
import { spawnSync } from 'node:child_process';
import { assert, login } from './lib.mjs';

export const timeout = 60000;

function cli(db, ...args) {
	const r = spawnSync(process.env.ORGWORK, ['--db', db, ...args], { encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim();
}

export default async function ({ page, base, db }) {
	const id = cli(db, 'member', 'add', '--name', '发展甲', '--sex', '男', '--birth-date', '1995-05-05',
		'--ethnicity', 'han', '--education', 'bachelor', '--occupation', 'workers', '--org', 'BT.1.1',
		'--status', 'applicant', '--applied', '2024-03-04');
	const full = JSON.parse(cli(db, '--format', 'json', 'member', 'list', '--org', 'BT.1.1', '--status', 'full'));
	const contacts = full.items.slice(0, 2).map((p) => p.id).join(',');
	assert.ok(contacts.includes(','), 'two full members for contacts');

	await login(page, base);
	await page.goto(`${base}/#/member/${id}`);
	const panel = page.locator('.dev-steps');
	await panel.waitFor();
	assert.deepEqual(await panel.locator('[data-open-step]').evaluateAll((b) => b.map((x) => x.dataset.openStep)),
		['talk'], 'an applicant is offered the talk only');

	/* the talk, with its rule beside the date */
	await panel.locator('[data-open-step=talk]').click();
	const talk = panel.locator('form[data-step=talk]');
	const hint = await talk.locator('[data-field=date] [data-rule]').innerText();
	assert.ok(hint.includes('dev.talk_months') && hint.includes('Detailed Rules'), 'the rule and its source: ' + hint);
	await talk.locator('input[name=date]').fill('2024-03-18');
	await talk.locator('button[type=submit]').click();
	await panel.locator('.dev-recorded li[data-step=talk]').waitFor();
	assert.equal(await panel.locator('.dev-recorded li[data-step=talk] strong').innerText(), '派人谈话');

	/* the activist stage */
	await panel.locator('[data-open-step=activist]').click();
	const act = panel.locator('form[data-step=activist]');
	assert.ok((await act.locator('[data-field=contacts] [data-rule]').innerText()).includes('dev.contacts'));
	await act.locator('input[name=date]').fill('2024-04-08');
	await act.locator('input[name=recommending_body]').fill('党小组推荐');
	await act.locator('input[name=contacts]').fill(contacts);
	await act.locator('button[type=submit]').click();
	await page.locator('.member-page .title-row .badge', { hasText: '入党积极分子' }).waitFor();

	/* a target before a year of cultivation: refused beside the date */
	await panel.locator('[data-open-step=target]').click();
	const target = panel.locator('form[data-step=target]');
	await target.locator('input[name=date]').fill('2025-04-07');
	await target.locator('button[type=submit]').click();
	const err = await target.locator('[data-field=date] .field-error').innerText();
	assert.ok(err.includes('培养考察') && err.includes('dev.cultivation_years') && err.includes('Detailed Rules'),
		'the refusal in words with the rule: ' + err);

	/* the same refusal in English */
	await page.evaluate(() => localStorage.setItem('orgwork.lang', 'en'));
	await page.reload();
	await panel.locator('[data-open-step=target]').click();
	await target.locator('input[name=date]').fill('2025-04-07');
	await target.locator('button[type=submit]').click();
	const en = await target.locator('[data-field=date] .field-error').innerText();
	assert.ok(en.includes('year(s) as an activist') && en.includes('dev.cultivation_years'), 'in English: ' + en);

	/* accepted once the rule holds; the timeline shows the step in words */
	await target.locator('input[name=date]').fill('2025-04-08');
	await target.locator('button[type=submit]').click();
	await panel.locator('.dev-recorded li[data-step=target]').waitFor();
	await page.locator('.timeline li .detail', { hasText: 'Development target' }).first().waitFor();
	assert.equal(await panel.locator('[data-open-step=sponsors]').count(), 1, 'the target stage offered next');
	await page.evaluate(() => localStorage.setItem('orgwork.lang', 'zh-CN'));
}
