/*
 * audit-store.c - SQL and hash chain of audit_log and access_log, and the
 * ow_audit() SQL function the row triggers of migration 2 call.
 *
 * The chain link of a new row is read from the last row inside the
 * writing transaction (BEGIN IMMEDIATE serializes writers), so concurrent
 * connections extend one chain. Not for: what is logged (ops/audit.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "core/strbuf.h"
#include "store/audit-store.h"
#include "store/db-internal.h"

/* UTC now as 2026-01-02T03:04:05.678Z (buf of at least 25 bytes). The
 * seconds part is formatted once per second and thread. */
static void now_text(char *buf, size_t size)
{
	static _Thread_local time_t last_sec = -1;
	static _Thread_local char last[24];
	struct timeval tv;
	int ms;

	gettimeofday(&tv, NULL);
	if (tv.tv_sec != last_sec) {
		struct tm tm;
		gmtime_r(&tv.tv_sec, &tm);
		strftime(last, sizeof(last), "%Y-%m-%dT%H:%M:%S", &tm);
		last_sec = tv.tv_sec;
	}
	ms = (int)(tv.tv_usec / 1000);
	if (size < 25 || strlen(last) != 19) {
		snprintf(buf, size, "%s.%03dZ", last, ms);
		return;
	}
	memcpy(buf, last, 19);
	buf[19] = '.';
	buf[20] = (char)('0' + ms / 100);
	buf[21] = (char)('0' + ms / 10 % 10);
	buf[22] = (char)('0' + ms % 10);
	buf[23] = 'Z';
	buf[24] = '\0';
}

static void put_field(struct strbuf *sb, const char *s, size_t n)
{
	unsigned char hdr[5];

	hdr[0] = s ? 1 : 0;
	hdr[1] = (unsigned char)(n >> 24);
	hdr[2] = (unsigned char)(n >> 16);
	hdr[3] = (unsigned char)(n >> 8);
	hdr[4] = (unsigned char)n;
	strbuf_add(sb, hdr, sizeof(hdr));
	if (n)
		strbuf_add(sb, s, n);
}

/* hash = MAC(prev || be64(id) || fields). */
static int row_hash(const unsigned char prev[CRYPTO_HASH_BYTES], long long id,
		    const char *at, const char *actor, const char *action,
		    const char *object, const char *before, const char *after,
		    unsigned char out[CRYPTO_HASH_BYTES])
{
	const char *f[6] = { at, actor, action, object, before, after };
	size_t n[6], total = CRYPTO_HASH_BYTES + 8;
	unsigned char idb[8], small[1024];
	struct strbuf sb;
	int rc;

	for (int i = 0; i < 8; i++)
		idb[i] = (unsigned char)((unsigned long long)id >> (56 - 8 * i));
	for (int i = 0; i < 6; i++) {
		n[i] = f[i] ? strlen(f[i]) : 0;
		total += 5 + n[i];
	}
	if (total <= sizeof(small)) {
		/* the usual row: the same bytes, on the stack */
		unsigned char *p = small;
		memcpy(p, prev, CRYPTO_HASH_BYTES);
		p += CRYPTO_HASH_BYTES;
		memcpy(p, idb, sizeof(idb));
		p += sizeof(idb);
		for (int i = 0; i < 6; i++) {
			*p++ = f[i] ? 1 : 0;
			*p++ = (unsigned char)(n[i] >> 24);
			*p++ = (unsigned char)(n[i] >> 16);
			*p++ = (unsigned char)(n[i] >> 8);
			*p++ = (unsigned char)n[i];
			if (n[i])
				memcpy(p, f[i], n[i]);
			p += n[i];
		}
		return crypto_audit_mac(small, (size_t)(p - small), out);
	}
	strbuf_init(&sb, 0);
	strbuf_add(&sb, prev, CRYPTO_HASH_BYTES);
	strbuf_add(&sb, idb, sizeof(idb));
	for (int i = 0; i < 6; i++)
		put_field(&sb, f[i], n[i]);
	rc = crypto_audit_mac(sb.buf, sb.len, out);
	strbuf_release(&sb);
	return rc;
}

