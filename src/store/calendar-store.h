/*
 * calendar-store.h - the calendar_days table: the installation's own dates
 * of the working-day calendar (a holiday or a working day each), with the
 * file they came from, who listed them and when.
 *
 * Rows are append-only: a later row for the same date supersedes an
 * earlier one, and the history stays. Each insert is audited by the
 * table's trigger in the writing transaction. Row access only: what a date
 * means and the checks of an import are in model/calendar.c and
 * ops/calendar.c.
 */
#ifndef OW_CALENDAR_STORE_H
#define OW_CALENDAR_STORE_H

#include "core/error.h"
#include "model/calendar.h"

struct db;

#define CALENDAR_SOURCE_SIZE 256

/* Inserts one date. The caller holds the transaction. */
int calendar_store_insert(struct db *db, int day, enum cal_kind kind,
			  const char *source, const char *actor, struct error *err);

/*
 * Calls fn for each row with a date from `from` to `to` (both included),
 * in order of date and then of writing (so the last call for a date is the
 * row in force). Stops at fn's first non-zero answer and returns it.
 */
int calendar_store_each(struct db *db, int from, int to,
			int (*fn)(int day, enum cal_kind kind, const char *source,
				  void *ctx),
			void *ctx, struct error *err);

#endif
