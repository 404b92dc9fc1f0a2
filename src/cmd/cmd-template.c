/*
 * cmd-template.c - 'orgwork template' (not yet implemented).
 */
#include <stdio.h>

#include "cmd/cmd.h"

int cmd_template(int argc, char **argv, struct cmd_ctx *ctx)
{
	(void)argc;
	(void)argv;
	(void)ctx;
	fprintf(stderr, "orgwork: 'template' is not implemented yet\n");
	return EXIT_FAIL;
}
