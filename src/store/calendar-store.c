/*
 * calendar-store.c - SQL of the calendar_days table (see calendar-store.h).
 * Not for: what a date means or whether an import is valid.
 */
#include <string.h>

#include "store/calendar-store.h"
#include "store/db-internal.h"

int calendar_store_insert(struct db *db, int day, enum cal_kind kind,
			  const char *source, const char *actor, struct error *err)
{
	static const char sql[] =
		"INSERT INTO calendar_days(date, kind, source, actor) VALUES(?1,?2,?3,?4)";
	sqlite3_stmt *st = db_stmt(db, sql, err);

	if (!st)
		return ST_DB;
	db_bind_date(st, 1, day);
	db_bind_text(st, 2, calendar_kind_name(kind));
	db_bind_text(st, 3, source);
	db_bind_text(st, 4, actor);
	return db_step_done(db, st, err, "inserting calendar date");
}

int calendar_store_each(struct db *db, int from, int to,
			int (*fn)(int day, enum cal_kind kind, const char *source,
				  void *ctx),
			void *ctx, struct error *err)
{
	static const char sql[] =
		"SELECT date, kind, source FROM calendar_days"
		" WHERE date >= ?1 AND date <= ?2 ORDER BY date, id";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	char kind[16], source[CALENDAR_SOURCE_SIZE];
	int rc, stop = 0;

	if (!st)
		return ST_DB;
	db_bind_date(st, 1, from);
	db_bind_date(st, 2, to);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int k;

		db_col_text(st, 1, kind, sizeof(kind));
		db_col_text(st, 2, source, sizeof(source));
		k = calendar_kind_parse(kind);
		if (k < 0)
			continue;
		if ((stop = fn(db_col_date(st, 0), (enum cal_kind)k, source, ctx)))
			break;
	}
	sqlite3_reset(st);
	if (stop)
		return stop;
	if (rc != SQLITE_DONE)
		return db_sql_error(db, rc, err, "reading calendar dates");
	return ST_OK;
}
