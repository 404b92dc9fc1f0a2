/*
 * development.c - the steps of a member's development, their order, their
 * eligibility and their effect on the record (see development.h).
 *
 * Not here: reading the rules in force and the facts of the store, storing
 * steps (ops/development-ops.c, store/development-store.c).
 */
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/utf8.h"
#include "model/codes.h"
#include "model/development.h"
#include "model/rules.h"

/* stage: a step may be recorded once every step of the stage before it is
 * done; side steps (stage -1) follow the approval. */
static const struct {
	const char *key;
	int stage;
	const char *fields[6];
	int nr_required;
} steps[DEV_NR_STEPS] = {
	[DEV_APPLICATION] = { "application", 0, { "org" }, 0 },
	[DEV_TALK] = { "talk", 1, { "by", "note" }, 0 },
	[DEV_ACTIVIST] = { "activist", 2, { "recommending_body", "contacts" }, 2 },
	[DEV_TARGET] = { "target", 3, { "note" }, 0 },
	[DEV_SPONSORS] = { "sponsors", 4, { "sponsors" }, 1 },
	[DEV_POLITICAL_REVIEW] = { "political_review", 4, { "conclusion" }, 0 },
	[DEV_TRAINING] = { "training", 4, { "days", "hours", "class" }, 0 },
	[DEV_PRE_REVIEW] = { "pre_review", 5, { "committee" }, 1 },
	[DEV_PUBLICITY] = { "publicity", 6, { "to", "from" }, 1 },
	[DEV_BRANCH_VOTE] = { "branch_vote", 7, { "members", "present", "in_favour" }, 3 },
	[DEV_APPROVAL] = { "approval", 8, { "committee", "special", "reason" }, 1 },
	[DEV_OATH] = { "oath", 9, { "note" }, 0 },
	[DEV_CONVERSION_VOTE] = { "conversion_vote", 10,
				  { "members", "present", "in_favour" }, 3 },
	[DEV_CONVERSION_APPROVAL] = { "conversion_approval", 11, { "committee" }, 1 },
	[DEV_PROBATION_EXTENSION] = { "probation_extension", -1, { "months", "reason" }, 1 },
	[DEV_PROBATION_CANCELLED] = { "probation_cancelled", -1, { "reason" }, 0 },
};

const char *const dev_rule_keys[] = {
	RULE_DEV_MIN_AGE, RULE_DEV_FOUNDING_DATE, RULE_DEV_TALK_MONTHS, RULE_DEV_CONTACTS,
	RULE_DEV_CULTIVATION_YEARS, RULE_DEV_TRAINING_DAYS, RULE_DEV_TRAINING_HOURS,
	RULE_DEV_SPONSORS, RULE_DEV_PUBLICITY_WORKDAYS, RULE_DEV_QUORUM_PERMILLE,
	RULE_DEV_MAJORITY_PERMILLE, RULE_DEV_APPROVAL_MONTHS,
	RULE_DEV_APPROVAL_MONTHS_SPECIAL, RULE_DEV_EXTENSION_MIN_MONTHS,
	RULE_DEV_EXTENSION_MAX_MONTHS, RULE_DEV_CONVERSION_APPROVAL_MONTHS,
	RULE_PROBATION_YEARS,
};
const size_t nr_dev_rule_keys = sizeof(dev_rule_keys) / sizeof(dev_rule_keys[0]);

struct dev_rule *dev_rules_at(struct dev_rules *r, size_t i)
{
	struct dev_rule *all = &r->min_age;

	return i < nr_dev_rule_keys ? &all[i] : NULL;
}

void dev_rules_defaults(int day, struct dev_rules *r)
{
	for (size_t i = 0; i < nr_dev_rule_keys; i++) {
		struct dev_rule *d = dev_rules_at(r, i);
		const struct rule_def *def = rules_default(dev_rule_keys[i], day);
		int v;

		d->key = dev_rule_keys[i];
		d->value = 0;
		d->in_force = 0;
		d->source = "";
		/* a date rule (the founding) is a fixed day, in force whenever asked */
		if (!def && !strcmp(d->key, RULE_DEV_FOUNDING_DATE))
			def = rules_find(d->key);
		if (!def)
			continue;
		d->source = def->source;
		if (!strcmp(def->unit, "date")) {
			d->in_force = !date_parse(def->value, &v);
			d->value = v;
		} else {
			d->value = rules_number(def->unit, def->value);
			d->in_force = d->value >= 0;
		}
	}
}

