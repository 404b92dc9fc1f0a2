/*
 * auth.c - the authorization table and the scope predicate.
 *
 * The table below is the whole role policy: which role has which
 * operation. Everything not listed is denied. The session's list of
 * operations (auth_operations) is read from it, so the web UI offers what
 * this table allows. Scope checks walk up the tree from the
 * target (org_store_is_ancestor, over the ancestry cache of org-store.c,
 * which is checked against the tree stamp of the caller's snapshot on
 * every call). Not for: sessions or passwords.
 */
#include <stdio.h>

#include "model/codes.h"
#include "ops/auth.h"
#include "store/org-store.h"
#include "store/transfer-store.h"

static const char *const op_keys[OP_COUNT] = {
	"none", "org.read", "org.create", "org.change", "member.read",
	"member.write", "member.reveal", "self.read", "export", "import",
	"stats.read", "user.admin", "audit.read", "user.read", "user.approve",
};

#define B(op) (1u << (op))

/* role -> operations it has (deny by default). */
static const unsigned role_ops[ROLE_COUNT] = {
	[ROLE_NONE] = 0,
	[ROLE_ORG_OFFICER] = B(OP_NONE) | B(OP_ORG_READ) | B(OP_ORG_CREATE) |
		B(OP_ORG_CHANGE) | B(OP_MEMBER_READ) | B(OP_MEMBER_WRITE) |
		B(OP_MEMBER_REVEAL) | B(OP_EXPORT) | B(OP_IMPORT) | B(OP_STATS_READ),
	[ROLE_BRANCH_SECRETARY] = B(OP_NONE) | B(OP_ORG_READ) | B(OP_ORG_CREATE) |
		B(OP_ORG_CHANGE) | B(OP_MEMBER_READ) | B(OP_MEMBER_WRITE) |
		B(OP_MEMBER_REVEAL) | B(OP_EXPORT) | B(OP_STATS_READ),
	[ROLE_MEMBER] = B(OP_NONE) | B(OP_SELF_READ),
	[ROLE_AUDITOR] = B(OP_NONE) | B(OP_ORG_READ) | B(OP_STATS_READ) |
		B(OP_AUDIT_READ),
	/* 三员分立: the sysadmin makes accounts, the secadmin approves those
	 * that hold member data, the auditor reads the trail. */
	[ROLE_SYSADMIN] = B(OP_NONE) | B(OP_ORG_READ) | B(OP_USER_ADMIN) |
		B(OP_USER_READ),
	[ROLE_SECADMIN] = B(OP_NONE) | B(OP_ORG_READ) | B(OP_USER_READ) |
		B(OP_USER_APPROVE),
};

const char *operation_key(int op)
{
	return op >= 0 && op < OP_COUNT ? op_keys[op] : "?";
}

int auth_role_has(int role, int op)
{
	if (role <= ROLE_NONE || role >= ROLE_COUNT || op < 0 || op >= OP_COUNT)
		return 0;
	return (role_ops[role] & B(op)) != 0;
}

long long auth_scope_root(const struct user *u)
{
	return u->scope_org_id;
}

int auth_in_scope(struct db *db, const struct user *u, long long org_id,
		  struct error *err)
{
	struct error e = ERROR_INIT;
	long long parent;
	int rc;

	if (!u->scope_org_id) {
		if ((rc = org_store_parent(db, org_id, &parent, &e)))
			return rc == ST_NOT_FOUND ? 0 : error_pass(err, rc, &e);
		return 1;
	}
	/* The walk up from a missing organization never meets the scope root
	 * (which exists), unless it is the root's own id. */
	return org_store_is_ancestor(db, u->scope_org_id, org_id, err);
}

int authorize(struct db *db, const struct user *u, int op, long long org_id,
	      struct error *err)
{
	int in;

