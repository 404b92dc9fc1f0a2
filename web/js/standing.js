/*
 * standing.js - the standing and discipline section of the member page: the
 * records of lost contact, floating membership and stopped party standing
 * (GET /members/{id}/standing) and the disciplinary sanctions
 * (GET /members/{id}/discipline), each with its dates, whether it is in
 * force and who decided it; and, for users who may edit members, one form
 * for a standing act and one for a sanction, each server error beside its
 * field. Which act is allowed when (order, dates, terms) is the server's
 * (ops/standing-ops.c); this module only shows it. Not for the rest of the
 * member page (member.js).
 */
import { html, useState } from './lib.js';
import { t } from './i18n.js';
import { get, post } from './api.js';
import { useLoad, Loading, ErrorBox, useForm, Field, DateField, GeneralError, OrgPicker, notify } from './ui.js';
import { can } from './nav.js';

const ACTIONS = ['lost_contact', 'contact_regained', 'floating', 'floating_end', 'stop', 'restore'];
const SANCTIONS = ['warning', 'serious_warning', 'removal', 'probation', 'expulsion'];
/* The text field each act takes, and whether it takes an organization. */
const ACT_TEXT = { lost_contact: 'search', floating: 'place', stop: 'reason', contact_regained: 'note', floating_end: 'note', restore: 'note' };
const ACT_ORG = { floating: 'host_org_id', stop: 'by_org_id', restore: 'by_org_id' };
const REQUIRED_TEXT = ['search', 'place', 'reason'];

function orgText(o) {
	return o ? `${o.name} (${o.code})` : t('standing.org_hidden');
}

/* What a record holds beyond its kind and dates, in words. */
function details(r) {
	const parts = [];
	for (const k of ['search', 'place', 'reason']) if (r[k]) parts.push(`${t('standing.field.' + k)}: ${r[k]}`);
	if (r.years) parts.push(t('standing.years', { n: r.years }));
	if (r.host !== undefined && r.kind === 'floating') parts.push(t('standing.host', { org: orgText(r.host) }));
	if (r.kind !== 'lost_contact' && r.kind !== 'floating') parts.push(t('standing.by', { org: orgText(r.by) }));
	if (r.reference) parts.push(t('standing.ref', { ref: r.reference }));
	if (r.note) parts.push(`${t('standing.field.note')}: ${r.note}`);
	return parts.join(' · ');
}

function Records({ items, kind }) {
	if (!items.length) return html`<p class="muted" data-standing-empty=${kind}>${t('common.none')}</p>`;
	return html`<div class="scroll-x"><table class="grid standing-table" data-standing=${kind}><thead><tr>
		<th>${t('standing.col.kind')}</th><th class="date">${t('standing.col.start')}</th>
		<th class="date">${t('standing.col.end')}</th><th>${t('standing.col.state')}</th>
		<th>${t('standing.col.details')}</th></tr></thead>
		<tbody>${items.map((r) => html`<tr data-record=${r.id} data-kind=${r.kind}>
			<td>${t('standing.kind.' + r.kind)}</td>
			<td class="date">${r.start}</td>
			<td class="date">${r.end || t('standing.open')}</td>
			<td><span class=${'badge' + (r.in_force ? ' standing-in-force' : '')}>${t(r.in_force ? 'standing.in_force' : 'standing.ended')}</span></td>
			<td>${details(r)}</td></tr>`)}</tbody></table></div>`;
}

/* An organization field with the picker; the id goes into form.values[name]. */
function OrgField({ form, name, labelKey, hint }) {
	const [picked, setPicked] = useState(null);
	return html`<${Field} form=${form} name=${name} labelKey=${labelKey} hint=${hint} required>
		<${OrgPicker} id=${'f-' + name} value=${form.values[name]} valueLabel=${picked} invalid=${!!form.errors[name]}
			onPick=${(o) => { setPicked(o ? o.name : null); form.set(name, o ? String(o.id) : ''); }} />
	<//>`;
}

function StandingForm({ person, onDone, onCancel }) {
	const form = useForm({ action: '', date: '', search: '', place: '', reason: '', note: '', reference: '', host_org_id: '', by_org_id: '' });
	const v = form.values;
	const text = ACT_TEXT[v.action];
	const org = ACT_ORG[v.action];
	const submit = (ev) => {
		ev.preventDefault();
		form.submit(async (vals) => {
			const body = { action: vals.action, date: vals.date || null };
			if (text && vals[text].trim()) body[text] = vals[text].trim();
			if (org) body[org] = vals[org] ? Number(vals[org]) : null;
			if ((vals.action === 'stop' || vals.action === 'restore') && vals.reference.trim()) body.reference = vals.reference.trim();
			onDone(await post(`/members/${person.id}/standing`, body));
		});
	};
	return html`<form class="form standing-form" onSubmit=${submit} novalidate>
		<${Field} form=${form} name="action" labelKey="standing.field.action" required>
			<select id="f-action" name="action" value=${v.action} onChange=${(ev) => form.set('action', ev.currentTarget.value)}>
				<option value="">${t('common.choose')}</option>
				${ACTIONS.map((k) => html`<option value=${k}>${t('standing.action.' + k)}</option>`)}
			</select>
		<//>
		<${DateField} form=${form} name="date" labelKey="standing.field.date" required />
		${text ? html`<${Field} form=${form} name=${text} labelKey=${'standing.field.' + text} required=${REQUIRED_TEXT.includes(text)} />` : null}
		${org ? html`<${OrgField} key=${org} form=${form} name=${org} labelKey=${'standing.field.' + org}
			hint=${org === 'by_org_id' ? t('standing.by_hint') : null} />` : null}
		${v.action === 'stop' || v.action === 'restore' ? html`<${Field} form=${form} name="reference" labelKey="standing.field.reference" />` : null}
		<${GeneralError} form=${form} />
		<div class="actions">
			<button type="button" onClick=${onCancel}>${t('common.cancel')}</button>
			<button type="submit" class="primary" disabled=${form.busy}>${t('standing.add_standing')}</button>
		</div>
	</form>`;
}

