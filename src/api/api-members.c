/*
 * api-members.c - person and member records: search in scope, one record
 * (masked; revealed on request for roles that may, logged), creation,
 * partial edits (never of the status or the key dates), the end of a
 * membership, corrections, the timeline. Writes go through
 * ops/member-ops.c.
 *
 * A record outside the caller's subtree answers exactly like a missing
 * one. Every read of a record is written to the access log; reveals are
 * committed to it before the data is sent (ops/audit.h). Records leave
 * masked through ops/privacy.h unless revealed; the encoders here and in
 * json/codec.c write what they are given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/date.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "json/codec.h"
#include "model/codes.h"
#include "ops/audit.h"
#include "ops/auth.h"
#include "ops/member-ops.h"
#include "ops/privacy.h"
#include "store/org-store.h"
#include "store/person-store.h"

static int add_person(const struct person *p, void *ctx)
{
	struct person m = *p;

	privacy_mask_person(&m);
	json_array_append_new(ctx, person_to_json(&m));
	return 0;
}

/* The reply of a write: the stored record, masked. */
static int reply_person(struct reply *rep, int http, struct person *p)
{
	privacy_mask_person(p);
	return api_json(rep, http, person_to_json(p));
}

int api_members_search(struct request *req, struct reply *rep)
{
	struct person_query q;
	char next[CURSOR_SIZE], detail[160], object[48];
	long long limit, org, total = 0;
	json_t *items;
	int rc;

	memset(&q, 0, sizeof(q));
	if ((rc = req_query_int(req, "limit", 1, 1000, 50, &limit)) ||
	    (rc = req_query_int(req, "org", 1, (long long)1 << 62, 0, &org)) ||
	    (rc = api_sort_param(req, &q)))
		return rc;
	if (org) {
		if ((rc = authorize(req->db, &req->auth.user, OP_MEMBER_READ, org, &req->err)))
			return rc;
		q.org_id = org;
	} else {
		q.org_id = auth_scope_root(&req->auth.user);
	}
	q.subtree = 1;
	q.text = req_query(req, "q");
	q.after = req_query(req, "cursor");
	q.limit = (int)limit;
	items = json_array();
	if ((rc = person_store_list(req->db, &q, add_person, items, next, &req->err)) ||
	    (rc = person_store_count(req->db, &q, &total, &req->err)) ||
	    (rc = api_add_org_names(req, items))) {
		json_decref(items);
		if (!strcmp(req->err.field, "cursor") || !strcmp(req->err.field, "sort"))
			req->err.status = ST_HTTP_BAD_REQUEST;
		return req->err.status ? req->err.status : rc;
	}
	snprintf(detail, sizeof(detail), "{\"rows\":%zu}", json_array_size(items));
	snprintf(object, sizeof(object), "org/%lld/search", q.org_id);
	if ((rc = access_record(req->db, req->actor, "list", object, detail, 0, &req->err))) {
		json_decref(items);
		return rc;
	}
	return api_json(rep, 200, json_pack("{s:o,s:o,s:I}", "items", items, "next_cursor",
					    next[0] ? json_string(next) : json_null(),
					    "total", (json_int_t)total));
}

/* Loads id and checks op on it (404 for missing and out of scope alike). */
static int load_person(struct request *req, long long id, int op, struct person *p)
{
	int rc;

	if ((rc = person_store_get(req->db, id, p, &req->err)))
		return rc;
	return authorize_person(req->db, &req->auth.user, op, p, &req->err);
}

/* ---- one record as JSON text -------------------------------------------
 * GET /members/{id} is the most frequent request: its body is written
 * straight into a buffer instead of through a jansson tree. The text is
 * byte for byte what json_dumps(person_to_json(p), JSON_COMPACT |
 * JSON_PRESERVE_ORDER) gives (same keys, order, escapes);
 * tests/e2e/t0592-member-read.sh compares it with the list rows, which
 * person_to_json encodes. */

