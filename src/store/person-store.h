/*
 * person-store.h - the persons table (identity + membership) and import
 * batches (the member_events timeline: event-store.h).
 *
 * Row-level access only; rules live in model/person.c and ops/member-ops.c.
 * person_store_insert/update derive pinyin, initials and the collation key
 * from the name (model/pinyin.h). Lists are in pinyin (ICU "zh") order or
 * in one of the other orders (enum person_sort), paginated by an opaque
 * cursor string (owned by the caller, CURSOR_SIZE).
 */
#ifndef OW_PERSON_STORE_H
#define OW_PERSON_STORE_H

#include "core/error.h"
#include "model/person.h"

struct db;

/*
 * The longest collation key a person row holds (person_store_insert and the
 * bulk load compute it into buffers of this size). A list cursor carries
 * the whole key of the last row plus its id, "HEX(sort_key).ID", so that a
 * page never repeats a row and a listing always ends; CURSOR_SIZE holds
 * the longest such cursor with its NUL.
 */
#define PERSON_SORT_KEY_MAX 512
#define CURSOR_SIZE (16 + 2 * PERSON_SORT_KEY_MAX + 1 + 20 + 1)

/*
 * The orders a list can take (person_query.sort), each ascending or
 * descending (person_query.desc): pinyin order of the name (the default),
 * birth date, admission date, full-membership date (party age),
 * education code, membership status (in the order of the code table:
 * applicant .. full, then the ends), organization code. Rows without a
 * value (no date) come last in both directions; the id breaks ties, in
 * the direction of the order.
 */
enum person_sort {
	PSORT_NAME, PSORT_BIRTH, PSORT_ADMITTED, PSORT_FULL, PSORT_EDUCATION,
	PSORT_STATUS, PSORT_ORG, PSORT_COUNT
};
/* The key of an order in the API ("name", "birth_date", "admitted",
 * "full", "education", "status", "org"); -1 for an unknown one. */
int person_sort_parse(const char *key);

int person_store_insert(struct db *db, struct person *p, struct error *err);
int person_store_update(struct db *db, struct person *p, struct error *err);
int person_store_get(struct db *db, long long id, struct person *out,
		     struct error *err);
/* By normalized 18-character ID number. */
int person_store_get_by_id_number(struct db *db, const char *id_number,
				  struct person *out, struct error *err);

typedef int (*person_visit_fn)(const struct person *p, void *ctx);


struct person_query {
	long long org_id;       /* 0 = all organizations */
	int subtree;            /* include the whole subtree of org_id */
	const char *text;       /* NULL, Hanzi substring, pinyin, or initials */
	int status;             /* 0 = anyone, -1 = members (probationary, full),
				   -2 = current (applicant .. full), >0 = that status */
	const char *after;      /* cursor from a previous page, or NULL */
	int limit;              /* rows per page (1..1000) */
	int sort;               /* enum person_sort (0: pinyin order) */
	int desc;               /* non-zero: the order reversed (nulls stay last) */
	struct person_drill drill;
	/* "YYYY-MM-DD" or "": probationary members admitted before that day
	   whose full membership is not recorded (probation overdue) */
	char admitted_before[11];
};

/*
 * Visits the matching persons in the order q->sort, q->desc (pinyin order
 * by default). When more rows exist than limit, next_cursor (CURSOR_SIZE
 * bytes, may be NULL) receives the cursor of the next page, else "". The
 * cursor holds the full (sort value, id) of the last row visited and the
 * next page starts strictly after it. In pinyin order it is
 * "HEX(sort_key).ID"; in the other orders "SORT.a|d.VALUE.ID" (VALUE: hex
 * of the text or key, decimal of a number, "-" for none), so that a cursor
 * names the order it was made for. q->after is parsed strictly: anything
 * malformed is ST_INVALID naming the field "cursor"; a well-formed cursor
 * of another order is ST_INVALID with the code "cursor_other_sort". A
 * stored value too long for a cursor (only a database written by other
 * means) is ST_INTERNAL, never a cut cursor.
 */
int person_store_list(struct db *db, const struct person_query *q,
		      person_visit_fn fn, void *ctx, char *next_cursor,
		      struct error *err);
/* Number of matches of q (limit and cursor ignored). */
int person_store_count(struct db *db, const struct person_query *q,
		       long long *n, struct error *err);


/*
 * The id the next inserted person gets (one after the largest, as SQLite
 * numbers rows): writers choose it before inserting, because the sealed
 * identifiers are bound to it. Inside the writer's transaction it stays
 * free until that writer inserts.
 */
int person_store_next_id(struct db *db, long long *id, struct error *err);

/*
 * For orgwork check: opens every person's sealed identifiers and compares
 * the blind index of the ID number with the one stored (id_bidx). fn is
 * called for each person whose value does not open or whose index does not
 * match (problem: a short text), in id order, until it returns nonzero;
 * *bad receives how many such persons there are (all of them are counted
 * even after fn stopped being called). ST_DB when the table cannot be read.
 */
typedef int (*person_pii_problem_fn)(long long person_id, const char *problem, void *ctx);
int person_store_check_pii(struct db *db, person_pii_problem_fn fn, void *ctx,
			   long long *bad, struct error *err);

/* struct person_dates: model/person.h. */
typedef int (*person_dates_fn)(const struct person_dates *p, void *ctx);

/*
 * Calls fn for every person registered in an organization of the subtree
 * of root (root included, dissolved organizations too), with any status,
 * reached through the subtree's ids and person_order: the cost is the size
 * of the subtree, not of the table. Stops on fn's non-zero answer (not an
 * error). ST_DB on SQL errors.
 */
int person_store_subtree_dates(struct db *db, long long root, person_dates_fn fn,
			       void *ctx, struct error *err);

/*
 * The development steps and lost contact of person p that the findings
 * read (model/person.h struct person_track), from dev_steps and
 * standing_records (p's key dates decide an implied talk). A person
 * without any: every field none.
 */
int person_store_track(struct db *db, const struct person *p, struct person_track *out,
		       struct error *err);

/* Records an import batch; returns its id in *id. */
int import_batch_add(struct db *db, const char *file, long long rows,
		     const char *actor, long long *id, struct error *err);

#endif
