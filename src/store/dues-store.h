/*
 * dues-store.h - the dues tables (migration 18, model/dues.h): bases,
 * reductions and exemptions, monthly payments and special payments.
 * Row-level access only; the rules and the order of the acts are
 * ops/dues-ops.c. Rows are append-only (triggers refuse updates and
 * deletes) and every insert is audited by its trigger.
 */
#ifndef OW_DUES_STORE_H
#define OW_DUES_STORE_H

#include <stddef.h>

#include "core/error.h"
#include "model/dues.h"

struct db;

/* Inserts r (actor set by the caller); sets r->id. */
int dues_store_add_base(struct db *db, struct dues_base *r, struct error *err);
int dues_store_add_relief(struct db *db, struct dues_relief *r, struct error *err);
int dues_store_add_special(struct db *db, struct dues_special *r, struct error *err);
/* Inserts one month of a payment (r->batch set by the caller); sets r->id. */
int dues_store_add_payment(struct db *db, struct dues_payment *r, struct error *err);
/* A new batch number for a payment (one more than the largest). */
int dues_store_next_batch(struct db *db, long long *batch, struct error *err);

/* Everything recorded of one person's dues, in order of month / day, then id. */
struct dues_file {
	struct dues_base *bases;
	size_t nr_bases, alloc_bases;
	struct dues_relief *reliefs;
	size_t nr_reliefs, alloc_reliefs;
	struct dues_payment *payments;
	size_t nr_payments, alloc_payments;
	struct dues_special *specials;
	size_t nr_specials, alloc_specials;
};
/* Loads person_id's records into f (initialized here; dues_file_release). */
int dues_store_load(struct db *db, long long person_id, struct dues_file *f,
		    struct error *err);
void dues_file_release(struct dues_file *f);

/*
 * Calls fn(person id, name, ctx) for each current member (probationary or
 * full) registered in org_id, in pinyin order. Cost: the organization's persons
 * (person_order).
 */
int dues_store_members(struct db *db, long long org_id,
		       int (*fn)(long long person_id, const char *name, void *ctx), void *ctx,
		       struct error *err);

/*
 * The dues stamp: the sum of the four tables' largest ids. The rows are
 * append-only with ids handed out in sequence, so every row written moves
 * it by one, whoever writes (a server's statistics engine reloads its dues
 * when the stamp moved without it, ops/stats-live.c).
 */
int dues_store_stamp(struct db *db, unsigned long long *out, struct error *err);

#endif
