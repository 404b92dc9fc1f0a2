/*
 * api-util.c - request-body checking and JSON replies shared by the
 * handlers (see api.h).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/date.h"
#include "json/codec.h"
#include "model/codes.h"
#include "stats/stats.h"
#include "store/org-store.h"
#include "store/person-store.h"
#include "store/user-store.h"
#include "ops/todo.h"

static const char *type_name(enum field_type t)
{
	switch (t) {
	case F_STRING: return "a string";
	case F_INT: return "an integer";
	case F_BOOL: return "true or false";
	case F_OBJECT: return "an object";
	default: return "an array";
	}
}

json_t *api_body(struct request *req, const struct field_spec *spec)
{
	json_error_t jerr;
	json_t *j;
	const char *key;
	json_t *v;

	if (!req->body.len)
		j = json_object();
	else
		j = json_loadb(req->body.buf, req->body.len,
			       JSON_REJECT_DUPLICATES, &jerr);
	if (!j) {
		error_setc(&req->err, ST_HTTP_BAD_REQUEST, NULL, "malformed_json",
			   "malformed JSON at line %d column %d: %s", jerr.line,
			   jerr.column, jerr.text);
		error_param(&req->err, "line", "%d", jerr.line);
		error_param(&req->err, "column", "%d", jerr.column);
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		error_setc(&req->err, ST_HTTP_BAD_REQUEST, NULL, "body_not_object",
			   "the body must be a JSON object");
		return NULL;
	}
	json_object_foreach(j, key, v) {
		const struct field_spec *f = NULL;
		for (const struct field_spec *s = spec; s && s->name; s++)
			if (!strcmp(s->name, key))
				f = s;
		if (!f) {
			error_setc(&req->err, ST_HTTP_BAD_REQUEST, key, "unknown_field",
				   "unknown field '%s'", key);
			goto bad;
		}
		if (json_is_null(v))
			continue;
		if ((f->type == F_STRING && !json_is_string(v)) ||
		    (f->type == F_INT && !json_is_integer(v)) ||
		    (f->type == F_BOOL && !json_is_boolean(v)) ||
		    (f->type == F_ARRAY && !json_is_array(v)) ||
		    (f->type == F_OBJECT && !json_is_object(v))) {
			error_setc(&req->err, ST_HTTP_BAD_REQUEST, key, "wrong_type",
				   "'%s' must be %s", key, type_name(f->type));
			error_param(&req->err, "type", "%s",
				    f->type == F_STRING ? "string" : f->type == F_INT ? "integer" :
				    f->type == F_BOOL ? "boolean" : f->type == F_OBJECT ? "object" :
				    "array");
			goto bad;
		}
	}
	for (const struct field_spec *s = spec; s && s->name; s++) {
		if (!s->required)
			continue;
		v = json_object_get(j, s->name);
		/* every missing field at once */
		if (!v || json_is_null(v))
			error_add(&req->err, ST_INVALID, s->name, "required",
				  "'%s' is required", s->name);
	}
	if (req->err.status)
		goto bad;
	return j;
bad:
	json_decref(j);
	return NULL;
}

int api_json(struct reply *rep, int http, json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);

	json_decref(j);
	if (!s)
		return ST_INTERNAL;
	reply_take(rep, http, "application/json; charset=utf-8", s, strlen(s));
	return ST_OK;
}

const char *api_str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

int api_has(json_t *o, const char *key)
{
	return json_object_get(o, key) != NULL;
}

int api_date(struct request *req, json_t *o, const char *key, int *out)
{
	const char *s = api_str(o, key);

	*out = DATE_NONE;
	if (!s)
		return ST_OK;
	if (date_parse(s, out))
		return error_add(&req->err, ST_INVALID, key, "invalid_date",
				 "'%s' is not a date (YYYY-MM-DD)", s);
	return ST_OK;
}

int api_int(struct request *req, json_t *o, const char *key, long long min,
	    long long max, long long dflt, long long *out)
{
	json_t *v = json_object_get(o, key);

	*out = dflt;
	if (!v || json_is_null(v))
		return ST_OK;
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
	{
		error_add(&req->err, ST_INVALID, key, "out_of_range",
			  "'%s' must be a whole number from %lld to %lld", key, min, max);
		error_param(&req->err, "min", "%lld", min);
		error_param(&req->err, "max", "%lld", max);
		return ST_INVALID;
	}
	*out = json_integer_value(v);
	return ST_OK;
}

int api_id(struct request *req, json_t *o, const char *key, long long *out)
{
	json_t *v = json_object_get(o, key);

	*out = 0;
	if (!v || json_is_null(v))
		return ST_OK;
	if (!json_is_integer(v) || json_integer_value(v) < 1)
		return error_add(&req->err, ST_INVALID, key, "invalid_id",
				 "'%s' must be a positive id", key);
	*out = json_integer_value(v);
	return ST_OK;
}

