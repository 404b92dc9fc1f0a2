/*
 * ui.js - small shared pieces of the UI: form state with per-field errors,
 * labelled fields whose server error is shown beside the input, selects fed
 * from code tables, an organization picker, a modal, notices, the pager of
 * every paged list, and helpers for async loading and error text. Not for
 * pages.
 */
import { html, useState, useEffect, useRef, useCallback } from './lib.js';
import { t, has, currentLang } from './i18n.js';
import { options, label } from './codes.js';
import { get, ApiError } from './api.js';

/*
 * Errors are worded from the catalogue, never from the server's English
 * message: by the error's code ("err.<code>" filled with its params, or
 * "error.<code>" for the codes of statuses), then by the generic text of
 * the HTTP status. The field's label ("field.<field>") and the input line
 * are put in front unless bare is set (an error shown beside its field).
 */
const STATUS_CODES = {
	400: 'bad_request', 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found',
	405: 'method_not_allowed', 409: 'conflict', 413: 'too_large', 415: 'unsupported_media_type',
	422: 'invalid', 429: 'busy', 500: 'internal', 503: 'unavailable',
};

function fieldLabel(field) {
	if (has('field.' + field)) return t('field.' + field);
	const last = String(field).split('.').pop();
	return has('field.' + last) ? t('field.' + last) : field;
}

export function errorItemText(item, status, bare = false) {
	const code = item && item.code;
	let text;
	if (code && has('err.' + code)) text = t('err.' + code, item.params || {});
	else if (code && has('error.' + code)) text = t('error.' + code);
	else if (has('error.' + STATUS_CODES[status])) text = t('error.' + STATUS_CODES[status]);
	else text = t('error.http', { status });
	if (!bare && item && item.field) text = t('err._with_field', { field: fieldLabel(item.field), text });
	if (item && item.line) text = t('err._with_line', { line: item.line, text });
	return text;
}

/* The field errors of an API error: its errors[] (or itself when it names a field). */
export function errorItems(e) {
	const er = (e instanceof ApiError && e.body && e.body.error) || null;
	if (!er) return [];
	if (Array.isArray(er.errors) && er.errors.length) return er.errors;
	return er.field ? [er] : [];
}

/* The catalogue rule that refused e, with its source in the user's language
 * ("依据：《中国共产党章程》第八条…"); "" when no rule refused it. */
export function ruleText(e) {
	const er = e instanceof ApiError && e.body && e.body.error;
	if (!er || !er.rule || !er.source) return '';
	return t('err._rule_source', { source: currentLang() === 'en' ? er.source : (er.source_zh || er.source) });
}

/* Text for an error thrown by api(): every field error, worded by code, then the rule's source. */
export function errorText(e) {
	if (e instanceof ApiError) {
		if (e.status === 0) return t('error.network');
		const er = (e.body && e.body.error) || { code: e.code };
		const items = errorItems(e);
		const text = items.length > 1 ? items.map((it) => errorItemText(it, e.status)).join('；')
			: errorItemText(er, e.status);
		const rule = ruleText(e);
		return rule ? text + ' ' + rule : text;
	}
	return String(e && e.message ? e.message : e);
}

/* Form state: values, per-field errors, a general error, a busy flag. */
export function useForm(initial) {
	const [values, setValues] = useState(initial);
	const [errors, setErrors] = useState({});
	const [general, setGeneral] = useState(null);
	const [busy, setBusy] = useState(false);
	const set = useCallback((name, v) => {
		setValues((old) => ({ ...old, [name]: v }));
		setErrors((old) => (old[name] ? { ...old, [name]: null } : old));
	}, []);
	/* Runs fn(values); an ApiError naming a known field lands beside it. */
	const submit = async (fn) => {
		setBusy(true); setGeneral(null); setErrors({});
		try {
			return await fn(values);
		} catch (e) {
			/* every field error beside its field; the rest above the form */
			const own = {}, rest = [];
			for (const it of errorItems(e)) {
				const f = it.field === 'org' && !Object.prototype.hasOwnProperty.call(values, 'org') ? 'org_id' : it.field;
				if (f && Object.prototype.hasOwnProperty.call(values, f) && !own[f])
					own[f] = errorItemText(it, e.status, true);
				else
					rest.push(errorItemText(it, e.status));
			}
			setErrors(own);
			/* a rule's source goes above the form, the refusal beside its field */
			if (Object.keys(own).length && ruleText(e)) rest.push(ruleText(e));
			if (Object.keys(own).length === 0)
				setGeneral(errorText(e));
			else if (rest.length)
				setGeneral(rest.join('；'));
			return undefined;
		} finally {
			setBusy(false);
		}
	};
	return { values, setValues, set, errors, setErrors, general, setGeneral, busy, submit };
}

