/*
 * rollup.c - dimensions, their value keys, and the roll-up scan: counts of
 * the rows of a subtree by one or two dimensions, with filters, as of a date.
 *
 * The scan works in blocks of rows: one tight loop per needed attribute fills
 * a small byte array (status, then each filter, then the grouped values), and
 * a last loop adds the kept rows into a histogram that stays in cache. No
 * allocation happens inside the loops. Ranges over THREAD_MIN rows are split
 * between two threads. Delta rows are gathered into a small column block and
 * go through the same code. Not for the bulletin (bulletin.c has its own
 * single-pass loop).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/xalloc.h"
#include "model/codes.h"
#include "stats/stats-internal.h"

#define BLOCK 1024
#define THREAD_MIN (1u << 18)

/* ---- dimensions ------------------------------------------------------- */

static const struct {
	const char *name;
	int card;
} dims[STATS_NR_DIMS] = {
	[STATS_DIM_SEX] = { "sex", 10 },
	[STATS_DIM_AGE_BAND] = { "age_band", 8 },
	[STATS_DIM_ETHNICITY] = { "ethnicity", 2 },
	[STATS_DIM_ETHNIC_GROUP] = { "ethnic_group", 100 },
	[STATS_DIM_EDUCATION] = { "education", 2 },
	[STATS_DIM_EDUCATION_GROUP] = { "education_group", 10 },
	[STATS_DIM_OCCUPATION] = { "occupation", 9 },
	[STATS_DIM_STATUS] = { "status", 9 },
	[STATS_DIM_JOIN_PERIOD] = { "join_period", 5 },
	[STATS_DIM_JOIN_YEAR] = { "join_year", 256 },
	[STATS_DIM_SECTOR] = { "sector", 10 },
	[STATS_DIM_ORG_KIND] = { "org_kind", 8 },
	[STATS_DIM_ORG_LEVEL] = { "org_level", 5 },
};

static const char *const age_keys[] = {
	"<=30", "31-35", "36-40", "41-45", "46-50", "51-55", "56-60", ">=61",
};
static const char *const period_keys[] = {
	"before_1949-10", "1949-10_to_1978-12", "1978-12_to_2012-11",
	"since_2012-11", "not_admitted",
};
static const char *const edu_group_keys[] = {
	"unknown", "postgraduate", "undergraduate", "college",
	"secondary_vocational", "group_5", "high_school", "junior_high",
	"primary", "other",
};
static const char *const level_keys[] = {
	"grassroots", "county", "city", "province", "central",
};

int stats_dim_card(int dim)
{
	return dim >= 0 && dim < STATS_NR_DIMS ? dims[dim].card : 0;
}

const char *stats_dim_name(int dim)
{
	return dim >= 0 && dim < STATS_NR_DIMS ? dims[dim].name : "?";
}

int stats_dim_parse(const char *name)
{
	for (int d = 0; d < STATS_NR_DIMS; d++)
		if (!strcmp(dims[d].name, name))
			return d;
	return -1;
}

const char *stats_age_band_key(int band)
{
	return band >= 0 && band < 8 ? age_keys[band] : "?";
}

const char *stats_join_period_key(int period)
{
	return period >= 0 && period < 5 ? period_keys[period] : "?";
}

static const char *table_key(const struct code_table *t, int v, char *buf,
			     size_t size)
{
	const struct code_entry *e = code_by_code(t, v);

	if (e)
		return e->key;
	if (v == 0)
		return "unknown";
	snprintf(buf, size, "%d", v);
	return buf;
}

const char *stats_value_key(int dim, int v, char *buf, size_t size)
{
	switch (dim) {
	case STATS_DIM_SEX:
		return table_key(&code_sex, v, buf, size);
	case STATS_DIM_AGE_BAND:
		return stats_age_band_key(v);
	case STATS_DIM_ETHNICITY:
		return v ? "minority" : "han";
	case STATS_DIM_ETHNIC_GROUP:
		return table_key(&code_ethnicity, v, buf, size);
	case STATS_DIM_EDUCATION:
		return v ? "below_college" : "college_or_above";
	case STATS_DIM_EDUCATION_GROUP:
		return v >= 0 && v < 10 ? edu_group_keys[v] : "?";
	case STATS_DIM_OCCUPATION:
		return table_key(&code_occupation, v, buf, size);
	case STATS_DIM_STATUS:
		return v ? table_key(&code_member_status, v, buf, size) : "none";
	case STATS_DIM_JOIN_PERIOD:
		return stats_join_period_key(v);
	case STATS_DIM_JOIN_YEAR:
		if (v == 255)
			return "none";
		snprintf(buf, size, "%d", 1900 + v);
		return buf;
	case STATS_DIM_SECTOR:
		return table_key(&code_sector, v, buf, size);
	case STATS_DIM_ORG_KIND:
		return table_key(&code_org_kind, v, buf, size);
	case STATS_DIM_ORG_LEVEL:
		return v >= 0 && v < 5 ? level_keys[v] : "?";
	}
	return "?";
}

