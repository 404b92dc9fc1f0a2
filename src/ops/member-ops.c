/*
 * member-ops.c - creating and editing person/member records, with a
 * timeline event for every change.
 *
 * The event detail is a JSON object {"field":{"from":..,"to":..},...}
 * listing exactly the fields that changed; nothing is overwritten without a
 * trace. The end of a membership and the correction of a status or key
 * date are operations of their own (member_end, member_correct), with an
 * explicit audit row each; an edit refuses to change them. Not here: SQL (store/person-store.c), record rules (model/person.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/strbuf.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "model/codes.h"
#include "ops/audit.h"
#include "ops/auth.h"
#include "ops/member-ops.h"
#include "ops/observer.h"
#include "ops/privacy.h"
#include "ops/rules-ops.h"
#include "store/db.h"
#include "store/event-store.h"
#include "store/org-store.h"
#include "store/person-store.h"
#include "store/transfer-store.h"

int member_check_refs(struct db *db, const struct person *p, struct error *err)
{
	struct error e = ERROR_INIT;
	struct org o;
	struct person other;
	int rc;

	if (p->org_id) {
		if ((rc = org_store_get(db, p->org_id, &o, &e)) == ST_NOT_FOUND) {
			error_setc(err, ST_INVALID, "org", "unknown_org", "no organization %lld",
					 p->org_id);
			error_param(err, "id", "%lld", p->org_id);
			return ST_INVALID;
		}
		if (rc)
			return error_pass(err, rc, &e);
		if (o.dissolved != DATE_NONE) {
			error_setc(err, ST_CONFLICT, "org", "org_dissolved",
					 "organization %s is dissolved", o.code);
			error_param(err, "org", "%s", o.code);
			return ST_CONFLICT;
		}
		struct rule_in_force r;
		if ((rc = rules_get(db, RULE_MEMBER_KINDS, date_today(), &r, err)))
			return rc;
		if (!rules_kinds_has(r.value, o.kind)) {
			const struct code_entry *k = code_by_code(&code_org_kind, o.kind);
			error_setc(err, ST_INVALID, "org", "membership_kind",
					 "members' formal relationship is not held by %s, a %s (%s): "
					 "rule %s (%s)", o.code, k ? k->key : "?",
					 k ? k->zh : "?", RULE_MEMBER_KINDS, r.def->source);
			error_param(err, "org", "%s", o.code);
			error_param(err, "kind", "%s", k ? k->key : "");
			error_rule(err, RULE_MEMBER_KINDS, r.def->source);
			return ST_INVALID;
		}
	}
	if (!p->id_number[0])
		return ST_OK;
	rc = person_store_get_by_id_number(db, p->id_number, &other, &e);
	if (rc == ST_NOT_FOUND)
		return ST_OK;
	if (rc)
		return error_pass(err, rc, &e);
	if (other.id != p->id)
		return error_setc(err, ST_CONFLICT, "id_number", "id_number_taken", "%s", MEMBER_ID_TAKEN);
	return ST_OK;
}

int member_person_rules(struct db *db, struct person_rules *r, struct error *err)
{
	struct rule_in_force f;
	long v;
	int rc, today = date_today();

	memset(r, 0, sizeof(*r));
	if ((rc = rules_get_int(db, RULE_DEV_MIN_AGE, today, &v, err)) ||
	    (rc = rules_get(db, RULE_DEV_MIN_AGE, today, &f, err)))
		return rc;
	r->min_age = (int)v;
	r->min_age_source = f.def->source;
	if ((rc = rules_get_date(db, RULE_DEV_FOUNDING_DATE, today, &r->founding_date, err)) ||
	    (rc = rules_get(db, RULE_DEV_FOUNDING_DATE, today, &f, err)))
		return rc;
	r->founding_source = f.def->source;
	if ((rc = rules_get(db, RULE_DEV_CULTIVATION_YEARS, today, &f, err)))
		return rc;
	r->cultivation_years = (int)rules_number(f.def->unit, f.value);
	r->cultivation_from = f.applies_from;
	r->cultivation_source = f.def->source;
	rc = rules_get(db, RULE_DEV_CULTIVATION_YEARS, f.applies_from - 1, &f, err);
	if (rc == ST_NOT_FOUND) {
		error_clear(err);
		r->cultivation_years_before = 0;
		r->cultivation_source_before = "";
		return ST_OK;
	}
	if (rc)
		return rc;
	r->cultivation_years_before = (int)rules_number(f.def->unit, f.value);
	r->cultivation_source_before = f.def->source;
	return ST_OK;
}

/* person_validate with the rules in force (member_person_rules). */
static int validate(struct db *db, struct person *p, int today, struct error *err)
{
	struct person_rules r;
	int rc = member_person_rules(db, &r, err);

	return rc ? rc : person_validate(p, today, &r, err);
}

