/*
 * test-login-throttle.c - the login throttle of ops/users.c over its table
 * (store/throttle-store.c): the lock starts at the free count and doubles
 * up to the maximum; a quiet row is forgotten; old rows are deleted a few
 * at a time, locked ones never; a success forgets its (name, address) and
 * takes back only its own attempt from the address; unknown and known
 * names are answered alike. Times are moved by rewriting the rows.
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
#include <sqlite3.h>

#include "core/date.h"
#include "model/codes.h"
#include "ops/org-ops.h"
#include "ops/users.h"
#include "store/db-internal.h"

static struct db *db;
static char path[256];
static long long A;

static long long num(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static long long num(const char *fmt, ...)
{
	char sql[512];
	sqlite3_stmt *st;
	long long v = -1;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	assert_int_equal(sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void exec(const char *sql)
{
	assert_int_equal(sqlite3_exec(db->sql, sql, NULL, NULL, NULL), SQLITE_OK);
}

static int attempt(const char *login, const char *password, const char *ip,
		   struct error *err)
{
	struct login lg;

	error_clear(err);
	return user_login(db, login, password, NULL, ip, &lg, err);
}

static int setup(void **state)
{
	struct org o;
	struct user u;
	char uri[TOTP_URI_SIZE];

	(void)state;
	setenv("ORGWORK_PWHASH", "fast", 1);
	snprintf(path, sizeof(path), "/tmp/test-login-throttle-%d.db", (int)getpid());
	unlink(path);
	if (db_open(path, DB_OPEN_CREATE, &db, NULL))
		return -1;
	org_init(&o);
	snprintf(o.code, sizeof(o.code), "A");
	snprintf(o.name, sizeof(o.name), "组织A");
	o.kind = ORG_COMMITTEE;
	o.sector = SECTOR_OTHER;
	o.established = date_from_ymd(1990, 1, 1);
	if (org_create(db, &o, "test", NULL, NULL))
		return -1;
	A = o.id;
	memset(&u, 0, sizeof(u));
	snprintf(u.login, sizeof(u.login), "clerk");
	u.role = ROLE_AUDITOR;        /* logs in with a password alone */
	u.scope_org_id = A;
	return user_create(db, &u, "correct horse battery", 0, uri, NULL) ? -1 : 0;
}

static int teardown(void **state)
{
	static const char *const ext[] = { "", ".key", "-wal", "-shm" };
	char p[300];

	(void)state;
	db_close(db);
	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", path, ext[i]);
		unlink(p);
	}
	return 0;
}

/* Each case: an empty table and small numbers. */
static int fresh(void **state)
{
	struct login_throttle_settings s;

	(void)state;
	exec("DELETE FROM login_throttle");
	user_throttle_defaults(&s);
	s.account_fails = 2;
	s.address_fails = 100;
	s.base_delay = 10;
	s.max_delay = 40;
	s.window = 3600;
	user_throttle_configure(&s);
	return 0;
}

static long long lock_length(const char *login, const char *ip)
{
	return num("SELECT until_at - last_at FROM login_throttle WHERE login='%s' AND ip='%s'",
		   login, ip);
}

static void unlock(void)
{
	exec("UPDATE login_throttle SET until_at = 0");
}

static void backoff(void **state)
{
	struct error err = ERROR_INIT;

	(void)state;
	assert_int_equal(attempt("ghost", "wrong password", "10.0.0.1", &err), ST_AUTH);
	assert_int_equal(num("SELECT until_at FROM login_throttle WHERE login='ghost'"), 0);
	assert_int_equal(attempt("ghost", "wrong password", "10.0.0.1", &err), ST_AUTH);
	assert_int_equal(lock_length("ghost", "10.0.0.1"), 10);
	assert_int_equal(attempt("ghost", "wrong password", "10.0.0.1", &err), ST_BUSY);
	/* a refused attempt is not counted */
	assert_int_equal(num("SELECT fails FROM login_throttle WHERE login='ghost'"), 2);
	/* another address is free */
	assert_int_equal(attempt("ghost", "wrong password", "10.0.0.2", &err), ST_AUTH);
	unlock();
	assert_int_equal(attempt("ghost", "wrong password", "10.0.0.1", &err), ST_AUTH);
	assert_int_equal(lock_length("ghost", "10.0.0.1"), 20);
	unlock();
	assert_int_equal(attempt("ghost", "wrong password", "10.0.0.1", &err), ST_AUTH);
	assert_int_equal(lock_length("ghost", "10.0.0.1"), 40);
	unlock();
	assert_int_equal(attempt("ghost", "wrong password", "10.0.0.1", &err), ST_AUTH);
	assert_int_equal(lock_length("ghost", "10.0.0.1"), 40);
	/* the address row counts every attempt from it */
	assert_int_equal(num("SELECT fails FROM login_throttle WHERE login='' AND ip='10.0.0.1'"), 5);
}

