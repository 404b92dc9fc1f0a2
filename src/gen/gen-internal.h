/*
 * gen-internal.h - what the generator's files share: sizes, the unit-type
 * and sector tables, the province table and the generator's state.
 *
 * Only src/gen/gen.c (the run), gen-orgs.c (organizations) and
 * gen-people.c (people) include this. Not a public interface: see gen.h.
 */
#ifndef OW_GEN_INTERNAL_H
#define OW_GEN_INTERNAL_H

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/crypto.h"
#include "core/date.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "model/codes.h"
#include "model/idcard.h"
#include "model/names.h"
#include "model/org.h"
#include "model/person.h"
#include "gen/gen-divisions.h"
#include "gen/gen-fit.h"
#include "gen/gen.h"
#include "gen/profile.h"
#include "model/calendar.h"
#include "model/development.h"
#include "model/standing.h"
#include <stdarg.h>
#include "store/db.h"
#include "store/gen-store.h"


#define NA PROFILE_AGE_BANDS
#define NJ PROFILE_PERIODS
#define NO PROFILE_OCCUPATIONS
#define OLD_CELLS (NA * NJ * NO * 2 * 2)
#define NEW_CELLS (NA * NO * 2 * 2)
#define MAX_PROV 40
#define NR_SECTORS (SECTOR_OTHER + 1)
#define BLOCK 50000
#define COMMIT_ROWS 200000
#define MIN_BIRTH_YEAR 1900

/* Divisions with a party organization at full scale (2023 bulletin). */
#define NAT_VILLAGES 608396.0
#define NAT_TOWNS 38745.0
#define NAT_COUNTIES 2844.0
#define NAT_CITIES 333.0


/* ---- provinces: population (2020 census, 10k) and minorities ---- */

struct minority_share {
	int code;
	double share;
};

struct province_info {
	int code;
	double population;
	double minority;                  /* share of the population */
	struct minority_share m[8];       /* main groups, shares of minorities */
};

static const struct province_info provinces[] __attribute__((unused)) = {
	{ 11, 2189, .041, { { 11, .35 }, { 3, .30 }, { 2, .10 }, { 10, .05 }, { 15, .05 }, { 8, .05 } } },
	{ 12, 1387, .026, { { 3, .50 }, { 11, .30 }, { 2, .10 }, { 10, .05 } } },
	{ 13, 7461, .042, { { 11, .70 }, { 3, .20 }, { 2, .10 } } },
	{ 14, 3492, .003, { { 3, .70 }, { 11, .20 }, { 2, .10 } } },
	{ 15, 2405, .210, { { 2, .80 }, { 11, .10 }, { 3, .05 }, { 31, .02 }, { 45, .01 }, { 52, .01 } } },
	{ 21, 4259, .160, { { 11, .80 }, { 2, .10 }, { 3, .04 }, { 10, .04 }, { 38, .02 } } },
	{ 22, 2407, .080, { { 10, .50 }, { 11, .35 }, { 2, .08 }, { 3, .07 } } },
	{ 23, 3185, .035, { { 11, .60 }, { 10, .15 }, { 2, .08 }, { 3, .07 }, { 31, .03 }, { 53, .01 } } },
	{ 31, 2487, .016, { { 3, .40 }, { 11, .20 }, { 15, .15 }, { 6, .10 }, { 8, .10 } } },
	{ 32, 8475, .005, { { 3, .60 }, { 6, .15 }, { 15, .15 }, { 11, .10 } } },
	{ 33, 6457, .030, { { 22, .30 }, { 6, .20 }, { 15, .20 }, { 9, .10 }, { 12, .10 }, { 3, .05 } } },
	{ 34, 6103, .007, { { 3, .80 }, { 22, .10 }, { 11, .10 } } },
	{ 35, 4154, .025, { { 22, .45 }, { 6, .15 }, { 15, .10 }, { 3, .10 }, { 23, .01 } } },
	{ 36, 4519, .004, { { 22, .50 }, { 3, .20 }, { 6, .15 }, { 8, .10 } } },
	{ 37, 10153, .008, { { 3, .80 }, { 11, .15 }, { 10, .05 } } },
	{ 41, 9937, .012, { { 3, .85 }, { 2, .08 }, { 11, .07 } } },
	{ 42, 5775, .046, { { 15, .85 }, { 6, .10 }, { 3, .03 }, { 12, .02 } } },
	{ 43, 6644, .105, { { 15, .42 }, { 6, .30 }, { 12, .13 }, { 13, .10 }, { 14, .03 } } },
	{ 44, 12601, .033, { { 8, .35 }, { 13, .10 }, { 15, .10 }, { 6, .10 }, { 22, .05 }, { 12, .05 }, { 3, .05 } } },
	{ 45, 5013, .375, { { 8, .85 }, { 13, .08 }, { 6, .03 }, { 12, .02 }, { 32, .01 }, { 49, .01 } } },
	{ 46, 1008, .160, { { 19, .90 }, { 6, .05 }, { 3, .01 }, { 8, .04 } } },
	{ 50, 3205, .067, { { 15, .75 }, { 6, .23 } } },
	{ 51, 8367, .068, { { 7, .47 }, { 4, .30 }, { 33, .05 }, { 6, .03 }, { 3, .02 } } },
	{ 52, 3856, .360, { { 6, .28 }, { 9, .18 }, { 15, .11 }, { 12, .10 }, { 7, .06 }, { 37, .04 }, { 25, .03 } } },
	{ 53, 4721, .331, { { 7, .33 }, { 16, .11 }, { 14, .10 }, { 18, .08 }, { 8, .08 }, { 6, .08 }, { 3, .05 }, { 20, .04 } } },
	{ 54, 365, .878, { { 4, .99 }, { 54, .01 } } },
	{ 61, 3953, .005, { { 3, .70 }, { 11, .20 }, { 2, .10 } } },
	{ 62, 2502, .100, { { 3, .52 }, { 4, .21 }, { 26, .20 }, { 30, .02 }, { 47, .01 }, { 48, .01 } } },
	{ 63, 592, .495, { { 4, .49 }, { 3, .31 }, { 30, .07 }, { 35, .04 }, { 2, .03 } } },
	{ 64, 720, .350, { { 3, .98 }, { 11, .01 } } },
	{ 65, 2585, .578, { { 5, .78 }, { 17, .11 }, { 3, .07 }, { 29, .01 }, { 2, .01 } } },
};

