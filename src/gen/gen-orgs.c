/*
 * gen-orgs.c - the generator's organizations: every province of the
 * division tables has its committee; cities, counties, townships/streets
 * and villages/communities are sampled per province so that the tree keeps
 * the national shape at any size; grassroots organizations by unit type and
 * kind are fitted (IPF) to the profile's totals and apportioned to the
 * provinces by population. Not for people (gen-people.c).
 */
#include "gen/gen-internal.h"
#include "model/rules.h"

/* ---- organizations ---- */

static const char *place_of(const struct gen *g, int org)
{
	return g->orgs[org].place >= 0 ? g->places.buf + g->orgs[org].place : "";
}

/* Short form of a place name for unit names: 河北省 -> 河北. */
static void short_place(const char *name, char *out, size_t size)
{
	static const char *const suffixes[] = {
		"维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区",
		"省", "市",
	};
	size_t n = strlen(name);

	snprintf(out, size, "%s", name);
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t s = strlen(suffixes[i]);
		if (n > s + 3 && !strcmp(name + n - s, suffixes[i])) {
			if (n - s < size)
				out[n - s] = '\0';
			return;
		}
	}
}

/* Random established date between max(after, from) and until. */
static int est_between(struct gen *g, int after, int from, int until)
{
	int lo = after > from ? after : from;

	if (until < lo)
		until = lo;
	return (int)rng_range(&g->rng, lo, until);
}

/* Leadership term start: the last election before the reference date. */
static int term_start(struct gen *g, int established, int years)
{
	int k = date_years_between(established, g->ref) / years;
	int start = date_add_years(established, k * years);

	if (k > 0 && rng_below(&g->rng, 12) == 0)
		start = date_add_years(established, (k - 1) * years); /* overdue */
	return start;
}

/*
 * Adds an organization (parent already stored) and writes it. place is the
 * place name kept for naming the units below a local committee, or NULL.
 */
static int add_org(struct gen *g, struct org *o, int parent, int prov,
		   const char *place, struct error *err)
{
	struct gorg *x;
	int rc;

	ALLOC_GROW(g->orgs, g->nr_orgs + 1, g->alloc_orgs);
	x = &g->orgs[g->nr_orgs];
	x->parent = parent;
	x->region = parent >= 0 ? g->orgs[parent].region : -1;
	x->place = -1;
	if (place) {
		x->place = (int)g->places.len;
		strbuf_adds(&g->places, place);
		strbuf_addch(&g->places, '\0');
	}
	x->kind = (unsigned char)o->kind;
	x->sector = (unsigned char)o->sector;
	x->level = (unsigned char)o->level;
	x->prov = (unsigned char)prov;
	x->established = o->established;
	o->id = (long long)g->nr_orgs + 1;
	o->parent_id = parent >= 0 ? parent + 1 : 0;
	o->dissolved = DATE_NONE;
	if ((rc = org_validate(o, g->ref, err))) {
		error_set(err, ST_INTERNAL, NULL, "generated organization %s is invalid",
			  o->code);
		return ST_INTERNAL;
	}
	if ((rc = gen_store_org(g->db, o, err)))
		return rc;
	g->nr_orgs++;
	g->sum->orgs++;
	g->sum->orgs_by_kind[o->kind]++;
	g->sum->orgs_by_level[o->level]++;
	if (o->level == ORG_LEVEL_GRASSROOTS &&
	    (o->kind == ORG_COMMITTEE || o->kind == ORG_WORKING_COMMITTEE ||
	     o->kind == ORG_GENERAL_BRANCH || o->kind == ORG_BRANCH))
		g->sum->grassroots++;
	if (++g->rows >= COMMIT_ROWS) {
		g->rows = 0;
		return gen_store_checkpoint(g->db, err);
	}
	return ST_OK;
}

static void org_base(struct org *o, int kind, int sector, int level)
{
	org_init(o);
	o->kind = kind;
	o->sector = sector;
	o->level = level;
}

/* Kind-specific name: 中共X委员会 / 中共X总支部委员会 / 中共X支部委员会. */
static void kind_name(char *out, size_t size, int kind, const char *unit)
{
	switch (kind) {
	case ORG_COMMITTEE:
		snprintf(out, size, "中共%s委员会", unit);
		break;
	case ORG_WORKING_COMMITTEE:
		snprintf(out, size, "中共%s工作委员会", unit);
		break;
	case ORG_GENERAL_BRANCH:
		snprintf(out, size, "中共%s总支部委员会", unit);
		break;
	default:
		snprintf(out, size, "中共%s支部委员会", unit);
		break;
	}
}

/*
 * The term rule of the catalogue (model/rules.h) for the kind, in a village
 * or community when village is set, on the reference date; 0 for kinds
 * without an elected term.
 */
static int term_years_of(const struct gen *g, int kind, int sector, int village)
{
	const char *key = rules_term_key(kind, village ? SECTOR_RURAL : sector);
	const struct rule_def *r = key ? rules_default(key, g->ref) : NULL;
	int years = r ? rules_int(r->value) : 0;

	return years > 0 ? years : 0;
}

/* Term start of the current term by the rule; the length itself is left to
 * the rule (term_years 0), so an organization's term follows the catalogue. */
static void set_term(struct gen *g, struct org *o, int village)
{
	int years = term_years_of(g, o->kind, o->sector, village);

	o->term_years = 0;
	o->term_start = years ? term_start(g, o->established, years) : DATE_NONE;
}

static const char *const buildings_estate[] = {
	"幸福里", "阳光花园", "翠苑", "和平里", "锦绣家园", "康乐小区", "金色家园",
	"丽景苑", "滨河小区", "青年公寓", "书香苑", "新华小区",
};

/* Party groups under a branch just created (community groups get a
 * building label). */