/* A growing output buffer for one body (no limit, no per-append NUL). */
struct jbuf {
	char *buf;
	size_t len, alloc;
};

/* Room for n more bytes and a NUL. */
static void jb_reserve(struct jbuf *jb, size_t n)
{
	if (jb->len + n + 1 > jb->alloc) {
		jb->alloc = 2 * (jb->len + n + 1);
		jb->buf = xrealloc(jb->buf, jb->alloc);
	}
}

static void jb_add(struct jbuf *jb, const void *data, size_t n)
{
	jb_reserve(jb, n);
	memcpy(jb->buf + jb->len, data, n);
	jb->len += n;
}

static void jb_adds(struct jbuf *jb, const char *s)
{
	jb_add(jb, s, strlen(s));
}

static void jb_addch(struct jbuf *jb, char c)
{
	jb_add(jb, &c, 1);
}

static void put_str(struct jbuf *sb, const char *s)
{
	size_t n = json_quote(NULL, 0, s);

	jb_reserve(sb, n);
	sb->len += json_quote(sb->buf + sb->len, n + 1, s);
}

static void put_key(struct jbuf *sb, const char *key)
{
	jb_addch(sb, ',');
	jb_addch(sb, '"');
	jb_adds(sb, key);
	jb_add(sb, "\":", 2);
}

static void put_text_or_null(struct jbuf *sb, const char *key, const char *s)
{
	put_key(sb, key);
	if (s && *s)
		put_str(sb, s);
	else
		jb_add(sb, "null", 4);
}

static void put_code_key(struct jbuf *sb, const char *key,
			 const struct code_table *t, int code)
{
	const struct code_entry *e = code_by_code(t, code);

	put_text_or_null(sb, key, e ? e->key : NULL);
}

static void put_day(struct jbuf *sb, const char *key, int day)
{
	char buf[DATE_STR_SIZE];

	put_text_or_null(sb, key, day == DATE_NONE ? NULL : date_format(day, buf));
}

/* u in decimal into out (at least 21 bytes, NUL-terminated); its length. */
static size_t decimal(char *out, unsigned long long u)
{
	char buf[24], *p = buf + sizeof(buf);
	size_t n;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	n = (size_t)(buf + sizeof(buf) - p);
	memcpy(out, p, n);
	out[n] = '\0';
	return n;
}

/* A non-negative integer in decimal. */
static void put_number(struct jbuf *sb, long long v)
{
	char buf[24];

	jb_add(sb, buf, decimal(buf, (unsigned long long)v));
}

static void put_id(struct jbuf *sb, const char *key, long long id)
{
	put_key(sb, key);
	if (id > 0)
		put_number(sb, id);
	else
		jb_add(sb, "null", 4);
}

/* The text of person_to_json(p), p as given (masked or not), then the
 * organization's name and code as api_add_org_names() gives them in the
 * lists (o NULL: none); caller releases sb. */
