/*
 * error.c - the status-code vocabulary and the error record.
 *
 * Nothing here allocates; an error record is a fixed-size value the caller
 * owns. Mapping a status to an HTTP code lives in http/, not here.
 */
#include <stdio.h>
#include <string.h>

#include "core/error.h"

void error_clear(struct error *err)
{
	if (!err)
		return;
	err->status = ST_OK;
	err->line = 0;
	err->field[0] = '\0';
	err->message[0] = '\0';
}

int error_setv(struct error *err, int status, const char *field,
	       const char *fmt, va_list ap)
{
	if (!err || err->status != ST_OK)
		return status;
	err->status = status;
	snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	return status;
}

int error_set(struct error *err, int status, const char *field,
	      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_setv(err, status, field, fmt, ap);
	va_end(ap);
	return status;
}

int error_pass(struct error *err, int status, const struct error *from)
{
	if (!err || err->status != ST_OK || status == ST_OK)
		return status;
	if (!from || from->status == ST_OK)
		return error_set(err, status, NULL, "failed (%s)", status_code(status));
	err->status = status;
	err->line = from->line;
	memcpy(err->field, from->field, sizeof(err->field));
	memcpy(err->message, from->message, sizeof(err->message));
	return status;
}

const char *status_code(int status)
{
	switch (status) {
	case ST_OK: return "ok";
	case ST_INVALID: return "invalid";
	case ST_NOT_FOUND: return "not_found";
	case ST_CONFLICT: return "conflict";
	case ST_DB: return "storage";
	case ST_IO: return "io";
	case ST_DENIED: return "forbidden";
	case ST_TOO_BIG: return "too_large";
	case ST_UNSUPPORTED: return "unsupported";
	case ST_AUTH: return "unauthenticated";
	case ST_BUSY: return "busy";
	default: return "internal";
	}
}

void error_describe(const struct error *err, char *buf, size_t size)
{
	if (err->line > 0 && err->field[0])
		snprintf(buf, size, "line %ld, field %s: %s", err->line,
			 err->field, err->message);
	else if (err->line > 0)
		snprintf(buf, size, "line %ld: %s", err->line, err->message);
	else if (err->field[0])
		snprintf(buf, size, "%s: %s", err->field, err->message);
	else
		snprintf(buf, size, "%s", err->message);
}
