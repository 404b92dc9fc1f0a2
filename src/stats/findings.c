/*
 * findings.c - counting the person findings of a subtree as of a day from
 * the engine's columns (see stats.h stats_findings): one pass over the
 * subtree's rows, branch-free so that the compiler vectorizes it, then the
 * delta rows, and, for a past day whose tree or members' organizations
 * differed, the subtree of that day with each transferred member where
 * they were. The thresholds come from the caller (ops/findings.c turns the
 * rules into them), so the column pass knows dates, not rules.
 *
 * The four rules of the development track and lost contact come from the
 * track entries (tracks.c): one pass over the entries, each counted with
 * the predicates of ops/findings.c over its person's key dates and track
 * (the months of the rules come with the query). talk_overdue is the one of
 * them a person without any record can have (an applicant kept with the
 * application date only): the column pass counts those applicants, and an
 * entry adds its own answer less what its row counted there. Not for: the
 * findings' lists, names or organization rules (ops/findings.c).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "model/codes.h"
#include "stats/stats-internal.h"

struct fctx {
	uint16_t d;                 /* as of */
	uint16_t act_by, act_on;    /* activist on or before: eligible (act_on 0: none) */
	uint16_t over_by, over_on;  /* admitted on or before: overdue */
	uint16_t due_from, due_by;  /* admitted in [from, by]: coming due */
	uint16_t med_lo, med_hi;    /* full in [lo, hi]: medal due */
	uint16_t talk_by, talk_on;  /* applied on or before, no talk implied: talk overdue */
	/* the track entries' bounds (stats_findings_query) */
	uint16_t vote_by, vote_on, ext_by, ext_on, lost_by, lost_on;
};

/* The counts of the columns (count_cols), in this order. */
#define NR_COLS 5

#define BLOCK 1024
#define THREAD_MIN (1u << 18)

/* Counts rows [lo, hi) of the columns (dead rows have every date NONE), a
 * block at a time with 16-bit counters so that the loop vectorizes. */
static void count_cols(const struct fctx *x, const struct stats_cols *c, size_t lo,
		       size_t hi, uint64_t *n)
{
	const uint16_t d = x->d, ab = x->act_by, ob = x->over_by, df = x->due_from,
		       db = x->due_by, ml = x->med_lo, mh = x->med_hi, aon = x->act_on,
		       oon = x->over_on, tb = x->talk_by, ton = x->talk_on;

	for (size_t b = lo; b < hi; b += BLOCK) {
		size_t e = hi - b < BLOCK ? hi : b + BLOCK;
		const uint16_t *act = c->activist, *tgt = c->target, *adm = c->admitted,
			       *ful = c->full, *exi = c->exited, *app = c->applied;
		uint16_t elig = 0, due = 0, over = 0, med = 0, talk = 0;
		for (size_t i = b; i < e; i++) {
			uint16_t ad = adm[i], fu = ful[i], ex = exi[i], ac = act[i], ap = app[i];
			uint16_t alive = (uint16_t)(ex > d);
			uint16_t full = (uint16_t)((fu <= d) & alive);
			uint16_t prob = (uint16_t)((ad <= d) & (fu > d) & alive);
			uint16_t a1 = (uint16_t)((ac <= d) & (tgt[i] > d) & (ad > d) & (fu > d) & alive);
			elig += (uint16_t)(a1 & (ac <= ab) & aon);
			over += (uint16_t)(prob & (ad <= ob) & oon);
			due += (uint16_t)(prob & (ad >= df) & (ad <= db));
			med += (uint16_t)(full & (fu >= ml) & (fu <= mh));
			/* an applicant whose key dates imply no talk (no activist,
			 * admission or full date); an applicant: target after d */
			talk += (uint16_t)((ap <= tb) & ton & (ac == D16_NONE) & (ad == D16_NONE) &
					   (fu == D16_NONE) & (tgt[i] > d) & alive);
		}
		n[0] += elig;
		n[1] += due;
		n[2] += over;
		n[3] += med;
		n[4] += talk;
	}
}

struct fjob {
	const struct fctx *x;
	const struct stats_cols *c;
	size_t lo, hi;
	uint64_t n[NR_COLS];
};

