/*
 * test-codes.c - the code tables and their lookups (model/codes.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "core/error.h"
#include "model/codes.h"

static const struct code_table *const all_tables[] = {
	&code_sex, &code_ethnicity, &code_education, &code_occupation,
	&code_org_kind, &code_sector, &code_member_status,
};
#define N_TABLES (sizeof(all_tables) / sizeof(all_tables[0]))

static void codes_and_keys_unique(void **state)
{
	(void)state;
	for (size_t t = 0; t < N_TABLES; t++) {
		const struct code_table *tb = all_tables[t];
		assert_non_null(tb->name);
		assert_true(tb->n > 0);
		for (size_t i = 0; i < tb->n; i++) {
			const struct code_entry *a = &tb->entries[i];
			assert_non_null(a->key);
			assert_non_null(a->zh);
			assert_non_null(a->en);
			assert_true(a->code >= 0 && a->code <= 99);
			/* keys: lower-case ASCII words joined by '_' */
			assert_true(a->key[0] >= 'a' && a->key[0] <= 'z');
			for (const char *p = a->key; *p; p++)
				assert_true((*p >= 'a' && *p <= 'z') || *p == '_');
			assert_true(strlen(a->zh) > 0);
			assert_true(strlen(a->en) > 0);
			for (size_t j = i + 1; j < tb->n; j++) {
				const struct code_entry *b = &tb->entries[j];
				assert_int_not_equal(a->code, b->code);
				assert_true(strcasecmp(a->key, b->key) != 0);
				assert_true(strcmp(a->zh, b->zh) != 0);
				assert_true(strcasecmp(a->en, b->en) != 0);
			}
		}
		/* codes are listed in ascending order */
		for (size_t i = 1; i < tb->n; i++)
			assert_true(tb->entries[i - 1].code < tb->entries[i].code);
	}
}

static void expect_parse(const struct code_table *t, const char *text,
			 const struct code_entry *want)
{
	const struct code_entry *got = code_parse(t, text);
	if (got != want) {
		print_error("%s: parse '%s' gave %s, wanted %s\n", t->name, text,
			    got ? got->key : "NULL", want ? want->key : "NULL");
		fail();
	}
}

static void upper(const char *s, char *out, size_t size)
{
	size_t i = 0;
	for (; s[i] && i + 1 < size; i++)
		out[i] = (s[i] >= 'a' && s[i] <= 'z') ? (char)(s[i] - 32) : s[i];
	out[i] = '\0';
}

static void parse_every_form_round_trip(void **state)
{
	(void)state;
	char buf[256], up[256];
	for (size_t t = 0; t < N_TABLES; t++) {
		const struct code_table *tb = all_tables[t];
		for (size_t i = 0; i < tb->n; i++) {
			const struct code_entry *e = &tb->entries[i];
			/* round trips through code and key */
			assert_ptr_equal(code_by_code(tb, e->code), e);
			assert_ptr_equal(code_by_key(tb, e->key), e);
			/* numeric forms */
			snprintf(buf, sizeof(buf), "%d", e->code);
			expect_parse(tb, buf, e);
			snprintf(buf, sizeof(buf), "%02d", e->code);
			expect_parse(tb, buf, e);
			/* key, Chinese, English in both cases */
			expect_parse(tb, e->key, e);
			expect_parse(tb, e->zh, e);
			expect_parse(tb, e->en, e);
			upper(e->en, up, sizeof(up));
			expect_parse(tb, up, e);
			upper(e->key, up, sizeof(up));
			expect_parse(tb, up, e);
			/* surrounding ASCII and ideographic spaces */
			snprintf(buf, sizeof(buf), "  %s\t", e->zh);
			expect_parse(tb, buf, e);
			snprintf(buf, sizeof(buf), "\xe3\x80\x80%s\xe3\x80\x80 ", e->zh);
			expect_parse(tb, buf, e);
			snprintf(buf, sizeof(buf), " %s ", e->key);
			expect_parse(tb, buf, e);
		}
		/* junk */
		expect_parse(tb, "", NULL);
		expect_parse(tb, "   ", NULL);
		expect_parse(tb, "\xe3\x80\x80", NULL);
		expect_parse(tb, "nonsense", NULL);
		expect_parse(tb, "99x", NULL);
		expect_parse(tb, "-1", NULL);
		expect_parse(tb, "1000", NULL);
		expect_parse(tb, "55", code_by_code(tb, 55));
		assert_null(code_by_code(tb, 12345));
		assert_null(code_by_key(tb, "no_such_key"));
		assert_null(code_by_key(tb, NULL));
		assert_null(code_parse(tb, NULL));
	}
}

