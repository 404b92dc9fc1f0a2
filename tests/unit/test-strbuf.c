/*
 * test-strbuf.c - growable buffers and their size limit (core/strbuf.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/error.h"
#include "core/strbuf.h"

static void grows_and_formats(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb, 0);
	assert_string_equal(sb.buf, "");
	for (int i = 0; i < 1000; i++)
		assert_int_equal(strbuf_addf(&sb, "%d,", i), ST_OK);
	assert_int_equal(strncmp(sb.buf, "0,1,2,", 6), 0);
	assert_int_equal(sb.len, strlen(sb.buf));
	size_t len;
	char *p = strbuf_detach(&sb, &len);
	assert_int_equal(len, strlen(p));
	free(p);
	assert_int_equal(sb.len, 0);
	strbuf_release(&sb);
}

static void limit_refuses_and_keeps_content(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb, 8);
	assert_int_equal(strbuf_adds(&sb, "12345"), ST_OK);
	assert_int_equal(strbuf_adds(&sb, "6789"), ST_TOO_BIG);
	assert_string_equal(sb.buf, "12345");
	assert_int_equal(strbuf_addf(&sb, "%s", "abcd"), ST_TOO_BIG);
	assert_int_equal(strbuf_adds(&sb, "678"), ST_OK);
	assert_string_equal(sb.buf, "12345678");
	strbuf_release(&sb);
}

static void json_string_escapes(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb, 0);
	assert_int_equal(strbuf_add_json_string(&sb, "党\"x\\y\n"), ST_OK);
	assert_string_equal(sb.buf, "\"党\\\"x\\\\y\\n\"");
	assert_int_equal(sb.len, strlen(sb.buf));
	strbuf_release(&sb);
	/* over the limit: refused whole, the buffer unchanged */
	strbuf_init(&sb, 8);
	assert_int_equal(strbuf_adds(&sb, "ab"), ST_OK);
	assert_int_equal(strbuf_add_json_string(&sb, "abcdef"), ST_TOO_BIG);
	assert_string_equal(sb.buf, "ab");
	assert_int_equal(strbuf_add_json_string(&sb, "abcd"), ST_OK);
	assert_string_equal(sb.buf, "ab\"abcd\"");
	strbuf_release(&sb);
}

/* The escapes are jansson's (api-members.c writes a body that must equal
 * json_dumps of the same record byte for byte). */
static void json_quote_as_jansson(void **state)
{
	(void)state;
	char out[64];
	const char *in = "a\b\f\n\r\t\x01\x1f\x7f/\"\\é";
	const char *want = "\"a\\b\\f\\n\\r\\t\\u0001\\u001F\x7f/\\\"\\\\é\"";

	assert_int_equal(json_quote(out, sizeof(out), in), strlen(want));
	assert_string_equal(out, want);
	assert_int_equal(json_quote(NULL, 0, in), strlen(want));
	assert_int_equal(json_quote(out, sizeof(out), ""), 2);
	assert_string_equal(out, "\"\"");
}

/* A literal that does not fit is cut between pieces, never inside one. */
static void json_quote_cuts_between_pieces(void **state)
{
	(void)state;
	char out[8];

	/* "ab\n" needs 7 bytes and a NUL */
	assert_int_equal(json_quote(out, 8, "ab\n"), 6);
	assert_string_equal(out, "\"ab\\n\"");
	assert_int_equal(json_quote(out, 6, "ab\n"), 6);
	assert_string_equal(out, "\"ab\\n");
	assert_int_equal(json_quote(out, 5, "ab\n"), 6);
	assert_string_equal(out, "\"ab");
	assert_int_equal(json_quote(out, 3, "ab\n"), 6);
	assert_string_equal(out, "\"");
	assert_int_equal(json_quote(out, 1, "ab\n"), 6);
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(grows_and_formats),
		cmocka_unit_test(limit_refuses_and_keeps_content),
		cmocka_unit_test(json_string_escapes),
		cmocka_unit_test(json_quote_as_jansson),
		cmocka_unit_test(json_quote_cuts_between_pieces),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
