/*
 * dev-json.c - development steps as JSON (dev-json.h). Not for the
 * decoding of request bodies (api/api-steps.c).
 */
#include "core/date.h"
#include "json/dev-json.h"

json_t *dev_record_to_json(const struct dev_record *r)
{
	char d[DATE_STR_SIZE];
	json_t *fields = json_object();

	for (int i = 0; i < r->nr_fields; i++)
		json_object_set_new(fields, r->fields[i].key, json_string(r->fields[i].value));
	return json_pack("{s:I,s:s,s:s,s:o,s:b,s:s,s:s}", "id", (json_int_t)r->id,
			 "step", dev_step_key(r->step) ? dev_step_key(r->step) : "",
			 "date", date_format(r->date, d), "fields", fields, "late", r->late,
			 "recorded_by", r->recorded_by, "recorded_at", r->recorded_at);
}
