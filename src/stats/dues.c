/*
 * dues.c - party dues in the statistics engine: per organization and month
 * the totals of its own current members' dues (stats.h "party dues"), so
 * that a subtree's months cost its organizations, never its persons or the
 * payments of the country.
 *
 * The cells of an organization are a dense run of months, from its earliest
 * record (a member's first base or special payment) to the horizon, indexed
 * by the organization's internal index (stable for the engine's life); a
 * subtree is the preorder interval pre .. pre_end-1, so an answer walks
 * those organizations and adds their months. Each member's months come from
 * the one month rule, model/dues.h dues_months (the ledger's), never from a
 * copy of it here. Filled by one read of every member's records at a build
 * (stats_engine_load_dues) and kept current by recomputing one
 * organization from its own members after a write (stats_engine_dues_refresh).
 * Not for: the per-member ledger (ops/dues-ops.c), SQL (store/stats-source.c).
 */
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/xalloc.h"
#include "model/dues.h"
#include "stats/source.h"
#include "stats/stats-internal.h"

void stats_dues_free(struct stats_dues *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->org[i].cell);
		free(d->org[i].run);
	}
	free(d->org);
	free(d);
}

/* Makes c cover first .. horizon (zero cells added at the front). */
static void cells_cover(struct dues_org_cells *c, int first, int horizon)
{
	int n;

	if (c->cell && first >= c->first)
		return;
	n = horizon - first + 1;
	if (!c->cell) {
		c->cell = xcalloc((size_t)n, sizeof(*c->cell));
		c->run = xcalloc((size_t)n, sizeof(*c->run));
	} else {
		struct stats_dues_cell *nc = xcalloc((size_t)n, sizeof(*nc));
		struct dues_run *nr = xcalloc((size_t)n, sizeof(*nr));
		memcpy(nc + (c->first - first), c->cell, (size_t)c->n * sizeof(*nc));
		memcpy(nr + (c->first - first), c->run, (size_t)c->n * sizeof(*nr));
		free(c->cell);
		free(c->run);
		c->cell = nc;
		c->run = nr;
	}
	c->first = first;
	c->n = n;
}

/* Adds one member's months, from its earliest record to the horizon. */
static void add_member(struct dues_org_cells *c, const struct dues_records *r, int horizon)
{
	struct dues_month_sum *ms;
	int first = dues_first_month(r), n;

	for (size_t i = 0; i < r->nr_specials; i++) {
		int m = dues_month_of_day(r->specials[i].date);
		if (first == DUES_MONTH_NONE || m < first)
			first = m;
	}
	if (first == DUES_MONTH_NONE || first > horizon)
		return;
	n = horizon - first + 1;
	ms = xmalloc((size_t)n * sizeof(*ms));
	dues_months(r, first, n, ms);   /* the rule: model/dues.c */
	cells_cover(c, first, horizon);
	for (int k = 0; k < n; k++) {
		struct stats_dues_cell *x = &c->cell[first + k - c->first];
		const struct dues_month_sum *s = &ms[k];
		if (s->due_fen > 0) {
			x->members_due++;
			x->due_fen += s->due_fen;
			if (s->paid_fen >= s->due_fen)
				x->paid_full++;
		}
		x->paid_fen += s->paid_fen;
		if (s->arrears_months) {
			struct dues_run *u = &c->run[first + k - c->first];
			x->arrears_members++;
			u->bits |= 1ull << (s->arrears_months < 63 ? s->arrears_months : 63);
			if (s->arrears_months > u->max)
				u->max = s->arrears_months;
		}
		x->arrears_fen += s->arrears_fen;
		x->special_fen += s->special_fen;
	}
	free(ms);
}

static int default_horizon(void)
{
	return dues_month_of_day(date_today()) + 12;
}

/* ---- the whole read ---------------------------------------------------- */

struct load {
	struct stats_engine *e;     /* for the organizations' indexes */
	struct stats_dues *d;
};