int audit_store_append(struct db *db, enum audit_table table, const char *actor,
		       const char *action, const char *object, const char *before,
		       const char *after, long long *id_out, struct error *err)
{
	static const char last_audit[] =
		"SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1";
	static const char last_access[] =
		"SELECT id, hash FROM access_log ORDER BY id DESC LIMIT 1";
	static const char ins_audit[] =
		"INSERT INTO audit_log(id, at, actor, action, object, before, after, hash)"
		" VALUES(?1,?2,?3,?4,?5,?6,?7,?8)";
	static const char ins_access[] =
		"INSERT INTO access_log(id, at, actor, action, object, before, after, hash)"
		" VALUES(?1,?2,?3,?4,?5,?6,?7,?8)";
	unsigned char prev[CRYPTO_HASH_BYTES] = { 0 }, hash[CRYPTO_HASH_BYTES];
	char at[32];
	long long id = 1;
	sqlite3_stmt *st = db_stmt(db, table == AUDIT_LOG ? last_audit : last_access, err);
	int rc;

	if (!st)
		return ST_DB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0) + 1;
		if (sqlite3_column_bytes(st, 1) == CRYPTO_HASH_BYTES)
			memcpy(prev, sqlite3_column_blob(st, 1), CRYPTO_HASH_BYTES);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sql_error(db, rc, err, "reading the audit chain");
	now_text(at, sizeof(at));
	if (!actor || !*actor)
		actor = "unknown";
	if (row_hash(prev, id, at, actor, action, object, before, after, hash))
		return error_set(err, ST_INTERNAL, "key", "no data key loaded");
	if (!(st = db_stmt(db, table == AUDIT_LOG ? ins_audit : ins_access, err)))
		return ST_DB;
	/* The bound buffers outlive the step (db_step_done resets): no copies. */
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, object, -1, SQLITE_STATIC);
	if (before)
		sqlite3_bind_text(st, 6, before, -1, SQLITE_STATIC);
	if (after)
		sqlite3_bind_text(st, 7, after, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 8, hash, sizeof(hash), SQLITE_STATIC);
	if ((rc = db_step_done(db, st, err, "appending to the audit log")))
		return rc;
	if (id_out)
		*id_out = id;
	return ST_OK;
}

/* ow_audit(default_action, object, before_json, after_json) */
static void ow_audit_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct db *db = sqlite3_user_data(ctx);
	struct error err = ERROR_INIT;
	const char *action;

	(void)argc;
	if (db->audit_rows_off) {
		sqlite3_result_null(ctx);
		return;
	}
	action = db->action[0] ? db->action : (const char *)sqlite3_value_text(argv[0]);
	if (audit_store_append(db, AUDIT_LOG, db->actor, action ? action : "?",
			       (const char *)sqlite3_value_text(argv[1]),
			       (const char *)sqlite3_value_text(argv[2]),
			       (const char *)sqlite3_value_text(argv[3]), NULL, &err)) {
		sqlite3_result_error(ctx, err.message, -1);
		return;
	}
	sqlite3_result_null(ctx);
}

/* ow_audit_rows(on): audit_store_rows from SQL, for a migration that
 * rewrites every row and records one summary row instead (db_migrate turns
 * the rows back on after each migration, whatever its outcome). */
static void ow_audit_rows_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	audit_store_rows(sqlite3_user_data(ctx), sqlite3_value_int(argv[0]));
	sqlite3_result_null(ctx);
}

void audit_store_install(struct db *db)
{
	sqlite3_create_function(db->sql, "ow_audit", 4, SQLITE_UTF8 | SQLITE_INNOCUOUS,
				db, ow_audit_fn, NULL, NULL);
	sqlite3_create_function(db->sql, "ow_audit_rows", 1, SQLITE_UTF8 | SQLITE_DIRECTONLY,
				db, ow_audit_rows_fn, NULL, NULL);
}

/* snprintf(buf, size, "%s", s) without the printf machinery. */
static void copy_cut(char *buf, size_t size, const char *s)
{
	size_t n = strnlen(s, size - 1);

	memcpy(buf, s, n);
	buf[n] = '\0';
}

void audit_store_set_context(struct db *db, const char *actor, const char *action)
{
	if (actor)
		copy_cut(db->actor, sizeof(db->actor), actor);
	copy_cut(db->action, sizeof(db->action), action ? action : "");
}

