/*
 * engine-edit.c - edits of the statistics engine's organization tree: a
 * create, an update (rename, recode, new kind or dates, dissolution), a move
 * to another parent and a removal, applied in place where that is cheaper
 * than numbering the whole tree again (a new leaf is put at its place; a
 * moved subtree's block of positions and rows swaps with the block between
 * it and its new place).
 *
 * Not for the numbering from scratch, the maps or the columns themselves
 * (engine.c), nor for person rows (engine.c, deltas).
 */
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "stats/stats-internal.h"

static int org_has_rows(struct stats_engine *e, int32_t idx)
{
	int32_t p = e->o.pre[idx];

	for (size_t k = 0; k < e->nr_delta; k++)
		if ((int32_t)e->delta[k].org == idx)
			return 1;
	if (p < 0)
		return 0;
	for (size_t r = e->o.row_start[p]; r < e->o.row_start[p + 1]; r++)
		if (!stats_row_dead(&e->c, r))
			return 1;
	return 0;
}

/*
 * A new organization at idx (the last slot; no rows and no children yet)
 * put where a renumbering would put it: children are numbered in idx order,
 * so it is its parent's last child and takes the position where the
 * parent's subtree ends (a new root goes last). Everything from that
 * position on moves up by one: plain passes over memory instead of a walk
 * of the whole tree (at ten million organizations about 1 s, during which
 * no statistic can be read). -1 when the tree is not numbered or the parent
 * is not in it: the caller renumbers.
 */
static int tree_add_leaf(struct stats_engine *e, int32_t idx)
{
	struct stats_orgs *o = &e->o;
	size_t n = o->n, nr = o->nr_pre, pos;
	int32_t par = -1;

	if (idx != (int32_t)n - 1 || !o->pre_org || !o->child_first ||
	    !o->child_list || !o->roots || !o->row_start || !o->p_kind)
		return -1;
	if (o->parent_id[idx] > 0) {
		par = stats_org_idx(o, o->parent_id[idx]);
		if (par < 0 || par == idx || o->removed[par] || o->pre[par] < 0)
			return -1;
		pos = (size_t)o->pre_end[par];
	} else {
		pos = nr;
	}
	/* preorder-indexed arrays */
	o->pre_org = xrealloc(o->pre_org, (nr + 1) * sizeof(int32_t));
	o->p_kind = xrealloc(o->p_kind, nr + 2);
	o->p_sector = xrealloc(o->p_sector, nr + 2);
	o->p_level = xrealloc(o->p_level, nr + 2);
	o->p_est = xrealloc(o->p_est, (nr + 2) * sizeof(int32_t));
	o->p_dis = xrealloc(o->p_dis, (nr + 2) * sizeof(int32_t));
	o->row_start = xrealloc(o->row_start, (nr + 2) * sizeof(size_t));
	memmove(o->pre_org + pos + 1, o->pre_org + pos, (nr - pos) * sizeof(int32_t));
	memmove(o->p_kind + pos + 1, o->p_kind + pos, nr - pos);
	memmove(o->p_sector + pos + 1, o->p_sector + pos, nr - pos);
	memmove(o->p_level + pos + 1, o->p_level + pos, nr - pos);
	memmove(o->p_est + pos + 1, o->p_est + pos, (nr - pos) * sizeof(int32_t));
	memmove(o->p_dis + pos + 1, o->p_dis + pos, (nr - pos) * sizeof(int32_t));
	/* row_start[pos] stays: the new organization has no rows */
	memmove(o->row_start + pos + 1, o->row_start + pos, (nr + 1 - pos) * sizeof(size_t));
	o->pre_org[pos] = idx;
	o->p_kind[pos] = o->kind[idx];
	o->p_sector[pos] = o->sector[idx];
	o->p_level[pos] = o->level[idx];
	o->p_est[pos] = o->established[idx];
	o->p_dis[pos] = o->dissolved[idx];
	/* the numbers after it; the subtrees that end exactly at pos end
	 * before it, except those of its ancestors */
	for (size_t i = 0; i + 1 < n; i++) {
		if (o->pre[i] < 0)
			continue;
		o->pre[i] += (size_t)o->pre[i] >= pos;
		o->pre_end[i] += (size_t)o->pre_end[i] > pos;
	}
	for (int32_t a = par; a >= 0; a = o->parent[a])
		if ((size_t)o->pre_end[a] == pos)
			o->pre_end[a]++;
	o->pre[idx] = (int32_t)pos;
	o->pre_end[idx] = (int32_t)pos + 1;
	o->nr_pre = nr + 1;
	/* children: idx is the last child of par, or the last root */
	o->parent[idx] = par;
	o->child_first = xrealloc(o->child_first, (n + 2) * sizeof(int32_t));
	o->child_list = xrealloc(o->child_list, n * sizeof(int32_t));
	o->roots = xrealloc(o->roots, n * sizeof(int32_t));
	if (par >= 0) {
		int32_t at = o->child_first[par + 1], total = o->child_first[n - 1];
		memmove(o->child_list + at + 1, o->child_list + at,
			(size_t)(total - at) * sizeof(int32_t));
		o->child_list[at] = idx;
		for (size_t q = (size_t)par + 1; q < n; q++)
			o->child_first[q]++;
	} else {
		o->roots[o->nr_roots++] = idx;
	}
	o->child_first[n] = o->child_first[n - 1];
	o->child_first[n + 1] = o->child_first[n];
	return 0;
}

