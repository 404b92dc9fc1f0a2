/*
 * org-store.c - SQL for the orgs and org_versions tables, and
 * the process-wide ancestry cache that answers scope checks.
 *
 * Kinds and sectors are stored by their code-table keys, dates as
 * YYYY-MM-DD text. No rules here: see ops/org-ops.c.
 *
 * The ancestry cache maps organization id -> parent id, filled lazily from
 * the caller's snapshot. It belongs to one value of the tree stamp
 * (org_tree_stamp, migration 5: a new random value whenever an
 * organization is inserted, deleted or re-parented, by any connection or
 * process, in the writing transaction). Each walk first reads the stamp in
 * the caller's snapshot; a different stamp empties the cache. So a move
 * committed before a request's read transaction starts is seen by that
 * request, and a rolled-back change leaves a stamp nobody will read again.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/xalloc.h"
#include "model/codes.h"
#include "store/db-internal.h"
#include "store/org-store.h"

#define ORG_COLUMNS \
	"id, code, name, kind, sector, division, level, parent_id, established," \
	" dissolved, merged_into, purpose, end_date, label, term_start, term_years"

static void read_org(sqlite3_stmt *st, struct org *o)
{
	char key[32];
	const struct code_entry *e;

	org_init(o);
	o->id = sqlite3_column_int64(st, 0);
	db_col_text(st, 1, o->code, sizeof(o->code));
	db_col_text(st, 2, o->name, sizeof(o->name));
	db_col_text(st, 3, key, sizeof(key));
	e = code_by_key(&code_org_kind, key);
	o->kind = e ? e->code : 0;
	db_col_text(st, 4, key, sizeof(key));
	e = code_by_key(&code_sector, key);
	o->sector = e ? e->code : 0;
	db_col_text(st, 5, o->division, sizeof(o->division));
	o->level = sqlite3_column_int(st, 6);
	o->parent_id = sqlite3_column_int64(st, 7);
	o->established = db_col_date(st, 8);
	o->dissolved = db_col_date(st, 9);
	o->merged_into = sqlite3_column_int64(st, 10);
	db_col_text(st, 11, o->purpose, sizeof(o->purpose));
	o->end_date = db_col_date(st, 12);
	db_col_text(st, 13, o->label, sizeof(o->label));
	o->term_start = db_col_date(st, 14);
	o->term_years = sqlite3_column_int(st, 15);
}

/* Binds columns 2.. (code .. term_years) as ?1..?15. */
static void bind_org(sqlite3_stmt *st, const struct org *o)
{
	const struct code_entry *kind = code_by_code(&code_org_kind, o->kind);
	const struct code_entry *sector = code_by_code(&code_sector, o->sector);

	db_bind_text(st, 1, o->code);
	db_bind_text(st, 2, o->name);
	db_bind_text(st, 3, kind ? kind->key : "");
	db_bind_text(st, 4, sector ? sector->key : "");
	db_bind_text(st, 5, o->division);
	sqlite3_bind_int(st, 6, o->level);
	db_bind_id(st, 7, o->parent_id);
	db_bind_date(st, 8, o->established);
	db_bind_date(st, 9, o->dissolved);
	db_bind_id(st, 10, o->merged_into);
	db_bind_text(st, 11, o->purpose);
	db_bind_date(st, 12, o->end_date);
	db_bind_text(st, 13, o->label);
	db_bind_date(st, 14, o->term_start);
	sqlite3_bind_int(st, 15, o->term_years);
}

int org_store_insert(struct db *db, struct org *o, struct error *err)
{
	static const char sql[] =
		"INSERT INTO orgs(code, name, kind, sector, division, level, parent_id,"
		" established, dissolved, merged_into, purpose, end_date, label,"
		" term_start, term_years)"
		" VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (!st)
		return ST_DB;
	bind_org(st, o);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		if ((rc & 0xff) == SQLITE_CONSTRAINT) {
			error_setc(err, ST_CONFLICT, "code", "duplicate_code",
					 "organization code %s is already in use", o->code);
			error_param(err, "code", "%s", o->code);
			return ST_CONFLICT;
		}
		return db_sql_error(db, rc, err, "inserting organization");
	}
	o->id = sqlite3_last_insert_rowid(db->sql);
	return ST_OK;
}

