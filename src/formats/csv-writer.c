/*
 * csv-writer.c - one CSV field (see csv-writer.h). Not for rows or files:
 * their layout is the caller's.
 */
#include <stdio.h>
#include <string.h>

#include "formats/csv-writer.h"

void csv_write_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}
