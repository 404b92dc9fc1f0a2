/*
 * test-findings.c - the findings engine's counts: the scan of the records
 * (ops/findings.c, SQL over a subtree's persons) and the statistics
 * engine's count from its columns (stats/findings.c) agree on random
 * records, for every root and several days (29 February and the last
 * day of a probation among them); and a list over a small subtree costs
 * statement steps in proportion to it, not to the table.
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

#include "core/crypto.h"
#include "core/date.h"
#include "model/codes.h"
#include "ops/findings.h"
#include "stats/source.h"
#include "stats/stats.h"
#include "steps.h"
#include "store/db-internal.h"
#include "store/stats-source.h"

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

/* A (1) with the branch A1 (2) below it, and B (3), another root: random
 * (each record's values drawn once, in a table, so that they agree)
 * persons of every stage in A1, n_b full members in B. */
static struct db *make_db(int n_a1, int n_b)
{
	struct db *db = NULL;
	char sql[4096];
	const char *committee = code_by_code(&code_org_kind, ORG_COMMITTEE)->key;
	const char *branch = code_by_code(&code_org_kind, ORG_BRANCH)->key;
	const char *sector = code_by_code(&code_sector, 1)->key;

	remove_files();
	assert_int_equal(db_open(test_db, DB_OPEN_CREATE, &db, NULL), ST_OK);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO orgs(id, code, name, kind, sector, level, parent_id, established)"
		 " VALUES(1, 'A', 'A', '%s', '%s', 0, NULL, '1950-01-01'),"
		 " (2, 'A1', 'A1', '%s', '%s', 0, 1, '1950-01-01'),"
		 " (3, 'B', 'B', '%s', '%s', 0, NULL, '1950-01-01')",
		 committee, sector, branch, sector, committee, sector);
	exec_ok(db, "BEGIN");
	exec_ok(db, sql);
	snprintf(sql, sizeof(sql),
		 "CREATE TEMP TABLE r AS"
		 " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
		 " SELECT i, abs(random()) %% 8 AS k,"
		 "  date('2017-01-01', '+' || (abs(random()) %% 2600) || ' days') AS b,"
		 "  abs(random()) %% 500 AS g1, abs(random()) %% 500 AS g2,"
		 "  abs(random()) %% 500 AS g3, abs(random()) %% 400 AS g4 FROM n;"
		 " INSERT INTO persons(name, sex, birth_date, ethnicity, education, occupation,"
		 " pinyin, initials, sort_key, org_id, status, applied, activist, target,"
		 " admitted, full_date, exited)"
		 " SELECT 'p' || i, 1, '1950-01-01', 1, 21, 'workers', 'p', 'p', randomblob(8), 2,"
		 "  CASE k WHEN 0 THEN 'applicant' WHEN 1 THEN 'activist' WHEN 2 THEN 'target'"
		 "   WHEN 3 THEN 'probationary' WHEN 7 THEN 'withdrawn' ELSE 'full' END,"
		 "  CASE WHEN k < 5 THEN b END,"
		 "  CASE WHEN k BETWEEN 1 AND 4 OR k = 7 THEN date(b, '+' || g1 || ' days') END,"
		 "  CASE WHEN k BETWEEN 2 AND 4 OR k = 7 THEN date(b, '+' || (g1 + g2) || ' days') END,"
		 "  CASE WHEN k BETWEEN 3 AND 4 OR k = 7 THEN date(b, '+' || (g1 + g2 + g3) || ' days')"
		 "   WHEN k IN (5, 6) THEN date('1975-01-01', '+' || g4 || ' days') END,"
		 "  CASE WHEN k = 4 THEN date(b, '+' || (g1 + g2 + g3 + 365 + g4 %% 60) || ' days')"
		 "   WHEN k = 5 THEN date('1976-01-01', '+' || (g4 + g1) || ' days') END,"
		 "  CASE WHEN k = 7 THEN date(b, '+' || (g1 + g2 + g3 + g4) || ' days') END"
		 " FROM r; DROP TABLE r", n_a1);
	exec_ok(db, sql);
	/* development steps and lost contact for some of them: applications
	 * with a talk in time, late or none; votes with and without approval;
	 * extensions of 6-12 months; lost contact open or regained */
	exec_ok(db,
		"INSERT INTO dev_steps(person_id, step, date, recorded_by)"
		" SELECT id, 'application', applied, 't' FROM persons"
		"  WHERE org_id = 2 AND applied IS NOT NULL AND id % 2 = 0;"
		"INSERT INTO dev_steps(person_id, step, date, recorded_by)"
		" SELECT id, 'talk', date(applied, '+' || (id % 60) || ' days'), 't' FROM persons"
		"  WHERE org_id = 2 AND applied IS NOT NULL AND id % 4 = 0;"
		"INSERT INTO dev_steps(person_id, step, date, recorded_by)"
		" SELECT id, 'branch_vote', date(target, '+100 days'), 't' FROM persons"
		"  WHERE org_id = 2 AND status = 'target' AND id % 2 = 0;"
		"INSERT INTO dev_steps(person_id, step, date, recorded_by)"
		" SELECT id, 'approval', date(target, '+' || (110 + id % 150) || ' days'), 't'"
		"  FROM persons WHERE org_id = 2 AND status = 'target' AND id % 4 = 0;"
		"INSERT INTO dev_steps(person_id, step, date, fields, recorded_by)"
		" SELECT id, 'probation_extension', date(admitted, '+1 year'),"
		"  json_object('months', CAST(6 + id % 7 AS TEXT)), 't' FROM persons"
		"  WHERE org_id = 2 AND status = 'probationary' AND id % 3 = 0;"
		"INSERT INTO standing_records(person_id, kind, start_date, end_date, actor)"
		" SELECT id, 'lost_contact', date('2018-01-01', '+' || (id % 2500) || ' days'),"
		"  CASE WHEN id % 20 = 0 THEN date('2018-01-01', '+' || (id % 2500 + 300) || ' days') END,"
		"  't' FROM persons WHERE org_id = 2 AND status IN ('full', 'probationary')"
		"  AND id % 10 = 0");
	snprintf(sql, sizeof(sql),
		 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
		 " INSERT INTO persons(name, sex, birth_date, ethnicity, education, occupation,"
		 " pinyin, initials, sort_key, org_id, status, admitted, full_date)"
		 " SELECT 'q' || i, 1, '1950-01-01', 1, 21, 'workers', 'q', 'q', randomblob(8), 3,"
		 " 'probationary', '2020-01-01', NULL FROM n", n_b);
	exec_ok(db, sql);
	exec_ok(db, "COMMIT");
	return db;
}

