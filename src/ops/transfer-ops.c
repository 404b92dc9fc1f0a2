/*
 * transfer-ops.c - start, receive and return of a transfer letter
 * (transfer-ops.h): the checks, then one transaction per act with its
 * audit rows and timeline event. Not for who may act (ops/auth.c) nor the
 * SQL (store/transfer-store.c).
 */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/strbuf.h"
#include "core/utf8.h"
#include "model/codes.h"
#include "model/event.h"
#include "model/rules.h"
#include "ops/audit.h"
#include "ops/member-ops.h"
#include "ops/observer.h"
#include "ops/org-ops.h"
#include "ops/rules-ops.h"
#include "ops/transfer-ops.h"
#include "store/db.h"
#include "store/event-store.h"
#include "store/org-store.h"
#include "store/person-store.h"
#include "store/transfer-store.h"

/* A required day, not in the future, not before `after` (named by after_what). */
static int check_day(int day, int after, const char *after_what, struct error *err)
{
	char d[DATE_STR_SIZE];

	if (day == DATE_NONE)
		return error_setc(err, ST_INVALID, "date", "required", "the date is required");
	if (day > date_today())
		return error_setc(err, ST_INVALID, "date", "date_in_future",
				  "the date is in the future");
	if (after != DATE_NONE && day < after) {
		error_setc(err, ST_INVALID, "date", "transfer_date_before",
			   "the date is before the %s (%s)", after_what, date_format(after, d));
		error_param(err, "after", "%s", after_what);
		error_param(err, "date", "%s", d);
		return ST_INVALID;
	}
	return ST_OK;
}

static int add_event(struct db *db, long long person_id, int date, const char *kind,
		     const char *detail, const char *actor, const char *reference,
		     struct error *err)
{
	struct event ev;

	event_init(&ev, EVENT_PERSON, person_id, date, kind, detail, reference, actor);
	return event_store_add(db, &ev, err);
}

static int finish(struct db *db, int rc, struct error *err)
{
	if (!rc)
		rc = db_commit(db, err);
	if (rc)
		db_rollback(db);
	audit_context(db, NULL, NULL);
	ops_tx_end(!rc, 0);
	return rc;
}

static int is_current(int status)
{
	return status == MS_PROBATIONARY || status == MS_FULL;
}

/* The member's last change of organization (start of the open period). */
struct last_change {
	int from;
};

static int on_period(const struct member_org *m, void *ctx)
{
	struct last_change *l = ctx;

	if (m->valid_to == DATE_NONE && m->valid_from != DATE_NONE)
		l->from = m->valid_from;
	return 0;
}

static int start_tx(struct db *db, const struct transfer_start *s, const char *actor,
		    struct transfer *t, struct error *err)
{
	struct person p;
	struct org from, to;
	struct transfer open;
	struct last_change last = { DATE_NONE };
	struct error e = ERROR_INIT;
	struct strbuf sb = STRBUF_INIT;
	char d[DATE_STR_SIZE];
	long months;
	int rc;

