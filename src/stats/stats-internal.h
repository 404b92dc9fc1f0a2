/*
 * stats-internal.h - the layout of the statistics engine, shared by the
 * files of src/stats/ only (engine.c, engine-edit.c, engine-build.c,
 * rollup.c, bulletin.c, snapshot.c, dues.c).
 *
 * Organizations live in arrays indexed by an internal index (idx, stable for
 * the engine's life; removed organizations leave a dead slot). The preorder
 * numbering maps pre -> idx; a subtree is pre .. pre_end-1. Base rows are
 * sorted by preorder: the rows of the organization at preorder p are
 * row_start[p] .. row_start[p+1]-1, so a subtree's rows are row_start[pre] ..
 * row_start[pre_end]-1.
 *
 * Row columns (18 bytes of analytical data per row, plus the 8-byte person
 * id used only to apply deltas):
 *   u16 birth, applied, activist, target, admitted, full, exited:
 *       days since 1900-01-01, D16_NONE (0xFFFF) when absent, so that
 *       "date present and on or before D" is just `x <= d`.
 *   u8 cls: joint key of the bulletin: bits 0-2 occupation-1, bit 3 female,
 *       bit 4 minority, bit 5 college or above, bits 6-7 exit kind
 *       (0 none, 1 withdrawn, 2 expelled, 3 deceased).
 *   u8 sex, ethnicity, education: the national codes.
 * A dead row (superseded by a delta) has birth == D16_NONE and every status
 * date D16_NONE, so it never counts; compaction drops it.
 */
#ifndef OW_STATS_INTERNAL_H
#define OW_STATS_INTERNAL_H

#include <pthread.h>
#include <stdint.h>

#include "stats/stats.h"

#define D16_NONE 0xFFFFu
#define D16_MAX 0xFFFEu

#define CLS_OCC_MASK 0x07u
#define CLS_FEMALE 0x08u
#define CLS_MINORITY 0x10u
#define CLS_COLLEGE 0x20u
#define CLS_EXIT_SHIFT 6

/* One row outside the sorted columns: the delta area and bulk staging. */
struct stats_row {
	long long id;
	uint32_t org;     /* org idx */
	uint16_t birth, applied, activist, target, admitted, full, exited;
	uint8_t cls, sex, eth, edu;
};

/* Columns either own their arrays (malloc) or, after a snapshot load, point
 * into the engine's private mapping of the file (mapped = 1: not freed one
 * by one; a resize copies them out first; writes copy the touched pages). */
struct stats_cols {
	size_t n, alloc;
	int mapped;
	long long *id;
	uint16_t *birth, *applied, *activist, *target, *admitted, *full, *exited;
	uint8_t *cls, *sex, *eth, *edu;
};

struct stats_orgs {
	size_t n, alloc;            /* slots (idx) */
	long long *id, *parent_id;
	int32_t *parent;            /* idx or -1 */
	char **code, **name;
	uint8_t *kind, *sector, *level, *removed;
	int32_t *established, *dissolved; /* day numbers; INT32_MIN / INT32_MAX */
	int32_t *pre;               /* preorder number, -1 for removed */
	int32_t *pre_end;
	/* preorder-indexed copies (size nr_pre, row_start nr_pre + 1) */
	size_t nr_pre;
	int32_t *pre_org;
	uint8_t *p_kind, *p_sector, *p_level;
	int32_t *p_est, *p_dis;
	size_t *row_start;
	/* children in CSR form, by idx: child_list[child_first[idx] ..
	 * child_first[idx + 1]), and the roots */
	int32_t *child_first, *child_list;
	int32_t *roots;
	size_t nr_roots;
	/* id -> idx: a direct table id_direct[id] when the ids are dense
	 * (1 .. id_direct_n - 1, at most a few times n: the usual case, ids
	 * handed out in sequence), else the hash map id_map; code -> idx: the
	 * hash map code_map (open addressing, -1 empty, map_size slots) */
	int32_t *id_map, *code_map;
	size_t map_size;
	int32_t *id_direct;
	size_t id_direct_n;
	/* one block holding the code and name strings a snapshot loaded
	 * (those pointers are not freed one by one), or NULL; borrowed when it
	 * is part of the engine's mapping of the snapshot (not freed) */
	char *arena;
	size_t arena_size;
	int arena_borrowed;
};

