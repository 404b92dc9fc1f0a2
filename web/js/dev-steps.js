/*
 * dev-steps.js - the development steps on the member page: the recorded
 * steps (late ones marked) and one form per step that may come next
 * (`next` of GET /members/{id}/steps), the next step due (`due`: the
 * register's row of the person, dev_next_due on the server, worded as the
 * register words it, with the rule's key and source), each field with the catalogue rule
 * that decides it beside it (value and source from GET /rules), and a
 * refusal worded from the catalogue with the source of the rule that
 * refused. Not for the rules themselves (model/development.c on the
 * server; docs/development.md).
 */
import { html, useState } from './lib.js';
import { t } from './i18n.js';
import { get, post, ApiError } from './api.js';
import { useLoad, Loading, ErrorBox, errorItemText, notify } from './ui.js';
import { can } from './nav.js';
import { Next } from './dev-register.js';

/* The fields of each step (required ones marked) and the rules beside them. */
const STEPS = {
	application: { fields: ['org'], rules: { date: ['dev.min_age', 'dev.founding_date'] } },
	talk: { fields: ['by', 'note'], rules: { date: ['dev.talk_months'] } },
	activist: { fields: ['recommending_body*', 'contacts*'], rules: { contacts: ['dev.contacts'] } },
	target: { fields: ['note'], rules: { date: ['dev.cultivation_years'] } },
	sponsors: { fields: ['sponsors*'], rules: { sponsors: ['dev.sponsors'] } },
	political_review: { fields: ['conclusion'], rules: {} },
	training: { fields: ['days', 'hours', 'class'], rules: { days: ['dev.training_days'], hours: ['dev.training_hours'] } },
	pre_review: { fields: ['committee*'], rules: {} },
	publicity: { fields: ['from', 'to*'], rules: { to: ['dev.publicity_workdays'] } },
	branch_vote: {
		fields: ['members*', 'present*', 'in_favour*'],
		rules: { date: ['dev.publicity_workdays'], present: ['dev.quorum_permille'], in_favour: ['dev.majority_permille'] },
	},
	approval: { fields: ['committee*', 'special', 'reason'], rules: { date: ['dev.approval_months'], special: ['dev.approval_months_special'] } },
	oath: { fields: ['note'], rules: {} },
	conversion_vote: {
		fields: ['members*', 'present*', 'in_favour*'],
		rules: { date: ['membership.probation_years'], present: ['dev.quorum_permille'], in_favour: ['dev.majority_permille'] },
	},
	conversion_approval: { fields: ['committee*'], rules: { date: ['dev.conversion_approval_months'] } },
	probation_extension: { fields: ['months*', 'reason'], rules: { months: ['dev.extension_min_months', 'dev.extension_max_months'] } },
	probation_cancelled: { fields: ['reason'], rules: {} },
};
const DATES = ['from', 'to'];

function ruleText(rules, key) {
	const r = (rules || []).find((x) => x.key === key);
	return r ? t('dev.rule', { key, value: r.value, source: r.source }) : null;
}

/* One field of a step form: label, input, its error, the rules beside it. */
function StepField({ step, name, required, value, error, rules, ruleKeys, onInput }) {
	const id = `dev-${step}-${name}`;
	const type = name === 'date' || DATES.includes(name) ? 'date' : 'text';
	const hints = (ruleKeys || []).map((k) => ruleText(rules, k)).filter(Boolean);
	return html`<div class=${'field' + (error ? ' has-error' : '')} data-field=${name}>
		<label for=${id}>${t(name === 'date' ? 'dev.date' : 'dev.field.' + name)}${required ? html`<span class="req">*</span>` : null}</label>
		<div class="field-input">
			<input id=${id} name=${name} type=${type} value=${value} autocomplete="off"
				aria-invalid=${error ? 'true' : 'false'} onInput=${(ev) => onInput(ev.currentTarget.value)} />
			${error ? html`<div class="field-error" role="alert">${error}</div>` : null}
			${hints.map((h) => html`<div class="field-hint dev-rule" data-rule>${h}</div>`)}
		</div>
	</div>`;
}

