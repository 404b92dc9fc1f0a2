/*
 * api-findings.c - GET /findings: the findings of a subtree as of a date
 * (ops/findings.h), a page at a time, in the JSON the CLI prints
 * (json/findings-json.h).
 *
 * ?org=ID is authorized like every other target (outside the caller's scope
 * it answers as a missing organization); without it the caller's scope root
 * (every organization for an unscoped user). Malformed arguments are 400
 * naming the argument. Not for: the rules (ops/findings.c).
 */
#include <stdio.h>

#include "api/api.h"
#include "core/date.h"
#include "json/findings-json.h"
#include "ops/auth.h"
#include "ops/findings.h"

int api_findings(struct request *req, struct reply *rep)
{
	struct findings_page p;
	long long org, limit;
	int rc, as_of;

	if ((rc = req_query_int(req, "org", 1, 999999999999999999LL, 0, &org)) ||
	    (rc = req_query_date(req, "as_of", &as_of)) ||
	    (rc = req_query_int(req, "limit", -999999999LL, 999999999LL,
				FINDINGS_LIMIT_DEFAULT, &limit)))
		return rc;
	if (!org)
		org = auth_scope_root(&req->auth.user);
	if (org && (rc = authorize(req->db, &req->auth.user, OP_MEMBER_READ, org, &req->err)))
		return rc;
	rc = findings_list(req->db, org, as_of == DATE_NONE ? date_today() : as_of,
			   req_query(req, "rule"), req_query(req, "cursor"), (int)limit, &p,
			   &req->err);
	if (rc == ST_INVALID) {
		req->err.status = ST_HTTP_BAD_REQUEST;
		return ST_HTTP_BAD_REQUEST;
	}
	if (rc)
		return rc;
	json_t *j = findings_page_to_json(&p);
	findings_page_release(&p);
	return api_json(rep, 200, j);
}
