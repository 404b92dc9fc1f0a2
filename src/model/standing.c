/*
 * standing.c - the kinds of standing and discipline records and what they
 * mean on a day (standing.h). Not for the order of the acts (ops/
 * standing-ops.c) nor SQL (store/standing-store.c).
 */
#include <string.h>

#include "core/date.h"
#include "model/codes.h"
#include "model/standing.h"

static const char *const keys[] = {
	[SK_LOST_CONTACT] = "lost_contact", [SK_FLOATING] = "floating",
	[SK_STOPPED] = "stopped", [SK_WARNING] = "warning",
	[SK_SERIOUS_WARNING] = "serious_warning", [SK_REMOVAL] = "removal",
	[SK_PROBATION] = "probation", [SK_EXPULSION] = "expulsion",
};
#define NR_KEYS ((int)(sizeof(keys) / sizeof(keys[0])))

const char *standing_kind_key(int kind)
{
	return kind > 0 && kind < NR_KEYS ? keys[kind] : NULL;
}

int standing_key_index(const char *const *names, int nr, const char *key)
{
	char k[24];
	size_t n;

	if (!key || (n = strlen(key)) >= sizeof(k))
		return 0;
	for (size_t i = 0; i <= n; i++)
		k[i] = key[i] == '-' ? '_' : key[i];
	for (int i = 1; i < nr; i++)
		if (names[i] && !strcmp(names[i], k))
			return i;
	return 0;
}

int standing_kind_parse(const char *key)
{
	return standing_key_index(keys, NR_KEYS, key);
}

int standing_kind_is_sanction(int kind)
{
	return kind >= SK_WARNING && kind <= SK_EXPULSION;
}

void standing_record_init(struct standing_record *r)
{
	memset(r, 0, sizeof(*r));
	r->start = r->end = DATE_NONE;
}

int standing_in_force(const struct standing_record *r, int day)
{
	return r->start != DATE_NONE && r->start <= day && (r->end == DATE_NONE || day < r->end);
}

int standing_good(const struct standing_record *r, size_t n, int day)
{
	for (size_t i = 0; i < n; i++)
		if ((r[i].kind == SK_PROBATION || r[i].kind == SK_STOPPED) &&
		    standing_in_force(&r[i], day))
			return 0;
	return 1;
}

int standing_kind_flag(int kind)
{
	switch (kind) {
	case SK_LOST_CONTACT: return MF_LOST_CONTACT;
	case SK_FLOATING: return MF_FLOATING;
	case SK_STOPPED: return MF_SUSPENDED;
	default: return 0;
	}
}
