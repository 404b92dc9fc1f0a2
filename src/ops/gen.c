/*
 * gen.c - the data generator (gen.h): organizations, then people.
 *
 * Organizations: every province of the division tables gets its committee;
 * cities, counties, townships/streets and villages/communities are sampled
 * per province (at least one of each under each chosen parent) so that the
 * tree keeps the national shape at any size. Grassroots organization counts
 * by unit type and kind come from the profile: a seed matrix of kind shares
 * per unit type is fitted (IPF) to the published totals, scaled to the
 * member count and apportioned to provinces by population share. People:
 * joint tables of age band x joining period x occupation x college x sex
 * (members admitted before the reference year) and age band x occupation x
 * college x sex (new members of the year) are fitted to the profile's
 * marginals with feasibility built into the seeds; each block of people is
 * drawn from them by systematic sampling and shuffled. Not for SQL
 * (store/gen-store.c) nor for the command line (cmd/cmd-gen.c).
 */
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
#include "ops/gen-divisions.h"
#include "ops/gen-fit.h"
#include "ops/gen.h"
#include "ops/profile.h"
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

static const struct province_info provinces[] = {
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

static const struct province_info *province_info(long long code)
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
	/* sampling order of the cells: sex and college outermost, so that
	 * systematic sampling hits their shares to the person */
	int old_order[OLD_CELLS], new_order[NEW_CELLS];
	int period_start[NJ + 1];
};

static int ymd(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

/* ---- organizations ---- */

static const char *place_of(const struct gen *g, int org)
{
	return g->orgs[org].place >= 0 ? g->places.buf + g->orgs[org].place : "";
}

/* Short form of a place name for unit names: 河北省 -> 河北. */
static void short_place(const char *name, char *out, size_t size)
{
	static const char *const suffixes[] = {
		"维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区",
		"省", "市",
	};
	size_t n = strlen(name);

	snprintf(out, size, "%s", name);
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t s = strlen(suffixes[i]);
		if (n > s + 3 && !strcmp(name + n - s, suffixes[i])) {
			if (n - s < size)
				out[n - s] = '\0';
			return;
		}
	}
}

/* Random established date between max(after, from) and until. */
static int est_between(struct gen *g, int after, int from, int until)
{
	int lo = after > from ? after : from;

	if (until < lo)
		until = lo;
	return (int)rng_range(&g->rng, lo, until);
}

/* Leadership term start: the last election before the reference date. */
static int term_start(struct gen *g, int established, int years)
{
	int k = date_years_between(established, g->ref) / years;
	int start = date_add_years(established, k * years);

	if (k > 0 && rng_below(&g->rng, 12) == 0)
		start = date_add_years(established, (k - 1) * years); /* overdue */
	return start;
}

/*
 * Adds an organization (parent already stored) and writes it. place is the
 * place name kept for naming the units below a local committee, or NULL.
 */
static int add_org(struct gen *g, struct org *o, int parent, int prov,
		   const char *place, struct error *err)
{
	struct gorg *x;
	int rc;

	ALLOC_GROW(g->orgs, g->nr_orgs + 1, g->alloc_orgs);
	x = &g->orgs[g->nr_orgs];
	x->parent = parent;
	x->region = parent >= 0 ? g->orgs[parent].region : -1;
	x->place = -1;
	if (place) {
		x->place = (int)g->places.len;
		strbuf_adds(&g->places, place);
		strbuf_addch(&g->places, '\0');
	}
	x->kind = (unsigned char)o->kind;
	x->sector = (unsigned char)o->sector;
	x->level = (unsigned char)o->level;
	x->prov = (unsigned char)prov;
	x->established = o->established;
	o->id = (long long)g->nr_orgs + 1;
	o->parent_id = parent >= 0 ? parent + 1 : 0;
	o->dissolved = DATE_NONE;
	if ((rc = org_validate(o, g->ref, err))) {
		error_set(err, ST_INTERNAL, NULL, "generated organization %s is invalid",
			  o->code);
		return ST_INTERNAL;
	}
	if ((rc = gen_store_org(g->db, o, err)))
		return rc;
	g->nr_orgs++;
	g->sum->orgs++;
	g->sum->orgs_by_kind[o->kind]++;
	g->sum->orgs_by_level[o->level]++;
	if (o->level == ORG_LEVEL_GRASSROOTS &&
	    (o->kind == ORG_COMMITTEE || o->kind == ORG_WORKING_COMMITTEE ||
	     o->kind == ORG_GENERAL_BRANCH || o->kind == ORG_BRANCH))
		g->sum->grassroots++;
	if (++g->rows >= COMMIT_ROWS) {
		g->rows = 0;
		return gen_store_checkpoint(g->db, err);
	}
	return ST_OK;
}

static void org_base(struct org *o, int kind, int sector, int level)
{
	org_init(o);
	o->kind = kind;
	o->sector = sector;
	o->level = level;
}

/* Kind-specific name: 中共X委员会 / 中共X总支部委员会 / 中共X支部委员会. */
static void kind_name(char *out, size_t size, int kind, const char *unit)
{
	switch (kind) {
	case ORG_COMMITTEE:
		snprintf(out, size, "中共%s委员会", unit);
		break;
	case ORG_WORKING_COMMITTEE:
		snprintf(out, size, "中共%s工作委员会", unit);
		break;
	case ORG_GENERAL_BRANCH:
		snprintf(out, size, "中共%s总支部委员会", unit);
		break;
	default:
		snprintf(out, size, "中共%s支部委员会", unit);
		break;
	}
}

static int term_years_of(int kind, int village)
{
	if (kind == ORG_BRANCH)
		return village ? 5 : 3;
	if (kind == ORG_COMMITTEE || kind == ORG_WORKING_COMMITTEE ||
	    kind == ORG_GENERAL_BRANCH)
		return 5;
	return 0;
}

static void set_term(struct gen *g, struct org *o, int village)
{
	o->term_years = term_years_of(o->kind, village);
	o->term_start = o->term_years ? term_start(g, o->established, o->term_years)
				      : DATE_NONE;
}

static const char *const buildings_estate[] = {
	"幸福里", "阳光花园", "翠苑", "和平里", "锦绣家园", "康乐小区", "金色家园",
	"丽景苑", "滨河小区", "青年公寓", "书香苑", "新华小区",
};

/* Party groups under a branch just created (community groups get a
 * building label). */
static int add_groups(struct gen *g, int branch, const char *bcode,
		      const char *unit, int community, struct error *err)
{
	int n, rc;
	struct org o;
	const char *estate = buildings_estate[rng_below(&g->rng,
			sizeof(buildings_estate) / sizeof(buildings_estate[0]))];

	if (community)
		n = 2 + (int)rng_below(&g->rng, 3);
	else
		n = rng_below(&g->rng, 10) < 4 ? 1 + (int)rng_below(&g->rng, 3) : 0;
	for (int i = 1; i <= n; i++) {
		org_base(&o, ORG_PARTY_GROUP, g->orgs[branch].sector, ORG_LEVEL_GRASSROOTS);
		snprintf(o.code, sizeof(o.code), "%s-G%d", bcode, i);
		if (community) {
			int b = 1 + (int)rng_below(&g->rng, 30);
			snprintf(o.name, sizeof(o.name), "%s%s%d号楼党小组", unit, estate, b);
			snprintf(o.label, sizeof(o.label), "%s%d号楼", estate, b);
		} else {
			snprintf(o.name, sizeof(o.name), "%s第%d党小组", unit, i);
		}
		o.established = est_between(g, g->orgs[branch].established,
					    g->orgs[branch].established, g->ref - 1);
		if ((rc = add_org(g, &o, branch, g->orgs[branch].prov, NULL, err)))
			return rc;
	}
	return ST_OK;
}

static void pool_add(struct gen *g, int prov, int sector, int org, double w)
{
	struct pool *p = &g->pools[prov][sector];

	if (p->n + 1 > p->alloc) {
		size_t a = p->alloc ? p->alloc * 2 : 16;
		p->org = xrealloc(p->org, a * sizeof(int));
		p->cum = xrealloc(p->cum, a * sizeof(double));
		p->alloc = a;
	}
	p->org[p->n] = org;
	p->cum[p->n] = (p->n ? p->cum[p->n - 1] : 0) + w;
	p->n++;
}

/* A branch: stored, registered as a home of members, given party groups. */
static int add_branch(struct gen *g, struct org *o, int parent, int prov,
		      const char *group_unit, int community, struct error *err)
{
	int rc, idx;
	double w = 0.4 + 1.2 * rng_double(&g->rng);

	set_term(g, o, community || o->sector == SECTOR_RURAL);
	if ((rc = add_org(g, o, parent, prov, NULL, err)))
		return rc;
	idx = (int)g->nr_orgs - 1;
	pool_add(g, prov, o->sector, idx, w);
	return add_groups(g, idx, o->code, group_unit, community, err);
}

static void local_add(struct gen *g, int prov, int level, int org)
{
	ALLOC_GROW(g->locals[prov][level], g->nlocals[prov][level] + 1,
		   g->alocals[prov][level]);
	g->locals[prov][level][g->nlocals[prov][level]++] = org;
}

static int add_region(struct gen *g, long long county_code)
{
	ALLOC_GROW(g->regions, g->nr_regions + 1, g->alloc_regions);
	long long c = county_code % 1000000;

	for (int i = 5; i >= 0; i--, c /= 10)
		g->regions[g->nr_regions][i] = (char)('0' + c % 10);
	g->regions[g->nr_regions][6] = '\0';
	return (int)g->nr_regions++;
}

