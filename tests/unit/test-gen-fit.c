/*
 * test-gen-fit.c - the generator's numeric helpers (gen/gen-fit.c: PRNG,
 * IPF, apportionment, systematic sampling, weighted choice) and its names
 * (model/names.c).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/codes.h"
#include "model/names.h"
#include "gen/gen-fit.h"

static void rng_is_deterministic(void **state)
{
	struct rng a, b, c;
	int differ = 0;

	(void)state;
	rng_seed(&a, 42, 1);
	rng_seed(&b, 42, 1);
	rng_seed(&c, 42, 2);
	for (int i = 0; i < 1000; i++) {
		uint64_t x = rng_next(&a), y = rng_next(&b), z = rng_next(&c);
		assert_true(x == y);
		differ += x != z;
	}
	assert_true(differ > 990);
	for (int i = 0; i < 10000; i++) {
		double d = rng_double(&a);
		assert_true(d >= 0 && d < 1);
		assert_true(rng_below(&a, 7) < 7);
		long long r = rng_range(&a, -3, 3);
		assert_true(r >= -3 && r <= 3);
	}
}

static void ipf_matches_margins_and_keeps_zeros(void **state)
{
	/* 3 x 2 table with one infeasible cell */
	double cells[6] = { 1, 1, 1, 0, 1, 1 };
	double rows[3] = { 30, 20, 50 }, cols[2] = { 40, 60 }, m[3], e;
	const double *margins[2] = { rows, cols };
	int dims[2] = { 3, 2 };

	(void)state;
	assert_int_equal(ipf_fit(cells, 2, dims, margins, 1000, 1e-9, &e), 0);
	assert_true(e <= 1e-9);
	assert_true(cells[3] == 0);
	ipf_margin(cells, 2, dims, 0, m);
	for (int i = 0; i < 3; i++)
		assert_true(fabs(m[i] - rows[i]) < 1e-6);
	ipf_margin(cells, 2, dims, 1, m);
	for (int i = 0; i < 2; i++)
		assert_true(fabs(m[i] - cols[i]) < 1e-6);
	/* the only feasible cell of row 1 is column 0 */
	assert_true(fabs(cells[2] - 20) < 1e-6);
}

static void ipf_reports_infeasible(void **state)
{
	/* row 1 can only be column 1, which must be empty */
	double cells[4] = { 1, 0, 0, 1 };
	double rows[2] = { 50, 50 }, cols[2] = { 100, 0 }, e;
	const double *margins[2] = { rows, cols };
	int dims[2] = { 2, 2 };

	(void)state;
	assert_int_equal(ipf_fit(cells, 2, dims, margins, 200, 1e-9, &e), -1);
	assert_true(e > 1e-3);
}

static void apportion_and_systematic(void **state)
{
	double w[5] = { 1, 2, 3, 0, 4 };
	long long out[5], sum = 0;
	struct rng r;

	(void)state;
	apportion(w, 5, 101, out);
	for (int i = 0; i < 5; i++)
		sum += out[i];
	assert_int_equal(sum, 101);
	assert_int_equal(out[3], 0);
	assert_true(out[4] == 40 || out[4] == 41);
	rng_seed(&r, 1, 1);
	for (int t = 0; t < 100; t++) {
		long long n = 1 + (long long)rng_below(&r, 1000);
		double u = rng_double(&r);
		systematic_counts(w, 5, n, u, out);
		sum = 0;
		for (int i = 0; i < 5; i++) {
			double q = (double)n * w[i] / 10;
			assert_true(out[i] >= (long long)floor(q) - 1 &&
				    out[i] <= (long long)ceil(q) + 1);
			sum += out[i];
		}
		assert_int_equal(sum, n);
		assert_int_equal(out[3], 0);
	}
}

/* An 8 x 8 x 2 table of small weights drawn 131 times: systematic sampling
 * leaves a marginal off by more than one draw; after
 * margin_repair each is within one draw, the total is kept, no draw lands
 * in a cell of zero weight, and what is left wanting is want - got. */
