/*
 * print.js - the pages made for paper (A4, see docs/ui.md "Print and
 * paper"): the bulletin figures of an organization's subtree as tables
 * (#/org/{id}/print-bulletin?year=, from GET /stats/bulletin; the last
 * closed year by default) and a
 * member's registration record in the layout of the 党员信息采集表
 * (#/member/{id}/print, from GET /members/{id}; masked unless ?reveal=1
 * and the role may reveal, exactly as on the member page). On screen each
 * shows a bar with "print" and "back"; the print stylesheet (app.css)
 * hides that bar, the header and the tree. Not for the counting rules
 * (docs/cli-report.md) nor the member page itself (member.js).
 */
import { html, useEffect } from './lib.js';
import { t } from './i18n.js';
import { get } from './api.js';
import { label } from './codes.js';
import { useLoad, Loading, ErrorBox, fmtTime } from './ui.js';
import { can } from './nav.js';

const AGE = ['<=30', '31-35', '36-40', '41-45', '46-50', '51-55', '56-60', '>=61'];
const JOIN = ['before_1949-10', '1949-10_to_1978-12', '1978-12_to_2012-11', 'since_2012-11'];
const OCC = ['workers', 'farmers_herders_fishers', 'professionals', 'managers', 'party_and_government_staff', 'students', 'other', 'retired'];

const pct = (n, of) => (of ? (100 * n / of).toFixed(1) + '%' : '–');
const num = (n) => (n === null || n === undefined ? '–' : String(n));

function PrintBar({ back }) {
	return html`<div class="print-bar no-print">
		<button type="button" class="primary" onClick=${() => window.print()}>${t('print.print')}</button>
		<a class="button" href=${back}>${t('print.back')}</a>
		<span class="muted small">${t('print.hint')}</span>
	</div>`;
}

/* A table of [label, value, share] rows. */
function FigureTable({ title, rows, share }) {
	return html`<table class="print-table">
		<caption>${title}</caption>
		<thead><tr><th scope="col">${t('stats.figure')}</th><th scope="col" class="num">${t('stats.value')}</th>
			${share ? html`<th scope="col" class="num">${t('print.share')}</th>` : null}</tr></thead>
		<tbody>${rows.map(([k, v, s]) => html`<tr><th scope="row">${k}</th><td class="num">${num(v)}</td>
			${share ? html`<td class="num">${s ?? ''}</td>` : null}</tr>`)}</tbody>
	</table>`;
}

