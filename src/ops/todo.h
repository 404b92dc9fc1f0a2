/*
 * todo.h - the to-do list of the workbench: the one table of to-do kinds,
 * each a finding rule of the findings engine (ops/findings.h: the one home
 * of each rule) counted over the subtree in scope, with the list that shows
 * its findings.
 *
 * A kind finds either persons or organizations, as its finding rule does.
 * Later areas add a finding rule (ops/findings.c) and, to show it on the
 * workbench, a row of todo_kinds[] (src/ops/todo.c); the API (GET
 * /orgs/{id}/todo), the filtered lists and the UI follow the table. Not
 * for: authorization (ops/auth.c; callers authorize the root first) nor the
 * words shown (the UI's catalogues, key "home.todo.<key>" for the kinds
 * with a list of their own, "findings.rule.<finding>" for the others).
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
	const char *finding;        /* its rule of the findings engine */
};

extern const struct todo_kind todo_kinds[];
extern const size_t nr_todo_kinds;

/* The kind of key, or NULL. */
const struct todo_kind *todo_find(const char *key);

/*
 * Counts every kind over the subtree of root (root included) on today,
 * counts[i] for todo_kinds[i], from the findings engine: the person rules
 * from the server's statistics engine when one runs (ops/stats-live.h),
 * else by the scan of the subtree's records; the organizations walked
 * once. Cost: the size of the subtree.
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
