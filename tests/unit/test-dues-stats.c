/*
 * test-dues-stats.c - the statistics engine's dues by subtree and month
 * (stats/dues.c) equal the sum of the ledgers (ops/dues-ops.c dues_ledger)
 * of the subtree's organizations, month by month, field by field: on a
 * generated set of several branches under two committees (bases by the
 * month, payments of one month and of several at once, reductions and
 * exemptions, special payments, members who stopped paying), after a later
 * payment, reduction and special payment through ops/ with the cell of the
 * member's branch recomputed, and after a member moved to another branch.
 * Also: the range and horizon checks, and that the grouped read and the
 * read of one organization give the same cells.
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
#include "stats/stats.h"
#include "store/db-internal.h"
#include "store/stats-source.h"

static char test_db[256], key_path[256];

/* the tree: 1 R > 2 P > {3 A, 4 B}; R > 5 C; 6 U another root */
#define NR_ORGS 6
static const long long parent_of[NR_ORGS + 1] = { 0, 0, 1, 2, 2, 1, 0 };

static int in_subtree(long long org, long long root)
{
	for (; org; org = parent_of[org])
		if (org == root)
			return 1;
	return 0;
}

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

static unsigned long long rng = 12345;
static unsigned rnd(unsigned n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((rng >> 33) % n);
}

static const char *mstr(int m, char *buf)
{
	return dues_month_format(m, buf);
}

#define M0 (2024 * 12 + 9)   /* 2024-10 */
#define M1 (2025 * 12 + 11)  /* 2025-12 */

/* n members in org with generated dues records. */
static void members(struct db *db, long long org, int n)
{
	char sql[1024], a[8], b[8];

	for (int i = 0; i < n; i++) {
		long long pid;
		int from = M0 + (int)rnd(6), last = from + (int)rnd(14);
		long long fen = 20 + 100 * (long long)rnd(40);

		snprintf(sql, sizeof(sql),
			 "INSERT INTO persons(name, sex, birth_date, ethnicity, education, occupation,"
			 " pinyin, initials, sort_key, org_id, status, admitted, full_date)"
			 " VALUES('m%lld_%d', 1, '1960-01-01', 1, 21, 'workers', 'p', 'p',"
			 " randomblob(8), %lld, '%s', '2000-01-01', '2001-01-01')",
			 org, i, org, rnd(10) ? "full" : "probationary");
		exec_ok(db, sql);
		pid = sqlite3_last_insert_rowid(db->sql);
		if (rnd(8) == 0)
			continue;      /* no dues base at all */
		snprintf(sql, sizeof(sql),
			 "INSERT INTO dues_bases(person_id, from_month, category, income_fen,"
			 " monthly_fen, review_month, actor) VALUES(%lld, '%s', 'salaried', 1,"
			 " %lld, '2026-01', 't')", pid, mstr(from, a), fen);
		exec_ok(db, sql);
		if (rnd(3) == 0) {   /* a raise later */
			snprintf(sql, sizeof(sql),
				 "INSERT INTO dues_bases(person_id, from_month, category, income_fen,"
				 " monthly_fen, review_month, actor) VALUES(%lld, '%s', 'salaried', 1,"
				 " %lld, '2026-01', 't')", pid, mstr(from + 3 + (int)rnd(5), a), fen + 500);
			exec_ok(db, sql);
		}
		if (rnd(4) == 0) {   /* a reduction or an exemption */
			int rf = from + (int)rnd(8), rt = rf + (int)rnd(3);
			int open = rnd(4) == 0, exempt = rnd(2);
			char tm[16];
			if (open)
				snprintf(tm, sizeof(tm), "NULL");
			else
				snprintf(tm, sizeof(tm), "'%s'", mstr(rt, b));
			snprintf(sql, sizeof(sql),
				 "INSERT INTO dues_reliefs(person_id, kind, from_month, to_month,"
				 " monthly_fen, approval, approved_date, actor) VALUES(%lld, '%s',"
				 " '%s', %s, %lld, 'x', '2024-01-01', 't')", pid,
				 exempt ? "exempt" : "reduce", mstr(rf, a), tm, exempt ? 0 : fen / 2);
			exec_ok(db, sql);
		}
		for (int m = from; m <= last && m <= M1; m++) {
			int k = rnd(5) == 0 ? 3 : 1;   /* sometimes three months at once */
			long long paid = rnd(6) == 0 ? fen / 3 : fen;   /* sometimes short */
			if (rnd(7) == 0)
				continue;    /* a month skipped */
			for (int j = 0; j < k && m + j <= M1; j++) {
				snprintf(sql, sizeof(sql),
					 "INSERT INTO dues_payments(person_id, org_id, month, amount_fen,"
					 " paid_date, batch, actor) VALUES(%lld, %lld, '%s', %lld,"
					 " '2025-01-10', %lld, 't')", pid, org, mstr(m + j, a), paid,
					 pid * 100 + m);
				exec_ok(db, sql);
			}
			m += k - 1;
		}
		if (rnd(5) == 0) {
			int sm = from + (int)rnd(10);
			snprintf(sql, sizeof(sql),
				 "INSERT INTO dues_specials(person_id, org_id, amount_fen, paid_date,"
				 " actor) VALUES(%lld, %lld, %u, '%s-1%u', 't')", pid, org,
				 1000 + rnd(100000), mstr(sm, a), rnd(9));
			exec_ok(db, sql);
		}
	}
	/* somebody who left: records, but no longer a current member */
	snprintf(sql, sizeof(sql),
		 "INSERT INTO persons(name, sex, birth_date, ethnicity, education, occupation,"
		 " pinyin, initials, sort_key, org_id, status, admitted, full_date, exited)"
		 " VALUES('left%lld', 1, '1960-01-01', 1, 21, 'workers', 'p', 'p', randomblob(8),"
		 " %lld, 'withdrawn', '2000-01-01', '2001-01-01', '2025-01-01')", org, org);
	exec_ok(db, sql);
	{
		long long pid = sqlite3_last_insert_rowid(db->sql);
		snprintf(sql, sizeof(sql),
			 "INSERT INTO dues_bases(person_id, from_month, category, income_fen,"
			 " monthly_fen, review_month, actor) VALUES(%lld, '2024-10', 'salaried', 1,"
			 " 9999, '2026-01', 't')", pid);
		exec_ok(db, sql);
	}
}

