/*
 * users.c - accounts, passwords, TOTP, login throttling and sessions.
 *
 * Failed logins are throttled per (login name, address) and per address
 * in the database (store/throttle-store.h), see "throttling" below.
 * Not for: SQL (store/user-store.c), permissions (ops/auth.c).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ops/audit.h"
#include "ops/auth.h"
#include "ops/users.h"
#include "store/db.h"
#include "store/org-store.h"
#include "store/person-store.h"
#include "store/throttle-store.h"

long long users_now(void)
{
	return (long long)time(NULL);
}

static long long env_seconds(const char *name, long long dflt)
{
	const char *v = getenv(name);
	char *end;
	long long n;

	if (!v || !*v)
		return dflt;
	n = strtoll(v, &end, 10);
	return *end || n <= 0 ? dflt : n;
}

static void cache_flush(void);

/* ---- throttling ------------------------------------------------------- */

/*
 * Failed logins are counted in the login_throttle table (store/
 * throttle-store.h), one row per (login name, address) and one per address
 * (login ''). An attempt is counted before the password is checked, in a
 * transaction of its own, so that parallel guesses cannot pass the check
 * together; a successful login takes its own count back. A row refuses
 * attempts until its until_at; a lock starts at the free count of failures
 * and doubles with each further one up to max_delay. Rows quiet for a
 * window are forgotten, a few at each counted attempt, so the table grows
 * only with the attempts of the last window and nothing can be evicted.
 */
static struct login_throttle_settings tset = {
	.account_fails = 5, .address_fails = 50,
	.base_delay = 15, .max_delay = 900, .window = 3600,
};

#define THROTTLE_EXPIRE_BATCH 4   /* old rows deleted per counted attempt */
#define THROTTLE_LOGIN_MAX 64     /* longer names count as their first 64 bytes */

void user_throttle_defaults(struct login_throttle_settings *s)
{
	*s = (struct login_throttle_settings){
		.account_fails = 5, .address_fails = 50,
		.base_delay = 15, .max_delay = 900, .window = 3600,
	};
}

void user_throttle_configure(const struct login_throttle_settings *s)
{
	tset = *s;
	if (tset.account_fails < 1)
		tset.account_fails = 1;
	if (tset.address_fails < 1)
		tset.address_fails = 1;
	if (tset.base_delay < 1)
		tset.base_delay = 1;
	if (tset.max_delay < tset.base_delay)
		tset.max_delay = tset.base_delay;
	if (tset.window < tset.max_delay)
		tset.window = tset.max_delay;
}

/* Counts one attempt in row r (forgotten first when quiet for a window). */
static void throttle_count(struct throttle_row *r, int free_fails, long long now)
{
	if (r->last_at < now - tset.window && r->until_at <= now)
		r->fails = 0;
	r->fails++;
	r->last_at = now;
	if (r->fails >= free_fails) {
		long long shift = r->fails - free_fails;
		long long delay = tset.base_delay;

		while (shift-- > 0 && delay < tset.max_delay)
			delay *= 2;
		if (delay > tset.max_delay)
			delay = tset.max_delay;
		r->until_at = now + delay;
	}
}

struct throttle_attempt {
	char login[THROTTLE_LOGIN_MAX + 1];
	const char *ip;
	struct throttle_row before_ip;   /* the address row before this attempt */
	struct throttle_row counted_ip;  /* ... and as this attempt left it */
};

/*
 * Refuses (ST_BUSY) while (login, ip) or ip is locked; else counts the
 * attempt in both rows, in one transaction with the expiry of old rows and
 * the audit row of a lock that starts now.
 */
static int throttle_begin(struct db *db, struct throttle_attempt *t, long long now,
			  struct error *err)
{
	struct throttle_row acc, adr;
	int rc, locks;

