/*
 * test-profile.c - bulletin profiles (gen/profile.c): the built-in years,
 * fallback of null and missing fields to 2023, and errors naming the field.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/error.h"
#include "gen/profile.h"

static void builtin_2023(void **state)
{
	struct profile p;
	struct error err = ERROR_INIT;

	(void)state;
	assert_int_equal(profile_builtin(2023, &p, &err), ST_OK);
	assert_int_equal(p.year, 2023);
	assert_true(p.members == 9918.5);
	assert_true(p.new_members == 240.8);
	assert_true(p.orgs_branches == 455.4);
	assert_true(p.age[7] == 2787.2);
	assert_true(p.joined[0] == 6.8);
	assert_true(p.occupation[7] == 2064.4);
	assert_true(p.nm_age35 == 198.3);
	assert_true(p.nm_occupation[5] == 91.9);
	assert_true(p.nm_occupation[7] == 0);
	assert_true(p.applicants == 2098);
	assert_true(p.orgs_agencies == 77.1);
}

static void builtin_2022_falls_back(void **state)
{
	struct profile p;
	struct error err = ERROR_INIT;

	(void)state;
	assert_int_equal(profile_builtin(2022, &p, &err), ST_OK);
	assert_true(p.members == 9804.1);
	assert_true(p.women == 2930.2);
	/* null in 2022: the 2023 shares of the 2022 wholes */
	assert_true(fabs(p.applicants - 2098 / 9918.5 * 9804.1) < 1e-9);
	assert_true(fabs(p.activists - 1054.7 / 9918.5 * 9804.1) < 1e-9);
	/* missing in 2022: a share of the 2022 grassroots total */
	assert_true(fabs(p.orgs_social - 18.3 / 517.6 * 506.5) < 1e-9);
	assert_true(profile_has_year(2022));
	assert_false(profile_has_year(2019));
	assert_int_equal(profile_builtin(2019, &p, &err), ST_NOT_FOUND);
	assert_string_equal(err.field, "year");
}

static void file_fields_override_and_null_falls_back(void **state)
{
	struct profile p;
	struct error err = ERROR_INIT;
	const char *text = "{\"women\": null, \"new_members_in_year\": 245,"
			   " \"new_members\": {\"women\": 120, \"occupation\": {\"students\": null}},"
			   " \"applicants\": 2000, \"about\": \"ignored\"}";

	(void)state;
	assert_int_equal(profile_parse(text, 2024, &p, &err), ST_OK);
	assert_int_equal(p.year, 2024);
	assert_true(p.women == 3018.5);
	assert_true(p.new_members == 245);
	assert_true(p.nm_women == 120);
	/* the end-2023 share of the new total; the other occupations too, so
	 * that they still sum to new_members_in_year */
	assert_true(fabs(p.nm_occupation[5] - 91.9 / 240.8 * 245) < 1e-9);
	assert_true(fabs(p.nm_occupation[0] - 15.8 / 240.8 * 245) < 1e-9);
	assert_true(p.applicants == 2000);
	assert_true(p.members == 9918.5);
	/* an empty object is the 2023 profile */
	assert_int_equal(profile_parse("{}", 2023, &p, &err), ST_OK);
	assert_true(p.college == 5578.6);
}

static void expect_error(const char *text, const char *field)
{
	struct profile p;
	struct error err = ERROR_INIT;

	assert_int_equal(profile_parse(text, 2023, &p, &err), ST_INVALID);
	assert_string_equal(err.field, field);
	assert_non_null(strstr(err.message, field));
}

static void errors_name_the_field(void **state)
{
	struct profile p;
	struct error err = ERROR_INIT;

	(void)state;
	expect_error("{\"women\": \"many\"}", "women");
	expect_error("{\"age\": {\"<=30\": -1}}", "age.<=30");
	expect_error("{\"membres\": 9000}", "membres");
	expect_error("{\"age\": {\"<=29\": 1}}", "age.<=29");
	expect_error("{\"new_members\": {\"occupation\": {\"workers\": true}}}",
		     "new_members.occupation.workers");
	/* totals that do not add up */
	expect_error("{\"members\": 5000, \"age\": {\"<=30\": 1241.2}}", "age");
	expect_error("{\"applicants\": 1000, \"activists\": 1001}", "activists");
	expect_error("{\"women\": 99999}", "women");
	/* not JSON, not an object */
	assert_int_equal(profile_parse("{\"women\": ", 2023, &p, &err), ST_INVALID);
	error_clear(&err);
	assert_int_equal(profile_parse("[1, 2]", 2023, &p, &err), ST_INVALID);
	error_clear(&err);
	assert_int_equal(profile_parse("{\"women\": 1, \"women\": 2}", 2023, &p, &err),
			 ST_INVALID);
	error_clear(&err);
	assert_int_equal(profile_load("/nonexistent/profile.json", 2023, &p, &err), ST_IO);
}

/* The built-in copy is data/bulletins.json of the source tree. */
static void builtin_matches_data_file(void **state)
{
	const char *top = getenv("ORGWORK_TOP");
	char path[4096];
	json_error_t je;
	json_t *file, *builtin;

	(void)state;
	snprintf(path, sizeof(path), "%s/data/bulletins.json", top ? top : "..");
	file = json_load_file(path, 0, &je);
	if (!file && !top) {
		snprintf(path, sizeof(path), "data/bulletins.json");
		file = json_load_file(path, 0, &je);
	}
	assert_non_null(file);
	builtin = json_loads(profile_builtin_json(), 0, &je);
	assert_non_null(builtin);
	assert_true(json_equal(file, builtin));
	json_decref(file);
	json_decref(builtin);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(builtin_2023),
		cmocka_unit_test(builtin_2022_falls_back),
		cmocka_unit_test(file_fields_override_and_null_falls_back),
		cmocka_unit_test(errors_name_the_field),
		cmocka_unit_test(builtin_matches_data_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