/* Swaps the adjacent blocks [lo, mid) and [mid, hi) of an array of
 * elements of w bytes (the smaller block goes through a buffer). */
static void rotate(void *base, size_t w, size_t lo, size_t mid, size_t hi)
{
	unsigned char *b = base;
	size_t left = (mid - lo) * w, right = (hi - mid) * w;
	unsigned char *tmp;

	if (!left || !right)
		return;
	if (left <= right) {
		tmp = xmalloc(left);
		memcpy(tmp, b + lo * w, left);
		memmove(b + lo * w, b + mid * w, right);
		memcpy(b + lo * w + right, tmp, left);
	} else {
		tmp = xmalloc(right);
		memcpy(tmp, b + mid * w, right);
		memmove(b + lo * w + right, b + lo * w, left);
		memcpy(b + lo * w, tmp, right);
	}
	free(tmp);
}

static int is_ancestor_or_self(const struct stats_orgs *o, int32_t a, int32_t v)
{
	for (; v >= 0; v = o->parent[v])
		if (v == a)
			return 1;
	return 0;
}

/*
 * Organization idx (its parent_id already changed) moved under its new
 * parent without numbering the whole tree again: where a renumbering would
 * put it (children are numbered in idx order) is found among the new
 * parent's children; the subtree's block of positions and the block
 * between it and that place swap, in the preorder arrays and in the row
 * columns (only the rows between the two places move); the numbers of the
 * organizations in those blocks follow, the subtree ends of the two chains
 * of ancestors grow or shrink by the subtree's size, and idx goes from one
 * list of children to the other. -1 when the tree is not in a state for
 * it, or for a root on either side: the caller renumbers.
 */
