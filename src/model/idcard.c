/*
 * idcard.c - checking and normalizing citizen identity numbers
 * (GB 11643-1999).
 *
 * Reads an 18-character number (or the old 15-digit form, converted to 18),
 * verifies its structure, province prefix, birth date and check character,
 * and derives birth date and sex. It does not know the full register of
 * county-level region codes (only the province prefix is verified), does not
 * encrypt or store numbers (store/ and the blind index do that) and does no
 * I/O. Pure: no allocation.
 *
 * Accepted province prefixes are the current provincial divisions of GB/T 2260
 * (11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71 Taiwan) and 81, 82, 83, which
 * head the numbers of the residence permits of Hong Kong, Macao and Taiwan
 * residents (same format, same check character). Numbers issued before the
 * creation of Hainan (46, 1988) and Chongqing (50, 1997) keep the Guangdong
 * (44) and Sichuan (51) prefixes, which are in the set anyway. The 9x numbers
 * of foreigners' permanent residence cards are not citizen numbers and are
 * rejected.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/error.h"
#include "core/utf8.h"
#include "model/codes.h"
#include "model/idcard.h"

static const int idcard_weights[17] = {
	7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2
};
static const char idcard_check_chars[11] = {
	'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'
};

static const int province_prefixes[] = {
	11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37,
	41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65,
	71, 81, 82, 83,
};

/* The earliest birth date accepted: older numbers are typing errors. */
#define IDCARD_MIN_YEAR 1880

char idcard_check_char(const char *digits17)
{
	int sum = 0;

	for (int i = 0; i < 17; i++) {
		if (digits17[i] < '0' || digits17[i] > '9')
			return '?';
		sum += (digits17[i] - '0') * idcard_weights[i];
	}
	return idcard_check_chars[sum % 11];
}

