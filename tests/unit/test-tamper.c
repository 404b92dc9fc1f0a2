/*
 * test-tamper.c - what notices a database changed behind orgwork's back:
 * db_schema_check names a dropped, a changed and an added schema entry;
 * audit_store_coverage names rows changed, inserted or deleted without
 * their audit row, and accepts them again once orgwork writes them; the
 * signed checkpoints (audit_checkpoint_*) report rows cut from the end of
 * the audit log, a cut end written again, and an altered checkpoint line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/date.h"
#include "model/codes.h"
#include "ops/org-ops.h"
#include "store/audit-checkpoint.h"
#include "store/audit-store.h"
#include "store/db-internal.h"
#include "store/db.h"
#include "fixture.h"

static struct db *db;
static char path[256], key_path[300], cp_path[320];

static void remove_files(void)
{
	static const char *const ext[] = { "", "-wal", "-shm" };
	char p[300];

	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", path, ext[i]);
		unlink(p);
	}
	unlink(key_path);
	unlink(cp_path);
}

static int setup(void **state)
{
	(void)state;
	snprintf(path, sizeof(path), "/tmp/test-tamper-%d.db", (int)getpid());
	snprintf(key_path, sizeof(key_path), "%s.key", path);
	snprintf(cp_path, sizeof(cp_path), "%s.checkpoints", key_path);
	remove_files();
	if (db_open(path, DB_OPEN_CREATE, &db, NULL))
		return -1;
	return fixture_org(db, "R", ORG_COMMITTEE, 0) && fixture_org(db, "A", ORG_COMMITTEE, 1) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	db_close(db);
	db = NULL;
	remove_files();
	return 0;
}

static void sql(const char *text)
{
	assert_int_equal(db_exec(db, text, NULL), ST_OK);
}

/* What the checks report, as one text. */
static char seen[2048];

static void add_seen(const char *s)
{
	size_t n = strlen(seen);
	snprintf(seen + n, sizeof(seen) - n, "%s\n", s);
}

static void on_diff(const char *what, const char *type, const char *name, void *ctx)
{
	char line[256];

	(void)ctx;
	snprintf(line, sizeof(line), "%s %s %s", what, type, name);
	add_seen(line);
}

static void on_row(const char *object, long long id, long long audit_id, void *ctx)
{
	char line[256];

	(void)ctx;
	snprintf(line, sizeof(line), "%s/%lld %s", object, id, audit_id ? "differs" : "unaudited");
	add_seen(line);
}

static void on_problem(const char *message, void *ctx)
{
	(void)ctx;
	add_seen(message);
}

static void test_schema(void **state)
{
	int n = -1;

	(void)state;
	seen[0] = '\0';
	assert_int_equal(db_schema_check(db, on_diff, NULL, &n, NULL), ST_OK);
	assert_int_equal(n, 0);
	assert_string_equal(seen, "");
	sql("DROP TRIGGER persons_audit_update;"
	    "DROP INDEX orgs_name; CREATE INDEX orgs_name ON orgs(code);"
	    "CREATE TABLE spare(x);");
	assert_int_equal(db_schema_check(db, on_diff, NULL, &n, NULL), ST_OK);
	assert_int_equal(n, 3);
	assert_non_null(strstr(seen, "missing trigger persons_audit_update\n"));
	assert_non_null(strstr(seen, "changed index orgs_name\n"));
	assert_non_null(strstr(seen, "extra table spare\n"));
	/* SQLite's own entries are not orgwork's schema: no difference */
	sql("DROP INDEX orgs_name; CREATE INDEX orgs_name ON orgs(name);"
	    "DROP TABLE spare; ANALYZE;");
	assert_int_equal(db_schema_check(db, NULL, NULL, &n, NULL), ST_OK);
	assert_int_equal(n, 1);
}

