/*
 * cmd-findings.c - 'orgwork findings': the findings of a subtree as of a
 * date (ops/findings.h), a page at a time, as a table or as the JSON of
 * GET /api/v1/findings (json/findings-json.h).
 *
 * Parses the options and prints; no rule is decided here. Not for: the
 * rules (ops/findings.c) nor the workbench counts (ops/todo.c).
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "cmd/options.h"
#include "core/date.h"
#include "json/findings-json.h"
#include "ops/findings.h"
#include "ops/org-ops.h"

static const char findings_usage[] =
	"usage: orgwork findings [--org CODE] [--as-of DATE] [--rule KEY]\n"
	"                        [--limit N] [--cursor C] [--format json]\n"
	"\n"
	"Lists what the rules say is due or overdue in the subtree of ORG (a code or\n"
	"id:N; default: every organization) on DATE (default today), the oldest due\n"
	"first: target_eligible, conversion_due, conversion_overdue, medal_50_due,\n"
	"talk_overdue, approval_overdue, extension_overdue, lost_contact_6m,\n"
	"election_overdue, temporary_ended, transfer_stuck, dues_arrears_3m,\n"
	"dues_arrears_6m (docs/findings.md). days_overdue is the days from the due\n"
	"date to DATE, negative while not yet due. --limit 1-1000 (default 50)\n"
	"findings a page; --cursor C continues after the page that printed\n"
	"next_cursor C.\n";

enum { O_ORG, O_AS_OF, O_RULE, O_LIMIT, O_CURSOR, O_HELP };

static const struct opt_spec specs[] = {
	{ "org", 1, O_ORG }, { "as-of", 1, O_AS_OF }, { "rule", 1, O_RULE },
	{ "limit", 1, O_LIMIT }, { "cursor", 1, O_CURSOR }, { "help", 0, O_HELP },
	{ NULL, 0, 0 },
};

struct findings_args {
	const char *org, *rule, *cursor;
	int as_of, limit, help;
};

static int on_opt(int id, const char *name, const char *v, void *ctx, struct error *err)
{
	struct findings_args *a = ctx;
	long n = 0;

	switch (id) {
	case O_ORG:
		a->org = v;
		break;
	case O_AS_OF:
		if (strlen(v) != 10 || date_parse(v, &a->as_of))
			return error_setc(err, ST_INVALID, "as_of", "invalid_date",
					  "--%s takes a date YYYY-MM-DD", name);
		break;
	case O_RULE:
		a->rule = v;
		break;
	case O_CURSOR:
		a->cursor = v;
		break;
	case O_LIMIT:
		for (const char *c = v; *c && n <= FINDINGS_LIMIT_MAX; c++)
			n = *c >= '0' && *c <= '9' ? n * 10 + (*c - '0') : -1;
		if (!*v || n < 1 || n > FINDINGS_LIMIT_MAX) {
			error_setc(err, ST_INVALID, "limit", "out_of_range",
				   "--%s takes a whole number from 1 to %d", name,
				   FINDINGS_LIMIT_MAX);
			error_param(err, "min", "1");
			error_param(err, "max", "%d", FINDINGS_LIMIT_MAX);
			return ST_INVALID;
		}
		a->limit = (int)n;
		break;
	case O_HELP:
		a->help = 1;
		break;
	}
	return ST_OK;
}

static void print_table(const struct findings_page *p)
{
	printf("%-20s %-10s %6s  %-16s %s\n", "RULE", "DUE", "DAYS", "ORG", "PERSON");
	for (size_t i = 0; i < p->nr; i++) {
		const struct finding_item *it = &p->items[i];
		char due[DATE_STR_SIZE], person[PERSON_NAME_SIZE + 24] = "-";
		if (it->f.person_id)
			snprintf(person, sizeof(person), "%s (%lld)", it->person_name,
				 it->f.person_id);
		printf("%-20s %-10s %6d  %-16s %s\n", it->rule->key,
		       date_format(it->f.due, due), it->days_overdue, it->org_code, person);
	}
	printf("%lld finding%s%s%s\n", p->total, p->total == 1 ? "" : "s",
	       p->next_cursor[0] ? "; next page: --cursor " : "", p->next_cursor);
}

int cmd_findings(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct findings_args a = { NULL, NULL, NULL, DATE_NONE, FINDINGS_LIMIT_DEFAULT, 0 };
	struct error err = ERROR_INIT;
	struct opts_result res;
	struct findings_page p;
	struct org o;
	long long root = 0;
	int rc;

	if (opts_parse(argc, argv, specs, on_opt, &a, &res, &err)) {
		cmd_report(&err);
		return cmd_usage(findings_usage);
	}
	if (a.help) {
		fputs(findings_usage, stdout);
		return EXIT_OK;
	}
	if (res.nr_positional)
		return cmd_usage(findings_usage);
	if (a.org) {
		if (org_resolve(ctx->db, a.org, &o, &err))
			return cmd_report(&err);
		root = o.id;
	}
	rc = findings_list(ctx->db, root, a.as_of == DATE_NONE ? date_today() : a.as_of,
			   a.rule, a.cursor, a.limit, &p, &err);
	if (rc) {
		cmd_report(&err);
		return rc == ST_INVALID ? EXIT_USAGE : EXIT_FAIL;
	}
	if (ctx->format == FORMAT_JSON)
		cmd_print_json(findings_page_to_json(&p));
	else
		print_table(&p);
	findings_page_release(&p);
	return EXIT_OK;
}
