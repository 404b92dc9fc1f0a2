/*
 * cmd-member.c - 'orgwork member': people and members from the command line.
 *
 *   member add --name N --sex S --ethnicity E --education E --occupation O
 *              [--id-number ID] [--birth-date D] [--phone P] [--address A]
 *              [--org X --status S --applied D --activist D --target D
 *               --admitted D --full D --exited D] [--ref R]
 *   member show ID [--reveal]
 *   member list --org X [--subtree] [--status S] [--limit N] [--cursor C]
 *   member search QUERY [--org X] [--limit N]
 *   member edit ID [identity options as for add] [--org X] [--flag [+-]NAME]
 *               [--clear F] [--ref R]
 *   member end ID --kind K --date D --ref R --by X
 *   member correct ID --field F --value V [--field F --value V ...] --reason TEXT [--ref R]
 *   member timeline ID
 *   member step ID STEP --date D [--field K=V ...], member steps ID
 *              (cmd-member-steps.c)
 *   member standing ID [ACT ...], member discipline ID [KIND ...]
 *              (cmd-member-standing.c)
 * edit refuses --status and the key dates: an ending is `member end`, a
 * wrongly recorded status or date `member correct` (ops/member-ops.h).
 * Writes go through ops/member-ops.c. Records are masked through
 * ops/privacy.h unless --reveal, which is a reveal like the API's: its
 * access-log row (ops/audit.h) is committed before the record is printed.
 * The table subs[] below is the index: one row per subcommand, whose
 * handler run_<name>() parses its options (start()) and prints the result.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "cmd/options.h"
#include "core/date.h"
#include "json/codec.h"
#include "model/codes.h"
#include "ops/audit.h"
#include "ops/member-ops.h"
#include "ops/org-ops.h"
#include "ops/privacy.h"
#include "core/xalloc.h"
#include "store/person-store.h"
#include "store/transfer-store.h"

static int run_add(int argc, char **argv, struct cmd_ctx *ctx);
static int run_show(int argc, char **argv, struct cmd_ctx *ctx);
static int run_list(int argc, char **argv, struct cmd_ctx *ctx);
static int run_search(int argc, char **argv, struct cmd_ctx *ctx);
static int run_edit(int argc, char **argv, struct cmd_ctx *ctx);
static int run_end(int argc, char **argv, struct cmd_ctx *ctx);
static int run_correct(int argc, char **argv, struct cmd_ctx *ctx);
static int run_timeline(int argc, char **argv, struct cmd_ctx *ctx);

static const struct subcmd subs[] = {
	{ "add", run_add, CMD_NEEDS_DB, "register a person (and membership); prints the id",
	  "orgwork member add --name N --sex S --ethnicity E --education E\n"
	  "                          --occupation O [--id-number ID|-] [--birth-date D]\n"
	  "                          [--phone P] [--address A] [--org X --status S\n"
	  "                          --applied D --activist D --target D --admitted D\n"
	  "                          --full D --exited D] [--ref R]\n" },
	{ "show", run_show, CMD_NEEDS_DB, "one record; identifiers masked unless --reveal",
	  "orgwork member show ID [--reveal]\n" },
	{ "list", run_list, CMD_NEEDS_DB, "the people of an organization in pinyin order",
	  "orgwork member list --org X [--subtree] [--status S] [--limit N] [--cursor C]\n"
	  "       orgwork member list --org X --as-of DATE [--status S]\n"
	  "  (--as-of: the people whose organization on DATE was X, by the dated\n"
	  "   history of transfers, with their status on that day)\n" },
	{ "search", run_search, CMD_NEEDS_DB, "people by Hanzi, pinyin, initials or ID number",
	  "orgwork member search QUERY [--org X] [--limit N]\n" },
	{ "edit", run_edit, CMD_NEEDS_DB, "change a record; each change becomes a timeline event",
	  "orgwork member edit ID [identity options of add] [--org X]\n"
	  "                           [--flag +NAME|-NAME] [--clear id-number|phone|address]\n"
	  "                           [--ref R]\n"
	  "  (status and key dates are not edited: see member end, member correct)\n" },
	{ "end", run_end, CMD_NEEDS_DB, "end a membership: withdrawal, removal, expulsion, death",
	  "orgwork member end ID --kind withdrawal|removal|expulsion|death --date D\n"
	  "                          --ref R --by X\n"
	  "  (--ref, the decision reference, may be left out for a death; X: the\n"
	  "   deciding organization, the member's own or one above it)\n" },
	{ "correct", run_correct, CMD_NEEDS_DB, "correct a wrongly recorded status or key date",
	  "orgwork member correct ID --field F --value V [--field F --value V ...]\n"
	  "                              --reason TEXT [--ref R]\n"
	  "  (F: status applied activist target admitted full exited; V \"\" clears a\n"
	  "   date; a status corrected away from an ending reinstates the member)\n" },
	{ "timeline", run_timeline, CMD_NEEDS_DB, "key dates and recorded events in date order",
	  "orgwork member timeline ID\n" },
	{ "step", cmd_member_step, CMD_NEEDS_DB, "record a step of a member's development",
	  "orgwork member step ID STEP --date D [--field KEY=VALUE ...]\n"
	  "  (STEP: application talk activist target sponsors political_review\n"
	  "   training pre_review publicity branch_vote approval oath conversion_vote\n"
	  "   conversion_approval probation_extension probation_cancelled;\n"
	  "   the fields of each step: docs/development.md)\n" },
	{ "steps", cmd_member_steps, CMD_NEEDS_DB, "the recorded development steps of a member",
	  "orgwork member steps ID\n" },
	{ "register", cmd_member_register, CMD_NEEDS_DB,
	  "the development register of a subtree: the pipeline, each next step due",
	  "orgwork member register --org X [--as-of D] [--stage S] [--overdue]\n"
	  "                               [--sort due|stage|name|org] [--desc] [--limit N]\n"
	  "                               [--cursor C] [--format json|csv]\n"
	  "  (S: applicant activist target probationary; the rules of each next step:\n"
	  "   docs/development.md)\n" },
	{ "standing", cmd_member_standing, CMD_NEEDS_DB,
	  "lost contact, floating membership, stopped party standing: list or record",
	  "orgwork member standing ID [ACT --date D [options]]\n"
	  "  lost-contact --date D --search TEXT      (the search made)\n"
	  "  contact-regained --date D [--note TEXT]\n"
	  "  floating --date D --place TEXT --host X  (X: the organization taking them in)\n"
	  "  floating-end --date D [--note TEXT]\n"
	  "  stop --date D --reason TEXT --by X [--ref R]\n"
	  "  restore --date D --by X [--ref R] [--note TEXT]\n"
	  "  (without ACT: the records; X of --by: the member's organization or above)\n" },
	{ "discipline", cmd_member_discipline, CMD_NEEDS_DB,
	  "disciplinary sanctions: list or record (expulsion ends the membership)",
	  "orgwork member discipline ID [KIND --date D --ref R --by X [--years N]]\n"
	  "  KIND: warning serious-warning removal probation expulsion\n"
	  "  (--years 1 or 2 for probation within the party; without KIND: the sanctions)\n" },
	{ NULL, NULL, 0, NULL, NULL },
};

const struct subcmd_table cmd_member_table = {
	subs,
	"S (status): applicant activist target probationary full withdrawn expelled deceased.\n"
	"Coded values accept the code, the key or the Chinese label (男, 汉族, 大学本科).\n"
	"Flags: lost_contact floating suspended. QUERY: Hanzi, pinyin, initials or ID number.\n",
};

enum {
	O_NAME, O_SEX, O_ETHNICITY, O_EDUCATION, O_OCCUPATION, O_ID_NUMBER,
	O_BIRTH, O_PHONE, O_ADDRESS, O_ORG, O_STATUS, O_APPLIED, O_ACTIVIST,
	O_TARGET, O_ADMITTED, O_FULL, O_EXITED, O_REF, O_REVEAL, O_SUBTREE,
	O_LIMIT, O_CURSOR, O_FLAG, O_CLEAR, O_KIND, O_DATE, O_BY, O_FIELD,
	O_VALUE, O_REASON, O_AS_OF,
};

static const struct opt_spec specs[] = {
	{ "name", 1, O_NAME }, { "sex", 1, O_SEX }, { "ethnicity", 1, O_ETHNICITY },
	{ "education", 1, O_EDUCATION }, { "occupation", 1, O_OCCUPATION },
	{ "id-number", 1, O_ID_NUMBER }, { "birth-date", 1, O_BIRTH },
	{ "phone", 1, O_PHONE }, { "address", 1, O_ADDRESS }, { "org", 1, O_ORG },
	{ "status", 1, O_STATUS }, { "applied", 1, O_APPLIED },
	{ "activist", 1, O_ACTIVIST }, { "target", 1, O_TARGET },
	{ "admitted", 1, O_ADMITTED }, { "full", 1, O_FULL },
	{ "exited", 1, O_EXITED }, { "ref", 1, O_REF }, { "reveal", 0, O_REVEAL },
	{ "subtree", 0, O_SUBTREE }, { "limit", 1, O_LIMIT },
	{ "cursor", 1, O_CURSOR }, { "flag", 1, O_FLAG }, { "clear", 1, O_CLEAR },
	{ "kind", 1, O_KIND }, { "date", 1, O_DATE }, { "by", 1, O_BY },
	{ "field", 1, O_FIELD }, { "value", 1, O_VALUE }, { "reason", 1, O_REASON },
	{ "as-of", 1, O_AS_OF },
	{ NULL, 0, 0 },
};

/* Options are applied in order onto a record (a new one, or the stored one for edit). */
struct member_args {
	struct cmd_ctx *ctx;
	struct person p;
	const char *org, *ref, *cursor;
	const char *kind, *date, *by, *reason;   /* end, correct */
	const char *as_of;                       /* list --as-of */
	struct member_fix fixes[MEMBER_FIXES_MAX];   /* correct: --field/--value pairs */
	size_t nr_fields, nr_values;
	long long id;     /* show, edit, timeline: the person id argument */
	int reveal, subtree, limit, status_filter;
	unsigned seen;
	json_t *out;
};

