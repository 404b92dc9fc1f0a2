/*
 * bulk-vtab.h - ow_bulk, a virtual table over rows in memory, so that one
 * INSERT ... SELECT c0, c1 ... FROM ow_bulk WHERE src = ?1 writes a whole
 * array (store-internal; used by bulk-store.c).
 *
 * The caller binds ?1 with sqlite3_bind_pointer(st, 1, &src, BULK_SRC_TYPE,
 * NULL); src and everything its callback reads must stay put until the
 * statement is reset. Values produced with SQLITE_STATIC must live as long.
 */
#ifndef OW_BULK_VTAB_H
#define OW_BULK_VTAB_H

#include <stddef.h>
#include <sqlite3.h>

#define BULK_SRC_TYPE "ow_bulk_src"
#define BULK_SRC_MAX_COLUMNS 24

struct bulk_src {
	size_t n;                 /* rows */
	int ncol;                 /* columns c0 .. c(ncol-1); the rest are NULL */
	/* sets the value of column col of row i with sqlite3_result_*() */
	void (*column)(const struct bulk_src *src, size_t i, int col,
		       sqlite3_context *ctx);
	const void *rows;         /* for the callback */
	const void *aux;
	long long base;           /* for the callback */
};

/* Registers the module on a connection (db.c, when it opens one). */
int bulk_vtab_register(sqlite3 *db);

#endif
