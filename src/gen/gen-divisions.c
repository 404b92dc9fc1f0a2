/*
 * gen-divisions.c - reading the division CSV files and sampling from them
 * (gen-divisions.h). Rows of each file are sorted by code, so the children
 * of one parent are contiguous and parents are found by binary search.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/xalloc.h"
#include "gen/gen-divisions.h"

static const char *const files[DIV_LEVELS] = {
	"provinces.csv", "cities.csv", "areas.csv", "streets.csv", "villages.csv",
};
static const int code_len[DIV_LEVELS] = { 2, 4, 6, 9, 12 };
/* Column holding the parent code: cities: provinceCode (3rd), areas:
 * cityCode (3rd), streets: areaCode (3rd), villages: streetCode (3rd). */

/* Splits a CSV line into at most max fields (quotes removed, "" -> "). */
static int split_csv(char *line, char **fields, int max)
{
	int n = 0;
	char *p = line;

	while (n < max) {
		char *start, *w;

		if (*p == '"') {
			start = w = ++p;
			while (*p) {
				if (*p == '"' && p[1] == '"') {
					*w++ = '"';
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else {
					*w++ = *p++;
				}
			}
			while (*p && *p != ',')
				p++;
			fields[n++] = start;
			if (*p == ',')
				p++, *w = '\0';
			else {
				*w = '\0';
				break;
			}
		} else {
			start = p;
			while (*p && *p != ',')
				p++;
			fields[n++] = start;
			if (*p == ',')
				*p++ = '\0';
			else
				break;
		}
	}
	return n;
}

static int parse_code(const char *s, int len, long long *out)
{
	char *end;

	if ((int)strlen(s) != len)
		return -1;
	errno = 0;
	*out = strtoll(s, &end, 10);
	return errno || *end ? -1 : 0;
}

static int find_code(const struct division *d, size_t n, long long code)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d[mid].code < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && d[lo].code == code ? (int)lo : -1;
}

static int load_level(struct divisions *dv, int level, const char *dir,
		      struct error *err)
{
	struct strbuf path = STRBUF_INIT, names = STRBUF_INIT;
	FILE *f = NULL;
	char *line = NULL;
	size_t cap = 0, alloc = 0;
	ssize_t len;
	long lineno = 0;
	int rc = ST_OK;
	struct division *d = NULL;
	size_t n = 0;

	strbuf_addf(&path, "%s/%s", dir, files[level]);
	if (!(f = fopen(path.buf, "r"))) {
		rc = error_set(err, ST_IO, "divisions",
			       "cannot read division table %s: %s", path.buf,
			       strerror(errno));
		goto out;
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		char *fields[8];
		int nf;
		long long code, parent_code;
		struct division *row;

		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (lineno == 1 || len == 0)
			continue; /* header */
		nf = split_csv(line, fields, 8);
		if (nf < (level ? 3 : 2) || parse_code(fields[0], code_len[level], &code) ||
		    !*fields[1]) {
			rc = error_set(err, ST_INVALID, "divisions",
				       "%s line %ld: expected code,name%s", path.buf,
				       lineno, level ? ",parentCode,..." : "");
			goto out;
		}
		ALLOC_GROW(d, n + 1, alloc);
		row = &d[n];
		memset(row, 0, sizeof(*row));
		row->code = code;
		row->parent = -1;
		row->name = (unsigned)names.len;
		strbuf_adds(&names, fields[1]);
		strbuf_addch(&names, '\0');
		if (n && d[n - 1].code >= code) {
			rc = error_set(err, ST_INVALID, "divisions",
				       "%s line %ld: codes are not in ascending order",
				       path.buf, lineno);
			goto out;
		}
		if (level) {
			struct division *up = dv->d[level - 1];
			int pi;

			if (parse_code(fields[2], code_len[level - 1], &parent_code) ||
			    (pi = find_code(up, dv->n[level - 1], parent_code)) < 0) {
				rc = error_set(err, ST_INVALID, "divisions",
					       "%s line %ld: unknown parent code %s",
					       path.buf, lineno, fields[2]);
				goto out;
			}
			row->parent = pi;
			if (up[pi].count == 0)
				up[pi].first = (int)n;
			else if (up[pi].first + up[pi].count != (int)n) {
				rc = error_set(err, ST_INVALID, "divisions",
					       "%s line %ld: rows of parent %s are not contiguous",
					       path.buf, lineno, fields[2]);
				goto out;
			}
			up[pi].count++;
		}
		n++;
	}
	if (n == 0) {
		rc = error_set(err, ST_INVALID, "divisions", "%s has no rows", path.buf);
		goto out;
	}
	dv->d[level] = d;
	dv->n[level] = n;
	dv->names_len[level] = names.len;
	dv->names[level] = strbuf_detach(&names, NULL);
	d = NULL;
out:
	free(d);
	free(line);
	if (f)
		fclose(f);
	strbuf_release(&names);
	strbuf_release(&path);
	return rc;
}

