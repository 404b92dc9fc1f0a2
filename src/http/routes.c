/*
 * routes.c - the route table of /api/v1 and its matcher (see routes.h).
 *
 * Body caps: 4 KiB for login, 16 KiB for records, 64 MiB for imports.
 * Statistics routes (src/stats, their handlers in api/api-stats.c) are
 * added in the marked place below; every new row also needs its line in
 * tools/authz-matrix and its section in docs/api.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "http/routes.h"
#include "ops/auth.h"

#define KB 1024
#define MB (1024 * 1024)
#define V1 "/api/v1"

const struct route routes[] = {
	/* sessions */
	{ "POST", V1 "/session", api_session_login, R_BODY | R_WRITES | R_NO_CSRF, OP_NONE, 4 * KB, "session.login" },
	{ "GET", V1 "/session", api_session_get, R_AUTH, OP_NONE, 0, "session.get" },
	{ "DELETE", V1 "/session", api_session_logout, R_AUTH | R_WRITES, OP_NONE, 0, "session.logout" },
	{ "DELETE", V1 "/sessions/others", api_sessions_others, R_AUTH | R_WRITES, OP_NONE, 0, "session.logout_others" },
	{ "GET", V1 "/codes", api_codes, R_AUTH, OP_NONE, 0, "codes" },
	{ "GET", V1 "/rules", api_rules, R_AUTH, OP_NONE, 0, "rules.list" },
	{ "GET", V1 "/calendar/workdays", api_calendar_workdays, R_AUTH, OP_NONE, 0, "calendar.workdays" },
	{ "GET", V1 "/calendar/add-workdays", api_calendar_add_workdays, R_AUTH, OP_NONE, 0, "calendar.add_workdays" },
	/* organizations */
	{ "GET", V1 "/orgs", api_orgs_search, R_AUTH, OP_ORG_READ, 0, "org.search" },
	{ "POST", V1 "/orgs", api_org_create, R_AUTH | R_BODY | R_WRITES, OP_ORG_CREATE, 16 * KB, "org.create" },
	{ "GET", V1 "/orgs/{id}", api_org_get, R_AUTH, OP_ORG_READ, 0, "org.get" },
	{ "GET", V1 "/orgs/{id}/children", api_org_children, R_AUTH, OP_ORG_READ, 0, "org.children" },
	{ "GET", V1 "/orgs/{id}/members", api_org_members, R_AUTH, OP_MEMBER_READ, 0, "org.members" },
	{ "GET", V1 "/orgs/{id}/todo", api_org_todo, R_AUTH, OP_STATS_READ, 0, "org.todo" },
	{ "GET", V1 "/findings", api_findings, R_AUTH, OP_MEMBER_READ, 0, "findings.list" },
	{ "GET", V1 "/orgs/{id}/dues", api_org_dues, R_AUTH, OP_MEMBER_READ, 0, "org.dues" },
	{ "GET", V1 "/orgs/{id}/dues/stats", api_org_dues_stats, R_AUTH, OP_STATS_READ, 0, "org.dues_stats" },
	{ "GET", V1 "/orgs/{id}/history", api_org_history, R_AUTH, OP_ORG_READ, 0, "org.history" },
	{ "GET", V1 "/orgs/{id}/development", api_org_development, R_AUTH, OP_MEMBER_READ, 0,
	  "org.development" },
	{ "POST", V1 "/orgs/{id}/rename", api_org_rename, R_AUTH | R_BODY | R_WRITES, OP_ORG_CHANGE, 16 * KB, "org.rename" },
	{ "POST", V1 "/orgs/{id}/move", api_org_move, R_AUTH | R_BODY | R_WRITES, OP_ORG_CHANGE, 16 * KB, "org.move" },
	{ "POST", V1 "/orgs/{id}/merge", api_org_merge, R_AUTH | R_BODY | R_WRITES, OP_ORG_CHANGE, 16 * KB, "org.merge" },
	{ "POST", V1 "/orgs/{id}/dissolve", api_org_dissolve, R_AUTH | R_BODY | R_WRITES, OP_ORG_CHANGE, 16 * KB, "org.dissolve" },
	/* people and members (GET of one record: self or member.read, decided by the handler) */
	{ "GET", V1 "/members", api_members_search, R_AUTH, OP_MEMBER_READ, 0, "member.search" },
	{ "POST", V1 "/members", api_member_create, R_AUTH | R_BODY | R_WRITES, OP_MEMBER_WRITE, 16 * KB, "member.create" },
	{ "GET", V1 "/members/{id}", api_member_get, R_AUTH, OP_NONE, 0, "member.get" },
	{ "PATCH", V1 "/members/{id}", api_member_patch, R_AUTH | R_BODY | R_WRITES, OP_MEMBER_WRITE, 16 * KB, "member.update" },
	{ "GET", V1 "/members/{id}/timeline", api_member_timeline, R_AUTH, OP_NONE, 0, "member.timeline" },
	{ "POST", V1 "/members/{id}/end", api_member_end, R_AUTH | R_BODY | R_WRITES, OP_MEMBER_WRITE, 4 * KB, "member.end" },
	{ "GET", V1 "/members/{id}/standing", api_member_standing_get, R_AUTH, OP_NONE, 0, "member.standing" },
	{ "POST", V1 "/members/{id}/standing", api_member_standing_post, R_AUTH | R_BODY | R_WRITES, OP_MEMBER_WRITE, 4 * KB, "member.standing" },
	{ "GET", V1 "/members/{id}/discipline", api_member_discipline_get, R_AUTH, OP_NONE, 0, "member.discipline" },
	{ "POST", V1 "/members/{id}/discipline", api_member_discipline_post, R_AUTH | R_BODY | R_WRITES, OP_MEMBER_WRITE, 4 * KB, "member.discipline" },
	{ "GET", V1 "/members/{id}/dues", api_member_dues_get, R_AUTH, OP_NONE, 0, "member.dues" },
	{ "POST", V1 "/members/{id}/dues", api_member_dues_post, R_AUTH | R_BODY | R_WRITES, OP_MEMBER_WRITE, 4 * KB, "member.dues" },
	{ "POST", V1 "/members/{id}/corrections", api_member_correct, R_AUTH | R_BODY | R_WRITES, OP_MEMBER_WRITE, 4 * KB, "member.correct" },
	{ "GET", V1 "/members/{id}/steps", api_member_steps_list, R_AUTH, OP_MEMBER_READ, 0, "member.steps" },
	{ "POST", V1 "/members/{id}/steps", api_member_step_create, R_AUTH | R_BODY | R_WRITES, OP_MEMBER_WRITE, 4 * KB, "member.step" },
	{ "GET", V1 "/members/{id}/transfers", api_member_transfers, R_AUTH, OP_NONE, 0, "member.transfers" },
	/* files */
	{ "GET", V1 "/transfers", api_transfers_list, R_AUTH, OP_MEMBER_READ, 0, "transfer.list" },
	{ "POST", V1 "/transfers", api_transfer_start, R_AUTH | R_BODY | R_WRITES, OP_MEMBER_WRITE, 4 * KB, "transfer.start" },
	{ "GET", V1 "/transfers/{id}", api_transfer_get, R_AUTH, OP_MEMBER_READ, 0, "transfer.get" },
	{ "POST", V1 "/transfers/{id}/receive", api_transfer_receive, R_AUTH | R_BODY | R_WRITES, OP_MEMBER_WRITE, 4 * KB, "transfer.receive" },
	{ "POST", V1 "/transfers/{id}/return", api_transfer_return, R_AUTH | R_BODY | R_WRITES, OP_MEMBER_WRITE, 4 * KB, "transfer.return" },
	{ "GET", V1 "/transfer-destinations", api_transfer_destinations, R_AUTH, OP_MEMBER_WRITE, 0, "transfer.destinations" },

	{ "POST", V1 "/import", api_import, R_AUTH | R_BODY | R_RAW | R_WRITES, OP_IMPORT, 64 * MB, "import" },
	{ "GET", V1 "/export", api_export, R_AUTH, OP_EXPORT, 0, "export" },
	{ "GET", V1 "/template", api_template, R_AUTH, OP_NONE, 0, "template" },
	/* users */
	{ "GET", V1 "/users", api_users_list, R_AUTH, OP_USER_READ, 0, "user.list" },
	{ "POST", V1 "/users", api_user_create, R_AUTH | R_BODY | R_WRITES, OP_USER_ADMIN, 4 * KB, "user.create" },
	{ "PATCH", V1 "/users/{id}", api_user_patch, R_AUTH | R_BODY | R_WRITES, OP_USER_ADMIN, 4 * KB, "user.update" },
	{ "GET", V1 "/user-requests", api_user_requests_list, R_AUTH, OP_USER_READ, 0, "user.requests" },
	{ "POST", V1 "/user-requests/{id}/approve", api_user_request_approve, R_AUTH | R_BODY | R_WRITES, OP_USER_APPROVE, 4 * KB, "user.request.approve" },
	{ "POST", V1 "/user-requests/{id}/reject", api_user_request_reject, R_AUTH | R_BODY | R_WRITES, OP_USER_APPROVE, 4 * KB, "user.request.reject" },
	/* audit */
	{ "GET", V1 "/audit", api_audit_list, R_AUTH, OP_AUDIT_READ, 0, "audit.list" },
	{ "GET", V1 "/access-log", api_access_list, R_AUTH, OP_AUDIT_READ, 0, "audit.access" },
	{ "GET", V1 "/audit/verify", api_audit_verify, R_AUTH, OP_AUDIT_READ, 0, "audit.verify" },
	/* statistics (src/stats through ops/stats-live.c; handlers in api/api-stats.c) */
	{ "GET", V1 "/stats/bulletin", api_stats_bulletin, R_AUTH, OP_STATS_READ, 0, "stats.bulletin" },
	{ "GET", V1 "/stats/rollup", api_stats_rollup, R_AUTH, OP_STATS_READ, 0, "stats.rollup" },
	{ "GET", V1 "/stats/children", api_stats_children, R_AUTH, OP_STATS_READ, 0, "stats.children" },
};

