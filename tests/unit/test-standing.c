/*
 * test-standing.c - what standing and discipline records mean on a day
 * (model/standing.c): kinds and their keys, in force, good standing, the
 * flag each kind keeps in step.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/date.h"
#include "model/codes.h"
#include "model/standing.h"

static struct standing_record rec(int kind, int start, int end)
{
	struct standing_record r;

	standing_record_init(&r);
	r.kind = kind;
	r.start = start;
	r.end = end;
	return r;
}

static void keys(void **state)
{
	(void)state;
	for (int k = SK_LOST_CONTACT; k <= SK_EXPULSION; k++)
		assert_int_equal(standing_kind_parse(standing_kind_key(k)), k);
	assert_int_equal(standing_kind_parse("serious-warning"), SK_SERIOUS_WARNING);
	assert_int_equal(standing_kind_parse("reprimand"), 0);
	assert_int_equal(standing_kind_parse(NULL), 0);
	assert_int_equal(standing_kind_parse("a-very-long-key-that-is-no-kind-at-all"), 0);
	assert_null(standing_kind_key(0));
	assert_null(standing_kind_key(SK_EXPULSION + 1));
	assert_false(standing_kind_is_sanction(SK_STOPPED));
	assert_true(standing_kind_is_sanction(SK_WARNING));
	assert_true(standing_kind_is_sanction(SK_EXPULSION));
}

static void in_force(void **state)
{
	int d = date_from_ymd(2025, 3, 1), e = date_from_ymd(2026, 3, 1);
	struct standing_record open = rec(SK_LOST_CONTACT, d, DATE_NONE), closed = rec(SK_PROBATION, d, e);

	(void)state;
	assert_false(standing_in_force(&open, d - 1));
	assert_true(standing_in_force(&open, d));
	assert_true(standing_in_force(&open, d + 10000));
	assert_true(standing_in_force(&closed, e - 1));
	assert_false(standing_in_force(&closed, e));   /* the end day is free */
}

static void good_standing(void **state)
{
	int d = date_from_ymd(2025, 3, 1);
	struct standing_record r[] = {
		rec(SK_WARNING, d, date_add_months(d, 12)),
		rec(SK_LOST_CONTACT, d, DATE_NONE),
		rec(SK_FLOATING, d, DATE_NONE),
		rec(SK_PROBATION, date_add_years(d, 1), date_add_years(d, 2)),
		rec(SK_STOPPED, date_add_years(d, 3), DATE_NONE),
	};

	(void)state;
	assert_true(standing_good(r, 3, d));                     /* warnings, lost contact, floating */
	assert_true(standing_good(r, 5, date_add_years(d, 1) - 1));
	assert_false(standing_good(r, 5, date_add_years(d, 1)));  /* probation */
	assert_true(standing_good(r, 5, date_add_years(d, 2)));   /* its term ended */
	assert_false(standing_good(r, 5, date_add_years(d, 3)));  /* stopped */
	assert_true(standing_good(NULL, 0, d));
}

static void flags(void **state)
{
	(void)state;
	assert_int_equal(standing_kind_flag(SK_LOST_CONTACT), MF_LOST_CONTACT);
	assert_int_equal(standing_kind_flag(SK_FLOATING), MF_FLOATING);
	assert_int_equal(standing_kind_flag(SK_STOPPED), MF_SUSPENDED);
	assert_int_equal(standing_kind_flag(SK_PROBATION), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keys),
		cmocka_unit_test(in_force),
		cmocka_unit_test(good_standing),
		cmocka_unit_test(flags),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
