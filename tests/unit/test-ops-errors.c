/*
 * test-ops-errors.c - a database failure reaches the caller as a database
 * failure. A SQLite authorizer makes one table unreadable (the statement
 * cannot be prepared: SQLITE_AUTH), and every operation that reads it -
 * resolving an organization, checking a parent, a person's organization
 * or ID number, authorization, user rules, login, a session - must answer
 * ST_DB, not "not found", "invalid", "denied" or "not logged in" as it
 * would for a missing record. Each case first checks the answer with the
 * table readable, so that the test fails if the case no longer reaches
 * the store.
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
#include "ops/auth.h"
#include "ops/member-ops.h"
#include "ops/org-ops.h"
#include "ops/users.h"
#include "store/db-internal.h"
#include "fixture.h"

static struct db *db;
static char path[FIXTURE_PATH_SIZE];
static long long R, A;
static const char *denied;   /* the table nobody may read, or NULL */

static int authorizer(void *ctx, int action, const char *a, const char *b,
		      const char *c, const char *d)
{
	(void)ctx; (void)b; (void)c; (void)d;
	if (denied && action == SQLITE_READ && a && !strcmp(a, denied))
		return SQLITE_DENY;
	return SQLITE_OK;
}

/* Makes table unreadable (NULL: everything readable again). */
static void deny(const char *table)
{
	denied = table;
	/* Setting an authorizer expires the cached statements: each is
	 * prepared again, and checked, at its next use. */
	assert_int_equal(sqlite3_set_authorizer(db->sql, authorizer, NULL), SQLITE_OK);
}

static void sample(struct person *p, long long org)
{
	person_init(p);
	snprintf(p->name, sizeof(p->name), "王五");
	p->sex = SEX_FEMALE;
	p->birth_date = date_from_ymd(1949, 12, 31);
	p->ethnicity = 1;
	p->education = 21;
	p->occupation = code_by_key(&code_occupation, "workers")->code;
	snprintf(p->id_number, sizeof(p->id_number), "11010519491231002X");
	p->org_id = org;
	p->status = MS_FULL;
	p->admitted = date_from_ymd(1975, 1, 1);
}

static int setup(void **state)
{
	struct person p;

	(void)state;
	setenv("ORGWORK_PWHASH", "fast", 1);
	if (fixture_open("test-ops-errors", path, &db))
		return -1;
	R = fixture_org(db, "R", ORG_COMMITTEE, 0);
	A = fixture_org(db, "A", ORG_COMMITTEE, R);
	sample(&p, A);
	return R && A && !member_create(db, &p, "test", NULL, NULL) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	fixture_close(db, path);
	return 0;
}

/* Each case starts with every table readable (a failed case may leave one
 * denied). */
static int readable(void **state)
{
	(void)state;
	denied = NULL;
	return 0;
}

static struct user user(int role, long long scope)
{
	struct user u;

	memset(&u, 0, sizeof(u));
	u.id = 1;
	u.role = role;
	u.scope_org_id = scope;
	return u;
}

static void resolving_an_org(void **state)
{
	struct error err = ERROR_INIT;
	struct org o;
	char id[24];

	(void)state;
	snprintf(id, sizeof(id), "id:%lld", A);
	assert_int_equal(org_resolve(db, id, &o, NULL), ST_OK);
	assert_int_equal(org_resolve(db, "NOPE", &o, NULL), ST_NOT_FOUND);
	/* a bare number is a code, never an id */
	assert_int_equal(org_resolve(db, id + 3, &o, NULL), ST_NOT_FOUND);
	assert_int_equal(org_resolve(db, "id:x", &o, NULL), ST_INVALID);
	deny("orgs");
	assert_int_equal(org_resolve(db, id, &o, &err), ST_DB);
	assert_int_equal(err.status, ST_DB);
	error_clear(&err);
	assert_int_equal(org_resolve(db, "A", &o, &err), ST_DB);
	assert_int_equal(org_resolve(db, "NOPE", &o, NULL), ST_DB);
	deny(NULL);
}

