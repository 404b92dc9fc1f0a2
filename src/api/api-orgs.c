/*
 * api-orgs.c - organizations: search in scope, one organization with its
 * path from the caller's scope root, children (lazy tree), members,
 * history, and the lifecycle operations (create, rename, move, merge,
 * dissolve) through ops/org-ops.c.
 *
 * Every handler authorizes the organization first: outside the caller's
 * subtree it answers exactly as for a missing one.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "core/date.h"
#include "json/codec.h"
#include "model/codes.h"
#include "ops/audit.h"
#include "ops/auth.h"
#include "ops/org-ops.h"
#include "ops/rules-ops.h"
#include "ops/stats-live.h"
#include "ops/todo.h"
#include "stats/stats.h"
#include "store/event-store.h"
#include "ops/privacy.h"
#include "store/org-store.h"
#include "store/person-store.h"

static int add_org(const struct org *o, void *ctx)
{
	json_array_append_new(ctx, org_to_json(o));
	return 0;
}

int api_orgs_search(struct request *req, struct reply *rep)
{
	const char *q = req_query(req, "q");
	long long limit;
	json_t *items;
	int rc;

	if ((rc = req_query_int(req, "limit", 1, 200, 20, &limit)))
		return rc;
	items = json_array();
	rc = org_store_search_scoped(req->db, q ? q : "", auth_scope_root(&req->auth.user),
				     (int)limit, add_org, items, &req->err);
	if (rc) {
		json_decref(items);
		return rc;
	}
	return api_json(rep, 200, json_pack("{s:o}", "items", items));
}

/* Path from the caller's scope root (or the tree root) down to o, into
 * *out (caller owns); a storage error is returned with req->err set. */
static int path_json(struct request *req, const struct org *o, json_t **out)
{
	json_t *path = json_array();
	struct org cur = *o;
	long long root = auth_scope_root(&req->auth.user);
	int rc;

	*out = NULL;
	for (int depth = 0; depth < 64; depth++) {
		json_array_insert_new(path, 0, json_pack("{s:I,s:s,s:s}", "id",
							 (json_int_t)cur.id, "code", cur.code,
							 "name", cur.name));
		if (cur.id == root || !cur.parent_id)
			break;
		if ((rc = org_store_get(req->db, cur.parent_id, &cur, &req->err))) {
			json_decref(path);
			return rc;
		}
	}
	*out = path;
	return ST_OK;
}

struct counter {
	long long n;
};

static int count_version(const struct org_version *v, void *ctx)
{
	(void)v;
	((struct counter *)ctx)->n++;
	return 0;
}

int api_org_get(struct request *req, struct reply *rep)
{
	long long id = req->ids[0], n;
	struct person_query pq;
	struct org o;
	json_t *j, *path;
	int rc, as_of;

	if ((rc = req_query_date(req, "as_of", &as_of)) ||
	    (rc = authorize(req->db, &req->auth.user, OP_ORG_READ, id, &req->err)) ||
	    (rc = org_store_get(req->db, id, &o, &req->err)))
		return rc;
	{
		const char *rule;
		int years, end;
		if ((rc = org_term(req->db, &o, &years, &end, &rule, &req->err)))
			return rc;
		j = org_to_json(&o);
		org_json_set_term(j, years, end, rule);
	}
	if (as_of != DATE_NONE) {
		struct org_version v;
		struct counter c = { 0 };
		if ((rc = org_store_version_on(req->db, id, as_of, &v, &req->err))) {
			json_decref(j);
			return rc;
		}
		json_object_set_new(j, "name", json_string(v.name));
		json_object_set_new(j, "kind", code_to_json(&code_org_kind, v.kind));
		json_object_set_new(j, "parent_id", v.parent_id ? json_integer(v.parent_id)
								: json_null());
		json_object_set_new(j, "state", json_string(v.state));
		json_object_set_new(j, "valid_from", date_to_json(v.valid_from));
		json_object_set_new(j, "valid_to", date_to_json(v.valid_to));
		json_object_set_new(j, "as_of", date_to_json(as_of));
		if ((rc = org_store_children_on(req->db, id, as_of, count_version, &c,
						&req->err))) {
			json_decref(j);
			return rc;
		}
		json_object_set_new(j, "child_count", json_integer(c.n));
	} else {
		if ((rc = org_store_count_children(req->db, id, &n, &req->err))) {
			json_decref(j);
			return rc;
		}
		json_object_set_new(j, "child_count", json_integer(n));
	}
	memset(&pq, 0, sizeof(pq));
	pq.org_id = id;
	pq.status = -1;
	if ((rc = person_store_count(req->db, &pq, &n, &req->err))) {
		json_decref(j);
		return rc;
	}
	json_object_set_new(j, "member_count", json_integer(n));
	if ((rc = path_json(req, &o, &path))) {
		json_decref(j);
		return rc;
	}
	json_object_set_new(j, "path", path);
	return api_json(rep, 200, j);
}

