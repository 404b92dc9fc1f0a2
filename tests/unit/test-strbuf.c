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
	assert_string_equal(sb.buf, "\"党\\\"x\\\\y\\u000a\"");
	strbuf_release(&sb);
	strbuf_init(&sb, 4);
	assert_int_equal(strbuf_add_json_string(&sb, "abcdef"), ST_TOO_BIG);
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(grows_and_formats),
		cmocka_unit_test(limit_refuses_and_keeps_content),
		cmocka_unit_test(json_string_escapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
