/*
 * migrations.c - the schema: the numbered migrations (DDL, audit and change
 * triggers), the schema version, and running the pending migrations.
 *
 * Migrations are numbered: migrations[i] brings user_version from i to i+1.
 * They only ever get appended. Table-family SQL (orgs, persons, ...) lives in
 * the store file of that family; only the DDL is here. Not for opening the
 * connection (db.c) nor for sealing personal data (pii.c), though migrations
 * 3 and 7 call its SQL functions. Also here, because they must follow the
 * migrations exactly: the check of a database's schema against the one the
 * migrations make (db_schema_check), and the check that every audited row's
 * content is what its last audit row recorded (audit_store_coverage), which
 * uses the same JSON as the audit triggers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "store/audit-store.h"
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
/* A request of ops/users.h: the asked state, never the password hash. */
#define USER_REQUEST_JSON(r) \
	"json_object('kind'," r ".kind,'user_id'," r ".user_id," \
	"'requested_by'," r ".requested_by,'role'," r ".role," \
	"'scope_org_id'," r ".scope_org_id,'person_id'," r ".person_id," \
	"'disabled'," r ".disabled,'password'," r ".pwhash IS NOT NULL," \
	"'state'," r ".state,'decided_by'," r ".decided_by,'reason'," r ".reason)"
/* A development step (store/development-store.c), its fields as JSON. */
#define DEV_STEP_JSON(r) \
	"json_object('person_id'," r ".person_id,'step'," r ".step,'date'," r ".date," \
	"'fields',json(" r ".fields),'late'," r ".late,'recorded_by'," r ".recorded_by)"
/* A standing or discipline record (migration 16), as its audit rows hold it. */
#define STANDING_JSON(r) \
	"json_object('person_id'," r ".person_id,'kind'," r ".kind," \
	"'start_date'," r ".start_date,'end_date'," r ".end_date,'years'," r ".years," \
	"'reference'," r ".reference,'by_org_id'," r ".by_org_id," \
	"'host_org_id'," r ".host_org_id,'detail'," r ".detail,'end_note'," r ".end_note," \
	"'actor'," r ".actor)"
/* A period of a member's organization and a transfer (migration 17). */
#define MEMBER_ORG_JSON(r) \
	"json_object('person_id'," r ".person_id,'org_id'," r ".org_id," \
	"'valid_from'," r ".valid_from,'valid_to'," r ".valid_to,'reason'," r ".reason," \
	"'transfer_id'," r ".transfer_id)"
#define TRANSFER_JSON(r) \
	"json_object('person_id'," r ".person_id,'from_org_id'," r ".from_org_id," \
	"'to_org_id'," r ".to_org_id,'letter_no'," r ".letter_no,'issued'," r ".issued," \
	"'valid_until'," r ".valid_until,'status'," r ".status,'received'," r ".received," \
	"'received_org_id'," r ".received_org_id,'returned'," r ".returned," \
	"'return_reason'," r ".return_reason,'actor'," r ".actor)"
/* Change counter triggers: +1 per row change (migration 4). */
#define CHANGE_TRIGGERS(t) \
	"CREATE TRIGGER " t "_change_insert AFTER INSERT ON " t " BEGIN" \
	" UPDATE change_counter SET n = n + 1 WHERE id = 1; END;" \
	"CREATE TRIGGER " t "_change_update AFTER UPDATE ON " t " BEGIN" \
	" UPDATE change_counter SET n = n + 1 WHERE id = 1; END;" \
	"CREATE TRIGGER " t "_change_delete AFTER DELETE ON " t " BEGIN" \
	" UPDATE change_counter SET n = n + 1 WHERE id = 1; END;"
