/*
 * calendar.h - working days (工作日) for the rules that count in them.
 *
 * Not for: the dates themselves (core/date.h).
 */
#ifndef OW_CALENDAR_H
#define OW_CALENDAR_H

#include "core/error.h"

struct db;

/* The number of working days from `from` to `to`, both included, into *out. */
int calendar_workdays(struct db *db, int from, int to, int *out, struct error *err);

#endif
