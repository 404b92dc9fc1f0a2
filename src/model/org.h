/*
 * org.h - an organization of the tree (党组织), as a plain value.
 *
 * Kinds and sectors are the code tables of codes.h. A temporary organization
 * carries a purpose and an end date; a party group of the community grid may
 * carry a building/address label. The leadership term is term_start plus
 * term_years. org_validate() holds the rules of a well-formed record; moves,
 * merges and cycles are checked in ops/ where the tree is known. Pure.
 */
#ifndef OW_ORG_H
#define OW_ORG_H

#include "core/error.h"

#define ORG_CODE_SIZE 40
#define ORG_NAME_SIZE 256
#define ORG_TEXT_SIZE 256
#define DIVISION_SIZE 13
#define ORG_CODE_MAX_CHARS 39
#define ORG_NAME_MAX_CHARS 80

/*
 * Level of a local party committee above the grassroots. Township/street
 * committees and everything below them are grassroots (the bulletin's
 * "grassroots organizations" count only ORG_LEVEL_GRASSROOTS).
 */
enum org_level {
	ORG_LEVEL_GRASSROOTS = 0, ORG_LEVEL_COUNTY = 1, ORG_LEVEL_CITY = 2,
	ORG_LEVEL_PROVINCE = 3, ORG_LEVEL_CENTRAL = 4,
};

struct org {
	long long id;                  /* 0 until stored */
	long long parent_id;           /* 0 for a root */
	char code[ORG_CODE_SIZE];      /* unique organization code */
	char name[ORG_NAME_SIZE];
	int kind;                      /* enum org_kind */
	int sector;                    /* enum sector */
	char division[DIVISION_SIZE];  /* NBS division code (2..12 digits) or "" */
	int level;                     /* enum org_level */
	int established;               /* day number */
	int dissolved;                 /* DATE_NONE while active */
	long long merged_into;         /* when dissolved by a merge */
	char purpose[ORG_TEXT_SIZE];   /* temporary organizations */
	int end_date;                  /* temporary organizations */
	char label[ORG_TEXT_SIZE];     /* building / address label of a group */
	int term_start;                /* leadership term start, DATE_NONE if none */
	int term_years;                /* 0 = the term rule of the kind and sector */
};

void org_init(struct org *o);

/*
 * Code: 1-39 characters of [A-Za-z0-9_.-]; name 1-80 characters; purpose
 * and label valid UTF-8 (the limits of org_set_text()); kind and
 * sector from their tables; division empty or 2, 4, 6, 9 or 12 digits;
 * established given, not in the future; a temporary organization needs a
 * purpose and an end date after its establishment; term_years 0-10.
 */
int org_validate(struct org *o, int today, struct error *err);

/* The text fields of an organization, for org_set_text(). */
enum org_text {
	ORG_TEXT_CODE,       /* "code" */
	ORG_TEXT_NAME,       /* "name" */
	ORG_TEXT_DIVISION,   /* "division" */
	ORG_TEXT_PURPOSE,    /* "purpose" */
	ORG_TEXT_LABEL,      /* "label" */
};

/*
 * The one place where the length and encoding of an organization's text
 * fields are checked: the API body decoder, the CLI option parser and
 * org_rename() set the fields through it, so all refuse the same value with
 * the same error, and org_validate() applies the same limits. Copies value
 * into field f of o; NULL clears the field. When the value does not fit, o
 * is left unchanged and ST_INVALID is returned with err naming the field by
 * its API name ("code", "name", "division", "purpose", "label"): "<field> is
 * not valid UTF-8 text" (name, purpose, label), "code is longer than 39
 * characters", "name is longer than 80 characters", or "<field> is longer
 * than N bytes" (the size of the field's array less one). The formats (code
 * characters, division digits) are org_validate()'s.
 */
int org_set_text(struct org *o, enum org_text f, const char *value,
		 struct error *err);

/*
 * The one rule for an argument that names an organization where a person
 * types it (CLI arguments and options, the organization column of import
 * files, the statistics reports): the argument is an organization code; a
 * database id is written with the prefix ORG_ID_PREFIX ("id:11"), which no
 * code can hold (codes are letters, digits, '_', '-', '.'). Territorial
 * codes are all digits, so a bare number is always a code, never an id.
 * On success exactly one of *id (> 0) and *code (s itself) is set, the
 * other cleared. ST_INVALID naming field when s is empty or "id:" is not
 * followed by a positive integer. The HTTP API names organizations by id in
 * its paths and parameters and does not use this.
 */
#define ORG_ID_PREFIX "id:"
int org_ref_parse(const char *s, const char *field, long long *id, const char **code,
		  struct error *err);

/* The API name of a text field ("code", "name", ...). */
const char *org_text_name(enum org_text f);

/*
 * The state of o on day, as a key: "not_established" before its
 * establishment, "merged" or "dissolved" from its dissolution on, "ended"
 * for a temporary organization after its end date that has not been
 * dissolved (its task is over: it takes no new members and waits for the
 * act that dissolves it), otherwise "active". Static strings.
 */
const char *org_state_on(const struct org *o, int day);

/*
 * 1 when an organization with division code `division` does not lie in the
 * division `parent_division` of its parent (the parent's code is not a
 * prefix of its own: a village committee moved to another township keeps
 * the code of its old place), 0 when it does or either code is empty.
 */
int org_division_outside(const char *division, const char *parent_division);

/* The term length in force when term_years is 0 is a catalogue rule:
 * model/rules.h rules_term_key(), ops/rules-ops.h org_term(). */

/* A version of an organization: what it was called and where it hung. */
struct org_version {
	long long org_id;
	int valid_from;      /* day */
	int valid_to;        /* DATE_NONE while current */
	char name[ORG_NAME_SIZE];
	long long parent_id;
	int kind;
	char state[16];      /* "active" or "dissolved" */
};

#endif
