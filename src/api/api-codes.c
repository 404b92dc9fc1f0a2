/*
 * api-codes.c - GET /codes: every code table of model/codes.h, for forms
 * and labels in the UI.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "model/codes.h"

static json_t *table_json(const struct code_table *t)
{
	json_t *a = json_array();

	for (size_t i = 0; i < t->n; i++) {
		const struct code_entry *e = &t->entries[i];
		json_array_append_new(a, json_pack("{s:i,s:s,s:s,s:s}", "code", e->code,
						   "key", e->key, "zh", e->zh, "en", e->en));
	}
	return a;
}

static char *codes_text;   /* the tables never change: encoded once */
static pthread_once_t codes_once = PTHREAD_ONCE_INIT;

static void encode_codes(void)
{
	json_t *j = json_object();

	json_object_set_new(j, "sex", table_json(&code_sex));
	json_object_set_new(j, "ethnicity", table_json(&code_ethnicity));
	json_object_set_new(j, "education", table_json(&code_education));
	json_object_set_new(j, "occupation", table_json(&code_occupation));
	json_object_set_new(j, "org_kind", table_json(&code_org_kind));
	json_object_set_new(j, "sector", table_json(&code_sector));
	json_object_set_new(j, "member_status", table_json(&code_member_status));
	codes_text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
}

int api_codes(struct request *req, struct reply *rep)
{
	(void)req;
	pthread_once(&codes_once, encode_codes);
	if (!codes_text)
		return ST_INTERNAL;
	reply_copy(rep, 200, "application/json; charset=utf-8", codes_text,
		   strlen(codes_text));
	return ST_OK;
}
