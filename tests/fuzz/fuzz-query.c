/*
 * fuzz-query.c - libFuzzer target: the query-string side of the API on
 * arbitrary bytes. The input is a query string ("limit=5&status=full&
 * filter=sex=female"), decoded by fake-mhd.c as libmicrohttpd decodes it;
 * then every reader the handlers use runs on it: req_query_int, _bool,
 * _date (http/request.c), api_status_filter, api_drill_filter (the
 * drill-down filter of stats/), and the roll-up by and filter parsers.
 *
 * Properties: no crash; an accepted integer lies in its range and an
 * accepted date is a real day; every refusal is a 400 naming its
 * argument. (Cursors reach the store through fuzz-request.)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/date.h"
#include "model/person.h"
#include "stats/stats.h"

#include "fake-mhd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A refusal must be a 400 (or 422) naming field. */
static void refused(struct request *req, int rc, const char *field)
{
	if (rc != ST_HTTP_BAD_REQUEST || req->err.status != ST_HTTP_BAD_REQUEST ||
	    strcmp(req->err.field, field) || !req->err.message[0])
		abort();
	error_clear(&req->err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct request req;
	struct person_drill d;
	struct stats_query q;
	struct error err = ERROR_INIT;
	long long n;
	int rc, v;
	const char *s;

	if (size > 8192)
		return 0;
	memset(&req, 0, sizeof(req));
	req.err = (struct error)ERROR_INIT;
	fake_mhd_reset();
	fake_mhd_query((const char *)data, size);

	if ((rc = req_query_int(&req, "limit", 1, 1000, 50, &n)))
		refused(&req, rc, "limit");
	else if (n < 1 || n > 1000)
		abort();
	if ((rc = req_query_int(&req, "org", 1, (long long)1 << 62, 0, &n)))
		refused(&req, rc, "org");
	else if (n < 0 || n > (long long)1 << 62 || (n == 0 && req_query(&req, "org")))
		abort();
	if ((rc = req_query_bool(&req, "reveal", &v)))
		refused(&req, rc, "reveal");
	else if (v != 0 && v != 1)
		abort();
	if ((rc = req_query_date(&req, "as_of", &v))) {
		refused(&req, rc, "as_of");
	} else if (v != DATE_NONE) {
		int y, m, dd;
		date_to_ymd(v, &y, &m, &dd);
		if (date_from_ymd(y, m, dd) != v || m < 1 || m > 12 || dd < 1 || dd > 31)
			abort();
	}
	if ((rc = api_status_filter(&req, &v)))
		refused(&req, rc, "status");
	if ((rc = api_drill_filter(&req, &d))) {
		if (rc != ST_HTTP_BAD_REQUEST || !req.err.message[0])
			abort();
		error_clear(&req.err);
	}
	stats_query_init(&q);
	if ((s = req_query(&req, "by")) && !stats_query_parse_by(&q, s, &err) &&
	    (q.nr_dims < 0 || q.nr_dims > 2))
		abort();
	error_clear(&err);
	if ((s = req_query(&req, "filter")) && stats_query_parse_filter(&q, s, &err) &&
	    !err.message[0])
		abort();
	error_clear(&err);
	(void)req_cookie(&req, "ow_session");
	return 0;
}
