/*
 * fixture.h - the database set-up the unit tests of store/ and ops/ share:
 * a fresh database file under /tmp named after the test and the process,
 * removed with its key, WAL and checkpoint files afterwards, and
 * organizations added through the real org_create(). Header-only (static
 * functions), like steps.h, so each test executable stays one file. Not
 * for the e2e tests (tests/e2e/lib.sh) nor for any production code.
 */
#ifndef OW_TEST_FIXTURE_H
#define OW_TEST_FIXTURE_H

#include <stdio.h>
#include <unistd.h>

#include "core/date.h"
#include "model/codes.h"
#include "model/org.h"
#include "ops/org-ops.h"
#include "store/db.h"

#define FIXTURE_PATH_SIZE 256

/* Removes path and the files the database keeps beside it. */
static inline void fixture_remove(const char *path)
{
	static const char *const ext[] = { "", ".key", "-wal", "-shm", ".key.checkpoints" };
	char p[FIXTURE_PATH_SIZE + 32];

	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", path, ext[i]);
		unlink(p);
	}
}

/* Creates a fresh database /tmp/<name>-<pid>.db into *db; path receives its name. */
static inline int fixture_open(const char *name, char path[FIXTURE_PATH_SIZE], struct db **db)
{
	snprintf(path, FIXTURE_PATH_SIZE, "/tmp/%s-%d.db", name, (int)getpid());
	fixture_remove(path);
	return db_open(path, DB_OPEN_CREATE, db, NULL);
}

/* Closes db and removes its files. */
static inline void fixture_close(struct db *db, const char *path)
{
	db_close(db);
	fixture_remove(path);
}

/* An organization of kind under parent (0: a root), named 组织<code>,
 * established 1990-01-01; its id, or 0 when org_create refused it. */
static inline long long fixture_org(struct db *db, const char *code, int kind, long long parent)
{
	struct org o;

	org_init(&o);
	snprintf(o.code, sizeof(o.code), "%s", code);
	snprintf(o.name, sizeof(o.name), "组织%s", code);
	o.kind = kind;
	o.sector = SECTOR_OTHER;
	o.parent_id = parent;
	o.established = date_from_ymd(1990, 1, 1);
	if (org_create(db, &o, "test", NULL, NULL))
		return 0;
	return o.id;
}

#endif
