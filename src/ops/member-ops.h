/*
 * member-ops.h - business operations on people and members.
 *
 * Creation and edits validate the whole record (person_validate), check the
 * organization (exists, active) and the uniqueness of the ID number, write
 * the row and a timeline event with the changed fields (before/after), in
 * one transaction. The _tx variants run inside the caller's transaction.
 * Shared by the CLI, import and the HTTP API. A record masked for output
 * (p->masked, ops/privacy.h) is never written: ST_INTERNAL.
 *
 * An edit never changes the membership status or the key dates (applied,
 * activist, target, admitted, full, exited): the end of a membership is an
 * act of its own (member_end), and a wrongly recorded status or date is
 * fixed by an audited correction with a reason (member_correct).
 */
#ifndef OW_MEMBER_OPS_H
#define OW_MEMBER_OPS_H

#include "core/error.h"
#include "model/event.h"
#include "model/person.h"
#include "store/person-store.h"

struct user;

struct db;

/* Validates p (normalizing it), inserts it, sets p->id. */
int member_create(struct db *db, struct person *p, const char *actor,
		  const char *reference, struct error *err);
int member_create_tx(struct db *db, struct person *p, const char *actor,
		     const char *reference, struct error *err);

/*
 * Replaces the record p->id with p (validated). Writes one event per kind of
 * change: "transfer" (organization), "flags", "updated" (identity). Nothing
 * changed: no event, ST_OK. A p whose status or key dates differ from the
 * stored record is refused: ST_INVALID naming the first such field
 * ("status", "applied", ..., "exited") and the operation to use.
 */
int member_update(struct db *db, struct person *p, const char *actor,
		  const char *reference, struct error *err);
int member_update_tx(struct db *db, struct person *p, const char *actor,
		     const char *reference, struct error *err);

/* The ways a membership ends, each its own act (member_end). */
enum member_end_kind {
	MEMBER_END_WITHDRAWAL = 1, /* "withdrawal" 退党: status withdrawn */
	MEMBER_END_REMOVAL,        /* "removal" 除名 (how self-withdrawal ends): withdrawn */
	MEMBER_END_EXPULSION,      /* "expulsion" 开除党籍, also the heaviest sanction: expelled */
	MEMBER_END_DEATH,          /* "death" 去世: deceased */
};

/* "withdrawal", ... for a kind; NULL for an unknown one. */
const char *member_end_kind_key(int kind);
/* The kind named by key ("withdrawal", "removal", "expulsion", "death"), or 0. */
int member_end_kind_parse(const char *key);

/* Limits of the texts of an ending and of a correction (characters). */
#define MEMBER_REF_MAX_CHARS 40      /* decision reference (文号) */
#define MEMBER_REASON_MAX_CHARS 200  /* reason of a correction */

struct member_end {
	int kind;                 /* enum member_end_kind */
	int date;                 /* day of the act (decision, or death) */
	const char *reference;    /* decision reference; required but for death */
	long long by_org_id;      /* the deciding organization */
};

/*
 * Ends the membership of person_id by the act e, in one transaction with
 * its audit rows (the person row under action "member.end", and an explicit
 * row "member.end" on object "membership/ID" holding kind, date, reference
 * and deciding organization) and a timeline event "ended" dated e->date.
 * Afterwards the status is the ended one (withdrawal and removal:
 * withdrawn; expulsion: expelled; death: deceased) and exited is e->date.
 * Errors, each naming its field: "kind" unknown; "date" missing, in the
 * future, or before the admission or full-membership date; "reference"
 * missing (but for death), over MEMBER_REF_MAX_CHARS or not text; "by" not
 * an organization (ST_INVALID), or neither the member's organization nor
 * one above it; "status" (ST_CONFLICT) when person_id is not a current
 * member (probationary or full), e.g. already ended. ST_NOT_FOUND when the
 * person does not exist. The caller decides whether its user may act for
 * e->by_org_id and for the person (ops/auth.h); nothing here authorizes.
 */
int member_end(struct db *db, long long person_id, const struct member_end *e,
	       const char *actor, struct error *err);
