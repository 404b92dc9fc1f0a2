/*
 * member.js - members: the list of an organization (search by Hanzi, full
 * pinyin or initials; status and subtree filters; cursor pages of the
 * order the server sorts the whole list by, chosen at the ledger's headers
 * (useSort); CSV/XLSX export of the current filter), the search over the
 * whole scope, the member page (record, masked identifiers with a reveal
 * button, the development steps (dev-steps.js), timeline, the standing
 * and discipline section (standing.js), the member's transfers with links
 * to their printable letters (transfers.js), the "end membership" and "correction" actions) and the
 * create/edit form, which shows each server validation error beside its
 * field. An edit never changes the status or the key dates: those are set
 * on creation, and later only by the end of a membership (POST
 * /members/{id}/end) or a correction with a reason (POST
 * /members/{id}/corrections). Not for organizations (org.js).
 */
import { html, useState, useEffect, useRef } from './lib.js';
import { t } from './i18n.js';
import { get, post, patch } from './api.js';
import { label, options } from './codes.js';
import {
	useLoad, Loading, ErrorBox, useForm, Field, CodeField, DateField, GeneralError, OrgPicker,
	useCursorPager, Pager, notify,
} from './ui.js';
import { Timeline } from './timeline.js';
import { StandingSection } from './standing.js';
import { DuesSection } from './dues.js';
import { DevSteps } from './dev-steps.js';
import { MemberTransfers } from './transfers.js';
import { MemberLedger, usePageSize, useSort, useTitle } from './ledger.js';
import { ExportButton } from './export.js';
import { can, go } from './nav.js';

/* Members of org with filters; the filter also drives the export links. */
/* A drill-down filter ("sex=female,age_band=31-35") in the words of the
 * dashboard it came from. */
const DRILL_WORDS = {
	sex: [() => t('field.sex'), (v) => label('sex', v)],
	age_band: [() => t('stats.age_band'), (v) => v],
	education_group: [() => t('stats.education'), (v) => t('stats.edu.' + v)],
	occupation: [() => t('stats.occupation'), (v) => label('occupation', v)],
	join_period: [() => t('stats.joined'), (v) => t('stats.join.' + v)],
};
function filterText(filter) {
	return filter.split(',').map((part) => {
		const at = part.indexOf('=');	/* the value may hold '=' itself: age band <=30 */
		const dim = part.slice(0, at), v = part.slice(at + 1);
		const w = DRILL_WORDS[dim];
		return w ? `${w[0]()}: ${w[1](v)}` : part;
	}).join(' · ');
}

export function MemberList({ user, org, initialStatus = '', initialFilter = '', initialOverdue = false }) {
	const [q, setQ] = useState('');
	const [query, setQuery] = useState('');
	const [status, setStatus] = useState(initialStatus);
	const [filter, setFilter] = useState(initialFilter);
	const [overdue, setOverdue] = useState(initialOverdue);
	const [subtree, setSubtree] = useState(true);
	const [size, setSize] = usePageSize();
	const pager = useCursorPager();
	const sort = useSort(() => pager.reset());
	const order = sort.params();
	const timer = useRef(null);
	const [data, error, , busy] = useLoad(() => get(`/orgs/${org.id}/members`, {
		q: query, status, subtree: subtree ? 1 : '', filter, overdue: overdue ? 1 : '', limit: size,
		...order, cursor: pager.cursor,
	}), [org.id, query, status, subtree, filter, overdue, size, order.sort, order.order, pager.cursor], true);

	const typed = (v) => {
		setQ(v);
		clearTimeout(timer.current);
		timer.current = setTimeout(() => { pager.reset(); setQuery(v.trim()); }, 250);
	};
	const exportQuery = { org: org.id, status, filter, subtree: subtree ? 1 : '' };

	return html`<section class=${'member-list' + (busy ? ' is-busy' : '')} aria-busy=${busy ? 'true' : 'false'}>
		<form class="filters" role="search" onSubmit=${(ev) => { ev.preventDefault(); clearTimeout(timer.current); pager.reset(); setQuery(q.trim()); }}>
			<input type="search" name="q" value=${q} placeholder=${t('member.search_placeholder')} aria-label=${t('member.search_placeholder')}
				onInput=${(ev) => typed(ev.currentTarget.value)} />
			<select name="status" aria-label=${t('field.status')} value=${status} onChange=${(ev) => { pager.reset(); setOverdue(false); setStatus(ev.currentTarget.value); }}>
				<option value="">${t('member.all_statuses')}</option>
				<option value="members">${t('member.members_only')}</option>
				${options('member_status').map((o) => html`<option value=${o.key}>${label('member_status', o.key)}</option>`)}
			</select>
			<label class="check"><input type="checkbox" name="subtree" checked=${subtree}
				onChange=${(ev) => { pager.reset(); setSubtree(ev.currentTarget.checked); }} /> ${t('member.subtree')}</label>
			${filter ? html`<span class="chip" data-drill=${filter}>${filterText(filter)}
				<button type="button" class="small" aria-label=${t('member.clear_filter')}
					onClick=${() => { pager.reset(); setFilter(''); }}>×</button></span>` : null}
			${overdue ? html`<span class="chip" data-todo="probation_overdue">${t('home.todo.probation_overdue')}
				<button type="button" class="small" aria-label=${t('member.clear_filter')}
					onClick=${() => { pager.reset(); setOverdue(false); }}>×</button></span>` : null}
			<div class="spacer"></div>
			${can.editMembers(user) ? html`<a class="button" href=${'#/members/new?org=' + org.id}>${t('member.new')}</a>` : null}
			${can.export(user) ? html`<${ExportButton} query=${exportQuery} format="csv" />
				<${ExportButton} query=${exportQuery} format="xlsx" />` : null}
		</form>
		${error ? html`<${ErrorBox} error=${error} />` : null}
		${data === undefined ? html`<${Loading} />` : null}
		${data ? html`${busy ? html`<div class="muted count-line"><span class="busy">${t('common.loading')}</span></div>` : null}
			<${MemberLedger} items=${data.items || []} total=${data.total} pageSize=${size}
				onPageSize=${(n) => { pager.reset(); setSize(n); }} sort=${sort}
				pager=${html`<${Pager} ...${pager.controls(data.next_cursor)} />`} />` : null}
	</section>`;
}

