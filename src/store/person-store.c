/*
 * person-store.c - SQL for persons (with membership) and import_batches
 * (member_events: event-store.c).
 *
 * Coded fields are stored as integers (sex, ethnicity, education) or by
 * their code-table keys (occupation, status). The name's pinyin, initials
 * and ICU collation key are derived here on every insert and update, so
 * search and pinyin order can never disagree with the name. Lists page by
 * keyset in pinyin order or in the other orders of person-store.h, one
 * prepared statement per order and direction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "model/codes.h"
#include "model/pinyin.h"
#include "store/db-internal.h"
#include "store/person-store.h"

#define PERSON_COLUMNS \
	"p.id, p.name, p.sex, p.birth_date, p.ethnicity, p.education, p.occupation," \
	" p.pii, p.pinyin, p.initials, p.org_id, p.status," \
	" p.flags, p.applied, p.activist, p.target, p.admitted, p.full_date, p.exited," \
	" p.sort_key"

/* db_col_text without the printf machinery: this runs for every read. */
static void col_text(sqlite3_stmt *st, int i, char *buf, size_t size)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	size_t n = s ? (size_t)sqlite3_column_bytes(st, i) : 0;

	if (n >= size)
		n = size - 1;
	if (n)
		memcpy(buf, s, n);
	buf[n] = '\0';
}

/* A sealed value that does not open is an error (db_col_pii), never an
 * empty field: the other fields are read all the same. */
static int read_person(sqlite3_stmt *st, struct person *p, struct error *err)
{
	char key[40];
	const struct code_entry *e;

	person_init(p);
	p->id = sqlite3_column_int64(st, 0);
	col_text(st, 1, p->name, sizeof(p->name));
	p->sex = sqlite3_column_int(st, 2);
	p->birth_date = db_col_date(st, 3);
	p->ethnicity = sqlite3_column_int(st, 4);
	p->education = sqlite3_column_int(st, 5);
	col_text(st, 6, key, sizeof(key));
	e = code_by_key(&code_occupation, key);
	p->occupation = e ? e->code : 0;
	int rc = db_col_pii(st, 7, p->id, p->id_number, sizeof(p->id_number), p->phone,
			    sizeof(p->phone), p->address, sizeof(p->address), err);
	col_text(st, 8, p->pinyin, sizeof(p->pinyin));
	col_text(st, 9, p->initials, sizeof(p->initials));
	p->org_id = sqlite3_column_int64(st, 10);
	col_text(st, 11, key, sizeof(key));
	e = code_by_key(&code_member_status, key);
	p->status = e ? e->code : 0;
	p->flags = sqlite3_column_int(st, 12);
	p->applied = db_col_date(st, 13);
	p->activist = db_col_date(st, 14);
	p->target = db_col_date(st, 15);
	p->admitted = db_col_date(st, 16);
	p->full = db_col_date(st, 17);
	p->exited = db_col_date(st, 18);
	return rc;
}

/* Binds ?1..?20 in the column order of the INSERT/UPDATE statements
 * (?7 the identifiers sealed for row p->id, ?20 the blind index of the ID
 * number). */
