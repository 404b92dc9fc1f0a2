/*
 * dues-export.c - the dues ledger as CSV or XLSX (dues-export.h). Not for
 * the members' export (export.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "core/date.h"
#include "core/xalloc.h"
#include "formats/dues-export.h"

struct dues_ledger_writer {
	int format;
	FILE *f;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	int row;
	char month[DUES_MONTH_STR_SIZE];
};

static const char *const headers[] = {
	"人员编号", "姓名", "月份", "应交（元）", "实交（元）", "交纳日期", "交纳方式",
	"连续欠交月数", "欠交金额（元）",
};
#define NR_HEADERS 9

static void csv_field(FILE *f, const char *s, int last)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
	fputs(last ? "\r\n" : ",", f);
}

/* cells: the nine texts of a row */
static void put_row(struct dues_ledger_writer *w, const char *const *cells)
{
	for (int i = 0; i < NR_HEADERS; i++) {
		if (w->format == DUES_EXPORT_CSV)
			csv_field(w->f, cells[i], i == NR_HEADERS - 1);
		else
			worksheet_write_string(w->ws, (lxw_row_t)w->row, (lxw_col_t)i, cells[i], NULL);
	}
	w->row++;
}

int dues_ledger_writer_open(int format, const char *path, const struct org *o, int month,
			    struct dues_ledger_writer **out, struct error *err)
{
	struct dues_ledger_writer *w = xcalloc(1, sizeof(*w));

	(void)o;
	w->format = format;
	dues_month_format(month, w->month);
	if (format == DUES_EXPORT_CSV) {
		w->f = path ? fopen(path, "wb") : stdout;
		if (!w->f) {
			free(w);
			return error_set(err, ST_IO, "out", "cannot write %s", path);
		}
		fputs("\xef\xbb\xbf", w->f);
	} else {
		if (!(w->wb = workbook_new(path))) {
			free(w);
			return error_set(err, ST_IO, "out", "cannot write %s", path);
		}
		w->ws = workbook_add_worksheet(w->wb, "党费台账");
	}
	put_row(w, headers);
	*out = w;
	return ST_OK;
}

int dues_ledger_writer_row(struct dues_ledger_writer *w, const struct dues_ledger_row *row)
{
	char id[24], due[32], paid[32], d[DATE_STR_SIZE], n[16], arr[32];
	const char *cells[NR_HEADERS];

	snprintf(id, sizeof(id), "%lld", row->person_id);
	snprintf(n, sizeof(n), "%d", row->m.arrears_months);
	cells[0] = id;
	cells[1] = row->name;
	cells[2] = w->month;
	cells[3] = row->m.due_fen < 0 ? "" : dues_format_yuan(row->m.due_fen, due);
	cells[4] = dues_format_yuan(row->m.paid_fen, paid);
	cells[5] = row->m.last_paid == DATE_NONE ? "" : date_format(row->m.last_paid, d);
	cells[6] = row->m.method;
	cells[7] = n;
	cells[8] = dues_format_yuan(row->m.arrears_fen, arr);
	put_row(w, cells);
	return ST_OK;
}

int dues_ledger_writer_close(struct dues_ledger_writer *w, const struct dues_ledger_totals *t,
			     struct error *err)
{
	int rc = ST_OK;

	if (t) {
		char n[24], due[32], paid[32], ia[24], arr[32];
		const char *cells[NR_HEADERS] = { "合计", n, w->month, dues_format_yuan(t->due_fen, due),
			dues_format_yuan(t->paid_fen, paid), "", "", ia,
			dues_format_yuan(t->arrears_fen, arr) };
		snprintf(n, sizeof(n), "%lld", t->members);
		snprintf(ia, sizeof(ia), "%lld", t->in_arrears);
		put_row(w, cells);
	}
	if (w->format == DUES_EXPORT_CSV) {
		if ((fflush(w->f) || ferror(w->f)) && err)
			rc = error_set(err, ST_IO, "out", "writing the ledger failed");
		if (w->f != stdout)
			fclose(w->f);
	} else if (workbook_close(w->wb) != LXW_NO_ERROR && err) {
		rc = error_set(err, ST_IO, "out", "writing the ledger failed");
	}
	free(w);
	return rc;
}
