/*
 * todo.c - the table of to-do kinds and their counting over a subtree (see
 * todo.h). To add a finding: write its condition (a person_query narrowing
 * or an organization predicate), add a row to todo_kinds[] with the list
 * that shows it, a filter parameter on that list when none exists, and the
 * words "home.todo.<key>" in both catalogues of the UI. Not for: who may see the
 * counts (ops/auth.c) nor their JSON (api/api-orgs.c).
 */
#include <string.h>

#include "core/date.h"
#include "model/codes.h"
#include "model/rules.h"
#include "ops/rules-ops.h"
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

/* An organization whose leadership term (org_term: recorded years or the
 * term rule) ended before today: the election is due. */
static int term_expired(struct db *db, const struct org *o, int today, int *match,
			struct error *err)
{
	const char *rule;
	int years, end, rc;

	*match = 0;
	if ((rc = org_term(db, o, &years, &end, &rule, err)))
		return rc;
	*match = end != DATE_NONE && end < today;
	return ST_OK;
}

/* A temporary organization past its end date and not yet dissolved. */
static int temporary_ended(struct db *db, const struct org *o, int today, int *match,
			   struct error *err)
{
	(void)db;
	(void)err;
	*match = !strcmp(org_state_on(o, today), "ended");
	return ST_OK;
}

const struct todo_kind todo_kinds[] = {
	{ "probation_overdue", TODO_MEMBERS, "members?status=probationary&overdue=1",
	  todo_probation_overdue, NULL },
	{ "term_expired", TODO_ORGS, "children?todo=term_expired", NULL, term_expired },
	{ "temporary_ended", TODO_ORGS, "children?todo=temporary_ended", NULL, temporary_ended },
};
const size_t nr_todo_kinds = sizeof(todo_kinds) / sizeof(todo_kinds[0]);

const struct todo_kind *todo_find(const char *key)
{
	for (size_t i = 0; key && i < nr_todo_kinds; i++)
		if (!strcmp(todo_kinds[i].key, key))
			return &todo_kinds[i];
	return NULL;
}

struct org_walk {
	struct db *db;
	int today;
	long long *counts;            /* per kind, NULL when walking for one kind */
	const struct todo_kind *only; /* one kind (todo_orgs) */
	org_visit_fn fn;
	void *ctx;
	int rc;
	struct error *err;
};

static int walk_org(const struct org *o, void *vctx)
{
	struct org_walk *w = vctx;

	for (size_t i = 0; i < nr_todo_kinds; i++) {
		const struct todo_kind *k = &todo_kinds[i];
		int match = 0;
		if (k->subject != TODO_ORGS || (w->only && k != w->only))
			continue;
		if ((w->rc = k->org_matches(w->db, o, w->today, &match, w->err)))
			return 1;
		if (!match)
			continue;
		if (w->counts)
			w->counts[i]++;
		if (w->fn && w->fn(o, w->ctx))
			return 1;
	}
	return 0;
}

int todo_count(struct db *db, long long root, int today, long long *counts,
	       struct error *err)
{
	struct org_walk w = { db, today, counts, NULL, NULL, NULL, 0, err };
	int rc;

	for (size_t i = 0; i < nr_todo_kinds; i++) {
		const struct todo_kind *k = &todo_kinds[i];
		struct person_query q;
		counts[i] = 0;
		if (k->subject != TODO_MEMBERS)
			continue;
		memset(&q, 0, sizeof(q));
		q.org_id = root;
		q.subtree = 1;
		if ((rc = k->members(db, today, &q, err)) ||
		    (rc = person_store_count(db, &q, &counts[i], err)))
			return rc;
	}
	if ((rc = org_store_subtree(db, root, walk_org, &w, err)))
		return rc;
	return w.rc;
}

int todo_orgs(struct db *db, long long root, const struct todo_kind *k, int today,
	      org_visit_fn fn, void *ctx, struct error *err)
{
	struct org_walk w = { db, today, NULL, k, fn, ctx, 0, err };
	int rc;

	if (k->subject != TODO_ORGS) {
		error_setc(err, ST_INVALID, "todo", "todo_not_for_orgs",
			   "%s is not a to-do of organizations", k->key);
		error_param(err, "value", "%s", k->key);
		return ST_INVALID;
	}
	if ((rc = org_store_subtree(db, root, walk_org, &w, err)))
		return rc;
	return w.rc;
}
