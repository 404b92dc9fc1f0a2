/*
 * test-person-store.c - how persons keep their identifiers and keys: the one
 * sealed value of migration 7 (round trip, presence byte, refusal of a
 * tampered value or presence byte), the upgrade of a database whose rows
 * still hold the three separately sealed columns of migration 3, the key
 * tables of migration 6 following inserts, edits and deletes, and batches
 * inserted in one statement through ow_bulk; a subtree's listing reaches
 * its members through the keys also after ANALYZE. The events of persons
 * and organizations go through one API into their own tables.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/date.h"
#include "model/codes.h"
#include "model/event.h"
#include "model/org.h"
#include "model/person.h"
#include "store/bulk-store.h"
#include "store/db-internal.h"
#include "store/event-store.h"
#include "store/org-store.h"
#include "steps.h"
#include "store/person-store.h"

static char test_db[256], key_path[256];

static void remove_files(void)
{
	static const char *const ext[] = { "", "-wal", "-shm", "-journal" };
	char p[300];

	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", test_db, ext[i]);
		unlink(p);
	}
}

static struct db *open_new(void)
{
	struct db *db = NULL;

	remove_files();
	assert_int_equal(db_open(test_db, DB_OPEN_CREATE, &db, NULL), ST_OK);
	return db;
}

/* A valid record of a worker born on 1950-01-01 (no organization). */
static void make_person(struct person *p, const char *name, const char *id,
			const char *phone, const char *address)
{
	person_init(p);
	snprintf(p->name, sizeof(p->name), "%s", name);
	p->sex = 1;
	p->birth_date = date_from_ymd(1950, 1, 1);
	p->ethnicity = 1;
	p->education = 21;
	p->occupation = code_by_key(&code_occupation, "workers")->code;
	snprintf(p->id_number, sizeof(p->id_number), "%s", id);
	snprintf(p->phone, sizeof(p->phone), "%s", phone);
	snprintf(p->address, sizeof(p->address), "%s", address);
}

static long long add_person(struct db *db, const char *name, const char *id,
			    const char *phone, const char *address)
{
	struct person p;

	make_person(&p, name, id, phone, address);
	assert_int_equal(person_store_insert(db, &p, NULL), ST_OK);
	return p.id;
}

/* Reads person id back and compares its three identifiers. */
static void expect_ids(struct db *db, long long id, const char *id_number,
		       const char *phone, const char *address)
{
	struct person p;

	assert_int_equal(person_store_get(db, id, &p, NULL), ST_OK);
	assert_string_equal(p.id_number, id_number);
	assert_string_equal(p.phone, phone);
	assert_string_equal(p.address, address);
}

