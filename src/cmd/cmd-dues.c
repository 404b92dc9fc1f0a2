/*
 * cmd-dues.c - 'orgwork dues': party dues from the command line.
 *
 *   dues base PERSON --category C [--income YUAN | --amount YUAN] --from YYYY-MM
 *   dues pay PERSON --month YYYY-MM [--months N] --amount YUAN --date D [--method M]
 *   dues special PERSON --amount YUAN --date D [--note TEXT]
 *   dues reduce PERSON --kind reduce|exempt --from YYYY-MM [--to YYYY-MM]
 *                [--amount YUAN] --approval REF --approved D [--reason TEXT]
 *   dues history PERSON [--month YYYY-MM]
 *   dues ledger --org CODE --month YYYY-MM [--format json|csv|xlsx --out FILE]
 *   dues arrears --org CODE --month YYYY-MM [--min-months N]
 *   dues stats --org CODE --from YYYY-MM --to YYYY-MM [--format json|csv]
 * Writes go through ops/dues-ops.c; not for the amounts' rules (model/dues.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "cmd/options.h"
#include "core/date.h"
#include "formats/dues-export.h"
#include "json/dues-json.h"
#include "ops/dues-ops.h"
#include "ops/org-ops.h"
#include "stats/stats.h"
#include "store/person-store.h"

static int run_base(int argc, char **argv, struct cmd_ctx *ctx);
static int run_pay(int argc, char **argv, struct cmd_ctx *ctx);
static int run_special(int argc, char **argv, struct cmd_ctx *ctx);
static int run_reduce(int argc, char **argv, struct cmd_ctx *ctx);
static int run_history(int argc, char **argv, struct cmd_ctx *ctx);
static int run_ledger(int argc, char **argv, struct cmd_ctx *ctx);
static int run_arrears(int argc, char **argv, struct cmd_ctx *ctx);
static int run_stats(int argc, char **argv, struct cmd_ctx *ctx);

static const struct subcmd subs[] = {
	{ "base", run_base, CMD_NEEDS_DB, "record a member's dues base from a month",
	  "orgwork dues base PERSON --category salaried|retired|student|unemployed|farmer|relief\n"
	  "                  [--income YUAN | --amount YUAN] --from YYYY-MM\n" },
	{ "pay", run_pay, CMD_NEEDS_DB, "record a payment of one or several months",
	  "orgwork dues pay PERSON --month YYYY-MM [--months N] --amount YUAN --date D [--method M]\n" },
	{ "special", run_special, CMD_NEEDS_DB, "record a special (voluntary) payment",
	  "orgwork dues special PERSON --amount YUAN --date D [--note TEXT]\n" },
	{ "reduce", run_reduce, CMD_NEEDS_DB, "record an approved reduction or exemption",
	  "orgwork dues reduce PERSON --kind reduce|exempt --from YYYY-MM [--to YYYY-MM]\n"
	  "                  [--amount YUAN] --approval REF --approved D [--reason TEXT]\n" },
	{ "history", run_history, CMD_NEEDS_DB, "a member's dues: bases, reductions, payments",
	  "orgwork dues history PERSON [--month YYYY-MM]\n" },
	{ "ledger", run_ledger, CMD_NEEDS_DB, "the monthly dues ledger of an organization",
	  "orgwork dues ledger --org CODE --month YYYY-MM [--format json|csv|xlsx] [--out FILE]\n" },
	{ "arrears", run_arrears, CMD_NEEDS_DB, "the members of an organization in arrears",
	  "orgwork dues arrears --org CODE --month YYYY-MM [--min-months N]\n" },
	{ "stats", run_stats, CMD_NEEDS_DB, "dues collected and arrears of a subtree by month",
	  "orgwork dues stats --org CODE --from YYYY-MM --to YYYY-MM [--format json|csv]\n" },
	{ NULL, NULL, 0, NULL, NULL },
};

const struct subcmd_table cmd_dues_table = {
	subs,
	"Amounts are yuan with at most two decimals, kept as fen. The monthly amount\n"
	"follows the rules catalogue (dues.*): salaried and retired members a rate of\n"
	"the whole monthly income by bracket, each bound in the lower bracket, rounded\n"
	"half up to the fen; students, the unemployed and relief recipients the fixed\n"
	"amount; farmers an amount set by the branch within the farmers' range. A pay\n"
	"of several months splits the total evenly (the odd fen to the first months)\n"
	"and is written whole or not at all. --format csv writes CSV to stdout (or\n"
	"--out); xlsx needs --out.\n",
};

enum { O_CATEGORY, O_INCOME, O_AMOUNT, O_FROM, O_TO, O_MONTH, O_MONTHS, O_DATE, O_METHOD,
       O_NOTE, O_KIND, O_APPROVAL, O_APPROVED, O_REASON, O_ORG, O_FORMAT, O_OUT,
       O_MIN_MONTHS, O_LAST };

static const struct opt_spec specs[] = {
	{ "category", 1, O_CATEGORY }, { "income", 1, O_INCOME }, { "amount", 1, O_AMOUNT },
	{ "from", 1, O_FROM }, { "to", 1, O_TO }, { "month", 1, O_MONTH },
	{ "months", 1, O_MONTHS }, { "date", 1, O_DATE }, { "method", 1, O_METHOD },
	{ "note", 1, O_NOTE }, { "kind", 1, O_KIND }, { "approval", 1, O_APPROVAL },
	{ "approved", 1, O_APPROVED }, { "reason", 1, O_REASON }, { "org", 1, O_ORG },
	{ "format", 1, O_FORMAT }, { "out", 1, O_OUT }, { "min-months", 1, O_MIN_MONTHS },
	{ NULL, 0, 0 },
};

struct args {
	const char *v[O_LAST];
	long long person;
};

static int on_opt(int id, const char *name, const char *v, void *ctx, struct error *err)
{
	struct args *a = ctx;

	(void)name;
	(void)err;
	a->v[id] = v;
	return ST_OK;
}

/* Parses the options; with_person: argv[1] is the person id. */
static int parse(int argc, char **argv, struct cmd_ctx *ctx, int with_person, struct args *a)
{
	struct error err = ERROR_INIT;
	struct opts_result res;
	int rc;

	memset(a, 0, sizeof(*a));
	if (with_person) {
		if (argc < 2 || (a->person = cmd_parse_id(argv[1])) < 0) {
			fprintf(stderr, "orgwork: dues %s needs a numeric person id\n", argv[0]);
			return subcmd_usage(ctx);
		}
		argv[1] = argv[0];
		argc--;
		argv++;
	}
	rc = opts_parse(argc, argv, specs, on_opt, a, &res, &err);
	if (rc == ST_UNSUPPORTED)
		return subcmd_usage(ctx);
	if (rc)
		return cmd_report(&err);
	if (res.nr_positional) {
		fprintf(stderr, "orgwork: dues %s: unexpected argument '%s'\n", argv[0],
			res.positional[0]);
		return subcmd_usage(ctx);
	}
	return EXIT_OK;
}

