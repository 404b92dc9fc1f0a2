/*
 * routes.h - the route table of the JSON API: the index of the server.
 *
 * Each row is {method, pattern, handler, flags, operation, body cap,
 * name}. Patterns are paths under /api/v1 whose {id} segments capture
 * positive integers. Flags are checked by the server before the handler
 * runs: R_AUTH needs a valid session (401), R_BODY reads a body (JSON
 * unless R_RAW), R_WRITES takes the writer lock and needs the CSRF header
 * (state-changing methods always do, except POST /session). The operation
 * is the route-level authorization (ops/auth.h authorize(..., 0)): a role
 * that never has it gets 403 before the handler runs; the handler then
 * authorizes the target organization. docs/api.md follows this table, and
 * tests/e2e/t0590-authz-matrix.sh fails for a route it does not know.
 */
#ifndef OW_HTTP_ROUTES_H
#define OW_HTTP_ROUTES_H

#include <stddef.h>

#include "http/reply.h"
#include "http/request.h"

typedef int (*route_fn)(struct request *req, struct reply *rep);

enum route_flags {
	R_AUTH = 1 << 0,     /* needs a session */
	R_BODY = 1 << 1,     /* reads a request body */
	R_WRITES = 1 << 2,   /* writes: writer lock, CSRF */
	R_RAW = 1 << 3,      /* body is a file, not JSON */
	R_NO_CSRF = 1 << 4,  /* state-changing but exempt (login) */
};

struct route {
	const char *method;
	const char *pattern;   /* "/api/v1/orgs/{id}" */
	route_fn fn;
	unsigned flags;
	int op;                /* enum operation, route level */
	size_t body_max;       /* bytes, for R_BODY */
	const char *name;      /* "org.rename": audit action and docs */
};

extern const struct route routes[];
extern const size_t nr_routes;

/*
 * Finds the route for method and path. Returns it and fills ids; NULL
 * with *path_known = 1 when the path matches another method's route
 * (allow receives "GET, POST"), or 0 for an unknown path.
 */
const struct route *route_match(const char *method, const char *path,
				long long *ids, int *nr_ids, int *path_known,
				char *allow, size_t allow_size);

/* Prints the table (orgwork serve --print-routes): method pattern flags op name. */
void routes_print(void);

#endif
