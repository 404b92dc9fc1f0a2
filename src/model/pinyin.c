/*
 * pinyin.c - pinyin, initials and pinyin-order sort keys of Chinese names.
 *
 * Readings of Han characters come from ICU's "Han-Latin" transliterator,
 * folded to toneless lower-case ASCII ("Latin-ASCII" folding: ü -> u).
 * Compiling that transliterator takes about 0.15 s and reading a character
 * through it about 7 µs, so the readings of the 27,648 code points of the
 * CJK Unified Ideographs block and its Extension A (U+3400..U+9FFF) are not
 * all read at start: each one is read once, the first time a name uses it,
 * and kept in a table of 16-bit syllable numbers (a syllable pool of a few
 * hundred entries). A table entry is published with a release store after
 * its syllable is in the pool, so lookups take no lock; only a first read
 * takes fill_lock (the transliterator is not shared between threads).
 * Han characters outside the table (Extension B and later, compatibility
 * ideographs) are read through ICU each time, under the same lock.
 *
 * The first Han character of a name (or the first two, for a compound
 * surname) is read from the surname table below when the surname reading
 * differs from the common one, or to pin a reading that ICU might change.
 *
 * Sort keys come from one ICU collator for locale "zh" (pinyin order),
 * opened once and shared: ucol_getSortKey() takes a const collator, and ICU
 * allows concurrent use of const APIs on a service object.
 *
 * Not for: full-text search, word segmentation, tone marks, polyphones in
 * ordinary text (only the surname position is treated), Cantonese or other
 * romanizations.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucol.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "core/error.h"
#include "core/xalloc.h"
#include "model/pinyin.h"

#define TABLE_LO 0x3400
#define TABLE_HI 0x9FFF
#define TABLE_N (TABLE_HI - TABLE_LO + 1)

/* Table entries: 0 = not read yet, 1 = no reading, n >= 2 = syllable n. */
#define READING_UNKNOWN 0
#define READING_NONE 1

#define SYLL_MAX 2048  /* distinct toneless readings; a few hundred in practice */
#define SYLL_WIDTH 16  /* longest reading + NUL ("zhuang" is 6) */

static _Atomic uint16_t reading_of[TABLE_N];
static char syll_text[SYLL_MAX][SYLL_WIDTH];
static unsigned syll_count = 2;          /* guarded by fill_lock */
static pthread_mutex_t fill_lock = PTHREAD_MUTEX_INITIALIZER;

/* ICU objects; set under init_lock, read after an acquire load of ready. */
static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int ready;
static UTransliterator *translit;        /* used under fill_lock only */
static UCollator *collator;             /* shared, const use only */

/*
 * Surnames whose reading differs from the common one, compound surnames,
 * and a few surnames whose common reading is pinned here so that an ICU
 * update cannot change them. Readings: toneless, one space between the
 * syllables of a compound surname. Single 尉 is wei (尉健行); only 尉迟 is
 * yuchi. 万 is wan; only 万俟 is moqi.
 */