/* Village/community short name: 多福巷社区居委会 -> 多福巷社区. */
static void village_short(const char *name, int community, char *out, size_t size)
{
	static const char *const suffixes[] = {
		"社区居民委员会", "社区居委会", "居民委员会", "居委会",
		"村民委员会", "村委会", "委员会",
	};
	size_t n = strlen(name);

	if (n >= size)
		n = size - 1;
	memcpy(out, name, n);
	out[n] = '\0';
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t s = strlen(suffixes[i]);
		if (n > s && !strcmp(name + n - s, suffixes[i])) {
			const char *add = community ? "社区" : "村";
			size_t keep = n - s;
			int ends_ok = keep >= 3 &&
				(!memcmp(name + keep - 3, "村", 3) ||
				 !memcmp(name + keep - 3, "区", 3) ||
				 !memcmp(name + keep - 3, "查", 3));
			if (keep + 7 < size) {
				memcpy(out, name, keep);
				out[keep] = '\0';
				if (!ends_ok)
					strncat(out, add, size - strlen(out) - 1);
			}
			return;
		}
	}
}

static int by_score_desc(const void *a, const void *b)
{
	const double *x = a, *y = b;

	return (x[0] < y[0]) - (x[0] > y[0]);
}


static int add_leading_group(struct gen *g, int local, const char *code,
			     const char *place, int prov, struct error *err)
{
	struct org o;

	org_base(&o, ORG_LEADING_GROUP, SECTOR_AGENCY, ORG_LEVEL_GRASSROOTS);
	if (snprintf(o.code, sizeof(o.code), "%s-LG", code) >= (int)sizeof(o.code))
		return error_set(err, ST_INTERNAL, NULL, "organization code too long");
	snprintf(o.name, sizeof(o.name), "%s人民政府党组", place);
	o.established = est_between(g, g->orgs[local].established,
				    g->orgs[local].established, g->ref - 30);
	return add_org(g, &o, local, prov, NULL, err);
}

/* Sets the region of org and of its ancestors that have none yet. */
static void claim_region(struct gen *g, int org, int region)
{
	for (int i = org; i >= 0 && g->orgs[i].region < 0; i = g->orgs[i].parent)
		g->orgs[i].region = region;
}

/* Counts of children: min each, the rest by random weights. */
static void spread(struct gen *g, const double *weight, const long long *min,
		   size_t n, long long total, long long *out)
{
	double *w = xmalloc(sizeof(double) * (n ? n : 1));
	long long rest = total;

	for (size_t i = 0; i < n; i++) {
		rest -= min[i];
		w[i] = weight[i] * (0.3 + 1.4 * rng_double(&g->rng));
	}
	if (rest < 0)
		rest = 0;
	if (n)
		apportion(w, n, rest, out);
	for (size_t i = 0; i < n; i++)
		out[i] += min[i];
	free(w);
}

/*
 * Territorial spine of one province: its committee, then want[0] cities,
 * want[1] counties, want[2] townships and want[3] villages/communities
 * (each at least one per chosen parent), then the branches below them so
 * that the province has terr[kind] territorial grassroots organizations.
 */
