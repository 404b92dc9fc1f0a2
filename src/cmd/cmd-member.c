/*
 * cmd-member.c - 'orgwork member' (not yet implemented).
 */
#include <stdio.h>

#include "cmd/cmd.h"

int cmd_member(int argc, char **argv, struct cmd_ctx *ctx)
{
	(void)argc;
	(void)argv;
	(void)ctx;
	fprintf(stderr, "orgwork: 'member' is not implemented yet\n");
	return EXIT_FAIL;
}
