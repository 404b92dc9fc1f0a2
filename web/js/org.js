/*
 * org.js - the organization page: path breadcrumb, details (optionally as of
 * a past date), children (paged), members, statistics (dashboard.js), history, and the officer's
 * actions (create child, rename, move, merge, dissolve) as forms whose
 * server errors land beside their fields. Not for the tree (tree.js) nor the
 * member list itself (member.js).
 */
import { html, useState, useEffect } from './lib.js';
import { t, has } from './i18n.js';
import { get, post } from './api.js';
import { label } from './codes.js';
import {
	useLoad, Loading, ErrorBox, Modal, useForm, Field, CodeField, DateField, GeneralError,
	OrgPicker, notify, Pager,
} from './ui.js';
import { Timeline } from './timeline.js';
import { useAllowedKinds, defaultKind } from './structure.js';
import { MemberList } from './member.js';
import { Dashboard } from './dashboard.js';
import { FindingsList } from './findings.js';
import { DevRegister } from './dev-register.js';
import { TransfersTab } from './transfers.js';
import { DuesLedger } from './dues.js';
import { can, go } from './nav.js';
import { useTitle, levelName } from './ledger.js';

const PAGE = 50;
const TAB_KEYS = {
	overview: 'org.tab.overview', children: 'org.tab.children', members: 'org.tab.members',
	stats: 'org.tab.stats', history: 'org.tab.history', findings: 'findings.title',
	development: 'org.tab.development', transfers: 'transfer.title',
	dues: 'dues.tab',
};