int member_explain_conflict(struct db *db, const struct user *viewer,
			    const char *id_number, struct error *err)
{
	struct error e = ERROR_INIT;
	struct person other;
	int rc;

	if (!err || err->status != ST_CONFLICT || strcmp(err->field, "id_number") ||
	    !id_number || !*id_number)
		return ST_OK;
	rc = person_store_get_by_id_number(db, id_number, &other, &e);
	if (rc == ST_NOT_FOUND)
		return ST_OK;
	if (rc)
		return rc;
	if (viewer) {
		error_clear(&e);
		rc = authorize_person(db, viewer, OP_MEMBER_READ, &other, &e);
		if (rc == ST_NOT_FOUND || rc == ST_DENIED)
			return ST_OK;     /* outside the scope: the neutral message stays */
		if (rc)
			return rc;
	}
	snprintf(err->message, sizeof(err->message),
		 "the ID number is already registered (person %lld)", other.id);
	return ST_OK;
}

static void diff_text(struct strbuf *sb, const char *field, const char *a,
		      const char *b)
{
	if (!strcmp(a, b))
		return;
	strbuf_addf(sb, "%s\"%s\":{\"from\":", sb->len > 1 ? "," : "", field);
	if (*a)
		strbuf_add_json_string(sb, a);
	else
		strbuf_adds(sb, "null");
	strbuf_adds(sb, ",\"to\":");
	if (*b)
		strbuf_add_json_string(sb, b);
	else
		strbuf_adds(sb, "null");
	strbuf_addch(sb, '}');
}

static void diff_date(struct strbuf *sb, const char *field, int a, int b)
{
	char x[DATE_STR_SIZE], y[DATE_STR_SIZE];

	diff_text(sb, field, date_format(a, x), date_format(b, y));
}

static void diff_code(struct strbuf *sb, const char *field,
		      const struct code_table *t, int a, int b)
{
	const struct code_entry *ea = code_by_code(t, a), *eb = code_by_code(t, b);

	diff_text(sb, field, ea ? ea->key : "", eb ? eb->key : "");
}

static void diff_num(struct strbuf *sb, const char *field, long long a, long long b)
{
	char x[24] = "", y[24] = "";

	if (a)
		snprintf(x, sizeof(x), "%lld", a);
	if (b)
		snprintf(y, sizeof(y), "%lld", b);
	diff_text(sb, field, x, y);
}

static void diff_key_dates(struct strbuf *sb, const struct person *a,
			   const struct person *b)
{
	diff_date(sb, "applied", a->applied, b->applied);
	diff_date(sb, "activist", a->activist, b->activist);
	diff_date(sb, "target", a->target, b->target);
	diff_date(sb, "admitted", a->admitted, b->admitted);
	diff_date(sb, "full", a->full, b->full);
	diff_date(sb, "exited", a->exited, b->exited);
}

static int add_event(struct db *db, long long person_id, int date,
		     const char *kind, const char *detail, const char *actor,
		     const char *reference, struct error *err)
{
	struct event ev;

	event_init(&ev, EVENT_PERSON, person_id, date, kind, detail, reference, actor);
	return event_store_add(db, &ev, err);
}

int member_create_tx(struct db *db, struct person *p, const char *actor,
		     const char *reference, struct error *err)
{
	struct person empty;
	struct strbuf detail = STRBUF_INIT;
	int rc;

	if (p->masked)
		return error_set(err, ST_INTERNAL, NULL, "a masked record is never written");
	p->id = 0;
	if ((rc = validate(db, p, date_today(), err)) ||
	    (rc = member_check_refs(db, p, err)) ||
	    (rc = person_store_insert(db, p, err)))
		goto out;
	person_init(&empty);
	strbuf_addch(&detail, '{');
	diff_code(&detail, "status", &code_member_status, 0, p->status);
	diff_num(&detail, "org", 0, p->org_id);
	strbuf_addch(&detail, '}');
	rc = add_event(db, p->id, date_today(), "created", detail.buf, actor,
		       reference, err);
	if (!rc)
		ops_note_person(NULL, p);
out:
	strbuf_release(&detail);
	return rc;
}