static void margin_repair_brings_margins_within_one(void **state)
{
	(void)state;
	enum { A = 8, B = 8, C = 2, N = A * B * C };
	const int dims[3] = { A, B, C };
	double w[N], share[3][8], want[3][8], *wp[3] = { want[0], want[1], want[2] };
	long long counts[N], total = 131, sum = 0;
	struct rng r;
	double worst_before = 0;

	rng_seed(&r, 7, 1);
	for (int i = 0; i < N; i++)
		w[i] = i % 7 == 3 ? 0 : 0.2 + rng_double(&r);
	systematic_counts(w, N, total, 0.37, counts);
	for (int k = 0; k < 3; k++) {
		double tot = 0;
		long long got[8] = { 0 };
		ipf_margin(w, 3, dims, k, share[k]);
		for (int v = 0; v < dims[k]; v++)
			tot += share[k][v];
		for (int v = 0; v < dims[k]; v++)
			want[k][v] = (double)total * share[k][v] / tot;
		for (int i = 0; i < N; i++)
			got[k == 0 ? i / (B * C) : k == 1 ? (i / C) % B : i % C] += counts[i];
		for (int v = 0; v < dims[k]; v++)
			if (fabs((double)got[v] - want[k][v]) > worst_before)
				worst_before = fabs((double)got[v] - want[k][v]);
	}
	assert_true(worst_before > 1.0);	/* the case is a real one */
	margin_repair(counts, w, 3, dims, wp);
	for (int i = 0; i < N; i++) {
		assert_true(counts[i] >= 0);
		if (w[i] == 0)
			assert_int_equal(counts[i], 0);
		sum += counts[i];
	}
	assert_int_equal(sum, total);
	for (int k = 0; k < 3; k++) {
		long long got[8] = { 0 };
		double tot = 0;
		for (int i = 0; i < N; i++)
			got[k == 0 ? i / (B * C) : k == 1 ? (i / C) % B : i % C] += counts[i];
		for (int v = 0; v < dims[k]; v++)
			tot += share[k][v];
		for (int v = 0; v < dims[k]; v++) {
			double target = (double)total * share[k][v] / tot;
			assert_true(fabs((double)got[v] - target) <= 1.0);
			assert_true(fabs(want[k][v] - (target - (double)got[v])) < 1e-9);
		}
	}
}

static void cumulative_pick(void **state)
{
	double w[4] = { 1, 0, 2, 1 };

	(void)state;
	assert_true(cumulate(w, 4) == 4);
	assert_int_equal(pick_cumulative(w, 4, 0.0), 0);
	assert_int_equal(pick_cumulative(w, 4, 0.999), 0);
	assert_int_equal(pick_cumulative(w, 4, 1.0), 2);
	assert_int_equal(pick_cumulative(w, 4, 2.999), 2);
	assert_int_equal(pick_cumulative(w, 4, 3.5), 3);
}

static void names_look_chinese(void **state)
{
	double total = 0, share;
	char a[64], b[64];
	struct rng r;
	int wang = 0, n = 20000;

	(void)state;
	for (size_t i = 0; i < names_surname_count(); i++) {
		names_surname(i, &share);
		total += share;
	}
	assert_true(fabs(total - 1) < 1e-6);
	rng_seed(&r, 7, 1);
	for (int i = 0; i < n; i++) {
		uint64_t x = rng_next(&r), y = rng_next(&r);
		size_t len;

		names_person(i % 2 ? SEX_FEMALE : SEX_MALE, 1, 1960 + i % 50, x, y, a, sizeof(a));
		names_person(i % 2 ? SEX_FEMALE : SEX_MALE, 1, 1960 + i % 50, x, y, b, sizeof(b));
		assert_string_equal(a, b);
		len = strlen(a);
		/* surname + 1-2 characters (compound surnames up to 4), 3 bytes each */
		assert_true(len % 3 == 0 && len >= 6 && len <= 12);
		wang += !strncmp(a, "王", 3) && len <= 9;
	}
	/* 王 is about 7.6 % of the population after scaling */
	assert_true(wang > n * 0.06 && wang < n * 0.09);
	names_person(SEX_MALE, 5, 1980, 1, 2, a, sizeof(a));
	assert_non_null(strstr(a, "·"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rng_is_deterministic),
		cmocka_unit_test(ipf_matches_margins_and_keeps_zeros),
		cmocka_unit_test(ipf_reports_infeasible),
		cmocka_unit_test(apportion_and_systematic),
		cmocka_unit_test(margin_repair_brings_margins_within_one),
		cmocka_unit_test(cumulative_pick),
		cmocka_unit_test(names_look_chinese),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
