/*
 * options.c - table-driven "--name value" parsing (see options.h).
 */
#include <string.h>

#include "cmd/options.h"

int opts_parse(int argc, char **argv, const struct opt_spec *specs,
	       opt_fn fn, void *ctx, struct opts_result *res, struct error *err)
{
	res->nr_positional = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] != '-' || a[1] != '-' || !a[2]) {
			if (!strcmp(a, "--")) {
				for (i++; i < argc; i++) {
					if (res->nr_positional == 8)
						return error_set(err, ST_UNSUPPORTED, NULL, "too many arguments");
					res->positional[res->nr_positional++] = argv[i];
				}
				break;
			}
			if (res->nr_positional == 8)
				return error_set(err, ST_UNSUPPORTED, NULL, "too many arguments");
			res->positional[res->nr_positional++] = argv[i];
			continue;
		}
		const char *name = a + 2, *eq = strchr(name, '='), *value = NULL;
		size_t len = eq ? (size_t)(eq - name) : strlen(name);
		const struct opt_spec *s = NULL;
		for (const struct opt_spec *t = specs; t->name; t++)
			if (strlen(t->name) == len && !strncmp(t->name, name, len))
				s = t;
		if (!s)
			return error_set(err, ST_UNSUPPORTED, NULL, "unknown option '--%.*s'",
					 (int)len, name);
		if (s->takes_value) {
			if (eq)
				value = eq + 1;
			else if (i + 1 < argc)
				value = argv[++i];
			else
				return error_set(err, ST_UNSUPPORTED, s->name,
						 "option --%s needs a value", s->name);
		} else if (eq) {
			return error_set(err, ST_UNSUPPORTED, s->name,
					 "option --%s takes no value", s->name);
		}
		int rc = fn(s->id, s->name, value, ctx, err);
		if (rc)
			return rc;
	}
	return ST_OK;
}
