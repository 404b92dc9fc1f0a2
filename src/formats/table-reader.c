/*
 * table-reader.c - what the two readers of table-reader.h share: the
 * assembly of a row's cells (table-reader-internal.h). The CSV parser is in
 * csv-reader.c, the XLSX reader in xlsx-reader.c; neither half, nor this
 * file, interprets columns (formats/import.c does).
 */
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "formats/table-reader-internal.h"

void row_buf_reset(struct row_buf *r)
{
	r->len = 0;
	r->n = 0;
}

void row_buf_release(struct row_buf *r)
{
	free(r->buf);
	free(r->start);
	free(r->clen);
	free(r->kind);
	free(r->cells);
	memset(r, 0, sizeof(*r));
}

void row_buf_open_cell(struct row_buf *r)
{
	if (r->n + 1 > r->alloc_cells) {
		size_t a = r->alloc_cells;
		ALLOC_GROW(r->start, r->n + 1, a);
		a = r->alloc_cells;
		ALLOC_GROW(r->clen, r->n + 1, a);
		a = r->alloc_cells;
		ALLOC_GROW(r->kind, r->n + 1, a);
		r->alloc_cells = a;
	}
	r->start[r->n] = r->len;
	r->clen[r->n] = 0;
	r->kind[r->n] = CELL_TEXT;
}

void row_buf_append(struct row_buf *r, const char *s, size_t n)
{
	ALLOC_GROW(r->buf, r->len + n + 1, r->alloc);
	memcpy(r->buf + r->len, s, n);
	r->len += n;
}

void row_buf_close_cell(struct row_buf *r, enum table_cell_kind kind)
{
	ALLOC_GROW(r->buf, r->len + 1, r->alloc);
	r->buf[r->len] = '\0';
	r->clen[r->n] = r->len - r->start[r->n];
	r->kind[r->n] = r->clen[r->n] ? kind : CELL_EMPTY;
	r->len++;
	r->n++;
}

const struct table_cell *row_buf_cells(struct row_buf *r)
{
	ALLOC_GROW(r->cells, r->n + 1, r->alloc_out);
	for (size_t i = 0; i < r->n; i++) {
		r->cells[i].text = r->buf + r->start[i];
		r->cells[i].len = r->clen[i];
		r->cells[i].kind = r->kind[i];
	}
	return r->cells;
}