int api_user_json(struct request *req, const struct user *u, json_t **out)
{
	struct error e = ERROR_INIT;
	json_t *j;
	struct org o;
	int rc = ST_OK;

	*out = NULL;
	/* A scope whose organization is gone shows as null. */
	if (u->scope_org_id &&
	    (rc = org_store_get(req->db, u->scope_org_id, &o, &e)) && rc != ST_NOT_FOUND)
		return error_pass(&req->err, rc, &e);
	j = json_object();

	json_object_set_new(j, "id", json_integer(u->id));
	json_object_set_new(j, "login", json_string(u->login));
	json_object_set_new(j, "role", role_key(u->role) ? json_string(role_key(u->role))
							 : json_null());
	json_object_set_new(j, "scope_org_id", u->scope_org_id ? json_integer(u->scope_org_id)
							       : json_null());
	if (u->scope_org_id && rc == ST_OK)
		json_object_set_new(j, "scope_org", org_to_json(&o));
	else
		json_object_set_new(j, "scope_org", json_null());
	json_object_set_new(j, "person_id", u->person_id ? json_integer(u->person_id)
						       : json_null());
	json_object_set_new(j, "disabled", json_boolean(u->disabled));
	json_object_set_new(j, "totp", json_boolean(u->has_totp));
	json_object_set_new(j, "created_at", json_string(u->created_at));
	*out = j;
	return ST_OK;
}

int api_status_filter(struct request *req, int *out)
{
	const char *s = req_query(req, "status");
	const struct code_entry *e;

	*out = 0;
	if (!s || !*s)
		return ST_OK;
	if (!strcmp(s, "members")) {
		*out = -1;
		return ST_OK;
	}
	if (!strcmp(s, "current")) {
		*out = -2;
		return ST_OK;
	}
	if (!(e = code_by_key(&code_member_status, s)))
		return error_setc(&req->err, ST_HTTP_BAD_REQUEST, "status", "invalid_choice",
				  "unknown status '%s'", s);
	*out = e->code;
	return ST_OK;
}

int api_drill_filter(struct request *req, struct person_drill *d)
{
	const char *filter = req_query(req, "filter");

	memset(d, 0, sizeof(*d));
	if (!filter || !*filter)
		return ST_OK;
	if (stats_drill_filter(filter, date_today(), d, &req->err))
		return req->err.status = ST_HTTP_BAD_REQUEST;
	return ST_OK;
}

int api_overdue_filter(struct request *req, struct person_query *q)
{
	int overdue, rc;

	if ((rc = req_query_bool(req, "overdue", &overdue)) || !overdue)
		return rc;
	if (q->status && q->status != MS_PROBATIONARY) {
		error_setc(&req->err, ST_HTTP_BAD_REQUEST, "overdue", "overdue_probationary_only",
			   "overdue applies to probationary members only");
		return ST_HTTP_BAD_REQUEST;
	}
	return todo_probation_overdue(req->db, date_today(), q, &req->err);
}

int api_add_org_names(struct request *req, json_t *items)
{
	struct seen { long long id; char name[ORG_NAME_SIZE]; char code[ORG_CODE_SIZE]; };
	struct seen cache[16];
	size_t nr = 0, next = 0, i;
	json_t *p;
	int rc;

	json_array_foreach(items, i, p) {
		long long id = json_integer_value(json_object_get(p, "org_id"));
		struct seen *hit = NULL;
		if (id <= 0)
			continue;
		for (size_t k = 0; k < nr; k++)
			if (cache[k].id == id)
				hit = &cache[k];
		if (!hit) {
			struct org o;
			if ((rc = org_store_get(req->db, id, &o, &req->err)))
				return rc;
			hit = &cache[next];
			next = (next + 1) % 16;
			if (nr < 16)
				nr++;
			hit->id = id;
			memcpy(hit->name, o.name, sizeof(hit->name));
			memcpy(hit->code, o.code, sizeof(hit->code));
		}
		json_object_set_new(p, "org_name", json_string(hit->name));
		json_object_set_new(p, "org_code", json_string(hit->code));
	}
	return ST_OK;
}

int api_sort_param(struct request *req, struct person_query *q)
{
	const char *sort = req_query(req, "sort"), *order = req_query(req, "order");

	q->sort = PSORT_NAME;
	q->desc = 0;
	if (sort && *sort && (q->sort = person_sort_parse(sort)) < 0) {
		q->sort = PSORT_NAME;
		error_setc(&req->err, ST_HTTP_BAD_REQUEST, "sort", "invalid_choice",
			   "unknown sort '%.40s'", sort);
		error_param(&req->err, "value", "%.40s", sort);
		return ST_HTTP_BAD_REQUEST;
	}
	if (order && *order) {
		if (!strcmp(order, "desc")) {
			q->desc = 1;
		} else if (strcmp(order, "asc")) {
			error_setc(&req->err, ST_HTTP_BAD_REQUEST, "order", "invalid_choice",
				   "order must be asc or desc, not '%.40s'", order);
			error_param(&req->err, "value", "%.40s", order);
			return ST_HTTP_BAD_REQUEST;
		}
	}
	return ST_OK;
}
