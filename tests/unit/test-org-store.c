/*
 * test-org-store.c - the ancestry cache behind org_store_is_ancestor and
 * org_store_parent: answers follow moves made through ops, moves made by
 * another connection (as another process would), moves that are rolled
 * back, new and missing organizations, and two databases open in one
 * process at once; a parent's children as of a date, and a search within
 * a scope, found through the parent.
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
#include "ops/org-ops.h"
#include "store/db.h"
#include "store/db-internal.h"
#include "steps.h"
#include "store/org-store.h"
#include "fixture.h"

struct tree {
	struct db *db;
	char path[256];
	long long R, A, A1, B;
};

static struct tree t1, t2;
static char key_path[256];   /* one data key per process: shared by both trees */

static void remove_files(const char *path)
{
	static const char *const ext[] = { "", ".key", "-wal", "-shm" };
	char p[300];

	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", path, ext[i]);
		unlink(p);
	}
}

/* R > A > A1, R > B in t1; in t2 the same codes but A1 hangs under B. */
static int open_tree(struct tree *t, const char *name, int a1_under_b)
{
	snprintf(t->path, sizeof(t->path), "/tmp/test-org-store-%s-%d.db", name,
		 (int)getpid());
	remove_files(t->path);
	if (db_open(t->path, DB_OPEN_CREATE, &t->db, NULL))
		return -1;
	t->R = fixture_org(t->db, "R", ORG_COMMITTEE, 0);
	t->A = fixture_org(t->db, "A", ORG_COMMITTEE, t->R);
	t->B = fixture_org(t->db, "B", ORG_COMMITTEE, t->R);
	t->A1 = fixture_org(t->db, "A1", ORG_COMMITTEE, a1_under_b ? t->B : t->A);
	return t->R && t->A && t->B && t->A1 ? 0 : -1;
}

static int setup(void **state)
{
	(void)state;
	snprintf(key_path, sizeof(key_path), "/tmp/test-org-store-%d.key", (int)getpid());
	setenv("ORGWORK_KEY_FILE", key_path, 1);
	org_store_cache_clear();
	return open_tree(&t1, "one", 0);
}

static int teardown(void **state)
{
	(void)state;
	db_close(t1.db);
	remove_files(t1.path);
	if (t2.db) {
		db_close(t2.db);
		remove_files(t2.path);
		t2.db = NULL;
	}
	org_store_cache_clear();
	unlink(key_path);
	char cp[300];
	snprintf(cp, sizeof(cp), "%s.checkpoints", key_path);
	unlink(cp);
	return 0;
}

static int anc(struct db *db, long long a, long long id)
{
	return org_store_is_ancestor(db, a, id, NULL);
}

static void test_basics(void **state)
{
	long long parent = -1;

	(void)state;
	assert_int_equal(anc(t1.db, t1.R, t1.A1), 1);
	assert_int_equal(anc(t1.db, t1.A, t1.A1), 1);
	assert_int_equal(anc(t1.db, t1.A1, t1.A1), 1);
	assert_int_equal(anc(t1.db, t1.B, t1.A1), 0);
	assert_int_equal(anc(t1.db, t1.A1, t1.R), 0);
	assert_int_equal(anc(t1.db, t1.R, 999999), 0);
	/* twice: the second answer comes from the cache */
	assert_int_equal(anc(t1.db, t1.A, t1.A1), 1);
	assert_int_equal(anc(t1.db, t1.B, t1.A1), 0);
	assert_int_equal(org_store_parent(t1.db, t1.A1, &parent, NULL), ST_OK);
	assert_int_equal(parent, t1.A);
	assert_int_equal(org_store_parent(t1.db, t1.R, &parent, NULL), ST_OK);
	assert_int_equal(parent, 0);
	assert_int_equal(org_store_parent(t1.db, 999999, &parent, NULL), ST_NOT_FOUND);
}

static void test_moves_through_ops(void **state)
{
	long long c;

	(void)state;
	assert_int_equal(anc(t1.db, t1.A, t1.A1), 1);
	assert_int_equal(org_move(t1.db, t1.A1, t1.B, date_from_ymd(2020, 1, 1), "test",
				  NULL, NULL), ST_OK);
	assert_int_equal(anc(t1.db, t1.A, t1.A1), 0);
	assert_int_equal(anc(t1.db, t1.B, t1.A1), 1);
	/* a new organization under A1 is found at once */
	c = fixture_org(t1.db, "C", ORG_COMMITTEE, t1.A1);
	assert_true(c > 0);
	assert_int_equal(anc(t1.db, t1.B, c), 1);
	assert_int_equal(anc(t1.db, t1.A, c), 0);
	/* a cycle is still refused (the check runs on the cache) */
	assert_int_not_equal(org_move(t1.db, t1.B, c, date_from_ymd(2020, 1, 2), "test",
				      NULL, NULL), ST_OK);
	assert_int_equal(anc(t1.db, t1.R, c), 1);
}