static int build_territory(struct gen *g, int pi, const long long want[4],
			   const long long terr[3], struct error *err)
{
	struct divisions *dv = &g->dv;
	int pd = g->prov_div[pi];
	int prov_org, p_est, rc = ST_OK;
	int *cities = NULL, *counties = NULL, *towns = NULL, *villages = NULL;
	int *up_org = NULL, *county_org = NULL, *town_org = NULL, *vorg = NULL;
	double *score = NULL, *wt = NULL;
	long long *mins = NULL, *kids = NULL;
	int *containers = NULL;
	long long *ccode = NULL;
	size_t ncity, ncounty, ntown, nvill, avail, ncont = 0;
	long long vc, vg, vb, sb;
	struct org o;
	char unit[160];
	const char *pname = division_name(dv, DIV_PROVINCE, pd);
	long long pcode = dv->d[DIV_PROVINCE][pd].code;

	org_base(&o, ORG_COMMITTEE, SECTOR_OTHER, ORG_LEVEL_PROVINCE);
	snprintf(o.code, sizeof(o.code), "%02lld", pcode);
	snprintf(o.division, sizeof(o.division), "%02lld", pcode);
	kind_name(o.name, sizeof(o.name), ORG_COMMITTEE, pname);
	p_est = pcode == 46 ? ymd(1988, 4, 13) : pcode == 50 ? ymd(1997, 3, 14)
		: est_between(g, ymd(1949, 10, 1), ymd(1949, 10, 1), ymd(1950, 6, 30));
	o.established = p_est;
	set_term(g, &o, 0);
	if ((rc = add_org(g, &o, 0, pi, pname, err)))
		goto out;
	prov_org = (int)g->nr_orgs - 1;
	local_add(g, pi, 0, prov_org);
	if ((rc = add_leading_group(g, prov_org, o.code, pname, pi, err)))
		goto out;

	/* cities (a 市辖区 / 县 / 直辖县级 row has no committee of its own) */
	avail = divisions_available(dv, DIV_PROVINCE, &pd, 1);
	cities = xmalloc(sizeof(int) * (avail + 1));
	ncity = divisions_choose(dv, DIV_PROVINCE, &pd, 1,
				 (size_t)(want[0] > 0 ? want[0] : 1), &g->rng, cities);
	up_org = xmalloc(sizeof(int) * (ncity + 1));
	for (size_t i = 0; i < ncity; i++) {
		int c = cities[i];
		const char *cname = division_name(dv, DIV_CITY, c);

		if (division_is_pseudo_city(dv, c)) {
			up_org[i] = prov_org;
			continue;
		}
		org_base(&o, ORG_COMMITTEE, SECTOR_OTHER, ORG_LEVEL_CITY);
		snprintf(o.code, sizeof(o.code), "%04lld", dv->d[DIV_CITY][c].code);
		snprintf(o.division, sizeof(o.division), "%04lld", dv->d[DIV_CITY][c].code);
		kind_name(o.name, sizeof(o.name), ORG_COMMITTEE, cname);
		o.established = est_between(g, p_est, p_est, ymd(1995, 12, 31));
		set_term(g, &o, 0);
		if ((rc = add_org(g, &o, prov_org, pi, cname, err)))
			goto out;
		up_org[i] = (int)g->nr_orgs - 1;
		local_add(g, pi, 1, up_org[i]);
		if ((rc = add_leading_group(g, up_org[i], o.code, cname, pi, err)))
			goto out;
	}

	/* counties */
	avail = divisions_available(dv, DIV_CITY, cities, ncity);
	counties = xmalloc(sizeof(int) * (avail + 1));
	ncounty = divisions_choose(dv, DIV_CITY, cities, ncity,
				   (size_t)(want[1] > (long long)ncity ? want[1] : (long long)ncity),
				   &g->rng, counties);
	county_org = xmalloc(sizeof(int) * (ncounty + 1));
	for (size_t i = 0; i < ncounty; i++) {
		int k = counties[i], ci = 0, parent;
		const char *kname = division_name(dv, DIV_COUNTY, k);
		size_t kl = strlen(kname);

		while (ci < (int)ncity && cities[ci] != dv->d[DIV_COUNTY][k].parent)
			ci++;
		parent = ci < (int)ncity ? up_org[ci] : prov_org;
		org_base(&o, ORG_COMMITTEE, SECTOR_OTHER, ORG_LEVEL_COUNTY);
		snprintf(o.code, sizeof(o.code), "%06lld", dv->d[DIV_COUNTY][k].code);
		snprintf(o.division, sizeof(o.division), "%06lld", dv->d[DIV_COUNTY][k].code);
		if (kl > 3 && !strcmp(kname + kl - 3, "区")) {
			snprintf(unit, sizeof(unit), "%s%s", place_of(g, parent), kname);
			kind_name(o.name, sizeof(o.name), ORG_COMMITTEE, unit);
		} else {
			kind_name(o.name, sizeof(o.name), ORG_COMMITTEE, kname);
		}
		o.established = est_between(g, g->orgs[parent].established,
					    g->orgs[parent].established, ymd(2005, 12, 31));
		set_term(g, &o, 0);
		if ((rc = add_org(g, &o, parent, pi, kname, err)))
			goto out;
		county_org[i] = (int)g->nr_orgs - 1;
		g->orgs[county_org[i]].region = -1;
		claim_region(g, county_org[i], add_region(g, dv->d[DIV_COUNTY][k].code));
		local_add(g, pi, 2, county_org[i]);
		if ((rc = add_leading_group(g, county_org[i], o.code, kname, pi, err)))
			goto out;
	}

	/* townships and streets */
	avail = divisions_available(dv, DIV_COUNTY, counties, ncounty);
	towns = xmalloc(sizeof(int) * (avail + 1));
	ntown = divisions_choose(dv, DIV_COUNTY, counties, ncounty,
				 (size_t)(want[2] > (long long)ncounty ? want[2] : (long long)ncounty),
				 &g->rng, towns);
	town_org = xmalloc(sizeof(int) * (ntown + 1));
	for (size_t i = 0, ki = 0; i < ntown; i++) {
		int t = towns[i];
		const char *tname = division_name(dv, DIV_TOWN, t);
		size_t tl = strlen(tname);
		int street = tl > 6 && !strcmp(tname + tl - 6, "街道");

		while (ki < ncounty && counties[ki] != dv->d[DIV_TOWN][t].parent)
			ki++;
		org_base(&o, street ? ORG_WORKING_COMMITTEE : ORG_COMMITTEE,
			 street ? SECTOR_COMMUNITY : SECTOR_RURAL, ORG_LEVEL_GRASSROOTS);
		snprintf(o.code, sizeof(o.code), "%09lld", dv->d[DIV_TOWN][t].code);
		snprintf(o.division, sizeof(o.division), "%09lld", dv->d[DIV_TOWN][t].code);
		kind_name(o.name, sizeof(o.name), o.kind, tname);
		o.established = est_between(g, g->orgs[county_org[ki]].established,
					    ymd(1955, 1, 1), ymd(2015, 12, 31));
		set_term(g, &o, 0);
		if ((rc = add_org(g, &o, county_org[ki], pi, tname, err)))
			goto out;
		town_org[i] = (int)g->nr_orgs - 1;
		local_add(g, pi, 3, town_org[i]);
	}

	/* villages and communities, ranked for committee / general branch */
	avail = divisions_available(dv, DIV_TOWN, towns, ntown);
	villages = xmalloc(sizeof(int) * (avail + 1));
	nvill = divisions_choose(dv, DIV_TOWN, towns, ntown,
				 (size_t)(want[3] > (long long)ntown ? want[3] : (long long)ntown),
				 &g->rng, villages);
	vc = terr[0] - (long long)ntown;
	if (vc < 0)
		vc = 0;
	if (vc > (long long)nvill)
		vc = (long long)nvill;
	vg = terr[1] < (long long)nvill - vc ? terr[1] : (long long)nvill - vc;
	vb = (long long)nvill - vc - vg;
	sb = terr[2] - vb;
	if (sb < 0)
		sb = 0;
	while (sb < vc + vg && (vc || vg)) { /* every container needs a branch */
		if (vg)
			vg--;
		else
			vc--;
		vb++;
		if (sb > 0)
			sb--;
	}
	score = xmalloc(sizeof(double) * 2 * (nvill + 1));
	for (size_t i = 0; i < nvill; i++) {
		int community = dv->d[DIV_VILLAGE][villages[i]].code % 1000 < 200;
		score[2 * i] = (community ? 2.0 : 1.0) * (0.5 + rng_double(&g->rng));
		score[2 * i + 1] = (double)i;
	}
	qsort(score, nvill, 2 * sizeof(double), by_score_desc);
	vorg = xmalloc(sizeof(int) * (nvill + 1));
	{
		int *kind_of = xmalloc(sizeof(int) * (nvill + 1));

		for (size_t r = 0; r < nvill; r++) {
			size_t i = (size_t)score[2 * r + 1];
			kind_of[i] = (long long)r < vc ? ORG_COMMITTEE
				     : (long long)r < vc + vg ? ORG_GENERAL_BRANCH : ORG_BRANCH;
		}
		containers = xmalloc(sizeof(int) * (ntown + nvill + 1));
		wt = xmalloc(sizeof(double) * (ntown + nvill + 1));
		mins = xmalloc(sizeof(long long) * (ntown + nvill + 1));
		ccode = xmalloc(sizeof(long long) * (ntown + nvill + 1));
		for (size_t i = 0; i < ntown; i++) {
			ccode[ncont] = dv->d[DIV_TOWN][towns[i]].code;
			containers[ncont] = town_org[i];
			wt[ncont] = 2;
			mins[ncont++] = 0;
		}
		for (size_t i = 0, ti = 0; i < nvill; i++) {
			int v = villages[i];
			int community = dv->d[DIV_VILLAGE][v].code % 1000 < 200;

			while (ti < ntown && towns[ti] != dv->d[DIV_VILLAGE][v].parent)
				ti++;
			village_short(division_name(dv, DIV_VILLAGE, v), community,
				      unit, sizeof(unit));
			org_base(&o, kind_of[i], community ? SECTOR_COMMUNITY : SECTOR_RURAL,
				 ORG_LEVEL_GRASSROOTS);
			snprintf(o.code, sizeof(o.code), "%012lld", dv->d[DIV_VILLAGE][v].code);
			snprintf(o.division, sizeof(o.division), "%012lld",
				 dv->d[DIV_VILLAGE][v].code);
			kind_name(o.name, sizeof(o.name), o.kind, unit);
			o.established = est_between(g, g->orgs[town_org[ti]].established,
						    ymd(1958, 1, 1), ymd(2018, 12, 31));
			if (o.kind == ORG_BRANCH) {
				if ((rc = add_branch(g, &o, town_org[ti], pi, unit,
						     community, err)))
					goto kinds_out;
				vorg[i] = (int)g->nr_orgs - 1;
				continue;
			}
			set_term(g, &o, 1);
			if ((rc = add_org(g, &o, town_org[ti], pi, unit, err)))
				goto kinds_out;
			vorg[i] = (int)g->nr_orgs - 1;
			ccode[ncont] = dv->d[DIV_VILLAGE][v].code;
			containers[ncont] = vorg[i];
			wt[ncont] = o.kind == ORG_COMMITTEE ? 4 : 2.5;
			mins[ncont++] = 1;
		}
kinds_out:
		free(kind_of);
		if (rc)
			goto out;
	}

	/* branches below townships, village committees and general branches */
	kids = xmalloc(sizeof(long long) * (ncont + 1));
	spread(g, wt, mins, ncont, sb, kids);
	for (size_t c = 0; c < ncont; c++) {
		int parent = containers[c];
		const char *pl = place_of(g, parent);
		int community = g->orgs[parent].sector == SECTOR_COMMUNITY &&
				g->orgs[parent].level == ORG_LEVEL_GRASSROOTS &&
				g->orgs[parent].kind != ORG_WORKING_COMMITTEE;
		int is_town = c < ntown;

		for (long long k = 1; k <= kids[c]; k++) {
			org_base(&o, ORG_BRANCH, g->orgs[parent].sector, ORG_LEVEL_GRASSROOTS);
			snprintf(o.code, sizeof(o.code), "%0*lld-%02lld", is_town ? 9 : 12,
				 ccode[c], k);
			if (is_town)
				snprintf(o.name, sizeof(o.name), "%s机关第%lld党支部", pl, k);
			else if (community)
				snprintf(o.name, sizeof(o.name), "%s第%lld网格党支部", pl, k);
			else
				snprintf(o.name, sizeof(o.name), "%s第%lld党支部", pl, k);
			snprintf(unit, sizeof(unit), "%s第%lld%s", pl, k,
				 community ? "网格" : "支部");
			o.established = est_between(g, g->orgs[parent].established,
						    g->orgs[parent].established, g->ref - 30);
			if ((rc = add_branch(g, &o, parent, pi, unit, community, err)))
				goto out;
		}
	}
out:
	free(cities);
	free(counties);
	free(towns);
	free(villages);
	free(up_org);
	free(county_org);
	free(town_org);
	free(vorg);
	free(score);
	free(wt);
	free(mins);
	free(kids);
	free(containers);
	free(ccode);
	return rc;
}

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char *const agencies[] = {
	"发展和改革局", "教育局", "科学技术局", "工业和信息化局", "公安局", "民政局",
	"司法局", "财政局", "人力资源和社会保障局", "自然资源局", "生态环境局",
	"住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局",
	"文化和旅游局", "卫生健康委员会", "退役军人事务局", "应急管理局", "审计局",
	"市场监督管理局", "统计局", "医疗保障局", "林业局", "信访局", "人民法院",
	"人民检察院", "委员会办公室", "委员会组织部", "委员会宣传部",
	"委员会统一战线工作部", "委员会政法委员会", "纪律检查委员会", "人民政府办公室",
	"总工会", "妇女联合会", "税务局", "机关事务管理局",
};
static const char *const institutions[] = {
	"第一人民医院", "中医医院", "妇幼保健院", "疾病预防控制中心", "第一中学",
	"第二中学", "实验中学", "实验小学", "第一小学", "职业技术学校", "图书馆",
	"文化馆", "融媒体中心", "农业技术推广中心", "不动产登记中心",
	"公共资源交易中心", "社会福利院", "档案馆", "博物馆", "第二人民医院",
	"人民医院", "中心卫生院", "第三中学", "幼儿园",
};
static const char *const soes[] = {
	"城市建设投资集团有限公司", "交通投资集团有限公司", "水务集团有限公司",
	"国有资产投资运营有限公司", "供电公司", "烟草专卖局", "农村商业银行",
	"公共交通集团有限公司", "粮食储备有限公司", "文化旅游投资集团有限公司",
	"燃气有限公司", "产业投资发展集团有限公司", "邮政分公司", "移动分公司",
};
static const char *const brands[] = {
	"恒达", "华泰", "鑫源", "宏远", "金鼎", "瑞丰", "永盛", "天成", "博远", "新锐",
	"中联", "汇通", "德胜", "盛世", "嘉禾", "东方", "华美", "鼎盛", "佳和", "兴旺",
	"长城", "海天", "正大", "同创", "锦华", "润丰", "泰和", "凯达",
};
static const char *const industries[] = {
	"科技", "机械制造", "建材", "食品", "物流", "电子", "纺织", "化工", "商贸",
	"新材料", "建筑工程", "电气", "医药", "农业发展", "网络科技", "汽车配件",
	"包装", "餐饮管理", "房地产开发", "环保科技",
};
static const char *const socials[] = {
	"律师协会", "个体劳动者协会", "社会工作服务中心", "慈善总会", "总商会",
	"青年志愿者协会", "养老服务中心", "建筑业协会", "物流协会", "律师事务所",
	"会计师事务所", "实验学校", "社区服务中心", "残疾人康复中心",
};
static const char *const universities[] = {
	"大学", "师范大学", "理工大学", "职业技术学院", "医学院", "财经学院",
	"师范学院", "工业大学", "农业大学", "科技大学",
};
static const char *const colleges[] = {
	"马克思主义学院", "文学院", "外国语学院", "数学与统计学院", "物理学院",
	"化学化工学院", "计算机学院", "机械工程学院", "电气工程学院", "土木工程学院",
	"经济管理学院", "法学院", "医学院", "教育学院", "艺术学院", "体育学院",
	"生命科学学院", "机关",
};
static const char *const depts[] = {
	"机关", "生产经营", "综合", "业务", "第一分公司", "第二分公司", "后勤",
};

