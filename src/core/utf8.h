/*
 * utf8.h - counting the characters of UTF-8 text.
 *
 * Field limits are stated in characters (a name of at most 30 characters,
 * whatever script it is written in), and the text must be well-formed to be
 * stored and sent as JSON: one function counts and checks both. Text tables
 * on a terminal are laid out in display columns, where a Chinese character
 * takes two: utf8_fit() cuts and pads by those. Not a
 * decoder (model/pinyin.c reads code points) nor a charset detector or
 * converter (formats/charset.h).
 */
#ifndef OW_UTF8_H
#define OW_UTF8_H

#include <stddef.h>

#include "core/error.h"

/*
 * Number of characters in the n bytes at s, or -1 when they are not
 * well-formed UTF-8 (a stray continuation byte, a lead byte 0xF8-0xFF, a
 * sequence cut short). Overlong forms and surrogates are not refused.
 */
long utf8_count_chars_n(const char *s, size_t n);

/* The same for the NUL-terminated string s; -1 when it is not UTF-8. */
int utf8_count_chars(const char *s);

/*
 * 1 when the n bytes at s are strictly valid UTF-8 (RFC 3629): no overlong
 * form, no surrogate, nothing above U+10FFFF; else 0. For bytes taken from
 * the network before they reach anything that echoes or stores them.
 */
int utf8_valid(const char *s, size_t n);

/*
 * A short text field of an act (a reference, reason, note, method): strictly
 * valid UTF-8 without control characters, 1..max characters when required,
 * else empty (or NULL) or up to max. ST_INVALID naming field with code
 * required, invalid_text or too_long (param max); ST_OK else.
 */
int utf8_check_field(const char *field, const char *s, int max, int required,
		     struct error *err);

/*
 * Copies s into out (size bytes) cut at a character boundary so that it
 * takes at most width display columns (East Asian wide and fullwidth
 * characters take 2, by Unicode's East_Asian_Width), then pads it with
 * spaces to exactly width columns when there is room in out. Bytes that are
 * not UTF-8 count as one column each. Returns out.
 */
char *utf8_fit(const char *s, int width, char *out, size_t size);

#endif