struct children_ctx {
	struct request *req;
	json_t *items;
	int as_of;
	int rc;
	/* members (probationary and full) of each child's subtree, from the
	   statistics engine; NULL when the caller may not see member counts */
	struct stats_children *counts;
};

/* The member count of child id from the engine's answer, -1 if absent. */
static long long child_members(const struct stats_children *sc, long long id)
{
	for (size_t i = 0; sc && i < sc->nr; i++)
		if (sc->child[i].org.id == id)
			return (long long)sc->child[i].r.total;
	return -1;
}

static int add_child(const struct org *o, void *vctx)
{
	struct children_ctx *c = vctx;
	json_t *j = org_to_json(o);
	long long n = 0;

	if ((c->rc = org_store_count_children(c->req->db, o->id, &n, &c->req->err))) {
		json_decref(j);
		return 1;
	}
	json_object_set_new(j, "child_count", json_integer(n));
	if (c->counts) {
		long long m = child_members(c->counts, o->id);
		json_object_set_new(j, "member_count", m < 0 ? json_null() : json_integer(m));
	}
	json_array_append_new(c->items, j);
	return 0;
}

/* A finding of a to-do kind: the organization with its term and its path's
 * parent, for the list of findings. */
static int add_finding(const struct org *o, void *vctx)
{
	struct children_ctx *c = vctx;
	const char *rule;
	int years, end;
	json_t *j;

	if ((c->rc = org_term(c->req->db, o, &years, &end, &rule, &c->req->err)))
		return 1;
	j = org_to_json(o);
	org_json_set_term(j, years, end, rule);
	json_array_append_new(c->items, j);
	return json_array_size(c->items) >= 10000;
}

static int add_child_version(const struct org_version *v, void *vctx)
{
	struct children_ctx *c = vctx;
	json_t *j = org_version_to_json(v);
	struct counter n = { 0 };
	struct org o;

	if ((c->rc = org_store_get(c->req->db, v->org_id, &o, &c->req->err))) {
		json_decref(j);
		return 1;
	}
	json_object_set_new(j, "code", json_string(o.code));
	if ((c->rc = org_store_children_on(c->req->db, v->org_id, c->as_of,
					   count_version, &n, &c->req->err))) {
		json_decref(j);
		return 1;
	}
	json_object_set_new(j, "child_count", json_integer(n.n));
	json_array_append_new(c->items, j);
	return 0;
}

