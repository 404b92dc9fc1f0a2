/*
 * stats.h - the in-memory statistics engine: roll-ups and the annual
 * bulletin over any subtree of the organization tree, "as of" any date.
 *
 * The engine holds the organization tree (preorder numbered, so a subtree is
 * one interval) and every person with a membership status (applicants to
 * full members, and those who left) in narrow columns sorted by their
 * organization's preorder number, so any subtree's members are one
 * contiguous range of rows. Writes reach the engine as deltas after the
 * database commit (stats_engine_apply_person/_org); the delta area is merged
 * into every answer and folded into the sorted columns by a compaction, so an
 * answer never lags a committed write. Snapshots make restarts fast.
 *
 * Status "as of" a day D is derived from the key dates only: the latest
 * stage whose date is on or before D (applied < activist < target <
 * admitted < full < exited). A full member without a conversion date is full
 * from admission; an exit date counts only for the exit statuses (withdrawn,
 * expelled, deceased). Members are the probationary and full members.
 * Dates are held as days since 1900-01-01 in 16 bits: queries must fall in
 * 1900-01-01 .. 2079-06-05; stored dates outside are clamped to that range.
 *
 * Thread safety: any number of concurrent readers (queries, save) with one
 * writer (apply, compact); a read-write lock inside the engine takes care of
 * it. Not for: compliance findings, per-person lists (those come from the
 * store), anything that needs names of persons.
 */
#ifndef OW_STATS_H
#define OW_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "model/org.h"
#include "model/person.h"

struct stats_engine;
struct stats_source;

/* ---- engine lifecycle ------------------------------------------------- */

/* An empty engine (no organizations). Free with stats_engine_free(). */
struct stats_engine *stats_engine_new(void);
void stats_engine_free(struct stats_engine *e);

/*
 * Builds an engine from a source (stats/source.h; the database's is
 * store/stats-source.h stats_source_init()): every organization (any state)
 * and every person with a membership status and an organization. On success
 * *out is owned by the caller; on failure the source's status, or
 * ST_NOT_FOUND for a person of an unknown organization.
 */
int stats_engine_build(const struct stats_source *src, struct stats_engine **out,
		       struct error *err);

/*
 * Reads the dated history from src->read_history (organization versions and
 * member transfers; nothing when the source has none) and puts it in place
 * of the engine's, for the answers "as of" a past day, which count over the
 * tree of that day with each member at the organization of that day. A
 * build reads it itself; a snapshot does not hold it (load it after
 * stats_engine_load, and again after writes that move an organization or
 * transfer a member). On failure the engine keeps its former history.
 */
int stats_engine_load_history(struct stats_engine *e, const struct stats_source *src,
			      struct error *err);

/*
 * Bulk loading: between begin and end, apply_org and apply_person(NULL, p)
 * calls may come in any order (a parent after its children) and the tree is
 * numbered and the columns sorted once at the end. Queries are refused
 * (ST_BUSY) while a bulk load is open. end_bulk fails with ST_INVALID when
 * an organization's parent is unknown or the parents form a cycle.
 */
void stats_engine_begin_bulk(struct stats_engine *e);
int stats_engine_end_bulk(struct stats_engine *e, struct error *err);

/*
 * Applies one committed person write: before is the record as it was (NULL
 * for an insert), after as it is now (NULL for a delete). Persons without
 * status or organization are outside the engine, so either side may be such
 * a record. ST_NOT_FOUND when before is not in the engine or after names an
 * unknown organization; the engine is then unchanged.
 */
int stats_engine_apply_person(struct stats_engine *e,
			      const struct person *before,
			      const struct person *after, struct error *err);

/*
 * Applies one committed organization write: create (before NULL), update of
 * any field including a move to another parent, rename, dissolution (after
 * with dissolved set), or removal (after NULL; only for an organization
 * without children and members, else ST_CONFLICT). A move that would make a
 * cycle is refused with ST_CONFLICT.
 */
int stats_engine_apply_org(struct stats_engine *e, const struct org *before,
			   const struct org *after, struct error *err);

