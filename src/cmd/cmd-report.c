/*
 * cmd-report.c - 'orgwork report': statistics from the in-memory engine.
 *
 *   report bulletin [--org X] [--year Y]          the annual bulletin
 *   report bulletin ... --format csv|xlsx [--out FILE]
 *                                        one row per organization (the org
 *                                        and each child), Chinese headers
 *   report rollup --org X --by D[,D2] [--filter dim=v[|v],...] [--as-of DATE]
 *   report children --org X --by D [--filter ...] [--as-of DATE]
 *   report snapshot --out FILE                    save the engine to a file
 * Every form also takes --snapshot FILE to start from a saved engine instead
 * of reading the database. Output as text or JSON (global --format).
 * Not for per-person lists (member list/export) or compliance findings.
 * The table subs[] below is the index: one row per subcommand, whose
 * handler run_<name>() opens the engine (start()) and prints the result.
 */
#include <getopt.h>
#include <xlsxwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/date.h"
#include "core/utf8.h"
#include "formats/csv-writer.h"
#include "json/stats-json.h"
#include "model/codes.h"
#include "ops/rules-ops.h"
#include "ops/standing-ops.h"
#include "stats/stats.h"
#include "store/change-store.h"
#include "store/stats-source.h"

static int run_bulletin(int argc, char **argv, struct cmd_ctx *ctx);
static int run_rollup(int argc, char **argv, struct cmd_ctx *ctx);
static int run_children(int argc, char **argv, struct cmd_ctx *ctx);
static int run_snapshot(int argc, char **argv, struct cmd_ctx *ctx);

static const struct subcmd subs[] = {
	{ "bulletin", run_bulletin, CMD_NEEDS_DB,
	  "the annual bulletin of a subtree, and per child organization",
	  "orgwork report bulletin [--org CODE|id:N] [--year YEAR] [--format csv|xlsx [--out FILE]]\n" },
	{ "rollup", run_rollup, CMD_NEEDS_DB, "counts of a subtree by one or two dimensions",
	  "orgwork report rollup [--org CODE|id:N] --by DIM[,DIM] [--filter DIM=V[|V],...] [--as-of DATE]\n" },
	{ "children", run_children, CMD_NEEDS_DB, "counts per child organization by one dimension",
	  "orgwork report children [--org CODE|id:N] --by DIM [--filter ...] [--as-of DATE]\n" },
	{ "snapshot", run_snapshot, CMD_NEEDS_DB, "save the statistics engine to a file",
	  "orgwork report snapshot --out FILE\n" },
	{ NULL, NULL, 0, NULL, NULL },
};

const struct subcmd_table cmd_report_table = {
	subs,
	"   (each also takes --snapshot FILE to read a saved engine)\n"
	"dimensions: sex age_band ethnicity ethnic_group education education_group\n"
	"            occupation status join_period join_year sector org_kind org_level\n",
};

enum { FILE_NONE, FILE_CSV, FILE_XLSX };

struct report_opts {
	const char *org, *by, *filter, *out, *snapshot;
	int year, as_of;
	int file;     /* FILE_CSV / FILE_XLSX: bulletin as a table */
};

static int parse_opts(int argc, char **argv, struct report_opts *o)
{
	static const struct option longopts[] = {
		{ "org", required_argument, NULL, 'o' },
		{ "year", required_argument, NULL, 'y' },
		{ "by", required_argument, NULL, 'b' },
		{ "filter", required_argument, NULL, 'f' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "out", required_argument, NULL, 'O' },
		{ "snapshot", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	char *end;

	memset(o, 0, sizeof(*o));
	o->as_of = DATE_NONE;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': o->org = optarg; break;
		case 'b': o->by = optarg; break;
		case 'f': o->filter = optarg; break;
		case 'O': o->out = optarg; break;
		case 's': o->snapshot = optarg; break;
		case 'F':
			if (!strcmp(optarg, "csv")) {
				o->file = FILE_CSV;
			} else if (!strcmp(optarg, "xlsx")) {
				o->file = FILE_XLSX;
			} else {
				fprintf(stderr, "orgwork: --format wants text, json, csv or xlsx\n");
				return -1;
			}
			break;
		case 'y':
			o->year = (int)strtol(optarg, &end, 10);
			if (*end || o->year < 1901 || o->year > 2078) {
				fprintf(stderr, "orgwork: --year wants a year 1901..2078\n");
				return -1;
			}
			break;
		case 'a':
			if (date_parse(optarg, &o->as_of)) {
				fprintf(stderr, "orgwork: --as-of wants YYYY-MM-DD\n");
				return -1;
			}
			break;
		default:
			return -1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "orgwork: unexpected argument '%s'\n", argv[optind]);
		return -1;
	}
	return 0;
}

