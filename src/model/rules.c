/*
 * rules.c - the default rules with their sources (see rules.h), and the
 * reading of rule values.
 *
 * Not here: the overrides of an installation and their audit (store/
 * rules-store.c, ops/rules.c); what the rules are used for (ops/).
 * docs/rules.md must list every key of this table; t0850-rules checks it.
 */
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "model/codes.h"
#include "model/rules.h"

#define CONSTITUTION_ART30 \
	"Party Constitution art. 30, 2012 text (grassroots committees 3-5 years, " \
	"general branch and branch committees 2 or 3 years): the longest term allowed"
#define TERMS_2018 "Opinions on the Terms of Grassroots Party Organizations (2018), point 1"
#define BRANCH_REGS "Regulations on the Work of Party Branches (2018)"
#define DISCIPLINE_REGS "Regulations on Disciplinary Action (2023 text)"
#define PARTY_GROUP_REGS "Regulations on the Work of Leading Party Groups (2019)"

const struct rule_def rule_defaults[] = {
	/* terms of the leadership bodies (届期) */
	{ RULE_TERM_COMMITTEE, "5", "years", "1921-07-01", CONSTITUTION_ART30 },
	{ RULE_TERM_COMMITTEE, "5", "years", "2018-07-12", TERMS_2018 },
	{ RULE_TERM_BRANCH, "3", "years", "1921-07-01", CONSTITUTION_ART30 },
	{ RULE_TERM_BRANCH, "3", "years", "2018-07-12", TERMS_2018 },
	{ RULE_TERM_VILLAGE_COMMUNITY, "3", "years", "1921-07-01", CONSTITUTION_ART30 },
	{ RULE_TERM_VILLAGE_COMMUNITY, "5", "years", "2018-07-12", TERMS_2018 },
	/* the 50-year medal */
	{ RULE_MEDAL_PARTY_YEARS, "50", "years", "2021-01-01",
	  "Measures for Awarding the Medal \"Glory in the Party for 50 Years\" (2021); "
	  "party age from conversion to full membership, Party Constitution art. 7" },
	/* where members' formal relationship is held */
	{ RULE_MEMBER_KINDS, "committee,working_committee,general_branch,branch", "kinds",
	  "1921-07-01",
	  "Party Constitution art. 8 and ch. 5; " PARTY_GROUP_REGS
	  " (a leading party group is not a grassroots organization); " BRANCH_REGS
	  " (a temporary organization's members keep their formal branch)" },
	/* the probationary period of a new member (预备期) */
	{ RULE_PROBATION_YEARS, "1", "years", "1921-07-01",
	  "Party Constitution art. 7 (the probationary period of a probationary member is one year)" },
	/* which kind may sit under which */
	{ RULE_LEVEL_ORDER, "yes", "flag", "1921-07-01",
	  "Party Constitution art. 10 and chs. 3-5 (a local committee sits under a "
	  "committee of a higher level)" },
	{ RULE_PARENTS_PREFIX "committee", "committee,working_committee", "kinds",
	  "1921-07-01", "Party Constitution chs. 4-5 (arts. 27-32)" },
	{ RULE_PARENTS_PREFIX "working_committee", "committee,working_committee", "kinds",
	  "1921-07-01", "Party Constitution art. 29 (bodies dispatched by a committee)" },
	{ RULE_PARENTS_PREFIX "leading_group", "committee", "kinds", "1921-07-01",
	  PARTY_GROUP_REGS " (set up with the approval of a committee; not part of "
	  "the grassroots tree, so nothing sits under it)" },
	{ RULE_PARENTS_PREFIX "general_branch", "committee,working_committee", "kinds",
	  "1921-07-01", "Party Constitution art. 30; " BRANCH_REGS },
	{ RULE_PARENTS_PREFIX "branch", "committee,working_committee,general_branch",
	  "kinds", "1921-07-01", BRANCH_REGS " (a branch sits under a committee or a general branch)" },
	{ RULE_PARENTS_PREFIX "party_group", "branch", "kinds", "1921-07-01",
	  BRANCH_REGS " (party groups divide a branch)" },
	{ RULE_PARENTS_PREFIX "temporary", "committee,working_committee,general_branch,branch",
	  "kinds", "1921-07-01",
	  BRANCH_REGS " (set up by the organization that organizes the project or work)" },
	/* standing and discipline (ops/standing-ops.h) */
	{ RULE_DISCIPLINE_PROBATION_MIN, "1", "years", "1921-07-01",
	  DISCIPLINE_REGS " art. 12 (probation within the party is of one or two years)" },
	{ RULE_DISCIPLINE_PROBATION_MAX, "2", "years", "1921-07-01",
	  DISCIPLINE_REGS " art. 12 (probation within the party is of one or two years)" },
	{ RULE_DISCIPLINE_WARNING_MONTHS, "12", "months", "1921-07-01",
	  DISCIPLINE_REGS " art. 10 (within one year of a warning no promotion in the party)" },
	{ RULE_DISCIPLINE_SERIOUS_WARNING_MONTHS, "18", "months", "1921-07-01",
	  DISCIPLINE_REGS " art. 10 (within a year and a half of a serious warning no "
	  "promotion in the party)" },
	{ RULE_DISCIPLINE_REMOVAL_MONTHS, "24", "months", "1921-07-01",
	  DISCIPLINE_REGS " art. 11 (within two years of the removal from party post no "
	  "post equal to or above the one removed from)" },
	{ RULE_STANDING_LOST_CONTACT_MONTHS, "6", "months", "1921-07-01",
	  "Organization Department, handling of members who lost contact with the party "
	  "organization (失联党员): contact lost for six months or more" },
};
const size_t nr_rule_defaults = sizeof(rule_defaults) / sizeof(rule_defaults[0]);

