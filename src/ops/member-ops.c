/*
 * member-ops.c - creating and editing person/member records, with a
 * timeline event for every change.
 *
 * The event detail is a JSON object {"field":{"from":..,"to":..},...}
 * listing exactly the fields that changed; nothing is overwritten without a
 * trace. Not here: SQL (store/person-store.c), record rules (model/person.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "model/codes.h"
#include "ops/auth.h"
#include "ops/member-ops.h"
#include "ops/observer.h"
#include "ops/privacy.h"
#include "ops/rules-ops.h"
#include "store/db.h"
#include "store/event-store.h"
#include "store/org-store.h"
#include "store/person-store.h"

int member_check_refs(struct db *db, const struct person *p, struct error *err)
{
	struct error e = ERROR_INIT;
	struct org o;
	struct person other;
	int rc;

	if (p->org_id) {
		if ((rc = org_store_get(db, p->org_id, &o, &e)) == ST_NOT_FOUND)
			return error_set(err, ST_INVALID, "org", "no organization %lld",
					 p->org_id);
		if (rc)
			return error_pass(err, rc, &e);
		if (o.dissolved != DATE_NONE)
			return error_set(err, ST_CONFLICT, "org",
					 "organization %s is dissolved", o.code);
		struct rule_in_force r;
		if ((rc = rules_get(db, RULE_MEMBER_KINDS, date_today(), &r, err)))
			return rc;
		if (!rules_kinds_has(r.value, o.kind)) {
			const struct code_entry *k = code_by_code(&code_org_kind, o.kind);
			return error_set(err, ST_INVALID, "org",
					 "members' formal relationship is not held by %s, a %s (%s): "
					 "rule %s (%s)", o.code, k ? k->key : "?",
					 k ? k->zh : "?", RULE_MEMBER_KINDS, r.def->source);
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
		return error_set(err, ST_CONFLICT, "id_number", "%s", MEMBER_ID_TAKEN);
	return ST_OK;
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
	if ((rc = person_validate(p, date_today(), err)) ||
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

/* The key date that goes with a status, as the effective date of a change. */
static int status_date(const struct person *p)
{
	switch (p->status) {
	case MS_APPLICANT: return p->applied;
	case MS_ACTIVIST: return p->activist;
	case MS_TARGET: return p->target;
	case MS_PROBATIONARY: return p->admitted;
	case MS_FULL: return p->full != DATE_NONE ? p->full : p->admitted;
	default: return p->exited;
	}
}

static int update_tx(struct db *db, struct person *p, int moved_on, const char *actor,
		     const char *reference, struct error *err)
{
	struct person old;
	struct strbuf sb = STRBUF_INIT;
	int rc, today = date_today();

	if (p->masked)
		return error_set(err, ST_INTERNAL, NULL, "a masked record is never written");
	if ((rc = person_store_get(db, p->id, &old, err)) ||
	    (rc = person_validate(p, today, err)) ||
	    (rc = member_check_refs(db, p, err)))
		goto out;

	/* A status change carries the key dates that changed with it. */
	int status_changed = old.status != p->status;
	if (status_changed) {
		strbuf_reset(&sb);
		strbuf_addch(&sb, '{');
		diff_code(&sb, "status", &code_member_status, old.status, p->status);
		diff_key_dates(&sb, &old, p);
		strbuf_addch(&sb, '}');
		int d = status_date(p);
		if ((rc = add_event(db, p->id, d == DATE_NONE ? today : d, "status",
				    sb.buf, actor, reference, err)))
			goto out;
	}
	if (old.org_id != p->org_id) {
		strbuf_reset(&sb);
		strbuf_addch(&sb, '{');
		diff_num(&sb, "org", old.org_id, p->org_id);
		strbuf_addch(&sb, '}');
		if ((rc = add_event(db, p->id, moved_on == DATE_NONE ? today : moved_on,
				    "transfer", sb.buf, actor,
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
	if (!status_changed)
		diff_key_dates(&sb, &old, p);
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
	return update_tx(db, p, DATE_NONE, actor, reference, err);
}

int member_move_tx(struct db *db, struct person *p, int date, const char *actor,
		   const char *reference, struct error *err)
{
	return update_tx(db, p, date, actor, reference, err);
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
