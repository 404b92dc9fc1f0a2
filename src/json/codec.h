/*
 * codec.h - JSON encodings of the domain records (jansson).
 *
 * The same encodings serve the CLI's --format json and the HTTP API, so a
 * record looks the same everywhere. Every *_to_json returns a new reference
 * the caller owns (json_decref). The encoders write what they are given:
 * a person's identifiers appear as the record holds them, and "masked"
 * says whether the caller masked it (ops/privacy.h, which every output of
 * a person goes through first). Decoding request bodies lives in api/,
 * not here.
 */
#ifndef OW_JSON_CODEC_H
#define OW_JSON_CODEC_H

#include <jansson.h>

#include "model/codes.h"
#include "model/org.h"
#include "model/person.h"
#include "model/event.h"

json_t *org_to_json(const struct org *o);
/*
 * Sets the leadership term in force on an organization's JSON (from
 * ops/rules-ops.h org_term): "term_years" (years, 0 without a term),
 * "term_end" (YYYY-MM-DD or null when the start is unknown) and
 * "term_rule" (the rule key used, or null when the length is recorded).
 */
void org_json_set_term(json_t *j, int years, int end, const char *rule_key);
json_t *org_version_to_json(const struct org_version *v);
json_t *person_to_json(const struct person *p);
/*
 * An event of either subject, the same keys for both: id (null for a
 * derived event), date, kind, detail (the JSON of the change, an object),
 * reference, actor, recorded_at (null for a derived event).
 */
json_t *event_to_json(const struct event *ev);
/* An event_visit_fn: appends event_to_json(ev) to the JSON array `array`. */
int event_json_append(const struct event *ev, void *array);

/* "YYYY-MM-DD" or JSON null for DATE_NONE. */
json_t *date_to_json(int day);
/* Key of a coded value ("male", "branch"), or null when unknown/0. */
json_t *code_to_json(const struct code_table *t, int code);

#endif
