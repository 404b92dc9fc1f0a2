/*
 * transfer-store.c - SQL of the transfers and member_orgs tables
 * (transfer-store.h). Not for what a transfer means or allows
 * (model/transfer.c, ops/transfer-ops.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

#include "core/date.h"
#include "model/org.h"
#include "store/db-internal.h"
#include "store/transfer-store.h"

static void bind_id_or_null(sqlite3_stmt *st, int i, long long id)
{
	if (id)
		sqlite3_bind_int64(st, i, id);
	else
		sqlite3_bind_null(st, i);
}

int transfer_store_insert(struct db *db, struct transfer *t, struct error *err)
{
	static const char sql[] =
		"INSERT INTO transfers(person_id, from_org_id, to_org_id, letter_no, issued,"
		" valid_until, status, actor) VALUES(?1,?2,?3,?4,?5,?6,?7,?8)";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, t->person_id);
	sqlite3_bind_int64(st, 2, t->from_org_id);
	sqlite3_bind_int64(st, 3, t->to_org_id);
	db_bind_text(st, 4, t->letter_no);
	db_bind_date(st, 5, t->issued);
	db_bind_date(st, 6, t->valid_until);
	db_bind_text(st, 7, transfer_status_key(t->status));
	db_bind_text(st, 8, t->actor);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		error_setc(err, ST_CONFLICT, "letter", "transfer_letter_taken",
			   "the sending organization has already issued letter %s", t->letter_no);
		error_param(err, "letter", "%s", t->letter_no);
		return ST_CONFLICT;
	}
	if (rc != SQLITE_DONE)
		return db_sql_error(db, rc, err, "recording a transfer");
	t->id = sqlite3_last_insert_rowid(db->sql);
	return ST_OK;
}

int transfer_store_update(struct db *db, const struct transfer *t, struct error *err)
{
	static const char sql[] =
		"UPDATE transfers SET status=?2, received=?3, received_org_id=?4, returned=?5,"
		" return_reason=?6 WHERE id=?1";
	sqlite3_stmt *st = db_stmt(db, sql, err);

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, t->id);
	db_bind_text(st, 2, transfer_status_key(t->status));
	db_bind_date(st, 3, t->received);
	bind_id_or_null(st, 4, t->received_org_id);
	db_bind_date(st, 5, t->returned);
	if (t->return_reason[0])
		db_bind_text(st, 6, t->return_reason);
	else
		sqlite3_bind_null(st, 6);
	return db_step_done(db, st, err, "updating a transfer");
}

#define COLS "id, person_id, from_org_id, to_org_id, letter_no, issued, valid_until," \
	" status, received, coalesce(received_org_id, 0), returned, return_reason, actor," \
	" created_at"

static void read_row(sqlite3_stmt *st, struct transfer *t)
{
	char status[16];

	transfer_init(t);
	t->id = sqlite3_column_int64(st, 0);
	t->person_id = sqlite3_column_int64(st, 1);
	t->from_org_id = sqlite3_column_int64(st, 2);
	t->to_org_id = sqlite3_column_int64(st, 3);
	db_col_text(st, 4, t->letter_no, sizeof(t->letter_no));
	t->issued = db_col_date(st, 5);
	t->valid_until = db_col_date(st, 6);
	db_col_text(st, 7, status, sizeof(status));
	t->status = transfer_status_parse(status);
	t->received = db_col_date(st, 8);
	t->received_org_id = sqlite3_column_int64(st, 9);
	t->returned = db_col_date(st, 10);
	db_col_text(st, 11, t->return_reason, sizeof(t->return_reason));
	db_col_text(st, 12, t->actor, sizeof(t->actor));
	db_col_text(st, 13, t->created_at, sizeof(t->created_at));
}

/* One row of st (bound) into *out; ST_NOT_FOUND with msg when none. */
static int get_one(struct db *db, sqlite3_stmt *st, struct transfer *out, long long id,
		   int by_person, struct error *err)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		read_row(st, out);
		sqlite3_reset(st);
		return ST_OK;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_sql_error(db, rc, err, "reading a transfer");
	if (by_person)
		return error_setc(err, ST_NOT_FOUND, "id", "not_found",
				  "person %lld has no letter in transit", id);
	error_setc(err, ST_NOT_FOUND, "id", "not_found", "no transfer %lld", id);
	error_param(err, "id", "%lld", id);
	return ST_NOT_FOUND;
}

