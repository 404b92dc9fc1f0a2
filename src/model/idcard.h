/*
 * idcard.h - citizen identity numbers (GB 11643-1999).
 *
 * An 18-character number is 6 digits of region, 8 of birth date, 3 of
 * sequence (odd = male) and a check character computed from the first 17
 * digits with weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, sum mod 11 mapped
 * 0..10 -> 1 0 X 9 8 7 6 5 4 3 2. The old 15-digit form (6 region, 6 birth
 * date yyMMdd in 19yy, 3 sequence) is converted by inserting "19" and
 * appending the check character. Pure: no I/O, no allocation.
 */
#ifndef OW_IDCARD_H
#define OW_IDCARD_H

#include <stddef.h>

#define IDCARD_SIZE 19  /* 18 characters + NUL */

struct idcard_info {
	char normalized[IDCARD_SIZE]; /* 18 chars, upper-case X */
	char region[7];               /* first six digits */
	int birth_date;               /* day number (core/date.h) */
	int sex;                      /* SEX_MALE or SEX_FEMALE (codes.h) */
};

/*
 * Checks text (surrounding spaces ignored; lower-case x accepted; 15 or 18
 * characters). On success fills *info and returns ST_OK. On failure returns
 * ST_INVALID and writes a one-line English reason into reason (if non-NULL):
 * wrong length, non-digit, impossible birth date, birth date in the future,
 * wrong check character (naming the expected one).
 */
int idcard_check(const char *text, struct idcard_info *info, char *reason,
		 size_t reason_size);

/*
 * Why a number was refused, for wording it in any language: a stable code
 * (a literal: "id_number_check_digit", "id_number_length", ...) and up to
 * two parameters ({"expected":"1","found":"7"}).
 */
struct idcard_why {
	const char *code;
	int nr;
	char key[2][16];
	char value[2][40];
};

/* idcard_check that also fills *why (when non-NULL) on failure. */
int idcard_check_why(const char *text, struct idcard_info *info, char *reason,
		     size_t reason_size, struct idcard_why *why);

/* The check character ('0'-'9' or 'X') for 17 digits. */
char idcard_check_char(const char *digits17);

#endif
