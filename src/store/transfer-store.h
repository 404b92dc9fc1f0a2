/*
 * transfer-store.h - the SQL of transfers (introduction letters) and of
 * member_orgs, the periods of each member's organization by date
 * (migration 17). Prepared statements only; every list is bounded by one
 * organization (its index), never a scan of the country.
 * Not for: whether an act is allowed or what it means (ops/transfer-ops.c,
 * model/transfer.c).
 */
#ifndef OW_TRANSFER_STORE_H
#define OW_TRANSFER_STORE_H

#include "core/error.h"
#include "model/transfer.h"

struct db;

/* Inserts t (id set on success). A second letter in transit for the
 * person or a letter number the sender used before: ST_CONFLICT. */
int transfer_store_insert(struct db *db, struct transfer *t, struct error *err);
/* Writes t's status, receipt and return fields. */
int transfer_store_update(struct db *db, const struct transfer *t, struct error *err);
/* The transfer id into *out; ST_NOT_FOUND "no transfer N". */
int transfer_store_get(struct db *db, long long id, struct transfer *out,
		       struct error *err);
/* The person's letter in transit into *out; ST_NOT_FOUND when none. */
int transfer_store_open_of(struct db *db, long long person_id, struct transfer *out,
			   struct error *err);

enum transfer_dir {
	TD_BOTH = 0,
	TD_OUT,   /* sent by the organization */
	TD_IN,    /* addressed to it, or received by it */
	TD_ALL,   /* every transfer (the command line's whole database) */
};
typedef int (*transfer_visit_fn)(const struct transfer *t, void *ctx);
/*
 * The transfers of org_id in direction dir (status 0: any), in id order
 * after after_id, at most limit; fn per row (non-zero stops). person_id
 * non-zero: that person's transfers instead (org_id and dir ignored);
 * dir TD_ALL: every transfer, for the command line only.
 */
int transfer_store_list(struct db *db, long long org_id, int dir, long long person_id,
			int status, long long after_id, int limit, transfer_visit_fn fn,
			void *ctx, struct error *err);
/*
 * As transfer_store_list for the whole subtree of root (root included,
 * dissolved organizations too): the transfers sent by (TD_OUT), addressed
 * to or received by (TD_IN) any organization of it, or both (TD_BOTH); a
 * transfer inside the subtree is both. Cost: the organizations of the
 * subtree (the parent index) and their transfers (the indexes of the
 * sender, the destination and the receiver), never the country's.
 */
int transfer_store_list_subtree(struct db *db, long long root, int dir, int status,
				long long after_id, int limit, transfer_visit_fn fn, void *ctx,
				struct error *err);
/*
 * The earliest last valid day of the letters org_id sent that were in
 * transit on day with their validity over before it (the transfer_stuck
 * finding), into *due (DATE_NONE when none); *n their number.
 */
int transfer_store_stuck(struct db *db, long long org_id, int day, int *due,
			 long long *n, struct error *err);

/*
 * The person's organization changes on day from from_org to to_org
 * (reason: "edit", "merge", "transfer"; transfer_id or 0): the open period
 * ends on day (a person without periods gets the one since the record
 * began, at from_org), a new one opens. ST_CONFLICT naming "date" (code
 * "org_change_date_order") when day lies before the start of the open
 * period.
 */
int member_org_store_change(struct db *db, long long person_id, long long from_org,
			    long long to_org, int day, const char *reason,
			    long long transfer_id, struct error *err);

/* A period of a person's organization. */
struct member_org {
	long long id, person_id, org_id, transfer_id;
	int valid_from;   /* DATE_NONE: since the record began */
	int valid_to;     /* DATE_NONE: still there */
	char reason[16];
};
typedef int (*member_org_visit_fn)(const struct member_org *m, void *ctx);
/* The periods of person_id, oldest first. */
int member_org_store_history(struct db *db, long long person_id, member_org_visit_fn fn,
			     void *ctx, struct error *err);
/*
 * The persons whose organization on day was org_id: those with a period
 * of org_id covering day, and those registered at org_id now without any
 * period; fn per person id, in no particular order. Cost: the periods and
 * registrations of org_id.
 */
typedef int (*person_id_fn)(long long person_id, void *ctx);
int member_org_store_on(struct db *db, long long org_id, int day, person_id_fn fn,
			void *ctx, struct error *err);

/*
 * The persons whose organization on day differs from the one they are
 * registered at now: fn(person id, the organization of day, now's) per
 * person. Cost: the periods recorded (changes of organization), never
 * the persons of the country.
 */
typedef int (*member_moved_fn)(long long person_id, long long then_org, long long now_org,
			       void *ctx);
int member_org_store_moved_since(struct db *db, int day, member_moved_fn fn, void *ctx,
				 struct error *err);

/*
 * The destinations a letter may name, for the search of the sending side:
 * active organizations whose code is text, then whose code or name starts
 * with text (index ranges of the code and the name), then whose name holds
 * text anywhere, at most limit (capped at TRANSFER_DEST_LIMIT_MAX), each
 * once, as fn(code, name). The substring is a bounded scan: the first
 * TRANSFER_DEST_SCAN_MAX entries of the name index, in name order (never
 * the organizations' rows, never more); *partial is 1 when that window
 * ended before the index did with fewer than limit found (a longer text,
 * or the start of the name or the code, finds the rest).
 */
#define TRANSFER_DEST_LIMIT_MAX 50
#define TRANSFER_DEST_SCAN_MAX 200000
typedef int (*dest_fn)(const char *code, const char *name, void *ctx);
int transfer_store_destinations(struct db *db, const char *text, int limit, dest_fn fn,
				void *ctx, int *partial, struct error *err);

/*
 * Every k-th current member (probationary or full, with an organization)
 * by id, at most n: fn(person id, org id) per member. For the generator
 * (src/gen/gen-transfers.c); one pass over the persons.
 */
typedef int (*member_pick_fn)(long long person_id, long long org_id, void *ctx);
int transfer_store_sample_members(struct db *db, long long k, int n, member_pick_fn fn,
				  void *ctx, struct error *err);

#endif
