/*
 * audit-checkpoint.c - writing and checking the signed checkpoints of the
 * audit and access log chains (audit-checkpoint.h), in a file outside the
 * database.
 *
 * Line format (text, one per checkpoint):
 *   owcp1 <unix time> <audit rows> <audit head hex or -> <access rows>
 *         <access head hex or -> <MAC hex>
 * where the MAC is crypto_audit_mac("orgwork checkpoint\n" || everything
 * before the MAC). Rows are counted by the last id: the chains number their
 * rows 1, 2, 3 ... without gaps (audit_store_verify checks that). Not for:
 * the chain (audit-store.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "store/audit-checkpoint.h"
#include "store/db-internal.h"

#define HEX_SIZE (2 * CRYPTO_HASH_BYTES + 1)
static const char mac_prefix[] = "orgwork checkpoint\n";

struct chain_head {
	long long rows;
	char hash[HEX_SIZE];   /* "-" when the chain is empty */
};

void audit_checkpoint_path(const char *db_path, char *buf, size_t size)
{
	const char *env = getenv("ORGWORK_CHECKPOINT_FILE");
	char key[4096];

	if (env && *env) {
		snprintf(buf, size, "%s", env);
		return;
	}
	crypto_key_path(db_path, key, sizeof(key));
	snprintf(buf, size, "%s.checkpoints", key);
}

static int read_head(struct db *db, int access, struct chain_head *h, struct error *err)
{
	static const char audit_sql[] = "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1";
	static const char access_sql[] = "SELECT id, hash FROM access_log ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *st = db_stmt(db, access ? access_sql : audit_sql, err);
	int rc;

	h->rows = 0;
	h->hash[0] = '-';
	h->hash[1] = '\0';
	if (!st)
		return ST_DB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		h->rows = sqlite3_column_int64(st, 0);
		if (sqlite3_column_bytes(st, 1) == CRYPTO_HASH_BYTES)
			crypto_hex(sqlite3_column_blob(st, 1), CRYPTO_HASH_BYTES, h->hash);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sql_error(db, rc, err, "reading the head of a log");
	return ST_OK;
}

/* MAC of a line's body (everything before " <mac>") as hex. */
static int body_mac(const char *body, char out[HEX_SIZE])
{
	char buf[AUDIT_CHECKPOINT_LINE_MAX + sizeof(mac_prefix)];
	unsigned char mac[CRYPTO_HASH_BYTES];
	int n = snprintf(buf, sizeof(buf), "%s%s", mac_prefix, body);

	if (n < 0 || (size_t)n >= sizeof(buf) || crypto_audit_mac(buf, (size_t)n, mac))
		return ST_INTERNAL;
	crypto_hex(mac, sizeof(mac), out);
	return ST_OK;
}

static int append_line(const char *path, const struct chain_head *audit,
		       const struct chain_head *access, struct error *err)
{
	char body[AUDIT_CHECKPOINT_LINE_MAX], mac[HEX_SIZE], line[AUDIT_CHECKPOINT_LINE_MAX];
	int fd, n;

	snprintf(body, sizeof(body), "owcp1 %lld %lld %s %lld %s", (long long)time(NULL),
		 audit->rows, audit->hash, access->rows, access->hash);
	if (body_mac(body, mac))
		return error_set(err, ST_INTERNAL, "key", "no data key loaded");
	n = snprintf(line, sizeof(line), "%s %s\n", body, mac);
	if (n < 0 || (size_t)n >= sizeof(line))
		return error_set(err, ST_INTERNAL, NULL, "checkpoint line too long");
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return error_set(err, ST_IO, "checkpoints", "cannot open %s: %s", path,
				 strerror(errno));
	/* one write of a short line: lines of concurrent writers do not mix */
	if (write(fd, line, (size_t)n) != n) {
		int e = errno;
		close(fd);
		return error_set(err, ST_IO, "checkpoints", "cannot write %s: %s", path,
				 strerror(e));
	}
	if (close(fd))
		return error_set(err, ST_IO, "checkpoints", "cannot write %s: %s", path,
				 strerror(errno));
	return ST_OK;
}