/* Name of a new unit of type t under the local committee `parent`. */
static void unit_name(struct gen *g, int t, int parent, char *out, size_t size)
{
	char sp[96];
	const char *pl = place_of(g, parent);

	short_place(pl, sp, sizeof(sp));
	switch (t) {
	case UT_AGENCY:
		snprintf(out, size, "%s%s", pl, agencies[rng_below(&g->rng, LEN(agencies))]);
		break;
	case UT_INSTITUTION:
		snprintf(out, size, "%s%s", pl,
			 institutions[rng_below(&g->rng, LEN(institutions))]);
		break;
	case UT_UNIVERSITY:
		snprintf(out, size, "%s%s", sp,
			 universities[rng_below(&g->rng, LEN(universities))]);
		break;
	case UT_SOE: {
		const char *s = soes[rng_below(&g->rng, LEN(soes))];
		if (!strcmp(s, "供电公司"))
			snprintf(out, size, "国网%s供电公司", sp);
		else
			snprintf(out, size, "%s%s", sp, s);
		break;
	}
	case UT_NON_PUBLIC:
		snprintf(out, size, "%s%s%s有限公司", sp,
			 brands[rng_below(&g->rng, LEN(brands))],
			 industries[rng_below(&g->rng, LEN(industries))]);
		break;
	default: {
		const char *s = socials[rng_below(&g->rng, LEN(socials))];
		if (strstr(s, "事务所") || strstr(s, "学校"))
			snprintf(out, size, "%s%s%s", sp,
				 brands[rng_below(&g->rng, LEN(brands))], s);
		else
			snprintf(out, size, "%s%s", pl, s);
		break;
	}
	}
}

/* A local committee of province pi to hang a unit of type t under. */
static int unit_parent_of(struct gen *g, int pi, int t)
{
	double u = rng_double(&g->rng), acc = 0;
	int level = 2;

	for (int l = 0; l < 4; l++) {
		acc += unit_parent[t][l];
		if (u < acc) {
			level = l;
			break;
		}
	}
	/* fall back towards the county, then upwards */
	static const int order[4][4] = {
		{ 0, 1, 2, 3 }, { 1, 2, 0, 3 }, { 2, 3, 1, 0 }, { 3, 2, 1, 0 },
	};
	for (int i = 0; i < 4; i++) {
		int l = order[level][i];
		if (g->nlocals[pi][l])
			return g->locals[pi][l][rng_below(&g->rng, g->nlocals[pi][l])];
	}
	return g->locals[pi][0][0];
}

struct container {
	int org;
	int committee;
	unsigned code, unit;        /* offsets into the strings buffer */
};

/* Organizations of units of type t in province pi: c committees, gb
 * general branches, b branches (grassroots counts). */
static int build_units(struct gen *g, int pi, int t, long long c, long long gb,
		       long long b, struct error *err)
{
	struct container *ct = NULL;
	struct strbuf str = STRBUF_INIT;
	size_t nct = 0, nalloc = 0;
	long long ctop, cnest, gtop, gnest, btop, bnest, *kids = NULL, *mins = NULL;
	double *wt = NULL;
	long long seq = 0;
	int rc = ST_OK;
	struct org o;
	char unit[160], code[ORG_CODE_SIZE];
	long long pcode = g->dv.d[DIV_PROVINCE][g->prov_div[pi]].code;
	int sector = unit_sector[t];

	while (b < c + gb && gb > 0)
		gb--, b++;
	while (b < c + gb && c > 0)
		c--, b++;
	if (c + gb + b == 0)
		return ST_OK;
	ctop = t == UT_UNIVERSITY && c > 0 ? (c + 3) / 4 : c;
	cnest = c - ctop;
	gtop = ctop > 0 ? gb - gb / 2 : gb;
	if (t == UT_UNIVERSITY && ctop > 0)
		gtop = 0;
	gnest = gb - gtop;
	btop = llround(standalone_share[t] * (double)b);
	if (btop > b - (c + gb))
		btop = b - (c + gb);
	if (btop < 0)
		btop = 0;
	bnest = b - btop;

	/* tops: committees, general branches, standalone branches */
	for (long long i = 0; i < ctop + gtop + btop; i++) {
		int parent = unit_parent_of(g, pi, t);
		int kind = i < ctop ? ORG_COMMITTEE
			   : i < ctop + gtop ? ORG_GENERAL_BRANCH : ORG_BRANCH;

		unit_name(g, t, parent, unit, sizeof(unit));
		org_base(&o, kind, sector, ORG_LEVEL_GRASSROOTS);
		snprintf(o.code, sizeof(o.code), "%02lld-%c%06lld", pcode, unit_letter[t], ++seq);
		kind_name(o.name, sizeof(o.name), kind, unit);
		o.established = est_between(g, g->orgs[parent].established,
					    ymd(1978, 12, 18), g->ref - 200);
		if (kind == ORG_BRANCH) {
			if ((rc = add_branch(g, &o, parent, pi, unit, 0, err)))
				goto out;
			continue;
		}
		set_term(g, &o, 0);
		if ((rc = add_org(g, &o, parent, pi, NULL, err)))
			goto out;
		ALLOC_GROW(ct, nct + 1, nalloc);
		ct[nct].org = (int)g->nr_orgs - 1;
		ct[nct].committee = kind == ORG_COMMITTEE;
		ct[nct].code = (unsigned)str.len;
		strbuf_adds(&str, o.code);
		strbuf_addch(&str, '\0');
		ct[nct].unit = (unsigned)str.len;
		strbuf_adds(&str, unit);
		strbuf_addch(&str, '\0');
		nct++;
	}
	/* nested committees (colleges of a university) and general branches */
	for (long long i = 0; i < cnest + gnest; i++) {
		int committee = i < cnest;
		size_t pool = committee ? (size_t)ctop : 0;
		size_t pi_c;
		struct container *parent;

		if (!committee)
			for (size_t k = 0; k < nct; k++)
				pool += ct[k].committee;
		if (pool == 0)
			break;
		/* the committees are the first entries of ct */
		pi_c = (size_t)rng_below(&g->rng, pool);
		{
			size_t seen = 0, k;
			for (k = 0; k < nct; k++)
				if (ct[k].committee && seen++ == pi_c)
					break;
			parent = &ct[k];
		}
		snprintf(code, sizeof(code), "%s-%02lld", str.buf + parent->code, i + 1);
		if (t == UT_UNIVERSITY)
			snprintf(unit, sizeof(unit), "%s%s", str.buf + parent->unit,
				 colleges[rng_below(&g->rng, LEN(colleges))]);
		else
			snprintf(unit, sizeof(unit), "%s%s", str.buf + parent->unit,
				 depts[rng_below(&g->rng, LEN(depts))]);
		org_base(&o, committee ? ORG_COMMITTEE : ORG_GENERAL_BRANCH, sector,
			 ORG_LEVEL_GRASSROOTS);
		snprintf(o.code, sizeof(o.code), "%s", code);
		kind_name(o.name, sizeof(o.name), o.kind, unit);
		o.established = est_between(g, g->orgs[parent->org].established,
					    g->orgs[parent->org].established, g->ref - 100);
		set_term(g, &o, 0);
		if ((rc = add_org(g, &o, parent->org, pi, NULL, err)))
			goto out;
		ALLOC_GROW(ct, nct + 1, nalloc);
		ct[nct].org = (int)g->nr_orgs - 1;
		ct[nct].committee = committee;
		ct[nct].code = (unsigned)str.len;
		strbuf_adds(&str, code);
		strbuf_addch(&str, '\0');
		ct[nct].unit = (unsigned)str.len;
		strbuf_adds(&str, unit);
		strbuf_addch(&str, '\0');
		nct++;
	}
	/* nested branches: at least one in every committee and general branch */
	kids = xcalloc(nct + 1, sizeof(long long));
	mins = xcalloc(nct + 1, sizeof(long long));
	wt = xcalloc(nct + 1, sizeof(double));
	for (size_t k = 0; k < nct; k++) {
		mins[k] = 1;
		wt[k] = ct[k].committee ? 2 : 1.5;
	}
	spread(g, wt, mins, nct, bnest, kids);
	for (size_t k = 0; k < nct; k++) {
		for (long long j = 1; j <= kids[k]; j++) {
			const char *u = str.buf + ct[k].unit;

			org_base(&o, ORG_BRANCH, sector, ORG_LEVEL_GRASSROOTS);
			snprintf(o.code, sizeof(o.code), "%s-B%02lld", str.buf + ct[k].code, j);
			if (t == UT_UNIVERSITY)
				snprintf(unit, sizeof(unit), "%s%s第%lld", u,
					 j % 3 ? "学生" : "教工", j % 3 ? j - j / 3 : j / 3);
			else if (j == kids[k] && j >= 3)
				snprintf(unit, sizeof(unit), "%s离退休", u);
			else
				snprintf(unit, sizeof(unit), "%s第%lld", u, j);
			snprintf(o.name, sizeof(o.name), "%s党支部", unit);
			o.established = est_between(g, g->orgs[ct[k].org].established,
						    g->orgs[ct[k].org].established, g->ref - 30);
			if ((rc = add_branch(g, &o, ct[k].org, pi, unit, 0, err)))
				goto out;
		}
	}
out:
	free(ct);
	free(kids);
	free(mins);
	free(wt);
	strbuf_release(&str);
	return rc;
}

