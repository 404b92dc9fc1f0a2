/*
 * api-users.c - user administration for sysadmin and secadmin: list,
 * create (accounts that need a second factor get a TOTP secret, shown
 * once), change role, scope, password or disabled state, and the account
 * requests. Separation of duties, decided in ops/auth.c: a sysadmin never
 * touches secadmin or auditor accounts, nobody changes their own role or
 * disables themselves, and what a sysadmin does to an account that holds
 * member data becomes a request (202) that a secadmin other than its
 * maker approves or rejects. Not for: the rules themselves.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "ops/auth.h"
#include "ops/users.h"

struct list_ctx {
	struct request *req;
	json_t *items;
	int rc;
};

static int add_user(const struct user *u, void *vctx)
{
	struct list_ctx *c = vctx;
	json_t *j;

	if ((c->rc = api_user_json(c->req, u, &j)))
		return 1;
	json_array_append_new(c->items, j);
	return 0;
}

int api_users_list(struct request *req, struct reply *rep)
{
	struct list_ctx c = { req, json_array(), 0 };
	int rc = user_store_list(req->db, add_user, &c, &req->err);

	if (!rc)
		rc = c.rc;

	if (rc) {
		json_decref(c.items);
		return rc;
	}
	return api_json(rep, 200, json_pack("{s:o}", "items", c.items));
}

static json_t *request_json(const struct user_request *r)
{
	json_t *j = json_object();

	json_object_set_new(j, "id", json_integer(r->id));
	json_object_set_new(j, "kind", json_string(user_request_kind_key(r->kind)));
	json_object_set_new(j, "user_id", json_integer(r->user_id));
	json_object_set_new(j, "login", json_string(r->login));
	json_object_set_new(j, "requested_by", json_string(r->requested_by_login));
	json_object_set_new(j, "requested_at", json_string(r->requested_at));
	json_object_set_new(j, "role", role_key(r->role) ? json_string(role_key(r->role))
							 : json_null());
	json_object_set_new(j, "scope_org_id", r->scope_org_id ? json_integer(r->scope_org_id)
							       : json_null());
	json_object_set_new(j, "person_id", r->person_id ? json_integer(r->person_id)
						       : json_null());
	json_object_set_new(j, "disabled", json_boolean(r->disabled));
	json_object_set_new(j, "password", json_boolean(r->has_password));
	json_object_set_new(j, "state", json_string(user_request_state_key(r->state)));
	json_object_set_new(j, "decided_by", r->decided_by ? json_integer(r->decided_by)
							   : json_null());
	json_object_set_new(j, "decided_at", r->decided_at[0] ? json_string(r->decided_at)
							      : json_null());
	json_object_set_new(j, "reason", r->reason[0] ? json_string(r->reason) : json_null());
	return j;
}

/* 202 {"request": ...}: the change waits for a security administrator. */
static int reply_request(struct request *req, struct reply *rep, long long rid)
{
	struct user_request r;
	int rc = user_request_store_get(req->db, rid, &r, NULL, &req->err);

	if (rc)
		return rc;
	return api_json(rep, 202, json_pack("{s:o}", "request", request_json(&r)));
}

static int add_request(const struct user_request *r, void *vctx)
{
	json_array_append_new(vctx, request_json(r));
	return 0;
}

int api_user_requests_list(struct request *req, struct reply *rep)
{
	const char *s = req_query(req, "state");
	json_t *items;
	int state = UREQ_PENDING, rc;

	if (s && !strcmp(s, "all"))
		state = 0;
	else if (s && !(state = user_request_state_parse(s))) {
		error_setc(&req->err, ST_INVALID, "state", "invalid_choice",
			   "state is pending, approved, rejected or all");
		error_param(&req->err, "value", "%s", s);
		return ST_INVALID;
	}
	items = json_array();
	if ((rc = user_request_store_list(req->db, state, add_request, items, &req->err))) {
		json_decref(items);
		return rc;
	}
	return api_json(rep, 200, json_pack("{s:o}", "items", items));
}

static int decide(struct request *req, struct reply *rep, int approve)
{
	static const struct field_spec spec[] = {
		{ "reason", F_STRING, 0 }, { NULL, 0, 0 },
	};
	json_t *b = api_body(req, spec), *j;
	char uri[TOTP_URI_SIZE];
	struct user_request r;
	int rc;

	if (!b)
		return req->err.status;
	if ((rc = user_request_check_reason(api_str(b, "reason"), !approve, &req->err)) ||
	    (rc = user_request_store_get(req->db, req->ids[0], &r, NULL, &req->err)) ||
	    (rc = auth_may_decide(&req->auth.user, &r, &req->err)) ||
	    (rc = user_request_decide(req->db, r.id, req->auth.user.id, approve,
				      api_str(b, "reason"), uri, &req->err)) ||
	    (rc = user_request_store_get(req->db, r.id, &r, NULL, &req->err)))
		goto out;
	j = json_pack("{s:o}", "request", request_json(&r));
	if (uri[0])
		json_object_set_new(j, "totp_uri", json_string(uri));
	rc = api_json(rep, 200, j);
out:
	json_decref(b);
	return rc;
}

