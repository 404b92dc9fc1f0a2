/*
 * findings.c - the table of finding rules, the scan of a subtree and the
 * paged list (see findings.h). To add a rule: write its function over a
 * person's key dates or over an organization, add its row to
 * finding_rules[] with the catalogue rule of its due date, and describe it
 * in docs/findings.md. Not for: who may ask (ops/auth.c), the JSON and the
 * table printed (api/api-findings.c, cmd/cmd-findings.c), the national
 * counts (stats/findings.c counts the person rules from the columns and
 * the track entries).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/xalloc.h"
#include "model/codes.h"
#include "model/rules.h"
#include "ops/dues-ops.h"
#include "ops/findings.h"
#include "ops/rules-ops.h"
#include "store/org-store.h"
#include "stats/stats.h"
#include "store/person-store.h"
#include "store/transfer-store.h"

/* ---- the rules ---------------------------------------------------------- */

/* An activist for the cultivation years (dev.cultivation_years), not yet a
 * development target: may be listed as one. Due a year after becoming an
 * activist; a finding once due. */
static int target_eligible(const struct finding_params *fp, const struct person_dates *p,
			   int *due)
{
	if (fp->cultivation_years < 0 || p->activist == DATE_NONE ||
	    person_dates_status_on(p, fp->as_of) != MS_ACTIVIST)
		return 0;
	*due = date_add_years(p->activist, fp->cultivation_years);
	return *due <= fp->as_of;
}

/* The day the probation of p ends (admission plus the probation years). */
static int probation_end(const struct finding_params *fp, const struct person_dates *p)
{
	return date_add_years(p->admitted, fp->probation_years);
}

/* A probationary member whose probation ends within the coming
 * findings.conversion_due_days days (today included). */
static int conversion_due(const struct finding_params *fp, const struct person_dates *p,
			  int *due)
{
	if (p->admitted == DATE_NONE ||
	    person_dates_status_on(p, fp->as_of) != MS_PROBATIONARY)
		return 0;
	*due = probation_end(fp, p);
	return *due >= fp->as_of && *due <= fp->as_of + fp->conversion_due_days;
}

/* A probationary member past the end of the probation, not converted (an
 * extended probation still counts here: the rule reads the key dates only,
 * as the statistics engine's columns count it; extension_overdue adds the
 * extension's end). */
static int conversion_overdue(const struct finding_params *fp, const struct person_dates *p,
			      int *due)
{
	if (p->admitted == DATE_NONE ||
	    person_dates_status_on(p, fp->as_of) != MS_PROBATIONARY)
		return 0;
	*due = probation_end(fp, p);
	return *due < fp->as_of;
}

/*
 * A full member whose party age (from the conversion to full membership)
 * reaches the medal's years on the next 1 July: the same range as the
 * bulletin's medals due (stats/stats.h), for a member in good standing on
 * as_of (a full member, not exited).
 */
static int medal_50_due(const struct finding_params *fp, const struct person_dates *p,
			int *due)
{
	int hi, lo;

	/* a full member without a conversion date counts from admission, as in
	 * the bulletin's count (stats/engine.c) */
	int full = p->full != DATE_NONE ? p->full
		   : p->status == MS_FULL ? p->admitted : DATE_NONE;

	if (fp->medal_years <= 0 || full == DATE_NONE ||
	    person_dates_status_on(p, fp->as_of) != MS_FULL)
		return 0;
	hi = date_add_years(fp->medal_july, -fp->medal_years);
	lo = date_add_years(fp->medal_july, -fp->medal_years - 1);
	*due = fp->medal_july;
	return full > lo && full <= hi;
}

/*
 * An applicant whose talk (dev.talk_months after the application) was not
 * held in time: from the day after it fell due while no talk is recorded,
 * and, when the talk was held late, still until the applicant is listed as
 * an activist (or leaves): the branch's next decision on the applicant is
 * where the lateness is dealt with. A talk held in time: no finding.
 */
static int talk_overdue(const struct finding_params *fp, const struct person_dates *p,
			int *due)
{
	if (fp->talk_months < 0 || p->applied == DATE_NONE ||
	    person_dates_status_on(p, fp->as_of) != MS_APPLICANT)
		return 0;
	*due = date_add_months(p->applied, fp->talk_months);
	return *due < fp->as_of && (p->track.talk == DATE_NONE || p->track.talk > *due);
}

