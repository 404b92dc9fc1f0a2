/*
 * server.c - libmicrohttpd daemon, request life cycle, worker databases,
 * the writer lock, the access-log writer thread, signals and shutdown.
 *
 * A request goes, when its headers are in: framing and encoding checks
 * (400: two Content-Lengths, Content-Length with Transfer-Encoding, NUL or
 * bytes that are not UTF-8 in the path or query) -> match the route ->
 * body cap (413) -> authenticate (401) -> CSRF and Origin (403) ->
 * route-level authorization (403) -> room in the buffered-body memory
 * (503); all of these are answered before a byte of the body is read.
 * Then: read the body -> media type (415) -> writer lock for writing
 * routes -> handler -> reply (errors through reply_error) -> one JSON log
 * line with the request id. Static files are served for paths outside
 * /api/. A watchdog thread closes connections whose request headers are
 * not complete within the header deadline, however slowly their bytes
 * keep coming, and those whose body falls below the minimum rate.
 * Not for: what handlers do (api/).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "core/crypto.h"
#include "core/log.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "http/reply.h"
#include "http/request.h"
#include "http/routes.h"
#include "http/server.h"
#include "http/static.h"
#include "ops/audit.h"
#include "ops/auth.h"
#include "store/db.h"

static const struct server_options *opts;
static pthread_mutex_t writer = PTHREAD_MUTEX_INITIALIZER;
static unsigned rid_prefix;
static atomic_uint rid_counter;
static atomic_size_t body_memory;   /* request-body bytes buffered, all requests */
static const char *cookie_name = "ow_session";
static const char *cookie_attrs = "HttpOnly; SameSite=Strict; Path=/";

/* A body may fall below the minimum rate during its first seconds. */
#define BODY_GRACE_US (10LL * 1000000)

void server_write_lock(void)
{
	pthread_mutex_lock(&writer);
}

void server_write_unlock(void)
{
	pthread_mutex_unlock(&writer);
}

static long long now_us(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (long long)tv.tv_sec * 1000000 + tv.tv_usec;
}

/* ---- one database connection per worker thread ------------------------ */

static _Thread_local struct db *thread_db;
static pthread_mutex_t dbs_lock = PTHREAD_MUTEX_INITIALIZER;
static struct db **dbs;
static size_t nr_dbs, alloc_dbs;

static struct db *worker_db(struct error *err)
{
	if (thread_db)
		return thread_db;
	if (db_open(opts->db_path, DB_OPEN_EXISTING, &thread_db, err))
		return NULL;
	pthread_mutex_lock(&dbs_lock);
	ALLOC_GROW(dbs, nr_dbs + 1, alloc_dbs);
	dbs[nr_dbs++] = thread_db;
	pthread_mutex_unlock(&dbs_lock);
	return thread_db;
}

static void close_dbs(void)
{
	for (size_t i = 0; i < nr_dbs; i++)
		db_close(dbs[i]);
	free(dbs);
	dbs = NULL;
	nr_dbs = alloc_dbs = 0;
}

/* ---- the access-log writer -------------------------------------------- */

static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_cond = PTHREAD_COND_INITIALIZER;
static pthread_cond_t q_done = PTHREAD_COND_INITIALIZER;
static struct access_entry *queue;
static size_t q_n, q_alloc;
static unsigned long long q_enqueued, q_written, q_fail_lo, q_fail_hi;
static int q_urgent, q_stop;
static pthread_t q_thread;
static struct db *q_db;

static int access_sink(const struct access_entry *e, int wait)
{
	unsigned long long mine;
	int rc = ST_OK;

	pthread_mutex_lock(&q_lock);
	ALLOC_GROW(queue, q_n + 1, q_alloc);
	queue[q_n++] = *e;
	mine = ++q_enqueued;
	if (wait)
		q_urgent = 1;
	/* The writer sleeps on the condition only while the queue is empty
	 * (then it batches for up to 20 ms): wake it when that changes. */
	if (q_n == 1 || wait || q_n == 512)
		pthread_cond_signal(&q_cond);
	if (wait) {
		while (q_written < mine)
			pthread_cond_wait(&q_done, &q_lock);
		if (mine >= q_fail_lo && mine <= q_fail_hi)
			rc = ST_DB;
	}
	pthread_mutex_unlock(&q_lock);
	return rc;
}