/*
 * The dated history (history.c): the parent changes of organizations,
 * sorted by org idx then day (a group per organization; its first entry is
 * the earliest version), and the transfers of persons between
 * organizations, sorted by person id then day. last_move / last_transfer:
 * the latest day of a parent change (not counting each organization's
 * first version) / of a transfer, INT32_MIN when none: on or after both,
 * the tree and the members' organizations of a day are today's.
 */
struct stats_hist {
	size_t nr_ver, alloc_ver;
	int32_t *ver_org, *ver_parent, *ver_day;
	size_t nr_tr, alloc_tr;
	long long *tr_person;
	int32_t *tr_day, *tr_from, *tr_to;
	int32_t last_move, last_transfer;
};

/*
 * The track entries (tracks.c; stats.h stats_engine_apply_track): one per
 * person with a recorded track, in no order, found by id through the
 * open-addressing map (slots of entry indexes, -1 empty, map_size a power
 * of two at least twice n). An entry is never removed (a track only grows;
 * an entry whose person left the engine has org -1 and counts nothing).
 * Dates as in the columns (d16, D16_NONE when none); status and the key
 * dates are the person's own, not the column row's (the findings' status
 * is person_dates_status_on of them).
 */
struct stats_track {
	long long id;
	int32_t org;                 /* org idx of the person's row; -1 outside */
	uint8_t status, app_step, ext_months;
	/* derived (tracks.c track_derive) whenever a date changes: the fewest
	 * months m for which the talk (the step, or the one the key dates
	 * imply) is in time, date_add_months(applied, m) >= talk; 255: no talk,
	 * or not within 254 months (the count then works it out) */
	uint8_t talk_ok;
	uint16_t applied, activist, target, admitted, full, exited;
	uint16_t talk, vote, approval, lost_from, lost_to;
	uint16_t ext_end;            /* derived: admitted plus ext_months; D16_NONE */
};

/*
 * What the findings' pass reads of entry k (tracks.c track_hot, kept in
 * step with the entry): the rules' conditions as day intervals, so that a
 * count is a few comparisons with no status to work out. "from" is the
 * first day a condition holds, "to" the first day it no longer does
 * (D16_NONE: never; 0 in base_to: never holds).
 */
struct stats_track_hot {
	int32_t org;                 /* as the entry's */
	uint16_t applied;
	uint16_t appl_to;            /* an applicant on [applied, appl_to) */
	uint16_t base_to;            /* the column row counts as talk overdue before */
	uint16_t vote, appr_to;      /* no approval and not exited before appr_to */
	uint16_t ext_end;
	uint16_t prob_from, prob_to; /* probationary on [prob_from, prob_to) */
	uint16_t member_from;        /* a member (probationary or full) from, until exited */
	uint16_t lost_from, lost_to; /* lost contact open and a member before lost_to */
	uint8_t talk_ok;
	uint8_t recent;              /* listed in stats_tracks.recent */
};

struct stats_tracks {
	struct stats_track *t;
	struct stats_track_hot *hot; /* same index as t */
	size_t n, alloc, alloc_hot;
	int32_t *map;
	size_t map_size;
	/* the entries by organization, for a subtree's count (tracks.c
	 * stats_tracks_index): those of org idx are by_org[org_start[idx] ..
	 * org_start[idx + 1]) for idx < nr_slots; an entry changed since the
	 * index was made (hot.recent set) is listed in recent instead */
	uint32_t *by_org, *org_start, *recent;
	size_t nr_slots, nr_recent, alloc_recent;
};

