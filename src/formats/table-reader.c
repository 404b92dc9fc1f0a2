/*
 * table-reader.c - the CSV parser and the XLSX worksheet reader behind
 * table-reader.h.
 *
 * The CSV parser is a byte state machine written here rather than taken
 * from libcsv because import errors must name the physical line where a
 * record starts, which needs the parser to count newlines itself (inside
 * quoted fields too) and to see blank lines. Ordinary bytes are copied in
 * runs found with a class table, which keeps it well above the speed of
 * the disk. The XLSX side uses minizip to inflate the parts and expat (in
 * namespace mode: element names compared by local name, whatever prefix a
 * writer chose) to parse them. Neither half interprets columns.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <expat.h>
#include <minizip/unzip.h>

#include "core/date.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "formats/charset.h"
#include "formats/table-reader.h"

/* ------------------------------------------------------------------ */
/* Row assembly shared by both readers.                                 */

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

static void row_reset(struct row_buf *r)
{
	r->len = 0;
	r->n = 0;
}

static void row_release(struct row_buf *r)
{
	free(r->buf);
	free(r->start);
	free(r->clen);
	free(r->kind);
	free(r->cells);
	memset(r, 0, sizeof(*r));
}

/* Makes room for cell index i (filling the gap with empty cells). */
static void row_open_cell(struct row_buf *r)
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

static void row_append(struct row_buf *r, const char *s, size_t n)
{
	ALLOC_GROW(r->buf, r->len + n + 1, r->alloc);
	memcpy(r->buf + r->len, s, n);
	r->len += n;
}

/* Closes the open cell: NUL-terminates it. */
static void row_close_cell(struct row_buf *r, enum table_cell_kind kind)
{
	ALLOC_GROW(r->buf, r->len + 1, r->alloc);
	r->buf[r->len] = '\0';
	r->clen[r->n] = r->len - r->start[r->n];
	r->kind[r->n] = r->clen[r->n] ? kind : CELL_EMPTY;
	r->len++;
	r->n++;
}

static const struct table_cell *row_cells(struct row_buf *r)
{
	ALLOC_GROW(r->cells, r->n + 1, r->alloc_out);
	for (size_t i = 0; i < r->n; i++) {
		r->cells[i].text = r->buf + r->start[i];
		r->cells[i].len = r->clen[i];
		r->cells[i].kind = r->kind[i];
	}
	return r->cells;
}

/* ------------------------------------------------------------------ */
/* CSV                                                                  */

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
static unsigned char csv_class[256];

static void csv_classes(void)
{
	csv_class[(unsigned char)','] = 1;
	csv_class[(unsigned char)'\n'] = 2;
	csv_class[(unsigned char)'\r'] = 3;
	csv_class[(unsigned char)'"'] = 4;
}

static int csv_add(struct csv_parser *p, const char *s, size_t n)
{
	if (p->cell_len + n > TABLE_MAX_CELL || p->row.len + n > TABLE_MAX_ROW) {
		p->err ? (void)(p->err->line = p->row_line) : (void)0;
		return error_set(p->err, ST_TOO_BIG, NULL,
				 "line %ld: a field is longer than %d bytes",
				 p->row_line, TABLE_MAX_CELL);
	}
	row_append(&p->row, s, n);
	p->cell_len += n;
	return ST_OK;
}

static int csv_end_cell(struct csv_parser *p)
{
	if (p->row.n >= TABLE_MAX_COLUMNS) {
		if (p->err)
			p->err->line = p->row_line;
		return error_set(p->err, ST_TOO_BIG, NULL,
				 "line %ld: more than %d columns", p->row_line,
				 TABLE_MAX_COLUMNS);
	}
	row_close_cell(&p->row, CELL_TEXT);
	p->cell_len = 0;
	row_open_cell(&p->row);
	return ST_OK;
}