/*
 * A branch vote recorded with no approval by the higher committee within
 * dev.approval_months: from the day after, until the approval is recorded
 * (as of an earlier day the finding stays), unless the person left.
 */
static int approval_overdue(const struct finding_params *fp, const struct person_dates *p,
			    int *due)
{
	if (fp->approval_months < 0 || p->track.vote == DATE_NONE ||
	    (p->track.approval != DATE_NONE && p->track.approval <= fp->as_of) ||
	    (p->exited != DATE_NONE && p->exited <= fp->as_of))
		return 0;
	*due = date_add_months(p->track.vote, fp->approval_months);
	return *due < fp->as_of;
}

/*
 * A probationary member whose probation was extended and whose extension
 * has ended, neither converted nor cancelled. The end: the admission plus
 * the extension's months plus membership.probation_years (counted in that
 * order, so that a statistics-engine column can hold admission plus months; it differs from the
 * other order only for an admission on 29 February, by one day).
 */
static int extension_overdue(const struct finding_params *fp, const struct person_dates *p,
			     int *due)
{
	if (p->admitted == DATE_NONE || p->track.ext_months <= 0 ||
	    person_dates_status_on(p, fp->as_of) != MS_PROBATIONARY)
		return 0;
	*due = date_add_years(date_add_months(p->admitted, p->track.ext_months),
			      fp->probation_years);
	return *due < fp->as_of;
}

/*
 * A member (probationary or full) whose latest lost-contact record has been
 * open for standing.lost_contact_months or more on the day: due the day the
 * months are complete, a finding from that day on until contact is
 * regained (the record ended) or the membership ends.
 */
static int lost_contact_6m(const struct finding_params *fp, const struct person_dates *p,
			   int *due)
{
	int s;

	if (fp->lost_contact_months < 0 || p->track.lost_from == DATE_NONE ||
	    p->track.lost_from > fp->as_of ||
	    (p->track.lost_to != DATE_NONE && p->track.lost_to <= fp->as_of))
		return 0;
	s = person_dates_status_on(p, fp->as_of);
	if (s != MS_PROBATIONARY && s != MS_FULL)
		return 0;
	*due = date_add_months(p->track.lost_from, fp->lost_contact_months);
	return *due <= fp->as_of;
}

/* An organization with a leadership term (org_term: recorded years or the
 * term rule of its kind) that ran out before as_of: the election is due. */
static int election_overdue(struct db *db, const struct finding_params *fp,
			    const struct org *o, int *due, struct error *err)
{
	const char *rule;
	int years, end, rc;

	*due = DATE_NONE;
	if (strcmp(org_state_on(o, fp->as_of), "active"))
		return ST_OK;
	if ((rc = org_term(db, o, &years, &end, &rule, err)))
		return rc;
	if (end != DATE_NONE && end < fp->as_of)
		*due = end;
	return ST_OK;
}

/* A temporary organization past its end date, not yet dissolved. */
static int temporary_ended(struct db *db, const struct finding_params *fp,
			   const struct org *o, int *due, struct error *err)
{
	(void)db;
	(void)err;
	*due = !strcmp(org_state_on(o, fp->as_of), "ended") ? o->end_date : DATE_NONE;
	return ST_OK;
}

/* An organization that sent a transfer letter now past its validity and
 * still in transit on as_of (neither received nor returned): due on the
 * earliest such letter's last valid day. One indexed read per organization
 * (store/transfer-store.h). */
static int transfer_stuck(struct db *db, const struct finding_params *fp,
			  const struct org *o, int *due, struct error *err)
{
	long long n;

	return transfer_store_stuck(db, o->id, fp->as_of, due, &n, err);
}

/*
 * An organization with a member whose dues are paid short for the months
 * in a row the rule says, up to the month before as_of: dues_arrears_3m
 * from dues.arrears_notice_months (3) up to but not reaching
 * membership.self_withdrawal_months (6), dues_arrears_6m from there on
 * (Party Constitution art. 9: for the branch to decide, never an
 * automatic exit). Due: the first day after the month that completed the
 * run, the earliest among the members.
 */