int api_user_request_approve(struct request *req, struct reply *rep)
{
	return decide(req, rep, 1);
}

int api_user_request_reject(struct request *req, struct reply *rep)
{
	return decide(req, rep, 0);
}

static int role_of(struct request *req, json_t *b, int *role)
{
	const char *s = api_str(b, "role");

	if (!s)
		return ST_OK;
	if (!(*role = role_parse(s)))
		return error_setc(&req->err, ST_INVALID, "role", "invalid_choice", "unknown role '%s'", s);
	return ST_OK;
}

int api_user_create(struct request *req, struct reply *rep)
{
	static const struct field_spec spec[] = {
		{ "login", F_STRING, 1 }, { "password", F_STRING, 1 },
		{ "role", F_STRING, 1 }, { "scope_org_id", F_INT, 0 },
		{ "person_id", F_INT, 0 }, { NULL, 0, 0 },
	};
	json_t *b = api_body(req, spec), *j;
	char uri[TOTP_URI_SIZE];
	struct user u;
	int rc;

	if (!b)
		return req->err.status;
	memset(&u, 0, sizeof(u));
	if ((rc = role_of(req, b, &u.role)) ||
	    (rc = auth_may_manage(&req->auth.user, ROLE_NONE, u.role, &req->err)) ||
	    (rc = api_id(req, b, "scope_org_id", &u.scope_org_id)) ||
	    (rc = api_id(req, b, "person_id", &u.person_id)))
		goto out;
	if (strlen(api_str(b, "login")) >= sizeof(u.login)) {
		rc = error_setc(&req->err, ST_INVALID, "login", "login_length", "login is too long");
		error_param(&req->err, "min", "3");
		error_param(&req->err, "max", "32");
		goto out;
	}
	snprintf(u.login, sizeof(u.login), "%s", api_str(b, "login"));
	if (auth_needs_approval(&req->auth.user, NULL, &u, 1)) {
		long long rid;
		if (!(rc = user_request_create(req->db, &u, api_str(b, "password"),
					       req->auth.user.id, &rid, &req->err)))
			rc = reply_request(req, rep, rid);
		goto out;
	}
	if ((rc = user_create(req->db, &u, api_str(b, "password"), 0, uri, &req->err)) ||
	    (rc = user_store_get(req->db, u.id, &u, &req->err)))
		goto out;
	if ((rc = api_user_json(req, &u, &j)))
		goto out;
	if (uri[0])
		json_object_set_new(j, "totp_uri", json_string(uri));
	rc = api_json(rep, 201, j);
out:
	json_decref(b);
	return rc;
}

int api_user_patch(struct request *req, struct reply *rep)
{
	static const struct field_spec spec[] = {
		{ "role", F_STRING, 0 }, { "scope_org_id", F_INT, 0 },
		{ "person_id", F_INT, 0 }, { "password", F_STRING, 0 },
		{ "disabled", F_BOOL, 0 }, { NULL, 0, 0 },
	};
	json_t *b = api_body(req, spec), *j;
	struct user old, u;
	int rc;

	if (!b)
		return req->err.status;
	if ((rc = user_store_get(req->db, req->ids[0], &old, &req->err)))
		goto out;
	u = old;
	if ((rc = role_of(req, b, &u.role)) ||
	    (rc = auth_may_manage(&req->auth.user, old.role, u.role, &req->err)))
		goto out;
	if (api_has(b, "scope_org_id") && (rc = api_id(req, b, "scope_org_id", &u.scope_org_id)))
		goto out;
	if (api_has(b, "person_id") && (rc = api_id(req, b, "person_id", &u.person_id)))
		goto out;
	if (json_is_boolean(json_object_get(b, "disabled")))
		u.disabled = json_is_true(json_object_get(b, "disabled"));
	if ((rc = auth_may_change_user(&req->auth.user, &old, &u, &req->err)))
		goto out;
	if (auth_needs_approval(&req->auth.user, &old, &u, api_str(b, "password") != NULL)) {
		long long rid;
		if (!(rc = user_request_change(req->db, &u, api_str(b, "password"),
					       req->auth.user.id, &rid, &req->err)))
			rc = reply_request(req, rep, rid);
		goto out;
	}
	/* all of the body is checked before anything is written, in one transaction */
	if ((rc = user_update(req->db, &u, api_str(b, "password"), &req->err)))
		goto out;
	if ((rc = user_store_get(req->db, u.id, &u, &req->err)))
		goto out;
	if (!(rc = api_user_json(req, &u, &j)))
		rc = api_json(rep, 200, j);
out:
	json_decref(b);
	return rc;
}
