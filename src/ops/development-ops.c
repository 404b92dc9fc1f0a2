/*
 * development-ops.c - recording a development step with everything it
 * changes, in one transaction (development-ops.h).
 *
 * Not here: SQL (store/development-store.c), the order and eligibility of
 * the steps (model/development.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/strbuf.h"
#include "model/codes.h"
#include "model/event.h"
#include "ops/audit.h"
#include "ops/calendar.h"
#include "ops/development-ops.h"
#include "ops/member-ops.h"
#include "ops/observer.h"
#include "ops/rules-ops.h"
#include "store/db.h"
#include "store/development-store.h"
#include "store/event-store.h"
#include "store/person-store.h"

int dev_rules_load(struct db *db, int day, struct dev_rules *r, struct error *err)
{
	for (size_t i = 0; i < nr_dev_rule_keys; i++) {
		struct dev_rule *d = dev_rules_at(r, i);
		struct rule_in_force f;
		int rc, v;

		d->key = dev_rule_keys[i];
		d->value = 0;
		d->in_force = 0;
		d->source = "";
		/* a date rule (the founding) is a fixed day, in force whenever asked */
		rc = rules_get(db, d->key, day, &f, err);
		if (rc == ST_NOT_FOUND && !strcmp(d->key, RULE_DEV_FOUNDING_DATE)) {
			error_clear(err);
			rc = rules_get(db, d->key, date_today(), &f, err);
		}
		if (rc == ST_NOT_FOUND) {
			error_clear(err);
			continue;
		}
		if (rc)
			return rc;
		d->source = f.def->source;
		if (!strcmp(f.def->unit, "date")) {
			d->in_force = !date_parse(f.value, &v);
			d->value = v;
		} else {
			d->value = rules_number(f.def->unit, f.value);
			d->in_force = d->value >= 0;
		}
	}
	return ST_OK;
}

int member_steps(struct db *db, long long person_id, struct dev_record **out,
		 size_t *n, struct error *err)
{
	struct person p;
	int rc;

	if ((rc = person_store_get(db, person_id, &p, err)))
		return rc;
	return dev_store_list(db, person_id, out, n, DEV_STEPS_MAX, err);
}

/* 1 when person id is a full member on day. */
static int full_on(struct db *db, long long id, int day, int *full, struct error *err)
{
	struct person q;
	int rc = person_store_get(db, id, &q, err);

	*full = 0;
	if (rc == ST_NOT_FOUND) {
		error_clear(err);
		return ST_OK;
	}
	if (rc)
		return rc;
	*full = q.status == MS_FULL && (q.full == DATE_NONE ? q.admitted : q.full) <= day &&
		(q.exited == DATE_NONE || q.exited > day);
	return ST_OK;
}

/* What the check needs from the store: people, working days. */
static int gather_facts(struct db *db, const struct dev_record *h, size_t n,
			const struct dev_record *rec, struct dev_facts *f, struct error *err)
{
	const char *field = rec->step == DEV_ACTIVIST ? "contacts"
			    : rec->step == DEV_SPONSORS ? "sponsors" : NULL;
	int rc;

	memset(f, 0, sizeof(*f));
	f->today = date_today();
	f->workdays = -1;
	if (field) {
		int k = dev_field_ids(rec, field, f->people, DEV_IDS_MAX);
		for (int i = 0; i < k; i++)
			if ((rc = full_on(db, f->people[i], rec->date, &f->people_full[i], err)))
				return rc;
		f->nr_people = k > 0 ? k : 0;
	}
	if (rec->step == DEV_PUBLICITY) {
		const char *from = dev_field(rec, "from"), *to = dev_field(rec, "to");
		int a = rec->date, b;
		if (from && *from && date_parse(from, &a))
			return ST_OK;    /* named by dev_check */
		if (to && !date_parse(to, &b) && b >= a && rec->date != DATE_NONE)
			return calendar_workdays(db, a, b, &f->workdays, err);
	}
	if (rec->step == DEV_BRANCH_VOTE && rec->date != DATE_NONE) {
		int from = dev_publicity_from(h, n);
		if (from != DATE_NONE)
			return from <= rec->date - 1
				? calendar_workdays(db, from, rec->date - 1, &f->workdays, err)
				: (f->workdays = 0, ST_OK);
	}
	return ST_OK;
}

/* The timeline event of a step: {"step","late","fields":{...}} (fields
 * left out when they do not fit the event's detail). */
