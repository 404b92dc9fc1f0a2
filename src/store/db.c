/*
 * db.c - connection setup, the migration list, transactions, the statement
 * cache and small binding helpers shared by every store file.
 *
 * Migrations are numbered: migrations[i] brings user_version from i to i+1.
 * They only ever get appended. Table-family SQL (orgs, persons, ...) lives in
 * the store file of that family; only the DDL is here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/date.h"
#include "core/xalloc.h"
#include "store/db-internal.h"

static const char *const migrations[] = {
	/* 1: organizations, their versions and events; persons with their
	 * (zero or one) membership; the member timeline. */
	"CREATE TABLE orgs("
	" id INTEGER PRIMARY KEY,"
	" code TEXT NOT NULL UNIQUE,"
	" name TEXT NOT NULL,"
	" kind TEXT NOT NULL,"
	" sector TEXT NOT NULL,"
	" division TEXT,"
	" level INTEGER NOT NULL DEFAULT 0,"
	" parent_id INTEGER REFERENCES orgs(id),"
	" established TEXT NOT NULL,"
	" dissolved TEXT,"
	" merged_into INTEGER REFERENCES orgs(id),"
	" purpose TEXT,"
	" end_date TEXT,"
	" label TEXT,"
	" term_start TEXT,"
	" term_years INTEGER"
	");"
	"CREATE INDEX orgs_parent ON orgs(parent_id);"
	"CREATE INDEX orgs_name ON orgs(name);"
	"CREATE TABLE org_versions("
	" id INTEGER PRIMARY KEY,"
	" org_id INTEGER NOT NULL REFERENCES orgs(id),"
	" valid_from TEXT NOT NULL,"
	" valid_to TEXT,"
	" name TEXT NOT NULL,"
	" parent_id INTEGER,"
	" kind TEXT NOT NULL,"
	" state TEXT NOT NULL"
	");"
	"CREATE INDEX org_versions_org ON org_versions(org_id, valid_from);"
	"CREATE TABLE org_events("
	" id INTEGER PRIMARY KEY,"
	" org_id INTEGER NOT NULL REFERENCES orgs(id),"
	" date TEXT NOT NULL,"
	" kind TEXT NOT NULL,"
	" detail TEXT,"
	" reference TEXT,"
	" actor TEXT NOT NULL,"
	" recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))"
	");"
	"CREATE INDEX org_events_org ON org_events(org_id);"
	"CREATE TABLE persons("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" sex INTEGER NOT NULL,"
	" birth_date TEXT NOT NULL,"
	" ethnicity INTEGER NOT NULL,"
	" education INTEGER NOT NULL,"
	" occupation TEXT NOT NULL,"
	" id_number TEXT,"
	" phone TEXT,"
	" address TEXT,"
	" pinyin TEXT NOT NULL,"
	" initials TEXT NOT NULL,"
	" sort_key BLOB NOT NULL,"
	" org_id INTEGER REFERENCES orgs(id),"
	" status TEXT,"
	" flags INTEGER NOT NULL DEFAULT 0,"
	" applied TEXT,"
	" activist TEXT,"
	" target TEXT,"
	" admitted TEXT,"
	" full_date TEXT,"
	" exited TEXT,"
	" import_batch INTEGER"
	");"
	"CREATE UNIQUE INDEX persons_id_number ON persons(id_number);"
	"CREATE INDEX persons_org ON persons(org_id, sort_key);"
	"CREATE TABLE member_events("
	" id INTEGER PRIMARY KEY,"
	" person_id INTEGER NOT NULL REFERENCES persons(id),"
	" date TEXT NOT NULL,"
	" kind TEXT NOT NULL,"
	" detail TEXT,"
	" reference TEXT,"
	" actor TEXT NOT NULL,"
	" recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))"
	");"
	"CREATE INDEX member_events_person ON member_events(person_id, date);"
	"CREATE TABLE import_batches("
	" id INTEGER PRIMARY KEY,"
	" file TEXT NOT NULL,"
	" rows INTEGER NOT NULL,"
	" actor TEXT NOT NULL,"
	" recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))"
	");",
};

#define NR_MIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

int db_schema_version(void)
{
	return NR_MIGRATIONS;
}

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

static int exec(struct db *db, const char *sql, struct error *err)
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

static int user_version(struct db *db, int *v)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db->sql, "PRAGMA user_version", -1, &st, NULL))
		return ST_DB;
	*v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return ST_OK;
}

static int migrate(struct db *db, struct error *err)
{
	int v, rc;
	char pragma[64];

	if (user_version(db, &v))
		return db_sql_error(db, SQLITE_ERROR, err, "reading schema version");
	if (v > NR_MIGRATIONS)
		return error_set(err, ST_UNSUPPORTED, NULL,
				 "database schema version %d is newer than this orgwork (%d)",
				 v, NR_MIGRATIONS);
	for (; v < NR_MIGRATIONS; v++) {
		if ((rc = db_begin(db, err)))
			return rc;
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%d", v + 1);
		if ((rc = exec(db, migrations[v], err)) ||
		    (rc = exec(db, pragma, err)) || (rc = db_commit(db, err))) {
			db_rollback(db);
			return rc;
		}
	}
	return ST_OK;
}

int db_open(const char *path, enum db_open_mode mode, struct db **out,
	    struct error *err)
{
	struct db *db = xcalloc(1, sizeof(*db));
	struct stat sb;
	int rc = ST_OK, v = 0;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

	*out = NULL;
	if (mode == DB_OPEN_CREATE)
		flags |= SQLITE_OPEN_CREATE;
	else if (stat(path, &sb) != 0) {
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
	if ((rc = exec(db, "PRAGMA journal_mode=WAL;"
			   "PRAGMA synchronous=FULL;"
			   "PRAGMA foreign_keys=ON;"
			   "PRAGMA temp_store=MEMORY;"
			   "PRAGMA cache_size=-65536;", err)))
		goto out;
	if (mode == DB_OPEN_CREATE) {
		rc = migrate(db, err);
	} else {
		if ((rc = user_version(db, &v)))
			goto out;
		if (v == 0)
			rc = error_set(err, ST_INVALID, "db",
				       "%s is not an orgwork database (run 'orgwork --db %s init')",
				       path, path);
		else if (v != NR_MIGRATIONS)
			rc = error_set(err, ST_UNSUPPORTED, "db",
				       "%s has schema version %d, this orgwork needs %d (run 'orgwork init' to migrate)",
				       path, v, NR_MIGRATIONS);
	}
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
	int rc = exec(db, "BEGIN IMMEDIATE", err);

	if (!rc)
		db->in_tx = 1;
	return rc;
}

int db_commit(struct db *db, struct error *err)
{
	int rc = exec(db, "COMMIT", err);

	if (!rc)
		db->in_tx = 0;
	return rc;
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