static void person_json_text(struct jbuf *sb, const struct person *p,
			     const struct org *o)
{
	int first = 1;

	jb_adds(sb, "{\"id\":");
	if (p->id >= 0) {
		put_number(sb, p->id);
	} else {
		char n[24];
		snprintf(n, sizeof(n), "%lld", p->id);
		jb_adds(sb, n);
	}
	put_key(sb, "name");
	put_str(sb, p->name);
	put_key(sb, "pinyin");
	put_str(sb, p->pinyin);
	put_code_key(sb, "sex", &code_sex, p->sex);
	put_day(sb, "birth_date", p->birth_date);
	put_code_key(sb, "ethnicity", &code_ethnicity, p->ethnicity);
	put_code_key(sb, "education", &code_education, p->education);
	put_code_key(sb, "occupation", &code_occupation, p->occupation);
	put_text_or_null(sb, "id_number", p->id_number);
	put_text_or_null(sb, "phone", p->phone);
	put_text_or_null(sb, "address", p->address);
	put_key(sb, "masked");
	jb_adds(sb, p->masked ? "true" : "false");
	put_id(sb, "org_id", p->org_id);
	put_code_key(sb, "status", &code_member_status, p->status);
	put_key(sb, "flags");
	jb_addch(sb, '[');
	if (p->flags & MF_LOST_CONTACT) {
		jb_adds(sb, "\"lost_contact\"");
		first = 0;
	}
	if (p->flags & MF_FLOATING) {
		jb_adds(sb, first ? "\"floating\"" : ",\"floating\"");
		first = 0;
	}
	if (p->flags & MF_SUSPENDED)
		jb_adds(sb, first ? "\"suspended\"" : ",\"suspended\"");
	jb_addch(sb, ']');
	put_day(sb, "applied", p->applied);
	put_day(sb, "activist", p->activist);
	put_day(sb, "target", p->target);
	put_day(sb, "admitted", p->admitted);
	put_day(sb, "full", p->full);
	put_day(sb, "exited", p->exited);
	{
		int age = person_party_age(p, date_today());
		put_key(sb, "party_age");
		if (age >= 0)
			put_number(sb, age);
		else
			jb_add(sb, "null", 4);
	}
	if (o) {
		put_key(sb, "org_name");
		put_str(sb, o->name);
		put_key(sb, "org_code");
		put_str(sb, o->code);
	}
	jb_addch(sb, '}');
}

int api_member_get(struct request *req, struct reply *rep)
{
	struct jbuf jb = { NULL, 0, 0 };
	struct person p;
	struct org org;
	char object[48];
	int rc, reveal;

	if ((rc = req_query_bool(req, "reveal", &reveal)) ||
	    (rc = load_person(req, req->ids[0], OP_MEMBER_READ, &p)))
		return rc;
	if (reveal) {
		if ((rc = authorize_person(req->db, &req->auth.user, OP_MEMBER_REVEAL, &p,
					   &req->err)) ||
		    (rc = access_log_reveal(req->db, req->actor, p.id, &req->err)))
			return rc;
	} else {
		memcpy(object, "person/", 7);
		if (p.id > 0)
			decimal(object + 7, (unsigned long long)p.id);
		else
			snprintf(object, sizeof(object), "person/%lld", p.id);
		if ((rc = access_record(req->db, req->actor, "read", object, NULL, 0,
					&req->err)))
			return rc;
		privacy_mask_person(&p);
	}
	if (p.org_id > 0 && (rc = org_store_get(req->db, p.org_id, &org, &req->err)))
		return rc;
	jb.alloc = 1024;
	jb.buf = xmalloc(jb.alloc);
	person_json_text(&jb, &p, p.org_id > 0 ? &org : NULL);
	jb.buf[jb.len] = '\0';
	reply_take(rep, 200, "application/json; charset=utf-8", jb.buf, jb.len);
	return ST_OK;
}

static const struct field_spec person_spec[] = {
	{ "name", F_STRING, 0 }, { "sex", F_STRING, 0 }, { "birth_date", F_STRING, 0 },
	{ "ethnicity", F_STRING, 0 }, { "education", F_STRING, 0 },
	{ "occupation", F_STRING, 0 }, { "id_number", F_STRING, 0 },
	{ "phone", F_STRING, 0 }, { "address", F_STRING, 0 }, { "org_id", F_INT, 0 },
	{ "status", F_STRING, 0 }, { "applied", F_STRING, 0 },
	{ "activist", F_STRING, 0 }, { "target", F_STRING, 0 },
	{ "admitted", F_STRING, 0 }, { "full", F_STRING, 0 }, { "exited", F_STRING, 0 },
	{ "flags", F_ARRAY, 0 }, { "reference", F_STRING, 0 }, { NULL, 0, 0 },
};

