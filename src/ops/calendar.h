/*
 * calendar.h - the working-day calendar as the rest of the program asks
 * it: working days between two days, the n-th working day from a day,
 * whether a day is a working day; and the installation's side of it,
 * importing its own dates and listing a year's dates with their sources.
 *
 * Days are day numbers of core/date.h. The shipped dates
 * (model/calendar-data.c) cover 2020-2026; a year is also covered once the
 * installation has imported any date of it. A question touching a day of
 * a year not covered is refused (ST_INVALID with a code and the field),
 * never answered by guessing that only weekends rest. Not for: the rules
 * that count in working days (they call here), the table (store/).
 */
#ifndef OW_OPS_CALENDAR_H
#define OW_OPS_CALENDAR_H

#include <stddef.h>

#include "core/error.h"
#include "model/calendar.h"

struct db;

/* The largest n of calendar_add_workdays (about ten years of working days). */
#define CALENDAR_MAX_N 2500
/* Limits of an import: bytes, lines, and the text of its source. */
#define CALENDAR_IMPORT_MAX_BYTES (64 * 1024)
#define CALENDAR_IMPORT_MAX_LINES 1000
#define CALENDAR_SOURCE_MAX 200

/* Working days from `from` to `to`, both included. from > to, or a day in
   a year not covered: ST_INVALID with a code and field. */
int calendar_workdays(struct db *db, int from, int to, int *out, struct error *err);

/* The day of the n-th working day counted from `day` (day included when it
   is a working day); n >= 1. */
int calendar_add_workdays(struct db *db, int day, int n, int *out, struct error *err);

/* *out = 1 when day is a working day. */
int calendar_is_workday(struct db *db, int day, int *out, struct error *err);

/* y: the year with the installation's dates over the shipped ones, for a
   pure rule of model/ that counts in it (y->covered says whether it may). */
int calendar_load_year(struct db *db, int year, struct calendar_year *y, struct error *err);
/* 1 when year is covered (shipped, or a date of it imported). */
int calendar_year_covered(struct db *db, int year, int *out, struct error *err);

/*
 * Imports CSV text "date,kind" (kind holiday or workday; a first line
 * "date,kind" is a header; blank lines are skipped), at most
 * CALENDAR_IMPORT_MAX_BYTES and CALENDAR_IMPORT_MAX_LINES lines, each date
 * once. All or nothing: one transaction, each date audited with source
 * (the file's name, 1-CALENDAR_SOURCE_MAX bytes) and actor. Errors name
 * the line (err->line) and the field ("date", "kind", "file"). *nr_dates
 * is the number of dates imported.
 */
int calendar_import(struct db *db, const char *text, size_t len, const char *source,
		    const char *actor, int *nr_dates, struct error *err);

/* A listed day of a year. */
struct calendar_entry {
	int day;
	enum cal_kind kind;
	const char *name;      /* the holiday's name, "" for the installation's */
	const char *source;    /* the notice, or the installation's file */
	int installed;         /* 1: the installation's date */
};

/*
 * Calls fn for each listed day of year (shipped or installation's, the
 * latter winning) in order of date. A year not covered: ST_INVALID, field
 * "year". Stops at fn's first non-zero answer and returns it.
 */
int calendar_list(struct db *db, int year,
		  int (*fn)(const struct calendar_entry *e, void *ctx), void *ctx,
		  struct error *err);

#endif
