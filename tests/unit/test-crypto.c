/*
 * test-crypto.c - core/crypto.c: TOTP against the RFC 6238 vectors, base32,
 * sealing and opening personal fields (field binding, tampering), nonces
 * distinct across seals, threads and fork, blind index, password hashes,
 * key files.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include <sodium.h>

#include "core/crypto.h"
#include "store/db-internal.h"

static char key_path[256];

static int setup(void **state)
{
	(void)state;
	snprintf(key_path, sizeof(key_path), "/tmp/test-crypto-%d.key", (int)getpid());
	unlink(key_path);
	if (crypto_key_create(key_path, NULL) || crypto_key_load(key_path, NULL))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(key_path);
	return 0;
}

static void totp_rfc6238(void **state)
{
	const unsigned char secret[] = "12345678901234567890";
	(void)state;
	/* RFC 6238 appendix B (SHA-1), last 6 of the 8 digits */
	assert_int_equal(totp_code(secret, 20, 59), 287082);
	assert_int_equal(totp_code(secret, 20, 1111111109), 81804);
	assert_int_equal(totp_code(secret, 20, 1234567890), 5924);
	assert_int_equal(totp_code(secret, 20, 2000000000), 279037);
	assert_true(totp_verify(secret, 20, "287082", 59));
	assert_true(totp_verify(secret, 20, "287082", 59 + 30)); /* one step late */
	assert_false(totp_verify(secret, 20, "287082", 59 + 90));
	assert_false(totp_verify(secret, 20, "28708", 59));
	assert_false(totp_verify(secret, 20, "28708a", 59));
}

static void base32(void **state)
{
	char out[64];
	(void)state;
	totp_base32((const unsigned char *)"foobar", 6, out, sizeof(out));
	assert_string_equal(out, "MZXW6YTBOI");
}

static void seal_open(void **state)
{
	unsigned char sealed[128], sealed2[128];
	size_t len, len2;
	char out[64];
	(void)state;
	assert_int_equal(pii_seal("id", "11010519491231002X", 18, sealed, &len), 0);
	assert_int_equal(len, 18 + CRYPTO_SEAL_OVERHEAD);
	assert_null(memmem(sealed, len, "1101051949", 10));
	assert_int_equal(pii_open("id", sealed, len, out, sizeof(out)), 0);
	assert_string_equal(out, "11010519491231002X");
	/* bound to its column */
	assert_int_equal(pii_open("phone", sealed, len, out, sizeof(out)), ST_INVALID);
	/* random nonce: sealing twice differs */
	pii_seal("id", "11010519491231002X", 18, sealed2, &len2);
	assert_memory_not_equal(sealed, sealed2, len);
	/* tampering detected */
	sealed[30] ^= 1;
	assert_int_equal(pii_open("id", sealed, len, out, sizeof(out)), ST_INVALID);
	/* too small a buffer */
	assert_int_equal(pii_open("id", sealed2, len2, out, 10), ST_TOO_BIG);
}

/*
 * Personal data sealed for a row opens only as that row's: the associated
 * data names the table and the person id, so values swapped between two
 * rows (by anyone without the key) both fail, as does a value whose first
 * byte is changed to the unbound format.
 */
static void row_binding(void **state)
{
	unsigned char a[DB_PII_MAX], b[DB_PII_MAX];
	size_t na, nb;
	char id[IDCARD_SIZE], phone[PERSON_PHONE_SIZE];
	(void)state;
	assert_int_equal(db_pii_seal(1, "110105194912310038", "13812345678", "", a, &na, NULL), 0);
	assert_int_equal(db_pii_seal(2, "11010519491231002X", "13900000000", "", b, &nb, NULL), 0);
	assert_int_equal(db_pii_open(1, a, na, id, sizeof(id), phone, sizeof(phone), NULL, 0), 0);
	assert_string_equal(id, "110105194912310038");
	assert_string_equal(phone, "13812345678");
	/* swapped: neither opens, and nothing of the other row shows */
	assert_int_equal(db_pii_open(1, b, nb, id, sizeof(id), phone, sizeof(phone), NULL, 0),
			 ST_INVALID);
	assert_string_equal(id, "");
	assert_string_equal(phone, "");
	assert_int_equal(db_pii_open(2, a, na, id, sizeof(id), NULL, 0, NULL, 0), ST_INVALID);
	/* ids that share digits are other rows too */
	assert_int_equal(db_pii_open(11, a, na, id, sizeof(id), NULL, 0, NULL, 0), ST_INVALID);
	assert_int_equal(db_pii_open(0, a, na, id, sizeof(id), NULL, 0, NULL, 0), ST_INVALID);
	/* the row-bound bit cannot be dropped */
	a[0] &= (unsigned char)~PII_ROW_BOUND;
	assert_int_equal(db_pii_open(1, a, na, id, sizeof(id), NULL, 0, NULL, 0), ST_INVALID);
	/* the same binding at the level of pii_seal: the associated data */
	assert_int_equal(pii_seal("pii1:persons:1", "x", 1, a, &na), 0);
	assert_int_equal(pii_open("pii1:persons:1", a, na, id, sizeof(id)), 0);
	assert_int_equal(pii_open("pii1:persons:2", a, na, id, sizeof(id)), ST_INVALID);
	assert_int_equal(pii_open("pii1:orgs:1", a, na, id, sizeof(id)), ST_INVALID);
}

