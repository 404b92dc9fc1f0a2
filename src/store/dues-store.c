/*
 * dues-store.c - SQL of the dues tables (dues-store.h). Not for the amounts
 * (model/dues.c) or whether an act is allowed (ops/dues-ops.c).
 */
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "store/db-internal.h"
#include "store/dues-store.h"

static void bind_month(sqlite3_stmt *st, int i, int month)
{
	char m[DUES_MONTH_STR_SIZE];

	if (month == DUES_MONTH_NONE)
		sqlite3_bind_null(st, i);
	else
		db_bind_text(st, i, dues_month_format(month, m));
}

static int col_month(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	int m;

	return t && !dues_month_parse((const char *)t, &m) ? m : DUES_MONTH_NONE;
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		db_bind_text(st, i, s);
	else
		sqlite3_bind_null(st, i);
}

static void bind_fen_or_null(sqlite3_stmt *st, int i, long long v)
{
	if (v >= 0)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

int dues_store_add_base(struct db *db, struct dues_base *r, struct error *err)
{
	static const char sql[] =
		"INSERT INTO dues_bases(person_id, from_month, category, income_fen, set_fen,"
		" monthly_fen, review_month, actor) VALUES(?1,?2,?3,?4,?5,?6,?7,?8)";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, r->person_id);
	bind_month(st, 2, r->from);
	db_bind_text(st, 3, dues_category_key(r->category));
	bind_fen_or_null(st, 4, r->income_fen);
	bind_fen_or_null(st, 5, r->set_fen);
	sqlite3_bind_int64(st, 6, r->monthly_fen);
	bind_month(st, 7, r->review);
	db_bind_text(st, 8, r->actor);
	if ((rc = db_step_done(db, st, err, "recording a dues base")))
		return rc;
	r->id = sqlite3_last_insert_rowid(db->sql);
	return ST_OK;
}

int dues_store_add_relief(struct db *db, struct dues_relief *r, struct error *err)
{
	static const char sql[] =
		"INSERT INTO dues_reliefs(person_id, kind, from_month, to_month, monthly_fen,"
		" approval, approved_date, reason, actor) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, r->person_id);
	db_bind_text(st, 2, dues_relief_key(r->kind));
	bind_month(st, 3, r->from);
	bind_month(st, 4, r->to);
	sqlite3_bind_int64(st, 5, r->monthly_fen);
	db_bind_text(st, 6, r->approval);
	db_bind_date(st, 7, r->approved);
	bind_text_or_null(st, 8, r->reason);
	db_bind_text(st, 9, r->actor);
	if ((rc = db_step_done(db, st, err, "recording a dues reduction")))
		return rc;
	r->id = sqlite3_last_insert_rowid(db->sql);
	return ST_OK;
}

int dues_store_add_special(struct db *db, struct dues_special *r, struct error *err)
{
	static const char sql[] =
		"INSERT INTO dues_specials(person_id, org_id, amount_fen, paid_date, note, actor)"
		" VALUES(?1,?2,?3,?4,?5,?6)";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, r->person_id);
	sqlite3_bind_int64(st, 2, r->org_id);
	sqlite3_bind_int64(st, 3, r->amount_fen);
	db_bind_date(st, 4, r->date);
	bind_text_or_null(st, 5, r->note);
	db_bind_text(st, 6, r->actor);
	if ((rc = db_step_done(db, st, err, "recording a special payment")))
		return rc;
	r->id = sqlite3_last_insert_rowid(db->sql);
	return ST_OK;
}

int dues_store_add_payment(struct db *db, struct dues_payment *r, struct error *err)
{
	static const char sql[] =
		"INSERT INTO dues_payments(person_id, org_id, month, amount_fen, paid_date, method,"
		" batch, actor) VALUES(?1,?2,?3,?4,?5,?6,?7,?8)";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, r->person_id);
	sqlite3_bind_int64(st, 2, r->org_id);
	bind_month(st, 3, r->month);
	sqlite3_bind_int64(st, 4, r->amount_fen);
	db_bind_date(st, 5, r->date);
	bind_text_or_null(st, 6, r->method);
	sqlite3_bind_int64(st, 7, r->batch);
	db_bind_text(st, 8, r->actor);
	if ((rc = db_step_done(db, st, err, "recording a dues payment")))
		return rc;
	r->id = sqlite3_last_insert_rowid(db->sql);
	return ST_OK;
}

int dues_store_next_batch(struct db *db, long long *batch, struct error *err)
{
	static const char sql[] = "SELECT coalesce(max(batch), 0) + 1 FROM dues_payments";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (!st)
		return ST_DB;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*batch = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : db_sql_error(db, rc, err, "numbering a payment");
}

void dues_file_release(struct dues_file *f)
{
	free(f->bases);
	free(f->reliefs);
	free(f->payments);
	free(f->specials);
	memset(f, 0, sizeof(*f));
}

static int load_bases(struct db *db, long long pid, struct dues_file *f, struct error *err)
{
	static const char sql[] =
		"SELECT id, from_month, category, coalesce(income_fen, -1), coalesce(set_fen, -1),"
		" monthly_fen, review_month, actor FROM dues_bases WHERE person_id=?1"
		" ORDER BY from_month, id";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	char cat[16];
	int rc;

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, pid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct dues_base *b;
		ALLOC_GROW(f->bases, f->nr_bases + 1, f->alloc_bases);
		b = &f->bases[f->nr_bases++];
		memset(b, 0, sizeof(*b));
		b->id = sqlite3_column_int64(st, 0);
		b->person_id = pid;
		b->from = col_month(st, 1);
		db_col_text(st, 2, cat, sizeof(cat));
		b->category = dues_category_parse(cat);
		b->income_fen = sqlite3_column_int64(st, 3);
		b->set_fen = sqlite3_column_int64(st, 4);
		b->monthly_fen = sqlite3_column_int64(st, 5);
		b->review = col_month(st, 6);
		db_col_text(st, 7, b->actor, sizeof(b->actor));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_sql_error(db, rc, err, "reading dues bases");
}