int org_store_update(struct db *db, const struct org *o, struct error *err)
{
	static const char sql[] =
		"UPDATE orgs SET code=?1, name=?2, kind=?3, sector=?4, division=?5,"
		" level=?6, parent_id=?7, established=?8, dissolved=?9, merged_into=?10,"
		" purpose=?11, end_date=?12, label=?13, term_start=?14, term_years=?15"
		" WHERE id=?16";
	sqlite3_stmt *st = db_stmt(db, sql, err);

	if (!st)
		return ST_DB;
	bind_org(st, o);
	sqlite3_bind_int64(st, 16, o->id);
	return db_step_done(db, st, err, "updating organization");
}

static int get_one(struct db *db, sqlite3_stmt *st, struct org *out,
		   struct error *err, const char *what)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		read_org(st, out);
		sqlite3_reset(st);
		return ST_OK;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE) {
		error_setc(err, ST_NOT_FOUND, "org", "not_found", "no organization %s", what);
		error_param(err, "id", "%s", what);
		return ST_NOT_FOUND;
	}
	return db_sql_error(db, rc, err, "reading organization");
}

int org_store_get(struct db *db, long long id, struct org *out, struct error *err)
{
	static const char sql[] = "SELECT " ORG_COLUMNS " FROM orgs WHERE id=?1";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	char what[32];

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, id);
	snprintf(what, sizeof(what), "%lld", id);
	return get_one(db, st, out, err, what);
}

int org_store_get_by_code(struct db *db, const char *code, struct org *out,
			  struct error *err)
{
	static const char sql[] = "SELECT " ORG_COLUMNS " FROM orgs WHERE code=?1";
	sqlite3_stmt *st = db_stmt(db, sql, err);

	if (!st)
		return ST_DB;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	return get_one(db, st, out, err, code);
}

/*
 * Rows are read completely before the visitor runs, so a visitor may call
 * back into the store (the tree walk recurses on the same cached statement).
 */
static int visit_orgs(struct db *db, sqlite3_stmt *st, org_visit_fn fn,
		      void *ctx, struct error *err)
{
	struct org *rows = NULL;
	size_t n = 0, alloc = 0;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ALLOC_GROW(rows, n + 1, alloc);
		read_org(st, &rows[n++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(rows);
		return db_sql_error(db, rc, err, "listing organizations");
	}
	for (size_t i = 0; i < n; i++)
		if (fn(&rows[i], ctx))
			break;
	free(rows);
	return ST_OK;
}

int org_store_children(struct db *db, long long parent_id, int include_dissolved,
		       org_visit_fn fn, void *ctx, struct error *err)
{
	static const char sql_child[] =
		"SELECT " ORG_COLUMNS " FROM orgs WHERE parent_id=?1"
		" AND (?2 OR dissolved IS NULL) ORDER BY code";
	static const char sql_root[] =
		"SELECT " ORG_COLUMNS " FROM orgs WHERE parent_id IS NULL"
		" AND (?2 OR dissolved IS NULL) ORDER BY code";
	sqlite3_stmt *st = db_stmt(db, parent_id ? sql_child : sql_root, err);

	if (!st)
		return ST_DB;
	if (parent_id)
		sqlite3_bind_int64(st, 1, parent_id);
	sqlite3_bind_int(st, 2, include_dissolved);
	return visit_orgs(db, st, fn, ctx, err);
}

int org_store_search(struct db *db, const char *text, int limit,
		     org_visit_fn fn, void *ctx, struct error *err)
{
	static const char sql[] =
		"SELECT " ORG_COLUMNS " FROM orgs WHERE dissolved IS NULL AND"
		" (instr(name, ?1) > 0 OR substr(code, 1, length(?1)) = ?1)"
		" ORDER BY length(code), code LIMIT ?2";
	sqlite3_stmt *st = db_stmt(db, sql, err);

	if (!st)
		return ST_DB;
	sqlite3_bind_text(st, 1, text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, limit);
	return visit_orgs(db, st, fn, ctx, err);
}

int org_store_search_scoped(struct db *db, const char *text, long long scope_root,
			    int limit, org_visit_fn fn, void *ctx, struct error *err)
{
	/*
	 * The scope's subtree through the parent index, then the names: work
	 * in proportion to the scope, not to every organization (a city among
	 * ten million organizations: milliseconds instead of seconds). The
	 * conditions are one term with sub, "o.id IS NOT sub.sid" being false
	 * by the join, so that statistics from ANALYZE cannot make the planner
	 * build a Bloom filter over the whole table (as in person-store.c).
	 */
	static const char sql[] =
		"WITH RECURSIVE sub(sid) AS (SELECT ?3 UNION ALL SELECT c.id FROM orgs c"
		" JOIN sub ON c.parent_id = sub.sid)"
		" SELECT " ORG_COLUMNS " FROM sub CROSS JOIN orgs o ON o.id = sub.sid"
		" WHERE o.id IS NOT sub.sid OR (o.dissolved IS NULL AND"
		" (instr(o.name, ?1) > 0 OR substr(o.code, 1, length(?1)) = ?1))"
		" ORDER BY length(o.code), o.code LIMIT ?2";
	sqlite3_stmt *st;

	if (scope_root <= 0)
		return org_store_search(db, text, limit, fn, ctx, err);
	if (!(st = db_stmt(db, sql, err)))
		return ST_DB;
	sqlite3_bind_text(st, 1, text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, limit);
	sqlite3_bind_int64(st, 3, scope_root);
	return visit_orgs(db, st, fn, ctx, err);
}

int org_store_subtree(struct db *db, long long root, org_visit_fn fn, void *ctx,
		      struct error *err)
{
	/* the subtree through the parent index, as org_store_search_scoped */
	static const char sql[] =
		"WITH RECURSIVE sub(sid) AS (SELECT ?1 UNION ALL SELECT c.id FROM orgs c"
		" JOIN sub ON c.parent_id = sub.sid)"
		" SELECT " ORG_COLUMNS " FROM sub CROSS JOIN orgs o ON o.id = sub.sid"
		" WHERE o.id IS NOT sub.sid OR o.dissolved IS NULL"
		" ORDER BY o.code";
	sqlite3_stmt *st = db_stmt(db, sql, err);

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, root);
	return visit_orgs(db, st, fn, ctx, err);
}

