/*
 * dev-register.h - the development register (发展党员台账) of an
 * organization's subtree: everybody in the pipeline on a day (applicants,
 * activists, development targets, probationary members) with their stage,
 * key dates, last recorded step and the next step due by the rules
 * (model/development.h dev_next_due, the one home of that rule), overdue
 * marked; filtered by stage, sorted, a keyset-paged list.
 *
 * Cost: the persons of the subtree (read through the subtree's ids, as the
 * findings are), then the steps of those in the pipeline; never the
 * country. Shared by the CLI (`orgwork member register`) and the API
 * (GET /api/v1/orgs/{id}/development). Not for: who may ask (the caller
 * authorizes the root, ops/auth.c), the JSON or CSV (json/dev-json.h,
 * cmd/cmd-member-register.c).
 */
#ifndef OW_DEV_REGISTER_H
#define OW_DEV_REGISTER_H

#include <stddef.h>

#include "core/error.h"
#include "model/development.h"
#include "model/codes.h"
#include "model/org.h"
#include "model/person.h"

struct db;

#define DEV_REGISTER_LIMIT_MAX 1000
#define DEV_REGISTER_LIMIT_DEFAULT 50
#define DEV_REGISTER_CURSOR_SIZE (32 + 2 * PERSON_PINYIN_SIZE)
#define DEV_REGISTER_SOURCE_SIZE 512
#define DEV_REGISTER_RULE_SIZE 64

/* The orders of the register: next due day (the default; rows without one
 * last), stage (applicant .. probationary, then due), name (pinyin), the
 * organization's code. */
enum dev_register_sort { DREG_DUE, DREG_STAGE, DREG_NAME, DREG_ORG, DREG_SORT_COUNT };
/* "due", "stage", "name", "org"; and back (-1 for an unknown key). */
const char *dev_register_sort_key(int sort);
int dev_register_sort_parse(const char *key);

struct dev_register_query {
	long long root;          /* the subtree's root organization (> 0) */
	int as_of;               /* day */
	int stage;               /* 0: every stage; else MS_APPLICANT .. MS_PROBATIONARY */
	int overdue;             /* 1: only rows whose next step is overdue */
	int sort, desc;          /* enum dev_register_sort; desc: reversed (none stays last) */
	const char *after;       /* next_cursor of the previous page, NULL or "": the first */
	int limit;               /* 1..DEV_REGISTER_LIMIT_MAX */
};

struct dev_register_item {
	long long person_id;
	char name[PERSON_NAME_SIZE];
	char pinyin[PERSON_PINYIN_SIZE];
	long long org_id;
	char org_code[ORG_CODE_SIZE];
	char org_name[ORG_NAME_SIZE];
	int stage;                       /* MS_* status on as_of */
	int applied, activist, target, admitted, probation_end;   /* days or DATE_NONE */
	int last_step, last_date;        /* the last recorded step on or before as_of; 0 */
	struct dev_due due;              /* due.rule is NULL here: see rule, source */
	char rule[DEV_REGISTER_RULE_SIZE];        /* the catalogue key, "" */
	char source[DEV_REGISTER_SOURCE_SIZE];    /* its source, "" */
	int days_overdue;                /* as_of - due.date (0 without a day) */
};

struct dev_register_page {
	int as_of;
	size_t nr;
	struct dev_register_item *items;          /* owned: dev_register_page_release */
	char next_cursor[DEV_REGISTER_CURSOR_SIZE];   /* "" on the last page */
	long long total;                          /* rows of the query, all pages */
	/* the whole subtree's pipeline on as_of, whatever the filters */
	long long counts[MS_PROBATIONARY + 1];    /* by stage (index MS_*) */
	long long overdue;                        /* rows whose next step is overdue */
};

/*
 * One page of the register of q. Errors (ST_INVALID) name the argument:
 * "stage" (invalid_choice), "sort" (invalid_choice), "limit"
 * (out_of_range), "cursor" (dev_register_bad_cursor: not one this list
 * gave for this order), "as_of" (date_out_of_range: 1900-01-01 ..
 * 2079-06-05). ST_NOT_FOUND when the root does not exist. A cursor holds
 * the key of the last row, so a page never repeats a row of an earlier one.
 */
int dev_register_list(struct db *db, const struct dev_register_query *q,
		      struct dev_register_page *out, struct error *err);
void dev_register_page_release(struct dev_register_page *p);

/*
 * The register's row of one person on as_of (the member page's "next step
 * due"): the same computation as a row of dev_register_list (the rules in
 * force on as_of, the steps, dev_next_due with the working-day calendar).
 * *in: 1 and *it filled when the person is in the pipeline on as_of, else
 * 0. org_code and org_name are left empty. ST_NOT_FOUND for a missing
 * person. Cost: the person and their steps.
 */
int dev_register_item_get(struct db *db, long long person_id, int as_of,
			  struct dev_register_item *it, int *in, struct error *err);

#endif
