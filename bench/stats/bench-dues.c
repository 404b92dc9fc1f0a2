/*
 * bench-dues.c - timing of the statistics engine's dues by subtree and month
 * (stats/dues.c) on a generated database (orgwork gen gives its first
 * 1,000,000 members dues records): the one grouped read of every member's
 * records into the engine, the national totals of the twelve months of the
 * reference year (every organization of the country), the same for the
 * largest top-level subtree, and the recomputation of one branch after a
 * write. Prints one JSON object with every run's milliseconds, the engine's
 * held cells, and the national months; checks that the national months
 * equal the sum of the top-level subtrees' months (exit 1 otherwise). Not a
 * test of the month rule (tests/unit/test-dues-stats.c compares it with the
 * ledger), and not part of the orgwork binary.
 *
 *   bench-dues [--repeat N] [--year Y] DB
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/error.h"
#include "model/dues.h"
#include "stats/stats.h"
#include "store/db.h"
#include "store/stats-source.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void fail(const char *what, const struct error *err)
{
	fprintf(stderr, "bench-dues: %s: %s\n", what,
		err && err->message[0] ? err->message : "failed");
	exit(1);
}

static void print_times(const char *name, const double *ms, int n, int comma)
{
	printf("  \"%s_ms\": [", name);
	for (int i = 0; i < n; i++)
		printf("%s%.3f", i ? ", " : "", ms[i]);
	printf("]%s\n", comma ? "," : "");
}

/* The organization of the first member with dues records. */
static int first_org(const struct stats_dues_member *m, void *arg, struct error *err)
{
	(void)err;
	*(long long *)arg = m->org_id;
	return 1;
}

