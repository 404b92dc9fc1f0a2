/*
 * transfer-ops.h - the transfer of a member's organizational relationship
 * as a two-sided procedure: the sending organization issues the
 * introduction letter (start), the member is in transit, and the receiving
 * organization either confirms receipt (receive: the relationship moves on
 * that day, to the destination or the branch below it that takes the
 * member in) or returns the letter with a reason (return: nothing moves).
 *
 * Each act is one transaction with its audit rows (the transfers row's
 * triggers, the person's row and the member_orgs period on receipt) and a
 * timeline event; a kill -9 leaves the whole act or none of it. The
 * operations take no user: the caller authorizes (ops/auth.h
 * authorize_transfer; the sender by the person, the receiver by the
 * destination). Shared by the CLI and the API.
 */
#ifndef OW_TRANSFER_OPS_H
#define OW_TRANSFER_OPS_H

#include "core/error.h"
#include "model/transfer.h"

struct db;

struct transfer_start {
	long long person_id;
	const char *to;          /* destination: a code, or "id:N" */
	int date;                /* day of the letter; required, not in the future */
	const char *letter;      /* letter number; NULL or "": generated */
	int valid_days;          /* 0: the longest the catalogue allows */
};

/*
 * Issues the letter: the person must be a current member (probationary or
 * full) with no letter in transit; the destination an active organization
 * other than the member's own (abroad and the military system are refused,
 * model/transfer.h); the date not in the future nor before the member's
 * last change of organization; the validity at most
 * transfer.letter_valid_months of the catalogue in force on the date.
 * Errors name their field: "to" (transfer_abroad, transfer_military,
 * unknown_org, transfer_same_org, org_dissolved), "date", "letter",
 * "valid_days", "status" (not_current_member), "id" (transfer_in_transit:
 * ST_CONFLICT). Sets *out (id, letter number, validity).
 */
int transfer_start(struct db *db, const struct transfer_start *s, const char *actor,
		   struct transfer *out, struct error *err);

/*
 * Confirms receipt of transfer id on date (not in the future, not before
 * the letter, not after its validity: transfer_letter_expired) by org_id
 * (0: the destination itself; else the destination or an organization
 * below it, active: "org"). The member's organization becomes it on date
 * (member_orgs period, "transfer" event). ST_CONFLICT
 * "transfer_not_in_transit" when already received or returned, and
 * "transfer_member_moved" when the member is no longer registered at the
 * sending organization or no longer a current member.
 */
int transfer_receive(struct db *db, long long id, int date, long long org_id,
		     const char *actor, struct transfer *out, struct error *err);

/*
 * Returns transfer id with reason (required, at most
 * TRANSFER_REASON_MAX_CHARS) on date (DATE_NONE: today; not before the
 * letter, not in the future). Nothing moves.
 */
int transfer_return(struct db *db, long long id, const char *reason, int date,
		    const char *actor, struct transfer *out, struct error *err);

#endif
