/*
 * bulletin.c - the annual intra-party statistics bulletin (党内统计公报) for
 * a subtree and each of its children, in one pass over the rows.
 *
 * Each row adds 1 to a histogram over a joint key (occupation, female,
 * minority, college, age band, joining period: 11 bits, 2048 cells) when it
 * is a member at the end of the year, and to a second one when it was
 * admitted during the year; applicants, activists and the 50-year medal are
 * plain counters. The marginals of the bulletin are read off the histograms
 * once per child. Rows are split between two threads when the subtree is
 * large. Organization counts come from the preorder org columns. Not for
 * arbitrary roll-ups (rollup.c).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/xalloc.h"
#include "model/codes.h"
#include "stats/stats-internal.h"

#define THREAD_MIN (1u << 20)
#define KEYS 2048

struct bview {
	const uint16_t *birth, *applied, *activist, *target, *admitted, *full,
		*exited;
	const uint8_t *cls;
};

struct bctx {
	uint16_t d, y0, m_lo, m_hi, july;
	const uint8_t *band, *period;
};

struct bacc {
	uint32_t hm[KEYS], hn[KEYS];
	uint64_t applicants, activists, medals;
};

static void bscan(const struct bctx *x, const struct bview *v, size_t n,
		  struct bacc *a)
{
	const uint16_t d = x->d, y0 = x->y0, lo = x->m_lo, hi = x->m_hi,
		       jul = x->july;
	uint64_t appl = 0, act = 0, med = 0;

	for (size_t i = 0; i < n; i++) {
		uint16_t ad = v->admitted[i], fu = v->full[i], ex = v->exited[i];
		unsigned alive = ex > d;
		unsigned in = (ad <= d) | (fu <= d);
		unsigned member = in & alive;
		unsigned key = (v->cls[i] & 0x3Fu) | (unsigned)x->band[v->birth[i]] << 6 |
			       ((unsigned)x->period[ad] & 3u) << 9;
		a->hm[key] += member;
		/* new members, the pipeline and medals are rare: branches */
		if ((ad >= y0) & (ad <= d))
			a->hn[key]++;
		if ((in ^ 1u) & alive) {
			unsigned a2 = (v->activist[i] <= d) | (v->target[i] <= d);
			appl += a2 | (v->applied[i] <= d);
			act += a2;
		}
		if ((ad >= lo) & (ad <= hi))
			med += ex > jul;
	}
	a->applicants += appl;
	a->activists += act;
	a->medals += med;
}

/* Adds the histograms of a into c and clears a. */
static void reduce(struct bacc *a, struct stats_bulletin_counts *c)
{
	for (unsigned k = 0; k < KEYS; k++) {
		uint64_t m = a->hm[k], n = a->hn[k];
		unsigned occ = (k & 7) + 1, band = (k >> 6) & 7, per = (k >> 9) & 3;
		if (m) {
			c->members += m;
			c->women += k & 8 ? m : 0;
			c->minorities += k & 16 ? m : 0;
			c->college += k & 32 ? m : 0;
			c->occupation[occ] += m;
			c->age[band] += m;
			c->joined[per] += m;
		}
		if (n) {
			c->new_members += n;
			c->new_women += k & 8 ? n : 0;
			c->new_minorities += k & 16 ? n : 0;
			c->new_college += k & 32 ? n : 0;
			c->new_occupation[occ] += n;
			c->new_age_le_35 += band <= 1 ? n : 0;
		}
	}
	c->applicants += a->applicants;
	c->activists += a->activists;
	c->medals_50 += a->medals;
	memset(a, 0, sizeof(*a));
}

static void counts_add(struct stats_bulletin_counts *c,
		       const struct stats_bulletin_counts *x)
{
	uint64_t *dst = (uint64_t *)c;
	const uint64_t *src = (const uint64_t *)x;

	for (size_t i = 0; i < sizeof(*c) / sizeof(uint64_t); i++)
		dst[i] += src[i];
}

