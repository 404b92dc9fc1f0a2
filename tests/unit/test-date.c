/*
 * test-date.c - day-number arithmetic and date parsing (core/date.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/date.h"
#include "core/error.h"

static void round_trip_every_day(void **state)
{
	(void)state;
	int prev = date_from_ymd(1800, 1, 1) - 1;
	for (int y = 1800; y <= 2200; y++)
		for (int m = 1; m <= 12; m++)
			for (int d = 1; d <= date_days_in_month(y, m); d++) {
				int day = date_from_ymd(y, m, d), yy, mm, dd;
				assert_int_equal(day, prev + 1);
				date_to_ymd(day, &yy, &mm, &dd);
				assert_int_equal(yy * 10000 + mm * 100 + dd,
						 y * 10000 + m * 100 + d);
				prev = day;
			}
}

static void known_values(void **state)
{
	(void)state;
	char buf[DATE_STR_SIZE];
	assert_int_equal(date_from_ymd(1970, 1, 1), 0);
	assert_int_equal(date_from_ymd(2000, 3, 1), 11017);
	assert_string_equal(date_format(date_from_ymd(1949, 10, 1), buf), "1949-10-01");
	assert_int_equal(date_weekday(date_from_ymd(2026, 11, 25)), 2); /* Wednesday */
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(1900, 2), 28);
	assert_int_equal(date_days_in_month(2000, 2), 29);
}

static void parse_forms(void **state)
{
	(void)state;
	int day;
	assert_int_equal(date_parse("2023-12-31", &day), ST_OK);
	assert_int_equal(day, date_from_ymd(2023, 12, 31));
	assert_int_equal(date_parse("2023/12/31", &day), ST_OK);
	assert_int_equal(date_parse("20231231", &day), ST_OK);
	assert_int_equal(date_parse("2023-02-29", &day), ST_INVALID);
	assert_int_equal(date_parse("2023-13-01", &day), ST_INVALID);
	assert_int_equal(date_parse("2023-1-01", &day), ST_INVALID);
	assert_int_equal(date_parse("2023/12-31", &day), ST_INVALID);
	assert_int_equal(date_parse("", &day), ST_INVALID);
	assert_int_equal(date_parse("1700-01-01", &day), ST_INVALID);
	assert_int_equal(date_parse("abcd-ef-gh", &day), ST_INVALID);
}

static void month_and_year_arithmetic(void **state)
{
	(void)state;
	char buf[DATE_STR_SIZE];
	assert_string_equal(date_format(date_add_months(date_from_ymd(2024, 1, 31), 1), buf), "2024-02-29");
	assert_string_equal(date_format(date_add_months(date_from_ymd(2023, 11, 30), 3), buf), "2024-02-29");
	assert_string_equal(date_format(date_add_years(date_from_ymd(2024, 2, 29), 1), buf), "2025-02-28");
	assert_string_equal(date_format(date_add_months(date_from_ymd(2024, 3, 15), -3), buf), "2023-12-15");
	/* months before year 0 still land in January-December */
	{
		int y, m, d;
		date_to_ymd(date_add_months(date_from_ymd(0, 2, 10), -3), &y, &m, &d);
		assert_int_equal(y, -1);
		assert_int_equal(m, 11);
		assert_int_equal(d, 10);
	}
	assert_int_equal(date_years_between(date_from_ymd(1976, 7, 1), date_from_ymd(2026, 7, 1)), 50);
	assert_int_equal(date_years_between(date_from_ymd(1976, 7, 2), date_from_ymd(2026, 7, 1)), 49);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip_every_day),
		cmocka_unit_test(known_values),
		cmocka_unit_test(parse_forms),
		cmocka_unit_test(month_and_year_arithmetic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