struct stats_engine {
	pthread_rwlock_t lock;
	struct stats_tracks tr;
	struct stats_hist h;
	struct stats_orgs o;
	struct stats_cols c;
	struct stats_row *delta;
	size_t nr_delta, alloc_delta, nr_dead;
	int bulk;
	/* private read-write mapping of the snapshot the engine was loaded
	 * from (or NULL): the organization strings live in it up to map_cols,
	 * the columns from map_cols on, until a compaction copies them out */
	unsigned char *map;
	size_t map_size, map_cols;
	/* dues by organization and month (dues.c), NULL until loaded */
	struct stats_dues *dues;
};

/* The engine's dues (dues.c; saved and loaded by snapshot.c). */
/* The arrears runs of an organization's members in a month (for the
 * findings dues_arrears_*): bit k (k < 63) set when a member's run of months
 * paid short in a row is k months, bit 63 for 63 or more; max the longest. */
struct dues_run {
	uint64_t bits;
	int max;
};

struct dues_org_cells {
	int first;                   /* month of cell[0] */
	int n;                       /* months first .. first+n-1 */
	struct stats_dues_cell *cell;
	struct dues_run *run;        /* n, beside cell */
};

struct stats_dues {
	int horizon;                 /* last month held */
	size_t n;                    /* slots in org (by org idx) */
	struct dues_org_cells *org;
	/* the dues stamp (store/dues-store.h) the cells reflect, when known
	 * (stats_engine_set_dues_stamp; a snapshot holds the cells only then) */
	unsigned long long stamp;
	int stamp_known;
};

/* Frees the engine's dues (dues.c). */
void stats_dues_free(struct stats_dues *d);

/* Day number <-> 16-bit offset. */
int stats_d16_base(void);
uint16_t stats_d16(int day);

/* Row of a person (org idx given); 0 if the person is outside the engine. */
int stats_row_from_person(const struct person *p, uint32_t org,
			  struct stats_row *out);
struct stats_source_member;
int stats_row_from_member(const struct stats_source_member *m, uint32_t org,
			  struct stats_row *out);

/* Org index by id; -1 if unknown. Caller holds the lock. */
int32_t stats_org_idx(const struct stats_orgs *o, long long id);
int32_t stats_org_idx_by_code(const struct stats_orgs *o, const char *code);
/* Fills info for idx (-1 = virtual root). */
void stats_org_fill_info(const struct stats_orgs *o, int32_t idx,
			 struct stats_org_info *out);
/* Resolves a code, "id:N" (org_ref_parse) or "" to idx (-1 = virtual root). */
int stats_org_resolve(const struct stats_orgs *o, const char *s,
		      int32_t *idx, struct error *err);

/* Numbers the tree and re-lays the rows; used by the engine and snapshot.c. */
int stats_tree_renumber(struct stats_engine *e, struct error *err);
/* Rebuilds the maps from the live organizations; returns the idx of the
 * first organization whose id or code an earlier one holds, else -1. */
int32_t stats_orgs_rebuild_maps(struct stats_orgs *o);
/* Makes room for n organization slots (o->n unchanged). */
void stats_orgs_reserve(struct stats_orgs *o, size_t n);
/* Room for one more slot (doubling). */
void stats_orgs_grow(struct stats_orgs *o);
/* Copies an organization's fields into slot i (its strings duplicated, the
 * old ones freed unless they are a snapshot's). */
void stats_org_set_fields(struct stats_orgs *o, int32_t i, const struct org *src);
/* One more organization into the maps (they have room): -1, else the idx
 * already holding its id or code (nothing inserted), -2 when the direct id
 * table cannot hold the id (rebuild the maps). */
int32_t stats_orgs_map_insert(struct stats_orgs *o, int32_t idx);
/* Puts idx into the code map under its current code (-1, else the idx
 * holding that code); takes it out (before its code changes). */
int32_t stats_orgs_code_insert(struct stats_orgs *o, int32_t idx);
void stats_orgs_code_remove(struct stats_orgs *o, int32_t idx);
void stats_cols_resize(struct stats_cols *c, size_t n);
void stats_cols_free(struct stats_cols *c);
/* Puts nc in place of the engine's columns (freeing the old ones, or
 * unmapping them when they were the snapshot's). */
void stats_engine_set_cols(struct stats_engine *e, struct stats_cols *nc);

