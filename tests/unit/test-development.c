/*
 * test-development.c - the pure model of the development procedure
 * (model/development.c): order, eligibility with the rule named, late
 * steps, and what the steps do to the record; the rules are the shipped
 * defaults of model/rules.c, read here as ops/development-ops.c reads the
 * catalogue.
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
#include "model/calendar.h"
#include "model/codes.h"
#include "model/development.h"
#include "model/rules.h"

static int D(const char *s)
{
	int d;

	assert_int_equal(date_parse(s, &d), ST_OK);
	return d;
}

/* The shipped defaults in force on day. */
static void defaults(struct dev_rules *r, int day)
{
	for (size_t i = 0; i < nr_dev_rule_keys; i++) {
		struct dev_rule *d = dev_rules_at(r, i);
		const struct rule_def *def = rules_default(dev_rule_keys[i], day);
		if (!def && !strcmp(dev_rule_keys[i], RULE_DEV_FOUNDING_DATE))
			def = rules_find(dev_rule_keys[i]);   /* a fixed day */
		int v;
		d->key = dev_rule_keys[i];
		d->value = 0;
		d->in_force = 0;
		d->source = def ? def->source : "";
		if (def && !strcmp(def->unit, "date") && !date_parse(def->value, &v)) {
			d->value = v;
			d->in_force = 1;
		} else if (def) {
			d->value = rules_number(def->unit, def->value);
			d->in_force = d->value >= 0;
		}
	}
}

struct fixture {
	struct person p;
	struct dev_record h[DEV_NR_STEPS];
	size_t n;
	struct dev_facts f;
};

static void start(struct fixture *x)
{
	memset(x, 0, sizeof(*x));
	person_init(&x->p);
	x->p.id = 7;
	x->p.birth_date = D("1990-03-03");
	x->p.org_id = 1;
	x->f.today = D("2026-12-01");
	x->f.workdays = -1;
}

/* Tries step s on date with fields "k=v" pairs; the status; records it when accepted. */
static int try_step(struct fixture *x, int s, const char *date, struct error *err, ...)
{
	struct dev_rules r;
	struct dev_record rec;
	va_list ap;
	const char *kv;
	int rc;

	memset(&rec, 0, sizeof(rec));
	rec.step = s;
	rec.date = D(date);
	va_start(ap, err);
	while ((kv = va_arg(ap, const char *))) {
		char key[32];
		const char *eq = strchr(kv, '=');
		memcpy(key, kv, (size_t)(eq - kv));
		key[eq - kv] = '\0';
		assert_int_equal(dev_field_add(&rec, key, eq + 1, NULL), ST_OK);
	}
	va_end(ap);
	defaults(&r, rec.date);
	error_clear(err);
	rc = dev_check(&r, &x->p, x->h, x->n, &rec, &x->f, err);
	if (!rc) {
		dev_apply(&r, &x->p, x->h, x->n, &rec);
		x->h[x->n++] = rec;
	}
	return rc;
}

static void full_people(struct fixture *x)
{
	x->f.nr_people = 2;
	x->f.people[0] = 11;
	x->f.people[1] = 12;
	x->f.people_full[0] = x->f.people_full[1] = 1;
}

/* Up to the target stage done: application 2024-01-08 ... target 2025-02-03. */
static void to_target(struct fixture *x, struct error *e)
{
	assert_int_equal(try_step(x, DEV_APPLICATION, "2024-01-08", e, NULL), ST_OK);
	assert_int_equal(x->p.status, MS_APPLICANT);
	assert_int_equal(try_step(x, DEV_TALK, "2024-01-22", e, NULL), ST_OK);
	assert_int_equal(x->h[1].late, 0);
	full_people(x);
	assert_int_equal(try_step(x, DEV_ACTIVIST, "2024-02-05", e,
				  "recommending_body=group", "contacts=11,12", NULL), ST_OK);
	assert_int_equal(x->p.status, MS_ACTIVIST);
	assert_int_equal(try_step(x, DEV_TARGET, "2025-02-05", e, NULL), ST_OK);
	assert_int_equal(x->p.status, MS_TARGET);
}