static int add_groups(struct gen *g, int branch, const char *bcode,
		      const char *unit, int community, struct error *err)
{
	int n, rc;
	struct org o;
	const char *estate = buildings_estate[rng_below(&g->rng,
			sizeof(buildings_estate) / sizeof(buildings_estate[0]))];

	if (community)
		n = 2 + (int)rng_below(&g->rng, 3);
	else
		n = rng_below(&g->rng, 10) < 4 ? 1 + (int)rng_below(&g->rng, 3) : 0;
	for (int i = 1; i <= n; i++) {
		org_base(&o, ORG_PARTY_GROUP, g->orgs[branch].sector, ORG_LEVEL_GRASSROOTS);
		snprintf(o.code, sizeof(o.code), "%s-G%d", bcode, i);
		if (community) {
			int b = 1 + (int)rng_below(&g->rng, 30);
			snprintf(o.name, sizeof(o.name), "%s%s%d号楼党小组", unit, estate, b);
			snprintf(o.label, sizeof(o.label), "%s%d号楼", estate, b);
		} else {
			snprintf(o.name, sizeof(o.name), "%s第%d党小组", unit, i);
		}
		o.established = est_between(g, g->orgs[branch].established,
					    g->orgs[branch].established, g->ref - 1);
		if ((rc = add_org(g, &o, branch, g->orgs[branch].prov, NULL, err)))
			return rc;
	}
	return ST_OK;
}

static void pool_add(struct gen *g, int prov, int sector, int org, double w)
{
	struct pool *p = &g->pools[prov][sector];

	if (p->n + 1 > p->alloc) {
		size_t a = p->alloc ? p->alloc * 2 : 16;
		p->org = xrealloc(p->org, a * sizeof(int));
		p->cum = xrealloc(p->cum, a * sizeof(double));
		p->alloc = a;
	}
	p->org[p->n] = org;
	p->cum[p->n] = (p->n ? p->cum[p->n - 1] : 0) + w;
	p->n++;
}

/* A branch: stored, registered as a home of members, given party groups. */
static int add_branch(struct gen *g, struct org *o, int parent, int prov,
		      const char *group_unit, int community, struct error *err)
{
	int rc, idx;
	double w = 0.4 + 1.2 * rng_double(&g->rng);

	set_term(g, o, community || o->sector == SECTOR_RURAL);
	if ((rc = add_org(g, o, parent, prov, NULL, err)))
		return rc;
	idx = (int)g->nr_orgs - 1;
	pool_add(g, prov, o->sector, idx, w);
	return add_groups(g, idx, o->code, group_unit, community, err);
}

static void local_add(struct gen *g, int prov, int level, int org)
{
	ALLOC_GROW(g->locals[prov][level], g->nlocals[prov][level] + 1,
		   g->alocals[prov][level]);
	g->locals[prov][level][g->nlocals[prov][level]++] = org;
}

static int add_region(struct gen *g, long long county_code)
{
	ALLOC_GROW(g->regions, g->nr_regions + 1, g->alloc_regions);
	long long c = county_code % 1000000;

	for (int i = 5; i >= 0; i--, c /= 10)
		g->regions[g->nr_regions][i] = (char)('0' + c % 10);
	g->regions[g->nr_regions][6] = '\0';
	return (int)g->nr_regions++;
}

/* Village/community short name: 多福巷社区居委会 -> 多福巷社区. */
static void village_short(const char *name, int community, char *out, size_t size)
{
	static const char *const suffixes[] = {
		"社区居民委员会", "社区居委会", "居民委员会", "居委会",
		"村民委员会", "村委会", "委员会",
	};
	size_t n = strlen(name);

	if (n >= size)
		n = size - 1;
	memcpy(out, name, n);
	out[n] = '\0';
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t s = strlen(suffixes[i]);
		if (n > s && !strcmp(name + n - s, suffixes[i])) {
			const char *add = community ? "社区" : "村";
			size_t keep = n - s;
			int ends_ok = keep >= 3 &&
				(!memcmp(name + keep - 3, "村", 3) ||
				 !memcmp(name + keep - 3, "区", 3) ||
				 !memcmp(name + keep - 3, "查", 3));
			if (keep + 7 < size) {
				memcpy(out, name, keep);
				out[keep] = '\0';
				if (!ends_ok)
					strncat(out, add, size - strlen(out) - 1);
			}
			return;
		}
	}
}

static int by_score_desc(const void *a, const void *b)
{
	const double *x = a, *y = b;

	return (x[0] < y[0]) - (x[0] > y[0]);
}


static int add_leading_group(struct gen *g, int local, const char *code,
			     const char *place, int prov, struct error *err)
{
	struct org o;

	org_base(&o, ORG_LEADING_GROUP, SECTOR_AGENCY, ORG_LEVEL_GRASSROOTS);
	if (snprintf(o.code, sizeof(o.code), "%s-LG", code) >= (int)sizeof(o.code))
		return error_set(err, ST_INTERNAL, NULL, "organization code too long");
	snprintf(o.name, sizeof(o.name), "%s人民政府党组", place);
	o.established = est_between(g, g->orgs[local].established,
				    g->orgs[local].established, g->ref - 30);
	return add_org(g, &o, local, prov, NULL, err);
}

/* Sets the region of org and of its ancestors that have none yet. */
static void claim_region(struct gen *g, int org, int region)
{
	for (int i = org; i >= 0 && g->orgs[i].region < 0; i = g->orgs[i].parent)
		g->orgs[i].region = region;
}

/* Counts of children: min each, the rest by random weights. */
static void spread(struct gen *g, const double *weight, const long long *min,
		   size_t n, long long total, long long *out)
{
	double *w = xmalloc(sizeof(double) * (n ? n : 1));
	long long rest = total;

	for (size_t i = 0; i < n; i++) {
		rest -= min[i];
		w[i] = weight[i] * (0.3 + 1.4 * rng_double(&g->rng));
	}
	if (rest < 0)
		rest = 0;
	if (n)
		apportion(w, n, rest, out);
	for (size_t i = 0; i < n; i++)
		out[i] += min[i];
	free(w);
}

/*
 * Territorial spine of one province, built level by level: its committee,
 * then want[0] cities, want[1] counties, want[2] townships and want[3]
 * villages/communities (each at least one per chosen parent), then the
 * branches below them so that the province has terr[kind] territorial
 * grassroots organizations. Each level reads what the level above chose and
 * leaves its own choice in struct spine; the levels run in this order only
 * (they draw from one random stream).
 */
