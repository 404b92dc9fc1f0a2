/*
 * cmd-calendar.c - 'orgwork calendar': the working-day calendar.
 *
 *   calendar workdays FROM TO
 *   calendar add-workdays DATE N
 *   calendar list --year Y
 *   calendar import FILE
 * FROM after TO, N below 1 and dates of years the calendar does not cover
 * are usage errors (exit 2), never a guess. Not for: the dates or the
 * counting (model/calendar.c, ops/calendar.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "cmd/options.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "ops/calendar.h"

static int run_workdays(int argc, char **argv, struct cmd_ctx *ctx);
static int run_add(int argc, char **argv, struct cmd_ctx *ctx);
static int run_list(int argc, char **argv, struct cmd_ctx *ctx);
static int run_import(int argc, char **argv, struct cmd_ctx *ctx);

static const struct subcmd subs[] = {
	{ "workdays", run_workdays, CMD_NEEDS_DB, "working days from FROM to TO, both included",
	  "orgwork calendar workdays FROM TO\n" },
	{ "add-workdays", run_add, CMD_NEEDS_DB,
	  "the date of the N-th working day counted from DATE",
	  "orgwork calendar add-workdays DATE N\n" },
	{ "list", run_list, CMD_NEEDS_DB, "the holidays and working weekend days of a year",
	  "orgwork calendar list --year Y\n" },
	{ "import", run_import, CMD_NEEDS_DB,
	  "add the installation's holidays and working days (CSV date,kind)",
	  "orgwork calendar import FILE\n" },
	{ NULL, NULL, 0, NULL, NULL },
};

const struct subcmd_table cmd_calendar_table = {
	subs,
	"A working day is Monday to Friday unless a holiday, or a weekend day listed\n"
	"as a working day (调休). Shipped: the State Council's notices for 2020-2026;\n"
	"a later year is covered once `calendar import` lists any date of it. DATE,\n"
	"FROM and TO are YYYY-MM-DD; N is 1 or more, DATE included when it is a\n"
	"working day. FILE is CSV `date,kind`, kind holiday or workday, an optional\n"
	"header line `date,kind`, at most 1000 lines and 64 KiB, all or nothing.\n",
};

enum { O_YEAR };

static const struct opt_spec specs[] = {
	{ "year", 1, O_YEAR },
	{ NULL, 0, 0 },
};

struct cal_args {
	long year;
	int seen_year;
};

static int on_opt(int id, const char *name, const char *v, void *p, struct error *err)
{
	struct cal_args *a = p;
	char *end;

	if (id == O_YEAR) {
		errno = 0;
		a->year = strtol(v, &end, 10);
		if (errno || end == v || *end || a->year < 1800 || a->year > 2200)
			return error_set(err, ST_INVALID, name, "--%s takes a year 1800-2200", name);
		a->seen_year = 1;
	}
	return ST_OK;
}

static int start(int argc, char **argv, struct cmd_ctx *ctx, struct cal_args *a,
		 struct opts_result *res, int positional)
{
	struct error err = ERROR_INIT;

	memset(a, 0, sizeof(*a));
	if (opts_parse(argc, argv, specs, on_opt, a, res, &err)) {
		cmd_report(&err);
		return subcmd_usage(ctx);
	}
	if (res->nr_positional != positional)
		return subcmd_usage(ctx);
	return EXIT_OK;
}

/* A refused question: the reason on stderr, exit as a usage error. */
static int usage_error(const struct error *err)
{
	cmd_report(err);
	return EXIT_USAGE;
}

static int arg_date(const char *s, const char *field, int *day)
{
	struct error err = ERROR_INIT;

	if (!date_parse(s, day))
		return EXIT_OK;
	error_set(&err, ST_INVALID, field, "%s takes a date YYYY-MM-DD, not '%s'", field, s);
	return usage_error(&err);
}