const char *dev_step_key(int step)
{
	return step > 0 && step < DEV_NR_STEPS ? steps[step].key : NULL;
}

int dev_step_parse(const char *key)
{
	for (int s = 1; key && s < DEV_NR_STEPS; s++)
		if (!strcmp(steps[s].key, key))
			return s;
	return 0;
}

const char *const *dev_step_fields(int step, int *nr_required)
{
	if (step <= 0 || step >= DEV_NR_STEPS)
		return NULL;
	if (nr_required)
		*nr_required = steps[step].nr_required;
	return steps[step].fields;
}

int dev_field_add(struct dev_record *r, const char *key, const char *value,
		  struct error *err)
{
	size_t n = key ? strlen(key) : 0;

	if (r->nr_fields >= DEV_FIELDS_MAX) {
		error_setc(err, ST_INVALID, "fields", "too_many_fields",
			   "at most %d fields in one step", DEV_FIELDS_MAX);
		error_param(err, "max", "%d", DEV_FIELDS_MAX);
		return ST_INVALID;
	}
	if (!n || n >= DEV_FIELD_KEY_SIZE || strspn(key, "abcdefghijklmnopqrstuvwxyz_") != n) {
		error_setc(err, ST_INVALID, "fields", "dev_field_name",
			   "a field name is 1-%d letters a-z or _", DEV_FIELD_KEY_SIZE - 1);
		error_param(err, "max", "%d", DEV_FIELD_KEY_SIZE - 1);
		return ST_INVALID;
	}
	if (dev_field(r, key)) {
		error_setc(err, ST_INVALID, key, "field_given_twice", "%s is given twice", key);
		error_param(err, "value", "%s", key);
		return ST_INVALID;
	}
	if (!value)
		value = "";
	if (strlen(value) >= DEV_FIELD_VALUE_SIZE) {
		error_setc(err, ST_INVALID, key, "too_long_bytes", "%s is longer than %d bytes",
			   key, DEV_FIELD_VALUE_SIZE - 1);
		error_param(err, "max", "%d", DEV_FIELD_VALUE_SIZE - 1);
		return ST_INVALID;
	}
	if (!utf8_valid(value, strlen(value)))
		return error_setc(err, ST_INVALID, key, "invalid_text",
				  "%s is not valid UTF-8 text", key);
	memcpy(r->fields[r->nr_fields].key, key, n + 1);
	memcpy(r->fields[r->nr_fields].value, value, strlen(value) + 1);
	r->nr_fields++;
	return ST_OK;
}

const char *dev_field(const struct dev_record *r, const char *key)
{
	for (int i = 0; i < r->nr_fields; i++)
		if (!strcmp(r->fields[i].key, key))
			return r->fields[i].value;
	return NULL;
}

int dev_field_ids(const struct dev_record *r, const char *key, long long *ids, int max)
{
	const char *s = dev_field(r, key);
	int n = 0;

	if (!s || !*s)
		return -1;
	while (*s) {
		char *end;
		long long v;
		if (*s < '1' || *s > '9')
			return -1;
		v = strtoll(s, &end, 10);
		if (v <= 0 || end - s > 18 || n == max)
			return -1;
		ids[n++] = v;
		s = end;
		if (*s == ',')
			s++;
		else if (*s)
			return -1;
	}
	return n;
}

/* A whole number field of r in 0..999999: its value, -1 absent, -2 malformed. */
static long field_number(const struct dev_record *r, const char *key)
{
	const char *s = dev_field(r, key);
	long v = 0;

	if (!s)
		return -1;
	if (!*s || strlen(s) > 6)
		return -2;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -2;
		v = v * 10 + (*s - '0');
	}
	return v;
}

/* A date field of r: its day, DATE_NONE absent; -2 into *bad when malformed. */
static int field_date(const struct dev_record *r, const char *key, int *bad)
{
	const char *s = dev_field(r, key);
	int day;

	if (!s || !*s)
		return DATE_NONE;
	if (strlen(s) != 10 || date_parse(s, &day)) {
		*bad = 1;
		return DATE_NONE;
	}
	return day;
}

static const struct dev_record *find(const struct dev_record *h, size_t n, int s)
{
	for (size_t i = 0; i < n; i++)
		if (h[i].step == s)
			return &h[i];
	return NULL;
}