/* Segments: 0 = the org's own rows, 1.. = child subtrees. */
struct bjob {
	const struct stats_engine *e;
	const struct bctx *x;
	size_t nr_seg;
	const size_t *seg_lo, *seg_hi; /* rows */
	size_t r_lo, r_hi;
	struct bacc *acc;
	struct stats_bulletin_counts *out; /* nr_seg */
};

static void *bjob_run(void *arg)
{
	struct bjob *j = arg;
	const struct stats_cols *c = &j->e->c;

	for (size_t k = 0; k < j->nr_seg; k++) {
		size_t a = j->seg_lo[k], b = j->seg_hi[k];
		if (a < j->r_lo)
			a = j->r_lo;
		if (b > j->r_hi)
			b = j->r_hi;
		if (a >= b)
			continue;
		struct bview v = { c->birth + a, c->applied + a, c->activist + a,
				   c->target + a, c->admitted + a, c->full + a,
				   c->exited + a, c->cls + a };
		bscan(j->x, &v, b - a, j->acc);
		reduce(j->acc, &j->out[k]);
	}
	return NULL;
}

static int grassroots_kind(int kind)
{
	return kind == ORG_COMMITTEE || kind == ORG_GENERAL_BRANCH ||
	       kind == ORG_BRANCH;
}

static void count_orgs(const struct stats_orgs *o, size_t lo, size_t hi,
		       int day, struct stats_bulletin_counts *c)
{
	for (size_t p = lo; p < hi; p++) {
		if (o->p_level[p] != ORG_LEVEL_GRASSROOTS ||
		    !grassroots_kind(o->p_kind[p]) || o->p_est[p] > day ||
		    o->p_dis[p] <= day)
			continue;
		c->grassroots_total++;
		c->committees += o->p_kind[p] == ORG_COMMITTEE;
		c->general_branches += o->p_kind[p] == ORG_GENERAL_BRANCH;
		c->branches += o->p_kind[p] == ORG_BRANCH;
		c->orgs_by_sector[o->p_sector[p] < STATS_SECTORS ? o->p_sector[p] : 0]++;
	}
}

/* Delta rows of the subtree, grouped by segment, through bscan. */
static void bulletin_delta(const struct stats_engine *e, const struct bctx *x,
			   size_t nr_seg, const size_t *pre_lo,
			   const size_t *pre_hi, struct stats_bulletin_counts *out)
{
	const struct stats_orgs *o = &e->o;
	size_t cap = e->nr_delta;

	if (!cap)
		return;
	uint16_t *u = xmalloc(cap * 7 * sizeof(uint16_t));
	uint8_t *b = xmalloc(cap);
	struct bacc *acc = xcalloc(1, sizeof(*acc));
	for (size_t k = 0; k < nr_seg; k++) {
		size_t n = 0;
		for (size_t i = 0; i < cap; i++) {
			const struct stats_row *r = &e->delta[i];
			int32_t p = o->pre[r->org];
			if (p < 0 || (size_t)p < pre_lo[k] || (size_t)p >= pre_hi[k])
				continue;
			u[n] = r->birth; u[cap + n] = r->applied;
			u[2 * cap + n] = r->activist; u[3 * cap + n] = r->target;
			u[4 * cap + n] = r->admitted; u[5 * cap + n] = r->full;
			u[6 * cap + n] = r->exited; b[n] = r->cls;
			n++;
		}
		if (!n)
			continue;
		struct bview v = { u, u + cap, u + 2 * cap, u + 3 * cap,
				   u + 4 * cap, u + 5 * cap, u + 6 * cap, b };
		bscan(x, &v, n, acc);
		reduce(acc, &out[k]);
	}
	free(acc);
	free(u);
	free(b);
}

int stats_bulletin(struct stats_engine *e, const char *org, int year,
		   struct stats_bulletin *out, struct error *err)
{
	const struct stats_orgs *o = &e->o;
	struct bctx x;
	int32_t idx;
	int rc;
	size_t *seg = NULL;
	struct stats_bulletin_counts *acc0 = NULL, *acc1 = NULL;
	struct bacc *ba = NULL;
	uint8_t *band = NULL;

