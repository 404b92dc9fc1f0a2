/*
 * audit-store.h - the audit log (every write) and the access log (reads of
 * person records, reveals, exports): append-only, hash-chained tables.
 *
 * Each row's hash is a keyed BLAKE2b (crypto_audit_mac) of the previous
 * row's hash followed by the canonical encoding of the row (id, at, actor,
 * action, object, before, after: each a presence byte, a 4-byte big-endian
 * length and the bytes). Triggers refuse UPDATE and DELETE; changing a row
 * behind their back (dropping them) breaks the chain at that row, which
 * audit_store_verify finds. Row changes of orgs, persons and users are
 * written by triggers that call the SQL function ow_audit() registered here,
 * inside the writing transaction, with the actor and action of the
 * connection's audit context. Not for: deciding what is logged (ops/audit.c).
 */
#ifndef OW_AUDIT_STORE_H
#define OW_AUDIT_STORE_H

#include "core/crypto.h"
#include "core/error.h"

struct db;

enum audit_table { AUDIT_LOG, ACCESS_LOG };

struct audit_row {
	long long id;
	char at[32];          /* UTC, 2026-01-02T03:04:05.678Z */
	char actor[96];
	char action[64];
	char object[64];
	const char *before;   /* JSON text or NULL (valid during the visit) */
	const char *after;    /* JSON text or NULL; the detail of access rows */
	char hash[2 * CRYPTO_HASH_BYTES + 1];  /* hex */
};

/* Registers ow_audit() on the connection (called by db_open). */
void audit_store_install(struct db *db);

/*
 * Sets who acts and the operation name recorded by the audit triggers on
 * this connection until the next call. actor NULL keeps the current one;
 * action NULL or "" lets each row carry its table operation (org.update).
 */
void audit_store_set_context(struct db *db, const char *actor, const char *action);
/* Current actor of the connection (owned by db). */
const char *audit_store_actor(struct db *db);
/*
 * on = 0 makes the row triggers skip (bulk loads, which record one summary
 * row with audit_store_append instead); on = 1 restores them.
 */
void audit_store_rows(struct db *db, int on);

/*
 * Appends one chained row to table (runs inside the caller's transaction
 * when one is open; each table's chain needs writes serialized, which
 * BEGIN IMMEDIATE gives). before/after may be NULL. *id (may be NULL)
 * receives the row id.
 */
int audit_store_append(struct db *db, enum audit_table table, const char *actor,
		       const char *action, const char *object, const char *before,
		       const char *after, long long *id, struct error *err);

typedef int (*audit_visit_fn)(const struct audit_row *row, void *ctx);
/*
 * Rows newest first, with id < before_id (0 = from the newest), at most
 * limit; *next (may be NULL) receives the id to pass as before_id for the
 * next page, or 0 when there is none.
 */
int audit_store_list(struct db *db, enum audit_table table, long long before_id,
		     int limit, audit_visit_fn fn, void *ctx, long long *next,
		     struct error *err);

/*
 * Recomputes the chain of table. *checked = rows read; *first_bad = id of
 * the first row whose hash or link does not hold, or 0 when the chain is
 * intact (ST_OK in both cases; a failure to read is an error status).
 */
int audit_store_verify(struct db *db, enum audit_table table, long long *checked,
		       long long *first_bad, struct error *err);

/*
 * Checks that every row of orgs, persons and users is what the last audit
 * row of its object ("person/12") recorded, so that a change made with the
 * audit triggers dropped or bypassed shows. For each row that is not, fn
 * (may be NULL) receives the object kind ("person", "org", "user"), the
 * row id and the id of its last audit row (0 when it has none); *nr_rows
 * receives their number. Rows without a row of their own are accepted when
 * a bulk load (import, gen), which writes one summary row instead, can have
 * written them: persons of an import batch, any row of a generated
 * database, organizations once an import has run. Persons last audited
 * before the migration that changed their audit JSON are not compared.
 * Mismatches are not an error status (ST_OK with *nr_rows > 0).
 * Implemented in migrations.c, next to the audit triggers' JSON.
 */
typedef void (*audit_coverage_fn)(const char *object, long long id, long long audit_id,
				  void *ctx);
int audit_store_coverage(struct db *db, audit_coverage_fn fn, void *ctx,
			 long long *nr_rows, struct error *err);

#endif