static long long count(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n;

	assert_int_equal(sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void exec_ok(struct db *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->sql, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
}

static void test_seal_round_trip(void **state)
{
	unsigned char b[DB_PII_MAX];
	char id[IDCARD_SIZE], phone[PERSON_PHONE_SIZE], address[PERSON_ADDRESS_SIZE];
	size_t n;
	struct db *db = open_new();

	(void)state;
	assert_int_equal(db_pii_seal(7, "11010519491231002X", "", "北京市", b, &n, NULL), ST_OK);
	assert_int_equal(b[0], PII_ROW_BOUND | 1 | 4);  /* ID and address, no phone */
	assert_int_equal(db_pii_open(7, b, n, id, sizeof(id), phone, sizeof(phone), address,
				     sizeof(address)), ST_OK);
	assert_string_equal(id, "11010519491231002X");
	assert_string_equal(phone, "");
	assert_string_equal(address, "北京市");
	/* only the ID asked for */
	assert_int_equal(db_pii_open(7, b, n, id, sizeof(id), NULL, 0, NULL, 0), ST_OK);
	assert_string_equal(id, "11010519491231002X");
	/* bound to its row: as another person's value it does not open */
	assert_int_equal(db_pii_open(8, b, n, id, sizeof(id), phone, sizeof(phone), address,
				     sizeof(address)), ST_INVALID);
	assert_string_equal(id, "");
	assert_string_equal(address, "");
	/* nor without the row-bound bit, nor sealed without a row */
	b[0] = 1 | 4;
	assert_int_equal(db_pii_open(7, b, n, id, sizeof(id), NULL, 0, NULL, 0), ST_INVALID);
	assert_int_equal(db_pii_seal(0, "11010519491231002X", "", "", b, &n, NULL),
			 ST_INTERNAL);
	assert_int_equal(db_pii_seal(7, "11010519491231002X", "", "北京市", b, &n, NULL), ST_OK);
	/* a changed presence byte or ciphertext does not verify */
	b[0] = PII_ROW_BOUND | 1 | 2 | 4;
	assert_int_equal(db_pii_open(7, b, n, id, sizeof(id), phone, sizeof(phone), address,
				     sizeof(address)), ST_INVALID);
	assert_string_equal(id, "");
	b[0] = PII_ROW_BOUND | 1 | 4;
	b[n - 1] ^= 1;
	assert_int_equal(db_pii_open(7, b, n, id, sizeof(id), phone, sizeof(phone), address,
				     sizeof(address)), ST_INVALID);
	/* nothing to seal: no value */
	assert_int_equal(db_pii_seal(7, "", NULL, "", b, &n, NULL), ST_OK);
	assert_int_equal(n, 0);
	db_close(db);
}

static void test_store_round_trip(void **state)
{
	struct db *db = open_new();
	struct person p;
	long long a, b;

	(void)state;
	a = add_person(db, "张三", "11010519491231002X", "13812345678", "某路1号");
	b = add_person(db, "李四", "", "13900000000", "");
	expect_ids(db, a, "11010519491231002X", "13812345678", "某路1号");
	assert_int_equal(person_store_get(db, b, &p, NULL), ST_OK);
	assert_string_equal(p.id_number, "");
	assert_string_equal(p.phone, "13900000000");
	/* the presence byte as the audit triggers read it */
	assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE action = 'person.insert'"
			      " AND json_extract(after, '$.phone') = '***'"
			      " AND json_extract(after, '$.address') IS NULL"), 1);
	/* found by ID number through person_ids; a second holder is refused */
	assert_int_equal(person_store_get_by_id_number(db, "11010519491231002X", &p, NULL), ST_OK);
	assert_int_equal(p.id, a);
	{
		struct person q;
		make_person(&q, "王五", "11010519491231002X", "", "");
		assert_int_equal(person_store_insert(db, &q, NULL), ST_CONFLICT);
	}
	/* a new ID number re-keys person_ids, a delete removes the keys */
	snprintf(p.id_number, sizeof(p.id_number), "110105194912310038");
	assert_int_equal(person_store_update(db, &p, NULL), ST_OK);
	assert_int_equal(person_store_get_by_id_number(db, "11010519491231002X", &p, NULL),
			 ST_NOT_FOUND);
	assert_int_equal(person_store_get_by_id_number(db, "110105194912310038", &p, NULL), ST_OK);
	assert_int_equal(count(db, "SELECT count(*) FROM person_ids"), 1);
	exec_ok(db, "DELETE FROM persons");
	assert_int_equal(count(db, "SELECT count(*) FROM person_ids"), 0);
	assert_int_equal(db_integrity(db, NULL), ST_OK);
	db_close(db);
}

/*
 * A database as migration 6 left it: identifiers in id_enc, phone_enc and
 * address_enc (sealed one by one, field name as associated data), pii
 * absent. Opening it with DB_OPEN_CREATE runs migration 7.
 */
