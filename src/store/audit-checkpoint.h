/*
 * audit-checkpoint.h - signed checkpoints of the audit and access log
 * chains, kept in a file outside the database, so that rows removed from
 * the end of a chain (which leaves what remains a valid chain) show.
 *
 * A checkpoint is one text line: the time, the number of rows and the hash
 * of the last row of audit_log and of access_log, and a keyed MAC of them
 * under the audit sub-key of the data key (crypto_audit_mac, with a prefix
 * of its own). Lines are appended to $ORGWORK_CHECKPOINT_FILE, else to
 * "<key file>.checkpoints" next to the data key (mode 0600), never
 * rewritten. They are written after the commits of a process (the first
 * commit, then at most once a minute), when its connection closes after a
 * commit, and by each successful `audit verify`. Not for: the chain itself
 * (audit-store.h).
 */
#ifndef OW_AUDIT_CHECKPOINT_H
#define OW_AUDIT_CHECKPOINT_H

#include <stddef.h>

#include "core/error.h"

struct db;

/* Seconds between two checkpoints written after commits by one process. */
#define AUDIT_CHECKPOINT_INTERVAL 60
/* Longest checkpoint line read (longer ones are reported as malformed). */
#define AUDIT_CHECKPOINT_LINE_MAX 400

/* The checkpoint file of the database at db_path into buf (always terminated). */
void audit_checkpoint_path(const char *db_path, char *buf, size_t size);

/*
 * Appends a checkpoint of the two chains' current heads. ST_IO when the
 * file cannot be written, ST_INTERNAL without a data key, ST_DB when the
 * heads cannot be read.
 */
int audit_checkpoint_write(struct db *db, struct error *err);

/*
 * Called by db_commit after each commit (final = 0) and by db_close after
 * a connection that committed (final = 1): writes a checkpoint when the
 * heads moved since this process last wrote one and, unless final, the
 * interval has passed. Never fails: a checkpoint that cannot be written is
 * logged as a warning.
 */
void audit_checkpoint_after_commit(struct db *db, int final);

/*
 * Compares both chains with every checkpoint of the file: a checkpoint
 * whose MAC does not verify (altered, or made under another key), a chain
 * shorter than a checkpoint records (rows removed from its end) or with
 * another hash at a checkpoint's position is a problem; fn receives a
 * message for each (the first per table and kind), *nr_problems their
 * number. *nr_checkpoints receives the number of lines read (0 when the
 * file does not exist yet). Problems are not an error status; ST_IO when
 * the file cannot be read, ST_DB when the chains cannot.
 */
typedef void (*audit_checkpoint_problem_fn)(const char *message, void *ctx);
int audit_checkpoint_verify(struct db *db, audit_checkpoint_problem_fn fn, void *ctx,
			    long long *nr_checkpoints, int *nr_problems,
			    struct error *err);

#endif
