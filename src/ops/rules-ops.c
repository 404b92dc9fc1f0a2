/*
 * rules-ops.c - the rules in force and their overrides (see rules-ops.h).
 * Not here: the default table and its sources (model/rules.c), SQL
 * (store/rules-store.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "ops/audit.h"
#include "ops/rules-ops.h"
#include "store/db.h"
#include "store/rules-store.h"

int rules_get(struct db *db, const char *key, int day, struct rule_in_force *out,
	      struct error *err)
{
	struct rule_override ov;
	const struct rule_def *d = rules_default(key, day);
	int rc, from = DATE_NONE;

	memset(out, 0, sizeof(*out));
	if (!(out->def = d ? d : rules_find(key))) {
		error_setc(err, ST_NOT_FOUND, "key", "unknown_rule", "no rule '%s'", key);
		error_param(err, "key", "%.60s", key);
		return ST_NOT_FOUND;
	}
	if (d && date_parse(d->applies_from, &from))
		return error_set(err, ST_INTERNAL, "key", "rule %s has a bad date", key);
	rc = db ? rules_store_get(db, key, day, &ov, err) : ST_NOT_FOUND;
	if (rc && rc != ST_NOT_FOUND)
		return rc;
	if (!rc && (!d || ov.applies_from >= from)) {
		snprintf(out->value, sizeof(out->value), "%s", ov.value);
		snprintf(out->reason, sizeof(out->reason), "%s", ov.reason);
		out->applies_from = ov.applies_from;
		out->overridden = 1;
		return ST_OK;
	}
	if (!d) {
		char buf[DATE_STR_SIZE];
		error_setc(err, ST_NOT_FOUND, "key", "rule_not_yet",
			   "rule %s does not apply yet on %s", key, date_format(day, buf));
		error_param(err, "key", "%.60s", key);
		error_param(err, "date", "%s", buf);
		return ST_NOT_FOUND;
	}
	snprintf(out->value, sizeof(out->value), "%s", d->value);
	out->applies_from = from;
	return ST_OK;
}

int rules_get_years(struct db *db, const char *key, int day, int *years,
		    struct error *err)
{
	struct rule_in_force r;
	int rc = rules_get(db, key, day, &r, err);

	if (rc)
		return rc;
	if ((*years = rules_int(r.value)) < 0)
		return error_set(err, ST_INTERNAL, "key", "rule %s is not a number", key);
	return ST_OK;
}

int rules_get_int(struct db *db, const char *key, int day, long *value,
		  struct error *err)
{
	struct rule_in_force r;
	int rc = rules_get(db, key, day, &r, err);

	if (rc)
		return rc;
	if ((*value = rules_number(r.def->unit, r.value)) < 0)
		return error_set(err, ST_INTERNAL, "key", "rule %s is not a number", key);
	return ST_OK;
}

int rules_get_date(struct db *db, const char *key, int day, int *value,
		   struct error *err)
{
	struct rule_in_force r;
	int rc = rules_get(db, key, day, &r, err);

	if (rc)
		return rc;
	if (strcmp(r.def->unit, "date") || date_parse(r.value, value))
		return error_set(err, ST_INTERNAL, "key", "rule %s is not a date", key);
	return ST_OK;
}

int rules_get_monthday(struct db *db, const char *key, int day, int *month, int *mday,
		       struct error *err)
{
	struct rule_in_force r;
	int rc = rules_get(db, key, day, &r, err);

	if (rc)
		return rc;
	if (strcmp(r.def->unit, "monthday") || rules_monthday(r.value, month, mday))
		return error_set(err, ST_INTERNAL, "key", "rule %s is not a day of the year", key);
	return ST_OK;
}

void rules_in_force_version(const struct rule_in_force *r, struct rule_version *v)
{
	memset(v, 0, sizeof(*v));
	v->def = r->def;
	v->value = r->value;
	v->applies_from = r->applies_from;
	v->overridden = r->overridden;
	if (r->overridden)
		v->reason = r->reason;
}

struct override_list {
	struct rule_override *items;
	size_t n, alloc;
};

static int collect_override(const struct rule_override *o, void *ctx)
{
	struct override_list *l = ctx;

	if (l->n == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 8;
		l->items = xrealloc(l->items, l->alloc * sizeof(*l->items));
	}
	l->items[l->n++] = *o;
	return 0;
}

int rules_versions(struct db *db, const char *key, int day,
		   int (*fn)(const struct rule_version *v, void *ctx), void *ctx,
		   int *in_force, struct error *err)
{
	const struct rule_def *first = rules_find(key);
	struct override_list ov = { NULL, 0, 0 };
	struct rule_version *all;
	size_t nd = 0, n = 0, io = 0;
	int rc = ST_OK;

	*in_force = -1;
	if (!first) {
		error_setc(err, ST_NOT_FOUND, "key", "unknown_rule", "no rule '%s'", key);
		error_param(err, "key", "%.60s", key);
		return ST_NOT_FOUND;
	}
	if (db && (rc = rules_store_each(db, key, collect_override, &ov, err))) {
		free(ov.items);
		return rc;
	}
	for (size_t i = 0; i < nr_rule_defaults; i++)
		nd += !strcmp(rule_defaults[i].key, key);
	all = xcalloc(nd + ov.n + 1, sizeof(*all));
	/* the defaults are adjacent and in date order, as are the overrides: merge,
	 * a default before an override of the same day (the override wins) */
	for (size_t i = (size_t)(first - rule_defaults), end = i + nd; i < end || io < ov.n;) {
		struct rule_version *v = &all[n++];
		int from = 0;
		if (i < end && date_parse(rule_defaults[i].applies_from, &from)) {
			rc = error_set(err, ST_INTERNAL, "key", "rule %s has a bad date", key);
			goto out;
		}
		if (i < end && (io == ov.n || from <= ov.items[io].applies_from)) {
			v->def = &rule_defaults[i++];
			v->value = v->def->value;
			v->applies_from = from;
		} else {
			const struct rule_override *o = &ov.items[io++];
			const struct rule_def *d = rules_default(key, o->applies_from);
			v->def = d ? d : first;
			v->value = o->value;
			v->applies_from = o->applies_from;
			v->overridden = 1;
			v->reason = o->reason;
			v->set_by = o->actor;
			v->set_at = o->created_at;
		}
		if (v->applies_from <= day)
			*in_force = (int)(n - 1);
	}
	for (size_t i = 0; i < n && !rc; i++)
		rc = fn(&all[i], ctx);
