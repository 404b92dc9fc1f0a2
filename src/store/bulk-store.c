/*
 * bulk-store.c - the SQL behind bulk-store.h: counting and listing stored
 * ID numbers, setting the insert triggers of persons aside for a load, the
 * one-statement insert of an imported person, and the keys of the loaded
 * persons (person_ids, person_order) sorted in memory and appended in key
 * order.
 *
 * Trigger definitions are read back from sqlite_master before they are
 * dropped, so this file never repeats the DDL of migrations.c. Not for single-row
 * edits (person-store.c) nor for any rule about what may be inserted.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/crypto.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "model/codes.h"
#include "model/pinyin.h"
#include "store/bulk-store.h"
#include "store/bulk-vtab.h"
#include "store/db-internal.h"
#include "store/person-store.h"

/* A list cursor carries the whole sort key of a row (person-store.h). */
_Static_assert(BULK_SORT_KEY_SIZE <= PERSON_SORT_KEY_MAX, "sort keys outgrow the cursor");

int bulk_person_count(struct db *db, long long *n, struct error *err)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM persons", err);
	int rc;

	if (!st)
		return ST_DB;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_sql_error(db, rc, err, "counting persons");
	}
	*n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return ST_OK;
}

int bulk_id_numbers_each(struct db *db, bulk_id_fn fn, void *ctx,
			 struct error *err)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT pii, id FROM persons WHERE id_bidx IS NOT NULL", err);
	char id[64];
	int rc;

	if (!st)
		return ST_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		/* ID numbers are sealed at rest (migration 3): open each one. */
		if (db_col_pii(st, 0, sqlite3_column_int64(st, 1), id, sizeof(id), NULL, 0,
			       NULL, 0, err)) {
			sqlite3_reset(st);
			return ST_DB;
		}
		int r = fn(id, sqlite3_column_int64(st, 1), ctx);
		if (r) {
			sqlite3_reset(st);
			return r;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_sql_error(db, rc, err, "listing ID numbers");
	return ST_OK;
}

int bulk_id_number_find(struct db *db, const char *id_number,
			long long *person_id, struct error *err)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT person_id FROM person_ids WHERE bidx = ?1", err);
	int rc;

	*person_id = 0;
	if (!st)
		return ST_DB;
	if ((rc = db_bind_bidx(st, 1, id_number, err)))
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*person_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sql_error(db, rc, err, "looking up an ID number");
	return ST_OK;
}

static int trigger_sql(struct db *db, const char *name, char **out,
		       struct error *err)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT sql FROM sqlite_master WHERE type = 'trigger'"
		" AND tbl_name = 'persons' AND name = ?1", err);
	int rc;

	*out = NULL;
	if (!st)
		return ST_DB;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sql_error(db, rc, err, "reading the persons triggers");
	return ST_OK;
}

int bulk_drop_insert_triggers(struct db *db, struct bulk_triggers *saved,
			      struct error *err)
{
	int rc;

	memset(saved, 0, sizeof(*saved));
	if ((rc = trigger_sql(db, "persons_audit_insert", &saved->audit_sql, err)) ||
	    (rc = trigger_sql(db, "persons_change_insert", &saved->change_sql, err)) ||
	    (rc = trigger_sql(db, "persons_keys_insert", &saved->keys_sql, err)))
		return rc;
	if (saved->audit_sql &&
	    (rc = sqlite3_exec(db->sql, "DROP TRIGGER persons_audit_insert",
			       NULL, NULL, NULL)) != SQLITE_OK)
		return db_sql_error(db, rc, err, "dropping an insert trigger");
	if (saved->change_sql &&
	    (rc = sqlite3_exec(db->sql, "DROP TRIGGER persons_change_insert",
			       NULL, NULL, NULL)) != SQLITE_OK)
		return db_sql_error(db, rc, err, "dropping an insert trigger");
	if (saved->keys_sql &&
	    (rc = sqlite3_exec(db->sql, "DROP TRIGGER persons_keys_insert",
			       NULL, NULL, NULL)) != SQLITE_OK)
		return db_sql_error(db, rc, err, "dropping an insert trigger");
	return ST_OK;
}