static int load_reliefs(struct db *db, long long pid, struct dues_file *f, struct error *err)
{
	static const char sql[] =
		"SELECT id, kind, from_month, to_month, monthly_fen, approval, approved_date,"
		" reason, actor FROM dues_reliefs WHERE person_id=?1 ORDER BY id";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	char kind[16];
	int rc;

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, pid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct dues_relief *r;
		ALLOC_GROW(f->reliefs, f->nr_reliefs + 1, f->alloc_reliefs);
		r = &f->reliefs[f->nr_reliefs++];
		memset(r, 0, sizeof(*r));
		r->id = sqlite3_column_int64(st, 0);
		r->person_id = pid;
		db_col_text(st, 1, kind, sizeof(kind));
		r->kind = dues_relief_parse(kind);
		r->from = col_month(st, 2);
		r->to = col_month(st, 3);
		r->monthly_fen = sqlite3_column_int64(st, 4);
		db_col_text(st, 5, r->approval, sizeof(r->approval));
		r->approved = db_col_date(st, 6);
		db_col_text(st, 7, r->reason, sizeof(r->reason));
		db_col_text(st, 8, r->actor, sizeof(r->actor));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_sql_error(db, rc, err, "reading dues reductions");
}

static int load_payments(struct db *db, long long pid, struct dues_file *f, struct error *err)
{
	static const char sql[] =
		"SELECT id, org_id, month, amount_fen, paid_date, method, batch, actor"
		" FROM dues_payments WHERE person_id=?1 ORDER BY month, id";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, pid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct dues_payment *p;
		ALLOC_GROW(f->payments, f->nr_payments + 1, f->alloc_payments);
		p = &f->payments[f->nr_payments++];
		memset(p, 0, sizeof(*p));
		p->id = sqlite3_column_int64(st, 0);
		p->person_id = pid;
		p->org_id = sqlite3_column_int64(st, 1);
		p->month = col_month(st, 2);
		p->amount_fen = sqlite3_column_int64(st, 3);
		p->date = db_col_date(st, 4);
		db_col_text(st, 5, p->method, sizeof(p->method));
		p->batch = sqlite3_column_int64(st, 6);
		db_col_text(st, 7, p->actor, sizeof(p->actor));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_sql_error(db, rc, err, "reading dues payments");
}

static int load_specials(struct db *db, long long pid, struct dues_file *f, struct error *err)
{
	static const char sql[] =
		"SELECT id, org_id, amount_fen, paid_date, note, actor FROM dues_specials"
		" WHERE person_id=?1 ORDER BY paid_date, id";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, pid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct dues_special *p;
		ALLOC_GROW(f->specials, f->nr_specials + 1, f->alloc_specials);
		p = &f->specials[f->nr_specials++];
		memset(p, 0, sizeof(*p));
		p->id = sqlite3_column_int64(st, 0);
		p->person_id = pid;
		p->org_id = sqlite3_column_int64(st, 1);
		p->amount_fen = sqlite3_column_int64(st, 2);
		p->date = db_col_date(st, 3);
		db_col_text(st, 4, p->note, sizeof(p->note));
		db_col_text(st, 5, p->actor, sizeof(p->actor));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ST_OK : db_sql_error(db, rc, err, "reading special payments");
}

int dues_store_load(struct db *db, long long person_id, struct dues_file *f,
		    struct error *err)
{
	int rc;

	memset(f, 0, sizeof(*f));
	if ((rc = load_bases(db, person_id, f, err)) ||
	    (rc = load_reliefs(db, person_id, f, err)) ||
	    (rc = load_payments(db, person_id, f, err)) ||
	    (rc = load_specials(db, person_id, f, err)))
		dues_file_release(f);
	return rc;
}

int dues_store_members(struct db *db, long long org_id,
		       int (*fn)(long long person_id, const char *name, void *ctx), void *ctx,
		       struct error *err)
{
	static const char sql[] =
		"SELECT p.id, p.name FROM person_order o JOIN persons p ON p.id = o.person_id"
		" WHERE o.org_id=?1 AND p.status IN ('probationary', 'full')"
		" ORDER BY o.sort_key, o.person_id";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	char name[256];
	int rc;

	if (!st)
		return ST_DB;
	sqlite3_bind_int64(st, 1, org_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		db_col_text(st, 1, name, sizeof(name));
		if (fn(sqlite3_column_int64(st, 0), name, ctx))
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ST_OK
		: db_sql_error(db, rc, err, "reading the members of an organization");
}

int dues_store_stamp(struct db *db, unsigned long long *out, struct error *err)
{
	static const char sql[] =
		"SELECT (SELECT coalesce(max(id), 0) FROM dues_bases)"
		" + (SELECT coalesce(max(id), 0) FROM dues_reliefs)"
		" + (SELECT coalesce(max(id), 0) FROM dues_payments)"
		" + (SELECT coalesce(max(id), 0) FROM dues_specials)";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	int rc;

	if (!st)
		return ST_DB;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*out = (unsigned long long)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ST_OK : db_sql_error(db, rc, err, "reading the dues stamp");
}
