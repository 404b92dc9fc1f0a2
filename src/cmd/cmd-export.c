/*
 * cmd-export.c - 'orgwork export' (not yet implemented).
 */
#include <stdio.h>

#include "cmd/cmd.h"

int cmd_export(int argc, char **argv, struct cmd_ctx *ctx)
{
	(void)argc;
	(void)argv;
	(void)ctx;
	fprintf(stderr, "orgwork: 'export' is not implemented yet\n");
	return EXIT_FAIL;
}
