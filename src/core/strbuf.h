/*
 * strbuf.h - growable NUL-terminated byte buffer with an optional size limit.
 *
 * A struct strbuf owns its bytes; release with strbuf_release(). buf is never
 * NULL after strbuf_init() and always NUL-terminated. When limit is non-zero,
 * appends that would make len exceed it fail with ST_TOO_BIG and leave the
 * buffer unchanged (for input taken from outside: bodies, files, cells).
 */
#ifndef OW_STRBUF_H
#define OW_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
	size_t limit; /* 0 = unlimited */
};

#define STRBUF_INIT { strbuf_empty_, 0, 0, 0 }
extern char strbuf_empty_[];

void strbuf_init(struct strbuf *sb, size_t limit);
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
/* Hands the bytes to the caller (free() them) and re-inits sb. */
char *strbuf_detach(struct strbuf *sb, size_t *len);

int strbuf_add(struct strbuf *sb, const void *data, size_t len);
int strbuf_adds(struct strbuf *sb, const char *s);
int strbuf_addch(struct strbuf *sb, int c);
int strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);

/*
 * The one JSON string escaper of the program. Writes s (UTF-8) as a JSON
 * string literal, quotes included, into out: '"' and '\\' and control
 * characters escaped as jansson's json_dumps escapes them (\b \f \n \r \t,
 * else \u00XX), other bytes passed through. Returns the length of the whole
 * literal, as snprintf does: it fits when the result is below size. out is
 * NUL-terminated when size > 0; a literal that does not fit is cut before
 * the first piece (run of plain bytes or escape) that does not fit, never
 * inside an escape. json_quote(NULL, 0, s) measures.
 */
size_t json_quote(char *out, size_t size, const char *s);

/*
 * Appends s as a JSON string literal (json_quote). For small hand-built
 * JSON texts (event details, error bodies, log lines) below the layers that
 * use jansson. ST_TOO_BIG (sb unchanged) when it would pass the limit.
 */
int strbuf_add_json_string(struct strbuf *sb, const char *s);

/* Reads a whole file into sb (appending). Returns ST_OK, ST_IO, ST_TOO_BIG. */
int strbuf_read_file(struct strbuf *sb, const char *path);

#endif
