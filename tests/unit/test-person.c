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
	if (person_validate(p, D("2026-11-25"), &err) == ST_OK)
		return "ok";
	return err.field;
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
	assert_int_equal(org_default_term_years(ORG_BRANCH), 3);
	assert_int_equal(org_default_term_years(ORG_COMMITTEE), 5);
	assert_int_equal(org_default_term_years(ORG_GENERAL_BRANCH), 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_record_normalizes),
		cmocka_unit_test(each_rule_names_its_field),
		cmocka_unit_test(status_on_a_date),
		cmocka_unit_test(org_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
