/*
 * dues-json.h - party dues records as JSON (jansson), shared by the CLI and
 * the API: a base, a reduction or exemption, one month of a member's dues,
 * and a member's whole file (bases, reliefs, payments, specials and an
 * empty "months" array the caller fills). Each returns a new reference.
 */
#ifndef OW_DUES_JSON_H
#define OW_DUES_JSON_H

#include <jansson.h>

#include "model/dues.h"
#include "ops/dues-ops.h"

json_t *dues_base_json(const struct dues_base *b);
json_t *dues_relief_json(const struct dues_relief *r);
json_t *dues_month_json(const struct dues_month *m);
json_t *dues_file_json(long long person_id, const struct dues_file *f);
/* A row of the ledger (the month with person_id and name), and the totals. */
json_t *dues_ledger_row_json(const struct dues_ledger_row *row);
json_t *dues_totals_json(const struct dues_ledger_totals *t);
/* One month of a subtree's dues statistics (stats/stats.h), amounts in fen. */
struct stats_dues_month;
json_t *dues_stats_month_json(const struct stats_dues_month *m);

#endif
