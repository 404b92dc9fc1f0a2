/*
 * main.c - the orgwork command table and global options.
 *
 * This table is the index of the command-line program: every command is one
 * row {name, handler or subcommand table, flags, summary}, and docs/cli.md
 * follows it row by row (and docs/cli-*.md the subcommand tables of
 * cmd-<verb>.c). Global options (--db, --format) come before the command.
 * Flags are checked here before a handler runs, after help: `orgwork help
 * CMD`, `orgwork CMD --help` and `orgwork CMD SUB --help` print usage on
 * stdout without opening the database; CMD_NEEDS_DB opens it otherwise.
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
	{ "init", cmd_init, NULL, 0, "create (or migrate) the database" },
	{ "org", NULL, &cmd_org_table, 0, "organizations: the tree, its changes and their history" },
	{ "member", NULL, &cmd_member_table, 0, "people and members: records, lists, search, timeline" },
	{ "idcard", cmd_idcard, NULL, 0, "check a citizen ID number (GB 11643)" },
	{ "import", cmd_import, NULL, CMD_NEEDS_DB, "import organizations and members from CSV or XLSX" },
	{ "export", cmd_export, NULL, CMD_NEEDS_DB, "export the members of a subtree as CSV or XLSX" },
	{ "template", cmd_template, NULL, 0, "write the XLSX import template" },
	{ "check", cmd_check, NULL, CMD_NEEDS_DB, "check database integrity and consistency" },
	{ "report", NULL, &cmd_report_table, 0, "statistics of a subtree from the in-memory engine" },
	{ "gen", cmd_gen, NULL, 0, "generate a national-shape database" },
	{ "serve", cmd_serve, NULL, CMD_NEEDS_DB, "serve the JSON API and the web UI" },
	{ "user", NULL, &cmd_user_table, 0, "user accounts of the server" },
	{ "audit", NULL, &cmd_audit_table, 0, "the audit and access logs" },
	{ "rules", NULL, &cmd_rules_table, 0, "the rules catalogue: values in force, sources, overrides" },
	{ "calendar", NULL, &cmd_calendar_table, 0, "the working-day calendar: holidays, adjusted working days, counting" },
	{ "transfer", NULL, &cmd_transfer_table, 0, "transfers of a member's organizational relationship: letters, receipt, return" },
	{ "dues", NULL, &cmd_dues_table, 0, "party dues: bases, payments, reductions, the monthly ledger, arrears" },
	{ "findings", cmd_findings, NULL, CMD_NEEDS_DB, "what the rules find due or overdue in a subtree as of a date" },
	{ "version", cmd_version, NULL, 0, "print the version" },
	{ "help", cmd_help, NULL, 0, "list the commands, or print the usage of one" },
};

static const char main_usage[] =
	"usage: orgwork [--db PATH] [--format text|json] <command> [<args>]\n"
	"       orgwork help [<command> [<subcommand>]]\n"
	"       orgwork <command> [<subcommand>] --help\n";

static const struct cmd *find_command(const char *name)
{
	for (size_t k = 0; k < sizeof(commands) / sizeof(commands[0]); k++)
		if (!strcmp(commands[k].name, name))
			return &commands[k];
	return NULL;
}

/* The usage of a plain command: its handler answers --help, with no database. */
static int plain_help(const struct cmd *c, struct cmd_ctx *ctx)
{
	char *argv[] = { (char *)c->name, (char *)"--help", NULL };

	return c->fn(2, argv, ctx);
}

static void list_commands(void)
{
	char name[48];

	fputs(main_usage, stdout);
	fputs("\ncommands:\n", stdout);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		const struct cmd *c = &commands[i];
		printf("  %-10s %s\n", c->name, c->summary);
		for (const struct subcmd *s = c->subs ? c->subs->subs : NULL; s && s->name; s++) {
			snprintf(name, sizeof(name), "%s %s", c->name, s->name);
			printf("    %-17s %s\n", name, s->summary);
		}
	}
}

/* orgwork help [CMD [SUB]] */
static int cmd_help(int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct cmd *c;
	const struct subcmd *s = NULL;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		list_commands();
		return EXIT_OK;
	}
	if (!(c = find_command(argv[1]))) {
		fprintf(stderr, "orgwork: '%s' is not a command; see 'orgwork help'\n", argv[1]);
		return EXIT_USAGE;
	}
	if (argc > 3 || (argc == 3 && !c->subs)) {
		fprintf(stderr, "%s", main_usage);
		return EXIT_USAGE;
	}
	if (c->fn == cmd_help) {
		list_commands();
		return EXIT_OK;
	}
	if (!c->subs)
		return plain_help(c, ctx);
	if (argc == 3 && !(s = subcmd_find(c->subs, argv[2]))) {
		fprintf(stderr, "orgwork: unknown %s subcommand '%s'\n", c->name, argv[2]);
		subcmd_print_usage(stderr, c, NULL);
		return EXIT_USAGE;
	}
	subcmd_print_usage(stdout, c, s);
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
	struct cmd_ctx ctx = { "orgwork.db", FORMAT_TEXT, NULL, NULL, NULL };
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
			list_commands();
			return EXIT_OK;
		} else if (!strcmp(a, "--version")) {
			return cmd_version(0, NULL, &ctx);
		} else {
			fprintf(stderr, "orgwork: unknown option '%s'\n", a);
			return cmd_usage(main_usage);
		}
	}
	if (i >= argc)
		return cmd_usage(main_usage);

	const struct cmd *c = find_command(argv[i]);
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

	/* The command sees argv[0] = its name, so getopt works as usual. */
	int rc;
	ctx.cmd = c;
	if (c->subs)
		rc = subcmd_run(c, argc - i, argv + i, &ctx);
	else if (c->fn != cmd_help && cmd_wants_help(argc - i, argv + i))
		rc = plain_help(c, &ctx);   /* before the database: help needs none */
	else if (!(c->flags & CMD_NEEDS_DB) || !(rc = cmd_open_db(&ctx)))
		rc = c->fn(argc - i, argv + i, &ctx);
	if (ctx.db)
		db_close(ctx.db);
	return rc;
}
