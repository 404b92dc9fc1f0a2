/*
 * source.h - what feeds a statistics engine build: the member record the
 * engine reads, the visitor a bulk read calls, and struct stats_source, the
 * read itself as a callback, so that stats/ never sees the database.
 *
 * The store implements it (store/stats-source.h, stats_source_init()); a
 * test or a tool may implement it over anything else. Only the fields the
 * engine uses are in the record (identity codes, membership status and key
 * dates; no names, ID numbers or contact data). Not for the single-record
 * reads that refresh the engine after a write (those hand the engine a
 * struct person or struct org).
 */
#ifndef OW_STATS_SOURCE_H
#define OW_STATS_SOURCE_H

#include <stddef.h>

#include "core/error.h"
#include "model/dues.h"
#include "model/org.h"

/* One member row of the bulk read: codes as numbers, dates as day numbers
 * (DATE_NONE when absent or not a date), unknown text keys as 0. */
struct stats_source_member {
	long long id, org_id;
	int sex, ethnicity, education, occupation, status;
	int birth_date, applied, activist, target, admitted, full, exited;
};

/* Threads a bulk read may use at most, and the consecutive ranges
 * (chunks) the members are cut into. */
#define STATS_SOURCE_MAX_THREADS 2
#define STATS_SOURCE_CHUNKS 32

struct stats_source_visitor {
	/* each organization; all on one thread, in table order */
	int (*org)(const struct org *o, void *arg, struct error *err);
	/*
	 * A batch of n member rows (valid during the call) of chunk 0 ..
	 * STATS_SOURCE_CHUNKS-1, the chunks being consecutive ranges of the
	 * table, each read in table order. One chunk's batches come from one
	 * thread, in order; different chunks and the organizations are
	 * visited concurrently from different threads, so fn may only touch
	 * state of its own chunk.
	 */
	int (*members)(int chunk, const struct stats_source_member *rows,
		       size_t n, void *arg, struct error *err);
	void *arg;
};

/*
 * A bulk read: read(arg, max_threads, v, err) visits every organization and
 * every person, all at one state of the data, through v from up to
 * max_threads threads; persons without a membership status or organization
 * may come with status 0 or org_id 0 (members() skips them). A non-zero
 * return of a callback stops the read and is returned; other failures are
 * the source's own status (ST_DB for the store).
 */
/*
 * The dated history the engine answers "as of" a past day with: every
 * version of every organization (its parent from valid_from on), in order
 * of organization id, then valid_from, then recording (same-day versions:
 * the last one wins); and every transfer of a person from one organization
 * to another on a day, in order of person id, then day, then recording.
 * Either callback may be NULL. Parent and organization ids 0 mean none.
 */
struct stats_history_visitor {
	int (*version)(long long org_id, int valid_from, long long parent_id,
		       void *arg, struct error *err);
	int (*transfer)(long long person_id, int day, long long from_org,
			long long to_org, void *arg, struct error *err);
	void *arg;
};

/*
 * The dues records of one current member (probationary or full) with the
 * organization the member is registered in now (model/dues.h; arrays valid
 * during the call only).
 */
struct stats_dues_member {
	long long person_id, org_id;
	struct dues_records r;
};
struct stats_dues_visitor {
	int (*member)(const struct stats_dues_member *m, void *arg, struct error *err);
	void *arg;
};

/*
 * A person's development track and lost contact, as the person findings
 * read them (ops/findings.c; model/person.h struct person_track), with the
 * person's key dates and organization: talk is the day of the recorded
 * talk step (DATE_NONE: none; the talk implied by the key dates is the
 * engine's to derive, person_track_talk), app_step non-zero when the
 * application was recorded as a step, vote and approval the days of the
 * first such steps, ext_months the months of the first recorded extension
 * of probation (0: none), lost_from and lost_to the start and end of the
 * latest lost-contact record (DATE_NONE: none / still open). Codes as
 * numbers, dates as day numbers; status 0 and org_id 0 when none.
 */
struct stats_source_track {
	long long id, org_id;
	int status, applied, activist, target, admitted, full, exited;
	int talk, app_step, vote, approval, ext_months, lost_from, lost_to;
};

typedef int (*stats_track_fn)(const struct stats_source_track *t, void *arg,
			      struct error *err);

/*
 * read_history (NULL: the source has no history; as-of answers then use
 * today's tree) visits the history on the calling thread. read_dues (NULL:
 * the source has no dues) visits, on the calling thread, every current
 * member with dues records (org_id 0) or those of one organization's own
 * current members (org_id > 0, a cost in proportion to them), once each.
 * read_tracks (NULL: none) calls fn on the calling thread for every
 * person with a recorded development step of the track (application, talk,
 * branch vote, approval, extension of probation) or a lost-contact record,
 * in any order, each once.
 */
struct stats_source {
	int (*read)(void *arg, int max_threads, const struct stats_source_visitor *v,
		    struct error *err);
	void *arg;
	int (*read_history)(void *arg, const struct stats_history_visitor *v,
			    struct error *err);
	int (*read_dues)(void *arg, long long org_id, const struct stats_dues_visitor *v,
			 struct error *err);
	int (*read_tracks)(void *arg, stats_track_fn fn, void *fn_arg, struct error *err);
};

#endif
