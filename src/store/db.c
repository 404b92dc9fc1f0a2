/*
 * db.c - the connection: opening (pragmas, the data key, SQL functions,
 * pending migrations), transactions, the statement cache, integrity checks
 * and small binding helpers shared by every store file.
 *
 * Not for the schema and its migrations (migrations.c) nor for sealing
 * personal identifiers (pii.c); no table-family SQL (orgs, persons, ...):
 * that lives in the store file of its family.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <pthread.h>
#include <pwd.h>
#include <unistd.h>

#include "core/date.h"
#include "core/xalloc.h"
#include "store/audit-checkpoint.h"
#include "store/audit-store.h"
#include "store/bulk-vtab.h"
#include "store/db-internal.h"

int db_sql_error(struct db *db, int rc, struct error *err, const char *what)
{
	int status = ST_DB;
	int primary = rc & 0xff;

	if (primary == SQLITE_CONSTRAINT)
		status = ST_CONFLICT;
	else if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
		status = ST_BUSY;
	return error_set(err, status, NULL, "%s: %s", what,
			 db && db->sql ? sqlite3_errmsg(db->sql) : sqlite3_errstr(rc));
}
int db_exec(struct db *db, const char *sql, struct error *err)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->sql, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		error_set(err, ST_DB, NULL, "%s", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return ST_DB;
	}
	return ST_OK;
}

/*
 * Process-wide SQLite settings, once before the first connection: no
 * memory-usage statistics (they take a global mutex on every allocation,
 * which the server's worker threads would contend for).
 */
static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

static void sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int db_open(const char *path, enum db_open_mode mode, struct db **out,
	    struct error *err)
{
	struct db *db = xcalloc(1, sizeof(*db));
	struct stat sb;
	struct passwd *pw;
	int rc = ST_OK, v = 0;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

	pthread_once(&sqlite_once, sqlite_setup);
	*out = NULL;
	if (mode == DB_OPEN_CREATE) {
		flags |= SQLITE_OPEN_CREATE;
		/* a new database file is readable by its owner only, whatever the
		 * umask; SQLite gives its -wal and -shm files the same mode */
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd >= 0)
			close(fd);
		else if (errno != EEXIST) {
			rc = error_set(err, ST_IO, "db", "cannot create %s: %s", path,
				       strerror(errno));
			goto out;
		}
	} else if (stat(path, &sb) != 0) {
		rc = error_set(err, ST_NOT_FOUND, "db",
			       "database %s does not exist (run 'orgwork --db %s init')",
			       path, path);
		goto out;
	}
	db->path = xstrdup(path);
	if (sqlite3_open_v2(path, &db->sql, flags, NULL) != SQLITE_OK) {
		rc = error_set(err, ST_DB, "db", "cannot open %s: %s", path,
			       db->sql ? sqlite3_errmsg(db->sql) : "out of memory");
		goto out;
	}
	sqlite3_extended_result_codes(db->sql, 1);
	sqlite3_busy_timeout(db->sql, 5000);
	sqlite3_db_config(db->sql, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db->sql, SQLITE_DBCONFIG_ENABLE_TRIGGER, 1, NULL);
	/* a new database is made with 8 KiB pages (a person's row with its sealed
	 * identifiers and keys is a few hundred bytes: fewer, fuller pages
	 * make a bulk import about a tenth cheaper); an existing file keeps
	 * the size it was made with (the pragma does nothing there) */
	if (mode == DB_OPEN_CREATE && (rc = db_exec(db, "PRAGMA page_size=8192;", err)))
		goto out;
	if ((rc = db_exec(db, "PRAGMA journal_mode=WAL;"
			   "PRAGMA synchronous=FULL;"
			   "PRAGMA foreign_keys=ON;"
			   "PRAGMA temp_store=MEMORY;"
			   "PRAGMA cache_size=-65536;"
			   /* reads straight from the page cache, no copy per page
			    * (SQLite caps it at its build's limit, 2 GiB on Debian;
			    * the rest of a larger file is read as usual) */
			   "PRAGMA mmap_size=1099511627776;", err)))
		goto out;
	if ((rc = db_user_version(db, &v)))
		goto out;
	if (mode != DB_OPEN_CREATE) {
		if (v == 0)
			rc = error_set(err, ST_INVALID, "db",
				       "%s is not an orgwork database (run 'orgwork --db %s init')",
				       path, path);
		else if (v != db_schema_version())
			rc = error_set(err, ST_UNSUPPORTED, "db",
				       "%s has schema version %d, this orgwork needs %d (run 'orgwork init' to migrate)",
				       path, v, db_schema_version());
		if (rc)
			goto out;
	}
	pw = getpwuid(getuid());
	snprintf(db->actor, sizeof(db->actor), "local:%s", pw ? pw->pw_name : "unknown");
	if ((rc = db_pii_key_load(db, mode, v, err)) ||
	    (rc = db_pii_key_verify(db, v, err)))
		goto out;
	audit_store_install(db);
	bulk_vtab_register(db->sql);
	db_pii_register(db);
	if (mode == DB_OPEN_CREATE)
		rc = db_migrate(db, err);
