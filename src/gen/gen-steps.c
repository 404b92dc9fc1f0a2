/*
 * gen-steps.c - the generator's development steps and standing records:
 * for each generated person, the dated steps of the Detailed Rules (2014)
 * that lead to the person's key dates (application, talk, activist with
 * the recommending body and two cultivation contacts, target, sponsors,
 * political review, training, pre-review, publicity counted by the
 * working-day calendar, branch vote, approval, oath, extension, conversion
 * vote and approval, cancellation), and the realistic shares of members
 * with lost contact, floating membership, stopped standing, disciplinary
 * sanctions and overdue steps (docs/cli-gen.md gives the shares).
 *
 * Every step is checked as it is made by the model's own rule check
 * (model/development.h dev_check, with the shipped rules in force on the
 * step's date) and applied by dev_apply to a record that starts empty: the
 * person's status and key dates are those the steps give, so a generated
 * record is one the live 'orgwork member step' would have built. A person
 * whose steps cannot be made so (no full member known yet to sponsor, a
 * publicity before the calendar's first year) keeps the key dates only,
 * as a record from before the rules would. Not for SQL (store/gen-store.c)
 * nor the rules themselves (model/development.c, model/rules.c).
 */
#include "gen/gen-internal.h"
#include "model/calendar.h"
#include "model/development.h"
#include "model/rules.h"
#include "model/standing.h"

/* ---- shares (docs/cli-gen.md, "Steps and standing") ---- */

#define SH_TALK_LATE 0.03          /* talks held after the month */
#define SH_TALK_MISSING 0.04       /* applicants past the month without a talk */
#define SH_APPROVAL_LATE 0.02      /* admissions approved after 3 months */
#define SH_APPROVAL_PENDING 0.04   /* targets voted on more than 3 months ago, not approved */
#define SH_EXTENSION 0.02          /* probations extended */
#define SH_EXTENSION_OVERDUE 0.25  /* of the extended whose extension ran out: not decided */
#define SH_CONVERSION_OVERDUE 0.01 /* probations ended, conversion not voted */
#define SH_CONVERSION_LATE 0.02    /* conversions approved after 3 months */
#define SH_STOPPED 0.30            /* of lost contact for 6 months: standing stopped */
#define SH_SANCTION_YEAR 0.005     /* full members sanctioned a year */
#define SANCTION_YEARS 2           /* sanctions kept: those of the last two years */

/* The day the development rules of 2014 apply from (dev.talk_months). */
static int rules_2014(void)
{
	const struct rule_def *d = rules_find(RULE_DEV_TALK_MONTHS);
	int day = DATE_NONE;

	if (d)
		date_parse(d->applies_from, &day);
	return day;
}

int gen_steps_setup(struct gen *g)
{
	g->cand = xcalloc(g->nr_orgs ? g->nr_orgs : 1, sizeof(*g->cand));
	for (int y = CALENDAR_SHIPPED_FIRST; y <= CALENDAR_SHIPPED_LAST; y++)
		calendar_year_init(&g->cal[y - CALENDAR_SHIPPED_FIRST], y);
	g->rules_base = rules_2014();
	g->rules_days = g->ref - g->rules_base + 1;
	if (g->rules_days < 1)
		g->rules_days = 1;
	g->rules_cache = xcalloc((size_t)g->rules_days, sizeof(*g->rules_cache));
	g->rules_loaded = xcalloc((size_t)g->rules_days, 1);
	for (int i = 0; i < NR_SHARES; i++)
		g->want[i] = 0.5;
	return ST_OK;
}

void gen_steps_release(struct gen *g)
{
	free(g->cand);
	free(g->rules_cache);
	free(g->rules_loaded);
}

static const struct dev_rules *rules_on(struct gen *g, int day)
{
	int i = day - g->rules_base;

	if (i < 0)
		i = 0;
	if (i >= g->rules_days)
		i = g->rules_days - 1;
	if (!g->rules_loaded[i]) {
		dev_rules_defaults(g->rules_base + i, &g->rules_cache[i]);
		g->rules_loaded[i] = 1;
	}
	return &g->rules_cache[i];
}

