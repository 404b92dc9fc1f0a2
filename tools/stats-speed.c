/*
 * stats-speed.c - times the statistics engine on a synthetic population
 * held only in memory (no database): a national-shape tree (centre, 31
 * provinces, cities, counties, townships, grassroots branches) and N members
 * with random attributes and key dates.
 *
 *   stats-speed [N]      (default 10000000)
 *
 * Prints the build time and the best of several runs of: a province roll-up
 * by age band x sex, a province roll-up by sector with a filter, the
 * whole-tree bulletin with its 31 province children, a province bulletin.
 * Not a test (nothing is checked) and not a comparison with other systems.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/date.h"
#include "model/codes.h"
#include "stats/stats.h"

static uint64_t rng = 88172645463325252ull;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void add_org(struct stats_engine *e, long long id, long long parent,
		    int kind, int level)
{
	struct org o;
	struct error err = ERROR_INIT;

	memset(&o, 0, sizeof(o));
	o.id = id;
	o.parent_id = parent;
	snprintf(o.code, sizeof(o.code), "S%lld", id);
	snprintf(o.name, sizeof(o.name), "org %lld", id);
	o.kind = kind;
	o.sector = 1 + (int)(rnd() % 9);
	o.level = level;
	o.established = date_from_ymd(1950, 1, 1);
	o.dissolved = DATE_NONE;
	if (stats_engine_apply_org(e, NULL, &o, &err)) {
		fprintf(stderr, "stats-speed: %s\n", err.message);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	long long n = argc > 1 ? strtoll(argv[1], NULL, 10) : 10000000;
	struct stats_engine *e = stats_engine_new();
	struct error err = ERROR_INIT;
	long long next = 1;
	long long *leaves = NULL;
	size_t nr_leaves = 0, alloc = 0;
	double t0 = now();

	/* tree: centre, 31 provinces x 12 cities x 9 counties x 12 townships,
	 * and enough branches under the townships for ~19 members each */
	long long townships = 31LL * 12 * 9 * 12;
	long long per_town = n / 19 / townships + 1;
	stats_engine_begin_bulk(e);
	long long centre = next++;
	add_org(e, centre, 0, ORG_COMMITTEE, ORG_LEVEL_CENTRAL);
	for (int p = 0; p < 31; p++) {
		long long prov = next++;
		add_org(e, prov, centre, ORG_COMMITTEE, ORG_LEVEL_PROVINCE);
		for (int c = 0; c < 12; c++) {
			long long city = next++;
			add_org(e, city, prov, ORG_COMMITTEE, ORG_LEVEL_CITY);
			for (int k = 0; k < 9; k++) {
				long long county = next++;
				add_org(e, county, city, ORG_COMMITTEE, ORG_LEVEL_COUNTY);
				for (int t = 0; t < 12; t++) {
					long long town = next++;
					add_org(e, town, county, ORG_COMMITTEE, 0);
					for (long long b = 0; b < per_town; b++) {
						long long br = next++;
						add_org(e, br, town, b % 10 ? ORG_BRANCH : ORG_GENERAL_BRANCH, 0);
						if (nr_leaves == alloc) {
							alloc = alloc ? alloc * 2 : 1024;
							leaves = realloc(leaves, alloc * sizeof(*leaves));
						}
						leaves[nr_leaves++] = br;
					}
				}
			}
		}
	}
	struct person p;
	memset(&p, 0, sizeof(p));
	int base = date_from_ymd(1930, 1, 1);
	for (long long i = 0; i < n; i++) {
		uint64_t r = rnd();
		p.id = i + 1;
		p.org_id = leaves[(size_t)((i * (long long)nr_leaves) / n)];
		p.sex = 1 + (int)(r & 1);
		p.birth_date = base + (int)(rnd() % (75 * 365));
		p.ethnicity = (r >> 8) % 13 ? 1 : 2 + (int)((r >> 12) % 50);
		p.education = (r >> 20) % 2 ? 21 : 61;
		p.occupation = 1 + (int)((r >> 24) % 8);
		int adm = p.birth_date + 20 * 365 + (int)(rnd() % (40 * 365));
		p.applied = adm - 900;
		p.activist = adm - 600;
		p.target = adm - 200;
		p.admitted = adm;
		p.full = adm + 365;
		p.exited = DATE_NONE;
		int s = (int)((r >> 30) % 100);
		p.status = s < 85 ? MS_FULL : s < 88 ? MS_PROBATIONARY
				       : s < 95 ? MS_ACTIVIST : MS_DECEASED;
		if (p.status == MS_ACTIVIST)
			p.target = p.admitted = p.full = DATE_NONE;
		if (p.status == MS_DECEASED)
			p.exited = p.full + 3650;
		if (stats_engine_apply_person(e, NULL, &p, &err)) {
			fprintf(stderr, "stats-speed: %s\n", err.message);
			return 1;
		}
	}
	if (stats_engine_end_bulk(e, &err)) {
		fprintf(stderr, "stats-speed: %s\n", err.message);
		return 1;
	}
	struct stats_engine_info info;
	stats_engine_info(e, &info);
	printf("built %zu organizations, %zu rows in %.2f s (%zu analytical bytes/row)\n",
	       info.orgs, info.rows, now() - t0, info.bytes_per_row);

	/* queries: best of 5 */
	struct stats_query q;
	struct stats_rollup r;
	struct stats_bulletin b;
	double best[4] = { 1e9, 1e9, 1e9, 1e9 };
	uint64_t check = 0;
	for (int run = 0; run < 5; run++) {
		double t;
		stats_query_init(&q);
		q.org_id = 2; /* the first province */
		q.as_of = date_from_ymd(2023, 12, 31);
		q.nr_dims = 2;
		q.dims[0] = STATS_DIM_AGE_BAND;
		q.dims[1] = STATS_DIM_SEX;
		t = now();
		stats_rollup(e, &q, &r, &err);
		t = now() - t;
		if (t < best[0])
			best[0] = t;
		check += r.total;
		stats_rollup_release(&r);

		q.nr_dims = 1;
		q.dims[0] = STATS_DIM_SECTOR;
		stats_query_allow(&q, STATS_DIM_ETHNICITY, 1);
		t = now();
		stats_rollup(e, &q, &r, &err);
		t = now() - t;
		if (t < best[1])
			best[1] = t;
		check += r.total;
		stats_rollup_release(&r);

		t = now();
		stats_bulletin(e, "", 2023, 50, &b, &err);   /* the medal at 50 years */
		t = now() - t;
		if (t < best[2])
			best[2] = t;
		check += b.total.members;
		stats_bulletin_release(&b);

		t = now();
		stats_bulletin(e, "2", 2023, 50, &b, &err);
		t = now() - t;
		if (t < best[3])
			best[3] = t;
		check += b.total.members;
		stats_bulletin_release(&b);
	}
	printf("province rollup age_band x sex:        %8.3f ms\n", best[0] * 1e3);
	printf("province rollup sector, minorities:    %8.3f ms\n", best[1] * 1e3);
	printf("whole-tree bulletin (+31 children):    %8.3f ms\n", best[2] * 1e3);
	printf("province bulletin (+12 children):      %8.3f ms\n", best[3] * 1e3);
	printf("(checksum %llu)\n", (unsigned long long)check);
	free(leaves);
	stats_engine_free(e);
	return 0;
}