static void test_upgrade_from_three_columns(void **state)
{
	struct db *db = open_new();
	struct person p;
	long long a, b;

	(void)state;
	a = add_person(db, "张三", "11010519491231002X", "13812345678", "某路1号");
	b = add_person(db, "李四", "", "", "只有地址");
	exec_ok(db, "UPDATE persons SET id_enc = ow_seal('id', CASE id WHEN 1"
		    " THEN '11010519491231002X' END),"
		    " phone_enc = ow_seal('phone', CASE id WHEN 1 THEN '13812345678' END),"
		    " address_enc = ow_seal('address', CASE id WHEN 1 THEN '某路1号'"
		    " ELSE '只有地址' END), pii = NULL;"
		    /* the pii column and the triggers that read it go; the
		     * migration replaces triggers of these names */
		    "DROP TRIGGER persons_audit_insert;"
		    "DROP TRIGGER persons_audit_update;"
		    "DROP TRIGGER persons_audit_delete;"
		    "ALTER TABLE persons DROP COLUMN pii;"
		    "CREATE TRIGGER persons_audit_insert AFTER INSERT ON persons"
		    " BEGIN SELECT 1; END;"
		    "CREATE TRIGGER persons_audit_update AFTER UPDATE ON persons"
		    " BEGIN SELECT 1; END;"
		    "CREATE TRIGGER persons_audit_delete AFTER DELETE ON persons"
		    " BEGIN SELECT 1; END;"
		    "PRAGMA user_version = 6;");
	db_close(db);
	db = NULL;
	/* still at 6: refused by a plain open, migrated by init */
	assert_int_equal(db_open(test_db, DB_OPEN_EXISTING, &db, NULL), ST_UNSUPPORTED);
	assert_int_equal(db_open(test_db, DB_OPEN_CREATE, &db, NULL), ST_OK);
	assert_int_equal(count(db, "PRAGMA user_version"), db_schema_version());
	assert_int_equal(count(db, "SELECT count(*) FROM persons WHERE id_enc IS NOT NULL"
			      " OR phone_enc IS NOT NULL OR address_enc IS NOT NULL"), 0);
	expect_ids(db, a, "11010519491231002X", "13812345678", "某路1号");
	assert_int_equal(person_store_get(db, b, &p, NULL), ST_OK);
	assert_string_equal(p.id_number, "");
	assert_string_equal(p.address, "只有地址");
	assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE action = 'db.migrate'"
			      " AND json_extract(after, '$.resealed') = 2"), 1);
	assert_int_equal(db_integrity(db, NULL), ST_OK);
	db_close(db);
}

/* the schema version before the migration that binds sealed values to their
 * rows and records the key check value (migrations.c, entry 9) */
#define BEFORE_ROW_BINDING 11

/*
 * A database as migration 8 left it: sealed values not bound to their rows
 * (the format ow_seal_pii still writes), no key check value. Opening it for
 * creation binds every value to its row in one transaction, records the key
 * check value and one summary audit row (not one per person); running the
 * migration again keeps the bound values. Without the key check value a
 * database at the current version is refused.
 */
static void test_upgrade_to_row_bound(void **state)
{
	struct db *db = open_new();
	long long a, b, c;

	(void)state;
	a = add_person(db, "张三", "11010519491231002X", "13812345678", "某路1号");
	b = add_person(db, "李四", "", "", "只有地址");
	c = add_person(db, "王五", "", "", "");
	db->audit_rows_off = 1;      /* the old format is set up, not audited */
	exec_ok(db, "UPDATE persons SET pii = ow_seal_pii(CASE id WHEN 1 THEN"
		    " '11010519491231002X' END, CASE id WHEN 1 THEN '13812345678' END,"
		    " CASE id WHEN 1 THEN '某路1号' WHEN 2 THEN '只有地址' END);"
		    "DROP TABLE key_check;");
	db->audit_rows_off = 0;
	assert_int_equal(count(db, "SELECT count(*) FROM persons WHERE unicode(CAST(substr(pii, 1, 1)"
			      " AS TEXT)) & 16"), 0);
	db_close(db);
	db = NULL;
	{
		sqlite3 *raw;
		char v[64];
		assert_int_equal(sqlite3_open(test_db, &raw), SQLITE_OK);
		snprintf(v, sizeof(v), "PRAGMA user_version = %d", BEFORE_ROW_BINDING);
		assert_int_equal(sqlite3_exec(raw, v, NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(raw);
	}
	/* a plain open refuses the old version; init migrates */
	assert_int_equal(db_open(test_db, DB_OPEN_EXISTING, &db, NULL), ST_UNSUPPORTED);
	assert_int_equal(db_open(test_db, DB_OPEN_CREATE, &db, NULL), ST_OK);
	assert_int_equal(count(db, "SELECT count(*) FROM persons WHERE pii IS NOT NULL AND"
			      " NOT unicode(CAST(substr(pii, 1, 1) AS TEXT)) & 16"), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM key_check"), 1);
	expect_ids(db, a, "11010519491231002X", "13812345678", "某路1号");
	expect_ids(db, b, "", "", "只有地址");
	expect_ids(db, c, "", "", "");
	assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE action = 'db.migrate'"
			      " AND json_extract(after, '$.bound_to_row') = 2"), 1);
	assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE action = 'person.update'"),
			 0);
	/* audit rows are back on after the migration */
	{
		struct person p;
		assert_int_equal(person_store_get(db, b, &p, NULL), ST_OK);
		snprintf(p.phone, sizeof(p.phone), "13900000000");
		assert_int_equal(person_store_update(db, &p, NULL), ST_OK);
		assert_int_equal(count(db, "SELECT count(*) FROM audit_log"
				      " WHERE action = 'person.update'"), 1);
	}
	/* again (as after a restore of the version number): values kept */
	exec_ok(db, "CREATE TEMP TABLE before AS SELECT id, pii FROM persons");
	{
		char v[64];
		snprintf(v, sizeof(v), "PRAGMA user_version = %d", BEFORE_ROW_BINDING);
		exec_ok(db, v);
	}
	db_close(db);
	db = NULL;
	assert_int_equal(db_open(test_db, DB_OPEN_CREATE, &db, NULL), ST_OK);
	expect_ids(db, b, "", "13900000000", "只有地址");
	assert_int_equal(db_integrity(db, NULL), ST_OK);
	/* the key check value removed: refused, even by init */
	exec_ok(db, "DELETE FROM key_check");
	db_close(db);
	db = NULL;
	assert_int_equal(db_open(test_db, DB_OPEN_EXISTING, &db, NULL), ST_DB);
	assert_int_equal(db_open(test_db, DB_OPEN_CREATE, &db, NULL), ST_DB);
	assert_null(db);
}

