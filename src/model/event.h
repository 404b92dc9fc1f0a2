/*
 * event.h - the dated events of an organization's and a member's history:
 * what happened, on which day, by which decision, recorded by whom.
 *
 * Plain records only; the store (store/org-store.c, store/person-store.c)
 * reads and writes them, json/codec.c encodes them, the CLI prints them.
 * Not for the audit log (store/audit-store.h), which records every write.
 */
#ifndef OW_MODEL_EVENT_H
#define OW_MODEL_EVENT_H

struct org_event {
	long long id;
	long long org_id;
	int date;
	char kind[24];        /* establish rename move merge dissolve update */
	char detail[512];     /* JSON text */
	char reference[128];  /* decision document number */
	char actor[64];
	char recorded_at[24];
};

struct member_event {
	long long id;
	long long person_id;
	int date;
	char kind[24];         /* created updated status transfer flag imported ... */
	char detail[1024];     /* JSON text: changed fields with before/after */
	char reference[128];
	char actor[64];
	char recorded_at[24];
};

#endif
