/*
 * cmd-org.c - 'orgwork org': the organization tree from the command line.
 *
 *   org add --code C --name N --kind K [--parent P] [--sector S] ...
 *   org show X [--as-of DATE]
 *   org tree [X] [--depth N] [--as-of DATE] [--all]
 *   org search TEXT [--limit N]
 *   org move X --to P [--date D] [--ref R]
 *   org rename X --name N [--date D] [--ref R]
 *   org merge X --into Y [--date D] [--ref R]
 *   org dissolve X [--date D] [--ref R]
 *   org history X
 * X and P are an organization code, or id:N for a database id (org_ref_parse). Writes go through ops/org-ops.c.
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
#include "ops/org-ops.h"
#include "ops/rules-ops.h"
#include "store/event-store.h"
#include "store/org-store.h"

static int run_add(int argc, char **argv, struct cmd_ctx *ctx);
static int run_show(int argc, char **argv, struct cmd_ctx *ctx);
static int run_tree(int argc, char **argv, struct cmd_ctx *ctx);
static int run_search(int argc, char **argv, struct cmd_ctx *ctx);
static int run_move(int argc, char **argv, struct cmd_ctx *ctx);
static int run_rename(int argc, char **argv, struct cmd_ctx *ctx);
static int run_merge(int argc, char **argv, struct cmd_ctx *ctx);
static int run_dissolve(int argc, char **argv, struct cmd_ctx *ctx);
static int run_history(int argc, char **argv, struct cmd_ctx *ctx);
static int run_attach(int argc, char **argv, struct cmd_ctx *ctx);
static int run_attached(int argc, char **argv, struct cmd_ctx *ctx);

static const struct subcmd subs[] = {
	{ "add", run_add, CMD_NEEDS_DB, "establish an organization; prints its id",
	  "orgwork org add --code C --name N --kind K [--parent P] [--sector S]\n"
	  "                       [--division D] [--level L] [--established DATE]\n"
	  "                       [--purpose T --end-date DATE] [--label L]\n"
	  "                       [--term-start DATE] [--term-years N] [--ref R]\n" },
	{ "show", run_show, CMD_NEEDS_DB, "one organization, or what it was on a date",
	  "orgwork org show X [--as-of DATE]\n" },
	{ "tree", run_tree, CMD_NEEDS_DB, "the subtree of an organization (every root without X)",
	  "orgwork org tree [X] [--depth N] [--as-of DATE] [--all]\n" },
	{ "search", run_search, CMD_NEEDS_DB, "active organizations by name or code prefix",
	  "orgwork org search TEXT [--limit N]\n" },
	{ "move", run_move, CMD_NEEDS_DB, "hang an organization under another parent",
	  "orgwork org move X --to P [--date DATE] [--ref R]\n" },
	{ "rename", run_rename, CMD_NEEDS_DB, "rename an organization from a date",
	  "orgwork org rename X --name N [--date DATE] [--ref R]\n" },
	{ "merge", run_merge, CMD_NEEDS_DB, "merge an organization into another, then dissolve it",
	  "orgwork org merge X --into Y [--date DATE] [--ref R]\n" },
	{ "dissolve", run_dissolve, CMD_NEEDS_DB, "dissolve an organization",
	  "orgwork org dissolve X [--date DATE] [--ref R]\n" },
	{ "history", run_history, CMD_NEEDS_DB, "every dated change of an organization",
	  "orgwork org history X\n" },
	{ "attach", run_attach, CMD_NEEDS_DB,
	  "record a member with a temporary organization (the formal branch stays)",
	  "orgwork org attach X --person ID [--date DATE]\n" },
	{ "attached", run_attached, CMD_NEEDS_DB, "the members recorded with a temporary organization",
	  "orgwork org attached X\n" },
	{ NULL, NULL, 0, NULL, NULL },
};

const struct subcmd_table cmd_org_table = {
	subs,
	"X, P, Y: organization code, or id:N for a database id. K: committee working_committee leading_group\n"
	"general_branch branch party_group temporary (or 党委 党支部 ...). DATE: YYYY-MM-DD.\n",
};

enum {
	O_CODE, O_NAME, O_KIND, O_PARENT, O_SECTOR, O_DIVISION, O_LEVEL,
	O_ESTABLISHED, O_PURPOSE, O_END_DATE, O_LABEL, O_TERM_START,
	O_TERM_YEARS, O_REF, O_AS_OF, O_DEPTH, O_ALL, O_TO, O_INTO, O_DATE,
	O_LIMIT,
};

static const struct opt_spec specs[] = {
	{ "code", 1, O_CODE }, { "name", 1, O_NAME }, { "kind", 1, O_KIND },
	{ "parent", 1, O_PARENT }, { "sector", 1, O_SECTOR },
	{ "division", 1, O_DIVISION }, { "level", 1, O_LEVEL },
	{ "established", 1, O_ESTABLISHED }, { "purpose", 1, O_PURPOSE },
	{ "end-date", 1, O_END_DATE }, { "label", 1, O_LABEL },
	{ "term-start", 1, O_TERM_START }, { "term-years", 1, O_TERM_YEARS },
	{ "ref", 1, O_REF }, { "as-of", 1, O_AS_OF }, { "depth", 1, O_DEPTH },
	{ "all", 0, O_ALL }, { "to", 1, O_TO }, { "into", 1, O_INTO },
	{ "date", 1, O_DATE }, { "limit", 1, O_LIMIT },
	{ NULL, 0, 0 },
};

struct org_args {
	struct cmd_ctx *ctx;
	struct org org;
	const char *x;   /* the first positional argument, or NULL */
	const char *parent, *ref, *to, *into, *name;
	int as_of, date, depth, all, limit;
	json_t *out;     /* JSON array being filled by visitors */
	unsigned seen;   /* bit per option id */
};