const struct rule_def *rules_find(const char *key)
{
	for (size_t i = 0; i < nr_rule_defaults; i++)
		if (!strcmp(rule_defaults[i].key, key))
			return &rule_defaults[i];
	return NULL;
}

const struct rule_def *rules_default(const char *key, int day)
{
	const struct rule_def *best = NULL;
	int best_from = 0;

	for (size_t i = 0; i < nr_rule_defaults; i++) {
		const struct rule_def *r = &rule_defaults[i];
		int from;
		if (strcmp(r->key, key) || date_parse(r->applies_from, &from) || from > day)
			continue;
		if (!best || from >= best_from) {
			best = r;
			best_from = from;
		}
	}
	return best;
}

int rules_int(const char *value)
{
	char *end;
	long v;

	if (!value || value[0] < '0' || value[0] > '9' || strlen(value) > 2)
		return -1;
	v = strtol(value, &end, 10);
	return *end ? -1 : (int)v;
}

static const struct {
	const char *unit;
	long max;
} number_units[] = {
	{ "years", 99 }, { "months", 9999 }, { "days", 9999 }, { "workdays", 9999 },
	{ "hours", 9999 }, { "count", 9999 }, { "fen", 99999999 }, { "permille", 1000 },
};

static long unit_max(const char *unit)
{
	for (size_t i = 0; i < sizeof(number_units) / sizeof(number_units[0]); i++)
		if (!strcmp(number_units[i].unit, unit))
			return number_units[i].max;
	return -1;
}

int rules_unit_is_number(const char *unit)
{
	return unit_max(unit) >= 0;
}

long rules_number(const char *unit, const char *value)
{
	long max = unit_max(unit), v = 0;

	if (max < 0 || !value || !*value || strlen(value) > 9)
		return -1;
	for (const char *c = value; *c; c++) {
		if (*c < '0' || *c > '9')
			return -1;
		v = v * 10 + (*c - '0');
	}
	return v <= max ? v : -1;
}

/* Calls fn on each item of a comma-separated list; stops at a non-zero answer. */
static int each_kind(const char *list, int (*fn)(const char *item, size_t n, void *ctx),
		     void *ctx)
{
	const char *p = list;

	while (*p) {
		const char *c = strchr(p, ',');
		size_t n = c ? (size_t)(c - p) : strlen(p);
		int r = fn(p, n, ctx);
		if (r)
			return r;
		if (!c)
			break;
		p = c + 1;
	}
	return 0;
}

static int is_unknown_kind(const char *item, size_t n, void *ctx)
{
	(void)ctx;
	for (size_t i = 0; i < code_org_kind.n; i++) {
		const char *k = code_org_kind.entries[i].key;
		if (strlen(k) == n && !strncmp(k, item, n))
			return 0;
	}
	return 1;
}

static int is_kind(const char *item, size_t n, void *ctx)
{
	const char *k = ctx;

	return strlen(k) == n && !strncmp(k, item, n);
}

int rules_kinds_has(const char *list, int kind)
{
	const struct code_entry *e = code_by_code(&code_org_kind, kind);

	return e && each_kind(list, is_kind, (void *)e->key);
}

int rules_check_value(const char *key, const char *value, struct error *err)
{
	const struct rule_def *r = rules_find(key);

	if (!r) {
		error_setc(err, ST_NOT_FOUND, "key", "unknown_rule", "no rule '%s'", key);
		error_param(err, "key", "%.60s", key);
		return ST_NOT_FOUND;
	}
	if (strlen(value) >= RULE_VALUE_SIZE) {
		error_setc(err, ST_INVALID, "value", "too_long_bytes",
			   "the value of rule %s is longer than %d bytes", key, RULE_VALUE_SIZE - 1);
		error_param(err, "max", "%d", RULE_VALUE_SIZE - 1);
		return ST_INVALID;
	}
	if (rules_unit_is_number(r->unit) && rules_number(r->unit, value) < 0) {
		long max = unit_max(r->unit);
		error_setc(err, ST_INVALID, "value", "out_of_range",
			   "rule %s takes a whole number of %s (0-%ld)", key, r->unit, max);
		error_param(err, "min", "0");
		error_param(err, "max", "%ld", max);
		return ST_INVALID;
	}
	if (!strcmp(r->unit, "date")) {
		int day;
		if (strlen(value) != 10 || date_parse(value, &day))
			return error_setc(err, ST_INVALID, "value", "invalid_date",
					  "rule %s takes a date YYYY-MM-DD", key);
	}
	if (!strcmp(r->unit, "flag") && strcmp(value, "yes") && strcmp(value, "no"))
		return error_setc(err, ST_INVALID, "value", "rule_value_flag",
				  "rule %s takes yes or no", key);
	if (!strcmp(r->unit, "kinds") &&
	    (value[0] == ',' || (value[0] && value[strlen(value) - 1] == ',') ||
	     each_kind(value, is_unknown_kind, NULL)))
		return error_setc(err, ST_INVALID, "value", "rule_value_kinds",
				 "rule %s takes organization kinds separated by commas "
				 "(committee, working_committee, leading_group, general_branch, "
				 "branch, party_group, temporary)", key);
	return ST_OK;
}

const char *rules_term_key(int kind, int sector)
{
	switch (kind) {
	case ORG_COMMITTEE:
		return RULE_TERM_COMMITTEE;
	case ORG_GENERAL_BRANCH:
	case ORG_BRANCH:
		return sector == SECTOR_RURAL || sector == SECTOR_COMMUNITY
			       ? RULE_TERM_VILLAGE_COMMUNITY : RULE_TERM_BRANCH;
	default:
		return NULL;
	}
}