static void test_other_connection(void **state)
{
	struct db *other;
	struct org o;

	(void)state;
	assert_int_equal(anc(t1.db, t1.A, t1.A1), 1);
	assert_int_equal(db_open(t1.path, DB_OPEN_EXISTING, &other, NULL), ST_OK);
	assert_int_equal(org_store_get(other, t1.A1, &o, NULL), ST_OK);
	o.parent_id = t1.B;
	assert_int_equal(org_store_update(other, &o, NULL), ST_OK);
	db_close(other);
	assert_int_equal(anc(t1.db, t1.A, t1.A1), 0);
	assert_int_equal(anc(t1.db, t1.B, t1.A1), 1);
}

static void test_rollback(void **state)
{
	struct org o;

	(void)state;
	assert_int_equal(anc(t1.db, t1.A, t1.A1), 1);
	assert_int_equal(db_begin(t1.db, NULL), ST_OK);
	assert_int_equal(org_store_get(t1.db, t1.A1, &o, NULL), ST_OK);
	o.parent_id = t1.B;
	assert_int_equal(org_store_update(t1.db, &o, NULL), ST_OK);
	/* inside the transaction its own change is seen */
	assert_int_equal(anc(t1.db, t1.A, t1.A1), 0);
	assert_int_equal(anc(t1.db, t1.B, t1.A1), 1);
	db_rollback(t1.db);
	/* after the rollback the tree is the old one again */
	assert_int_equal(anc(t1.db, t1.A, t1.A1), 1);
	assert_int_equal(anc(t1.db, t1.B, t1.A1), 0);
}

static void test_two_databases(void **state)
{
	(void)state;
	assert_int_equal(open_tree(&t2, "two", 1), 0);
	/* same ids, different trees: each answer is its own database's */
	assert_int_equal(t1.A1, t2.A1);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(anc(t1.db, t1.A, t1.A1), 1);
		assert_int_equal(anc(t2.db, t2.A, t2.A1), 0);
		assert_int_equal(anc(t2.db, t2.B, t2.A1), 1);
		assert_int_equal(anc(t1.db, t1.B, t1.A1), 0);
	}
}


static int collect_version(const struct org_version *v, void *ctx)
{
	long long *ids = ctx;

	ids[++ids[0]] = v->org_id;
	return 0;
}

static int collect_org(const struct org *o, void *ctx)
{
	long long *ids = ctx;

	ids[++ids[0]] = o->id;
	return 0;
}

/*
 * The tree as of a date asks each parent for its children's versions: the
 * answer comes through the parent (an index), not by looking at every
 * organization, and is right for a small and a large family.
 */
static void test_found_through_parent(void **state)
{
	static long long ids[2100];
	long long most = 0;
	char code[32];
	int day = date_from_ymd(2020, 1, 1);

	(void)state;
	for (int i = 0; i < 1500; i++) {
		snprintf(code, sizeof(code), "B%04d", i);
		assert_true(fixture_org(t1.db, code, ORG_COMMITTEE, t1.B) > 0);
	}
	steps_watch(t1.db->sql, &most);
	ids[0] = 0;
	assert_int_equal(org_store_children_on(t1.db, t1.A, day, collect_version, ids, NULL), 0);
	steps_unwatch(t1.db->sql);
	assert_int_equal(ids[0], 1);
	assert_int_equal(ids[1], t1.A1);
	/* 76 steps through the index; a look at all 1,504 organizations
	 * takes about 4,600 */
	if (most >= 1000)
		fail_msg("listing one child took %lld steps", most);
	ids[0] = 0;
	assert_int_equal(org_store_children_on(t1.db, t1.B, day, collect_version, ids, NULL), 0);
	assert_int_equal(ids[0], 1500);
	/* a search within A looks at A's subtree only: A and A1 match */
	ids[0] = 0;
	steps_watch(t1.db->sql, &most);
	assert_int_equal(org_store_search_scoped(t1.db, "组织", t1.A, 50, collect_org,
						 ids, NULL), 0);
	steps_unwatch(t1.db->sql);
	assert_int_equal(ids[0], 2);
	assert_int_equal(ids[1], t1.A);
	assert_int_equal(ids[2], t1.A1);
	if (most >= 1000)
		fail_msg("a search within two organizations took %lld steps", most);
	/* within B: B and its 1,500 children, in code order, limited */
	ids[0] = 0;
	assert_int_equal(org_store_search_scoped(t1.db, "B0", t1.B, 20, collect_org,
						 ids, NULL), 0);
	assert_int_equal(ids[0], 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_basics, setup, teardown),
		cmocka_unit_test_setup_teardown(test_moves_through_ops, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_connection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_databases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_found_through_parent, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
