/*
 * dues.c - party dues as pure rules (dues.h): categories, the monthly
 * amount by the catalogue's brackets in integer fen, yuan and month text,
 * and the amount due for a month. Not for SQL (store/dues-store.c) nor the
 * order of the acts (ops/dues-ops.c).
 */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "model/dues.h"
#include "model/rules.h"

static const char *const category_keys[] = {
	[DC_SALARIED] = "salaried", [DC_RETIRED] = "retired", [DC_STUDENT] = "student",
	[DC_UNEMPLOYED] = "unemployed", [DC_FARMER] = "farmer", [DC_RELIEF] = "relief",
};

const char *dues_category_key(int category)
{
	return category > 0 && category <= DC_MAX ? category_keys[category] : NULL;
}

int dues_category_parse(const char *key)
{
	for (int i = 1; key && i <= DC_MAX; i++)
		if (!strcmp(category_keys[i], key))
			return i;
	return 0;
}

int dues_category_has_income(int category)
{
	return category == DC_SALARIED || category == DC_RETIRED;
}

#define RATE(k, f) { k, offsetof(struct dues_rates, f) }
const struct dues_rate_key dues_rate_keys[] = {
	RATE(RULE_DUES_SALARIED_BOUND_1, salaried_bound[0]),
	RATE(RULE_DUES_SALARIED_BOUND_2, salaried_bound[1]),
	RATE(RULE_DUES_SALARIED_BOUND_3, salaried_bound[2]),
	RATE(RULE_DUES_SALARIED_RATE_1, salaried_rate[0]),
	RATE(RULE_DUES_SALARIED_RATE_2, salaried_rate[1]),
	RATE(RULE_DUES_SALARIED_RATE_3, salaried_rate[2]),
	RATE(RULE_DUES_SALARIED_RATE_4, salaried_rate[3]),
	RATE(RULE_DUES_RETIRED_BOUND_1, retired_bound),
	RATE(RULE_DUES_RETIRED_RATE_1, retired_rate[0]),
	RATE(RULE_DUES_RETIRED_RATE_2, retired_rate[1]),
	RATE(RULE_DUES_FIXED_FEN, fixed_fen),
	RATE(RULE_DUES_FARMER_MIN_FEN, farmer_min_fen),
	RATE(RULE_DUES_FARMER_MAX_FEN, farmer_max_fen),
};
const size_t nr_dues_rate_keys = sizeof(dues_rate_keys) / sizeof(dues_rate_keys[0]);

int dues_rates_default(int day, struct dues_rates *r, struct error *err)
{
	memset(r, 0, sizeof(*r));
	for (size_t i = 0; i < nr_dues_rate_keys; i++) {
		const struct rule_def *d = rules_default(dues_rate_keys[i].key, day);
		long v = d ? rules_number(d->unit, d->value) : -1;
		if (v < 0)
			return error_setc(err, ST_NOT_FOUND, "month", "dues_before_rules",
					  "no dues rule is in force yet (rule %s)",
					  dues_rate_keys[i].key);
		*(long long *)((char *)r + dues_rate_keys[i].offset) = v;
	}
	return ST_OK;
}

/* permille of fen, rounded half up to the fen (both non-negative). */
static long long percent_of(long long fen, long long permille)
{
	return (fen * permille + 500) / 1000;
}

static int range_error(struct error *err, const char *field, const char *code,
		       long long min, long long max, const char *what)
{
	char a[32], b[32];

	error_setc(err, ST_INVALID, field, code, "%s must be %s to %s yuan", what,
		   dues_format_yuan(min, a), dues_format_yuan(max, b));
	error_param(err, "min", "%s", a);
	error_param(err, "max", "%s", b);
	return ST_INVALID;
}