/*
 * The engine from --snapshot FILE (refused when the database changed since
 * the file was written: a report never answers from stale data) or built
 * from the database. *stamp receives the change counter the engine
 * reflects, or 0 when the database changed while it was being built.
 */
static int open_engine(struct cmd_ctx *ctx, const struct report_opts *o,
		       struct stats_engine **e, uint64_t *stamp, struct error *err)
{
	struct stats_source src;
	uint64_t before, after, saved = 0;
	int rc;

	*stamp = 0;
	if ((rc = change_counter_get(ctx->db, &before, err)))
		return rc;
	if (o->snapshot) {
		if ((rc = stats_engine_load(o->snapshot, e, &saved, err)))
			return rc;
		if (saved != before) {
			stats_engine_free(*e);
			*e = NULL;
			return error_set(err, ST_CONFLICT, "snapshot",
					 "%s does not match the database (written at change %llu, "
					 "the database is at change %llu); write it again with "
					 "'orgwork report snapshot --out %s'",
					 o->snapshot, (unsigned long long)saved,
					 (unsigned long long)before, o->snapshot);
		}
		/* a snapshot holds today's tree; the history comes from the
		 * database it matches */
		stats_source_init(&src, ctx->db);
		if ((rc = stats_engine_load_history(*e, &src, err))) {
			stats_engine_free(*e);
			*e = NULL;
			return rc;
		}
		*stamp = saved;
		return ST_OK;
	}
	stats_source_init(&src, ctx->db);
	if ((rc = stats_engine_build(&src, e, err)))
		return rc;
	if ((rc = change_counter_get(ctx->db, &after, err))) {
		stats_engine_free(*e);
		*e = NULL;
		return rc;
	}
	*stamp = before == after ? after : 0;
	return ST_OK;
}

/* ---- text output ------------------------------------------------------ */

static void line(const char *label, uint64_t n, uint64_t of)
{
	if (of)
		printf("  %-34s %12llu  %5.1f%%\n", label, (unsigned long long)n,
		       100.0 * (double)n / (double)of);
	else
		printf("  %-34s %12llu\n", label, (unsigned long long)n);
}

static const char *org_title(const struct stats_org_info *o, char *buf, size_t size)
{
	if (!o->id)
		snprintf(buf, size, "all organizations");
	else
		snprintf(buf, size, "%s %s", o->code, o->name);
	return buf;
}

static void print_counts(const struct stats_bulletin_counts *c)
{
	char label[64];
	uint64_t m = c->members;

	line("members", m, 0);
	line("new members in the year", c->new_members, 0);
	line("grassroots organizations", c->grassroots_total, 0);
	line("  committees", c->committees, 0);
	line("  general branches", c->general_branches, 0);
	line("  branches", c->branches, 0);
	for (int s = 1; s < STATS_SECTORS; s++)
		if (c->orgs_by_sector[s]) {
			snprintf(label, sizeof(label), "  in sector %s",
				 code_by_code(&code_sector, s)->key);
			line(label, c->orgs_by_sector[s], 0);
		}
	line("women", c->women, m);
	line("ethnic minorities", c->minorities, m);
	line("college or above", c->college, m);
	printf("  age\n");
	for (int b = 0; b < STATS_AGE_BANDS; b++) {
		snprintf(label, sizeof(label), "  %s", stats_age_band_key(b));
		line(label, c->age[b], m);
	}
	printf("  joined\n");
	for (int p = 0; p < STATS_JOIN_PERIODS; p++) {
		snprintf(label, sizeof(label), "  %s", stats_join_period_key(p));
		line(label, c->joined[p], m);
	}
	printf("  occupation\n");
	for (int o = OCC_WORKERS; o <= OCC_RETIRED; o++) {
		snprintf(label, sizeof(label), "  %s", code_by_code(&code_occupation, o)->key);
		line(label, c->occupation[o], m);
	}
	printf("  new members\n");
	line("  women", c->new_women, c->new_members);
	line("  ethnic minorities", c->new_minorities, c->new_members);
	line("  aged 35 or under", c->new_age_le_35, c->new_members);
	line("  college or above", c->new_college, c->new_members);
	for (int o = OCC_WORKERS; o < OCC_RETIRED; o++) {
		snprintf(label, sizeof(label), "  %s", code_by_code(&code_occupation, o)->key);
		line(label, c->new_occupation[o], c->new_members);
	}
	line("applicants (not yet admitted)", c->applicants, 0);
	line("activists and targets", c->activists, 0);
	line("50-year medals due", c->medals_50, 0);
}

