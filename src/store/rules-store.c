/*
 * rules-store.c - SQL of the rule_overrides table (see rules-store.h).
 * Not for: what a rule means or whether a value is valid (model/rules.c).
 */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "store/db-internal.h"
#include "store/rules-store.h"

int rules_store_insert(struct db *db, struct rule_override *o, struct error *err)
{
	static const char sql[] =
		"INSERT INTO rule_overrides(key, value, applies_from, reason, actor)"
		" VALUES(?1,?2,?3,?4,?5)";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (!st)
		return ST_DB;
	db_bind_text(st, 1, o->key);
	sqlite3_bind_text(st, 2, o->value, -1, SQLITE_TRANSIENT);
	db_bind_date(st, 3, o->applies_from);
	db_bind_text(st, 4, o->reason);
	db_bind_text(st, 5, o->actor);
	if ((rc = db_step_done(db, st, err, "inserting rule override")))
		return rc;
	o->id = sqlite3_last_insert_rowid(db->sql);
	return ST_OK;
}

int rules_store_get(struct db *db, const char *key, int day,
		    struct rule_override *out, struct error *err)
{
	static const char sql[] =
		"SELECT id, key, value, applies_from, reason, actor, created_at"
		" FROM rule_overrides WHERE key=?1 AND applies_from<=?2"
		" ORDER BY applies_from DESC, id DESC LIMIT 1";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (!st)
		return ST_DB;
	db_bind_text(st, 1, key);
	db_bind_date(st, 2, day);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		db_col_text(st, 1, out->key, sizeof(out->key));
		db_col_text(st, 2, out->value, sizeof(out->value));
		out->applies_from = db_col_date(st, 3);
		db_col_text(st, 4, out->reason, sizeof(out->reason));
		db_col_text(st, 5, out->actor, sizeof(out->actor));
		db_col_text(st, 6, out->created_at, sizeof(out->created_at));
		sqlite3_reset(st);
		return ST_OK;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_sql_error(db, rc, err, "reading rule override");
	return ST_NOT_FOUND;
}

int rules_store_each(struct db *db, const char *key,
		     int (*fn)(const struct rule_override *o, void *ctx), void *ctx,
		     struct error *err)
{
	static const char sql[] =
		"SELECT id, key, value, applies_from, reason, actor, created_at"
		" FROM rule_overrides WHERE key=?1 ORDER BY applies_from, id";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	struct rule_override o;
	int rc;

	if (!st)
		return ST_DB;
	db_bind_text(st, 1, key);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int r;
		memset(&o, 0, sizeof(o));
		o.id = sqlite3_column_int64(st, 0);
		db_col_text(st, 1, o.key, sizeof(o.key));
		db_col_text(st, 2, o.value, sizeof(o.value));
		o.applies_from = db_col_date(st, 3);
		db_col_text(st, 4, o.reason, sizeof(o.reason));
		db_col_text(st, 5, o.actor, sizeof(o.actor));
		db_col_text(st, 6, o.created_at, sizeof(o.created_at));
		if ((r = fn(&o, ctx))) {
			sqlite3_reset(st);
			return r;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_sql_error(db, rc, err, "reading rule overrides");
	return ST_OK;
}
