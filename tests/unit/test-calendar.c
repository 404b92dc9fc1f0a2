/*
 * test-calendar.c - the working-day calendar, pure (model/calendar.c and
 * the shipped spans of model/calendar-data.c): the table is well formed
 * (dates valid, no day listed twice, every working day listed is a
 * Saturday or Sunday, every span has its notice), each year's working days
 * match the count worked out by hand from the notices, and counting and
 * the n-th working day within a year, with the installation's dates over
 * the shipped ones.
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
#include "core/error.h"
#include "model/calendar.h"
#include "ops/calendar.h"
#include "store/calendar-store.h"
#include "store/db.h"
#include "store/db-internal.h"
#include "steps.h"

static int D(const char *s)
{
	int d;

	assert_int_equal(date_parse(s, &d), ST_OK);
	return d;
}

static void test_table(void **state)
{
	static unsigned char seen[2100 * 366 / 8 + 1];
	int base = date_from_ymd(2019, 1, 1);

	(void)state;
	memset(seen, 0, sizeof(seen));
	assert_true(nr_calendar_spans > 7 * 10);
	for (size_t i = 0; i < nr_calendar_spans; i++) {
		const struct calendar_span *s = &calendar_spans[i];
		int a, b;

		assert_true(date_valid_ymd(s->y1, s->m1, s->d1));
		assert_true(date_valid_ymd(s->y2, s->m2, s->d2));
		a = date_from_ymd(s->y1, s->m1, s->d1);
		b = date_from_ymd(s->y2, s->m2, s->d2);
		assert_true(a <= b);
		assert_true(b - a < 9);            /* the longest holiday: 9 days */
		assert_true(s->source && strstr(s->source, "国务院办公厅"));
		assert_true(s->name && s->name[0]);
		if (s->kind == CAL_WORKDAY) {
			assert_int_equal(a, b);
			assert_true(date_weekday(a) >= 5);   /* 星期六 or 星期日 */
		} else {
			assert_int_equal(s->kind, CAL_HOLIDAY);
		}
		for (int d = a; d <= b; d++) {
			int k = d - base;

			assert_true(k >= 0 && k < (int)sizeof(seen) * 8);
			assert_false(seen[k / 8] & (1 << (k % 8)));   /* listed once */
			seen[k / 8] |= (unsigned char)(1 << (k % 8));
		}
	}
}

/* Weekdays minus holidays on weekdays plus working weekend days, counted
 * by hand from each notice. */
static void test_year_totals(void **state)
{
	static const struct { int year, workdays; } want[] = {
		{ 2020, 249 },   /* 262 - 19 + 6; 1 Feb no longer worked (2020-1) */
		{ 2021, 250 },   /* 261 - 18 + 7 */
		{ 2022, 249 },   /* 260 - 18 + 7 */
		{ 2023, 249 },   /* 260 - 18 + 7 */
		{ 2024, 251 },   /* 262 - 19 + 8 */
		{ 2025, 248 },   /* 261 - 18 + 5 */
		{ 2026, 248 },   /* 261 - 19 + 6 */
	};
	struct calendar_year y;

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		calendar_year_init(&y, want[i].year);
		assert_true(y.covered);
		assert_int_equal(calendar_year_count(&y, y.first, y.first + y.nr_days - 1),
				 want[i].workdays);
	}
	calendar_year_init(&y, 2019);
	assert_false(y.covered);
	calendar_year_init(&y, 2027);
	assert_false(y.covered);
}

