/*
 * dev-register.c - the development register of a subtree (see
 * dev-register.h): the pipeline read through the subtree's persons, each
 * row's next step due from model/development.c, sorted in memory and cut
 * into keyset pages. Not for: the rule of the next step (dev_next_due),
 * SQL (store/), the JSON and CSV (json/dev-json.c, cmd/).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/xalloc.h"
#include "model/codes.h"
#include "ops/calendar.h"
#include "ops/dev-register.h"
#include "ops/development-ops.h"
#include "ops/findings.h"
#include "store/development-store.h"
#include "store/org-store.h"
#include "store/person-store.h"

static const char *const sort_keys[DREG_SORT_COUNT] = { "due", "stage", "name", "org" };

const char *dev_register_sort_key(int sort)
{
	return sort >= 0 && sort < DREG_SORT_COUNT ? sort_keys[sort] : NULL;
}

int dev_register_sort_parse(const char *key)
{
	for (int i = 0; key && i < DREG_SORT_COUNT; i++)
		if (!strcmp(key, sort_keys[i]))
			return i;
	return -1;
}

/* ---- keys and cursors ---------------------------------------------------- */

/* The key a row is ordered by: none (no value: last in both directions),
 * two numbers, a text, the person's id. */
struct key {
	int none;
	int k1, k2;
	char text[PERSON_PINYIN_SIZE];
	long long id;
};

static void key_of(int sort, const struct dev_register_item *it, struct key *k)
{
	memset(k, 0, sizeof(*k));
	k->id = it->person_id;
	switch (sort) {
	case DREG_DUE:
		k->none = it->due.date == DATE_NONE;
		k->k1 = k->none ? 0 : it->due.date;
		break;
	case DREG_STAGE:
		k->k1 = it->stage;
		k->k2 = it->due.date == DATE_NONE ? 0x7fffffff : it->due.date;
		break;
	case DREG_NAME:
		snprintf(k->text, sizeof(k->text), "%s", it->pinyin[0] ? it->pinyin : it->name);
		break;
	case DREG_ORG:
		snprintf(k->text, sizeof(k->text), "%s", it->org_code);
		break;
	}
}

static int cmp3(long long a, long long b)
{
	return a < b ? -1 : a > b;
}

/* <0, 0, >0: a before, with, after b in the order (desc reverses all but none). */
static int key_cmp(const struct key *a, const struct key *b, int desc)
{
	int c;

	if (a->none != b->none)
		return a->none ? 1 : -1;
	if (!(c = cmp3(a->k1, b->k1)) && !(c = cmp3(a->k2, b->k2)) &&
	    !(c = strcmp(a->text, b->text)))
		c = cmp3(a->id, b->id);
	return desc ? -c : c;
}

/* "SORT.a|d.NONE.K1.K2.HEX.ID" */
static void cursor_format(int sort, int desc, const struct key *k, char *buf)
{
	char hex[2 * PERSON_PINYIN_SIZE + 1];
	size_t n = 0;

	for (const unsigned char *c = (const unsigned char *)k->text; *c && n + 2 < sizeof(hex); c++)
		n += (size_t)snprintf(hex + n, sizeof(hex) - n, "%02x", *c);
	hex[n] = '\0';
	snprintf(buf, DEV_REGISTER_CURSOR_SIZE, "%s.%c.%d.%d.%d.%s.%lld", sort_keys[sort],
		 desc ? 'd' : 'a', k->none, k->k1, k->k2, hex, k->id);
}

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int parse_int(const char **s, long long min, long long max, long long *out)
{
	const char *c = *s;
	int neg = 0, digits = 0;
	long long v = 0;

	if (*c == '-') {
		neg = 1;
		c++;
	}
	while (*c >= '0' && *c <= '9') {
		if (++digits > 18)
			return -1;
		v = v * 10 + (*c++ - '0');
	}
	if (!digits || *c != (max == 0x7fffffffffffffffLL ? '\0' : '.'))
		return -1;
	v = neg ? -v : v;
	if (v < min || v > max)
		return -1;
	*out = v;
	*s = *c ? c + 1 : c;
	return 0;
}

static int cursor_parse(const char *s, int sort, int desc, struct key *k)
{
	size_t len = strlen(s), kl = strlen(sort_keys[sort]);
	long long v;
	size_t n = 0;

	memset(k, 0, sizeof(*k));
	if (len >= DEV_REGISTER_CURSOR_SIZE || strncmp(s, sort_keys[sort], kl) || s[kl] != '.' ||
	    s[kl + 1] != (desc ? 'd' : 'a') || s[kl + 2] != '.')
		return -1;
	s += kl + 3;
	if (parse_int(&s, 0, 1, &v))
		return -1;
	k->none = (int)v;
	if (parse_int(&s, -2147483647LL - 1, 2147483647LL, &v))
		return -1;
	k->k1 = (int)v;
	if (parse_int(&s, -2147483647LL - 1, 2147483647LL, &v))
		return -1;
	k->k2 = (int)v;
	while (*s && *s != '.') {
		int hi = hexval(s[0]), lo = s[1] ? hexval(s[1]) : -1;
		if (hi < 0 || lo < 0 || n + 1 >= sizeof(k->text))
			return -1;
		k->text[n++] = (char)(hi * 16 + lo);
		s += 2;
	}
	k->text[n] = '\0';
	if (*s++ != '.')
		return -1;
	if (parse_int(&s, 1, 0x7fffffffffffffffLL, &v))
		return -1;
	k->id = v;
	return 0;
}

