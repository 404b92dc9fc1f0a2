/*
 * export.c - the member export: pages of persons from person_store_list
 * turned into CSV lines or XLSX rows with the import columns.
 *
 * Coded values are written as their Chinese labels (what the template's
 * drop-down lists offer), organizations as their codes (looked up once per
 * organization and cached). The XLSX writer runs libxlsxwriter in constant
 * memory mode, which requires rows in order; that is how they come. Not for
 * choosing who may export what (the caller checks the permission).
 *
 * The caps are checked on every row (the clock is cheap); the caller's
 * cancel check, which may cost a system call, every EXPORT_CHECK_MS. While
 * rows are read, the time cap and the cancel check also watch the store's
 * statements (db_set_watch), so a long first page stops on time as well.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "core/date.h"
#include "core/hashmap.h"
#include "core/xalloc.h"
#include "model/codes.h"
#include "model/org.h"
#include "model/person.h"
#include "formats/csv-writer.h"
#include "formats/export.h"
#include "formats/template.h"
#include "formats/table-reader.h"
#include "store/db.h"
#include "store/org-store.h"
#include "store/person-store.h"

struct exp {
	struct db *db;
	enum export_format format;
	FILE *f;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *text_fmt, *date_fmt;
	long long rows;
	struct hashmap org_codes;          /* organization id -> index in codes */
	char (*codes)[ORG_CODE_SIZE];
	size_t nr_codes, alloc_codes;
	int failed;
	struct error *err;
	long long max_rows;                /* 0: no cap */
	int xlsx_cap;                      /* max_rows is the XLSX limit */
	long long deadline_ms, next_check_ms, started_ms;  /* deadline 0: none */
	int max_seconds;
	const struct export_limits *lim;
};

static long long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The time cap and the caller's cancel check (at most every
 * EXPORT_CHECK_MS): ST_OK, or the failure recorded in e->err. */
static int check_time(struct exp *e)
{
	long long now;

	if (!e->deadline_ms && !(e->lim && e->lim->cancelled))
		return ST_OK;
	now = mono_ms();
	if (e->deadline_ms && now >= e->deadline_ms) {
		error_setc(e->err, ST_TOO_BIG, "max_seconds", "export_time_cap",
			   "the export ran for %d s, its time cap, after %lld rows"
			   " (export a smaller selection or raise the cap)",
			   e->max_seconds, e->rows);
		error_param(e->err, "max", "%d", e->max_seconds);
		error_param(e->err, "rows", "%lld", e->rows);
		return ST_TOO_BIG;
	}
	if (e->lim && e->lim->cancelled && now >= e->next_check_ms) {
		e->next_check_ms = now + EXPORT_CHECK_MS;
		if (e->lim->cancelled(e->lim->cancel_ctx))
			return error_set(e->err, ST_IO, "connection",
					 "export stopped after %lld rows: the client has gone",
					 e->rows);
	}
	return ST_OK;
}

/* Before row e->rows + 1: a cap reached or a cancelled caller fails. */
static int check_limits(struct exp *e)
{
	if (e->max_rows > 0 && e->rows >= e->max_rows) {
		if (e->xlsx_cap)
			error_setc(e->err, ST_TOO_BIG, "max_rows", "export_xlsx_rows",
				   "more than %lld members match: an XLSX sheet holds"
				   " at most %lld rows (export CSV or a smaller selection)",
				   e->max_rows, e->max_rows);
		else
			error_setc(e->err, ST_TOO_BIG, "max_rows", "export_row_cap",
				   "more than %lld members match: the export is capped at"
				   " %lld rows (export a smaller selection or raise the cap)",
				   e->max_rows, e->max_rows);
		error_param(e->err, "max", "%lld", e->max_rows);
		return ST_TOO_BIG;
	}
	return check_time(e);
}

/* The database's watch while rows are read: a query that scans or sorts
 * a large subtree before its first row stops on time too. */
static int watch(void *ctx)
{
	struct exp *e = ctx;

	if (!e->failed)
		e->failed = check_time(e);
	return e->failed != 0;
}