static int set_date(const char *name, const char *v, int *out, struct error *err)
{
	if (!*v) {
		*out = DATE_NONE;
		return ST_OK;
	}
	if (date_parse(v, out))
		return error_set(err, ST_INVALID, name, "'%s' is not a date (YYYY-MM-DD)", v);
	return ST_OK;
}

static int set_code(const char *name, const struct code_table *t, const char *v,
		    int *out, struct error *err)
{
	const struct code_entry *e = code_parse(t, v);

	if (!e)
		return error_set(err, ST_INVALID, name, "unknown %s '%s'", t->name, v);
	*out = e->code;
	return ST_OK;
}

static int flag_bit(const char *name)
{
	if (!strcmp(name, "lost_contact"))
		return MF_LOST_CONTACT;
	if (!strcmp(name, "floating"))
		return MF_FLOATING;
	if (!strcmp(name, "suspended"))
		return MF_SUSPENDED;
	return 0;
}

/*
 * --id-number -: the ID number is the first line of standard input (as
 * passwords are read), so that it never shows in the process list. A line
 * longer than any ID number is refused, not cut.
 */
static int id_number_from_stdin(struct person *p, struct error *err)
{
	char line[64];
	size_t n;
	int rc;

	if (!fgets(line, sizeof(line), stdin))
		return error_set(err, ST_INVALID, "id-number",
				 "--id-number -: no ID number on standard input");
	n = strcspn(line, "\r\n");
	if (n == strlen(line) && !feof(stdin))
		return error_set(err, ST_TOO_BIG, "id-number",
				 "--id-number -: the line on standard input is too long");
	line[n] = '\0';
	rc = person_set_text(p, PERSON_TEXT_ID_NUMBER, line, err);
	explicit_bzero(line, sizeof(line));
	return rc;
}

