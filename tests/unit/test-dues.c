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

static void same_month(const struct dues_month_sum *a, const struct dues_month_sum *b)
{
	assert_int_equal(a->month, b->month);
	assert_int_equal(a->due_fen, b->due_fen);
	assert_int_equal(a->paid_fen, b->paid_fen);
	assert_int_equal(a->special_fen, b->special_fen);
	assert_int_equal(a->arrears_months, b->arrears_months);
	assert_int_equal(a->arrears_fen, b->arrears_fen);
}

/* dues_months: the run and the amount owed month by month, exempt months
 * skipped, a range the same as its months one by one, the payments in any
 * order the same as in month order, special payments by the day's month. */
static void months(void **state)
{
	struct dues_base b[2];
	struct dues_relief r[1];
	struct dues_payment p[4], q[4];
	struct dues_special sp[1];
	struct dues_records rec;
	struct dues_month_sum all[8], one;
	int m0 = 2025 * 12;   /* 2025-01 */

	(void)state;
	memset(b, 0, sizeof(b));
	memset(r, 0, sizeof(r));
	memset(p, 0, sizeof(p));
	memset(sp, 0, sizeof(sp));
	b[0].from = m0;
	b[0].monthly_fen = 1000;
	b[1].from = m0 + 4;       /* 2025-05: 2000 */
	b[1].monthly_fen = 2000;
	r[0].kind = DR_EXEMPT;
	r[0].from = m0 + 2;       /* March exempt */
	r[0].to = m0 + 2;
	for (int i = 0; i < 4; i++)
		p[i].amount_fen = 1000;
	p[0].month = m0;          /* January paid */
	p[1].month = m0 + 1;      /* February paid short (two payments of 500) */
	p[1].amount_fen = 500;
	p[2].month = m0 + 1;
	p[2].amount_fen = 500 - 1;
	p[3].month = m0 + 5;      /* June paid 1000 of 2000 */
	sp[0].date = dues_month_first_day(m0 + 3) + 9;
	sp[0].amount_fen = 5000;
	rec = (struct dues_records){ b, 2, r, 1, p, 4, sp, 1 };
	assert_int_equal(dues_first_month(&rec), m0);
	dues_months(&rec, m0 - 1, 8, all);
	assert_int_equal(all[0].due_fen, -1);          /* December 2024: no base */
	assert_int_equal(all[0].arrears_fen, 0);
	assert_int_equal(all[1].arrears_months, 0);    /* January paid */
	assert_int_equal(all[2].arrears_months, 1);    /* February 1 fen short */
	assert_int_equal(all[2].arrears_fen, 1);
	assert_int_equal(all[3].due_fen, 0);           /* March exempt: the run goes on */
	assert_int_equal(all[3].arrears_months, 1);
	assert_int_equal(all[4].arrears_months, 2);    /* April unpaid */
	assert_int_equal(all[4].arrears_fen, 1001);
	assert_int_equal(all[4].special_fen, 5000);
	assert_int_equal(all[5].due_fen, 2000);        /* May: the new base */
	assert_int_equal(all[6].paid_fen, 1000);
	assert_int_equal(all[6].arrears_months, 4);
	assert_int_equal(all[6].arrears_fen, 1001 + 2000 + 1000);
	for (int k = 0; k < 8; k++) {
		dues_months(&rec, m0 - 1 + k, 1, &one);
		same_month(&one, &all[k]);
	}
	/* the same payments in another order */
	q[0] = p[3];
	q[1] = p[1];
	q[2] = p[0];
	q[3] = p[2];
	rec.payments = q;
	for (int k = 0; k < 8; k++) {
		dues_months(&rec, m0 - 1 + k, 1, &one);
		same_month(&one, &all[k]);
	}
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
		cmocka_unit_test(months),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