static void test_rows(void **state)
{
	long long n = -1;

	(void)state;
	seen[0] = '\0';
	assert_int_equal(audit_store_coverage(db, on_row, NULL, &n, NULL), ST_OK);
	assert_int_equal(n, 0);
	sql("DROP TRIGGER orgs_audit_update; DROP TRIGGER orgs_audit_insert;"
	    "UPDATE orgs SET name = 'x' WHERE id = 2;"
	    "INSERT INTO orgs(code, name, kind, sector, established)"
	    " VALUES('Z', 'z', 'committee', 'other', '2000-01-01');");
	assert_int_equal(audit_store_coverage(db, on_row, NULL, &n, NULL), ST_OK);
	assert_int_equal(n, 2);
	assert_string_equal(seen, "org/2 differs\norg/3 unaudited\n");
	/* a bulk load's summary row accepts rows without a row of their own */
	assert_int_equal(audit_store_append(db, AUDIT_LOG, "test", "import", "import/1",
					    NULL, "{}", NULL, NULL), ST_OK);
	seen[0] = '\0';
	assert_int_equal(audit_store_coverage(db, on_row, NULL, &n, NULL), ST_OK);
	assert_string_equal(seen, "org/2 differs\n");
	/* deleted behind the trigger's back: its last audit row is no deletion */
	sql("PRAGMA foreign_keys=OFF; DROP TRIGGER orgs_audit_delete;"
	    "DELETE FROM orgs WHERE id = 2;");
	seen[0] = '\0';
	assert_int_equal(audit_store_coverage(db, on_row, NULL, &n, NULL), ST_OK);
	assert_string_equal(seen, "org/2 differs\n");
}

/* The SQL of a schema entry (the caller frees it). */
static char *entry_sql(const char *name)
{
	sqlite3_stmt *st;
	char *out = NULL;

	assert_int_equal(sqlite3_prepare_v2(db->sql, "SELECT sql FROM sqlite_master WHERE name = ?1",
					    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		out = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	assert_non_null(out);
	return out;
}

static void test_rows_written_again(void **state)
{
	char *saved = entry_sql("orgs_audit_update");
	long long n = -1;
	int diffs = -1;

	(void)state;
	sql("DROP TRIGGER orgs_audit_update; UPDATE orgs SET name = 'x' WHERE id = 2;");
	sql(saved);
	free(saved);
	/* the schema is whole again, the row is still not what was audited */
	assert_int_equal(db_schema_check(db, NULL, NULL, &diffs, NULL), ST_OK);
	assert_int_equal(diffs, 0);
	assert_int_equal(audit_store_coverage(db, NULL, NULL, &n, NULL), ST_OK);
	assert_int_equal(n, 1);
	/* written through the trigger: it matches again */
	sql("UPDATE orgs SET name = 'y' WHERE id = 2;");
	assert_int_equal(audit_store_coverage(db, NULL, NULL, &n, NULL), ST_OK);
	assert_int_equal(n, 0);
}

static void test_checkpoints(void **state)
{
	long long nr = -1;
	int problems = -1;
	FILE *f;

	(void)state;
	seen[0] = '\0';
	assert_int_equal(audit_checkpoint_write(db, NULL), ST_OK);
	assert_int_equal(audit_checkpoint_verify(db, on_problem, NULL, &nr, &problems, NULL), ST_OK);
	assert_true(nr >= 1);
	assert_int_equal(problems, 0);
	/* two rows cut from the end: a valid chain, shorter than recorded */
	sql("DROP TRIGGER audit_log_no_delete;"
	    "DELETE FROM audit_log WHERE id > (SELECT max(id) - 2 FROM audit_log);");
	assert_int_equal(audit_checkpoint_verify(db, on_problem, NULL, &nr, &problems, NULL), ST_OK);
	assert_int_equal(problems, 1);
	assert_non_null(strstr(seen, "audit_log: the checkpoint of"));
	assert_non_null(strstr(seen, "rows were removed from its end"));
	/* the end written again: other rows at the recorded positions */
	assert_int_equal(audit_store_append(db, AUDIT_LOG, "test", "x", "y", NULL, NULL,
					    NULL, NULL), ST_OK);
	assert_int_equal(audit_store_append(db, AUDIT_LOG, "test", "x", "y", NULL, NULL,
					    NULL, NULL), ST_OK);
	seen[0] = '\0';
	assert_int_equal(audit_checkpoint_verify(db, on_problem, NULL, &nr, &problems, NULL), ST_OK);
	assert_int_equal(problems, 1);
	assert_non_null(strstr(seen, "is not the row the checkpoint"));
	/* a line that is not one, and a torn last line (ignored) */
	assert_non_null(f = fopen(cp_path, "a"));
	fputs("owcp1 1 1 - 0 - 00\nowcp1 2", f);
	fclose(f);
	seen[0] = '\0';
	assert_int_equal(audit_checkpoint_verify(db, on_problem, NULL, &nr, &problems, NULL), ST_OK);
	assert_int_equal(problems, 2);
	assert_non_null(strstr(seen, "does not verify"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_schema, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rows_written_again, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checkpoints, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
