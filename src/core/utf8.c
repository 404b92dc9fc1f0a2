/*
 * utf8.c - counting UTF-8 characters (see utf8.h). Not for decoding code
 * points or for converting charsets.
 */
#include <limits.h>
#include <string.h>

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