export function MemberSearchPage({ q }) {
	const pager = useCursorPager();
	const [size, setSize] = usePageSize();
	const sort = useSort(() => pager.reset());
	const order = sort.params();
	useEffect(() => pager.reset(), [q]);
	useTitle(t('member.search_title', { q }));
	const [data, error] = useLoad(() => get('/members', { q, limit: size, ...order, cursor: pager.cursor }),
		[q, size, order.sort, order.order, pager.cursor], true);
	return html`<div class="page">
		<h1>${t('member.search_title', { q })}</h1>
		${error ? html`<${ErrorBox} error=${error} />` : null}
		${data === undefined ? html`<${Loading} />` : null}
		${data ? html`<${MemberLedger} items=${data.items || []} total=${data.total} pageSize=${size}
			onPageSize=${(n) => { pager.reset(); setSize(n); }} sort=${sort}
			pager=${html`<${Pager} ...${pager.controls(data.next_cursor)} />`} />` : null}
	</div>`;
}

/* The member's organization path as breadcrumbs (GET /orgs/{id} path). */
function MemberCrumbs({ orgId }) {
	const [org] = useLoad(() => (orgId ? get(`/orgs/${orgId}`) : null), [orgId]);
	if (!orgId || !org) return null;
	return html`<nav class="crumbs" aria-label=${t('org.path')}>
		${(org.path || []).map((p, i) => html`${i ? html`<span class="sep">›</span>` : null}<a href=${'#/org/' + p.id}>${p.name}</a>`)}
	</nav>`;
}

/* The organization as its name: a link for readers of organizations, else
 * the name the member record carries (a member's own organization). */
function OrgName({ id, name, user }) {
	if (!id) return '';
	if (!can.tree(user)) return html`<span data-org-name>${name || ''}</span>`;
	return html`<a href=${'#/org/' + id}>${name || t('ledger.org_unavailable')}</a>`;
}

