/*
 * org.c - the rules of a well-formed organization record.
 *
 * Tree rules (parent exists and is active, no cycles, merges) need the store
 * and live in ops/org-ops.c.
 */
#include <string.h>

#include "core/date.h"
#include "core/utf8.h"
#include "model/codes.h"
#include "model/org.h"

void org_init(struct org *o)
{
	memset(o, 0, sizeof(*o));
	o->established = DATE_NONE;
	o->dissolved = DATE_NONE;
	o->end_date = DATE_NONE;
	o->term_start = DATE_NONE;
}

int org_default_term_years(int kind)
{
	switch (kind) {
	case ORG_BRANCH:
	case ORG_PARTY_GROUP:
		return 3;
	default:
		return 5;
	}
}

int org_validate(struct org *o, int today, struct error *err)
{
	size_t len = strlen(o->code);
	int n;

	if (len == 0)
		return error_set(err, ST_INVALID, "code", "organization code is required");
	if (len > 39)
		return error_set(err, ST_INVALID, "code", "organization code is longer than 39 characters");
	for (size_t i = 0; i < len; i++) {
		char c = o->code[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		      (c >= 'A' && c <= 'Z') || c == '_' || c == '-' || c == '.'))
			return error_set(err, ST_INVALID, "code",
					 "organization code may hold only letters, digits, '_', '-' and '.'");
	}
	n = utf8_count_chars(o->name);
	if (n <= 0)
		return error_set(err, ST_INVALID, "name",
				 n < 0 ? "name is not valid UTF-8 text" : "name is required");
	if (n > 80)
		return error_set(err, ST_INVALID, "name", "name is longer than 80 characters");
	if (!code_by_code(&code_org_kind, o->kind))
		return error_set(err, ST_INVALID, "kind", "unknown organization kind");
	if (!code_by_code(&code_sector, o->sector))
		return error_set(err, ST_INVALID, "sector", "unknown sector");
	if (o->level < ORG_LEVEL_GRASSROOTS || o->level > ORG_LEVEL_CENTRAL)
		return error_set(err, ST_INVALID, "level", "unknown level");
	len = strlen(o->division);
	if (len) {
		if (len != 2 && len != 4 && len != 6 && len != 9 && len != 12)
			return error_set(err, ST_INVALID, "division",
					 "division code must have 2, 4, 6, 9 or 12 digits");
		for (size_t i = 0; i < len; i++)
			if (o->division[i] < '0' || o->division[i] > '9')
				return error_set(err, ST_INVALID, "division",
						 "division code must be digits");
	}
	if (o->established == DATE_NONE)
		return error_set(err, ST_INVALID, "established", "establishment date is required");
	if (o->established > today)
		return error_set(err, ST_INVALID, "established", "establishment date is in the future");
	if (o->kind == ORG_TEMPORARY) {
		if (!o->purpose[0])
			return error_set(err, ST_INVALID, "purpose",
					 "a temporary organization needs a purpose");
		if (o->end_date == DATE_NONE)
			return error_set(err, ST_INVALID, "end_date",
					 "a temporary organization needs an end date");
	}
	if (o->end_date != DATE_NONE && o->end_date <= o->established)
		return error_set(err, ST_INVALID, "end_date", "end date must be after the establishment");
	if (utf8_count_chars(o->purpose) < 0 || utf8_count_chars(o->label) < 0)
		return error_set(err, ST_INVALID, o->purpose[0] ? "purpose" : "label",
				 "text is not valid UTF-8");
	if (o->term_years < 0 || o->term_years > 10)
		return error_set(err, ST_INVALID, "term_years", "term length must be 0-10 years");
	if (o->term_start != DATE_NONE && o->term_start < o->established)
		return error_set(err, ST_INVALID, "term_start", "term starts before the establishment");
	return ST_OK;
}
