/*
 * cmd-audit.c - 'orgwork audit': verify the hash chains of the audit and
 * access logs, show their newest rows.
 *
 *   audit verify
 *   audit show [--access] [--limit N]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/options.h"
#include "store/audit-store.h"

static const char usage[] =
	"usage: orgwork audit verify\n"
	"       orgwork audit show [--access] [--limit N]\n"
	"verify recomputes both hash chains and names the first row that does not\n"
	"hold (exit 1); show prints the newest rows (audit log, or --access log).\n";

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

int cmd_audit(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct audit_args a = { 0, 20 };
	struct opts_result res;
	const char *sub;
	int bad = 0;

	if (argc < 2)
		return cmd_usage(usage);
	sub = argv[1];
	if (!strcmp(sub, "--help") || !strcmp(sub, "help")) {
		fputs(usage, stdout);
		return EXIT_OK;
	}
	if (opts_parse(argc - 1, argv + 1, specs, on_opt, &a, &res, &err)) {
		cmd_report(&err);
		return cmd_usage(usage);
	}
	if (res.nr_positional)
		return cmd_usage(usage);
	if (!strcmp(sub, "verify")) {
		static const struct {
			enum audit_table t;
			const char *name;
		} tables[] = { { AUDIT_LOG, "audit_log" }, { ACCESS_LOG, "access_log" } };
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
	if (!strcmp(sub, "show")) {
		if (audit_store_list(ctx->db, a.access ? ACCESS_LOG : AUDIT_LOG, 0,
				     (int)a.limit, show_row, NULL, NULL, &err))
			return cmd_report(&err);
		return EXIT_OK;
	}
	fprintf(stderr, "orgwork: unknown audit subcommand '%s'\n", sub);
	return cmd_usage(usage);
}
