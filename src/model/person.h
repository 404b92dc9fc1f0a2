/*
 * person.h - a person record with its zero or one membership.
 *
 * struct person is a plain value (fixed-size text fields, no pointers), so it
 * can be copied and kept in arrays. Identity fields follow the national
 * standards (codes.h, idcard.h). Membership fields are meaningful when
 * status != 0. person_validate() is the single place where the rules of a
 * well-formed record live: import, CLI and HTTP all call it. Pure: no I/O.
 */
#ifndef OW_PERSON_H
#define OW_PERSON_H

#include "core/error.h"
#include "model/idcard.h"

#define PERSON_NAME_SIZE 96     /* up to 30 characters of UTF-8 */
#define PERSON_NAME_MAX_CHARS 30
#define PERSON_PHONE_SIZE 24
#define PERSON_ADDRESS_SIZE 256
#define PERSON_PINYIN_SIZE 192
#define PERSON_INITIALS_SIZE 48

struct person {
	long long id;                       /* 0 until stored */
	char name[PERSON_NAME_SIZE];
	int sex;                            /* code_sex */
	int birth_date;                     /* day number */
	int ethnicity;                      /* code_ethnicity */
	int education;                      /* code_education */
	int occupation;                     /* code_occupation (enum occupation) */
	char id_number[IDCARD_SIZE];        /* normalized 18 chars, or "" */
	char phone[PERSON_PHONE_SIZE];
	char address[PERSON_ADDRESS_SIZE];
	char pinyin[PERSON_PINYIN_SIZE];    /* derived from name by the store */
	char initials[PERSON_INITIALS_SIZE];
	/* membership: status == 0 means none */
	long long org_id;
	int status;                         /* enum member_status */
	int flags;                          /* enum member_flag bits */
	int applied, activist, target, admitted, full, exited; /* key dates */
	int masked;                         /* identifiers masked for output
	                                       (ops/privacy.h); never stored */
};

/* Empty record: every date DATE_NONE, every code 0, texts "". */
void person_init(struct person *p);

/*
 * The values of the catalogue rules (model/rules.h) that a record's key
 * dates must obey. The caller reads them (ops/member-ops.h
 * member_person_rules, or person_rules_default for the shipped defaults) and
 * passes them in, so that this file stays pure and each rule keeps one home.
 */
struct person_rules {
	int min_age;              /* dev.min_age, years */
	int founding_date;        /* dev.founding_date, day number */
	int cultivation_from;     /* the day dev.cultivation_years' version in force
				   * today applies from */
	int cultivation_years;    /* that version's value: activist to target on or
				   * after cultivation_from */
	int cultivation_years_before; /* the version before it (targets named earlier) */
	const char *min_age_source, *founding_source;
	const char *cultivation_source, *cultivation_source_before;
};

/* The shipped defaults of the rules above (rule_defaults, in force on today). */
void person_rules_default(struct person_rules *r, int today);

/*
 * Checks and normalizes p in place against the rules: name 1-30 characters
 * and address valid UTF-8 (the limits of person_set_text());
 * sex, ethnicity, education, occupation from their code tables; birth date
 * given and not after today; the ID number (if given) valid, converted to 18
 * characters, and agreeing with birth date and sex; phone 11-digit mobile
 * (1xxxxxxxxxx) or landline digits with one hyphen; membership: a known
 * status with an organization, the key date the status requires (applicant:
 * applied; activist: activist; target: target; probationary and full:
 * admitted; withdrawn, expelled, deceased: exited), dates in the order
 * applied <= activist <= target <= admitted <= full <= exited, none in the
 * future, none before rules->founding_date (code "dev_before_founding", rule
 * dev.founding_date), the applicant at least rules->min_age years old on the
 * application date (or on the admission date when no application date is
 * recorded; code "too_young", rule dev.min_age), and the target date at
 * least the cultivation years in force on it after the activist date (code
 * "dev_cultivation_too_short", rule dev.cultivation_years; none before the 2014
 * Detailed Rules). rules NULL: person_rules_default.
 * The first violation is reported in err with the field name.
 */
int person_validate(struct person *p, int today, const struct person_rules *rules,
		    struct error *err);

/*
 * The same, for a caller that has just checked p->id_number itself:
 * `known` is idcard_check()'s result for that exact text (the check is not
 * repeated); NULL makes it person_validate().
 */