/* Systematic share: 1 (and the share taken) when this eligible person is
 * the next to take share k. */
static int take(struct gen *g, int k, double share)
{
	g->want[k] += share;
	if (g->want[k] < 1)
		return 0;
	g->want[k] -= 1;
	return 1;
}

/* ---- the calendar (shipped years only) ---- */

static const struct calendar_year *cal_of(struct gen *g, int day)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	if (y < CALENDAR_SHIPPED_FIRST || y > CALENDAR_SHIPPED_LAST)
		return NULL;
	return &g->cal[y - CALENDAR_SHIPPED_FIRST];
}

/* Working days from a to b (both included); -1 outside the calendar. */
static int workdays(struct gen *g, int a, int b)
{
	int n = 0;

	while (a <= b) {
		const struct calendar_year *y = cal_of(g, a);
		int last;
		if (!y)
			return -1;
		last = y->first + y->nr_days - 1;
		n += calendar_year_count(y, a, b < last ? b : last);
		a = last + 1;
	}
	return n;
}

/* The k-th working day from day (included); DATE_NONE outside the calendar. */
static int nth_workday(struct gen *g, int day, int k)
{
	int out;

	while (k > 0) {
		const struct calendar_year *y = cal_of(g, day);
		if (!y)
			return DATE_NONE;
		if (calendar_year_nth(y, day, &k, &out))
			return out;
		day = y->first + y->nr_days;
	}
	return DATE_NONE;
}

/* ---- the people who may sponsor ---- */

static void cand_add(struct gcand *c, long long id, int full)
{
	int i = GEN_CANDS - 1;

	if (c->id[i] && c->full[i] <= full)
		return;
	while (i > 0 && (!c->id[i - 1] || c->full[i - 1] > full)) {
		c->id[i] = c->id[i - 1];
		c->full[i] = c->full[i - 1];
		i--;
	}
	c->id[i] = id;
	c->full[i] = full;
}

/* Up to two full members on day: of the branch, else of its parent, else
 * of the province; their number. */
static int pick_two(struct gen *g, int org, int day, long long *ids, int *fulls)
{
	const struct gcand *lists[3];
	int n = 0;

	lists[0] = &g->cand[org];
	lists[1] = g->orgs[org].parent >= 0 ? &g->cand[g->orgs[org].parent] : NULL;
	lists[2] = &g->pcand[g->orgs[org].prov];
	for (int l = 0; l < 3 && n < 2; l++) {
		if (!lists[l])
			continue;
		for (int i = 0; i < GEN_CANDS && n < 2; i++) {
			const struct gcand *c = lists[l];
			if (!c->id[i] || c->full[i] > day || (n && ids[0] == c->id[i]))
				continue;
			ids[n] = c->id[i];
			fulls[n++] = c->full[i];
		}
		if (l == 0 && n == 2)
			g->sum->sponsors_of_branch++;
	}
	return n;
}

/* ---- building the steps of one person ---- */

struct build {
	struct gen *g;
	struct person shadow;       /* the record the steps make */
	const struct person *p;
	int refused;                /* no steps: they do not fit, or were refused */
	int rule_refused;           /* dev_check refused one (a generator bug) */
};

static void setf(struct dev_record *r, const char *k, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void setf(struct dev_record *r, const char *k, const char *fmt, ...)
{
	char v[DEV_FIELD_VALUE_SIZE];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v, sizeof(v), fmt, ap);
	va_end(ap);
	dev_field_add(r, k, v, NULL);
}

/*
 * Checks step r (fields set) after the steps so far by dev_check and
 * applies it to the shadow record; the facts are those the live
 * operation gathers from the store: the full membership of the people
 * named (known here from their records) and the working days of the
 * publicity by the calendar. 0 when accepted.
 */