static void print_bulletin(const struct stats_bulletin *b)
{
	char t[400], d[DATE_STR_SIZE], f[200];

	printf("Statistics bulletin %d: %s (as of %s)\n", b->year,
	       org_title(&b->org, t, sizeof(t)), date_format(b->as_of, d));
	print_counts(&b->total);
	if (!b->nr_children)
		return;
	printf("\nBy organization (members, new, women, minorities, college, grassroots orgs):\n");
	printf("  %-40s %10llu %8llu %8llu %8llu %8llu %6llu\n", "(direct)",
	       (unsigned long long)b->own.members, (unsigned long long)b->own.new_members,
	       (unsigned long long)b->own.women, (unsigned long long)b->own.minorities,
	       (unsigned long long)b->own.college,
	       (unsigned long long)b->own.grassroots_total);
	for (size_t i = 0; i < b->nr_children; i++) {
		const struct stats_bulletin_counts *c = &b->children[i].c;
		printf("  %s %10llu %8llu %8llu %8llu %8llu %6llu\n",
		       utf8_fit(org_title(&b->children[i].org, t, sizeof(t)), 40, f, sizeof(f)),
		       (unsigned long long)c->members, (unsigned long long)c->new_members,
		       (unsigned long long)c->women, (unsigned long long)c->minorities,
		       (unsigned long long)c->college,
		       (unsigned long long)c->grassroots_total);
	}
}

/* Values of dim with a non-zero count somewhere in r (as column or row). */
static int used(const struct stats_rollup *r, int axis, int v)
{
	for (int k = 0; k < r->card[1 - axis]; k++) {
		int v1 = axis == 0 ? v : k, v2 = axis == 0 ? k : v;
		if (r->counts[v1 * r->card[1] + v2])
			return 1;
	}
	return 0;
}

/* The width of a value column: its key in full, at least min columns. */
static int col_width(const char *key, int min)
{
	int n = (int)strlen(key);

	return n > min ? n : min;
}

static void print_rollup(const struct stats_org_info *org, const struct stats_rollup *r)
{
	char t[400], d[DATE_STR_SIZE], b[32], f[200];

	printf("%s as of %s, by %s%s%s: total %llu\n", org_title(org, t, sizeof(t)),
	       date_format(r->as_of, d), stats_dim_name(r->dims[0]),
	       r->nr_dims == 2 ? " x " : "", r->nr_dims == 2 ? stats_dim_name(r->dims[1]) : "",
	       (unsigned long long)r->total);
	if (r->nr_dims == 1) {
		for (int v = 0; v < r->card[0]; v++)
			if (r->counts[v])
				line(stats_value_key(r->dims[0], v, b, sizeof(b)),
				     r->counts[v], r->total);
		return;
	}
	printf("  %-20s", "");
	for (int v2 = 0; v2 < r->card[1]; v2++)
		if (used(r, 1, v2)) {
			const char *k = stats_value_key(r->dims[1], v2, b, sizeof(b));
			printf(" %*s", col_width(k, 12), k);
		}
	printf(" %12s\n", "total");
	for (int v1 = 0; v1 < r->card[0]; v1++) {
		if (!used(r, 0, v1))
			continue;
		uint64_t sum = 0;
		printf("  %s", utf8_fit(stats_value_key(r->dims[0], v1, b, sizeof(b)), 20, f, sizeof(f)));
		for (int v2 = 0; v2 < r->card[1]; v2++) {
			if (!used(r, 1, v2))
				continue;
			uint64_t n = r->counts[v1 * r->card[1] + v2];
			sum += n;
			printf(" %*llu", col_width(stats_value_key(r->dims[1], v2, b, sizeof(b)), 12),
			       (unsigned long long)n);
		}
		printf(" %12llu\n", (unsigned long long)sum);
	}
}