static void *access_writer(void *arg)
{
	struct access_entry *batch = NULL;
	size_t n, alloc = 0;
	struct error err = ERROR_INIT;

	(void)arg;
	pthread_mutex_lock(&q_lock);
	for (;;) {
		while (!q_n && !q_stop)
			pthread_cond_wait(&q_cond, &q_lock);
		if (!q_n && q_stop)
			break;
		if (!q_urgent && !q_stop && q_n < 512) {
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_nsec += 20 * 1000000;
			if (ts.tv_nsec >= 1000000000) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000;
			}
			pthread_cond_timedwait(&q_cond, &q_lock, &ts);
		}
		/* take the queue */
		struct access_entry *t = batch;
		size_t ta = alloc;
		batch = queue;
		alloc = q_alloc;
		n = q_n;
		queue = t;
		q_alloc = ta;
		q_n = 0;
		q_urgent = 0;
		unsigned long long hi = q_enqueued;
		pthread_mutex_unlock(&q_lock);

		error_clear(&err);
		server_write_lock();
		int rc = access_write_batch(q_db, batch, n, &err);
		server_write_unlock();
		if (rc)
			log_line(LOG_ERROR, "", "access log: %s", err.message);

		pthread_mutex_lock(&q_lock);
		if (rc) {
			q_fail_lo = hi - n + 1;
			q_fail_hi = hi;
		}
		q_written = hi;
		pthread_cond_broadcast(&q_done);
	}
	pthread_mutex_unlock(&q_lock);
	free(batch);
	return NULL;
}

/* ---- requests --------------------------------------------------------- */

static void log_request(const struct request *req, int http)
{
	char extra[512];
	long long us = now_us() - req->started_us;

	snprintf(extra, sizeof(extra),
		 "\"rid\":\"%s\",\"method\":\"%s\",\"status\":%d,\"us\":%lld,\"ip\":\"%s\","
		 "\"user\":\"%s\"",
		 req->rid, req->method, http, us, req->ip,
		 req->authenticated ? req->auth.user.login : "");
	/* the path is escaped by log_line as part of the message */
	log_line(http >= 500 ? LOG_ERROR : LOG_INFO, extra, "%s", req->path);
}

static enum MHD_Result respond(struct request *req, struct reply *rep)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	int is_api = !strncmp(req->path, "/api/", 5);

	if (req->reading) {
		db_read_end(req->db);
		req->reading = 0;
	}
	if (rep->fd >= 0) {
		resp = MHD_create_response_from_fd64((uint64_t)rep->fd_size, rep->fd);
		rep->fd = -1;
	} else {
		resp = MHD_create_response_from_buffer(rep->len, rep->body,
						       MHD_RESPMEM_MUST_FREE);
		rep->body = NULL;
	}
	if (!resp) {
		reply_release(rep);
		return MHD_NO;
	}
	if (rep->content_type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, rep->content_type);
	MHD_add_response_header(resp, "X-Request-Id", req->rid);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	if (is_api)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	else
		MHD_add_response_header(resp, "Content-Security-Policy",
					"default-src 'self'; img-src 'self' data:; "
					"frame-ancestors 'none'");
	for (int i = 0; i < rep->nr_headers; i++)
		MHD_add_response_header(resp, rep->headers[i].name, rep->headers[i].value);
	if (rep->http == 429)
		MHD_add_response_header(resp, "Retry-After", "5");
	ret = MHD_queue_response(req->conn, (unsigned)rep->http, resp);
	MHD_destroy_response(resp);
	log_request(req, rep->http);
	reply_release(rep);
	return ret;
}

/* An error reply; a 500 (whose body names only the request id) is logged. */
static int fail(struct request *req, struct reply *rep, int status,
		const char *field, const char *msg)
{
	if (reply_http_status(status, &(const char *){ NULL }) == 500)
		log_line(LOG_ERROR, "", "request %s: %s", req->rid, msg ? msg : status_code(status));
	return reply_error(rep, status, field, msg, req->rid);
}