static int add(struct build *b, struct dev_record *r, const long long *ids,
	       const int *fulls, int nr_ids)
{
	struct gen *g = b->g;
	const struct dev_rules *rules = rules_on(g, r->date);
	struct dev_facts f;
	struct error e = ERROR_INIT;

	if (b->refused || g->nr_steps >= GEN_STEPS_MAX)
		return b->refused = 1;
	memset(&f, 0, sizeof(f));
	f.today = g->ref;
	f.workdays = -1;
	for (int i = 0; i < nr_ids && i < DEV_IDS_MAX; i++) {
		f.people[i] = ids[i];
		f.people_full[i] = fulls[i] <= r->date;
	}
	f.nr_people = nr_ids;
	if (r->step == DEV_PUBLICITY) {
		int bad, from = r->date, to;
		const char *s = dev_field(r, "from"), *t = dev_field(r, "to");
		if (s)
			bad = date_parse(s, &from);
		if (t && !date_parse(t, &to))
			f.workdays = workdays(g, from, to);
		(void)bad;
	}
	if (r->step == DEV_BRANCH_VOTE) {
		int from = dev_publicity_from(g->steps, (size_t)g->nr_steps);
		if (from != DATE_NONE)
			f.workdays = from <= r->date - 1 ? workdays(g, from, r->date - 1) : 0;
	}
	r->person_id = 0;
	snprintf(r->recorded_by, sizeof(r->recorded_by), "gen");
	if (dev_check(rules, &b->shadow, g->steps, (size_t)g->nr_steps, r, &f, &e)) {
		if (g->opt->members <= 100000 || !g->sum->steps_refused)
			/* a generator bug: named (at scale the first only) and counted */
			fprintf(stderr, "orgwork gen: step %s on day %d refused: %s (%s)\n",
				dev_step_key(r->step), r->date, e.message, e.code);
		b->rule_refused = 1;
		return b->refused = 1;
	}
	dev_apply(rules, &b->shadow, g->steps, (size_t)g->nr_steps, r);
	g->steps[g->nr_steps++] = *r;
	return 0;
}

static struct dev_record *new_step(struct dev_record *r, int step, int date)
{
	memset(r, 0, sizeof(*r));
	r->step = step;
	r->date = date;
	return r;
}

static void vote_fields(struct gen *g, struct dev_record *r)
{
	int members = (int)rng_range(&g->rng, 5, 48);
	int present = members / 2 + 1 + (int)rng_below(&g->rng, (uint64_t)(members - members / 2));
	int yes = present - (int)rng_below(&g->rng, 3);

	if (yes * 2 <= members)
		yes = members / 2 + 1;
	if (yes > present)
		yes = present;
	setf(r, "members", "%d", members);
	setf(r, "present", "%d", present);
	setf(r, "in_favour", "%d", yes);
}

static const char *const bodies[] = { "党员推荐", "群团组织推优", "党员推荐、群团组织推优" };
static const char *const conclusions[] = { "政治审查合格", "经政治审查，符合发展条件" };

/* Application and talk; the talk no later than until. */
static void early_steps(struct build *b, int talk_until, int no_talk)
{
	struct gen *g = b->g;
	const struct person *p = b->p;
	struct dev_record r;
	int talk;

	new_step(&r, DEV_APPLICATION, p->applied);
	setf(&r, "org", "%lld", p->org_id);
	add(b, &r, NULL, NULL, 0);
	if (no_talk)
		return;
	talk = p->applied + (int)rng_range(&g->rng, 3, 28);
	if (talk_until > p->applied + 40 && take(g, 0, SH_TALK_LATE))
		talk = p->applied + (int)rng_range(&g->rng, 33, talk_until - p->applied);
	if (talk > talk_until)
		talk = talk_until;
	if (talk > g->ref)
		return;
	new_step(&r, DEV_TALK, talk);
	setf(&r, "by", "支部书记");
	add(b, &r, NULL, NULL, 0);
}

