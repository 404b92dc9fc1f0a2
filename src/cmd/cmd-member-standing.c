/*
 * cmd-member-standing.c - 'orgwork member standing' and 'orgwork member
 * discipline': a member's lost contact, floating membership, stopped party
 * standing and disciplinary sanctions from the command line.
 *
 *   member standing ID                       the standing records
 *   member standing ID lost-contact --date D --search TEXT
 *   member standing ID contact-regained --date D [--note TEXT]
 *   member standing ID floating --date D --place TEXT --host X
 *   member standing ID floating-end --date D [--note TEXT]
 *   member standing ID stop --date D --reason TEXT --by X [--ref R]
 *   member standing ID restore --date D --by X [--ref R] [--note TEXT]
 *   member discipline ID                     the sanctions
 *   member discipline ID warning|serious-warning|removal|probation|expulsion
 *                     --date D --ref R --by X [--years N]
 * The rows of the member table (cmd-member.c) point here. Writes go through
 * ops/standing-ops.c; not for the rules of the acts themselves.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "cmd/options.h"
#include "core/date.h"
#include "json/standing-json.h"
#include "ops/org-ops.h"
#include "ops/standing-ops.h"
#include "store/org-store.h"

enum { O_DATE, O_SEARCH, O_NOTE, O_PLACE, O_HOST, O_REASON, O_BY, O_REF, O_YEARS };

static const struct opt_spec specs[] = {
	{ "date", 1, O_DATE }, { "search", 1, O_SEARCH }, { "note", 1, O_NOTE },
	{ "place", 1, O_PLACE }, { "host", 1, O_HOST }, { "reason", 1, O_REASON },
	{ "by", 1, O_BY }, { "ref", 1, O_REF }, { "years", 1, O_YEARS },
	{ NULL, 0, 0 },
};

struct args {
	const char *v[O_YEARS + 1];
	unsigned seen;
};

static int on_opt(int id, const char *name, const char *v, void *ctx, struct error *err)
{
	struct args *a = ctx;

	(void)name;
	(void)err;
	a->v[id] = v;
	a->seen |= 1u << id;
	return ST_OK;
}

struct printer {
	struct cmd_ctx *ctx;
	json_t *items;
	int today;
};

/* An organization's code for printing, or NULL when it is gone. */
static int load_org(struct db *db, long long id, struct org *o)
{
	struct error err = ERROR_INIT;

	return id && !org_store_get(db, id, o, &err);
}

static int print_record(const struct standing_record *r, void *vctx)
{
	struct printer *p = vctx;
	struct org by, host;
	int has_by = load_org(p->ctx->db, r->by_org_id, &by);
	int has_host = load_org(p->ctx->db, r->host_org_id, &host);
	char s[DATE_STR_SIZE], e[DATE_STR_SIZE];

	if (p->items) {
		json_array_append_new(p->items, standing_record_json(r, has_by ? &by : NULL,
								     has_host ? &host : NULL,
								     p->today));
		return 0;
	}
	printf("%lld\t%s\t%s\t%s\t%s", r->id, standing_kind_key(r->kind),
	       date_format(r->start, s), r->end == DATE_NONE ? "-" : date_format(r->end, e),
	       standing_in_force(r, p->today) ? "in force" : "ended");
	if (r->years)
		printf("\t%d-year term", r->years);
	if (has_by)
		printf("\tby %s", by.code);
	if (has_host)
		printf("\thost %s", host.code);
	if (r->reference[0])
		printf("\tref %s", r->reference);
	if (r->detail[0])
		printf("\t%s", r->detail);
	if (r->end_note[0])
		printf("\t(%s)", r->end_note);
	printf("\n");
	return 0;
}

static int list(struct cmd_ctx *ctx, long long id, int sanctions)
{
	struct error err = ERROR_INIT;
	struct printer p = { ctx, NULL, date_today() };
	int rc;

	if (ctx->format == FORMAT_JSON)
		p.items = json_array();
	rc = standing_list(ctx->db, id, sanctions, print_record, &p, &err);
	if (p.items) {
		if (!rc)
			cmd_print_json(json_pack("{s:O}", "items", p.items));
		json_decref(p.items);
	}
	return rc ? cmd_report(&err) : EXIT_OK;
}

static int org_arg(struct cmd_ctx *ctx, const char *field, const char *v, long long *id,
		   struct error *err)
{
	struct org o;
	int rc;

	if (!v)
		return ST_OK;
	if ((rc = org_resolve(ctx->db, v, &o, err))) {
		snprintf(err->field, sizeof(err->field), "%s", field);
		return rc;
	}
	*id = o.id;
	return ST_OK;
}

static int date_arg(const char *v, int *day, struct error *err)
{
	if (!v)
		return ST_OK;
	if (date_parse(v, day))
		return error_set(err, ST_INVALID, "date", "'%.40s' is not a date (YYYY-MM-DD)", v);
	return ST_OK;
}

