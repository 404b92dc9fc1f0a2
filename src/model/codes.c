/*
 * codes.c - the code tables of codes.h and the lookups over them.
 *
 * Holds the complete data of every coded vocabulary (sex GB/T 2261.1, ethnic
 * groups GB/T 3304, education GB/T 4658-2006, and the project's occupation,
 * organization-kind, sector and membership-status lists) and reads what people
 * type for them in forms and spreadsheets. It is not the place for rules about
 * the codes (ages, eligibility) nor for their storage or JSON encoding: those
 * live in model/ rules, store/ and json/. Pure data and string work: no I/O,
 * no allocation.
 */
#include <string.h>
#include <strings.h>

#include "core/error.h"
#include "model/codes.h"

#define TABLE(var, tname, arr, two) \
	const struct code_table var = { tname, arr, sizeof(arr) / sizeof(arr[0]), two, NULL, 0 }

/* GB/T 2261.1-2003 */
static const struct code_entry sex_entries[] = {
	{ SEX_UNKNOWN, "unknown", "未知的性别", "Unknown" },
	{ SEX_MALE, "male", "男", "Male" },
	{ SEX_FEMALE, "female", "女", "Female" },
	{ SEX_UNSPECIFIED, "unspecified", "未说明的性别", "Unspecified" },
};
TABLE(code_sex, "sex", sex_entries, 0);

/*
 * GB/T 3304-1991: numeric codes and Chinese names as published; keys are the
 * standard's romanized names, lower-case; English labels are the usual
 * English names.
 */
static const struct code_entry ethnicity_entries[] = {
	{ 1, "han", "汉族", "Han" },
	{ 2, "mongol", "蒙古族", "Mongolian" },
	{ 3, "hui", "回族", "Hui" },
	{ 4, "zang", "藏族", "Tibetan" },
	{ 5, "uygur", "维吾尔族", "Uyghur" },
	{ 6, "miao", "苗族", "Miao" },
	{ 7, "yi", "彝族", "Yi" },
	{ 8, "zhuang", "壮族", "Zhuang" },
	{ 9, "buyei", "布依族", "Bouyei" },
	{ 10, "chosen", "朝鲜族", "Korean" },
	{ 11, "man", "满族", "Manchu" },
	{ 12, "dong", "侗族", "Dong" },
	{ 13, "yao", "瑶族", "Yao" },
	{ 14, "bai", "白族", "Bai" },
	{ 15, "tujia", "土家族", "Tujia" },
	{ 16, "hani", "哈尼族", "Hani" },
	{ 17, "kazak", "哈萨克族", "Kazakh" },
	{ 18, "dai", "傣族", "Dai" },
	{ 19, "li", "黎族", "Li" },
	{ 20, "lisu", "傈僳族", "Lisu" },
	{ 21, "va", "佤族", "Wa" },
	{ 22, "she", "畲族", "She" },
	{ 23, "gaoshan", "高山族", "Gaoshan" },
	{ 24, "lahu", "拉祜族", "Lahu" },
	{ 25, "sui", "水族", "Shui" },
	{ 26, "dongxiang", "东乡族", "Dongxiang" },
	{ 27, "naxi", "纳西族", "Naxi" },
	{ 28, "jingpo", "景颇族", "Jingpo" },
	{ 29, "kirgiz", "柯尔克孜族", "Kyrgyz" },
	{ 30, "tu", "土族", "Tu" },
	{ 31, "daur", "达斡尔族", "Daur" },
	{ 32, "mulao", "仫佬族", "Mulao" },
	{ 33, "qiang", "羌族", "Qiang" },
	{ 34, "blang", "布朗族", "Blang" },
	{ 35, "salar", "撒拉族", "Salar" },
	{ 36, "maonan", "毛南族", "Maonan" },
	{ 37, "gelao", "仡佬族", "Gelao" },
	{ 38, "xibe", "锡伯族", "Xibe" },
	{ 39, "achang", "阿昌族", "Achang" },
	{ 40, "pumi", "普米族", "Pumi" },
	{ 41, "tajik", "塔吉克族", "Tajik" },
	{ 42, "nu", "怒族", "Nu" },
	{ 43, "uzbek", "乌孜别克族", "Uzbek" },
	{ 44, "russ", "俄罗斯族", "Russian" },
	{ 45, "ewenki", "鄂温克族", "Evenki" },
	{ 46, "deang", "德昂族", "De'ang" },
	{ 47, "bonan", "保安族", "Bonan" },
	{ 48, "yugur", "裕固族", "Yugur" },
	{ 49, "gin", "京族", "Jing" },
	{ 50, "tatar", "塔塔尔族", "Tatar" },
	{ 51, "derung", "独龙族", "Derung" },
	{ 52, "oroqen", "鄂伦春族", "Oroqen" },
	{ 53, "hezhen", "赫哲族", "Hezhen" },
	{ 54, "monba", "门巴族", "Monba" },
	{ 55, "lhoba", "珞巴族", "Lhoba" },
	{ 56, "jino", "基诺族", "Jino" },
	{ 97, "other", "其他", "Other" },
	{ 98, "foreign_origin", "外国血统中国籍人士", "Chinese citizen of foreign origin" },
};
TABLE(code_ethnicity, "ethnicity", ethnicity_entries, 1);

