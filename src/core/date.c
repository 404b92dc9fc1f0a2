/*
 * date.c - civil-date arithmetic on day numbers (days since 1970-01-01).
 *
 * Conversion follows the well-known era-based algorithm (H. Hinnant's
 * days_from_civil), exact for the whole proleptic Gregorian range we accept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/date.h"
#include "core/error.h"

int date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void date_to_ymd(int day, int *y, int *m, int *d)
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int yy = yoe + era * 400;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int dd = doy - (153 * mp + 2) / 5 + 1;
	int mm = mp + (mp < 10 ? 3 : -9);
	*y = yy + (mm <= 2);
	*m = mm;
	*d = dd;
}

int date_days_in_month(int y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dim[m - 1];
}

int date_valid_ymd(int y, int m, int d)
{
	return y >= 1800 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= date_days_in_month(y, m);
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int date_parse(const char *s, int *day)
{
	int y, m, d;
	size_t len = s ? strlen(s) : 0;

	if (len == 10 && (s[4] == '-' || s[4] == '/' || s[4] == '.') &&
	    s[7] == s[4]) {
		if (digits(s, 4, &y) || digits(s + 5, 2, &m) ||
		    digits(s + 8, 2, &d))
			return ST_INVALID;
	} else if (len == 8) {
		if (digits(s, 4, &y) || digits(s + 4, 2, &m) ||
		    digits(s + 6, 2, &d))
			return ST_INVALID;
	} else {
		return ST_INVALID;
	}
	if (!date_valid_ymd(y, m, d))
		return ST_INVALID;
	*day = date_from_ymd(y, m, d);
	return ST_OK;
}

char *date_format(int day, char buf[DATE_STR_SIZE])
{
	int y, m, d;

	if (day == DATE_NONE) {
		buf[0] = '\0';
		return buf;
	}
	date_to_ymd(day, &y, &m, &d);
	if (y < 0 || y > 9999) {
		buf[0] = '\0';
		return buf;
	}
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
	return buf;
}

int date_today(void)
{
	const char *env = getenv("ORGWORK_TODAY");
	int day;

	if (env && *env && date_parse(env, &day) == ST_OK)
		return day;
	/* Asia/Shanghai is UTC+8 all year round. */
	long long t = (long long)time(NULL) + 8 * 3600;
	return (int)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
}

int date_add_months(int day, int months)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	int idx = y * 12 + (m - 1) + months;
	y = idx >= 0 ? idx / 12 : -((-idx + 11) / 12);	/* floor, for years before 0 */
	m = idx - y * 12 + 1;
	int dim = date_days_in_month(y, m);
	if (d > dim)
		d = dim;
	return date_from_ymd(y, m, d);
}

int date_add_years(int day, int years)
{
	return date_add_months(day, years * 12);
}

int date_years_between(int from, int to)
{
	int y1, m1, d1, y2, m2, d2;

	date_to_ymd(from, &y1, &m1, &d1);
	date_to_ymd(to, &y2, &m2, &d2);
	int years = y2 - y1;
	if (m2 < m1 || (m2 == m1 && d2 < d1))
		years--;
	return years;
}

int date_weekday(int day)
{
	/* 1970-01-01 was a Thursday (3 when Monday = 0). */
	int w = (day + 3) % 7;
	return w < 0 ? w + 7 : w;
}
