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
		" AND tbl_name = 'persons' AND sql IS NOT NULL ORDER BY name", err);
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

int bulk_person_insert(struct db *db, struct person *p, long long batch,
		       struct error *err)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO persons(name, sex, birth_date, ethnicity, education,"
		" occupation, id_enc, phone_enc, address_enc, pinyin, initials, sort_key,"
		" org_id, status, flags, applied, activist, target, admitted,"
		" full_date, exited, import_batch, id_bidx)"
		" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
		" ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)", err);
	unsigned char key[512];
	size_t klen;
	int rc;

	if (!st)
		return ST_DB;
	if (pinyin_of_name(p->name, p->pinyin, sizeof(p->pinyin), p->initials,
			   sizeof(p->initials)))
		return error_set(err, ST_INVALID, "name", "name is not valid UTF-8");
	klen = pinyin_sort_key(p->name, key, sizeof(key));
	sqlite3_bind_text(st, 1, p->name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, p->sex);
	db_bind_date(st, 3, p->birth_date);
	sqlite3_bind_int(st, 4, p->ethnicity);
	sqlite3_bind_int(st, 5, p->education);
	sqlite3_bind_text(st, 6, key_of(&code_occupation, p->occupation) ?
			  key_of(&code_occupation, p->occupation) : "other", -1,
			  SQLITE_STATIC);
	if ((rc = db_bind_pii(st, 7, 8, 9, 23, p->id_number, p->phone, p->address, err)))
		return rc;
	sqlite3_bind_text(st, 10, p->pinyin, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, p->initials, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 12, key, (int)klen, SQLITE_STATIC);
	db_bind_id(st, 13, p->org_id);
	if (p->status)
		sqlite3_bind_text(st, 14, key_of(&code_member_status, p->status),
				  -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 15, p->flags);
	db_bind_date(st, 16, p->applied);
	db_bind_date(st, 17, p->activist);
	db_bind_date(st, 18, p->target);
	db_bind_date(st, 19, p->admitted);
	db_bind_date(st, 20, p->full);
	db_bind_date(st, 21, p->exited);
	db_bind_id(st, 22, batch);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_sql_error(db, rc, err, "inserting a person");
	p->id = sqlite3_last_insert_rowid(db->sql);
	return ST_OK;
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
