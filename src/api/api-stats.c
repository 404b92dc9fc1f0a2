/*
 * api-stats.c - statistics over a subtree from the server's live engine
 * (ops/stats-live.h): the annual bulletin with each child, roll-ups by one
 * or two dimensions with filters and an "as of" date, and one dimension
 * side by side for the children.
 *
 * The organization (?org=ID) is authorized like every other target: outside
 * the caller's scope it is 404 as a missing one; without ?org the caller's
 * scope root (the whole forest for an unscoped user). Malformed query
 * arguments are 400 naming the argument. Not for: per-person lists (the
 * member routes) or the engine's rules (stats/stats.h).
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "core/date.h"
#include "json/stats-json.h"
#include "model/org.h"
#include "ops/auth.h"
#include "ops/rules-ops.h"
#include "ops/standing-ops.h"
#include "ops/stats-live.h"
#include "stats/stats.h"

/* ?org=ID (positive integer) or the scope root; authorized for statistics. */
static int stats_org(struct request *req, long long *org_id)
{
	long long id;
	int rc;

	if ((rc = req_query_int(req, "org", 1, 999999999999999999LL, 0, &id)))
		return rc;
	if (!id)
		id = auth_scope_root(&req->auth.user);
	if ((rc = authorize(req->db, &req->auth.user, OP_STATS_READ, id, &req->err)))
		return rc;
	*org_id = id;
	return ST_OK;
}

/* A failure of the engine on a query argument becomes 400 naming it. */
static int bad_arg(struct request *req, int rc, const char *name)
{
	if (rc == ST_INVALID || rc == ST_TOO_BIG) {
		req->err.status = ST_HTTP_BAD_REQUEST;
		if (!req->err.field[0])
			snprintf(req->err.field, sizeof(req->err.field), "%s", name);
		return ST_HTTP_BAD_REQUEST;
	}
	return rc;
}

/* by, filter, as_of into q (org_id set by the caller). */
static int parse_query(struct request *req, struct stats_query *q, int max_dims)
{
	const char *by = req_query(req, "by"), *filter = req_query(req, "filter");
	int rc;

	if ((rc = req_query_date(req, "as_of", &q->as_of)))
		return rc;
	if (q->as_of != DATE_NONE &&
	    (q->as_of < date_from_ymd(1900, 1, 1) || q->as_of > date_from_ymd(2079, 6, 5))) {
		error_setc(&req->err, ST_HTTP_BAD_REQUEST, "as_of", "date_out_of_range",
			   "as_of must lie in 1900-01-01 .. 2079-06-05");
		error_param(&req->err, "min", "1900-01-01");
		error_param(&req->err, "max", "2079-06-05");
		return ST_HTTP_BAD_REQUEST;
	}
	if (!by || !*by)
		return error_setc(&req->err, ST_HTTP_BAD_REQUEST, "by", "required",
				  "by is required: a dimension (sex, age_band, ...)");
	if ((rc = stats_query_parse_by(q, by, &req->err)))
		return bad_arg(req, rc, "by");
	if (q->nr_dims > max_dims) {
		error_setc(&req->err, ST_HTTP_BAD_REQUEST, "by", "too_many_dimensions",
			   "by takes at most %d dimension%s here", max_dims,
			   max_dims > 1 ? "s" : "");
		error_param(&req->err, "max", "%d", max_dims);
		return ST_HTTP_BAD_REQUEST;
	}
	/* dim:value and dim=value are both accepted */
	if (filter && *filter && (rc = stats_query_parse_filter(q, filter, &req->err)))
		return bad_arg(req, rc, "filter");
	return ST_OK;
}

int api_stats_bulletin(struct request *req, struct reply *rep)
{
	struct stats_engine *e;
	struct stats_bulletin b;
	long long org_id, year;
	char id[24] = "";
	int rc, y, m, d, medal;

	date_to_ymd(date_today(), &y, &m, &d);
	if ((rc = req_query_int(req, "year", 1901, 2078, y - 1, &year)) ||
	    (rc = stats_org(req, &org_id)))
		return rc;
	if (org_id)
		snprintf(id, sizeof(id), ORG_ID_PREFIX "%lld", org_id);
	if ((rc = rules_medal_years(req->db, (int)year, &medal, &req->err)) ||
	    (rc = stats_live_acquire(&e, &req->err)))
		return rc;
	rc = stats_bulletin(e, id, (int)year, medal, &b, &req->err);
	stats_live_release();
	if (rc)
		return bad_arg(req, rc, "year");
	/* the medals of members not in good standing on 1 July are not due */
	if ((rc = standing_medal_adjust(req->db, &b, medal, &req->err))) {
		stats_bulletin_release(&b);
		return rc;
	}
	json_t *j = stats_bulletin_json(&b);
	stats_bulletin_release(&b);
	return api_json(rep, 200, j);
}

int api_stats_rollup(struct request *req, struct reply *rep)
{
	struct stats_engine *e;
	struct stats_query q;
	struct stats_rollup r;
	struct stats_org_info org;
	char id[24] = "";
	int rc;

	stats_query_init(&q);
	if ((rc = parse_query(req, &q, 2)) || (rc = stats_org(req, &q.org_id)))
		return rc;
	if (q.org_id)
		snprintf(id, sizeof(id), ORG_ID_PREFIX "%lld", q.org_id);
	if ((rc = stats_live_acquire(&e, &req->err)))
		return rc;
	if (!(rc = stats_org_find(e, id, &org, &req->err)))
		rc = stats_rollup(e, &q, &r, &req->err);
	stats_live_release();
	if (rc)
		return bad_arg(req, rc, "as_of");
	json_t *j = stats_rollup_json(&r);
	json_object_set_new(j, "org", stats_org_info_json(&org));
	stats_rollup_release(&r);
	return api_json(rep, 200, j);
}

int api_stats_children(struct request *req, struct reply *rep)
{
	struct stats_engine *e;
	struct stats_query q;
	struct stats_children c;
	int rc;

	stats_query_init(&q);
	if ((rc = parse_query(req, &q, 1)) || (rc = stats_org(req, &q.org_id)))
		return rc;
	if ((rc = stats_live_acquire(&e, &req->err)))
		return rc;
	rc = stats_children(e, &q, &c, &req->err);
	stats_live_release();
	if (rc)
		return bad_arg(req, rc, "as_of");
	json_t *j = stats_children_json(&c);
	stats_children_release(&c);
	return api_json(rep, 200, j);
}
