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
#include "model/text-field.h"

void org_init(struct org *o)
{
	memset(o, 0, sizeof(*o));
	o->established = DATE_NONE;
	o->dissolved = DATE_NONE;
	o->end_date = DATE_NONE;
	o->term_start = DATE_NONE;
}

/* The limits of the text fields (org_set_text, org_validate). */
static const struct text_field text_fields[] = {
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
	return text_field_check(f, s, strlen(s), err);
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
		return error_setc(err, ST_INVALID, field, "required", "organization is required");
	if (strncmp(s, ORG_ID_PREFIX, plen)) {
		*code = s;
		return ST_OK;
	}
	errno = 0;
	n = (s[plen] >= '0' && s[plen] <= '9') ? strtoll(s + plen, &end, 10) : 0;
	if (n <= 0 || errno || *end)
		return error_setc(err, ST_INVALID, field, "invalid_id",
				  "'%.40s' is not an organization id (id: and a positive number)", s);
	*id = n;
	return ST_OK;
}

const char *org_text_name(enum org_text f)
{
	return text_fields[f].name;
}

/* Records one field error and goes on checking (all errors of a form at
 * once); bad remembers that one was found even when err is NULL. */
#define FAIL(field, code, ...) \
	(bad = 1, error_add(err, ST_INVALID, field, code, __VA_ARGS__))

int org_validate(struct org *o, int today, struct error *err)
{
	size_t len = strlen(o->code);
	int bad = 0;

	if (len == 0)
		FAIL("code", "required", "organization code is required");
	else if (check_text(&text_fields[ORG_TEXT_CODE], o->code, err))
		bad = 1;
	else
		for (size_t i = 0; i < len; i++) {
			char c = o->code[i];
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
			      (c >= 'A' && c <= 'Z') || c == '_' || c == '-' || c == '.')) {
				FAIL("code", "code_characters",
				     "organization code may hold only letters, digits, '_', '-' and '.'");
				break;
			}
		}
	if (check_text(&text_fields[ORG_TEXT_NAME], o->name, err))
		bad = 1;
	else if (!o->name[0])
		FAIL("name", "required", "name is required");
	if (!code_by_code(&code_org_kind, o->kind))
		FAIL("kind", "invalid_choice", "unknown organization kind");
	if (!code_by_code(&code_sector, o->sector))
		FAIL("sector", "invalid_choice", "unknown sector");
	if (o->level < ORG_LEVEL_GRASSROOTS || o->level > ORG_LEVEL_CENTRAL)
		FAIL("level", "invalid_choice", "unknown level");
	len = strlen(o->division);
	if (len) {
		if (len != 2 && len != 4 && len != 6 && len != 9 && len != 12)
			FAIL("division", "division_length",
			     "division code must have 2, 4, 6, 9 or 12 digits");
		else
			for (size_t i = 0; i < len; i++)
				if (o->division[i] < '0' || o->division[i] > '9') {
					FAIL("division", "division_digits",
					     "division code must be digits");
					break;
				}
	}
	if (o->established == DATE_NONE)
		FAIL("established", "required", "establishment date is required");
	else if (o->established > today)
		FAIL("established", "date_in_future", "establishment date is in the future");
	if (o->kind == ORG_TEMPORARY) {
		if (!o->purpose[0])
			FAIL("purpose", "required", "a temporary organization needs a purpose");
		if (o->end_date == DATE_NONE)
			FAIL("end_date", "required", "a temporary organization needs an end date");
	}
	if (o->end_date != DATE_NONE && o->established != DATE_NONE &&
	    o->end_date <= o->established)
		FAIL("end_date", "end_before_established",
		     "end date must be after the establishment");
	if (check_text(&text_fields[ORG_TEXT_PURPOSE], o->purpose, err))
		bad = 1;
	if (check_text(&text_fields[ORG_TEXT_LABEL], o->label, err))
		bad = 1;
	if (o->term_years < 0 || o->term_years > 10) {
		FAIL("term_years", "out_of_range", "term length must be 0-10 years");
		error_param(err, "min", "0");
		error_param(err, "max", "10");
	}
	if (o->term_start != DATE_NONE && o->established != DATE_NONE &&
	    o->term_start < o->established)
		FAIL("term_start", "date_before_established",
		     "term starts before the establishment");
	return bad ? ST_INVALID : ST_OK;
}

#undef FAIL

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