static int on_opt(int id, const char *name, const char *v, void *vctx,
		  struct error *err)
{
	struct member_args *a = vctx;
	struct person *p = &a->p;
	char *end;
	long n;

	a->seen |= 1u << id;
	switch (id) {
	case O_NAME: return person_set_text(p, PERSON_TEXT_NAME, v, err);
	case O_SEX: return set_code(name, &code_sex, v, &p->sex, err);
	case O_ETHNICITY: return set_code(name, &code_ethnicity, v, &p->ethnicity, err);
	case O_EDUCATION: return set_code(name, &code_education, v, &p->education, err);
	case O_OCCUPATION: return set_code(name, &code_occupation, v, &p->occupation, err);
	case O_ID_NUMBER:
		if (!strcmp(v, "-"))
			return id_number_from_stdin(p, err);
		return person_set_text(p, PERSON_TEXT_ID_NUMBER, v, err);
	case O_BIRTH: return set_date(name, v, &p->birth_date, err);
	case O_PHONE: return person_set_text(p, PERSON_TEXT_PHONE, v, err);
	case O_ADDRESS: return person_set_text(p, PERSON_TEXT_ADDRESS, v, err);
	case O_ORG: a->org = v; break;
	case O_STATUS:
		if (!*v) {
			p->status = 0;
			return ST_OK;
		}
		return set_code(name, &code_member_status, v, &p->status, err);
	case O_APPLIED: return set_date(name, v, &p->applied, err);
	case O_ACTIVIST: return set_date(name, v, &p->activist, err);
	case O_TARGET: return set_date(name, v, &p->target, err);
	case O_ADMITTED: return set_date(name, v, &p->admitted, err);
	case O_FULL: return set_date(name, v, &p->full, err);
	case O_EXITED: return set_date(name, v, &p->exited, err);
	case O_REF: a->ref = v; break;
	case O_KIND: a->kind = v; break;
	case O_DATE: a->date = v; break;
	case O_BY: a->by = v; break;
	case O_FIELD:
		if (a->nr_fields == MEMBER_FIXES_MAX)
			return error_set(err, ST_INVALID, name, "at most %d fields in one correction",
					 MEMBER_FIXES_MAX);
		a->fixes[a->nr_fields++].field = v;
		break;
	case O_VALUE:
		if (a->nr_values == a->nr_fields)
			return error_set(err, ST_INVALID, name, "--value comes after its --field");
		a->fixes[a->nr_values++].value = v;
		break;
	case O_REASON: a->reason = v; break;
	case O_AS_OF: a->as_of = v; break;
	case O_REVEAL: a->reveal = 1; break;
	case O_SUBTREE: a->subtree = 1; break;
	case O_CURSOR: a->cursor = v; break;
	case O_LIMIT:
		errno = 0;
		n = strtol(v, &end, 10);
		if (errno || *end || n < 1 || n > 1000)
			return error_set(err, ST_INVALID, name, "limit must be 1..1000");
		a->limit = (int)n;
		break;
	case O_FLAG: {
		int bit = flag_bit(v[0] == '+' || v[0] == '-' ? v + 1 : v);
		if (!bit)
			return error_set(err, ST_INVALID, name,
					 "unknown flag '%s' (lost_contact, floating, suspended)", v);
		if (v[0] == '-')
			p->flags &= ~bit;
		else
			p->flags |= bit;
		break;
	}
	case O_CLEAR:
		if (!strcmp(v, "id-number"))
			p->id_number[0] = '\0';
		else if (!strcmp(v, "phone"))
			p->phone[0] = '\0';
		else if (!strcmp(v, "address"))
			p->address[0] = '\0';
		else
			return error_set(err, ST_INVALID, name,
					 "--clear takes id-number, phone or address");
		break;
	}
	return ST_OK;
}

