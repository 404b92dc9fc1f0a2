/*
 * cmd-user.c - 'orgwork user': user accounts from the shell (the first
 * administrators, and recovery).
 *
 *   user add --login L --role R [--scope ORG] [--person ID] --password-stdin [--no-totp]
 *   user list
 *   user passwd --login L --password-stdin
 *   user disable --login L
 *   user totp --login L
 *   user requests [--state pending|approved|rejected|all]
 *   user approve ID
 *   user reject ID --reason TEXT
 * The table subs[] below is the index: one row per subcommand, whose
 * handler run_<name>() parses its options (start()) and calls ops/users.c.
 * The CLI is the installation owner (whoever holds the database and its
 * key file holds every operation): its changes take effect at once, it
 * makes the secadmin and auditor accounts, and it may decide the account
 * requests of the API (recorded as decided by the CLI, under "local:<OS
 * user>" in the audit log).
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "cmd/options.h"
#include "ops/audit.h"
#include "ops/org-ops.h"
#include "ops/users.h"
#include "store/org-store.h"
#include "store/user-store.h"

static int run_add(int argc, char **argv, struct cmd_ctx *ctx);
static int run_list(int argc, char **argv, struct cmd_ctx *ctx);
static int run_passwd(int argc, char **argv, struct cmd_ctx *ctx);
static int run_disable(int argc, char **argv, struct cmd_ctx *ctx);
static int run_totp(int argc, char **argv, struct cmd_ctx *ctx);
static int run_requests(int argc, char **argv, struct cmd_ctx *ctx);
static int run_approve(int argc, char **argv, struct cmd_ctx *ctx);
static int run_reject(int argc, char **argv, struct cmd_ctx *ctx);

static const struct subcmd subs[] = {
	{ "add", run_add, CMD_NEEDS_DB, "create a user account; prints its id, login, role and scope",
	  "orgwork user add --login L --role R [--scope ORG] [--person ID]\n"
	  "                        --password-stdin [--no-totp]\n" },
	{ "list", run_list, CMD_NEEDS_DB, "every user account with its role and scope",
	  "orgwork user list\n" },
	{ "passwd", run_passwd, CMD_NEEDS_DB, "set a user's password",
	  "orgwork user passwd --login L --password-stdin\n" },
	{ "disable", run_disable, CMD_NEEDS_DB, "disable a user account",
	  "orgwork user disable --login L\n" },
	{ "totp", run_totp, CMD_NEEDS_DB, "give a user a new TOTP secret (printed once)",
	  "orgwork user totp --login L\n" },
	{ "requests", run_requests, CMD_NEEDS_DB, "account requests waiting for approval",
	  "orgwork user requests [--state pending|approved|rejected|all]\n" },
	{ "approve", run_approve, CMD_NEEDS_DB, "approve an account request",
	  "orgwork user approve ID\n" },
	{ "reject", run_reject, CMD_NEEDS_DB, "reject an account request",
	  "orgwork user reject ID --reason TEXT\n" },
	{ NULL, NULL, 0, NULL, NULL },
};

const struct subcmd_table cmd_user_table = {
	subs,
	"Roles: org_officer branch_secretary member auditor sysadmin secadmin.\n"
	"sysadmin, secadmin, branch_secretary and org_officer get a TOTP secret,\n"
	"printed once as an otpauth:// URI; --no-totp is accepted only with\n"
	"ORGWORK_INSECURE_DEMO=1. Changes made here take effect at once; those a\n"
	"sysadmin makes over the API to accounts holding member data wait for a\n"
	"secadmin ('user requests', 'user approve', 'user reject').\n"
	"ORG: an organization code, or id:N for a database id.\n",
};

enum { O_LOGIN, O_ROLE, O_SCOPE, O_PERSON, O_STDIN, O_NO_TOTP, O_REASON, O_STATE };

static const struct opt_spec specs[] = {
	{ "login", 1, O_LOGIN }, { "role", 1, O_ROLE }, { "scope", 1, O_SCOPE },
	{ "person", 1, O_PERSON }, { "password-stdin", 0, O_STDIN },
	{ "no-totp", 0, O_NO_TOTP }, { "reason", 1, O_REASON }, { "state", 1, O_STATE },
	{ NULL, 0, 0 },
};

struct user_args {
	const char *login, *role, *scope, *person, *reason, *state;
	long long id;     /* the one positional argument of approve/reject */
	int from_stdin, no_totp;
};