/* An error reply from a whole record (its code, params and rule kept). */
static int fail_record(struct request *req, struct reply *rep, const struct error *e)
{
	if (reply_http_status(e->status, &(const char *){ NULL }) == 500)
		log_line(LOG_ERROR, "", "request %s: %s", req->rid, e->message);
	return reply_error_record(rep, e->status, e, req->rid);
}

static int state_changing(const char *m)
{
	return strcmp(m, "GET") && strcmp(m, "HEAD") && strcmp(m, "OPTIONS");
}

/* Origin, when sent, must be this server (http or https on the Host). */
static int origin_ok(const struct request *req)
{
	const char *origin = req_header(req, "Origin");
	const char *host = req_header(req, MHD_HTTP_HEADER_HOST);
	char a[300], b[300];

	if (!origin)
		return 1;
	if (!host)
		return 0;
	snprintf(a, sizeof(a), "http://%s", host);
	snprintf(b, sizeof(b), "https://%s", host);
	return !strcmp(origin, a) || !strcmp(origin, b);
}

/* req->actor = prefix + name, cut to fit (no printf: every request). */
static void set_actor(struct request *req, const char *prefix, const char *name)
{
	size_t a = strlen(prefix), b = strlen(name), cap = sizeof(req->actor) - 1;

	if (a > cap)
		a = cap;
	if (b > cap - a)
		b = cap - a;
	memcpy(req->actor, prefix, a);
	memcpy(req->actor + a, name, b);
	req->actor[a + b] = '\0';
}

static enum MHD_Result dispatch(struct request *req)
{
	const struct route *rt = req->route;
	struct reply rep;
	struct error err = ERROR_INIT;
	int rc;

	reply_init(&rep);
	if ((rt->flags & R_BODY) && req->body_over_budget) {
		reply_header(&rep, "Retry-After", "5");
		fail(req, &rep, ST_HTTP_UNAVAILABLE, NULL,
		     "the server is receiving too many request bodies; try again later");
		return respond(req, &rep);
	}
	if ((rt->flags & R_BODY) && req->body_too_big) {
		fail(req, &rep, ST_TOO_BIG, NULL, "the request body is too large");
		return respond(req, &rep);
	}
	if ((rt->flags & R_BODY) && !(rt->flags & R_RAW) && req->body.len &&
	    !req_content_type_is(req, "application/json")) {
		fail(req, &rep, ST_HTTP_MEDIA, NULL, "the body must be application/json");
		return respond(req, &rep);
	}
	/* Reading routes run in one read transaction (one snapshot, the file
	 * locks taken once); writing routes in the transactions of ops/. */
	if (!(rt->flags & R_WRITES)) {
		if (db_read_begin(req->db, &err)) {
			fail(req, &rep, err.status, NULL, err.message);
			return respond(req, &rep);
		}
		req->reading = 1;
	}
	audit_context(req->db, req->actor, rt->name);
	if (rt->flags & R_WRITES)
		server_write_lock();
	rc = rt->fn(req, &rep);
	if (rt->flags & R_WRITES)
		server_write_unlock();
	if (req->reading) {
		db_read_end(req->db);
		req->reading = 0;
	}
	audit_context(req->db, "http:none", NULL);
	if (rc || !rep.http) {
		int st = req->err.status ? req->err.status : (rc ? rc : ST_INTERNAL);
		if (reply_http_status(st, &(const char *){ NULL }) == 500)
			log_line(LOG_ERROR, "", "request %s: %s", req->rid, req->err.message);
		reply_release(&rep);
		reply_error_record(&rep, st, &req->err, req->rid);
	}
	return respond(req, &rep);
}

/* "%08x%08x" of prefix and n, without the printf machinery. */
static void format_rid(char out[17], unsigned prefix, unsigned n)
{
	static const char hex[] = "0123456789abcdef";

	for (int i = 0; i < 8; i++) {
		out[i] = hex[(prefix >> (28 - 4 * i)) & 15];
		out[8 + i] = hex[(n >> (28 - 4 * i)) & 15];
	}
	out[16] = '\0';
}

static void client_ip(struct MHD_Connection *conn, char *buf, size_t size)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

	snprintf(buf, size, "?");
	if (!ci || !ci->client_addr)
		return;
	if (ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr,
			  buf, (socklen_t)size);
	else if (ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr,
			  buf, (socklen_t)size);
}

