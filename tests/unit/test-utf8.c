/*
 * test-utf8.c - counting UTF-8 characters (core/utf8.c), the count behind
 * the character limits of names, addresses and ID numbers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/utf8.h"

static void counts_characters_not_bytes(void **state)
{
	(void)state;
	assert_int_equal(utf8_count_chars(""), 0);
	assert_int_equal(utf8_count_chars("abc"), 3);
	assert_int_equal(utf8_count_chars("王伟"), 2);             /* 3 bytes each */
	assert_int_equal(utf8_count_chars("é"), 1);                /* 2 bytes */
	assert_int_equal(utf8_count_chars("\xf0\x9f\x98\x80x"), 2); /* 4 + 1 */
	assert_int_equal(utf8_count_chars("维吾尔族 A"), 6);
	assert_int_equal(utf8_count_chars_n("王伟", 3), 1);
	assert_int_equal(utf8_count_chars_n("ab\0cd", 5), 5);
}

static void refuses_what_is_not_utf8(void **state)
{
	(void)state;
	assert_int_equal(utf8_count_chars("\x80"), -1);            /* stray continuation */
	assert_int_equal(utf8_count_chars("a\xff"), -1);           /* not a lead byte */
	assert_int_equal(utf8_count_chars("\xe7\x8e"), -1);        /* cut short at the end */
	assert_int_equal(utf8_count_chars("\xe7" "ab"), -1);       /* lead without continuation */
	assert_int_equal(utf8_count_chars("\xd5\xc5\xc8\xfd"), -1); /* GB18030 张三 */
	assert_int_equal(utf8_count_chars_n("王伟", 4), -1);        /* cut by n */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counts_characters_not_bytes),
		cmocka_unit_test(refuses_what_is_not_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
