/*
 * rules.h - the rules catalogue: the rules of the regulations that orgwork
 * applies (terms, structure, the 50-year medal, ...), as data with their
 * sources, shipped as defaults.
 *
 * A rule is a key ("term.branch"), a value held as text ("3", a list of
 * organization kinds), a unit that says how the value reads ("years",
 * "kinds"), the regulation and article it comes from, and the day it
 * applies from. A rule that changed over time has one row per version; the
 * version in force on a day is the row with the latest applies_from on or
 * before it. Installations override values in the database (ops/rules.h
 * merges the two); this file holds only the defaults and reads values.
 * Pure: no I/O, no store. docs/rules.md lists every key (a test compares).
 */
#ifndef OW_RULES_H
#define OW_RULES_H

#include <stddef.h>

#include "core/error.h"

#define RULE_KEY_SIZE 64
#define RULE_VALUE_SIZE 256
#define RULE_REASON_MAX_CHARS 200

/* One version of a rule. Strings are static. */
struct rule_def {
	const char *key;
	const char *value;
	const char *unit;          /* "years", "months", ..., "kinds" (see below) */
	const char *applies_from;  /* YYYY-MM-DD */
	const char *source;        /* regulation and article, in English */
	const char *source_zh;     /* the same citation in Chinese (《...》第N条), or NULL */
};

/*
 * One version of a rule as it is shown (the CLI and the API print it the
 * same way, json/rules-json.h): a default, or an installation's override
 * with its reason, who set it and when. Strings are borrowed.
 */
struct rule_version {
	const struct rule_def *def;  /* the default row: key, unit and source */
	const char *value;
	int applies_from;            /* day */
	int overridden;              /* 1: an override; def is then the default in
				      * force on its day, else the key's first */
	const char *reason;          /* of an override, NULL for a default */
	const char *set_by;          /* of an override: the actor, else NULL */
	const char *set_at;          /* of an override: UTC ISO 8601, else NULL */
};

/* The default versions, grouped by key, oldest version first per key. */
extern const struct rule_def rule_defaults[];
extern const size_t nr_rule_defaults;

/*
 * The default version of key in force on day (a day number), or NULL when
 * the key is unknown or no version applies yet on that day.
 */
const struct rule_def *rules_default(const char *key, int day);

/*
 * The Chinese citation of the version of key whose English source is
 * source, or starts with it (error_rule may have cut a long one); NULL
 * when there is none.
 */
const char *rules_source_zh(const char *key, const char *source);

/* The first default row of key (for its unit), or NULL if unknown. */
const struct rule_def *rules_find(const char *key);

/*
 * Checks value for key: the key must be known (ST_NOT_FOUND, field "key",
 * code unknown_rule); the value must read in the rule's unit (ST_INVALID,
 * field "value", naming the rule): a whole number in the unit's range
 * (code out_of_range with params min and max), a date (invalid_date), a
 * day of the year MM-DD (rule_value_monthday), yes or no
 * (rule_value_flag), organization kinds separated by commas, possibly none
 * (rule_value_kinds).
 */
int rules_check_value(const char *key, const char *value, struct error *err);

/*
 * The units a rule's value reads in, and what rules_check_value accepts:
 *   years 0-99; months, days, workdays, hours, count 0-9999; fen (an amount
 *   in fen, 1/100 yuan) 0-99999999; permille (a rate in thousandths)
 *   0-1000; date YYYY-MM-DD; monthday MM-DD (a day of every year, 02-29
 *   allowed); flag yes|no; kinds a list of organization-kind keys. The
 *   numeric units are whole numbers: no floating point anywhere.
 */
/* 1 when unit is one of the whole-number units above. */
int rules_unit_is_number(const char *unit);

/* The integer of a "years" value; -1 when it is not one. */
int rules_int(const char *value);

/* The integer of a value of a numeric unit (within its range); -1 when it is not one. */
long rules_number(const char *unit, const char *value);

/* A "monthday" value MM-DD into *month and *mday: 0, or -1 when it is not one. */
int rules_monthday(const char *value, int *month, int *mday);

