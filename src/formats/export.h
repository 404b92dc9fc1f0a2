/*
 * export.h - writing the members of an organization (or of its subtree) as
 * CSV or XLSX, in the import layout.
 *
 * The columns are member_columns of formats/template.h with their Chinese
 * headers, so an export re-imports unchanged into a database that has the
 * organizations. CSV is UTF-8 with a BOM (Excel reads it as UTF-8); XLSX
 * stores the ID number as a text cell with the text format '@' and dates as
 * date cells. Rows stream page by page from the store: memory does not grow
 * with the export. Not for reports of statistics.
 *
 * Every export is bounded: a row cap and a time cap end it with an error
 * (never a file that looks complete but is cut), and a caller's cancel
 * check (a client that has gone) stops it within EXPORT_CHECK_MS.
 */
#ifndef OW_EXPORT_H
#define OW_EXPORT_H

#include "core/error.h"
#include "store/person-store.h"

struct db;

enum export_format { EXPORT_CSV, EXPORT_XLSX };

struct export_query {
	long long org_id;   /* the organization */
	int subtree;        /* 1: the whole subtree, 0: that organization only */
	int status;         /* 0: every status (exited included), > 0: only that
			       one, -1 members, -2 current (as person_query) */
	struct person_drill drill;  /* drill-down conditions (zero: none) */
};

/* Defaults of the caps (orgwork export and serve options). */
#define EXPORT_MAX_ROWS_DEFAULT 1000000LL
#define EXPORT_MAX_SECONDS_DEFAULT 600
/* Rows of an XLSX sheet below its header row (the format's own limit). */
#define EXPORT_XLSX_MAX_ROWS 1048575LL
/* How often (milliseconds of work) the cancel check is called. */
#define EXPORT_CHECK_MS 100

struct export_limits {
	long long max_rows;   /* > 0: a selection of more rows fails (ST_TOO_BIG,
				 field "max_rows"); 0: only the XLSX limit */
	int max_seconds;      /* > 0: an export running longer fails (ST_TOO_BIG,
				 field "max_seconds"); 0: no time cap */
	/* NULL, or called before the first row and then at most every
	 * EXPORT_CHECK_MS while rows are written: non-zero stops the export
	 * (ST_IO, field "connection"). */
	int (*cancelled)(void *ctx);
	void *cancel_ctx;
};

/*
 * Writes the matching members to path (replaced). *count (may be NULL)
 * receives the rows written. lim (NULL: no caps, no cancel check) bounds
 * the work. ST_IO when the file cannot be written or the export was
 * cancelled; ST_TOO_BIG when a cap was reached; store errors as they
 * come. After a failure, path (when a regular file) is removed: a cut
 * export is never left to look complete.
 */
int export_members(struct db *db, const struct export_query *q,
		   enum export_format format, const char *path,
		   const struct export_limits *lim, long long *count,
		   struct error *err);

#endif
