/*
 * org-ops.c - organization lifecycle: establish, rename, move, merge,
 * dissolve. Each change writes the row, a dated version (history "as of")
 * and an event with the decision reference, in one transaction.
 *
 * Not here: SQL (store/org-store.c), record rules (model/org.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/strbuf.h"
#include "model/codes.h"
#include "ops/audit.h"
#include "ops/member-ops.h"
#include "ops/observer.h"
#include "ops/org-ops.h"
#include "ops/rules-ops.h"
#include "store/db.h"
#include "store/event-store.h"
#include "store/org-store.h"
#include "store/person-store.h"

int org_resolve(struct db *db, const char *ref, struct org *out,
		struct error *err)
{
	struct error e = ERROR_INIT;
	const char *code;
	long long id;
	int rc;

	if ((rc = org_ref_parse(ref, "org", &id, &code, err)))
		return rc;
	rc = id ? org_store_get(db, id, out, &e) : org_store_get_by_code(db, code, out, &e);
	if (rc != ST_NOT_FOUND)
		return error_pass(err, rc, &e);
	if (id) {
		error_setc(err, ST_NOT_FOUND, "org", "not_found", "no organization with id %lld", id);
		error_param(err, "id", "%lld", id);
		return ST_NOT_FOUND;
	}
	if (strspn(code, "0123456789") == strlen(code)) {
		error_setc(err, ST_NOT_FOUND, "org", "not_found",
				 "no organization with code '%.40s' (a database id is written "
				 ORG_ID_PREFIX "%.20s)", code, code);
		error_param(err, "code", "%.40s", code);
		return ST_NOT_FOUND;
	}
	error_setc(err, ST_NOT_FOUND, "org", "not_found", "no organization with code '%.40s'", code);
	error_param(err, "code", "%.40s", code);
	return ST_NOT_FOUND;
}

static int add_event(struct db *db, long long org_id, int date, const char *kind,
		     const char *detail, const char *actor, const char *reference,
		     struct error *err)
{
	struct event ev;

	event_init(&ev, EVENT_ORG, org_id, date, kind, detail, reference, actor);
	return event_store_add(db, &ev, err);
}

/* The English label of a kind in lower case, for messages ("branch"). */
static const char *kind_words(int kind, char *buf, size_t size)
{
	const struct code_entry *e = code_by_code(&code_org_kind, kind);
	size_t i;

	snprintf(buf, size, "%s (%s)", e ? e->en : "?", e ? e->zh : "?");
	for (i = 0; buf[i] && buf[i] != ' '; i++)
		if (buf[i] >= 'A' && buf[i] <= 'Z')
			buf[i] = (char)(buf[i] - 'A' + 'a');
	if (buf[0] >= 'A' && buf[0] <= 'Z')
		buf[0] = (char)(buf[0] - 'A' + 'a');
	return buf;
}

int org_check_structure(struct db *db, const struct org *child,
			const struct org *parent, int date, struct error *err)
{
	const struct code_entry *k = code_by_code(&code_org_kind, child->kind);
	struct rule_in_force r;
	char key[RULE_KEY_SIZE], a[96], b[96];
	int rc;

	if (date == DATE_NONE)
		date = date_today();
	if (!k)
		return error_setc(err, ST_INVALID, "kind", "invalid_choice", "unknown organization kind");
	snprintf(key, sizeof(key), RULE_PARENTS_PREFIX "%s", k->key);
	if ((rc = rules_get(db, key, date, &r, err)))
		return rc;
	if (!rules_kinds_has(r.value, parent->kind)) {
		error_setc(err, ST_INVALID, "parent", "structure_parent",
				 "a %s may not sit under a %s (%s): rule %s (%s)",
				 kind_words(child->kind, a, sizeof(a)),
				 kind_words(parent->kind, b, sizeof(b)), parent->code, key,
				 r.def->source);
		error_param(err, "kind", "%s", k->key);
		error_param(err, "parent_kind", "%s",
			    code_by_code(&code_org_kind, parent->kind) ?
			    code_by_code(&code_org_kind, parent->kind)->key : "");
		error_param(err, "parent", "%s", parent->code);
		error_rule(err, key, r.def->source);
		return ST_INVALID;
	}
	if ((rc = rules_get(db, RULE_LEVEL_ORDER, date, &r, err)))
		return rc;
	if (!strcmp(r.value, "yes") && child->level > ORG_LEVEL_GRASSROOTS &&
	    parent->level <= child->level) {
		error_setc(err, ST_INVALID, "parent", "structure_level",
				 "a committee of level %d may not sit under %s, of level %d: "
				 "rule %s (%s)", child->level, parent->code, parent->level,
				 RULE_LEVEL_ORDER, r.def->source);
		error_param(err, "level", "%d", child->level);
		error_param(err, "parent", "%s", parent->code);
		error_param(err, "parent_level", "%d", parent->level);
		error_rule(err, RULE_LEVEL_ORDER, r.def->source);
		return ST_INVALID;
	}
	return ST_OK;
}