static int dues_arrears(struct db *db, const struct finding_params *fp, const struct org *o,
			int lapse, int *due, struct error *err)
{
	/* both rules come from one pass over the members: the second rule asked
	 * of the same organization in the same scan reads the first's answer */
	static _Thread_local struct {
		struct db *db;
		unsigned long scan_id;
		long long org_id;
		int due_lo, due_hi;
	} last;
	int rc;

	*due = DATE_NONE;
	if (strcmp(org_state_on(o, fp->as_of), "active"))
		return ST_OK;
	if (last.db != db || last.scan_id != fp->scan_id || last.org_id != o->id) {
		uint64_t bits;
		int max_run;
		last.db = NULL;
		/* from the engine's runs when it holds the month (a count of a
		 * subtree then reads no member), else from the members' records */
		if (fp->engine &&
		    stats_dues_runs(fp->engine, o->id, dues_month_of_day(fp->as_of) - 1, &bits,
				    &max_run, NULL) == ST_OK)
			dues_org_arrears_runs(fp->as_of, fp->dues_notice_months,
					      fp->dues_lapse_months, bits, max_run, &last.due_lo,
					      &last.due_hi);
		else if ((rc = dues_org_arrears(db, o->id, fp->as_of, fp->dues_notice_months,
						fp->dues_lapse_months, &last.due_lo,
						&last.due_hi, err)))
			return rc;
		last.db = db;
		last.scan_id = fp->scan_id;
		last.org_id = o->id;
	}
	*due = lapse ? last.due_hi : last.due_lo;
	return ST_OK;
}

static int dues_arrears_3m(struct db *db, const struct finding_params *fp,
			   const struct org *o, int *due, struct error *err)
{
	return dues_arrears(db, fp, o, 0, due, err);
}

static int dues_arrears_6m(struct db *db, const struct finding_params *fp,
			   const struct org *o, int *due, struct error *err)
{
	return dues_arrears(db, fp, o, 1, due, err);
}

const struct finding_rule finding_rules[] = {
	{ "target_eligible", RULE_DEV_CULTIVATION_YEARS, FINDING_PERSON, target_eligible, NULL },
	{ "conversion_due", RULE_PROBATION_YEARS, FINDING_PERSON, conversion_due, NULL },
	{ "conversion_overdue", RULE_PROBATION_YEARS, FINDING_PERSON, conversion_overdue, NULL },
	{ "medal_50_due", RULE_MEDAL_PARTY_YEARS, FINDING_PERSON, medal_50_due, NULL },
	{ "talk_overdue", RULE_DEV_TALK_MONTHS, FINDING_PERSON, talk_overdue, NULL },
	{ "approval_overdue", RULE_DEV_APPROVAL_MONTHS, FINDING_PERSON, approval_overdue, NULL },
	{ "extension_overdue", RULE_DEV_EXTENSION_MAX_MONTHS, FINDING_PERSON, extension_overdue,
	  NULL },
	{ "lost_contact_6m", RULE_STANDING_LOST_CONTACT_MONTHS, FINDING_PERSON, lost_contact_6m,
	  NULL },
	{ "election_overdue", NULL, FINDING_ORG, NULL, election_overdue },
	{ "temporary_ended", NULL, FINDING_ORG, NULL, temporary_ended },
	{ "transfer_stuck", RULE_TRANSFER_LETTER_MONTHS, FINDING_ORG, NULL, transfer_stuck },
	{ "dues_arrears_3m", RULE_DUES_ARREARS_NOTICE_MONTHS, FINDING_ORG, NULL, dues_arrears_3m },
	{ "dues_arrears_6m", RULE_SELF_WITHDRAWAL_MONTHS, FINDING_ORG, NULL, dues_arrears_6m },
};
const size_t nr_finding_rules = sizeof(finding_rules) / sizeof(finding_rules[0]);

int findings_rule_index(const char *key)
{
	for (size_t i = 0; key && i < nr_finding_rules; i++)
		if (!strcmp(finding_rules[i].key, key))
			return (int)i;
	return -1;
}

/* ---- parameters --------------------------------------------------------- */

