/*
 * import-cells.c - the cells of an import row turned into values: spaces
 * trimmed, text that must fit its field, dates as people type them, coded
 * values by their labels (through a memo), the header mapped to columns;
 * and the list of issues every part of the import adds to.
 *
 * Not for the rules of a whole record (model/person.c, model/org.c, used
 * by import-row.c) nor for reading the file (formats/table-reader.h).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/hashmap.h"
#include "core/xalloc.h"
#include "formats/import-internal.h"
#include "model/codes.h"

/* ------------------------------------------------------------------ */
/* Issues.                                                              */

void imp_issue(struct imp *im, long line, const char *column,
	       const char *value, const char *fmt, ...)
{
	struct import_result *res = im->res;
	size_t cap = im->opt->max_issues ? im->opt->max_issues : IMPORT_MAX_ISSUES;
	va_list ap;

	res->nr_errors++;
	if (res->nr_issues >= cap)
		return;
	ALLOC_GROW(res->issues, res->nr_issues + 1, res->alloc_issues);
	struct import_issue *is = &res->issues[res->nr_issues++];
	memset(is, 0, sizeof(*is));
	snprintf(is->sheet, sizeof(is->sheet), "%s", im->sheet);
	is->line = line;
	snprintf(is->column, sizeof(is->column), "%s", column ? column : "");
	/* cut the value at a character boundary */
	if (value) {
		size_t n = strlen(value);
		if (n >= sizeof(is->value)) {
			n = sizeof(is->value) - 1;
			while (n > 0 && ((unsigned char)value[n] & 0xC0) == 0x80)
				n--;
		}
		memcpy(is->value, value, n);
		is->value[n] = '\0';
	}
	va_start(ap, fmt);
	vsnprintf(is->reason, sizeof(is->reason), fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------------ */
/* Cells.                                                               */

static int is_space_at(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];

	if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
		return 1;
	if (n >= 3 && !memcmp(s, "\xe3\x80\x80", 3))
		return 3;
	if (n >= 2 && !memcmp(s, "\xc2\xa0", 2))
		return 2;
	return 0;
}

void import_trim(const char *s, size_t len, char *buf, size_t size,
		 size_t *out_len)
{
	int k;

	while (len && (k = is_space_at(s, len))) {
		s += k;
		len -= (size_t)k;
	}
	while (len) {
		unsigned char c = (unsigned char)s[len - 1];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			len--;
		else if (len >= 3 && !memcmp(s + len - 3, "\xe3\x80\x80", 3))
			len -= 3;
		else if (len >= 2 && !memcmp(s + len - 2, "\xc2\xa0", 2))
			len -= 2;
		else
			break;
	}
	if (len >= size)
		len = size - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	*out_len = len;
}

void imp_tag(struct imp *im, size_t before, const char *code,
	     const struct error_param *params, int nr_params)
{
	struct import_result *res = im->res;
	struct import_issue *is;

	if (res->nr_issues <= before)
		return;
	is = &res->issues[res->nr_issues - 1];
	snprintf(is->code, sizeof(is->code), "%s", code ? code : "");
	is->nr_params = 0;
	for (int i = 0; i < nr_params && i < ERROR_MAX_PARAMS; i++)
		is->params[is->nr_params++] = params[i];
}

void imp_tag1(struct imp *im, size_t before, const char *code, const char *key,
	      const char *value)
{
	struct error_param p;

	snprintf(p.key, sizeof(p.key), "%s", key);
	snprintf(p.value, sizeof(p.value), "%s", value);
	imp_tag(im, before, code, &p, 1);
}

int imp_text(struct imp *im, long line, const struct import_column *col,
	     const struct cellv *c, char *dst, size_t size)
{
	if (c->len >= size) {
		size_t before = im->res->nr_issues;
		char max[24];
		imp_issue(im, line, col->zh, c->s, "too long (at most %zu bytes)",
			  size - 1);
		snprintf(max, sizeof(max), "%zu", size - 1);
		imp_tag1(im, before, "too_long_bytes", "max", max);
		return -1;
	}
	memcpy(dst, c->s, c->len + 1);
	return 0;
}

int import_parse_date(const char *s, int *day)
{
	int part[3] = { 0, 0, 0 }, digits[3] = { 0, 0, 0 }, k = 0;
	const char *p = s;

	while (*p == ' ')
		p++;
	/* YYYYMMDD */
	if (strlen(p) >= 8 && isdigit((unsigned char)p[0])) {
		int all = 1;
		for (int i = 0; i < 8; i++)
			all &= isdigit((unsigned char)p[i]) != 0;
		if (all && (p[8] == '\0' || p[8] == ' ')) {
			int y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 +
				(p[2] - '0') * 10 + (p[3] - '0');
			int m = (p[4] - '0') * 10 + (p[5] - '0');
			int d = (p[6] - '0') * 10 + (p[7] - '0');
			if (y < 1800 || y > 2200 || !date_valid_ymd(y, m, d))
				return ST_INVALID;
			*day = date_from_ymd(y, m, d);
			return ST_OK;
		}
	}
	while (k < 3) {
		if (!isdigit((unsigned char)*p))
			return ST_INVALID;
		while (isdigit((unsigned char)*p)) {
			if (++digits[k] > 4)
				return ST_INVALID;
			part[k] = part[k] * 10 + (*p - '0');
			p++;
		}
		k++;
		/* separators */
		if (k == 1) {
			if (*p == '-' || *p == '/' || *p == '.')
				p++;
			else if (!strncmp(p, "年", 3))
				p += 3;
			else
				return ST_INVALID;
		} else if (k == 2) {
			if (*p == '-' || *p == '/' || *p == '.')
				p++;
			else if (!strncmp(p, "月", 3))
				p += 3;
			else
				return ST_INVALID;
		} else {
			if (!strncmp(p, "日", 3))
				p += 3;
		}
	}
	if (digits[0] != 4 || digits[1] > 2 || digits[2] > 2)
		return ST_INVALID;
	/* an optional time after a space or T */
	if (*p == ' ' || *p == 'T') {
		p++;
		while (isdigit((unsigned char)*p) || *p == ':' || *p == '.')
			p++;
	}
	while (*p == ' ')
		p++;
	if (*p)
		return ST_INVALID;
	if (part[0] < 1800 || part[0] > 2200 ||
	    !date_valid_ymd(part[0], part[1], part[2]))
		return ST_INVALID;
	*day = date_from_ymd(part[0], part[1], part[2]);
	return ST_OK;
}

int imp_date(struct imp *im, long line, const struct import_column *col,
	     const struct cellv *c, int *day)
{
	*day = DATE_NONE;
	if (!c->len)
		return 0;
	if (c->kind == CELL_NUMBER && c->len != 8) {
		size_t before = im->res->nr_issues;
		imp_issue(im, line, col->zh, c->s,
			  "a number, not a date: format the cell as a date or type it as YYYY-MM-DD");
		imp_tag(im, before, "invalid_date", NULL, 0);
		return -1;
	}
	if (import_parse_date(c->s, day)) {
		size_t before = im->res->nr_issues;
		imp_issue(im, line, col->zh, c->s,
			  "not a date (expected YYYY-MM-DD, e.g. 1990-01-02)");
		imp_tag(im, before, "invalid_date", NULL, 0);
		*day = DATE_NONE;
		return -1;
	}
	return 0;
}

static void code_hint(const struct code_table *t, char *buf, size_t size)
{
	size_t k = 0;

	buf[0] = '\0';
	if (t->n > 10) {
		snprintf(buf, size, "see the %s list on the 代码表 sheet of the template", t->name);
		return;
	}
	for (size_t i = 0; i < t->n && k + 1 < size; i++) {
		int n = snprintf(buf + k, size - k, "%s%s", i ? ", " : "expected one of ",
				 t->entries[i].zh);
		if (n < 0)
			break;
		k += (size_t)n;
	}
}

/*
 * code_parse through a memo per code table: a column holds few distinct
 * values (汉族, 大学本科毕业, 工人 ...) repeated on every row. Only values
 * that parse are kept (at most CODE_MEMO_MAX a table); the answer for a
 * (table, text) pair never changes.
 */
#define CODE_MEMO_MAX 1024

static const struct code_entry *code_memo_parse(struct imp *im,
						const struct code_table *t,
						const char *text)
{
	struct code_memo *m = NULL;
	const struct code_entry *e;
	long long *idx;

	for (size_t i = 0; i < im->nr_memo && !m; i++)
		if (im->memo[i].table == t)
			m = &im->memo[i];
	if (!m && im->nr_memo < CODE_MEMO_TABLES) {
		m = &im->memo[im->nr_memo++];
		m->table = t;
		hashmap_init(&m->map, 1);
	}
	if (m && (idx = hashmap_get_str(&m->map, text)))
		return &t->entries[*idx];
	e = code_parse(t, text);
	if (e && m && m->map.n < CODE_MEMO_MAX)
		*hashmap_put_str(&m->map, text, NULL) = e - t->entries;
	return e;
}

void imp_memo_release(struct imp *im)
{
	for (size_t i = 0; i < im->nr_memo; i++)
		hashmap_release(&im->memo[i].map);
	im->nr_memo = 0;
}

int imp_code(struct imp *im, long line, const struct import_column *col,
	     const struct cellv *c, int *code)
{
	const struct code_entry *e;
	char hint[200];

	*code = 0;
	if (!c->len)
		return 0;
	e = code_memo_parse(im, col->codes, c->s);
	if (!e) {
		code_hint(col->codes, hint, sizeof(hint));
		size_t before = im->res->nr_issues;
		imp_issue(im, line, col->zh, c->s, "unknown value (%s)", hint);
		imp_tag(im, before, "invalid_choice", NULL, 0);
		return -1;
	}
	*code = e->code;
	return 0;
}

const char *import_member_label(const char *field)
{
	if (!field || !*field)
		return "";
	if (!strcmp(field, "org_id"))
		return member_columns[MC_ORG].zh;
	if (!strcmp(field, "full_date"))
		return member_columns[MC_FULL].zh;
	for (int i = 0; i < MC_COUNT; i++)
		if (!strcmp(field, member_columns[i].key))
			return member_columns[i].zh;
	return field;
}

const char *import_org_label(const char *field)
{
	if (!field || !*field)
		return "";
	if (!strcmp(field, "parent_id"))
		return org_columns[OC_PARENT].zh;
	for (int i = 0; i < OC_COUNT; i++)
		if (!strcmp(field, org_columns[i].key))
			return org_columns[i].zh;
	return field;
}

/* ------------------------------------------------------------------ */
/* Header.                                                              */

int import_header_score(const struct table_row *row,
			const struct import_column *cols, size_t n)
{
	int score = 0;

	for (size_t i = 0; i < row->n; i++)
		if (row->cells[i].len && import_column_find(cols, n, row->cells[i].text) >= 0)
			score++;
	return score;
}

void imp_read_header(struct imp *im, const struct table_row *row,
		     enum file_kind kind)
{
	const struct import_column *cols = kind == KIND_ORGS ? org_columns : member_columns;
	size_t n = kind == KIND_ORGS ? OC_COUNT : MC_COUNT;
	int seen[(int)MC_COUNT > (int)OC_COUNT ? (int)MC_COUNT : (int)OC_COUNT];
	long before = (long)im->res->nr_errors;

	memset(seen, 0, sizeof(seen));
	im->kind = kind;
	im->nr_cols = row->n;
	for (size_t i = 0; i < row->n; i++) {
		int c = -1;
		if (row->cells[i].len) {
			c = import_column_find(cols, n, row->cells[i].text);
			size_t bt = im->res->nr_issues;
			if (c < 0) {
				imp_issue(im, row->line, row->cells[i].text, row->cells[i].text,
					  "unknown column (see the template for the accepted headers)");
				imp_tag(im, bt, "import_unknown_column", NULL, 0);
			} else if (seen[c]++) {
				imp_issue(im, row->line, cols[c].zh, row->cells[i].text,
					  "the column appears twice");
				imp_tag(im, bt, "import_column_twice", NULL, 0);
			}
		}
		im->colmap[i] = c;
	}
	for (size_t c = 0; c < n; c++)
		if (cols[c].required && !seen[c]) {
			size_t bt = im->res->nr_issues;
			imp_issue(im, row->line, cols[c].zh, "",
				  "required column is missing from the header");
			imp_tag1(im, bt, "import_missing_column", "column", cols[c].zh);
		}
	im->header_failed = (long)im->res->nr_errors > before;
}

void imp_row_values(struct imp *im, const struct table_row *row,
		    struct cellv *v, char (*bufs)[512], size_t ncol)
{
	for (size_t c = 0; c < ncol; c++) {
		v[c].s = bufs[c];
		bufs[c][0] = '\0';
		v[c].len = 0;
		v[c].kind = CELL_EMPTY;
		v[c].raw = "";
	}
	for (size_t i = 0; i < row->n && i < im->nr_cols; i++) {
		int c = im->colmap[i];
		if (c < 0 || !row->cells[i].len)
			continue;
		import_trim(row->cells[i].text, row->cells[i].len, bufs[c],
			    sizeof(bufs[c]), &v[c].len);
		v[c].kind = v[c].len ? row->cells[i].kind : CELL_EMPTY;
		v[c].raw = row->cells[i].text;
		if (row->cells[i].len >= sizeof(bufs[c]))
			v[c].len = sizeof(bufs[c]); /* marks "too long" */
	}
}

