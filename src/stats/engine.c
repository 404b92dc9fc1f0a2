/*
 * engine.c - the statistics engine's state: the organization tree with its
 * preorder numbering, the sorted row columns, the id and code maps, the
 * delta area and compaction, bulk loading, and the write path of persons.
 *
 * Edits of the tree (create, move, recode, dissolve, remove an organization)
 * are in engine-edit.c, building from a source in engine-build.c, queries in
 * rollup.c and bulletin.c, snapshots in snapshot.c. No SQL and no store/
 * header anywhere in stats/: a build reads through stats/source.h.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "core/date.h"
#include "core/xalloc.h"
#include "model/codes.h"
#include "model/org.h"
#include "stats/source.h"
#include "stats/stats-internal.h"

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

/* Backward-shift deletion: the entries after idx move back so that every
 * probe sequence stays unbroken. */
void stats_orgs_code_remove(struct stats_orgs *o, int32_t idx)
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

int32_t stats_orgs_map_insert(struct stats_orgs *o, int32_t idx)
{
	int32_t r = id_insert(o, idx);

	if (r != -1)
		return r;
	return code_insert(o, idx, hash_str(o->code[idx]) & (o->map_size - 1));
}

int32_t stats_orgs_code_insert(struct stats_orgs *o, int32_t idx)
{
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

void stats_orgs_grow(struct stats_orgs *o)
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

void stats_org_set_fields(struct stats_orgs *o, int32_t i, const struct org *src)
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
	const char *code;
	long long id;
	int32_t i;
	int rc;

	*idx = -1;
	if (!s || !*s)
		return ST_OK;
	if ((rc = org_ref_parse(s, "org", &id, &code, err)))
		return rc;
	i = id ? stats_org_idx(o, id) : stats_org_idx_by_code(o, code);
	if (i < 0 || o->removed[i] || o->pre[i] < 0)
		return id ? error_set(err, ST_NOT_FOUND, "org", "no organization with id %lld", id)
			  : error_set(err, ST_NOT_FOUND, "org",
				      "no organization with code '%.40s'", code);
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
			live += !stats_row_dead(&e->c, r);
		rs[p] = total;
		total += live + dcount[o->pre_org[p]];
	}
	rs[o->nr_pre] = total;
	stats_cols_resize(&nc, total);
	for (size_t p = 0; p < o->nr_pre; p++) {
		size_t w = rs[p], r = o->row_start[p], end = o->row_start[p + 1];
		while (r < end) {
			while (r < end && stats_row_dead(&e->c, r))
				r++;
			size_t s = r;
			while (r < end && !stats_row_dead(&e->c, r))
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
		stats_cols_put(&nc, cur[e->delta[k].org]++, &e->delta[k]);
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
	e->h.last_move = e->h.last_transfer = INT32_MIN;
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
	stats_hist_free(&e->h);
	stats_dues_free(e->dues);
	stats_tracks_free(&e->tr);
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
	out->tracks = e->tr.n;
	out->bytes_per_track = sizeof(struct stats_track);
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
int stats_find_person(const struct stats_engine *e, long long id, int32_t org,
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
		if (e->c.id[r] == id && !stats_row_dead(&e->c, r)) {
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
			found = stats_find_person(e, before->id, ob, &row, &slot);
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
	if (before || after)
		stats_tracks_person(e, after ? after->id : before->id, after);
	if (!e->bulk && e->nr_delta + e->nr_dead > DELTA_LIMIT)
		stats_engine_compact(e);
out:
	pthread_rwlock_unlock(&e->lock);
	return rc;
}
