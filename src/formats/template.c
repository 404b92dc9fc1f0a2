/*
 * template.c - the column tables of import/export files and the XLSX import
 * template.
 *
 * The template is written with libxlsxwriter: an instructions sheet, one
 * sheet per kind of row with a bold header, text format on the ID number
 * column (so Excel keeps all 18 digits), a date format on date columns, and
 * list validations whose values come from the hidden code sheet. Header
 * matching for import lives here too, next to the tables. Not for reading
 * or importing files.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <xlsxwriter.h>

#include "core/strbuf.h"
#include "formats/template.h"

const struct import_column member_columns[MC_COUNT] = {
	[MC_NAME] = { "name", "姓名", COL_TEXT, NULL, 1, 12,
		      "必填。1至30个字。" },
	[MC_SEX] = { "sex", "性别", COL_CODE, &code_sex, 0, 8,
		     "男或女（也可填代码1/2）。填写公民身份号码时可留空，由号码推出。" },
	[MC_ID_NUMBER] = { "id_number", "公民身份号码", COL_IDNUMBER, NULL, 0, 22,
			   "18位（或旧15位）公民身份号码，末位可为X。本列必须是文本格式：若被存成数字（如1.1010519491231E+17），后几位已丢失，须改为文本后重新输入。同一文件内及数据库中不得重复。" },
	[MC_BIRTH] = { "birth_date", "出生日期", COL_DATE, NULL, 0, 12,
		       "日期单元格或文本YYYY-MM-DD。填写公民身份号码时可留空，由号码推出；填写时须与号码一致。" },
	[MC_ETHNICITY] = { "ethnicity", "民族", COL_CODE, &code_ethnicity, 1, 10,
			   "GB/T 3304民族名称，如汉族（也可填“汉”或两位代码01）。" },
	[MC_EDUCATION] = { "education", "学历", COL_CODE, &code_education, 1, 16,
			   "GB/T 4658学历名称，如大学本科毕业（也可填两位代码21）。" },
	[MC_OCCUPATION] = { "occupation", "职业", COL_CODE, &code_occupation, 1, 16,
			    "党内统计公报的职业分类，如工人、农牧渔民、专业技术人员、学生、离退休人员。" },
	[MC_PHONE] = { "phone", "手机号码", COL_TEXT, NULL, 0, 14,
		       "11位手机号码，或带一个连字符的固定电话号码。" },
	[MC_ADDRESS] = { "address", "联系地址", COL_TEXT, NULL, 0, 30,
			 "自由文本。" },
	[MC_ORG] = { "org", "所在党组织", COL_ORGREF, NULL, 0, 16,
		     "所在党组织的组织编码（可为本文件“党组织”表中新建的组织）。填写党员状态时必填。" },
	[MC_STATUS] = { "status", "党员状态", COL_CODE, &code_member_status, 0, 14,
			"入党申请人、入党积极分子、发展对象、预备党员、正式党员等。留空表示只登记人员信息。" },
	[MC_APPLIED] = { "applied", "申请入党日期", COL_DATE, NULL, 0, 12,
			 "入党申请人须填写。申请时须年满18岁。" },
	[MC_ACTIVIST] = { "activist", "确定积极分子日期", COL_DATE, NULL, 0, 12,
			  "入党积极分子须填写。" },
	[MC_TARGET] = { "target", "确定发展对象日期", COL_DATE, NULL, 0, 12,
			"发展对象须填写。" },
	[MC_ADMITTED] = { "admitted", "入党日期", COL_DATE, NULL, 0, 12,
			  "预备党员、正式党员须填写（即政治生日）。" },
	[MC_FULL] = { "full", "转正日期", COL_DATE, NULL, 0, 12,
		      "正式党员的转正日期。各日期须依次不早于前一日期，且不晚于今天。" },
	[MC_EXITED] = { "exited", "出党或去世日期", COL_DATE, NULL, 0, 12,
			"党员状态为退党/出党、开除党籍、去世时须填写。" },
	[MC_NOTE] = { "note", "备注", COL_IGNORED, NULL, 0, 20,
		      "不导入，仅供填表人备注。" },
};

const struct import_column org_columns[OC_COUNT] = {
	[OC_CODE] = { "code", "组织编码", COL_TEXT, NULL, 1, 16,
		      "必填，唯一。1至39位字母、数字、下划线、点或连字符。" },
	[OC_NAME] = { "name", "组织名称", COL_TEXT, NULL, 1, 30,
		      "必填。1至80个字。" },
	[OC_KIND] = { "kind", "组织类别", COL_CODE, &code_org_kind, 1, 12,
		      "党委、工委、党组、党总支、党支部、党小组、临时党组织。" },
	[OC_PARENT] = { "parent", "上级组织编码", COL_ORGREF, NULL, 0, 16,
			"上级党组织的组织编码：可为数据库中已有的组织，也可为本表中（前面或后面）的另一行。留空表示顶级组织。" },
	[OC_SECTOR] = { "sector", "所属领域", COL_CODE, &code_sector, 1, 14,
			"农村、城市社区、机关、事业单位、国有企业、非公有制企业、高校、社会组织、其他。" },
	[OC_DIVISION] = { "division", "行政区划代码", COL_TEXT, NULL, 0, 14,
			  "国家统计局统计用区划代码，2、4、6、9或12位数字（文本格式）。" },
	[OC_ESTABLISHED] = { "established", "成立日期", COL_DATE, NULL, 1, 12,
			     "必填，不晚于今天。" },
	[OC_PURPOSE] = { "purpose", "临时党组织目的", COL_TEXT, NULL, 0, 24,
			 "临时党组织必填。" },
	[OC_END_DATE] = { "end_date", "结束日期", COL_DATE, NULL, 0, 12,
			  "临时党组织必填，晚于成立日期。" },
	[OC_LABEL] = { "label", "楼栋/地址标签", COL_TEXT, NULL, 0, 20,
		       "网格党小组可填写所联系的楼栋或地址。" },
	[OC_TERM_START] = { "term_start", "届期开始", COL_DATE, NULL, 0, 12,
			    "本届领导班子的任期开始日期。" },
	[OC_TERM_YEARS] = { "term_years", "届期年限", COL_INT, NULL, 0, 10,
			    "0至10年；留空按组织类别取默认值（党委、党总支5年，党支部3年）。" },
};

int import_column_find(const struct import_column *cols, size_t n,
		       const char *header)
{
	char buf[128];
	size_t len;
	const char *s = header;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!strncmp(s, "\xe3\x80\x80", 3))
		s += 3;
	snprintf(buf, sizeof(buf), "%s", s);
	len = strlen(buf);
	for (;;) {
		if (len && (buf[len - 1] == ' ' || buf[len - 1] == '\t' ||
			    buf[len - 1] == '*' || buf[len - 1] == '\r' ||
			    buf[len - 1] == '\n'))
			buf[--len] = '\0';
		else if (len >= 3 && (!strcmp(buf + len - 3, "\xef\xbc\x8a") ||
				      !strcmp(buf + len - 3, "\xe3\x80\x80")))
			buf[len -= 3] = '\0';
		else
			break;
	}
	for (size_t i = 0; i < n; i++)
		if (!strcmp(buf, cols[i].zh) || !strcasecmp(buf, cols[i].key))
			return (int)i;
	return -1;
}

/* ------------------------------------------------------------------ */

