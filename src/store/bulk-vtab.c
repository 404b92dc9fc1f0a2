/*
 * bulk-vtab.c - the eponymous virtual table ow_bulk, through which one
 * INSERT ... SELECT statement writes a whole array of rows held in memory
 * (bulk-vtab.h), instead of one bind-step-reset round per row.
 *
 * ow_bulk has the columns c0 .. c23 and a hidden column src, which must be
 * given as a pointer of type "ow_bulk_src" (sqlite3_bind_pointer): the
 * struct bulk_src whose column callback produces each value. The table is
 * direct-only (not usable from triggers, views or the schema) and read-only.
 * Nothing here knows what the rows mean: bulk-store.c supplies the
 * callbacks.
 */
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "store/bulk-vtab.h"

#define SRC_COLUMN BULK_SRC_MAX_COLUMNS

struct bulk_cursor {
	sqlite3_vtab_cursor base;
	const struct bulk_src *src;
	size_t i;
};

static int bulk_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
			sqlite3_vtab **out, char **err)
{
	sqlite3_vtab *t;
	int rc;

	(void)aux;
	(void)argc;
	(void)argv;
	(void)err;
	rc = sqlite3_declare_vtab(db,
		"CREATE TABLE x(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11,"
		" c12, c13, c14, c15, c16, c17, c18, c19, c20, c21, c22, c23,"
		" src HIDDEN)");
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_vtab_config(db, SQLITE_VTAB_DIRECTONLY);
	t = xcalloc(1, sizeof(*t));
	*out = t;
	return SQLITE_OK;
}

static int bulk_disconnect(sqlite3_vtab *t)
{
	free(t);
	return SQLITE_OK;
}

/* Usable only with src = ?: the one plan. */
static int bulk_best_index(sqlite3_vtab *t, sqlite3_index_info *info)
{
	(void)t;
	for (int i = 0; i < info->nConstraint; i++) {
		const struct sqlite3_index_constraint *c = &info->aConstraint[i];
		if (c->iColumn != SRC_COLUMN)
			continue;
		if (!c->usable || c->op != SQLITE_INDEX_CONSTRAINT_EQ)
			return SQLITE_CONSTRAINT;
		info->aConstraintUsage[i].argvIndex = 1;
		info->aConstraintUsage[i].omit = 1;
		info->estimatedCost = 1.0;
		info->estimatedRows = 1000;
		return SQLITE_OK;
	}
	return SQLITE_CONSTRAINT;
}

static int bulk_open(sqlite3_vtab *t, sqlite3_vtab_cursor **out)
{
	struct bulk_cursor *c = xcalloc(1, sizeof(*c));

	(void)t;
	*out = &c->base;
	return SQLITE_OK;
}

static int bulk_close(sqlite3_vtab_cursor *cur)
{
	free(cur);
	return SQLITE_OK;
}

static int bulk_filter(sqlite3_vtab_cursor *cur, int idx, const char *idx_str,
		       int argc, sqlite3_value **argv)
{
	struct bulk_cursor *c = (struct bulk_cursor *)cur;

	(void)idx;
	(void)idx_str;
	c->i = 0;
	c->src = argc == 1 ? sqlite3_value_pointer(argv[0], BULK_SRC_TYPE) : NULL;
	return SQLITE_OK;
}

static int bulk_next(sqlite3_vtab_cursor *cur)
{
	((struct bulk_cursor *)cur)->i++;
	return SQLITE_OK;
}

static int bulk_eof(sqlite3_vtab_cursor *cur)
{
	struct bulk_cursor *c = (struct bulk_cursor *)cur;

	return !c->src || c->i >= c->src->n;
}

static int bulk_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
	struct bulk_cursor *c = (struct bulk_cursor *)cur;

	if (col < c->src->ncol)
		c->src->column(c->src, c->i, col, ctx);
	else
		sqlite3_result_null(ctx);
	return SQLITE_OK;
}

static int bulk_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
	*rowid = (sqlite3_int64)((struct bulk_cursor *)cur)->i;
	return SQLITE_OK;
}

static const sqlite3_module bulk_module = {
	.iVersion = 0,
	.xCreate = NULL,        /* eponymous only */
	.xConnect = bulk_connect,
	.xBestIndex = bulk_best_index,
	.xDisconnect = bulk_disconnect,
	.xDestroy = bulk_disconnect,
	.xOpen = bulk_open,
	.xClose = bulk_close,
	.xFilter = bulk_filter,
	.xNext = bulk_next,
	.xEof = bulk_eof,
	.xColumn = bulk_column,
	.xRowid = bulk_rowid,
};

int bulk_vtab_register(sqlite3 *db)
{
	return sqlite3_create_module(db, "ow_bulk", &bulk_module, NULL);
}