/* p as given (masked or revealed by the caller). */
static void print_person_text(const struct person *p)
{
	char d[DATE_STR_SIZE];
	const struct code_entry *e;

	printf("id:         %lld\n", p->id);
	printf("name:       %s (%s)\n", p->name, p->pinyin);
	e = code_by_code(&code_sex, p->sex);
	printf("sex:        %s\n", e ? e->zh : "?");
	printf("birth date: %s\n", date_format(p->birth_date, d));
	e = code_by_code(&code_ethnicity, p->ethnicity);
	printf("ethnicity:  %s\n", e ? e->zh : "?");
	e = code_by_code(&code_education, p->education);
	printf("education:  %s\n", e ? e->zh : "?");
	e = code_by_code(&code_occupation, p->occupation);
	printf("occupation: %s\n", e ? e->zh : "?");
	if (p->id_number[0])
		printf("ID number:  %s\n", p->id_number);
	if (p->phone[0])
		printf("phone:      %s\n", p->phone);
	if (p->address[0])
		printf("address:    %s\n", p->address);
	if (p->status) {
		e = code_by_code(&code_member_status, p->status);
		printf("status:     %s (%s)\n", e ? e->key : "?", e ? e->zh : "?");
		printf("org:        %lld\n", p->org_id);
		if (p->flags)
			printf("flags:     %s%s%s\n",
			       p->flags & MF_LOST_CONTACT ? " lost_contact" : "",
			       p->flags & MF_FLOATING ? " floating" : "",
			       p->flags & MF_SUSPENDED ? " suspended" : "");
		const struct {
			const char *label;
			int day;
		} dates[] = {
			{ "applied:    ", p->applied }, { "activist:   ", p->activist },
			{ "target:     ", p->target }, { "admitted:   ", p->admitted },
			{ "full:       ", p->full }, { "exited:     ", p->exited },
		};
		for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++)
			if (dates[i].day != DATE_NONE)
				printf("%s%s\n", dates[i].label, date_format(dates[i].day, d));
	}
}

