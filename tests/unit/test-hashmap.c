/*
 * test-hashmap.c - the hash map of import and export (core/hashmap.c):
 * integer and string keys, growth past many table sizes, reserve, keys
 * whose hashes collide in the table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/hashmap.h"

static void integer_keys(void **state)
{
	(void)state;
	struct hashmap m = HASHMAP_INIT;
	int added;

	assert_null(hashmap_get(&m, 42));
	hashmap_prefetch(&m, 42);   /* harmless on an empty map */
	/* 200,000 keys: the table grows from 64 slots through twelve sizes */
	for (uint64_t k = 1; k <= 200000; k++) {
		long long *v = hashmap_put(&m, k * 7919, &added);
		assert_int_equal(added, 1);
		*v = (long long)k;
	}
	assert_int_equal(m.n, 200000);
	assert_true(m.n * 4 <= (m.mask + 1) * 3);
	for (uint64_t k = 1; k <= 200000; k++) {
		long long *v = hashmap_get(&m, k * 7919);
		assert_non_null(v);
		assert_int_equal(*v, (long long)k);
	}
	assert_null(hashmap_get(&m, 7918));
	/* put of a present key returns its value and adds nothing */
	long long *v = hashmap_put(&m, 7919 * 5, &added);
	assert_int_equal(added, 0);
	assert_int_equal(*v, 5);
	assert_int_equal(m.n, 200000);
	/* large keys (ID numbers as numbers) */
	*hashmap_put(&m, 11010519491231002ULL + 1, NULL) = -17;
	assert_int_equal(*hashmap_get(&m, 11010519491231002ULL + 1), -17);
	hashmap_release(&m);
	assert_null(m.slots);
	assert_int_equal(m.n, 0);
	assert_null(hashmap_get(&m, 7919));
}

static void string_keys(void **state)
{
	(void)state;
	struct hashmap m;
	char key[32];
	int added;

	hashmap_init(&m, 1);
	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "ORG-%04d", i);
		long long *v = hashmap_put_str(&m, key, &added);
		assert_int_equal(added, 1);
		*v = i;
	}
	/* the map holds copies: the caller's buffer is reused above */
	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "ORG-%04d", i);
		long long *v = hashmap_get_str(&m, key);
		assert_non_null(v);
		assert_int_equal(*v, i);
	}
	assert_null(hashmap_get_str(&m, "ORG-5000"));
	assert_null(hashmap_get_str(&m, ""));
	assert_int_equal(*hashmap_put_str(&m, "", &added), 0);
	assert_int_equal(added, 1);
	hashmap_put_str(&m, "ORG-0001", &added);
	assert_int_equal(added, 0);
	assert_int_equal(m.n, 5001);
	hashmap_release(&m);
	assert_int_equal(m.string_keys, 1);
}

/* Keys that land in the same slot are told apart (linear probing). */
static void colliding_slots(void **state)
{
	(void)state;
	struct hashmap m = HASHMAP_INIT;

	hashmap_reserve(&m, 10);
	assert_int_equal(m.mask + 1, 64);
	/* any 40 keys in 64 slots collide; all stay apart and findable */
	for (uint64_t k = 1; k <= 40; k++)
		*hashmap_put(&m, k << 40, NULL) = (long long)k;
	assert_int_equal(m.mask + 1, 64);
	for (uint64_t k = 1; k <= 40; k++)
		assert_int_equal(*hashmap_get(&m, k << 40), (long long)k);
	hashmap_release(&m);
}

static void reserve_avoids_growth(void **state)
{
	(void)state;
	struct hashmap m = HASHMAP_INIT;
	size_t slots;

	hashmap_reserve(&m, 100000);
	slots = m.mask + 1;
	assert_true(slots / 4 * 3 >= 100000);
	for (uint64_t k = 1; k <= 100000; k++)
		*hashmap_put(&m, k, NULL) = 1;
	assert_int_equal(m.mask + 1, slots);
	/* reserving less than there is keeps the table */
	hashmap_reserve(&m, 10);
	assert_int_equal(m.mask + 1, slots);
	assert_int_equal(*hashmap_get(&m, 99999), 1);
	hashmap_release(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(integer_keys),
		cmocka_unit_test(string_keys),
		cmocka_unit_test(colliding_slots),
		cmocka_unit_test(reserve_avoids_growth),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