static const char *const temp_purposes[] = {
	"重点工程项目建设", "乡村振兴驻村帮扶", "防汛抢险救灾", "干部培训班学习",
	"重大活动筹备保障", "巡视巡察工作", "援疆援藏工作", "流动党员集中务工",
};

/* A few temporary organizations under random county committees. */
static int build_temporary(struct gen *g, struct error *err)
{
	long long n = g->opt->members / 50000 + 2;
	struct org o;
	int rc;

	for (long long i = 0; i < n; i++) {
		int pi = (int)rng_below(&g->rng, (uint64_t)g->nprov);
		int lvl = g->nlocals[pi][2] ? 2 : 0;
		int parent = g->locals[pi][lvl][rng_below(&g->rng, g->nlocals[pi][lvl])];
		const char *purpose = temp_purposes[rng_below(&g->rng, LEN(temp_purposes))];

		org_base(&o, ORG_TEMPORARY, SECTOR_OTHER, ORG_LEVEL_GRASSROOTS);
		snprintf(o.code, sizeof(o.code), "T%05lld", i + 1);
		snprintf(o.name, sizeof(o.name), "%s%s临时党支部", place_of(g, parent),
			 purpose);
		snprintf(o.purpose, sizeof(o.purpose), "%s", purpose);
		o.established = (int)rng_range(&g->rng, g->ref - 330, g->ref - 10);
		o.end_date = date_add_months(o.established, 3 + (int)rng_below(&g->rng, 16));
		if ((rc = add_org(g, &o, parent, pi, NULL, err)))
			return rc;
	}
	return ST_OK;
}

/* Fits the kind matrix (unit type x kind) to the published totals. */
static int fit_kinds(struct gen *g, double out[NR_UNIT_TYPES][3], struct error *err)
{
	const struct profile *p = &g->prof;
	double rows[NR_UNIT_TYPES], cols[3], cells[NR_UNIT_TYPES * 3], e;
	const double *margins[2] = { rows, cols };
	int dims[2] = { NR_UNIT_TYPES, 3 };
	double units = p->orgs_agencies + p->orgs_institutions + p->orgs_enterprises +
		       p->orgs_social;

	rows[UT_TERRITORIAL] = p->orgs_total - units;
	rows[UT_AGENCY] = p->orgs_agencies;
	rows[UT_INSTITUTION] = p->orgs_institutions * 0.88;
	rows[UT_UNIVERSITY] = p->orgs_institutions * 0.12;
	rows[UT_SOE] = p->orgs_enterprises * 0.33;
	rows[UT_NON_PUBLIC] = p->orgs_enterprises * 0.67;
	rows[UT_SOCIAL] = p->orgs_social;
	cols[0] = p->orgs_committees;
	cols[1] = p->orgs_general_branches;
	cols[2] = p->orgs_branches;
	for (int t = 0; t < NR_UNIT_TYPES; t++)
		for (int k = 0; k < 3; k++)
			cells[t * 3 + k] = kind_seed[t][k] * rows[t];
	if (ipf_fit(cells, 2, dims, margins, 500, 1e-9, &e))
		return error_set(err, ST_INVALID, "grassroots_organizations",
				 "profile: organization counts by kind and by unit type do not fit (error %.3g)",
				 e);
	for (int t = 0; t < NR_UNIT_TYPES; t++)
		for (int k = 0; k < 3; k++)
			out[t][k] = cells[t * 3 + k];
	return ST_OK;
}

static int build_orgs(struct gen *g, struct error *err)
{
	struct org o;
	double kinds[NR_UNIT_TYPES][3], flat[NR_UNIT_TYPES * 3];
	long long nat[NR_UNIT_TYPES * 3], grass;
	long long (*per)[NR_UNIT_TYPES * 3] = xcalloc((size_t)g->nprov, sizeof(*per));
	long long want[4][MAX_PROV];
	const double nat_div[4] = {
		NAT_CITIES * pow(g->f, 0.25), NAT_COUNTIES * sqrt(g->f),
		NAT_TOWNS * g->f, NAT_VILLAGES * g->f,
	};
	int rc;

	/* the centre */
	org_base(&o, ORG_COMMITTEE, SECTOR_OTHER, ORG_LEVEL_CENTRAL);
	snprintf(o.code, sizeof(o.code), "CPC");
	snprintf(o.name, sizeof(o.name), "中国共产党中央委员会");
	o.established = ymd(1921, 7, 23);
	set_term(g, &o, 0);
	if ((rc = add_org(g, &o, -1, 0, "全国", err)))
		goto out;

	if ((rc = fit_kinds(g, kinds, err)))
		goto out;
	grass = llround((double)g->opt->members * g->prof.orgs_total / g->prof.members);
	for (int t = 0; t < NR_UNIT_TYPES; t++)
		for (int k = 0; k < 3; k++)
			flat[t * 3 + k] = kinds[t][k];
	apportion(flat, NR_UNIT_TYPES * 3, grass, nat);
	for (int c = 0; c < NR_UNIT_TYPES * 3; c++) {
		long long tmp[MAX_PROV];
		apportion(g->w, (size_t)g->nprov, nat[c], tmp);
		for (int pi = 0; pi < g->nprov; pi++)
			per[pi][c] = tmp[pi];
	}
	for (int l = 0; l < 4; l++)
		apportion(g->w, (size_t)g->nprov, llround(nat_div[l]), want[l]);

	for (int pi = 0; pi < g->nprov; pi++) {
		long long wp[4] = { want[0][pi], want[1][pi], want[2][pi], want[3][pi] };
		long long terr[3] = { per[pi][0], per[pi][1], per[pi][2] };

		for (int l = 0; l < 4; l++)
			if (wp[l] < 1)
				wp[l] = 1;
		if ((rc = build_territory(g, pi, wp, terr, err)))
			goto out;
	}
	for (int pi = 0; pi < g->nprov; pi++)
		for (int t = 1; t < NR_UNIT_TYPES; t++)
			if ((rc = build_units(g, pi, t, per[pi][t * 3], per[pi][t * 3 + 1],
					      per[pi][t * 3 + 2], err)))
				goto out;
	rc = build_temporary(g, err);
out:
	free(per);
	return rc;
}

/* ---- people ---- */

static const int band_lo[NA] = { 18, 31, 36, 41, 46, 51, 56, 61 };
static const int band_hi[NA] = { 30, 35, 40, 45, 50, 55, 60, 105 };

/* Relative number of living people of an age (flat, then declining). */
static double base_age(int age)
{
	return age <= 75 ? 1.0 : exp(-(age - 75) / 8.0);
}

/* Relative chance of joining at an age (whole years). */
static double join_pdf(int age)
{
	if (age < 19)
		return 0;
	if (age <= 25)
		return 1.0;
	if (age <= 30)
		return 0.8;
	if (age <= 35)
		return 0.5;
	if (age <= 40)
		return 0.3;
	if (age <= 50)
		return 0.15;
	if (age <= 60)
		return 0.06;
	return 0.02;
}

/* Fraction of year y inside [from, until). */
static double year_overlap(int y, int from, int until)
{
	int a = ymd(y, 1, 1), b = ymd(y + 1, 1, 1);
	int lo = a > from ? a : from, hi = b < until ? b : until;

	return hi > lo ? (double)(hi - lo) / (double)(b - a) : 0;
}

#define OLD_IDX(a, j, o, c, s) (((((a) * NJ + (j)) * NO + (o)) * 2 + (c)) * 2 + (s))
#define NEW_IDX(a, o, c, s) ((((a) * NO + (o)) * 2 + (c)) * 2 + (s))

/* Interactions of the seeds (feasibility and tendencies). */
static const double age_occ[NA][NO] = {
	/* work farm prof mgr gov stud other retired */
	{ 1.0, 0.4, 1.0, 0.5, 1.0, 8.0, 1.0, 0 },
	{ 1.0, 0.6, 1.2, 0.9, 1.1, 0.5, 1.0, 0 },
	{ 1.0, 0.8, 1.2, 1.1, 1.1, 0, 1.0, 0 },
	{ 1.0, 1.0, 1.1, 1.2, 1.1, 0, 1.0, 0 },
	{ 1.0, 1.1, 1.0, 1.2, 1.1, 0, 1.0, 0.05 },
	{ 0.9, 1.2, 0.8, 1.0, 1.0, 0, 1.0, 0.4 },
	{ 0.6, 1.3, 0.6, 0.8, 0.8, 0, 1.0, 1.2 },
	{ 0.05, 1.2, 0.04, 0.05, 0.02, 0, 0.4, 3.0 },
};
static const double age_college[NA] = { 4, 3.5, 3, 2, 1.3, 0.9, 0.6, 0.3 };
static const double occ_college[NO] = { 0.3, 0.08, 5, 3, 6, 3, 0.5, 0.6 };
static const double age_female[NA] = { 2.0, 1.7, 1.4, 1.2, 1.0, 0.9, 0.8, 0.6 };
static const double occ_female[NO] = { 0.8, 0.9, 1.6, 0.9, 1.0, 2.0, 1.2, 0.8 };

static double interactions(int a, int o, int c, int s)
{
	double v = age_occ[a][o];

	if (c)
		v *= age_college[a] * occ_college[o];
	if (s)
		v *= age_female[a] * occ_female[o];
	return v;
}

