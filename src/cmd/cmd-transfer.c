/*
 * cmd-transfer.c - 'orgwork transfer': the transfer of a member's
 * organizational relationship from the command line.
 *
 *   transfer start PERSON --to CODE --date D [--letter NO] [--valid-days N]
 *   transfer receive ID --date D [--org BRANCH]
 *   transfer return ID --reason TEXT [--date D]
 *   transfer list [--org CODE [--direction in|out] [--no-subtree]] [--person ID]
 *                 (--org: the subtree of CODE; neither --org nor --person: all)
 *                 [--status in_transit|received|returned] [--limit N] [--after ID]
 *   transfer show ID
 * The table subs[] is the index. Writes go through ops/transfer-ops.c as
 * the local administrator (no scope); not for the rules of the acts.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "cmd/options.h"
#include "core/date.h"
#include "json/transfer-json.h"
#include "ops/org-ops.h"
#include "ops/transfer-ops.h"
#include "store/org-store.h"
#include "store/person-store.h"
#include "store/transfer-store.h"

static int run_start(int argc, char **argv, struct cmd_ctx *ctx);
static int run_receive(int argc, char **argv, struct cmd_ctx *ctx);
static int run_return(int argc, char **argv, struct cmd_ctx *ctx);
static int run_list(int argc, char **argv, struct cmd_ctx *ctx);
static int run_show(int argc, char **argv, struct cmd_ctx *ctx);

static const struct subcmd subs[] = {
	{ "start", run_start, CMD_NEEDS_DB, "issue the introduction letter of a member's transfer",
	  "orgwork transfer start PERSON --to CODE --date D [--letter NO] [--valid-days N]\n"
	  "  (CODE: any organization of the installation; the letter is valid at most\n"
	  "   transfer.letter_valid_months of the rules catalogue; without --letter a\n"
	  "   number is made from the sender's code, the date and the person)\n" },
	{ "receive", run_receive, CMD_NEEDS_DB, "confirm receipt: the relationship moves that day",
	  "orgwork transfer receive ID --date D [--org BRANCH]\n"
	  "  (BRANCH: the organization at or below the destination that takes the\n"
	  "   member in, when the letter went to a committee)\n" },
	{ "return", run_return, CMD_NEEDS_DB, "return a letter with a reason; nothing moves",
	  "orgwork transfer return ID --reason TEXT [--date D]\n" },
	{ "list", run_list, CMD_NEEDS_DB, "the transfers of an organization, of a person, or all",
	  "orgwork transfer list [--org CODE [--direction in|out] [--subtree|--no-subtree]]\n"
	  "                              [--person ID]\n"
	  "                              [--status in_transit|received|returned]\n"
	  "                              [--limit N] [--after ID]\n"
	  "  (--org: the transfers of CODE's whole subtree, sent by, addressed to or\n"
	  "   received by any organization of it; --no-subtree: CODE's own only)\n" },
	{ "show", run_show, CMD_NEEDS_DB, "one transfer", "orgwork transfer show ID\n" },
	{ NULL, NULL, 0, NULL, NULL },
};

const struct subcmd_table cmd_transfer_table = {
	subs,
	"A transfer moves one person; a whole branch moves by org move or org merge.\n"
	"Transfers abroad and into the military system are refused (docs/transfers.md).\n",
};

enum { O_TO, O_DATE, O_LETTER, O_VALID, O_ORG, O_REASON, O_STATUS, O_DIR, O_PERSON,
       O_LIMIT, O_AFTER, O_SUBTREE, O_NO_SUBTREE, O_COUNT };

static const struct opt_spec specs[] = {
	{ "to", 1, O_TO }, { "date", 1, O_DATE }, { "letter", 1, O_LETTER },
	{ "valid-days", 1, O_VALID }, { "org", 1, O_ORG }, { "reason", 1, O_REASON },
	{ "status", 1, O_STATUS }, { "direction", 1, O_DIR }, { "person", 1, O_PERSON },
	{ "limit", 1, O_LIMIT }, { "after", 1, O_AFTER }, { "subtree", 0, O_SUBTREE },
	{ "no-subtree", 0, O_NO_SUBTREE }, { NULL, 0, 0 },
};

struct args {
	struct cmd_ctx *ctx;
	const char *v[O_COUNT];
	int flag[O_COUNT];     /* the options without a value that were given */
	long long id;
};

static int on_opt(int id, const char *name, const char *v, void *vctx, struct error *err)
{
	struct args *a = vctx;

	(void)name;
	(void)err;
	a->v[id] = v;
	a->flag[id] = 1;
	return ST_OK;
}