export function MemberPage({ user, id, edit }) {
	const [reveal, setReveal] = useState(false);
	const [act, setAct] = useState(null);   /* null, 'end' or 'correct' */
	const [rev, setRev] = useState(0);      /* standing and discipline writes: the timeline reloads */
	const [person, error, reload] = useLoad(() => get(`/members/${id}`, { reveal: reveal ? 1 : '' }), [id, reveal]);
	useTitle(person ? `${person.name} · ${t(edit ? 'common.edit' : 'ledger.title.member')}` : t('ledger.title.member'));
	if (error) return html`<div class="page"><${ErrorBox} error=${error} /></div>`;
	if (!person) return html`<div class="page"><${Loading} /></div>`;
	if (edit) return html`<div class="page"><h1>${t('member.edit_title', { name: person.name })}</h1>
		<${MemberForm} user=${user} person=${person} onDone=${(p) => { notify(t('member.saved')); go('/member/' + p.id); }}
			onCancel=${() => go('/member/' + id)} /></div>`;
	const row = (k, v) => (v === null || v === undefined || v === '' ? null : html`<div><dt>${t(k)}</dt><dd>${v}</dd></div>`);
	return html`<div class="page member-page">
		<${MemberCrumbs} orgId=${person.org_id} />
		<div class="title-row">
			<h1>${person.name}</h1><span class="muted">${person.pinyin || ''}</span>
			<span class="badge">${label('member_status', person.status)}</span>
			<div class="spacer"></div>
			${person.masked && can.reveal(user) ? html`<button type="button" onClick=${() => setReveal(true)}>${t('member.reveal')}</button>` : null}
			${!person.masked && reveal ? html`<button type="button" onClick=${() => setReveal(false)}>${t('member.hide')}</button>` : null}
			<a class="button" data-action="print" href=${'#/member/' + id + '/print' + (reveal && !person.masked ? '?reveal=1' : '')}>${t('print.record')}</a>
			${can.editMembers(user) ? html`<a class="button primary" href=${'#/member/' + id + '/edit'}>${t('common.edit')}</a>` : null}
			${can.editMembers(user) && CURRENT.includes(person.status) ? html`<button type="button" data-action="end"
				onClick=${() => setAct(act === 'end' ? null : 'end')}>${t('member.end')}</button>` : null}
			${can.editMembers(user) && person.status ? html`<button type="button" data-action="correct"
				onClick=${() => setAct(act === 'correct' ? null : 'correct')}>${t('member.correct')}</button>` : null}
		</div>
		${act === 'end' ? html`<section class="card"><h2>${t('member.end_title')}</h2>
			<${EndForm} person=${person} onDone=${() => { setAct(null); notify(t('member.ended')); reload(); }}
				onCancel=${() => setAct(null)} /></section>` : null}
		${act === 'correct' ? html`<section class="card"><h2>${t('member.correct_title')}</h2>
			<${CorrectForm} person=${person} onDone=${() => { setAct(null); notify(t('member.corrected')); reload(); }}
				onCancel=${() => setAct(null)} /></section>` : null}
		<section class="card"><dl class="details">
			${row('field.sex', label('sex', person.sex))}
			${row('field.birth_date', person.birth_date)}
			${row('field.ethnicity', label('ethnicity', person.ethnicity))}
			${row('field.education', label('education', person.education))}
			${row('field.occupation', label('occupation', person.occupation))}
			${row('field.id_number', html`<span class="mono" data-field-value="id_number">${person.id_number || ''}</span>`)}
			${row('field.phone', person.phone && html`<span class="mono" data-field-value="phone">${person.phone}</span>`)}
			${row('field.address', person.address)}
			${row('field.org_id', person.org_id && html`<${OrgName} id=${person.org_id} name=${person.org_name} user=${user} />`)}
			${row('ledger.col.party_age', person.party_age === null || person.party_age === undefined ? null : t('ledger.years', { n: person.party_age }))}
			${row('field.status', label('member_status', person.status))}
			${row('field.flags', (person.flags || []).map((f) => t('flag.' + f)).join('、'))}
			${row('field.applied', person.applied)}
			${row('field.activist', person.activist)}
			${row('field.target', person.target)}
			${row('field.admitted', person.admitted)}
			${row('field.full', person.full)}
			${row('field.exited', person.exited)}
		</dl>${person.masked ? html`<p class="muted small">${t('member.masked_note')}</p>` : null}</section>
		<${DevSteps} user=${user} person=${person} onChanged=${reload} />
		<${StandingSection} user=${user} person=${person} onChange=${() => { setRev(rev + 1); reload(); }} />
		<${DuesSection} user=${user} person=${person} />
		<${MemberTransfers} person=${person} user=${user} />
		<h2>${t('member.timeline')}</h2>
		<${Timeline} key=${JSON.stringify(person) + rev} path=${`/members/${id}/timeline`} kinds="member.event." />
	</div>`;
}

const CURRENT = ['probationary', 'full'];
const END_KINDS = ['withdrawal', 'removal', 'expulsion', 'death'];
const CORRECTABLE = ['status', 'applied', 'activist', 'target', 'admitted', 'full', 'exited'];

