/*
 * error.h - status codes and the error record every layer below cmd/ returns.
 *
 * Functions return an int status: 0 (ST_OK) on success, a negative enum status
 * on failure, and may fill a caller-owned struct error with a message, the
 * field (or column) at fault and, for file input, the line. This file is not
 * for logging (core/log.h) and never exits the process: only cmd/ may die().
 */
#ifndef OW_ERROR_H
#define OW_ERROR_H

#include <stdarg.h>
#include <stddef.h>

#include "core/banned.h"

enum status {
	ST_OK = 0,
	ST_INVALID = -1,     /* bad input: a field, a row, an argument */
	ST_NOT_FOUND = -2,   /* no such record (or not visible to the caller) */
	ST_CONFLICT = -3,    /* duplicate, cycle, wrong state for the operation */
	ST_DB = -4,          /* storage failure (SQLite error, I/O, full disk) */
	ST_IO = -5,          /* file system failure outside the database */
	ST_DENIED = -6,      /* authenticated but not allowed */
	ST_TOO_BIG = -7,     /* input over a size limit */
	ST_UNSUPPORTED = -8, /* format or option not supported */
	ST_AUTH = -9,        /* not authenticated */
	ST_BUSY = -10,       /* locked or throttled, try again later */
	ST_INTERNAL = -11,   /* a bug: an invariant did not hold */
};

struct error {
	int status;          /* ST_OK while nothing failed */
	long line;           /* 1-based input line, 0 when not about a file */
	char field[64];      /* field or column name at fault, "" if none */
	char message[512];   /* human-readable, UTF-8, no trailing newline */
};

#define ERROR_INIT { 0, 0, "", "" }

/* Resets err to ST_OK with empty texts. err may be NULL. */
void error_clear(struct error *err);

/*
 * Records a failure in err (which may be NULL) and returns status, so that a
 * caller can write `return error_set(err, ST_INVALID, "sex", "...", ...)`.
 * field may be NULL. The first failure recorded wins: a later call on an err
 * already holding a failure only returns status.
 */
int error_set(struct error *err, int status, const char *field,
	      const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int error_setv(struct error *err, int status, const char *field,
	       const char *fmt, va_list ap);

/*
 * Passes a failure on: records status with the field, line and message
 * held in from (a caller's local record; when from holds nothing, a
 * message naming the status) in err as error_set would (err may be NULL;
 * the first failure wins), and returns status. For callers that look at a
 * status first, e.g. to turn ST_NOT_FOUND into their own message, and pass
 * every other failure on unchanged.
 */
int error_pass(struct error *err, int status, const struct error *from);

/* Stable machine code for a status: "invalid", "not_found", ... */
const char *status_code(int status);

/* Copies the message "line L, field F: message" into buf (always terminated). */
void error_describe(const struct error *err, char *buf, size_t size);

#endif
