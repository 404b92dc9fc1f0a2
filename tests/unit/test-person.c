/*
 * test-person.c - the rules of a person/member record (model/person.c) and
 * of an organization record (model/org.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/date.h"
#include "core/error.h"
#include "model/codes.h"
#include "model/org.h"
#include "model/person.h"

static int D(const char *s)
{
	int day = DATE_NONE;
	assert_int_equal(date_parse(s, &day), ST_OK);
	return day;
}

static void full_member(struct person *p)
{
	person_init(p);
	snprintf(p->name, sizeof(p->name), "张三");
	p->sex = SEX_FEMALE;
	snprintf(p->id_number, sizeof(p->id_number), "11010519491231002X");
	p->ethnicity = 1;
	p->education = 21;
	p->occupation = OCC_RETIRED;
	p->org_id = 7;
	p->status = MS_FULL;
	p->applied = D("1970-01-01");
	p->activist = D("1971-01-01");
	p->target = D("1972-01-01");
	p->admitted = D("1972-07-01");
	p->full = D("1973-07-01");
}

static const char *field_of(struct person *p)
{
	static struct error err;
	error_clear(&err);
	if (person_validate(p, D("2026-11-25"), NULL, &err) == ST_OK)
		return "ok";
	return err.field;
}

/* The key-date rules come from the caller: the defaults of the catalogue,
 * or the values the installation set. */
static void key_date_rules(void **state)
{
	(void)state;
	struct person p;
	struct person_rules r;
	struct error err = ERROR_INIT;

	/* a target within a year of the activist date: allowed before the
	 * 2014 Detailed Rules, refused after them, naming the rule */
	full_member(&p);
	p.activist = D("1971-06-01");
	assert_string_equal(field_of(&p), "ok");
	full_member(&p);
	p.applied = D("2019-01-02");
	p.activist = D("2019-06-03");
	p.target = D("2020-01-02");
	p.admitted = D("2020-07-01");
	p.full = D("2021-07-01");
	assert_int_equal(person_validate(&p, D("2026-11-25"), NULL, &err), ST_INVALID);
	assert_string_equal(err.code, "dev_cultivation_too_short");
	assert_string_equal(err.rule, "dev.cultivation_years");
	/* nobody admitted before the founding */
	full_member(&p);
	p.applied = p.activist = p.target = DATE_NONE;
	p.admitted = D("1921-06-30");
	p.full = D("1922-06-30");
	p.birth_date = D("1890-01-01");
	p.id_number[0] = '\0';
	error_clear(&err);
	assert_int_equal(person_validate(&p, D("2026-11-25"), NULL, &err), ST_INVALID);
	assert_string_equal(err.code, "dev_before_founding");
	assert_string_equal(err.rule, "dev.founding_date");
	/* the minimum age as passed in */
	full_member(&p);
	p.applied = D("1966-01-01");   /* 16 years old */
	error_clear(&err);
	assert_int_equal(person_validate(&p, D("2026-11-25"), NULL, &err), ST_INVALID);
	assert_string_equal(err.code, "too_young");
	person_rules_default(&r, D("2026-11-25"));
	assert_int_equal(r.min_age, 18);
	r.min_age = 16;
	error_clear(&err);
	assert_int_equal(person_validate(&p, D("2026-11-25"), &r, &err), ST_OK);
}

static void valid_record_normalizes(void **state)
{
	(void)state;
	struct person p;
	full_member(&p);
	snprintf(p.id_number, sizeof(p.id_number), "11010519491231002x");
	assert_string_equal(field_of(&p), "ok");
	assert_string_equal(p.id_number, "11010519491231002X");
	assert_int_equal(p.birth_date, D("1949-12-31"));   /* derived from the ID */
	/* 15-digit form converted */
	full_member(&p);
	snprintf(p.id_number, sizeof(p.id_number), "110105491231002");
	assert_string_equal(field_of(&p), "ok");
	assert_string_equal(p.id_number, "11010519491231002X");
}

