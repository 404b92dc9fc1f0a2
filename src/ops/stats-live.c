/*
 * stats-live.c - the server's statistics engine and how it follows the
 * database (see stats-live.h for the rules).
 *
 * Locks: `lock` serializes everything that reads the change counter,
 * applies deltas or rebuilds (and so the use of the service's connection);
 * `swap` (a read-write lock) keeps an engine alive while queries use it: a
 * rebuild swaps the pointer under the write side. The engine has its own
 * lock for concurrent queries during a delta. Not for: HTTP.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/date.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "ops/observer.h"
#include "ops/stats-live.h"
#include "stats/stats.h"
#include "store/change-store.h"
#include "store/db.h"
#include "store/dues-store.h"
#include "store/stats-source.h"

static struct {
	int running;
	struct db *db;
	char *snapshot;
	struct stats_engine *e;
	uint64_t stamp;
	int stale;
	int history_stale;      /* a move or transfer since the history was read */
	/* dues: the stamp (store/dues-store.h) the engine's dues reflect, and
	 * whether they must be read again; the organizations whose cells a
	 * delivered transaction touched (refreshed at its end) */
	unsigned long long dues_stamp;
	int dues_stale;
	size_t dues_rows;
	long long *dues_orgs;
	size_t nr_dues_orgs, alloc_dues_orgs;
	/* the transaction being delivered */
	int skip;
	uint64_t next_stamp;
	unsigned long long builds, deltas;
} live;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t swap = PTHREAD_RWLOCK_INITIALIZER;

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/*
 * Builds an engine and the counter value it reflects. The counter read
 * before and after the build must agree (the build then saw that state);
 * else the build is repeated inside one read transaction.
 */
static int build(struct stats_engine **out, uint64_t *stamp, struct error *err)
{
	struct stats_source src;
	uint64_t c1, c2;
	int rc;

	*out = NULL;
	stats_source_init(&src, live.db);
	if ((rc = change_counter_get(live.db, &c1, err)) ||
	    (rc = stats_engine_build(&src, out, err)) ||
	    (rc = change_counter_get(live.db, &c2, err)))
		goto fail;
	if (c1 == c2) {
		*stamp = c1;
		return ST_OK;
	}
	stats_engine_free(*out);
	*out = NULL;
	if ((rc = db_read_begin(live.db, err)))
		return rc;
	if (!(rc = change_counter_get(live.db, &c1, err)))
		rc = stats_engine_build(&src, out, err);
	db_read_end(live.db);
	if (rc)
		goto fail;
	*stamp = c1;
	return ST_OK;
fail:
	stats_engine_free(*out);
	*out = NULL;
	return rc;
}

/* Replaces the engine by a fresh build. Called with `lock` held. */
static int rebuild(const char *why, struct error *err)
{
	struct stats_engine *e, *old;
	uint64_t stamp;
	unsigned long long dstamp;
	double t0 = now_ms();
	int rc;

	/* read before the build: a dues write during it shows at the next question */
	if ((rc = dues_store_stamp(live.db, &dstamp, err)) || (rc = build(&e, &stamp, err))) {
		log_line(LOG_ERROR, "", "statistics engine rebuild failed: %s", err ? err->message : "");
		return rc;
	}
	pthread_rwlock_wrlock(&swap);
	old = live.e;
	live.e = e;
	pthread_rwlock_unlock(&swap);
	stats_engine_free(old);
	live.stamp = stamp;
	live.stale = 0;
	live.history_stale = 0;
	live.dues_stamp = dstamp;
	live.dues_stale = 0;
	live.builds++;
	log_line(LOG_INFO, "", "statistics engine built (%s) in %.0f ms, change counter %llu",
		 why, now_ms() - t0, (unsigned long long)stamp);
	return ST_OK;
}

/* ---- the observer ------------------------------------------------------ */

static void on_begin(void *ctx, size_t nr)
{
	struct error e = ERROR_INIT;
	uint64_t c;

	(void)ctx;
	pthread_mutex_lock(&lock);
	live.skip = 1;
	if (live.stale || !live.e)
		return;
	if (change_counter_get(live.db, &c, &e) || c != live.stamp + nr) {
		/* somebody else wrote in between (or the counter could not be
		 * read): rebuild at the next question, which reports its errors */
		if (e.status)
			log_line(LOG_WARN, "", "statistics: change counter not read (%s)",
				 e.message);
		live.stale = 1;
		return;
	}
	live.skip = 0;
	live.next_stamp = c;
}

static void failed_delta(const struct error *e)
{
	log_line(LOG_WARN, "", "statistics delta not applied (%s): rebuild at the next query",
		 e->message);
	live.stale = 1;
	live.skip = 1;
}

