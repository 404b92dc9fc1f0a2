/*
 * test-pinyin.c - pinyin, initials, surname readings, sort keys and query
 * normalization of names (model/pinyin.c).
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/error.h"
#include "model/pinyin.h"

static void check_name(const char *name, const char *want_py,
		       const char *want_ini)
{
	char py[128], ini[64];
	int rc = pinyin_of_name(name, py, sizeof(py), ini, sizeof(ini));

	if (rc != ST_OK || strcmp(py, want_py) || strcmp(ini, want_ini))
		print_error("%s: got %d %s/%s, want %s/%s\n", name, rc, py, ini,
			    want_py, want_ini);
	assert_int_equal(rc, ST_OK);
	assert_string_equal(py, want_py);
	assert_string_equal(ini, want_ini);
}

static void common_names(void **state)
{
	(void)state;
	assert_int_equal(pinyin_init(), ST_OK);
	assert_int_equal(pinyin_init(), ST_OK); /* idempotent */
	check_name("张三", "zhangsan", "zs");
	check_name("李四", "lisi", "ls");
	check_name("王小明", "wangxiaoming", "wxm");
	check_name("曾国藩", "zengguofan", "zgf");
	check_name("单田芳", "shantianfang", "stf");
	check_name("区志航", "ouzhihang", "ozh");
	check_name("解缙", "xiejin", "xj");
	check_name("吕布", "lubu", "lb");       /* ü folds to u */
	check_name("", "", "");
}

static void surname_only_at_start(void **state)
{
	(void)state;
	/* the same characters later in a name take their common reading */
	check_name("王单", "wangdan", "wd");
	check_name("张曾", "zhangceng", "zc");
	check_name("李解", "lijie", "lj");
	/* leading spaces do not hide the surname */
	check_name("  曾国藩", "zengguofan", "zgf");
	/* a name starting with Latin letters has no Han surname */
	check_name("Li曾", "liceng", "lc");
	/* single 尉 is wei; 尉迟 is yuchi; 万 is wan, 万俟 moqi */
	check_name("尉健行", "weijianxing", "wjx");
	check_name("尉迟恭", "yuchigong", "ycg");
	check_name("万里", "wanli", "wl");
	check_name("万俟丽", "moqili", "mql");
	check_name("单于", "chanyu", "cy");
	check_name("单", "shan", "s");
}

