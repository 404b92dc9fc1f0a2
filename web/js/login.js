/*
 * login.js - the login page: login, password, and the TOTP code when the
 * server says the account needs one (an error naming the field "totp",
 * answered once the password is right and no code was given): the code box
 * appears, focused, with a message saying to enter the code.
 * Not for session state (app.js keeps it).
 */
import { html, useState } from './lib.js';
import { t, currentLang } from './i18n.js';
import { post } from './api.js';
import { useForm, Field, GeneralError, errorText } from './ui.js';
import { ApiError } from './api.js';

export function LoginPage({ onLogin, onLang }) {
	const form = useForm({ login: '', password: '', totp: '' });
	const [needTotp, setNeedTotp] = useState(false);
	const submit = (ev) => {
		ev.preventDefault();
		form.submit(async (v) => {
			const body = { login: v.login.trim(), password: v.password };
			if (needTotp && v.totp.trim()) body.totp = v.totp.trim();
			try {
				const s = await post('/session', body);
				await onLogin(s);
			} catch (e) {
				if (e instanceof ApiError && e.field === 'totp') {
					/* right password, no code: show the code box and say so */
					setNeedTotp(true);
					setTimeout(() => { const el = document.querySelector('input[name=totp]'); if (el) el.focus(); });
					throw new Error(t('login.totp_needed'));
				}
				if (e instanceof ApiError && e.status === 401 && e.field !== 'totp')
					throw new Error(t('login.bad_credentials'));
				if (e instanceof ApiError && e.status === 429)
					throw new Error(t('login.throttled'));
				throw e instanceof ApiError ? new Error(errorText(e)) : e;
			}
		});
	};
	return html`<div class="login-wrap">
		<form class="login card" onSubmit=${submit} novalidate>
			<h1>${t('app.title')}</h1>
			<p class="muted">${t('login.subtitle')}</p>
			<${Field} form=${form} name="login" labelKey="login.login" autocomplete="username" />
			<${Field} form=${form} name="password" type="password" labelKey="login.password" autocomplete="current-password" />
			${needTotp ? html`<${Field} form=${form} name="totp" labelKey="login.totp" autocomplete="one-time-code"
				hint=${t('login.totp_hint')} />` : null}
			${needTotp ? null : html`<div class="totp-toggle"><button type="button" class="link" onClick=${() => setNeedTotp(true)}>
				${t('login.have_totp')}</button></div>`}
			<${GeneralError} form=${form} />
			<div class="actions"><button type="submit" class="primary" disabled=${form.busy}>${t('login.submit')}</button></div>
			<div class="login-foot"><button type="button" class="link" onClick=${() => onLang(currentLang() === 'en' ? 'zh-CN' : 'en')}>
				${t('nav.other_language')}</button></div>
		</form>
	</div>`;
}
