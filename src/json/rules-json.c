/*
 * rules-json.c - JSON of the rules catalogue (see rules-json.h). Not for:
 * reading the rules or their overrides (ops/rules-ops.c).
 */
#include <jansson.h>

#include "core/date.h"
#include "json/rules-json.h"

json_t *rule_version_json(const struct rule_version *v)
{
	char d[DATE_STR_SIZE];
	json_t *j = json_pack("{s:s,s:s,s:s,s:s,s:s,s:b}", "key", v->def->key,
			      "value", v->value, "unit", v->def->unit,
			      "source", v->def->source,
			      "applies_from", date_format(v->applies_from, d),
			      "overridden", v->overridden);

	if (v->def->source_zh)
		json_object_set_new(j, "source_zh", json_string(v->def->source_zh));
	if (v->overridden) {
		json_object_set_new(j, "reason", json_string(v->reason ? v->reason : ""));
		if (v->set_by)
			json_object_set_new(j, "set_by", json_string(v->set_by));
		if (v->set_at)
			json_object_set_new(j, "set_at", json_string(v->set_at));
	}
	return j;
}

json_t *rule_history_json(const struct rule_def *def, json_t *versions, int in_force)
{
	size_t i;
	json_t *v;

	json_array_foreach(versions, i, v)
		json_object_set_new(v, "in_force", json_boolean((int)i == in_force));
	return json_pack("{s:s,s:s,s:o}", "key", def->key, "unit", def->unit,
			 "versions", versions);
}
