/*
 * engine.c - the statistics engine's state: the organization tree with its
 * preorder numbering, the sorted row columns, the delta area, compaction,
 * bulk loading, building from the store, and the write path (deltas).
 *
 * Queries live in rollup.c and bulletin.c, snapshots in snapshot.c. This file
 * holds no SQL: the database is read through store/stats-source.h.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "core/date.h"
#include "core/xalloc.h"
#include "model/codes.h"
#include "stats/stats-internal.h"
#include "store/stats-source.h"

/* Deltas kept before a compaction folds them into the sorted columns. */
#define DELTA_LIMIT 65536

/* ---- dates ------------------------------------------------------------ */

int stats_d16_base(void)
{
	static int base = INT_MIN;

	if (base == INT_MIN)
		base = date_from_ymd(1900, 1, 1);
	return base;
}

uint16_t stats_d16(int day)
{
	if (day == DATE_NONE)
		return D16_NONE;
	long v = (long)day - stats_d16_base();
	if (v < 0)
		v = 0;
	if (v > (long)D16_MAX)
		v = D16_MAX;
	return (uint16_t)v;
}

int stats_row_from_member(const struct stats_source_member *p, uint32_t org,
			  struct stats_row *r)
{
	if (p->status < MS_APPLICANT || p->status > MS_DECEASED || p->org_id <= 0)
		return 0;
	r->id = p->id;
	r->org = org;
	r->birth = stats_d16(p->birth_date);
	if (r->birth == D16_NONE)
		r->birth = D16_MAX;
	r->applied = stats_d16(p->applied);
	r->activist = stats_d16(p->activist);
	r->target = stats_d16(p->target);
	r->admitted = stats_d16(p->admitted);
	r->full = stats_d16(p->full);
	if (r->admitted == D16_NONE)
		r->admitted = r->full;
	if (r->full == D16_NONE && p->status == MS_FULL)
		r->full = r->admitted;
	unsigned exit_kind = 0;
	if (p->status >= MS_WITHDRAWN)
		exit_kind = (unsigned)(p->status - MS_WITHDRAWN + 1);
	r->exited = exit_kind ? stats_d16(p->exited) : D16_NONE;
	if (r->exited == D16_NONE)
		exit_kind = 0;
	int occ = p->occupation >= OCC_WORKERS && p->occupation <= OCC_RETIRED
			  ? p->occupation : OCC_OTHER;
	r->cls = (uint8_t)((unsigned)(occ - 1) |
			   (p->sex == SEX_FEMALE ? CLS_FEMALE : 0) |
			   (p->ethnicity != ETHNICITY_HAN ? CLS_MINORITY : 0) |
			   (education_is_college(p->education) ? CLS_COLLEGE : 0) |
			   (exit_kind << CLS_EXIT_SHIFT));
	r->sex = (uint8_t)(p->sex >= 0 && p->sex <= 9 ? p->sex : 0);
	r->eth = (uint8_t)(p->ethnicity >= 0 && p->ethnicity <= 99 ? p->ethnicity : 0);
	r->edu = (uint8_t)(p->education >= 0 && p->education <= 99 ? p->education : 0);
	return 1;
}

int stats_row_from_person(const struct person *p, uint32_t org,
			  struct stats_row *r)
{
	struct stats_source_member m;

	if (!p)
		return 0;
	m.id = p->id;
	m.org_id = p->org_id;
	m.sex = p->sex;
	m.ethnicity = p->ethnicity;
	m.education = p->education;
	m.occupation = p->occupation;
	m.status = p->status;
	m.birth_date = p->birth_date;
	m.applied = p->applied;
	m.activist = p->activist;
	m.target = p->target;
	m.admitted = p->admitted;
	m.full = p->full;
	m.exited = p->exited;
	return stats_row_from_member(&m, org, r);
}

/* ---- columns ---------------------------------------------------------- */

static void cols_copy(struct stats_cols *dst, size_t di,
		      const struct stats_cols *src, size_t si, size_t n);

