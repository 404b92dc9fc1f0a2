/*
 * test-transfer-store.c - the transfers of an organization's subtree
 * (transfer_store_list_subtree): which letters a subtree holds in each
 * direction (sent by, addressed to or received by any organization of it;
 * a letter inside the subtree both ways), the status filter and the pages;
 * and the cost: the list of a small subtree beside a province of 2,000
 * branches and 20,000 letters takes statement steps in proportion to the
 * small subtree, never a scan of the letters or the organizations. The
 * destination search by any part of a name, bounded by its scan window.
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
#include <sqlite3.h>

#include "core/crypto.h"
#include "model/codes.h"
#include "store/db-internal.h"
#include "store/transfer-store.h"

static char test_db[256], key_path[256];

static void exec_ok(struct db *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db->sql, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
}

static void remove_files(void)
{
	static const char *const ext[] = { "", "-wal", "-shm", "-journal" };
	char p[300];

	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", test_db, ext[i]);
		unlink(p);
	}
}

/*
 * A (1) with A1 (2) and A2 (3), A11 (4) under A1; B (5) with 2,000
 * branches (ids 1001..3000). Letters of A's subtree: 1 A1 -> B in
 * transit, 2 B -> A1 received by A11, 3 A11 -> A2 received, 4 A2 -> B
 * returned; 5 B -> B branch; then 20,000 letters between B's branches.
 */
static struct db *make_db(void)
{
	struct db *db = NULL;
	char sql[4096];
	const char *committee = code_by_code(&code_org_kind, ORG_COMMITTEE)->key;
	const char *branch = code_by_code(&code_org_kind, ORG_BRANCH)->key;
	const char *sector = code_by_code(&code_sector, 1)->key;

	remove_files();
	assert_int_equal(db_open(test_db, DB_OPEN_CREATE, &db, NULL), ST_OK);
	exec_ok(db, "BEGIN");
	snprintf(sql, sizeof(sql),
		 "INSERT INTO orgs(id, code, name, kind, sector, level, parent_id, established) VALUES"
		 " (1, 'A', 'A', '%s', '%s', 0, NULL, '1950-01-01'),"
		 " (2, 'A1', 'A1', '%s', '%s', 1, 1, '1950-01-01'),"
		 " (3, 'A2', 'A2', '%s', '%s', 1, 1, '1950-01-01'),"
		 " (4, 'A11', 'A11', '%s', '%s', 2, 2, '1950-01-01'),"
		 " (5, 'B', 'B', '%s', '%s', 0, NULL, '1950-01-01');"
		 "WITH RECURSIVE n(i) AS (SELECT 1001 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)"
		 " INSERT INTO orgs(id, code, name, kind, sector, level, parent_id, established)"
		 " SELECT i, 'B' || i, 'B' || i, '%s', '%s', 1, 5, '1950-01-01' FROM n;"
		 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10)"
		 " INSERT INTO persons(id, name, sex, birth_date, ethnicity, education, occupation,"
		 " pinyin, initials, sort_key, org_id, status, admitted, full_date)"
		 " SELECT i, 'p' || i, 1, '1950-01-01', 1, 21, 'workers', 'p', 'p', randomblob(8), 2,"
		 " 'full', '2000-01-01', '2001-01-01' FROM n;",
		 committee, sector, branch, sector, branch, sector, branch, sector, committee, sector,
		 branch, sector);
	exec_ok(db, sql);
	exec_ok(db,
		"INSERT INTO transfers(id, person_id, from_org_id, to_org_id, letter_no, issued,"
		" valid_until, status, received, received_org_id, returned, return_reason, actor) VALUES"
		" (1, 1, 2, 5, 'L1', '2025-01-01', '2025-03-31', 'in_transit', NULL, NULL, NULL, NULL, 't'),"
		" (2, 2, 5, 2, 'L2', '2025-01-01', '2025-03-31', 'received', '2025-02-01', 4, NULL, NULL, 't'),"
		" (3, 3, 4, 3, 'L3', '2025-01-01', '2025-03-31', 'received', '2025-02-01', 3, NULL, NULL, 't'),"
		" (4, 4, 3, 5, 'L4', '2025-01-01', '2025-03-31', 'returned', NULL, NULL, '2025-02-01', 'x', 't'),"
		" (5, 5, 5, 1001, 'L5', '2025-01-01', '2025-03-31', 'received', '2025-02-01', 1001, NULL, NULL, 't');"
		"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 19999)"
		" INSERT INTO transfers(person_id, from_org_id, to_org_id, letter_no, issued,"
		" valid_until, status, received, received_org_id, actor)"
		" SELECT 6 + i % 5, 1001 + i % 2000, 1001 + (i + 1) % 2000, 'N' || i, '2025-01-01',"
		" '2025-03-31', 'received', '2025-02-01', 1001 + (i + 1) % 2000, 't' FROM n;");
	exec_ok(db, "COMMIT");
	exec_ok(db, "ANALYZE");
	return db;
}