export function OrgPage({ user, id, tab, query, onShown }) {
	const asOf = query.get('as_of') || '';
	const [org, error, reload] = useLoad(() => get(`/orgs/${id}`, { as_of: asOf }), [id, asOf]);
	const [action, setAction] = useState(null);
	useTitle(org ? `${org.name} · ${t(TAB_KEYS[tab] || 'org.tab.overview')}` : t('org.tab.overview'));

	useEffect(() => {
		if (!org) return;
		const path = (org.path || []).slice();
		if (!path.length || String(path[path.length - 1].id) !== String(org.id))
			path.push({ id: org.id, code: org.code, name: org.name });
		onShown(path);
	}, [org]);

	if (error) return html`<div class="page"><${ErrorBox} error=${error} /></div>`;
	if (!org) return html`<div class="page"><${Loading} /></div>`;
	const base = `#/org/${id}`;
	const qs = asOf ? '?as_of=' + asOf : '';
	const tabs = [['overview', 'org.tab.overview'], ['children', 'org.tab.children']];
	if (can.members(user)) tabs.push(['members', 'org.tab.members']);
	if (can.stats(user)) tabs.push(['stats', 'org.tab.stats']);
	if (can.members(user)) tabs.push(['findings', 'findings.title']);
	if (can.members(user)) tabs.push(['development', 'org.tab.development']);
	if (can.members(user)) tabs.push(['transfers', 'transfer.title']);
	/* the dues tab: the ledger for who reads members, the subtree's months for who reads statistics */
	if (can.members(user) || can.stats(user)) tabs.push(['dues', 'dues.tab']);
	tabs.push(['history', 'org.tab.history']);
	const done = (o, msg) => {
		setAction(null);
		notify(msg);
		if (o && o.id && String(o.id) !== String(id)) go('/org/' + o.id);
		else reload();
	};

	return html`<div class="page org-page">
		<nav class="crumbs" aria-label=${t('org.path')}>
			${(org.path || []).map((p, i, a) => html`${i ? html`<span class="sep">›</span>` : null}${
				String(p.id) === String(org.id) && i === a.length - 1 ? html`<span>${p.name}</span>` : html`<a href=${'#/org/' + p.id}>${p.name}</a>`}`)}
		</nav>
		<div class="title-row">
			<h1>${org.name} ${org.dissolved ? html`<span class="badge bad">${t('org.dissolved')}</span>` : null}</h1>
			<span class="muted">${org.code} · ${label('org_kind', org.kind)}</span>
			<div class="spacer"></div>
			${can.stats(user) ? html`<a class="button" data-action="print-bulletin" href=${`${base}/print-bulletin`}>${t('print.bulletin')}</a>` : null}
			<label class="as-of">${t('org.as_of')}
				<input type="date" value=${asOf} onChange=${(ev) => {
					const v = ev.currentTarget.value;
					location.hash = `${base}/${tab}` + (v ? '?as_of=' + v : '');
				}} /></label>
		</div>
		${(can.createOrgs(user) || can.editOrgs(user)) && !asOf && !org.dissolved ? html`<div class="toolbar">
			${can.createOrgs(user) ? html`<button type="button" data-action="create" onClick=${() => setAction('create')}>${t('org.action.create')}</button>` : null}
			${can.editOrgs(user) ? html`<button type="button" onClick=${() => setAction('rename')}>${t('org.action.rename')}</button>
			<button type="button" onClick=${() => setAction('move')}>${t('org.action.move')}</button>
			<button type="button" onClick=${() => setAction('merge')}>${t('org.action.merge')}</button>
			<button type="button" class="danger" onClick=${() => setAction('dissolve')}>${t('org.action.dissolve')}</button>` : null}
		</div>` : null}
		<div class="tabs" role="tablist">
			${tabs.map(([k, m]) => html`<a role="tab" aria-selected=${tab === k ? 'true' : 'false'} class=${tab === k ? 'active' : ''}
				href=${`${base}/${k}${qs}`}>${t(m)}${k === 'children' ? ` (${org.child_count ?? ''})` : ''}</a>`)}
		</div>
		${tab === 'overview' ? html`<${OrgDetails} org=${org} />` : null}
		${tab === 'children' && query.get('todo') ? html`<${OrgFindings} key=${query.get('todo')} id=${id} todo=${query.get('todo')} />` : null}
		${tab === 'children' && !query.get('todo') ? html`<${OrgChildren} id=${id} asOf=${asOf} />` : null}
		${tab === 'members' && can.members(user) ? html`<${MemberList} key=${(query.get('status') || '') + '|' + (query.get('filter') || '') + '|' + (query.get('overdue') || '')} user=${user} org=${org}
			initialStatus=${query.get('status') || ''} initialFilter=${query.get('filter') || ''} initialOverdue=${query.get('overdue') === '1'} />` : null}
		${tab === 'stats' && can.stats(user) ? html`<${Dashboard} user=${user} org=${org} />` : null}
		${tab === 'findings' && can.members(user) ? html`<${FindingsList} key=${query.get('rule') || ''} id=${id} initialRule=${query.get('rule') || ''} asOf=${asOf} />` : null}
		${tab === 'development' && can.members(user) ? html`<${DevRegister} key=${query.get('stage') || ''} id=${id} initialStage=${query.get('stage') || ''} asOf=${asOf} />` : null}
		${tab === 'transfers' && can.members(user) ? html`<${TransfersTab} org=${org} user=${user} />` : null}
		${tab === 'dues' && (can.members(user) || can.stats(user)) ? html`<${DuesLedger} id=${id} ledger=${can.members(user)} stats=${can.stats(user)} />` : null}
		${tab === 'history' ? html`<${Timeline} path=${`/orgs/${id}/history`} kinds="org.event." />` : null}
		${action === 'create' ? html`<${OrgCreateForm} parent=${org} onClose=${() => setAction(null)} onDone=${(o) => done(o, t('org.created'))} />` : null}
		${action === 'rename' ? html`<${OrgRenameForm} org=${org} onClose=${() => setAction(null)} onDone=${(o) => done(null, t('org.renamed'))} />` : null}
		${action === 'move' ? html`<${OrgMoveForm} org=${org} onClose=${() => setAction(null)} onDone=${() => done(null, t('org.moved'))} />` : null}
		${action === 'merge' ? html`<${OrgMergeForm} org=${org} onClose=${() => setAction(null)} onDone=${() => done(null, t('org.merged'))} />` : null}
		${action === 'dissolve' ? html`<${OrgDissolveForm} org=${org} onClose=${() => setAction(null)} onDone=${() => done(null, t('org.dissolved_done'))} />` : null}
	</div>`;
}

