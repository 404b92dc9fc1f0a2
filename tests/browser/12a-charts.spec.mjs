/* Honest charts: the development pipeline is a bar chart on one value axis
 * whose bars are the key figures' numbers (applicants include activists and
 * targets, as the bulletin counts them), the age pyramid has the same scale
 * on both sides, the as-of date is never after today, and every label of
 * every chart lies inside its canvas, in zh-CN and en, at 1440×900 and
 * 390×844. The chart options and labels are read from the ECharts
 * instances (echarts.getInstanceByDom through the page's own module). */
import { assert, DATA, login } from './lib.mjs';

export const timeout = 90000;

/* The option and the out-of-canvas text labels of each chart. */
async function charts(page) {
	return page.evaluate(async () => {
		const echarts = await import('/vendor/echarts.esm.min.mjs');
		const out = {};
		for (const el of document.querySelectorAll('.dashboard .chart[data-chart]')) {
			const c = echarts.getInstanceByDom(el);
			if (!c) continue;
			const w = c.getWidth(), h = c.getHeight(), outside = [];
			for (const d of c.getZr().storage.getDisplayList(true)) {
				const text = d.style && d.style.text;
				if ((d.type !== 'tspan' && d.type !== 'text') || !text || d.invisible || d.ignore) continue;
				const r = d.getBoundingRect().clone();
				d.updateTransform();
				if (d.transform) r.applyTransform(d.transform);
				if (r.x < -1 || r.y < -1 || r.x + r.width > w + 1 || r.y + r.height > h + 1)
					outside.push(`${text} [${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}×${Math.round(r.height)} in ${w}×${h}]`);
			}
			const o = c.getOption();
			out[el.dataset.chart] = {
				outside,
				series: o.series.map((s) => ({ type: s.type, data: s.data.map((x) => (x && typeof x === 'object' ? x.value : x)) })),
				xAxis: o.xAxis ? o.xAxis.map((a) => ({ min: a.min, max: a.max, type: a.type })) : [],
				yAxis: o.yAxis ? o.yAxis.map((a) => ({ data: a.data, type: a.type })) : [],
			};
		}
		return out;
	});
}

let loads = 0;
/* A fresh load of the root's statistics tab (the language read at start). */
async function openStats(page, base, id) {
	await page.goto(`${base}/?load=${++loads}#/org/${id}/stats`);
	await page.locator('.dashboard [data-figure=members] .value').waitFor();
	for (const c of ['age', 'education', 'occupation', 'joined', 'pipeline'])
		await page.locator(`.dashboard .chart[data-chart=${c}] canvas`).first().waitFor({ timeout: 15000 });
	await page.waitForTimeout(300);   /* the charts' first layout and labels */
}

export default async function ({ page, base }) {
	await login(page, base);
	/* applicants, activists and a development target in a branch, so that the
	 * nested counts differ from the single statuses */
	const branchId = await page.evaluate(async (name) => {
		const r = await (await fetch('/api/v1/orgs?q=' + encodeURIComponent(name))).json();
		return r.items && r.items[0] ? r.items[0].id : null;
	}, DATA.branch.name);
	assert.ok(branchId, 'the branch is found');
	const id = await page.evaluate(async (code) => {
		const r = await (await fetch('/api/v1/orgs?q=' + encodeURIComponent(code))).json();
		return r.items.find((o) => o.code === code).id;
	}, DATA.root.code);
	const made = await page.evaluate(async (org) => {
		const api = await import('/js/api.js');
		const add = (name, status, dates) => api.post('/members', { name, sex: 'female', birth_date: '1999-04-01',
			ethnicity: 'han', education: 'bachelor', occupation: 'workers', org_id: org, status, ...dates });
		await add('申一', 'applicant', { applied: '2024-03-01' });
		await add('申二', 'applicant', { applied: '2024-05-01' });
		await add('积一', 'activist', { applied: '2023-03-01', activist: '2023-09-01' });
		await add('象一', 'target', { applied: '2022-03-01', activist: '2022-09-01', target: '2023-09-01' });
		return 4;
	}, branchId);
	assert.equal(made, 4);

	for (const [w, h] of [[1440, 900], [390, 844]]) {
		await page.setViewportSize({ width: w, height: h });
		for (const lang of ['zh-CN', 'en']) {
			await page.evaluate((l) => localStorage.setItem('orgwork.lang', l), lang);
			await openStats(page, base, id);
			const year = await page.locator('.dashboard select[name=year]').inputValue();
			const [b, st] = await page.evaluate(async ([org, y]) => Promise.all([
				(await fetch(`/api/v1/stats/bulletin?org=${org}&year=${y}`)).json(),
				(await fetch(`/api/v1/stats/rollup?org=${org}&by=status`)).json()]), [id, year]);
			const c = await charts(page);
			const where = `${w}×${h} ${lang}`;

			/* the pipeline: bars, the key figures' numbers, the bulletin's */
			const p = c.pipeline;
			assert.equal(p.series.length, 1);
			assert.equal(p.series[0].type, 'bar', 'the pipeline is drawn as bars ' + where);
			assert.equal(p.xAxis[0].type, 'value');
			assert.equal(p.xAxis[0].min, 0, 'bars start at zero');
			const n = (k) => (st.cells.find((x) => x.status === k) || { count: 0 }).count;
			assert.deepEqual(p.series[0].data, [n('applicant') + n('activist') + n('target'), n('activist') + n('target'),
				n('target'), n('probationary'), n('full')], 'the bars count the roll-up by status');
			const fig = async (k) => Number(await page.locator(`.dashboard [data-figure=${k}] .value`).innerText());
			assert.equal(await fig('applicants'), p.series[0].data[0], 'the applicant figure is the first bar ' + where);
			assert.equal(await fig('activists'), p.series[0].data[1], 'the activist figure is the second bar');
			assert.equal(await fig('applicants'), b.applicants, 'and the bulletin\'s applicants');
			assert.equal(await fig('activists'), b.activists, 'and the bulletin\'s activists');
			assert.ok(p.series[0].data[0] >= 4 && p.series[0].data[1] >= 2 && p.series[0].data[2] >= 1, 'the persons added count');
			assert.ok(p.series[0].data[4] > p.series[0].data[0] || p.series[0].data[0] > 0, 'bars carry the counts');

			/* the pyramid: one scale both sides */
			const a = c.age;
			assert.equal(a.xAxis[0].min, -a.xAxis[0].max, 'the pyramid is symmetric ' + where);
			const widest = Math.max(...a.series.flatMap((s) => s.data.map((v) => Math.abs(v))));
			assert.ok(a.xAxis[0].max >= widest, 'and holds the widest bar');

			/* as of: never after today */
			const today = st.as_of;
			const shown = (await page.locator('.dashboard .toolbar .muted').innerText()).match(/\d{4}-\d{2}-\d{2}/)[0];
			assert.ok(shown <= today, `as of ${shown} is not after today ${today}`);

			/* labels fit */
			for (const [name, ch] of Object.entries(c))
				assert.deepEqual(ch.outside, [], `${name} labels inside the chart ${where}`);
			if (lang === 'en')
				assert.match(await page.locator('[data-panel=pipeline] h2').innerText(), /^[ -~]+$/, 'an English title');
		}
	}
	await page.evaluate(() => localStorage.setItem('orgwork.lang', 'zh-CN'));
	await page.setViewportSize({ width: 1400, height: 860 });
}