/*
 * Prints the record of a: masked, or with --reveal clear after the reveal's
 * access-log row is committed (nothing is printed when that fails).
 */
static int show_person(struct member_args *a, struct error *err)
{
	int rc;

	if (a->reveal) {
		if ((rc = access_log_reveal(a->ctx->db, cmd_actor(), a->p.id, err)))
			return rc;
	} else {
		privacy_mask_person(&a->p);
	}
	if (a->ctx->format == FORMAT_JSON)
		cmd_print_json(person_to_json(&a->p));
	else
		print_person_text(&a->p);
	return ST_OK;
}

static int list_visit(const struct person *p, void *ctx)
{
	struct member_args *a = ctx;
	char d[DATE_STR_SIZE];
	const struct code_entry *st = code_by_code(&code_member_status, p->status);

	if (a->ctx->format == FORMAT_JSON) {
		struct person m = *p;
		privacy_mask_person(&m);
		json_array_append_new(a->out, person_to_json(&m));
		return 0;
	}
	printf("%lld\t%s\t%s\t%s\t%s\n", p->id, p->name, p->pinyin,
	       st ? st->zh : "-", date_format(p->admitted, d));
	return 0;
}

/* member list --as-of: the people of one organization on a past day. */
struct as_of_list {
	struct member_args *a;
	struct person *p;
	size_t n, alloc;
	int day;
	struct error *err;
	int rc;
};

static int keep_person(long long id, void *ctx)
{
	struct as_of_list *l = ctx;
	struct person p;

	if ((l->rc = person_store_get(l->a->ctx->db, id, &p, l->err)))
		return 1;
	if (!person_status_on(&p, l->day))
		return 0;   /* no record of them yet on that day */
	ALLOC_GROW(l->p, l->n + 1, l->alloc);
	l->p[l->n++] = p;
	return 0;
}

