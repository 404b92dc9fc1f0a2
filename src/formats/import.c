/*
 * import.c - reading organization and member rows from CSV/XLSX files into
 * the database, all or nothing, reporting every bad row: the driver.
 *
 * Flow (import.h has the contract): open one transaction; organizations
 * (from a CSV organizations file or the 党组织 sheet) are collected, checked
 * as a whole (duplicate codes, parents earlier or later in the file or in
 * the database, cycles) and created parents first with org_create_tx;
 * members are streamed, each row turned into a struct person, validated by
 * person_validate and checked against the ID numbers seen so far and those
 * stored, then inserted at once by bulk_person_insert while the file is
 * still clean. Any issue turns writing off but not validation, so the
 * report is complete; at the end the transaction is committed only if no
 * issue was found.
 *
 * This file drives it: the kind of file, the sheets of a workbook, the
 * header row, the transaction, the bulk-load tricks and the one audit row.
 * Cells are read in import-cells.c, rows become records in import-row.c,
 * the writer and digest threads are in import-pipeline.c and the report of
 * issues in import-report.c (import-internal.h lists them). Not for file
 * parsing (formats/table-reader.h), nor for the rules of a record
 * (model/person.c, model/org.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/crypto.h"
#include "core/date.h"
#include "core/hashmap.h"
#include "core/strbuf.h"
#include "core/utf8.h"
#include "formats/import-internal.h"
#include "formats/table-reader.h"
#include "formats/template.h"
#include "ops/member-ops.h"
#include "ops/observer.h"
#include "store/audit-store.h"
#include "store/bulk-store.h"
#include "store/db.h"
#include "store/person-store.h"

/* Files from this size on are loaded with the bulk tricks (about 50,000 rows). */
#define BIG_FILE (6LL * 1024 * 1024)

/* ------------------------------------------------------------------ */
/* Driving the readers.                                                 */

static int on_row(const struct table_row *row, void *ctx)
{
	struct imp *im = ctx;

	if (im->fatal)
		return im->fatal;
	if (im->kind == KIND_NONE) {
		int m = import_header_score(row, member_columns, MC_COUNT);
		int o = import_header_score(row, org_columns, OC_COUNT);
		int has_member_only = 0, has_org_only = 0;
		for (size_t i = 0; i < row->n; i++) {
			const char *t = row->cells[i].text;
			int mc = import_column_find(member_columns, MC_COUNT, t);
			int oc = import_column_find(org_columns, OC_COUNT, t);
			has_member_only |= mc >= 0 && oc < 0;
			has_org_only |= oc >= 0 && mc < 0;
		}
		enum file_kind k = KIND_NONE;
		if (has_member_only && (!has_org_only || m > o))
			k = KIND_MEMBERS;
		else if (has_org_only && (!has_member_only || o > m))
			k = KIND_ORGS;
		if (k == KIND_NONE) {
			size_t bt = im->res->nr_issues;
			imp_issue(im, row->line, "", "",
				  "the first row is not a header of organizations (组织编码, 组织名称, ...) or members (姓名, 公民身份号码, ...)");
			imp_tag(im, bt, "import_no_header", NULL, 0);
			im->header_failed = 1;
			im->kind = KIND_MEMBERS;
			return ST_INVALID;
		}
		imp_read_header(im, row, k);
		return im->header_failed ? ST_INVALID : 0;
	}
	im->res->rows++;
	return im->kind == KIND_ORGS ? imp_org_row(im, row) : imp_member_row(im, row);
}

static int is_zip(const char *path)
{
	unsigned char magic[4] = { 0 };
	FILE *f = fopen(path, "rb");

	if (!f)
		return 0;
	size_t n = fread(magic, 1, 4, f);
	fclose(f);
	return n == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 &&
	       magic[3] == 4;
}

static int sheet_is(const char *name, const char *zh, const char *en)
{
	char buf[64];
	size_t len;

	import_trim(name, strlen(name), buf, sizeof(buf), &len);
	return !strcmp(buf, zh) || !strcasecmp(buf, en);
}

/* Reads one table (CSV file or sheet); its header decides or is checked. */
static int read_table_rc(struct imp *im, int rc)
{
	/* ST_INVALID from on_row means "header rejected": already reported. */
	if (rc == ST_INVALID && im->header_failed)
		return 0;
	if (rc && !im->fatal) {
		/* a file-level failure (bad quoting, limits): report it as an issue
		 * when it concerns a line, else fail */
		if ((rc == ST_INVALID || rc == ST_TOO_BIG) && im->err) {
			size_t bt = im->res->nr_issues;
			imp_issue(im, im->err->line, "", "", "%s", im->err->message);
			imp_tag(im, bt, error_code(im->err), im->err->params,
				im->err->nr_params);
			error_clear(im->err);
			return 0;
		}
		im->fatal = rc;
	}
	return im->fatal;
}

static void reset_table(struct imp *im, enum file_kind expect)
{
	(void)expect;
	im->kind = KIND_NONE;
	im->nr_cols = 0;
	im->header_failed = 0;
}