int person_validate_known_id(struct person *p, int today,
			     const struct person_rules *rules,
			     const struct idcard_info *known, struct error *err);

/* The text fields of a person, for person_set_text(). */
enum person_text {
	PERSON_TEXT_NAME,        /* "name" */
	PERSON_TEXT_ID_NUMBER,   /* "id_number" */
	PERSON_TEXT_PHONE,       /* "phone" */
	PERSON_TEXT_ADDRESS,     /* "address" */
};

/*
 * The one place where the length and encoding of a person's text fields are
 * checked: the API body decoder and the CLI option parser both set the
 * fields through it, so both refuse the same value with the same error, and
 * person_validate() applies the same limits. Copies value, without
 * surrounding blanks, into field f of p; NULL or "" clears the field. When
 * the value does not fit, p is left unchanged and ST_INVALID is returned
 * with err naming the field by its API name ("name", "id_number", "phone",
 * "address"): "<field> is not valid UTF-8 text" (name, address), "name is
 * longer than 30 characters", or "<field> is longer than N bytes" (the
 * size of the field's array less one). The formats (ID number check
 * character, phone digits) are person_validate()'s.
 */
int person_set_text(struct person *p, enum person_text f, const char *value,
		    struct error *err);

/* The API name of a text field ("name", "id_number", ...). */
const char *person_text_name(enum person_text f);

/* Age in whole years on day. */
int person_age(const struct person *p, int day);

/*
 * Party age (党龄) in whole years on day: counted from the conversion to
 * full membership (the `full` date; Party Constitution art. 7), not from
 * admission, up to the exit when the membership ended before day. -1 when
 * no full-membership date is recorded or it lies after day. The one rule
 * of party age: the API, the lists and the UI all take it from here.
 */
int person_party_age(const struct person *p, int day);

/* Status the key dates imply on day (0 when not yet an applicant). */
int person_status_on(const struct person *p, int day);

/*
 * The membership fields of a person without name or identifiers: what a
 * scan over many persons reads for each (store/person-store.h
 * person_store_subtree_dates).
 */
/*
 * What the findings of the development and of standing read beyond the key
 * dates (ops/findings.c; the statistics engine keeps the same per member):
 * the day of the talk with the applicant (the recorded step's, else the
 * application's when the key dates imply the talk, as dev_done_on does;
 * DATE_NONE when not held), the days of the recorded branch vote and
 * approval (DATE_NONE when not recorded as steps), the months of a recorded
 * extension of probation (0: none), and the latest lost-contact record's
 * start and end (DATE_NONE: none / still open). person_track_init sets
 * every field to none.
 */
struct person_track {
	int talk, vote, approval, ext_months, lost_from, lost_to;
};
void person_track_init(struct person_track *t);
/*
 * The talk's day from what the store read: the recorded talk step's day
 * (talk_step), else none when the application was recorded as a step
 * (app_step), else the application day when the key dates are past the
 * applicant stage (activist, admitted or full recorded): the talk implied.
 */
int person_track_talk(int talk_step, int app_step, int applied, int activist,
		      int admitted, int full);

struct person_dates {
	long long id, org_id;
	int status, flags;
	int applied, activist, target, admitted, full, exited;
	struct person_track track;   /* filled by the findings scan only */
};

/* person_status_on of the same fields (the one rule, used by both). */
int person_dates_status_on(const struct person_dates *d, int day);

/*
 * Narrowing by the attributes the statistics count, so that a figure opens
 * the list of exactly the persons it counts (stats_drill_filter fills it
 * from roll-up keys); zero or "" = no condition.
 */
struct person_drill {
	int sex;                 /* GB/T 2261.1 code */
	int ethnic;              /* 1 = Han (code 01) only, 2 = every other code */
	int ethnicity;           /* GB/T 3304 code */
	int college;             /* 1 = education codes 10..39, 2 = any other */
	int education_group;     /* GB/T 4658 major group (code / 10) + 1 */
	int occupation;          /* occupation code */
	char born_after[11];     /* "YYYY-MM-DD": birth_date > born_after */
	char born_by[11];        /* birth_date <= born_by */
	char joined_from[11];    /* admission date (else full membership date) >= */
	char joined_before[11];  /* ... < joined_before */
	int not_joined;          /* neither date recorded */
};

#endif