/* argv[1] is the person id, argv[2] the act or none. */
static int start(int argc, char **argv, struct cmd_ctx *ctx, long long *id,
		 const char **act, struct args *a)
{
	struct error err = ERROR_INIT;
	struct opts_result res;
	int rc;

	memset(a, 0, sizeof(*a));
	if (argc < 2 || (*id = cmd_parse_id(argv[1])) < 0) {
		fprintf(stderr, "orgwork: member %s needs a numeric person id\n", argv[0]);
		return subcmd_usage(ctx);
	}
	argv[1] = argv[0];
	rc = opts_parse(argc - 1, argv + 1, specs, on_opt, a, &res, &err);
	if (rc == ST_UNSUPPORTED)
		return subcmd_usage(ctx);
	if (rc)
		return cmd_report(&err);
	if (res.nr_positional > 1) {
		fprintf(stderr, "orgwork: member %s takes one act\n", argv[0]);
		return subcmd_usage(ctx);
	}
	*act = res.nr_positional ? res.positional[0] : NULL;
	if (!*act && a->seen) {
		fprintf(stderr, "orgwork: member %s: options belong to an act\n", argv[0]);
		return subcmd_usage(ctx);
	}
	return EXIT_OK;
}

static void print_done(struct cmd_ctx *ctx, const struct standing_record *r)
{
	struct printer p = { ctx, NULL, date_today() };

	if (ctx->format == FORMAT_JSON) {
		struct org by, host;
		int has_by = load_org(ctx->db, r->by_org_id, &by);
		int has_host = load_org(ctx->db, r->host_org_id, &host);
		cmd_print_json(standing_record_json(r, has_by ? &by : NULL,
						    has_host ? &host : NULL, p.today));
		return;
	}
	print_record(r, &p);
}

int cmd_member_standing(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct standing_act act = { 0, DATE_NONE, NULL, 0, NULL };
	struct standing_record r;
	struct args a;
	const char *what;
	long long id;
	int rc;

	if ((rc = start(argc, argv, ctx, &id, &what, &a)))
		return rc;
	if (!what)
		return list(ctx, id, 0);
	if (!(act.action = standing_action_parse(what))) {
		error_set(&err, ST_INVALID, "action", "the act is lost-contact, contact-regained,"
			  " floating, floating-end, stop or restore, not '%.40s'", what);
		return cmd_report(&err);
	}
	if (!a.v[O_DATE]) {
		fprintf(stderr, "orgwork: member standing %s needs --date\n", what);
		return subcmd_usage(ctx);
	}
	switch (act.action) {
	case SA_LOST_CONTACT: act.text = a.v[O_SEARCH]; break;
	case SA_FLOATING: act.text = a.v[O_PLACE]; break;
	case SA_STOP: act.text = a.v[O_REASON]; break;
	default: act.text = a.v[O_NOTE]; break;
	}
	act.reference = a.v[O_REF];
	if ((rc = date_arg(a.v[O_DATE], &act.date, &err)) ||
	    (rc = org_arg(ctx, act.action == SA_FLOATING ? "host" : "by",
			  act.action == SA_FLOATING ? a.v[O_HOST] : a.v[O_BY], &act.org_id, &err)) ||
	    (rc = standing_record_act(ctx->db, id, &act, cmd_actor(), &r, &err)))
		return cmd_report(&err);
	print_done(ctx, &r);
	return EXIT_OK;
}

int cmd_member_discipline(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct discipline_act act = { 0, DATE_NONE, NULL, 0, 0 };
	struct standing_record r;
	struct args a;
	const char *what;
	long long id;
	int rc;

	if ((rc = start(argc, argv, ctx, &id, &what, &a)))
		return rc;
	if (!what)
		return list(ctx, id, 1);
	act.kind = standing_kind_parse(what);
	if (!standing_kind_is_sanction(act.kind)) {
		error_set(&err, ST_INVALID, "kind", "the sanction is warning, serious-warning,"
			  " removal, probation or expulsion, not '%.40s'", what);
		return cmd_report(&err);
	}
	if (!a.v[O_DATE] || !a.v[O_REF] || !a.v[O_BY]) {
		fprintf(stderr, "orgwork: member discipline %s needs --date, --ref and --by\n",
			what);
		return subcmd_usage(ctx);
	}
	if (a.v[O_YEARS]) {
		char *end;
		long n;
		errno = 0;
		n = strtol(a.v[O_YEARS], &end, 10);
		if (errno || *end || n < 1 || n > 99) {
			error_set(&err, ST_INVALID, "years", "--years is a whole number of years");
			return cmd_report(&err);
		}
		act.years = (int)n;
	}
	act.reference = a.v[O_REF];
	if ((rc = date_arg(a.v[O_DATE], &act.date, &err)) ||
	    (rc = org_arg(ctx, "by", a.v[O_BY], &act.by_org_id, &err)) ||
	    (rc = discipline_record(ctx->db, id, &act, cmd_actor(), &r, &err)))
		return cmd_report(&err);
	print_done(ctx, &r);
	return EXIT_OK;
}
