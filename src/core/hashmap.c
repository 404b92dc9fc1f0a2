/*
 * hashmap.c - the open-addressing hash map of hashmap.h. Not for ordered
 * iteration or removal (neither is offered).
 */
#include <stdlib.h>
#include <string.h>

#include "core/hashmap.h"
#include "core/xalloc.h"

#define MIN_SLOTS 64

static size_t mix(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return (size_t)k;
}

uint64_t hashmap_hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h ? h : 1;
}

void hashmap_init(struct hashmap *m, int string_keys)
{
	memset(m, 0, sizeof(*m));
	m->string_keys = string_keys;
}

void hashmap_release(struct hashmap *m)
{
	if (m->strings)
		for (size_t i = 0; i <= m->mask; i++)
			free(m->strings[i]);
	free(m->strings);
	free(m->slots);
	hashmap_init(m, m->string_keys);
}

/* Moves the entries into a table of cap slots (a power of two). */
static void rehash(struct hashmap *m, size_t cap)
{
	struct hashmap_slot *old = m->slots;
	char **old_strings = m->strings;
	size_t old_cap = old ? m->mask + 1 : 0;

	/* written, not calloc'd: pages first read as the shared zero page
	 * would be replaced (and the other cores' TLBs flushed) on the first
	 * insert into each */
	m->slots = xmalloc(cap * sizeof(*m->slots));
	memset(m->slots, 0, cap * sizeof(*m->slots));
	m->strings = m->string_keys ? xcalloc(cap, sizeof(*m->strings)) : NULL;
	m->mask = cap - 1;
	for (size_t i = 0; i < old_cap; i++) {
		if (!old[i].key)
			continue;
		size_t h = mix(old[i].key) & m->mask;
		while (m->slots[h].key)
			h = (h + 1) & m->mask;
		m->slots[h] = old[i];
		if (old_strings)
			m->strings[h] = old_strings[i];
	}
	free(old);
	free(old_strings);
}

void hashmap_reserve(struct hashmap *m, size_t n)
{
	size_t cap = m->slots ? m->mask + 1 : MIN_SLOTS;

	while (cap / 4 * 3 < n)
		cap *= 2;
	if (!m->slots || cap > m->mask + 1)
		rehash(m, cap);
}

/* The slot of key (hash of str for string keys): its own or the empty one
 * where it would go. */
static size_t find(const struct hashmap *m, uint64_t key, const char *str)
{
	size_t h = mix(key) & m->mask;

	while (m->slots[h].key) {
		if (m->slots[h].key == key && (!str || !strcmp(m->strings[h], str)))
			return h;
		h = (h + 1) & m->mask;
	}
	return h;
}

static long long *put(struct hashmap *m, uint64_t key, const char *str, int *added)
{
	size_t h;

	if (!m->slots || (m->n + 1) * 4 > (m->mask + 1) * 3)
		rehash(m, m->slots ? (m->mask + 1) * 2 : MIN_SLOTS);
	h = find(m, key, str);
	if (added)
		*added = !m->slots[h].key;
	if (!m->slots[h].key) {
		m->slots[h].key = key;
		m->slots[h].value = 0;
		if (str)
			m->strings[h] = xstrdup(str);
		m->n++;
	}
	return &m->slots[h].value;
}

long long *hashmap_get(const struct hashmap *m, uint64_t key)
{
	size_t h;

	if (!m->slots)
		return NULL;
	h = find(m, key, NULL);
	return m->slots[h].key ? &m->slots[h].value : NULL;
}

long long *hashmap_put(struct hashmap *m, uint64_t key, int *added)
{
	return put(m, key, NULL, added);
}

void hashmap_prefetch(const struct hashmap *m, uint64_t key)
{
	if (m->slots)
		__builtin_prefetch(&m->slots[mix(key) & m->mask], 1);
}

long long *hashmap_get_str(const struct hashmap *m, const char *key)
{
	size_t h;

	if (!m->slots)
		return NULL;
	h = find(m, hashmap_hash_str(key), key);
	return m->slots[h].key ? &m->slots[h].value : NULL;
}

long long *hashmap_put_str(struct hashmap *m, const char *key, int *added)
{
	return put(m, hashmap_hash_str(key), key, added);
}
