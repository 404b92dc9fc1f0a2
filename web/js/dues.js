/*
 * dues.js - party dues in the UI: the dues section of the member page (the
 * member's months: due, paid, date, method, arrears; bases, reductions and
 * special payments; for users who may edit members, forms for the base, a
 * payment of one or several months, a reduction or exemption with its
 * approval, and a special payment, each an act of POST /members/{id}/dues)
 * and the dues tab of an organization (the ledger of its members for a
 * month, with totals, and the twelve months up to it of the organization
 * and all below it, from the server's statistics engine, GET
 * /orgs/{id}/dues/stats). The amounts and what is due are the server's
 * (ops/dues-ops.c); this module shows them and turns yuan typed into
 * integer fen. Not for the rest of the member or organization pages
 * (member.js, org.js).
 */
import { html, useState } from './lib.js';
import { t } from './i18n.js';
import { get, post } from './api.js';
import { useLoad, Loading, ErrorBox, useForm, Field, DateField, GeneralError, notify } from './ui.js';
import { can } from './nav.js';

const CATEGORIES = ['salaried', 'retired', 'student', 'unemployed', 'farmer', 'relief'];

/* fen (an integer) as yuan text "12.30"; null or undefined as "—". */
export function yuan(fen) {
	if (fen === null || fen === undefined) return '—';
	const neg = fen < 0, f = Math.abs(fen);
	return (neg ? '-' : '') + Math.floor(f / 100) + '.' + String(f % 100).padStart(2, '0');
}

/* "12.3" -> 1230 fen without floating point; null when not an amount. */
export function toFen(s) {
	const m = /^(\d{1,15})(?:\.(\d{1,2}))?$/.exec(String(s).trim());
	if (!m) return null;
	return Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0'));
}