int org_store_count_children(struct db *db, long long id, long long *n,
			     struct error *err)
{
	static const char sql[] =
		"SELECT count(*) FROM orgs WHERE parent_id=?1 AND dissolved IS NULL";
	sqlite3_stmt *st = db_stmt(db, sql, err);

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : db_sql_error(db, rc, err, "counting");
}

int org_store_count(struct db *db, long long *n, struct error *err)
{
	static const char sql[] = "SELECT count(*) FROM orgs";
	sqlite3_stmt *st = db_stmt(db, sql, err);

	if (!st)
		return ST_DB;
	int rc = sqlite3_step(st);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : db_sql_error(db, rc, err, "counting");
}

/* ---- the ancestry cache -------------------------------------------------- */

struct anc_slot {
	long long id;        /* 0: empty slot */
	long long parent;    /* 0: a root */
};

#define ANC_MIN_SLOTS ((size_t)1 << 10)
#define ANC_MAX_SLOTS ((size_t)1 << 23)   /* 128 MiB; beyond: start over */
#define ANC_MAX_DEPTH 4096

static pthread_mutex_t anc_lock = PTHREAD_MUTEX_INITIALIZER;
static struct anc_slot *anc_slots;
static size_t anc_cap, anc_used;
static long long anc_stamp;
static int anc_stamped;

static size_t anc_home(long long id, size_t cap)
{
	uint64_t x = (uint64_t)id * 0x9E3779B97F4A7C15ull;

	return (size_t)(x ^ (x >> 31)) & (cap - 1);
}

/* Empties the cache (lock held); small again, so a reset stays cheap. */
static void anc_reset(void)
{
	if (anc_cap != ANC_MIN_SLOTS) {
		free(anc_slots);
		anc_slots = xcalloc(ANC_MIN_SLOTS, sizeof(*anc_slots));
		anc_cap = ANC_MIN_SLOTS;
	} else {
		memset(anc_slots, 0, anc_cap * sizeof(*anc_slots));
	}
	anc_used = 0;
}

