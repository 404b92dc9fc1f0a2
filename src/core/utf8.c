/*
 * utf8.c - counting UTF-8 characters and fitting text into display
 * columns (see utf8.h). Not for converting charsets.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "core/utf8.h"

long utf8_count_chars_n(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s, *end = u + n;
	long chars = 0;

	while (u < end) {
		size_t len = *u < 0x80 ? 1 : (*u & 0xe0) == 0xc0 ? 2 :
			     (*u & 0xf0) == 0xe0 ? 3 : (*u & 0xf8) == 0xf0 ? 4 : 0;
		if (!len || len > (size_t)(end - u))
			return -1;
		for (size_t i = 1; i < len; i++)
			if ((u[i] & 0xc0) != 0x80)
				return -1;
		u += len;
		chars++;
	}
	return chars;
}

int utf8_count_chars(const char *s)
{
	long n = utf8_count_chars_n(s, strlen(s));

	return n > INT_MAX ? INT_MAX : (int)n;
}

int utf8_valid(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s, *end = u + n;

	while (u < end) {
		unsigned c = *u;
		size_t len;
		unsigned cp, min;
		if (c < 0x80) {
			u++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			len = 2, cp = c & 0x1f, min = 0x80;
		else if ((c & 0xf0) == 0xe0)
			len = 3, cp = c & 0x0f, min = 0x800;
		else if (c >= 0xf0 && c <= 0xf4)
			len = 4, cp = c & 0x07, min = 0x10000;
		else
			return 0;
		if (len > (size_t)(end - u))
			return 0;
		for (size_t i = 1; i < len; i++) {
			if ((u[i] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (u[i] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		u += len;
	}
	return 1;
}

char *utf8_fit(const char *s, int width, char *out, size_t size)
{
	const uint8_t *u = (const uint8_t *)s;
	int32_t i = 0, len = (int32_t)strnlen(s, INT32_MAX - 1);
	size_t o = 0;
	int cols = 0;

	if (!size)
		return out;
	while (i < len) {
		int32_t start = i;
		UChar32 c;
		int w;

		U8_NEXT(u, i, len, c);
		if (c < 0) {
			w = 1;
		} else {
			int ea = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
			w = ea == U_EA_WIDE || ea == U_EA_FULLWIDTH ? 2 : 1;
		}
		if (cols + w > width || o + (size_t)(i - start) >= size)
			break;
		memcpy(out + o, s + start, (size_t)(i - start));
		o += (size_t)(i - start);
		cols += w;
	}
	while (cols < width && o + 1 < size) {
		out[o++] = ' ';
		cols++;
	}
	out[o] = '\0';
	return out;
}

int utf8_check_field(const char *field, const char *s, int max, int required,
		     struct error *err)
{
	int n;

	if (!s || !*s) {
		if (required)
			return error_setc(err, ST_INVALID, field, "required", "%s is required",
					  field);
		return ST_OK;
	}
	if (!utf8_valid(s, strlen(s)) || (n = utf8_count_chars(s)) < 0)
		return error_setc(err, ST_INVALID, field, "invalid_text",
				  "%s is not valid UTF-8 text", field);
	for (const char *c = s; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			return error_setc(err, ST_INVALID, field, "invalid_text",
					  "%s holds a control character", field);
	if (n > max) {
		error_setc(err, ST_INVALID, field, "too_long", "%s is longer than %d characters",
			   field, max);
		error_param(err, "max", "%d", max);
		return ST_INVALID;
	}
	return ST_OK;
}