/* ---- the scan ------------------------------------------------------------ */

struct ids {
	size_t n, alloc;
	long long *id;
};

static int in_pipeline(int status)
{
	return status >= MS_APPLICANT && status <= MS_PROBATIONARY;
}

struct pick {
	int as_of;
	struct ids ids;
};

static int pick_one(const struct person_dates *p, void *ctx)
{
	struct pick *k = ctx;

	if (!in_pipeline(person_dates_status_on(p, k->as_of)))
		return 0;
	if (k->ids.n == k->ids.alloc) {
		k->ids.alloc = k->ids.alloc ? 2 * k->ids.alloc : 64;
		k->ids.id = xrealloc(k->ids.id, k->ids.alloc * sizeof(*k->ids.id));
	}
	k->ids.id[k->ids.n++] = p->id;
	return 0;
}

/* The years of the working-day calendar loaded so far. */
#define CAL_YEARS_MAX 8
struct cal_cache {
	struct calendar_year years[CAL_YEARS_MAX];
	size_t nr;
};

static int cal_need(struct db *db, struct cal_cache *c, int year, struct error *err)
{
	for (size_t i = 0; i < c->nr; i++)
		if (c->years[i].year == year)
			return ST_OK;
	if (c->nr == CAL_YEARS_MAX)
		return ST_OK;    /* the count stays unknown, never guessed */
	return calendar_load_year(db, year, &c->years[c->nr++], err);
}

static int year_of(int day)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	return y;
}

/* One row of person id: its next step due; 0 in *in when not in the pipeline. */
static int row(struct db *db, const struct dev_rules *rules, struct cal_cache *cal,
	       long long id, int as_of, struct dev_register_item *it, int *in,
	       struct error *err)
{
	struct dev_record *h = NULL;
	struct dev_calendar dc;
	struct person p;
	size_t n = 0;
	int rc, from;

	*in = 0;
	memset(it, 0, sizeof(*it));
	if ((rc = person_store_get(db, id, &p, err)) ||
	    (rc = dev_store_list(db, id, &h, &n, DEV_STEPS_MAX, err)))
		goto out;
	from = dev_publicity_from(h, n);
	if (from != DATE_NONE && ((rc = cal_need(db, cal, year_of(from), err)) ||
				  (rc = cal_need(db, cal, year_of(from) + 1, err))))
		goto out;
	dc.years = cal->years;
	dc.nr = cal->nr;
	if (!dev_next_due(rules, &p, h, n, as_of, &dc, &it->due))
		goto out;
	*in = 1;
	it->person_id = p.id;
	snprintf(it->name, sizeof(it->name), "%s", p.name);
	snprintf(it->pinyin, sizeof(it->pinyin), "%s", p.pinyin);
	it->org_id = p.org_id;
	it->stage = person_status_on(&p, as_of);
	it->applied = p.applied <= as_of ? p.applied : DATE_NONE;
	it->activist = p.activist <= as_of ? p.activist : DATE_NONE;
	it->target = p.target <= as_of ? p.target : DATE_NONE;
	it->admitted = p.admitted <= as_of ? p.admitted : DATE_NONE;
	it->probation_end = it->admitted != DATE_NONE ? dev_probation_end(rules, &p, h, n)
		: DATE_NONE;
	for (size_t i = 0; i < n && h[i].date <= as_of; i++) {
		it->last_step = h[i].step;
		it->last_date = h[i].date;
	}
	if (!it->last_step)
		it->last_date = DATE_NONE;
	if (it->due.rule) {
		snprintf(it->rule, sizeof(it->rule), "%s", it->due.rule->key);
		snprintf(it->source, sizeof(it->source), "%s", it->due.rule->source);
	}
	it->due.rule = NULL;
	it->days_overdue = it->due.date != DATE_NONE ? as_of - it->due.date : 0;
out:
	free(h);
	return rc;
}

struct sorter {
	int sort, desc;
};
static _Thread_local struct sorter sorting;   /* qsort has no context: set before each sort */

static int item_qcmp(const void *a, const void *b)
{
	struct key ka, kb;

	key_of(sorting.sort, a, &ka);
	key_of(sorting.sort, b, &kb);
	return key_cmp(&ka, &kb, sorting.desc);
}