/*
 * The key check value is the sub-key derived with context "ow-check" (id 4)
 * from the key in the file, used for nothing else; another key's value is
 * not taken for this one's.
 */
static void key_check_value(void **state)
{
	unsigned char kcv[CRYPTO_KEY_CHECK_BYTES], want[CRYPTO_KEY_CHECK_BYTES];
	unsigned char key[CRYPTO_KEY_BYTES], other[CRYPTO_KEY_BYTES];
	char text[160];
	size_t bin_len;
	FILE *f = fopen(key_path, "r");
	(void)state;
	assert_non_null(f);
	assert_non_null(fgets(text, sizeof(text), f));   /* the magic line */
	assert_non_null(fgets(text, sizeof(text), f));
	fclose(f);
	assert_int_equal(sodium_hex2bin(key, sizeof(key), text, 64, NULL, &bin_len, NULL), 0);
	crypto_kdf_derive_from_key(want, sizeof(want), 4, "ow-check", key);
	assert_int_equal(crypto_key_check(kcv), 0);
	assert_memory_equal(kcv, want, sizeof(kcv));
	assert_true(crypto_key_check_equal(want, sizeof(want)));
	/* not the sealing, index or audit sub-keys */
	for (uint64_t id = 1; id <= 3; id++) {
		static const char *const ctx[3] = { "ow-seal_", "ow-bidx_", "ow-audit" };
		crypto_kdf_derive_from_key(want, sizeof(want), id, ctx[id - 1], key);
		assert_memory_not_equal(kcv, want, sizeof(kcv));
	}
	/* another key, a changed byte, a short value: not this key */
	randombytes_buf(other, sizeof(other));
	crypto_kdf_derive_from_key(want, sizeof(want), 4, "ow-check", other);
	assert_false(crypto_key_check_equal(want, sizeof(want)));
	memcpy(want, kcv, sizeof(want));
	want[31] ^= 1;
	assert_false(crypto_key_check_equal(want, sizeof(want)));
	assert_false(crypto_key_check_equal(kcv, sizeof(kcv) - 1));
	sodium_memzero(key, sizeof(key));
}

#define NONCE_BYTES 24
#define SEALS_PER_THREAD 20000

struct sealer {
	unsigned char (*nonces)[NONCE_BYTES];
	int failures;                   /* seals that did not open back */
};

/* Seals SEALS_PER_THREAD values, keeps their nonces, opens each back. */
static void *seal_many(void *arg)
{
	struct sealer *s = arg;
	unsigned char sealed[64];
	char plain[32], out[32];
	size_t len;

	for (int i = 0; i < SEALS_PER_THREAD; i++) {
		int n = snprintf(plain, sizeof(plain), "1381234%04d", i % 10000);
		if (pii_seal("phone", plain, (size_t)n, sealed, &len) ||
		    len != (size_t)n + CRYPTO_SEAL_OVERHEAD ||
		    pii_open("phone", sealed, len, out, sizeof(out)) ||
		    strcmp(out, plain))
			s->failures++;
		memcpy(s->nonces[i], sealed, NONCE_BYTES);
	}
	return NULL;
}

static int nonce_cmp(const void *a, const void *b)
{
	return memcmp(a, b, NONCE_BYTES);
}

static void nonces_distinct(void **state)
{
	struct sealer s[3];
	pthread_t t[2];
	unsigned char (*all)[NONCE_BYTES] = calloc(3 * SEALS_PER_THREAD, NONCE_BYTES);
	(void)state;
	assert_non_null(all);
	for (int k = 0; k < 3; k++) {
		s[k].nonces = all + k * SEALS_PER_THREAD;
		s[k].failures = 0;
	}
	/* this thread, then two others at the same time */
	seal_many(&s[0]);
	assert_int_equal(pthread_create(&t[0], NULL, seal_many, &s[1]), 0);
	assert_int_equal(pthread_create(&t[1], NULL, seal_many, &s[2]), 0);
	assert_int_equal(pthread_join(t[0], NULL), 0);
	assert_int_equal(pthread_join(t[1], NULL), 0);
	for (int k = 0; k < 3; k++)
		assert_int_equal(s[k].failures, 0);
	qsort(all, 3 * SEALS_PER_THREAD, NONCE_BYTES, nonce_cmp);
	for (int i = 1; i < 3 * SEALS_PER_THREAD; i++)
		assert_true(memcmp(all[i - 1], all[i], NONCE_BYTES) != 0);
	free(all);
}

