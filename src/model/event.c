/*
 * event.c - filling an event record (model/event.h). Not for storing or
 * encoding events (store/event-store.c, json/codec.c).
 */
#include <stdio.h>
#include <string.h>

#include "model/event.h"

void event_init(struct event *ev, enum event_subject subject, long long subject_id,
		int date, const char *kind, const char *detail,
		const char *reference, const char *actor)
{
	memset(ev, 0, sizeof(*ev));
	ev->subject = subject;
	ev->subject_id = subject_id;
	ev->date = date;
	snprintf(ev->kind, sizeof(ev->kind), "%s", kind);
	snprintf(ev->detail, sizeof(ev->detail), "%s", detail ? detail : "");
	snprintf(ev->reference, sizeof(ev->reference), "%s", reference ? reference : "");
	snprintf(ev->actor, sizeof(ev->actor), "%s", actor ? actor : "unknown");
}
