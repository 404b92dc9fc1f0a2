/*
 * dues.h - party dues (党费) as pure rules: the member's category, the
 * monthly amount in fen from the category and the monthly income by the
 * brackets of the rules catalogue (Regulations on the Collection, Use and
 * Management of Party Dues, 2008), months as numbers, yuan amounts read
 * into fen, and what a member owes for a month given the base, reductions
 * and exemptions in force.
 *
 * Integer arithmetic only: amounts are fen (1/100 yuan), rates permille; a
 * percentage is taken of the whole income and rounded half up to the fen.
 * Pure: no I/O, no store. Not for where the rates' values are read (the
 * catalogue's defaults here for tests and reports; with the installation's
 * overrides in ops/dues-ops.c) nor for storage (store/dues-store.c).
 */
#ifndef OW_DUES_H
#define OW_DUES_H

#include <stddef.h>

#include "core/error.h"

enum dues_category {
	DC_SALARIED = 1,  /* "salaried": monthly after-tax pay, four brackets */
	DC_RETIRED,       /* "retired": monthly pension, two brackets */
	DC_STUDENT,       /* "student": the fixed monthly amount */
	DC_UNEMPLOYED,    /* "unemployed": the fixed monthly amount */
	DC_FARMER,        /* "farmer": an amount set by the branch within the rule's range */
	DC_RELIEF,        /* "relief": living on relief or the minimum allowance: fixed */
};
#define DC_MAX DC_RELIEF

/* "salaried", ...; NULL for an unknown category. */
const char *dues_category_key(int category);
/* The category of a key, or 0. */
int dues_category_parse(const char *key);
/* 1 when the category's amount is a percentage of an income. */
int dues_category_has_income(int category);

/*
 * The rates of one day, from the rules catalogue (keys RULE_DUES_* of
 * model/rules.h): bounds and fixed amounts in fen, rates in permille.
 */
struct dues_rates {
	long long salaried_bound[3];
	long long salaried_rate[4];
	long long retired_bound;
	long long retired_rate[2];
	long long fixed_fen;
	long long farmer_min_fen, farmer_max_fen;
};

/* The keys of the rates and where each goes (for loaders with overrides). */
struct dues_rate_key {
	const char *key;
	size_t offset;    /* of a long long in struct dues_rates */
};
extern const struct dues_rate_key dues_rate_keys[];
extern const size_t nr_dues_rate_keys;

/*
 * The catalogue's default rates in force on day. ST_NOT_FOUND (field
 * "month", code dues_before_rules) before the rules apply (2008-04-01).
 */
int dues_rates_default(int day, struct dues_rates *r, struct error *err);

/* Limits of the inputs (fen). */
#define DUES_INCOME_MAX_FEN 10000000000LL   /* 100 million yuan a month */
#define DUES_AMOUNT_MAX_FEN 10000000000LL   /* a payment, a special payment */
#define DUES_REF_MAX_CHARS 40               /* approval reference (批准文号) */
#define DUES_TEXT_MAX_CHARS 200             /* reason, note */
#define DUES_METHOD_MAX_CHARS 20            /* cash, transfer, wechat, ... */
#define DUES_MAX_MONTHS 12                  /* months of one payment */

/*
 * The monthly amount in fen of category: salaried and retired from
 * income_fen by the brackets (each bound included in the lower bracket), a
 * flat rate of the whole income rounded half up to the fen; student,
 * unemployed and relief the fixed amount; farmer set_fen, which must lie
 * within the farmers' range. Errors (ST_INVALID) name their field:
 * "category" unknown (invalid_choice), "income" missing (required) or out
 * of range (out_of_range) for the income categories, "amount" missing for
 * farmers or outside their range (dues_farmer_amount, params min and max),
 * "income"/"amount" given where the category takes none
 * (dues_no_income / dues_no_amount).
 */
int dues_monthly_fen(const struct dues_rates *r, int category, long long income_fen,
		     long long set_fen, long long *out, struct error *err);

/*
 * Reads a yuan amount ("3000", "3000.5", "3000.01"; no sign, at most two
 * decimals, at most 15 digits before the point) into fen. 0 or -1.
 */
int dues_parse_yuan(const char *s, long long *fen);
/* fen as yuan text "3000.01" into buf (at least 32 bytes); returns buf. */
char *dues_format_yuan(long long fen, char *buf);

/*
 * Months are numbers: year * 12 + (month - 1). "YYYY-MM" (years 1921..9999)
 * into *month: 0 or -1. dues_month_format writes "YYYY-MM" into buf (at
 * least 8 bytes) and returns it.
 */