int stats_value_parse(int dim, const char *text)
{
	char buf[32], *end;
	int card = stats_dim_card(dim);

	if (!card || !text || !*text)
		return -1;
	for (int v = 0; v < card; v++)
		if (!strcmp(stats_value_key(dim, v, buf, sizeof(buf)), text))
			return v;
	long n = strtol(text, &end, 10);
	if (*end == '\0' && n >= 0 && n < card && dim != STATS_DIM_JOIN_YEAR)
		return (int)n;
	return -1;
}

/* ---- queries ---------------------------------------------------------- */

void stats_query_init(struct stats_query *q)
{
	memset(q, 0, sizeof(*q));
	q->as_of = DATE_NONE;
}

void stats_query_allow(struct stats_query *q, int dim, int v)
{
	if (dim < 0 || dim >= STATS_NR_DIMS || v < 0 || v > 255)
		return;
	q->filtered[dim] = 1;
	q->allow[dim][v >> 6] |= 1ull << (v & 63);
}

int stats_query_parse_by(struct stats_query *q, const char *text,
			 struct error *err)
{
	char buf[128], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", text ? text : "");
	q->nr_dims = 0;
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		int d = stats_dim_parse(t);
		if (d < 0) {
			error_setc(err, ST_INVALID, "by", "unknown_dimension",
				   "unknown dimension '%s'", t);
			error_param(err, "value", "%.60s", t);
			return ST_INVALID;
		}
		if (q->nr_dims == 2) {
			error_setc(err, ST_INVALID, "by", "too_many_dimensions",
				   "at most two dimensions");
			error_param(err, "max", "2");
			return ST_INVALID;
		}
		q->dims[q->nr_dims++] = d;
	}
	if (!q->nr_dims)
		return error_setc(err, ST_INVALID, "by", "required", "no dimension given");
	return ST_OK;
}

int stats_query_parse_filter(struct stats_query *q, const char *text,
			     struct error *err)
{
	char buf[1024], *save = NULL, *save2 = NULL;

	if (!text || !*text)
		return ST_OK;
	if (strlen(text) >= sizeof(buf)) {
		error_setc(err, ST_TOO_BIG, "filter", "too_long_bytes", "filter too long");
		error_param(err, "max", "%zu", sizeof(buf) - 1);
		return ST_TOO_BIG;
	}
	snprintf(buf, sizeof(buf), "%s", text);
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		/* dim=value, or dim:value */
		char *eq = strchr(t, '=');
		if (!eq)
			eq = strchr(t, ':');
		if (!eq) {
			error_setc(err, ST_INVALID, "filter", "filter_syntax",
				   "'%s' is not dim=value", t);
			error_param(err, "value", "%.60s", t);
			return ST_INVALID;
		}
		*eq = '\0';
		int d = stats_dim_parse(t);
		if (d < 0) {
			error_setc(err, ST_INVALID, "filter", "unknown_dimension",
				   "unknown dimension '%s'", t);
			error_param(err, "value", "%.60s", t);
			return ST_INVALID;
		}
		for (char *v = strtok_r(eq + 1, "|", &save2); v;
		     v = strtok_r(NULL, "|", &save2)) {
			int x = stats_value_parse(d, v);
			if (x < 0) {
				error_setc(err, ST_INVALID, "filter", "unknown_dimension_value",
					   "'%s' is not a value of %s", v, t);
				error_param(err, "value", "%.60s", v);
				error_param(err, "dimension", "%.60s", t);
				return ST_INVALID;
			}
			stats_query_allow(q, d, x);
		}
	}
	return ST_OK;
}

void stats_rollup_release(struct stats_rollup *r)
{
	if (!r)
		return;
	free(r->counts);
	r->counts = NULL;
}

/* ---- tables ----------------------------------------------------------- */

static uint8_t period_tbl[65536], year_tbl[65536];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

/* First days of the joining periods 1 .. 3 (period 0 is before the first). */
static const int period_start[3][3] = { { 1949, 10, 1 }, { 1978, 12, 18 }, { 2012, 11, 8 } };
/* Age bands: births on or before day - band_age[k] years are at least that old. */
static const int band_age[7] = { 31, 36, 41, 46, 51, 56, 61 };

static int period_day(int k)
{
	return date_from_ymd(period_start[k][0], period_start[k][1], period_start[k][2]);
}

static void tables_init(void)
{
	int base = stats_d16_base();
	int b1 = period_day(0) - base;
	int b2 = period_day(1) - base;
	int b3 = period_day(2) - base;
	int y = 1900, m = 1, d = 1;

	for (int v = 0; v < 65536; v++) {
		period_tbl[v] = (uint8_t)(v < b1 ? 0 : v < b2 ? 1 : v < b3 ? 2 : 3);
		date_to_ymd(base + v, &y, &m, &d);
		year_tbl[v] = (uint8_t)(y - 1900 > 254 ? 254 : y - 1900);
	}
	period_tbl[D16_NONE] = 4;
	year_tbl[D16_NONE] = 255;
}

