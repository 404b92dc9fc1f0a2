/*
 * auth.h - authorization: who may do what where.
 *
 * One function, authorize(), decides every request of the HTTP API from
 * (role x operation x organization subtree), deny by default. The scope
 * of a user is the subtree under scope_org_id (the whole installation when
 * 0). A target outside the scope answers ST_NOT_FOUND with the same message
 * as a missing record, so that nobody learns what exists outside their
 * subtree; an operation the role never has answers ST_DENIED. The scope
 * predicate for lists, searches, counts and exports is the subtree root
 * that auth_scope_root() gives: callers pass it into the store queries.
 * Not for: authentication (ops/users.h).
 */
#ifndef OW_AUTH_H
#define OW_AUTH_H

#include "core/error.h"
#include "model/person.h"
#include "store/user-store.h"

struct db;

enum operation {
	OP_NONE = 0,       /* any authenticated user (codes, own session) */
	OP_ORG_READ,       /* read organizations, their history and tree */
	OP_ORG_CREATE,     /* create under the target (parent) organization */
	OP_ORG_CHANGE,     /* rename, move, merge, dissolve the target */
	OP_MEMBER_READ,    /* read person records (masked) of the target's subtree */
	OP_MEMBER_WRITE,   /* create and edit person records */
	OP_MEMBER_REVEAL,  /* see unmasked identifiers (logged) */
	OP_SELF_READ,      /* a member's own record and timeline */
	OP_EXPORT,         /* export member lists of the target's subtree */
	OP_IMPORT,         /* import files (needs a scope at the top of the tree) */
	OP_STATS_READ,     /* statistics of the target's subtree */
	OP_USER_ADMIN,     /* manage users (sysadmin: not secadmin/auditor users) */
	OP_AUDIT_READ,     /* audit log, access log, chain verification */
	OP_COUNT
};

/* "org.read", ... ("none" for OP_NONE). */
const char *operation_key(int op);

/*
 * The decision. org_id 0 asks only whether the role ever has op (route
 * level); otherwise the target organization must exist and lie in the
 * user's scope (for OP_ORG_CHANGE by a branch secretary: strictly below
 * the scope root, the structure above the branch is not theirs).
 * Returns ST_OK, ST_DENIED (role) or ST_NOT_FOUND (outside scope or
 * missing: "no organization N"), or a storage error.
 */
int authorize(struct db *db, const struct user *u, int op, long long org_id,
	      struct error *err);

/*
 * The decision for a person record: a member reads only their own record
 * (OP_MEMBER_READ / OP_SELF_READ); everyone else by the person's
 * organization. Outside the scope: ST_NOT_FOUND "no person N".
 */
int authorize_person(struct db *db, const struct user *u, int op,
		     const struct person *p, struct error *err);

/* 1 when the role has op at all (the route-level check), else 0. */
int auth_role_has(int role, int op);

/* 1 when org_id lies in the user's scope subtree; 0 if not; <0 on error. */
int auth_in_scope(struct db *db, const struct user *u, long long org_id,
		  struct error *err);

/* Root of the user's scope subtree (0 = everything). */
long long auth_scope_root(const struct user *u);

/*
 * Whether actor may create or change a user from `old_role` (ROLE_NONE
 * for a new user) to `new_role`: secadmin any; sysadmin not secadmin or
 * auditor users; nobody changes their own role or disables themselves
 * (checked by the caller that knows the target). ST_OK or ST_DENIED.
 */
int auth_may_manage(const struct user *actor, int old_role, int new_role,
		    struct error *err);

#endif