static void each_rule_names_its_field(void **state)
{
	(void)state;
	struct person p;
	full_member(&p); p.name[0] = '\0';
	assert_string_equal(field_of(&p), "name");
	full_member(&p); snprintf(p.name, sizeof(p.name), "\xff\xfe");
	assert_string_equal(field_of(&p), "name");
	full_member(&p); p.sex = SEX_MALE;
	assert_string_equal(field_of(&p), "sex");
	full_member(&p); p.birth_date = D("1950-01-01");
	assert_string_equal(field_of(&p), "birth_date");
	full_member(&p); snprintf(p.id_number, sizeof(p.id_number), "110105194912310021");
	assert_string_equal(field_of(&p), "id_number");
	full_member(&p); p.ethnicity = 60;
	assert_string_equal(field_of(&p), "ethnicity");
	full_member(&p); p.education = 99;
	assert_string_equal(field_of(&p), "education");
	full_member(&p); p.occupation = 0;
	assert_string_equal(field_of(&p), "occupation");
	full_member(&p); snprintf(p.phone, sizeof(p.phone), "23812345678");
	assert_string_equal(field_of(&p), "phone");
	full_member(&p); snprintf(p.phone, sizeof(p.phone), "010-12345678");
	assert_string_equal(field_of(&p), "ok");
	full_member(&p); p.org_id = 0;
	assert_string_equal(field_of(&p), "org");
	full_member(&p); p.status = 42;
	assert_string_equal(field_of(&p), "status");
	full_member(&p); p.admitted = DATE_NONE; p.full = DATE_NONE;
	assert_string_equal(field_of(&p), "admitted");
	full_member(&p); p.target = D("1973-01-01");
	assert_string_equal(field_of(&p), "admitted");  /* admitted before target */
	full_member(&p); p.full = D("2027-01-01");
	assert_string_equal(field_of(&p), "full");      /* future */
	full_member(&p); p.applied = D("1966-12-30"); /* 16 years old */
	assert_string_equal(field_of(&p), "applied");
	full_member(&p); p.exited = D("2000-01-01");
	assert_string_equal(field_of(&p), "exited");    /* exit while current */
	full_member(&p); p.status = MS_PROBATIONARY;
	assert_string_equal(field_of(&p), "full");      /* probationary has no full date */
	full_member(&p); p.status = MS_ACTIVIST;
	assert_string_equal(field_of(&p), "admitted");
	full_member(&p); p.status = MS_DECEASED;
	assert_string_equal(field_of(&p), "exited");
	full_member(&p); p.status = MS_DECEASED; p.exited = D("2020-01-01");
	assert_string_equal(field_of(&p), "ok");
	/* no membership at all: a plain person record */
	full_member(&p); p.status = 0; p.org_id = 0; p.applied = p.activist = p.target = DATE_NONE;
	p.admitted = p.full = DATE_NONE;
	assert_string_equal(field_of(&p), "ok");
}

static void status_on_a_date(void **state)
{
	(void)state;
	struct person p;
	full_member(&p);
	assert_int_equal(person_status_on(&p, D("1969-12-31")), 0);
	assert_int_equal(person_status_on(&p, D("1970-01-01")), MS_APPLICANT);
	assert_int_equal(person_status_on(&p, D("1971-06-01")), MS_ACTIVIST);
	assert_int_equal(person_status_on(&p, D("1972-03-01")), MS_TARGET);
	assert_int_equal(person_status_on(&p, D("1972-07-01")), MS_PROBATIONARY);
	assert_int_equal(person_status_on(&p, D("1973-07-01")), MS_FULL);
	p.status = MS_DECEASED;
	p.exited = D("2020-05-05");
	assert_int_equal(person_status_on(&p, D("2020-05-04")), MS_FULL);
	assert_int_equal(person_status_on(&p, D("2020-05-05")), MS_DECEASED);
	p.birth_date = D("1949-12-31");
	assert_int_equal(person_age(&p, D("2019-12-31")), 70);
	assert_int_equal(person_age(&p, D("2019-12-30")), 69);
}

/* Party age counts from the full-membership date, not from admission,
 * and stops at the exit. */
static void party_age(void **state)
{
	(void)state;
	struct person p;
	full_member(&p);   /* admitted 1972-07-01, full 1973-07-01 */
	assert_int_equal(person_party_age(&p, D("1973-06-30")), -1);
	assert_int_equal(person_party_age(&p, D("1973-07-01")), 0);
	assert_int_equal(person_party_age(&p, D("2023-06-30")), 49);
	assert_int_equal(person_party_age(&p, D("2023-07-01")), 50);
	p.exited = D("2000-01-01");
	assert_int_equal(person_party_age(&p, D("2023-07-01")), 26);
	p.exited = DATE_NONE;
	p.full = DATE_NONE;
	assert_int_equal(person_party_age(&p, D("2023-07-01")), -1);
}

