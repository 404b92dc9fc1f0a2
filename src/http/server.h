/*
 * server.h - the HTTP server of 'orgwork serve' (libmicrohttpd).
 *
 * Runs the route table (http/routes.h) and the static web UI on a thread
 * pool; each worker thread has its own database connection; writes are
 * serialized by one writer mutex (server_write_lock) on top of SQLite's
 * WAL and busy timeout. Access-log rows are written in batches by one
 * thread. Not for: handlers (api/).
 */
#ifndef OW_HTTP_SERVER_H
#define OW_HTTP_SERVER_H

#include "core/error.h"

struct server_options {
	const char *db_path;
	const char *listen;        /* "127.0.0.1:8080"; port 0 picks a free one */
	const char *web_dir;       /* NULL: no static files */
	int threads;               /* worker threads (>= 1) */
	unsigned conn_limit;       /* total connections */
	unsigned per_ip_limit;     /* connections per client address */
	unsigned timeout_s;        /* idle connection timeout */
	long long export_max_rows; /* caps of GET /export (formats/export.h) */
	int export_max_seconds;
	unsigned header_timeout_s; /* request line and headers complete within */
	unsigned body_min_rate;    /* bytes/s a body must keep (after a grace) */
	size_t body_memory_max;    /* request bodies buffered at once, all requests */
	int behind_tls;            /* cookies carry Secure */
	const char *tls_cert;      /* PEM files: serve HTTPS itself */
	const char *tls_key;
};

/*
 * Starts the server, prints "listening on http://HOST:PORT" on stdout and
 * serves until SIGTERM or SIGINT, then stops accepting, finishes the
 * requests in flight, flushes the access log and closes the databases.
 */
int server_run(const struct server_options *opt, struct error *err);

/* The one writer lock (for writes outside WRITES routes: session touch). */
void server_write_lock(void);
void server_write_unlock(void);

#endif
