/*
 * change-store.c - reads the change counter (change-store.h). The triggers
 * that bump it are DDL of migration 4 in migrations.c. Not for anything else.
 */
#include "store/change-store.h"
#include "store/db-internal.h"

int change_counter_get(struct db *db, uint64_t *out, struct error *err)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT n FROM change_counter WHERE id = 1", err);
	int rc;

	*out = 0;
	if (!st)
		return ST_DB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = (uint64_t)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sql_error(db, rc, err, "reading the change counter");
	return ST_OK;
}