/* A labelled input bound to form.values[name] with its error beside it. */
export function Field({ form, name, type = 'text', labelKey, required, placeholder, children, hint, autocomplete }) {
	const err = form.errors[name];
	const id = 'f-' + name;
	const input = children || html`<input id=${id} name=${name} type=${type}
		value=${form.values[name] ?? ''} placeholder=${placeholder || ''}
		autocomplete=${autocomplete || 'off'}
		aria-invalid=${err ? 'true' : 'false'}
		onInput=${(ev) => form.set(name, ev.currentTarget.value)} />`;
	return html`<div class=${'field' + (err ? ' has-error' : '')} data-field=${name}>
		<label for=${id}>${t(labelKey || 'field.' + name)}${required ? html`<span class="req">*</span>` : null}</label>
		<div class="field-input">${input}
			${err ? html`<div class="field-error" role="alert">${err}</div>` : null}
			${hint ? html`<div class="field-hint">${hint}</div>` : null}
		</div>
	</div>`;
}

/* A select over a code table. */
export function CodeField({ form, name, table, labelKey, required, blank = true }) {
	const id = 'f-' + name;
	return html`<${Field} form=${form} name=${name} labelKey=${labelKey} required=${required}>
		<select id=${id} name=${name} value=${form.values[name] ?? ''}
			onChange=${(ev) => form.set(name, ev.currentTarget.value)}>
			${blank ? html`<option value="">${t('common.choose')}</option>` : null}
			${options(table).map((o) => html`<option value=${o.key}>${label(table, o.key)}</option>`)}
		</select>
	<//>`;
}

export function DateField(props) {
	return html`<${Field} ...${props} type="date" />`;
}

export function GeneralError({ form }) {
	return form.general ? html`<div class="error-box" role="alert">${form.general}</div>` : null;
}

export function ErrorBox({ error }) {
	return error ? html`<div class="error-box" role="alert">${errorText(error)}</div>` : null;
}

export function Loading() {
	return html`<div class="loading">${t('common.loading')}</div>`;
}

/*
 * Loads fn() when deps change; returns [data, error, reload]. A later load
 * wins over an earlier one that finishes after it.
 */
export function useLoad(fn, deps, keep = false) {
	const [state, setState] = useState({ data: undefined, error: null, busy: true });
	const seq = useRef(0);
	const load = useCallback(() => {
		const my = ++seq.current;
		setState((s) => ({ data: s.data, error: null, busy: true }));
		Promise.resolve().then(fn).then(
			(data) => { if (my === seq.current) setState({ data, error: null, busy: false }); },
			(error) => { if (my === seq.current) setState({ data: null, error, busy: false }); });
	}, deps);
	/* keep: show the previous data while the next one loads (lists being filtered) */
	useEffect(() => { if (!keep) setState({ data: undefined, error: null, busy: true }); load(); }, [load]);
	return [state.data, state.error, load, state.busy];
}