static int csv_end_row(struct csv_parser *p)
{
	int rc = ST_OK;
	struct table_row tr;

	row_close_cell(&p->row, CELL_TEXT);
	p->cell_len = 0;
	if (!(p->row.n == 1 && p->row.clen[0] == 0)) {
		tr.line = p->row_line;
		tr.n = p->row.n;
		tr.cells = row_cells(&p->row);
		/* a NUL byte would cut the cell short later: refuse it here */
		for (size_t i = 0; i < tr.n; i++)
			if (strlen(tr.cells[i].text) != tr.cells[i].len) {
				if (p->err)
					p->err->line = p->row_line;
				return error_set(p->err, ST_INVALID, NULL,
						 "line %ld, column %zu: a NUL byte: this is not a CSV text file",
						 p->row_line, i + 1);
			}
		tr.bad_encoding = p->check_utf8 &&
			!charset_is_utf8(p->row.buf, p->row.len);
		p->rows++;
		rc = p->fn(&tr, p->ctx);
	}
	row_reset(&p->row);
	row_open_cell(&p->row);
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
		return error_set(p->err, ST_INVALID, NULL,
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
	if (!csv_class[','])
		csv_classes();
	p->line = p->row_line = 1;
	p->fn = fn;
	p->ctx = ctx;
	p->err = err;
	row_open_cell(&p->row);
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
	row_release(&src->p.row);
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

/* ------------------------------------------------------------------ */
/* XLSX                                                                 */

struct xlsx_sheet {
	char *name;
	char *rid;
	char *path;     /* zip entry name */
	int hidden;
};

struct xlsx {
	unzFile zip;
	char *path;
	struct xlsx_sheet *sheets;
	size_t nr_sheets, alloc_sheets;
	int date1904;
	unsigned char *xf_is_date;   /* per cellXfs index */
	size_t nr_xf;
	char *strings;               /* shared strings, NUL-separated */
	size_t strings_len, strings_alloc;
	size_t *string_off;
	size_t nr_strings, alloc_string_off;
};

#define XLSX_PART_LIMIT (256u * 1024 * 1024)

static const char *local_name(const char *name)
{
	const char *bar = strrchr(name, '|');
	return bar ? bar + 1 : name;
}

static const char *attr(const char **atts, const char *local)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (!strcmp(local_name(atts[i]), local))
			return atts[i + 1];
	return NULL;
}

/* Streams a zip entry through an expat parser. ST_NOT_FOUND if missing. */
static int parse_part(struct xlsx *x, const char *entry, XML_Parser xp,
		      int *stopped, struct error *err)
{
	char buf[65536];
	int rc = ST_OK, n;
	size_t total = 0;

	if (unzLocateFile(x->zip, entry, 0) != UNZ_OK)
		return ST_NOT_FOUND;
	if (unzOpenCurrentFile(x->zip) != UNZ_OK)
		return error_set(err, ST_INVALID, NULL, "%s: cannot open part %s",
				 x->path, entry);
	do {
		n = unzReadCurrentFile(x->zip, buf, sizeof(buf));
		if (n < 0) {
			rc = error_set(err, ST_INVALID, NULL,
				       "%s: part %s is damaged (zip error %d)",
				       x->path, entry, n);
			break;
		}
		total += (size_t)n;
		if (XML_Parse(xp, buf, n, n == 0) == XML_STATUS_ERROR) {
			if (stopped && *stopped) {
				rc = *stopped;
				break;
			}
			rc = error_set(err, ST_INVALID, NULL,
				       "%s: %s line %lu: %s", x->path, entry,
				       (unsigned long)XML_GetCurrentLineNumber(xp),
				       XML_ErrorString(XML_GetErrorCode(xp)));
			break;
		}
		if (stopped && *stopped) {
			rc = *stopped;
			break;
		}
	} while (n > 0);
	unzCloseCurrentFile(x->zip);
	return rc;
}

/* workbook.xml: sheets and the date system. */
static void XMLCALL wb_start(void *ud, const char *name, const char **atts)
{
	struct xlsx *x = ud;
	const char *ln = local_name(name);

	if (!strcmp(ln, "sheet")) {
		const char *nm = attr(atts, "name"), *id = attr(atts, "id");
		const char *state = attr(atts, "state");
		ALLOC_GROW(x->sheets, x->nr_sheets + 1, x->alloc_sheets);
		struct xlsx_sheet *s = &x->sheets[x->nr_sheets++];
		s->name = xstrdup(nm ? nm : "");
		s->rid = xstrdup(id ? id : "");
		s->path = NULL;
		s->hidden = state && strcmp(state, "visible") != 0;
	} else if (!strcmp(ln, "workbookPr")) {
		const char *d = attr(atts, "date1904");
		x->date1904 = d && (!strcmp(d, "1") || !strcmp(d, "true"));
	}
}

/* workbook.xml.rels: sheet relationship targets. */
static void XMLCALL rels_start(void *ud, const char *name, const char **atts)
{
	struct xlsx *x = ud;

	if (strcmp(local_name(name), "Relationship"))
		return;
	const char *id = attr(atts, "Id"), *target = attr(atts, "Target");
	if (!id || !target)
		return;
	for (size_t i = 0; i < x->nr_sheets; i++) {
		struct xlsx_sheet *s = &x->sheets[i];
		if (s->path || strcmp(s->rid, id))
			continue;
		struct strbuf sb = STRBUF_INIT;
		if (target[0] == '/')
			strbuf_adds(&sb, target + 1);
		else
			strbuf_addf(&sb, "xl/%s", target);
		s->path = strbuf_detach(&sb, NULL);
	}
}

/* styles.xml */
struct styles_ctx {
	struct xlsx *x;
	int in_cellxfs;
	int *custom_ids;
	unsigned char *custom_date;
	size_t nr_custom, alloc_custom, alloc_date;
	int *xf_fmt;
	size_t nr_xf, alloc_xf;
};

static void XMLCALL st_start(void *ud, const char *name, const char **atts)
{
	struct styles_ctx *c = ud;
	const char *ln = local_name(name);

	if (!strcmp(ln, "numFmt")) {
		const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
		if (!id)
			return;
		ALLOC_GROW(c->custom_ids, c->nr_custom + 1, c->alloc_custom);
		ALLOC_GROW(c->custom_date, c->nr_custom + 1, c->alloc_date);
		c->custom_ids[c->nr_custom] = (int)strtol(id, NULL, 10);
		c->custom_date[c->nr_custom] = xlsx_format_is_date(
			c->custom_ids[c->nr_custom], code ? code : "");
		c->nr_custom++;
	} else if (!strcmp(ln, "cellXfs")) {
		c->in_cellxfs = 1;
	} else if (!strcmp(ln, "xf") && c->in_cellxfs) {
		const char *id = attr(atts, "numFmtId");
		ALLOC_GROW(c->xf_fmt, c->nr_xf + 1, c->alloc_xf);
		c->xf_fmt[c->nr_xf++] = id ? (int)strtol(id, NULL, 10) : 0;
	}
}

static void XMLCALL st_end(void *ud, const char *name)
{
	struct styles_ctx *c = ud;

	if (!strcmp(local_name(name), "cellXfs"))
		c->in_cellxfs = 0;
}

/* sharedStrings.xml */
struct sst_ctx {
	struct xlsx *x;
	int in_si, in_t, in_rph;
	int too_big;
};

static void XMLCALL sst_start(void *ud, const char *name, const char **atts)
{
	struct sst_ctx *c = ud;
	const char *ln = local_name(name);
	(void)atts;

	if (!strcmp(ln, "si")) {
		struct xlsx *x = c->x;
		c->in_si = 1;
		ALLOC_GROW(x->string_off, x->nr_strings + 1, x->alloc_string_off);
		x->string_off[x->nr_strings] = x->strings_len;
	} else if (!strcmp(ln, "rPh")) {
		c->in_rph = 1;
	} else if (!strcmp(ln, "t") && c->in_si && !c->in_rph) {
		c->in_t = 1;
	}
}

static void XMLCALL sst_end(void *ud, const char *name)
{
	struct sst_ctx *c = ud;
	const char *ln = local_name(name);

	if (!strcmp(ln, "si")) {
		struct xlsx *x = c->x;
		ALLOC_GROW(x->strings, x->strings_len + 1, x->strings_alloc);
		x->strings[x->strings_len++] = '\0';
		x->nr_strings++;
		c->in_si = 0;
	} else if (!strcmp(ln, "rPh")) {
		c->in_rph = 0;
	} else if (!strcmp(ln, "t")) {
		c->in_t = 0;
	}
}

static void XMLCALL sst_text(void *ud, const char *s, int len)
{
	struct sst_ctx *c = ud;
	struct xlsx *x = c->x;

	if (!c->in_t || len <= 0)
		return;
	if (x->strings_len + (size_t)len > XLSX_PART_LIMIT) {
		c->too_big = 1;
		return;
	}
	ALLOC_GROW(x->strings, x->strings_len + (size_t)len + 1, x->strings_alloc);
	memcpy(x->strings + x->strings_len, s, (size_t)len);
	x->strings_len += (size_t)len;
}

static XML_Parser new_parser(void *ud)
{
	XML_Parser xp = XML_ParserCreateNS("UTF-8", '|');

	if (!xp) {
		fputs("orgwork: out of memory\n", stderr);
		abort();
	}
	XML_SetUserData(xp, ud);
	return xp;
}

int xlsx_open(const char *path, struct xlsx **out, struct error *err)
{
	struct xlsx *x = xcalloc(1, sizeof(*x));
	XML_Parser xp = NULL;
	int rc = ST_OK;

	*out = NULL;
	x->path = xstrdup(path);
	if (access(path, R_OK) != 0) {
		rc = error_set(err, ST_IO, NULL, "cannot open %s: %s", path,
			       strerror(errno));
		goto out;
	}
	x->zip = unzOpen64(path);
	if (!x->zip) {
		rc = error_set(err, ST_INVALID, NULL,
			       "%s is not an XLSX workbook (not a zip archive)", path);
		goto out;
	}

	xp = new_parser(x);
	XML_SetStartElementHandler(xp, wb_start);
	rc = parse_part(x, "xl/workbook.xml", xp, NULL, err);
	XML_ParserFree(xp);
	xp = NULL;
	if (rc == ST_NOT_FOUND)
		rc = error_set(err, ST_INVALID, NULL,
			       "%s is not an XLSX workbook (no xl/workbook.xml)", path);
	if (rc)
		goto out;

	xp = new_parser(x);
	XML_SetStartElementHandler(xp, rels_start);
	rc = parse_part(x, "xl/_rels/workbook.xml.rels", xp, NULL, err);
	XML_ParserFree(xp);
	xp = NULL;
	if (rc == ST_NOT_FOUND)
		rc = error_set(err, ST_INVALID, NULL,
			       "%s: no xl/_rels/workbook.xml.rels", path);
	if (rc)
		goto out;

	struct styles_ctx sc;
	memset(&sc, 0, sizeof(sc));
	sc.x = x;
	xp = new_parser(&sc);
	XML_SetElementHandler(xp, st_start, st_end);
	rc = parse_part(x, "xl/styles.xml", xp, NULL, err);
	XML_ParserFree(xp);
	xp = NULL;
	if (rc == ST_NOT_FOUND)
		rc = ST_OK;
	if (!rc) {
		x->nr_xf = sc.nr_xf;
		x->xf_is_date = xcalloc(sc.nr_xf + 1, 1);
		for (size_t i = 0; i < sc.nr_xf; i++) {
			int id = sc.xf_fmt[i], d = -1;
			for (size_t k = 0; k < sc.nr_custom; k++)
				if (sc.custom_ids[k] == id)
					d = sc.custom_date[k];
			x->xf_is_date[i] = d >= 0 ? d : xlsx_format_is_date(id, NULL);
		}
	}
	free(sc.custom_ids);
	free(sc.custom_date);
	free(sc.xf_fmt);
	if (rc)
		goto out;

	struct sst_ctx ssc;
	memset(&ssc, 0, sizeof(ssc));
	ssc.x = x;
	xp = new_parser(&ssc);
	XML_SetElementHandler(xp, sst_start, sst_end);
	XML_SetCharacterDataHandler(xp, sst_text);
	rc = parse_part(x, "xl/sharedStrings.xml", xp, NULL, err);
	XML_ParserFree(xp);
	xp = NULL;
	if (rc == ST_NOT_FOUND)
		rc = ST_OK;
	if (!rc && ssc.too_big)
		rc = error_set(err, ST_TOO_BIG, NULL,
			       "%s: the shared strings exceed %u bytes", path,
			       XLSX_PART_LIMIT);
out:
	if (rc) {
		xlsx_close(x);
		return rc;
	}
	*out = x;
	return ST_OK;
}

void xlsx_close(struct xlsx *x)
{
	if (!x)
		return;
	if (x->zip)
		unzClose(x->zip);
	for (size_t i = 0; i < x->nr_sheets; i++) {
		free(x->sheets[i].name);
		free(x->sheets[i].rid);
		free(x->sheets[i].path);
	}
	free(x->sheets);
	free(x->xf_is_date);
	free(x->strings);
	free(x->string_off);
	free(x->path);
	free(x);
}

size_t xlsx_sheet_count(const struct xlsx *x)
{
	return x->nr_sheets;
}

const char *xlsx_sheet_name(const struct xlsx *x, size_t i)
{
	return i < x->nr_sheets ? x->sheets[i].name : NULL;
}

int xlsx_sheet_hidden(const struct xlsx *x, size_t i)
{
	return i < x->nr_sheets ? x->sheets[i].hidden : 0;
}

int xlsx_column_index(const char *ref)
{
	int col = 0, any = 0;

	for (; ref && *ref >= 'A' && *ref <= 'Z'; ref++) {
		col = col * 26 + (*ref - 'A' + 1);
		any = 1;
		if (col > TABLE_MAX_COLUMNS * 16)
			return -1;
	}
	return any ? col - 1 : -1;
}

int xlsx_serial_to_day(double serial, int date1904)
{
	double f = floor(serial);

	if (!(f >= 1) || f > 2958465)
		return DATE_NONE;
	long s = (long)f;
	if (date1904)
		return date_from_ymd(1904, 1, 1) + (int)s;
	if (s < 60)
		return date_from_ymd(1899, 12, 31) + (int)s;
	if (s == 60) /* the phantom 1900-02-29 of the 1900 system */
		return date_from_ymd(1900, 2, 28);
	return date_from_ymd(1899, 12, 30) + (int)s;
}

double xlsx_day_to_serial(int day)
{
	int s = day - date_from_ymd(1899, 12, 30);

	if (s < 61)
		s = day - date_from_ymd(1899, 12, 31);
	return s;
}

int xlsx_format_is_date(int id, const char *code)
{
	if (!code || !*code)
		return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) ||
		       (id >= 50 && id <= 58);
	int quoted = 0, bracket = 0;
	for (const char *p = code; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (*p == '"') {
			quoted = !quoted;
			continue;
		}
		if (quoted)
			continue;
		if (*p == '[') {
			bracket = 1;
			continue;
		}
		if (*p == ']') {
			bracket = 0;
			continue;
		}
		if (bracket)
			continue;
		if (*p == 'y' || *p == 'Y' || *p == 'd' || *p == 'D' ||
		    *p == 'e' || *p == 'E')
			return 1;
		if (!strncmp(p, "年", 3) || !strncmp(p, "日", 3))
			return 1;
	}
	return 0;
}