int dev_done_on(const struct person *p, const struct dev_record *h, size_t n, int s)
{
	const struct dev_record *r = find(h, n, s);
	int stage = steps[s].stage;

	if (r)
		return r->date;
	if (stage < 0)
		return DATE_NONE;
	/* the key dates stand for the steps before the first recorded one */
	for (size_t i = 0; i < n; i++)
		if (h[i].step > 0 && h[i].step < DEV_NR_STEPS && steps[h[i].step].stage >= 0 &&
		    steps[h[i].step].stage <= stage)
			return DATE_NONE;
	if (p->full != DATE_NONE)
		return stage >= 10 ? p->full : stage >= 7 ? p->admitted : stage >= 3 ? p->target
			: stage == 2 ? p->activist : p->applied;
	if (p->admitted != DATE_NONE && stage <= 9)
		return stage >= 7 ? p->admitted : stage >= 3 ? p->target : stage == 2 ? p->activist
			: p->applied;
	if (p->target != DATE_NONE && stage == 3)
		return p->target;
	if (p->activist != DATE_NONE && stage == 2)
		return p->activist;
	if (p->applied != DATE_NONE && stage <= 1 && (stage == 0 || p->activist != DATE_NONE))
		return p->applied;
	return DATE_NONE;
}

int dev_publicity_from(const struct dev_record *h, size_t n)
{
	const struct dev_record *r = find(h, n, DEV_PUBLICITY);
	int bad = 0, from;

	if (!r)
		return DATE_NONE;
	from = field_date(r, "from", &bad);
	return from != DATE_NONE ? from : r->date;
}

int dev_probation_end(const struct dev_rules *r, const struct person *p,
		      const struct dev_record *h, size_t n)
{
	const struct dev_record *ext = find(h, n, DEV_PROBATION_EXTENSION);
	int end;

	if (p->admitted == DATE_NONE)
		return DATE_NONE;
	end = date_add_years(p->admitted, r->probation_years.in_force
				  ? (int)r->probation_years.value : 0);
	if (ext) {
		long m = field_number(ext, "months");
		if (m > 0)
			end = date_add_months(end, (int)m);
	}
	return end;
}

static int is_ended(int status)
{
	return status == MS_WITHDRAWN || status == MS_EXPELLED || status == MS_DECEASED;
}


/* The done steps' check of order for step s; ST_OK or the refusal. */
static int check_order(const struct person *p, const struct dev_record *h, size_t n,
		       const struct dev_record *next, struct error *err)
{
	int s = next->step, stage = steps[s].stage;
	char d[DATE_STR_SIZE];

	if (is_ended(p->status))
		return error_setc(err, ST_CONFLICT, "step", "dev_membership_ended",
				  "the membership has ended: no step follows");
	/* (a second extension is refused by its own rule, dev_check) */
	if (s != DEV_PROBATION_EXTENSION && s != DEV_APPLICATION &&
	    dev_done_on(p, h, n, s) != DATE_NONE) {
		error_setc(err, ST_CONFLICT, "step", "dev_step_recorded",
			   "step %s is recorded already", steps[s].key);
		error_param(err, "step", "%s", steps[s].key);
		return ST_CONFLICT;
	}
	if (s == DEV_APPLICATION && find(h, n, s)) {
		error_setc(err, ST_CONFLICT, "step", "dev_step_recorded",
			   "step %s is recorded already", steps[s].key);
		error_param(err, "step", "%s", steps[s].key);
		return ST_CONFLICT;
	}
	if (s == DEV_APPLICATION && p->status > MS_APPLICANT) {
		error_setc(err, ST_CONFLICT, "step", "dev_step_out_of_order",
			   "the record is past the application already");
		error_param(err, "step", "%s", steps[s].key);
		return ST_CONFLICT;
	}
	/* the steps this one follows: every step of the stage before it, or
	 * the approval for the side steps */
	for (int t = 1; t < DEV_NR_STEPS; t++) {
		int needed = stage < 0 ? t == DEV_APPROVAL
				       : stage > 0 && steps[t].stage == stage - 1;
		int on;
		if (!needed)
			continue;
		if ((on = dev_done_on(p, h, n, t)) == DATE_NONE) {
			error_setc(err, ST_CONFLICT, "step", "dev_step_not_eligible",
				   "step %s follows step %s, which is not recorded",
				   steps[s].key, steps[t].key);
			error_param(err, "step", "%s", steps[s].key);
			error_param(err, "missing", "%s", steps[t].key);
			return ST_CONFLICT;
		}
		if (next->date < on) {
			error_setc(err, ST_INVALID, "date", "dev_date_before_step",
				   "the date is before the %s step (%s)", steps[t].key,
				   date_format(on, d));
			error_param(err, "step", "%s", steps[t].key);
			error_param(err, "date", "%s", d);
			return ST_INVALID;
		}
	}
	/* nothing of a later stage done, nothing after the conversion or a
	 * cancellation */
	for (int t = 1; t < DEV_NR_STEPS; t++) {
		int later = stage < 0 ? t == DEV_CONVERSION_APPROVAL || t == DEV_PROBATION_CANCELLED
				      : steps[t].stage > stage || t == DEV_PROBATION_CANCELLED;
		if (later && dev_done_on(p, h, n, t) != DATE_NONE) {
			error_setc(err, ST_CONFLICT, "step", "dev_step_out_of_order",
				   "step %s cannot follow step %s", steps[s].key, steps[t].key);
			error_param(err, "step", "%s", steps[s].key);
			error_param(err, "after", "%s", steps[t].key);
			return ST_CONFLICT;
		}
	}
	return ST_OK;
}