static int yuan_arg(const char *field, const char *v, long long *fen, struct error *err)
{
	*fen = -1;
	if (!v)
		return ST_OK;
	if (dues_parse_yuan(v, fen))
		return error_setc(err, ST_INVALID, field, "dues_bad_yuan",
				  "'%.40s' is not an amount of yuan (at most two decimals)", v);
	return ST_OK;
}

static int month_arg(const char *field, const char *v, int *month, struct error *err)
{
	*month = DUES_MONTH_NONE;
	if (!v)
		return ST_OK;
	if (dues_month_parse(v, month))
		return error_setc(err, ST_INVALID, field, "dues_bad_month",
				  "'%.40s' is not a month (YYYY-MM)", v);
	return ST_OK;
}

static int date_arg(const char *field, const char *v, int *day, struct error *err)
{
	*day = DATE_NONE;
	if (!v)
		return ST_OK;
	if (date_parse(v, day))
		return error_setc(err, ST_INVALID, field, "invalid_date",
				  "'%.40s' is not a date (YYYY-MM-DD)", v);
	return ST_OK;
}

static int int_arg(const char *field, const char *v, int min, int max, int *out,
		   struct error *err)
{
	char *end;
	long n;

	if (!v)
		return ST_OK;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || *end || !*v || n < min || n > max) {
		error_setc(err, ST_INVALID, field, "out_of_range", "%s must be %d to %d", field,
			   min, max);
		error_param(err, "min", "%d", min);
		error_param(err, "max", "%d", max);
		return ST_INVALID;
	}
	*out = (int)n;
	return ST_OK;
}