void stats_cols_resize(struct stats_cols *c, size_t n)
{
	size_t a = n ? n : 1;

	if (c->mapped) {
		/* copy out of the mapping: fresh arrays, the rows that fit */
		struct stats_cols nc = { 0 };
		stats_cols_resize(&nc, n);
		cols_copy(&nc, 0, c, 0, c->n < n ? c->n : n);
		*c = nc;
		return;
	}
	c->id = xrealloc(c->id, a * sizeof(*c->id));
	c->birth = xrealloc(c->birth, a * 2);
	c->applied = xrealloc(c->applied, a * 2);
	c->activist = xrealloc(c->activist, a * 2);
	c->target = xrealloc(c->target, a * 2);
	c->admitted = xrealloc(c->admitted, a * 2);
	c->full = xrealloc(c->full, a * 2);
	c->exited = xrealloc(c->exited, a * 2);
	c->cls = xrealloc(c->cls, a);
	c->sex = xrealloc(c->sex, a);
	c->eth = xrealloc(c->eth, a);
	c->edu = xrealloc(c->edu, a);
	c->n = n;
	c->alloc = a;
}

void stats_cols_free(struct stats_cols *c)
{
	if (!c->mapped) {
		free(c->id);
		free(c->birth);
		free(c->applied);
		free(c->activist);
		free(c->target);
		free(c->admitted);
		free(c->full);
		free(c->exited);
		free(c->cls);
		free(c->sex);
		free(c->eth);
		free(c->edu);
	}
	memset(c, 0, sizeof(*c));
}

void stats_engine_set_cols(struct stats_engine *e, struct stats_cols *nc)
{
	int was_mapped = e->c.mapped;

	stats_cols_free(&e->c);
	e->c = *nc;
	memset(nc, 0, sizeof(*nc));
	if (was_mapped && e->map && e->map_size > e->map_cols) {
		/* the columns were the tail of the mapping: give it back */
		munmap(e->map + e->map_cols, e->map_size - e->map_cols);
		e->map_size = e->map_cols;
	}
}

static void cols_put(struct stats_cols *c, size_t i, const struct stats_row *r)
{
	c->id[i] = r->id;
	c->birth[i] = r->birth;
	c->applied[i] = r->applied;
	c->activist[i] = r->activist;
	c->target[i] = r->target;
	c->admitted[i] = r->admitted;
	c->full[i] = r->full;
	c->exited[i] = r->exited;
	c->cls[i] = r->cls;
	c->sex[i] = r->sex;
	c->eth[i] = r->eth;
	c->edu[i] = r->edu;
}

/* Copies n rows src[si..] to dst[di..]. */
static void cols_copy(struct stats_cols *dst, size_t di,
		      const struct stats_cols *src, size_t si, size_t n)
{
	if (!n)
		return;
	memcpy(dst->id + di, src->id + si, n * sizeof(*src->id));
	memcpy(dst->birth + di, src->birth + si, n * 2);
	memcpy(dst->applied + di, src->applied + si, n * 2);
	memcpy(dst->activist + di, src->activist + si, n * 2);
	memcpy(dst->target + di, src->target + si, n * 2);
	memcpy(dst->admitted + di, src->admitted + si, n * 2);
	memcpy(dst->full + di, src->full + si, n * 2);
	memcpy(dst->exited + di, src->exited + si, n * 2);
	memcpy(dst->cls + di, src->cls + si, n);
	memcpy(dst->sex + di, src->sex + si, n);
	memcpy(dst->eth + di, src->eth + si, n);
	memcpy(dst->edu + di, src->edu + si, n);
}

static int row_dead(const struct stats_cols *c, size_t i)
{
	return c->birth[i] == D16_NONE;
}

static void row_kill(struct stats_cols *c, size_t i)
{
	c->birth[i] = D16_NONE;
	c->applied[i] = c->activist[i] = c->target[i] = D16_NONE;
	c->admitted[i] = c->full[i] = c->exited[i] = D16_NONE;
	c->cls[i] &= (uint8_t)~(3u << CLS_EXIT_SHIFT);
}

/* ---- organizations: maps ---------------------------------------------- */

static size_t hash_id(long long id)
{
	return (size_t)(((uint64_t)id * 0x9E3779B97F4A7C15ull) >> 17);
}

static size_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return (size_t)(h ^ (h >> 29));
}

/* Inserts idx into the code map; returns the idx already holding its code
 * (then nothing is inserted), else -1. h = hash_str(code) & mask. */