static int active_parent(struct db *db, long long parent_id, int date,
			 const struct org *child, struct org *parent, struct error *err)
{
	struct error e = ERROR_INIT;
	int rc = org_store_get(db, parent_id, parent, &e);

	if (rc == ST_NOT_FOUND) {
		error_setc(err, ST_INVALID, "parent", "unknown_org",
				 "parent organization %lld does not exist", parent_id);
		error_param(err, "id", "%lld", parent_id);
		return ST_INVALID;
	}
	if (rc)
		return error_pass(err, rc, &e);
	if (parent->dissolved != DATE_NONE) {
		error_setc(err, ST_CONFLICT, "parent", "org_dissolved",
				 "parent organization %s was dissolved", parent->code);
		error_param(err, "org", "%s", parent->code);
		return ST_CONFLICT;
	}
	if (date != DATE_NONE && parent->established > date) {
		error_setc(err, ST_INVALID, "parent", "parent_established_later",
				 "parent organization %s was established later", parent->code);
		error_param(err, "org", "%s", parent->code);
		return ST_INVALID;
	}
	return org_check_structure(db, child, parent, date, err);
}

int org_create_tx(struct db *db, struct org *o, const char *actor,
		  const char *reference, struct error *err)
{
	struct org parent;
	struct strbuf detail = STRBUF_INIT;
	int today = date_today(), rc;

	if (o->established == DATE_NONE)
		o->established = today;
	o->dissolved = DATE_NONE;
	o->merged_into = 0;
	if ((rc = org_validate(o, today, err)))
		goto out;
	if (o->parent_id &&
	    (rc = active_parent(db, o->parent_id, o->established, o, &parent, err)))
		goto out;
	if ((rc = org_store_insert(db, o, err)) ||
	    (rc = org_store_new_version(db, o, o->established, "active", err)))
		goto out;
	strbuf_adds(&detail, "{\"code\":");
	strbuf_add_json_string(&detail, o->code);
	strbuf_adds(&detail, ",\"name\":");
	strbuf_add_json_string(&detail, o->name);
	strbuf_addf(&detail, ",\"kind\":\"%s\",\"parent_id\":%lld}",
		    code_by_code(&code_org_kind, o->kind)->key, o->parent_id);
	rc = add_event(db, o->id, o->established, "establish", detail.buf, actor,
		       reference, err);
	if (!rc)
		ops_note_org(NULL, o);
out:
	strbuf_release(&detail);
	return rc;
}

/* Runs fn inside a transaction of its own. */
#define IN_TX(db, err, call)                          \
	do {                                          \
		int rc_ = db_begin((db), (err));      \
		if (rc_)                              \
			return rc_;                   \
		rc_ = (call);                         \
		if (!rc_)                             \
			rc_ = db_commit((db), (err)); \
		if (rc_)                              \
			db_rollback(db);              \
		ops_tx_end(!rc_, 0);                  \
		return rc_;                           \
	} while (0)

int org_create(struct db *db, struct org *o, const char *actor,
	       const char *reference, struct error *err)
{
	IN_TX(db, err, org_create_tx(db, o, actor, reference, err));
}