static void pair_add(struct pair_table *t, size_t *alloc, int b, int y, double w)
{
	if (t->n + 1 > *alloc) {
		*alloc = *alloc ? *alloc * 2 : 256;
		t->birth = xrealloc(t->birth, *alloc * sizeof(short));
		t->join = xrealloc(t->join, *alloc * sizeof(short));
		t->cum = xrealloc(t->cum, *alloc * sizeof(double));
	}
	t->birth[t->n] = (short)b;
	t->join[t->n] = (short)y;
	t->cum[t->n] = (t->n ? t->cum[t->n - 1] : 0) + w;
	t->n++;
}

/* Builds the joint tables and fits them to the profile. */
static int fit_people(struct gen *g, struct error *err)
{
	const struct profile *p = &g->prof;
	int Y = g->year, dims_old[5] = { NA, NJ, NO, 2, 2 }, dims_new[4] = { NA, NO, 2, 2 };
	double aj[NA][NJ] = { { 0 } }, e;
	double nm_age[NA], old_age[NA], old_j[NJ], old_o[NO], old_c[2], old_s[2];
	double new_o[NO], new_c[2], new_s[2];
	static const double nm_young[2] = { .86, .14 };
	static const double nm_older[NA] = { 0, 0, .36, .25, .18, .12, .07, .02 };
	const double *m_old[5] = { old_age, old_j, old_o, old_c, old_s };
	const double *m_new[4] = { nm_age, new_o, new_c, new_s };
	int year_start = ymd(Y, 1, 1);

	g->period_start[0] = ymd(1921, 7, 1);
	g->period_start[1] = ymd(1949, 10, 1);
	g->period_start[2] = ymd(1978, 12, 18);
	g->period_start[3] = ymd(2012, 11, 8);
	g->period_start[4] = g->ref + 1;

	/* (birth year, join year) pairs of members admitted before the year */
	for (int a = 0; a < NA; a++)
		for (int j = 0; j < NJ; j++) {
			size_t alloc = 0;
			struct pair_table *t = &g->pairs[a][j];

			for (int age = band_lo[a] < 20 ? 20 : band_lo[a]; age <= band_hi[a]; age++) {
				int b = Y - age;
				for (int y = b + 19 > 1921 ? b + 19 : 1921; y < Y; y++) {
					double ov = year_overlap(y, g->period_start[j],
								 g->period_start[j + 1] < year_start
									 ? g->period_start[j + 1] : year_start);
					double w = base_age(age) * join_pdf(y - b) * ov;
					if (w > 0)
						pair_add(t, &alloc, b, y, w);
				}
			}
			aj[a][j] = t->n ? t->cum[t->n - 1] : 0;
		}
	for (int a = 0; a < NA; a++) {
		double sum = 0;
		for (int j = 0; j < NJ; j++)
			sum += aj[a][j];
		for (int j = 0; j < NJ; j++)
			aj[a][j] = sum > 0 ? aj[a][j] / sum : 0;
	}
	for (int a = 0; a < NA; a++)
		for (int j = 0; j < NJ; j++)
			for (int o = 0; o < NO; o++)
				for (int c = 0; c < 2; c++)
					for (int s = 0; s < 2; s++) {
						double v = aj[a][j] * interactions(a, o, c, s);
						if (o == OCC_STUDENTS - 1 && j < NJ - 1)
							v *= j == NJ - 2 ? 0.05 : 0;
						g->old_cells[OLD_IDX(a, j, o, c, s)] = v;
					}

	/* new members: age split of the published "35 and under" */
	for (int a = 0; a < NA; a++)
		nm_age[a] = a < 2 ? p->nm_age35 * nm_young[a]
				  : (p->new_members - p->nm_age35) * nm_older[a];
	for (int o = 0; o < NO; o++)
		new_o[o] = p->nm_occupation[o];
	new_c[1] = p->nm_college;
	new_c[0] = p->new_members - p->nm_college;
	new_s[1] = p->nm_women;
	new_s[0] = p->new_members - p->nm_women;
	for (int a = 0; a < NA; a++)
		for (int o = 0; o < NO; o++)
			for (int c = 0; c < 2; c++)
				for (int s = 0; s < 2; s++)
					g->new_cells[NEW_IDX(a, o, c, s)] =
						o == OCC_RETIRED - 1 ? 0 : interactions(a, o, c, s);
	if (ipf_fit(g->new_cells, 4, dims_new, m_new, 2000, 1e-7, &e))
		return error_set(err, ST_INVALID, "new_members",
				 "profile: the new members' figures cannot be reproduced together (error %.3g)", e);

	/* members admitted before the year = totals - new members */
	for (int a = 0; a < NA; a++) {
		old_age[a] = p->age[a] - nm_age[a];
		if (old_age[a] < 0)
			return error_set(err, ST_INVALID, "age",
					 "profile: age band %s has fewer members than new members",
					 profile_age_keys[a]);
	}
	for (int j = 0; j < NJ; j++)
		old_j[j] = p->joined[j] - (j == NJ - 1 ? p->new_members : 0);
	for (int o = 0; o < NO; o++)
		old_o[o] = p->occupation[o] - p->nm_occupation[o];
	old_c[1] = p->college - p->nm_college;
	old_c[0] = (p->members - p->new_members) - old_c[1];
	old_s[1] = p->women - p->nm_women;
	old_s[0] = (p->members - p->new_members) - old_s[1];
	if (ipf_fit(g->old_cells, 5, dims_old, m_old, 3000, 1e-7, &e))
		return error_set(err, ST_INVALID, "age",
				 "profile: age, joining period, occupation, education and sex figures cannot be reproduced together (error %.3g)", e);

	/* birth years of new members and of applicants, by band */
	for (int a = 0; a < NA; a++)
		for (int age = band_lo[a]; age <= band_hi[a]; age++) {
			int i = age - band_lo[a];
			g->newbirth[a][i] = base_age(age) * join_pdf(age);
			g->nonbirth[a][i] = base_age(age) * join_pdf(age < 19 ? 19 : age);
		}
	for (int a = 0; a < NA; a++) {
		cumulate(g->newbirth[a], (size_t)(band_hi[a] - band_lo[a] + 1));
		cumulate(g->nonbirth[a], (size_t)(band_hi[a] - band_lo[a] + 1));
	}

	{
		int i = 0;
		for (int sx = 0; sx < 2; sx++)
			for (int c = 0; c < 2; c++)
				for (int a = 0; a < NA; a++) {
					for (int j = 0; j < NJ; j++)
						for (int o = 0; o < NO; o++)
							g->old_order[i++] = OLD_IDX(a, j, o, c, sx);
				}
		i = 0;
		for (int sx = 0; sx < 2; sx++)
			for (int c = 0; c < 2; c++)
				for (int a = 0; a < NA; a++)
					for (int o = 0; o < NO; o++)
						g->new_order[i++] = NEW_IDX(a, o, c, sx);
	}

	/* minorities: province rates scaled to the published shares */
	{
		double base = 0;
		for (int pi = 0; pi < g->nprov; pi++)
			base += g->w[pi] * g->mrate[pi];
		g->k_old = base > 0 ? (p->minorities - p->nm_minorities) /
					      (p->members - p->new_members) / base : 0;
		g->k_new = base > 0 ? p->nm_minorities / p->new_members / base : 0;
	}
	return ST_OK;
}

static int pick_province(struct gen *g)
{
	return (int)pick_cumulative(g->wcum, (size_t)g->nprov,
				    rng_double(&g->rng) * g->wcum[g->nprov - 1]);
}

/*
 * Ethnicity of a person of province pi: a minority with probability
 * k * (province rate), decided by systematic sampling along the stream of
 * category cat (*acc) so that the total is right to the person.
 */
static int pick_ethnicity(struct gen *g, int pi, double k, double *macc)
{
	const struct province_info *in = g->pinfo[pi];
	double rate = k * g->mrate[pi], u, acc = 0, tot = 0, before = *macc;

	if (rate > 0.97)
		rate = 0.97;
	*macc += rate;
	if (floor(*macc) == floor(before))
		return ETHNICITY_HAN;
	for (int i = 0; i < 8 && in && in->m[i].code; i++)
		tot += in->m[i].share;
	u = rng_double(&g->rng);
	for (int i = 0; i < 8 && in && in->m[i].code; i++) {
		acc += in->m[i].share;
		if (u * (tot + 0.02) < acc)
			return in->m[i].code;
	}
	/* the small remainder: other groups of the national mix */
	static const int others[] = { 8, 3, 11, 5, 6, 7, 15, 4, 2, 12, 9, 13, 14, 10, 97 };
	return others[rng_below(&g->rng, sizeof(others) / sizeof(others[0]))];
}

/* A branch for a person of occupation occ (1-based) in province pi. */
static int pick_branch(struct gen *g, int pi, int occ)
{
	double w[NR_SECTORS], tot = 0, u;
	int s;

	for (s = 0; s < NR_SECTORS; s++) {
		w[s] = g->pools[pi][s].n ? sector_affinity[occ - 1][s] : 0;
		tot += w[s];
	}
	if (tot <= 0)
		for (s = 0; s < NR_SECTORS; s++) {
			w[s] = g->pools[pi][s].n ? 1 : 0;
			tot += w[s];
		}
	u = rng_double(&g->rng) * tot;
	for (s = 0; s < NR_SECTORS - 1; s++) {
		if (u < w[s])
			break;
		u -= w[s];
	}
	while (!g->pools[pi][s].n)
		s = (s + 1) % NR_SECTORS;
	{
		struct pool *p = &g->pools[pi][s];
		size_t i = pick_cumulative(p->cum, p->n, rng_double(&g->rng) * p->cum[p->n - 1]);
		return p->org[i];
	}
}