static int32_t code_insert(struct stats_orgs *o, int32_t idx, size_t h)
{
	size_t mask = o->map_size - 1;

	for (; o->code_map[h] >= 0; h = (h + 1) & mask)
		if (!strcmp(o->code[o->code_map[h]], o->code[idx]))
			return o->code_map[h];
	o->code_map[h] = idx;
	return -1;
}

/* Takes idx (under its current code) out of the code map, moving the
 * entries after it back so that every probe sequence stays unbroken. */
static void code_remove(struct stats_orgs *o, int32_t idx)
{
	size_t mask = o->map_size - 1, h = hash_str(o->code[idx]) & mask, hole;

	while (o->code_map[h] != idx) {
		if (o->code_map[h] < 0)
			return;
		h = (h + 1) & mask;
	}
	hole = h;
	for (size_t j = (h + 1) & mask; o->code_map[j] >= 0; j = (j + 1) & mask) {
		size_t home = hash_str(o->code[o->code_map[j]]) & mask;
		/* the entry may fill the hole when the hole lies on its probe
		 * path, from its home slot to j */
		if (((j - home) & mask) >= ((j - hole) & mask)) {
			o->code_map[hole] = o->code_map[j];
			hole = j;
		}
	}
	o->code_map[hole] = -1;
}

/* Inserts idx into the id map; returns the idx already holding its id,
 * -2 when the direct table cannot hold it (rebuild), else -1. */
static int32_t id_insert(struct stats_orgs *o, int32_t idx)
{
	long long id = o->id[idx];

	if (o->id_direct) {
		if (id <= 0 || (unsigned long long)id >= o->id_direct_n)
			return -2;
		if (o->id_direct[id] >= 0)
			return o->id_direct[id];
		o->id_direct[id] = idx;
		return -1;
	}
	size_t mask = o->map_size - 1;
	size_t h = hash_id(id) & mask;
	for (; o->id_map[h] >= 0; h = (h + 1) & mask)
		if (o->id[o->id_map[h]] == id)
			return o->id_map[h];
	o->id_map[h] = idx;
	return -1;
}

/* One more organization (the maps have room); -1, or as id_insert. */
static int32_t map_insert(struct stats_orgs *o, int32_t idx)
{
	int32_t r = id_insert(o, idx);

	if (r != -1)
		return r;
	return code_insert(o, idx, hash_str(o->code[idx]) & (o->map_size - 1));
}

int32_t stats_orgs_rebuild_maps(struct stats_orgs *o)
{
	size_t size = 64, live = 0;
	long long max_id = 0;
	int32_t dup = -1;
	enum { AHEAD = 16 };
	size_t hs[AHEAD];

	while (size < o->n * 2 + 2)
		size *= 2;
	for (size_t i = 0; i < o->n; i++)
		if (!o->removed[i]) {
			live++;
			if (o->id[i] > max_id)
				max_id = o->id[i];
			if (o->id[i] <= 0)
				max_id = LLONG_MAX;
		}
	free(o->id_map);
	free(o->code_map);
	free(o->id_direct);
	o->id_map = NULL;
	o->id_direct = NULL;
	o->id_direct_n = 0;
	o->map_size = size;
	o->code_map = xmalloc(size * sizeof(*o->code_map));
	memset(o->code_map, 0xff, size * sizeof(*o->code_map));
	if (max_id < LLONG_MAX && (unsigned long long)max_id < 4 * (unsigned long long)live + 1024) {
		/* room to grow by a quarter before a create needs a rebuild */
		o->id_direct_n = (size_t)max_id + 1 + (size_t)max_id / 4 + 64;
		o->id_direct = xmalloc(o->id_direct_n * sizeof(*o->id_direct));
		memset(o->id_direct, 0xff, o->id_direct_n * sizeof(*o->id_direct));
	} else {
		o->id_map = xmalloc(size * sizeof(*o->id_map));
		memset(o->id_map, 0xff, size * sizeof(*o->id_map));
	}
	/*
	 * The code map takes random slots in a table much larger than the
	 * caches: the slots of the organizations AHEAD places later are
	 * hashed and prefetched first, so their misses overlap.
	 */
	size_t mask = size - 1;
	for (size_t i = 0, j = 0; i < o->n; i++) {
		for (; j < o->n && j < i + AHEAD; j++)
			if (!o->removed[j]) {
				hs[j % AHEAD] = hash_str(o->code[j]) & mask;
				__builtin_prefetch(&o->code_map[hs[j % AHEAD]], 1);
			}
		if (o->removed[i])
			continue;
		int32_t r = id_insert(o, (int32_t)i);
		if (r == -1)
			r = code_insert(o, (int32_t)i, hs[i % AHEAD]);
		if (r >= 0 && dup < 0)
			dup = (int32_t)i;
	}
	return dup;
}