static int load_member(const struct stats_dues_member *m, void *arg, struct error *err)
{
	struct load *l = arg;
	int32_t idx = stats_org_idx(&l->e->o, m->org_id);

	(void)err;
	if (idx < 0)
		return 0;   /* not in the engine's tree (cannot be for a member) */
	if ((size_t)idx >= l->d->n) {
		size_t n = l->e->o.n > (size_t)idx ? l->e->o.n : (size_t)idx + 1;
		l->d->org = xrealloc(l->d->org, n * sizeof(*l->d->org));
		memset(l->d->org + l->d->n, 0, (n - l->d->n) * sizeof(*l->d->org));
		l->d->n = n;
	}
	add_member(&l->d->org[idx], &m->r, l->d->horizon);
	return 0;
}

int stats_engine_load_dues(struct stats_engine *e, const struct stats_source *src,
			   struct error *err)
{
	struct load l = { e, NULL };
	struct stats_dues_visitor v = { load_member, &l };
	struct stats_dues *old;
	int rc;

	if (!src->read_dues)
		return ST_OK;
	l.d = xcalloc(1, sizeof(*l.d));
	l.d->horizon = default_horizon();
	/* the organizations do not change under a read lock: writers wait */
	pthread_rwlock_rdlock(&e->lock);
	l.d->n = e->o.n;
	l.d->org = xcalloc(l.d->n ? l.d->n : 1, sizeof(*l.d->org));
	rc = src->read_dues(src->arg, 0, &v, err);
	pthread_rwlock_unlock(&e->lock);
	if (rc) {
		stats_dues_free(l.d);
		return rc;
	}
	pthread_rwlock_wrlock(&e->lock);
	old = e->dues;
	e->dues = l.d;
	pthread_rwlock_unlock(&e->lock);
	stats_dues_free(old);
	return ST_OK;
}

/* ---- one organization -------------------------------------------------- */

struct refresh {
	struct dues_org_cells c;
	int horizon;
};

static int refresh_member(const struct stats_dues_member *m, void *arg, struct error *err)
{
	struct refresh *r = arg;

	(void)err;
	add_member(&r->c, &m->r, r->horizon);
	return 0;
}

int stats_engine_dues_refresh(struct stats_engine *e, const struct stats_source *src,
			      long long org_id, struct error *err)
{
	struct refresh r;
	struct stats_dues_visitor v = { refresh_member, &r };
	struct stats_dues *d;
	int32_t idx;
	int rc;

	memset(&r, 0, sizeof(r));
	pthread_rwlock_rdlock(&e->lock);
	d = e->dues;
	idx = stats_org_idx(&e->o, org_id);
	if (d)
		r.horizon = d->horizon;
	pthread_rwlock_unlock(&e->lock);
	if (!d || !src->read_dues)
		return ST_OK;
	if (idx < 0)
		return error_setc(err, ST_NOT_FOUND, "org", "not_found",
				  "no organization %lld in the statistics engine", org_id);
	if ((rc = src->read_dues(src->arg, org_id, &v, err))) {
		free(r.c.cell);
		free(r.c.run);
		return rc;
	}
	pthread_rwlock_wrlock(&e->lock);
	d = e->dues;
	if (!d) {
		pthread_rwlock_unlock(&e->lock);
		free(r.c.cell);
		free(r.c.run);
		return ST_OK;
	}
	if ((size_t)idx >= d->n) {
		size_t n = e->o.n > (size_t)idx ? e->o.n : (size_t)idx + 1;
		d->org = xrealloc(d->org, n * sizeof(*d->org));
		memset(d->org + d->n, 0, (n - d->n) * sizeof(*d->org));
		d->n = n;
	}
	free(d->org[idx].cell);
	free(d->org[idx].run);
	d->org[idx] = r.c;
	pthread_rwlock_unlock(&e->lock);
	return ST_OK;
}

/* ---- answers ----------------------------------------------------------- */

int stats_dues_horizon(struct stats_engine *e)
{
	int h;

	pthread_rwlock_rdlock(&e->lock);
	h = e->dues ? e->dues->horizon : DUES_MONTH_NONE;
	pthread_rwlock_unlock(&e->lock);
	return h;
}

static void add_cell(struct stats_dues_cell *a, const struct stats_dues_cell *b)
{
	a->members_due += b->members_due;
	a->paid_full += b->paid_full;
	a->arrears_members += b->arrears_members;
	a->due_fen += b->due_fen;
	a->paid_fen += b->paid_fen;
	a->arrears_fen += b->arrears_fen;
	a->special_fen += b->special_fen;
}