static int parse_date(const char *name, const char *v, int *out, struct error *err)
{
	if (date_parse(v, out))
		return error_set(err, ST_INVALID, name, "'%s' is not a date (YYYY-MM-DD)", v);
	return ST_OK;
}

static int parse_int(const char *name, const char *v, int lo, int hi, int *out,
		     struct error *err)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || *end || !*v || n < lo || n > hi)
		return error_set(err, ST_INVALID, name, "'%s' is not a number in %d..%d",
				 v, lo, hi);
	*out = (int)n;
	return ST_OK;
}

static int parse_code(const char *name, const struct code_table *t,
		      const char *v, int *out, struct error *err)
{
	const struct code_entry *e = code_parse(t, v);

	if (!e)
		return error_set(err, ST_INVALID, name, "unknown %s '%s'", t->name, v);
	*out = e->code;
	return ST_OK;
}

static int on_opt(int id, const char *name, const char *v, void *vctx,
		  struct error *err)
{
	struct org_args *a = vctx;
	struct org *o = &a->org;

	a->seen |= 1u << id;
	switch (id) {
	case O_CODE: return org_set_text(o, ORG_TEXT_CODE, v, err);
	case O_NAME: a->name = v; return org_set_text(o, ORG_TEXT_NAME, v, err);
	case O_KIND: return parse_code(name, &code_org_kind, v, &o->kind, err);
	case O_PARENT: a->parent = v; break;
	case O_SECTOR: return parse_code(name, &code_sector, v, &o->sector, err);
	case O_DIVISION: return org_set_text(o, ORG_TEXT_DIVISION, v, err);
	case O_LEVEL: return parse_int(name, v, 0, 4, &o->level, err);
	case O_ESTABLISHED: return parse_date(name, v, &o->established, err);
	case O_PURPOSE: return org_set_text(o, ORG_TEXT_PURPOSE, v, err);
	case O_END_DATE: return parse_date(name, v, &o->end_date, err);
	case O_LABEL: return org_set_text(o, ORG_TEXT_LABEL, v, err);
	case O_TERM_START: return parse_date(name, v, &o->term_start, err);
	case O_TERM_YEARS: return parse_int(name, v, 0, 10, &o->term_years, err);
	case O_REF: a->ref = v; break;
	case O_AS_OF: return parse_date(name, v, &a->as_of, err);
	case O_DEPTH: return parse_int(name, v, 0, 64, &a->depth, err);
	case O_ALL: a->all = 1; break;
	case O_TO: a->to = v; break;
	case O_INTO: a->into = v; break;
	case O_DATE: return parse_date(name, v, &a->date, err);
	case O_LIMIT: return parse_int(name, v, 1, 1000, &a->limit, err);
	}
	return ST_OK;
}

