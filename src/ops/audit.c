/*
 * audit.c - audit context, explicit audit rows and access logging over
 * store/audit-store.c: the rows of reveals and exports are built here
 * only, for the API and the CLI.
 */
#include <stdio.h>
#include <string.h>

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

int access_log_export(struct db *db, const char *actor, long long org_id,
		      const char *format, int subtree, long long rows,
		      struct error *err)
{
	char object[48], detail[160];

	snprintf(object, sizeof(object), "org/%lld", org_id);
	snprintf(detail, sizeof(detail), "{\"format\":\"%s\",\"subtree\":%s,\"rows\":%lld}",
		 format, subtree ? "true" : "false", rows);
	return access_record(db, actor, "export", object, detail, 1, err);
}
