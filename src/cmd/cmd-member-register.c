/*
 * cmd-member-register.c - 'orgwork member register': the development
 * register (发展党员台账) of an organization's subtree (ops/dev-register.h)
 * as a table, the JSON of GET /api/v1/orgs/{id}/development, or CSV.
 *
 *   member register --org CODE [--as-of DATE] [--stage S] [--overdue]
 *                   [--sort due|stage|name|org] [--desc] [--limit N]
 *                   [--cursor C] [--format json|csv]
 *
 * Parses the options and prints; the next step due is model/development.c's
 * (dev_next_due). Not for the other member subcommands (cmd-member.c,
 * whose table lists this one).
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "cmd/options.h"
#include "core/date.h"
#include "formats/csv-writer.h"
#include "json/dev-json.h"
#include "model/codes.h"
#include "ops/dev-register.h"
#include "ops/org-ops.h"

enum { O_ORG, O_AS_OF, O_STAGE, O_OVERDUE, O_SORT, O_DESC, O_LIMIT, O_CURSOR, O_FORMAT };

static const struct opt_spec specs[] = {
	{ "org", 1, O_ORG }, { "as-of", 1, O_AS_OF }, { "stage", 1, O_STAGE },
	{ "overdue", 0, O_OVERDUE }, { "sort", 1, O_SORT }, { "desc", 0, O_DESC },
	{ "limit", 1, O_LIMIT }, { "cursor", 1, O_CURSOR }, { "format", 1, O_FORMAT },
	{ NULL, 0, 0 },
};

struct reg_args {
	const char *org;
	struct dev_register_query q;
	int csv;
};

static int on_opt(int id, const char *name, const char *v, void *ctx, struct error *err)
{
	struct reg_args *a = ctx;
	const struct code_entry *e;
	long n = 0;

	switch (id) {
	case O_ORG:
		a->org = v;
		break;
	case O_AS_OF:
		if (strlen(v) != 10 || date_parse(v, &a->q.as_of))
			return error_setc(err, ST_INVALID, "as_of", "invalid_date",
					  "--%s takes a date YYYY-MM-DD", name);
		break;
	case O_STAGE:
		e = code_by_key(&code_member_status, v);
		a->q.stage = e ? e->code : -1;
		break;
	case O_OVERDUE:
		a->q.overdue = 1;
		break;
	case O_SORT:
		a->q.sort = dev_register_sort_parse(v);
		break;
	case O_DESC:
		a->q.desc = 1;
		break;
	case O_CURSOR:
		a->q.after = v;
		break;
	case O_FORMAT:
		if (strcmp(v, "csv"))
			return error_setc(err, ST_INVALID, "format", "invalid_choice",
					  "--format takes text, json or csv");
		a->csv = 1;
		break;
	case O_LIMIT:
		for (const char *c = v; *c && n <= DEV_REGISTER_LIMIT_MAX; c++)
			n = *c >= '0' && *c <= '9' ? n * 10 + (*c - '0') : -1;
		if (!*v || n < 1 || n > DEV_REGISTER_LIMIT_MAX) {
			error_setc(err, ST_INVALID, "limit", "out_of_range",
				   "--%s takes a whole number from 1 to %d", name,
				   DEV_REGISTER_LIMIT_MAX);
			error_param(err, "min", "1");
			error_param(err, "max", "%d", DEV_REGISTER_LIMIT_MAX);
			return ST_INVALID;
		}
		a->q.limit = (int)n;
		break;
	}
	return ST_OK;
}

static const char *stage_key(int stage)
{
	const struct code_entry *e = code_by_code(&code_member_status, stage);

	return e ? e->key : "";
}

static void print_table(const struct dev_register_page *p)
{
	printf("%-8s %-14s %-16s %-13s %-20s %-10s %-4s %s\n", "ID", "NAME", "ORG", "STAGE",
	       "NEXT", "DUE", "KIND", "OVERDUE");
	for (size_t i = 0; i < p->nr; i++) {
		const struct dev_register_item *it = &p->items[i];
		char due[DATE_STR_SIZE];
		printf("%-8lld %-14s %-16s %-13s %-20s %-10s %-4s %s\n", it->person_id, it->name,
		       it->org_code, stage_key(it->stage),
		       it->due.step ? dev_step_key(it->due.step) : "-",
		       it->due.date != DATE_NONE ? date_format(it->due.date, due) : "-",
		       dev_due_kind_name(it->due.kind), it->due.overdue ? "yes" : "");
	}
	printf("%lld in the pipeline%s%s\n", p->total,
	       p->next_cursor[0] ? "; next page: --cursor " : "", p->next_cursor);
}

static void csv_date(int day)
{
	char d[DATE_STR_SIZE];

	csv_write_field(stdout, day == DATE_NONE ? "" : date_format(day, d));
}

static void print_csv(const struct dev_register_page *p)
{
	static const char *const head[] = {
		"person_id", "name", "org_code", "org_name", "stage", "applied", "activist",
		"target", "admitted", "probation_end", "last_step", "last_step_date", "next_step",
		"due_kind", "due", "overdue", "days_overdue", "rule", "source",
	};
	char num[32];

	for (size_t k = 0; k < sizeof(head) / sizeof(head[0]); k++) {
		if (k)
			fputc(',', stdout);
		csv_write_field(stdout, head[k]);
	}
	fputs("\r\n", stdout);
	for (size_t i = 0; i < p->nr; i++) {
		const struct dev_register_item *it = &p->items[i];
		snprintf(num, sizeof(num), "%lld", it->person_id);
		csv_write_field(stdout, num);
		fputc(',', stdout); csv_write_field(stdout, it->name);
		fputc(',', stdout); csv_write_field(stdout, it->org_code);
		fputc(',', stdout); csv_write_field(stdout, it->org_name);
		fputc(',', stdout); csv_write_field(stdout, stage_key(it->stage));
		fputc(',', stdout); csv_date(it->applied);
		fputc(',', stdout); csv_date(it->activist);
		fputc(',', stdout); csv_date(it->target);
		fputc(',', stdout); csv_date(it->admitted);
		fputc(',', stdout); csv_date(it->probation_end);
		fputc(',', stdout); csv_write_field(stdout, it->last_step ? dev_step_key(it->last_step) : "");
		fputc(',', stdout); csv_date(it->last_step ? it->last_date : DATE_NONE);
		fputc(',', stdout); csv_write_field(stdout, it->due.step ? dev_step_key(it->due.step) : "");
		fputc(',', stdout); csv_write_field(stdout, dev_due_kind_name(it->due.kind));
		fputc(',', stdout); csv_date(it->due.date);
		fputc(',', stdout); csv_write_field(stdout, it->due.overdue ? "yes" : "no");
		snprintf(num, sizeof(num), "%d", it->days_overdue);
		fputc(',', stdout); csv_write_field(stdout, it->due.date == DATE_NONE ? "" : num);
		fputc(',', stdout); csv_write_field(stdout, it->rule);
		fputc(',', stdout); csv_write_field(stdout, it->source);
		fputs("\r\n", stdout);
	}
}

int cmd_member_register(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct reg_args a;
	struct error err = ERROR_INIT;
	struct opts_result res;
	struct dev_register_page p;
	struct org o;
	int rc;

	memset(&a, 0, sizeof(a));
	a.q.as_of = DATE_NONE;
	a.q.limit = DEV_REGISTER_LIMIT_DEFAULT;
	if ((rc = opts_parse(argc, argv, specs, on_opt, &a, &res, &err))) {
		cmd_report(&err);
		return subcmd_usage(ctx);
	}
	if (res.nr_positional || !a.org)
		return subcmd_usage(ctx);
	if (a.q.stage < 0) {
		error_setc(&err, ST_INVALID, "stage", "invalid_choice",
			   "--stage takes applicant, activist, target or probationary");
		cmd_report(&err);
		return EXIT_USAGE;
	}
	if (org_resolve(ctx->db, a.org, &o, &err))
		return cmd_report(&err);
	a.q.root = o.id;
	if (a.q.as_of == DATE_NONE)
		a.q.as_of = date_today();
	if ((rc = dev_register_list(ctx->db, &a.q, &p, &err))) {
		cmd_report(&err);
		return rc == ST_INVALID ? EXIT_USAGE : EXIT_FAIL;
	}
	if (a.csv)
		print_csv(&p);
	else if (ctx->format == FORMAT_JSON)
		cmd_print_json(dev_register_page_to_json(&p));
	else
		print_table(&p);
	dev_register_page_release(&p);
	return EXIT_OK;
}