/* What this process last wrote, and when. */
static pthread_mutex_t last_lock = PTHREAD_MUTEX_INITIALIZER;
static struct chain_head last_audit, last_access;
static time_t last_time;

static int write_heads(struct db *db, int force, int final, struct error *err)
{
	struct chain_head audit, access;
	char path[4200];
	time_t now = time(NULL);
	int rc;

	if ((rc = read_head(db, 0, &audit, err)) || (rc = read_head(db, 1, &access, err)))
		return rc;
	pthread_mutex_lock(&last_lock);
	if (!force && ((audit.rows == last_audit.rows && !strcmp(audit.hash, last_audit.hash) &&
			access.rows == last_access.rows &&
			!strcmp(access.hash, last_access.hash)) ||
		       (!final && last_time && now - last_time < AUDIT_CHECKPOINT_INTERVAL))) {
		pthread_mutex_unlock(&last_lock);
		return ST_OK;
	}
	audit_checkpoint_path(db_path(db), path, sizeof(path));
	rc = append_line(path, &audit, &access, err);
	if (!rc) {
		last_audit = audit;
		last_access = access;
		last_time = now;
	}
	pthread_mutex_unlock(&last_lock);
	return rc;
}

int audit_checkpoint_write(struct db *db, struct error *err)
{
	return write_heads(db, 1, 1, err);
}

void audit_checkpoint_after_commit(struct db *db, int final)
{
	struct error err = ERROR_INIT;
	int v;

	time_t now = time(NULL), last;

	/* most commits of a busy server: within the interval, nothing to read */
	pthread_mutex_lock(&last_lock);
	last = last_time;
	pthread_mutex_unlock(&last_lock);
	if (!final && last && now - last < AUDIT_CHECKPOINT_INTERVAL)
		return;
	/* before migration 2 there are no chains; without a key, no MAC */
	if (!crypto_key_loaded() || db_user_version(db, &v) || v < 2)
		return;
	if (write_heads(db, 0, final, &err))
		log_line(LOG_WARN, "", "audit checkpoint not written: %s", err.message);
}

/* ------------------------------------------------------------------ */

struct verify_state {
	audit_checkpoint_problem_fn fn;
	void *ctx;
	int *nr_problems;
	int differs_reported[2];           /* per table */
	long long cut_rows[2], cut_at[2];  /* the longest chain cut, per table */
	int forged_reported;
};