static const struct {
	const char *han;
	const char *reading;
} surname_src[] = {
	/* common reading differs */
	{ "曾", "zeng" },  { "单", "shan" },  { "区", "ou" },    { "解", "xie" },
	{ "仇", "qiu" },   { "朴", "piao" },  { "查", "zha" },   { "盖", "ge" },
	{ "种", "chong" }, { "繁", "po" },    { "覃", "qin" },   { "乐", "yue" },
	{ "员", "yun" },   { "召", "shao" },  { "缪", "miao" },  { "翟", "zhai" },
	{ "祭", "zhai" },  { "秘", "bi" },    { "折", "she" },   { "阚", "kan" },
	{ "隗", "wei" },   { "句", "gou" },   { "薄", "bo" },    { "藏", "zang" },
	{ "能", "nai" },   { "都", "du" },    { "长", "chang" }, { "宓", "fu" },
	{ "洗", "xian" },  { "蔚", "yu" },    { "颉", "xie" },   { "炅", "gui" },
	{ "重", "chong" }, { "角", "jue" },   { "乜", "nie" },   { "六", "lu" },
	{ "粘", "nian" },
	/* pinned */
	{ "尉", "wei" },   { "郇", "huan" },  { "冼", "xian" },  { "柏", "bai" },
	{ "纪", "ji" },    { "任", "ren" },   { "沈", "shen" },  { "石", "shi" },
	{ "朝", "chao" },  { "车", "che" },   { "燕", "yan" },   { "华", "hua" },
	{ "宁", "ning" },  { "尚", "shang" }, { "相", "xiang" }, { "贲", "ben" },
	{ "过", "guo" },   { "那", "na" },    { "万", "wan" },   { "牟", "mou" },
	{ "褚", "chu" },   { "莘", "shen" },  { "谌", "chen" },  { "贾", "jia" },
	/* compound surnames */
	{ "欧阳", "ou yang" },     { "司马", "si ma" },       { "诸葛", "zhu ge" },
	{ "尉迟", "yu chi" },      { "万俟", "mo qi" },       { "长孙", "zhang sun" },
	{ "单于", "chan yu" },     { "澹台", "tan tai" },     { "令狐", "ling hu" },
	{ "皇甫", "huang fu" },    { "上官", "shang guan" },  { "东方", "dong fang" },
	{ "公孙", "gong sun" },    { "慕容", "mu rong" },     { "宇文", "yu wen" },
	{ "夏侯", "xia hou" },     { "呼延", "hu yan" },      { "端木", "duan mu" },
	{ "南宫", "nan gong" },    { "司徒", "si tu" },       { "司空", "si kong" },
	{ "闻人", "wen ren" },     { "轩辕", "xuan yuan" },   { "钟离", "zhong li" },
	{ "淳于", "chun yu" },     { "濮阳", "pu yang" },     { "申屠", "shen tu" },
	{ "赫连", "he lian" },     { "拓跋", "tuo ba" },      { "西门", "xi men" },
	{ "东郭", "dong guo" },    { "百里", "bai li" },      { "鲜于", "xian yu" },
	{ "闾丘", "lu qiu" },      { "子车", "zi ju" },       { "亓官", "qi guan" },
	{ "公冶", "gong ye" },     { "太史", "tai shi" },     { "仲孙", "zhong sun" },
	{ "第五", "di wu" },       { "乐正", "yue zheng" },   { "左丘", "zuo qiu" },
};

#define SURNAME_N (sizeof(surname_src) / sizeof(surname_src[0]))

struct surname {
	uint32_t c1, c2;        /* c2 = 0 for a single-character surname */
	const char *reading;
};

static struct surname surnames[SURNAME_N]; /* sorted by (c1, c2) */

/* Fallback readings for characters ICU leaves unread (units of measure). */
static const struct {
	uint32_t cp;
	const char *reading;
} fallback[] = {
	{ 0x5159, "shike" },  /* 兙 decagram */
	{ 0x5161, "baike" },  /* 兡 hectogram */
	{ 0x55E7, "jialun" }, /* 嗧 gallon */
	{ 0x74E7, "shiwa" },  /* 瓧 */
	{ 0x74F0, "fenwa" },  /* 瓰 */
	{ 0x74F1, "maowa" },  /* 瓱 */
	{ 0x74FC, "baiwa" },  /* 瓼 */
	{ 0x7505, "liwa" },   /* 甅 */
};

/*
 * Decodes one UTF-8 character at s. Returns its length (1..4) and sets *cp,
 * 0 at the terminating NUL, or -1 when ill-formed (overlong, surrogate, over
 * U+10FFFF, truncated, stray continuation byte).
 */
static int utf8_next(const unsigned char *s, uint32_t *cp)
{
	uint32_t c = s[0];
	int n;

	if (c == 0)
		return 0;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		c &= 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		c &= 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		c &= 0x07;
	} else {
		return -1;
	}
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
		return -1;
	*cp = c;
	return n;
}