static inline const struct province_info *province_info(long long code)
{
	for (size_t i = 0; i < sizeof(provinces) / sizeof(provinces[0]); i++)
		if (provinces[i].code == code)
			return &provinces[i];
	return NULL;
}


/* ---- unit types and their organizations ---- */

enum unit_type {
	UT_TERRITORIAL, UT_AGENCY, UT_INSTITUTION, UT_UNIVERSITY, UT_SOE,
	UT_NON_PUBLIC, UT_SOCIAL, NR_UNIT_TYPES
};

/* Kind shares (committee, general branch, branch) per unit type: the seed
 * of the fit to the published totals. */
static const double kind_seed[NR_UNIT_TYPES][3] = {
	{ .05, .08, .87 }, { .05, .06, .89 }, { .05, .06, .89 }, { .12, .15, .73 },
	{ .12, .09, .79 }, { .02, .02, .96 }, { .08, .05, .87 },
};
static const int unit_sector[NR_UNIT_TYPES] = {
	SECTOR_RURAL, SECTOR_AGENCY, SECTOR_INSTITUTION, SECTOR_UNIVERSITY,
	SECTOR_SOE, SECTOR_NON_PUBLIC, SECTOR_SOCIAL,
};
static const char unit_letter[NR_UNIT_TYPES] = { 'V', 'A', 'I', 'U', 'E', 'N', 'S' };
/* Share of branches that stand alone (a unit with only a branch). */
static const double standalone_share[NR_UNIT_TYPES] = {
	0, .35, .45, 0, .30, .80, .70,
};
/* Where the units hang: shares of province, city, county, township. */
static const double unit_parent[NR_UNIT_TYPES][4] = {
	{ 0, 0, 0, 1 }, { .10, .20, .70, 0 }, { .15, .25, .60, 0 },
	{ .50, .50, 0, 0 }, { .20, .30, .50, 0 }, { 0, 0, .45, .55 },
	{ 0, .10, .50, .40 },
};

/* P(sector | occupation), rows in enum occupation order. */
static const double sector_affinity[NO][NR_SECTORS] = {
	/*  -  rural comm agency inst  soe  nonpub univ social other */
	{ 0, .05, .10, 0, .02, .33, .45, 0, .05, 0 },   /* workers */
	{ 0, .96, .04, 0, 0, 0, 0, 0, 0, 0 },            /* farmers */
	{ 0, .02, .04, .02, .45, .15, .18, .09, .05, 0 }, /* professionals */
	{ 0, .04, .06, .03, .15, .34, .30, .02, .06, 0 }, /* managers */
	{ 0, .04, .04, .90, .02, 0, 0, 0, 0, 0 },        /* party and government */
	{ 0, 0, 0, 0, .06, 0, 0, .94, 0, 0 },            /* students */
	{ 0, .28, .40, 0, .03, 0, .14, 0, .15, 0 },      /* other */
	{ 0, .12, .72, .05, .05, .06, 0, 0, 0, 0 },      /* retired */
};

