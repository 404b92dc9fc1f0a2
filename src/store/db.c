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

#include <pthread.h>
#include <pwd.h>
#include <unistd.h>

#include "core/crypto.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "model/idcard.h"
#include "model/person.h"
#include "store/audit-store.h"
#include "store/bulk-vtab.h"
#include "store/db-internal.h"

/* Audit triggers: one row in audit_log per row change, in the same
 * transaction; json_object() of the old and new row (no secrets). */
#define APPEND_ONLY(t) \
	"CREATE TRIGGER " t "_no_update BEFORE UPDATE ON " t \
	" BEGIN SELECT RAISE(ABORT, '" t " is append-only'); END;" \
	"CREATE TRIGGER " t "_no_delete BEFORE DELETE ON " t \
	" BEGIN SELECT RAISE(ABORT, '" t " is append-only'); END;"
#define AUDIT_TRIGGERS(t, obj, jnew, jold) \
	"CREATE TRIGGER " t "_audit_insert AFTER INSERT ON " t " BEGIN" \
	" SELECT ow_audit('" obj ".insert', '" obj "/' || NEW.id, NULL, " jnew "); END;" \
	"CREATE TRIGGER " t "_audit_update AFTER UPDATE ON " t " BEGIN" \
	" SELECT ow_audit('" obj ".update', '" obj "/' || NEW.id, " jold ", " jnew "); END;" \
	"CREATE TRIGGER " t "_audit_delete AFTER DELETE ON " t " BEGIN" \
	" SELECT ow_audit('" obj ".delete', '" obj "/' || OLD.id, " jold ", NULL); END;"
/* Change counter triggers: +1 per row change (migration 4). */
#define CHANGE_TRIGGERS(t) \
	"CREATE TRIGGER " t "_change_insert AFTER INSERT ON " t " BEGIN" \
	" UPDATE change_counter SET n = n + 1 WHERE id = 1; END;" \
	"CREATE TRIGGER " t "_change_update AFTER UPDATE ON " t " BEGIN" \
	" UPDATE change_counter SET n = n + 1 WHERE id = 1; END;" \
	"CREATE TRIGGER " t "_change_delete AFTER DELETE ON " t " BEGIN" \
	" UPDATE change_counter SET n = n + 1 WHERE id = 1; END;"
#define ORG_JSON(r) \
	"json_object('code'," r ".code,'name'," r ".name,'kind'," r ".kind," \
	"'sector'," r ".sector,'division'," r ".division,'level'," r ".level," \
	"'parent_id'," r ".parent_id,'established'," r ".established," \
	"'dissolved'," r ".dissolved,'merged_into'," r ".merged_into," \
	"'purpose'," r ".purpose,'end_date'," r ".end_date,'label'," r ".label," \
	"'term_start'," r ".term_start,'term_years'," r ".term_years)"
/* Identifiers enter the audit log masked (V2, before sealing), then as
 * presence marks and the ID number's blind index, never values; why this is
 * not the display mask: ops/privacy.h. */
#define PERSON_JSON_V2(r) \
	"json_object('name'," r ".name,'sex'," r ".sex,'birth_date'," r ".birth_date," \
	"'ethnicity'," r ".ethnicity,'education'," r ".education," \
	"'occupation'," r ".occupation," \
	"'id_number',substr(" r ".id_number,1,6)||'********'||substr(" r ".id_number,15)," \
	"'phone',substr(" r ".phone,1,3)||'****'||substr(" r ".phone,-4)," \
	"'address',CASE WHEN " r ".address IS NULL THEN NULL ELSE '***' END," \
	"'org_id'," r ".org_id,'status'," r ".status,'flags'," r ".flags," \
	"'applied'," r ".applied,'activist'," r ".activist,'target'," r ".target," \
	"'admitted'," r ".admitted,'full'," r ".full_date,'exited'," r ".exited)"
#define PERSON_JSON_V3(r) \
	"json_object('name'," r ".name,'sex'," r ".sex,'birth_date'," r ".birth_date," \
	"'ethnicity'," r ".ethnicity,'education'," r ".education," \
	"'occupation'," r ".occupation,'id_bidx',lower(hex(" r ".id_bidx))," \
	"'phone',CASE WHEN " r ".phone_enc IS NULL THEN NULL ELSE '***' END," \
	"'address',CASE WHEN " r ".address_enc IS NULL THEN NULL ELSE '***' END," \
	"'org_id'," r ".org_id,'status'," r ".status,'flags'," r ".flags," \
	"'applied'," r ".applied,'activist'," r ".activist,'target'," r ".target," \
	"'admitted'," r ".admitted,'full'," r ".full_date,'exited'," r ".exited)"
