/*
 * development.h - the development of a member (发展党员) as the dated
 * procedure of the Detailed Rules for the Development of Party Members
 * (2014): the steps, their fields, their order, the eligibility of each and
 * what each does to the record's status and key dates.
 *
 * Pure: the caller (ops/development-ops.c) reads the rule values in force
 * on the step's date (struct dev_rules), looks up what needs the store
 * (whether the sponsors are full members, the working days of the
 * publicity) into struct dev_facts, and stores the result. Not here: SQL,
 * authorization, the calendar.
 */
#ifndef OW_DEVELOPMENT_H
#define OW_DEVELOPMENT_H

#include <stddef.h>

#include "core/error.h"
#include "model/calendar.h"
#include "model/person.h"

enum dev_step {
	DEV_APPLICATION = 1, DEV_TALK, DEV_ACTIVIST, DEV_TARGET, DEV_SPONSORS,
	DEV_POLITICAL_REVIEW, DEV_TRAINING, DEV_PRE_REVIEW, DEV_PUBLICITY,
	DEV_BRANCH_VOTE, DEV_APPROVAL, DEV_OATH, DEV_CONVERSION_VOTE,
	DEV_CONVERSION_APPROVAL, DEV_PROBATION_EXTENSION, DEV_PROBATION_CANCELLED,
	DEV_NR_STEPS
};

/* "application", ... for a step; NULL for an unknown one. */
const char *dev_step_key(int step);
/* The step named by key, or 0. */
int dev_step_parse(const char *key);

/* Limits of a step's fields. */
#define DEV_FIELDS_MAX 8
#define DEV_FIELD_KEY_SIZE 24
#define DEV_FIELD_VALUE_SIZE 128      /* bytes of UTF-8, NUL included */
#define DEV_FIELDS_JSON_MAX 2048      /* the stored JSON text of the fields */
#define DEV_IDS_MAX 4                 /* person ids in one field (contacts, sponsors) */

struct dev_field {
	char key[DEV_FIELD_KEY_SIZE];
	char value[DEV_FIELD_VALUE_SIZE];
};

/* One recorded step. */
struct dev_record {
	long long id;             /* 0 until stored */
	long long person_id;
	int step;                 /* enum dev_step */
	int date;                 /* day number */
	int nr_fields;
	struct dev_field fields[DEV_FIELDS_MAX];
	int late;                 /* 1: recorded after its deadline */
	char recorded_by[64];
	char recorded_at[24];     /* YYYY-MM-DDTHH:MM:SSZ */
};

/*
 * Adds field key=value to r: ST_INVALID naming the field "fields" when
 * there are DEV_FIELDS_MAX already, key is not a-z/_ of at most 23 bytes,
 * is given twice, or value is not text of at most 127 bytes.
 */
int dev_field_add(struct dev_record *r, const char *key, const char *value,
		  struct error *err);
/* The value of field key of r, or NULL. */
const char *dev_field(const struct dev_record *r, const char *key);
/*
 * The person ids of a field holding a comma-separated list ("12,34"): up
 * to max into ids, their number returned; -1 when the text is not such a
 * list or holds more than max.
 */
int dev_field_ids(const struct dev_record *r, const char *key, long long *ids, int max);

/* A rule value with its key and source; in_force 0: no version on the day
 * (the rule is not applied). A date rule's value is a day number. */
struct dev_rule {
	const char *key;
	long value;
	int in_force;
	const char *source;
};

/* The rules of the procedure, as in force on the step's date. */
struct dev_rules {
	struct dev_rule min_age, founding_date, talk_months, contacts, cultivation_years,
		training_days, training_hours, sponsors, publicity_workdays, quorum,
		majority, approval_months, approval_months_special, extension_min,
		extension_max, conversion_approval_months, probation_years;
};
/* The keys of the members of struct dev_rules, in their order. */
extern const char *const dev_rule_keys[];
extern const size_t nr_dev_rule_keys;
/* The member of r for the i-th key of dev_rule_keys. */
struct dev_rule *dev_rules_at(struct dev_rules *r, size_t i);

/*
 * The shipped default rules of the procedure in force on day (model/rules.c
 * rules_default), without an installation's overrides: for a database that
 * has none yet (the generator's). ops/development-ops.h dev_rules_load
 * reads the same rules with the overrides.
 */
void dev_rules_defaults(int day, struct dev_rules *r);

/* What the check needs from the store. */
struct dev_facts {
	int today;
	/* contacts (activist) or sponsors: each id of the field and whether
	 * it is a person who is a full member on the step's date */
	int nr_people;
	long long people[DEV_IDS_MAX];
	int people_full[DEV_IDS_MAX];
	/* publicity: working days from its "from" to its "to"; branch vote:
	 * from the publicity's "from" to the day before the vote; -1 unknown */
	int workdays;
};

/*
 * The date of step s as done for p with history h (n steps): the recorded
 * step's date, or the key date that implies it for a record kept without
 * steps (applied: application and talk; activist; target and the steps of
 * the target stage; admitted: up to the oath; full: up to the conversion
 * approval). DATE_NONE when not done.
 */
int dev_done_on(const struct person *p, const struct dev_record *h, size_t n, int s);

/* The publicity's "from" day in h (its field, else its date); DATE_NONE when none. */
int dev_publicity_from(const struct dev_record *h, size_t n);