function Dl({ rows }) {
	return html`<dl class="details">${rows.filter((r) => r[1] !== null && r[1] !== undefined && r[1] !== '').map(([k, v]) =>
		html`<div><dt>${t(k)}</dt><dd>${v}</dd></div>`)}</dl>`;
}

function OrgDetails({ org }) {
	return html`<section class="card"><${Dl} rows=${[
		['field.code', org.code],
		['field.name', org.name],
		['field.kind', label('org_kind', org.kind)],
		['field.sector', label('sector', org.sector)],
		['field.division', org.division],
		['field.level', levelName(org.level)],
		['field.established', org.established],
		['field.dissolved', org.dissolved],
		['field.purpose', org.purpose],
		['field.end_date', org.end_date],
		['field.label', org.label],
		['field.term_start', org.term_start],
		['field.term_years', org.term_years || null],
		['org.child_count', org.child_count],
		['org.member_count', org.member_count],
	]} /></section>`;
}

function OrgChildren({ id, asOf }) {
	const [data, error] = useLoad(() => get(`/orgs/${id}/children`, { as_of: asOf, counts: asOf ? '' : 1 }), [id, asOf]);
	const [page, setPage] = useState(0);
	const [filter, setFilter] = useState('');
	if (error) return html`<${ErrorBox} error=${error} />`;
	if (!data) return html`<${Loading} />`;
	const f = filter.trim().toLowerCase();
	const all = (data.items || []).filter((o) => !f || o.name.toLowerCase().includes(f) || o.code.toLowerCase().includes(f));
	const pages = Math.max(1, Math.ceil(all.length / PAGE));
	const p = Math.min(page, pages - 1);
	const items = all.slice(p * PAGE, (p + 1) * PAGE);
	const counts = (data.items || []).some((o) => 'member_count' in o);
	return html`<section>
		<div class="filters"><input type="search" value=${filter} placeholder=${t('org.filter_children')} aria-label=${t('org.filter_children')}
			onInput=${(ev) => { setFilter(ev.currentTarget.value); setPage(0); }} />
			<span class="muted">${t('common.count', { n: all.length })}</span></div>
		${items.length ? html`<table class="grid children-table"><thead><tr>
			<th>${t('field.name')}</th><th>${t('field.code')}</th><th>${t('field.kind')}</th><th>${t('field.level')}</th><th>${t('field.sector')}</th>
			<th class="num">${t('org.child_count')}</th>${counts ? html`<th class="num">${t('ledger.col.member_count')}</th>` : null}
		</tr></thead><tbody>${items.map((o) => html`<tr data-org-id=${o.id}>
			<td><a href=${'#/org/' + o.id}>${o.name}</a></td><td>${o.code}</td><td>${label('org_kind', o.kind)}</td>
			<td>${levelName(o.level)}</td><td>${label('sector', o.sector)}</td><td class="num">${o.child_count ?? ''}</td>
			${counts ? html`<td class="num" data-col="member_count">${o.member_count === null || o.member_count === undefined ? ''
				: html`<a href=${'#/org/' + o.id + '/members?status=members'}>${o.member_count}</a>`}</td>` : null}</tr>`)}</tbody></table>`
			: html`<p class="muted">${t('org.no_children')}</p>`}
		${pages > 1 ? html`<${Pager} page=${p + 1} pages=${pages} hasNext=${p < pages - 1}
			onPrev=${() => setPage(p - 1)} onNext=${() => setPage(p + 1)} />` : null}
	</section>`;
}