/* The act that ends a membership: kind, date, decision reference, deciding organization. */
function EndForm({ person, onDone, onCancel }) {
	const form = useForm({ kind: '', date: '', reference: '', by_org_id: String(person.org_id || '') });
	const [byName, setByName] = useState(null);
	const v = form.values;
	useEffect(() => {
		if (v.by_org_id) get(`/orgs/${v.by_org_id}`).then((o) => setByName(o.name), () => {});
	}, []);
	const submit = (ev) => {
		ev.preventDefault();
		form.submit(async (vals) => {
			const body = { kind: vals.kind, date: vals.date || null, by_org_id: vals.by_org_id ? Number(vals.by_org_id) : null };
			if (vals.reference.trim()) body.reference = vals.reference.trim();
			onDone(await post(`/members/${person.id}/end`, body));
		});
	};
	return html`<form class="form member-end-form" onSubmit=${submit} novalidate>
		<${Field} form=${form} name="kind" labelKey="member.end_kind" required>
			<select id="f-kind" name="kind" value=${v.kind} onChange=${(ev) => form.set('kind', ev.currentTarget.value)}>
				<option value="">${t('common.choose')}</option>
				${END_KINDS.map((k) => html`<option value=${k}>${t('member.end_kind.' + k)}</option>`)}
			</select>
		<//>
		<${DateField} form=${form} name="date" labelKey="member.end_date" required />
		<${Field} form=${form} name="reference" labelKey="member.end_reference" hint=${t('member.end_reference_hint')} />
		<${Field} form=${form} name="by_org_id" labelKey="member.end_by" required>
			<${OrgPicker} id="f-by_org_id" value=${v.by_org_id} valueLabel=${byName} invalid=${!!form.errors.by_org_id}
				onPick=${(o) => { setByName(o ? o.name : null); form.set('by_org_id', o ? String(o.id) : ''); }} />
		<//>
		<${GeneralError} form=${form} />
		<div class="actions">
			<button type="button" onClick=${onCancel}>${t('common.cancel')}</button>
			<button type="submit" class="primary" disabled=${form.busy}>${t('member.end')}</button>
		</div>
	</form>`;
}

/* A correction of one wrongly recorded status or key date, with its reason. */
function CorrectForm({ person, onDone, onCancel }) {
	const form = useForm({ field: '', value: '', reason: '', reference: '' });
	const v = form.values;
	const submit = (ev) => {
		ev.preventDefault();
		form.submit(async (vals) => {
			const value = (vals.value || '').trim();
			const body = { changes: [{ field: vals.field, value: value || null }], reason: vals.reason.trim() };
			if (vals.reference.trim()) body.reference = vals.reference.trim();
			onDone(await post(`/members/${person.id}/corrections`, body));
		});
	};
	return html`<form class="form member-correct-form" onSubmit=${submit} novalidate>
		<${Field} form=${form} name="field" labelKey="member.correct_field" required>
			<select id="f-field" name="field" value=${v.field} onChange=${(ev) => { form.set('field', ev.currentTarget.value); form.set('value', ''); }}>
				<option value="">${t('common.choose')}</option>
				${CORRECTABLE.map((k) => html`<option value=${k}>${t('field.' + k)}</option>`)}
			</select>
		<//>
		${v.field === 'status'
			? html`<${CodeField} form=${form} name="value" table="member_status" labelKey="member.correct_value" />`
			: html`<${DateField} form=${form} name="value" labelKey="member.correct_value" hint=${t('member.correct_clear_hint')} />`}
		<${Field} form=${form} name="reason" labelKey="member.correct_reason" required />
		<${Field} form=${form} name="reference" />
		<${GeneralError} form=${form} />
		<div class="actions">
			<button type="button" onClick=${onCancel}>${t('common.cancel')}</button>
			<button type="submit" class="primary" disabled=${form.busy}>${t('member.correct')}</button>
		</div>
	</form>`;
}

export function MemberNewPage({ user, orgId }) {
	return html`<div class="page"><h1>${t('member.new_title')}</h1>
		<${MemberForm} user=${user} person=${null} orgId=${orgId}
			onDone=${(p) => { notify(t('member.created')); go('/member/' + p.id); }}
			onCancel=${() => history.back()} /></div>`;
}

const TEXT = ['name', 'birth_date', 'id_number', 'phone', 'address', 'applied', 'activist', 'target', 'admitted', 'full', 'exited'];
const CODED = ['sex', 'ethnicity', 'education', 'occupation', 'status'];
/* Set on creation only; an edit leaves them (end of membership, corrections). */
const MEMBERSHIP = ['status', 'applied', 'activist', 'target', 'admitted', 'full', 'exited'];
const PRIVATE = ['id_number', 'phone', 'address'];
const FLAGS = ['lost_contact', 'floating', 'suspended'];

