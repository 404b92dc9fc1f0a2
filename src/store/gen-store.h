/*
 * gen-store.h - bulk loading of a freshly created database by the generator.
 *
 * The generator writes into a new file that is renamed into place only when
 * complete, so the load trades crash safety of the file for speed: no
 * rollback journal, no fsync until the end, the keys of persons
 * (person_ids, person_order) filled at the end in one sorted pass each
 * instead of row by row. Organizations get explicit
 * ids (the generator numbers them) together with their current version and
 * their 'establish' event. The per-row audit triggers are suspended for the
 * load; the audit log gets one summary row. Not for loading into a database in use (that is
 * bulk-store.h) and no rules here.
 */
#ifndef OW_GEN_STORE_H
#define OW_GEN_STORE_H

#include "core/error.h"
#include "model/org.h"
#include "model/person.h"

struct db;

/* Switches db to load mode, begins a transaction, sets the keys trigger
 * of persons aside. */
int gen_store_begin(struct db *db, struct error *err);

/* Inserts o with id o->id, its open version (state 'active' from
 * o->established) and an 'establish' event by actor 'gen'. */
int gen_store_org(struct db *db, const struct org *o, struct error *err);

/* Inserts p (pinyin, initials, sort key derived from the name); sets p->id. */
int gen_store_person(struct db *db, struct person *p, struct error *err);

/* Inserts a development step (model/development.h) of a stored person. */
struct dev_record;
int gen_store_step(struct db *db, struct dev_record *r, struct error *err);
/* Inserts a standing record (model/standing.h) of a stored person. */
struct standing_record;
int gen_store_standing(struct db *db, struct standing_record *r, struct error *err);

/* Commits and begins again (bounds the size of one transaction). */
int gen_store_checkpoint(struct db *db, struct error *err);
/*
 * Calls fn(person id, organization id, ctx) for the first `limit` current
 * members (probationary or full) in id order; non-zero stops the walk.
 */
int gen_store_dues_members(struct db *db, long long limit,
			   int (*fn)(long long person_id, long long org_id, void *ctx), void *ctx,
			   struct error *err);

/*
 * Commits, fills the keys of persons and restores their trigger
 * (ST_CONFLICT if ID numbers are not unique), runs ANALYZE, records one audit row 'db.generate' by 'gen' with
 * summary (JSON text) as its detail (the row triggers are off during the
 * load), returns to WAL with synchronous=FULL and checkpoints so that the
 * file is complete and synced on disk.
 */
int gen_store_finish(struct db *db, const char *summary, struct error *err);

#endif
