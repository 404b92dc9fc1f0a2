/*
 * charts.js - a preact component that draws one ECharts option into a div,
 * redraws on change and on resize, and reports clicks on data items. The
 * chart library (copied from npm into vendor/ by scripts/build-web, about
 * 1 MB) is loaded by dynamic import() the first time a chart is drawn, with
 * its Chinese locale, so that pages without charts (the login page above
 * all) never fetch it. Not for the dashboard's content (dashboard.js).
 */
import { html, useEffect, useRef } from './lib.js';
import { currentLang } from './i18n.js';

let loading = null;

/* The echarts module, loaded once (a promise). */
export function loadECharts() {
	if (!loading) {
		loading = Promise.all([import('../vendor/echarts.esm.min.mjs'), import('../vendor/echarts-lang-zh.mjs')])
			.then(([echarts, zh]) => { echarts.registerLocale('ZH', zh.default); return echarts; })
			.catch((e) => { loading = null; throw e; });
	}
	return loading;
}

/* <Chart option=${...} onClick=${(params) => ...} name="age" /> */
export function Chart({ option, onClick, name, height = 280 }) {
	const el = useRef(null), chart = useRef(null), click = useRef(onClick), opt = useRef(option);
	click.current = onClick;
	opt.current = option;
	useEffect(() => {
		let gone = false, ro = null;
		loadECharts().then((echarts) => {
			if (gone || !el.current) return;
			const c = echarts.init(el.current, null, { renderer: 'canvas', locale: currentLang() === 'en' ? 'EN' : 'ZH' });
			chart.current = c;
			c.on('click', (p) => { if (click.current) click.current(p); });
			ro = new ResizeObserver(() => c.resize());
			ro.observe(el.current);
			if (opt.current) c.setOption(opt.current, true);
		});
		return () => {
			gone = true;
			if (ro) ro.disconnect();
			if (chart.current) chart.current.dispose();
			chart.current = null;
		};
	}, []);
	useEffect(() => { if (chart.current && option) chart.current.setOption(option, true); }, [option]);
	return html`<div class="chart" data-chart=${name} ref=${el} style=${{ height: height + 'px' }}></div>`;
}
