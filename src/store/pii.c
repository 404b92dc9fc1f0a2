/*
 * pii.c - personal identifiers sealed at rest: the one sealed value of a
 * person's ID number, phone and address (db_pii_seal / db_pii_open), its
 * binding and reading helpers, the blind index of the ID number, the SQL
 * functions the migrations use to seal and reseal (ow_seal, ow_open,
 * ow_seal_pii, ow_bidx), and loading the data key of a database.
 *
 * The cryptography itself is core/crypto.c; this file decides the layout of
 * the sealed value. Not for masking what is shown (ops/), nor for the SQL of
 * the persons table (person-store.c).
 */
#include <stdio.h>
#include <string.h>

#include "core/crypto.h"
#include "store/db-internal.h"

/* Associated data of a sealed value: its presence bits and, since the
 * row-bound format (PII_ROW_BOUND set in the first byte), the row it
 * belongs to, "pii5:persons:42", so that a value moved to another row or
 * given other presence bits does not open. person_id 0: the unbound format
 * of migration 7 ("pii5"), only sealed by ow_seal_pii and opened by
 * ow_reseal_pii. */
static void pii_ad(char ad[48], unsigned presence, long long person_id)
{
	if (person_id > 0)
		snprintf(ad, 48, "pii%u:persons:%lld", presence, person_id);
	else
		snprintf(ad, 48, "pii%u", presence);
}

static int pii_seal_as(long long person_id, const char *id_number, const char *phone,
		       const char *address, unsigned char out[DB_PII_MAX], size_t *len,
		       struct error *err)
{
	const char *f[3] = { id_number ? id_number : "", phone ? phone : "",
			     address ? address : "" };
	const size_t cap[3] = { IDCARD_SIZE, PERSON_PHONE_SIZE, PERSON_ADDRESS_SIZE };
	static const char *const names[3] = { "id_number", "phone", "address" };
	char plain[IDCARD_SIZE + PERSON_PHONE_SIZE + PERSON_ADDRESS_SIZE];
	char ad[48];
	size_t n = 0, got;
	unsigned presence = 0;

	*len = 0;
	for (int k = 0; k < 3; k++) {
		size_t l = strlen(f[k]);
		if (l >= cap[k]) {
			error_setc(err, ST_INVALID, names[k], "too_long_bytes", "%s is too long",
				   names[k]);
			error_param(err, "max", "%zu", cap[k] - 1);
			return ST_INVALID;
		}
		if (l)
			presence |= 1u << k;
		if (k)
			plain[n++] = '\0';
		memcpy(plain + n, f[k], l);
		n += l;
	}
	if (!presence)
		return ST_OK;
	/* the presence byte and the row are bound to the ciphertext as
	 * associated data */
	pii_ad(ad, presence, person_id);
	out[0] = (unsigned char)(presence | (person_id > 0 ? PII_ROW_BOUND : 0));
	if (pii_seal(ad, plain, n, out + 1, &got))
		return error_set(err, ST_INTERNAL, "key", "no data key loaded");
	*len = got + 1;
	return ST_OK;
}

int db_pii_seal(long long person_id, const char *id_number, const char *phone,
		const char *address, unsigned char out[DB_PII_MAX], size_t *len,
		struct error *err)
{
	if (person_id <= 0) {
		*len = 0;
		return error_set(err, ST_INTERNAL, "id", "personal data sealed without its row");
	}
	return pii_seal_as(person_id, id_number, phone, address, out, len, err);
}

/* person_id 0: the unbound format only; else the row-bound format of that
 * row only. */
