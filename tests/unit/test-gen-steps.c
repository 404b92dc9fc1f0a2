/*
 * test-gen-steps.c - the development steps the generator writes are those
 * the live 'orgwork member step' accepts: a small country is generated and
 * every person's stored steps are replayed from an empty record through
 * ops/development-ops.h member_steps_replay (the rules in force with the
 * installation's overrides, the facts from the store, dev_check, dev_apply),
 * which must accept each step with the same late mark and end at the
 * stored status and key dates. One home for the rules: nothing here
 * restates one.
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

#include "core/crypto.h"
#include "core/error.h"
#include "gen/gen.h"
#include "ops/development-ops.h"
#include "store/db.h"

static char test_db[256], key_path[256], div_dir[1024];

static void test_replay_all(void **state)
{
	struct gen_options o = { 3000, 7, 2023, NULL, div_dir, test_db, 1 };
	struct gen_summary sum;
	struct error err = ERROR_INIT;
	struct db *db;
	long long with_steps = 0, steps = 0;

	(void)state;
	if (gen_run(&o, &sum, &err))
		fail_msg("gen: %s", err.message);
	assert_int_equal(sum.steps_refused, 0);
	assert_int_equal(db_open(test_db, DB_OPEN_EXISTING, &db, &err), ST_OK);
	for (long long id = 1; id <= sum.persons; id++) {
		size_t nr = 0;
		if (member_steps_replay(db, id, &nr, &err))
			fail_msg("person %lld, after %zu steps: %s (%s)", id, nr, err.message,
				 err.code);
		with_steps += nr > 0;
		steps += (long long)nr;
	}
	assert_int_equal(steps, sum.steps);
	assert_int_equal(with_steps, sum.persons_with_steps);
	if (with_steps < 500)
		fail_msg("only %lld persons with steps: the replay says little", with_steps);
	db_close(db);
}

static int setup(void **state)
{
	const char *top = getenv("ORGWORK_TOP");

	(void)state;
	snprintf(div_dir, sizeof(div_dir), "%s/tests/fixtures/divisions", top ? top : "..");
	snprintf(test_db, sizeof(test_db), "/tmp/test-gen-steps-%d.db", (int)getpid());
	snprintf(key_path, sizeof(key_path), "/tmp/test-gen-steps-%d.key", (int)getpid());
	setenv("ORGWORK_KEY_FILE", key_path, 1);
	return crypto_setup();
}

static int teardown(void **state)
{
	char p[300];

	(void)state;
	unlink(test_db);
	snprintf(p, sizeof(p), "%s-wal", test_db);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", test_db);
	unlink(p);
	unlink(key_path);
	snprintf(p, sizeof(p), "%s.checkpoints", key_path);
	unlink(p);
	snprintf(p, sizeof(p), "%s.checkpoints", test_db);
	unlink(p);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replay_all),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
