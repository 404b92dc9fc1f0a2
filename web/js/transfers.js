/*
 * transfers.js - transfers of members' organizational relationship on the
 * organization page (tab "transfers", #/org/ID/transfers): the incoming and
 * outgoing letters of the organization's subtree, or of the organization
 * alone when "subtree" is unticked (GET /transfers?direction=in|out&subtree=1|0),
 * each row with both ends,
 * the form that issues a letter (POST /transfers, the destination found by
 * GET /transfer-destinations, by code or any part of the name, which answers
 * codes and names only, and says when its bounded search was partial), the
 * receipt and return of an incoming letter, and the printable A4
 * introduction letter (#/transfer/ID/print): stub (存根), letter and
 * receipt (回执) in the standard layout, cut apart along dashed lines.
 * The member page's list of one member's transfers (MemberTransfers, GET
 * /members/{id}/transfers) links the same printable letter. The rules of
 * the acts are the server's (src/ops/transfer-ops.c).
 */
import { html, useState } from './lib.js';
import { t } from './i18n.js';
import { get, post } from './api.js';
import { useLoad, Loading, ErrorBox, Modal, notify, errorText } from './ui.js';
import { can } from './nav.js';

const orgText = (o) => (o ? `${o.name}（${o.code}）` : '–');

function StatusBadge({ s, stuck }) {
	return html`<span class=${'badge transfer-' + s + (stuck ? ' due' : '')} data-status=${s}>
		${t('transfer.status.' + s)}${stuck ? ' · ' + t('transfer.stuck') : ''}</span>`;
}

function TransferTable({ items, incoming, writer, onAct }) {
	if (!items.length) return html`<p class="muted">${t('transfer.none')}</p>`;
	return html`<table class="grid transfer-table"><thead><tr>
		<th scope="col">${t('transfer.letter_no')}</th><th scope="col">${t('transfer.person')}</th>
		<th scope="col">${t('transfer.from')}</th><th scope="col">${t('transfer.to')}</th>
		<th scope="col">${t('transfer.issued')}</th><th scope="col">${t('transfer.valid_until')}</th>
		<th scope="col">${t('transfer.status')}</th><th scope="col">${t('transfer.actions')}</th></tr></thead>
		<tbody>${items.map((x) => html`<tr data-transfer=${x.id}>
			<td>${x.letter_no}</td><td><a href=${'#/member/' + x.person.id}>${x.person.name}</a></td>
			<td>${orgText(x.from)}</td><td>${orgText(x.to)}</td><td>${x.issued}</td><td>${x.valid_until}</td>
			<td><${StatusBadge} s=${x.status} stuck=${x.stuck} />
				${x.received_org ? html` <span class="muted small">${x.received} ${orgText(x.received_org)}</span>` : null}
				${x.return_reason ? html` <span class="muted small">${x.returned} ${x.return_reason}</span>` : null}</td>
			<td>${!incoming ? html`<a href=${'#/transfer/' + x.id + '/print'}>${t('transfer.print')}</a>` : null}
				${incoming && writer && x.status === 'in_transit' ? html`
					<button type="button" onClick=${() => onAct({ kind: 'receive', x })}>${t('transfer.receive')}</button>
					<button type="button" onClick=${() => onAct({ kind: 'return', x })}>${t('transfer.return')}</button>` : null}</td>
		</tr>`)}</tbody></table>`;
}

function useSubmit(fn, onDone) {
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState(null);
	const submit = async (ev) => {
		ev.preventDefault();
		setBusy(true); setError(null);
		try { onDone(await fn()); } catch (e) { setError(e); } finally { setBusy(false); }
	};
	return [submit, busy, error];
}

function StartForm({ org, onClose, onDone }) {
	const [v, setV] = useState({ person_id: '', to: '', date: '', letter: '', valid_days: '' });
	const [q, setQ] = useState('');
	const [found] = useLoad(() => (q.length ? get('/transfer-destinations', { q }) : { items: [] }), [q], true);
	const [members] = useLoad(() => get(`/orgs/${org.id}/members`, { limit: 200 }), [org.id]);
	const set = (k) => (ev) => setV({ ...v, [k]: ev.currentTarget.value });
	const [submit, busy, error] = useSubmit(() => post('/transfers', {
		person_id: Number(v.person_id), to: v.to, date: v.date,
		...(v.letter ? { letter: v.letter } : {}), ...(v.valid_days ? { valid_days: Number(v.valid_days) } : {}),
	}), onDone);
	return html`<${Modal} title=${t('transfer.start')} onClose=${onClose}>
		<form class="form transfer-start" onSubmit=${submit}>
			<label>${t('transfer.person')}
				<select required value=${v.person_id} onChange=${set('person_id')}>
					<option value="">–</option>
					${((members && members.items) || []).map((m) => html`<option value=${m.id}>${m.name}</option>`)}
				</select></label>
			<label>${t('transfer.find_destination')}
				<input type="search" value=${q} onInput=${(ev) => setQ(ev.currentTarget.value)} /></label>
			<label>${t('transfer.to')}
				<select required value=${v.to} onChange=${set('to')}>
					<option value="">–</option>
					${((found && found.items) || []).map((o) => html`<option value=${o.code}>${orgText(o)}</option>`)}
				</select></label>
			${found && found.partial ? html`<p class="muted small" data-partial>${t('transfer.search_partial')}</p>` : null}
			<label>${t('transfer.issued')}<input type="date" required value=${v.date} onInput=${set('date')} /></label>
			<label>${t('transfer.letter_no')}<input value=${v.letter} maxlength="40" onInput=${set('letter')} /></label>
			<label>${t('transfer.valid_days')}<input type="number" min="1" max="92" value=${v.valid_days} onInput=${set('valid_days')} /></label>
			<${ErrorBox} error=${error} />
			<div class="actions"><button type="submit" class="primary" disabled=${busy}>${t('transfer.start')}</button>
				<button type="button" onClick=${onClose}>${t('common.cancel')}</button></div>
		</form></${Modal}>`;
}

