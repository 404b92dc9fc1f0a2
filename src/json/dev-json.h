/*
 * dev-json.h - a recorded development step (model/development.h) as JSON,
 * for the CLI's --format json and the API. Not for reading requests.
 */
#ifndef OW_DEV_JSON_H
#define OW_DEV_JSON_H

#include <jansson.h>

#include "model/development.h"
#include "ops/dev-register.h"

/* {"id","step","date","fields":{...},"late","recorded_by","recorded_at"} */
json_t *dev_record_to_json(const struct dev_record *r);

/* A page of the development register (ops/dev-register.h): {"items":[{"person":{"id","name"},
 * "org":{"id","code","name"},"stage","applied","activist","target","admitted",
 * "probation_end","last_step":{"step","date"}|null,"next":{"step","due","kind",
 * "rule","source","overdue","days_overdue","unknown"}|null}],"next_cursor","total",
 * "as_of","counts":{"applicant","activist","target","probationary","overdue"}} */
json_t *dev_register_page_to_json(const struct dev_register_page *p);

/* The next step due of a register row: {"step","due","kind","rule","source",
 * "overdue","days_overdue","unknown"}, or null when it->due.step is 0 (not in
 * the pipeline). The member page's "next step due" and the register's
 * "next" are this one object. */
json_t *dev_next_to_json(const struct dev_register_item *it);

#endif
