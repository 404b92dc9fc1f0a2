/*
 * xlsx-reader.c - the XLSX reader of table-reader.h: the workbook, its
 * relationships, styles and shared strings read at open, then one sheet at
 * a time streamed row by row.
 *
 * minizip inflates the parts and expat parses them in namespace mode
 * (element names compared by local name, whatever prefix a writer chose).
 * Also the spreadsheet date and column helpers that writers use. Not for
 * CSV (csv-reader.c), for writing workbooks (formats/export.c,
 * formats/template.c) nor for what the columns mean (formats/import.c).
 */
#include <errno.h>
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
#include "formats/table-reader-internal.h"

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
	if (unzOpenCurrentFile(x->zip) != UNZ_OK) {
		error_setc(err, ST_INVALID, NULL, "xlsx_damaged", "%s: cannot open part %s",
			   x->path, entry);
		error_param(err, "part", "%s", entry);
		return ST_INVALID;
	}
	do {
		n = unzReadCurrentFile(x->zip, buf, sizeof(buf));
		if (n < 0) {
			rc = error_setc(err, ST_INVALID, NULL, "xlsx_damaged",
					"%s: part %s is damaged (zip error %d)",
					x->path, entry, n);
			error_param(err, "part", "%s", entry);
			break;
		}
		total += (size_t)n;
		if (XML_Parse(xp, buf, n, n == 0) == XML_STATUS_ERROR) {
			if (stopped && *stopped) {
				rc = *stopped;
				break;
			}
			rc = error_setc(err, ST_INVALID, NULL, "xlsx_bad_xml",
					"%s: %s line %lu: %s", x->path, entry,
					(unsigned long)XML_GetCurrentLineNumber(xp),
					XML_ErrorString(XML_GetErrorCode(xp)));
			error_param(err, "part", "%s", entry);
			error_param(err, "line", "%lu",
				    (unsigned long)XML_GetCurrentLineNumber(xp));
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
		rc = error_setc(err, ST_INVALID, NULL, "not_xlsx",
				"%s is not an XLSX workbook (not a zip archive)", path);
		goto out;
	}

	xp = new_parser(x);
	XML_SetStartElementHandler(xp, wb_start);
	rc = parse_part(x, "xl/workbook.xml", xp, NULL, err);
	XML_ParserFree(xp);
	xp = NULL;
	if (rc == ST_NOT_FOUND)
		rc = error_setc(err, ST_INVALID, NULL, "not_xlsx",
				"%s is not an XLSX workbook (no xl/workbook.xml)", path);
	if (rc)
		goto out;

	xp = new_parser(x);
	XML_SetStartElementHandler(xp, rels_start);
	rc = parse_part(x, "xl/_rels/workbook.xml.rels", xp, NULL, err);
	XML_ParserFree(xp);
	xp = NULL;
	if (rc == ST_NOT_FOUND) {
		rc = error_setc(err, ST_INVALID, NULL, "xlsx_missing_part",
				"%s: no xl/_rels/workbook.xml.rels", path);
		error_param(err, "part", "xl/_rels/workbook.xml.rels");
	}
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
	if (!rc && ssc.too_big) {
		rc = error_setc(err, ST_TOO_BIG, NULL, "xlsx_part_too_big",
				"%s: the shared strings exceed %u bytes", path,
				XLSX_PART_LIMIT);
		error_param(err, "max", "%u", XLSX_PART_LIMIT);
	}
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
		row_buf_reset(&c->row);
		c->last_col = -1;
		c->nonempty = 0;
	} else if (!strcmp(ln, "c")) {
		const char *r = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
		int col = r ? xlsx_column_index(r) : c->last_col + 1;
		if (col < 0 || col >= TABLE_MAX_COLUMNS) {
			if (c->err)
				c->err->line = c->row_num;
			error_setc(c->err, ST_TOO_BIG, NULL, "import_too_many_columns",
				   "row %ld: cell %s is beyond column %d",
				   c->row_num, r ? r : "?", TABLE_MAX_COLUMNS);
			error_param(c->err, "max", "%d", TABLE_MAX_COLUMNS);
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
		error_setc(c->err, ST_TOO_BIG, NULL, "import_cell_too_long",
			   "row %ld: a cell is longer than %d bytes", c->row_num,
			   TABLE_MAX_CELL);
		error_param(c->err, "max", "%d", TABLE_MAX_CELL);
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
		row_buf_open_cell(&c->row);
		row_buf_close_cell(&c->row, CELL_EMPTY);
		c->last_col++;
	}
	row_buf_open_cell(&c->row);
	row_buf_append(&c->row, v->buf, v->len);
	row_buf_close_cell(&c->row, kind);
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
			tr.cells = row_buf_cells(&c->row);
			tr.bad_encoding = 0;
			int rc = c->fn(&tr, c->ctx);
			if (rc)
				sheet_stop(c, rc);
		}
		row_buf_reset(&c->row);
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
		return error_setc(err, ST_INVALID, NULL, "xlsx_sheet_no_part",
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
	if (rc == ST_NOT_FOUND) {
		rc = error_setc(err, ST_INVALID, NULL, "xlsx_missing_part",
				"%s: missing part %s", x->path, x->sheets[i].path);
		error_param(err, "part", "%s", x->sheets[i].path);
	}
	XML_ParserFree(c.xp);
	strbuf_release(&c.val);
	row_buf_release(&c.row);
	return rc;
}
