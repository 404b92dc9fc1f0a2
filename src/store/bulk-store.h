/*
 * bulk-store.h - SQL for loading many persons at once (import).
 *
 * A large import inserts rows with one cached statement inside the
 * caller's transaction, without per-row timeline events (the import_batches
 * row and persons.import_batch say where rows came from), and may drop the
 * secondary indexes of persons for the load and rebuild them before commit
 * (building an index by sorting is much cheaper than a million random
 * B-tree inserts). The ID-number uniqueness the dropped unique index would
 * enforce is then checked by the caller against the IDs already stored
 * (bulk_id_numbers_each) and, as a last guard, again when the index is
 * rebuilt. Row-level reads and writes for everything else are in
 * person-store.h; no rules here.
 */
#ifndef OW_BULK_STORE_H
#define OW_BULK_STORE_H

#include "core/error.h"
#include "model/person.h"

struct db;

/* Rows in persons. */
int bulk_person_count(struct db *db, long long *n, struct error *err);

/* Calls fn for each stored ID number (normalized); stops on non-zero. */
typedef int (*bulk_id_fn)(const char *id_number, long long person_id, void *ctx);
int bulk_id_numbers_each(struct db *db, bulk_id_fn fn, void *ctx,
			 struct error *err);

/* *person_id = the person holding id_number, or 0. */
int bulk_id_number_find(struct db *db, const char *id_number,
			long long *person_id, struct error *err);

/* The secondary indexes of persons, as dropped (to be rebuilt). */
struct bulk_indexes {
	char **sql;
	size_t n;
};

/*
 * Drops every explicitly created index of persons, remembering its CREATE
 * statement in *saved. Must run inside a transaction so that a rollback
 * brings them back.
 */
int bulk_drop_person_indexes(struct db *db, struct bulk_indexes *saved,
			     struct error *err);
/* Recreates what bulk_drop_person_indexes dropped (ST_CONFLICT if a unique
 * index meets duplicates). Does not release saved. */
int bulk_restore_person_indexes(struct db *db, const struct bulk_indexes *saved,
				struct error *err);
void bulk_indexes_release(struct bulk_indexes *saved);

/*
 * Inserts p (already validated and normalized) as a new row tagged with
 * import batch `batch`, deriving pinyin, initials and the sort key from the
 * name. Sets p->id. Same column encoding as person_store_insert.
 */
int bulk_person_insert(struct db *db, struct person *p, long long batch,
		       struct error *err);

/*
 * Outside a transaction: on = 1 switches the database from WAL to a rollback
 * journal for a large load, so that new pages are written once into the
 * database file instead of into the WAL and again by the checkpoint (a
 * commit stays atomic and durable: synchronous stays FULL). It silently
 * stays in WAL when other connections are open. on = 0 returns to WAL.
 */
void bulk_journal_mode(struct db *db, int on);

/* Sets the row count of an import batch (known only at the end). */
int bulk_batch_set_rows(struct db *db, long long batch, long long rows,
			struct error *err);

#endif
