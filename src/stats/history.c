/*
 * history.c - the tree and the members' organizations of a past day: the
 * engine's copy of the dated history (organization versions, member
 * transfers) and the as-of view a roll-up or a bulletin of a past day counts
 * over.
 *
 * The sorted columns stay laid out by today's tree. An as-of answer labels
 * each organization with the part of the answer it belonged to on the day
 * (one pass over the organizations and their parent changes), counts the
 * rows of each organization under that label (one pass over the rows, in
 * runs of neighbouring organizations of one label), and moves the few
 * persons transferred after the day from today's label to the day's. When
 * nothing changed after the day, the current-tree path answers unchanged.
 * Not for: the scans themselves (rollup.c, bulletin.c), reading the history
 * (the source's read_history, store/stats-source.c).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "stats/source.h"
#include "stats/stats-internal.h"

void stats_hist_free(struct stats_hist *h)
{
	free(h->ver_org);
	free(h->ver_parent);
	free(h->ver_day);
	free(h->tr_person);
	free(h->tr_day);
	free(h->tr_from);
	free(h->tr_to);
	memset(h, 0, sizeof(*h));
	h->last_move = h->last_transfer = INT32_MIN;
}

struct hist_load {
	struct stats_engine *e;
	struct stats_hist h;
	int32_t prev_org;
};

static int on_version(long long org_id, int day, long long parent_id, void *arg,
		      struct error *err)
{
	struct hist_load *l = arg;
	struct stats_hist *h = &l->h;
	int32_t org = stats_org_idx(&l->e->o, org_id);
	int32_t parent = parent_id > 0 ? stats_org_idx(&l->e->o, parent_id) : -1;

	(void)err;
	if (org < 0)
		return ST_OK;
	if (org == l->prev_org && h->nr_ver && h->ver_parent[h->nr_ver - 1] == parent)
		return ST_OK;   /* same parent: a rename or a dissolution */
	if (org == l->prev_org && h->nr_ver && day > h->last_move)
		h->last_move = day;
	ALLOC_GROW(h->ver_org, h->nr_ver + 1, h->alloc_ver);
	h->ver_parent = xrealloc(h->ver_parent, h->alloc_ver * sizeof(int32_t));
	h->ver_day = xrealloc(h->ver_day, h->alloc_ver * sizeof(int32_t));
	h->ver_org[h->nr_ver] = org;
	h->ver_parent[h->nr_ver] = parent;
	h->ver_day[h->nr_ver] = day;
	h->nr_ver++;
	l->prev_org = org;
	return ST_OK;
}

static int on_transfer(long long person_id, int day, long long from_org,
		       long long to_org, void *arg, struct error *err)
{
	struct hist_load *l = arg;
	struct stats_hist *h = &l->h;
	int32_t from = stats_org_idx(&l->e->o, from_org);
	int32_t to = stats_org_idx(&l->e->o, to_org);

	(void)err;
	if (from < 0 || to < 0 || from == to)
		return ST_OK;
	ALLOC_GROW(h->tr_person, h->nr_tr + 1, h->alloc_tr);
	h->tr_day = xrealloc(h->tr_day, h->alloc_tr * sizeof(int32_t));
	h->tr_from = xrealloc(h->tr_from, h->alloc_tr * sizeof(int32_t));
	h->tr_to = xrealloc(h->tr_to, h->alloc_tr * sizeof(int32_t));
	h->tr_person[h->nr_tr] = person_id;
	h->tr_day[h->nr_tr] = day;
	h->tr_from[h->nr_tr] = from;
	h->tr_to[h->nr_tr] = to;
	h->nr_tr++;
	if (day > h->last_transfer)
		h->last_transfer = day;
	return ST_OK;
}

/* Orders the versions by org idx (read in order of org id; a snapshot's
 * idx order may differ), keeping each organization's in their order: a
 * stable counting sort. */