/* member_end inside the caller's open transaction (the expulsion of a
 * disciplinary sanction, ops/standing-ops.h): the same checks and rows, no
 * commit; on an error the caller rolls back. */
int member_end_tx(struct db *db, long long person_id, const struct member_end *e,
		  const char *actor, struct error *err);

/* One field of a correction: its name and its new value. */
struct member_fix {
	const char *field;   /* "status", "applied", ..., "exited" */
	const char *value;   /* status key, or YYYY-MM-DD; "" or NULL clears a date */
};
#define MEMBER_FIXES_MAX 7   /* each field at most once */

/*
 * A correction of a wrongly recorded status or key dates of person_id: the
 * n fixes (1..MEMBER_FIXES_MAX, each field once) are applied together onto
 * the stored record, so that a status and the date it needs are corrected
 * in one act. A correction of the status away from an ended status
 * (withdrawn, expelled, deceased) is a reinstatement: the exit date is
 * cleared with it. A status is never corrected to an ended one (that is
 * member_end). reason (required, at most MEMBER_REASON_MAX_CHARS) is kept
 * in the explicit audit row ("member.correct" on "membership/ID") and in the
 * timeline event "correction" (detail: each changed field with from/to, and
 * the reason), which is dated on the day the correction is made, never
 * before the act it corrects; reference is optional. The corrected record
 * must pass person_validate. One transaction. Errors name their field
 * ("field", "value", "reason", or the record's field that the result
 * breaks); a correction that changes nothing is ST_INVALID ("value").
 * Returns the corrected record in *out when out is not NULL.
 */
int member_correct(struct db *db, long long person_id, const struct member_fix *fixes,
		   size_t n, const char *reason, const char *reference,
		   const char *actor, struct person *out, struct error *err);

/*
 * As member_update_tx, for a record moved to another organization by a
 * dated organization change (a merge): its "transfer" event is dated date
 * (DATE_NONE: today), the day the member's organization changed.
 */
int member_move_tx(struct db *db, struct person *p, int date, const char *actor,
		   const char *reference, struct error *err);

/*
 * As member_move_tx, for the receipt of a transfer letter (ops/transfer-ops.h):
 * the period of the new organization records reason "transfer" and the
 * transfer's id, and so does the "transfer" event.
 */
int member_transfer_tx(struct db *db, struct person *p, int date, long long transfer_id,
		       const char *actor, const char *reference, struct error *err);

/*
 * The rules a record's key dates obey (model/person.h struct person_rules),
 * read from the catalogue in force today with the installation's
 * overrides; callers pass them to person_validate.
 */
int member_person_rules(struct db *db, struct person_rules *r, struct error *err);

/* Rule checks that need the store: organization active, ID number unused. */
int member_check_refs(struct db *db, const struct person *p, struct error *err);

/*
 * The answer to an ID number registered for another person: ST_CONFLICT
 * naming the field "id_number", with this message, which gives neither the
 * other person nor the number (the other record may lie outside the
 * caller's scope; the organization department above both resolves it).
 */
#define MEMBER_ID_TAKEN "the ID number is already registered for another person;" \
	" the organization department above both records can resolve it"

/*
 * After member_create or member_update failed with ST_CONFLICT on the field
 * "id_number": when viewer may read the person registered with id_number
 * (viewer NULL: full scope, the command line), rewrites err's message to
 * name that person; otherwise leaves the message that names nobody. Other
 * errors in err are left alone. Returns ST_OK, or a storage error (err is
 * not changed then).
 */
int member_explain_conflict(struct db *db, const struct user *viewer,
			    const char *id_number, struct error *err);

/*
 * The member's timeline: the recorded events plus one derived event per
 * key date of the record (kinds "applied", "activist", "target",
 * "admitted", "full", "exited"; id 0, actor "record"), in date order.
 * ST_NOT_FOUND when the person does not exist.
 */
int member_timeline(struct db *db, long long id, event_visit_fn fn,
		    void *ctx, struct error *err);

#endif
