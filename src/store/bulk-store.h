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

#include "core/crypto.h"
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
 * Drops the explicitly created indexes of persons (except persons_id_number,
 * over a column a load leaves NULL: its entries append in rowid order),
 * remembering their CREATE statements in *saved. Must run inside a transaction so that a rollback
 * brings them back.
 */
int bulk_drop_person_indexes(struct db *db, struct bulk_indexes *saved,
			     struct error *err);
/* Recreates what bulk_drop_person_indexes dropped (ST_CONFLICT if a unique
 * index meets duplicates). Does not release saved. */
int bulk_restore_person_indexes(struct db *db, const struct bulk_indexes *saved,
				struct error *err);
void bulk_indexes_release(struct bulk_indexes *saved);

/* The row triggers on INSERT into persons, as dropped for a load. */
struct bulk_triggers {
	char *audit_sql;    /* persons_audit_insert (db.c migration 3) */
	char *change_sql;   /* persons_change_insert (migration 4) */
};

/*
 * Drops the triggers that fire on each INSERT into persons, remembering
 * their CREATE statements, for a load that records one summary audit row
 * instead (even muted with audit_store_rows(db, 0) the audit trigger would
 * build the JSON of every row) and bumps the change counter once by the
 * number of rows (instead of one UPDATE per row). Must run inside the
 * load's transaction: bulk_restore_insert_triggers puts them back before
 * the commit and a rollback brings them back; no other connection ever
 * sees them missing. Update and delete triggers are not touched.
 */
int bulk_drop_insert_triggers(struct db *db, struct bulk_triggers *saved,
			      struct error *err);
/*
 * Recreates the triggers and adds `rows` (the persons inserted while they
 * were gone) to the change counter, which the change trigger would have
 * done row by row. Frees nothing; see bulk_triggers_release.
 */
int bulk_restore_insert_triggers(struct db *db, const struct bulk_triggers *saved,
				 long long rows, struct error *err);
void bulk_triggers_release(struct bulk_triggers *saved);

/*
 * Inserts p (already validated and normalized) as a new row tagged with
 * import batch `batch`, deriving pinyin, initials and the sort key from the
 * name. Sets p->id. Same column encoding as person_store_insert.
 * (bulk_row_encode + bulk_row_insert in one call.)
 */
int bulk_person_insert(struct db *db, struct person *p, long long batch,
		       struct error *err);

#define BULK_SORT_KEY_SIZE 512
#define BULK_SEALED_ID_SIZE (IDCARD_SIZE + CRYPTO_SEAL_OVERHEAD)
#define BULK_SEALED_PHONE_SIZE (PERSON_PHONE_SIZE + CRYPTO_SEAL_OVERHEAD)
#define BULK_SEALED_ADDRESS_SIZE (PERSON_ADDRESS_SIZE + CRYPTO_SEAL_OVERHEAD)

/*
 * A person as the columns of persons hold it: every value derived (pinyin,
 * initials, ICU sort key), sealed (ID number, phone, address) and hashed
 * (blind index), so that inserting it is binding and stepping only. Built
 * without the database, so a reading thread can encode rows while another
 * thread inserts earlier ones. Self-contained (no pointers into the person,
 * code keys point to the static code tables).
 */
struct bulk_row {
	long long org_id;                /* 0 = none */
	int sex, ethnicity, education, flags;
	const char *occupation;          /* code key */
	const char *status;              /* code key or NULL */
	/* birth, applied, activist, target, admitted, full, exited: "YYYY-MM-DD"
	 * or "" for none */
	char dates[7][11];
	char name[PERSON_NAME_SIZE];
	char pinyin[PERSON_PINYIN_SIZE];
	char initials[PERSON_INITIALS_SIZE];
	unsigned short key_len, id_len, phone_len, address_len;  /* 0 = NULL */
	unsigned char has_bidx;
	unsigned char bidx[CRYPTO_BIDX_BYTES];
	unsigned char key[BULK_SORT_KEY_SIZE];
	unsigned char id_enc[BULK_SEALED_ID_SIZE];
	unsigned char phone_enc[BULK_SEALED_PHONE_SIZE];
	unsigned char address_enc[BULK_SEALED_ADDRESS_SIZE];
};

/*
 * The pinyin, initials and sort keys of names seen lately, so that the
 * many people who share a name cost one derivation: direct-mapped by a
 * hash of the name, short names only. One per thread (not locked).
 */
#define BULK_NAME_SLOTS 16384
struct bulk_name_slot {
	char name[32];                /* "" = empty */
	char pinyin[64];
	char initials[16];
	unsigned char key[64];
	unsigned char key_len;
};
struct bulk_name_cache {
	struct bulk_name_slot slot[BULK_NAME_SLOTS];
};

/*
 * Encodes p (validated and normalized) into *r, using and filling cache
 * (may be NULL). Thread-safe for distinct caches (touches no connection).
 * ST_INVALID (field "name") when the name is not UTF-8, ST_INTERNAL when
 * no data key is loaded.
 */
int bulk_row_encode(const struct person *p, struct bulk_row *r,
		    struct bulk_name_cache *cache, struct error *err);

/*
 * Inserts an encoded row tagged with import batch `batch` (one cached
 * statement; values bound without copies, r must stay put during the
 * call). *id (may be NULL) receives the new row id. ST_CONFLICT when a
 * unique index refuses it (err names the ID number when that is why).
 */
int bulk_row_insert(struct db *db, const struct bulk_row *r, long long batch,
		    long long *id, struct error *err);

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
