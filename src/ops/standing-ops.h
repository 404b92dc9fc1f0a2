/*
 * standing-ops.h - a member's standing and discipline as dated acts: lost
 * contact and its end, floating membership and its end, stopped party
 * standing and its restoration, and the disciplinary sanctions (warning,
 * serious warning, removal from party post, probation within the party,
 * expulsion). Each act is one transaction: the record
 * (store/standing-store.h, audited by its triggers), a timeline event of
 * the person, and the person's flags kept in step with the records
 * (lost_contact, floating, suspended = stopped standing). An expulsion is
 * the end of the membership: member_end_tx (ops/member-ops.h) in the same
 * transaction. Also: good standing on a day, and the 50-year medals it
 * withholds from a bulletin.
 *
 * Nothing here authorizes: the caller decides whether its user may act for
 * the person and the organizations named (ops/auth.h). Not for SQL
 * (store/standing-store.c) nor what records mean on a day (model/standing.c).
 */
#ifndef OW_STANDING_OPS_H
#define OW_STANDING_OPS_H

#include "core/error.h"
#include "model/standing.h"

struct db;
struct stats_bulletin;

/* The standing acts. */
enum standing_action {
	SA_LOST_CONTACT = 1,   /* "lost_contact": date contact was lost; text: the search made */
	SA_CONTACT_REGAINED,   /* "contact_regained": date; text: an optional note */
	SA_FLOATING,           /* "floating": date from; text: where; org: the host organization */
	SA_FLOATING_END,       /* "floating_end": date to */
	SA_STOP,               /* "stop": date; text: the reason; org: deciding organization */
	SA_RESTORE,            /* "restore": date; org: deciding organization; text: optional note */
};

/* "lost_contact", ... or NULL; the action of a key (hyphens or underscores), or 0. */
const char *standing_action_key(int action);
int standing_action_parse(const char *key);

struct standing_act {
	int action;               /* enum standing_action */
	int date;                 /* day of the act */
	const char *text;         /* search / place / reason / note (see above) */
	long long org_id;         /* host (floating) or deciding organization (stop, restore) */
	const char *reference;    /* decision reference, optional (stop, restore) */
};

/*
 * Records act for person_id (a current member: probationary or full), in
 * one transaction. The record written or ended goes to *out when out is
 * not NULL. Errors name their field: "action" unknown; "date" missing, in
 * the future, before the admission (standing_before_admission) or before
 * the start of the record it ends (standing_end_before_start); "search",
 * "place", "reason" missing, "note" too long; "host" / "by" not an
 * organization, dissolved, or ("by") neither the member's organization nor
 * above it; ST_CONFLICT "action" out of order: a second open lost contact
 * (standing_lost_contact_open), contact regained without one
 * (standing_no_lost_contact), a second floating membership
 * (standing_floating_open), its end without one (standing_not_floating), a
 * stop of a stopped standing (standing_already_stopped), a restoration of
 * none (standing_not_stopped); "status" when the person is not a current
 * member. ST_NOT_FOUND when the person does not exist.
 */
int standing_record_act(struct db *db, long long person_id, const struct standing_act *act,
			const char *actor, struct standing_record *out, struct error *err);

struct discipline_act {
	int kind;                 /* a sanction of enum standing_kind (SK_WARNING..SK_EXPULSION) */
	int date;                 /* day of the decision */
	const char *reference;    /* decision reference (文号), required */
	long long by_org_id;      /* deciding organization, the member's or above it */
	int years;                /* probation within the party: its term (rules
				   * discipline.probation_min_years..max_years) */
};

/*
 * Records a disciplinary sanction for person_id (a full member: a
 * probationary member's violation is met by extending or cancelling the
 * probation), in one transaction. The record's end is when the rules say:
 * probation within the party at the end of its term; warning, serious
 * warning and removal from party post at the end of their effect period
 * (rules discipline.*_effect_months, in force on the day of the
 * decision); expulsion never (the membership ends: member_end_tx with kind
 * expulsion, its checks, rows and event). Errors name their field: "kind"
 * unknown; "date", "reference", "by" as for member_end; "years" missing or
 * outside the rule's range (discipline_probation_years, with the rule);
 * ST_CONFLICT "kind" a probation while one runs (discipline_probation_running),
 * "status" a probationary member (discipline_probationary_member) or not a
 * current member.
 */
int discipline_record(struct db *db, long long person_id, const struct discipline_act *act,
		      const char *actor, struct standing_record *out, struct error *err);

/*
 * Calls fn for each record of person_id (sanctions 1: the sanctions only;
 * 0: the standing records only) in order of start day. ST_NOT_FOUND when
 * the person does not exist.
 */
int standing_list(struct db *db, long long person_id, int sanctions,
		  standing_visit_fn fn, void *ctx, struct error *err);

/* *good = 1 when person_id is in good standing on day (model/standing.h standing_good). */
int standing_good_on(struct db *db, long long person_id, int day, int *good,
		     struct error *err);

/*
 * Takes from b (a bulletin of year, its medals due computed with
 * medal_years) the members who are not in good standing on 1 July of the
 * year: from the total, the organization's own row and the child row that
 * holds them, by their present organization.
 */
int standing_medal_adjust(struct db *db, struct stats_bulletin *b, int medal_years,
			  struct error *err);

#endif
