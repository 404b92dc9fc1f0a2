/*
 * audit.js - the auditor's viewer: the audit log of every write and the
 * access log of person-record reads, reveals and exports, both in cursor
 * pages, and the check of the hash chain (GET /audit/verify). Read-only.
 * Rows read as words: action names and field names from the catalogue
 * (log.action.*, log.field.*), details as "field: value" (changes as
 * "before → after"), never raw JSON.
 * Not for the statistics.
 */
import { html, useState } from './lib.js';
import { t, has } from './i18n.js';
import { get } from './api.js';
import { useLoad, Loading, ErrorBox, useCursorPager, Pager, fmtTime, errorText } from './ui.js';

const LIMIT = 50;

/* A label from the catalogue (prefix + key), else the key itself. */
function word(prefix, key) {
	return has(prefix + key) ? t(prefix + key) : key;
}

/* A value of a detail as text: words for booleans, lists and nested fields flat. */
function valueText(v) {
	if (v === null || v === undefined || v === '') return '—';
	if (v === true) return t('log.yes');
	if (v === false) return t('log.no');
	if (Array.isArray(v)) return v.map(valueText).join(', ');
	if (typeof v === 'object') return Object.entries(v).map(([k, x]) => word('log.field.', k) + ': ' + valueText(x)).join('; ');
	return String(v);
}

/*
 * The fields of a row as [label, text] pairs: the access log's detail, or
 * the audit log's change (a field changed shows before → after, a created
 * row its values, a removed row its last values).
 */
export function detailFields(it) {
	const obj = (v) => (v && typeof v === 'object' && !Array.isArray(v) ? v : (v === null || v === undefined ? null : { value: v }));
	if ('detail' in it) {
		const d = obj(it.detail);
		return d ? Object.entries(d).map(([k, v]) => [word('log.field.', k), valueText(v)]) : [];
	}
	const b = obj(it.before), a = obj(it.after);
	const keys = [];
	for (const o of [b, a]) if (o) for (const k of Object.keys(o)) if (!keys.includes(k)) keys.push(k);
	const out = [];
	for (const k of keys) {
		const bv = b ? b[k] : undefined, av = a ? a[k] : undefined;
		if (b && a) {
			if (JSON.stringify(bv) === JSON.stringify(av)) continue;
			out.push([word('log.field.', k), valueText(bv) + ' → ' + valueText(av)]);
		} else out.push([word('log.field.', k), valueText(a ? av : bv)]);
	}
	return out;
}

/* "org/12" as words: the kind of object from the catalogue and its number. */
function objectText(o) {
	const m = /^([a-z_]+)\/(.*)$/.exec(o || '');
	return m ? word('log.object.', m[1]) + ' ' + m[2] : word('log.object.', o || '');
}

function Fields({ it }) {
	const f = detailFields(it);
	if (!f.length) return html`<span class="muted">—</span>`;
	return html`<dl class="log-fields">${f.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>`;
}

function LogTable({ path }) {
	const pager = useCursorPager();
	const [data, error] = useLoad(() => get(path, { limit: LIMIT, cursor: pager.cursor }), [path, pager.cursor]);
	if (error) return html`<${ErrorBox} error=${error} />`;
	if (!data) return html`<${Loading} />`;
	const items = data.items || [];
	return html`<div class="log">
		${items.length ? html`<div class="scroll-x"><table class="grid log-table"><thead><tr>
			<th>${t('audit.col.at')}</th><th>${t('audit.col.actor')}</th><th>${t('audit.col.action')}</th>
			<th>${t('audit.col.object')}</th><th>${t('log.details')}</th><th>${t('audit.col.hash')}</th></tr></thead>
		<tbody>${items.map((it) => html`<tr data-id=${it.id}>
			<td class="nowrap">${fmtTime(it.at)}</td><td>${it.actor}</td>
			<td data-action=${it.action}>${word('log.action.', it.action)}</td>
			<td>${objectText(it.object)}</td>
			<td class="details"><${Fields} it=${it} /></td>
			<td class="mono small" title=${it.hash || ''}>${String(it.hash || '').slice(0, 12)}…</td></tr>`)}</tbody></table></div>`
			: html`<p class="muted">${t('common.none')}</p>`}
		<${Pager} ...${pager.controls(data.next_cursor)} />
	</div>`;
}

export function AuditPage({ tab }) {
	const [verify, setVerify] = useState(null);
	const [busy, setBusy] = useState(false);
	const check = async () => {
		setBusy(true);
		try { setVerify(await get('/audit/verify')); } catch (e) { setVerify({ error: errorText(e) }); }
		setBusy(false);
	};
	return html`<div class="page audit-page">
		<div class="title-row"><h1>${t('audit.title')}</h1><div class="spacer"></div>
			<button type="button" onClick=${check} disabled=${busy}>${t('audit.verify')}</button></div>
		${verify ? (verify.error ? html`<div class="error-box">${verify.error}</div>`
			: html`<div class=${'card verify ' + (verify.ok ? 'ok' : 'bad')} role="status">${verify.ok
				? t('audit.verify_ok', { n: verify.checked })
				: t('audit.verify_bad', { n: verify.checked, id: verify.first_bad })}</div>`) : null}
		<div class="tabs" role="tablist">
			<a role="tab" href="#/audit/audit" class=${tab === 'audit' ? 'active' : ''}>${t('audit.tab.audit')}</a>
			<a role="tab" href="#/audit/access" class=${tab === 'access' ? 'active' : ''}>${t('audit.tab.access')}</a>
		</div>
		${tab === 'access' ? html`<${LogTable} key="access" path="/access-log" />` : html`<${LogTable} key="audit" path="/audit" />`}
	</div>`;
}
