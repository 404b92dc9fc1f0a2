/*
 * stats-json.c - encodes statistics answers as JSON (jansson). Not for
 * parsing requests or for text reports (cmd-report.c prints those).
 */
#include <jansson.h>

#include "core/date.h"
#include "json/stats-json.h"
#include "model/codes.h"

static json_t *date_json(int day)
{
	char buf[DATE_STR_SIZE];

	return day == DATE_NONE ? json_null() : json_string(date_format(day, buf));
}

static json_t *key_json(const struct code_table *t, int code)
{
	const struct code_entry *e = code_by_code(t, code);

	return e ? json_string(e->key) : json_null();
}

json_t *stats_org_info_json(const struct stats_org_info *o)
{
	json_t *j = json_object();

	json_object_set_new(j, "id", o->id ? json_integer(o->id) : json_null());
	json_object_set_new(j, "code", json_string(o->code));
	json_object_set_new(j, "name", json_string(o->name));
	if (o->id) {
		json_object_set_new(j, "kind", key_json(&code_org_kind, o->kind));
		json_object_set_new(j, "sector", key_json(&code_sector, o->sector));
		json_object_set_new(j, "level", json_integer(o->level));
		json_object_set_new(j, "dissolved", date_json(o->dissolved));
	}
	return j;
}

static json_t *occupations(const uint64_t *occ, int with_retired)
{
	json_t *j = json_object();

	for (int o = OCC_WORKERS; o <= OCC_RETIRED; o++) {
		if (o == OCC_RETIRED && !with_retired)
			continue;
		json_object_set_new(j, code_by_code(&code_occupation, o)->key,
				    json_integer((json_int_t)occ[o]));
	}
	return j;
}

#define N(x) json_integer((json_int_t)(x))

json_t *stats_bulletin_counts_json(const struct stats_bulletin_counts *c)
{
	json_t *j = json_object(), *g = json_object(), *s = json_object(),
	       *a = json_object(), *jo = json_object(), *n = json_object();

	json_object_set_new(j, "members", N(c->members));
	json_object_set_new(j, "new_members_in_year", N(c->new_members));
	json_object_set_new(g, "total", N(c->grassroots_total));
	json_object_set_new(g, "committees", N(c->committees));
	json_object_set_new(g, "general_branches", N(c->general_branches));
	json_object_set_new(g, "branches", N(c->branches));
	json_object_set_new(j, "grassroots_organizations", g);
	for (int k = 1; k < STATS_SECTORS; k++)
		json_object_set_new(s, code_by_code(&code_sector, k)->key,
				    N(c->orgs_by_sector[k]));
	json_object_set_new(j, "grassroots_organizations_by_sector", s);
	json_object_set_new(j, "women", N(c->women));
	json_object_set_new(j, "ethnic_minorities", N(c->minorities));
	json_object_set_new(j, "college_or_above", N(c->college));
	for (int b = 0; b < STATS_AGE_BANDS; b++)
		json_object_set_new(a, stats_age_band_key(b), N(c->age[b]));
	json_object_set_new(j, "age", a);
	for (int p = 0; p < STATS_JOIN_PERIODS; p++)
		json_object_set_new(jo, stats_join_period_key(p), N(c->joined[p]));
	json_object_set_new(j, "joined", jo);
	json_object_set_new(j, "occupation", occupations(c->occupation, 1));
	json_object_set_new(n, "women", N(c->new_women));
	json_object_set_new(n, "ethnic_minorities", N(c->new_minorities));
	json_object_set_new(n, "age_<=35", N(c->new_age_le_35));
	json_object_set_new(n, "college_or_above", N(c->new_college));
	json_object_set_new(n, "occupation", occupations(c->new_occupation, 0));
	json_object_set_new(j, "new_members", n);
	json_object_set_new(j, "applicants", N(c->applicants));
	json_object_set_new(j, "activists", N(c->activists));
	json_object_set_new(j, "medals_glory_50_years_due", N(c->medals_50));
	return j;
}

json_t *stats_bulletin_json(const struct stats_bulletin *b)
{
	json_t *j = json_object(), *kids = json_array();

	json_object_set_new(j, "year", json_integer(b->year));
	json_object_set_new(j, "as_of", date_json(b->as_of));
	json_object_set_new(j, "org", stats_org_info_json(&b->org));
	json_t *t = stats_bulletin_counts_json(&b->total);
	json_object_update(j, t);
	json_decref(t);
	for (size_t i = 0; i < b->nr_children; i++) {
		json_t *c = json_object();
		json_object_set_new(c, "org", stats_org_info_json(&b->children[i].org));
		json_t *x = stats_bulletin_counts_json(&b->children[i].c);
		json_object_update(c, x);
		json_decref(x);
		json_array_append_new(kids, c);
	}
	json_object_set_new(j, "children", kids);
	return j;
}

json_t *stats_rollup_json(const struct stats_rollup *r)
{
	json_t *j = json_object(), *by = json_array(), *cells = json_array();
	char b1[32], b2[32];

	json_object_set_new(j, "as_of", date_json(r->as_of));
	for (int i = 0; i < r->nr_dims; i++)
		json_array_append_new(by, json_string(stats_dim_name(r->dims[i])));
	json_object_set_new(j, "by", by);
	json_object_set_new(j, "total", N(r->total));
	for (int v1 = 0; v1 < r->card[0]; v1++) {
		for (int v2 = 0; v2 < r->card[1]; v2++) {
			uint64_t n = r->counts[v1 * r->card[1] + v2];
			if (!n || !r->nr_dims)
				continue;
			json_t *c = json_object();
			json_object_set_new(c, stats_dim_name(r->dims[0]),
					    json_string(stats_value_key(r->dims[0], v1, b1, sizeof(b1))));
			if (r->nr_dims == 2)
				json_object_set_new(c, stats_dim_name(r->dims[1]),
						    json_string(stats_value_key(r->dims[1], v2, b2, sizeof(b2))));
			json_object_set_new(c, "count", N(n));
			json_array_append_new(cells, c);
		}
	}
	json_object_set_new(j, "cells", cells);
	return j;
}

json_t *stats_children_json(const struct stats_children *c)
{
	json_t *j = json_object(), *kids = json_array();

	json_object_set_new(j, "org", stats_org_info_json(&c->org));
	json_object_set_new(j, "total", stats_rollup_json(&c->total));
	json_object_set_new(j, "own", stats_rollup_json(&c->own));
	for (size_t i = 0; i < c->nr; i++) {
		json_t *k = json_object();
		json_object_set_new(k, "org", stats_org_info_json(&c->child[i].org));
		json_object_set_new(k, "rollup", stats_rollup_json(&c->child[i].r));
		json_array_append_new(kids, k);
	}
	json_object_set_new(j, "children", kids);
	return j;
}
