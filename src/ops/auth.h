/*
 * auth.h - authorization: who may do what where.
 *
 * The whole role policy lives here and nowhere else: the table of which
 * role has which operation (auth.c, deny by default), the scope predicate,
 * and the few rules beyond the table (a branch secretary does not change
 * the branch itself; import needs a scope at the top of the tree; a member
 * reads only their own record; where a person record may be placed; who
 * manages which users). The operations a user may perform, which
 * GET /api/v1/session returns and the web UI shows, come from the same
 * table (auth_operations).
 *
 * The decision is made here; the HTTP layer asks for it at two points.
 * Before a handler runs, the server asks authorize(user, route's operation,
 * 0) with the operation of the route table (http/routes.c): a role that
 * never has it gets 403. The handler then asks authorize(),
 * authorize_person() or authorize_placement() about the organization or
 * person it is about to read or change, before touching it, since only the
 * handler has parsed which target the request names (path, query or
 * body). Handlers pass targets and return the answer; they hold no rule.
 *
 * The business operations (ops/org-ops.c, ops/member-ops.c, ops/users.c,
 * formats/import.c) take no user and do not authorize: the CLI calls them
 * as the local administrator. Whoever can open the database and its key
 * file holds every operation on the whole tree (the file permissions are
 * the authority); the CLI's changes are recorded under "cli:<OS user>", and
 * its reveals and exports are logged like the API's (ops/audit.h).
 *
 * The scope of a user is the subtree under scope_org_id (the whole
 * installation when 0). A target outside the scope answers ST_NOT_FOUND
 * with the same message as a missing record, so that nobody learns what
 * exists outside their subtree; an operation the role never has answers
 * ST_DENIED. The scope predicate for lists, searches, counts and exports
 * is the subtree root that auth_scope_root() gives: callers pass it into
 * the store queries. Storage failures come back as they are (ST_DB), never
 * as a denial or "not found". tools/authz-matrix with
 * tests/e2e/t0590-authz-matrix.sh checks every route for every role and
 * target position; docs/api.md ("Authorization") states the same.
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
	OP_USER_ADMIN,     /* create and change users (not secadmin/auditor users) */
	OP_AUDIT_READ,     /* audit log, access log, chain verification */
	OP_USER_READ,      /* list users and account requests */
	OP_USER_APPROVE,   /* approve or reject account requests */
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

/*
 * The transfer grant (ops/transfer-ops.h): a transfer of a member is read
 * by the side of either end and acted on by one side. side
 * TRANSFER_SIDE_SEND: the sending organization (t->from_org_id) must lie
 * in u's scope for op; TRANSFER_SIDE_RECEIVE: the letter's destination
 * (t->to_org_id); TRANSFER_SIDE_EITHER: either, or the organization that
 * took the member in. Neither: ST_NOT_FOUND "no transfer N", as for a
 * missing id. While a letter is in transit, authorize_person also lets the
 * destination's readers read the member's record (OP_MEMBER_READ): the
 * receiving side sees whom it is to take in, from the day of the letter.
 */
enum transfer_side {
	TRANSFER_SIDE_EITHER = 0,
	TRANSFER_SIDE_SEND,
	TRANSFER_SIDE_RECEIVE,
};
struct transfer;
int authorize_transfer(struct db *db, const struct user *u, int op,
		       const struct transfer *t, int side, struct error *err);

/*
 * Where u may place a person record (creation, or a transfer): org_id must
 * lie in the scope for OP_MEMBER_WRITE (outside or missing: ST_NOT_FOUND
 * naming "org_id"); a record without an organization (org_id 0) only by an
 * unscoped user (else ST_INVALID naming "org_id").
 */
int authorize_placement(struct db *db, const struct user *u, long long org_id,
			struct error *err);

/* 1 when the role has op at all (the route-level check), else 0. */
int auth_role_has(int role, int op);

/*
 * The operations u may perform in its scope, from the table above: every
 * op but OP_NONE that authorize(db, u, op, 0) allows (so import only with
 * a scope at the top), as keys ("org.read", ...) in the order of enum
 * operation, into keys (room for OP_COUNT; static strings); *n their
 * number. A disabled user has none. Storage errors are returned as they
 * come.
 */
int auth_operations(struct db *db, const struct user *u, const char **keys,
		    size_t *n, struct error *err);

/* 1 when org_id lies in the user's scope subtree; 0 if not; <0 on error. */
int auth_in_scope(struct db *db, const struct user *u, long long org_id,
		  struct error *err);

/* Root of the user's scope subtree (0 = everything). */
long long auth_scope_root(const struct user *u);

/*
 * Whether actor may create or change a user from `old_role` (ROLE_NONE
 * for a new user) to `new_role`: only a role with OP_USER_ADMIN (the
 * sysadmin), and not for secadmin or auditor users (those are the
 * installation owner's, made from the CLI); nobody changes their own role
 * or disables themselves (checked by the caller that knows the target).
 * ST_OK or ST_DENIED.
 */
int auth_may_manage(const struct user *actor, int old_role, int new_role,
		    struct error *err);

/*
 * Whether actor may change the user old into upd (the same account):
 * auth_may_manage on their roles, and nobody changes their own role or
 * disables themselves (ST_DENIED naming "role" or "disabled").
 */
int auth_may_change_user(const struct user *actor, const struct user *old,
			 const struct user *upd, struct error *err);

/*
 * Separation of duties (三员分立). A role holds member data when it has
 * any of member.read, self.read, member.reveal or export.
 */
int auth_role_holds_data(int role);

/*
 * Whether a change by actor must wait for a security administrator's
 * approval instead of taking effect: a new account (old NULL) or a change
 * of an account (old -> upd, `password` set when a new password comes
 * with it) that holds member data before or after, made by a user (actor
 * non-NULL; the CLI passes NULL and is the installation owner). Only
 * disabling (nothing else changed) and no change at all take effect at
 * once. 1 or 0.
 */
int auth_needs_approval(const struct user *actor, const struct user *old,
			const struct user *upd, int password);

/*
 * Whether actor may approve or reject the request r: a role with
 * OP_USER_APPROVE, never the account that asked for it nor the account it
 * is about (ST_DENIED naming "id"). ST_OK or ST_DENIED.
 */
int auth_may_decide(const struct user *actor, const struct user_request *r,
		    struct error *err);

/*
 * Whether u logs in with a second factor (TOTP): the administrators,
 * every role that may export personal data (OP_EXPORT), and an
 * org_officer whose scope lies above a branch (its scope organization is
 * not a branch, party group or temporary organization). *need is 1 or 0;
 * storage errors are returned.
 */
int auth_needs_second_factor(struct db *db, const struct user *u, int *need,
			     struct error *err);

#endif