int transfer_store_get(struct db *db, long long id, struct transfer *out,
		       struct error *err)
{
	static const char sql[] = "SELECT " COLS " FROM transfers WHERE id=?1";
	sqlite3_stmt *st = db_stmt(db, sql, err);

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, id);
	return get_one(db, st, out, id, 0, err);
}

int transfer_store_open_of(struct db *db, long long person_id, struct transfer *out,
			   struct error *err)
{
	static const char sql[] = "SELECT " COLS " FROM transfers"
		" WHERE person_id=?1 AND status='in_transit'";
	sqlite3_stmt *st = db_stmt(db, sql, err);

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, person_id);
	return get_one(db, st, out, person_id, 1, err);
}

/* Binds a status filter (0: any) to parameter i. */
static void bind_status(sqlite3_stmt *st, int i, int status)
{
	if (status)
		db_bind_text(st, i, transfer_status_key(status));
	else
		sqlite3_bind_null(st, i);
}

/* Steps a bound list statement, each row to fn until it answers non-zero. */
static int visit_rows(struct db *db, sqlite3_stmt *st, transfer_visit_fn fn, void *ctx,
		      const char *what, struct error *err)
{
	struct transfer t;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_row(st, &t);
		if (fn(&t, ctx))
			break;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sql_error(db, rc, err, what);
	return ST_OK;
}

int transfer_store_list(struct db *db, long long org_id, int dir, long long person_id,
			int status, long long after_id, int limit, transfer_visit_fn fn,
			void *ctx, struct error *err)
{
	/* each branch of the union is one index range (the sender's letters,
	 * the destination's, the receiver's, the person's) */
	static const char sql[] =
		"SELECT " COLS " FROM transfers WHERE id IN ("
		" SELECT id FROM transfers WHERE ?2 IN (0, 1) AND from_org_id=?1 AND ?4 = 0"
		" UNION SELECT id FROM transfers WHERE ?2 IN (0, 2) AND to_org_id=?1 AND ?4 = 0"
		" UNION SELECT id FROM transfers WHERE ?2 IN (0, 2) AND received_org_id=?1 AND ?4 = 0"
		" UNION SELECT id FROM transfers WHERE person_id=?4"
		" UNION SELECT id FROM transfers WHERE ?2 = 3 AND id > ?5)"
		" AND (?3 IS NULL OR status=?3) AND id > ?5 ORDER BY id LIMIT ?6";
	sqlite3_stmt *st = db_stmt(db, sql, err);

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_int(st, 2, dir);
	bind_status(st, 3, status);
	sqlite3_bind_int64(st, 4, person_id);
	sqlite3_bind_int64(st, 5, after_id);
	sqlite3_bind_int(st, 6, limit);
	return visit_rows(db, st, fn, ctx, "reading transfers", err);
}

int transfer_store_list_subtree(struct db *db, long long root, int dir, int status,
				long long after_id, int limit, transfer_visit_fn fn, void *ctx,
				struct error *err)
{
	/* the subtree through the parent index (dissolved organizations too:
	 * their letters stay theirs), then per organization of it one index
	 * range of each column (the CROSS JOINs keep that loop order); the
	 * ids are sorted once, the rows read by primary key. The page's
	 * "id > ?4" stays outside the union: inside, the planner would walk
	 * the transfers by id instead of the subtree's index ranges
	 * (tests/unit/test-transfer-store.c counts the steps). */
	static const char sql[] =
		"WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL SELECT o.id FROM orgs o"
		" JOIN sub ON o.parent_id = sub.id)"
		" SELECT " COLS " FROM transfers WHERE id IN ("
		" SELECT t.id FROM sub CROSS JOIN transfers t ON t.from_org_id = sub.id"
		"  WHERE ?2 IN (0, 1)"
		" UNION SELECT t.id FROM sub CROSS JOIN transfers t ON t.to_org_id = sub.id"
		"  WHERE ?2 IN (0, 2)"
		" UNION SELECT t.id FROM sub CROSS JOIN transfers t ON t.received_org_id = sub.id"
		"  WHERE ?2 IN (0, 2))"
		" AND (?3 IS NULL OR status=?3) AND id > ?4 ORDER BY id LIMIT ?5";
	sqlite3_stmt *st = db_stmt(db, sql, err);

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, root);
	sqlite3_bind_int(st, 2, dir);
	bind_status(st, 3, status);
	sqlite3_bind_int64(st, 4, after_id);
	sqlite3_bind_int(st, 5, limit);
	return visit_rows(db, st, fn, ctx, "reading the transfers of a subtree", err);
}