/* From migration 7 the three identifiers are one sealed value, whose first
 * byte (clear, authenticated) says which of them are present: 1 ID number,
 * 2 phone, 4 address. */
#define PII_HAS(r, bit) \
	"(unicode(CAST(substr(" r ".pii, 1, 1) AS TEXT)) & " bit ")"
#define PERSON_JSON_V4(r) \
	"json_object('name'," r ".name,'sex'," r ".sex,'birth_date'," r ".birth_date," \
	"'ethnicity'," r ".ethnicity,'education'," r ".education," \
	"'occupation'," r ".occupation,'id_bidx',lower(hex(" r ".id_bidx))," \
	"'phone',CASE WHEN " PII_HAS(r, "2") " THEN '***' END," \
	"'address',CASE WHEN " PII_HAS(r, "4") " THEN '***' END," \
	"'org_id'," r ".org_id,'status'," r ".status,'flags'," r ".flags," \
	"'applied'," r ".applied,'activist'," r ".activist,'target'," r ".target," \
	"'admitted'," r ".admitted,'full'," r ".full_date,'exited'," r ".exited)"
#define USER_JSON(r) \
	"json_object('login'," r ".login,'role'," r ".role," \
	"'scope_org_id'," r ".scope_org_id,'person_id'," r ".person_id," \
	"'disabled'," r ".disabled,'totp'," r ".totp IS NOT NULL," \
	"'pw_changed_at'," r ".pw_changed_at)"

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

	/* 2: users and sessions; the audit log of every write and the access
	 * log of reads, both append-only and hash-chained (audit-store.c);
	 * triggers that audit each row change of orgs, persons and users in
	 * the writing transaction (ow_audit(), registered by audit-store.c). */
	"CREATE TABLE users("
	" id INTEGER PRIMARY KEY,"
	" login TEXT NOT NULL UNIQUE,"
	" pwhash TEXT NOT NULL,"
	" role TEXT NOT NULL,"
	" scope_org_id INTEGER REFERENCES orgs(id),"
	" person_id INTEGER REFERENCES persons(id),"
	" totp BLOB,"
	" disabled INTEGER NOT NULL DEFAULT 0,"
	" pw_changed_at TEXT,"
	" created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))"
	");"
	"CREATE TABLE sessions("
	" hash BLOB PRIMARY KEY,"
	" user_id INTEGER NOT NULL REFERENCES users(id),"
	" csrf TEXT NOT NULL,"
	" created INTEGER NOT NULL,"
	" seen INTEGER NOT NULL,"
	" ip TEXT"
	") WITHOUT ROWID;"
	"CREATE INDEX sessions_user ON sessions(user_id);"
	"CREATE TABLE audit_log("
	" id INTEGER PRIMARY KEY,"
	" at TEXT NOT NULL,"
	" actor TEXT NOT NULL,"
	" action TEXT NOT NULL,"
	" object TEXT NOT NULL,"
	" before TEXT,"
	" after TEXT,"
	" hash BLOB NOT NULL"
	");"
	"CREATE TABLE access_log("
	" id INTEGER PRIMARY KEY,"
	" at TEXT NOT NULL,"
	" actor TEXT NOT NULL,"
	" action TEXT NOT NULL,"
	" object TEXT NOT NULL,"
	" before TEXT,"
	" after TEXT,"
	" hash BLOB NOT NULL"
	");"
	APPEND_ONLY("audit_log")
	APPEND_ONLY("access_log")
	AUDIT_TRIGGERS("orgs", "org", ORG_JSON("NEW"), ORG_JSON("OLD"))
	AUDIT_TRIGGERS("persons", "person", PERSON_JSON_V2("NEW"), PERSON_JSON_V2("OLD"))
	AUDIT_TRIGGERS("users", "user", USER_JSON("NEW"), USER_JSON("OLD")),

	/* 3: citizen ID, phone and address encrypted at rest (XChaCha20-Poly1305
	 * under the key file's key, bound to the column name), with a keyed blind
	 * index of the ID number for lookups and uniqueness; the clear-text
	 * columns are emptied. The persons audit triggers record the blind index
	 * and '***' instead of the values. */
	"ALTER TABLE persons ADD COLUMN id_enc BLOB;"
	"ALTER TABLE persons ADD COLUMN phone_enc BLOB;"
	"ALTER TABLE persons ADD COLUMN address_enc BLOB;"
	"ALTER TABLE persons ADD COLUMN id_bidx BLOB;"
	"DROP TRIGGER persons_audit_insert;"
	"DROP TRIGGER persons_audit_update;"
	"DROP TRIGGER persons_audit_delete;"
	"UPDATE persons SET id_enc = ow_seal('id', id_number), id_bidx = ow_bidx(id_number),"
	" phone_enc = ow_seal('phone', phone), address_enc = ow_seal('address', address),"
	" id_number = NULL, phone = NULL, address = NULL;"
	"CREATE UNIQUE INDEX persons_id_bidx ON persons(id_bidx);"
	"SELECT ow_audit('db.migrate', 'persons', NULL,"
	" json_object('encrypted', (SELECT count(*) FROM persons)));"
	AUDIT_TRIGGERS("persons", "person", PERSON_JSON_V3("NEW"), PERSON_JSON_V3("OLD")),

	/* 4: the change counter of the statistics engine: one row, bumped by
	 * every row change of orgs and persons (store/change-store.h), so that
	 * a server notices writes made by another process. */
	"CREATE TABLE change_counter("
	" id INTEGER PRIMARY KEY CHECK (id = 1),"
	" n INTEGER NOT NULL"
	");"
	"INSERT INTO change_counter(id, n) VALUES (1, 0);"
	CHANGE_TRIGGERS("orgs")
	CHANGE_TRIGGERS("persons"),

	/* 5: the organization tree stamp: one row, a new random value whenever
	 * an organization is inserted, deleted or re-parented, in the writing
	 * transaction; the ancestry cache of org-store.c is valid only under
	 * the stamp it was filled with. */
	"CREATE TABLE org_tree_stamp("
	" id INTEGER PRIMARY KEY CHECK (id = 1),"
	" stamp INTEGER NOT NULL"
	");"
	"INSERT INTO org_tree_stamp(id, stamp) VALUES (1, random());"
	"CREATE TRIGGER orgs_tree_insert AFTER INSERT ON orgs BEGIN"
	" UPDATE org_tree_stamp SET stamp = random() WHERE id = 1; END;"
	"CREATE TRIGGER orgs_tree_update AFTER UPDATE OF id, parent_id ON orgs"
	" WHEN OLD.id IS NOT NEW.id OR OLD.parent_id IS NOT NEW.parent_id BEGIN"
	" UPDATE org_tree_stamp SET stamp = random() WHERE id = 1; END;"
	"CREATE TRIGGER orgs_tree_delete AFTER DELETE ON orgs BEGIN"
	" UPDATE org_tree_stamp SET stamp = random() WHERE id = 1; END;",

	/* 6: the two keys of persons live in tables of their own instead of
	 * indexes: person_ids (blind index of the ID number -> person, unique)
	 * and person_order (organization, pinyin sort key, person: lists of an
	 * organization in pinyin order). Triggers keep them in step with every
	 * insert, update and delete of persons; a bulk load (bulk-store.c) sets
	 * the insert trigger aside and appends its keys in key order, which an
	 * index could only get by a sort of the whole table. The unused index
	 * on the emptied clear-text id_number (migration 3) goes. */
	"DROP INDEX persons_id_number;"
	"DROP INDEX persons_id_bidx;"
	"DROP INDEX persons_org;"
	"CREATE TABLE person_ids("
	" bidx BLOB PRIMARY KEY,"
	" person_id INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE person_order("
	" org_id INTEGER NOT NULL,"
	" sort_key BLOB NOT NULL,"
	" person_id INTEGER NOT NULL,"
	" PRIMARY KEY(org_id, sort_key, person_id)"
	") WITHOUT ROWID;"
	"INSERT INTO person_ids SELECT id_bidx, id FROM persons"
	" WHERE id_bidx IS NOT NULL ORDER BY id_bidx;"
	"INSERT INTO person_order SELECT org_id, sort_key, id FROM persons"
	" WHERE org_id IS NOT NULL ORDER BY org_id, sort_key, id;"
	"CREATE TRIGGER persons_keys_insert AFTER INSERT ON persons BEGIN"
	" INSERT INTO person_ids SELECT NEW.id_bidx, NEW.id WHERE NEW.id_bidx IS NOT NULL;"
	" INSERT INTO person_order SELECT NEW.org_id, NEW.sort_key, NEW.id"
	" WHERE NEW.org_id IS NOT NULL; END;"
	"CREATE TRIGGER persons_keys_ids AFTER UPDATE OF id_bidx ON persons"
	" WHEN OLD.id_bidx IS NOT NEW.id_bidx BEGIN"
	" DELETE FROM person_ids WHERE bidx = OLD.id_bidx AND person_id = OLD.id;"
	" INSERT INTO person_ids SELECT NEW.id_bidx, NEW.id WHERE NEW.id_bidx IS NOT NULL; END;"
	"CREATE TRIGGER persons_keys_order AFTER UPDATE OF org_id, sort_key ON persons"
	" WHEN OLD.org_id IS NOT NEW.org_id OR OLD.sort_key IS NOT NEW.sort_key BEGIN"
	" DELETE FROM person_order WHERE org_id = OLD.org_id AND sort_key = OLD.sort_key"
	" AND person_id = OLD.id;"
	" INSERT INTO person_order SELECT NEW.org_id, NEW.sort_key, NEW.id"
	" WHERE NEW.org_id IS NOT NULL; END;"
	"CREATE TRIGGER persons_keys_delete AFTER DELETE ON persons BEGIN"
	" DELETE FROM person_ids WHERE bidx = OLD.id_bidx AND person_id = OLD.id;"
	" DELETE FROM person_order WHERE org_id = OLD.org_id AND sort_key = OLD.sort_key"
	" AND person_id = OLD.id; END;",

	/* 7: ID number, phone and address sealed together as one value (pii:
	 * presence byte, nonce, ciphertext of "id NUL phone NUL address", tag)
	 * instead of three, each with its own nonce and tag: 80 bytes less per
	 * row and one AEAD operation instead of three per write. The three
	 * columns of migration 3 are emptied; the audit triggers read presence
	 * from the first byte. */
	"DROP TRIGGER persons_audit_insert;"
	"DROP TRIGGER persons_audit_update;"
	"DROP TRIGGER persons_audit_delete;"
	"ALTER TABLE persons ADD COLUMN pii BLOB;"
	"UPDATE persons SET pii = ow_seal_pii(ow_open('id', id_enc), ow_open('phone', phone_enc),"
	" ow_open('address', address_enc)), id_enc = NULL, phone_enc = NULL, address_enc = NULL"
	" WHERE id_enc IS NOT NULL OR phone_enc IS NOT NULL OR address_enc IS NOT NULL;"
	"SELECT ow_audit('db.migrate', 'persons', NULL,"
	" json_object('resealed', (SELECT count(*) FROM persons WHERE pii IS NOT NULL)));"
	AUDIT_TRIGGERS("persons", "person", PERSON_JSON_V4("NEW"), PERSON_JSON_V4("OLD")),

	/* 8: the versions of an organization's children found by the parent
	 * (the tree "as of" a date asked for one parent's children by
	 * scanning every organization) */
	"CREATE INDEX IF NOT EXISTS org_versions_parent ON org_versions(parent_id);",
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

