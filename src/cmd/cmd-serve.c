/*
 * cmd-serve.c - 'orgwork serve': the JSON API and the web UI over HTTP.
 *
 *   serve [--listen HOST:PORT] [--web DIR] [--threads N]
 *         [--max-connections N] [--per-ip N] [--timeout SECONDS]
 *         [--header-timeout SECONDS] [--body-min-rate BYTES/S]
 *         [--body-memory MIB] [--behind-tls | --tls-cert FILE --tls-key FILE]
 *         [--snapshot FILE] [--export-max-rows N] [--export-max-seconds S]
 *         [--login-fails N] [--login-address-fails N]
 *         [--login-delay S] [--login-max-delay S] [--login-window S]
 *   serve --print-routes
 *
 * The statistics engine (ops/stats-live.h) is built at start, or loaded
 * from the --snapshot file when it matches the database, and the snapshot
 * is written again when the server stops.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/options.h"
#include "core/log.h"
#include "formats/export.h"
#include "http/routes.h"
#include "http/server.h"
#include "ops/stats-live.h"
#include "ops/users.h"

static const char usage[] =
	"usage: orgwork [--db PATH] serve [--listen HOST:PORT] [--web DIR] [--threads N]\n"
	"                                 [--max-connections N] [--per-ip N] [--timeout S]\n"
	"                                 [--header-timeout S] [--body-min-rate BYTES]\n"
	"                                 [--body-memory MIB]\n"
	"                                 [--behind-tls | --tls-cert FILE --tls-key FILE]\n"
	"                                 [--log-level debug|info|warn|error]\n"
	"                                 [--snapshot FILE] [--accept-schema-changes]\n"
	"                                 [--export-max-rows N] [--export-max-seconds S]\n"
	"                                 [--login-fails N] [--login-address-fails N]\n"
	"                                 [--login-delay S] [--login-max-delay S]\n"
	"                                 [--login-window S]\n"
	"       orgwork serve --print-routes\n"
	"Serves the JSON API under /api/v1 and the web UI from DIR (default: the\n"
	"web/ directory next to the build or install, see docs/cli-server.md).\n"
	"--listen 127.0.0.1:0 picks a free port; the address is printed on stdout.\n"
	"Stops cleanly on SIGTERM or SIGINT.\n"
	"Limits (defaults): --max-connections 1024, --per-ip 64 connections of one\n"
	"address, --timeout 30 s idle, --header-timeout 30 s for the request line and\n"
	"headers, --body-min-rate 8192 bytes/s a body keeps after its first 10 s,\n"
	"--body-memory 256 MiB of request bodies buffered at once.\n"
	"--behind-tls: a TLS proxy is in front (the session cookie is Secure);\n"
	"--tls-cert/--tls-key: PEM files, HTTPS served here (cookie __Host-ow_session).\n"
	"--snapshot FILE: start the statistics engine from FILE when it matches the\n"
	"database (else build it and write FILE); FILE is written again at the stop.\n"
	"The schema is compared with the one orgwork's migrations make before the\n"
	"server starts: a missing, changed or extra table, index or trigger (an audit\n"
	"trigger dropped, say) is named and the server refuses to start, unless\n"
	"--accept-schema-changes is given (then it starts and logs each difference).\n"
	"--export-max-rows N (default 1000000), --export-max-seconds S (default 600):\n"
	"caps of GET /api/v1/export; an export over a cap fails with 413.\n"
	"Login throttle (docs/security.md): --login-fails failures of one name from\n"
	"one address (5) or --login-address-fails from one address (50) lock it for\n"
	"--login-delay seconds (15), doubled per further failure up to\n"
	"--login-max-delay (900); failures are forgotten after --login-window (3600).\n";

enum { O_LISTEN, O_WEB, O_THREADS, O_MAXCONN, O_PERIP, O_TIMEOUT, O_ROUTES, O_LOG,
       O_SNAPSHOT, O_ACCEPT_SCHEMA, O_EXPORT_ROWS, O_EXPORT_SECONDS, O_HDR_TIMEOUT,
       O_MIN_RATE, O_BODY_MEM, O_BEHIND_TLS, O_TLS_CERT, O_TLS_KEY, O_LFAILS, O_LADDR,
       O_LDELAY, O_LMAX, O_LWINDOW };

static const struct opt_spec specs[] = {
	{ "listen", 1, O_LISTEN }, { "web", 1, O_WEB }, { "threads", 1, O_THREADS },
	{ "max-connections", 1, O_MAXCONN }, { "per-ip", 1, O_PERIP },
	{ "timeout", 1, O_TIMEOUT }, { "print-routes", 0, O_ROUTES },
	{ "log-level", 1, O_LOG }, { "snapshot", 1, O_SNAPSHOT },
	{ "accept-schema-changes", 0, O_ACCEPT_SCHEMA },
	{ "export-max-rows", 1, O_EXPORT_ROWS }, { "export-max-seconds", 1, O_EXPORT_SECONDS },
	{ "header-timeout", 1, O_HDR_TIMEOUT }, { "body-min-rate", 1, O_MIN_RATE },
	{ "body-memory", 1, O_BODY_MEM }, { "behind-tls", 0, O_BEHIND_TLS },
	{ "tls-cert", 1, O_TLS_CERT }, { "tls-key", 1, O_TLS_KEY },
	{ "login-fails", 1, O_LFAILS }, { "login-address-fails", 1, O_LADDR },
	{ "login-delay", 1, O_LDELAY }, { "login-max-delay", 1, O_LMAX },
	{ "login-window", 1, O_LWINDOW }, { NULL, 0, 0 },
};

struct serve_args {
	struct server_options o;
	struct login_throttle_settings t;
	int print_routes;
	int accept_schema;
	const char *snapshot;
	char web[PATH_MAX];
};

static int number(const char *name, const char *v, long min, long max, long *out,
		  struct error *err)
{
	char *end;

	errno = 0;
	*out = strtol(v, &end, 10);
	if (errno || *end || !*v || *out < min || *out > max)
		return error_set(err, ST_INVALID, name, "--%s takes %ld..%ld", name, min, max);
	return ST_OK;
}

static int on_opt(int id, const char *name, const char *v, void *ctx, struct error *err)
{
	struct serve_args *a = ctx;
	long n;
	int rc = ST_OK;

	switch (id) {
	case O_LISTEN: a->o.listen = v; break;
	case O_WEB: a->o.web_dir = v; break;
	case O_THREADS:
		if (!(rc = number(name, v, 1, 256, &n, err)))
			a->o.threads = (int)n;
		break;
	case O_MAXCONN:
		if (!(rc = number(name, v, 1, 100000, &n, err)))
			a->o.conn_limit = (unsigned)n;
		break;
	case O_PERIP:
		if (!(rc = number(name, v, 1, 100000, &n, err)))
			a->o.per_ip_limit = (unsigned)n;
		break;
	case O_TIMEOUT:
		if (!(rc = number(name, v, 1, 3600, &n, err)))
			a->o.timeout_s = (unsigned)n;
		break;
	case O_EXPORT_ROWS:
		if (!(rc = number(name, v, 1, 100000000, &n, err)))
			a->o.export_max_rows = n;
		break;
	case O_EXPORT_SECONDS:
		if (!(rc = number(name, v, 1, 86400, &n, err)))
			a->o.export_max_seconds = (int)n;
		break;
	case O_HDR_TIMEOUT:
		if (!(rc = number(name, v, 1, 3600, &n, err)))
			a->o.header_timeout_s = (unsigned)n;
		break;
	case O_MIN_RATE:
		if (!(rc = number(name, v, 0, 1L << 30, &n, err)))
			a->o.body_min_rate = (unsigned)n;
		break;
	case O_BODY_MEM:
		if (!(rc = number(name, v, 1, 1L << 20, &n, err)))
			a->o.body_memory_max = (size_t)n * 1024 * 1024;
		break;
	case O_BEHIND_TLS: a->o.behind_tls = 1; break;
	case O_TLS_CERT: a->o.tls_cert = v; break;
	case O_TLS_KEY: a->o.tls_key = v; break;
	case O_LFAILS:
		if (!(rc = number(name, v, 1, 1000, &n, err)))
			a->t.account_fails = (int)n;
		break;
	case O_LADDR:
		if (!(rc = number(name, v, 1, 100000, &n, err)))
			a->t.address_fails = (int)n;
		break;
	case O_LDELAY:
		if (!(rc = number(name, v, 1, 86400, &n, err)))
			a->t.base_delay = n;
		break;
	case O_LMAX:
		if (!(rc = number(name, v, 1, 86400, &n, err)))
			a->t.max_delay = n;
		break;
	case O_LWINDOW:
		if (!(rc = number(name, v, 1, 30 * 86400, &n, err)))
			a->t.window = n;
		break;
	case O_ROUTES: a->print_routes = 1; break;
	case O_SNAPSHOT: a->snapshot = v; break;
	case O_ACCEPT_SCHEMA: a->accept_schema = 1; break;
	case O_LOG:
		if (!strcmp(v, "debug"))
			log_set_level(LOG_DEBUG);
		else if (!strcmp(v, "info"))
			log_set_level(LOG_INFO);
		else if (!strcmp(v, "warn"))
			log_set_level(LOG_WARN);
		else if (!strcmp(v, "error"))
			log_set_level(LOG_ERROR);
		else
			rc = error_set(err, ST_INVALID, name, "--log-level: debug info warn error");
		break;
	}
	return rc;
}

/* <dir of the binary>/../web, else the installed share directory. */
static const char *default_web(char *buf, size_t size)
{
	char exe[PATH_MAX];
	struct stat sb;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n > 0) {
		exe[n] = '\0';
		snprintf(buf, size, "%s/../web", dirname(exe));
		if (!stat(buf, &sb) && S_ISDIR(sb.st_mode))
			return buf;
	}
	snprintf(buf, size, "/usr/local/share/orgwork/web");
	if (!stat(buf, &sb) && S_ISDIR(sb.st_mode))
		return buf;
	snprintf(buf, size, "/usr/share/orgwork/web");
	if (!stat(buf, &sb) && S_ISDIR(sb.st_mode))
		return buf;
	return NULL;
}