const uint8_t *stats_period_table(void)
{
	pthread_once(&tables_once, tables_init);
	return period_tbl;
}

const uint8_t *stats_year_table(void)
{
	pthread_once(&tables_once, tables_init);
	return year_tbl;
}

void stats_band_thresholds(int day, uint16_t t[7])
{
	for (int k = 0; k < 7; k++)
		t[k] = stats_d16(date_add_years(day, -band_age[k]));
}

void stats_band_fill(const uint16_t t[7], const uint16_t *birth, size_t n,
		     uint8_t *out)
{
	const uint16_t t0 = t[0], t1 = t[1], t2 = t[2], t3 = t[3], t4 = t[4],
		       t5 = t[5], t6 = t[6];

	for (size_t i = 0; i < n; i++) {
		uint16_t b = birth[i];
		out[i] = (uint8_t)((b <= t0) + (b <= t1) + (b <= t2) + (b <= t3) +
				   (b <= t4) + (b <= t5) + (b <= t6));
	}
}

void stats_band_table(int day, uint8_t *band)
{
	const int *ages = band_age;
	size_t lo = 0;

	/* births on or before T_k are at least ages[k] years old on day */
	for (int k = 6; k >= 0; k--) {
		size_t t = (size_t)stats_d16(date_add_years(day, -ages[k])) + 1;
		if (t < lo)
			t = lo;
		memset(band + lo, k + 1, t - lo);
		lo = t;
	}
	memset(band + lo, 0, 65536 - lo);
}

/* ---- the scan --------------------------------------------------------- */

/* Columns of a run of rows; org attributes per row (o*) or constant. */
struct view {
	const uint16_t *birth, *applied, *activist, *target, *admitted, *full,
		*exited;
	const uint8_t *cls, *sex, *eth, *edu;
	const uint8_t *okind, *osector, *olevel;
	uint8_t kind, sector, level;
};

struct scan {
	uint16_t d;
	uint8_t pop[16];
	int nr_filters, filters[STATS_NR_DIMS];
	uint8_t allow[STATS_NR_DIMS][256];
	int nr_dims, dims[2], card2;
	int org_dims;           /* some needed dimension is an org attribute */
	int members_only;       /* population = members, status not used */
	const uint8_t *period, *year;
	uint16_t band_t[7];     /* born on or before band_t[k]: band > k */
	int nr_hist;            /* interleaved histogram copies */
	size_t cells;
};

static int is_org_dim(int d)
{
	return d == STATS_DIM_SECTOR || d == STATS_DIM_ORG_KIND ||
	       d == STATS_DIM_ORG_LEVEL;
}

static void fill(const struct scan *s, const struct view *v, size_t n,
		 const uint8_t *st, int dim, uint8_t *out)
{
	uint16_t d = s->d;

	switch (dim) {
	case STATS_DIM_SEX:
		memcpy(out, v->sex, n);
		break;
	case STATS_DIM_AGE_BAND:
		stats_band_fill(s->band_t, v->birth, n, out);
		break;
	case STATS_DIM_ETHNICITY:
		for (size_t i = 0; i < n; i++)
			out[i] = (v->cls[i] >> 4) & 1;
		break;
	case STATS_DIM_ETHNIC_GROUP:
		memcpy(out, v->eth, n);
		break;
	case STATS_DIM_EDUCATION:
		for (size_t i = 0; i < n; i++)
			out[i] = !((v->cls[i] >> 5) & 1);
		break;
	case STATS_DIM_EDUCATION_GROUP:
		for (size_t i = 0; i < n; i++)
			out[i] = (uint8_t)(v->edu[i] / 10);
		break;
	case STATS_DIM_OCCUPATION:
		for (size_t i = 0; i < n; i++)
			out[i] = (uint8_t)((v->cls[i] & CLS_OCC_MASK) + 1);
		break;
	case STATS_DIM_STATUS:
		memcpy(out, st, n);
		break;
	case STATS_DIM_JOIN_PERIOD:
		for (size_t i = 0; i < n; i++)
			out[i] = v->admitted[i] <= d ? s->period[v->admitted[i]] : 4;
		break;
	case STATS_DIM_JOIN_YEAR:
		for (size_t i = 0; i < n; i++)
			out[i] = v->admitted[i] <= d ? s->year[v->admitted[i]] : 255;
		break;
	case STATS_DIM_SECTOR:
		if (v->osector)
			memcpy(out, v->osector, n);
		else
			memset(out, v->sector, n);
		break;
	case STATS_DIM_ORG_KIND:
		if (v->okind)
			memcpy(out, v->okind, n);
		else
			memset(out, v->kind, n);
		break;
	case STATS_DIM_ORG_LEVEL:
		if (v->olevel)
			memcpy(out, v->olevel, n);
		else
			memset(out, v->level, n);
		break;
	}
}

