/*
 * import-report.c - the issues of an import for people: one line of text
 * each, and the whole list as a CSV or XLSX file that opens in a
 * spreadsheet beside the file it describes. Not for finding the issues
 * (import-cells.c, import-row.c).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <xlsxwriter.h>

#include "core/error.h"
#include "formats/csv-writer.h"
#include "formats/import.h"

void import_issue_describe(const struct import_issue *is, char *buf, size_t size)
{
	char where[96];

	if (is->sheet[0])
		snprintf(where, sizeof(where), "%s row %ld", is->sheet, is->line);
	else if (is->line > 0)
		snprintf(where, sizeof(where), "line %ld", is->line);
	else
		snprintf(where, sizeof(where), "file");
	if (is->column[0])
		snprintf(buf, size, "%s, %s: %s", where, is->column, is->reason);
	else
		snprintf(buf, size, "%s: %s", where, is->reason);
}

static int ends_with_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcasecmp(s + n - k, suffix);
}

static int report_xlsx(const struct import_result *res, const char *path,
		       struct error *err)
{
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws;
	lxw_format *bold;
	lxw_col_t c0 = res->is_xlsx ? 1 : 0;

	if (!wb)
		return error_set(err, ST_IO, NULL, "cannot create %s", path);
	ws = workbook_add_worksheet(wb, "errors");
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	if (res->is_xlsx)
		worksheet_write_string(ws, 0, 0, "sheet", bold);
	worksheet_write_string(ws, 0, c0, "line", bold);
	worksheet_write_string(ws, 0, c0 + 1, "column", bold);
	worksheet_write_string(ws, 0, c0 + 2, "value", bold);
	worksheet_write_string(ws, 0, c0 + 3, "reason", bold);
	worksheet_set_column(ws, c0 + 1, c0 + 2, 18, NULL);
	worksheet_set_column(ws, c0 + 3, c0 + 3, 70, NULL);
	for (size_t i = 0; i < res->nr_issues; i++) {
		const struct import_issue *is = &res->issues[i];
		lxw_row_t r = (lxw_row_t)(i + 1);
		if (res->is_xlsx)
			worksheet_write_string(ws, r, 0, is->sheet, NULL);
		worksheet_write_number(ws, r, c0, (double)is->line, NULL);
		worksheet_write_string(ws, r, c0 + 1, is->column, NULL);
		worksheet_write_string(ws, r, c0 + 2, is->value, NULL);
		worksheet_write_string(ws, r, c0 + 3, is->reason, NULL);
	}
	lxw_error le = workbook_close(wb);
	if (le != LXW_NO_ERROR)
		return error_set(err, ST_IO, NULL, "cannot write %s: %s", path,
				 lxw_strerror(le));
	return ST_OK;
}

int import_report_write(const struct import_result *res, const char *path,
			struct error *err)
{
	FILE *f;

	if (ends_with_ci(path, ".xlsx"))
		return report_xlsx(res, path, err);
	f = fopen(path, "wb");
	if (!f)
		return error_set(err, ST_IO, NULL, "cannot create %s", path);
	fputs("\xEF\xBB\xBF", f);
	fputs(res->is_xlsx ? "sheet,line,column,value,reason\r\n"
			   : "line,column,value,reason\r\n", f);
	for (size_t i = 0; i < res->nr_issues; i++) {
		const struct import_issue *is = &res->issues[i];
		if (res->is_xlsx) {
			csv_write_field(f, is->sheet);
			fputc(',', f);
		}
		fprintf(f, "%ld,", is->line);
		csv_write_field(f, is->column);
		fputc(',', f);
		csv_write_field(f, is->value);
		fputc(',', f);
		csv_write_field(f, is->reason);
		fputs("\r\n", f);
	}
	if (res->nr_errors > (long long)res->nr_issues)
		fprintf(f, "0,,,%lld more errors not listed\r\n",
			res->nr_errors - (long long)res->nr_issues);
	if (fclose(f) != 0)
		return error_set(err, ST_IO, NULL, "cannot write %s", path);
	return ST_OK;
}