static void print_org_text(const struct org *o)
{
	char d[DATE_STR_SIZE];
	const struct code_entry *k = code_by_code(&code_org_kind, o->kind);
	const struct code_entry *s = code_by_code(&code_sector, o->sector);

	printf("id:          %lld\n", o->id);
	printf("code:        %s\n", o->code);
	printf("name:        %s\n", o->name);
	printf("kind:        %s (%s)\n", k ? k->key : "?", k ? k->zh : "?");
	printf("sector:      %s (%s)\n", s ? s->key : "?", s ? s->zh : "?");
	if (o->division[0])
		printf("division:    %s\n", o->division);
	printf("level:       %d\n", o->level);
	if (o->parent_id)
		printf("parent:      %lld\n", o->parent_id);
	printf("established: %s\n", date_format(o->established, d));
	{
		const char *st = org_state_on(o, date_today());
		if (!strcmp(st, "ended"))
			printf("state:       ended (a temporary organization past its end date: it takes no new members; dissolve it)\n");
		else
			printf("state:       %s\n", st);
	}
	if (o->dissolved != DATE_NONE)
		printf("dissolved:   %s\n", date_format(o->dissolved, d));
	if (o->merged_into)
		printf("merged into: %lld\n", o->merged_into);
	if (o->purpose[0])
		printf("purpose:     %s\n", o->purpose);
	if (o->end_date != DATE_NONE)
		printf("end date:    %s\n", date_format(o->end_date, d));
	if (o->label[0])
		printf("label:       %s\n", o->label);
}

static int do_add(struct org_args *a, struct error *err)
{
	struct org parent;
	int rc;

	if (!(a->seen & (1u << O_CODE)) || !(a->seen & (1u << O_NAME)) ||
	    !(a->seen & (1u << O_KIND)))
		return error_set(err, ST_UNSUPPORTED, NULL, "org add needs --code, --name and --kind");
	if (!a->org.sector)
		a->org.sector = SECTOR_OTHER;
	if (a->parent) {
		if ((rc = org_resolve(a->ctx->db, a->parent, &parent, err)))
			return rc;
		a->org.parent_id = parent.id;
	}
	if ((rc = org_create(a->ctx->db, &a->org, cmd_actor(), a->ref, err)))
		return rc;
	if (a->ctx->format == FORMAT_JSON)
		cmd_print_json(org_to_json(&a->org));
	else
		printf("%lld\n", a->org.id);
	return ST_OK;
}

static int do_show(struct org_args *a, const char *x, struct error *err)
{
	struct org o;
	struct org_version v;
	const char *rule;
	int rc, years, end;

	if ((rc = org_resolve(a->ctx->db, x, &o, err)))
		return rc;
	if (a->as_of != DATE_NONE) {
		if ((rc = org_store_version_on(a->ctx->db, o.id, a->as_of, &v, err)))
			return rc;
		if (a->ctx->format == FORMAT_JSON) {
			json_t *j = org_version_to_json(&v);
			json_object_set_new(j, "code", json_string(o.code));
			cmd_print_json(j);
		} else {
			char d[DATE_STR_SIZE];
			printf("as of %s: %s, %s, parent %lld\n",
			       date_format(a->as_of, d), v.name, v.state, v.parent_id);
		}
		return ST_OK;
	}
	if ((rc = org_term(a->ctx->db, &o, &years, &end, &rule, err)))
		return rc;
	if (a->ctx->format == FORMAT_JSON) {
		json_t *j = org_to_json(&o);
		org_json_set_term(j, years, end, rule);
		cmd_print_json(j);
	} else {
		print_org_text(&o);
		if (years && o.term_start != DATE_NONE) {
			char d[DATE_STR_SIZE], e[DATE_STR_SIZE];
			printf("term:        %d years, from %s to %s", years,
			       date_format(o.term_start, d), date_format(end, e));
			printf(rule ? " (rule %s)\n" : "\n", rule);
		}
	}
	return ST_OK;
}

