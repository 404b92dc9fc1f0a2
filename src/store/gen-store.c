/*
 * gen-store.c - SQL of the generator's bulk load (gen-store.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/codes.h"
#include "model/pinyin.h"
#include "store/audit-store.h"
#include "store/bulk-store.h"
#include "store/db-internal.h"
#include "store/gen-store.h"
#include "store/person-store.h"
#include "store/development-store.h"
#include "store/standing-store.h"

/* persons_keys_insert while the load runs (one load per process at a time) */
static char *keys_trigger;

static int exec(struct db *db, const char *sql, struct error *err)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->sql, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		error_set(err, rc == SQLITE_CONSTRAINT || (rc & 0xff) == SQLITE_CONSTRAINT
				       ? ST_CONFLICT : ST_DB,
			  NULL, "%s: %s", sql, msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return (rc & 0xff) == SQLITE_CONSTRAINT ? ST_CONFLICT : ST_DB;
	}
	return ST_OK;
}

int gen_store_begin(struct db *db, struct error *err)
{
	int rc;

	db_bulk_mode(db, 1);
	audit_store_rows(db, 0); /* one summary row at the end instead */
	/* temp_store=FILE: the sorts that fill the key tables at the end spill
	 * to temporary files (SQLITE_TMPDIR) instead of holding every key in
	 * memory, which at 10^8 persons is several GB */
	if ((rc = exec(db, "PRAGMA journal_mode=OFF;"
			   "PRAGMA synchronous=OFF;"
			   "PRAGMA temp_store=FILE;", err)))
		return rc;
	free(keys_trigger);
	keys_trigger = NULL;
	if ((rc = db_begin(db, err)))
		return rc;
	/* the keys of persons are filled in one sorted pass at the end */
	if ((rc = bulk_keys_suspend(db, &keys_trigger, err))) {
		db_rollback(db);
		return rc;
	}
	return ST_OK;
}

int gen_store_org(struct db *db, const struct org *o, struct error *err)
{
	static const char org_sql[] =
		"INSERT INTO orgs(id, code, name, kind, sector, division, level,"
		" parent_id, established, purpose, end_date, label, term_start,"
		" term_years) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)";
	static const char version_sql[] =
		"INSERT INTO org_versions(org_id, valid_from, name, parent_id, kind, state)"
		" VALUES(?1,?2,?3,?4,?5,'active')";
	static const char event_sql[] =
		"INSERT INTO org_events(org_id, date, kind, detail, actor)"
		" VALUES(?1,?2,'establish',?3,'gen')";
	const struct code_entry *kind = code_by_code(&code_org_kind, o->kind);
	const struct code_entry *sector = code_by_code(&code_sector, o->sector);
	sqlite3_stmt *st;
	char detail[ORG_NAME_SIZE + ORG_CODE_SIZE + 96];
	int rc;

	if (!kind || !sector)
		return error_set(err, ST_INTERNAL, "kind", "organization %s: bad kind or sector",
				 o->code);
	if (!(st = db_stmt(db, org_sql, err)))
		return ST_DB;
	sqlite3_bind_int64(st, 1, o->id);
	db_bind_text(st, 2, o->code);
	db_bind_text(st, 3, o->name);
	db_bind_text(st, 4, kind->key);
	db_bind_text(st, 5, sector->key);
	db_bind_text(st, 6, o->division);
	sqlite3_bind_int(st, 7, o->level);
	db_bind_id(st, 8, o->parent_id);
	db_bind_date(st, 9, o->established);
	db_bind_text(st, 10, o->purpose);
	db_bind_date(st, 11, o->end_date);
	db_bind_text(st, 12, o->label);
	db_bind_date(st, 13, o->term_start);
	sqlite3_bind_int(st, 14, o->term_years);
	if ((rc = db_step_done(db, st, err, "inserting organization")))
		return rc;

	if (!(st = db_stmt(db, version_sql, err)))
		return ST_DB;
	sqlite3_bind_int64(st, 1, o->id);
	db_bind_date(st, 2, o->established);
	db_bind_text(st, 3, o->name);
	db_bind_id(st, 4, o->parent_id);
	db_bind_text(st, 5, kind->key);
	if ((rc = db_step_done(db, st, err, "inserting organization version")))
		return rc;

	/* names and codes are generated: no characters that need escaping */
	snprintf(detail, sizeof(detail),
		 "{\"code\":\"%s\",\"name\":\"%s\",\"kind\":\"%s\",\"parent_id\":%lld}",
		 o->code, o->name, kind->key, o->parent_id);
	if (!(st = db_stmt(db, event_sql, err)))
		return ST_DB;
	sqlite3_bind_int64(st, 1, o->id);
	db_bind_date(st, 2, o->established);
	db_bind_text(st, 3, detail);
	return db_step_done(db, st, err, "inserting organization event");
}

int gen_store_person(struct db *db, struct person *p, struct error *err)
{
	if (!code_by_code(&code_occupation, p->occupation) ||
	    !code_by_code(&code_member_status, p->status))
		return error_set(err, ST_INTERNAL, "occupation",
				 "person %s: bad occupation or status", p->name);
	/* the same row encoding as every other writer of persons */
	return person_store_insert(db, p, err);
}

int gen_store_step(struct db *db, struct dev_record *r, struct error *err)
{
	return dev_store_insert(db, r, err);
}

int gen_store_standing(struct db *db, struct standing_record *r, struct error *err)
{
	return standing_store_insert(db, r, err);
}

int gen_store_checkpoint(struct db *db, struct error *err)
{
	int rc;

	if ((rc = db_commit(db, err)))
		return rc;
	return db_begin(db, err);
}

int gen_store_dues_members(struct db *db, long long limit,
			   int (*fn)(long long person_id, long long org_id, void *ctx), void *ctx,
			   struct error *err)
{
	static const char sql[] =
		"SELECT id, org_id FROM persons WHERE status IN ('probationary', 'full')"
		" AND org_id IS NOT NULL ORDER BY id LIMIT ?1";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), ctx))
			break;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK
		: db_sql_error(db, rc, err, "reading the members for their dues");
}

int gen_store_finish(struct db *db, const char *summary, struct error *err)
{
	int rc;

	if ((rc = db_commit(db, err)))
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	rc = bulk_keys_from_table(db, keys_trigger, err);
	free(keys_trigger);
	keys_trigger = NULL;
	if (rc || (rc = exec(db, "ANALYZE;", err)) ||
	    (rc = audit_store_append(db, AUDIT_LOG, "gen", "db.generate", "db", NULL,
				     summary, NULL, err))) {
		db_rollback(db);
		return rc;
	}
	audit_store_rows(db, 1);
	if ((rc = db_commit(db, err)))
		return rc;
	if ((rc = exec(db, "PRAGMA journal_mode=WAL;"
			   "PRAGMA synchronous=FULL;"
			   "PRAGMA temp_store=MEMORY;"
			   "PRAGMA wal_checkpoint(TRUNCATE);", err)))
		return rc;
	db_bulk_mode(db, 0);
	return ST_OK;
}