static const struct code_table *const code_lists[] = {
	&code_sex, &code_ethnicity, &code_education, &code_occupation,
	&code_member_status, &code_org_kind, &code_sector,
};
#define NR_CODE_LISTS (sizeof(code_lists) / sizeof(code_lists[0]))

static const char *const code_list_titles[NR_CODE_LISTS] = {
	"性别", "民族", "学历", "职业", "党员状态", "组织类别", "所属领域",
};

/* Rows covered by the validations and formats (row 0 is the header). */
#define TEMPLATE_ROWS 100000

static int list_index(const struct code_table *t)
{
	for (size_t i = 0; i < NR_CODE_LISTS; i++)
		if (code_lists[i] == t)
			return (int)i;
	return -1;
}

static void col_letters(int col, char *out, size_t size)
{
	char tmp[8];
	int n = 0;

	col++;
	while (col > 0 && n < 7) {
		tmp[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	size_t k = 0;
	while (n > 0 && k + 1 < size)
		out[k++] = tmp[--n];
	out[k] = '\0';
}

struct tpl_formats {
	lxw_format *header, *header_req, *text, *date, *wrap, *title;
};

static void write_sheet(lxw_workbook *wb, lxw_worksheet *ws,
			const struct import_column *cols, size_t n,
			const struct tpl_formats *f)
{
	for (size_t i = 0; i < n; i++) {
		const struct import_column *c = &cols[i];
		lxw_format *fmt = NULL;

		if (c->type == COL_IDNUMBER || c->type == COL_ORGREF ||
		    (c->type == COL_TEXT && (!strcmp(c->key, "phone") ||
					     !strcmp(c->key, "division") ||
					     !strcmp(c->key, "code"))))
			fmt = f->text;
		else if (c->type == COL_DATE)
			fmt = f->date;
		worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, c->width, fmt);
		worksheet_write_string(ws, 0, (lxw_col_t)i, c->zh,
				       c->required ? f->header_req : f->header);
		if (c->type == COL_CODE) {
			int li = list_index(c->codes);
			char letters[8], formula[96];
			lxw_data_validation dv;
			col_letters(li, letters, sizeof(letters));
			snprintf(formula, sizeof(formula), "=%s!$%s$2:$%s$%zu",
				 SHEET_CODES_ZH, letters, letters, c->codes->n + 1);
			memset(&dv, 0, sizeof(dv));
			dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
			dv.value_formula = formula;
			dv.ignore_blank = LXW_VALIDATION_ON;
			dv.show_error = LXW_VALIDATION_ON;
			dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
			dv.error_title = (char *)"输入有误";
			dv.error_message = (char *)"请从下拉列表中选择。";
			worksheet_data_validation_range(ws, 1, (lxw_col_t)i,
							TEMPLATE_ROWS, (lxw_col_t)i, &dv);
		}
	}
	worksheet_freeze_panes(ws, 1, 0);
	(void)wb;
}

static const char *type_text(const struct import_column *c)
{
	switch (c->type) {
	case COL_CODE: return "下拉选择";
	case COL_DATE: return "日期";
	case COL_INT: return "整数";
	case COL_IDNUMBER: return "文本（18位）";
	case COL_ORGREF: return "组织编码";
	case COL_IGNORED: return "不导入";
	default: return "文本";
	}
}

static void write_help(lxw_worksheet *ws, const struct tpl_formats *f)
{
	static const char *const intro[] = {
		"党组织和党员信息导入模板",
		"1. 在“党组织”“党员”两张表中从第2行起逐行填写，第1行表头不要修改；只导入其中一张表也可以。导入时先导入党组织，再导入党员，党员可以引用本文件中新建的党组织。",
		"2. 带红色表头的列必须填写；带下拉列表的列请从列表中选择，也可填写代码或英文键。日期可填日期单元格或文本，如1990-01-02。",
		"3. 公民身份号码列已设为文本格式，请勿改为数字格式。",
		"4. 导入前会检查每一行；只要有一行有误，整个文件都不会导入，并逐行列出错误（行号、列名、原因）。可先用 orgwork import --dry-run 检查。",
	};
	lxw_row_t r = 0;

	worksheet_set_column(ws, 0, 0, 14, NULL);
	worksheet_set_column(ws, 1, 1, 18, NULL);
	worksheet_set_column(ws, 2, 2, 8, NULL);
	worksheet_set_column(ws, 3, 3, 14, NULL);
	worksheet_set_column(ws, 4, 4, 80, f->wrap);
	worksheet_write_string(ws, r++, 0, intro[0], f->title);
	for (size_t i = 1; i < sizeof(intro) / sizeof(intro[0]); i++)
		worksheet_write_string(ws, r++, 0, intro[i], NULL);
	r++;
	worksheet_write_string(ws, r, 0, "表", f->header);
	worksheet_write_string(ws, r, 1, "列", f->header);
	worksheet_write_string(ws, r, 2, "必填", f->header);
	worksheet_write_string(ws, r, 3, "类型", f->header);
	worksheet_write_string(ws, r, 4, "说明", f->header);
	r++;
	for (int sheet = 0; sheet < 2; sheet++) {
		const struct import_column *cols = sheet ? member_columns : org_columns;
		size_t n = sheet ? MC_COUNT : OC_COUNT;
		for (size_t i = 0; i < n; i++, r++) {
			worksheet_write_string(ws, r, 0, sheet ? SHEET_MEMBERS_ZH
							       : SHEET_ORGS_ZH, NULL);
			worksheet_write_string(ws, r, 1, cols[i].zh, NULL);
			worksheet_write_string(ws, r, 2, cols[i].required ? "是" : "", NULL);
			worksheet_write_string(ws, r, 3, type_text(&cols[i]), NULL);
			worksheet_write_string(ws, r, 4, cols[i].help, f->wrap);
		}
	}
}

static void write_codes(lxw_worksheet *ws, const struct tpl_formats *f)
{
	for (size_t k = 0; k < NR_CODE_LISTS; k++) {
		const struct code_table *t = code_lists[k];
		worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, 24, NULL);
		worksheet_write_string(ws, 0, (lxw_col_t)k, code_list_titles[k],
				       f->header);
		for (size_t i = 0; i < t->n; i++)
			worksheet_write_string(ws, (lxw_row_t)(i + 1), (lxw_col_t)k,
					       t->entries[i].zh, NULL);
	}
}