/* ---- the generator's state ---- */

struct gorg {
	int parent;
	int region;                 /* index into regions, -1 while unknown */
	int place;                  /* offset into places (local committees), -1 */
	unsigned char kind, sector, level, prov;
	int established;
};

struct pool {
	int *org;
	double *cum;
	size_t n, alloc;
};

struct pair_table {             /* (birth year, join year) pairs of a cell */
	short *birth, *join;
	double *cum;
	size_t n;
};

/* Full members who may sponsor: the earliest converted of an organization. */
#define GEN_CANDS 3
struct gcand {
	long long id[GEN_CANDS];
	int full[GEN_CANDS];
};
#define GEN_STEPS_MAX 20
#define GEN_STANDING_MAX 4
#define NR_SHARES 10
#define NR_CAL_YEARS (CALENDAR_SHIPPED_LAST - CALENDAR_SHIPPED_FIRST + 1)

struct gen {
	const struct gen_options *opt;
	struct gen_summary *sum;
	struct profile prof;
	struct divisions dv;
	struct db *db;
	struct rng rng;
	int ref, year;
	double f;
	long long rows;             /* rows since the last commit */

	int nprov;
	int prov_div[MAX_PROV];     /* division index */
	double w[MAX_PROV], wcum[MAX_PROV];
	const struct province_info *pinfo[MAX_PROV];
	double mrate[MAX_PROV];     /* minority rate before calibration */
	/* local committees per province and level (org indices) */
	int *locals[MAX_PROV][4];
	size_t nlocals[MAX_PROV][4], alocals[MAX_PROV][4];

	struct gorg *orgs;
	size_t nr_orgs, alloc_orgs;
	struct strbuf places;

	char (*regions)[7];
	size_t nr_regions, alloc_regions;
	uint32_t *idc;              /* [region][year][sex] counters */
	int idc_years;

	struct pool pools[MAX_PROV][NR_SECTORS];

	double old_cells[OLD_CELLS], new_cells[NEW_CELLS];
	struct pair_table pairs[NA][NJ];
	double newbirth[NA][120], nonbirth[NA][120]; /* cum by age offset */
	double k_old, k_new;        /* minority calibration */
	double macc[5];             /* minority accumulators per category */
	double mexp[5], mn[5];      /* k x rates of the provinces drawn, persons */
	double mbase;               /* population-weighted mean province rate */
	/* sampling order of the cells: sex and college outermost, so that
	 * systematic sampling hits their shares to the person */
	int old_order[OLD_CELLS], new_order[NEW_CELLS];
	int period_start[NJ + 1];

	/* gen-steps.c */
	struct gcand *cand;         /* per organization */
	struct gcand pcand[MAX_PROV];
	struct calendar_year cal[NR_CAL_YEARS];
	struct dev_rules *rules_cache;
	unsigned char *rules_loaded;
	int rules_base, rules_days;
	double want[NR_SHARES];
	struct dev_record steps[GEN_STEPS_MAX];
	int nr_steps;
	struct standing_record standing[GEN_STANDING_MAX];
	int nr_standing;
};

static inline int ymd(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

/* gen-orgs.c: the organization tree, fitted to the profile's kind counts. */
int gen_build_orgs(struct gen *g, struct error *err);
/* gen-people.c: fit the joint tables, then draw and write every person. */
int gen_fit_people(struct gen *g, struct error *err);
int gen_build_people(struct gen *g, struct error *err);
/* gen-people.c: a province drawn by population, a branch of it for occupation occ. */
int pick_province_of(struct gen *g);
int pick_branch_of(struct gen *g, int pi, int occ);
/* gen-steps.c: the development steps and standing records of each person. */
int gen_steps_setup(struct gen *g);
void gen_steps_release(struct gen *g);
/* Makes the steps and standing records of p (adjusting its status, full
 * and exit dates to what the steps give); cancel: the probation is cancelled. */
int gen_steps_make(struct gen *g, struct person *p, int cat, int cancel);
/* Stores them for p (p->id set), after p itself. */
int gen_steps_store(struct gen *g, const struct person *p, struct error *err);
/* Transfers in every state, after the people are committed (gen-transfers.c). */
int gen_transfers(struct gen *g, struct error *err);
/* the dues bases and payments of the members (gen-dues.c), bounded */
int gen_build_dues(struct gen *g, struct error *err);

#endif