static int load_active(struct db *db, long long id, int *date, struct org *o,
		       struct error *err)
{
	int rc;

	if ((rc = org_store_get(db, id, o, err)))
		return rc;
	if (o->dissolved != DATE_NONE) {
		error_setc(err, ST_CONFLICT, "org", "org_dissolved",
				 "organization %s was dissolved on a previous date", o->code);
		error_param(err, "org", "%s", o->code);
		return ST_CONFLICT;
	}
	if (*date == DATE_NONE)
		*date = date_today();
	if (*date > date_today())
		return error_setc(err, ST_INVALID, "date", "date_in_future", "the effective date is in the future");
	if (*date < o->established) {
		error_setc(err, ST_INVALID, "date", "date_before_established",
				 "the effective date is before the establishment of %s", o->code);
		error_param(err, "org", "%s", o->code);
		return ST_INVALID;
	}
	return ST_OK;
}

/*
 * A dated change of the organization's history (move, rename, merge,
 * dissolution) opens a version from its date: it may not come before the
 * latest version, whose history would otherwise overlap (docs/cli-org.md,
 * "History"). Same-day changes follow each other.
 */
static int load_for_change(struct db *db, long long id, int *date, struct org *o,
			   struct error *err)
{
	char buf[DATE_STR_SIZE];
	int rc, latest;

	if ((rc = load_active(db, id, date, o, err)) ||
	    (rc = org_store_latest_version(db, id, &latest, err)))
		return rc;
	if (latest != DATE_NONE && *date < latest) {
		error_setc(err, ST_INVALID, "date", "date_before_latest_change",
				 "a later change of %s is dated %s; a change must not be"
				 " dated before it", o->code, date_format(latest, buf));
		error_param(err, "org", "%s", o->code);
		error_param(err, "date", "%s", buf);
		return ST_INVALID;
	}
	return ST_OK;
}

static int rename_tx(struct db *db, long long id, const char *name, int date,
		     const char *actor, const char *reference, struct error *err)
{
	struct org o, before;
	struct strbuf detail = STRBUF_INIT;
	int rc;

	if ((rc = load_for_change(db, id, &date, &o, err)))
		goto out;
	before = o;
	strbuf_adds(&detail, "{\"from\":");
	strbuf_add_json_string(&detail, o.name);
	if ((rc = org_set_text(&o, ORG_TEXT_NAME, name, err)) ||
	    (rc = org_validate(&o, date_today(), err)))
		goto out;
	strbuf_adds(&detail, ",\"to\":");
	strbuf_add_json_string(&detail, o.name);
	strbuf_addch(&detail, '}');
	if ((rc = org_store_update(db, &o, err)) ||
	    (rc = org_store_new_version(db, &o, date, "active", err)))
		goto out;
	rc = add_event(db, id, date, "rename", detail.buf, actor, reference, err);
	if (!rc)
		ops_note_org(&before, &o);
out:
	strbuf_release(&detail);
	return rc;
}

int org_rename(struct db *db, long long id, const char *name, int date,
	       const char *actor, const char *reference, struct error *err)
{
	IN_TX(db, err, rename_tx(db, id, name, date, actor, reference, err));
}

