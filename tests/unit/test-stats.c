/*
 * test-stats.c - property tests of the statistics engine against SQL.
 *
 * A random database (hundreds of organizations, tens of thousands of
 * persons with random attributes and key dates) is written with plain SQL;
 * every roll-up dimension pair on random subtrees, dates and filters must
 * equal the GROUP BY answer of a recursive CTE over the same tables; the
 * children view and the bulletin likewise. Then random writes (person
 * insert/update/delete, org create/move/dissolve) go to both, and the
 * answers must still agree, before and after compaction; a snapshot must
 * round-trip, and a corrupted one must be refused. A build from a source
 * that is not the database gives that source's counts. STATS_SEED=n
 * reproduces a run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/date.h"
#include "core/strbuf.h"
#include "model/codes.h"
#include "stats/source.h"
#include "stats/stats.h"
#include "stats/stats-internal.h"
#include "store/audit-store.h"
#include "store/db-internal.h"
#include "store/stats-source.h"

#define NR_ORGS 300
#define NR_PERSONS 20000

static uint64_t rng_state;

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static int rnd_in(int lo, int hi) /* inclusive */
{
	return lo + (int)(rnd() % (uint64_t)(hi - lo + 1));
}

struct world {
	char dir[64], path[96];
	struct db *db;
	struct stats_engine *e;
	struct org *orgs;
	size_t nr_orgs, alloc_orgs;
	struct person *persons;
	size_t nr_persons;
};

static struct world W;

static void exec_sql(const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(W.db->sql, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("sql: %s: %s", sql, msg);
}

static const char *date_text(int day, char *buf)
{
	return day == DATE_NONE ? NULL : date_format(day, buf);
}

static void bind_date(sqlite3_stmt *st, int i, int day)
{
	char buf[DATE_STR_SIZE];

	if (day == DATE_NONE)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, date_text(day, buf), -1, SQLITE_TRANSIENT);
}