/* Parses argv (argv[0] the subcommand; with_id: argv[1] a numeric id). */
static int start(int argc, char **argv, struct cmd_ctx *ctx, int with_id, struct args *a)
{
	struct error err = ERROR_INIT;
	struct opts_result res;
	int rc;

	memset(a, 0, sizeof(*a));
	a->ctx = ctx;
	if (with_id) {
		if (argc < 2 || (a->id = cmd_parse_id(argv[1])) < 0) {
			fprintf(stderr, "orgwork: transfer %s needs a numeric id\n", argv[0]);
			return subcmd_usage(ctx);
		}
		argv[1] = argv[0];
		argc--;
		argv++;
	}
	if ((rc = opts_parse(argc, argv, specs, on_opt, a, &res, &err))) {
		cmd_report(&err);
		return rc == ST_UNSUPPORTED ? subcmd_usage(ctx) : EXIT_FAIL;
	}
	if (res.nr_positional)
		return subcmd_usage(ctx);
	return EXIT_OK;
}

static int date_arg(const char *field, const char *v, int *day, struct error *err)
{
	*day = DATE_NONE;
	if (v && date_parse(v, day)) {
		error_setc(err, ST_INVALID, field, "invalid_date",
			   "'%.40s' is not a date (YYYY-MM-DD)", v);
		error_param(err, "value", "%.40s", v);
		return ST_INVALID;
	}
	return ST_OK;
}

static int num_arg(const char *field, const char *v, long lo, long hi, long *out,
		   struct error *err)
{
	char *end;
	long n;

	if (!v)
		return ST_OK;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < lo || n > hi) {
		error_setc(err, ST_INVALID, field, "out_of_range", "%s must be %ld..%ld",
			   field, lo, hi);
		error_param(err, "min", "%ld", lo);
		error_param(err, "max", "%ld", hi);
		return ST_INVALID;
	}
	*out = n;
	return ST_OK;
}

/* Loads an organization for printing; 0 when gone. */
static int load_org(struct db *db, long long id, struct org *o)
{
	struct error err = ERROR_INIT;

	return id && !org_store_get(db, id, o, &err);
}

static json_t *to_json(struct db *db, const struct transfer *t)
{
	struct org from, to, recv;
	struct person p;
	struct error err = ERROR_INIT;
	int hf = load_org(db, t->from_org_id, &from), ht = load_org(db, t->to_org_id, &to);
	int hr = load_org(db, t->received_org_id, &recv);
	int hp = !person_store_get(db, t->person_id, &p, &err);
	struct transfer_org_view vf = { hf ? &from : NULL, 1 }, vt = { ht ? &to : NULL, 1 },
				 vr = { hr ? &recv : NULL, 1 };

	return transfer_json(t, hp ? p.name : "", vf, vt, vr, date_today());
}

static void print_text(struct db *db, const struct transfer *t)
{
	struct org from, to, recv;
	struct person p;
	struct error err = ERROR_INIT;
	char a[DATE_STR_SIZE], b[DATE_STR_SIZE], c[DATE_STR_SIZE];
	int hf = load_org(db, t->from_org_id, &from), ht = load_org(db, t->to_org_id, &to);
	int hp = !person_store_get(db, t->person_id, &p, &err);

	printf("%lld\t%s\t%lld %s\t%s -> %s\t%s..%s\t%s", t->id, t->letter_no, t->person_id,
	       hp ? p.name : "-", hf ? from.code : "-", ht ? to.code : "-",
	       date_format(t->issued, a), date_format(t->valid_until, b),
	       transfer_status_key(t->status));
	if (t->status == TS_RECEIVED && load_org(db, t->received_org_id, &recv))
		printf(" %s at %s", date_format(t->received, c), recv.code);
	if (t->status == TS_RETURNED)
		printf(" %s: %s", date_format(t->returned, c), t->return_reason);
	if (transfer_stuck_on(t, date_today()))
		printf("\tstuck");
	printf("\n");
}

static int done(struct args *a, const struct transfer *t)
{
	if (a->ctx->format == FORMAT_JSON)
		cmd_print_json(to_json(a->ctx->db, t));
	else
		print_text(a->ctx->db, t);
	return EXIT_OK;
}

static int run_start(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct transfer_start s = { 0, NULL, DATE_NONE, NULL, 0 };
	struct transfer t;
	struct args a;
	long days = 0;
	int rc;

	if ((rc = start(argc, argv, ctx, 1, &a)))
		return rc;
	s.person_id = a.id;
	s.to = a.v[O_TO];
	s.letter = a.v[O_LETTER];
	if (date_arg("date", a.v[O_DATE], &s.date, &err) ||
	    num_arg("valid_days", a.v[O_VALID], 1, 3660, &days, &err))
		return cmd_report(&err);
	s.valid_days = (int)days;
	if (transfer_start(ctx->db, &s, cmd_actor(), &t, &err))
		return cmd_report(&err);
	return done(&a, &t);
}

