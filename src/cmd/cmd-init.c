/*
 * cmd-init.c - 'orgwork init' (not yet implemented).
 */
#include <stdio.h>

#include "cmd/cmd.h"

int cmd_init(int argc, char **argv, struct cmd_ctx *ctx)
{
	(void)argc;
	(void)argv;
	(void)ctx;
	fprintf(stderr, "orgwork: 'init' is not implemented yet\n");
	return EXIT_FAIL;
}
