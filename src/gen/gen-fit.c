/*
 * gen-fit.c - PRNG, IPF, apportionment and weighted choice for the
 * generator. See gen-fit.h. Pure computation.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "gen/gen-fit.h"

uint64_t mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

void rng_seed(struct rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = mix64(seed) ^ mix64(stream * 0xd1342543de82ef95ULL + 1);

	for (int i = 0; i < 4; i++) {
		x += 0x9e3779b97f4a7c15ULL;
		r->s[i] = mix64(x);
	}
	if (!(r->s[0] | r->s[1] | r->s[2] | r->s[3]))
		r->s[0] = 1;
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

double rng_double(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

uint64_t rng_below(struct rng *r, uint64_t n)
{
	uint64_t x, threshold;

	if (n <= 1)
		return 0;
	threshold = -n % n;
	do {
		x = rng_next(r);
	} while (x < threshold);
	return x % n;
}

long long rng_range(struct rng *r, long long lo, long long hi)
{
	if (hi <= lo)
		return lo;
	return lo + (long long)rng_below(r, (uint64_t)(hi - lo) + 1);
}

void rng_shuffle(struct rng *r, void *base, size_t n, size_t size)
{
	unsigned char tmp[64], *b = base;

	if (size > sizeof(tmp))
		abort();
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)rng_below(r, i);
		if (j == i - 1)
			continue;
		memcpy(tmp, b + (i - 1) * size, size);
		memcpy(b + (i - 1) * size, b + j * size, size);
		memcpy(b + j * size, tmp, size);
	}
}

static size_t table_size(int ndim, const int *dims)
{
	size_t n = 1;

	for (int k = 0; k < ndim; k++)
		n *= (size_t)dims[k];
	return n;
}

/* Stride of dimension k in the row-major table. */
static size_t stride_of(int ndim, const int *dims, int k)
{
	size_t s = 1;

	for (int j = ndim - 1; j > k; j--)
		s *= (size_t)dims[j];
	return s;
}

void ipf_margin(const double *cells, int ndim, const int *dims, int k,
		double *out)
{
	size_t n = table_size(ndim, dims), stride = stride_of(ndim, dims, k);

	memset(out, 0, sizeof(double) * (size_t)dims[k]);
	for (size_t i = 0; i < n; i++)
		out[(i / stride) % (size_t)dims[k]] += cells[i];
}

int ipf_fit(double *cells, int ndim, const int *dims,
	    const double *const *margins, int max_iter, double tol,
	    double *max_err)
{
	size_t n = table_size(ndim, dims);
	double total = 0, cur[256];
	double worst = INFINITY;
	int rc = -1, first = -1;

	for (int k = 0; k < ndim; k++)
		if (margins[k] && first < 0)
			first = k;
	if (first < 0) {
		if (max_err)
			*max_err = 0;
		return 0;
	}
	for (int i = 0; i < dims[first]; i++)
		total += margins[first][i];
	for (int it = 0; it < max_iter; it++) {
		worst = 0;
		for (int k = 0; k < ndim; k++) {
			size_t stride;
			double msum = 0;

			if (!margins[k])
				continue;
			stride = stride_of(ndim, dims, k);
			for (int i = 0; i < dims[k]; i++)
				msum += margins[k][i];
			ipf_margin(cells, ndim, dims, k, cur);
			for (int i = 0; i < dims[k]; i++) {
				double t = msum > 0 ? margins[k][i] * total / msum : 0;
				double e = fabs(cur[i] - t) / (total > 0 ? total : 1);
				if (e > worst)
					worst = e;
				if (t > 0 && cur[i] <= 0) {
					worst = INFINITY;
					goto out;
				}
				cur[i] = cur[i] > 0 ? t / cur[i] : 0;
			}
			for (size_t c = 0; c < n; c++)
				cells[c] *= cur[(c / stride) % (size_t)dims[k]];
		}
		if (worst <= tol) {
			/* measure once more after the last sweep */
			worst = 0;
			for (int k = 0; k < ndim; k++) {
				double msum = 0;

				if (!margins[k])
					continue;
				for (int i = 0; i < dims[k]; i++)
					msum += margins[k][i];
				ipf_margin(cells, ndim, dims, k, cur);
				for (int i = 0; i < dims[k]; i++) {
					double t = msum > 0 ? margins[k][i] * total / msum : 0;
					double e = fabs(cur[i] - t) / total;
					if (e > worst)
						worst = e;
				}
			}
			if (worst <= tol) {
				rc = 0;
				break;
			}
		}
	}
out:
	if (max_err)
		*max_err = worst;
	return rc;
}

