/*
 * user-store.c - SQL for users and sessions.
 *
 * Roles are stored by key. The password hash and the sealed TOTP secret
 * are read only through user_store_secrets, never with the user record;
 * the password hash of a request only through user_request_store_get.
 */
#include <stdio.h>
#include <string.h>

#include "store/db-internal.h"
#include "store/user-store.h"

#define USER_COLUMNS \
	"id, login, role, scope_org_id, person_id, disabled, totp IS NOT NULL," \
	" created_at, pw_changed_at," \
	" EXISTS(SELECT 1 FROM user_totp_exempt x WHERE x.user_id = users.id)"

static void read_user(sqlite3_stmt *st, struct user *u)
{
	char key[32];

	memset(u, 0, sizeof(*u));
	u->id = sqlite3_column_int64(st, 0);
	db_col_text(st, 1, u->login, sizeof(u->login));
	db_col_text(st, 2, key, sizeof(key));
	u->role = role_parse(key);
	u->scope_org_id = sqlite3_column_int64(st, 3);
	u->person_id = sqlite3_column_int64(st, 4);
	u->disabled = sqlite3_column_int(st, 5);
	u->has_totp = sqlite3_column_int(st, 6);
	db_col_text(st, 7, u->created_at, sizeof(u->created_at));
	db_col_text(st, 8, u->pw_changed_at, sizeof(u->pw_changed_at));
	u->totp_exempt = sqlite3_column_int(st, 9);
}

int user_store_insert(struct db *db, struct user *u, const char *pwhash,
		      const unsigned char *totp, size_t totp_len, struct error *err)
{
	static const char sql[] =
		"INSERT INTO users(login, pwhash, role, scope_org_id, person_id, totp,"
		" disabled, pw_changed_at)"
		" VALUES(?1,?2,?3,?4,?5,?6,?7,strftime('%Y-%m-%dT%H:%M:%SZ','now'))";
	static const char exempt_sql[] = "INSERT INTO user_totp_exempt(user_id) VALUES(?1)";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (!st)
		return ST_DB;
	db_bind_text(st, 1, u->login);
	db_bind_text(st, 2, pwhash);
	db_bind_text(st, 3, role_key(u->role));
	db_bind_id(st, 4, u->scope_org_id);
	db_bind_id(st, 5, u->person_id);
	if (totp && totp_len)
		sqlite3_bind_blob(st, 6, totp, (int)totp_len, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 7, u->disabled);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		if ((rc & 0xff) == SQLITE_CONSTRAINT &&
		    strstr(sqlite3_errmsg(db->sql), "users.login")) {
			error_setc(err, ST_CONFLICT, "login", "login_taken",
				   "login %s is already taken", u->login);
			error_param(err, "login", "%s", u->login);
			return ST_CONFLICT;
		}
		return db_sql_error(db, rc, err, "inserting user");
	}
	u->id = sqlite3_last_insert_rowid(db->sql);
	if (!u->totp_exempt)
		return ST_OK;
	if (!(st = db_stmt(db, exempt_sql, err)))
		return ST_DB;
	sqlite3_bind_int64(st, 1, u->id);
	return db_step_done(db, st, err, "marking the TOTP exemption");
}

int user_store_update(struct db *db, const struct user *u, struct error *err)
{
	static const char sql[] =
		"UPDATE users SET role=?2, scope_org_id=?3, person_id=?4, disabled=?5"
		" WHERE id=?1";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, u->id);
	db_bind_text(st, 2, role_key(u->role));
	db_bind_id(st, 3, u->scope_org_id);
	db_bind_id(st, 4, u->person_id);
	sqlite3_bind_int(st, 5, u->disabled);
	if ((rc = db_step_done(db, st, err, "updating user")))
		return rc;
	if (sqlite3_changes(db->sql) == 0)
		return error_set(err, ST_NOT_FOUND, "id", "no user %lld", u->id);
	return ST_OK;
}

