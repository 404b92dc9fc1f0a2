/*
 * test-cursor.c - listings that always end and exports that are bounded.
 * Persons whose collation keys are long (longer than the 116 bytes a cursor
 * once held) and equal walk page by page, one row a page, each row exactly
 * once; a cursor is parsed strictly. An export stops at its row cap, its
 * time cap and when its caller's cancel check says so, each with its own
 * field, and leaves no file behind that could pass for a complete export.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/crypto.h"
#include "model/codes.h"
#include "formats/export.h"
#include "store/db-internal.h"
#include "store/person-store.h"

static char test_db[256], key_path[256], out_path[256];

static void remove_files(void)
{
	static const char *const ext[] = { "", "-wal", "-shm", "-journal" };
	char p[300];

	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", test_db, ext[i]);
		unlink(p);
	}
}

static void exec_ok(struct db *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->sql, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
}

/*
 * Organization 1 with n persons (ids 1..n); the first `same` of them share
 * one sort key of key_len zero bytes, the others have random keys of 1 to
 * 40 bytes.
 */
static struct db *open_people(int n, int same, int key_len)
{
	struct db *db = NULL;
	char sql[1024];

	remove_files();
	assert_int_equal(db_open(test_db, DB_OPEN_CREATE, &db, NULL), ST_OK);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO orgs(id, code, name, kind, sector, level, parent_id, established)"
		 " VALUES(1, 'A', 'A', '%s', '%s', 0, NULL, '2000-01-01')",
		 code_by_code(&code_org_kind, 1)->key, code_by_code(&code_sector, 1)->key);
	exec_ok(db, "BEGIN");
	exec_ok(db, sql);
	snprintf(sql, sizeof(sql),
		 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
		 " WHERE i < %d)"
		 " INSERT INTO persons(id, name, sex, birth_date, ethnicity, education,"
		 " occupation, pinyin, initials, sort_key, org_id, status, admitted,"
		 " full_date)"
		 " SELECT i, 'p' || i, 1, '1950-01-01', 1, 21, 'workers', 'p', 'p',"
		 " CASE WHEN i <= %d THEN zeroblob(%d) ELSE randomblob(1 + i %% 40) END,"
		 " 1, 'full', '1979-01-01', '1980-01-01' FROM n",
		 n, same, key_len);
	exec_ok(db, sql);
	exec_ok(db, "COMMIT");
	return db;
}

struct seen {
	int n;
	long long last;
	int times[64];
};

static int note(const struct person *p, void *ctx)
{
	struct seen *s = ctx;

	assert_true(p->id >= 1 && p->id < 64);
	s->times[p->id]++;
	s->last = p->id;
	s->n++;
	return 0;
}

/* One row a page over equal keys of the longest length: every row once. */
static void test_walk_long_equal_keys(void **state)
{
	struct db *db = open_people(30, 6, PERSON_SORT_KEY_MAX);
	struct person_query q = { 0 };
	struct seen s;
	char cursor[CURSOR_SIZE], next[CURSOR_SIZE];
	int pages = 0;

	(void)state;
	memset(&s, 0, sizeof(s));
	q.org_id = 1;
	q.limit = 1;
	for (;;) {
		assert_int_equal(person_store_list(db, &q, note, &s, next, NULL), ST_OK);
		pages++;
		assert_true(pages <= 30);
		if (!next[0])
			break;
		/* after a row of the long key: the whole key (2 hex digits a
		 * byte), a dot and the id */
		if (s.last <= 6)
			assert_true(strlen(next) >= 2 * PERSON_SORT_KEY_MAX + 2);
		memcpy(cursor, next, sizeof(cursor));
		q.after = cursor;
	}
	assert_int_equal(pages, 30);
	assert_int_equal(s.n, 30);
	for (int i = 1; i <= 30; i++)
		assert_int_equal(s.times[i], 1);
	db_close(db);
}

static void expect_bad_cursor(struct db *db, const char *cursor)
{
	struct person_query q = { 0 };
	struct error err = ERROR_INIT;
	struct seen s;

	memset(&s, 0, sizeof(s));
	q.org_id = 1;
	q.limit = 5;
	q.after = cursor;
	assert_int_equal(person_store_list(db, &q, note, &s, NULL, &err), ST_INVALID);
	assert_string_equal(err.field, "cursor");
	assert_int_equal(s.n, 0);
}

static void test_cursor_strict(void **state)
{
	struct db *db = open_people(3, 0, 1);
	char big[CURSOR_SIZE + 8];

	(void)state;
	expect_bad_cursor(db, "zz");
	expect_bad_cursor(db, "7f");
	expect_bad_cursor(db, "7f.");
	expect_bad_cursor(db, "7f.0");
	expect_bad_cursor(db, "7f.01");
	expect_bad_cursor(db, "7f.+1");
	expect_bad_cursor(db, "7f. 1");
	expect_bad_cursor(db, "7f.-1");
	expect_bad_cursor(db, "7f.1x");
	expect_bad_cursor(db, "7.1");
	expect_bad_cursor(db, "7F.1");
	expect_bad_cursor(db, "7f.1234567890123456789");
	/* a key one byte longer than any row holds */
	memset(big, 'a', 2 * (PERSON_SORT_KEY_MAX + 1));
	snprintf(big + 2 * (PERSON_SORT_KEY_MAX + 1), 8, ".1");
	expect_bad_cursor(db, big);
	db_close(db);
}