	if ((rc = db_begin(db, err)))
		return rc;
	if ((rc = throttle_store_get(db, t->login, t->ip, &acc, err)) ||
	    (rc = throttle_store_get(db, "", t->ip, &adr, err)))
		goto out;
	if (acc.until_at > now || adr.until_at > now) {
		rc = error_setc(err, ST_BUSY, NULL, "login_throttled", "too many failed logins; try again later");
		goto out;
	}
	t->before_ip = adr;
	throttle_count(&acc, tset.account_fails, now);
	throttle_count(&adr, tset.address_fails, now);
	t->counted_ip = adr;
	locks = (acc.fails == tset.account_fails) + 2 * (adr.fails == tset.address_fails);
	if ((rc = throttle_store_put(db, t->login, t->ip, &acc, err)) ||
	    (rc = throttle_store_put(db, "", t->ip, &adr, err)) ||
	    (rc = throttle_store_expire(db, now - tset.window, now, THROTTLE_EXPIRE_BATCH,
					NULL, err)))
		goto out;
	if (locks) {
		char detail[128];

		snprintf(detail, sizeof(detail), "{\"account\":%s,\"address\":%s}",
			 locks & 1 ? "true" : "false", locks & 2 ? "true" : "false");
		if ((rc = audit_event(db, "session.throttle", "session", NULL, detail, err)))
			goto out;
	}
	rc = db_commit(db, err);
out:
	if (rc)
		db_rollback(db);
	return rc;
}

/*
 * After a successful login (inside its transaction): forgets the failures
 * of (login, ip) and takes this attempt back from the address row (unless
 * another attempt has changed it since).
 */
static int throttle_success(struct db *db, const struct throttle_attempt *t,
			    struct error *err)
{
	struct throttle_row adr;
	int rc;

	if ((rc = throttle_store_delete(db, t->login, t->ip, err)) ||
	    (rc = throttle_store_get(db, "", t->ip, &adr, err)))
		return rc;
	if (adr.fails != t->counted_ip.fails || adr.until_at != t->counted_ip.until_at)
		return ST_OK;
	adr.fails = t->counted_ip.fails > 0 ? t->counted_ip.fails - 1 : 0;
	adr.until_at = t->before_ip.until_at;
	if (!adr.fails)
		return throttle_store_delete(db, "", t->ip, err);
	return throttle_store_put(db, "", t->ip, &adr, err);
}

/* ---- accounts --------------------------------------------------------- */

static int check_login(const char *login, struct error *err)
{
	size_t n = login ? strlen(login) : 0;

	if (n < 3 || n > 32) {
		error_setc(err, ST_INVALID, "login", "login_length", "login must be 3-32 characters");
		error_param(err, "min", "3");
		error_param(err, "max", "32");
		return ST_INVALID;
	}
	for (const char *c = login; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
		      *c == '.' || *c == '_' || *c == '-'))
			return error_setc(err, ST_INVALID, "login", "login_characters",
					 "login may hold only a-z 0-9 . _ -");
	return ST_OK;
}

static int check_password(const char *pw, struct error *err)
{
	size_t n = pw ? strlen(pw) : 0;

	if (n < PASSWORD_MIN || n > PASSWORD_MAX) {
		error_setc(err, ST_INVALID, "password", "password_length",
				 "password must be %d-%d characters", PASSWORD_MIN,
				 PASSWORD_MAX);
		error_param(err, "min", "%d", PASSWORD_MIN);
		error_param(err, "max", "%d", PASSWORD_MAX);
		return ST_INVALID;
	}
	return ST_OK;
}

/* Role rules on scope and person; fills the member's scope from the person. */
static int check_role(struct db *db, struct user *u, struct error *err)
{
	struct error e = ERROR_INIT;
	struct org o;
	struct person p;
	int rc;

	if (!role_key(u->role))
		return error_setc(err, ST_INVALID, "role", "invalid_choice", "unknown role");
	switch (u->role) {
	case ROLE_ORG_OFFICER:
	case ROLE_BRANCH_SECRETARY:
		if (!u->scope_org_id)
			return error_setc(err, ST_INVALID, "scope_org_id", "scope_required",
					 "role %s needs a scope organization", role_key(u->role));
		break;
	case ROLE_MEMBER:
		if (!u->person_id)
			return error_setc(err, ST_INVALID, "person_id", "person_required",
					 "role member needs a person record");
		if ((rc = person_store_get(db, u->person_id, &p, &e)) == ST_NOT_FOUND) {
			error_setc(err, ST_INVALID, "person_id", "unknown_person", "no person %lld",
					 u->person_id);
			error_param(err, "id", "%lld", u->person_id);
			return ST_INVALID;
		}
		if (rc)
			return error_pass(err, rc, &e);
		u->scope_org_id = p.org_id;
		break;
	case ROLE_SYSADMIN:
	case ROLE_SECADMIN:
		if (u->scope_org_id)
			return error_setc(err, ST_INVALID, "scope_org_id", "scope_not_for_admin",
					 "administrators have no scope organization");
		break;
	default:
		break;
	}
	if (u->role != ROLE_MEMBER)
		u->person_id = 0;
	if (!u->scope_org_id)
		return ST_OK;
	if ((rc = org_store_get(db, u->scope_org_id, &o, &e)) == ST_NOT_FOUND) {
		error_setc(err, ST_INVALID, "scope_org_id", "unknown_org", "no organization %lld",
				 u->scope_org_id);
		error_param(err, "id", "%lld", u->scope_org_id);
		return ST_INVALID;
	}
	return error_pass(err, rc, &e);
}

