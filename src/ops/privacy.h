/*
 * privacy.h - the masking of personal identifiers: the one rule for what a
 * reader who has not revealed a record sees of its ID number, phone number
 * and address, and the function that applies it to a record.
 *
 * Every output of a person record - the JSON API, the CLI's text and JSON,
 * the member timeline's change details - masks through these functions;
 * the encoders (json/codec.c, the API's one-record writer, the CLI's
 * printer) encode what they are given and never mask on their own. Showing
 * clear identifiers is a reveal: the caller authorizes it (ops/auth.h,
 * OP_MEMBER_REVEAL; the CLI is the local administrator) and commits its
 * access-log row first (access_log_reveal in ops/audit.h).
 *
 * The rule: ID number   110105********002X  (first 6 and last 4 kept)
 *           mobile      138****5678          (first 3 and last 4)
 *           other phone 010-****78           (first 4 and last 2)
 *           address     ***                  (nothing of it)
 *           an empty value stays empty.
 *
 * The audit log is the one other place that records identifiers, and it
 * does not use this rule: its rows are written by SQL triggers in the
 * writing transaction (store/db.c, PERSON_JSON_V4), so that no writer -
 * ops, import, generator - can change a person without a trace. Since the
 * identifiers are sealed at rest, the trigger never sees their values: it
 * records only whether a phone and an address are present ("***") and the
 * blind index of the ID number (id_bidx), which shows that the number
 * changed without showing any digit of it. That is stricter than the
 * display rule and cannot be the display rule, so it stays in SQL.
 *
 * Not for: authorization (ops/auth.h), the access log (ops/audit.h),
 * sealing at rest (store/db.c).
 */
#ifndef OW_PRIVACY_H
#define OW_PRIVACY_H

#include <stddef.h>

#include "model/person.h"

/* The masked form of any non-empty address. */
#define PRIVACY_ADDRESS_MASK "***"

/*
 * Masked forms into out (size bytes, always NUL-terminated when size > 0;
 * longer results are cut). NULL or "" gives "". Numbers shorter than 10
 * characters are masked entirely; phones of 1 to 6 characters become
 * "****".
 */
void privacy_mask_id_number(const char *id_number, char *out, size_t size);
void privacy_mask_phone(const char *phone, char *out, size_t size);
void privacy_mask_address(const char *address, char *out, size_t size);

/*
 * Masks the ID number, phone and address of p in place and sets p->masked.
 * A masked record is for output only: ops/member-ops.c refuses to write
 * one. Masking a masked record changes nothing.
 */
void privacy_mask_person(struct person *p);

#endif