/* present/in_favour of members checked against the quorum and majority. */
static int check_vote(const struct dev_rules *r, const struct dev_record *next,
		      struct error *err)
{
	long members = field_number(next, "members"), present = field_number(next, "present");
	long yes = field_number(next, "in_favour");

	if (members <= 0 || present > members || yes > present) {
		error_setc(err, ST_INVALID, members <= 0 ? "members" : present > members
			   ? "present" : "in_favour", "dev_vote_counts",
			   "the counts of a vote read members >= present >= in favour, members > 0");
		return ST_INVALID;
	}
	if (r->quorum.in_force && present * 1000 <= members * r->quorum.value) {
		error_setc(err, ST_INVALID, "present", "dev_no_quorum",
			   "%ld of %ld members with a vote present: no quorum (more than %ld per mille)",
			   present, members, r->quorum.value);
		error_rule(err, r->quorum.key, r->quorum.source);
		error_param(err, "present", "%ld", present);
		error_param(err, "members", "%ld", members);
		return ST_INVALID;
	}
	if (r->majority.in_force && yes * 1000 <= members * r->majority.value) {
		error_setc(err, ST_INVALID, "in_favour", "dev_no_majority",
			   "%ld of %ld members with a vote in favour: no majority (more than %ld per mille)",
			   yes, members, r->majority.value);
		error_rule(err, r->majority.key, r->majority.source);
		error_param(err, "in_favour", "%ld", yes);
		error_param(err, "members", "%ld", members);
		return ST_INVALID;
	}
	return ST_OK;
}

/* Contacts or sponsors: count and full membership. */
static int check_people(const struct dev_rule *rule, const struct person *p,
			const struct dev_record *next, const char *field, int exact,
			const struct dev_facts *f, struct error *err)
{
	long long ids[DEV_IDS_MAX];
	int n = dev_field_ids(next, field, ids, DEV_IDS_MAX);

	if (n < 0)
		return error_setc(err, ST_INVALID, field, "dev_person_ids",
				  "%s is a list of person ids separated by commas", field);
	if (rule->in_force && (exact ? n != rule->value : n > rule->value)) {
		if (exact) {
			error_setc(err, ST_INVALID, field, "dev_sponsors_count", "%d sponsors given, %ld needed",
				   n, rule->value);
			error_rule(err, rule->key, rule->source);
		} else {
			error_setc(err, ST_INVALID, field, "dev_contacts_count",
				   "%d cultivation contacts given, at most %ld", n, rule->value);
			error_rule(err, rule->key, rule->source);
		}
		error_param(err, "count", "%d", n);
		error_param(err, "max", "%ld", rule->value);
		return ST_INVALID;
	}
	for (int i = 0; i < n; i++) {
		int full = 0;
		for (int k = 0; k < f->nr_people; k++)
			if (f->people[k] == ids[i])
				full = f->people_full[k];
		if (ids[i] == p->id || !full) {
			if (exact) {
				error_setc(err, ST_INVALID, field, "dev_sponsor_not_full",
					   "person %lld is not a full member on the date", ids[i]);
				error_rule(err, rule->key, rule->source);
			} else {
				error_setc(err, ST_INVALID, field, "dev_contact_not_full",
					   "person %lld is not a full member on the date", ids[i]);
				error_rule(err, rule->key, rule->source);
			}
			error_param(err, "id", "%lld", ids[i]);
			return ST_INVALID;
		}
	}
	return ST_OK;
}

