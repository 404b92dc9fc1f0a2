/*
 * import.c - reading organization and member rows from CSV/XLSX files into
 * the database, all or nothing, reporting every bad row.
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
 * issue was found. Not for file parsing (table-reader.c), nor for the rules
 * of a record (model/person.c, model/org.c).
 */
#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include <xlsxwriter.h>

#include "core/crypto.h"
#include "core/date.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "model/codes.h"
#include "model/idcard.h"
#include "model/org.h"
#include "model/person.h"
#include "formats/charset.h"
#include "formats/import.h"
#include "ops/observer.h"
#include "ops/member-ops.h"
#include "ops/org-ops.h"
#include "formats/table-reader.h"
#include "formats/template.h"
#include "store/audit-store.h"
#include "store/bulk-store.h"
#include "store/db.h"
#include "store/org-store.h"
#include "store/person-store.h"

/* Files from this size on are loaded with the bulk tricks (about 50,000 rows). */
#define BIG_FILE (6LL * 1024 * 1024)

/* Placeholder ids for organizations of the file while nothing is written. */
#define NEW_ORG_BASE (1LL << 60)

/* ------------------------------------------------------------------ */
/* The set of ID numbers seen: 17 digits as a number -> where.          */

struct id_slot {
	uint64_t key;       /* 0 = empty */
	long long where;    /* > 0 file line; < 0 -(stored person id) */
};

struct id_set {
	struct id_slot *slots;
	size_t mask, n;
};

static uint64_t id_key(const char *id18)
{
	uint64_t k = 0;

	for (int i = 0; i < 17; i++)
		k = k * 10 + (uint64_t)(id18[i] - '0');
	return k + 1;
}

static size_t id_hash(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return (size_t)k;
}

/* Grows the set to at least `want` slots (a power of two), or doubles it. */
static void id_set_resize(struct id_set *s, size_t want)
{
	size_t cap = s->slots ? (s->mask + 1) * 2 : 1024;

	while (cap < want)
		cap *= 2;
	struct id_slot *old = s->slots;
	size_t old_cap = s->slots ? s->mask + 1 : 0;

	/* written, not calloc'd: pages first read as the shared zero page
	 * would be replaced (and the other cores' TLBs flushed) on the first
	 * insert into each */
	s->slots = xmalloc(cap * sizeof(*s->slots));
	memset(s->slots, 0, cap * sizeof(*s->slots));
	s->mask = cap - 1;
	for (size_t i = 0; i < old_cap; i++) {
		if (!old[i].key)
			continue;
		size_t h = id_hash(old[i].key) & s->mask;
		while (s->slots[h].key)
			h = (h + 1) & s->mask;
		s->slots[h] = old[i];
	}
	free(old);
}

/* Starts loading the slot of id18 into the cache (the set is far larger
 * than the cache; the row's other cells are read meanwhile). */
static void id_set_prefetch(const struct id_set *s, const char *id18)
{
	if (s->slots && strlen(id18) == 18)
		__builtin_prefetch(&s->slots[id_hash(id_key(id18)) & s->mask], 1);
}

/* Returns the existing slot's `where` (non-zero) or inserts and returns 0. */
static long long id_set_put(struct id_set *s, const char *id18, long long where)
{
	uint64_t k;
	size_t h;

	if (strlen(id18) != 18)
		return 0;
	if (!s->slots || (s->n + 1) * 4 > (s->mask + 1) * 3)
		id_set_resize(s, 0);
	k = id_key(id18);
	h = id_hash(k) & s->mask;
	while (s->slots[h].key) {
		if (s->slots[h].key == k)
			return s->slots[h].where;
		h = (h + 1) & s->mask;
	}
	s->slots[h].key = k;
	s->slots[h].where = where;
	s->n++;
	return 0;
}

static void id_set_free(struct id_set *s)
{
	free(s->slots);
	memset(s, 0, sizeof(*s));
}

/* ------------------------------------------------------------------ */
/* Organization references: text -> id, cached.                         */

enum org_ref_state { REF_UNKNOWN, REF_ACTIVE, REF_DISSOLVED, REF_NEW };

struct org_ref {
	char *text;
	long long id;
	int state;
};

struct org_refs {
	struct org_ref *slots;
	size_t mask, n;
};

