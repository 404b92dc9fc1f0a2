/* First paint: the login page, loaded with a cold cache at 1440×900 and
 * 390×844 in zh-CN and en, fetches neither the chart library nor any
 * module index.html does not name (no page module); its text files arrive compressed (gzip, or br where build-web
 * made a brotli file) with Vary and validators; a
 * second load revalidates (304) or uses the cache; the favicon is linked
 * and served as SVG. The statistics tab then does load the chart library. */
import fs from 'node:fs';
import path from 'node:path';
import { assert, DATA, login } from './lib.mjs';

export const timeout = 60000;

/* Loads url in page with CDP watching: the responses by URL. */
async function load(page, cdp, url) {
	const seen = new Map();
	const on = (e) => seen.set(e.response.url, e.response);
	const cached = (e) => seen.set(e.requestId, 'cache');
	cdp.on('Network.responseReceived', on);
	cdp.on('Network.requestServedFromCache', cached);
	await page.goto(url, { waitUntil: 'load' });
	await page.locator('#f-login').waitFor();
	await page.waitForLoadState('networkidle');
	cdp.off('Network.responseReceived', on);
	cdp.off('Network.requestServedFromCache', cached);
	return seen;
}

const header = (r, name) => {
	const k = Object.keys(r.headers).find((h) => h.toLowerCase() === name);
	return k ? r.headers[k] : undefined;
};

export default async function ({ browser, base }) {
	for (const [w, h] of [[1440, 900], [390, 844]]) {
		for (const lang of ['zh-CN', 'en']) {
			const where = `${w}×${h} ${lang}`;
			const context = await browser.newContext({ locale: lang, viewport: { width: w, height: h } });
			await context.addInitScript((l) => localStorage.setItem('orgwork.lang', l), lang);
			const page = await context.newPage();
			const cdp = await context.newCDPSession(page);
			await cdp.send('Network.enable');
			const first = await load(page, cdp, base + '/');
			const urls = [...first.keys()];
			assert.ok(!urls.some((u) => /echarts/.test(u)), 'the login page does not fetch echarts ' + where);
			/* only the modules index.html names (preloaded, or app.js itself): no page module */
			const named = new Set([...fs.readFileSync(path.join(process.env.ORGWORK_TOP, 'web/index.html'), 'utf8').matchAll(/(?:href|src)="(js\/[a-z-]+\.js)"/g)]
				.map((m) => base + '/' + m[1]));
			const extra = urls.filter((u) => /\/js\/[a-z-]+\.js$/.test(u) && !named.has(u));
			assert.deepEqual(extra, [], 'nor the page modules ' + where);
			const app = first.get(base + '/js/app.js');
			assert.ok(app, 'app.js is loaded');
			assert.match(header(app, 'content-encoding') || '', /^(gzip|br)$/, 'app.js arrives compressed');
			assert.match(header(app, 'vary') || '', /Accept-Encoding/i);
			assert.ok(header(app, 'etag') && header(app, 'last-modified'), 'with validators');
			assert.equal(header(app, 'cache-control'), 'no-cache');
			const lib = [...first.entries()].find(([u]) => u.endsWith('/vendor/preact.mjs'));
			assert.match(header(lib[1], 'content-encoding') || '', /^(gzip|br)$/, 'the libraries too');
			const cat = [...first.entries()].find(([u]) => u.endsWith(`/i18n/${lang}.json`));
			assert.ok(cat, 'the catalogue of ' + lang);
			assert.match(header(cat[1], 'content-encoding') || '', /^(gzip|br)$/);
			const icon = [...first.entries()].find(([u]) => u.endsWith('/favicon.svg'));
			assert.ok(icon, 'the favicon is requested');
			assert.equal(icon[1].status, 200);
			assert.equal(header(icon[1], 'content-type'), 'image/svg+xml');
			assert.equal(await page.locator('link[rel=icon]').getAttribute('href'), 'favicon.svg');

			/* a second load: the modules and the style sheet do not come again */
			const second = await load(page, cdp, base + '/');
			for (const u of [base + '/js/app.js', base + '/js/lib.js', base + '/app.css']) {
				const r = second.get(u);
				assert.ok(!r || r.status === 304 || r.fromDiskCache || r.fromMemoryCache,
					`${u} is revalidated or cached on the second load (${r && r.status})`);
			}
			assert.ok([...second.values()].some((r) => r.status === 304), 'the server answers 304 ' + where);
			await context.close();
		}
	}

	/* the statistics tab loads the chart library */
	const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
	const page = await context.newPage();
	const asked = [];
	page.on('request', (r) => asked.push(r.url()));
	await login(page, base);
	assert.ok(!asked.some((u) => /echarts/.test(u)), 'logging in does not fetch echarts');
	const id = await page.evaluate(async (code) => (await (await fetch('/api/v1/orgs?q=' + code)).json())
		.items.find((o) => o.code === code).id, DATA.root.code);
	await page.goto(`${base}/#/org/${id}/stats`);
	await page.locator('.dashboard .chart[data-chart=age] canvas').first().waitFor({ timeout: 15000 });
	assert.ok(asked.some((u) => u.endsWith('/vendor/echarts.esm.min.mjs')), 'the dashboard fetches echarts');
	await context.close();
}
