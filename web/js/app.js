/*
 * app.js - the entry point of the web UI: loads the catalogue and the
 * session, shows the login page or the application frame (header, the
 * organization tree on the left, the page of the current hash route on the
 * right), and switches language. Routes are hash based (#/org/12) so that
 * the server serves one static page. Not for page content
 * (the page modules: org.js, member.js, tree.js, dashboard.js, import.js,
 * users.js, audit.js).
 */
import { html, render, useState, useEffect, useCallback } from './lib.js';
import { t, loadLang, savedLang, currentLang } from './i18n.js';
import { get, del, setCsrf, setUnauthenticatedHandler } from './api.js';
import { loadCodes } from './codes.js';
import { Notices, notify, errorText } from './ui.js';
import { Tree } from './tree.js';
import { LoginPage } from './login.js';
import { OrgPage } from './org.js';
import { MemberPage, MemberNewPage, MemberSearchPage } from './member.js';
import { ImportPage } from './import.js';
import { UsersPage } from './users.js';
import { AuditPage } from './audit.js';
import { can, go, sessionUser } from './nav.js';

function parseHash() {
	const h = location.hash.replace(/^#\/?/, '');
	const [path, qs] = h.split('?');
	return { parts: path.split('/').filter(Boolean), query: new URLSearchParams(qs || '') };
}

function useRoute() {
	const [route, setRoute] = useState(parseHash());
	useEffect(() => {
		const on = () => setRoute(parseHash());
		window.addEventListener('hashchange', on);
		return () => window.removeEventListener('hashchange', on);
	}, []);
	return route;
}

function Home({ user }) {
	useEffect(() => {
		if (can.self(user) && !can.members(user) && user.person_id) go('/member/' + user.person_id);
		else if (can.audit(user)) go('/audit');
		else if (can.users(user) && !user.scope_org) go('/users');
		else if (user.scope_org) go('/org/' + user.scope_org.id);
	}, [user]);
	return html`<div class="page"><h1>${t('home.title')}</h1><p>${t('home.hint')}</p></div>`;
}

function Page({ user, route, onOrgShown }) {
	const [a, b, c] = route.parts;
	if (a === 'org' && b) return html`<${OrgPage} key=${b} user=${user} id=${b} tab=${c || 'overview'} query=${route.query} onShown=${onOrgShown} />`;
	if (a === 'member' && b) return html`<${MemberPage} key=${b + (c || '')} user=${user} id=${b} edit=${c === 'edit'} />`;
	if (a === 'members' && b === 'new') return html`<${MemberNewPage} user=${user} orgId=${route.query.get('org')} />`;
	if (a === 'search') return html`<${MemberSearchPage} user=${user} q=${route.query.get('q') || ''} />`;
	if (a === 'import') return can.import(user) ? html`<${ImportPage} user=${user} />`
		: html`<div class="page" data-denied="import"><div class="error-box" role="alert">${t('error.forbidden')}</div></div>`;
	if (a === 'users') return html`<${UsersPage} user=${user} />`;
	if (a === 'audit') return html`<${AuditPage} user=${user} tab=${b || 'audit'} />`;
	return html`<${Home} user=${user} />`;
}

function Header({ user, onLogout, onLang }) {
	const [menu, setMenu] = useState(false);
	const [q, setQ] = useState('');
	const logoutOthers = async () => {
		setMenu(false);
		try {
			const r = await del('/sessions/others');
			notify(t('session.others_closed', { n: (r && r.closed) || 0 }));
		} catch (e) { notify(errorText(e), 'bad'); }
	};
	return html`<header class="top">
		<a class="brand" href="#/">${t('app.title')}</a>
		<nav>
			${can.members(user) ? html`<form class="quick-search" role="search" onSubmit=${(ev) => { ev.preventDefault(); if (q.trim()) go('/search?q=' + encodeURIComponent(q.trim())); }}>
				<input type="search" name="member-q" value=${q} placeholder=${t('nav.member_search')} aria-label=${t('nav.member_search')}
					onInput=${(ev) => setQ(ev.currentTarget.value)} /></form>` : null}
			${can.import(user) ? html`<a href="#/import">${t('nav.import')}</a>` : null}
			${can.users(user) ? html`<a href="#/users">${t('nav.users')}</a>` : null}
			${can.audit(user) ? html`<a href="#/audit">${t('nav.audit')}</a>` : null}
		</nav>
		<div class="right">
			<button type="button" class="lang" onClick=${() => onLang(currentLang() === 'en' ? 'zh-CN' : 'en')}
				aria-label=${t('nav.language')}>${t('nav.other_language')}</button>
			<div class="user-menu">
				<button type="button" class="user" onClick=${() => setMenu(!menu)} aria-expanded=${menu ? 'true' : 'false'}>
					${user.login} · ${t('role.' + user.role)}</button>
				${menu ? html`<div class="menu">
					${user.scope_org ? html`<div class="muted">${t('user.scope')}: ${user.scope_org.name}</div>` : null}
					<button type="button" onClick=${logoutOthers}>${t('session.logout_others')}</button>
					<button type="button" onClick=${() => { setMenu(false); onLogout(); }}>${t('session.logout')}</button>
				</div>` : null}
			</div>
		</div>
	</header>`;
}

function App() {
	const [lang, setLang] = useState(currentLang());
	const [session, setSession] = useState(undefined); /* undefined: loading; null: logged out */
	const [shownPath, setShownPath] = useState(null);
	const route = useRoute();

	const enter = useCallback(async (s) => {
		setCsrf(s.csrf_token);
		try { await loadCodes(); } catch (e) { /* labels fall back to keys */ }
		setSession({ ...s, user: sessionUser(s) });
	}, []);

	useEffect(() => {
		setUnauthenticatedHandler(() => { setCsrf(null); setSession(null); });
		get('/session').then(enter, () => setSession(null));
	}, []);

	const logout = async () => {
		try { await del('/session'); } catch (e) { /* the session may be gone already */ }
		setCsrf(null);
		setSession(null);
		go('/');
	};
	const switchLang = async (l) => { await loadLang(l); setLang(l); };

	if (session === undefined) return html`<div class="loading">${t('common.loading')}</div>`;
	if (!session) return html`<${LoginPage} onLogin=${enter} onLang=${switchLang} lang=${lang} /><${Notices} />`;
	const user = session.user;
	return html`<div class="frame" data-lang=${lang}>
		<${Header} user=${user} onLogout=${logout} onLang=${switchLang} />
		<div class="body">
			${can.tree(user) ? html`<aside class="tree-pane"><${Tree} user=${user} route=${route} path=${shownPath} /></aside>` : null}
			<main class="main-pane"><${Page} user=${user} route=${route} onOrgShown=${setShownPath} /></main>
		</div>
		<${Notices} />
	</div>`;
}

(async () => {
	try {
		await loadLang(savedLang());
	} catch (e) {
		await loadLang('zh-CN');
	}
	render(html`<${App} />`, document.getElementById('app'));
})();