static void sort_versions(struct stats_hist *h, size_t nr_orgs)
{
	size_t n = h->nr_ver, *at = xcalloc(nr_orgs + 1, sizeof(size_t));
	int32_t *org = xmalloc((n ? n : 1) * sizeof(int32_t));
	int32_t *par = xmalloc((n ? n : 1) * sizeof(int32_t));
	int32_t *day = xmalloc((n ? n : 1) * sizeof(int32_t));

	for (size_t i = 0; i < n; i++)
		at[h->ver_org[i] + 1]++;
	for (size_t k = 0; k < nr_orgs; k++)
		at[k + 1] += at[k];
	for (size_t i = 0; i < n; i++) {
		size_t j = at[h->ver_org[i]]++;
		org[j] = h->ver_org[i];
		par[j] = h->ver_parent[i];
		day[j] = h->ver_day[i];
	}
	free(h->ver_org);
	free(h->ver_parent);
	free(h->ver_day);
	h->ver_org = org;
	h->ver_parent = par;
	h->ver_day = day;
	h->alloc_ver = n;
	free(at);
}

static int cmp_idx(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

int stats_engine_load_history(struct stats_engine *e, const struct stats_source *src,
			      struct error *err)
{
	struct hist_load l;
	struct stats_history_visitor v = { on_version, on_transfer, &l };
	int rc;

	if (!src->read_history)
		return ST_OK;
	memset(&l, 0, sizeof(l));
	l.e = e;
	l.prev_org = -1;
	l.h.last_move = l.h.last_transfer = INT32_MIN;
	/* the organizations are only read here; the engine's lock is taken
	 * for the swap (a writer of the engine is the caller itself) */
	pthread_rwlock_rdlock(&e->lock);
	rc = src->read_history(src->arg, &v, err);
	pthread_rwlock_unlock(&e->lock);
	if (rc) {
		stats_hist_free(&l.h);
		return rc;
	}
	sort_versions(&l.h, e->o.n);
	pthread_rwlock_wrlock(&e->lock);
	stats_hist_free(&e->h);
	e->h = l.h;
	pthread_rwlock_unlock(&e->lock);
	return ST_OK;
}

int stats_hist_differs(const struct stats_engine *e, int day)
{
	return (e->h.nr_ver && e->h.last_move > day) ||
	       (e->h.nr_tr && e->h.last_transfer > day);
}

#define LAB_NEW (-3)
#define LAB_WALK (-4)

void stats_asof_prepare(const struct stats_engine *e, int day, int32_t root,
			int split, struct stats_asof *out)
{
	const struct stats_orgs *o = &e->o;
	const struct stats_hist *h = &e->h;
	size_t n = o->n;
	int32_t *parent = xmalloc((n ? n : 1) * sizeof(int32_t));
	int32_t *lab = xmalloc((n ? n : 1) * sizeof(int32_t));
	int32_t *stack = xmalloc((n ? n : 1) * sizeof(int32_t));

	memset(out, 0, sizeof(*out));
	/* the parent of each organization on day: today's, unless a later
	 * change of it moved it (the version in force on day; before its
	 * first version, the first one's) */
	memcpy(parent, o->parent, n * sizeof(int32_t));
	for (size_t i = 0; i < h->nr_ver;) {
		size_t j = i, pick = i;
		while (j < h->nr_ver && h->ver_org[j] == h->ver_org[i]) {
			if (h->ver_day[j] <= day)
				pick = j;
			j++;
		}
		if (pick != j - 1)      /* the last version is today's tree */
			parent[h->ver_org[i]] = h->ver_parent[pick];
		i = j;
	}
	for (size_t i = 0; i < n; i++)
		lab[i] = LAB_NEW;
	if (root >= 0)
		lab[root] = 0;
	/* the root's children on day, in today's preorder */
	if (split) {
		out->kids = xmalloc((o->nr_pre ? o->nr_pre : 1) * sizeof(int32_t));
		for (size_t p = 0; p < o->nr_pre; p++) {
			int32_t idx = o->pre_org[p];
			if (idx != root && parent[idx] == root)
				out->kids[out->nr_kids++] = idx;
		}
		/* in the order today's children are listed (child_list) */
		qsort(out->kids, out->nr_kids, sizeof(int32_t), cmp_idx);
		for (size_t k = 0; k < out->nr_kids; k++)
			lab[out->kids[k]] = (int32_t)k + 1;
	}
	/* every organization's label: up its parents of day to a labelled
	 * one, or to a root (outside, or the whole forest), or a cycle */
	for (size_t p = 0; p < o->nr_pre; p++) {
		int32_t x = o->pre_org[p], l;
		size_t top = 0;

		l = LAB_NEW;
		while (lab[x] == LAB_NEW) {
			int32_t px = parent[x];
			lab[x] = LAB_WALK;
			stack[top++] = x;
			if (px < 0 || o->removed[px] || o->pre[px] < 0) {
				/* a root of day: the whole forest, or outside */
				l = root < 0 && !split ? 0 : -1;
				break;
			}
			x = px;
		}
		if (l == LAB_NEW)
			l = lab[x] == LAB_WALK ? -1 : lab[x];   /* a cycle: outside */
		while (top)
			lab[stack[--top]] = l;
	}
	out->plab = xmalloc((o->nr_pre ? o->nr_pre : 1) * sizeof(int32_t));
	for (size_t p = 0; p < o->nr_pre; p++)
		out->plab[p] = lab[o->pre_org[p]];

	/* persons transferred after day: counted at the organization they
	 * left (the first transfer after day), not at today's */
	for (size_t i = 0; i < h->nr_tr;) {
		size_t j = i, first = SIZE_MAX;
		while (j < h->nr_tr && h->tr_person[j] == h->tr_person[i]) {
			if (first == SIZE_MAX && h->tr_day[j] > day)
				first = j;
			j++;
		}
		if (first != SIZE_MAX) {
			int32_t then = h->tr_from[first], now = h->tr_to[j - 1];
			size_t row = 0, slot = 0;
			int found = o->removed[then] || o->removed[now] ? 0 :
				    stats_find_person(e, h->tr_person[i], now, &row, &slot);
			if (found && lab[then] != lab[now]) {
				struct stats_row r;
				if (found == 2) {
					r = e->delta[slot];
				} else {
					const struct stats_cols *c = &e->c;
					r.id = c->id[row];
					r.birth = c->birth[row]; r.applied = c->applied[row];
					r.activist = c->activist[row]; r.target = c->target[row];
					r.admitted = c->admitted[row]; r.full = c->full[row];
					r.exited = c->exited[row]; r.cls = c->cls[row];
					r.sex = c->sex[row]; r.eth = c->eth[row]; r.edu = c->edu[row];
				}
				r.org = (uint32_t)then;
				size_t k = out->nr_moved++;
				out->moved = xrealloc(out->moved, out->nr_moved * sizeof(*out->moved));
				out->from_lab = xrealloc(out->from_lab, out->nr_moved * sizeof(int32_t));
				out->to_lab = xrealloc(out->to_lab, out->nr_moved * sizeof(int32_t));
				out->now_org = xrealloc(out->now_org, out->nr_moved * sizeof(int32_t));
				out->now_org[k] = now;
				out->moved[k] = r;
				out->from_lab[k] = lab[now];
				out->to_lab[k] = lab[then];
			}
		}
		i = j;
	}
	free(parent);
	free(lab);
	free(stack);
}

void stats_asof_release(struct stats_asof *a)
{
	free(a->plab);
	free(a->kids);
	free(a->moved);
	free(a->from_lab);
	free(a->to_lab);
	free(a->now_org);
	memset(a, 0, sizeof(*a));
}