/* The organizations of the subtree a to-do kind finds (?todo=KEY), the
 * target of the workbench's organization items. */
function OrgFindings({ id, todo }) {
	const [data, error] = useLoad(() => get(`/orgs/${id}/children`, { todo }), [id, todo]);
	if (error) return html`<${ErrorBox} error=${error} />`;
	if (!data) return html`<${Loading} />`;
	const items = data.items || [];
	return html`<section class="findings">
		<div class="filters"><span class="chip" data-todo=${todo}>${t('home.todo.' + todo)}
			<a class="button small" href=${'#/org/' + id + '/children'} aria-label=${t('member.clear_filter')}>×</a></span>
			<span class="muted ledger-total" data-total=${items.length}>${t('ledger.total', { n: items.length })}</span></div>
		${items.length ? html`<table class="grid findings-table"><thead><tr>
			<th>${t('field.name')}</th><th>${t('field.code')}</th><th>${t('field.kind')}</th><th>${t('field.level')}</th>
			<th class="date">${t('field.term_start')}</th><th class="num">${t('field.term_years')}</th><th class="date">${t('ledger.col.term_end')}</th><th class="date">${t('field.end_date')}</th>
		</tr></thead><tbody>${items.map((o) => html`<tr data-org-id=${o.id}>
			<td><a href=${'#/org/' + o.id}>${o.name}</a></td><td>${o.code}</td><td>${label('org_kind', o.kind)}</td><td>${levelName(o.level)}</td>
			<td class="date">${o.term_start || ''}</td><td class="num">${o.term_years || ''}</td><td class="date">${o.term_end || ''}</td><td class="date">${o.end_date || ''}</td>
		</tr>`)}</tbody></table>` : html`<p class="muted">${t('common.none_found')}</p>`}
	</section>`;
}

/* Drops empty values so that the server applies its defaults. */
function compact(v) {
	const out = {};
	for (const [k, x] of Object.entries(v)) if (x !== '' && x !== null && x !== undefined) out[k] = x;
	return out;
}

function Actions({ form, onClose, submitKey = 'common.save', danger }) {
	return html`<${GeneralError} form=${form} />
		<div class="actions">
			<button type="button" onClick=${onClose}>${t('common.cancel')}</button>
			<button type="submit" class=${danger ? 'danger' : 'primary'} disabled=${form.busy}>${t(submitKey)}</button>
		</div>`;
}

function OrgCreateForm({ parent, onClose, onDone }) {
	const form = useForm({
		code: '', name: '', kind: '', sector: parent.sector || '', division: '', established: '',
		purpose: '', end_date: '', label: '', term_start: '', term_years: '', reference: '',
	});
	const v = form.values;
	/* the kinds the structure rules allow under parent; the default follows them */
	const [kinds, kindsLoaded] = useAllowedKinds(parent);
	useEffect(() => {
		if (kindsLoaded && !kinds.includes(form.values.kind)) form.set('kind', defaultKind(kinds));
	}, [kinds, kindsLoaded]);
	const submit = (ev) => {
		ev.preventDefault();
		form.submit(async (vals) => {
			const body = compact({ ...vals, parent_id: parent.id });
			if (body.term_years !== undefined) body.term_years = Number(body.term_years);
			onDone(await post('/orgs', body));
		});
	};
	return html`<${Modal} title=${t('org.action.create_under', { name: parent.name })} onClose=${onClose}>
		<form onSubmit=${submit} class="form" novalidate>
			<${Field} form=${form} name="code" required />
			<${Field} form=${form} name="name" required />
			<${Field} form=${form} name="kind" required>
				<select id="f-kind" name="kind" value=${v.kind} disabled=${!kindsLoaded}
					onChange=${(ev) => form.set('kind', ev.currentTarget.value)}>
					${kinds.map((k) => html`<option value=${k}>${label('org_kind', k)}</option>`)}
				</select>
			<//>
			<${CodeField} form=${form} name="sector" table="sector" required />
			<${Field} form=${form} name="division" />
			<${DateField} form=${form} name="established" />
			${v.kind === 'temporary' ? html`<${Field} form=${form} name="purpose" required />
				<${DateField} form=${form} name="end_date" required />` : null}
			<${Field} form=${form} name="label" />
			<${DateField} form=${form} name="term_start" />
			<${Field} form=${form} name="term_years" type="number" />
			<${Field} form=${form} name="reference" />
			<${Actions} form=${form} onClose=${onClose} submitKey="org.action.create" />
		</form>
	<//>`;
}