/* Makes the cache belong to stamp (lock held). */
static void anc_sync(long long stamp)
{
	if (!anc_slots) {
		anc_slots = xcalloc(ANC_MIN_SLOTS, sizeof(*anc_slots));
		anc_cap = ANC_MIN_SLOTS;
	}
	if (!anc_stamped || anc_stamp != stamp) {
		anc_reset();
		anc_stamp = stamp;
		anc_stamped = 1;
	}
}

static int anc_find(long long id, long long *parent)
{
	for (size_t i = anc_home(id, anc_cap);; i = (i + 1) & (anc_cap - 1)) {
		if (anc_slots[i].id == id) {
			*parent = anc_slots[i].parent;
			return 1;
		}
		if (!anc_slots[i].id)
			return 0;
	}
}

static void anc_insert(struct anc_slot *slots, size_t cap, long long id, long long parent)
{
	size_t i = anc_home(id, cap);

	while (slots[i].id && slots[i].id != id)
		i = (i + 1) & (cap - 1);
	slots[i].id = id;
	slots[i].parent = parent;
}

static void anc_add(long long id, long long parent)
{
	if (2 * (anc_used + 1) > anc_cap) {
		if (anc_cap >= ANC_MAX_SLOTS) {
			anc_reset();
		} else {
			size_t cap = anc_cap * 2;
			struct anc_slot *slots = xcalloc(cap, sizeof(*slots));
			for (size_t i = 0; i < anc_cap; i++)
				if (anc_slots[i].id)
					anc_insert(slots, cap, anc_slots[i].id, anc_slots[i].parent);
			free(anc_slots);
			anc_slots = slots;
			anc_cap = cap;
		}
	}
	anc_insert(anc_slots, anc_cap, id, parent);
	anc_used++;
}

static int tree_stamp(struct db *db, long long *out, struct error *err)
{
	static const char sql[] = "SELECT stamp FROM org_tree_stamp WHERE id = 1";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (!st)
		return ST_DB;
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE
		       ? error_set(err, ST_DB, NULL, "the organization tree stamp is missing")
		       : db_sql_error(db, rc, err, "reading the tree stamp");
	return ST_OK;
}

/* Parent of id under stamp: from the cache, else from the snapshot. */
static int parent_under(struct db *db, long long stamp, long long id,
			long long *parent, struct error *err)
{
	static const char sql[] = "SELECT parent_id FROM orgs WHERE id=?1";
	sqlite3_stmt *st;
	int rc, hit;

	pthread_mutex_lock(&anc_lock);
	anc_sync(stamp);
	hit = anc_find(id, parent);
	pthread_mutex_unlock(&anc_lock);
	if (hit)
		return ST_OK;
	if (!(st = db_stmt(db, sql, err)))
		return ST_DB;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	*parent = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc == SQLITE_DONE) {
		error_setc(err, ST_NOT_FOUND, "org", "not_found", "no organization %lld", id);
		error_param(err, "id", "%lld", id);
		return ST_NOT_FOUND;
	}
	if (rc != SQLITE_ROW)
		return db_sql_error(db, rc, err, "walking the tree");
	/* Missing ids are not remembered: the ids come from requests. */
	pthread_mutex_lock(&anc_lock);
	if (anc_stamped && anc_stamp == stamp && !anc_find(id, &(long long){ 0 }))
		anc_add(id, *parent);
	pthread_mutex_unlock(&anc_lock);
	return ST_OK;
}

int org_store_parent(struct db *db, long long id, long long *parent,
		     struct error *err)
{
	long long stamp;
	int rc;

	*parent = 0;
	if (id <= 0) {
		error_setc(err, ST_NOT_FOUND, "org", "not_found", "no organization %lld", id);
		error_param(err, "id", "%lld", id);
		return ST_NOT_FOUND;
	}
	if ((rc = tree_stamp(db, &stamp, err)))
		return rc;
	return parent_under(db, stamp, id, parent, err);
}

int org_store_is_ancestor(struct db *db, long long anc, long long id,
			  struct error *err)
{
	long long stamp, cur = id, parent;
	int rc;

