/*
 * test-auth.c - ops/auth.c: the role table (deny by default), scope
 * subtrees (own, child, parent, sibling, unrelated), the branch secretary's
 * limit on changing the branch itself, persons and the member's own
 * record, who may manage whom, where a person may be placed, the
 * operations a session lists for each role, which account changes wait for
 * a security administrator and who may decide them, and who logs in with a
 * second factor.
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
#include "fixture.h"

static struct db *db;
static char path[FIXTURE_PATH_SIZE];
static long long R, A, A1, B, U;

static int setup(void **state)
{
	(void)state;
	if (fixture_open("test-auth", path, &db))
		return -1;
	R = fixture_org(db, "R", ORG_COMMITTEE, 0);
	A = fixture_org(db, "A", ORG_COMMITTEE, R);
	A1 = fixture_org(db, "A1", ORG_COMMITTEE, A);
	B = fixture_org(db, "B", ORG_COMMITTEE, R);
	U = fixture_org(db, "U", ORG_COMMITTEE, 0);
	return R && A && A1 && B && U ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	fixture_close(db, path);
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
	/* the secadmin approves, it does not create */
	assert_int_equal(auth_may_manage(&sec, ROLE_NONE, ROLE_AUDITOR, NULL), ST_DENIED);
	assert_int_equal(auth_may_manage(&sec, ROLE_NONE, ROLE_ORG_OFFICER, NULL), ST_DENIED);
	assert_int_equal(auth_may_manage(&off, ROLE_NONE, ROLE_MEMBER, NULL), ST_DENIED);
}

/* The operations list, joined by spaces. */
static const char *ops_of(struct user u)
{
	static char buf[512];
	const char *keys[OP_COUNT];
	size_t n, k = 0;

	assert_int_equal(auth_operations(db, &u, keys, &n, NULL), ST_OK);
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		k += (size_t)snprintf(buf + k, sizeof(buf) - k, "%s%s", i ? " " : "", keys[i]);
	return buf;
}

static void operations(void **state)
{
	struct user m = user(ROLE_MEMBER, A), d = user(ROLE_ORG_OFFICER, R);
	(void)state;
	assert_string_equal(ops_of(user(ROLE_ORG_OFFICER, R)),
			    "org.read org.create org.change member.read member.write "
			    "member.reveal export import stats.read");
	/* import only with a scope at the top of the tree */
	assert_string_equal(ops_of(user(ROLE_ORG_OFFICER, A)),
			    "org.read org.create org.change member.read member.write "
			    "member.reveal export stats.read");
	assert_string_equal(ops_of(user(ROLE_BRANCH_SECRETARY, A)),
			    "org.read org.create org.change member.read member.write "
			    "member.reveal export stats.read");
	m.person_id = 7;
	assert_string_equal(ops_of(m), "self.read");
	assert_string_equal(ops_of(user(ROLE_AUDITOR, A)), "org.read stats.read audit.read");
	assert_string_equal(ops_of(user(ROLE_SYSADMIN, 0)), "org.read user.admin user.read");
	assert_string_equal(ops_of(user(ROLE_SECADMIN, 0)), "org.read user.read user.approve");
	d.disabled = 1;
	assert_string_equal(ops_of(d), "");
}

static void placement(void **state)
{
	struct user o = user(ROLE_ORG_OFFICER, A), sys = user(ROLE_SYSADMIN, 0);
	struct user top = user(ROLE_ORG_OFFICER, 0);
	struct error err = ERROR_INIT;
	(void)state;
	assert_int_equal(authorize_placement(db, &o, A1, NULL), ST_OK);
	assert_int_equal(authorize_placement(db, &o, B, &err), ST_NOT_FOUND);
	assert_string_equal(err.field, "org_id");
	error_clear(&err);
	assert_int_equal(authorize_placement(db, &o, 0, &err), ST_INVALID);
	assert_string_equal(err.field, "org_id");
	assert_int_equal(authorize_placement(db, &top, 0, NULL), ST_OK);
	assert_int_equal(authorize_placement(db, &sys, A, NULL), ST_DENIED);
}

static void changing_users(void **state)
{
	struct user sys = user(ROLE_SYSADMIN, 0), other = user(ROLE_ORG_OFFICER, A), upd;
	(void)state;
	other.id = 2;
	upd = other;
	upd.disabled = 1;
	assert_int_equal(auth_may_change_user(&sys, &other, &upd, NULL), ST_OK);
	upd = sys;
	upd.disabled = 1;
	struct error err = ERROR_INIT;
	assert_int_equal(auth_may_change_user(&sys, &sys, &upd, &err), ST_DENIED);
	assert_string_equal(err.field, "disabled");
	upd = sys;
	upd.role = ROLE_SECADMIN;
	assert_int_equal(auth_may_change_user(&sys, &sys, &upd, NULL), ST_DENIED);
	upd = sys;
	assert_int_equal(auth_may_change_user(&sys, &sys, &upd, NULL), ST_OK);
	upd = other;
	upd.role = ROLE_AUDITOR;
	assert_int_equal(auth_may_change_user(&sys, &other, &upd, NULL), ST_DENIED);
}

