/*
 * cmd-check.c - 'orgwork check': SQLite integrity and foreign-key checks of
 * the database. Exit 0 when sound, 1 with the first problem otherwise.
 */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "store/db.h"

static const char usage[] = "usage: orgwork [--db PATH] check\n";

int cmd_check(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;

	if (argc > 1) {
		if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
			fputs(usage, stdout);
			return EXIT_OK;
		}
		return cmd_usage(usage);
	}
	if (db_integrity(ctx->db, &err))
		return cmd_report(&err);
	printf("ok: %s passed the integrity, foreign-key and key-table checks\n", ctx->db_path);
	return EXIT_OK;
}