int bulk_restore_insert_triggers(struct db *db, const struct bulk_triggers *saved,
				 long long rows, struct error *err)
{
	int rc;

	if (saved->audit_sql &&
	    (rc = sqlite3_exec(db->sql, saved->audit_sql, NULL, NULL, NULL)) != SQLITE_OK)
		return db_sql_error(db, rc, err, "recreating an insert trigger");
	if (saved->keys_sql &&
	    (rc = sqlite3_exec(db->sql, saved->keys_sql, NULL, NULL, NULL)) != SQLITE_OK)
		return db_sql_error(db, rc, err, "recreating an insert trigger");
	if (saved->change_sql) {
		sqlite3_stmt *st;
		if ((rc = sqlite3_exec(db->sql, saved->change_sql, NULL, NULL,
				       NULL)) != SQLITE_OK)
			return db_sql_error(db, rc, err, "recreating an insert trigger");
		/* what the trigger would have added row by row */
		if (!(st = db_stmt(db, "UPDATE change_counter SET n = n + ?1 WHERE id = 1",
				   err)))
			return ST_DB;
		sqlite3_bind_int64(st, 1, rows);
		if ((rc = db_step_done(db, st, err, "counting the changes")))
			return rc;
	}
	return ST_OK;
}

void bulk_triggers_release(struct bulk_triggers *saved)
{
	free(saved->audit_sql);
	free(saved->change_sql);
	free(saved->keys_sql);
	memset(saved, 0, sizeof(*saved));
}

/* ------------------------------------------------------------------ */
/* The keys of loaded persons, appended in key order.                   */

struct bulk_id_key {
	unsigned char bidx[CRYPTO_BIDX_BYTES];
	long long id;
};

struct bulk_order_key {
	long long org_id, id;
	uint64_t prefix;        /* first 8 bytes of the sort key, big-endian */
	uint32_t off;           /* of the sort key in the arena */
	uint16_t len;
};

struct bulk_keys {
	struct bulk_id_key *ids;
	size_t nr_ids, alloc_ids;
	struct bulk_order_key *order;
	size_t nr_order, alloc_order;
	unsigned char *arena;
	size_t arena_len, arena_alloc;
};

struct bulk_keys *bulk_keys_new(size_t rows)
{
	struct bulk_keys *k = xcalloc(1, sizeof(*k));

	/* room for the expected rows at once (no copies while growing) */
	if (rows > 0 && rows < ((size_t)1 << 28)) {
		ALLOC_GROW(k->ids, rows, k->alloc_ids);
		ALLOC_GROW(k->order, rows, k->alloc_order);
		ALLOC_GROW(k->arena, rows * 24, k->arena_alloc);
	}
	return k;
}

void bulk_keys_free(struct bulk_keys *k)
{
	if (!k)
		return;
	free(k->ids);
	free(k->order);
	free(k->arena);
	free(k);
}

void bulk_keys_add(struct bulk_keys *k, const struct bulk_row *r, long long id)
{
	if (r->has_bidx) {
		ALLOC_GROW(k->ids, k->nr_ids + 1, k->alloc_ids);
		memcpy(k->ids[k->nr_ids].bidx, r->bidx, sizeof(r->bidx));
		k->ids[k->nr_ids++].id = id;
	}
	if (r->org_id > 0) {
		struct bulk_order_key *o;
		unsigned char pre[8] = { 0 };

		ALLOC_GROW(k->order, k->nr_order + 1, k->alloc_order);
		ALLOC_GROW(k->arena, k->arena_len + r->key_len, k->arena_alloc);
		o = &k->order[k->nr_order++];
		o->org_id = r->org_id;
		o->id = id;
		o->off = (uint32_t)k->arena_len;
		o->len = r->key_len;
		memcpy(pre, r->key, r->key_len < 8 ? r->key_len : 8);
		o->prefix = 0;
		for (int i = 0; i < 8; i++)
			o->prefix = o->prefix << 8 | pre[i];
		memcpy(k->arena + k->arena_len, r->key, r->key_len);
		k->arena_len += r->key_len;
	}
}

