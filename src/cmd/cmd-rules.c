/*
 * cmd-rules.c - 'orgwork rules': the rules catalogue in force and the
 * installation's overrides.
 *
 *   rules list [--date DATE]
 *   rules show KEY [--date DATE]
 *   rules set KEY VALUE --reason TEXT [--from DATE]
 * Setting a rule is done from the shell of the installation only (no API
 * route writes rules). Not for: the rules themselves (model/rules.c) nor
 * their merge with overrides (ops/rules-ops.c).
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "cmd/options.h"
#include "core/date.h"
#include "json/rules-json.h"
#include "ops/rules-ops.h"

static int run_list(int argc, char **argv, struct cmd_ctx *ctx);
static int run_show(int argc, char **argv, struct cmd_ctx *ctx);
static int run_set(int argc, char **argv, struct cmd_ctx *ctx);

static const struct subcmd subs[] = {
	{ "list", run_list, CMD_NEEDS_DB, "the rules in force, with their sources",
	  "orgwork rules list [--date DATE]\n" },
	{ "show", run_show, CMD_NEEDS_DB,
	  "every version of a rule: the defaults and this installation's overrides",
	  "orgwork rules show KEY [--date DATE]\n" },
	{ "set", run_set, CMD_NEEDS_DB, "override a rule for this installation (audited)",
	  "orgwork rules set KEY VALUE --reason TEXT [--from DATE]\n" },
	{ NULL, NULL, 0, NULL, NULL },
};

const struct subcmd_table cmd_rules_table = {
	subs,
	"A rule's version in force on a day is the latest one applying from that day\n"
	"or before, the installation's override winning on the same day (DATE: today\n"
	"unless given). VALUE reads in the rule's unit: a whole number of years,\n"
	"months, days, workdays, hours, count, fen (1/100 yuan) or permille; a date\n"
	"YYYY-MM-DD; a day of the year MM-DD (monthday); yes/no (flag); organization\n"
	"kinds separated by commas (kinds). docs/rules.md lists every rule with its\n"
	"source; docs/cli-rules.md describes these commands.\n",
};

enum { O_DATE, O_FROM, O_REASON };

static const struct opt_spec specs[] = {
	{ "date", 1, O_DATE }, { "from", 1, O_FROM }, { "reason", 1, O_REASON },
	{ NULL, 0, 0 },
};

struct rules_args {
	int date, from;
	const char *reason;
	int seen_date, seen_from;
};

static int on_opt(int id, const char *name, const char *v, void *ctx, struct error *err)
{
	struct rules_args *a = ctx;

	switch (id) {
	case O_DATE:
		a->seen_date = 1;
		if (date_parse(v, &a->date))
			return error_set(err, ST_INVALID, name, "--%s takes a date YYYY-MM-DD", name);
		break;
	case O_FROM:
		a->seen_from = 1;
		if (date_parse(v, &a->from))
			return error_set(err, ST_INVALID, name, "--%s takes a date YYYY-MM-DD", name);
		break;
	case O_REASON:
		a->reason = v;
		break;
	}
	return ST_OK;
}

static int start(int argc, char **argv, struct cmd_ctx *ctx, struct rules_args *a,
		 struct opts_result *res, int positional)
{
	struct error err = ERROR_INIT;

	memset(a, 0, sizeof(*a));
	a->date = a->from = DATE_NONE;
	if (opts_parse(argc, argv, specs, on_opt, a, res, &err)) {
		cmd_report(&err);
		return subcmd_usage(ctx);
	}
	if (res->nr_positional != positional)
		return subcmd_usage(ctx);
	return EXIT_OK;
}

struct list_out {
	json_t *items;
};

static int print_rule(const struct rule_in_force *r, void *p)
{
	struct list_out *o = p;
	char d[DATE_STR_SIZE];

	if (o->items) {
		struct rule_version v;
		rules_in_force_version(r, &v);
		json_array_append_new(o->items, rule_version_json(&v));
		return 0;
	}
	date_format(r->applies_from, d);
	printf("%-32s %s %s, from %s%s\n", r->def->key, r->value[0] ? r->value : "(none)",
	       r->def->unit, d, r->overridden ? " (overridden)" : "");
	printf("    %s\n", r->overridden ? r->reason : r->def->source);
	return 0;
}

static int run_list(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct rules_args a;
	struct opts_result res;
	struct list_out o = { NULL };
	int rc;

	if ((rc = start(argc, argv, ctx, &a, &res, 0)))
		return rc;
	if (ctx->format == FORMAT_JSON)
		o.items = json_array();
	rc = rules_each(ctx->db, a.seen_date ? a.date : date_today(), print_rule, &o, &err);
	if (o.items) {
		if (!rc)
			cmd_print_json(json_pack("{s:O}", "items", o.items));
		json_decref(o.items);
	}
	return rc ? cmd_report(&err) : EXIT_OK;
}

struct show_out {
	json_t *versions;     /* --format json */
	int in_force, i;
};

