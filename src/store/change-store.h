/*
 * change-store.h - the change counter: a number that every row change of
 * the orgs and persons tables increases by one (triggers of migration 4),
 * in the writing transaction, whoever writes (server, CLI, another
 * process). A server's statistics engine remembers the value it reflects
 * and rebuilds when the counter moved without it (ops/stats-live.h).
 * Not for: what changed (the audit log says that).
 */
#ifndef OW_CHANGE_STORE_H
#define OW_CHANGE_STORE_H

#include <stdint.h>

#include "core/error.h"

struct db;

/* The counter now (within the connection's open transaction, if any). */
int change_counter_get(struct db *db, uint64_t *out, struct error *err);

#endif