static int demo_mode(void)
{
	const char *demo = getenv("ORGWORK_INSECURE_DEMO");

	return demo && !strcmp(demo, "1");
}

/* A new TOTP secret for login, sealed into sealed (*len) and its URI. */
static int new_totp(const char *login, unsigned char *sealed, size_t *len,
		    char *totp_uri, struct error *err)
{
	unsigned char secret[TOTP_SECRET_BYTES];
	char b32[TOTP_B32_SIZE];

	totp_new_secret(secret, b32);
	if (pii_seal("totp", secret, sizeof(secret), sealed, len))
		return error_set(err, ST_INTERNAL, "key", "no data key loaded");
	snprintf(totp_uri, TOTP_URI_SIZE,
		 "otpauth://totp/orgwork:%s?secret=%s&issuer=orgwork&algorithm=SHA1&digits=6&period=30",
		 login, b32);
	memset(secret, 0, sizeof(secret));
	return ST_OK;
}

int user_create(struct db *db, struct user *u, const char *password, int no_totp,
		char *totp_uri, struct error *err)
{
	char hash[CRYPTO_PWHASH_SIZE];
	unsigned char sealed[TOTP_SECRET_BYTES + CRYPTO_SEAL_OVERHEAD];
	size_t sealed_len = 0;
	int rc, need;

	totp_uri[0] = '\0';
	u->disabled = 0;
	u->totp_exempt = 0;
	if ((rc = check_login(u->login, err)) || (rc = check_password(password, err)) ||
	    (rc = check_role(db, u, err)) ||
	    (rc = auth_needs_second_factor(db, u, &need, err)))
		return rc;
	if (no_totp && need && !demo_mode()) {
		error_setc(err, ST_INVALID, "totp", "role_needs_totp",
			   "role %s needs TOTP (--no-totp only with ORGWORK_INSECURE_DEMO=1)",
			   role_key(u->role));
		error_param(err, "role", "%s", role_key(u->role));
		return ST_INVALID;
	}
	if (crypto_password_hash(password, hash))
		return error_set(err, ST_INTERNAL, "password", "cannot hash the password");
	if (need && no_totp)
		u->totp_exempt = 1;
	else if (need && (rc = new_totp(u->login, sealed, &sealed_len, totp_uri, err)))
		return rc;
	if ((rc = db_begin(db, err)))
		return rc;
	rc = user_store_insert(db, u, hash, sealed_len ? sealed : NULL, sealed_len, err);
	if (!rc)
		rc = db_commit(db, err);
	if (rc) {
		db_rollback(db);
		totp_uri[0] = '\0';
	}
	return rc;
}

int user_set_password(struct db *db, long long id, const char *password,
		      struct error *err)
{
	char hash[CRYPTO_PWHASH_SIZE];
	int rc;

	if ((rc = check_password(password, err)))
		return rc;
	if (crypto_password_hash(password, hash))
		return error_set(err, ST_INTERNAL, "password", "cannot hash the password");
	if ((rc = db_begin(db, err)))
		return rc;
	if (!(rc = user_store_set_password(db, id, hash, err)) &&
	    !(rc = session_store_delete_user(db, id, NULL, NULL, err)))
		rc = db_commit(db, err);
	cache_flush();
	if (rc)
		db_rollback(db);
	return rc;
}

int user_change(struct db *db, const struct user *nu, struct error *err)
{
	return user_update(db, nu, NULL, err);
}

int user_update(struct db *db, const struct user *nu, const char *password,
		struct error *err)
{
	struct user old, u = *nu;
	char hash[CRYPTO_PWHASH_SIZE];
	int rc, need;

