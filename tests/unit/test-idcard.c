/*
 * test-idcard.c - citizen ID numbers (model/idcard.c).
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
#include "core/error.h"
#include "model/codes.h"
#include "model/idcard.h"

static int setup_today(void **state)
{
	(void)state;
	setenv("ORGWORK_TODAY", "2026-11-25", 1);
	return 0;
}

/* Accepts text and checks the derived fields. */
static void expect_valid(const char *text, const char *normalized,
			 int y, int m, int d, int sex)
{
	struct idcard_info info;
	char reason[256] = "untouched";
	int rc = idcard_check(text, &info, reason, sizeof(reason));
	if (rc != ST_OK) {
		print_error("'%s' rejected: %s\n", text, reason);
		fail();
	}
	assert_string_equal(reason, "");
	assert_string_equal(info.normalized, normalized);
	assert_int_equal(strlen(info.normalized), 18);
	assert_int_equal(info.birth_date, date_from_ymd(y, m, d));
	assert_int_equal(info.sex, sex);
	assert_memory_equal(info.region, normalized, 6);
	assert_int_equal(strlen(info.region), 6);
}

/* Rejects text with a reason containing `part`. */
static void expect_invalid(const char *text, const char *part)
{
	struct idcard_info info;
	char reason[256] = "";
	int rc = idcard_check(text, &info, reason, sizeof(reason));
	if (rc != ST_INVALID || !strstr(reason, part)) {
		print_error("'%s': rc %d reason '%s', wanted ST_INVALID with '%s'\n",
			    text, rc, reason, part);
		fail();
	}
	assert_null(strchr(reason, '\n'));
}

static void published_vectors(void **state)
{
	(void)state;
	expect_valid("11010519491231002X", "11010519491231002X", 1949, 12, 31, SEX_FEMALE);
	expect_valid("440524188001010014", "440524188001010014", 1880, 1, 1, SEX_MALE);
	expect_valid("34052419800101001X", "34052419800101001X", 1980, 1, 1, SEX_MALE);
	/* lower-case x and surrounding spaces */
	expect_valid("11010519491231002x", "11010519491231002X", 1949, 12, 31, SEX_FEMALE);
	expect_valid("  11010519491231002X\t", "11010519491231002X", 1949, 12, 31, SEX_FEMALE);
	expect_valid("\xe3\x80\x80" "11010519491231002X" "\xe3\x80\x80",
		     "11010519491231002X", 1949, 12, 31, SEX_FEMALE);
	/* info and reason are optional */
	assert_int_equal(idcard_check("11010519491231002X", NULL, NULL, 0), ST_OK);
	assert_int_equal(idcard_check("11010519491231002Y", NULL, NULL, 0), ST_INVALID);
}

static void fifteen_digit_form(void **state)
{
	(void)state;
	expect_valid("110105491231002", "11010519491231002X", 1949, 12, 31, SEX_FEMALE);
	expect_valid("440524800101001", "440524198001010013", 1980, 1, 1, SEX_MALE);
	/* the 15-digit form has no check character, so no X */
	expect_invalid("11010549123100X", "character 15 is 'X', expected a digit");
	expect_invalid("110105490230002", "birth date 19490230 is not a real date");
}

