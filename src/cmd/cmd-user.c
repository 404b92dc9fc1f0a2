/*
 * cmd-user.c - 'orgwork user': user accounts from the shell (the first
 * administrators, and recovery).
 *
 *   user add --login L --role R [--scope ORG] [--person ID] --password-stdin [--no-totp]
 *   user list
 *   user passwd --login L --password-stdin
 *   user disable --login L
 * The table subs[] below is the index: one row per subcommand, whose
 * handler run_<name>() parses its options (start()) and calls ops/users.c.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "cmd/options.h"
#include "ops/audit.h"
#include "ops/org-ops.h"
#include "ops/users.h"
#include "store/user-store.h"

static int run_add(int argc, char **argv, struct cmd_ctx *ctx);
static int run_list(int argc, char **argv, struct cmd_ctx *ctx);
static int run_passwd(int argc, char **argv, struct cmd_ctx *ctx);
static int run_disable(int argc, char **argv, struct cmd_ctx *ctx);

static const struct subcmd subs[] = {
	{ "add", run_add, CMD_NEEDS_DB, "create a user account; prints its id",
	  "orgwork user add --login L --role R [--scope ORG] [--person ID]\n"
	  "                        --password-stdin [--no-totp]\n" },
	{ "list", run_list, CMD_NEEDS_DB, "every user account with its role and scope",
	  "orgwork user list\n" },
	{ "passwd", run_passwd, CMD_NEEDS_DB, "set a user's password",
	  "orgwork user passwd --login L --password-stdin\n" },
	{ "disable", run_disable, CMD_NEEDS_DB, "disable a user account",
	  "orgwork user disable --login L\n" },
	{ NULL, NULL, 0, NULL, NULL },
};

const struct subcmd_table cmd_user_table = {
	subs,
	"Roles: org_officer branch_secretary member auditor sysadmin secadmin.\n"
	"sysadmin and secadmin get a TOTP secret, printed once as an otpauth:// URI;\n"
	"--no-totp is accepted only with ORGWORK_INSECURE_DEMO=1.\n"
	"ORG: an organization code, or id:N for a database id.\n",
};

enum { O_LOGIN, O_ROLE, O_SCOPE, O_PERSON, O_STDIN, O_NO_TOTP };

static const struct opt_spec specs[] = {
	{ "login", 1, O_LOGIN }, { "role", 1, O_ROLE }, { "scope", 1, O_SCOPE },
	{ "person", 1, O_PERSON }, { "password-stdin", 0, O_STDIN },
	{ "no-totp", 0, O_NO_TOTP }, { NULL, 0, 0 },
};

struct user_args {
	const char *login, *role, *scope, *person;
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

static int print_user(const struct user *u, void *ctx)
{
	json_t *arr = ctx;

	if (arr) {
		json_array_append_new(arr, json_pack("{s:I,s:s,s:s?,s:I,s:I,s:b,s:b,s:s}",
			"id", (json_int_t)u->id, "login", u->login, "role", role_key(u->role),
			"scope_org_id", (json_int_t)u->scope_org_id,
			"person_id", (json_int_t)u->person_id, "disabled", u->disabled,
			"totp", u->has_totp, "created_at", u->created_at));
		return 0;
	}
	printf("%lld\t%s\t%s\t%lld\t%s%s\n", u->id, u->login,
	       role_key(u->role) ? role_key(u->role) : "?", u->scope_org_id,
	       u->disabled ? "disabled" : "active", u->has_totp ? "\ttotp" : "");
	return 0;
}

/*
 * Parses the options of a user subcommand (argv[0] is its name) onto a
 * fresh *a; no positional arguments. EXIT_OK or the usage error's code.
 */
static int start(int argc, char **argv, struct cmd_ctx *ctx, struct user_args *a)
{
	struct error err = ERROR_INIT;
	struct opts_result res;

	memset(a, 0, sizeof(*a));
	if (opts_parse(argc, argv, specs, on_opt, a, &res, &err)) {
		cmd_report(&err);
		return subcmd_usage(ctx);
	}
	if (res.nr_positional)
		return subcmd_usage(ctx);
	return EXIT_OK;
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
		printf("%lld\n", u.id);
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
	rc = user_store_list(ctx->db, print_user, arr, &err);
	if (arr) {
		if (!rc)
			cmd_print_json(json_pack("{s:O}", "items", arr));
		json_decref(arr);
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
