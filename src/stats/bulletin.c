/*
 * bulletin.c - the annual intra-party statistics bulletin (党内统计公报) for
 * a subtree and each of its children, in one pass over the rows.
 *
 * A branch-free loop (vectorized by the compiler) gives each row a joint key
 * (occupation, female, minority, college, age band, joining period, member
 * at the end of the year, admitted during the year: 13 bits) and adds up
 * applicants, activists and the 50-year medals; a second loop counts the
 * keys in a histogram, whose marginals are read off once per child. Small
 * children are added up row by row instead. Rows are split between two
 * threads when the subtree is large. Organization counts come from the
 * preorder org columns. Not for arbitrary roll-ups (rollup.c).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/xalloc.h"
#include "model/codes.h"
#include "stats/stats-internal.h"

#define THREAD_MIN (1u << 18)
#define BLOCK 1024
/* joint key: cls bits 0-5, age band 6-8, joining period 9-10, member 11,
 * new member 12 */
#define KEYS 8192
#define KEY_MEMBER (1u << 11)
#define KEY_NEW (1u << 12)
/* segments with fewer rows are added up row by row, not by histogram */
#define SMALL_SEGMENT 4096

struct bview {
	const uint16_t *birth, *applied, *activist, *target, *admitted, *full,
		*exited;
	const uint8_t *cls;
};

struct bctx {
	uint16_t d, y0, m_lo, m_hi, july;
	uint16_t band_t[7];     /* stats_band_thresholds() */
	uint16_t per_t[3];      /* admitted on or after: period > k */
};

struct bacc {
	uint32_t h[KEYS];
	uint64_t applicants, activists, medals;
};

/*
 * The branch-free part: the joint key of each of n rows (n <= BLOCK) and
 * the counters that need no key. Written so that the compiler vectorizes it.
 */
static void bkeys(const struct bctx *x, const struct bview *v, size_t n,
		  uint16_t *key, struct bacc *a)
{
	const uint16_t d = x->d, y0 = x->y0, lo = x->m_lo, hi = x->m_hi,
		       jul = x->july;
	const uint16_t t0 = x->band_t[0], t1 = x->band_t[1], t2 = x->band_t[2],
		       t3 = x->band_t[3], t4 = x->band_t[4], t5 = x->band_t[5],
		       t6 = x->band_t[6];
	const uint16_t p0 = x->per_t[0], p1 = x->per_t[1], p2 = x->per_t[2];
	uint16_t appl = 0, act = 0, med = 0;

	for (size_t i = 0; i < n; i++) {
		uint16_t ad = v->admitted[i], fu = v->full[i], ex = v->exited[i],
			 b = v->birth[i];
		uint16_t in = (uint16_t)((ad <= d) | (fu <= d));
		uint16_t alive = (uint16_t)(ex > d);
		uint16_t member = in & alive;
		uint16_t fresh = (uint16_t)((ad >= y0) & (ad <= d));
		uint16_t band = (uint16_t)((b <= t0) + (b <= t1) + (b <= t2) +
					   (b <= t3) + (b <= t4) + (b <= t5) +
					   (b <= t6));
		uint16_t per = (uint16_t)((ad >= p0) + (ad >= p1) + (ad >= p2));
		key[i] = (uint16_t)((v->cls[i] & 0x3Fu) | band << 6 | per << 9 |
				    member << 11 | fresh << 12);
		uint16_t pipe = (uint16_t)((in ^ 1u) & alive);
		uint16_t a2 = (uint16_t)((v->activist[i] <= d) | (v->target[i] <= d));
		appl += pipe & (a2 | (uint16_t)(v->applied[i] <= d));
		act += pipe & a2;
		/* party age from conversion to full membership (Party
		 * Constitution art. 7), not from admission */
		med += (uint16_t)((fu >= lo) & (fu <= hi) & (ex > jul));
	}
	a->applicants += appl;
	a->activists += act;
	a->medals += med;
}

/* Adds the rows of one key to c. */
static void add_key(struct stats_bulletin_counts *c, unsigned k, uint64_t m)
{
	unsigned occ = (k & 7) + 1, band = (k >> 6) & 7, per = (k >> 9) & 3;

	if (k & KEY_MEMBER) {
		c->members += m;
		c->women += k & 8 ? m : 0;
		c->minorities += k & 16 ? m : 0;
		c->college += k & 32 ? m : 0;
		c->occupation[occ] += m;
		c->age[band] += m;
		c->joined[per] += m;
	}
	if (k & KEY_NEW) {
		c->new_members += m;
		c->new_women += k & 8 ? m : 0;
		c->new_minorities += k & 16 ? m : 0;
		c->new_college += k & 32 ? m : 0;
		c->new_occupation[occ] += m;
		c->new_age_le_35 += band <= 1 ? m : 0;
	}
}