int member_create(struct db *db, struct person *p, const char *actor,
		  const char *reference, struct error *err)
{
	int rc = db_begin(db, err);

	if (rc)
		return rc;
	if (!(rc = member_create_tx(db, p, actor, reference, err)))
		rc = db_commit(db, err);
	if (rc)
		db_rollback(db);
	ops_tx_end(!rc, 0);
	return rc;
}

/* What an edit refuses to change, and where such a change goes. */
#define NOT_BY_EDIT "is not changed by an edit: an ending is recorded by its own" \
	" operation (member end, POST /members/{id}/end), a wrongly recorded" \
	" status or date by a correction (member correct, POST /members/{id}/corrections)"

/* ST_INVALID naming the first status or key-date field that differs. */
static int refuse_membership_change(const struct person *old,
				    const struct person *p, struct error *err)
{
	const struct {
		const char *field;
		int a, b;
	} f[] = {
		{ "status", old->status, p->status },
		{ "applied", old->applied, p->applied },
		{ "activist", old->activist, p->activist },
		{ "target", old->target, p->target },
		{ "admitted", old->admitted, p->admitted },
		{ "full", old->full, p->full },
		{ "exited", old->exited, p->exited },
	};

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (f[i].a != f[i].b)
			return error_setc(err, ST_INVALID, f[i].field, "not_by_edit",
					  "%s " NOT_BY_EDIT, f[i].field);
	return ST_OK;
}

static int update_tx(struct db *db, struct person *p, int moved_on, const char *why,
		     long long transfer_id, const char *actor, const char *reference,
		     struct error *err)
{
	struct person old;
	struct strbuf sb = STRBUF_INIT;
	int rc, today = date_today();

	if (p->masked)
		return error_set(err, ST_INTERNAL, NULL, "a masked record is never written");
	if ((rc = person_store_get(db, p->id, &old, err)) ||
	    (rc = refuse_membership_change(&old, p, err)) ||
	    (rc = validate(db, p, today, err)) ||
	    (rc = member_check_refs(db, p, err)))
		goto out;

	if (old.org_id != p->org_id) {
		int on = moved_on == DATE_NONE ? today : moved_on;
		strbuf_reset(&sb);
		strbuf_addch(&sb, '{');
		diff_num(&sb, "org", old.org_id, p->org_id);
		if (transfer_id)
			strbuf_addf(&sb, ",\"transfer_id\":%lld", transfer_id);
		strbuf_addch(&sb, '}');
		/* the period of the old organization ends, the new one's opens
		 * (store/transfer-store.h), in this transaction */
		if ((rc = member_org_store_change(db, p->id, old.org_id, p->org_id, on,
						  why, transfer_id, err)) ||
		    (rc = add_event(db, p->id, on, "transfer", sb.buf, actor,
				    reference, err)))
			goto out;
	}
	if (old.flags != p->flags) {
		strbuf_reset(&sb);
		strbuf_addch(&sb, '{');
		diff_num(&sb, "flags", old.flags, p->flags);
		strbuf_addch(&sb, '}');
		if ((rc = add_event(db, p->id, today, "flags", sb.buf, actor,
				    reference, err)))
			goto out;
	}
	strbuf_reset(&sb);
	strbuf_addch(&sb, '{');
	diff_text(&sb, "name", old.name, p->name);
	diff_code(&sb, "sex", &code_sex, old.sex, p->sex);
	diff_date(&sb, "birth_date", old.birth_date, p->birth_date);
	diff_code(&sb, "ethnicity", &code_ethnicity, old.ethnicity, p->ethnicity);
	diff_code(&sb, "education", &code_education, old.education, p->education);
	diff_code(&sb, "occupation", &code_occupation, old.occupation, p->occupation);
	/* Identifiers enter the timeline masked (ops/privacy.h), as every
	 * reader of the timeline sees them. */
	char ma[64], mb[64];
	privacy_mask_id_number(old.id_number, ma, sizeof(ma));
	privacy_mask_id_number(p->id_number, mb, sizeof(mb));
	if (strcmp(old.id_number, p->id_number))
		diff_text(&sb, "id_number", ma, mb);
	privacy_mask_phone(old.phone, ma, sizeof(ma));
	privacy_mask_phone(p->phone, mb, sizeof(mb));
	if (strcmp(old.phone, p->phone))
		diff_text(&sb, "phone", ma, mb);
	privacy_mask_address(old.address, ma, sizeof(ma));
	privacy_mask_address(p->address, mb, sizeof(mb));
	if (strcmp(old.address, p->address))
		diff_text(&sb, "address", ma, mb);
	strbuf_addch(&sb, '}');
	if (sb.len > 2 &&
	    (rc = add_event(db, p->id, today, "updated", sb.buf, actor, reference, err)))
		goto out;
	if (!(rc = person_store_update(db, p, err)))
		ops_note_person(&old, p);
out:
	strbuf_release(&sb);
	return rc;
}

