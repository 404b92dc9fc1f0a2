/*
 * nav.js - what the UI offers the signed-in user, and moving between hash
 * routes. The offer follows the operations the server lists for the
 * session (GET /api/v1/session "operations", generated from the table that
 * authorizes every request, src/ops/auth.c): this file holds no role
 * policy, only which operation each part of the UI needs. Offering is a
 * convenience; the server decides every access. Not for routing itself
 * (app.js).
 */
const allows = (op) => (u) => !!(u && Array.isArray(u.operations) && u.operations.includes(op));

export const can = {
	tree: allows('org.read'),
	members: allows('member.read'),
	editMembers: allows('member.write'),
	createOrgs: allows('org.create'),
	editOrgs: allows('org.change'),
	reveal: allows('member.reveal'),
	self: allows('self.read'),
	export: allows('export'),
	import: allows('import'),
	users: allows('user.read'),
	manageUsers: allows('user.admin'),
	approveRequests: allows('user.approve'),
	audit: allows('audit.read'),
	stats: allows('stats.read'),
};

/* The session's user with the operations it may perform (kept on the user
 * object that every page receives). */
export function sessionUser(session) {
	return { ...session.user, operations: session.operations || [] };
}

/* Shows the page of path (a hash route such as "/org/12"). */
export function go(path) { location.hash = '#' + path; }