struct spine {
	int pi, pd;                    /* province: index, division */
	int prov_org, p_est;
	int *cities, *up_org;          /* city divisions, their committees */
	size_t ncity;
	int *counties, *county_org;
	size_t ncounty;
	int *towns, *town_org;
	size_t ntown;
	int *villages, *vorg;
	size_t nvill;
	/* homes of the branches below: townships, village committees and
	 * general branches, with their division codes, weights and minimums */
	int *containers;
	long long *ccode, *mins;
	double *wt;
	size_t ncont;
	long long sb;                  /* branches to spread over them */
};

static int spine_province(struct gen *g, struct spine *s, struct error *err)
{
	struct divisions *dv = &g->dv;
	const char *pname = division_name(dv, DIV_PROVINCE, s->pd);
	long long pcode = dv->d[DIV_PROVINCE][s->pd].code;
	struct org o;
	int rc;

	org_base(&o, ORG_COMMITTEE, SECTOR_OTHER, ORG_LEVEL_PROVINCE);
	snprintf(o.code, sizeof(o.code), "%02lld", pcode);
	snprintf(o.division, sizeof(o.division), "%02lld", pcode);
	kind_name(o.name, sizeof(o.name), ORG_COMMITTEE, pname);
	s->p_est = pcode == 46 ? ymd(1988, 4, 13) : pcode == 50 ? ymd(1997, 3, 14)
		: est_between(g, ymd(1949, 10, 1), ymd(1949, 10, 1), ymd(1950, 6, 30));
	o.established = s->p_est;
	set_term(g, &o, 0);
	if ((rc = add_org(g, &o, 0, s->pi, pname, err)))
		return rc;
	s->prov_org = (int)g->nr_orgs - 1;
	/* not the centre's region (its first county, in another province): the
	 * province takes the region of its own first county (claim_region) */
	g->orgs[s->prov_org].region = -1;
	local_add(g, s->pi, 0, s->prov_org);
	return add_leading_group(g, s->prov_org, o.code, pname, s->pi, err);
}

/* Cities (a 市辖区 / 县 / 直辖县级 row has no committee of its own). */
static int spine_cities(struct gen *g, struct spine *s, long long want,
			struct error *err)
{
	struct divisions *dv = &g->dv;
	size_t avail = divisions_available(dv, DIV_PROVINCE, &s->pd, 1);
	struct org o;
	int rc;

	s->cities = xmalloc(sizeof(int) * (avail + 1));
	s->ncity = divisions_choose(dv, DIV_PROVINCE, &s->pd, 1,
				    (size_t)(want > 0 ? want : 1), &g->rng, s->cities);
	s->up_org = xmalloc(sizeof(int) * (s->ncity + 1));
	for (size_t i = 0; i < s->ncity; i++) {
		int c = s->cities[i];
		const char *cname = division_name(dv, DIV_CITY, c);

		if (division_is_pseudo_city(dv, c)) {
			s->up_org[i] = s->prov_org;
			continue;
		}
		org_base(&o, ORG_COMMITTEE, SECTOR_OTHER, ORG_LEVEL_CITY);
		snprintf(o.code, sizeof(o.code), "%04lld", dv->d[DIV_CITY][c].code);
		snprintf(o.division, sizeof(o.division), "%04lld", dv->d[DIV_CITY][c].code);
		kind_name(o.name, sizeof(o.name), ORG_COMMITTEE, cname);
		o.established = est_between(g, s->p_est, s->p_est, ymd(1995, 12, 31));
		set_term(g, &o, 0);
		if ((rc = add_org(g, &o, s->prov_org, s->pi, cname, err)))
			return rc;
		s->up_org[i] = (int)g->nr_orgs - 1;
		local_add(g, s->pi, 1, s->up_org[i]);
		if ((rc = add_leading_group(g, s->up_org[i], o.code, cname, s->pi, err)))
			return rc;
	}
	return ST_OK;
}

static int spine_counties(struct gen *g, struct spine *s, long long want,
			  struct error *err)
{
	struct divisions *dv = &g->dv;
	size_t avail = divisions_available(dv, DIV_CITY, s->cities, s->ncity);
	struct org o;
	char unit[160];
	int rc;

	s->counties = xmalloc(sizeof(int) * (avail + 1));
	s->ncounty = divisions_choose(dv, DIV_CITY, s->cities, s->ncity,
				      (size_t)(want > (long long)s->ncity ? want : (long long)s->ncity),
				      &g->rng, s->counties);
	s->county_org = xmalloc(sizeof(int) * (s->ncounty + 1));
	for (size_t i = 0; i < s->ncounty; i++) {
		int k = s->counties[i], ci = 0, parent;
		const char *kname = division_name(dv, DIV_COUNTY, k);
		size_t kl = strlen(kname);

		while (ci < (int)s->ncity && s->cities[ci] != dv->d[DIV_COUNTY][k].parent)
			ci++;
		parent = ci < (int)s->ncity ? s->up_org[ci] : s->prov_org;
		org_base(&o, ORG_COMMITTEE, SECTOR_OTHER, ORG_LEVEL_COUNTY);
		snprintf(o.code, sizeof(o.code), "%06lld", dv->d[DIV_COUNTY][k].code);
		snprintf(o.division, sizeof(o.division), "%06lld", dv->d[DIV_COUNTY][k].code);
		if (kl > 3 && !strcmp(kname + kl - 3, "区")) {
			snprintf(unit, sizeof(unit), "%s%s", place_of(g, parent), kname);
			kind_name(o.name, sizeof(o.name), ORG_COMMITTEE, unit);
		} else {
			kind_name(o.name, sizeof(o.name), ORG_COMMITTEE, kname);
		}
		o.established = est_between(g, g->orgs[parent].established,
					    g->orgs[parent].established, ymd(2005, 12, 31));
		set_term(g, &o, 0);
		if ((rc = add_org(g, &o, parent, s->pi, kname, err)))
			return rc;
		s->county_org[i] = (int)g->nr_orgs - 1;
		g->orgs[s->county_org[i]].region = -1;
		claim_region(g, s->county_org[i], add_region(g, dv->d[DIV_COUNTY][k].code));
		local_add(g, s->pi, 2, s->county_org[i]);
		if ((rc = add_leading_group(g, s->county_org[i], o.code, kname, s->pi, err)))
			return rc;
	}
	return ST_OK;
}

/* Townships and streets. */
static int spine_towns(struct gen *g, struct spine *s, long long want,
		       struct error *err)
{
	struct divisions *dv = &g->dv;
	size_t avail = divisions_available(dv, DIV_COUNTY, s->counties, s->ncounty);
	struct org o;
	int rc;

