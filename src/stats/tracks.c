/*
 * tracks.c - the engine's track entries: the development steps and the
 * lost contact of the few persons who have them (stats-internal.h struct
 * stats_track), read at a build (a snapshot holds them: snapshot.c), put in
 * place after a step or a standing record is committed, and kept at the
 * person's key dates and organization as person writes arrive; beside
 * each, its hot copy (struct stats_track_hot) that the counting reads. The
 * person findings of the tracks count over them (findings.c); nothing else
 * reads them.
 *
 * Why apart from the columns: a track is recorded for a person under
 * development or under a standing measure, a small part of the members, so
 * columns for every row would hold mostly nothing; an entry costs 40 bytes
 * and a national count one pass over the entries. Not for: the counting
 * (findings.c), reading the records (the source's read_tracks,
 * store/stats-source.c).
 */
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/xalloc.h"
#include "model/codes.h"
#include "model/person.h"
#include "stats/source.h"
#include "stats/stats-internal.h"

void stats_tracks_free(struct stats_tracks *t)
{
	free(t->t);
	free(t->hot);
	free(t->by_org);
	free(t->org_start);
	free(t->recent);
	free(t->map);
	memset(t, 0, sizeof(*t));
}

static size_t slot_of(long long id, size_t size)
{
	uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15ull;

	return (size_t)(h >> 32) & (size - 1);
}

static void map_rebuild(struct stats_tracks *t, size_t size)
{
	free(t->map);
	t->map_size = size;
	t->map = xmalloc(size * sizeof(*t->map));
	memset(t->map, 0xff, size * sizeof(*t->map));   /* -1: empty */
	for (size_t i = 0; i < t->n; i++) {
		size_t s = slot_of(t->t[i].id, size);
		while (t->map[s] >= 0)
			s = (s + 1) & (size - 1);
		t->map[s] = (int32_t)i;
	}
}

struct stats_track *stats_tracks_find(const struct stats_tracks *t, long long id)
{
	if (!t->n)
		return NULL;
	for (size_t s = slot_of(id, t->map_size); t->map[s] >= 0; s = (s + 1) & (t->map_size - 1))
		if (t->t[t->map[s]].id == id)
			return &t->t[t->map[s]];
	return NULL;
}

/* The entry of id, a new empty one when there is none. */
static struct stats_track *track_get(struct stats_tracks *t, long long id)
{
	struct stats_track *x = stats_tracks_find(t, id);
	size_t s;

	if (x)
		return x;
	ALLOC_GROW(t->t, t->n + 1, t->alloc);
	ALLOC_GROW(t->hot, t->n + 1, t->alloc_hot);
	x = &t->t[t->n++];
	memset(x, 0, sizeof(*x));
	memset(&t->hot[t->n - 1], 0, sizeof(t->hot[0]));
	x->id = id;
	x->org = -1;
	if (2 * t->n > t->map_size) {
		map_rebuild(t, t->map_size ? 2 * t->map_size : 64);
		return x;
	}
	s = slot_of(id, t->map_size);
	while (t->map[s] >= 0)
		s = (s + 1) & (t->map_size - 1);
	t->map[s] = (int32_t)(t->n - 1);
	return x;
}

static inline uint16_t min16(uint16_t a, uint16_t b)
{
	return a < b ? a : b;
}

/* The hot copy of entry x of t (stats-internal.h struct stats_track_hot):
 * person_dates_status_on's statuses as day intervals. */
static void track_hot(struct stats_tracks *t, const struct stats_track *x)
{
	struct stats_track_hot *h = &t->hot[x - t->t];
	const uint16_t none = D16_NONE;
	uint16_t ex_row = x->status >= MS_WITHDRAWN ? x->exited : none;
	uint8_t recent = h->recent;

	memset(h, 0, sizeof(*h));
	h->recent = recent;
	h->org = x->org;
	h->applied = x->applied;
	h->appl_to = min16(min16(min16(x->activist, x->target), min16(x->admitted, x->full)),
			   x->exited);
	h->base_to = x->activist == none && x->admitted == none && x->full == none
		     ? min16(x->target, ex_row) : 0;
	h->vote = x->vote;
	h->appr_to = min16(x->approval, x->exited);
	h->ext_end = x->ext_end;
	h->prob_from = x->status == MS_FULL && x->full == none ? none : x->admitted;
	h->prob_to = min16(x->full, x->exited);
	h->member_from = min16(x->admitted, x->full);
	h->lost_from = x->lost_from;
	h->lost_to = min16(x->lost_to, x->exited);
	h->talk_ok = x->talk_ok;
}