/* Sheet XML */
struct sheet_ctx {
	struct xlsx *x;
	struct row_buf row;
	long row_num;
	int col;                  /* column of the open cell */
	int last_col;             /* last column written into row */
	char type[16];
	long style;
	int in_cell, in_v, in_is, in_t, in_rph;
	struct strbuf val;
	int nonempty;
	table_row_fn fn;
	void *ctx;
	int stop;                 /* status to return */
	struct error *err;
	XML_Parser xp;
};

static void sheet_stop(struct sheet_ctx *c, int rc)
{
	if (!c->stop)
		c->stop = rc ? rc : ST_INTERNAL;
	XML_StopParser(c->xp, XML_FALSE);
}

static void XMLCALL sh_start(void *ud, const char *name, const char **atts)
{
	struct sheet_ctx *c = ud;
	const char *ln = local_name(name);

	if (c->stop)
		return;
	if (!strcmp(ln, "row")) {
		const char *r = attr(atts, "r");
		long n = r ? strtol(r, NULL, 10) : 0;
		c->row_num = n > 0 ? n : c->row_num + 1;
		row_reset(&c->row);
		c->last_col = -1;
		c->nonempty = 0;
	} else if (!strcmp(ln, "c")) {
		const char *r = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
		int col = r ? xlsx_column_index(r) : c->last_col + 1;
		if (col < 0 || col >= TABLE_MAX_COLUMNS) {
			if (c->err)
				c->err->line = c->row_num;
			error_set(c->err, ST_TOO_BIG, NULL,
				  "row %ld: cell %s is beyond column %d",
				  c->row_num, r ? r : "?", TABLE_MAX_COLUMNS);
			sheet_stop(c, ST_TOO_BIG);
			return;
		}
		c->col = col;
		snprintf(c->type, sizeof(c->type), "%s", t ? t : "n");
		c->style = s ? strtol(s, NULL, 10) : 0;
		c->in_cell = 1;
		strbuf_reset(&c->val);
	} else if (c->in_cell) {
		if (!strcmp(ln, "v"))
			c->in_v = 1;
		else if (!strcmp(ln, "is"))
			c->in_is = 1;
		else if (!strcmp(ln, "rPh"))
			c->in_rph = 1;
		else if (!strcmp(ln, "t") && c->in_is && !c->in_rph)
			c->in_t = 1;
	}
}

