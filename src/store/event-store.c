/*
 * event-store.c - SQL for the org_events and member_events tables
 * (event-store.h). The same statements for both, one text per table, so
 * that each stays a literal prepared once per connection. Not for the
 * generator's bulk insert of establishment events (gen-store.c).
 */
#include "store/db-internal.h"
#include "store/event-store.h"

/* By subject: the statements, and what a failure was doing. */
static const struct {
	const char *insert, *list, *adding, *reading;
} tables[] = {
	[EVENT_ORG] = {
		"INSERT INTO org_events(org_id, date, kind, detail, reference, actor)"
		" VALUES(?1,?2,?3,?4,?5,?6)",
		"SELECT id, org_id, date, kind, detail, reference, actor, recorded_at"
		" FROM org_events WHERE org_id=?1 ORDER BY date, id",
		"recording organization event", "reading organization events",
	},
	[EVENT_PERSON] = {
		"INSERT INTO member_events(person_id, date, kind, detail, reference, actor)"
		" VALUES(?1,?2,?3,?4,?5,?6)",
		"SELECT id, person_id, date, kind, detail, reference, actor, recorded_at"
		" FROM member_events WHERE person_id=?1 ORDER BY date, id",
		"recording member event", "reading the timeline",
	},
};

static int bad_subject(enum event_subject s, struct error *err)
{
	if ((unsigned)s < sizeof(tables) / sizeof(tables[0]))
		return ST_OK;
	return error_set(err, ST_INTERNAL, "subject", "no events for subject %d", (int)s);
}

int event_store_add(struct db *db, const struct event *ev, struct error *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = bad_subject(ev->subject, err)))
		return rc;
	if (!(st = db_stmt(db, tables[ev->subject].insert, err)))
		return ST_DB;
	sqlite3_bind_int64(st, 1, ev->subject_id);
	db_bind_date(st, 2, ev->date);
	db_bind_text(st, 3, ev->kind);
	db_bind_text(st, 4, ev->detail);
	db_bind_text(st, 5, ev->reference);
	db_bind_text(st, 6, ev->actor);
	return db_step_done(db, st, err, tables[ev->subject].adding);
}

int event_store_list(struct db *db, enum event_subject subject, long long subject_id,
		     event_visit_fn fn, void *ctx, struct error *err)
{
	sqlite3_stmt *st;
	struct event ev;
	int rc;

	if ((rc = bad_subject(subject, err)))
		return rc;
	if (!(st = db_stmt(db, tables[subject].list, err)))
		return ST_DB;
	sqlite3_bind_int64(st, 1, subject_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ev.id = sqlite3_column_int64(st, 0);
		ev.subject = subject;
		ev.subject_id = sqlite3_column_int64(st, 1);
		ev.date = db_col_date(st, 2);
		db_col_text(st, 3, ev.kind, sizeof(ev.kind));
		db_col_text(st, 4, ev.detail, sizeof(ev.detail));
		db_col_text(st, 5, ev.reference, sizeof(ev.reference));
		db_col_text(st, 6, ev.actor, sizeof(ev.actor));
		db_col_text(st, 7, ev.recorded_at, sizeof(ev.recorded_at));
		if (fn(&ev, ctx))
			break;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_sql_error(db, rc, err, tables[subject].reading);
	return ST_OK;
}