static void test_order_and_age(void **state)
{
	struct fixture x;
	struct error e = ERROR_INIT;

	(void)state;
	start(&x);
	/* a talk before an application */
	assert_int_not_equal(try_step(&x, DEV_TALK, "2024-01-22", &e, NULL), ST_OK);
	assert_string_equal(e.code, "dev_step_not_eligible");
	/* too young on the day of the application */
	x.p.birth_date = D("2006-06-01");
	assert_int_equal(try_step(&x, DEV_APPLICATION, "2024-01-08", &e, NULL), ST_INVALID);
	assert_string_equal(e.code, "dev_too_young");
	assert_string_equal(e.rule, RULE_DEV_MIN_AGE);
	assert_true(e.source[0] != '\0');
	assert_int_equal(try_step(&x, DEV_APPLICATION, "2024-06-01", &e, NULL), ST_OK);
	/* a second application */
	assert_int_equal(try_step(&x, DEV_APPLICATION, "2024-06-02", &e, NULL), ST_CONFLICT);
	assert_string_equal(e.code, "dev_step_recorded");
	/* before the founding of the Party */
	start(&x);
	x.p.birth_date = D("1890-01-01");
	assert_int_equal(try_step(&x, DEV_APPLICATION, "1920-01-01", &e, NULL), ST_INVALID);
	assert_string_equal(e.rule, RULE_DEV_FOUNDING_DATE);
}

static void test_late_talk(void **state)
{
	struct fixture x;
	struct error e = ERROR_INIT;

	(void)state;
	start(&x);
	assert_int_equal(try_step(&x, DEV_APPLICATION, "2024-01-08", &e, NULL), ST_OK);
	assert_int_equal(try_step(&x, DEV_TALK, "2024-02-09", &e, NULL), ST_OK);
	assert_int_equal(x.h[1].late, 1);
}

static void test_cultivation_and_people(void **state)
{
	struct fixture x;
	struct error e = ERROR_INIT;

	(void)state;
	start(&x);
	assert_int_equal(try_step(&x, DEV_APPLICATION, "2024-01-08", &e, NULL), ST_OK);
	assert_int_equal(try_step(&x, DEV_TALK, "2024-01-22", &e, NULL), ST_OK);
	/* a contact who is not a full member */
	full_people(&x);
	x.f.people_full[1] = 0;
	assert_int_equal(try_step(&x, DEV_ACTIVIST, "2024-02-05", &e,
				  "recommending_body=group", "contacts=11,12", NULL), ST_INVALID);
	assert_string_equal(e.code, "dev_contact_not_full");
	assert_string_equal(e.rule, RULE_DEV_CONTACTS);
	x.f.people_full[1] = 1;
	assert_int_equal(try_step(&x, DEV_ACTIVIST, "2024-02-05", &e,
				  "recommending_body=group", "contacts=11,12", NULL), ST_OK);
	assert_int_equal(try_step(&x, DEV_TARGET, "2025-02-04", &e, NULL), ST_INVALID);
	assert_string_equal(e.code, "dev_cultivation_too_short");
	assert_string_equal(e.rule, RULE_DEV_CULTIVATION_YEARS);
	assert_int_equal(try_step(&x, DEV_TARGET, "2025-02-05", &e, NULL), ST_OK);
	/* one sponsor only, then a sponsor who is not a full member */
	assert_int_equal(try_step(&x, DEV_SPONSORS, "2025-03-03", &e, "sponsors=11", NULL),
			 ST_INVALID);
	assert_string_equal(e.code, "dev_sponsors_count");
	assert_string_equal(e.rule, RULE_DEV_SPONSORS);
	x.f.people_full[0] = 0;
	assert_int_equal(try_step(&x, DEV_SPONSORS, "2025-03-03", &e, "sponsors=11,12", NULL),
			 ST_INVALID);
	assert_string_equal(e.code, "dev_sponsor_not_full");
	x.f.people_full[0] = 1;
	assert_int_equal(try_step(&x, DEV_SPONSORS, "2025-03-03", &e, "sponsors=11,12", NULL),
			 ST_OK);
	/* training too short, then long enough in class hours */
	assert_int_equal(try_step(&x, DEV_TRAINING, "2025-03-10", &e, "days=2", NULL), ST_INVALID);
	assert_string_equal(e.rule, RULE_DEV_TRAINING_DAYS);
	assert_int_equal(try_step(&x, DEV_TRAINING, "2025-03-10", &e, "hours=24", NULL), ST_OK);
}