/*
 * The persons' development tracks and lost contact (stats/source.h struct
 * stats_source_track), the few records the person findings talk_overdue,
 * approval_overdue, extension_overdue and lost_contact_6m read beside the
 * key dates. The engine keeps them apart from the columns, one entry per
 * person with such a record (they are rare next to the members), and
 * follows each entry's person through stats_engine_apply_person.
 *
 * load_tracks reads src->read_tracks (nothing when NULL) and puts the
 * result in place of the engine's; a build reads them itself and a
 * snapshot holds them (the change counter, a snapshot's stamp, counts the
 * steps and standing records too). On failure the engine keeps its former
 * tracks. apply_track puts one
 * committed person's track in place (after a development step or a
 * standing record was recorded); a person outside the engine (no status or
 * organization) is kept and counts once they are in it. ST_NOT_FOUND when
 * t names an unknown organization; the engine is then unchanged.
 */
struct stats_source_track;
int stats_engine_load_tracks(struct stats_engine *e, const struct stats_source *src,
			     struct error *err);
int stats_engine_apply_track(struct stats_engine *e, const struct stats_source_track *t,
			     struct error *err);

/* Folds the delta area into the sorted columns now (also done automatically). */
void stats_engine_compact(struct stats_engine *e);

/*
 * Writes a snapshot: a versioned header, the tree, the columns, the track
 * entries and a checksum, to path + ".tmp", fsync, rename to path, fsync the directory.
 * stamp is the caller's marker of the database state the engine reflects
 * (for example the last audit id); load gives it back.
 */
int stats_engine_save(struct stats_engine *e, const char *path,
		      uint64_t stamp, struct error *err);
/*
 * Loads a snapshot. Refuses (ST_INVALID) a file with a wrong magic, version,
 * byte order, size or checksum, or an inconsistent tree. *out owned by the
 * caller; *stamp (may be NULL) receives the stamp given to save.
 */
int stats_engine_load(const char *path, struct stats_engine **out,
		      uint64_t *stamp, struct error *err);

struct stats_engine_info {
	size_t orgs;            /* organizations in the tree */
	size_t rows;            /* rows in the sorted columns (incl. dead) */
	size_t delta_rows;      /* rows in the delta area */
	size_t dead_rows;       /* sorted rows superseded by a delta */
	size_t bytes_per_row;   /* analytical column bytes per row */
	size_t tracks;          /* track entries (stats_engine_apply_track) */
	size_t bytes_per_track;
};
void stats_engine_info(struct stats_engine *e, struct stats_engine_info *out);

/* ---- organizations ---------------------------------------------------- */

struct stats_org_info {
	long long id;               /* 0 for the virtual root "all" */
	long long parent_id;
	char code[ORG_CODE_SIZE];
	char name[ORG_NAME_SIZE];
	int kind, sector, level;
	int established, dissolved; /* day numbers, dissolved DATE_NONE if active */
	size_t nr_children;
	size_t subtree_orgs;        /* organizations in the subtree, itself included */
};

/*
 * Finds an organization by code or "id:123" (model/org.h org_ref_parse). "" or NULL names the virtual
 * root (the whole forest). ST_NOT_FOUND if unknown.
 */
int stats_org_find(struct stats_engine *e, const char *ref,
		   struct stats_org_info *out, struct error *err);

/* ---- dimensions ------------------------------------------------------- */

enum stats_dim {
	STATS_DIM_SEX,             /* GB/T 2261.1 code */
	STATS_DIM_AGE_BAND,        /* bulletin bands <=30 .. >=61 */
	STATS_DIM_ETHNICITY,       /* han / minority */
	STATS_DIM_ETHNIC_GROUP,    /* GB/T 3304 code */
	STATS_DIM_EDUCATION,       /* college_or_above / below_college */
	STATS_DIM_EDUCATION_GROUP, /* GB/T 4658 major group (code / 10) */
	STATS_DIM_OCCUPATION,      /* the eight bulletin categories */
	STATS_DIM_STATUS,          /* member status as of the date */
	STATS_DIM_JOIN_PERIOD,     /* the four bulletin periods, or not_admitted */
	STATS_DIM_JOIN_YEAR,       /* year of admission, or none */
	STATS_DIM_SECTOR,          /* sector of the member's organization */
	STATS_DIM_ORG_KIND,        /* kind of the member's organization */
	STATS_DIM_ORG_LEVEL,       /* level of the member's organization */
	STATS_NR_DIMS
};

