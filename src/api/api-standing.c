/*
 * api-standing.c - /api/v1/members/{id}/standing and /discipline: a
 * member's lost contact, floating membership, stopped party standing and
 * disciplinary sanctions, read (GET) and recorded (POST) through
 * ops/standing-ops.c.
 *
 * The person is authorized first (a person outside the caller's scope
 * answers like a missing one), then each organization the body names: the
 * deciding organization and the floating member's host organization must
 * lie in the caller's scope. In a list, an organization outside the
 * reader's scope is shown as null. Not for the rules of the acts (ops/).
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "core/date.h"
#include "json/standing-json.h"
#include "ops/audit.h"
#include "ops/auth.h"
#include "ops/standing-ops.h"
#include "store/org-store.h"
#include "store/person-store.h"

struct lister {
	struct request *req;
	json_t *items;
	int today, rc;
};

/* The organization id as the reader may see it, into *o; 0 when not shown. */
static int visible_org(struct lister *l, long long id, struct org *o)
{
	struct error e = ERROR_INIT;
	int rc;

	if (!id)
		return 0;
	rc = authorize(l->req->db, &l->req->auth.user, OP_ORG_READ, id, &e);
	if (rc == ST_NOT_FOUND || rc == ST_DENIED)
		return 0;
	if (rc || (rc = org_store_get(l->req->db, id, o, &e))) {
		if (!l->rc) {
			l->rc = rc;
			error_pass(&l->req->err, rc, &e);
		}
		return 0;
	}
	return 1;
}

static int list_visit(const struct standing_record *r, void *ctx)
{
	struct lister *l = ctx;
	struct org by, host;
	int has_by = visible_org(l, r->by_org_id, &by);
	int has_host = visible_org(l, r->host_org_id, &host);

	json_array_append_new(l->items, standing_record_json(r, has_by ? &by : NULL,
							     has_host ? &host : NULL, l->today));
	return l->rc != 0;
}

/* 200 {"items":[...]}: the records of the family of person_id. */
static int reply_list(struct request *req, struct reply *rep, long long person_id,
		      int sanctions)
{
	struct lister l = { req, json_array(), date_today(), ST_OK };
	int rc = standing_list(req->db, person_id, sanctions, list_visit, &l, &req->err);

	if (!rc)
		rc = l.rc;
	if (rc) {
		json_decref(l.items);
		return rc;
	}
	return api_json(rep, 200, json_pack("{s:o}", "items", l.items));
}

static int load_person(struct request *req, int op, struct person *p)
{
	int rc;

	if ((rc = person_store_get(req->db, req->ids[0], p, &req->err)))
		return rc;
	return authorize_person(req->db, &req->auth.user, op, p, &req->err);
}

static int get(struct request *req, struct reply *rep, int sanctions)
{
	struct person p;
	char object[64];
	int rc;

	if ((rc = load_person(req, OP_SELF_READ, &p)))
		return rc;
	snprintf(object, sizeof(object), "person/%lld/%s", p.id,
		 sanctions ? "discipline" : "standing");
	if ((rc = access_record(req->db, req->actor, "read", object, NULL, 0, &req->err)))
		return rc;
	return reply_list(req, rep, p.id, sanctions);
}

int api_member_standing_get(struct request *req, struct reply *rep)
{
	return get(req, rep, 0);
}

int api_member_discipline_get(struct request *req, struct reply *rep)
{
	return get(req, rep, 1);
}

/* An organization named by the body: in the caller's scope, else like a missing one. */
static int scoped_org(struct request *req, json_t *b, const char *key, long long *id)
{
	int rc;

	if ((rc = api_id(req, b, key, id)))
		return rc;
	if (*id && (rc = authorize(req->db, &req->auth.user, OP_MEMBER_WRITE, *id, &req->err))) {
		snprintf(req->err.field, sizeof(req->err.field), "%s", key);
		return rc;
	}
	return ST_OK;
}

