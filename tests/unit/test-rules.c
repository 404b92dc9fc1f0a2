/*
 * test-rules.c - the catalogue's defaults (model/rules.c): the version in
 * force by day, the term rule of a kind and sector, value checks, kind
 * lists, and that every key has a source and a parsable first day.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/date.h"
#include "core/error.h"
#include "model/codes.h"
#include "model/rules.h"

static int D(const char *s)
{
	int d;

	assert_int_equal(date_parse(s, &d), ST_OK);
	return d;
}

static void test_versions_by_day(void **state)
{
	const struct rule_def *r;

	(void)state;
	r = rules_default(RULE_TERM_VILLAGE_COMMUNITY, D("2016-05-01"));
	assert_non_null(r);
	assert_string_equal(r->value, "3");
	r = rules_default(RULE_TERM_VILLAGE_COMMUNITY, D("2018-07-11"));
	assert_string_equal(r->value, "3");
	r = rules_default(RULE_TERM_VILLAGE_COMMUNITY, D("2018-07-12"));
	assert_string_equal(r->value, "5");
	assert_string_equal(r->applies_from, "2018-07-12");
	assert_null(rules_default(RULE_MEDAL_PARTY_YEARS, D("2020-12-31")));
	assert_string_equal(rules_default(RULE_MEDAL_PARTY_YEARS, D("2024-07-01"))->value, "50");
	assert_null(rules_default("no.such.rule", D("2024-01-01")));
}

static void test_term_keys(void **state)
{
	(void)state;
	assert_string_equal(rules_term_key(ORG_COMMITTEE, SECTOR_AGENCY), RULE_TERM_COMMITTEE);
	assert_string_equal(rules_term_key(ORG_COMMITTEE, SECTOR_RURAL), RULE_TERM_COMMITTEE);
	assert_string_equal(rules_term_key(ORG_GENERAL_BRANCH, SECTOR_SOE), RULE_TERM_BRANCH);
	assert_string_equal(rules_term_key(ORG_BRANCH, SECTOR_UNIVERSITY), RULE_TERM_BRANCH);
	assert_string_equal(rules_term_key(ORG_BRANCH, SECTOR_RURAL), RULE_TERM_VILLAGE_COMMUNITY);
	assert_string_equal(rules_term_key(ORG_GENERAL_BRANCH, SECTOR_COMMUNITY),
			    RULE_TERM_VILLAGE_COMMUNITY);
	assert_null(rules_term_key(ORG_LEADING_GROUP, SECTOR_AGENCY));
	assert_null(rules_term_key(ORG_PARTY_GROUP, SECTOR_RURAL));
	assert_null(rules_term_key(ORG_TEMPORARY, SECTOR_OTHER));
}

static void test_values(void **state)
{
	struct error err = ERROR_INIT;

	(void)state;
	assert_int_equal(rules_check_value(RULE_TERM_BRANCH, "4", NULL), ST_OK);
	assert_int_equal(rules_check_value(RULE_TERM_BRANCH, "four", &err), ST_INVALID);
	assert_string_equal(err.field, "value");
	assert_non_null(strstr(err.message, RULE_TERM_BRANCH));
	assert_string_equal(error_code(&err), "out_of_range");
	assert_string_equal(err.params[1].key, "max");
	assert_string_equal(err.params[1].value, "99");
	error_clear(&err);
	assert_int_equal(rules_check_value(RULE_LEVEL_ORDER, "maybe", &err), ST_INVALID);
	assert_string_equal(error_code(&err), "rule_value_flag");
	error_clear(&err);
	assert_int_equal(rules_check_value(RULE_MEMBER_KINDS, "branch,club", &err), ST_INVALID);
	assert_string_equal(error_code(&err), "rule_value_kinds");
	error_clear(&err);
	assert_int_equal(rules_check_value(RULE_TERM_BRANCH, "100", NULL), ST_INVALID);
	assert_int_equal(rules_check_value(RULE_TERM_BRANCH, "-1", NULL), ST_INVALID);
	assert_int_equal(rules_check_value(RULE_LEVEL_ORDER, "no", NULL), ST_OK);
	assert_int_equal(rules_check_value(RULE_LEVEL_ORDER, "maybe", NULL), ST_INVALID);
	assert_int_equal(rules_check_value(RULE_MEMBER_KINDS, "branch,committee", NULL), ST_OK);
	assert_int_equal(rules_check_value(RULE_MEMBER_KINDS, "", NULL), ST_OK);
	assert_int_equal(rules_check_value(RULE_MEMBER_KINDS, "branch,", NULL), ST_INVALID);
	assert_int_equal(rules_check_value(RULE_MEMBER_KINDS, "branch,club", NULL), ST_INVALID);
	error_clear(&err);
	assert_int_equal(rules_check_value("no.such", "1", &err), ST_NOT_FOUND);
	assert_string_equal(err.field, "key");
	assert_string_equal(error_code(&err), "unknown_rule");
	assert_string_equal(err.params[0].value, "no.such");
	assert_int_equal(rules_int("50"), 50);
	assert_int_equal(rules_int("5x"), -1);
}

static void test_numbers(void **state)
{
	(void)state;
	assert_int_equal(rules_number("workdays", "5"), 5);
	assert_int_equal(rules_number("months", "9999"), 9999);
	assert_int_equal(rules_number("months", "10000"), -1);
	assert_int_equal(rules_number("fen", "99999999"), 99999999);
	assert_int_equal(rules_number("permille", "1001"), -1);
	assert_int_equal(rules_number("days", "-1"), -1);
	assert_int_equal(rules_number("days", "1.5"), -1);
	assert_int_equal(rules_number("days", ""), -1);
	assert_int_equal(rules_number("kinds", "3"), -1);
	assert_true(rules_unit_is_number("hours"));
	assert_false(rules_unit_is_number("date"));
	assert_false(rules_unit_is_number("flag"));
}

static void test_kind_lists(void **state)
{
	(void)state;
	assert_true(rules_kinds_has("committee,general_branch", ORG_GENERAL_BRANCH));
	assert_true(rules_kinds_has("committee,general_branch", ORG_COMMITTEE));
	/* a prefix of a key is not the key */
	assert_false(rules_kinds_has("general_branch", ORG_BRANCH));
	assert_false(rules_kinds_has("", ORG_BRANCH));
	/* the defaults: no kind sits under a leading party group or a party group */
	for (size_t i = 0; i < nr_rule_defaults; i++)
		if (!strncmp(rule_defaults[i].key, RULE_PARENTS_PREFIX, strlen(RULE_PARENTS_PREFIX))) {
			assert_false(rules_kinds_has(rule_defaults[i].value, ORG_LEADING_GROUP));
			assert_false(rules_kinds_has(rule_defaults[i].value, ORG_PARTY_GROUP));
		}
	assert_false(rules_kinds_has(rules_find(RULE_MEMBER_KINDS)->value, ORG_LEADING_GROUP));
	assert_false(rules_kinds_has(rules_find(RULE_MEMBER_KINDS)->value, ORG_TEMPORARY));
}

static void test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < nr_rule_defaults; i++) {
		const struct rule_def *r = &rule_defaults[i];
		int d;
		assert_true(strlen(r->source) > 10);
		assert_int_equal(date_parse(r->applies_from, &d), ST_OK);
		assert_int_equal(rules_check_value(r->key, r->value, NULL), ST_OK);
		/* versions of a key are adjacent and in date order */
		if (i && !strcmp(rule_defaults[i - 1].key, r->key))
			assert_true(strcmp(rule_defaults[i - 1].applies_from, r->applies_from) < 0);
		for (size_t j = 0; j + 1 < i; j++)
			if (!strcmp(rule_defaults[j].key, r->key))
				assert_string_equal(rule_defaults[j + 1].key, r->key);
	}
	/* one parents rule per kind */
	for (size_t k = 0; k < code_org_kind.n; k++) {
		char key[RULE_KEY_SIZE];
		snprintf(key, sizeof(key), RULE_PARENTS_PREFIX "%s", code_org_kind.entries[k].key);
		assert_non_null(rules_find(key));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_versions_by_day),
		cmocka_unit_test(test_term_keys),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_kind_lists),
		cmocka_unit_test(test_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