int transfer_store_stuck(struct db *db, long long org_id, int day, int *due,
			 long long *n, struct error *err)
{
	static const char sql[] =
		"SELECT min(valid_until), count(*) FROM transfers WHERE from_org_id=?1"
		" AND issued <= ?2 AND valid_until < ?2"
		" AND (received IS NULL OR received > ?2) AND (returned IS NULL OR returned > ?2)";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	*due = DATE_NONE;
	*n = 0;
	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, org_id);
	db_bind_date(st, 2, day);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*due = db_col_date(st, 0);
		*n = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_sql_error(db, rc, err, "reading stuck transfers");
	return ST_OK;
}

int member_org_store_change(struct db *db, long long person_id, long long from_org,
			    long long to_org, int day, const char *reason,
			    long long transfer_id, struct error *err)
{
	static const char open_sql[] =
		"SELECT id, valid_from FROM member_orgs WHERE person_id=?1 AND valid_to IS NULL"
		" ORDER BY id DESC LIMIT 1";
	static const char close_sql[] = "UPDATE member_orgs SET valid_to=?2 WHERE id=?1";
	static const char ins_sql[] =
		"INSERT INTO member_orgs(person_id, org_id, valid_from, valid_to, reason,"
		" transfer_id) VALUES(?1,?2,?3,?4,?5,?6)";
	sqlite3_stmt *st = db_stmt(db, open_sql, err);
	long long open_id = 0;
	int from = DATE_NONE, rc;
	char d[DATE_STR_SIZE];

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, person_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		open_id = sqlite3_column_int64(st, 0);
		from = db_col_date(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sql_error(db, rc, err, "reading a member's organization");
	if (open_id && from != DATE_NONE && day < from) {
		error_setc(err, ST_CONFLICT, "date", "org_change_date_order",
			   "the member's organization last changed on %s; a change dated"
			   " before it is not recorded", date_format(from, d));
		error_param(err, "date", "%s", d);
		return ST_CONFLICT;
	}
	if (open_id) {
		if (!(st = db_stmt(db, close_sql, err)))
			return ST_DB;
		sqlite3_bind_int64(st, 1, open_id);
		db_bind_date(st, 2, day);
		if ((rc = db_step_done(db, st, err, "closing a member's period")))
			return rc;
	} else if (from_org) {
		if (!(st = db_stmt(db, ins_sql, err)))
			return ST_DB;
		sqlite3_bind_int64(st, 1, person_id);
		sqlite3_bind_int64(st, 2, from_org);
		sqlite3_bind_null(st, 3);
		db_bind_date(st, 4, day);
		db_bind_text(st, 5, "recorded");
		sqlite3_bind_null(st, 6);
		if ((rc = db_step_done(db, st, err, "recording a member's period")))
			return rc;
	}
	if (!to_org)
		return ST_OK;
	if (!(st = db_stmt(db, ins_sql, err)))
		return ST_DB;
	sqlite3_bind_int64(st, 1, person_id);
	sqlite3_bind_int64(st, 2, to_org);
	db_bind_date(st, 3, day);
	sqlite3_bind_null(st, 4);
	db_bind_text(st, 5, reason);
	bind_id_or_null(st, 6, transfer_id);
	return db_step_done(db, st, err, "recording a member's period");
}

int member_org_store_history(struct db *db, long long person_id, member_org_visit_fn fn,
			     void *ctx, struct error *err)
{
	static const char sql[] =
		"SELECT id, person_id, org_id, valid_from, valid_to, reason,"
		" coalesce(transfer_id, 0) FROM member_orgs WHERE person_id=?1"
		" ORDER BY valid_from IS NOT NULL, valid_from, id";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	struct member_org m;
	int rc;

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, person_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		m.id = sqlite3_column_int64(st, 0);
		m.person_id = sqlite3_column_int64(st, 1);
		m.org_id = sqlite3_column_int64(st, 2);
		m.valid_from = db_col_date(st, 3);
		m.valid_to = db_col_date(st, 4);
		db_col_text(st, 5, m.reason, sizeof(m.reason));
		m.transfer_id = sqlite3_column_int64(st, 6);
		if (fn(&m, ctx))
			break;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sql_error(db, rc, err, "reading a member's organizations");
	return ST_OK;
}

int member_org_store_on(struct db *db, long long org_id, int day, person_id_fn fn,
			void *ctx, struct error *err)
{
	/* the periods of org_id covering day (the index member_orgs_org), and
	 * the people registered there now (person_order) who have no period */
	static const char sql[] =
		"SELECT person_id FROM member_orgs WHERE org_id=?1"
		" AND (valid_from IS NULL OR valid_from <= ?2) AND (valid_to IS NULL OR valid_to > ?2)"
		" UNION SELECT o.person_id FROM person_order o WHERE o.org_id=?1"
		" AND NOT EXISTS (SELECT 1 FROM member_orgs m WHERE m.person_id = o.person_id)";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, org_id);
	db_bind_date(st, 2, day);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(sqlite3_column_int64(st, 0), ctx))
			break;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sql_error(db, rc, err, "reading the members of a day");
	return ST_OK;
}