/* The code of organization id, looked up once. */
static const char *org_code(struct exp *e, long long id)
{
	long long *slot;
	int added;

	if (id <= 0)
		return "";
	slot = hashmap_put(&e->org_codes, (uint64_t)id, &added);
	if (added) {
		struct org o;
		struct error oe = ERROR_INIT;
		char *code;
		*slot = (long long)e->nr_codes;
		ALLOC_GROW(e->codes, e->nr_codes + 1, e->alloc_codes);
		code = e->codes[e->nr_codes++];
		int rc = org_store_get(e->db, id, &o, &oe);
		if (rc == ST_OK)
			snprintf(code, ORG_CODE_SIZE, "%s", o.code);
		else
			snprintf(code, ORG_CODE_SIZE, "%lld", id);
		/* a storage failure ends the export; a lookup interrupted by
		 * the watch keeps the cause the watch recorded */
		if (rc && rc != ST_NOT_FOUND && !e->failed)
			e->failed = error_pass(e->err, rc, &oe);
	}
	return e->codes[*slot];
}

static const char *label(const struct code_table *t, int code)
{
	const struct code_entry *ce = code ? code_by_code(t, code) : NULL;
	return ce ? ce->zh : "";
}

/* The cells of one person, in member_columns order; dates as day numbers. */
static void person_cells(struct exp *e, const struct person *p,
			 const char *text[MC_COUNT], int day[MC_COUNT])
{
	for (int c = 0; c < MC_COUNT; c++) {
		text[c] = "";
		day[c] = DATE_NONE;
	}
	text[MC_NAME] = p->name;
	text[MC_SEX] = label(&code_sex, p->sex);
	text[MC_ID_NUMBER] = p->id_number;
	day[MC_BIRTH] = p->birth_date;
	text[MC_ETHNICITY] = label(&code_ethnicity, p->ethnicity);
	text[MC_EDUCATION] = label(&code_education, p->education);
	text[MC_OCCUPATION] = label(&code_occupation, p->occupation);
	text[MC_PHONE] = p->phone;
	text[MC_ADDRESS] = p->address;
	text[MC_ORG] = org_code(e, p->org_id);
	text[MC_STATUS] = label(&code_member_status, p->status);
	day[MC_APPLIED] = p->applied;
	day[MC_ACTIVIST] = p->activist;
	day[MC_TARGET] = p->target;
	day[MC_ADMITTED] = p->admitted;
	day[MC_FULL] = p->full;
	day[MC_EXITED] = p->exited;
}

static int visit(const struct person *p, void *ctx)
{
	struct exp *e = ctx;
	const char *text[MC_COUNT];
	int day[MC_COUNT];

	if ((e->failed = check_limits(e)))
		return e->failed;
	person_cells(e, p, text, day);
	if (e->failed)
		return e->failed;
	e->rows++;
	if (e->format == EXPORT_CSV) {
		for (int c = 0; c < MC_COUNT; c++) {
			char buf[DATE_STR_SIZE];
			if (c)
				fputc(',', e->f);
			if (member_columns[c].type == COL_DATE)
				fputs(day[c] == DATE_NONE ? "" : date_format(day[c], buf), e->f);
			else
				csv_write_field(e->f, text[c]);
		}
		fputs("\r\n", e->f);
		if (ferror(e->f)) {
			e->failed = error_set(e->err, ST_IO, NULL, "write error");
			return e->failed;
		}
		return 0;
	}
	lxw_row_t r = (lxw_row_t)e->rows;
	for (int c = 0; c < MC_COUNT; c++) {
		lxw_col_t col = (lxw_col_t)c;
		if (member_columns[c].type == COL_DATE) {
			if (day[c] != DATE_NONE)
				worksheet_write_number(e->ws, r, col,
						       xlsx_day_to_serial(day[c]),
						       e->date_fmt);
		} else if (c == MC_ID_NUMBER || c == MC_PHONE || c == MC_ORG) {
			if (*text[c])
				worksheet_write_string(e->ws, r, col, text[c], e->text_fmt);
		} else if (*text[c]) {
			worksheet_write_string(e->ws, r, col, text[c], NULL);
		}
	}
	return 0;
}

int export_members(struct db *db, const struct export_query *q,
		   enum export_format format, const char *path,
		   const struct export_limits *lim, long long *count,
		   struct error *err)
{
	struct exp e;
	struct person_query pq;
	char cursor[CURSOR_SIZE] = "", next[CURSOR_SIZE];
	int rc = ST_OK;

