/*
 * stats-json.h - JSON codecs of the statistics engine's answers: the
 * bulletin (keys as in the published bulletin data, counts in persons and
 * organizations), roll-ups and the children view. Shared by the CLI and the
 * HTTP API. Encoding only; queries are parsed by stats.h helpers.
 */
#ifndef OW_STATS_JSON_H
#define OW_STATS_JSON_H

#include "stats/stats.h"

struct json_t;

/* Each returns a new reference (caller owns it). */
struct json_t *stats_org_info_json(const struct stats_org_info *o);
struct json_t *stats_bulletin_counts_json(const struct stats_bulletin_counts *c);
/* {"year", "as_of", "org", ...counts..., "children": [{"org", ...counts}]} */
struct json_t *stats_bulletin_json(const struct stats_bulletin *b);
/*
 * {"as_of", "by": [dims], "total", "cells": [{"<dim>": key, ..., "count"}]}
 * with only non-zero cells.
 */
struct json_t *stats_rollup_json(const struct stats_rollup *r);
/* {"org", "by", "as_of", "total": rollup, "own": rollup, "children": [{"org", "rollup"}]} */
struct json_t *stats_children_json(const struct stats_children *c);

#endif
