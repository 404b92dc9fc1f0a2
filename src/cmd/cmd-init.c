/*
 * cmd-init.c - 'orgwork init': create the database or bring it to the
 * current schema version.
 */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/crypto.h"
#include "store/db.h"

static const char usage[] =
	"usage: orgwork [--db PATH] init\n"
	"Creates PATH (default ./orgwork.db) with the current schema, or migrates\n"
	"an existing orgwork database to it. Safe to run again. A new database receives\n"
	"its data key in PATH.key (mode 600; or $ORGWORK_KEY_FILE): personal fields\n"
	"are encrypted with it. Back it up apart from the database.\n"
	"An existing database's schema is then compared with the one orgwork's\n"
	"migrations make: a table, index or trigger missing, changed or added outside\n"
	"orgwork is named, and init fails (see 'orgwork check').\n";

int cmd_init(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct db *db;
	int rc, diffs = 0;

	if (argc > 1) {
		if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
			fputs(usage, stdout);
			return EXIT_OK;
		}
		return cmd_usage(usage);
	}
	if (db_open(ctx->db_path, DB_OPEN_CREATE, &db, &err))
		return cmd_report(&err);
	rc = cmd_schema_check(db, &diffs);
	db_close(db);
	if (rc)
		return rc;
	if (diffs) {
		fprintf(stderr, "orgwork: %s: the schema differs from the one orgwork made"
			" in %d place%s; run 'orgwork check'\n", ctx->db_path, diffs,
			diffs == 1 ? "" : "s");
		return EXIT_FAIL;
	}
	char key[4096];
	crypto_key_path(ctx->db_path, key, sizeof(key));
	printf("initialized %s (schema version %d)\n", ctx->db_path,
	       db_schema_version());
	printf("data key: %s (back it up apart from the database)\n", key);
	return EXIT_OK;
}
