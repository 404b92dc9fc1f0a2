/*
 * cmd-check.c - 'orgwork check': the schema against the one the migrations
 * make (every table, index and trigger, with its SQL), then SQLite's
 * integrity and foreign-key checks and the key tables, and that every
 * person's sealed personal data opens with the data key as that person's
 * (and matches its blind index), and that no organization's history holds
 * overlapping or inverted versions. A key file of another database is refused
 * before check runs (db_open). Exit 0 when sound, 1 otherwise, with each
 * schema difference named and the other problems found. Not for the audit
 * trail: that is 'orgwork audit verify'.
 */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "store/db.h"
#include "store/org-store.h"
#include "store/person-store.h"

/* the first this many persons are named; all are counted */
#define CHECK_NAMED_MAX 50

static int report_pii(long long person_id, const char *problem, void *ctx)
{
	int *named = ctx;

	fprintf(stderr, "person %lld: %s\n", person_id, problem);
	return ++*named >= CHECK_NAMED_MAX;
}

static int report_version(const char *code, const char *problem, const char *from1,
			  const char *to1, const char *from2, const char *to2, void *ctx)
{
	int *named = ctx;

	if (!strcmp(problem, "inverted"))
		fprintf(stderr, "organization %s: the version from %s ends on %s,"
			" before it begins\n", code, from1, to1);
	else
		fprintf(stderr, "organization %s: the version from %s (to %s) overlaps"
			" the version from %s (to %s)\n", code, from1, *to1 ? to1 : "now",
			from2, *to2 ? to2 : "now");
	return ++*named >= CHECK_NAMED_MAX;
}

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
	long long bad = 0;
	int named = 0;

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
	named = 0;
	if (org_store_check_versions(ctx->db, report_version, &named, &bad, &err))
		return cmd_report(&err);
	if (bad) {
		if (bad > named)
			fprintf(stderr, "... and %lld more\n", bad - named);
		error_set(&err, ST_DB, "history",
			  "%lld overlapping or inverted organization version(s)", bad);
		return cmd_report(&err);
	}
	printf("ok: %s passed the schema, integrity, foreign-key and key-table checks,"
	       " every person's sealed personal data opens, and the organizations'"
	       " histories are consistent\n", ctx->db_path);
	return EXIT_OK;
}
