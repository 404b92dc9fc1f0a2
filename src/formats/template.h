/*
 * template.h - the columns of the import/export files and the XLSX import
 * template built from them.
 *
 * The column tables below are the single description of the file layout:
 * import (formats/import.c) recognizes headers by them, export (formats/export.c)
 * writes them as its header row, and the template writes them with their
 * explanations, drop-down lists for coded columns (fed from a hidden code
 * sheet filled from model/codes.h) and text/date formats. Not for reading
 * files (formats/table-reader.h).
 */
#ifndef OW_TEMPLATE_H
#define OW_TEMPLATE_H

#include <stddef.h>

#include "core/error.h"
#include "model/codes.h"

enum column_type {
	COL_TEXT,      /* free text */
	COL_CODE,      /* a value of a code table (code_parse) */
	COL_DATE,      /* a date: a date cell, or text YYYY-MM-DD and variants */
	COL_INT,       /* a small whole number */
	COL_IDNUMBER,  /* citizen ID number: text, never a number cell */
	COL_ORGREF,    /* an organization code (or numeric id) */
	COL_IGNORED,   /* accepted and ignored (remarks) */
};

struct import_column {
	const char *key;                 /* English header, also accepted */
	const char *zh;                  /* Chinese header (template label) */
	enum column_type type;
	const struct code_table *codes;  /* COL_CODE only */
	int required;                    /* 1 = always, 0 = optional */
	int width;                       /* column width in the template */
	const char *help;                /* explanation on the instructions sheet */
};

/* Member columns, in file order; the enum indexes member_columns[]. */
enum member_col {
	MC_NAME, MC_SEX, MC_ID_NUMBER, MC_BIRTH, MC_ETHNICITY, MC_EDUCATION,
	MC_OCCUPATION, MC_PHONE, MC_ADDRESS, MC_ORG, MC_STATUS, MC_APPLIED,
	MC_ACTIVIST, MC_TARGET, MC_ADMITTED, MC_FULL, MC_EXITED, MC_NOTE,
	MC_COUNT
};
extern const struct import_column member_columns[MC_COUNT];

/* Organization columns; the enum indexes org_columns[]. */
enum org_col {
	OC_CODE, OC_NAME, OC_KIND, OC_PARENT, OC_SECTOR, OC_DIVISION,
	OC_ESTABLISHED, OC_PURPOSE, OC_END_DATE, OC_LABEL, OC_TERM_START,
	OC_TERM_YEARS, OC_COUNT
};
extern const struct import_column org_columns[OC_COUNT];

/* Sheet names: Chinese (written) and English (also accepted). */
#define SHEET_ORGS_ZH "党组织"
#define SHEET_ORGS_EN "organizations"
#define SHEET_MEMBERS_ZH "党员"
#define SHEET_MEMBERS_EN "members"
#define SHEET_HELP_ZH "说明"
#define SHEET_CODES_ZH "代码表"

/*
 * Index of the column whose Chinese label or English key matches header
 * (spaces around it, a trailing '*' or full-width '＊' and letter case of
 * the key ignored), or -1.
 */
int import_column_find(const struct import_column *cols, size_t n,
		       const char *header);

/*
 * Writes the import template to path (XLSX): sheets 说明 (instructions),
 * 党组织 and 党员 (header rows), and a hidden 代码表 with the code lists.
 * ST_IO when the file cannot be written.
 */
int template_write(const char *path, struct error *err);

#endif
