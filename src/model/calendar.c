/*
 * calendar.c - one year of the working-day calendar from the shipped spans
 * and the installation's dates, and counting in it (see calendar.h). Not
 * for: the dates themselves (calendar-data.c) nor the database.
 */
#include <string.h>

#include "core/date.h"
#include "model/calendar.h"

const char *calendar_kind_name(enum cal_kind k)
{
	switch (k) {
	case CAL_HOLIDAY:
		return "holiday";
	case CAL_WORKDAY:
		return "workday";
	case CAL_ORDINARY:
		break;
	}
	return "ordinary";
}

int calendar_kind_parse(const char *s)
{
	if (!strcmp(s, "holiday"))
		return CAL_HOLIDAY;
	if (!strcmp(s, "workday"))
		return CAL_WORKDAY;
	return -1;
}

void calendar_year_init(struct calendar_year *y, int year)
{
	memset(y, 0, sizeof(*y));
	y->year = year;
	y->first = date_from_ymd(year, 1, 1);
	y->nr_days = date_from_ymd(year + 1, 1, 1) - y->first;
	y->covered = year >= CALENDAR_SHIPPED_FIRST && year <= CALENDAR_SHIPPED_LAST;
	for (size_t i = 0; i < nr_calendar_spans; i++) {
		const struct calendar_span *s = &calendar_spans[i];
		int a = date_from_ymd(s->y1, s->m1, s->d1) - y->first;
		int b = date_from_ymd(s->y2, s->m2, s->d2) - y->first;

		if (a < 0)
			a = 0;
		if (b >= y->nr_days)
			b = y->nr_days - 1;
		for (int d = a; d <= b; d++) {
			y->kind[d] = (unsigned char)s->kind;
			y->span[d] = s;
		}
	}
}

void calendar_year_set(struct calendar_year *y, int day, enum cal_kind kind)
{
	int d = day - y->first;

	if (d < 0 || d >= y->nr_days)
		return;
	y->kind[d] = (unsigned char)kind;
	y->span[d] = NULL;
	y->installed[d] = 1;
	y->covered = 1;
}

static int workday_at(const struct calendar_year *y, int d)
{
	switch (y->kind[d]) {
	case CAL_HOLIDAY:
		return 0;
	case CAL_WORKDAY:
		return 1;
	default:
		return date_weekday(y->first + d) < 5;
	}
}

int calendar_year_is_workday(const struct calendar_year *y, int day)
{
	int d = day - y->first;

	return d >= 0 && d < y->nr_days && workday_at(y, d);
}

int calendar_year_count(const struct calendar_year *y, int from, int to)
{
	int a = from - y->first, b = to - y->first, n = 0;

	if (a < 0)
		a = 0;
	if (b >= y->nr_days)
		b = y->nr_days - 1;
	for (int d = a; d <= b; d++)
		n += workday_at(y, d);
	return n;
}

int calendar_year_nth(const struct calendar_year *y, int from, int *n, int *out)
{
	int a = from - y->first;

	if (a < 0)
		a = 0;
	for (int d = a; d < y->nr_days; d++) {
		if (workday_at(y, d) && --*n == 0) {
			*out = y->first + d;
			return 1;
		}
	}
	return 0;
}
