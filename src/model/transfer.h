/*
 * transfer.h - the transfer of a member's organizational relationship
 * (组织关系转接): the introduction letter the sending organization issues,
 * its states, and the pure rules of the letter (its validity, the
 * destinations refused). A member's formal relationship moves only when
 * the receiving organization confirms receipt (ops/transfer-ops.h).
 *
 * Pure: no storage, no authorization, no rule values of its own (the
 * letter's longest validity comes from the rules catalogue,
 * transfer.letter_valid_months, and is passed in). Not for: the order of
 * the acts and their transaction (ops/transfer-ops.c), the SQL
 * (store/transfer-store.c).
 */
#ifndef OW_TRANSFER_H
#define OW_TRANSFER_H

#include "core/error.h"

enum transfer_status {
	TS_IN_TRANSIT = 1,   /* "in_transit": letter issued, not yet received */
	TS_RECEIVED,         /* "received": the relationship moved on the receipt day */
	TS_RETURNED,         /* "returned": the receiver sent it back; nothing moved */
};

/* "in_transit", ...; NULL for an unknown status. */
const char *transfer_status_key(int status);
/* The status of key ("in_transit", also "in-transit"); 0 when none. */
int transfer_status_parse(const char *key);

/* Limits of the texts of a transfer (characters). */
#define TRANSFER_LETTER_MAX_CHARS 40    /* letter number (介绍信编号) */
#define TRANSFER_REASON_MAX_CHARS 200   /* reason of a return */
#define TRANSFER_DEST_MAX_CHARS 80      /* a destination search text */

struct transfer {
	long long id, person_id;
	long long from_org_id;      /* the sending organization (the member's then) */
	long long to_org_id;        /* the destination named on the letter */
	char letter_no[4 * TRANSFER_LETTER_MAX_CHARS + 1];
	int issued;                 /* day of the letter */
	int valid_until;            /* last day the letter is valid */
	int status;                 /* enum transfer_status */
	int received;               /* day of receipt, DATE_NONE */
	long long received_org_id;  /* the organization that took the member in, 0 */
	int returned;               /* day of the return, DATE_NONE */
	char return_reason[4 * TRANSFER_REASON_MAX_CHARS + 1];
	char actor[64];
	char created_at[24];
};

void transfer_init(struct transfer *t);

/*
 * The letter's validity in days from issued: valid_days (0: the longest,
 * max_months) must lie in 1 .. the days of max_months from issued (e.g. 92
 * from 2025-03-01 with 3 months). Sets *valid_until to issued + days - 1
 * (the last valid day). ST_INVALID naming "valid_days" (code
 * "transfer_validity", params max, months) otherwise.
 */
int transfer_validity(int issued, int valid_days, int max_months, int *valid_until,
		      struct error *err);

/*
 * The destinations a letter never goes to: abroad (境外) and the
 * military system (军队系统), whose organizational relationships are
 * handled by their own channels. text is what the user named as the
 * destination (a code or a word): ST_INVALID naming "to" with code
 * "transfer_abroad" or "transfer_military" and a message that says so,
 * else ST_OK.
 */
int transfer_destination_check(const char *text, struct error *err);

/* 1 when the letter of t is past its validity on day and still in transit. */
int transfer_stuck_on(const struct transfer *t, int day);

/* The status of t on day: in transit from issue, received or returned
 * from that day on; 0 before the letter was issued. */
int transfer_status_on(const struct transfer *t, int day);

#endif