/* The same, for a migration that may run again (IF NOT EXISTS). */
#define CHANGE_TRIGGERS_IF_NEW(t) \
	"CREATE TRIGGER IF NOT EXISTS " t "_change_insert AFTER INSERT ON " t " BEGIN" \
	" UPDATE change_counter SET n = n + 1 WHERE id = 1; END;" \
	"CREATE TRIGGER IF NOT EXISTS " t "_change_update AFTER UPDATE ON " t " BEGIN" \
	" UPDATE change_counter SET n = n + 1 WHERE id = 1; END;" \
	"CREATE TRIGGER IF NOT EXISTS " t "_change_delete AFTER DELETE ON " t " BEGIN" \
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

	/* 9: failed logins per (login name, client address) and per address
	 * (login ''), kept in the database so that a lock survives a restart
	 * and holds across server processes (ops/users.c) */
	"CREATE TABLE IF NOT EXISTS login_throttle ("
	" login TEXT NOT NULL, ip TEXT NOT NULL,"
	" fails INTEGER NOT NULL, until_at INTEGER NOT NULL, last_at INTEGER NOT NULL,"
	" UNIQUE(login, ip));"
	"CREATE INDEX IF NOT EXISTS login_throttle_last ON login_throttle(last_at);",
	/* 10: separation of duties: changes of accounts that hold member data,
	 * requested by a system administrator, wait in user_requests until a
	 * security administrator decides them (ops/users.h); every row change
	 * is audited. user_totp_exempt lists accounts made without a second
	 * factor in demo mode (ORGWORK_INSECURE_DEMO=1); existing administrators
	 * without TOTP were made that way. Re-runnable (IF NOT EXISTS). */
	"CREATE TABLE IF NOT EXISTS user_totp_exempt("
	" user_id INTEGER PRIMARY KEY REFERENCES users(id));"
	"INSERT OR IGNORE INTO user_totp_exempt(user_id) SELECT id FROM users"
	" WHERE totp IS NULL AND role IN ('sysadmin', 'secadmin');"
	"CREATE TABLE IF NOT EXISTS user_requests("
	" id INTEGER PRIMARY KEY,"
	" kind TEXT NOT NULL CHECK (kind IN ('create', 'change', 'password')),"
	" user_id INTEGER NOT NULL REFERENCES users(id),"
	" requested_by INTEGER NOT NULL REFERENCES users(id),"
	" requested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
	" role TEXT NOT NULL,"
	" scope_org_id INTEGER REFERENCES orgs(id),"
	" person_id INTEGER REFERENCES persons(id),"
	" disabled INTEGER NOT NULL DEFAULT 0,"
	" pwhash TEXT,"
	" state TEXT NOT NULL DEFAULT 'pending'"
	"  CHECK (state IN ('pending', 'approved', 'rejected')),"
	" decided_by INTEGER REFERENCES users(id),"
	" decided_at TEXT,"
	" reason TEXT"
	");"
	"CREATE UNIQUE INDEX IF NOT EXISTS user_requests_pending ON user_requests(user_id)"
	" WHERE state = 'pending';"
	"DROP TRIGGER IF EXISTS user_requests_no_delete;"
	"DROP TRIGGER IF EXISTS user_requests_audit_insert;"
	"DROP TRIGGER IF EXISTS user_requests_audit_update;"
	"DROP TRIGGER IF EXISTS user_requests_audit_delete;"
	"CREATE TRIGGER user_requests_no_delete BEFORE DELETE ON user_requests"
	" BEGIN SELECT RAISE(ABORT, 'user_requests are kept'); END;"
	AUDIT_TRIGGERS("user_requests", "user_request", USER_REQUEST_JSON("NEW"),
		       USER_REQUEST_JSON("OLD")),
	/* 11: the installation's overrides of catalogue rules (model/rules.h),
	 * append-only, each insert audited with its value, day and reason
	 * (IF NOT EXISTS: a database set back to an older version reruns it) */
	"CREATE TABLE IF NOT EXISTS rule_overrides ("
	" id INTEGER PRIMARY KEY,"
	" key TEXT NOT NULL,"
	" value TEXT NOT NULL,"
	" applies_from TEXT NOT NULL,"
	" reason TEXT NOT NULL,"
	" actor TEXT NOT NULL,"
	" created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
	"CREATE INDEX IF NOT EXISTS rule_overrides_key ON rule_overrides(key, applies_from);"
	"CREATE TRIGGER IF NOT EXISTS rule_overrides_no_update BEFORE UPDATE ON rule_overrides"
	" BEGIN SELECT RAISE(ABORT, 'rule_overrides is append-only'); END;"
	"CREATE TRIGGER IF NOT EXISTS rule_overrides_no_delete BEFORE DELETE ON rule_overrides"
	" BEGIN SELECT RAISE(ABORT, 'rule_overrides is append-only'); END;"
	"CREATE TRIGGER IF NOT EXISTS rule_overrides_audit_insert AFTER INSERT ON rule_overrides"
	" BEGIN SELECT ow_audit('rule.insert', 'rule/' || NEW.id, NULL,"
	" json_object('key',NEW.key,'value',NEW.value,'applies_from',NEW.applies_from,"
	"'reason',NEW.reason,'actor',NEW.actor)); END;"
	/* members of a temporary organization, beside their formal branch */
	"CREATE TABLE IF NOT EXISTS temp_memberships ("
	" id INTEGER PRIMARY KEY,"
	" org_id INTEGER NOT NULL REFERENCES orgs(id),"
	" person_id INTEGER NOT NULL REFERENCES persons(id),"
	" joined TEXT NOT NULL,"
	" UNIQUE(org_id, person_id));"
	"CREATE TRIGGER IF NOT EXISTS temp_memberships_audit_insert AFTER INSERT ON temp_memberships"
	" BEGIN SELECT ow_audit('temp_membership.insert', 'org/' || NEW.org_id, NULL,"
	" json_object('person_id',NEW.person_id,'joined',NEW.joined)); END;",
	/* 12: the key check value (which data key the database was made with,
	 * compared by db_open before anything is read or written) and sealed
	 * personal data bound to its row: each pii value is opened and sealed
	 * again with "pii<presence>:persons:<id>" as associated data. One
	 * transaction with the version bump, so a killed run leaves the old
	 * format whole; a value already bound is kept (ow_reseal_pii), and a
	 * value that does not open (wrong key file) fails the migration. One
	 * summary audit row instead of one per person. */
	"CREATE TABLE IF NOT EXISTS key_check("
	" id INTEGER PRIMARY KEY CHECK (id = 1),"
	" kcv BLOB NOT NULL);"
	"SELECT ow_audit_rows(0);"
	"UPDATE persons SET pii = ow_reseal_pii(id, pii) WHERE pii IS NOT NULL;"
	"SELECT ow_audit_rows(1);"
	"INSERT OR REPLACE INTO key_check(id, kcv) VALUES(1, ow_key_check());"
	"SELECT ow_audit('db.migrate', 'persons', NULL,"
	" json_object('bound_to_row', (SELECT count(*) FROM persons WHERE pii IS NOT NULL)));",
	/* 13: the members' transfers in order of person and day, which the
	 * statistics engine reads as the history of where each member was
	 * (store/stats-source.c stats_source_history), without a pass over
	 * every other event */
	"CREATE INDEX IF NOT EXISTS member_events_transfer ON member_events(person_id, date)"
	" WHERE kind = 'transfer';",
	/* 14: the installation's dates of the working-day calendar
	 * (model/calendar.h): holidays and working days beyond or over the
	 * shipped ones, append-only (the latest row of a date wins), each
	 * insert audited with its date, kind, source and actor */
	"CREATE TABLE IF NOT EXISTS calendar_days ("
	" id INTEGER PRIMARY KEY,"
	" date TEXT NOT NULL,"
	" kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),"
	" source TEXT NOT NULL,"
	" actor TEXT NOT NULL,"
	" created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
	"CREATE INDEX IF NOT EXISTS calendar_days_date ON calendar_days(date, id);"
	"CREATE TRIGGER IF NOT EXISTS calendar_days_no_update BEFORE UPDATE ON calendar_days"
	" BEGIN SELECT RAISE(ABORT, 'calendar_days is append-only'); END;"
	"CREATE TRIGGER IF NOT EXISTS calendar_days_no_delete BEFORE DELETE ON calendar_days"
	" BEGIN SELECT RAISE(ABORT, 'calendar_days is append-only'); END;"
	"CREATE TRIGGER IF NOT EXISTS calendar_days_audit_insert AFTER INSERT ON calendar_days"
	" BEGIN SELECT ow_audit('calendar_day.insert', 'calendar_day/' || NEW.id, NULL,"
	" json_object('date',NEW.date,'kind',NEW.kind,'source',NEW.source,"
	"'actor',NEW.actor)); END;",
	/* 15: the recorded steps of members' development (model/development.h),
	 * their fields a JSON object of at most 2048 bytes; never deleted,
	 * every insert and update audited */
	"CREATE TABLE IF NOT EXISTS dev_steps("
	" id INTEGER PRIMARY KEY,"
	" person_id INTEGER NOT NULL REFERENCES persons(id),"
	" step TEXT NOT NULL,"
	" date TEXT NOT NULL,"
	" fields TEXT NOT NULL DEFAULT '{}' CHECK (length(fields) <= 2048 AND json_valid(fields)),"
	" late INTEGER NOT NULL DEFAULT 0,"
	" recorded_by TEXT NOT NULL,"
	" recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
	"CREATE INDEX IF NOT EXISTS dev_steps_person ON dev_steps(person_id, date, id);"
	"CREATE TRIGGER IF NOT EXISTS dev_steps_no_delete BEFORE DELETE ON dev_steps"
	" BEGIN SELECT RAISE(ABORT, 'dev_steps rows are never deleted'); END;"
	"CREATE TRIGGER IF NOT EXISTS dev_steps_audit_insert AFTER INSERT ON dev_steps"
	" BEGIN SELECT ow_audit('dev_step.insert', 'dev_step/' || NEW.id, NULL, " DEV_STEP_JSON("NEW") "); END;"
	"CREATE TRIGGER IF NOT EXISTS dev_steps_audit_update AFTER UPDATE ON dev_steps"
	" BEGIN SELECT ow_audit('dev_step.update', 'dev_step/' || NEW.id, " DEV_STEP_JSON("OLD")
	", " DEV_STEP_JSON("NEW") "); END;",
	/* 16: members' standing and discipline (ops/standing-ops.h): one dated
	 * record per lost contact, floating membership, stopped party standing
	 * and disciplinary sanction, ended (end_date) when the rules say; the
	 * person's flags are derived from them on write. Never deleted; each
	 * insert and update audited with the whole record. */
	"CREATE TABLE IF NOT EXISTS standing_records ("
	" id INTEGER PRIMARY KEY,"
	" person_id INTEGER NOT NULL REFERENCES persons(id),"
	" kind TEXT NOT NULL CHECK (kind IN ('lost_contact', 'floating', 'stopped',"
	"  'warning', 'serious_warning', 'removal', 'probation', 'expulsion')),"
	" start_date TEXT NOT NULL,"
	" end_date TEXT,"
	" years INTEGER,"
	" reference TEXT,"
	" by_org_id INTEGER REFERENCES orgs(id),"
	" host_org_id INTEGER REFERENCES orgs(id),"
	" detail TEXT,"
	" end_note TEXT,"
	" actor TEXT NOT NULL,"
	" created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
	"CREATE INDEX IF NOT EXISTS standing_records_person ON standing_records(person_id, kind, start_date);"
	"CREATE INDEX IF NOT EXISTS standing_records_kind ON standing_records(kind, start_date)"
	" WHERE kind IN ('stopped', 'probation');"
	"CREATE TRIGGER IF NOT EXISTS standing_records_no_delete BEFORE DELETE ON standing_records"
	" BEGIN SELECT RAISE(ABORT, 'standing_records are kept'); END;"
	/* (IF NOT EXISTS and the drops: a database set back to an older version reruns it) */
	"DROP TRIGGER IF EXISTS standing_records_audit_insert;"
	"DROP TRIGGER IF EXISTS standing_records_audit_update;"
	"DROP TRIGGER IF EXISTS standing_records_audit_delete;"
	AUDIT_TRIGGERS("standing_records", "standing", STANDING_JSON("NEW"), STANDING_JSON("OLD")),
	/* 17: where each member's formal
	 * relationship was, by date, and the transfers of it.
	 * member_orgs holds one period per organization a person belonged to
	 * (valid_from NULL: since the record began; valid_to NULL: still there;
	 * reason: recorded, edit, merge, transfer), written in the transaction
	 * of every change of a person's organization (ops/member-ops.c); a
	 * person without rows has always been where the record says. The
	 * periods of the transfers recorded before it come from the transfer
	 * events. transfers: the introduction letters (ops/transfer-ops.h), at
	 * most one in transit per person; never deleted, audited whole. */
	"CREATE TABLE IF NOT EXISTS member_orgs ("
	" id INTEGER PRIMARY KEY,"
	" person_id INTEGER NOT NULL REFERENCES persons(id),"
	" org_id INTEGER NOT NULL REFERENCES orgs(id),"
	" valid_from TEXT,"
	" valid_to TEXT,"
	" reason TEXT NOT NULL CHECK (reason IN ('recorded', 'edit', 'merge', 'transfer')),"
	" transfer_id INTEGER);"
	"CREATE INDEX IF NOT EXISTS member_orgs_person ON member_orgs(person_id, valid_from);"
	"CREATE INDEX IF NOT EXISTS member_orgs_org ON member_orgs(org_id, valid_from);"
	"CREATE TRIGGER IF NOT EXISTS member_orgs_no_delete BEFORE DELETE ON member_orgs"
	" BEGIN SELECT RAISE(ABORT, 'member_orgs rows are kept'); END;"
	"INSERT INTO member_orgs(person_id, org_id, valid_from, valid_to, reason)"
	" SELECT person_id, f, NULL, date, 'recorded' FROM ("
	"  SELECT person_id, date, CAST(json_extract(detail, '$.org.from') AS INTEGER) AS f,"
	"  row_number() OVER (PARTITION BY person_id ORDER BY date, id) AS k"
	"  FROM member_events WHERE kind = 'transfer' AND json_valid(detail))"
	" WHERE k = 1 AND f IN (SELECT id FROM orgs)"
	" AND NOT EXISTS (SELECT 1 FROM member_orgs);"
	"INSERT INTO member_orgs(person_id, org_id, valid_from, valid_to, reason)"
	" SELECT person_id, t, date, n, 'edit' FROM ("
	"  SELECT person_id, date, CAST(json_extract(detail, '$.org.to') AS INTEGER) AS t,"
	"  lead(date) OVER (PARTITION BY person_id ORDER BY date, id) AS n"
	"  FROM member_events WHERE kind = 'transfer' AND json_valid(detail))"
	" WHERE t IN (SELECT id FROM orgs)"
	" AND NOT EXISTS (SELECT 1 FROM member_orgs WHERE reason <> 'recorded');"
	"CREATE TABLE IF NOT EXISTS transfers ("
	" id INTEGER PRIMARY KEY,"
	" person_id INTEGER NOT NULL REFERENCES persons(id),"
	" from_org_id INTEGER NOT NULL REFERENCES orgs(id),"
	" to_org_id INTEGER NOT NULL REFERENCES orgs(id),"
	" letter_no TEXT NOT NULL,"
	" issued TEXT NOT NULL,"
	" valid_until TEXT NOT NULL,"
	" status TEXT NOT NULL CHECK (status IN ('in_transit', 'received', 'returned')),"
	" received TEXT,"
	" received_org_id INTEGER REFERENCES orgs(id),"
	" returned TEXT,"
	" return_reason TEXT,"
	" actor TEXT NOT NULL,"
	" created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
	" UNIQUE(from_org_id, letter_no));"
	"CREATE UNIQUE INDEX IF NOT EXISTS transfers_in_transit ON transfers(person_id)"
	" WHERE status = 'in_transit';"
	"CREATE INDEX IF NOT EXISTS transfers_person ON transfers(person_id, issued);"
	"CREATE INDEX IF NOT EXISTS transfers_to ON transfers(to_org_id, status);"
	"CREATE INDEX IF NOT EXISTS transfers_received_org ON transfers(received_org_id)"
	" WHERE received_org_id IS NOT NULL;"
	"CREATE TRIGGER IF NOT EXISTS transfers_no_delete BEFORE DELETE ON transfers"
	" BEGIN SELECT RAISE(ABORT, 'transfers are kept'); END;"
	"DROP TRIGGER IF EXISTS member_orgs_audit_insert;"
	"DROP TRIGGER IF EXISTS member_orgs_audit_update;"
	"DROP TRIGGER IF EXISTS member_orgs_audit_delete;"
	AUDIT_TRIGGERS("member_orgs", "member_org", MEMBER_ORG_JSON("NEW"), MEMBER_ORG_JSON("OLD"))
	"DROP TRIGGER IF EXISTS transfers_audit_insert;"
	"DROP TRIGGER IF EXISTS transfers_audit_update;"
	"DROP TRIGGER IF EXISTS transfers_audit_delete;"
	AUDIT_TRIGGERS("transfers", "transfer", TRANSFER_JSON("NEW"), TRANSFER_JSON("OLD")),
	/* 18: party dues (ops/dues-ops.h): each member's dues bases (from a
	 * month: category, income or set amount, the monthly amount, the month
	 * of the yearly review), reductions and exemptions with their approval,
	 * monthly payments (one row a month; a payment of several months is one
	 * batch written in one transaction) and special payments. Append-only;
	 * every insert audited. */
	"CREATE TABLE IF NOT EXISTS dues_bases ("
	" id INTEGER PRIMARY KEY,"
	" person_id INTEGER NOT NULL REFERENCES persons(id),"
	" from_month TEXT NOT NULL CHECK (length(from_month) = 7),"
	" category TEXT NOT NULL CHECK (category IN ('salaried', 'retired', 'student',"
	"  'unemployed', 'farmer', 'relief')),"
	" income_fen INTEGER CHECK (income_fen >= 0),"
	" set_fen INTEGER CHECK (set_fen >= 0),"
	" monthly_fen INTEGER NOT NULL CHECK (monthly_fen >= 0),"
	" review_month TEXT NOT NULL,"
	" actor TEXT NOT NULL,"
	" created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
	"CREATE INDEX IF NOT EXISTS dues_bases_person ON dues_bases(person_id, from_month);"
	"CREATE TABLE IF NOT EXISTS dues_reliefs ("
	" id INTEGER PRIMARY KEY,"
	" person_id INTEGER NOT NULL REFERENCES persons(id),"
	" kind TEXT NOT NULL CHECK (kind IN ('reduce', 'exempt')),"
	" from_month TEXT NOT NULL,"
	" to_month TEXT,"
	" monthly_fen INTEGER NOT NULL CHECK (monthly_fen >= 0),"
	" approval TEXT NOT NULL,"
	" approved_date TEXT NOT NULL,"
	" reason TEXT,"
	" actor TEXT NOT NULL,"
	" created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
	"CREATE INDEX IF NOT EXISTS dues_reliefs_person ON dues_reliefs(person_id, from_month);"
	"CREATE TABLE IF NOT EXISTS dues_payments ("
	" id INTEGER PRIMARY KEY,"
	" person_id INTEGER NOT NULL REFERENCES persons(id),"
	" org_id INTEGER NOT NULL REFERENCES orgs(id),"
	" month TEXT NOT NULL,"
	" amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),"
	" paid_date TEXT NOT NULL,"
	" method TEXT,"
	" batch INTEGER NOT NULL,"
	" actor TEXT NOT NULL,"
	" created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
	"CREATE INDEX IF NOT EXISTS dues_payments_person ON dues_payments(person_id, month);"
	"CREATE INDEX IF NOT EXISTS dues_payments_org ON dues_payments(org_id, month);"
	"CREATE INDEX IF NOT EXISTS dues_payments_batch ON dues_payments(batch);"
	"CREATE TABLE IF NOT EXISTS dues_specials ("
	" id INTEGER PRIMARY KEY,"
	" person_id INTEGER NOT NULL REFERENCES persons(id),"
	" org_id INTEGER NOT NULL REFERENCES orgs(id),"
	" amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),"
	" paid_date TEXT NOT NULL,"
	" note TEXT,"
	" actor TEXT NOT NULL,"
	" created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
	"CREATE INDEX IF NOT EXISTS dues_specials_person ON dues_specials(person_id, paid_date);"
	"DROP TRIGGER IF EXISTS dues_bases_no_update; DROP TRIGGER IF EXISTS dues_bases_no_delete;"
	"DROP TRIGGER IF EXISTS dues_reliefs_no_update; DROP TRIGGER IF EXISTS dues_reliefs_no_delete;"
	"DROP TRIGGER IF EXISTS dues_payments_no_update; DROP TRIGGER IF EXISTS dues_payments_no_delete;"
	"DROP TRIGGER IF EXISTS dues_specials_no_update; DROP TRIGGER IF EXISTS dues_specials_no_delete;"
	"DROP TRIGGER IF EXISTS dues_bases_audit_insert; DROP TRIGGER IF EXISTS dues_reliefs_audit_insert;"
	"DROP TRIGGER IF EXISTS dues_payments_audit_insert; DROP TRIGGER IF EXISTS dues_specials_audit_insert;"
	APPEND_ONLY("dues_bases") APPEND_ONLY("dues_reliefs")
	APPEND_ONLY("dues_payments") APPEND_ONLY("dues_specials")
	"CREATE TRIGGER dues_bases_audit_insert AFTER INSERT ON dues_bases BEGIN"
	" SELECT ow_audit('dues_base.insert', 'dues_base/' || NEW.id, NULL, json_object("
	"'person_id',NEW.person_id,'from',NEW.from_month,'category',NEW.category,"
	"'income_fen',NEW.income_fen,'set_fen',NEW.set_fen,'monthly_fen',NEW.monthly_fen,"
	"'review',NEW.review_month,'actor',NEW.actor)); END;"
	"CREATE TRIGGER dues_reliefs_audit_insert AFTER INSERT ON dues_reliefs BEGIN"
	" SELECT ow_audit('dues_relief.insert', 'dues_relief/' || NEW.id, NULL, json_object("
	"'person_id',NEW.person_id,'kind',NEW.kind,'from',NEW.from_month,'to',NEW.to_month,"
	"'monthly_fen',NEW.monthly_fen,'approval',NEW.approval,'approved',NEW.approved_date,"
	"'reason',NEW.reason,'actor',NEW.actor)); END;"
	"CREATE TRIGGER dues_payments_audit_insert AFTER INSERT ON dues_payments BEGIN"
	" SELECT ow_audit('dues_payment.insert', 'dues_payment/' || NEW.id, NULL, json_object("
	"'person_id',NEW.person_id,'org_id',NEW.org_id,'month',NEW.month,"
	"'amount_fen',NEW.amount_fen,'date',NEW.paid_date,'method',NEW.method,"
	"'batch',NEW.batch,'actor',NEW.actor)); END;"
	"CREATE TRIGGER dues_specials_audit_insert AFTER INSERT ON dues_specials BEGIN"
	" SELECT ow_audit('dues_special.insert', 'dues_special/' || NEW.id, NULL, json_object("
	"'person_id',NEW.person_id,'org_id',NEW.org_id,'amount_fen',NEW.amount_fen,"
	"'date',NEW.paid_date,'note',NEW.note,'actor',NEW.actor)); END;",
	/* 19: the change counter also counts the rows of the development steps
	 * and of the standing records, which the statistics engine's track
	 * entries hold (stats/tracks.c): a step written by another process
	 * makes a server rebuild, and a snapshot's stamp covers its tracks */
	CHANGE_TRIGGERS_IF_NEW("dev_steps")
	CHANGE_TRIGGERS_IF_NEW("standing_records"),
};

