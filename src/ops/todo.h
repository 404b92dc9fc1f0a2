/*
 * todo.h - the to-do list of the workbench: the one table of to-do kinds
 * (what the data says needs doing in a subtree), each counted over the
 * subtree in scope and each with the list that shows its findings.
 *
 * A kind finds either persons (a person_query condition, so that the
 * member list shows exactly what was counted) or organizations (a
 * predicate on one organization, applied while walking the subtree once).
 * Later areas add their findings as rows of todo_kinds[] (src/ops/todo.c);
 * the API (GET /orgs/{id}/todo), the filtered lists and the UI follow the
 * table. Not for: authorization (ops/auth.c; callers authorize the root
 * first) nor the words shown (the UI's catalogues, key "home.todo.<key>").
 */
#ifndef OW_TODO_H
#define OW_TODO_H

#include "core/error.h"
#include "model/org.h"
#include "store/org-store.h"
#include "store/person-store.h"

struct db;

enum todo_subject { TODO_MEMBERS, TODO_ORGS };

struct todo_kind {
	const char *key;            /* stable key, "probation_overdue" */
	enum todo_subject subject;
	/*
	 * The list that shows the findings, as the UI route below the
	 * organization ("members?status=probationary&overdue=1"): the
	 * member list's or the organization list's filter parameters.
	 */
	const char *list;
	/* TODO_MEMBERS: narrows q (org, subtree already set) to the findings on today */
	int (*members)(struct db *db, int today, struct person_query *q,
		       struct error *err);
	/* TODO_ORGS: *match = 1 when o is a finding on today */
	int (*org_matches)(struct db *db, const struct org *o, int today,
			   int *match, struct error *err);
};

extern const struct todo_kind todo_kinds[];
extern const size_t nr_todo_kinds;

/* The kind of key, or NULL. */
const struct todo_kind *todo_find(const char *key);

/*
 * Counts every kind over the subtree of root (root included) on today,
 * counts[i] for todo_kinds[i]. The organizations are walked once for all
 * organization kinds; each member kind is one indexed count over the
 * subtree. Cost: the size of the subtree.
 */
int todo_count(struct db *db, long long root, int today, long long *counts,
	       struct error *err);

/*
 * The probation-overdue condition of the member list (?overdue=1): sets
 * q->status to probationary and q->admitted_before so that the list holds
 * the probationary members whose year of probation (rule
 * membership.probation_years of today) ended before today and whose full
 * membership is not recorded.
 */
int todo_probation_overdue(struct db *db, int today, struct person_query *q,
			   struct error *err);

/*
 * Calls fn for each active organization of the subtree of root that the
 * organization kind k finds on today, in code order.
 */
int todo_orgs(struct db *db, long long root, const struct todo_kind *k, int today,
	      org_visit_fn fn, void *ctx, struct error *err);

#endif
