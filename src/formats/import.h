/*
 * import.h - importing organizations and members from CSV or XLSX files.
 *
 * A CSV file holds one kind of row, told by its header (organizations or
 * members; Chinese labels or English keys, see formats/template.h). An XLSX
 * workbook holds a 党组织/organizations sheet, a 党员/members sheet, or both;
 * organizations are imported first so that members may belong to them.
 *
 * All or nothing: everything runs in one transaction that is committed only
 * when every row is valid. Members are streamed: each row is validated and,
 * while no error has been seen, handed to a writer thread that inserts it
 * (the connection is used by one thread at a time; the writer has stopped
 * before import_file returns); after the first error the rest of the file
 * is still read and validated (inserting nothing more) so that every error
 * is reported, then the transaction is rolled back. A committed import
 * writes one audit row (action "import": file, counts, person id range,
 * content digest), not one per person. Memory
 * per member row is a few bytes (the ID-number set), never the record.
 * Organizations are few: they are held in memory so that a parent may be a
 * later row of the file, and cycles are found before anything is written.
 * Large loads drop and rebuild the secondary indexes of persons inside the
 * transaction and write no per-member events (the import batch records the
 * origin). Not for the file formats themselves (formats/table-reader.h).
 */
#ifndef OW_IMPORT_H
#define OW_IMPORT_H

#include <stddef.h>

#include "core/error.h"

struct db;

#define IMPORT_MAX_ISSUES 1000

/* One bad cell or row. */
struct import_issue {
	char sheet[32];      /* XLSX sheet name, "" for CSV */
	long line;           /* CSV line / XLSX row; 0 for the whole file */
	char column[64];     /* header label ("" for the whole row) */
	char value[128];     /* the offending cell text (may be cut) */
	char reason[256];    /* English */
	char code[ERROR_CODE_SIZE];  /* stable code (core/error.h), "" if none */
	int nr_params;
	struct error_param params[ERROR_MAX_PARAMS];
};

struct import_options {
	int dry_run;          /* validate only, write nothing */
	const char *actor;    /* recorded on the batch and org events */
	size_t max_issues;    /* issues kept (0 = IMPORT_MAX_ISSUES) */
	int today;            /* DATE_NONE = date_today() */
	int bulk;             /* -1 never, 0 auto, 1 always drop/rebuild indexes */
	const char *file_name; /* named in the audit row instead of path when
				  non-NULL ("" = not known: null); see
				  import_clean_name() */
};

/* The longest file name an import's audit row keeps, in characters. */
#define IMPORT_NAME_MAX 100

/*
 * A file name as a client names an upload, made fit for the audit row:
 * the part after the last '/' or '\\', without control characters or
 * invalid UTF-8 bytes, cut to IMPORT_NAME_MAX characters. out gets ""
 * when nothing is left (size of at least 4 * IMPORT_NAME_MAX + 1 keeps
 * every name whole).
 */
void import_clean_name(const char *raw, char *out, size_t size);

struct import_result {
	long long orgs;           /* organization rows valid (imported unless dry run) */
	long long members;        /* member rows valid (imported unless dry run) */
	long long rows;           /* data rows read */
	long long nr_errors;      /* all issues found, also beyond the cap */
	struct import_issue *issues;  /* the first max_issues, in file order */
	size_t nr_issues, alloc_issues;
	int charset;              /* enum charset of a CSV file */
	int is_xlsx;
	int committed;            /* 1 when the rows were written */
	long long batch_id;
};

void import_result_init(struct import_result *res);
void import_result_release(struct import_result *res);

/*
 * Imports path (XLSX when it is a zip archive, else CSV). Returns ST_OK when
 * every row is valid (committed unless dry_run; zero rows is ST_OK too),
 * ST_INVALID when some rows are invalid (res->issues lists them, nothing
 * written), or another status for failures of the file or database (err).
 */
int import_file(struct db *db, const char *path, const struct import_options *opt,
		struct import_result *res, struct error *err);

/* "line 7, 公民身份号码: reason" (with "党员 row 7" for XLSX). */
void import_issue_describe(const struct import_issue *is, char *buf, size_t size);

/*
 * Writes the issues of res to path: XLSX when path ends in .xlsx, else CSV
 * (UTF-8 with BOM so that Excel opens it) with the columns
 * line,column,value,reason (sheet first for an XLSX source).
 */
int import_report_write(const struct import_result *res, const char *path,
			struct error *err);

/*
 * Parses a date as people type it: 2024-03-05, 2024/3/5, 2024.3.5,
 * 2024年3月5日, 20240305, optionally followed by a time. ST_OK or ST_INVALID.
 */
int import_parse_date(const char *s, int *day);

#endif
