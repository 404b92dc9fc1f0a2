/*
 * stats-source.h - what the statistics engine reads from the database.
 *
 * The bulk reader stats_source_read() that feeds an engine build (every
 * organization, every person with a membership status and an organization,
 * in table order, in batches, from up to two threads, all at one database
 * state), and single-record reads for refreshing the engine after a write.
 * Only the fields the engine uses are read (identity codes, membership
 * status and key dates; no names, ID numbers or contact data). This is the only SQL of the statistics engine;
 * stats/ never sees SQLite: the record and the visitor of the bulk read are
 * the engine's interface (stats/source.h), which this file implements.
 */
#ifndef OW_STORE_STATS_SOURCE_H
#define OW_STORE_STATS_SOURCE_H

#include "core/error.h"
#include "model/org.h"
#include "model/person.h"
#include "stats/source.h"

struct db;

/*
 * Reads the organizations and every person, all at one database state;
 * persons without a membership status or organization come with status 0
 * or org_id 0 for members() to skip (cheaper than a WHERE clause). Up to max_threads threads read
 * through read-only connections of their own (one of them the calling
 * thread); with one thread, or when the database cannot be opened again (in
 * memory, inside an open transaction of db, a state change between the
 * connections' starts), everything is read on the calling thread through
 * db. A non-zero return of a callback stops the read and is returned;
 * ST_DB on SQL errors.
 */
int stats_source_read(struct db *db, int max_threads,
		      const struct stats_source_visitor *v, struct error *err);

/*
 * Reads the history (stats/source.h struct stats_history_visitor): every
 * organization version, then every member transfer, in one read each (the
 * versions in the order of their index). ST_DB on SQL errors; a non-zero
 * callback answer stops the read and is returned.
 */
int stats_source_history(struct db *db, const struct stats_history_visitor *v,
			 struct error *err);

/*
 * Reads the dues records (stats/source.h struct stats_dues_visitor) of every
 * current member (org_id 0) or of one organization's own current members,
 * in one statement grouped by person: a member with records comes once.
 * ST_DB on SQL errors; a non-zero callback answer stops the read.
 */
int stats_source_dues(struct db *db, long long org_id, const struct stats_dues_visitor *v,
		      struct error *err);

/*
 * Reads the development tracks and lost contact (stats/source.h struct
 * stats_source_track) of every person with a recorded application, talk,
 * branch vote, approval or extension of probation step or a lost-contact
 * record, each once; stats_source_track reads one person's (ST_NOT_FOUND
 * if no such id), for refreshing the engine after a step or a standing
 * record. ST_DB on SQL errors; a non-zero callback answer stops the read
 * and is returned.
 */
int stats_source_tracks(struct db *db, stats_track_fn fn, void *arg, struct error *err);
int stats_source_track(struct db *db, long long person_id, struct stats_source_track *out,
		       struct error *err);

/* Fills src with the bulk read (and the history read) of db (stats_source_read with db as its
 * argument), for stats_engine_build(); db must outlive the build. */
void stats_source_init(struct stats_source *src, struct db *db);

/* Reads the engine's fields of one person; ST_NOT_FOUND if no such id. */
int stats_source_person(struct db *db, long long id, struct person *out,
			struct error *err);
/* Reads one organization; ST_NOT_FOUND if no such id. */
int stats_source_org(struct db *db, long long id, struct org *out,
		     struct error *err);

#endif
