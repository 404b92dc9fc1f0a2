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
static const struct text_field {
	const char *name;    /* API name, used in errors */
	size_t offset;       /* of the char array in struct person */
	size_t size;         /* of that array: at most size - 1 bytes */
	int utf8;            /* free text: must be valid UTF-8 */
	int max_chars;       /* 0: no limit but the size */
} text_fields[] = {
	[PERSON_TEXT_NAME] = { "name", offsetof(struct person, name),
			       PERSON_NAME_SIZE, 1, PERSON_NAME_MAX_CHARS },
	[PERSON_TEXT_ID_NUMBER] = { "id_number", offsetof(struct person, id_number),
				    IDCARD_SIZE, 0, 0 },
	[PERSON_TEXT_PHONE] = { "phone", offsetof(struct person, phone),
				PERSON_PHONE_SIZE, 0, 0 },
	[PERSON_TEXT_ADDRESS] = { "address", offsetof(struct person, address),
				  PERSON_ADDRESS_SIZE, 1, 0 },
};

/*
 * Checks the first len bytes of s (followed, if at all, only by trailing
 * blanks) against field f's limits.
 */
static int check_text(const struct text_field *f, const char *s, size_t len,
		      struct error *err)
{
	long n = utf8_count_chars_n(s, len);

	if (n < 0 && f->utf8)
		return error_set(err, ST_INVALID, f->name, "%s is not valid UTF-8 text",
				 f->name);
	if (f->max_chars && n > f->max_chars)
		return error_set(err, ST_INVALID, f->name, "%s is longer than %d characters",
				 f->name, f->max_chars);
	if (len >= f->size)
		return error_set(err, ST_INVALID, f->name, "%s is longer than %zu bytes",
				 f->name, f->size - 1);
	return ST_OK;
}

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
	if ((rc = check_text(t, start, len, err)))
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

int person_validate(struct person *p, int today, struct error *err)
{
	return person_validate_known_id(p, today, NULL, err);
}

int person_validate_known_id(struct person *p, int today,
			     const struct idcard_info *known, struct error *err)
{
	char buf[DATE_STR_SIZE], reason[160];
	int rc;

	trim(p->name);
	trim(p->id_number);
	trim(p->phone);
	trim(p->address);
	if ((rc = check_text(&text_fields[PERSON_TEXT_NAME], p->name, strlen(p->name), err)))
		return rc;
	if (!p->name[0])
		return error_set(err, ST_INVALID, "name", "name is required");
	if ((rc = check_text(&text_fields[PERSON_TEXT_ADDRESS], p->address,
			     strlen(p->address), err)))
		return rc;
	if (!code_by_code(&code_sex, p->sex) || p->sex == SEX_UNKNOWN)
		return error_set(err, ST_INVALID, "sex", "sex must be male (1) or female (2)");

	if (p->id_number[0]) {
		struct idcard_info info;
		if (known)
			info = *known;
		else if (idcard_check(p->id_number, &info, reason, sizeof(reason)))
			return error_set(err, ST_INVALID, "id_number", "%s", reason);
		memcpy(p->id_number, info.normalized, IDCARD_SIZE);
		if (p->birth_date == DATE_NONE)
			p->birth_date = info.birth_date;
		else if (p->birth_date != info.birth_date)
			return error_set(err, ST_INVALID, "birth_date",
					 "birth date %s does not match the ID number (%s)",
					 date_format(p->birth_date, buf), p->id_number);
		if ((p->sex == SEX_MALE || p->sex == SEX_FEMALE) && p->sex != info.sex)
			return error_set(err, ST_INVALID, "sex",
					 "sex does not match the ID number (%s)",
					 info.sex == SEX_MALE ? "male" : "female");
	}
	if (p->birth_date == DATE_NONE)
		return error_set(err, ST_INVALID, "birth_date",
				 "birth date is required (or an ID number to derive it from)");
	if (p->birth_date > today)
		return error_set(err, ST_INVALID, "birth_date", "birth date is in the future");
	if (p->birth_date < date_from_ymd(1880, 1, 1))
		return error_set(err, ST_INVALID, "birth_date", "birth date is before 1880");
	if (!code_by_code(&code_ethnicity, p->ethnicity))
		return error_set(err, ST_INVALID, "ethnicity",
				 "ethnicity must be a GB/T 3304 code (01-56, 97, 98)");
	if (!code_by_code(&code_education, p->education))
		return error_set(err, ST_INVALID, "education",
				 "education must be a GB/T 4658 code");
	if (!code_by_code(&code_occupation, p->occupation))
		return error_set(err, ST_INVALID, "occupation",
				 "occupation must be one of the eight bulletin categories");
	if (p->phone[0] && !valid_phone(p->phone))
		return error_set(err, ST_INVALID, "phone",
				 "phone must be an 11-digit mobile number or a landline like 010-12345678");
	if (p->flags & ~(MF_LOST_CONTACT | MF_FLOATING | MF_SUSPENDED))
		return error_set(err, ST_INVALID, "flags", "unknown flag bits");

	if (p->status == 0) {
		if (p->applied != DATE_NONE || p->admitted != DATE_NONE ||
		    p->org_id)
			return error_set(err, ST_INVALID, "status",
					 "membership dates or organization given without a status");
		return ST_OK;
	}
	if (!code_by_code(&code_member_status, p->status))
		return error_set(err, ST_INVALID, "status", "unknown membership status");
	if (p->org_id <= 0)
		return error_set(err, ST_INVALID, "org", "a member belongs to an organization");

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
		if (day == DATE_NONE)
			return error_set(err, ST_INVALID, need[i].field,
					 "status %s requires the %s date",
					 code_by_code(&code_member_status, p->status)->key,
					 need[i].field);
	}
	/* Dates that belong to later stages must not be set for earlier ones. */
	if (p->status <= MS_TARGET && (p->admitted != DATE_NONE || p->full != DATE_NONE))
		return error_set(err, ST_INVALID, "admitted",
				 "a %s has no admission or full-membership date",
				 code_by_code(&code_member_status, p->status)->key);
	if (p->status < MS_TARGET && p->target != DATE_NONE)
		return error_set(err, ST_INVALID, "target", "target date set before the status reached it");
	if (p->status < MS_ACTIVIST && p->activist != DATE_NONE)
		return error_set(err, ST_INVALID, "activist", "activist date set before the status reached it");
	if (p->status == MS_PROBATIONARY && p->full != DATE_NONE)
		return error_set(err, ST_INVALID, "full", "a probationary member has no full-membership date");
	if (p->status <= MS_FULL && p->exited != DATE_NONE)
		return error_set(err, ST_INVALID, "exited", "exit date set while the status is current");

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
			return error_set(err, ST_INVALID, order[i].name,
					 "%s date is in the future", order[i].name);
		if (order[i].day < p->birth_date)
			return error_set(err, ST_INVALID, order[i].name,
					 "%s date is before the birth date", order[i].name);
		if (last != DATE_NONE && order[i].day < last)
			return error_set(err, ST_INVALID, order[i].name,
					 "%s date is before the %s date",
					 order[i].name, last_name);
		last = order[i].day;
		last_name = order[i].name;
	}
	int first = p->applied != DATE_NONE ? p->applied : p->admitted;
	if (first != DATE_NONE && date_years_between(p->birth_date, first) < 18)
		return error_set(err, ST_INVALID,
				 p->applied != DATE_NONE ? "applied" : "admitted",
				 "applicant must be at least 18 years old (was %d)",
				 date_years_between(p->birth_date, first));
	return ST_OK;
}

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

int person_status_on(const struct person *p, int day)
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
