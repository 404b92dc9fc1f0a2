/*
 * fuzz-request.c - libFuzzer target: the HTTP request path after the
 * socket, on arbitrary requests. The input is
 *
 *   <user byte>METHOD SP TARGET LF (Name: value LF)* LF body
 *
 * where TARGET ("/orgs/1/members?limit=1&cursor=...") is taken below
 * /api/v1 and the user byte picks who is logged in (an organization
 * officer at the root, a system administrator or an auditor). The request
 * goes the way http/server.c's dispatch sends it: route_match (ids,
 * 404/405), the body cap and content type, the session (a real one,
 * made at start), the route's operation (ops/auth.h), a read transaction
 * for reading routes, then the handler itself on a real database: query
 * arguments and cursors (fake-mhd.c stands in for libmicrohttpd's
 * values), JSON bodies and their decoding into persons, organizations and
 * users, the store and the reply. Routes that work with files, passwords
 * or the session itself (import, export, template, login, logout) are
 * left out: they are the end-to-end tests' to drive.
 *
 * Properties: no crash, no sanitizer report, no 500 (a storage or
 * internal failure on any input is a bug), and every reply has a status.
 * FUZZ_REQUEST_TRACE=1 prints each handled request's outcome. The database lives in a temporary directory removed at exit; writes
 * accumulate across inputs as they would on a server.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api.h"
#include "core/date.h"
#include "http/routes.h"
#include "model/codes.h"
#include "ops/audit.h"
#include "ops/auth.h"
#include "ops/org-ops.h"
#include "ops/stats-live.h"
#include "ops/users.h"
#include "store/db.h"

#include "fake-mhd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PASSWORD "fuzz password 1"
#define NR_USERS 3

static struct db *db, *log_db, *stats_db;
static char dir[64], tokens[NR_USERS][CRYPTO_TOKEN_HEX];
static const char *const logins[NR_USERS] = { "officer", "sysadmin", "auditor" };

static void cleanup(void)
{
	static const char *const files[] = { "db", "db.key", "db-wal", "db-shm" };
	char p[128];

	if (stats_db) {
		struct error err = ERROR_INIT;
		stats_live_stop(&err);   /* closes nothing: stats_db is closed below */
		db_close(stats_db);
		stats_db = NULL;
	}
	if (db)
		db_close(db);
	if (log_db)
		db_close(log_db);
	db = log_db = NULL;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, files[i]);
		unlink(p);
	}
	rmdir(dir);
}

static void die(const char *what, const struct error *err)
{
	fprintf(stderr, "fuzz-request: %s: %s\n", what, err->message);
	abort();
}

static long long add_org(const char *code, long long parent)
{
	struct error err = ERROR_INIT;
	struct org o;

	org_init(&o);
	snprintf(o.code, sizeof(o.code), "%s", code);
	snprintf(o.name, sizeof(o.name), "组织%s", code);
	o.kind = parent ? ORG_BRANCH : ORG_COMMITTEE;
	o.sector = SECTOR_OTHER;
	o.parent_id = parent;
	o.established = date_from_ymd(1990, 1, 1);
	if (org_create(db, &o, "fuzz", NULL, &err))
		die("org", &err);
	return o.id;
}

static int log_in(int who)
{
	struct error err = ERROR_INIT;
	struct login lg;

	if (user_login(db, logins[who], PASSWORD, NULL, "127.0.0.1", &lg, &err))
		return -1;
	memcpy(tokens[who], lg.token, sizeof(tokens[who]));
	return 0;
}

/* The server's access-log sink, without its thread: each row is written
 * at once on a second connection, as the writer thread would. */
static int access_sink(const struct access_entry *e, int wait)
{
	struct error err = ERROR_INIT;

	(void)wait;
	if (access_write_batch(log_db, e, 1, &err))
		die("access log", &err);
	return ST_OK;
}

static void setup(void)
{
	static const int roles[NR_USERS] = { ROLE_ORG_OFFICER, ROLE_SYSADMIN, ROLE_AUDITOR };
	struct error err = ERROR_INIT;
	char path[128], uri[TOTP_URI_SIZE];
	const char *tmp;
	long long root;

	setenv("ORGWORK_PWHASH", "fast", 1);
	setenv("ORGWORK_INSECURE_DEMO", "1", 1);   /* administrators without TOTP */
	/* tmpfs when there is one: the writes' fsyncs cost nothing there */
	tmp = getenv("TMPDIR");
	if (!tmp || strlen(tmp) > 30)
		tmp = access("/dev/shm", W_OK) ? "/tmp" : "/dev/shm";
	snprintf(dir, sizeof(dir), "%s/fuzz-request-XXXXXX", tmp);
	if (!mkdtemp(dir))
		abort();
	atexit(cleanup);
	snprintf(path, sizeof(path), "%s/db", dir);
	if (db_open(path, DB_OPEN_CREATE, &db, &err))
		die("database", &err);
	if (db_open(path, DB_OPEN_EXISTING, &log_db, &err))
		die("database", &err);
	access_set_sink(access_sink);
	if (db_open(path, DB_OPEN_EXISTING, &stats_db, &err) ||
	    stats_live_start(stats_db, NULL, &err))
		die("statistics engine", &err);
	root = add_org("R", 0);
	add_org("A", root);
	for (int i = 0; i < NR_USERS; i++) {
		struct user u;
		memset(&u, 0, sizeof(u));
		snprintf(u.login, sizeof(u.login), "%s", logins[i]);
		u.role = roles[i];
		u.scope_org_id = roles[i] == ROLE_ORG_OFFICER ? root : 0;
		if (user_create(db, &u, PASSWORD, 1, uri, &err) || log_in(i))
			die("user", &err);
	}
}