static void test_engine_agrees(void **state)
{
	static const char *const days[] = { "2019-06-30", "2021-02-28", "2024-02-29",
					    "2025-11-25", "2026-06-30", "2026-07-01" };
	struct db *db = make_db(4000, 300);
	struct stats_source src;
	struct stats_engine *e = NULL;
	long long sql_n[16], eng_n[16], seen = 0;

	(void)state;
	assert_true(nr_finding_rules <= 16);
	stats_source_init(&src, db);
	assert_int_equal(stats_engine_build(&src, &e, NULL), ST_OK);
	for (size_t d = 0; d < sizeof(days) / sizeof(days[0]); d++) {
		for (long long root = 0; root <= 3; root++) {
			struct finding_params fp;
			int day;
			assert_int_equal(date_parse(days[d], &day), 0);
			assert_int_equal(findings_params(db, day, &fp, NULL), ST_OK);
			assert_int_equal(findings_count(db, root, &fp, sql_n, NULL), ST_OK);
			assert_int_equal(findings_count_engine(db, e, root, &fp, eng_n, NULL), ST_OK);
			for (size_t i = 0; i < nr_finding_rules; i++) {
				if (sql_n[i] != eng_n[i])
					fail_msg("%s on %s under %lld: scan %lld, engine %lld",
						 finding_rules[i].key, days[d], root, sql_n[i],
						 eng_n[i]);
				seen += sql_n[i];
			}
		}
	}
	/* the random records do make findings of every person rule */
	assert_true(seen > 100);
	stats_engine_free(e);
	db_close(db);
}

/* every person rule finds somebody among the random records on some day */
static void test_rules_all_seen(void **state)
{
	struct db *db = make_db(4000, 0);
	long long n[16], any[16] = { 0 };

	(void)state;
	for (int y = 2018; y <= 2026; y++) {
		struct finding_params fp;
		assert_int_equal(findings_params(db, date_from_ymd(y, 6, 1), &fp, NULL), ST_OK);
		assert_int_equal(findings_count(db, 1, &fp, n, NULL), ST_OK);
		for (size_t i = 0; i < nr_finding_rules; i++)
			any[i] += n[i];
	}
	for (size_t i = 0; i < nr_finding_rules; i++)
		if (finding_rules[i].subject == FINDING_PERSON && !any[i])
			fail_msg("no finding of %s in the random records", finding_rules[i].key);
	db_close(db);
}

/* A list over A1 (300 persons) beside B (30,000): steps follow the subtree. */
static void test_list_cost(void **state)
{
	struct db *db = make_db(300, 30000);
	struct findings_page p;
	long long most = 0;

	(void)state;
	exec_ok(db, "ANALYZE");
	steps_watch(db->sql, &most);
	assert_int_equal(findings_list(db, 1, date_from_ymd(2026, 11, 25), NULL, NULL, 5, &p,
				       NULL), ST_OK);
	steps_unwatch(db->sql);
	assert_true(p.total > 0);
	findings_page_release(&p);
	/* a few steps per person of A1; a scan of the 30,300 persons takes millions */
	if (most >= 60000)
		fail_msg("a findings statement took %lld steps: it scanned a table", most);
	steps_watch(db->sql, &most);
	assert_int_equal(findings_list(db, 3, date_from_ymd(2026, 11, 25), NULL, NULL, 5, &p,
				       NULL), ST_OK);
	steps_unwatch(db->sql);
	assert_int_equal(p.total, 30000);
	findings_page_release(&p);
	if (most < 60000)
		fail_msg("the big subtree took only %lld steps: the bound says nothing", most);
	db_close(db);
}

static int setup(void **state)
{
	(void)state;
	snprintf(test_db, sizeof(test_db), "/tmp/test-findings-%d.db", (int)getpid());
	snprintf(key_path, sizeof(key_path), "/tmp/test-findings-%d.key", (int)getpid());
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
		cmocka_unit_test(test_engine_agrees),
		cmocka_unit_test(test_rules_all_seen),
		cmocka_unit_test(test_list_cost),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
