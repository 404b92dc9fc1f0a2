/*
 * export.js - the export of members' personal data: a button that opens a
 * dialog asking for confirmation and the reason (required, at most 100
 * characters); the reason goes with the request (GET /export?reason=) and
 * is written to the access-log row of the export before the file is sent.
 * The dialog sits inside the list's filter form, so it holds no form of
 * its own. The file is fetched, then offered for download, so that a refusal is
 * shown in the dialog. Not for which rows are exported (the caller's query).
 */
import { html, useState } from './lib.js';
import { t } from './i18n.js';
import { url, ApiError } from './api.js';
import { Modal, errorText } from './ui.js';

export const REASON_MAX = 100;

/* Fetches the export of query (with reason) and offers it for download. */
async function download(query, reason) {
	let res;
	try {
		res = await fetch(url('/export', { ...query, reason }), { credentials: 'same-origin' });
	} catch (e) {
		throw new ApiError(0, { error: { code: 'network', message: String(e) } });
	}
	if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
	const disp = res.headers.get('content-disposition') || '';
	const m = disp.match(/filename="([^"]+)"/);
	const a = document.createElement('a');
	a.href = URL.createObjectURL(await res.blob());
	a.download = m ? m[1] : 'members.' + query.format;
	document.body.appendChild(a);
	a.click();
	setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

/* The export button of format ("csv", "xlsx") and its dialog. */
export function ExportButton({ query, format }) {
	const [open, setOpen] = useState(false);
	const [reason, setReason] = useState('');
	const [error, setError] = useState(null);
	const [busy, setBusy] = useState(false);
	const close = () => { setOpen(false); setError(null); };
	const submit = async () => {
		const r = reason.trim();
		if (!r) { setError(t('flows.export.reason_required')); return; }
		setBusy(true); setError(null);
		try {
			await download({ ...query, format }, r);
			setOpen(false); setReason('');
		} catch (e) {
			setError(e instanceof ApiError && e.field === 'reason'
				? t('flows.export.reason_invalid', { n: REASON_MAX }) : errorText(e));
		} finally {
			setBusy(false);
		}
	};
	return html`<button type="button" class="button" data-export=${format} onClick=${() => setOpen(true)}>
			${t(format === 'xlsx' ? 'member.export_xlsx' : 'member.export_csv')}</button>
		${open ? html`<${Modal} title=${t('flows.export.title')} onClose=${close}>
			<div class="export-dialog" data-export-dialog=${format}>
				<p>${t('flows.export.warning')}</p>
				<div class=${'field' + (error ? ' has-error' : '')} data-field="reason">
					<label for="f-export-reason">${t('flows.export.reason')}<span class="req">*</span></label>
					<div class="field-input">
						<textarea id="f-export-reason" name="reason" rows="2" maxlength=${REASON_MAX} required
							aria-invalid=${error ? 'true' : 'false'} value=${reason}
							onInput=${(ev) => setReason(ev.currentTarget.value.replace(/[\r\n]+/g, ' '))}></textarea>
						${error ? html`<div class="field-error" role="alert">${error}</div>` : null}
						<div class="field-hint">${t('flows.export.reason_hint', { n: REASON_MAX })}</div>
					</div>
				</div>
				<div class="actions">
					<button type="button" onClick=${close}>${t('common.cancel')}</button>
					<button type="button" class="primary" disabled=${busy} onClick=${submit}>${t('flows.export.confirm')}</button>
				</div>
			</div>
		<//>` : null}`;
}