/* The records read (members, rows). */
struct count {
	long long members, rows;
};
static int count_member(const struct stats_dues_member *m, void *arg, struct error *err)
{
	struct count *c = arg;

	(void)err;
	c->members++;
	c->rows += (long long)(m->r.nr_bases + m->r.nr_reliefs + m->r.nr_payments +
			       m->r.nr_specials);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "repeat", required_argument, NULL, 'r' },
		{ "year", required_argument, NULL, 'y' },
		{ NULL, 0, NULL, 0 },
	};
	struct error err = ERROR_INIT;
	struct db *db = NULL;
	struct stats_source src, nodues;
	struct stats_engine *e = NULL;
	struct stats_dues_month nat[12], sub[12], sum[12];
	struct stats_org_info top, best;
	struct count cnt = { 0, 0 };
	struct stats_children kids;
	int repeat = 10, year = 2023, c, from;
	long long branch = 0;
	double load_ms, read_ms, *nat_ms, *sub_ms, *ref_ms;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'r': repeat = (int)strtol(optarg, NULL, 10); break;
		case 'y': year = (int)strtol(optarg, NULL, 10); break;
		default: return 2;
		}
	}
	if (optind + 1 != argc || repeat < 1 || year < 2008 || year > 2100) {
		fprintf(stderr, "usage: bench-dues [--repeat N] [--year Y] DB\n");
		return 2;
	}
	from = year * 12;
	if (db_open(argv[optind], DB_OPEN_EXISTING, &db, &err))
		fail("opening the database", &err);
	stats_source_init(&src, db);
	nodues = src;
	nodues.read_dues = NULL;
	if (stats_engine_build(&nodues, &e, &err))
		fail("building the engine", &err);

	/* the grouped read alone, then the read into the engine */
	read_ms = now_ms();
	if (stats_source_dues(db, 0, &(struct stats_dues_visitor){ count_member, &cnt }, &err))
		fail("reading the dues", &err);
	read_ms = now_ms() - read_ms;
	load_ms = now_ms();
	if (stats_engine_load_dues(e, &src, &err))
		fail("loading the dues", &err);
	load_ms = now_ms() - load_ms;

	nat_ms = calloc((size_t)repeat, sizeof(double));
	sub_ms = calloc((size_t)repeat, sizeof(double));
	ref_ms = calloc((size_t)repeat, sizeof(double));
	for (int i = 0; i < repeat; i++) {
		double t = now_ms();
		if (stats_dues(e, 0, from, from + 11, nat, &err))
			fail("the national months", &err);
		nat_ms[i] = now_ms() - t;
	}

	/* the top-level subtrees: their months add up to the nation's; the
	 * largest is timed */
	if (stats_org_find(e, "", &top, &err))
		fail("the root", &err);
	memset(sum, 0, sizeof(sum));
	memset(&best, 0, sizeof(best));
	{
		struct stats_query q;
		stats_query_init(&q);
		if (stats_children(e, &q, &kids, &err))
			fail("the top-level organizations", &err);
	}
	for (size_t i = 0; i < kids.nr; i++) {
		const struct stats_org_info o = kids.child[i].org;
		if (stats_dues(e, o.id, from, from + 11, sub, &err))
			fail("a subtree's months", &err);
		for (int k = 0; k < 12; k++) {
			sum[k].c.due_fen += sub[k].c.due_fen;
			sum[k].c.paid_fen += sub[k].c.paid_fen;
			sum[k].c.arrears_fen += sub[k].c.arrears_fen;
			sum[k].c.members_due += sub[k].c.members_due;
		}
		if (o.subtree_orgs > best.subtree_orgs)
			best = o;
	}
	for (int k = 0; k < 12; k++)
		if (sum[k].c.due_fen != nat[k].c.due_fen || sum[k].c.paid_fen != nat[k].c.paid_fen ||
		    sum[k].c.arrears_fen != nat[k].c.arrears_fen ||
		    sum[k].c.members_due != nat[k].c.members_due) {
			fprintf(stderr, "bench-dues: month %d: the nation differs from its parts\n", k + 1);
			return 1;
		}
	for (int i = 0; i < repeat; i++) {
		double t = now_ms();
		if (stats_dues(e, best.id, from, from + 11, sub, &err))
			fail("the largest subtree's months", &err);
		sub_ms[i] = now_ms() - t;
	}

	/* one branch recomputed from the store, as after a write */
	if (stats_source_dues(db, 0, &(struct stats_dues_visitor){ first_org, &branch }, &err) < 0)
		fail("finding a branch", &err);
	for (int i = 0; i < repeat && branch; i++) {
		double t = now_ms();
		if (stats_engine_dues_refresh(e, &src, branch, &err))
			fail("recomputing a branch", &err);
		ref_ms[i] = now_ms() - t;
	}
	if (stats_dues(e, 0, from, from + 11, sub, &err) ||
	    memcmp(sub, nat, sizeof(nat)))
		fail("the nation after the recomputation of a branch", &err);

	printf("{\n  \"members_with_dues\": %lld,\n  \"dues_rows\": %lld,\n"
	       "  \"organizations\": %zu,\n  \"largest_subtree\": {\"id\": %lld, \"orgs\": %zu},\n"
	       "  \"branch\": %lld,\n  \"grouped_read_ms\": %.1f,\n  \"load_ms\": %.1f,\n",
	       cnt.members, cnt.rows, top.subtree_orgs, best.id, best.subtree_orgs, branch,
	       read_ms, load_ms);
	print_times("national_12_months", nat_ms, repeat, 1);
	print_times("largest_subtree_12_months", sub_ms, repeat, 1);
	print_times("branch_refresh", ref_ms, repeat, 1);
	printf("  \"national\": [");
	for (int k = 0; k < 12; k++) {
		char m[DUES_MONTH_STR_SIZE];
		printf("%s\n    {\"month\": \"%s\", \"members_due\": %lld, \"due_fen\": %lld,"
		       " \"paid_fen\": %lld, \"paid_full\": %lld, \"arrears_members\": %lld,"
		       " \"arrears_fen\": %lld, \"special_fen\": %lld}", k ? "," : "",
		       dues_month_format(nat[k].month, m), nat[k].c.members_due, nat[k].c.due_fen,
		       nat[k].c.paid_fen, nat[k].c.paid_full, nat[k].c.arrears_members,
		       nat[k].c.arrears_fen, nat[k].c.special_fen);
	}
	printf("\n  ]\n}\n");
	stats_children_release(&kids);
	free(nat_ms);
	free(sub_ms);
	free(ref_ms);
	stats_engine_free(e);
	db_close(db);
	return 0;
}
