/*
 * api-transfers.c - /api/v1/transfers and /api/v1/transfer-destinations:
 * the transfer of a member's organizational relationship over HTTP
 * (ops/transfer-ops.c), with the transfer grant of ops/auth.c.
 *
 * The sending side (the person in its scope) starts a letter to any
 * organization of the installation, found through the destination search,
 * which answers codes and names only. A transfer is read by either side and
 * received or returned by the receiving side (the letter's destination in
 * its scope); a transfer of neither side answers like a missing one. The
 * organizations of the other side are shown as code and name only. Not for
 * the rules of the acts (ops/) nor the grant itself (ops/auth.c).
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "core/date.h"
#include "json/transfer-json.h"
#include "ops/audit.h"
#include "ops/auth.h"
#include "ops/transfer-ops.h"
#include "store/org-store.h"
#include "store/person-store.h"
#include "store/transfer-store.h"

/* An organization of a transfer as the caller may see it. */
static int view_org(struct request *req, long long id, struct org *o,
		    struct transfer_org_view *v)
{
	struct error e = ERROR_INIT;
	int rc;

	v->org = NULL;
	v->full = 0;
	if (!id)
		return ST_OK;
	if ((rc = org_store_get(req->db, id, o, &req->err)))
		return rc == ST_NOT_FOUND ? ST_OK : rc;
	v->org = o;
	rc = authorize(req->db, &req->auth.user, OP_ORG_READ, id, &e);
	if (rc == ST_OK)
		v->full = 1;
	else if (rc != ST_NOT_FOUND && rc != ST_DENIED)
		return error_pass(&req->err, rc, &e);
	return ST_OK;
}

static int transfer_out(struct request *req, const struct transfer *t, json_t **out)
{
	struct org a, b, c;
	struct transfer_org_view vf, vt, vr;
	struct person p;
	struct error e = ERROR_INIT;
	int rc;

	*out = NULL;
	if ((rc = view_org(req, t->from_org_id, &a, &vf)) ||
	    (rc = view_org(req, t->to_org_id, &b, &vt)) ||
	    (rc = view_org(req, t->received_org_id, &c, &vr)))
		return rc;
	rc = person_store_get(req->db, t->person_id, &p, &e);
	if (rc && rc != ST_NOT_FOUND)
		return error_pass(&req->err, rc, &e);
	*out = transfer_json(t, rc ? "" : p.name, vf, vt, vr, date_today());
	return ST_OK;
}

static int reply_transfer(struct request *req, struct reply *rep, int http,
			  const struct transfer *t)
{
	json_t *j;
	int rc = transfer_out(req, t, &j);

	return rc ? rc : api_json(rep, http, j);
}

/* The transfer of the path, authorized for side; else 404 as missing. */
static int load(struct request *req, int op, int side, struct transfer *t)
{
	int rc = transfer_store_get(req->db, req->ids[0], t, &req->err);

	if (rc)
		return rc;
	return authorize_transfer(req->db, &req->auth.user, op, t, side, &req->err);
}

static const struct field_spec start_spec[] = {
	{ "person_id", F_INT, 1 }, { "to", F_STRING, 1 }, { "date", F_STRING, 1 },
	{ "letter", F_STRING, 0 }, { "valid_days", F_INT, 0 }, { NULL, 0, 0 },
};

int api_transfer_start(struct request *req, struct reply *rep)
{
	json_t *b = api_body(req, start_spec);
	struct transfer_start s = { 0, NULL, DATE_NONE, NULL, 0 };
	struct transfer t;
	struct person p;
	long long days = 0;
	int rc;

	if (!b)
		return req->err.status;
	if ((rc = api_id(req, b, "person_id", &s.person_id)) ||
	    (rc = api_date(req, b, "date", &s.date)) ||
	    (rc = api_int(req, b, "valid_days", 1, 3660, 0, &days)))
		goto out;
	if ((rc = person_store_get(req->db, s.person_id, &p, &req->err)) ||
	    (rc = authorize_person(req->db, &req->auth.user, OP_MEMBER_WRITE, &p, &req->err))) {
		snprintf(req->err.field, sizeof(req->err.field), "person_id");
		goto out;
	}
	s.to = api_str(b, "to");
	s.letter = api_str(b, "letter");
	s.valid_days = (int)days;
	if ((rc = transfer_start(req->db, &s, req->actor, &t, &req->err))) {
		if (!strcmp(req->err.field, "id"))
			snprintf(req->err.field, sizeof(req->err.field), "person_id");
		goto out;
	}
	rc = reply_transfer(req, rep, 201, &t);
out:
	json_decref(b);
	return rc;
}