/*
 * GB/T 4658-2006. Codes ending in 0 name a level of education; the others
 * its outcome: "_completed" = 结业 (finished without a diploma),
 * "_incomplete" = 肄业 (left before finishing).
 */
static const struct code_entry education_entries[] = {
	{ 10, "postgraduate", "研究生教育", "Postgraduate education" },
	{ 11, "doctor", "博士研究生毕业", "Doctoral graduate" },
	{ 12, "doctor_completed", "博士研究生结业", "Doctoral study completed without degree" },
	{ 13, "doctor_incomplete", "博士研究生肄业", "Doctoral study not completed" },
	{ 14, "master", "硕士研究生毕业", "Master's graduate" },
	{ 15, "master_completed", "硕士研究生结业", "Master's study completed without degree" },
	{ 16, "master_incomplete", "硕士研究生肄业", "Master's study not completed" },
	{ 17, "postgraduate_class", "研究生班毕业", "Postgraduate class graduate" },
	{ 18, "postgraduate_class_completed", "研究生班结业", "Postgraduate class completed" },
	{ 19, "postgraduate_class_incomplete", "研究生班肄业", "Postgraduate class not completed" },
	{ 20, "undergraduate", "大学本科教育", "Undergraduate education" },
	{ 21, "bachelor", "大学本科毕业", "Bachelor's graduate" },
	{ 22, "bachelor_completed", "大学本科结业", "Undergraduate study completed without diploma" },
	{ 23, "bachelor_incomplete", "大学本科肄业", "Undergraduate study not completed" },
	{ 28, "ordinary_class", "大学普通班毕业", "University ordinary class graduate" },
	{ 30, "college", "大学专科教育", "Junior college education" },
	{ 31, "college_graduate", "大学专科毕业", "Junior college graduate" },
	{ 32, "college_completed", "大学专科结业", "Junior college completed without diploma" },
	{ 33, "college_incomplete", "大学专科肄业", "Junior college not completed" },
	{ 40, "secondary_vocational", "中等职业教育", "Secondary vocational education" },
	{ 41, "secondary_specialized", "中等专科毕业", "Secondary specialized school graduate" },
	{ 42, "secondary_specialized_completed", "中等专科结业", "Secondary specialized school completed" },
	{ 43, "secondary_specialized_incomplete", "中等专科肄业", "Secondary specialized school not completed" },
	{ 44, "vocational_high", "职业高中毕业", "Vocational high school graduate" },
	{ 45, "vocational_high_completed", "职业高中结业", "Vocational high school completed" },
	{ 46, "vocational_high_incomplete", "职业高中肄业", "Vocational high school not completed" },
	{ 47, "technical_school", "技工学校毕业", "Technical school graduate" },
	{ 48, "technical_school_completed", "技工学校结业", "Technical school completed" },
	{ 49, "technical_school_incomplete", "技工学校肄业", "Technical school not completed" },
	{ 60, "high_school", "普通高级中学教育", "Senior high school education" },
	{ 61, "high_school_graduate", "普通高中毕业", "Senior high school graduate" },
	{ 62, "high_school_completed", "普通高中结业", "Senior high school completed" },
	{ 63, "high_school_incomplete", "普通高中肄业", "Senior high school not completed" },
	{ 70, "junior_high", "初级中学教育", "Junior high school education" },
	{ 71, "junior_high_graduate", "初中毕业", "Junior high school graduate" },
	{ 73, "junior_high_incomplete", "初中肄业", "Junior high school not completed" },
	{ 80, "primary", "小学教育", "Primary education" },
	{ 81, "primary_graduate", "小学毕业", "Primary school graduate" },
	{ 83, "primary_incomplete", "小学肄业", "Primary school not completed" },
	{ 90, "other", "其他", "Other" },
};
/*
 * The names that forms and spreadsheets use in a 学历 column. A level named
 * without its outcome (本科, 大专) is the completed level (毕业): that is
 * what a 学历 records; 研究生 alone names the level (博士 or 硕士 unknown).
 */
