/*
 * cmd-export.c - 'orgwork export': the members of an organization or its
 * subtree as CSV or XLSX in the import layout.
 *
 * Parses the options and calls formats/export.c; organization and status
 * arguments are read with org_resolve and code_parse. No export logic here.
 * Like an export over HTTP, each export is committed to the access log
 * (access_log_export, actor "cli:<login>"); when that fails the file is
 * removed and the command fails.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "model/codes.h"
#include "core/date.h"
#include "model/org.h"
#include "formats/export.h"
#include "ops/audit.h"
#include "ops/member-ops.h"
#include "ops/org-ops.h"
#include "stats/stats.h"

static const char export_usage[] =
	"usage: orgwork export --org ORG [--subtree|--no-subtree] [--status S]\n"
	"                      [--filter DIM=VALUE,...] [--format csv|xlsx]\n"
	"                      [--max-rows N] [--max-seconds S] [--reason TEXT]\n"
	"                      --out FILE\n"
	"\n"
	"Writes the members of ORG (a code, or id:N) and, by default, of its whole\n"
	"subtree to FILE, with the columns of the import (Chinese headers), so the\n"
	"file imports again unchanged. CSV is UTF-8 with BOM; XLSX keeps the ID\n"
	"number as text and dates as dates. The format defaults to the extension\n"
	"of FILE. --status keeps one membership status (e.g. full, 正式党员).\n"
	"--filter keeps the members of one cell of a roll-up, in the roll-up's\n"
	"filter syntax, one value per dimension (sex=female,age_band=31-35), as\n"
	"the API's filter= does; ages are counted today.\n"
	"\n"
	"An export of more than --max-rows members (default 1000000; an XLSX sheet\n"
	"holds at most 1048575) or running longer than --max-seconds (default 600)\n"
	"fails and removes FILE; 0 lifts the cap.\n"
	"\n"
	"--reason says why the personal data is exported (one line, at most 100\n"
	"characters); it is written to the access-log row of the export. It is\n"
	"optional here (the API requires it).\n";

/* A cap: a whole number in [0, max] (0: no cap); anything else is refused. */
static int parse_cap(const char *opt, const char *v, long long max, long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(v, &end, 10);
	if (errno || *end || !*v || *v == '-' || *v == '+' || *out < 0 || *out > max) {
		fprintf(stderr, "orgwork: export: %s takes a whole number from 0 to %lld\n",
			opt, max);
		return -1;
	}
	return 0;
}

static int ends_with_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && !strcasecmp(s + n - k, suffix);
}

int cmd_export(int argc, char **argv, struct cmd_ctx *ctx)
{
	const char *org_arg = NULL, *out = NULL, *fmt = NULL, *status = NULL,
		   *filter = NULL, *reason = NULL;
	struct export_query q = { .subtree = 1 };
	enum export_format format;
	struct error err = ERROR_INIT;
	struct org o;
	long long n = 0, cap;
	struct export_limits lim = { .max_rows = EXPORT_MAX_ROWS_DEFAULT,
				     .max_seconds = EXPORT_MAX_SECONDS_DEFAULT };

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--org") && val) {
			org_arg = val;
			i++;
		} else if (!strcmp(a, "--out") && val) {
			out = val;
			i++;
		} else if (!strcmp(a, "--format") && val) {
			fmt = val;
			i++;
		} else if (!strcmp(a, "--status") && val) {
			status = val;
			i++;
		} else if (!strcmp(a, "--reason") && val) {
			reason = val;
			i++;
		} else if (!strcmp(a, "--filter") && val) {
			filter = val;
			i++;
		} else if (!strcmp(a, "--max-rows") && val) {
			if (parse_cap(a, val, 10000000000LL, &cap))
				return EXIT_USAGE;
			lim.max_rows = cap;
			i++;
		} else if (!strcmp(a, "--max-seconds") && val) {
			if (parse_cap(a, val, 7 * 86400, &cap))
				return EXIT_USAGE;
			lim.max_seconds = (int)cap;
			i++;
		} else if (!strcmp(a, "--subtree")) {
			q.subtree = 1;
		} else if (!strcmp(a, "--no-subtree")) {
			q.subtree = 0;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(export_usage, stdout);
			return EXIT_OK;
		} else {
			fprintf(stderr, "orgwork: export: unexpected argument '%s'\n", a);
			return cmd_usage(export_usage);
		}
	}
	if (!org_arg || !out)
		return cmd_usage(export_usage);
	if (!fmt)
		fmt = ends_with_ci(out, ".xlsx") ? "xlsx" : "csv";
	if (!strcasecmp(fmt, "csv"))
		format = EXPORT_CSV;
	else if (!strcasecmp(fmt, "xlsx"))
		format = EXPORT_XLSX;
	else
		return cmd_usage(export_usage);
	if (status) {
		const struct code_entry *e = code_parse(&code_member_status, status);
		if (!e) {
			fprintf(stderr, "orgwork: export: unknown status '%s'\n", status);
			return EXIT_USAGE;
		}
		q.status = e->code;
	}
	if (filter && stats_drill_filter(filter, date_today(), &q.drill, &err)) {
		cmd_report(&err);
		return EXIT_USAGE;
	}
	if (access_reason_check(reason, 0, &err)) {
		cmd_report(&err);
		return EXIT_USAGE;
	}
	if (org_resolve(ctx->db, org_arg, &o, &err))
		return cmd_report(&err);
	q.org_id = o.id;
	if (export_members(ctx->db, &q, format, out, &lim, &n, &err))
		return cmd_report(&err);
	if (access_log_export(ctx->db, cmd_actor(), o.id,
			      format == EXPORT_XLSX ? "xlsx" : "csv", q.subtree, n, reason,
			      &err)) {
		unlink(out);
		return cmd_report(&err);
	}
	printf("exported %lld members of %s (%s) to %s\n", n, o.code, o.name, out);
	return EXIT_OK;
}