/* --- tree ---------------------------------------------------------------- */

struct tree_walk {
	struct org_args *a;
	struct error *err;
	int level;
	json_t *array;   /* JSON output: children array being filled */
	int rc;
};

static int tree_node(long long id, const char *code, const char *name, int kind,
		     struct tree_walk *w);

static int tree_visit(const struct org *o, void *ctx)
{
	return tree_node(o->id, o->code, o->name, o->kind, ctx);
}

static int tree_visit_version(const struct org_version *v, void *ctx)
{
	struct tree_walk *w = ctx;
	struct org o;

	/* the code is not versioned */
	if (org_store_get(w->a->ctx->db, v->org_id, &o, w->err))
		return 1;
	return tree_node(v->org_id, o.code, v->name, v->kind, w);
}

static int tree_children(long long id, struct tree_walk *w)
{
	if (w->a->as_of != DATE_NONE)
		return org_store_children_on(w->a->ctx->db, id, w->a->as_of,
					     tree_visit_version, w, w->err);
	return org_store_children(w->a->ctx->db, id, w->a->all, tree_visit, w, w->err);
}

static int tree_node(long long id, const char *code, const char *name, int kind,
		     struct tree_walk *w)
{
	const struct code_entry *k = code_by_code(&code_org_kind, kind);
	json_t *node = NULL, *saved = w->array;

	if (w->a->ctx->format == FORMAT_JSON) {
		node = json_object();
		json_object_set_new(node, "id", json_integer(id));
		json_object_set_new(node, "code", json_string(code));
		json_object_set_new(node, "name", json_string(name));
		json_object_set_new(node, "kind", json_string(k ? k->key : "?"));
		json_object_set_new(node, "children", json_array());
		json_array_append_new(w->array, node);
	} else {
		printf("%*s%s %s [%s]\n", w->level * 2, "", code, name, k ? k->zh : "?");
	}
	if (w->a->depth >= 0 && w->level >= w->a->depth)
		return 0;
	w->level++;
	if (node)
		w->array = json_object_get(node, "children");
	w->rc = tree_children(id, w);
	w->array = saved;
	w->level--;
	return w->rc ? 1 : 0;
}

static int do_tree(struct org_args *a, const char *x, struct error *err)
{
	struct tree_walk w = { a, err, 0, json_array(), 0 };
	struct org o;
	int rc = ST_OK;

	if (x) {
		if ((rc = org_resolve(a->ctx->db, x, &o, err)))
			goto out;
		if (a->as_of != DATE_NONE) {
			struct org_version v;
			if ((rc = org_store_version_on(a->ctx->db, o.id, a->as_of, &v, err)))
				goto out;
			tree_node(o.id, o.code, v.name, v.kind, &w);
		} else {
			tree_node(o.id, o.code, o.name, o.kind, &w);
		}
	} else {
		/* every root is a level-0 node; --depth applies below each */
		w.rc = tree_children(0, &w);
	}
	if (w.rc || err->status) {
		rc = err->status ? err->status : w.rc;
		goto out;
	}
	if (a->ctx->format == FORMAT_JSON) {
		if (x) {
			json_t *root = json_incref(json_array_get(w.array, 0));
			cmd_print_json(root);
		} else {
			cmd_print_json(json_incref(w.array));
		}
	}
out:
	json_decref(w.array);
	return rc;
}

static int search_visit(const struct org *o, void *ctx)
{
	struct org_args *a = ctx;
	const struct code_entry *k = code_by_code(&code_org_kind, o->kind);

	if (a->ctx->format == FORMAT_JSON)
		return json_array_append_new(a->out, org_to_json(o)), 0;
	printf("%lld\t%s\t%s\t%s\n", o->id, o->code, o->name, k ? k->zh : "?");
	return 0;
}