int member_update_tx(struct db *db, struct person *p, const char *actor,
		     const char *reference, struct error *err)
{
	return update_tx(db, p, DATE_NONE, "edit", 0, actor, reference, err);
}

int member_move_tx(struct db *db, struct person *p, int date, const char *actor,
		   const char *reference, struct error *err)
{
	return update_tx(db, p, date, "merge", 0, actor, reference, err);
}

int member_transfer_tx(struct db *db, struct person *p, int date, long long transfer_id,
		       const char *actor, const char *reference, struct error *err)
{
	return update_tx(db, p, date, "transfer", transfer_id, actor, reference, err);
}

int member_update(struct db *db, struct person *p, const char *actor,
		  const char *reference, struct error *err)
{
	int rc = db_begin(db, err);

	if (rc)
		return rc;
	if (!(rc = member_update_tx(db, p, actor, reference, err)))
		rc = db_commit(db, err);
	if (rc)
		db_rollback(db);
	ops_tx_end(!rc, 0);
	return rc;
}

/* ---- the end of a membership and corrections ------------------------- */

static const struct {
	int kind;
	const char *key;
	int status;
} end_kinds[] = {
	{ MEMBER_END_WITHDRAWAL, "withdrawal", MS_WITHDRAWN },
	{ MEMBER_END_REMOVAL, "removal", MS_WITHDRAWN },
	{ MEMBER_END_EXPULSION, "expulsion", MS_EXPELLED },
	{ MEMBER_END_DEATH, "death", MS_DECEASED },
};

const char *member_end_kind_key(int kind)
{
	for (size_t i = 0; i < sizeof(end_kinds) / sizeof(end_kinds[0]); i++)
		if (end_kinds[i].kind == kind)
			return end_kinds[i].key;
	return NULL;
}

int member_end_kind_parse(const char *key)
{
	for (size_t i = 0; key && i < sizeof(end_kinds) / sizeof(end_kinds[0]); i++)
		if (!strcmp(end_kinds[i].key, key))
			return end_kinds[i].kind;
	return 0;
}

static int end_status(int kind)
{
	for (size_t i = 0; i < sizeof(end_kinds) / sizeof(end_kinds[0]); i++)
		if (end_kinds[i].kind == kind)
			return end_kinds[i].status;
	return 0;
}

static int is_ended(int status)
{
	return status == MS_WITHDRAWN || status == MS_EXPELLED || status == MS_DECEASED;
}

/* Commits or rolls back the transaction of a membership act. */
static int act_finish(struct db *db, int rc, struct error *err)
{
	if (!rc)
		rc = db_commit(db, err);
	if (rc)
		db_rollback(db);
	audit_context(db, NULL, NULL);
	ops_tx_end(!rc, 0);
	return rc;
}

