/*
 * structure.js - which kinds of organization may sit under a parent, read
 * from the structure rules of the rules catalogue (GET /rules, keys
 * structure.parents.KIND listing the parent kinds KIND may sit under), so
 * that a form offers only those and defaults to the likeliest (a branch
 * where a branch is allowed; under a branch, a party group). The server
 * checks the same rules on every write; this only avoids offering what it
 * would refuse. Not for the rules themselves (docs/rules.md).
 */
import { useState, useEffect } from './lib.js';
import { get } from './api.js';
import { options } from './codes.js';

const PREFIX = 'structure.parents.';
const PREFERRED = ['branch', 'party_group'];

/* The kinds (code-table order) that may sit under parentKind by rules
 * (items of GET /rules); a kind without a structure rule is offered. */
export function allowedKinds(parentKind, items) {
	const parents = {};
	for (const r of items || [])
		if (r.key && r.key.startsWith(PREFIX))
			parents[r.key.slice(PREFIX.length)] = String(r.value || '').split(',').map((s) => s.trim()).filter(Boolean);
	return options('org_kind').map((o) => o.key)
		.filter((k) => !parents[k] || parents[k].includes(parentKind));
}

/* The kind a new organization under parentKind starts with. */
export function defaultKind(kinds) {
	return PREFERRED.find((k) => kinds.includes(k)) || kinds[0] || '';
}

/* [kinds, loaded] under parent (all kinds until the rules arrive or when they cannot be read). */
export function useAllowedKinds(parent) {
	const [state, setState] = useState({ kinds: options('org_kind').map((o) => o.key), loaded: false });
	useEffect(() => {
		let live = true;
		get('/rules').then((r) => { if (live) setState({ kinds: allowedKinds(parent.kind, r.items), loaded: true }); },
			() => { if (live) setState((s) => ({ ...s, loaded: true })); });
		return () => { live = false; };
	}, [parent.kind]);
	return [state.kinds, state.loaded];
}