	if ((rc = user_store_get(db, u.id, &old, err)) || (rc = check_role(db, &u, err)) ||
	    (rc = auth_needs_second_factor(db, &u, &need, err)))
		return rc;
	if (need && !old.has_totp && !old.totp_exempt && !demo_mode() &&
	    (u.role != old.role || u.scope_org_id != old.scope_org_id)) {
		error_setc(err, ST_INVALID, "role", "role_needs_totp",
			   "role %s with this scope needs TOTP: issue one first"
			   " ('orgwork user totp')", role_key(u.role));
		error_param(err, "role", "%s", role_key(u.role));
		return ST_INVALID;
	}
	if (password) {
		if ((rc = check_password(password, err)))
			return rc;
		if (crypto_password_hash(password, hash))
			return error_set(err, ST_INTERNAL, "password", "cannot hash the password");
	}
	if ((rc = db_begin(db, err)))
		return rc;
	rc = user_store_update(db, &u, err);
	if (!rc && password)
		rc = user_store_set_password(db, u.id, hash, err);
	if (!rc && (password || u.disabled || u.role != old.role ||
		    u.scope_org_id != old.scope_org_id))
		rc = session_store_delete_user(db, u.id, NULL, NULL, err);
	if (!rc)
		rc = db_commit(db, err);
	if (rc)
		db_rollback(db);
	cache_flush();
	return rc;
}

int user_issue_totp(struct db *db, long long id, char *totp_uri, struct error *err)
{
	unsigned char sealed[TOTP_SECRET_BYTES + CRYPTO_SEAL_OVERHEAD];
	size_t sealed_len = 0;
	struct user u;
	int rc;

	totp_uri[0] = '\0';
	if ((rc = user_store_get(db, id, &u, err)) ||
	    (rc = new_totp(u.login, sealed, &sealed_len, totp_uri, err)))
		return rc;
	if ((rc = db_begin(db, err)))
		goto out;
	if (!(rc = user_store_set_totp(db, id, sealed, sealed_len, err)) &&
	    !(rc = session_store_delete_user(db, id, NULL, NULL, err)))
		rc = db_commit(db, err);
	if (rc)
		db_rollback(db);
	cache_flush();
out:
	if (rc)
		totp_uri[0] = '\0';
	return rc;
}

/* ---- account requests (separation of duties) -------------------------- */

int user_request_create(struct db *db, struct user *u, const char *password,
			long long requested_by, long long *req_id, struct error *err)
{
	char hash[CRYPTO_PWHASH_SIZE];
	struct user_request r;
	int rc;

	*req_id = 0;
	u->disabled = 0;
	u->totp_exempt = 0;
	if ((rc = check_login(u->login, err)) || (rc = check_password(password, err)) ||
	    (rc = check_role(db, u, err)))
		return rc;
	if (crypto_password_hash(password, hash))
		return error_set(err, ST_INTERNAL, "password", "cannot hash the password");
	memset(&r, 0, sizeof(r));
	r.kind = UREQ_CREATE;
	r.requested_by = requested_by;
	r.role = u->role;
	r.scope_org_id = u->scope_org_id;
	r.person_id = u->person_id;
	/* The account exists from now on, disabled until approved. */
	u->disabled = 1;
	if ((rc = db_begin(db, err)))
		return rc;
	if (!(rc = user_store_insert(db, u, hash, NULL, 0, err))) {
		r.user_id = u->id;
		if (!(rc = user_request_store_insert(db, &r, NULL, err)))
			rc = db_commit(db, err);
	}
	if (rc)
		db_rollback(db);
	else
		*req_id = r.id;
	return rc;
}

