/*
 * development-ops.h - recording the steps of a member's development
 * (model/development.h): each step in one transaction with its audit row,
 * its timeline event and the record's status and key dates updated.
 *
 * Shared by the CLI and the HTTP API. Not for: which user may record a
 * step for whom (the caller asks ops/auth.h), the rules themselves
 * (model/development.c).
 */
#ifndef OW_DEVELOPMENT_OPS_H
#define OW_DEVELOPMENT_OPS_H

#include <stddef.h>

#include "core/error.h"
#include "model/development.h"
#include "model/person.h"

struct db;

/* The most steps one person has (a record holds each step at most once). */
#define DEV_STEPS_MAX 64

/*
 * The rules of the procedure in force on day, with the installation's
 * overrides; a rule with no version yet on day gets value -1 (not applied).
 */
int dev_rules_load(struct db *db, int day, struct dev_rules *r, struct error *err);

/*
 * Records step rec (step, date, fields set by the caller) for person_id:
 * checks it (dev_check, with the full membership of the contacts or
 * sponsors on the date and the working days of the publicity counted by
 * ops/calendar.h), stores it with rec->late, adds the timeline event
 * "step" (detail: step, late, fields) and applies it to the record
 * (dev_apply; the result must pass person_validate), all in one
 * transaction. For a person without a membership the application step
 * takes the field "org" (the organization's id). Returns the updated record in
 * *out when out is not NULL. ST_NOT_FOUND when the person does not exist.
 */
int member_step(struct db *db, long long person_id, struct dev_record *rec,
		const char *actor, struct person *out, struct error *err);

/* The recorded steps of person_id in date order (caller frees *out). */
int member_steps(struct db *db, long long person_id, struct dev_record **out,
		 size_t *n, struct error *err);

/*
 * Replays the recorded steps of person_id from an empty record, each
 * through the same checks as member_step (dev_rules_load on its date, the
 * facts from the store, dev_check, dev_apply): ST_OK when every step is
 * accepted, its late mark is the one the check gives and the result has
 * the stored status and key dates; else the refusal, or ST_CONFLICT
 * naming "steps". *nr: the steps replayed. For checking records made
 * without member_step (the generator's).
 */
int member_steps_replay(struct db *db, long long person_id, size_t *nr, struct error *err);

#endif
