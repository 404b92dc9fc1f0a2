/*
 * test-member-exit.c - the end of a membership and corrections at the
 * level of the business operations (ops/member-ops.c), below the CLI's and
 * the API's own refusals: member_update refuses every change of the status
 * or a key date; member_end records the act with its status, exit date and
 * event; member_correct reinstates (exit date cleared, event dated today,
 * reason kept) and refuses an ended status. Not for: the CLI or HTTP
 * wording (tests/e2e/t0870, t0871).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/date.h"
#include "model/codes.h"
#include "model/org.h"
#include "ops/member-ops.h"
#include "ops/org-ops.h"
#include "store/db.h"
#include "store/event-store.h"
#include "store/person-store.h"
#include "fixture.h"

static struct db *db;
static char path[FIXTURE_PATH_SIZE];
static long long top, branch, other;

static long long add_member(const char *name, int day)
{
	struct person p;

	person_init(&p);
	snprintf(p.name, sizeof(p.name), "%s", name);
	p.sex = SEX_MALE;
	p.birth_date = date_from_ymd(1950, 1, day);
	p.ethnicity = 1;
	p.education = 21;
	p.occupation = code_by_key(&code_occupation, "workers")->code;
	p.org_id = branch;
	p.status = MS_FULL;
	p.admitted = date_from_ymd(1975, 1, 1);
	p.full = date_from_ymd(1976, 1, 1);
	if (member_create(db, &p, "test", NULL, NULL))
		return 0;
	return p.id;
}

static int setup(void **state)
{
	(void)state;
	if (fixture_open("test-member-exit", path, &db))
		return -1;
	top = fixture_org(db, "T", ORG_COMMITTEE, 0);
	branch = fixture_org(db, "B", ORG_BRANCH, top);
	other = fixture_org(db, "O", ORG_COMMITTEE, 0);
	return top && branch && other ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	fixture_close(db, path);
	return 0;
}

/* An edit changes neither the status nor any key date. */
static void edit_refuses_membership_fields(void **state)
{
	static const char *const fields[] = {
		"status", "applied", "activist", "target", "admitted", "full", "exited",
	};
	long long id = add_member("甲", 1);
	struct person p;

	(void)state;
	assert_true(id > 0);
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		struct error err = ERROR_INIT;
		assert_int_equal(person_store_get(db, id, &p, NULL), ST_OK);
		switch (i) {
		case 0: p.status = MS_PROBATIONARY; p.full = DATE_NONE; break;
		case 1: p.applied = date_from_ymd(1974, 1, 1); break;
		case 2: p.activist = date_from_ymd(1974, 2, 1); break;
		case 3: p.target = date_from_ymd(1974, 3, 1); break;
		case 4: p.admitted = date_from_ymd(1975, 2, 1); break;
		case 5: p.full = date_from_ymd(1976, 2, 1); break;
		case 6: p.exited = date_from_ymd(2020, 1, 1); break;
		}
		assert_int_equal(member_update(db, &p, "test", NULL, &err), ST_INVALID);
		assert_string_equal(err.field, fields[i]);
		assert_non_null(strstr(err.message, "member correct"));
	}
	assert_int_equal(person_store_get(db, id, &p, NULL), ST_OK);
	assert_int_equal(p.status, MS_FULL);
	assert_int_equal(p.exited, DATE_NONE);
	/* other fields still change */
	snprintf(p.name, sizeof(p.name), "甲改");
	assert_int_equal(member_update(db, &p, "test", NULL, NULL), ST_OK);
}

struct found {
	int n, date;
	char detail[1024];
};

static int find_kind(const struct event *ev, void *ctx)
{
	struct found *f = ctx;

	if (!strcmp(ev->kind, f->detail)) {
		f->n++;
		f->date = ev->date;
	}
	return 0;
}

static struct found events_of(long long id, const char *kind)
{
	struct found f = { 0, DATE_NONE, "" };

	snprintf(f.detail, sizeof(f.detail), "%s", kind);
	assert_int_equal(event_store_list(db, EVENT_PERSON, id, find_kind, &f, NULL), ST_OK);
	return f;
}

static void end_then_reinstate(void **state)
{
	long long id = add_member("乙", 2);
	struct member_end e = { MEMBER_END_EXPULSION, 0, "纪〔2025〕3号", 0 };
	struct error err = ERROR_INIT;
	struct member_fix fix = { "status", "full" };
	struct person p;

	(void)state;
	e.date = date_from_ymd(2025, 3, 1);
	e.by_org_id = other;
	assert_int_equal(member_end(db, id, &e, "test", &err), ST_INVALID);
	assert_string_equal(err.field, "by");
	e.by_org_id = top;
	error_clear(&err);
	assert_int_equal(member_end(db, id, &e, "test", &err), ST_OK);
	assert_int_equal(person_store_get(db, id, &p, NULL), ST_OK);
	assert_int_equal(p.status, MS_EXPELLED);
	assert_int_equal(p.exited, e.date);
	struct found f = events_of(id, "ended");
	assert_int_equal(f.n, 1);
	assert_int_equal(f.date, e.date);
	/* no second ending */
	error_clear(&err);
	assert_int_equal(member_end(db, id, &e, "test", &err), ST_CONFLICT);
	assert_string_equal(err.field, "status");
	/* a correction needs a reason, and never sets an ended status */
	error_clear(&err);
	assert_int_equal(member_correct(db, id, &fix, 1, "", NULL, "test", NULL, &err),
			 ST_INVALID);
	assert_string_equal(err.field, "reason");
	struct member_fix dead = { "status", "deceased" };
	error_clear(&err);
	assert_int_equal(member_correct(db, id, &dead, 1, "r", NULL, "test", NULL, &err),
			 ST_INVALID);
	assert_string_equal(err.field, "value");
	/* the reinstatement */
	assert_int_equal(member_correct(db, id, &fix, 1, "处分撤销", NULL, "test", &p, NULL),
			 ST_OK);
	assert_int_equal(p.status, MS_FULL);
	assert_int_equal(p.exited, DATE_NONE);
	assert_int_equal(person_store_get(db, id, &p, NULL), ST_OK);
	assert_int_equal(p.status, MS_FULL);
	f = events_of(id, "correction");
	assert_int_equal(f.n, 1);
	assert_int_equal(f.date, date_today());
	assert_true(f.date >= e.date);
}

static void end_kinds(void **state)
{
	(void)state;
	assert_int_equal(member_end_kind_parse("withdrawal"), MEMBER_END_WITHDRAWAL);
	assert_int_equal(member_end_kind_parse("removal"), MEMBER_END_REMOVAL);
	assert_int_equal(member_end_kind_parse("expulsion"), MEMBER_END_EXPULSION);
	assert_int_equal(member_end_kind_parse("death"), MEMBER_END_DEATH);
	assert_int_equal(member_end_kind_parse("resignation"), 0);
	assert_int_equal(member_end_kind_parse(NULL), 0);
	assert_string_equal(member_end_kind_key(MEMBER_END_REMOVAL), "removal");
	assert_null(member_end_kind_key(0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(edit_refuses_membership_fields),
		cmocka_unit_test(end_then_reinstate),
		cmocka_unit_test(end_kinds),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