static const struct code_alias education_aliases[] = {
	{ "研究生", 10 }, { "博士", 11 }, { "博士研究生", 11 }, { "硕士", 14 },
	{ "硕士研究生", 14 }, { "大学本科", 21 }, { "本科", 21 }, { "大学专科", 31 },
	{ "专科", 31 }, { "大专", 31 }, { "中专", 41 }, { "中等专科", 41 },
	{ "职高", 44 }, { "职业高中", 44 }, { "技校", 47 }, { "技工学校", 47 },
	{ "高中", 61 }, { "普通高中", 61 }, { "初中", 71 }, { "初级中学", 71 },
	{ "小学", 81 },
};
const struct code_table code_education = {
	"education", education_entries,
	sizeof(education_entries) / sizeof(education_entries[0]), 1,
	education_aliases, sizeof(education_aliases) / sizeof(education_aliases[0]),
};

/* The eight occupation categories of the intra-party statistics bulletin. */
static const struct code_entry occupation_entries[] = {
	{ OCC_WORKERS, "workers", "工人", "Workers" },
	{ OCC_FARMERS, "farmers_herders_fishers", "农牧渔民", "Farmers, herders and fishers" },
	{ OCC_PROFESSIONALS, "professionals", "专业技术人员", "Professional and technical staff" },
	{ OCC_MANAGERS, "managers", "企事业单位、民办非企业单位管理人员",
	  "Managers of enterprises, public institutions and private non-enterprise units" },
	{ OCC_GOV_STAFF, "party_and_government_staff", "党政机关工作人员",
	  "Staff of party and government organs" },
	{ OCC_STUDENTS, "students", "学生", "Students" },
	{ OCC_OTHER, "other", "其他职业人员", "Other occupations" },
	{ OCC_RETIRED, "retired", "离退休人员", "Retired" },
};
TABLE(code_occupation, "occupation", occupation_entries, 0);

static const struct code_entry org_kind_entries[] = {
	{ ORG_COMMITTEE, "committee", "党委", "Committee" },
	{ ORG_WORKING_COMMITTEE, "working_committee", "工委", "Working committee" },
	{ ORG_LEADING_GROUP, "leading_group", "党组", "Leading party group" },
	{ ORG_GENERAL_BRANCH, "general_branch", "党总支", "General branch" },
	{ ORG_BRANCH, "branch", "党支部", "Branch" },
	{ ORG_PARTY_GROUP, "party_group", "党小组", "Party group" },
	{ ORG_TEMPORARY, "temporary", "临时党组织", "Temporary organization" },
};
TABLE(code_org_kind, "org_kind", org_kind_entries, 0);

static const struct code_entry sector_entries[] = {
	{ SECTOR_RURAL, "rural", "农村", "Rural" },
	{ SECTOR_COMMUNITY, "community", "城市社区", "Urban community" },
	{ SECTOR_AGENCY, "agency", "机关", "Agency" },
	{ SECTOR_INSTITUTION, "institution", "事业单位", "Public institution" },
	{ SECTOR_SOE, "soe", "国有企业", "State-owned enterprise" },
	{ SECTOR_NON_PUBLIC, "non_public", "非公有制企业", "Non-public enterprise" },
	{ SECTOR_UNIVERSITY, "university", "高校", "University" },
	{ SECTOR_SOCIAL, "social", "社会组织", "Social organization" },
	{ SECTOR_OTHER, "other", "其他", "Other" },
};
TABLE(code_sector, "sector", sector_entries, 0);

static const struct code_entry member_status_entries[] = {
	{ MS_APPLICANT, "applicant", "入党申请人", "Applicant" },
	{ MS_ACTIVIST, "activist", "入党积极分子", "Activist" },
	{ MS_TARGET, "target", "发展对象", "Development target" },
	{ MS_PROBATIONARY, "probationary", "预备党员", "Probationary member" },
	{ MS_FULL, "full", "正式党员", "Full member" },
	{ MS_WITHDRAWN, "withdrawn", "退党/出党", "Withdrawn" },
	{ MS_EXPELLED, "expelled", "开除党籍", "Expelled" },
	{ MS_DECEASED, "deceased", "去世", "Deceased" },
};
TABLE(code_member_status, "member_status", member_status_entries, 0);

