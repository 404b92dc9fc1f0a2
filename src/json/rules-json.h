/*
 * rules-json.h - the JSON of a rule's version (model/rules.h struct
 * rule_version), the same for `orgwork rules list|show --format json` and
 * GET /api/v1/rules. Encoding only: which versions are in force is decided
 * by ops/rules-ops.c.
 */
#ifndef OW_RULES_JSON_H
#define OW_RULES_JSON_H

#include "model/rules.h"

struct json_t;

/*
 * {"key","value","unit","source","source_zh","applies_from","overridden"} and, for an
 * override, "reason" and, when known, "set_by" and "set_at". A new
 * reference (caller owns it).
 */
struct json_t *rule_version_json(const struct rule_version *v);

/*
 * A rule's history: {"key","unit","versions":[version + "in_force"]} with
 * versions[in_force] marked in force (in_force -1: none). Takes the
 * reference of versions (an array of rule_version_json objects).
 */
struct json_t *rule_history_json(const struct rule_def *def, struct json_t *versions,
				 int in_force);

#endif
