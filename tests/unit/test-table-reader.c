/*
 * test-table-reader.c - the CSV parser (quotes, embedded newlines, line
 * numbers, BOM, GB18030, limits) and the XLSX reader (shared strings with
 * rich text, missing cells, date serials and styles) of formats/table-reader.c,
 * plus charset detection.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/date.h"
#include "formats/charset.h"
#include "formats/table-reader.h"

#include <unistd.h>

/*
 * Path of a fixture: under $ORGWORK_TOP (set by tests/run), else the source
 * tree found from this file's compiled path, else the current directory.
 */
static const char *fixture(const char *name)
{
	static char buf[8][1024];
	static int k;
	const char *top = getenv("ORGWORK_TOP");
	char *out = buf[k++ % 8];

	if (top && *top) {
		snprintf(out, 1024, "%s/tests/fixtures/%s", top, name);
		return out;
	}
	snprintf(out, 1024, "tests/fixtures/%s", name);
	if (access(out, F_OK) == 0)
		return out;
	snprintf(out, 1024, "%s", __FILE__);
	char *slash = strrchr(out, '/');
	if (slash) {
		snprintf(slash, (size_t)(out + 1024 - slash), "/../fixtures/%s", name);
		if (access(out, F_OK) == 0)
			return out;
	}
	snprintf(out, 1024, "tests/fixtures/%s", name);
	return out;
}

/* Collected rows as "line|cell|cell|..." strings. */
struct rows {
	char lines[32][512];
	int n;
	int kinds[32][24];
};

static int collect(const struct table_row *row, void *ctx)
{
	struct rows *r = ctx;
	char *out;
	size_t k;

	if (r->n >= 32)
		return 0;
	out = r->lines[r->n];
	k = (size_t)snprintf(out, 512, "%ld", row->line);
	for (size_t i = 0; i < row->n && k < 500; i++) {
		k += (size_t)snprintf(out + k, 512 - k, "|%s", row->cells[i].text);
		if (i < 24)
			r->kinds[r->n][i] = row->cells[i].kind;
	}
	r->n++;
	return 0;
}

static void read_mem(const char *s, struct rows *r, int expect_rc)
{
	struct error err = ERROR_INIT;
	memset(r, 0, sizeof(*r));
	assert_int_equal(table_read_csv_mem(s, strlen(s), collect, r, NULL, &err),
			 expect_rc);
}

static void test_csv_basic(void **state)
{
	struct rows r;
	(void)state;
	read_mem("a,b,c\r\n1,,3\r\n", &r, ST_OK);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.lines[0], "1|a|b|c");
	assert_string_equal(r.lines[1], "2|1||3");
	/* no final newline, LF only */
	read_mem("x,y\nz,w", &r, ST_OK);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.lines[1], "2|z|w");
}

static void test_csv_quotes_and_newlines(void **state)
{
	struct rows r;
	(void)state;
	read_mem("h1,h2\n\"a, b\",\"say \"\"hi\"\"\"\n\"two\nlines\",x\n\nlast,\"\"\n",
		 &r, ST_OK);
	assert_int_equal(r.n, 4);
	assert_string_equal(r.lines[1], "2|a, b|say \"hi\"");
	assert_string_equal(r.lines[2], "3|two\nlines|x");
	/* the blank line 5 is skipped; the next record starts on line 6 */
	assert_string_equal(r.lines[3], "6|last|");
	/* CRLF inside quotes, record line numbers after it */
	read_mem("\"a\r\nb\"\r\nc\r\n", &r, ST_OK);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.lines[0], "1|a\r\nb");
	assert_string_equal(r.lines[1], "3|c");
}

static void test_csv_errors(void **state)
{
	struct rows r;
	struct error err = ERROR_INIT;
	const char *s = "a\n\"open,b\nc\n";
	char *big;
	(void)state;
	memset(&r, 0, sizeof(r));
	assert_int_equal(table_read_csv_mem(s, strlen(s), collect, &r, NULL, &err),
			 ST_INVALID);
	assert_int_equal(err.line, 2);
	/* a cell over the limit */
	big = malloc(TABLE_MAX_CELL + 10);
	memset(big, 'x', TABLE_MAX_CELL + 8);
	big[TABLE_MAX_CELL + 8] = '\n';
	big[TABLE_MAX_CELL + 9] = '\0';
	error_clear(&err);
	memset(&r, 0, sizeof(r));
	assert_int_equal(table_read_csv_mem(big, strlen(big), collect, &r, NULL, &err),
			 ST_TOO_BIG);
	free(big);
}

