/*
 * charts.js - ECharts (copied from npm into vendor/ by scripts/build-web)
 * with its Chinese locale registered, and a preact component that draws one
 * chart option into a div, redraws on change and on resize, and reports
 * clicks on data items. Not for the dashboard's content (dashboard.js).
 */
import * as echarts from '../vendor/echarts.esm.min.mjs';
import langZH from '../vendor/echarts-lang-zh.mjs';
import { html, useEffect, useRef } from './lib.js';
import { currentLang } from './i18n.js';

echarts.registerLocale('ZH', langZH);

/* <Chart option=${...} onClick=${(params) => ...} name="age" /> */
export function Chart({ option, onClick, name, height = 280 }) {
	const el = useRef(null), chart = useRef(null), click = useRef(onClick);
	click.current = onClick;
	useEffect(() => {
		const c = echarts.init(el.current, null, { renderer: 'canvas', locale: currentLang() === 'en' ? 'EN' : 'ZH' });
		chart.current = c;
		c.on('click', (p) => { if (click.current) click.current(p); });
		const ro = new ResizeObserver(() => c.resize());
		ro.observe(el.current);
		return () => { ro.disconnect(); c.dispose(); chart.current = null; };
	}, []);
	useEffect(() => { if (chart.current && option) chart.current.setOption(option, true); }, [option]);
	return html`<div class="chart" data-chart=${name} ref=${el} style=${{ height: height + 'px' }}></div>`;
}