function ActForm({ act, onClose, onDone }) {
	const [v, setV] = useState({ date: '', org: '', reason: '' });
	const receive = act.kind === 'receive';
	const dest = act.x.to;
	const [below] = useLoad(() => (receive && dest.id ? get(`/orgs/${dest.id}/children`) : { items: [] }), [act.x.id]);
	const set = (k) => (ev) => setV({ ...v, [k]: ev.currentTarget.value });
	const [submit, busy, error] = useSubmit(() => (receive
		? post(`/transfers/${act.x.id}/receive`, { date: v.date, ...(v.org ? { org_id: Number(v.org) } : {}) })
		: post(`/transfers/${act.x.id}/return`, { reason: v.reason, ...(v.date ? { date: v.date } : {}) })), onDone);
	return html`<${Modal} title=${t(receive ? 'transfer.receive' : 'transfer.return')} onClose=${onClose}>
		<form class="form transfer-act" onSubmit=${submit}>
			<p>${act.x.letter_no} · ${act.x.person.name} · ${orgText(act.x.from)}</p>
			<label>${t(receive ? 'transfer.received' : 'transfer.returned')}
				<input type="date" required=${receive} value=${v.date} onInput=${set('date')} /></label>
			${receive ? html`<label>${t('transfer.into')}
				<select value=${v.org} onChange=${set('org')}><option value="">${orgText(dest)}</option>
					${((below && below.items) || []).map((o) => html`<option value=${o.id}>${orgText(o)}</option>`)}
				</select></label>` : html`<label>${t('transfer.reason')}
				<input required maxlength="200" value=${v.reason} onInput=${set('reason')} /></label>`}
			<${ErrorBox} error=${error} />
			<div class="actions"><button type="submit" class="primary" disabled=${busy}>${t(receive ? 'transfer.receive' : 'transfer.return')}</button>
				<button type="button" onClick=${onClose}>${t('common.cancel')}</button></div>
		</form></${Modal}>`;
}

export function TransfersTab({ org, user }) {
	const [subtree, setSubtree] = useState(true);
	const sub = subtree ? 1 : 0;
	const [incoming, e1, reloadIn] = useLoad(() => get('/transfers', { org: org.id, direction: 'in', subtree: sub }), [org.id, sub]);
	const [outgoing, e2, reloadOut] = useLoad(() => get('/transfers', { org: org.id, direction: 'out', subtree: sub }), [org.id, sub]);
	const [action, setAction] = useState(null);
	const writer = can.editMembers(user);
	const done = (msg) => () => { setAction(null); notify(msg); reloadIn(); reloadOut(); };
	return html`<section class="transfers">
		<div class="filters"><label class="check"><input type="checkbox" name="subtree" checked=${subtree}
			onChange=${(ev) => setSubtree(ev.currentTarget.checked)} /> ${t('member.subtree')}</label></div>
		${writer ? html`<div class="toolbar"><button type="button" class="primary" onClick=${() => setAction({ kind: 'start' })}>${t('transfer.start')}</button></div>` : null}
		<h2>${t('transfer.incoming')}</h2>
		<${ErrorBox} error=${e1} />
		${incoming ? html`<${TransferTable} items=${incoming.items} incoming writer=${writer} onAct=${setAction} />` : html`<${Loading} />`}
		<h2>${t('transfer.outgoing')}</h2>
		<${ErrorBox} error=${e2} />
		${outgoing ? html`<${TransferTable} items=${outgoing.items} writer=${writer} onAct=${setAction} />` : html`<${Loading} />`}
		${action && action.kind === 'start' ? html`<${StartForm} org=${org} onClose=${() => setAction(null)} onDone=${done(t('transfer.started'))} />` : null}
		${action && action.kind !== 'start' ? html`<${ActForm} act=${action} onClose=${() => setAction(null)} onDone=${done(t(action.kind === 'receive' ? 'transfer.received_done' : 'transfer.returned_done'))} />` : null}
	</section>`;
}

