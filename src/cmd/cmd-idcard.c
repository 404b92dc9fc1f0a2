/*
 * cmd-idcard.c - 'orgwork idcard check ID': checks one citizen ID number.
 *
 * Prints whether the number is valid (GB 11643), its normalized 18-character
 * form, birth date, sex and region, as text or as one JSON object. Needs no
 * database. The rules themselves live in model/idcard.c; this file only
 * parses arguments and prints.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "core/date.h"
#include "model/codes.h"
#include "model/idcard.h"

static const char idcard_usage[] =
	"usage: orgwork [--format text|json] idcard check ID\n"
	"\n"
	"Checks a citizen ID number (GB 11643-1999): length, digits, province\n"
	"prefix, birth date (a real date, not before 1880-01-01, not after today)\n"
	"and check character. The old 15-digit form is converted to 18 characters.\n"
	"Exit status: 0 valid, 1 invalid, 2 usage error.\n";

static const char *sex_key(int sex)
{
	const struct code_entry *e = code_by_code(&code_sex, sex);
	return e ? e->key : "unknown";
}

static int idcard_check_cmd(const char *text, struct cmd_ctx *ctx)
{
	struct idcard_info info;
	char reason[256];
	char birth[DATE_STR_SIZE];
	int valid = idcard_check(text, &info, reason, sizeof(reason)) == ST_OK;

	if (valid)
		date_format(info.birth_date, birth);
	if (ctx->format == FORMAT_JSON) {
		json_t *o = json_object();
		json_object_set_new(o, "valid", json_boolean(valid));
		json_object_set_new(o, "normalized",
				    valid ? json_string(info.normalized) : json_null());
		json_object_set_new(o, "birth_date",
				    valid ? json_string(birth) : json_null());
		json_object_set_new(o, "sex",
				    valid ? json_string(sex_key(info.sex)) : json_null());
		json_object_set_new(o, "region",
				    valid ? json_string(info.region) : json_null());
		json_object_set_new(o, "reason",
				    valid ? json_null() : json_string(reason));
		cmd_print_json(o);
	} else if (valid) {
		printf("valid %s birth %s sex %s region %s\n", info.normalized,
		       birth, sex_key(info.sex), info.region);
	} else {
		printf("invalid: %s\n", reason);
	}
	return valid ? EXIT_OK : EXIT_FAIL;
}

int cmd_idcard(int argc, char **argv, struct cmd_ctx *ctx)
{
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
			  !strcmp(argv[1], "help"))) {
		fputs(idcard_usage, stdout);
		return EXIT_OK;
	}
	if (argc < 2)
		return cmd_usage(idcard_usage);
	if (strcmp(argv[1], "check")) {
		fprintf(stderr, "orgwork: idcard: unknown subcommand '%s'\n", argv[1]);
		return cmd_usage(idcard_usage);
	}
	int i = 2;
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	if (argc - i != 1) {
		fprintf(stderr, "orgwork: idcard check: expected exactly one ID number\n");
		return cmd_usage(idcard_usage);
	}
	return idcard_check_cmd(argv[i], ctx);
}