static void problem(struct verify_state *vs, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void problem(struct verify_state *vs, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	(*vs->nr_problems)++;
	if (vs->fn)
		vs->fn(msg, vs->ctx);
}

static void format_time(long long t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(out, 32, "%lld", t);
}

/* The hash of row id of one chain as hex ("" when there is no such row). */
static int row_hash_hex(struct db *db, int access, long long id, char out[HEX_SIZE],
			struct error *err)
{
	static const char audit_sql[] = "SELECT hash FROM audit_log WHERE id = ?1";
	static const char access_sql[] = "SELECT hash FROM access_log WHERE id = ?1";
	sqlite3_stmt *st = db_stmt(db, access ? access_sql : audit_sql, err);
	int rc;

	out[0] = '\0';
	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (sqlite3_column_bytes(st, 0) == CRYPTO_HASH_BYTES)
			crypto_hex(sqlite3_column_blob(st, 0), CRYPTO_HASH_BYTES, out);
		else
			out[0] = '?';
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sql_error(db, rc, err, "reading a log row");
	return ST_OK;
}

static int check_chain(struct db *db, struct verify_state *vs, int access, long long at,
		       const struct chain_head *cp, const struct chain_head *now,
		       struct error *err)
{
	const char *table = access ? "access_log" : "audit_log";
	char have[HEX_SIZE], when[32];
	int rc;

	if (cp->rows <= 0)
		return ST_OK;
	if ((rc = row_hash_hex(db, access, cp->rows, have, err)))
		return rc;
	if (!have[0] || now->rows < cp->rows) {
		/* reported once, after every line: the longest chain recorded */
		if (cp->rows > vs->cut_rows[access]) {
			vs->cut_rows[access] = cp->rows;
			vs->cut_at[access] = at;
		}
	} else if (!crypto_streq(have, cp->hash)) {
		format_time(at, when);
		if (!vs->differs_reported[access]++)
			problem(vs, "%s: row %lld is not the row the checkpoint of %s recorded"
				" (the log was cut and written again)", table, cp->rows, when);
	}
	return ST_OK;
}

int audit_checkpoint_verify(struct db *db, audit_checkpoint_problem_fn fn, void *ctx,
			    long long *nr_checkpoints, int *nr_problems,
			    struct error *err)
{
	struct verify_state vs = { fn, ctx, nr_problems, { 0 }, { 0 }, { 0 }, 0 };
	struct chain_head now_audit, now_access;
	char path[4200], line[AUDIT_CHECKPOINT_LINE_MAX + 2];
	long long lineno = 0;
	FILE *f;
	int rc = ST_OK;

	*nr_checkpoints = 0;
	*nr_problems = 0;
	if ((rc = read_head(db, 0, &now_audit, err)) || (rc = read_head(db, 1, &now_access, err)))
		return rc;
	audit_checkpoint_path(db_path(db), path, sizeof(path));
	if (!(f = fopen(path, "re"))) {
		if (errno == ENOENT)
			return ST_OK;
		return error_set(err, ST_IO, "checkpoints", "cannot read %s: %s", path,
				 strerror(errno));
	}
	while (fgets(line, sizeof(line), f)) {
		struct chain_head cp_audit, cp_access;
		char mac[HEX_SIZE], want[HEX_SIZE], *sp;
		long long at;
		size_t n = strlen(line);
		int c;

		lineno++;
		if (n && line[n - 1] == '\n') {
			line[--n] = '\0';
		} else if (n < sizeof(line) - 1) {
			/* a last line without its newline: a write cut short (disk
			 * full, a crash), not a checkpoint */
			break;
		} else {
			/* the rest of an overlong line */
			while ((c = fgetc(f)) != EOF && c != '\n')
				;
			line[0] = '\0';
		}
		(*nr_checkpoints)++;
		sp = strrchr(line, ' ');
		if (!sp || sscanf(line, "owcp1 %lld %lld %64s %lld %64s %64s", &at, &cp_audit.rows,
				  cp_audit.hash, &cp_access.rows, cp_access.hash, mac) != 6) {
			if (!vs.forged_reported++)
				problem(&vs, "%s line %lld: not a checkpoint", path, lineno);
			continue;
		}
		*sp = '\0';
		if (body_mac(line, want)) {
			rc = error_set(err, ST_INTERNAL, "key", "no data key loaded");
			break;
		}
		if (!crypto_streq(want, mac)) {
			if (!vs.forged_reported++)
				problem(&vs, "%s line %lld: the checkpoint does not verify (altered, or"
					" made under another key)", path, lineno);
			continue;
		}
		if ((rc = check_chain(db, &vs, 0, at, &cp_audit, &now_audit, err)) ||
		    (rc = check_chain(db, &vs, 1, at, &cp_access, &now_access, err)))
			break;
	}
	if (!rc && ferror(f))
		rc = error_set(err, ST_IO, "checkpoints", "cannot read %s", path);
	fclose(f);
	for (int t = 0; !rc && t < 2; t++) {
		char when[32];

		if (!vs.cut_rows[t])
			continue;
		format_time(vs.cut_at[t], when);
		problem(&vs, "%s: the checkpoint of %s recorded %lld rows, the log has %lld:"
			" rows were removed from its end", t ? "access_log" : "audit_log", when,
			vs.cut_rows[t], t ? now_access.rows : now_audit.rows);
	}
	return rc;
}