out:
	free(all);
	free(ov.items);
	return rc;
}

int rules_medal_years(struct db *db, int year, int *years, struct error *err)
{
	int rc = rules_get_years(db, RULE_MEDAL_PARTY_YEARS, date_from_ymd(year, 7, 1),
				 years, err);

	if (rc == ST_NOT_FOUND) {
		error_clear(err);
		*years = 0;
		return ST_OK;
	}
	return rc;
}

int rules_each(struct db *db, int day,
	       int (*fn)(const struct rule_in_force *r, void *ctx), void *ctx,
	       struct error *err)
{
	for (size_t i = 0; i < nr_rule_defaults; i++) {
		const struct rule_def *d = &rule_defaults[i];
		struct rule_in_force r;
		int rc, from;

		if (i && !strcmp(rule_defaults[i - 1].key, d->key))
			continue;
		rc = rules_get(db, d->key, day, &r, err);
		if (rc == ST_NOT_FOUND) {
			/* not in force yet: its first version */
			error_clear(err);
			if (date_parse(d->applies_from, &from))
				return ST_INTERNAL;
			if ((rc = rules_get(db, d->key, from, &r, err)))
				return rc;
		} else if (rc) {
			return rc;
		}
		if ((rc = fn(&r, ctx)))
			return rc;
	}
	return ST_OK;
}

int rules_set(struct db *db, const char *key, const char *value, int from,
	      const char *reason, const char *actor, struct error *err)
{
	struct rule_override o;
	int rc, n;

	memset(&o, 0, sizeof(o));
	if (!key || strlen(key) >= sizeof(o.key) || !rules_find(key)) {
		error_setc(err, ST_NOT_FOUND, "key", "unknown_rule", "no rule '%s'",
			   key ? key : "");
		error_param(err, "key", "%.60s", key ? key : "");
		return ST_NOT_FOUND;
	}
	if (!value)
		return error_setc(err, ST_INVALID, "value", "required", "a value is required");
	if ((rc = rules_check_value(key, value, err)))
		return rc;
	n = reason ? utf8_count_chars(reason) : 0;
	if (n <= 0 || !reason[strspn(reason, " \t")])
		return error_setc(err, ST_INVALID, "reason", "required",
				  "a reason is required (valid UTF-8 text)");
	if (n > RULE_REASON_MAX_CHARS || strlen(reason) >= sizeof(o.reason)) {
		error_setc(err, ST_INVALID, "reason", "too_long",
			   "reason is longer than %d characters", RULE_REASON_MAX_CHARS);
		error_param(err, "max", "%d", RULE_REASON_MAX_CHARS);
		return ST_INVALID;
	}
	if (from == DATE_NONE)
		from = date_today();
	snprintf(o.key, sizeof(o.key), "%s", key);
	snprintf(o.value, sizeof(o.value), "%s", value);
	snprintf(o.reason, sizeof(o.reason), "%s", reason);
	snprintf(o.actor, sizeof(o.actor), "%s", actor);
	o.applies_from = from;
	if ((rc = db_begin(db, err)))
		return rc;
	audit_context(db, actor, "rule.set");
	rc = rules_store_insert(db, &o, err);
	if (!rc)
		rc = db_commit(db, err);
	if (rc)
		db_rollback(db);
	audit_context(db, NULL, NULL);
	return rc;
}

int org_term(struct db *db, const struct org *o, int *years, int *end,
	     const char **rule_key, struct error *err)
{
	const char *key = rules_term_key(o->kind, o->sector);
	int rc;

	*years = 0;
	*end = DATE_NONE;
	*rule_key = NULL;
	if (o->term_years > 0) {
		*years = o->term_years;
	} else if (key) {
		int day = o->term_start != DATE_NONE ? o->term_start : date_today();
		if ((rc = rules_get_years(db, key, day, years, err)))
			return rc;
		*rule_key = key;
	}
	if (*years && o->term_start != DATE_NONE)
		*end = date_add_years(o->term_start, *years);
	return ST_OK;
}