static void test_vote_and_approval(void **state)
{
	struct fixture x;
	struct error e = ERROR_INIT;

	(void)state;
	start(&x);
	to_target(&x, &e);
	x.f.people_full[0] = x.f.people_full[1] = 1;
	assert_int_equal(try_step(&x, DEV_SPONSORS, "2025-03-03", &e, "sponsors=11,12", NULL), 0);
	/* pre-review before the political review */
	assert_int_equal(try_step(&x, DEV_PRE_REVIEW, "2025-03-20", &e, "committee=c", NULL),
			 ST_CONFLICT);
	assert_string_equal(e.code, "dev_step_not_eligible");
	assert_int_equal(try_step(&x, DEV_POLITICAL_REVIEW, "2025-03-04", &e, NULL), 0);
	assert_int_equal(try_step(&x, DEV_TRAINING, "2025-03-10", &e, "days=3", NULL), 0);
	assert_int_equal(try_step(&x, DEV_PRE_REVIEW, "2025-03-20", &e, "committee=c", NULL), 0);
	x.f.workdays = 4;
	assert_int_equal(try_step(&x, DEV_PUBLICITY, "2025-04-07", &e, "to=2025-04-10", NULL),
			 ST_INVALID);
	assert_string_equal(e.code, "dev_publicity_short");
	assert_string_equal(e.rule, RULE_DEV_PUBLICITY_WORKDAYS);
	x.f.workdays = 5;
	assert_int_equal(try_step(&x, DEV_PUBLICITY, "2025-04-07", &e, "to=2025-04-11", NULL), 0);
	/* a vote on the last day of the publicity */
	assert_int_equal(try_step(&x, DEV_BRANCH_VOTE, "2025-04-11", &e, "members=10",
				  "present=8", "in_favour=8", NULL), ST_INVALID);
	assert_string_equal(e.code, "dev_vote_before_publicity");
	assert_int_equal(try_step(&x, DEV_BRANCH_VOTE, "2025-04-14", &e, "members=10",
				  "present=5", "in_favour=5", NULL), ST_INVALID);
	assert_string_equal(e.code, "dev_no_quorum");
	assert_string_equal(e.rule, RULE_DEV_QUORUM_PERMILLE);
	assert_int_equal(try_step(&x, DEV_BRANCH_VOTE, "2025-04-14", &e, "members=10",
				  "present=8", "in_favour=5", NULL), ST_INVALID);
	assert_string_equal(e.code, "dev_no_majority");
	assert_string_equal(e.rule, RULE_DEV_MAJORITY_PERMILLE);
	assert_int_equal(try_step(&x, DEV_BRANCH_VOTE, "2025-04-14", &e, "members=10",
				  "present=8", "in_favour=6", NULL), 0);
	/* approval after three months: late; the admission date is the vote's */
	assert_int_equal(try_step(&x, DEV_APPROVAL, "2025-07-15", &e, "committee=c", NULL), 0);
	assert_int_equal(x.h[x.n - 1].late, 1);
	assert_int_equal(x.p.status, MS_PROBATIONARY);
	assert_int_equal(x.p.admitted, D("2025-04-14"));
	assert_int_equal(try_step(&x, DEV_OATH, "2025-07-20", &e, NULL), 0);
	/* conversion before the probation ended, extension rules */
	assert_int_equal(try_step(&x, DEV_CONVERSION_VOTE, "2026-04-13", &e, "members=10",
				  "present=8", "in_favour=8", NULL), ST_INVALID);
	assert_string_equal(e.rule, RULE_PROBATION_YEARS);
	assert_int_equal(try_step(&x, DEV_PROBATION_EXTENSION, "2026-04-14", &e, "months=5",
				  NULL), ST_INVALID);
	assert_string_equal(e.rule, RULE_DEV_EXTENSION_MIN_MONTHS);
	assert_int_equal(try_step(&x, DEV_PROBATION_EXTENSION, "2026-04-14", &e, "months=13",
				  NULL), ST_INVALID);
	assert_string_equal(e.rule, RULE_DEV_EXTENSION_MAX_MONTHS);
	assert_int_equal(try_step(&x, DEV_PROBATION_EXTENSION, "2026-04-14", &e, "months=6",
				  NULL), 0);
	assert_int_equal(try_step(&x, DEV_PROBATION_EXTENSION, "2026-04-15", &e, "months=6",
				  NULL), ST_INVALID);
	assert_string_equal(e.code, "dev_extension_twice");
	assert_int_equal(try_step(&x, DEV_CONVERSION_VOTE, "2026-10-13", &e, "members=10",
				  "present=8", "in_favour=8", NULL), ST_INVALID);
	assert_int_equal(try_step(&x, DEV_CONVERSION_VOTE, "2026-10-14", &e, "members=10",
				  "present=8", "in_favour=8", NULL), 0);
	assert_int_equal(try_step(&x, DEV_CONVERSION_APPROVAL, "2026-11-02", &e,
				  "committee=c", NULL), 0);
	assert_int_equal(x.h[x.n - 1].late, 0);
	assert_int_equal(x.p.status, MS_FULL);
	assert_int_equal(x.p.full, D("2026-10-14"));
	/* nothing after the conversion but what follows it */
	assert_int_equal(try_step(&x, DEV_PROBATION_CANCELLED, "2026-11-03", &e, NULL),
			 ST_CONFLICT);
	assert_string_equal(e.code, "dev_step_out_of_order");
}