/* ---- connections and their deadlines -------------------------------- */

enum conn_phase { PHASE_HEADERS, PHASE_BODY, PHASE_BUSY };

/* Per TCP connection: the client address (formatted once: keep-alive
 * connections carry many requests) and what the watchdog needs. */
struct conn_ctx {
	char ip[64];
	int fd;
	enum conn_phase phase;        /* under conns_lock */
	long long phase_us;           /* when the phase began */
	unsigned long long body_bytes;
	int closing;                  /* the watchdog shut it down */
	int bad_escape;               /* the path or query held %00 */
	struct conn_ctx *prev, *next;
};

static pthread_mutex_t conns_lock = PTHREAD_MUTEX_INITIALIZER;
static struct conn_ctx *conns;
static pthread_t watchdog_thread;
static int watchdog_stop;
static pthread_cond_t watchdog_cond = PTHREAD_COND_INITIALIZER;

static void conn_phase(struct conn_ctx *c, enum conn_phase p)
{
	if (!c)
		return;
	pthread_mutex_lock(&conns_lock);
	c->phase = p;
	c->phase_us = now_us();
	c->body_bytes = 0;
	pthread_mutex_unlock(&conns_lock);
}

static void conn_body_bytes(struct conn_ctx *c, size_t n)
{
	if (!c)
		return;
	pthread_mutex_lock(&conns_lock);
	c->body_bytes += n;
	pthread_mutex_unlock(&conns_lock);
}

/*
 * Every 200 ms: shuts down (the socket; libmicrohttpd then closes the
 * connection as a client that went away) every connection whose request
 * headers have taken longer than the header deadline, and every one whose
 * body, after its first seconds, has come slower than the minimum rate.
 * The entry leaves the list (NOTIFY_CLOSED) before its socket is closed,
 * so the descriptor shut down here is always still the connection's.
 */
static void *watchdog(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&conns_lock);
	while (!watchdog_stop) {
		struct timespec ts;
		long long now = now_us();
		long long hdr_us = (long long)opts->header_timeout_s * 1000000;

		for (struct conn_ctx *c = conns; c; c = c->next) {
			long long age = now - c->phase_us;
			const char *why = NULL;
			if (c->closing)
				continue;
			if (c->phase == PHASE_HEADERS && age > hdr_us)
				why = "request headers not complete in time";
			else if (c->phase == PHASE_BODY && opts->body_min_rate && age > BODY_GRACE_US &&
				 c->body_bytes < (unsigned long long)(opts->body_min_rate *
								      (double)age / 1e6))
				why = "request body slower than the minimum rate";
			if (why) {
				c->closing = 1;
				shutdown(c->fd, SHUT_RDWR);
				log_line(LOG_WARN, "", "%s: closing a connection from %s", why, c->ip);
			}
		}
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 200 * 1000000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&watchdog_cond, &conns_lock, &ts);
	}
	pthread_mutex_unlock(&conns_lock);
	return NULL;
}

static void on_connection(void *cls, struct MHD_Connection *conn,
			  void **socket_context, enum MHD_ConnectionNotificationCode toe)
{
	(void)cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		struct conn_ctx *c = xcalloc(1, sizeof(*c));
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		client_ip(conn, c->ip, sizeof(c->ip));
		c->fd = ci ? ci->connect_fd : -1;
		c->phase = PHASE_HEADERS;
		c->phase_us = now_us();
		pthread_mutex_lock(&conns_lock);
		if (c->fd >= 0) {
			c->next = conns;
			if (conns)
				conns->prev = c;
			conns = c;
		}
		pthread_mutex_unlock(&conns_lock);
		*socket_context = c;
	} else if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
		struct conn_ctx *c = *socket_context;
		if (c) {
			pthread_mutex_lock(&conns_lock);
			if (c->prev)
				c->prev->next = c->next;
			else if (conns == c)
				conns = c->next;
			if (c->next)
				c->next->prev = c->prev;
			pthread_mutex_unlock(&conns_lock);
		}
		free(c);
		*socket_context = NULL;
	}
}