#define ID_DAYS 365
#define ID_SEQS 499
#define ID_SPACE (ID_DAYS * ID_SEQS)
#define ID_STEP 7919 /* prime, coprime with ID_SPACE = 5 * 73 * 499 */

/*
 * A birth date in year b and an ID number unique in this database: the
 * k-th person of (region, birth year, sex) gets the k-th slot of a
 * permutation of (day of year, sequence), so no two people share a number.
 */
static int make_id(struct gen *g, int region, int b, int sex, int *birth,
		   char *id)
{
	for (size_t tries = 0; tries < g->nr_regions; tries++) {
		size_t r = ((size_t)region + tries) % g->nr_regions;
		size_t slot = (r * (size_t)g->idc_years + (size_t)(b - MIN_BIRTH_YEAR)) * 2 +
			      (sex == SEX_FEMALE);
		uint32_t k = g->idc[slot];
		uint64_t off, idx;
		int day, seq, y, m, d;

		if (k >= ID_SPACE)
			continue;
		g->idc[slot]++;
		off = mix64(slot ^ (g->opt->seed * 0x9e3779b97f4a7c15ULL)) % ID_SPACE;
		idx = ((uint64_t)k * ID_STEP + off) % ID_SPACE;
		day = (int)(idx % ID_DAYS);
		seq = 2 * (int)(idx / ID_DAYS) + (sex == SEX_MALE ? 1 : 2);
		*birth = ymd(b, 1, 1) + day;
		date_to_ymd(*birth, &y, &m, &d);
		snprintf(id, IDCARD_SIZE, "%s%04d%02d%02d%03d", g->regions[r], y, m, d, seq);
		id[17] = idcard_check_char(id);
		id[18] = '\0';
		return ST_OK;
	}
	return ST_INTERNAL;
}

static int education_of(struct gen *g, int college, int age)
{
	double u = rng_double(&g->rng);

	if (college) {
		double pg = age <= 35 ? .14 : age <= 50 ? .09 : .03;
		double ba = age <= 35 ? .55 : age <= 50 ? .45 : .35;
		if (u < pg)
			return rng_below(&g->rng, 10) ? 14 : 11;
		return u < pg + ba ? 21 : 31;
	}
	if (age <= 35)
		return u < .30 ? 41 : u < .70 ? 61 : u < .98 ? 71 : 81;
	if (age <= 60)
		return u < .25 ? 41 : u < .55 ? 61 : u < .90 ? 71 : 81;
	return u < .10 ? 41 : u < .35 ? 61 : u < .70 ? 71 : 81;
}

static void make_phone(struct gen *g, char *out, size_t size)
{
	uint64_t r = rng_next(&g->rng);

	snprintf(out, size, "1%c%09llu", "3456789"[r % 7],
		 (unsigned long long)((r >> 8) % 1000000000ULL));
}

static int between(struct gen *g, int lo, int hi)
{
	return hi <= lo ? hi : (int)rng_range(&g->rng, lo, hi);
}

/* Fills the common identity part of p. */
static int identity(struct gen *g, struct person *p, int pi, int b, int occ,
		    int college, int female, double k, double *macc,
		    struct error *err)
{
	int org = pick_branch(g, pi, occ);

	p->sex = female ? SEX_FEMALE : SEX_MALE;
	p->ethnicity = pick_ethnicity(g, pi, k, macc);
	p->occupation = occ;
	p->org_id = org + 1;
	if (make_id(g, g->orgs[org].region, b, p->sex, &p->birth_date, p->id_number))
		return error_set(err, ST_INTERNAL, NULL, "ran out of ID numbers");
	p->education = education_of(g, college, g->year - b);
	names_person(p->sex, p->ethnicity, b, rng_next(&g->rng), rng_next(&g->rng),
		     p->name, sizeof(p->name));
	make_phone(g, p->phone, sizeof(p->phone));
	return ST_OK;
}

/* First day on which someone born on birth is 18 (29 Feb -> 1 Mar). */
static int adult_date(int birth)
{
	int d = date_add_years(birth, 18);

	return date_years_between(birth, d) < 18 ? d + 1 : d;
}

/* Key dates before admission (or before the last step reached). */
static void steps_before(struct gen *g, struct person *p, int until)
{
	int adult = adult_date(p->birth_date);

	p->target = until - (int)rng_range(&g->rng, 30, 180);
	p->activist = p->target - (int)rng_range(&g->rng, 365, 540);
	p->applied = p->activist - (int)rng_range(&g->rng, 30, 300);
	if (p->applied < adult)
		p->applied = adult;
	if (p->activist < p->applied)
		p->activist = p->applied;
	if (p->target < p->activist)
		p->target = p->activist;
}

/* A member: cat 0 admitted before the year, cat 1 during the year. */
static int make_member(struct gen *g, int cat, int cell, struct person *p,
		       struct error *err)
{
	int a, j, o, c, s, b, y, lo, hi, rc, pi = pick_province(g);

	if (cat == 0) {
		struct pair_table *t;
		size_t i;

		s = cell % 2, c = (cell / 2) % 2, o = (cell / 4) % NO;
		j = (cell / (4 * NO)) % NJ, a = cell / (4 * NO * NJ);
		t = &g->pairs[a][j];
		i = pick_cumulative(t->cum, t->n, rng_double(&g->rng) * t->cum[t->n - 1]);
		b = t->birth[i];
		y = t->join[i];
	} else {
		int span;

		s = cell % 2, c = (cell / 2) % 2, o = (cell / 4) % NO, a = cell / (4 * NO);
		j = NJ - 1;
		span = band_hi[a] - band_lo[a] + 1;
		b = g->year - band_lo[a] -
		    (int)pick_cumulative(g->newbirth[a], (size_t)span,
					 rng_double(&g->rng) * g->newbirth[a][span - 1]);
		y = g->year;
	}
	if ((rc = identity(g, p, pi, b, o + 1, c, s, cat ? g->k_new : g->k_old,
			   &g->macc[cat], err)))
		return rc;
	lo = ymd(y, 1, 1);
	hi = ymd(y, 12, 31);
	if (lo < g->period_start[j])
		lo = g->period_start[j];
	if (hi > g->period_start[j + 1] - 1)
		hi = g->period_start[j + 1] - 1;
	if (cat == 0 && hi >= ymd(g->year, 1, 1))
		hi = ymd(g->year, 1, 1) - 1;
	if (hi > g->ref)
		hi = g->ref;
	{
		int ready = adult_date(p->birth_date) + 420;
		if (ready > lo)
			lo = ready < hi ? ready : hi;
	}
	p->admitted = between(g, lo, hi);
	steps_before(g, p, p->admitted);
	p->full = date_add_years(p->admitted, 1) + (int)rng_range(&g->rng, 0, 60);
	if (p->full > g->ref) {
		p->full = DATE_NONE;
		p->status = MS_PROBATIONARY;
	} else {
		p->status = MS_FULL;
	}
	{
		uint64_t r = rng_below(&g->rng, 1000);
		p->flags = r < 30 ? MF_FLOATING : r < 32 ? MF_LOST_CONTACT : 0;
	}
	return ST_OK;
}

/* Applicant (cat 2), activist (3) or development target (4). */
static int make_candidate(struct gen *g, int cat, int cell, struct person *p,
			  struct error *err)
{
	int s = cell % 2, c = (cell / 2) % 2, o = (cell / 4) % NO, a = cell / (4 * NO);
	int span = band_hi[a] - band_lo[a] + 1, rc, adult, step;
	int b = g->year - band_lo[a] -
		(int)pick_cumulative(g->nonbirth[a], (size_t)span,
				     rng_double(&g->rng) * g->nonbirth[a][span - 1]);

	if ((rc = identity(g, p, pick_province(g), b, o + 1, c, s, g->k_new,
			   &g->macc[cat], err)))
		return rc;
	adult = adult_date(p->birth_date);
	if (cat == 2) {
		p->status = MS_APPLICANT;
		p->applied = between(g, g->ref - 3 * 365 > adult ? g->ref - 3 * 365 : adult, g->ref);
		return ST_OK;
	}
	if (cat == 3) {
		p->status = MS_ACTIVIST;
		step = between(g, g->ref - 2 * 365 > adult + 60 ? g->ref - 2 * 365 : adult + 60,
			       g->ref);
		p->activist = step;
		p->applied = step - (int)rng_range(&g->rng, 30, 300);
		if (p->applied < adult)
			p->applied = adult;
		if (p->activist < p->applied)
			p->activist = p->applied;
		return ST_OK;
	}
	p->status = MS_TARGET;
	step = between(g, g->ref - 365 > adult + 430 ? g->ref - 365 : adult + 430, g->ref);
	steps_before(g, p, step + 60);
	p->target = step;
	if (p->target < p->activist)
		p->target = p->activist;
	if (p->target > g->ref)
		p->target = g->ref;
	if (p->activist > p->target)
		p->activist = p->target;
	if (p->applied > p->activist)
		p->applied = p->activist;
	return ST_OK;
}