/*
 * Parses the options of an org subcommand (argv[0] is its name) onto a
 * fresh *a, expecting min..max positional arguments (the first in a->x).
 * EXIT_OK, or the exit code of a usage error or a bad value (reported).
 */
static int start(int argc, char **argv, struct cmd_ctx *ctx, int min, int max,
		 struct org_args *a)
{
	struct error err = ERROR_INIT;
	struct opts_result res;
	int rc;

	memset(a, 0, sizeof(*a));
	a->ctx = ctx;
	org_init(&a->org);
	a->as_of = DATE_NONE;
	a->date = DATE_NONE;
	a->depth = -1;
	a->limit = 50;
	if ((rc = opts_parse(argc, argv, specs, on_opt, a, &res, &err))) {
		cmd_report(&err);
		return rc == ST_UNSUPPORTED ? subcmd_usage(ctx) : EXIT_FAIL;
	}
	if (res.nr_positional < min || res.nr_positional > max)
		return subcmd_usage(ctx);
	a->x = res.nr_positional ? res.positional[0] : NULL;
	return EXIT_OK;
}

/* The exit code of a subcommand that ended with status rc. */
static int finish(struct cmd_ctx *ctx, int rc, struct error *err)
{
	if (rc == ST_UNSUPPORTED) {
		cmd_report(err);
		return subcmd_usage(ctx);
	}
	return rc ? cmd_report(err) : EXIT_OK;
}

static int run_add(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct org_args a;
	int rc;

	if ((rc = start(argc, argv, ctx, 0, 0, &a)))
		return rc;
	return finish(ctx, do_add(&a, &err), &err);
}

static int run_show(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct org_args a;
	int rc;

	if ((rc = start(argc, argv, ctx, 1, 1, &a)))
		return rc;
	return finish(ctx, do_show(&a, a.x, &err), &err);
}

static int run_tree(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct org_args a;
	int rc;

	if ((rc = start(argc, argv, ctx, 0, 1, &a)))
		return rc;
	return finish(ctx, do_tree(&a, a.x, &err), &err);
}

static int run_search(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct org_args a;
	int rc;

	if ((rc = start(argc, argv, ctx, 1, 1, &a)))
		return rc;
	a.out = json_array();
	rc = org_store_search(ctx->db, a.x, a.limit, search_visit, &a, &err);
	if (!rc && ctx->format == FORMAT_JSON)
		cmd_print_json(json_incref(a.out));
	json_decref(a.out);
	return finish(ctx, rc, &err);
}

/* org move X --to P, org merge X --into Y */
static int move_or_merge(int argc, char **argv, struct cmd_ctx *ctx, int merge)
{
	struct error err = ERROR_INIT;
	struct org_args a;
	struct org o, other;
	const char *target;
	int rc;

	if ((rc = start(argc, argv, ctx, 0, 1, &a)))
		return rc;
	target = merge ? a.into : a.to;
	if (!a.x || !target) {
		fprintf(stderr, "orgwork: org %s needs X and %s\n", argv[0],
			merge ? "--into Y" : "--to P");
		return subcmd_usage(ctx);
	}
	if (!(rc = org_resolve(ctx->db, a.x, &o, &err)) &&
	    !(rc = org_resolve(ctx->db, target, &other, &err))) {
		if (!merge)
			rc = org_move(ctx->db, o.id, other.id, a.date, cmd_actor(), a.ref, &err);
		else
			rc = org_merge(ctx->db, o.id, other.id, a.date, cmd_actor(), a.ref, &err);
	}
	if (!rc && ctx->format == FORMAT_TEXT)
		printf("%s %s %s\n", merge ? "merged" : "moved", o.code, other.code);
	if (!rc && !merge && org_division_outside(o.division, other.division))
		fprintf(stderr, "orgwork: warning: %s keeps division code %s, outside the "
			"division %s of its new parent %s\n", o.code, o.division,
			other.division, other.code);
	return finish(ctx, rc, &err);
}

static int run_move(int argc, char **argv, struct cmd_ctx *ctx)
{
	return move_or_merge(argc, argv, ctx, 0);
}

