/*
 * crypto.h - the cryptography of orgwork, over libsodium: password hashes,
 * random tokens, the process-wide data key with sealing of personal fields
 * and their keyed blind index, keyed hashes for the audit chain, and TOTP.
 *
 * The data key is 32 random bytes in a key file outside the database
 * (<db path>.key, mode 0600, or $ORGWORK_KEY_FILE). It is loaded once per
 * process (crypto_key_load) and never leaves this file: sub-keys for
 * sealing, the blind index and the audit chain are derived from it with
 * crypto_kdf. Not for: what is encrypted or logged (store/, ops/), TLS.
 * Thread-safe once the key is loaded.
 */
#ifndef OW_CRYPTO_H
#define OW_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define CRYPTO_KEY_BYTES 32
#define CRYPTO_HASH_BYTES 32          /* audit chain and token hashes */
#define CRYPTO_BIDX_BYTES 16          /* blind index */
#define CRYPTO_SEAL_OVERHEAD (24 + 16)  /* nonce + tag */
#define CRYPTO_KEY_CHECK_BYTES 32     /* key check value */
#define CRYPTO_TOKEN_HEX 65           /* 256-bit token as hex + NUL */
#define CRYPTO_PWHASH_SIZE 128        /* crypto_pwhash_STRBYTES */
#define TOTP_SECRET_BYTES 20
#define TOTP_B32_SIZE 33              /* base32 of 20 bytes + NUL */

/* sodium_init(); safe to call repeatedly. ST_INTERNAL when it fails. */
int crypto_setup(void);

/*
 * Path of the key file for a database: $ORGWORK_KEY_FILE when set, else
 * "<db_path>.key". Writes into buf (always terminated).
 */
void crypto_key_path(const char *db_path, char *buf, size_t size);
/* Creates a new random key file (mode 0600, O_EXCL). ST_CONFLICT if it exists, ST_IO. */
int crypto_key_create(const char *path, struct error *err);
/*
 * Loads the process-wide key from path (once; later calls for the same
 * path return ST_OK, for another path ST_CONFLICT: one key per process).
 * ST_NOT_FOUND when the file is missing, ST_INVALID when it is not a key
 * file or is readable by group/others.
 */
int crypto_key_load(const char *path, struct error *err);
/* 1 when a key is loaded. */
int crypto_key_loaded(void);
/* Path the loaded key was read from ("" when none); owned by this file. */
const char *crypto_key_file(void);

/*
 * The key check value: a sub-key derived from the data key (crypto_kdf, its
 * own context "ow-check") that is used for nothing else, so storing it in
 * the database says which key the database was made with and reveals
 * nothing of the sub-keys that seal or index. crypto_key_check copies it
 * into out (ST_INTERNAL when no key is loaded); crypto_key_check_equal
 * compares a stored value in constant time (1 when it is this key's).
 */
int crypto_key_check(unsigned char out[CRYPTO_KEY_CHECK_BYTES]);
int crypto_key_check_equal(const unsigned char *v, size_t len);

/*
 * Encrypts len bytes of plain with XChaCha20-Poly1305 under the data key,
 * binding the ciphertext to `field` (associated data, e.g. "id", "phone")
 * so a value cannot be moved to another column. out must hold len +
 * CRYPTO_SEAL_OVERHEAD bytes; *out_len receives the length.
 * ST_INTERNAL when no key is loaded.
 *
 * The output is nonce (24 bytes) + ciphertext + tag, as it always was; only
 * how the nonce is chosen is described here. XChaCha20-Poly1305 needs a
 * nonce never repeated under one key, and its 192-bit nonce is large enough
 * that random nonces are safe. Drawing 24 random bytes per seal costs a
 * getrandom system call each (a measurable share of a bulk import), so each
 * thread draws a random 128-bit prefix once and appends a 64-bit counter it
 * increments per seal:
 *  - within a thread nonces differ by the counter (the prefix is redrawn
 *    before the counter could wrap);
 *  - across threads and processes they differ unless two prefixes collide,
 *    which for n prefixes drawn under one key has probability about
 *    n^2 / 2^129: negligible for any number of threads that could ever run;
 *  - a forked child would inherit its parent thread's prefix and counter,
 *    so a fork handler (registered by crypto_key_load) makes every thread
 *    state redraw its prefix in the child.
 * The nonce is not secret; its prefix being fixed per thread reveals only
 * which values were sealed by the same thread.
 */
int pii_seal(const char *field, const void *plain, size_t len,
	     unsigned char *out, size_t *out_len);
/*
 * Decrypts what pii_seal made into out (size bytes, NUL-terminated text).
 * ST_INVALID when the tag does not verify (tampered, wrong key or field),
 * ST_TOO_BIG when out is too small.
 */
int pii_open(const char *field, const unsigned char *sealed, size_t len,
	     char *out, size_t size);
/* Keyed blind index (BLAKE2b under a derived key) of a normalized value. */
int pii_blind_index(const char *value, unsigned char out[CRYPTO_BIDX_BYTES]);

/* Keyed hash (BLAKE2b-256 under the audit sub-key) of data. */
int crypto_audit_mac(const void *data, size_t len,
		     unsigned char out[CRYPTO_HASH_BYTES]);
/* Unkeyed BLAKE2b-256 (session token hashes). */
void crypto_token_hash(const void *data, size_t len, unsigned char out[CRYPTO_HASH_BYTES]);

/* n random bytes. */
void crypto_random(void *buf, size_t n);
/* 256-bit random token as 64 lower-case hex characters. */
void crypto_token(char out[CRYPTO_TOKEN_HEX]);
/* Lower-case hex of n bytes into out (2n+1 bytes). */
void crypto_hex(const unsigned char *in, size_t n, char *out);
/* Constant-time comparison of two NUL-terminated strings; 1 when equal. */
int crypto_streq(const char *a, const char *b);

/*
 * Argon2id hash of password into out (CRYPTO_PWHASH_SIZE) with the
 * interactive limits, or the minimum limits when $ORGWORK_PWHASH=fast
 * (tests only). ST_INTERNAL when out of memory.
 */
int crypto_password_hash(const char *password, char out[CRYPTO_PWHASH_SIZE]);
/* 1 when password matches hash, 0 otherwise. */
int crypto_password_verify(const char *hash, const char *password);

/* A new TOTP secret (20 random bytes) and its base32 text. */
void totp_new_secret(unsigned char secret[TOTP_SECRET_BYTES], char b32[TOTP_B32_SIZE]);
/* RFC 4648 base32 without padding. */
void totp_base32(const unsigned char *in, size_t n, char *out, size_t size);
/* RFC 6238 code (6 digits, SHA-1, 30 s step) for the step containing t. */
uint32_t totp_code(const unsigned char *secret, size_t len, uint64_t t);
/* 1 when code (6 digits text) matches now, the step before or after. */
int totp_verify(const unsigned char *secret, size_t len, const char *code,
		uint64_t now);

#endif
