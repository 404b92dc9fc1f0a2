/*
 * test-http-reply.c - error bodies of the HTTP layer (http/reply.c): the
 * status mapping of the limits before authentication, and bodies that are
 * valid UTF-8 JSON whatever bytes the message holds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "core/utf8.h"
#include "http/reply.h"
#include "http/request.h"

static void unavailable_is_503(void **state)
{
	const char *code;

	(void)state;
	assert_int_equal(reply_http_status(ST_HTTP_UNAVAILABLE, &code), 503);
	assert_string_equal(code, "unavailable");
	assert_int_equal(reply_http_status(ST_HTTP_BAD_REQUEST, &code), 400);
}

static void error_body_is_utf8_json(void **state)
{
	struct reply r;
	json_error_t jerr;
	json_t *j;

	(void)state;
	reply_init(&r);
	/* a character cut at the end, a stray byte, an overlong '/', a field
	 * that is not UTF-8 */
	reply_error(&r, ST_INVALID, "f\xff", "王\xe7\x8e x\x80y \xc0\xaf end\xe7", "rid");
	assert_int_equal(r.http, 422);
	assert_true(utf8_valid(r.body, r.len));
	j = json_loadb(r.body, r.len, 0, &jerr);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"),
							      "message")),
			    "王\xef\xbf\xbd\xef\xbf\xbd x\xef\xbf\xbdy \xef\xbf\xbd\xef\xbf\xbd end\xef\xbf\xbd");
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"),
							      "field")),
			    "f\xef\xbf\xbd");
	json_decref(j);
	reply_release(&r);
	/* plain text passes unchanged */
	reply_error(&r, ST_INVALID, "name", "name is longer than 30 characters", "rid");
	assert_non_null(strstr(r.body, "\"message\":\"name is longer than 30 characters\""));
	reply_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unavailable_is_503),
		cmocka_unit_test(error_body_is_utf8_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