static int tree_move(struct stats_engine *e, int32_t idx)
{
	struct stats_orgs *o = &e->o;
	struct stats_cols *c = &e->c;
	int32_t op = o->parent[idx], np;
	size_t s0, s1, k, t, lo, mid, hi;

	if (!o->pre_org || !o->child_first || !o->child_list || !o->row_start ||
	    o->parent_id[idx] <= 0 || op < 0 || o->pre[idx] < 0 ||
	    (np = stats_org_idx(o, o->parent_id[idx])) < 0 || np == op ||
	    o->removed[np] || o->pre[np] < 0)
		return -1;
	s0 = (size_t)o->pre[idx];
	s1 = (size_t)o->pre_end[idx];
	k = s1 - s0;
	if ((size_t)o->pre[np] >= s0 && (size_t)o->pre[np] < s1)
		return -1;    /* a cycle: refused before, renumbering says so */
	/* the place: before np's first child with a larger idx, else at the
	 * end of np's subtree */
	int32_t cf = o->child_first[np], ce = o->child_first[np + 1], j = cf;
	while (j < ce && o->child_list[j] < idx)
		j++;
	t = j < ce ? (size_t)o->pre[o->child_list[j]] : (size_t)o->pre_end[np];
	if (t <= s0) {
		lo = t;
		mid = s0;
		hi = s1;
	} else {
		lo = s0;
		mid = s1;
		hi = t;
	}
	/* rows: the columns between the two places, then row_start */
	size_t r_lo = o->row_start[lo], r_mid = o->row_start[mid], r_hi = o->row_start[hi];
	if (r_lo < r_mid && r_mid < r_hi) {
		rotate(c->id, sizeof(*c->id), r_lo, r_mid, r_hi);
		rotate(c->birth, 2, r_lo, r_mid, r_hi);
		rotate(c->applied, 2, r_lo, r_mid, r_hi);
		rotate(c->activist, 2, r_lo, r_mid, r_hi);
		rotate(c->target, 2, r_lo, r_mid, r_hi);
		rotate(c->admitted, 2, r_lo, r_mid, r_hi);
		rotate(c->full, 2, r_lo, r_mid, r_hi);
		rotate(c->exited, 2, r_lo, r_mid, r_hi);
		rotate(c->cls, 1, r_lo, r_mid, r_hi);
		rotate(c->sex, 1, r_lo, r_mid, r_hi);
		rotate(c->eth, 1, r_lo, r_mid, r_hi);
		rotate(c->edu, 1, r_lo, r_mid, r_hi);
	}
	/* row counts per position, swapped like the positions */
	for (size_t p = lo; p < hi; p++)
		o->row_start[p] = o->row_start[p + 1] - o->row_start[p];
	rotate(o->row_start, sizeof(size_t), lo, mid, hi);
	for (size_t p = lo, run = r_lo; p < hi; p++) {
		size_t cnt = o->row_start[p];
		o->row_start[p] = run;
		run += cnt;
	}
	/* the preorder arrays */
	rotate(o->pre_org, sizeof(int32_t), lo, mid, hi);
	rotate(o->p_kind, 1, lo, mid, hi);
	rotate(o->p_sector, 1, lo, mid, hi);
	rotate(o->p_level, 1, lo, mid, hi);
	rotate(o->p_est, sizeof(int32_t), lo, mid, hi);
	rotate(o->p_dis, sizeof(int32_t), lo, mid, hi);
	/* numbers of the organizations in the two blocks (their subtrees
	 * keep their sizes), then the two chains of ancestors */
	for (size_t p = lo; p < hi; p++) {
		int32_t v = o->pre_org[p];
		int32_t size = o->pre_end[v] - o->pre[v];
		o->pre[v] = (int32_t)p;
		o->pre_end[v] = (int32_t)p + size;
	}
	for (int32_t a = op; a >= 0; a = o->parent[a])
		if (!is_ancestor_or_self(o, a, np))
			o->pre_end[a] -= (int32_t)k;
	for (int32_t a = np; a >= 0; a = o->parent[a])
		if (!is_ancestor_or_self(o, a, op))
			o->pre_end[a] += (int32_t)k;
	/* from op's children to np's (both lists in idx order) */
	int32_t from = o->child_first[op];
	while (o->child_list[from] != idx)
		from++;
	int32_t to = j;          /* np's list, before the old arrays move */
	if (to > from) {
		memmove(o->child_list + from, o->child_list + from + 1,
			(size_t)(to - 1 - from) * sizeof(int32_t));
		o->child_list[to - 1] = idx;
		for (int32_t q = op + 1; q <= np; q++)
			o->child_first[q]--;
	} else {
		memmove(o->child_list + to + 1, o->child_list + to,
			(size_t)(from - to) * sizeof(int32_t));
		o->child_list[to] = idx;
		for (int32_t q = np + 1; q <= op; q++)
			o->child_first[q]++;
	}
	o->parent[idx] = np;
	return 0;
}

