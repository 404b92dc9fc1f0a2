/*
 * findings-json.c - the JSON of a page of findings (see findings-json.h).
 * Not for: the table the CLI prints by default (cmd/cmd-findings.c).
 */
#include "core/date.h"
#include "json/findings-json.h"

static json_t *item_json(const struct finding_item *it)
{
	char due[DATE_STR_SIZE];
	json_t *person = it->f.person_id
		? json_pack("{s:I,s:s}", "id", (json_int_t)it->f.person_id, "name",
			    it->person_name)
		: json_null();

	return json_pack("{s:s,s:{s:I,s:s,s:s},s:o,s:s,s:i,s:s}", "rule", it->rule->key,
			 "org", "id", (json_int_t)it->f.org_id, "code", it->org_code,
			 "name", it->org_name, "person", person,
			 "due", date_format(it->f.due, due), "days_overdue", it->days_overdue,
			 "source", it->source);
}

json_t *findings_page_to_json(const struct findings_page *p)
{
	json_t *items = json_array();

	for (size_t i = 0; i < p->nr; i++)
		json_array_append_new(items, item_json(&p->items[i]));
	return json_pack("{s:o,s:o,s:I}", "items", items, "next_cursor",
			 p->next_cursor[0] ? json_string(p->next_cursor) : json_null(),
			 "total", (json_int_t)p->total);
}