static struct conn_ctx *conn_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci ? ci->socket_context : NULL;
}

/*
 * The URL decoding of the path and the query: libmicrohttpd's own, except
 * that a %00 (which would cut the text short: "/index.html%00.js") becomes
 * 0x01 and marks the request, which is then refused (400).
 */
static size_t on_unescape(void *cls, struct MHD_Connection *conn, char *s)
{
	size_t n = MHD_http_unescape(s);

	(void)cls;
	if (strlen(s) != n) {
		struct conn_ctx *c = conn_of(conn);
		for (size_t i = 0; i < n; i++)
			if (!s[i])
				s[i] = 1;
		if (c)
			c->bad_escape = 1;
	}
	return n;
}

/* ---- checks made when the headers are in ------------------------------ */

struct framing {
	int content_length, transfer_encoding, bad;
};

static enum MHD_Result count_framing(void *cls, enum MHD_ValueKind kind,
				     const char *key, const char *value)
{
	struct framing *f = cls;

	(void)kind;
	if (!strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH)) {
		f->content_length++;
		if (!value || !*value || strspn(value, "0123456789") != strlen(value) ||
		    strlen(value) > 18)
			f->bad = 1;
	} else if (!strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING)) {
		f->transfer_encoding++;
		if (!value || strcasecmp(value, "chunked"))
			f->bad = 1;
	}
	return MHD_YES;
}

/* Text from the client: UTF-8 without control characters. */
static int clean_text(const char *s)
{
	if (!s)
		return 1;
	for (const unsigned char *u = (const unsigned char *)s; *u; u++)
		if (*u < 0x20 || *u == 0x7f)
			return 0;
	return utf8_valid(s, strlen(s));
}

static enum MHD_Result check_arg(void *cls, enum MHD_ValueKind kind,
				 const char *key, const char *value)
{
	int *bad = cls;

	(void)kind;
	if (!clean_text(key) || !clean_text(value)) {
		*bad = 1;
		return MHD_NO;
	}
	return MHD_YES;
}

/* 0, or the message of a 400 for a request that is not framed or encoded
 * as this server takes it. */
static const char *request_malformed(struct MHD_Connection *conn, const char *url,
				     struct conn_ctx *c)
{
	struct framing f = { 0, 0, 0 };
	int bad = 0;

	if (c && c->bad_escape) {
		c->bad_escape = 0;
		return "the path or query holds a NUL byte";
	}
	MHD_get_connection_values(conn, MHD_HEADER_KIND, count_framing, &f);
	if (f.content_length > 1)
		return "more than one Content-Length header";
	if (f.transfer_encoding > 1 || (f.transfer_encoding && f.content_length))
		return "Transfer-Encoding with Content-Length, or more than one Transfer-Encoding";
	if (f.bad)
		return "malformed Content-Length or Transfer-Encoding header";
	if (!clean_text(url))
		return "the path is not UTF-8 text";
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, check_arg, &bad);
	if (bad)
		return "the query is not UTF-8 text";
	return NULL;
}

/* Reserves n bytes of the buffered-body memory; 0 when it is full. */
static int body_reserve(struct request *req, size_t n)
{
	size_t cur = atomic_load(&body_memory);

	do {
		if (cur + n > opts->body_memory_max || cur + n < cur)
			return 0;
	} while (!atomic_compare_exchange_weak(&body_memory, &cur, cur + n));
	req->body_reserved += n;
	return 1;
}

/*
 * Authentication (R_AUTH routes), Origin and CSRF (state-changing
 * methods) and the route's operation: 0 when the request may go on, else
 * the status with rep filled. Runs before the body is read.
 */
