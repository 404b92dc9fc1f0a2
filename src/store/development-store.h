/*
 * development-store.h - the dev_steps table: the recorded steps of a
 * member's development (model/development.h), with their fields as JSON.
 *
 * Row-level access only: which step may come and what it does to the
 * record is model/development.c and ops/development-ops.c. Rows are never
 * deleted (a trigger refuses it); every insert and update is audited by
 * the table's triggers.
 */
#ifndef OW_DEVELOPMENT_STORE_H
#define OW_DEVELOPMENT_STORE_H

#include <stddef.h>

#include "core/error.h"
#include "model/development.h"

struct db;

/* Inserts r (its fields as a JSON object of strings), sets r->id and r->recorded_at. */
int dev_store_insert(struct db *db, struct dev_record *r, struct error *err);

/*
 * The steps of person_id in date order, then recording order, into *out
 * (caller frees; at most max of them, ST_TOO_BIG beyond), *n their number.
 */
int dev_store_list(struct db *db, long long person_id, struct dev_record **out,
		   size_t *n, size_t max, struct error *err);

#endif