static void org_write(const struct org *o, int insert)
{
	sqlite3_stmt *st;
	const char *sql = insert
		? "INSERT INTO orgs(id, code, name, kind, sector, level, parent_id,"
		  " established, dissolved) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)"
		: "UPDATE orgs SET code=?2, name=?3, kind=?4, sector=?5, level=?6,"
		  " parent_id=?7, established=?8, dissolved=?9 WHERE id=?1";

	assert_int_equal(sqlite3_prepare_v2(W.db->sql, sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, o->id);
	sqlite3_bind_text(st, 2, o->code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, o->name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, code_by_code(&code_org_kind, o->kind)->key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, code_by_code(&code_sector, o->sector)->key, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, o->level);
	if (o->parent_id)
		sqlite3_bind_int64(st, 7, o->parent_id);
	else
		sqlite3_bind_null(st, 7);
	bind_date(st, 8, o->established);
	bind_date(st, 9, o->dissolved);
	if (sqlite3_step(st) != SQLITE_DONE)
		fail_msg("org write: %s", sqlite3_errmsg(W.db->sql));
	sqlite3_finalize(st);
}

static void person_write(const struct person *p, int insert)
{
	sqlite3_stmt *st;
	const char *sql = insert
		? "INSERT INTO persons(id, name, sex, birth_date, ethnicity, education,"
		  " occupation, pinyin, initials, sort_key, org_id, status, applied,"
		  " activist, target, admitted, full_date, exited) VALUES(?1,'x',?2,?3,"
		  "?4,?5,?6,'x','x',x'00',?7,?8,?9,?10,?11,?12,?13,?14)"
		: "UPDATE persons SET sex=?2, birth_date=?3, ethnicity=?4,"
		  " education=?5, occupation=?6, org_id=?7, status=?8, applied=?9,"
		  " activist=?10, target=?11, admitted=?12, full_date=?13, exited=?14"
		  " WHERE id=?1";

	assert_int_equal(sqlite3_prepare_v2(W.db->sql, sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_int(st, 2, p->sex);
	bind_date(st, 3, p->birth_date);
	sqlite3_bind_int(st, 4, p->ethnicity);
	sqlite3_bind_int(st, 5, p->education);
	sqlite3_bind_text(st, 6, code_by_code(&code_occupation, p->occupation)->key, -1, SQLITE_STATIC);
	if (p->org_id)
		sqlite3_bind_int64(st, 7, p->org_id);
	else
		sqlite3_bind_null(st, 7);
	if (p->status)
		sqlite3_bind_text(st, 8, code_by_code(&code_member_status, p->status)->key, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 8);
	bind_date(st, 9, p->applied);
	bind_date(st, 10, p->activist);
	bind_date(st, 11, p->target);
	bind_date(st, 12, p->admitted);
	bind_date(st, 13, p->full);
	bind_date(st, 14, p->exited);
	if (sqlite3_step(st) != SQLITE_DONE)
		fail_msg("person write: %s", sqlite3_errmsg(W.db->sql));
	sqlite3_finalize(st);
}

static int rnd_date(int y0, int y1)
{
	return date_from_ymd(y0, 1, 1) +
	       rnd_in(0, date_from_ymd(y1, 12, 31) - date_from_ymd(y0, 1, 1));
}

static void random_org(struct org *o, long long id, long long parent)
{
	memset(o, 0, sizeof(*o));
	o->id = id;
	o->parent_id = parent;
	snprintf(o->code, sizeof(o->code), "O%lld", id);
	snprintf(o->name, sizeof(o->name), "org %lld", id);
	o->kind = rnd_in(1, 7);
	o->sector = rnd_in(1, 9);
	o->level = rnd() % 3 ? 0 : rnd_in(1, 4);
	o->established = rnd_date(1940, 2024);
	o->dissolved = rnd() % 8 ? DATE_NONE : o->established + rnd_in(1, 20000);
	o->end_date = o->term_start = DATE_NONE;
}

static const int educations[] = { 10, 11, 14, 20, 21, 23, 28, 30, 31, 41, 44,
				  47, 61, 71, 81, 90 };

static void random_person(struct person *p, long long id)
{
	memset(p, 0, sizeof(*p));
	p->id = id;
	p->sex = rnd() % 50 ? rnd_in(1, 2) : (rnd() % 2 ? 0 : 9);
	p->birth_date = rnd_date(1905, 2006);
	p->ethnicity = rnd() % 10 ? 1 : (rnd() % 5 ? rnd_in(2, 56) : 97 + (int)(rnd() % 2));
	p->education = educations[rnd() % (sizeof(educations) / sizeof(educations[0]))];
	p->occupation = rnd_in(1, 8);
	p->org_id = W.orgs[rnd() % W.nr_orgs].id;
	p->status = rnd_in(1, 8);
	p->applied = p->activist = p->target = p->admitted = p->full = p->exited = DATE_NONE;
	int day = p->birth_date + 18 * 366 + rnd_in(0, 9000);
	int stage = p->status <= MS_FULL ? p->status
			: rnd_in(1, 5); /* stage reached before leaving */
	for (int s = 1; s <= stage; s++) {
		int skip = s < stage && rnd() % 6 == 0; /* older records lack dates */
		if (!skip) {
			int *slot[] = { NULL, &p->applied, &p->activist, &p->target,
					&p->admitted, &p->full };
			if (!(s == MS_FULL && rnd() % 10 == 0))
				*slot[s] = day;
		}
		day += rnd_in(10, 900);
	}
	if (p->status >= MS_WITHDRAWN)
		p->exited = day + rnd_in(0, 3000);
}

static void world_setup(void)
{
	const char *seed = getenv("STATS_SEED");

	rng_state = seed ? strtoull(seed, NULL, 10) : 0x1234567ull + (uint64_t)time(NULL);
	if (!rng_state)
		rng_state = 1;
	print_message("seed %llu\n", (unsigned long long)rng_state);
	snprintf(W.dir, sizeof(W.dir), "/tmp/test-stats-XXXXXX");
	assert_non_null(mkdtemp(W.dir));
	snprintf(W.path, sizeof(W.path), "%s/t.db", W.dir);
	struct error err = ERROR_INIT;
	struct stats_source src;
	assert_int_equal(db_open(W.path, DB_OPEN_CREATE, &W.db, &err), 0);
	/* the test writes rows directly, as a bulk load does: no audit rows */
	audit_store_rows(W.db, 0);
	exec_sql("PRAGMA synchronous=OFF; BEGIN");
	W.alloc_orgs = NR_ORGS * 2;
	W.orgs = calloc(W.alloc_orgs, sizeof(*W.orgs));
	for (int i = 0; i < NR_ORGS; i++) {
		long long parent = i < 3 ? 0 : W.orgs[rnd() % (size_t)i].id;
		random_org(&W.orgs[i], 100 + i, parent);
		org_write(&W.orgs[i], 1);
		W.nr_orgs++;
	}
	W.persons = calloc(NR_PERSONS * 2, sizeof(*W.persons));
	for (int i = 0; i < NR_PERSONS; i++) {
		random_person(&W.persons[i], 1000 + i);
		person_write(&W.persons[i], 1);
		W.nr_persons++;
	}
	/* a few persons without membership stay outside the engine */
	struct person np;
	random_person(&np, 999);
	np.status = 0;
	np.org_id = 0;
	np.applied = np.activist = np.target = np.admitted = np.full = np.exited = DATE_NONE;
	person_write(&np, 1);
	exec_sql("COMMIT");
	stats_source_init(&src, W.db);
	assert_int_equal(stats_engine_build(&src, &W.e, &err), 0);
}

static void world_teardown(void)
{
	char cmd[200];

	stats_engine_free(W.e);
	db_close(W.db);
	free(W.orgs);
	free(W.persons);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", W.dir);
	assert_int_equal(system(cmd), 0);
}

/* ---- the SQL oracle --------------------------------------------------- */

static void case_of(struct strbuf *sb, const char *col, const struct code_table *t)
{
	strbuf_addf(sb, "(CASE %s", col);
	for (size_t i = 0; i < t->n; i++)
		strbuf_addf(sb, " WHEN '%s' THEN %d", t->entries[i].key, t->entries[i].code);
	strbuf_adds(sb, " ELSE 0 END)");
}

#define AGE "(CAST(strftime('%Y',?1) AS INTEGER) - CAST(strftime('%Y',birth_date) AS INTEGER)" \
	    " - (strftime('%m-%d',?1) < strftime('%m-%d',birth_date)))"

static void dim_expr(struct strbuf *sb, int dim)
{
	switch (dim) {
	case STATS_DIM_SEX: strbuf_adds(sb, "sex"); break;
	case STATS_DIM_AGE_BAND:
		strbuf_adds(sb, "(CASE WHEN " AGE "<=30 THEN 0 WHEN " AGE "<=35 THEN 1 WHEN "
			    AGE "<=40 THEN 2 WHEN " AGE "<=45 THEN 3 WHEN " AGE "<=50 THEN 4 WHEN "
			    AGE "<=55 THEN 5 WHEN " AGE "<=60 THEN 6 ELSE 7 END)");
		break;
	case STATS_DIM_ETHNICITY: strbuf_adds(sb, "(ethnicity <> 1)"); break;
	case STATS_DIM_ETHNIC_GROUP: strbuf_adds(sb, "ethnicity"); break;
	case STATS_DIM_EDUCATION: strbuf_adds(sb, "(education NOT BETWEEN 10 AND 39)"); break;
	case STATS_DIM_EDUCATION_GROUP: strbuf_adds(sb, "(education / 10)"); break;
	case STATS_DIM_OCCUPATION: case_of(sb, "occupation", &code_occupation); break;
	case STATS_DIM_STATUS: strbuf_adds(sb, "st"); break;
	case STATS_DIM_JOIN_PERIOD:
		strbuf_adds(sb, "(CASE WHEN adm IS NULL OR adm > ?1 THEN 4 WHEN adm < '1949-10-01'"
			    " THEN 0 WHEN adm < '1978-12-18' THEN 1 WHEN adm < '2012-11-08' THEN 2"
			    " ELSE 3 END)");
		break;
	case STATS_DIM_JOIN_YEAR:
		strbuf_adds(sb, "(CASE WHEN adm IS NULL OR adm > ?1 THEN 255 ELSE"
			    " CAST(substr(adm,1,4) AS INTEGER) - 1900 END)");
		break;
	case STATS_DIM_SECTOR: case_of(sb, "osector", &code_sector); break;
	case STATS_DIM_ORG_KIND: case_of(sb, "okind", &code_org_kind); break;
	case STATS_DIM_ORG_LEVEL: strbuf_adds(sb, "olevel"); break;
	}
}

#define STATUS_EXPR                                                              \
	"(CASE WHEN status IN ('withdrawn','expelled','deceased') AND exited <= ?1"  \
	" THEN (CASE status WHEN 'withdrawn' THEN 6 WHEN 'expelled' THEN 7 ELSE 8 END)" \
	" WHEN COALESCE(full_date, CASE WHEN status = 'full' THEN admitted END) <= ?1" \
	" THEN 5 WHEN COALESCE(admitted, full_date) <= ?1 THEN 4"                    \
	" WHEN target <= ?1 THEN 3 WHEN activist <= ?1 THEN 2"                       \
	" WHEN applied <= ?1 THEN 1 ELSE 0 END)"

/*
 * Rows of the subtree (own_only: of the org itself) as a subquery with
 * st (status as of ?1), adm, okind, osector, olevel.
 */
static void from_subtree(struct strbuf *sb, long long org, int own_only)
{
	strbuf_adds(sb, "(SELECT p.*, " STATUS_EXPR " AS st,"
		    " COALESCE(admitted, full_date) AS adm,"
		    " COALESCE(full_date, CASE WHEN status = 'full' THEN admitted END) AS fu,"
		    " o.kind AS okind,"
		    " o.sector AS osector, o.level AS olevel FROM persons p"
		    " JOIN orgs o ON o.id = p.org_id WHERE p.status IS NOT NULL");
	if (org && own_only)
		strbuf_addf(sb, " AND p.org_id = %lld", org);
	else if (org)
		strbuf_addf(sb, " AND p.org_id IN (WITH RECURSIVE sub(id) AS"
			    " (SELECT %lld UNION ALL SELECT x.id FROM orgs x JOIN sub"
			    " ON x.parent_id = sub.id) SELECT id FROM sub)", org);
	strbuf_adds(sb, ")");
}

static void sql_rollup(const struct stats_query *q, int own_only, uint64_t *cells,
		       int card2)
{
	struct strbuf sb = STRBUF_INIT;
	sqlite3_stmt *st;
	char day[DATE_STR_SIZE];
	int status_free = !q->filtered[STATS_DIM_STATUS];

	strbuf_adds(&sb, "SELECT ");
	for (int i = 0; i < 2; i++) {
		if (i < q->nr_dims) {
			dim_expr(&sb, q->dims[i]);
			if (q->dims[i] == STATS_DIM_STATUS)
				status_free = 0;
		} else {
			strbuf_adds(&sb, "0");
		}
		strbuf_adds(&sb, ", ");
	}
	strbuf_adds(&sb, "count(*) FROM ");
	from_subtree(&sb, q->org_id, own_only);
	strbuf_adds(&sb, status_free ? " WHERE st IN (4, 5)" : " WHERE st > 0");
	for (int d = 0; d < STATS_NR_DIMS; d++) {
		if (!q->filtered[d])
			continue;
		strbuf_adds(&sb, " AND ");
		dim_expr(&sb, d);
		strbuf_adds(&sb, " IN (-1");
		for (int v = 0; v < 256; v++)
			if ((q->allow[d][v >> 6] >> (v & 63)) & 1)
				strbuf_addf(&sb, ", %d", v);
		strbuf_adds(&sb, ")");
	}
	strbuf_adds(&sb, " GROUP BY 1, 2");
	if (sqlite3_prepare_v2(W.db->sql, sb.buf, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sb.buf, sqlite3_errmsg(W.db->sql));
	sqlite3_bind_text(st, 1, date_format(q->as_of, day), -1, SQLITE_TRANSIENT);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int v1 = sqlite3_column_int(st, 0), v2 = sqlite3_column_int(st, 1);
		int c1 = q->nr_dims ? stats_dim_card(q->dims[0]) : 1;
		assert_true(v1 >= 0 && v1 < c1 && v2 >= 0 && v2 < card2);
		cells[v1 * card2 + v2] += (uint64_t)sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	strbuf_release(&sb);
}

static void check_equal(const struct stats_query *q, const struct stats_rollup *r,
			int own_only)
{
	size_t cells = (size_t)r->card[0] * r->card[1];
	uint64_t *want = calloc(cells, sizeof(uint64_t));

	sql_rollup(q, own_only, want, r->card[1]);
	for (size_t i = 0; i < cells; i++) {
		if (want[i] != r->counts[i]) {
			char buf[DATE_STR_SIZE];
			fail_msg("org %lld as of %s by %s,%s filter? cell %zu: engine %llu sql %llu",
				 q->org_id, date_format(q->as_of, buf),
				 q->nr_dims > 0 ? stats_dim_name(q->dims[0]) : "-",
				 q->nr_dims > 1 ? stats_dim_name(q->dims[1]) : "-", i,
				 (unsigned long long)r->counts[i],
				 (unsigned long long)want[i]);
		}
	}
	free(want);
}

static long long random_org_id(void)
{
	if (rnd() % 10 == 0)
		return 0;
	for (;;) {
		const struct org *o = &W.orgs[rnd() % W.nr_orgs];
		if (o->id)
			return o->id;
	}
}

static void random_query(struct stats_query *q)
{
	stats_query_init(q);
	q->org_id = random_org_id();
	q->as_of = rnd_date(1945, 2030);
	q->nr_dims = rnd_in(0, 2);
	for (int i = 0; i < q->nr_dims; i++)
		q->dims[i] = rnd_in(0, STATS_NR_DIMS - 1);
	int nf = rnd() % 3 == 0 ? rnd_in(1, 2) : 0;
	for (int f = 0; f < nf; f++) {
		int d = rnd_in(0, STATS_NR_DIMS - 1);
		int card = stats_dim_card(d);
		int k = rnd_in(1, 3);
		for (int j = 0; j < k; j++)
			stats_query_allow(q, d, d == STATS_DIM_JOIN_YEAR ? rnd_in(40, 130)
							  : rnd_in(0, card - 1));
	}
}

static void check_random_queries(int n)
{
	struct stats_query q;
	struct stats_rollup r;
	struct error err = ERROR_INIT;

	for (int i = 0; i < n; i++) {
		random_query(&q);
		assert_int_equal(stats_rollup(W.e, &q, &r, &err), 0);
		check_equal(&q, &r, 0);
		stats_rollup_release(&r);
	}
}

/* ---- tests ------------------------------------------------------------ */

static void test_every_dimension_pair(void **state)
{
	struct stats_query q;
	struct stats_rollup r;
	struct error err = ERROR_INIT;
	uint64_t members_total = 0;

	(void)state;
	for (int d1 = 0; d1 < STATS_NR_DIMS; d1++) {
		for (int d2 = -1; d2 < STATS_NR_DIMS; d2++) {
			stats_query_init(&q);
			q.org_id = random_org_id();
			q.as_of = rnd_date(1950, 2028);
			q.dims[0] = d1;
			q.nr_dims = 1;
			if (d2 >= 0) {
				q.dims[1] = d2;
				q.nr_dims = 2;
			}
			assert_int_equal(stats_rollup(W.e, &q, &r, &err), 0);
			check_equal(&q, &r, 0);
			if (q.org_id == 0)
				members_total += r.total;
			stats_rollup_release(&r);
		}
	}
	check_random_queries(300);
	/* the whole forest today is not empty: the data is not degenerate */
	stats_query_init(&q);
	q.as_of = date_from_ymd(2024, 6, 30);
	assert_int_equal(stats_rollup(W.e, &q, &r, &err), 0);
	assert_true(r.total > 1000);
	stats_rollup_release(&r);
	(void)members_total;
}

static void test_children(void **state)
{
	struct stats_query q;
	struct stats_children c;
	struct error err = ERROR_INIT;

	(void)state;
	for (int i = 0; i < 30; i++) {
		random_query(&q);
		if (q.nr_dims == 0) {
			q.nr_dims = 1;
			q.dims[0] = STATS_DIM_SEX;
		}
		assert_int_equal(stats_children(W.e, &q, &c, &err), 0);
		check_equal(&q, &c.total, 0);
		if (q.org_id)
			check_equal(&q, &c.own, 1);
		else
			assert_int_equal(c.own.total, 0);
		for (size_t k = 0; k < c.nr; k++) {
			struct stats_query qc = q;
			qc.org_id = c.child[k].org.id;
			check_equal(&qc, &c.child[k].r, 0);
		}
		stats_children_release(&c);
	}
}

static void sql_bulletin(long long org, int year, struct stats_bulletin_counts *c)
{
	struct strbuf sb = STRBUF_INIT;
	sqlite3_stmt *st;
	char day[DATE_STR_SIZE], y0[DATE_STR_SIZE], jul[DATE_STR_SIZE],
		mlo[DATE_STR_SIZE], mhi[DATE_STR_SIZE];
	int july = date_from_ymd(year, 7, 1);

	memset(c, 0, sizeof(*c));
	strbuf_adds(&sb, "SELECT sum(st IN (4,5)), sum(adm BETWEEN ?2 AND ?1),"
		    " sum(st IN (4,5) AND sex = 2), sum(st IN (4,5) AND ethnicity <> 1),"
		    " sum(st IN (4,5) AND education BETWEEN 10 AND 39),"
		    " sum(st IN (1,2,3)), sum(st IN (2,3)),"
		    " sum(fu > ?4 AND fu <= ?5 AND NOT (status IN ('withdrawn','expelled','deceased') AND exited <= ?3)),"
		    " sum(adm BETWEEN ?2 AND ?1 AND sex = 2),"
		    " sum(adm BETWEEN ?2 AND ?1 AND ethnicity <> 1),"
		    " sum(adm BETWEEN ?2 AND ?1 AND " AGE " <= 35),"
		    " sum(adm BETWEEN ?2 AND ?1 AND education BETWEEN 10 AND 39)");
	for (int b = 0; b < 8; b++) {
		strbuf_adds(&sb, ", sum(st IN (4,5) AND ");
		dim_expr(&sb, STATS_DIM_AGE_BAND);
		strbuf_addf(&sb, " = %d)", b);
	}
	for (int p = 0; p < 4; p++) {
		strbuf_adds(&sb, ", sum(st IN (4,5) AND ");
		dim_expr(&sb, STATS_DIM_JOIN_PERIOD);
		strbuf_addf(&sb, " = %d)", p);
	}
	for (int o = 1; o <= 8; o++) {
		strbuf_adds(&sb, ", sum(st IN (4,5) AND ");
		dim_expr(&sb, STATS_DIM_OCCUPATION);
		strbuf_addf(&sb, " = %d), sum(adm BETWEEN ?2 AND ?1 AND ", o);
		dim_expr(&sb, STATS_DIM_OCCUPATION);
		strbuf_addf(&sb, " = %d)", o);
	}
	strbuf_adds(&sb, " FROM ");
	from_subtree(&sb, org, 0);
	if (sqlite3_prepare_v2(W.db->sql, sb.buf, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sb.buf, sqlite3_errmsg(W.db->sql));
	sqlite3_bind_text(st, 1, date_format(date_from_ymd(year, 12, 31), day), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, date_format(date_from_ymd(year, 1, 1), y0), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, date_format(july, jul), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, date_format(date_add_years(july, -51), mlo), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, date_format(date_add_years(july, -50), mhi), -1, SQLITE_TRANSIENT);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int k = 0;
#define COL() ((uint64_t)sqlite3_column_int64(st, k++))
	c->members = COL(); c->new_members = COL(); c->women = COL();
	c->minorities = COL(); c->college = COL(); c->applicants = COL();
	c->activists = COL(); c->medals_50 = COL(); c->new_women = COL();
	c->new_minorities = COL(); c->new_age_le_35 = COL(); c->new_college = COL();
	for (int b = 0; b < 8; b++)
		c->age[b] = COL();
	for (int p = 0; p < 4; p++)
		c->joined[p] = COL();
	for (int o = 1; o <= 8; o++) {
		c->occupation[o] = COL();
		c->new_occupation[o] = COL();
	}
#undef COL
	sqlite3_finalize(st);
	strbuf_reset(&sb);
	/* grassroots organizations */
	strbuf_adds(&sb, "SELECT count(*), sum(kind IN ('committee', 'working_committee')), sum(kind = 'general_branch'),"
		    " sum(kind = 'branch') FROM orgs WHERE level = 0 AND kind IN"
		    " ('committee', 'working_committee', 'general_branch', 'branch') AND established <= ?1"
		    " AND (dissolved IS NULL OR dissolved > ?1)");
	if (org)
		strbuf_addf(&sb, " AND id IN (WITH RECURSIVE sub(id) AS (SELECT %lld UNION ALL"
			    " SELECT x.id FROM orgs x JOIN sub ON x.parent_id = sub.id)"
			    " SELECT id FROM sub)", org);
	assert_int_equal(sqlite3_prepare_v2(W.db->sql, sb.buf, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, day, -1, SQLITE_TRANSIENT);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	c->grassroots_total = (uint64_t)sqlite3_column_int64(st, 0);
	c->committees = (uint64_t)sqlite3_column_int64(st, 1);
	c->general_branches = (uint64_t)sqlite3_column_int64(st, 2);
	c->branches = (uint64_t)sqlite3_column_int64(st, 3);
	sqlite3_finalize(st);
	strbuf_release(&sb);
}

static void check_bulletin_counts(const struct stats_bulletin_counts *got,
				  const struct stats_bulletin_counts *want,
				  long long org, int year)
{
	struct stats_bulletin_counts g = *got;
	uint64_t sectors = 0;

	for (int s = 0; s < STATS_SECTORS; s++)
		sectors += g.orgs_by_sector[s];
	assert_int_equal(sectors, g.grassroots_total);
	memset(g.orgs_by_sector, 0, sizeof(g.orgs_by_sector));
	if (memcmp(&g, want, sizeof(g))) {
		const uint64_t *a = (const uint64_t *)&g, *b = (const uint64_t *)want;
		for (size_t i = 0; i < sizeof(g) / 8; i++)
			if (a[i] != b[i])
				fail_msg("bulletin org %lld year %d field %zu: engine %llu sql %llu",
					 org, year, i, (unsigned long long)a[i],
					 (unsigned long long)b[i]);
	}
}

static void check_bulletins(int n)
{
	struct error err = ERROR_INIT;

	for (int i = 0; i < n; i++) {
		long long org = random_org_id();
		int year = rnd_in(1950, 2026);
		char id[32];
		struct stats_bulletin b;
		struct stats_bulletin_counts want;

		snprintf(id, sizeof(id), "id:%lld", org);
		assert_int_equal(stats_bulletin(W.e, org ? id : "", year, 50, &b, &err), 0);
		sql_bulletin(org, year, &want);
		check_bulletin_counts(&b.total, &want, org, year);
		for (size_t k = 0; k < b.nr_children && k < 5; k++) {
			sql_bulletin(b.children[k].org.id, year, &want);
			check_bulletin_counts(&b.children[k].c, &want,
					      b.children[k].org.id, year);
		}
		stats_bulletin_release(&b);
	}
}

static void test_bulletin(void **state)
{
	(void)state;
	check_bulletins(25);
}

static int in_subtree(long long id, long long root)
{
	for (int guard = 0; id && guard < 10000; guard++) {
		if (id == root)
			return 1;
		long long parent = 0;
		for (size_t i = 0; i < W.nr_orgs; i++)
			if (W.orgs[i].id == id)
				parent = W.orgs[i].parent_id;
		id = parent;
	}
	return 0;
}

static void random_writes(int n)
{
	struct error err = ERROR_INIT;

	for (int i = 0; i < n; i++) {
		int op = rnd_in(0, 99);
		if (op < 30) { /* insert */
			struct person *p = &W.persons[W.nr_persons];
			random_person(p, 1000 + (long long)W.nr_persons);
			person_write(p, 1);
			W.nr_persons++;
			assert_int_equal(stats_engine_apply_person(W.e, NULL, p, &err), 0);
		} else if (op < 70) { /* update */
			struct person *p = &W.persons[rnd() % W.nr_persons];
			struct person before = *p;
			if (!p->id)
				continue;
			random_person(p, p->id);
			if (rnd() % 5 == 0)
				p->status = 0; /* leaves the engine */
			person_write(p, 0);
			assert_int_equal(stats_engine_apply_person(W.e, &before, p, &err), 0);
		} else if (op < 85) { /* delete */
			struct person *p = &W.persons[rnd() % W.nr_persons];
			if (!p->id)
				continue;
			char sql[80];
			snprintf(sql, sizeof(sql), "DELETE FROM persons WHERE id = %lld", p->id);
			exec_sql(sql);
			assert_int_equal(stats_engine_apply_person(W.e, p, NULL, &err), 0);
			p->id = 0;
			p->status = 0;
		} else if (op < 92) { /* create org */
			struct org *o = &W.orgs[W.nr_orgs];
			random_org(o, 100 + (long long)W.nr_orgs, W.orgs[rnd() % W.nr_orgs].id);
			org_write(o, 1);
			W.nr_orgs++;
			assert_int_equal(stats_engine_apply_org(W.e, NULL, o, &err), 0);
		} else if (op < 97) { /* move org */
			struct org *o = &W.orgs[rnd() % W.nr_orgs];
			long long np = W.orgs[rnd() % W.nr_orgs].id;
			struct org before = *o;
			if (rnd() % 10 == 0)
				np = 0;
			if (np && in_subtree(np, o->id)) {
				struct org bad = *o;
				bad.parent_id = np;
				assert_int_equal(stats_engine_apply_org(W.e, &before, &bad, &err),
						 ST_CONFLICT);
				error_clear(&err);
				continue;
			}
			o->parent_id = np;
			org_write(o, 0);
			assert_int_equal(stats_engine_apply_org(W.e, &before, o, &err), 0);
		} else { /* dissolve / change sector */
			struct org *o = &W.orgs[rnd() % W.nr_orgs];
			struct org before = *o;
			o->dissolved = rnd_date(1990, 2025);
			o->sector = rnd_in(1, 9);
			org_write(o, 0);
			assert_int_equal(stats_engine_apply_org(W.e, &before, o, &err), 0);
		}
	}
}

static void test_deltas(void **state)
{
	struct stats_engine_info info;

	(void)state;
	random_writes(400);
	stats_engine_info(W.e, &info);
	assert_true(info.delta_rows > 0);
	check_random_queries(150);
	check_bulletins(8);
	stats_engine_compact(W.e);
	stats_engine_info(W.e, &info);
	assert_int_equal(info.delta_rows, 0);
	assert_int_equal(info.dead_rows, 0);
	check_random_queries(100);
	random_writes(300);
	check_random_queries(100);
	check_bulletins(5);

	/* unknown person and unknown organization are refused */
	struct error err = ERROR_INIT;
	struct person ghost;
	random_person(&ghost, 424242);
	assert_int_equal(stats_engine_apply_person(W.e, &ghost, NULL, &err), ST_NOT_FOUND);
	ghost.org_id = 987654;
	error_clear(&err);
	assert_int_equal(stats_engine_apply_person(W.e, NULL, &ghost, &err), ST_NOT_FOUND);
}

static void *dup_mem(const void *p, size_t n)
{
	void *q = malloc(n ? n : 1);
	assert_non_null(q);
	memcpy(q, p, n);
	return q;
}

/*
 * The engine's numbering after organizations were added one by one (each
 * put in place without a walk of the tree) is exactly what numbering the
 * whole tree again gives: preorder, subtree ends, rows, children, roots.
 */
static void check_numbering(struct stats_engine *e)
{
	struct stats_orgs *o = &e->o;
	struct error err = ERROR_INIT;
	size_t n = o->n, nr = o->nr_pre, nroots = o->nr_roots;
	int32_t *pre = dup_mem(o->pre, n * 4), *pre_end = dup_mem(o->pre_end, n * 4);
	int32_t *parent = dup_mem(o->parent, n * 4);
	int32_t *pre_org = dup_mem(o->pre_org, nr * 4);
	size_t *rs = dup_mem(o->row_start, (nr + 1) * sizeof(size_t));
	int32_t *cf = dup_mem(o->child_first, (n + 2) * 4);
	int32_t *cl = dup_mem(o->child_list, (size_t)cf[n] * 4);
	int32_t *roots = dup_mem(o->roots, nroots * 4);
	uint8_t *pk = dup_mem(o->p_kind, nr), *ps = dup_mem(o->p_sector, nr);
	uint8_t *pl = dup_mem(o->p_level, nr);
	int32_t *pe = dup_mem(o->p_est, nr * 4), *pd = dup_mem(o->p_dis, nr * 4);

	assert_int_equal(stats_tree_renumber(e, &err), 0);
	assert_int_equal(o->nr_pre, nr);
	assert_int_equal(o->nr_roots, nroots);
	for (size_t i = 0; i < n; i++)
		if (!o->removed[i]) {
			assert_int_equal(o->pre[i], pre[i]);
			assert_int_equal(o->pre_end[i], pre_end[i]);
			assert_int_equal(o->parent[i], parent[i]);
		}
	assert_memory_equal(o->pre_org, pre_org, nr * 4);
	assert_memory_equal(o->row_start, rs, (nr + 1) * sizeof(size_t));
	assert_memory_equal(o->child_first, cf, (n + 2) * 4);
	assert_memory_equal(o->child_list, cl, (size_t)cf[n] * 4);
	assert_memory_equal(o->roots, roots, nroots * 4);
	assert_memory_equal(o->p_kind, pk, nr);
	assert_memory_equal(o->p_sector, ps, nr);
	assert_memory_equal(o->p_level, pl, nr);
	assert_memory_equal(o->p_est, pe, nr * 4);
	assert_memory_equal(o->p_dis, pd, nr * 4);
	free(pre); free(pre_end); free(parent); free(pre_org); free(rs);
	free(cf); free(cl); free(roots); free(pk); free(ps); free(pl);
	free(pe); free(pd);
}

/* New organizations under random parents and as new roots, among person
 * writes, then moves: numbered as a full renumbering would, and every
 * answer right. */
static void test_new_orgs(void **state)
{
	struct error err = ERROR_INIT;

	(void)state;
	for (int k = 0; k < 120; k++) {
		if (W.nr_orgs == W.alloc_orgs) {
			W.alloc_orgs *= 2;
			W.orgs = realloc(W.orgs, W.alloc_orgs * sizeof(*W.orgs));
			assert_non_null(W.orgs);
		}
		struct org *o = &W.orgs[W.nr_orgs];
		long long parent = k % 40 == 7 ? 0 : W.orgs[rnd() % W.nr_orgs].id;
		random_org(o, 100 + (long long)W.nr_orgs, parent);
		exec_sql("BEGIN");
		org_write(o, 1);
		exec_sql("COMMIT");
		W.nr_orgs++;
		assert_int_equal(stats_engine_apply_org(W.e, NULL, o, &err), 0);
		if (k % 30 == 29) {
			check_numbering(W.e);
			random_writes(40);
		}
	}
	check_numbering(W.e);
	check_random_queries(60);
	check_bulletins(4);
	/* moves under random new parents (also to and from the roots, which
	 * renumber), each followed by the comparison with a renumbering */
	for (int k = 0; k < 80; k++) {
		struct org *o = &W.orgs[rnd() % W.nr_orgs];
		long long np = k % 16 == 5 ? 0 : W.orgs[rnd() % W.nr_orgs].id;
		struct org before = *o;
		if ((np && in_subtree(np, o->id)) || np == o->parent_id)
			continue;
		o->parent_id = np;
		exec_sql("BEGIN");
		org_write(o, 0);
		exec_sql("COMMIT");
		assert_int_equal(stats_engine_apply_org(W.e, &before, o, &err), 0);
		check_numbering(W.e);
		if (k % 20 == 19)
			check_random_queries(15);
	}
	check_random_queries(60);
	check_bulletins(4);
	/* new codes for a third of the organizations (taken out of the code
	 * map and put back one by one): every code still finds its own */
	struct stats_org_info info_unused;
	for (size_t i = 0; i < W.nr_orgs; i += 3) {
		struct org *o = &W.orgs[i];
		struct org before = *o;
		snprintf(o->code, sizeof(o->code), "R%zu-%lld", i, o->id);
		exec_sql("BEGIN");
		org_write(o, 0);
		exec_sql("COMMIT");
		assert_int_equal(stats_engine_apply_org(W.e, &before, o, &err), 0);
		assert_int_equal(stats_org_find(W.e, before.code, &info_unused, &err),
				 ST_NOT_FOUND);
		error_clear(&err);
	}
	for (size_t i = 0; i < W.nr_orgs; i++) {
		struct stats_org_info info;
		assert_int_equal(stats_org_find(W.e, W.orgs[i].code, &info, &err), 0);
		assert_int_equal(info.id, W.orgs[i].id);
	}
	check_random_queries(20);
}

static void compare_engines(struct stats_engine *a, struct stats_engine *b, int n)
{
	struct stats_query q;
	struct stats_rollup ra, rb;
	struct error err = ERROR_INIT;

	for (int i = 0; i < n; i++) {
		random_query(&q);
		assert_int_equal(stats_rollup(a, &q, &ra, &err), 0);
		assert_int_equal(stats_rollup(b, &q, &rb, &err), 0);
		assert_int_equal(ra.total, rb.total);
		assert_memory_equal(ra.counts, rb.counts,
				    (size_t)ra.card[0] * ra.card[1] * sizeof(uint64_t));
		stats_rollup_release(&ra);
		stats_rollup_release(&rb);
	}
}

/*
 * An organization whose id is far beyond the others (ids are not always
 * handed out in sequence): the engine's id table turns from a direct table
 * into a hash map; lookups by id and code and every answer stay right,
 * also after the snapshot test below saves and loads this state.
 */
static void test_sparse_ids(void **state)
{
	struct error err = ERROR_INIT;
	struct stats_org_info info;
	char id[32];

	(void)state;
	if (W.nr_orgs == W.alloc_orgs) {
		W.alloc_orgs *= 2;
		W.orgs = realloc(W.orgs, W.alloc_orgs * sizeof(*W.orgs));
		assert_non_null(W.orgs);
	}
	struct org *o = &W.orgs[W.nr_orgs];
	random_org(o, 5000000000123LL, W.orgs[0].id);
	exec_sql("BEGIN");
	org_write(o, 1);
	exec_sql("COMMIT");
	W.nr_orgs++;
	assert_int_equal(stats_engine_apply_org(W.e, NULL, o, &err), 0);
	snprintf(id, sizeof(id), "id:%lld", o->id);
	assert_int_equal(stats_org_find(W.e, id, &info, &err), 0);
	assert_string_equal(info.code, o->code);
	assert_int_equal(stats_org_find(W.e, o->code, &info, &err), 0);
	assert_int_equal(info.id, o->id);
	snprintf(id, sizeof(id), "id:%lld", W.orgs[1].id);
	assert_int_equal(stats_org_find(W.e, id, &info, &err), 0);
	assert_string_equal(info.code, W.orgs[1].code);
	assert_int_equal(stats_org_find(W.e, "id:4999999999999", &info, &err), ST_NOT_FOUND);
	assert_int_equal(stats_org_find(W.e, "id:-1", &info, &err), ST_INVALID);
	random_writes(50);
	check_random_queries(30);
}

/* The whole file at path (malloc'd); fails the test when unreadable. */
static unsigned char *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	assert_true(n > 0);
	fseek(f, 0, SEEK_SET);
	unsigned char *buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*size = (size_t)n;
	return buf;
}

static void test_snapshot(void **state)
{
	char path[128], cmd[300];
	struct error err = ERROR_INIT;
	struct stats_engine *e2 = NULL;
	uint64_t stamp = 0;

	(void)state;
	random_writes(50); /* leave deltas pending: save must include them */
	snprintf(path, sizeof(path), "%s/stats.snap", W.dir);
	assert_int_equal(stats_engine_save(W.e, path, 77, &err), 0);
	assert_int_equal(stats_engine_load(path, &e2, &stamp, &err), 0);
	assert_int_equal(stamp, 77);
	compare_engines(W.e, e2, 100);
	check_random_queries(20);
	/* the loaded engine uses the file in place: replacing the file (as a
	 * later save does) leaves it answering the same */
	assert_int_equal(stats_engine_save(W.e, path, 78, &err), 0);
	compare_engines(W.e, e2, 50);
	stats_engine_free(e2);
	size_t saved_size;
	unsigned char *saved = read_file(path, &saved_size);
	/* the loaded engine takes deltas too (written over its private
	 * mapping of the file), and a compaction moves its columns out of the
	 * file; from here on it is the engine the store is checked against */
	assert_int_equal(stats_engine_load(path, &e2, &stamp, &err), 0);
	assert_int_equal(stamp, 78);
	stats_engine_free(W.e);
	W.e = e2;
	random_writes(100);
	check_random_queries(50);
	stats_engine_compact(W.e);
	check_random_queries(20);
	random_writes(20);
	check_random_queries(20);
	/* ... and the file never changed */
	size_t after_size;
	unsigned char *after = read_file(path, &after_size);
	assert_int_equal(after_size, saved_size);
	assert_memory_equal(after, saved, saved_size);
	free(saved);
	free(after);

	/* corrupt one byte in the middle: refused */
	FILE *f = fopen(path, "r+b");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fseek(f, size / 2, SEEK_SET);
	int ch = fgetc(f);
	fseek(f, size / 2, SEEK_SET);
	fputc(ch ^ 0x5a, f);
	fclose(f);
	e2 = NULL;
	error_clear(&err);
	assert_int_equal(stats_engine_load(path, &e2, NULL, &err), ST_INVALID);
	assert_null(e2);
	assert_non_null(strstr(err.message, "checksum"));
	/* truncated: refused */
	snprintf(cmd, sizeof(cmd), "truncate -s %ld %s", size - 10, path);
	assert_int_equal(system(cmd), 0);
	error_clear(&err);
	assert_int_equal(stats_engine_load(path, &e2, NULL, &err), ST_INVALID);
	/* not a snapshot */
	error_clear(&err);
	assert_int_equal(stats_engine_load(W.path, &e2, NULL, &err), ST_INVALID);
}

static void test_keys(void **state)
{
	char buf[16], key[64];

	(void)state;
	for (int d = 0; d < STATS_NR_DIMS; d++) {
		assert_int_equal(stats_dim_parse(stats_dim_name(d)), d);
		/* every value's key reads back as that value (keys are unique
		 * within a dimension) */
		for (int v = 0; v < stats_dim_card(d); v++) {
			snprintf(key, sizeof(key), "%s", stats_value_key(d, v, buf, sizeof(buf)));
			if (stats_value_parse(d, key) != v)
				fail_msg("%s: key '%s' of value %d reads back as %d", stats_dim_name(d), key, v,
					 stats_value_parse(d, key));
		}
	}
	assert_int_equal(stats_value_parse(STATS_DIM_AGE_BAND, "31-35"), 1);
	assert_int_equal(stats_value_parse(STATS_DIM_JOIN_YEAR, "2015"), 115);
	assert_int_equal(stats_value_parse(STATS_DIM_SEX, "female"), 2);
	assert_int_equal(stats_value_parse(STATS_DIM_SEX, "nope"), -1);
	struct stats_query q;
	struct error err = ERROR_INIT;
	stats_query_init(&q);
	assert_int_equal(stats_query_parse_by(&q, "sex,age_band", &err), 0);
	assert_int_equal(q.nr_dims, 2);
	assert_int_equal(stats_query_parse_filter(&q, "status=full|probationary,sector=rural", &err), 0);
	assert_true(q.filtered[STATS_DIM_STATUS] && q.filtered[STATS_DIM_SECTOR]);
	assert_int_equal(stats_query_parse_filter(&q, "colour=red", &err), ST_INVALID);
	error_clear(&err);
	assert_int_equal(stats_query_parse_by(&q, "a,b,c", &err), ST_INVALID);
}

/*
 * A build reads through struct stats_source only: an in-memory source (two
 * organizations, members in two chunks, one person outside the engine)
 * gives the counts it holds; a member of an organization the source never
 * gave is refused, and a failing read's status comes back with no engine.
 */
struct mem_source {
	int unknown_org;     /* give a member of organization 99 */
	int fail;            /* the read fails with ST_DB */
};

static int mem_read(void *arg, int max_threads, const struct stats_source_visitor *v,
		    struct error *err)
{
	const struct mem_source *m = arg;
	struct org o[2];
	struct stats_source_member rows[4];
	int day = date_from_ymd(2010, 7, 1), rc;

	assert_true(max_threads >= 1);
	if (m->fail)
		return error_set(err, ST_DB, NULL, "no table");
	for (int i = 0; i < 2; i++) {
		org_init(&o[i]);
		o[i].id = i + 1;
		o[i].parent_id = i ? 1 : 0;
		snprintf(o[i].code, sizeof(o[i].code), "M%d", i + 1);
		snprintf(o[i].name, sizeof(o[i].name), "org %d", i + 1);
		o[i].kind = i ? ORG_BRANCH : ORG_COMMITTEE;
		o[i].level = i ? ORG_LEVEL_GRASSROOTS : ORG_LEVEL_COUNTY;
		o[i].sector = SECTOR_RURAL;
		o[i].established = date_from_ymd(2000, 1, 1);
	}
	/* the child first: a bulk build takes them in any order */
	if ((rc = v->org(&o[1], v->arg, err)) || (rc = v->org(&o[0], v->arg, err)))
		return rc;
	memset(rows, 0, sizeof(rows));
	for (int i = 0; i < 4; i++) {
		rows[i].id = 100 + i;
		rows[i].org_id = i == 0 ? 1 : 2;
		rows[i].sex = SEX_FEMALE;
		rows[i].ethnicity = ETHNICITY_HAN;
		rows[i].occupation = OCC_WORKERS;
		rows[i].status = MS_FULL;
		rows[i].birth_date = date_from_ymd(1980, 1, 1);
		rows[i].applied = rows[i].activist = rows[i].target = DATE_NONE;
		rows[i].admitted = day;
		rows[i].full = day + 365;
		rows[i].exited = DATE_NONE;
	}
	rows[3].status = 0;          /* not a member: left out */
	rows[3].org_id = 0;
	if (m->unknown_org)
		rows[2].org_id = 99;
	if ((rc = v->members(0, rows, 2, v->arg, err)))
		return rc;
	return v->members(STATS_SOURCE_CHUNKS - 1, rows + 2, 2, v->arg, err);
}

static void test_source(void **state)
{
	struct mem_source m = { 0, 0 };
	struct stats_source src = { .read = mem_read, .arg = &m };
	struct stats_engine *e = NULL;
	struct stats_engine_info info;
	struct stats_query q;
	struct stats_rollup r;
	struct error err = ERROR_INIT;

	(void)state;
	assert_int_equal(stats_engine_build(&src, &e, &err), 0);
	stats_engine_info(e, &info);
	assert_int_equal(info.orgs, 2);
	assert_int_equal(info.rows, 3);
	stats_query_init(&q);
	q.as_of = date_from_ymd(2020, 1, 1);
	q.org_id = 1;
	assert_int_equal(stats_rollup(e, &q, &r, &err), 0);
	assert_int_equal(r.total, 3);
	stats_rollup_release(&r);
	q.org_id = 2;
	assert_int_equal(stats_rollup(e, &q, &r, &err), 0);
	assert_int_equal(r.total, 2);
	stats_rollup_release(&r);
	stats_engine_free(e);

	m.unknown_org = 1;
	e = NULL;
	assert_int_equal(stats_engine_build(&src, &e, &err), ST_NOT_FOUND);
	assert_null(e);
	error_clear(&err);
	m.unknown_org = 0;
	m.fail = 1;
	assert_int_equal(stats_engine_build(&src, &e, &err), ST_DB);
	assert_null(e);
	error_clear(&err);
}

static int setup(void **state)
{
	(void)state;
	world_setup();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	world_teardown();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_source),
		cmocka_unit_test(test_every_dimension_pair),
		cmocka_unit_test(test_children),
		cmocka_unit_test(test_bulletin),
		cmocka_unit_test(test_deltas),
		cmocka_unit_test(test_sparse_ids),
		cmocka_unit_test(test_new_orgs),
		cmocka_unit_test(test_snapshot),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
