/*
 * fuzz-xlsx.c - libFuzzer target: the XLSX reader (minizip + expat) on
 * arbitrary bytes written to a temporary file must never crash; every sheet
 * it opens streams rows with consistent cells.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "formats/table-reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int check_row(const struct table_row *row, void *ctx)
{
	(void)ctx;
	for (size_t i = 0; i < row->n; i++)
		if (!row->cells[i].text || strlen(row->cells[i].text) != row->cells[i].len)
			abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/fuzz-xlsx-XXXXXX";
	int fd = mkstemp(path);
	struct xlsx *x = NULL;
	struct error err = ERROR_INIT;

	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	if (xlsx_open(path, &x, &err) == ST_OK) {
		for (size_t i = 0; i < xlsx_sheet_count(x); i++) {
			error_clear(&err);
			xlsx_read_sheet(x, i, check_row, NULL, &err);
		}
		xlsx_close(x);
	}
	unlink(path);
	return 0;
}