struct ids {
	char text[256];
	size_t len, n;
};

/* The ids as "1,2,3" (the first ones that fit), and their number. */
static int collect(const struct transfer *t, void *ctx)
{
	struct ids *x = ctx;
	char one[32];
	int k = snprintf(one, sizeof(one), "%s%lld", x->len ? "," : "", t->id);

	x->n++;
	if (k > 0 && x->len + (size_t)k < sizeof(x->text)) {
		memcpy(x->text + x->len, one, (size_t)k + 1);
		x->len += (size_t)k;
	}
	return 0;
}

static const char *list(struct db *db, long long root, int dir, int status, long long after,
			int limit, struct ids *x)
{
	struct error err = ERROR_INIT;

	memset(x, 0, sizeof(*x));
	assert_int_equal(transfer_store_list_subtree(db, root, dir, status, after, limit, collect,
						     x, &err), ST_OK);
	return x->text;
}

static int add_steps(unsigned type, void *ctx, void *stmt, void *x)
{
	(void)type;
	(void)x;
	*(long long *)ctx += sqlite3_stmt_status(stmt, SQLITE_STMTSTATUS_VM_STEP, 1);
	return 0;
}

static long long list_steps(struct db *db, long long root, struct ids *x)
{
	long long total = 0;

	/* the counters of the cached statements hold their earlier runs */
	for (sqlite3_stmt *st = sqlite3_next_stmt(db->sql, NULL); st; st = sqlite3_next_stmt(db->sql, st))
		sqlite3_stmt_status(st, SQLITE_STMTSTATUS_VM_STEP, 1);
	sqlite3_trace_v2(db->sql, SQLITE_TRACE_PROFILE, add_steps, &total);
	list(db, root, TD_BOTH, 0, 0, 1000, x);
	sqlite3_trace_v2(db->sql, 0, NULL, NULL);
	return total;
}

static void test_subtree(void **state)
{
	struct db *db = make_db();
	struct ids x;
	long long small, big;

	(void)state;
	assert_string_equal(list(db, 1, TD_BOTH, 0, 0, 100, &x), "1,2,3,4");
	assert_string_equal(list(db, 1, TD_OUT, 0, 0, 100, &x), "1,3,4");
	/* in: addressed to (2 to A1, 3 to A2) or received by (2 by A11) */
	assert_string_equal(list(db, 1, TD_IN, 0, 0, 100, &x), "2,3");
	assert_string_equal(list(db, 2, TD_BOTH, 0, 0, 100, &x), "1,2,3");
	assert_string_equal(list(db, 4, TD_IN, 0, 0, 100, &x), "2");
	assert_string_equal(list(db, 3, TD_BOTH, 0, 0, 100, &x), "3,4");
	assert_string_equal(list(db, 1, TD_BOTH, TS_RECEIVED, 0, 100, &x), "2,3");
	assert_string_equal(list(db, 1, TD_BOTH, 0, 1, 2, &x), "2,3");
	assert_string_equal(list(db, 1, TD_BOTH, 0, 3, 2, &x), "4");
	assert_string_equal(list(db, 5, TD_BOTH, 0, 0, 5, &x), "1,2,4,5,6");

	small = list_steps(db, 1, &x);
	assert_int_equal(x.n, 4);
	big = list_steps(db, 5, &x);
	assert_int_equal(x.n, 1000);
	print_message("steps: the subtree of 4 organizations %lld, of 2,001 %lld\n", small, big);
	/* the small subtree's organizations and letters, found by index */
	if (small * 50 > big)
		fail_msg("the transfers of 4 organizations took %lld steps, of 2,001 %lld", small,
			 big);
	if (small > 2000)
		fail_msg("the transfers of 4 organizations took %lld steps: it scanned a table",
			 small);
	db_close(db);
}

struct found {
	char text[512];
	size_t len;
	int n;
};

static int found_one(const char *code, const char *name, void *ctx)
{
	struct found *f = ctx;
	int k = snprintf(f->text + f->len, sizeof(f->text) - f->len, "%s%s:%s",
			 f->len ? "," : "", code, name);

	if (k > 0 && f->len + (size_t)k < sizeof(f->text))
		f->len += (size_t)k;
	f->n++;
	return 0;
}

/* The destinations of text with the steps they took into *steps. */
static const char *dest(struct db *db, const char *text, int *partial, long long *steps,
			struct found *f)
{
	struct error err = ERROR_INIT;
	long long total = 0;

	memset(f, 0, sizeof(*f));
	for (sqlite3_stmt *st = sqlite3_next_stmt(db->sql, NULL); st; st = sqlite3_next_stmt(db->sql, st))
		sqlite3_stmt_status(st, SQLITE_STMTSTATUS_VM_STEP, 1);
	sqlite3_trace_v2(db->sql, SQLITE_TRACE_PROFILE, add_steps, &total);
	assert_int_equal(transfer_store_destinations(db, text, 20, found_one, f, partial, &err),
			 ST_OK);
	sqlite3_trace_v2(db->sql, 0, NULL, NULL);
	if (steps)
		*steps = total;
	return f->text;
}

