/*
 * test-transfer.c - the pure rules of a transfer letter (model/transfer.c):
 * status keys, the validity of a letter against the catalogue's months,
 * the destinations refused (abroad, military system), the status of a
 * letter on a day and when it is stuck.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/date.h"
#include "core/error.h"
#include "model/transfer.h"

static int day(const char *s)
{
	int d;

	assert_int_equal(date_parse(s, &d), 0);
	return d;
}

static void keys(void **state)
{
	(void)state;
	for (int s = TS_IN_TRANSIT; s <= TS_RETURNED; s++)
		assert_int_equal(transfer_status_parse(transfer_status_key(s)), s);
	assert_int_equal(transfer_status_parse("in-transit"), TS_IN_TRANSIT);
	assert_int_equal(transfer_status_parse("lost"), 0);
	assert_int_equal(transfer_status_parse(NULL), 0);
	assert_int_equal(transfer_status_parse("a-key-far-too-long-to-be-any"), 0);
	assert_null(transfer_status_key(0));
	assert_null(transfer_status_key(TS_RETURNED + 1));
}

static void validity(void **state)
{
	struct error err = ERROR_INIT;
	int until;

	(void)state;
	/* 3 months from 1 March: 92 days, the last valid day 31 May */
	assert_int_equal(transfer_validity(day("2025-03-01"), 0, 3, &until, &err), ST_OK);
	assert_int_equal(until, day("2025-05-31"));
	assert_int_equal(transfer_validity(day("2025-03-01"), 92, 3, &until, &err), ST_OK);
	assert_int_equal(until, day("2025-05-31"));
	assert_int_equal(transfer_validity(day("2025-03-01"), 1, 3, &until, &err), ST_OK);
	assert_int_equal(until, day("2025-03-01"));
	assert_int_equal(transfer_validity(day("2025-03-01"), 93, 3, &until, &err), ST_INVALID);
	assert_string_equal(err.field, "valid_days");
	assert_string_equal(err.code, "transfer_validity");
	error_clear(&err);
	assert_int_equal(transfer_validity(day("2025-03-01"), -1, 3, &until, &err), ST_INVALID);
	error_clear(&err);
	/* from 1 December: 90 days to 1 March (a short February) */
	assert_int_equal(transfer_validity(day("2024-12-01"), 0, 3, &until, &err), ST_OK);
	assert_int_equal(until, day("2025-02-28"));
	/* a catalogue of 1 month gives at most 31 days from 1 January */
	assert_int_equal(transfer_validity(day("2025-01-01"), 32, 1, &until, &err), ST_INVALID);
}

static void destinations(void **state)
{
	struct error err = ERROR_INIT;

	(void)state;
	assert_int_equal(transfer_destination_check("abroad", &err), ST_INVALID);
	assert_string_equal(err.code, "transfer_abroad");
	assert_string_equal(err.field, "to");
	error_clear(&err);
	assert_int_equal(transfer_destination_check("境外", &err), ST_INVALID);
	assert_string_equal(err.code, "transfer_abroad");
	error_clear(&err);
	assert_int_equal(transfer_destination_check("Military", &err), ST_INVALID);
	assert_string_equal(err.code, "transfer_military");
	error_clear(&err);
	assert_int_equal(transfer_destination_check("军队", &err), ST_INVALID);
	assert_string_equal(err.code, "transfer_military");
	error_clear(&err);
	/* codes that only begin like the words are organizations */
	assert_int_equal(transfer_destination_check("ARMYVILLE1", &err), ST_OK);
	assert_int_equal(transfer_destination_check("HB", &err), ST_OK);
	assert_int_equal(transfer_destination_check(NULL, &err), ST_OK);
}

static void status_on(void **state)
{
	struct transfer t;

	(void)state;
	transfer_init(&t);
	t.issued = day("2025-03-01");
	t.valid_until = day("2025-03-10");
	t.status = TS_IN_TRANSIT;
	assert_int_equal(transfer_status_on(&t, day("2025-02-28")), 0);
	assert_int_equal(transfer_status_on(&t, day("2025-03-01")), TS_IN_TRANSIT);
	assert_false(transfer_stuck_on(&t, day("2025-03-10")));
	assert_true(transfer_stuck_on(&t, day("2025-03-11")));
	t.status = TS_RECEIVED;
	t.received = day("2025-03-05");
	assert_int_equal(transfer_status_on(&t, day("2025-03-04")), TS_IN_TRANSIT);
	assert_int_equal(transfer_status_on(&t, day("2025-03-05")), TS_RECEIVED);
	assert_false(transfer_stuck_on(&t, day("2025-04-01")));
	t.status = TS_RETURNED;
	t.received = DATE_NONE;
	t.returned = day("2025-03-20");
	assert_true(transfer_stuck_on(&t, day("2025-03-19")));
	assert_false(transfer_stuck_on(&t, day("2025-03-20")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keys),
		cmocka_unit_test(validity),
		cmocka_unit_test(destinations),
		cmocka_unit_test(status_on),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