/* Every entry of the surname table, as "surname + 一" (yi). */
static void surname_table(void **state)
{
	static const char *const cases[][2] = {
		{ "曾", "zeng" },  { "单", "shan" },  { "区", "ou" },
		{ "解", "xie" },   { "仇", "qiu" },   { "朴", "piao" },
		{ "查", "zha" },   { "盖", "ge" },    { "种", "chong" },
		{ "繁", "po" },    { "覃", "qin" },   { "乐", "yue" },
		{ "员", "yun" },   { "召", "shao" },  { "缪", "miao" },
		{ "翟", "zhai" },  { "祭", "zhai" },  { "秘", "bi" },
		{ "折", "she" },   { "阚", "kan" },   { "隗", "wei" },
		{ "句", "gou" },   { "薄", "bo" },    { "藏", "zang" },
		{ "能", "nai" },   { "都", "du" },    { "长", "chang" },
		{ "宓", "fu" },    { "洗", "xian" },  { "蔚", "yu" },
		{ "颉", "xie" },   { "炅", "gui" },   { "重", "chong" },
		{ "角", "jue" },   { "乜", "nie" },   { "六", "lu" },
		{ "粘", "nian" },  { "尉", "wei" },   { "郇", "huan" },
		{ "冼", "xian" },  { "柏", "bai" },   { "纪", "ji" },
		{ "任", "ren" },   { "沈", "shen" },  { "石", "shi" },
		{ "朝", "chao" },  { "车", "che" },   { "燕", "yan" },
		{ "华", "hua" },   { "宁", "ning" },  { "尚", "shang" },
		{ "相", "xiang" }, { "贲", "ben" },   { "过", "guo" },
		{ "那", "na" },    { "万", "wan" },   { "牟", "mou" },
		{ "褚", "chu" },   { "莘", "shen" },  { "谌", "chen" },
		{ "贾", "jia" },
		{ "欧阳", "ouyang" },    { "司马", "sima" },
		{ "诸葛", "zhuge" },     { "尉迟", "yuchi" },
		{ "万俟", "moqi" },      { "长孙", "zhangsun" },
		{ "单于", "chanyu" },    { "澹台", "tantai" },
		{ "令狐", "linghu" },    { "皇甫", "huangfu" },
		{ "上官", "shangguan" }, { "东方", "dongfang" },
		{ "公孙", "gongsun" },   { "慕容", "murong" },
		{ "宇文", "yuwen" },     { "夏侯", "xiahou" },
		{ "呼延", "huyan" },     { "端木", "duanmu" },
		{ "南宫", "nangong" },   { "司徒", "situ" },
		{ "司空", "sikong" },    { "闻人", "wenren" },
		{ "轩辕", "xuanyuan" },  { "钟离", "zhongli" },
		{ "淳于", "chunyu" },    { "濮阳", "puyang" },
		{ "申屠", "shentu" },    { "赫连", "helian" },
		{ "拓跋", "tuoba" },     { "西门", "ximen" },
		{ "东郭", "dongguo" },   { "百里", "baili" },
		{ "鲜于", "xianyu" },    { "闾丘", "luqiu" },
		{ "子车", "ziju" },      { "亓官", "qiguan" },
		{ "公冶", "gongye" },    { "太史", "taishi" },
		{ "仲孙", "zhongsun" },  { "第五", "diwu" },
		{ "乐正", "yuezheng" },  { "左丘", "zuoqiu" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char name[32], want_py[32], want_ini[8];
		size_t chars = strlen(cases[i][0]) / 3; /* BMP Han: 3 bytes */
		size_t k = 0;

		snprintf(name, sizeof(name), "%s一", cases[i][0]);
		snprintf(want_py, sizeof(want_py), "%syi", cases[i][1]);
		/* initials: first letter of the first syllable ... */
		want_ini[k++] = cases[i][1][0];
		if (chars == 2) {
			/* ... and of the second, found in the reading itself */
			static const char *const second[] = {
				"yang", "ma", "ge", "chi", "qi", "sun", "yu",
				"tai", "hu", "fu", "guan", "fang", "rong", "wen",
				"hou", "yan", "mu", "gong", "tu", "kong", "ren",
				"yuan", "li", "tu", "lian", "ba", "men", "guo",
				"qiu", "ju", "ye", "shi", "wu", "zheng",
			};
			size_t len = strlen(cases[i][1]);
			int found = 0;

			for (size_t j = 0; j < sizeof(second) / sizeof(second[0]); j++) {
				size_t sl = strlen(second[j]);

				if (sl < len &&
				    strcmp(cases[i][1] + len - sl, second[j]) == 0) {
					want_ini[k++] = second[j][0];
					found = 1;
					break;
				}
			}
			assert_true(found);
		}
		want_ini[k++] = 'y';
		want_ini[k] = '\0';
		check_name(name, want_py, want_ini);
	}
}

static void latin_digits_and_dots(void **state)
{
	(void)state;
	check_name("阿依古丽·买买提", "ayigulimaimaiti", "ayglmmt");
	check_name("Zhang San", "zhangsan", "zs");
	check_name("李A1", "lia1", "la");
	check_name("ＡＢ张", "abzhang", "az");        /* full-width folded */
	check_name("张-三 (Tom)", "zhangsantom", "zst");
	check_name("Émile", "mile", "m");       /* non-ASCII Latin dropped */
}

static void truncation(void **state)
{
	char py[16], ini[4];
	(void)state;

	/* readings are never cut inside a character */
	assert_int_equal(pinyin_of_name("张三", py, 6, ini, 2), ST_OK);
	assert_string_equal(py, "zhang");
	assert_string_equal(ini, "z");
	assert_int_equal(pinyin_of_name("张三", py, 5, ini, 1), ST_OK);
	assert_string_equal(py, "");
	assert_string_equal(ini, "");
	/* stops at the first character that does not fit */
	assert_int_equal(pinyin_of_name("张三李", py, 9, ini, 3), ST_OK);
	assert_string_equal(py, "zhangsan");
	assert_string_equal(ini, "zs");
	assert_int_equal(pinyin_of_name("庄三", py, 7, ini, 4), ST_OK);
	assert_string_equal(py, "zhuang");
	assert_string_equal(ini, "zs");
	/* size 0 leaves the buffers alone; NULL buffers are allowed */
	memset(py, 'x', sizeof(py));
	assert_int_equal(pinyin_of_name("张三", py, 0, NULL, 0), ST_OK);
	assert_int_equal(py[0], 'x');
	assert_int_equal(pinyin_of_name("张三", NULL, 0, ini, sizeof(ini)), ST_OK);
	assert_string_equal(ini, "zs");
	/* canary after the buffer stays */
	char big[12];
	memset(big, 'x', sizeof(big));
	assert_int_equal(pinyin_of_name("欧阳修欧阳修", big, 8, NULL, 0), ST_OK);
	assert_string_equal(big, "ouyang");
	for (size_t i = 8; i < sizeof(big); i++)
		assert_int_equal(big[i], 'x');
}

static void invalid_utf8(void **state)
{
	static const char *const bad[] = {
		"\xff", "\xe5\xbc",              /* truncated 张 */
		"\xc0\xaf",                      /* overlong '/' */
		"\xe0\x80\xaf",                  /* overlong */
		"\xed\xa0\x80",                  /* surrogate */
		"\xf4\x90\x80\x80",              /* over U+10FFFF */
		"\x80", "张三\xfe",
		"\xe5\xbc\xa0\xe4\xb8",          /* 张 + truncated */
	};
	char py[8], ini[4];
	(void)state;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(pinyin_of_name(bad[i], py, sizeof(py), ini,
						sizeof(ini)), ST_INVALID);
		assert_string_equal(py, "");
		assert_string_equal(ini, "");
	}
	/* found even past the point where the buffers filled up */
	assert_int_equal(pinyin_of_name("张三李四\xff", py, sizeof(py), ini,
					sizeof(ini)), ST_INVALID);
	assert_string_equal(py, "");
	assert_int_equal(pinyin_of_name(NULL, py, sizeof(py), ini, sizeof(ini)),
			 ST_INVALID);
}