/* Counts rows 0..n-1 of v into hist. */
static void scan_view(const struct scan *s, const struct view *v0, size_t n,
		      uint32_t *hist)
{
	uint8_t st[BLOCK], keep[BLOCK], tmp[BLOCK], v1[BLOCK], v2[BLOCK];
	uint16_t key[BLOCK];
	uint16_t d = s->d;
	struct view v;

	for (size_t b = 0; b < n; b += BLOCK) {
		size_t m = n - b < BLOCK ? n - b : BLOCK;
		v = *v0;
		v.birth += b; v.applied += b; v.activist += b; v.target += b;
		v.admitted += b; v.full += b; v.exited += b; v.cls += b;
		v.sex += b; v.eth += b; v.edu += b;
		if (v.okind) {
			v.okind += b; v.osector += b; v.olevel += b;
		}
		if (s->members_only) {
			/* members as of d, status itself not needed */
			for (size_t i = 0; i < m; i++)
				keep[i] = (uint8_t)(((v.admitted[i] <= d) |
						     (v.full[i] <= d)) &
						    (v.exited[i] > d));
		} else {
			for (size_t i = 0; i < m; i++) {
				st[i] = (uint8_t)stats_status16(v.applied[i],
						v.activist[i], v.target[i],
						v.admitted[i], v.full[i],
						v.exited[i], v.cls[i], d);
				keep[i] = s->pop[st[i]];
			}
		}
		for (int f = 0; f < s->nr_filters; f++) {
			int dim = s->filters[f];
			fill(s, &v, m, st, dim, tmp);
			for (size_t i = 0; i < m; i++)
				keep[i] &= s->allow[dim][tmp[i]];
		}
		if (s->nr_dims == 0) {
			uint32_t sum = 0;
			for (size_t i = 0; i < m; i++)
				sum += keep[i];
			hist[0] += sum;
			continue;
		}
		fill(s, &v, m, st, s->dims[0], v1);
		if (s->nr_dims == 2) {
			fill(s, &v, m, st, s->dims[1], v2);
			uint16_t card2 = (uint16_t)s->card2;
			for (size_t i = 0; i < m; i++)
				key[i] = (uint16_t)(v1[i] * card2 + v2[i]);
		} else {
			for (size_t i = 0; i < m; i++)
				key[i] = v1[i];
		}
		if (s->nr_hist == 4) {
			/* four copies: neighbouring rows of one cell do not
			 * wait for each other's increments */
			uint32_t *h1 = hist + s->cells, *h2 = h1 + s->cells,
				 *h3 = h2 + s->cells;
			size_t i = 0;
			for (; i + 4 <= m; i += 4) {
				hist[key[i]] += keep[i];
				h1[key[i + 1]] += keep[i + 1];
				h2[key[i + 2]] += keep[i + 2];
				h3[key[i + 3]] += keep[i + 3];
			}
			for (; i < m; i++)
				hist[key[i]] += keep[i];
		} else {
			for (size_t i = 0; i < m; i++)
				hist[key[i]] += keep[i];
		}
	}
}

static void view_base(const struct stats_cols *c, size_t r, struct view *v)
{
	memset(v, 0, sizeof(*v));
	v->birth = c->birth + r; v->applied = c->applied + r;
	v->activist = c->activist + r; v->target = c->target + r;
	v->admitted = c->admitted + r; v->full = c->full + r;
	v->exited = c->exited + r; v->cls = c->cls + r; v->sex = c->sex + r;
	v->eth = c->eth + r; v->edu = c->edu + r;
}

struct job {
	const struct stats_engine *e;
	const struct scan *s;
	size_t pre_lo, pre_hi;  /* preorder range */
	size_t r_lo, r_hi;      /* row clip */
	uint32_t *hist;
};

static void *run_job(void *arg)
{
	struct job *j = arg;
	const struct stats_orgs *o = &j->e->o;
	struct view v;

	if (!j->s->org_dims) {
		if (j->r_hi > j->r_lo) {
			view_base(&j->e->c, j->r_lo, &v);
			scan_view(j->s, &v, j->r_hi - j->r_lo, j->hist);
		}
		return NULL;
	}
	for (size_t p = j->pre_lo; p < j->pre_hi; p++) {
		size_t a = o->row_start[p], b = o->row_start[p + 1];
		if (a < j->r_lo)
			a = j->r_lo;
		if (b > j->r_hi)
			b = j->r_hi;
		if (a >= b)
			continue;
		view_base(&j->e->c, a, &v);
		v.kind = o->p_kind[p];
		v.sector = o->p_sector[p];
		v.level = o->p_level[p];
		scan_view(j->s, &v, b - a, j->hist);
	}
	return NULL;
}