int db_pii_seal(const char *id_number, const char *phone, const char *address,
		unsigned char out[DB_PII_MAX], size_t *len, struct error *err)
{
	const char *f[3] = { id_number ? id_number : "", phone ? phone : "",
			     address ? address : "" };
	const size_t cap[3] = { IDCARD_SIZE, PERSON_PHONE_SIZE, PERSON_ADDRESS_SIZE };
	static const char *const names[3] = { "id_number", "phone", "address" };
	char plain[IDCARD_SIZE + PERSON_PHONE_SIZE + PERSON_ADDRESS_SIZE];
	char ad[8];
	size_t n = 0, got;
	unsigned presence = 0;

	*len = 0;
	for (int k = 0; k < 3; k++) {
		size_t l = strlen(f[k]);
		if (l >= cap[k])
			return error_set(err, ST_INVALID, names[k], "%s is too long", names[k]);
		if (l)
			presence |= 1u << k;
		if (k)
			plain[n++] = '\0';
		memcpy(plain + n, f[k], l);
		n += l;
	}
	if (!presence)
		return ST_OK;
	/* the presence byte is bound to the ciphertext as associated data */
	memcpy(ad, "pii", 3);
	ad[3] = (char)('0' + presence);
	ad[4] = '\0';
	out[0] = (unsigned char)presence;
	if (pii_seal(ad, plain, n, out + 1, &got))
		return error_set(err, ST_INTERNAL, "key", "no data key loaded");
	*len = got + 1;
	return ST_OK;
}

