/*
 * cmd-audit.c - 'orgwork audit': verify the audit trail (the hash chains of
 * the audit and access logs, the signed checkpoints of their heads, and
 * every audited row against its last audit row), show the newest rows.
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
#include "store/audit-checkpoint.h"
#include "store/audit-store.h"

static int run_verify(int argc, char **argv, struct cmd_ctx *ctx);
static int run_show(int argc, char **argv, struct cmd_ctx *ctx);

static const struct subcmd subs[] = {
	{ "verify", run_verify, CMD_NEEDS_DB,
	  "verify the audit trail: hash chains, checkpoints, rows against their audit rows",
	  "orgwork audit verify\n" },
	{ "show", run_show, CMD_NEEDS_DB, "the newest rows of the audit log (or access log)",
	  "orgwork audit show [--access] [--limit N]\n" },
	{ NULL, NULL, 0, NULL, NULL },
};

const struct subcmd_table cmd_audit_table = {
	subs,
	"verify recomputes both hash chains and names the first row that does not\n"
	"hold, compares them with the signed checkpoints kept next to the key file\n"
	"(rows removed from the end), and names each person, organization and user\n"
	"whose content is not what its last audit row recorded (exit 1 on any of\n"
	"these; a successful verify appends a checkpoint); show prints the newest\n"
	"rows (audit log, or --access log).\n",
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

#define COVERAGE_SHOWN 20

static void print_uncovered(const char *object, long long id, long long audit_id,
			    void *ctx)
{
	long long *shown = ctx;

	if ((*shown)++ >= COVERAGE_SHOWN)
		return;
	if (audit_id)
		printf("%s/%lld: not what its last audit row (%lld) recorded:"
		       " changed or deleted without an audit row\n", object, id, audit_id);
	else
		printf("%s/%lld: has no audit row: written without one\n", object, id);
}

static void print_checkpoint_problem(const char *message, void *ctx)
{
	(void)ctx;
	printf("%s\n", message);
}

static int run_verify(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct {
		enum audit_table t;
		const char *name;
	} tables[] = { { AUDIT_LOG, "audit_log" }, { ACCESS_LOG, "access_log" } };
	struct error err = ERROR_INIT;
	struct audit_args a;
	long long nr_rows, shown = 0, nr_cp;
	int rc, bad = 0, nr_problems;

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
	if (audit_checkpoint_verify(ctx->db, print_checkpoint_problem, NULL, &nr_cp,
				    &nr_problems, &err))
		return cmd_report(&err);
	if (nr_problems)
		bad = 1;
	else if (nr_cp)
		printf("checkpoints: ok, %lld checked\n", nr_cp);
	else
		printf("checkpoints: none yet\n");
	if (audit_store_coverage(ctx->db, print_uncovered, &shown, &nr_rows, &err))
		return cmd_report(&err);
	if (nr_rows) {
		if (nr_rows > COVERAGE_SHOWN)
			printf("... and %lld more\n", nr_rows - COVERAGE_SHOWN);
		printf("rows: %lld not what their last audit row recorded\n", nr_rows);
		bad = 1;
	} else {
		printf("rows: ok, every person, organization and user matches its last"
		       " audit row\n");
	}
	if (bad)
		return EXIT_FAIL;
	/* a trail found whole: its heads become a checkpoint */
	if (audit_checkpoint_write(ctx->db, &err))
		return cmd_report(&err);
	return EXIT_OK;
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