static int by_pinyin(const void *x, const void *y)
{
	const struct person *a = x, *b = y;
	int c = strcmp(a->pinyin, b->pinyin);

	return c ? c : (a->id > b->id) - (a->id < b->id);
}

static int do_list_as_of(struct member_args *a, struct error *err)
{
	struct as_of_list l = { a, NULL, 0, 0, DATE_NONE, err, ST_OK };
	int rc;

	if (date_parse(a->as_of, &l.day))
		return error_setc(err, ST_INVALID, "as_of", "invalid_date",
				  "'%.40s' is not a date (YYYY-MM-DD)", a->as_of);
	if (a->subtree)
		return error_setc(err, ST_INVALID, "as_of", "as_of_subtree",
				  "--as-of lists one organization (no --subtree)");
	rc = member_org_store_on(a->ctx->db, a->p.org_id, l.day, keep_person, &l, err);
	if (!rc)
		rc = l.rc;
	if (!rc) {
		if (l.n)
			qsort(l.p, l.n, sizeof(*l.p), by_pinyin);
		a->out = json_array();
		for (size_t i = 0; i < l.n; i++) {
			l.p[i].status = person_status_on(&l.p[i], l.day);
			if (a->status_filter && l.p[i].status != a->status_filter)
				continue;
			l.p[i].org_id = a->p.org_id;
			list_visit(&l.p[i], a);
		}
		if (a->ctx->format == FORMAT_JSON)
			cmd_print_json(json_pack("{s:O,s:n}", "items", a->out, "next_cursor"));
		json_decref(a->out);
	}
	free(l.p);
	return rc;
}

static int resolve_org(struct member_args *a, struct error *err)
{
	struct org o;
	int rc;

	if (!a->org)
		return ST_OK;
	if ((rc = org_resolve(a->ctx->db, a->org, &o, err)))
		return rc;
	a->p.org_id = o.id;
	return ST_OK;
}

static int do_list(struct member_args *a, const char *text, struct error *err)
{
	struct person_query q = { .org_id = a->p.org_id, .subtree = a->subtree || text,
				  .text = text, .status = a->status_filter,
				  .after = a->cursor, .limit = a->limit };
	char next[CURSOR_SIZE];
	int rc;

	a->out = json_array();
	rc = person_store_list(a->ctx->db, &q, list_visit, a, next, err);
	if (!rc) {
		if (a->ctx->format == FORMAT_JSON) {
			json_t *j = json_object();
			json_object_set(j, "items", a->out);
			json_object_set_new(j, "next_cursor",
					    next[0] ? json_string(next) : json_null());
			cmd_print_json(j);
		} else if (next[0]) {
			printf("# more: --cursor %s\n", next);
		}
	}
	json_decref(a->out);
	return rc;
}

/*
 * Parses the options of a member subcommand (argv[0] is its name) onto a
 * fresh *a. With_id: argv[1] is a person id, whose stored record becomes
 * a->p (edit applies the options onto it). Expects min..max positional
 * arguments after that (in *res). EXIT_OK, or the exit code of a usage error
 * or a failure (reported).
 */
static int start(int argc, char **argv, struct cmd_ctx *ctx, int with_id, int min,
		 int max, struct member_args *a, struct opts_result *res)
{
	struct error err = ERROR_INIT;
	int rc;

	memset(a, 0, sizeof(*a));
	a->ctx = ctx;
	a->limit = 50;
	person_init(&a->p);
	if (with_id) {
		if (argc < 2 || (a->id = cmd_parse_id(argv[1])) < 0) {
			fprintf(stderr, "orgwork: member %s needs a numeric person id\n", argv[0]);
			return subcmd_usage(ctx);
		}
		if (person_store_get(ctx->db, a->id, &a->p, &err))
			return cmd_report(&err);
		argc--;
		argv++;
	}
	if ((rc = opts_parse(argc, argv, specs, on_opt, a, res, &err))) {
		cmd_report(&err);
		return rc == ST_UNSUPPORTED ? subcmd_usage(ctx) : EXIT_FAIL;
	}
	if (res->nr_positional < min || res->nr_positional > max)
		return subcmd_usage(ctx);
	return EXIT_OK;
}

