/*
 * org-ops.h - business operations on the organization tree.
 *
 * Each operation validates, checks the tree rules, writes the row, a new
 * version (for "as of" history) and an event, all in one transaction. The
 * plain names open and commit their own transaction; the _tx variants run
 * inside the caller's open transaction (bulk import) and never commit.
 * actor names who acts ("cli:root", a user login); reference is the decision
 * document number and may be NULL. date is the effective day (DATE_NONE =
 * today). Shared by the CLI and the HTTP API.
 */
#ifndef OW_ORG_OPS_H
#define OW_ORG_OPS_H

#include "core/error.h"
#include "model/org.h"

struct db;

/*
 * The organization named by ref as org_ref_parse() reads it: a code, or
 * "id:N". ST_INVALID for a malformed ref, ST_NOT_FOUND (field "org") when no
 * organization has it; a bare number that is no code is never taken for an
 * id (the error says how an id is written).
 */
int org_resolve(struct db *db, const char *ref, struct org *out,
		struct error *err);

/*
 * The structure rules of the catalogue (model/rules.h) for child sitting
 * under parent on date (DATE_NONE: today): the kind rule
 * structure.parents.<child kind> and structure.level_below_parent.
 * ST_INVALID with field "parent" and a message naming the rule key and its
 * source. Applied by create, move, merge (the children that move) and
 * import (through create).
 */
int org_check_structure(struct db *db, const struct org *child,
			const struct org *parent, int date, struct error *err);

/* o->established DATE_NONE means today. Sets o->id. */
int org_create(struct db *db, struct org *o, const char *actor,
	       const char *reference, struct error *err);
int org_create_tx(struct db *db, struct org *o, const char *actor,
		  const char *reference, struct error *err);

int org_rename(struct db *db, long long id, const char *name, int date,
	       const char *actor, const char *reference, struct error *err);
/* Re-parents id under new_parent; refuses a cycle or a dissolved parent. */
int org_move(struct db *db, long long id, long long new_parent, int date,
	     const char *actor, const char *reference, struct error *err);
/*
 * Merges from into `into`: the children and the members of `from` move to
 * `into` (each member gets a transfer event), then `from` is dissolved with
 * merged_into set. Refuses merging an organization into its own subtree.
 */
int org_merge(struct db *db, long long from, long long into, int date,
	      const char *actor, const char *reference, struct error *err);
/* Refuses while active children or current members remain (move or merge them first). */
int org_dissolve(struct db *db, long long id, int date, const char *actor,
		 const char *reference, struct error *err);

/*
 * Records person_id as a member of the temporary organization org_id from
 * date (DATE_NONE: today), beside the formal branch, which does not change
 * (Regulations on the Work of Party Branches, 2018). One transaction with
 * its audit row (actor). Errors: ST_INVALID "org" when it is not an active
 * temporary organization, ST_INVALID "person" for a person without a
 * current membership, ST_NOT_FOUND, ST_CONFLICT when already recorded.
 */
int org_temp_member_add(struct db *db, long long org_id, long long person_id,
			int date, const char *actor, struct error *err);

#endif
