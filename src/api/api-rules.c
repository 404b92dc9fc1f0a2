/*
 * api-rules.c - GET /rules: the rules catalogue in force on a day
 * (?date=YYYY-MM-DD, default today), for every logged-in user. The rules
 * are set from the installation's shell only (`orgwork rules set`); no
 * route writes them. Not for: the rules themselves (model/rules.c).
 */
#include "api/api.h"
#include "core/date.h"
#include "json/rules-json.h"
#include "ops/rules-ops.h"

static int add_rule(const struct rule_in_force *r, void *ctx)
{
	struct rule_version v;

	rules_in_force_version(r, &v);
	json_array_append_new(ctx, rule_version_json(&v));
	return 0;
}

int api_rules(struct request *req, struct reply *rep)
{
	json_t *items;
	int rc, day;

	if ((rc = req_query_date(req, "date", &day)))
		return rc;
	items = json_array();
	if ((rc = rules_each(req->db, day == DATE_NONE ? date_today() : day, add_rule,
			     items, &req->err))) {
		json_decref(items);
		return rc;
	}
	return api_json(rep, 200, json_pack("{s:o}", "items", items));
}
