/*
 * user.h - a user of orgwork and the role vocabulary (the separation of
 * the administrator, security-administrator and auditor roles).
 *
 * Plain records and the role keys (model/user.c). Password hashing, TOTP
 * and who may create whom are in ops/users.c; authorization in ops/auth.c.
 */
#ifndef OW_MODEL_USER_H
#define OW_MODEL_USER_H

enum role {
	ROLE_NONE = 0,
	ROLE_ORG_OFFICER,       /* 组织部门干部: orgs and members of a subtree */
	ROLE_BRANCH_SECRETARY,  /* 支部书记: members of one branch subtree */
	ROLE_MEMBER,            /* 党员: own record */
	ROLE_AUDITOR,           /* 审计员: audit and access logs, read-only */
	ROLE_SYSADMIN,          /* 系统管理员: users (not auditors/secadmins) */
	ROLE_SECADMIN,          /* 安全管理员: users' roles, scopes, keys */
	ROLE_COUNT
};

/* "org_officer" ... ; NULL for ROLE_NONE / out of range. */
const char *role_key(int role);
/* ROLE_NONE when unknown. */
int role_parse(const char *key);

#define LOGIN_SIZE 64

struct user {
	long long id;
	char login[LOGIN_SIZE];
	int role;
	long long scope_org_id;   /* 0 = no scope (the whole installation) */
	long long person_id;      /* ROLE_MEMBER: the own person record */
	int disabled;
	int has_totp;
	int totp_exempt;          /* made without a second factor (demo mode) */
	char created_at[24];
	char pw_changed_at[24];
};

/*
 * A pending change of an account (ops/users.h): kind, the state the account
 * is to have, and the decision. Kinds and states are stored by key.
 */
enum user_request_kind { UREQ_CREATE = 1, UREQ_CHANGE, UREQ_PASSWORD };
enum user_request_state { UREQ_PENDING = 1, UREQ_APPROVED, UREQ_REJECTED };

#define UREQ_REASON_MAX 500

struct user_request {
	long long id;
	int kind;
	long long user_id;
	char login[LOGIN_SIZE];          /* of user_id */
	long long requested_by;
	char requested_by_login[LOGIN_SIZE];
	char requested_at[24];
	int role;
	long long scope_org_id, person_id;
	int disabled;
	int has_password;                /* a new password waits with it */
	int state;
	long long decided_by;            /* 0: undecided, or decided from the CLI */
	char decided_at[24];
	char reason[UREQ_REASON_MAX + 1];
};

/* "create", "change", "password"; NULL when out of range. */
const char *user_request_kind_key(int kind);
/* "pending", "approved", "rejected"; NULL when out of range. */
const char *user_request_state_key(int state);
/* 0 when unknown. */
int user_request_kind_parse(const char *key);
int user_request_state_parse(const char *key);

#endif
