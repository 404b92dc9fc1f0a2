/*
 * cmd-audit.c - 'orgwork audit': verify the hash chains of the audit and
 * access logs, show their newest rows.
 *
 *   audit verify
 *   audit show [--access] [--limit N]
 * The table subs[] below is the index: one row per subcommand.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/options.h"
#include "store/audit-store.h"

static int run_verify(int argc, char **argv, struct cmd_ctx *ctx);
static int run_show(int argc, char **argv, struct cmd_ctx *ctx);

static const struct subcmd subs[] = {
	{ "verify", run_verify, CMD_NEEDS_DB,
	  "recompute the hash chains of the audit and access logs",
	  "orgwork audit verify\n" },
	{ "show", run_show, CMD_NEEDS_DB, "the newest rows of the audit log (or access log)",
	  "orgwork audit show [--access] [--limit N]\n" },
	{ NULL, NULL, 0, NULL, NULL },
};

const struct subcmd_table cmd_audit_table = {
	subs,
	"verify recomputes both hash chains and names the first row that does not\n"
	"hold (exit 1); show prints the newest rows (audit log, or --access log).\n",
};

enum { O_ACCESS, O_LIMIT };

static const struct opt_spec specs[] = {
	{ "access", 0, O_ACCESS }, { "limit", 1, O_LIMIT }, { NULL, 0, 0 },
};

struct audit_args {
	int access;
	long limit;
};

static int on_opt(int id, const char *name, const char *v, void *ctx, struct error *err)
{
	struct audit_args *a = ctx;
	char *end;

	if (id == O_ACCESS) {
		a->access = 1;
		return ST_OK;
	}
	errno = 0;
	a->limit = strtol(v, &end, 10);
	if (errno || *end || a->limit < 1 || a->limit > 100000)
		return error_set(err, ST_INVALID, name, "--limit takes 1..100000");
	return ST_OK;
}

static int show_row(const struct audit_row *r, void *ctx)
{
	(void)ctx;
	printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\n", r->id, r->at, r->actor, r->action,
	       r->object, r->before ? r->before : "-", r->after ? r->after : "-");
	return 0;
}

/* Parses the options of an audit subcommand; EXIT_OK or the usage error's code. */
static int start(int argc, char **argv, struct cmd_ctx *ctx, struct audit_args *a)
{
	struct error err = ERROR_INIT;
	struct opts_result res;

	a->access = 0;
	a->limit = 20;
	if (opts_parse(argc, argv, specs, on_opt, a, &res, &err)) {
		cmd_report(&err);
		return subcmd_usage(ctx);
	}
	if (res.nr_positional)
		return subcmd_usage(ctx);
	return EXIT_OK;
}

static int run_verify(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct {
		enum audit_table t;
		const char *name;
	} tables[] = { { AUDIT_LOG, "audit_log" }, { ACCESS_LOG, "access_log" } };
	struct error err = ERROR_INIT;
	struct audit_args a;
	int rc, bad = 0;

	if ((rc = start(argc, argv, ctx, &a)))
		return rc;
	for (size_t i = 0; i < 2; i++) {
		long long n, first_bad;
		if (audit_store_verify(ctx->db, tables[i].t, &n, &first_bad, &err))
			return cmd_report(&err);
		if (first_bad) {
			printf("%s: row %lld does not verify (changed, inserted or removed);"
			       " %lld rows checked\n", tables[i].name, first_bad, n);
			bad = 1;
		} else {
			printf("%s: ok, %lld rows\n", tables[i].name, n);
		}
	}
	return bad ? EXIT_FAIL : EXIT_OK;
}

static int run_show(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct audit_args a;
	int rc;

	if ((rc = start(argc, argv, ctx, &a)))
		return rc;
	if (audit_store_list(ctx->db, a.access ? ACCESS_LOG : AUDIT_LOG, 0,
			     (int)a.limit, show_row, NULL, NULL, &err))
		return cmd_report(&err);
	return EXIT_OK;
}
