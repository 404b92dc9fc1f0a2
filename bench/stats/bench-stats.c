/*
 * bench-stats.c - the orgwork side of the statistics benchmark (bench/stats):
 * times, in process, the statistics engine's build from a database, snapshot
 * save and load, the province roll-up (members by sex x age band as of
 * 31 December 2023), the whole-tree bulletin of 2023, and page 10 of a city
 * subtree's member listing in pinyin order (the store's cursor listing, the
 * engine holds no names), and the same roll-up and bulletin as of 31
 * December 2023 after a year of moves (a few thousand branches moved to
 * other parents on days of 2024: the as-of path, over the tree of that
 * day, whose answers must equal the unmoved engine's). Prints one JSON object with every run's
 * milliseconds and each answer in the canonical form bench/stats/report.mjs
 * compares with the peers' answers.
 *
 * The subtrees are chosen here unless given: the province (level 3) whose
 * members are closest to 3 % of all, and that province's city (level 2) with
 * the most members. Not a test of correctness beyond the peers' agreement,
 * and not part of the orgwork binary.
 *
 *   bench-stats [--repeat N] [--rollup-org ID] [--list-org ID] DB SNAPSHOT
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/date.h"
#include "core/error.h"
#include "core/xalloc.h"
#include "model/codes.h"
#include "model/org.h"
#include "ops/findings.h"
#include "stats/stats.h"
#include "store/db.h"
#include "store/person-store.h"
#include "store/stats-source.h"

#define YEAR 2023
#define PAGE 10
#define PAGE_SIZE 50
#define BUILD_RUNS 3

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void fail(const char *what, const struct error *err)
{
	fprintf(stderr, "bench-stats: %s: %s\n", what,
		err && err->message[0] ? err->message : "failed");
	exit(1);
}

static void print_times(const char *name, const double *ms, int n)
{
	printf("  \"%s_ms\": [", name);
	for (int i = 0; i < n; i++)
		printf("%s%.4f", i ? ", " : "", ms[i]);
	printf("],\n");
}

/* ---- a year of moves ---------------------------------------------------- */

/*
 * A source over the database that records every organization (moved: the
 * parent it has after the moves) and gives a history in which the moved
 * branches hung under their old parent until their day in YEAR + 1.
 */
struct moves {
	struct db *db;
	const struct stats_source_visitor *inner;
	size_t n, alloc;
	long long *id, *parent;
	unsigned char *branch;
	/* moves: org position -> new parent (0 = not moved), day */
	long long *to;
	int *day;
	size_t nr_moved;
};

static int moves_org(const struct org *o, void *arg, struct error *err)
{
	struct moves *m = arg;
	struct org x = *o;

	if (m->to) {
		/* the tree after the moves: orgs come in the same order again */
		size_t i = m->n++;
		if (m->to[i])
			x.parent_id = m->to[i];
	} else {
		ALLOC_GROW(m->id, m->n + 1, m->alloc);
		m->parent = xrealloc(m->parent, m->alloc * sizeof(long long));
		m->branch = xrealloc(m->branch, m->alloc);
		m->id[m->n] = o->id;
		m->parent[m->n] = o->parent_id;
		m->branch[m->n] = o->kind == ORG_BRANCH;
		m->n++;
	}
	return m->inner->org(&x, m->inner->arg, err);
}

static int moves_members(int chunk, const struct stats_source_member *rows, size_t n,
			 void *arg, struct error *err)
{
	struct moves *m = arg;

	return m->inner->members(chunk, rows, n, m->inner->arg, err);
}

static int moves_read(void *arg, int max_threads, const struct stats_source_visitor *v,
		      struct error *err)
{
	struct moves *m = arg;
	struct stats_source_visitor w = { moves_org, moves_members, m };

	m->inner = v;
	if (m->to)
		m->n = 0;
	return stats_source_read(m->db, max_threads, &w, err);
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* One version per organization (as generated data has), two for a moved
 * one, in order of organization id. */
static int moves_history(void *arg, const struct stats_history_visitor *v,
			 struct error *err)
{
	struct moves *m = arg;
	long long *order = xmalloc(m->n * 2 * sizeof(long long));
	int est = date_from_ymd(1949, 10, 1), rc = ST_OK;

