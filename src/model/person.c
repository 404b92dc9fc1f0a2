/*
 * person.c - the rules of a well-formed person/member record.
 *
 * Everything that decides whether a record may be stored is here, so that
 * the CLI, import and HTTP paths agree. Rules that need the store (is the
 * organization active, is the ID number unused) are in ops/member-ops.c.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/error.h"
#include "core/utf8.h"
#include "model/codes.h"
#include "model/idcard.h"
#include "model/person.h"
#include "model/rules.h"
#include "model/text-field.h"

void person_init(struct person *p)
{
	memset(p, 0, sizeof(*p));
	p->birth_date = DATE_NONE;
	p->applied = p->activist = p->target = DATE_NONE;
	p->admitted = p->full = p->exited = DATE_NONE;
}

/* s without leading blanks and trailing blanks or line ends: start, *len. */
static const char *trimmed(const char *s, size_t *len)
{
	size_t n = strlen(s), start = 0;

	while (start < n && (s[start] == ' ' || s[start] == '\t'))
		start++;
	while (n > start && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
			     s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	*len = n - start;
	return s + start;
}

static void trim(char *s)
{
	size_t len;
	const char *start = trimmed(s, &len);

	memmove(s, start, len);
	s[len] = '\0';
}

/* The limits of the text fields (person_set_text, person_validate). */
static const struct text_field text_fields[] = {
	[PERSON_TEXT_NAME] = { "name", offsetof(struct person, name),
			       PERSON_NAME_SIZE, 1, PERSON_NAME_MAX_CHARS },
	[PERSON_TEXT_ID_NUMBER] = { "id_number", offsetof(struct person, id_number),
				    IDCARD_SIZE, 0, 0 },
	[PERSON_TEXT_PHONE] = { "phone", offsetof(struct person, phone),
				PERSON_PHONE_SIZE, 0, 0 },
	[PERSON_TEXT_ADDRESS] = { "address", offsetof(struct person, address),
				  PERSON_ADDRESS_SIZE, 1, 0 },
};

int person_set_text(struct person *p, enum person_text f, const char *value,
		    struct error *err)
{
	const struct text_field *t = &text_fields[f];
	char *out = (char *)p + t->offset;
	const char *start;
	size_t len;
	int rc;

	if (!value)
		value = "";
	start = trimmed(value, &len);
	if ((rc = text_field_check(t, start, len, err)))
		return rc;
	memcpy(out, start, len);
	out[len] = '\0';
	return ST_OK;
}

const char *person_text_name(enum person_text f)
{
	return text_fields[f].name;
}

static int valid_phone(const char *s)
{
	size_t len = strlen(s), digits = 0, hyphens = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] == '-' && i > 0 && i + 1 < len)
			hyphens++;
		else
			return 0;
	}
	if (hyphens == 0 && len == 11 && s[0] == '1')
		return s[1] >= '3' && s[1] <= '9';
	/* landline: area code 0xx(x) - number of 7 or 8 digits */
	return hyphens == 1 && s[0] == '0' && digits >= 10 && digits <= 12;
}

struct date_field {
	const char *name;
	int day;
};

int person_validate(struct person *p, int today, const struct person_rules *rules,
		    struct error *err)
{
	return person_validate_known_id(p, today, rules, NULL, err);
}

void person_rules_default(struct person_rules *r, int today)
{
	const struct rule_def *d;

	memset(r, 0, sizeof(*r));
	d = rules_default(RULE_DEV_MIN_AGE, today);
	r->min_age = d ? rules_int(d->value) : 0;
	r->min_age_source = d ? d->source : "";
	d = rules_default(RULE_DEV_FOUNDING_DATE, today);
	if (!d || date_parse(d->value, &r->founding_date))
		r->founding_date = DATE_NONE;
	r->founding_source = d ? d->source : "";
	d = rules_default(RULE_DEV_CULTIVATION_YEARS, today);
	r->cultivation_years = d ? rules_int(d->value) : 0;
	r->cultivation_source = d ? d->source : "";
	if (!d || date_parse(d->applies_from, &r->cultivation_from))
		r->cultivation_from = DATE_NONE;
	d = d ? rules_default(RULE_DEV_CULTIVATION_YEARS, r->cultivation_from - 1) : NULL;
	r->cultivation_years_before = d ? rules_int(d->value) : 0;
	r->cultivation_source_before = d ? d->source : "";
}