static int end_tx(struct db *db, long long person_id, const struct member_end *e,
		  const char *actor, struct error *err)
{
	struct person old, p;
	struct org by;
	struct strbuf sb = STRBUF_INIT;
	char d[DATE_STR_SIZE], object[48];
	const struct code_entry *st;
	int rc, today = date_today();

	if ((rc = person_store_get(db, person_id, &old, err)))
		return rc;
	if (!end_status(e->kind))
		return error_setc(err, ST_INVALID, "kind", "invalid_choice",
				  "kind is withdrawal, removal, expulsion or death");
	if (e->date == DATE_NONE)
		return error_setc(err, ST_INVALID, "date", "required",
				  "the date of the act is required");
	if (e->date > today)
		return error_setc(err, ST_INVALID, "date", "date_in_future",
				  "the date of the act is in the future");
	if ((rc = utf8_check_field("reference", e->reference, MEMBER_REF_MAX_CHARS,
				 e->kind != MEMBER_END_DEATH, err)))
		return rc;
	if (!e->by_org_id)
		return error_setc(err, ST_INVALID, "by", "required",
				  "the deciding organization is required");
	if ((rc = org_store_get(db, e->by_org_id, &by, err)) == ST_NOT_FOUND) {
		error_setc(err, ST_INVALID, "by", "unknown_org", "no organization %lld", e->by_org_id);
		error_param(err, "id", "%lld", e->by_org_id);
		return ST_INVALID;
	}
	if (rc)
		return rc;
	if (old.status != MS_PROBATIONARY && old.status != MS_FULL) {
		st = code_by_code(&code_member_status, old.status);
		if (is_ended(old.status)) {
			error_setc(err, ST_CONFLICT, "status", "membership_ended",
				   "the membership of person %lld already ended (%s, %s);"
				   " a wrongly recorded ending is undone by a correction",
				   person_id, st ? st->key : "?", date_format(old.exited, d));
			error_param(err, "status", "%s", st ? st->key : "?");
			error_param(err, "date", "%s", d);
			return ST_CONFLICT;
		}
		error_setc(err, ST_CONFLICT, "status", "not_current_member",
			   "person %lld is not a member (status %s)", person_id,
			   st ? st->key : "none");
		error_param(err, "status", "%s", st ? st->key : "none");
		return ST_CONFLICT;
	}
	if ((rc = org_store_is_ancestor(db, by.id, old.org_id, err)) < 0)
		return rc;
	if (!rc) {
		error_setc(err, ST_INVALID, "by", "by_org_not_above",
			   "%s is neither the member's organization nor above it", by.code);
		error_param(err, "org", "%s", by.name);
		error_param(err, "code", "%s", by.code);
		return ST_INVALID;
	}
	/* the act's date against the last step of the membership before it,
	 * in its own words (the record's validation below says the same of
	 * "exited" in general) */
	if (old.full != DATE_NONE && e->date < old.full &&
	    (old.birth_date == DATE_NONE || e->date >= old.birth_date)) {
		error_setc(err, ST_INVALID, "date", "end_before_full",
			   "exited date is before the full date");
		error_param(err, "after", "full");
		error_param(err, "date", "%s", date_format(old.full, d));
		return ST_INVALID;
	}
	if (old.full == DATE_NONE && old.admitted != DATE_NONE && e->date < old.admitted &&
	    (old.birth_date == DATE_NONE || e->date >= old.birth_date)) {
		error_setc(err, ST_INVALID, "date", "end_before_admission",
			   "exited date is before the admitted date");
		error_param(err, "after", "admitted");
		error_param(err, "date", "%s", date_format(old.admitted, d));
		return ST_INVALID;
	}
	p = old;
	p.status = end_status(e->kind);
	p.exited = e->date;
	if ((rc = validate(db, &p, today, err))) {
		if (!strcmp(err->field, "exited"))   /* the act's date, in its own words */
			snprintf(err->field, sizeof(err->field), "date");
		for (int i = 0; i < err->nr_items; i++)
			if (!strcmp(err->items[i].field, "exited"))
				snprintf(err->items[i].field, sizeof(err->items[i].field),
					 "date");
		return rc;
	}
	strbuf_addf(&sb, "{\"kind\":\"%s\",\"by\":", member_end_kind_key(e->kind));
	strbuf_add_json_string(&sb, by.code);
	diff_code(&sb, "status", &code_member_status, old.status, p.status);
	diff_date(&sb, "exited", old.exited, p.exited);
	strbuf_addch(&sb, '}');
	snprintf(object, sizeof(object), "membership/%lld", person_id);
	if ((rc = person_store_update(db, &p, err)) ||
	    (rc = add_event(db, person_id, e->date, "ended", sb.buf, actor, e->reference,
			    err)))
		goto out;
	/* the decision itself, which the person row does not hold */
	sb.buf[--sb.len] = '\0';
	strbuf_adds(&sb, ",\"date\":");
	strbuf_add_json_string(&sb, date_format(e->date, d));
	strbuf_adds(&sb, ",\"reference\":");
	if (e->reference && *e->reference)
		strbuf_add_json_string(&sb, e->reference);
	else
		strbuf_adds(&sb, "null");
	strbuf_addch(&sb, '}');
	if ((rc = audit_event(db, "member.end", object, NULL, sb.buf, err)))
		goto out;
	ops_note_person(&old, &p);
out:
	strbuf_release(&sb);
	return rc;
}