/*
 * The destination search by any part of a name: prefixes first, then the
 * names holding the text, dissolved organizations never; the substring is
 * a scan of at most TRANSFER_DEST_SCAN_MAX entries of the name index, so
 * among TRANSFER_DEST_SCAN_MAX + 10,000 organizations a name past that
 * window is not found, the answer says "partial", and the steps stay
 * within the window's.
 */
static void test_destinations(void **state)
{
	struct db *db = NULL;
	struct found f;
	char sql[2048];
	const char *branch = code_by_code(&code_org_kind, ORG_BRANCH)->key;
	const char *sector = code_by_code(&code_sector, 1)->key;
	long long steps, few;
	int partial;

	(void)state;
	remove_files();
	assert_int_equal(db_open(test_db, DB_OPEN_CREATE, &db, NULL), ST_OK);
	exec_ok(db, "BEGIN");
	snprintf(sql, sizeof(sql),
		 "INSERT INTO orgs(id, code, name, kind, sector, level, parent_id, established,"
		 " dissolved) VALUES"
		 " (1, 'HB', '河北省委', '%s', '%s', 0, NULL, '1950-01-01', NULL),"
		 " (2, 'HB1', '河北第一支部', '%s', '%s', 0, NULL, '1950-01-01', NULL),"
		 " (3, 'BJ1', '北京第一支部', '%s', '%s', 0, NULL, '1950-01-01', NULL),"
		 " (4, 'BJ2', '北京第二支部', '%s', '%s', 0, NULL, '1950-01-01', '2020-01-01'),"
		 " (5, 'ZZ', '龘龘第一支部', '%s', '%s', 0, NULL, '1950-01-01', NULL)",
		 branch, sector, branch, sector, branch, sector, branch, sector, branch, sector);
	exec_ok(db, sql);
	assert_string_equal(dest(db, "第一支部", &partial, &few, &f),
			    "BJ1:北京第一支部,HB1:河北第一支部,ZZ:龘龘第一支部");
	assert_int_equal(partial, 0);
	assert_string_equal(dest(db, "北", &partial, NULL, &f),
			    "BJ1:北京第一支部,HB:河北省委,HB1:河北第一支部");
	assert_string_equal(dest(db, "第二支部", &partial, NULL, &f), "");
	assert_string_equal(dest(db, "HB", &partial, NULL, &f), "HB:河北省委,HB1:河北第一支部");
	/* a country of organizations named after 河北 and before 龘 in the name index */
	snprintf(sql, sizeof(sql),
		 "WITH RECURSIVE n(i) AS (SELECT 10 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
		 " INSERT INTO orgs(id, code, name, kind, sector, level, parent_id, established)"
		 " SELECT i, 'C' || i, '组织' || i, '%s', '%s', 0, NULL, '1950-01-01' FROM n",
		 TRANSFER_DEST_SCAN_MAX + 10000, branch, sector);
	exec_ok(db, sql);
	exec_ok(db, "COMMIT");
	exec_ok(db, "ANALYZE");
	assert_string_equal(dest(db, "第一支部", &partial, &steps, &f),
			    "BJ1:北京第一支部,HB1:河北第一支部");
	assert_int_equal(partial, 1);
	print_message("steps of a substring search: 5 organizations %lld, %d %lld\n", few,
		      TRANSFER_DEST_SCAN_MAX + 10000, steps);
	if (steps > 20LL * TRANSFER_DEST_SCAN_MAX)
		fail_msg("a substring search took %lld steps: more than its window", steps);
	/* a prefix is still found wherever it lies in the index */
	assert_string_equal(dest(db, "龘龘", &partial, NULL, &f), "ZZ:龘龘第一支部");
	assert_int_equal(partial, 1);   /* names holding it past the window may exist */
	/* a substring found often enough stops at the limit, no scan to the end */
	dest(db, "组织1", &partial, &steps, &f);
	assert_int_equal(f.n, 20);
	assert_int_equal(partial, 0);
	db_close(db);
}

static int setup(void **state)
{
	(void)state;
	snprintf(test_db, sizeof(test_db), "/tmp/test-transfer-store-%d.db", (int)getpid());
	snprintf(key_path, sizeof(key_path), "/tmp/test-transfer-store-%d.key", (int)getpid());
	setenv("ORGWORK_KEY_FILE", key_path, 1);
	return crypto_setup();
}

static int teardown(void **state)
{
	char p[300];

	(void)state;
	remove_files();
	unlink(key_path);
	snprintf(p, sizeof(p), "%s.checkpoints", key_path);
	unlink(p);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_subtree),
		cmocka_unit_test(test_destinations),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