static void *fjob_run(void *arg)
{
	struct fjob *j = arg;

	count_cols(j->x, j->c, j->lo, j->hi, j->n);
	return NULL;
}

/* count_cols on two threads when the range is large. */
static void count_range(const struct fctx *x, const struct stats_cols *c, size_t lo,
			size_t hi, uint64_t *n)
{
	struct fjob j0 = { x, c, lo, hi, { 0 } }, j1 = j0;
	pthread_t t;
	int threaded = 0;

	if (hi - lo >= THREAD_MIN) {
		j0.hi = j1.lo = lo + (hi - lo) / 2;
		threaded = pthread_create(&t, NULL, fjob_run, &j1) == 0;
		if (!threaded)
			j0.hi = hi;
	}
	fjob_run(&j0);
	if (threaded)
		pthread_join(t, NULL);
	for (int k = 0; k < NR_COLS; k++)
		n[k] += j0.n[k] + (threaded ? j1.n[k] : 0);
}

/* The same for single rows (delta, moved), with sign +1 or -1. */
static void count_row(const struct fctx *x, const struct stats_row *r, int sign,
		      uint64_t *n)
{
	struct stats_cols c = { 0 };
	uint64_t m[NR_COLS] = { 0 };
	uint16_t act = r->activist, tgt = r->target, ad = r->admitted, fu = r->full,
		 ex = r->exited, ap = r->applied;

	c.applied = &ap;
	c.activist = &act;
	c.target = &tgt;
	c.admitted = &ad;
	c.full = &fu;
	c.exited = &ex;
	count_cols(x, &c, 0, 1, m);
	for (int k = 0; k < NR_COLS; k++)
		n[k] += sign > 0 ? m[k] : (uint64_t)0 - m[k];
}

/* ---- the tracks ------------------------------------------------------------ */

/* The counts a track entry adds (talk, approval, extension, lost contact):
 * its own findings, less the talk its row counted in the columns. */
#define NR_TRACK 4

static int d16_day(uint16_t v)
{
	return v == D16_NONE ? DATE_NONE : stats_d16_base() + v;
}

/*
 * The findings of entry k as of q->as_of: the predicates of
 * ops/findings.c (talk_overdue, approval_overdue, extension_overdue,
 * lost_contact_6m) over the person's key dates and track, turned into
 * comparisons of the entry's day intervals (struct stats_track_hot: the
 * statuses of person_dates_status_on) with the query's bounds (no date
 * arithmetic here but for a talk beyond 254 months); then minus the talk
 * its column row counted (count_cols), so that the column count plus the
 * entries' is the findings' count.
 */
static inline void track_counts(const struct fctx *x, const struct stats_findings_query *q,
				const struct stats_track_hot *h, const struct stats_track *t,
				int64_t *n)
{
	const uint16_t d = x->d, none = D16_NONE;

	/* talk_overdue: an applicant whose due day (applied + months) is
	 * before as_of (applied <= talk_by < as_of) and whose talk was not
	 * within the months */
	int due = (h->applied <= x->talk_by) & x->talk_on;
	int appl = due & (d < h->appl_to);
	int late = q->talk_months < h->talk_ok;
	if (__builtin_expect(appl & (h->talk_ok == 255) & (q->talk_months >= 255), 0)) {
		/* the rare talk beyond 254 months: the rule itself */
		uint16_t talk = t->talk != none ? t->talk : t->app_step ? none
				: t->activist != none || t->admitted != none ||
				  t->full != none ? t->applied : none;
		late = talk == none ||
		       d16_day(talk) > date_add_months(d16_day(t->applied), q->talk_months);
	}
	/* less what the column pass counted for the row */
	n[0] += (appl & late) - (due & (d < h->base_to));
	/* approval_overdue: a vote, no approval by as_of, not exited */
	n[1] += x->vote_on & (h->vote <= x->vote_by) & (d < h->appr_to);
	/* extension_overdue: probationary */
	n[2] += x->ext_on & (h->ext_end <= x->ext_by) & (h->prob_from <= d) & (d < h->prob_to);
	/* lost_contact_6m: open on as_of (lost_from <= lost_by <= as_of), a member */
	n[3] += x->lost_on & (h->lost_from <= x->lost_by) & (d < h->lost_to) &
		(h->member_from <= d);
}

