/*
 * nav.js - what each role is offered in the UI and moving between hash
 * routes. Offering is a convenience only: the server decides every access.
 * Not for routing itself (app.js).
 */
export const can = {
	tree: (u) => !['member', 'sysadmin', 'secadmin'].includes(u.role),
	members: (u) => ['org_officer', 'branch_secretary'].includes(u.role),
	editMembers: (u) => ['org_officer', 'branch_secretary'].includes(u.role),
	editOrgs: (u) => ['org_officer', 'branch_secretary'].includes(u.role),
	reveal: (u) => ['org_officer', 'branch_secretary'].includes(u.role),
	export: (u) => ['org_officer', 'branch_secretary', 'auditor'].includes(u.role),
	import: (u) => ['org_officer', 'branch_secretary'].includes(u.role),
	users: (u) => ['sysadmin', 'secadmin'].includes(u.role),
	audit: (u) => ['auditor'].includes(u.role),
	stats: (u) => ['org_officer', 'branch_secretary', 'auditor'].includes(u.role),
};

/* Shows the page of path (a hash route such as "/org/12"). */
export function go(path) { location.hash = '#' + path; }
