/*
 * test-dues-store.c - the dues ledger of an organization costs in
 * proportion to its members and their records, not to the tables: the
 * ledger of a branch of 100 members beside one of 20,000 (each member with
 * a base and six payments) takes statement steps in proportion to the
 * small branch; and what it reports (due, paid, arrears, totals) is what
 * the rows say.
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
#include "core/date.h"
#include "model/codes.h"
#include "ops/dues-ops.h"
#include "store/db-internal.h"

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

/* n full members in org, each with a base of 10.00 from 2025-01 and the
 * payments of January to June (every seventh member none). */
static void members(struct db *db, int org, int n, const char *prefix)
{
	char sql[2048];

	snprintf(sql, sizeof(sql),
		 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
		 " INSERT INTO persons(name, sex, birth_date, ethnicity, education, occupation,"
		 " pinyin, initials, sort_key, org_id, status, admitted, full_date)"
		 " SELECT '%s' || i, 1, '1950-01-01', 1, 21, 'workers', 'p', 'p', randomblob(8), %d,"
		 " 'full', '2000-01-01', '2001-01-01' FROM n;"
		 "INSERT INTO dues_bases(person_id, from_month, category, income_fen, monthly_fen,"
		 " review_month, actor) SELECT id, '2025-01', 'salaried', 200000, 1000, '2026-01', 't'"
		 " FROM persons WHERE org_id = %d;"
		 "WITH RECURSIVE m(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM m WHERE k < 6)"
		 " INSERT INTO dues_payments(person_id, org_id, month, amount_fen, paid_date, batch, actor)"
		 " SELECT id, org_id, '2025-0' || k, 1000, '2025-0' || k || '-10', id, 't'"
		 " FROM persons, m WHERE org_id = %d AND id %% 7 <> 0",
		 n, prefix, org, org, org);
	exec_ok(db, sql);
}

static struct db *make_db(void)
{
	struct db *db = NULL;
	char sql[1024];
	const char *branch = code_by_code(&code_org_kind, ORG_BRANCH)->key;
	const char *sector = code_by_code(&code_sector, 1)->key;

	remove_files();
	assert_int_equal(db_open(test_db, DB_OPEN_CREATE, &db, NULL), ST_OK);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO orgs(id, code, name, kind, sector, level, parent_id, established)"
		 " VALUES(1, 'A', 'A', '%s', '%s', 0, NULL, '1950-01-01'),"
		 " (2, 'B', 'B', '%s', '%s', 0, NULL, '1950-01-01')",
		 branch, sector, branch, sector);
	exec_ok(db, "BEGIN");
	exec_ok(db, sql);
	members(db, 1, 100, "a");
	members(db, 2, 20000, "b");
	exec_ok(db, "COMMIT");
	exec_ok(db, "ANALYZE");
	return db;
}

static int add_steps(unsigned type, void *ctx, void *stmt, void *x)
{
	(void)type;
	(void)x;
	long long n = sqlite3_stmt_status(stmt, SQLITE_STMTSTATUS_VM_STEP, 1);
	*(long long *)ctx += n;
	return 0;
}

static long long ledger_steps(struct db *db, long long org, struct dues_ledger_totals *t)
{
	long long total = 0;

	sqlite3_trace_v2(db->sql, SQLITE_TRACE_PROFILE, add_steps, &total);
	assert_int_equal(dues_ledger(db, org, 2025 * 12 + 6, NULL, NULL, t, NULL), ST_OK);
	sqlite3_trace_v2(db->sql, 0, NULL, NULL);
	return total;
}

static void test_ledger_cost(void **state)
{
	struct db *db = make_db();
	struct dues_ledger_totals t;
	long long small, big;
	int unpaid_a = 0;

	(void)state;
	small = ledger_steps(db, 1, &t);
	/* July 2025: 10.00 due from each; nobody paid July */
	assert_int_equal(t.members, 100);
	assert_int_equal(t.due_fen, 100 * 1000);
	assert_int_equal(t.paid_fen, 0);
	assert_int_equal(t.in_arrears, 100);
	for (int id = 1; id <= 100; id++)
		unpaid_a += id % 7 == 0;
	/* July owed by all; January to June by every seventh */
	assert_int_equal(t.arrears_fen, 100 * 1000 + unpaid_a * 6 * 1000);
	big = ledger_steps(db, 2, &t);
	assert_int_equal(t.members, 20000);
	/* each member's records are found by index: the small branch costs a
	 * small fraction of the big one, never a scan of 20,100 members' rows */
	if (small * 50 > big)
		fail_msg("the ledger of 100 members took %lld steps, of 20,000 %lld", small, big);
	if (small > 200000)
		fail_msg("the ledger of 100 members took %lld steps: it scanned a table", small);
	db_close(db);
}

static int setup(void **state)
{
	(void)state;
	snprintf(test_db, sizeof(test_db), "/tmp/test-dues-store-%d.db", (int)getpid());
	snprintf(key_path, sizeof(key_path), "/tmp/test-dues-store-%d.key", (int)getpid());
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
		cmocka_unit_test(test_ledger_cost),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