int education_is_college(int code)
{
	return code >= 10 && code <= 39;
}

const struct code_entry *code_by_code(const struct code_table *t, int code)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->entries[i].code == code)
			return &t->entries[i];
	return NULL;
}

const struct code_entry *code_by_key(const struct code_table *t, const char *key)
{
	if (!key)
		return NULL;
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->entries[i].key, key))
			return &t->entries[i];
	return NULL;
}

/* The ideographic space U+3000 in UTF-8. */
static const char ideo_space[] = "\xe3\x80\x80";

static int is_ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	       c == '\f';
}

/* Narrows [*s, *s + *n) by the spaces around it. */
static void trim(const char **s, size_t *n)
{
	const char *p = *s;
	size_t len = *n;

	for (;;) {
		if (len > 0 && is_ascii_space(p[0])) {
			p++;
			len--;
		} else if (len >= 3 && !memcmp(p, ideo_space, 3)) {
			p += 3;
			len -= 3;
		} else {
			break;
		}
	}
	for (;;) {
		if (len > 0 && is_ascii_space(p[len - 1]))
			len--;
		else if (len >= 3 && !memcmp(p + len - 3, ideo_space, 3))
			len -= 3;
		else
			break;
	}
	*s = p;
	*n = len;
}

static int eq_n(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && !memcmp(s, lit, n);
}

static int eq_n_nocase(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && !strncasecmp(s, lit, n);
}

/* Compares s with a label or, for labels like 退党/出党, with each part. */
static int eq_label(const char *s, size_t n, const char *label)
{
	if (eq_n(s, n, label))
		return 1;
	if (!strchr(label, '/'))
		return 0;
	for (const char *p = label;;) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		if (len == n && !memcmp(p, s, n))
			return 1;
		if (!slash)
			return 0;
		p = slash + 1;
	}
}

/* Numeric codes: 1 to 3 ASCII digits, leading zeros allowed. */
static int parse_number(const char *s, size_t n, int *out)
{
	int v = 0;

	if (n == 0 || n > 3)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static const char zu[] = "族";

const struct code_entry *code_parse(const struct code_table *t, const char *text)
{
	const char *s = text;
	size_t n;
	int num;

	if (!t || !text)
		return NULL;
	n = strlen(text);
	trim(&s, &n);
	if (n == 0)
		return NULL;

	if (parse_number(s, n, &num) == 0)
		return code_by_code(t, num);

	if (t == &code_sex) {
		if (eq_n(s, n, "男") || eq_n(s, n, "男性") || eq_n_nocase(s, n, "m"))
			return code_by_code(t, SEX_MALE);
		if (eq_n(s, n, "女") || eq_n(s, n, "女性") || eq_n_nocase(s, n, "f"))
			return code_by_code(t, SEX_FEMALE);
	}

	/* Exact forms first: key, Chinese label. */
	for (size_t i = 0; i < t->n; i++) {
		const struct code_entry *e = &t->entries[i];
		if (eq_n(s, n, e->key) || eq_label(s, n, e->zh))
			return e;
	}
	/* Then English label or key regardless of case. */
	for (size_t i = 0; i < t->n; i++) {
		const struct code_entry *e = &t->entries[i];
		if (eq_n_nocase(s, n, e->en) || eq_n_nocase(s, n, e->key))
			return e;
	}
	for (size_t i = 0; i < t->nr_aliases; i++)
		if (eq_n(s, n, t->aliases[i].text))
			return code_by_code(t, t->aliases[i].code);
	/* Ethnic groups are often written without 族: 汉, 蒙古, 维吾尔. */
	if (t == &code_ethnicity) {
		size_t zl = sizeof(zu) - 1;
		for (size_t i = 0; i < t->n; i++) {
			const struct code_entry *e = &t->entries[i];
			size_t el = strlen(e->zh);
			if (el > zl && !memcmp(e->zh + el - zl, zu, zl) &&
			    el - zl == n && !memcmp(e->zh, s, n))
				return e;
		}
	}
	return NULL;
}