/* n rows given one by one (each with its org idx), through the same scan. */
static void scan_rows(const struct stats_engine *e, const struct scan *s,
		      const struct stats_row *rows, size_t n, uint32_t *hist)
{
	const struct stats_orgs *o = &e->o;

	if (!n)
		return;
	uint16_t *u = xmalloc(n * 7 * sizeof(uint16_t));
	uint8_t *b = xmalloc(n * 7);
	for (size_t k = 0; k < n; k++) {
		const struct stats_row *r = &rows[k];
		int32_t p = o->pre[r->org];
		u[k] = r->birth; u[n + k] = r->applied;
		u[2 * n + k] = r->activist; u[3 * n + k] = r->target;
		u[4 * n + k] = r->admitted; u[5 * n + k] = r->full;
		u[6 * n + k] = r->exited;
		b[k] = r->cls; b[n + k] = r->sex; b[2 * n + k] = r->eth;
		b[3 * n + k] = r->edu; b[4 * n + k] = o->p_kind[p];
		b[5 * n + k] = o->p_sector[p]; b[6 * n + k] = o->p_level[p];
	}
	struct view v = {
		u, u + n, u + 2 * n, u + 3 * n, u + 4 * n, u + 5 * n,
		u + 6 * n, b, b + n, b + 2 * n, b + 3 * n, b + 4 * n,
		b + 5 * n, b + 6 * n, 0, 0, 0,
	};
	scan_view(s, &v, n, hist);
	free(u);
	free(b);
}

/* Delta rows whose org is in [pre_lo, pre_hi), through the same scan. */
static void scan_delta(const struct stats_engine *e, const struct scan *s,
		       size_t pre_lo, size_t pre_hi, uint32_t *hist)
{
	const struct stats_orgs *o = &e->o;
	size_t n = 0;

	if (!e->nr_delta)
		return;
	struct stats_row *rows = xmalloc(e->nr_delta * sizeof(*rows));
	for (size_t k = 0; k < e->nr_delta; k++) {
		int32_t p = o->pre[e->delta[k].org];
		if (p >= 0 && (size_t)p >= pre_lo && (size_t)p < pre_hi)
			rows[n++] = e->delta[k];
	}
	scan_rows(e, s, rows, n, hist);
	free(rows);
}

static int scan_prepare(struct stats_engine *e, const struct stats_query *q,
			struct scan *s, int *day, struct error *err)
{
	int lo = stats_d16_base(), hi = lo + (int)D16_MAX;

	if (e->bulk)
		return error_set(err, ST_BUSY, NULL,
				 "statistics are being loaded");
	memset(s, 0, sizeof(*s));
	*day = q->as_of == DATE_NONE ? date_today() : q->as_of;
	if (*day < lo || *day > hi) {
		error_setc(err, ST_INVALID, "as_of", "date_out_of_range",
			   "statistics dates must fall in 1900-01-01..2079-06-05");
		error_param(err, "min", "1900-01-01");
		error_param(err, "max", "2079-06-05");
		return ST_INVALID;
	}
	if (q->nr_dims < 0 || q->nr_dims > 2)
		return error_set(err, ST_INVALID, "by", "at most two dimensions");
	s->d = stats_d16(*day);
	s->nr_dims = q->nr_dims;
	s->card2 = 1;
	for (int i = 0; i < q->nr_dims; i++) {
		if (q->dims[i] < 0 || q->dims[i] >= STATS_NR_DIMS)
			return error_set(err, ST_INVALID, "by", "unknown dimension");
		s->dims[i] = q->dims[i];
		s->org_dims |= is_org_dim(q->dims[i]);
	}
	if (q->nr_dims == 2)
		s->card2 = stats_dim_card(q->dims[1]);
	s->cells = (size_t)(q->nr_dims ? stats_dim_card(q->dims[0]) : 1) *
		   (size_t)s->card2;
	s->nr_hist = s->cells <= 1024 ? 4 : 1;
	int status_free = 1;
	for (int dim = 0; dim < STATS_NR_DIMS; dim++) {
		if (!q->filtered[dim])
			continue;
		s->filters[s->nr_filters++] = dim;
		s->org_dims |= is_org_dim(dim);
		for (int v = 0; v < 256; v++)
			s->allow[dim][v] = (q->allow[dim][v >> 6] >> (v & 63)) & 1;
		if (dim == STATS_DIM_STATUS)
			status_free = 0;
	}
	for (int i = 0; i < q->nr_dims; i++)
		if (q->dims[i] == STATS_DIM_STATUS)
			status_free = 0;
	for (int st = 1; st <= MS_DECEASED; st++)
		s->pop[st] = status_free ? (st == MS_PROBATIONARY || st == MS_FULL) : 1;
	s->members_only = status_free;
	s->period = stats_period_table();
	s->year = stats_year_table();
	stats_band_thresholds(*day, s->band_t);
	return ST_OK;
}

/* Adds the base rows of organizations [pre_lo, pre_hi) into h0 (and h1,
 * when the range is large enough for a second thread). */
static void scan_pre_range(struct stats_engine *e, const struct scan *s,
			   size_t pre_lo, size_t pre_hi, uint32_t *h0, uint32_t *h1)
{
	const struct stats_orgs *o = &e->o;
	size_t a = o->row_start[pre_lo], b = o->row_start[pre_hi];
	struct job j0 = { e, s, pre_lo, pre_hi, a, b, h0 }, j1 = j0;
	pthread_t t;
	int threaded = 0;

	if (b - a >= THREAD_MIN) {
		size_t mid = a + (b - a) / 2;
		j0.r_hi = mid;
		j1.r_lo = mid;
		j1.hist = h1;
		threaded = pthread_create(&t, NULL, run_job, &j1) == 0;
		if (!threaded)
			j0.r_hi = b;
	}
	run_job(&j0);
	if (threaded)
		pthread_join(t, NULL);
}

