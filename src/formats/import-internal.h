/*
 * import-internal.h - what the files of the import share: the import
 * context (struct imp) and the functions one part calls in another.
 *
 * The import is split by responsibility:
 *   import.c           the driver: file kind, sheets, transaction, audit row
 *   import-cells.c     cells to values: trimming, dates, codes, the header,
 *                      the issues list
 *   import-row.c       rows to records: members (streamed, ID numbers
 *                      checked) and organizations (collected, checked as a
 *                      whole, created parents first)
 *   import-pipeline.c  the writer thread that inserts members, the digest
 *                      thread, the phase times
 *   import-report.c    describing issues and writing them to CSV or XLSX
 * Not a public interface: callers include formats/import.h only.
 */
#ifndef OW_IMPORT_INTERNAL_H
#define OW_IMPORT_INTERNAL_H

#include <stddef.h>

#include "core/error.h"
#include "core/hashmap.h"
#include "formats/import.h"
#include "formats/table-reader.h"
#include "formats/template.h"
#include "model/person.h"
#include "model/org.h"
#include "store/bulk-store.h"

struct code_table;
struct person;
struct import_pipe;
struct import_digest;
struct import_timing;

enum file_kind { KIND_NONE, KIND_ORGS, KIND_MEMBERS };

/* What a member's organization cell refers to (import-row.c). */
enum org_ref_state { REF_UNKNOWN, REF_ACTIVE, REF_DISSOLVED, REF_NEW };

struct org_ref {
	long long id;
	int state;
};

/* The code tables of the columns of a file, each with its memo. */
#define CODE_MEMO_TABLES 16

struct code_memo {
	const struct code_table *table;
	struct hashmap map;            /* cell text -> index of the entry */
};

/* An organization row of the file, kept until the file is read. */
struct org_row {
	struct org o;
	char parent[ORG_CODE_SIZE];
	long line;
	int bad;
	long parent_idx;     /* -1 none or stored, else index in rows */
	int depth;
	int mark;
};

struct imp {
	struct db *db;
	const struct import_options *opt;
	struct import_result *res;
	struct error *err;
	int today;
	struct person_rules rules; /* the key-date rules in force (member_person_rules) */
	int fatal;                 /* a status that stops everything */
	const char *sheet;         /* "" for CSV */
	long long file_size;
	const char *path;

	/* current table */
	enum file_kind kind;       /* KIND_NONE until the header is read */
	int colmap[TABLE_MAX_COLUMNS];
	size_t nr_cols;
	int header_failed;

	/* writing */
	int in_tx;
	long long batch;
	struct bulk_keys *keys;    /* while persons_keys_insert is set aside */
	struct bulk_triggers trigger;  /* the persons insert triggers */
	int trigger_dropped;
	int big;                   /* a large file: journal and key tricks */

	/* members */
	struct hashmap ids;        /* ID number (17 digits + 1) -> where: > 0 file
				      line, < 0 -(stored person id) */
	int ids_complete;          /* the set holds every stored ID number */
	int ids_decided;
	struct hashmap refs;       /* organization cell text -> index in ref_list */
	struct org_ref *ref_list;
	size_t nr_refs, alloc_refs;

	/* organizations */
	struct org_row *orgs;
	size_t nr_orgs, alloc_orgs;

	/* members are inserted by the writer thread (import-pipeline.c) */
	struct import_pipe *pipe;
	long long first_id, last_id, inserted;   /* persons written */
	int audit_off;             /* row triggers muted, one summary row instead */
	struct import_digest *digest;
	struct import_timing *tm;  /* $ORGWORK_IMPORT_TIMES: phase times to stderr */
	struct code_memo memo[CODE_MEMO_TABLES];  /* coded cells seen */
	size_t nr_memo;
};

/* 1 while rows are written: not a dry run, in the transaction, no issue yet. */
static inline int imp_writing(const struct imp *im)
{
	return !im->opt->dry_run && im->in_tx && im->res->nr_errors == 0;
}

/* ---- import-cells.c ---------------------------------------------------- */

/* A cell of the row by logical column, trimmed into a buffer. */
struct cellv {
	const char *s;     /* trimmed, NUL-terminated (points into buf) */
	size_t len;
	enum table_cell_kind kind;
	const char *raw;   /* untrimmed */
};