const char *audit_store_actor(struct db *db)
{
	return db->actor;
}

void audit_store_rows(struct db *db, int on)
{
	db->audit_rows_off = !on;
}

static void read_row(sqlite3_stmt *st, struct audit_row *r)
{
	r->id = sqlite3_column_int64(st, 0);
	db_col_text(st, 1, r->at, sizeof(r->at));
	db_col_text(st, 2, r->actor, sizeof(r->actor));
	db_col_text(st, 3, r->action, sizeof(r->action));
	db_col_text(st, 4, r->object, sizeof(r->object));
	r->before = (const char *)sqlite3_column_text(st, 5);
	r->after = (const char *)sqlite3_column_text(st, 6);
	r->hash[0] = '\0';
	if (sqlite3_column_bytes(st, 7) == CRYPTO_HASH_BYTES)
		crypto_hex(sqlite3_column_blob(st, 7), CRYPTO_HASH_BYTES, r->hash);
}

int audit_store_list(struct db *db, enum audit_table table, long long before_id,
		     int limit, audit_visit_fn fn, void *ctx, long long *next,
		     struct error *err)
{
	static const char sql_audit[] =
		"SELECT id, at, actor, action, object, before, after, hash FROM audit_log"
		" WHERE (?1 = 0 OR id < ?1) ORDER BY id DESC LIMIT ?2";
	static const char sql_access[] =
		"SELECT id, at, actor, action, object, before, after, hash FROM access_log"
		" WHERE (?1 = 0 OR id < ?1) ORDER BY id DESC LIMIT ?2";
	sqlite3_stmt *st = db_stmt(db, table == AUDIT_LOG ? sql_audit : sql_access, err);
	struct audit_row r;
	int rc, n = 0;

	if (next)
		*next = 0;
	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, before_id);
	sqlite3_bind_int(st, 2, limit + 1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_row(st, &r);
		if (n == limit) {
			rc = SQLITE_DONE;
			break;
		}
		n++;
		if (next)
			*next = r.id;
		if (fn(&r, ctx)) {
			rc = SQLITE_DONE;
			if (next)
				*next = 0;
			break;
		}
	}
	if (n < limit && next)
		*next = 0;
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_sql_error(db, rc, err, "reading the audit log");
	return ST_OK;
}

int audit_store_verify(struct db *db, enum audit_table table, long long *checked,
		       long long *first_bad, struct error *err)
{
	static const char sql_audit[] =
		"SELECT id, at, actor, action, object, before, after, hash FROM audit_log"
		" ORDER BY id";
	static const char sql_access[] =
		"SELECT id, at, actor, action, object, before, after, hash FROM access_log"
		" ORDER BY id";
	sqlite3_stmt *st = db_stmt(db, table == AUDIT_LOG ? sql_audit : sql_access, err);
	unsigned char prev[CRYPTO_HASH_BYTES] = { 0 }, h[CRYPTO_HASH_BYTES];
	long long expect = 1;
	int rc;

	*checked = 0;
	*first_bad = 0;
	if (!st)
		return ST_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		const void *stored = sqlite3_column_blob(st, 7);
		int ok = id == expect && sqlite3_column_bytes(st, 7) == CRYPTO_HASH_BYTES;

		if (row_hash(prev, id, (const char *)sqlite3_column_text(st, 1),
			     (const char *)sqlite3_column_text(st, 2),
			     (const char *)sqlite3_column_text(st, 3),
			     (const char *)sqlite3_column_text(st, 4),
			     (const char *)sqlite3_column_text(st, 5),
			     (const char *)sqlite3_column_text(st, 6), h)) {
			sqlite3_reset(st);
			return error_set(err, ST_INTERNAL, "key", "no data key loaded");
		}
		ok = ok && !memcmp(h, stored, CRYPTO_HASH_BYTES);
		(*checked)++;
		if (!ok) {
			*first_bad = id;
			break;
		}
		memcpy(prev, stored, CRYPTO_HASH_BYTES);
		expect = id + 1;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_sql_error(db, rc, err, "verifying the audit log");
	return ST_OK;
}
