/*
 * transfer-json.c - the JSON of a transfer letter (transfer-json.h).
 */
#include "core/date.h"
#include "json/transfer-json.h"

static json_t *date_json(int day)
{
	char d[DATE_STR_SIZE];

	return day == DATE_NONE ? json_null() : json_string(date_format(day, d));
}

static json_t *org_json(struct transfer_org_view v)
{
	if (!v.org)
		return json_null();
	if (!v.full)
		return json_pack("{s:s,s:s}", "code", v.org->code, "name", v.org->name);
	return json_pack("{s:I,s:s,s:s}", "id", (json_int_t)v.org->id, "code", v.org->code,
			 "name", v.org->name);
}

json_t *transfer_json(const struct transfer *t, const char *person_name,
		      struct transfer_org_view from, struct transfer_org_view to,
		      struct transfer_org_view received, int today)
{
	json_t *j = json_object();

	json_object_set_new(j, "id", json_integer(t->id));
	json_object_set_new(j, "person", json_pack("{s:I,s:s}", "id",
						   (json_int_t)t->person_id, "name",
						   person_name ? person_name : ""));
	json_object_set_new(j, "letter_no", json_string(t->letter_no));
	json_object_set_new(j, "issued", date_json(t->issued));
	json_object_set_new(j, "valid_until", date_json(t->valid_until));
	json_object_set_new(j, "valid_days", json_integer(t->valid_until - t->issued + 1));
	json_object_set_new(j, "status", json_string(transfer_status_key(t->status)));
	json_object_set_new(j, "stuck", json_boolean(transfer_stuck_on(t, today)));
	json_object_set_new(j, "from", org_json(from));
	json_object_set_new(j, "to", org_json(to));
	json_object_set_new(j, "received", date_json(t->received));
	json_object_set_new(j, "received_org", org_json(received));
	json_object_set_new(j, "returned", date_json(t->returned));
	json_object_set_new(j, "return_reason",
			    t->return_reason[0] ? json_string(t->return_reason) : json_null());
	return j;
}
