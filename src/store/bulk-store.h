/*
 * bulk-store.h - SQL for loading many persons at once (import).
 *
 * A large import inserts rows with one cached statement inside the
 * caller's transaction, without per-row timeline events (the import_batches
 * row and persons.import_batch say where rows came from), and may set the
 * insert triggers of persons aside for the load: then the keys of the new
 * rows (person_ids: ID-number blind index; person_order: organization and
 * pinyin sort key; migrations.c migration 6) are collected in memory while the rows
 * go in, sorted, and appended to their tables in key order before the
 * commit (much cheaper than a million random B-tree inserts, and than an
 * index build, which sorts the whole table). The ID-number uniqueness is
 * then checked by the caller against the IDs already stored
 * (bulk_id_numbers_each) and, as a last guard, by the primary key of
 * person_ids. Row-level reads and writes for everything else are in
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

/* The row triggers on INSERT into persons, as dropped for a load. */
struct bulk_triggers {
	char *audit_sql;    /* persons_audit_insert (migrations.c migration 3) */
	char *change_sql;   /* persons_change_insert (migration 4) */
	char *keys_sql;     /* persons_keys_insert (migration 6) */
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

struct bulk_keys;

/*
 * Inserts p (already validated and normalized) as a new row tagged with
 * import batch `batch`, deriving pinyin, initials and the sort key from the
 * name. Sets p->id. Same column encoding as person_store_insert.
 * (bulk_row_encode + bulk_row_insert in one call; then bulk_keys_add when
 * keys is not NULL.)
 */
int bulk_person_insert(struct db *db, struct person *p, long long batch,
		       struct bulk_keys *keys, struct error *err);

#define BULK_SORT_KEY_SIZE 512
/* persons.pii: first byte, then ID number, phone and address sealed */
#define BULK_SEALED_PII_SIZE (1 + CRYPTO_SEAL_OVERHEAD + IDCARD_SIZE + \
			      PERSON_PHONE_SIZE + PERSON_ADDRESS_SIZE)

/*
 * A person as the columns of persons hold it: every value derived (pinyin,
 * initials, ICU sort key) and hashed (blind index), so that inserting it is
 * sealing, binding and stepping only. The ID number, phone and address are
 * kept in clear here and sealed only when the row is inserted, because the
 * sealed value is bound to the row's id (store/db-internal.h). Built
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
	unsigned short key_len;          /* 0 = NULL */
	unsigned char has_bidx;
	unsigned char bidx[CRYPTO_BIDX_BYTES];
	unsigned char key[BULK_SORT_KEY_SIZE];
	char id_number[IDCARD_SIZE];     /* "" = none; sealed on insert */
	char phone[PERSON_PHONE_SIZE];
	char address[PERSON_ADDRESS_SIZE];
};

/*
 * The pinyin, initials and sort keys of names seen lately, so that the
 * many people who share a name cost one derivation: direct-mapped by a
 * hash of the name, short names only. One per thread (not locked).
 */
#define BULK_NAME_SLOTS 65536
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

/* Starts loading the cache slot of name (encoding a row a few rows later
 * then finds it in the processor's cache; NULL cache: nothing). */
void bulk_name_prefetch(const struct bulk_name_cache *cache, const char *name);

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
 * The keys of the persons a load inserts while persons_keys_insert is set
 * aside: bulk_keys_add after each bulk_row_insert, bulk_keys_write once at
 * the end (inside the load's transaction) sorts them on two threads and
 * appends them to person_ids and person_order. ST_CONFLICT when an ID
 * number is already in person_ids. About 60 bytes of memory per row.
 */
struct bulk_keys;
/* rows: how many the load expects (0: unknown), for the first allocation */
struct bulk_keys *bulk_keys_new(size_t rows);
void bulk_keys_add(struct bulk_keys *k, const struct bulk_row *r, long long id);
int bulk_keys_write(struct db *db, struct bulk_keys *k, struct error *err);
void bulk_keys_free(struct bulk_keys *k);

/*
 * For the generator, which inserts row by row through person_store_insert:
 * bulk_keys_suspend drops persons_keys_insert and returns its CREATE
 * statement in *saved_sql (caller frees; NULL when there is none);
 * bulk_keys_from_table fills person_ids and person_order from persons by
 * one sorted pass each and recreates the trigger from saved_sql.
 */
int bulk_keys_suspend(struct db *db, char **saved_sql, struct error *err);
int bulk_keys_from_table(struct db *db, const char *saved_sql, struct error *err);

/*
 * Inserts rows[0, n) (encoded) tagged with import batch `batch` in one
 * statement; they get the ids *first_id .. *first_id + n - 1 in order. When
 * the statement fails nothing of the n rows stays (statement rollback) and
 * the caller may insert them one by one with bulk_row_insert to learn which
 * row fails; ST_INTERNAL (rows inserted, but not numbered in sequence) is
 * not such a failure: the load must stop and roll back.
 */
int bulk_rows_insert(struct db *db, const struct bulk_row *rows, size_t n,
		     long long batch, long long *first_id, struct error *err);

/*
 * Outside a transaction: on = 1 switches the database from WAL to a rollback
 * journal for a large load, so that new pages are written once into the
 * database file instead of into the WAL and again by the checkpoint (a
 * commit stays atomic and durable: synchronous stays FULL). It silently
 * stays in WAL when other connections are open. It also turns the
 * foreign-key checks off for the load: the loader has resolved every
 * organization reference itself and holds the write lock while it runs,
 * so the per-row lookup in orgs would only repeat that. on = 0 returns to
 * WAL and turns the checks back on.
 */
void bulk_load_mode(struct db *db, int on);

/* Sets the row count of an import batch (known only at the end). */
int bulk_batch_set_rows(struct db *db, long long batch, long long rows,
			struct error *err);

#endif