int findings_check_as_of(int as_of, struct error *err)
{
	int lo, hi;

	date_parse(FINDINGS_MIN_DATE, &lo);
	date_parse(FINDINGS_MAX_DATE, &hi);
	if (as_of >= lo && as_of <= hi)
		return ST_OK;
	error_setc(err, ST_INVALID, "as_of", "date_out_of_range",
		   "as_of must lie in " FINDINGS_MIN_DATE " .. " FINDINGS_MAX_DATE);
	error_param(err, "min", FINDINGS_MIN_DATE);
	error_param(err, "max", FINDINGS_MAX_DATE);
	return ST_INVALID;
}

/* A "years" or "days" rule in force on day into *v; -1 when not in force yet. */
static int rule_number(struct db *db, const char *key, int day, int *v, struct error *err)
{
	long n;
	int rc = rules_get_int(db, key, day, &n, err);

	if (rc == ST_NOT_FOUND) {
		error_clear(err);
		*v = -1;
		return ST_OK;
	}
	*v = rc ? -1 : (int)n;
	return rc;
}

int findings_params(struct db *db, int as_of, struct finding_params *fp,
		    struct error *err)
{
	int y, m, d, rc;

	memset(fp, 0, sizeof(*fp));
	if ((rc = findings_check_as_of(as_of, err)))
		return rc;
	fp->as_of = as_of;
	{
		static _Thread_local unsigned long scans;
		fp->scan_id = ++scans;
	}
	if ((rc = rule_number(db, RULE_DEV_CULTIVATION_YEARS, as_of, &fp->cultivation_years, err)) ||
	    (rc = rule_number(db, RULE_PROBATION_YEARS, as_of, &fp->probation_years, err)) ||
	    (rc = rule_number(db, RULE_CONVERSION_DUE_DAYS, as_of, &fp->conversion_due_days,
			      err)) ||
	    (rc = rule_number(db, RULE_DEV_TALK_MONTHS, as_of, &fp->talk_months, err)) ||
	    (rc = rule_number(db, RULE_DEV_APPROVAL_MONTHS, as_of, &fp->approval_months, err)) ||
	    (rc = rule_number(db, RULE_STANDING_LOST_CONTACT_MONTHS, as_of,
			      &fp->lost_contact_months, err)))
		return rc;
	if ((rc = rule_number(db, RULE_DUES_ARREARS_NOTICE_MONTHS, as_of,
			      &fp->dues_notice_months, err)) ||
	    (rc = rule_number(db, RULE_SELF_WITHDRAWAL_MONTHS, as_of, &fp->dues_lapse_months,
			      err)))
		return rc;
	if (fp->probation_years < 0)
		fp->probation_years = 1;
	if (fp->conversion_due_days < 0)
		fp->conversion_due_days = 0;
	date_to_ymd(as_of, &y, &m, &d);
	fp->medal_july = date_from_ymd(y, 7, 1);
	if (fp->medal_july < as_of)
		fp->medal_july = date_from_ymd(++y, 7, 1);
	return rules_medal_years(db, y, &fp->medal_years, err);
}

/* ---- the scan ----------------------------------------------------------- */

/* A person whose organization on the scan's day is not today's. */
struct moved {
	long long person_id, then_org, now_org;
	int then_in, now_in;   /* the organization lies in the scanned subtree */
};

struct scan {
	struct db *db;
	const struct finding_params *fp;
	int rule;
	finding_fn fn;
	void *ctx;
	int rc;
	struct error *err;
	struct moved *moved;   /* sorted by person id */
	size_t nr_moved, alloc_moved;
	int orgs_only;         /* the organization rules only */
};

static int by_person(const void *a, const void *b)
{
	const struct moved *x = a, *y = b;

	return (x->person_id > y->person_id) - (x->person_id < y->person_id);
}

static int keep_moved(long long person_id, long long then_org, long long now_org, void *ctx)
{
	struct scan *s = ctx;

	ALLOC_GROW(s->moved, s->nr_moved + 1, s->alloc_moved);
	s->moved[s->nr_moved++] = (struct moved){ person_id, then_org, now_org, 0, 0 };
	return ST_OK;
}

static int scan_person_at(struct scan *s, const struct person_dates *p);

/* A person of the subtree today: counted here unless on the day they
 * belonged to an organization outside it (member_orgs). */
