/*
 * cmd-gen.c - 'orgwork gen' (not yet implemented).
 */
#include <stdio.h>

#include "cmd/cmd.h"

int cmd_gen(int argc, char **argv, struct cmd_ctx *ctx)
{
	(void)argc;
	(void)argv;
	(void)ctx;
	fprintf(stderr, "orgwork: 'gen' is not implemented yet\n");
	return EXIT_FAIL;
}
