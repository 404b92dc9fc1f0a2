/*
 * cmd-util.c - helpers shared by the subcommands: dying, error reports,
 * opening the database, asking for help, option values, JSON output, who
 * acts, the printing of events (organization history, member timeline).
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
#include "core/date.h"
#include "json/codec.h"
#include "model/event.h"
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
	/* the catalogue rule that refused, when the message does not name it */
	if (err->rule[0] && !strstr(msg, err->rule))
		fprintf(stderr, "orgwork: rule %s: %s\n", err->rule, err->source);
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

static void print_schema_diff(const char *what, const char *type, const char *name,
			      void *ctx)
{
	(void)ctx;
	fprintf(stderr, "orgwork: schema: %s %s %s\n", what, type, name);
}

int cmd_schema_check(struct db *db, int *nr_diffs)
{
	struct error err = ERROR_INIT;

	if (db_schema_check(db, print_schema_diff, NULL, nr_diffs, &err))
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

void cmd_events_init(struct cmd_events *p, enum output_format format)
{
	p->format = format;
	p->out = format == FORMAT_JSON ? json_array() : NULL;
}

int cmd_event_print(const struct event *ev, void *ctx)
{
	struct cmd_events *p = ctx;
	char d[DATE_STR_SIZE];

	if (p->format == FORMAT_JSON)
		return event_json_append(ev, p->out);
	printf("%s  %-9s %s%s%s  (%s)\n", date_format(ev->date, d), ev->kind,
	       ev->detail, ev->reference[0] ? "  ref " : "", ev->reference, ev->actor);
	return 0;
}

void cmd_events_finish(struct cmd_events *p, int rc)
{
	if (p->out && !rc)
		cmd_print_json(p->out);
	else
		json_decref(p->out);
	p->out = NULL;
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