int32_t stats_org_idx(const struct stats_orgs *o, long long id)
{
	if (o->id_direct)
		return id > 0 && (unsigned long long)id < o->id_direct_n ? o->id_direct[id] : -1;
	if (!o->map_size || !o->id_map)
		return -1;
	size_t mask = o->map_size - 1;
	for (size_t h = hash_id(id) & mask; o->id_map[h] >= 0; h = (h + 1) & mask)
		if (o->id[o->id_map[h]] == id)
			return o->id_map[h];
	return -1;
}

int32_t stats_org_idx_by_code(const struct stats_orgs *o, const char *code)
{
	if (!o->map_size)
		return -1;
	size_t mask = o->map_size - 1;
	for (size_t h = hash_str(code) & mask; o->code_map[h] >= 0;
	     h = (h + 1) & mask)
		if (!strcmp(o->code[o->code_map[h]], code))
			return o->code_map[h];
	return -1;
}

/* Strings of a snapshot's organizations share one block (o->arena). */
static void org_str_free(struct stats_orgs *o, char *str)
{
	if (!o->arena || str < o->arena || str >= o->arena + o->arena_size)
		free(str);
}

static void orgs_alloc(struct stats_orgs *o, size_t a)
{
	o->id = xrealloc(o->id, a * sizeof(*o->id));
	o->parent_id = xrealloc(o->parent_id, a * sizeof(*o->parent_id));
	o->parent = xrealloc(o->parent, a * sizeof(*o->parent));
	o->code = xrealloc(o->code, a * sizeof(*o->code));
	o->name = xrealloc(o->name, a * sizeof(*o->name));
	o->kind = xrealloc(o->kind, a);
	o->sector = xrealloc(o->sector, a);
	o->level = xrealloc(o->level, a);
	o->removed = xrealloc(o->removed, a);
	o->established = xrealloc(o->established, a * sizeof(int32_t));
	o->dissolved = xrealloc(o->dissolved, a * sizeof(int32_t));
	o->pre = xrealloc(o->pre, a * sizeof(int32_t));
	o->pre_end = xrealloc(o->pre_end, a * sizeof(int32_t));
	o->alloc = a;
}

static void orgs_grow(struct stats_orgs *o)
{
	if (o->n < o->alloc)
		return;
	orgs_alloc(o, o->alloc ? o->alloc * 2 : 64);
}

void stats_orgs_reserve(struct stats_orgs *o, size_t n)
{
	if (n > o->alloc)
		orgs_alloc(o, n);
}

static void org_set_fields(struct stats_orgs *o, int32_t i, const struct org *src)
{
	o->id[i] = src->id;
	o->parent_id[i] = src->parent_id > 0 ? src->parent_id : 0;
	org_str_free(o, o->code[i]);
	org_str_free(o, o->name[i]);
	o->code[i] = xstrdup(src->code);
	o->name[i] = xstrdup(src->name);
	o->kind[i] = (uint8_t)(src->kind >= 0 && src->kind < 256 ? src->kind : 0);
	o->sector[i] = (uint8_t)(src->sector >= 0 && src->sector < 10 ? src->sector : 0);
	o->level[i] = (uint8_t)(src->level >= 0 && src->level < 8 ? src->level : 0);
	o->established[i] = src->established == DATE_NONE ? INT32_MIN : src->established;
	o->dissolved[i] = src->dissolved == DATE_NONE ? INT32_MAX : src->dissolved;
}

