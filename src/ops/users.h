/*
 * users.h - user accounts and sessions: creation with the rules of roles
 * and scopes, passwords (Argon2id), TOTP for administrators, login with
 * throttling, session checks with idle and absolute timeouts, logout.
 *
 * Rules of an account: login 3-32 characters of [a-z0-9._-]; password
 * 10-256 bytes; org_officer and branch_secretary need a scope
 * organization; member needs a person (and gets that person's scope);
 * sysadmin and secadmin have no scope; auditor may have a scope. Accounts
 * that auth_needs_second_factor() names (administrators, roles that may
 * export personal data, officers above a branch) get a TOTP secret and
 * cannot log in without one (unless made with no_totp under
 * ORGWORK_INSECURE_DEMO=1: totp_exempt).
 * Separation of duties: changes that auth_needs_approval() names are not
 * made but requested (user_request_create/_change) and take effect when
 * user_request_decide() approves them; the second factor of an approved
 * account is made then and shown to the approver only.
 * Throttling: after 5 failed logins for one login name, or 20 from one
 * client address, further attempts are refused (ST_BUSY) for 15 * 2^(n-5) seconds
 * (capped at 15 minutes), held in this process's memory. Sessions: idle
 * timeout 30 minutes, absolute 12 hours (ORGWORK_SESSION_IDLE and
 * ORGWORK_SESSION_MAX override them, in seconds, for tests). Checked
 * sessions are cached for 2 seconds; changes through this process empty
 * the cache, changes by another process apply within those 2 seconds.
 * Not for: what a user may do (ops/auth.h).
 */
#ifndef OW_USERS_H
#define OW_USERS_H

#include <stddef.h>

#include "core/crypto.h"
#include "core/error.h"
#include "store/user-store.h"

struct db;

#define PASSWORD_MIN 10
#define PASSWORD_MAX 256
#define TOTP_URI_SIZE 256

/*
 * Creates u (login, role, scope_org_id, person_id; disabled ignored) with
 * password. Administrators get a TOTP secret: its otpauth:// URI is written
 * to totp_uri (TOTP_URI_SIZE, "" when none) to be shown once. Runs in its
 * own transaction; the users trigger writes the audit row.
 */
int user_create(struct db *db, struct user *u, const char *password, int no_totp,
		char *totp_uri, struct error *err);
/* Validates and sets a new password; closes every session of the user. */
int user_set_password(struct db *db, long long id, const char *password,
		      struct error *err);
/*
 * Rewrites role, scope, person and disabled of u->id after the same rules
 * as creation; closes the user's sessions when the account is disabled or
 * its role or scope changes.
 */
int user_change(struct db *db, const struct user *u, struct error *err);
/*
 * user_change and, when password is not NULL, user_set_password as one:
 * everything (role, scope, person, password) is checked before anything is
 * written, then both are written in one transaction, or nothing is.
 */
int user_update(struct db *db, const struct user *u, const char *password,
		struct error *err);

/*
 * The login throttle (docs/security.md, "Login throttle"). Failures are
 * counted per (login name, client address) and per client address; from
 * the free count on, each further failure locks that row for base_delay,
 * doubled per failure up to max_delay. A row quiet for window seconds is
 * forgotten. The settings are process-wide: set them once at start.
 */
struct login_throttle_settings {
	int account_fails;      /* failures of one name from one address: 5 */
	int address_fails;      /* failures from one address, all names: 50 */
	long long base_delay;   /* seconds of the first lock: 15 */
	long long max_delay;    /* longest lock: 900 */
	long long window;       /* seconds after which a quiet row is forgotten: 3600 */
};
/* Fills s with the defaults above. */
void user_throttle_defaults(struct login_throttle_settings *s);
/* Sets the throttle; values out of range are raised to the nearest valid. */
void user_throttle_configure(const struct login_throttle_settings *s);

/*
 * Gives the user id a new TOTP secret (replacing any; clears the demo
 * exemption; closes its sessions); the otpauth:// URI goes to totp_uri
 * (TOTP_URI_SIZE) to be shown once. The installation owner's recovery.
 */
int user_issue_totp(struct db *db, long long id, char *totp_uri, struct error *err);

/*
 * A new account that waits for approval: checked as user_create, stored
 * disabled and without TOTP, with a "create" request by requested_by (a
 * user id) in the same transaction; *req_id the request. u->id is set.
 */
int user_request_create(struct db *db, struct user *u, const char *password,
			long long requested_by, long long *req_id, struct error *err);
/*
 * A change of u->id to the state of u (role, scope, person, disabled) and,
 * when password is not NULL, a new password (kept only as its hash until
 * decided), as a pending request ("password" when nothing else changes,
 * else "change"). ST_CONFLICT naming "id" while another is pending.
 */
int user_request_change(struct db *db, const struct user *u, const char *password,
			long long requested_by, long long *req_id, struct error *err);
/*
 * Approves (approve 1) or rejects request id on behalf of decided_by (a
 * user id; 0 = the CLI). Approval re-checks the asked state against the
 * rules of accounts, applies it with the waiting password, closes the
 * account's sessions and, when the account needs a second factor it does
 * not have, makes one: its URI goes to totp_uri (TOTP_URI_SIZE, "" when
 * none). A rejection needs a reason (at most UREQ_REASON_MAX bytes, no
 * control characters; naming "reason"). One transaction; the triggers of
 * users and user_requests write the audit rows. ST_CONFLICT when the
 * request is no longer pending. Who may decide: auth_may_decide().
 */
int user_request_decide(struct db *db, long long id, long long decided_by,
			int approve, const char *reason, char *totp_uri,
			struct error *err);
/* The reason rule of user_request_decide (required: for a rejection). */
int user_request_check_reason(const char *reason, int required, struct error *err);

struct login {
	struct user user;
	char token[CRYPTO_TOKEN_HEX];   /* the cookie value */
	char csrf[CRYPTO_TOKEN_HEX];
};

/*
 * Checks login, password and (for users with TOTP) the code; creates a
 * session. ST_AUTH for any wrong credential (the same message whatever was
 * wrong), ST_BUSY while throttled (the same for known and unknown names).
 * ip names the client for throttling. Each attempt writes its count to the
 * login_throttle table in a transaction of its own before the password is
 * checked. An account that needs a second factor but has none (and is not
 * exempt) is refused with ST_AUTH naming "totp", after its password was right;
 * so is an account with a TOTP secret when no code is given (the right
 * password with a wrong code is the generic refusal).
 */
int user_login(struct db *db, const char *login, const char *password,
	       const char *totp, const char *ip, struct login *out,
	       struct error *err);

struct session_check {
	struct user user;
	struct session session;
	unsigned char hash[CRYPTO_HASH_BYTES];
	int needs_touch;       /* last-seen time is older than a minute */
};

/*
 * Finds the session of token; ST_AUTH when missing, expired (idle or
 * absolute; the row is then deleted) or its user is disabled.
 */
int user_session(struct db *db, const char *token, struct session_check *out,
		 struct error *err);
/* Records that the session was used now (a write). */
int user_session_touch(struct db *db, const struct session_check *sc,
		       struct error *err);
/* Logout: deletes the session; audit row "session.logout". */
int user_logout(struct db *db, const struct session_check *sc, struct error *err);
/* Deletes the user's other sessions; *n = how many. */
int user_logout_others(struct db *db, const struct session_check *sc, long long *n,
		       struct error *err);

/* Current time in seconds (time(NULL)). */
long long users_now(void);

#endif