static int run_workdays(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct cal_args a;
	struct opts_result res;
	int from, to, n, rc;

	if ((rc = start(argc, argv, ctx, &a, &res, 2)) ||
	    (rc = arg_date(res.positional[0], "from", &from)) ||
	    (rc = arg_date(res.positional[1], "to", &to)))
		return rc;
	if ((rc = calendar_workdays(ctx->db, from, to, &n, &err)))
		return rc == ST_INVALID ? usage_error(&err) : cmd_report(&err);
	if (ctx->format == FORMAT_JSON)
		cmd_print_json(json_pack("{s:i}", "workdays", n));
	else
		printf("%d\n", n);
	return EXIT_OK;
}

static int run_add(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct cal_args a;
	struct opts_result res;
	char d[DATE_STR_SIZE], *end;
	int day, out, rc;
	long n;

	if ((rc = start(argc, argv, ctx, &a, &res, 2)) ||
	    (rc = arg_date(res.positional[0], "date", &day)))
		return rc;
	errno = 0;
	n = strtol(res.positional[1], &end, 10);
	if (errno || end == res.positional[1] || *end || n < 1 || n > CALENDAR_MAX_N) {
		error_set(&err, ST_INVALID, "n", "N is a whole number from 1 to %d, not '%s'",
			  CALENDAR_MAX_N, res.positional[1]);
		return usage_error(&err);
	}
	if ((rc = calendar_add_workdays(ctx->db, day, (int)n, &out, &err)))
		return rc == ST_INVALID ? usage_error(&err) : cmd_report(&err);
	date_format(out, d);
	if (ctx->format == FORMAT_JSON)
		cmd_print_json(json_pack("{s:s}", "date", d));
	else
		printf("%s\n", d);
	return EXIT_OK;
}

static int print_entry(const struct calendar_entry *e, void *p)
{
	char d[DATE_STR_SIZE];

	date_format(e->day, d);
	if (p) {
		json_array_append_new(p, json_pack("{s:s,s:s,s:s,s:s,s:b}", "date", d,
						   "kind", calendar_kind_name(e->kind),
						   "name", e->name, "source", e->source,
						   "installed", e->installed));
		return 0;
	}
	printf("%s %-7s %s\n", d, calendar_kind_name(e->kind),
	       e->installed ? "(installation)" : e->name);
	printf("    %s\n", e->source);
	return 0;
}

static int run_list(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct cal_args a;
	struct opts_result res;
	json_t *items = NULL;
	int rc;

	if ((rc = start(argc, argv, ctx, &a, &res, 0)))
		return rc;
	if (!a.seen_year)
		return subcmd_usage(ctx);
	if (ctx->format == FORMAT_JSON)
		items = json_array();
	rc = calendar_list(ctx->db, (int)a.year, print_entry, items, &err);
	if (items) {
		if (!rc)
			cmd_print_json(json_pack("{s:i,s:O}", "year", (int)a.year, "items", items));
		json_decref(items);
	}
	if (rc)
		return rc == ST_INVALID ? usage_error(&err) : cmd_report(&err);
	return EXIT_OK;
}

static int run_import(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct cal_args a;
	struct opts_result res;
	const char *path, *base;
	char *buf;
	size_t len;
	FILE *f;
	int rc, nr;

	if ((rc = start(argc, argv, ctx, &a, &res, 1)))
		return rc;
	path = res.positional[0];
	if (!(f = fopen(path, "rb"))) {
		error_set(&err, ST_IO, "file", "cannot open %s: %s", path, strerror(errno));
		return cmd_report(&err);
	}
	buf = xmalloc(CALENDAR_IMPORT_MAX_BYTES + 2);
	len = fread(buf, 1, CALENDAR_IMPORT_MAX_BYTES + 1, f);
	if (ferror(f)) {
		fclose(f);
		free(buf);
		error_set(&err, ST_IO, "file", "cannot read %s", path);
		return cmd_report(&err);
	}
	fclose(f);
	buf[len] = '\0';
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	rc = calendar_import(ctx->db, buf, len, base, cmd_actor(), &nr, &err);
	free(buf);
	if (rc)
		return cmd_report(&err);
	if (ctx->format == FORMAT_JSON)
		cmd_print_json(json_pack("{s:i}", "imported", nr));
	else
		printf("imported %d dates from %s\n", nr, base);
	return EXIT_OK;
}
