/*
 * test-dues.c - party dues as pure rules (model/dues.c): the monthly amount
 * in fen at every bracket boundary the issue names (salaried 3000, 3000.01,
 * 5000, 10000, 10000.01; retired 5000 and 5000.01; students), half-up
 * rounding, farmers' range, yuan and month text, the amount due for a
 * month with bases and reliefs, and splitting a payment over months.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/date.h"
#include "model/dues.h"

static struct dues_rates rates;

static int setup(void **state)
{
	struct error err = ERROR_INIT;

	(void)state;
	return dues_rates_default(date_from_ymd(2025, 1, 1), &rates, &err);
}

/* The monthly amount in fen of category for income "yuan" (NULL: none). */
static long long amount(int category, const char *income, const char *set)
{
	struct error err = ERROR_INIT;
	long long in = -1, s = -1, out = -7;

	if (income)
		assert_int_equal(dues_parse_yuan(income, &in), 0);
	if (set)
		assert_int_equal(dues_parse_yuan(set, &s), 0);
	if (dues_monthly_fen(&rates, category, in, s, &out, &err))
		return -1000 + (long long)err.status;
	return out;
}

static void boundaries(void **state)
{
	(void)state;
	/* salaried: each bound in the lower bracket, a flat rate of the whole income */
	assert_int_equal(amount(DC_SALARIED, "3000", NULL), 1500);       /* 0.5 % */
	assert_int_equal(amount(DC_SALARIED, "3000.01", NULL), 3000);    /* 1 %: 30.0001 -> 30.00 */
	assert_int_equal(amount(DC_SALARIED, "5000", NULL), 5000);       /* 1 % */
	assert_int_equal(amount(DC_SALARIED, "5000.01", NULL), 7500);    /* 1.5 %: 75.00015 */
	assert_int_equal(amount(DC_SALARIED, "10000", NULL), 15000);     /* 1.5 % */
	assert_int_equal(amount(DC_SALARIED, "10000.01", NULL), 20000);  /* 2 %: 200.0002 */
	assert_int_equal(amount(DC_SALARIED, "0", NULL), 0);
	/* retired */
	assert_int_equal(amount(DC_RETIRED, "5000", NULL), 2500);        /* 0.5 % */
	assert_int_equal(amount(DC_RETIRED, "5000.01", NULL), 5000);     /* 1 %: 50.0001 */
	assert_int_equal(amount(DC_RETIRED, "12000", NULL), 12000);
	/* fixed amounts */
	assert_int_equal(amount(DC_STUDENT, NULL, NULL), 20);
	assert_int_equal(amount(DC_UNEMPLOYED, NULL, NULL), 20);
	assert_int_equal(amount(DC_RELIEF, NULL, NULL), 20);
}

static void rounding(void **state)
{
	(void)state;
	/* 2345.70 * 0.5 % = 11.7285 yuan = 1172.85 fen: up to 1173 */
	assert_int_equal(amount(DC_SALARIED, "2345.70", NULL), 1173);
	/* 2345.69 * 0.5 % = 1172.845 fen: up to 1173; 2345.60 -> 1172.8 -> 1173 */
	assert_int_equal(amount(DC_SALARIED, "2345.69", NULL), 1173);
	/* 2344.90 * 0.5 % = 1172.45 fen: down to 1172 */
	assert_int_equal(amount(DC_SALARIED, "2344.90", NULL), 1172);
	/* exactly half a fen: 0.01 yuan... 100 fen * 0.5 % = 0.5 fen -> 1 */
	assert_int_equal(amount(DC_SALARIED, "1", NULL), 1);
	/* 7777.77 * 1.5 % = 116.66655 yuan -> 11666.655 fen -> 11667 */
	assert_int_equal(amount(DC_SALARIED, "7777.77", NULL), 11667);
	/* the largest income allowed does not overflow */
	assert_int_equal(amount(DC_SALARIED, "100000000", NULL), 200000000);
}

static void farmers_and_errors(void **state)
{
	struct error err = ERROR_INIT;
	long long out;

	(void)state;
	assert_int_equal(amount(DC_FARMER, NULL, "0.2"), 20);
	assert_int_equal(amount(DC_FARMER, NULL, "1"), 100);
	assert_int_equal(amount(DC_FARMER, NULL, "0.5"), 50);
	assert_int_equal(amount(DC_FARMER, NULL, "1.01"), -1000 + ST_INVALID);
	assert_int_equal(amount(DC_FARMER, NULL, "0.19"), -1000 + ST_INVALID);
	assert_int_equal(dues_monthly_fen(&rates, DC_FARMER, -1, 101, &out, &err), ST_INVALID);
	assert_string_equal(err.code, "dues_farmer_amount");
	assert_string_equal(err.field, "amount");
	error_clear(&err);
	assert_int_equal(dues_monthly_fen(&rates, DC_FARMER, -1, -1, &out, &err), ST_INVALID);
	assert_string_equal(err.code, "required");
	error_clear(&err);
	assert_int_equal(dues_monthly_fen(&rates, DC_SALARIED, -1, -1, &out, &err), ST_INVALID);
	assert_string_equal(err.field, "income");
	error_clear(&err);
	assert_int_equal(dues_monthly_fen(&rates, DC_SALARIED, 100, 100, &out, &err), ST_INVALID);
	assert_string_equal(err.code, "dues_no_amount");
	error_clear(&err);
	assert_int_equal(dues_monthly_fen(&rates, DC_STUDENT, 100, -1, &out, &err), ST_INVALID);
	assert_string_equal(err.code, "dues_no_income");
	error_clear(&err);
	assert_int_equal(dues_monthly_fen(&rates, 0, 100, -1, &out, &err), ST_INVALID);
	assert_string_equal(err.field, "category");
	error_clear(&err);
	assert_int_equal(dues_monthly_fen(&rates, DC_SALARIED, DUES_INCOME_MAX_FEN + 1, -1,
					  &out, &err), ST_INVALID);
	assert_string_equal(err.code, "dues_amount_range");
	error_clear(&err);
	/* before the 2008 regulations no rate is in force */
	assert_int_equal(dues_rates_default(date_from_ymd(2008, 3, 31), &(struct dues_rates){ 0 },
					    &err), ST_NOT_FOUND);
	assert_string_equal(err.code, "dues_before_rules");
}