static int is_han(uint32_t cp)
{
	UErrorCode st = U_ZERO_ERROR;

	if (cp >= TABLE_LO && cp <= TABLE_HI)
		return 1;
	if (cp < 0x2E80)
		return 0;
	return uscript_getScript((UChar32)cp, &st) == USCRIPT_HAN &&
	       U_SUCCESS(st);
}

/* ASCII letter or digit (full-width forms folded), lower-cased; else 0. */
static char latin_of(uint32_t cp)
{
	if (cp >= 0xFF10 && cp <= 0xFF19)
		cp = cp - 0xFF10 + '0';
	else if (cp >= 0xFF21 && cp <= 0xFF3A)
		cp = cp - 0xFF21 + 'a';
	else if (cp >= 0xFF41 && cp <= 0xFF5A)
		cp = cp - 0xFF41 + 'a';
	if (cp >= 'A' && cp <= 'Z')
		return (char)(cp - 'A' + 'a');
	if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
		return (char)cp;
	return 0;
}

/*
 * Reads cp through the transliterator and folds the result to toneless
 * lower-case ASCII in out (NFD, combining marks dropped, spaces and
 * apostrophes dropped). Returns the length, or 0 when ICU has no reading
 * (the character comes back unchanged or the result is not Latin).
 * Caller holds fill_lock.
 */