static void sex_table(void **state)
{
	(void)state;
	assert_int_equal(code_sex.n, 4);
	assert_string_equal(code_by_code(&code_sex, 0)->zh, "未知的性别");
	assert_string_equal(code_by_code(&code_sex, 1)->key, "male");
	assert_string_equal(code_by_code(&code_sex, 1)->zh, "男");
	assert_string_equal(code_by_code(&code_sex, 2)->key, "female");
	assert_string_equal(code_by_code(&code_sex, 2)->zh, "女");
	assert_string_equal(code_by_code(&code_sex, 9)->zh, "未说明的性别");
	assert_null(code_by_code(&code_sex, 3));
	const struct code_entry *m = code_by_code(&code_sex, SEX_MALE);
	const struct code_entry *f = code_by_code(&code_sex, SEX_FEMALE);
	expect_parse(&code_sex, "男", m);
	expect_parse(&code_sex, "女", f);
	expect_parse(&code_sex, "M", m);
	expect_parse(&code_sex, "F", f);
	expect_parse(&code_sex, "m", m);
	expect_parse(&code_sex, "f", f);
	expect_parse(&code_sex, "male", m);
	expect_parse(&code_sex, "Female", f);
	expect_parse(&code_sex, " 男 ", m);
	expect_parse(&code_sex, "男性", m);
	expect_parse(&code_sex, "X", NULL);
	assert_int_equal(code_sex.two_digits, 0);
}

static void ethnicity_table(void **state)
{
	(void)state;
	static const char *const zh[] = {
		"汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族",
		"布依族", "朝鲜族", "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族",
		"哈萨克族", "傣族", "黎族", "傈僳族", "佤族", "畲族", "高山族", "拉祜族",
		"水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族", "达斡尔族",
		"仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族",
		"阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族",
		"鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族", "独龙族",
		"鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
	};
	assert_int_equal(sizeof(zh) / sizeof(zh[0]), 56);
	assert_int_equal(code_ethnicity.n, 58);
	assert_int_equal(code_ethnicity.two_digits, 1);
	for (int c = 1; c <= 56; c++) {
		const struct code_entry *e = code_by_code(&code_ethnicity, c);
		assert_non_null(e);
		assert_string_equal(e->zh, zh[c - 1]);
		/* the name without 族 */
		char buf[64];
		size_t n = strlen(e->zh) - strlen("族");
		memcpy(buf, e->zh, n);
		buf[n] = '\0';
		expect_parse(&code_ethnicity, buf, e);
	}
	assert_string_equal(code_by_code(&code_ethnicity, 1)->key, "han");
	assert_string_equal(code_by_code(&code_ethnicity, 2)->key, "mongol");
	assert_string_equal(code_by_code(&code_ethnicity, 3)->key, "hui");
	assert_string_equal(code_by_code(&code_ethnicity, 4)->key, "zang");
	assert_string_equal(code_by_code(&code_ethnicity, 97)->zh, "其他");
	assert_string_equal(code_by_code(&code_ethnicity, 97)->key, "other");
	assert_string_equal(code_by_code(&code_ethnicity, 98)->zh, "外国血统中国籍人士");
	assert_string_equal(code_by_code(&code_ethnicity, 98)->key, "foreign_origin");
	assert_null(code_by_code(&code_ethnicity, 57));
	assert_null(code_by_code(&code_ethnicity, 0));
	assert_int_equal(code_parse(&code_ethnicity, "汉")->code, ETHNICITY_HAN);
	assert_int_equal(code_parse(&code_ethnicity, "01")->code, 1);
	assert_int_equal(code_parse(&code_ethnicity, "土")->code, 30);
	assert_int_equal(code_parse(&code_ethnicity, "土家")->code, 15);
	assert_int_equal(code_parse(&code_ethnicity, "Tibetan")->code, 4);
	assert_int_equal(code_parse(&code_ethnicity, "ZANG")->code, 4);
	expect_parse(&code_ethnicity, "族", NULL);
	expect_parse(&code_ethnicity, "汉族族", NULL);
}

