/*
 * strbuf.c - growable buffers (see strbuf.h for the contract).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

char strbuf_empty_[1];

void strbuf_init(struct strbuf *sb, size_t limit)
{
	sb->buf = strbuf_empty_;
	sb->len = 0;
	sb->alloc = 0;
	sb->limit = limit;
}

void strbuf_release(struct strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	strbuf_init(sb, sb->limit);
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->alloc)
		sb->buf[0] = '\0';
}

char *strbuf_detach(struct strbuf *sb, size_t *len)
{
	char *p;

	if (!sb->alloc)
		p = xstrdup("");
	else
		p = sb->buf;
	if (len)
		*len = sb->len;
	strbuf_init(sb, sb->limit);
	return p;
}

static int grow(struct strbuf *sb, size_t extra)
{
	size_t need;

	if (sb->limit && sb->len + extra > sb->limit)
		return ST_TOO_BIG;
	need = sb->len + extra + 1;
	if (need <= sb->alloc)
		return ST_OK;
	if (!sb->alloc) {
		size_t n = need < 64 ? 64 : need;
		sb->buf = xmalloc(n);
		sb->buf[0] = '\0';
		sb->alloc = n;
		return ST_OK;
	}
	size_t n = sb->alloc * 2;
	if (n < need)
		n = need;
	sb->buf = xrealloc(sb->buf, n);
	sb->alloc = n;
	return ST_OK;
}

int strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	if (grow(sb, len))
		return ST_TOO_BIG;
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
	return ST_OK;
}

int strbuf_adds(struct strbuf *sb, const char *s)
{
	return strbuf_add(sb, s, strlen(s));
}

int strbuf_addch(struct strbuf *sb, int c)
{
	char ch = (char)c;

	return strbuf_add(sb, &ch, 1);
}

int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return ST_INTERNAL;
	if (grow(sb, (size_t)n))
		return ST_TOO_BIG;
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
	return ST_OK;
}

int strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
	return rc;
}

size_t json_quote(char *out, size_t size, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0, w = 0;   /* length of the literal, bytes written */

	/* a piece is written whole or not at all, and none after one that is not */
#define JSON_PUT(p, k)                                                       \
	do {                                                                 \
		if (w == n && n + (k) < size) {                              \
			memcpy(out + n, (p), (k));                           \
			w += (k);                                            \
		}                                                            \
		n += (k);                                                    \
	} while (0)

	JSON_PUT("\"", 1);
	for (;;) {
		const char *run = s;
		unsigned char c;
		char u[6];
		const char *esc = u;
		size_t k = 2;

		while ((c = (unsigned char)*s) >= 0x20 && c != '"' && c != '\\')
			s++;
		JSON_PUT(run, (size_t)(s - run));
		if (!c)
			break;
		s++;
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default:
			memcpy(u, "\\u00", 4);
			u[4] = hex[c >> 4];
			u[5] = hex[c & 15];
			k = 6;
		}
		JSON_PUT(esc, k);
	}
	JSON_PUT("\"", 1);
#undef JSON_PUT
	if (size)
		out[w] = '\0';
	return n;
}

int strbuf_add_json_string(struct strbuf *sb, const char *s)
{
	size_t n = json_quote(NULL, 0, s);

	if (grow(sb, n))
		return ST_TOO_BIG;
	json_quote(sb->buf + sb->len, n + 1, s);
	sb->len += n;
	return ST_OK;
}

int strbuf_read_file(struct strbuf *sb, const char *path)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = ST_OK;

	if (!f)
		return ST_IO;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		rc = strbuf_add(sb, chunk, n);
		if (rc)
			break;
	}
	if (!rc && ferror(f))
		rc = ST_IO;
	fclose(f);
	return rc;
}