/* The day the probation of p ends (admitted + probation years + extension months). */
int dev_probation_end(const struct dev_rules *r, const struct person *p,
		      const struct dev_record *h, size_t n);

/*
 * Checks that step next may be recorded for p after the steps h (n, in
 * date order): its fields (known keys for the step, required ones given,
 * numbers and dates well formed; code "dev_unknown_field", "required",
 * "dev_invalid_number", "invalid_date"), its date (given, not in the future, not
 * before a step it follows), its order (each step of the stage before it
 * done: "dev_step_not_eligible" naming the missing step; not done already:
 * "dev_step_recorded"; no later stage done: "dev_step_out_of_order"; the
 * membership not ended: "dev_membership_ended") and its eligibility, each
 * refusal with error_rule naming the rule: "dev_too_young" (dev.min_age),
 * "dev_before_founding" (dev.founding_date), "dev_contacts_count",
 * "dev_contact_not_full" (dev.contacts), "dev_cultivation_too_short"
 * (dev.cultivation_years), "dev_sponsors_count", "dev_sponsor_not_full"
 * (dev.sponsors), "dev_training_short" (dev.training_days),
 * "dev_publicity_short", "dev_vote_before_publicity" (dev.publicity_workdays),
 * "dev_no_quorum" (dev.quorum_permille), "dev_no_majority"
 * (dev.majority_permille), "dev_approval_too_late"
 * (dev.approval_months_special), "dev_probation_not_ended"
 * (membership.probation_years), "dev_extension_months"
 * (dev.extension_min_months / dev.extension_max_months),
 * "dev_extension_twice" (dev.extension_max_months). A step recorded after
 * its deadline is accepted and next->late set: a talk more than
 * dev.talk_months after the application, an approval more than
 * dev.approval_months after the vote (dev.approval_months_special with
 * "special" = "yes" and a reason), a conversion approval more than
 * dev.conversion_approval_months after the conversion vote.
 */
int dev_check(const struct dev_rules *r, const struct person *p,
	      const struct dev_record *h, size_t n, struct dev_record *next,
	      const struct dev_facts *f, struct error *err);

/*
 * What step next does to p: application sets the status applicant and the
 * application date; activist and target their status and date; approval
 * makes p probationary, admitted on the branch vote's date; conversion
 * approval makes p full on the day the probation ends; cancellation ends
 * the probationary membership (status withdrawn, exited on its date).
 * Other steps change nothing.
 */
void dev_apply(const struct dev_rules *r, struct person *p, const struct dev_record *h,
	       size_t n, const struct dev_record *next);

/*
 * The steps that may come next for p after h: into out (room for
 * DEV_NR_STEPS), their number returned. Order and state only; the
 * eligibility of dates and fields is dev_check's.
 */
int dev_next_steps(const struct person *p, const struct dev_record *h, size_t n, int *out);

/* The field keys a step takes, NULL-terminated; required ones first, *nr_required of them. */
const char *const *dev_step_fields(int step, int *nr_required);

/*
 * The next step due (发展党员台账): what the rules say comes next for a
 * person in the pipeline and by when. The one home of that rule; the
 * register (ops/dev-register.c) and the member page show what it says.
 *
 * kind: DEV_DUE_BY, a deadline (the talk within dev.talk_months of the
 * application, the approval within dev.approval_months of the branch
 * vote, the conversion approval within dev.conversion_approval_months of
 * the conversion vote); DEV_DUE_ON, due on the day (the conversion vote on
 * the day the probation ends: membership.probation_years plus an
 * extension); DEV_DUE_FROM, the earliest day the step may come (the
 * development target dev.cultivation_years after the activist; the branch
 * vote on the day after the dev.publicity_workdays-th working day of the
 * publicity, counted by the calendar, and after its "to"); DEV_DUE_NONE,
 * no rule sets a day (an activist after the talk, the steps of the target
 * stage, the pre-review, the publicity, the oath).
 */
enum dev_due_kind { DEV_DUE_NONE = 0, DEV_DUE_BY, DEV_DUE_ON, DEV_DUE_FROM };

/* "none", "by", "on", "from". */
const char *dev_due_kind_name(int kind);

/* The working-day calendar the due days count in: the years loaded
 * (model/calendar.h), any order. A year missing or not covered makes a
 * count in it unknown, never a guess. */
struct dev_calendar {
	const struct calendar_year *years;
	size_t nr;
};

struct dev_due {
	int step;                     /* enum dev_step; 0: not in the pipeline */
	int date;                     /* day, or DATE_NONE */
	int kind;                     /* enum dev_due_kind */
	const struct dev_rule *rule;  /* the rule that sets date (into r), or NULL */
	int overdue;                  /* DEV_DUE_BY / ON and as_of after date */
	int unknown;                  /* the calendar does not cover the count */
};

/*
 * The next step due for p with the steps h (n, in date order) as of day
 * as_of: only the steps and key dates on or before as_of count. Returns 1
 * and fills *out when p is in the pipeline on as_of (an applicant,
 * activist, development target or probationary member), else 0 (out->step
 * 0). The next step is the first step in procedure order that may come
 * (dev_next_steps), side steps (extension, cancellation) left aside. r:
 * the rules in force on as_of; cal: may be NULL (working days unknown).
 */
int dev_next_due(const struct dev_rules *r, const struct person *p,
		 const struct dev_record *h, size_t n, int as_of,
		 const struct dev_calendar *cal, struct dev_due *out);

#endif
