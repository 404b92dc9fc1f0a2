/*
 * names.c - surname frequencies and given-name characters (names.h).
 *
 * Surname shares are percentages of the population from the 2020 household
 * registration statistics (rounded); the tail shares the remainder. Given
 * names are built from character lists, not taken from real people.
 */
#include <stdio.h>
#include <string.h>

#include "model/codes.h"
#include "model/names.h"

struct surname {
	const char *s;
	double pct;
};

static const struct surname surnames[] = {
	{ "王", 7.12 }, { "李", 7.00 }, { "张", 6.38 }, { "刘", 5.35 },
	{ "陈", 4.54 }, { "杨", 3.35 }, { "黄", 2.39 }, { "赵", 2.05 },
	{ "吴", 1.87 }, { "周", 1.87 }, { "徐", 1.45 }, { "孙", 1.37 },
	{ "马", 1.29 }, { "朱", 1.24 }, { "胡", 1.16 }, { "郭", 1.09 },
	{ "何", 1.04 }, { "林", 0.97 }, { "罗", 0.96 }, { "高", 0.96 },
	{ "郑", 0.80 }, { "梁", 0.79 }, { "谢", 0.71 }, { "宋", 0.70 },
	{ "唐", 0.63 }, { "许", 0.61 }, { "韩", 0.60 }, { "冯", 0.55 },
	{ "邓", 0.55 }, { "曹", 0.54 }, { "彭", 0.52 }, { "曾", 0.51 },
	{ "肖", 0.48 }, { "田", 0.47 }, { "董", 0.46 }, { "袁", 0.45 },
	{ "潘", 0.45 }, { "于", 0.44 }, { "蒋", 0.43 }, { "蔡", 0.43 },
	{ "余", 0.42 }, { "杜", 0.40 }, { "叶", 0.40 }, { "程", 0.39 },
	{ "苏", 0.38 }, { "魏", 0.38 }, { "吕", 0.37 }, { "丁", 0.36 },
	{ "任", 0.36 }, { "沈", 0.35 }, { "姚", 0.34 }, { "卢", 0.34 },
	{ "姜", 0.33 }, { "崔", 0.32 }, { "钟", 0.32 }, { "谭", 0.31 },
	{ "陆", 0.30 }, { "汪", 0.30 }, { "范", 0.30 }, { "金", 0.29 },
	{ "石", 0.29 }, { "廖", 0.28 }, { "贾", 0.28 }, { "夏", 0.27 },
	{ "韦", 0.27 }, { "付", 0.27 }, { "方", 0.26 }, { "白", 0.25 },
	{ "邹", 0.25 }, { "孟", 0.25 }, { "熊", 0.24 }, { "秦", 0.24 },
	{ "邱", 0.23 }, { "江", 0.23 }, { "尹", 0.22 }, { "薛", 0.22 },
	{ "闫", 0.21 }, { "段", 0.21 }, { "雷", 0.20 }, { "侯", 0.20 },
	{ "龙", 0.20 }, { "史", 0.19 }, { "陶", 0.18 }, { "黎", 0.18 },
	{ "贺", 0.18 }, { "顾", 0.17 }, { "毛", 0.17 }, { "郝", 0.17 },
	{ "龚", 0.16 }, { "邵", 0.16 }, { "万", 0.16 }, { "钱", 0.15 },
	{ "严", 0.15 }, { "覃", 0.15 }, { "武", 0.15 }, { "戴", 0.15 },
	{ "莫", 0.14 }, { "孔", 0.14 }, { "向", 0.14 }, { "汤", 0.14 },
	{ "常", 0.13 },
	/* tail: the remaining share spread over rarer surnames */
	{ "温", 0 }, { "康", 0 }, { "施", 0 }, { "文", 0 }, { "牛", 0 },
	{ "樊", 0 }, { "葛", 0 }, { "邢", 0 }, { "安", 0 }, { "齐", 0 },
	{ "易", 0 }, { "乔", 0 }, { "伍", 0 }, { "庞", 0 }, { "颜", 0 },
	{ "倪", 0 }, { "庄", 0 }, { "聂", 0 }, { "章", 0 }, { "鲁", 0 },
	{ "岳", 0 }, { "翟", 0 }, { "殷", 0 }, { "詹", 0 }, { "申", 0 },
	{ "欧", 0 }, { "耿", 0 }, { "关", 0 }, { "兰", 0 }, { "焦", 0 },
	{ "俞", 0 }, { "左", 0 }, { "柳", 0 }, { "甘", 0 }, { "祝", 0 },
	{ "包", 0 }, { "宁", 0 }, { "尚", 0 }, { "符", 0 }, { "舒", 0 },
	{ "阮", 0 }, { "柯", 0 }, { "纪", 0 }, { "梅", 0 }, { "童", 0 },
	{ "凌", 0 }, { "毕", 0 }, { "单", 0 }, { "季", 0 }, { "裴", 0 },
	{ "霍", 0 }, { "涂", 0 }, { "成", 0 }, { "苗", 0 }, { "谷", 0 },
	{ "盛", 0 }, { "曲", 0 }, { "翁", 0 }, { "冉", 0 }, { "骆", 0 },
	{ "蓝", 0 }, { "路", 0 }, { "游", 0 }, { "辛", 0 }, { "靳", 0 },
	{ "解", 0 }, { "区", 0 }, { "仇", 0 }, { "查", 0 }, { "盖", 0 },
	{ "欧阳", 0 }, { "上官", 0 }, { "司马", 0 }, { "诸葛", 0 },
	{ "东方", 0 }, { "皇甫", 0 }, { "慕容", 0 }, { "司徒", 0 },
};

