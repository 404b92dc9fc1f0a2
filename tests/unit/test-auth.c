/*
 * test-auth.c - ops/auth.c: the role table (deny by default), scope
 * subtrees (own, child, parent, sibling, unrelated), the branch secretary's
 * limit on changing the branch itself, persons and the member's own
 * record, and who may manage whom.
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
#include "ops/auth.h"
#include "ops/org-ops.h"
#include "store/db.h"

static struct db *db;
static char path[256];
static long long R, A, A1, B, U;

static long long add(const char *code, long long parent)
{
	struct org o;

	org_init(&o);
	snprintf(o.code, sizeof(o.code), "%s", code);
	snprintf(o.name, sizeof(o.name), "组织%s", code);
	o.kind = ORG_COMMITTEE;
	o.sector = SECTOR_OTHER;
	o.parent_id = parent;
	o.established = date_from_ymd(1990, 1, 1);
	if (org_create(db, &o, "test", NULL, NULL))
		return 0;
	return o.id;
}

static int setup(void **state)
{
	char key[300];
	(void)state;
	snprintf(path, sizeof(path), "/tmp/test-auth-%d.db", (int)getpid());
	snprintf(key, sizeof(key), "%s.key", path);
	unlink(path);
	unlink(key);
	if (db_open(path, DB_OPEN_CREATE, &db, NULL))
		return -1;
	R = add("R", 0);
	A = add("A", R);
	A1 = add("A1", A);
	B = add("B", R);
	U = add("U", 0);
	return R && A && A1 && B && U ? 0 : -1;
}

static int teardown(void **state)
{
	char p[300];
	(void)state;
	db_close(db);
	unlink(path);
	snprintf(p, sizeof(p), "%s.key", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
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

static void role_table(void **state)
{
	(void)state;
	assert_true(auth_role_has(ROLE_ORG_OFFICER, OP_MEMBER_REVEAL));
	assert_false(auth_role_has(ROLE_AUDITOR, OP_MEMBER_READ));
	assert_false(auth_role_has(ROLE_SYSADMIN, OP_MEMBER_READ));
	assert_false(auth_role_has(ROLE_SECADMIN, OP_AUDIT_READ));
	assert_true(auth_role_has(ROLE_AUDITOR, OP_AUDIT_READ));
	assert_false(auth_role_has(ROLE_NONE, OP_NONE));
	assert_false(auth_role_has(ROLE_COUNT, OP_NONE));
	assert_false(auth_role_has(ROLE_MEMBER, OP_ORG_READ));
	assert_false(auth_role_has(ROLE_BRANCH_SECRETARY, OP_IMPORT));
}

static void scopes(void **state)
{
	struct user o = user(ROLE_ORG_OFFICER, A);
	(void)state;
	assert_int_equal(authorize(db, &o, OP_ORG_READ, A, NULL), ST_OK);
	assert_int_equal(authorize(db, &o, OP_ORG_READ, A1, NULL), ST_OK);
	assert_int_equal(authorize(db, &o, OP_ORG_READ, R, NULL), ST_NOT_FOUND);
	assert_int_equal(authorize(db, &o, OP_ORG_READ, B, NULL), ST_NOT_FOUND);
	assert_int_equal(authorize(db, &o, OP_ORG_READ, U, NULL), ST_NOT_FOUND);
	assert_int_equal(authorize(db, &o, OP_ORG_READ, 999999, NULL), ST_NOT_FOUND);
	assert_int_equal(authorize(db, &o, OP_USER_ADMIN, 0, NULL), ST_DENIED);
	/* import needs a scope at the top */
	assert_int_equal(authorize(db, &o, OP_IMPORT, 0, NULL), ST_DENIED);
	struct user top = user(ROLE_ORG_OFFICER, R);
	assert_int_equal(authorize(db, &top, OP_IMPORT, 0, NULL), ST_OK);
	/* disabled users can do nothing */
	o.disabled = 1;
	assert_int_equal(authorize(db, &o, OP_ORG_READ, A, NULL), ST_DENIED);
}

static void branch_secretary(void **state)
{
	struct user s = user(ROLE_BRANCH_SECRETARY, A);
	(void)state;
	assert_int_equal(authorize(db, &s, OP_ORG_CHANGE, A, NULL), ST_DENIED);
	assert_int_equal(authorize(db, &s, OP_ORG_CHANGE, A1, NULL), ST_OK);
	assert_int_equal(authorize(db, &s, OP_ORG_CREATE, A, NULL), ST_OK);
	assert_int_equal(authorize(db, &s, OP_ORG_CHANGE, R, NULL), ST_NOT_FOUND);
}

static void persons(void **state)
{
	struct user m = user(ROLE_MEMBER, A), o = user(ROLE_ORG_OFFICER, A);
	struct person p;
	(void)state;
	person_init(&p);
	p.id = 7;
	p.org_id = A1;
	m.person_id = 7;
	assert_int_equal(authorize_person(db, &m, OP_MEMBER_READ, &p, NULL), ST_OK);
	assert_int_equal(authorize_person(db, &m, OP_MEMBER_REVEAL, &p, NULL), ST_NOT_FOUND);
	m.person_id = 8;
	assert_int_equal(authorize_person(db, &m, OP_MEMBER_READ, &p, NULL), ST_NOT_FOUND);
	assert_int_equal(authorize_person(db, &o, OP_MEMBER_READ, &p, NULL), ST_OK);
	p.org_id = B;
	struct error err = ERROR_INIT;
	assert_int_equal(authorize_person(db, &o, OP_MEMBER_READ, &p, &err), ST_NOT_FOUND);
	assert_string_equal(err.message, "no person 7");
	struct user a = user(ROLE_AUDITOR, A);
	p.org_id = A;
	assert_int_equal(authorize_person(db, &a, OP_MEMBER_READ, &p, NULL), ST_DENIED);
}

static void managing(void **state)
{
	struct user sys = user(ROLE_SYSADMIN, 0), sec = user(ROLE_SECADMIN, 0);
	struct user off = user(ROLE_ORG_OFFICER, A);
	(void)state;
	assert_int_equal(auth_may_manage(&sys, ROLE_NONE, ROLE_ORG_OFFICER, NULL), ST_OK);
	assert_int_equal(auth_may_manage(&sys, ROLE_NONE, ROLE_AUDITOR, NULL), ST_DENIED);
	assert_int_equal(auth_may_manage(&sys, ROLE_SECADMIN, ROLE_SECADMIN, NULL), ST_DENIED);
	assert_int_equal(auth_may_manage(&sec, ROLE_NONE, ROLE_AUDITOR, NULL), ST_OK);
	assert_int_equal(auth_may_manage(&off, ROLE_NONE, ROLE_MEMBER, NULL), ST_DENIED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(role_table), cmocka_unit_test(scopes),
		cmocka_unit_test(branch_secretary), cmocka_unit_test(persons),
		cmocka_unit_test(managing),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