	if (anc == id)
		return 1;
	if (id <= 0 || anc <= 0)
		return 0;
	if ((rc = tree_stamp(db, &stamp, err)))
		return rc;
	for (int depth = 0; depth < ANC_MAX_DEPTH; depth++) {
		rc = parent_under(db, stamp, cur, &parent, err);
		if (rc == ST_NOT_FOUND)
			return 0;
		if (rc)
			return rc;
		if (parent == anc)
			return 1;
		if (!parent)
			return 0;
		cur = parent;
	}
	return error_set(err, ST_DB, NULL,
			 "the organization tree above %lld is cyclic or too deep", id);
}

void org_store_cache_clear(void)
{
	pthread_mutex_lock(&anc_lock);
	free(anc_slots);
	anc_slots = NULL;
	anc_cap = anc_used = 0;
	anc_stamped = 0;
	pthread_mutex_unlock(&anc_lock);
}

int org_store_new_version(struct db *db, const struct org *o, int from,
			  const char *state, struct error *err)
{
	static const char close_sql[] =
		"UPDATE org_versions SET valid_to=?2 WHERE org_id=?1 AND valid_to IS NULL";
	static const char open_sql[] =
		"INSERT INTO org_versions(org_id, valid_from, name, parent_id, kind, state)"
		" VALUES(?1,?2,?3,?4,?5,?6)";
	const struct code_entry *kind = code_by_code(&code_org_kind, o->kind);
	sqlite3_stmt *st = db_stmt(db, close_sql, err);
	int rc;

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, o->id);
	db_bind_date(st, 2, from);
	if ((rc = db_step_done(db, st, err, "closing organization version")))
		return rc;
	if (!(st = db_stmt(db, open_sql, err)))
		return ST_DB;
	sqlite3_bind_int64(st, 1, o->id);
	db_bind_date(st, 2, from);
	db_bind_text(st, 3, o->name);
	db_bind_id(st, 4, o->parent_id);
	db_bind_text(st, 5, kind ? kind->key : "");
	db_bind_text(st, 6, state);
	return db_step_done(db, st, err, "opening organization version");
}

int org_store_latest_version(struct db *db, long long org_id, int *from,
			     struct error *err)
{
	static const char sql[] =
		"SELECT max(valid_from) FROM org_versions WHERE org_id=?1";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	*from = DATE_NONE;
	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, org_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		*from = db_col_date(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : db_sql_error(db, rc, err, "reading history");
}

int org_store_check_versions(struct db *db, org_version_problem_fn fn, void *ctx,
			     long long *bad, struct error *err)
{
	/* each version beside the next one of the same organization, in the
	 * order of the index (org_id, valid_from, id) */
	static const char sql[] =
		"SELECT o.code, v.valid_from, ifnull(v.valid_to, ''),"
		" ifnull(v.nf, ''), ifnull(v.nt, ''),"
		" v.valid_to IS NOT NULL AND v.valid_to < v.valid_from,"
		" v.nf IS NOT NULL AND (v.valid_to IS NULL OR v.valid_to > v.nf)"
		" FROM (SELECT org_id, valid_from, valid_to,"
		"  lead(valid_from) OVER w AS nf, lead(valid_to) OVER w AS nt"
		"  FROM org_versions WINDOW w AS (PARTITION BY org_id ORDER BY valid_from, id)) v"
		" JOIN orgs o ON o.id = v.org_id"
		" WHERE (v.valid_to IS NOT NULL AND v.valid_to < v.valid_from)"
		" OR (v.nf IS NOT NULL AND (v.valid_to IS NULL OR v.valid_to > v.nf))";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc, stop = 0;

	*bad = 0;
	if (!st)
		return ST_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);
		char c[ORG_CODE_SIZE], f1[16], t1[16], f2[16], t2[16];