static struct db *make_db(void)
{
	struct db *db = NULL;
	char sql[256];
	const char *sector = code_by_code(&code_sector, 1)->key;
	const char *committee = code_by_code(&code_org_kind, ORG_COMMITTEE)->key;
	const char *branch = code_by_code(&code_org_kind, ORG_BRANCH)->key;

	remove_files();
	assert_int_equal(db_open(test_db, DB_OPEN_CREATE, &db, NULL), ST_OK);
	exec_ok(db, "BEGIN");
	for (long long o = 1; o <= NR_ORGS; o++) {
		char parent[32];
		if (parent_of[o])
			snprintf(parent, sizeof(parent), "%lld", parent_of[o]);
		else
			snprintf(parent, sizeof(parent), "NULL");
		snprintf(sql, sizeof(sql),
			 "INSERT INTO orgs(id, code, name, kind, sector, level, parent_id, established)"
			 " VALUES(%lld, 'O%lld', 'O%lld', '%s', '%s', %d, %s, '1950-01-01')", o, o, o,
			 o == 3 || o == 4 || o == 5 ? branch : committee, sector,
			 o == 3 || o == 4 || o == 5 ? 0 : 1, parent);
		exec_ok(db, sql);
	}
	for (long long o = 1; o <= NR_ORGS; o++)
		members(db, o, o == 3 ? 60 : 25);
	exec_ok(db, "COMMIT");
	return db;
}

/* What the ledger says, per member, added up for a month. */
struct sums {
	struct stats_dues_cell c;
};

