/*
 * cmd-idcard.c - 'orgwork idcard' (not yet implemented).
 */
#include <stdio.h>

#include "cmd/cmd.h"

int cmd_idcard(int argc, char **argv, struct cmd_ctx *ctx)
{
	(void)argc;
	(void)argv;
	(void)ctx;
	fprintf(stderr, "orgwork: 'idcard' is not implemented yet\n");
	return EXIT_FAIL;
}