int member_end_tx(struct db *db, long long person_id, const struct member_end *e,
		  const char *actor, struct error *err)
{
	return end_tx(db, person_id, e, actor, err);
}

int member_end(struct db *db, long long person_id, const struct member_end *e,
	       const char *actor, struct error *err)
{
	int rc = db_begin(db, err);

	if (rc)
		return rc;
	audit_context(db, actor, "member.end");
	return act_finish(db, end_tx(db, person_id, e, actor, err), err);
}

static int *key_date(struct person *p, const char *field)
{
	if (!strcmp(field, "applied"))
		return &p->applied;
	if (!strcmp(field, "activist"))
		return &p->activist;
	if (!strcmp(field, "target"))
		return &p->target;
	if (!strcmp(field, "admitted"))
		return &p->admitted;
	if (!strcmp(field, "full"))
		return &p->full;
	if (!strcmp(field, "exited"))
		return &p->exited;
	return NULL;
}

/* Applies one fix onto p (old: the stored record). */
static int apply_fix(struct person *p, const struct person *old,
		     const struct member_fix *f, struct error *err)
{
	const char *value = f->value ? f->value : "";
	int *day;

	if (!f->field || !*f->field)
		return error_setc(err, ST_INVALID, "field", "required",
				  "the field to correct is required");
	if (!strcmp(f->field, "status")) {
		const struct code_entry *st = code_parse(&code_member_status, value);
		if (!st) {
			error_setc(err, ST_INVALID, "value", "invalid_choice",
				   "unknown member_status '%.40s'", value);
			error_param(err, "value", "%.40s", value);
			return ST_INVALID;
		}
		if (is_ended(st->code) && st->code != old->status)
			return error_setc(err, ST_INVALID, "value", "end_by_correction",
					  "a membership ends by its own operation (member end,"
					  " POST /members/{id}/end), not by a correction");
		p->status = st->code;
		if (is_ended(old->status) && !is_ended(p->status))
			p->exited = DATE_NONE;   /* reinstatement */
		return ST_OK;
	}
	if (!(day = key_date(p, f->field))) {
		error_setc(err, ST_INVALID, "field", "invalid_choice",
			   "field is status, applied, activist, target, admitted,"
			   " full or exited, not '%.40s'", f->field);
		error_param(err, "value", "%.40s", f->field);
		return ST_INVALID;
	}
	if (!*value)
		*day = DATE_NONE;
	else if (date_parse(value, day)) {
		error_setc(err, ST_INVALID, "value", "invalid_date",
			   "'%.40s' is not a date (YYYY-MM-DD)", value);
		error_param(err, "value", "%.40s", value);
		error_param(err, "field", "%s", f->field);
		return ST_INVALID;
	}
	return ST_OK;
}

