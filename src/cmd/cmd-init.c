/*
 * cmd-init.c - 'orgwork init': create the database or bring it to the
 * current schema version.
 */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "store/db.h"

static const char usage[] =
	"usage: orgwork [--db PATH] init\n"
	"Creates PATH (default ./orgwork.db) with the current schema, or migrates\n"
	"an existing orgwork database to it. Safe to run again.\n";

int cmd_init(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct db *db;

	if (argc > 1) {
		if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
			fputs(usage, stdout);
			return EXIT_OK;
		}
		return cmd_usage(usage);
	}
	if (db_open(ctx->db_path, DB_OPEN_CREATE, &db, &err))
		return cmd_report(&err);
	db_close(db);
	printf("initialized %s (schema version %d)\n", ctx->db_path,
	       db_schema_version());
	return EXIT_OK;
}