static int run_receive(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct transfer t;
	struct args a;
	struct org o;
	int rc, day;

	if ((rc = start(argc, argv, ctx, 1, &a)))
		return rc;
	o.id = 0;
	if (date_arg("date", a.v[O_DATE], &day, &err))
		return cmd_report(&err);
	if (a.v[O_ORG] && org_resolve(ctx->db, a.v[O_ORG], &o, &err))
		return cmd_report(&err);
	if (transfer_receive(ctx->db, a.id, day, o.id, cmd_actor(), &t, &err))
		return cmd_report(&err);
	return done(&a, &t);
}

static int run_return(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct transfer t;
	struct args a;
	int rc, day;

	if ((rc = start(argc, argv, ctx, 1, &a)))
		return rc;
	if (date_arg("date", a.v[O_DATE], &day, &err))
		return cmd_report(&err);
	if (transfer_return(ctx->db, a.id, a.v[O_REASON], day, cmd_actor(), &t, &err))
		return cmd_report(&err);
	return done(&a, &t);
}

static int run_show(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct transfer t;
	struct args a;
	int rc;

	if ((rc = start(argc, argv, ctx, 1, &a)))
		return rc;
	if (transfer_store_get(ctx->db, a.id, &t, &err))
		return cmd_report(&err);
	return done(&a, &t);
}

struct lister {
	struct args *a;
	json_t *items;
	long long last;
};

static int list_visit(const struct transfer *t, void *vctx)
{
	struct lister *l = vctx;

	l->last = t->id;
	if (l->items)
		json_array_append_new(l->items, to_json(l->a->ctx->db, t));
	else
		print_text(l->a->ctx->db, t);
	return 0;
}

static int run_list(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct lister l = { NULL, NULL, 0 };
	struct args a;
	struct org o;
	long limit = 50, after = 0, person = 0;
	int rc, status = 0, dir = TD_BOTH;

	if ((rc = start(argc, argv, ctx, 0, &a)))
		return rc;
	if (a.v[O_STATUS] && !(status = transfer_status_parse(a.v[O_STATUS]))) {
		error_setc(&err, ST_INVALID, "status", "invalid_choice",
			   "status is in_transit, received or returned");
		return cmd_report(&err);
	}
	if (a.v[O_DIR]) {
		if (!strcmp(a.v[O_DIR], "in"))
			dir = TD_IN;
		else if (!strcmp(a.v[O_DIR], "out"))
			dir = TD_OUT;
		else {
			error_setc(&err, ST_INVALID, "direction", "invalid_choice",
				   "direction is in or out");
			return cmd_report(&err);
		}
	}
	o.id = 0;
	if (num_arg("limit", a.v[O_LIMIT], 1, 1000, &limit, &err) ||
	    num_arg("after", a.v[O_AFTER], 0, 1L << 62, &after, &err) ||
	    num_arg("person", a.v[O_PERSON], 1, 1L << 62, &person, &err) ||
	    (a.v[O_ORG] && org_resolve(ctx->db, a.v[O_ORG], &o, &err)))
		return cmd_report(&err);
	if (!o.id && !person)
		dir = TD_ALL;   /* the whole database */
	l.a = &a;
	if (ctx->format == FORMAT_JSON)
		l.items = json_array();
	if (a.flag[O_SUBTREE] && a.flag[O_NO_SUBTREE]) {
		error_setc(&err, ST_INVALID, "subtree", "invalid_choice",
			   "--subtree and --no-subtree exclude each other");
		return cmd_report(&err);
	}
	if ((a.flag[O_SUBTREE] || a.flag[O_NO_SUBTREE]) && (!o.id || person)) {
		error_setc(&err, ST_INVALID, "subtree", "invalid_choice",
			   "--subtree and --no-subtree go with --org (not --person)");
		return cmd_report(&err);
	}
	if (o.id && !person && !a.flag[O_NO_SUBTREE])
		rc = transfer_store_list_subtree(ctx->db, o.id, dir, status, after, (int)limit,
						 list_visit, &l, &err);
	else
		rc = transfer_store_list(ctx->db, o.id, dir, person, status, after, (int)limit,
					 list_visit, &l, &err);
	if (l.items) {
		if (!rc)
			cmd_print_json(json_pack("{s:O}", "items", l.items));
		json_decref(l.items);
	}
	return rc ? cmd_report(&err) : EXIT_OK;
}