#define NR_SURNAMES (sizeof(surnames) / sizeof(surnames[0]))
/*
 * The listed shares sum to 79.76; the hundred most common surnames cover
 * about 84.8 % of the population, so they are scaled to that and the rest
 * is spread over the tail (compound surnames rarer).
 */
#define LISTED_PCT 79.76
#define TOP_PCT 84.8
#define NR_TOP 101
#define NR_COMPOUND 8
#define COMPOUND_PCT 0.02

static const char *const male_chars[] = {
	"伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平",
	"辉", "鹏", "华", "飞", "鑫", "波", "宇", "浩", "凯", "健", "俊", "帆",
	"帅", "旭", "宁", "龙", "林", "欢", "阳", "建", "国", "峰", "亮", "成",
	"志", "海", "东", "文", "博", "晨", "昊", "轩", "睿", "泽", "毅", "锋",
	"振", "德", "荣", "庆", "新", "春", "永", "兵", "立", "忠", "家", "天",
};
static const char *const female_chars[] = {
	"芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "婷", "雪",
	"慧", "莉", "萍", "红", "琳", "晶", "颖", "倩", "洁", "梅", "琴", "云",
	"佳", "欣", "悦", "怡", "璐", "瑶", "雯", "蕾", "晓", "丹", "妍", "薇",
	"秀", "英", "兰", "凤", "淑", "珍", "桂", "萌", "璇", "菲", "露", "月",
};
static const char *const neutral_chars[] = {
	"文", "明", "华", "晓", "子", "嘉", "思", "雨", "欣", "一", "心", "诗",
	"梓", "可", "安", "若", "舒", "清", "小", "春", "秋", "冬", "玉", "金",
};
/* Names typical of members born before 1965. */
static const char *const old_male[] = {
	"建国", "建华", "国庆", "国强", "建军", "卫国", "志强", "德明", "振华",
	"永福", "长生", "树林", "保国", "红旗", "学军", "爱民", "援朝", "解放",
};
static const char *const old_female[] = {
	"秀英", "桂英", "秀兰", "玉兰", "桂兰", "淑珍", "凤英", "玉珍", "秀珍",
	"丽华", "淑英", "桂芳", "玉梅", "秀云", "素珍", "翠兰", "春梅", "红梅",
};

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Uyghur and Kazakh given names (the father's name follows the dot). */
static const char *const uy_male[] = {
	"艾力", "买买提", "阿不都", "吐尔逊", "艾买提", "热合曼", "玉苏甫",
	"伊力哈木", "阿布拉", "努尔", "艾山", "肉孜", "吾买尔", "卡德尔",
	"叶尔兰", "努尔兰", "别克", "哈力木", "阿斯卡尔", "达吾提",
};
static const char *const uy_female[] = {
	"阿依古丽", "古丽娜", "热依拉", "帕提古丽", "米热古丽", "阿孜古丽",
	"努尔古丽", "再努尔", "迪丽拜尔", "阿娜尔", "加娜尔", "阿依达娜",
};
static const char *const tib_any[] = {
	"扎西", "次仁", "多吉", "顿珠", "格桑", "尼玛", "达瓦", "平措", "旺堆",
	"索朗", "罗布", "边巴", "普布", "强巴", "洛桑", "丹增", "白玛", "米玛",
};
static const char *const tib_female[] = {
	"卓玛", "央金", "拉姆", "德吉", "曲珍", "措姆", "玉珍", "次珍", "旺姆",
};
static const char *const mgl_male[] = {
	"巴特尔", "苏和", "额尔敦", "朝鲁", "宝音", "乌力吉", "那日苏", "巴图",
	"阿拉坦", "孟和", "特木尔", "毕力格",
};
static const char *const mgl_female[] = {
	"斯琴", "萨仁", "其其格", "乌云", "托娅", "高娃", "娜仁", "图雅",
	"塔娜", "乌兰",
};

size_t names_surname_count(void)
{
	return NR_SURNAMES;
}

static double surname_pct(size_t i)
{
	if (surnames[i].pct > 0)
		return surnames[i].pct * (TOP_PCT / LISTED_PCT);
	if (strlen(surnames[i].s) > 3)
		return COMPOUND_PCT;
	return (100.0 - TOP_PCT - NR_COMPOUND * COMPOUND_PCT) /
	       (double)(NR_SURNAMES - NR_TOP - NR_COMPOUND);
}

const char *names_surname(size_t i, double *share)
{
	if (i >= NR_SURNAMES)
		return NULL;
	if (share)
		*share = surname_pct(i) / 100.0;
	return surnames[i].s;
}

/* Surname for a uniform u in [0, 1). */
static const char *pick_surname(double u)
{
	double x = u * 100.0, acc = 0;

	for (size_t i = 0; i < NR_SURNAMES; i++) {
		acc += surname_pct(i);
		if (x < acc)
			return surnames[i].s;
	}
	return surnames[0].s;
}

/* Takes the next n-ary digit out of *r. */
static size_t take(uint64_t *r, size_t n)
{
	size_t v = (size_t)(*r % n);

	*r /= n;
	return v;
}

static const char *given_char(int female, uint64_t *r)
{
	if (take(r, 5) == 0)
		return neutral_chars[take(r, LEN(neutral_chars))];
	if (female)
		return female_chars[take(r, LEN(female_chars))];
	return male_chars[take(r, LEN(male_chars))];
}

static void han_name(int female, int birth_year, uint64_t r1, uint64_t r2,
		     char *out, size_t size)
{
	const char *sur = pick_surname((double)(r1 >> 11) * 0x1.0p-53);
	uint64_t r = r2;
	size_t style = take(&r, 100);
	int single = birth_year < 1975 ? 35 : birth_year < 1995 ? 22 : 12;
	int old = birth_year < 1965 ? 20 : birth_year < 1975 ? 6 : 0;

	if ((int)style < old) {
		snprintf(out, size, "%s%s", sur,
			 female ? old_female[take(&r, LEN(old_female))]
				: old_male[take(&r, LEN(old_male))]);
	} else if ((int)style < old + single) {
		snprintf(out, size, "%s%s", sur, given_char(female, &r));
	} else {
		const char *a = given_char(female, &r);
		const char *b = given_char(female, &r);
		if (!strcmp(a, b) && take(&r, 3))
			b = female ? female_chars[take(&r, LEN(female_chars))]
				   : male_chars[take(&r, LEN(male_chars))];
		snprintf(out, size, "%s%s%s", sur, a, b);
	}
}

void names_person(int sex, int ethnicity, int birth_year, uint64_t r1,
		  uint64_t r2, char *out, size_t size)
{
	int female = sex == SEX_FEMALE;
	uint64_t r = r2;

	switch (ethnicity) {
	case 5:  /* Uyghur */
	case 17: /* Kazakh */
		snprintf(out, size, "%s·%s",
			 female ? uy_female[take(&r, LEN(uy_female))]
				: uy_male[take(&r, LEN(uy_male))],
			 uy_male[take(&r, LEN(uy_male))]);
		return;
	case 4: /* Tibetan */
		snprintf(out, size, "%s%s", tib_any[take(&r, LEN(tib_any))],
			 female ? tib_female[take(&r, LEN(tib_female))]
				: tib_any[take(&r, LEN(tib_any))]);
		return;
	case 2: /* Mongolian: about half carry Mongolian names */
		if (take(&r, 2)) {
			snprintf(out, size, "%s",
				 female ? mgl_female[take(&r, LEN(mgl_female))]
					: mgl_male[take(&r, LEN(mgl_male))]);
			return;
		}
		break;
	default:
		break;
	}
	han_name(female, birth_year, r1, r2 ^ 0x5851f42d4c957f2dULL, out, size);
}