static void text(void **state)
{
	long long f;
	int m;
	char buf[32];

	(void)state;
	assert_int_equal(dues_parse_yuan("3000.01", &f), 0);
	assert_int_equal(f, 300001);
	assert_int_equal(dues_parse_yuan("0.2", &f), 0);
	assert_int_equal(f, 20);
	assert_int_equal(dues_parse_yuan("12", &f), 0);
	assert_int_equal(f, 1200);
	assert_int_equal(dues_parse_yuan("1.234", &f), -1);
	assert_int_equal(dues_parse_yuan("-1", &f), -1);
	assert_int_equal(dues_parse_yuan("1.", &f), -1);
	assert_int_equal(dues_parse_yuan(".5", &f), -1);
	assert_int_equal(dues_parse_yuan("1e3", &f), -1);
	assert_int_equal(dues_parse_yuan("", &f), -1);
	assert_int_equal(dues_parse_yuan("1234567890123456", &f), -1);
	assert_string_equal(dues_format_yuan(300001, buf), "3000.01");
	assert_string_equal(dues_format_yuan(20, buf), "0.20");
	assert_string_equal(dues_format_yuan(-150, buf), "-1.50");
	assert_int_equal(dues_month_parse("2025-03", &m), 0);
	assert_int_equal(m, 2025 * 12 + 2);
	assert_string_equal(dues_month_format(m, buf), "2025-03");
	assert_int_equal(dues_month_parse("2025-13", &m), -1);
	assert_int_equal(dues_month_parse("2025-00", &m), -1);
	assert_int_equal(dues_month_parse("2025-3", &m), -1);
	assert_int_equal(dues_month_parse("1900-01", &m), -1);
	assert_int_equal(dues_month_parse("2025-03-01", &m), -1);
	assert_int_equal(dues_month_of_day(date_from_ymd(2025, 12, 31)), 2025 * 12 + 11);
	assert_int_equal(dues_month_first_day(2025 * 12 + 11), date_from_ymd(2025, 12, 1));
	assert_int_equal(dues_category_parse("retired"), DC_RETIRED);
	assert_int_equal(dues_category_parse("pensioner"), 0);
	assert_string_equal(dues_category_key(DC_RELIEF), "relief");
}

static void due_for(void **state)
{
	int jan = 2025 * 12;
	struct dues_base_span b[] = { { jan + 3, 3000 }, { jan, 1500 } };
	struct dues_relief_span r[] = {
		{ DR_REDUCE, jan + 5, jan + 6, 1000 },
		{ DR_EXEMPT, jan + 6, DUES_MONTH_NONE, 0 },
		{ DR_REDUCE, jan + 8, jan + 8, 5000 },   /* above the base: the base applies */
	};

	(void)state;
	assert_int_equal(dues_due_for(b, 2, r, 3, jan - 1), -1);
	assert_int_equal(dues_due_for(b, 2, r, 3, jan), 1500);
	assert_int_equal(dues_due_for(b, 2, r, 3, jan + 2), 1500);
	assert_int_equal(dues_due_for(b, 2, r, 3, jan + 3), 3000);
	assert_int_equal(dues_due_for(b, 2, r, 3, jan + 5), 1000);
	assert_int_equal(dues_due_for(b, 2, r, 3, jan + 6), 0);   /* the later record wins */
	assert_int_equal(dues_due_for(b, 2, r, 3, jan + 7), 0);
	assert_int_equal(dues_due_for(b, 2, r, 3, jan + 8), 3000);
	assert_int_equal(dues_due_for(b, 2, NULL, 0, jan + 8), 3000);
}

static void split(void **state)
{
	long long p[DUES_MAX_MONTHS];

	(void)state;
	dues_split(1000, 3, p);
	assert_int_equal(p[0], 334);
	assert_int_equal(p[1], 333);
	assert_int_equal(p[2], 333);
	dues_split(4500, 3, p);
	assert_int_equal(p[0] + p[1] + p[2], 4500);
	assert_int_equal(p[2], 1500);
	dues_split(20, 1, p);
	assert_int_equal(p[0], 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(boundaries),
		cmocka_unit_test(rounding),
		cmocka_unit_test(farmers_and_errors),
		cmocka_unit_test(text),
		cmocka_unit_test(due_for),
		cmocka_unit_test(split),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
