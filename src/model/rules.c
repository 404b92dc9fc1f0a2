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
#define PARTY_GROUP_REGS "Regulations on the Work of Leading Party Groups (2019)"
#define BRANCH_REGS_TRIAL "Regulations on the Work of Party Branches (Trial) (2018)"
#define ELECTION_1990 "Provisional Regulations on the Election Work of Grassroots Organizations (1990)"
#define ELECTION_2020 "Regulations on the Election Work of Grassroots Organizations (2020)"
#define DUES_2008 \
	"Provisions on the Collection, Use and Management of Party Dues (2008, in force " \
	"from 2008-04-01)"
#define CADRE_2014 \
	"Regulations on the Selection and Appointment of Party and Government Leading " \
	"Cadres (2014; kept by the 2019 revision)"
#define PERSONAL_2017 \
	"Provisions on Leading Cadres Reporting Personal Matters (2017, in force from 2017-02-08)"
#define TRAINING_2015 \
	"Regulations on Cadre Education and Training (2015; kept by the 2023 revision)"

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
	/* branch set-up and its committee */
	{ RULE_BRANCH_MIN_FULL, "3", "count", "2018-01-01",
	  BRANCH_REGS_TRIAL ", ch. 2 (a unit with 3 or more full members sets up a branch)" },
	{ RULE_BRANCH_USUAL_MAX, "50", "count", "2018-01-01",
	  BRANCH_REGS_TRIAL ", ch. 2 (a branch usually has no more than 50 members)" },
	{ RULE_JOINT_BRANCH_MAX_UNITS, "5", "count", "2018-01-01",
	  BRANCH_REGS_TRIAL ", ch. 2 (units with fewer than 3 full members form a joint "
	  "branch, usually of no more than 5 units)" },
	{ RULE_TEMPORARY_WORK_MONTHS, "6", "months", "2018-01-01",
	  BRANCH_REGS_TRIAL ", ch. 2 (a project or work lasting 6 months or more sets up a "
	  "branch when the conditions are met)" },
	{ RULE_COMMITTEE_MIN_FULL, "7", "count", "2018-01-01",
	  BRANCH_REGS_TRIAL ", ch. 6 (a branch with 7 or more full members sets up a branch "
	  "committee; fewer: a secretary and, if needed, a deputy)" },
	{ RULE_COMMITTEE_MIN_SIZE, "3", "count", "2018-01-01",
	  BRANCH_REGS_TRIAL ", ch. 6 (a branch committee has 3 to 5 members)" },
	{ RULE_COMMITTEE_USUAL_SIZE, "5", "count", "2018-01-01",
	  BRANCH_REGS_TRIAL ", ch. 6 (a branch committee has 3 to 5 members)" },
	{ RULE_COMMITTEE_MAX_SIZE, "7", "count", "2018-01-01",
	  BRANCH_REGS_TRIAL ", ch. 6 (a branch committee usually has no more than 7 members)" },
	/* terms brought forward or extended */
	{ RULE_TERM_SHIFT_MAX, "1", "years", "1990-01-01",
	  ELECTION_1990 ", art. 3 (an extension, approved by the higher organization, usually "
	  "no longer than one year)" },
	{ RULE_TERM_SHIFT_MAX, "1", "years", "2020-07-13",
	  ELECTION_2020 ", art. 3 (an extension or an early election, approved by the higher "
	  "organization, usually by no more than 1 year)" },
	/* elections */
	{ RULE_DIFFERENTIAL_PERMILLE, "200", "permille", "1990-01-01",
	  ELECTION_1990 " (candidates exceed the seats by at least 20 %)" },
	{ RULE_DIFFERENTIAL_PERMILLE, "200", "permille", "2020-07-13",
	  ELECTION_2020 " (candidates exceed the seats by at least 20 %)" },
	/* organizational life (组织生活) */
	{ RULE_LIFE_BRANCH_MEETING, "3", "months", "2018-01-01",
	  BRANCH_REGS_TRIAL " (the branch general meeting usually meets once a quarter)" },
	{ RULE_LIFE_COMMITTEE_MEETING, "1", "months", "2018-01-01",
	  BRANCH_REGS_TRIAL ", art. 12 (the branch committee usually meets once a month)" },
	{ RULE_LIFE_GROUP_MEETING, "1", "months", "2018-01-01",
	  BRANCH_REGS_TRIAL ", art. 13 (a party group usually meets once a month)" },
	{ RULE_LIFE_PARTY_LESSON, "3", "months", "2018-01-01",
	  BRANCH_REGS_TRIAL " and local practice (a party lesson each quarter; the secretary "
	  "gives at least one a year)" },
	{ RULE_LIFE_THEME_DAY, "1", "months", "2018-01-01",
	  BRANCH_REGS_TRIAL " (one fixed day a month for the theme party day)" },
	{ RULE_LIFE_ORG_LIFE_MEETING, "12", "months", "2018-01-01",
	  BRANCH_REGS_TRIAL " (an organizational life meeting at least once a year)" },
	{ RULE_LIFE_APPRAISAL, "12", "months", "2018-01-01",
	  BRANCH_REGS_TRIAL " (a democratic appraisal of members once a year)" },
	{ RULE_LIFE_EXCELLENT_MAX, "333", "permille", "1921-07-01",
	  "Practice of the democratic appraisal of members (at most one third graded excellent)" },
	/* membership lapsed (自行脱党) */
	{ RULE_SELF_WITHDRAWAL_MONTHS, "6", "months", "1921-07-01",
	  "Party Constitution art. 9 (six months in a row without good reason without "
	  "organizational life, dues or the work assigned: treated as self-withdrawal, "
	  "for the branch to decide)" },
	/* party dues (党费), monthly, in fen and thousandths */
	{ RULE_DUES_SALARIED_BOUND_1, "300000", "fen", "2008-04-01",
	  DUES_2008 " (monthly after-tax pay up to 3000 yuan: rate 1)" },
	{ RULE_DUES_SALARIED_BOUND_2, "500000", "fen", "2008-04-01",
	  DUES_2008 " (above 3000 up to 5000 yuan: rate 2)" },
	{ RULE_DUES_SALARIED_BOUND_3, "1000000", "fen", "2008-04-01",
	  DUES_2008 " (above 5000 up to 10000 yuan: rate 3; above: rate 4)" },
	{ RULE_DUES_SALARIED_RATE_1, "5", "permille", "2008-04-01", DUES_2008 " (0.5 %)" },
	{ RULE_DUES_SALARIED_RATE_2, "10", "permille", "2008-04-01", DUES_2008 " (1 %)" },
	{ RULE_DUES_SALARIED_RATE_3, "15", "permille", "2008-04-01", DUES_2008 " (1.5 %)" },
	{ RULE_DUES_SALARIED_RATE_4, "20", "permille", "2008-04-01", DUES_2008 " (2 %)" },
	{ RULE_DUES_RETIRED_BOUND_1, "500000", "fen", "2008-04-01",
	  DUES_2008 " (monthly pension up to 5000 yuan: rate 1; above: rate 2)" },
	{ RULE_DUES_RETIRED_RATE_1, "5", "permille", "2008-04-01", DUES_2008 " (0.5 %)" },
	{ RULE_DUES_RETIRED_RATE_2, "10", "permille", "2008-04-01", DUES_2008 " (1 %)" },
	{ RULE_DUES_FIXED_FEN, "20", "fen", "2008-04-01",
	  DUES_2008 " (students, the unemployed, members living on relief or the local "
	  "minimum living allowance: 0.2 yuan a month)" },
	{ RULE_DUES_FARMER_MIN_FEN, "20", "fen", "2008-04-01",
	  DUES_2008 " (farmers: 0.2 to 1 yuan a month)" },
	{ RULE_DUES_FARMER_MAX_FEN, "100", "fen", "2008-04-01",
	  DUES_2008 " (farmers: 0.2 to 1 yuan a month)" },
	/* transfers of the organizational relationship */
	{ RULE_TRANSFER_LETTER_MONTHS, "3", "months", "1921-07-01",
	  "Practice of the organization departments (an introduction letter is valid for "
	  "3 months)" },
	{ RULE_TRANSFER_FORMAL_MONTHS, "6", "months", "1921-07-01",
	  "Practice of the organization departments (a member away for 6 months or more "
	  "transfers the formal relationship)" },
	/* cadres */
	{ RULE_CADRE_NOTICE_WORKDAYS, "5", "workdays", "2014-01-01",
	  CADRE_2014 ", art. 41 (the pre-appointment public notice lasts at least 5 working days)" },
	{ RULE_CADRE_PROBATION_YEARS, "1", "years", "2014-01-01",
	  CADRE_2014 ", art. 42 (the probation of an appointment is one year)" },
	{ RULE_CADRE_DEPUTY_TO_PRINCIPAL, "2", "years", "2014-01-01",
	  CADRE_2014 ", art. 8 (from deputy to principal: 2 years or more as deputy)" },
	{ RULE_CADRE_PRINCIPAL_TO_UPPER, "3", "years", "2014-01-01",
	  CADRE_2014 ", art. 8 (from a lower principal post to an upper deputy post: 3 years "
	  "or more in the lower principal post)" },
	{ RULE_CADRE_REPORT_DUE, "01-31", "monthday", "2017-02-08",
	  PERSONAL_2017 ", art. 5 (the yearly report of the previous year by 31 January)" },
	{ RULE_CADRE_REPORT_CHECK, "100", "permille", "2017-02-08",
	  PERSONAL_2017 " (random spot checks of 10 % of the reports each year)" },
	{ RULE_CADRE_TRAINING_LEADER, "550", "hours", "2015-01-01",
	  TRAINING_2015 " (county level and above: 3 months or 550 class hours per 5 years)" },
	{ RULE_CADRE_TRAINING_OTHER, "90", "hours", "2015-01-01",
	  TRAINING_2015 " (other cadres: 12 days or 90 class hours a year)" },
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

int rules_monthday(const char *value, int *month, int *mday)
{
	static const int days[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int m, d;

	if (!value || strlen(value) != 5 || value[2] != '-')
		return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (value[i] < '0' || value[i] > '9'))
			return -1;
	m = (value[0] - '0') * 10 + (value[1] - '0');
	d = (value[3] - '0') * 10 + (value[4] - '0');
	if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return -1;
	*month = m;
	*mday = d;
	return 0;
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
	if (!strcmp(r->unit, "monthday")) {
		int m, d;
		if (rules_monthday(value, &m, &d))
			return error_setc(err, ST_INVALID, "value", "rule_value_monthday",
					  "rule %s takes a day of the year MM-DD", key);
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
