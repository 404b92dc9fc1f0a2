/*
 * charset.c - UTF-8 validation, charset detection and GB18030 conversion.
 *
 * Validation is a plain byte loop with an ASCII fast path (eight bytes at a
 * time), fast enough to run over every byte of a large import. Conversion
 * uses ICU's ucnv_convertEx with a pivot buffer kept between calls, so a
 * character split across read() chunks converts correctly. Not for any other
 * legacy charset: Big5, Shift-JIS and UTF-16 files are not accepted.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucnv.h>

#include "core/xalloc.h"
#include "formats/charset.h"

/* Returns the length of a valid sequence at p (p < end), 0 if invalid, or
 * -1 if the sequence is valid so far but cut off by end. */
static int utf8_seq(const unsigned char *p, const unsigned char *end)
{
	unsigned c = p[0];
	int n;
	unsigned lo = 0x80, hi = 0xBF;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	for (int i = 1; i < n; i++) {
		if (p + i >= end)
			return -1;
		unsigned b = p[i];
		if (i == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF))
			return 0;
	}
	return n;
}

static size_t valid_prefix(const char *buf, size_t len, int *cut)
{
	const unsigned char *p = (const unsigned char *)buf;
	const unsigned char *end = p + len;

	*cut = 0;
	while (p < end) {
		if (end - p >= 8) {
			uint64_t w;
			memcpy(&w, p, 8);
			if (!(w & 0x8080808080808080ULL)) {
				p += 8;
				continue;
			}
		}
		if (*p < 0x80) {
			p++;
			continue;
		}
		/* the common three-byte sequences (all of CJK) without the
		 * general path: lead E1-EC or EE-EF takes any two
		 * continuation bytes */
		if (end - p >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
		    ((p[0] >= 0xE1 && p[0] <= 0xEC) || p[0] >= 0xEE) && p[0] <= 0xEF) {
			p += 3;
			continue;
		}
		int n = utf8_seq(p, end);
		if (n <= 0) {
			*cut = n < 0;
			break;
		}
		p += n;
	}
	return (size_t)(p - (const unsigned char *)buf);
}

size_t charset_utf8_valid_prefix(const char *buf, size_t len)
{
	int cut;

	return valid_prefix(buf, len, &cut);
}

int charset_is_utf8(const char *buf, size_t len)
{
	return charset_utf8_valid_prefix(buf, len) == len;
}

enum charset charset_detect(const char *buf, size_t len, int at_eof,
			    size_t *bom_len)
{
	int cut;
	size_t ok;

	*bom_len = 0;
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
		*bom_len = 3;
		return CHARSET_UTF8;
	}
	if (len >= 4 && !memcmp(buf, "\x84\x31\x95\x33", 4)) {
		*bom_len = 4;
		return CHARSET_GB18030;
	}
	ok = valid_prefix(buf, len, &cut);
	if (ok == len || (cut && !at_eof && len - ok < 4))
		return CHARSET_UTF8;
	return CHARSET_GB18030;
}

const char *charset_name(enum charset cs)
{
	return cs == CHARSET_GB18030 ? "GB18030" : "UTF-8";
}

#define PIVOT_SIZE 1024

struct charset_conv {
	UConverter *from, *to;
	UChar pivot[PIVOT_SIZE];
	UChar *pivot_source, *pivot_target;
	int reset;
};

int charset_conv_new(struct charset_conv **out, struct error *err)
{
	struct charset_conv *cv = xcalloc(1, sizeof(*cv));
	UErrorCode uerr = U_ZERO_ERROR;

	*out = NULL;
	cv->from = ucnv_open("GB18030", &uerr);
	if (U_SUCCESS(uerr))
		cv->to = ucnv_open("UTF-8", &uerr);
	if (U_FAILURE(uerr)) {
		charset_conv_free(cv);
		return error_set(err, ST_INTERNAL, NULL,
				 "cannot open the GB18030 converter: %s",
				 u_errorName(uerr));
	}
	cv->pivot_source = cv->pivot_target = cv->pivot;
	cv->reset = 1;
	*out = cv;
	return ST_OK;
}

void charset_conv_free(struct charset_conv *cv)
{
	if (!cv)
		return;
	if (cv->from)
		ucnv_close(cv->from);
	if (cv->to)
		ucnv_close(cv->to);
	free(cv);
}

int charset_conv_feed(struct charset_conv *cv, const char *in, size_t len,
		      int flush, struct strbuf *out, struct error *err)
{
	const char *src = in, *src_end = in + len;
	char tmp[16384];

	for (;;) {
		UErrorCode uerr = U_ZERO_ERROR;
		char *dst = tmp;

		ucnv_convertEx(cv->to, cv->from, &dst, tmp + sizeof(tmp), &src,
			       src_end, cv->pivot, &cv->pivot_source,
			       &cv->pivot_target, cv->pivot + PIVOT_SIZE,
			       cv->reset, flush, &uerr);
		cv->reset = 0;
		if (dst > tmp && strbuf_add(out, tmp, (size_t)(dst - tmp)))
			return error_setc(err, ST_TOO_BIG, NULL, "converted_too_big",
					  "converted text exceeds the size limit");
		if (uerr == U_BUFFER_OVERFLOW_ERROR)
			continue;
		if (U_FAILURE(uerr))
			return error_setc(err, ST_INVALID, NULL, "import_bad_encoding",
					  "GB18030 conversion failed: %s",
					  u_errorName(uerr));
		return ST_OK;
	}
}

int charset_gb18030_to_utf8(const char *in, size_t len, struct strbuf *out,
			    struct error *err)
{
	struct charset_conv *cv;
	int rc = charset_conv_new(&cv, err);

	if (rc)
		return rc;
	rc = charset_conv_feed(cv, in, len, 1, out, err);
	charset_conv_free(cv);
	return rc;
}