int user_store_set_password(struct db *db, long long id, const char *pwhash,
			    struct error *err)
{
	static const char sql[] =
		"UPDATE users SET pwhash=?2,"
		" pw_changed_at=strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id=?1";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, pwhash);
	if ((rc = db_step_done(db, st, err, "setting password")))
		return rc;
	if (sqlite3_changes(db->sql) == 0)
		return error_set(err, ST_NOT_FOUND, "id", "no user %lld", id);
	return ST_OK;
}

static int get_one(struct db *db, sqlite3_stmt *st, struct user *out,
		   struct error *err)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		read_user(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return error_set(err, ST_NOT_FOUND, "user", "no such user");
	return rc == SQLITE_ROW ? ST_OK : db_sql_error(db, rc, err, "reading user");
}

int user_store_get(struct db *db, long long id, struct user *out, struct error *err)
{
	static const char sql[] = "SELECT " USER_COLUMNS " FROM users WHERE id=?1";
	sqlite3_stmt *st = db_stmt(db, sql, err);

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, id);
	return get_one(db, st, out, err);
}

int user_store_get_by_login(struct db *db, const char *login, struct user *out,
			    struct error *err)
{
	static const char sql[] = "SELECT " USER_COLUMNS " FROM users WHERE login=?1";
	sqlite3_stmt *st = db_stmt(db, sql, err);

	if (!st)
		return ST_DB;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_TRANSIENT);
	return get_one(db, st, out, err);
}

int user_store_secrets(struct db *db, long long id, char *pwhash,
		       unsigned char *totp, size_t *totp_len, struct error *err)
{
	static const char sql[] = "SELECT pwhash, totp FROM users WHERE id=?1";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	*totp_len = 0;
	pwhash[0] = '\0';
	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		int n = sqlite3_column_bytes(st, 1);
		db_col_text(st, 0, pwhash, CRYPTO_PWHASH_SIZE);
		if (n > 0 && n <= 128) {
			memcpy(totp, sqlite3_column_blob(st, 1), (size_t)n);
			*totp_len = (size_t)n;
		}
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return error_set(err, ST_NOT_FOUND, "user", "no such user");
	return rc == SQLITE_ROW ? ST_OK : db_sql_error(db, rc, err, "reading user");
}

