/*
 * cmd-import.c - 'orgwork import': organizations and members from a CSV or
 * XLSX file, all or nothing, with a report of every bad row.
 *
 * Parses the options, runs formats/import.c and prints the outcome: counts on
 * success, one line per error otherwise (and the report file when asked).
 * The rules of the import live in formats/import.c, not here.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "core/date.h"
#include "formats/charset.h"
#include "formats/import.h"

static const char import_usage[] =
	"usage: orgwork import [--dry-run] [--report FILE] FILE\n"
	"\n"
	"Imports organizations and members from FILE: a CSV file (UTF-8, with or\n"
	"without BOM, or GB18030) whose header names the columns of organizations\n"
	"or of members, or an XLSX workbook with a 党组织 and/or a 党员 sheet (see\n"
	"'orgwork template'). Every row is checked; if any row is invalid nothing\n"
	"is written and every error is listed with its line and column.\n"
	"\n"
	"  --dry-run        check only, write nothing\n"
	"  --report FILE    also write the errors to FILE (.csv or .xlsx)\n"
	"\n"
	"Exit status: 0 imported (or valid with --dry-run), 1 invalid rows or\n"
	"failure, 2 usage error.\n";

static json_t *issues_json(const struct import_result *res)
{
	json_t *a = json_array();

	for (size_t i = 0; i < res->nr_issues; i++) {
		const struct import_issue *is = &res->issues[i];
		json_t *o = json_object();
		if (is->sheet[0])
			json_object_set_new(o, "sheet", json_string(is->sheet));
		json_object_set_new(o, "line", json_integer(is->line));
		json_object_set_new(o, "column", json_string(is->column));
		json_object_set_new(o, "value", json_string(is->value));
		json_object_set_new(o, "reason", json_string(is->reason));
		json_array_append_new(a, o);
	}
	return a;
}

int cmd_import(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct import_options opt = { 0, NULL, 0, DATE_NONE, 0, NULL };
	struct import_result res;
	struct error err = ERROR_INIT;
	const char *report = NULL, *file = NULL;
	int rc, status = EXIT_OK;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--dry-run")) {
			opt.dry_run = 1;
		} else if (!strcmp(argv[i], "--report") && i + 1 < argc) {
			report = argv[++i];
		} else if (!strncmp(argv[i], "--report=", 9)) {
			report = argv[i] + 9;
		} else if (!strcmp(argv[i], "--bulk")) {
			opt.bulk = 1;
		} else if (!strcmp(argv[i], "--no-bulk")) {
			opt.bulk = -1;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(import_usage, stdout);
			return EXIT_OK;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "orgwork: import: unknown option '%s'\n", argv[i]);
			return cmd_usage(import_usage);
		} else if (!file) {
			file = argv[i];
		} else {
			return cmd_usage(import_usage);
		}
	}
	if (!file)
		return cmd_usage(import_usage);
	opt.actor = cmd_actor();

	import_result_init(&res);
	rc = import_file(ctx->db, file, &opt, &res, &err);
	if (rc && rc != ST_INVALID) {
		import_result_release(&res);
		return cmd_report(&err);
	}
	if (report) {
		struct error rerr = ERROR_INIT;
		if (import_report_write(&res, report, &rerr))
			status = cmd_report(&rerr);
	}

	if (ctx->format == FORMAT_JSON) {
		json_t *o = json_object();
		json_object_set_new(o, "ok", json_boolean(rc == ST_OK));
		json_object_set_new(o, "dry_run", json_boolean(opt.dry_run));
		json_object_set_new(o, "organizations", json_integer(res.orgs));
		json_object_set_new(o, "members", json_integer(res.members));
		json_object_set_new(o, "rows", json_integer(res.rows));
		json_object_set_new(o, "written", json_boolean(res.committed));
		if (res.committed)
			json_object_set_new(o, "batch", json_integer(res.batch_id));
		json_object_set_new(o, "error_count", json_integer(res.nr_errors));
		json_object_set_new(o, "errors", issues_json(&res));
		cmd_print_json(o);
	} else if (rc == ST_OK) {
		const char *cs = res.is_xlsx ? "XLSX" : charset_name(res.charset);
		if (res.rows == 0)
			printf("no rows to import in %s\n", file);
		else if (opt.dry_run)
			printf("valid: %lld organizations, %lld members (%s); dry run, nothing written\n",
			       res.orgs, res.members, cs);
		else
			printf("imported %lld organizations, %lld members from %s (%s, batch %lld)\n",
			       res.orgs, res.members, file, cs, res.batch_id);
	} else {
		char line[1024];
		for (size_t i = 0; i < res.nr_issues; i++) {
			import_issue_describe(&res.issues[i], line, sizeof(line));
			fprintf(stderr, "%s\n", line);
		}
		if (res.nr_errors > (long long)res.nr_issues)
			fprintf(stderr, "... and %lld more errors\n",
				res.nr_errors - (long long)res.nr_issues);
		fprintf(stderr, "orgwork: %lld invalid %s in %s; nothing was imported\n",
			res.nr_errors, res.nr_errors == 1 ? "entry" : "entries", file);
	}
	if (rc)
		status = EXIT_FAIL;
	import_result_release(&res);
	return status;
}
