/*
 * cmd-check.c - 'orgwork check': SQLite integrity and foreign-key checks of
 * the database, and that every person's sealed personal data opens with the
 * data key as that person's (and matches its blind index). A key file of
 * another database is refused before check runs (db_open). Exit 0 when
 * sound, 1 with the problems found otherwise.
 */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "store/db.h"
#include "store/person-store.h"

/* the first this many persons are named; all are counted */
#define CHECK_NAMED_MAX 50

static int report_pii(long long person_id, const char *problem, void *ctx)
{
	int *named = ctx;

	fprintf(stderr, "person %lld: %s\n", person_id, problem);
	return ++*named >= CHECK_NAMED_MAX;
}

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
	long long bad = 0;
	int named = 0;

	if (db_integrity(ctx->db, &err))
		return cmd_report(&err);
	if (person_store_check_pii(ctx->db, report_pii, &named, &bad, &err))
		return cmd_report(&err);
	if (bad) {
		if (bad > named)
			fprintf(stderr, "... and %lld more\n", bad - named);
		error_set(&err, ST_DB, "pii",
			  "%lld person(s) whose sealed personal data do not open or do not"
			  " match their blind index", bad);
		return cmd_report(&err);
	}
	printf("ok: %s passed the integrity, foreign-key and key-table checks,"
	       " and every person's sealed personal data opens\n", ctx->db_path);
	return EXIT_OK;
}