/* Notes org_id for a refresh of its dues cells at the transaction's end. */
static void dues_touch(long long org_id)
{
	if (!org_id)
		return;
	for (size_t i = 0; i < live.nr_dues_orgs; i++)
		if (live.dues_orgs[i] == org_id)
			return;
	ALLOC_GROW(live.dues_orgs, live.nr_dues_orgs + 1, live.alloc_dues_orgs);
	live.dues_orgs[live.nr_dues_orgs++] = org_id;
}

static void on_person(void *ctx, const struct person *before, const struct person *after)
{
	struct error e = ERROR_INIT;

	(void)ctx;
	if (live.skip)
		return;
	/* a member moved in or out of an organization: its dues cells change */
	if (before && (!after || before->org_id != after->org_id ||
		       before->status != after->status)) {
		dues_touch(before->org_id);
		if (after)
			dues_touch(after->org_id);
	}
	if (before && after && before->org_id != after->org_id)
		live.history_stale = 1;
	if (stats_engine_apply_person(live.e, before, after, &e))
		failed_delta(&e);
	else
		live.deltas++;
}

static void on_org(void *ctx, const struct org *before, const struct org *after)
{
	struct error e = ERROR_INIT;

	(void)ctx;
	if (live.skip)
		return;
	if (before && after && before->parent_id != after->parent_id)
		live.history_stale = 1;
	if (stats_engine_apply_org(live.e, before, after, &e))
		failed_delta(&e);
	else
		live.deltas++;
}

static void on_dues(void *ctx, long long org_id, size_t rows)
{
	(void)ctx;
	if (live.skip)
		return;
	live.dues_rows += rows;
	dues_touch(org_id);
}

/*
 * The dues cells of the touched organizations, read again from the store
 * (each in proportion to its own members), when the dues stamp moved by
 * exactly the rows this transaction wrote; else the dues are read again at
 * the next question.
 */
static void dues_end(void)
{
	struct error e = ERROR_INIT;
	struct stats_source src;
	unsigned long long d;

	if (live.skip || live.stale || live.dues_stale || !live.nr_dues_orgs)
		return;
	if (dues_store_stamp(live.db, &d, &e) || d != live.dues_stamp + live.dues_rows) {
		live.dues_stale = 1;
		return;
	}
	stats_source_init(&src, live.db);
	for (size_t i = 0; i < live.nr_dues_orgs; i++)
		if (stats_engine_dues_refresh(live.e, &src, live.dues_orgs[i], &e)) {
			log_line(LOG_WARN, "", "statistics: dues of organization %lld not refreshed (%s)",
				 live.dues_orgs[i], e.message);
			live.dues_stale = 1;
			return;
		}
	live.dues_stamp = d;
}

/* A step or a standing record was committed: the person's track, read
 * again through the service's connection, goes to the engine. */
static void on_track(void *ctx, long long person_id)
{
	struct error e = ERROR_INIT;
	struct stats_source_track t;

	(void)ctx;
	if (live.skip)
		return;
	if (stats_source_track(live.db, person_id, &t, &e) ||
	    stats_engine_apply_track(live.e, &t, &e))
		failed_delta(&e);
	else
		live.deltas++;
}

static void on_end(void *ctx)
{
	(void)ctx;
	dues_end();
	live.nr_dues_orgs = 0;
	live.dues_rows = 0;
	if (!live.skip && !live.stale)
		live.stamp = live.next_stamp;
	live.skip = 0;
	pthread_mutex_unlock(&lock);
}

static void on_bulk(void *ctx)
{
	(void)ctx;
	pthread_mutex_lock(&lock);
	live.stale = 1;
	pthread_mutex_unlock(&lock);
}

static const struct ops_observer observer = {
	NULL, on_begin, on_person, on_org, on_end, on_bulk, on_dues, on_track,
};

/* ---- service ----------------------------------------------------------- */

/* Saves the snapshot, with the dues when they are those of the store now
 * (no write of another process or failed refresh pending). Called with
 * `lock` held or before the service runs. */
static int save_snapshot(struct error *err)
{
	unsigned long long d;
	struct error e = ERROR_INIT;
	int known = !live.dues_stale && dues_store_stamp(live.db, &d, &e) == ST_OK &&
		    d == live.dues_stamp;

	stats_engine_set_dues_stamp(live.e, live.dues_stamp, known);
	return stats_engine_save(live.e, live.snapshot, live.stamp, err);
}