	s->towns = xmalloc(sizeof(int) * (avail + 1));
	s->ntown = divisions_choose(dv, DIV_COUNTY, s->counties, s->ncounty,
				    (size_t)(want > (long long)s->ncounty ? want : (long long)s->ncounty),
				    &g->rng, s->towns);
	s->town_org = xmalloc(sizeof(int) * (s->ntown + 1));
	for (size_t i = 0, ki = 0; i < s->ntown; i++) {
		int t = s->towns[i];
		const char *tname = division_name(dv, DIV_TOWN, t);
		size_t tl = strlen(tname);
		int street = tl > 6 && !strcmp(tname + tl - 6, "街道");

		while (ki < s->ncounty && s->counties[ki] != dv->d[DIV_TOWN][t].parent)
			ki++;
		org_base(&o, street ? ORG_WORKING_COMMITTEE : ORG_COMMITTEE,
			 street ? SECTOR_COMMUNITY : SECTOR_RURAL, ORG_LEVEL_GRASSROOTS);
		snprintf(o.code, sizeof(o.code), "%09lld", dv->d[DIV_TOWN][t].code);
		snprintf(o.division, sizeof(o.division), "%09lld", dv->d[DIV_TOWN][t].code);
		kind_name(o.name, sizeof(o.name), o.kind, tname);
		o.established = est_between(g, g->orgs[s->county_org[ki]].established,
					    ymd(1955, 1, 1), ymd(2015, 12, 31));
		set_term(g, &o, 0);
		if ((rc = add_org(g, &o, s->county_org[ki], s->pi, tname, err)))
			return rc;
		s->town_org[i] = (int)g->nr_orgs - 1;
		local_add(g, s->pi, 3, s->town_org[i]);
	}
	return ST_OK;
}

/*
 * Villages and communities, ranked for committee / general branch / branch
 * so that the province receives terr[0] committees and terr[1] general branches
 * (townships count as committees); the branches still wanted (terr[2] less
 * the villages that are branches themselves) are left in s->sb.
 */
static int spine_villages(struct gen *g, struct spine *s, long long want,
			  const long long terr[3], struct error *err)
{
	struct divisions *dv = &g->dv;
	size_t avail = divisions_available(dv, DIV_TOWN, s->towns, s->ntown);
	size_t nvill, ntown = s->ntown;
	long long vc, vg, vb, sb;
	double *score;
	int *kind_of;
	struct org o;
	char unit[160];
	int rc = ST_OK;

	s->villages = xmalloc(sizeof(int) * (avail + 1));
	nvill = s->nvill = divisions_choose(dv, DIV_TOWN, s->towns, ntown,
					    (size_t)(want > (long long)ntown ? want : (long long)ntown),
					    &g->rng, s->villages);
	vc = terr[0] - (long long)ntown;
	if (vc < 0)
		vc = 0;
	if (vc > (long long)nvill)
		vc = (long long)nvill;
	vg = terr[1] < (long long)nvill - vc ? terr[1] : (long long)nvill - vc;
	vb = (long long)nvill - vc - vg;
	sb = terr[2] - vb;
	if (sb < 0)
		sb = 0;
	while (sb < vc + vg && (vc || vg)) { /* every container needs a branch */
		if (vg)
			vg--;
		else
			vc--;
		vb++;
		if (sb > 0)
			sb--;
	}
	s->sb = sb;
	score = xmalloc(sizeof(double) * 2 * (nvill + 1));
	for (size_t i = 0; i < nvill; i++) {
		int community = dv->d[DIV_VILLAGE][s->villages[i]].code % 1000 < 200;
		score[2 * i] = (community ? 2.0 : 1.0) * (0.5 + rng_double(&g->rng));
		score[2 * i + 1] = (double)i;
	}
	qsort(score, nvill, 2 * sizeof(double), by_score_desc);
	s->vorg = xmalloc(sizeof(int) * (nvill + 1));
	kind_of = xmalloc(sizeof(int) * (nvill + 1));
	for (size_t r = 0; r < nvill; r++) {
		size_t i = (size_t)score[2 * r + 1];
		kind_of[i] = (long long)r < vc ? ORG_COMMITTEE
			     : (long long)r < vc + vg ? ORG_GENERAL_BRANCH : ORG_BRANCH;
	}
	s->containers = xmalloc(sizeof(int) * (ntown + nvill + 1));
	s->wt = xmalloc(sizeof(double) * (ntown + nvill + 1));
	s->mins = xmalloc(sizeof(long long) * (ntown + nvill + 1));
	s->ccode = xmalloc(sizeof(long long) * (ntown + nvill + 1));
	for (size_t i = 0; i < ntown; i++) {
		s->ccode[s->ncont] = dv->d[DIV_TOWN][s->towns[i]].code;
		s->containers[s->ncont] = s->town_org[i];
		s->wt[s->ncont] = 2;
		s->mins[s->ncont++] = 0;
	}
	for (size_t i = 0, ti = 0; i < nvill; i++) {
		int v = s->villages[i];
		int community = dv->d[DIV_VILLAGE][v].code % 1000 < 200;

		while (ti < ntown && s->towns[ti] != dv->d[DIV_VILLAGE][v].parent)
			ti++;
		village_short(division_name(dv, DIV_VILLAGE, v), community,
			      unit, sizeof(unit));
		org_base(&o, kind_of[i], community ? SECTOR_COMMUNITY : SECTOR_RURAL,
			 ORG_LEVEL_GRASSROOTS);
		snprintf(o.code, sizeof(o.code), "%012lld", dv->d[DIV_VILLAGE][v].code);
		snprintf(o.division, sizeof(o.division), "%012lld",
			 dv->d[DIV_VILLAGE][v].code);
		kind_name(o.name, sizeof(o.name), o.kind, unit);
		o.established = est_between(g, g->orgs[s->town_org[ti]].established,
					    ymd(1958, 1, 1), ymd(2018, 12, 31));
		if (o.kind == ORG_BRANCH) {
			if ((rc = add_branch(g, &o, s->town_org[ti], s->pi, unit,
					     community, err)))
				break;
			s->vorg[i] = (int)g->nr_orgs - 1;
			continue;
		}
		set_term(g, &o, 1);
		if ((rc = add_org(g, &o, s->town_org[ti], s->pi, unit, err)))
			break;
		s->vorg[i] = (int)g->nr_orgs - 1;
		s->ccode[s->ncont] = dv->d[DIV_VILLAGE][v].code;
		s->containers[s->ncont] = s->vorg[i];
		s->wt[s->ncont] = o.kind == ORG_COMMITTEE ? 4 : 2.5;
		s->mins[s->ncont++] = 1;
	}
	free(kind_of);
	free(score);
	return rc;
}

