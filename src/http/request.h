/*
 * request.h - one HTTP request as the API handlers see it.
 *
 * The server (http/server.c) fills a struct request: method, decoded path,
 * the ids captured by the route pattern ({id}), the body (bounded by the
 * route's cap), the client address, a request id, the database connection
 * of the worker thread and, for routes that need it, the authenticated
 * user. Accessors read query arguments, headers and cookies without
 * exposing libmicrohttpd. err collects the failure a handler returns.
 * Not for: building replies (http/reply.h).
 */
#ifndef OW_HTTP_REQUEST_H
#define OW_HTTP_REQUEST_H

#include "core/error.h"
#include "core/strbuf.h"
#include "ops/users.h"

struct db;
struct route;

/* Pseudo statuses of the HTTP layer, mapped by reply_error like ST_*. */
enum {
	ST_HTTP_BAD_REQUEST = -100,   /* 400: malformed request or JSON */
	ST_HTTP_METHOD = -101,        /* 405 */
	ST_HTTP_MEDIA = -102,         /* 415 */
	ST_HTTP_NO_ROUTE = -103,      /* 404 for an unknown path */
	ST_HTTP_UNAVAILABLE = -104,   /* 503: no room for the request now */
};

#define REQ_MAX_IDS 4

struct request {
	const char *method;              /* "GET", "POST", ... */
	const char *path;                /* decoded path, no query */
	void *conn;                      /* opaque: the MHD connection */
	const struct route *route;
	long long ids[REQ_MAX_IDS];      /* {id} captures in order */
	int nr_ids;
	struct strbuf body;              /* bounded by route->body_max */
	int body_too_big;
	int body_over_budget;            /* the buffered-body memory was full */
	size_t body_reserved;            /* bytes counted in that memory */
	void *conn_ctx;                  /* the connection's deadlines (server.c) */
	char rid[17];                    /* request id (X-Request-Id) */
	char ip[64];                     /* client address */
	struct db *db;                   /* worker thread's connection */
	int reading;                     /* a read transaction is open on db */
	int authenticated;
	struct session_check auth;       /* valid when authenticated */
	char actor[96];                  /* "user:<login>" or "anonymous" */
	struct error err;                /* what a failing handler reports */
	long long started_us;
	long long export_max_rows;       /* the server's caps of an export */
	int export_max_seconds;
	const char *cookie;              /* session cookie name */
	const char *cookie_attrs;        /* its attributes ("HttpOnly; ...") */
};

/*
 * Non-zero when the client has closed its connection (or shut down its
 * sending side, or the socket failed): its answer would go nowhere, so
 * long work for it may stop. One non-blocking poll(2) of the socket.
 */
int req_client_gone(const struct request *r);

/* Query argument (first occurrence) or NULL. */
const char *req_query(const struct request *r, const char *name);
/* Header (case-insensitive) or NULL. */
const char *req_header(const struct request *r, const char *name);
/* Cookie value or NULL. */
const char *req_cookie(const struct request *r, const char *name);

/*
 * Integer query argument in [min, max]; *out = dflt when absent.
 * ST_HTTP_BAD_REQUEST (err field = name) when malformed or out of range.
 */
int req_query_int(struct request *r, const char *name, long long min,
		  long long max, long long dflt, long long *out);
/* "1", "true" -> 1; "0", "false", absent -> 0; else ST_HTTP_BAD_REQUEST. */
int req_query_bool(struct request *r, const char *name, int *out);
/* YYYY-MM-DD (DATE_NONE when absent). */
int req_query_date(struct request *r, const char *name, int *out);

/* 1 when the Content-Type's media type is `type` (parameters ignored). */
int req_content_type_is(const struct request *r, const char *type);

#endif
