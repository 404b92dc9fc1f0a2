/*
 * api-dev-register.c - GET /orgs/{id}/development: the development register
 * of the organization's subtree (ops/dev-register.h), a page at a time, in
 * the JSON the CLI prints (json/dev-json.h).
 *
 * The organization is authorized like every other target: outside the
 * caller's scope it answers as a missing organization. Query arguments:
 * as_of, stage, overdue, sort, order (asc|desc), limit, cursor; malformed
 * ones are 400 naming the argument. Not for the rule of the next step due
 * (model/development.c).
 */
#include <string.h>

#include "api/api.h"
#include "core/date.h"
#include "json/dev-json.h"
#include "model/codes.h"
#include "ops/auth.h"
#include "ops/dev-register.h"

int api_org_development(struct request *req, struct reply *rep)
{
	struct dev_register_query q;
	struct dev_register_page p;
	const char *stage = req_query(req, "stage"), *sort = req_query(req, "sort");
	const char *order = req_query(req, "order");
	long long limit;
	int rc;

	memset(&q, 0, sizeof(q));
	q.root = req->ids[0];
	if ((rc = req_query_date(req, "as_of", &q.as_of)) ||
	    (rc = req_query_bool(req, "overdue", &q.overdue)) ||
	    (rc = req_query_int(req, "limit", 1, DEV_REGISTER_LIMIT_MAX,
				DEV_REGISTER_LIMIT_DEFAULT, &limit)))
		return rc;
	if ((rc = authorize(req->db, &req->auth.user, OP_MEMBER_READ, q.root, &req->err)))
		return rc;
	q.limit = (int)limit;
	if (q.as_of == DATE_NONE)
		q.as_of = date_today();
	if (stage && *stage) {
		const struct code_entry *e = code_by_key(&code_member_status, stage);
		q.stage = e ? e->code : MS_FULL;   /* refused by the list, naming "stage" */
	}
	if (sort && *sort)
		q.sort = dev_register_sort_parse(sort);
	if (order && *order) {
		if (strcmp(order, "asc") && strcmp(order, "desc")) {
			error_setc(&req->err, ST_INVALID, "order", "invalid_choice",
				   "order is asc or desc");
			req->err.status = ST_HTTP_BAD_REQUEST;
			return ST_HTTP_BAD_REQUEST;
		}
		q.desc = !strcmp(order, "desc");
	}
	q.after = req_query(req, "cursor");
	rc = dev_register_list(req->db, &q, &p, &req->err);
	if (rc == ST_INVALID) {
		req->err.status = ST_HTTP_BAD_REQUEST;
		return ST_HTTP_BAD_REQUEST;
	}
	if (rc)
		return rc;
	json_t *j = dev_register_page_to_json(&p);
	dev_register_page_release(&p);
	return api_json(rep, 200, j);
}