		snprintf(c, sizeof(c), "%s", code ? code : "?");
		db_col_text(st, 1, f1, sizeof(f1));
		db_col_text(st, 2, t1, sizeof(t1));
		db_col_text(st, 3, f2, sizeof(f2));
		db_col_text(st, 4, t2, sizeof(t2));
		if (sqlite3_column_int(st, 5)) {
			++*bad;
			if (!stop)
				stop = fn(c, "inverted", f1, t1, "", "", ctx);
		}
		if (sqlite3_column_int(st, 6)) {
			++*bad;
			if (!stop)
				stop = fn(c, "overlap", f1, t1, f2, t2, ctx);
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_sql_error(db, rc, err, "checking history");
}

static void read_version(sqlite3_stmt *st, struct org_version *v)
{
	char key[32];
	const struct code_entry *e;

	v->org_id = sqlite3_column_int64(st, 0);
	v->valid_from = db_col_date(st, 1);
	v->valid_to = db_col_date(st, 2);
	db_col_text(st, 3, v->name, sizeof(v->name));
	v->parent_id = sqlite3_column_int64(st, 4);
	db_col_text(st, 5, key, sizeof(key));
	e = code_by_key(&code_org_kind, key);
	v->kind = e ? e->code : 0;
	db_col_text(st, 6, v->state, sizeof(v->state));
}

int org_store_version_on(struct db *db, long long org_id, int day,
			 struct org_version *out, struct error *err)
{
	/* Same-day changes: the last recorded version wins (highest id). */
	static const char sql[] =
		"SELECT org_id, valid_from, valid_to, name, parent_id, kind, state"
		" FROM org_versions WHERE org_id=?1 AND valid_from <= ?2"
		" AND (valid_to IS NULL OR valid_to > ?2) ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	char buf[DATE_STR_SIZE];

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_text(st, 2, date_format(day, buf), -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_version(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE) {
		error_setc(err, ST_NOT_FOUND, "as_of", "org_not_on_date",
			   "organization %lld did not exist on %s", org_id, buf);
		error_param(err, "date", "%s", buf);
		return ST_NOT_FOUND;
	}
	return rc == SQLITE_ROW ? ST_OK : db_sql_error(db, rc, err, "reading history");
}

int org_store_children_on(struct db *db, long long parent_id, int day,
			  org_version_visit_fn fn, void *ctx, struct error *err)
{
	static const char sql[] =
		"SELECT v.org_id, v.valid_from, v.valid_to, v.name, v.parent_id, v.kind, v.state"
		" FROM org_versions v JOIN orgs o ON o.id = v.org_id"
		" WHERE v.id = (SELECT w.id FROM org_versions w WHERE w.org_id = v.org_id"
		"   AND w.valid_from <= ?2 AND (w.valid_to IS NULL OR w.valid_to > ?2)"
		"   ORDER BY w.id DESC LIMIT 1)"
		" AND v.parent_id IS ?1 AND v.state = 'active' ORDER BY o.code";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	struct org_version *rows = NULL;
	size_t n = 0, alloc = 0;
	char buf[DATE_STR_SIZE];
	int rc;

	if (!st)
		return ST_DB;
	db_bind_id(st, 1, parent_id);
	sqlite3_bind_text(st, 2, date_format(day, buf), -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ALLOC_GROW(rows, n + 1, alloc);
		read_version(st, &rows[n++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(rows);
		return db_sql_error(db, rc, err, "reading history");
	}
	for (size_t i = 0; i < n; i++)
		if (fn(&rows[i], ctx))
			break;
	free(rows);
	return ST_OK;
}

int org_store_temp_member_add(struct db *db, long long org_id, long long person_id,
			      int joined, struct error *err)
{
	static const char sql[] =
		"INSERT INTO temp_memberships(org_id, person_id, joined) VALUES(?1,?2,?3)";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int64(st, 2, person_id);
	db_bind_date(st, 3, joined);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return ST_OK;
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return error_setc(err, ST_CONFLICT, "person", "temp_member_twice",
				  "person %lld is already recorded with this organization",
				  person_id);
	return db_sql_error(db, rc, err, "recording a member of a temporary organization");
}

int org_store_temp_members(struct db *db, long long org_id,
			   int (*fn)(long long person_id, int joined, void *ctx),
			   void *ctx, struct error *err)
{
	static const char sql[] =
		"SELECT person_id, joined FROM temp_memberships WHERE org_id=?1"
		" ORDER BY joined, id";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc, r = 0;

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, org_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	       !(r = fn(sqlite3_column_int64(st, 0), db_col_date(st, 1), ctx)))
		;
	sqlite3_reset(st);
	if (r)
		return r;
	if (rc != SQLITE_DONE)
		return db_sql_error(db, rc, err, "listing the members of a temporary organization");
	return ST_OK;
}
