/*
 * dev-json.h - a recorded development step (model/development.h) as JSON,
 * for the CLI's --format json and the API. Not for reading requests.
 */
#ifndef OW_DEV_JSON_H
#define OW_DEV_JSON_H

#include <jansson.h>

#include "model/development.h"

/* {"id","step","date","fields":{...},"late","recorded_by","recorded_at"} */
json_t *dev_record_to_json(const struct dev_record *r);

#endif