/* Records one field error and goes on checking (all errors of a form at
 * once); bad remembers that one was found even when err is NULL. */
#define FAIL(field, code, ...) \
	(bad = 1, error_add(err, ST_INVALID, field, code, __VA_ARGS__))

int person_validate_known_id(struct person *p, int today,
			     const struct person_rules *rules,
			     const struct idcard_info *known, struct error *err)
{
	char buf[DATE_STR_SIZE], reason[160];
	int bad = 0, birth_ok;
	struct person_rules defaults;

	if (!rules) {
		person_rules_default(&defaults, today);
		rules = &defaults;
	}

	trim(p->name);
	trim(p->id_number);
	trim(p->phone);
	trim(p->address);
	if (text_field_check(&text_fields[PERSON_TEXT_NAME], p->name, strlen(p->name), err))
		bad = 1;
	else if (!p->name[0])
		FAIL("name", "required", "name is required");
	if (text_field_check(&text_fields[PERSON_TEXT_ADDRESS], p->address,
		       strlen(p->address), err))
		bad = 1;
	if (!code_by_code(&code_sex, p->sex) || p->sex == SEX_UNKNOWN) {
		FAIL("sex", "invalid_choice", "sex must be male (1) or female (2)");
		error_param(err, "choices", "1,2");
	}

	if (p->id_number[0]) {
		struct idcard_info info;
		struct idcard_why why = { 0 };
		int id_ok = 1;
		if (known)
			info = *known;
		else if (idcard_check_why(p->id_number, &info, reason, sizeof(reason), &why)) {
			id_ok = 0;
			/* the codes of idcard_check_why: "required", "invalid_text",
			 * "id_number_length", "id_number_character",
			 * "id_number_region", "id_number_birth_date",
			 * "id_number_too_early", "id_number_future",
			 * "id_number_check_digit" */
			FAIL("id_number", why.code ? why.code : "invalid", "%s", reason);
			for (int i = 0; i < why.nr; i++)
				error_param(err, why.key[i], "%s", why.value[i]);
		}
		if (id_ok) {
			memcpy(p->id_number, info.normalized, IDCARD_SIZE);
			if (p->birth_date == DATE_NONE)
				p->birth_date = info.birth_date;
			else if (p->birth_date != info.birth_date) {
				FAIL("birth_date", "birth_date_id_mismatch",
				     "birth date %s does not match the ID number (%s)",
				     date_format(p->birth_date, buf), p->id_number);
				error_param(err, "expected", "%s",
					    date_format(info.birth_date, buf));
			}
			if ((p->sex == SEX_MALE || p->sex == SEX_FEMALE) && p->sex != info.sex) {
				FAIL("sex", "sex_id_mismatch",
				     "sex does not match the ID number (%s)",
				     info.sex == SEX_MALE ? "male" : "female");
				error_param(err, "expected", "%d", info.sex);
			}
		}
	}
	birth_ok = 0;
	if (p->birth_date == DATE_NONE) {
		if (!p->id_number[0])
			FAIL("birth_date", "birth_date_required",
			     "birth date is required (or an ID number to derive it from)");
	} else if (p->birth_date > today) {
		FAIL("birth_date", "date_in_future", "birth date is in the future");
	} else if (p->birth_date < date_from_ymd(1880, 1, 1)) {
		FAIL("birth_date", "date_too_early", "birth date is before 1880");
		error_param(err, "min", "1880-01-01");
	} else
		birth_ok = 1;
	if (!code_by_code(&code_ethnicity, p->ethnicity))
		FAIL("ethnicity", "invalid_choice",
		     "ethnicity must be a GB/T 3304 code (01-56, 97, 98)");
	if (!code_by_code(&code_education, p->education))
		FAIL("education", "invalid_choice", "education must be a GB/T 4658 code");
	if (!code_by_code(&code_occupation, p->occupation))
		FAIL("occupation", "invalid_choice",
		     "occupation must be one of the eight bulletin categories");
	if (p->phone[0] && !valid_phone(p->phone))
		FAIL("phone", "invalid_phone",
		     "phone must be an 11-digit mobile number or a landline like 010-12345678");
	if (p->flags & ~(MF_LOST_CONTACT | MF_FLOATING | MF_SUSPENDED))
		FAIL("flags", "invalid_choice", "unknown flag bits");

	if (p->status == 0) {
		if (p->applied != DATE_NONE || p->admitted != DATE_NONE ||
		    p->org_id)
			FAIL("status", "status_required",
			     "membership dates or organization given without a status");
		return bad ? ST_INVALID : ST_OK;
	}
	if (!code_by_code(&code_member_status, p->status)) {
		FAIL("status", "invalid_choice", "unknown membership status");
		return ST_INVALID;
	}
	if (p->org_id <= 0)
		FAIL("org", "required", "a member belongs to an organization");

	const char *status_key = code_by_code(&code_member_status, p->status)->key;
	static const struct {
		int status;
		const char *field;
		size_t offset;
	} need[] = {
		{ MS_APPLICANT, "applied", offsetof(struct person, applied) },
		{ MS_ACTIVIST, "activist", offsetof(struct person, activist) },
		{ MS_TARGET, "target", offsetof(struct person, target) },
		{ MS_PROBATIONARY, "admitted", offsetof(struct person, admitted) },
		{ MS_FULL, "admitted", offsetof(struct person, admitted) },
		{ MS_WITHDRAWN, "exited", offsetof(struct person, exited) },
		{ MS_EXPELLED, "exited", offsetof(struct person, exited) },
		{ MS_DECEASED, "exited", offsetof(struct person, exited) },
	};
	for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		int day;
		if (need[i].status != p->status)
			continue;
		memcpy(&day, (const char *)p + need[i].offset, sizeof(day));
		if (day == DATE_NONE) {
			FAIL(need[i].field, "required_for_status",
			     "status %s requires the %s date", status_key, need[i].field);
			error_param(err, "status", "%s", status_key);
		}
	}
	/* Dates that belong to later stages must not be set for earlier ones. */
	if (p->status <= MS_TARGET && (p->admitted != DATE_NONE || p->full != DATE_NONE)) {
		FAIL("admitted", "date_not_for_status",
		     "a %s has no admission or full-membership date", status_key);
		error_param(err, "status", "%s", status_key);
	}
	if (p->status < MS_TARGET && p->target != DATE_NONE) {
		FAIL("target", "date_not_for_status",
		     "target date set before the status reached it");
		error_param(err, "status", "%s", status_key);
	}
	if (p->status < MS_ACTIVIST && p->activist != DATE_NONE) {
		FAIL("activist", "date_not_for_status",
		     "activist date set before the status reached it");
		error_param(err, "status", "%s", status_key);
	}
	if (p->status == MS_PROBATIONARY && p->full != DATE_NONE) {
		FAIL("full", "date_not_for_status",
		     "a probationary member has no full-membership date");
		error_param(err, "status", "%s", status_key);
	}
	if (p->status <= MS_FULL && p->exited != DATE_NONE) {
		FAIL("exited", "date_not_for_status",
		     "exit date set while the status is current");
		error_param(err, "status", "%s", status_key);
	}

	struct date_field order[] = {
		{ "applied", p->applied }, { "activist", p->activist },
		{ "target", p->target }, { "admitted", p->admitted },
		{ "full", p->full }, { "exited", p->exited },
	};
	int last = DATE_NONE;
	const char *last_name = NULL;
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if (order[i].day == DATE_NONE)
			continue;
		if (order[i].day > today)
			FAIL(order[i].name, "date_in_future", "%s date is in the future",
			     order[i].name);
		else if (birth_ok && order[i].day < p->birth_date)
			FAIL(order[i].name, "date_before_birth",
			     "%s date is before the birth date", order[i].name);
		else if (last != DATE_NONE && order[i].day < last) {
			FAIL(order[i].name, "date_order", "%s date is before the %s date",
			     order[i].name, last_name);
			error_param(err, "after", "%s", last_name);
		}
		last = order[i].day;
		last_name = order[i].name;
	}
	int first = p->applied != DATE_NONE ? p->applied : p->admitted;
	const char *first_name = p->applied != DATE_NONE ? "applied" : "admitted";
	if (first != DATE_NONE && rules->founding_date != DATE_NONE &&
	    first < rules->founding_date) {
		FAIL(first_name, "dev_before_founding", "%s date is before %s, the founding of the Party",
		     first_name, date_format(rules->founding_date, buf));
		error_param(err, "min", "%s", buf);
		error_rule(err, RULE_DEV_FOUNDING_DATE, rules->founding_source);
	}
	if (birth_ok && first != DATE_NONE &&
	    date_years_between(p->birth_date, first) < rules->min_age) {
		FAIL(first_name, "too_young",
		     "applicant must be at least %d years old (was %d)", rules->min_age,
		     date_years_between(p->birth_date, first));
		error_param(err, "min", "%d", rules->min_age);
		error_param(err, "age", "%d", date_years_between(p->birth_date, first));
		error_rule(err, RULE_DEV_MIN_AGE, rules->min_age_source);
	}
	if (p->activist != DATE_NONE && p->target != DATE_NONE && p->target >= p->activist) {
		int later = rules->cultivation_from != DATE_NONE &&
			    p->target >= rules->cultivation_from;
		int years = later ? rules->cultivation_years : rules->cultivation_years_before;
		if (years > 0 && p->target < date_add_years(p->activist, years)) {
			FAIL("target", "dev_cultivation_too_short",
			     "target date is less than %d year(s) after the activist date", years);
			error_param(err, "min", "%d", years);
			error_param(err, "after", "activist");
			error_rule(err, RULE_DEV_CULTIVATION_YEARS,
				   later ? rules->cultivation_source : rules->cultivation_source_before);
		}
	}
	return bad ? ST_INVALID : ST_OK;
}