static void hist_sum(const struct scan *s, const uint32_t *h0, const uint32_t *h1,
		     uint64_t *out)
{
	size_t cells = s->cells;

	for (size_t i = 0; i < cells; i++) {
		uint64_t sum = 0;
		for (int c = 0; c < s->nr_hist; c++)
			sum += (uint64_t)h0[c * cells + i] + h1[c * cells + i];
		out[i] = sum;
	}
}

/*
 * Counts the subtree [pre_lo, pre_hi) (rows row_start[pre_lo] ..
 * row_start[pre_hi]) plus its delta rows into out (cells uint64).
 */
static void count_range(struct stats_engine *e, const struct scan *s,
			size_t pre_lo, size_t pre_hi, uint32_t *h0, uint32_t *h1,
			uint64_t *out)
{
	size_t size = s->cells * (size_t)s->nr_hist;

	memset(h0, 0, size * sizeof(*h0));
	memset(h1, 0, size * sizeof(*h1));
	scan_pre_range(e, s, pre_lo, pre_hi, h0, h1);
	scan_delta(e, s, pre_lo, pre_hi, h0);
	hist_sum(s, h0, h1, out);
}

/*
 * The as-of counting (history.c): the runs of neighbouring organizations
 * of one label, grouped by label (first[l] .. first[l + 1] in run_lo /
 * run_hi), so that each label is counted in one histogram.
 */
struct runs {
	size_t nr, *lo, *hi, *first;
};

static void runs_make(const struct stats_orgs *o, const struct stats_asof *a,
		      size_t nr_labels, struct runs *r)
{
	size_t nr = 0, *cnt = xcalloc(nr_labels + 1, sizeof(size_t));
	size_t *lo = xmalloc((o->nr_pre + 1) * sizeof(size_t));
	int32_t *lab = xmalloc((o->nr_pre + 1) * sizeof(int32_t));

	for (size_t p = 0; p < o->nr_pre;) {
		size_t q = p + 1;
		while (q < o->nr_pre && a->plab[q] == a->plab[p])
			q++;
		if (a->plab[p] >= 0 && (size_t)a->plab[p] < nr_labels) {
			lo[nr] = p;
			lab[nr] = a->plab[p];
			cnt[lab[nr]]++;
			nr++;
		}
		p = q;
	}
	r->nr = nr;
	r->first = xcalloc(nr_labels + 1, sizeof(size_t));
	for (size_t l = 0; l < nr_labels; l++)
		r->first[l + 1] = r->first[l] + cnt[l];
	r->lo = xmalloc((nr ? nr : 1) * sizeof(size_t));
	r->hi = xmalloc((nr ? nr : 1) * sizeof(size_t));
	memcpy(cnt, r->first, nr_labels * sizeof(size_t));
	for (size_t k = 0; k < nr; k++) {
		size_t at = cnt[lab[k]]++, p = lo[k], q = p + 1;
		while (q < o->nr_pre && a->plab[q] == a->plab[p])
			q++;
		r->lo[at] = p;
		r->hi[at] = q;
	}
	free(cnt);
	free(lo);
	free(lab);
}

static void runs_release(struct runs *r)
{
	free(r->lo);
	free(r->hi);
	free(r->first);
}

/* The rows counted under label l on the day a was made for, into out. */
static void count_label(struct stats_engine *e, const struct scan *s,
			const struct stats_asof *a, const struct runs *r, int32_t l,
			uint32_t *h0, uint32_t *h1, uint64_t *out)
{
	const struct stats_orgs *o = &e->o;
	size_t size = s->cells * (size_t)s->nr_hist, n = 0;
	uint64_t *minus = xcalloc(s->cells, sizeof(uint64_t));
	struct stats_row *rows = xmalloc((e->nr_delta + a->nr_moved + 1) * sizeof(*rows));

	memset(h0, 0, size * sizeof(*h0));
	memset(h1, 0, size * sizeof(*h1));
	for (size_t k = r->first[l]; k < r->first[l + 1]; k++)
		scan_pre_range(e, s, r->lo[k], r->hi[k], h0, h1);
	for (size_t k = 0; k < e->nr_delta; k++) {
		int32_t p = o->pre[e->delta[k].org];
		if (p >= 0 && a->plab[p] == l)
			rows[n++] = e->delta[k];
	}
	for (size_t k = 0; k < a->nr_moved; k++)
		if (a->to_lab[k] == l)
			rows[n++] = a->moved[k];
	scan_rows(e, s, rows, n, h0);
	hist_sum(s, h0, h1, out);
	/* those counted here today who were elsewhere on the day */
	n = 0;
	for (size_t k = 0; k < a->nr_moved; k++)
		if (a->from_lab[k] == l) {
			rows[n] = a->moved[k];
			rows[n++].org = (uint32_t)a->now_org[k];
		}
	if (n) {
		memset(h0, 0, size * sizeof(*h0));
		memset(h1, 0, size * sizeof(*h1));
		scan_rows(e, s, rows, n, h0);
		hist_sum(s, h0, h1, minus);
		for (size_t i = 0; i < s->cells; i++)
			out[i] -= minus[i] <= out[i] ? minus[i] : out[i];
	}
	free(rows);
	free(minus);
}