int dues_monthly_fen(const struct dues_rates *r, int category, long long income_fen,
		     long long set_fen, long long *out, struct error *err)
{
	*out = 0;
	if (!dues_category_key(category))
		return error_setc(err, ST_INVALID, "category", "invalid_choice",
				  "the category is salaried, retired, student, unemployed,"
				  " farmer or relief");
	if (dues_category_has_income(category)) {
		if (set_fen >= 0)
			return error_setc(err, ST_INVALID, "amount", "dues_no_amount",
					  "the amount of a %s member follows the income: give"
					  " --income, not --amount", category_keys[category]);
		if (income_fen < 0)
			return error_setc(err, ST_INVALID, "income", "required",
					  "the monthly income of a %s member is required",
					  category_keys[category]);
		if (income_fen > DUES_INCOME_MAX_FEN)
			return range_error(err, "income", "dues_amount_range", 0, DUES_INCOME_MAX_FEN,
					   "the monthly income");
	} else if (income_fen >= 0) {
		return error_setc(err, ST_INVALID, "income", "dues_no_income",
				  "the dues of a %s member do not follow an income",
				  category_keys[category]);
	}
	switch (category) {
	case DC_SALARIED:
		for (int i = 0; i < 3; i++)
			if (income_fen <= r->salaried_bound[i]) {
				*out = percent_of(income_fen, r->salaried_rate[i]);
				return ST_OK;
			}
		*out = percent_of(income_fen, r->salaried_rate[3]);
		return ST_OK;
	case DC_RETIRED:
		*out = percent_of(income_fen, income_fen <= r->retired_bound ? r->retired_rate[0]
									      : r->retired_rate[1]);
		return ST_OK;
	case DC_FARMER:
		if (set_fen < 0)
			return error_setc(err, ST_INVALID, "amount", "required",
					  "the monthly amount of a farmer member is set by the"
					  " branch: give --amount");
		if (set_fen < r->farmer_min_fen || set_fen > r->farmer_max_fen)
			return range_error(err, "amount", "dues_farmer_amount", r->farmer_min_fen,
					   r->farmer_max_fen, "a farmer's monthly amount");
		*out = set_fen;
		return ST_OK;
	default:
		if (set_fen >= 0)
			return error_setc(err, ST_INVALID, "amount", "dues_no_amount",
					  "the amount of a %s member is fixed by the rules",
					  category_keys[category]);
		*out = r->fixed_fen;
		return ST_OK;
	}
}

int dues_parse_yuan(const char *s, long long *fen)
{
	long long v = 0;
	int digits = 0, decimals = 0;

	if (!s || !*s)
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (++digits > 15)
			return -1;
		v = v * 10 + (*s - '0');
	}
	if (!digits)
		return -1;
	if (*s == '.') {
		s++;
		for (; *s >= '0' && *s <= '9'; s++) {
			if (++decimals > 2)
				return -1;
			v = v * 10 + (*s - '0');
		}
		if (!decimals)
			return -1;
	}
	if (*s)
		return -1;
	for (; decimals < 2; decimals++)
		v *= 10;
	*fen = v;
	return 0;
}

char *dues_format_yuan(long long fen, char *buf)
{
	const char *sign = fen < 0 ? "-" : "";

	if (fen < 0)
		fen = -fen;
	snprintf(buf, 32, "%s%lld.%02lld", sign, fen / 100, fen % 100);
	return buf;
}

int dues_month_parse(const char *s, int *month)
{
	int y = 0, m = 0;

	if (!s || strlen(s) != 7 || s[4] != '-')
		return -1;
	for (int i = 0; i < 7; i++) {
		if (i == 4)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (i < 4)
			y = y * 10 + (s[i] - '0');
		else
			m = m * 10 + (s[i] - '0');
	}
	if (y < 1921 || m < 1 || m > 12)
		return -1;
	*month = y * 12 + m - 1;
	return 0;
}

char *dues_month_format(int month, char *buf)
{
	if (month < 0) {
		snprintf(buf, DUES_MONTH_STR_SIZE, "-");
		return buf;
	}
	snprintf(buf, DUES_MONTH_STR_SIZE, "%04d-%02d", (month / 12) % 10000, month % 12 + 1);
	return buf;
}

int dues_month_of_day(int day)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	return y * 12 + m - 1;
}

int dues_month_first_day(int month)
{
	return date_from_ymd(month / 12, month % 12 + 1, 1);
}

static const char *const relief_keys[] = { [DR_REDUCE] = "reduce", [DR_EXEMPT] = "exempt" };

const char *dues_relief_key(int kind)
{
	return kind == DR_REDUCE || kind == DR_EXEMPT ? relief_keys[kind] : NULL;
}

