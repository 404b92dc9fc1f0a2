/*
 * audit.h - what gets recorded in the audit log and the access log.
 *
 * Writes: the row triggers record every change of orgs, persons and users
 * in the writing transaction, under the connection's audit context (who,
 * and which operation); audit_context() sets it before an operation, and
 * audit_event() adds an explicit row for things that are not row changes
 * (logins, logouts). Reads: access_record() logs reads of person records;
 * every reveal and every export of personal data, from the API and the CLI
 * alike, goes through access_log_reveal() and access_log_export(), which
 * commit their row before the data may leave. A server installs a sink
 * that writes access rows in batches from one thread (access_set_sink);
 * without a sink (the CLI) each row is written at once. Not for: SQL or
 * the hash chain (store/audit-store.h), masking (ops/privacy.h).
 */
#ifndef OW_AUDIT_H
#define OW_AUDIT_H

#include "core/error.h"

struct db;

/* Sets who acts (e.g. "user:alice") and the operation ("org.rename"). */
void audit_context(struct db *db, const char *actor, const char *action);

/* Appends an explicit audit row (inside the caller's transaction if open). */
int audit_event(struct db *db, const char *action, const char *object,
		const char *before, const char *after, struct error *err);

/*
 * An access-log entry: action "read", "list", "reveal", "export";
 * object "person/12", "org/3"; detail JSON text or NULL.
 */
struct access_entry {
	char actor[96];
	char action[16];
	char object[64];
	char detail[1024];
};

/*
 * Sink of a server: queues e; when wait is non-zero returns only after the
 * entry is committed (with its status). Called from any thread.
 */
typedef int (*access_sink_fn)(const struct access_entry *e, int wait);
void access_set_sink(access_sink_fn fn);

/*
 * Records an access. wait = 1 for reveals and exports (the data leaves
 * only after its log row is committed); wait = 0 lets a server batch it.
 * Without a sink the row is written at once in its own transaction.
 */
int access_record(struct db *db, const char *actor, const char *action,
		  const char *object, const char *detail, int wait,
		  struct error *err);

/*
 * The reveal of person_id's clear identifiers to actor: action "reveal",
 * object "person/ID", committed before it returns (wait = 1). The caller
 * shows the clear record only when this returns ST_OK.
 */
int access_log_reveal(struct db *db, const char *actor, long long person_id,
		      struct error *err);

/* The longest reason for an export, in characters. */
#define ACCESS_REASON_MAX 100

/*
 * Checks the reason given for an export of personal data: one line of
 * UTF-8 text of at most ACCESS_REASON_MAX characters. Blank is refused
 * when required is non-zero and accepted otherwise. ST_INVALID naming
 * the field "reason" when refused.
 */
int access_reason_check(const char *reason, int required, struct error *err);

/*
 * An export of the members of org_id (and its subtree when subtree is
 * non-zero) in format ("csv", "xlsx") with rows rows: action "export",
 * object "org/ID", detail {"format","subtree","rows","reason"} (reason
 * only when given; checked by access_reason_check), committed before it
 * returns. The caller hands the file out only when this returns ST_OK.
 */
int access_log_export(struct db *db, const char *actor, long long org_id,
		      const char *format, int subtree, long long rows,
		      const char *reason, struct error *err);

/* Writes queued entries in one transaction (used by the sink's thread). */
int access_write_batch(struct db *db, const struct access_entry *e, size_t n,
		       struct error *err);

#endif