int dev_check(const struct dev_rules *r, const struct person *p,
	      const struct dev_record *h, size_t n, struct dev_record *next,
	      const struct dev_facts *f, struct error *err)
{
	char d[DATE_STR_SIZE];
	int rc, nr_required, bad = 0, s = next->step, on;
	const char *const *fields;

	next->late = 0;
	if (!(fields = dev_step_fields(s, &nr_required)))
		return error_setc(err, ST_INVALID, "step", "invalid_choice", "unknown step");
	if (next->date == DATE_NONE)
		return error_setc(err, ST_INVALID, "date", "required", "the date is required");
	if ((rc = check_order(p, h, n, next, err)))
		return rc;
	for (int i = 0; i < next->nr_fields; i++) {
		int known = 0;
		for (int k = 0; k < 6 && fields[k]; k++)
			known |= !strcmp(fields[k], next->fields[i].key);
		if (!known) {
			error_setc(err, ST_INVALID, next->fields[i].key, "dev_unknown_field",
				   "step %s has no field %s", steps[s].key, next->fields[i].key);
			error_param(err, "step", "%s", steps[s].key);
			return ST_INVALID;
		}
	}
	for (int k = 0; k < nr_required; k++) {
		const char *v = dev_field(next, fields[k]);
		if (!v || !*v) {
			error_setc(err, ST_INVALID, fields[k], "required", "%s is required", fields[k]);
			return ST_INVALID;
		}
	}
	static const char *const numbers[] = { "days", "hours", "members", "present",
					       "in_favour", "months" };
	for (size_t k = 0; k < sizeof(numbers) / sizeof(numbers[0]); k++)
		if (field_number(next, numbers[k]) == -2)
			return error_setc(err, ST_INVALID, numbers[k], "dev_invalid_number",
					  "%s is a whole number", numbers[k]);
	if (next->date == DATE_NONE)
		return error_setc(err, ST_INVALID, "date", "required", "the date is required");
	if (next->date > f->today)
		return error_setc(err, ST_INVALID, "date", "date_in_future", "the date is in the future");
	if (p->birth_date != DATE_NONE && next->date < p->birth_date)
		return error_setc(err, ST_INVALID, "date", "date_before_birth",
				  "the date is before the birth date");
	switch (s) {
	case DEV_APPLICATION:
		if (r->founding_date.in_force && next->date < r->founding_date.value) {
			error_setc(err, ST_INVALID, "date", "dev_before_founding",
				   "the date is before %s, the founding of the Party",
				   date_format((int)r->founding_date.value, d));
			error_rule(err, r->founding_date.key, r->founding_date.source);
			error_param(err, "min", "%s", d);
			return ST_INVALID;
		}
		if (r->min_age.in_force && p->birth_date != DATE_NONE &&
		    date_years_between(p->birth_date, next->date) < r->min_age.value) {
			error_setc(err, ST_INVALID, "date", "dev_too_young",
				   "the applicant must be at least %ld years old (was %d)",
				   r->min_age.value, date_years_between(p->birth_date, next->date));
			error_rule(err, r->min_age.key, r->min_age.source);
			error_param(err, "min", "%ld", r->min_age.value);
			error_param(err, "age", "%d", date_years_between(p->birth_date, next->date));
			return ST_INVALID;
		}
		break;
	case DEV_TALK:
		on = dev_done_on(p, h, n, DEV_APPLICATION);
		if (r->talk_months.in_force &&
		    next->date > date_add_months(on, (int)r->talk_months.value))
			next->late = 1;
		break;
	case DEV_ACTIVIST:
		return check_people(&r->contacts, p, next, "contacts", 0, f, err);
	case DEV_TARGET:
		on = dev_done_on(p, h, n, DEV_ACTIVIST);
		if (r->cultivation_years.value > 0 &&
		    next->date < date_add_years(on, (int)r->cultivation_years.value)) {
			error_setc(err, ST_INVALID, "date", "dev_cultivation_too_short",
				   "a development target after at least %ld year(s) as an activist"
				   " (activist since %s)", r->cultivation_years.value,
				   date_format(on, d));
			error_rule(err, r->cultivation_years.key, r->cultivation_years.source);
			error_param(err, "min", "%ld", r->cultivation_years.value);
			error_param(err, "since", "%s", d);
			return ST_INVALID;
		}
		break;
	case DEV_SPONSORS:
		return check_people(&r->sponsors, p, next, "sponsors", 1, f, err);
	case DEV_TRAINING: {
		long days = field_number(next, "days"), hours = field_number(next, "hours");
		int enough_days = !r->training_days.in_force || days >= r->training_days.value;
		int enough_hours = r->training_hours.in_force && hours >= r->training_hours.value;
		if (!enough_days && !enough_hours) {
			error_setc(err, ST_INVALID, days >= 0 || hours < 0 ? "days" : "hours",
				   "dev_training_short",
				   "the training takes at least %ld days or %ld class hours",
				   r->training_days.value, r->training_hours.value);
			error_rule(err, r->training_days.key, r->training_days.source);
			error_param(err, "days", "%ld", r->training_days.value);
			error_param(err, "hours", "%ld", r->training_hours.value);
			return ST_INVALID;
		}
		break;
	}
	case DEV_PUBLICITY: {
		int from = field_date(next, "from", &bad), to = field_date(next, "to", &bad);
		if (bad)
			return error_setc(err, ST_INVALID, "to", "invalid_date",
					  "from and to are dates (YYYY-MM-DD)");
		if (from == DATE_NONE)
			from = next->date;
		if (to < from || from < next->date)
			return error_setc(err, ST_INVALID, "to", "dev_publicity_dates",
					  "the publicity runs from the step's date (or from) to to");
		if (r->publicity_workdays.in_force && f->workdays >= 0 &&
		    f->workdays < r->publicity_workdays.value) {
			error_setc(err, ST_INVALID, "to", "dev_publicity_short",
				   "the publicity runs %d working days, at least %ld",
				   f->workdays, r->publicity_workdays.value);
			error_rule(err, r->publicity_workdays.key, r->publicity_workdays.source);
			error_param(err, "workdays", "%d", f->workdays);
			error_param(err, "min", "%ld", r->publicity_workdays.value);
			return ST_INVALID;
		}
		break;
	}
	case DEV_BRANCH_VOTE: {
		const struct dev_record *pub = find(h, n, DEV_PUBLICITY);
		int to = pub ? field_date(pub, "to", &bad) : DATE_NONE;
		if ((to != DATE_NONE && next->date <= to) ||
		    (r->publicity_workdays.in_force && f->workdays >= 0 &&
		     f->workdays < r->publicity_workdays.value)) {
			error_setc(err, ST_INVALID, "date", "dev_vote_before_publicity",
				   "the vote comes after a publicity of at least %ld working days",
				   r->publicity_workdays.value);
			error_rule(err, r->publicity_workdays.key, r->publicity_workdays.source);
			error_param(err, "min", "%ld", r->publicity_workdays.value);
			error_param(err, "workdays", "%d", f->workdays);
			return ST_INVALID;
		}
		return check_vote(r, next, err);
	}
	case DEV_APPROVAL: {
		const char *special = dev_field(next, "special"), *reason = dev_field(next, "reason");
		int is_special = special && !strcmp(special, "yes");
		on = dev_done_on(p, h, n, DEV_BRANCH_VOTE);
		if (special && strcmp(special, "yes") && strcmp(special, "no"))
			return error_setc(err, ST_INVALID, "special", "rule_value_flag",
					  "special is yes or no");
		if (is_special && (!reason || !*reason))
			return error_setc(err, ST_INVALID, "reason", "required",
					  "a special case needs its reason");
		if (is_special && r->approval_months_special.in_force &&
		    next->date > date_add_months(on, (int)r->approval_months_special.value)) {
			error_setc(err, ST_INVALID, "date", "dev_approval_too_late",
				   "an approval comes within %ld months of the vote even in a special case",
				   r->approval_months_special.value);
			error_rule(err, r->approval_months_special.key, r->approval_months_special.source);
			error_param(err, "max", "%ld", r->approval_months_special.value);
			return ST_INVALID;
		}
		if (!is_special && r->approval_months.in_force &&
		    next->date > date_add_months(on, (int)r->approval_months.value))
			next->late = 1;
		break;
	}
	case DEV_CONVERSION_VOTE: {
		int end = dev_probation_end(r, p, h, n);
		if (end != DATE_NONE && next->date < end) {
			error_setc(err, ST_INVALID, "date", "dev_probation_not_ended",
				   "the probation ends on %s", date_format(end, d));
			error_rule(err, r->probation_years.key, r->probation_years.source);
			error_param(err, "date", "%s", d);
			return ST_INVALID;
		}
		return check_vote(r, next, err);
	}
	case DEV_CONVERSION_APPROVAL:
		on = dev_done_on(p, h, n, DEV_CONVERSION_VOTE);
		if (r->conversion_approval_months.in_force &&
		    next->date > date_add_months(on, (int)r->conversion_approval_months.value))
			next->late = 1;
		break;
	case DEV_PROBATION_EXTENSION: {
		long months = field_number(next, "months");
		if (find(h, n, DEV_PROBATION_EXTENSION)) {
			error_setc(err, ST_INVALID, "step", "dev_extension_twice",
				   "the probation is extended once only");
			error_rule(err, r->extension_max.key, r->extension_max.source);
			return ST_INVALID;
		}
		if (r->extension_min.in_force && months < r->extension_min.value) {
			error_setc(err, ST_INVALID, "months", "dev_extension_months",
				   "an extension is %ld-%ld months", r->extension_min.value,
				   r->extension_max.value);
			error_rule(err, r->extension_min.key, r->extension_min.source);
			error_param(err, "min", "%ld", r->extension_min.value);
			error_param(err, "max", "%ld", r->extension_max.value);
			return ST_INVALID;
		}
		if (r->extension_max.in_force && months > r->extension_max.value) {
			error_setc(err, ST_INVALID, "months", "dev_extension_months",
				   "an extension is %ld-%ld months", r->extension_min.value,
				   r->extension_max.value);
			error_rule(err, r->extension_max.key, r->extension_max.source);
			error_param(err, "min", "%ld", r->extension_min.value);
			error_param(err, "max", "%ld", r->extension_max.value);
			return ST_INVALID;
		}
		break;
	}
	default:
		break;
	}
	return ST_OK;
}