static int put_code(struct request *req, json_t *b, const char *key,
		    const struct code_table *t, int *out)
{
	json_t *v = json_object_get(b, key);
	const struct code_entry *e;

	if (!v)
		return ST_OK;
	if (json_is_null(v)) {
		*out = 0;
		return ST_OK;
	}
	if (!(e = code_by_key(t, json_string_value(v))))
		return error_add(&req->err, ST_INVALID, key, "invalid_choice",
				 "unknown %s '%s'", t->name, json_string_value(v));
	*out = e->code;
	return ST_OK;
}

/* A text field: its limits are person_set_text()'s, as for the CLI. */
static int put_text(struct request *req, json_t *b, enum person_text f,
		    struct person *p)
{
	json_t *v = json_object_get(b, person_text_name(f));

	if (!v)
		return ST_OK;
	return person_set_text(p, f, json_string_value(v), &req->err);  /* null: cleared */
}

static int put_date(struct request *req, json_t *b, const char *key, int *out)
{
	if (!api_has(b, key))
		return ST_OK;
	return api_date(req, b, key, out);
}

/*
 * After some fields of a body could not be read, adds what person_validate
 * finds in the fields that were read (those without an error yet), so that
 * a form hears of all its bad fields at once.
 */
static void more_person_errors(struct request *req, const struct person *read)
{
	struct person q = *read;
	struct error *v = xmalloc(sizeof(*v));   /* large: not on the stack */

	struct person_rules r;

	error_clear(v);
	if (member_person_rules(req->db, &r, v) ||
	    person_validate(&q, date_today(), &r, v) == ST_OK) {
		free(v);
		return;
	}
	for (int i = 0; i < v->nr_items; i++) {
		const struct error_item *it = &v->items[i];
		int seen = 0;
		for (int k = 0; k < req->err.nr_items; k++)
			if (!strcmp(req->err.items[k].field, it->field))
				seen = 1;
		if (seen || req->err.nr_items >= ERROR_MAX_ITEMS)
			continue;
		req->err.items[req->err.nr_items++] = *it;
	}
	free(v);
}

/* Applies the fields present in b onto p (absent: unchanged; null: cleared). */
static int apply_person(struct request *req, json_t *b, struct person *p)
{
	json_t *flags = json_object_get(b, "flags");
	int bad = 0;

	/* every field is read, so that all bad ones are reported at once */
	bad |= put_text(req, b, PERSON_TEXT_NAME, p) != ST_OK;
	bad |= put_code(req, b, "sex", &code_sex, &p->sex) != ST_OK;
	bad |= put_date(req, b, "birth_date", &p->birth_date) != ST_OK;
	bad |= put_code(req, b, "ethnicity", &code_ethnicity, &p->ethnicity) != ST_OK;
	bad |= put_code(req, b, "education", &code_education, &p->education) != ST_OK;
	bad |= put_code(req, b, "occupation", &code_occupation, &p->occupation) != ST_OK;
	bad |= put_text(req, b, PERSON_TEXT_ID_NUMBER, p) != ST_OK;
	bad |= put_text(req, b, PERSON_TEXT_PHONE, p) != ST_OK;
	bad |= put_text(req, b, PERSON_TEXT_ADDRESS, p) != ST_OK;
	bad |= put_code(req, b, "status", &code_member_status, &p->status) != ST_OK;
	bad |= put_date(req, b, "applied", &p->applied) != ST_OK;
	bad |= put_date(req, b, "activist", &p->activist) != ST_OK;
	bad |= put_date(req, b, "target", &p->target) != ST_OK;
	bad |= put_date(req, b, "admitted", &p->admitted) != ST_OK;
	bad |= put_date(req, b, "full", &p->full) != ST_OK;
	bad |= put_date(req, b, "exited", &p->exited) != ST_OK;
	if (api_has(b, "org_id"))
		bad |= api_id(req, b, "org_id", &p->org_id) != ST_OK;
	if (bad) {
		more_person_errors(req, p);
		return req->err.status ? req->err.status : ST_INVALID;
	}
	if (flags && json_is_array(flags)) {
		size_t i;
		json_t *f;
		p->flags = 0;
		json_array_foreach(flags, i, f) {
			const char *s = json_string_value(f);
			if (s && !strcmp(s, "lost_contact"))
				p->flags |= MF_LOST_CONTACT;
			else if (s && !strcmp(s, "floating"))
				p->flags |= MF_FLOATING;
			else if (s && !strcmp(s, "suspended"))
				p->flags |= MF_SUSPENDED;
			else
				return error_add(&req->err, ST_INVALID, "flags", "invalid_choice",
						 "flags are lost_contact, floating, suspended");
		}
	} else if (flags && json_is_null(flags)) {
		p->flags = 0;
	}
	return ST_OK;
}