static int pii_open_as(long long person_id, const unsigned char *b, size_t n,
		       char *id_number, size_t id_size, char *phone, size_t phone_size,
		       char *address, size_t address_size)
{
	char plain[IDCARD_SIZE + PERSON_PHONE_SIZE + PERSON_ADDRESS_SIZE + 1];
	char *out[3] = { id_number, phone, address };
	const size_t size[3] = { id_size, phone_size, address_size };
	char ad[48];
	const char *p = plain;
	unsigned presence;

	for (int k = 0; k < 3; k++)
		if (out[k])
			out[k][0] = '\0';
	if (!b || !n)
		return ST_OK;
	if (n < 1 + CRYPTO_SEAL_OVERHEAD)
		return ST_INVALID;
	if ((b[0] & ~7u) != (person_id > 0 ? PII_ROW_BOUND : 0u))
		return ST_INVALID;
	presence = b[0] & 7u;
	if (!presence)
		return ST_INVALID;
	pii_ad(ad, presence, person_id);
	if (pii_open(ad, b + 1, n - 1, plain, sizeof(plain)))
		return ST_INVALID;
	/* three NUL-separated fields, the last ended by pii_open's NUL */
	for (int k = 0; k < 3; k++) {
		size_t l = strlen(p);
		if (out[k]) {
			if (l >= size[k])
				return ST_TOO_BIG;
			memcpy(out[k], p, l + 1);
		}
		if (k < 2) {
			/* the separator must be inside the plaintext */
			if ((size_t)(p + l - plain) >= n - 1 - CRYPTO_SEAL_OVERHEAD)
				return ST_INVALID;
			p += l + 1;
		}
	}
	return ST_OK;
}

int db_pii_open(long long person_id, const unsigned char *b, size_t n, char *id_number,
		size_t id_size, char *phone, size_t phone_size, char *address,
		size_t address_size)
{
	if (person_id <= 0) {
		char *out[3] = { id_number, phone, address };
		for (int k = 0; k < 3; k++)
			if (out[k])
				out[k][0] = '\0';
		return b && n ? ST_INVALID : ST_OK;
	}
	return pii_open_as(person_id, b, n, id_number, id_size, phone, phone_size,
			   address, address_size);
}

int db_bind_pii(sqlite3_stmt *st, int i_pii, int i_bidx, long long person_id,
		const char *id_number, const char *phone, const char *address,
		struct error *err)
{
	unsigned char buf[DB_PII_MAX];
	size_t len;
	int rc;

	if ((rc = db_pii_seal(person_id, id_number, phone, address, buf, &len, err)))
		return rc;
	if (len)
		sqlite3_bind_blob(st, i_pii, buf, (int)len, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i_pii);
	return db_bind_bidx(st, i_bidx, id_number, err);
}

int db_bind_bidx(sqlite3_stmt *st, int i, const char *id_number, struct error *err)
{
	unsigned char bidx[CRYPTO_BIDX_BYTES];

	if (!id_number || !*id_number) {
		sqlite3_bind_null(st, i);
		return ST_OK;
	}
	if (pii_blind_index(id_number, bidx))
		return error_set(err, ST_INTERNAL, "key", "no data key loaded");
	sqlite3_bind_blob(st, i, bidx, sizeof(bidx), SQLITE_TRANSIENT);
	return ST_OK;
}

int db_col_pii(sqlite3_stmt *st, int col, long long person_id, char *id_number,
	       size_t id_size, char *phone, size_t phone_size, char *address,
	       size_t address_size, struct error *err)
{
	const unsigned char *b = sqlite3_column_blob(st, col);
	int n = sqlite3_column_bytes(st, col);
	int rc = db_pii_open(person_id, b, n > 0 ? (size_t)n : 0, id_number, id_size,
			     phone, phone_size, address, address_size);

	if (rc) {
		char *out[3] = { id_number, phone, address };
		for (int k = 0; k < 3; k++)
			if (out[k])
				out[k][0] = '\0';
		return error_set(err, ST_DB, "pii",
				 "the sealed personal data of person %lld does not open"
				 " (altered, moved from another row, or sealed under another key)",
				 person_id);
	}
	return ST_OK;
}

/* ow_seal(field, text) and ow_bidx(text), for migration 3. */
static void ow_seal_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *field = (const char *)sqlite3_value_text(argv[0]);
	const char *text = (const char *)sqlite3_value_text(argv[1]);
	unsigned char buf[1024];
	size_t len;

	(void)argc;
	if (!text || !*text || !field) {
		sqlite3_result_null(ctx);
		return;
	}
	if (strlen(text) + CRYPTO_SEAL_OVERHEAD > sizeof(buf) ||
	    pii_seal(field, text, strlen(text), buf, &len)) {
		sqlite3_result_error(ctx, "cannot seal a personal field", -1);
		return;
	}
	sqlite3_result_blob(ctx, buf, (int)len, SQLITE_TRANSIENT);
}

