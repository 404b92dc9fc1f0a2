/*
 * org-store.h - the orgs and org_versions tables (org_events: event-store.h).
 *
 * Row-level access only: no business rules (ops/org-ops.c decides what may
 * change). Every function runs inside the caller's transaction when one is
 * open. Records are copied into caller-owned structs.
 */
#ifndef OW_ORG_STORE_H
#define OW_ORG_STORE_H

#include "core/error.h"
#include "model/org.h"

struct db;

/* Inserts o (o->id == 0) and sets o->id. ST_CONFLICT on a duplicate code. */
int org_store_insert(struct db *db, struct org *o, struct error *err);
/* Rewrites every column of the row o->id. */
int org_store_update(struct db *db, const struct org *o, struct error *err);
int org_store_get(struct db *db, long long id, struct org *out, struct error *err);
int org_store_get_by_code(struct db *db, const char *code, struct org *out,
			  struct error *err);

/* Calls fn for each child of parent_id (0 = roots) in code order; stops on non-zero. */
typedef int (*org_visit_fn)(const struct org *o, void *ctx);
int org_store_children(struct db *db, long long parent_id, int include_dissolved,
		       org_visit_fn fn, void *ctx, struct error *err);
/*
 * Calls fn for each active organization of the subtree of root (root
 * included), in code order, reached through the parent index: the cost is
 * the size of the subtree. Stops on non-zero.
 */
int org_store_subtree(struct db *db, long long root, org_visit_fn fn, void *ctx,
		      struct error *err);
/* Organizations whose name contains text or whose code starts with it. */
int org_store_search(struct db *db, const char *text, int limit,
		     org_visit_fn fn, void *ctx, struct error *err);
/*
 * As org_store_search, restricted to the subtree of scope_root (0 = all):
 * the scope predicate of organization searches.
 */
int org_store_search_scoped(struct db *db, const char *text, long long scope_root,
			    int limit, org_visit_fn fn, void *ctx, struct error *err);
/* Number of direct children (active only). */
int org_store_count_children(struct db *db, long long id, long long *n,
			     struct error *err);
/*
 * 1 if anc is id or one of its ancestors, else 0 (also when id does not
 * exist, unless id == anc); negative status on failure (a cyclic tree is
 * ST_DB). Answered from the process-wide ancestry cache (see org-store.c),
 * which is valid for the tree stamp read in the caller's snapshot: call it
 * inside the read or write transaction whose tree it should see.
 */
int org_store_is_ancestor(struct db *db, long long anc, long long id,
			  struct error *err);
/*
 * Parent of organization id (0 for a root) from the same cache;
 * ST_NOT_FOUND "no organization N" when id does not exist.
 */
int org_store_parent(struct db *db, long long id, long long *parent,
		     struct error *err);
/* Frees the ancestry cache (tests, shutdown); it refills on demand. */
void org_store_cache_clear(void);
/* Total organizations (all, dissolved included). */
int org_store_count(struct db *db, long long *n, struct error *err);


/* Closes the current version at `from` and opens a new one from `from`. */
int org_store_new_version(struct db *db, const struct org *o, int from,
			  const char *state, struct error *err);
/*
 * valid_from of the organization's latest version (the highest valid_from;
 * DATE_NONE when it has none): a dated change may not come before it.
 */
int org_store_latest_version(struct db *db, long long org_id, int *from,
			     struct error *err);
/*
 * The consistency check of the history: one ordered pass over every
 * organization's versions (index org_versions_org). fn is called for each
 * version that ends before it begins (problem "inverted") and for each
 * pair of consecutive versions that overlap (the earlier one open or
 * ending after the later one begins: problem "overlap"), with the
 * organization's code and the dates as text ("" for an open end; the
 * second pair "" for an inverted version); a non-zero answer stops the
 * pass. *bad counts every finding. ST_DB on SQL errors.
 */
typedef int (*org_version_problem_fn)(const char *code, const char *problem,
				      const char *from1, const char *to1,
				      const char *from2, const char *to2, void *ctx);
int org_store_check_versions(struct db *db, org_version_problem_fn fn, void *ctx,
			     long long *bad, struct error *err);
/* Version valid on day (ST_NOT_FOUND before establishment). */
int org_store_version_on(struct db *db, long long org_id, int day,
			 struct org_version *out, struct error *err);
/* Children of parent_id as they were on day. */
typedef int (*org_version_visit_fn)(const struct org_version *v, void *ctx);
int org_store_children_on(struct db *db, long long parent_id, int day,
			  org_version_visit_fn fn, void *ctx, struct error *err);

/*
 * Members of a temporary organization (table temp_memberships, audited by
 * its trigger): a person recorded beside the formal branch, which stays
 * persons.org_id. insert: ST_CONFLICT when already recorded. each: fn per
 * person id and day joined, in order of joining; stops at a non-zero
 * answer.
 */
int org_store_temp_member_add(struct db *db, long long org_id, long long person_id,
			      int joined, struct error *err);
int org_store_temp_members(struct db *db, long long org_id,
			   int (*fn)(long long person_id, int joined, void *ctx),
			   void *ctx, struct error *err);

#endif