static void test_next_steps(void **state)
{
	struct fixture x;
	struct error e = ERROR_INIT;
	int next[DEV_NR_STEPS], n;

	(void)state;
	start(&x);
	n = dev_next_steps(&x.p, x.h, x.n, next);
	assert_int_equal(n, 1);
	assert_int_equal(next[0], DEV_APPLICATION);
	to_target(&x, &e);
	n = dev_next_steps(&x.p, x.h, x.n, next);
	assert_int_equal(n, 3);   /* sponsors, political review, training */
	/* a record kept with key dates only: the target stage implied */
	start(&x);
	x.p.status = MS_TARGET;
	x.p.applied = D("2020-01-01");
	x.p.activist = D("2020-03-01");
	x.p.target = D("2021-04-01");
	n = dev_next_steps(&x.p, x.h, x.n, next);
	assert_int_equal(n, 3);
	assert_int_equal(try_step(&x, DEV_ACTIVIST, "2021-05-01", &e, NULL), ST_CONFLICT);
}

/* ---- the next step due (dev_next_due) ----------------------------------- */

static struct calendar_year cal_years[3];

static struct dev_calendar cal_of(int first, int nr)
{
	struct dev_calendar c = { cal_years, (size_t)nr };

	for (int i = 0; i < nr; i++)
		calendar_year_init(&cal_years[i], first + i);
	return c;
}

static struct dev_due due_of(struct fixture *x, const char *as_of, const struct dev_calendar *c)
{
	static struct dev_rules r;   /* d.rule points into it */
	struct dev_due d;

	defaults(&r, D(as_of));
	int in = dev_next_due(&r, &x->p, x->h, x->n, D(as_of), c, &d);
	assert_int_equal(in, d.step != 0);
	return d;
}

static void assert_due(struct dev_due d, int step, int kind, const char *date, const char *rule,
		       int overdue)
{
	assert_int_equal(d.step, step);
	assert_int_equal(d.kind, kind);
	if (date)
		assert_int_equal(d.date, D(date));
	else
		assert_int_equal(d.date, DATE_NONE);
	if (rule) {
		assert_non_null(d.rule);
		assert_string_equal(d.rule->key, rule);
		assert_true(d.rule->source[0] != '\0');
	} else {
		assert_null(d.rule);
	}
	assert_int_equal(d.overdue, overdue);
}

