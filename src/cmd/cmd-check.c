/*
 * cmd-check.c - 'orgwork check' (not yet implemented).
 */
#include <stdio.h>

#include "cmd/cmd.h"

int cmd_check(int argc, char **argv, struct cmd_ctx *ctx)
{
	(void)argc;
	(void)argv;
	(void)ctx;
	fprintf(stderr, "orgwork: 'check' is not implemented yet\n");
	return EXIT_FAIL;
}