static int admit(struct request *req, struct reply *rep)
{
	const struct route *rt = req->route;
	struct error err = ERROR_INIT;

	set_actor(req, "anonymous@", req->ip);
	if (rt->flags & R_AUTH) {
		const char *token = req_cookie(req, cookie_name);
		if (user_session(req->db, token, &req->auth, &err))
			return fail_record(req, rep, &err);
		req->authenticated = 1;
		set_actor(req, "user:", req->auth.user.login);
		if (req->auth.needs_touch) {
			server_write_lock();
			/* Only the last-seen time: a failure is logged, the request goes on. */
			if (user_session_touch(req->db, &req->auth, &err))
				log_line(LOG_WARN, "", "request %s: session not touched: %s",
					 req->rid, err.message);
			error_clear(&err);
			server_write_unlock();
		}
	}
	if (state_changing(req->method)) {
		if (!origin_ok(req))
			return fail(req, rep, ST_DENIED, NULL, "cross-origin request refused");
		if (!(rt->flags & R_NO_CSRF)) {
			const char *csrf = req_header(req, "X-CSRF-Token");
			if (!req->authenticated || !csrf ||
			    !crypto_streq(csrf, req->auth.session.csrf))
				return fail(req, rep, ST_DENIED, NULL,
					    "missing or wrong X-CSRF-Token header");
		}
	}
	if ((rt->flags & R_AUTH) && authorize(req->db, &req->auth.user, rt->op, 0, &err))
		return fail_record(req, rep, &err);
	return ST_OK;
}

/*
 * The first call for a request (headers only). Everything that can refuse
 * it without its body does so here: the answer then goes out at once and
 * libmicrohttpd closes the connection without reading the body.
 */
static enum MHD_Result on_headers(struct request *req, struct reply *rep)
{
	struct MHD_Connection *conn = req->conn;
	const char *bad = request_malformed(conn, req->path, req->conn_ctx);
	struct error err = ERROR_INIT;
	char allow[128];
	int known = 0;

	if (bad) {
		fail(req, rep, ST_HTTP_BAD_REQUEST, NULL, bad);
		return respond(req, rep);
	}
	if (strncmp(req->path, "/api/", 5) && strcmp(req->path, "/api")) {
		/* static files: a method other than GET and HEAD is refused now */
		if (strcmp(req->method, "GET") && strcmp(req->method, "HEAD")) {
			static_serve(opts->web_dir, req, rep);
			return respond(req, rep);
		}
		return MHD_YES;
	}
	req->route = route_match(req->method, req->path, req->ids, &req->nr_ids, &known,
				 allow, sizeof(allow));
	if (!req->route) {
		if (known) {
			reply_header(rep, "Allow", allow);
			fail(req, rep, ST_HTTP_METHOD, NULL, "method not allowed here");
		} else {
			fail(req, rep, ST_HTTP_NO_ROUTE, NULL, "no such route");
		}
		return respond(req, rep);
	}
	if (req->route->flags & R_BODY) {
		const char *cl = req_header(req, MHD_HTTP_HEADER_CONTENT_LENGTH);
		unsigned long long n = cl ? strtoull(cl, NULL, 10) : 0;
		if (n > req->route->body_max) {
			fail(req, rep, ST_TOO_BIG, NULL, "the request body is too large");
			return respond(req, rep);
		}
		strbuf_init(&req->body, req->route->body_max);
	}
	if (!(req->db = worker_db(&err))) {
		log_line(LOG_ERROR, "", "database: %s", err.message);
		fail(req, rep, ST_DB, NULL, NULL);
		return respond(req, rep);
	}
	if (admit(req, rep))
		return respond(req, rep);
	if (req->route->flags & R_BODY) {
		const char *cl = req_header(req, MHD_HTTP_HEADER_CONTENT_LENGTH);
		size_t n = cl ? (size_t)strtoull(cl, NULL, 10) : 0;
		if (n && !body_reserve(req, n)) {
			reply_header(rep, "Retry-After", "5");
			fail(req, rep, ST_HTTP_UNAVAILABLE, NULL,
			     "the server is receiving too many request bodies; try again later");
			return respond(req, rep);
		}
	}
	return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
				  const char *url, const char *method,
				  const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	struct request *req = *con_cls;
	struct reply rep;

