/*
 * test-error-codes.c - the error record (core/error.c) and its JSON body
 * (http/reply.c): codes and params, all field errors of a form collected
 * at once, params and rules applying only to what was just recorded,
 * error_pass keeping everything, and the body's shape.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "core/error.h"
#include "http/reply.h"

static void collects_all_field_errors(void **state)
{
	struct error *e = malloc(sizeof(*e));

	(void)state;
	error_clear(e);
	error_add(e, ST_INVALID, "sex", "invalid_choice", "sex must be male (1) or female (2)");
	error_add(e, ST_INVALID, "id_number", "id_number_check_digit", "check character is 7, expected 1");
	error_param(e, "expected", "%c", '1');
	error_add(e, ST_INVALID, "phone", "invalid_phone", "bad phone");
	assert_int_equal(e->status, ST_INVALID);
	assert_string_equal(e->code, "invalid_choice");          /* the first is the record */
	assert_string_equal(e->field, "sex");
	assert_int_equal(e->nr_params, 0);                       /* the param went to item 2 only */
	assert_int_equal(e->nr_items, 3);
	assert_string_equal(e->items[1].code, "id_number_check_digit");
	assert_int_equal(e->items[1].nr_params, 1);
	assert_string_equal(e->items[1].params[0].value, "1");
	free(e);
}

static void first_failure_wins_and_params_follow_it(void **state)
{
	struct error e = ERROR_INIT;

	(void)state;
	error_setc(&e, ST_NOT_FOUND, "org", "not_found", "no organization 9");
	error_param(&e, "id", "%d", 9);
	error_setc(&e, ST_INVALID, "x", "required", "later");
	error_param(&e, "id", "%d", 10);                         /* nothing recorded: ignored */
	error_rule(&e, "structure.parents.branch", "src");       /* ignored too */
	assert_string_equal(e.code, "not_found");
	assert_int_equal(e.nr_params, 1);
	assert_string_equal(e.params[0].value, "9");
	assert_string_equal(e.rule, "");
	assert_string_equal(error_code(&e), "not_found");
}

static void status_code_without_own_code(void **state)
{
	struct error e = ERROR_INIT, to = ERROR_INIT;

	(void)state;
	error_set(&e, ST_CONFLICT, NULL, "taken");
	assert_string_equal(error_code(&e), "conflict");
	error_clear(&e);
	error_setc(&e, ST_INVALID, "parent", "structure_parent", "refused");
	error_rule(&e, "structure.parents.branch", "Regulations");
	error_pass(&to, ST_INVALID, &e);
	assert_string_equal(to.code, "structure_parent");
	assert_string_equal(to.rule, "structure.parents.branch");
	assert_string_equal(to.source, "Regulations");
}

static void body_has_the_shape(void **state)
{
	struct error *e = malloc(sizeof(*e));
	struct reply r;
	json_error_t jerr;
	json_t *j, *er;

	(void)state;
	error_clear(e);
	error_add(e, ST_INVALID, "name", "required", "name is required");
	error_add(e, ST_INVALID, "name2", "too_long", "too long");
	error_param(e, "max", "%d", 30);
	reply_init(&r);
	reply_error_record(&r, ST_INVALID, e, "rid");
	assert_int_equal(r.http, 422);
	j = json_loadb(r.body, r.len, 0, &jerr);
	assert_non_null(j);
	er = json_object_get(j, "error");
	assert_string_equal(json_string_value(json_object_get(er, "code")), "required");
	assert_true(json_is_object(json_object_get(er, "params")));
	assert_true(json_is_null(json_object_get(er, "rule")));
	assert_true(json_is_null(json_object_get(er, "source")));
	assert_int_equal(json_array_size(json_object_get(er, "errors")), 2);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
		json_array_get(json_object_get(er, "errors"), 1), "params"), "max")), "30");
	json_decref(j);
	reply_release(&r);

	/* a 500 says nothing but the request id */
	error_clear(e);
	error_setc(e, ST_DB, "x", "secret", "disk details");
	reply_init(&r);
	reply_error_record(&r, ST_DB, e, "rid");
	assert_int_equal(r.http, 500);
	assert_null(strstr(r.body, "secret"));
	assert_null(strstr(r.body, "disk"));
	reply_release(&r);
	free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(collects_all_field_errors),
		cmocka_unit_test(first_failure_wins_and_params_follow_it),
		cmocka_unit_test(status_code_without_own_code),
		cmocka_unit_test(body_has_the_shape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