static void each_error_class(void **state)
{
	(void)state;
	/* wrong check character names the expected one */
	expect_invalid("110105194912310023", "check character is 3, expected X");
	expect_invalid("440524188001010015", "check character is 5, expected 4");
	/* wrong length */
	expect_invalid("11010519491231002", "17 characters");
	expect_invalid("1101051949123100211", "19 characters");
	expect_invalid("", "empty");
	expect_invalid("   ", "empty");
	expect_invalid(NULL, "empty");
	/* letters and other characters */
	expect_invalid("1101A519491231002X", "character 5 is 'A', expected a digit");
	expect_invalid("11010519491231002Y", "character 18 is 'Y', expected a digit or X");
	expect_invalid("X10105194912310020", "character 1 is 'X'");
	expect_invalid("110105 9491231002X", "character 7 is a control character or space");
	/* a full-width digit counts as one character */
	expect_invalid("11010519491231002\xef\xbc\x98", "character 18 is '\xef\xbc\x98'");
	expect_invalid("\xef\xbc\x91" "1010519491231002X", "character 1 is");
	/* bytes that are not UTF-8 (a GB18030 digit, a cut sequence) */
	expect_invalid("11010519491231002\xa3\xb8", "not valid UTF-8");
	expect_invalid("1101051949123100\xef\xbc", "not valid UTF-8");
	/* impossible birth dates (check characters made correct) */
	char id[19];
	memcpy(id, "34052419800230001", 17);
	id[17] = idcard_check_char(id);
	id[18] = '\0';
	expect_invalid(id, "birth date 19800230 is not a real date");
	memcpy(id, "34052419811301001", 17);
	id[17] = idcard_check_char(id);
	expect_invalid(id, "birth date 19811301 is not a real date");
	memcpy(id, "34052419810100001", 17);
	id[17] = idcard_check_char(id);
	expect_invalid(id, "is not a real date");
	memcpy(id, "34052420000229001", 17); /* 2000 is a leap year */
	id[17] = idcard_check_char(id);
	expect_valid(id, id, 2000, 2, 29, SEX_MALE);
	memcpy(id, "34052419000229001", 17); /* 1900 is not */
	id[17] = idcard_check_char(id);
	expect_invalid(id, "birth date 19000229 is not a real date");
	/* too old */
	memcpy(id, "44052418791231001", 17);
	id[17] = idcard_check_char(id);
	expect_invalid(id, "birth date 1879-12-31 is before 1880-01-01");
	/* in the future (today is 2026-11-25 here) */
	memcpy(id, "11010520261126002", 17);
	id[17] = idcard_check_char(id);
	expect_invalid(id, "birth date 2026-11-26 is after today (2026-11-25)");
	memcpy(id, "11010520261125002", 17);
	id[17] = idcard_check_char(id);
	expect_valid(id, id, 2026, 11, 25, SEX_FEMALE);
	/* province prefix */
	memcpy(id, "99010519491231002", 17);
	id[17] = idcard_check_char(id);
	expect_invalid(id, "region 990105 does not start with a province code");
	memcpy(id, "10010519491231002", 17);
	id[17] = idcard_check_char(id);
	expect_invalid(id, "province code");
	memcpy(id, "91010519491231002", 17);
	id[17] = idcard_check_char(id);
	expect_invalid(id, "province code");
	memcpy(id, "83000019491231002", 17); /* Taiwan residents' permits */
	id[17] = idcard_check_char(id);
	expect_valid(id, id, 1949, 12, 31, SEX_FEMALE);
	memcpy(id, "65010219491231003", 17);
	id[17] = idcard_check_char(id);
	expect_valid(id, id, 1949, 12, 31, SEX_MALE);
}

static void reason_truncated_safely(void **state)
{
	(void)state;
	char reason[8];
	memset(reason, 'z', sizeof(reason));
	assert_int_equal(idcard_check("110105194912310023", NULL, reason, sizeof(reason)),
			 ST_INVALID);
	assert_int_equal(strlen(reason), sizeof(reason) - 1);
	assert_memory_equal(reason, "check c", 7);
}

/*
 * Independent computation: ISO 7064 MOD 11-2, weights 2^(17-i) mod 11 computed
 * here, check value (12 - sum mod 11) mod 11 with 10 written X.
 */
static char reference_check_char(const char *d17)
{
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		int w = 1;
		for (int k = 0; k < 17 - i; k++)
			w = w * 2 % 11;
		sum += (d17[i] - '0') * w;
	}
	int v = (12 - sum % 11) % 11;
	return v == 10 ? 'X' : (char)('0' + v);
}

static void check_char_random(void **state)
{
	(void)state;
	unsigned long long x = 88172645463325252ULL;
	int seen[11] = { 0 };
	char d[18];
	for (int n = 0; n < 100000; n++) {
		for (int i = 0; i < 17; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			d[i] = (char)('0' + (int)(x % 10));
		}
		d[17] = '\0';
		char c = idcard_check_char(d);
		assert_int_equal(c, reference_check_char(d));
		seen[c == 'X' ? 10 : c - '0']++;
	}
	for (int i = 0; i < 11; i++)
		assert_true(seen[i] > 0);
	assert_int_equal(idcard_check_char("11010519491231002"), 'X');
	assert_int_equal(idcard_check_char("44052418800101001"), '4');
	assert_int_equal(idcard_check_char("34052419800101001"), 'X');
	assert_int_equal(idcard_check_char("1101051949123100A"), '?');
}

static void any_altered_digit_is_caught(void **state)
{
	(void)state;
	/* GB 11643 detects every single-digit substitution. */
	const char *good = "34052419800101001X";
	char id[19];
	for (int pos = 0; pos < 17; pos++)
		for (char c = '0'; c <= '9'; c++) {
			if (c == good[pos])
				continue;
			memcpy(id, good, 19);
			id[pos] = c;
			assert_int_equal(idcard_check(id, NULL, NULL, 0), ST_INVALID);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(published_vectors),
		cmocka_unit_test(fifteen_digit_form),
		cmocka_unit_test(each_error_class),
		cmocka_unit_test(reason_truncated_safely),
		cmocka_unit_test(check_char_random),
		cmocka_unit_test(any_altered_digit_is_caught),
	};
	return cmocka_run_group_tests(tests, setup_today, NULL);
}