/* Branches below townships, village committees and general branches. */
static int spine_branches(struct gen *g, struct spine *s, struct error *err)
{
	long long *kids = xmalloc(sizeof(long long) * (s->ncont + 1));
	struct org o;
	char unit[160];
	int rc = ST_OK;

	spread(g, s->wt, s->mins, s->ncont, s->sb, kids);
	for (size_t c = 0; c < s->ncont && !rc; c++) {
		int parent = s->containers[c];
		const char *pl = place_of(g, parent);
		int community = g->orgs[parent].sector == SECTOR_COMMUNITY &&
				g->orgs[parent].level == ORG_LEVEL_GRASSROOTS &&
				g->orgs[parent].kind != ORG_WORKING_COMMITTEE;
		int is_town = c < s->ntown;

		for (long long k = 1; k <= kids[c]; k++) {
			org_base(&o, ORG_BRANCH, g->orgs[parent].sector, ORG_LEVEL_GRASSROOTS);
			snprintf(o.code, sizeof(o.code), "%0*lld-%02lld", is_town ? 9 : 12,
				 s->ccode[c], k);
			if (is_town)
				snprintf(o.name, sizeof(o.name), "%s机关第%lld党支部", pl, k);
			else if (community)
				snprintf(o.name, sizeof(o.name), "%s第%lld网格党支部", pl, k);
			else
				snprintf(o.name, sizeof(o.name), "%s第%lld党支部", pl, k);
			snprintf(unit, sizeof(unit), "%s第%lld%s", pl, k,
				 community ? "网格" : "支部");
			o.established = est_between(g, g->orgs[parent].established,
						    g->orgs[parent].established, g->ref - 30);
			if ((rc = add_branch(g, &o, parent, s->pi, unit, community, err)))
				break;
		}
	}
	free(kids);
	return rc;
}

static void spine_release(struct spine *s)
{
	free(s->cities);
	free(s->counties);
	free(s->towns);
	free(s->villages);
	free(s->up_org);
	free(s->county_org);
	free(s->town_org);
	free(s->vorg);
	free(s->wt);
	free(s->mins);
	free(s->containers);
	free(s->ccode);
}

static int build_territory(struct gen *g, int pi, const long long want[4],
			   const long long terr[3], struct error *err)
{
	struct spine s = { .pi = pi, .pd = g->prov_div[pi] };
	int rc;

	if (!(rc = spine_province(g, &s, err)) &&
	    !(rc = spine_cities(g, &s, want[0], err)) &&
	    !(rc = spine_counties(g, &s, want[1], err)) &&
	    !(rc = spine_towns(g, &s, want[2], err)) &&
	    !(rc = spine_villages(g, &s, want[3], terr, err)))
		rc = spine_branches(g, &s, err);
	spine_release(&s);
	return rc;
}

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char *const agencies[] = {
	"发展和改革局", "教育局", "科学技术局", "工业和信息化局", "公安局", "民政局",
	"司法局", "财政局", "人力资源和社会保障局", "自然资源局", "生态环境局",
	"住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局",
	"文化和旅游局", "卫生健康委员会", "退役军人事务局", "应急管理局", "审计局",
	"市场监督管理局", "统计局", "医疗保障局", "林业局", "信访局", "人民法院",
	"人民检察院", "委员会办公室", "委员会组织部", "委员会宣传部",
	"委员会统一战线工作部", "委员会政法委员会", "纪律检查委员会", "人民政府办公室",
	"总工会", "妇女联合会", "税务局", "机关事务管理局",
};
static const char *const institutions[] = {
	"第一人民医院", "中医医院", "妇幼保健院", "疾病预防控制中心", "第一中学",
	"第二中学", "实验中学", "实验小学", "第一小学", "职业技术学校", "图书馆",
	"文化馆", "融媒体中心", "农业技术推广中心", "不动产登记中心",
	"公共资源交易中心", "社会福利院", "档案馆", "博物馆", "第二人民医院",
	"人民医院", "中心卫生院", "第三中学", "幼儿园",
};
static const char *const soes[] = {
	"城市建设投资集团有限公司", "交通投资集团有限公司", "水务集团有限公司",
	"国有资产投资运营有限公司", "供电公司", "烟草专卖局", "农村商业银行",
	"公共交通集团有限公司", "粮食储备有限公司", "文化旅游投资集团有限公司",
	"燃气有限公司", "产业投资发展集团有限公司", "邮政分公司", "移动分公司",
};
static const char *const brands[] = {
	"恒达", "华泰", "鑫源", "宏远", "金鼎", "瑞丰", "永盛", "天成", "博远", "新锐",
	"中联", "汇通", "德胜", "盛世", "嘉禾", "东方", "华美", "鼎盛", "佳和", "兴旺",
	"长城", "海天", "正大", "同创", "锦华", "润丰", "泰和", "凯达",
};
static const char *const industries[] = {
	"科技", "机械制造", "建材", "食品", "物流", "电子", "纺织", "化工", "商贸",
	"新材料", "建筑工程", "电气", "医药", "农业发展", "网络科技", "汽车配件",
	"包装", "餐饮管理", "房地产开发", "环保科技",
};
static const char *const socials[] = {
	"律师协会", "个体劳动者协会", "社会工作服务中心", "慈善总会", "总商会",
	"青年志愿者协会", "养老服务中心", "建筑业协会", "物流协会", "律师事务所",
	"会计师事务所", "实验学校", "社区服务中心", "残疾人康复中心",
};
static const char *const universities[] = {
	"大学", "师范大学", "理工大学", "职业技术学院", "医学院", "财经学院",
	"师范学院", "工业大学", "农业大学", "科技大学",
};
static const char *const colleges[] = {
	"马克思主义学院", "文学院", "外国语学院", "数学与统计学院", "物理学院",
	"化学化工学院", "计算机学院", "机械工程学院", "电气工程学院", "土木工程学院",
	"经济管理学院", "法学院", "医学院", "教育学院", "艺术学院", "体育学院",
	"生命科学学院", "机关",
};
static const char *const depts[] = {
	"机关", "生产经营", "综合", "业务", "第一分公司", "第二分公司", "后勤",
};