int stats_live_start(struct db *db, const char *snapshot, struct error *err)
{
	struct stats_engine *e = NULL;
	uint64_t stamp = 0, now;
	double t0 = now_ms();
	int rc;

	memset(&live, 0, sizeof(live));
	live.db = db;
	live.snapshot = snapshot ? xstrdup(snapshot) : NULL;
	if ((rc = change_counter_get(db, &now, err)))
		goto fail;
	if (snapshot) {
		struct error le = ERROR_INIT;
		if (stats_engine_load(snapshot, &e, &stamp, &le) == ST_OK) {
			struct stats_source src;
			stats_source_init(&src, db);
			unsigned long long ds;
			int hz, held = 0;
			if (stamp == now && stats_engine_load_history(e, &src, &le) == ST_OK &&
			    dues_store_stamp(db, &live.dues_stamp, &le) == ST_OK &&
			    ((held = stats_engine_dues_stamp(e, &ds, &hz) && ds == live.dues_stamp &&
				     hz >= dues_month_of_day(date_today())) ||
			     stats_engine_load_dues(e, &src, &le) == ST_OK)) {
				/* the snapshot's dues when it held those of the
				 * dues now, up to this month at least; else read */
				live.e = e;
				live.stamp = stamp;
				live.builds++;
				log_line(LOG_INFO, "", "statistics engine loaded from %s in %.0f ms, change counter %llu, dues %s",
					 snapshot, now_ms() - t0, (unsigned long long)stamp,
					 held ? "from the snapshot" : "read from the database");
			} else {
				log_line(LOG_INFO, "", "statistics snapshot %s is outdated (counter %llu, database %llu): rebuilding",
					 snapshot, (unsigned long long)stamp, (unsigned long long)now);
				stats_engine_free(e);
			}
		} else {
			log_line(LOG_INFO, "", "statistics snapshot %s not used (%s): building",
				 snapshot, le.message);
		}
	}
	if (!live.e) {
		if ((rc = rebuild("start", err)))
			goto fail;
		if (snapshot && (rc = save_snapshot(err)))
			goto fail;
	}
	live.running = 1;
	ops_set_observer(&observer);
	return ST_OK;
fail:
	stats_engine_free(live.e);
	free(live.snapshot);
	memset(&live, 0, sizeof(live));
	return rc;
}

int stats_live_stop(struct error *err)
{
	uint64_t c;
	int rc = ST_OK;

	if (!live.running)
		return ST_OK;
	ops_set_observer(NULL);
	pthread_mutex_lock(&lock);
	if (live.snapshot) {
		if (!(rc = change_counter_get(live.db, &c, err)) &&
		    (live.stale || c != live.stamp))
			rc = rebuild("stop", err);
		if (!rc)
			rc = save_snapshot(err);
		if (!rc)
			log_line(LOG_INFO, "", "statistics snapshot written to %s, change counter %llu",
				 live.snapshot, (unsigned long long)live.stamp);
	}
	stats_engine_free(live.e);
	free(live.snapshot);
	free(live.dues_orgs);
	memset(&live, 0, sizeof(live));
	pthread_mutex_unlock(&lock);
	return rc;
}

/* Reads the dues again; d: the stamp read before. Called with `lock` held. */
static int dues_reload(unsigned long long d, struct error *err)
{
	struct stats_source src;
	double t0 = now_ms();
	int rc;

	stats_source_init(&src, live.db);
	if ((rc = stats_engine_load_dues(live.e, &src, err)))
		return rc;
	live.dues_stamp = d;
	live.dues_stale = 0;
	log_line(LOG_INFO, "", "statistics: dues read again in %.0f ms", now_ms() - t0);
	return ST_OK;
}

int stats_live_acquire(struct stats_engine **out, struct error *err)
{
	uint64_t c;
	int rc;

	*out = NULL;
	pthread_mutex_lock(&lock);
	if (!live.running) {
		pthread_mutex_unlock(&lock);
		return error_setc(err, ST_BUSY, NULL, "stats_not_running",
				  "the statistics engine is not running");
	}
	if ((rc = change_counter_get(live.db, &c, err)) ||
	    ((live.stale || c != live.stamp) &&
	     (rc = rebuild(live.stale ? "bulk or failed change" : "changed by another process", err)))) {
		pthread_mutex_unlock(&lock);
		return rc;
	}
	{
		/* dues written by another process (or a refresh that failed):
		 * read the dues again */
		unsigned long long d;
		if ((rc = dues_store_stamp(live.db, &d, err)) ||
		    ((live.dues_stale || d != live.dues_stamp) &&
		     (rc = dues_reload(d, err)))) {
			pthread_mutex_unlock(&lock);
			return rc;
		}
	}
	if (live.history_stale) {
		/* an organization moved or a member was transferred: the
		 * answers as of a past day read the new history */
		struct stats_source src;
		stats_source_init(&src, live.db);
		if ((rc = stats_engine_load_history(live.e, &src, err))) {
			pthread_mutex_unlock(&lock);
			return rc;
		}
		live.history_stale = 0;
	}
	pthread_rwlock_rdlock(&swap);
	*out = live.e;
	pthread_mutex_unlock(&lock);
	return ST_OK;
}

void stats_live_release(void)
{
	pthread_rwlock_unlock(&swap);
}

void stats_live_info(struct stats_live_info *out)
{
	pthread_mutex_lock(&lock);
	out->builds = live.builds;
	out->deltas = live.deltas;
	out->stamp = live.stamp;
	out->stale = live.stale;
	pthread_mutex_unlock(&lock);
}