/* ow_open(field, sealed) and ow_seal_pii(id, phone, address), for migration 7. */
static void ow_open_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *field = (const char *)sqlite3_value_text(argv[0]);
	const unsigned char *b = sqlite3_value_blob(argv[1]);
	int n = sqlite3_value_bytes(argv[1]);
	char buf[1024];

	(void)argc;
	if (!b || n <= 0 || !field) {
		sqlite3_result_null(ctx);
		return;
	}
	if (pii_open(field, b, (size_t)n, buf, sizeof(buf))) {
		sqlite3_result_error(ctx, "a sealed personal field does not open with this key", -1);
		return;
	}
	sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

static void ow_seal_pii_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	unsigned char buf[DB_PII_MAX];
	struct error err = ERROR_INIT;
	size_t len;

	(void)argc;
	/* the unbound format: migration 7 ran before rows were bound */
	if (pii_seal_as(0, (const char *)sqlite3_value_text(argv[0]),
			(const char *)sqlite3_value_text(argv[1]),
			(const char *)sqlite3_value_text(argv[2]), buf, &len, &err)) {
		sqlite3_result_error(ctx, err.message, -1);
		return;
	}
	if (len)
		sqlite3_result_blob(ctx, buf, (int)len, SQLITE_TRANSIENT);
	else
		sqlite3_result_null(ctx);
}

static void ow_bidx_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *text = (const char *)sqlite3_value_text(argv[0]);
	unsigned char bidx[CRYPTO_BIDX_BYTES];

	(void)argc;
	if (!text || !*text) {
		sqlite3_result_null(ctx);
		return;
	}
	if (pii_blind_index(text, bidx)) {
		sqlite3_result_error(ctx, "no data key loaded", -1);
		return;
	}
	sqlite3_result_blob(ctx, bidx, sizeof(bidx), SQLITE_TRANSIENT);
}

/*
 * ow_reseal_pii(id, pii), for the migration that binds sealed values to their
 * rows: an unbound value is opened and sealed again bound to row id; a
 * value already bound (a migration run again) must open as row id's and is
 * kept as it is. Fails the statement (and so the migration's transaction)
 * when a value does not open: a wrong key file, or tampering.
 */
static void ow_reseal_pii_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	long long id = sqlite3_value_int64(argv[0]);
	const unsigned char *b = sqlite3_value_blob(argv[1]);
	int n = sqlite3_value_bytes(argv[1]);
	char f[3][PERSON_ADDRESS_SIZE], msg[640];
	unsigned char buf[DB_PII_MAX];
	struct error err = ERROR_INIT;
	size_t len;
	int rc;

	(void)argc;
	_Static_assert(PERSON_ADDRESS_SIZE >= IDCARD_SIZE &&
		       PERSON_ADDRESS_SIZE >= PERSON_PHONE_SIZE, "buffer sizes");
	if (!b || n <= 0) {
		sqlite3_result_null(ctx);
		return;
	}
	if (b[0] & PII_ROW_BOUND)
		rc = pii_open_as(id, b, (size_t)n, f[0], sizeof(f[0]), f[1], sizeof(f[1]),
				 f[2], sizeof(f[2]));
	else
		rc = pii_open_as(0, b, (size_t)n, f[0], sizeof(f[0]), f[1], sizeof(f[1]),
				 f[2], sizeof(f[2]));
	if (rc) {
		snprintf(msg, sizeof(msg),
			 "the personal data of person %lld does not open with key file %s"
			 " (the key file of another database?)", id, crypto_key_file());
		sqlite3_result_error(ctx, msg, -1);
		return;
	}
	if (b[0] & PII_ROW_BOUND) {
		sqlite3_result_blob(ctx, b, n, SQLITE_TRANSIENT);
		return;
	}
	if (db_pii_seal(id, f[0], f[1], f[2], buf, &len, &err)) {
		sqlite3_result_error(ctx, err.message, -1);
		return;
	}
	sqlite3_result_blob(ctx, buf, (int)len, SQLITE_TRANSIENT);
}