void stats_tracks_index(struct stats_tracks *t, size_t nr_orgs)
{
	uint32_t *pos;

	free(t->by_org);
	free(t->org_start);
	t->nr_slots = nr_orgs;
	t->org_start = xcalloc(nr_orgs + 1, sizeof(*t->org_start));
	t->by_org = xmalloc((t->n ? t->n : 1) * sizeof(*t->by_org));
	for (size_t k = 0; k < t->n; k++)
		if (t->hot[k].org >= 0 && (size_t)t->hot[k].org < nr_orgs)
			t->org_start[t->hot[k].org + 1]++;
	for (size_t i = 0; i < nr_orgs; i++)
		t->org_start[i + 1] += t->org_start[i];
	pos = xmalloc((nr_orgs ? nr_orgs : 1) * sizeof(*pos));
	memcpy(pos, t->org_start, nr_orgs * sizeof(*pos));
	for (size_t k = 0; k < t->n; k++) {
		t->hot[k].recent = 0;
		if (t->hot[k].org >= 0 && (size_t)t->hot[k].org < nr_orgs)
			t->by_org[pos[t->hot[k].org]++] = (uint32_t)k;
	}
	free(pos);
	t->nr_recent = 0;
}

/* Entry x changed: listed as recent (the index by organization no longer
 * holds it), the index made anew when the recent ones grow many. */
static void track_touched(struct stats_tracks *t, const struct stats_track *x, size_t nr_orgs)
{
	size_t k = (size_t)(x - t->t);

	if (!t->hot[k].recent) {
		t->hot[k].recent = 1;
		ALLOC_GROW(t->recent, t->nr_recent + 1, t->alloc_recent);
		t->recent[t->nr_recent++] = (uint32_t)k;
	}
	if (t->nr_recent > 4096 && t->nr_recent > t->n / 16)
		stats_tracks_index(t, nr_orgs);
}

void stats_tracks_add(struct stats_tracks *t, const struct stats_track *x)
{
	struct stats_track *y = track_get(t, x->id);

	*y = *x;
	track_hot(t, y);
}

/* The organization idx of a person's row (the condition of
 * stats_row_from_member): -1 outside the engine, -2 unknown organization. */
static int32_t person_org(const struct stats_orgs *o, int status, long long org_id)
{
	int32_t oi;

	if (status < MS_APPLICANT || status > MS_DECEASED || org_id <= 0)
		return -1;
	oi = stats_org_idx(o, org_id);
	return oi < 0 || o->removed[oi] ? -2 : oi;
}

static void set_dates(struct stats_track *x, int32_t org, int status, int applied,
		      int activist, int target, int admitted, int full, int exited)
{
	x->org = org;
	x->status = (uint8_t)(status >= 0 && status <= 255 ? status : 0);
	x->applied = stats_d16(applied);
	x->activist = stats_d16(activist);
	x->target = stats_d16(target);
	x->admitted = stats_d16(admitted);
	x->full = stats_d16(full);
	x->exited = stats_d16(exited);
}

static int d16_day(uint16_t v)
{
	return v == D16_NONE ? DATE_NONE : stats_d16_base() + v;
}

