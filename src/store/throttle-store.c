/*
 * throttle-store.c - SQL of the login_throttle table (see throttle-store.h).
 *
 * Not for: deciding whether a login is refused (ops/users.c).
 */
#include <string.h>

#include "store/db-internal.h"
#include "store/throttle-store.h"

int throttle_store_get(struct db *db, const char *login, const char *ip,
		       struct throttle_row *out, struct error *err)
{
	static const char sql[] =
		"SELECT fails, until_at, last_at FROM login_throttle"
		" WHERE login=?1 AND ip=?2";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	memset(out, 0, sizeof(*out));
	if (!st)
		return ST_DB;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, ip, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->fails = sqlite3_column_int64(st, 0);
		out->until_at = sqlite3_column_int64(st, 1);
		out->last_at = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return ST_OK;
	return db_sql_error(db, rc, err, "reading the login throttle");
}

int throttle_store_put(struct db *db, const char *login, const char *ip,
		       const struct throttle_row *row, struct error *err)
{
	static const char sql[] =
		"INSERT INTO login_throttle(login, ip, fails, until_at, last_at)"
		" VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(login, ip) DO UPDATE SET"
		" fails=excluded.fails, until_at=excluded.until_at, last_at=excluded.last_at";
	sqlite3_stmt *st = db_stmt(db, sql, err);

	if (!st)
		return ST_DB;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, ip, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, row->fails);
	sqlite3_bind_int64(st, 4, row->until_at);
	sqlite3_bind_int64(st, 5, row->last_at);
	return db_step_done(db, st, err, "writing the login throttle");
}

int throttle_store_delete(struct db *db, const char *login, const char *ip,
			  struct error *err)
{
	static const char sql[] = "DELETE FROM login_throttle WHERE login=?1 AND ip=?2";
	sqlite3_stmt *st = db_stmt(db, sql, err);

	if (!st)
		return ST_DB;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, ip, -1, SQLITE_TRANSIENT);
	return db_step_done(db, st, err, "clearing the login throttle");
}

int throttle_store_expire(struct db *db, long long before, long long now, int limit,
			  long long *n, struct error *err)
{
	static const char sql[] =
		"DELETE FROM login_throttle WHERE rowid IN (SELECT rowid FROM login_throttle"
		" WHERE last_at < ?1 AND until_at <= ?2 ORDER BY last_at LIMIT ?3)";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (n)
		*n = 0;
	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, before);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int(st, 3, limit);
	if ((rc = db_step_done(db, st, err, "expiring the login throttle")))
		return rc;
	if (n)
		*n = sqlite3_changes(db->sql);
	return ST_OK;
}
