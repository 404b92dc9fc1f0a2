/*
 * user-store.h - the users and sessions tables, and the role vocabulary.
 *
 * Row-level access only: password hashing, TOTP and the rules of who may
 * create whom are in ops/users.c; authorization in ops/auth.c. A session
 * is stored by the BLAKE2b hash of its token (the token itself is only in
 * the client's cookie). Times of sessions are Unix seconds.
 */
#ifndef OW_USER_STORE_H
#define OW_USER_STORE_H

#include <stddef.h>

#include "core/crypto.h"
#include "core/error.h"
#include "model/user.h"

struct db;

/* Inserts u (sets u->id). totp may be NULL. ST_CONFLICT on a used login. */
int user_store_insert(struct db *db, struct user *u, const char *pwhash,
		      const unsigned char *totp, size_t totp_len, struct error *err);
/* Rewrites role, scope, person, disabled of u->id. */
int user_store_update(struct db *db, const struct user *u, struct error *err);
int user_store_set_password(struct db *db, long long id, const char *pwhash,
			    struct error *err);
int user_store_get(struct db *db, long long id, struct user *out, struct error *err);
int user_store_get_by_login(struct db *db, const char *login, struct user *out,
			    struct error *err);
/*
 * The secrets of a user: the password hash (CRYPTO_PWHASH_SIZE) and the
 * sealed TOTP secret (*totp_len = 0 when none; totp holds 128 bytes).
 */
int user_store_secrets(struct db *db, long long id, char *pwhash,
		       unsigned char *totp, size_t *totp_len, struct error *err);
typedef int (*user_visit_fn)(const struct user *u, void *ctx);
int user_store_list(struct db *db, user_visit_fn fn, void *ctx, struct error *err);

/* Stores a sealed TOTP secret for id (and clears its demo exemption). */
int user_store_set_totp(struct db *db, long long id, const unsigned char *totp,
			size_t totp_len, struct error *err);

/*
 * Account requests (user_requests). Insert: r->kind, user_id,
 * requested_by and the asked state; pwhash may be NULL; sets r->id.
 * ST_CONFLICT naming "id" while another request of the user is pending.
 */
int user_request_store_insert(struct db *db, struct user_request *r,
			      const char *pwhash, struct error *err);
/* One request; pwhash (CRYPTO_PWHASH_SIZE, may be NULL) gets its waiting
 * password hash ("" when none). ST_NOT_FOUND naming "id". */
int user_request_store_get(struct db *db, long long id, struct user_request *out,
			   char *pwhash, struct error *err);
/*
 * Marks a pending request approved or rejected by decided_by (0 = the
 * CLI) with reason (may be NULL) and forgets its password hash.
 * ST_CONFLICT naming "id" when it is no longer pending.
 */
int user_request_store_decide(struct db *db, long long id, int state,
			      long long decided_by, const char *reason,
			      struct error *err);
typedef int (*user_request_visit_fn)(const struct user_request *r, void *ctx);
/* Requests newest first (at most 1000); state 0 = every state. */
int user_request_store_list(struct db *db, int state, user_request_visit_fn fn,
			    void *ctx, struct error *err);

struct session {
	long long user_id;
	char csrf[CRYPTO_TOKEN_HEX];
	long long created, seen;    /* Unix seconds */
};

int session_store_insert(struct db *db, const unsigned char hash[CRYPTO_HASH_BYTES],
			 const struct session *s, const char *ip, struct error *err);
/* ST_NOT_FOUND when no such session. */
int session_store_get(struct db *db, const unsigned char hash[CRYPTO_HASH_BYTES],
		      struct session *out, struct error *err);
int session_store_touch(struct db *db, const unsigned char hash[CRYPTO_HASH_BYTES],
			long long now, struct error *err);
int session_store_delete(struct db *db, const unsigned char hash[CRYPTO_HASH_BYTES],
			 struct error *err);
/* Deletes every session of user except `keep` (may be NULL); *n = deleted. */
int session_store_delete_user(struct db *db, long long user_id,
			      const unsigned char *keep, long long *n,
			      struct error *err);
/* Deletes sessions idle since before idle_before or created before created_before. */
int session_store_purge(struct db *db, long long idle_before,
			long long created_before, struct error *err);

#endif
