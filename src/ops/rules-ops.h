/*
 * rules-ops.h - the rules in force: the catalogue's defaults (model/rules.h)
 * merged with the installation's overrides (store/rules-store.h), and
 * setting an override.
 *
 * The version of a rule in force on a day is the default or override with
 * the latest applies_from on or before that day; on the same day an
 * override wins. Not for: what the rules decide (org-ops.c, member-ops.c
 * and the statistics ask here and apply them).
 */
#ifndef OW_RULES_OPS_H
#define OW_RULES_OPS_H

#include "core/error.h"
#include "model/org.h"
#include "model/rules.h"

struct db;

struct rule_in_force {
	const struct rule_def *def;     /* the default version in force on the day,
					 * else the key's first (unit, source) */
	char value[RULE_VALUE_SIZE];
	int applies_from;               /* day */
	int overridden;                 /* 1: the installation's value */
	char reason[1024];              /* of the override, "" for a default */
};

/*
 * The version of key in force on day (db NULL: the defaults alone, for a
 * report read from a snapshot file). ST_NOT_FOUND (field "key") when the
 * key is unknown or no version applies yet on that day.
 */
int rules_get(struct db *db, const char *key, int day, struct rule_in_force *out,
	      struct error *err);

/*
 * rules_get of a rule of a numeric unit (rules_unit_is_number), its whole
 * number into *value (ST_INTERNAL when the key's unit is not numeric).
 */
int rules_get_int(struct db *db, const char *key, int day, long *value,
		  struct error *err);

/* rules_get of a "date" rule, its day number into *value. */
int rules_get_date(struct db *db, const char *key, int day, int *value,
		   struct error *err);

/* rules_get of a "monthday" rule: its month (1-12) and day of the month. */
int rules_get_monthday(struct db *db, const char *key, int day, int *month, int *mday,
		       struct error *err);

/* rules_get of a "years" rule, the number into *years. */
int rules_get_years(struct db *db, const char *key, int day, int *years,
		    struct error *err);

/*
 * The party age at which the 50-year medal is due on 1 July of year
 * (rule medal.glory_50.party_years of that day); 0 when the rule is not in
 * force yet that year (no medal due).
 */
int rules_medal_years(struct db *db, int year, int *years, struct error *err);

/*
 * Calls fn for each key of the catalogue (in the catalogue's order) with
 * its version in force on day; a key with no version yet on day is given
 * its first version. Stops at fn's first non-zero answer and returns it.
 */
int rules_each(struct db *db, int day,
	       int (*fn)(const struct rule_in_force *r, void *ctx), void *ctx,
	       struct error *err);

/* r as the record the JSON codec prints (json/rules-json.h); v points into r. */
void rules_in_force_version(const struct rule_in_force *r, struct rule_version *v);

/*
 * Every version of key, oldest first: the defaults and the installation's
 * overrides (an override after a default of the same day, overrides of one
 * day in the order written), fn called with each; the strings of a version
 * live until fn returns. *in_force is set to the index of the version in
 * force on day (-1 when none applies yet). ST_NOT_FOUND (field "key") for
 * an unknown key; stops at fn's first non-zero answer and returns it.
 */
int rules_versions(struct db *db, const char *key, int day,
		   int (*fn)(const struct rule_version *v, void *ctx), void *ctx,
		   int *in_force, struct error *err);

/*
 * Overrides key with value from day `from` (DATE_NONE: today) for the
 * reason given (required, 1-200 characters of UTF-8 text), in one
 * transaction with its audit row (action "rule.set", actor). Errors:
 * ST_NOT_FOUND for an unknown key, ST_INVALID naming "value", "reason" or
 * "from".
 */
int rules_set(struct db *db, const char *key, const char *value, int from,
	      const char *reason, const char *actor, struct error *err);

/*
 * The leadership term of o in force: *years from o->term_years when it is
 * recorded, else from the term rule of its kind and sector (rules_term_key)
 * on the day the term started (today when no start is known); 0 for kinds
 * without a term. *end is term_start plus the years, DATE_NONE when the
 * start is unknown or there is no term. *rule_key is the rule used, or NULL
 * when the years were recorded or there is no term.
 */
int org_term(struct db *db, const struct org *o, int *years, int *end,
	     const char **rule_key, struct error *err);

#endif
