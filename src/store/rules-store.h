/*
 * rules-store.h - the rule_overrides table: an installation's own values
 * of catalogue rules (model/rules.h), each with the day it applies from,
 * the reason, who set it and when.
 *
 * Rows are append-only (a later row for the same key and day supersedes an
 * earlier one; the history stays); each insert is audited by the table's
 * trigger in the writing transaction. Row access only: validation and the
 * merge with the defaults are in ops/rules.c.
 */
#ifndef OW_RULES_STORE_H
#define OW_RULES_STORE_H

#include "core/error.h"
#include "model/rules.h"

struct db;

struct rule_override {
	long long id;
	char key[RULE_KEY_SIZE];
	char value[RULE_VALUE_SIZE];
	int applies_from;           /* day */
	char reason[1024];
	char actor[96];
	char created_at[32];        /* UTC, ISO 8601 */
};

/* Inserts o (sets o->id). The caller holds the transaction. */
int rules_store_insert(struct db *db, struct rule_override *o, struct error *err);

/*
 * The override of key in force on day: the row with the latest
 * applies_from on or before day (the latest written on a tie).
 * ST_NOT_FOUND when there is none.
 */
int rules_store_get(struct db *db, const char *key, int day,
		    struct rule_override *out, struct error *err);

/*
 * Calls fn with each override of key in the order they apply (applies_from,
 * then the order written); o lives until fn returns. Stops at fn's first
 * non-zero answer and returns it.
 */
int rules_store_each(struct db *db, const char *key,
		     int (*fn)(const struct rule_override *o, void *ctx), void *ctx,
		     struct error *err);

#endif
