/*
 * text-field.h - the limits of a record's text field (name, size, UTF-8,
 * characters) and their one check, shared by the records that keep text in
 * fixed arrays (model/person.c, model/org.c). Not for the fields' tables
 * themselves: each record states its own.
 */
#ifndef OW_TEXT_FIELD_H
#define OW_TEXT_FIELD_H

#include <stddef.h>

#include "core/error.h"

struct text_field {
	const char *name;    /* API name, used in errors */
	size_t offset;       /* of the char array in its record */
	size_t size;         /* of that array: at most size - 1 bytes */
	int utf8;            /* free text: must be valid UTF-8 */
	int max_chars;       /* 0: no limit but the size */
};

/*
 * Checks the first len bytes of s against f's limits. Adds the failure to
 * err as a field error (error_add; codes "invalid_text", "too_long" with
 * param max, "too_long_bytes" with param max) and returns ST_INVALID; ST_OK
 * when the text fits.
 */
int text_field_check(const struct text_field *f, const char *s, size_t len,
		     struct error *err);

#endif