static void orgs_free(struct stats_orgs *o)
{
	for (size_t i = 0; i < o->n; i++) {
		org_str_free(o, o->code[i]);
		org_str_free(o, o->name[i]);
	}
	free(o->id); free(o->parent_id); free(o->parent); free(o->code);
	free(o->name); free(o->kind); free(o->sector); free(o->level);
	free(o->removed); free(o->established); free(o->dissolved);
	free(o->pre); free(o->pre_end); free(o->pre_org); free(o->p_kind);
	free(o->p_sector); free(o->p_level); free(o->p_est); free(o->p_dis);
	free(o->row_start); free(o->child_first); free(o->child_list);
	free(o->roots); free(o->id_map); free(o->code_map); free(o->id_direct);
	if (!o->arena_borrowed)
		free(o->arena);
	memset(o, 0, sizeof(*o));
}

void stats_org_fill_info(const struct stats_orgs *o, int32_t idx,
			 struct stats_org_info *out)
{
	memset(out, 0, sizeof(*out));
	if (idx < 0) {
		snprintf(out->code, sizeof(out->code), "%s", "");
		snprintf(out->name, sizeof(out->name), "%s", "(all)");
		out->level = ORG_LEVEL_CENTRAL;
		out->established = DATE_NONE;
		out->dissolved = DATE_NONE;
		out->nr_children = o->nr_roots;
		out->subtree_orgs = o->nr_pre;
		return;
	}
	out->id = o->id[idx];
	out->parent_id = o->parent_id[idx];
	snprintf(out->code, sizeof(out->code), "%s", o->code[idx]);
	snprintf(out->name, sizeof(out->name), "%s", o->name[idx]);
	out->kind = o->kind[idx];
	out->sector = o->sector[idx];
	out->level = o->level[idx];
	out->established = o->established[idx] == INT32_MIN ? DATE_NONE : o->established[idx];
	out->dissolved = o->dissolved[idx] == INT32_MAX ? DATE_NONE : o->dissolved[idx];
	if (o->child_first)
		out->nr_children = (size_t)(o->child_first[idx + 1] - o->child_first[idx]);
	if (o->pre[idx] >= 0)
		out->subtree_orgs = (size_t)(o->pre_end[idx] - o->pre[idx]);
}

int stats_org_resolve(const struct stats_orgs *o, const char *s, int32_t *idx,
		      struct error *err)
{
	char *end;
	long long id;

	*idx = -1;
	if (!s || !*s)
		return ST_OK;
	int32_t i = stats_org_idx_by_code(o, s);
	if (i < 0) {
		id = strtoll(s, &end, 10);
		if (*end == '\0' && id > 0)
			i = stats_org_idx(o, id);
	}
	if (i < 0 || o->removed[i] || o->pre[i] < 0)
		return error_set(err, ST_NOT_FOUND, "org",
				 "no organization with id or code '%s'", s);
	*idx = i;
	return ST_OK;
}

/* ---- numbering and layout --------------------------------------------- */

/*
 * Numbers the tree from scratch (children in idx order, i.e. creation
 * order), then re-lays the base rows for the new numbering: when the
 * organizations holding rows keep their relative order (a new leaf, a
 * rename) only the row_start table changes; otherwise (a move) rows are
 * copied block by block into new columns.
 */