int user_request_change(struct db *db, const struct user *nu, const char *password,
			long long requested_by, long long *req_id, struct error *err)
{
	char hash[CRYPTO_PWHASH_SIZE] = "";
	struct user_request r;
	struct user old, u = *nu;
	int rc;

	*req_id = 0;
	if ((rc = user_store_get(db, u.id, &old, err)) || (rc = check_role(db, &u, err)) ||
	    (password && (rc = check_password(password, err))))
		return rc;
	if (password && crypto_password_hash(password, hash))
		return error_set(err, ST_INTERNAL, "password", "cannot hash the password");
	memset(&r, 0, sizeof(r));
	r.kind = u.role == old.role && u.scope_org_id == old.scope_org_id &&
		 u.person_id == old.person_id && u.disabled == old.disabled && password
		 ? UREQ_PASSWORD : UREQ_CHANGE;
	r.user_id = u.id;
	r.requested_by = requested_by;
	r.role = u.role;
	r.scope_org_id = u.scope_org_id;
	r.person_id = u.person_id;
	r.disabled = u.disabled;
	if ((rc = db_begin(db, err)))
		return rc;
	if (!(rc = user_request_store_insert(db, &r, password ? hash : NULL, err)))
		rc = db_commit(db, err);
	if (rc)
		db_rollback(db);
	else
		*req_id = r.id;
	return rc;
}

int user_request_check_reason(const char *reason, int required, struct error *err)
{
	size_t n = reason ? strlen(reason) : 0;

	if (required && !n)
		return error_setc(err, ST_INVALID, "reason", "required", "a rejection needs a reason");
	if (n > UREQ_REASON_MAX) {
		error_setc(err, ST_INVALID, "reason", "too_long_bytes",
			   "reason must be at most %d bytes", UREQ_REASON_MAX);
		error_param(err, "max", "%d", UREQ_REASON_MAX);
		return ST_INVALID;
	}
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)reason[i] < 0x20)
			return error_setc(err, ST_INVALID, "reason", "invalid_text",
					  "reason may not hold control characters");
	return ST_OK;
}

int user_request_decide(struct db *db, long long id, long long decided_by,
			int approve, const char *reason, char *totp_uri,
			struct error *err)
{
	char hash[CRYPTO_PWHASH_SIZE];
	unsigned char sealed[TOTP_SECRET_BYTES + CRYPTO_SEAL_OVERHEAD];
	size_t sealed_len = 0;
	struct user_request r;
	struct user old, u;
	int rc, need = 0;

	totp_uri[0] = '\0';
	if ((rc = user_request_check_reason(reason, !approve, err)) ||
	    (rc = user_request_store_get(db, id, &r, hash, err)))
		return rc;
	if (r.state != UREQ_PENDING) {
		error_setc(err, ST_CONFLICT, "id", "request_not_pending",
			   "request %lld is already %s", id, user_request_state_key(r.state));
		error_param(err, "state", "%s", user_request_state_key(r.state));
		return ST_CONFLICT;
	}
	if (approve) {
		if ((rc = user_store_get(db, r.user_id, &old, err)))
			return rc;
		u = old;
		u.role = r.role;
		u.scope_org_id = r.scope_org_id;
		u.person_id = r.person_id;
		u.disabled = r.disabled;
		if ((rc = check_role(db, &u, err)) ||
		    (rc = auth_needs_second_factor(db, &u, &need, err)))
			return rc;
		/* The second factor goes to the approver, never to the account's
		 * maker: the one knows the password, the other the code. */
		if (need && !old.has_totp && !old.totp_exempt &&
		    (rc = new_totp(u.login, sealed, &sealed_len, totp_uri, err)))
			return rc;
	}
	if ((rc = db_begin(db, err)))
		goto out;
	if (approve) {
		if (!(rc = user_store_update(db, &u, err)) &&
		    !(hash[0] && (rc = user_store_set_password(db, u.id, hash, err))) &&
		    !(sealed_len && (rc = user_store_set_totp(db, u.id, sealed, sealed_len, err))))
			rc = session_store_delete_user(db, u.id, NULL, NULL, err);
	}
	if (!rc)
		rc = user_request_store_decide(db, id, approve ? UREQ_APPROVED : UREQ_REJECTED,
					       decided_by, reason, err);
	if (!rc)
		rc = db_commit(db, err);
	if (rc)
		db_rollback(db);
	cache_flush();
out:
	memset(hash, 0, sizeof(hash));
	if (rc)
		totp_uri[0] = '\0';
	return rc;
}

/* ---- session cache ----------------------------------------------------- */

/*
 * Checked sessions are kept for SESSION_CACHE_SECONDS so that a busy
 * client does not cost two queries per request. Every change of sessions
 * or users made through this process (logout, password, role, disabling)
 * empties the cache at once; changes made by another process (the CLI)
 * take effect within SESSION_CACHE_SECONDS.
 */