function initialValues(person, orgId) {
	const v = { reference: '', org_id: person ? (person.org_id || '') : (orgId || ''), flags: person ? (person.flags || []) : [] };
	for (const k of [...TEXT, ...CODED]) v[k] = person && person[k] !== null && person[k] !== undefined ? String(person[k]) : '';
	if (person && person.masked) for (const k of PRIVATE) v[k] = '';
	if (!person) { v.sex = ''; v.ethnicity = 'han'; }
	return v;
}

/*
 * Create (person null) or edit form. Editing sends only the changed fields
 * (PATCH); masked identifiers start empty and are sent only when typed in.
 */
function MemberForm({ user, person, orgId, onDone, onCancel }) {
	const init = initialValues(person, orgId);
	const form = useForm(init);
	const [orgName, setOrgName] = useState(null);
	const v = form.values;
	useEffect(() => {
		if (v.org_id && !orgName) get(`/orgs/${v.org_id}`).then((o) => setOrgName(o.name), () => {});
	}, []);

	const submit = (ev) => {
		ev.preventDefault();
		form.submit(async (vals) => {
			const body = {};
			for (const k of [...TEXT, ...CODED]) {
				const val = (vals[k] || '').trim();
				if (person && MEMBERSHIP.includes(k)) continue;
				if (person) {
					if (person.masked && PRIVATE.includes(k)) { if (val) body[k] = val; continue; }
					if (val !== init[k]) body[k] = val === '' ? null : val;
				} else if (val !== '') {
					body[k] = val;
				}
			}
			const oid = vals.org_id ? Number(vals.org_id) : null;
			if (!person ? oid : String(vals.org_id || '') !== String(init.org_id || '')) body.org_id = oid;
			const flagsChanged = JSON.stringify([...vals.flags].sort()) !== JSON.stringify([...init.flags].sort());
			if (!person ? vals.flags.length : flagsChanged) body.flags = vals.flags;
			if (vals.reference.trim()) body.reference = vals.reference.trim();
			if (person && !Object.keys(body).filter((k) => k !== 'reference').length) {
				form.setGeneral(t('member.nothing_changed'));
				return;
			}
			const p = person ? await patch(`/members/${person.id}`, body) : await post('/members', body);
			onDone(p);
		});
	};
	const masked = (k) => (person && person.masked ? t('member.masked_keep', { value: person[k] || '' }) : '');
	const toggleFlag = (f, on) => form.set('flags', on ? [...v.flags, f] : v.flags.filter((x) => x !== f));

	return html`<form class="form member-form" onSubmit=${submit} novalidate>
		<fieldset><legend>${t('member.section.identity')}</legend>
			<${Field} form=${form} name="name" labelKey="field.person_name" required />
			<${CodeField} form=${form} name="sex" table="sex" />
			<${DateField} form=${form} name="birth_date" />
			<${CodeField} form=${form} name="ethnicity" table="ethnicity" required />
			<${CodeField} form=${form} name="education" table="education" required />
			<${CodeField} form=${form} name="occupation" table="occupation" required />
			<${Field} form=${form} name="id_number" placeholder=${masked('id_number')} />
			<${Field} form=${form} name="phone" placeholder=${masked('phone')} />
			<${Field} form=${form} name="address" placeholder=${masked('address')} />
		</fieldset>
		<fieldset><legend>${t('member.section.membership')}</legend>
			<${Field} form=${form} name="org_id">
				<${OrgPicker} id="f-org_id" value=${v.org_id} valueLabel=${orgName} invalid=${!!form.errors.org_id}
					onPick=${(o) => { setOrgName(o ? o.name : null); form.set('org_id', o ? String(o.id) : ''); }} />
			<//>
			${person ? html`<p class="muted small" data-note="membership-acts">${t('member.status_by_acts')}</p>` : html`
			<${CodeField} form=${form} name="status" table="member_status" />
			<${DateField} form=${form} name="applied" />
			<${DateField} form=${form} name="activist" />
			<${DateField} form=${form} name="target" />
			<${DateField} form=${form} name="admitted" />
			<${DateField} form=${form} name="full" />
			<${DateField} form=${form} name="exited" />`}
			<${Field} form=${form} name="flags">
				<div class="checks">${FLAGS.map((f) => html`<label class="check"><input type="checkbox" name=${'flag-' + f}
					checked=${v.flags.includes(f)} onChange=${(ev) => toggleFlag(f, ev.currentTarget.checked)} /> ${t('flag.' + f)}</label>`)}</div>
			<//>
			<${Field} form=${form} name="reference" />
		</fieldset>
		<${GeneralError} form=${form} />
		<div class="actions">
			<button type="button" onClick=${onCancel}>${t('common.cancel')}</button>
			<button type="submit" class="primary" disabled=${form.busy}>${t('common.save')}</button>
		</div>
	</form>`;
}
