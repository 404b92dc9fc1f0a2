/*
 * dues-ops.h - party dues as acts and reports: a member's dues base (from a
 * month: category and income or set amount, the monthly amount by the
 * rules in force), reductions and exemptions with their approval, monthly
 * payments (several months at once, one transaction: all months or none),
 * special payments, and what is due, paid and in arrears by month. Each
 * write is one transaction with its audit rows (the tables' triggers).
 *
 * Nothing here authorizes: the caller decides whether its user may act for
 * the person or organization (ops/auth.h). Not for SQL
 * (store/dues-store.c) nor the amounts' arithmetic (model/dues.c).
 */
#ifndef OW_DUES_OPS_H
#define OW_DUES_OPS_H

#include <stdint.h>

#include "core/error.h"
#include "model/dues.h"
#include "store/dues-store.h"

struct db;
struct stats_engine;
struct stats_dues_month;

/* The rates in force on day, with the installation's overrides. */
int dues_rates_at(struct db *db, int day, struct dues_rates *r, struct error *err);

/*
 * Records a dues base of person_id (a current member) from month `from`
 * (category; income_fen or set_fen, -1 when not given), the monthly amount
 * computed by the rates in force on the month's first day; the review is
 * due dues.base_review_months later. Errors: those of dues_monthly_fen,
 * "from" missing or more than a year ahead (out_of_range), "status" not a
 * current member (ST_CONFLICT), ST_NOT_FOUND no such person.
 */
int dues_set_base(struct db *db, long long person_id, int category, long long income_fen,
		  long long set_fen, int from, const char *actor, struct dues_base *out,
		  struct error *err);

/*
 * Records a reduction (monthly_fen, lower than the base) or an exemption of
 * person_id from month `from` to `to` (DUES_MONTH_NONE: open), approved on
 * day `approved` under the reference `approval` (required).
 */
int dues_set_relief(struct db *db, long long person_id, const struct dues_relief *in,
		    const char *actor, struct dues_relief *out, struct error *err);

/*
 * Records the payment of total_fen for months month .. month+n-1 (n 1..12),
 * paid on day date (not in the future) by method (optional), split evenly
 * over the months (model dues_split), as one batch in one transaction.
 * Each month needs a base in force ("month", dues_no_base). *batch gets
 * the batch number.
 */
int dues_pay(struct db *db, long long person_id, int month, int n, long long total_fen,
	     int date, const char *method, const char *actor, long long *batch,
	     struct error *err);

/* Records a special payment (voluntary, apart from the monthly dues). */
int dues_pay_special(struct db *db, long long person_id, long long amount_fen, int date,
		     const char *note, const char *actor, struct dues_special *out,
		     struct error *err);

/* One month of a member's dues. */
struct dues_month {
	int month;
	long long due_fen;         /* -1: no base in force (nothing due) */
	long long paid_fen;
	int last_paid;             /* day of the last payment, DATE_NONE */
	char method[4 * DUES_METHOD_MAX_CHARS + 1];
	int arrears_months;        /* months in a row up to this one paid short */
	long long arrears_fen;     /* all months up to this one: due less paid */
};

/* f's arrays as the month rule reads them (borrowed). */
void dues_records_of(const struct dues_file *f, struct dues_records *r);

/* The month of f (a person's records) as of month (model dues_months). */
void dues_month_of(const struct dues_file *f, int month, struct dues_month *out);

/* A row of the ledger: one member of the organization in the month. */
struct dues_ledger_row {
	long long person_id;
	const char *name;
	struct dues_month m;
};
struct dues_ledger_totals {
	long long members, due_fen, paid_fen, arrears_fen, in_arrears;
};

/*
 * The ledger of org_id (its own current members) for month: fn per member,
 * then the totals. Cost: the organization's members and their records.
 */
int dues_ledger(struct db *db, long long org_id, int month,
		int (*fn)(const struct dues_ledger_row *row, void *ctx), void *ctx,
		struct dues_ledger_totals *totals, struct error *err);

/*
 * The findings of dues arrears of org_id as of day as_of, in one pass over
 * its current members: a member whose dues were paid short for at least
 * lo months in a row (and fewer than hi) up to the month before as_of's
 * sets *due_lo, one of hi months or more *due_hi (lo or hi 0 or less: not
 * looked for): the earliest first day of the month after the one that made
 * a member's run reach lo (hi), DATE_NONE when no member is such. Cost: the
 * organization's members and their dues records.
 */
int dues_org_arrears(struct db *db, long long org_id, int as_of, int lo, int hi, int *due_lo,
		     int *due_hi, struct error *err);

/*
 * The same from the arrears runs of the organization's members in the
 * month before as_of as the statistics engine holds them (stats.h
 * stats_dues_runs: bit k set for a run of k months, 63 for 63 or more;
 * max_run the longest), with the same answers while hi is below 64.
 */
void dues_org_arrears_runs(int as_of, int lo, int hi, uint64_t bits, int max_run,
			   int *due_lo, int *due_hi);

/*
 * Dues collected and arrears by subtree and month (the statistics engine,
 * stats/stats.h stats_dues): the range check every caller uses, from and
 * to month numbers (DUES_MONTH_NONE when not given): "from" and "to" are
 * required, "to" not before "from" (dues_to_before_from) and at most
 * STATS_DUES_MAX_MONTHS months (out_of_range, param max).
 */
int dues_stats_range(int from, int to, struct error *err);

/*
 * The months from .. to of the subtree of org_id from the engine e (a
 * server's, ops/stats-live.h): out[0 .. to-from]. Errors: those of
 * dues_stats_range and stats_dues.
 */
int dues_stats(struct stats_engine *e, long long org_id, int from, int to,
	       struct stats_dues_month *out, struct error *err);

/*
 * The same from db without a running engine (the command line): an engine
 * of the subtree of org_id alone (its organizations, dissolved ones too, as
 * the server's engine holds them, and their own members' dues, read
 * organization by organization: the cost is the subtree's organizations and
 * their members' dues records, never the country's; past 20,000
 * organizations one read of all members' dues, kept for the subtree, costs
 * less). ST_NOT_FOUND for an unknown org_id.
 */
int dues_stats_db(struct db *db, long long org_id, int from, int to,
		  struct stats_dues_month *out, struct error *err);

#endif
