/*
 * import-row.c - the data rows of an import turned into records.
 *
 * Members are streamed: each row becomes a struct person, validated by
 * person_validate_known_id and checked against the ID numbers seen so far
 * and those stored (a hash map of every ID number, or a lookup per row when
 * the database holds too many to load), then queued for the writer thread
 * (import-pipeline.c) while the file is still clean. Organizations are
 * collected, checked as a whole (duplicate codes, parents earlier or later
 * in the file or in the database, cycles) and created parents first with
 * org_create_tx. Not for reading cells (import-cells.c) nor for the rules
 * of a record (model/person.c, model/org.c).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/hashmap.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "formats/import-internal.h"
#include "model/idcard.h"
#include "model/org.h"
#include "model/person.h"
#include "ops/org-ops.h"
#include "store/audit-store.h"
#include "store/bulk-store.h"
#include "store/org-store.h"

/* Placeholder ids for organizations of the file while nothing is written. */
#define NEW_ORG_BASE (1LL << 60)

/* ------------------------------------------------------------------ */
/* Organization references.                                             */

/* The reference of an organization cell's text, added as REF_UNKNOWN when
 * create is set; NULL when missing and not created. */
static struct org_ref *org_ref_find(struct imp *im, const char *text, int create)
{
	long long *idx;
	int added;

	if (!create) {
		idx = hashmap_get_str(&im->refs, text);
		return idx ? &im->ref_list[*idx] : NULL;
	}
	idx = hashmap_put_str(&im->refs, text, &added);
	if (added) {
		ALLOC_GROW(im->ref_list, im->nr_refs + 1, im->alloc_refs);
		*idx = (long long)im->nr_refs;
		im->ref_list[im->nr_refs].id = 0;
		im->ref_list[im->nr_refs].state = REF_UNKNOWN;
		im->nr_refs++;
	}
	return &im->ref_list[*idx];
}