int stats_dues(struct stats_engine *e, long long org_id, int from, int to,
	       struct stats_dues_month *out, struct error *err)
{
	const struct stats_orgs *o = &e->o;
	const struct stats_dues *d;
	int32_t idx = -1;
	size_t pa, pb;
	int rc = ST_OK;

	if (to < from || to - from >= STATS_DUES_MAX_MONTHS) {
		error_setc(err, ST_INVALID, "to", "out_of_range",
			   "a range of 1 to %d months from its first month",
			   STATS_DUES_MAX_MONTHS);
		error_param(err, "max", "%d", STATS_DUES_MAX_MONTHS);
		return ST_INVALID;
	}
	pthread_rwlock_rdlock(&e->lock);
	d = e->dues;
	if (e->bulk || !d) {
		rc = error_setc(err, ST_BUSY, NULL, "stats_no_dues",
				"the statistics engine holds no dues now");
		goto out;
	}
	if (to > d->horizon) {
		char m[DUES_MONTH_STR_SIZE];
		error_setc(err, ST_INVALID, "to", "out_of_range",
			   "the statistics hold the months up to %s",
			   dues_month_format(d->horizon, m));
		error_param(err, "max", "%s", m);
		rc = ST_INVALID;
		goto out;
	}
	if (org_id && (idx = stats_org_idx(o, org_id)) < 0) {
		rc = error_setc(err, ST_NOT_FOUND, "org", "not_found",
				"no organization %lld", org_id);
		goto out;
	}
	for (int m = from; m <= to; m++) {
		memset(&out[m - from], 0, sizeof(out[0]));
		out[m - from].month = m;
	}
	pa = idx < 0 ? 0 : (size_t)o->pre[idx];
	pb = idx < 0 ? o->nr_pre : (size_t)o->pre_end[idx];
	for (size_t p = pa; p < pb; p++) {
		int32_t i = o->pre_org[p];
		const struct dues_org_cells *c;
		int lo, hi;
		if (i < 0 || (size_t)i >= d->n || !(c = &d->org[i])->cell)
			continue;
		lo = from > c->first ? from : c->first;
		hi = to < c->first + c->n - 1 ? to : c->first + c->n - 1;
		for (int m = lo; m <= hi; m++)
			add_cell(&out[m - from].c, &c->cell[m - c->first]);
	}
out:
	pthread_rwlock_unlock(&e->lock);
	return rc;
}

int stats_dues_runs(struct stats_engine *e, long long org_id, int month, uint64_t *bits,
		    int *max_run, struct error *err)
{
	const struct stats_dues *d;
	int32_t idx;
	int rc = ST_OK;

	*bits = 0;
	*max_run = 0;
	pthread_rwlock_rdlock(&e->lock);
	d = e->dues;
	idx = stats_org_idx(&e->o, org_id);
	if (e->bulk || !d || month > d->horizon) {
		rc = error_setc(err, ST_BUSY, NULL, "stats_no_dues",
				"the statistics engine holds no dues now");
	} else if (idx < 0) {
		rc = error_setc(err, ST_NOT_FOUND, "org", "not_found",
				"no organization %lld in the statistics engine", org_id);
	} else if ((size_t)idx < d->n && d->org[idx].run && month >= d->org[idx].first) {
		const struct dues_run *u = &d->org[idx].run[month - d->org[idx].first];
		*bits = u->bits;
		*max_run = u->max;
	}
	pthread_rwlock_unlock(&e->lock);
	return rc;
}

void stats_engine_set_dues_stamp(struct stats_engine *e, unsigned long long stamp, int known)
{
	pthread_rwlock_wrlock(&e->lock);
	if (e->dues) {
		e->dues->stamp = known ? stamp : 0;
		e->dues->stamp_known = known;
	}
	pthread_rwlock_unlock(&e->lock);
}

int stats_engine_dues_stamp(struct stats_engine *e, unsigned long long *stamp, int *horizon)
{
	int known;

	pthread_rwlock_rdlock(&e->lock);
	known = e->dues && e->dues->stamp_known;
	if (known) {
		*stamp = e->dues->stamp;
		*horizon = e->dues->horizon;
	}
	pthread_rwlock_unlock(&e->lock);
	return known;
}
