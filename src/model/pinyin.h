/*
 * pinyin.h - Chinese names as pinyin, initials and collation keys.
 *
 * pinyin_of_name() gives the toneless lower-case pinyin of a name with no
 * separators ("zhangsan") and its initials ("zs"). Readings of Han
 * characters come from ICU (transliterator "Han-Latin; Latin-ASCII"), read once per
 * character into a table at first use; the first character of a name is read
 * with a surname table where the surname reading differs from the common one
 * (曾 zeng, 单 shan, 区 ou, 解 xie, 仇 qiu, 朴 piao, 查 zha, 盖 ge, 种 chong, ...).
 * Latin letters and digits pass through lower-cased; other characters
 * (spaces, the middle dot of minority names) are dropped.
 * pinyin_sort_key() gives the ICU "zh" collation sort key (pinyin order), a
 * byte string to compare with memcmp. Thread-safe after pinyin_init().
 */
#ifndef OW_PINYIN_H
#define OW_PINYIN_H

#include <stddef.h>

/* Loads the tables (idempotent, also called lazily). ST_OK or ST_INTERNAL. */
int pinyin_init(void);
void pinyin_release(void);

/*
 * name: UTF-8. Writes NUL-terminated results, truncating at a character
 * boundary when the buffers are too small. Returns ST_OK, or ST_INVALID when
 * name is not valid UTF-8.
 */
int pinyin_of_name(const char *name, char *pinyin, size_t pinyin_size,
		   char *initials, size_t initials_size);

/* Collation key of name in out; returns its length (0 on failure). */
size_t pinyin_sort_key(const char *name, unsigned char *out, size_t size);

/*
 * Normalizes a search query typed by a user: lower-case, spaces and
 * apostrophes removed. Tells whether it is ASCII letters only (a pinyin or
 * initials query) or contains Han characters (a substring query).
 */
enum query_kind { QUERY_HANZI, QUERY_LATIN, QUERY_OTHER };
enum query_kind pinyin_normalize_query(const char *q, char *out, size_t size);

#endif