int api_transfer_get(struct request *req, struct reply *rep)
{
	struct transfer t;
	char object[48];
	int rc;

	if ((rc = load(req, OP_MEMBER_READ, TRANSFER_SIDE_EITHER, &t)))
		return rc;
	snprintf(object, sizeof(object), "transfer/%lld", t.id);
	if ((rc = access_record(req->db, req->actor, "read", object, NULL, 0, &req->err)))
		return rc;
	return reply_transfer(req, rep, 200, &t);
}

static const struct field_spec receive_spec[] = {
	{ "date", F_STRING, 1 }, { "org_id", F_INT, 0 }, { NULL, 0, 0 },
};

int api_transfer_receive(struct request *req, struct reply *rep)
{
	json_t *b = api_body(req, receive_spec);
	struct transfer t;
	long long org = 0;
	int rc, day;

	if (!b)
		return req->err.status;
	if ((rc = load(req, OP_MEMBER_WRITE, TRANSFER_SIDE_RECEIVE, &t)) ||
	    (rc = api_date(req, b, "date", &day)) ||
	    (rc = api_id(req, b, "org_id", &org)))
		goto out;
	/* the branch that takes the member in: in the receiver's scope */
	if (org && (rc = authorize(req->db, &req->auth.user, OP_MEMBER_WRITE, org, &req->err))) {
		snprintf(req->err.field, sizeof(req->err.field), "org_id");
		goto out;
	}
	if ((rc = transfer_receive(req->db, t.id, day, org, req->actor, &t, &req->err))) {
		if (!strcmp(req->err.field, "org"))
			snprintf(req->err.field, sizeof(req->err.field), "org_id");
		goto out;
	}
	rc = reply_transfer(req, rep, 200, &t);
out:
	json_decref(b);
	return rc;
}

static const struct field_spec return_spec[] = {
	{ "reason", F_STRING, 0 }, { "date", F_STRING, 0 }, { NULL, 0, 0 },
};

int api_transfer_return(struct request *req, struct reply *rep)
{
	json_t *b = api_body(req, return_spec);
	struct transfer t;
	int rc, day;

	if (!b)
		return req->err.status;
	if ((rc = load(req, OP_MEMBER_WRITE, TRANSFER_SIDE_RECEIVE, &t)) ||
	    (rc = api_date(req, b, "date", &day)))
		goto out;
	if ((rc = transfer_return(req->db, t.id, api_str(b, "reason"), day, req->actor, &t,
				  &req->err)))
		goto out;
	rc = reply_transfer(req, rep, 200, &t);
out:
	json_decref(b);
	return rc;
}

struct lister {
	struct request *req;
	json_t *items;
	int rc;
};

static int list_visit(const struct transfer *t, void *ctx)
{
	struct lister *l = ctx;
	json_t *j;

	if ((l->rc = transfer_out(l->req, t, &j)))
		return 1;
	json_array_append_new(l->items, j);
	return 0;
}

int api_transfers_list(struct request *req, struct reply *rep)
{
	struct lister l = { req, json_array(), ST_OK };
	const char *dir_s = req_query(req, "direction"), *st_s = req_query(req, "status");
	long long org, limit, after, subtree;
	int rc, dir = TD_BOTH, status = 0;

	/* subtree: 1 (the default) the organization's whole subtree, 0 its own letters */
	if ((rc = req_query_int(req, "org", 1, 999999999999999999LL, 0, &org)) ||
	    (rc = req_query_int(req, "subtree", 0, 1, 1, &subtree)) ||
	    (rc = req_query_int(req, "limit", 1, 1000, 50, &limit)) ||
	    (rc = req_query_int(req, "after", 0, 999999999999999999LL, 0, &after)))
		goto out;
	if (!org)
		org = auth_scope_root(&req->auth.user);
	if (!org) {
		rc = error_setc(&req->err, ST_INVALID, "org", "required", "org is required");
		goto out;
	}
	if (dir_s && strcmp(dir_s, "in") && strcmp(dir_s, "out")) {
		rc = error_setc(&req->err, ST_INVALID, "direction", "invalid_choice",
				"direction is in or out");
		goto out;
	}
	if (dir_s)
		dir = !strcmp(dir_s, "in") ? TD_IN : TD_OUT;
	if (st_s && !(status = transfer_status_parse(st_s))) {
		rc = error_setc(&req->err, ST_INVALID, "status", "invalid_choice",
				"status is in_transit, received or returned");
		goto out;
	}
	/* the organization asked about is the caller's: its letters are the
	 * caller's side of each transfer */
	if ((rc = authorize(req->db, &req->auth.user, OP_MEMBER_READ, org, &req->err)))
		goto out;
	if (subtree)
		rc = transfer_store_list_subtree(req->db, org, dir, status, after, (int)limit,
						 list_visit, &l, &req->err);
	else
		rc = transfer_store_list(req->db, org, dir, 0, status, after, (int)limit,
					 list_visit, &l, &req->err);
	if (!rc)
		rc = l.rc;
	if (!rc)
		rc = api_json(rep, 200, json_pack("{s:O}", "items", l.items));
out:
	json_decref(l.items);
	return rc;
}

