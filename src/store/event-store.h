/*
 * event-store.h - the dated events of organizations and persons
 * (model/event.h): the org_events and member_events tables, one API.
 *
 * The subject of an event picks its table; both tables have the same
 * columns but the subject's (org_id, person_id). Row-level access only: what
 * happened and why is decided in ops/. Not for the audit log
 * (audit-store.h) nor for the bulk insert of the generator (gen-store.c).
 */
#ifndef OW_EVENT_STORE_H
#define OW_EVENT_STORE_H

#include "core/error.h"
#include "model/event.h"

struct db;

/* Records ev (its id and recorded_at are ignored: the table sets them). */
int event_store_add(struct db *db, const struct event *ev, struct error *err);
/*
 * Calls fn for each event of the subject in date order, then recording
 * order; a non-zero return of fn stops the walk (ST_OK). ev is valid during
 * the call only. An unknown subject id has no events (ST_OK, no call).
 */
int event_store_list(struct db *db, enum event_subject subject, long long subject_id,
		     event_visit_fn fn, void *ctx, struct error *err);

#endif
