/*
 * standing-json.h - the JSON of a member's standing and discipline records
 * (model/standing.h), the same for the CLI's --format json and the API.
 * Not for decoding request bodies (api/api-standing.c).
 */
#ifndef OW_STANDING_JSON_H
#define OW_STANDING_JSON_H

#include <jansson.h>

#include "model/org.h"
#include "model/standing.h"

/*
 * {"id","kind","start","end"|null,"in_force","years"|null,"reference"|null,
 *  "by":{"id","code","name"}|null,"host":{...}|null,"search"|"place"|"reason"
 *  (by kind),"note"|null}. by, host: the organizations as the caller may show
 * them (NULL: null). in_force as of day today. A new reference.
 */
json_t *standing_record_json(const struct standing_record *r, const struct org *by,
			     const struct org *host, int today);

#endif