function OrgRenameForm({ org, onClose, onDone }) {
	const form = useForm({ name: org.name, date: '', reference: '' });
	const submit = (ev) => {
		ev.preventDefault();
		form.submit(async (v) => onDone(await post(`/orgs/${org.id}/rename`, compact(v))));
	};
	return html`<${Modal} title=${t('org.action.rename')} onClose=${onClose}>
		<form onSubmit=${submit} class="form" novalidate>
			<${Field} form=${form} name="name" labelKey="org.new_name" required />
			<${DateField} form=${form} name="date" />
			<${Field} form=${form} name="reference" />
			<${Actions} form=${form} onClose=${onClose} />
		</form>
	<//>`;
}

function OrgPickField({ form, name, labelKey }) {
	const [picked, setPicked] = useState(null);
	return html`<${Field} form=${form} name=${name} labelKey=${labelKey} required>
		<${OrgPicker} id=${'f-' + name} value=${form.values[name]} valueLabel=${picked && picked.name}
			invalid=${!!form.errors[name]}
			onPick=${(o) => { setPicked(o); form.set(name, o ? o.id : ''); }} />
	<//>`;
}

function OrgMoveForm({ org, onClose, onDone }) {
	const form = useForm({ parent_id: '', date: '', reference: '' });
	const submit = (ev) => {
		ev.preventDefault();
		form.submit(async (v) => onDone(await post(`/orgs/${org.id}/move`, compact(v))));
	};
	return html`<${Modal} title=${t('org.action.move_named', { name: org.name })} onClose=${onClose}>
		<form onSubmit=${submit} class="form" novalidate>
			<${OrgPickField} form=${form} name="parent_id" labelKey="org.new_parent" />
			<${DateField} form=${form} name="date" />
			<${Field} form=${form} name="reference" />
			<${Actions} form=${form} onClose=${onClose} />
		</form>
	<//>`;
}

function OrgMergeForm({ org, onClose, onDone }) {
	const form = useForm({ into: '', date: '', reference: '' });
	const submit = (ev) => {
		ev.preventDefault();
		form.submit(async (v) => onDone(await post(`/orgs/${org.id}/merge`, compact(v))));
	};
	return html`<${Modal} title=${t('org.action.merge_named', { name: org.name })} onClose=${onClose}>
		<form onSubmit=${submit} class="form" novalidate>
			<${OrgPickField} form=${form} name="into" labelKey="org.merge_into" />
			<${DateField} form=${form} name="date" />
			<${Field} form=${form} name="reference" />
			<${Actions} form=${form} onClose=${onClose} />
		</form>
	<//>`;
}

function OrgDissolveForm({ org, onClose, onDone }) {
	const form = useForm({ date: '', reference: '' });
	const submit = (ev) => {
		ev.preventDefault();
		form.submit(async (v) => onDone(await post(`/orgs/${org.id}/dissolve`, compact(v))));
	};
	return html`<${Modal} title=${t('org.action.dissolve_named', { name: org.name })} onClose=${onClose}>
		<form onSubmit=${submit} class="form" novalidate>
			<p class="warn">${t('org.dissolve_warning')}</p>
			<${DateField} form=${form} name="date" />
			<${Field} form=${form} name="reference" />
			<${Actions} form=${form} onClose=${onClose} submitKey="org.action.dissolve" danger />
		</form>
	<//>`;
}
