/*
 * date.h - calendar dates as day numbers.
 *
 * Inside the program a date is an int: days since 1970-01-01 (proleptic
 * Gregorian, may be negative). At the edges it is "YYYY-MM-DD" text. DATE_NONE
 * marks an absent date. "Today" is the date in the display zone Asia/Shanghai
 * (UTC+8, no DST), overridable by the environment variable ORGWORK_TODAY
 * (YYYY-MM-DD) so that tests and reports can be reproduced. Working days and
 * the holiday calendar live in model/calendar.h, not here.
 */
#ifndef OW_DATE_H
#define OW_DATE_H

#include <stddef.h>

#define DATE_NONE (-2147483647 - 1)
#define DATE_STR_SIZE 11

/* Day number of a civil date; no range check (see date_valid). */
int date_from_ymd(int y, int m, int d);
void date_to_ymd(int day, int *y, int *m, int *d);
int date_valid_ymd(int y, int m, int d);
int date_days_in_month(int y, int m);

/*
 * Parses strict "YYYY-MM-DD" (years 1800..2200) into *day.
 * Returns ST_OK or ST_INVALID. Also accepts "YYYY/MM/DD" and "YYYY.MM.DD"
 * and "YYYYMMDD" as office spreadsheets write them.
 */
int date_parse(const char *s, int *day);
/* Writes "YYYY-MM-DD" (or "" for DATE_NONE) into buf of DATE_STR_SIZE. */
char *date_format(int day, char buf[DATE_STR_SIZE]);

int date_today(void);
/* Adds months, clamping the day to the month's end (31 Jan + 1 = 28/29 Feb). */
int date_add_months(int day, int months);
int date_add_years(int day, int years);
/* Whole years from `from` to `to` (age, party age). */
int date_years_between(int from, int to);
/* 0 = Monday ... 6 = Sunday */
int date_weekday(int day);

#endif
