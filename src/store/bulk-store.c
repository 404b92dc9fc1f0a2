/*
 * bulk-store.c - the SQL behind bulk-store.h: counting and listing stored
 * ID numbers, dropping and rebuilding the secondary indexes of persons, and
 * the one-statement insert of an imported person.
 *
 * The index definitions are read back from sqlite_master before they are
 * dropped, so this file never repeats the DDL of db.c. Not for single-row
 * edits (person-store.c) nor for any rule about what may be inserted.
 */
#include <stdlib.h>
#include <string.h>

#include "core/crypto.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "model/codes.h"
#include "model/pinyin.h"
#include "store/bulk-store.h"
#include "store/db-internal.h"

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
		"SELECT id_enc, id FROM persons WHERE id_enc IS NOT NULL", err);
	char id[64];
	int rc;

	if (!st)
		return ST_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		/* ID numbers are sealed at rest (migration 3): open each one. */
		if (db_col_pii(st, 0, "id", id, sizeof(id))) {
			sqlite3_reset(st);
			return error_set(err, ST_DB, "id_number",
					 "the ID number of person %lld does not decrypt",
					 (long long)sqlite3_column_int64(st, 1));
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
		"SELECT id FROM persons WHERE id_bidx = ?1", err);
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

int bulk_drop_person_indexes(struct db *db, struct bulk_indexes *saved,
			     struct error *err)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT name, sql FROM sqlite_master WHERE type = 'index'"
		" AND tbl_name = 'persons' AND sql IS NOT NULL"
		/* id_number is NULL in every row since migration 3 (the sealed
		 * id_enc and the blind index id_bidx replaced it): its entries
		 * (NULL, rowid) arrive in ascending order and are appended at the
		 * right edge of the index, cheaper than a rebuild's table scan */
		" AND name <> 'persons_id_number' ORDER BY name", err);
	char **names = NULL;
	size_t n = 0, alloc = 0, alloc_sql = 0;
	int rc = ST_OK;

	memset(saved, 0, sizeof(*saved));
	if (!st)
		return ST_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ALLOC_GROW(names, n + 1, alloc);
		ALLOC_GROW(saved->sql, n + 1, alloc_sql);
		names[n] = xstrdup((const char *)sqlite3_column_text(st, 0));
		saved->sql[n] = xstrdup((const char *)sqlite3_column_text(st, 1));
		n++;
	}
	sqlite3_reset(st);
	saved->n = n;
	if (rc != SQLITE_DONE) {
		rc = db_sql_error(db, rc, err, "listing the indexes of persons");
		goto out;
	}
	rc = ST_OK;
	for (size_t i = 0; i < n && !rc; i++) {
		char *sql = sqlite3_mprintf("DROP INDEX \"%w\"", names[i]);
		int r = sqlite3_exec(db->sql, sql, NULL, NULL, NULL);
		sqlite3_free(sql);
		if (r != SQLITE_OK)
			rc = db_sql_error(db, r, err, "dropping an index");
	}
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
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
	    (rc = trigger_sql(db, "persons_change_insert", &saved->change_sql, err)))
		return rc;
	if (saved->audit_sql &&
	    (rc = sqlite3_exec(db->sql, "DROP TRIGGER persons_audit_insert",
			       NULL, NULL, NULL)) != SQLITE_OK)
		return db_sql_error(db, rc, err, "dropping an insert trigger");
	if (saved->change_sql &&
	    (rc = sqlite3_exec(db->sql, "DROP TRIGGER persons_change_insert",
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
	memset(saved, 0, sizeof(*saved));
}

int bulk_restore_person_indexes(struct db *db, const struct bulk_indexes *saved,
				struct error *err)
{
	int rc = ST_OK;

	/* let the sorter use a helper thread while the indexes are built */
	sqlite3_exec(db->sql, "PRAGMA threads=2", NULL, NULL, NULL);
	for (size_t i = 0; i < saved->n && !rc; i++) {
		int r = sqlite3_exec(db->sql, saved->sql[i], NULL, NULL, NULL);
		if (r != SQLITE_OK)
			rc = db_sql_error(db, r, err, "rebuilding an index");
	}
	sqlite3_exec(db->sql, "PRAGMA threads=0", NULL, NULL, NULL);
	return rc;
}

void bulk_indexes_release(struct bulk_indexes *saved)
{
	for (size_t i = 0; i < saved->n; i++)
		free(saved->sql[i]);
	free(saved->sql);
	memset(saved, 0, sizeof(*saved));
}

static const char *key_of(const struct code_table *t, int code)
{
	const struct code_entry *e = code_by_code(t, code);
	return e ? e->key : NULL;
}

static const char insert_sql[] =
	"INSERT INTO persons(name, sex, birth_date, ethnicity, education,"
	" occupation, id_enc, phone_enc, address_enc, pinyin, initials, sort_key,"
	" org_id, status, flags, applied, activist, target, admitted,"
	" full_date, exited, import_batch, id_bidx)"
	" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	" ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)";

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

static int seal(const char *field, const char *value, unsigned char *out,
		size_t size, unsigned short *len, struct error *err)
{
	size_t n = strlen(value), got;

	*len = 0;
	if (!n)
		return ST_OK;
	if (n + CRYPTO_SEAL_OVERHEAD > size)
		return error_set(err, ST_INVALID, field, "%s is too long", field);
	if (pii_seal(field, value, n, out, &got))
		return error_set(err, ST_INTERNAL, "key", "no data key loaded");
	*len = (unsigned short)got;
	return ST_OK;
}

static size_t name_hash(const char *s, size_t *len)
{
	size_t h = 1469598103934665603ULL;
	const char *p = s;

	for (; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	*len = (size_t)(p - s);
	return h;
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
		return error_set(err, ST_INVALID, "name", "name is not valid UTF-8");
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
	if ((rc = seal("id", p->id_number, r->id_enc, sizeof(r->id_enc), &r->id_len, err)) ||
	    (rc = seal("phone", p->phone, r->phone_enc, sizeof(r->phone_enc),
		       &r->phone_len, err)) ||
	    (rc = seal("address", p->address, r->address_enc, sizeof(r->address_enc),
		       &r->address_len, err)))
		return rc;
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
	sqlite3_stmt *st = db_stmt(db, insert_sql, err);
	int rc;

	if (!st)
		return ST_DB;
	/* every buffer is in *r, which outlives the step: no copies */
	sqlite3_bind_text(st, 1, r->name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, r->sex);
	bind_day(st, 3, r->dates[0]);
	sqlite3_bind_int(st, 4, r->ethnicity);
	sqlite3_bind_int(st, 5, r->education);
	sqlite3_bind_text(st, 6, r->occupation, -1, SQLITE_STATIC);
	bind_blob(st, 7, r->id_enc, r->id_len);
	bind_blob(st, 8, r->phone_enc, r->phone_len);
	bind_blob(st, 9, r->address_enc, r->address_len);
	sqlite3_bind_text(st, 10, r->pinyin, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, r->initials, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 12, r->key, (int)r->key_len, SQLITE_STATIC);
	db_bind_id(st, 13, r->org_id);
	if (r->status)
		sqlite3_bind_text(st, 14, r->status, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 15, r->flags);
	for (int i = 1; i < 7; i++)
		bind_day(st, 15 + i, r->dates[i]);
	db_bind_id(st, 22, batch);
	bind_blob(st, 23, r->bidx, r->has_bidx ? sizeof(r->bidx) : 0);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		if ((rc & 0xff) == SQLITE_CONSTRAINT &&
		    strstr(sqlite3_errmsg(db->sql), "id_bidx"))
			return error_set(err, ST_CONFLICT, "id_number",
					 "the ID number is already registered");
		return db_sql_error(db, rc, err, "inserting a person");
	}
	if (id)
		*id = sqlite3_last_insert_rowid(db->sql);
	return ST_OK;
}

int bulk_person_insert(struct db *db, struct person *p, long long batch,
		       struct error *err)
{
	struct bulk_row *r = xmalloc(sizeof(*r));
	int rc;

	if (!(rc = bulk_row_encode(p, r, NULL, err)) &&
	    !(rc = bulk_row_insert(db, r, batch, &p->id, err))) {
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

void bulk_journal_mode(struct db *db, int on)
{
	sqlite3_exec(db->sql, on ? "PRAGMA journal_mode=DELETE"
				 : "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
}
