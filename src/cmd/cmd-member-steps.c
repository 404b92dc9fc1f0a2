/*
 * cmd-member-steps.c - 'orgwork member step' and 'orgwork member steps':
 * the development procedure of a member from the command line.
 *
 *   member step PERSON STEP --date D [--field KEY=VALUE ...]
 *   member steps PERSON
 *
 * PERSON is the person's id. Writes go through ops/development-ops.c; the
 * rules that may refuse a step are model/development.c's. Not for the other
 * member subcommands (cmd-member.c, whose table lists these two).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "cmd/options.h"
#include "core/date.h"
#include "json/dev-json.h"
#include "model/codes.h"
#include "ops/development-ops.h"

enum { O_DATE, O_FIELD };

static const struct opt_spec specs[] = {
	{ "date", 1, O_DATE }, { "field", 1, O_FIELD }, { NULL, 0, 0 },
};

static int on_opt(int id, const char *name, const char *v, void *vctx, struct error *err)
{
	struct dev_record *r = vctx;
	char key[DEV_FIELD_KEY_SIZE + 1];
	const char *eq;

	(void)name;
	if (id == O_DATE) {
		if (strlen(v) != 10 || date_parse(v, &r->date))
			return error_setc(err, ST_INVALID, "date", "invalid_date",
					  "--date takes YYYY-MM-DD, not '%.40s'", v);
		return ST_OK;
	}
	if (!(eq = strchr(v, '=')) || eq == v || (size_t)(eq - v) > DEV_FIELD_KEY_SIZE - 1)
		return error_setc(err, ST_INVALID, "fields", "dev_field_name",
				  "--field takes KEY=VALUE, not '%.40s'", v);
	memcpy(key, v, (size_t)(eq - v));
	key[eq - v] = '\0';
	return dev_field_add(r, key, eq + 1, err);
}

int cmd_member_step(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct dev_record rec;
	struct opts_result res;
	struct person p;
	long long id;
	int rc;

	memset(&rec, 0, sizeof(rec));
	rec.date = DATE_NONE;
	if ((rc = opts_parse(argc, argv, specs, on_opt, &rec, &res, &err))) {
		cmd_report(&err);
		return rc == ST_UNSUPPORTED ? subcmd_usage(ctx) : EXIT_FAIL;
	}
	if (res.nr_positional != 2 || (id = cmd_parse_id(res.positional[0])) < 0)
		return subcmd_usage(ctx);
	if (!(rec.step = dev_step_parse(res.positional[1]))) {
		error_setc(&err, ST_INVALID, "step", "invalid_choice",
			   "unknown step '%.40s'", res.positional[1]);
		return cmd_report(&err);
	}
	if (rec.date == DATE_NONE) {
		fprintf(stderr, "orgwork: member step needs --date D\n");
		return subcmd_usage(ctx);
	}
	if ((rc = member_step(ctx->db, id, &rec, cmd_actor(), &p, &err)))
		return cmd_report(&err);
	if (ctx->format == FORMAT_JSON) {
		const struct code_entry *st = code_by_code(&code_member_status, p.status);
		cmd_print_json(json_pack("{s:o,s:s}", "step", dev_record_to_json(&rec),
					 "status", st ? st->key : ""));
	} else {
		printf("recorded %s %lld%s\n", dev_step_key(rec.step), rec.id,
		       rec.late ? " (late)" : "");
	}
	return EXIT_OK;
}

int cmd_member_steps(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct dev_record *v;
	size_t n;
	long long id;
	int rc;

	if (argc != 2 || (id = cmd_parse_id(argv[1])) < 0)
		return subcmd_usage(ctx);
	if ((rc = member_steps(ctx->db, id, &v, &n, &err)))
		return cmd_report(&err);
	if (ctx->format == FORMAT_JSON) {
		json_t *items = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(items, dev_record_to_json(&v[i]));
		cmd_print_json(json_pack("{s:o}", "items", items));
	} else {
		for (size_t i = 0; i < n; i++) {
			char d[DATE_STR_SIZE];
			printf("%s  %-20s", date_format(v[i].date, d), dev_step_key(v[i].step));
			for (int k = 0; k < v[i].nr_fields; k++)
				printf(" %s=%s", v[i].fields[k].key, v[i].fields[k].value);
			printf("%s\n", v[i].late ? "  (late)" : "");
		}
	}
	free(v);
	return EXIT_OK;
}