out:
	if (rc) {
		db_close(db);
		return rc;
	}
	*out = db;
	return ST_OK;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	if (db->committed && db->sql)
		audit_checkpoint_after_commit(db, 1);
	for (size_t i = 0; i < db->nr_stmts; i++)
		sqlite3_finalize(db->stmts[i].stmt);
	free(db->stmts);
	if (db->sql)
		sqlite3_close(db->sql);
	free(db->path);
	free(db);
}

const char *db_path(const struct db *db)
{
	return db->path;
}

sqlite3_stmt *db_stmt(struct db *db, const char *sql, struct error *err)
{
	sqlite3_stmt *st;

	for (size_t i = 0; i < db->nr_stmts; i++) {
		if (db->stmts[i].sql == sql) {
			st = db->stmts[i].stmt;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
	}
	int rc = sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT,
				    &st, NULL);
	if (rc != SQLITE_OK) {
		db_sql_error(db, rc, err, "preparing statement");
		return NULL;
	}
	ALLOC_GROW(db->stmts, db->nr_stmts + 1, db->alloc_stmts);
	db->stmts[db->nr_stmts].sql = sql;
	db->stmts[db->nr_stmts].stmt = st;
	db->nr_stmts++;
	return st;
}

int db_step_done(struct db *db, sqlite3_stmt *st, struct error *err,
		 const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_sql_error(db, rc, err, what);
	return ST_OK;
}

int db_begin(struct db *db, struct error *err)
{
	int rc = db_exec(db, "BEGIN IMMEDIATE", err);

	if (!rc)
		db->in_tx = 1;
	return rc;
}

int db_commit(struct db *db, struct error *err)
{
	int rc = db_exec(db, "COMMIT", err);

	if (!rc) {
		db->in_tx = 0;
		db->committed = 1;
		audit_checkpoint_after_commit(db, 0);
	}
	return rc;
}

/* Prepared once per connection: a server runs these around every read. */
int db_read_begin(struct db *db, struct error *err)
{
	sqlite3_stmt *st = db_stmt(db, "BEGIN DEFERRED", err);

	if (!st)
		return ST_DB;
	return db_step_done(db, st, err, "beginning a read");
}

void db_read_end(struct db *db)
{
	sqlite3_stmt *st;

	if (sqlite3_get_autocommit(db->sql))
		return;
	st = db_stmt(db, "COMMIT", NULL);
	if (!st || db_step_done(db, st, NULL, "ending a read"))
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
}

void db_set_watch(struct db *db, int (*fn)(void *ctx), void *ctx)
{
	sqlite3_progress_handler(db->sql, fn ? 4000 : 0, fn, fn ? ctx : NULL);
}