struct tjob {
	const struct fctx *x;
	const struct stats_findings_query *q;
	const struct stats_engine *e;
	size_t pa, pb, lo, hi;
	int64_t n[NR_TRACK];
};

static void *tjob_run(void *arg)
{
	struct tjob *j = arg;
	const struct stats_orgs *o = &j->e->o;

	const struct stats_tracks *tr = &j->e->tr;
	int64_t n[NR_TRACK] = { 0 };   /* in registers, not shared with the other thread */

	if (j->pa == 0 && j->pb == o->nr_pre) {
		/* everybody: no organization to look up */
		for (size_t k = j->lo; k < j->hi; k++)
			if (tr->hot[k].org >= 0)
				track_counts(j->x, j->q, &tr->hot[k], &tr->t[k], n);
	} else {
		for (size_t k = j->lo; k < j->hi; k++) {
			int32_t org = tr->hot[k].org, p = org >= 0 ? o->pre[org] : -1;
			if (p >= 0 && (size_t)p >= j->pa && (size_t)p < j->pb)
				track_counts(j->x, j->q, &tr->hot[k], &tr->t[k], n);
		}
	}
	for (int i = 0; i < NR_TRACK; i++)
		j->n[i] = n[i];
	return NULL;
}

/* The entries of the organizations of preorder [pa, pb), on two threads
 * when there are many. */
static void tracks_range(const struct fctx *x, const struct stats_findings_query *q,
			 const struct stats_engine *e, size_t pa, size_t pb, int64_t *n)
{
	struct tjob j0 = { x, q, e, pa, pb, 0, e->tr.n, { 0 } }, j1 = j0;
	pthread_t t;
	int threaded = 0;

	if (e->tr.n >= THREAD_MIN / 4) {
		j0.hi = j1.lo = e->tr.n / 2;
		threaded = pthread_create(&t, NULL, tjob_run, &j1) == 0;
		if (!threaded)
			j0.hi = e->tr.n;
	}
	tjob_run(&j0);
	if (threaded)
		pthread_join(t, NULL);
	for (int k = 0; k < NR_TRACK; k++)
		n[k] += j0.n[k] + (threaded ? j1.n[k] : 0);
}

static uint16_t d16_or(int day, uint16_t none)
{
	return day == DATE_NONE ? none : stats_d16(day);
}

int stats_findings(struct stats_engine *e, long long org_id,
		   const struct stats_findings_query *q, struct stats_findings_counts *out,
		   struct error *err)
{
	const struct stats_orgs *o = &e->o;
	uint64_t n[NR_COLS] = { 0 };
	int64_t tn[NR_TRACK] = { 0 };
	struct fctx x;
	int32_t idx = -1;
	int rc = ST_OK;