/* The form of one step that may come next. */
function StepForm({ person, step, rules, onDone }) {
	const spec = STEPS[step] || { fields: [], rules: {} };
	const names = spec.fields.map((f) => f.replace('*', ''));
	const [values, setValues] = useState(Object.fromEntries(['date', ...names].map((n) => [n, ''])));
	const [errors, setErrors] = useState({});
	const [general, setGeneral] = useState(null);
	const [busy, setBusy] = useState(false);
	const submit = async (ev) => {
		ev.preventDefault();
		setBusy(true); setErrors({}); setGeneral(null);
		const fields = {};
		for (const n of names) if (values[n].trim()) fields[n] = values[n].trim();
		try {
			await post(`/members/${person.id}/steps`, { step, date: values.date || null, fields });
			notify(t('dev.saved', { step: t('dev.step.' + step) }));
			onDone();
		} catch (e) {
			const er = e instanceof ApiError && e.body && e.body.error;
			if (!er) { setGeneral(String(e && e.message ? e.message : e)); return; }
			const text = errorItemText(er, e.status, true);
			const source = er.rule ? t('dev.refused_by', { key: er.rule, source: er.source || '' }) : '';
			if (er.field && Object.prototype.hasOwnProperty.call(values, er.field))
				setErrors({ [er.field]: source ? `${text} — ${source}` : text });
			else
				setGeneral(source ? `${errorItemText(er, e.status)} — ${source}` : errorItemText(er, e.status));
		} finally {
			setBusy(false);
		}
	};
	const set = (n) => (v) => setValues((old) => ({ ...old, [n]: v }));
	return html`<form class="form dev-step-form" data-step=${step} onSubmit=${submit} novalidate>
		<${StepField} step=${step} name="date" required value=${values.date} error=${errors.date}
			rules=${rules} ruleKeys=${spec.rules.date} onInput=${set('date')} />
		${spec.fields.map((f) => {
			const n = f.replace('*', '');
			return html`<${StepField} step=${step} name=${n} required=${f.endsWith('*')} value=${values[n]}
				error=${errors[n]} rules=${rules} ruleKeys=${spec.rules[n]} onInput=${set(n)} />`;
		})}
		${general ? html`<div class="error-box" role="alert">${general}</div>` : null}
		<div class="actions"><button type="submit" class="primary" disabled=${busy}>${t('dev.record')}</button></div>
	</form>`;
}

function fieldsText(fields) {
	return Object.entries(fields || {}).map(([k, v]) => `${t('dev.field.' + k)}: ${v}`).join(' · ');
}

/* The detail of a timeline event of kind "step" ({"step","late","fields"}) in words. */
export function stepDetail(d) {
	if (!d || typeof d !== 'object') return '';
	const fields = fieldsText(d.fields);
	return [t('dev.step.' + d.step), d.late ? t('dev.late') : '', fields].filter(Boolean).join(' · ');
}

/* The development steps of person, with the forms of the next ones for editors. */
export function DevSteps({ user, person, onChanged }) {
	const [open, setOpen] = useState('');
	const reader = can.members(user);
	const [data, error, reload] = useLoad(() => (reader ? get(`/members/${person.id}/steps`) : null), [person.id, reader]);
	const [rules] = useLoad(() => (reader ? get('/rules') : null), [reader]);
	if (!reader) return null;
	if (error) return html`<${ErrorBox} error=${error} />`;
	if (!data) return html`<${Loading} />`;
	const done = () => { setOpen(''); reload(); if (onChanged) onChanged(); };
	return html`<section class="card dev-steps" aria-labelledby="dev-title">
		<h2 id="dev-title">${t('dev.title')}</h2>
		${data.due ? html`<p class="dev-due" data-next=${data.due.step} data-due=${data.due.due || ''}
			data-overdue=${data.due.overdue ? '1' : '0'}>
			<strong>${t('dev.register.next')}</strong>: <${Next} n=${data.due} />
			${data.due.overdue ? html` <span class="badge bad">${t('dev.register.overdue', { n: data.due.days_overdue })}</span>` : null}
			${data.due.rule ? html`<br /><span class="muted small dev-due-source">${t('findings.col.source')}:
				<span class="mono">${data.due.rule}</span> ${data.due.source}</span>` : null}</p>` : null}
		${data.items.length ? html`<ol class="dev-recorded" aria-label=${t('dev.recorded')}>
			${data.items.map((s) => html`<li data-step=${s.step}>
				<span class="when">${s.date}</span> <strong>${t('dev.step.' + s.step)}</strong>
				${s.late ? html` <span class="badge bad" data-late>${t('dev.late')}</span>` : null}
				<div class="muted small">${fieldsText(s.fields)}</div></li>`)}
		</ol>` : null}
		${can.editMembers(user) ? html`<h3>${t('dev.next')}</h3>
			${data.next.length ? html`<div class="dev-next">${data.next.map((s) => html`<div class="dev-next-step">
				<button type="button" data-open-step=${s} aria-expanded=${open === s ? 'true' : 'false'}
					onClick=${() => setOpen(open === s ? '' : s)}>${t('dev.step.' + s)}</button>
				${open === s ? html`<${StepForm} person=${person} step=${s} rules=${rules && rules.items} onDone=${done} />` : null}
			</div>`)}</div>` : html`<p class="muted">${t('dev.none')}</p>`}` : null}
	</section>`;
}