static int on_opt(int id, const char *name, const char *v, void *ctx, struct error *err)
{
	struct user_args *a = ctx;

	(void)name;
	(void)err;
	switch (id) {
	case O_LOGIN: a->login = v; break;
	case O_ROLE: a->role = v; break;
	case O_SCOPE: a->scope = v; break;
	case O_PERSON: a->person = v; break;
	case O_STDIN: a->from_stdin = 1; break;
	case O_NO_TOTP: a->no_totp = 1; break;
	case O_REASON: a->reason = v; break;
	case O_STATE: a->state = v; break;
	}
	return ST_OK;
}

static int read_password(char *buf, size_t size)
{
	if (!fgets(buf, (int)size, stdin))
		return -1;
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

/* The scope of u as "CODE NAME", or "-" for none (an org the store no
 * longer finds shows as "id:N"). */
static void scope_text(struct db *db, long long org_id, char *buf, size_t size)
{
	struct org o;

	if (org_id <= 0) {
		snprintf(buf, size, "-");
		return;
	}
	if (org_store_get(db, org_id, &o, NULL))
		snprintf(buf, size, "id:%lld", org_id);
	else
		snprintf(buf, size, "%s %s", o.code, o.name);
}

struct list_ctx {
	struct db *db;
	json_t *arr;                /* JSON output, or NULL for text */
	int rows;
};

static int print_user(const struct user *u, void *vctx)
{
	struct list_ctx *lc = vctx;
	json_t *arr = lc->arr;
	char scope[ORG_CODE_SIZE + ORG_NAME_SIZE + 4];

	if (arr) {
		json_array_append_new(arr, json_pack("{s:I,s:s,s:s?,s:I,s:I,s:b,s:b,s:s}",
			"id", (json_int_t)u->id, "login", u->login, "role", role_key(u->role),
			"scope_org_id", (json_int_t)u->scope_org_id,
			"person_id", (json_int_t)u->person_id, "disabled", u->disabled,
			"totp", u->has_totp, "created_at", u->created_at));
		return 0;
	}
	if (!lc->rows++)
		printf("id\tlogin\trole\tscope\tperson\tstate\ttotp\n");
	char person[24] = "-";
	scope_text(lc->db, u->scope_org_id, scope, sizeof(scope));
	if (u->person_id > 0)
		snprintf(person, sizeof(person), "%lld", u->person_id);
	printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\n", u->id, u->login,
	       role_key(u->role) ? role_key(u->role) : "?", scope, person,
	       u->disabled ? "disabled" : "active", u->has_totp ? "yes" : "no");
	return 0;
}

/*
 * Parses the options of a user subcommand (argv[0] is its name) onto a
 * fresh *a; no positional arguments. EXIT_OK or the usage error's code.
 */
static int start_n(int argc, char **argv, struct cmd_ctx *ctx, struct user_args *a,
		   int want_id)
{
	struct error err = ERROR_INIT;
	struct opts_result res;

	memset(a, 0, sizeof(*a));
	if (opts_parse(argc, argv, specs, on_opt, a, &res, &err)) {
		cmd_report(&err);
		return subcmd_usage(ctx);
	}
	if (res.nr_positional != want_id)
		return subcmd_usage(ctx);
	if (want_id && (a->id = cmd_parse_id(res.positional[0])) <= 0) {
		error_set(&err, ST_INVALID, "id", "'%s' is not a request id", res.positional[0]);
		return cmd_report(&err);
	}
	return EXIT_OK;
}

static int start(int argc, char **argv, struct cmd_ctx *ctx, struct user_args *a)
{
	return start_n(argc, argv, ctx, a, 0);
}

