/*
 * member-ops.h - business operations on people and members.
 *
 * Creation and edits validate the whole record (person_validate), check the
 * organization (exists, active) and the uniqueness of the ID number, write
 * the row and a timeline event with the changed fields (before/after), in
 * one transaction. The _tx variants run inside the caller's transaction.
 * Shared by the CLI, import and the HTTP API. A record masked for output
 * (p->masked, ops/privacy.h) is never written: ST_INTERNAL.
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
 * change: "status" (with from/to), "transfer" (organization), "flags",
 * "updated" (identity or dates). Nothing changed: no event, ST_OK.
 */
int member_update(struct db *db, struct person *p, const char *actor,
		  const char *reference, struct error *err);
int member_update_tx(struct db *db, struct person *p, const char *actor,
		     const char *reference, struct error *err);

/*
 * As member_update_tx, for a record moved to another organization by a
 * dated organization change (a merge): its "transfer" event is dated date
 * (DATE_NONE: today), the day the member's organization changed.
 */
int member_move_tx(struct db *db, struct person *p, int date, const char *actor,
		   const char *reference, struct error *err);

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