static void org_rules(void **state)
{
	(void)state;
	struct org o;
	struct error err = ERROR_INIT;
	int today = D("2026-11-25");

	org_init(&o);
	snprintf(o.code, sizeof(o.code), "B-1.a_2");
	snprintf(o.name, sizeof(o.name), "第一党支部");
	o.kind = ORG_BRANCH;
	o.sector = SECTOR_RURAL;
	o.established = D("2000-01-01");
	assert_int_equal(org_validate(&o, today, &err), ST_OK);
	snprintf(o.code, sizeof(o.code), "B 1");
	assert_int_equal(org_validate(&o, today, &err), ST_INVALID);
	assert_string_equal(err.field, "code");
	snprintf(o.code, sizeof(o.code), "B1");
	snprintf(o.division, sizeof(o.division), "110");
	error_clear(&err);
	assert_int_equal(org_validate(&o, today, &err), ST_INVALID);
	assert_string_equal(err.field, "division");
	o.division[0] = '\0';
	o.kind = ORG_TEMPORARY;
	error_clear(&err);
	assert_int_equal(org_validate(&o, today, &err), ST_INVALID);
	assert_string_equal(err.field, "purpose");
	snprintf(o.purpose, sizeof(o.purpose), "抗洪抢险");
	o.end_date = D("1999-01-01");
	error_clear(&err);
	assert_int_equal(org_validate(&o, today, &err), ST_INVALID);
	assert_string_equal(err.field, "end_date");
	o.end_date = D("2027-01-01");
	assert_int_equal(org_validate(&o, today, NULL), ST_OK);
}

/* n copies of s */
static const char *rep(const char *s, int n)
{
	static char buf[2048];
	size_t len = strlen(s), at = 0;

	for (int i = 0; i < n && at + len < sizeof(buf); i++, at += len)
		memcpy(buf + at, s, len);
	buf[at] = '\0';
	return buf;
}

/* Copies s into dst (size bytes), which must hold it. */
static void copy_str(char *dst, size_t size, const char *s)
{
	size_t n = strlen(s);

	assert_true(n < size);
	memcpy(dst, s, n + 1);
}

/* person_set_text refuses what does not fit, naming the field; p unchanged. */
static void person_text_limits(void **state)
{
	(void)state;
	struct person p;
	struct error err = ERROR_INIT;

	full_member(&p);
	assert_int_equal(person_set_text(&p, PERSON_TEXT_NAME, rep("张", 30), &err), ST_OK);
	assert_string_equal(p.name, rep("张", 30));
	assert_int_equal(person_set_text(&p, PERSON_TEXT_NAME, rep("a", 300), &err), ST_INVALID);
	assert_string_equal(err.field, "name");
	assert_string_equal(err.message, "name is longer than 30 characters");
	assert_string_equal(p.name, rep("张", 30));          /* unchanged */
	error_clear(&err);
	assert_int_equal(person_set_text(&p, PERSON_TEXT_NAME, rep("张", 31), &err), ST_INVALID);
	assert_string_equal(err.message, "name is longer than 30 characters");
	/* 24 four-byte characters: within 30 characters, not within 95 bytes */
	error_clear(&err);
	assert_int_equal(person_set_text(&p, PERSON_TEXT_NAME, rep("\xf0\xa0\x80\x80", 24), &err),
			 ST_INVALID);
	assert_string_equal(err.message, "name is longer than 95 bytes");
	/* surrounding blanks are not part of the value, nor of its length */
	assert_int_equal(person_set_text(&p, PERSON_TEXT_NAME, " \t李四\r\n", NULL), ST_OK);
	assert_string_equal(p.name, "李四");
	char padded[64];
	copy_str(padded, sizeof(padded), "  ");
	copy_str(padded + 2, sizeof(padded) - 2, rep("a", 30));
	copy_str(padded + 32, sizeof(padded) - 32, "  ");
	assert_int_equal(person_set_text(&p, PERSON_TEXT_NAME, padded, NULL), ST_OK);
	assert_string_equal(p.name, rep("a", 30));

	error_clear(&err);
	assert_int_equal(person_set_text(&p, PERSON_TEXT_ADDRESS, rep("a", 256), &err), ST_INVALID);
	assert_string_equal(err.field, "address");
	assert_string_equal(err.message, "address is longer than 255 bytes");
	assert_int_equal(person_set_text(&p, PERSON_TEXT_ADDRESS, rep("a", 255), NULL), ST_OK);
	assert_int_equal(strlen(p.address), 255);
	error_clear(&err);
	assert_int_equal(person_set_text(&p, PERSON_TEXT_ADDRESS, "\xff", &err), ST_INVALID);
	assert_string_equal(err.message, "address is not valid UTF-8 text");

	error_clear(&err);
	assert_int_equal(person_set_text(&p, PERSON_TEXT_ID_NUMBER, "11010519491231002X1", &err),
			 ST_INVALID);
	assert_string_equal(err.field, "id_number");
	assert_string_equal(err.message, "id_number is longer than 18 bytes");
	assert_string_equal(p.id_number, "11010519491231002X");
	error_clear(&err);
	assert_int_equal(person_set_text(&p, PERSON_TEXT_PHONE, rep("1", 24), &err), ST_INVALID);
	assert_string_equal(err.message, "phone is longer than 23 bytes");
	assert_int_equal(person_set_text(&p, PERSON_TEXT_PHONE, "13812345678", NULL), ST_OK);
	assert_string_equal(p.phone, "13812345678");
	assert_int_equal(person_set_text(&p, PERSON_TEXT_PHONE, NULL, NULL), ST_OK);
	assert_string_equal(p.phone, "");
	assert_string_equal(person_text_name(PERSON_TEXT_ID_NUMBER), "id_number");

	/* person_validate applies the same limits, with the same words */
	full_member(&p);
	copy_str(p.name, sizeof(p.name), rep("a", 31));
	error_clear(&err);
	assert_int_equal(person_validate(&p, D("2026-11-25"), NULL, &err), ST_INVALID);
	assert_string_equal(err.message, "name is longer than 30 characters");
}

