/*
 * event.h - one dated event in the history of an organization or of a
 * person (a member's timeline): what happened, on which day, by which
 * decision, recorded by whom.
 *
 * One record for both subjects; the store (store/event-store.h) keeps each
 * subject's events in a table of its own, json/codec.c encodes them
 * (event_to_json), the CLI prints them (cmd/cmd-util.c), the web UI shows
 * them with one timeline (web/js/timeline.js). Not for the audit log
 * (store/audit-store.h), which records every write. Pure.
 */
#ifndef OW_MODEL_EVENT_H
#define OW_MODEL_EVENT_H

enum event_subject {
	EVENT_ORG,        /* org_events: establish rename move merge dissolve update */
	EVENT_PERSON,     /* member_events: created updated status transfer flags ... */
};

struct event {
	long long id;             /* 0 for an event not (yet) recorded */
	enum event_subject subject;
	long long subject_id;     /* organization or person id */
	int date;                 /* day number */
	char kind[24];
	char detail[1024];        /* JSON text: the change, fields with before/after */
	char reference[128];      /* decision document number */
	char actor[64];
	char recorded_at[24];     /* UTC, set by the store; "" before */
};

/* Visitor of a list of events; a non-zero return stops the walk. */
typedef int (*event_visit_fn)(const struct event *ev, void *ctx);

/*
 * Fills ev for a new event (id 0, recorded_at ""). A NULL detail or
 * reference becomes "", a NULL actor "unknown"; longer texts are cut at the
 * size of their field.
 */
void event_init(struct event *ev, enum event_subject subject, long long subject_id,
		int date, const char *kind, const char *detail,
		const char *reference, const char *actor);

#endif
