/*
 * development-store.c - SQL of the dev_steps table (development-store.h).
 * Not for: the rules of the steps (model/development.c).
 */
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/xalloc.h"
#include "store/db-internal.h"
#include "store/development-store.h"

int dev_store_insert(struct db *db, struct dev_record *r, struct error *err)
{
	static const char sql[] =
		"INSERT INTO dev_steps(person_id, step, date, fields, late, recorded_by)"
		" VALUES(?1,?2,?3,?4,?5,?6) RETURNING id, recorded_at";
	struct strbuf sb = STRBUF_INIT;
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (!st)
		return ST_DB;
	strbuf_addch(&sb, '{');
	for (int i = 0; i < r->nr_fields; i++) {
		if (i)
			strbuf_addch(&sb, ',');
		strbuf_add_json_string(&sb, r->fields[i].key);
		strbuf_addch(&sb, ':');
		strbuf_add_json_string(&sb, r->fields[i].value);
	}
	strbuf_addch(&sb, '}');
	if (sb.len > DEV_FIELDS_JSON_MAX) {
		strbuf_release(&sb);
		error_setc(err, ST_INVALID, "fields", "too_long_bytes",
			   "the fields of a step are longer than %d bytes", DEV_FIELDS_JSON_MAX);
		error_param(err, "max", "%d", DEV_FIELDS_JSON_MAX);
		return ST_INVALID;
	}
	sqlite3_bind_int64(st, 1, r->person_id);
	db_bind_text(st, 2, dev_step_key(r->step));
	db_bind_date(st, 3, r->date);
	sqlite3_bind_text(st, 4, sb.buf, (int)sb.len, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 5, r->late);
	db_bind_text(st, 6, r->recorded_by);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		r->id = sqlite3_column_int64(st, 0);
		db_col_text(st, 1, r->recorded_at, sizeof(r->recorded_at));
		rc = sqlite3_step(st);
	}
	sqlite3_reset(st);
	strbuf_release(&sb);
	if (rc != SQLITE_DONE)
		return db_sql_error(db, rc, err, "recording a development step");
	return ST_OK;
}

/* The fields of a stored JSON object into r. */
static int read_fields(struct db *db, const char *json, struct dev_record *r,
		       struct error *err)
{
	static const char sql[] = "SELECT key, value FROM json_each(?1)";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (!st)
		return ST_DB;
	sqlite3_bind_text(st, 1, json, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && r->nr_fields < DEV_FIELDS_MAX) {
		struct dev_field *f = &r->fields[r->nr_fields++];
		db_col_text(st, 0, f->key, sizeof(f->key));
		db_col_text(st, 1, f->value, sizeof(f->value));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_sql_error(db, rc, err, "reading the fields of a step");
	return ST_OK;
}

int dev_store_list(struct db *db, long long person_id, struct dev_record **out,
		   size_t *n, size_t max, struct error *err)
{
	static const char sql[] =
		"SELECT id, step, date, fields, late, recorded_by, recorded_at"
		" FROM dev_steps WHERE person_id=?1 ORDER BY date, id";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	struct dev_record *v = NULL;
	size_t nr = 0, alloc = 0;
	char **json = NULL;
	int rc, ret = ST_OK;

	*out = NULL;
	*n = 0;
	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, person_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char key[32];
		if (nr == max) {
			ret = error_set(err, ST_TOO_BIG, "steps", "more than %zu steps", max);
			break;
		}
		ALLOC_GROW(v, nr + 1, alloc);
		json = xrealloc(json, alloc * sizeof(*json));
		memset(&v[nr], 0, sizeof(v[nr]));
		v[nr].id = sqlite3_column_int64(st, 0);
		v[nr].person_id = person_id;
		db_col_text(st, 1, key, sizeof(key));
		v[nr].step = dev_step_parse(key);
		v[nr].date = db_col_date(st, 2);
		json[nr] = xstrdup((const char *)sqlite3_column_text(st, 3));
		v[nr].late = sqlite3_column_int(st, 4);
		db_col_text(st, 5, v[nr].recorded_by, sizeof(v[nr].recorded_by));
		db_col_text(st, 6, v[nr].recorded_at, sizeof(v[nr].recorded_at));
		nr++;
	}
	sqlite3_reset(st);
	if (!ret && rc != SQLITE_DONE)
		ret = db_sql_error(db, rc, err, "reading development steps");
	for (size_t i = 0; i < nr; i++) {
		if (!ret)
			ret = read_fields(db, json[i], &v[i], err);
		free(json[i]);
	}
	free(json);
	if (ret) {
		free(v);
		return ret;
	}
	*out = v;
	*n = nr;
	return ST_OK;
}