static int bind_person(sqlite3_stmt *st, struct person *p, struct error *err)
{
	unsigned char key[PERSON_SORT_KEY_MAX];
	size_t key_len;
	const struct code_entry *occ = code_by_code(&code_occupation, p->occupation);
	const struct code_entry *status = code_by_code(&code_member_status, p->status);

	if (pinyin_of_name(p->name, p->pinyin, sizeof(p->pinyin), p->initials,
			   sizeof(p->initials)))
		return error_setc(err, ST_INVALID, "name", "invalid_text",
				  "name is not valid UTF-8 text");
	key_len = pinyin_sort_key(p->name, key, sizeof(key));
	db_bind_text(st, 1, p->name);
	sqlite3_bind_int(st, 2, p->sex);
	db_bind_date(st, 3, p->birth_date);
	sqlite3_bind_int(st, 4, p->ethnicity);
	sqlite3_bind_int(st, 5, p->education);
	db_bind_text(st, 6, occ ? occ->key : "other");
	if (db_bind_pii(st, 7, 20, p->id, p->id_number, p->phone, p->address, err))
		return err ? err->status : ST_INTERNAL;
	sqlite3_bind_text(st, 8, p->pinyin, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 9, p->initials, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(st, 10, key, (int)key_len, SQLITE_TRANSIENT);
	db_bind_id(st, 11, p->org_id);
	db_bind_text(st, 12, status ? status->key : NULL);
	sqlite3_bind_int(st, 13, p->flags);
	db_bind_date(st, 14, p->applied);
	db_bind_date(st, 15, p->activist);
	db_bind_date(st, 16, p->target);
	db_bind_date(st, 17, p->admitted);
	db_bind_date(st, 18, p->full);
	db_bind_date(st, 19, p->exited);
	return ST_OK;
}

static int write_error(struct db *db, int rc, const struct person *p,
		       struct error *err, const char *what)
{
	if ((rc & 0xff) == SQLITE_CONSTRAINT && p->id_number[0] &&
	    (strstr(sqlite3_errmsg(db->sql), "id_number") ||
	     strstr(sqlite3_errmsg(db->sql), "person_ids")))
		return error_setc(err, ST_CONFLICT, "id_number", "id_number_taken",
				 "the ID number is already registered for another person;"
				 " the organization department above both records can resolve it");
	if ((rc & 0xff) == SQLITE_CONSTRAINT &&
	    strstr(sqlite3_errmsg(db->sql), "FOREIGN KEY")) {
		error_setc(err, ST_INVALID, "org", "unknown_org", "no organization %lld", p->org_id);
		error_param(err, "id", "%lld", p->org_id);
		return ST_INVALID;
	}
	return db_sql_error(db, rc, err, what);
}

int person_store_insert(struct db *db, struct person *p, struct error *err)
{
	static const char sql[] =
		"INSERT INTO persons(name, sex, birth_date, ethnicity, education,"
		" occupation, pii, pinyin, initials, sort_key,"
		" org_id, status, flags, applied, activist, target, admitted,"
		" full_date, exited, id_bidx, id)"
		" VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,"
		"?18,?19,?20,?21)";
	sqlite3_stmt *st;
	int rc;

	/* the id is chosen first (as SQLite would: one after the largest), as
	 * the sealed identifiers are bound to it */
	if ((rc = person_store_next_id(db, &p->id, err)))
		return rc;
	if (!(st = db_stmt(db, sql, err)))
		return ST_DB;
	if ((rc = bind_person(st, p, err)))
		return rc;
	sqlite3_bind_int64(st, 21, p->id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return write_error(db, rc, p, err, "inserting person");
	return ST_OK;
}

int person_store_next_id(struct db *db, long long *id, struct error *err)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT coalesce(max(id), 0) + 1 FROM persons", err);
	int rc;

	*id = 0;
	if (!st)
		return ST_DB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_sql_error(db, rc, err, "choosing a person id");
	return ST_OK;
}

int person_store_check_pii(struct db *db, person_pii_problem_fn fn, void *ctx,
			   long long *bad, struct error *err)
{
	static const char sql[] =
		"SELECT id, pii, id_bidx FROM persons"
		" WHERE pii IS NOT NULL OR id_bidx IS NOT NULL ORDER BY id";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	char id_number[IDCARD_SIZE];
	unsigned char bidx[CRYPTO_BIDX_BYTES];
	int rc, stop = 0;

	*bad = 0;
	if (!st)
		return ST_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		const void *stored = sqlite3_column_blob(st, 2);
		int stored_len = sqlite3_column_bytes(st, 2);
		const char *problem = NULL;

		if (db_col_pii(st, 1, id, id_number, sizeof(id_number), NULL, 0, NULL, 0,
			       NULL))
			problem = "its sealed personal data does not open (altered, moved"
				  " from another row, or sealed under another key)";
		else if (!id_number[0] != !stored)
			problem = "its ID number and its blind index disagree";
		else if (id_number[0] &&
			 (pii_blind_index(id_number, bidx) || stored_len != (int)sizeof(bidx) ||
			  memcmp(stored, bidx, sizeof(bidx))))
			problem = "the blind index of its ID number does not match";
		if (!problem)
			continue;
		(*bad)++;
		if (!stop && fn)
			stop = fn(id, problem, ctx);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_sql_error(db, rc, err, "checking the sealed personal data");
	return ST_OK;
}

int person_store_update(struct db *db, struct person *p, struct error *err)
{
	static const char sql[] =
		"UPDATE persons SET name=?1, sex=?2, birth_date=?3, ethnicity=?4,"
		" education=?5, occupation=?6, pii=?7,"
		" pinyin=?8, initials=?9, sort_key=?10, org_id=?11, status=?12,"
		" flags=?13, applied=?14, activist=?15, target=?16, admitted=?17,"
		" full_date=?18, exited=?19, id_bidx=?20 WHERE id=?21";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (!st)
		return ST_DB;
	if ((rc = bind_person(st, p, err)))
		return rc;
	sqlite3_bind_int64(st, 21, p->id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return write_error(db, rc, p, err, "updating person");
	if (sqlite3_changes(db->sql) == 0) {
		error_setc(err, ST_NOT_FOUND, "id", "not_found", "no person %lld", p->id);
		error_param(err, "id", "%lld", p->id);
		return ST_NOT_FOUND;
	}
	return ST_OK;
}

static int get_one(struct db *db, sqlite3_stmt *st, struct person *out,
		   struct error *err, const char *what)
{
	int rc = sqlite3_step(st);

	int bad = rc == SQLITE_ROW ? read_person(st, out, err) : ST_OK;

	sqlite3_reset(st);
	if (rc == SQLITE_DONE) {
		error_setc(err, ST_NOT_FOUND, "id", "not_found", "no person %s", what);
		error_param(err, "id", "%s", what);
		return ST_NOT_FOUND;
	}
	if (rc == SQLITE_ROW)
		return bad;
	return db_sql_error(db, rc, err, "reading person");
}

int person_store_get(struct db *db, long long id, struct person *out,
		     struct error *err)
{
	/* PERSON_COLUMNS without the trailing sort_key (a list cursor only). */
	static const char sql[] =
		"SELECT p.id, p.name, p.sex, p.birth_date, p.ethnicity, p.education,"
		" p.occupation, p.pii, p.pinyin, p.initials,"
		" p.org_id, p.status, p.flags, p.applied, p.activist, p.target, p.admitted,"
		" p.full_date, p.exited FROM persons p WHERE p.id=?1";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	int bad = rc == SQLITE_ROW ? read_person(st, out, err) : ST_OK;
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return bad;
	if (rc == SQLITE_DONE) {
		error_setc(err, ST_NOT_FOUND, "id", "not_found", "no person %lld", id);
		error_param(err, "id", "%lld", id);
		return ST_NOT_FOUND;
	}
	return db_sql_error(db, rc, err, "reading person");
}

int person_store_get_by_id_number(struct db *db, const char *id_number,
				  struct person *out, struct error *err)
{
	static const char sql[] =
		"SELECT " PERSON_COLUMNS " FROM person_ids k CROSS JOIN persons p"
		" ON p.id = k.person_id WHERE k.bidx=?1";
	sqlite3_stmt *st = db_stmt(db, sql, err);

	if (!st)
		return ST_DB;
	if (db_bind_bidx(st, 1, id_number, err))
		return ST_INTERNAL;
	return get_one(db, st, out, err, "with that ID number");
}

/*
 * The list filters: a NULL parameter disables its condition. ?1 org, ?2
 * subtree, ?3 Hanzi text, ?4 pinyin text, ?5 ID number blind index, ?6
 * status mode, ?7 status key, ?8/?9 cursor, ?10 limit, ?11..?21 the
 * drill-down conditions (struct person_drill, in its order), ?22 the
 * probation-overdue day (admitted_before).
 */
#define LIST_FILTERS \
	" (?3 IS NULL OR instr(p.name, ?3) > 0)" \
	" AND (?4 IS NULL OR instr(p.pinyin, ?4) > 0" \
	"      OR substr(p.initials, 1, length(?4)) = ?4)" \
	" AND (?5 IS NULL OR p.id_bidx = ?5)" \
	" AND (?6 = 0 OR (?6 = -1 AND p.status IN ('probationary', 'full'))" \
	"      OR (?6 = -2 AND p.status IN ('applicant', 'activist', 'target'," \
	"                                   'probationary', 'full'))" \
	"      OR (?6 > 0 AND p.status = ?7))" \
	" AND (?11 IS NULL OR p.sex = ?11)" \
	" AND (?12 IS NULL OR (p.ethnicity = 1) = (?12 = 1))" \
	" AND (?13 IS NULL OR p.ethnicity = ?13)" \
	" AND (?14 IS NULL OR (p.education BETWEEN 10 AND 39) = (?14 = 1))" \
	" AND (?15 IS NULL OR p.education BETWEEN ?15 * 10 AND ?15 * 10 + 9)" \
	" AND (?16 IS NULL OR p.occupation = ?16)" \
	" AND (?17 IS NULL OR p.birth_date > ?17)" \
	" AND (?18 IS NULL OR p.birth_date <= ?18)" \
	" AND (?19 IS NULL OR coalesce(p.admitted, p.full_date) >= ?19)" \
	" AND (?20 IS NULL OR coalesce(p.admitted, p.full_date) < ?20)" \
	" AND (?21 IS NULL OR coalesce(p.admitted, p.full_date) IS NULL)" \
	" AND (?22 IS NULL OR (p.status = 'probationary' AND p.full_date IS NULL" \
	"      AND p.admitted < ?22))"
/*
 * With an organization the rows are reached through the subtree's ids and
 * person_order, keyed (org_id, sort_key, person_id) (CROSS JOIN keeps that
 * loop order), so a list costs the size of the subtree, not of the table;
 * without one, the table is scanned in pinyin order.
 *
 * The conditions on p follow LIST_FROM_ORG as ONE term that also names po
 * and sub ("po.org_id IS NOT sub.id", false by the join, OR the
 * conditions, closed by LIST_END): terms on p alone would make SQLite's
 * planner, once ANALYZE has counted the tables, build a Bloom filter over
 * the whole persons table before the first lookup (0.3 s at a million
 * persons, minutes at the national scale) — the opposite of what the
 * subtree's keys are for.
 */
#define LIST_FROM_ORG " FROM sub CROSS JOIN person_order po ON po.org_id = sub.id" \
	" CROSS JOIN persons p ON p.id = po.person_id WHERE po.org_id IS NOT sub.id OR ("
#define LIST_FROM_ALL " FROM persons p WHERE ?1 IS NULL AND ("
#define LIST_END ")"
#define LIST_SUBTREE \
	"WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL SELECT o.id FROM orgs o" \
	" JOIN sub ON o.parent_id = sub.id WHERE ?2) "

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/*
 * The other orders. K is the value a row is ordered by; rows without one
 * come last in both directions and the id breaks ties in the direction of
 * the order. ?23 marks a cursor (whose value ?8 may be NULL); the cursor's
 * condition sits inside the one term that follows LIST_FROM_ORG, as the
 * filters do. With an organization the rows of the subtree are reached
 * through person_order and sorted (the cost of the subtree); without one
 * the table is read whole.
 */
#define PERSON_BASE_COLUMNS \
	"p.id, p.name, p.sex, p.birth_date, p.ethnicity, p.education, p.occupation," \
	" p.pii, p.pinyin, p.initials, p.org_id, p.status," \
	" p.flags, p.applied, p.activist, p.target, p.admitted, p.full_date, p.exited"
#define SORT_TAIL(K, CMP, DIR) LIST_FILTERS \
	" AND (?23 IS NULL OR CASE WHEN ?8 IS NULL THEN (" K ") IS NULL AND p.id " CMP " ?9" \
	" ELSE (" K ") " CMP " ?8 OR ((" K ") = ?8 AND p.id " CMP " ?9)" \
	" OR (" K ") IS NULL END)" LIST_END \
	" ORDER BY (" K ") IS NULL, (" K ") " DIR ", p.id " DIR " LIMIT ?10"
#define SORT_SQL(FROM, K, CMP, DIR) \
	LIST_SUBTREE "SELECT " PERSON_BASE_COLUMNS ", " K FROM SORT_TAIL(K, CMP, DIR)
#define SORT_SQLS(K) { \
	{ SORT_SQL(LIST_FROM_ORG, K, ">", "ASC"), SORT_SQL(LIST_FROM_ALL, K, ">", "ASC") }, \
	{ SORT_SQL(LIST_FROM_ORG, K, "<", "DESC"), SORT_SQL(LIST_FROM_ALL, K, "<", "DESC") } }

/* [sort][desc][0 organization, 1 all]; the statements are cached by address */
static const char *const sort_sql[PSORT_COUNT][2][2] = {
	SORT_SQLS("p.sort_key"),
	SORT_SQLS("p.birth_date"),
	SORT_SQLS("p.admitted"),
	SORT_SQLS("p.full_date"),
	SORT_SQLS("p.education"),
	SORT_SQLS("CASE p.status WHEN 'applicant' THEN 1 WHEN 'activist' THEN 2"
		  " WHEN 'target' THEN 3 WHEN 'probationary' THEN 4 WHEN 'full' THEN 5"
		  " WHEN 'withdrawn' THEN 6 WHEN 'expelled' THEN 7 WHEN 'deceased' THEN 8 END"),
	SORT_SQLS("(SELECT o.code FROM orgs o WHERE o.id = p.org_id)"),
};

static const char *const sort_keys[PSORT_COUNT] = {
	"name", "birth_date", "admitted", "full", "education", "status", "org",
};

/* What a cursor's value is: none (the row had no value), bytes, a number. */
enum { CUR_NULL, CUR_BLOB, CUR_TEXT, CUR_INT };

static const int sort_types[PSORT_COUNT] = {
	CUR_BLOB, CUR_TEXT, CUR_TEXT, CUR_TEXT, CUR_INT, CUR_INT, CUR_TEXT,
};

int person_sort_parse(const char *key)
{
	for (int i = 0; i < PSORT_COUNT; i++)
		if (key && !strcmp(key, sort_keys[i]))
			return i;
	return -1;
}

/* A cursor taken apart (parse_cursor). */
struct cursor {
	int present;
	int kind;               /* CUR_* of the value */
	unsigned char val[PERSON_SORT_KEY_MAX];
	size_t len;
	long long ival, id;
};

static int bad_cursor(struct error *err)
{
	return error_setc(err, ST_INVALID, "cursor", "malformed_cursor", "malformed cursor");
}

/* s[0..n) as lower-case hex into out (at most PERSON_SORT_KEY_MAX bytes). */
static int parse_hex(const char *s, size_t n, unsigned char *out, size_t *len)
{
	if (n % 2 || n / 2 > PERSON_SORT_KEY_MAX)
		return -1;
	for (size_t i = 0; i < n; i += 2) {
		int hi = hexval(s[i]), lo = hexval(s[i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i / 2] = (unsigned char)(hi * 16 + lo);
	}
	*len = n / 2;
	return 0;
}

/* s[0..n) as a decimal of 1..18 digits without a leading zero (zero
 * itself allowed when zero_ok). */
static int parse_decimal(const char *s, size_t n, int zero_ok, long long *v)
{
	*v = 0;
	if (n == 0 || n > 18 || (s[0] == '0' && !(zero_ok && n == 1)))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

/*
 * q->after into c: "HEX.ID" in pinyin order, "SORT.a|d.VALUE.ID" in the
 * others. A well-formed cursor of another order than q's is refused with
 * its own code, so that the UI can say the list's order changed.
 */
static int parse_cursor(const struct person_query *q, struct cursor *c,
			struct error *err)
{
	const char *s = q->after, *dot, *end;
	int sort = PSORT_NAME, desc = 0;

	memset(c, 0, sizeof(*c));
	if (!s || !*s)
		return ST_OK;
	dot = strchr(s, '.');
	if (dot && dot[1] && (dot[1] == 'a' || dot[1] == 'd') && dot[2] == '.') {
		char word[16];
		size_t n = (size_t)(dot - s);
		if (n == 0 || n >= sizeof(word))
			return bad_cursor(err);
		memcpy(word, s, n);
		word[n] = '\0';
		if ((sort = person_sort_parse(word)) < 0)
			return bad_cursor(err);
		desc = dot[1] == 'd';
		s = dot + 3;
		if (!sort && !desc)
			return bad_cursor(err); /* pinyin order has its own form */
	}
	if (sort != q->sort || desc != (q->desc != 0)) {
		error_setc(err, ST_INVALID, "cursor", "cursor_other_sort",
			   "the cursor was made for the order %s %s, not %s %s",
			   sort_keys[sort], desc ? "desc" : "asc",
			   sort_keys[q->sort], q->desc ? "desc" : "asc");
		error_param(err, "sort", "%s", sort_keys[q->sort]);
		return ST_INVALID;
	}
	if (!(dot = strchr(s, '.')))
		return bad_cursor(err);
	end = dot + 1;
	c->kind = sort_types[sort];
	if (sort && dot - s == 1 && s[0] == '-') {
		c->kind = CUR_NULL;
	} else if (c->kind == CUR_INT) {
		if (parse_decimal(s, (size_t)(dot - s), 1, &c->ival))
			return bad_cursor(err);
	} else if (parse_hex(s, (size_t)(dot - s), c->val, &c->len)) {
		return bad_cursor(err);
	}
	if (parse_decimal(end, strlen(end), 0, &c->id))
		return bad_cursor(err);
	c->present = 1;
	return ST_OK;
}

/* The cursor of the row at st (its id; its sort value in column 19) into
 * out (CURSOR_SIZE bytes). */
static int make_cursor(sqlite3_stmt *st, const struct person_query *q,
		       long long id, char *out, struct error *err)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;

	if (q->sort || q->desc)
		n = (size_t)snprintf(out, CURSOR_SIZE, "%s.%c.", sort_keys[q->sort],
				     q->desc ? 'd' : 'a');
	switch (sqlite3_column_type(st, 19)) {
	case SQLITE_NULL:
		out[n++] = '-';
		break;
	case SQLITE_INTEGER:
		n += (size_t)snprintf(out + n, CURSOR_SIZE - n, "%lld",
				      sqlite3_column_int64(st, 19));
		break;
	default: {
		const unsigned char *k = sqlite3_column_type(st, 19) == SQLITE_BLOB
			? sqlite3_column_blob(st, 19) : sqlite3_column_text(st, 19);
		int klen = sqlite3_column_bytes(st, 19);
		if (klen > PERSON_SORT_KEY_MAX) {
			out[0] = '\0';
			return error_set(err, ST_INTERNAL, "cursor",
					 "person %lld has a sort value of %d bytes,"
					 " longer than a cursor holds", id, klen);
		}
		for (int i = 0; i < klen; i++) {
			out[n++] = hex[k[i] >> 4];
			out[n++] = hex[k[i] & 15];
		}
	}
	}
	snprintf(out + n, CURSOR_SIZE - n, ".%lld", id);
	return ST_OK;
}

static void bind_positive(sqlite3_stmt *st, int i, int v)
{
	if (v > 0)
		sqlite3_bind_int(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

static int bind_drill(sqlite3_stmt *st, const struct person_drill *d,
		      struct error *err)
{
	const struct code_entry *occ = NULL;

	if (d->occupation && !(occ = code_by_code(&code_occupation, d->occupation))) {
		error_setc(err, ST_INVALID, "occupation", "invalid_choice", "unknown occupation");
		error_param(err, "value", "%d", d->occupation);
		return ST_INVALID;
	}
	bind_positive(st, 11, d->sex);
	bind_positive(st, 12, d->ethnic);
	bind_positive(st, 13, d->ethnicity);
	bind_positive(st, 14, d->college);
	if (d->education_group > 0)
		sqlite3_bind_int(st, 15, d->education_group - 1);
	else
		sqlite3_bind_null(st, 15);
	db_bind_text(st, 16, occ ? occ->key : NULL);
	db_bind_text(st, 17, d->born_after);
	db_bind_text(st, 18, d->born_by);
	db_bind_text(st, 19, d->joined_from);
	db_bind_text(st, 20, d->joined_before);
	bind_positive(st, 21, d->not_joined);
	return ST_OK;
}

static int bind_query(sqlite3_stmt *st, const struct person_query *q,
		      const struct cursor *c, struct error *err)
{
	int rc;

	char norm[256];
	const struct code_entry *status = NULL;

	db_bind_id(st, 1, q->org_id);
	sqlite3_bind_int(st, 2, q->subtree ? 1 : 0);
	if (q->text && *q->text) {
		enum query_kind k = pinyin_normalize_query(q->text, norm, sizeof(norm));
		if (k == QUERY_HANZI)
			sqlite3_bind_text(st, 3, q->text, -1, SQLITE_TRANSIENT);
		else if (k == QUERY_LATIN)
			sqlite3_bind_text(st, 4, norm, -1, SQLITE_TRANSIENT);
		else {
			/* digits: an ID number (upper-case X) */
			for (char *ch = norm; *ch; ch++)
				if (*ch == 'x')
					*ch = 'X';
			if (db_bind_bidx(st, 5, norm, err))
				return ST_INTERNAL;
		}
	}
	if (q->status > 0) {
		status = code_by_code(&code_member_status, q->status);
		if (!status) {
			error_setc(err, ST_INVALID, "status", "invalid_choice", "unknown status");
			error_param(err, "value", "%d", q->status);
			return ST_INVALID;
		}
	}
	sqlite3_bind_int(st, 6, q->status);
	db_bind_text(st, 7, status ? status->key : NULL);
	if ((rc = bind_drill(st, &q->drill, err)))
		return rc;
	db_bind_text(st, 22, q->admitted_before[0] ? q->admitted_before : NULL);
	if (c && c->present) {
		if (c->kind == CUR_NULL)
			sqlite3_bind_null(st, 8);
		else if (c->kind == CUR_INT)
			sqlite3_bind_int64(st, 8, c->ival);
		else if (sort_types[q->sort] == CUR_BLOB)
			sqlite3_bind_blob(st, 8, c->val, (int)c->len, SQLITE_TRANSIENT);
		else
			sqlite3_bind_text(st, 8, (const char *)c->val, (int)c->len, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 9, c->id);
		if (q->sort || q->desc)
			sqlite3_bind_int(st, 23, 1);
	}
	return ST_OK;
}

int person_store_list(struct db *db, const struct person_query *q,
		      person_visit_fn fn, void *ctx, char *next_cursor,
		      struct error *err)
{
#define LIST_TAIL LIST_FILTERS \
	" AND (?8 IS NULL OR (p.sort_key, p.id) > (?8, ?9))" LIST_END \
	" ORDER BY p.sort_key, p.id LIMIT ?10"
	static const char sql_org[] =
		LIST_SUBTREE "SELECT " PERSON_COLUMNS LIST_FROM_ORG LIST_TAIL;
	static const char sql_all[] =
		LIST_SUBTREE "SELECT " PERSON_COLUMNS LIST_FROM_ALL LIST_TAIL;
#undef LIST_TAIL
	const char *sql;
	sqlite3_stmt *st;
	struct cursor c;
	struct person p;
	int rc, n = 0, limit = q->limit > 0 && q->limit <= 1000 ? q->limit : 50;

	if (next_cursor)
		next_cursor[0] = '\0';
	if (q->sort < 0 || q->sort >= PSORT_COUNT)
		return error_setc(err, ST_INVALID, "sort", "invalid_choice", "unknown order");
	if (!q->sort && !q->desc)
		sql = q->org_id > 0 ? sql_org : sql_all;
	else
		sql = sort_sql[q->sort][q->desc != 0][q->org_id > 0 ? 0 : 1];
	if ((rc = parse_cursor(q, &c, err)))
		return rc;
	if (!(st = db_stmt(db, sql, err)))
		return ST_DB;
	if ((rc = bind_query(st, q, &c, err)))
		return rc;
	sqlite3_bind_int(st, 10, limit + 1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == limit) {
			/* one more row exists: the cursor points after the last visited */
			break;
		}
		if (read_person(st, &p, err)) {
			sqlite3_reset(st);
			return err ? err->status : ST_DB;
		}
		n++;
		if (next_cursor && make_cursor(st, q, p.id, next_cursor, err)) {
			sqlite3_reset(st);
			return ST_INTERNAL;
		}
		if (fn(&p, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc == SQLITE_DONE && next_cursor)
		next_cursor[0] = '\0';
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_sql_error(db, rc, err, "listing persons");
	return ST_OK;
}

int person_store_count(struct db *db, const struct person_query *q,
		       long long *n, struct error *err)
{
	static const char sql_org[] =
		LIST_SUBTREE "SELECT count(*)" LIST_FROM_ORG LIST_FILTERS LIST_END;
	static const char sql_all[] =
		LIST_SUBTREE "SELECT count(*)" LIST_FROM_ALL LIST_FILTERS LIST_END;
	sqlite3_stmt *st = db_stmt(db, q->org_id > 0 ? sql_org : sql_all, err);
	struct person_query qq = *q;
	int rc;

	if (!st)
		return ST_DB;
	qq.after = NULL;
	if ((rc = bind_query(st, &qq, NULL, err)))
		return rc;
	rc = sqlite3_step(st);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : db_sql_error(db, rc, err, "counting persons");
}

/* The development steps and the lost contact the findings read of a person
 * (struct person_track): correlated lookups through dev_steps_person and
 * standing_records_person, so a subtree costs its own persons' rows. */
#define TRACK_COLUMNS \
	", (SELECT min(date) FROM dev_steps WHERE person_id = p.id AND step = 'talk')" \
	", EXISTS (SELECT 1 FROM dev_steps WHERE person_id = p.id AND step = 'application')" \
	", (SELECT min(date) FROM dev_steps WHERE person_id = p.id AND step = 'branch_vote')" \
	", (SELECT min(date) FROM dev_steps WHERE person_id = p.id AND step = 'approval')" \
	", (SELECT CAST(json_extract(fields, '$.months') AS INTEGER) FROM dev_steps" \
	"  WHERE person_id = p.id AND step = 'probation_extension' ORDER BY date, id LIMIT 1)" \
	", (SELECT start_date FROM standing_records WHERE person_id = p.id" \
	"  AND kind = 'lost_contact' ORDER BY start_date DESC, id DESC LIMIT 1)" \
	", (SELECT coalesce(end_date, '') FROM standing_records WHERE person_id = p.id" \
	"  AND kind = 'lost_contact' ORDER BY start_date DESC, id DESC LIMIT 1)"

/* Reads the track columns from column `col` on of a row selected with
 * TRACK_COLUMNS, for the person of key dates d. */
static void track_from_row(sqlite3_stmt *st, int col, struct person_dates *d)
{
	struct person_track *t = &d->track;

	person_track_init(t);
	t->talk = person_track_talk(db_col_date(st, col), sqlite3_column_int(st, col + 1),
				    d->applied, d->activist, d->admitted, d->full);
	t->vote = db_col_date(st, col + 2);
	t->approval = db_col_date(st, col + 3);
	t->ext_months = sqlite3_column_int(st, col + 4);
	if (t->ext_months < 0)
		t->ext_months = 0;
	t->lost_from = db_col_date(st, col + 5);
	t->lost_to = t->lost_from == DATE_NONE ? DATE_NONE : db_col_date(st, col + 6);
}

int person_store_subtree_dates(struct db *db, long long root, person_dates_fn fn,
			       void *ctx, struct error *err)
{
	/* the CROSS JOINs keep the loop order subtree -> person_order ->
	 * persons (see LIST_FROM_ORG) */
	static const char sql[] =
		"WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL SELECT o.id FROM orgs o"
		" JOIN sub ON o.parent_id = sub.id)"
		" SELECT p.id, p.org_id, p.status, p.flags, p.applied, p.activist, p.target,"
		" p.admitted, p.full_date, p.exited" TRACK_COLUMNS
		" FROM sub CROSS JOIN person_order po ON po.org_id = sub.id"
		" CROSS JOIN persons p ON p.id = po.person_id"
		" WHERE po.org_id IS NOT sub.id OR p.status IS NOT NULL";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	struct person_dates d;
	char key[40];
	int rc;

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, root);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const struct code_entry *e;
		d.id = sqlite3_column_int64(st, 0);
		d.org_id = sqlite3_column_int64(st, 1);
		col_text(st, 2, key, sizeof(key));
		e = code_by_key(&code_member_status, key);
		d.status = e ? e->code : 0;
		d.flags = sqlite3_column_int(st, 3);
		d.applied = db_col_date(st, 4);
		d.activist = db_col_date(st, 5);
		d.target = db_col_date(st, 6);
		d.admitted = db_col_date(st, 7);
		d.full = db_col_date(st, 8);
		d.exited = db_col_date(st, 9);
		track_from_row(st, 10, &d);
		if (fn(&d, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_sql_error(db, rc, err, "reading the persons of a subtree");
	return ST_OK;
}

int person_store_track(struct db *db, const struct person *p, struct person_track *out,
		       struct error *err)
{
	static const char sql[] = "SELECT 0" TRACK_COLUMNS " FROM persons p WHERE p.id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	struct person_dates d;
	int rc;

	if (!st)
		return ST_DB;
	memset(&d, 0, sizeof(d));
	d.applied = p->applied;
	d.activist = p->activist;
	d.admitted = p->admitted;
	d.full = p->full;
	sqlite3_bind_int64(st, 1, p->id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		track_from_row(st, 1, &d);
	else
		person_track_init(&d.track);
	*out = d.track;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sql_error(db, rc, err, "reading a person's steps and standing");
	return ST_OK;
}

int import_batch_add(struct db *db, const char *file, long long rows,
		     const char *actor, long long *id, struct error *err)
{
	static const char sql[] =
		"INSERT INTO import_batches(file, rows, actor) VALUES(?1,?2,?3)";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (!st)
		return ST_DB;
	db_bind_text(st, 1, file);
	sqlite3_bind_int64(st, 2, rows);
	db_bind_text(st, 3, actor);
	if ((rc = db_step_done(db, st, err, "recording import batch")))
		return rc;
	*id = sqlite3_last_insert_rowid(db->sql);
	return ST_OK;
}
