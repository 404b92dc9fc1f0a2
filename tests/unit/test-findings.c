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
#include "model/development.h"
#include "ops/development-ops.h"
#include "ops/findings.h"
#include "ops/member-ops.h"
#include "ops/observer.h"
#include "ops/standing-ops.h"
#include "ops/stats-live.h"
#include "stats/source.h"
#include "stats/stats.h"
#include "steps.h"
#include "store/db-internal.h"
#include "store/person-store.h"
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

/* The engine's counts of every rule equal the scan's on day under root. */
static void agree_on(struct db *db, struct stats_engine *e, long long root, const char *day_s,
		     long long *scan_n)
{
	struct finding_params fp;
	long long eng_n[16];
	int day;

	assert_int_equal(date_parse(day_s, &day), 0);
	assert_int_equal(findings_params(db, day, &fp, NULL), ST_OK);
	assert_int_equal(findings_count(db, root, &fp, scan_n, NULL), ST_OK);
	assert_int_equal(findings_count_engine(db, e, root, &fp, eng_n, NULL), ST_OK);
	for (size_t i = 0; i < nr_finding_rules; i++)
		if (scan_n[i] != eng_n[i])
			fail_msg("%s on %s under %lld: scan %lld, engine %lld",
				 finding_rules[i].key, day_s, root, scan_n[i], eng_n[i]);
}

/* A snapshot holds the tracks: the engine loaded from it counts as the
 * built one. */
static void test_snapshot_tracks(void **state)
{
	struct db *db = make_db(2000, 10);
	struct stats_source src;
	struct stats_engine *e = NULL, *l = NULL;
	char path[300];
	long long n[16];

	(void)state;
	snprintf(path, sizeof(path), "%s.snap", test_db);
	stats_source_init(&src, db);
	assert_int_equal(stats_engine_build(&src, &e, NULL), ST_OK);
	assert_int_equal(stats_engine_save(e, path, 1, NULL), ST_OK);
	assert_int_equal(stats_engine_load(path, &l, NULL, NULL), ST_OK);
	assert_int_equal(stats_engine_load_history(l, &src, NULL), ST_OK);
	{
		struct stats_engine_info a, b;
		stats_engine_info(e, &a);
		stats_engine_info(l, &b);
		assert_true(a.tracks > 100);
		assert_int_equal(a.tracks, b.tracks);
	}
	agree_on(db, l, 0, "2024-02-29", n);
	agree_on(db, l, 2, "2026-06-30", n);
	stats_engine_free(l);
	stats_engine_free(e);
	unlink(path);
	db_close(db);
}

/*
 * Members with tracks moved from A1 to B on 2025-06-01: as of a day before
 * they count at A1 (under A and A1), after at B; the engine's counts of
 * the track rules follow them as the scan's do.
 */
