/*
 * test-org-history.c - statistics as of a past day count over the tree of
 * that day, with each member at the organization of that day.
 *
 * An in-memory source gives a random forest, a year of dated moves of
 * organizations and transfers of members (the history), and today's state.
 * For every organization and several days, the engine's roll-up, children
 * and bulletin are compared with a plain recount from the history (the
 * parent of each organization and the organization of each member on the
 * day, found by walking the dated lists). The same after a snapshot round
 * trip with the history read again, after deltas (a transfer applied to the
 * engine), and without history (today's tree for every day). Not for the
 * database's reading of the history (tests/e2e/t0861-stats-past-tree.sh).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/date.h"
#include "model/codes.h"
#include "model/org.h"
#include "model/person.h"
#include "stats/source.h"
#include "stats/stats.h"

#define NORG 60
#define NPER 500
#define NMOVE 50
#define NTR 40

struct ver { int day, parent; };      /* parent: org number 1.., 0 = root */
struct tr { int person, day, from, to; };

static struct {
	int parent0[NORG + 1], parent[NORG + 1];
	struct ver ver[NORG + 1][NMOVE + 2];
	int nver[NORG + 1];
	int org0[NPER], org[NPER];
	struct tr tr[NTR];
	int ntr;
	int no_history;
} W;

static unsigned rnd_state = 12345;
static unsigned rnd(unsigned n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 8) % n;
}

static int base_day(void)
{
	return date_from_ymd(2024, 1, 1);
}

static int is_under(const int *parent, int x, int anc)
{
	for (int k = 0; x && k <= NORG; k++, x = parent[x])
		if (x == anc)
			return 1;
	return 0;
}

static void world_make(void)
{
	int day = base_day();

	memset(&W, 0, sizeof(W));
	for (int i = 1; i <= NORG; i++) {
		W.parent0[i] = i <= 3 ? 0 : 1 + (int)rnd((unsigned)i - 1);
		W.parent[i] = W.parent0[i];
		W.ver[i][0] = (struct ver){ date_from_ymd(2000, 1, 1), W.parent0[i] };
		W.nver[i] = 1;
	}
	for (int p = 0; p < NPER; p++)
		W.org0[p] = W.org[p] = 1 + (int)rnd(NORG);
	/* a year of moves and transfers, in date order, some on one day */
	for (int k = 0; k < NMOVE; k++) {
		day += (int)rnd(8);
		int x = 4 + (int)rnd(NORG - 3), y = 1 + (int)rnd(NORG);
		if (is_under(W.parent, y, x) || y == W.parent[x])
			continue;
		W.parent[x] = y;
		W.ver[x][W.nver[x]++] = (struct ver){ day, y };
		if (k < NTR) {
			int p = (int)rnd(NPER), to = 1 + (int)rnd(NORG);
			if (to != W.org[p]) {
				W.tr[W.ntr++] = (struct tr){ p, day, W.org[p], to };
				W.org[p] = to;
			}
		}
	}
}

static int parent_on(int x, int day)
{
	int p = W.ver[x][0].parent;

	for (int k = 0; k < W.nver[x]; k++)
		if (W.ver[x][k].day <= day)
			p = W.ver[x][k].parent;
	return p;
}

static int org_on(int person, int day)
{
	for (int k = 0; k < W.ntr; k++)
		if (W.tr[k].person == person && W.tr[k].day > day)
			return W.tr[k].from;
	return W.org[person];
}

/* Members under org (0 = all) on day, by the history. */
static unsigned long ref_count(int org, int day)
{
	int par[NORG + 1];
	unsigned long n = 0;

	for (int i = 1; i <= NORG; i++)
		par[i] = W.no_history ? W.parent[i] : parent_on(i, day);
	for (int p = 0; p < NPER; p++) {
		int o = W.no_history ? W.org[p] : org_on(p, day);
		n += !org || is_under(par, o, org);
	}
	return n;
}

static int mem_read(void *arg, int max_threads, const struct stats_source_visitor *v,
		    struct error *err)
{
	struct stats_source_member rows[NPER];
	int rc;

	(void)arg;
	(void)max_threads;
	for (int i = 1; i <= NORG; i++) {
		struct org o;
		org_init(&o);
		o.id = i;
		o.parent_id = W.parent[i];
		snprintf(o.code, sizeof(o.code), "H%02d", i);
		snprintf(o.name, sizeof(o.name), "org %d", i);
		o.kind = ORG_COMMITTEE;
		o.level = ORG_LEVEL_GRASSROOTS;
		o.sector = SECTOR_RURAL;
		o.established = date_from_ymd(2000, 1, 1);
		if ((rc = v->org(&o, v->arg, err)))
			return rc;
	}
	memset(rows, 0, sizeof(rows));
	for (int p = 0; p < NPER; p++) {
		rows[p].id = 1000 + p;
		rows[p].org_id = W.org[p];
		rows[p].sex = p % 2 ? SEX_FEMALE : SEX_MALE;
		rows[p].ethnicity = ETHNICITY_HAN;
		rows[p].occupation = OCC_WORKERS;
		rows[p].status = MS_FULL;
		rows[p].birth_date = date_from_ymd(1980, 1, 1);
		rows[p].applied = rows[p].activist = rows[p].target = DATE_NONE;
		rows[p].admitted = date_from_ymd(2001, 1, 1);
		rows[p].full = date_from_ymd(2002, 1, 1);
		rows[p].exited = DATE_NONE;
	}
	return v->members(0, rows, NPER, v->arg, err);
}