#define NR_MIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))
int db_schema_version(void)
{
	return NR_MIGRATIONS;
}

int db_user_version(struct db *db, int *v)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db->sql, "PRAGMA user_version", -1, &st, NULL))
		return ST_DB;
	*v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return ST_OK;
}

int db_migrate(struct db *db, struct error *err)
{
	int v, rc;
	char pragma[64];

	if (db_user_version(db, &v))
		return db_sql_error(db, SQLITE_ERROR, err, "reading schema version");
	if (v > NR_MIGRATIONS)
		return error_set(err, ST_UNSUPPORTED, NULL,
				 "database schema version %d is newer than this orgwork (%d)",
				 v, NR_MIGRATIONS);
	for (; v < NR_MIGRATIONS; v++) {
		if ((rc = db_begin(db, err)))
			return rc;
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%d", v + 1);
		rc = db_exec(db, migrations[v], err);
		/* a migration may turn per-row audit rows off; never beyond it */
		audit_store_rows(db, 1);
		if (rc || (rc = db_exec(db, pragma, err)) || (rc = db_commit(db, err))) {
			db_rollback(db);
			return rc;
		}
	}
	return ST_OK;
}

/* ------------------------------------------------------------------ */
/* The expected schema, and the database's against it.                 */

/* Stand-ins for the SQL functions the migrations call: the expected schema
 * is built in an empty database, where they see no rows. */