int user_store_list(struct db *db, user_visit_fn fn, void *ctx, struct error *err)
{
	static const char sql[] = "SELECT " USER_COLUMNS " FROM users ORDER BY login";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	struct user u;
	int rc;

	if (!st)
		return ST_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_user(st, &u);
		if (fn(&u, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_sql_error(db, rc, err, "listing users");
}

int user_store_set_totp(struct db *db, long long id, const unsigned char *totp,
			size_t totp_len, struct error *err)
{
	static const char sql[] = "UPDATE users SET totp=?2 WHERE id=?1";
	static const char unexempt[] = "DELETE FROM user_totp_exempt WHERE user_id=?1";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_blob(st, 2, totp, (int)totp_len, SQLITE_TRANSIENT);
	if ((rc = db_step_done(db, st, err, "setting TOTP")))
		return rc;
	if (sqlite3_changes(db->sql) == 0)
		return error_set(err, ST_NOT_FOUND, "id", "no user %lld", id);
	if (!(st = db_stmt(db, unexempt, err)))
		return ST_DB;
	sqlite3_bind_int64(st, 1, id);
	return db_step_done(db, st, err, "clearing the TOTP exemption");
}

/* ---- account requests ------------------------------------------------- */

#define UREQ_COLUMNS \
	"r.id, r.kind, r.user_id, u.login, r.requested_by, b.login, r.requested_at," \
	" r.role, r.scope_org_id, r.person_id, r.disabled, r.pwhash IS NOT NULL," \
	" r.state, r.decided_by, r.decided_at, r.reason, r.pwhash" \
	" FROM user_requests r JOIN users u ON u.id = r.user_id" \
	" JOIN users b ON b.id = r.requested_by"

static void read_request(sqlite3_stmt *st, struct user_request *r)
{
	char key[32];

	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	db_col_text(st, 1, key, sizeof(key));
	r->kind = user_request_kind_parse(key);
	r->user_id = sqlite3_column_int64(st, 2);
	db_col_text(st, 3, r->login, sizeof(r->login));
	r->requested_by = sqlite3_column_int64(st, 4);
	db_col_text(st, 5, r->requested_by_login, sizeof(r->requested_by_login));
	db_col_text(st, 6, r->requested_at, sizeof(r->requested_at));
	db_col_text(st, 7, key, sizeof(key));
	r->role = role_parse(key);
	r->scope_org_id = sqlite3_column_int64(st, 8);
	r->person_id = sqlite3_column_int64(st, 9);
	r->disabled = sqlite3_column_int(st, 10);
	r->has_password = sqlite3_column_int(st, 11);
	db_col_text(st, 12, key, sizeof(key));
	r->state = user_request_state_parse(key);
	r->decided_by = sqlite3_column_int64(st, 13);
	db_col_text(st, 14, r->decided_at, sizeof(r->decided_at));
	db_col_text(st, 15, r->reason, sizeof(r->reason));
}

int user_request_store_insert(struct db *db, struct user_request *r,
			      const char *pwhash, struct error *err)
{
	static const char sql[] =
		"INSERT INTO user_requests(kind, user_id, requested_by, role,"
		" scope_org_id, person_id, disabled, pwhash) VALUES(?1,?2,?3,?4,?5,?6,?7,?8)";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (!st)
		return ST_DB;
	db_bind_text(st, 1, user_request_kind_key(r->kind));
	sqlite3_bind_int64(st, 2, r->user_id);
	sqlite3_bind_int64(st, 3, r->requested_by);
	db_bind_text(st, 4, role_key(r->role));
	db_bind_id(st, 5, r->scope_org_id);
	db_bind_id(st, 6, r->person_id);
	sqlite3_bind_int(st, 7, r->disabled);
	db_bind_text(st, 8, pwhash);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		if ((rc & 0xff) == SQLITE_CONSTRAINT &&
		    strstr(sqlite3_errmsg(db->sql), "user_requests.user_id"))
			return error_setc(err, ST_CONFLICT, "id", "request_pending",
					  "a request for user %lld is already pending",
					  r->user_id);
		return db_sql_error(db, rc, err, "inserting account request");
	}
	r->id = sqlite3_last_insert_rowid(db->sql);
	r->state = UREQ_PENDING;
	return ST_OK;
}

int user_request_store_get(struct db *db, long long id, struct user_request *out,
			   char *pwhash, struct error *err)
{
	static const char sql[] = "SELECT " UREQ_COLUMNS " WHERE r.id=?1";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (pwhash)
		pwhash[0] = '\0';
	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_request(st, out);
		if (pwhash)
			db_col_text(st, 16, pwhash, CRYPTO_PWHASH_SIZE);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return error_set(err, ST_NOT_FOUND, "id", "no request %lld", id);
	return rc == SQLITE_ROW ? ST_OK : db_sql_error(db, rc, err, "reading request");
}

int user_request_store_decide(struct db *db, long long id, int state,
			      long long decided_by, const char *reason,
			      struct error *err)
{
	static const char sql[] =
		"UPDATE user_requests SET state=?2, decided_by=?3, reason=?4, pwhash=NULL,"
		" decided_at=strftime('%Y-%m-%dT%H:%M:%SZ','now')"
		" WHERE id=?1 AND state='pending'";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, user_request_state_key(state));
	db_bind_id(st, 3, decided_by);
	db_bind_text(st, 4, reason && *reason ? reason : NULL);
	if ((rc = db_step_done(db, st, err, "deciding request")))
		return rc;
	if (sqlite3_changes(db->sql) == 0)
		return error_setc(err, ST_CONFLICT, "id", "request_not_pending",
				  "request %lld is not pending", id);
	return ST_OK;
}