/* The names of a 学历 column (README's own example says 大学本科). */
static void education_common_names(void **state)
{
	(void)state;
	static const struct { const char *text; int code; } want[] = {
		{ "大学本科", 21 }, { "本科", 21 }, { " 大专 ", 31 }, { "专科", 31 },
		{ "中专", 41 }, { "高中", 61 }, { "初中", 71 }, { "小学", 81 },
		{ "博士", 11 }, { "硕士研究生", 14 }, { "研究生", 10 }, { "技校", 47 },
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct code_entry *e = code_parse(&code_education, want[i].text);
		assert_non_null(e);
		assert_int_equal(e->code, want[i].code);
	}
	/* aliases belong to their table only, and unknown text stays unknown */
	assert_null(code_parse(&code_occupation, "本科"));
	assert_null(code_parse(&code_education, "本"));
	assert_null(code_parse(&code_education, "大学"));
}

static void education_table(void **state)
{
	(void)state;
	static const struct { int code; const char *zh; } want[] = {
		{ 10, "研究生教育" }, { 11, "博士研究生毕业" }, { 12, "博士研究生结业" },
		{ 13, "博士研究生肄业" }, { 14, "硕士研究生毕业" }, { 15, "硕士研究生结业" },
		{ 16, "硕士研究生肄业" }, { 17, "研究生班毕业" }, { 18, "研究生班结业" },
		{ 19, "研究生班肄业" }, { 20, "大学本科教育" }, { 21, "大学本科毕业" },
		{ 22, "大学本科结业" }, { 23, "大学本科肄业" }, { 28, "大学普通班毕业" },
		{ 30, "大学专科教育" }, { 31, "大学专科毕业" }, { 32, "大学专科结业" },
		{ 33, "大学专科肄业" }, { 40, "中等职业教育" }, { 41, "中等专科毕业" },
		{ 42, "中等专科结业" }, { 43, "中等专科肄业" }, { 44, "职业高中毕业" },
		{ 45, "职业高中结业" }, { 46, "职业高中肄业" }, { 47, "技工学校毕业" },
		{ 48, "技工学校结业" }, { 49, "技工学校肄业" }, { 60, "普通高级中学教育" },
		{ 61, "普通高中毕业" }, { 62, "普通高中结业" }, { 63, "普通高中肄业" },
		{ 70, "初级中学教育" }, { 71, "初中毕业" }, { 73, "初中肄业" },
		{ 80, "小学教育" }, { 81, "小学毕业" }, { 83, "小学肄业" }, { 90, "其他" },
	};
	size_t n = sizeof(want) / sizeof(want[0]);
	assert_int_equal(code_education.n, n);
	assert_int_equal(code_education.two_digits, 1);
	for (size_t i = 0; i < n; i++) {
		const struct code_entry *e = code_by_code(&code_education, want[i].code);
		assert_non_null(e);
		assert_string_equal(e->zh, want[i].zh);
		assert_int_equal(education_is_college(e->code),
				 e->code >= 10 && e->code <= 39);
	}
	static const struct { int code; const char *key; } keys[] = {
		{ 10, "postgraduate" }, { 11, "doctor" }, { 14, "master" },
		{ 21, "bachelor" }, { 30, "college" }, { 40, "secondary_vocational" },
		{ 60, "high_school" }, { 70, "junior_high" }, { 80, "primary" },
		{ 90, "other" },
	};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		assert_string_equal(code_by_code(&code_education, keys[i].code)->key,
				    keys[i].key);
	assert_true(education_is_college(11));
	assert_true(education_is_college(21));
	assert_true(education_is_college(28));
	assert_true(education_is_college(33));
	assert_false(education_is_college(41));
	assert_false(education_is_college(61));
	assert_false(education_is_college(9));
	assert_false(education_is_college(90));
}

struct want_entry { int code; const char *key; const char *zh; };