static int run_base(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct dues_base b;
	struct args a;
	long long income, set;
	int rc, from, category;

	if ((rc = parse(argc, argv, ctx, 1, &a)))
		return rc;
	if (!a.v[O_CATEGORY] || !a.v[O_FROM]) {
		fprintf(stderr, "orgwork: dues base needs --category and --from\n");
		return subcmd_usage(ctx);
	}
	category = dues_category_parse(a.v[O_CATEGORY]);
	if ((rc = yuan_arg("income", a.v[O_INCOME], &income, &err)) ||
	    (rc = yuan_arg("amount", a.v[O_AMOUNT], &set, &err)) ||
	    (rc = month_arg("from", a.v[O_FROM], &from, &err)) ||
	    (rc = dues_set_base(ctx->db, a.person, category, income, set, from, cmd_actor(), &b,
				&err)))
		return cmd_report(&err);
	if (ctx->format == FORMAT_JSON) {
		cmd_print_json(dues_base_json(&b));
	} else {
		char y[32], m[DUES_MONTH_STR_SIZE];
		printf("%lld\t%s\tfrom %s\t%s yuan a month\n", b.id, dues_category_key(b.category),
		       dues_month_format(b.from, m), dues_format_yuan(b.monthly_fen, y));
	}
	return EXIT_OK;
}

static int run_pay(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct args a;
	long long amount, batch = 0;
	int rc, month, n = 1, date;

	if ((rc = parse(argc, argv, ctx, 1, &a)))
		return rc;
	if (!a.v[O_MONTH] || !a.v[O_AMOUNT] || !a.v[O_DATE]) {
		fprintf(stderr, "orgwork: dues pay needs --month, --amount and --date\n");
		return subcmd_usage(ctx);
	}
	if ((rc = month_arg("month", a.v[O_MONTH], &month, &err)) ||
	    (rc = int_arg("months", a.v[O_MONTHS], 1, DUES_MAX_MONTHS, &n, &err)) ||
	    (rc = yuan_arg("amount", a.v[O_AMOUNT], &amount, &err)) ||
	    (rc = date_arg("date", a.v[O_DATE], &date, &err)) ||
	    (rc = dues_pay(ctx->db, a.person, month, n, amount, date, a.v[O_METHOD], cmd_actor(),
			   &batch, &err)))
		return cmd_report(&err);
	if (ctx->format == FORMAT_JSON)
		cmd_print_json(json_pack("{s:I,s:I,s:s,s:i,s:I}", "batch", (json_int_t)batch,
					 "person_id", (json_int_t)a.person, "month", a.v[O_MONTH],
					 "months", n, "amount_fen", (json_int_t)amount));
	else
		printf("payment %lld: %d month(s) from %s\n", batch, n, a.v[O_MONTH]);
	return EXIT_OK;
}

static int run_special(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct dues_special s;
	struct args a;
	long long amount;
	int rc, date;

	if ((rc = parse(argc, argv, ctx, 1, &a)))
		return rc;
	if (!a.v[O_AMOUNT] || !a.v[O_DATE]) {
		fprintf(stderr, "orgwork: dues special needs --amount and --date\n");
		return subcmd_usage(ctx);
	}
	if ((rc = yuan_arg("amount", a.v[O_AMOUNT], &amount, &err)) ||
	    (rc = date_arg("date", a.v[O_DATE], &date, &err)) ||
	    (rc = dues_pay_special(ctx->db, a.person, amount, date, a.v[O_NOTE], cmd_actor(), &s,
				   &err)))
		return cmd_report(&err);
	if (ctx->format == FORMAT_JSON)
		cmd_print_json(json_pack("{s:I,s:I,s:I,s:s}", "id", (json_int_t)s.id, "person_id",
					 (json_int_t)s.person_id, "amount_fen",
					 (json_int_t)s.amount_fen, "date", a.v[O_DATE]));
	else
		printf("special payment %lld\n", s.id);
	return EXIT_OK;
}

