/*
 * timeline.js - the dated events of an organization (its history) or of a
 * member (the timeline), shown by one component: date, kind, the change,
 * decision reference, who recorded it and when. Both API answers have the
 * same shape ({"events":[event]}, docs/api.md). Not for the audit log
 * (audit.js) nor for loading anything but the events.
 */
import { html } from './lib.js';
import { t } from './i18n.js';
import { get } from './api.js';
import { useLoad, Loading, ErrorBox, fmtTime, eventDetail } from './ui.js';
import { stepDetail } from './dev-steps.js';

/* The label of an event kind under the page's prefix, else the kind itself. */
function kindLabel(prefix, kind) {
	const key = prefix + kind;
	return t(key) !== key ? t(key) : kind;
}

/* Who recorded it: a key date of the record itself has actor "record". */
function actorText(e) {
	return e.actor === 'record' ? t('member.from_record') : (e.actor || '');
}

/*
 * path: the API path of the events (`/orgs/ID/history`, `/members/ID/timeline`);
 * kinds: the i18n prefix of the event kinds (`org.event.`, `member.event.`).
 */
export function Timeline({ path, kinds }) {
	const [data, error] = useLoad(() => get(path), [path]);
	if (error) return html`<${ErrorBox} error=${error} />`;
	if (!data) return html`<${Loading} />`;
	const ev = data.events || [];
	if (!ev.length) return html`<p class="muted">${t('common.none')}</p>`;
	return html`<ol class="timeline">${ev.map((e) => html`<li>
		<div class="when">${e.date || ''}</div>
		<div class="what"><strong>${kindLabel(kinds, e.kind)}</strong>
			<div class="detail">${e.kind === 'step' ? stepDetail(e.detail) : eventDetail(e.detail)}</div>
			<div class="muted small">${e.reference ? t('field.reference') + ': ' + e.reference + ' · ' : ''}${actorText(e)}${e.recorded_at ? ' · ' + fmtTime(e.recorded_at) : ''}</div>
		</div></li>`)}</ol>`;
}