int api_org_children(struct request *req, struct reply *rep)
{
	long long id = req->ids[0];
	struct children_ctx c = { req, NULL, DATE_NONE, 0, NULL };
	int rc, dissolved;
	const char *todo = req_query(req, "todo");
	struct stats_children sc;
	int have_counts = 0, counts;

	if ((rc = req_query_date(req, "as_of", &c.as_of)) ||
	    (rc = req_query_bool(req, "dissolved", &dissolved)) ||
	    (rc = authorize(req->db, &req->auth.user, OP_ORG_READ, id, &req->err)))
		return rc;
	if (todo && *todo) {
		/* the findings of an organization to-do kind over the subtree */
		const struct todo_kind *k = todo_find(todo);
		if (!k || k->subject != TODO_ORGS || c.as_of != DATE_NONE) {
			error_setc(&req->err, ST_HTTP_BAD_REQUEST, "todo", "todo_org_kind",
				   "todo must be a to-do kind of organizations, without as_of");
			error_param(&req->err, "value", "%s", todo);
			return ST_HTTP_BAD_REQUEST;
		}
		c.items = json_array();
		rc = todo_orgs(req->db, id, k, date_today(), add_finding, &c, &req->err);
		if (!rc)
			rc = c.rc;
		if (rc) {
			json_decref(c.items);
			return rc;
		}
		return api_json(rep, 200, json_pack("{s:o}", "items", c.items));
	}
	if ((rc = req_query_bool(req, "counts", &counts)))
		return rc;
	if (counts && c.as_of == DATE_NONE &&
	    (auth_role_has(req->auth.user.role, OP_STATS_READ) ||
	     auth_role_has(req->auth.user.role, OP_MEMBER_READ))) {
		/* member counts of the children's subtrees from the engine (its
		   persons are laid out by subtree: no count over the persons
		   table); asked for by the children table, not by the tree, whose
		   expansions stay as cheap as the children's rows */
		struct stats_engine *e;
		struct stats_query q;
		stats_query_init(&q);
		q.org_id = id;
		if ((rc = stats_live_acquire(&e, &req->err)))
			return rc;
		rc = stats_children(e, &q, &sc, &req->err);
		stats_live_release();
		if (rc == ST_NOT_FOUND) {
			/* an organization the engine does not hold (dissolved):
			   its children are listed without counts */
			error_clear(&req->err);
		} else if (rc) {
			return rc;
		} else {
			have_counts = 1;
			c.counts = &sc;
		}
	}
	c.items = json_array();
	if (c.as_of != DATE_NONE)
		rc = org_store_children_on(req->db, id, c.as_of, add_child_version, &c,
					   &req->err);
	else
		rc = org_store_children(req->db, id, dissolved, add_child, &c, &req->err);
	if (!rc)
		rc = c.rc;
	if (have_counts)
		stats_children_release(&sc);
	if (rc) {
		json_decref(c.items);
		return rc;
	}
	return api_json(rep, 200, json_pack("{s:o}", "items", c.items));
}

/* status=KEY | members | current -> person_query.status */

static int add_person(const struct person *p, void *ctx)
{
	struct person m = *p;

	privacy_mask_person(&m);
	json_array_append_new(ctx, person_to_json(&m));
	return 0;
}

int api_org_members(struct request *req, struct reply *rep)
{
	long long id = req->ids[0], limit, total;
	char next[CURSOR_SIZE], detail[300];
	struct person_query q;
	json_t *items, *j;
	int rc, subtree;

	memset(&q, 0, sizeof(q));
	if ((rc = req_query_int(req, "limit", 1, 1000, 50, &limit)) ||
	    (rc = req_query_bool(req, "subtree", &subtree)) ||
	    (rc = api_status_filter(req, &q.status)) ||
	    (rc = api_sort_param(req, &q)) ||
	    (rc = authorize(req->db, &req->auth.user, OP_MEMBER_READ, id, &req->err)))
		return rc;
	q.org_id = id;
	q.subtree = subtree;
	q.text = req_query(req, "q");
	q.after = req_query(req, "cursor");
	q.limit = (int)limit;
	if ((rc = api_drill_filter(req, &q.drill)) ||
	    (rc = api_overdue_filter(req, &q)))
		return rc;
	items = json_array();
	if ((rc = person_store_list(req->db, &q, add_person, items, next, &req->err)) ||
	    (rc = person_store_count(req->db, &q, &total, &req->err)) ||
	    (rc = api_add_org_names(req, items))) {
		json_decref(items);
		if (rc == ST_INVALID && !strcmp(req->err.field, "cursor"))
			req->err.status = ST_HTTP_BAD_REQUEST;
		return req->err.status ? req->err.status : rc;
	}
	snprintf(detail, sizeof(detail), "{\"rows\":%zu,\"subtree\":%s}",
		 json_array_size(items), subtree ? "true" : "false");
	char object[64];
	snprintf(object, sizeof(object), "org/%lld/members", id);
	if ((rc = access_record(req->db, req->actor, "list", object, detail, 0, &req->err))) {
		json_decref(items);
		return rc;
	}
	j = json_pack("{s:o,s:o,s:I}", "items", items, "next_cursor",
		      next[0] ? json_string(next) : json_null(), "total", (json_int_t)total);
	return api_json(rep, 200, j);
}

