/*
 * profile.h - the published figures a generated population reproduces.
 *
 * A profile is one year's object of the intra-party statistics bulletin
 * (data/bulletins.json, e.g. `jq '."2023"' data/bulletins.json`): members,
 * new members of the year, grassroots organizations by kind and by unit type,
 * and the marginals of the members (women, minorities, college education,
 * age bands, joining periods, occupations) and of the new members. Figures
 * are in 万 (10,000) as published; the generator uses them as shares.
 * The bulletins are built into the binary (a copy of data/bulletins.json);
 * a profile file overrides the built-in year field by field, and every field
 * that is null or missing falls back to the built-in end-2023 figures.
 * This module only loads and checks figures; it does not generate anything.
 */
#ifndef OW_PROFILE_H
#define OW_PROFILE_H

#include "core/error.h"

enum { PROFILE_AGE_BANDS = 8, PROFILE_PERIODS = 4, PROFILE_OCCUPATIONS = 8 };

/* Age bands at the reference date, as published: <=30, 31-35, ..., >=61. */
extern const char *const profile_age_keys[PROFILE_AGE_BANDS];
/* Joining periods: before 1949-10, 1949-10..1978-12, 1978-12..2012-11, since. */
extern const char *const profile_period_keys[PROFILE_PERIODS];
/* Occupations in enum occupation order (codes.h): index = OCC_x - 1. */
extern const char *const profile_occupation_keys[PROFILE_OCCUPATIONS];

struct profile {
	int year;                   /* reference date = 31 December of year */
	double members;             /* probationary + full */
	double new_members;         /* admitted during the year */
	double orgs_total, orgs_committees, orgs_general_branches, orgs_branches;
	/* grassroots organizations in agencies, public institutions,
	 * enterprises, social organizations (the rest is territorial) */
	double orgs_agencies, orgs_institutions, orgs_enterprises, orgs_social;
	double women, minorities, college;
	double age[PROFILE_AGE_BANDS];
	double joined[PROFILE_PERIODS];
	double occupation[PROFILE_OCCUPATIONS];
	/* new members of the year */
	double nm_women, nm_minorities, nm_age35, nm_college;
	double nm_occupation[PROFILE_OCCUPATIONS]; /* retired: always 0 */
	double applicants, activists;
};

/* Years built into the binary ("2022", "2023"). */
int profile_has_year(int year);

/*
 * Fills p with the built-in bulletin of year (null fields from 2023).
 * ST_NOT_FOUND when the year is not built in.
 */
int profile_builtin(int year, struct profile *p, struct error *err);

/*
 * Parses text (one year's JSON object) over the built-in 2023 figures: each
 * field present and not null replaces the default. p->year is set to year.
 * Unknown fields, non-numbers, negative figures and inconsistent totals
 * (bands not summing to members within 2 %, parts larger than their whole)
 * are ST_INVALID with err->field naming the field ("age.<=30").
 */
int profile_parse(const char *text, int year, struct profile *p,
		  struct error *err);

/* Reads path and profile_parse()s it; ST_IO when unreadable. */
int profile_load(const char *path, int year, struct profile *p,
		 struct error *err);

/* The built-in bulletins as JSON text (the copy of data/bulletins.json). */
const char *profile_builtin_json(void);

#endif