static void test_moved_tracks(void **state)
{
	static const char *const days[] = { "2024-02-29", "2025-05-31", "2025-06-01",
					    "2026-06-30" };
	struct db *db = make_db(2000, 10);
	struct stats_source src;
	struct stats_engine *e = NULL;
	long long n[16], id[64];
	size_t nr = 0, moved = 0;
	sqlite3_stmt *st;
	int day;

	(void)state;
	assert_int_equal(sqlite3_prepare_v2(db->sql,
		"SELECT id FROM persons WHERE org_id = 2 AND status IS NOT NULL AND id IN"
		" (SELECT person_id FROM dev_steps UNION SELECT person_id FROM standing_records)"
		" AND id % 3 = 0 ORDER BY id LIMIT 64", -1, &st, NULL), SQLITE_OK);
	while (nr < 64 && sqlite3_step(st) == SQLITE_ROW)
		id[nr++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	assert_true(nr > 20);
	assert_int_equal(date_parse("2025-06-01", &day), 0);
	/* (the random records a move validates again do not all pass) */
	for (size_t i = 0; i < nr; i++) {
		struct person p;
		assert_int_equal(db_begin(db, NULL), ST_OK);
		assert_int_equal(person_store_get(db, id[i], &p, NULL), ST_OK);
		p.org_id = 3;
		if (member_move_tx(db, &p, day, "t", NULL, NULL)) {
			db_rollback(db);
			ops_tx_end(0, 0);
			continue;
		}
		assert_int_equal(db_commit(db, NULL), ST_OK);
		ops_tx_end(1, 0);
		moved++;
	}
	assert_true(moved >= 10);
	stats_source_init(&src, db);
	assert_int_equal(stats_engine_build(&src, &e, NULL), ST_OK);
	for (size_t d = 0; d < sizeof(days) / sizeof(days[0]); d++)
		for (long long root = 0; root <= 3; root++)
			agree_on(db, e, root, days[d], n);
	stats_engine_free(e);
	db_close(db);
}

static int rule(const char *key)
{
	int i = findings_rule_index(key);

	assert_true(i >= 0);
	return i;
}

static void record_step(struct db *db, long long id, int step, const char *day,
			const char *field, const char *value)
{
	struct dev_record rec;
	struct error err = ERROR_INIT;

	memset(&rec, 0, sizeof(rec));
	rec.step = step;
	assert_int_equal(date_parse(day, &rec.date), 0);
	if (field)
		assert_int_equal(dev_field_add(&rec, field, value, NULL), ST_OK);
	if (member_step(db, id, &rec, "t", NULL, &err))
		fail_msg("step %d on %s: %s", step, day, err.message);
}

static void record_standing(struct db *db, long long id, int action, const char *day)
{
	struct standing_act a = { action, 0, "searched", 0, NULL };
	struct error err = ERROR_INIT;

	assert_int_equal(date_parse(day, &a.date), 0);
	if (standing_record_act(db, id, &a, "t", NULL, &err))
		fail_msg("standing act %d on %s: %s", action, day, err.message);
}

/*
 * The server's engine follows the steps and standing records recorded
 * through ops/ (the observer's track_changed): an application makes a
 * talk_overdue a month on, a talk in time removes it; lost contact makes
 * lost_contact_6m six months on, regained contact ends it from that day
 * (the day before keeps it). After each act the engine's counts equal the
 * scan's, which they would not if the engine missed the act.
 */
static void test_engine_follows_steps(void **state)
{
	struct db *db = make_db(300, 0);
	struct stats_engine *e;
	long long n[16], before_talk, member;
	int talk = rule("talk_overdue"), lost = rule("lost_contact_6m");
	sqlite3_stmt *st;

	(void)state;
	exec_ok(db, "INSERT INTO persons(id, name, sex, birth_date, ethnicity, education,"
		    " occupation, pinyin, initials, sort_key, org_id, status)"
		    " VALUES(900000, 'x', 1, '1990-03-03', 1, 21, 'workers', 'x', 'x',"
		    " randomblob(8), NULL, NULL)");
	/* a full member without a lost-contact record, admitted long ago */
	assert_int_equal(sqlite3_prepare_v2(db->sql,
		"SELECT id FROM persons WHERE status = 'full' AND org_id = 2"
		" AND full_date < '2020-01-01' AND id NOT IN (SELECT person_id"
		" FROM standing_records) ORDER BY id LIMIT 1", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	member = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	assert_int_equal(stats_live_start(db, NULL, NULL), ST_OK);

	assert_int_equal(stats_live_acquire(&e, NULL), ST_OK);
	agree_on(db, e, 0, "2026-03-01", n);
	before_talk = n[talk];
	stats_live_release();

	record_step(db, 900000, DEV_APPLICATION, "2026-01-05", "org", "2");
	assert_int_equal(stats_live_acquire(&e, NULL), ST_OK);
	agree_on(db, e, 0, "2026-03-01", n);
	assert_int_equal(n[talk], before_talk + 1);
	agree_on(db, e, 1, "2026-02-05", n);
	agree_on(db, e, 2, "2026-02-06", n);
	stats_live_release();

	record_step(db, 900000, DEV_TALK, "2026-01-20", NULL, NULL);
	assert_int_equal(stats_live_acquire(&e, NULL), ST_OK);
	agree_on(db, e, 0, "2026-03-01", n);
	assert_int_equal(n[talk], before_talk);
	agree_on(db, e, 2, "2026-01-10", n);
	stats_live_release();

	record_standing(db, member, SA_LOST_CONTACT, "2026-01-10");
	assert_int_equal(stats_live_acquire(&e, NULL), ST_OK);
	agree_on(db, e, 0, "2026-07-09", n);
	long long lost_before = n[lost];
	agree_on(db, e, 0, "2026-08-01", n);
	assert_int_equal(n[lost], lost_before + 1);
	stats_live_release();

	record_standing(db, member, SA_CONTACT_REGAINED, "2026-09-01");
	assert_int_equal(stats_live_acquire(&e, NULL), ST_OK);
	agree_on(db, e, 2, "2026-08-31", n);
	assert_int_equal(n[lost], lost_before + 1);
	agree_on(db, e, 2, "2026-09-01", n);
	assert_int_equal(n[lost], lost_before);
	agree_on(db, e, 0, "2026-10-01", n);
	stats_live_release();

	/* every act reached the engine as a delta: no rebuild read it */
	{
		struct stats_live_info li;
		stats_live_info(&li);
		assert_int_equal(li.builds, 1);
		assert_int_equal(li.stale, 0);
		assert_true(li.deltas >= 4);
	}
	assert_int_equal(stats_live_stop(NULL), ST_OK);
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
		cmocka_unit_test(test_snapshot_tracks),
		cmocka_unit_test(test_moved_tracks),
		cmocka_unit_test(test_engine_follows_steps),
		cmocka_unit_test(test_list_cost),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