	if (!u || u->disabled || !auth_role_has(u->role, op)) {
		const char *role = u && role_key(u->role) ? role_key(u->role) : "none";
		error_setc(err, ST_DENIED, NULL, "role_not_allowed", "not allowed for role %s",
			   role);
		error_param(err, "role", "%s", role);
		return ST_DENIED;
	}
	if (op == OP_IMPORT && u->scope_org_id) {
		/* Import files may name any parent: only a scope at the top. */
		struct error e = ERROR_INIT;
		struct org o;
		int rc = org_store_get(db, u->scope_org_id, &o, &e);
		if (rc == ST_NOT_FOUND)
			return error_setc(err, ST_DENIED, NULL, "scope_missing",
					  "the scope organization %lld does not exist",
					  u->scope_org_id);
		if (rc)
			return error_pass(err, rc, &e);
		if (o.parent_id)
			return error_setc(err, ST_DENIED, NULL, "import_scope",
					 "import needs a scope at the top of the tree");
	}
	if (!org_id)
		return ST_OK;
	in = auth_in_scope(db, u, org_id, err);
	if (in < 0)
		return in;
	if (!in) {
		error_setc(err, ST_NOT_FOUND, "org", "not_found", "no organization %lld", org_id);
		error_param(err, "id", "%lld", org_id);
		return ST_NOT_FOUND;
	}
	if (op == OP_ORG_CHANGE && u->role == ROLE_BRANCH_SECRETARY &&
	    org_id == u->scope_org_id)
		return error_setc(err, ST_DENIED, "org", "branch_secretary_own_branch",
				  "a branch secretary may not change the branch itself");
	return ST_OK;
}

int authorize_person(struct db *db, const struct user *u, int op,
		     const struct person *p, struct error *err)
{
	struct error e = ERROR_INIT;
	int rc;

	if (u && !u->disabled && u->role == ROLE_MEMBER) {
		if ((op == OP_MEMBER_READ || op == OP_SELF_READ) && u->person_id &&
		    p->id == u->person_id)
			return ST_OK;
		error_setc(err, ST_NOT_FOUND, "id", "not_found", "no person %lld", p->id);
		error_param(err, "id", "%lld", p->id);
		return ST_NOT_FOUND;
	}
	if (op == OP_SELF_READ)
		op = OP_MEMBER_READ;
	if (!p->org_id) {
		/* A person without an organization: only an unscoped reader. */
		if ((rc = authorize(db, u, op, 0, err)))
			return rc;
		if (u->scope_org_id) {
			error_setc(err, ST_NOT_FOUND, "id", "not_found", "no person %lld", p->id);
			error_param(err, "id", "%lld", p->id);
			return ST_NOT_FOUND;
		}
		return ST_OK;
	}
	rc = authorize(db, u, op, p->org_id, &e);
	if (rc == ST_NOT_FOUND && op == OP_MEMBER_READ) {
		/* the transfer grant: the destination of a letter in transit
		 * reads the member it is to take in */
		struct transfer t;
		error_clear(&e);
		rc = transfer_store_open_of(db, p->id, &t, &e);
		if (!rc) {
			error_clear(&e);
			rc = authorize(db, u, op, t.to_org_id, &e);
		}
	}
	if (rc == ST_NOT_FOUND) {
		error_setc(err, ST_NOT_FOUND, "id", "not_found", "no person %lld", p->id);
		error_param(err, "id", "%lld", p->id);
		return ST_NOT_FOUND;
	}
	return error_pass(err, rc, &e);
}

int authorize_transfer(struct db *db, const struct user *u, int op,
		       const struct transfer *t, int side, struct error *err)
{
	struct error e = ERROR_INIT;
	long long orgs[3];
	size_t n = 0;
	int rc = ST_NOT_FOUND;

	if ((rc = authorize(db, u, op, 0, err)))
		return rc;
	if (side != TRANSFER_SIDE_RECEIVE)
		orgs[n++] = t->from_org_id;
	if (side != TRANSFER_SIDE_SEND)
		orgs[n++] = t->to_org_id;
	if (side == TRANSFER_SIDE_EITHER && t->received_org_id)
		orgs[n++] = t->received_org_id;
	rc = ST_NOT_FOUND;
	for (size_t i = 0; i < n && rc == ST_NOT_FOUND; i++) {
		error_clear(&e);
		rc = authorize(db, u, op, orgs[i], &e);
	}
	if (rc == ST_NOT_FOUND) {
		error_setc(err, ST_NOT_FOUND, "id", "not_found", "no transfer %lld", t->id);
		error_param(err, "id", "%lld", t->id);
		return ST_NOT_FOUND;
	}
	return error_pass(err, rc, &e);
}

int auth_may_manage(const struct user *actor, int old_role, int new_role,
		    struct error *err)
{
	if (!actor || actor->disabled || !auth_role_has(actor->role, OP_USER_ADMIN))
		return error_setc(err, ST_DENIED, NULL, "users_not_allowed",
				  "not allowed to manage users");
	if (old_role == ROLE_SECADMIN || old_role == ROLE_AUDITOR ||
	    new_role == ROLE_SECADMIN || new_role == ROLE_AUDITOR)
		return error_setc(err, ST_DENIED, "role", "role_cli_only",
				  "auditor and secadmin accounts are managed from the command line");
	return ST_OK;
}