static void print_children(const struct stats_children *c)
{
	char t[400], d[DATE_STR_SIZE], b[32], f[200];
	const struct stats_rollup *tot = &c->total;

	printf("%s as of %s, children by %s\n", org_title(&c->org, t, sizeof(t)),
	       date_format(tot->as_of, d), stats_dim_name(tot->dims[0]));
	printf("  %-32s", "");
	for (int v = 0; v < tot->card[0]; v++)
		if (tot->counts[v]) {
			const char *k = stats_value_key(tot->dims[0], v, b, sizeof(b));
			printf(" %*s", col_width(k, 10), k);
		}
	printf(" %10s\n", "total");
	for (size_t i = 0; i <= c->nr + 1; i++) {
		const struct stats_rollup *r = i == 0 ? &c->own
					     : i <= c->nr ? &c->child[i - 1].r : tot;
		if (i == 0)
			printf("  %-32s", "(direct members)");
		else if (i <= c->nr)
			printf("  %s", utf8_fit(org_title(&c->child[i - 1].org, t, sizeof(t)), 32,
						f, sizeof(f)));
		else
			printf("  %-32s", "total");
		for (int v = 0; v < tot->card[0]; v++)
			if (tot->counts[v])
				printf(" %*llu", col_width(stats_value_key(tot->dims[0], v, b, sizeof(b)), 10),
				       (unsigned long long)r->counts[v]);
		printf(" %10llu\n", (unsigned long long)r->total);
	}
}

/* ---- the bulletin as a table (CSV, XLSX) ------------------------------ */

enum { NR_TABLE_COLS = 2 + 5 + STATS_AGE_BANDS + STATS_JOIN_PERIODS + 8 + 7 };

static const char *const age_zh[STATS_AGE_BANDS] = {
	"30岁及以下", "31至35岁", "36至40岁", "41至45岁", "46至50岁", "51至55岁",
	"56至60岁", "61岁及以上",
};
static const char *const join_zh[STATS_JOIN_PERIODS] = {
	"新中国成立前入党", "新中国成立后至党的十一届三中全会前入党",
	"党的十一届三中全会后至党的十八大前入党", "党的十八大以来入党",
};

/* The headers of the table, in column order. */
static void table_headers(const char **h)
{
	int k = 0;

	h[k++] = "党组织代码";
	h[k++] = "党组织名称";
	h[k++] = "党员总数";
	h[k++] = "年内发展党员";
	h[k++] = "女党员";
	h[k++] = "少数民族党员";
	h[k++] = "大专及以上学历党员";
	for (int b = 0; b < STATS_AGE_BANDS; b++)
		h[k++] = age_zh[b];
	for (int p = 0; p < STATS_JOIN_PERIODS; p++)
		h[k++] = join_zh[p];
	for (int o = OCC_WORKERS; o <= OCC_RETIRED; o++)
		h[k++] = code_by_code(&code_occupation, o)->zh;
	h[k++] = "入党申请人";
	h[k++] = "入党积极分子";
	h[k++] = "基层党组织";
	h[k++] = "基层党委";
	h[k++] = "党总支";
	h[k++] = "党支部";
	h[k++] = "应颁发“光荣在党50年”纪念章";
}

/* The numbers of one row (columns 2..). */
static void table_numbers(const struct stats_bulletin_counts *c, uint64_t *n)
{
	int k = 0;

	n[k++] = c->members;
	n[k++] = c->new_members;
	n[k++] = c->women;
	n[k++] = c->minorities;
	n[k++] = c->college;
	for (int b = 0; b < STATS_AGE_BANDS; b++)
		n[k++] = c->age[b];
	for (int p = 0; p < STATS_JOIN_PERIODS; p++)
		n[k++] = c->joined[p];
	for (int o = OCC_WORKERS; o <= OCC_RETIRED; o++)
		n[k++] = c->occupation[o];
	n[k++] = c->applicants;
	n[k++] = c->activists;
	n[k++] = c->grassroots_total;
	n[k++] = c->committees;
	n[k++] = c->general_branches;
	n[k++] = c->branches;
	n[k++] = c->medals_50;
}

static void row_names(const struct stats_org_info *o, const char **code, const char **name)
{
	*code = o->id ? o->code : "";
	*name = o->id ? o->name : "全部党组织";
}