static int run_reduce(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct dues_relief in, out;
	struct args a;
	int rc;

	if ((rc = parse(argc, argv, ctx, 1, &a)))
		return rc;
	if (!a.v[O_KIND] || !a.v[O_FROM] || !a.v[O_APPROVAL] || !a.v[O_APPROVED]) {
		fprintf(stderr, "orgwork: dues reduce needs --kind, --from, --approval and"
			" --approved\n");
		return subcmd_usage(ctx);
	}
	memset(&in, 0, sizeof(in));
	in.kind = dues_relief_parse(a.v[O_KIND]);
	if (strlen(a.v[O_APPROVAL]) >= sizeof(in.approval) ||
	    (a.v[O_REASON] && strlen(a.v[O_REASON]) >= sizeof(in.reason))) {
		error_setc(&err, ST_INVALID, a.v[O_REASON] && strlen(a.v[O_REASON]) >=
			   sizeof(in.reason) ? "reason" : "approval", "too_long", "text too long");
		return cmd_report(&err);
	}
	snprintf(in.approval, sizeof(in.approval), "%s", a.v[O_APPROVAL]);
	snprintf(in.reason, sizeof(in.reason), "%s", a.v[O_REASON] ? a.v[O_REASON] : "");
	if ((rc = month_arg("from", a.v[O_FROM], &in.from, &err)) ||
	    (rc = month_arg("to", a.v[O_TO], &in.to, &err)) ||
	    (rc = yuan_arg("amount", a.v[O_AMOUNT], &in.monthly_fen, &err)) ||
	    (rc = date_arg("approved", a.v[O_APPROVED], &in.approved, &err)) ||
	    (rc = dues_set_relief(ctx->db, a.person, &in, cmd_actor(), &out, &err)))
		return cmd_report(&err);
	if (ctx->format == FORMAT_JSON)
		cmd_print_json(dues_relief_json(&out));
	else
		printf("%s %lld\n", dues_relief_key(out.kind), out.id);
	return EXIT_OK;
}

static int run_history(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct dues_file f;
	struct args a;
	int rc, month, first = DUES_MONTH_NONE;
	char m[DUES_MONTH_STR_SIZE], d[DATE_STR_SIZE], y[32];
	json_t *out = NULL, *arr;

	if ((rc = parse(argc, argv, ctx, 1, &a)))
		return rc;
	if ((rc = month_arg("month", a.v[O_MONTH], &month, &err)))
		return cmd_report(&err);
	if (month == DUES_MONTH_NONE)
		month = dues_month_of_day(date_today());
	{
		struct person p;
		if ((rc = person_store_get(ctx->db, a.person, &p, &err)) ||
		    (rc = dues_store_load(ctx->db, a.person, &f, &err)))
			return cmd_report(&err);
	}
	for (size_t i = 0; i < f.nr_bases; i++)
		if (first == DUES_MONTH_NONE || f.bases[i].from < first)
			first = f.bases[i].from;
	if (ctx->format == FORMAT_JSON) {
		out = dues_file_json(a.person, &f);
		arr = json_object_get(out, "months");
	}
	for (int k = first; first != DUES_MONTH_NONE && k <= month; k++) {
		struct dues_month dm;
		dues_month_of(&f, k, &dm);
		if (out) {
			json_array_append_new(arr, dues_month_json(&dm));
			continue;
		}
		printf("%s\tdue %s", dues_month_format(k, m),
		       dm.due_fen < 0 ? "-" : dues_format_yuan(dm.due_fen, y));
		printf("\tpaid %s", dues_format_yuan(dm.paid_fen, y));
		if (dm.last_paid != DATE_NONE)
			printf("\t%s %s", date_format(dm.last_paid, d), dm.method);
		if (dm.arrears_months)
			printf("\tarrears %d month(s), %s", dm.arrears_months,
			       dues_format_yuan(dm.arrears_fen, y));
		printf("\n");
	}
	if (!out)
		for (size_t i = 0; i < f.nr_specials; i++)
			printf("special\t%s\t%s\t%s\n", date_format(f.specials[i].date, d),
			       dues_format_yuan(f.specials[i].amount_fen, y), f.specials[i].note);
	dues_file_release(&f);
	if (out)
		cmd_print_json(out);
	return EXIT_OK;
}

struct ledger_print {
	json_t *items;
	struct dues_ledger_writer *w;
	int min_months;
};