export function Modal({ title, onClose, children }) {
	const box = useRef(null);
	/* the focus moves into the dialog and back where it was when it closes */
	useEffect(() => {
		const before = document.activeElement;
		const first = box.current && box.current.querySelector('.modal-body input, .modal-body select, .modal-body textarea, .modal-body button');
		if (first) first.focus();
		return () => { if (before && before.focus && document.contains(before)) before.focus(); };
	}, []);
	useEffect(() => {
		const key = (ev) => { if (ev.key === 'Escape') onClose(); };
		document.addEventListener('keydown', key);
		return () => document.removeEventListener('keydown', key);
	}, [onClose]);
	return html`<div class="modal-back" onClick=${(ev) => { if (ev.target === ev.currentTarget) onClose(); }}>
		<div class="modal" role="dialog" aria-modal="true" aria-label=${title} ref=${box}>
			<div class="modal-head"><h2>${title}</h2>
				<button type="button" class="icon" aria-label=${t('common.close')} onClick=${onClose}>×</button></div>
			<div class="modal-body">${children}</div>
		</div>
	</div>`;
}

/*
 * Picks an organization by searching GET /orgs?q=. value is an org id (or
 * ''), valueLabel the name shown for it; onPick(org) is called with the
 * chosen org (null to clear).
 */
export function OrgPicker({ id, value, valueLabel, onPick, invalid }) {
	const [q, setQ] = useState('');
	const [items, setItems] = useState([]);
	const [open, setOpen] = useState(false);
	const [failed, setFailed] = useState(null);
	const timer = useRef(null);
	const search = (text) => {
		setQ(text);
		clearTimeout(timer.current);
		if (!text.trim()) { setItems([]); return; }
		timer.current = setTimeout(async () => {
			try {
				const r = await get('/orgs', { q: text.trim(), limit: 20 });
				setItems((r && r.items) || []); setOpen(true); setFailed(null);
			} catch (e) { setItems([]); setFailed(errorText(e) + ' ' + t('org.picker_by_id')); }
		}, 200);
	};
	return html`<div class="org-picker">
		${value ? html`<div class="picked"><span>${valueLabel || html`<${OrgLabel} id=${value} />`}</span>
			<button type="button" class="link" onClick=${() => onPick(null)}>${t('common.change')}</button></div>` : html`
		<input id=${id} type="search" value=${q} placeholder=${t('org.search_placeholder')}
			aria-invalid=${invalid ? 'true' : 'false'}
			onInput=${(ev) => search(ev.currentTarget.value)} onFocus=${() => setOpen(true)}
			onKeyDown=${(ev) => {
				/* an organization id typed in full, for roles that cannot search */
				if (ev.key === 'Enter') {
					ev.preventDefault();
					if (/^\d+$/.test(q.trim())) { onPick({ id: Number(q.trim()), name: null }); setQ(''); }
				}
			}} />
		${failed ? html`<div class="field-hint">${failed}</div>` : null}
		${open && items.length ? html`<ul class="picker-list">${items.map((o) => html`
			<li><button type="button" onClick=${() => { onPick(o); setOpen(false); setQ(''); }}>
				<span class="name">${o.name}</span> <span class="muted">${o.code} · ${label('org_kind', o.kind)}</span>
			</button></li>`)}</ul>` : null}`}
	</div>`;
}

/* A transient message at the top right. */
let pushNotice = () => {};
export function notify(text, kind = 'ok') { pushNotice({ text, kind, id: Math.random() }); }
export function Notices() {
	const [list, setList] = useState([]);
	useEffect(() => {
		pushNotice = (n) => {
			setList((l) => [...l, n]);
			setTimeout(() => setList((l) => l.filter((x) => x !== n)), 5000);
		};
	}, []);
	return html`<div class="notices" aria-live="polite">${list.map((n) =>
		html`<div class=${'notice ' + n.kind}>${n.text}</div>`)}</div>`;
}

/*
 * Cursor pagination: a stack of cursors so that "previous" works too.
 * controls(nextCursor) gives the Pager its props for the page shown.
 */
export function useCursorPager() {
	const [stack, setStack] = useState([null]);
	const cursor = stack[stack.length - 1];
	const next = (c) => setStack((s) => [...s, c]);
	const prev = () => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s));
	return {
		cursor,
		page: stack.length,
		next,
		prev,
		reset: () => setStack([null]),
		controls: (nextCursor) => ({
			page: stack.length, hasNext: !!nextCursor, onPrev: prev, onNext: () => next(nextCursor),
		}),
	};
}

