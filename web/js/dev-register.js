/*
 * dev-register.js - the development register (发展党员台账) tab of an
 * organization (#/org/ID/development?stage=S): everybody in the pipeline of
 * its subtree (GET /orgs/{id}/development) with stage, key dates, last step
 * and the next step due, overdue marked, a page at a time; filtered by
 * stage or overdue, sorted by the server (clicking a sortable header),
 * each row linking to the member; a CSV of the page shown written in the
 * browser, and printable (the print stylesheet hides the controls). The
 * rule of the next step is the server's (dev_next_due); this page only
 * words it. Not for recording steps (dev-steps.js on the member page).
 */
import { html, useState } from './lib.js';
import { t } from './i18n.js';
import { get } from './api.js';
import { label } from './codes.js';
import { useLoad, Loading, ErrorBox, useCursorPager, Pager } from './ui.js';

const STAGES = ['applicant', 'activist', 'target', 'probationary'];
const PAGE = 50;

function csvField(s) {
	const v = s === null || s === undefined ? '' : String(s);
	return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
}

function downloadCsv(items) {
	const head = ['person_id', 'name', 'org_code', 'org_name', 'stage', 'applied', 'activist', 'target',
		'admitted', 'probation_end', 'next_step', 'due', 'overdue', 'rule', 'source'];
	const rows = items.map((r) => [r.person.id, r.person.name, r.org.code, r.org.name, r.stage, r.applied,
		r.activist, r.target, r.admitted, r.probation_end, r.next ? r.next.step : '', r.next ? r.next.due : '',
		r.next && r.next.overdue ? 'yes' : 'no', r.next ? r.next.rule : '', r.next ? r.next.source : '']);
	const text = '\ufeff' + [head, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
	const a = document.createElement('a');
	a.href = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
	a.download = 'development-register.csv';
	document.body.appendChild(a);
	a.click();
	setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

/* The next step due n ({"step","due","kind","unknown"} of the server) in
 * words; also the member page's "next step due" (dev-steps.js). */
export function Next({ n }) {
	if (!n) return '';
	const due = n.due ? t('dev.register.kind.' + n.kind, { date: n.due }) : (n.unknown ? t('dev.register.unknown') : '');
	return html`<span>${t('dev.step.' + n.step)}</span>${due ? html` <span class="muted small">${due}</span>` : null}`;
}

export function DevRegister({ id, initialStage, asOf }) {
	const [stage, setStage] = useState(STAGES.includes(initialStage) ? initialStage : '');
	const [overdue, setOverdue] = useState(false);
	const [sort, setSort] = useState('due');
	const [order, setOrder] = useState('asc');
	const pager = useCursorPager();
	const [data, error, , busy] = useLoad(() => get(`/orgs/${id}/development`,
		{ stage, overdue: overdue ? 1 : '', sort, order, as_of: asOf, cursor: pager.cursor, limit: PAGE }),
	[id, stage, overdue, sort, order, asOf, pager.cursor], true);
	const items = (data && data.items) || [];
	const by = (k) => {
		if (k === sort) setOrder(order === 'asc' ? 'desc' : 'asc');
		else { setSort(k); setOrder('asc'); }
		pager.reset();
	};
	const Th = ({ k, m, cls }) => html`<th scope="col" class=${cls || ''}
		aria-sort=${sort === k ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
		<button type="button" class="link sort" data-sort=${k} onClick=${() => by(k)}>${t(m)}${sort === k ? (order === 'asc' ? ' ▲' : ' ▼') : ''}</button></th>`;
	return html`<section class="dev-register" aria-busy=${busy ? 'true' : 'false'}>
		<div class="filters no-print">
			<label>${t('dev.register.stage')}
				<select name="stage" value=${stage} onChange=${(ev) => {
					const v = ev.currentTarget.value;
					setStage(v); pager.reset();
					location.replace(`#/org/${id}/development` + (v ? '?stage=' + v : ''));
				}}>
					<option value="">${t('dev.register.all')}</option>
					${STAGES.map((k) => html`<option value=${k}>${label('member_status', k)}${data && data.counts ? ` (${data.counts[k]})` : ''}</option>`)}
				</select></label>
			<label><input type="checkbox" name="overdue" checked=${overdue}
				onChange=${(ev) => { setOverdue(ev.currentTarget.checked); pager.reset(); }} />
				${t('dev.register.overdue_only')}${data && data.counts ? ` (${data.counts.overdue})` : ''}</label>
			${data ? html`<span class="muted ledger-total" data-total=${data.total}>${t('ledger.total', { n: data.total })}</span>` : null}
			<span class="spacer"></span>
			<button type="button" data-export="csv" disabled=${!items.length} onClick=${() => downloadCsv(items)}>${t('dev.register.csv')}</button>
			<button type="button" data-action="print" onClick=${() => window.print()}>${t('print.print')}</button>
		</div>
		${error ? html`<${ErrorBox} error=${error} />` : null}
		${data === undefined ? html`<${Loading} />` : null}
		${data && !items.length ? html`<p class="muted">${t('dev.register.none')}</p>` : null}
		${items.length ? html`<div class="scroll-x"><table class="grid dev-register-list" aria-label=${t('dev.register.title')}>
			<thead><tr>
				<${Th} k="name" m="field.person_name" /><${Th} k="org" m="ledger.col.org" /><${Th} k="stage" m="dev.register.stage" />
				<th scope="col" class="date">${t('field.applied')}</th><th scope="col" class="date">${t('field.activist')}</th>
				<th scope="col" class="date">${t('field.target')}</th><th scope="col" class="date">${t('field.admitted')}</th>
				<th scope="col">${t('dev.register.last')}</th>
				<${Th} k="due" m="dev.register.next" /><th scope="col">${t('findings.col.source')}</th>
			</tr></thead>
			<tbody>${items.map((r) => html`<tr data-person-id=${r.person.id} data-stage=${r.stage}
				data-next=${r.next ? r.next.step : ''} data-due=${r.next && r.next.due ? r.next.due : ''}
				class=${r.next && r.next.overdue ? 'overdue' : ''}>
				<td><a href=${'#/member/' + r.person.id}>${r.person.name}</a></td>
				<td><a href=${'#/org/' + r.org.id}>${r.org.name}</a></td>
				<td>${label('member_status', r.stage)}</td>
				<td class="date">${r.applied || ''}</td><td class="date">${r.activist || ''}</td>
				<td class="date">${r.target || ''}</td><td class="date">${r.admitted || ''}</td>
				<td>${r.last_step ? html`${t('dev.step.' + r.last_step.step)} <span class="muted small">${r.last_step.date}</span>` : ''}</td>
				<td><${Next} n=${r.next} />${r.next && r.next.overdue ? html` <span class="badge bad" data-overdue="1">${t('dev.register.overdue', { n: r.next.days_overdue })}</span>` : null}</td>
				<td class="source">${r.next && r.next.rule ? html`<span class="mono small">${r.next.rule}</span> ${r.next.source}` : ''}</td>
			</tr>`)}</tbody></table></div>` : null}
		${data && (pager.page > 1 || data.next_cursor) ? html`<div class="no-print"><${Pager} ...${pager.controls(data.next_cursor)} /></div>` : null}
	</section>`;
}
