/*
 * calendar.c - the working-day calendar across years, with the
 * installation's dates from the database, and the import and listing of
 * those dates (see calendar.h). Not for: one year's counting
 * (model/calendar.c) nor the SQL (store/calendar-store.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "ops/audit.h"
#include "ops/calendar.h"
#include "store/calendar-store.h"
#include "store/db.h"

static int apply_row(int day, enum cal_kind kind, const char *source, void *ctx)
{
	(void)source;
	calendar_year_set(ctx, day, kind);
	return 0;
}

/* year with the installation's dates over the shipped ones. */
static int load_year(struct db *db, int year, struct calendar_year *y, struct error *err)
{
	return calendar_load_year(db, year, y, err);
}

int calendar_load_year(struct db *db, int year, struct calendar_year *y, struct error *err)
{
	calendar_year_init(y, year);
	return calendar_store_each(db, y->first, y->first + y->nr_days - 1, apply_row, y, err);
}

static int year_of(int day)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	return y;
}

/* ST_INVALID naming field and the year not covered. */
static int not_covered(struct error *err, const char *field, int year)
{
	error_setc(err, ST_INVALID, field, "calendar_not_covered",
		   "the calendar does not cover %d (shipped: %d-%d; import its dates"
		   " with `orgwork calendar import`)", year, CALENDAR_SHIPPED_FIRST,
		   CALENDAR_SHIPPED_LAST);
	error_param(err, "year", "%d", year);
	return ST_INVALID;
}

int calendar_year_covered(struct db *db, int year, int *out, struct error *err)
{
	struct calendar_year y;
	int rc;

	if ((rc = load_year(db, year, &y, err)))
		return rc;
	*out = y.covered;
	return ST_OK;
}

int calendar_workdays(struct db *db, int from, int to, int *out, struct error *err)
{
	struct calendar_year y;
	int n = 0, rc;

	if (from == DATE_NONE)
		return error_setc(err, ST_INVALID, "from", "required", "from is required");
	if (to == DATE_NONE)
		return error_setc(err, ST_INVALID, "to", "required", "to is required");
	if (from > to) {
		char a[DATE_STR_SIZE], b[DATE_STR_SIZE];

		error_setc(err, ST_INVALID, "to", "calendar_order",
			   "to (%s) is before from (%s)", date_format(to, b), date_format(from, a));
		error_param(err, "from", "%s", a);
		error_param(err, "to", "%s", b);
		return ST_INVALID;
	}
	for (int yr = year_of(from); yr <= year_of(to); yr++) {
		if ((rc = load_year(db, yr, &y, err)))
			return rc;
		if (!y.covered)
			return not_covered(err, yr == year_of(from) ? "from" : "to", yr);
		n += calendar_year_count(&y, from, to);
	}
	*out = n;
	return ST_OK;
}

int calendar_add_workdays(struct db *db, int day, int n, int *out, struct error *err)
{
	struct calendar_year y;
	int rc, yr;

	if (day == DATE_NONE)
		return error_setc(err, ST_INVALID, "date", "required", "date is required");
	if (n < 1 || n > CALENDAR_MAX_N) {
		error_setc(err, ST_INVALID, "n", "calendar_n_range",
			   "n must be a whole number from 1 to %d", CALENDAR_MAX_N);
		error_param(err, "min", "1");
		error_param(err, "max", "%d", CALENDAR_MAX_N);
		return ST_INVALID;
	}
	for (yr = year_of(day);; yr++) {
		if ((rc = load_year(db, yr, &y, err)))
			return rc;
		if (!y.covered) {
			if (yr == year_of(day))
				return not_covered(err, "date", yr);
			error_setc(err, ST_INVALID, "n", "calendar_beyond_covered",
				   "the working day asked for falls after %d, the last year"
				   " the calendar covers", yr - 1);
			error_param(err, "year", "%d", yr - 1);
			return ST_INVALID;
		}
		if (calendar_year_nth(&y, day, &n, out))
			return ST_OK;
	}
}

int calendar_is_workday(struct db *db, int day, int *out, struct error *err)
{
	struct calendar_year y;
	int rc;

	if (day == DATE_NONE)
		return error_setc(err, ST_INVALID, "date", "required", "date is required");
	if ((rc = load_year(db, year_of(day), &y, err)))
		return rc;
	if (!y.covered)
		return not_covered(err, "date", y.year);
	*out = calendar_year_is_workday(&y, day);
	return ST_OK;
}

/* ------------------------------------------------------------------ */
/* Import.                                                              */

/* One parsed line. */
struct import_row {
	int day;
	enum cal_kind kind;
	long line;
};

static int by_day(const void *a, const void *b)
{
	const struct import_row *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* s[0..n) without blanks at both ends, into buf (of size > n). */
static void trimmed(const char *s, size_t n, char *buf)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	memcpy(buf, s, n);
	buf[n] = '\0';
}

static int at_line(struct error *err, long line, int rc)
{
	if (err && err->line == 0)
		err->line = line;
	return rc;
}

