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

static void test_units(void **state)
{
	struct error err = ERROR_INIT;
	int m = 0, d = 0;

	(void)state;
	/* a day of the year */
	assert_int_equal(rules_monthday("01-31", &m, &d), 0);
	assert_int_equal(m, 1);
	assert_int_equal(d, 31);
	assert_int_equal(rules_monthday("02-29", &m, &d), 0);
	assert_int_equal(rules_monthday("02-30", &m, &d), -1);
	assert_int_equal(rules_monthday("04-31", &m, &d), -1);
	assert_int_equal(rules_monthday("13-01", &m, &d), -1);
	assert_int_equal(rules_monthday("00-10", &m, &d), -1);
	assert_int_equal(rules_monthday("1-31", &m, &d), -1);
	assert_int_equal(rules_monthday("01/31", &m, &d), -1);
	assert_int_equal(rules_monthday("2024-01-31", &m, &d), -1);
	assert_int_equal(rules_check_value(RULE_CADRE_REPORT_DUE, "03-15", NULL), ST_OK);
	assert_int_equal(rules_check_value(RULE_CADRE_REPORT_DUE, "02-30", &err), ST_INVALID);
	assert_string_equal(err.field, "value");
	assert_string_equal(error_code(&err), "rule_value_monthday");
	assert_non_null(strstr(err.message, RULE_CADRE_REPORT_DUE));
	error_clear(&err);
	/* each whole-number unit of the catalogue, at its bounds */
	assert_int_equal(rules_check_value(RULE_DUES_SALARIED_RATE_1, "1000", NULL), ST_OK);
	assert_int_equal(rules_check_value(RULE_DUES_SALARIED_RATE_1, "1001", &err), ST_INVALID);
	assert_string_equal(error_code(&err), "out_of_range");
	assert_string_equal(err.params[1].value, "1000");
	error_clear(&err);
	assert_int_equal(rules_check_value(RULE_DUES_SALARIED_BOUND_1, "99999999", NULL), ST_OK);
	assert_int_equal(rules_check_value(RULE_DUES_SALARIED_BOUND_1, "100000000", NULL),
			 ST_INVALID);
	assert_int_equal(rules_check_value(RULE_DUES_SALARIED_BOUND_1, "3000.50", NULL),
			 ST_INVALID);
	assert_int_equal(rules_check_value(RULE_CADRE_NOTICE_WORKDAYS, "9999", NULL), ST_OK);
	assert_int_equal(rules_check_value(RULE_CADRE_NOTICE_WORKDAYS, "10000", NULL), ST_INVALID);
	assert_int_equal(rules_check_value(RULE_LIFE_BRANCH_MEETING, "0", NULL), ST_OK);
	assert_int_equal(rules_check_value(RULE_LIFE_BRANCH_MEETING, "-3", NULL), ST_INVALID);
	assert_int_equal(rules_check_value(RULE_CADRE_TRAINING_OTHER, "1e2", NULL), ST_INVALID);
	assert_int_equal(rules_check_value(RULE_BRANCH_MIN_FULL, " 3", NULL), ST_INVALID);
}