static void writes_reading_orgs(void **state)
{
	struct error err = ERROR_INIT;
	struct person p;
	struct org o;

	(void)state;
	/* a missing parent is a rule, an unreadable one a database failure */
	org_init(&o);
	snprintf(o.code, sizeof(o.code), "X");
	snprintf(o.name, sizeof(o.name), "组织X");
	o.kind = ORG_COMMITTEE;
	o.sector = SECTOR_OTHER;
	o.parent_id = 999999;
	assert_int_equal(org_create(db, &o, "test", NULL, NULL), ST_INVALID);
	o.parent_id = R;
	deny("orgs");
	assert_int_equal(org_create(db, &o, "test", NULL, &err), ST_DB);
	deny(NULL);

	sample(&p, 999999);
	snprintf(p.id_number, sizeof(p.id_number), "%s", "");
	assert_int_equal(member_check_refs(db, &p, NULL), ST_INVALID);
	p.org_id = A;
	deny("orgs");
	error_clear(&err);
	assert_int_equal(member_check_refs(db, &p, &err), ST_DB);
	assert_int_equal(err.status, ST_DB);
	deny(NULL);
}

static void id_number_uniqueness(void **state)
{
	struct person p;

	(void)state;
	sample(&p, A);
	snprintf(p.id_number, sizeof(p.id_number), "110105194912310038");
	assert_int_equal(member_check_refs(db, &p, NULL), ST_OK);
	deny("persons");
	assert_int_equal(member_check_refs(db, &p, NULL), ST_DB);
	deny(NULL);
}

static void authorization(void **state)
{
	struct user top = user(ROLE_ORG_OFFICER, R), admin = user(ROLE_SYSADMIN, 0);
	const char *keys[OP_COUNT];
	size_t n;

	(void)state;
	assert_int_equal(authorize(db, &top, OP_IMPORT, 0, NULL), ST_OK);
	assert_int_equal(authorize(db, &admin, OP_ORG_READ, 999999, NULL), ST_NOT_FOUND);
	assert_int_equal(auth_operations(db, &top, keys, &n, NULL), ST_OK);
	deny("orgs");
	assert_int_equal(authorize(db, &top, OP_IMPORT, 0, NULL), ST_DB);
	assert_int_equal(authorize(db, &admin, OP_ORG_READ, A, NULL), ST_DB);
	assert_int_equal(auth_operations(db, &top, keys, &n, NULL), ST_DB);
	deny(NULL);
}

static void users_and_sessions(void **state)
{
	struct error err = ERROR_INIT;
	struct session_check sc;
	struct login lg, again;
	struct user u;
	char uri[TOTP_URI_SIZE];

	(void)state;
	memset(&u, 0, sizeof(u));
	snprintf(u.login, sizeof(u.login), "clerk");
	u.role = ROLE_AUDITOR;   /* a scoped role that logs in without TOTP */
	u.scope_org_id = 999999;
	assert_int_equal(user_create(db, &u, "correct horse battery", 0, uri, NULL),
			 ST_INVALID);
	u.scope_org_id = A;
	deny("orgs");
	assert_int_equal(user_create(db, &u, "correct horse battery", 0, uri, &err), ST_DB);
	deny(NULL);
	assert_int_equal(user_create(db, &u, "correct horse battery", 0, uri, NULL), ST_OK);

	assert_int_equal(user_login(db, "clerk", "correct horse battery", NULL, "127.0.0.1",
				    &lg, NULL), ST_OK);
	deny("users");
	error_clear(&err);
	assert_int_equal(user_login(db, "clerk", "correct horse battery", NULL, "127.0.0.2",
				    &again, &err), ST_DB);
	error_clear(&err);
	assert_int_equal(user_session(db, lg.token, &sc, &err), ST_DB);
	deny("sessions");
	assert_int_equal(user_session(db, lg.token, &sc, NULL), ST_DB);
	deny(NULL);
	assert_int_equal(user_session(db, lg.token, &sc, NULL), ST_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(resolving_an_org, readable),
		cmocka_unit_test_setup(writes_reading_orgs, readable),
		cmocka_unit_test_setup(id_number_uniqueness, readable),
		cmocka_unit_test_setup(authorization, readable),
		cmocka_unit_test_setup(users_and_sessions, readable),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
