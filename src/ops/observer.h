/*
 * observer.h - who learns about committed writes of organizations and
 * persons (a server's statistics engine), and the calls ops/ makes so
 * that they learn it after the commit and never before.
 *
 * Inside a transaction the writing operations record each row change of
 * the orgs and persons tables (ops_note_org, ops_note_person: one call per
 * row written, with the record before and after) and of the development
 * steps and standing records (ops_note_track: the person's id); when the
 * transaction ends, ops_tx_end delivers the recorded changes to the
 * observer if it committed and drops them if it rolled back. The record is
 * per thread (a thread runs one transaction at a time on its own
 * connection). Without an observer (the CLI) every call returns at once.
 * Bulk writes (imports) and transactions with more than OPS_NOTE_MAX
 * changes reach the observer as one bulk_changed call instead of single
 * changes.
 * Not for: the audit log (row triggers write it in the transaction).
 */
#ifndef OW_OBSERVER_H
#define OW_OBSERVER_H

#include <stddef.h>

#include "model/org.h"
#include "model/person.h"

#define OPS_NOTE_MAX 4096

/*
 * The callbacks of one committed transaction, called on the committing
 * thread right after the commit: begin(nr) with the number of row changes
 * (those the change counter counts), then person_changed / org_changed for
 * each in the order they were written (before NULL for an insert), then
 * track_changed for each person whose steps or standing records changed,
 * then end(). A bulk transaction calls bulk_changed() alone. Any callback
 * may be NULL.
 */
struct ops_observer {
	void *ctx;
	void (*begin)(void *ctx, size_t nr);
	void (*person_changed)(void *ctx, const struct person *before,
			       const struct person *after);
	void (*org_changed)(void *ctx, const struct org *before,
			    const struct org *after);
	void (*end)(void *ctx);
	void (*bulk_changed)(void *ctx);
	/*
	 * Dues rows written for members of org_id (rows: how many), after the
	 * row changes and before end(); not counted in begin's nr (the dues
	 * tables are outside the change counter).
	 */
	void (*dues_changed)(void *ctx, long long org_id, size_t rows);
	/* a person's development steps or standing records changed (after the
	 * person and organization changes, before end(); begin's nr counts
	 * each row of those tables written, as the change counter does) */
	void (*track_changed)(void *ctx, long long person_id);
};

/*
 * Installs o (copied; NULL removes the observer). Call before any thread
 * writes, and remove only when no thread writes any more.
 */
void ops_set_observer(const struct ops_observer *o);

/* Records one row change inside the open transaction (copies the records). */
void ops_note_person(const struct person *before, const struct person *after);
void ops_note_org(const struct org *before, const struct org *after);
/* Records rows dues rows written for a member registered in org_id. */
void ops_note_dues(long long org_id, size_t rows);
/* Records that the transaction wrote one row of the development steps or
 * of the standing records of person_id: one call per row written (each is a
 * change of the change counter), delivered as track_changed once per person
 * and transaction. */
void ops_note_track(long long person_id);

/*
 * Ends the thread's record of the transaction: committed non-zero delivers
 * it (as single changes, or as bulk_changed when bulk is non-zero or the
 * record overflowed), zero drops it.
 */
void ops_tx_end(int committed, int bulk);

#endif