static int run_merge(int argc, char **argv, struct cmd_ctx *ctx)
{
	return move_or_merge(argc, argv, ctx, 1);
}

static int run_rename(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct org_args a;
	struct org o;
	int rc;

	if ((rc = start(argc, argv, ctx, 1, 1, &a)))
		return rc;
	if (!a.name)
		return subcmd_usage(ctx);
	if (!(rc = org_resolve(ctx->db, a.x, &o, &err)))
		rc = org_rename(ctx->db, o.id, a.name, a.date, cmd_actor(), a.ref, &err);
	if (!rc && ctx->format == FORMAT_TEXT)
		printf("renamed %s\n", o.code);
	return finish(ctx, rc, &err);
}

static int run_dissolve(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct org_args a;
	struct org o;
	int rc;

	if ((rc = start(argc, argv, ctx, 1, 1, &a)))
		return rc;
	if (!(rc = org_resolve(ctx->db, a.x, &o, &err)))
		rc = org_dissolve(ctx->db, o.id, a.date, cmd_actor(), a.ref, &err);
	if (!rc && ctx->format == FORMAT_TEXT)
		printf("dissolved %s\n", o.code);
	return finish(ctx, rc, &err);
}

static int run_history(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct org_args a;
	struct org o;
	int rc;

	if ((rc = start(argc, argv, ctx, 1, 1, &a)))
		return rc;
	struct cmd_events ev;

	cmd_events_init(&ev, ctx->format);
	if (!(rc = org_resolve(ctx->db, a.x, &o, &err)))
		rc = event_store_list(ctx->db, EVENT_ORG, o.id, cmd_event_print, &ev, &err);
	cmd_events_finish(&ev, rc);
	return finish(ctx, rc, &err);
}

/* --- members of a temporary organization --------------------------------- */

struct attach_args {
	const char *person;
	int date;
};

static int on_attach_opt(int id, const char *name, const char *v, void *ctx,
			 struct error *err)
{
	struct attach_args *a = ctx;

	if (id == 0) {
		a->person = v;
		return ST_OK;
	}
	return parse_date(name, v, &a->date, err);
}

static int run_attach(int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct opt_spec attach_specs[] = {
		{ "person", 1, 0 }, { "date", 1, 1 }, { NULL, 0, 0 },
	};
	struct attach_args a = { NULL, DATE_NONE };
	struct error err = ERROR_INIT;
	struct opts_result res;
	struct org o;
	long long pid;

	if (opts_parse(argc, argv, attach_specs, on_attach_opt, &a, &res, &err)) {
		cmd_report(&err);
		return subcmd_usage(ctx);
	}
	if (res.nr_positional != 1 || !a.person)
		return subcmd_usage(ctx);
	if ((pid = cmd_parse_id(a.person)) < 0) {
		error_set(&err, ST_INVALID, "person", "--person takes a numeric person id");
		return cmd_report(&err);
	}
	if (org_resolve(ctx->db, res.positional[0], &o, &err) ||
	    org_temp_member_add(ctx->db, o.id, pid, a.date, cmd_actor(), &err))
		return cmd_report(&err);
	return EXIT_OK;
}

static int print_attached(long long person_id, int joined, void *ctx)
{
	char d[DATE_STR_SIZE];

	if (ctx)
		json_array_append_new(ctx, json_pack("{s:I,s:s}", "person_id",
						     (json_int_t)person_id, "joined",
						     date_format(joined, d)));
	else
		printf("%lld\t%s\n", person_id, date_format(joined, d));
	return 0;
}

static int run_attached(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct org o;
	json_t *items = NULL;
	int rc;

	if (argc != 2)
		return subcmd_usage(ctx);
	if (org_resolve(ctx->db, argv[1], &o, &err))
		return cmd_report(&err);
	if (ctx->format == FORMAT_JSON)
		items = json_array();
	rc = org_store_temp_members(ctx->db, o.id, print_attached, items, &err);
	if (items) {
		if (!rc)
			cmd_print_json(json_pack("{s:O}", "items", items));
		json_decref(items);
	}
	return rc ? cmd_report(&err) : EXIT_OK;
}
