/*
 * api.js - the UI's only door to the server: fetch under /api/v1 with the
 * session cookie ('same-origin') and, on every state-changing request, the
 * X-CSRF-Token header from the session. Errors become ApiError carrying the
 * server's {"error":{code,message,field}}. Not for rendering.
 */
export const BASE = '/api/v1';

let csrfToken = null;
let onUnauthenticated = null;

export function setCsrf(token) { csrfToken = token || null; }
export function setUnauthenticatedHandler(fn) { onUnauthenticated = fn; }

export class ApiError extends Error {
	constructor(status, body) {
		const e = (body && body.error) || {};
		super(e.message || `HTTP ${status}`);
		this.status = status;
		this.code = e.code || (status === 0 ? 'network' : 'http');
		this.field = e.field || null;
		this.body = body;
	}
}

/* URL of path with the non-empty entries of query. */
export function url(path, query) {
	const q = new URLSearchParams();
	for (const [k, v] of Object.entries(query || {}))
		if (v !== undefined && v !== null && v !== '' && v !== false)
			q.set(k, v === true ? '1' : String(v));
	const s = q.toString();
	return BASE + path + (s ? '?' + s : '');
}

/*
 * api(method, path, {query, body, raw, contentType, headers, accept})
 * body is sent as JSON; raw (a Blob/File) is sent as is with contentType.
 * accept lists extra HTTP statuses whose JSON body is returned, not thrown.
 */
export async function api(method, path, opt = {}) {
	const headers = { Accept: 'application/json', ...(opt.headers || {}) };
	const init = { method, credentials: 'same-origin', headers };
	if (method !== 'GET' && method !== 'HEAD' && csrfToken)
		headers['X-CSRF-Token'] = csrfToken;
	if (opt.raw !== undefined) {
		init.body = opt.raw;
		headers['Content-Type'] = opt.contentType || 'application/octet-stream';
	} else if (opt.body !== undefined) {
		init.body = JSON.stringify(opt.body);
		headers['Content-Type'] = 'application/json';
	}
	let res;
	try {
		res = await fetch(url(path, opt.query), init);
	} catch (e) {
		throw new ApiError(0, { error: { code: 'network', message: String(e) } });
	}
	let data = null;
	const ct = res.headers.get('content-type') || '';
	if (ct.includes('json'))
		data = await res.json().catch(() => null);
	if (res.ok || (opt.accept || []).includes(res.status))
		return data;
	if (res.status === 401 && path !== '/session' && onUnauthenticated)
		onUnauthenticated();
	throw new ApiError(res.status, data);
}

export const get = (path, query) => api('GET', path, { query });
export const post = (path, body, query) => api('POST', path, { body, query });
export const patch = (path, body) => api('PATCH', path, { body });
export const del = (path) => api('DELETE', path);
