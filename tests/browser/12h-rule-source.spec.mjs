/* A refusal by a rule of the catalogue names the rule's source in the
 * user's language: moving 曾国藩 into a party group (which does not hold
 * members' formal relationship, rule membership.formal_kinds) is refused
 * beside the organization field, and above the form stands the source,
 * 依据：《中国共产党章程》第八条… in Chinese and "Rule: Party Constitution
 * art. 8…" in English, never the English citation in the Chinese UI. */
import { assert, DATA, login } from './lib.mjs';

export const timeout = 60000;

async function api(page, base, method, path, body) {
	const s = await (await page.request.get(base + '/api/v1/session')).json();
	const r = await page.request.fetch(base + '/api/v1' + path, {
		method, data: body, headers: { 'X-CSRF-Token': s.csrf_token, 'Content-Type': 'application/json' },
	});
	const j = await r.json();
	if (!r.ok()) throw new Error(`${method} ${path}: ${r.status()} ${JSON.stringify(j)}`);
	return j;
}

const GROUP = { code: 'BT.1.1.7', name: '东街第七党小组' };

export default async function ({ page, base, viewport }) {
	await login(page, base);
	const branch = (await api(page, base, 'GET', '/orgs?q=' + encodeURIComponent(DATA.branch.code)))
		.items.find((o) => o.code === DATA.branch.code);
	const found = (await api(page, base, 'GET', '/orgs?q=' + encodeURIComponent(GROUP.code))).items;
	if (!found.some((o) => o.code === GROUP.code))
		await api(page, base, 'POST', '/orgs', { ...GROUP, kind: 'party_group', parent_id: branch.id,
			sector: 'community', established: '2010-01-01' });
	for (const [lang, want, not] of [['zh-CN', '依据：《中国共产党章程》第八条', 'Party Constitution'],
		['en', 'Rule: Party Constitution art. 8', '《']]) {
		await page.evaluate((l) => localStorage.setItem('orgwork.lang', l), lang);
		await page.goto(base + '/#/');
		await page.reload();
		await page.locator('header.top input[name=member-q]').fill('曾国藩');
		await page.locator('header.top input[name=member-q]').press('Enter');
		await page.locator('.main-pane a', { hasText: '曾国藩' }).click();
		await page.locator('.main-pane h1', { hasText: '曾国藩' }).waitFor();
		await page.locator('.main-pane a.button', { hasText: lang === 'en' ? 'Edit' : '编辑' }).click();
		const form = page.locator('form.member-form');
		await form.waitFor();
		const org = form.locator('[data-field=org_id]');
		await org.locator('.picked button.link').click();
		await org.locator('input#f-org_id').fill(GROUP.name);
		await org.locator('.picker-list button', { hasText: GROUP.name }).click();
		await form.locator('button[type=submit]').click();
		await org.locator('.field-error').waitFor();
		const box = form.locator('.error-box');
		await box.waitFor();
		const text = (await box.textContent()).trim();
		assert.ok(text.startsWith(want), `${lang} ${viewport.name}: the rule's source above the form: ${text}`);
		assert.ok(!text.includes(not), `${lang}: the source in the user's language only: ${text}`);
	}
}