int transfer_store_sample_members(struct db *db, long long k, int n, member_pick_fn fn,
				  void *ctx, struct error *err)
{
	static const char sql[] =
		"SELECT id, org_id FROM persons WHERE id % ?1 = 0 AND org_id IS NOT NULL"
		" AND status IN ('probationary', 'full') AND exited IS NULL ORDER BY id LIMIT ?2";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	long long (*rows)[2] = NULL;
	size_t nr = 0;
	int rc;

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, k > 0 ? k : 1);
	sqlite3_bind_int(st, 2, n);
	/* read all first: fn writes, and the statement must not stay open */
	rows = xcalloc(n > 0 ? (size_t)n : 1, sizeof(*rows));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && nr < (size_t)n) {
		rows[nr][0] = sqlite3_column_int64(st, 0);
		rows[nr][1] = sqlite3_column_int64(st, 1);
		nr++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		free(rows);
		return db_sql_error(db, rc, err, "sampling members");
	}
	rc = ST_OK;
	for (size_t i = 0; i < nr && !rc; i++)
		rc = fn(rows[i][0], rows[i][1], ctx);
	free(rows);
	return rc;
}

int member_org_store_moved_since(struct db *db, int day, member_moved_fn fn, void *ctx,
				 struct error *err)
{
	static const char sql[] =
		/* CROSS JOIN: the periods drive, each person by its key (a
		 * planner that walked the persons would scan the country) */
		"SELECT m.person_id, m.org_id, ifnull(p.org_id, 0) FROM member_orgs m"
		" CROSS JOIN persons p ON p.id = m.person_id"
		" WHERE (m.valid_from IS NULL OR m.valid_from <= ?1)"
		" AND (m.valid_to IS NULL OR m.valid_to > ?1) AND m.org_id IS NOT p.org_id";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	long long (*rows)[3] = NULL;
	size_t nr = 0, alloc = 0;
	int rc;

	if (!st)
		return ST_DB;
	db_bind_date(st, 1, day);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ALLOC_GROW(rows, nr + 1, alloc);
		for (int i = 0; i < 3; i++)
			rows[nr][i] = sqlite3_column_int64(st, i);
		nr++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(rows);
		return db_sql_error(db, rc, err, "reading the members' organizations of a day");
	}
	rc = ST_OK;
	for (size_t i = 0; i < nr && !rc; i++)
		rc = fn(rows[i][0], rows[i][1], rows[i][2], ctx);
	free(rows);
	return rc;
}

struct dest_seen {
	char code[TRANSFER_DEST_LIMIT_MAX][ORG_CODE_SIZE];
	int n;
};

static int dest_seen(const struct dest_seen *d, const char *code)
{
	for (int i = 0; i < d->n; i++)
		if (!strcmp(d->code[i], code))
			return 1;
	return 0;
}