/* Counts n rows of v into c: histogram over the joint key for large
 * runs, row by row for small ones. */
static void bscan(const struct bctx *x, const struct bview *v0, size_t n,
		  struct bacc *a, struct stats_bulletin_counts *c)
{
	uint16_t key[BLOCK];
	int small = n < SMALL_SEGMENT;

	for (size_t b = 0; b < n; b += BLOCK) {
		size_t m = n - b < BLOCK ? n - b : BLOCK;
		struct bview v = {
			v0->birth + b, v0->applied + b, v0->activist + b,
			v0->target + b, v0->admitted + b, v0->full + b,
			v0->exited + b, v0->cls + b,
		};
		bkeys(x, &v, m, key, a);
		if (small) {
			for (size_t i = 0; i < m; i++)
				if (key[i] & (KEY_MEMBER | KEY_NEW))
					add_key(c, key[i], 1);
		} else {
			for (size_t i = 0; i < m; i++)
				a->h[key[i]]++;
		}
	}
	if (!small) {
		/* cells without the member or new bit hold nobody counted */
		for (unsigned k = KEY_MEMBER; k < KEYS; k++)
			if (a->h[k])
				add_key(c, k, a->h[k]);
		memset(a->h, 0, sizeof(a->h));
	}
	c->applicants += a->applicants;
	c->activists += a->activists;
	c->medals_50 += a->medals;
	a->applicants = a->activists = a->medals = 0;
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
	const size_t *pre_lo, *pre_hi; /* organizations */
	size_t r_lo, r_hi;             /* rows of this job */
	size_t p_lo, p_hi;             /* organizations this job counts */
	int day;
	struct bacc *acc;
	struct stats_bulletin_counts *out; /* nr_seg */
};

static void count_orgs(const struct stats_orgs *o, size_t lo, size_t hi,
		       int day, struct stats_bulletin_counts *c);

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
		bscan(j->x, &v, b - a, j->acc, &j->out[k]);
	}
	for (size_t k = 0; k < j->nr_seg; k++) {
		size_t a = j->pre_lo[k] > j->p_lo ? j->pre_lo[k] : j->p_lo;
		size_t b = j->pre_hi[k] < j->p_hi ? j->pre_hi[k] : j->p_hi;
		if (a < b)
			count_orgs(&j->e->o, a, b, j->day, &j->out[k]);
	}
	return NULL;
}

static void count_orgs(const struct stats_orgs *o, size_t lo, size_t hi,
		       int day, struct stats_bulletin_counts *c)
{
	uint64_t total = 0, com = 0, gen = 0, br = 0;

	/* branch-free: most organizations are grassroots ones. A street's
	 * working committee (街道党工委) at the grassroots level counts as a
	 * grassroots committee, as in the published bulletin (docs/statistics.md). */
	for (size_t p = lo; p < hi; p++) {
		unsigned kind = o->p_kind[p];
		unsigned cm = (kind == ORG_COMMITTEE) | (kind == ORG_WORKING_COMMITTEE);
		unsigned g = (o->p_level[p] == ORG_LEVEL_GRASSROOTS) &
			     (cm | (kind == ORG_GENERAL_BRANCH) | (kind == ORG_BRANCH)) &
			     (o->p_est[p] <= day) & (o->p_dis[p] > day);
		total += g;
		com += g & cm;
		gen += g & (kind == ORG_GENERAL_BRANCH);
		br += g & (kind == ORG_BRANCH);
		c->orgs_by_sector[o->p_sector[p] < STATS_SECTORS ? o->p_sector[p] : 0] += g;
	}
	c->grassroots_total += total;
	c->committees += com;
	c->general_branches += gen;
	c->branches += br;
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
		bscan(x, &v, n, acc, &out[k]);
	}
	free(acc);
	free(u);
	free(b);
}

