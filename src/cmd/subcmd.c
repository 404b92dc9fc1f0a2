/*
 * subcmd.c - running a command that has a subcommand table (org, member,
 * user, report, audit), and the usage texts built from such a table.
 *
 * The table row of a subcommand is checked here before its handler runs:
 * help is answered first, without a database; then CMD_NEEDS_DB opens it.
 * Not here: the command table itself (src/main.c) and option parsing
 * (options.c, or each command's getopt).
 */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"

const struct subcmd *subcmd_find(const struct subcmd_table *t, const char *name)
{
	for (const struct subcmd *s = t->subs; s->name; s++)
		if (!strcmp(s->name, name))
			return s;
	return NULL;
}

void subcmd_print_usage(FILE *f, const struct cmd *c, const struct subcmd *s)
{
	const char *prefix = "usage: ";

	for (const struct subcmd *r = s ? s : c->subs->subs; r->name; r++) {
		fputs(prefix, f);
		fputs(r->usage, f);
		prefix = "       ";
		if (s)
			break;
	}
	if (c->subs->notes)
		fputs(c->subs->notes, f);
}

int subcmd_usage(const struct cmd_ctx *ctx)
{
	subcmd_print_usage(stderr, ctx->cmd, ctx->sub);
	return EXIT_USAGE;
}

static int is_help(const char *a)
{
	return !strcmp(a, "--help") || !strcmp(a, "-h") || !strcmp(a, "help");
}

int subcmd_run(const struct cmd *c, int argc, char **argv, struct cmd_ctx *ctx)
{
	const struct subcmd *s;
	int rc;

	if (argc < 2) {
		subcmd_print_usage(stderr, c, NULL);
		return EXIT_USAGE;
	}
	if (is_help(argv[1])) {
		/* `orgwork org help move` is `orgwork org move --help` */
		s = argc > 2 && !strcmp(argv[1], "help") ? subcmd_find(c->subs, argv[2]) : NULL;
		if (argc > 2 && !strcmp(argv[1], "help") && !s) {
			fprintf(stderr, "orgwork: unknown %s subcommand '%s'\n", c->name, argv[2]);
			subcmd_print_usage(stderr, c, NULL);
			return EXIT_USAGE;
		}
		subcmd_print_usage(stdout, c, s);
		return EXIT_OK;
	}
	if (!(s = subcmd_find(c->subs, argv[1]))) {
		fprintf(stderr, "orgwork: unknown %s subcommand '%s'\n", c->name, argv[1]);
		subcmd_print_usage(stderr, c, NULL);
		return EXIT_USAGE;
	}
	ctx->cmd = c;
	ctx->sub = s;
	if (cmd_wants_help(argc - 1, argv + 1)) {
		subcmd_print_usage(stdout, c, s);
		return EXIT_OK;
	}
	if ((s->flags & CMD_NEEDS_DB) && (rc = cmd_open_db(ctx)))
		return rc;
	return s->fn(argc - 1, argv + 1, ctx);
}