	for (size_t i = 0; i < m->n; i++) {
		order[2 * i] = m->id[i];
		order[2 * i + 1] = (long long)i;
	}
	qsort(order, m->n, 2 * sizeof(long long), cmp_ll);
	for (size_t k = 0; k < m->n && !rc; k++) {
		size_t i = (size_t)order[2 * k + 1];
		rc = v->version(m->id[i], est, m->parent[i], v->arg, err);
		if (!rc && m->to[i])
			rc = v->version(m->id[i], m->day[i], m->to[i], v->arg, err);
	}
	free(order);
	return rc;
}

/* Picks up to nr branches and for each another branch's parent (a
 * committee or general branch, never under the branch itself: branches
 * hold no branches), on days spread over YEAR + 1. */
static void moves_pick(struct moves *m, size_t nr)
{
	size_t nb = 0, *b = xmalloc((m->n ? m->n : 1) * sizeof(size_t));
	unsigned seed = 7;
	int jan1 = date_from_ymd(YEAR + 1, 1, 1);

	m->to = xcalloc(m->n ? m->n : 1, sizeof(long long));
	m->day = xcalloc(m->n ? m->n : 1, sizeof(int));
	for (size_t i = 0; i < m->n; i++)
		if (m->branch[i] && m->parent[i])
			b[nb++] = i;
	for (size_t k = 0; k < nb && m->nr_moved < nr; k++) {
		seed = seed * 1103515245u + 12345u;
		size_t x = b[(seed >> 8) % nb];
		seed = seed * 1103515245u + 12345u;
		size_t y = b[(seed >> 8) % nb];
		if (m->to[x] || m->parent[y] == m->parent[x] || m->parent[y] == m->id[x])
			continue;
		m->to[x] = m->parent[y];
		m->day[x] = jan1 + (int)(seed % 365);
		m->nr_moved++;
	}
	free(b);
}

/* ---- choosing the subtrees -------------------------------------------- */

/* Child of org (0 = the forest) at level (-1 any) with members closest to
 * target (0 = the most members). */
static long long pick_child(struct stats_engine *e, long long org, int level,
			    double target, unsigned long long *members)
{
	struct stats_query q;
	struct stats_children c;
	struct error err = { 0 };
	long long best = 0;
	double best_d = 0;

	stats_query_init(&q);
	q.org_id = org;
	q.as_of = date_from_ymd(YEAR, 12, 31);
	if (stats_children(e, &q, &c, &err))
		fail("children", &err);
	for (size_t i = 0; i < c.nr; i++) {
		if (level >= 0 && c.child[i].org.level != level)
			continue;
		double n = (double)c.child[i].r.total;
		double d = target > 0 ? (n > target ? n - target : target - n) : -n;
		if (!best || d < best_d) {
			best = c.child[i].org.id;
			best_d = d;
			*members = c.child[i].r.total;
		}
	}
	stats_children_release(&c);
	return best;
}

/* ---- the queries -------------------------------------------------------- */

static void rollup(struct stats_engine *e, long long org, struct stats_rollup *r)
{
	struct stats_query q;
	struct error err = { 0 };

	stats_query_init(&q);
	q.org_id = org;
	q.as_of = date_from_ymd(YEAR, 12, 31);
	q.nr_dims = 2;
	q.dims[0] = STATS_DIM_SEX;
	q.dims[1] = STATS_DIM_AGE_BAND;
	if (stats_rollup(e, &q, r, &err))
		fail("roll-up", &err);
}

static void bulletin(struct stats_engine *e, struct stats_bulletin *b)
{
	struct error err = { 0 };

	if (stats_bulletin(e, "", YEAR, 50, b, &err))
		fail("bulletin", &err);
}

struct page {
	int n;
	long long id[PAGE_SIZE];
};

static int page_add(const struct person *p, void *ctx)
{
	struct page *pg = ctx;

	if (pg->n < PAGE_SIZE)
		pg->id[pg->n++] = p->id;
	return 0;
}

/* One page after cursor ("" = the first); next receives the next cursor. */
static void list_page(struct db *db, long long org, const char *cursor,
		      struct page *pg, char *next)
{
	struct person_query q = { 0 };
	struct error err = { 0 };

