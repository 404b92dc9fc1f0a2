/*
 * text-field.c - the one check of a record's text field against its limits
 * (see text-field.h). Not for trimming or copying: the records do that.
 */
#include "core/utf8.h"
#include "model/text-field.h"

int text_field_check(const struct text_field *f, const char *s, size_t len,
		     struct error *err)
{
	long n = utf8_count_chars_n(s, len);

	if (n < 0 && f->utf8)
		return error_add(err, ST_INVALID, f->name, "invalid_text",
				 "%s is not valid UTF-8 text", f->name);
	if (f->max_chars && n > f->max_chars) {
		error_add(err, ST_INVALID, f->name, "too_long",
			  "%s is longer than %d characters", f->name, f->max_chars);
		error_param(err, "max", "%d", f->max_chars);
		return ST_INVALID;
	}
	if (len >= f->size) {
		error_add(err, ST_INVALID, f->name, "too_long_bytes",
			  "%s is longer than %zu bytes", f->name, f->size - 1);
		error_param(err, "max", "%zu", f->size - 1);
		return ST_INVALID;
	}
	return ST_OK;
}
