/*
 * cmd-serve.c - 'orgwork serve': the JSON API and the web UI over HTTP.
 *
 *   serve [--listen HOST:PORT] [--web DIR] [--threads N]
 *         [--max-connections N] [--per-ip N] [--timeout SECONDS]
 *         [--snapshot FILE] [--login-fails N] [--login-address-fails N]
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
#include "http/routes.h"
#include "http/server.h"
#include "ops/stats-live.h"
#include "ops/users.h"

static const char usage[] =
	"usage: orgwork [--db PATH] serve [--listen HOST:PORT] [--web DIR] [--threads N]\n"
	"                                 [--max-connections N] [--per-ip N] [--timeout S]\n"
	"                                 [--log-level debug|info|warn|error]\n"
	"                                 [--snapshot FILE]\n"
	"                                 [--login-fails N] [--login-address-fails N]\n"
	"                                 [--login-delay S] [--login-max-delay S]\n"
	"                                 [--login-window S]\n"
	"       orgwork serve --print-routes\n"
	"Serves the JSON API under /api/v1 and the web UI from DIR (default: the\n"
	"web/ directory next to the build or install, see docs/cli-server.md).\n"
	"--listen 127.0.0.1:0 picks a free port; the address is printed on stdout.\n"
	"Stops cleanly on SIGTERM or SIGINT.\n"
	"--snapshot FILE: start the statistics engine from FILE when it matches the\n"
	"database (else build it and write FILE); FILE is written again at the stop.\n"
	"Login throttle (docs/security.md): --login-fails failures of one name from\n"
	"one address (5) or --login-address-fails from one address (50) lock it for\n"
	"--login-delay seconds (15), doubled per further failure up to\n"
	"--login-max-delay (900); failures are forgotten after --login-window (3600).\n";

enum { O_LISTEN, O_WEB, O_THREADS, O_MAXCONN, O_PERIP, O_TIMEOUT, O_ROUTES, O_LOG,
       O_SNAPSHOT, O_LFAILS, O_LADDR, O_LDELAY, O_LMAX, O_LWINDOW };

static const struct opt_spec specs[] = {
	{ "listen", 1, O_LISTEN }, { "web", 1, O_WEB }, { "threads", 1, O_THREADS },
	{ "max-connections", 1, O_MAXCONN }, { "per-ip", 1, O_PERIP },
	{ "timeout", 1, O_TIMEOUT }, { "print-routes", 0, O_ROUTES },
	{ "log-level", 1, O_LOG }, { "snapshot", 1, O_SNAPSHOT },
	{ "login-fails", 1, O_LFAILS }, { "login-address-fails", 1, O_LADDR },
	{ "login-delay", 1, O_LDELAY }, { "login-max-delay", 1, O_LMAX },
	{ "login-window", 1, O_LWINDOW }, { NULL, 0, 0 },
};

struct serve_args {
	struct server_options o;
	struct login_throttle_settings t;
	int print_routes;
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
	a.o.per_ip_limit = 256;
	a.o.timeout_s = 30;
	user_throttle_defaults(&a.t);
	if (opts_parse(argc, argv, specs, on_opt, &a, &res, &err)) {
		cmd_report(&err);
		return cmd_usage(usage);
	}
	if (res.nr_positional)
		return cmd_usage(usage);
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