/* Writes row r at column position i (the columns have room). */
static inline void stats_cols_put(struct stats_cols *c, size_t i,
				  const struct stats_row *r)
{
	c->id[i] = r->id;
	c->birth[i] = r->birth;
	c->applied[i] = r->applied;
	c->activist[i] = r->activist;
	c->target[i] = r->target;
	c->admitted[i] = r->admitted;
	c->full[i] = r->full;
	c->exited[i] = r->exited;
	c->cls[i] = r->cls;
	c->sex[i] = r->sex;
	c->eth[i] = r->eth;
	c->edu[i] = r->edu;
}

/* A row superseded by a delta (see the top of this file). */
static inline int stats_row_dead(const struct stats_cols *c, size_t i)
{
	return c->birth[i] == D16_NONE;
}

/* Status of a row as of d (0 none, enum member_status). */
static inline unsigned stats_status16(uint16_t ap, uint16_t ac, uint16_t tg,
				      uint16_t ad, uint16_t fu, uint16_t ex,
				      uint8_t cls, uint16_t d)
{
	unsigned s = 0;

	s = ap <= d ? 1u : s;
	s = ac <= d ? 2u : s;
	s = tg <= d ? 3u : s;
	s = ad <= d ? 4u : s;
	s = fu <= d ? 5u : s;
	s = ex <= d ? 5u + (cls >> CLS_EXIT_SHIFT) : s;
	return s;
}

/* Finds the live row of person id in org idx: 1 base row (*row), 2 delta
 * slot (*slot), 0 not found. Caller holds the lock. */
int stats_find_person(const struct stats_engine *e, long long id, int32_t org,
		      size_t *row, size_t *slot);

void stats_hist_free(struct stats_hist *h);
void stats_tracks_free(struct stats_tracks *t);
/* After a person write (the engine's lock held for writing): the entry of
 * the person, if any, takes the person's key dates and organization (after
 * NULL or outside the engine: org -1). */
void stats_tracks_person(struct stats_engine *e, long long id, const struct person *after);
/* Makes the index by organization anew for nr_orgs organization slots. */
void stats_tracks_index(struct stats_tracks *t, size_t nr_orgs);
/* Adds a copy of x (its id not yet there), as a snapshot load does. */
void stats_tracks_add(struct stats_tracks *t, const struct stats_track *x);
/* The entry of person id, or NULL. */
struct stats_track *stats_tracks_find(const struct stats_tracks *t, long long id);
/* 1 when the tree or a member's organization on day differs from today's. */
int stats_hist_differs(const struct stats_engine *e, int day);

/*
 * An as-of view of the tree (history.c): the organizations of the subtree
 * of root (idx, -1 = all) as it stood on day, labelled per preorder number
 * (plab: -1 outside; 0 the root itself, or the whole subtree when not
 * split; k = 1 .. nr_kids the subtree of kids[k - 1], the root's children
 * on day, in preorder); and the persons counted on day at another
 * organization than today (moved: their rows with org = the organization of
 * day; now_org: today's; from_lab: the label they are counted under today,
 * to_lab: on day).
 */
struct stats_asof {
	int32_t *plab;
	size_t nr_kids;
	int32_t *kids;
	size_t nr_moved;
	struct stats_row *moved;
	int32_t *from_lab, *to_lab, *now_org;
};
void stats_asof_prepare(const struct stats_engine *e, int day, int32_t root,
			int split, struct stats_asof *out);
void stats_asof_release(struct stats_asof *a);

/* Join-period and join-year tables indexed by the admitted u16. */
const uint8_t *stats_period_table(void);
const uint8_t *stats_year_table(void);
/* Fills band[65536] with the age band of each birth u16 as of day. */
void stats_band_table(int day, uint8_t *band);
/* The same as 7 thresholds: the band of birth b is the number of k with
 * b <= t[k]; stats_band_fill() computes it for n births. */
void stats_band_thresholds(int day, uint16_t t[7]);
void stats_band_fill(const uint16_t t[7], const uint16_t *birth, size_t n,
		     uint8_t *out);

#endif