/* Routes driven here: not the file, password and session ones. */
static int driven(const struct route *rt)
{
	static const char *const skip[] = {
		"session.login", "session.logout", "session.logout_others",
		"import", "export", "template",
	};
	for (size_t i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
		if (!strcmp(rt->name, skip[i]))
			return 0;
	return 1;
}

static void run(struct request *req, int who)
{
	const struct route *rt = req->route;
	struct error err = ERROR_INIT;
	struct reply rep;
	int rc;

	reply_init(&rep);
	if (((rt->flags & R_BODY) && req->body_too_big) ||
	    ((rt->flags & R_BODY) && req->body.len && !req_content_type_is(req, "application/json")))
		goto out;
	if (!(rt->flags & R_WRITES)) {
		if (db_read_begin(db, &err))
			die("read transaction", &err);
		req->reading = 1;
	}
	if (user_session(db, tokens[who], &req->auth, &err)) {
		/* a request of the input disabled or reset the account: back to
		 * a known state by logging in again, or skip */
		error_clear(&err);
		if (req->reading)
			db_read_end(db);
		req->reading = 0;
		log_in(who);
		goto out;
	}
	req->authenticated = 1;
	snprintf(req->actor, sizeof(req->actor), "user:%s", req->auth.user.login);
	if (authorize(db, &req->auth.user, rt->op, 0, &err))
		goto done;
	audit_context(db, req->actor, rt->name);
	rc = rt->fn(req, &rep);
	audit_context(db, "http:none", NULL);
	if (getenv("FUZZ_REQUEST_TRACE"))
		fprintf(stderr, "%s %s -> %d %d %s\n", req->method, req->path, rep.http, rc,
			req->err.message);
	if (rc || !rep.http) {
		int st = req->err.status ? req->err.status : (rc ? rc : ST_INTERNAL);
		if (reply_http_status(st, &(const char *){ NULL }) >= 500) {
			fprintf(stderr, "fuzz-request: %s %s answered %d: %s\n", req->method,
				req->path, st, req->err.message);
			abort();
		}
	}
done:
	if (req->reading)
		db_read_end(db);
	req->reading = 0;
out:
	reply_release(&rep);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *nl, *sp, *q;
	char method[16], path[1024], allow[64];
	struct request req;
	const struct route *rt;
	int who, known;

	if (size < 2 || size > 64 * 1024)
		return 0;
	if (!db)
		setup();
	who = (unsigned char)*p++ % NR_USERS;
	memset(&req, 0, sizeof(req));
	req.err = (struct error)ERROR_INIT;
	fake_mhd_reset();

	/* request line */
	if (!(nl = memchr(p, '\n', (size_t)(end - p))) || !(sp = memchr(p, ' ', (size_t)(nl - p))) ||
	    (size_t)(sp - p) >= sizeof(method))
		return 0;
	memcpy(method, p, (size_t)(sp - p));
	method[sp - p] = '\0';
	q = memchr(sp + 1, '?', (size_t)(nl - sp - 1));
	snprintf(path, sizeof(path), "/api/v1%.*s", (int)((q ? q : nl) - sp - 1), sp + 1);
	if (q)
		fake_mhd_query(q + 1, (size_t)(nl - q - 1));
	p = nl + 1;
	/* headers up to an empty line */
	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p))) && nl != p) {
		const char *colon = memchr(p, ':', (size_t)(nl - p));
		if (colon) {
			const char *v = colon + 1;
			while (v < nl && *v == ' ')
				v++;
			fake_mhd_header(p, (size_t)(colon - p), v, (size_t)(nl - v));
		}
		p = nl + 1;
	}
	if (p < end && *p == '\n')
		p++;

	req.method = method;
	req.path = path;
	snprintf(req.rid, sizeof(req.rid), "fuzz");
	snprintf(req.ip, sizeof(req.ip), "127.0.0.1");
	snprintf(req.actor, sizeof(req.actor), "anonymous@127.0.0.1");
	req.db = db;
	rt = route_match(method, path, req.ids, &req.nr_ids, &known, allow, sizeof(allow));
	if (!rt) {
		if (known && !allow[0])
			abort();   /* a 405 names the methods it allows */
		return 0;
	}
	if (req.nr_ids < 0 || req.nr_ids > REQ_MAX_IDS)
		abort();
	req.route = rt;
	strbuf_init(&req.body, rt->body_max ? rt->body_max : 1);
	if (p < end && strbuf_add(&req.body, p, (size_t)(end - p)))
		req.body_too_big = 1;
	if (driven(rt))
		run(&req, who);
	strbuf_release(&req.body);
	return 0;
}
