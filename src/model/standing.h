/*
 * standing.h - a member's dated standing and discipline records: lost
 * contact (失联), floating membership (流动党员), stopped party standing
 * (停止党籍) and the disciplinary sanctions of the Regulations on
 * Disciplinary Action (警告, 严重警告, 撤销党内职务, 留党察看, 开除党籍).
 *
 * Pure: the kinds and their keys, the record, and what a set of records
 * means on a day (in force, good standing, the person's flags). Not for
 * the order of the acts, the rules' values or their storage
 * (ops/standing-ops.h, store/standing-store.h).
 */
#ifndef OW_STANDING_H
#define OW_STANDING_H

#include <stddef.h>

enum standing_kind {
	SK_LOST_CONTACT = 1,   /* "lost_contact": until contact is regained */
	SK_FLOATING,           /* "floating": from/to, where and which organization takes them in */
	SK_STOPPED,            /* "stopped": stopped party standing, until restoration */
	SK_WARNING,            /* sanctions from here on */
	SK_SERIOUS_WARNING,
	SK_REMOVAL,            /* removal from party post */
	SK_PROBATION,          /* probation within the party, 1 or 2 years */
	SK_EXPULSION,          /* the end of the membership (ops/member-ops.h member_end) */
};

/* "lost_contact", ...; NULL for an unknown kind. */
const char *standing_kind_key(int kind);
/* The kind of a key ("serious_warning", or with a hyphen "serious-warning"); 0 when none. */
/*
 * The index (1..nr-1) of key in names (index 0 unused; '-' in key read as
 * '_', so "serious-warning" is "serious_warning"); 0 when not there.
 */
int standing_key_index(const char *const *names, int nr, const char *key);

int standing_kind_parse(const char *key);
/* 1 for the disciplinary sanctions (warning .. expulsion). */
int standing_kind_is_sanction(int kind);

/* Limits of the texts of a record (characters). */
#define STANDING_REF_MAX_CHARS 40     /* decision reference (文号) */
#define STANDING_TEXT_MAX_CHARS 200   /* search made, place, reason, note */

struct standing_record {
	long long id, person_id;
	int kind;                 /* enum standing_kind */
	int start;                /* day: contact lost, floating from, stopped, decided */
	int end;                  /* day it ends (exclusive), DATE_NONE while open */
	int years;                /* probation within the party: its term; else 0 */
	char reference[4 * STANDING_REF_MAX_CHARS + 1];
	long long by_org_id;      /* deciding organization (stopped, sanctions), 0 */
	long long host_org_id;    /* floating: the organization that takes them in, 0 */
	char detail[4 * STANDING_TEXT_MAX_CHARS + 1];   /* search made, place, reason */
	char end_note[4 * STANDING_TEXT_MAX_CHARS + 1]; /* how it ended (regained, restored) */
	char actor[64];
	char created_at[24];
};

/* Called per record by the walks of store/ and ops/; non-zero stops the walk. */
typedef int (*standing_visit_fn)(const struct standing_record *r, void *ctx);

void standing_record_init(struct standing_record *r);

/* 1 when r is in force on day: start <= day and (open or day < end). */
int standing_in_force(const struct standing_record *r, int day);

/*
 * Good standing on day: not under probation within the party and without
 * stopped party standing in force (the 50-year medal, DESIGN section 3).
 * 1 good, 0 not.
 */
int standing_good(const struct standing_record *r, size_t n, int day);

/* The enum member_flag bit a kind keeps in step (0 for sanctions). */
int standing_kind_flag(int kind);

#endif