function thisMonth() {
	const d = new Date();
	return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

function Months({ months }) {
	if (!months.length) return html`<p class="muted" data-dues-empty="months">${t('dues.no_base')}</p>`;
	return html`<div class="scroll-x"><table class="grid dues-months"><thead><tr>
		<th>${t('dues.col.month')}</th><th class="num">${t('dues.col.due')}</th><th class="num">${t('dues.col.paid')}</th>
		<th class="date">${t('dues.col.date')}</th><th>${t('dues.col.method')}</th><th class="num">${t('dues.col.arrears')}</th></tr></thead>
		<tbody>${months.slice().reverse().map((m) => html`<tr data-month=${m.month} class=${m.arrears_months && m.paid_fen < (m.due_fen || 0) ? 'dues-short' : ''}>
			<td>${m.month}</td><td class="num">${yuan(m.due_fen)}</td><td class="num">${yuan(m.paid_fen)}</td>
			<td class="date">${m.last_paid || ''}</td><td>${m.method}</td>
			<td class="num">${m.arrears_months ? t('dues.arrears', { n: m.arrears_months, amount: yuan(m.arrears_fen) }) : ''}</td></tr>`)}</tbody></table></div>`;
}

function BaseForm({ person, onDone, onCancel }) {
	const form = useForm({ category: '', income: '', amount: '', from: thisMonth() });
	const v = form.values;
	const income = v.category === 'salaried' || v.category === 'retired';
	const submit = (ev) => {
		ev.preventDefault();
		form.submit(async (vals) => {
			const body = { act: 'base', category: vals.category, from: vals.from };
			if (income) body.income_fen = toFen(vals.income);
			if (vals.category === 'farmer') body.amount_fen = toFen(vals.amount);
			if ((income && body.income_fen === null) || (vals.category === 'farmer' && body.amount_fen === null)) {
				form.setErrors({ [income ? 'income' : 'amount']: t('err.dues_bad_yuan') });
				return;
			}
			onDone(await post(`/members/${person.id}/dues`, body));
		});
	};
	return html`<form class="form dues-base-form" onSubmit=${submit} novalidate>
		<${Field} form=${form} name="category" labelKey="dues.field.category" required>
			<select id="f-category" name="category" value=${v.category} onChange=${(ev) => form.set('category', ev.currentTarget.value)}>
				<option value="">${t('common.choose')}</option>
				${CATEGORIES.map((k) => html`<option value=${k}>${t('dues.category.' + k)}</option>`)}
			</select>
		<//>
		${income ? html`<${Field} form=${form} name="income" labelKey="dues.field.income" hint=${t('dues.income_hint')} required />` : null}
		${v.category === 'farmer' ? html`<${Field} form=${form} name="amount" labelKey="dues.field.amount" hint=${t('dues.farmer_hint')} required />` : null}
		<${Field} form=${form} name="from" type="month" labelKey="dues.field.from" required />
		<${GeneralError} form=${form} />
		<div class="actions">
			<button type="button" onClick=${onCancel}>${t('common.cancel')}</button>
			<button type="submit" class="primary" disabled=${form.busy}>${t('dues.set_base')}</button>
		</div>
	</form>`;
}

function PayForm({ person, onDone, onCancel }) {
	const form = useForm({ month: thisMonth(), months: '1', amount: '', date: '', method: '' });
	const submit = (ev) => {
		ev.preventDefault();
		form.submit(async (vals) => {
			const fen = toFen(vals.amount);
			if (fen === null) { form.setErrors({ amount: t('err.dues_bad_yuan') }); return; }
			const body = { act: 'pay', month: vals.month, months: Number(vals.months) || 1, amount_fen: fen, date: vals.date || null };
			if (vals.method.trim()) body.method = vals.method.trim();
			onDone(await post(`/members/${person.id}/dues`, body));
		});
	};
	return html`<form class="form dues-pay-form" onSubmit=${submit} novalidate>
		<${Field} form=${form} name="month" type="month" labelKey="dues.field.month" required />
		<${Field} form=${form} name="months" type="number" labelKey="dues.field.months" hint=${t('dues.months_hint')} />
		<${Field} form=${form} name="amount" labelKey="dues.field.total" required />
		<${DateField} form=${form} name="date" labelKey="dues.field.date" required />
		<${Field} form=${form} name="method" labelKey="dues.field.method" />
		<${GeneralError} form=${form} />
		<div class="actions">
			<button type="button" onClick=${onCancel}>${t('common.cancel')}</button>
			<button type="submit" class="primary" disabled=${form.busy}>${t('dues.pay')}</button>
		</div>
	</form>`;
}

/* A reduction (少交, a lower monthly amount) or an exemption (免交) from a
 * month to a month (none: open), with the approval's reference and day. */
function ReliefForm({ person, onDone, onCancel }) {
	const form = useForm({ kind: '', from: thisMonth(), to: '', amount: '', approval: '', approved: '', reason: '' });
	const v = form.values;
	const submit = (ev) => {
		ev.preventDefault();
		form.submit(async (vals) => {
			const body = { act: 'reduce', kind: vals.kind, from: vals.from || null, to: vals.to || null,
				approval: vals.approval.trim(), approved: vals.approved || null };
			if (vals.kind === 'reduce') {
				body.amount_fen = toFen(vals.amount);
				if (body.amount_fen === null) { form.setErrors({ amount: t('err.dues_bad_yuan') }); return; }
			}
			if (vals.reason.trim()) body.reason = vals.reason.trim();
			onDone(await post(`/members/${person.id}/dues`, body));
		});
	};
	return html`<form class="form dues-relief-form" onSubmit=${submit} novalidate>
		<${Field} form=${form} name="kind" labelKey="dues.field.kind" required>
			<select id="f-kind" name="kind" value=${v.kind} onChange=${(ev) => form.set('kind', ev.currentTarget.value)}>
				<option value="">${t('common.choose')}</option>
				<option value="reduce">${t('dues.relief.reduce')}</option>
				<option value="exempt">${t('dues.relief.exempt')}</option>
			</select>
		<//>
		<${Field} form=${form} name="from" type="month" labelKey="dues.field.from" required />
		<${Field} form=${form} name="to" type="month" labelKey="dues.field.to" hint=${t('dues.to_hint')} />
		${v.kind === 'reduce' ? html`<${Field} form=${form} name="amount" labelKey="dues.field.reduced" hint=${t('dues.reduced_hint')} required />` : null}
		<${Field} form=${form} name="approval" labelKey="dues.field.approval" hint=${t('dues.approval_hint')} required />
		<${DateField} form=${form} name="approved" labelKey="dues.field.approved" required />
		<${Field} form=${form} name="reason" labelKey="dues.field.reason" />
		<${GeneralError} form=${form} />
		<div class="actions">
			<button type="button" onClick=${onCancel}>${t('common.cancel')}</button>
			<button type="submit" class="primary" disabled=${form.busy}>${t('dues.set_relief')}</button>
		</div>
	</form>`;
}

/* A special payment (特殊党费): voluntary, apart from the monthly dues. */
function SpecialForm({ person, onDone, onCancel }) {
	const form = useForm({ amount: '', date: '', note: '' });
	const submit = (ev) => {
		ev.preventDefault();
		form.submit(async (vals) => {
			const fen = toFen(vals.amount);
			if (fen === null) { form.setErrors({ amount: t('err.dues_bad_yuan') }); return; }
			const body = { act: 'special', amount_fen: fen, date: vals.date || null };
			if (vals.note.trim()) body.note = vals.note.trim();
			onDone(await post(`/members/${person.id}/dues`, body));
		});
	};
	return html`<form class="form dues-special-form" onSubmit=${submit} novalidate>
		<${Field} form=${form} name="amount" labelKey="dues.field.special_amount" required />
		<${DateField} form=${form} name="date" labelKey="dues.field.date" required />
		<${Field} form=${form} name="note" labelKey="dues.field.note" />
		<${GeneralError} form=${form} />
		<div class="actions">
			<button type="button" onClick=${onCancel}>${t('common.cancel')}</button>
			<button type="submit" class="primary" disabled=${form.busy}>${t('dues.pay_special')}</button>
		</div>
	</form>`;
}

const FORMS = [
	['base', 'dues.set_base', BaseForm], ['pay', 'dues.pay', PayForm],
	['reduce', 'dues.set_relief', ReliefForm], ['special', 'dues.pay_special', SpecialForm],
];

function reliefLine(r) {
	const span = r.to ? t('dues.span', { from: r.from, to: r.to }) : t('dues.span_open', { from: r.from });
	const line = t('dues.relief_line.' + r.kind, { span, amount: yuan(r.monthly_fen), approval: r.approval, approved: r.approved });
	return r.reason ? line + t('dues.reason_suffix', { reason: r.reason }) : line;
}

/* The member page's dues section. */
export function DuesSection({ user, person }) {
	const [open, setOpen] = useState(null);   /* null or a form's key: 'base', 'pay', 'reduce', 'special' */
	const [data, error, reload] = useLoad(() => get(`/members/${person.id}/dues`), [person.id]);
	const writable = can.editMembers(user) && ['probationary', 'full'].includes(person.status);
	const done = () => { setOpen(null); notify(t('dues.saved')); reload(); };
	const base = data && data.bases.length ? data.bases[data.bases.length - 1] : null;
	const shown = FORMS.find(([k]) => k === open);
	const Form = shown ? shown[2] : null;
	return html`<section class="card dues-section" aria-labelledby="dues-title">
		<div class="title-row">
			<h2 id="dues-title">${t('dues.section')}</h2>
			<div class="spacer"></div>
			${writable ? FORMS.map(([k, key]) => html`<button type="button" data-action=${'dues-' + k}
				aria-expanded=${open === k ? 'true' : 'false'} onClick=${() => setOpen(open === k ? null : k)}>${t(key)}</button>`) : null}
		</div>
		${Form ? html`<${Form} key=${open} person=${person} onDone=${done} onCancel=${() => setOpen(null)} />` : null}
		${error ? html`<${ErrorBox} error=${error} />` : !data ? html`<${Loading} />` : html`
			${base ? html`<p class="dues-base" data-monthly=${base.monthly_fen}>${t('dues.base_line', {
				category: t('dues.category.' + base.category), amount: yuan(base.monthly_fen), from: base.from, review: base.review_month })}</p>` : null}
			<${Months} months=${data.months} />
			${data.reliefs.length ? html`<h3>${t('dues.reliefs')}</h3><ul class="dues-reliefs">${data.reliefs.map((r) => html`<li
				data-relief=${r.id} data-kind=${r.kind} data-monthly=${r.monthly_fen}>${reliefLine(r)}</li>`)}</ul>` : null}
			${data.specials.length ? html`<h3>${t('dues.specials')}</h3><ul class="dues-specials">${data.specials.map((s) => html`<li
				data-special=${s.id} data-amount=${s.amount_fen}>${t('dues.special_line', { date: s.date, amount: yuan(s.amount_fen) })}${s.note ? t('dues.note_suffix', { note: s.note }) : ''}</li>`)}</ul>` : null}`}
	</section>`;
}

/* "YYYY-MM" n months earlier (integer month arithmetic). */
function monthsBefore(month, n) {
	const [y, m] = month.split('-').map(Number);
	const k = y * 12 + (m - 1) - n;
	return `${Math.floor(k / 12)}-${String(k % 12 + 1).padStart(2, '0')}`;
}

/* The subtree's months up to `month`: collected, in arrears, special payments. */
function DuesStats({ id, month }) {
	const from = monthsBefore(month, 11);
	const [data, error] = useLoad(() => get(`/orgs/${id}/dues/stats?from=${from}&to=${encodeURIComponent(month)}`), [id, month]);
	if (error) return html`<${ErrorBox} error=${error} />`;
	if (!data) return html`<${Loading} />`;
	const sum = (k) => data.months.reduce((a, m) => a + m[k], 0);
	const last = data.months[data.months.length - 1];
	return html`<section class="dues-stats"><h3>${t('dues.stats_section')}</h3>
		<div class="scroll-x"><table class="grid dues-stats-table"><caption>${t('dues.stats_caption', { from: data.from, to: data.to })}</caption>
		<thead><tr><th>${t('dues.col.month')}</th><th class="num">${t('dues.col.members_due')}</th><th class="num">${t('dues.col.due')}</th>
			<th class="num">${t('dues.col.paid')}</th><th class="num">${t('dues.col.paid_full')}</th><th class="num">${t('dues.col.arrears_members')}</th>
			<th class="num">${t('dues.col.arrears_owed')}</th><th class="num">${t('dues.col.special')}</th></tr></thead>
		<tbody>${data.months.slice().reverse().map((m) => html`<tr data-month=${m.month}>
			<td>${m.month}</td><td class="num">${m.members_due}</td><td class="num">${yuan(m.due_fen)}</td><td class="num">${yuan(m.paid_fen)}</td>
			<td class="num">${m.paid_full}</td><td class="num">${m.arrears_members}</td><td class="num">${yuan(m.arrears_fen)}</td>
			<td class="num">${yuan(m.special_fen)}</td></tr>`)}</tbody>
		<tfoot><tr data-totals="1"><th scope="row">${t('dues.stats_total')}</th><td></td>
			<td class="num">${yuan(sum('due_fen'))}</td><td class="num">${yuan(sum('paid_fen'))}</td><td></td>
			<td class="num">${last.arrears_members}</td><td class="num">${yuan(last.arrears_fen)}</td>
			<td class="num">${yuan(sum('special_fen'))}</td></tr></tfoot>
		</table></div></section>`;
}

/* The organization's dues tab: the ledger of a month with totals, and the
 * twelve months up to it of the organization and all below it. */
export function DuesLedger({ id, ledger = true, stats = true }) {
	const [month, setMonth] = useState(thisMonth());
	/* ledger: the members' rows (member.read); stats: the subtree's months (stats.read) */
	const [data, error] = useLoad(() => (ledger ? get(`/orgs/${id}/dues?month=${encodeURIComponent(month)}`)
		: Promise.resolve({})), [id, month, ledger]);
	return html`<section class="dues-ledger">
		<div class="toolbar">
			<label for="dues-month">${t('dues.field.month')}</label>
			<input id="dues-month" type="month" value=${month} onChange=${(ev) => ev.currentTarget.value && setMonth(ev.currentTarget.value)} />
		</div>
		${!ledger ? null : error ? html`<${ErrorBox} error=${error} />` : !data ? html`<${Loading} />` : html`
			<div class="scroll-x"><table class="grid dues-ledger-table"><caption>${t('dues.ledger_caption', { month: data.month })}</caption>
			<thead><tr><th>${t('dues.col.name')}</th><th class="num">${t('dues.col.due')}</th><th class="num">${t('dues.col.paid')}</th>
				<th class="date">${t('dues.col.date')}</th><th>${t('dues.col.method')}</th><th class="num">${t('dues.col.arrears')}</th></tr></thead>
			<tbody>${data.items.map((r) => html`<tr data-person=${r.person_id}>
				<td><a href=${'#/member/' + r.person_id}>${r.name}</a></td><td class="num">${yuan(r.due_fen)}</td>
				<td class="num">${yuan(r.paid_fen)}</td><td class="date">${r.last_paid || ''}</td><td>${r.method}</td>
				<td class="num">${r.arrears_months ? t('dues.arrears', { n: r.arrears_months, amount: yuan(r.arrears_fen) }) : ''}</td></tr>`)}</tbody>
			<tfoot><tr data-totals="1"><th scope="row">${t('dues.totals', { n: data.totals.members })}</th>
				<td class="num">${yuan(data.totals.due_fen)}</td><td class="num">${yuan(data.totals.paid_fen)}</td><td></td><td></td>
				<td class="num">${t('dues.totals_arrears', { n: data.totals.in_arrears, amount: yuan(data.totals.arrears_fen) })}</td></tr></tfoot>
			</table></div>`}
		${stats ? html`<${DuesStats} id=${id} month=${month} />` : null}
	</section>`;
}