static void test_csv_bom_and_gb18030(void **state)
{
	struct rows r;
	struct table_csv_info info;
	struct error err = ERROR_INIT;
	/* 姓名 in GB18030 is D0 D5 C3 FB */
	const char gb[] = "\xd0\xd5\xc3\xfb,x\r\n\xd5\xc5\xc8\xfd,1\r\n";
	const char bom[] = "\xef\xbb\xbf\xe5\xa7\x93\xe5\x90\x8d,x\n";
	(void)state;

	memset(&r, 0, sizeof(r));
	assert_int_equal(table_read_csv_mem(bom, strlen(bom), collect, &r, &info, &err), ST_OK);
	assert_int_equal(info.charset, CHARSET_UTF8);
	assert_string_equal(r.lines[0], "1|姓名|x");

	memset(&r, 0, sizeof(r));
	assert_int_equal(table_read_csv_mem(gb, strlen(gb), collect, &r, &info, &err), ST_OK);
	assert_int_equal(info.charset, CHARSET_GB18030);
	assert_string_equal(r.lines[0], "1|姓名|x");
	assert_string_equal(r.lines[1], "2|张三|1");

	/* the committed GB18030 fixture */
	memset(&r, 0, sizeof(r));
	assert_int_equal(table_read_csv(fixture("import/members-gb18030.csv"), collect,
					&r, &info, &err), ST_OK);
	assert_int_equal(info.charset, CHARSET_GB18030);
	assert_int_equal(r.n, 3);
	assert_non_null(strstr(r.lines[0], "|公民身份号码|"));
	assert_non_null(strstr(r.lines[1], "|周九|"));
}

static void test_charset(void **state)
{
	size_t bom;
	(void)state;
	assert_true(charset_is_utf8("abc", 3));
	assert_true(charset_is_utf8("\xe5\xa7\x93", 3));
	assert_false(charset_is_utf8("\xc0\xaf", 2));         /* overlong */
	assert_false(charset_is_utf8("\xed\xa0\x80", 3));     /* surrogate */
	/* a cut sequence at the end of a sample is not held against UTF-8 */
	assert_int_equal(charset_detect("ab\xe5\xa7", 4, 0, &bom), CHARSET_UTF8);
	assert_int_equal(charset_detect("ab\xe5\xa7", 4, 1, &bom), CHARSET_GB18030);
	assert_int_equal(charset_detect("\xd5\xc5", 2, 1, &bom), CHARSET_GB18030);
	/* every three-byte sequence with a lead byte E0-EF, alone and after
	 * ASCII, against RFC 3629's table: E0 A0-BF, E1-EC 80-BF, ED 80-9F,
	 * EE-EF 80-BF, each followed by 80-BF */
	for (unsigned a = 0xE0; a <= 0xEF; a++)
		for (unsigned b = 0; b < 256; b++)
			for (unsigned c = 0; c < 256; c++) {
				unsigned lo = a == 0xE0 ? 0xA0 : 0x80;
				unsigned hi = a == 0xED ? 0x9F : 0xBF;
				int want = b >= lo && b <= hi && c >= 0x80 && c <= 0xBF;
				char s[12] = "abcdefgh";
				s[8] = (char)a;
				s[9] = (char)b;
				s[10] = (char)c;
				if (charset_is_utf8(s + 8, 3) != want ||
				    charset_is_utf8(s, 11) != want)
					fail_msg("%02X %02X %02X: want %d", a, b, c, want);
			}
}

static void test_xlsx_helpers(void **state)
{
	(void)state;
	assert_int_equal(xlsx_column_index("A1"), 0);
	assert_int_equal(xlsx_column_index("Z9"), 25);
	assert_int_equal(xlsx_column_index("AA10"), 26);
	assert_int_equal(xlsx_column_index("12"), -1);
	assert_int_equal(xlsx_serial_to_day(1, 0), date_from_ymd(1900, 1, 1));
	assert_int_equal(xlsx_serial_to_day(59, 0), date_from_ymd(1900, 2, 28));
	assert_int_equal(xlsx_serial_to_day(61, 0), date_from_ymd(1900, 3, 1));
	assert_int_equal(xlsx_serial_to_day(33667, 0), date_from_ymd(1992, 3, 4));
	assert_int_equal(xlsx_serial_to_day(45000.75, 0), date_from_ymd(2023, 3, 15));
	assert_int_equal(xlsx_serial_to_day(0, 1), DATE_NONE);
	assert_int_equal(xlsx_serial_to_day(1, 1), date_from_ymd(1904, 1, 2));
	assert_true(xlsx_day_to_serial(date_from_ymd(1992, 3, 4)) == 33667);
	assert_true(xlsx_format_is_date(14, NULL));
	assert_true(xlsx_format_is_date(22, NULL));
	assert_true(xlsx_format_is_date(57, NULL));
	assert_false(xlsx_format_is_date(0, NULL));
	assert_false(xlsx_format_is_date(49, NULL));
	assert_true(xlsx_format_is_date(176, "yyyy\"年\"m\"月\"d\"日\""));
	assert_true(xlsx_format_is_date(177, "[$-F800]dddd, mmmm dd, yyyy"));
	assert_false(xlsx_format_is_date(178, "[h]:mm"));
	assert_false(xlsx_format_is_date(179, "0.00\"days\""));
	assert_false(xlsx_format_is_date(180, "@"));
}

