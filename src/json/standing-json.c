/*
 * standing-json.c - JSON of standing and discipline records
 * (standing-json.h). Not for request bodies (api/) nor for which
 * organizations a reader may see (the caller passes them or NULL).
 */
#include "core/date.h"
#include "json/standing-json.h"

static json_t *date_json(int day)
{
	char d[DATE_STR_SIZE];

	return day == DATE_NONE ? json_null() : json_string(date_format(day, d));
}

static json_t *text_json(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *org_ref(const struct org *o)
{
	if (!o)
		return json_null();
	return json_pack("{s:I,s:s,s:s}", "id", (json_int_t)o->id, "code", o->code,
			 "name", o->name);
}

json_t *standing_record_json(const struct standing_record *r, const struct org *by,
			     const struct org *host, int today)
{
	json_t *j = json_object();
	const char *what = r->kind == SK_LOST_CONTACT ? "search"
			   : r->kind == SK_FLOATING ? "place"
			   : r->kind == SK_STOPPED ? "reason" : NULL;

	json_object_set_new(j, "id", json_integer(r->id));
	json_object_set_new(j, "kind", json_string(standing_kind_key(r->kind)));
	json_object_set_new(j, "start", date_json(r->start));
	json_object_set_new(j, "end", date_json(r->end));
	json_object_set_new(j, "in_force", json_boolean(standing_in_force(r, today)));
	json_object_set_new(j, "years", r->years ? json_integer(r->years) : json_null());
	json_object_set_new(j, "reference", text_json(r->reference));
	json_object_set_new(j, "by", org_ref(by));
	json_object_set_new(j, "host", org_ref(host));
	if (what)
		json_object_set_new(j, what, text_json(r->detail));
	json_object_set_new(j, "note", text_json(r->end_note));
	return j;
}
