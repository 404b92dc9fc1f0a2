/*
 * gen-people.c - the generator's people: joint tables of age band x
 * joining period x occupation x college x sex (members admitted before the
 * reference year) and age band x occupation x college x sex (new members of
 * the year) fitted to the profile's marginals, then drawn block by block by
 * systematic sampling with every marginal repaired to within one person
 * (margin_repair, carried from block to block), given names, ID numbers, phones and key dates, and
 * written through store/gen-store.c. Not for organizations (gen-orgs.c).
 */
#include "gen/gen-internal.h"
#include "model/rules.h"

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
int gen_fit_people(struct gen *g, struct error *err)
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
		g->mbase = base;
	}
	return ST_OK;
}

int pick_province_of(struct gen *g);
static int pick_province(struct gen *g)
{
	return (int)pick_cumulative(g->wcum, (size_t)g->nprov,
				    rng_double(&g->rng) * g->wcum[g->nprov - 1]);
}

/*
 * Ethnicity of a person of province pi: a minority with probability
 * k * (province rate), decided by systematic sampling along the stream of
 * category cat (g->macc[cat]). The provinces are drawn at random, so the
 * rates of the provinces drawn so far are tracked (g->mexp) and the rate
 * scaled by (wanted so far) / (expected so far): the total is right to
 * about a person whatever provinces came up.
 */
static int pick_ethnicity(struct gen *g, int pi, double k, int cat)
{
	const struct province_info *in = g->pinfo[pi];
	double rate = k * g->mrate[pi], u, acc = 0, tot = 0, before = g->macc[cat];

	g->mexp[cat] += rate;
	g->mn[cat] += 1;
	if (g->mexp[cat] > 0)
		rate *= k * g->mbase * g->mn[cat] / g->mexp[cat];
	if (rate > 0.97)
		rate = 0.97;
	g->macc[cat] += rate;
	if (floor(g->macc[cat]) == floor(before))
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

int pick_province_of(struct gen *g)
{
	return pick_province(g);
}

static int pick_branch(struct gen *g, int pi, int occ);
int pick_branch_of(struct gen *g, int pi, int occ)
{
	return pick_branch(g, pi, occ);
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
 * k-th person of (region, birth year, sex) takes the k-th slot of a
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
		    int college, int female, double k, int cat,
		    struct error *err)
{
	int org = pick_branch(g, pi, occ);

	p->sex = female ? SEX_FEMALE : SEX_MALE;
	p->ethnicity = pick_ethnicity(g, pi, k, cat);
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

/*
 * Keeps the cultivation time of the rule in force on the target date
 * (dev.cultivation_years) between the activist and target dates: the
 * activist date moves back, not before the day the person turned 18 (adult),
 * else the target date moves forward, not after until; a person for whom
 * neither fits (admitted within a year of turning 18) keeps no activist date.
 */
static void keep_cultivation(struct person *p, int adult, int until)
{
	const struct rule_def *r = rules_default(RULE_DEV_CULTIVATION_YEARS, p->target);
	int years = r ? rules_int(r->value) : 0;

	if (years <= 0 || p->activist == DATE_NONE || p->target == DATE_NONE ||
	    p->target >= date_add_years(p->activist, years))
		return;
	p->activist = date_add_years(p->target, -years);
	if (p->activist < adult) {
		p->activist = adult;
		p->target = date_add_years(adult, years);
		if (p->target > until) {
			p->target = until;
			p->activist = DATE_NONE;
		}
	}
	if (p->activist != DATE_NONE && p->applied > p->activist)
		p->applied = p->activist;
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
	keep_cultivation(p, adult, until);
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
			   cat, err)))
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
			   cat, err)))
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
	keep_cultivation(p, adult, g->ref);
	return ST_OK;
}

int gen_build_people(struct gen *g, struct error *err)
{
	const struct profile *pr = &g->prof;
	long long n = g->opt->members;
	long long nnew = llround((double)n * pr->new_members / pr->members);
	/* the bulletin's applicants include the activists and targets, its
	 * activists the targets (docs/cli-report.md): made here as applicants
	 * only, activists only and targets (half a year's intake) */
	long long in_pipeline = llround((double)n * pr->applicants / pr->members);
	long long activists = llround((double)n * pr->activists / pr->members);
	long long targets = llround((double)nnew * 0.5);
	if (activists > in_pipeline)
		activists = in_pipeline;
	if (targets > activists)
		targets = activists;
	long long totals[5] = {
		n - nnew, nnew, in_pipeline - activists, activists - targets, targets,
	};
	long long all = 0, done_before[5] = { 0 };
	long long blocks, counts[OLD_CELLS], natural[OLD_CELLS];
	static const int old_dims[5] = { NA, NJ, NO, 2, 2 }, new_dims[4] = { NA, NO, 2, 2 };
	double carry[5][5][16] = { { { 0 } } };
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
			/* back to table order, then every marginal to within one
			 * draw of its share of the block plus what earlier blocks
			 * left wanting */
			for (size_t oi = 0; oi < ncells; oi++)
				natural[order[oi]] = counts[oi];
			{
				int nd = cat == 0 ? 5 : 4;
				const int *dims = cat == 0 ? old_dims : new_dims;
				double *want[5];
				for (int k = 0; k < nd; k++) {
					double share[16], tot = 0;
					ipf_margin(cells, nd, dims, k, share);
					for (int v = 0; v < dims[k]; v++)
						tot += share[v];
					for (int v = 0; v < dims[k]; v++)
						carry[cat][k][v] += tot > 0 ? (double)m * share[v] / tot : 0;
					want[k] = carry[cat][k];
				}
				margin_repair(natural, cells, nd, dims, want);
			}
			for (size_t i = 0; i < ncells; i++)
				for (long long k = 0; k < natural[i]; k++) {
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
			gen_steps_make(g, &p, cat, 0);
			if ((rc = person_validate(&p, g->ref, NULL, err))) {
				char msg[600];
				snprintf(msg, sizeof(msg), "%s", err ? err->message : "");
				if (err)
					err->status = ST_OK;
				rc = error_set(err, ST_INTERNAL, NULL,
					       "generated person %s (%s) is invalid: %s",
					       p.name, p.id_number, msg);
				goto out;
			}
			if ((rc = gen_store_person(g->db, &p, err)) ||
			    (rc = gen_steps_store(g, &p, err)))
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
	/* a few probationary memberships cancelled: beside the N members
	 * (about 0.2 % of a year's intake) */
	for (long long k = 0, nc = nnew >= 100 ? (nnew + 250) / 500 : 0; k < nc; k++) {
		int cell = (int)rng_below(&g->rng, NEW_CELLS);
		if (g->new_cells[cell] <= 0)
			continue;
		person_init(&p);
		if ((rc = make_member(g, 1, cell, &p, err)))
			goto out;
		p.flags = 0;
		gen_steps_make(g, &p, 1, 1);
		if (p.status != MS_WITHDRAWN)
			continue;
		if ((rc = person_validate(&p, g->ref, NULL, err)) ||
		    (rc = gen_store_person(g->db, &p, err)) ||
		    (rc = gen_steps_store(g, &p, err)))
			goto out;
		g->sum->persons++;
		g->sum->persons_by_status[p.status]++;
	}
out:
	free(entries);
	return rc;
}

