/*
 * charset.h - telling UTF-8 from GB18030 and converting GB18030 to UTF-8.
 *
 * Spreadsheet programs on Chinese Windows save CSV in the ANSI code page
 * (GBK, a subset of GB18030); everything else saves UTF-8, with or without a
 * byte-order mark. The rule is: bytes that are valid UTF-8 are UTF-8,
 * anything else is GB18030. Conversion streams through ICU (ucnv) so a file
 * of any size goes through a bounded buffer. This file is not a CSV parser
 * (formats/table-reader.h) and knows nothing about rows.
 */
#ifndef OW_CHARSET_H
#define OW_CHARSET_H

#include <stddef.h>

#include "core/error.h"
#include "core/strbuf.h"

enum charset { CHARSET_UTF8, CHARSET_GB18030 };

/*
 * Length of the longest prefix of buf[0..len) that is valid UTF-8 (no
 * overlongs, no surrogates, nothing above U+10FFFF). A truncated sequence at
 * the very end counts as invalid here; see charset_detect.
 */
size_t charset_utf8_valid_prefix(const char *buf, size_t len);

/* 1 if buf[0..len) is entirely valid UTF-8. */
int charset_is_utf8(const char *buf, size_t len);

/*
 * Decides the charset of a file from a sample of its first bytes. When
 * at_eof is 0 the sample may end in the middle of a character: an incomplete
 * sequence in the last three bytes is not held against UTF-8.
 * *bom_len receives the length of a byte-order mark to skip (UTF-8 EF BB BF,
 * GB18030 84 31 95 33), 0 if none.
 */
enum charset charset_detect(const char *buf, size_t len, int at_eof,
			    size_t *bom_len);

const char *charset_name(enum charset cs);

/* A streaming GB18030 -> UTF-8 converter. */
struct charset_conv;

/* ST_OK or ST_INTERNAL (ICU converter missing). *out owned by the caller. */
int charset_conv_new(struct charset_conv **out, struct error *err);
void charset_conv_free(struct charset_conv *cv);

/*
 * Converts in[0..len) and appends UTF-8 to out. Bytes of a character split
 * across calls are kept for the next call; flush = 1 on the last call.
 * Invalid bytes become U+FFFD. Returns ST_OK, ST_TOO_BIG (out's limit) or
 * ST_INVALID.
 */
int charset_conv_feed(struct charset_conv *cv, const char *in, size_t len,
		      int flush, struct strbuf *out, struct error *err);

/*
 * One-shot conversion of a whole GB18030 string to UTF-8 into out
 * (appended). Used by tests and small inputs.
 */
int charset_gb18030_to_utf8(const char *in, size_t len, struct strbuf *out,
			    struct error *err);

#endif
