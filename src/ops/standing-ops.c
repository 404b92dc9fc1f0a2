/*
 * standing-ops.c - the standing and discipline acts of a member
 * (standing-ops.h): their order and dates, the rules they read, their
 * records, timeline events and the person's flags, one transaction each.
 * Not here: SQL (store/standing-store.c), authorization (ops/auth.c), the
 * meaning of records on a day (model/standing.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/strbuf.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "model/codes.h"
#include "model/rules.h"
#include "ops/audit.h"
#include "ops/member-ops.h"
#include "ops/observer.h"
#include "ops/rules-ops.h"
#include "ops/standing-ops.h"
#include "stats/stats.h"
#include "store/db.h"
#include "store/event-store.h"
#include "store/org-store.h"
#include "store/person-store.h"
#include "store/standing-store.h"

static const char *const action_keys[] = {
	[SA_LOST_CONTACT] = "lost_contact", [SA_CONTACT_REGAINED] = "contact_regained",
	[SA_FLOATING] = "floating", [SA_FLOATING_END] = "floating_end",
	[SA_STOP] = "stop", [SA_RESTORE] = "restore",
};
#define NR_ACTIONS ((int)(sizeof(action_keys) / sizeof(action_keys[0])))

const char *standing_action_key(int action)
{
	return action > 0 && action < NR_ACTIONS ? action_keys[action] : NULL;
}

int standing_action_parse(const char *key)
{
	return standing_key_index(action_keys, NR_ACTIONS, key);
}

/* ---- the records of a person ----------------------------------------- */

struct records {
	struct standing_record *r;
	size_t n, alloc;
};

static int keep(const struct standing_record *r, void *ctx)
{
	struct records *l = ctx;

	ALLOC_GROW(l->r, l->n + 1, l->alloc);
	l->r[l->n++] = *r;
	return 0;
}

static int load(struct db *db, long long person_id, struct records *l, struct error *err)
{
	l->r = NULL;
	l->n = l->alloc = 0;
	return standing_store_list(db, person_id, keep, l, err);
}

/* The open record of kind (no end), or NULL. */
static struct standing_record *open_of(struct records *l, int kind)
{
	for (size_t i = l->n; i-- > 0;)
		if (l->r[i].kind == kind && l->r[i].end == DATE_NONE)
			return &l->r[i];
	return NULL;
}

/* ---- checks ---------------------------------------------------------- */

static int is_ended(int status)
{
	return status == MS_WITHDRAWN || status == MS_EXPELLED || status == MS_DECEASED;
}

/* The person is a current member (probationary or full). */
static int check_member(const struct person *p, struct error *err)
{
	const struct code_entry *st;
	char d[DATE_STR_SIZE];

	if (p->status == MS_PROBATIONARY || p->status == MS_FULL)
		return ST_OK;
	st = code_by_code(&code_member_status, p->status);
	if (is_ended(p->status)) {
		error_setc(err, ST_CONFLICT, "status", "membership_ended",
			   "the membership of person %lld already ended (%s, %s)", p->id,
			   st ? st->key : "?", date_format(p->exited, d));
		error_param(err, "status", "%s", st ? st->key : "?");
		error_param(err, "date", "%s", d);
		return ST_CONFLICT;
	}
	error_setc(err, ST_CONFLICT, "status", "not_current_member",
		   "person %lld is not a member (status %s)", p->id, st ? st->key : "none");
	error_param(err, "status", "%s", st ? st->key : "none");
	return ST_CONFLICT;
}

/* The day of an act: given, not in the future, not before the admission. */
static int check_date(const struct person *p, int date, struct error *err)
{
	char d[DATE_STR_SIZE];

	if (date == DATE_NONE)
		return error_setc(err, ST_INVALID, "date", "required",
				  "the date of the act is required");
	if (date > date_today())
		return error_setc(err, ST_INVALID, "date", "date_in_future",
				  "the date of the act is in the future");
	if (p->admitted != DATE_NONE && date < p->admitted) {
		error_setc(err, ST_INVALID, "date", "standing_before_admission",
			   "the date is before the admission (%s)", date_format(p->admitted, d));
		error_param(err, "date", "%s", d);
		return ST_INVALID;
	}
	return ST_OK;
}

static int check_end(const struct standing_record *r, int date, struct error *err)
{
	char d[DATE_STR_SIZE];

	if (date >= r->start)
		return ST_OK;
	error_setc(err, ST_INVALID, "date", "standing_end_before_start",
		   "the date is before the start of the record it ends (%s)",
		   date_format(r->start, d));
	error_param(err, "date", "%s", d);
	return ST_INVALID;
}