static void test_days(void **state)
{
	struct calendar_year y;
	int n, out;

	(void)state;
	calendar_year_init(&y, 2024);
	assert_true(calendar_year_is_workday(&y, D("2024-02-04")));    /* Sunday, 调休 */
	assert_false(calendar_year_is_workday(&y, D("2024-02-10")));
	assert_false(calendar_year_is_workday(&y, D("2024-02-12")));   /* Monday, 春节 */
	assert_true(calendar_year_is_workday(&y, D("2024-02-09")));    /* 除夕, not a holiday */
	assert_true(calendar_year_is_workday(&y, D("2024-02-18")));
	assert_false(calendar_year_is_workday(&y, D("2024-03-02")));   /* plain Saturday */
	assert_true(calendar_year_is_workday(&y, D("2024-03-04")));
	/* 2024-02-01 .. 02-29: 21 weekdays - 5 + 2 */
	assert_int_equal(calendar_year_count(&y, D("2024-02-01"), D("2024-02-29")), 18);
	assert_int_equal(calendar_year_count(&y, D("2024-02-10"), D("2024-02-17")), 0);
	/* the first working day from the holiday's first day is the Sunday after */
	n = 1;
	assert_true(calendar_year_nth(&y, D("2024-02-10"), &n, &out));
	assert_int_equal(out, D("2024-02-18"));
	n = 2;
	assert_true(calendar_year_nth(&y, D("2024-02-09"), &n, &out));
	assert_int_equal(out, D("2024-02-18"));
	/* running off the year's end lowers n by the working days passed */
	n = 3;
	assert_false(calendar_year_nth(&y, D("2024-12-30"), &n, &out));
	assert_int_equal(n, 1);

	/* the installation's date wins over the shipped one */
	calendar_year_set(&y, D("2024-02-18"), CAL_HOLIDAY);
	assert_false(calendar_year_is_workday(&y, D("2024-02-18")));
	assert_int_equal(calendar_year_count(&y, D("2024-02-01"), D("2024-02-29")), 17);

	/* a year outside the shipped ones is covered once a date of it is set */
	calendar_year_init(&y, 2027);
	assert_false(y.covered);
	calendar_year_set(&y, D("2027-01-01"), CAL_HOLIDAY);
	assert_true(y.covered);
	assert_false(calendar_year_is_workday(&y, D("2027-01-01")));   /* a Friday */
	assert_int_equal(calendar_kind_parse("holiday"), CAL_HOLIDAY);
	assert_int_equal(calendar_kind_parse("workday"), CAL_WORKDAY);
	assert_int_equal(calendar_kind_parse("Holiday"), -1);
}

static void remove_files(const char *path)
{
	static const char *const ext[] = { "", ".key", "-wal", "-shm", ".key.checkpoints" };
	char p[300];

	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", path, ext[i]);
		unlink(p);
	}
}

static void test_db_cost(void **state)
{
	char path[256], key[300];
	struct db *db;
	struct error err = ERROR_INIT;
	long long most;
	int n, day;

	(void)state;
	snprintf(path, sizeof(path), "/tmp/test-calendar-%d.db", (int)getpid());
	snprintf(key, sizeof(key), "%s.key", path);
	remove_files(path);
	setenv("ORGWORK_KEY_FILE", key, 1);
	assert_int_equal(db_open(path, DB_OPEN_CREATE, &db, &err), ST_OK);

	/* the installation lists every Monday of 2100-2199 as a holiday */
	assert_int_equal(db_begin(db, &err), ST_OK);
	for (day = date_from_ymd(2100, 1, 4); day < date_from_ymd(2200, 1, 1); day += 7)
		assert_int_equal(calendar_store_insert(db, day, CAL_HOLIDAY, "t.csv", "test",
						       &err), ST_OK);
	assert_int_equal(db_commit(db, &err), ST_OK);

	steps_watch(db->sql, &most);
	assert_int_equal(calendar_workdays(db, D("2024-02-01"), D("2024-02-29"), &n, &err), ST_OK);
	steps_unwatch(db->sql);
	assert_int_equal(n, 18);
	assert_true(most < 100);     /* a scan of the 5000 rows would take far more */

	/* a covered year of the installation's: Mondays off */
	steps_watch(db->sql, &most);
	assert_int_equal(calendar_workdays(db, D("2150-03-01"), D("2150-03-31"), &n, &err), ST_OK);
	steps_unwatch(db->sql);
	assert_int_equal(n, 22 - 5);   /* March 2150: 22 weekdays, 5 of them Mondays */
	assert_true(most < 400);
	assert_int_equal(calendar_add_workdays(db, D("2150-03-06"), 2, &day, &err), ST_OK);
	assert_int_equal(day, D("2150-03-10"));    /* Fri 6; Mon 9 off; Tue 10 */
	assert_int_equal(calendar_is_workday(db, D("2150-03-09"), &n, &err), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(calendar_is_workday(db, D("2099-03-09"), &n, &err), ST_INVALID);
	assert_string_equal(err.code, "calendar_not_covered");
	assert_string_equal(err.field, "date");

	db_close(db);
	remove_files(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_year_totals),
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_db_cost),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