/* CSV (UTF-8 with BOM, for Excel) to path, or stdout when path is NULL. */
static int write_csv(const struct stats_bulletin *b, const char *path, struct error *err)
{
	const char *h[NR_TABLE_COLS], *code, *name;
	uint64_t n[NR_TABLE_COLS];
	FILE *f = path ? fopen(path, "w") : stdout;

	if (!f)
		return error_set(err, ST_IO, "out", "cannot write %s", path);
	fputs("\xEF\xBB\xBF", f);
	table_headers(h);
	for (int k = 0; k < NR_TABLE_COLS; k++) {
		if (k)
			fputc(',', f);
		csv_write_field(f, h[k]);
	}
	fputs("\r\n", f);
	for (size_t i = 0; i <= b->nr_children; i++) {
		const struct stats_org_info *o = i ? &b->children[i - 1].org : &b->org;
		table_numbers(i ? &b->children[i - 1].c : &b->total, n);
		row_names(o, &code, &name);
		csv_write_field(f, code);
		fputc(',', f);
		csv_write_field(f, name);
		for (int k = 0; k < NR_TABLE_COLS - 2; k++)
			fprintf(f, ",%llu", (unsigned long long)n[k]);
		fputs("\r\n", f);
	}
	if (path ? fclose(f) != 0 : fflush(f) != 0)
		return error_set(err, ST_IO, "out", "cannot write %s", path ? path : "stdout");
	return ST_OK;
}

static int write_xlsx(const struct stats_bulletin *b, const char *path, struct error *err)
{
	const char *h[NR_TABLE_COLS], *code, *name;
	uint64_t n[NR_TABLE_COLS];
	char title[64];
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws;
	lxw_format *bold;

	if (!wb)
		return error_set(err, ST_IO, "out", "cannot write %s", path);
	snprintf(title, sizeof(title), "%d年党内统计", b->year);
	ws = workbook_add_worksheet(wb, title);
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	format_set_text_wrap(bold);
	table_headers(h);
	for (int k = 0; k < NR_TABLE_COLS; k++)
		worksheet_write_string(ws, 0, (lxw_col_t)k, h[k], bold);
	worksheet_set_column(ws, 0, 0, 16, NULL);
	worksheet_set_column(ws, 1, 1, 30, NULL);
	worksheet_set_column(ws, 2, NR_TABLE_COLS - 1, 12, NULL);
	worksheet_freeze_panes(ws, 1, 2);
	for (size_t i = 0; i <= b->nr_children; i++) {
		const struct stats_org_info *o = i ? &b->children[i - 1].org : &b->org;
		lxw_row_t r = (lxw_row_t)(i + 1);
		table_numbers(i ? &b->children[i - 1].c : &b->total, n);
		row_names(o, &code, &name);
		worksheet_write_string(ws, r, 0, code, NULL);
		worksheet_write_string(ws, r, 1, name, NULL);
		for (int k = 0; k < NR_TABLE_COLS - 2; k++)
			worksheet_write_number(ws, r, (lxw_col_t)(k + 2), (double)n[k], NULL);
	}
	if (workbook_close(wb) != LXW_NO_ERROR)
		return error_set(err, ST_IO, "out", "cannot write %s", path);
	return ST_OK;
}

/* ---- subcommands ------------------------------------------------------ */

static int resolve_query(struct stats_engine *e, const struct report_opts *o,
			 struct stats_query *q, struct stats_org_info *org,
			 struct error *err)
{
	int rc;

	stats_query_init(q);
	q->as_of = o->as_of;
	if ((rc = stats_org_find(e, o->org, org, err)))
		return rc;
	q->org_id = org->id;
	if (!o->by)
		return error_set(err, ST_INVALID, "by", "--by is required");
	if ((rc = stats_query_parse_by(q, o->by, err)) ||
	    (rc = stats_query_parse_filter(q, o->filter, err)))
		return rc;
	return ST_OK;
}

/*
 * Parses the options of a report subcommand (argv[0] is its name) and opens
 * the engine (*e, *stamp as open_engine()). EXIT_OK, or the exit code of a
 * usage error or a failure (reported).
 */
static int start(int argc, char **argv, struct cmd_ctx *ctx, struct report_opts *o,
		 struct stats_engine **e, uint64_t *stamp)
{
	struct error err = ERROR_INIT;
	const char *sub = argv[0];