static int run_add(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct {
		int opt;
		const char *name;
	} required[] = {
		{ O_NAME, "--name" }, { O_SEX, "--sex" },
		{ O_ETHNICITY, "--ethnicity" }, { O_EDUCATION, "--education" },
		{ O_OCCUPATION, "--occupation" },
	};
	struct error err = ERROR_INIT;
	struct member_args a;
	struct opts_result res;
	int rc;

	if ((rc = start(argc, argv, ctx, 0, 0, 0, &a, &res)))
		return rc;
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!(a.seen & (1u << required[i].opt))) {
			fprintf(stderr, "orgwork: member add needs %s\n", required[i].name);
			return subcmd_usage(ctx);
		}
	if ((rc = resolve_org(&a, &err)))
		return cmd_report(&err);
	if ((rc = member_create(ctx->db, &a.p, cmd_actor(), a.ref, &err))) {
		/* the command line has the whole tree in scope */
		member_explain_conflict(ctx->db, NULL, a.p.id_number, &err);
		return cmd_report(&err);
	}
	if (ctx->format != FORMAT_JSON)
		printf("%lld\n", a.p.id);
	else if ((rc = show_person(&a, &err)))
		return cmd_report(&err);
	return EXIT_OK;
}

/* The options of add that edit refuses: status and key dates. */
static const struct {
	int opt;
	const char *name;
} not_edited[] = {
	{ O_STATUS, "--status" }, { O_APPLIED, "--applied" },
	{ O_ACTIVIST, "--activist" }, { O_TARGET, "--target" },
	{ O_ADMITTED, "--admitted" }, { O_FULL, "--full" }, { O_EXITED, "--exited" },
};

static int run_edit(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct member_args a;
	struct opts_result res;
	int rc;

	if ((rc = start(argc, argv, ctx, 1, 0, 0, &a, &res)))
		return rc;
	for (size_t i = 0; i < sizeof(not_edited) / sizeof(not_edited[0]); i++)
		if (a.seen & (1u << not_edited[i].opt)) {
			error_set(&err, ST_INVALID, not_edited[i].name + 2,
				  "member edit does not change %s: an ending is recorded by"
				  " 'member end', a wrongly recorded status or date by"
				  " 'member correct ID --field %s --value V --reason TEXT'",
				  not_edited[i].name, not_edited[i].name + 2);
			return cmd_report(&err);
		}
	if ((rc = resolve_org(&a, &err)))
		return cmd_report(&err);
	if ((rc = member_update(ctx->db, &a.p, cmd_actor(), a.ref, &err))) {
		/* the command line has the whole tree in scope */
		member_explain_conflict(ctx->db, NULL, a.p.id_number, &err);
		return cmd_report(&err);
	}
	if (ctx->format != FORMAT_JSON)
		printf("updated %lld\n", a.p.id);
	else if ((rc = show_person(&a, &err)))
		return cmd_report(&err);
	return EXIT_OK;
}

/* Prints the record after an act: "<word> ID", or the masked record as JSON. */
static int act_done(struct member_args *a, const char *word)
{
	struct error err = ERROR_INIT;

	if (a->ctx->format != FORMAT_JSON) {
		printf("%s %lld\n", word, a->id);
		return EXIT_OK;
	}
	if (person_store_get(a->ctx->db, a->id, &a->p, &err) || show_person(a, &err))
		return cmd_report(&err);
	return EXIT_OK;
}

