/*
 * codes.h - the coded vocabularies of the domain, as tables.
 *
 * National standards: sex (GB/T 2261.1), ethnic groups (GB/T 3304: 01-56,
 * 97 other, 98 foreign origin), education (GB/T 4658). Project vocabularies:
 * occupation (the eight categories of the statistics bulletin), organization
 * kind, sector, membership status. Every table maps an integer code to a
 * stable ASCII key (stored in the database and used in JSON), a Chinese label
 * and an English label. Import, export, the template's drop-down lists and the
 * UI all read these tables; nothing else lists the values. Pure data: no I/O.
 */
#ifndef OW_CODES_H
#define OW_CODES_H

#include <stddef.h>

struct code_entry {
	int code;
	const char *key;      /* ASCII, stable: "male", "han", "full", "branch" */
	const char *zh;       /* 男, 汉族, 正式党员, 党支部 */
	const char *en;       /* Male, Han, Full member, Branch */
};

struct code_table {
	const char *name;     /* "sex", "ethnicity", ... */
	const struct code_entry *entries;
	size_t n;
	int two_digits;       /* codes printed as two digits ("01") */
	const struct code_alias *aliases; /* other common names, or NULL */
	size_t nr_aliases;
};

/* A common name of an entry that is neither its key nor its label. */
struct code_alias {
	const char *text;
	int code;
};

extern const struct code_table code_sex;
extern const struct code_table code_ethnicity;
extern const struct code_table code_education;
extern const struct code_table code_occupation;
extern const struct code_table code_org_kind;
extern const struct code_table code_sector;
extern const struct code_table code_member_status;

/* Entry with that code, or NULL. */
const struct code_entry *code_by_code(const struct code_table *t, int code);
/* Entry with that key (exact), or NULL. */
const struct code_entry *code_by_key(const struct code_table *t, const char *key);
/*
 * Reads what a person typed in a form or spreadsheet cell: the numeric code
 * ("1", "01"), the key, the Chinese label, the Chinese label without its
 * generic suffix (汉 for 汉族), the English label (case-insensitive), or a
 * common name of the table's alias list (本科, 大专, 中专 for education).
 * Surrounding spaces are ignored. Returns the entry or NULL.
 */
const struct code_entry *code_parse(const struct code_table *t, const char *text);

/* Sex codes (GB/T 2261.1). */
enum { SEX_UNKNOWN = 0, SEX_MALE = 1, SEX_FEMALE = 2, SEX_UNSPECIFIED = 9 };
/* Ethnicity: 1 = Han; anything else is a minority (97, 98 included). */
enum { ETHNICITY_HAN = 1 };
/* Education (GB/T 4658): true for 研究生, 大学本科, 大学专科 (codes 10-39). */
int education_is_college(int code);

enum occupation {
	OCC_WORKERS = 1, OCC_FARMERS, OCC_PROFESSIONALS, OCC_MANAGERS,
	OCC_GOV_STAFF, OCC_STUDENTS, OCC_OTHER, OCC_RETIRED,
};

enum org_kind {
	ORG_COMMITTEE = 1, ORG_WORKING_COMMITTEE, ORG_LEADING_GROUP,
	ORG_GENERAL_BRANCH, ORG_BRANCH, ORG_PARTY_GROUP, ORG_TEMPORARY,
};

enum sector {
	SECTOR_RURAL = 1, SECTOR_COMMUNITY, SECTOR_AGENCY, SECTOR_INSTITUTION,
	SECTOR_SOE, SECTOR_NON_PUBLIC, SECTOR_UNIVERSITY, SECTOR_SOCIAL,
	SECTOR_OTHER,
};

enum member_status {
	MS_APPLICANT = 1, MS_ACTIVIST, MS_TARGET, MS_PROBATIONARY, MS_FULL,
	MS_WITHDRAWN, MS_EXPELLED, MS_DECEASED,
};

/* Member flags (bit set). */
enum member_flag { MF_LOST_CONTACT = 1, MF_FLOATING = 2, MF_SUSPENDED = 4 };

#endif
