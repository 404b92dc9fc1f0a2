/*
 * i18n.js - message catalogues (i18n/zh-CN.json, i18n/en.json) and the
 * language choice. Simplified Chinese is the default; the choice is kept in
 * localStorage. t(key, params) looks a message up and fills {name}
 * placeholders. Every user-visible string of the UI comes from here or from
 * the server's code tables (labels of coded values). Not for formatting
 * server data beyond that.
 */
export const LANGS = ['zh-CN', 'en'];
const STORE_KEY = 'orgwork.lang';

let lang = 'zh-CN';
let messages = {};

export function currentLang() { return lang; }

export function savedLang() {
	try {
		const l = localStorage.getItem(STORE_KEY);
		if (LANGS.includes(l)) return l;
	} catch (e) { /* storage may be disabled */ }
	return 'zh-CN';
}

export async function loadLang(l) {
	if (!LANGS.includes(l)) l = 'zh-CN';
	const res = await fetch(`i18n/${l}.json`, { credentials: 'same-origin' });
	if (!res.ok) throw new Error(`catalogue ${l}: HTTP ${res.status}`);
	messages = await res.json();
	lang = l;
	document.documentElement.lang = l;
	document.title = t('app.title');
	try { localStorage.setItem(STORE_KEY, l); } catch (e) { /* ignore */ }
}

export function t(key, params) {
	let s = messages[key];
	if (s === undefined) return key;
	if (params)
		s = s.replace(/\{(\w+)\}/g, (m, k) => (params[k] !== undefined ? String(params[k]) : m));
	return s;
}

/* Whether the catalogue has key (for optional messages such as field names). */
export function has(key) { return messages[key] !== undefined; }