static void XMLCALL sh_text(void *ud, const char *s, int len)
{
	struct sheet_ctx *c = ud;

	if (c->stop || !(c->in_v || c->in_t) || len <= 0)
		return;
	if (strbuf_add(&c->val, s, (size_t)len)) {
		if (c->err)
			c->err->line = c->row_num;
		error_set(c->err, ST_TOO_BIG, NULL,
			  "row %ld: a cell is longer than %d bytes", c->row_num,
			  TABLE_MAX_CELL);
		sheet_stop(c, ST_TOO_BIG);
	}
}

/* Formats a numeric cell value for import. */
static enum table_cell_kind number_text(struct sheet_ctx *c, struct strbuf *out)
{
	char *end;
	double v = strtod(c->val.buf, &end);

	if (end == c->val.buf)
		return CELL_TEXT;
	if (c->style >= 0 && (size_t)c->style < c->x->nr_xf &&
	    c->x->xf_is_date[c->style]) {
		int day = xlsx_serial_to_day(v, c->x->date1904);
		if (day != DATE_NONE) {
			char buf[DATE_STR_SIZE];
			strbuf_reset(out);
			strbuf_adds(out, date_format(day, buf));
			return CELL_DATE;
		}
	}
	if (v == floor(v) && fabs(v) < 1e15) {
		strbuf_reset(out);
		strbuf_addf(out, "%.0f", v);
	}
	return CELL_NUMBER;
}

