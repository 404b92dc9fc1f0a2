/*
 * standing-store.c - SQL of the standing_records table (standing-store.h).
 * Not for: what a record means (model/standing.c) or whether an act is
 * allowed (ops/standing-ops.c).
 */
#include <string.h>

#include "core/date.h"
#include "store/db-internal.h"
#include "store/standing-store.h"

static void bind_id_or_null(sqlite3_stmt *st, int i, long long id)
{
	if (id)
		sqlite3_bind_int64(st, i, id);
	else
		sqlite3_bind_null(st, i);
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		db_bind_text(st, i, s);
	else
		sqlite3_bind_null(st, i);
}

int standing_store_insert(struct db *db, struct standing_record *r, struct error *err)
{
	static const char sql[] =
		"INSERT INTO standing_records(person_id, kind, start_date, end_date, years,"
		" reference, by_org_id, host_org_id, detail, end_note, actor)"
		" VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, r->person_id);
	db_bind_text(st, 2, standing_kind_key(r->kind));
	db_bind_date(st, 3, r->start);
	db_bind_date(st, 4, r->end);
	if (r->years)
		sqlite3_bind_int(st, 5, r->years);
	else
		sqlite3_bind_null(st, 5);
	bind_text_or_null(st, 6, r->reference);
	bind_id_or_null(st, 7, r->by_org_id);
	bind_id_or_null(st, 8, r->host_org_id);
	bind_text_or_null(st, 9, r->detail);
	bind_text_or_null(st, 10, r->end_note);
	db_bind_text(st, 11, r->actor);
	if ((rc = db_step_done(db, st, err, "recording a standing record")))
		return rc;
	r->id = sqlite3_last_insert_rowid(db->sql);
	return ST_OK;
}

int standing_store_end(struct db *db, long long id, int end, const char *note,
		       struct error *err)
{
	static const char sql[] =
		"UPDATE standing_records SET end_date=?2, end_note=?3 WHERE id=?1";
	sqlite3_stmt *st = db_stmt(db, sql, err);

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, id);
	db_bind_date(st, 2, end);
	bind_text_or_null(st, 3, note);
	return db_step_done(db, st, err, "ending a standing record");
}

int standing_store_list(struct db *db, long long person_id, standing_visit_fn fn,
			void *ctx, struct error *err)
{
	static const char sql[] =
		"SELECT id, person_id, kind, start_date, end_date, coalesce(years, 0),"
		" reference, coalesce(by_org_id, 0), coalesce(host_org_id, 0), detail,"
		" end_note, actor, created_at FROM standing_records WHERE person_id=?1"
		" ORDER BY start_date, id";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	struct standing_record r;
	char kind[24];
	int rc;

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, person_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		standing_record_init(&r);
		r.id = sqlite3_column_int64(st, 0);
		r.person_id = sqlite3_column_int64(st, 1);
		db_col_text(st, 2, kind, sizeof(kind));
		r.kind = standing_kind_parse(kind);
		r.start = db_col_date(st, 3);
		r.end = db_col_date(st, 4);
		r.years = sqlite3_column_int(st, 5);
		db_col_text(st, 6, r.reference, sizeof(r.reference));
		r.by_org_id = sqlite3_column_int64(st, 7);
		r.host_org_id = sqlite3_column_int64(st, 8);
		db_col_text(st, 9, r.detail, sizeof(r.detail));
		db_col_text(st, 10, r.end_note, sizeof(r.end_note));
		db_col_text(st, 11, r.actor, sizeof(r.actor));
		db_col_text(st, 12, r.created_at, sizeof(r.created_at));
		if (fn(&r, ctx))
			break;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sql_error(db, rc, err, "reading standing records");
	return ST_OK;
}

int standing_store_medal_holds(struct db *db, int lo, int hi, int july,
			       int (*fn)(long long person_id, long long org_id, void *ctx),
			       void *ctx, struct error *err)
{
	static const char sql[] =
		"SELECT DISTINCT p.id, coalesce(p.org_id, 0) FROM standing_records s"
		" JOIN persons p ON p.id = s.person_id"
		" WHERE s.kind IN ('stopped', 'probation') AND s.start_date <= ?3"
		" AND (s.end_date IS NULL OR s.end_date > ?3)"
		" AND p.full_date >= ?1 AND p.full_date <= ?2"
		" AND (p.exited IS NULL OR p.exited > ?3)";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (!st)
		return ST_DB;
	db_bind_date(st, 1, lo);
	db_bind_date(st, 2, hi);
	db_bind_date(st, 3, july);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), ctx))
			break;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sql_error(db, rc, err, "reading standing records");
	return ST_OK;
}