static int add_row(const struct dues_ledger_row *row, void *ctx)
{
	struct stats_dues_cell *c = ctx;

	if (row->m.due_fen > 0) {
		c->members_due++;
		if (row->m.paid_fen >= row->m.due_fen)
			c->paid_full++;
	}
	return 0;
}

static void ledger_sum(struct db *db, long long root, int month, struct stats_dues_cell *c)
{
	memset(c, 0, sizeof(*c));
	for (long long o = 1; o <= NR_ORGS; o++) {
		struct dues_ledger_totals t;
		char sql[512], a[8];
		sqlite3_stmt *st;
		if (!in_subtree(o, root))
			continue;
		assert_int_equal(dues_ledger(db, o, month, add_row, c, &t, NULL), ST_OK);
		c->due_fen += t.due_fen;
		c->paid_fen += t.paid_fen;
		c->arrears_fen += t.arrears_fen;
		c->arrears_members += t.in_arrears;
		/* the special payments of its current members made in the month */
		snprintf(sql, sizeof(sql),
			 "SELECT coalesce(sum(s.amount_fen), 0) FROM dues_specials s JOIN persons p"
			 " ON p.id = s.person_id WHERE p.org_id = %lld AND p.status IN"
			 " ('probationary', 'full') AND substr(s.paid_date, 1, 7) = '%s'", o,
			 mstr(month, a));
		assert_int_equal(sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		c->special_fen += sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
}

static void check_all(struct db *db, struct stats_engine *e, const char *when)
{
	struct stats_dues_month out[STATS_DUES_MAX_MONTHS];
	int n = M1 - M0 + 1;
	long long nonzero = 0;

	assert_true(n <= STATS_DUES_MAX_MONTHS);
	for (long long root = 0; root <= NR_ORGS; root++) {
		assert_int_equal(stats_dues(e, root, M0, M1, out, NULL), ST_OK);
		for (int i = 0; i < n; i++) {
			struct stats_dues_cell want;
			char a[8];
			if (root) {
				ledger_sum(db, root, M0 + i, &want);
			} else {
				/* all: the roots R and U */
				struct stats_dues_cell u;
				ledger_sum(db, 1, M0 + i, &want);
				ledger_sum(db, 6, M0 + i, &u);
				want.members_due += u.members_due;
				want.paid_full += u.paid_full;
				want.arrears_members += u.arrears_members;
				want.due_fen += u.due_fen;
				want.paid_fen += u.paid_fen;
				want.arrears_fen += u.arrears_fen;
				want.special_fen += u.special_fen;
			}
			if (memcmp(&want, &out[i].c, sizeof(want)))
				fail_msg("%s: org %lld %s: engine %lld %lld %lld %lld %lld %lld %lld,"
					 " ledgers %lld %lld %lld %lld %lld %lld %lld", when, root,
					 mstr(M0 + i, a), out[i].c.members_due, out[i].c.paid_full,
					 out[i].c.arrears_members, out[i].c.due_fen, out[i].c.paid_fen,
					 out[i].c.arrears_fen, out[i].c.special_fen, want.members_due,
					 want.paid_full, want.arrears_members, want.due_fen,
					 want.paid_fen, want.arrears_fen, want.special_fen);
			assert_int_equal(out[i].month, M0 + i);
			nonzero += want.due_fen != 0 && want.arrears_fen != 0 && want.paid_full != 0;
		}
	}
	assert_true(nonzero > 0);

	/* the findings dues_arrears_* from the engine's runs equal those from
	 * the members' records, for every organization and month and several
	 * pairs of rule months (both found at least once each) */
	{
		static const int rule[][2] = { { 3, 6 }, { 1, 2 }, { 2, 4 }, { 2, 0 }, { 0, 3 },
					       { 1, 63 } };
		long long found_lo = 0, found_hi = 0;
		for (long long org = 1; org <= NR_ORGS; org++)
			for (int m = M0; m <= M1; m++)
				for (size_t r = 0; r < sizeof(rule) / sizeof(rule[0]); r++) {
					int as_of = dues_month_first_day(m + 1), lo, hi, elo, ehi, mx;
					uint64_t bits;
					assert_int_equal(dues_org_arrears(db, org, as_of, rule[r][0],
									  rule[r][1], &lo, &hi, NULL),
							 ST_OK);
					assert_int_equal(stats_dues_runs(e, org, m, &bits, &mx, NULL),
							 ST_OK);
					dues_org_arrears_runs(as_of, rule[r][0], rule[r][1], bits, mx,
							      &elo, &ehi);
					if (lo != elo || hi != ehi)
						fail_msg("%s: org %lld month %d rule %d/%d: records %d %d,"
							 " engine %d %d", when, org, m, rule[r][0],
							 rule[r][1], lo, hi, elo, ehi);
					found_lo += lo != DATE_NONE;
					found_hi += hi != DATE_NONE;
				}
		assert_true(found_lo > 0);
		assert_true(found_hi > 0);
	}
}

static long long member_of(struct db *db, long long org)
{
	char sql[256];
	sqlite3_stmt *st;
	long long id;

	snprintf(sql, sizeof(sql),
		 "SELECT min(p.id) FROM persons p JOIN dues_bases b ON b.person_id = p.id"
		 " WHERE p.org_id = %lld AND p.status = 'full'", org);
	assert_int_equal(sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

static void test_engine_equals_ledgers(void **state)
{
	struct db *db = make_db();
	struct stats_source src;
	struct stats_engine *e = NULL;
	struct stats_dues_month out[STATS_DUES_MAX_MONTHS];
	struct dues_relief rel;
	struct error err = ERROR_INIT;
	long long pa, pb, batch;

	(void)state;
	stats_source_init(&src, db);
	assert_int_equal(stats_engine_build(&src, &e, NULL), ST_OK);
	check_all(db, e, "after the build");

	/* later writes through ops/, then the branch's cells recomputed */
	pa = member_of(db, 3);
	pb = member_of(db, 4);
	assert_int_equal(dues_pay(db, pa, M0 + 5, 4, 12345, date_today(), "cash", "t", &batch,
				  &err), ST_OK);
	memset(&rel, 0, sizeof(rel));
	rel.kind = DR_EXEMPT;
	rel.from = M0 + 7;
	rel.to = M0 + 9;
	snprintf(rel.approval, sizeof(rel.approval), "x");
	rel.approved = date_today();
	assert_int_equal(dues_set_relief(db, pb, &rel, "t", NULL, &err), ST_OK);
	assert_int_equal(dues_pay_special(db, pa, 777, dues_month_first_day(M0 + 2) + 3, NULL, "t",
					  NULL, &err), ST_OK);
	assert_int_equal(stats_engine_dues_refresh(e, &src, 3, NULL), ST_OK);
	assert_int_equal(stats_engine_dues_refresh(e, &src, 4, NULL), ST_OK);
	check_all(db, e, "after the writes");

	/* a member moves from A to C: both organizations recomputed */
	{
		char sql[128];
		snprintf(sql, sizeof(sql), "UPDATE persons SET org_id = 5 WHERE id = %lld", pa);
		exec_ok(db, sql);
	}
	assert_int_equal(stats_engine_dues_refresh(e, &src, 3, NULL), ST_OK);
	assert_int_equal(stats_engine_dues_refresh(e, &src, 5, NULL), ST_OK);
	check_all(db, e, "after the move");

	/* a build from scratch gives the same */
	{
		struct stats_engine *e2 = NULL;
		struct stats_dues_month o2[STATS_DUES_MAX_MONTHS];
		assert_int_equal(stats_engine_build(&src, &e2, NULL), ST_OK);
		for (long long root = 0; root <= NR_ORGS; root++) {
			assert_int_equal(stats_dues(e, root, M0, M1, out, NULL), ST_OK);
			assert_int_equal(stats_dues(e2, root, M0, M1, o2, NULL), ST_OK);
			assert_memory_equal(out, o2, sizeof(out[0]) * (size_t)(M1 - M0 + 1));
		}
		stats_engine_free(e2);
	}

	/* a snapshot holds the dues of a known stamp: loaded, they answer the
	 * same, runs included (check_all); of no known stamp, none */
	{
		struct stats_engine *e3 = NULL;
		char snap[300];
		unsigned long long ds = 0;
		int hz = 0;
		snprintf(snap, sizeof(snap), "%s.snap", test_db);
		stats_engine_set_dues_stamp(e, 4242, 1);
		assert_int_equal(stats_engine_save(e, snap, 1, NULL), ST_OK);
		assert_int_equal(stats_engine_load(snap, &e3, NULL, NULL), ST_OK);
		assert_int_equal(stats_engine_dues_stamp(e3, &ds, &hz), 1);
		assert_int_equal(ds, 4242);
		assert_int_equal(hz, stats_dues_horizon(e));
		check_all(db, e3, "after a snapshot load");
		for (long long root = 0; root <= NR_ORGS; root++) {
			struct stats_dues_month o2[STATS_DUES_MAX_MONTHS];
			assert_int_equal(stats_dues(e, root, M0, M1, out, NULL), ST_OK);
			assert_int_equal(stats_dues(e3, root, M0, M1, o2, NULL), ST_OK);
			assert_memory_equal(out, o2, sizeof(out[0]) * (size_t)(M1 - M0 + 1));
		}
		stats_engine_free(e3);
		e3 = NULL;
		stats_engine_set_dues_stamp(e, 0, 0);
		assert_int_equal(stats_engine_save(e, snap, 1, NULL), ST_OK);
		assert_int_equal(stats_engine_load(snap, &e3, NULL, NULL), ST_OK);
		assert_int_equal(stats_engine_dues_stamp(e3, &ds, &hz), 0);
		assert_int_equal(stats_dues(e3, 1, M0, M1, out, NULL), ST_BUSY);
		stats_engine_free(e3);
		unlink(snap);
	}

	/* the small engine of a subtree the command line builds answers the same */
	assert_int_equal(dues_stats_db(db, 2, M0, M0 + 11, out, NULL), ST_OK);
	{
		struct stats_dues_month o2[STATS_DUES_MAX_MONTHS];
		assert_int_equal(stats_dues(e, 2, M0, M0 + 11, o2, NULL), ST_OK);
		assert_memory_equal(out, o2, sizeof(out[0]) * 12);
	}

	/* ranges */
	assert_int_equal(dues_stats(e, 1, M0, M0 + 36, out, &err), ST_INVALID);
	assert_string_equal(err.field, "to");
	error_clear(&err);
	assert_int_equal(dues_stats(e, 1, DUES_MONTH_NONE, M0, out, &err), ST_INVALID);
	assert_string_equal(err.field, "from");
	error_clear(&err);
	assert_int_equal(dues_stats(e, 1, M0 + 1, M0, out, &err), ST_INVALID);
	assert_string_equal(err.field, "to");
	error_clear(&err);
	{
		int h = stats_dues_horizon(e);
		assert_int_equal(h, dues_month_of_day(date_today()) + 12);
		assert_int_equal(stats_dues(e, 1, h - 1, h + 1, out, &err), ST_INVALID);
		assert_string_equal(err.field, "to");
		error_clear(&err);
		assert_int_equal(stats_dues(e, 1, h - 1, h, out, NULL), ST_OK);
	}
	assert_int_equal(stats_dues(e, 999, M0, M0, out, &err), ST_NOT_FOUND);
	error_clear(&err);
	stats_engine_free(e);
	db_close(db);
}

static int setup(void **state)
{
	(void)state;
	snprintf(test_db, sizeof(test_db), "/tmp/test-dues-stats-%d.db", (int)getpid());
	snprintf(key_path, sizeof(key_path), "/tmp/test-dues-stats-%d.key", (int)getpid());
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
		cmocka_unit_test(test_engine_equals_ledgers),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