/*
 * A batch through ow_bulk: numbered in sequence with its keys written by the
 * trigger; a batch with a row whose ID number is already stored fails as a
 * whole (nothing of it stays) and the row-by-row insert names that row.
 */
static void test_batch_insert(void **state)
{
	struct db *db = open_new();
	struct bulk_row *rows = calloc(3, sizeof(*rows));
	static const char *const ids[3] = { "110105195001010019", "110105195001020015",
					    "110105195001030011" };
	struct person p;
	long long first = 0, id = 0;

	(void)state;
	assert_non_null(rows);
	for (int i = 0; i < 3; i++) {
		char name[16];
		snprintf(name, sizeof(name), "批量%d", i);
		make_person(&p, name, ids[i], "", "");
		assert_int_equal(bulk_row_encode(&p, &rows[i], NULL, NULL), ST_OK);
	}
	add_person(db, "先来", "110105195001030011", "", "");
	exec_ok(db, "BEGIN");
	assert_int_equal(bulk_rows_insert(db, rows, 3, 0, &first, NULL), ST_CONFLICT);
	assert_int_equal(count(db, "SELECT count(*) FROM persons"), 1);
	assert_int_equal(bulk_row_insert(db, &rows[0], 0, &id, NULL), ST_OK);
	assert_int_equal(bulk_row_insert(db, &rows[1], 0, &id, NULL), ST_OK);
	assert_int_equal(bulk_row_insert(db, &rows[2], 0, &id, NULL), ST_CONFLICT);
	exec_ok(db, "ROLLBACK");
	/* the first two alone: one statement, ids in sequence, keys written */
	exec_ok(db, "BEGIN");
	assert_int_equal(bulk_rows_insert(db, rows, 2, 0, &first, NULL), ST_OK);
	exec_ok(db, "COMMIT");
	assert_int_equal(first, 2);
	assert_int_equal(person_store_get_by_id_number(db, ids[1], &p, NULL), ST_OK);
	assert_int_equal(p.id, 3);
	assert_string_equal(p.name, "批量1");
	assert_int_equal(count(db, "SELECT count(*) FROM person_ids"), 3);
	assert_int_equal(db_integrity(db, NULL), ST_OK);
	free(rows);
	db_close(db);
}

/* Events of both subjects through one API: each subject's own table (a
 * person and an organization with the same id do not mix), date order then
 * recording order, the fields as written, a visitor that stops the walk. */
struct seen {
	struct event ev[4];
	int n, stop_after;
};