static int build_people(struct gen *g, struct error *err)
{
	const struct profile *pr = &g->prof;
	long long n = g->opt->members;
	long long nnew = llround((double)n * pr->new_members / pr->members);
	long long totals[5] = {
		n - nnew, nnew,
		llround((double)n * pr->applicants / pr->members),
		llround((double)n * pr->activists / pr->members),
		llround((double)nnew * 0.5),
	};
	long long all = 0, done_before[5] = { 0 };
	long long blocks, counts[OLD_CELLS];
	double ordered[OLD_CELLS];
	uint32_t *entries = xmalloc(sizeof(uint32_t) * (BLOCK + 16));
	struct person p;
	int rc = ST_OK;

	for (int c = 0; c < 5; c++) {
		all += totals[c];
		g->macc[c] = rng_double(&g->rng);
	}
	blocks = (all + BLOCK - 1) / BLOCK;
	if (blocks < 1)
		blocks = 1;
	for (long long bk = 0; bk < blocks; bk++) {
		size_t ne = 0;

		for (int cat = 0; cat < 5; cat++) {
			long long upto = totals[cat] * (bk + 1) / blocks;
			long long m = upto - done_before[cat];
			const double *cells = cat == 0 ? g->old_cells : g->new_cells;
			const int *order = cat == 0 ? g->old_order : g->new_order;
			size_t ncells = cat == 0 ? OLD_CELLS : NEW_CELLS;

			done_before[cat] = upto;
			if (m <= 0)
				continue;
			for (size_t i = 0; i < ncells; i++)
				ordered[i] = cells[order[i]];
			systematic_counts(ordered, ncells, m, rng_double(&g->rng), counts);
			for (size_t oi = 0; oi < ncells; oi++)
				for (long long k = 0; k < counts[oi]; k++) {
					size_t i = (size_t)order[oi];
					if (ne >= BLOCK + 16) {
						rc = error_set(err, ST_INTERNAL, NULL, "block overflow");
						goto out;
					}
					entries[ne++] = (uint32_t)cat << 16 | (uint32_t)i;
				}
		}
		rng_shuffle(&g->rng, entries, ne, sizeof(entries[0]));
		for (size_t i = 0; i < ne; i++) {
			int cat = (int)(entries[i] >> 16), cell = (int)(entries[i] & 0xffff);

			person_init(&p);
			rc = cat < 2 ? make_member(g, cat, cell, &p, err)
				     : make_candidate(g, cat, cell, &p, err);
			if (rc)
				goto out;
			if ((rc = person_validate(&p, g->ref, err))) {
				char msg[600];
				snprintf(msg, sizeof(msg), "%s", err ? err->message : "");
				if (err)
					err->status = ST_OK;
				rc = error_set(err, ST_INTERNAL, NULL,
					       "generated person %s (%s) is invalid: %s",
					       p.name, p.id_number, msg);
				goto out;
			}
			if ((rc = gen_store_person(g->db, &p, err)))
				goto out;
			g->sum->persons++;
			g->sum->persons_by_status[p.status]++;
			if (cat == 1)
				g->sum->new_members++;
			if (++g->rows >= COMMIT_ROWS) {
				g->rows = 0;
				if ((rc = gen_store_checkpoint(g->db, err)))
					goto out;
			}
		}
	}
out:
	free(entries);
	return rc;
}

/* ---- the run ---- */

static int setup_provinces(struct gen *g, struct error *err)
{
	double tot = 0;

	for (size_t i = 0; i < g->dv.n[DIV_PROVINCE]; i++) {
		const struct province_info *in;

		if (!g->dv.d[DIV_PROVINCE][i].usable)
			continue;
		if (g->nprov >= MAX_PROV)
			return error_set(err, ST_INVALID, "divisions", "too many provinces");
		in = province_info(g->dv.d[DIV_PROVINCE][i].code);
		g->prov_div[g->nprov] = (int)i;
		g->pinfo[g->nprov] = in;
		g->w[g->nprov] = in ? in->population : 1000;
		g->mrate[g->nprov] = in ? in->minority : 0.05;
		tot += g->w[g->nprov];
		g->nprov++;
	}
	if (!g->nprov)
		return error_set(err, ST_INVALID, "divisions",
				 "the division tables have no province with villages");
	for (int i = 0; i < g->nprov; i++) {
		g->w[i] /= tot;
		g->wcum[i] = (i ? g->wcum[i - 1] : 0) + g->w[i];
	}
	return ST_OK;
}

static void gen_release(struct gen *g)
{
	for (int pi = 0; pi < MAX_PROV; pi++) {
		for (int l = 0; l < 4; l++)
			free(g->locals[pi][l]);
		for (int s = 0; s < NR_SECTORS; s++) {
			free(g->pools[pi][s].org);
			free(g->pools[pi][s].cum);
		}
	}
	for (int a = 0; a < NA; a++)
		for (int j = 0; j < NJ; j++) {
			free(g->pairs[a][j].birth);
			free(g->pairs[a][j].join);
			free(g->pairs[a][j].cum);
		}
	free(g->orgs);
	free(g->regions);
	free(g->idc);
	strbuf_release(&g->places);
	divisions_release(&g->dv);
}

/* Removes path (when main) and its journal files. */
static void remove_db_files(const char *path, int main)
{
	static const char *const ext[] = { "", "-wal", "-shm", "-journal" };
	char buf[4096];

	for (size_t i = main ? 0 : 1; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(buf, sizeof(buf), "%s%s", path, ext[i]);
		unlink(buf);
	}
}

static void sync_dir_of(const char *path)
{
	char dir[4096];
	char *slash;
	int fd;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash == dir)
		dir[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		snprintf(dir, sizeof(dir), ".");
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY)) >= 0) {
		fsync(fd);
		close(fd);
	}
}

int gen_run(const struct gen_options *opt, struct gen_summary *sum,
	    struct error *err)
{
	struct gen *g = xcalloc(1, sizeof(*g));
	struct strbuf tmp = STRBUF_INIT, detail = STRBUF_INIT;
	char key_tmp[4096], key_final[4096];
	struct timespec t0, t1;
	struct stat sb;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(sum, 0, sizeof(*sum));
	g->opt = opt;
	g->sum = sum;
	strbuf_init(&g->places, 0);
	if (opt->members < 100 || opt->members > 200000000LL) {
		rc = error_set(err, ST_INVALID, "members",
			       "--members must be between 100 and 200000000");
		goto out;
	}
	if (opt->year < 1990 || opt->year > 2100) {
		rc = error_set(err, ST_INVALID, "year", "--year must be between 1990 and 2100");
		goto out;
	}
	if (!opt->force && stat(opt->db_path, &sb) == 0) {
		rc = error_set(err, ST_CONFLICT, "db",
			       "%s already exists (use --force to replace it)", opt->db_path);
		goto out;
	}
	rc = opt->profile_path ? profile_load(opt->profile_path, opt->year, &g->prof, err)
			       : profile_builtin(opt->year, &g->prof, err);
	if (rc)
		goto out;
	if ((rc = divisions_load(&g->dv, opt->divisions_dir, err)))
		goto out;
	g->year = opt->year;
	g->ref = ymd(opt->year, 12, 31);
	g->f = (double)opt->members / (g->prof.members * 1e4);
	rng_seed(&g->rng, opt->seed, 1);
	if ((rc = setup_provinces(g, err)) || (rc = fit_people(g, err)))
		goto out;

	strbuf_addf(&tmp, "%s.tmp", opt->db_path);
	remove_db_files(tmp.buf, 1);
	crypto_key_path(tmp.buf, key_tmp, sizeof(key_tmp));
	crypto_key_path(opt->db_path, key_final, sizeof(key_final));
	if (strcmp(key_tmp, key_final))
		unlink(key_tmp); /* a leftover of an interrupted run */
	if ((rc = db_open(tmp.buf, DB_OPEN_CREATE, &g->db, err)) ||
	    (rc = gen_store_begin(g->db, err)) || (rc = build_orgs(g, err)))
		goto out;
	g->idc_years = g->year - MIN_BIRTH_YEAR + 1;
	g->idc = xcalloc(g->nr_regions * (size_t)g->idc_years * 2, sizeof(uint32_t));
	if ((rc = build_people(g, err)))
		goto out;
	strbuf_addf(&detail,
		    "{\"members\":%lld,\"seed\":%llu,\"year\":%d,\"profile\":%s,"
		    "\"orgs\":%lld,\"persons\":%lld}",
		    opt->members, (unsigned long long)opt->seed, opt->year,
		    opt->profile_path ? "\"file\"" : "\"built-in\"", sum->orgs,
		    sum->persons);
	if ((rc = gen_store_finish(g->db, detail.buf, err)))
		goto out;
	db_close(g->db);
	g->db = NULL;
	remove_db_files(opt->db_path, 0); /* a stale WAL must not meet the new file */
	if (rename(tmp.buf, opt->db_path)) {
		rc = error_set(err, ST_IO, "db", "cannot rename %s to %s: %s", tmp.buf,
			       opt->db_path, strerror(errno));
		goto out;
	}
	/* the data key made for the new file goes with it */
	crypto_key_path(tmp.buf, key_tmp, sizeof(key_tmp));
	crypto_key_path(opt->db_path, key_final, sizeof(key_final));
	if (strcmp(key_tmp, key_final) && rename(key_tmp, key_final) && errno != ENOENT) {
		rc = error_set(err, ST_IO, "key", "cannot rename %s to %s: %s", key_tmp,
			       key_final, strerror(errno));
		goto out;
	}
	sync_dir_of(opt->db_path);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	sum->seconds = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
out:
	if (g->db)
		db_close(g->db);
	if (rc && tmp.len) {
		remove_db_files(tmp.buf, 1);
		crypto_key_path(tmp.buf, key_tmp, sizeof(key_tmp));
		crypto_key_path(opt->db_path, key_final, sizeof(key_final));
		if (strcmp(key_tmp, key_final))
			unlink(key_tmp);
	}
	gen_release(g);
	free(g);
	strbuf_release(&tmp);
	strbuf_release(&detail);
	return rc;
}