function DisciplineForm({ person, onDone, onCancel }) {
	const form = useForm({ kind: '', date: '', reference: '', by_org_id: '', years: '' });
	const v = form.values;
	const submit = (ev) => {
		ev.preventDefault();
		form.submit(async (vals) => {
			const body = { kind: vals.kind, date: vals.date || null, by_org_id: vals.by_org_id ? Number(vals.by_org_id) : null };
			if (vals.reference.trim()) body.reference = vals.reference.trim();
			if (vals.kind === 'probation') body.years = vals.years ? Number(vals.years) : null;
			onDone(await post(`/members/${person.id}/discipline`, body));
		});
	};
	const hint = v.kind === 'expulsion' ? t('standing.expulsion_hint')
		: ['warning', 'serious_warning', 'removal'].includes(v.kind) ? t('standing.ends_hint') : null;
	return html`<form class="form discipline-form" onSubmit=${submit} novalidate>
		<${Field} form=${form} name="kind" labelKey="standing.field.kind" hint=${hint} required>
			<select id="f-kind" name="kind" value=${v.kind} onChange=${(ev) => form.set('kind', ev.currentTarget.value)}>
				<option value="">${t('common.choose')}</option>
				${SANCTIONS.map((k) => html`<option value=${k}>${t('standing.kind.' + k)}</option>`)}
			</select>
		<//>
		<${DateField} form=${form} name="date" labelKey="standing.field.date" required />
		${v.kind === 'probation' ? html`<${Field} form=${form} name="years" labelKey="standing.field.years" hint=${t('standing.years_hint')} required>
			<select id="f-years" name="years" value=${v.years} onChange=${(ev) => form.set('years', ev.currentTarget.value)}>
				<option value="">${t('common.choose')}</option>
				${[1, 2].map((n) => html`<option value=${String(n)}>${t('standing.years', { n })}</option>`)}
			</select>
		<//>` : null}
		<${Field} form=${form} name="reference" labelKey="standing.field.reference" required />
		<${OrgField} form=${form} name="by_org_id" labelKey="standing.field.by_org_id" hint=${t('standing.by_hint')} />
		<${GeneralError} form=${form} />
		<div class="actions">
			<button type="button" onClick=${onCancel}>${t('common.cancel')}</button>
			<button type="submit" class="primary" disabled=${form.busy}>${t('standing.add_sanction')}</button>
		</div>
	</form>`;
}

/*
 * The section: both lists, and the two forms (one open at a time) for
 * users who may edit members while the person is a current member.
 * onChange: called after a write (the record's flags, status and timeline
 * may have changed).
 */
export function StandingSection({ user, person, onChange }) {
	const [open, setOpen] = useState(null);   /* null, 'standing' or 'discipline' */
	const [data, error, reload] = useLoad(() => Promise.all([
		get(`/members/${person.id}/standing`), get(`/members/${person.id}/discipline`),
	]), [person.id]);
	const writable = can.editMembers(user) && ['probationary', 'full'].includes(person.status);
	const done = () => { setOpen(null); notify(t('standing.saved')); reload(); onChange(); };
	return html`<section class="card standing-section" aria-labelledby="standing-title">
		<div class="title-row">
			<h2 id="standing-title">${t('standing.section')}</h2>
			<div class="spacer"></div>
			${writable ? html`<button type="button" data-action="standing"
				aria-expanded=${open === 'standing' ? 'true' : 'false'}
				onClick=${() => setOpen(open === 'standing' ? null : 'standing')}>${t('standing.add_standing')}</button>
			<button type="button" data-action="discipline"
				aria-expanded=${open === 'discipline' ? 'true' : 'false'}
				onClick=${() => setOpen(open === 'discipline' ? null : 'discipline')}>${t('standing.add_sanction')}</button>` : null}
		</div>
		${open === 'standing' ? html`<${StandingForm} person=${person} onDone=${done} onCancel=${() => setOpen(null)} />` : null}
		${open === 'discipline' ? html`<${DisciplineForm} person=${person} onDone=${done} onCancel=${() => setOpen(null)} />` : null}
		${error ? html`<${ErrorBox} error=${error} />` : !data ? html`<${Loading} />` : html`
			<h3>${t('standing.standing')}</h3>
			<${Records} items=${data[0].items || []} kind="standing" />
			<h3>${t('standing.discipline')}</h3>
			<${Records} items=${data[1].items || []} kind="discipline" />`}
	</section>`;
}
