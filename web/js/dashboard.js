/*
 * dashboard.js - the statistics dashboard of one organization (tab
 * "统计" of the organization page): key figures of the bulletin for a year,
 * age pyramid by sex (one scale both sides), education, occupation, joining
 * periods, the development pipeline (bars) and a table comparing the child
 * organizations, from GET /stats/bulletin, /stats/rollup and
 * /stats/children. Every chart and table exports its numbers as XLSX
 * (written in the browser, xlsx.js).
 * Figures drill down to the member list they count: a status opens that
 * status; a cell of a chart (an age band of one sex, an education group, an
 * occupation, a joining period) opens the members of the subtree with the
 * cell's roll-up filter (GET /orgs/{id}/members?filter=, which selects
 * exactly the persons the cell counts). The list is as of today, so the
 * charts of a past year open the organization's members. Not for the
 * engine's counting rules (docs/cli-report.md).
 */
import { html, useState, useMemo } from './lib.js';
import { t } from './i18n.js';
import { get } from './api.js';
import { label } from './codes.js';
import { useLoad, Loading, ErrorBox } from './ui.js';
import { can, go } from './nav.js';
import { Chart } from './charts.js';
import { downloadXlsx } from './xlsx.js';

const AGE = ['<=30', '31-35', '36-40', '41-45', '46-50', '51-55', '56-60', '>=61'];
const EDU = ['postgraduate', 'undergraduate', 'college', 'secondary_vocational', 'high_school', 'junior_high', 'primary', 'other'];
const JOIN = ['before_1949-10', '1949-10_to_1978-12', '1978-12_to_2012-11', 'since_2012-11'];
const OCC = ['workers', 'farmers_herders_fishers', 'professionals', 'managers', 'party_and_government_staff', 'students', 'other', 'retired'];
/* The development pipeline: each bar counts the persons at that stage or a
 * later stage short of admission, as the bulletin counts applicants
 * (applicants include activists and development targets; activists include
 * targets), then probationary and full members; from one roll-up by status
 * as of the dashboard's date, the same numbers as the key figures. */
const PIPELINE = [
	['applicants', ['applicant', 'activist', 'target'], 'applicant'],
	['activists', ['activist', 'target'], 'activist'],
	['targets', ['target'], 'target'],
	['probationary', ['probationary'], 'probationary'],
	['full', ['full'], 'full'],
];

/* The pipeline's counts ({applicants, activists, targets, probationary, full})
 * from a roll-up by status. */
export function pipelineCounts(status) {
	const out = {};
	for (const [k, sts] of PIPELINE) out[k] = sts.reduce((n, st) => n + cell(status, st), 0);
	return out;
}

/* The earlier of two ISO dates (the as-of date shown is never after today). */
const minDate = (a, b) => (!a ? b : !b ? a : a < b ? a : b);

const pct = (n, of) => (of ? (100 * n / of).toFixed(1) + '%' : '–');
const cell = (r, k) => { const c = (r.cells || []).find((x) => x[r.by[0]] === k); return c ? c.count : 0; };

function todayYear() { return new Date().getFullYear(); }

function Panel({ title, name, rows, children }) {
	const exp = () => downloadXlsx(`${name}.xlsx`, title, rows());
	return html`<section class="panel" data-panel=${name}>
		<header><h2>${title}</h2>
			<button type="button" class="small" data-export=${name} onClick=${exp}>${t('stats.export_xlsx')}</button></header>
		${children}
	</section>`;
}