int api_org_todo(struct request *req, struct reply *rep)
{
	long long id = req->ids[0];
	long long counts[64];
	char link[160];
	json_t *items;
	int rc;

	if (nr_todo_kinds > sizeof(counts) / sizeof(counts[0]))
		return error_set(&req->err, ST_INTERNAL, NULL, "too many to-do kinds");
	if ((rc = authorize(req->db, &req->auth.user, OP_STATS_READ, id, &req->err)) ||
	    (rc = todo_count(req->db, id, date_today(), counts, &req->err)))
		return rc;
	items = json_array();
	for (size_t i = 0; i < nr_todo_kinds; i++) {
		snprintf(link, sizeof(link), "/org/%lld/%s", id, todo_kinds[i].list);
		json_array_append_new(items, json_pack("{s:s,s:s,s:s,s:I,s:s}", "key", todo_kinds[i].key,
			"subject", todo_kinds[i].subject == TODO_ORGS ? "orgs" : "members",
			"finding", todo_kinds[i].finding,
			"count", (json_int_t)counts[i], "link", link));
	}
	return api_json(rep, 200, json_pack("{s:I,s:o}", "org", (json_int_t)id, "items", items));
}

int api_org_history(struct request *req, struct reply *rep)
{
	long long id = req->ids[0];
	json_t *events;
	int rc;

	if ((rc = authorize(req->db, &req->auth.user, OP_ORG_READ, id, &req->err)))
		return rc;
	events = json_array();
	if ((rc = event_store_list(req->db, EVENT_ORG, id, event_json_append, events,
				   &req->err))) {
		json_decref(events);
		return rc;
	}
	return api_json(rep, 200, json_pack("{s:o}", "events", events));
}

static int reply_org(struct request *req, struct reply *rep, int http, long long id)
{
	struct org o;
	int rc;

	if ((rc = org_store_get(req->db, id, &o, &req->err)))
		return rc;
	return api_json(rep, http, org_to_json(&o));
}

/* After a move: the organization, and a warning when its division code is
 * outside the division of its new parent (which the caller's scope holds:
 * a move needs both). */
static int reply_moved_org(struct request *req, struct reply *rep, long long id)
{
	struct org o, parent;
	json_t *j;
	int rc;

	if ((rc = org_store_get(req->db, id, &o, &req->err)))
		return rc;
	j = org_to_json(&o);
	if (o.parent_id && !org_store_get(req->db, o.parent_id, &parent, NULL) &&
	    org_division_outside(o.division, parent.division))
		json_object_set_new(j, "warnings", json_pack("[{s:s,s:s,s:{s:s,s:s},s:s}]",
			"code", "division_outside_parent", "field", "division",
			"params", "division", o.division, "parent_division", parent.division,
			"message", "the organization keeps a division code outside its new parent's division"));
	return api_json(rep, 200, j);
}

static int set_code(struct request *req, json_t *b, const char *key,
		    const struct code_table *t, int *out)
{
	const char *s = api_str(b, key);
	const struct code_entry *e;

	if (!s)
		return ST_OK;
	if (!(e = code_by_key(t, s)))
		return error_add(&req->err, ST_INVALID, key, "invalid_choice", "unknown %s '%s'", t->name, s);
	*out = e->code;
	return ST_OK;
}

/* A text field: its limits are org_set_text()'s, as for the CLI. */
static int set_text(struct request *req, json_t *b, enum org_text f, struct org *o)
{
	const char *s = api_str(b, org_text_name(f));

	return s ? org_set_text(o, f, s, &req->err) : ST_OK;
}

int api_org_create(struct request *req, struct reply *rep)
{
	static const struct field_spec spec[] = {
		{ "code", F_STRING, 1 }, { "name", F_STRING, 1 }, { "kind", F_STRING, 1 },
		{ "parent_id", F_INT, 1 }, { "sector", F_STRING, 1 },
		{ "division", F_STRING, 0 }, { "established", F_STRING, 0 },
		{ "purpose", F_STRING, 0 }, { "end_date", F_STRING, 0 },
		{ "label", F_STRING, 0 }, { "term_start", F_STRING, 0 },
		{ "term_years", F_INT, 0 }, { "reference", F_STRING, 0 },
		{ NULL, 0, 0 },
	};
	json_t *b = api_body(req, spec);
	struct org o;
	long long n;
	int rc;

	if (!b)
		return req->err.status;
	org_init(&o);
	if ((rc = api_id(req, b, "parent_id", &o.parent_id)) ||
	    (rc = authorize(req->db, &req->auth.user, OP_ORG_CREATE, o.parent_id, &req->err)))
		goto out;
	if ((rc = set_text(req, b, ORG_TEXT_CODE, &o)) ||
	    (rc = set_text(req, b, ORG_TEXT_NAME, &o)) ||
	    (rc = set_text(req, b, ORG_TEXT_DIVISION, &o)) ||
	    (rc = set_text(req, b, ORG_TEXT_PURPOSE, &o)) ||
	    (rc = set_text(req, b, ORG_TEXT_LABEL, &o)) ||
	    (rc = set_code(req, b, "kind", &code_org_kind, &o.kind)) ||
	    (rc = set_code(req, b, "sector", &code_sector, &o.sector)) ||
	    (rc = api_date(req, b, "established", &o.established)) ||
	    (rc = api_date(req, b, "end_date", &o.end_date)) ||
	    (rc = api_date(req, b, "term_start", &o.term_start)))
		goto out;
	if ((rc = api_int(req, b, "term_years", INT_MIN, INT_MAX, o.term_years, &n)))
		goto out;
	o.term_years = (int)n;
	if ((rc = org_create(req->db, &o, req->actor, api_str(b, "reference"), &req->err)))
		goto out;
	rc = reply_org(req, rep, 201, o.id);
out:
	json_decref(b);
	return rc;
}