/* Records an issue (counted always, kept up to max_issues). */
void imp_issue(struct imp *im, long line, const char *column,
	       const char *value, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/*
 * Gives the issue recorded last, if it was recorded after the first
 * `before` issues (imp_issue keeps only max_issues), its stable code and
 * params (core/error.h). The code literal is collected by the catalogue
 * test as error_setc's are.
 */
void imp_tag(struct imp *im, size_t before, const char *code,
	     const struct error_param *params, int nr_params);
/* The same with one parameter. */
void imp_tag1(struct imp *im, size_t before, const char *code, const char *key,
	      const char *value);

/* Copies s[0, len) into buf (size bytes) without the spaces around it
 * (ASCII blanks, U+3000, U+00A0); the length in *out_len. */
void import_trim(const char *s, size_t len, char *buf, size_t size,
		 size_t *out_len);

/* A text cell into a fixed field; -1 with an issue if it does not fit. */
int imp_text(struct imp *im, long line, const struct import_column *col,
	     const struct cellv *c, char *dst, size_t size);
/* A date cell: DATE_NONE when empty; -1 (with an issue) when unreadable. */
int imp_date(struct imp *im, long line, const struct import_column *col,
	     const struct cellv *c, int *day);
/* A coded cell: 0 when empty; -1 with an issue when unknown. */
int imp_code(struct imp *im, long line, const struct import_column *col,
	     const struct cellv *c, int *code);
/* Frees the memos of imp_code. */
void imp_memo_release(struct imp *im);

/* The column label of a record field named in a validation error. */
const char *import_member_label(const char *field);
const char *import_org_label(const char *field);

/* How many cells of row name columns of cols. */
int import_header_score(const struct table_row *row,
			const struct import_column *cols, size_t n);
/* Maps the header to columns; issues for unknown, repeated, missing ones. */
void imp_read_header(struct imp *im, const struct table_row *row,
		     enum file_kind kind);
/* Fills v[col] from the row (empty for absent columns). */
void imp_row_values(struct imp *im, const struct table_row *row,
		    struct cellv *v, char (*bufs)[512], size_t ncol);

/* ---- import-row.c ------------------------------------------------------ */

/* One data row of a members / organizations table. 0 or im->fatal. */
int imp_member_row(struct imp *im, const struct table_row *row);
int imp_org_row(struct imp *im, const struct table_row *row);
/* Checks the collected organizations as a whole and creates them. */
int imp_orgs_finish(struct imp *im);
/*
 * Stops the writer (idempotent); a row it could not insert becomes an
 * issue at its line, any other failure is fatal.
 */
int imp_members_end(struct imp *im);

/* ---- import-pipeline.c ------------------------------------------------- */

/* Phase times (ORGWORK_IMPORT_TIMES=1 prints them to stderr). */
struct import_timing {
	double t0;
	double read_busy;     /* reading thread: parse, validate, encode */
	double write_busy;    /* writer thread: binding and stepping */
	double write_wait;    /* writer thread: waiting for rows */
	double read_wait;     /* reading thread: waiting for a free batch */
	double write_cpu;     /* writer thread: CPU time */
	double encode_cpu;    /* encoding rows (pinyin, sort key, sealing) */
};

/* Monotonic seconds. */
double import_now(void);
/* Prints the time since tm->t0 under what (nothing when tm is NULL). */
void import_timing_mark(struct import_timing *tm, const char *what);

/*
 * The content digest of the file, computed by a thread of its own:
 * start (never NULL), finish (waits; hex in out, 65 bytes, "" when the
 * file could not be read), free (waits if need be; NULL is fine).
 */
struct import_digest *import_digest_start(const char *path);
void import_digest_finish(struct import_digest *d, char *out);
void import_digest_free(struct import_digest *d);

/*
 * The writer thread that inserts valid members in batches (see
 * import-pipeline.c). start returns NULL when no thread can be started
 * (the caller then inserts itself); put queues a copy of a validated
 * person from file line `line`; failed tells whether the writer has
 * stopped on a failure; finish sends what is left, waits for the writer,
 * fills *out and frees the pipe. lock/unlock give the connection to the
 * reading thread for its lookups (no-ops on NULL).
 */
struct import_pipe_outcome {
	int status;                  /* first failure, ST_OK when none */
	long bad_line;
	char field[64];
	char message[512];
	char code[ERROR_CODE_SIZE];  /* the failure's code and params */
	int nr_params;
	struct error_param params[ERROR_MAX_PARAMS];
	long long first_id, last_id, inserted;
};

struct import_pipe *import_pipe_start(struct db *db, long long batch_id,
				      struct bulk_keys *keys,
				      struct import_timing *tm);
void import_pipe_put(struct import_pipe *pp, const struct person *p, long line);
int import_pipe_failed(struct import_pipe *pp);
void import_pipe_finish(struct import_pipe *pp, struct import_pipe_outcome *out);
void import_pipe_lock(struct import_pipe *pp);
void import_pipe_unlock(struct import_pipe *pp);

#endif