	if (parse_opts(argc, argv, o))
		return subcmd_usage(ctx);
	if (o->file && strcmp(sub, "bulletin")) {
		fprintf(stderr, "orgwork: --format csv|xlsx is for report bulletin\n");
		return subcmd_usage(ctx);
	}
	if (o->file == FILE_XLSX && !o->out) {
		fprintf(stderr, "orgwork: --format xlsx needs --out FILE\n");
		return subcmd_usage(ctx);
	}
	if (!strcmp(sub, "snapshot") && !o->out) {
		fprintf(stderr, "orgwork: report snapshot needs --out FILE\n");
		return subcmd_usage(ctx);
	}
	if (open_engine(ctx, o, e, stamp, &err))
		return cmd_report(&err);
	return EXIT_OK;
}

/* The exit code of a subcommand that ended with status rc; frees e. */
static int finish(struct stats_engine *e, int rc, struct error *err)
{
	stats_engine_free(e);
	return rc ? cmd_report(err) : EXIT_OK;
}

static int run_bulletin(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct report_opts o;
	struct error err = ERROR_INIT;
	struct stats_engine *e = NULL;
	struct stats_bulletin b;
	uint64_t stamp;
	int rc, year, medal;

	if ((rc = start(argc, argv, ctx, &o, &e, &stamp)))
		return rc;
	year = o.year;
	if (!year) {
		int y, m, d;
		date_to_ymd(date_today(), &y, &m, &d);
		year = y - 1;
	}
	if ((rc = rules_medal_years(ctx->db, year, &medal, &err)) ||
	    (rc = stats_bulletin(e, o.org, year, medal, &b, &err)))
		return finish(e, rc, &err);
	/* the medals of members not in good standing on 1 July are not due */
	if (ctx->db && (rc = standing_medal_adjust(ctx->db, &b, medal, &err))) {
		stats_bulletin_release(&b);
		return finish(e, rc, &err);
	}
	if (o.file == FILE_CSV)
		rc = write_csv(&b, o.out, &err);
	else if (o.file == FILE_XLSX)
		rc = write_xlsx(&b, o.out, &err);
	else if (ctx->format == FORMAT_JSON)
		cmd_print_json(stats_bulletin_json(&b));
	else
		print_bulletin(&b);
	stats_bulletin_release(&b);
	return finish(e, rc, &err);
}

static int run_rollup(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct report_opts o;
	struct error err = ERROR_INIT;
	struct stats_engine *e = NULL;
	struct stats_query q;
	struct stats_org_info org;
	struct stats_rollup r;
	uint64_t stamp;
	int rc;

	if ((rc = start(argc, argv, ctx, &o, &e, &stamp)))
		return rc;
	if ((rc = resolve_query(e, &o, &q, &org, &err)) ||
	    (rc = stats_rollup(e, &q, &r, &err)))
		return finish(e, rc, &err);
	if (ctx->format == FORMAT_JSON) {
		struct json_t *j = stats_rollup_json(&r);
		cmd_print_json(j);
	} else {
		print_rollup(&org, &r);
	}
	stats_rollup_release(&r);
	return finish(e, ST_OK, &err);
}

static int run_children(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct report_opts o;
	struct error err = ERROR_INIT;
	struct stats_engine *e = NULL;
	struct stats_query q;
	struct stats_org_info org;
	struct stats_children c;
	uint64_t stamp;
	int rc;

	if ((rc = start(argc, argv, ctx, &o, &e, &stamp)))
		return rc;
	if ((rc = resolve_query(e, &o, &q, &org, &err)))
		return finish(e, rc, &err);
	if (q.nr_dims != 1)
		return finish(e, error_set(&err, ST_INVALID, "by",
					   "children takes exactly one dimension"), &err);
	if ((rc = stats_children(e, &q, &c, &err)))
		return finish(e, rc, &err);
	if (ctx->format == FORMAT_JSON)
		cmd_print_json(stats_children_json(&c));
	else
		print_children(&c);
	stats_children_release(&c);
	return finish(e, ST_OK, &err);
}

static int run_snapshot(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct report_opts o;
	struct error err = ERROR_INIT;
	struct stats_engine *e = NULL;
	struct stats_engine_info info;
	uint64_t stamp;
	int rc;

	if ((rc = start(argc, argv, ctx, &o, &e, &stamp)))
		return rc;
	if ((rc = stats_engine_save(e, o.out, stamp, &err)))
		return finish(e, rc, &err);
	stats_engine_info(e, &info);
	if (ctx->format == FORMAT_TEXT)
		printf("wrote %s: %zu organizations, %zu members and candidates\n",
		       o.out, info.orgs, info.rows);
	return finish(e, ST_OK, &err);
}