	transfer_init(t);
	if ((rc = person_store_get(db, s->person_id, &p, err)))
		return rc;
	if (!s->to || !*s->to)
		return error_setc(err, ST_INVALID, "to", "required",
				  "the destination organization is required");
	if ((rc = utf8_check_field("to", s->to, TRANSFER_DEST_MAX_CHARS, 1, err)) ||
	    (rc = transfer_destination_check(s->to, err)))
		return rc;
	if (!is_current(p.status)) {
		const struct code_entry *st = code_by_code(&code_member_status, p.status);
		error_setc(err, ST_CONFLICT, "status", "not_current_member",
			   "person %lld is not a member (status %s)", p.id,
			   st ? st->key : "none");
		error_param(err, "status", "%s", st ? st->key : "none");
		return ST_CONFLICT;
	}
	rc = transfer_store_open_of(db, p.id, &open, &e);
	if (!rc) {
		error_setc(err, ST_CONFLICT, "id", "transfer_in_transit",
			   "person %lld already has letter %s in transit (transfer %lld)",
			   p.id, open.letter_no, open.id);
		error_param(err, "letter", "%s", open.letter_no);
		error_param(err, "transfer", "%lld", open.id);
		return ST_CONFLICT;
	}
	if (rc != ST_NOT_FOUND)
		return error_pass(err, rc, &e);
	error_clear(&e);
	if ((rc = org_resolve(db, s->to, &to, &e))) {
		if (rc != ST_NOT_FOUND && rc != ST_INVALID)
			return error_pass(err, rc, &e);
		error_setc(err, ST_INVALID, "to", "unknown_org",
			   "no organization %.80s", s->to);
		error_param(err, "code", "%.80s", s->to);
		return ST_INVALID;
	}
	if (to.dissolved != DATE_NONE) {
		error_setc(err, ST_INVALID, "to", "org_dissolved", "organization %s is dissolved",
			   to.code);
		error_param(err, "code", "%s", to.code);
		return ST_INVALID;
	}
	if (to.id == p.org_id)
		return error_setc(err, ST_INVALID, "to", "transfer_same_org",
				  "the member is already registered at %s", to.code);
	/* the destination holds members' formal relationship (the catalogue's
	 * membership.formal_kinds), as the receipt will need */
	struct person q = p;
	q.org_id = to.id;
	if ((rc = member_check_refs(db, &q, err))) {
		if (!strcmp(err->field, "org") || !strcmp(err->field, "org_id"))
			snprintf(err->field, sizeof(err->field), "to");
		return rc;
	}
	if ((rc = org_store_get(db, p.org_id, &from, err)))
		return rc;
	if ((rc = member_org_store_history(db, p.id, on_period, &last, err)))
		return rc;
	if ((rc = check_day(s->date, last.from, "member's last change of organization", err)))
		return rc;
	if ((rc = utf8_check_field("letter", s->letter, TRANSFER_LETTER_MAX_CHARS, 0, err)))
		return rc;
	if ((rc = rules_get_int(db, RULE_TRANSFER_LETTER_MONTHS, s->date, &months, err)))
		return rc;
	if ((rc = transfer_validity(s->date, s->valid_days, (int)months, &t->valid_until, err)))
		return rc;
	t->person_id = p.id;
	t->from_org_id = p.org_id;
	t->to_org_id = to.id;
	t->issued = s->date;
	t->status = TS_IN_TRANSIT;
	if (s->letter && *s->letter)
		snprintf(t->letter_no, sizeof(t->letter_no), "%s", s->letter);
	else   /* the sender's code, the day and the person: one letter a day */
		snprintf(t->letter_no, sizeof(t->letter_no), "%.40s-%s-%lld", from.code,
			 date_format(s->date, d), p.id);
	snprintf(t->actor, sizeof(t->actor), "%s", actor);
	if ((rc = transfer_store_insert(db, t, err)))
		return rc;
	strbuf_addf(&sb, "{\"transfer_id\":%lld,\"from\":", t->id);
	strbuf_add_json_string(&sb, from.code);
	strbuf_adds(&sb, ",\"to\":");
	strbuf_add_json_string(&sb, to.code);
	strbuf_adds(&sb, ",\"valid_until\":");
	strbuf_add_json_string(&sb, date_format(t->valid_until, d));
	strbuf_addch(&sb, '}');
	rc = add_event(db, p.id, s->date, "transfer_letter", sb.buf, actor, t->letter_no, err);
	strbuf_release(&sb);
	return rc;
}

int transfer_start(struct db *db, const struct transfer_start *s, const char *actor,
		   struct transfer *out, struct error *err)
{
	struct transfer t;
	int rc = db_begin(db, err);

	if (rc)
		return rc;
	audit_context(db, actor, "transfer.start");
	rc = finish(db, start_tx(db, s, actor, &t, err), err);
	if (!rc && out)
		*out = t;
	return rc;
}

/* The transfer id in transit into *t, else ST_CONFLICT naming its status. */
static int load_in_transit(struct db *db, long long id, struct transfer *t,
			   struct error *err)
{
	int rc;

	if ((rc = transfer_store_get(db, id, t, err)))
		return rc;
	if (t->status != TS_IN_TRANSIT) {
		error_setc(err, ST_CONFLICT, "id", "transfer_not_in_transit",
			   "transfer %lld is %s, no longer in transit", id,
			   transfer_status_key(t->status));
		error_param(err, "status", "%s", transfer_status_key(t->status));
		return ST_CONFLICT;
	}
	return ST_OK;
}