static const char *find_sheet(struct xlsx *x, const char *name, size_t *idx)
{
	for (size_t i = 0; i < xlsx_sheet_count(x); i++)
		if (!strcmp(xlsx_sheet_name(x, i), name)) {
			*idx = i;
			return name;
		}
	return NULL;
}

static void test_xlsx_book(void **state)
{
	struct xlsx *x = NULL;
	struct error err = ERROR_INIT;
	struct rows r;
	size_t i = 0;
	(void)state;

	assert_int_equal(xlsx_open(fixture("import/book.xlsx"), &x, &err), ST_OK);
	assert_int_equal(xlsx_sheet_count(x), 3);
	assert_string_equal(xlsx_sheet_name(x, 0), "说明");
	assert_non_null(find_sheet(x, "党员", &i));
	memset(&r, 0, sizeof(r));
	assert_int_equal(xlsx_read_sheet(x, i, collect, &r, &err), ST_OK);
	/* header, row 2, (row 3 absent), row 4 */
	assert_int_equal(r.n, 3);
	assert_true(strncmp(r.lines[1], "2|欧阳小明||", strlen("2|欧阳小明||")) == 0);
	/* birth date: a serial with the builtin date style 14 */
	assert_non_null(strstr(r.lines[1], "|1992-03-04|"));
	assert_int_equal(r.kinds[1][3], CELL_DATE);
	/* phone stored as a number, written without exponent */
	assert_non_null(strstr(r.lines[1], "|13800001234|"));
	assert_int_equal(r.kinds[1][7], CELL_NUMBER);
	/* custom date format with 年月日 and a text date */
	assert_non_null(strstr(r.lines[1], "|2017-01-01|2018-03-01"));
	assert_int_equal(r.kinds[1][12], CELL_TEXT);
	/* row 4: inline string, formula string, missing D..., gaps filled */
	assert_true(strncmp(r.lines[2], "4|钱多多|女|", strlen("4|钱多多|女|")) == 0);
	assert_non_null(strstr(r.lines[2], "|1985-01-01||1986-01-01|1986-07-01|1987-07-01"));
	xlsx_close(x);

	assert_int_equal(xlsx_open(fixture("import/numeric-id.xlsx"), &x, &err), ST_OK);
	memset(&r, 0, sizeof(r));
	assert_int_equal(xlsx_read_sheet(x, 0, collect, &r, &err), ST_OK);
	assert_non_null(strstr(r.lines[1], "|1.1010519491231E+17|"));
	assert_int_equal(r.kinds[1][2], CELL_NUMBER);
	/* a number with a time-only style is a number, not a date */
	assert_int_equal(r.kinds[2][11], CELL_NUMBER);
	xlsx_close(x);

	/* written by LibreOffice */
	assert_int_equal(xlsx_open(fixture("import/libreoffice.xlsx"), &x, &err), ST_OK);
	memset(&r, 0, sizeof(r));
	assert_int_equal(xlsx_read_sheet(x, 0, collect, &r, &err), ST_OK);
	assert_int_equal(r.n, 3);
	assert_non_null(strstr(r.lines[1], "|1978-11-11|"));
	assert_int_equal(r.kinds[1][2], CELL_TEXT);
	xlsx_close(x);

	error_clear(&err);
	assert_int_equal(xlsx_open(fixture("import/members.csv"), &x, &err), ST_INVALID);
	assert_null(x);
	error_clear(&err);
	assert_int_equal(xlsx_open(fixture("import/nope.xlsx"), &x, &err), ST_IO);
}

static int stop_at_two(const struct table_row *row, void *ctx)
{
	(void)ctx;
	return row->line == 2 ? 42 : 0;
}

static void test_callback_stops(void **state)
{
	struct error err = ERROR_INIT;
	struct xlsx *x;
	const char *s = "a\nb\nc\n";
	(void)state;
	assert_int_equal(table_read_csv_mem(s, strlen(s), stop_at_two, NULL, NULL, &err), 42);
	assert_int_equal(xlsx_open(fixture("import/book.xlsx"), &x, &err), ST_OK);
	assert_int_equal(xlsx_read_sheet(x, 1, stop_at_two, NULL, &err), 42);
	xlsx_close(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_basic),
		cmocka_unit_test(test_csv_quotes_and_newlines),
		cmocka_unit_test(test_csv_errors),
		cmocka_unit_test(test_csv_bom_and_gb18030),
		cmocka_unit_test(test_charset),
		cmocka_unit_test(test_xlsx_helpers),
		cmocka_unit_test(test_xlsx_book),
		cmocka_unit_test(test_callback_stops),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