int stats_tree_renumber(struct stats_engine *e, struct error *err)
{
	struct stats_orgs *o = &e->o;
	size_t n = o->n, live = 0, nr_pre = 0;
	size_t *old_first = xcalloc(n ? n : 1, sizeof(size_t));
	size_t *old_cnt = xcalloc(n ? n : 1, sizeof(size_t));
	int32_t *stack = NULL, *pos = NULL;
	int rc = ST_OK;

	/* rows of each org under the old numbering */
	for (size_t i = 0; i < n; i++) {
		if (i < o->n && o->pre && o->pre[i] >= 0 && o->row_start &&
		    (size_t)o->pre[i] < o->nr_pre) {
			old_first[i] = o->row_start[o->pre[i]];
			old_cnt[i] = o->row_start[o->pre[i] + 1] - old_first[i];
		}
	}
	/* parents and children */
	free(o->child_first);
	free(o->child_list);
	free(o->roots);
	o->child_first = xcalloc(n + 2, sizeof(int32_t));
	o->child_list = xmalloc((n ? n : 1) * sizeof(int32_t));
	o->roots = xmalloc((n ? n : 1) * sizeof(int32_t));
	o->nr_roots = 0;
	for (size_t i = 0; i < n; i++) {
		if (o->removed[i])
			continue;
		live++;
		o->parent[i] = -1;
		if (o->parent_id[i] > 0) {
			int32_t p = stats_org_idx(o, o->parent_id[i]);
			if (p < 0 || o->removed[p]) {
				rc = error_set(err, ST_INVALID, "parent_id",
					       "organization %s: parent %lld is unknown",
					       o->code[i], o->parent_id[i]);
				goto out;
			}
			o->parent[i] = p;
			o->child_first[p + 1]++;
		} else {
			o->roots[o->nr_roots++] = (int32_t)i;
		}
	}
	for (size_t i = 0; i < n; i++)
		o->child_first[i + 1] += o->child_first[i];
	o->child_first[n + 1] = o->child_first[n];
	pos = xmalloc((n + 1) * sizeof(int32_t));
	memcpy(pos, o->child_first, (n + 1) * sizeof(int32_t));
	for (size_t i = 0; i < n; i++)
		if (!o->removed[i] && o->parent[i] >= 0)
			o->child_list[pos[o->parent[i]]++] = (int32_t)i;

	/* iterative preorder walk */
	free(o->pre_org);
	o->pre_org = xmalloc((live ? live : 1) * sizeof(int32_t));
	for (size_t i = 0; i < n; i++)
		o->pre[i] = -1;
	stack = xmalloc((live + 1) * sizeof(int32_t));
	for (size_t r = 0; r < o->nr_roots; r++) {
		size_t sp = 0;
		int32_t root = o->roots[r];
		o->pre[root] = (int32_t)nr_pre;
		o->pre_org[nr_pre++] = root;
		stack[sp++] = root;
		pos[root] = o->child_first[root];
		while (sp) {
			int32_t v = stack[sp - 1];
			if (pos[v] < o->child_first[v + 1]) {
				int32_t c = o->child_list[pos[v]++];
				o->pre[c] = (int32_t)nr_pre;
				o->pre_org[nr_pre++] = c;
				pos[c] = o->child_first[c];
				stack[sp++] = c;
			} else {
				o->pre_end[v] = (int32_t)nr_pre;
				sp--;
			}
		}
	}
	if (nr_pre != live) {
		rc = error_set(err, ST_INVALID, "parent_id",
			       "the organization parents form a cycle");
		goto out;
	}
	o->nr_pre = nr_pre;
	o->p_kind = xrealloc(o->p_kind, nr_pre + 1);
	o->p_sector = xrealloc(o->p_sector, nr_pre + 1);
	o->p_level = xrealloc(o->p_level, nr_pre + 1);
	o->p_est = xrealloc(o->p_est, (nr_pre + 1) * sizeof(int32_t));
	o->p_dis = xrealloc(o->p_dis, (nr_pre + 1) * sizeof(int32_t));
	for (size_t p = 0; p < nr_pre; p++) {
		int32_t i = o->pre_org[p];
		o->p_kind[p] = o->kind[i];
		o->p_sector[p] = o->sector[i];
		o->p_level[p] = o->level[i];
		o->p_est[p] = o->established[i];
		o->p_dis[p] = o->dissolved[i];
	}

	/* rows: same order or a copy */
	size_t *rs = xmalloc((nr_pre + 1) * sizeof(size_t));
	size_t run = 0;
	int same = 1;
	for (size_t p = 0; p < nr_pre; p++) {
		int32_t i = o->pre_org[p];
		rs[p] = run;
		if (old_cnt[i] && old_first[i] != run)
			same = 0;
		run += old_cnt[i];
	}
	rs[nr_pre] = run;
	if (!same) {
		struct stats_cols nc = { 0 };
		stats_cols_resize(&nc, e->c.n);
		for (size_t p = 0; p < nr_pre; p++) {
			int32_t i = o->pre_org[p];
			cols_copy(&nc, rs[p], &e->c, old_first[i], old_cnt[i]);
		}
		stats_engine_set_cols(e, &nc);
	}
	free(o->row_start);
	o->row_start = rs;
out:
	free(old_first);
	free(old_cnt);
	free(stack);
	free(pos);
	return rc;
}