/* Name of a new unit of type t under the local committee `parent`. */
static void unit_name(struct gen *g, int t, int parent, char *out, size_t size)
{
	char sp[96];
	const char *pl = place_of(g, parent);

	short_place(pl, sp, sizeof(sp));
	switch (t) {
	case UT_AGENCY:
		snprintf(out, size, "%s%s", pl, agencies[rng_below(&g->rng, LEN(agencies))]);
		break;
	case UT_INSTITUTION:
		snprintf(out, size, "%s%s", pl,
			 institutions[rng_below(&g->rng, LEN(institutions))]);
		break;
	case UT_UNIVERSITY:
		snprintf(out, size, "%s%s", sp,
			 universities[rng_below(&g->rng, LEN(universities))]);
		break;
	case UT_SOE: {
		const char *s = soes[rng_below(&g->rng, LEN(soes))];
		if (!strcmp(s, "供电公司"))
			snprintf(out, size, "国网%s供电公司", sp);
		else
			snprintf(out, size, "%s%s", sp, s);
		break;
	}
	case UT_NON_PUBLIC:
		snprintf(out, size, "%s%s%s有限公司", sp,
			 brands[rng_below(&g->rng, LEN(brands))],
			 industries[rng_below(&g->rng, LEN(industries))]);
		break;
	default: {
		const char *s = socials[rng_below(&g->rng, LEN(socials))];
		if (strstr(s, "事务所") || strstr(s, "学校"))
			snprintf(out, size, "%s%s%s", sp,
				 brands[rng_below(&g->rng, LEN(brands))], s);
		else
			snprintf(out, size, "%s%s", pl, s);
		break;
	}
	}
}

/* A local committee of province pi to hang a unit of type t under. */
static int unit_parent_of(struct gen *g, int pi, int t)
{
	double u = rng_double(&g->rng), acc = 0;
	int level = 2;

	for (int l = 0; l < 4; l++) {
		acc += unit_parent[t][l];
		if (u < acc) {
			level = l;
			break;
		}
	}
	/* fall back towards the county, then upwards */
	static const int order[4][4] = {
		{ 0, 1, 2, 3 }, { 1, 2, 0, 3 }, { 2, 3, 1, 0 }, { 3, 2, 1, 0 },
	};
	for (int i = 0; i < 4; i++) {
		int l = order[level][i];
		if (g->nlocals[pi][l])
			return g->locals[pi][l][rng_below(&g->rng, g->nlocals[pi][l])];
	}
	return g->locals[pi][0][0];
}

struct container {
	int org;
	int committee;
	unsigned code, unit;        /* offsets into the strings buffer */
};

/* Organizations of units of type t in province pi: c committees, gb
 * general branches, b branches (grassroots counts). */
