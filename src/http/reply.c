/*
 * reply.c - reply buffers and the status -> HTTP error mapping.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/strbuf.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "http/reply.h"
#include "http/request.h"
#include "model/rules.h"

void reply_init(struct reply *r)
{
	memset(r, 0, sizeof(*r));
	r->fd = -1;
}

void reply_release(struct reply *r)
{
	free(r->body);
	for (int i = 0; i < r->nr_headers; i++) {
		free(r->headers[i].name);
		free(r->headers[i].value);
	}
	if (r->fd >= 0)
		close(r->fd);
	reply_init(r);
}

void reply_take(struct reply *r, int http, const char *content_type, char *body,
		size_t len)
{
	free(r->body);
	r->http = http;
	r->content_type = content_type;
	r->body = body;
	r->len = len;
}

void reply_copy(struct reply *r, int http, const char *content_type,
		const char *body, size_t len)
{
	char *b = xmalloc(len + 1);

	memcpy(b, body, len);
	b[len] = '\0';
	reply_take(r, http, content_type, b, len);
}

void reply_header(struct reply *r, const char *name, const char *value)
{
	if (r->nr_headers == REPLY_MAX_HEADERS)
		return;
	r->headers[r->nr_headers].name = xstrdup(name);
	r->headers[r->nr_headers].value = xstrdup(value);
	r->nr_headers++;
}

int reply_http_status(int status, const char **code)
{
	static const struct {
		int status, http;
		const char *code;
	} map[] = {
		{ ST_INVALID, 422, "invalid" },
		{ ST_NOT_FOUND, 404, "not_found" },
		{ ST_CONFLICT, 409, "conflict" },
		{ ST_DB, 500, "internal" },
		{ ST_IO, 500, "internal" },
		{ ST_DENIED, 403, "forbidden" },
		{ ST_TOO_BIG, 413, "too_large" },
		{ ST_UNSUPPORTED, 422, "unsupported" },
		{ ST_AUTH, 401, "unauthenticated" },
		{ ST_BUSY, 429, "busy" },
		{ ST_INTERNAL, 500, "internal" },
		{ ST_HTTP_BAD_REQUEST, 400, "bad_request" },
		{ ST_HTTP_METHOD, 405, "method_not_allowed" },
		{ ST_HTTP_MEDIA, 415, "unsupported_media_type" },
		{ ST_HTTP_NO_ROUTE, 404, "not_found" },
		{ ST_HTTP_UNAVAILABLE, 503, "unavailable" },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].status == status) {
			*code = map[i].code;
			return map[i].http;
		}
	*code = "internal";
	return 500;
}

/*
 * s with every byte that does not begin a valid UTF-8 sequence replaced by
 * U+FFFD (a message cut inside a character, or client bytes in it), so
 * that the error body is always valid UTF-8 JSON. Caller frees.
 */
static char *valid_utf8(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(s);

	for (size_t i = 0; i < n;) {
		size_t len = 0;
		for (size_t k = 1; k <= 4 && i + k <= n; k++)
			if (utf8_valid(s + i, k)) {
				len = k;
				break;
			}
		if (len) {
			strbuf_add(&sb, s + i, len);
			i += len;
		} else {
			strbuf_adds(&sb, "\xef\xbf\xbd");
			i++;
		}
	}
	return strbuf_detach(&sb, NULL);
}

static void add_json_text(struct strbuf *sb, const char *s)
{
	char *v = valid_utf8(s);

	strbuf_add_json_string(sb, v);
	free(v);
}

static void add_params(struct strbuf *sb, const struct error_param *ps, int n)
{
	strbuf_adds(sb, "{");
	for (int i = 0; i < n; i++) {
		if (i)
			strbuf_adds(sb, ",");
		add_json_text(sb, ps[i].key);
		strbuf_adds(sb, ":");
		add_json_text(sb, ps[i].value);
	}
	strbuf_adds(sb, "}");
}

static void add_item(struct strbuf *sb, const char *code, const char *field,
		     const struct error_param *ps, int n, const char *message,
		     long line)
{
	strbuf_adds(sb, "{\"code\":");
	add_json_text(sb, code);
	strbuf_adds(sb, ",\"field\":");
	add_json_text(sb, field);
	strbuf_adds(sb, ",\"params\":");
	add_params(sb, ps, n);
	strbuf_adds(sb, ",\"message\":");
	add_json_text(sb, message);
	if (line > 0)
		strbuf_addf(sb, ",\"line\":%ld", line);
	strbuf_adds(sb, "}");
}

int reply_error_record(struct reply *r, int status, const struct error *e,
		       const char *rid)
{
	struct strbuf sb = STRBUF_INIT;
	const char *code;
	char generic[96];
	int http = reply_http_status(status, &code);
	const char *message = e && e->message[0] ? e->message : NULL;
	const char *field = e && e->field[0] ? e->field : NULL;
	size_t len;

	if (e && e->code[0] && http != 500)
		code = e->code;
	if (http == 500) {
		snprintf(generic, sizeof(generic), "internal error (request %s)",
			 rid ? rid : "-");
		message = generic;
		field = NULL;
		e = NULL;
	}
	strbuf_adds(&sb, "{\"error\":{\"code\":");
	add_json_text(&sb, code);
	strbuf_adds(&sb, ",\"message\":");
	add_json_text(&sb, message ? message : code);
	strbuf_adds(&sb, ",\"field\":");
	if (field)
		add_json_text(&sb, field);
	else
		strbuf_adds(&sb, "null");
	strbuf_adds(&sb, ",\"params\":");
	add_params(&sb, e ? e->params : NULL, e ? e->nr_params : 0);
	if (e && e->line > 0)
		strbuf_addf(&sb, ",\"line\":%ld", e->line);
	strbuf_adds(&sb, ",\"rule\":");
	if (e && e->rule[0])
		add_json_text(&sb, e->rule);
	else
		strbuf_adds(&sb, "null");
	strbuf_adds(&sb, ",\"source\":");
	if (e && e->rule[0])
		add_json_text(&sb, e->source);
	else
		strbuf_adds(&sb, "null");
	if (e && e->rule[0] && rules_source_zh(e->rule, e->source)) {
		strbuf_adds(&sb, ",\"source_zh\":");
		add_json_text(&sb, rules_source_zh(e->rule, e->source));
	}
	strbuf_adds(&sb, ",\"errors\":[");
	if (e && e->nr_items) {
		for (int i = 0; i < e->nr_items; i++) {
			const struct error_item *it = &e->items[i];
			if (i)
				strbuf_adds(&sb, ",");
			add_item(&sb, it->code, it->field, it->params, it->nr_params,
				 it->message, it->line);
		}
	} else if (field) {
		add_item(&sb, code, field, e->params, e->nr_params,
			 message ? message : code, e->line);
	}
	strbuf_adds(&sb, "]}}");
	char *body = strbuf_detach(&sb, &len);
	reply_take(r, http, "application/json; charset=utf-8", body, len);
	return status;
}

int reply_error(struct reply *r, int status, const char *field,
		const char *message, const char *rid)
{
	struct error e = ERROR_INIT;

	error_set(&e, status, field, "%s", message ? message : "");
	return reply_error_record(r, status, &e, rid);
}
