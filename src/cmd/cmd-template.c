/*
 * cmd-template.c - 'orgwork template': writes the XLSX import template.
 *
 * Only option parsing; the workbook is built by formats/template.c.
 */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "formats/template.h"

static const char template_usage[] =
	"usage: orgwork template --out FILE.xlsx\n"
	"\n"
	"Writes the import template: an instructions sheet (说明), the sheets\n"
	"党组织 and 党员 with their header rows, drop-down lists for coded columns\n"
	"and the ID number column formatted as text. Fill it in with Excel or\n"
	"LibreOffice and load it with 'orgwork import FILE.xlsx'.\n";

int cmd_template(int argc, char **argv, struct cmd_ctx *ctx)
{
	const char *out = NULL;
	struct error err = ERROR_INIT;

	(void)ctx;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--out") && i + 1 < argc)
			out = argv[++i];
		else if (!strncmp(argv[i], "--out=", 6))
			out = argv[i] + 6;
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(template_usage, stdout);
			return EXIT_OK;
		} else
			return cmd_usage(template_usage);
	}
	if (!out)
		return cmd_usage(template_usage);
	if (template_write(out, &err))
		return cmd_report(&err);
	printf("wrote %s\n", out);
	return EXIT_OK;
}