static int scan_person(const struct person_dates *p, void *vctx)
{
	struct scan *s = vctx;
	struct moved key = { p->id, 0, 0, 0, 0 }, *m;

	if (s->nr_moved &&
	    (m = bsearch(&key, s->moved, s->nr_moved, sizeof(*m), by_person))) {
		if (!m->then_in)
			return 0;
		struct person_dates q = *p;
		q.org_id = m->then_org;
		return scan_person_at(s, &q);
	}
	return scan_person_at(s, p);
}

static int scan_person_at(struct scan *s, const struct person_dates *p)
{

	for (size_t i = 0; i < nr_finding_rules; i++) {
		const struct finding_rule *r = &finding_rules[i];
		struct finding f;
		if (r->subject != FINDING_PERSON || (s->rule >= 0 && (size_t)s->rule != i))
			continue;
		if (!r->person(s->fp, p, &f.due))
			continue;
		f.rule = (int)i;
		f.org_id = p->org_id;
		f.person_id = p->id;
		if ((s->rc = s->fn(&f, s->ctx)))
			return 1;
	}
	return 0;
}

static int scan_org(const struct org *o, void *vctx)
{
	struct scan *s = vctx;

	for (size_t i = 0; i < nr_finding_rules; i++) {
		const struct finding_rule *r = &finding_rules[i];
		struct finding f;
		if (r->subject != FINDING_ORG || (s->rule >= 0 && (size_t)s->rule != i))
			continue;
		if ((s->rc = r->org(s->db, s->fp, o, &f.due, s->err)))
			return 1;
		if (f.due == DATE_NONE)
			continue;
		f.rule = (int)i;
		f.org_id = o->id;
		f.person_id = 0;
		if ((s->rc = s->fn(&f, s->ctx)))
			return 1;
	}
	return 0;
}

/* The kinds of subject the scan needs to read, for rule (-1: all). */
static int needs(int rule, enum finding_subject subject)
{
	if (rule >= 0)
		return finding_rules[rule].subject == subject;
	for (size_t i = 0; i < nr_finding_rules; i++)
		if (finding_rules[i].subject == subject)
			return 1;
	return 0;
}

static int scan_root(struct scan *s, long long root)
{
	int rc;

	if (!s->orgs_only && needs(s->rule, FINDING_PERSON)) {
		/* members where they belonged on the day: those who moved since
		 * are counted at their organization of that day */
		s->nr_moved = 0;
		if ((rc = member_org_store_moved_since(s->db, s->fp->as_of, keep_moved, s, s->err)))
			return rc;
		for (size_t i = 0; i < s->nr_moved; i++) {
			struct moved *m = &s->moved[i];
			if ((m->then_in = org_store_is_ancestor(s->db, root, m->then_org, s->err)) < 0 ||
			    (m->now_in = m->now_org ? org_store_is_ancestor(s->db, root, m->now_org,
									  s->err) : 0) < 0)
				return m->then_in < 0 ? m->then_in : m->now_in;
		}
		if (s->nr_moved)
			qsort(s->moved, s->nr_moved, sizeof(*s->moved), by_person);
		if ((rc = person_store_subtree_dates(s->db, root, scan_person, s, s->err)))
			return rc;
		if (s->rc)
			return s->rc;
		/* those in the subtree on the day, outside it today */
		for (size_t i = 0; i < s->nr_moved; i++) {
			struct moved *m = &s->moved[i];
			struct person p;
			if (!m->then_in || m->now_in)
				continue;
			if ((rc = person_store_get(s->db, m->person_id, &p, s->err)))
				return rc;
			struct person_dates d = { p.id, m->then_org, p.status, p.flags, p.applied,
						  p.activist, p.target, p.admitted, p.full, p.exited,
						  { 0 } };
			if ((rc = person_store_track(s->db, &p, &d.track, s->err)))
				return rc;
			scan_person_at(s, &d);
			if (s->rc)
				return s->rc;
		}
	}
	if (needs(s->rule, FINDING_ORG)) {
		if ((rc = org_store_subtree(s->db, root, scan_org, s, s->err)))
			return rc;
		if (s->rc)
			return s->rc;
	}
	return ST_OK;
}