/*
 * The one pager of the UI: previous, "page n" (or "page n of N" when the
 * number of pages is known), next. Lists read by cursor feed it from
 * useCursorPager().controls(next_cursor); a list held whole in the page
 * passes its page numbers (page is 1-based).
 */
export function Pager({ page, pages, hasNext, onPrev, onNext }) {
	return html`<div class="pager">
		<button type="button" disabled=${page <= 1} onClick=${onPrev}>${t('common.prev')}</button>
		<span>${pages ? t('common.page_of', { n: page, total: pages }) : t('common.page', { n: page })}</span>
		<button type="button" disabled=${!hasNext} onClick=${onNext}>${t('common.next')}</button>
	</div>`;
}

export function fmtDate(d) { return d || ''; }

/* A date-time of the server (UTC) shown in Asia/Shanghai. */
export function fmtTime(s) {
	if (!s) return '';
	const d = new Date(/Z$|[+-]\d\d:?\d\d$/.test(s) ? s : s.replace(' ', 'T') + 'Z');
	if (isNaN(d)) return s;
	return d.toLocaleString(currentLang(), { timeZone: 'Asia/Shanghai', hour12: false });
}

/* The detail object of an org or member event as one line of text. */
/* Fields of event details whose values are coded (their code table) or organizations. */
const DETAIL_TABLES = { status: 'member_status', sex: 'sex', ethnicity: 'ethnicity', education: 'education',
	occupation: 'occupation', kind: 'org_kind', sector: 'sector' };
const DETAIL_ORGS = new Set(['org', 'org_id', 'parent_id', 'by_org_id', 'from_org_id', 'to_org_id']);

/* One value of an event's detail in words: a code by its label, an organization by its name. */
function detailValue(k, x) {
	if (x === null || x === undefined || x === '' || (DETAIL_ORGS.has(k) && String(x) === '0')) return '—';
	if (DETAIL_ORGS.has(k) && /^[1-9]\d*$/.test(String(x))) return html`<${OrgLabel} id=${Number(x)} />`;
	if (DETAIL_TABLES[k]) {
		const byCode = options(DETAIL_TABLES[k]).find((e) => String(e.code) === String(x));
		return label(DETAIL_TABLES[k], byCode ? byCode.key : x);
	}
	return typeof x === 'object' ? JSON.stringify(x) : String(x);
}

/* An event's detail as fields: "所在党组织: 东街社区党支部 → 西街村党支部; 党员状态: 预备党员 → 正式党员". */
export function eventDetail(d) {
	if (d === null || d === undefined) return '';
	if (typeof d !== 'object') return String(d);
	return Object.entries(d).map(([k, v], i) => {
		const name = has('field.' + k) ? t('field.' + k) : k;
		const sep = i ? '; ' : '';
		if (v && typeof v === 'object' && ('from' in v || 'to' in v))
			return html`${sep}${name}: ${detailValue(k, v.from)} → ${detailValue(k, v.to)}`;
		return html`${sep}${name}: ${detailValue(k, v)}`;
	});
}

/* An organization shown by its name, looked up by id (never "#id"). */
export function OrgLabel({ id, link }) {
	const [org, setOrg] = useState(null);
	const [failed, setFailed] = useState(false);
	useEffect(() => {
		let live = true;
		setOrg(null); setFailed(false);
		if (id) get(`/orgs/${id}`).then((o) => { if (live) setOrg(o); }, () => { if (live) setFailed(true); });
		return () => { live = false; };
	}, [id]);
	if (!id) return '';
	if (failed) return html`<span class="muted">${t('ledger.org_unavailable')}</span>`;
	if (!org) return html`<span class="muted">…</span>`;
	return link ? html`<a href=${'#/org/' + id}>${org.name}</a>` : org.name;
}