static void rollup_init(struct stats_rollup *r, const struct stats_query *q,
			int day)
{
	memset(r, 0, sizeof(*r));
	r->nr_dims = q->nr_dims;
	r->card[0] = r->card[1] = 1;
	for (int i = 0; i < q->nr_dims; i++) {
		r->dims[i] = q->dims[i];
		r->card[i] = stats_dim_card(q->dims[i]);
	}
	r->as_of = day;
	r->counts = xcalloc((size_t)r->card[0] * r->card[1], sizeof(uint64_t));
}

static void rollup_total(struct stats_rollup *r)
{
	size_t cells = (size_t)r->card[0] * r->card[1];

	r->total = 0;
	for (size_t i = 0; i < cells; i++)
		r->total += r->counts[i];
}

static void subtree_range(const struct stats_orgs *o, int32_t idx,
			  size_t *lo, size_t *hi)
{
	if (idx < 0) {
		*lo = 0;
		*hi = o->nr_pre;
	} else {
		*lo = (size_t)o->pre[idx];
		*hi = (size_t)o->pre_end[idx];
	}
}

static int resolve_id(const struct stats_orgs *o, long long id, int32_t *idx,
		      struct error *err)
{
	*idx = -1;
	if (id <= 0)
		return ST_OK;
	*idx = stats_org_idx(o, id);
	if (*idx < 0 || o->removed[*idx] || o->pre[*idx] < 0)
		return error_set(err, ST_NOT_FOUND, "org",
				 "no organization %lld", id);
	return ST_OK;
}

int stats_rollup(struct stats_engine *e, const struct stats_query *q,
		 struct stats_rollup *out, struct error *err)
{
	struct scan s;
	int day, rc;
	int32_t idx;
	size_t lo, hi;

	memset(out, 0, sizeof(*out));
	pthread_rwlock_rdlock(&e->lock);
	if ((rc = scan_prepare(e, q, &s, &day, err)))
		goto out;
	if ((rc = resolve_id(&e->o, q->org_id, &idx, err)))
		goto out;
	rollup_init(out, q, day);
	size_t size = s.cells * (size_t)s.nr_hist;
	uint32_t *h = xmalloc(2 * size * sizeof(uint32_t));
	if (idx >= 0 && stats_hist_differs(e, day)) {
		/* the subtree as it stood on the day */
		struct stats_asof a;
		struct runs r;
		stats_asof_prepare(e, day, idx, 0, &a);
		runs_make(&e->o, &a, 1, &r);
		count_label(e, &s, &a, &r, 0, h, h + size, out->counts);
		runs_release(&r);
		stats_asof_release(&a);
	} else {
		subtree_range(&e->o, idx, &lo, &hi);
		count_range(e, &s, lo, hi, h, h + size, out->counts);
	}
	free(h);
	rollup_total(out);
out:
	pthread_rwlock_unlock(&e->lock);
	return rc;
}

int stats_children(struct stats_engine *e, const struct stats_query *q,
		   struct stats_children *out, struct error *err)
{
	const struct stats_orgs *o = &e->o;
	struct scan s;
	int day, rc;
	int32_t idx;
	size_t lo, hi;