struct roots {
	size_t n, alloc;
	long long *id;
};

static int add_root(const struct org *o, void *ctx)
{
	struct roots *r = ctx;

	if (r->n == r->alloc) {
		r->alloc = r->alloc ? 2 * r->alloc : 16;
		r->id = xrealloc(r->id, r->alloc * sizeof(*r->id));
	}
	r->id[r->n++] = o->id;
	return 0;
}

static int scan_roots(struct db *db, long long root, const struct finding_params *fp,
		      int rule, int orgs_only, finding_fn fn, void *ctx, struct error *err)
{
	struct scan s = { db, fp, rule, fn, ctx, 0, err, NULL, 0, 0, orgs_only };
	struct roots r = { 0, 0, NULL };
	int rc;

	if (root > 0) {
		rc = scan_root(&s, root);
		free(s.moved);
		return rc;
	}
	/* every root, dissolved ones too (their members stay registered) */
	if ((rc = org_store_children(db, 0, 1, add_root, &r, err)))
		goto out;
	for (size_t i = 0; i < r.n; i++)
		if ((rc = scan_root(&s, r.id[i])))
			break;
out:
	free(r.id);
	free(s.moved);
	return rc;
}

int findings_scan(struct db *db, long long root, const struct finding_params *fp,
		  int rule, finding_fn fn, void *ctx, struct error *err)
{
	return scan_roots(db, root, fp, rule, 0, fn, ctx, err);
}

static int count_one(const struct finding *f, void *ctx)
{
	long long *counts = ctx;

	counts[f->rule]++;
	return 0;
}

int findings_count(struct db *db, long long root, const struct finding_params *fp,
		   long long *counts, struct error *err)
{
	memset(counts, 0, nr_finding_rules * sizeof(*counts));
	return findings_scan(db, root, fp, -1, count_one, counts, err);
}

/* ---- the counts from the statistics engine ------------------------------ */

/* The last day a with date_add_years(a, years) <= limit (the function is
 * monotone; 29 February makes it not quite invertible by subtraction). */
static int last_day_within(int years, int limit)
{
	int a = date_add_years(limit, -years);

	while (date_add_years(a + 1, years) <= limit)
		a++;
	while (date_add_years(a, years) > limit)
		a--;
	return a;
}

/* The same for months: the last day a with date_add_months(a, months) <= limit. */
static int last_day_within_months(int months, int limit)
{
	int a = date_add_months(limit, -months);

	while (date_add_months(a + 1, months) <= limit)
		a++;
	while (date_add_months(a, months) > limit)
		a--;
	return a;
}

void findings_engine_query(const struct finding_params *fp, struct stats_findings_query *q)
{
	q->as_of = fp->as_of;
	/* talk_overdue of an applicant without a talk: applied + months < as_of */
	q->applied_talk_by = fp->talk_months < 0 ? DATE_NONE
			     : last_day_within_months(fp->talk_months, fp->as_of - 1);
	q->talk_months = fp->talk_months;
	/* approval: vote + months < as_of; lost contact: start + months <=
	 * as_of; extension: (admission + its months) + years < as_of */
	q->vote_by = fp->approval_months < 0 ? DATE_NONE
		     : last_day_within_months(fp->approval_months, fp->as_of - 1);
	q->lost_from_by = fp->lost_contact_months < 0 ? DATE_NONE
			  : last_day_within_months(fp->lost_contact_months, fp->as_of);
	q->ext_end_by = last_day_within(fp->probation_years, fp->as_of - 1);
	q->activist_by = fp->cultivation_years < 0 ? DATE_NONE
			 : last_day_within(fp->cultivation_years, fp->as_of);
	/* overdue: admitted + years < as_of; due: as_of <= admitted + years <= as_of + days */
	q->admitted_over_by = last_day_within(fp->probation_years, fp->as_of - 1);
	q->admitted_due_from = q->admitted_over_by + 1;
	q->admitted_due_by = last_day_within(fp->probation_years,
					     fp->as_of + fp->conversion_due_days);
	if (fp->medal_years > 0) {
		q->full_from = date_add_years(fp->medal_july, -fp->medal_years - 1) + 1;
		q->full_by = date_add_years(fp->medal_july, -fp->medal_years);
	} else {
		q->full_from = q->full_by = DATE_NONE;
	}
}

