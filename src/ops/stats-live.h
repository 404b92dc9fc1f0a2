/*
 * stats-live.h - the statistics engine of a running server, kept current
 * with every committed write.
 *
 * At start the engine is loaded from a snapshot file (when one is given,
 * valid, and stamped with the database's change counter of now) or built
 * from the database (and the snapshot written). It is then kept current
 * two ways:
 *  - writes of this process through ops/ reach it as deltas right after
 *    their commit (ops/observer.h); each delivered transaction also
 *    carries its number of row changes, and the change counter
 *    (store/change-store.h) must have moved by exactly that much since
 *    the engine's stamp, else the deltas are not applied and the engine
 *    is marked stale;
 *  - before every statistics answer stats_live_acquire() reads the change
 *    counter on the service's own connection: when it differs from the
 *    stamp (a write by another process: the CLI while the server runs), or
 *    the engine is stale (an import, a failed delta), the engine is
 *    rebuilt from the database first.
 * So an answer never lags a write committed before the request began.
 * Not for: the queries themselves (stats/stats.h) or HTTP (api/api-stats.c).
 */
#ifndef OW_STATS_LIVE_H
#define OW_STATS_LIVE_H

#include <stdint.h>

#include "core/error.h"

struct db;
struct stats_engine;

/*
 * Starts the service on db (a connection it uses alone from now on, under
 * its lock, until stats_live_stop) with an optional snapshot path, and
 * installs the observer of ops/. Call before the server's threads start.
 */
int stats_live_start(struct db *db, const char *snapshot, struct error *err);

/*
 * Removes the observer, brings the engine up to date and writes the
 * snapshot (when a path was given), frees the engine. Call after the
 * server's threads stopped.
 */
int stats_live_stop(struct error *err);

/*
 * The current engine for queries (rebuilt first when needed). On ST_OK the
 * caller holds it until stats_live_release(); the engine is never freed or
 * replaced while held. ST_BUSY when the service is not running.
 */
int stats_live_acquire(struct stats_engine **out, struct error *err);
void stats_live_release(void);

struct stats_live_info {
	unsigned long long builds;   /* builds and snapshot loads since start */
	unsigned long long deltas;   /* row changes applied as deltas */
	uint64_t stamp;              /* change counter the engine reflects */
	int stale;
};
void stats_live_info(struct stats_live_info *out);

#endif