	memset(out, 0, sizeof(*out));
	pthread_rwlock_rdlock(&e->lock);
	if ((rc = scan_prepare(e, q, &s, &day, err)))
		goto out;
	if ((rc = resolve_id(o, q->org_id, &idx, err)))
		goto out;
	stats_org_fill_info(o, idx, &out->org);
	rollup_init(&out->total, q, day);
	rollup_init(&out->own, q, day);
	size_t cells = s.cells, size = s.cells * (size_t)s.nr_hist;
	uint32_t *h = xmalloc(2 * size * sizeof(uint32_t));
	const int32_t *kids = idx < 0 ? o->roots : o->child_list + o->child_first[idx];
	size_t nr = idx < 0 ? o->nr_roots
			    : (size_t)(o->child_first[idx + 1] - o->child_first[idx]);
	struct stats_asof a = { 0 };
	struct runs r = { 0 };
	int past = stats_hist_differs(e, day);
	if (past) {
		/* the children and their subtrees as they stood on the day */
		stats_asof_prepare(e, day, idx, 1, &a);
		kids = a.kids;
		nr = a.nr_kids;
		runs_make(o, &a, nr + 1, &r);
	}
	out->nr = nr;
	out->child = xcalloc(nr ? nr : 1, sizeof(*out->child));
	if (past) {
		if (idx >= 0)
			count_label(e, &s, &a, &r, 0, h, h + size, out->own.counts);
		for (size_t i = 0; i < nr; i++) {
			struct stats_child_rollup *c = &out->child[i];
			stats_org_fill_info(o, kids[i], &c->org);
			c->org.parent_id = idx < 0 ? 0 : o->id[idx];
			rollup_init(&c->r, q, day);
			count_label(e, &s, &a, &r, (int32_t)i + 1, h, h + size, c->r.counts);
			rollup_total(&c->r);
		}
		rollup_total(&out->own);
		runs_release(&r);
		stats_asof_release(&a);
		nr = 0;         /* counted */
	} else if (idx >= 0) {
		subtree_range(o, idx, &lo, &hi);
		count_range(e, &s, lo, lo + 1, h, h + size, out->own.counts);
	}
	rollup_total(&out->own);
	for (size_t i = 0; i < nr; i++) {
		struct stats_child_rollup *c = &out->child[i];
		stats_org_fill_info(o, kids[i], &c->org);
		rollup_init(&c->r, q, day);
		subtree_range(o, kids[i], &lo, &hi);
		count_range(e, &s, lo, hi, h, h + size, c->r.counts);
		rollup_total(&c->r);
	}
	free(h);
	nr = out->nr;
	for (size_t k = 0; k < cells; k++) {
		out->total.counts[k] = out->own.counts[k];
		for (size_t i = 0; i < nr; i++)
			out->total.counts[k] += out->child[i].r.counts[k];
	}
	rollup_total(&out->total);
out:
	pthread_rwlock_unlock(&e->lock);
	return rc;
}

void stats_children_release(struct stats_children *c)
{
	if (!c)
		return;
	stats_rollup_release(&c->total);
	stats_rollup_release(&c->own);
	for (size_t i = 0; i < c->nr; i++)
		stats_rollup_release(&c->child[i].r);
	free(c->child);
	memset(c, 0, sizeof(*c));
}

/* ---- drill-down ------------------------------------------------------- */

static void put_day(char out[11], int day)
{
	char buf[DATE_STR_SIZE];

	memcpy(out, date_format(day, buf), 10);
	out[10] = '\0';
}

int stats_drill_filter(const char *text, int day, struct person_drill *d,
		       struct error *err)
{
	struct stats_query q;
	int rc;

	memset(d, 0, sizeof(*d));
	stats_query_init(&q);
	if ((rc = stats_query_parse_filter(&q, text, err)))
		return rc;
	for (int dim = 0; dim < STATS_NR_DIMS; dim++) {
		int v = -1, n = 0, y = 0, m = 0, dd = 0;

		if (!q.filtered[dim])
			continue;
		for (int x = 0; x < 256; x++)
			if (q.allow[dim][x / 64] >> (x % 64) & 1) {
				v = x;
				n++;
			}
		if (n != 1) {
			error_setc(err, ST_INVALID, "filter", "filter_one_value",
				   "a member list takes one value of %s", stats_dim_name(dim));
			error_param(err, "dimension", "%s", stats_dim_name(dim));
			return ST_INVALID;
		}
		switch (dim) {
		case STATS_DIM_SEX:
			d->sex = v;
			break;
		case STATS_DIM_AGE_BAND:
			/* band k: born after day - band_age[k] years (k < 7) and on
			 * or before day - band_age[k - 1] years (k > 0) */
			if (v < 7)
				put_day(d->born_after, date_add_years(day, -band_age[v]));
			if (v > 0)
				put_day(d->born_by, date_add_years(day, -band_age[v - 1]));
			break;
		case STATS_DIM_ETHNICITY:
			d->ethnic = v ? 2 : 1;
			break;
		case STATS_DIM_ETHNIC_GROUP:
			d->ethnicity = v;
			break;
		case STATS_DIM_EDUCATION:
			d->college = v ? 2 : 1;
			break;
		case STATS_DIM_EDUCATION_GROUP:
			d->education_group = v + 1;
			break;
		case STATS_DIM_OCCUPATION:
			d->occupation = v;
			break;
		case STATS_DIM_JOIN_PERIOD:
			if (v == 4) {
				d->not_joined = 1;
				break;
			}
			if (v > 0)
				put_day(d->joined_from, period_day(v - 1));
			if (v < 3)
				put_day(d->joined_before, period_day(v));
			break;
		case STATS_DIM_JOIN_YEAR:
			if (v == 255) {
				d->not_joined = 1;
				break;
			}
			y = 1900 + v;
			m = dd = 1;
			put_day(d->joined_from, date_from_ymd(y, m, dd));
			put_day(d->joined_before, date_from_ymd(y + 1, m, dd));
			break;
		default: {
			error_setc(err, ST_INVALID, "filter", "filter_not_for_list",
				   "a member list is not narrowed by %s (use the organization)",
				   stats_dim_name(dim));
			error_param(err, "dimension", "%s", stats_dim_name(dim));
			return ST_INVALID;
		}
		}
	}
	return ST_OK;
}