void stats_engine_compact(struct stats_engine *e)
{
	struct stats_orgs *o = &e->o;
	struct stats_cols nc = { 0 };
	size_t *rs, total = 0;

	if (!e->nr_delta && !e->nr_dead)
		return;
	rs = xmalloc((o->nr_pre + 1) * sizeof(size_t));
	/* per preorder position: live base rows + delta rows */
	size_t *dcount = xcalloc(o->n ? o->n : 1, sizeof(size_t));
	for (size_t k = 0; k < e->nr_delta; k++)
		dcount[e->delta[k].org]++;
	for (size_t p = 0; p < o->nr_pre; p++) {
		size_t live = 0;
		for (size_t r = o->row_start[p]; r < o->row_start[p + 1]; r++)
			live += !row_dead(&e->c, r);
		rs[p] = total;
		total += live + dcount[o->pre_org[p]];
	}
	rs[o->nr_pre] = total;
	stats_cols_resize(&nc, total);
	for (size_t p = 0; p < o->nr_pre; p++) {
		size_t w = rs[p], r = o->row_start[p], end = o->row_start[p + 1];
		while (r < end) {
			while (r < end && row_dead(&e->c, r))
				r++;
			size_t s = r;
			while (r < end && !row_dead(&e->c, r))
				r++;
			cols_copy(&nc, w, &e->c, s, r - s);
			w += r - s;
		}
	}
	/* place delta rows after the base rows of their org */
	size_t *cur = xmalloc((o->n ? o->n : 1) * sizeof(size_t));
	for (size_t p = 0; p < o->nr_pre; p++) {
		int32_t i = o->pre_org[p];
		cur[i] = rs[p + 1] - dcount[i];
	}
	for (size_t k = 0; k < e->nr_delta; k++)
		cols_put(&nc, cur[e->delta[k].org]++, &e->delta[k]);
	free(cur);
	free(dcount);
	stats_engine_set_cols(e, &nc);
	free(o->row_start);
	o->row_start = rs;
	e->nr_delta = 0;
	e->nr_dead = 0;
}

/* ---- lifecycle -------------------------------------------------------- */

struct stats_engine *stats_engine_new(void)
{
	struct stats_engine *e = xcalloc(1, sizeof(*e));

	pthread_rwlock_init(&e->lock, NULL);
	e->o.row_start = xcalloc(1, sizeof(size_t));
	stats_cols_resize(&e->c, 0);
	stats_orgs_rebuild_maps(&e->o);
	return e;
}

void stats_engine_free(struct stats_engine *e)
{
	if (!e)
		return;
	orgs_free(&e->o);
	stats_cols_free(&e->c);
	if (e->map)
		munmap(e->map, e->map_size);
	free(e->delta);
	pthread_rwlock_destroy(&e->lock);
	free(e);
}

void stats_engine_begin_bulk(struct stats_engine *e)
{
	pthread_rwlock_wrlock(&e->lock);
	e->bulk = 1;
	pthread_rwlock_unlock(&e->lock);
}

int stats_engine_end_bulk(struct stats_engine *e, struct error *err)
{
	int rc;

	pthread_rwlock_wrlock(&e->lock);
	stats_orgs_rebuild_maps(&e->o);
	rc = stats_tree_renumber(e, err);
	if (!rc) {
		/* staged rows may name orgs by idx only now known to exist */
		stats_engine_compact(e);
		e->bulk = 0;
	}
	pthread_rwlock_unlock(&e->lock);
	return rc;
}

void stats_engine_info(struct stats_engine *e, struct stats_engine_info *out)
{
	pthread_rwlock_rdlock(&e->lock);
	out->orgs = e->o.nr_pre;
	out->rows = e->c.n;
	out->delta_rows = e->nr_delta;
	out->dead_rows = e->nr_dead;
	out->bytes_per_row = 7 * sizeof(uint16_t) + 4;
	pthread_rwlock_unlock(&e->lock);
}

int stats_org_find(struct stats_engine *e, const char *s,
		   struct stats_org_info *out, struct error *err)
{
	int32_t idx;
	int rc;

	pthread_rwlock_rdlock(&e->lock);
	rc = stats_org_resolve(&e->o, s, &idx, err);
	if (!rc)
		stats_org_fill_info(&e->o, idx, out);
	pthread_rwlock_unlock(&e->lock);
	return rc;
}

