/*
 * cmd-org.c - 'orgwork org' (not yet implemented).
 */
#include <stdio.h>

#include "cmd/cmd.h"

int cmd_org(int argc, char **argv, struct cmd_ctx *ctx)
{
	(void)argc;
	(void)argv;
	(void)ctx;
	fprintf(stderr, "orgwork: 'org' is not implemented yet\n");
	return EXIT_FAIL;
}