const size_t nr_routes = sizeof(routes) / sizeof(routes[0]);

/* Matches path against pattern; {id} takes a positive integer segment. */
static int match(const char *pattern, const char *path, long long *ids, int *nr_ids)
{
	const char *p = pattern, *s = path;
	int n = 0;

	while (*p && *s) {
		if (!strncmp(p, "{id}", 4)) {
			char *end;
			long long v;
			if (*s < '1' || *s > '9')
				return 0;
			v = strtoll(s, &end, 10);
			if (v <= 0 || (end - s) > 18 || n == REQ_MAX_IDS)
				return 0;
			ids[n++] = v;
			s = end;
			p += 4;
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	if (*s == '/' && !s[1])   /* one trailing slash is tolerated */
		s++;
	if (*p || *s)
		return 0;
	*nr_ids = n;
	return 1;
}

const struct route *route_match(const char *method, const char *path,
				long long *ids, int *nr_ids, int *path_known,
				char *allow, size_t allow_size)
{
	size_t o = 0;

	*path_known = 0;
	allow[0] = '\0';
	for (size_t i = 0; i < nr_routes; i++) {
		long long tmp[REQ_MAX_IDS];
		int n;
		if (!match(routes[i].pattern, path, tmp, &n))
			continue;
		if (!strcmp(routes[i].method, method) ||
		    (!strcmp(method, "HEAD") && !strcmp(routes[i].method, "GET"))) {
			memcpy(ids, tmp, sizeof(tmp));
			*nr_ids = n;
			return &routes[i];
		}
		*path_known = 1;
		if (o < allow_size)
			o += (size_t)snprintf(allow + o, allow_size - o, "%s%s",
					      o ? ", " : "", routes[i].method);
	}
	return NULL;
}

void routes_print(void)
{
	for (size_t i = 0; i < nr_routes; i++) {
		const struct route *r = &routes[i];
		printf("%-6s %-32s %-24s %-14s %s%s%s%s\n", r->method, r->pattern,
		       r->name, operation_key(r->op), r->flags & R_AUTH ? "auth" : "public",
		       r->flags & R_BODY ? ",body" : "", r->flags & R_WRITES ? ",writes" : "",
		       r->flags & R_RAW ? ",raw" : "");
	}
}
