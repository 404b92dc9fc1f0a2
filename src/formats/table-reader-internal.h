/*
 * table-reader-internal.h - what the CSV reader (csv-reader.c) and the XLSX
 * reader (xlsx-reader.c) share: the buffer a row is assembled in before it
 * is handed to the caller's table_row_fn. Not a public interface: the
 * readers' callers include formats/table-reader.h only.
 */
#ifndef OW_TABLE_READER_INTERNAL_H
#define OW_TABLE_READER_INTERNAL_H

#include <stddef.h>

#include "formats/table-reader.h"

/*
 * The cells of one row, one after the other in buf. Zero-initialized is
 * empty; row_buf_release frees it. A cell is opened, appended to, then
 * closed; row_buf_cells makes the table_cell array of the closed cells,
 * valid until the buffer changes.
 */
struct row_buf {
	char *buf;                 /* cell bytes, each cell NUL-terminated */
	size_t len, alloc;
	size_t *start;             /* offset of each cell in buf */
	size_t *clen;
	enum table_cell_kind *kind;
	size_t n, alloc_cells;
	struct table_cell *cells;  /* built at emit time */
	size_t alloc_out;
};

/* Forgets the cells (keeps the memory for the next row). */
void row_buf_reset(struct row_buf *r);
void row_buf_release(struct row_buf *r);
/* Opens the next cell, empty, at the end of the row. */
void row_buf_open_cell(struct row_buf *r);
/* Appends n bytes to the open cell. */
void row_buf_append(struct row_buf *r, const char *s, size_t n);
/* Closes the open cell (NUL-terminates it); an empty one is CELL_EMPTY. */
void row_buf_close_cell(struct row_buf *r, enum table_cell_kind kind);
/* The closed cells of the row, as the table_row hands them over. */
const struct table_cell *row_buf_cells(struct row_buf *r);

#endif