static int show_version(const struct rule_version *v, void *p)
{
	struct show_out *o = p;
	char d[DATE_STR_SIZE];

	if (o->versions) {
		json_array_append_new(o->versions, rule_version_json(v));
		return 0;
	}
	printf("%s %s %-8s %s\n", o->i++ == o->in_force ? "*" : " ",
	       date_format(v->applies_from, d), v->value[0] ? v->value : "(none)",
	       v->overridden ? "override" : "default");
	if (v->overridden)
		printf("    %s (set by %s at %s)\n", v->reason, v->set_by, v->set_at);
	else
		printf("    %s\n", v->def->source);
	return 0;
}

static int run_show(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct rules_args a;
	struct opts_result res;
	struct show_out o = { NULL, -1, 0 };
	const struct rule_def *def;
	int rc;

	if ((rc = start(argc, argv, ctx, &a, &res, 1)))
		return rc;
	if (!(def = rules_find(res.positional[0]))) {
		error_setc(&err, ST_NOT_FOUND, "key", "unknown_rule", "no rule '%s'",
			   res.positional[0]);
		error_param(&err, "key", "%.60s", res.positional[0]);
		return cmd_report(&err);
	}
	if (ctx->format == FORMAT_JSON)
		o.versions = json_array();
	else
		printf("%s (%s)\n", def->key, def->unit);
	rc = rules_versions(ctx->db, def->key, a.seen_date ? a.date : date_today(), show_version,
			    &o, &o.in_force, &err);
	if (o.versions) {
		if (rc) {
			json_decref(o.versions);
			return cmd_report(&err);
		}
		cmd_print_json(rule_history_json(def, o.versions, o.in_force));
	}
	return rc ? cmd_report(&err) : EXIT_OK;
}

static int run_set(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct rules_args a;
	struct opts_result res;
	struct rule_in_force r;
	int rc;

	if ((rc = start(argc, argv, ctx, &a, &res, 2)))
		return rc;
	if (!a.reason)
		return subcmd_usage(ctx);
	if (rules_set(ctx->db, res.positional[0], res.positional[1], a.from, a.reason,
		      cmd_actor(), &err))
		return cmd_report(&err);
	if (rules_get(ctx->db, res.positional[0], a.seen_from ? a.from : date_today(), &r, &err))
		return cmd_report(&err);
	if (ctx->format == FORMAT_JSON) {
		char d[DATE_STR_SIZE];
		cmd_print_json(json_pack("{s:s,s:s,s:s,s:b}", "key", r.def->key, "value", r.value,
					 "applies_from", date_format(r.applies_from, d),
					 "overridden", r.overridden));
	} else {
		char d[DATE_STR_SIZE];
		printf("%s = %s from %s\n", r.def->key, r.value, date_format(r.applies_from, d));
	}
	return EXIT_OK;
}