int api_member_create(struct request *req, struct reply *rep)
{
	json_t *b = api_body(req, person_spec);
	struct person p;
	int rc;

	if (!b)
		return req->err.status;
	person_init(&p);
	if ((rc = api_id(req, b, "org_id", &p.org_id)) ||
	    (rc = authorize_placement(req->db, &req->auth.user, p.org_id, &req->err)) ||
	    (rc = apply_person(req, b, &p)))
		goto out;
	if ((rc = member_create(req->db, &p, req->actor, api_str(b, "reference"), &req->err))) {
		member_explain_conflict(req->db, &req->auth.user, p.id_number, &req->err);
		goto out;
	}
	rc = reply_person(rep, 201, &p);
out:
	json_decref(b);
	return rc;
}

/* Fields of a record that a PATCH refuses (creation sets them). */
static const char *const not_patched[] = {
	"status", "applied", "activist", "target", "admitted", "full", "exited",
};

int api_member_patch(struct request *req, struct reply *rep)
{
	json_t *b = api_body(req, person_spec);
	struct person p;
	long long old_org;
	int rc;

	if (!b)
		return req->err.status;
	if ((rc = load_person(req, req->ids[0], OP_MEMBER_WRITE, &p)))
		goto out;
	for (size_t i = 0; i < sizeof(not_patched) / sizeof(not_patched[0]); i++)
		if (api_has(b, not_patched[i])) {
			rc = error_setc(&req->err, ST_INVALID, not_patched[i], "not_by_edit",
					"%s is not changed by PATCH: an ending is recorded by"
					" POST /members/{id}/end, a wrongly recorded status or"
					" date by POST /members/{id}/corrections", not_patched[i]);
			goto out;
		}
	old_org = p.org_id;
	if ((rc = apply_person(req, b, &p)))
		goto out;
	if (p.org_id != old_org &&
	    (rc = authorize_placement(req->db, &req->auth.user, p.org_id, &req->err)))
		goto out;
	if ((rc = member_update(req->db, &p, req->actor, api_str(b, "reference"), &req->err))) {
		member_explain_conflict(req->db, &req->auth.user, p.id_number, &req->err);
		goto out;
	}
	if ((rc = person_store_get(req->db, p.id, &p, &req->err)))
		goto out;
	rc = reply_person(rep, 200, &p);
out:
	json_decref(b);
	return rc;
}

int api_member_timeline(struct request *req, struct reply *rep)
{
	struct person p;
	char object[64];
	json_t *events;
	int rc;

	if ((rc = load_person(req, req->ids[0], OP_SELF_READ, &p)))
		return rc;
	snprintf(object, sizeof(object), "person/%lld/timeline", p.id);
	if ((rc = access_record(req->db, req->actor, "read", object, NULL, 0, &req->err)))
		return rc;
	events = json_array();
	if ((rc = member_timeline(req->db, p.id, event_json_append, events, &req->err))) {
		json_decref(events);
		return rc;
	}
	return api_json(rep, 200, json_pack("{s:o}", "events", events));
}

/* ---- the end of a membership, corrections ----------------------------- */