int db_pii_open(const unsigned char *b, size_t n, char *id_number, size_t id_size,
		char *phone, size_t phone_size, char *address, size_t address_size)
{
	char plain[IDCARD_SIZE + PERSON_PHONE_SIZE + PERSON_ADDRESS_SIZE + 1];
	char *out[3] = { id_number, phone, address };
	const size_t size[3] = { id_size, phone_size, address_size };
	char ad[8];
	const char *p = plain;

	for (int k = 0; k < 3; k++)
		if (out[k])
			out[k][0] = '\0';
	if (!b || !n)
		return ST_OK;
	if (n < 1 + CRYPTO_SEAL_OVERHEAD || !b[0] || b[0] > 7)
		return ST_INVALID;
	memcpy(ad, "pii", 3);
	ad[3] = (char)('0' + b[0]);
	ad[4] = '\0';
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

int db_bind_pii(sqlite3_stmt *st, int i_pii, int i_bidx, const char *id_number,
		const char *phone, const char *address, struct error *err)
{
	unsigned char buf[DB_PII_MAX];
	size_t len;
	int rc;

	if ((rc = db_pii_seal(id_number, phone, address, buf, &len, err)))
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

int db_col_pii(sqlite3_stmt *st, int col, char *id_number, size_t id_size,
	       char *phone, size_t phone_size, char *address, size_t address_size)
{
	const unsigned char *b = sqlite3_column_blob(st, col);
	int n = sqlite3_column_bytes(st, col);
	int rc = db_pii_open(b, n > 0 ? (size_t)n : 0, id_number, id_size, phone,
			     phone_size, address, address_size);

	if (rc) {
		char *out[3] = { id_number, phone, address };
		for (int k = 0; k < 3; k++)
			if (out[k])
				out[k][0] = '\0';
	}
	return rc;
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
	if (db_pii_seal((const char *)sqlite3_value_text(argv[0]),
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
 * Loads the process-wide data key (core/crypto.h) from the key file of the
 * database. A new database (schema version 0) opened for creation receives a
 * new key file; an existing one must have its key, or its personal data
 * could not be read (and new data would be sealed under a different key).
 */
static int open_key(struct db *db, enum db_open_mode mode, int version,
		    struct error *err)
{
	char path[4096];
	struct passwd *pw = getpwuid(getuid());
	int rc;

	snprintf(db->actor, sizeof(db->actor), "local:%s", pw ? pw->pw_name : "unknown");
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
	int rc = ST_OK, v = 0;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

	pthread_once(&sqlite_once, sqlite_setup);
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
	/* a new database is made with 8 KiB pages (a person's row with its sealed
	 * identifiers and keys is a few hundred bytes: fewer, fuller pages
	 * make a bulk import about a tenth cheaper); an existing file keeps
	 * the size it was made with (the pragma does nothing there) */
	if (mode == DB_OPEN_CREATE && (rc = exec(db, "PRAGMA page_size=8192;", err)))
		goto out;
	if ((rc = exec(db, "PRAGMA journal_mode=WAL;"
			   "PRAGMA synchronous=FULL;"
			   "PRAGMA foreign_keys=ON;"
			   "PRAGMA temp_store=MEMORY;"
			   "PRAGMA cache_size=-65536;"
			   /* reads straight from the page cache, no copy per page
			    * (SQLite caps it at its build's limit, 2 GiB on Debian;
			    * the rest of a larger file is read as usual) */
			   "PRAGMA mmap_size=1099511627776;", err)))
		goto out;
	if ((rc = user_version(db, &v)))
		goto out;
	if (mode != DB_OPEN_CREATE) {
		if (v == 0)
			rc = error_set(err, ST_INVALID, "db",
				       "%s is not an orgwork database (run 'orgwork --db %s init')",
				       path, path);
		else if (v != NR_MIGRATIONS)
			rc = error_set(err, ST_UNSUPPORTED, "db",
				       "%s has schema version %d, this orgwork needs %d (run 'orgwork init' to migrate)",
				       path, v, NR_MIGRATIONS);
		if (rc)
			goto out;
	}
	if ((rc = open_key(db, mode, v, err)))
		goto out;
	audit_store_install(db);
	bulk_vtab_register(db->sql);
	sqlite3_create_function(db->sql, "ow_seal", 2, SQLITE_UTF8 | SQLITE_INNOCUOUS,
				NULL, ow_seal_fn, NULL, NULL);
	sqlite3_create_function(db->sql, "ow_bidx", 1, SQLITE_UTF8 | SQLITE_INNOCUOUS,
				NULL, ow_bidx_fn, NULL, NULL);
	sqlite3_create_function(db->sql, "ow_open", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY,
				NULL, ow_open_fn, NULL, NULL);
	sqlite3_create_function(db->sql, "ow_seal_pii", 3, SQLITE_UTF8 | SQLITE_INNOCUOUS,
				NULL, ow_seal_pii_fn, NULL, NULL);
	if (mode == DB_OPEN_CREATE)
		rc = migrate(db, err);
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
