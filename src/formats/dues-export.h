/*
 * dues-export.h - the monthly dues ledger of an organization written as CSV
 * (UTF-8 with a BOM, to a file or stdout) or XLSX (libxlsxwriter, to a
 * file): one row per member (person id, name, month, due, paid, last
 * paid, method, months and amount in arrears; amounts in yuan) and a
 * totals row. Not for computing the ledger (ops/dues-ops.h dues_ledger).
 */
#ifndef OW_DUES_EXPORT_H
#define OW_DUES_EXPORT_H

#include "core/error.h"
#include "model/org.h"
#include "ops/dues-ops.h"

enum { DUES_EXPORT_CSV, DUES_EXPORT_XLSX };

struct dues_ledger_writer;

/* Opens a writer of format to path (NULL: stdout, CSV only); ST_IO on failure. */
int dues_ledger_writer_open(int format, const char *path, const struct org *o, int month,
			    struct dues_ledger_writer **out, struct error *err);
int dues_ledger_writer_row(struct dues_ledger_writer *w, const struct dues_ledger_row *row);
/* Writes the totals (NULL: the ledger failed, nothing more) and frees w. */
int dues_ledger_writer_close(struct dues_ledger_writer *w, const struct dues_ledger_totals *t,
			     struct error *err);

#endif