/* 1 when the kind's key (codes.h code_org_kind) is in the list "a,b,c". */
int rules_kinds_has(const char *list, int kind);

/* Rule keys used by the code (each has rows in rule_defaults). */
#define RULE_TERM_COMMITTEE "term.committee"
#define RULE_TERM_BRANCH "term.branch"
#define RULE_TERM_VILLAGE_COMMUNITY "term.village_community"
#define RULE_MEDAL_PARTY_YEARS "medal.glory_50.party_years"
#define RULE_MEMBER_KINDS "membership.formal_kinds"
#define RULE_PROBATION_YEARS "membership.probation_years"
#define RULE_LEVEL_ORDER "structure.level_below_parent"
#define RULE_CONVERSION_DUE_DAYS "findings.conversion_due_days"
/* the development procedure (model/development.h) */
#define RULE_DEV_MIN_AGE "dev.min_age"
#define RULE_DEV_FOUNDING_DATE "dev.founding_date"
#define RULE_DEV_TALK_MONTHS "dev.talk_months"
#define RULE_DEV_CONTACTS "dev.contacts"
#define RULE_DEV_CULTIVATION_YEARS "dev.cultivation_years"
#define RULE_DEV_TRAINING_DAYS "dev.training_days"
#define RULE_DEV_TRAINING_HOURS "dev.training_hours"
#define RULE_DEV_SPONSORS "dev.sponsors"
#define RULE_DEV_PUBLICITY_WORKDAYS "dev.publicity_workdays"
#define RULE_DEV_QUORUM_PERMILLE "dev.quorum_permille"
#define RULE_DEV_MAJORITY_PERMILLE "dev.majority_permille"
#define RULE_DEV_APPROVAL_MONTHS "dev.approval_months"
#define RULE_DEV_APPROVAL_MONTHS_SPECIAL "dev.approval_months_special"
#define RULE_DEV_EXTENSION_MIN_MONTHS "dev.extension_min_months"
#define RULE_DEV_EXTENSION_MAX_MONTHS "dev.extension_max_months"
#define RULE_DEV_CONVERSION_APPROVAL_MONTHS "dev.conversion_approval_months"
/* standing and discipline: the term of probation within the party, the
 * months a sanction's effect lasts (its "end"), lost contact that is due for
 * the finding */
#define RULE_DISCIPLINE_PROBATION_MIN "discipline.probation_min_years"
#define RULE_DISCIPLINE_PROBATION_MAX "discipline.probation_max_years"
#define RULE_DISCIPLINE_WARNING_MONTHS "discipline.warning_effect_months"
#define RULE_DISCIPLINE_SERIOUS_WARNING_MONTHS "discipline.serious_warning_effect_months"
#define RULE_DISCIPLINE_REMOVAL_MONTHS "discipline.removal_effect_months"
#define RULE_STANDING_LOST_CONTACT_MONTHS "standing.lost_contact_months"
/* "structure.parents.<kind key>": the kinds an organization of that kind may sit under. */
#define RULE_PARENTS_PREFIX "structure.parents."