static void address_limit(void **state)
{
	struct login_throttle_settings s;
	struct error err = ERROR_INIT;
	char name[16];

	(void)state;
	user_throttle_defaults(&s);
	s.address_fails = 3;
	user_throttle_configure(&s);
	for (int i = 0; i < 3; i++) {
		snprintf(name, sizeof(name), "name%d", i);
		assert_int_equal(attempt(name, "wrong password", "10.0.0.3", &err), ST_AUTH);
	}
	assert_int_equal(attempt("other", "wrong password", "10.0.0.3", &err), ST_BUSY);
	assert_int_equal(attempt("clerk", "correct horse battery", "10.0.0.3", &err), ST_BUSY);
	assert_int_equal(attempt("clerk", "correct horse battery", "10.0.0.4", &err), ST_OK);
	assert_int_equal(num("SELECT count(*) FROM audit_log WHERE action='session.throttle'"
			     " AND after LIKE '%%\"address\":true%%'"), 1);
}

static void quiet_rows_forgotten(void **state)
{
	struct error err = ERROR_INIT;

	(void)state;
	assert_int_equal(attempt("ghost", "wrong password", "10.0.0.5", &err), ST_AUTH);
	exec("UPDATE login_throttle SET last_at = last_at - 7200");
	assert_int_equal(attempt("ghost", "wrong password", "10.0.0.5", &err), ST_AUTH);
	assert_int_equal(num("SELECT fails FROM login_throttle WHERE login='ghost'"), 1);
}

static void expiry_in_proportion(void **state)
{
	struct error err = ERROR_INIT;

	(void)state;
	for (int i = 0; i < 10; i++) {
		char sql[200];
		snprintf(sql, sizeof(sql),
			 "INSERT INTO login_throttle VALUES('old%d', '10.1.0.1', 1, 0, 1000)", i);
		exec(sql);
	}
	/* locked until far ahead: never deleted while the lock lasts */
	exec("INSERT INTO login_throttle VALUES('held', '10.1.0.1', 9, 9999999999, 1000)");
	assert_int_equal(attempt("ghost", "wrong password", "10.0.0.6", &err), ST_AUTH);
	assert_int_equal(num("SELECT count(*) FROM login_throttle WHERE login LIKE 'old%%'"), 6);
	assert_int_equal(attempt("ghost", "wrong password", "10.0.0.7", &err), ST_AUTH);
	assert_int_equal(attempt("ghost", "wrong password", "10.0.0.8", &err), ST_AUTH);
	assert_int_equal(num("SELECT count(*) FROM login_throttle WHERE login LIKE 'old%%'"), 0);
	assert_int_equal(num("SELECT count(*) FROM login_throttle WHERE login='held'"), 1);
}

static void success_takes_back_its_attempt(void **state)
{
	struct error err = ERROR_INIT;

	(void)state;
	assert_int_equal(attempt("clerk", "wrong password", "10.0.0.9", &err), ST_AUTH);
	assert_int_equal(attempt("ghost", "wrong password", "10.0.0.9", &err), ST_AUTH);
	assert_int_equal(attempt("clerk", "correct horse battery", "10.0.0.9", &err), ST_OK);
	assert_int_equal(num("SELECT count(*) FROM login_throttle WHERE login='clerk'"), 0);
	assert_int_equal(num("SELECT fails FROM login_throttle WHERE login='' AND ip='10.0.0.9'"), 2);
	assert_int_equal(num("SELECT count(*) FROM login_throttle WHERE login='ghost'"), 1);
}

static void unknown_and_known_alike(void **state)
{
	struct error known = ERROR_INIT, unknown = ERROR_INIT;

	(void)state;
	assert_int_equal(attempt("clerk", "wrong password", "10.0.1.1", &known), ST_AUTH);
	assert_int_equal(attempt("nobody", "wrong password", "10.0.1.1", &unknown), ST_AUTH);
	assert_string_equal(known.message, unknown.message);
	assert_int_equal(attempt("clerk", "wrong password", "10.0.1.1", &known), ST_AUTH);
	assert_int_equal(attempt("nobody", "wrong password", "10.0.1.1", &unknown), ST_AUTH);
	assert_int_equal(attempt("clerk", "correct horse battery", "10.0.1.1", &known), ST_BUSY);
	assert_int_equal(attempt("nobody", "wrong password", "10.0.1.1", &unknown), ST_BUSY);
	assert_string_equal(known.message, unknown.message);
	assert_int_equal(lock_length("clerk", "10.0.1.1"), lock_length("nobody", "10.0.1.1"));
	/* an empty name does not count twice in the address row */
	assert_int_equal(attempt("", "wrong password", "10.0.1.2", &unknown), ST_AUTH);
	assert_int_equal(num("SELECT fails FROM login_throttle WHERE login='' AND ip='10.0.1.2'"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(backoff, fresh),
		cmocka_unit_test_setup(address_limit, fresh),
		cmocka_unit_test_setup(quiet_rows_forgotten, fresh),
		cmocka_unit_test_setup(expiry_in_proportion, fresh),
		cmocka_unit_test_setup(success_takes_back_its_attempt, fresh),
		cmocka_unit_test_setup(unknown_and_known_alike, fresh),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