int user_request_store_list(struct db *db, int state, user_request_visit_fn fn,
			    void *ctx, struct error *err)
{
	static const char sql[] =
		"SELECT " UREQ_COLUMNS " WHERE ?1 IS NULL OR r.state=?1 ORDER BY r.id DESC"
		" LIMIT 1000";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	struct user_request r;
	int rc;

	if (!st)
		return ST_DB;
	db_bind_text(st, 1, state ? user_request_state_key(state) : NULL);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_request(st, &r);
		if (fn(&r, ctx)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_sql_error(db, rc, err, "listing requests");
}

int session_store_insert(struct db *db, const unsigned char hash[CRYPTO_HASH_BYTES],
			 const struct session *s, const char *ip, struct error *err)
{
	static const char sql[] =
		"INSERT INTO sessions(hash, user_id, csrf, created, seen, ip)"
		" VALUES(?1,?2,?3,?4,?5,?6)";
	sqlite3_stmt *st = db_stmt(db, sql, err);

	if (!st)
		return ST_DB;
	sqlite3_bind_blob(st, 1, hash, CRYPTO_HASH_BYTES, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, s->user_id);
	sqlite3_bind_text(st, 3, s->csrf, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, s->created);
	sqlite3_bind_int64(st, 5, s->seen);
	db_bind_text(st, 6, ip);
	return db_step_done(db, st, err, "creating session");
}

int session_store_get(struct db *db, const unsigned char hash[CRYPTO_HASH_BYTES],
		      struct session *out, struct error *err)
{
	static const char sql[] =
		"SELECT user_id, csrf, created, seen FROM sessions WHERE hash=?1";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (!st)
		return ST_DB;
	sqlite3_bind_blob(st, 1, hash, CRYPTO_HASH_BYTES, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->user_id = sqlite3_column_int64(st, 0);
		db_col_text(st, 1, out->csrf, sizeof(out->csrf));
		out->created = sqlite3_column_int64(st, 2);
		out->seen = sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return error_set(err, ST_NOT_FOUND, "session", "no such session");
	return rc == SQLITE_ROW ? ST_OK : db_sql_error(db, rc, err, "reading session");
}

int session_store_touch(struct db *db, const unsigned char hash[CRYPTO_HASH_BYTES],
			long long now, struct error *err)
{
	static const char sql[] = "UPDATE sessions SET seen=?2 WHERE hash=?1";
	sqlite3_stmt *st = db_stmt(db, sql, err);

	if (!st)
		return ST_DB;
	sqlite3_bind_blob(st, 1, hash, CRYPTO_HASH_BYTES, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, now);
	return db_step_done(db, st, err, "touching session");
}

int session_store_delete(struct db *db, const unsigned char hash[CRYPTO_HASH_BYTES],
			 struct error *err)
{
	static const char sql[] = "DELETE FROM sessions WHERE hash=?1";
	sqlite3_stmt *st = db_stmt(db, sql, err);

	if (!st)
		return ST_DB;
	sqlite3_bind_blob(st, 1, hash, CRYPTO_HASH_BYTES, SQLITE_TRANSIENT);
	return db_step_done(db, st, err, "deleting session");
}

int session_store_delete_user(struct db *db, long long user_id,
			      const unsigned char *keep, long long *n,
			      struct error *err)
{
	static const char sql[] =
		"DELETE FROM sessions WHERE user_id=?1 AND (?2 IS NULL OR hash <> ?2)";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, user_id);
	if (keep)
		sqlite3_bind_blob(st, 2, keep, CRYPTO_HASH_BYTES, SQLITE_TRANSIENT);
	if ((rc = db_step_done(db, st, err, "deleting sessions")))
		return rc;
	if (n)
		*n = sqlite3_changes(db->sql);
	return ST_OK;
}

int session_store_purge(struct db *db, long long idle_before,
			long long created_before, struct error *err)
{
	static const char sql[] =
		"DELETE FROM sessions WHERE seen < ?1 OR created < ?2";
	sqlite3_stmt *st = db_stmt(db, sql, err);

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, idle_before);
	sqlite3_bind_int64(st, 2, created_before);
	return db_step_done(db, st, err, "purging sessions");
}
