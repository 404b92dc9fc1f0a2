/*
 * csv-reader.c - the CSV reader of table-reader.h: a byte state machine
 * over 1 MiB chunks, with charset detection and GB18030 conversion in
 * front of it.
 *
 * Written here rather than taken from a CSV library such as libcsv, for the
 * reasons table-reader.h gives (physical line numbers, blank lines).
 * Ordinary bytes are copied in runs found with a constant class table,
 * which keeps it well above the speed of the disk. Not for XLSX
 * (xlsx-reader.c) nor for what the columns mean (formats/import.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/strbuf.h"
#include "core/xalloc.h"
#include "formats/charset.h"
#include "formats/table-reader-internal.h"

enum csv_state { CS_START, CS_UNQ, CS_Q, CS_QQ, CS_CR };

struct csv_parser {
	enum csv_state state;
	long line, row_line;
	size_t cell_len;          /* bytes in the open cell */
	struct row_buf row;
	int check_utf8;
	table_row_fn fn;
	void *ctx;
	long rows;
	struct error *err;
};

/* Byte classes: 0 ordinary, 1 comma, 2 LF, 3 CR, 4 quote. */
static const unsigned char csv_class[256] = {
	[','] = 1, ['\n'] = 2, ['\r'] = 3, ['"'] = 4,
};

static int csv_add(struct csv_parser *p, const char *s, size_t n)
{
	if (p->cell_len + n > TABLE_MAX_CELL || p->row.len + n > TABLE_MAX_ROW) {
		p->err ? (void)(p->err->line = p->row_line) : (void)0;
		error_setc(p->err, ST_TOO_BIG, NULL, "import_cell_too_long",
			   "line %ld: a field is longer than %d bytes",
			   p->row_line, TABLE_MAX_CELL);
		error_param(p->err, "max", "%d", TABLE_MAX_CELL);
		return ST_TOO_BIG;
	}
	row_buf_append(&p->row, s, n);
	p->cell_len += n;
	return ST_OK;
}

static int csv_end_cell(struct csv_parser *p)
{
	if (p->row.n >= TABLE_MAX_COLUMNS) {
		if (p->err)
			p->err->line = p->row_line;
		error_setc(p->err, ST_TOO_BIG, NULL, "import_too_many_columns",
			   "line %ld: more than %d columns", p->row_line,
			   TABLE_MAX_COLUMNS);
		error_param(p->err, "max", "%d", TABLE_MAX_COLUMNS);
		return ST_TOO_BIG;
	}
	row_buf_close_cell(&p->row, CELL_TEXT);
	p->cell_len = 0;
	row_buf_open_cell(&p->row);
	return ST_OK;
}

static int csv_end_row(struct csv_parser *p)
{
	int rc = ST_OK;
	struct table_row tr;

	row_buf_close_cell(&p->row, CELL_TEXT);
	p->cell_len = 0;
	if (!(p->row.n == 1 && p->row.clen[0] == 0)) {
		tr.line = p->row_line;
		tr.n = p->row.n;
		tr.cells = row_buf_cells(&p->row);
		/* a NUL byte would cut the cell short later: refuse it here */
		for (size_t i = 0; i < tr.n; i++)
			if (strlen(tr.cells[i].text) != tr.cells[i].len) {
				if (p->err)
					p->err->line = p->row_line;
				return error_setc(p->err, ST_INVALID, NULL, "import_not_text",
						  "line %ld, column %zu: a NUL byte: this is not a CSV text file",
						  p->row_line, i + 1);
			}
		tr.bad_encoding = p->check_utf8 &&
			!charset_is_utf8(p->row.buf, p->row.len);
		p->rows++;
		rc = p->fn(&tr, p->ctx);
	}
	row_buf_reset(&p->row);
	row_buf_open_cell(&p->row);
	p->row_line = p->line;
	return rc;
}

static int csv_feed(struct csv_parser *p, const char *buf, size_t len)
{
	const char *s = buf, *end = buf + len;
	int rc;

	while (s < end) {
		unsigned char c = (unsigned char)*s;
		switch (p->state) {
		case CS_CR:
			p->state = CS_START;
			if (c == '\n') {
				s++;
				continue;
			}
			/* fall through */
		case CS_START:
			if (c == '"') {
				p->state = CS_Q;
				s++;
				continue;
			}
			p->state = CS_UNQ;
			/* fall through */
		case CS_UNQ: {
			const char *q = s;
			while (q < end && (csv_class[(unsigned char)*q] == 0 ||
					   csv_class[(unsigned char)*q] == 4))
				q++;
			if (q > s && (rc = csv_add(p, s, (size_t)(q - s))))
				return rc;
			s = q;
			if (s == end)
				break;
			c = (unsigned char)*s++;
			if (c == ',') {
				if ((rc = csv_end_cell(p)))
					return rc;
				p->state = CS_START;
			} else {
				p->line++;
				p->state = c == '\r' ? CS_CR : CS_START;
				if ((rc = csv_end_row(p)))
					return rc;
			}
			break;
		}
		case CS_Q: {
			const char *q = s;
			while (q < end && *q != '"') {
				if (*q == '\n')
					p->line++;
				q++;
			}
			if (q > s && (rc = csv_add(p, s, (size_t)(q - s))))
				return rc;
			s = q;
			if (s < end) {
				s++;
				p->state = CS_QQ;
			}
			break;
		}
		case CS_QQ:
			s++;
			if (c == '"') {
				if ((rc = csv_add(p, "\"", 1)))
					return rc;
				p->state = CS_Q;
			} else if (c == ',') {
				if ((rc = csv_end_cell(p)))
					return rc;
				p->state = CS_START;
			} else if (c == '\n' || c == '\r') {
				p->line++;
				p->state = c == '\r' ? CS_CR : CS_START;
				if ((rc = csv_end_row(p)))
					return rc;
			} else {
				/* text after a closing quote: keep it, as spreadsheets do */
				if ((rc = csv_add(p, (const char *)&c, 1)))
					return rc;
				p->state = CS_UNQ;
			}
			break;
		}
	}
	return ST_OK;
}

