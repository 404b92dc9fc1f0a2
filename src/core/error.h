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

/*
 * The error shape every layer keeps (the API sends it as
 * {"error":{"code","message","field","params","rule","source","errors"}}):
 *
 * - code: a stable machine code naming what went wrong ("required",
 *   "invalid_choice", "id_number_check_digit", "not_found", ...). The UI
 *   words the error from its catalogue by this code, the field and the
 *   params; a failure recorded without one (error_set) is given the code
 *   of its status (status_code(), or the HTTP layer's) when it is sent.
 *   Every code a source file can produce has an entry "err.<code>" (or
 *   "error.<code>" for the codes of statuses) in web/i18n/zh-CN.json and
 *   en.json (tests/e2e/t0906-error-catalogue.sh fails otherwise).
 * - params: the values the wording needs, as text ({"max":"40"}).
 * - rule, source: the key and source text of the rules-catalogue rule that
 *   refused the request ("structure.parents.branch"), "" otherwise.
 * - message: English text, for the CLI and the logs; never worded by the
 *   UI when it has the code.
 * - items: every field error of a form at once (error_add), in order; the
 *   first of them is also the record itself.
 */
#define ERROR_CODE_SIZE 48
#define ERROR_MAX_PARAMS 4
#define ERROR_MAX_ITEMS 12

struct error_param {
	char key[24];
	char value[64];
};

struct error_item {
	long line;
	char code[ERROR_CODE_SIZE];
	char field[64];
	char message[160];
	int nr_params;
	struct error_param params[ERROR_MAX_PARAMS];
};

struct error {
	int status;          /* ST_OK while nothing failed */
	long line;           /* 1-based input line, 0 when not about a file */
	char field[64];      /* field or column name at fault, "" if none */
	char message[512];   /* human-readable, UTF-8, no trailing newline */
	char code[ERROR_CODE_SIZE];  /* "" = the code of the status */
	int nr_params;
	struct error_param params[ERROR_MAX_PARAMS];
	char rule[64];       /* rules-catalogue key that refused, "" if none */
	char source[512];    /* that rule's source text */
	int nr_items;        /* field errors collected by error_add */
	struct error_item items[ERROR_MAX_ITEMS];
	/* internal: where the last error_set/_setc/_add call recorded (so
	 * that error_param and error_rule apply to it and to nothing else) */
	int last_top;        /* 1: the record itself */
	int last_item;       /* index + 1 of the item, 0: none */
};

#define ERROR_INIT { 0, 0, "", "", "", 0, { { "", "" } }, "", "", 0, \
		     { { 0, "", "", "", 0, { { "", "" } } } }, 0, 0 }

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

/*
 * Like error_set, with a stable code (a string literal; see above). The
 * code literals of error_setc and error_add calls are what the catalogue
 * test collects: pass them as literals, one call per code.
 */
int error_setc(struct error *err, int status, const char *field,
	       const char *code, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/*
 * Collects one field error of a form: appends it to err->items (while
 * there is room) and, when err holds no failure yet, records it as the
 * failure too. Validators of whole forms call it for every bad field and
 * go on checking; a caller stops at err->status != ST_OK afterwards.
 * Returns status.
 */
int error_add(struct error *err, int status, const char *field,
	      const char *code, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/*
 * Adds a parameter (key, printf value) to what the last error_set,
 * error_setc or error_add call on err recorded; nothing when that call
 * recorded nothing (err already held a failure). At most ERROR_MAX_PARAMS.
 */
void error_param(struct error *err, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Names the rule (key, source text) that refused what the last call on err
 * recorded; nothing when it recorded nothing. */
void error_rule(struct error *err, const char *rule, const char *source);

/* Stable machine code for a status: "invalid", "not_found", ... */
const char *status_code(int status);

/* The code of err: its own, else the status's. */
const char *error_code(const struct error *err);

/* Copies the message "line L, field F: message" into buf (always terminated). */
void error_describe(const struct error *err, char *buf, size_t size);

#endif
