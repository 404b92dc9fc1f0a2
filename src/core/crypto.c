/*
 * crypto.c - libsodium behind crypto.h: the key file, sealing and blind
 * index of personal fields, keyed hashes, tokens, Argon2id, and TOTP.
 *
 * TOTP needs HMAC-SHA-1 (what authenticator apps use), which libsodium does
 * not offer; the small SHA-1 below serves only that. Not for: deciding what
 * to encrypt (store/) or who may read it (ops/auth.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "core/crypto.h"

static const char key_magic[] = "orgwork-key-v1\n";

static int key_ready;
static char key_from[4096];
static unsigned char key_seal[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
static unsigned char key_bidx[crypto_generichash_KEYBYTES];
/* BLAKE2b keyed with key_bidx, the key block already absorbed: copied for
 * each blind index instead of compressing the key block again (the same
 * bytes as crypto_generichash with the key, one compression less) */
static crypto_generichash_state bidx_state0;
static unsigned char key_audit[crypto_generichash_KEYBYTES];
/* sub-key 4, kept as the key check value (never used to encrypt) */
static unsigned char key_check[CRYPTO_KEY_CHECK_BYTES];

/*
 * Nonces for pii_seal (reasoning in crypto.h): a random 16-byte prefix drawn
 * once per thread and a 64-bit counter after it. nonce_generation is bumped
 * in the child of a fork so that a thread state copied by fork is redrawn
 * there instead of repeating the parent's next nonces.
 */
#define NONCE_PREFIX_BYTES 16
static atomic_uint nonce_generation = 1;

struct nonce_source {
	unsigned generation;             /* 0: not drawn yet */
	unsigned key_epoch;              /* of subkey */
	uint64_t counter;
	unsigned char prefix[NONCE_PREFIX_BYTES];
	/* HChaCha20(key_seal, prefix): the XChaCha20 subkey of every nonce of
	 * this thread, which differ only in the counter */
	unsigned char subkey[crypto_core_hchacha20_OUTPUTBYTES];
};

/* bumped whenever key_seal changes, so that thread subkeys are redrawn */
static atomic_uint key_epoch = 1;

static _Thread_local struct nonce_source nonce_source;

static void nonce_after_fork(void)
{
	atomic_fetch_add(&nonce_generation, 1);
}

static void nonce_next(unsigned char out[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES])
{
	struct nonce_source *ns = &nonce_source;
	unsigned gen = atomic_load_explicit(&nonce_generation, memory_order_relaxed);
	uint64_t c;

	unsigned epoch = atomic_load_explicit(&key_epoch, memory_order_acquire);

	if (ns->generation != gen || ns->counter == UINT64_MAX) {
		randombytes_buf(ns->prefix, sizeof(ns->prefix));
		ns->counter = 0;
		ns->generation = gen;
		ns->key_epoch = 0;
	}
	if (ns->key_epoch != epoch) {
		crypto_core_hchacha20(ns->subkey, ns->prefix, key_seal, NULL);
		ns->key_epoch = epoch;
	}
	c = ns->counter++;
	memcpy(out, ns->prefix, NONCE_PREFIX_BYTES);
	for (int i = 0; i < 8; i++)
		out[NONCE_PREFIX_BYTES + i] = (unsigned char)(c >> (8 * i));
}

int crypto_setup(void)
{
	return sodium_init() < 0 ? ST_INTERNAL : ST_OK;
}

void crypto_key_path(const char *db_path, char *buf, size_t size)
{
	const char *env = getenv("ORGWORK_KEY_FILE");

	if (env && *env)
		snprintf(buf, size, "%s", env);
	else
		snprintf(buf, size, "%s.key", db_path);
}

int crypto_key_create(const char *path, struct error *err)
{
	unsigned char key[CRYPTO_KEY_BYTES];
	char hex[2 * CRYPTO_KEY_BYTES + 1], text[128];
	int fd, n, rc = ST_OK;

	if (crypto_setup())
		return error_set(err, ST_INTERNAL, NULL, "libsodium did not initialize");
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return error_set(err, ST_CONFLICT, "key", "key file %s exists", path);
		return error_set(err, ST_IO, "key", "cannot create key file %s: %s",
				 path, strerror(errno));
	}
	randombytes_buf(key, sizeof(key));
	crypto_hex(key, sizeof(key), hex);
	n = snprintf(text, sizeof(text), "%s%s\n", key_magic, hex);
	if (write(fd, text, (size_t)n) != n || fsync(fd) != 0)
		rc = error_set(err, ST_IO, "key", "cannot write key file %s: %s", path,
			       strerror(errno));
	close(fd);
	sodium_memzero(key, sizeof(key));
	sodium_memzero(text, sizeof(text));
	if (rc)
		unlink(path);
	return rc;
}

