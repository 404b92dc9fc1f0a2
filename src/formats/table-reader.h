/*
 * table-reader.h - rows of cells from a CSV file or an XLSX worksheet.
 *
 * Both readers stream: a CSV file is read in 1 MiB chunks, a worksheet is
 * inflated and parsed by expat in 64 KiB chunks, and each row is handed to
 * a callback as soon as it is complete, so memory stays bounded whatever the
 * file size (XLSX shared strings are the exception: the string table is held
 * in memory as the format requires). Cells are UTF-8 text; what kind of value
 * the spreadsheet stored is told by the cell kind (a number typed into a text
 * column can then be reported as such).
 *
 * CSV (csv-reader.c): RFC 4180 (quoted fields with "" escapes and embedded
 * newlines), comma separated, CRLF or LF; UTF-8 with or without BOM, or
 * GB18030 (detected, see formats/charset.h). Blank lines are skipped.
 * row->line is the physical line where the record starts. The parser is
 * written here, not taken from a CSV library such as libcsv, because an
 * import error must name that physical line, which needs the parser to
 * count newlines itself (inside quoted fields too) and to see blank lines;
 * it also copies runs of ordinary bytes straight from the read buffer, so
 * it stays well above the speed of the disk.
 *
 * XLSX (xlsx-reader.c): xl/workbook.xml, its relationships, xl/styles.xml
 * (which cell styles are dates), xl/sharedStrings.xml (with rich-text runs,
 * without phonetic runs) and the sheet XML; missing cells are empty;
 * row->line is the spreadsheet row number. Rows without any non-empty cell
 * are skipped.
 *
 * Not for writing files (formats/csv-writer.h, formats/export.c,
 * formats/template.c) nor for knowing what the columns mean
 * (formats/import.c).
 */
#ifndef OW_TABLE_READER_H
#define OW_TABLE_READER_H

#include <stddef.h>

#include "core/error.h"

/* Limits that turn hostile input into clean errors. */
#define TABLE_MAX_CELL (64 * 1024)
#define TABLE_MAX_COLUMNS 1024
#define TABLE_MAX_ROW (1024 * 1024)

enum table_cell_kind {
	CELL_EMPTY,
	CELL_TEXT,     /* CSV fields; shared, inline and formula strings */
	CELL_NUMBER,   /* a numeric cell (text: integral values without exponent
			  below 1e15, else as stored, e.g. "1.1010519491231E+17") */
	CELL_DATE,     /* a numeric cell with a date style: text is YYYY-MM-DD */
	CELL_BOOL,     /* "TRUE" / "FALSE" */
	CELL_ERROR,    /* "#N/A", "#VALUE!", ... */
};

struct table_cell {
	const char *text;    /* NUL-terminated, never NULL ("" when empty) */
	size_t len;
	enum table_cell_kind kind;
};

struct table_row {
	long line;                     /* CSV line / XLSX row number, 1-based */
	size_t n;                      /* number of cells (trailing ones may be empty) */
	const struct table_cell *cells;
	int bad_encoding;              /* CSV in UTF-8 with invalid bytes in this row */
};

/*
 * Called once per row; the row and its cells are valid during the call
 * only. A non-zero return stops reading and is returned by the reader.
 */
typedef int (*table_row_fn)(const struct table_row *row, void *ctx);

struct table_csv_info {
	int charset;        /* enum charset: what the file turned out to be */
	long rows;          /* rows delivered */
};

/*
 * Reads the CSV file path, calling fn for each row. Returns ST_OK, fn's
 * non-zero value, ST_IO (cannot open/read), ST_INVALID (unterminated quote,
 * err->line set), ST_TOO_BIG (a cell, row or column count over the limits).
 * info may be NULL.
 */
int table_read_csv(const char *path, table_row_fn fn, void *ctx,
		   struct table_csv_info *info, struct error *err);
/* The same over bytes in memory (tests, small uploads). */
int table_read_csv_mem(const char *buf, size_t len, table_row_fn fn, void *ctx,
		       struct table_csv_info *info, struct error *err);

/* An open XLSX workbook. */
struct xlsx;

/*
 * Opens path and reads the workbook, relationships, styles and shared
 * strings. ST_IO if it cannot be read, ST_INVALID if it is not an XLSX
 * workbook (with a message naming the broken part).
 */
int xlsx_open(const char *path, struct xlsx **out, struct error *err);
void xlsx_close(struct xlsx *x);

size_t xlsx_sheet_count(const struct xlsx *x);
/* Sheet name as shown on its tab (UTF-8, owned by x). */
const char *xlsx_sheet_name(const struct xlsx *x, size_t i);
/* 1 when the sheet is hidden or very hidden. */
int xlsx_sheet_hidden(const struct xlsx *x, size_t i);

/* Streams sheet i row by row to fn; returns as table_read_csv. */
int xlsx_read_sheet(struct xlsx *x, size_t i, table_row_fn fn, void *ctx,
		    struct error *err);

/*
 * Converts a spreadsheet serial day number (1900 system with its phantom
 * 1900-02-29, or the 1904 system) into a day number (core/date.h); returns
 * DATE_NONE for serials below 1 or above year 9999.
 */
int xlsx_serial_to_day(double serial, int date1904);
/* The inverse for writers (1900 system): day number -> serial. */
double xlsx_day_to_serial(int day);

/*
 * 1 when a number format shows a date: built-in ids 14-22, 27-36 and 50-58
 * (the East Asian date formats), or a custom format code that contains a
 * year or day part (y, d, 年, 日) outside quotes and brackets.
 */
int xlsx_format_is_date(int numfmt_id, const char *format_code);

/* Column letters -> 0-based index ("A" 0, "AA" 26); -1 if none. */
int xlsx_column_index(const char *ref);

#endif
