/*
 * fuzz-json-body.c - libFuzzer target: the checking of JSON request bodies
 * (api_body of api/api-util.c: jansson's parser with duplicate keys
 * refused, then the field table) and the value readers the handlers use
 * on what it accepts (api_str, api_date, api_id), on arbitrary bytes.
 *
 * The first byte picks one of the API's field tables (a copy of the
 * shapes of the person, organization, change and login bodies; the
 * handlers' own tables are reached by fuzz-request). Properties: no
 * crash; a refusal sets a 400 or 422 status with a message; an accepted
 * body is an object whose keys are all in the table, with the declared
 * types, every required key present, and its compact encoding parses back
 * to an equal value.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/date.h"
#include "core/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct field_spec person_spec[] = {
	{ "name", F_STRING, 0 }, { "sex", F_STRING, 0 }, { "birth_date", F_STRING, 0 },
	{ "org_id", F_INT, 0 }, { "flags", F_ARRAY, 0 }, { "reference", F_STRING, 0 },
	{ NULL, 0, 0 },
};
static const struct field_spec org_spec[] = {
	{ "code", F_STRING, 1 }, { "name", F_STRING, 1 }, { "parent_id", F_INT, 1 },
	{ "established", F_STRING, 0 }, { "term_years", F_INT, 0 }, { NULL, 0, 0 },
};
static const struct field_spec change_spec[] = {
	{ "into", F_INT, 1 }, { "date", F_STRING, 0 }, { "reference", F_STRING, 0 },
	{ NULL, 0, 0 },
};
static const struct field_spec user_spec[] = {
	{ "login", F_STRING, 1 }, { "password", F_STRING, 1 }, { "disabled", F_BOOL, 0 },
	{ "totp", F_STRING, 0 }, { NULL, 0, 0 },
};
static const struct field_spec *const specs[] = { person_spec, org_spec, change_spec, user_spec };

static int type_ok(enum field_type t, json_t *v)
{
	switch (t) {
	case F_STRING: return json_is_string(v);
	case F_INT: return json_is_integer(v);
	case F_BOOL: return json_is_boolean(v);
	default: return json_is_array(v);
	}
}

static void check_accepted(struct request *req, json_t *j, const struct field_spec *spec)
{
	const char *key;
	json_t *v, *back;
	char *text;

	if (!json_is_object(j))
		abort();
	json_object_foreach(j, key, v) {
		const struct field_spec *f = NULL;
		for (const struct field_spec *s = spec; s->name; s++)
			if (!strcmp(s->name, key))
				f = s;
		if (!f || (!json_is_null(v) && !type_ok(f->type, v)))
			abort();
	}
	for (const struct field_spec *s = spec; s->name; s++) {
		int day;
		long long id;
		v = json_object_get(j, s->name);
		if (s->required && (!v || json_is_null(v)))
			abort();
		if (s->type == F_STRING && api_has(j, s->name) && !json_is_null(v) &&
		    api_str(j, s->name) != json_string_value(v))
			abort();
		error_clear(&req->err);
		if (s->type == F_STRING && !api_date(req, j, s->name, &day) &&
		    api_str(j, s->name) && day == DATE_NONE)
			abort();
		error_clear(&req->err);
		if (s->type == F_INT && !api_id(req, j, s->name, &id) && v &&
		    !json_is_null(v) && id <= 0)
			abort();
	}
	text = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
	if (!text)
		abort();
	back = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
	if (!back || !json_equal(back, j))
		abort();
	json_decref(back);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct request req;
	const struct field_spec *spec;
	json_t *j;

	if (!size)
		return 0;
	memset(&req, 0, sizeof(req));
	req.err = (struct error)ERROR_INIT;
	spec = specs[data[0] % (sizeof(specs) / sizeof(specs[0]))];
	strbuf_init(&req.body, 1 << 20);
	strbuf_add(&req.body, data + 1, size - 1);
	j = api_body(&req, spec);
	if (j) {
		check_accepted(&req, j, spec);
		json_decref(j);
	} else if ((req.err.status != ST_HTTP_BAD_REQUEST && req.err.status != ST_INVALID) ||
		   !req.err.message[0]) {
		abort();
	}
	error_clear(&req.err);
	strbuf_release(&req.body);
	return 0;
}