export function Dashboard({ user, org }) {
	const [year, setYear] = useState(todayYear());
	const asOf = year >= todayYear() ? '' : `${year}-12-31`;
	const [d, err] = useLoad(async () => {
		const q = (by, extra) => get('/stats/rollup', { org: org.id, by, as_of: asOf, ...(extra || {}) });
		const [b, pyramid, edu, status] = await Promise.all([
			get('/stats/bulletin', { org: org.id, year }),
			q('age_band,sex'), q('education_group'), q('status'),
		]);
		return { b, pyramid, edu, status };
	}, [org.id, year]);
	const drill = (status) => { if (can.members(user)) go(`/org/${org.id}/members?status=${status || 'members'}`); };
	/* a cell of a chart: the members it counts (the list is as of today, so
	 * a past year's chart opens the organization's members) */
	const drillCell = (filter) => {
		if (!filter || asOf) return drill('members');
		if (can.members(user)) go(`/org/${org.id}/members?status=members&filter=${encodeURIComponent(filter)}`);
	};

	const charts = useMemo(() => {
		if (!d) return null;
		const { b, pyramid, edu, status } = d;
		const py = (sex) => AGE.map((a) => {
			const c = pyramid.cells.find((x) => x.age_band === a && x.sex === sex);
			return c ? c.count : 0;
		});
		const male = py('male'), female = py('female');
		/* the same scale both sides: the longer side sets both ends */
		const side = Math.max(1, ...male, ...female);
		const pipe = pipelineCounts(status);
		return {
			pyramid: {
				rows: () => [[t('stats.age_band'), label('sex', 'male'), label('sex', 'female')], ...AGE.map((a, i) => [a, male[i], female[i]])],
				option: {
					tooltip: { trigger: 'axis', renderMode: 'richText', axisPointer: { type: 'shadow' }, valueFormatter: (v) => Math.abs(v) },
					legend: { data: [label('sex', 'male'), label('sex', 'female')] },
					grid: { left: 60, right: 20, bottom: 30, top: 30 },
					xAxis: { type: 'value', min: -side, max: side, axisLabel: { formatter: (v) => Math.abs(v) } },
					yAxis: { type: 'category', data: AGE },
					series: [
						{ name: label('sex', 'male'), type: 'bar', stack: 's', data: male.map((v) => -v) },
						{ name: label('sex', 'female'), type: 'bar', stack: 's', data: female },
					],
				},
			},
			edu: {
				rows: () => [[t('stats.education'), t('stats.count')], ...EDU.map((k) => [t('stats.edu.' + k), cell(edu, k)])],
				option: {
					tooltip: { trigger: 'item', renderMode: 'richText' },
					series: [{ type: 'pie', radius: ['30%', '55%'], label: { width: 90, overflow: 'break' }, data: EDU.map((k) => ({ name: t('stats.edu.' + k), value: cell(edu, k), key: k })).filter((x) => x.value) }],
				},
			},
			occ: {
				rows: () => [[t('stats.occupation'), t('stats.count')], ...OCC.map((k) => [label('occupation', k), b.occupation[k] || 0])],
				option: {
					tooltip: { trigger: 'axis', renderMode: 'richText' },
					grid: { left: 10, right: 20, bottom: 30, top: 10, containLabel: true },
					xAxis: { type: 'value' },
					yAxis: { type: 'category', data: OCC.map((k) => label('occupation', k)), axisLabel: { width: 110, overflow: 'break' } },
					series: [{ type: 'bar', data: OCC.map((k) => b.occupation[k] || 0) }],
				},
			},
			join: {
				rows: () => [[t('stats.joined'), t('stats.count')], ...JOIN.map((k) => [t('stats.join.' + k), b.joined[k] || 0])],
				option: {
					tooltip: { trigger: 'axis', renderMode: 'richText' },
					grid: { left: 10, right: 20, bottom: 10, top: 10, containLabel: true },
					xAxis: { type: 'category', data: JOIN.map((k) => t('stats.join.' + k)), axisLabel: { interval: 0, width: 90, overflow: 'break' } },
					yAxis: { type: 'value' },
					series: [{ type: 'bar', data: JOIN.map((k) => b.joined[k] || 0) }],
				},
			},
			pipeline: {
				rows: () => [[t('chart.pipeline.stage'), t('stats.count')], ...PIPELINE.map(([k]) => [t('chart.pipeline.' + k), pipe[k]])],
				option: {
					tooltip: { trigger: 'axis', renderMode: 'richText', axisPointer: { type: 'shadow' } },
					grid: { left: 10, right: 40, bottom: 30, top: 10, containLabel: true },
					xAxis: { type: 'value', min: 0 },
					yAxis: { type: 'category', inverse: true, data: PIPELINE.map(([k]) => t('chart.pipeline.' + k)),
						axisLabel: { width: 130, overflow: 'break' } },
					series: [{ type: 'bar', label: { show: true, position: 'right' },
						data: PIPELINE.map(([k, , st]) => ({ value: pipe[k], status: st })) }],
				},
			},
		};
	}, [d]);

	if (err) return html`<${ErrorBox} error=${err} />`;
	if (!d) return html`<${Loading} />`;
	const { b } = d, m = b.members, g = b.grassroots_organizations;
	/* applicants and activists: the pipeline's numbers (one source) */
	const pipe = pipelineCounts(d.status);
	/* the bulletin of this year counts to 31 December: the date shown is
	 * the roll-ups' (today) when that lies ahead */
	const asOfShown = minDate(b.as_of, d.status.as_of);
	const figures = [
		['members', t('stats.members'), m, 'members'],
		['women', t('stats.women'), pct(b.women, m), 'members'],
		['minorities', t('stats.minorities'), pct(b.ethnic_minorities, m), 'members'],
		['college', t('stats.college'), pct(b.college_or_above, m), 'members'],
		['new_members', t('stats.new_members', { year }), b.new_members_in_year, 'members'],
		['applicants', t('stats.applicants'), pipe.applicants, 'applicant'],
		['activists', t('stats.activists'), pipe.activists, 'activist'],
		['committees', t('stats.committees'), g.committees, null],
		['general_branches', t('stats.general_branches'), g.general_branches, null],
		['branches', t('stats.branches'), g.branches, null],
	];
	const figureRows = () => [[t('stats.figure'), t('stats.value')], ...figures.map(([, l, v]) => [l, v])];
	const kidRows = () => [[t('stats.org'), t('stats.members'), t('stats.women'), t('stats.minorities'), t('stats.college'),
		t('stats.new_members', { year }), t('stats.applicants'), t('stats.grassroots')],
	...b.children.map((c) => [c.org.name, c.members, c.members ? c.women / c.members : 0, c.members ? c.ethnic_minorities / c.members : 0,
		c.members ? c.college_or_above / c.members : 0, c.new_members_in_year, c.applicants, c.grassroots_organizations.total])];
	const C = charts;
	return html`<div class="dashboard">
		<div class="toolbar">
			<label>${t('stats.year')} <select name="year" value=${year} onChange=${(ev) => setYear(Number(ev.currentTarget.value))}>
				${Array.from({ length: 15 }, (_, i) => todayYear() - i).map((y) => html`<option value=${y}>${y}</option>`)}
			</select></label>
			<span class="muted">${t('stats.as_of', { date: asOfShown })}</span>
		</div>
		<${Panel} title=${t('stats.key_figures')} name="figures" rows=${figureRows}>
			<div class="figures">
				${figures.map(([k, l, v, st]) => html`<div class="figure" data-figure=${k}>
					<div class="label">${l}</div>
					${st && can.members(user)
						? html`<a class="value" href=${`#/org/${org.id}/members?status=${st}`}>${v}</a>`
						: html`<div class="value">${v}</div>`}
				</div>`)}
			</div>
		<//>
		<div class="chart-grid">
			<${Panel} title=${t('stats.age_pyramid')} name="age" rows=${C.pyramid.rows}>
				<${Chart} name="age" option=${C.pyramid.option} onClick=${(p) => drillCell(AGE[p.dataIndex]
					&& `age_band=${AGE[p.dataIndex]},sex=${p.seriesIndex ? 'female' : 'male'}`)} /><//>
			<${Panel} title=${t('stats.education')} name="education" rows=${C.edu.rows}>
				<${Chart} name="education" option=${C.edu.option} onClick=${(p) => drillCell(p.data && p.data.key
					&& `education_group=${p.data.key}`)} /><//>
			<${Panel} title=${t('stats.occupation')} name="occupation" rows=${C.occ.rows}>
				<${Chart} name="occupation" option=${C.occ.option} onClick=${(p) => drillCell(OCC[p.dataIndex]
					&& `occupation=${OCC[p.dataIndex]}`)} /><//>
			<${Panel} title=${t('stats.joined')} name="joined" rows=${C.join.rows}>
				<${Chart} name="joined" option=${C.join.option} onClick=${(p) => drillCell(JOIN[p.dataIndex]
					&& `join_period=${JOIN[p.dataIndex]}`)} /><//>
			<${Panel} title=${t('stats.funnel')} name="pipeline" rows=${C.pipeline.rows}>
				<p class="muted chart-note">${t('chart.pipeline.note')}</p>
				<${Chart} name="pipeline" option=${C.pipeline.option} onClick=${(p) => drill(p.data && p.data.status)} /><//>
		</div>
		<${Panel} title=${t('stats.children')} name="children" rows=${kidRows}>
			${b.children.length ? html`<table class="grid stats-children"><thead><tr>
				<th>${t('stats.org')}</th><th class="num">${t('stats.members')}</th><th class="num">${t('stats.women')}</th>
				<th class="num">${t('stats.minorities')}</th><th class="num">${t('stats.college')}</th>
				<th class="num">${t('stats.new_members', { year })}</th><th class="num">${t('stats.applicants')}</th>
				<th class="num">${t('stats.grassroots')}</th></tr></thead>
				<tbody>${b.children.map((c) => html`<tr>
					<td><a href=${`#/org/${c.org.id}/stats`}>${c.org.name}</a></td>
					<td class="num">${can.members(user) ? html`<a href=${`#/org/${c.org.id}/members?status=members`}>${c.members}</a>` : c.members}</td>
					<td class="num">${pct(c.women, c.members)}</td><td class="num">${pct(c.ethnic_minorities, c.members)}</td>
					<td class="num">${pct(c.college_or_above, c.members)}</td><td class="num">${c.new_members_in_year}</td>
					<td class="num">${c.applicants}</td><td class="num">${c.grassroots_organizations.total}</td></tr>`)}</tbody></table>`
				: html`<p class="muted">${t('stats.no_children')}</p>`}
		<//>
	</div>`;
}