/* The ops' field names as the body spells them. */
static void body_field(struct request *req)
{
	if (!strcmp(req->err.field, "by"))
		snprintf(req->err.field, sizeof(req->err.field), "by_org_id");
	else if (!strcmp(req->err.field, "host"))
		snprintf(req->err.field, sizeof(req->err.field), "host_org_id");
	else if (!strcmp(req->err.field, "search") || !strcmp(req->err.field, "place") ||
		 !strcmp(req->err.field, "reason") || !strcmp(req->err.field, "note"))
		return;
	for (int i = 0; i < req->err.nr_items; i++)
		if (!strcmp(req->err.items[i].field, "by"))
			snprintf(req->err.items[i].field, sizeof(req->err.items[i].field),
				 "by_org_id");
}

static const struct field_spec standing_spec[] = {
	{ "action", F_STRING, 1 }, { "date", F_STRING, 0 }, { "search", F_STRING, 0 },
	{ "place", F_STRING, 0 }, { "host_org_id", F_INT, 0 }, { "reason", F_STRING, 0 },
	{ "note", F_STRING, 0 }, { "by_org_id", F_INT, 0 }, { "reference", F_STRING, 0 },
	{ NULL, 0, 0 },
};

int api_member_standing_post(struct request *req, struct reply *rep)
{
	json_t *b = api_body(req, standing_spec);
	struct standing_act act = { 0, DATE_NONE, NULL, 0, NULL };
	struct person p;
	const char *text = NULL;
	long long by = 0, host = 0;
	int rc;

	if (!b)
		return req->err.status;
	if ((rc = load_person(req, OP_MEMBER_WRITE, &p)) ||
	    (rc = api_date(req, b, "date", &act.date)) ||
	    (rc = scoped_org(req, b, "by_org_id", &by)) ||
	    (rc = scoped_org(req, b, "host_org_id", &host)))
		goto out;
	act.action = standing_action_parse(api_str(b, "action"));
	act.reference = api_str(b, "reference");
	switch (act.action) {
	case SA_LOST_CONTACT: text = api_str(b, "search"); break;
	case SA_FLOATING: text = api_str(b, "place"); break;
	case SA_STOP: text = api_str(b, "reason"); break;
	default: text = api_str(b, "note"); break;
	}
	act.text = text;
	act.org_id = act.action == SA_FLOATING ? host : by;
	if ((rc = standing_record_act(req->db, p.id, &act, req->actor, NULL, &req->err))) {
		body_field(req);
		goto out;
	}
	rc = reply_list(req, rep, p.id, 0);
out:
	json_decref(b);
	return rc;
}

static const struct field_spec discipline_spec[] = {
	{ "kind", F_STRING, 1 }, { "date", F_STRING, 0 }, { "reference", F_STRING, 0 },
	{ "by_org_id", F_INT, 0 }, { "years", F_INT, 0 }, { NULL, 0, 0 },
};

int api_member_discipline_post(struct request *req, struct reply *rep)
{
	json_t *b = api_body(req, discipline_spec);
	struct discipline_act act = { 0, DATE_NONE, NULL, 0, 0 };
	struct person p;
	long long years = 0;
	int rc;

	if (!b)
		return req->err.status;
	if ((rc = load_person(req, OP_MEMBER_WRITE, &p)) ||
	    (rc = api_date(req, b, "date", &act.date)) ||
	    (rc = api_int(req, b, "years", 0, 99, 0, &years)) ||
	    (rc = scoped_org(req, b, "by_org_id", &act.by_org_id)))
		goto out;
	act.kind = standing_kind_parse(api_str(b, "kind"));
	if (act.kind && !standing_kind_is_sanction(act.kind))
		act.kind = -1;   /* named by discipline_record's error */
	act.years = (int)years;
	act.reference = api_str(b, "reference");
	if ((rc = discipline_record(req->db, p.id, &act, req->actor, NULL, &req->err))) {
		body_field(req);
		goto out;
	}
	rc = reply_list(req, rep, p.id, 1);
out:
	json_decref(b);
	return rc;
}