static int keep_event(const struct event *ev, void *ctx)
{
	struct seen *s = ctx;

	if (s->n < 4)
		s->ev[s->n] = *ev;
	s->n++;
	return s->stop_after && s->n >= s->stop_after;
}

static void test_events(void **state)
{
	struct db *db = open_new();
	struct event ev;
	struct seen s;
	struct org o;
	long long a;

	(void)state;
	a = add_person(db, "张三", "", "", "");
	org_init(&o);
	snprintf(o.code, sizeof(o.code), "E1");
	snprintf(o.name, sizeof(o.name), "组织");
	o.kind = ORG_BRANCH;
	o.sector = SECTOR_RURAL;
	o.established = date_from_ymd(2000, 1, 1);
	assert_int_equal(org_store_insert(db, &o, NULL), ST_OK);
	assert_int_equal(o.id, a);        /* the same id in both tables */

	event_init(&ev, EVENT_PERSON, a, date_from_ymd(2020, 5, 1), "updated",
		   "{\"phone\":{\"from\":null,\"to\":\"***\"}}", "文号1", "cli:t");
	assert_int_equal(event_store_add(db, &ev, NULL), ST_OK);
	event_init(&ev, EVENT_PERSON, a, date_from_ymd(2019, 1, 1), "created", NULL, NULL, NULL);
	assert_int_equal(event_store_add(db, &ev, NULL), ST_OK);
	event_init(&ev, EVENT_ORG, o.id, date_from_ymd(2021, 3, 4), "rename",
		   "{\"from\":\"a\",\"to\":\"b\"}", "决定", "user:u");
	assert_int_equal(event_store_add(db, &ev, NULL), ST_OK);
	assert_int_equal(count(db, "SELECT count(*) FROM member_events"), 2);
	assert_int_equal(count(db, "SELECT count(*) FROM org_events"), 1);

	memset(&s, 0, sizeof(s));
	assert_int_equal(event_store_list(db, EVENT_PERSON, a, keep_event, &s, NULL), ST_OK);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.ev[0].kind, "created");
	assert_string_equal(s.ev[0].actor, "unknown");
	assert_string_equal(s.ev[0].detail, "");
	assert_string_equal(s.ev[1].kind, "updated");
	assert_int_equal(s.ev[1].date, date_from_ymd(2020, 5, 1));
	assert_string_equal(s.ev[1].reference, "文号1");
	assert_string_equal(s.ev[1].actor, "cli:t");
	assert_string_equal(s.ev[1].detail, "{\"phone\":{\"from\":null,\"to\":\"***\"}}");
	for (int i = 0; i < 2; i++) {
		assert_int_equal(s.ev[i].subject, EVENT_PERSON);
		assert_int_equal(s.ev[i].subject_id, a);
		assert_true(s.ev[i].id > 0);
		assert_int_equal(strlen(s.ev[i].recorded_at), 20);
	}

	memset(&s, 0, sizeof(s));
	assert_int_equal(event_store_list(db, EVENT_ORG, o.id, keep_event, &s, NULL), ST_OK);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.ev[0].subject, EVENT_ORG);
	assert_string_equal(s.ev[0].kind, "rename");
	assert_string_equal(s.ev[0].reference, "决定");

	/* a visitor that stops; an unknown subject id; no third subject */
	memset(&s, 0, sizeof(s));
	s.stop_after = 1;
	assert_int_equal(event_store_list(db, EVENT_PERSON, a, keep_event, &s, NULL), ST_OK);
	assert_int_equal(s.n, 1);
	memset(&s, 0, sizeof(s));
	assert_int_equal(event_store_list(db, EVENT_ORG, 999, keep_event, &s, NULL), ST_OK);
	assert_int_equal(s.n, 0);
	assert_int_equal(event_store_list(db, (enum event_subject)7, a, keep_event, &s, NULL),
			 ST_INTERNAL);
	db_close(db);
}

static int setup(void **state)
{
	(void)state;
	snprintf(test_db, sizeof(test_db), "/tmp/test-person-store-%d.db", (int)getpid());
	snprintf(key_path, sizeof(key_path), "/tmp/test-person-store-%d.key", (int)getpid());
	setenv("ORGWORK_KEY_FILE", key_path, 1);
	return crypto_setup();
}