int dues_relief_parse(const char *key)
{
	if (key && !strcmp(key, "reduce"))
		return DR_REDUCE;
	if (key && !strcmp(key, "exempt"))
		return DR_EXEMPT;
	return 0;
}

long long dues_due_for(const struct dues_base_span *bases, size_t nr_bases,
		       const struct dues_relief_span *reliefs, size_t nr_reliefs, int month)
{
	const struct dues_base_span *b = NULL;
	long long due;

	for (size_t i = 0; i < nr_bases; i++)
		if (bases[i].from <= month && (!b || bases[i].from >= b->from))
			b = &bases[i];
	if (!b)
		return -1;
	due = b->monthly_fen;
	for (size_t i = nr_reliefs; i-- > 0;) {
		const struct dues_relief_span *r = &reliefs[i];
		if (r->from > month || (r->to != DUES_MONTH_NONE && r->to < month))
			continue;
		if (r->kind == DR_EXEMPT)
			return 0;
		return r->monthly_fen < due ? r->monthly_fen : due;
	}
	return due;
}

void dues_split(long long total, int n, long long *parts)
{
	if (n < 1)
		return;
	for (int i = 0; i < n; i++)
		parts[i] = total / n + (i < total % n ? 1 : 0);
}

int dues_first_month(const struct dues_records *r)
{
	int first = DUES_MONTH_NONE;

	for (size_t i = 0; i < r->nr_bases; i++)
		if (first == DUES_MONTH_NONE || r->bases[i].from < first)
			first = r->bases[i].from;
	return first;
}

#define DUES_SPANS 64

void dues_months(const struct dues_records *r, int from, int n, struct dues_month_sum *out)
{
	struct dues_base_span bs[DUES_SPANS];
	struct dues_relief_span rs[DUES_SPANS];
	size_t nb = 0, nr = 0;
	int first = dues_first_month(r), start, run = 0, sorted = 1;
	size_t next = 0;
	long long owed = 0;

	if (n <= 0)
		return;
	/* the latest DUES_SPANS of each (records of decades stay well below) */
	for (size_t i = r->nr_bases > DUES_SPANS ? r->nr_bases - DUES_SPANS : 0; i < r->nr_bases; i++)
		bs[nb++] = (struct dues_base_span){ r->bases[i].from, r->bases[i].monthly_fen };
	for (size_t i = r->nr_reliefs > DUES_SPANS ? r->nr_reliefs - DUES_SPANS : 0;
	     i < r->nr_reliefs; i++)
		rs[nr++] = (struct dues_relief_span){ r->reliefs[i].kind, r->reliefs[i].from,
						      r->reliefs[i].to, r->reliefs[i].monthly_fen };
	/* payments in month order (as the store gives them) are walked once */
	for (size_t i = 1; i < r->nr_payments; i++)
		if (r->payments[i].month < r->payments[i - 1].month)
			sorted = 0;
	start = first != DUES_MONTH_NONE && first < from ? first : from;
	for (int m = start; m < from + n; m++) {
		long long due = dues_due_for(bs, nb, rs, nr, m), paid = 0;
		struct dues_month_sum *o;

		if (sorted) {
			while (next < r->nr_payments && r->payments[next].month < m)
				next++;
			for (size_t i = next; i < r->nr_payments && r->payments[i].month == m; i++)
				paid += r->payments[i].amount_fen;
		} else {
			for (size_t i = 0; i < r->nr_payments; i++)
				if (r->payments[i].month == m)
					paid += r->payments[i].amount_fen;
		}
		if (first != DUES_MONTH_NONE && m >= first && due != 0) {
			/* exempt (or reduced to nothing): neither owed nor a break */
			if (due > 0 && paid < due) {
				owed += due - paid;
				run++;
			} else {
				run = 0;
			}
		}
		if (m < from)
			continue;
		o = &out[m - from];
		o->month = m;
		o->due_fen = due;
		o->paid_fen = paid;
		o->special_fen = 0;
		for (size_t i = 0; i < r->nr_specials; i++)
			if (dues_month_of_day(r->specials[i].date) == m)
				o->special_fen += r->specials[i].amount_fen;
		o->arrears_months = run;
		o->arrears_fen = owed;
	}
}