void dev_apply(const struct dev_rules *r, struct person *p, const struct dev_record *h,
	       size_t n, const struct dev_record *next)
{
	switch (next->step) {
	case DEV_APPLICATION:
		p->status = MS_APPLICANT;
		p->applied = next->date;
		break;
	case DEV_ACTIVIST:
		p->status = MS_ACTIVIST;
		p->activist = next->date;
		break;
	case DEV_TARGET:
		p->status = MS_TARGET;
		p->target = next->date;
		break;
	case DEV_APPROVAL:
		p->status = MS_PROBATIONARY;
		p->admitted = dev_done_on(p, h, n, DEV_BRANCH_VOTE);
		break;
	case DEV_CONVERSION_APPROVAL:
		p->full = dev_probation_end(r, p, h, n);
		p->status = MS_FULL;
		break;
	case DEV_PROBATION_CANCELLED:
		p->status = MS_WITHDRAWN;
		p->exited = next->date;
		break;
	default:
		break;
	}
}

int dev_next_steps(const struct person *p, const struct dev_record *h, size_t n, int *out)
{
	int nr = 0;

	if (is_ended(p->status))
		return 0;
	for (int s = 1; s < DEV_NR_STEPS; s++) {
		struct dev_record probe;
		struct error e = ERROR_INIT;
		memset(&probe, 0, sizeof(probe));
		probe.step = s;
		probe.date = 0x7fffffff / 2;   /* after everything: order only */
		if (s == DEV_APPLICATION && dev_done_on(p, h, n, s) != DATE_NONE)
			continue;
		if (!check_order(p, h, n, &probe, &e))
			out[nr++] = s;
	}
	return nr;
}