static int run_add(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct user_args a;
	char pw[PASSWORD_MAX + 2], uri[TOTP_URI_SIZE];
	struct user u;
	int rc;

	if ((rc = start(argc, argv, ctx, &a)))
		return rc;
	memset(&u, 0, sizeof(u));
	if (!a.login || !a.role || !a.from_stdin) {
		fprintf(stderr, "orgwork: user add needs --login, --role and --password-stdin\n");
		return subcmd_usage(ctx);
	}
	snprintf(u.login, sizeof(u.login), "%s", a.login);
	if (!(u.role = role_parse(a.role))) {
		error_set(&err, ST_INVALID, "role", "unknown role '%s'", a.role);
		return cmd_report(&err);
	}
	if (a.scope) {
		struct org o;
		if (org_resolve(ctx->db, a.scope, &o, &err))
			return cmd_report(&err);
		u.scope_org_id = o.id;
	}
	if (a.person && (u.person_id = cmd_parse_id(a.person)) < 0) {
		error_set(&err, ST_INVALID, "person", "--person takes a person id");
		return cmd_report(&err);
	}
	if (read_password(pw, sizeof(pw))) {
		error_set(&err, ST_INVALID, "password", "no password on standard input");
		return cmd_report(&err);
	}
	audit_context(ctx->db, NULL, "user.add");
	rc = user_create(ctx->db, &u, pw, a.no_totp, uri, &err);
	memset(pw, 0, sizeof(pw));
	if (rc)
		return cmd_report(&err);
	if (ctx->format == FORMAT_JSON) {
		json_t *j = json_pack("{s:I,s:s,s:s}", "id", (json_int_t)u.id,
				      "login", u.login, "role", role_key(u.role));
		if (uri[0])
			json_object_set_new(j, "totp_uri", json_string(uri));
		cmd_print_json(j);
	} else {
		char scope[ORG_CODE_SIZE + ORG_NAME_SIZE + 4];
		scope_text(ctx->db, u.scope_org_id, scope, sizeof(scope));
		printf("created user %lld: login %s, role %s, scope %s", u.id, u.login,
		       role_key(u.role), scope);
		if (u.person_id > 0)
			printf(", person %lld", u.person_id);
		printf("\n");
		if (uri[0])
			printf("TOTP (shown once, add it to an authenticator app):\n%s\n", uri);
	}
	return EXIT_OK;
}

static int run_list(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct user_args a;
	json_t *arr;
	int rc;

	if ((rc = start(argc, argv, ctx, &a)))
		return rc;
	arr = ctx->format == FORMAT_JSON ? json_array() : NULL;
	struct list_ctx lc = { ctx->db, arr, 0 };
	rc = user_store_list(ctx->db, print_user, &lc, &err);
	if (arr) {
		if (!rc)
			cmd_print_json(json_pack("{s:O}", "items", arr));
		json_decref(arr);
	} else if (!rc && !lc.rows) {
		printf("no user accounts\n");
	}
	return rc ? cmd_report(&err) : EXIT_OK;
}

/* The account named by --login (required). */
static int start_login(int argc, char **argv, struct cmd_ctx *ctx, struct user_args *a,
		       struct user *u)
{
	struct error err = ERROR_INIT;
	int rc;

	if ((rc = start(argc, argv, ctx, a)))
		return rc;
	if (!a->login)
		return subcmd_usage(ctx);
	if (user_store_get_by_login(ctx->db, a->login, u, &err))
		return cmd_report(&err);
	return EXIT_OK;
}

static int run_passwd(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct user_args a;
	char pw[PASSWORD_MAX + 2];
	struct user u;
	int rc;

	if ((rc = start_login(argc, argv, ctx, &a, &u)))
		return rc;
	if (!a.from_stdin || read_password(pw, sizeof(pw)))
		return subcmd_usage(ctx);
	audit_context(ctx->db, NULL, "user.passwd");
	rc = user_set_password(ctx->db, u.id, pw, &err);
	memset(pw, 0, sizeof(pw));
	if (rc)
		return cmd_report(&err);
	printf("password set for %s\n", u.login);
	return EXIT_OK;
}

static int run_disable(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct user_args a;
	struct user u;
	int rc;

	if ((rc = start_login(argc, argv, ctx, &a, &u)))
		return rc;
	u.disabled = 1;
	audit_context(ctx->db, NULL, "user.disable");
	if (user_change(ctx->db, &u, &err))
		return cmd_report(&err);
	printf("disabled %s\n", u.login);
	return EXIT_OK;
}

