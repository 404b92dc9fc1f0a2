/*
 * todo.c - the table of to-do kinds and their counting over a subtree (see
 * todo.h), from the findings engine (ops/findings.c). To add a to-do: add
 * its finding rule there, then a row to todo_kinds[] with the list that
 * shows it (the findings page "findings?rule=KEY", or a filtered list). Not for: who may see the
 * counts (ops/auth.c) nor their JSON (api/api-orgs.c).
 */
#include <string.h>

#include "core/date.h"
#include "model/codes.h"
#include "model/rules.h"
#include "ops/findings.h"
#include "ops/rules-ops.h"
#include "ops/stats-live.h"
#include "ops/todo.h"

int todo_probation_overdue(struct db *db, int today, struct person_query *q,
			   struct error *err)
{
	char buf[DATE_STR_SIZE];
	int years, rc;

	if ((rc = rules_get_years(db, RULE_PROBATION_YEARS, today, &years, err)))
		return rc;
	q->status = MS_PROBATIONARY;
	date_format(date_add_years(today, -years), buf);
	memcpy(q->admitted_before, buf, sizeof(q->admitted_before) - 1);
	q->admitted_before[sizeof(q->admitted_before) - 1] = '\0';
	return ST_OK;
}

const struct todo_kind todo_kinds[] = {
	{ "probation_overdue", TODO_MEMBERS, "members?status=probationary&overdue=1",
	  "conversion_overdue" },
	{ "term_expired", TODO_ORGS, "children?todo=term_expired", "election_overdue" },
	{ "temporary_ended", TODO_ORGS, "children?todo=temporary_ended", "temporary_ended" },
	{ "target_eligible", TODO_MEMBERS, "findings?rule=target_eligible", "target_eligible" },
	{ "conversion_due", TODO_MEMBERS, "findings?rule=conversion_due", "conversion_due" },
	{ "medal_50_due", TODO_MEMBERS, "findings?rule=medal_50_due", "medal_50_due" },
	{ "talk_overdue", TODO_MEMBERS, "findings?rule=talk_overdue", "talk_overdue" },
	{ "approval_overdue", TODO_MEMBERS, "findings?rule=approval_overdue", "approval_overdue" },
	{ "extension_overdue", TODO_MEMBERS, "findings?rule=extension_overdue",
	  "extension_overdue" },
	{ "lost_contact_6m", TODO_MEMBERS, "findings?rule=lost_contact_6m", "lost_contact_6m" },
	{ "transfer_stuck", TODO_ORGS, "findings?rule=transfer_stuck", "transfer_stuck" },
	{ "dues_arrears_3m", TODO_ORGS, "findings?rule=dues_arrears_3m", "dues_arrears_3m" },
	{ "dues_arrears_6m", TODO_ORGS, "findings?rule=dues_arrears_6m", "dues_arrears_6m" },
};
const size_t nr_todo_kinds = sizeof(todo_kinds) / sizeof(todo_kinds[0]);

const struct todo_kind *todo_find(const char *key)
{
	for (size_t i = 0; key && i < nr_todo_kinds; i++)
		if (!strcmp(todo_kinds[i].key, key))
			return &todo_kinds[i];
	return NULL;
}

int todo_count(struct db *db, long long root, int today, long long *counts,
	       struct error *err)
{
	struct finding_params fp;
	struct stats_engine *e;
	long long n[64];
	int rc;

	if (nr_finding_rules > sizeof(n) / sizeof(n[0]))
		return error_set(err, ST_INTERNAL, NULL, "too many finding rules");
	if ((rc = findings_params(db, today, &fp, err)))
		return rc;
	if (!stats_live_acquire(&e, NULL)) {
		rc = findings_count_engine(db, e, root, &fp, n, err);
		stats_live_release();
	} else {
		rc = findings_count(db, root, &fp, n, err);
	}
	if (rc)
		return rc;
	for (size_t i = 0; i < nr_todo_kinds; i++) {
		int r = findings_rule_index(todo_kinds[i].finding);
		counts[i] = r >= 0 ? n[r] : 0;
	}
	return ST_OK;
}

struct org_walk {
	org_visit_fn fn;
	void *ctx;
	struct db *db;
	int rc;
	struct error *err;
};

static int visit_finding(const struct finding *f, void *vctx)
{
	struct org_walk *w = vctx;
	struct org o;

	if ((w->rc = org_store_get(w->db, f->org_id, &o, w->err)))
		return w->rc;
	return w->fn(&o, w->ctx) ? 1 : 0;
}

int todo_orgs(struct db *db, long long root, const struct todo_kind *k, int today,
	      org_visit_fn fn, void *ctx, struct error *err)
{
	struct finding_params fp;
	struct org_walk w = { fn, ctx, db, 0, err };
	int r = findings_rule_index(k->finding), rc;

	if (k->subject != TODO_ORGS || r < 0) {
		error_setc(err, ST_INVALID, "todo", "todo_not_for_orgs",
			   "%s is not a to-do of organizations", k->key);
		error_param(err, "value", "%s", k->key);
		return ST_INVALID;
	}
	if ((rc = findings_params(db, today, &fp, err)))
		return rc;
	rc = findings_scan(db, root, &fp, r, visit_finding, &w, err);
	if (rc == 1)
		rc = ST_OK;      /* fn asked to stop */
	return w.rc ? w.rc : rc;
}
