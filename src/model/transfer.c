/*
 * transfer.c - the pure rules of a transfer letter (transfer.h): status
 * keys, the validity of a letter, the refused destinations, the status on
 * a day. Not for the acts themselves (ops/transfer-ops.c).
 */
#include <string.h>
#include <strings.h>

#include "core/date.h"
#include "model/transfer.h"

static const char *const status_keys[] = { NULL, "in_transit", "received", "returned" };
#define NR_STATUS ((int)(sizeof(status_keys) / sizeof(status_keys[0])))

const char *transfer_status_key(int status)
{
	return status > 0 && status < NR_STATUS ? status_keys[status] : NULL;
}

int transfer_status_parse(const char *key)
{
	char k[16];
	size_t n;

	if (!key || (n = strlen(key)) >= sizeof(k))
		return 0;
	for (size_t i = 0; i <= n; i++)
		k[i] = key[i] == '-' ? '_' : key[i];
	for (int s = 1; s < NR_STATUS; s++)
		if (!strcmp(status_keys[s], k))
			return s;
	return 0;
}

void transfer_init(struct transfer *t)
{
	memset(t, 0, sizeof(*t));
	t->issued = t->valid_until = t->received = t->returned = DATE_NONE;
}

int transfer_validity(int issued, int valid_days, int max_months, int *valid_until,
		      struct error *err)
{
	int max_days = date_add_months(issued, max_months) - issued;

	if (valid_days == 0)
		valid_days = max_days;
	if (valid_days < 1 || valid_days > max_days) {
		error_setc(err, ST_INVALID, "valid_days", "transfer_validity",
			   "a letter is valid for 1 to %d days (%d months from its date)",
			   max_days, max_months);
		error_param(err, "max", "%d", max_days);
		error_param(err, "months", "%d", max_months);
		return ST_INVALID;
	}
	*valid_until = issued + valid_days - 1;
	return ST_OK;
}

/* Words that name a destination abroad or in the military system. */
static const char *const abroad_words[] = {
	"abroad", "overseas", "foreign", "境外", "国外", "出国", "海外", NULL,
};
static const char *const military_words[] = {
	"military", "army", "pla", "armed-forces", "armed_forces", "军队", "部队",
	"解放军", "武警", NULL,
};

static int names(const char *const *words, const char *text)
{
	for (size_t i = 0; words[i]; i++) {
		size_t n = strlen(words[i]);
		if (!strncasecmp(text, words[i], n) && (!text[n] || text[n] == ':' ||
							 text[n] == '/'))
			return 1;
	}
	return 0;
}

int transfer_destination_check(const char *text, struct error *err)
{
	if (!text)
		return ST_OK;
	if (names(abroad_words, text))
		return error_setc(err, ST_INVALID, "to", "transfer_abroad",
				  "a transfer abroad is not made by introduction letter: the"
				  " relationship of a member going abroad stays with their"
				  " organization at home (members abroad: the organization"
				  " department's own procedure)");
	if (names(military_words, text))
		return error_setc(err, ST_INVALID, "to", "transfer_military",
				  "a transfer into the military system is not made here: the"
				  " armed forces' organizations receive members through their"
				  " political work departments");
	return ST_OK;
}

int transfer_stuck_on(const struct transfer *t, int day)
{
	return transfer_status_on(t, day) == TS_IN_TRANSIT && t->valid_until < day;
}

int transfer_status_on(const struct transfer *t, int day)
{
	if (t->issued == DATE_NONE || day < t->issued)
		return 0;
	if (t->received != DATE_NONE && day >= t->received)
		return TS_RECEIVED;
	if (t->returned != DATE_NONE && day >= t->returned)
		return TS_RETURNED;
	return TS_IN_TRANSIT;
}