int stats_engine_apply_org(struct stats_engine *e, const struct org *before,
			   const struct org *after, struct error *err)
{
	struct stats_orgs *o = &e->o;
	int rc = ST_OK;
	int32_t idx;

	pthread_rwlock_wrlock(&e->lock);
	if (!before && !after)
		goto out;
	if (!before) {
		/* create */
		if (stats_org_idx(o, after->id) >= 0 ||
		    stats_org_idx_by_code(o, after->code) >= 0) {
			rc = error_set(err, ST_CONFLICT, "id",
				       "statistics: organization %lld (%s) exists",
				       after->id, after->code);
			goto out;
		}
		if (!e->bulk && after->parent_id > 0 &&
		    stats_org_idx(o, after->parent_id) < 0) {
			rc = error_set(err, ST_NOT_FOUND, "parent_id",
				       "statistics: unknown parent %lld",
				       after->parent_id);
			goto out;
		}
		stats_orgs_grow(o);
		idx = (int32_t)o->n++;
		o->code[idx] = o->name[idx] = NULL;
		o->removed[idx] = 0;
		o->pre[idx] = -1;
		o->pre_end[idx] = -1;
		o->parent[idx] = -1;
		stats_org_set_fields(o, idx, after);
		if (o->n * 2 + 2 > o->map_size || stats_orgs_map_insert(o, idx) == -2)
			stats_orgs_rebuild_maps(o);
		if (!e->bulk && tree_add_leaf(e, idx))
			rc = stats_tree_renumber(e, err);
		goto out;
	}
	idx = stats_org_idx(o, before->id);
	if (idx < 0) {
		rc = error_set(err, ST_NOT_FOUND, "id",
			       "statistics: unknown organization %lld", before->id);
		goto out;
	}
	if (!after) {
		/* removal */
		if ((o->child_first &&
		     o->child_first[idx + 1] > o->child_first[idx]) ||
		    org_has_rows(e, idx)) {
			rc = error_set(err, ST_CONFLICT, "id",
				       "statistics: organization %lld still has children or members",
				       before->id);
			goto out;
		}
		o->removed[idx] = 1;
		stats_orgs_rebuild_maps(o);
		if (!e->bulk)
			rc = stats_tree_renumber(e, err);
		goto out;
	}
	/* update, perhaps a move */
	long long new_parent = after->parent_id > 0 ? after->parent_id : 0;
	int moved = new_parent != o->parent_id[idx];
	if (moved && new_parent && !e->bulk) {
		int32_t np = stats_org_idx(o, new_parent);
		if (np < 0) {
			rc = error_set(err, ST_NOT_FOUND, "parent_id",
				       "statistics: unknown parent %lld", new_parent);
			goto out;
		}
		if (o->pre[np] >= o->pre[idx] && o->pre[np] < o->pre_end[idx]) {
			rc = error_set(err, ST_CONFLICT, "parent_id",
				       "statistics: moving %s under %s makes a cycle",
				       o->code[idx], o->code[np]);
			goto out;
		}
	}
	int recode = strcmp(o->code[idx], after->code) != 0;
	if (recode) {
		int32_t other = stats_org_idx_by_code(o, after->code);
		if (other >= 0 && other != idx) {
			rc = error_set(err, ST_CONFLICT, "code",
				       "statistics: code %s is taken", after->code);
			goto out;
		}
	}
	long long keep_id = o->id[idx];
	if (recode)
		stats_orgs_code_remove(o, idx);
	stats_org_set_fields(o, idx, after);
	o->id[idx] = keep_id;
	if (recode)
		stats_orgs_code_insert(o, idx);
	if (e->bulk)
		goto out;
	if (moved) {
		if (tree_move(e, idx))
			rc = stats_tree_renumber(e, err);
	} else if (o->pre[idx] >= 0) {
		size_t p = (size_t)o->pre[idx];
		o->p_kind[p] = o->kind[idx];
		o->p_sector[p] = o->sector[idx];
		o->p_level[p] = o->level[idx];
		o->p_est[p] = o->established[idx];
		o->p_dis[p] = o->dissolved[idx];
	}
out:
	pthread_rwlock_unlock(&e->lock);
	return rc;
}
