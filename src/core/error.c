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
	memset(err, 0, sizeof(*err));
	err->status = ST_OK;
}

static void record(struct error *err, int status, const char *field,
		   const char *code, const char *fmt, va_list ap)
{
	err->status = status;
	snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
	snprintf(err->code, sizeof(err->code), "%s", code ? code : "");
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	err->nr_params = 0;
	err->rule[0] = '\0';
	err->source[0] = '\0';
	err->last_top = 1;
}

/* The first failure wins: records it only while err holds none. */
static int set_first(struct error *err, int status, const char *field,
		     const char *code, const char *fmt, va_list ap)
{
	if (!err)
		return status;
	err->last_top = 0;
	err->last_item = 0;
	if (err->status != ST_OK)
		return status;
	record(err, status, field, code, fmt, ap);
	return status;
}

int error_setv(struct error *err, int status, const char *field,
	       const char *fmt, va_list ap)
{
	return set_first(err, status, field, NULL, fmt, ap);
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

int error_setc(struct error *err, int status, const char *field,
	       const char *code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_first(err, status, field, code, fmt, ap);
	va_end(ap);
	return status;
}

int error_add(struct error *err, int status, const char *field,
	      const char *code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return status;
	err->last_top = 0;
	err->last_item = 0;
	if (err->status == ST_OK) {
		va_start(ap, fmt);
		record(err, status, field, code, fmt, ap);
		va_end(ap);
	}
	if (err->nr_items < ERROR_MAX_ITEMS) {
		struct error_item *it = &err->items[err->nr_items++];
		it->line = err->line;
		snprintf(it->code, sizeof(it->code), "%s", code ? code : status_code(status));
		snprintf(it->field, sizeof(it->field), "%s", field ? field : "");
		va_start(ap, fmt);
		vsnprintf(it->message, sizeof(it->message), fmt, ap);
		va_end(ap);
		it->nr_params = 0;
		err->last_item = err->nr_items;
	}
	return status;
}

static void add_param(struct error_param *ps, int *n, const char *key,
		      const char *value)
{
	if (*n >= ERROR_MAX_PARAMS)
		return;
	snprintf(ps[*n].key, sizeof(ps[*n].key), "%s", key);
	snprintf(ps[*n].value, sizeof(ps[*n].value), "%s", value);
	(*n)++;
}

void error_param(struct error *err, const char *key, const char *fmt, ...)
{
	char value[64];
	va_list ap;

	if (!err || (!err->last_top && !err->last_item))
		return;
	va_start(ap, fmt);
	vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	if (err->last_top)
		add_param(err->params, &err->nr_params, key, value);
	if (err->last_item) {
		struct error_item *it = &err->items[err->last_item - 1];
		add_param(it->params, &it->nr_params, key, value);
	}
}

void error_rule(struct error *err, const char *rule, const char *source)
{
	if (!err || !err->last_top)
		return;
	snprintf(err->rule, sizeof(err->rule), "%s", rule ? rule : "");
	snprintf(err->source, sizeof(err->source), "%s", source ? source : "");
}

int error_pass(struct error *err, int status, const struct error *from)
{
	if (!err)
		return status;
	err->last_top = 0;
	err->last_item = 0;
	if (err->status != ST_OK || status == ST_OK)
		return status;
	if (!from || from->status == ST_OK)
		return error_set(err, status, NULL, "failed (%s)", status_code(status));
	if (from != err)
		memcpy(err, from, sizeof(*err));
	err->status = status;
	err->last_top = 0;
	err->last_item = 0;
	return status;
}

const char *error_code(const struct error *err)
{
	return err->code[0] ? err->code : status_code(err->status);
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