int transfer_store_destinations(struct db *db, const char *text, int limit, dest_fn fn,
				void *ctx, int *partial, struct error *err)
{
	/* each branch one range of an index (orgs' code, orgs_name), cut at
	 * the limit before the merge; ?3 is text followed by U+10FFFF */
	static const char sql[] =
		"SELECT code, name FROM ("
		" SELECT * FROM (SELECT code, name, 0 AS k FROM orgs WHERE code = ?1"
		"  AND dissolved IS NULL)"
		" UNION ALL SELECT * FROM (SELECT code, name, 1 AS k FROM orgs WHERE code > ?1"
		"  AND code < ?3 AND dissolved IS NULL ORDER BY code LIMIT ?2)"
		" UNION ALL SELECT * FROM (SELECT code, name, 2 AS k FROM orgs WHERE name >= ?1"
		"  AND name < ?3 AND dissolved IS NULL ORDER BY name LIMIT ?2))"
		" GROUP BY code ORDER BY min(k), length(code), code LIMIT ?2";
	/* the substring: the first ?1 entries of the name index (name and
	 * id only), matched here; a match's code and state by primary key */
	static const char scan_sql[] = "SELECT id, name FROM orgs ORDER BY name, id LIMIT ?1";
	static const char one_sql[] = "SELECT code FROM orgs WHERE id = ?1 AND dissolved IS NULL";
	sqlite3_stmt *st = db_stmt(db, sql, err), *scan, *one;
	struct dest_seen *seen = NULL;
	char hi[4 * 80 + 8];
	long long scanned = 0;
	int rc, src = SQLITE_DONE, stop = 0;

	*partial = 0;
	if (!st)
		return ST_DB;
	if (limit > TRANSFER_DEST_LIMIT_MAX)
		limit = TRANSFER_DEST_LIMIT_MAX;
	seen = xcalloc(1, sizeof(*seen));
	snprintf(hi, sizeof(hi), "%s\xf4\x8f\xbf\xbf", text);
	db_bind_text(st, 1, text);
	sqlite3_bind_int(st, 2, limit);
	db_bind_text(st, 3, hi);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);
		snprintf(seen->code[seen->n++], ORG_CODE_SIZE, "%s", code);
		stop = fn(code, (const char *)sqlite3_column_text(st, 1), ctx);
	}
	sqlite3_reset(st);
	if (!stop && rc != SQLITE_DONE) {
		rc = db_sql_error(db, rc, err, "searching destinations");
		goto out;
	}
	rc = ST_OK;
	if (stop || seen->n >= limit)
		goto out;
	if (!(scan = db_stmt(db, scan_sql, err)) || !(one = db_stmt(db, one_sql, err))) {
		rc = ST_DB;
		goto out;
	}
	sqlite3_bind_int64(scan, 1, TRANSFER_DEST_SCAN_MAX);
	while (!stop && seen->n < limit && (src = sqlite3_step(scan)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(scan, 1);
		int orc;
		scanned++;
		if (!name || !strstr(name, text))
			continue;
		sqlite3_bind_int64(one, 1, sqlite3_column_int64(scan, 0));
		if ((orc = sqlite3_step(one)) == SQLITE_ROW) {
			const char *code = (const char *)sqlite3_column_text(one, 0);
			if (!dest_seen(seen, code)) {
				snprintf(seen->code[seen->n++], ORG_CODE_SIZE, "%s", code);
				stop = fn(code, name, ctx);
			}
		}
		sqlite3_reset(one);
		if (orc != SQLITE_ROW && orc != SQLITE_DONE) {
			sqlite3_reset(scan);
			rc = db_sql_error(db, orc, err, "searching destinations");
			goto out;
		}
	}
	if (!stop && seen->n < limit && src != SQLITE_ROW && src != SQLITE_DONE) {
		sqlite3_reset(scan);
		rc = db_sql_error(db, src, err, "searching destinations");
		goto out;
	}
	sqlite3_reset(scan);
	/* the window ended before the index did: there may be more */
	*partial = !stop && seen->n < limit && scanned == TRANSFER_DEST_SCAN_MAX;
out:
	free(seen);
	return rc;
}
