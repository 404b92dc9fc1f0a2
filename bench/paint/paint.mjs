/*
 * paint.mjs URL OUT.json - loads the login page at URL in chromium with a
 * cold cache (a new browser context per run, the cache disabled through
 * CDP before the first request), sums the encoded sizes of every response
 * (Network.loadingFinished encodedDataLength: headers and body as they
 * crossed the wire) and reads the first contentful paint from the page's
 * performance timeline. One run first warms the browser process up (its
 * numbers are not kept; each run has a new context and no cache). Prints the runs, the medians and the budget;
 * exit 1 when a median is over budget. Run by bench/paint/run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [url, out] = process.argv.slice(2);
const top = process.env.ORGWORK_TOP;
const runs = Number(process.env.BENCH_RUNS || 5);
const BUDGET_BYTES = 150 * 1024, BUDGET_FCP = 300;
const { chromium } = await import(pathToFileURL(path.join(top, 'node_modules/playwright-core/index.mjs')).href);
const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
	args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
		'--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const results = [];
try {
	for (let i = -1; i < runs; i++) {	/* run -1 warms the browser process up, not the cache */
		const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
		const page = await context.newPage();
		const cdp = await context.newCDPSession(page);
		await cdp.send('Network.enable');
		await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
		let bytes = 0;
		const urls = [];
		cdp.on('Network.responseReceived', (e) => urls.push(e.response.url));
		cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
		await page.goto(url, { waitUntil: 'load' });
		await page.locator('input[name=login], input[type=password]').first().waitFor({ timeout: 10000 });
		await page.waitForLoadState('networkidle');
		const fcp = await page.evaluate(() => new Promise((resolve) => {
			const e = performance.getEntriesByName('first-contentful-paint')[0];
			if (e) return resolve(e.startTime);
			new PerformanceObserver((l) => resolve(l.getEntries()[0].startTime)).observe({ type: 'paint', buffered: true });
		}));
		if (urls.some((u) => /echarts/.test(u))) throw new Error('the login page fetched echarts');
		await context.close();
		if (i < 0) continue;
		results.push({ bytes, fcp_ms: fcp, requests: urls.length, urls: urls.map((u) => u.replace(/^https?:\/\/[^/]*/, "")) });
		console.log(`run ${i + 1}: ${(bytes / 1024).toFixed(1)} KB in ${urls.length} responses, first contentful paint ${fcp.toFixed(0)} ms`);
	}
} finally {
	await browser.close();
}
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
const bytes = median(results.map((r) => r.bytes)), fcp = median(results.map((r) => r.fcp_ms));
const okBytes = bytes <= BUDGET_BYTES, okFcp = fcp <= BUDGET_FCP;
console.log(`login page, cold cache (median of ${runs})      measured     budget`);
console.log(`transferred bytes                           ${(bytes / 1024).toFixed(1).padStart(7)} KB  ≤ ${BUDGET_BYTES / 1024} KB  ${okBytes ? 'pass' : 'FAIL'}`);
console.log(`first contentful paint                      ${fcp.toFixed(0).padStart(7)} ms  ≤ ${BUDGET_FCP} ms  ${okFcp ? 'pass' : 'FAIL'}`);
fs.writeFileSync(out, JSON.stringify({ runs: results, median_bytes: bytes, median_fcp_ms: fcp,
	budget: { bytes: BUDGET_BYTES, fcp_ms: BUDGET_FCP }, met: okBytes && okFcp }, null, 1) + '\n');
process.exit(okBytes && okFcp ? 0 : 1);