	q.org_id = org;
	q.subtree = 1;
	q.status = -1;
	q.after = cursor;
	q.limit = PAGE_SIZE;
	pg->n = 0;
	if (person_store_list(db, &q, page_add, pg, next, &err))
		fail("listing", &err);
}

static void print_bulletin(const struct stats_bulletin_counts *c)
{
	printf("  \"bulletin\": {\"members\": %llu, \"women\": %llu,"
	       " \"minorities\": %llu, \"college_or_above\": %llu",
	       (unsigned long long)c->members, (unsigned long long)c->women,
	       (unsigned long long)c->minorities, (unsigned long long)c->college);
	for (int i = 0; i < STATS_AGE_BANDS; i++)
		printf(", \"age_%d\": %llu", i, (unsigned long long)c->age[i]);
	for (int i = 0; i < STATS_JOIN_PERIODS; i++)
		printf(", \"joined_%d\": %llu", i, (unsigned long long)c->joined[i]);
	for (int i = 1; i < STATS_OCCUPATIONS; i++)
		printf(", \"occ_%d\": %llu", i, (unsigned long long)c->occupation[i]);
	printf(", \"new_members\": %llu, \"new_women\": %llu,"
	       " \"new_minorities\": %llu, \"new_age_le_35\": %llu,"
	       " \"new_college\": %llu",
	       (unsigned long long)c->new_members, (unsigned long long)c->new_women,
	       (unsigned long long)c->new_minorities,
	       (unsigned long long)c->new_age_le_35,
	       (unsigned long long)c->new_college);
	for (int i = 1; i < STATS_OCCUPATIONS; i++)
		printf(", \"new_occ_%d\": %llu", i,
		       (unsigned long long)c->new_occupation[i]);
	printf(", \"applicants\": %llu, \"activists\": %llu, \"medals_50\": %llu",
	       (unsigned long long)c->applicants, (unsigned long long)c->activists,
	       (unsigned long long)c->medals_50);
	printf(", \"grassroots_total\": %llu, \"committees\": %llu,"
	       " \"general_branches\": %llu, \"branches\": %llu",
	       (unsigned long long)c->grassroots_total,
	       (unsigned long long)c->committees,
	       (unsigned long long)c->general_branches,
	       (unsigned long long)c->branches);
	for (int i = 0; i < STATS_SECTORS; i++)
		printf(", \"sector_%d\": %llu", i,
		       (unsigned long long)c->orgs_by_sector[i]);
	printf("},\n");
}

static void usage(void)
{
	fprintf(stderr, "usage: bench-stats [--repeat N] [--rollup-org ID]"
		" [--list-org ID] DB SNAPSHOT\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "repeat", required_argument, NULL, 'r' },
		{ "rollup-org", required_argument, NULL, 'p' },
		{ "list-org", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	int repeat = 10, c;
	long long prov = 0, city = 0;
	unsigned long long prov_members = 0, city_members = 0;
	char *end;
	struct error err = { 0 };
	struct db *db = NULL;
	struct stats_source src;
	struct stats_engine *e = NULL, *e2 = NULL;
	struct stats_engine_info info;
	double build_ms[BUILD_RUNS], save_ms, load_ms, tracks_ms, dues_ms, t;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			repeat = (int)strtol(optarg, &end, 10);
			if (*end || repeat < 1 || repeat > 1000)
				usage();
			break;
		case 'p':
			prov = strtoll(optarg, &end, 10);
			if (*end || prov <= 0)
				usage();
			break;
		case 'c':
			city = strtoll(optarg, &end, 10);
			if (*end || city <= 0)
				usage();
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 2)
		usage();
	const char *db_file = argv[optind], *snap = argv[optind + 1];

	if (db_open(db_file, DB_OPEN_EXISTING, &db, &err))
		fail(db_file, &err);

	/* build: BUILD_RUNS times from the database, keep the last engine.
	 * The dues (by organization and month) are read apart and timed on
	 * their own row: the peers load the persons, organizations and steps,
	 * no dues, so the compared load is the engine's of the same data */
	for (int i = 0; i < BUILD_RUNS; i++) {
		if (e)
			stats_engine_free(e);
		t = now_ms();
		stats_source_init(&src, db);
		src.read_dues = NULL;
		if (stats_engine_build(&src, &e, &err))
			fail("engine build", &err);
		build_ms[i] = now_ms() - t;
	}
	stats_source_init(&src, db);
	t = now_ms();
	if (stats_engine_load_dues(e, &src, &err))
		fail("dues load", &err);
	dues_ms = now_ms() - t;
	stats_engine_info(e, &info);

	/* snapshot save and load; the queries run on the loaded engine */
	t = now_ms();
	if (stats_engine_save(e, snap, 1, &err))
		fail("snapshot save", &err);
	save_ms = now_ms() - t;
	t = now_ms();
	if (stats_engine_load(snap, &e2, NULL, &err))
		fail("snapshot load", &err);
	load_ms = now_ms() - t;
	/* the track entries read from the database again (a build's part of
	 * the time; the snapshot held them too) */
	t = now_ms();
	if (stats_engine_load_tracks(e2, &src, &err))
		fail("tracks load", &err);
	tracks_ms = now_ms() - t;

	if (!prov || !city) {
		unsigned long long all = 0, m = 0;
		long long root = pick_child(e2, 0, -1, 0, &all);
		struct stats_rollup r;
		rollup(e2, 0, &r);
		all = r.total;
		stats_rollup_release(&r);
		if (!prov)
			prov = pick_child(e2, root, ORG_LEVEL_PROVINCE, 0.03 * (double)all, &m);
		if (!city)
			city = pick_child(e2, prov, ORG_LEVEL_CITY, 0, &m);
		if (!prov || !city) {
			fprintf(stderr, "bench-stats: no province or city found\n");
			return 1;
		}
	}
	{
		struct stats_rollup r;
		rollup(e2, prov, &r);
		prov_members = r.total;
		stats_rollup_release(&r);
		rollup(e2, city, &r);
		city_members = r.total;
		stats_rollup_release(&r);
	}

	/* the built and the loaded engine must agree */
	{
		struct stats_bulletin b1, b2;
		bulletin(e, &b1);
		bulletin(e2, &b2);
		if (memcmp(&b1.total, &b2.total, sizeof(b1.total))) {
			fprintf(stderr, "bench-stats: the loaded snapshot answers differently\n");
			return 1;
		}
		stats_bulletin_release(&b1);
		stats_bulletin_release(&b2);
	}
	stats_engine_free(e);

	/* the engine after a year of moves: its orgs recorded by one build,
	 * the moves picked, then built again with them */
	struct moves mv = { .db = db };
	struct stats_source msrc = { .read = moves_read, .arg = &mv };
	struct stats_engine *e3 = NULL;
	if (stats_engine_build(&msrc, &e3, &err))
		fail("engine build (moves)", &err);
	stats_engine_free(e3);
	moves_pick(&mv, mv.n / 20 < 3000 ? mv.n / 20 : 3000);
	msrc.read_history = moves_history;
	if (stats_engine_build(&msrc, &e3, &err))
		fail("engine build (moves)", &err);

	double *ms = xcalloc((size_t)repeat, sizeof(double));
	printf("{\n  \"engine\": \"orgwork\",\n  \"rows\": %zu,\n  \"orgs\": %zu,\n",
	       info.rows, info.orgs);
	printf("  \"tracks\": %zu,\n  \"bytes_per_track\": %zu,\n", info.tracks,
	       info.bytes_per_track);
	printf("  \"rollup_org\": %lld,\n  \"rollup_org_members\": %llu,\n",
	       prov, prov_members);
	printf("  \"list_org\": %lld,\n  \"list_org_members\": %llu,\n",
	       city, city_members);
	print_times("build", build_ms, BUILD_RUNS);
	print_times("snapshot_save", &save_ms, 1);
	print_times("snapshot_load", &load_ms, 1);
	print_times("tracks_load", &tracks_ms, 1);
	print_times("dues_load", &dues_ms, 1);

	/* (a) roll-up: one warm-up, then repeat timed runs */
	struct stats_rollup r;
	rollup(e2, prov, &r);
	for (int i = 0; i < repeat; i++) {
		struct stats_rollup x;
		t = now_ms();
		rollup(e2, prov, &x);
		ms[i] = now_ms() - t;
		stats_rollup_release(&x);
	}
	print_times("rollup", ms, repeat);
	printf("  \"rollup\": [");
	int first = 1;
	for (int s = 0; s < r.card[0]; s++)
		for (int b = 0; b < r.card[1]; b++) {
			unsigned long long n = r.counts[s * r.card[1] + b];
			if (n) {
				printf("%s\"%d|%d|%llu\"", first ? "" : ", ", s, b, n);
				first = 0;
			}
		}
	printf("],\n");
	stats_rollup_release(&r);

	/* (b) bulletin */
	struct stats_bulletin b;
	bulletin(e2, &b);
	for (int i = 0; i < repeat; i++) {
		struct stats_bulletin x;
		t = now_ms();
		bulletin(e2, &x);
		ms[i] = now_ms() - t;
		stats_bulletin_release(&x);
	}
	print_times("bulletin", ms, repeat);
	print_bulletin(&b.total);

	/* (e) the national counts of the person findings as of 31 December,
	 * with the bounds ops/findings.c derives from the rules of that day
	 * (probation and cultivation 1 year, 30 days, the medal at 50) */
	{
		struct finding_params fp = {
			.as_of = date_from_ymd(YEAR, 12, 31), .cultivation_years = 1,
			.probation_years = 1, .conversion_due_days = 30,
			.medal_july = date_from_ymd(YEAR + 1, 7, 1), .medal_years = 50,
			.talk_months = 1, .approval_months = 3, .lost_contact_months = 6,
			.dues_notice_months = 3, .dues_lapse_months = 6,
		};
		struct stats_findings_query fq;
		struct stats_findings_counts fc;
		struct error ferr = ERROR_INIT;
		findings_engine_query(&fp, &fq);
		for (int i = 0; i < repeat; i++) {
			t = now_ms();
			if (stats_findings(e2, 0, &fq, &fc, &ferr))
				fail("findings", &ferr);
			ms[i] = now_ms() - t;
		}
		print_times("findings", ms, repeat);
		printf("  \"findings\": {\"activists_eligible\": %llu, \"probation_ending\": %llu,"
		       " \"probation_overdue\": %llu, \"medal_due\": %llu,"
		       " \"talk_overdue\": %llu, \"approval_overdue\": %llu,"
		       " \"extension_overdue\": %llu, \"lost_contact_6m\": %llu},\n",
		       (unsigned long long)fc.activists_eligible,
		       (unsigned long long)fc.probation_ending,
		       (unsigned long long)fc.probation_overdue, (unsigned long long)fc.medal_due,
		       (unsigned long long)fc.talk_overdue, (unsigned long long)fc.approval_overdue,
		       (unsigned long long)fc.extension_overdue,
		       (unsigned long long)fc.lost_contact);
	}

	/* (d) the same as of the prior year-end after a year of moves: the
	 * tree of that day; the answers are the unmoved engine's */
	struct stats_rollup ra, rb;
	rollup(e2, prov, &rb);
	rollup(e3, prov, &ra);
	for (int i = 0; i < repeat; i++) {
		struct stats_rollup x;
		t = now_ms();
		rollup(e3, prov, &x);
		ms[i] = now_ms() - t;
		stats_rollup_release(&x);
	}
	print_times("rollup_asof", ms, repeat);
	struct stats_bulletin ba;
	bulletin(e3, &ba);
	for (int i = 0; i < repeat; i++) {
		struct stats_bulletin x;
		t = now_ms();
		bulletin(e3, &x);
		ms[i] = now_ms() - t;
		stats_bulletin_release(&x);
	}
	print_times("bulletin_asof", ms, repeat);
	printf("  \"moved_branches\": %zu,\n", mv.nr_moved);
	if (ra.total != rb.total ||
	    memcmp(ra.counts, rb.counts, (size_t)ra.card[0] * ra.card[1] * sizeof(uint64_t)) ||
	    memcmp(&ba.total, &b.total, sizeof(b.total))) {
		fprintf(stderr, "bench-stats: the answers as of %d-12-31 after the moves differ\n",
			YEAR);
		return 1;
	}
	stats_rollup_release(&ra);
	stats_rollup_release(&rb);
	stats_bulletin_release(&ba);
	stats_bulletin_release(&b);
	stats_engine_free(e3);
	free(mv.id);
	free(mv.parent);
	free(mv.branch);
	free(mv.to);
	free(mv.day);

	/* (c) page PAGE: walk to the cursor of page PAGE-1, then time the
	 * request of page PAGE with it (what "next page" costs) */
	char cursor[CURSOR_SIZE] = "", next[CURSOR_SIZE];
	struct page pg;
	for (int p = 1; p < PAGE; p++) {
		list_page(db, city, cursor, &pg, next);
		snprintf(cursor, sizeof(cursor), "%s", next);
		if (!cursor[0])
			break;
	}
	pg.n = 0;
	if (cursor[0]) {
		list_page(db, city, cursor, &pg, next);
		for (int i = 0; i < repeat; i++) {
			t = now_ms();
			list_page(db, city, cursor, &pg, next);
			ms[i] = now_ms() - t;
		}
	} else {
		for (int i = 0; i < repeat; i++)
			ms[i] = 0;
	}
	print_times("list", ms, repeat);
	printf("  \"list\": [");
	for (int i = 0; i < pg.n; i++)
		printf("%s\"%lld\"", i ? ", " : "", pg.id[i]);
	printf("],\n");

	printf("  \"engine_bytes_per_row\": %zu\n}\n", info.bytes_per_row);
	free(ms);
	stats_engine_free(e2);
	db_close(db);
	return 0;
}