/* U+4E00..U+9FA5 all have readings, except two Japanese-only characters. */
static void whole_block(void **state)
{
	char name[8], py[32], ini[8];
	int missing = 0, ext_a = 0;
	(void)state;

	for (uint32_t cp = 0x3400; cp <= 0x9FA5; cp++) {
		if (cp > 0x4DBF && cp < 0x4E00)
			continue;
		name[0] = (char)(0xE0 | (cp >> 12));
		name[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		name[2] = (char)(0x80 | (cp & 0x3F));
		name[3] = '\0';
		assert_int_equal(pinyin_of_name(name, py, sizeof(py), ini,
						sizeof(ini)), ST_OK);
		for (const char *p = py; *p; p++)
			assert_true(*p >= 'a' && *p <= 'z');
		if (cp < 0x4E00) {
			ext_a += py[0] != '\0';
			continue;
		}
		if (py[0] == '\0') {
			if (cp == 0x685B || cp == 0x70EA)
				continue;       /* 桛 烪: no Mandarin reading */
			print_error("U+%04X has no reading\n", (unsigned)cp);
			missing++;
			continue;
		}
		assert_int_equal(strlen(ini), 1);
		assert_int_equal(ini[0], py[0]);
	}
	assert_int_equal(missing, 0);
	/* Extension A: most of its 6,592 characters are read too */
	assert_true(ext_a > 5500);  /* ICU 72: 5,783 */
	/* a character outside the table (Extension B) still reads: 𠀀 qiu */
	assert_int_equal(pinyin_of_name("\xf0\xa0\x80\x80", py, sizeof(py), ini,
					sizeof(ini)), ST_OK);
	assert_true(py[0] >= 'a' && py[0] <= 'z');
}

static int key_cmp(const char *a, const char *b)
{
	unsigned char ka[256], kb[256];
	size_t la = pinyin_sort_key(a, ka, sizeof(ka));
	size_t lb = pinyin_sort_key(b, kb, sizeof(kb));
	int c;

	assert_true(la > 0);
	assert_true(lb > 0);
	c = memcmp(ka, kb, la < lb ? la : lb);
	if (c)
		return c;
	return la < lb ? -1 : la > lb;
}

static void sort_order(void **state)
{
	static const char *const order[] = {
		"阿", "白", "陈", "张", "赵",
	};
	unsigned char k[256], tiny[2];
	(void)state;

	for (size_t i = 0; i + 1 < sizeof(order) / sizeof(order[0]); i++)
		assert_true(key_cmp(order[i], order[i + 1]) < 0);
	/* 娜 na before 四 si */
	assert_true(key_cmp("李娜", "李四") < 0);
	assert_true(key_cmp("李", "李四") < 0);
	assert_true(key_cmp("王五", "王五") == 0);
	assert_true(key_cmp("张三", "赵六") < 0);
	assert_true(key_cmp("zhang", "张") != 0);
	/* keys end with one zero byte and have no other */
	size_t n = pinyin_sort_key("张三", k, sizeof(k));
	assert_true(n > 1);
	assert_int_equal(k[n - 1], 0);
	assert_null(memchr(k, 0, n - 1));
	/* too small a buffer, bad UTF-8 */
	assert_int_equal(pinyin_sort_key("张三", tiny, sizeof(tiny)), 0);
	assert_int_equal(pinyin_sort_key("\xff", k, sizeof(k)), 0);
	assert_int_equal(pinyin_sort_key(NULL, k, sizeof(k)), 0);
	/* long names take the heap path */
	char longname[3 * 400 + 1];
	for (int i = 0; i < 400; i++)
		memcpy(longname + 3 * i, "张", 3);
	longname[3 * 400] = '\0';
	unsigned char big[4096];
	assert_true(pinyin_sort_key(longname, big, sizeof(big)) > 400);
}

static void surname_sort_readings(void **state)
{
	(void)state;
	/* 曾 sorts as zeng: after 王 (wang), before 张 (zhang) */
	assert_true(key_cmp("王五", "曾国藩") < 0);
	assert_true(key_cmp("曾国藩", "张三") < 0);
	/* 单 as shan (after 区 ou), 区 as ou (after 阿 a, before 单) */
	assert_true(key_cmp("区志航", "单田芳") < 0);
	assert_true(key_cmp("单田芳", "王五") < 0);
	assert_true(key_cmp("阿依古丽", "区志航") < 0);
	/* 解 as xie: after 王, before 张 */
	assert_true(key_cmp("王五", "解缙") < 0);
	/* same reading: distinct, stable order (the real name breaks the tie) */
	assert_true(key_cmp("曾国藩", "增国藩") != 0);
	assert_int_equal(key_cmp("曾国藩", "曾国藩"), 0);
	/* only at the start: 王单 sorts as wang dan, not wang shan */
	assert_true(key_cmp("王单", "王山") < 0);
}

static void check_query(const char *q, const char *want, enum query_kind kind)
{
	char out[64];

	assert_int_equal(pinyin_normalize_query(q, out, sizeof(out)), kind);
	assert_string_equal(out, want);
}

static void queries(void **state)
{
	char small[4];
	(void)state;

	check_query("Zhang San", "zhangsan", QUERY_LATIN);
	check_query("xi'an", "xian", QUERY_LATIN);
	check_query("ZS", "zs", QUERY_LATIN);
	check_query("ＺＨＡＮＧ", "zhang", QUERY_LATIN);
	check_query("张 三", "张三", QUERY_HANZI);
	check_query("张san", "张san", QUERY_HANZI);
	check_query("\xe3\x80\x80王", "王", QUERY_HANZI); /* ideographic space */
	check_query("13800138000", "13800138000", QUERY_OTHER);
	check_query("a1", "a1", QUERY_OTHER);
	check_query("", "", QUERY_OTHER);
	check_query("   ", "", QUERY_OTHER);
	check_query("\xff", "", QUERY_OTHER);
	check_query("Émile", "Émile", QUERY_OTHER);
	/* truncated at a character boundary */
	assert_int_equal(pinyin_normalize_query("张三", small, sizeof(small)),
			 QUERY_HANZI);
	assert_string_equal(small, "张");
	assert_int_equal(pinyin_normalize_query("abcdef", small, sizeof(small)),
			 QUERY_LATIN);
	assert_string_equal(small, "abc");
}

struct worker {
	uint32_t lo, hi;
	char (*py)[16];
};

static void *worker_run(void *arg)
{
	struct worker *w = arg;
	char name[8], ini[8];

	for (uint32_t cp = w->lo; cp <= w->hi; cp++) {
		/* a second character so that no surname entry applies */
		name[0] = (char)0xE4; name[1] = (char)0xB8; name[2] = (char)0x80; /* 一 */
		name[3] = (char)(0xE0 | (cp >> 12));
		name[4] = (char)(0x80 | ((cp >> 6) & 0x3F));
		name[5] = (char)(0x80 | (cp & 0x3F));
		name[6] = '\0';
		if (pinyin_of_name(name, w->py[cp - w->lo], 16, ini, sizeof(ini)))
			return (void *)1;
	}
	return NULL;
}

/* Two threads filling the same part of the table agree. */
static void threads_agree(void **state)
{
	enum { LO = 0x8000, HI = 0x87FF, N = HI - LO + 1 };
	static char a[N][16], b[N][16];
	struct worker wa = { LO, HI, a }, wb = { LO, HI, b };
	pthread_t t;
	void *ra, *rb;
	(void)state;

	assert_int_equal(pthread_create(&t, NULL, worker_run, &wa), 0);
	rb = worker_run(&wb);
	assert_int_equal(pthread_join(t, &ra), 0);
	assert_null(ra);
	assert_null(rb);
	for (int i = 0; i < N; i++)
		assert_string_equal(a[i], b[i]);
	assert_string_equal(a[0x8001 - LO], "yilao");  /* 老 */
}

static void release_and_again(void **state)
{
	char py[16], ini[8];
	(void)state;

	pinyin_release();
	pinyin_release();
	assert_int_equal(pinyin_of_name("曾国藩", py, sizeof(py), ini,
					sizeof(ini)), ST_OK);
	assert_string_equal(py, "zengguofan");
	assert_true(key_cmp("阿", "白") < 0);
	pinyin_release();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(common_names),
		cmocka_unit_test(surname_only_at_start),
		cmocka_unit_test(surname_table),
		cmocka_unit_test(latin_digits_and_dots),
		cmocka_unit_test(truncation),
		cmocka_unit_test(invalid_utf8),
		cmocka_unit_test(whole_block),
		cmocka_unit_test(sort_order),
		cmocka_unit_test(queries),
		cmocka_unit_test(surname_sort_readings),
		cmocka_unit_test(threads_agree),
		cmocka_unit_test(release_and_again),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