/* n rows given one by one into c. */
static void bscan_rows(const struct bctx *x, const struct stats_row *rows, size_t n,
		       struct bacc *acc, struct stats_bulletin_counts *c)
{
	if (!n)
		return;
	uint16_t *u = xmalloc(n * 7 * sizeof(uint16_t));
	uint8_t *b = xmalloc(n);
	for (size_t i = 0; i < n; i++) {
		const struct stats_row *r = &rows[i];
		u[i] = r->birth; u[n + i] = r->applied;
		u[2 * n + i] = r->activist; u[3 * n + i] = r->target;
		u[4 * n + i] = r->admitted; u[5 * n + i] = r->full;
		u[6 * n + i] = r->exited; b[i] = r->cls;
	}
	struct bview v = { u, u + n, u + 2 * n, u + 3 * n, u + 4 * n, u + 5 * n,
			   u + 6 * n, b };
	bscan(x, &v, n, acc, c);
	free(u);
	free(b);
}

/* The as-of bulletin (history.c): runs of organizations of one label in
 * today's preorder [p_lo, p_hi), each counted into out[label]. */
struct ajob {
	const struct stats_engine *e;
	const struct bctx *x;
	const int32_t *plab;
	size_t nr_seg, p_lo, p_hi;
	int day;
	struct bacc *acc;
	struct stats_bulletin_counts *out;
};

static void *ajob_run(void *arg)
{
	struct ajob *j = arg;
	const struct stats_orgs *o = &j->e->o;
	const struct stats_cols *c = &j->e->c;

	for (size_t p = j->p_lo; p < j->p_hi;) {
		size_t q = p + 1;
		int32_t l = j->plab[p];
		while (q < j->p_hi && j->plab[q] == l)
			q++;
		if (l >= 0 && (size_t)l < j->nr_seg) {
			size_t a = o->row_start[p], b = o->row_start[q];
			struct bview v = { c->birth + a, c->applied + a, c->activist + a,
					   c->target + a, c->admitted + a, c->full + a,
					   c->exited + a, c->cls + a };
			if (b > a)
				bscan(j->x, &v, b - a, j->acc, &j->out[l]);
			count_orgs(o, p, q, j->day, &j->out[l]);
		}
		p = q;
	}
	return NULL;
}

static void counts_sub(struct stats_bulletin_counts *c,
		       const struct stats_bulletin_counts *x)
{
	uint64_t *dst = (uint64_t *)c;
	const uint64_t *src = (const uint64_t *)x;

	for (size_t i = 0; i < sizeof(*c) / sizeof(uint64_t); i++)
		dst[i] -= src[i] <= dst[i] ? src[i] : dst[i];
}

/* Counts every segment of the as-of view a into acc0 (nseg counts). */
static void bulletin_asof(const struct stats_engine *e, const struct bctx *x,
			  const struct stats_asof *a, size_t nseg, int day,
			  struct stats_bulletin_counts *acc0)
{
	const struct stats_orgs *o = &e->o;
	struct stats_bulletin_counts *acc1 = xcalloc(nseg, sizeof(*acc1)), minus;
	struct bacc *ba = xcalloc(2, sizeof(*ba));
	size_t total = o->row_start[o->nr_pre], mid = 0;
	struct ajob j0 = { e, x, a->plab, nseg, 0, o->nr_pre, day, &ba[0], acc0 }, j1 = j0;
	pthread_t t;
	int threaded = 0;

	if (total >= THREAD_MIN) {
		/* the organization where the rows reach half */
		size_t lo = 0, hi = o->nr_pre;
		while (lo < hi) {
			size_t m = lo + (hi - lo) / 2;
			if (o->row_start[m] < total / 2)
				lo = m + 1;
			else
				hi = m;
		}
		mid = lo;
		j0.p_hi = j1.p_lo = mid;
		j1.acc = &ba[1];
		j1.out = acc1;
		threaded = pthread_create(&t, NULL, ajob_run, &j1) == 0;
		if (!threaded)
			j0.p_hi = o->nr_pre;
	}
	ajob_run(&j0);
	if (threaded)
		pthread_join(t, NULL);
	for (size_t k = 0; k < nseg; k++)
		counts_add(&acc0[k], &acc1[k]);
	/* delta rows and transferred persons, label by label */
	struct stats_row *rows = xmalloc((e->nr_delta + a->nr_moved + 1) * sizeof(*rows));
	for (size_t l = 0; l < nseg; l++) {
		size_t n = 0;
		for (size_t k = 0; k < e->nr_delta; k++) {
			int32_t p = o->pre[e->delta[k].org];
			if (p >= 0 && a->plab[p] == (int32_t)l)
				rows[n++] = e->delta[k];
		}
		for (size_t k = 0; k < a->nr_moved; k++)
			if (a->to_lab[k] == (int32_t)l)
				rows[n++] = a->moved[k];
		bscan_rows(x, rows, n, &ba[0], &acc0[l]);
		n = 0;
		for (size_t k = 0; k < a->nr_moved; k++)
			if (a->from_lab[k] == (int32_t)l)
				rows[n++] = a->moved[k];
		if (n) {
			memset(&minus, 0, sizeof(minus));
			bscan_rows(x, rows, n, &ba[0], &minus);
			counts_sub(&acc0[l], &minus);
		}
	}
	free(rows);
	free(acc1);
	free(ba);
}

