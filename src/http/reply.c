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

int reply_error(struct reply *r, int status, const char *field,
		const char *message, const char *rid)
{
	struct strbuf sb = STRBUF_INIT;
	const char *code;
	char generic[96];
	int http = reply_http_status(status, &code);
	size_t len;

	if (http == 500) {
		snprintf(generic, sizeof(generic), "internal error (request %s)",
			 rid ? rid : "-");
		message = generic;
		field = NULL;
	}
	strbuf_adds(&sb, "{\"error\":{\"code\":\"");
	strbuf_adds(&sb, code);
	strbuf_adds(&sb, "\",\"message\":");
	char *m = valid_utf8(message && *message ? message : code);
	strbuf_add_json_string(&sb, m);
	free(m);
	strbuf_adds(&sb, ",\"field\":");
	if (field && *field) {
		char *f = valid_utf8(field);
		strbuf_add_json_string(&sb, f);
		free(f);
	} else
		strbuf_adds(&sb, "null");
	strbuf_adds(&sb, "}}");
	char *body = strbuf_detach(&sb, &len);
	reply_take(r, http, "application/json; charset=utf-8", body, len);
	return status;
}
