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

static void strict_validation(void **state)
{
	(void)state;
	assert_true(utf8_valid("", 0));
	assert_true(utf8_valid("a\xc3\xa9\xe7\x8e\x8b", 6));            /* a é 王 */
	assert_true(utf8_valid("\xf0\xa0\x80\x80\xf4\x8f\xbf\xbf", 8)); /* U+20000 (Ext-B), U+10FFFF */
	assert_false(utf8_valid("\xc0\xaf", 2));                         /* overlong '/' */
	assert_false(utf8_valid("\xe0\x80\xaf", 3));                     /* overlong, 3 bytes */
	assert_false(utf8_valid("\xf0\x80\x80\xaf", 4));                 /* overlong, 4 bytes */
	assert_false(utf8_valid("\xed\xa0\x80", 3));                     /* surrogate U+D800 */
	assert_false(utf8_valid("\xf4\x90\x80\x80", 4));                 /* above U+10FFFF */
	assert_false(utf8_valid("\xff", 1));
	assert_false(utf8_valid("\xe7\x8e", 2));                         /* cut short */
	assert_false(utf8_valid("\xe7\x41\x41", 3));                     /* no continuation */
}

/* Chinese characters take two columns and are never cut in half. */
static void fits_display_columns(void **state)
{
	char b[64];

	(void)state;
	assert_string_equal(utf8_fit("abc", 5, b, sizeof(b)), "abc  ");
	assert_string_equal(utf8_fit("abcdef", 4, b, sizeof(b)), "abcd");
	assert_string_equal(utf8_fit("北京市委", 8, b, sizeof(b)), "北京市委");
	assert_string_equal(utf8_fit("北京市委", 10, b, sizeof(b)), "北京市委  ");
	/* 7 columns hold three characters and one space, not a half character */
	assert_string_equal(utf8_fit("北京市委", 7, b, sizeof(b)), "北京市 ");
	assert_string_equal(utf8_fit("a北京", 4, b, sizeof(b)), "a北 ");
	assert_string_equal(utf8_fit("ＡＢ", 3, b, sizeof(b)), "Ａ ");   /* fullwidth */
	assert_string_equal(utf8_fit("", 2, b, sizeof(b)), "  ");
	/* a small buffer cuts at a character boundary too */
	assert_string_equal(utf8_fit("北京", 4, b, 5), "北 ");
	assert_string_equal(utf8_fit("北京", 4, b, 4), "北");
	assert_int_equal(utf8_count_chars(utf8_fit("北京市委", 5, b, sizeof(b))), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counts_characters_not_bytes),
		cmocka_unit_test(refuses_what_is_not_utf8),
		cmocka_unit_test(strict_validation),
		cmocka_unit_test(fits_display_columns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
