/*
 * api-session.c - login, the current session, logout, closing the other
 * sessions of the user.
 *
 * The session token travels only in the ow_session cookie (HttpOnly,
 * SameSite=Strict, Path=/; with Secure behind TLS, and named
 * __Host-ow_session when the server speaks HTTPS itself); the CSRF token is returned in the body and must
 * come back in the X-CSRF-Token header of every state-changing request.
 * The body also lists the operations the user may perform in its scope
 * (ops/auth.h auth_operations), which the web UI offers; the server still
 * decides every request.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "ops/audit.h"
#include "ops/auth.h"
#include "ops/users.h"

/* {"user","csrf_token","operations"}: the operations u may perform in its
 * scope, from the table that authorizes the requests (ops/auth.c). */
static int session_reply(struct request *req, struct reply *rep, int http,
			 const struct user *u, const char *csrf)
{
	const char *ops[OP_COUNT];
	json_t *j, *user, *list;
	size_t n;
	int rc;

	if ((rc = auth_operations(req->db, u, ops, &n, &req->err)) ||
	    (rc = api_user_json(req, u, &user)))
		return rc;
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_string(ops[i]));
	j = json_object();
	json_object_set_new(j, "user", user);
	json_object_set_new(j, "csrf_token", json_string(csrf));
	json_object_set_new(j, "operations", list);
	return api_json(rep, http, j);
}

int api_session_login(struct request *req, struct reply *rep)
{
	static const struct field_spec spec[] = {
		{ "login", F_STRING, 1 }, { "password", F_STRING, 1 },
		{ "totp", F_STRING, 0 }, { NULL, 0, 0 },
	};
	json_t *b = api_body(req, spec);
	struct login lg;
	char actor[96], cookie[256];
	int rc;

	if (!b)
		return req->err.status;
	snprintf(actor, sizeof(actor), "user:%s", api_str(b, "login"));
	audit_context(req->db, actor, "session.login");
	rc = user_login(req->db, api_str(b, "login"), api_str(b, "password"),
			api_str(b, "totp"), req->ip, &lg, &req->err);
	json_decref(b);
	if (rc)
		return rc;
	snprintf(cookie, sizeof(cookie), "%s=%s; %s; Max-Age=43200", req->cookie, lg.token,
		 req->cookie_attrs);
	reply_header(rep, "Set-Cookie", cookie);
	rc = session_reply(req, rep, 200, &lg.user, lg.csrf);
	memset(&lg, 0, sizeof(lg));
	return rc;
}

int api_session_get(struct request *req, struct reply *rep)
{
	return session_reply(req, rep, 200, &req->auth.user, req->auth.session.csrf);
}

int api_session_logout(struct request *req, struct reply *rep)
{
	int rc = user_logout(req->db, &req->auth, &req->err);
	char cookie[160];

	if (rc)
		return rc;
	snprintf(cookie, sizeof(cookie), "%s=; %s; Max-Age=0", req->cookie, req->cookie_attrs);
	reply_header(rep, "Set-Cookie", cookie);
	return api_json(rep, 200, json_pack("{s:b}", "ok", 1));
}

int api_sessions_others(struct request *req, struct reply *rep)
{
	long long n = 0;
	int rc = user_logout_others(req->db, &req->auth, &n, &req->err);

	if (rc)
		return rc;
	return api_json(rep, 200, json_pack("{s:I}", "closed", (json_int_t)n));
}
