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
