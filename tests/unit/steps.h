/*
 * steps.h - for the unit tests that check a statement's plan by its cost:
 * while watched, a connection's finished statements report their
 * virtual-machine steps, and the most any of them took is kept. A statement
 * that scans a table takes steps in proportion to the table; one that
 * follows an index, in proportion to what it finds.
 */
#ifndef OW_TEST_STEPS_H
#define OW_TEST_STEPS_H

#include <sqlite3.h>

static inline int steps_profile(unsigned type, void *ctx, void *stmt, void *x)
{
	long long *most = ctx;
	long long n = sqlite3_stmt_status(stmt, SQLITE_STMTSTATUS_VM_STEP, 0);

	(void)type;
	(void)x;
	if (n > *most)
		*most = n;
	return 0;
}

/* From now on *most holds the most steps a statement of db took. */
static inline void steps_watch(sqlite3 *db, long long *most)
{
	*most = 0;
	sqlite3_trace_v2(db, SQLITE_TRACE_PROFILE, steps_profile, most);
}

static inline void steps_unwatch(sqlite3 *db)
{
	sqlite3_trace_v2(db, 0, NULL, NULL);
}

#endif