	memset(&e, 0, sizeof(e));
	hashmap_init(&e.org_codes, 0);
	e.db = db;
	e.format = format;
	e.err = err;
	e.lim = lim;
	e.max_rows = lim && lim->max_rows > 0 ? lim->max_rows : 0;
	if (format == EXPORT_XLSX && (!e.max_rows || e.max_rows > EXPORT_XLSX_MAX_ROWS)) {
		e.max_rows = EXPORT_XLSX_MAX_ROWS;
		e.xlsx_cap = 1;
	}
	e.started_ms = mono_ms();
	e.next_check_ms = e.started_ms;     /* the first row asks at once */
	if (lim && lim->max_seconds > 0) {
		e.max_seconds = lim->max_seconds;
		e.deadline_ms = e.started_ms + 1000LL * lim->max_seconds;
	}
	if (count)
		*count = 0;
	if (format == EXPORT_CSV) {
		e.f = fopen(path, "wb");
		if (!e.f)
			return error_set(err, ST_IO, NULL, "cannot create %s", path);
		fputs("\xEF\xBB\xBF", e.f);
		for (int c = 0; c < MC_COUNT; c++) {
			if (c)
				fputc(',', e.f);
			fputs(member_columns[c].zh, e.f);
		}
		fputs("\r\n", e.f);
	} else {
		lxw_workbook_options opt = { .constant_memory = LXW_TRUE,
					     .tmpdir = NULL };
		lxw_format *bold;
		e.wb = workbook_new_opt(path, &opt);
		if (!e.wb)
			return error_set(err, ST_IO, NULL, "cannot create %s", path);
		e.ws = workbook_add_worksheet(e.wb, SHEET_MEMBERS_ZH);
		e.text_fmt = workbook_add_format(e.wb);
		format_set_num_format(e.text_fmt, "@");
		e.date_fmt = workbook_add_format(e.wb);
		format_set_num_format(e.date_fmt, "yyyy-mm-dd");
		bold = workbook_add_format(e.wb);
		format_set_bold(bold);
		for (int c = 0; c < MC_COUNT; c++) {
			lxw_format *cf = NULL;
			if (c == MC_ID_NUMBER || c == MC_PHONE || c == MC_ORG)
				cf = e.text_fmt;
			else if (member_columns[c].type == COL_DATE)
				cf = e.date_fmt;
			worksheet_set_column(e.ws, (lxw_col_t)c, (lxw_col_t)c,
					     member_columns[c].width, cf);
			worksheet_write_string(e.ws, 0, (lxw_col_t)c,
					       member_columns[c].zh, bold);
		}
	}

	memset(&pq, 0, sizeof(pq));
	pq.org_id = q->org_id;
	pq.subtree = q->subtree;
	pq.status = q->status;
	pq.drill = q->drill;
	pq.limit = 1000;
	db_set_watch(db, watch, &e);
	for (;;) {
		pq.after = cursor[0] ? cursor : NULL;
		next[0] = '\0';
		rc = person_store_list(db, &pq, visit, &e, next, err);
		if (rc || e.failed) {
			/* an interrupted statement fails with ST_DB: the cause is
			 * e.failed, recorded first in err */
			rc = e.failed ? e.failed : rc;
			break;
		}
		if (!next[0])
			break;
		memcpy(cursor, next, sizeof(cursor));
	}

	db_set_watch(db, NULL, NULL);
	if (e.f && fclose(e.f) != 0 && !rc)
		rc = error_set(err, ST_IO, NULL, "cannot write %s", path);
	if (e.wb) {
		lxw_error le = workbook_close(e.wb);
		if (le != LXW_NO_ERROR && !rc)
			rc = error_set(err, ST_IO, NULL, "cannot write %s: %s", path,
				       lxw_strerror(le));
	}
	hashmap_release(&e.org_codes);
	free(e.codes);
	if (rc) {
		/* a cut export must not look complete: remove it (a regular
		 * file only; never a device such as /dev/stdout) */
		struct stat sb;
		if (!stat(path, &sb) && S_ISREG(sb.st_mode))
			unlink(path);
	}
	if (count)
		*count = e.rows;
	return rc;
}