/* The transfers of one member on the member page (GET /members/{id}/transfers):
 * shown to whoever reads the member; the printable letter is linked where
 * the caller may open the letter itself ("readable", the transfer grant). */
export function MemberTransfers({ person, user }) {
	const [data, error] = useLoad(() => get(`/members/${person.id}/transfers`), [person.id, person.org_id, person.status]);
	/* an organization of the caller's scope (with its id) links to its page */
	const org = (o) => (o && o.id && can.tree(user) ? html`<a href=${'#/org/' + o.id}>${orgText(o)}</a>` : orgText(o));
	return html`<section class="card member-transfers" aria-labelledby="member-transfers-title">
		<h2 id="member-transfers-title">${t('transfer.member_title')}</h2>
		<${ErrorBox} error=${error} />
		${!data && !error ? html`<${Loading} />` : null}
		${data && !data.items.length ? html`<p class="muted">${t('transfer.none')}</p>` : null}
		${data && data.items.length ? html`<div class="scroll-x"><table class="grid transfer-table" aria-label=${t('transfer.member_title')}><thead><tr>
			<th scope="col">${t('transfer.letter_no')}</th><th scope="col">${t('transfer.from')}</th>
			<th scope="col">${t('transfer.to')}</th><th scope="col">${t('transfer.issued')}</th>
			<th scope="col">${t('transfer.valid_until')}</th><th scope="col">${t('transfer.status')}</th>
			<th scope="col">${t('transfer.closed_on')}</th><th scope="col">${t('transfer.letter_col')}</th></tr></thead>
			<tbody>${data.items.map((x) => html`<tr data-transfer=${x.id} data-status=${x.status}>
				<td>${x.letter_no}</td><td>${org(x.from)}</td>
				<td>${org(x.to)}${x.received_org && x.to && x.received_org.code !== x.to.code
					? html` <span class="muted small">→ ${org(x.received_org)}</span>` : null}</td>
				<td class="date">${x.issued}</td><td class="date">${x.valid_until}</td>
				<td><${StatusBadge} s=${x.status} stuck=${x.stuck} />
					${x.return_reason ? html` <span class="muted small">${x.return_reason}</span>` : null}</td>
				<td class="date" data-closed>${x.received || x.returned || ''}</td>
				<td>${x.readable ? html`<a href=${'#/transfer/' + x.id + '/print'}>${t('transfer.print')}</a>` : null}</td>
			</tr>`)}</tbody></table></div>` : null}
	</section>`;
}

/* One part of the letter: stub, letter or receipt. */
function Part({ title, children }) {
	return html`<section class="letter-part"><h2>${title}</h2>${children}</section>`;
}

export function TransferPrintPage({ id }) {
	const [x, error] = useLoad(() => get(`/transfers/${id}`), [id]);
	if (error) return html`<div class="page"><${ErrorBox} error=${error} /></div>`;
	if (!x) return html`<div class="page"><${Loading} /></div>`;
	const v = { name: x.person.name, from: x.from ? x.from.name : '', to: x.to ? x.to.name : '',
		no: x.letter_no, issued: x.issued, until: x.valid_until, days: x.valid_days };
	return html`<div class="page print-page transfer-print">
		<div class="print-bar no-print">
			<button type="button" class="primary" onClick=${() => window.print()}>${t('print.print')}</button>
			<a class="button" href=${x.from && x.from.id ? `#/org/${x.from.id}/transfers` : '#/'}>${t('print.back')}</a>
		</div>
		<${Part} title=${t('transfer.letter.stub')}>
			<p class="letter-no">${t('transfer.letter.no', v)}</p>
			<p>${t('transfer.letter.stub_text', v)}</p>
			<p class="letter-date">${v.issued}</p></${Part}>
		<div class="cut-line" aria-hidden="true"></div>
		<${Part} title=${t('transfer.letter.title')}>
			<p class="letter-no">${t('transfer.letter.no', v)}</p>
			<p>${v.to}：</p>
			<p>${t('transfer.letter.body', v)}</p>
			<p>${t('transfer.letter.valid', v)}</p>
			<p class="letter-sign">${v.from}<br />${v.issued}</p></${Part}>
		<div class="cut-line" aria-hidden="true"></div>
		<${Part} title=${t('transfer.letter.receipt')}>
			<p class="letter-no">${t('transfer.letter.no', v)}</p>
			<p>${v.from}：</p>
			<p>${t('transfer.letter.receipt_text', v)}</p>
			<p class="letter-sign">${t('transfer.letter.receiver')}<br />${x.received || t('transfer.letter.date_blank')}</p></${Part}>
	</div>`;
}