/* Common part of rename/move/merge/dissolve: body, date, authorization. */
static json_t *change_body(struct request *req, const struct field_spec *spec,
			   int *date)
{
	json_t *b = api_body(req, spec);

	if (!b)
		return NULL;
	if (authorize(req->db, &req->auth.user, OP_ORG_CHANGE, req->ids[0], &req->err) ||
	    api_date(req, b, "date", date)) {
		json_decref(b);
		return NULL;
	}
	return b;
}

int api_org_rename(struct request *req, struct reply *rep)
{
	static const struct field_spec spec[] = {
		{ "name", F_STRING, 1 }, { "date", F_STRING, 0 },
		{ "reference", F_STRING, 0 }, { NULL, 0, 0 },
	};
	int date, rc;
	json_t *b = change_body(req, spec, &date);

	if (!b)
		return req->err.status;
	if ((rc = org_rename(req->db, req->ids[0], api_str(b, "name"), date, req->actor,
			     api_str(b, "reference"), &req->err)))
		goto out;
	rc = reply_org(req, rep, 200, req->ids[0]);
out:
	json_decref(b);
	return rc;
}

/*
 * Move and merge: the organization goes under (move) or into (merge) the
 * organization named by the body's `key`, in which the user must be allowed
 * to create organizations; then `change` does it.
 */
static int org_change_to(struct request *req, struct reply *rep,
			 const struct field_spec *spec, const char *key,
			 int (*change)(struct db *db, long long id, long long target,
				       int date, const char *actor,
				       const char *reference, struct error *err))
{
	int date, rc;
	long long target;
	json_t *b = change_body(req, spec, &date);

	if (!b)
		return req->err.status;
	if ((rc = api_id(req, b, key, &target)) ||
	    (rc = authorize(req->db, &req->auth.user, OP_ORG_CREATE, target, &req->err)))
		goto out;
	if ((rc = change(req->db, req->ids[0], target, date, req->actor,
			 api_str(b, "reference"), &req->err)))
		goto out;
	rc = change == org_move ? reply_moved_org(req, rep, req->ids[0])
				: reply_org(req, rep, 200, req->ids[0]);
out:
	json_decref(b);
	return rc;
}

int api_org_move(struct request *req, struct reply *rep)
{
	static const struct field_spec spec[] = {
		{ "parent_id", F_INT, 1 }, { "date", F_STRING, 0 },
		{ "reference", F_STRING, 0 }, { NULL, 0, 0 },
	};

	return org_change_to(req, rep, spec, "parent_id", org_move);
}

int api_org_merge(struct request *req, struct reply *rep)
{
	static const struct field_spec spec[] = {
		{ "into", F_INT, 1 }, { "date", F_STRING, 0 },
		{ "reference", F_STRING, 0 }, { NULL, 0, 0 },
	};

	return org_change_to(req, rep, spec, "into", org_merge);
}

int api_org_dissolve(struct request *req, struct reply *rep)
{
	static const struct field_spec spec[] = {
		{ "date", F_STRING, 0 }, { "reference", F_STRING, 0 }, { NULL, 0, 0 },
	};
	int date, rc;
	json_t *b = change_body(req, spec, &date);

	if (!b)
		return req->err.status;
	if ((rc = org_dissolve(req->db, req->ids[0], date, req->actor,
			       api_str(b, "reference"), &req->err)))
		goto out;
	rc = reply_org(req, rep, 200, req->ids[0]);
out:
	json_decref(b);
	return rc;
}