int divisions_load(struct divisions *dv, const char *dir, struct error *err)
{
	int rc;

	memset(dv, 0, sizeof(*dv));
	for (int l = 0; l < DIV_LEVELS; l++)
		if ((rc = load_level(dv, l, dir, err))) {
			divisions_release(dv);
			return rc;
		}
	for (size_t i = 0; i < dv->n[DIV_VILLAGE]; i++)
		dv->d[DIV_VILLAGE][i].usable = 1;
	for (int l = DIV_TOWN; l >= 0; l--)
		for (size_t i = 0; i < dv->n[l]; i++) {
			struct division *x = &dv->d[l][i];
			for (int c = 0; c < x->count && !x->usable; c++)
				x->usable = dv->d[l + 1][x->first + c].usable;
		}
	return ST_OK;
}

void divisions_release(struct divisions *dv)
{
	for (int l = 0; l < DIV_LEVELS; l++) {
		free(dv->d[l]);
		free(dv->names[l]);
	}
	memset(dv, 0, sizeof(*dv));
}

int division_is_pseudo_city(const struct divisions *dv, int i)
{
	const char *name = division_name(dv, DIV_CITY, i);

	return !strcmp(name, "市辖区") || !strcmp(name, "县") ||
	       strstr(name, "直辖县级行政区划") != NULL;
}

size_t divisions_available(const struct divisions *dv, int level,
			   const int *parents, size_t nr_parents)
{
	size_t n = 0;

	for (size_t i = 0; i < nr_parents; i++) {
		const struct division *p = &dv->d[level][parents[i]];
		for (int c = 0; c < p->count; c++)
			n += (size_t)dv->d[level + 1][p->first + c].usable;
	}
	return n;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

size_t divisions_choose(const struct divisions *dv, int level,
			const int *parents, size_t nr_parents, size_t k,
			struct rng *rng, int *out)
{
	size_t avail = divisions_available(dv, level, parents, nr_parents);
	int *pool = xmalloc(sizeof(int) * (avail ? avail : 1));
	size_t np = 0, chosen = 0;

	if (k > avail)
		k = avail;
	for (size_t i = 0; i < nr_parents; i++) {
		const struct division *p = &dv->d[level][parents[i]];
		size_t start = np;

		for (int c = 0; c < p->count; c++)
			if (dv->d[level + 1][p->first + c].usable)
				pool[np++] = p->first + c;
		if (np > start && chosen < k) {
			/* one child of this parent, moved to the front part */
			size_t j = start + (size_t)rng_below(rng, np - start);
			int t = pool[j];

			pool[j] = pool[start];
			pool[start] = pool[chosen];
			pool[chosen] = t;
			chosen++;
		}
	}
	/* the rest: partial Fisher-Yates over pool[chosen..np) */
	for (; chosen < k; chosen++) {
		size_t j = chosen + (size_t)rng_below(rng, np - chosen);
		int t = pool[j];

		pool[j] = pool[chosen];
		pool[chosen] = t;
	}
	memcpy(out, pool, sizeof(int) * k);
	qsort(out, k, sizeof(int), cmp_int);
	free(pool);
	return k;
}
