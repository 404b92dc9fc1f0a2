/*
 * stats-source.h - what the statistics engine reads from the database.
 *
 * Two visitors: every organization (any order, any state), and every person
 * with a membership status and an organization, ordered by organization.
 * Only the fields the engine uses are filled (identity codes, membership
 * status and key dates; no names, ID numbers or contact data). This is the
 * only SQL of the statistics engine; stats/ never sees SQLite.
 */
#ifndef OW_STATS_SOURCE_H
#define OW_STATS_SOURCE_H

#include "core/error.h"
#include "model/org.h"
#include "model/person.h"

struct db;

/*
 * Calls fn for each row; the record is only valid during the call. A
 * non-zero return from fn stops the walk and is returned. Unknown keys
 * (kind, sector, occupation, status) become 0.
 */
int stats_source_orgs(struct db *db,
		      int (*fn)(const struct org *o, void *arg, struct error *err),
		      void *arg, struct error *err);
int stats_source_members(struct db *db,
			 int (*fn)(const struct person *p, void *arg,
				   struct error *err),
			 void *arg, struct error *err);

/* Reads the engine's fields of one person; ST_NOT_FOUND if no such id. */
int stats_source_person(struct db *db, long long id, struct person *out,
			struct error *err);
/* Reads one organization; ST_NOT_FOUND if no such id. */
int stats_source_org(struct db *db, long long id, struct org *out,
		     struct error *err);

#endif
