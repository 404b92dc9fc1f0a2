/*
 * reply.h - the response a handler builds: status, body, headers.
 *
 * A reply owns its body (malloc'ed) or an open file descriptor (static
 * files). reply_error() is the one place that maps a status (core/error.h
 * ST_* or the HTTP pseudo statuses of request.h) to an HTTP code and the
 * JSON error body {"error":{"code","message","field","params","rule",
 * "source","errors"}} (core/error.h describes each member). Not for: JSON
 * encoding of records (json/, api/).
 */
#ifndef OW_HTTP_REPLY_H
#define OW_HTTP_REPLY_H

#include <stddef.h>
#include <sys/types.h>

#include "core/error.h"

#define REPLY_MAX_HEADERS 12

struct reply {
	int http;                 /* HTTP status code, 0 until set */
	char *body;               /* owned */
	size_t len;
	const char *content_type; /* static string */
	int fd;                   /* >= 0: send this file (size fd_size) instead */
	off_t fd_size;
	struct {
		char *name, *value;
	} headers[REPLY_MAX_HEADERS];
	int nr_headers;
};

void reply_init(struct reply *r);
void reply_release(struct reply *r);

/* Takes ownership of body (malloc'ed, len bytes). */
void reply_take(struct reply *r, int http, const char *content_type, char *body,
		size_t len);
/* Copies body. */
void reply_copy(struct reply *r, int http, const char *content_type,
		const char *body, size_t len);
/* Adds a header (copied); extra headers beyond the cap are dropped. */
void reply_header(struct reply *r, const char *name, const char *value);

/* HTTP code and error code of a status. */
int reply_http_status(int status, const char **code);
/*
 * Sets an error reply for status with message and field (may be NULL).
 * Storage and internal failures get a generic message (the details go to
 * the log, under the request id). Returns status.
 */
int reply_error(struct reply *r, int status, const char *field,
		const char *message, const char *rid);
/*
 * Sets the error reply of status from the whole record e (code, params,
 * rule, source, the collected field errors; e may be NULL). A record
 * without a code gets the code of the status; storage and internal
 * failures get the generic message and nothing else. Returns status.
 */
int reply_error_record(struct reply *r, int status, const struct error *e,
		       const char *rid);

#endif