/* ow_key_check(): the key check value of the loaded key (crypto.h). */
static void ow_key_check_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	unsigned char kcv[CRYPTO_KEY_CHECK_BYTES];

	(void)argc;
	(void)argv;
	if (crypto_key_check(kcv)) {
		sqlite3_result_error(ctx, "no data key loaded", -1);
		return;
	}
	sqlite3_result_blob(ctx, kcv, sizeof(kcv), SQLITE_TRANSIENT);
}

void db_pii_register(struct db *db)
{
	sqlite3_create_function(db->sql, "ow_reseal_pii", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY,
				NULL, ow_reseal_pii_fn, NULL, NULL);
	sqlite3_create_function(db->sql, "ow_key_check", 0, SQLITE_UTF8 | SQLITE_DIRECTONLY,
				NULL, ow_key_check_fn, NULL, NULL);
	sqlite3_create_function(db->sql, "ow_seal", 2, SQLITE_UTF8 | SQLITE_INNOCUOUS,
				NULL, ow_seal_fn, NULL, NULL);
	sqlite3_create_function(db->sql, "ow_bidx", 1, SQLITE_UTF8 | SQLITE_INNOCUOUS,
				NULL, ow_bidx_fn, NULL, NULL);
	sqlite3_create_function(db->sql, "ow_open", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY,
				NULL, ow_open_fn, NULL, NULL);
	sqlite3_create_function(db->sql, "ow_seal_pii", 3, SQLITE_UTF8 | SQLITE_INNOCUOUS,
				NULL, ow_seal_pii_fn, NULL, NULL);
}

int db_pii_key_load(struct db *db, enum db_open_mode mode, int version,
		    struct error *err)
{
	char path[4096];
	int rc;

	crypto_key_path(db->path, path, sizeof(path));
	rc = crypto_key_load(path, NULL);
	if (rc == ST_NOT_FOUND && mode == DB_OPEN_CREATE && version == 0) {
		if ((rc = crypto_key_create(path, err)))
			return rc;
		rc = crypto_key_load(path, NULL);
	}
	if (rc == ST_NOT_FOUND)
		return error_set(err, ST_NOT_FOUND, "key",
				 "key file %s is missing: the personal data of %s cannot be read"
				 " (restore the key file, or set ORGWORK_KEY_FILE)",
				 path, db->path);
	if (rc)
		return crypto_key_load(path, err);
	return ST_OK;
}

int db_pii_key_verify(struct db *db, int version, struct error *err)
{
	sqlite3_stmt *st;
	int rc, has_table = 0, found = 0, same = 0;

	if (sqlite3_prepare_v2(db->sql, "SELECT count(*) FROM sqlite_master"
			       " WHERE type = 'table' AND name = 'key_check'", -1, &st, NULL))
		return db_sql_error(db, SQLITE_ERROR, err, "reading the key check value");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		has_table = sqlite3_column_int(st, 0) > 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_sql_error(db, rc, err, "reading the key check value");
	if (!has_table) {
		if (version > 0 && version >= db_schema_version())
			return error_set(err, ST_DB, "key",
					 "%s has no key check value (table key_check is gone):"
					 " the database was altered; nothing was read or written",
					 db->path);
		return ST_OK;
	}
	if (sqlite3_prepare_v2(db->sql, "SELECT kcv FROM key_check WHERE id = 1", -1,
			       &st, NULL))
		return db_sql_error(db, SQLITE_ERROR, err, "reading the key check value");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		found = 1;
		same = sqlite3_column_type(st, 0) == SQLITE_BLOB &&
		       crypto_key_check_equal(sqlite3_column_blob(st, 0),
					      (size_t)sqlite3_column_bytes(st, 0));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sql_error(db, rc, err, "reading the key check value");
	if (!found)
		return error_set(err, ST_DB, "key",
				 "%s has no key check value (its row in key_check is gone):"
				 " the database was altered; nothing was read or written",
				 db->path);
	if (!same)
		return error_set(err, ST_INVALID, "key",
				 "key file %s belongs to another database: it is not the key"
				 " %s was made with. Nothing was read or written; use the"
				 " database's own key file (or set ORGWORK_KEY_FILE to it)",
				 crypto_key_file(), db->path);
	return ST_OK;
}