/* Resolves a member's organization cell. Returns 0 and sets *id, or -1. */
static int resolve_member_org(struct imp *im, long line, const struct cellv *c,
			      long long *id)
{
	struct org_ref *r = org_ref_find(im, c->s, 0);
	const char *label = member_columns[MC_ORG].zh;

	*id = 0;
	if (!r) {
		struct org o;
		struct error e = ERROR_INIT;
		int rc;
		r = org_ref_find(im, c->s, 1);
		import_pipe_lock(im->pipe);
		/* a code, or id:N (model/org.h): a bare number is a code */
		rc = org_resolve(im->db, c->s, &o, &e);
		import_pipe_unlock(im->pipe);
		if (rc == ST_OK) {
			r->id = o.id;
			r->state = o.dissolved == DATE_NONE ? REF_ACTIVE : REF_DISSOLVED;
		} else if (rc != ST_NOT_FOUND && rc != ST_INVALID) {
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
	case REF_DISSOLVED: {
		size_t bt = im->res->nr_issues;
		imp_issue(im, line, label, c->s, "the organization is dissolved");
		imp_tag1(im, bt, "org_dissolved", "org", c->s);
		return -1;
	}
	default: {
		size_t bt = im->res->nr_issues;
		imp_issue(im, line, label, c->s,
			  "unknown organization (no such code in the database or in this file)");
		imp_tag1(im, bt, "import_unknown_org", "code", c->s);
		return -1;
	}
	}
}

/* ------------------------------------------------------------------ */
/* Members.                                                             */

/* An ID number (18 characters, checked) as a key of im->ids: its first 17
 * digits as a number, plus one (0 is no key). */
static uint64_t id_key(const char *id18)
{
	uint64_t k = 0;

	for (int i = 0; i < 17; i++)
		k = k * 10 + (uint64_t)(id18[i] - '0');
	return k + 1;
}

/* Returns where id18 was seen (non-zero), or records `where` and returns 0. */
static long long id_seen(struct imp *im, const char *id18, long long where)
{
	long long *slot;
	int added;

	if (strlen(id18) != 18)
		return 0;
	slot = hashmap_put(&im->ids, id_key(id18), &added);
	if (!added)
		return *slot;
	*slot = where;
	return 0;
}

static int load_stored_id(const char *id, long long person_id, void *ctx)
{
	struct imp *im = ctx;

	id_seen(im, id, -person_id);
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
		hashmap_reserve(&im->ids, (size_t)(est + stored));
	if (stored <= 100000 || stored <= 4 * est) {
		if ((rc = bulk_id_numbers_each(im->db, load_stored_id, im, im->err)))
			return im->fatal = rc;
		im->ids_complete = 1;
	}
	int bulk = im->opt->bulk > 0 || (im->big && im->ids_complete);
	if (imp_writing(im)) {
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
		im->pipe = import_pipe_start(im->db, im->batch, im->keys, im->tm);
	}
	import_timing_mark(im->tm, "members begin");
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

int imp_members_end(struct imp *im)
{
	struct import_pipe_outcome out;

	if (!im->pipe)
		return 0;
	import_pipe_finish(im->pipe, &out);
	im->pipe = NULL;
	im->first_id = out.first_id;
	im->last_id = out.last_id;
	im->inserted = out.inserted;
	if (out.status == ST_CONFLICT || out.status == ST_INVALID) {
		size_t before = im->res->nr_issues;
		imp_issue(im, out.bad_line, import_member_label(out.field), "", "%s",
			  out.message);
		imp_tag(im, before, out.code, out.params, out.nr_params);
		if (im->res->nr_issues > before)
			issue_sort_last(im->res);
	} else if (out.status) {
		error_set(im->err, out.status, NULL, "line %ld: %s", out.bad_line,
			  out.message);
		if (!im->fatal)
			im->fatal = out.status;
	}
	import_timing_mark(im->tm, "members inserted");
	return im->fatal;
}

int imp_member_row(struct imp *im, const struct table_row *row)
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
		size_t bt = im->res->nr_issues;
		imp_issue(im, line, "", "",
			  "the line is not valid UTF-8 text (save the file as UTF-8 or GB18030)");
		imp_tag(im, bt, "import_bad_encoding", NULL, 0);
		return 0;
	}
	if (!im->ids_decided && members_begin(im))
		return im->fatal;
	imp_row_values(im, row, v, bufs, MC_COUNT);
	person_init(&p);

	for (int c = 0; c < MC_COUNT; c++)
		if (v[c].len >= sizeof(bufs[c]) && mc[c].type != COL_IGNORED) {
		{
			size_t b0 = im->res->nr_issues;
			imp_issue(im, line, mc[c].zh, v[c].s, "the cell is too long");
			imp_tag1(im, b0, "too_long_bytes", "max", "511");
		}
			v[c].len = 0;
			bufs[c][0] = '\0';
		}

	if (!v[MC_NAME].len)
	{
		size_t b0 = im->res->nr_issues;
		imp_issue(im, line, mc[MC_NAME].zh, "", "required");
		imp_tag(im, b0, "required", NULL, 0);
	}
	else
		imp_text(im, line, &mc[MC_NAME], &v[MC_NAME], p.name, sizeof(p.name));

	if (v[MC_ID_NUMBER].len) {
		const struct cellv *c = &v[MC_ID_NUMBER];
		char reason[200];
		struct idcard_why why = { 0 };
		if (c->kind == CELL_NUMBER && !(c->len == 15 && strspn(c->s, "0123456789") == 15)) {
			size_t bt = im->res->nr_issues;
			imp_issue(im, line, mc[MC_ID_NUMBER].zh, c->s,
				  "the ID number is stored as a number and has lost digits: format the %s column as text and type the numbers again",
				  mc[MC_ID_NUMBER].zh);
			imp_tag1(im, bt, "id_number_as_number", "column", mc[MC_ID_NUMBER].zh);
		} else if (idcard_check_why(c->s, &info, reason, sizeof(reason), &why)) {
			size_t b0 = im->res->nr_issues;
			struct error_param ps[2];
			imp_issue(im, line, mc[MC_ID_NUMBER].zh, c->s, "%s", reason);
			for (int i = 0; i < why.nr; i++) {
				memcpy(ps[i].key, why.key[i], sizeof(ps[i].key));
				snprintf(ps[i].value, sizeof(ps[i].value), "%s", why.value[i]);
			}
			imp_tag(im, b0, why.code, ps, why.nr);
		} else {
			ok_id = 1;
			memcpy(p.id_number, info.normalized, sizeof(info.normalized));
			hashmap_prefetch(&im->ids, id_key(p.id_number));
		}
	}
	if (!imp_code(im, line, &mc[MC_SEX], &v[MC_SEX], &sex))
		p.sex = sex ? sex : ok_id ? info.sex : 0;
	if (!imp_date(im, line, &mc[MC_BIRTH], &v[MC_BIRTH], &d))
		p.birth_date = d != DATE_NONE ? d : ok_id ? info.birth_date : DATE_NONE;
	if (!imp_code(im, line, &mc[MC_ETHNICITY], &v[MC_ETHNICITY], &code))
		p.ethnicity = code;
	if (!imp_code(im, line, &mc[MC_EDUCATION], &v[MC_EDUCATION], &code))
		p.education = code;
	if (!imp_code(im, line, &mc[MC_OCCUPATION], &v[MC_OCCUPATION], &code))
		p.occupation = code;
	imp_text(im, line, &mc[MC_PHONE], &v[MC_PHONE], p.phone, sizeof(p.phone));
	imp_text(im, line, &mc[MC_ADDRESS], &v[MC_ADDRESS], p.address, sizeof(p.address));
	if (v[MC_ORG].len && resolve_member_org(im, line, &v[MC_ORG], &p.org_id) &&
	    im->fatal)
		return im->fatal;
	if (!imp_code(im, line, &mc[MC_STATUS], &v[MC_STATUS], &code))
		p.status = code;
	int *dates[] = { &p.applied, &p.activist, &p.target, &p.admitted, &p.full,
			 &p.exited };
	for (int k = 0; k < 6; k++)
		if (!imp_date(im, line, &mc[MC_APPLIED + k], &v[MC_APPLIED + k], &d))
			*dates[k] = d;

	/* The ID number must be new, in the file and in the database. */
	if (ok_id) {
		long long where = id_seen(im, p.id_number, line);
		size_t bt = im->res->nr_issues;
		char at[24];
		if (where > 0) {
			imp_issue(im, line, mc[MC_ID_NUMBER].zh, p.id_number,
				  "duplicate ID number: also on line %lld", where);
			snprintf(at, sizeof(at), "%lld", where);
			imp_tag1(im, bt, "duplicate_in_file", "line", at);
		} else if (where < 0) {
			imp_issue(im, line, mc[MC_ID_NUMBER].zh, p.id_number,
				  "the ID number is already in the database (person %lld)",
				  -where);
			imp_tag(im, bt, "id_number_in_database", NULL, 0);
		} else if (!im->ids_complete) {
			long long pid;
			import_pipe_lock(im->pipe);
			int rc = bulk_id_number_find(im->db, p.id_number, &pid, im->err);
			import_pipe_unlock(im->pipe);
			if (rc)
				return im->fatal = rc;
			if (pid) {
				imp_issue(im, line, mc[MC_ID_NUMBER].zh, p.id_number,
					  "the ID number is already in the database (person %lld)",
					  pid);
				imp_tag(im, bt, "id_number_in_database", NULL, 0);
			}
		}
	}

	if (im->res->nr_errors == before) {
		struct error e = ERROR_INIT;
		if (person_validate_known_id(&p, im->today, &im->rules, ok_id ? &info : NULL, &e)) {
			/* every field error of the row, each with its code */
			int n = e.nr_items ? e.nr_items : 1;
			for (int k = 0; k < n; k++) {
				const char *field = e.nr_items ? e.items[k].field : e.field;
				const char *label = import_member_label(field);
				const char *val = "";
				size_t b0 = im->res->nr_issues;
				for (int c = 0; c < MC_COUNT; c++)
					if (!strcmp(label, mc[c].zh))
						val = v[c].s;
				if (e.nr_items) {
					imp_issue(im, line, label, val, "%s", e.items[k].message);
					imp_tag(im, b0, e.items[k].code, e.items[k].params,
						e.items[k].nr_params);
				} else {
					imp_issue(im, line, label, val, "%s", e.message);
					imp_tag(im, b0, e.code, e.params, e.nr_params);
				}
			}
		}
	}
	if (im->res->nr_errors != before)
		return 0;
	im->res->members++;
	if (imp_writing(im) && !im->pipe && p.org_id < NEW_ORG_BASE) {
		/* no writer thread (it could not be started): insert here */
		struct error e = ERROR_INIT;
		int rc = bulk_person_insert(im->db, &p, im->batch, im->keys, &e);
		if (rc == ST_CONFLICT || rc == ST_INVALID) {
			size_t b0 = im->res->nr_issues;
			imp_issue(im, line, "", "", "%s", e.message);
			imp_tag(im, b0, e.code, e.params, e.nr_params);
		} else if (rc) {
			error_set(im->err, rc, NULL, "line %ld: %s", line, e.message);
			return im->fatal = rc;
		} else {
			if (!im->first_id)
				im->first_id = p.id;
			im->last_id = p.id;
			im->inserted++;
		}
	} else if (imp_writing(im) && p.org_id < NEW_ORG_BASE &&
		   !import_pipe_failed(im->pipe)) {
		import_pipe_put(im->pipe, &p, line);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Organizations.                                                       */

int imp_org_row(struct imp *im, const struct table_row *row)
{
	struct cellv v[OC_COUNT];
	char bufs[OC_COUNT][512];
	const struct import_column *oc = org_columns;
	long long before = im->res->nr_errors;
	long line = row->line;
	struct org_row *r;
	int code, d;

	if (row->bad_encoding) {
		size_t bt = im->res->nr_issues;
		imp_issue(im, line, "", "",
			  "the line is not valid UTF-8 text (save the file as UTF-8 or GB18030)");
		imp_tag(im, bt, "import_bad_encoding", NULL, 0);
		return 0;
	}
	imp_row_values(im, row, v, bufs, OC_COUNT);
	ALLOC_GROW(im->orgs, im->nr_orgs + 1, im->alloc_orgs);
	r = &im->orgs[im->nr_orgs++];
	memset(r, 0, sizeof(*r));
	org_init(&r->o);
	r->line = line;
	r->parent_idx = -1;

	for (int c = 0; c < OC_COUNT; c++)
		if (v[c].len >= sizeof(bufs[c])) {
			size_t bt = im->res->nr_issues;
			imp_issue(im, line, oc[c].zh, v[c].s, "the cell is too long");
			imp_tag1(im, bt, "too_long_bytes", "max", "511");
			v[c].len = 0;
			bufs[c][0] = '\0';
		}
	if (!v[OC_CODE].len)
	{
		size_t b0 = im->res->nr_issues;
		imp_issue(im, line, oc[OC_CODE].zh, "", "required");
		imp_tag(im, b0, "required", NULL, 0);
	}
	else
		imp_text(im, line, &oc[OC_CODE], &v[OC_CODE], r->o.code, sizeof(r->o.code));
	if (!v[OC_NAME].len)
	{
		size_t b0 = im->res->nr_issues;
		imp_issue(im, line, oc[OC_NAME].zh, "", "required");
		imp_tag(im, b0, "required", NULL, 0);
	}
	else
		imp_text(im, line, &oc[OC_NAME], &v[OC_NAME], r->o.name, sizeof(r->o.name));
	if (!imp_code(im, line, &oc[OC_KIND], &v[OC_KIND], &code))
		r->o.kind = code;
	imp_text(im, line, &oc[OC_PARENT], &v[OC_PARENT], r->parent, sizeof(r->parent));
	if (!imp_code(im, line, &oc[OC_SECTOR], &v[OC_SECTOR], &code))
		r->o.sector = code;
	imp_text(im, line, &oc[OC_DIVISION], &v[OC_DIVISION], r->o.division,
		 sizeof(r->o.division));
	if (!imp_date(im, line, &oc[OC_ESTABLISHED], &v[OC_ESTABLISHED], &d)) {
		r->o.established = d;
		if (d == DATE_NONE)
		{
			size_t b0 = im->res->nr_issues;
			imp_issue(im, line, oc[OC_ESTABLISHED].zh, "", "required");
			imp_tag(im, b0, "required", NULL, 0);
		}
	}
	imp_text(im, line, &oc[OC_PURPOSE], &v[OC_PURPOSE], r->o.purpose,
		 sizeof(r->o.purpose));
	if (!imp_date(im, line, &oc[OC_END_DATE], &v[OC_END_DATE], &d))
		r->o.end_date = d;
	imp_text(im, line, &oc[OC_LABEL], &v[OC_LABEL], r->o.label, sizeof(r->o.label));
	if (!imp_date(im, line, &oc[OC_TERM_START], &v[OC_TERM_START], &d))
		r->o.term_start = d;
	if (v[OC_TERM_YEARS].len) {
		char *end;
		long y = strtol(v[OC_TERM_YEARS].s, &end, 10);
		if (*end || y < 0 || y > 10) {
			size_t bt = im->res->nr_issues;
			struct error_param ps[2] = { { "min", "0" }, { "max", "10" } };
			imp_issue(im, line, oc[OC_TERM_YEARS].zh, v[OC_TERM_YEARS].s,
				  "expected a whole number of years from 0 to 10");
			imp_tag(im, bt, "out_of_range", ps, 2);
		} else
			r->o.term_years = (int)y;
	}
	if (im->res->nr_errors == before) {
		struct error e = ERROR_INIT;
		if (org_validate(&r->o, im->today, &e)) {
			const char *label = import_org_label(e.field);
			const char *val = "";
			for (int c = 0; c < OC_COUNT; c++)
				if (!strcmp(label, oc[c].zh))
					val = v[c].s;
			size_t b0 = im->res->nr_issues;
			imp_issue(im, line, label, val, "%s", e.message);
			imp_tag(im, b0, e.code, e.params, e.nr_params);
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

int imp_orgs_finish(struct imp *im)
{
	struct hashmap codes = HASHMAP_STRING_INIT;   /* code -> index in im->orgs */
	size_t first_issue = im->res->nr_issues;
	size_t n = im->nr_orgs;
	long *stack = NULL;
	int rc = ST_OK, maxdepth = 0;

	/* duplicates within the file, and codes already stored */
	for (size_t i = 0; i < n; i++) {
		struct org_row *r = &im->orgs[i];
		if (!r->o.code[0])
			continue;
		int added;
		long long *first = hashmap_put_str(&codes, r->o.code, &added);
		if (!added) {
			size_t bt = im->res->nr_issues;
			char at[24];
			imp_issue(im, r->line, org_columns[OC_CODE].zh, r->o.code,
				  "duplicate organization code: also on line %ld",
				  im->orgs[*first].line);
			snprintf(at, sizeof(at), "%ld", im->orgs[*first].line);
			imp_tag1(im, bt, "duplicate_in_file", "line", at);
			r->bad = 1;
			continue;
		}
		*first = (long long)i;
		struct org o;
		struct error e = ERROR_INIT;
		int s = org_store_get_by_code(im->db, r->o.code, &o, &e);
		if (s == ST_OK) {
			size_t bt = im->res->nr_issues;
			imp_issue(im, r->line, org_columns[OC_CODE].zh, r->o.code,
				  "the organization code already exists in the database");
			imp_tag1(im, bt, "duplicate_code", "code", r->o.code);
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
		long long *parent = hashmap_get_str(&codes, r->parent);
		if (parent) {
			r->parent_idx = (long)*parent;
			continue;
		}
		struct org o;
		struct error e = ERROR_INIT;
		int s = org_store_get_by_code(im->db, r->parent, &o, &e);
		if (s == ST_OK) {
			if (o.dissolved != DATE_NONE) {
				size_t bt = im->res->nr_issues;
				imp_issue(im, r->line, org_columns[OC_PARENT].zh, r->parent,
					  "the parent organization is dissolved");
				imp_tag1(im, bt, "org_dissolved", "org", r->parent);
				r->bad = 1;
			}
			r->o.parent_id = o.id;
		} else if (s == ST_NOT_FOUND) {
			size_t bt = im->res->nr_issues;
			imp_issue(im, r->line, org_columns[OC_PARENT].zh, r->parent,
				  "unknown parent organization (no such code in the database or in this file)");
			imp_tag1(im, bt, "import_unknown_org", "code", r->parent);
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
				size_t bt = im->res->nr_issues;
				imp_issue(im, c->line, org_columns[OC_PARENT].zh, c->parent,
					  "parent cycle: %s", path.buf);
				imp_tag1(im, bt, "import_parent_cycle", "path", path.buf);
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
			if (imp_writing(im) && !r->bad) {
				struct error e = ERROR_INIT;
				int s = org_create_tx(im->db, &r->o, im->opt->actor, NULL, &e);
				if (s == ST_INVALID || s == ST_CONFLICT || s == ST_NOT_FOUND) {
					size_t b0 = im->res->nr_issues;
					imp_issue(im, r->line, import_org_label(e.field), "",
						  "%s", e.message);
					imp_tag(im, b0, e.code, e.params, e.nr_params);
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
			struct org_ref *ref = org_ref_find(im, r->o.code, 1);
			ref->id = r->o.id;
			ref->state = REF_NEW;
		}
	}
out:
	free(stack);
	hashmap_release(&codes);
	return rc;
}