static int unhex(const char *in, unsigned char *out, size_t n)
{
	size_t bin_len;

	if (sodium_hex2bin(out, n, in, 2 * n, NULL, &bin_len, NULL) || bin_len != n)
		return -1;
	return 0;
}

int crypto_key_load(const char *path, struct error *err)
{
	unsigned char key[CRYPTO_KEY_BYTES];
	char text[160];
	struct stat sb;
	ssize_t n;
	int fd;

	if (key_ready) {
		if (strcmp(key_from, path))
			return error_set(err, ST_CONFLICT, "key",
					 "this process already holds the key of %s", key_from);
		return ST_OK;
	}
	if (crypto_setup())
		return error_set(err, ST_INTERNAL, NULL, "libsodium did not initialize");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return error_set(err, errno == ENOENT ? ST_NOT_FOUND : ST_IO, "key",
				 "cannot open key file %s: %s", path, strerror(errno));
	if (fstat(fd, &sb) || (sb.st_mode & 077)) {
		close(fd);
		return error_set(err, ST_INVALID, "key",
				 "key file %s must be readable by its owner only (chmod 600)",
				 path);
	}
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n < 0)
		return error_set(err, ST_IO, "key", "cannot read key file %s", path);
	text[n] = '\0';
	if (strncmp(text, key_magic, sizeof(key_magic) - 1) ||
	    unhex(text + sizeof(key_magic) - 1, key, sizeof(key)))
		return error_set(err, ST_INVALID, "key", "%s is not an orgwork key file", path);
	sodium_memzero(text, sizeof(text));
	crypto_kdf_derive_from_key(key_seal, sizeof(key_seal), 1, "ow-seal_", key);
	crypto_kdf_derive_from_key(key_bidx, sizeof(key_bidx), 2, "ow-bidx_", key);
	crypto_generichash_init(&bidx_state0, key_bidx, sizeof(key_bidx), CRYPTO_BIDX_BYTES);
	crypto_kdf_derive_from_key(key_audit, sizeof(key_audit), 3, "ow-audit", key);
	crypto_kdf_derive_from_key(key_check, sizeof(key_check), 4, "ow-check", key);
	sodium_memzero(key, sizeof(key));
	if (pthread_atfork(NULL, NULL, nonce_after_fork))
		return error_set(err, ST_INTERNAL, NULL, "cannot register the fork handler");
	snprintf(key_from, sizeof(key_from), "%s", path);
	key_ready = 1;
	atomic_fetch_add(&key_epoch, 1);
	return ST_OK;
}

int crypto_key_loaded(void)
{
	return key_ready;
}

const char *crypto_key_file(void)
{
	return key_ready ? key_from : "";
}

int crypto_key_check(unsigned char out[CRYPTO_KEY_CHECK_BYTES])
{
	if (!key_ready)
		return ST_INTERNAL;
	memcpy(out, key_check, CRYPTO_KEY_CHECK_BYTES);
	return ST_OK;
}

int crypto_key_check_equal(const unsigned char *v, size_t len)
{
	if (!key_ready || len != CRYPTO_KEY_CHECK_BYTES)
		return 0;
	return sodium_memcmp(v, key_check, CRYPTO_KEY_CHECK_BYTES) == 0;
}