/* ---- the next step due -------------------------------------------------- */

const char *dev_due_kind_name(int kind)
{
	static const char *const names[] = { "none", "by", "on", "from" };

	return kind >= 0 && kind <= DEV_DUE_FROM ? names[kind] : "none";
}

static const struct calendar_year *cal_year(const struct dev_calendar *cal, int year)
{
	for (size_t i = 0; cal && i < cal->nr; i++)
		if (cal->years[i].year == year)
			return &cal->years[i];
	return NULL;
}

/* The n-th working day counted from day (day included): 0 and *out, or -1
 * when it falls in (or passes) a year the calendar does not cover. */
static int nth_workday(const struct dev_calendar *cal, int day, int n, int *out)
{
	int y, m, d;

	if (n < 1)
		return -1;
	date_to_ymd(day, &y, &m, &d);
	for (size_t k = 0; cal && k <= cal->nr; k++, y++) {
		const struct calendar_year *cy = cal_year(cal, y);
		if (!cy || !cy->covered)
			return -1;
		if (calendar_year_nth(cy, day, &n, out))
			return 0;
	}
	return -1;
}

static void due_set(struct dev_due *out, int kind, int date, const struct dev_rule *rule)
{
	out->kind = date == DATE_NONE ? DEV_DUE_NONE : kind;
	out->date = date;
	out->rule = rule;
}

