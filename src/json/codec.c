/*
 * codec.c - records to JSON. Field names are the ASCII keys used in the
 * API documentation (docs/api.md) and in import headers.
 */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "json/codec.h"
#include "model/codes.h"

json_t *date_to_json(int day)
{
	char buf[DATE_STR_SIZE];

	if (day == DATE_NONE)
		return json_null();
	return json_string(date_format(day, buf));
}

json_t *code_to_json(const struct code_table *t, int code)
{
	const struct code_entry *e = code_by_code(t, code);

	return e ? json_string(e->key) : json_null();
}

static json_t *text_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *id_or_null(long long id)
{
	return id > 0 ? json_integer(id) : json_null();
}

json_t *org_to_json(const struct org *o)
{
	json_t *j = json_object();

	json_object_set_new(j, "id", json_integer(o->id));
	json_object_set_new(j, "code", json_string(o->code));
	json_object_set_new(j, "name", json_string(o->name));
	json_object_set_new(j, "kind", code_to_json(&code_org_kind, o->kind));
	json_object_set_new(j, "sector", code_to_json(&code_sector, o->sector));
	json_object_set_new(j, "level", json_integer(o->level));
	json_object_set_new(j, "division", text_or_null(o->division));
	json_object_set_new(j, "parent_id", id_or_null(o->parent_id));
	json_object_set_new(j, "established", date_to_json(o->established));
	json_object_set_new(j, "dissolved", date_to_json(o->dissolved));
	json_object_set_new(j, "merged_into", id_or_null(o->merged_into));
	json_object_set_new(j, "purpose", text_or_null(o->purpose));
	json_object_set_new(j, "end_date", date_to_json(o->end_date));
	json_object_set_new(j, "state", json_string(org_state_on(o, date_today())));
	json_object_set_new(j, "label", text_or_null(o->label));
	json_object_set_new(j, "term_start", date_to_json(o->term_start));
	json_object_set_new(j, "term_years", json_integer(o->term_years));
	return j;
}

void org_json_set_term(json_t *j, int years, int end, const char *rule_key)
{
	json_object_set_new(j, "term_years", json_integer(years));
	json_object_set_new(j, "term_end", date_to_json(end));
	json_object_set_new(j, "term_rule", rule_key ? json_string(rule_key) : json_null());
}

json_t *org_version_to_json(const struct org_version *v)
{
	json_t *j = json_object();

	json_object_set_new(j, "id", json_integer(v->org_id));
	json_object_set_new(j, "name", json_string(v->name));
	json_object_set_new(j, "kind", code_to_json(&code_org_kind, v->kind));
	json_object_set_new(j, "parent_id", id_or_null(v->parent_id));
	json_object_set_new(j, "state", json_string(v->state));
	json_object_set_new(j, "valid_from", date_to_json(v->valid_from));
	json_object_set_new(j, "valid_to", date_to_json(v->valid_to));
	return j;
}

static json_t *detail_json(const char *detail)
{
	json_t *d;

	if (!detail || !*detail)
		return json_object();
	d = json_loads(detail, JSON_DECODE_ANY, NULL);
	return d ? d : json_string(detail);
}

json_t *event_to_json(const struct event *ev)
{
	json_t *j = json_object();

	json_object_set_new(j, "id", ev->id ? json_integer(ev->id) : json_null());
	json_object_set_new(j, "date", date_to_json(ev->date));
	json_object_set_new(j, "kind", json_string(ev->kind));
	json_object_set_new(j, "detail", detail_json(ev->detail));
	json_object_set_new(j, "reference", text_or_null(ev->reference));
	json_object_set_new(j, "actor", json_string(ev->actor));
	json_object_set_new(j, "recorded_at", text_or_null(ev->recorded_at));
	return j;
}

int event_json_append(const struct event *ev, void *array)
{
	json_array_append_new(array, event_to_json(ev));
	return 0;
}

json_t *person_to_json(const struct person *p)
{
	json_t *j = json_object(), *flags;

	json_object_set_new(j, "id", json_integer(p->id));
	json_object_set_new(j, "name", json_string(p->name));
	json_object_set_new(j, "pinyin", json_string(p->pinyin));
	json_object_set_new(j, "sex", code_to_json(&code_sex, p->sex));
	json_object_set_new(j, "birth_date", date_to_json(p->birth_date));
	json_object_set_new(j, "ethnicity", code_to_json(&code_ethnicity, p->ethnicity));
	json_object_set_new(j, "education", code_to_json(&code_education, p->education));
	json_object_set_new(j, "occupation", code_to_json(&code_occupation, p->occupation));
	json_object_set_new(j, "id_number", text_or_null(p->id_number));
	json_object_set_new(j, "phone", text_or_null(p->phone));
	json_object_set_new(j, "address", text_or_null(p->address));
	json_object_set_new(j, "masked", json_boolean(p->masked));
	json_object_set_new(j, "org_id", id_or_null(p->org_id));
	json_object_set_new(j, "status", code_to_json(&code_member_status, p->status));
	flags = json_array();
	if (p->flags & MF_LOST_CONTACT)
		json_array_append_new(flags, json_string("lost_contact"));
	if (p->flags & MF_FLOATING)
		json_array_append_new(flags, json_string("floating"));
	if (p->flags & MF_SUSPENDED)
		json_array_append_new(flags, json_string("suspended"));
	json_object_set_new(j, "flags", flags);
	json_object_set_new(j, "applied", date_to_json(p->applied));
	json_object_set_new(j, "activist", date_to_json(p->activist));
	json_object_set_new(j, "target", date_to_json(p->target));
	json_object_set_new(j, "admitted", date_to_json(p->admitted));
	json_object_set_new(j, "full", date_to_json(p->full));
	json_object_set_new(j, "exited", date_to_json(p->exited));
	{
		int age = person_party_age(p, date_today());
		json_object_set_new(j, "party_age", age < 0 ? json_null() : json_integer(age));
	}
	return j;
}