static void expect_table(const struct code_table *t, const struct want_entry *w,
			 size_t n)
{
	assert_int_equal(t->n, n);
	assert_int_equal(t->two_digits, 0);
	for (size_t i = 0; i < n; i++) {
		const struct code_entry *e = code_by_code(t, w[i].code);
		assert_non_null(e);
		assert_string_equal(e->key, w[i].key);
		assert_string_equal(e->zh, w[i].zh);
	}
}

static void project_tables(void **state)
{
	(void)state;
	static const struct want_entry occ[] = {
		{ OCC_WORKERS, "workers", "工人" },
		{ OCC_FARMERS, "farmers_herders_fishers", "农牧渔民" },
		{ OCC_PROFESSIONALS, "professionals", "专业技术人员" },
		{ OCC_MANAGERS, "managers", "企事业单位、民办非企业单位管理人员" },
		{ OCC_GOV_STAFF, "party_and_government_staff", "党政机关工作人员" },
		{ OCC_STUDENTS, "students", "学生" },
		{ OCC_OTHER, "other", "其他职业人员" },
		{ OCC_RETIRED, "retired", "离退休人员" },
	};
	static const struct want_entry kind[] = {
		{ ORG_COMMITTEE, "committee", "党委" },
		{ ORG_WORKING_COMMITTEE, "working_committee", "工委" },
		{ ORG_LEADING_GROUP, "leading_group", "党组" },
		{ ORG_GENERAL_BRANCH, "general_branch", "党总支" },
		{ ORG_BRANCH, "branch", "党支部" },
		{ ORG_PARTY_GROUP, "party_group", "党小组" },
		{ ORG_TEMPORARY, "temporary", "临时党组织" },
	};
	static const struct want_entry sector[] = {
		{ SECTOR_RURAL, "rural", "农村" },
		{ SECTOR_COMMUNITY, "community", "城市社区" },
		{ SECTOR_AGENCY, "agency", "机关" },
		{ SECTOR_INSTITUTION, "institution", "事业单位" },
		{ SECTOR_SOE, "soe", "国有企业" },
		{ SECTOR_NON_PUBLIC, "non_public", "非公有制企业" },
		{ SECTOR_UNIVERSITY, "university", "高校" },
		{ SECTOR_SOCIAL, "social", "社会组织" },
		{ SECTOR_OTHER, "other", "其他" },
	};
	static const struct want_entry status[] = {
		{ MS_APPLICANT, "applicant", "入党申请人" },
		{ MS_ACTIVIST, "activist", "入党积极分子" },
		{ MS_TARGET, "target", "发展对象" },
		{ MS_PROBATIONARY, "probationary", "预备党员" },
		{ MS_FULL, "full", "正式党员" },
		{ MS_WITHDRAWN, "withdrawn", "退党/出党" },
		{ MS_EXPELLED, "expelled", "开除党籍" },
		{ MS_DECEASED, "deceased", "去世" },
	};
	expect_table(&code_occupation, occ, sizeof(occ) / sizeof(occ[0]));
	expect_table(&code_org_kind, kind, sizeof(kind) / sizeof(kind[0]));
	expect_table(&code_sector, sector, sizeof(sector) / sizeof(sector[0]));
	expect_table(&code_member_status, status, sizeof(status) / sizeof(status[0]));
	assert_int_equal(code_by_code(&code_occupation, 8)->code, OCC_RETIRED);
	/* each part of a combined label */
	expect_parse(&code_member_status, "退党", code_by_code(&code_member_status, MS_WITHDRAWN));
	expect_parse(&code_member_status, "出党", code_by_code(&code_member_status, MS_WITHDRAWN));
	expect_parse(&code_member_status, "/", NULL);
	expect_parse(&code_member_status, "Full member", code_by_code(&code_member_status, MS_FULL));
	expect_parse(&code_member_status, "full MEMBER", code_by_code(&code_member_status, MS_FULL));
	/* the generic suffix is only dropped for ethnic groups */
	expect_parse(&code_org_kind, "党", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(codes_and_keys_unique),
		cmocka_unit_test(parse_every_form_round_trip),
		cmocka_unit_test(sex_table),
		cmocka_unit_test(ethnicity_table),
		cmocka_unit_test(education_table),
		cmocka_unit_test(education_common_names),
		cmocka_unit_test(project_tables),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