/* ---- exports ---------------------------------------------------------- */

static int file_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static int export_with(struct db *db, enum export_format f,
		       const struct export_limits *lim, long long *n,
		       struct error *err)
{
	struct export_query q = { .org_id = 1, .subtree = 1 };

	return export_members(db, &q, f, out_path, lim, n, err);
}

static void test_export_row_cap(void **state)
{
	struct db *db = open_people(20, 3, 200);
	struct export_limits lim = { .max_rows = 20 };
	struct error err = ERROR_INIT;
	long long n = -1;

	(void)state;
	assert_int_equal(export_with(db, EXPORT_CSV, &lim, &n, &err), ST_OK);
	assert_int_equal(n, 20);
	assert_true(file_exists(out_path));
	lim.max_rows = 19;
	for (int f = EXPORT_CSV; f <= EXPORT_XLSX; f++) {
		error_clear(&err);
		assert_int_equal(export_with(db, (enum export_format)f, &lim, &n, &err),
				 ST_TOO_BIG);
		assert_string_equal(err.field, "max_rows");
		assert_non_null(strstr(err.message, "more than 19"));
		assert_int_equal(n, 19);
		assert_false(file_exists(out_path));
	}
	db_close(db);
}

struct cancel {
	int calls, after, sleep_ms;
};

static int cancel_after(void *ctx)
{
	struct cancel *c = ctx;

	if (c->sleep_ms) {
		struct timespec ts = { c->sleep_ms / 1000, (c->sleep_ms % 1000) * 1000000L };
		nanosleep(&ts, NULL);
	}
	return ++c->calls > c->after;
}

static void test_export_cancel(void **state)
{
	struct db *db = open_people(40, 0, 1);
	struct cancel c = { 0, 0, 0 };
	struct export_limits lim = { .cancelled = cancel_after, .cancel_ctx = &c };
	struct error err = ERROR_INIT;
	long long n = -1;

	(void)state;
	/* a caller already gone: not one row */
	assert_int_equal(export_with(db, EXPORT_XLSX, &lim, &n, &err), ST_IO);
	assert_string_equal(err.field, "connection");
	assert_int_equal(n, 0);
	assert_int_equal(c.calls, 1);
	assert_false(file_exists(out_path));
	/* a caller that stays: asked at the first row, then at most every
	 * EXPORT_CHECK_MS (40 rows take far less) */
	c.after = 1000;
	c.calls = 0;
	error_clear(&err);
	assert_int_equal(export_with(db, EXPORT_CSV, &lim, &n, &err), ST_OK);
	assert_int_equal(n, 40);
	assert_true(c.calls >= 1 && c.calls < 5);
	/* a caller that leaves while rows are written: the check that says so
	 * ends the export there (each check takes longer than the interval) */
	c.after = 3;
	c.calls = 0;
	c.sleep_ms = EXPORT_CHECK_MS + 10;
	error_clear(&err);
	assert_int_equal(export_with(db, EXPORT_CSV, &lim, &n, &err), ST_IO);
	assert_string_equal(err.field, "connection");
	assert_int_equal(c.calls, 4);
	/* (the database's watch may ask between two rows as well) */
	assert_true(n >= 1 && n <= 3);
	assert_false(file_exists(out_path));
	db_close(db);
}

static void test_export_time_cap(void **state)
{
	struct db *db = open_people(10, 0, 1);
	struct cancel c = { 0, 1000, 1100 };
	struct export_limits lim = { .max_seconds = 1, .cancelled = cancel_after,
				     .cancel_ctx = &c };
	struct error err = ERROR_INIT;
	long long n = -1;

	(void)state;
	/* the first check takes 1.1 s: the next row is past the cap */
	assert_int_equal(export_with(db, EXPORT_XLSX, &lim, &n, &err), ST_TOO_BIG);
	assert_string_equal(err.field, "max_seconds");
	assert_int_equal(n, 1);
	assert_false(file_exists(out_path));
	db_close(db);
}

static int setup(void **state)
{
	(void)state;
	snprintf(test_db, sizeof(test_db), "/tmp/test-cursor-%d.db", (int)getpid());
	snprintf(key_path, sizeof(key_path), "/tmp/test-cursor-%d.key", (int)getpid());
	snprintf(out_path, sizeof(out_path), "/tmp/test-cursor-%d.out", (int)getpid());
	setenv("ORGWORK_KEY_FILE", key_path, 1);
	return crypto_setup();
}

static int teardown(void **state)
{
	(void)state;
	remove_files();
	unlink(key_path);
	unlink(out_path);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walk_long_equal_keys),
		cmocka_unit_test(test_cursor_strict),
		cmocka_unit_test(test_export_row_cap),
		cmocka_unit_test(test_export_cancel),
		cmocka_unit_test(test_export_time_cap),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
