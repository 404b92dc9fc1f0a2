/*
 * api-calendar.c - GET /calendar/workdays?from=&to= ({"workdays":N}) and
 * GET /calendar/add-workdays?date=&n= ({"date":"YYYY-MM-DD"}), for every
 * logged-in user: the calendar is not scoped data, every role has the
 * same answer. Refusals (to before from, n below 1, a year the calendar
 * does not cover) are 422 with the code and field of ops/calendar.h.
 * Importing dates is done from the installation's shell only. Not for:
 * the calendar itself (ops/calendar.c).
 */
#include <limits.h>

#include "api/api.h"
#include "core/date.h"
#include "ops/calendar.h"

int api_calendar_workdays(struct request *req, struct reply *rep)
{
	int rc, from, to, n;

	if ((rc = req_query_date(req, "from", &from)) || (rc = req_query_date(req, "to", &to)))
		return rc;
	if ((rc = calendar_workdays(req->db, from, to, &n, &req->err)))
		return rc;
	return api_json(rep, 200, json_pack("{s:i}", "workdays", n));
}

int api_calendar_add_workdays(struct request *req, struct reply *rep)
{
	char d[DATE_STR_SIZE];
	long long n;
	int rc, day, out;

	if ((rc = req_query_date(req, "date", &day)) ||
	    (rc = req_query_int(req, "n", INT_MIN, INT_MAX, LLONG_MIN, &n)))
		return rc;
	if (n == LLONG_MIN)
		return error_setc(&req->err, ST_INVALID, "n", "required", "n is required");
	if ((rc = calendar_add_workdays(req->db, day, (int)n, &out, &req->err)))
		return rc;
	return api_json(rep, 200, json_pack("{s:s}", "date", date_format(out, d)));
}