#undef FAIL

int person_age(const struct person *p, int day)
{
	return date_years_between(p->birth_date, day);
}

int person_party_age(const struct person *p, int day)
{
	int to = day;

	if (p->full == DATE_NONE || p->full > day)
		return -1;
	if (p->exited != DATE_NONE && p->exited < day)
		to = p->exited;
	return to < p->full ? 0 : date_years_between(p->full, to);
}

void person_track_init(struct person_track *t)
{
	t->talk = t->vote = t->approval = t->lost_from = t->lost_to = DATE_NONE;
	t->ext_months = 0;
}

int person_track_talk(int talk_step, int app_step, int applied, int activist,
		      int admitted, int full)
{
	if (talk_step != DATE_NONE)
		return talk_step;
	if (app_step)
		return DATE_NONE;
	return activist != DATE_NONE || admitted != DATE_NONE || full != DATE_NONE
		? applied : DATE_NONE;
}

int person_dates_status_on(const struct person_dates *p, int day)
{
	if (p->exited != DATE_NONE && p->exited <= day)
		return p->status >= MS_WITHDRAWN ? p->status : MS_WITHDRAWN;
	if (p->full != DATE_NONE && p->full <= day)
		return MS_FULL;
	if (p->admitted != DATE_NONE && p->admitted <= day)
		return p->status == MS_FULL && p->full == DATE_NONE ? MS_FULL
								     : MS_PROBATIONARY;
	if (p->target != DATE_NONE && p->target <= day)
		return MS_TARGET;
	if (p->activist != DATE_NONE && p->activist <= day)
		return MS_ACTIVIST;
	if (p->applied != DATE_NONE && p->applied <= day)
		return MS_APPLICANT;
	return 0;
}

int person_status_on(const struct person *p, int day)
{
	struct person_dates d = { p->id, p->org_id, p->status, p->flags, p->applied,
				  p->activist, p->target, p->admitted, p->full, p->exited,
				  { 0, 0, 0, 0, 0, 0 } };

	return person_dates_status_on(&d, day);
}