void apportion(const double *w, size_t n, long long total, long long *out)
{
	double sum = 0;
	long long given = 0;
	double *rem;

	for (size_t i = 0; i < n; i++)
		sum += w[i] > 0 ? w[i] : 0;
	if (n == 0)
		return;
	if (sum <= 0) {
		memset(out, 0, sizeof(*out) * n);
		out[0] = total;
		return;
	}
	rem = xmalloc(sizeof(double) * n);
	for (size_t i = 0; i < n; i++) {
		double q = (w[i] > 0 ? w[i] : 0) * (double)total / sum;
		out[i] = (long long)floor(q);
		rem[i] = q - (double)out[i];
		given += out[i];
	}
	while (given < total) {
		size_t best = 0;
		for (size_t i = 1; i < n; i++)
			if (rem[i] > rem[best])
				best = i;
		out[best]++;
		rem[best] = -1;
		given++;
	}
	while (given > total) { /* floating-point excess, never in practice */
		size_t best = 0;
		for (size_t i = 1; i < n; i++)
			if (out[i] > out[best])
				best = i;
		out[best]--;
		given--;
	}
	free(rem);
}

void systematic_counts(const double *w, size_t n, long long total, double u,
		       long long *out)
{
	double sum = 0, acc = 0;
	long long prev = 0;

	for (size_t i = 0; i < n; i++)
		sum += w[i] > 0 ? w[i] : 0;
	for (size_t i = 0; i < n; i++) {
		long long upto;

		acc += w[i] > 0 ? w[i] : 0;
		upto = sum > 0 ? (long long)floor(acc / sum * (double)total + u) : 0;
		if (i == n - 1 || upto > total)
			upto = total;
		if (upto < prev)
			upto = prev;
		out[i] = upto - prev;
		prev = upto;
	}
	if (n && prev < total)
		out[n - 1] += total - prev;
}

/* One draw along dimension k from value u to value v: the base position
 * (every other coordinate) with a draw at u, positive weight at v, and the
 * largest (surplus at u) - (surplus at v); 0 when there is none. */
static int repair_move(long long *counts, const double *w, double scale,
		       size_t n, size_t stride, int dk, int u, int v)
{
	size_t best = 0;
	double best_score = -INFINITY;

	for (size_t i = 0; i < n; i++) {
		if ((int)((i / stride) % (size_t)dk) != u || counts[i] <= 0)
			continue;
		size_t j = i + (size_t)(v - u) * stride;	/* wraps for v < u, as intended */
		if (!(w[j] > 0))
			continue;
		double score = ((double)counts[i] - w[i] * scale) -
			       ((double)counts[j] - w[j] * scale);
		if (score > best_score) {
			best_score = score;
			best = i;
		}
	}
	if (best_score == -INFINITY)
		return 0;
	counts[best]--;
	counts[best + (size_t)(v - u) * stride]++;
	return 1;
}

void margin_repair(long long *counts, const double *w, int ndim,
		   const int *dims, double *const *want)
{
	size_t n = table_size(ndim, dims);
	double sum = 0, total = 0, scale;

	for (size_t i = 0; i < n; i++) {
		sum += w[i] > 0 ? w[i] : 0;
		total += (double)counts[i];
	}
	scale = sum > 0 ? total / sum : 0;
	for (int k = 0; k < ndim; k++) {
		size_t stride = stride_of(ndim, dims, k);
		int dk = dims[k];
		double dev[16];

		if (!want[k] || dk > 16)
			continue;
		for (int v = 0; v < dk; v++)
			dev[v] = -want[k][v];
		for (size_t i = 0; i < n; i++)
			dev[(i / stride) % (size_t)dk] += (double)counts[i];
		/* each move lowers the sum of squared deviations; n moves at most */
		for (size_t guard = 0; guard < n + (size_t)total; guard++) {
			int u = 0, v = 0;
			for (int x = 1; x < dk; x++) {
				if (dev[x] > dev[u])
					u = x;
				if (dev[x] < dev[v])
					v = x;
			}
			if (dev[u] - dev[v] <= 1.0 ||
			    !repair_move(counts, w, scale, n, stride, dk, u, v))
				break;
			dev[u] -= 1;
			dev[v] += 1;
		}
		for (int v = 0; v < dk; v++)
			want[k][v] = -dev[v];
	}
}

double cumulate(double *w, size_t n)
{
	double acc = 0;

	for (size_t i = 0; i < n; i++) {
		acc += w[i] > 0 ? w[i] : 0;
		w[i] = acc;
	}
	return acc;
}

size_t pick_cumulative(const double *cum, size_t n, double x)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cum[mid] <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n ? lo : n - 1;
}
