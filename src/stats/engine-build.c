/*
 * engine-build.c - building a statistics engine from a source (stats/source.h;
 * the store's in store/stats-source.c): the organizations are applied in bulk
 * while other threads turn the members into per-chunk rows, then the tree is
 * numbered once and one counting sort on two threads lays the rows out.
 *
 * Not for loading a snapshot (snapshot.c) nor for the writes that follow a
 * build (engine.c, engine-edit.c). Reads nothing itself: every row comes
 * through the source's callbacks.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "stats/source.h"
#include "stats/stats-internal.h"

/*
 * The build reads the organizations (bulk) while other threads read the
 * members in table order into per-chunk row lists with their raw org ids;
 * then the tree is numbered once, each row's org id becomes a preorder
 * number (a dense table when ids are dense), and one counting sort lays the
 * rows out.
 */
struct build_chunk {
	struct stats_row *rows;     /* org: set from org_id in the layout */
	long long *org_id;
	size_t n, alloc, alloc_ids;
};

struct build {
	struct stats_engine *e;
	struct build_chunk chunk[STATS_SOURCE_CHUNKS];
};

static int build_org(const struct org *o, void *arg, struct error *err)
{
	struct build *b = arg;

	return stats_engine_apply_org(b->e, NULL, o, err);
}

/* Runs on a reading thread: touches only its chunk. */
static int build_members(int chunk, const struct stats_source_member *m,
			 size_t n, void *arg, struct error *err)
{
	struct build_chunk *bc = &((struct build *)arg)->chunk[chunk];

	(void)err;
	ALLOC_GROW(bc->rows, bc->n + n, bc->alloc);
	ALLOC_GROW(bc->org_id, bc->n + n, bc->alloc_ids);
	for (size_t i = 0; i < n; i++) {
		bc->org_id[bc->n] = m[i].org_id;
		bc->n += (size_t)stats_row_from_member(&m[i], 0, &bc->rows[bc->n]);
	}
	return ST_OK;
}

/* Preorder number of each row's org (into row.org); ST_NOT_FOUND for an
 * org id the tree does not have. */
static int build_resolve(struct build *b, struct error *err)
{
	const struct stats_orgs *o = &b->e->o;
	int32_t *dense = NULL;
	long long lo = 0, hi = -1;
	int rc = ST_OK;

	for (size_t i = 0; i < o->n; i++) {
		if (o->removed[i])
			continue;
		if (hi < lo) {
			lo = hi = o->id[i];
			continue;
		}
		lo = o->id[i] < lo ? o->id[i] : lo;
		hi = o->id[i] > hi ? o->id[i] : hi;
	}
	if (hi >= lo && (unsigned long long)(hi - lo) < 4ull * o->n + 1024) {
		size_t span = (size_t)(hi - lo) + 1;
		dense = xmalloc(span * sizeof(int32_t));
		memset(dense, 0xff, span * sizeof(int32_t));
		for (size_t i = 0; i < o->n; i++)
			if (!o->removed[i])
				dense[o->id[i] - lo] = o->pre[i];
	}
	for (int k = 0; k < STATS_SOURCE_CHUNKS; k++) {
		struct build_chunk *bc = &b->chunk[k];
		for (size_t i = 0; i < bc->n; i++) {
			long long id = bc->org_id[i];
			int32_t pre = -1;
			if (dense) {
				if (id >= lo && id <= hi)
					pre = dense[id - lo];
			} else {
				int32_t idx = stats_org_idx(o, id);
				pre = idx < 0 || o->removed[idx] ? -1 : o->pre[idx];
			}
			if (pre < 0) {
				rc = error_set(err, ST_NOT_FOUND, "org_id",
					       "statistics: unknown organization %lld", id);
				goto out;
			}
			bc->rows[i].org = (uint32_t)pre;
		}
		free(bc->org_id);
		bc->org_id = NULL;
	}
out:
	free(dense);
	return rc;
}

/*
 * The layout runs in two halves on two threads: each half of the chunks is
 * counted and scattered (as whole rows, one random write per row) by one
 * thread, then each half of the sorted rows is copied into the columns.
 */
struct layout_half {
	struct build *b;
	int phase;
	int k_lo, k_hi;             /* chunks */
	size_t *pos;                /* count, then next place, by preorder */
	struct stats_row *sorted;
	size_t r_lo, r_hi;          /* rows of sorted to put into columns */
};