static void test_catalogue(void **state)
{
	static const char *const units[] = { "years", "months", "days", "workdays", "hours",
					     "count", "fen", "permille", "date", "monthday",
					     "flag", "kinds" };
	static const struct {
		const char *key, *value, *unit;
	} expect[] = {
		{ RULE_LIFE_BRANCH_MEETING, "3", "months" },
		{ RULE_LIFE_COMMITTEE_MEETING, "1", "months" },
		{ RULE_LIFE_GROUP_MEETING, "1", "months" },
		{ RULE_LIFE_PARTY_LESSON, "3", "months" },
		{ RULE_LIFE_THEME_DAY, "1", "months" },
		{ RULE_LIFE_ORG_LIFE_MEETING, "12", "months" },
		{ RULE_LIFE_APPRAISAL, "12", "months" },
		{ RULE_LIFE_EXCELLENT_MAX, "333", "permille" },
		{ RULE_TERM_SHIFT_MAX, "1", "years" },
		{ RULE_BRANCH_MIN_FULL, "3", "count" },
		{ RULE_BRANCH_USUAL_MAX, "50", "count" },
		{ RULE_COMMITTEE_MIN_FULL, "7", "count" },
		{ RULE_COMMITTEE_MIN_SIZE, "3", "count" },
		{ RULE_COMMITTEE_USUAL_SIZE, "5", "count" },
		{ RULE_COMMITTEE_MAX_SIZE, "7", "count" },
		{ RULE_JOINT_BRANCH_MAX_UNITS, "5", "count" },
		{ RULE_TEMPORARY_WORK_MONTHS, "6", "months" },
		{ RULE_DIFFERENTIAL_PERMILLE, "200", "permille" },
		{ RULE_DUES_SALARIED_BOUND_1, "300000", "fen" },
		{ RULE_DUES_SALARIED_BOUND_2, "500000", "fen" },
		{ RULE_DUES_SALARIED_BOUND_3, "1000000", "fen" },
		{ RULE_DUES_SALARIED_RATE_1, "5", "permille" },
		{ RULE_DUES_SALARIED_RATE_2, "10", "permille" },
		{ RULE_DUES_SALARIED_RATE_3, "15", "permille" },
		{ RULE_DUES_SALARIED_RATE_4, "20", "permille" },
		{ RULE_DUES_RETIRED_BOUND_1, "500000", "fen" },
		{ RULE_DUES_RETIRED_RATE_1, "5", "permille" },
		{ RULE_DUES_RETIRED_RATE_2, "10", "permille" },
		{ RULE_DUES_FIXED_FEN, "20", "fen" },
		{ RULE_DUES_FARMER_MIN_FEN, "20", "fen" },
		{ RULE_DUES_FARMER_MAX_FEN, "100", "fen" },
		{ RULE_SELF_WITHDRAWAL_MONTHS, "6", "months" },
		{ RULE_TRANSFER_LETTER_MONTHS, "3", "months" },
		{ RULE_TRANSFER_FORMAL_MONTHS, "6", "months" },
		{ RULE_CADRE_NOTICE_WORKDAYS, "5", "workdays" },
		{ RULE_CADRE_PROBATION_YEARS, "1", "years" },
		{ RULE_CADRE_DEPUTY_TO_PRINCIPAL, "2", "years" },
		{ RULE_CADRE_PRINCIPAL_TO_UPPER, "3", "years" },
		{ RULE_CADRE_REPORT_DUE, "01-31", "monthday" },
		{ RULE_CADRE_REPORT_CHECK, "100", "permille" },
		{ RULE_CADRE_TRAINING_LEADER, "550", "hours" },
		{ RULE_CADRE_TRAINING_OTHER, "90", "hours" },
	};

	(void)state;
	for (size_t i = 0; i < nr_rule_defaults; i++) {
		int known = 0;
		for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++)
			known |= !strcmp(units[u], rule_defaults[i].unit);
		assert_true(known);
	}
	for (size_t i = 0; i < sizeof(expect) / sizeof(expect[0]); i++) {
		const struct rule_def *r = rules_default(expect[i].key, D("2024-06-30"));
		assert_non_null(r);
		assert_string_equal(r->value, expect[i].value);
		assert_string_equal(r->unit, expect[i].unit);
	}
	/* the dues brackets rise, and apply from the 2008 provisions on */
	assert_true(rules_number("fen", rules_find(RULE_DUES_SALARIED_BOUND_1)->value) <
		    rules_number("fen", rules_find(RULE_DUES_SALARIED_BOUND_2)->value));
	assert_true(rules_number("fen", rules_find(RULE_DUES_SALARIED_BOUND_2)->value) <
		    rules_number("fen", rules_find(RULE_DUES_SALARIED_BOUND_3)->value));
	assert_null(rules_default(RULE_DUES_SALARIED_RATE_1, D("2008-03-31")));
	assert_non_null(rules_default(RULE_DUES_SALARIED_RATE_1, D("2008-04-01")));
	/* a rule restated by a later regulation names the later one from its day */
	assert_non_null(strstr(rules_default(RULE_TERM_SHIFT_MAX, D("2020-07-12"))->source, "1990"));
	assert_non_null(strstr(rules_default(RULE_TERM_SHIFT_MAX, D("2020-07-13"))->source, "2020"));
	assert_null(rules_default(RULE_CADRE_REPORT_DUE, D("2017-02-07")));
}

/* Every shipped rule cites its source in Chinese too, for the zh-CN UI. */
static void test_sources_in_chinese(void **state)
{
	(void)state;
	for (size_t i = 0; i < nr_rule_defaults; i++) {
		if (!rule_defaults[i].source_zh || !strstr(rule_defaults[i].source_zh, "\xe3\x80\x8a")) {
			/* 《 opens a regulation's title; practice rules name it in words */
			assert_non_null(rule_defaults[i].source_zh);
			assert_true(strlen(rule_defaults[i].source_zh) > 6);
		}
		assert_ptr_equal(rules_source_zh(rule_defaults[i].key, rule_defaults[i].source),
				 rule_defaults[i].source_zh);
	}
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
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_catalogue),
		cmocka_unit_test(test_sources_in_chinese),
		cmocka_unit_test(test_kind_lists),
		cmocka_unit_test(test_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