/* An organization that exists and is not dissolved; field names it. */
static int check_org(struct db *db, const char *field, long long id, struct org *o,
		     struct error *err)
{
	int rc;

	if (!id)
		return error_setc(err, ST_INVALID, field, "required", "%s is required", field);
	if ((rc = org_store_get(db, id, o, err)) == ST_NOT_FOUND) {
		error_clear(err);
		error_setc(err, ST_INVALID, field, "unknown_org", "no organization %lld", id);
		error_param(err, "id", "%lld", id);
		return ST_INVALID;
	}
	if (rc)
		return rc;
	if (o->dissolved != DATE_NONE) {
		error_setc(err, ST_CONFLICT, field, "org_dissolved",
			   "organization %s is dissolved", o->code);
		error_param(err, "org", "%s", o->code);
		return ST_CONFLICT;
	}
	return ST_OK;
}

/* The deciding organization: the member's own or one above it. */
static int check_by(struct db *db, const struct person *p, long long id, struct org *by,
		    struct error *err)
{
	int rc;

	if ((rc = check_org(db, "by", id, by, err)))
		return rc;
	if ((rc = org_store_is_ancestor(db, by->id, p->org_id, err)) < 0)
		return rc;
	if (!rc) {
		error_setc(err, ST_INVALID, "by", "by_org_not_above",
			   "%s is neither the member's organization nor above it", by->code);
		error_param(err, "org", "%s", by->name);
		error_param(err, "code", "%s", by->code);
		return ST_INVALID;
	}
	return ST_OK;
}

/* The start of the open record an act conflicts with, as the error's param. */
static int open_since(struct error *err, const struct standing_record *r)
{
	char d[DATE_STR_SIZE];

	error_param(err, "date", "%s", date_format(r->start, d));
	return ST_CONFLICT;
}

/* ---- writing --------------------------------------------------------- */

static int add_event(struct db *db, long long person_id, int date, const char *kind,
		     const char *detail, const char *reference, const char *actor,
		     struct error *err)
{
	struct event ev;

	event_init(&ev, EVENT_PERSON, person_id, date, kind, detail, reference, actor);
	return event_store_add(db, &ev, err);
}

/*
 * The detail of a timeline event: the record's dates, deciding organization
 * (by_org_id) and host organization (to_org_id, where a floating member
 * goes), as the timeline words them (organizations by id, shown by name);
 * what the record is, is the event's kind.
 */
static void record_detail(struct strbuf *sb, const struct standing_record *r)
{
	char d[DATE_STR_SIZE];

	strbuf_addf(sb, "{\"date\":\"%s\"", date_format(r->start, d));
	if (r->end != DATE_NONE)
		strbuf_addf(sb, ",\"end_date\":\"%s\"", date_format(r->end, d));
	if (r->by_org_id)
		strbuf_addf(sb, ",\"by_org_id\":%lld", r->by_org_id);
	if (r->host_org_id)
		strbuf_addf(sb, ",\"to_org_id\":%lld", r->host_org_id);
	strbuf_addch(sb, '}');
}

/* The timeline event of a sanction (at most 23 characters, model/event.h). */
static const char *sanction_event(int kind)
{
	switch (kind) {
	case SK_WARNING: return "sanction_warning";
	case SK_SERIOUS_WARNING: return "sanction_serious";
	case SK_REMOVAL: return "sanction_removal";
	default: return "sanction_probation";
	}
}

