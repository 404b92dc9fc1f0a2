/*
 * codes.js - the server's code tables (GET /codes): labels of coded values
 * in the current language and option lists for selects. Not for validation:
 * the server decides what is valid.
 */
import { get } from './api.js';
import { currentLang } from './i18n.js';

let tables = {};

export async function loadCodes() {
	tables = (await get('/codes')) || {};
}

export function options(table) { return tables[table] || []; }

export function label(table, key) {
	if (key === null || key === undefined || key === '') return '';
	const e = (tables[table] || []).find((x) => x.key === key);
	if (!e) return String(key);
	return currentLang() === 'en' ? e.en : e.zh;
}
