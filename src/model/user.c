/*
 * user.c - the role vocabulary: the key each role is stored and sent by.
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
