/*
 * stats-source.c - the SQL that feeds the statistics engine: organizations
 * and members read as plain values for stats_engine_build() and for
 * refreshing single records after a write.
 *
 * Not for writing, and not a general person or org reader (person-store and
 * org-store are): only the columns the engine needs are read.
 */
#include <string.h>

#include "core/date.h"
#include "model/codes.h"
#include "store/db-internal.h"
#include "store/stats-source.h"

static int key_code(const struct code_table *t, sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	const struct code_entry *e = s ? code_by_key(t, (const char *)s) : NULL;

	return e ? e->code : 0;
}

static void org_from_row(sqlite3_stmt *st, struct org *o)
{
	memset(o, 0, sizeof(*o));
	o->id = sqlite3_column_int64(st, 0);
	o->parent_id = sqlite3_column_int64(st, 1);
	db_col_text(st, 2, o->code, sizeof(o->code));
	db_col_text(st, 3, o->name, sizeof(o->name));
	o->kind = key_code(&code_org_kind, st, 4);
	o->sector = key_code(&code_sector, st, 5);
	o->level = sqlite3_column_int(st, 6);
	o->established = db_col_date(st, 7);
	o->dissolved = db_col_date(st, 8);
	o->end_date = DATE_NONE;
	o->term_start = DATE_NONE;
}

#define ORG_COLUMNS \
	"id, parent_id, code, name, kind, sector, level, established, dissolved"

int stats_source_orgs(struct db *db,
		      int (*fn)(const struct org *o, void *arg, struct error *err),
		      void *arg, struct error *err)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " ORG_COLUMNS " FROM orgs", err);
	struct org o;
	int rc = ST_OK, step;

	if (!st)
		return ST_DB;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		org_from_row(st, &o);
		if ((rc = fn(&o, arg, err)))
			break;
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_sql_error(db, step, err, "reading organizations");
	sqlite3_reset(st);
	return rc;
}

int stats_source_org(struct db *db, long long id, struct org *out,
		     struct error *err)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " ORG_COLUMNS
				   " FROM orgs WHERE id = ?1", err);
	int rc = ST_OK, step;

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, id);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		org_from_row(st, out);
	else if (step == SQLITE_DONE)
		rc = error_set(err, ST_NOT_FOUND, "id", "no organization %lld", id);
	else
		rc = db_sql_error(db, step, err, "reading an organization");
	sqlite3_reset(st);
	return rc;
}

static void person_from_row(sqlite3_stmt *st, struct person *p)
{
	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(st, 0);
	p->org_id = sqlite3_column_int64(st, 1);
	p->sex = sqlite3_column_int(st, 2);
	p->birth_date = db_col_date(st, 3);
	p->ethnicity = sqlite3_column_int(st, 4);
	p->education = sqlite3_column_int(st, 5);
	p->occupation = key_code(&code_occupation, st, 6);
	p->status = key_code(&code_member_status, st, 7);
	p->flags = sqlite3_column_int(st, 8);
	p->applied = db_col_date(st, 9);
	p->activist = db_col_date(st, 10);
	p->target = db_col_date(st, 11);
	p->admitted = db_col_date(st, 12);
	p->full = db_col_date(st, 13);
	p->exited = db_col_date(st, 14);
}

#define PERSON_COLUMNS \
	"id, org_id, sex, birth_date, ethnicity, education, occupation, status," \
	" flags, applied, activist, target, admitted, full_date, exited"

int stats_source_members(struct db *db,
			 int (*fn)(const struct person *p, void *arg,
				   struct error *err),
			 void *arg, struct error *err)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " PERSON_COLUMNS " FROM persons"
				   " WHERE status IS NOT NULL AND org_id IS NOT NULL"
				   " ORDER BY org_id", err);
	struct person p;
	int rc = ST_OK, step;

	if (!st)
		return ST_DB;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		person_from_row(st, &p);
		if ((rc = fn(&p, arg, err)))
			break;
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_sql_error(db, step, err, "reading members");
	sqlite3_reset(st);
	return rc;
}

int stats_source_person(struct db *db, long long id, struct person *out,
			struct error *err)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " PERSON_COLUMNS
				   " FROM persons WHERE id = ?1", err);
	int rc = ST_OK, step;

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, id);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		person_from_row(st, out);
	else if (step == SQLITE_DONE)
		rc = error_set(err, ST_NOT_FOUND, "id", "no person %lld", id);
	else
		rc = db_sql_error(db, step, err, "reading a person");
	sqlite3_reset(st);
	return rc;
}