static int run_totp(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	char uri[TOTP_URI_SIZE];
	struct user_args a;
	struct user u;
	int rc;

	if ((rc = start_login(argc, argv, ctx, &a, &u)))
		return rc;
	audit_context(ctx->db, NULL, "user.totp");
	if (user_issue_totp(ctx->db, u.id, uri, &err))
		return cmd_report(&err);
	if (ctx->format == FORMAT_JSON)
		cmd_print_json(json_pack("{s:s,s:s}", "login", u.login, "totp_uri", uri));
	else
		printf("TOTP (shown once, add it to an authenticator app):\n%s\n", uri);
	return EXIT_OK;
}

static int print_request(const struct user_request *r, void *ctx)
{
	json_t *arr = ctx;

	if (arr) {
		json_array_append_new(arr, json_pack(
			"{s:I,s:s,s:I,s:s,s:s,s:s,s:s?,s:I,s:I,s:b,s:b,s:s,s:s?}",
			"id", (json_int_t)r->id, "kind", user_request_kind_key(r->kind),
			"user_id", (json_int_t)r->user_id, "login", r->login,
			"requested_by", r->requested_by_login, "requested_at", r->requested_at,
			"role", role_key(r->role), "scope_org_id", (json_int_t)r->scope_org_id,
			"person_id", (json_int_t)r->person_id, "disabled", r->disabled,
			"password", r->has_password, "state", user_request_state_key(r->state),
			"reason", r->reason[0] ? r->reason : NULL));
		return 0;
	}
	printf("%lld\t%s\t%s\t%s\t%lld\t%s%s\tby %s\t%s\t%s\n", r->id,
	       user_request_kind_key(r->kind), r->login,
	       role_key(r->role) ? role_key(r->role) : "?", r->scope_org_id,
	       r->disabled ? "disabled" : "active", r->has_password ? ",password" : "",
	       r->requested_by_login, r->requested_at, user_request_state_key(r->state));
	return 0;
}

static int run_requests(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct error err = ERROR_INIT;
	struct user_args a;
	json_t *arr;
	int rc, state = UREQ_PENDING;

	if ((rc = start(argc, argv, ctx, &a)))
		return rc;
	if (a.state && !strcmp(a.state, "all"))
		state = 0;
	else if (a.state && !(state = user_request_state_parse(a.state))) {
		error_set(&err, ST_INVALID, "state", "--state is pending, approved, rejected or all");
		return cmd_report(&err);
	}
	arr = ctx->format == FORMAT_JSON ? json_array() : NULL;
	rc = user_request_store_list(ctx->db, state, print_request, arr, &err);
	if (arr) {
		if (!rc)
			cmd_print_json(json_pack("{s:O}", "items", arr));
		json_decref(arr);
	}
	return rc ? cmd_report(&err) : EXIT_OK;
}

static int decide(int argc, char **argv, struct cmd_ctx *ctx, int approve)
{
	struct error err = ERROR_INIT;
	char uri[TOTP_URI_SIZE];
	struct user_args a;
	int rc;

	if ((rc = start_n(argc, argv, ctx, &a, 1)))
		return rc;
	audit_context(ctx->db, NULL, approve ? "user.request.approve" : "user.request.reject");
	if (user_request_decide(ctx->db, a.id, 0, approve, a.reason, uri, &err))
		return cmd_report(&err);
	if (ctx->format == FORMAT_JSON) {
		json_t *j = json_pack("{s:I,s:s}", "id", (json_int_t)a.id,
				      "state", approve ? "approved" : "rejected");
		if (uri[0])
			json_object_set_new(j, "totp_uri", json_string(uri));
		cmd_print_json(j);
	} else {
		printf("request %lld %s\n", a.id, approve ? "approved" : "rejected");
		if (uri[0])
			printf("TOTP (shown once, hand it to the account's holder):\n%s\n", uri);
	}
	return EXIT_OK;
}

static int run_approve(int argc, char **argv, struct cmd_ctx *ctx)
{
	return decide(argc, argv, ctx, 1);
}

static int run_reject(int argc, char **argv, struct cmd_ctx *ctx)
{
	return decide(argc, argv, ctx, 0);
}
