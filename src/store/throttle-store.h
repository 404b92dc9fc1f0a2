/*
 * throttle-store.h - the login_throttle table: counts of failed logins per
 * (login name, client address) and per client address.
 *
 * Row-level access only: the limits, the backoff and when rows are counted
 * or forgotten are decided in ops/users.c. A row of an address as a whole
 * has the empty login (a real login has 3-32 characters). Times are Unix
 * seconds. Not for: sessions or accounts (store/user-store.h).
 */
#ifndef OW_THROTTLE_STORE_H
#define OW_THROTTLE_STORE_H

#include "core/error.h"

struct db;

struct throttle_row {
	long long fails;      /* failures counted since the row was last forgotten */
	long long until_at;   /* refused before this time */
	long long last_at;    /* time of the last counted attempt */
};

/* Reads the row of (login, ip); a missing row reads as all zeroes (ST_OK). */
int throttle_store_get(struct db *db, const char *login, const char *ip,
		       struct throttle_row *out, struct error *err);
/* Inserts or replaces the row of (login, ip). */
int throttle_store_put(struct db *db, const char *login, const char *ip,
		       const struct throttle_row *row, struct error *err);
/* Deletes the row of (login, ip), if any. */
int throttle_store_delete(struct db *db, const char *login, const char *ip,
			  struct error *err);
/*
 * Deletes at most limit rows whose last attempt is before `before` and
 * whose lock has ended by `now`; *n = how many (n may be NULL).
 */
int throttle_store_expire(struct db *db, long long before, long long now, int limit,
			  long long *n, struct error *err);

#endif