static int csv_finish(struct csv_parser *p)
{
	if (p->state == CS_Q) {
		if (p->err)
			p->err->line = p->row_line;
		return error_setc(p->err, ST_INVALID, NULL, "import_unclosed_quote",
				  "line %ld: a quoted field is not closed before the end of the file",
				  p->row_line);
	}
	if (p->state == CS_CR)
		return ST_OK;
	if (p->state == CS_START && p->row.n == 0 && p->cell_len == 0)
		return ST_OK;
	return csv_end_row(p);
}

static void csv_init(struct csv_parser *p, table_row_fn fn, void *ctx,
		     struct error *err)
{
	memset(p, 0, sizeof(*p));
	p->line = p->row_line = 1;
	p->fn = fn;
	p->ctx = ctx;
	p->err = err;
	row_buf_open_cell(&p->row);
}

#define CSV_CHUNK (1024 * 1024)

/* Feeds raw bytes: detection on the first chunk, then conversion if needed. */
struct csv_source {
	struct csv_parser p;
	int detected;
	enum charset cs;
	struct charset_conv *conv;
	struct strbuf utf8;
};

static int source_feed(struct csv_source *src, const char *buf, size_t len,
		       int at_eof, struct error *err)
{
	int rc;

	if (!src->detected) {
		size_t bom;
		src->cs = charset_detect(buf, len, at_eof, &bom);
		src->detected = 1;
		buf += bom;
		len -= bom;
		if (src->cs == CHARSET_GB18030 &&
		    (rc = charset_conv_new(&src->conv, err)))
			return rc;
		src->p.check_utf8 = src->cs == CHARSET_UTF8;
	}
	if (src->cs == CHARSET_UTF8)
		return csv_feed(&src->p, buf, len);
	strbuf_reset(&src->utf8);
	if ((rc = charset_conv_feed(src->conv, buf, len, at_eof, &src->utf8, err)))
		return rc;
	return csv_feed(&src->p, src->utf8.buf, src->utf8.len);
}

static void source_release(struct csv_source *src)
{
	charset_conv_free(src->conv);
	strbuf_release(&src->utf8);
	row_buf_release(&src->p.row);
}

static void fill_info(struct csv_source *src, struct table_csv_info *info)
{
	if (!info)
		return;
	info->charset = src->cs;
	info->rows = src->p.rows;
}

int table_read_csv_mem(const char *buf, size_t len, table_row_fn fn, void *ctx,
		       struct table_csv_info *info, struct error *err)
{
	struct csv_source src;
	int rc;

	memset(&src, 0, sizeof(src));
	csv_init(&src.p, fn, ctx, err);
	strbuf_init(&src.utf8, 0);
	rc = source_feed(&src, buf, len, 1, err);
	if (!rc)
		rc = csv_finish(&src.p);
	fill_info(&src, info);
	source_release(&src);
	return rc;
}

int table_read_csv(const char *path, table_row_fn fn, void *ctx,
		   struct table_csv_info *info, struct error *err)
{
	struct csv_source src;
	char *buf = NULL;
	int fd, rc = ST_OK;
	size_t have = 0;

	memset(&src, 0, sizeof(src));
	csv_init(&src.p, fn, ctx, err);
	strbuf_init(&src.utf8, 0);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		rc = error_set(err, ST_IO, NULL, "cannot open %s: %s", path,
			       strerror(errno));
		goto out;
	}
#ifdef POSIX_FADV_SEQUENTIAL
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	buf = xmalloc(CSV_CHUNK);
	for (;;) {
		ssize_t n = read(fd, buf + have, CSV_CHUNK - have);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = error_set(err, ST_IO, NULL, "cannot read %s: %s",
				       path, strerror(errno));
			goto out;
		}
		have += (size_t)n;
		/* Fill the first chunk completely so detection sees enough. */
		if (n > 0 && have < CSV_CHUNK)
			continue;
		if ((rc = source_feed(&src, buf, have, n == 0, err)))
			goto out;
		have = 0;
		if (n == 0)
			break;
	}
	rc = csv_finish(&src.p);
out:
	fill_info(&src, info);
	if (fd >= 0)
		close(fd);
	free(buf);
	source_release(&src);
	return rc;
}

