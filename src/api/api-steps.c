/*
 * api-steps.c - the development steps of a member over HTTP:
 * GET /members/{id}/steps (the steps, the status, the steps that may
 * come next and the next step due with its rule) and POST /members/{id}/steps {"step","date","fields":{...}}.
 *
 * A person outside the caller's scope answers as a missing one (404). The
 * rules are model/development.c's, the writes ops/development-ops.c's;
 * nothing here decides.
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/date.h"
#include "json/dev-json.h"
#include "model/codes.h"
#include "ops/auth.h"
#include "ops/dev-register.h"
#include "ops/development-ops.h"
#include "store/person-store.h"

/* Loads id and checks op on it (404 for missing and out of scope alike). */
static int load(struct request *req, int op, struct person *p)
{
	int rc;

	if ((rc = person_store_get(req->db, req->ids[0], p, &req->err)))
		return rc;
	return authorize_person(req->db, &req->auth.user, op, p, &req->err);
}

/* {"status","items":[...],"next":[...]} of p. */
static int reply_steps(struct request *req, struct reply *rep, int http,
		       const struct person *p, json_t *recorded)
{
	struct dev_record *v;
	size_t n;
	struct dev_register_item due;
	int next[DEV_NR_STEPS], nr, rc, in;
	json_t *items = json_array(), *nj = json_array();
	const struct code_entry *st = code_by_code(&code_member_status, p->status);

	if ((rc = member_steps(req->db, p->id, &v, &n, &req->err))) {
		json_decref(items);
		json_decref(nj);
		json_decref(recorded);
		return rc;
	}
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, dev_record_to_json(&v[i]));
	nr = dev_next_steps(p, v, n, next);
	for (int i = 0; i < nr; i++)
		json_array_append_new(nj, json_string(dev_step_key(next[i])));
	free(v);
	/* the next step due today, as the register words it (ops/dev-register.c) */
	if ((rc = dev_register_item_get(req->db, p->id, date_today(), &due, &in, &req->err))) {
		json_decref(items);
		json_decref(nj);
		json_decref(recorded);
		return rc;
	}
	json_t *out = json_pack("{s:s,s:o,s:o,s:o}", "status", st ? st->key : "",
				"items", items, "next", nj,
				"due", in ? dev_next_to_json(&due) : json_null());
	if (recorded)
		json_object_set_new(out, "step", recorded);
	return api_json(rep, http, out);
}

int api_member_steps_list(struct request *req, struct reply *rep)
{
	struct person p;
	int rc;

	if ((rc = load(req, OP_MEMBER_READ, &p)))
		return rc;
	return reply_steps(req, rep, 200, &p, NULL);
}

static const struct field_spec step_spec[] = {
	{ "step", F_STRING, 1 }, { "date", F_STRING, 1 }, { "fields", F_OBJECT, 0 },
	{ NULL, 0, 0 },
};

int api_member_step_create(struct request *req, struct reply *rep)
{
	json_t *b = api_body(req, step_spec), *fields, *v;
	struct dev_record rec;
	struct person p;
	const char *key;
	int rc;

	if (!b)
		return req->err.status;
	memset(&rec, 0, sizeof(rec));
	if ((rc = load(req, OP_MEMBER_WRITE, &p)) ||
	    (rc = api_date(req, b, "date", &rec.date)))
		goto out;
	if (!(rec.step = dev_step_parse(api_str(b, "step")))) {
		rc = error_setc(&req->err, ST_INVALID, "step", "invalid_choice",
				"unknown step '%.40s'", api_str(b, "step"));
		goto out;
	}
	fields = json_object_get(b, "fields");
	json_object_foreach(fields, key, v) {
		char num[32];
		const char *text;
		if (json_is_string(v)) {
			text = json_string_value(v);
		} else if (json_is_integer(v)) {
			snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
			text = num;
		} else {
			error_setc(&req->err, ST_INVALID, key, "wrong_type",
				   "'%.40s' must be a string or an integer", key);
			error_param(&req->err, "type", "string");
			rc = ST_INVALID;
			goto out;
		}
		if ((rc = dev_field_add(&rec, key, text, &req->err)))
			goto out;
	}
	/* the organization an application names lies in the caller's scope too */
	if (rec.step == DEV_APPLICATION && dev_field(&rec, "org")) {
		long long org = strtoll(dev_field(&rec, "org"), NULL, 10);
		if (org > 0 && (rc = authorize(req->db, &req->auth.user, OP_MEMBER_WRITE, org,
					       &req->err))) {
			snprintf(req->err.field, sizeof(req->err.field), "org");
			goto out;
		}
	}
	if ((rc = member_step(req->db, p.id, &rec, req->actor, &p, &req->err)))
		goto out;
	rc = reply_steps(req, rep, 201, &p, dev_record_to_json(&rec));
out:
	json_decref(b);
	return rc;
}
