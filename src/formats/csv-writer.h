/*
 * csv-writer.h - writing CSV fields, the one way every CSV file of the
 * program (member export, import error report, bulletin table) is written.
 *
 * RFC 4180 as the CSV reader (formats/csv-reader.c) and spreadsheets read
 * it: a field holding a comma, a quote, CR or LF is quoted, its quotes
 * doubled; any other field is written as it is. The callers write the
 * separators, the CRLF line ends and the UTF-8 BOM that Excel needs. Not
 * for reading CSV (formats/table-reader.h).
 */
#ifndef OW_CSV_WRITER_H
#define OW_CSV_WRITER_H

#include <stdio.h>

/* Writes s (NUL-terminated, not NULL) to f as one field; errors stay in f. */
void csv_write_field(FILE *f, const char *s);

#endif