static void stub_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_null(ctx);
}

/* ow_key_check() writes a NOT NULL column: any blob stands in for it. */
static void stub_blob_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_zeroblob(ctx, 1);
}

struct schema_entry {
	char *type, *name, *sql;
	int seen;
};

struct schema_list {
	struct schema_entry *v;
	size_t nr, alloc;
};

static void schema_list_release(struct schema_list *l)
{
	for (size_t i = 0; i < l->nr; i++) {
		free(l->v[i].type);
		free(l->v[i].name);
		free(l->v[i].sql);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* Tables, indexes, triggers and views of conn, without SQLite's own
 * (sqlite_autoindex_*, sqlite_stat1, sqlite_sequence). */
static int schema_read(sqlite3 *conn, struct schema_list *l)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = sqlite3_prepare_v2(conn,
		"SELECT type, name, coalesce(sql, '') FROM sqlite_master"
		" WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name",
		-1, &st, NULL)) != SQLITE_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ALLOC_GROW(l->v, l->nr + 1, l->alloc);
		l->v[l->nr].type = xstrdup((const char *)sqlite3_column_text(st, 0));
		l->v[l->nr].name = xstrdup((const char *)sqlite3_column_text(st, 1));
		l->v[l->nr].sql = xstrdup((const char *)sqlite3_column_text(st, 2));
		l->v[l->nr].seen = 0;
		l->nr++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The schema migrations 1..version make, built in a private in-memory database. */
static int schema_expected(int version, struct schema_list *l, struct error *err)
{
	/* every SQL function a migration calls (store/pii.c, audit-store.c) */
	static const struct {
		const char *name;
		int nargs;
		void (*fn)(sqlite3_context *, int, sqlite3_value **);
	} stubs[] = { { "ow_audit", 4, stub_fn }, { "ow_seal", 2, stub_fn },
		      { "ow_bidx", 1, stub_fn }, { "ow_open", 2, stub_fn },
		      { "ow_seal_pii", 3, stub_fn }, { "ow_audit_rows", 1, stub_fn },
		      { "ow_reseal_pii", 2, stub_fn }, { "ow_key_check", 0, stub_blob_fn } };
	sqlite3 *mem = NULL;
	char *msg = NULL;
	int rc;

	if (sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK) {
		sqlite3_close(mem);
		return error_set(err, ST_DB, NULL, "building the expected schema: out of memory");
	}
	for (size_t i = 0; i < sizeof(stubs) / sizeof(stubs[0]); i++)
		sqlite3_create_function(mem, stubs[i].name, stubs[i].nargs, SQLITE_UTF8,
					NULL, stubs[i].fn, NULL, NULL);
	for (int v = 0; v < version; v++) {
		if ((rc = sqlite3_exec(mem, migrations[v], NULL, NULL, &msg)) != SQLITE_OK) {
			error_set(err, ST_INTERNAL, NULL, "building the expected schema: migration %d: %s",
				  v + 1, msg ? msg : sqlite3_errstr(rc));
			sqlite3_free(msg);
			sqlite3_close(mem);
			return ST_INTERNAL;
		}
	}
	rc = schema_read(mem, l);
	if (rc != SQLITE_OK)
		error_set(err, ST_INTERNAL, NULL, "reading the expected schema: %s",
			  sqlite3_errmsg(mem));
	sqlite3_close(mem);
	return rc == SQLITE_OK ? ST_OK : ST_INTERNAL;
}

static struct schema_entry *schema_find(struct schema_list *l, const char *type,
					const char *name)
{
	for (size_t i = 0; i < l->nr; i++)
		if (!strcmp(l->v[i].type, type) && !strcmp(l->v[i].name, name))
			return &l->v[i];
	return NULL;
}

int db_schema_check(struct db *db, db_schema_diff_fn fn, void *ctx, int *nr_diffs,
		    struct error *err)
{
	struct schema_list want = { 0 }, have = { 0 };
	int v, rc;

	*nr_diffs = 0;
	if (db_user_version(db, &v))
		return db_sql_error(db, SQLITE_ERROR, err, "reading schema version");
	if (v < 0 || v > NR_MIGRATIONS)
		return error_set(err, ST_UNSUPPORTED, "db",
				 "database schema version %d is not one this orgwork knows", v);
	if ((rc = schema_expected(v, &want, err)))
		goto out;
	if (schema_read(db->sql, &have) != SQLITE_OK) {
		rc = db_sql_error(db, SQLITE_ERROR, err, "reading the schema");
		goto out;
	}
	for (size_t i = 0; i < have.nr; i++) {
		struct schema_entry *e = schema_find(&want, have.v[i].type, have.v[i].name);
		const char *what = !e ? "extra" : strcmp(e->sql, have.v[i].sql) ? "changed" : NULL;

		if (e)
			e->seen = 1;
		if (what) {
			(*nr_diffs)++;
			if (fn)
				fn(what, have.v[i].type, have.v[i].name, ctx);
		}
	}
	for (size_t i = 0; i < want.nr; i++) {
		if (want.v[i].seen)
			continue;
		(*nr_diffs)++;
		if (fn)
			fn("missing", want.v[i].type, want.v[i].name, ctx);
	}
out:
	schema_list_release(&want);
	schema_list_release(&have);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Audited rows against their last audit row.                           */

/*
 * One statement per audited table: the rows whose current content is not
 * what the last audit row of their object recorded (the audit triggers'
 * JSON of the row, or NULL after a deletion), the rows that have none (when
 * no bulk load can have written them: a bulk load records one summary row,
 * "import" or "db.generate", instead of one per row), and the objects whose
 * last audit row shows a row that is no longer there. ?1 is the id of the
 * last audit row written by a migration that changed the JSON of the
 * table's triggers: rows last audited before it are not compared. obj_len:
 * where the row id starts in the object name ("person/" is 7 bytes: 8).
 * Columns: row id, id of its last audit row (NULL when none).
 */
#define COVERAGE_SQL(t, obj, obj_len, json, bulk_ok)                                     \
	"WITH last AS MATERIALIZED (SELECT CAST(substr(object, " obj_len ") AS INTEGER)"  \
	" AS rid, max(id) AS aid, after FROM audit_log WHERE object GLOB '" obj       \
	"/[0-9]*' GROUP BY object)"                                             \
	" SELECT r.id, l.aid FROM " t " r LEFT JOIN last l ON l.rid = r.id"     \
	" WHERE CASE WHEN l.aid IS NULL THEN NOT (" bulk_ok ")"                 \
	" ELSE l.aid > ?1 AND l.after IS NOT " json " END"                      \
	" UNION ALL SELECT l.rid, l.aid FROM last l WHERE l.after IS NOT NULL"  \
	" AND l.aid > ?1 AND NOT EXISTS (SELECT 1 FROM " t " r WHERE r.id = l.rid)" \
	" ORDER BY 1"
#define BULK_ROW(actions) \
	"EXISTS (SELECT 1 FROM audit_log WHERE action IN (" actions "))"

int audit_store_coverage(struct db *db, audit_coverage_fn fn, void *ctx,
			 long long *nr_rows, struct error *err)
{
	static const char persons_sql[] = COVERAGE_SQL("persons", "person", "8",
		PERSON_JSON_V4("r"), "r.import_batch IS NOT NULL OR " BULK_ROW("'db.generate'"));
	static const char orgs_sql[] = COVERAGE_SQL("orgs", "org", "5", ORG_JSON("r"),
		BULK_ROW("'import', 'db.generate'"));
	static const char users_sql[] = COVERAGE_SQL("users", "user", "6", USER_JSON("r"),
		BULK_ROW("'db.generate'"));
	static const char migrated_sql[] =
		"SELECT coalesce(max(id), 0) FROM audit_log"
		" WHERE action = 'db.migrate' AND object = 'persons'";
	static const struct {
		const char *sql, *object;
		int json_migrated;
	} tables[] = {
		{ persons_sql, "person", 1 }, { orgs_sql, "org", 0 }, { users_sql, "user", 0 },
	};
	long long migrated = 0;
	sqlite3_stmt *st;
	int rc;

	*nr_rows = 0;
	if (!(st = db_stmt(db, migrated_sql, err)))
		return ST_DB;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		migrated = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_sql_error(db, rc, err, "reading the audit log");
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		if (!(st = db_stmt(db, tables[i].sql, err)))
			return ST_DB;
		sqlite3_bind_int64(st, 1, tables[i].json_migrated ? migrated : 0);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			(*nr_rows)++;
			if (fn)
				fn(tables[i].object, sqlite3_column_int64(st, 0),
				   sqlite3_column_int64(st, 1), ctx);
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return db_sql_error(db, rc, err, "comparing rows with the audit log");
	}
	return ST_OK;
}