	memset(out, 0, sizeof(*out));
	x.d = stats_d16(q->as_of);
	/* a DATE_NONE bound: an empty range (nothing counts) */
	x.act_on = q->activist_by != DATE_NONE;
	x.act_by = d16_or(q->activist_by, 0);
	x.over_on = q->admitted_over_by != DATE_NONE;
	x.over_by = d16_or(q->admitted_over_by, 0);
	x.due_from = d16_or(q->admitted_due_from, 1);
	x.due_by = d16_or(q->admitted_due_by, 0);
	x.med_lo = d16_or(q->full_from, 1);
	x.med_hi = d16_or(q->full_by, 0);
	x.talk_on = q->applied_talk_by != DATE_NONE && q->talk_months >= 0;
	x.talk_by = d16_or(q->applied_talk_by, 0);
	x.vote_on = q->vote_by != DATE_NONE;
	x.vote_by = d16_or(q->vote_by, 0);
	x.ext_on = q->ext_end_by != DATE_NONE;
	x.ext_by = d16_or(q->ext_end_by, 0);
	x.lost_on = q->lost_from_by != DATE_NONE;
	x.lost_by = d16_or(q->lost_from_by, 0);
	pthread_rwlock_rdlock(&e->lock);
	if (e->bulk) {
		rc = error_set(err, ST_BUSY, NULL, "statistics are being loaded");
		goto out;
	}
	if (org_id > 0 && (idx = stats_org_idx(o, org_id)) < 0) {
		rc = error_setc(err, ST_NOT_FOUND, "org", "unknown_org",
				"no organization %lld", org_id);
		goto out;
	}
	if (idx >= 0 && stats_hist_differs(e, q->as_of)) {
		/* the subtree as it stood on the day */
		struct stats_asof a;
		stats_asof_prepare(e, q->as_of, idx, 0, &a);
		for (size_t p = 0; p < o->nr_pre; p++)
			if (a.plab[p] == 0)
				count_cols(&x, &e->c, o->row_start[p], o->row_start[p + 1], n);
		for (size_t k = 0; k < e->nr_delta; k++) {
			int32_t p = o->pre[e->delta[k].org];
			if (p >= 0 && a.plab[p] == 0)
				count_row(&x, &e->delta[k], 1, n);
		}
		for (size_t k = 0; k < a.nr_moved; k++) {
			if (a.to_lab[k] == 0)
				count_row(&x, &a.moved[k], 1, n);
			if (a.from_lab[k] == 0)
				count_row(&x, &a.moved[k], -1, n);
		}
		/* the tracks at today's organization, then the moved ones
		 * from there to the organization of the day */
		for (size_t k = 0; k < e->tr.n; k++) {
			const struct stats_track *t = &e->tr.t[k];
			if (t->org >= 0 && o->pre[t->org] >= 0 && a.plab[o->pre[t->org]] == 0)
				track_counts(&x, q, &e->tr.hot[k], t, tn);
		}
		for (size_t k = 0; k < a.nr_moved && e->tr.n; k++) {
			const struct stats_track *t = stats_tracks_find(&e->tr, a.moved[k].id);
			int64_t m[NR_TRACK] = { 0 };
			if (!t || t->org < 0 || (a.to_lab[k] == 0) == (a.from_lab[k] == 0))
				continue;
			track_counts(&x, q, &e->tr.hot[t - e->tr.t], t, m);
			for (int i = 0; i < NR_TRACK; i++)
				tn[i] += a.to_lab[k] == 0 ? m[i] : -m[i];
		}
		stats_asof_release(&a);
	} else {
		size_t pa = idx < 0 ? 0 : (size_t)o->pre[idx];
		size_t pb = idx < 0 ? o->nr_pre : (size_t)o->pre_end[idx];
		count_range(&x, &e->c, o->row_start[pa], o->row_start[pb], n);
		for (size_t k = 0; k < e->nr_delta; k++) {
			int32_t p = o->pre[e->delta[k].org];
			if (p >= 0 && (size_t)p >= pa && (size_t)p < pb)
				count_row(&x, &e->delta[k], 1, n);
		}
		if (pa == 0 && pb == o->nr_pre) {
			tracks_range(&x, q, e, pa, pb, tn);
		} else {
			/* a subtree: its organizations' entries, then those
			 * changed since the index was made */
			const struct stats_tracks *tr = &e->tr;
			for (size_t p = pa; p < pb; p++) {
				int32_t oi = o->pre_org[p];
				if ((size_t)oi >= tr->nr_slots)
					continue;
				for (uint32_t i = tr->org_start[oi]; i < tr->org_start[oi + 1]; i++) {
					uint32_t k = tr->by_org[i];
					if (!tr->hot[k].recent && tr->hot[k].org == oi)
						track_counts(&x, q, &tr->hot[k], &tr->t[k], tn);
				}
			}
			for (size_t i = 0; i < tr->nr_recent; i++) {
				uint32_t k = tr->recent[i];
				int32_t org = tr->hot[k].org, p = org >= 0 ? o->pre[org] : -1;
				if (p >= 0 && (size_t)p >= pa && (size_t)p < pb)
					track_counts(&x, q, &tr->hot[k], &tr->t[k], tn);
			}
		}
	}
	out->activists_eligible = n[0];
	out->probation_ending = n[1];
	out->probation_overdue = n[2];
	out->medal_due = n[3];
	out->talk_overdue = n[4] + (uint64_t)tn[0];
	out->approval_overdue = (uint64_t)tn[1];
	out->extension_overdue = (uint64_t)tn[2];
	out->lost_contact = (uint64_t)tn[3];
out:
	pthread_rwlock_unlock(&e->lock);
	return rc;
}