static int move_tx(struct db *db, long long id, long long new_parent, int date,
		   const char *actor, const char *reference, struct error *err)
{
	struct org o, parent, before;
	char detail[128];
	int rc;

	if ((rc = load_for_change(db, id, &date, &o, err)))
		return rc;
	before = o;
	if (new_parent == o.parent_id) {
		error_setc(err, ST_CONFLICT, "parent", "already_there",
				 "%s is already under that organization", o.code);
		error_param(err, "org", "%s", o.code);
		return ST_CONFLICT;
	}
	/* a cycle is named before the structure rules are asked */
	rc = org_store_is_ancestor(db, id, new_parent, err);
	if (rc < 0)
		return rc;
	if (rc) {
		struct error e = ERROR_INIT;
		if (org_store_get(db, new_parent, &parent, &e))
			snprintf(parent.code, sizeof(parent.code), "%lld", new_parent);
		error_setc(err, ST_CONFLICT, "parent", "cycle",
				 "moving %s under %s would make a cycle", o.code,
				 parent.code);
		error_param(err, "org", "%s", o.code);
		error_param(err, "parent", "%s", parent.code);
		return ST_CONFLICT;
	}
	if ((rc = active_parent(db, new_parent, date, &o, &parent, err)))
		return rc;
	snprintf(detail, sizeof(detail), "{\"from\":%lld,\"to\":%lld}", o.parent_id,
		 new_parent);
	o.parent_id = new_parent;
	if ((rc = org_store_update(db, &o, err)) ||
	    (rc = org_store_new_version(db, &o, date, "active", err)))
		return rc;
	if ((rc = add_event(db, id, date, "move", detail, actor, reference, err)))
		return rc;
	ops_note_org(&before, &o);
	return ST_OK;
}

int org_move(struct db *db, long long id, long long new_parent, int date,
	     const char *actor, const char *reference, struct error *err)
{
	IN_TX(db, err, move_tx(db, id, new_parent, date, actor, reference, err));
}

struct collect {
	long long *ids;
	size_t n, alloc;
};

static int collect_org(const struct org *o, void *ctx)
{
	struct collect *c = ctx;

	if (c->n == c->alloc) {
		c->alloc = c->alloc ? c->alloc * 2 : 16;
		c->ids = realloc(c->ids, c->alloc * sizeof(*c->ids));
		if (!c->ids)
			abort();
	}
	c->ids[c->n++] = o->id;
	return 0;
}

static int collect_person(const struct person *p, void *ctx)
{
	struct collect *c = ctx;
	struct org o;

	o.id = p->id;
	return collect_org(&o, c);
}

static int dissolve_row(struct db *db, struct org *o, int date, long long into,
			const char *actor, const char *reference, struct error *err)
{
	struct org before = *o;
	char detail[96];
	int rc;

	o->dissolved = date;
	o->merged_into = into;
	if ((rc = org_store_update(db, o, err)) ||
	    (rc = org_store_new_version(db, o, date, "dissolved", err)))
		return rc;
	if (into)
		snprintf(detail, sizeof(detail), "{\"merged_into\":%lld}", into);
	else
		snprintf(detail, sizeof(detail), "{}");
	if ((rc = add_event(db, o->id, date, into ? "merge" : "dissolve", detail,
			    actor, reference, err)))
		return rc;
	ops_note_org(&before, o);
	return ST_OK;
}

static int merge_tx(struct db *db, long long from, long long into, int date,
		    const char *actor, const char *reference, struct error *err)
{
	struct org src, dst;
	struct collect kids = { NULL, 0, 0 }, people = { NULL, 0, 0 };
	int rc, d2 = date;

	if (from == into)
		return error_setc(err, ST_CONFLICT, "into", "merge_into_itself", "cannot merge an organization into itself");
	if ((rc = load_for_change(db, from, &date, &src, err)) ||
	    (rc = load_active(db, into, &d2, &dst, err)))
		goto out;
	rc = org_store_is_ancestor(db, from, into, err);
	if (rc < 0)
		goto out;
	if (rc) {
		rc = error_setc(err, ST_CONFLICT, "into", "cycle",
			       "cannot merge %s into its own sub-organization %s",
			       src.code, dst.code);
		error_param(err, "org", "%s", src.code);
		error_param(err, "parent", "%s", dst.code);
		goto out;
	}
	if (dst.kind == ORG_PARTY_GROUP) {
		rc = error_setc(err, ST_INVALID, "into", "merge_into_party_group", "cannot merge into a party group");
		goto out;
	}
	if ((rc = org_store_children(db, from, 0, collect_org, &kids, err)))
		goto out;
	for (size_t i = 0; i < kids.n; i++)
		if ((rc = move_tx(db, kids.ids[i], into, date, actor, reference, err)))
			goto out;
	/* Move the people (members and applicants) of `from`. */
	for (;;) {
		struct person_query q = { .org_id = from, .limit = 1000 };
		people.n = 0;
		if ((rc = person_store_list(db, &q, collect_person, &people, NULL, err)))
			goto out;
		if (!people.n)
			break;
		for (size_t i = 0; i < people.n; i++) {
			struct person p;
			if ((rc = person_store_get(db, people.ids[i], &p, err)))
				goto out;
			p.org_id = into;
			if ((rc = member_move_tx(db, &p, date, actor, reference, err)))
				goto out;
		}
	}
	rc = dissolve_row(db, &src, date, into, actor, reference, err);
out:
	free(kids.ids);
	free(people.ids);
	return rc;
}

