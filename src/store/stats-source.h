/*
 * stats-source.h - what the statistics engine reads from the database.
 *
 * The bulk reader stats_source_read() that feeds an engine build (every
 * organization, every person with a membership status and an organization,
 * in table order, in batches, from up to two threads, all at one database
 * state), and single-record reads for refreshing the engine after a write.
 * Only the fields the engine uses are read (identity codes, membership
 * status and key dates; no names, ID numbers or contact data). This is the only SQL of the statistics engine;
 * stats/ never sees SQLite.
 */
#ifndef OW_STATS_SOURCE_H
#define OW_STATS_SOURCE_H

#include "core/error.h"
#include "model/org.h"
#include "model/person.h"

struct db;

/* One member row of the bulk reader: codes as numbers, dates as day numbers
 * (DATE_NONE when absent or not a date), unknown text keys as 0. */
struct stats_source_member {
	long long id, org_id;
	int sex, ethnicity, education, occupation, status;
	int birth_date, applied, activist, target, admitted, full, exited;
};

/* Threads (connections) the bulk reader uses at most, and the ranges of
 * the persons table it cuts the members into. */
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

/* Reads the engine's fields of one person; ST_NOT_FOUND if no such id. */
int stats_source_person(struct db *db, long long id, struct person *out,
			struct error *err);
/* Reads one organization; ST_NOT_FOUND if no such id. */
int stats_source_org(struct db *db, long long id, struct org *out,
		     struct error *err);

#endif
