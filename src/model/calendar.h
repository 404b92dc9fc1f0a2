/*
 * calendar.h - the working-day calendar, pure: which days are working days
 * given the holidays and adjusted working days shipped with orgwork
 * (model/calendar-data.c, the State Council's notices of 2020-2026) and
 * the installation's own dates, and counting working days within a year.
 *
 * A day is a working day when it is Monday to Friday and not a holiday, or
 * a Saturday or Sunday listed as a working day (调休). A date listed by the
 * installation wins over the shipped one for the same day. A year is
 * covered (its answers can be trusted) when the shipped data holds it or
 * the installation has listed at least one date of it; counting in a year
 * not covered is refused by ops/calendar.c, never guessed. Not for: the
 * database (store/calendar-store.h), crossing years or checking arguments
 * (ops/calendar.h).
 */
#ifndef OW_CALENDAR_H
#define OW_CALENDAR_H

#include <stddef.h>

enum cal_kind {
	CAL_ORDINARY = 0,   /* not listed: Mon-Fri work, Sat-Sun rest */
	CAL_HOLIDAY = 1,    /* listed holiday (a rest day whatever the weekday) */
	CAL_WORKDAY = 2,    /* listed working day (调休 weekend day, or any) */
};

/* One sentence of a notice: days y1-m1-d1 .. y2-m2-d2 of one kind. */
struct calendar_span {
	short y1, m1, d1, y2, m2, d2;
	enum cal_kind kind;
	const char *name;      /* the holiday, as the notice names it */
	const char *source;    /* the notice, with its number */
};

extern const struct calendar_span calendar_spans[];
extern const size_t nr_calendar_spans;

/* The years the shipped data covers. */
#define CALENDAR_SHIPPED_FIRST 2020
#define CALENDAR_SHIPPED_LAST 2026

/* One year of the calendar: each day's kind and where it comes from. */
struct calendar_year {
	int year;
	int first;                   /* day number of 1 January */
	int nr_days;                 /* 365 or 366 */
	int covered;                 /* shipped, or the installation listed a date */
	unsigned char kind[366];     /* enum cal_kind */
	/* the shipped span of the day, or NULL (ordinary, or installation's) */
	const struct calendar_span *span[366];
	unsigned char installed[366];   /* 1: the installation's date */
};

/* "holiday", "workday", "ordinary"; and back (-1 for an unknown word). */
const char *calendar_kind_name(enum cal_kind k);
int calendar_kind_parse(const char *s);

/* y with the shipped dates of that year; covered when shipped. */
void calendar_year_init(struct calendar_year *y, int year);

/* Lists day (which must lie in y) as kind for the installation, over any
 * shipped date; marks the year covered. */
void calendar_year_set(struct calendar_year *y, int day, enum cal_kind kind);

/* 1 when day (in y) is a working day. */
int calendar_year_is_workday(const struct calendar_year *y, int day);

/* Working days from `from` to `to` (both included), clamped to y. */
int calendar_year_count(const struct calendar_year *y, int from, int to);

/*
 * Walks y from day `from` (clamped to y) towards its end looking for the
 * *n-th working day (from included). Returns 1 with *out set when found;
 * else 0, with *n lowered by the working days passed.
 */
int calendar_year_nth(const struct calendar_year *y, int from, int *n, int *out);

#endif