int dev_next_due(const struct dev_rules *r, const struct person *p,
		 const struct dev_record *h, size_t n, int as_of,
		 const struct dev_calendar *cal, struct dev_due *out)
{
	int next[DEV_NR_STEPS], nr, status, on;
	struct person q = *p;

	memset(out, 0, sizeof(*out));
	out->date = DATE_NONE;
	/* the record as it stood on as_of */
	while (n > 0 && h[n - 1].date > as_of)
		n--;
	int *dates[] = { &q.applied, &q.activist, &q.target, &q.admitted, &q.full, &q.exited };
	for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++)
		if (*dates[i] != DATE_NONE && *dates[i] > as_of)
			*dates[i] = DATE_NONE;
	status = person_status_on(p, as_of);
	if (status != MS_APPLICANT && status != MS_ACTIVIST && status != MS_TARGET &&
	    status != MS_PROBATIONARY)
		return 0;
	q.status = status;
	nr = dev_next_steps(&q, h, n, next);
	for (int i = 0; i < nr && !out->step; i++)
		if (steps[next[i]].stage >= 0)
			out->step = next[i];
	switch (out->step) {
	case DEV_TALK:
		on = dev_done_on(&q, h, n, DEV_APPLICATION);
		if (r->talk_months.in_force && on != DATE_NONE)
			due_set(out, DEV_DUE_BY, date_add_months(on, (int)r->talk_months.value),
				&r->talk_months);
		break;
	case DEV_TARGET:
		on = dev_done_on(&q, h, n, DEV_ACTIVIST);
		if (r->cultivation_years.in_force && r->cultivation_years.value > 0 &&
		    on != DATE_NONE)
			due_set(out, DEV_DUE_FROM,
				date_add_years(on, (int)r->cultivation_years.value),
				&r->cultivation_years);
		break;
	case DEV_BRANCH_VOTE: {
		const struct dev_record *pub = find(h, n, DEV_PUBLICITY);
		int from = dev_publicity_from(h, n), bad = 0, day = DATE_NONE, last;
		int to = pub ? field_date(pub, "to", &bad) : DATE_NONE;
		if (r->publicity_workdays.in_force && from != DATE_NONE) {
			if (nth_workday(cal, from, (int)r->publicity_workdays.value, &last))
				out->unknown = 1;
			else
				day = last + 1;
		}
		if (!out->unknown && to != DATE_NONE && (day == DATE_NONE || day <= to))
			day = to + 1;
		if (!out->unknown)
			due_set(out, DEV_DUE_FROM, day, &r->publicity_workdays);
		else
			out->rule = &r->publicity_workdays;
		break;
	}
	case DEV_APPROVAL:
		on = dev_done_on(&q, h, n, DEV_BRANCH_VOTE);
		if (r->approval_months.in_force && on != DATE_NONE)
			due_set(out, DEV_DUE_BY, date_add_months(on, (int)r->approval_months.value),
				&r->approval_months);
		break;
	case DEV_CONVERSION_VOTE:
		due_set(out, DEV_DUE_ON, dev_probation_end(r, &q, h, n), &r->probation_years);
		break;
	case DEV_CONVERSION_APPROVAL:
		on = dev_done_on(&q, h, n, DEV_CONVERSION_VOTE);
		if (r->conversion_approval_months.in_force && on != DATE_NONE)
			due_set(out, DEV_DUE_BY,
				date_add_months(on, (int)r->conversion_approval_months.value),
				&r->conversion_approval_months);
		break;
	default:
		break;
	}
	out->overdue = (out->kind == DEV_DUE_BY || out->kind == DEV_DUE_ON) &&
		       as_of > out->date;
	return 1;
}