static const struct field_spec end_spec[] = {
	{ "kind", F_STRING, 0 }, { "date", F_STRING, 0 }, { "reference", F_STRING, 0 },
	{ "by_org_id", F_INT, 0 }, { NULL, 0, 0 },
};

/* The record after an act: 200 with the stored record, masked. */
static int reply_stored(struct request *req, struct reply *rep, long long id)
{
	struct person p;
	int rc;

	if ((rc = person_store_get(req->db, id, &p, &req->err)))
		return rc;
	return reply_person(rep, 200, &p);
}

int api_member_end(struct request *req, struct reply *rep)
{
	json_t *b = api_body(req, end_spec);
	struct member_end e = { 0, DATE_NONE, NULL, 0 };
	struct person p;
	int rc;

	if (!b)
		return req->err.status;
	if ((rc = load_person(req, req->ids[0], OP_MEMBER_WRITE, &p)) ||
	    (rc = api_id(req, b, "by_org_id", &e.by_org_id)) ||
	    (rc = api_date(req, b, "date", &e.date)))
		goto out;
	/* the deciding organization must lie in the caller's scope too */
	if (e.by_org_id &&
	    (rc = authorize(req->db, &req->auth.user, OP_MEMBER_WRITE, e.by_org_id,
			    &req->err))) {
		snprintf(req->err.field, sizeof(req->err.field), "by_org_id");
		goto out;
	}
	if (api_has(b, "kind") && !(e.kind = member_end_kind_parse(api_str(b, "kind"))))
		e.kind = -1;   /* named by member_end's error */
	e.reference = api_str(b, "reference");
	if ((rc = member_end(req->db, p.id, &e, req->actor, &req->err))) {
		if (!strcmp(req->err.field, "by"))
			snprintf(req->err.field, sizeof(req->err.field), "by_org_id");
		goto out;
	}
	rc = reply_stored(req, rep, p.id);
out:
	json_decref(b);
	return rc;
}

static const struct field_spec correction_spec[] = {
	{ "changes", F_ARRAY, 0 }, { "reason", F_STRING, 0 }, { "reference", F_STRING, 0 },
	{ NULL, 0, 0 },
};

int api_member_correct(struct request *req, struct reply *rep)
{
	json_t *b = api_body(req, correction_spec), *changes, *c, *v;
	struct member_fix fixes[MEMBER_FIXES_MAX];
	struct person p;
	const char *key;
	size_t i, n = 0;
	int rc;

	if (!b)
		return req->err.status;
	if ((rc = load_person(req, req->ids[0], OP_MEMBER_WRITE, &p)))
		goto out;
	changes = json_object_get(b, "changes");
	if (json_array_size(changes) > MEMBER_FIXES_MAX) {
		rc = error_setc(&req->err, ST_INVALID, "changes", "too_many_fields",
				"at most %d changes in one correction", MEMBER_FIXES_MAX);
		error_param(&req->err, "max", "%d", MEMBER_FIXES_MAX);
		goto out;
	}
	json_array_foreach(changes, i, c) {
		if (!json_is_object(c)) {
			rc = error_setc(&req->err, ST_INVALID, "changes", "change_shape",
					"each change is {\"field\":F,\"value\":V}");
			goto out;
		}
		json_object_foreach(c, key, v)
			if ((strcmp(key, "field") || !json_is_string(v)) &&
			    (strcmp(key, "value") || !(json_is_string(v) || json_is_null(v)))) {
				rc = error_setc(&req->err, ST_INVALID, "changes", "change_shape",
						"each change is {\"field\":F,\"value\":V}"
						" (V a string or null)");
				goto out;
			}
		fixes[n].field = api_str(c, "field");
		fixes[n++].value = api_str(c, "value");
	}
	if ((rc = member_correct(req->db, p.id, fixes, n, api_str(b, "reason"),
				 api_str(b, "reference"), req->actor, NULL, &req->err)))
		goto out;
	rc = reply_stored(req, rep, p.id);
out:
	json_decref(b);
	return rc;
}
