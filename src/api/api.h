/*
 * api.h - the handlers of the JSON API (one file per resource) and the
 * helpers they share for request bodies and JSON replies.
 *
 * Every handler has the route_fn signature of http/routes.h: it fills the
 * reply and returns ST_OK, or returns a status with req->err set (the
 * server turns it into the error reply). The server has checked the
 * route's operation (ops/auth.h) before the handler runs; a handler asks
 * ops/auth.h about the organization or person its request names before
 * touching it, holds no rule of its own, and calls ops/ for every write.
 * Request bodies are checked against a field table: unknown fields and
 * wrong types are 400 with the field named, missing required fields 422.
 */
#ifndef OW_API_H
#define OW_API_H

#include <jansson.h>

#include "http/reply.h"
#include "http/request.h"

struct user;

/* ---- helpers (api-util.c) ---- */

enum field_type { F_STRING, F_INT, F_BOOL, F_ARRAY, F_OBJECT };

struct field_spec {
	const char *name;
	enum field_type type;
	int required;       /* 1: must be present and not null */
};

/*
 * Parses the body as a JSON object (duplicate keys rejected; an empty body
 * is {}), then checks it against spec (NULL-terminated). Returns the
 * object (caller owns) or NULL with req->err set.
 */
json_t *api_body(struct request *req, const struct field_spec *spec);
/* Sets a JSON reply (steals j). Returns ST_OK. */
int api_json(struct reply *rep, int http, json_t *j);
/* String member or NULL (absent or null). */
const char *api_str(json_t *o, const char *key);
/* 1 when the key is present (null included). */
int api_has(json_t *o, const char *key);
/* Date member: DATE_NONE when absent/null; 422 (field) when malformed. */
int api_date(struct request *req, json_t *o, const char *key, int *out);
/*
 * Integer member in [min, max] into *out (dflt when absent or null); 422
 * naming key when it is out of range. The one way handlers read integers
 * (json_integer_value is 64 bits: never cast it to a narrower type).
 */
int api_int(struct request *req, json_t *o, const char *key, long long min,
	    long long max, long long dflt, long long *out);
/* Positive id member: 0 when absent/null; 422 when not positive. */
int api_id(struct request *req, json_t *o, const char *key, long long *out);
/* {"id","login","role","scope_org_id","scope_org","person_id",...} into
 * *out (caller owns); a storage error reading the scope organization is
 * returned (req->err set) and *out is NULL. */
int api_user_json(struct request *req, const struct user *u, json_t **out);
/* ?status=: a status key, "members" (-1) or "current" (-2); 0 when absent. */
int api_status_filter(struct request *req, int *out);
/* ?filter=: drill-down conditions from roll-up keys (stats_drill_filter),
 * as of today; 400 naming "filter" when it is not one. */
struct person_drill;
int api_drill_filter(struct request *req, struct person_drill *d);

/* ?overdue=1 on a member list: the probation-overdue condition (ops/todo.h)
 * into q; 400 naming "overdue" with another status than probationary. */
struct person_query;
int api_overdue_filter(struct request *req, struct person_query *q);

/* ?sort=KEY&order=asc|desc on a member list (store/person-store.h names
 * the keys) into q; absent: pinyin order, ascending. 400 naming "sort" or
 * "order" with the code invalid_choice for anything else. */
int api_sort_param(struct request *req, struct person_query *q);
/*
 * Adds "org_name" and "org_code" (the member's organization) to each person
 * of items (a list page, at most 1,000 rows): one read per distinct
 * organization of the page.
 */
int api_add_org_names(struct request *req, json_t *items);

/* ---- handlers ---- */
int api_session_login(struct request *req, struct reply *rep);
int api_session_get(struct request *req, struct reply *rep);
int api_session_logout(struct request *req, struct reply *rep);
int api_sessions_others(struct request *req, struct reply *rep);
int api_codes(struct request *req, struct reply *rep);
/* GET /rules: the rules catalogue in force (api-rules.c). */
int api_rules(struct request *req, struct reply *rep);
/* GET /calendar/workdays and /calendar/add-workdays (api-calendar.c). */
int api_calendar_workdays(struct request *req, struct reply *rep);
int api_calendar_add_workdays(struct request *req, struct reply *rep);
int api_findings(struct request *req, struct reply *rep);   /* api-findings.c */
int api_org_development(struct request *req, struct reply *rep);   /* api-dev-register.c */
/* api-transfers.c */
int api_transfer_start(struct request *req, struct reply *rep);
int api_transfer_get(struct request *req, struct reply *rep);
int api_transfer_receive(struct request *req, struct reply *rep);
int api_transfer_return(struct request *req, struct reply *rep);
int api_transfers_list(struct request *req, struct reply *rep);
int api_transfer_destinations(struct request *req, struct reply *rep);
int api_member_transfers(struct request *req, struct reply *rep);

int api_orgs_search(struct request *req, struct reply *rep);
int api_org_get(struct request *req, struct reply *rep);
int api_org_children(struct request *req, struct reply *rep);
int api_org_members(struct request *req, struct reply *rep);
/* GET /orgs/{id}/todo: the to-do counts of the subtree (ops/todo.h). */
int api_org_todo(struct request *req, struct reply *rep);
int api_org_history(struct request *req, struct reply *rep);
int api_org_create(struct request *req, struct reply *rep);
int api_org_rename(struct request *req, struct reply *rep);
int api_org_move(struct request *req, struct reply *rep);
int api_org_merge(struct request *req, struct reply *rep);
int api_org_dissolve(struct request *req, struct reply *rep);

int api_members_search(struct request *req, struct reply *rep);
int api_member_get(struct request *req, struct reply *rep);
int api_member_create(struct request *req, struct reply *rep);
int api_member_patch(struct request *req, struct reply *rep);
int api_member_timeline(struct request *req, struct reply *rep);
int api_member_end(struct request *req, struct reply *rep);
int api_member_correct(struct request *req, struct reply *rep);
/* development steps (api-steps.c) */
int api_member_steps_list(struct request *req, struct reply *rep);
int api_member_step_create(struct request *req, struct reply *rep);
/* api-dues.c */
int api_member_dues_get(struct request *req, struct reply *rep);
int api_member_dues_post(struct request *req, struct reply *rep);
int api_org_dues(struct request *req, struct reply *rep);
int api_org_dues_stats(struct request *req, struct reply *rep);
/* api-standing.c */
int api_member_standing_get(struct request *req, struct reply *rep);
int api_member_standing_post(struct request *req, struct reply *rep);
int api_member_discipline_get(struct request *req, struct reply *rep);
int api_member_discipline_post(struct request *req, struct reply *rep);

int api_import(struct request *req, struct reply *rep);
int api_export(struct request *req, struct reply *rep);
int api_template(struct request *req, struct reply *rep);

int api_users_list(struct request *req, struct reply *rep);
int api_user_create(struct request *req, struct reply *rep);
int api_user_patch(struct request *req, struct reply *rep);
int api_user_requests_list(struct request *req, struct reply *rep);
int api_user_request_approve(struct request *req, struct reply *rep);
int api_user_request_reject(struct request *req, struct reply *rep);

int api_audit_list(struct request *req, struct reply *rep);
int api_access_list(struct request *req, struct reply *rep);
int api_audit_verify(struct request *req, struct reply *rep);

int api_stats_bulletin(struct request *req, struct reply *rep);
int api_stats_rollup(struct request *req, struct reply *rep);
int api_stats_children(struct request *req, struct reply *rep);

#endif