static void sh_end_cell(struct sheet_ctx *c)
{
	enum table_cell_kind kind = CELL_TEXT;
	struct strbuf *v = &c->val;

	if (!strcmp(c->type, "s")) {
		char *end;
		long i = strtol(v->buf, &end, 10);
		strbuf_reset(v);
		if (end != v->buf && i >= 0 && (size_t)i < c->x->nr_strings)
			strbuf_adds(v, c->x->strings + c->x->string_off[i]);
	} else if (!strcmp(c->type, "b")) {
		int t = v->buf[0] == '1';
		strbuf_reset(v);
		strbuf_adds(v, t ? "TRUE" : "FALSE");
		kind = CELL_BOOL;
	} else if (!strcmp(c->type, "e")) {
		kind = CELL_ERROR;
	} else if (!strcmp(c->type, "n") && v->len) {
		kind = number_text(c, v);
	}
	/* str, inlineStr: text as is */
	if (c->col <= c->last_col) /* out of order or repeated ref: ignore */
		return;
	while (c->last_col + 1 < c->col) {
		row_open_cell(&c->row);
		row_close_cell(&c->row, CELL_EMPTY);
		c->last_col++;
	}
	row_open_cell(&c->row);
	row_append(&c->row, v->buf, v->len);
	row_close_cell(&c->row, kind);
	c->last_col = c->col;
	if (v->len)
		c->nonempty = 1;
}

