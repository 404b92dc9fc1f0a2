/*
 * app.js - the entry point of the web UI: loads the catalogue and the
 * session, shows the login page or the application frame (header, the
 * organization tree on the left, the page of the current hash route on the
 * right), and switches language. Routes are hash based (#/org/12) so that
 * the server serves one static page. On a narrow screen (phones, see
 * docs/ui.md "Phones and tablets") the tree is a drawer opened by a button
 * in the header and closed by choosing an organization, by Escape or by
 * tapping beside it. Not for page content (the page modules: org.js,
 * member.js, tree.js, dashboard.js, import.js, users.js, audit.js, print.js,
 * rules.js).
 */
import { html, render, useState, useEffect, useCallback, useRef } from './lib.js';
import { t, loadLang, savedLang, currentLang } from './i18n.js';
import { get, del, setCsrf, setUnauthenticatedHandler } from './api.js';
import { loadCodes } from './codes.js';
import { Notices, notify, errorText } from './ui.js';
import { LoginPage } from './login.js';
import { can, go, sessionUser } from './nav.js';

/* The page modules are loaded once a session exists, so that the login
 * page paints without them (docs/ui.md, "First paint"). */
let pagesLoading = null;
function loadPages() {
	if (!pagesLoading) {
		pagesLoading = Promise.all([import('./tree.js'), import('./org.js'), import('./member.js'),
			import('./import.js'), import('./users.js'), import('./audit.js'), import('./home.js'),
			import('./ledger.js'), import('./print.js'), import('./rules.js'), import('./transfers.js')])
			.then((mods) => Object.assign({}, ...mods))
			.catch((e) => { pagesLoading = null; throw e; });
	}
	return pagesLoading;
}

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

/* The workbench for a scoped user who reads members and statistics; the
 * other roles go where their work is. */
function Home({ P, user }) {
	const workbench = !!user.scope_org && can.stats(user) && can.members(user);
	useEffect(() => {
		if (workbench) return;
		if (can.self(user) && !can.members(user) && user.person_id) go('/member/' + user.person_id);
		else if (can.audit(user)) go('/audit');
		else if (can.users(user) && !user.scope_org) go('/users');
		else if (user.scope_org) go('/org/' + user.scope_org.id);
	}, [user]);
	if (workbench) return html`<${P.Workbench} user=${user} />`;
	return html`<div class="page"><h1>${t('home.title')}</h1><p>${t('home.hint')}</p></div>`;
}

/* The title of the pages that have no name of their own to show. */
function Titled({ P, k, children }) {
	P.useTitle(t(k));
	return children;
}

function Page({ P, user, route, onOrgShown }) {
	const { OrgPage, MemberPage, MemberNewPage, MemberSearchPage, ImportPage, UsersPage, AuditPage,
		MemberPrintPage, BulletinPrintPage } = P;
	const [a, b, c] = route.parts;
	if (a === 'org' && b && c === 'print-bulletin') return html`<${BulletinPrintPage} key=${b} user=${user} id=${b} year=${route.query.get('year')} />`;
	if (a === 'transfer' && b && c === 'print') return html`<${P.TransferPrintPage} key=${b} id=${b} />`;
	if (a === 'member' && b && c === 'print') return html`<${MemberPrintPage} key=${b} user=${user} id=${b} reveal=${route.query.get('reveal') === '1'} />`;
	if (a === 'org' && b) return html`<${OrgPage} key=${b} user=${user} id=${b} tab=${c || 'overview'} query=${route.query} onShown=${onOrgShown} />`;
	if (a === 'member' && b) return html`<${MemberPage} key=${b + (c || '')} user=${user} id=${b} edit=${c === 'edit'} />`;
	if (a === 'members' && b === 'new') return html`<${Titled} P=${P} k="member.new"><${MemberNewPage} user=${user} orgId=${route.query.get('org')} /><//>`;
	if (a === 'search') return html`<${MemberSearchPage} user=${user} q=${route.query.get('q') || ''} />`;
	if (a === 'import') return can.import(user) ? html`<${Titled} P=${P} k="nav.import"><${ImportPage} user=${user} /><//>`
		: html`<div class="page" data-denied="import"><div class="error-box" role="alert">${t('error.forbidden')}</div></div>`;
	if (a === 'users') return html`<${Titled} P=${P} k="nav.users"><${UsersPage} user=${user} /><//>`;
	if (a === 'rules') return html`<${Titled} P=${P} k="rules.title"><${P.RulesPage} date=${route.query.get('date') || ''} /><//>`;
	if (a === 'audit') return html`<${Titled} P=${P} k="nav.audit"><${AuditPage} user=${user} tab=${b || 'audit'} /><//>`;
	return html`<${Home} P=${P} user=${user} />`;
}