int template_write(const char *path, struct error *err)
{
	lxw_workbook *wb = workbook_new(path);
	struct tpl_formats f;
	lxw_error lerr;

	if (!wb)
		return error_set(err, ST_IO, NULL, "cannot create %s", path);
	f.header = workbook_add_format(wb);
	format_set_bold(f.header);
	format_set_bg_color(f.header, 0xDDEBF7);
	f.header_req = workbook_add_format(wb);
	format_set_bold(f.header_req);
	format_set_font_color(f.header_req, LXW_COLOR_RED);
	format_set_bg_color(f.header_req, 0xDDEBF7);
	f.text = workbook_add_format(wb);
	format_set_num_format(f.text, "@");
	f.date = workbook_add_format(wb);
	format_set_num_format(f.date, "yyyy-mm-dd");
	f.wrap = workbook_add_format(wb);
	format_set_text_wrap(f.wrap);
	f.title = workbook_add_format(wb);
	format_set_bold(f.title);
	format_set_font_size(f.title, 14);

	lxw_worksheet *help = workbook_add_worksheet(wb, SHEET_HELP_ZH);
	lxw_worksheet *orgs = workbook_add_worksheet(wb, SHEET_ORGS_ZH);
	lxw_worksheet *members = workbook_add_worksheet(wb, SHEET_MEMBERS_ZH);
	lxw_worksheet *codes = workbook_add_worksheet(wb, SHEET_CODES_ZH);

	write_help(help, &f);
	write_sheet(wb, orgs, org_columns, OC_COUNT, &f);
	write_sheet(wb, members, member_columns, MC_COUNT, &f);
	write_codes(codes, &f);
	worksheet_hide(codes);
	worksheet_activate(members);

	lerr = workbook_close(wb);
	if (lerr != LXW_NO_ERROR)
		return error_set(err, ST_IO, NULL, "cannot write %s: %s", path,
				 lxw_strerror(lerr));
	return ST_OK;
}