static int print_row(const struct dues_ledger_row *row, void *vctx)
{
	struct ledger_print *p = vctx;
	char y[32], z[32], d[DATE_STR_SIZE];

	if (row->m.arrears_months < p->min_months)
		return 0;
	if (p->w)
		return dues_ledger_writer_row(p->w, row) != ST_OK;
	if (p->items) {
		json_array_append_new(p->items, dues_ledger_row_json(row));
		return 0;
	}
	printf("%lld\t%s\tdue %s\tpaid %s", row->person_id, row->name,
	       row->m.due_fen < 0 ? "-" : dues_format_yuan(row->m.due_fen, y),
	       dues_format_yuan(row->m.paid_fen, z));
	if (row->m.last_paid != DATE_NONE)
		printf("\t%s %s", date_format(row->m.last_paid, d), row->m.method);
	if (row->m.arrears_months)
		printf("\tarrears %d month(s), %s", row->m.arrears_months,
		       dues_format_yuan(row->m.arrears_fen, y));
	printf("\n");
	return 0;
}

static int ledger(int argc, char **argv, struct cmd_ctx *ctx, int arrears)
{
	struct error err = ERROR_INIT;
	struct ledger_print p = { NULL, NULL, 0 };
	struct dues_ledger_totals t;
	struct args a;
	struct org o;
	int rc, month, fmt = -1;
	char y[32], z[32], w[32], m[DUES_MONTH_STR_SIZE];

	if ((rc = parse(argc, argv, ctx, 0, &a)))
		return rc;
	if (!a.v[O_ORG] || !a.v[O_MONTH]) {
		fprintf(stderr, "orgwork: dues %s needs --org and --month\n", argv[0]);
		return subcmd_usage(ctx);
	}
	if (a.v[O_FORMAT] && !arrears) {
		if (!strcmp(a.v[O_FORMAT], "csv"))
			fmt = DUES_EXPORT_CSV;
		else if (!strcmp(a.v[O_FORMAT], "xlsx"))
			fmt = DUES_EXPORT_XLSX;
		else {
			fprintf(stderr, "orgwork: dues ledger --format is json, csv or xlsx\n");
			return subcmd_usage(ctx);
		}
		if (fmt == DUES_EXPORT_XLSX && !a.v[O_OUT]) {
			fprintf(stderr, "orgwork: dues ledger --format xlsx needs --out FILE\n");
			return subcmd_usage(ctx);
		}
	}
	if (arrears) {
		p.min_months = 1;
		if ((rc = int_arg("min-months", a.v[O_MIN_MONTHS], 1, 999, &p.min_months, &err)))
			return cmd_report(&err);
	}
	if ((rc = month_arg("month", a.v[O_MONTH], &month, &err)) ||
	    (rc = org_resolve(ctx->db, a.v[O_ORG], &o, &err)))
		return cmd_report(&err);
	if (fmt >= 0) {
		if ((rc = dues_ledger_writer_open(fmt, a.v[O_OUT], &o, month, &p.w, &err)))
			return cmd_report(&err);
	} else if (ctx->format == FORMAT_JSON) {
		p.items = json_array();
	}
	rc = dues_ledger(ctx->db, o.id, month, print_row, &p, &t, &err);
	if (p.w) {
		int rc2 = dues_ledger_writer_close(p.w, rc ? NULL : &t, rc ? NULL : &err);
		if (!rc)
			rc = rc2;
		return rc ? cmd_report(&err) : EXIT_OK;
	}
	if (rc) {
		json_decref(p.items);
		return cmd_report(&err);
	}
	if (p.items) {
		cmd_print_json(json_pack("{s:s,s:s,s:o,s:o}", "org", o.code, "month",
					 dues_month_format(month, m), "items", p.items, "totals",
					 dues_totals_json(&t)));
		return EXIT_OK;
	}
	printf("total\t%lld members\tdue %s\tpaid %s\tarrears %s (%lld in arrears)\n", t.members,
	       dues_format_yuan(t.due_fen, y), dues_format_yuan(t.paid_fen, z),
	       dues_format_yuan(t.arrears_fen, w), t.in_arrears);
	return EXIT_OK;
}