	(void)cls;
	(void)version;
	if (!req) {
		req = xcalloc(1, sizeof(*req));
		*con_cls = req;
		req->conn = conn;
		req->method = method;
		req->path = url;
		req->started_us = now_us();
		req->export_max_rows = opts->export_max_rows;
		req->export_max_seconds = opts->export_max_seconds;
		req->cookie = cookie_name;
		req->cookie_attrs = cookie_attrs;
		req->conn_ctx = conn_of(conn);
		format_rid(req->rid, rid_prefix, atomic_fetch_add(&rid_counter, 1u));
		if (req->conn_ctx)
			memcpy(req->ip, ((struct conn_ctx *)req->conn_ctx)->ip, sizeof(req->ip));
		else
			client_ip(conn, req->ip, sizeof(req->ip));
		strbuf_init(&req->body, 1);
		conn_phase(req->conn_ctx, PHASE_BODY);
		reply_init(&rep);
		return on_headers(req, &rep);
	}
	if (*upload_data_size) {
		size_t n = *upload_data_size;
		conn_body_bytes(req->conn_ctx, n);
		if (req->route && (req->route->flags & R_BODY) && !req->body_too_big &&
		    !req->body_over_budget) {
			if (req->body.len + n > req->body_reserved &&
			    !body_reserve(req, req->body.len + n - req->body_reserved))
				req->body_over_budget = 1;
			else if (strbuf_add(&req->body, upload_data, n))
				req->body_too_big = 1;
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	conn_phase(req->conn_ctx, PHASE_BUSY);
	reply_init(&rep);
	if (strncmp(url, "/api/", 5) && strcmp(url, "/api")) {
		static_serve(opts->web_dir, req, &rep);
		return respond(req, &rep);
	}
	return dispatch(req);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct request *req = *con_cls;

	(void)cls;
	(void)toe;
	conn_phase(conn_of(conn), PHASE_HEADERS);
	if (!req)
		return;
	atomic_fetch_sub(&body_memory, req->body_reserved);
	strbuf_release(&req->body);
	free(req);
	*con_cls = NULL;
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];

	(void)cls;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	msg[strcspn(msg, "\n")] = '\0';
	log_line(LOG_WARN, "\"src\":\"microhttpd\"", "%s", msg);
}

static int parse_listen(const char *s, struct sockaddr_in *sin, struct error *err)
{
	char host[64];
	const char *colon = strrchr(s, ':');
	char *end;
	long port;

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	if (!colon || (size_t)(colon - s) >= sizeof(host))
		return error_set(err, ST_INVALID, "listen", "--listen takes HOST:PORT");
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535 || !colon[1])
		return error_set(err, ST_INVALID, "listen", "bad port in '%s'", s);
	if (inet_pton(AF_INET, host, &sin->sin_addr) != 1)
		return error_set(err, ST_INVALID, "listen",
				 "'%s' is not an IPv4 address", host);
	sin->sin_port = htons((uint16_t)port);
	return ST_OK;
}