/* Each stage: what comes next, by when, and overdue after the day. */
static void test_next_due_stages(void **state)
{
	struct dev_calendar c = cal_of(2024, 3);
	struct fixture x;
	struct error e = ERROR_INIT;

	(void)state;
	start(&x);
	/* nobody in the pipeline yet */
	struct dev_due d = due_of(&x, "2024-01-01", &c);
	assert_int_equal(d.step, 0);
	assert_int_equal(try_step(&x, DEV_APPLICATION, "2024-01-08", &e, NULL), ST_OK);
	/* the talk within a month of the application: due on 2024-02-08 */
	assert_due(due_of(&x, "2024-01-20", &c), DEV_TALK, DEV_DUE_BY, "2024-02-08",
		   RULE_DEV_TALK_MONTHS, 0);
	assert_due(due_of(&x, "2024-02-08", &c), DEV_TALK, DEV_DUE_BY, "2024-02-08",
		   RULE_DEV_TALK_MONTHS, 0);
	assert_due(due_of(&x, "2024-02-09", &c), DEV_TALK, DEV_DUE_BY, "2024-02-08",
		   RULE_DEV_TALK_MONTHS, 1);
	/* before the application day: not yet in the pipeline */
	assert_int_equal(due_of(&x, "2024-01-07", &c).step, 0);
	assert_int_equal(try_step(&x, DEV_TALK, "2024-01-22", &e, NULL), ST_OK);
	/* after the talk, the activist: no rule sets a day */
	assert_due(due_of(&x, "2024-01-23", &c), DEV_ACTIVIST, DEV_DUE_NONE, NULL, NULL, 0);
	/* as of a day before the talk, the talk is still what comes next */
	assert_due(due_of(&x, "2024-01-21", &c), DEV_TALK, DEV_DUE_BY, "2024-02-08",
		   RULE_DEV_TALK_MONTHS, 0);
	full_people(&x);
	assert_int_equal(try_step(&x, DEV_ACTIVIST, "2024-02-05", &e,
				  "recommending_body=group", "contacts=11,12", NULL), ST_OK);
	/* the target from a year after the activist; never overdue */
	assert_due(due_of(&x, "2024-06-01", &c), DEV_TARGET, DEV_DUE_FROM, "2025-02-05",
		   RULE_DEV_CULTIVATION_YEARS, 0);
	assert_due(due_of(&x, "2026-06-01", &c), DEV_TARGET, DEV_DUE_FROM, "2025-02-05",
		   RULE_DEV_CULTIVATION_YEARS, 0);
	assert_int_equal(try_step(&x, DEV_TARGET, "2025-02-05", &e, NULL), ST_OK);
	/* the target stage: the sponsors first, no day */
	assert_due(due_of(&x, "2025-02-06", &c), DEV_SPONSORS, DEV_DUE_NONE, NULL, NULL, 0);
	assert_int_equal(try_step(&x, DEV_SPONSORS, "2025-03-03", &e, "sponsors=11,12", NULL), 0);
	assert_due(due_of(&x, "2025-03-04", &c), DEV_POLITICAL_REVIEW, DEV_DUE_NONE, NULL, NULL, 0);
	assert_int_equal(try_step(&x, DEV_POLITICAL_REVIEW, "2025-03-04", &e, NULL), 0);
	assert_int_equal(try_step(&x, DEV_TRAINING, "2025-03-10", &e, "days=3", NULL), 0);
	assert_due(due_of(&x, "2025-03-11", &c), DEV_PRE_REVIEW, DEV_DUE_NONE, NULL, NULL, 0);
	assert_int_equal(try_step(&x, DEV_PRE_REVIEW, "2025-03-20", &e, "committee=c", NULL), 0);
	assert_due(due_of(&x, "2025-03-21", &c), DEV_PUBLICITY, DEV_DUE_NONE, NULL, NULL, 0);
	x.f.workdays = 5;
	assert_int_equal(try_step(&x, DEV_PUBLICITY, "2025-04-07", &e, "to=2025-04-11", NULL), 0);
	/* the vote after five working days of publicity (Mon 7 .. Fri 11 April) */
	assert_due(due_of(&x, "2025-04-08", &c), DEV_BRANCH_VOTE, DEV_DUE_FROM, "2025-04-12",
		   RULE_DEV_PUBLICITY_WORKDAYS, 0);
	assert_int_equal(try_step(&x, DEV_BRANCH_VOTE, "2025-04-14", &e, "members=10",
				  "present=8", "in_favour=6", NULL), 0);
	/* the approval within three months of the vote */
	assert_due(due_of(&x, "2025-07-14", &c), DEV_APPROVAL, DEV_DUE_BY, "2025-07-14",
		   RULE_DEV_APPROVAL_MONTHS, 0);
	assert_due(due_of(&x, "2025-07-15", &c), DEV_APPROVAL, DEV_DUE_BY, "2025-07-14",
		   RULE_DEV_APPROVAL_MONTHS, 1);
	assert_int_equal(try_step(&x, DEV_APPROVAL, "2025-05-06", &e, "committee=c", NULL), 0);
	assert_due(due_of(&x, "2025-05-07", &c), DEV_OATH, DEV_DUE_NONE, NULL, NULL, 0);
	assert_int_equal(try_step(&x, DEV_OATH, "2025-05-10", &e, NULL), 0);
	/* the conversion vote on the day the probation ends, a year after the vote */
	assert_due(due_of(&x, "2026-04-14", &c), DEV_CONVERSION_VOTE, DEV_DUE_ON, "2026-04-14",
		   RULE_PROBATION_YEARS, 0);
	assert_due(due_of(&x, "2026-04-15", &c), DEV_CONVERSION_VOTE, DEV_DUE_ON, "2026-04-14",
		   RULE_PROBATION_YEARS, 1);
	/* an extension of six months moves it */
	assert_int_equal(try_step(&x, DEV_PROBATION_EXTENSION, "2026-04-14", &e, "months=6",
				  NULL), 0);
	assert_due(due_of(&x, "2026-04-15", &c), DEV_CONVERSION_VOTE, DEV_DUE_ON, "2026-10-14",
		   RULE_PROBATION_YEARS, 0);
	assert_int_equal(try_step(&x, DEV_CONVERSION_VOTE, "2026-10-14", &e, "members=10",
				  "present=8", "in_favour=8", NULL), 0);
	/* the conversion approval within three months of the conversion vote */
	assert_due(due_of(&x, "2026-10-15", &c), DEV_CONVERSION_APPROVAL, DEV_DUE_BY, "2027-01-14",
		   RULE_DEV_CONVERSION_APPROVAL_MONTHS, 0);
	assert_int_equal(try_step(&x, DEV_CONVERSION_APPROVAL, "2026-11-02", &e,
				  "committee=c", NULL), 0);
	/* a full member has left the pipeline */
	assert_int_equal(due_of(&x, "2026-11-03", &c).step, 0);
	/* the conversion dates back to the end of the probation: as of a day
	 * after it the record reads full, out of the pipeline */
	assert_int_equal(due_of(&x, "2026-11-01", &c).step, 0);
}

