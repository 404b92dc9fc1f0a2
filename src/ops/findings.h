/*
 * findings.h - the findings engine: the one table of finding rules, each
 * turning the records of a subtree into findings as of a date (what the
 * rules say is due or overdue: a conversion, an election, a medal), and
 * the paged, keyset-ordered list of them.
 *
 * A finding rule is a key ("conversion_overdue"), the catalogue rule that
 * sets its due date and gives its source, and one function over a person
 * (its key dates) or over an organization. A later rule is one row of
 * finding_rules[] (src/ops/findings.c) plus its function, its entry in
 * docs/findings.md and its words "findings.rule.<key>" in both catalogues
 * of the UI. For the whole country, the counts of the person rules come
 * from the statistics engine (stats/stats.h stats_findings), never from
 * SQL over persons.
 *
 * Members as of a date: the status the key dates imply on that date
 * (model/person.h person_status_on), at the organization they
 * belonged to on that date (the periods of member_orgs,
 * store/transfer-store.h). Not for: who may see a subtree (ops/auth.c; callers
 * authorize the root first), the words shown (the UI's catalogues), the
 * rule values (model/rules.c, read through ops/rules-ops.h).
 */
#ifndef OW_FINDINGS_H
#define OW_FINDINGS_H

#include <stddef.h>

#include "core/error.h"
#include "model/org.h"
#include "model/person.h"

struct db;
struct stats_engine;

/*
 * The rule values a scan applies, read once for the scan's day (as_of):
 * each from the catalogue in force on that day (the medal's from 1 July of
 * the medal year, as the bulletin reads it).
 */
struct finding_params {
	int as_of;                 /* day */
	int cultivation_years;     /* dev.cultivation_years; -1: not in force */
	int probation_years;       /* membership.probation_years */
	int conversion_due_days;   /* findings.conversion_due_days */
	int medal_july;            /* the first 1 July on or after as_of */
	int medal_years;           /* medal.glory_50.party_years of that July; 0: none */
	int talk_months;           /* dev.talk_months; -1: not in force */
	int approval_months;       /* dev.approval_months; -1: not in force */
	int lost_contact_months;   /* standing.lost_contact_months; -1: not in force */
	int dues_notice_months;    /* dues.arrears_notice_months; -1: not in force */
	int dues_lapse_months;     /* membership.self_withdrawal_months; -1: none */
	unsigned long scan_id;     /* a number of this thread's findings_params call: what a
				    * rule remembers within one scan is never reused by another */
	struct stats_engine *engine; /* set (findings_count_engine): the rules that can
				    * read the statistics engine do (the dues runs);
				    * NULL: the store */
};

enum finding_subject { FINDING_PERSON, FINDING_ORG };

struct finding_rule {
	const char *key;           /* stable key, "conversion_overdue" */
	const char *rule_key;      /* the catalogue rule of its due date and source */
	enum finding_subject subject;
	/* FINDING_PERSON: 1 and *due set when p is a finding on fp->as_of */
	int (*person)(const struct finding_params *fp, const struct person_dates *p,
		      int *due);
	/* FINDING_ORG: *due set (else DATE_NONE) when o is a finding on fp->as_of */
	int (*org)(struct db *db, const struct finding_params *fp, const struct org *o,
		   int *due, struct error *err);
};

extern const struct finding_rule finding_rules[];
extern const size_t nr_finding_rules;

/* The index of the rule of key in finding_rules[], or -1. */
int findings_rule_index(const char *key);

/* One finding: compact, so that a large subtree's findings fit in memory. */
struct finding {
	int rule;                  /* index into finding_rules[] */
	int due;                   /* day */
	long long org_id;
	long long person_id;       /* 0: the organization's own finding */
};

/*
 * Reads the rule values in force on as_of into fp. as_of must lie in
 * FINDINGS_MIN_DAY .. FINDINGS_MAX_DAY (checked by findings_check_as_of).
 */
int findings_params(struct db *db, int as_of, struct finding_params *fp,
		    struct error *err);

/* "YYYY-MM-DD" bounds of as_of (those of the statistics engine's dates). */
#define FINDINGS_MIN_DATE "1900-01-01"
#define FINDINGS_MAX_DATE "2079-06-05"
/* ST_INVALID naming "as_of" (code date_out_of_range) outside the bounds. */
int findings_check_as_of(int as_of, struct error *err);

/*
 * Calls fn for each finding of the subtree of root (0: every root) on
 * fp->as_of, of the rule of index `rule` (-1: every rule): each person of
 * the subtree once, then each active organization once. Cost: the size of
 * the subtree. A non-zero answer of fn stops the scan and is returned.
 */
typedef int (*finding_fn)(const struct finding *f, void *ctx);
int findings_scan(struct db *db, long long root, const struct finding_params *fp,
		  int rule, finding_fn fn, void *ctx, struct error *err);

/* counts[i]: the findings of finding_rules[i] in the subtree on fp->as_of. */
int findings_count(struct db *db, long long root, const struct finding_params *fp,
		   long long *counts, struct error *err);

/*
 * The same counts with the person rules counted by the statistics engine
 * e from its columns and track entries (stats/stats.h stats_findings; the
 * way to count a whole country: no person is read from the database), the
 * organization rules by walking the organizations. Every person rule of
 * finding_rules[] has its count there; a new person rule adds one.
 */
struct stats_engine;
struct stats_findings_query;
int findings_count_engine(struct db *db, struct stats_engine *e, long long root,
			  const struct finding_params *fp, long long *counts,
			  struct error *err);
/* The engine's date bounds for the person rules of fp. */
void findings_engine_query(const struct finding_params *fp, struct stats_findings_query *q);

#define FINDINGS_CURSOR_SIZE 64
#define FINDINGS_LIMIT_MAX 1000
#define FINDINGS_LIMIT_DEFAULT 50
#define FINDINGS_SOURCE_SIZE 512

/* One finding of a page, with the names and the rule's source. */
struct finding_item {
	struct finding f;
	const struct finding_rule *rule;
	char org_code[ORG_CODE_SIZE];
	char org_name[ORG_NAME_SIZE];
	char person_name[PERSON_NAME_SIZE];   /* "" without a person */
	int days_overdue;                     /* as_of - due; negative while not yet due */
	char source[FINDINGS_SOURCE_SIZE];    /* the catalogue rule's source in force
						 on the due date (else on as_of) */
};

struct findings_page {
	size_t nr;
	struct finding_item *items;           /* owned: findings_page_release */
	char next_cursor[FINDINGS_CURSOR_SIZE]; /* "" on the last page */
	long long total;                      /* findings of the query, all pages */
};

/*
 * One page of the findings of the subtree of root (0: all) on as_of, of
 * rule (NULL or "": every rule), in the order (due, rule, organization id,
 * person id), the oldest due first; after: the next_cursor of the previous
 * page (NULL or "": the first page); limit 1..FINDINGS_LIMIT_MAX. Errors
 * (ST_INVALID) name the argument: "rule" (findings_unknown_rule), "cursor"
 * (findings_bad_cursor), "limit" (out_of_range), "as_of"
 * (date_out_of_range). The cursor holds the key of the last item, so a
 * page never repeats an item of an earlier one and a listing ends.
 */
int findings_list(struct db *db, long long root, int as_of, const char *rule,
		  const char *after, int limit, struct findings_page *out,
		  struct error *err);
void findings_page_release(struct findings_page *p);

#endif