int pii_seal(const char *field, const void *plain, size_t len,
	     unsigned char *out, size_t *out_len)
{
	unsigned long long clen;

	if (!key_ready)
		return ST_INTERNAL;
	nonce_next(out);
	/*
	 * XChaCha20-Poly1305 as libsodium's xchacha20poly1305_ietf computes it
	 * (ChaCha20-Poly1305-IETF under HChaCha20(key, nonce[0..16]) with the
	 * nonce 0^4 || nonce[16..24]), the HChaCha20 step taken from the thread's
	 * cache: the output is the same bytes, opened by pii_open as before.
	 */
	unsigned char npub2[crypto_aead_chacha20poly1305_ietf_NPUBBYTES] = { 0 };
	memcpy(npub2 + 4, out + NONCE_PREFIX_BYTES, sizeof(npub2) - 4);
	crypto_aead_chacha20poly1305_ietf_encrypt(
		out + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &clen, plain, len,
		(const unsigned char *)field, strlen(field), NULL, npub2,
		nonce_source.subkey);
	*out_len = clen + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
	return ST_OK;
}

int pii_open(const char *field, const unsigned char *sealed, size_t len,
	     char *out, size_t size)
{
	unsigned long long plen;
	const size_t nb = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;

	if (!key_ready)
		return ST_INTERNAL;
	if (len < CRYPTO_SEAL_OVERHEAD)
		return ST_INVALID;
	if (len - CRYPTO_SEAL_OVERHEAD + 1 > size)
		return ST_TOO_BIG;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
		    (unsigned char *)out, &plen, NULL, sealed + nb, len - nb,
		    (const unsigned char *)field, strlen(field), sealed, key_seal))
		return ST_INVALID;
	out[plen] = '\0';
	return ST_OK;
}

int pii_blind_index(const char *value, unsigned char out[CRYPTO_BIDX_BYTES])
{
	if (!key_ready)
		return ST_INTERNAL;
	crypto_generichash_state st = bidx_state0;

	crypto_generichash_update(&st, (const unsigned char *)value, strlen(value));
	crypto_generichash_final(&st, out, CRYPTO_BIDX_BYTES);
	sodium_memzero(&st, sizeof(st));
	return ST_OK;
}

int crypto_audit_mac(const void *data, size_t len,
		     unsigned char out[CRYPTO_HASH_BYTES])
{
	if (!key_ready)
		return ST_INTERNAL;
	crypto_generichash(out, CRYPTO_HASH_BYTES, data, len, key_audit,
			   sizeof(key_audit));
	return ST_OK;
}

void crypto_token_hash(const void *data, size_t len, unsigned char out[CRYPTO_HASH_BYTES])
{
	crypto_generichash(out, CRYPTO_HASH_BYTES, data, len, NULL, 0);
}

void crypto_random(void *buf, size_t n)
{
	randombytes_buf(buf, n);
}

void crypto_hex(const unsigned char *in, size_t n, char *out)
{
	sodium_bin2hex(out, 2 * n + 1, in, n);
}

void crypto_token(char out[CRYPTO_TOKEN_HEX])
{
	unsigned char b[32];

	randombytes_buf(b, sizeof(b));
	crypto_hex(b, sizeof(b), out);
	sodium_memzero(b, sizeof(b));
}

int crypto_streq(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la != lb)
		return 0;
	return sodium_memcmp(a, b, la) == 0;
}

int crypto_password_hash(const char *password, char out[CRYPTO_PWHASH_SIZE])
{
	const char *mode = getenv("ORGWORK_PWHASH");
	int fast = mode && !strcmp(mode, "fast");

	if (crypto_pwhash_str(out, password, strlen(password),
			      fast ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      fast ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE))
		return ST_INTERNAL;
	return ST_OK;
}

int crypto_password_verify(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

/* ---- TOTP ------------------------------------------------------------ */

struct sha1 {
	uint32_t h[5];
	uint64_t len;
	unsigned char buf[64];
	size_t n;
};

static uint32_t rol(uint32_t x, int n)
{
	return (x << n) | (x >> (32 - n));
}

static void sha1_block(struct sha1 *s, const unsigned char *p)
{
	uint32_t w[80], a, b, c, d, e, t;

	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 80; i++)
		w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	a = s->h[0]; b = s->h[1]; c = s->h[2]; d = s->h[3]; e = s->h[4];
	for (int i = 0; i < 80; i++) {
		uint32_t f, k;
		if (i < 20) { f = (b & c) | (~b & d); k = 0x5a827999; }
		else if (i < 40) { f = b ^ c ^ d; k = 0x6ed9eba1; }
		else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8f1bbcdc; }
		else { f = b ^ c ^ d; k = 0xca62c1d6; }
		t = rol(a, 5) + f + e + k + w[i];
		e = d; d = c; c = rol(b, 30); b = a; a = t;
	}
	s->h[0] += a; s->h[1] += b; s->h[2] += c; s->h[3] += d; s->h[4] += e;
}