/* Keeps the person's flag of kind in step with its records as of today. */
static int sync_flag(struct db *db, const struct person *old, int kind, struct error *err)
{
	struct records l;
	struct person p = *old;
	int bit = standing_kind_flag(kind), on = 0, today = date_today(), rc;

	if (!bit)
		return ST_OK;
	if ((rc = load(db, old->id, &l, err)))
		return rc;
	for (size_t i = 0; i < l.n; i++)
		if (l.r[i].kind == kind && standing_in_force(&l.r[i], today))
			on = 1;
	free(l.r);
	p.flags = on ? p.flags | bit : p.flags & ~bit;
	if (p.flags == old->flags)
		return ST_OK;
	if ((rc = person_store_update(db, &p, err)))
		return rc;
	ops_note_person(old, &p);
	return ST_OK;
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

static const char *const event_kinds[] = {
	[SA_LOST_CONTACT] = "lost_contact", [SA_CONTACT_REGAINED] = "contact_regained",
	[SA_FLOATING] = "floating", [SA_FLOATING_END] = "floating_end",
	[SA_STOP] = "standing_stopped", [SA_RESTORE] = "standing_restored",
};

static int act_tx(struct db *db, long long person_id, const struct standing_act *a,
		  const char *actor, struct standing_record *out, struct error *err)
{
	struct person p;
	struct records l = { NULL, 0, 0 };
	struct standing_record r, *open = NULL;
	struct org by, host;
	struct strbuf sb = STRBUF_INIT;
	int rc, kind = 0, ending = 0;

	if ((rc = person_store_get(db, person_id, &p, err)))
		return rc;
	if (!standing_action_key(a->action))
		return error_setc(err, ST_INVALID, "action", "invalid_choice",
				  "the act is lost_contact, contact_regained, floating,"
				  " floating_end, stop or restore");
	if ((rc = check_member(&p, err)) || (rc = check_date(&p, a->date, err)) ||
	    (rc = load(db, person_id, &l, err)))
		goto out;
	standing_record_init(&r);
	r.person_id = person_id;
	r.start = a->date;
	snprintf(r.actor, sizeof(r.actor), "%s", actor ? actor : "unknown");
	switch (a->action) {
	case SA_LOST_CONTACT:
		kind = SK_LOST_CONTACT;
		if ((open = open_of(&l, kind))) {
			error_setc(err, ST_CONFLICT, "action", "standing_lost_contact_open",
				   "contact is already recorded as lost, record its regaining first");
			rc = open_since(err, open);
			goto out;
		}
		if ((rc = utf8_check_field("search", a->text, STANDING_TEXT_MAX_CHARS, 1, err)))
			goto out;
		snprintf(r.detail, sizeof(r.detail), "%s", a->text);
		break;
	case SA_CONTACT_REGAINED:
		kind = SK_LOST_CONTACT;
		ending = 1;
		if (!(open = open_of(&l, kind))) {
			rc = error_setc(err, ST_CONFLICT, "action", "standing_no_lost_contact",
					"no lost contact is recorded to end");
			goto out;
		}
		break;
	case SA_FLOATING:
		kind = SK_FLOATING;
		if ((open = open_of(&l, kind))) {
			error_setc(err, ST_CONFLICT, "action", "standing_floating_open",
				   "a floating membership is already recorded, end it first");
			rc = open_since(err, open);
			goto out;
		}
		if ((rc = utf8_check_field("place", a->text, STANDING_TEXT_MAX_CHARS, 1, err)) ||
		    (rc = check_org(db, "host", a->org_id, &host, err)))
			goto out;
		snprintf(r.detail, sizeof(r.detail), "%s", a->text);
		r.host_org_id = host.id;
		break;
	case SA_FLOATING_END:
		kind = SK_FLOATING;
		ending = 1;
		if (!(open = open_of(&l, kind))) {
			rc = error_setc(err, ST_CONFLICT, "action", "standing_not_floating",
					"no floating membership is recorded to end");
			goto out;
		}
		break;
	case SA_STOP:
		kind = SK_STOPPED;
		if ((open = open_of(&l, kind))) {
			error_setc(err, ST_CONFLICT, "action", "standing_already_stopped",
				   "the party standing is already stopped");
			rc = open_since(err, open);
			goto out;
		}
		if ((rc = utf8_check_field("reason", a->text, STANDING_TEXT_MAX_CHARS, 1, err)) ||
		    (rc = utf8_check_field("reference", a->reference, STANDING_REF_MAX_CHARS, 0, err)) ||
		    (rc = check_by(db, &p, a->org_id, &by, err)))
			goto out;
		snprintf(r.detail, sizeof(r.detail), "%s", a->text);
		snprintf(r.reference, sizeof(r.reference), "%s", a->reference ? a->reference : "");
		r.by_org_id = by.id;
		break;
	case SA_RESTORE:
		kind = SK_STOPPED;
		ending = 1;
		if (!(open = open_of(&l, kind))) {
			rc = error_setc(err, ST_CONFLICT, "action", "standing_not_stopped",
					"only a stopped party standing is restored");
			goto out;
		}
		if ((rc = check_by(db, &p, a->org_id, &by, err)))
			goto out;
		break;
	}
	if (ending) {
		if ((rc = check_end(open, a->date, err)) ||
		    (rc = utf8_check_field("note", a->text, STANDING_TEXT_MAX_CHARS, 0, err)) ||
		    (rc = utf8_check_field("reference", a->reference, STANDING_REF_MAX_CHARS, 0, err)))
			goto out;
		r = *open;
		r.end = a->date;
		snprintf(r.end_note, sizeof(r.end_note), "%s", a->text ? a->text : "");
		if ((rc = standing_store_end(db, r.id, r.end, r.end_note, err)))
			goto out;
		ops_note_track(person_id);
	} else {
		r.kind = kind;
		if ((rc = standing_store_insert(db, &r, err)))
			goto out;
		ops_note_track(person_id);
	}
	record_detail(&sb, &r);
	if ((rc = add_event(db, person_id, a->date, event_kinds[a->action], sb.buf,
			    a->reference, actor, err)) ||
	    (rc = sync_flag(db, &p, kind, err)))
		goto out;
	if (out)
		*out = r;
out:
	free(l.r);
	strbuf_release(&sb);
	return rc;
}

int standing_record_act(struct db *db, long long person_id, const struct standing_act *act,
			const char *actor, struct standing_record *out, struct error *err)
{
	int rc = db_begin(db, err);

	if (rc)
		return rc;
	audit_context(db, actor, "member.standing");
	return finish(db, act_tx(db, person_id, act, actor, out, err), err);
}

/* The rule a sanction's effect period comes from. */
static const char *effect_rule(int kind)
{
	switch (kind) {
	case SK_WARNING: return RULE_DISCIPLINE_WARNING_MONTHS;
	case SK_SERIOUS_WARNING: return RULE_DISCIPLINE_SERIOUS_WARNING_MONTHS;
	case SK_REMOVAL: return RULE_DISCIPLINE_REMOVAL_MONTHS;
	default: return NULL;
	}
}

static int probation_years(struct db *db, const struct discipline_act *a, struct error *err)
{
	struct rule_in_force lo, hi;
	int rc, min, max;

	if ((rc = rules_get(db, RULE_DISCIPLINE_PROBATION_MIN, a->date, &lo, err)) ||
	    (rc = rules_get(db, RULE_DISCIPLINE_PROBATION_MAX, a->date, &hi, err)))
		return rc;
	min = rules_int(lo.value);
	max = rules_int(hi.value);
	if (a->years >= min && a->years <= max && a->years > 0)
		return ST_OK;
	error_setc(err, ST_INVALID, "years", "discipline_probation_years",
		   "probation within the party is of %d to %d years: rules %s and %s (%s)",
		   min, max, RULE_DISCIPLINE_PROBATION_MIN, RULE_DISCIPLINE_PROBATION_MAX,
		   lo.def->source);
	error_param(err, "min", "%d", min);
	error_param(err, "max", "%d", max);
	error_rule(err, a->years < min ? RULE_DISCIPLINE_PROBATION_MIN
				       : RULE_DISCIPLINE_PROBATION_MAX, lo.def->source);
	return ST_INVALID;
}

static int discipline_tx(struct db *db, long long person_id, const struct discipline_act *a,
			 const char *actor, struct standing_record *out, struct error *err)
{
	struct person p;
	struct records l = { NULL, 0, 0 };
	struct standing_record r;
	struct org by;
	struct strbuf sb = STRBUF_INIT;
	const char *rule;
	int rc;

	if ((rc = person_store_get(db, person_id, &p, err)))
		return rc;
	if (!standing_kind_is_sanction(a->kind))
		return error_setc(err, ST_INVALID, "kind", "invalid_choice",
				  "the sanction is warning, serious_warning, removal,"
				  " probation or expulsion");
	if ((rc = check_member(&p, err)))
		return rc;
	if (p.status == MS_PROBATIONARY)
		return error_setc(err, ST_CONFLICT, "status", "discipline_probationary_member",
				  "a probationary member is not sanctioned: the violation is met"
				  " by extending or cancelling the probation (Regulations on"
				  " Disciplinary Action)");
	if ((rc = check_date(&p, a->date, err)) ||
	    (rc = utf8_check_field("reference", a->reference, STANDING_REF_MAX_CHARS, 1, err)) ||
	    (rc = check_by(db, &p, a->by_org_id, &by, err)) ||
	    (rc = load(db, person_id, &l, err)))
		goto out;
	standing_record_init(&r);
	r.person_id = person_id;
	r.kind = a->kind;
	r.start = a->date;
	r.by_org_id = by.id;
	snprintf(r.reference, sizeof(r.reference), "%s", a->reference);
	snprintf(r.actor, sizeof(r.actor), "%s", actor ? actor : "unknown");
	if (a->kind == SK_PROBATION) {
		for (size_t i = 0; i < l.n; i++)
			if (l.r[i].kind == SK_PROBATION && standing_in_force(&l.r[i], a->date)) {
				error_setc(err, ST_CONFLICT, "kind", "discipline_probation_running",
					   "a probation within the party is running on that day");
				rc = open_since(err, &l.r[i]);
				goto out;
			}
		if ((rc = probation_years(db, a, err)))
			goto out;
		r.years = a->years;
		r.end = date_add_years(a->date, a->years);
	} else if (a->years) {
		rc = error_setc(err, ST_INVALID, "years", "discipline_years_not_probation",
				"years are given only for probation within the party");
		goto out;
	} else if ((rule = effect_rule(a->kind))) {
		long months;
		if ((rc = rules_get_int(db, rule, a->date, &months, err)))
			goto out;
		r.end = date_add_months(a->date, (int)months);
	}
	if (a->kind == SK_EXPULSION) {
		struct member_end e = { MEMBER_END_EXPULSION, a->date, a->reference, by.id };
		if ((rc = member_end_tx(db, person_id, &e, actor, err)))
			goto out;
	}
	if ((rc = standing_store_insert(db, &r, err)))
		goto out;
	ops_note_track(person_id);
	if (a->kind != SK_EXPULSION) {   /* the expulsion's event is "ended" */
		record_detail(&sb, &r);
		if ((rc = add_event(db, person_id, a->date, sanction_event(a->kind), sb.buf,
				    a->reference, actor, err)))
			goto out;
	}
	if (out)
		*out = r;
out:
	free(l.r);
	strbuf_release(&sb);
	return rc;
}

int discipline_record(struct db *db, long long person_id, const struct discipline_act *act,
		      const char *actor, struct standing_record *out, struct error *err)
{
	int rc = db_begin(db, err);

	if (rc)
		return rc;
	audit_context(db, actor, "member.discipline");
	return finish(db, discipline_tx(db, person_id, act, actor, out, err), err);
}

/* ---- reading --------------------------------------------------------- */

struct filter {
	int sanctions;
	standing_visit_fn fn;
	void *ctx;
};

static int filter_visit(const struct standing_record *r, void *ctx)
{
	struct filter *f = ctx;

	if (!standing_kind_is_sanction(r->kind) != !f->sanctions)
		return 0;
	return f->fn(r, f->ctx);
}

int standing_list(struct db *db, long long person_id, int sanctions,
		  standing_visit_fn fn, void *ctx, struct error *err)
{
	struct filter f = { sanctions, fn, ctx };
	struct person p;
	int rc;

	if ((rc = person_store_get(db, person_id, &p, err)))
		return rc;
	return standing_store_list(db, person_id, filter_visit, &f, err);
}

int standing_good_on(struct db *db, long long person_id, int day, int *good,
		     struct error *err)
{
	struct records l;
	int rc;

	if ((rc = load(db, person_id, &l, err)))
		return rc;
	*good = standing_good(l.r, l.n, day);
	free(l.r);
	return ST_OK;
}

struct medal_ctx {
	struct db *db;
	struct stats_bulletin *b;
	struct error *err;
	int rc;
};

static void take(uint64_t *n)
{
	if (*n)
		(*n)--;
}

static int medal_hold(long long person_id, long long org_id, void *vctx)
{
	struct medal_ctx *m = vctx;
	struct stats_bulletin *b = m->b;
	int rc;

	(void)person_id;
	if (!org_id)
		return 0;
	if (b->org.id) {
		if ((rc = org_store_is_ancestor(m->db, b->org.id, org_id, m->err)) < 0) {
			m->rc = rc;
			return 1;
		}
		if (!rc)
			return 0;
	}
	take(&b->total.medals_50);
	if (org_id == b->org.id) {
		take(&b->own.medals_50);
		return 0;
	}
	for (size_t i = 0; i < b->nr_children; i++) {
		if ((rc = org_store_is_ancestor(m->db, b->children[i].org.id, org_id,
						m->err)) < 0) {
			m->rc = rc;
			return 1;
		}
		if (rc) {
			take(&b->children[i].c.medals_50);
			break;
		}
	}
	return 0;
}

int standing_medal_adjust(struct db *db, struct stats_bulletin *b, int medal_years,
			  struct error *err)
{
	struct medal_ctx m = { db, b, err, ST_OK };
	int july, rc;

	if (medal_years <= 0)
		return ST_OK;
	july = date_from_ymd(b->year, 7, 1);
	rc = standing_store_medal_holds(db, date_add_years(july, -medal_years - 1) + 1,
					date_add_years(july, -medal_years), july,
					medal_hold, &m, err);
	return rc ? rc : m.rc;
}
