/*
 * tree.js - the organization tree of the left pane. Children are fetched
 * only when a node is opened (GET /orgs/{id}/children), and only the rows in
 * view are rendered: the open part of the tree is flattened into a list of
 * rows of fixed height and a window of it is drawn inside a spacer as tall
 * as the whole list, so a node with tens of thousands of children scrolls as
 * fast as one with ten. A search box finds organizations by name or code
 * (GET /orgs?q=). When a page shows an organization the tree opens its path
 * and scrolls to it. For screen readers the tree is role=tree with one
 * treeitem per row (aria-level, aria-expanded, aria-selected for the shown
 * organization) and aria-activedescendant naming the row the keys move.
 * Not for organization details (org.js).
 */
import { html, useState, useEffect, useRef, useMemo, useCallback, useLayoutEffect } from './lib.js';
import { t } from './i18n.js';
import { get } from './api.js';
import { label } from './codes.js';
import { errorText } from './ui.js';

const ROW = 28;       /* row height in px, also in app.css (.tree-row) */
const OVERSCAN = 12;  /* rows drawn above and below the visible ones */

/* Tree state kept outside preact state: node id -> {org, open, kids, loading, error}. */
function useTreeStore() {
	const nodes = useRef(new Map());
	const [version, setVersion] = useState(0);
	const bump = useCallback(() => setVersion((v) => v + 1), []);
	const node = (id) => nodes.current.get(String(id));
	const put = (org) => {
		const k = String(org.id);
		const old = nodes.current.get(k);
		if (old) old.org = { ...old.org, ...org };
		else nodes.current.set(k, { org, open: false, kids: null, loading: false, error: null });
		return nodes.current.get(k);
	};
	/* Fetches the children of id once; concurrent callers share the fetch. */
	const load = (id) => {
		const n = node(id);
		if (!n || n.kids) return Promise.resolve();
		if (n.loading) return n.loading;
		n.error = null;
		n.loading = (async () => {
			try {
				const r = await get(`/orgs/${id}/children`);
				n.kids = ((r && r.items) || []).map((o) => { put(o); return String(o.id); });
			} catch (e) {
				n.error = errorText(e);
			}
			n.loading = false; bump();
		})();
		bump();
		return n.loading;
	};
	return { nodes, version, bump, node, put, load };
}

export function Tree({ user, route, path, onChoose }) {
	const store = useTreeStore();
	const [roots, setRoots] = useState(null);
	const [rootError, setRootError] = useState(null);
	const [scrollTop, setScrollTop] = useState(0);
	const [height, setHeight] = useState(600);
	const [focus, setFocus] = useState(null);
	const viewport = useRef(null);
	const selected = route.parts[0] === 'org' ? route.parts[1] : null;

	/* Roots: the caller's scope organization, else the top-level ones. */
	useEffect(() => {
		(async () => {
			try {
				if (user.scope_org) {
					const n = store.put(user.scope_org);
					setRoots([String(n.org.id)]);
					n.open = true;
					await store.load(n.org.id);
				} else {
					const r = await get('/orgs', { limit: 200 });
					const top = ((r && r.items) || []).filter((o) => !o.parent_id);
					top.forEach((o) => store.put(o));
					setRoots(top.map((o) => String(o.id)));
				}
			} catch (e) {
				setRootError(errorText(e));
			}
		})();
	}, [user]);

	/* Open the path of the organization shown by the page. */
	useEffect(() => {
		if (!path || !path.length || !roots) return;
		let stop = false;
		(async () => {
			for (let i = 0; i < path.length - 1 && !stop; i++) {
				const n = store.node(path[i].id);
				if (!n) continue;
				n.open = true;
				await store.load(path[i].id);
			}
			if (stop) return;
			store.bump();
			setFocus(String(path[path.length - 1].id));
		})();
		return () => { stop = true; };
	}, [path, roots]);

	const rows = useMemo(() => {
		const out = [];
		const walk = (id, depth) => {
			const n = store.node(id);
			if (!n) return;
			out.push({ id, depth, n });
			if (n.open) {
				if (n.kids) for (const k of n.kids) walk(k, depth + 1);
				if (n.loading) out.push({ id: id + ':loading', depth: depth + 1, note: t('common.loading') });
				if (n.error) out.push({ id: id + ':error', depth: depth + 1, note: n.error, bad: true });
			}
		};
		(roots || []).forEach((r) => walk(r, 0));
		return out;
	}, [roots, store.version, t('common.loading')]);

	useLayoutEffect(() => {
		const el = viewport.current;
		if (!el) return;
		const measure = () => setHeight(el.clientHeight || 600);
		measure();
		const ro = new ResizeObserver(measure);
		ro.observe(el);
		return () => ro.disconnect();
	}, []);

	/* Scroll the selected/focused row into view once it exists. */
	useEffect(() => {
		const want = focus || selected;
		if (!want || !viewport.current) return;
		const i = rows.findIndex((r) => r.id === String(want));
		if (i < 0) return;
		const el = viewport.current;
		const top = i * ROW;
		if (top < el.scrollTop || top + ROW > el.scrollTop + el.clientHeight)
			el.scrollTop = Math.max(0, top - el.clientHeight / 3);
	}, [focus, rows.length]);

	const toggle = (id) => {
		const n = store.node(id);
		if (!n) return;
		n.open = !n.open;
		store.bump();
		if (n.open) store.load(id);
	};
	const select = (id) => { setFocus(String(id)); location.hash = '#/org/' + id; if (onChoose) onChoose(id); };

	const onKey = (ev) => {
		const cur = focus || selected;
		let i = rows.findIndex((r) => r.id === String(cur));
		const r = rows[i];
		if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
			ev.preventDefault();
			i = Math.max(0, Math.min(rows.length - 1, i + (ev.key === 'ArrowDown' ? 1 : -1)));
			while (rows[i] && rows[i].note) i += ev.key === 'ArrowDown' ? 1 : -1;
			if (rows[i]) setFocus(rows[i].id);
		} else if (r && r.n && ev.key === 'ArrowRight' && !r.n.open && r.n.org.child_count !== 0) {
			ev.preventDefault(); toggle(r.id);
		} else if (r && r.n && ev.key === 'ArrowLeft' && r.n.open) {
			ev.preventDefault(); toggle(r.id);
		} else if (r && r.n && (ev.key === 'Enter' || ev.key === ' ')) {
			ev.preventDefault(); select(r.id);
		} else if ((ev.key === 'Home' || ev.key === 'End') && rows.length) {
			ev.preventDefault();
			const list = rows.filter((x) => !x.note);
			if (list.length) setFocus((ev.key === 'Home' ? list[0] : list[list.length - 1]).id);
		}
	};
	/* Keyboard focus lands on the shown organization, else the first row. */
	const onFocus = (ev) => {
		if (ev.target !== ev.currentTarget || focus) return;
		const first = rows.find((x) => !x.note);
		if (selected && rows.some((x) => x.id === String(selected))) setFocus(String(selected));
		else if (first) setFocus(first.id);
	};
	const active = focus || selected;

	const first = Math.max(0, Math.floor(scrollTop / ROW) - OVERSCAN);
	const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW) + OVERSCAN);
	const shown = rows.slice(first, last);

	return html`<div class="tree">
		<${OrgSearch} onChoose=${onChoose} />
		<div class="tree-view" ref=${viewport} tabindex="0" role="tree" aria-label=${t('tree.label')}
			aria-activedescendant=${active && shown.some((r) => r.id === String(active)) ? 'tree-item-' + active : undefined}
			onScroll=${(ev) => setScrollTop(ev.currentTarget.scrollTop)} onKeyDown=${onKey} onFocus=${onFocus}>
			${rootError ? html`<div class="error-box">${rootError}</div>` : null}
			${roots && !roots.length ? html`<div class="muted pad">${t('tree.empty')}</div>` : null}
			<div class="tree-spacer" style=${{ height: rows.length * ROW + 'px' }}>
				<div class="tree-window" style=${{ transform: `translateY(${first * ROW}px)` }}>
				${shown.map((r) => r.note
					? html`<div class=${'tree-row note' + (r.bad ? ' bad' : '')} key=${r.id} style=${{ paddingLeft: 8 + r.depth * 16 + 18 + 'px' }}>${r.note}</div>`
					: html`<${TreeRow} key=${r.id} r=${r} selected=${String(selected) === r.id} focused=${focus === r.id}
						onToggle=${toggle} onSelect=${select} />`)}
				</div>
			</div>
		</div>
	</div>`;
}