static int import_xlsx(struct imp *im)
{
	struct xlsx *x = NULL;
	long sheet_orgs = -1, sheet_members = -1;
	int rc;

	if ((rc = xlsx_open(im->path, &x, im->err)))
		return im->fatal = rc;
	for (size_t i = 0; i < xlsx_sheet_count(x); i++) {
		const char *nm = xlsx_sheet_name(x, i);
		if (sheet_is(nm, SHEET_ORGS_ZH, SHEET_ORGS_EN) && sheet_orgs < 0)
			sheet_orgs = (long)i;
		else if (sheet_is(nm, SHEET_MEMBERS_ZH, SHEET_MEMBERS_EN) &&
			 sheet_members < 0)
			sheet_members = (long)i;
	}
	if (sheet_orgs < 0 && sheet_members < 0) {
		rc = error_setc(im->err, ST_INVALID, NULL, "import_no_sheet",
			       "%s has no sheet named %s (%s) or %s (%s)", im->path,
			       SHEET_ORGS_ZH, SHEET_ORGS_EN, SHEET_MEMBERS_ZH,
			       SHEET_MEMBERS_EN);
		im->fatal = rc;
		goto out;
	}
	if (sheet_orgs >= 0) {
		im->sheet = xlsx_sheet_name(x, (size_t)sheet_orgs);
		reset_table(im, KIND_ORGS);
		rc = xlsx_read_sheet(x, (size_t)sheet_orgs, on_row, im, im->err);
		if ((rc = read_table_rc(im, rc)))
			goto out;
		if (im->kind == KIND_MEMBERS && !im->header_failed) {
			size_t bt = im->res->nr_issues;
			imp_issue(im, 1, "", "", "this sheet has the header of members");
			imp_tag(im, bt, "import_sheet_of_members", NULL, 0);
		} else if (im->kind == KIND_ORGS && (rc = imp_orgs_finish(im)))
			goto out;
	}
	if (sheet_members >= 0) {
		im->sheet = xlsx_sheet_name(x, (size_t)sheet_members);
		reset_table(im, KIND_MEMBERS);
		rc = xlsx_read_sheet(x, (size_t)sheet_members, on_row, im, im->err);
		if ((rc = read_table_rc(im, rc)))
			goto out;
		if (im->kind == KIND_ORGS && !im->header_failed) {
			size_t bt = im->res->nr_issues;
			imp_issue(im, 1, "", "", "this sheet has the header of organizations");
			imp_tag(im, bt, "import_sheet_of_orgs", NULL, 0);
		}
	}
out:
	/* sheet names point into x: keep them for the issues already copied */
	im->sheet = "";
	xlsx_close(x);
	return rc;
}

static int import_csv(struct imp *im)
{
	struct table_csv_info info = { 0, 0 };
	int rc;

	im->sheet = "";
	reset_table(im, KIND_NONE);
	rc = table_read_csv(im->path, on_row, im, &info, im->err);
	im->res->charset = info.charset;
	if ((rc = read_table_rc(im, rc)))
		return rc;
	if (im->kind == KIND_ORGS)
		return imp_orgs_finish(im);
	return 0;
}

/*
 * The one audit row of an import (the persons row triggers were muted):
 * file, counts, the persons' id range and the content digest.
 */
static int audit_summary(struct imp *im, struct error *err)
{
	struct strbuf sb = STRBUF_INIT;
	char object[64], hex[2 * CRYPTO_HASH_BYTES + 1];
	const char *actor = im->opt->actor && *im->opt->actor
		? im->opt->actor : audit_store_actor(im->db);
	int rc;

	import_digest_finish(im->digest, hex);
	snprintf(object, sizeof(object), "import/%lld", im->batch);
	strbuf_adds(&sb, "{\"file\":");
	if (!im->opt->file_name)
		strbuf_add_json_string(&sb, im->path);
	else if (*im->opt->file_name)
		strbuf_add_json_string(&sb, im->opt->file_name);
	else
		strbuf_adds(&sb, "null");
	strbuf_addf(&sb, ",\"bytes\":%lld,\"rows\":%lld,\"organizations\":%lld,"
		    "\"members\":%lld,\"persons_inserted\":%lld",
		    im->file_size, im->res->rows, im->res->orgs, im->res->members,
		    im->inserted);
	if (im->inserted)
		strbuf_addf(&sb, ",\"person_ids\":[%lld,%lld]", im->first_id,
			    im->last_id);
	strbuf_adds(&sb, ",\"blake2b_1m_chain\":");
	strbuf_add_json_string(&sb, hex);
	strbuf_adds(&sb, "}");
	rc = audit_store_append(im->db, AUDIT_LOG, actor, "import", object, NULL,
				sb.buf, NULL, err);
	strbuf_release(&sb);
	return rc;
}

