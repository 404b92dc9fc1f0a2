/*
 * calendar.c - working days counted as weekdays only: Monday to Friday,
 * with no public holidays and no adjusted working weekends. A stand-in
 * for the working-day calendar of the State Council's notices; it is not
 * for deciding anything that falls on or near a public holiday.
 */
#include "core/date.h"
#include "ops/calendar.h"

int calendar_workdays(struct db *db, int from, int to, int *out, struct error *err)
{
	int n = 0;

	(void)db;
	if (from == DATE_NONE || to == DATE_NONE)
		return error_set(err, ST_INVALID, "date", "a working-day count needs two dates");
	for (int d = from; d <= to; d++) {
		int w = date_weekday(d);
		if (w <= 4)   /* date_weekday: 0 = Monday */
			n++;
	}
	*out = n;
	return ST_OK;
}