static int correct_tx(struct db *db, long long person_id, const struct member_fix *fixes,
		      size_t n, const char *reason, const char *reference,
		      const char *actor, struct person *out, struct error *err)
{
	struct person old, p;
	struct strbuf sb = STRBUF_INIT;
	char object[48];
	int rc, today = date_today();

	if ((rc = person_store_get(db, person_id, &old, err)))
		return rc;
	if (!n)
		return error_setc(err, ST_INVALID, "field", "required",
				  "the field to correct is required");
	if (n > MEMBER_FIXES_MAX) {
		error_setc(err, ST_INVALID, "field", "too_many_fields",
			   "at most %d fields in one correction", MEMBER_FIXES_MAX);
		error_param(err, "max", "%d", MEMBER_FIXES_MAX);
		return ST_INVALID;
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < i; j++)
			if (fixes[i].field && fixes[j].field &&
			    !strcmp(fixes[i].field, fixes[j].field)) {
				error_setc(err, ST_INVALID, "field", "field_given_twice",
					   "%.40s is given twice", fixes[i].field);
				error_param(err, "value", "%.40s", fixes[i].field);
				return ST_INVALID;
			}
	if ((rc = utf8_check_field("reason", reason, MEMBER_REASON_MAX_CHARS, 1, err)) ||
	    (rc = utf8_check_field("reference", reference, MEMBER_REF_MAX_CHARS, 0, err)))
		return rc;
	p = old;
	/* the status first: a reinstatement clears the exit date, which a
	 * fix of "exited" in the same correction may not bring back */
	for (size_t i = 0; i < n; i++)
		if (fixes[i].field && !strcmp(fixes[i].field, "status") &&
		    (rc = apply_fix(&p, &old, &fixes[i], err)))
			return rc;
	for (size_t i = 0; i < n; i++)
		if ((!fixes[i].field || strcmp(fixes[i].field, "status")) &&
		    (rc = apply_fix(&p, &old, &fixes[i], err)))
			return rc;
	if (!old.status)
		return error_setc(err, ST_CONFLICT, "status", "no_membership",
				  "person %lld has no membership to correct", person_id);
	if ((rc = validate(db, &p, today, err)))
		return rc;
	strbuf_addch(&sb, '{');
	diff_code(&sb, "status", &code_member_status, old.status, p.status);
	diff_key_dates(&sb, &old, &p);
	if (sb.len == 1) {
		strbuf_release(&sb);
		return error_setc(err, ST_INVALID, "value", "no_change",
				  "the correction changes nothing");
	}
	strbuf_adds(&sb, ",\"reason\":");
	strbuf_add_json_string(&sb, reason);
	strbuf_addch(&sb, '}');
	if (sb.len >= sizeof(((struct event *)0)->detail)) {
		rc = error_setc(err, ST_INVALID, "reason", "correction_too_long",
				"reason is too long");
		goto out;
	}
	snprintf(object, sizeof(object), "membership/%lld", person_id);
	if ((rc = person_store_update(db, &p, err)) ||
	    (rc = add_event(db, person_id, today, "correction", sb.buf, actor, reference,
			    err)) ||
	    (rc = audit_event(db, "member.correct", object, NULL, sb.buf, err)))
		goto out;
	ops_note_person(&old, &p);
	if (out)
		*out = p;
out:
	strbuf_release(&sb);
	return rc;
}

int member_correct(struct db *db, long long person_id, const struct member_fix *fixes,
		   size_t n, const char *reason, const char *reference,
		   const char *actor, struct person *out, struct error *err)
{
	int rc = db_begin(db, err);

	if (rc)
		return rc;
	audit_context(db, actor, "member.correct");
	return act_finish(db, correct_tx(db, person_id, fixes, n, reason, reference,
					 actor, out, err), err);
}

struct event_list {
	struct event *ev;
	size_t n, alloc;
};

static int keep_event(const struct event *ev, void *ctx)
{
	struct event_list *l = ctx;

	ALLOC_GROW(l->ev, l->n + 1, l->alloc);
	l->ev[l->n++] = *ev;
	return 0;
}

static int by_date(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	/* derived key-date events first on the same day, then recording order */
	if ((x->id == 0) != (y->id == 0))
		return x->id == 0 ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

int member_timeline(struct db *db, long long id, event_visit_fn fn,
		    void *ctx, struct error *err)
{
	struct event_list l = { NULL, 0, 0 };
	struct person p;
	int rc;

	if ((rc = person_store_get(db, id, &p, err)) ||
	    (rc = event_store_list(db, EVENT_PERSON, id, keep_event, &l, err)))
		goto out;
	const struct {
		const char *kind;
		int day;
	} keys[] = {
		{ "applied", p.applied }, { "activist", p.activist },
		{ "target", p.target }, { "admitted", p.admitted },
		{ "full", p.full }, { "exited", p.exited },
	};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		struct event ev;
		if (keys[i].day == DATE_NONE)
			continue;
		event_init(&ev, EVENT_PERSON, id, keys[i].day, keys[i].kind, NULL, NULL,
			   "record");
		keep_event(&ev, &l);
	}
	qsort(l.ev, l.n, sizeof(*l.ev), by_date);
	for (size_t i = 0; i < l.n; i++)
		if (fn(&l.ev[i], ctx))
			break;
out:
	free(l.ev);
	return rc;
}
