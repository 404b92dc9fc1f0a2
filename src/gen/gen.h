/*
 * gen.h - the deterministic national-shape data generator ('orgwork gen').
 *
 * Builds a complete database from a member count, a seed and a bulletin
 * profile: the territorial tree of local committees down to sampled
 * villages and communities (NBS division codes), the organizations of
 * agencies, public institutions, enterprises, universities and social
 * organizations, party groups and a few temporary organizations; then the
 * members, applicants, activists and development targets with names, valid
 * citizen ID numbers and key dates, whose attributes reproduce the
 * profile's marginals (iterative proportional fitting over joint tables).
 * The same options give the same database. The database is written to
 * PATH.tmp and renamed to PATH at the end. Not for adding data to an
 * existing database.
 */
#ifndef OW_GEN_H
#define OW_GEN_H

#include <stdint.h>

#include "core/error.h"
#include "model/codes.h"
#include "model/org.h"

struct gen_options {
	long long members;          /* probationary + full members, >= 100 */
	uint64_t seed;
	int year;                   /* reference date = 31 December of year */
	const char *profile_path;   /* NULL: the built-in bulletin of year */
	const char *divisions_dir;  /* directory of the division CSV files */
	const char *db_path;        /* database to create */
	int force;                  /* replace an existing database */
};

struct gen_summary {
	long long orgs;
	long long orgs_by_kind[ORG_TEMPORARY + 1];          /* enum org_kind */
	long long orgs_by_level[ORG_LEVEL_CENTRAL + 1];     /* enum org_level */
	long long grassroots;       /* committees, general branches, branches */
	long long persons;
	long long persons_by_status[MS_DECEASED + 1];      /* enum member_status */
	long long new_members;      /* admitted during the year */
	long long steps, steps_late, persons_with_steps, standing, sanctions;
	long long steps_refused;    /* persons whose steps the rules refused (a bug) */
	long long steps_no_sponsor; /* persons with no full member to sponsor yet */
	long long sponsors_of_branch;
	double seconds;
};

/*
 * Generates the database. ST_CONFLICT when db_path exists and !force;
 * ST_INVALID for bad options or profile (field named); ST_IO / ST_DB for
 * file and database failures, after which neither db_path nor the
 * temporary file is left changed or behind.
 */
int gen_run(const struct gen_options *opt, struct gen_summary *sum,
	    struct error *err);

#endif