void import_clean_name(const char *raw, char *out, size_t size)
{
	const char *s = raw ? raw : "";
	size_t o = 0;
	int chars = 0;

	for (const char *p = s; *p; p++)
		if (*p == '/' || *p == '\\')
			s = p + 1;
	if (!size)
		return;
	while (*s && chars < IMPORT_NAME_MAX) {
		unsigned char c = (unsigned char)*s;
		size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3
			: (c >> 3) == 30 ? 4 : 0;
		if (!n || strnlen(s, n) < n || !utf8_valid(s, n) || c < 0x20 || c == 0x7f) {
			s++;
			continue;
		}
		if (o + n >= size)
			break;
		memcpy(out + o, s, n);
		o += n;
		s += n;
		chars++;
	}
	out[o] = '\0';
}

void import_result_init(struct import_result *res)
{
	memset(res, 0, sizeof(*res));
}

void import_result_release(struct import_result *res)
{
	free(res->issues);
	memset(res, 0, sizeof(*res));
}

int import_file(struct db *db, const char *path, const struct import_options *opt,
		struct import_result *res, struct error *err)
{
	struct imp im;
	struct stat sb;
	struct import_timing tm;
	const char *times = getenv("ORGWORK_IMPORT_TIMES");
	int rc = ST_OK;

	memset(&im, 0, sizeof(im));
	hashmap_init(&im.ids, 0);
	hashmap_init(&im.refs, 1);
	memset(&tm, 0, sizeof(tm));
	tm.t0 = import_now();
	if (times && *times && strcmp(times, "0"))
		im.tm = &tm;
	im.db = db;
	im.opt = opt;
	im.res = res;
	im.err = err;
	im.path = path;
	im.sheet = "";
	im.today = opt->today != DATE_NONE && opt->today ? opt->today : date_today();
	if ((rc = member_person_rules(db, &im.rules, err)))
		return rc;
	if (stat(path, &sb) != 0)
		return error_set(err, ST_IO, NULL, "cannot open %s", path);
	im.file_size = sb.st_size;
	res->is_xlsx = is_zip(path);

	if (!opt->dry_run) {
		im.big = opt->bulk > 0 || (opt->bulk == 0 && im.file_size >= BIG_FILE);
		if (im.big)
			bulk_load_mode(db, 1);
		if ((rc = db_begin(db, err))) {
			if (im.big)
				bulk_load_mode(db, 0);
			return rc;
		}
		im.in_tx = 1;
		/* The page cache stays at its usual size: a load larger than it
		 * spills finished pages to the database file as it goes (the
		 * rollback journal holds only the few pages that existed before),
		 * which costs less than growing the cache to the whole load and
		 * writing it all at the commit (measured with bench/import). */
		if ((rc = import_batch_add(db, path, 0, opt->actor ? opt->actor : "",
					   &im.batch, err)))
			goto out;
		im.digest = import_digest_start(path);
	}
	rc = res->is_xlsx ? import_xlsx(&im) : import_csv(&im);
	/* the writer thread is done with the connection after this */
	if (imp_members_end(&im) && !rc)
		rc = im.fatal;
	import_timing_mark(im.tm, "file read");
	if (rc)
		goto out;
	if (res->nr_errors) {
		rc = ST_INVALID;
		goto out;
	}
	if (im.in_tx) {
		if (im.keys && (rc = bulk_keys_write(db, im.keys, err)))
			goto out;
		if (im.trigger_dropped &&
		    (rc = bulk_restore_insert_triggers(db, &im.trigger, im.inserted, err)))
			goto out;
		im.trigger_dropped = 0;
		import_timing_mark(im.tm, "keys written");
		if ((rc = bulk_batch_set_rows(db, im.batch, res->members + res->orgs, err)))
			goto out;
		if (res->members + res->orgs == 0) {
			/* nothing to record */
			db_rollback(db);
			im.in_tx = 0;
		} else if ((rc = audit_summary(&im, err)) ||
			   (rc = db_commit(db, err))) {
			goto out;
		} else {
			im.in_tx = 0;
			res->committed = 1;
			res->batch_id = im.batch;
			import_timing_mark(im.tm, "committed");
		}
	}
out:
	imp_members_end(&im);
	if (im.in_tx)
		db_rollback(db);
	if (im.audit_off)
		audit_store_rows(db, 1);
	import_digest_free(im.digest);
	if (im.tm) {
		fprintf(stderr, "import: reading thread waited %.3f s for batches, encoded rows in %.3f s CPU\n",
			tm.read_wait, tm.encode_cpu);
		fprintf(stderr, "import: writer busy %.3f s (CPU %.3f s), waited %.3f s for rows\n",
			tm.write_busy, tm.write_cpu, tm.write_wait);
	}
	/* a committed import reaches a server's statistics engine as one bulk change */
	ops_tx_end(res->committed, 1);
	if (im.big)
		bulk_load_mode(db, 0);
	bulk_keys_free(im.keys);
	bulk_triggers_release(&im.trigger);
	hashmap_release(&im.ids);
	hashmap_release(&im.refs);
	free(im.ref_list);
	imp_memo_release(&im);
	free(im.orgs);
	return rc;
}