/* ---- deltas ----------------------------------------------------------- */

/* Finds the live row of person id in org idx: base row or delta slot. */
static int find_person(struct stats_engine *e, long long id, int32_t org,
		       size_t *row, size_t *slot)
{
	for (size_t k = 0; k < e->nr_delta; k++)
		if (e->delta[k].id == id && (int32_t)e->delta[k].org == org) {
			*slot = k;
			return 2;
		}
	int32_t p = e->o.pre[org];
	if (p < 0)
		return 0;
	for (size_t r = e->o.row_start[p]; r < e->o.row_start[p + 1]; r++)
		if (e->c.id[r] == id && !row_dead(&e->c, r)) {
			*row = r;
			return 1;
		}
	return 0;
}

int stats_engine_apply_person(struct stats_engine *e,
			      const struct person *before,
			      const struct person *after, struct error *err)
{
	struct stats_row r;
	int has_after = 0, found = 0, rc = ST_OK;
	size_t row = 0, slot = 0;

	pthread_rwlock_wrlock(&e->lock);
	if (after && after->status && after->org_id > 0) {
		int32_t oi = stats_org_idx(&e->o, after->org_id);
		if (oi < 0 || e->o.removed[oi]) {
			rc = error_set(err, ST_NOT_FOUND, "org_id",
				       "statistics: unknown organization %lld",
				       after->org_id);
			goto out;
		}
		has_after = stats_row_from_person(after, (uint32_t)oi, &r);
	}
	if (before && before->status && before->org_id > 0 && !e->bulk) {
		int32_t ob = stats_org_idx(&e->o, before->org_id);
		if (ob >= 0)
			found = find_person(e, before->id, ob, &row, &slot);
		if (!found) {
			rc = error_set(err, ST_NOT_FOUND, "id",
				       "statistics: person %lld is not in organization %lld",
				       before->id, before->org_id);
			goto out;
		}
	}
	if (found == 1) {
		row_kill(&e->c, row);
		e->nr_dead++;
	} else if (found == 2) {
		e->delta[slot] = e->delta[--e->nr_delta];
	}
	if (has_after) {
		ALLOC_GROW(e->delta, e->nr_delta + 1, e->alloc_delta);
		e->delta[e->nr_delta++] = r;
	}
	if (!e->bulk && e->nr_delta + e->nr_dead > DELTA_LIMIT)
		stats_engine_compact(e);
out:
	pthread_rwlock_unlock(&e->lock);
	return rc;
}

static int org_has_rows(struct stats_engine *e, int32_t idx)
{
	int32_t p = e->o.pre[idx];

	for (size_t k = 0; k < e->nr_delta; k++)
		if ((int32_t)e->delta[k].org == idx)
			return 1;
	if (p < 0)
		return 0;
	for (size_t r = e->o.row_start[p]; r < e->o.row_start[p + 1]; r++)
		if (!row_dead(&e->c, r))
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
		orgs_grow(o);
		idx = (int32_t)o->n++;
		o->code[idx] = o->name[idx] = NULL;
		o->removed[idx] = 0;
		o->pre[idx] = -1;
		o->pre_end[idx] = -1;
		o->parent[idx] = -1;
		org_set_fields(o, idx, after);
		if (o->n * 2 + 2 > o->map_size || map_insert(o, idx) == -2)
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
		code_remove(o, idx);
	org_set_fields(o, idx, after);
	o->id[idx] = keep_id;
	if (recode)
		code_insert(o, idx, hash_str(o->code[idx]) & (o->map_size - 1));
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

/* ---- building from the store ------------------------------------------ */

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
			cols_put(&b->e->c, i, &h->sorted[i]);
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

int stats_engine_build(struct db *db, struct stats_engine **out,
		       struct error *err)
{
	struct build b;
	struct stats_source_visitor v = { build_org, build_members, &b };
	int rc;

	*out = NULL;
	memset(&b, 0, sizeof(b));
	b.e = stats_engine_new();
	stats_engine_begin_bulk(b.e);
	if ((rc = stats_source_read(db, STATS_SOURCE_MAX_THREADS, &v, err)))
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
	*out = b.e;
	return ST_OK;
}
