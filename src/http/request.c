/*
 * request.c - request accessors over libmicrohttpd's connection values.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <microhttpd.h>

#include "core/date.h"
#include "http/request.h"

int req_client_gone(const struct request *r)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	struct pollfd p;

	if (!ci || ci->connect_fd == MHD_INVALID_SOCKET)
		return 1;
	p.fd = ci->connect_fd;
	p.events = POLLRDHUP;
	p.revents = 0;
	if (poll(&p, 1, 0) < 0)
		return 0;    /* EINTR and the like: ask again next time */
	return (p.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) != 0;
}

const char *req_query(const struct request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *req_header(const struct request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_cookie(const struct request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

int req_query_int(struct request *r, const char *name, long long min,
		  long long max, long long dflt, long long *out)
{
	const char *v = req_query(r, name);
	char *end;
	long long n;

	*out = dflt;
	if (!v)
		return ST_OK;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (!*v || *end || errno || n < min || n > max) {
		error_setc(&r->err, ST_HTTP_BAD_REQUEST, name, "out_of_range",
			   "%s must be a whole number from %lld to %lld", name, min, max);
		error_param(&r->err, "min", "%lld", min);
		error_param(&r->err, "max", "%lld", max);
		error_param(&r->err, "value", "%s", v);
		return ST_HTTP_BAD_REQUEST;
	}
	*out = n;
	return ST_OK;
}

int req_query_bool(struct request *r, const char *name, int *out)
{
	const char *v = req_query(r, name);

	*out = 0;
	if (!v || !strcmp(v, "0") || !strcmp(v, "false"))
		return ST_OK;
	if (!strcmp(v, "1") || !strcmp(v, "true") || !*v) {
		*out = 1;
		return ST_OK;
	}
	error_setc(&r->err, ST_HTTP_BAD_REQUEST, name, "not_flag", "%s must be 1 or 0", name);
	error_param(&r->err, "value", "%s", v);
	return ST_HTTP_BAD_REQUEST;
}

int req_query_date(struct request *r, const char *name, int *out)
{
	const char *v = req_query(r, name);

	*out = DATE_NONE;
	if (!v)
		return ST_OK;
	if (date_parse(v, out)) {
		error_setc(&r->err, ST_HTTP_BAD_REQUEST, name, "invalid_date",
			   "%s must be a date YYYY-MM-DD", name);
		error_param(&r->err, "value", "%s", v);
		return ST_HTTP_BAD_REQUEST;
	}
	return ST_OK;
}

int req_content_type_is(const struct request *r, const char *type)
{
	const char *ct = req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
	size_t n = strlen(type);

	if (!ct)
		return 0;
	while (*ct == ' ')
		ct++;
	if (strncasecmp(ct, type, n))
		return 0;
	return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}
