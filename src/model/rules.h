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
	const char *unit;          /* "years", "kinds", "flag" */
	const char *applies_from;  /* YYYY-MM-DD */
	const char *source;        /* regulation and article */
};

/* The default versions, grouped by key, oldest version first per key. */
extern const struct rule_def rule_defaults[];
extern const size_t nr_rule_defaults;

/*
 * The default version of key in force on day (a day number), or NULL when
 * the key is unknown or no version applies yet on that day.
 */
const struct rule_def *rules_default(const char *key, int day);

/* The first default row of key (for its unit), or NULL if unknown. */
const struct rule_def *rules_find(const char *key);

/*
 * Checks value for key: the key must be known (ST_NOT_FOUND, field "key"),
 * a "years" value an integer 0-99, a "kinds" value a comma-separated list
 * of organization-kind keys (possibly empty), a "flag" value "yes" or "no"
 * (ST_INVALID, field "value", naming the rule).
 */
int rules_check_value(const char *key, const char *value, struct error *err);

/*
 * The units a rule's value reads in, and what rules_check_value accepts:
 *   years 0-99; months, days, workdays, hours, count 0-9999; fen (an amount
 *   in fen, 1/100 yuan) 0-99999999; permille (a rate in thousandths)
 *   0-1000; date YYYY-MM-DD; flag yes|no; kinds a list of organization-kind
 *   keys. The numeric units are whole numbers: no floating point anywhere.
 */
/* 1 when unit is one of the whole-number units above. */
int rules_unit_is_number(const char *unit);

/* The integer of a "years" value; -1 when it is not one. */
int rules_int(const char *value);

/* The integer of a value of a numeric unit (within its range); -1 when it is not one. */
long rules_number(const char *unit, const char *value);

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
