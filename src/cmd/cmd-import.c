/*
 * cmd-import.c - 'orgwork import' (not yet implemented).
 */
#include <stdio.h>

#include "cmd/cmd.h"

int cmd_import(int argc, char **argv, struct cmd_ctx *ctx)
{
	(void)argc;
	(void)argv;
	(void)ctx;
	fprintf(stderr, "orgwork: 'import' is not implemented yet\n");
	return EXIT_FAIL;
}