function Header({ user, onLogout, onLang, drawer, onDrawer, drawerButton }) {
	const [menu, setMenu] = useState(false);
	useEffect(() => {
		if (!menu) return undefined;
		const key = (ev) => { if (ev.key === 'Escape') setMenu(false); };
		document.addEventListener('keydown', key);
		return () => document.removeEventListener('keydown', key);
	}, [menu]);
	const [q, setQ] = useState('');
	const logoutOthers = async () => {
		setMenu(false);
		try {
			const r = await del('/sessions/others');
			notify(t('session.others_closed', { n: (r && r.closed) || 0 }));
		} catch (e) { notify(errorText(e), 'bad'); }
	};
	return html`<header class="top">
		${can.tree(user) ? html`<button type="button" class="drawer-toggle" ref=${drawerButton} onClick=${() => onDrawer(!drawer)}
			aria-controls="tree-pane" aria-expanded=${drawer ? 'true' : 'false'}
			aria-label=${drawer ? t('mobile.tree_close') : t('mobile.tree_open')}><span aria-hidden="true">☰</span></button>` : null}
		<a class="brand" href="#/" aria-label=${t('app.title')}><span class="brand-long">${t('app.title')}</span><span class="brand-short">${t('mobile.brand_short')}</span></a>
		<nav>
			${can.members(user) ? html`<form class="quick-search" role="search" onSubmit=${(ev) => { ev.preventDefault(); if (q.trim()) go('/search?q=' + encodeURIComponent(q.trim())); }}>
				<input type="search" name="member-q" value=${q} placeholder=${t('nav.member_search')} aria-label=${t('nav.member_search')}
					onInput=${(ev) => setQ(ev.currentTarget.value)} /></form>` : null}
			${can.import(user) ? html`<a href="#/import">${t('nav.import')}</a>` : null}
			${can.users(user) ? html`<a href="#/users">${t('nav.users')}</a>` : null}
			${can.audit(user) ? html`<a href="#/audit">${t('nav.audit')}</a>` : null}
			<a href="#/rules" data-nav="rules">${t('rules.nav')}</a>
		</nav>
		<div class="right">
			<button type="button" class="lang" onClick=${() => onLang(currentLang() === 'en' ? 'zh-CN' : 'en')}
				aria-label=${t('nav.language')}>${t('nav.other_language')}</button>
			<div class="user-menu">
				<button type="button" class="user" onClick=${() => setMenu(!menu)} aria-expanded=${menu ? 'true' : 'false'} aria-haspopup="true"
					aria-label=${t('a11y.user_menu', { login: user.login, role: t('role.' + user.role) })}>
					${user.login}<span class="user-role"> · ${t('role.' + user.role)}</span></button>
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
	const [drawer, setDrawer] = useState(false);
	const drawerButton = useRef(null);
	const [P, setP] = useState(null);
	const route = useRoute();
	/* the drawer closes when an organization (any route) is chosen */
	useEffect(() => setDrawer(false), [route]);
	useEffect(() => {
		if (!drawer) return undefined;
		const pane = document.getElementById('tree-pane');
		const view = pane && pane.querySelector('.tree-view');
		if (view) view.focus();
		const key = (ev) => {
			if (ev.key !== 'Escape' || document.querySelector('.modal')) return;
			setDrawer(false);
			if (drawerButton.current) drawerButton.current.focus();
		};
		document.addEventListener('keydown', key);
		return () => document.removeEventListener('keydown', key);
	}, [drawer]);
	useEffect(() => {
		if (session && !P) loadPages().then(setP, (e) => notify(errorText(e), 'bad'));
	}, [session]);

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
	if (!P) return html`<div class="loading">${t('common.loading')}</div>`;
	const user = session.user;
	const skip = () => { const m = document.getElementById('main'); if (m) m.focus(); };
	return html`<div class=${'frame' + (drawer ? ' drawer-open' : '')} data-lang=${lang}>
		<button type="button" class="skip-link" onClick=${skip}>${t('a11y.skip_to_main')}</button>
		<${Header} user=${user} onLogout=${logout} onLang=${switchLang} drawer=${drawer} onDrawer=${setDrawer} drawerButton=${drawerButton} />
		<div class="body">
			${can.tree(user) ? html`<aside class="tree-pane" id="tree-pane" aria-label=${t('tree.label')}>
				<div class="drawer-head"><span>${t('tree.label')}</span>
					<button type="button" class="icon drawer-close" aria-label=${t('mobile.tree_close')}
						onClick=${() => { setDrawer(false); if (drawerButton.current) drawerButton.current.focus(); }}>×</button></div>
				<${P.Tree} user=${user} route=${route} path=${shownPath} onChoose=${() => setDrawer(false)} /></aside>
				<div class="drawer-back" aria-hidden="true" onClick=${() => setDrawer(false)}></div>` : null}
			<main class="main-pane" id="main" tabindex="-1"><${Page} P=${P} user=${user} route=${route} onOrgShown=${setShownPath} /></main>
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
	const root = document.getElementById('app');
	root.textContent = '';	/* the boot card of index.html, painted before any script ran */
	render(html`<${App} />`, root);
})();