static void activist_step(struct build *b)
{
	struct gen *g = b->g;
	const struct person *p = b->p;
	struct dev_record r;
	long long ids[2];
	int fulls[2];

	if (pick_two(g, (int)p->org_id - 1, p->activist, ids, fulls) < 2) {
		g->sum->steps_no_sponsor++;
		b->refused = 1;
		return;
	}
	new_step(&r, DEV_ACTIVIST, p->activist);
	setf(&r, "recommending_body", "%s", bodies[rng_below(&g->rng, 3)]);
	setf(&r, "contacts", "%lld,%lld", ids[0], ids[1]);
	add(b, &r, ids, fulls, 2);
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/*
 * The steps of the target stage up to the branch vote on vote (those on
 * or before the reference day): sponsors, political review, training,
 * pre-review, publicity of at least the rule's working days ending before
 * the vote. 1 when the dates fit between target and vote.
 */
static int target_steps(struct build *b, int vote)
{
	struct gen *g = b->g;
	const struct person *p = b->p;
	const struct dev_rules *rules = rules_on(g, vote);
	int need = (int)rules->publicity_workdays.value;
	int from = vote - 7, to, pre, s[3];
	struct dev_record r;
	long long ids[2];
	int fulls[2];
	char d1[DATE_STR_SIZE], d2[DATE_STR_SIZE];

	if (!rules->publicity_workdays.in_force || need < 1)
		return 0;
	while (from > p->target && workdays(g, from, vote - 1) >= 0 &&
	       workdays(g, from, vote - 1) < need)
		from--;
	if (workdays(g, from, vote - 1) < need || from - p->target < 6)
		return 0;
	to = nth_workday(g, from, need);
	if (to == DATE_NONE || to >= vote)
		return 0;
	pre = p->target + (from - p->target) * 2 / 3;
	if (pre >= from)
		pre = from - 1;
	for (int i = 0; i < 3; i++)
		s[i] = p->target + 1 + (int)rng_below(&g->rng, (uint64_t)(pre - p->target));
	qsort(s, 3, sizeof(s[0]), cmp_int);
	if (s[0] > g->ref)
		return 1;
	if (pick_two(g, (int)p->org_id - 1, s[0], ids, fulls) < 2) {
		g->sum->steps_no_sponsor++;
		b->refused = 1;
		return 1;
	}
	new_step(&r, DEV_SPONSORS, s[0]);
	setf(&r, "sponsors", "%lld,%lld", ids[0], ids[1]);
	add(b, &r, ids, fulls, 2);
	if (s[1] > g->ref)
		return 1;
	new_step(&r, DEV_POLITICAL_REVIEW, s[1]);
	setf(&r, "conclusion", "%s", conclusions[rng_below(&g->rng, 2)]);
	add(b, &r, NULL, NULL, 0);
	if (s[2] > g->ref)
		return 1;
	new_step(&r, DEV_TRAINING, s[2]);
	if (rng_below(&g->rng, 2))
		setf(&r, "days", "%d", (int)rng_range(&g->rng, 3, 5));
	else
		setf(&r, "hours", "%d", (int)rng_range(&g->rng, 24, 40));
	setf(&r, "class", "发展对象培训班");
	add(b, &r, NULL, NULL, 0);
	if (pre > g->ref)
		return 1;
	new_step(&r, DEV_PRE_REVIEW, pre);
	setf(&r, "committee", "%d", g->orgs[p->org_id - 1].parent + 1);
	add(b, &r, NULL, NULL, 0);
	if (from > g->ref)
		return 1;
	new_step(&r, DEV_PUBLICITY, from);
	setf(&r, "from", "%s", date_format(from, d1));
	setf(&r, "to", "%s", date_format(to, d2));
	add(b, &r, NULL, NULL, 0);
	if (vote > g->ref)
		return 1;
	new_step(&r, DEV_BRANCH_VOTE, vote);
	vote_fields(g, &r);
	add(b, &r, NULL, NULL, 0);
	return 1;
}

static int clamp(struct gen *g, int d)
{
	return d > g->ref ? g->ref : d;
}

/* Approval, oath, extension, conversion (or cancellation) of a member. */
static void member_steps(struct build *b, int cancel)
{
	struct gen *g = b->g;
	const struct person *p = b->p;
	struct dev_record r;
	int vote = p->admitted, appr, end, ext = 0, cv, committee;

	committee = g->orgs[p->org_id - 1].parent + 1;
	appr = vote + (int)rng_range(&g->rng, 10, 80);
	if (take(g, 1, SH_APPROVAL_LATE))
		appr = vote + (int)rng_range(&g->rng, 95, 170);
	appr = clamp(g, appr);
	new_step(&r, DEV_APPROVAL, appr);
	setf(&r, "committee", "%d", committee);
	add(b, &r, NULL, NULL, 0);
	if (appr + 30 <= g->ref || rng_below(&g->rng, 2)) {
		new_step(&r, DEV_OATH, clamp(g, appr + (int)rng_range(&g->rng, 0, 30)));
		add(b, &r, NULL, NULL, 0);
	}
	if (cancel) {
		int d = appr + (int)rng_range(&g->rng, 30, 300);
		new_step(&r, DEV_PROBATION_CANCELLED, clamp(g, d));
		setf(&r, "reason", "预备期间不履行党员义务，不具备党员条件");
		add(b, &r, NULL, NULL, 0);
		return;
	}
	end = dev_probation_end(rules_on(g, vote), &b->shadow, g->steps, (size_t)g->nr_steps);
	if (end <= g->ref && rules_on(g, end)->extension_min.in_force &&
	    rules_on(g, end)->extension_max.in_force && take(g, 2, SH_EXTENSION)) {
		const struct dev_rules *rl = rules_on(g, end);
		int lo = (int)rl->extension_min.value, hi = (int)rl->extension_max.value;
		int d = end - (int)rng_range(&g->rng, 0, 20);
		ext = (int)rng_range(&g->rng, lo, hi);
		new_step(&r, DEV_PROBATION_EXTENSION, d < appr ? appr : d);
		setf(&r, "months", "%d", ext);
		setf(&r, "reason", "预备期间表现不够好，需继续考察");
		add(b, &r, NULL, NULL, 0);
		end = dev_probation_end(rl, &b->shadow, g->steps, (size_t)g->nr_steps);
		if (end < g->ref && take(g, 3, SH_EXTENSION_OVERDUE))
			return;                       /* extension_overdue */
	} else if (end < g->ref && take(g, 4, SH_CONVERSION_OVERDUE)) {
		return;                               /* conversion_overdue */
	}
	if (end > g->ref)
		return;                               /* probationary at the reference day */
	cv = clamp(g, end + (int)rng_range(&g->rng, 0, 20));
	new_step(&r, DEV_CONVERSION_VOTE, cv);
	vote_fields(g, &r);
	add(b, &r, NULL, NULL, 0);
	r.date = cv + (int)rng_range(&g->rng, 5, 60);
	if (take(g, 5, SH_CONVERSION_LATE))
		r.date = cv + (int)rng_range(&g->rng, 95, 150);
	new_step(&r, DEV_CONVERSION_APPROVAL, clamp(g, r.date));
	setf(&r, "committee", "%d", committee);
	add(b, &r, NULL, NULL, 0);
}

/* ---- standing ---- */

static struct standing_record *new_standing(struct gen *g, int kind, int start)
{
	struct standing_record *r;

	if (g->nr_standing >= GEN_STANDING_MAX)
		return NULL;
	r = &g->standing[g->nr_standing++];
	standing_record_init(r);
	r->kind = kind;
	r->start = start;
	snprintf(r->actor, sizeof(r->actor), "gen");
	return r;
}

static int between_days(struct gen *g, int lo, int hi)
{
	return hi <= lo ? hi : (int)rng_range(&g->rng, lo, hi);
}

static void make_standing(struct gen *g, struct person *p)
{
	struct standing_record *r;
	int y, m, d, adm = p->admitted;

	if (p->status != MS_PROBATIONARY && p->status != MS_FULL)
		return;
	date_to_ymd(g->ref, &y, &m, &d);
	if (p->flags & MF_FLOATING) {
		int pi = pick_province_of(g), host = pick_branch_of(g, pi, p->occupation);
		if ((r = new_standing(g, SK_FLOATING,
				      between_days(g, adm > g->ref - 6 * 365 ? adm : g->ref - 6 * 365,
						   g->ref)))) {
			r->host_org_id = host + 1;
			snprintf(r->detail, sizeof(r->detail), "外出务工经商（%lld）",
				 g->dv.d[DIV_PROVINCE][g->prov_div[pi]].code);
		}
	}
	if (p->flags & MF_LOST_CONTACT) {
		int lo = adm > g->ref - 4 * 365 ? adm : g->ref - 4 * 365;
		int start = between_days(g, lo, g->ref - 30 > lo ? g->ref - 30 : g->ref);
		if ((r = new_standing(g, SK_LOST_CONTACT, start)))
			snprintf(r->detail, sizeof(r->detail),
				 "多次电话联系、走访家庭和原工作单位未果");
		if (r && date_add_months(start, 6) < g->ref && p->status == MS_FULL &&
		    take(g, 6, SH_STOPPED)) {
			int stop = between_days(g, date_add_months(start, 6), g->ref);
			if ((r = new_standing(g, SK_STOPPED, stop))) {
				r->by_org_id = p->org_id;
				snprintf(r->reference, sizeof(r->reference), "党支部决定〔%d〕%d号",
					 y, (int)rng_range(&g->rng, 1, 30));
				snprintf(r->detail, sizeof(r->detail), "失去联系超过6个月");
				p->flags |= MF_SUSPENDED;
			}
		}
	}
	if (p->status == MS_FULL && p->full != DATE_NONE &&
	    take(g, 7, SH_SANCTION_YEAR * SANCTION_YEARS)) {
		static const int kinds[] = { SK_WARNING, SK_WARNING, SK_WARNING, SK_WARNING,
					     SK_SERIOUS_WARNING, SK_SERIOUS_WARNING,
					     SK_SERIOUS_WARNING, SK_REMOVAL, SK_PROBATION,
					     SK_PROBATION };
		int kind = kinds[rng_below(&g->rng, 10)];
		int lo = p->full > g->ref - SANCTION_YEARS * 365 ? p->full
								  : g->ref - SANCTION_YEARS * 365;
		int start = between_days(g, lo, g->ref);
		const struct rule_def *rule = NULL;
		int ry, rm, rd;

		date_to_ymd(start, &ry, &rm, &rd);
		if (!(r = new_standing(g, kind, start)))
			return;
		r->by_org_id = g->orgs[p->org_id - 1].parent >= 0
			? g->orgs[p->org_id - 1].parent + 1 : p->org_id;
		snprintf(r->reference, sizeof(r->reference), "纪发〔%d〕%d号", ry,
			 (int)rng_range(&g->rng, 1, 200));
		if (kind == SK_PROBATION) {
			const struct rule_def *lo_r = rules_default(RULE_DISCIPLINE_PROBATION_MIN, start);
			const struct rule_def *hi_r = rules_default(RULE_DISCIPLINE_PROBATION_MAX, start);
			int a, bmax;
			if (!lo_r || !hi_r) {
				g->nr_standing--;
				return;
			}
			a = rules_int(lo_r->value);
			bmax = rules_int(hi_r->value);
			r->years = (int)rng_range(&g->rng, a, bmax);
			r->end = date_add_years(start, r->years);
		} else {
			rule = rules_default(kind == SK_WARNING ? RULE_DISCIPLINE_WARNING_MONTHS
					     : kind == SK_SERIOUS_WARNING
						     ? RULE_DISCIPLINE_SERIOUS_WARNING_MONTHS
						     : RULE_DISCIPLINE_REMOVAL_MONTHS, start);
			if (rule)
				r->end = date_add_months(start, rules_int(rule->value));
		}
		g->sum->sanctions++;
	}
}

/* ---- per person ---- */

int gen_steps_make(struct gen *g, struct person *p, int cat, int cancel)
{
	struct build b;
	int modern, y, m, d;

	g->nr_steps = 0;
	g->nr_standing = 0;
	memset(&b, 0, sizeof(b));
	b.g = g;
	b.p = p;
	person_init(&b.shadow);
	b.shadow.birth_date = p->birth_date;
	b.shadow.org_id = p->org_id;
	modern = p->applied != DATE_NONE && p->applied >= g->rules_base;
	if (modern && p->status >= MS_ACTIVIST && p->activist == DATE_NONE)
		modern = 0;
	if (modern && p->admitted != DATE_NONE) {
		date_to_ymd(p->admitted - 30, &y, &m, &d);
		modern = y >= CALENDAR_SHIPPED_FIRST;
	}
	if (modern) {
		int vote = DATE_NONE, no_talk = 0;
		if (p->status == MS_APPLICANT)
			no_talk = p->applied + 40 < g->ref && take(g, 8, SH_TALK_MISSING);
		early_steps(&b, p->activist != DATE_NONE ? p->activist : g->ref, no_talk);
		if (p->status >= MS_ACTIVIST)
			activist_step(&b);
		if (p->status >= MS_TARGET && !b.refused) {
			struct dev_record r;
			new_step(&r, DEV_TARGET, p->target);
			add(&b, &r, NULL, NULL, 0);
			if (p->status == MS_TARGET) {
				if (p->target + 30 < g->ref - 100 && take(g, 9, SH_APPROVAL_PENDING)) {
					vote = g->ref - (int)rng_range(&g->rng, 100, 200);
					if (vote < p->target + 30)
						vote = p->target + 30;
				} else {
					vote = p->target + (int)rng_range(&g->rng, 40, 200);
					if (vote <= g->ref && g->ref - vote > 85)
						vote = g->ref + 1 + (int)rng_below(&g->rng, 60);
				}
			} else {
				vote = p->admitted;
			}
			if (!b.refused && !target_steps(&b, vote))
				b.refused = 1;
			if (p->status >= MS_PROBATIONARY && !b.refused)
				member_steps(&b, cancel);
		}
		if (b.refused) {
			g->nr_steps = 0;
		} else {
			/* the record is what the steps made of it: the model sets
			 * the conversion on the end of the probation, the status
			 * of the overdue and the cancelled */
			if (b.shadow.applied != p->applied || b.shadow.activist != p->activist ||
			    b.shadow.target != p->target || b.shadow.admitted != p->admitted) {
				fprintf(stderr, "orgwork gen: steps of %s disagree with the key dates\n",
					p->name);
				g->sum->steps_refused++;
				g->nr_steps = 0;
			} else {
				p->status = b.shadow.status;
				p->full = b.shadow.full;
				p->exited = b.shadow.exited;
				if (p->status != MS_PROBATIONARY && p->status != MS_FULL)
					p->flags = 0;
			}
		}
		if (b.rule_refused)
			g->sum->steps_refused++;
	}
	(void)cat;
	make_standing(g, p);
	return ST_OK;
}

int gen_steps_store(struct gen *g, const struct person *p, struct error *err)
{
	int rc;

	for (int i = 0; i < g->nr_steps; i++) {
		g->steps[i].person_id = p->id;
		if ((rc = gen_store_step(g->db, &g->steps[i], err)))
			return rc;
		g->sum->steps++;
		g->sum->steps_late += g->steps[i].late;
	}
	if (g->nr_steps)
		g->sum->persons_with_steps++;
	for (int i = 0; i < g->nr_standing; i++) {
		g->standing[i].person_id = p->id;
		if ((rc = gen_store_standing(g->db, &g->standing[i], err)))
			return rc;
		g->sum->standing++;
	}
	if (p->status == MS_FULL && p->full != DATE_NONE && p->exited == DATE_NONE) {
		cand_add(&g->cand[p->org_id - 1], p->id, p->full);
		cand_add(&g->pcand[g->orgs[p->org_id - 1].prov], p->id, p->full);
	}
	return ST_OK;
}