static int run_end(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct member_end e = { 0, DATE_NONE, NULL, 0 };
	struct member_args a;
	struct opts_result res;
	struct org by;
	int rc;

	if ((rc = start(argc, argv, ctx, 1, 0, 0, &a, &res)))
		return rc;
	if (!a.kind || !a.date || !a.by) {
		fprintf(stderr, "orgwork: member end needs --kind, --date and --by\n");
		return subcmd_usage(ctx);
	}
	if (!(e.kind = member_end_kind_parse(a.kind))) {
		error_set(&err, ST_INVALID, "kind", "--kind is withdrawal, removal,"
			  " expulsion or death, not '%.40s'", a.kind);
		return cmd_report(&err);
	}
	if ((rc = set_date("date", a.date, &e.date, &err)))
		return cmd_report(&err);
	if ((rc = org_resolve(ctx->db, a.by, &by, &err))) {
		snprintf(err.field, sizeof(err.field), "by");
		return cmd_report(&err);
	}
	e.by_org_id = by.id;
	e.reference = a.ref;
	if ((rc = member_end(ctx->db, a.id, &e, cmd_actor(), &err)))
		return cmd_report(&err);
	return act_done(&a, "ended");
}

static int run_correct(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct member_args a;
	struct opts_result res;
	int rc;

	if ((rc = start(argc, argv, ctx, 1, 0, 0, &a, &res)))
		return rc;
	if (!a.nr_fields || a.nr_values != a.nr_fields || !a.reason) {
		fprintf(stderr, "orgwork: member correct needs --field F --value V"
			" (one or more pairs) and --reason\n");
		return subcmd_usage(ctx);
	}
	if ((rc = member_correct(ctx->db, a.id, a.fixes, a.nr_fields, a.reason, a.ref,
				 cmd_actor(), NULL, &err)))
		return cmd_report(&err);
	return act_done(&a, "corrected");
}

static int run_show(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct member_args a;
	struct opts_result res;
	int rc;

	if ((rc = start(argc, argv, ctx, 1, 0, 0, &a, &res)))
		return rc;
	return show_person(&a, &err) ? cmd_report(&err) : EXIT_OK;
}

static int run_timeline(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct cmd_events ev;
	struct member_args a;
	struct opts_result res;
	int rc;

	if ((rc = start(argc, argv, ctx, 1, 0, 0, &a, &res)))
		return rc;
	cmd_events_init(&ev, ctx->format);
	rc = member_timeline(ctx->db, a.id, cmd_event_print, &ev, &err);
	cmd_events_finish(&ev, rc);
	return rc ? cmd_report(&err) : EXIT_OK;
}

/* member list --org X, member search QUERY [--org X] */
static int list_or_search(int argc, char **argv, struct cmd_ctx *ctx, int search)
{
	struct error err = ERROR_INIT;
	struct member_args a;
	struct opts_result res;
	const char *text = NULL;
	int rc;

	if ((rc = start(argc, argv, ctx, 0, search, search, &a, &res)))
		return rc;
	if (search) {
		text = res.positional[0];
	} else if (!a.org) {
		fprintf(stderr, "orgwork: member list needs --org X\n");
		return subcmd_usage(ctx);
	}
	a.status_filter = a.p.status;
	a.p.org_id = 0;
	if (a.as_of && !search) {
		if ((rc = resolve_org(&a, &err)) || (rc = do_list_as_of(&a, &err)))
			return cmd_report(&err);
		return EXIT_OK;
	}
	if ((rc = resolve_org(&a, &err)) || (rc = do_list(&a, text, &err)))
		return cmd_report(&err);
	return EXIT_OK;
}

static int run_list(int argc, char **argv, struct cmd_ctx *ctx)
{
	return list_or_search(argc, argv, ctx, 0);
}

static int run_search(int argc, char **argv, struct cmd_ctx *ctx)
{
	return list_or_search(argc, argv, ctx, 1);
}
