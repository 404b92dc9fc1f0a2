/*
 * users.js - user administration for the system and security
 * administrators: the list of accounts, creating one, changing its role and
 * scope, resetting its password, disabling and enabling it (offered with
 * user.admin), and the account requests that wait for a security
 * administrator, approved or rejected here (offered with user.approve).
 * Which changes a role may make is the server's decision; its refusals are
 * shown, and a change that became a request (202) says so. Not for people
 * or members.
 */
import { html, useState } from './lib.js';
import { t } from './i18n.js';
import { can } from './nav.js';
import { get, post, patch } from './api.js';
import { OrgLabel, useLoad, Loading, ErrorBox, Modal, useForm, Field, GeneralError, OrgPicker, notify } from './ui.js';

export const ROLES = ['org_officer', 'branch_secretary', 'member', 'auditor', 'sysadmin', 'secadmin'];

function RoleField({ form }) {
	return html`<${Field} form=${form} name="role" labelKey="user.role" required>
		<select id="f-role" name="role" value=${form.values.role} onChange=${(ev) => form.set('role', ev.currentTarget.value)}>
			${ROLES.map((r) => html`<option value=${r}>${t('role.' + r)}</option>`)}
		</select>
	<//>`;
}

function ScopeField({ form, initialName }) {
	const [name, setName] = useState(initialName || null);
	return html`<${Field} form=${form} name="scope_org_id" labelKey="user.scope">
		<${OrgPicker} id="f-scope_org_id" value=${form.values.scope_org_id} valueLabel=${name}
			invalid=${!!form.errors.scope_org_id}
			onPick=${(o) => { setName(o ? o.name : null); form.set('scope_org_id', o ? o.id : ''); }} />
	<//>`;
}

function CreateUser({ onClose, onDone }) {
	const form = useForm({ login: '', password: '', role: 'branch_secretary', scope_org_id: '' });
	const submit = (ev) => {
		ev.preventDefault();
		form.submit(async (v) => {
			const body = { login: v.login.trim(), password: v.password, role: v.role };
			if (v.scope_org_id) body.scope_org_id = Number(v.scope_org_id);
			onDone(await post('/users', body));
		});
	};
	return html`<${Modal} title=${t('user.create')} onClose=${onClose}>
		<form class="form" onSubmit=${submit} novalidate>
			<${Field} form=${form} name="login" labelKey="user.login" required />
			<${Field} form=${form} name="password" type="password" labelKey="user.password" required autocomplete="new-password" />
			<${RoleField} form=${form} />
			<${ScopeField} form=${form} />
			<${GeneralError} form=${form} />
			<div class="actions"><button type="button" onClick=${onClose}>${t('common.cancel')}</button>
				<button type="submit" class="primary" disabled=${form.busy}>${t('user.create')}</button></div>
		</form>
	<//>`;
}

function EditUser({ user, onClose, onDone }) {
	const form = useForm({ role: user.role, scope_org_id: user.scope_org_id || '', password: '' });
	const submit = (ev) => {
		ev.preventDefault();
		form.submit(async (v) => {
			const body = {};
			if (v.role !== user.role) body.role = v.role;
			if (String(v.scope_org_id || '') !== String(user.scope_org_id || ''))
				body.scope_org_id = v.scope_org_id ? Number(v.scope_org_id) : null;
			if (v.password) body.password = v.password;
			if (!Object.keys(body).length) { onClose(); return; }
			onDone(await patch(`/users/${user.id}`, body));
		});
	};
	return html`<${Modal} title=${t('user.edit', { login: user.login })} onClose=${onClose}>
		<form class="form" onSubmit=${submit} novalidate>
			<${RoleField} form=${form} />
			<${ScopeField} form=${form} initialName=${user.scope_org && user.scope_org.name} />
			<${Field} form=${form} name="password" type="password" labelKey="user.new_password" autocomplete="new-password"
				hint=${t('user.password_keep')} />
			<${GeneralError} form=${form} />
			<div class="actions"><button type="button" onClick=${onClose}>${t('common.cancel')}</button>
				<button type="submit" class="primary" disabled=${form.busy}>${t('common.save')}</button></div>
		</form>
	<//>`;
}

function RejectRequest({ req, onClose, onDone }) {
	const form = useForm({ reason: '' });
	const submit = (ev) => {
		ev.preventDefault();
		form.submit(async (v) => onDone(await post(`/user-requests/${req.id}/reject`, { reason: v.reason.trim() })));
	};
	return html`<${Modal} title=${t('req.reject_title', { login: req.login })} onClose=${onClose}>
		<form class="form" onSubmit=${submit} novalidate>
			<${Field} form=${form} name="reason" labelKey="req.reason" required />
			<${GeneralError} form=${form} />
			<div class="actions"><button type="button" onClick=${onClose}>${t('common.cancel')}</button>
				<button type="submit" class="danger" disabled=${form.busy}>${t('req.reject')}</button></div>
		</form>
	<//>`;
}

function ShowTotp({ login, uri, onClose }) {
	return html`<${Modal} title=${t('req.approved')} onClose=${onClose}>
		<p>${t('req.totp', { login })}</p>
		<p><code class="totp-uri">${uri}</code></p>
		<div class="actions"><button type="button" class="primary" onClick=${onClose}>${t('req.close')}</button></div>
	<//>`;
}