static size_t str_hash(const char *s)
{
	size_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static struct org_ref *org_refs_find(struct org_refs *m, const char *text,
				     int create)
{
	size_t h;

	if (!m->slots || (create && (m->n + 1) * 2 > m->mask + 1)) {
		size_t cap = m->slots ? (m->mask + 1) * 2 : 64;
		struct org_ref *old = m->slots;
		size_t old_cap = m->slots ? m->mask + 1 : 0;
		m->slots = xcalloc(cap, sizeof(*m->slots));
		m->mask = cap - 1;
		for (size_t i = 0; i < old_cap; i++) {
			if (!old[i].text)
				continue;
			size_t k = str_hash(old[i].text) & m->mask;
			while (m->slots[k].text)
				k = (k + 1) & m->mask;
			m->slots[k] = old[i];
		}
		free(old);
	}
	h = str_hash(text) & m->mask;
	while (m->slots[h].text) {
		if (!strcmp(m->slots[h].text, text))
			return &m->slots[h];
		h = (h + 1) & m->mask;
	}
	if (!create)
		return NULL;
	m->slots[h].text = xstrdup(text);
	m->slots[h].id = 0;
	m->slots[h].state = REF_UNKNOWN;
	m->n++;
	return &m->slots[h];
}

static void org_refs_free(struct org_refs *m)
{
	for (size_t i = 0; m->slots && i <= m->mask; i++)
		free(m->slots[i].text);
	free(m->slots);
	memset(m, 0, sizeof(*m));
}

/* ------------------------------------------------------------------ */
/* The import context.                                                  */

enum file_kind { KIND_NONE, KIND_ORGS, KIND_MEMBERS };

#define CODE_MEMO_SLOTS 256

struct code_memo {
	const struct code_table *table;   /* NULL = empty */
	char text[48];
	const struct code_entry *entry;
};

struct org_row {
	struct org o;
	char parent[ORG_CODE_SIZE];
	long line;
	int bad;
	long parent_idx;     /* -1 none or stored, else index in rows */
	int depth;
	int mark;
};

struct imp {
	struct db *db;
	const struct import_options *opt;
	struct import_result *res;
	struct error *err;
	int today;
	int fatal;                 /* a status that stops everything */
	const char *sheet;         /* "" for CSV */
	long long file_size;
	const char *path;

	/* current table */
	enum file_kind kind;       /* KIND_NONE until the header is read */
	int colmap[TABLE_MAX_COLUMNS];
	size_t nr_cols;
	int header_failed;

	/* writing */
	int in_tx;
	long long batch;
	struct bulk_keys *keys;    /* while persons_keys_insert is set aside */
	struct bulk_triggers trigger;  /* the persons insert triggers */
	int trigger_dropped;
	int big;                   /* a large file: journal and key tricks */

	/* members */
	struct id_set ids;
	int ids_complete;          /* the set holds every stored ID number */
	int ids_decided;
	struct org_refs refs;

	/* organizations */
	struct org_row *orgs;
	size_t nr_orgs, alloc_orgs;

	/* members are inserted by the writer thread (struct pipe) */
	struct pipe *pipe;
	long long first_id, last_id, inserted;   /* persons written */
	int audit_off;             /* row triggers muted, one summary row instead */
	struct digest_job *digest;
	struct timing *tm;         /* $ORGWORK_IMPORT_TIMES: phase times to stderr */
	struct code_memo memo[CODE_MEMO_SLOTS];  /* coded cells seen */
};

static int writing(const struct imp *im)
{
	return !im->opt->dry_run && im->in_tx && im->res->nr_errors == 0;
}

static void add_issue(struct imp *im, long line, const char *column,
		      const char *value, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void add_issue(struct imp *im, long line, const char *column,
		      const char *value, const char *fmt, ...)
{
	struct import_result *res = im->res;
	size_t cap = im->opt->max_issues ? im->opt->max_issues : IMPORT_MAX_ISSUES;
	va_list ap;

	res->nr_errors++;
	if (res->nr_issues >= cap)
		return;
	ALLOC_GROW(res->issues, res->nr_issues + 1, res->alloc_issues);
	struct import_issue *is = &res->issues[res->nr_issues++];
	memset(is, 0, sizeof(*is));
	snprintf(is->sheet, sizeof(is->sheet), "%s", im->sheet);
	is->line = line;
	snprintf(is->column, sizeof(is->column), "%s", column ? column : "");
	/* cut the value at a character boundary */
	if (value) {
		size_t n = strlen(value);
		if (n >= sizeof(is->value)) {
			n = sizeof(is->value) - 1;
			while (n > 0 && ((unsigned char)value[n] & 0xC0) == 0x80)
				n--;
		}
		memcpy(is->value, value, n);
		is->value[n] = '\0';
	}
	va_start(ap, fmt);
	vsnprintf(is->reason, sizeof(is->reason), fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------------ */
/* Cell helpers.                                                        */

/* A cell of the row by logical column, trimmed into buf. */
struct cellv {
	const char *s;     /* trimmed, NUL-terminated (points into buf) */
	size_t len;
	enum table_cell_kind kind;
	const char *raw;   /* untrimmed */
};

static int is_space_at(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];

	if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
		return 1;
	if (n >= 3 && !memcmp(s, "\xe3\x80\x80", 3))
		return 3;
	if (n >= 2 && !memcmp(s, "\xc2\xa0", 2))
		return 2;
	return 0;
}

static void trim_into(const char *s, size_t len, char *buf, size_t size,
		      size_t *out_len)
{
	int k;

	while (len && (k = is_space_at(s, len))) {
		s += k;
		len -= (size_t)k;
	}
	while (len) {
		unsigned char c = (unsigned char)s[len - 1];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			len--;
		else if (len >= 3 && !memcmp(s + len - 3, "\xe3\x80\x80", 3))
			len -= 3;
		else if (len >= 2 && !memcmp(s + len - 2, "\xc2\xa0", 2))
			len -= 2;
		else
			break;
	}
	if (len >= size)
		len = size - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	*out_len = len;
}

/* Copies a text cell into a fixed field; issue if it does not fit. */
static int put_text(struct imp *im, long line, const struct import_column *col,
		    const struct cellv *c, char *dst, size_t size)
{
	if (c->len >= size) {
		add_issue(im, line, col->zh, c->s, "too long (at most %zu bytes)",
			  size - 1);
		return -1;
	}
	memcpy(dst, c->s, c->len + 1);
	return 0;
}

int import_parse_date(const char *s, int *day)
{
	int part[3] = { 0, 0, 0 }, digits[3] = { 0, 0, 0 }, k = 0;
	const char *p = s;

	while (*p == ' ')
		p++;
	/* YYYYMMDD */
	if (strlen(p) >= 8 && isdigit((unsigned char)p[0])) {
		int all = 1;
		for (int i = 0; i < 8; i++)
			all &= isdigit((unsigned char)p[i]) != 0;
		if (all && (p[8] == '\0' || p[8] == ' ')) {
			int y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 +
				(p[2] - '0') * 10 + (p[3] - '0');
			int m = (p[4] - '0') * 10 + (p[5] - '0');
			int d = (p[6] - '0') * 10 + (p[7] - '0');
			if (y < 1800 || y > 2200 || !date_valid_ymd(y, m, d))
				return ST_INVALID;
			*day = date_from_ymd(y, m, d);
			return ST_OK;
		}
	}
	while (k < 3) {
		if (!isdigit((unsigned char)*p))
			return ST_INVALID;
		while (isdigit((unsigned char)*p)) {
			if (++digits[k] > 4)
				return ST_INVALID;
			part[k] = part[k] * 10 + (*p - '0');
			p++;
		}
		k++;
		/* separators */
		if (k == 1) {
			if (*p == '-' || *p == '/' || *p == '.')
				p++;
			else if (!strncmp(p, "年", 3))
				p += 3;
			else
				return ST_INVALID;
		} else if (k == 2) {
			if (*p == '-' || *p == '/' || *p == '.')
				p++;
			else if (!strncmp(p, "月", 3))
				p += 3;
			else
				return ST_INVALID;
		} else {
			if (!strncmp(p, "日", 3))
				p += 3;
		}
	}
	if (digits[0] != 4 || digits[1] > 2 || digits[2] > 2)
		return ST_INVALID;
	/* an optional time after a space or T */
	if (*p == ' ' || *p == 'T') {
		p++;
		while (isdigit((unsigned char)*p) || *p == ':' || *p == '.')
			p++;
	}
	while (*p == ' ')
		p++;
	if (*p)
		return ST_INVALID;
	if (part[0] < 1800 || part[0] > 2200 ||
	    !date_valid_ymd(part[0], part[1], part[2]))
		return ST_INVALID;
	*day = date_from_ymd(part[0], part[1], part[2]);
	return ST_OK;
}

/* DATE_NONE for an empty cell; -1 (with an issue) when unreadable. */
static int get_date(struct imp *im, long line, const struct import_column *col,
		    const struct cellv *c, int *day)
{
	*day = DATE_NONE;
	if (!c->len)
		return 0;
	if (c->kind == CELL_NUMBER && c->len != 8) {
		add_issue(im, line, col->zh, c->s,
			  "a number, not a date: format the cell as a date or type it as YYYY-MM-DD");
		return -1;
	}
	if (import_parse_date(c->s, day)) {
		add_issue(im, line, col->zh, c->s,
			  "not a date (expected YYYY-MM-DD, e.g. 1990-01-02)");
		*day = DATE_NONE;
		return -1;
	}
	return 0;
}

static void code_hint(const struct code_table *t, char *buf, size_t size)
{
	size_t k = 0;

	buf[0] = '\0';
	if (t->n > 10) {
		snprintf(buf, size, "see the %s list on the 代码表 sheet of the template", t->name);
		return;
	}
	for (size_t i = 0; i < t->n && k + 1 < size; i++) {
		int n = snprintf(buf + k, size - k, "%s%s", i ? ", " : "expected one of ",
				 t->entries[i].zh);
		if (n < 0)
			break;
		k += (size_t)n;
	}
}

/*
 * code_parse through a small memo: a column holds few distinct values
 * (汉族, 大学本科毕业, 工人 ...) repeated on every row. Only values that
 * parse are kept; the answer for a (table, text) pair never changes.
 */
static const struct code_entry *code_memo_parse(struct imp *im,
						const struct code_table *t,
						const char *text, size_t len)
{
	size_t h = str_hash(text) ^ ((size_t)(uintptr_t)t >> 4);
	struct code_memo *m = &im->memo[h % CODE_MEMO_SLOTS];
	const struct code_entry *e;

	if (m->table == t && !strcmp(m->text, text))
		return m->entry;
	e = code_parse(t, text);
	if (e && len < sizeof(m->text)) {
		m->table = t;
		memcpy(m->text, text, len + 1);
		m->entry = e;
	}
	return e;
}

/* 0 for an empty cell; -1 with an issue when unknown. */
static int get_code(struct imp *im, long line, const struct import_column *col,
		    const struct cellv *c, int *code)
{
	const struct code_entry *e;
	char hint[200];

	*code = 0;
	if (!c->len)
		return 0;
	e = code_memo_parse(im, col->codes, c->s, c->len);
	if (!e) {
		code_hint(col->codes, hint, sizeof(hint));
		add_issue(im, line, col->zh, c->s, "unknown value (%s)", hint);
		return -1;
	}
	*code = e->code;
	return 0;
}

static const char *member_label_of_field(const char *field)
{
	if (!field || !*field)
		return "";
	if (!strcmp(field, "org_id"))
		return member_columns[MC_ORG].zh;
	if (!strcmp(field, "full_date"))
		return member_columns[MC_FULL].zh;
	for (int i = 0; i < MC_COUNT; i++)
		if (!strcmp(field, member_columns[i].key))
			return member_columns[i].zh;
	return field;
}

static const char *org_label_of_field(const char *field)
{
	if (!field || !*field)
		return "";
	if (!strcmp(field, "parent_id"))
		return org_columns[OC_PARENT].zh;
	for (int i = 0; i < OC_COUNT; i++)
		if (!strcmp(field, org_columns[i].key))
			return org_columns[i].zh;
	return field;
}

/* ------------------------------------------------------------------ */
/* Header.                                                              */

static int header_score(const struct table_row *row,
			const struct import_column *cols, size_t n)
{
	int score = 0;

	for (size_t i = 0; i < row->n; i++)
		if (row->cells[i].len && import_column_find(cols, n, row->cells[i].text) >= 0)
			score++;
	return score;
}

/* Maps the header to columns; issues for unknown, repeated, missing ones. */
static void read_header(struct imp *im, const struct table_row *row,
			enum file_kind kind)
{
	const struct import_column *cols = kind == KIND_ORGS ? org_columns : member_columns;
	size_t n = kind == KIND_ORGS ? OC_COUNT : MC_COUNT;
	int seen[(int)MC_COUNT > (int)OC_COUNT ? (int)MC_COUNT : (int)OC_COUNT];
	long before = (long)im->res->nr_errors;

	memset(seen, 0, sizeof(seen));
	im->kind = kind;
	im->nr_cols = row->n;
	for (size_t i = 0; i < row->n; i++) {
		int c = -1;
		if (row->cells[i].len) {
			c = import_column_find(cols, n, row->cells[i].text);
			if (c < 0)
				add_issue(im, row->line, row->cells[i].text, row->cells[i].text,
					  "unknown column (see the template for the accepted headers)");
			else if (seen[c]++)
				add_issue(im, row->line, cols[c].zh, row->cells[i].text,
					  "the column appears twice");
		}
		im->colmap[i] = c;
	}
	for (size_t c = 0; c < n; c++)
		if (cols[c].required && !seen[c])
			add_issue(im, row->line, cols[c].zh, "",
				  "required column is missing from the header");
	im->header_failed = (long)im->res->nr_errors > before;
}

/* Fills v[col] from the row (empty for absent columns). */
static void row_values(struct imp *im, const struct table_row *row,
		       struct cellv *v, char (*bufs)[512], size_t ncol)
{
	for (size_t c = 0; c < ncol; c++) {
		v[c].s = bufs[c];
		bufs[c][0] = '\0';
		v[c].len = 0;
		v[c].kind = CELL_EMPTY;
		v[c].raw = "";
	}
	for (size_t i = 0; i < row->n && i < im->nr_cols; i++) {
		int c = im->colmap[i];
		if (c < 0 || !row->cells[i].len)
			continue;
		trim_into(row->cells[i].text, row->cells[i].len, bufs[c],
			  sizeof(bufs[c]), &v[c].len);
		v[c].kind = v[c].len ? row->cells[i].kind : CELL_EMPTY;
		v[c].raw = row->cells[i].text;
		if (row->cells[i].len >= sizeof(bufs[c]))
			v[c].len = sizeof(bufs[c]); /* marks "too long" */
	}
}

/* ------------------------------------------------------------------ */
/* Phase times (ORGWORK_IMPORT_TIMES=1 prints them to stderr).          */

struct timing {
	double t0;
	double read_busy;     /* reading thread: parse, validate, encode */
	double write_busy;    /* writer thread: binding and stepping */
	double write_wait;    /* writer thread: waiting for rows */
	double read_wait;     /* reading thread: waiting for a free batch */
	double write_cpu;     /* writer thread: CPU time */
	double encode_cpu;    /* encoding rows (pinyin, sort key, sealing) */
};

static double cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void timing_mark(struct timing *tm, const char *what)
{
	if (tm)
		fprintf(stderr, "import: %-28s %8.3f s (CPU of this thread %.3f s)\n",
			what, now_s() - tm->t0, cpu_s());
}

/* ------------------------------------------------------------------ */
/* The content digest, computed beside the load.                        */

/*
 * BLAKE2b-256 chained over 1 MiB blocks: h0 = 32 zero bytes, h = BLAKE2b-256
 * (h || block) for each block in turn (docs/cli-import.md shows how to
 * recompute it). A thread of its own reads the file once more (from the
 * page cache) so that the two working threads do not wait for it.
 */
#define DIGEST_BLOCK (1024 * 1024)

struct digest_job {
	pthread_t thread;
	char *path;
	unsigned char hash[CRYPTO_HASH_BYTES];
	long long bytes;
	int ok;
};

static void *digest_main(void *arg)
{
	struct digest_job *j = arg;
	unsigned char *buf = xmalloc(CRYPTO_HASH_BYTES + DIGEST_BLOCK);
	FILE *f = fopen(j->path, "rb");
	size_t n;

	memset(j->hash, 0, sizeof(j->hash));
	if (f) {
		while ((n = fread(buf + CRYPTO_HASH_BYTES, 1, DIGEST_BLOCK, f)) > 0) {
			memcpy(buf, j->hash, CRYPTO_HASH_BYTES);
			crypto_token_hash(buf, CRYPTO_HASH_BYTES + n, j->hash);
			j->bytes += (long long)n;
			if (n < DIGEST_BLOCK)
				break;
		}
		j->ok = !ferror(f);
		fclose(f);
	}
	free(buf);
	return NULL;
}

static struct digest_job *digest_start(const char *path)
{
	struct digest_job *j = xcalloc(1, sizeof(*j));

	j->path = xstrdup(path);
	if (pthread_create(&j->thread, NULL, digest_main, j)) {
		digest_main(j);
		j->thread = 0;
		return j;
	}
	return j;
}

/* Waits for the digest; hex of it in out (65 bytes) or "" when unreadable. */
static void digest_finish(struct digest_job *j, char *out)
{
	out[0] = '\0';
	if (!j)
		return;
	if (j->thread)
		pthread_join(j->thread, NULL);
	j->thread = 0;
	if (j->ok)
		crypto_hex(j->hash, CRYPTO_HASH_BYTES, out);
}

static void digest_free(struct digest_job *j)
{
	char hex[2 * CRYPTO_HASH_BYTES + 1];

	if (!j)
		return;
	digest_finish(j, hex);
	free(j->path);
	free(j);
}

/* ------------------------------------------------------------------ */
/* The writer thread.                                                   */

/*
 * Valid members travel in batches from the reading thread to a writer
 * thread that inserts them, so the CPU work of the next rows overlaps the
 * SQLite work of the previous ones. Encoding a row (pinyin, ICU sort key,
 * sealing, blind index: bulk_row_encode) is done by whichever side has
 * time: the reading thread encodes a batch itself while the writer is
 * behind (PIPE_BEHIND batches or more waiting), otherwise the writer
 * encodes it before inserting. Batches travel through a bounded queue and
 * come back for reuse: memory is PIPE_BATCHES batches whatever the file
 * size. The connection is used by one thread at a time: the writer holds
 * conn_lock while it inserts a batch, the reading thread takes it for its
 * rare lookups (organization codes; ID numbers when they are not all in
 * memory).
 */
#define PIPE_ROWS 256
#define PIPE_BATCHES 8
#define PIPE_BEHIND 2

struct row_batch {
	size_t n;
	int encoded;                      /* rows[] filled from persons[] */
	long lines[PIPE_ROWS];
	struct person persons[PIPE_ROWS];
	struct bulk_row rows[PIPE_ROWS];
};

struct pipe {
	pthread_t thread;
	pthread_mutex_t lock;        /* the queues and the outcome */
	pthread_cond_t cond;
	pthread_mutex_t conn_lock;   /* the connection */
	struct row_batch *full[PIPE_BATCHES + 1];
	size_t full_head, full_n;
	struct row_batch *spare[PIPE_BATCHES];
	size_t nr_spare;
	struct row_batch *cur;       /* being filled by the reading thread */
	int done;                    /* no more batches */
	struct db *db;
	long long batch_id;
	struct bulk_keys *keys;      /* NULL: the insert trigger writes them */
	struct timing *tm;
	/* names derived lately, one cache per thread */
	struct bulk_name_cache *reader_names, *writer_names;
	/* outcome of the writer */
	int status;                  /* first failure, ST_OK while none */
	long bad_line;
	char field[64];
	char message[512];
	long long first_id, last_id, inserted;
};

/* Encodes rows [0, n) of b; on failure *bad = index of the row. */
static int batch_encode(struct row_batch *b, struct bulk_name_cache *cache,
			size_t *bad, struct error *err)
{
	int rc;

	for (size_t i = 0; i < b->n && i < 4; i++)
		bulk_name_prefetch(cache, b->persons[i].name);
	for (size_t i = 0; i < b->n; i++) {
		if (i + 4 < b->n)
			bulk_name_prefetch(cache, b->persons[i + 4].name);
		if ((rc = bulk_row_encode(&b->persons[i], &b->rows[i], cache, err))) {
			*bad = i;
			return rc;
		}
	}
	b->encoded = 1;
	return ST_OK;
}

static void pipe_fail(struct pipe *pp, int rc, long line, const struct error *e)
{
	pthread_mutex_lock(&pp->lock);
	if (pp->status == ST_OK) {
		pp->status = rc;
		pp->bad_line = line;
		snprintf(pp->field, sizeof(pp->field), "%s", e->field);
		memcpy(pp->message, e->message, sizeof(pp->message));
		pp->message[sizeof(pp->message) - 1] = '\0';
	}
	pthread_mutex_unlock(&pp->lock);
}

static void *pipe_main(void *arg)
{
	struct pipe *pp = arg;
	double t = now_s();

	for (;;) {
		struct row_batch *b;
		pthread_mutex_lock(&pp->lock);
		while (!pp->full_n && !pp->done)
			pthread_cond_wait(&pp->cond, &pp->lock);
		if (!pp->full_n) {
			pthread_mutex_unlock(&pp->lock);
			break;
		}
		b = pp->full[pp->full_head];
		pp->full_head = (pp->full_head + 1) % (PIPE_BATCHES + 1);
		pp->full_n--;
		int failed = pp->status != ST_OK;
		pthread_mutex_unlock(&pp->lock);

		double t1 = now_s();
		if (pp->tm)
			pp->tm->write_wait += t1 - t;
		if (!failed) {
			struct error e = ERROR_INIT;
			long long id = 0;
			size_t i = 0;
			int rc = b->encoded ? ST_OK
				: batch_encode(b, pp->writer_names, &i, &e);
			if (!rc) {
				long long first = 0;
				pthread_mutex_lock(&pp->conn_lock);
				rc = bulk_rows_insert(pp->db, b->rows, b->n, pp->batch_id,
						      &first, &e);
				if (!rc) {
					/* the whole batch in one statement */
					i = b->n;
					id = first + (long long)b->n - 1;
				} else if (rc == ST_INTERNAL) {
					/* the rows went in but not as numbered: stop */
					i = 0;
				} else {
					/* nothing of it stayed: again row by row, to
					 * name the row that fails */
					error_clear(&e);
					for (i = 0; i < b->n; i++)
						if ((rc = bulk_row_insert(pp->db, &b->rows[i],
									  pp->batch_id,
									  &id, &e)))
							break;
					first = id - (long long)i + 1;
				}
				if (i && !pp->first_id)
					pp->first_id = first;
				if (pp->keys)
					for (size_t j = 0; j < i; j++)
						bulk_keys_add(pp->keys, &b->rows[j],
							      first + (long long)j);
				pthread_mutex_unlock(&pp->conn_lock);
				pp->inserted += (long long)i;
				if (i)
					pp->last_id = id;
			}
			if (rc)
				pipe_fail(pp, rc, b->lines[i], &e);
		}
		t = now_s();
		if (pp->tm) {
			pp->tm->write_busy += t - t1;
			pp->tm->write_cpu = cpu_s();
		}
		pthread_mutex_lock(&pp->lock);
		pp->spare[pp->nr_spare++] = b;
		pthread_cond_broadcast(&pp->cond);
		pthread_mutex_unlock(&pp->lock);
	}
	return NULL;
}

static struct pipe *pipe_start(struct db *db, long long batch_id,
			       struct bulk_keys *keys, struct timing *tm)
{
	struct pipe *pp = xcalloc(1, sizeof(*pp));

	pp->db = db;
	pp->batch_id = batch_id;
	pp->keys = keys;
	pp->tm = tm;
	pthread_mutex_init(&pp->lock, NULL);
	pthread_cond_init(&pp->cond, NULL);
	pthread_mutex_init(&pp->conn_lock, NULL);
	for (size_t i = 0; i < PIPE_BATCHES; i++)
		pp->spare[pp->nr_spare++] = xmalloc(sizeof(struct row_batch));
	pp->reader_names = xcalloc(1, sizeof(*pp->reader_names));
	pp->writer_names = xcalloc(1, sizeof(*pp->writer_names));
	if (pthread_create(&pp->thread, NULL, pipe_main, pp)) {
		for (size_t i = 0; i < pp->nr_spare; i++)
			free(pp->spare[i]);
		free(pp->reader_names);
		free(pp->writer_names);
		pthread_cond_destroy(&pp->cond);
		pthread_mutex_destroy(&pp->lock);
		pthread_mutex_destroy(&pp->conn_lock);
		free(pp);
		return NULL;
	}
	return pp;
}

/*
 * Hands the batch being filled to the writer, encoding it first when the
 * writer is behind. An encoding failure is the writer's kind of failure.
 */
static void pipe_flush(struct pipe *pp)
{
	struct row_batch *b = pp->cur;
	size_t behind;

	if (!b || !b->n)
		return;
	pthread_mutex_lock(&pp->lock);
	behind = pp->full_n;
	pthread_mutex_unlock(&pp->lock);
	b->encoded = 0;
	if (behind >= PIPE_BEHIND) {
		struct error e = ERROR_INIT;
		size_t bad = 0;
		double t = pp->tm ? cpu_s() : 0;
		int rc = batch_encode(b, pp->reader_names, &bad, &e);
		if (pp->tm)
			pp->tm->encode_cpu += cpu_s() - t;
		if (rc) {
			pipe_fail(pp, rc, b->lines[bad], &e);
			b->n = 0;   /* nothing more is written */
			return;
		}
	}
	pthread_mutex_lock(&pp->lock);
	pp->full[(pp->full_head + pp->full_n) % (PIPE_BATCHES + 1)] = b;
	pp->full_n++;
	pp->cur = NULL;
	pthread_cond_broadcast(&pp->cond);
	pthread_mutex_unlock(&pp->lock);
}

/* Queues a copy of p (validated) from file line `line`. */
static void pipe_put(struct pipe *pp, const struct person *p, long line)
{
	if (pp->cur && pp->cur->n == PIPE_ROWS)
		pipe_flush(pp);
	if (!pp->cur) {
		double t = pp->tm ? now_s() : 0;
		pthread_mutex_lock(&pp->lock);
		while (!pp->nr_spare)
			pthread_cond_wait(&pp->cond, &pp->lock);
		pp->cur = pp->spare[--pp->nr_spare];
		pthread_mutex_unlock(&pp->lock);
		pp->cur->n = 0;
		if (pp->tm)
			pp->tm->read_wait += now_s() - t;
	}
	pp->cur->lines[pp->cur->n] = line;
	pp->cur->persons[pp->cur->n] = *p;
	pp->cur->n++;
}

/* 1 when the writer has failed (the rest of the file is only validated). */
static int pipe_failed(struct pipe *pp)
{
	int f;

	pthread_mutex_lock(&pp->lock);
	f = pp->status != ST_OK;
	pthread_mutex_unlock(&pp->lock);
	return f;
}

/* Sends what is left and waits for the writer to finish (its outcome stays in pp). */
static void pipe_stop(struct pipe *pp)
{
	pipe_flush(pp);
	pthread_mutex_lock(&pp->lock);
	pp->done = 1;
	pthread_cond_broadcast(&pp->cond);
	pthread_mutex_unlock(&pp->lock);
	pthread_join(pp->thread, NULL);
	free(pp->cur);
	pp->cur = NULL;
	for (size_t i = 0; i < pp->nr_spare; i++)
		free(pp->spare[i]);
	pp->nr_spare = 0;
}

static void pipe_free(struct pipe *pp)
{
	free(pp->reader_names);
	free(pp->writer_names);
	pthread_cond_destroy(&pp->cond);
	pthread_mutex_destroy(&pp->lock);
	pthread_mutex_destroy(&pp->conn_lock);
	free(pp);
}

/* The reading thread's use of the connection while the writer runs. */
static void conn_lock(struct imp *im)
{
	if (im->pipe)
		pthread_mutex_lock(&im->pipe->conn_lock);
}

static void conn_unlock(struct imp *im)
{
	if (im->pipe)
		pthread_mutex_unlock(&im->pipe->conn_lock);
}

/* ------------------------------------------------------------------ */
/* Organization references.                                             */

/* Resolves a member's organization cell. Returns 0 and sets *id, or -1. */
static int resolve_member_org(struct imp *im, long line, const struct cellv *c,
			      long long *id)
{
	struct org_ref *r = org_refs_find(&im->refs, c->s, 0);
	const char *label = member_columns[MC_ORG].zh;

	*id = 0;
	if (!r) {
		struct org o;
		struct error e = ERROR_INIT;
		int rc;
		r = org_refs_find(&im->refs, c->s, 1);
		conn_lock(im);
		rc = org_store_get_by_code(im->db, c->s, &o, &e);
		if (rc == ST_NOT_FOUND) {
			error_clear(&e);
			rc = org_resolve(im->db, c->s, &o, &e);
		}
		conn_unlock(im);
		if (rc == ST_OK) {
			r->id = o.id;
			r->state = o.dissolved == DATE_NONE ? REF_ACTIVE : REF_DISSOLVED;
		} else if (rc != ST_NOT_FOUND) {
			im->fatal = rc;
			error_set(im->err, rc, NULL, "%s", e.message);
			return -1;
		}
	}
	switch (r->state) {
	case REF_ACTIVE:
	case REF_NEW:
		*id = r->id;
		return 0;
	case REF_DISSOLVED:
		add_issue(im, line, label, c->s, "the organization is dissolved");
		return -1;
	default:
		add_issue(im, line, label, c->s,
			  "unknown organization (no such code in the database or in this file)");
		return -1;
	}
}

/* ------------------------------------------------------------------ */
/* Members.                                                             */

static int load_stored_id(const char *id, long long person_id, void *ctx)
{
	struct imp *im = ctx;

	id_set_put(&im->ids, id, -person_id);
	return 0;
}

/*
 * Chooses how ID numbers are checked against the database and whether the
 * insert triggers are set aside (the keys of the new persons then written
 * in key order at the end), once, before the first member row.
 */
static int members_begin(struct imp *im)
{
	long long stored = 0, est;
	int rc;

	if (im->ids_decided)
		return 0;
	im->ids_decided = 1;
	est = im->file_size / (im->res->is_xlsx ? 40 : 120);
	if ((rc = bulk_person_count(im->db, &stored, im->err)))
		return im->fatal = rc;
	/* room for the file's rows (estimated from its size) at once, instead
	 * of growing through every power of two */
	if (est > 0 && (size_t)est < ((size_t)1 << 28) && !im->ids.slots)
		id_set_resize(&im->ids, (size_t)(est + stored));
	if (stored <= 100000 || stored <= 4 * est) {
		if ((rc = bulk_id_numbers_each(im->db, load_stored_id, im, im->err)))
			return im->fatal = rc;
		im->ids_complete = 1;
	}
	int bulk = im->opt->bulk > 0 || (im->big && im->ids_complete);
	if (writing(im)) {
		/* one audit row for the whole batch, written before the commit */
		audit_store_rows(im->db, 0);
		im->audit_off = 1;
		if (bulk) {
			if ((rc = bulk_drop_insert_triggers(im->db, &im->trigger, im->err)))
				return im->fatal = rc;
			im->trigger_dropped = 1;
			if (im->trigger.keys_sql)
				im->keys = bulk_keys_new(est > 0 ? (size_t)est : 0);
		}
		im->pipe = pipe_start(im->db, im->batch, im->keys, im->tm);
	}
	timing_mark(im->tm, "members begin");
	return 0;
}

/* Moves the last issue to its place in file order (same sheet, by line). */
static void issue_sort_last(struct import_result *res)
{
	struct import_issue last;
	size_t k;

	if (res->nr_issues < 2)
		return;
	last = res->issues[res->nr_issues - 1];
	k = res->nr_issues - 1;
	while (k > 0 && !strcmp(res->issues[k - 1].sheet, last.sheet) &&
	       res->issues[k - 1].line > last.line)
		k--;
	memmove(res->issues + k + 1, res->issues + k,
		(res->nr_issues - 1 - k) * sizeof(*res->issues));
	res->issues[k] = last;
}

/*
 * Stops the writer (idempotent); a row it could not insert becomes an
 * issue at its line, any other failure is fatal.
 */
static int members_end(struct imp *im)
{
	struct pipe *pp = im->pipe;

	if (!pp)
		return 0;
	pipe_stop(pp);
	im->pipe = NULL;
	im->first_id = pp->first_id;
	im->last_id = pp->last_id;
	im->inserted = pp->inserted;
	if (pp->status == ST_CONFLICT || pp->status == ST_INVALID) {
		size_t before = im->res->nr_issues;
		add_issue(im, pp->bad_line, member_label_of_field(pp->field), "", "%s",
			  pp->message);
		if (im->res->nr_issues > before)
			issue_sort_last(im->res);
	} else if (pp->status) {
		error_set(im->err, pp->status, NULL, "line %ld: %s", pp->bad_line,
			  pp->message);
		if (!im->fatal)
			im->fatal = pp->status;
	}
	pipe_free(pp);
	timing_mark(im->tm, "members inserted");
	return im->fatal;
}

static int member_row(struct imp *im, const struct table_row *row)
{
	struct cellv v[MC_COUNT];
	char bufs[MC_COUNT][512];
	struct person p;
	struct idcard_info info;
	long line = row->line;
	long long before = im->res->nr_errors;
	int sex = 0, ok_id = 0, d, code;
	const struct import_column *mc = member_columns;

	if (row->bad_encoding) {
		add_issue(im, line, "", "",
			  "the line is not valid UTF-8 text (save the file as UTF-8 or GB18030)");
		return 0;
	}
	if (!im->ids_decided && members_begin(im))
		return im->fatal;
	row_values(im, row, v, bufs, MC_COUNT);
	person_init(&p);

	for (int c = 0; c < MC_COUNT; c++)
		if (v[c].len >= sizeof(bufs[c]) && mc[c].type != COL_IGNORED) {
			add_issue(im, line, mc[c].zh, v[c].s, "the cell is too long");
			v[c].len = 0;
			bufs[c][0] = '\0';
		}

	if (!v[MC_NAME].len)
		add_issue(im, line, mc[MC_NAME].zh, "", "required");
	else
		put_text(im, line, &mc[MC_NAME], &v[MC_NAME], p.name, sizeof(p.name));

	if (v[MC_ID_NUMBER].len) {
		const struct cellv *c = &v[MC_ID_NUMBER];
		char reason[200];
		if (c->kind == CELL_NUMBER && !(c->len == 15 && strspn(c->s, "0123456789") == 15)) {
			add_issue(im, line, mc[MC_ID_NUMBER].zh, c->s,
				  "the ID number is stored as a number and has lost digits: format the %s column as text and type the numbers again",
				  mc[MC_ID_NUMBER].zh);
		} else if (idcard_check(c->s, &info, reason, sizeof(reason))) {
			add_issue(im, line, mc[MC_ID_NUMBER].zh, c->s, "%s", reason);
		} else {
			ok_id = 1;
			memcpy(p.id_number, info.normalized, sizeof(info.normalized));
			id_set_prefetch(&im->ids, p.id_number);
		}
	}
	if (!get_code(im, line, &mc[MC_SEX], &v[MC_SEX], &sex))
		p.sex = sex ? sex : ok_id ? info.sex : 0;
	if (!get_date(im, line, &mc[MC_BIRTH], &v[MC_BIRTH], &d))
		p.birth_date = d != DATE_NONE ? d : ok_id ? info.birth_date : DATE_NONE;
	if (!get_code(im, line, &mc[MC_ETHNICITY], &v[MC_ETHNICITY], &code))
		p.ethnicity = code;
	if (!get_code(im, line, &mc[MC_EDUCATION], &v[MC_EDUCATION], &code))
		p.education = code;
	if (!get_code(im, line, &mc[MC_OCCUPATION], &v[MC_OCCUPATION], &code))
		p.occupation = code;
	put_text(im, line, &mc[MC_PHONE], &v[MC_PHONE], p.phone, sizeof(p.phone));
	put_text(im, line, &mc[MC_ADDRESS], &v[MC_ADDRESS], p.address, sizeof(p.address));
	if (v[MC_ORG].len && resolve_member_org(im, line, &v[MC_ORG], &p.org_id) &&
	    im->fatal)
		return im->fatal;
	if (!get_code(im, line, &mc[MC_STATUS], &v[MC_STATUS], &code))
		p.status = code;
	int *dates[] = { &p.applied, &p.activist, &p.target, &p.admitted, &p.full,
			 &p.exited };
	for (int k = 0; k < 6; k++)
		if (!get_date(im, line, &mc[MC_APPLIED + k], &v[MC_APPLIED + k], &d))
			*dates[k] = d;

	/* The ID number must be new, in the file and in the database. */
	if (ok_id) {
		long long where = id_set_put(&im->ids, p.id_number, line);
		if (where > 0) {
			add_issue(im, line, mc[MC_ID_NUMBER].zh, p.id_number,
				  "duplicate ID number: also on line %lld", where);
		} else if (where < 0) {
			add_issue(im, line, mc[MC_ID_NUMBER].zh, p.id_number,
				  "the ID number is already in the database (person %lld)",
				  -where);
		} else if (!im->ids_complete) {
			long long pid;
			conn_lock(im);
			int rc = bulk_id_number_find(im->db, p.id_number, &pid, im->err);
			conn_unlock(im);
			if (rc)
				return im->fatal = rc;
			if (pid)
				add_issue(im, line, mc[MC_ID_NUMBER].zh, p.id_number,
					  "the ID number is already in the database (person %lld)",
					  pid);
		}
	}

	if (im->res->nr_errors == before) {
		struct error e = ERROR_INIT;
		if (person_validate_known_id(&p, im->today, ok_id ? &info : NULL, &e)) {
			const char *label = member_label_of_field(e.field);
			const char *val = "";
			for (int c = 0; c < MC_COUNT; c++)
				if (!strcmp(label, mc[c].zh))
					val = v[c].s;
			add_issue(im, line, label, val, "%s", e.message);
		}
	}
	if (im->res->nr_errors != before)
		return 0;
	im->res->members++;
	if (writing(im) && !im->pipe && p.org_id < NEW_ORG_BASE) {
		/* no writer thread (it could not be started): insert here */
		struct error e = ERROR_INIT;
		int rc = bulk_person_insert(im->db, &p, im->batch, im->keys, &e);
		if (rc == ST_CONFLICT || rc == ST_INVALID) {
			add_issue(im, line, "", "", "%s", e.message);
		} else if (rc) {
			error_set(im->err, rc, NULL, "line %ld: %s", line, e.message);
			return im->fatal = rc;
		} else {
			if (!im->first_id)
				im->first_id = p.id;
			im->last_id = p.id;
			im->inserted++;
		}
	} else if (writing(im) && p.org_id < NEW_ORG_BASE &&
		   !pipe_failed(im->pipe)) {
		pipe_put(im->pipe, &p, line);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Organizations.                                                       */

static int org_row(struct imp *im, const struct table_row *row)
{
	struct cellv v[OC_COUNT];
	char bufs[OC_COUNT][512];
	const struct import_column *oc = org_columns;
	long long before = im->res->nr_errors;
	long line = row->line;
	struct org_row *r;
	int code, d;

	if (row->bad_encoding) {
		add_issue(im, line, "", "",
			  "the line is not valid UTF-8 text (save the file as UTF-8 or GB18030)");
		return 0;
	}
	row_values(im, row, v, bufs, OC_COUNT);
	ALLOC_GROW(im->orgs, im->nr_orgs + 1, im->alloc_orgs);
	r = &im->orgs[im->nr_orgs++];
	memset(r, 0, sizeof(*r));
	org_init(&r->o);
	r->line = line;
	r->parent_idx = -1;

	for (int c = 0; c < OC_COUNT; c++)
		if (v[c].len >= sizeof(bufs[c])) {
			add_issue(im, line, oc[c].zh, v[c].s, "the cell is too long");
			v[c].len = 0;
			bufs[c][0] = '\0';
		}
	if (!v[OC_CODE].len)
		add_issue(im, line, oc[OC_CODE].zh, "", "required");
	else
		put_text(im, line, &oc[OC_CODE], &v[OC_CODE], r->o.code, sizeof(r->o.code));
	if (!v[OC_NAME].len)
		add_issue(im, line, oc[OC_NAME].zh, "", "required");
	else
		put_text(im, line, &oc[OC_NAME], &v[OC_NAME], r->o.name, sizeof(r->o.name));
	if (!get_code(im, line, &oc[OC_KIND], &v[OC_KIND], &code))
		r->o.kind = code;
	put_text(im, line, &oc[OC_PARENT], &v[OC_PARENT], r->parent, sizeof(r->parent));
	if (!get_code(im, line, &oc[OC_SECTOR], &v[OC_SECTOR], &code))
		r->o.sector = code;
	put_text(im, line, &oc[OC_DIVISION], &v[OC_DIVISION], r->o.division,
		 sizeof(r->o.division));
	if (!get_date(im, line, &oc[OC_ESTABLISHED], &v[OC_ESTABLISHED], &d)) {
		r->o.established = d;
		if (d == DATE_NONE)
			add_issue(im, line, oc[OC_ESTABLISHED].zh, "", "required");
	}
	put_text(im, line, &oc[OC_PURPOSE], &v[OC_PURPOSE], r->o.purpose,
		 sizeof(r->o.purpose));
	if (!get_date(im, line, &oc[OC_END_DATE], &v[OC_END_DATE], &d))
		r->o.end_date = d;
	put_text(im, line, &oc[OC_LABEL], &v[OC_LABEL], r->o.label, sizeof(r->o.label));
	if (!get_date(im, line, &oc[OC_TERM_START], &v[OC_TERM_START], &d))
		r->o.term_start = d;
	if (v[OC_TERM_YEARS].len) {
		char *end;
		long y = strtol(v[OC_TERM_YEARS].s, &end, 10);
		if (*end || y < 0 || y > 10)
			add_issue(im, line, oc[OC_TERM_YEARS].zh, v[OC_TERM_YEARS].s,
				  "expected a whole number of years from 0 to 10");
		else
			r->o.term_years = (int)y;
	}
	if (im->res->nr_errors == before) {
		struct error e = ERROR_INIT;
		if (org_validate(&r->o, im->today, &e)) {
			const char *label = org_label_of_field(e.field);
			const char *val = "";
			for (int c = 0; c < OC_COUNT; c++)
				if (!strcmp(label, oc[c].zh))
					val = v[c].s;
			add_issue(im, line, label, val, "%s", e.message);
		}
	}
	r->bad = im->res->nr_errors != before;
	return 0;
}

static int cmp_issue_line(const void *a, const void *b)
{
	const struct import_issue *x = a, *y = b;
	int s = strcmp(x->sheet, y->sheet);

	if (s)
		return s;
	return (x->line > y->line) - (x->line < y->line);
}

/* Checks the collected organizations as a whole and creates them. */
static int orgs_finish(struct imp *im)
{
	struct org_refs codes = { NULL, 0, 0 };
	size_t first_issue = im->res->nr_issues;
	size_t n = im->nr_orgs;
	long *stack = NULL;
	int rc = ST_OK, maxdepth = 0;

	/* duplicates within the file, and codes already stored */
	for (size_t i = 0; i < n; i++) {
		struct org_row *r = &im->orgs[i];
		if (!r->o.code[0])
			continue;
		struct org_ref *ref = org_refs_find(&codes, r->o.code, 1);
		if (ref->state) {
			add_issue(im, r->line, org_columns[OC_CODE].zh, r->o.code,
				  "duplicate organization code: also on line %ld",
				  im->orgs[ref->id].line);
			r->bad = 1;
			continue;
		}
		ref->state = REF_NEW;
		ref->id = (long long)i; /* an index into im->orgs */
		struct org o;
		struct error e = ERROR_INIT;
		int s = org_store_get_by_code(im->db, r->o.code, &o, &e);
		if (s == ST_OK) {
			add_issue(im, r->line, org_columns[OC_CODE].zh, r->o.code,
				  "the organization code already exists in the database");
			r->bad = 1;
		} else if (s != ST_NOT_FOUND) {
			error_set(im->err, s, NULL, "%s", e.message);
			rc = im->fatal = s;
			goto out;
		}
	}
	/* parents */
	for (size_t i = 0; i < n; i++) {
		struct org_row *r = &im->orgs[i];
		if (!r->parent[0])
			continue;
		struct org_ref *ref = org_refs_find(&codes, r->parent, 0);
		if (ref) {
			r->parent_idx = (long)ref->id;
			continue;
		}
		struct org o;
		struct error e = ERROR_INIT;
		int s = org_store_get_by_code(im->db, r->parent, &o, &e);
		if (s == ST_OK) {
			if (o.dissolved != DATE_NONE) {
				add_issue(im, r->line, org_columns[OC_PARENT].zh, r->parent,
					  "the parent organization is dissolved");
				r->bad = 1;
			}
			r->o.parent_id = o.id;
		} else if (s == ST_NOT_FOUND) {
			add_issue(im, r->line, org_columns[OC_PARENT].zh, r->parent,
				  "unknown parent organization (no such code in the database or in this file)");
			r->bad = 1;
		} else {
			error_set(im->err, s, NULL, "%s", e.message);
			rc = im->fatal = s;
			goto out;
		}
	}
	/* cycles and depths: mark 0 new, 1 on the current path, 2 done */
	stack = xmalloc((n + 1) * sizeof(*stack));
	for (size_t i = 0; i < n; i++) {
		size_t sp = 0;
		long j = (long)i;
		while (j >= 0 && im->orgs[j].mark == 0) {
			im->orgs[j].mark = 1;
			stack[sp++] = j;
			j = im->orgs[j].parent_idx;
		}
		int base = 0;
		if (j >= 0 && im->orgs[j].mark == 1) {
			/* a cycle: j and the stack entries from j on */
			struct strbuf path = STRBUF_INIT;
			size_t from = 0;
			while (stack[from] != j)
				from++;
			for (size_t k = from; k < sp; k++)
				strbuf_addf(&path, "%s → ", im->orgs[stack[k]].o.code);
			strbuf_adds(&path, im->orgs[j].o.code);
			for (size_t k = from; k < sp; k++) {
				struct org_row *c = &im->orgs[stack[k]];
				add_issue(im, c->line, org_columns[OC_PARENT].zh, c->parent,
					  "parent cycle: %s", path.buf);
				c->bad = 1;
			}
			strbuf_release(&path);
		} else if (j >= 0) {
			base = im->orgs[j].depth + 1;
		}
		for (size_t k = sp; k-- > 0;) {
			im->orgs[stack[k]].mark = 2;
			im->orgs[stack[k]].depth = base + (int)(sp - 1 - k);
			if (im->orgs[stack[k]].depth > maxdepth)
				maxdepth = im->orgs[stack[k]].depth;
		}
	}
	/* keep the report in file order */
	if (im->res->nr_issues > first_issue)
		qsort(im->res->issues + first_issue, im->res->nr_issues - first_issue,
		      sizeof(*im->res->issues), cmp_issue_line);
	for (size_t i = 0; i < n; i++)
		if (!im->orgs[i].bad)
			im->res->orgs++;

	/* create, parents first; register every code of the file for members */
	for (int depth = 0; depth <= maxdepth; depth++) {
		for (size_t i = 0; i < n; i++) {
			struct org_row *r = &im->orgs[i];
			if (r->depth != depth || !r->o.code[0])
				continue;
			if (r->parent_idx >= 0)
				r->o.parent_id = im->orgs[r->parent_idx].o.id;
			if (writing(im) && !r->bad) {
				struct error e = ERROR_INIT;
				int s = org_create_tx(im->db, &r->o, im->opt->actor, NULL, &e);
				if (s == ST_INVALID || s == ST_CONFLICT || s == ST_NOT_FOUND) {
					add_issue(im, r->line, org_label_of_field(e.field), "",
						  "%s", e.message);
					r->bad = 1;
					im->res->orgs--;
				} else if (s) {
					error_set(im->err, s, NULL, "line %ld: %s", r->line,
						  e.message);
					rc = im->fatal = s;
					goto out;
				}
			}
			if (!r->o.id)
				r->o.id = NEW_ORG_BASE + (long long)i;
			struct org_ref *ref = org_refs_find(&im->refs, r->o.code, 1);
			ref->id = r->o.id;
			ref->state = REF_NEW;
		}
	}
out:
	free(stack);
	org_refs_free(&codes);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Driving the readers.                                                 */

static int on_row(const struct table_row *row, void *ctx)
{
	struct imp *im = ctx;

	if (im->fatal)
		return im->fatal;
	if (im->kind == KIND_NONE) {
		int m = header_score(row, member_columns, MC_COUNT);
		int o = header_score(row, org_columns, OC_COUNT);
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
			add_issue(im, row->line, "", "",
				  "the first row is not a header of organizations (组织编码, 组织名称, ...) or members (姓名, 公民身份号码, ...)");
			im->header_failed = 1;
			im->kind = KIND_MEMBERS;
			return ST_INVALID;
		}
		read_header(im, row, k);
		return im->header_failed ? ST_INVALID : 0;
	}
	im->res->rows++;
	return im->kind == KIND_ORGS ? org_row(im, row) : member_row(im, row);
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

	trim_into(name, strlen(name), buf, sizeof(buf), &len);
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
			add_issue(im, im->err->line, "", "", "%s", im->err->message);
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
		rc = error_set(im->err, ST_INVALID, NULL,
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
		if (im->kind == KIND_MEMBERS && !im->header_failed)
			add_issue(im, 1, "", "", "this sheet has the header of members");
		else if (im->kind == KIND_ORGS && (rc = orgs_finish(im)))
			goto out;
	}
	if (sheet_members >= 0) {
		im->sheet = xlsx_sheet_name(x, (size_t)sheet_members);
		reset_table(im, KIND_MEMBERS);
		rc = xlsx_read_sheet(x, (size_t)sheet_members, on_row, im, im->err);
		if ((rc = read_table_rc(im, rc)))
			goto out;
		if (im->kind == KIND_ORGS && !im->header_failed)
			add_issue(im, 1, "", "", "this sheet has the header of organizations");
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
		return orgs_finish(im);
	return 0;
}

static void json_str(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			strbuf_addf(sb, "\\%c", c);
		else if (c < 0x20)
			strbuf_addf(sb, "\\u%04x", c);
		else
			strbuf_addch(sb, (char)c);
	}
	strbuf_addch(sb, '"');
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

	digest_finish(im->digest, hex);
	snprintf(object, sizeof(object), "import/%lld", im->batch);
	strbuf_adds(&sb, "{\"file\":");
	json_str(&sb, im->path);
	strbuf_addf(&sb, ",\"bytes\":%lld,\"rows\":%lld,\"organizations\":%lld,"
		    "\"members\":%lld,\"persons_inserted\":%lld",
		    im->file_size, im->res->rows, im->res->orgs, im->res->members,
		    im->inserted);
	if (im->inserted)
		strbuf_addf(&sb, ",\"person_ids\":[%lld,%lld]", im->first_id,
			    im->last_id);
	strbuf_adds(&sb, ",\"blake2b_1m_chain\":");
	json_str(&sb, hex);
	strbuf_adds(&sb, "}");
	rc = audit_store_append(im->db, AUDIT_LOG, actor, "import", object, NULL,
				sb.buf, NULL, err);
	strbuf_release(&sb);
	return rc;
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
	struct timing tm;
	const char *times = getenv("ORGWORK_IMPORT_TIMES");
	int rc = ST_OK;

	memset(&im, 0, sizeof(im));
	memset(&tm, 0, sizeof(tm));
	tm.t0 = now_s();
	if (times && *times && strcmp(times, "0"))
		im.tm = &tm;
	im.db = db;
	im.opt = opt;
	im.res = res;
	im.err = err;
	im.path = path;
	im.sheet = "";
	im.today = opt->today != DATE_NONE && opt->today ? opt->today : date_today();
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
		im.digest = digest_start(path);
	}
	rc = res->is_xlsx ? import_xlsx(&im) : import_csv(&im);
	/* the writer thread is done with the connection after this */
	if (members_end(&im) && !rc)
		rc = im.fatal;
	timing_mark(im.tm, "file read");
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
		timing_mark(im.tm, "keys written");
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
			timing_mark(im.tm, "committed");
		}
	}
out:
	members_end(&im);
	if (im.in_tx)
		db_rollback(db);
	if (im.audit_off)
		audit_store_rows(db, 1);
	digest_free(im.digest);
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
	id_set_free(&im.ids);
	org_refs_free(&im.refs);
	free(im.orgs);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Reporting.                                                           */

void import_issue_describe(const struct import_issue *is, char *buf, size_t size)
{
	char where[96];

	if (is->sheet[0])
		snprintf(where, sizeof(where), "%s row %ld", is->sheet, is->line);
	else if (is->line > 0)
		snprintf(where, sizeof(where), "line %ld", is->line);
	else
		snprintf(where, sizeof(where), "file");
	if (is->column[0])
		snprintf(buf, size, "%s, %s: %s", where, is->column, is->reason);
	else
		snprintf(buf, size, "%s: %s", where, is->reason);
}

static void csv_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static int ends_with_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcasecmp(s + n - k, suffix);
}

static int report_xlsx(const struct import_result *res, const char *path,
		       struct error *err)
{
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws;
	lxw_format *bold;
	lxw_col_t c0 = res->is_xlsx ? 1 : 0;

	if (!wb)
		return error_set(err, ST_IO, NULL, "cannot create %s", path);
	ws = workbook_add_worksheet(wb, "errors");
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	if (res->is_xlsx)
		worksheet_write_string(ws, 0, 0, "sheet", bold);
	worksheet_write_string(ws, 0, c0, "line", bold);
	worksheet_write_string(ws, 0, c0 + 1, "column", bold);
	worksheet_write_string(ws, 0, c0 + 2, "value", bold);
	worksheet_write_string(ws, 0, c0 + 3, "reason", bold);
	worksheet_set_column(ws, c0 + 1, c0 + 2, 18, NULL);
	worksheet_set_column(ws, c0 + 3, c0 + 3, 70, NULL);
	for (size_t i = 0; i < res->nr_issues; i++) {
		const struct import_issue *is = &res->issues[i];
		lxw_row_t r = (lxw_row_t)(i + 1);
		if (res->is_xlsx)
			worksheet_write_string(ws, r, 0, is->sheet, NULL);
		worksheet_write_number(ws, r, c0, (double)is->line, NULL);
		worksheet_write_string(ws, r, c0 + 1, is->column, NULL);
		worksheet_write_string(ws, r, c0 + 2, is->value, NULL);
		worksheet_write_string(ws, r, c0 + 3, is->reason, NULL);
	}
	lxw_error le = workbook_close(wb);
	if (le != LXW_NO_ERROR)
		return error_set(err, ST_IO, NULL, "cannot write %s: %s", path,
				 lxw_strerror(le));
	return ST_OK;
}

int import_report_write(const struct import_result *res, const char *path,
			struct error *err)
{
	FILE *f;

	if (ends_with_ci(path, ".xlsx"))
		return report_xlsx(res, path, err);
	f = fopen(path, "wb");
	if (!f)
		return error_set(err, ST_IO, NULL, "cannot create %s", path);
	fputs("\xEF\xBB\xBF", f);
	fputs(res->is_xlsx ? "sheet,line,column,value,reason\r\n"
			   : "line,column,value,reason\r\n", f);
	for (size_t i = 0; i < res->nr_issues; i++) {
		const struct import_issue *is = &res->issues[i];
		if (res->is_xlsx) {
			csv_field(f, is->sheet);
			fputc(',', f);
		}
		fprintf(f, "%ld,", is->line);
		csv_field(f, is->column);
		fputc(',', f);
		csv_field(f, is->value);
		fputc(',', f);
		csv_field(f, is->reason);
		fputs("\r\n", f);
	}
	if (res->nr_errors > (long long)res->nr_issues)
		fprintf(f, "0,,,%lld more errors not listed\r\n",
			res->nr_errors - (long long)res->nr_issues);
	if (fclose(f) != 0)
		return error_set(err, ST_IO, NULL, "cannot write %s", path);
	return ST_OK;
}
