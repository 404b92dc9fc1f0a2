/*
 * api-audit.c - the auditor's view: the audit log, the access log (newest
 * first, cursor = the id to continue below) and the verification of both
 * hash chains.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "api/api.h"
#include "store/audit-store.h"

static json_t *json_text(const char *s)
{
	json_t *j;

	if (!s)
		return json_null();
	j = json_loads(s, JSON_DECODE_ANY, NULL);
	return j ? j : json_string(s);
}

struct list_ctx {
	json_t *items;
	int access;
};

static int add_row(const struct audit_row *r, void *vctx)
{
	struct list_ctx *c = vctx;
	json_t *j = json_object();

	json_object_set_new(j, "id", json_integer(r->id));
	json_object_set_new(j, "at", json_string(r->at));
	json_object_set_new(j, "actor", json_string(r->actor));
	json_object_set_new(j, "action", json_string(r->action));
	json_object_set_new(j, "object", json_string(r->object));
	if (c->access) {
		json_object_set_new(j, "detail", json_text(r->after));
	} else {
		json_object_set_new(j, "before", json_text(r->before));
		json_object_set_new(j, "after", json_text(r->after));
	}
	json_object_set_new(j, "hash", json_string(r->hash));
	json_array_append_new(c->items, j);
	return 0;
}

static int list(struct request *req, struct reply *rep, enum audit_table t)
{
	struct list_ctx c = { NULL, t == ACCESS_LOG };
	long long limit, cursor, next;
	int rc;

	if ((rc = req_query_int(req, "limit", 1, 1000, 100, &limit)) ||
	    (rc = req_query_int(req, "cursor", 1, (long long)1 << 62, 0, &cursor)))
		return rc;
	c.items = json_array();
	if ((rc = audit_store_list(req->db, t, cursor, (int)limit, add_row, &c, &next,
				   &req->err))) {
		json_decref(c.items);
		return rc;
	}
	char buf[24];
	snprintf(buf, sizeof(buf), "%lld", next);
	return api_json(rep, 200, json_pack("{s:o,s:o}", "items", c.items, "next_cursor",
					    next ? json_string(buf) : json_null()));
}

int api_audit_list(struct request *req, struct reply *rep)
{
	return list(req, rep, AUDIT_LOG);
}

int api_access_list(struct request *req, struct reply *rep)
{
	return list(req, rep, ACCESS_LOG);
}

int api_audit_verify(struct request *req, struct reply *rep)
{
	long long n1, bad1, n2, bad2;
	int rc;

	if ((rc = audit_store_verify(req->db, AUDIT_LOG, &n1, &bad1, &req->err)) ||
	    (rc = audit_store_verify(req->db, ACCESS_LOG, &n2, &bad2, &req->err)))
		return rc;
	return api_json(rep, 200, json_pack(
		"{s:b,s:I,s:o,s:{s:b,s:I,s:o}}", "ok", !bad1 && !bad2, "checked",
		(json_int_t)n1, "first_bad", bad1 ? json_integer(bad1) : json_null(),
		"access_log", "ok", !bad2, "checked", (json_int_t)n2, "first_bad",
		bad2 ? json_integer(bad2) : json_null()));
}