	memset(out, 0, sizeof(*out));
	if (year <= 1900 || year > 2078)
		return error_set(err, ST_INVALID, "year",
				 "year must be 1901..2078");
	pthread_rwlock_rdlock(&e->lock);
	if (e->bulk) {
		rc = error_set(err, ST_BUSY, NULL, "statistics are being loaded");
		goto out;
	}
	if ((rc = stats_org_resolve(o, org, &idx, err)))
		goto out;
	int day = date_from_ymd(year, 12, 31);
	int july = date_from_ymd(year, 7, 1);
	out->year = year;
	out->as_of = day;
	stats_org_fill_info(o, idx, &out->org);
	x.d = stats_d16(day);
	x.y0 = stats_d16(date_from_ymd(year, 1, 1));
	x.july = stats_d16(july);
	x.m_hi = stats_d16(date_add_years(july, -50));
	x.m_lo = (uint16_t)(stats_d16(date_add_years(july, -51)) + 1);
	band = xmalloc(65536);
	stats_band_table(day, band);
	x.band = band;
	x.period = stats_period_table();

	/* segments: own rows, then each child subtree */
	const int32_t *kids = idx < 0 ? o->roots : o->child_list + o->child_first[idx];
	size_t nr = idx < 0 ? o->nr_roots
			    : (size_t)(o->child_first[idx + 1] - o->child_first[idx]);
	size_t nseg = nr + 1;
	seg = xmalloc(4 * nseg * sizeof(size_t));
	size_t *pre_lo = seg, *pre_hi = seg + nseg, *row_lo = seg + 2 * nseg,
	       *row_hi = seg + 3 * nseg;
	if (idx < 0) {
		pre_lo[0] = pre_hi[0] = 0;
	} else {
		pre_lo[0] = (size_t)o->pre[idx];
		pre_hi[0] = pre_lo[0] + 1;
	}
	for (size_t i = 0; i < nr; i++) {
		pre_lo[i + 1] = (size_t)o->pre[kids[i]];
		pre_hi[i + 1] = (size_t)o->pre_end[kids[i]];
	}
	for (size_t k = 0; k < nseg; k++) {
		row_lo[k] = o->row_start[pre_lo[k]];
		row_hi[k] = o->row_start[pre_hi[k]];
	}
	size_t a = idx < 0 ? 0 : o->row_start[o->pre[idx]];
	size_t b = idx < 0 ? o->row_start[o->nr_pre] : o->row_start[o->pre_end[idx]];

	acc0 = xcalloc(2 * nseg, sizeof(*acc0));
	acc1 = acc0 + nseg;
	ba = xcalloc(2, sizeof(*ba));
	struct bjob j0 = { e, &x, nseg, row_lo, row_hi, a, b, &ba[0], acc0 };
	struct bjob j1 = j0;
	pthread_t t;
	int threaded = 0;
	if (b - a >= THREAD_MIN) {
		j0.r_hi = j1.r_lo = a + (b - a) / 2;
		j1.acc = &ba[1];
		j1.out = acc1;
		threaded = pthread_create(&t, NULL, bjob_run, &j1) == 0;
		if (!threaded)
			j0.r_hi = b;
	}
	bjob_run(&j0);
	if (threaded)
		pthread_join(t, NULL);
	bulletin_delta(e, &x, nseg, pre_lo, pre_hi, acc0);
	for (size_t k = 0; k < nseg; k++) {
		counts_add(&acc0[k], &acc1[k]);
		count_orgs(o, pre_lo[k], pre_hi[k], day, &acc0[k]);
	}
	out->own = acc0[0];
	out->total = acc0[0];
	out->nr_children = nr;
	out->children = xcalloc(nr ? nr : 1, sizeof(*out->children));
	for (size_t i = 0; i < nr; i++) {
		stats_org_fill_info(o, kids[i], &out->children[i].org);
		out->children[i].c = acc0[i + 1];
		counts_add(&out->total, &acc0[i + 1]);
	}
out:
	pthread_rwlock_unlock(&e->lock);
	free(seg);
	free(acc0);
	free(ba);
	free(band);
	return rc;
}

void stats_bulletin_release(struct stats_bulletin *b)
{
	if (!b)
		return;
	free(b->children);
	b->children = NULL;
	b->nr_children = 0;
}