static int fill_org(struct db *db, struct dev_register_item *it, struct org *last,
		    struct error *err)
{
	int rc;

	if (last->id != it->org_id && (rc = org_store_get(db, it->org_id, last, err)))
		return rc;
	snprintf(it->org_code, sizeof(it->org_code), "%s", last->code);
	snprintf(it->org_name, sizeof(it->org_name), "%s", last->name);
	return ST_OK;
}

int dev_register_list(struct db *db, const struct dev_register_query *q,
		      struct dev_register_page *out, struct error *err)
{
	struct pick pk = { q->as_of, { 0, 0, NULL } };
	struct dev_register_item *v = NULL;
	struct cal_cache *cal = xcalloc(1, sizeof(*cal));
	struct dev_rules rules;
	struct key after, k;
	struct org root, last;
	size_t nv = 0, first = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&last, 0, sizeof(last));
	out->as_of = q->as_of;
	if (q->stage && !in_pipeline(q->stage)) {
		rc = error_setc(err, ST_INVALID, "stage", "invalid_choice",
				"stage is applicant, activist, target or probationary");
		goto out;
	}
	if (q->sort < 0 || q->sort >= DREG_SORT_COUNT) {
		rc = error_setc(err, ST_INVALID, "sort", "invalid_choice",
				"sort is due, stage, name or org");
		goto out;
	}
	if (q->limit < 1 || q->limit > DEV_REGISTER_LIMIT_MAX) {
		error_setc(err, ST_INVALID, "limit", "out_of_range",
			   "limit must lie in 1..%d", DEV_REGISTER_LIMIT_MAX);
		error_param(err, "min", "1");
		error_param(err, "max", "%d", DEV_REGISTER_LIMIT_MAX);
		rc = ST_INVALID;
		goto out;
	}
	if (q->after && *q->after && cursor_parse(q->after, q->sort, q->desc, &after)) {
		rc = error_setc(err, ST_INVALID, "cursor", "dev_register_bad_cursor",
				"cursor is not one this list gave for this order");
		goto out;
	}
	if ((rc = findings_check_as_of(q->as_of, err)) ||
	    (rc = org_store_get(db, q->root, &root, err)) ||
	    (rc = dev_rules_load(db, q->as_of, &rules, err)) ||
	    (rc = person_store_subtree_dates(db, q->root, pick_one, &pk, err)))
		goto out;
	v = xcalloc(pk.ids.n ? pk.ids.n : 1, sizeof(*v));
	for (size_t i = 0; i < pk.ids.n; i++) {
		int in;
		if ((rc = row(db, &rules, cal, pk.ids.id[i], q->as_of, &v[nv], &in, err)))
			goto out;
		if (!in)
			continue;
		out->counts[v[nv].stage]++;
		out->overdue += v[nv].due.overdue;
		if ((q->stage && v[nv].stage != q->stage) || (q->overdue && !v[nv].due.overdue))
			continue;
		if (q->sort == DREG_ORG && (rc = fill_org(db, &v[nv], &last, err)))
			goto out;
		nv++;
	}
	out->total = (long long)nv;
	sorting.sort = q->sort;
	sorting.desc = q->desc;
	if (nv)
		qsort(v, nv, sizeof(*v), item_qcmp);
	if (q->after && *q->after)
		for (; first < nv; first++) {
			key_of(q->sort, &v[first], &k);
			if (key_cmp(&k, &after, q->desc) > 0)
				break;
		}
	out->nr = nv - first < (size_t)q->limit ? nv - first : (size_t)q->limit;
	out->items = xcalloc(out->nr ? out->nr : 1, sizeof(*out->items));
	for (size_t i = 0; i < out->nr; i++) {
		out->items[i] = v[first + i];
		if ((rc = fill_org(db, &out->items[i], &last, err)))
			goto out;
	}
	if (first + out->nr < nv) {
		key_of(q->sort, &out->items[out->nr - 1], &k);
		cursor_format(q->sort, q->desc, &k, out->next_cursor);
	}
out:
	free(v);
	free(pk.ids.id);
	free(cal);
	if (rc)
		dev_register_page_release(out);
	return rc;
}

int dev_register_item_get(struct db *db, long long person_id, int as_of,
			  struct dev_register_item *it, int *in, struct error *err)
{
	struct cal_cache *cal = xcalloc(1, sizeof(*cal));
	struct dev_rules rules;
	int rc;

	*in = 0;
	memset(it, 0, sizeof(*it));
	if (!(rc = findings_check_as_of(as_of, err)) &&
	    !(rc = dev_rules_load(db, as_of, &rules, err)))
		rc = row(db, &rules, cal, person_id, as_of, it, in, err);
	free(cal);
	return rc;
}

void dev_register_page_release(struct dev_register_page *p)
{
	free(p->items);
	p->items = NULL;
	p->nr = 0;
}
