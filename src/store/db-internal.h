/*
 * db-internal.h - what store/ files share about the connection (db.c), the
 * schema (migrations.c) and the sealing of personal identifiers (pii.c).
 *
 * Only files under src/store/ include this (it exposes sqlite3). db_stmt()
 * returns a cached prepared statement, reset and with bindings cleared;
 * never finalize it. db_sql_error() turns the connection's last error into a
 * status (ST_CONFLICT for constraint violations, ST_BUSY, else ST_DB).
 */
#ifndef OW_DB_INTERNAL_H
#define OW_DB_INTERNAL_H

#include <sqlite3.h>

#include "core/crypto.h"
#include "core/error.h"
#include "model/idcard.h"
#include "model/person.h"
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
	int committed;       /* a commit since the open: checkpoint at the close */
	/* Audit context read by the audit triggers (store/audit-store.h). */
	char actor[96];      /* who acts: "user:alice", "local:root" */
	char action[64];     /* operation name; "" = the trigger's table.op */
	int audit_rows_off;  /* 1 while a bulk load writes its own summary row */
};

/* Runs SQL text (no results, no bindings); ST_DB with SQLite's message. */
int db_exec(struct db *db, const char *sql, struct error *err);

/* Schema (migrations.c): PRAGMA user_version into *v (ST_DB when it cannot
 * be read); db_migrate runs each pending migration in a transaction of its
 * own, ST_UNSUPPORTED when the file is newer than this binary. */
int db_user_version(struct db *db, int *v);
int db_migrate(struct db *db, struct error *err);

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
 * Personal fields, encrypted at rest (core/crypto.h pii_seal), since
 * migration 7 as one value in persons.pii: a first byte (presence bits 1 ID
 * number, 2 phone, 4 address, and PII_ROW_BOUND), then the sealed
 * "id NUL phone NUL address". Since migration 9 every value is bound to its
 * row: the associated data is "pii<presence>:persons:<person id>", so a
 * value altered, moved to another person's row (even by SQL, without the
 * key) or sealed under another key does not open.
 *
 * db_pii_seal seals for row person_id (> 0, else ST_INTERNAL); it sets *len
 * 0 when all three are empty (store NULL); ST_INVALID (field named) when
 * one is too long. db_pii_open opens the value of row person_id into the
 * non-NULL buffers ("" when absent); ST_INVALID when the value does not
 * verify (buffers then all ""), ST_TOO_BIG when a buffer is short.
 */
#define PII_ROW_BOUND 0x10
#define DB_PII_MAX (1 + CRYPTO_SEAL_OVERHEAD + IDCARD_SIZE + PERSON_PHONE_SIZE + \
		    PERSON_ADDRESS_SIZE)
int db_pii_seal(long long person_id, const char *id_number, const char *phone,
		const char *address, unsigned char out[DB_PII_MAX], size_t *len,
		struct error *err);
int db_pii_open(long long person_id, const unsigned char *b, size_t n, char *id_number,
		size_t id_size, char *phone, size_t phone_size, char *address,
		size_t address_size);
/* Binds the identifiers sealed for row person_id at i_pii and the blind
 * index of the ID number at i_bidx (NULL for empty values). */
int db_bind_pii(sqlite3_stmt *st, int i_pii, int i_bidx, long long person_id,
		const char *id_number, const char *phone, const char *address,
		struct error *err);
/* Binds the blind index of a normalized ID number (what id_bidx holds). */
int db_bind_bidx(sqlite3_stmt *st, int i, const char *id_number, struct error *err);
/*
 * Opens column col (the pii value of row person_id) into the buffers. A
 * value that does not open is an error, never an empty field: ST_DB (field
 * "pii", the person named), buffers all "".
 */
int db_col_pii(sqlite3_stmt *st, int col, long long person_id, char *id_number,
	       size_t id_size, char *phone, size_t phone_size, char *address,
	       size_t address_size, struct error *err);
/* Registers the SQL functions of the migrations that seal (pii.c). */
void db_pii_register(struct db *db);
/*
 * db_pii_key_load loads the process-wide data key (core/crypto.h) from the key file of the
 * database. A new database (schema version 0) opened for creation receives a
 * new key file; an existing one must have its key, or its personal data
 * could not be read (and new data would be sealed under a different key).
 */
int db_pii_key_load(struct db *db, enum db_open_mode mode, int version,
		    struct error *err);
/*
 * db_pii_key_verify compares the loaded key with the key check value the
 * database records (table key_check, migration 9), before anything is read
 * or written. ST_INVALID (field "key", the key file and the database named)
 * when the key is another database's; ST_DB when a database at the current
 * schema version has no key check value. A database whose migration 9 is
 * still pending has none yet: that migration verifies the key by opening
 * every sealed value and then records it.
 */
int db_pii_key_verify(struct db *db, int version, struct error *err);
/* Column helpers: copy text into a fixed buffer; parse a date column. */
void db_col_text(sqlite3_stmt *st, int i, char *buf, size_t size);
int db_col_date(sqlite3_stmt *st, int i);

#endif