/* Up to a publicity from `from` to `to` (working days checked by the caller). */
static void to_publicity(struct fixture *x, const char *from, const char *to)
{
	struct error e = ERROR_INIT;
	char field[16];

	start(x);
	x->f.today = D("2026-12-31");
	to_target(x, &e);
	assert_int_equal(try_step(x, DEV_SPONSORS, "2025-03-03", &e, "sponsors=11,12", NULL), 0);
	assert_int_equal(try_step(x, DEV_POLITICAL_REVIEW, "2025-03-04", &e, NULL), 0);
	assert_int_equal(try_step(x, DEV_TRAINING, "2025-03-10", &e, "days=3", NULL), 0);
	assert_int_equal(try_step(x, DEV_PRE_REVIEW, "2025-03-20", &e, "committee=c", NULL), 0);
	x->f.workdays = 5;
	snprintf(field, sizeof(field), "to=%s", to);
	assert_int_equal(try_step(x, DEV_PUBLICITY, from, &e, field, NULL), 0);
}

/* The vote's day counts working days across holidays and adjusted working
 * days of the State Council's notices, and across a year's end. */
static void test_next_due_workdays(void **state)
{
	struct dev_calendar c = cal_of(2024, 3), only2025 = { &cal_years[1], 1 };
	struct fixture x;

	(void)state;
	/* Dragon Boat Festival 2025 (31 May - 2 June): from Tue 27 May the
	 * 5th working day is Tue 3 June, not Mon 2 June */
	to_publicity(&x, "2025-05-27", "2025-05-30");
	assert_due(due_of(&x, "2025-05-28", &c), DEV_BRANCH_VOTE, DEV_DUE_FROM, "2025-06-04",
		   RULE_DEV_PUBLICITY_WORKDAYS, 0);
	/* National Day 2025 (1-8 October, Sunday 28 September worked): from
	 * Fri 26 September: 26, 28, 29, 30 September, 9 October */
	to_publicity(&x, "2025-09-26", "2025-09-30");
	assert_due(due_of(&x, "2025-09-27", &c), DEV_BRANCH_VOTE, DEV_DUE_FROM, "2025-10-10",
		   RULE_DEV_PUBLICITY_WORKDAYS, 0);
	/* the publicity's own end comes later than five working days */
	to_publicity(&x, "2025-09-26", "2025-10-15");
	assert_due(due_of(&x, "2025-09-27", &c), DEV_BRANCH_VOTE, DEV_DUE_FROM, "2025-10-16",
		   RULE_DEV_PUBLICITY_WORKDAYS, 0);
	/* across New Year 2026 (1-3 January, Sunday 4 January worked): from Mon
	 * 29 December: 29, 30, 31 December, 4, 5 January */
	to_publicity(&x, "2025-12-29", "2025-12-31");
	assert_due(due_of(&x, "2025-12-30", &c), DEV_BRANCH_VOTE, DEV_DUE_FROM, "2026-01-06",
		   RULE_DEV_PUBLICITY_WORKDAYS, 0);
	/* a year the calendar does not hold: unknown, never a guess */
	struct dev_due d = due_of(&x, "2025-12-30", &only2025);
	assert_int_equal(d.step, DEV_BRANCH_VOTE);
	assert_int_equal(d.unknown, 1);
	assert_int_equal(d.date, DATE_NONE);
	assert_int_equal(d.kind, DEV_DUE_NONE);
	d = due_of(&x, "2025-12-30", NULL);
	assert_int_equal(d.unknown, 1);
}