/* Number of values of a dimension (values are 0 .. card-1). */
int stats_dim_card(int dim);
/* "sex", "age_band", ... ; stats_dim_parse returns -1 for an unknown name. */
const char *stats_dim_name(int dim);
int stats_dim_parse(const char *name);
/*
 * Stable ASCII key of a value ("female", "31-35", "1978-12_to_2012-11",
 * "2015"), written into buf when it must be formatted; returns buf or a
 * static string.
 */
const char *stats_value_key(int dim, int value, char *buf, size_t size);
/* Value of a key (or numeric code); -1 if not a value of dim. */
int stats_value_parse(int dim, const char *text);

/* ---- roll-ups --------------------------------------------------------- */

struct stats_query {
	long long org_id;          /* subtree root; 0 = whole forest */
	int as_of;                 /* day number; DATE_NONE = today */
	int nr_dims;               /* 0, 1 or 2 */
	int dims[2];
	/*
	 * Filters: a row counts only if, for every dimension with
	 * filtered[dim] set, allow[dim] has the row's value bit set. Without
	 * a status filter and without status among dims only members
	 * (probationary and full) count; otherwise every status except
	 * "none" (not yet an applicant on the date).
	 */
	unsigned char filtered[STATS_NR_DIMS];
	uint64_t allow[STATS_NR_DIMS][4];
};

void stats_query_init(struct stats_query *q);
/* Allows value v of dim (several values of one dim are alternatives). */
void stats_query_allow(struct stats_query *q, int dim, int v);
/*
 * Parses "dim=value[|value...][,dim=value...]" into filters; "by" text
 * "dim[,dim]" into dims. ST_INVALID with a message naming the bad part.
 */
int stats_query_parse_filter(struct stats_query *q, const char *text,
			     struct error *err);
int stats_query_parse_by(struct stats_query *q, const char *text,
			 struct error *err);

/*
 * Drill-down: the member-list conditions (store/person-store.h) that select
 * exactly the persons a roll-up cell counts, from the filter text of
 * stats_query_parse_filter ("sex=female,age_band=31-35"), on day (the age
 * bands move with it). One value per dimension; sex, age_band, ethnicity,
 * ethnic_group, education, education_group, occupation, join_period and
 * join_year only (the organization's own attributes are chosen by picking
 * the organization). Status stays with the list's own status filter.
 * ST_INVALID naming "filter" otherwise.
 */
struct person_drill;
int stats_drill_filter(const char *text, int day, struct person_drill *d,
		       struct error *err);

struct stats_rollup {
	int nr_dims, dims[2], card[2];  /* card[1] == 1 with one dim */
	int as_of;
	uint64_t total;
	uint64_t *counts;               /* card[0] * card[1], row-major */
};

/* Counts for q. out is owned by the caller: stats_rollup_release(). */
int stats_rollup(struct stats_engine *e, const struct stats_query *q,
		 struct stats_rollup *out, struct error *err);
void stats_rollup_release(struct stats_rollup *r);

/*
 * The same roll-up for the direct members of q->org_id ("own") and for each
 * child subtree, side by side. total is the whole subtree.
 */
struct stats_child_rollup {
	struct stats_org_info org;
	struct stats_rollup r;
};
struct stats_children {
	struct stats_org_info org;
	struct stats_rollup total, own;
	size_t nr;
	struct stats_child_rollup *child;
};
int stats_children(struct stats_engine *e, const struct stats_query *q,
		   struct stats_children *out, struct error *err);
void stats_children_release(struct stats_children *c);

/* ---- the annual bulletin ---------------------------------------------- */

enum { STATS_AGE_BANDS = 8, STATS_JOIN_PERIODS = 4, STATS_OCCUPATIONS = 9,
       STATS_SECTORS = 10 };

