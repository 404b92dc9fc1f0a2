/*
 * audit.js - the auditor's viewer: the audit log of every write and the
 * access log of person-record reads, reveals and exports, both in cursor
 * pages, and the check of the hash chain (GET /audit/verify). Read-only.
 * Not for the statistics.
 */
import { html, useState } from './lib.js';
import { t, has } from './i18n.js';
import { get } from './api.js';
import { useLoad, Loading, ErrorBox, useCursorPager, Pager, fmtTime, errorText } from './ui.js';

const LIMIT = 50;

function cell(v) {
	if (v === null || v === undefined) return '';
	if (typeof v === 'object') return JSON.stringify(v);
	return String(v);
}

/* An action key ("org.insert", "reveal") by its catalogue name, else as is. */
function actionName(a) {
	return has('err.action.' + a) ? t('err.action.' + a) : cell(a);
}

function LogTable({ path }) {
	const pager = useCursorPager();
	const [data, error] = useLoad(() => get(path, { limit: LIMIT, cursor: pager.cursor }), [path, pager.cursor]);
	if (error) return html`<${ErrorBox} error=${error} />`;
	if (!data) return html`<${Loading} />`;
	const items = data.items || [];
	const keys = [];
	for (const it of items) for (const k of Object.keys(it)) if (!keys.includes(k)) keys.push(k);
	return html`<div class="log">
		${items.length ? html`<div class="scroll-x"><table class="grid log-table"><thead><tr>${keys.map((k) => html`<th>${t('audit.col.' + k) !== 'audit.col.' + k ? t('audit.col.' + k) : k}</th>`)}</tr></thead>
		<tbody>${items.map((it) => html`<tr>${keys.map((k) => html`<td class=${k === 'hash' ? 'mono small' : (k === 'before' || k === 'after' || k === 'detail' ? 'json' : '')}
			title=${k === 'hash' ? cell(it[k]) : undefined}>
			${k === 'at' ? fmtTime(it[k]) : k === 'action' ? actionName(it[k]) : (k === 'hash' ? cell(it[k]).slice(0, 12) + '…' : cell(it[k]))}</td>`)}</tr>`)}</tbody></table></div>`
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