/* The engine's count of person rule r (every person rule has one). */
static uint64_t engine_count(const struct finding_rule *r, const struct stats_findings_counts *c)
{
	return r->person == target_eligible ? c->activists_eligible
	       : r->person == conversion_due ? c->probation_ending
	       : r->person == conversion_overdue ? c->probation_overdue
	       : r->person == medal_50_due ? c->medal_due
	       : r->person == talk_overdue ? c->talk_overdue
	       : r->person == approval_overdue ? c->approval_overdue
	       : r->person == extension_overdue ? c->extension_overdue
	       : r->person == lost_contact_6m ? c->lost_contact : 0;
}

int findings_count_engine(struct db *db, struct stats_engine *e, long long root,
			  const struct finding_params *fp, long long *counts,
			  struct error *err)
{
	struct stats_findings_query q;
	struct stats_findings_counts c;
	int rc;

	memset(counts, 0, nr_finding_rules * sizeof(*counts));
	findings_engine_query(fp, &q);
	if ((rc = stats_findings(e, root, &q, &c, err)))
		return rc;
	for (size_t i = 0; i < nr_finding_rules; i++) {
		const struct finding_rule *r = &finding_rules[i];
		if (r->subject != FINDING_PERSON)
			continue;
		counts[i] = (long long)engine_count(r, &c);
	}
	/* every person rule comes from the engine; the organization rules walk
	 * the subtree's organizations (never its persons: the dues findings
	 * read the engine's arrears runs) */
	{
		struct finding_params efp = *fp;
		efp.engine = e;
		return scan_roots(db, root, &efp, -1, 1, count_one, counts, err);
	}
}

/* ---- the list ----------------------------------------------------------- */

static int finding_cmp(const struct finding *a, const struct finding *b)
{
	if (a->due != b->due)
		return a->due < b->due ? -1 : 1;
	if (a->rule != b->rule)
		return a->rule < b->rule ? -1 : 1;
	if (a->org_id != b->org_id)
		return a->org_id < b->org_id ? -1 : 1;
	if (a->person_id != b->person_id)
		return a->person_id < b->person_id ? -1 : 1;
	return 0;
}

static int finding_qcmp(const void *a, const void *b)
{
	return finding_cmp(a, b);
}

/* "due.rule.org.person" (due a signed day number, the others >= 0) */
static int cursor_parse(const char *s, struct finding *f)
{
	long long v[4];
	int neg = 0;
	const char *c = s;

	if (strlen(s) >= FINDINGS_CURSOR_SIZE)
		return -1;
	for (int i = 0; i < 4; i++) {
		int digits = 0;
		v[i] = 0;
		if (i == 0 && *c == '-') {
			neg = 1;
			c++;
		}
		while (*c >= '0' && *c <= '9') {
			if (++digits > 18)
				return -1;
			v[i] = v[i] * 10 + (*c++ - '0');
		}
		if (!digits || (digits > 1 && c[-digits] == '0'))
			return -1;
		if (i < 3 && *c++ != '.')
			return -1;
	}
	if (*c || v[0] > 2147483647LL || v[1] >= (long long)nr_finding_rules)
		return -1;
	f->due = (int)(neg ? -v[0] : v[0]);
	f->rule = (int)v[1];
	f->org_id = v[2];
	f->person_id = v[3];
	return 0;
}

static void cursor_format(const struct finding *f, char *buf)
{
	snprintf(buf, FINDINGS_CURSOR_SIZE, "%d.%d.%lld.%lld", f->due, f->rule, f->org_id,
		 f->person_id);
}

struct collect {
	struct finding *v;
	size_t n, alloc;
	const struct finding *after;   /* NULL: from the first */
	long long total;
};

static int collect_one(const struct finding *f, void *ctx)
{
	struct collect *c = ctx;

	c->total++;
	if (c->after && finding_cmp(f, c->after) <= 0)
		return 0;
	if (c->n == c->alloc) {
		c->alloc = c->alloc ? 2 * c->alloc : 256;
		c->v = xrealloc(c->v, c->alloc * sizeof(*c->v));
	}
	c->v[c->n++] = *f;
	return 0;
}