int auth_operations(struct db *db, const struct user *u, const char **keys,
		    size_t *n, struct error *err)
{
	struct error e = ERROR_INIT;
	int rc;

	*n = 0;
	for (int op = OP_NONE + 1; op < OP_COUNT; op++) {
		error_clear(&e);
		rc = authorize(db, u, op, 0, &e);
		if (rc == ST_OK)
			keys[(*n)++] = op_keys[op];
		else if (rc != ST_DENIED)
			return error_pass(err, rc, &e);
	}
	return ST_OK;
}

int authorize_placement(struct db *db, const struct user *u, long long org_id,
			struct error *err)
{
	struct error e = ERROR_INIT;
	int rc;

	if (!org_id) {
		if ((rc = authorize(db, u, OP_MEMBER_WRITE, 0, err)))
			return rc;
		if (auth_scope_root(u))
			return error_setc(err, ST_INVALID, "org_id", "required",
					  "'org_id' is required (an organization in your scope)");
		return ST_OK;
	}
	rc = authorize(db, u, OP_MEMBER_WRITE, org_id, &e);
	if (rc == ST_NOT_FOUND) {
		error_setc(err, ST_NOT_FOUND, "org_id", "not_found", "%s", e.message);
		error_param(err, "id", "%lld", org_id);
		return ST_NOT_FOUND;
	}
	return error_pass(err, rc, &e);
}

int auth_may_change_user(const struct user *actor, const struct user *old,
			 const struct user *upd, struct error *err)
{
	int rc;

	if ((rc = auth_may_manage(actor, old->role, upd->role, err)))
		return rc;
	if (old->id == actor->id && (upd->role != old->role || upd->disabled))
		return error_setc(err, ST_DENIED, upd->disabled ? "disabled" : "role", "own_account",
				  "nobody changes their own role or disables themselves");
	return ST_OK;
}

int auth_role_holds_data(int role)
{
	return auth_role_has(role, OP_MEMBER_READ) || auth_role_has(role, OP_SELF_READ) ||
	       auth_role_has(role, OP_MEMBER_REVEAL) || auth_role_has(role, OP_EXPORT);
}

int auth_needs_approval(const struct user *actor, const struct user *old,
			const struct user *upd, int password)
{
	int same;

	if (!actor)
		return 0;
	if (!old)
		return auth_role_holds_data(upd->role);
	if (!auth_role_holds_data(old->role) && !auth_role_holds_data(upd->role))
		return 0;
	same = upd->role == old->role && upd->scope_org_id == old->scope_org_id &&
	       upd->person_id == old->person_id;
	if (same && !password && (upd->disabled == old->disabled || upd->disabled))
		return 0;   /* nothing, or only disabling */
	return 1;
}

int auth_may_decide(const struct user *actor, const struct user_request *r,
		    struct error *err)
{
	if (!actor || actor->disabled || !auth_role_has(actor->role, OP_USER_APPROVE))
		return error_setc(err, ST_DENIED, NULL, "requests_not_allowed",
				  "not allowed to decide account requests");
	if (actor->id == r->requested_by)
		return error_setc(err, ST_DENIED, "id", "own_request",
				  "nobody decides their own request");
	if (actor->id == r->user_id)
		return error_setc(err, ST_DENIED, "id", "own_account_request",
				  "nobody decides a request about their own account");
	return ST_OK;
}

int auth_needs_second_factor(struct db *db, const struct user *u, int *need,
			     struct error *err)
{
	struct error e = ERROR_INIT;
	struct org o;
	int rc;

	*need = u->role == ROLE_SYSADMIN || u->role == ROLE_SECADMIN ||
		auth_role_has(u->role, OP_EXPORT);
	if (*need || u->role != ROLE_ORG_OFFICER)
		return ST_OK;
	if (!u->scope_org_id) {
		*need = 1;
		return ST_OK;
	}
	rc = org_store_get(db, u->scope_org_id, &o, &e);
	if (rc == ST_NOT_FOUND)
		return ST_OK;   /* a scope that is gone gives no access */
	if (rc)
		return error_pass(err, rc, &e);
	*need = o.kind != ORG_BRANCH && o.kind != ORG_PARTY_GROUP && o.kind != ORG_TEMPORARY;
	return ST_OK;
}