#define DUES_MONTH_NONE (-1)
#define DUES_MONTH_STR_SIZE 8
int dues_month_parse(const char *s, int *month);
char *dues_month_format(int month, char *buf);
/* The month of a day number, and the first day of a month. */
int dues_month_of_day(int day);
int dues_month_first_day(int month);

/* A reduction (少交) or exemption (免交) of a member's dues. */
enum dues_relief_kind { DR_REDUCE = 1, DR_EXEMPT };
const char *dues_relief_key(int kind);
int dues_relief_parse(const char *key);

/* What is due for one month: the base and reliefs in force, as the model sees them. */
struct dues_base_span {
	int from;              /* month */
	long long monthly_fen;
};
struct dues_relief_span {
	int kind;              /* enum dues_relief_kind */
	int from, to;          /* months, to included; DUES_MONTH_NONE: open */
	long long monthly_fen; /* a reduction's amount a month; 0 for an exemption */
};

/*
 * The amount due for month from bases (any order; the one with the latest
 * from on or before month applies) and reliefs (the latest-recorded one
 * covering month applies: an exemption makes it 0, a reduction its amount
 * when lower). -1 when no base applies (nothing is due: the member has no
 * base yet).
 */
long long dues_due_for(const struct dues_base_span *bases, size_t nr_bases,
		       const struct dues_relief_span *reliefs, size_t nr_reliefs, int month);

/*
 * Splits total fen over n months (1..DUES_MAX_MONTHS) evenly, the
 * remainder's fen to the first months: parts[0..n).
 */
void dues_split(long long total, int n, long long *parts);

/* The stored records (store/dues-store.h); strings are copies. */
struct dues_base {
	long long id, person_id;
	int from;                  /* month */
	int category;              /* enum dues_category */
	long long income_fen;      /* -1: none */
	long long set_fen;         /* -1: none (a farmer's amount set by the branch) */
	long long monthly_fen;
	int review;                /* month the base is due for its yearly review */
	char actor[64];
};
struct dues_relief {
	long long id, person_id;
	int kind;                  /* enum dues_relief_kind */
	int from, to;              /* months; to DUES_MONTH_NONE: open */
	long long monthly_fen;     /* a reduction's amount; 0 for an exemption */
	char approval[4 * DUES_REF_MAX_CHARS + 1];
	int approved;              /* day */
	char reason[4 * DUES_TEXT_MAX_CHARS + 1];
	char actor[64];
};
struct dues_payment {
	long long id, person_id, org_id, batch;
	int month;
	long long amount_fen;
	int date;                  /* day paid */
	char method[4 * DUES_METHOD_MAX_CHARS + 1];
	char actor[64];
};
struct dues_special {
	long long id, person_id, org_id;
	long long amount_fen;
	int date;
	char note[4 * DUES_TEXT_MAX_CHARS + 1];
	char actor[64];
};

/*
 * One member's records as the month rule reads them (arrays borrowed, in the
 * order the store gives: bases by from-month then recording, reliefs by
 * recording, payments by month, specials by day; only the fields used here
 * need be set: from, monthly_fen; kind, from, to, monthly_fen; month,
 * amount_fen; date, amount_fen).
 */
struct dues_records {
	const struct dues_base *bases;
	size_t nr_bases;
	const struct dues_relief *reliefs;
	size_t nr_reliefs;
	const struct dues_payment *payments;
	size_t nr_payments;
	const struct dues_special *specials;
	size_t nr_specials;
};

/* One month of a member's dues by the rule (the ledger's and the statistics'). */
struct dues_month_sum {
	int month;
	long long due_fen;         /* -1: no base in force (nothing due) */
	long long paid_fen;        /* monthly dues paid for the month */
	long long special_fen;     /* special payments made in the month */
	int arrears_months;        /* months in a row up to this one paid short
				      (exempt months neither count nor break the run) */
	long long arrears_fen;     /* all months up to this one: due less paid */
};

/* The month of the member's first base, DUES_MONTH_NONE without a base. */
int dues_first_month(const struct dues_records *r);

/*
 * The one home of the month rule: out[0 .. n) for the months from ..
 * from+n-1 of r. A month is paid short when its due is more than 0 and more
 * than paid; arrears run from the first base. Cost: (months since the first
 * base + n) times the records.
 */
void dues_months(const struct dues_records *r, int from, int n, struct dues_month_sum *out);

#endif
