/*
 * org.c - the rules of a well-formed organization record.
 *
 * Tree rules (parent exists and is active, no cycles, merges) need the store
 * and live in ops/org-ops.c.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
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

/* The limits of the text fields (org_set_text, org_validate). */
static const struct text_field {
	const char *name;    /* API name, used in errors */
	size_t offset;       /* of the char array in struct org */
	size_t size;         /* of that array: at most size - 1 bytes */
	int utf8;            /* free text: must be valid UTF-8 */
	int max_chars;       /* 0: no limit but the size */
} text_fields[] = {
	[ORG_TEXT_CODE] = { "code", offsetof(struct org, code), ORG_CODE_SIZE, 0,
			    ORG_CODE_MAX_CHARS },
	[ORG_TEXT_NAME] = { "name", offsetof(struct org, name), ORG_NAME_SIZE, 1,
			    ORG_NAME_MAX_CHARS },
	[ORG_TEXT_DIVISION] = { "division", offsetof(struct org, division),
				DIVISION_SIZE, 0, 0 },
	[ORG_TEXT_PURPOSE] = { "purpose", offsetof(struct org, purpose),
			       ORG_TEXT_SIZE, 1, 0 },
	[ORG_TEXT_LABEL] = { "label", offsetof(struct org, label), ORG_TEXT_SIZE, 1, 0 },
};

static int check_text(const struct text_field *f, const char *s, struct error *err)
{
	int n = utf8_count_chars(s);

	if (n < 0 && f->utf8)
		return error_set(err, ST_INVALID, f->name, "%s is not valid UTF-8 text",
				 f->name);
	if (f->max_chars && n > f->max_chars)
		return error_set(err, ST_INVALID, f->name, "%s is longer than %d characters",
				 f->name, f->max_chars);
	if (strlen(s) >= f->size)
		return error_set(err, ST_INVALID, f->name, "%s is longer than %zu bytes",
				 f->name, f->size - 1);
	return ST_OK;
}

int org_set_text(struct org *o, enum org_text f, const char *value,
		 struct error *err)
{
	const struct text_field *t = &text_fields[f];
	size_t len;
	int rc;

	if (!value)
		value = "";
	if ((rc = check_text(t, value, err)))
		return rc;
	len = strlen(value);
	memcpy((char *)o + t->offset, value, len + 1);
	return ST_OK;
}

int org_ref_parse(const char *s, const char *field, long long *id, const char **code,
		  struct error *err)
{
	const size_t plen = sizeof(ORG_ID_PREFIX) - 1;
	char *end;
	long long n;

	*id = 0;
	*code = NULL;
	if (!s || !*s)
		return error_set(err, ST_INVALID, field, "organization is required");
	if (strncmp(s, ORG_ID_PREFIX, plen)) {
		*code = s;
		return ST_OK;
	}
	errno = 0;
	n = (s[plen] >= '0' && s[plen] <= '9') ? strtoll(s + plen, &end, 10) : 0;
	if (n <= 0 || errno || *end)
		return error_set(err, ST_INVALID, field,
				 "'%.40s' is not an organization id (id: and a positive number)", s);
	*id = n;
	return ST_OK;
}

const char *org_text_name(enum org_text f)
{
	return text_fields[f].name;
}

int org_validate(struct org *o, int today, struct error *err)
{
	size_t len = strlen(o->code);
	int rc;

	if (len == 0)
		return error_set(err, ST_INVALID, "code", "organization code is required");
	if ((rc = check_text(&text_fields[ORG_TEXT_CODE], o->code, err)))
		return rc;
	for (size_t i = 0; i < len; i++) {
		char c = o->code[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		      (c >= 'A' && c <= 'Z') || c == '_' || c == '-' || c == '.'))
			return error_set(err, ST_INVALID, "code",
					 "organization code may hold only letters, digits, '_', '-' and '.'");
	}
	if ((rc = check_text(&text_fields[ORG_TEXT_NAME], o->name, err)))
		return rc;
	if (!o->name[0])
		return error_set(err, ST_INVALID, "name", "name is required");
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
	if ((rc = check_text(&text_fields[ORG_TEXT_PURPOSE], o->purpose, err)) ||
	    (rc = check_text(&text_fields[ORG_TEXT_LABEL], o->label, err)))
		return rc;
	if (o->term_years < 0 || o->term_years > 10)
		return error_set(err, ST_INVALID, "term_years", "term length must be 0-10 years");
	if (o->term_start != DATE_NONE && o->term_start < o->established)
		return error_set(err, ST_INVALID, "term_start", "term starts before the establishment");
	return ST_OK;
}

const char *org_state_on(const struct org *o, int day)
{
	if (day < o->established)
		return "not_established";
	if (o->dissolved != DATE_NONE && day >= o->dissolved)
		return o->merged_into ? "merged" : "dissolved";
	if (o->kind == ORG_TEMPORARY && o->end_date != DATE_NONE && day > o->end_date)
		return "ended";
	return "active";
}

int org_division_outside(const char *division, const char *parent_division)
{
	size_t n = strlen(parent_division);

	if (!division[0] || !n)
		return 0;
	return strncmp(division, parent_division, n) != 0;
}