static int receive_tx(struct db *db, long long id, int date, long long org_id,
		      const char *actor, struct transfer *t, struct error *err)
{
	struct person p;
	struct org dest, into;
	struct error e = ERROR_INIT;
	struct strbuf sb = STRBUF_INIT;
	char d[DATE_STR_SIZE];
	int rc;

	if ((rc = load_in_transit(db, id, t, err)) ||
	    (rc = check_day(date, t->issued, "letter's date", err)))
		return rc;
	if (date > t->valid_until) {
		error_setc(err, ST_INVALID, "date", "transfer_letter_expired",
			   "the letter was valid until %s: return it, and the sending"
			   " organization issues a new one", date_format(t->valid_until, d));
		error_param(err, "date", "%s", d);
		return ST_INVALID;
	}
	if ((rc = org_store_get(db, t->to_org_id, &dest, err)))
		return rc;
	if (!org_id)
		org_id = dest.id;
	rc = org_store_get(db, org_id, &into, &e);
	if (rc == ST_NOT_FOUND) {
		error_setc(err, ST_INVALID, "org", "unknown_org", "no organization %lld", org_id);
		error_param(err, "id", "%lld", org_id);
		return ST_INVALID;
	}
	if (rc)
		return error_pass(err, rc, &e);
	if ((rc = org_store_is_ancestor(db, dest.id, into.id, err)) < 0)
		return rc;
	if (!rc) {
		error_setc(err, ST_INVALID, "org", "transfer_org_not_below",
			   "%s is neither the letter's destination %s nor below it", into.code,
			   dest.code);
		error_param(err, "org", "%s", into.code);
		error_param(err, "destination", "%s", dest.code);
		return ST_INVALID;
	}
	if (into.dissolved != DATE_NONE) {
		error_setc(err, ST_INVALID, "org", "org_dissolved", "organization %s is dissolved",
			   into.code);
		error_param(err, "code", "%s", into.code);
		return ST_INVALID;
	}
	if ((rc = person_store_get(db, t->person_id, &p, err)))
		return rc;
	if (p.org_id != t->from_org_id || !is_current(p.status))
		return error_setc(err, ST_CONFLICT, "id", "transfer_member_moved",
				  "the member is no longer a member registered at the sending"
				  " organization: return the letter");
	p.org_id = into.id;
	if ((rc = member_transfer_tx(db, &p, date, t->id, actor, t->letter_no, err)))
		return rc;
	t->status = TS_RECEIVED;
	t->received = date;
	t->received_org_id = into.id;
	if ((rc = transfer_store_update(db, t, err)))
		return rc;
	strbuf_addf(&sb, "{\"transfer_id\":%lld,\"org\":", t->id);
	strbuf_add_json_string(&sb, into.code);
	strbuf_addch(&sb, '}');
	rc = add_event(db, p.id, date, "transfer_received", sb.buf, actor, t->letter_no, err);
	strbuf_release(&sb);
	return rc;
}

int transfer_receive(struct db *db, long long id, int date, long long org_id,
		     const char *actor, struct transfer *out, struct error *err)
{
	struct transfer t;
	int rc = db_begin(db, err);

	if (rc)
		return rc;
	audit_context(db, actor, "transfer.receive");
	rc = finish(db, receive_tx(db, id, date, org_id, actor, &t, err), err);
	if (!rc && out)
		*out = t;
	return rc;
}

static int return_tx(struct db *db, long long id, const char *reason, int date,
		     const char *actor, struct transfer *t, struct error *err)
{
	struct strbuf sb = STRBUF_INIT;
	int rc;

	if (date == DATE_NONE)
		date = date_today();
	if ((rc = load_in_transit(db, id, t, err)) ||
	    (rc = utf8_check_field("reason", reason, TRANSFER_REASON_MAX_CHARS, 1, err)) ||
	    (rc = check_day(date, t->issued, "letter's date", err)))
		return rc;
	t->status = TS_RETURNED;
	t->returned = date;
	snprintf(t->return_reason, sizeof(t->return_reason), "%s", reason);
	if ((rc = transfer_store_update(db, t, err)))
		return rc;
	strbuf_addf(&sb, "{\"transfer_id\":%lld,\"reason\":", t->id);
	strbuf_add_json_string(&sb, reason);
	strbuf_addch(&sb, '}');
	rc = add_event(db, t->person_id, date, "transfer_returned", sb.buf, actor,
		       t->letter_no, err);
	strbuf_release(&sb);
	return rc;
}

int transfer_return(struct db *db, long long id, const char *reason, int date,
		    const char *actor, struct transfer *out, struct error *err)
{
	struct transfer t;
	int rc = db_begin(db, err);

	if (rc)
		return rc;
	audit_context(db, actor, "transfer.return");
	rc = finish(db, return_tx(db, id, reason, date, actor, &t, err), err);
	if (!rc && out)
		*out = t;
	return rc;
}