static int teardown(void **state)
{
	(void)state;
	char p[300];

	remove_files();
	unlink(key_path);
	snprintf(p, sizeof(p), "%s.checkpoints", key_path);
	unlink(p);
	return 0;
}


static int count_visit(const struct person *p, void *ctx)
{
	(void)p;
	++*(int *)ctx;
	return 0;
}

/*
 * Listing an organization's members reaches them through its keys, also
 * once ANALYZE has counted the tables (which makes SQLite consider a Bloom
 * filter built by scanning the whole persons table): the statements take
 * steps in proportion to the organization's 20 members, not to the 30,000
 * persons of the other; so do the lists in every other order (sort, both
 * directions), which sort the subtree's rows.
 */
static void test_list_after_analyze(void **state)
{
	struct db *db = open_new();
	struct person_query q = { 0 };
	char sql[1024], cursor[CURSOR_SIZE];
	long long most = 0, n = 0;
	int seen = 0;

	(void)state;
	snprintf(sql, sizeof(sql),
		 "INSERT INTO orgs(id, code, name, kind, sector, level, parent_id, established)"
		 " VALUES(1, 'A', 'A', '%s', '%s', 0, NULL, '2000-01-01'),"
		 " (2, 'B', 'B', '%s', '%s', 0, NULL, '2000-01-01')",
		 code_by_code(&code_org_kind, 1)->key, code_by_code(&code_sector, 1)->key,
		 code_by_code(&code_org_kind, 1)->key, code_by_code(&code_sector, 1)->key);
	exec_ok(db, "BEGIN");
	exec_ok(db, sql);
	exec_ok(db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
		    " WHERE i < 30000)"
		    " INSERT INTO persons(name, sex, birth_date, ethnicity, education,"
		    " occupation, pinyin, initials, sort_key, org_id, status, admitted,"
		    " full_date)"
		    " SELECT 'p' || i, 1, '1950-01-01', 1, 21, 'workers', 'p', 'p',"
		    " randomblob(8), CASE WHEN i <= 20 THEN 1 ELSE 2 END, 'full',"
		    " '1979-01-01', '1980-01-01' FROM n");
	exec_ok(db, "COMMIT");
	exec_ok(db, "ANALYZE");
	steps_watch(db->sql, &most);
	q.org_id = 1;
	q.subtree = 1;
	q.status = -1;
	q.limit = 15;
	assert_int_equal(person_store_list(db, &q, count_visit, &seen, cursor, NULL), ST_OK);
	assert_int_equal(seen, 15);
	assert_true(cursor[0]);
	q.after = cursor;
	assert_int_equal(person_store_list(db, &q, count_visit, &seen, NULL, NULL), ST_OK);
	assert_int_equal(seen, 20);
	assert_int_equal(person_store_count(db, &q, &n, NULL), ST_OK);
	assert_int_equal(n, 20);
	/* every other order, both directions: two pages, the subtree's cost */
	for (int sort = 0; sort < PSORT_COUNT; sort++) {
		for (int desc = 0; desc < 2; desc++) {
			if (!sort && !desc)
				continue;
			q.sort = sort;
			q.desc = desc;
			q.after = NULL;
			seen = 0;
			assert_int_equal(person_store_list(db, &q, count_visit, &seen, cursor, NULL), ST_OK);
			assert_int_equal(seen, 15);
			assert_true(cursor[0]);
			q.after = cursor;
			assert_int_equal(person_store_list(db, &q, count_visit, &seen, NULL, NULL), ST_OK);
			assert_int_equal(seen, 20);
		}
	}
	steps_unwatch(db->sql);
	/* about 2,400 steps here; a scan of the 30,000 persons is over 1.5 M */
	if (most >= 50000)
		fail_msg("a listing statement took %lld steps: it scanned a table", most);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seal_round_trip),
		cmocka_unit_test(test_store_round_trip),
		cmocka_unit_test(test_upgrade_from_three_columns),
		cmocka_unit_test(test_upgrade_to_row_bound),
		cmocka_unit_test(test_batch_insert),
		cmocka_unit_test(test_list_after_analyze),
		cmocka_unit_test(test_events),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