int cmd_serve(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct serve_args a;
	struct opts_result res;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage, stdout);
		return EXIT_OK;
	}
	memset(&a, 0, sizeof(a));
	a.o.listen = "127.0.0.1:8080";
	a.o.threads = cpus > 0 ? (int)cpus : 2;
	a.o.conn_limit = 1024;
	a.o.per_ip_limit = 64;
	a.o.timeout_s = 30;
	a.o.export_max_rows = EXPORT_MAX_ROWS_DEFAULT;
	a.o.export_max_seconds = EXPORT_MAX_SECONDS_DEFAULT;
	a.o.header_timeout_s = 30;
	a.o.body_min_rate = 8192;
	a.o.body_memory_max = (size_t)256 * 1024 * 1024;
	user_throttle_defaults(&a.t);
	if (opts_parse(argc, argv, specs, on_opt, &a, &res, &err)) {
		cmd_report(&err);
		return cmd_usage(usage);
	}
	if (res.nr_positional)
		return cmd_usage(usage);
	if (!a.o.tls_cert != !a.o.tls_key) {
		error_set(&err, ST_INVALID, a.o.tls_cert ? "tls-key" : "tls-cert",
			  "--tls-cert and --tls-key go together");
		cmd_report(&err);
		return cmd_usage(usage);
	}
	if (a.t.max_delay < a.t.base_delay || a.t.window < a.t.max_delay) {
		error_set(&err, ST_INVALID, "login-window",
			  "--login-delay <= --login-max-delay <= --login-window");
		cmd_report(&err);
		return cmd_usage(usage);
	}
	user_throttle_configure(&a.t);
	if (a.print_routes) {
		routes_print();
		return EXIT_OK;
	}
	if (!a.o.web_dir)
		a.o.web_dir = default_web(a.web, sizeof(a.web));
	a.o.db_path = ctx->db_path;
	/* a schema changed behind orgwork's back (an audit trigger dropped)
	 * would let writes go unrecorded: refuse it unless told otherwise */
	int diffs = 0, src = cmd_schema_check(ctx->db, &diffs);
	if (src)
		return src;
	if (diffs && !a.accept_schema) {
		fprintf(stderr, "orgwork: %s: the schema differs from the one orgwork made in"
			" %d place%s; not serving (see 'orgwork check';"
			" --accept-schema-changes serves anyway)\n", ctx->db_path, diffs,
			diffs == 1 ? "" : "s");
		return EXIT_FAIL;
	}
	if (diffs)
		log_line(LOG_WARN, "", "serving a database whose schema differs from orgwork's"
			 " in %d place%s (--accept-schema-changes)", diffs, diffs == 1 ? "" : "s");
	/* The statistics engine keeps the command's connection for itself;
	 * the server opens one connection per worker thread. */
	if (stats_live_start(ctx->db, a.snapshot, &err))
		return cmd_report(&err);
	int rc = server_run(&a.o, &err);
	struct error serr = ERROR_INIT;
	if (stats_live_stop(&serr))
		cmd_report(&serr);
	if (rc)
		return cmd_report(&err);
	return EXIT_OK;
}