static int build_units(struct gen *g, int pi, int t, long long c, long long gb,
		       long long b, struct error *err)
{
	struct container *ct = NULL;
	struct strbuf str = STRBUF_INIT;
	size_t nct = 0, nalloc = 0;
	long long ctop, cnest, gtop, gnest, btop, bnest, *kids = NULL, *mins = NULL;
	double *wt = NULL;
	long long seq = 0;
	int rc = ST_OK;
	struct org o;
	char unit[160], code[ORG_CODE_SIZE];
	long long pcode = g->dv.d[DIV_PROVINCE][g->prov_div[pi]].code;
	int sector = unit_sector[t];

	while (b < c + gb && gb > 0)
		gb--, b++;
	while (b < c + gb && c > 0)
		c--, b++;
	if (c + gb + b == 0)
		return ST_OK;
	ctop = t == UT_UNIVERSITY && c > 0 ? (c + 3) / 4 : c;
	cnest = c - ctop;
	gtop = ctop > 0 ? gb - gb / 2 : gb;
	if (t == UT_UNIVERSITY && ctop > 0)
		gtop = 0;
	gnest = gb - gtop;
	btop = llround(standalone_share[t] * (double)b);
	if (btop > b - (c + gb))
		btop = b - (c + gb);
	if (btop < 0)
		btop = 0;
	bnest = b - btop;

	/* tops: committees, general branches, standalone branches */
	for (long long i = 0; i < ctop + gtop + btop; i++) {
		int parent = unit_parent_of(g, pi, t);
		int kind = i < ctop ? ORG_COMMITTEE
			   : i < ctop + gtop ? ORG_GENERAL_BRANCH : ORG_BRANCH;

		unit_name(g, t, parent, unit, sizeof(unit));
		org_base(&o, kind, sector, ORG_LEVEL_GRASSROOTS);
		snprintf(o.code, sizeof(o.code), "%02lld-%c%06lld", pcode, unit_letter[t], ++seq);
		kind_name(o.name, sizeof(o.name), kind, unit);
		o.established = est_between(g, g->orgs[parent].established,
					    ymd(1978, 12, 18), g->ref - 200);
		if (kind == ORG_BRANCH) {
			if ((rc = add_branch(g, &o, parent, pi, unit, 0, err)))
				goto out;
			continue;
		}
		set_term(g, &o, 0);
		if ((rc = add_org(g, &o, parent, pi, NULL, err)))
			goto out;
		ALLOC_GROW(ct, nct + 1, nalloc);
		ct[nct].org = (int)g->nr_orgs - 1;
		ct[nct].committee = kind == ORG_COMMITTEE;
		ct[nct].code = (unsigned)str.len;
		strbuf_adds(&str, o.code);
		strbuf_addch(&str, '\0');
		ct[nct].unit = (unsigned)str.len;
		strbuf_adds(&str, unit);
		strbuf_addch(&str, '\0');
		nct++;
	}
	/* nested committees (colleges of a university) and general branches */
	for (long long i = 0; i < cnest + gnest; i++) {
		int committee = i < cnest;
		size_t pool = committee ? (size_t)ctop : 0;
		size_t pi_c;
		struct container *parent;

		if (!committee)
			for (size_t k = 0; k < nct; k++)
				pool += ct[k].committee;
		if (pool == 0)
			break;
		/* the committees are the first entries of ct */
		pi_c = (size_t)rng_below(&g->rng, pool);
		{
			size_t seen = 0, k;
			for (k = 0; k < nct; k++)
				if (ct[k].committee && seen++ == pi_c)
					break;
			parent = &ct[k];
		}
		snprintf(code, sizeof(code), "%s-%02lld", str.buf + parent->code, i + 1);
		if (t == UT_UNIVERSITY)
			snprintf(unit, sizeof(unit), "%s%s", str.buf + parent->unit,
				 colleges[rng_below(&g->rng, LEN(colleges))]);
		else
			snprintf(unit, sizeof(unit), "%s%s", str.buf + parent->unit,
				 depts[rng_below(&g->rng, LEN(depts))]);
		org_base(&o, committee ? ORG_COMMITTEE : ORG_GENERAL_BRANCH, sector,
			 ORG_LEVEL_GRASSROOTS);
		snprintf(o.code, sizeof(o.code), "%s", code);
		kind_name(o.name, sizeof(o.name), o.kind, unit);
		o.established = est_between(g, g->orgs[parent->org].established,
					    g->orgs[parent->org].established, g->ref - 100);
		set_term(g, &o, 0);
		if ((rc = add_org(g, &o, parent->org, pi, NULL, err)))
			goto out;
		ALLOC_GROW(ct, nct + 1, nalloc);
		ct[nct].org = (int)g->nr_orgs - 1;
		ct[nct].committee = committee;
		ct[nct].code = (unsigned)str.len;
		strbuf_adds(&str, code);
		strbuf_addch(&str, '\0');
		ct[nct].unit = (unsigned)str.len;
		strbuf_adds(&str, unit);
		strbuf_addch(&str, '\0');
		nct++;
	}
	/* nested branches: at least one in every committee and general branch */
	kids = xcalloc(nct + 1, sizeof(long long));
	mins = xcalloc(nct + 1, sizeof(long long));
	wt = xcalloc(nct + 1, sizeof(double));
	for (size_t k = 0; k < nct; k++) {
		mins[k] = 1;
		wt[k] = ct[k].committee ? 2 : 1.5;
	}
	spread(g, wt, mins, nct, bnest, kids);
	for (size_t k = 0; k < nct; k++) {
		for (long long j = 1; j <= kids[k]; j++) {
			const char *u = str.buf + ct[k].unit;

			org_base(&o, ORG_BRANCH, sector, ORG_LEVEL_GRASSROOTS);
			snprintf(o.code, sizeof(o.code), "%s-B%02lld", str.buf + ct[k].code, j);
			if (t == UT_UNIVERSITY)
				snprintf(unit, sizeof(unit), "%s%s第%lld", u,
					 j % 3 ? "学生" : "教工", j % 3 ? j - j / 3 : j / 3);
			else if (j == kids[k] && j >= 3)
				snprintf(unit, sizeof(unit), "%s离退休", u);
			else
				snprintf(unit, sizeof(unit), "%s第%lld", u, j);
			snprintf(o.name, sizeof(o.name), "%s党支部", unit);
			o.established = est_between(g, g->orgs[ct[k].org].established,
						    g->orgs[ct[k].org].established, g->ref - 30);
			if ((rc = add_branch(g, &o, ct[k].org, pi, unit, 0, err)))
				goto out;
		}
	}
out:
	free(ct);
	free(kids);
	free(mins);
	free(wt);
	strbuf_release(&str);
	return rc;
}

static const char *const temp_purposes[] = {
	"重点工程项目建设", "乡村振兴驻村帮扶", "防汛抢险救灾", "干部培训班学习",
	"重大活动筹备保障", "巡视巡察工作", "援疆援藏工作", "流动党员集中务工",
};

/* A few temporary organizations under random county committees. */
static int build_temporary(struct gen *g, struct error *err)
{
	long long n = g->opt->members / 50000 + 2;
	struct org o;
	int rc;

	for (long long i = 0; i < n; i++) {
		int pi = (int)rng_below(&g->rng, (uint64_t)g->nprov);
		int lvl = g->nlocals[pi][2] ? 2 : 0;
		int parent = g->locals[pi][lvl][rng_below(&g->rng, g->nlocals[pi][lvl])];
		const char *purpose = temp_purposes[rng_below(&g->rng, LEN(temp_purposes))];

		org_base(&o, ORG_TEMPORARY, SECTOR_OTHER, ORG_LEVEL_GRASSROOTS);
		snprintf(o.code, sizeof(o.code), "T%05lld", i + 1);
		snprintf(o.name, sizeof(o.name), "%s%s临时党支部", place_of(g, parent),
			 purpose);
		snprintf(o.purpose, sizeof(o.purpose), "%s", purpose);
		o.established = (int)rng_range(&g->rng, g->ref - 330, g->ref - 10);
		o.end_date = date_add_months(o.established, 3 + (int)rng_below(&g->rng, 16));
		if ((rc = add_org(g, &o, parent, pi, NULL, err)))
			return rc;
	}
	return ST_OK;
}

/* Fits the kind matrix (unit type x kind) to the published totals. */
static int fit_kinds(struct gen *g, double out[NR_UNIT_TYPES][3], struct error *err)
{
	const struct profile *p = &g->prof;
	double rows[NR_UNIT_TYPES], cols[3], cells[NR_UNIT_TYPES * 3], e;
	const double *margins[2] = { rows, cols };
	int dims[2] = { NR_UNIT_TYPES, 3 };
	double units = p->orgs_agencies + p->orgs_institutions + p->orgs_enterprises +
		       p->orgs_social;

	rows[UT_TERRITORIAL] = p->orgs_total - units;
	rows[UT_AGENCY] = p->orgs_agencies;
	rows[UT_INSTITUTION] = p->orgs_institutions * 0.88;
	rows[UT_UNIVERSITY] = p->orgs_institutions * 0.12;
	rows[UT_SOE] = p->orgs_enterprises * 0.33;
	rows[UT_NON_PUBLIC] = p->orgs_enterprises * 0.67;
	rows[UT_SOCIAL] = p->orgs_social;
	cols[0] = p->orgs_committees;
	cols[1] = p->orgs_general_branches;
	cols[2] = p->orgs_branches;
	for (int t = 0; t < NR_UNIT_TYPES; t++)
		for (int k = 0; k < 3; k++)
			cells[t * 3 + k] = kind_seed[t][k] * rows[t];
	if (ipf_fit(cells, 2, dims, margins, 500, 1e-9, &e))
		return error_set(err, ST_INVALID, "grassroots_organizations",
				 "profile: organization counts by kind and by unit type do not fit (error %.3g)",
				 e);
	for (int t = 0; t < NR_UNIT_TYPES; t++)
		for (int k = 0; k < 3; k++)
			out[t][k] = cells[t * 3 + k];
	return ST_OK;
}

