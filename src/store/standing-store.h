/*
 * standing-store.h - the standing_records table (model/standing.h): a
 * member's lost contact, floating membership, stopped standing and
 * disciplinary sanctions. Row-level access only; the order of the acts and
 * the rules are ops/standing-ops.c. Rows are never deleted (a trigger
 * refuses it); the audit triggers record every insert and update.
 */
#ifndef OW_STANDING_STORE_H
#define OW_STANDING_STORE_H

#include "core/error.h"
#include "model/standing.h"

struct db;

/* Inserts r (its id, actor set by the caller; created_at by the table); sets r->id. */
int standing_store_insert(struct db *db, struct standing_record *r, struct error *err);

/* Ends the record id on day end with an optional note ("" or NULL: none). */
int standing_store_end(struct db *db, long long id, int end, const char *note,
		       struct error *err);

/*
 * Calls fn for each record of person_id in order of start day, then id; a
 * non-zero return stops the walk (ST_OK). r is valid during the call only.
 */
int standing_store_list(struct db *db, long long person_id, standing_visit_fn fn,
			void *ctx, struct error *err);

/*
 * The persons whose 50-year medal would be due on day july (full from lo to
 * hi, days included; not exited by july) and who are not in good standing
 * on it (probation within the party or stopped standing in force): fn(person
 * id, their organization id, ctx) once each. Costs in proportion to the
 * records of those two kinds started on or before july.
 */
int standing_store_medal_holds(struct db *db, int lo, int hi, int july,
			       int (*fn)(long long person_id, long long org_id, void *ctx),
			       void *ctx, struct error *err);

#endif
