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

/*
 * Writes the matching members to path (replaced). *count (may be NULL)
 * receives the rows written. ST_IO when the file cannot be written; store
 * errors as they come.
 */
int export_members(struct db *db, const struct export_query *q,
		   enum export_format format, const char *path,
		   long long *count, struct error *err);

#endif