static int id_key_cmp(const void *a, const void *b)
{
	const struct bulk_id_key *x = a, *y = b;
	int c = memcmp(x->bidx, y->bidx, sizeof(x->bidx));

	return c ? c : (x->id > y->id) - (x->id < y->id);
}

/* SQLite's order of (org_id INTEGER, sort_key BLOB, person_id INTEGER):
 * blobs by memcmp of the common length, then the shorter first. */
static int order_key_cmp(const void *a, const void *b, void *arg)
{
	const struct bulk_order_key *x = a, *y = b;
	const unsigned char *arena = arg;
	int c;

	if (x->org_id != y->org_id)
		return x->org_id < y->org_id ? -1 : 1;
	if (x->prefix != y->prefix)
		return x->prefix < y->prefix ? -1 : 1;
	c = memcmp(arena + x->off, arena + y->off, x->len < y->len ? x->len : y->len);
	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* Sorts the ID keys: one counting pass on their first two bytes (the blind
 * index is uniformly spread), then each small bucket by comparison. */
static void sort_id_keys(struct bulk_keys *k)
{
	size_t *start = xcalloc(65537, sizeof(*start));
	struct bulk_id_key *tmp;

	if (k->nr_ids < 1024) {
		if (k->nr_ids > 1)
			qsort(k->ids, k->nr_ids, sizeof(*k->ids), id_key_cmp);
		free(start);
		return;
	}
	tmp = xmalloc(k->nr_ids * sizeof(*tmp));
	for (size_t i = 0; i < k->nr_ids; i++)
		start[(k->ids[i].bidx[0] << 8 | k->ids[i].bidx[1]) + 1]++;
	for (size_t b = 1; b <= 65536; b++)
		start[b] += start[b - 1];
	for (size_t i = 0; i < k->nr_ids; i++)
		tmp[start[k->ids[i].bidx[0] << 8 | k->ids[i].bidx[1]]++] = k->ids[i];
	/* start[b] is now the end of bucket b */
	for (size_t b = 0, from = 0; b < 65536; from = start[b++])
		if (start[b] - from > 1)
			qsort(tmp + from, start[b] - from, sizeof(*tmp), id_key_cmp);
	free(k->ids);
	k->ids = tmp;
	k->alloc_ids = k->nr_ids;
	free(start);
}

static void *sort_order_main(void *arg)
{
	struct bulk_keys *k = arg;

	if (k->nr_order > 1)
		qsort_r(k->order, k->nr_order, sizeof(*k->order), order_key_cmp, k->arena);
	return NULL;
}

static void id_key_column(const struct bulk_src *src, size_t i, int col,
			  sqlite3_context *ctx)
{
	const struct bulk_id_key *k = (const struct bulk_id_key *)src->rows + i;

	if (col == 0)
		sqlite3_result_blob(ctx, k->bidx, sizeof(k->bidx), SQLITE_STATIC);
	else
		sqlite3_result_int64(ctx, k->id);
}

static void order_key_column(const struct bulk_src *src, size_t i, int col,
			     sqlite3_context *ctx)
{
	const struct bulk_order_key *o = (const struct bulk_order_key *)src->rows + i;

	if (col == 0)
		sqlite3_result_int64(ctx, o->org_id);
	else if (col == 1)
		sqlite3_result_blob(ctx, (const unsigned char *)src->aux + o->off, o->len,
				    SQLITE_STATIC);
	else
		sqlite3_result_int64(ctx, o->id);
}

/* Runs one INSERT ... SELECT ... FROM ow_bulk over src. */
static int insert_from(struct db *db, const char *sql, const struct bulk_src *src,
		       const char *what, struct error *err)
{
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (!st)
		return ST_DB;
	sqlite3_bind_pointer(st, 1, (void *)src, BULK_SRC_TYPE, NULL);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return db_sql_error(db, rc, err, what);
	return ST_OK;
}

int bulk_keys_write(struct db *db, struct bulk_keys *k, struct error *err)
{
	struct bulk_src ids = { .n = k->nr_ids, .ncol = 2, .column = id_key_column,
				.rows = k->ids };
	struct bulk_src order = { .n = k->nr_order, .ncol = 3,
				  .column = order_key_column, .rows = k->order,
				  .aux = k->arena };
	pthread_t sorter;
	int threaded, rc;

	/* the two sorts run side by side; person_ids is written meanwhile */
	threaded = pthread_create(&sorter, NULL, sort_order_main, k) == 0;
	if (!threaded)
		sort_order_main(k);
	sort_id_keys(k);        /* may move k->ids */
	ids.rows = k->ids;
	rc = insert_from(db, "INSERT INTO person_ids(bidx, person_id)"
			 " SELECT c0, c1 FROM ow_bulk WHERE src = ?1", &ids,
			 "writing the ID number keys", err);
	if (rc == ST_CONFLICT)
		error_setc(err, ST_CONFLICT, "id_number", "id_number_taken",
			   "an ID number of the load is already registered");
	if (threaded)
		pthread_join(sorter, NULL);
	if (rc)
		return rc;
	return insert_from(db, "INSERT INTO person_order(org_id, sort_key, person_id)"
			   " SELECT c0, c1, c2 FROM ow_bulk WHERE src = ?1", &order,
			   "writing the list order keys", err);
}

int bulk_keys_from_table(struct db *db, const char *saved_sql, struct error *err)
{
	int rc;

	rc = sqlite3_exec(db->sql,
		"INSERT INTO person_ids SELECT id_bidx, id FROM persons"
		" WHERE id_bidx IS NOT NULL ORDER BY id_bidx;"
		"INSERT INTO person_order SELECT org_id, sort_key, id FROM persons"
		" WHERE org_id IS NOT NULL ORDER BY org_id, sort_key, id;",
		NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return db_sql_error(db, rc, err, "filling the keys of persons");
	if (saved_sql &&
	    (rc = sqlite3_exec(db->sql, saved_sql, NULL, NULL, NULL)) != SQLITE_OK)
		return db_sql_error(db, rc, err, "recreating an insert trigger");
	return ST_OK;
}

int bulk_keys_suspend(struct db *db, char **saved_sql, struct error *err)
{
	int rc;

	if ((rc = trigger_sql(db, "persons_keys_insert", saved_sql, err)))
		return rc;
	if (*saved_sql &&
	    (rc = sqlite3_exec(db->sql, "DROP TRIGGER persons_keys_insert",
			       NULL, NULL, NULL)) != SQLITE_OK)
		return db_sql_error(db, rc, err, "dropping an insert trigger");
	return ST_OK;
}

static const char *key_of(const struct code_table *t, int code)
{
	const struct code_entry *e = code_by_code(t, code);
	return e ? e->key : NULL;
}

static const char insert_sql[] =
	"INSERT INTO persons(name, sex, birth_date, ethnicity, education,"
	" occupation, pii, pinyin, initials, sort_key,"
	" org_id, status, flags, applied, activist, target, admitted,"
	" full_date, exited, import_batch, id_bidx, id)"
	" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	" ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)";

static void put_date(char out[11], int day)
{
	char buf[DATE_STR_SIZE];

	if (day == DATE_NONE) {
		out[0] = '\0';
		return;
	}
	memcpy(out, date_format(day, buf), 10);
	out[10] = '\0';
}

_Static_assert(BULK_SEALED_PII_SIZE == DB_PII_MAX, "one size of persons.pii");

static size_t name_hash(const char *s, size_t *len)
{
	size_t h = 1469598103934665603ULL;
	const char *p = s;

	for (; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	*len = (size_t)(p - s);
	return h;
}

void bulk_name_prefetch(const struct bulk_name_cache *cache, const char *name)
{
	size_t len;

	if (!cache)
		return;
	const struct bulk_name_slot *sl =
		&cache->slot[name_hash(name, &len) % BULK_NAME_SLOTS];
	for (size_t off = 0; off < sizeof(*sl); off += 64)
		__builtin_prefetch((const char *)sl + off);
}

/* Pinyin, initials and sort key of r->name, from the cache when it has them. */
static int derive_name(struct bulk_row *r, struct bulk_name_cache *cache,
		       struct error *err)
{
	struct bulk_name_slot *sl = NULL;
	size_t len;

	if (cache) {
		sl = &cache->slot[name_hash(r->name, &len) % BULK_NAME_SLOTS];
		if (len >= sizeof(sl->name))
			sl = NULL;
		else if (!strcmp(sl->name, r->name)) {
			memcpy(r->pinyin, sl->pinyin, sizeof(sl->pinyin));
			memcpy(r->initials, sl->initials, sizeof(sl->initials));
			memcpy(r->key, sl->key, sl->key_len);
			r->key_len = sl->key_len;
			return ST_OK;
		}
	}
	if (pinyin_of_name(r->name, r->pinyin, sizeof(r->pinyin), r->initials,
			   sizeof(r->initials)))
		return error_setc(err, ST_INVALID, "name", "invalid_text",
				  "name is not valid UTF-8");
	r->key_len = (unsigned short)pinyin_sort_key(r->name, r->key, sizeof(r->key));
	if (sl && strlen(r->pinyin) < sizeof(sl->pinyin) &&
	    strlen(r->initials) < sizeof(sl->initials) && r->key_len <= sizeof(sl->key)) {
		memcpy(sl->name, r->name, len + 1);
		memcpy(sl->pinyin, r->pinyin, sizeof(sl->pinyin));
		memcpy(sl->initials, r->initials, sizeof(sl->initials));
		memcpy(sl->key, r->key, r->key_len);
		sl->key_len = (unsigned char)r->key_len;
	}
	return ST_OK;
}

int bulk_row_encode(const struct person *p, struct bulk_row *r,
		    struct bulk_name_cache *cache, struct error *err)
{
	const int days[7] = { p->birth_date, p->applied, p->activist, p->target,
			      p->admitted, p->full, p->exited };
	int rc;

	r->org_id = p->org_id;
	r->sex = p->sex;
	r->ethnicity = p->ethnicity;
	r->education = p->education;
	r->flags = p->flags;
	r->occupation = key_of(&code_occupation, p->occupation);
	if (!r->occupation)
		r->occupation = "other";
	r->status = p->status ? key_of(&code_member_status, p->status) : NULL;
	for (int i = 0; i < 7; i++)
		put_date(r->dates[i], days[i]);
	memcpy(r->name, p->name, sizeof(r->name));
	r->name[sizeof(r->name) - 1] = '\0';
	if ((rc = derive_name(r, cache, err)))
		return rc;
	{
		const char *f[3] = { p->id_number, p->phone, p->address };
		char *to[3] = { r->id_number, r->phone, r->address };
		const size_t cap[3] = { sizeof(r->id_number), sizeof(r->phone),
					sizeof(r->address) };
		static const char *const names[3] = { "id_number", "phone", "address" };
		for (int k = 0; k < 3; k++) {
			size_t l = strnlen(f[k], cap[k]);
			if (l >= cap[k]) {
				error_setc(err, ST_INVALID, names[k], "too_long_bytes",
					   "%s is too long", names[k]);
				error_param(err, "max", "%zu", cap[k] - 1);
				return ST_INVALID;
			}
			memcpy(to[k], f[k], l + 1);
		}
	}
	r->has_bidx = p->id_number[0] != '\0';
	if (r->has_bidx && pii_blind_index(p->id_number, r->bidx))
		return error_set(err, ST_INTERNAL, "key", "no data key loaded");
	return ST_OK;
}

static void bind_blob(sqlite3_stmt *st, int i, const void *b, size_t n)
{
	if (n)
		sqlite3_bind_blob(st, i, b, (int)n, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static void bind_day(sqlite3_stmt *st, int i, const char *d)
{
	if (d[0])
		sqlite3_bind_text(st, i, d, 10, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

int bulk_row_insert(struct db *db, const struct bulk_row *r, long long batch,
		    long long *id, struct error *err)
{
	sqlite3_stmt *st;
	unsigned char pii[DB_PII_MAX];
	size_t pii_len;
	long long new_id;
	int rc;

	/* the id first: the sealed identifiers are bound to it */
	if ((rc = person_store_next_id(db, &new_id, err)) ||
	    (rc = db_pii_seal(new_id, r->id_number, r->phone, r->address, pii, &pii_len,
			      err)))
		return rc;
	if (!(st = db_stmt(db, insert_sql, err)))
		return ST_DB;
	/* every buffer is in *r or here, which outlive the step: no copies */
	sqlite3_bind_text(st, 1, r->name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, r->sex);
	bind_day(st, 3, r->dates[0]);
	sqlite3_bind_int(st, 4, r->ethnicity);
	sqlite3_bind_int(st, 5, r->education);
	sqlite3_bind_text(st, 6, r->occupation, -1, SQLITE_STATIC);
	bind_blob(st, 7, pii, pii_len);
	sqlite3_bind_text(st, 8, r->pinyin, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, r->initials, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 10, r->key, (int)r->key_len, SQLITE_STATIC);
	db_bind_id(st, 11, r->org_id);
	if (r->status)
		sqlite3_bind_text(st, 12, r->status, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 12);
	sqlite3_bind_int(st, 13, r->flags);
	for (int i = 1; i < 7; i++)
		bind_day(st, 13 + i, r->dates[i]);
	db_bind_id(st, 20, batch);
	bind_blob(st, 21, r->bidx, r->has_bidx ? sizeof(r->bidx) : 0);
	sqlite3_bind_int64(st, 22, new_id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		if ((rc & 0xff) == SQLITE_CONSTRAINT &&
		    strstr(sqlite3_errmsg(db->sql), "person_ids"))
			return error_setc(err, ST_CONFLICT, "id_number", "id_number_taken",
					  "the ID number is already registered");
		return db_sql_error(db, rc, err, "inserting a person");
	}
	if (id)
		*id = new_id;
	return ST_OK;
}

static void day_result(sqlite3_context *ctx, const char *d)
{
	if (d[0])
		sqlite3_result_text(ctx, d, 10, SQLITE_STATIC);
	else
		sqlite3_result_null(ctx);
}

static void blob_result(sqlite3_context *ctx, const void *b, size_t n)
{
	if (n)
		sqlite3_result_blob(ctx, b, (int)n, SQLITE_STATIC);
	else
		sqlite3_result_null(ctx);
}

/* Column col of row i, in the order of rows_sql below. */
static void row_column(const struct bulk_src *src, size_t i, int col,
		       sqlite3_context *ctx)
{
	const struct bulk_row *r = (const struct bulk_row *)src->rows + i;

	switch (col) {
	case 0: sqlite3_result_text(ctx, r->name, -1, SQLITE_STATIC); break;
	case 1: sqlite3_result_int(ctx, r->sex); break;
	case 2: day_result(ctx, r->dates[0]); break;
	case 3: sqlite3_result_int(ctx, r->ethnicity); break;
	case 4: sqlite3_result_int(ctx, r->education); break;
	case 5: sqlite3_result_text(ctx, r->occupation, -1, SQLITE_STATIC); break;
	case 6: {
		/* sealed here, bound to the id given to the row (column 21) */
		unsigned char pii[DB_PII_MAX];
		size_t len;
		struct error e = ERROR_INIT;
		long long first = *(const long long *)src->aux;
		if (db_pii_seal(first + (long long)i, r->id_number, r->phone, r->address,
				pii, &len, &e))
			sqlite3_result_error(ctx, e.message, -1);
		else if (len)
			sqlite3_result_blob(ctx, pii, (int)len, SQLITE_TRANSIENT);
		else
			sqlite3_result_null(ctx);
		break;
	}
	case 7: sqlite3_result_text(ctx, r->pinyin, -1, SQLITE_STATIC); break;
	case 8: sqlite3_result_text(ctx, r->initials, -1, SQLITE_STATIC); break;
	case 9: sqlite3_result_blob(ctx, r->key, (int)r->key_len, SQLITE_STATIC); break;
	case 10:
		if (r->org_id > 0)
			sqlite3_result_int64(ctx, r->org_id);
		else
			sqlite3_result_null(ctx);
		break;
	case 11:
		if (r->status)
			sqlite3_result_text(ctx, r->status, -1, SQLITE_STATIC);
		else
			sqlite3_result_null(ctx);
		break;
	case 12: sqlite3_result_int(ctx, r->flags); break;
	case 13: case 14: case 15: case 16: case 17: case 18:
		day_result(ctx, r->dates[col - 12]);
		break;
	case 19:
		if (src->base > 0)
			sqlite3_result_int64(ctx, src->base);
		else
			sqlite3_result_null(ctx);
		break;
	case 20: blob_result(ctx, r->bidx, r->has_bidx ? sizeof(r->bidx) : 0); break;
	case 21: sqlite3_result_int64(ctx, *(const long long *)src->aux + (long long)i); break;
	default: sqlite3_result_null(ctx); break;
	}
}

int bulk_rows_insert(struct db *db, const struct bulk_row *rows, size_t n,
		     long long batch, long long *first_id, struct error *err)
{
	static const char rows_sql[] =
		"INSERT INTO persons(name, sex, birth_date, ethnicity, education,"
		" occupation, pii, pinyin, initials, sort_key,"
		" org_id, status, flags, applied, activist, target, admitted,"
		" full_date, exited, import_batch, id_bidx, id)"
		" SELECT c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13,"
		" c14, c15, c16, c17, c18, c19, c20, c21 FROM ow_bulk WHERE src = ?1";
	long long first;
	struct bulk_src src = { .n = n, .ncol = 22, .column = row_column,
				.rows = rows, .aux = &first, .base = batch };
	sqlite3_stmt *st = db_stmt(db, "SELECT coalesce(max(id), 0) FROM persons", err);
	long long last;
	int rc;

	*first_id = 0;
	if (!st)
		return ST_DB;
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_sql_error(db, rc, err, "reading the last person id");
	}
	last = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	first = last + 1;
	if ((rc = insert_from(db, rows_sql, &src, "inserting persons", err)))
		return rc;
	/* one statement, one writer: the new rows took the ids after the last */
	if (n && sqlite3_last_insert_rowid(db->sql) != last + (long long)n)
		return error_set(err, ST_INTERNAL, NULL,
				 "persons were not numbered in sequence");
	*first_id = last + 1;
	return ST_OK;
}

int bulk_person_insert(struct db *db, struct person *p, long long batch,
		       struct bulk_keys *keys, struct error *err)
{
	struct bulk_row *r = xmalloc(sizeof(*r));
	int rc;

	if (!(rc = bulk_row_encode(p, r, NULL, err)) &&
	    !(rc = bulk_row_insert(db, r, batch, &p->id, err))) {
		if (keys)
			bulk_keys_add(keys, r, p->id);
		memcpy(p->pinyin, r->pinyin, sizeof(p->pinyin));
		memcpy(p->initials, r->initials, sizeof(p->initials));
	}
	free(r);
	return rc;
}

int bulk_batch_set_rows(struct db *db, long long batch, long long rows,
			struct error *err)
{
	sqlite3_stmt *st = db_stmt(db,
		"UPDATE import_batches SET rows = ?2 WHERE id = ?1", err);

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, batch);
	sqlite3_bind_int64(st, 2, rows);
	return db_step_done(db, st, err, "updating an import batch");
}

void bulk_load_mode(struct db *db, int on)
{
	sqlite3_exec(db->sql, on ? "PRAGMA journal_mode=DELETE; PRAGMA foreign_keys=OFF"
				 : "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON",
		     NULL, NULL, NULL);
}