#define SESSION_CACHE_SLOTS 4096
#define SESSION_CACHE_SECONDS 2

struct cached_session {
	struct session_check sc;
	long long cached_at;
	unsigned long gen;
};

static struct cached_session cache[SESSION_CACHE_SLOTS];
static unsigned long cache_gen = 1;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t cache_slot(const unsigned char *hash)
{
	size_t h = 0;

	memcpy(&h, hash, sizeof(h));
	return h % SESSION_CACHE_SLOTS;
}

static void cache_flush(void)
{
	pthread_mutex_lock(&cache_lock);
	cache_gen++;
	pthread_mutex_unlock(&cache_lock);
}

static int cache_get(struct session_check *out, long long now)
{
	struct cached_session *c = &cache[cache_slot(out->hash)];
	int hit = 0;

	pthread_mutex_lock(&cache_lock);
	if (c->gen == cache_gen && now - c->cached_at < SESSION_CACHE_SECONDS &&
	    !memcmp(c->sc.hash, out->hash, CRYPTO_HASH_BYTES)) {
		*out = c->sc;
		hit = 1;
	}
	pthread_mutex_unlock(&cache_lock);
	return hit;
}

static void cache_put(const struct session_check *sc, long long now)
{
	struct cached_session *c = &cache[cache_slot(sc->hash)];

	pthread_mutex_lock(&cache_lock);
	c->sc = *sc;
	c->cached_at = now;
	c->gen = cache_gen;
	pthread_mutex_unlock(&cache_lock);
}

/* ---- login and sessions ---------------------------------------------- */

/* A real hash to verify against for unknown logins (same cost as a real check). */
static char dummy_hash[CRYPTO_PWHASH_SIZE];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
	if (crypto_password_hash("orgwork unknown login", dummy_hash))
		dummy_hash[0] = '\0';
}

int user_login(struct db *db, const char *login, const char *password,
	       const char *totp, const char *ip, struct login *out,
	       struct error *err)
{
	char hash[CRYPTO_PWHASH_SIZE];
	unsigned char sealed[128], secret[64], th[CRYPTO_HASH_BYTES];
	size_t sealed_len = 0;
	long long now = users_now();
	struct error e = ERROR_INIT;
	struct throttle_attempt t;
	struct session s;
	int rc, ok;

	memset(out, 0, sizeof(*out));
	memset(&t, 0, sizeof(t));
	/* "-" stands for an empty name: '' is the row of the address */
	snprintf(t.login, sizeof(t.login), "%s", login && *login ? login : "-");
	t.ip = ip ? ip : "";
	if ((rc = throttle_begin(db, &t, now, err)))
		return rc;
	rc = user_store_get_by_login(db, login ? login : "", &out->user, &e);
	if (rc && rc != ST_NOT_FOUND)
		return error_pass(err, rc, &e);
	if (!rc && (rc = user_store_secrets(db, out->user.id, hash, sealed,
					    &sealed_len, err)))
		return rc;
	if (rc == ST_NOT_FOUND || !*hash) {
		/* same work as a real check, then refuse */
		pthread_once(&dummy_once, make_dummy);
		crypto_password_verify(dummy_hash, password ? password : "");
		ok = 0;
	} else {
		ok = crypto_password_verify(hash, password ? password : "") &&
		     !out->user.disabled && role_key(out->user.role);
	}
	if (ok && !sealed_len && !out->user.totp_exempt) {
		int need;
		if ((rc = auth_needs_second_factor(db, &out->user, &need, err))) {
			memset(out, 0, sizeof(*out));
			return rc;
		}
		if (need) {
			memset(out, 0, sizeof(*out));
			return error_setc(err, ST_AUTH, "totp", "totp_missing",
					 "this account needs a second factor (TOTP) that it"
					 " does not have yet; ask the administrators");
		}
	}
	if (ok && sealed_len && (!totp || !*totp)) {
		/* the password was right: only its holder learns that a code
		 * is missing, and the login page shows the code box */
		memset(out, 0, sizeof(*out));
		return error_setc(err, ST_AUTH, "totp", "totp_required",
				  "this account needs a one-time code (TOTP): enter the"
				  " code from the authenticator app");
	}
	if (ok && sealed_len) {
		char plain[64];
		if (pii_open("totp", sealed, sealed_len, plain, sizeof(plain)))
			ok = 0;
		else {
			memcpy(secret, plain, TOTP_SECRET_BYTES);
			ok = totp_verify(secret, TOTP_SECRET_BYTES, totp, (uint64_t)now);
		}
	}
	if (!ok) {
		memset(out, 0, sizeof(*out));
		return error_setc(err, ST_AUTH, NULL, "wrong_credentials", "wrong login, password or code");
	}
	crypto_token(out->token);
	crypto_token(out->csrf);
	crypto_token_hash(out->token, strlen(out->token), th);
	memset(&s, 0, sizeof(s));
	s.user_id = out->user.id;
	snprintf(s.csrf, sizeof(s.csrf), "%s", out->csrf);
	s.created = s.seen = now;
	if ((rc = db_begin(db, err)))
		return rc;
	if (!(rc = throttle_success(db, &t, err)) &&
	    !(rc = session_store_purge(db, now - env_seconds("ORGWORK_SESSION_IDLE", 1800),
				       now - env_seconds("ORGWORK_SESSION_MAX", 43200), err)) &&
	    !(rc = session_store_insert(db, th, &s, ip, err)) &&
	    !(rc = audit_event(db, "session.login", "session", NULL, NULL, err)))
		rc = db_commit(db, err);
	if (rc) {
		db_rollback(db);
		memset(out, 0, sizeof(*out));
	}
	return rc;
}

