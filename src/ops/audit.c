/*
 * audit.c - audit context, explicit audit rows and access logging over
 * store/audit-store.c: the rows of reveals and exports are built here
 * only, for the API and the CLI.
 */
#include <stdio.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/utf8.h"
#include "ops/audit.h"
#include "store/audit-store.h"
#include "store/db.h"

static access_sink_fn sink;

void audit_context(struct db *db, const char *actor, const char *action)
{
	audit_store_set_context(db, actor, action);
}

int audit_event(struct db *db, const char *action, const char *object,
		const char *before, const char *after, struct error *err)
{
	return audit_store_append(db, AUDIT_LOG, audit_store_actor(db), action,
				  object, before, after, NULL, err);
}

void access_set_sink(access_sink_fn fn)
{
	sink = fn;
}

int access_write_batch(struct db *db, const struct access_entry *e, size_t n,
		       struct error *err)
{
	int rc;

	if ((rc = db_begin(db, err)))
		return rc;
	for (size_t i = 0; i < n && !rc; i++)
		rc = audit_store_append(db, ACCESS_LOG, e[i].actor, e[i].action,
					e[i].object, NULL,
					e[i].detail[0] ? e[i].detail : NULL, NULL, err);
	if (!rc)
		rc = db_commit(db, err);
	if (rc)
		db_rollback(db);
	return rc;
}

int access_record(struct db *db, const char *actor, const char *action,
		  const char *object, const char *detail, int wait,
		  struct error *err)
{
	struct access_entry e;
	int rc;

	memset(&e, 0, sizeof(e));
	snprintf(e.actor, sizeof(e.actor), "%s", actor ? actor : audit_store_actor(db));
	snprintf(e.action, sizeof(e.action), "%s", action);
	snprintf(e.object, sizeof(e.object), "%s", object);
	snprintf(e.detail, sizeof(e.detail), "%s", detail ? detail : "");
	if (sink) {
		rc = sink(&e, wait);
		if (rc)
			return error_set(err, rc, NULL, "cannot write the access log");
		return ST_OK;
	}
	return access_write_batch(db, &e, 1, err);
}

int access_log_reveal(struct db *db, const char *actor, long long person_id,
		      struct error *err)
{
	char object[48];

	snprintf(object, sizeof(object), "person/%lld", person_id);
	return access_record(db, actor, "reveal", object, NULL, 1, err);
}

int access_reason_check(const char *reason, int required, struct error *err)
{
	size_t n = reason ? strlen(reason) : 0;
	int blank = 1;

	for (size_t i = 0; i < n; i++)
		if (reason[i] != ' ' && reason[i] != '\t')
			blank = 0;
	if (!n || blank) {
		if (required)
			return error_setc(err, ST_INVALID, "reason", "required",
					  "reason is required: say why the personal data is exported");
		return ST_OK;
	}
	if (!utf8_valid(reason, n))
		return error_setc(err, ST_INVALID, "reason", "invalid_text",
				  "reason is not valid UTF-8 text");
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)reason[i] < 0x20 || reason[i] == 0x7f)
			return error_setc(err, ST_INVALID, "reason", "not_one_line",
					  "reason must be one line of text");
	if (utf8_count_chars(reason) > ACCESS_REASON_MAX) {
		error_setc(err, ST_INVALID, "reason", "too_long",
			   "reason is at most %d characters", ACCESS_REASON_MAX);
		error_param(err, "max", "%d", ACCESS_REASON_MAX);
		return ST_INVALID;
	}
	return ST_OK;
}

int access_log_export(struct db *db, const char *actor, long long org_id,
		      const char *format, int subtree, long long rows,
		      const char *reason, struct error *err)
{
	struct strbuf sb = STRBUF_INIT;
	char object[48];
	int rc;

	snprintf(object, sizeof(object), "org/%lld", org_id);
	strbuf_addf(&sb, "{\"format\":\"%s\",\"subtree\":%s,\"rows\":%lld",
		    format, subtree ? "true" : "false", rows);
	if (reason && *reason) {
		strbuf_adds(&sb, ",\"reason\":");
		strbuf_add_json_string(&sb, reason);
	}
	strbuf_adds(&sb, "}");
	rc = access_record(db, actor, "export", object, sb.buf, 1, err);
	strbuf_release(&sb);
	return rc;
}