void db_rollback(struct db *db)
{
	if (!db->in_tx)
		return;
	sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	db->in_tx = 0;
}

void db_bulk_mode(struct db *db, int on)
{
	sqlite3_exec(db->sql, on ? "PRAGMA cache_size=-1048576"
				 : "PRAGMA cache_size=-65536",
		     NULL, NULL, NULL);
}

int db_integrity(struct db *db, struct error *err)
{
	sqlite3_stmt *st;
	int rc = ST_OK;

	if (sqlite3_prepare_v2(db->sql, "PRAGMA integrity_check", -1, &st, NULL))
		return db_sql_error(db, SQLITE_ERROR, err, "integrity check");
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(st, 0);
		if (r && strcmp(r, "ok")) {
			rc = error_set(err, ST_DB, NULL, "integrity: %s", r);
			break;
		}
	}
	sqlite3_finalize(st);
	if (rc)
		return rc;
	if (sqlite3_prepare_v2(db->sql, "PRAGMA foreign_key_check", -1, &st, NULL))
		return db_sql_error(db, SQLITE_ERROR, err, "foreign key check");
	if (sqlite3_step(st) == SQLITE_ROW)
		rc = error_set(err, ST_DB, NULL,
			       "foreign key violation in table %s row %lld",
			       sqlite3_column_text(st, 0),
			       (long long)sqlite3_column_int64(st, 1));
	sqlite3_finalize(st);
	if (rc)
		return rc;
	/* the key tables of persons (migration 6) against persons itself: the
	 * first person whose keys are missing, stale or extra */
	if (sqlite3_prepare_v2(db->sql,
		"SELECT 'person_ids', p.id FROM persons p WHERE p.id_bidx IS NOT NULL"
		" AND NOT EXISTS (SELECT 1 FROM person_ids k WHERE k.bidx = p.id_bidx"
		" AND k.person_id = p.id)"
		" UNION ALL SELECT 'person_ids', k.person_id FROM person_ids k"
		" WHERE NOT EXISTS (SELECT 1 FROM persons p WHERE p.id = k.person_id"
		" AND p.id_bidx = k.bidx)"
		" UNION ALL SELECT 'person_order', p.id FROM persons p WHERE p.org_id IS NOT NULL"
		" AND NOT EXISTS (SELECT 1 FROM person_order k WHERE k.org_id = p.org_id"
		" AND k.sort_key = p.sort_key AND k.person_id = p.id)"
		" UNION ALL SELECT 'person_order', k.person_id FROM person_order k"
		" WHERE NOT EXISTS (SELECT 1 FROM persons p WHERE p.id = k.person_id"
		" AND p.org_id = k.org_id AND p.sort_key = k.sort_key)"
		" LIMIT 1", -1, &st, NULL))
		return db_sql_error(db, SQLITE_ERROR, err, "key check");
	if (sqlite3_step(st) == SQLITE_ROW)
		rc = error_set(err, ST_DB, NULL, "%s does not match person %lld",
			       sqlite3_column_text(st, 0),
			       (long long)sqlite3_column_int64(st, 1));
	sqlite3_finalize(st);
	return rc;
}

void db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

void db_bind_date(sqlite3_stmt *st, int i, int day)
{
	char buf[DATE_STR_SIZE];

	if (day == DATE_NONE)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, date_format(day, buf), 10, SQLITE_TRANSIENT);
}

void db_bind_id(sqlite3_stmt *st, int i, long long id)
{
	if (id > 0)
		sqlite3_bind_int64(st, i, id);
	else
		sqlite3_bind_null(st, i);
}

void db_col_text(sqlite3_stmt *st, int i, char *buf, size_t size)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	snprintf(buf, size, "%s", s ? (const char *)s : "");
}

int db_col_date(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	int day;

	if (!s || date_parse((const char *)s, &day))
		return DATE_NONE;
	return day;
}