int user_session(struct db *db, const char *token, struct session_check *out,
		 struct error *err)
{
	long long now = users_now();
	struct error e = ERROR_INIT;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!token || strlen(token) != CRYPTO_TOKEN_HEX - 1)
		return error_set(err, ST_AUTH, NULL, "not logged in");
	crypto_token_hash(token, strlen(token), out->hash);
	if (cache_get(out, now))
		goto check;
	rc = session_store_get(db, out->hash, &out->session, &e);
	if (rc == ST_NOT_FOUND)
		return error_set(err, ST_AUTH, NULL, "not logged in");
	if (rc)
		return error_pass(err, rc, &e);
	error_clear(&e);
	rc = user_store_get(db, out->session.user_id, &out->user, &e);
	if (rc == ST_NOT_FOUND)
		return error_set(err, ST_AUTH, NULL, "not logged in");
	if (rc)
		return error_pass(err, rc, &e);
	cache_put(out, now);
check:
	if (now - out->session.seen > env_seconds("ORGWORK_SESSION_IDLE", 1800) ||
	    now - out->session.created > env_seconds("ORGWORK_SESSION_MAX", 43200))
		return error_setc(err, ST_AUTH, NULL, "session_expired", "the session has expired");
	if (out->user.disabled || !role_key(out->user.role))
		return error_setc(err, ST_AUTH, NULL, "account_disabled", "the account is disabled");
	out->needs_touch = now - out->session.seen >= 60;
	return ST_OK;
}

int user_session_touch(struct db *db, const struct session_check *sc,
		       struct error *err)
{
	struct session_check t = *sc;
	long long now = users_now();
	int rc = session_store_touch(db, sc->hash, now, err);

	if (!rc) {
		t.session.seen = now;
		t.needs_touch = 0;
		cache_put(&t, now);
	}
	return rc;
}

int user_logout(struct db *db, const struct session_check *sc, struct error *err)
{
	int rc;

	if ((rc = db_begin(db, err)))
		return rc;
	if (!(rc = session_store_delete(db, sc->hash, err)) &&
	    !(rc = audit_event(db, "session.logout", "session", NULL, NULL, err)))
		rc = db_commit(db, err);
	cache_flush();
	if (rc)
		db_rollback(db);
	return rc;
}

int user_logout_others(struct db *db, const struct session_check *sc, long long *n,
		       struct error *err)
{
	char detail[64];
	int rc;

	if ((rc = db_begin(db, err)))
		return rc;
	if (!(rc = session_store_delete_user(db, sc->user.id, sc->hash, n, err))) {
		snprintf(detail, sizeof(detail), "{\"closed\":%lld}", *n);
		rc = audit_event(db, "session.logout_others", "session", NULL, detail, err);
	}
	cache_flush();
	if (!rc)
		rc = db_commit(db, err);
	if (rc)
		db_rollback(db);
	return rc;
}