static void set_reason(char *reason, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_reason(char *reason, size_t size, const char *fmt, ...)
{
	va_list ap;

	if (!reason || size == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(reason, size, fmt, ap);
	va_end(ap);
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	       c == '\f';
}

/* Narrows [*s, *s + *n) by ASCII spaces and U+3000 on both sides. */
static void trim(const char **s, size_t *n)
{
	const char *p = *s;
	size_t len = *n;

	for (;;) {
		if (len > 0 && is_space((unsigned char)p[0])) {
			p++;
			len--;
		} else if (len >= 3 && !memcmp(p, "\xe3\x80\x80", 3)) {
			p += 3;
			len -= 3;
		} else {
			break;
		}
	}
	for (;;) {
		if (len > 0 && is_space((unsigned char)p[len - 1]))
			len--;
		else if (len >= 3 && !memcmp(p + len - 3, "\xe3\x80\x80", 3))
			len -= 3;
		else
			break;
	}
	*s = p;
	*n = len;
}

/*
 * Reports the first character of s (n bytes of UTF-8) that is not an ASCII
 * digit, allowing 'X'/'x' as the last one when allow_x_last. Returns 1 if one
 * was found (and writes the reason), else 0.
 */
static void why_set(struct idcard_why *why, const char *code, const char *k1,
		    const char *v1, const char *k2, const char *v2)
{
	if (!why)
		return;
	why->code = code;
	why->nr = 0;
	if (k1) {
		snprintf(why->key[0], sizeof(why->key[0]), "%s", k1);
		snprintf(why->value[0], sizeof(why->value[0]), "%s", v1);
		why->nr = 1;
	}
	if (k2) {
		snprintf(why->key[1], sizeof(why->key[1]), "%s", k2);
		snprintf(why->value[1], sizeof(why->value[1]), "%s", v2);
		why->nr = 2;
	}
}

static int bad_character(const char *s, size_t n, int allow_x_last,
			 char *reason, size_t size, struct idcard_why *why)
{
	size_t pos = 0;

	for (size_t i = 0; i < n; pos++) {
		unsigned char c = (unsigned char)s[i];
		size_t len = 1;
		if (c >= 0x80) {
			while (i + len < n && ((unsigned char)s[i + len] & 0xC0) == 0x80)
				len++;
		}
		int last = i + len == n;
		int ok = (c >= '0' && c <= '9') ||
			 (last && allow_x_last && (c == 'X' || c == 'x'));
		if (!ok) {
			const char *want = last && allow_x_last ?
				"a digit or X" : "a digit";
			char at[24];
			snprintf(at, sizeof(at), "%zu", pos + 1);
			why_set(why, "id_number_character", "position", at, "expected",
				last && allow_x_last ? "digit_or_x" : "digit");
			if (c >= 0x80)
				set_reason(reason, size, "character %zu is '%.*s', expected %s",
					   pos + 1, (int)len, s + i, want);
			else if (c > 0x20 && c < 0x7F)
				set_reason(reason, size, "character %zu is '%c', expected %s",
					   pos + 1, c, want);
			else
				set_reason(reason, size,
					   "character %zu is a control character or space, expected %s",
					   pos + 1, want);
			return 1;
		}
		i += len;
	}
	return 0;
}

static int province_known(int p)
{
	for (size_t i = 0; i < sizeof(province_prefixes) / sizeof(province_prefixes[0]); i++)
		if (province_prefixes[i] == p)
			return 1;
	return 0;
}

static int num(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static _Atomic int today_seen = INT_MIN;

int idcard_check(const char *text, struct idcard_info *info, char *reason,
		 size_t reason_size)
{
	return idcard_check_why(text, info, reason, reason_size, NULL);
}

int idcard_check_why(const char *text, struct idcard_info *info, char *reason,
		     size_t reason_size, struct idcard_why *why)
{
	char pv[2][40];
	char id[IDCARD_SIZE];
	const char *s = text ? text : "";
	size_t n = strlen(s);

	if (reason && reason_size)
		reason[0] = '\0';
	trim(&s, &n);
	if (n == 0) {
		set_reason(reason, reason_size, "ID number is empty");
		why_set(why, "required", NULL, NULL, NULL, NULL);
		return ST_INVALID;
	}
	long chars = utf8_count_chars_n(s, n);
	if (chars < 0) {
		set_reason(reason, reason_size, "ID number is not valid UTF-8 text");
		why_set(why, "invalid_text", NULL, NULL, NULL, NULL);
		return ST_INVALID;
	}
	if (chars != 18 && chars != 15) {
		set_reason(reason, reason_size,
			   "ID number has %ld characters, expected 18 (or 15 for the old form)",
			   chars);
		snprintf(pv[0], sizeof(pv[0]), "%ld", chars);
		why_set(why, "id_number_length", "chars", pv[0], NULL, NULL);
		return ST_INVALID;
	}
	if (bad_character(s, n, chars == 18, reason, reason_size, why))
		return ST_INVALID;
	/* Only ASCII is left: n == chars. */
	if (n == 18) {
		memcpy(id, s, 18);
		if (id[17] == 'x')
			id[17] = 'X';
	} else {
		memcpy(id, s, 6);
		id[6] = '1';
		id[7] = '9';
		memcpy(id + 8, s + 6, 9);
		id[17] = idcard_check_char(id);
	}
	id[18] = '\0';

	if (!province_known(num(id, 2))) {
		set_reason(reason, reason_size,
			   "region %.6s does not start with a province code (%.2s is none)",
			   id, id);
		snprintf(pv[0], sizeof(pv[0]), "%.6s", id);
		why_set(why, "id_number_region", "region", pv[0], NULL, NULL);
		return ST_INVALID;
	}

	int y = num(id + 6, 4), m = num(id + 10, 2), d = num(id + 12, 2);
	if (m < 1 || m > 12 || d < 1 || y < 1 ||
	    d > date_days_in_month(y, m)) {
		set_reason(reason, reason_size,
			   "birth date %.8s is not a real date", id + 6);
		snprintf(pv[0], sizeof(pv[0]), "%.8s", id + 6);
		why_set(why, "id_number_birth_date", "date", pv[0], NULL, NULL);
		return ST_INVALID;
	}
	if (y < IDCARD_MIN_YEAR) {
		set_reason(reason, reason_size,
			   "birth date %04d-%02d-%02d is before %d-01-01", y, m, d,
			   IDCARD_MIN_YEAR);
		snprintf(pv[0], sizeof(pv[0]), "%04d-%02d-%02d", y, m, d);
		snprintf(pv[1], sizeof(pv[1]), "%d-01-01", IDCARD_MIN_YEAR);
		why_set(why, "id_number_too_early", "date", pv[0], "min", pv[1]);
		return ST_INVALID;
	}
	/* today never goes back within a process: a birth on or before a day
	 * seen as today earlier needs no new look at the clock (nor at
	 * ORGWORK_TODAY) */
	int birth = date_from_ymd(y, m, d);
	int today = atomic_load_explicit(&today_seen, memory_order_relaxed);
	if (today == INT_MIN || birth > today) {
		today = date_today();
		atomic_store_explicit(&today_seen, today, memory_order_relaxed);
	}
	if (birth > today) {
		char tbuf[DATE_STR_SIZE];
		set_reason(reason, reason_size,
			   "birth date %04d-%02d-%02d is after today (%s)", y, m, d,
			   date_format(today, tbuf));
		snprintf(pv[0], sizeof(pv[0]), "%04d-%02d-%02d", y, m, d);
		why_set(why, "id_number_future", "date", pv[0], "today", tbuf);
		return ST_INVALID;
	}

	char want = idcard_check_char(id);
	if (id[17] != want) {
		set_reason(reason, reason_size, "check character is %c, expected %c",
			   id[17], want);
		snprintf(pv[0], sizeof(pv[0]), "%c", want);
		snprintf(pv[1], sizeof(pv[1]), "%c", id[17]);
		why_set(why, "id_number_check_digit", "expected", pv[0], "found", pv[1]);
		return ST_INVALID;
	}

	if (info) {
		memcpy(info->normalized, id, IDCARD_SIZE);
		memcpy(info->region, id, 6);
		info->region[6] = '\0';
		info->birth_date = birth;
		info->sex = (id[16] - '0') % 2 ? SEX_MALE : SEX_FEMALE;
	}
	return ST_OK;
}