static void org_text_limits(void **state)
{
	(void)state;
	struct org o;
	struct error err = ERROR_INIT;

	org_init(&o);
	assert_int_equal(org_set_text(&o, ORG_TEXT_CODE, rep("C", 39), &err), ST_OK);
	assert_int_equal(org_set_text(&o, ORG_TEXT_CODE, rep("C", 40), &err), ST_INVALID);
	assert_string_equal(err.field, "code");
	assert_string_equal(err.message, "code is longer than 39 characters");
	assert_string_equal(o.code, rep("C", 39));
	error_clear(&err);
	assert_int_equal(org_set_text(&o, ORG_TEXT_NAME, rep("党", 80), &err), ST_OK);
	assert_int_equal(org_set_text(&o, ORG_TEXT_NAME, rep("党", 81), &err), ST_INVALID);
	assert_string_equal(err.field, "name");
	assert_string_equal(err.message, "name is longer than 80 characters");
	error_clear(&err);
	assert_int_equal(org_set_text(&o, ORG_TEXT_DIVISION, rep("1", 13), &err), ST_INVALID);
	assert_string_equal(err.field, "division");
	assert_string_equal(err.message, "division is longer than 12 bytes");
	error_clear(&err);
	assert_int_equal(org_set_text(&o, ORG_TEXT_PURPOSE, rep("a", 256), &err), ST_INVALID);
	assert_string_equal(err.field, "purpose");
	assert_string_equal(err.message, "purpose is longer than 255 bytes");
	assert_string_equal(o.purpose, "");
	error_clear(&err);
	assert_int_equal(org_set_text(&o, ORG_TEXT_LABEL, "\xc3", &err), ST_INVALID);
	assert_string_equal(err.field, "label");
	assert_string_equal(err.message, "label is not valid UTF-8 text");
	assert_int_equal(org_set_text(&o, ORG_TEXT_LABEL, "3号楼", NULL), ST_OK);
	assert_string_equal(o.label, "3号楼");
	assert_int_equal(org_set_text(&o, ORG_TEXT_LABEL, NULL, NULL), ST_OK);
	assert_string_equal(o.label, "");
	assert_string_equal(org_text_name(ORG_TEXT_DIVISION), "division");

	/* org_validate applies the same limits, with the same words */
	snprintf(o.code, sizeof(o.code), "B1");
	copy_str(o.name, sizeof(o.name), rep("党", 81));
	o.kind = ORG_BRANCH;
	o.sector = SECTOR_RURAL;
	o.established = D("2000-01-01");
	error_clear(&err);
	assert_int_equal(org_validate(&o, D("2026-11-25"), &err), ST_INVALID);
	assert_string_equal(err.message, "name is longer than 80 characters");
	snprintf(o.name, sizeof(o.name), "支部");
	snprintf(o.label, sizeof(o.label), "\xc3");
	error_clear(&err);
	assert_int_equal(org_validate(&o, D("2026-11-25"), &err), ST_INVALID);
	assert_string_equal(err.field, "label");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_record_normalizes),
		cmocka_unit_test(key_date_rules),
		cmocka_unit_test(each_rule_names_its_field),
		cmocka_unit_test(status_on_a_date),
		cmocka_unit_test(party_age),
		cmocka_unit_test(org_rules),
		cmocka_unit_test(person_text_limits),
		cmocka_unit_test(org_text_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
