/*
 * fake-mhd.c - the connection values of one fuzzed request (fake-mhd.h).
 * Bounded: at most MAX_VALUES values of MAX_TEXT bytes each; the rest is
 * dropped, as a real server would refuse it.
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <microhttpd.h>

#include "fake-mhd.h"

#define MAX_VALUES 64
#define MAX_TEXT 2048

static struct value {
	enum MHD_ValueKind kind;
	char key[MAX_TEXT], val[MAX_TEXT];
} values[MAX_VALUES];
static int nr_values;

void fake_mhd_reset(void)
{
	nr_values = 0;
}

static int hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Copies n bytes of s into out (MAX_TEXT), decoding when asked; a NUL cuts. */
static void copy(char *out, const char *s, size_t n, int decode)
{
	size_t o = 0;

	for (size_t i = 0; i < n && o + 1 < MAX_TEXT; i++) {
		int c = (unsigned char)s[i];
		if (decode && c == '+')
			c = ' ';
		else if (decode && c == '%' && i + 2 < n && hex(s[i + 1]) >= 0 &&
			 hex(s[i + 2]) >= 0) {
			c = hex(s[i + 1]) * 16 + hex(s[i + 2]);
			i += 2;
		}
		out[o++] = (char)c;
	}
	out[o] = '\0';
}

static void add(enum MHD_ValueKind kind, const char *k, size_t kn, const char *v,
		size_t vn, int decode)
{
	if (nr_values == MAX_VALUES)
		return;
	values[nr_values].kind = kind;
	copy(values[nr_values].key, k, kn, decode);
	copy(values[nr_values].val, v, vn, decode);
	nr_values++;
}

void fake_mhd_query(const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(stop - p));
		if (eq)
			add(MHD_GET_ARGUMENT_KIND, p, (size_t)(eq - p), eq + 1,
			    (size_t)(stop - eq - 1), 1);
		else
			add(MHD_GET_ARGUMENT_KIND, p, (size_t)(stop - p), "", 0, 1);
		p = stop + 1;
	}
}

void fake_mhd_header(const char *name, size_t name_len, const char *value,
		     size_t value_len)
{
	add(MHD_HEADER_KIND, name, name_len, value, value_len, 0);
	if (name_len == 6 && !strncasecmp(name, "Cookie", 6)) {
		const char *p = value, *end = value + value_len;
		while (p < end) {
			const char *semi = memchr(p, ';', (size_t)(end - p));
			const char *stop = semi ? semi : end;
			const char *eq;
			while (p < stop && *p == ' ')
				p++;
			eq = memchr(p, '=', (size_t)(stop - p));
			if (eq)
				add(MHD_COOKIE_KIND, p, (size_t)(eq - p), eq + 1,
				    (size_t)(stop - eq - 1), 0);
			p = stop + 1;
		}
	}
}

const char *MHD_lookup_connection_value(struct MHD_Connection *connection,
					enum MHD_ValueKind kind, const char *key)
{
	(void)connection;
	for (int i = 0; i < nr_values; i++) {
		if (!(values[i].kind & kind) || !key)
			continue;
		if (kind == MHD_HEADER_KIND ? !strcasecmp(values[i].key, key)
					    : !strcmp(values[i].key, key))
			return values[i].val;
	}
	return NULL;
}