static void sha1_init(struct sha1 *s)
{
	static const uint32_t h0[5] = { 0x67452301, 0xefcdab89, 0x98badcfe,
					0x10325476, 0xc3d2e1f0 };
	memcpy(s->h, h0, sizeof(h0));
	s->len = 0;
	s->n = 0;
}

static void sha1_update(struct sha1 *s, const unsigned char *p, size_t n)
{
	s->len += n;
	while (n--) {
		s->buf[s->n++] = *p++;
		if (s->n == 64) {
			sha1_block(s, s->buf);
			s->n = 0;
		}
	}
}

static void sha1_final(struct sha1 *s, unsigned char out[20])
{
	uint64_t bits = s->len * 8;
	unsigned char pad = 0x80, zero = 0, lenb[8];

	sha1_update(s, &pad, 1);
	while (s->n != 56)
		sha1_update(s, &zero, 1);
	for (int i = 0; i < 8; i++)
		lenb[i] = (unsigned char)(bits >> (56 - 8 * i));
	sha1_update(s, lenb, 8);
	for (int i = 0; i < 5; i++) {
		out[4 * i] = (unsigned char)(s->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)s->h[i];
	}
}

static void hmac_sha1(const unsigned char *key, size_t klen,
		      const unsigned char *msg, size_t mlen, unsigned char out[20])
{
	unsigned char k[64] = { 0 }, ipad[64], opad[64], inner[20];
	struct sha1 s;

	if (klen > 64) {
		sha1_init(&s);
		sha1_update(&s, key, klen);
		sha1_final(&s, k);
	} else {
		memcpy(k, key, klen);
	}
	for (int i = 0; i < 64; i++) {
		ipad[i] = k[i] ^ 0x36;
		opad[i] = k[i] ^ 0x5c;
	}
	sha1_init(&s);
	sha1_update(&s, ipad, 64);
	sha1_update(&s, msg, mlen);
	sha1_final(&s, inner);
	sha1_init(&s);
	sha1_update(&s, opad, 64);
	sha1_update(&s, inner, 20);
	sha1_final(&s, out);
}

void totp_base32(const unsigned char *in, size_t n, char *out, size_t size)
{
	static const char alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	size_t o = 0;
	unsigned buf = 0;
	int bits = 0;

	for (size_t i = 0; i < n; i++) {
		buf = (buf << 8) | in[i];
		bits += 8;
		while (bits >= 5 && o + 1 < size) {
			out[o++] = alpha[(buf >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0 && o + 1 < size)
		out[o++] = alpha[(buf << (5 - bits)) & 31];
	out[o] = '\0';
}

void totp_new_secret(unsigned char secret[TOTP_SECRET_BYTES], char b32[TOTP_B32_SIZE])
{
	randombytes_buf(secret, TOTP_SECRET_BYTES);
	totp_base32(secret, TOTP_SECRET_BYTES, b32, TOTP_B32_SIZE);
}

uint32_t totp_code(const unsigned char *secret, size_t len, uint64_t t)
{
	uint64_t step = t / 30;
	unsigned char msg[8], mac[20];
	uint32_t bin;
	int off;

	for (int i = 7; i >= 0; i--) {
		msg[i] = (unsigned char)step;
		step >>= 8;
	}
	hmac_sha1(secret, len, msg, sizeof(msg), mac);
	off = mac[19] & 0xf;
	bin = (uint32_t)(mac[off] & 0x7f) << 24 | (uint32_t)mac[off + 1] << 16 |
	      (uint32_t)mac[off + 2] << 8 | mac[off + 3];
	return bin % 1000000;
}

int totp_verify(const unsigned char *secret, size_t len, const char *code,
		uint64_t now)
{
	char *end;
	unsigned long v;
	int ok = 0;

	if (!code || strlen(code) != 6)
		return 0;
	for (const char *c = code; *c; c++)
		if (*c < '0' || *c > '9')
			return 0;
	v = strtoul(code, &end, 10);
	for (int d = -1; d <= 1; d++)
		ok |= totp_code(secret, len, now + (uint64_t)(d * 30)) == v;
	return ok;
}