/* The pending account requests; approve and reject only with user.approve. */
function Requests({ user, version, onChanged }) {
	const [data, error, reload] = useLoad(() => get('/user-requests'), [version]);
	const [modal, setModal] = useState(null);
	const [rowError, setRowError] = useState(null);
	const approve = async (r) => {
		setRowError(null);
		try {
			const res = await post(`/user-requests/${r.id}/approve`, {});
			if (res.totp_uri) setModal({ kind: 'totp', login: r.login, uri: res.totp_uri });
			else notify(t('req.approved'));
			reload();
			onChanged();
		} catch (e) { setRowError(e); }
	};
	const decider = can.approveRequests(user);
	return html`<section class="user-requests">
		<h2>${t('req.title')}</h2>
		<${ErrorBox} error=${error || rowError} />
		${data === undefined ? html`<${Loading} />` : null}
		${data && !(data.items || []).length ? html`<p class="muted">${t('req.none')}</p>` : null}
		${data && (data.items || []).length ? html`<table class="grid"><thead><tr>
			<th>${t('req.kind')}</th><th>${t('user.login')}</th><th>${t('user.role')}</th><th>${t('user.scope')}</th>
			<th>${t('req.by')}</th><th>${t('req.at')}</th><th></th>
		</tr></thead><tbody>${data.items.map((r) => html`<tr data-request=${r.id}>
			<td>${t('req.kind.' + r.kind)}</td><td>${r.login}</td><td>${t('role.' + r.role)}</td>
			<td>${r.scope_org_id ? html`<${OrgLabel} id=${r.scope_org_id} />` : t('user.no_scope')}</td>
			<td>${r.requested_by}</td><td>${r.requested_at}</td>
			<td>${decider ? html`<div class="row-actions">
				<button type="button" class="primary" onClick=${() => approve(r)}>${t('req.approve')}</button>
				<button type="button" class="danger" onClick=${() => setModal({ kind: 'reject', req: r })}>${t('req.reject')}</button>
			</div>` : null}</td></tr>`)}</tbody></table>` : null}
		${modal && modal.kind === 'reject' ? html`<${RejectRequest} req=${modal.req} onClose=${() => setModal(null)}
			onDone=${() => { setModal(null); notify(t('req.rejected')); reload(); onChanged(); }} />` : null}
		${modal && modal.kind === 'totp' ? html`<${ShowTotp} login=${modal.login} uri=${modal.uri} onClose=${() => setModal(null)} />` : null}
	</section>`;
}

export function UsersPage({ user }) {
	const [data, error, reload] = useLoad(() => get('/users'), []);
	const [modal, setModal] = useState(null);
	const [rowError, setRowError] = useState(null);
	const [version, setVersion] = useState(0);
	const manage = can.manageUsers(user);
	const changed = (res, msg) => {
		notify(res && res.request ? t('user.requested') : msg);
		setVersion((n) => n + 1);
		reload();
	};
	const toggle = async (u) => {
		setRowError(null);
		try {
			const res = await patch(`/users/${u.id}`, { disabled: !u.disabled });
			changed(res, u.disabled ? t('user.enabled') : t('user.disabled_done'));
		} catch (e) { setRowError(e); }
	};
	const done = (res, msg) => { setModal(null); changed(res, msg); };
	return html`<div class="page users-page">
		<div class="title-row"><h1>${t('user.title')}</h1><div class="spacer"></div>
			${manage ? html`<button type="button" class="primary" onClick=${() => setModal({ kind: 'create' })}>${t('user.create')}</button>` : null}</div>
		<${Requests} user=${user} version=${version} onChanged=${reload} />
		<${ErrorBox} error=${error || rowError} />
		${data === undefined ? html`<${Loading} />` : null}
		${data ? html`<table class="grid"><thead><tr>
			<th>${t('user.login')}</th><th>${t('user.role')}</th><th>${t('user.scope')}</th><th>${t('user.state')}</th><th></th>
		</tr></thead><tbody>${(data.items || []).map((u) => html`<tr data-user=${u.login} class=${u.disabled ? 'disabled' : ''}>
			<td>${u.login}</td><td>${t('role.' + u.role)}</td>
			<td>${u.scope_org ? u.scope_org.name : (u.scope_org_id ? html`<${OrgLabel} id=${u.scope_org_id} />` : t('user.no_scope'))}</td>
			<td>${u.disabled ? html`<span class="badge bad">${t('user.disabled')}</span>` : t('user.active')}</td>
			<td>${manage ? html`<div class="row-actions">
				<button type="button" onClick=${() => setModal({ kind: 'edit', user: u })}>${t('common.edit')}</button>
				<button type="button" class=${u.disabled ? '' : 'danger'} onClick=${() => toggle(u)}>${u.disabled ? t('user.enable') : t('user.disable')}</button>
			</div>` : null}</td></tr>`)}</tbody></table>` : null}
		${modal && modal.kind === 'create' ? html`<${CreateUser} onClose=${() => setModal(null)} onDone=${(res) => done(res, t('user.created'))} />` : null}
		${modal && modal.kind === 'edit' ? html`<${EditUser} user=${modal.user} onClose=${() => setModal(null)} onDone=${(res) => done(res, t('user.saved'))} />` : null}
	</div>`;
}
