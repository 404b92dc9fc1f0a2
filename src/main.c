/*
 * main.c - the orgwork command table and global options.
 *
 * This table is the index of the command-line program: every subcommand is
 * one row {name, handler, flags, summary}, and docs/cli.md follows it row by
 * row. Global options (--db, --format) come before the subcommand. Flags are
 * checked here before a handler runs: CMD_NEEDS_DB opens the database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/error.h"
#include "store/db.h"

static int cmd_help(int argc, char **argv, struct cmd_ctx *ctx);
static int cmd_version(int argc, char **argv, struct cmd_ctx *ctx);

static const struct cmd commands[] = {
	{ "init", cmd_init, 0, "create (or migrate) the database" },
	{ "org", cmd_org, CMD_NEEDS_DB, "organizations: add show tree move rename merge dissolve history" },
	{ "member", cmd_member, CMD_NEEDS_DB, "people and members: add show list search edit timeline" },
	{ "idcard", cmd_idcard, 0, "check a citizen ID number (GB 11643)" },
	{ "import", cmd_import, CMD_NEEDS_DB | CMD_WRITES, "import organizations and members from CSV or XLSX" },
	{ "export", cmd_export, CMD_NEEDS_DB, "export the members of a subtree as CSV or XLSX" },
	{ "template", cmd_template, 0, "write the XLSX import template" },
	{ "check", cmd_check, CMD_NEEDS_DB, "check database integrity and consistency" },
	{ "report", cmd_report_stats, CMD_NEEDS_DB, "statistics: rollup, bulletin" },
	{ "gen", cmd_gen, 0, "generate a national-shape database" },
	{ "serve", cmd_serve, CMD_NEEDS_DB, "serve the JSON API and the web UI" },
	{ "user", cmd_user, CMD_NEEDS_DB, "users: add list passwd disable" },
	{ "audit", cmd_audit, CMD_NEEDS_DB, "audit log: verify, show" },
	{ "version", cmd_version, 0, "print the version" },
	{ "help", cmd_help, 0, "list the commands" },
};

static const char main_usage[] =
	"usage: orgwork [--db PATH] [--format text|json] <command> [<args>]\n"
	"       orgwork help\n";

static int cmd_help(int argc, char **argv, struct cmd_ctx *ctx)
{
	(void)argc;
	(void)argv;
	(void)ctx;
	fputs(main_usage, stdout);
	fputs("\ncommands:\n", stdout);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		printf("  %-10s %s\n", commands[i].name, commands[i].summary);
	return EXIT_OK;
}

static int cmd_version(int argc, char **argv, struct cmd_ctx *ctx)
{
	(void)argc;
	(void)argv;
	(void)ctx;
	printf("orgwork %s\n", ORGWORK_VERSION);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	struct cmd_ctx ctx = { "orgwork.db", FORMAT_TEXT, NULL };
	const char *env_db = getenv("ORGWORK_DB");
	int i = 1;

	if (env_db && *env_db)
		ctx.db_path = env_db;
	while (i < argc && argv[i][0] == '-') {
		const char *a = argv[i];
		if (!strcmp(a, "--db") && i + 1 < argc) {
			ctx.db_path = argv[i + 1];
			i += 2;
		} else if (!strncmp(a, "--db=", 5)) {
			ctx.db_path = a + 5;
			i++;
		} else if (!strcmp(a, "--format") && i + 1 < argc) {
			if (cmd_parse_format(argv[i + 1], &ctx.format))
				return cmd_usage(main_usage);
			i += 2;
		} else if (!strncmp(a, "--format=", 9)) {
			if (cmd_parse_format(a + 9, &ctx.format))
				return cmd_usage(main_usage);
			i++;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			return cmd_help(0, NULL, &ctx);
		} else if (!strcmp(a, "--version")) {
			return cmd_version(0, NULL, &ctx);
		} else {
			fprintf(stderr, "orgwork: unknown option '%s'\n", a);
			return cmd_usage(main_usage);
		}
	}
	if (i >= argc)
		return cmd_usage(main_usage);

	const struct cmd *c = NULL;
	for (size_t k = 0; k < sizeof(commands) / sizeof(commands[0]); k++)
		if (!strcmp(commands[k].name, argv[i]))
			c = &commands[k];
	if (!c) {
		fprintf(stderr, "orgwork: '%s' is not a command; see 'orgwork help'\n",
			argv[i]);
		return EXIT_USAGE;
	}

	/*
	 * "--format text|json" may also follow the command (`orgwork org tree
	 * X --format json`): take it out of the command's arguments. Other
	 * values (export's csv/xlsx) belong to the command and stay.
	 */
	int n = i + 1;
	for (int k = i + 1; k < argc; k++) {
		const char *a = argv[k];
		if (!strcmp(a, "--")) {
			while (k < argc)
				argv[n++] = argv[k++];
			break;
		}
		if (!strcmp(a, "--format") && k + 1 < argc &&
		    !cmd_parse_format(argv[k + 1], &ctx.format)) {
			k++;
			continue;
		}
		if (!strncmp(a, "--format=", 9) && !cmd_parse_format(a + 9, &ctx.format))
			continue;
		argv[n++] = argv[k];
	}
	argc = n;
	argv[argc] = NULL;

	if (c->flags & CMD_NEEDS_DB) {
		struct error err = ERROR_INIT;
		if (db_open(ctx.db_path, DB_OPEN_EXISTING, &ctx.db, &err))
			return cmd_report(&err);
	}
	/* Subcommand sees argv[0] = its name, so getopt works as usual. */
	int rc = c->fn(argc - i, argv + i, &ctx);
	if (ctx.db)
		db_close(ctx.db);
	return rc;
}
