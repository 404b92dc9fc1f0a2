/*
 * db.h - the SQLite database: opening, pragmas, migrations, transactions.
 *
 * One struct db wraps one sqlite3 connection and a cache of prepared
 * statements keyed by their SQL text (so SQL stays next to the function that
 * runs it, and each statement is prepared once per connection). Every write
 * path runs inside db_begin()/db_commit(); on failure db_rollback(). This
 * header exposes no sqlite3 type: layers above store/ never see SQLite.
 * Not thread-safe: one connection per thread.
 */
#ifndef OW_DB_H
#define OW_DB_H

#include "core/error.h"

struct db;

enum db_open_mode {
	DB_OPEN_EXISTING,  /* must exist and be at the current schema version */
	DB_OPEN_CREATE,    /* create if missing, run pending migrations */
};

/* Schema version this binary writes (PRAGMA user_version). */
int db_schema_version(void);

/*
 * Opens path. Sets WAL, synchronous=FULL, foreign_keys=ON, defensive mode,
 * busy timeout. On success *out is owned by the caller (db_close()).
 */
int db_open(const char *path, enum db_open_mode mode, struct db **out,
	    struct error *err);
void db_close(struct db *db);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. db_rollback never fails. */
int db_begin(struct db *db, struct error *err);
int db_commit(struct db *db, struct error *err);
void db_rollback(struct db *db);

/*
 * A read transaction (BEGIN DEFERRED ... COMMIT): the statements between
 * see one snapshot and take the file locks once. Not for writes.
 */
int db_read_begin(struct db *db, struct error *err);
void db_read_end(struct db *db);

/*
 * While a watch is set, the statements of db call fn(ctx) every few
 * thousand virtual-machine steps (well under a millisecond); a non-zero
 * answer interrupts the running statement, whose caller then fails with
 * ST_DB. fn NULL removes the watch. For long reads that must stop when
 * their requester is gone or out of time (formats/export.c); the caller
 * removes the watch before the connection serves anything else.
 */
void db_set_watch(struct db *db, int (*fn)(void *ctx), void *ctx);

/* Trades durability of an uncommitted bulk load for speed (cache size). */
void db_bulk_mode(struct db *db, int on);

/* PRAGMA integrity_check + foreign_key_check; messages appended to err. */
int db_integrity(struct db *db, struct error *err);

/*
 * Compares the tables, indexes, triggers and views of the database with
 * the ones its schema version's migrations make (built in a private
 * in-memory database; SQLite's own sqlite_* entries are left out). For each
 * difference fn (may be NULL) receives what ("missing", "changed" or
 * "extra"), the entry's type ("table", "index", "trigger", "view") and its
 * name; *nr_diffs receives their number. Differences are not an error
 * status: ST_OK with *nr_diffs > 0. ST_DB / ST_INTERNAL when the schema
 * cannot be read or built.
 */
typedef void (*db_schema_diff_fn)(const char *what, const char *type, const char *name,
				  void *ctx);
int db_schema_check(struct db *db, db_schema_diff_fn fn, void *ctx, int *nr_diffs,
		    struct error *err);

/* Path the database was opened with (owned by db). */
const char *db_path(const struct db *db);

#endif
