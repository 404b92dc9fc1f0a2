/*
 * findings-json.h - the JSON of a page of findings (ops/findings.h), the
 * one shape printed by `orgwork findings --format json` and answered by
 * GET /api/v1/findings: {"items":[{"rule","org":{"id","code","name"},
 * "person":{"id","name"}|null,"due","days_overdue","source"}],
 * "next_cursor","total"}. Not for: which findings there are (ops/findings.c).
 */
#ifndef OW_FINDINGS_JSON_H
#define OW_FINDINGS_JSON_H

#include <jansson.h>

#include "ops/findings.h"

/* A new reference owned by the caller. */
json_t *findings_page_to_json(const struct findings_page *p);

#endif