/* A record kept with key dates only (an import): the stage they imply. */
static void test_next_due_key_dates(void **state)
{
	struct fixture x;

	(void)state;
	start(&x);
	x.p.status = MS_PROBATIONARY;
	x.p.applied = D("2022-01-10");
	x.p.activist = D("2022-03-01");
	x.p.target = D("2023-04-01");
	x.p.admitted = D("2024-06-20");
	assert_due(due_of(&x, "2025-01-01", NULL), DEV_CONVERSION_VOTE, DEV_DUE_ON, "2025-06-20",
		   RULE_PROBATION_YEARS, 0);
	assert_due(due_of(&x, "2025-07-01", NULL), DEV_CONVERSION_VOTE, DEV_DUE_ON, "2025-06-20",
		   RULE_PROBATION_YEARS, 1);
	/* as of a day before the admission: a development target */
	assert_due(due_of(&x, "2024-01-01", NULL), DEV_SPONSORS, DEV_DUE_NONE, NULL, NULL, 0);
	/* an activist as of 2022-06-01 */
	assert_due(due_of(&x, "2022-06-01", NULL), DEV_TARGET, DEV_DUE_FROM, "2023-03-01",
		   RULE_DEV_CULTIVATION_YEARS, 0);
	/* and an ended membership is out of the pipeline */
	x.p.status = MS_WITHDRAWN;
	x.p.exited = D("2024-09-01");
	assert_int_equal(due_of(&x, "2025-01-01", NULL).step, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_and_age),
		cmocka_unit_test(test_late_talk),
		cmocka_unit_test(test_cultivation_and_people),
		cmocka_unit_test(test_vote_and_approval),
		cmocka_unit_test(test_next_steps),
		cmocka_unit_test(test_next_due_stages),
		cmocka_unit_test(test_next_due_workdays),
		cmocka_unit_test(test_next_due_key_dates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