static void *layout_run(void *arg)
{
	struct layout_half *h = arg;
	struct build *b = h->b;

	if (h->phase == 0) {
		for (int k = h->k_lo; k < h->k_hi; k++)
			for (size_t i = 0; i < b->chunk[k].n; i++)
				h->pos[b->chunk[k].rows[i].org]++;
	} else if (h->phase == 1) {
		for (int k = h->k_lo; k < h->k_hi; k++) {
			const struct stats_row *r = b->chunk[k].rows;
			for (size_t i = 0; i < b->chunk[k].n; i++)
				h->sorted[h->pos[r[i].org]++] = r[i];
			free(b->chunk[k].rows);
			b->chunk[k].rows = NULL;
		}
	} else {
		for (size_t i = h->r_lo; i < h->r_hi; i++)
			stats_cols_put(&b->e->c, i, &h->sorted[i]);
	}
	return NULL;
}

/* Runs phase on both halves, the second on a thread of its own. */
static void layout_phase(struct layout_half *h, int phase)
{
	pthread_t t;
	int threaded;

	h[0].phase = h[1].phase = phase;
	threaded = pthread_create(&t, NULL, layout_run, &h[1]) == 0;
	layout_run(&h[0]);
	if (threaded)
		pthread_join(t, NULL);
	else
		layout_run(&h[1]);
}

/* Counting sort of the chunks' rows by preorder into the columns. */
static void build_layout(struct build *b)
{
	struct stats_engine *e = b->e;
	struct stats_orgs *o = &e->o;
	size_t nr_pre = o->nr_pre, total = 0, half = 0;
	struct layout_half h[2];
	int split = 0;

	memset(h, 0, sizeof(h));
	for (int k = 0; k < STATS_SOURCE_CHUNKS; k++)
		total += b->chunk[k].n;
	while (split < STATS_SOURCE_CHUNKS && half + b->chunk[split].n <= total / 2)
		half += b->chunk[split++].n;
	for (int i = 0; i < 2; i++) {
		h[i].b = b;
		h[i].k_lo = i ? split : 0;
		h[i].k_hi = i ? STATS_SOURCE_CHUNKS : split;
		h[i].pos = xcalloc(nr_pre + 1, sizeof(size_t));
	}
	layout_phase(h, 0);
	size_t *rs = xmalloc((nr_pre + 1) * sizeof(size_t));
	size_t run = 0;
	for (size_t p = 0; p < nr_pre; p++) {
		size_t c0 = h[0].pos[p], c1 = h[1].pos[p];
		rs[p] = run;
		h[0].pos[p] = run;
		h[1].pos[p] = run + c0;
		run += c0 + c1;
	}
	rs[nr_pre] = run;
	struct stats_row *sorted = xmalloc((total ? total : 1) * sizeof(*sorted));
	h[0].sorted = h[1].sorted = sorted;
	layout_phase(h, 1);
	stats_cols_resize(&e->c, total);
	h[0].r_lo = 0;
	h[0].r_hi = h[1].r_lo = total / 2;
	h[1].r_hi = total;
	layout_phase(h, 2);
	free(sorted);
	free(h[0].pos);
	free(h[1].pos);
	free(o->row_start);
	o->row_start = rs;
}

int stats_engine_build(const struct stats_source *src, struct stats_engine **out,
		       struct error *err)
{
	struct build b;
	struct stats_source_visitor v = { build_org, build_members, &b };
	int rc;

	*out = NULL;
	memset(&b, 0, sizeof(b));
	b.e = stats_engine_new();
	stats_engine_begin_bulk(b.e);
	if ((rc = src->read(src->arg, STATS_SOURCE_MAX_THREADS, &v, err)))
		goto out;
	pthread_rwlock_wrlock(&b.e->lock);
	stats_orgs_rebuild_maps(&b.e->o);
	if (!(rc = stats_tree_renumber(b.e, err)) && !(rc = build_resolve(&b, err))) {
		build_layout(&b);
		b.e->bulk = 0;
	}
	pthread_rwlock_unlock(&b.e->lock);
out:
	for (int k = 0; k < STATS_SOURCE_CHUNKS; k++) {
		free(b.chunk[k].rows);
		free(b.chunk[k].org_id);
	}
	if (rc) {
		stats_engine_free(b.e);
		return rc;
	}
	if ((rc = stats_engine_load_history(b.e, src, err)) ||
	    (rc = stats_engine_load_dues(b.e, src, err)) ||
	    (rc = stats_engine_load_tracks(b.e, src, err))) {
		stats_engine_free(b.e);
		return rc;
	}
	*out = b.e;
	return ST_OK;
}