/* The names and the source of one item. */
static int fill_item(struct db *db, int as_of, struct finding_item *it, struct error *err)
{
	struct org o;
	struct rule_in_force r;
	int rc;

	it->rule = &finding_rules[it->f.rule];
	it->days_overdue = as_of - it->f.due;
	if ((rc = org_store_get(db, it->f.org_id, &o, err)))
		return rc;
	snprintf(it->org_code, sizeof(it->org_code), "%s", o.code);
	snprintf(it->org_name, sizeof(it->org_name), "%s", o.name);
	it->person_name[0] = '\0';
	if (it->f.person_id) {
		struct person p;
		if ((rc = person_store_get(db, it->f.person_id, &p, err)))
			return rc;
		snprintf(it->person_name, sizeof(it->person_name), "%s", p.name);
	}
	it->source[0] = '\0';
	if (it->rule->rule_key) {
		rc = rules_get(db, it->rule->rule_key, it->f.due, &r, err);
		if (rc == ST_NOT_FOUND) {
			error_clear(err);
			rc = rules_get(db, it->rule->rule_key, as_of, &r, err);
		}
		if (rc)
			return rc;
		snprintf(it->source, sizeof(it->source), "%s", r.def->source);
	} else {
		/* the term rule of the organization's kind, or its recorded term */
		const char *key = NULL;
		int years, end;
		if (it->rule->org == election_overdue) {
			if ((rc = org_term(db, &o, &years, &end, &key, err)))
				return rc;
			if (!key)
				snprintf(it->source, sizeof(it->source), "%s",
					 "the term recorded for the organization");
		} else {
			snprintf(it->source, sizeof(it->source), "%s",
				 "the end date recorded for the temporary organization");
		}
		if (key) {
			if ((rc = rules_get(db, key, o.term_start, &r, err)))
				return rc;
			snprintf(it->source, sizeof(it->source), "%s", r.def->source);
		}
	}
	return ST_OK;
}

int findings_list(struct db *db, long long root, int as_of, const char *rule,
		  const char *after, int limit, struct findings_page *out,
		  struct error *err)
{
	struct finding_params fp;
	struct finding cur;
	struct collect c = { NULL, 0, 0, NULL, 0 };
	int ri = -1, rc;

	memset(out, 0, sizeof(*out));
	if (rule && *rule && (ri = findings_rule_index(rule)) < 0) {
		error_setc(err, ST_INVALID, "rule", "findings_unknown_rule",
			   "no finding rule '%.60s'", rule);
		error_param(err, "rule", "%.60s", rule);
		return ST_INVALID;
	}
	if (limit < 1 || limit > FINDINGS_LIMIT_MAX) {
		error_setc(err, ST_INVALID, "limit", "out_of_range",
			   "limit must lie in 1..%d", FINDINGS_LIMIT_MAX);
		error_param(err, "min", "1");
		error_param(err, "max", "%d", FINDINGS_LIMIT_MAX);
		return ST_INVALID;
	}
	if (after && *after) {
		if (cursor_parse(after, &cur))
			return error_setc(err, ST_INVALID, "cursor", "findings_bad_cursor",
					  "cursor is not one this list gave");
		c.after = &cur;
	}
	if ((rc = findings_params(db, as_of, &fp, err)) ||
	    (rc = findings_scan(db, root, &fp, ri, collect_one, &c, err)))
		goto out;
	if (c.n)
		qsort(c.v, c.n, sizeof(*c.v), finding_qcmp);
	out->total = c.total;
	out->nr = c.n < (size_t)limit ? c.n : (size_t)limit;
	out->items = xcalloc(out->nr ? out->nr : 1, sizeof(*out->items));
	for (size_t i = 0; i < out->nr; i++) {
		out->items[i].f = c.v[i];
		if ((rc = fill_item(db, as_of, &out->items[i], err)))
			goto out;
	}
	if (c.n > out->nr)
		cursor_format(&c.v[out->nr - 1], out->next_cursor);
out:
	free(c.v);
	if (rc)
		findings_page_release(out);
	return rc;
}

void findings_page_release(struct findings_page *p)
{
	free(p->items);
	memset(p, 0, sizeof(*p));
}