static int add_step_event(struct db *db, const struct dev_record *rec, const char *actor,
			  struct error *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct event ev;
	size_t bare;
	int rc;

	strbuf_adds(&sb, "{\"step\":");
	strbuf_add_json_string(&sb, dev_step_key(rec->step));
	strbuf_addf(&sb, ",\"late\":%s", rec->late ? "true" : "false");
	bare = sb.len;
	strbuf_adds(&sb, ",\"fields\":{");
	for (int i = 0; i < rec->nr_fields; i++) {
		if (i)
			strbuf_addch(&sb, ',');
		strbuf_add_json_string(&sb, rec->fields[i].key);
		strbuf_addch(&sb, ':');
		strbuf_add_json_string(&sb, rec->fields[i].value);
	}
	strbuf_adds(&sb, "}}");
	if (sb.len >= sizeof(ev.detail)) {
		sb.len = bare;
		sb.buf[sb.len] = '\0';
		strbuf_addch(&sb, '}');
	}
	event_init(&ev, EVENT_PERSON, rec->person_id, rec->date, "step", sb.buf, NULL, actor);
	rc = event_store_add(db, &ev, err);
	strbuf_release(&sb);
	return rc;
}

static int step_tx(struct db *db, long long person_id, struct dev_record *rec,
		   const char *actor, struct person *out, struct error *err)
{
	struct dev_record *h = NULL;
	struct dev_rules rules;
	struct dev_facts facts;
	struct person_rules pr;
	struct person old, p;
	size_t n = 0;
	int rc;

	if ((rc = person_store_get(db, person_id, &old, err)))
		return rc;
	p = old;
	rec->person_id = person_id;
	snprintf(rec->recorded_by, sizeof(rec->recorded_by), "%s", actor ? actor : "");
	if (rec->step == DEV_APPLICATION && !p.status) {
		const char *org = dev_field(rec, "org");
		char *end;
		long long id = org ? strtoll(org, &end, 10) : 0;
		if (!org || !*org)
			return error_setc(err, ST_INVALID, "org", "required",
					  "an application of a person without a membership names"
					  " the organization");
		if (id <= 0 || *end)
			return error_setc(err, ST_INVALID, "org", "dev_invalid_number",
					  "org is an organization id");
		p.org_id = id;
	}
	if ((rc = dev_store_list(db, person_id, &h, &n, DEV_STEPS_MAX, err)) ||
	    (rc = dev_rules_load(db, rec->date == DATE_NONE ? date_today() : rec->date,
				 &rules, err)) ||
	    (rc = gather_facts(db, h, n, rec, &facts, err)) ||
	    (rc = dev_check(&rules, &p, h, n, rec, &facts, err)))
		goto out;
	dev_apply(&rules, &p, h, n, rec);
	if ((rc = member_person_rules(db, &pr, err)) ||
	    (rc = person_validate(&p, date_today(), &pr, err)) ||
	    (p.org_id != old.org_id && (rc = member_check_refs(db, &p, err))) ||
	    (rc = dev_store_insert(db, rec, err)) ||
	    (rc = add_step_event(db, rec, actor, err)))
		goto out;
	ops_note_track(person_id);
	if (memcmp(&p, &old, sizeof(p))) {
		if ((rc = person_store_update(db, &p, err)))
			goto out;
		ops_note_person(&old, &p);
	}
	if (out)
		*out = p;
out:
	free(h);
	return rc;
}

int member_step(struct db *db, long long person_id, struct dev_record *rec,
		const char *actor, struct person *out, struct error *err)
{
	int rc = db_begin(db, err);

	if (rc)
		return rc;
	audit_context(db, actor, "member.step");
	rc = step_tx(db, person_id, rec, actor, out, err);
	if (!rc)
		rc = db_commit(db, err);
	if (rc)
		db_rollback(db);
	audit_context(db, NULL, NULL);
	ops_tx_end(!rc, 0);
	return rc;
}

int member_steps_replay(struct db *db, long long person_id, size_t *nr, struct error *err)
{
	struct dev_record *h = NULL;
	struct dev_rules rules;
	struct dev_facts facts;
	struct person p, q;
	size_t n = 0;
	int rc;

	*nr = 0;
	if ((rc = person_store_get(db, person_id, &p, err)) ||
	    (rc = dev_store_list(db, person_id, &h, &n, DEV_STEPS_MAX, err)))
		goto out;
	if (!n)
		goto out;
	person_init(&q);
	q.id = p.id;
	q.birth_date = p.birth_date;
	q.org_id = p.org_id;
	for (size_t i = 0; i < n; i++) {
		struct dev_record rec = h[i];
		if ((rc = dev_rules_load(db, rec.date, &rules, err)) ||
		    (rc = gather_facts(db, h, i, &rec, &facts, err)) ||
		    (rc = dev_check(&rules, &q, h, i, &rec, &facts, err)))
			goto out;
		if (rec.late != h[i].late) {
			rc = error_set(err, ST_CONFLICT, "steps", "step %s of person %lld: late is %d,"
				       " the check says %d", dev_step_key(rec.step), person_id,
				       h[i].late, rec.late);
			goto out;
		}
		dev_apply(&rules, &q, h, i, &rec);
		*nr = i + 1;
	}
	if (q.status != p.status || q.applied != p.applied || q.activist != p.activist ||
	    q.target != p.target || q.admitted != p.admitted || q.full != p.full ||
	    q.exited != p.exited)
		rc = error_set(err, ST_CONFLICT, "steps",
			       "the steps of person %lld give another status or key dates", person_id);
out:
	free(h);
	return rc;
}
