/*
 * cmd-util.c - helpers shared by the subcommands: dying, error reports,
 * opening the database, asking for help, option values, JSON output, who
 * acts.
 */
#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "store/db.h"

void die(const char *fmt, ...)
{
	va_list ap;

	fputs("orgwork: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_FAIL);
}

int cmd_report(const struct error *err)
{
	char msg[1024];

	error_describe(err, msg, sizeof(msg));
	fprintf(stderr, "orgwork: %s: %s\n", status_code(err->status), msg);
	return EXIT_FAIL;
}

int cmd_usage(const char *usage)
{
	fputs(usage, stderr);
	return EXIT_USAGE;
}

int cmd_open_db(struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;

	if (db_open(ctx->db_path, DB_OPEN_EXISTING, &ctx->db, &err))
		return cmd_report(&err);
	return EXIT_OK;
}

int cmd_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return 1;
	return 0;
}

int cmd_parse_format(const char *s, enum output_format *out)
{
	if (!strcmp(s, "text"))
		*out = FORMAT_TEXT;
	else if (!strcmp(s, "json"))
		*out = FORMAT_JSON;
	else
		return -1;
	return 0;
}

long long cmd_parse_id(const char *s)
{
	char *end;
	long long v;

	if (!s || !*s)
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v <= 0)
		return -1;
	return v;
}

void cmd_print_json(void *json)
{
	json_t *j = json;
	char *s = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII * 0 | JSON_PRESERVE_ORDER);

	if (s) {
		fputs(s, stdout);
		fputc('\n', stdout);
		free(s);
	}
	json_decref(j);
}

const char *cmd_actor(void)
{
	static char actor[64];

	if (!actor[0]) {
		struct passwd *pw = getpwuid(getuid());
		snprintf(actor, sizeof(actor), "cli:%s", pw ? pw->pw_name : "unknown");
	}
	return actor;
}
