/*
 * transfer-json.h - the JSON of a transfer letter (model/transfer.h), the
 * same for the CLI's --format json and the API. Not for decoding request
 * bodies (api/api-transfers.c).
 */
#ifndef OW_TRANSFER_JSON_H
#define OW_TRANSFER_JSON_H

#include <jansson.h>

#include "model/org.h"
#include "model/transfer.h"

/* An organization as one side of a transfer shows it: with its id when it
 * lies in the reader's scope (full), else only its code and name. */
struct transfer_org_view {
	const struct org *org;   /* NULL: null */
	int full;
};

/*
 * {"id","person":{"id","name"},"letter_no","issued","valid_until",
 *  "valid_days","status","stuck","from":ORG,"to":ORG,"received"|null,
 *  "received_org":ORG|null,"returned"|null,"return_reason"|null} where ORG
 * is {"id","code","name"} or {"code","name"} (transfer_org_view). stuck:
 * past its validity and in transit on today. A new reference.
 */
json_t *transfer_json(const struct transfer *t, const char *person_name,
		      struct transfer_org_view from, struct transfer_org_view to,
		      struct transfer_org_view received, int today);

#endif