static void nonces_after_fork(void)
{
	unsigned char a[64], b[64], child[NONCE_BYTES];
	size_t len;
	int fd[2], status;
	pid_t pid;

	assert_int_equal(pii_seal("id", "x", 1, a, &len), 0);
	assert_int_equal(pipe(fd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* the child's next nonce must not be the parent's next one */
		if (pii_seal("id", "x", 1, b, &len) ||
		    write(fd[1], b, NONCE_BYTES) != NONCE_BYTES)
			_exit(1);
		_exit(0);
	}
	close(fd[1]);
	assert_int_equal(read(fd[0], child, NONCE_BYTES), NONCE_BYTES);
	close(fd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(pii_seal("id", "x", 1, b, &len), 0);
	assert_memory_not_equal(child, b, NONCE_BYTES);
	assert_memory_not_equal(child, a, NONCE_BYTES);
}

static void nonces_fork(void **state)
{
	(void)state;
	nonces_after_fork();
}

static void blind_index(void **state)
{
	unsigned char a[CRYPTO_BIDX_BYTES], b[CRYPTO_BIDX_BYTES], c[CRYPTO_BIDX_BYTES];
	(void)state;
	pii_blind_index("11010519491231002X", a);
	pii_blind_index("11010519491231002X", b);
	pii_blind_index("440524188001010014", c);
	assert_memory_equal(a, b, sizeof(a));
	assert_memory_not_equal(a, c, sizeof(a));

	/* the definition stored blind indexes were made with: keyed BLAKE2b-128
	 * under the subkey "ow-bidx_" (id 2) of the key file's key */
	char text[256], *hex;
	unsigned char key[32], sub[crypto_generichash_KEYBYTES], want[CRYPTO_BIDX_BYTES];
	FILE *f = fopen(key_path, "r");
	assert_non_null(f);
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	hex = strchr(text, '\n');
	assert_non_null(hex);
	assert_int_equal(sodium_hex2bin(key, sizeof(key), hex + 1, 64, NULL, NULL, NULL), 0);
	crypto_kdf_derive_from_key(sub, sizeof(sub), 2, "ow-bidx_", key);
	crypto_generichash(want, sizeof(want), (const unsigned char *)"11010519491231002X", 18,
			   sub, sizeof(sub));
	assert_memory_equal(a, want, sizeof(a));
}

static void passwords(void **state)
{
	char h[CRYPTO_PWHASH_SIZE];
	(void)state;
	setenv("ORGWORK_PWHASH", "fast", 1);
	assert_int_equal(crypto_password_hash("correct horse battery", h), 0);
	assert_non_null(strstr(h, "$argon2id$"));
	assert_true(crypto_password_verify(h, "correct horse battery"));
	assert_false(crypto_password_verify(h, "correct horse batterY"));
}

static void key_files(void **state)
{
	struct stat sb;
	struct error err = ERROR_INIT;
	(void)state;
	assert_int_equal(stat(key_path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(crypto_key_create(key_path, &err), ST_CONFLICT);
	/* the same path again is fine, another path is refused */
	assert_int_equal(crypto_key_load(key_path, NULL), 0);
	assert_int_equal(crypto_key_load("/tmp/other.key", NULL), ST_CONFLICT);
}

static void tokens(void **state)
{
	char a[CRYPTO_TOKEN_HEX], b[CRYPTO_TOKEN_HEX];
	(void)state;
	crypto_token(a);
	crypto_token(b);
	assert_int_equal(strlen(a), 64);
	assert_string_not_equal(a, b);
	assert_true(crypto_streq(a, a));
	assert_false(crypto_streq(a, b));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(totp_rfc6238), cmocka_unit_test(base32),
		cmocka_unit_test(seal_open), cmocka_unit_test(nonces_distinct),
		cmocka_unit_test(nonces_fork), cmocka_unit_test(blind_index),
		cmocka_unit_test(passwords), cmocka_unit_test(key_files),
		cmocka_unit_test(tokens), cmocka_unit_test(row_binding),
		cmocka_unit_test(key_check_value),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