/*
 * The units' share of the plan, made again once the territory stands. The
 * territory cannot follow its plan exactly (every township is a committee,
 * every container needs a branch, the division tables limit the villages),
 * so the units take what is left of the country's committees, general
 * branches and branches (the profile's kind totals less what the territory
 * holds), split between unit types by a fit seeded with the first plan, so
 * that the kind shares and the total come out as published.
 */
static int refit_units(struct gen *g, const double kinds[NR_UNIT_TYPES][3],
		       long long grass, long long (*per)[NR_UNIT_TYPES * 3],
		       struct error *err)
{
	enum { NU = NR_UNIT_TYPES - 1 };
	const double kind_cols[3] = { g->prof.orgs_committees,
				      g->prof.orgs_general_branches,
				      g->prof.orgs_branches };
	long long built[3] = { 0 }, want[3], nat[NU * 3], total = 0;
	double rows[NU], cols[3], cells[NU * 3], e;
	const double *margins[2] = { rows, cols };
	int dims[2] = { NU, 3 };

	for (size_t i = 0; i < g->nr_orgs; i++) {
		const struct gorg *o = &g->orgs[i];
		if (o->level != ORG_LEVEL_GRASSROOTS)
			continue;
		if (o->kind == ORG_COMMITTEE || o->kind == ORG_WORKING_COMMITTEE)
			built[0]++;
		else if (o->kind == ORG_GENERAL_BRANCH)
			built[1]++;
		else if (o->kind == ORG_BRANCH)
			built[2]++;
	}
	apportion(kind_cols, 3, grass, want);
	for (int k = 0; k < 3; k++) {
		long long left = want[k] - built[k];
		cols[k] = left > 0 ? (double)left : 0;
		total += left > 0 ? left : 0;
	}
	for (int t = 0; t < NU; t++) {
		rows[t] = 0;
		for (int k = 0; k < 3; k++) {
			cells[t * 3 + k] = kinds[t + 1][k];
			rows[t] += kinds[t + 1][k];
		}
	}
	if (total <= 0)
		return ST_OK;
	if (ipf_fit(cells, 2, dims, margins, 500, 1e-9, &e))
		return error_set(err, ST_INVALID, "grassroots_organizations",
				 "profile: organization counts by kind and by unit type do not fit (error %.3g)",
				 e);
	apportion(cells, NU * 3, total, nat);
	for (int c = 0; c < NU * 3; c++) {
		long long tmp[MAX_PROV];
		apportion(g->w, (size_t)g->nprov, nat[c], tmp);
		for (int pi = 0; pi < g->nprov; pi++)
			per[pi][3 + c] = tmp[pi];
	}
	return ST_OK;
}

int gen_build_orgs(struct gen *g, struct error *err)
{
	struct org o;
	double kinds[NR_UNIT_TYPES][3], flat[NR_UNIT_TYPES * 3];
	long long nat[NR_UNIT_TYPES * 3], grass;
	long long (*per)[NR_UNIT_TYPES * 3] = xcalloc((size_t)g->nprov, sizeof(*per));
	long long want[4][MAX_PROV];
	const double nat_div[4] = {
		NAT_CITIES * pow(g->f, 0.25), NAT_COUNTIES * sqrt(g->f),
		NAT_TOWNS * g->f, NAT_VILLAGES * g->f,
	};
	int rc;

	/* the centre */
	org_base(&o, ORG_COMMITTEE, SECTOR_OTHER, ORG_LEVEL_CENTRAL);
	snprintf(o.code, sizeof(o.code), "CPC");
	snprintf(o.name, sizeof(o.name), "中国共产党中央委员会");
	o.established = ymd(1921, 7, 23);
	set_term(g, &o, 0);
	if ((rc = add_org(g, &o, -1, 0, "全国", err)))
		goto out;

	if ((rc = fit_kinds(g, kinds, err)))
		goto out;
	grass = llround((double)g->opt->members * g->prof.orgs_total / g->prof.members);
	for (int t = 0; t < NR_UNIT_TYPES; t++)
		for (int k = 0; k < 3; k++)
			flat[t * 3 + k] = kinds[t][k];
	apportion(flat, NR_UNIT_TYPES * 3, grass, nat);
	for (int c = 0; c < NR_UNIT_TYPES * 3; c++) {
		long long tmp[MAX_PROV];
		apportion(g->w, (size_t)g->nprov, nat[c], tmp);
		for (int pi = 0; pi < g->nprov; pi++)
			per[pi][c] = tmp[pi];
	}
	for (int l = 0; l < 4; l++)
		apportion(g->w, (size_t)g->nprov, llround(nat_div[l]), want[l]);

	for (int pi = 0; pi < g->nprov; pi++) {
		long long wp[4] = { want[0][pi], want[1][pi], want[2][pi], want[3][pi] };
		long long terr[3] = { per[pi][0], per[pi][1], per[pi][2] };

		for (int l = 0; l < 4; l++)
			if (wp[l] < 1)
				wp[l] = 1;
		if ((rc = build_territory(g, pi, wp, terr, err)))
			goto out;
	}
	if ((rc = refit_units(g, kinds, grass, per, err)))
		goto out;
	for (int pi = 0; pi < g->nprov; pi++)
		for (int t = 1; t < NR_UNIT_TYPES; t++)
			if ((rc = build_units(g, pi, t, per[pi][t * 3], per[pi][t * 3 + 1],
					      per[pi][t * 3 + 2], err)))
				goto out;
	rc = build_temporary(g, err);
out:
	free(per);
	return rc;
}

