/*
 * gen-dues.c - the generator's party dues: for the current members (up to
 * GEN_DUES_MAX_MEMBERS of them, in id order, so that the cost is bounded
 * whatever the member count) a dues base from January of the reference
 * year, its amount computed by the rules' brackets (model/dues.c), and the
 * monthly payments of July to December with realistic arrears: most pay
 * every month (a quarter of them in one payment of the half year), about
 * one in twenty stopped paying one to five months before the end of the
 * year and about one in a hundred paid nothing in the half year (the
 * findings dues_arrears_3m and dues_arrears_6m then have something to
 * find). Deterministic: drawn from the generator's random stream. Not for
 * the rules (model/dues.c) nor SQL (store/dues-store.c, gen-store.c).
 */
#include <stdio.h>
#include <string.h>

#include "gen/gen-internal.h"
#include "model/dues.h"
#include "store/dues-store.h"
#include "store/gen-store.h"

#define GEN_DUES_MAX_MEMBERS 1000000LL

struct dues_gen {
	struct gen *g;
	struct dues_rates rates;
	int from, last;
	struct error *err;
	int rc;
};

/* A monthly income in fen: most between 2000 and 12000 yuan, a tail above. */
static long long income(struct rng *r)
{
	uint64_t k = rng_below(r, 100);

	if (k < 20)
		return 200000 + (long long)rng_below(r, 100001);         /* 2000-3000 */
	if (k < 55)
		return 300001 + (long long)rng_below(r, 200000);         /* 3000-5000 */
	if (k < 90)
		return 500001 + (long long)rng_below(r, 500000);         /* 5000-10000 */
	return 1000001 + (long long)rng_below(r, 2000000);            /* 10000-30000 */
}

static int one(long long person_id, long long org_id, void *ctx)
{
	struct dues_gen *d = ctx;
	struct rng *r = &d->g->rng;
	struct dues_base b;
	uint64_t k = rng_below(r, 100), stop;
	long long in = -1, set = -1;
	int cat, n, batch_whole;

	memset(&b, 0, sizeof(b));
	cat = k < 62 ? DC_SALARIED : k < 84 ? DC_RETIRED : k < 94 ? DC_FARMER
	      : k < 97 ? DC_STUDENT : k < 99 ? DC_UNEMPLOYED : DC_RELIEF;
	if (cat == DC_SALARIED)
		in = income(r);
	else if (cat == DC_RETIRED)
		in = 150000 + (long long)rng_below(r, 700000);
	else if (cat == DC_FARMER)
		set = d->rates.farmer_min_fen +
		      (long long)rng_below(r, (uint64_t)(d->rates.farmer_max_fen - d->rates.farmer_min_fen + 1));
	if ((d->rc = dues_monthly_fen(&d->rates, cat, in, set, &b.monthly_fen, d->err)))
		return 1;
	b.person_id = person_id;
	b.from = d->from;
	b.category = cat;
	b.income_fen = in;
	b.set_fen = set;
	b.review = d->from + 12;
	snprintf(b.actor, sizeof(b.actor), "gen");
	if ((d->rc = dues_store_add_base(d->g->db, &b, d->err)))
		return 1;
	/* months paid of July..December: all, all but the last 1-5, or none */
	k = rng_below(r, 100);
	stop = k < 1 ? 6 : k < 6 ? 1 + rng_below(r, 5) : 0;
	n = 6 - (int)stop;
	batch_whole = rng_below(r, 4) == 0;
	for (int i = 0; i < n; i++) {
		struct dues_payment p;
		int month = d->last - 5 + i;
		memset(&p, 0, sizeof(p));
		p.person_id = person_id;
		p.org_id = org_id;
		p.month = month;
		p.amount_fen = b.monthly_fen;
		p.batch = batch_whole ? person_id * 8 : person_id * 8 + 1 + i;
		p.date = dues_month_first_day(batch_whole ? d->last - 5 : month) + 9;
		snprintf(p.method, sizeof(p.method), "%s", batch_whole ? "transfer" : "cash");
		snprintf(p.actor, sizeof(p.actor), "gen");
		if ((d->rc = dues_store_add_payment(d->g->db, &p, d->err)))
			return 1;
	}
	return 0;
}

int gen_build_dues(struct gen *g, struct error *err)
{
	struct dues_gen d;
	int rc;

	memset(&d, 0, sizeof(d));
	d.g = g;
	d.err = err;
	d.from = g->year * 12;
	d.last = g->year * 12 + 11;
	if (dues_rates_default(dues_month_first_day(d.from), &d.rates, err)) {
		error_clear(err);
		return ST_OK;   /* a year before the 2008 rules: no dues */
	}
	if ((rc = gen_store_dues_members(g->db, GEN_DUES_MAX_MEMBERS, one, &d, err)))
		return rc;
	return d.rc;
}