int org_merge(struct db *db, long long from, long long into, int date,
	      const char *actor, const char *reference, struct error *err)
{
	IN_TX(db, err, merge_tx(db, from, into, date, actor, reference, err));
}

static int dissolve_tx(struct db *db, long long id, int date, const char *actor,
		       const char *reference, struct error *err)
{
	struct org o;
	long long n;
	int rc;

	if ((rc = load_for_change(db, id, &date, &o, err)))
		return rc;
	if ((rc = org_store_count_children(db, id, &n, err)))
		return rc;
	if (n) {
		error_setc(err, ST_CONFLICT, "org", "has_children",
				 "%s still has %lld active sub-organizations; move or merge them first",
				 o.code, n);
		error_param(err, "org", "%s", o.code);
		error_param(err, "count", "%lld", n);
		return ST_CONFLICT;
	}
	struct person_query q = { .org_id = id, .status = -2, .limit = 1 };
	if ((rc = person_store_count(db, &q, &n, err)))
		return rc;
	if (n) {
		error_setc(err, ST_CONFLICT, "org", "has_members",
				 "%s still has %lld people on its rolls; transfer them or merge the organization",
				 o.code, n);
		error_param(err, "org", "%s", o.code);
		error_param(err, "count", "%lld", n);
		return ST_CONFLICT;
	}
	return dissolve_row(db, &o, date, 0, actor, reference, err);
}

int org_dissolve(struct db *db, long long id, int date, const char *actor,
		 const char *reference, struct error *err)
{
	IN_TX(db, err, dissolve_tx(db, id, date, actor, reference, err));
}

static int temp_member_tx(struct db *db, long long org_id, long long person_id,
			  int date, struct error *err)
{
	struct org o;
	struct person p;
	int rc;

	if ((rc = load_active(db, org_id, &date, &o, err)))
		return rc;
	if (o.kind != ORG_TEMPORARY) {
		error_setc(err, ST_INVALID, "org", "not_temporary",
				 "%s is not a temporary organization; a member's formal "
				 "relationship changes by a transfer", o.code);
		error_param(err, "org", "%s", o.code);
		return ST_INVALID;
	}
	if (o.end_date != DATE_NONE && date > o.end_date) {
		error_setc(err, ST_INVALID, "date", "temporary_ended",
				 "temporary organization %s ended before that date", o.code);
		error_param(err, "org", "%s", o.code);
		return ST_INVALID;
	}
	if ((rc = person_store_get(db, person_id, &p, err)))
		return rc;
	if (p.status != MS_PROBATIONARY && p.status != MS_FULL) {
		error_setc(err, ST_INVALID, "person", "not_current_member",
				 "person %lld is not a current member", person_id);
		error_param(err, "id", "%lld", person_id);
		return ST_INVALID;
	}
	return org_store_temp_member_add(db, org_id, person_id, date, err);
}

int org_temp_member_add(struct db *db, long long org_id, long long person_id,
			int date, const char *actor, struct error *err)
{
	int rc;

	if ((rc = db_begin(db, err)))
		return rc;
	audit_context(db, actor, "org.temp_member_add");
	rc = temp_member_tx(db, org_id, person_id, date, err);
	if (!rc)
		rc = db_commit(db, err);
	if (rc)
		db_rollback(db);
	audit_context(db, NULL, NULL);
	return rc;
}