/* 三员分立: which changes wait for approval, and who may decide them. */
static void separation(void **state)
{
	struct user sys = user(ROLE_SYSADMIN, 0), sec = user(ROLE_SECADMIN, 0);
	struct user aud = user(ROLE_AUDITOR, 0), off = user(ROLE_ORG_OFFICER, A), upd;
	struct user adm = user(ROLE_SYSADMIN, 0), mem = user(ROLE_MEMBER, A);
	struct user_request r;
	struct error err = ERROR_INIT;
	(void)state;
	sys.id = 1;
	sec.id = 2;
	off.id = 3;
	adm.id = 4;
	assert_true(auth_role_holds_data(ROLE_ORG_OFFICER));
	assert_true(auth_role_holds_data(ROLE_BRANCH_SECRETARY));
	assert_true(auth_role_holds_data(ROLE_MEMBER));
	assert_false(auth_role_holds_data(ROLE_AUDITOR));
	assert_false(auth_role_holds_data(ROLE_SYSADMIN));
	assert_false(auth_role_holds_data(ROLE_SECADMIN));
	/* new accounts */
	assert_true(auth_needs_approval(&sys, NULL, &off, 1));
	assert_true(auth_needs_approval(&sys, NULL, &mem, 1));
	assert_false(auth_needs_approval(&sys, NULL, &adm, 1));
	assert_false(auth_needs_approval(NULL, NULL, &off, 1));   /* the CLI */
	/* changes of an officer: all but disabling and nothing */
	upd = off;
	assert_false(auth_needs_approval(&sys, &off, &upd, 0));
	assert_true(auth_needs_approval(&sys, &off, &upd, 1));
	upd.disabled = 1;
	assert_false(auth_needs_approval(&sys, &off, &upd, 0));
	assert_true(auth_needs_approval(&sys, &off, &upd, 1));
	upd = off;
	upd.scope_org_id = R;
	assert_true(auth_needs_approval(&sys, &off, &upd, 0));
	upd = off;
	off.disabled = 1;
	assert_true(auth_needs_approval(&sys, &off, &upd, 0));   /* enabling */
	off.disabled = 0;
	/* a sysadmin made an officer, or an officer a sysadmin */
	upd = adm;
	upd.role = ROLE_ORG_OFFICER;
	upd.scope_org_id = R;
	assert_true(auth_needs_approval(&sys, &adm, &upd, 0));
	assert_true(auth_needs_approval(&sys, &upd, &adm, 0));
	upd = adm;
	assert_false(auth_needs_approval(&sys, &adm, &upd, 1));
	/* who decides */
	memset(&r, 0, sizeof(r));
	r.id = 9;
	r.requested_by = sys.id;
	r.user_id = off.id;
	assert_int_equal(auth_may_decide(&sec, &r, NULL), ST_OK);
	assert_int_equal(auth_may_decide(&sys, &r, NULL), ST_DENIED);
	assert_int_equal(auth_may_decide(&aud, &r, NULL), ST_DENIED);
	assert_int_equal(auth_may_decide(&off, &r, NULL), ST_DENIED);
	r.requested_by = sec.id;   /* nobody decides their own request */
	assert_int_equal(auth_may_decide(&sec, &r, &err), ST_DENIED);
	assert_string_equal(err.field, "id");
	r.requested_by = sys.id;
	r.user_id = sec.id;        /* nor one about their own account */
	error_clear(&err);
	assert_int_equal(auth_may_decide(&sec, &r, &err), ST_DENIED);
	assert_string_equal(err.field, "id");
	r.user_id = off.id;
	sec.disabled = 1;
	assert_int_equal(auth_may_decide(&sec, &r, NULL), ST_DENIED);
}

/* Who logs in with a second factor. */
static void second_factor(void **state)
{
	struct user u;
	struct org o;
	int need = -1;
	(void)state;
	org_init(&o);
	snprintf(o.code, sizeof(o.code), "BR");
	snprintf(o.name, sizeof(o.name), "支部");
	o.kind = ORG_BRANCH;
	o.sector = SECTOR_OTHER;
	o.parent_id = A;
	o.established = date_from_ymd(1990, 1, 1);
	assert_int_equal(org_create(db, &o, "test", NULL, NULL), ST_OK);
	u = user(ROLE_ORG_OFFICER, A);      /* county level: above a branch */
	assert_int_equal(auth_needs_second_factor(db, &u, &need, NULL), ST_OK);
	assert_int_equal(need, 1);
	u = user(ROLE_BRANCH_SECRETARY, o.id);   /* may export */
	assert_int_equal(auth_needs_second_factor(db, &u, &need, NULL), ST_OK);
	assert_int_equal(need, 1);
	u = user(ROLE_SYSADMIN, 0);
	assert_int_equal(auth_needs_second_factor(db, &u, &need, NULL), ST_OK);
	assert_int_equal(need, 1);
	u = user(ROLE_MEMBER, o.id);
	assert_int_equal(auth_needs_second_factor(db, &u, &need, NULL), ST_OK);
	assert_int_equal(need, 0);
	u = user(ROLE_AUDITOR, A);
	assert_int_equal(auth_needs_second_factor(db, &u, &need, NULL), ST_OK);
	assert_int_equal(need, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(role_table), cmocka_unit_test(scopes),
		cmocka_unit_test(branch_secretary), cmocka_unit_test(persons),
		cmocka_unit_test(managing), cmocka_unit_test(operations),
		cmocka_unit_test(placement), cmocka_unit_test(changing_users),
		cmocka_unit_test(separation), cmocka_unit_test(second_factor),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