static size_t transliterate_one(uint32_t cp, char out[SYLL_WIDTH])
{
	UChar buf[64], nfd[128];
	int32_t len = 0, limit, nlen;
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *norm;
	size_t n = 0;

	for (size_t i = 0; i < sizeof(fallback) / sizeof(fallback[0]); i++) {
		if (fallback[i].cp == cp) {
			n = strlen(fallback[i].reading);
			memcpy(out, fallback[i].reading, n + 1);
			return n;
		}
	}
	if (!translit)
		return 0;
	U16_APPEND_UNSAFE(buf, len, (UChar32)cp);
	limit = len;
	utrans_transUChars(translit, buf, &len, (int32_t)(sizeof(buf) / sizeof(buf[0])),
			   0, &limit, &st);
	if (U_FAILURE(st))
		return 0;
	norm = unorm2_getNFDInstance(&st);
	if (U_FAILURE(st))
		return 0;
	nlen = unorm2_normalize(norm, buf, len, nfd,
				(int32_t)(sizeof(nfd) / sizeof(nfd[0])), &st);
	if (U_FAILURE(st))
		return 0;
	for (int32_t i = 0; i < nlen; i++) {
		UChar c = nfd[i];

		if (c >= 0x0300 && c <= 0x036F)
			continue;       /* tone mark, diaeresis */
		if (c == ' ' || c == '\'' || c == '-')
			continue;
		if (c >= 'A' && c <= 'Z')
			c = (UChar)(c - 'A' + 'a');
		if (c < 'a' || c > 'z' || n + 1 >= SYLL_WIDTH)
			return 0;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return n;
}

/* Syllable number of text, adding it to the pool. Caller holds fill_lock. */
static uint16_t syllable_intern(const char *text)
{
	for (unsigned i = 2; i < syll_count; i++)
		if (strcmp(syll_text[i], text) == 0)
			return (uint16_t)i;
	if (syll_count >= SYLL_MAX)
		return READING_NONE;
	memcpy(syll_text[syll_count], text, strlen(text) + 1);
	return (uint16_t)syll_count++;
}

/*
 * The reading of Han character cp, or NULL when there is none. tmp receives
 * the reading of characters outside the table.
 */
static const char *han_reading(uint32_t cp, char tmp[SYLL_WIDTH])
{
	uint16_t r;

	if (cp < TABLE_LO || cp > TABLE_HI) {
		size_t n;

		pthread_mutex_lock(&fill_lock);
		n = transliterate_one(cp, tmp);
		pthread_mutex_unlock(&fill_lock);
		return n ? tmp : NULL;
	}
	r = atomic_load_explicit(&reading_of[cp - TABLE_LO], memory_order_acquire);
	if (r == READING_UNKNOWN) {
		pthread_mutex_lock(&fill_lock);
		r = atomic_load_explicit(&reading_of[cp - TABLE_LO],
					 memory_order_relaxed);
		if (r == READING_UNKNOWN) {
			r = transliterate_one(cp, tmp) ? syllable_intern(tmp)
						       : READING_NONE;
			atomic_store_explicit(&reading_of[cp - TABLE_LO], r,
					      memory_order_release);
		}
		pthread_mutex_unlock(&fill_lock);
	}
	return r == READING_NONE ? NULL : syll_text[r];
}

static int surname_cmp(const void *a, const void *b)
{
	const struct surname *x = a, *y = b;

	if (x->c1 != y->c1)
		return x->c1 < y->c1 ? -1 : 1;
	if (x->c2 != y->c2)
		return x->c2 < y->c2 ? -1 : 1;
	return 0;
}

static const struct surname *surname_find(uint32_t c1, uint32_t c2)
{
	struct surname key = { c1, c2, NULL };

	return bsearch(&key, surnames, SURNAME_N, sizeof(surnames[0]),
		       surname_cmp);
}

static int surnames_load(void)
{
	for (size_t i = 0; i < SURNAME_N; i++) {
		const unsigned char *s = (const unsigned char *)surname_src[i].han;
		uint32_t c1 = 0, c2 = 0;
		int n = utf8_next(s, &c1);

		if (n <= 0)
			return ST_INTERNAL;
		if (s[n]) {
			int m = utf8_next(s + n, &c2);

			if (m <= 0 || s[n + m])
				return ST_INTERNAL;
		}
		surnames[i].c1 = c1;
		surnames[i].c2 = c2;
		surnames[i].reading = surname_src[i].reading;
	}
	qsort(surnames, SURNAME_N, sizeof(surnames[0]), surname_cmp);
	for (size_t i = 1; i < SURNAME_N; i++)
		if (surname_cmp(&surnames[i - 1], &surnames[i]) == 0)
			return ST_INTERNAL;     /* duplicate entry */
	return ST_OK;
}

int pinyin_init(void)
{
	static const UChar id[] = { 'H', 'a', 'n', '-', 'L', 'a', 't', 'i', 'n', 0 };
	UErrorCode st = U_ZERO_ERROR;
	int rc = ST_OK;

	if (atomic_load_explicit(&ready, memory_order_acquire))
		return ST_OK;
	pthread_mutex_lock(&init_lock);
	if (atomic_load_explicit(&ready, memory_order_relaxed))
		goto out;
	rc = surnames_load();
	if (rc)
		goto out;
	translit = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
	if (U_FAILURE(st)) {
		translit = NULL;
		rc = ST_INTERNAL;
		goto out;
	}
	collator = ucol_open("zh", &st);
	if (U_FAILURE(st)) {
		utrans_close(translit);
		translit = NULL;
		collator = NULL;
		rc = ST_INTERNAL;
		goto out;
	}
	atomic_store_explicit(&ready, 1, memory_order_release);
out:
	pthread_mutex_unlock(&init_lock);
	return rc;
}

void pinyin_release(void)
{
	pthread_mutex_lock(&init_lock);
	pthread_mutex_lock(&fill_lock);
	if (translit)
		utrans_close(translit);
	if (collator)
		ucol_close(collator);
	translit = NULL;
	collator = NULL;
	atomic_store_explicit(&ready, 0, memory_order_release);
	pthread_mutex_unlock(&fill_lock);
	pthread_mutex_unlock(&init_lock);
	/* The reading table stays: it only caches ICU's deterministic answers. */
}

/* Output state of pinyin_of_name: two independently truncated buffers. */
struct out {
	char *buf;
	size_t size, len;
	int full;
};

static void out_add(struct out *o, const char *s, size_t n)
{
	if (o->full || !o->buf)
		return;
	if (o->len + n >= o->size) {
		o->full = 1;    /* stop at this character boundary */
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

static void out_syllables(struct out *py, struct out *ini, const char *reading)
{
	/* reading: syllables separated by single spaces */
	const char *p = reading;

	while (*p) {
		size_t n = strcspn(p, " ");

		out_add(py, p, n);
		out_add(ini, p, 1);
		p += n;
		if (*p == ' ')
			p++;
	}
}

int pinyin_of_name(const char *name, char *pinyin, size_t pinyin_size,
		   char *initials, size_t initials_size)
{
	struct out py = { pinyin, pinyin_size, 0, pinyin_size == 0 };
	struct out ini = { initials, initials_size, 0, initials_size == 0 };
	const unsigned char *s = (const unsigned char *)name;
	int first = 1, in_latin = 0, rc = ST_OK;
	char tmp[SYLL_WIDTH];

	if (pinyin && pinyin_size)
		pinyin[0] = '\0';
	if (initials && initials_size)
		initials[0] = '\0';
	if (!name)
		return ST_INVALID;
	rc = pinyin_init();
	if (rc)
		return rc;
	for (;;) {
		uint32_t cp, next = 0;
		int n = utf8_next(s, &cp), m;
		char c;

		if (n == 0)
			break;
		if (n < 0)
			goto invalid;
		s += n;
		c = latin_of(cp);
		if (c) {
			out_add(&py, &c, 1);
			if (!in_latin)
				out_add(&ini, &c, 1);
			in_latin = 1;
			first = 0;
			continue;
		}
		in_latin = 0;
		if (!is_han(cp))
			continue;       /* spaces, middle dots, punctuation */
		if (first) {
			const struct surname *sn = NULL;

			first = 0;
			m = utf8_next(s, &next);
			if (m < 0)
				goto invalid;
			if (m > 0)
				sn = surname_find(cp, next);
			if (sn) {
				s += m;
			} else {
				sn = surname_find(cp, 0);
			}
			if (sn) {
				out_syllables(&py, &ini, sn->reading);
				continue;
			}
		}
		const char *r = han_reading(cp, tmp);

		if (r)
			out_syllables(&py, &ini, r);
	}
	return ST_OK;
invalid:
	if (pinyin && pinyin_size)
		pinyin[0] = '\0';
	if (initials && initials_size)
		initials[0] = '\0';
	return ST_INVALID;
}

/*
 * ICU's "zh" collation reads every character with its common reading, so
 * 曾国藩 would sort under "ceng". For the surnames below, the collation key
 * is taken from the name with the surname replaced by a character whose
 * common reading is the surname reading (曾 -> 增), followed by the key of
 * the real name as a tie-breaker. ICU keys hold no zero byte but their
 * terminator, so comparing the concatenations with memcmp orders by
 * (proxy key, real key).
 */
static const struct {
	const char *han;    /* surname as written (1 or 2 characters) */
	const char *proxy;  /* same length, read as the surname is */
} sort_proxy[] = {
	{ "尉迟", "玉迟" }, { "万俟", "莫其" }, { "长孙", "涨孙" },
	{ "单于", "缠于" }, { "澹台", "谈台" }, { "乐正", "岳正" },
	{ "曾", "增" }, { "单", "善" }, { "区", "欧" }, { "解", "谢" },
	{ "仇", "求" }, { "朴", "瓢" }, { "查", "渣" }, { "盖", "葛" },
	{ "种", "崇" }, { "繁", "婆" }, { "覃", "秦" }, { "乐", "岳" },
	{ "员", "运" }, { "召", "邵" }, { "缪", "妙" }, { "翟", "宅" },
	{ "祭", "债" }, { "秘", "必" }, { "折", "舌" }, { "阚", "看" },
	{ "隗", "伟" }, { "句", "勾" }, { "薄", "博" }, { "藏", "葬" },
	{ "能", "奈" }, { "都", "督" }, { "长", "常" }, { "宓", "伏" },
	{ "洗", "显" }, { "蔚", "玉" }, { "颉", "谢" }, { "炅", "贵" },
	{ "重", "虫" }, { "角", "决" }, { "乜", "聂" }, { "六", "陆" },
	{ "粘", "年" },
};

static int32_t collate(const UChar *u, int32_t ulen, unsigned char *out,
		       int32_t cap)
{
	return ucol_getSortKey(collator, u, ulen, out, cap);
}

size_t pinyin_sort_key(const char *name, unsigned char *out, size_t size)
{
	UChar stack[256], *u = stack;
	int32_t ulen = 0, cap, n;
	UErrorCode st = U_ZERO_ERROR;
	size_t result = 0;

	if (!name || !out || size == 0 || pinyin_init() != ST_OK)
		return 0;
	u_strFromUTF8(u, (int32_t)(sizeof(stack) / sizeof(stack[0])), &ulen,
		      name, -1, &st);
	if (st == U_BUFFER_OVERFLOW_ERROR) {
		st = U_ZERO_ERROR;
		u = xmalloc(((size_t)ulen + 1) * sizeof(*u));
		u_strFromUTF8(u, ulen + 1, &ulen, name, -1, &st);
	}
	if (U_FAILURE(st))
		goto out;
	cap = size > INT32_MAX ? INT32_MAX : (int32_t)size;
	for (size_t i = 0; i < sizeof(sort_proxy) / sizeof(sort_proxy[0]); i++) {
		size_t hl = strlen(sort_proxy[i].han);
		if (strncmp(name, sort_proxy[i].han, hl) != 0)
			continue;
		/* surname characters are all in the BMP: one UChar each */
		UChar proxy[2];
		int32_t plen = 0;
		UErrorCode pst = U_ZERO_ERROR;
		u_strFromUTF8(proxy, 2, &plen, sort_proxy[i].proxy, -1, &pst);
		if (U_FAILURE(pst) || plen > ulen)
			break;
		UChar save[2] = { u[0], plen > 1 ? u[1] : 0 };
		memcpy(u, proxy, (size_t)plen * sizeof(UChar));
		n = collate(u, ulen, out, cap);
		memcpy(u, save, (size_t)plen * sizeof(UChar));
		if (n <= 0 || n >= cap)
			goto out;
		int32_t m = collate(u, ulen, out + n, cap - n);
		if (m > 0 && m <= cap - n)
			result = (size_t)(n + m);
		goto out;
	}
	n = collate(u, ulen, out, cap);
	if (n > 0 && n <= cap)
		result = (size_t)n;
out:
	if (u != stack)
		free(u);
	return result;
}

enum query_kind pinyin_normalize_query(const char *q, char *out, size_t size)
{
	const unsigned char *s = (const unsigned char *)q;
	int han = 0, other = 0, letters = 0, full = size == 0;
	size_t len = 0;

	if (out && size)
		out[0] = '\0';
	if (!q)
		return QUERY_OTHER;
	for (;;) {
		uint32_t cp;
		int n = utf8_next(s, &cp);
		char c;

		if (n == 0)
			break;
		if (n < 0) {
			if (out && size)
				out[0] = '\0';
			return QUERY_OTHER;
		}
		if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
		    cp == '\'' || cp == 0x3000 || cp == 0x00A0 ||
		    cp == 0x2018 || cp == 0x2019 || cp == 0xFF07) {
			s += n;
			continue;
		}
		c = latin_of(cp);
		if (c >= 'a' && c <= 'z')
			letters = 1;
		else if (c)
			other = 1;      /* digit */
		else if (is_han(cp))
			han = 1;
		else
			other = 1;
		if (!full && out) {
			const char *src = c ? &c : (const char *)s;
			size_t k = c ? 1 : (size_t)n;

			if (len + k >= size) {
				full = 1;
			} else {
				memcpy(out + len, src, k);
				len += k;
				out[len] = '\0';
			}
		}
		s += n;
	}
	if (han)
		return QUERY_HANZI;
	if (letters && !other)
		return QUERY_LATIN;
	return QUERY_OTHER;
}