export function BulletinPrintPage({ id, year }) {
	/* without a year: the server's default, the last closed year */
	const y = /^\d{4}$/.test(year || '') ? Number(year) : '';
	const [b, error] = useLoad(() => get('/stats/bulletin', { org: id, year: y }), [id, y]);
	useEffect(() => { if (b && b.org) document.title = t('print.bulletin_title', { name: b.org.name, year: b.year }); }, [b]);
	if (error) return html`<div class="page"><${ErrorBox} error=${error} /></div>`;
	if (!b) return html`<div class="page"><${Loading} /></div>`;
	const m = b.members || 0;
	const g = b.grassroots_organizations || {};
	const nm = b.new_members || {};
	return html`<div class="page print-page bulletin-print">
		<${PrintBar} back=${'#/org/' + id + '/stats'} />
		<label class="print-year no-print">${t('stats.year')}
			<input type="number" min="1901" max="2078" value=${b.year}
				onChange=${(ev) => { location.hash = `#/org/${id}/print-bulletin?year=${ev.currentTarget.value}`; }} /></label>
		<h1>${t('print.bulletin_title', { name: b.org.name, year: b.year })}</h1>
		<p class="print-sub">${b.org.code} · ${t('stats.as_of', { date: b.as_of })}</p>
		<div class="print-cols">
			<${FigureTable} title=${t('print.general')} share rows=${[
				[t('stats.members'), m, ''],
				[t('print.women'), b.women, pct(b.women, m)],
				[t('print.minorities'), b.ethnic_minorities, pct(b.ethnic_minorities, m)],
				[t('print.college'), b.college_or_above, pct(b.college_or_above, m)],
				[t('stats.new_members', { year: b.year }), b.new_members_in_year, ''],
				[t('stats.applicants'), b.applicants, ''],
				[t('stats.activists'), b.activists, ''],
			]} />
			<${FigureTable} title=${t('stats.grassroots')} rows=${[
				[t('print.grassroots_total'), g.total],
				[t('stats.committees'), g.committees],
				[t('stats.general_branches'), g.general_branches],
				[t('stats.branches'), g.branches],
			]} />
			<${FigureTable} title=${t('stats.age_band')} share rows=${AGE.map((a) => [a, (b.age || {})[a] || 0, pct((b.age || {})[a] || 0, m)])} />
			<${FigureTable} title=${t('stats.joined')} share rows=${JOIN.map((k) => [t('stats.join.' + k), (b.joined || {})[k] || 0, pct((b.joined || {})[k] || 0, m)])} />
			<${FigureTable} title=${t('stats.occupation')} share rows=${OCC.map((k) => [label('occupation', k), (b.occupation || {})[k] || 0, pct((b.occupation || {})[k] || 0, m)])} />
			<${FigureTable} title=${t('print.new_members_of', { year: b.year })} rows=${[
				[t('print.women'), nm.women],
				[t('print.minorities'), nm.ethnic_minorities],
				[t('print.young'), nm['age_<=35']],
				[t('print.college'), nm.college_or_above],
			]} />
		</div>
		${(b.children || []).length ? html`<table class="print-table wide">
			<caption>${t('stats.children')}</caption>
			<thead><tr><th scope="col">${t('stats.org')}</th><th scope="col" class="num">${t('stats.members')}</th>
				<th scope="col" class="num">${t('print.women')}</th><th scope="col" class="num">${t('print.minorities')}</th>
				<th scope="col" class="num">${t('print.college')}</th><th scope="col" class="num">${t('stats.new_members', { year: b.year })}</th>
				<th scope="col" class="num">${t('stats.grassroots')}</th></tr></thead>
			<tbody>${b.children.map((c) => html`<tr><th scope="row">${c.org.name}</th><td class="num">${num(c.members)}</td>
				<td class="num">${num(c.women)}</td><td class="num">${num(c.ethnic_minorities)}</td><td class="num">${num(c.college_or_above)}</td>
				<td class="num">${num(c.new_members_in_year)}</td><td class="num">${num((c.grassroots_organizations || {}).total)}</td></tr>`)}</tbody>
		</table>` : null}
		<p class="print-foot">${t('print.printed_at', { time: fmtTime(new Date().toISOString()) })}</p>
	</div>`;
}

/* One labelled cell pair of the record form. */
const cell = (k, v, span) => html`<th scope="row">${t(k)}</th><td colspan=${span || 1}>${v === null || v === undefined || v === '' ? '' : v}</td>`;

export function MemberPrintPage({ user, id, reveal }) {
	const show = reveal && can.reveal(user);
	const [p, error] = useLoad(async () => {
		const person = await get(`/members/${id}`, { reveal: show ? 1 : '' });
		let org = null;
		if (person.org_id) { try { org = await get(`/orgs/${person.org_id}`); } catch (e) { org = null; } }
		return { person, org };
	}, [id, show]);
	useEffect(() => { if (p) document.title = t('print.record_title') + ' · ' + p.person.name; }, [p]);
	if (error) return html`<div class="page"><${ErrorBox} error=${error} /></div>`;
	if (!p) return html`<div class="page"><${Loading} /></div>`;
	const { person, org } = p;
	return html`<div class="page print-page member-print">
		<${PrintBar} back=${'#/member/' + id} />
		<h1>${t('print.record_title')}</h1>
		<table class="record-form">
			<colgroup><col class="k" /><col /><col class="k" /><col /><col class="k" /><col /></colgroup>
			<tbody>
				<tr>${cell('field.person_name', person.name)}${cell('field.sex', label('sex', person.sex))}${cell('field.birth_date', person.birth_date)}</tr>
				<tr>${cell('field.ethnicity', label('ethnicity', person.ethnicity))}${cell('field.education', label('education', person.education))}${cell('field.occupation', label('occupation', person.occupation))}</tr>
				${person.native_place ? html`<tr>${cell('print.native_place', person.native_place, 5)}</tr>` : null}
				<tr>${cell('field.id_number', html`<span class="mono" data-field-value="id_number">${person.id_number || ''}</span>`, 5)}</tr>
				<tr>${cell('field.org_id', org ? org.name : (person.org_id ? '#' + person.org_id : ''), 5)}</tr>
				<tr>${cell('field.applied', person.applied)}${cell('field.activist', person.activist)}${cell('field.target', person.target)}</tr>
				<tr>${cell('field.admitted', person.admitted)}${cell('field.full', person.full)}${cell('field.status', label('member_status', person.status))}</tr>
				<tr>${cell('field.phone', html`<span class="mono">${person.phone || ''}</span>`, 2)}${cell('field.flags', (person.flags || []).map((f) => t('flag.' + f)).join('、'), 2)}</tr>
				<tr>${cell('field.address', person.address, 5)}</tr>
				${person.exited ? html`<tr>${cell('field.exited', person.exited, 5)}</tr>` : null}
				<tr class="sign">${cell('print.remarks', '', 5)}</tr>
			</tbody>
		</table>
		${person.masked ? html`<p class="small">${t('print.masked_note')}</p>` : null}
		<p class="print-foot">${t('print.printed_by', { login: user.login, time: fmtTime(new Date().toISOString()) })}</p>
	</div>`;
}