int stats_bulletin(struct stats_engine *e, const char *org, int year, int medal_years,
		   struct stats_bulletin *out, struct error *err)
{
	const struct stats_orgs *o = &e->o;
	struct bctx x;
	int32_t idx;
	int rc;
	size_t *seg = NULL;
	struct stats_bulletin_counts *acc0 = NULL, *acc1 = NULL;
	struct bacc *ba = NULL;
	struct stats_asof past;

	memset(out, 0, sizeof(*out));
	if (year <= 1900 || year > 2078) {
		error_setc(err, ST_INVALID, "year", "out_of_range", "year must be 1901..2078");
		error_param(err, "min", "1901");
		error_param(err, "max", "2078");
		return ST_INVALID;
	}
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
	if (medal_years > 0) {
		x.m_hi = stats_d16(date_add_years(july, -medal_years));
		x.m_lo = (uint16_t)(stats_d16(date_add_years(july, -medal_years - 1)) + 1);
	} else {
		x.m_lo = 1;     /* an empty range: no medal due */
		x.m_hi = 0;
	}
	stats_band_thresholds(day, x.band_t);
	x.per_t[0] = stats_d16(date_from_ymd(1949, 10, 1));
	x.per_t[1] = stats_d16(date_from_ymd(1978, 12, 18));
	x.per_t[2] = stats_d16(date_from_ymd(2012, 11, 8));

	/* segments: own rows, then each child subtree */
	const int32_t *kids = idx < 0 ? o->roots : o->child_list + o->child_first[idx];
	size_t nr = idx < 0 ? o->nr_roots
			    : (size_t)(o->child_first[idx + 1] - o->child_first[idx]);
	if (stats_hist_differs(e, day)) {
		/* the tree of 31 December, with each member where they were */
		stats_asof_prepare(e, day, idx, 1, &past);
		nr = past.nr_kids;
		acc0 = xcalloc(nr + 1, sizeof(*acc0));
		bulletin_asof(e, &x, &past, nr + 1, day, acc0);
		out->own = acc0[0];
		out->total = acc0[0];
		out->nr_children = nr;
		out->children = xcalloc(nr ? nr : 1, sizeof(*out->children));
		for (size_t i = 0; i < nr; i++) {
			stats_org_fill_info(o, past.kids[i], &out->children[i].org);
			out->children[i].org.parent_id = idx < 0 ? 0 : o->id[idx];
			/* as it stood on the day: not yet dissolved */
			if (out->children[i].org.dissolved > day)
				out->children[i].org.dissolved = DATE_NONE;
			out->children[i].c = acc0[i + 1];
			counts_add(&out->total, &acc0[i + 1]);
		}
		stats_asof_release(&past);
		goto out;
	}
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
	size_t pa = idx < 0 ? 0 : (size_t)o->pre[idx];
	size_t pb = idx < 0 ? o->nr_pre : (size_t)o->pre_end[idx];
	struct bjob j0 = { e, &x, nseg, row_lo, row_hi, pre_lo, pre_hi, a, b,
			   pa, pb, day, &ba[0], acc0 };
	struct bjob j1 = j0;
	pthread_t t;
	int threaded = 0;
	if (b - a >= THREAD_MIN) {
		j0.r_hi = j1.r_lo = a + (b - a) / 2;
		j0.p_hi = j1.p_lo = pa + (pb - pa) / 2;
		j1.acc = &ba[1];
		j1.out = acc1;
		threaded = pthread_create(&t, NULL, bjob_run, &j1) == 0;
		if (!threaded) {
			j0.r_hi = b;
			j0.p_hi = pb;
		}
	}
	bjob_run(&j0);
	if (threaded)
		pthread_join(t, NULL);
	bulletin_delta(e, &x, nseg, pre_lo, pre_hi, acc0);
	for (size_t k = 0; k < nseg; k++) {
		counts_add(&acc0[k], &acc1[k]);
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
