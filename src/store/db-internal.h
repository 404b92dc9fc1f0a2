/*
 * db-internal.h - what store/ files share about the connection.
 *
 * Only files under src/store/ include this (it exposes sqlite3). db_stmt()
 * returns a cached prepared statement, reset and with bindings cleared;
 * never finalize it. db_sql_error() turns the connection's last error into a
 * status (ST_CONFLICT for constraint violations, ST_BUSY, else ST_DB).
 */
#ifndef OW_DB_INTERNAL_H
#define OW_DB_INTERNAL_H

#include <sqlite3.h>

#include "core/error.h"
#include "store/db.h"

struct stmt_cache_entry {
	const char *sql;     /* identity: the static SQL text pointer */
	sqlite3_stmt *stmt;
};

struct db {
	sqlite3 *sql;
	char *path;
	struct stmt_cache_entry *stmts;
	size_t nr_stmts, alloc_stmts;
	int in_tx;
	/* Audit context read by the audit triggers (store/audit-store.h). */
	char actor[96];      /* who acts: "user:alice", "local:root" */
	char action[64];     /* operation name; "" = the trigger's table.op */
	int audit_rows_off;  /* 1 while a bulk load writes its own summary row */
};

/* Returns NULL and fills err on a prepare failure. sql must be a literal. */
sqlite3_stmt *db_stmt(struct db *db, const char *sql, struct error *err);
int db_sql_error(struct db *db, int rc, struct error *err, const char *what);
/* Runs a statement without results (bindings done); resets it. */
int db_step_done(struct db *db, sqlite3_stmt *st, struct error *err,
		 const char *what);

/* Binding helpers: NULL for empty strings / DATE_NONE / 0 ids. */
void db_bind_text(sqlite3_stmt *st, int i, const char *s);
void db_bind_date(sqlite3_stmt *st, int i, int day);
void db_bind_id(sqlite3_stmt *st, int i, long long id);
/*
 * Personal fields, encrypted at rest (core/crypto.h pii_seal): binds the
 * sealed ID number, phone and address and the blind index of the ID number
 * at the given parameter numbers (NULL for empty values).
 */
int db_bind_pii(sqlite3_stmt *st, int i_id, int i_phone, int i_address, int i_bidx,
		const char *id_number, const char *phone, const char *address,
		struct error *err);
/* Binds the blind index of a normalized ID number (what id_bidx holds). */
int db_bind_bidx(sqlite3_stmt *st, int i, const char *id_number, struct error *err);
/*
 * Opens the sealed column col (field "id", "phone", "address") into buf;
 * "" for NULL. ST_INVALID (buf "") when it does not verify.
 */
int db_col_pii(sqlite3_stmt *st, int col, const char *field, char *buf, size_t size);
/* Column helpers: copy text into a fixed buffer; parse a date column. */
void db_col_text(sqlite3_stmt *st, int i, char *buf, size_t size);
int db_col_date(sqlite3_stmt *st, int i);

#endif
