/*
 * user.c - the role vocabulary: the key each role is stored and sent by,
 * and the keys of the kinds and states of account requests.
 *
 * Pure; what a role may do is decided in ops/auth.c.
 */
#include <string.h>

#include "model/user.h"

static const char *const role_keys[ROLE_COUNT] = {
	NULL, "org_officer", "branch_secretary", "member", "auditor", "sysadmin",
	"secadmin",
};

const char *role_key(int role)
{
	return role > ROLE_NONE && role < ROLE_COUNT ? role_keys[role] : NULL;
}

int role_parse(const char *key)
{
	for (int r = 1; key && r < ROLE_COUNT; r++)
		if (!strcmp(role_keys[r], key))
			return r;
	return ROLE_NONE;
}

static const char *const kind_keys[] = { NULL, "create", "change", "password" };
static const char *const state_keys[] = { NULL, "pending", "approved", "rejected" };

const char *user_request_kind_key(int kind)
{
	return kind >= UREQ_CREATE && kind <= UREQ_PASSWORD ? kind_keys[kind] : NULL;
}

const char *user_request_state_key(int state)
{
	return state >= UREQ_PENDING && state <= UREQ_REJECTED ? state_keys[state] : NULL;
}

int user_request_kind_parse(const char *key)
{
	for (int k = UREQ_CREATE; key && k <= UREQ_PASSWORD; k++)
		if (!strcmp(kind_keys[k], key))
			return k;
	return 0;
}

int user_request_state_parse(const char *key)
{
	for (int k = UREQ_PENDING; key && k <= UREQ_REJECTED; k++)
		if (!strcmp(state_keys[k], key))
			return k;
	return 0;
}