/* The letters of one person (GET /members/{id}/transfers): whoever may
 * read the person reads them (authorize_person, the one rule); each is
 * shown as either side would see it, the other side's organizations by
 * code and name only, and "readable" says whether the caller may open the
 * letter itself (GET /transfers/{id}, the transfer grant). */
struct person_lister {
	struct request *req;
	json_t *items;
	long long last;
	int rc;
};

static int person_visit(const struct transfer *t, void *ctx)
{
	struct person_lister *l = ctx;
	struct error e = ERROR_INIT;
	json_t *j;
	int rc;

	l->last = t->id;
	if ((l->rc = transfer_out(l->req, t, &j)))
		return 1;
	rc = authorize_transfer(l->req->db, &l->req->auth.user, OP_MEMBER_READ, t,
				TRANSFER_SIDE_EITHER, &e);
	if (rc && rc != ST_NOT_FOUND && rc != ST_DENIED) {
		json_decref(j);
		l->rc = error_pass(&l->req->err, rc, &e);
		return 1;
	}
	json_object_set_new(j, "readable", json_boolean(rc == ST_OK));
	json_array_append_new(l->items, j);
	return 0;
}

int api_member_transfers(struct request *req, struct reply *rep)
{
	struct person_lister l = { req, json_array(), 0, ST_OK };
	struct person p;
	long long limit, after;
	int rc;

	if ((rc = req_query_int(req, "limit", 1, 1000, 100, &limit)) ||
	    (rc = req_query_int(req, "after", 0, 999999999999999999LL, 0, &after)) ||
	    (rc = person_store_get(req->db, req->ids[0], &p, &req->err)) ||
	    (rc = authorize_person(req->db, &req->auth.user, OP_MEMBER_READ, &p, &req->err)))
		goto out;
	/* one index range: the person's letters */
	rc = transfer_store_list(req->db, 0, TD_BOTH, p.id, 0, after, (int)limit, person_visit,
				 &l, &req->err);
	if (!rc)
		rc = l.rc;
	if (!rc)
		rc = api_json(rep, 200, json_pack("{s:O,s:o}", "items", l.items, "next_after",
						  json_array_size(l.items) == (size_t)limit
						  ? json_integer(l.last) : json_null()));
out:
	json_decref(l.items);
	return rc;
}

struct dest {
	json_t *items;
};

static int dest_visit(const char *code, const char *name, void *ctx)
{
	struct dest *d = ctx;

	json_array_append_new(d->items, json_pack("{s:s,s:s}", "code", code, "name", name));
	return 0;
}

int api_transfer_destinations(struct request *req, struct reply *rep)
{
	const char *q = req_query(req, "q");
	struct dest d = { json_array() };
	int rc, partial;

	if (!q || !*q || strlen(q) > 4 * TRANSFER_DEST_MAX_CHARS) {
		json_decref(d.items);
		rc = error_setc(&req->err, ST_INVALID, "q", "out_of_range",
				"q is 1 to %d characters", TRANSFER_DEST_MAX_CHARS);
		error_param(&req->err, "min", "1");
		error_param(&req->err, "max", "%d", TRANSFER_DEST_MAX_CHARS);
		return rc;
	}
	/* active organizations by code, code prefix, name prefix (an exact
	 * code first), then name substring (a bounded scan of the name index):
	 * codes and names only, whoever's they are */
	if ((rc = transfer_store_destinations(req->db, q, 20, dest_visit, &d, &partial,
					      &req->err))) {
		json_decref(d.items);
		return rc;
	}
	return api_json(rep, 200, json_pack("{s:o,s:b}", "items", d.items, "partial", partial));
}