function TreeRow({ r, selected, focused, onToggle, onSelect }) {
	const o = r.n.org;
	const leaf = o.child_count === 0 || (r.n.kids && r.n.kids.length === 0);
	return html`<div class=${'tree-row' + (selected ? ' selected' : '') + (focused ? ' focused' : '') + (o.dissolved ? ' dissolved' : '')}
		role="treeitem" id=${'tree-item-' + o.id} aria-label=${o.name} aria-level=${r.depth + 1}
		aria-expanded=${leaf ? undefined : (r.n.open ? 'true' : 'false')} aria-selected=${selected ? 'true' : 'false'}
		data-org-id=${o.id} style=${{ paddingLeft: 8 + r.depth * 16 + 'px' }}>
		${leaf ? html`<span class="twisty"></span>` : html`<button type="button" class="twisty" tabindex="-1"
			aria-label=${r.n.open ? t('tree.collapse') : t('tree.expand')} onClick=${() => onToggle(String(o.id))}>${r.n.open ? '▾' : '▸'}</button>`}
		<a class="tree-name" href=${'#/org/' + o.id} tabindex="-1" title=${o.name + ' · ' + o.code}
			onClick=${(ev) => { ev.preventDefault(); onSelect(o.id); }}>${o.name}</a>
		${o.child_count ? html`<span class="count">${o.child_count}</span>` : null}
	</div>`;
}

function OrgSearch({ onChoose }) {
	const [q, setQ] = useState('');
	const [items, setItems] = useState(null);
	const [err, setErr] = useState(null);
	const timer = useRef(null);
	const run = (text) => {
		setQ(text);
		clearTimeout(timer.current);
		if (!text.trim()) { setItems(null); setErr(null); return; }
		timer.current = setTimeout(async () => {
			try {
				const r = await get('/orgs', { q: text.trim(), limit: 30 });
				setItems((r && r.items) || []); setErr(null);
			} catch (e) { setErr(errorText(e)); setItems(null); }
		}, 200);
	};
	return html`<div class="org-search">
		<input type="search" name="org-q" value=${q} placeholder=${t('tree.search_placeholder')} aria-label=${t('tree.search_placeholder')}
			onInput=${(ev) => run(ev.currentTarget.value)}
			onKeyDown=${(ev) => { if (ev.key === 'Escape') run(''); }} />
		${err ? html`<div class="error-box">${err}</div>` : null}
		${items ? html`<ul class="search-results">
			${items.length ? items.map((o) => html`<li><a href=${'#/org/' + o.id} onClick=${() => { run(''); if (onChoose) onChoose(o.id); }}>
				<span class="name">${o.name}</span><span class="muted">${o.code} · ${label('org_kind', o.kind)}</span></a></li>`)
				: html`<li class="muted">${t('common.none_found')}</li>`}
		</ul>` : null}
	</div>`;
}
