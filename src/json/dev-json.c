/*
 * dev-json.c - development steps as JSON (dev-json.h). Not for the
 * decoding of request bodies (api/api-steps.c).
 */
#include "core/date.h"
#include "json/dev-json.h"
#include "model/codes.h"

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

static json_t *date_or_null(int day)
{
	char d[DATE_STR_SIZE];

	return day == DATE_NONE ? json_null() : json_string(date_format(day, d));
}

json_t *dev_next_to_json(const struct dev_register_item *it)
{
	if (!it->due.step)
		return json_null();
	return json_pack("{s:s,s:o,s:s,s:o,s:o,s:b,s:o,s:b}",
			 "step", dev_step_key(it->due.step), "due", date_or_null(it->due.date),
			 "kind", dev_due_kind_name(it->due.kind),
			 "rule", it->rule[0] ? json_string(it->rule) : json_null(),
			 "source", it->source[0] ? json_string(it->source) : json_null(),
			 "overdue", it->due.overdue,
			 "days_overdue", it->due.date == DATE_NONE ? json_null()
			 : json_integer(it->days_overdue),
			 "unknown", it->due.unknown);
}

static json_t *register_item_json(const struct dev_register_item *it)
{
	const struct code_entry *st = code_by_code(&code_member_status, it->stage);
	json_t *next = dev_next_to_json(it), *last = json_null();

	if (it->last_step)
		last = json_pack("{s:s,s:o}", "step", dev_step_key(it->last_step), "date",
				 date_or_null(it->last_date));
	return json_pack("{s:{s:I,s:s},s:{s:I,s:s,s:s},s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o}",
			 "person", "id", (json_int_t)it->person_id, "name", it->name,
			 "org", "id", (json_int_t)it->org_id, "code", it->org_code, "name", it->org_name,
			 "stage", st ? st->key : "",
			 "applied", date_or_null(it->applied), "activist", date_or_null(it->activist),
			 "target", date_or_null(it->target), "admitted", date_or_null(it->admitted),
			 "probation_end", date_or_null(it->probation_end), "last_step", last,
			 "next", next);
}

json_t *dev_register_page_to_json(const struct dev_register_page *p)
{
	json_t *items = json_array(), *counts = json_object();

	for (size_t i = 0; i < p->nr; i++)
		json_array_append_new(items, register_item_json(&p->items[i]));
	for (int s = MS_APPLICANT; s <= MS_PROBATIONARY; s++)
		json_object_set_new(counts, code_by_code(&code_member_status, s)->key,
				    json_integer(p->counts[s]));
	json_object_set_new(counts, "overdue", json_integer(p->overdue));
	return json_pack("{s:o,s:o,s:I,s:o,s:o}", "items", items, "next_cursor",
			 p->next_cursor[0] ? json_string(p->next_cursor) : json_null(),
			 "total", (json_int_t)p->total, "as_of", date_or_null(p->as_of),
			 "counts", counts);
}