/*
 * Counts (persons or organizations, not 万) of the bulletin for one subtree
 * and year Y, as of 31 December Y:
 *  members: probationary + full; new_members: admitted during Y (whatever
 *  their later status); grassroots organizations: level 0, kinds committee,
 *  general branch, branch, established on or before the date and not
 *  dissolved by it, also per sector; applicants: applicant, activist or
 *  development target on the date (everybody in the pipeline); activists:
 *  activist or development target; medals_50 (JSON
 *  medals_glory_50_years_due): members on 1 July Y whose party age,
 *  counted from conversion to full membership (the full date), reaches
 *  medal_years in the year up to that day (full after 1 July
 *  Y-medal_years-1 and on or before 1 July Y-medal_years): the medals due
 *  in Y, not the medals issued (a figure of the published bulletin).
 * Occupation arrays are indexed by enum occupation (index 0 unused).
 */
struct stats_bulletin_counts {
	uint64_t members, new_members;
	uint64_t grassroots_total, committees, general_branches, branches;
	uint64_t orgs_by_sector[STATS_SECTORS];
	uint64_t women, minorities, college;
	uint64_t age[STATS_AGE_BANDS];
	uint64_t joined[STATS_JOIN_PERIODS];
	uint64_t occupation[STATS_OCCUPATIONS];
	uint64_t new_women, new_minorities, new_age_le_35, new_college;
	uint64_t new_occupation[STATS_OCCUPATIONS];
	uint64_t applicants, activists, medals_50;
};

struct stats_bulletin_child {
	struct stats_org_info org;
	struct stats_bulletin_counts c;
};

struct stats_bulletin {
	int year, as_of;
	struct stats_org_info org;
	struct stats_bulletin_counts total;
	struct stats_bulletin_counts own;   /* direct members / the org itself */
	size_t nr_children;
	struct stats_bulletin_child *children;
};

/*
 * org: code or "id:N" ("" = all); year 1900..2078. medal_years: the party age
 * at which the 50-year medal is due (the catalogue's rule for the year,
 * ops/rules-ops.h rules_medal_years; 0 = no medal due). Release with
 * _release().
 */
int stats_bulletin(struct stats_engine *e, const char *org, int year, int medal_years,
		   struct stats_bulletin *out, struct error *err);
void stats_bulletin_release(struct stats_bulletin *b);

/* ---- findings ----------------------------------------------------------- */

/*
 * The date bounds of the person findings on a day (ops/findings.c derives
 * them from the rules; this engine knows dates, not rules). Day numbers;
 * DATE_NONE in a bound: nothing counts for that finding.
 */
struct stats_findings_query {
	int as_of;
	int activist_by;        /* activists on as_of (not yet targets, admitted
				   or exited) who became activists on or before */
	int admitted_over_by;   /* probationary on as_of, admitted on or before */
	int admitted_due_from, admitted_due_by; /* probationary, admitted in range */
	int full_from, full_by; /* full members on as_of, full date in range */
	/* talk_overdue: applicants on as_of who applied on or before (the
	 * application plus dev.talk_months before as_of) and whose talk was not
	 * held within talk_months (-1: the rule is not in force) */
	int applied_talk_by, talk_months;
	/* approval_overdue: a branch vote on or before, no approval by as_of */
	int vote_by;
	/* extension_overdue: probationary on as_of, the admission plus the
	 * extension's months on or before */
	int ext_end_by;
	/* lost_contact_6m: members on as_of whose lost contact, open on as_of,
	 * started on or before */
	int lost_from_by;
};

struct stats_findings_counts {
	uint64_t activists_eligible, probation_ending, probation_overdue, medal_due;
	uint64_t talk_overdue, approval_overdue, extension_overdue, lost_contact;
};

/*
 * Counts the persons of the subtree of org_id (0: everybody) as of q->as_of
 * that each bound of q selects, with the status the key dates imply on
 * that day (a full member without a conversion date full from admission,
 * as everywhere in the engine), over the tree of that day with each member
 * at the organization of that day. The four rules of the tracks
 * (talk_overdue .. lost_contact) are those of ops/findings.c, the same
 * predicates over the track entries (stats_engine_apply_track), with the
 * status of the person's key dates (model/person.h person_dates_status_on);
 * talk_overdue also counts, from the columns, the applicants without an
 * entry whose key dates imply no talk. Cost: the subtree's rows and the
 * track entries (for a past day whose tree differs: the organizations and
 * transfers too).
 * ST_NOT_FOUND for an unknown org_id, ST_BUSY during a bulk load.
 */