/* branch set-up (counts of members, committee members and units) */
#define RULE_BRANCH_MIN_FULL "structure.branch.min_full_members"
#define RULE_BRANCH_USUAL_MAX "structure.branch.usual_max_members"
#define RULE_JOINT_BRANCH_MAX_UNITS "structure.joint_branch.max_units"
#define RULE_TEMPORARY_WORK_MONTHS "structure.temporary_work.months"
#define RULE_COMMITTEE_MIN_FULL "structure.branch_committee.min_full_members"
#define RULE_COMMITTEE_MIN_SIZE "structure.branch_committee.min_size"
#define RULE_COMMITTEE_USUAL_SIZE "structure.branch_committee.usual_max_size"
#define RULE_COMMITTEE_MAX_SIZE "structure.branch_committee.max_size"
/* a term extended or an election brought forward, at most */
#define RULE_TERM_SHIFT_MAX "term.shift_max_years"
/* candidates above the seats, in thousandths of the seats */
#define RULE_DIFFERENTIAL_PERMILLE "election.differential_min_permille"
/* organizational life: the longest interval between two meetings of a kind */
#define RULE_LIFE_BRANCH_MEETING "life.branch_meeting.months"
#define RULE_LIFE_COMMITTEE_MEETING "life.committee_meeting.months"
#define RULE_LIFE_GROUP_MEETING "life.group_meeting.months"
#define RULE_LIFE_PARTY_LESSON "life.party_lesson.months"
#define RULE_LIFE_THEME_DAY "life.theme_day.months"
#define RULE_LIFE_ORG_LIFE_MEETING "life.org_life_meeting.months"
#define RULE_LIFE_APPRAISAL "life.appraisal.months"
#define RULE_LIFE_EXCELLENT_MAX "life.appraisal.excellent_max_permille"
#define RULE_SELF_WITHDRAWAL_MONTHS "membership.self_withdrawal_months"
/*
 * Party dues: salaried members pay rate_N on monthly after-tax pay up to
 * bound_N (rate_4 above bound_3); retirees rate_1 up to bound_1, rate_2
 * above; fixed and farmers' amounts a month.
 */
#define RULE_DUES_SALARIED_BOUND_1 "dues.salaried.bound_1_fen"
#define RULE_DUES_SALARIED_BOUND_2 "dues.salaried.bound_2_fen"
#define RULE_DUES_SALARIED_BOUND_3 "dues.salaried.bound_3_fen"
#define RULE_DUES_SALARIED_RATE_1 "dues.salaried.rate_1_permille"
#define RULE_DUES_SALARIED_RATE_2 "dues.salaried.rate_2_permille"
#define RULE_DUES_SALARIED_RATE_3 "dues.salaried.rate_3_permille"
#define RULE_DUES_SALARIED_RATE_4 "dues.salaried.rate_4_permille"
#define RULE_DUES_RETIRED_BOUND_1 "dues.retired.bound_1_fen"
#define RULE_DUES_RETIRED_RATE_1 "dues.retired.rate_1_permille"
#define RULE_DUES_RETIRED_RATE_2 "dues.retired.rate_2_permille"
#define RULE_DUES_FIXED_FEN "dues.fixed_monthly_fen"
#define RULE_DUES_FARMER_MIN_FEN "dues.farmer.min_fen"
#define RULE_DUES_FARMER_MAX_FEN "dues.farmer.max_fen"
/* the income base reviewed every N months; members N months in arrears reminded */
#define RULE_DUES_REVIEW_MONTHS "dues.base_review_months"
#define RULE_DUES_ARREARS_NOTICE_MONTHS "dues.arrears_notice_months"
#define RULE_TRANSFER_LETTER_MONTHS "transfer.letter_valid_months"
#define RULE_TRANSFER_FORMAL_MONTHS "transfer.formal_after_months"
#define RULE_CADRE_NOTICE_WORKDAYS "cadre.public_notice_workdays"
#define RULE_CADRE_PROBATION_YEARS "cadre.probation_years"
#define RULE_CADRE_DEPUTY_TO_PRINCIPAL "cadre.years_deputy_to_principal"
#define RULE_CADRE_PRINCIPAL_TO_UPPER "cadre.years_principal_to_upper_deputy"
#define RULE_CADRE_REPORT_DUE "cadre.personal_report_due"
#define RULE_CADRE_REPORT_CHECK "cadre.personal_report_check_permille"
#define RULE_CADRE_TRAINING_LEADER "cadre.training.county_hours_5_years"
#define RULE_CADRE_TRAINING_OTHER "cadre.training.other_hours_year"

/*
 * The term rule of an organization of kind in sector: RULE_TERM_COMMITTEE
 * for committees, RULE_TERM_VILLAGE_COMMUNITY for general branches and
 * branches of the rural and community sectors, RULE_TERM_BRANCH for other
 * general branches and branches; NULL for kinds without an elected
 * leadership term (working committees, leading party groups, party groups,
 * temporary organizations).
 */
const char *rules_term_key(int kind, int sector);

#endif
