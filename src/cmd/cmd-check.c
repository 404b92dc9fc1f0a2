/*
 * cmd-check.c - 'orgwork check': the schema against the one the migrations
 * make (every table, index and trigger, with its SQL), then SQLite's
 * integrity and foreign-key checks and the key tables. Exit 0 when sound,
 * 1 otherwise, with each schema difference named and the first other
 * problem. Not for the audit trail: that is 'orgwork audit verify'.
 */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "store/db.h"

static const char usage[] = "usage: orgwork [--db PATH] check\n";

int cmd_check(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	int rc, diffs = 0;

	if (argc > 1) {
		if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
			fputs(usage, stdout);
			return EXIT_OK;
		}
		return cmd_usage(usage);
	}
	if ((rc = cmd_schema_check(ctx->db, &diffs)))
		return rc;
	if (db_integrity(ctx->db, &err))
		rc = cmd_report(&err);
	if (diffs) {
		fprintf(stderr, "orgwork: %s: the schema differs from the one orgwork made"
			" in %d place%s (tables, indexes or triggers changed outside orgwork)\n",
			ctx->db_path, diffs, diffs == 1 ? "" : "s");
		return EXIT_FAIL;
	}
	if (rc)
		return rc;
	printf("ok: %s passed the schema, integrity, foreign-key and key-table checks\n",
	       ctx->db_path);
	return EXIT_OK;
}
