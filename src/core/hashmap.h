/*
 * hashmap.h - the hash map of the program: keys that are non-zero 64-bit
 * integers or strings, values that are long long.
 *
 * Open addressing with linear probing in a power-of-two table that is at
 * most three quarters full; a slot is 16 bytes (key and value side by side),
 * so a lookup in a table far larger than the cache costs one cache miss,
 * which hashmap_prefetch can start early (the import checks millions of ID
 * numbers this way). String keys are copied (owned by the map) and kept
 * beside the slots; the slot holds their 64-bit hash, so strings are
 * compared only when the hashes are equal. Entries are never removed.
 * A value too big for a long long (a record) lives in an array of the
 * caller, the map holding its index. Not thread-safe: one thread at a time.
 * Not for the statistics engine's indexes (stats/), which map into its
 * columns.
 */
#ifndef OW_HASHMAP_H
#define OW_HASHMAP_H

#include <stddef.h>
#include <stdint.h>

struct hashmap_slot {
	uint64_t key;         /* 0 = empty; the key, or the hash of a string key */
	long long value;
};

struct hashmap {
	struct hashmap_slot *slots;   /* NULL until the first put or reserve */
	char **strings;               /* string keys: the key of each slot */
	size_t mask, n;               /* slots - 1, entries */
	int string_keys;
};

#define HASHMAP_INIT { NULL, NULL, 0, 0, 0 }
#define HASHMAP_STRING_INIT { NULL, NULL, 0, 0, 1 }

/* An empty map of integer keys (string_keys 0) or string keys (1). */
void hashmap_init(struct hashmap *m, int string_keys);
/* Frees the table and the copied keys; m is empty (and reusable) after. */
void hashmap_release(struct hashmap *m);
/* Makes room for n entries in all, so that they go in without regrowing. */
void hashmap_reserve(struct hashmap *m, size_t n);

/*
 * Integer keys (key != 0). hashmap_get returns the value of key or NULL;
 * hashmap_put returns the value of key, inserting it with value 0 when it
 * is missing (*added, which may be NULL, tells which). The pointer is valid
 * until the next put.
 */
long long *hashmap_get(const struct hashmap *m, uint64_t key);
long long *hashmap_put(struct hashmap *m, uint64_t key, int *added);
/* Starts loading the slot where key would be into the cache. */
void hashmap_prefetch(const struct hashmap *m, uint64_t key);

/* String keys: the same (the key is copied when it is added). */
long long *hashmap_get_str(const struct hashmap *m, const char *key);
long long *hashmap_put_str(struct hashmap *m, const char *key, int *added);

/* The hash of a string key (FNV-1a, never 0). */
uint64_t hashmap_hash_str(const char *s);

#endif
