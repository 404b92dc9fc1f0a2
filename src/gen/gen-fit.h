/*
 * gen-fit.h - the numeric tools of the data generator: a seeded PRNG,
 * iterative proportional fitting, apportionment and weighted choice.
 *
 * All of it is deterministic: the same seed and inputs give the same numbers
 * on every platform (integer PRNG, no libc rand()). Pure computation, no I/O,
 * no knowledge of organizations or people (that is gen.c).
 */
#ifndef OW_GEN_FIT_H
#define OW_GEN_FIT_H

#include <stddef.h>
#include <stdint.h>

/* xoshiro256** seeded through splitmix64. */
struct rng {
	uint64_t s[4];
};

/* Seeds r from (seed, stream): different streams are independent sequences. */
void rng_seed(struct rng *r, uint64_t seed, uint64_t stream);
uint64_t rng_next(struct rng *r);
/* Uniform double in [0, 1). */
double rng_double(struct rng *r);
/* Uniform integer in [0, n) without modulo bias; n > 0. */
uint64_t rng_below(struct rng *r, uint64_t n);
/* Uniform integer in [lo, hi] (inclusive); lo <= hi. */
long long rng_range(struct rng *r, long long lo, long long hi);
/* Fisher-Yates shuffle of n elements of size bytes (size <= 64). */
void rng_shuffle(struct rng *r, void *base, size_t n, size_t size);

/* splitmix64 finalizer: a good 64-bit mix of x (for hashing keys). */
uint64_t mix64(uint64_t x);

/*
 * Iterative proportional fitting of a dense table of ndim dimensions
 * (dims[k] categories each, row-major, last dimension fastest). cells holds
 * the seed (zero = infeasible cell, stays zero). margins[k] is the target
 * marginal of dimension k (any positive scale, rescaled to the total of the
 * first non-NULL margin) or NULL for a free dimension. Iterates until every
 * margin is within tol (relative to the total) or max_iter sweeps.
 * Returns 0 when converged, -1 when a positive target has no feasible cell
 * or the fit did not converge; *max_err (if non-NULL) gets the largest
 * remaining relative margin error.
 */
int ipf_fit(double *cells, int ndim, const int *dims,
	    const double *const *margins, int max_iter, double tol,
	    double *max_err);

/* Sum of cells over every dimension but k, into out[dims[k]]. */
void ipf_margin(const double *cells, int ndim, const int *dims, int k,
		double *out);

/*
 * Apportions total into n integer parts proportional to w (largest
 * remainder; ties to the lower index). Weights must be >= 0 with a positive
 * sum unless total is 0.
 */
void apportion(const double *w, size_t n, long long total, long long *out);

/*
 * Systematic sampling of total draws from weights w: out[i] is floor or ceil
 * of total * w[i] / sum(w), every prefix sum off by less than one, offset u
 * in [0, 1) chooses among the roundings.
 */
void systematic_counts(const double *w, size_t n, long long total, double u,
		       long long *out);

/*
 * Brings every marginal of integer counts (a dense table like ipf_fit's, of
 * total draws made from weights w) within one draw of its target by moving
 * single draws between two cells that differ in one dimension only, which
 * changes no other marginal. want[k] holds, for dimension k, the wanted
 * marginal (real numbers summing to the counts' total); on return it holds
 * what is still wanted (want - got), for the caller to add to the next
 * block's targets so that blocks do not drift. A draw is only moved into a
 * cell of positive weight; of the candidate pairs the one whose counts stray
 * most from total * w / sum(w) is taken. Dimensions of at most 16 values.
 */
void margin_repair(long long *counts, const double *w, int ndim,
		   const int *dims, double *const *want);

/* Turns w[0..n) into cumulative sums in place; returns the total. */
double cumulate(double *w, size_t n);
/* Index i with cum[i-1] <= x < cum[i] (binary search); x in [0, cum[n-1]). */
size_t pick_cumulative(const double *cum, size_t n, double x);

#endif