static int mem_history(void *arg, const struct stats_history_visitor *v,
		       struct error *err)
{
	int rc;

	(void)arg;
	for (int i = 1; i <= NORG; i++)
		for (int k = 0; k < W.nver[i]; k++)
			if ((rc = v->version(i, W.ver[i][k].day, W.ver[i][k].parent,
					     v->arg, err)))
				return rc;
	/* by person, then day */
	for (int p = 0; p < NPER; p++)
		for (int k = 0; k < W.ntr; k++)
			if (W.tr[k].person == p &&
			    (rc = v->transfer(1000 + p, W.tr[k].day, W.tr[k].from,
					      W.tr[k].to, v->arg, err)))
				return rc;
	return ST_OK;
}

static const int offsets[] = { -400, -1, 0, 3, 40, 100, 200, 300, 365, 1000 };

/* Every organization's roll-up, children and bulletin against the recount. */
static void compare_all(struct stats_engine *e)
{
	struct error err = ERROR_INIT;

	for (size_t k = 0; k < sizeof(offsets) / sizeof(offsets[0]); k++) {
		int day = base_day() + offsets[k];
		for (int o = 0; o <= NORG; o++) {
			struct stats_query q;
			struct stats_rollup r;
			struct stats_children c;

			stats_query_init(&q);
			q.as_of = day;
			q.org_id = o;
			q.nr_dims = 1;
			q.dims[0] = STATS_DIM_SEX;
			assert_int_equal(stats_rollup(e, &q, &r, &err), 0);
			if (r.total != ref_count(o, day))
				fail_msg("org %d day %+d: %llu, recount %lu", o, offsets[k],
					 (unsigned long long)r.total, ref_count(o, day));
			stats_rollup_release(&r);
			assert_int_equal(stats_children(e, &q, &c, &err), 0);
			assert_int_equal(c.total.total, ref_count(o, day));
			for (size_t i = 0; i < c.nr; i++) {
				int kid = (int)c.child[i].org.id;
				assert_int_equal(W.no_history ? W.parent[kid] : parent_on(kid, day), o);
				assert_int_equal(c.child[i].r.total, ref_count(kid, day));
			}
			stats_children_release(&c);
		}
		/* the bulletin of the day's year-end, when that is the day */
		int y, m, d;
		date_to_ymd(day, &y, &m, &d);
		if (m == 12 && d == 31) {
			for (int o = 1; o <= NORG; o++) {
				struct stats_bulletin b;
				char ref[16];
				snprintf(ref, sizeof(ref), "H%02d", o);
				assert_int_equal(stats_bulletin(e, ref, y, 50, &b, &err), 0);
				assert_int_equal(b.total.members, ref_count(o, day));
				for (size_t i = 0; i < b.nr_children; i++)
					assert_int_equal(b.children[i].c.members,
							 ref_count((int)b.children[i].org.id, day));
				stats_bulletin_release(&b);
			}
		}
	}
}

static void test_as_of_tree(void **state)
{
	struct stats_source src = { .read = mem_read, .arg = NULL,
				    .read_history = mem_history };
	struct stats_engine *e = NULL, *e2 = NULL;
	struct error err = ERROR_INIT;
	char path[] = "/tmp/ow-hist-XXXXXX";
	int fd;

	(void)state;
	world_make();
	assert_true(W.ntr > 5);
	assert_int_equal(stats_engine_build(&src, &e, &err), 0);
	compare_all(e);

	/* a snapshot holds today's tree; the history is read again */
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(stats_engine_save(e, path, 7, &err), 0);
	assert_int_equal(stats_engine_load(path, &e2, NULL, &err), 0);
	unlink(path);
	assert_int_equal(stats_engine_load_history(e2, &src, &err), 0);
	compare_all(e2);
	stats_engine_free(e2);

	/* a transfer applied as a delta, then the history read again */
	struct person before, after;
	person_init(&before);
	before.id = 1000 + 7;
	before.org_id = W.org[7];
	before.status = MS_FULL;
	before.sex = SEX_FEMALE;
	before.birth_date = date_from_ymd(1980, 1, 1);
	before.admitted = date_from_ymd(2001, 1, 1);
	before.full = date_from_ymd(2002, 1, 1);
	after = before;
	after.org_id = W.org[7] == 2 ? 3 : 2;
	assert_int_equal(stats_engine_apply_person(e, &before, &after, &err), 0);
	W.tr[W.ntr++] = (struct tr){ 7, base_day() + 500, W.org[7], (int)after.org_id };
	W.org[7] = (int)after.org_id;
	assert_int_equal(stats_engine_load_history(e, &src, &err), 0);
	compare_all(e);
	stats_engine_free(e);

	/* without a history every day counts over today's tree */
	src.read_history = NULL;
	W.no_history = 1;
	assert_int_equal(stats_engine_build(&src, &e, &err), 0);
	compare_all(e);
	stats_engine_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_as_of_tree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