/* Parses the lines of text into rows (caller frees *rows). */
static int parse_import(const char *text, size_t len, struct import_row **rows,
			int *nr, struct error *err)
{
	const char *p = text, *end = text + len;
	size_t alloc = 0;
	long line = 0;

	*rows = NULL;
	*nr = 0;
	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *comma;
		size_t n = eol ? (size_t)(eol - p) : (size_t)(end - p);
		char date[64], kind[64];
		int k;

		line++;
		if (line > CALENDAR_IMPORT_MAX_LINES) {
			error_setc(err, ST_TOO_BIG, "file", "calendar_import_lines",
				   "more than %d lines", CALENDAR_IMPORT_MAX_LINES);
			error_param(err, "max", "%d", CALENDAR_IMPORT_MAX_LINES);
			return at_line(err, line, ST_TOO_BIG);
		}
		comma = memchr(p, ',', n);
		if (!comma) {
			trimmed(p, n < sizeof(date) ? n : 0, date);
			if (n < sizeof(date) && !date[0])
				goto next;      /* blank line */
			error_setc(err, ST_INVALID, "kind", "calendar_import_columns",
				   "a line holds two fields, date,kind");
			return at_line(err, line, ST_INVALID);
		}
		if ((size_t)(comma - p) > sizeof(date) - 1 ||
		    n - (size_t)(comma - p) - 1 > sizeof(kind) - 1 ||
		    memchr(comma + 1, ',', n - (size_t)(comma - p) - 1)) {
			error_setc(err, ST_INVALID, "kind", "calendar_import_columns",
				   "a line holds two fields, date,kind");
			return at_line(err, line, ST_INVALID);
		}
		trimmed(p, (size_t)(comma - p), date);
		trimmed(comma + 1, n - (size_t)(comma - p) - 1, kind);
		if (line == 1 && !strcmp(date, "date") && !strcmp(kind, "kind"))
			goto next;
		ALLOC_GROW(*rows, (size_t)*nr + 1, alloc);
		if (date_parse(date, &(*rows)[*nr].day)) {
			error_setc(err, ST_INVALID, "date", "calendar_import_date",
				   "not a date YYYY-MM-DD");
			return at_line(err, line, ST_INVALID);
		}
		if ((k = calendar_kind_parse(kind)) < 0) {
			error_setc(err, ST_INVALID, "kind", "calendar_import_kind",
				   "kind is holiday or workday");
			return at_line(err, line, ST_INVALID);
		}
		(*rows)[*nr].kind = (enum cal_kind)k;
		(*rows)[*nr].line = line;
		(*nr)++;
next:
		if (!eol)
			break;
		p = eol + 1;
	}
	return ST_OK;
}

int calendar_import(struct db *db, const char *text, size_t len, const char *source,
		    const char *actor, int *nr_dates, struct error *err)
{
	struct import_row *rows = NULL;
	int nr = 0, rc;

	*nr_dates = 0;
	if (!source || !source[0] || strlen(source) > CALENDAR_SOURCE_MAX ||
	    !utf8_valid(source, strlen(source))) {
		error_setc(err, ST_INVALID, "file", "calendar_import_source",
			   "the file's name is 1-%d bytes of UTF-8", CALENDAR_SOURCE_MAX);
		error_param(err, "max", "%d", CALENDAR_SOURCE_MAX);
		return ST_INVALID;
	}
	if (len > CALENDAR_IMPORT_MAX_BYTES) {
		error_setc(err, ST_TOO_BIG, "file", "calendar_import_size",
			   "the file is larger than %d bytes", CALENDAR_IMPORT_MAX_BYTES);
		error_param(err, "max", "%d", CALENDAR_IMPORT_MAX_BYTES);
		return ST_TOO_BIG;
	}
	if ((rc = parse_import(text, len, &rows, &nr, err)))
		goto out;
	if (!nr) {
		rc = error_setc(err, ST_INVALID, "file", "calendar_import_empty",
				"the file lists no dates");
		goto out;
	}
	qsort(rows, (size_t)nr, sizeof(*rows), by_day);
	for (int i = 1; i < nr; i++) {
		if (rows[i].day == rows[i - 1].day) {
			char d[DATE_STR_SIZE];

			error_setc(err, ST_INVALID, "date", "calendar_import_duplicate",
				   "%s is listed already on line %ld",
				   date_format(rows[i].day, d), rows[i - 1].line);
			error_param(err, "date", "%s", d);
			error_param(err, "first_line", "%ld", rows[i - 1].line);
			rc = at_line(err, rows[i].line, ST_INVALID);
			goto out;
		}
	}
	if ((rc = db_begin(db, err)))
		goto out;
	audit_context(db, actor, "calendar.import");
	for (int i = 0; i < nr && !rc; i++)
		rc = calendar_store_insert(db, rows[i].day, rows[i].kind, source, actor, err);
	if (!rc)
		rc = db_commit(db, err);
	if (rc)
		db_rollback(db);
	audit_context(db, NULL, NULL);
	if (!rc)
		*nr_dates = nr;
out:
	free(rows);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Listing.                                                             */

struct list_load {
	struct calendar_year *y;
	char (*source)[CALENDAR_SOURCE_SIZE];
};

static int apply_with_source(int day, enum cal_kind kind, const char *source, void *ctx)
{
	struct list_load *l = ctx;

	calendar_year_set(l->y, day, kind);
	snprintf(l->source[day - l->y->first], CALENDAR_SOURCE_SIZE, "%s", source);
	return 0;
}

int calendar_list(struct db *db, int year,
		  int (*fn)(const struct calendar_entry *e, void *ctx), void *ctx,
		  struct error *err)
{
	struct calendar_year y;
	struct list_load l = { &y, NULL };
	int rc;

	calendar_year_init(&y, year);
	l.source = xcalloc(366, sizeof(*l.source));
	rc = calendar_store_each(db, y.first, y.first + y.nr_days - 1, apply_with_source,
				 &l, err);
	if (!rc && !y.covered)
		rc = not_covered(err, "year", year);
	for (int d = 0; !rc && d < y.nr_days; d++) {
		struct calendar_entry e;

		if (y.kind[d] == CAL_ORDINARY)
			continue;
		e.day = y.first + d;
		e.kind = (enum cal_kind)y.kind[d];
		e.installed = y.installed[d];
		e.name = y.span[d] ? y.span[d]->name : "";
		e.source = y.span[d] ? y.span[d]->source : l.source[d];
		rc = fn(&e, ctx);
	}
	free(l.source);
	return rc;
}