static void XMLCALL sh_end(void *ud, const char *name)
{
	struct sheet_ctx *c = ud;
	const char *ln = local_name(name);

	if (c->stop)
		return;
	if (!strcmp(ln, "c")) {
		if (c->in_cell)
			sh_end_cell(c);
		c->in_cell = c->in_v = c->in_is = c->in_t = c->in_rph = 0;
	} else if (!strcmp(ln, "v")) {
		c->in_v = 0;
	} else if (!strcmp(ln, "t")) {
		c->in_t = 0;
	} else if (!strcmp(ln, "rPh")) {
		c->in_rph = 0;
	} else if (!strcmp(ln, "is")) {
		c->in_is = 0;
	} else if (!strcmp(ln, "row")) {
		if (c->nonempty) {
			struct table_row tr;
			tr.line = c->row_num;
			tr.n = c->row.n;
			tr.cells = row_cells(&c->row);
			tr.bad_encoding = 0;
			int rc = c->fn(&tr, c->ctx);
			if (rc)
				sheet_stop(c, rc);
		}
		row_reset(&c->row);
	}
}

int xlsx_read_sheet(struct xlsx *x, size_t i, table_row_fn fn, void *ctx,
		    struct error *err)
{
	struct sheet_ctx c;
	int rc;

	if (i >= x->nr_sheets)
		return error_set(err, ST_NOT_FOUND, NULL, "no sheet %zu", i);
	if (!x->sheets[i].path)
		return error_set(err, ST_INVALID, NULL,
				 "%s: sheet %s has no part", x->path,
				 x->sheets[i].name);
	memset(&c, 0, sizeof(c));
	c.x = x;
	c.fn = fn;
	c.ctx = ctx;
	c.err = err;
	strbuf_init(&c.val, TABLE_MAX_CELL);
	c.xp = new_parser(&c);
	XML_SetElementHandler(c.xp, sh_start, sh_end);
	XML_SetCharacterDataHandler(c.xp, sh_text);
	rc = parse_part(x, x->sheets[i].path, c.xp, &c.stop, err);
	if (rc == ST_NOT_FOUND)
		rc = error_set(err, ST_INVALID, NULL, "%s: missing part %s",
			       x->path, x->sheets[i].path);
	XML_ParserFree(c.xp);
	strbuf_release(&c.val);
	row_release(&c.row);
	return rc;
}
