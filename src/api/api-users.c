/*
 * api-users.c - user administration for sysadmin and secadmin: list,
 * create (administrators get a TOTP secret, shown once), change role,
 * scope, password or disabled state. Separation of duties, decided in
 * ops/auth.c: a sysadmin never touches secadmin or auditor accounts,
 * nobody changes their own role or disables themselves.
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

static int role_of(struct request *req, json_t *b, int *role)
{
	const char *s = api_str(b, "role");

	if (!s)
		return ST_OK;
	if (!(*role = role_parse(s)))
		return error_set(&req->err, ST_INVALID, "role", "unknown role '%s'", s);
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
		rc = error_set(&req->err, ST_INVALID, "login", "login is too long");
		goto out;
	}
	snprintf(u.login, sizeof(u.login), "%s", api_str(b, "login"));
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
