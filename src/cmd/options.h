/*
 * options.h - "--name value" option parsing for subcommands that take many
 * named fields (org add, member add/edit).
 *
 * A subcommand declares a table of struct opt_spec; opts_parse() walks argv,
 * accepting "--name value" and "--name=value", and calls back per option.
 * Positional arguments are collected in order. Unknown options are usage
 * errors naming the option.
 */
#ifndef OW_CMD_OPTIONS_H
#define OW_CMD_OPTIONS_H

#include "core/error.h"

struct opt_spec {
	const char *name;      /* without the leading "--" */
	int takes_value;
	int id;                /* passed back to the callback */
};

struct opts_result {
	char *positional[8];
	int nr_positional;
};

typedef int (*opt_fn)(int id, const char *name, const char *value, void *ctx,
		      struct error *err);

/*
 * argv[0] is the subcommand word. Returns ST_OK; ST_UNSUPPORTED for a usage
 * error (unknown option, missing value: the caller prints usage, exit 2);
 * or the callback's status for a bad value (reported, exit 1).
 */
int opts_parse(int argc, char **argv, const struct opt_spec *specs,
	       opt_fn fn, void *ctx, struct opts_result *res, struct error *err);

#endif