int stats_findings(struct stats_engine *e, long long org_id,
		   const struct stats_findings_query *q, struct stats_findings_counts *out,
		   struct error *err);

/* ---- party dues ------------------------------------------------------- */

/*
 * Dues by organization and month (stats/dues.c): per organization and
 * month, over its own current members, what the ledger (ops/dues-ops.h
 * dues_ledger) totals, by the one month rule (model/dues.h dues_months):
 * members_due (members with more than 0 due), due_fen, paid_fen (monthly
 * dues paid for the month), paid_full (members with a due paid in full),
 * arrears_members (members whose run of months paid short reaches the
 * month), arrears_fen (all months up to this one: due less paid, as of the
 * month) and special_fen (special payments made in the month). Counts and
 * fen, integers only. A subtree's month is the sum of its organizations'.
 * The months held run from each organization's earliest record to the
 * horizon, 12 months after the month of the day the dues were read.
 */
struct stats_dues_cell {
	long long members_due, paid_full, arrears_members;
	long long due_fen, paid_fen, arrears_fen, special_fen;
};
struct stats_dues_month {
	int month;                 /* model/dues.h month number */
	struct stats_dues_cell c;
};

/*
 * Reads every current member's dues through src->read_dues (one read) and
 * puts them in place of the engine's (a build does it itself; a snapshot
 * does not hold them). Nothing when the source has no dues reader. On
 * failure the engine keeps its former dues.
 */
int stats_engine_load_dues(struct stats_engine *e, const struct stats_source *src,
			   struct error *err);

/*
 * Recomputes the cells of organization org_id from its own current members
 * (src->read_dues with org_id: a cost in proportion to them and their
 * records) and replaces them: call after a committed dues write of one of
 * its members, or a person write that moves a member in or out. Nothing
 * when the engine holds no dues. ST_NOT_FOUND for an unknown org_id.
 */
int stats_engine_dues_refresh(struct stats_engine *e, const struct stats_source *src,
			      long long org_id, struct error *err);

/* The last month the engine holds; DUES_MONTH_NONE when it holds no dues. */
int stats_dues_horizon(struct stats_engine *e);

/*
 * The subtree of org_id (0: all) for the months from .. to (to - from <
 * STATS_DUES_MAX_MONTHS): out[0 .. to-from] (the caller's array). Cost: the
 * subtree's organizations times the months. ST_INVALID ("to") for a range
 * past the horizon or too long, ST_NOT_FOUND for an unknown org_id, ST_BUSY
 * during a bulk load or when the engine holds no dues.
 */
#define STATS_DUES_MAX_MONTHS 36
int stats_dues(struct stats_engine *e, long long org_id, int from, int to,
	       struct stats_dues_month *out, struct error *err);

/*
 * Records the dues stamp (store/dues-store.h dues_store_stamp) the engine's
 * dues reflect; known 0: not known (a write not yet folded in). A snapshot
 * saved after it holds the dues cells only when known; nothing happens
 * without dues. stats_engine_dues_stamp: 1 with the stamp and the last
 * month held when the engine holds dues of a known stamp (as after loading
 * a snapshot that held them), else 0.
 */
void stats_engine_set_dues_stamp(struct stats_engine *e, unsigned long long stamp, int known);
int stats_engine_dues_stamp(struct stats_engine *e, unsigned long long *stamp, int *horizon);

/*
 * The arrears runs of the organization's own current members in month (for
 * the findings dues_arrears_*, ops/findings.c): bit k of *bits (k < 63) set
 * when some member's run of months paid short in a row up to that month is
 * k months (exempt months neither count nor break it; model/dues.h), bit 63
 * for 63 months or more; *max_run the longest run; both 0 when none. Cost:
 * one lookup. ST_BUSY when the engine holds no dues or month is past the
 * months it holds (the caller asks the store), ST_NOT_FOUND for an unknown
 * org_id.
 */
int stats_dues_runs(struct stats_engine *e, long long org_id, int month, uint64_t *bits,
		    int *max_run, struct error *err);

/* Key of an age band / join period ("<=30", "since_2012-11"). */
const char *stats_age_band_key(int band);
const char *stats_join_period_key(int period);

#endif