int server_run(const struct server_options *o, struct error *err)
{
	struct sockaddr_in sin, bound;
	socklen_t blen = sizeof(bound);
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	sigset_t set;
	int sig, rc;
	char host[64];
	struct strbuf cert = STRBUF_INIT, key = STRBUF_INIT;
	struct MHD_OptionItem tls[3] = { { MHD_OPTION_END, 0, NULL } };
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG |
			 MHD_USE_TURBO;
	const char *scheme = "http";

	opts = o;
	if ((rc = parse_listen(o->listen, &sin, err)))
		return rc;
	if (o->tls_cert || o->tls_key) {
		if (!o->tls_cert || !o->tls_key)
			return error_set(err, ST_INVALID, o->tls_cert ? "tls-key" : "tls-cert",
					 "--tls-cert and --tls-key go together");
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
			return error_set(err, ST_UNSUPPORTED, "tls-cert",
					 "this libmicrohttpd is built without TLS");
		strbuf_init(&cert, 1024 * 1024);
		strbuf_init(&key, 1024 * 1024);
		int bad_cert = strbuf_read_file(&cert, o->tls_cert) != ST_OK;
		if (bad_cert || strbuf_read_file(&key, o->tls_key)) {
			strbuf_release(&cert);
			strbuf_release(&key);
			return error_set(err, ST_IO, bad_cert ? "tls-cert" : "tls-key",
					 "cannot read %s", bad_cert ? o->tls_cert : o->tls_key);
		}
		tls[0] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_CERT, 0, cert.buf };
		tls[1] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_KEY, 0, key.buf };
		flags |= MHD_USE_TLS;
		scheme = "https";
		/* RFC 6265bis: a __Host- cookie is Secure, has Path=/ and no Domain. */
		cookie_name = "__Host-ow_session";
		cookie_attrs = "HttpOnly; SameSite=Strict; Path=/; Secure";
	} else if (o->behind_tls) {
		cookie_name = "ow_session";
		cookie_attrs = "HttpOnly; SameSite=Strict; Path=/; Secure";
	} else {
		cookie_name = "ow_session";
		cookie_attrs = "HttpOnly; SameSite=Strict; Path=/";
	}
	atomic_store(&body_memory, 0);
	crypto_random(&rid_prefix, sizeof(rid_prefix));
	if (db_open(o->db_path, DB_OPEN_EXISTING, &q_db, err))
		return err->status;

	/* Signals: handled by sigwait in this thread only. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	access_set_sink(access_sink);
	if (pthread_create(&q_thread, NULL, access_writer, NULL)) {
		db_close(q_db);
		return error_set(err, ST_INTERNAL, NULL, "cannot start the log writer");
	}

	watchdog_stop = 0;
	if (pthread_create(&watchdog_thread, NULL, watchdog, NULL)) {
		rc = error_set(err, ST_INTERNAL, NULL, "cannot start the connection watchdog");
		goto stop_writer;
	}

	d = MHD_start_daemon(
		flags, 0, NULL, NULL,
		on_request, NULL,
		/* first, so that libmicrohttpd's own messages about the
		 * options that follow reach the log too */
		MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(o->threads > 0 ? o->threads : 1),
		MHD_OPTION_CONNECTION_LIMIT, o->conn_limit,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, o->per_ip_limit,
		MHD_OPTION_CONNECTION_TIMEOUT, o->timeout_s,
		/* The pool holds the request line, headers and read buffer (and
		 * libmicrohttpd zeroes all of it for every request): 16 KiB is
		 * ample for this API, whose only cookie is the session token. */
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(16 * 1024),
		MHD_OPTION_STRICT_FOR_CLIENT, (int)1,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL,
		MHD_OPTION_UNESCAPE_CALLBACK, on_unescape, NULL,
		MHD_OPTION_ARRAY, tls,
		MHD_OPTION_END);
	if (!d) {
		rc = error_set(err, ST_IO, "listen", "cannot listen on %s%s", o->listen,
			       o->tls_cert ? " (or the TLS certificate and key are not usable)" : "");
		goto stop_watchdog;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_LISTEN_FD);
	if (info && !getsockname(info->listen_fd, (struct sockaddr *)&bound, &blen))
		sin.sin_port = bound.sin_port;
	inet_ntop(AF_INET, &sin.sin_addr, host, sizeof(host));
	printf("listening on %s://%s:%u\n", scheme, host, ntohs(sin.sin_port));
	fflush(stdout);
	log_line(LOG_INFO, "", "listening on %s://%s:%u (%d threads)", scheme, host,
		 ntohs(sin.sin_port), o->threads);

	while (sigwait(&set, &sig) == 0 && sig != SIGTERM && sig != SIGINT)
		;
	log_line(LOG_INFO, "", "signal %d: stopping", sig);
	/* Stop accepting, let requests in flight finish (at most 10 s). */
	MHD_quiesce_daemon(d);
	for (int i = 0; i < 1000; i++) {
		info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
		if (!info || info->num_connections == 0)
			break;
		usleep(10000);
	}
	MHD_stop_daemon(d);
	rc = ST_OK;
stop_watchdog:
	pthread_mutex_lock(&conns_lock);
	watchdog_stop = 1;
	pthread_cond_signal(&watchdog_cond);
	pthread_mutex_unlock(&conns_lock);
	pthread_join(watchdog_thread, NULL);
stop_writer:
	pthread_mutex_lock(&q_lock);
	q_stop = 1;
	pthread_cond_signal(&q_cond);
	pthread_mutex_unlock(&q_lock);
	pthread_join(q_thread, NULL);
	access_set_sink(NULL);
	free(queue);
	queue = NULL;
	db_close(q_db);
	close_dbs();
	strbuf_release(&cert);
	strbuf_release(&key);
	log_line(LOG_INFO, "", "stopped");
	return rc;
}