static int run_ledger(int argc, char **argv, struct cmd_ctx *ctx)
{
	return ledger(argc, argv, ctx, 0);
}

static int run_arrears(int argc, char **argv, struct cmd_ctx *ctx)
{
	return ledger(argc, argv, ctx, 1);
}

/* ---- stats -------------------------------------------------------------- */

static int run_stats(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct stats_dues_month out[STATS_DUES_MAX_MONTHS];
	struct stats_dues_cell t;
	struct args a;
	struct org o;
	int rc, from, to, n, csv = 0, json = ctx->format == FORMAT_JSON;
	char m[DUES_MONTH_STR_SIZE], y[4][32];

	if ((rc = parse(argc, argv, ctx, 0, &a)))
		return rc;
	if (!a.v[O_ORG]) {
		fprintf(stderr, "orgwork: dues stats needs --org\n");
		return subcmd_usage(ctx);
	}
	if (a.v[O_FORMAT]) {
		if (!strcmp(a.v[O_FORMAT], "csv")) {
			csv = 1;
			json = 0;
		} else if (!strcmp(a.v[O_FORMAT], "json")) {
			json = 1;
		} else {
			fprintf(stderr, "orgwork: dues stats --format is json or csv\n");
			return subcmd_usage(ctx);
		}
	}
	/* a range that is missing, not months or too long: a usage error naming its field */
	if ((rc = month_arg("from", a.v[O_FROM], &from, &err)) ||
	    (rc = month_arg("to", a.v[O_TO], &to, &err)) ||
	    (rc = dues_stats_range(from, to, &err))) {
		cmd_report(&err);
		return subcmd_usage(ctx);
	}
	if ((rc = org_resolve(ctx->db, a.v[O_ORG], &o, &err)) ||
	    (rc = dues_stats_db(ctx->db, o.id, from, to, out, &err)))
		return cmd_report(&err);
	n = to - from + 1;
	memset(&t, 0, sizeof(t));
	for (int i = 0; i < n; i++) {
		t.due_fen += out[i].c.due_fen;
		t.paid_fen += out[i].c.paid_fen;
		t.special_fen += out[i].c.special_fen;
	}
	if (json) {
		json_t *items = json_array();
		for (int i = 0; i < n; i++)
			json_array_append_new(items, dues_stats_month_json(&out[i]));
		cmd_print_json(json_pack("{s:s,s:s,s:s,s:o,s:{s:I,s:I,s:I,s:I,s:I}}", "org", o.code,
					 "from", dues_month_format(from, y[0]), "to",
					 dues_month_format(to, y[1]), "months", items, "totals",
					 "due_fen", (json_int_t)t.due_fen, "paid_fen",
					 (json_int_t)t.paid_fen, "special_fen",
					 (json_int_t)t.special_fen,
					 "arrears_members", (json_int_t)out[n - 1].c.arrears_members,
					 "arrears_fen", (json_int_t)out[n - 1].c.arrears_fen));
		return EXIT_OK;
	}
	if (csv)
		printf("month,members_due,due_fen,paid_fen,paid_full,arrears_members,arrears_fen,"
		       "special_fen\n");
	for (int i = 0; i < n; i++) {
		const struct stats_dues_cell *c = &out[i].c;
		dues_month_format(out[i].month, m);
		if (csv)
			printf("%s,%lld,%lld,%lld,%lld,%lld,%lld,%lld\n", m, c->members_due,
			       c->due_fen, c->paid_fen, c->paid_full, c->arrears_members,
			       c->arrears_fen, c->special_fen);
		else
			printf("%s\t%lld due\tdue %s\tpaid %s (%lld in full)\tarrears %s (%lld in arrears)"
			       "\tspecial %s\n", m, c->members_due, dues_format_yuan(c->due_fen, y[0]),
			       dues_format_yuan(c->paid_fen, y[1]), c->paid_full,
			       dues_format_yuan(c->arrears_fen, y[2]), c->arrears_members,
			       dues_format_yuan(c->special_fen, y[3]));
	}
	if (!csv)
		printf("total\tdue %s\tpaid %s\tspecial %s\n", dues_format_yuan(t.due_fen, y[0]),
		       dues_format_yuan(t.paid_fen, y[1]), dues_format_yuan(t.special_fen, y[2]));
	return EXIT_OK;
}