/* The derived fields of x (stats-internal.h) from its dates. */
static void track_derive(struct stats_track *x)
{
	uint16_t talk = x->talk != D16_NONE ? x->talk
			: x->app_step ? D16_NONE
			: x->activist != D16_NONE || x->admitted != D16_NONE || x->full != D16_NONE
			? x->applied : D16_NONE;

	x->talk_ok = 255;
	if (talk != D16_NONE && x->applied != D16_NONE) {
		int a = d16_day(x->applied), t = d16_day(talk);
		for (int m = 0; m < 255; m++)
			if (date_add_months(a, m) >= t) {
				x->talk_ok = (uint8_t)m;
				break;
			}
	}
	x->ext_end = x->ext_months > 0 && x->admitted != D16_NONE
		     ? stats_d16(date_add_months(d16_day(x->admitted), x->ext_months))
		     : D16_NONE;
}

/* Fills x from a source record (org already resolved). */
static void set_track(struct stats_track *x, const struct stats_source_track *r, int32_t org)
{
	set_dates(x, org, r->status, r->applied, r->activist, r->target, r->admitted, r->full,
		  r->exited);
	x->app_step = r->app_step != 0;
	x->ext_months = (uint8_t)(r->ext_months <= 0 ? 0 : r->ext_months > 255 ? 255
							   : r->ext_months);
	x->talk = stats_d16(r->talk);
	x->vote = stats_d16(r->vote);
	x->approval = stats_d16(r->approval);
	x->lost_from = stats_d16(r->lost_from);
	x->lost_to = x->lost_from == D16_NONE ? D16_NONE : stats_d16(r->lost_to);
	track_derive(x);
}

struct load {
	const struct stats_orgs *o;
	struct stats_tracks t;
};

static int load_one(const struct stats_source_track *r, void *arg, struct error *err)
{
	struct load *l = arg;
	int32_t org = person_org(l->o, r->status, r->org_id);

	if (org == -2)
		return error_set(err, ST_NOT_FOUND, "org_id",
				 "statistics: person %lld of unknown organization %lld", r->id,
				 r->org_id);
	struct stats_track *x = track_get(&l->t, r->id);
	set_track(x, r, org);
	track_hot(&l->t, x);
	return ST_OK;
}

int stats_engine_load_tracks(struct stats_engine *e, const struct stats_source *src,
			     struct error *err)
{
	struct load l;
	int rc;

	if (!src->read_tracks)
		return ST_OK;
	memset(&l, 0, sizeof(l));
	l.o = &e->o;
	/* the organizations are only read here (the caller is the engine's
	 * writer); the lock is taken for the swap */
	pthread_rwlock_rdlock(&e->lock);
	rc = src->read_tracks(src->arg, load_one, &l, err);
	pthread_rwlock_unlock(&e->lock);
	if (rc) {
		stats_tracks_free(&l.t);
		return rc;
	}
	pthread_rwlock_wrlock(&e->lock);
	stats_tracks_free(&e->tr);
	e->tr = l.t;
	stats_tracks_index(&e->tr, e->o.n);
	pthread_rwlock_unlock(&e->lock);
	return ST_OK;
}

int stats_engine_apply_track(struct stats_engine *e, const struct stats_source_track *r,
			     struct error *err)
{
	int32_t org;
	int rc = ST_OK;

	pthread_rwlock_wrlock(&e->lock);
	if ((org = person_org(&e->o, r->status, r->org_id)) == -2) {
		rc = error_set(err, ST_NOT_FOUND, "org_id",
			       "statistics: unknown organization %lld", r->org_id);
		goto out;
	}
	{
		struct stats_track *x = track_get(&e->tr, r->id);
		set_track(x, r, org);
		track_hot(&e->tr, x);
		track_touched(&e->tr, x, e->o.n);
	}
out:
	pthread_rwlock_unlock(&e->lock);
	return rc;
}

void stats_tracks_person(struct stats_engine *e, long long id, const struct person *after)
{
	struct stats_track *x = stats_tracks_find(&e->tr, id);
	int32_t org;

	if (!x)
		return;
	if (!after) {
		x->org = -1;
	} else {
		org = person_org(&e->o, after->status, after->org_id);
		set_dates(x, org < 0 ? -1 : org, after->status, after->applied, after->activist,
			  after->target, after->admitted, after->full, after->exited);
		track_derive(x);
	}
	track_hot(&e->tr, x);
	track_touched(&e->tr, x, e->o.n);
}
