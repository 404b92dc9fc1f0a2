/*
 * cmd.h - the subcommands of the orgwork binary and what they share.
 *
 * Each cmd-<verb>.c implements one row of the command table in src/main.c
 * and carries its own usage text. A command with subcommands (org, member,
 * user, report, audit) exports a table of them, one row per subcommand with
 * its handler, flags, summary and usage, and subcmd.c dispatches through it
 * (as git's commands[] one level down). Commands parse their options, call
 * ops/, and print results as text or JSON (--format). Only this layer may
 * exit the process (die()); everything below returns status codes.
 */
#ifndef OW_CMD_H
#define OW_CMD_H

#include <stdio.h>

#include "core/error.h"

struct db;
struct event;
struct cmd;
struct subcmd;

enum output_format { FORMAT_TEXT, FORMAT_JSON };

/*
 * Flags of a command or subcommand row, checked before the handler runs
 * (and not at all for --help, which needs no database).
 */
enum cmd_flags {
	CMD_NEEDS_DB = 1 << 0,   /* opens --db (must exist and be initialized) */
};

struct cmd_ctx {
	const char *db_path;          /* --db, default ./orgwork.db */
	enum output_format format;    /* --format */
	struct db *db;                /* open when the row has CMD_NEEDS_DB */
	const struct cmd *cmd;        /* the command running */
	const struct subcmd *sub;     /* its subcommand, NULL for a plain command */
};

typedef int (*cmd_fn)(int argc, char **argv, struct cmd_ctx *ctx);

/*
 * One subcommand, `orgwork org move`. The handler sees argv[0] = its name,
 * the database open when flags has CMD_NEEDS_DB, and ctx->sub = this row
 * (for subcmd_usage()).
 */
struct subcmd {
	const char *name;
	cmd_fn fn;
	unsigned flags;
	const char *summary;   /* one line, listed by `orgwork help` */
	/*
	 * Synopsis without "usage: " ("orgwork org move X --to P ...\n");
	 * continuation lines are indented as they print under "usage: ".
	 */
	const char *usage;
};

/* The subcommands of a command, and what their synopses' words mean. */
struct subcmd_table {
	const struct subcmd *subs;    /* ends with a row whose name is NULL */
	const char *notes;            /* printed after the synopses; or NULL */
};

/* One row of the command table in src/main.c. */
struct cmd {
	const char *name;
	cmd_fn fn;                          /* parses its own arguments, or NULL */
	const struct subcmd_table *subs;    /* or dispatches through this table */
	unsigned flags;                     /* of fn; each subcommand has its own */
	const char *summary;
};

/* Exit codes of the binary. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* Prints "orgwork: <message>" to stderr and exits with EXIT_FAIL. */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Prints "orgwork: <status>: <described error>" to stderr; returns EXIT_FAIL. */
int cmd_report(const struct error *err);
/* Prints usage to stderr and returns EXIT_USAGE. */
int cmd_usage(const char *usage);
/* Opens ctx->db_path into ctx->db; EXIT_OK, or the error reported and EXIT_FAIL. */
int cmd_open_db(struct cmd_ctx *ctx);
/*
 * Compares db's schema with the one its migrations make (db_schema_check)
 * and prints each difference to stderr as "orgwork: schema: missing trigger
 * NAME" (or changed, extra); *nr_diffs receives their number. EXIT_OK, or
 * the error reported and EXIT_FAIL when the schema could not be read.
 */
int cmd_schema_check(struct db *db, int *nr_diffs);
/* Parses --format values; returns 0 or -1. */
int cmd_parse_format(const char *s, enum output_format *out);
/*
 * Parses a positive 64-bit id or returns -1. For org arguments use
 * ops org_resolve() which also accepts codes.
 */
long long cmd_parse_id(const char *s);
/* Writes a JSON value (jansson json_t *) to stdout with a newline; steals it. */
void cmd_print_json(void *json);
/*
 * The actor recorded for changes made from a shell: "cli:<login name>" of
 * the user running the process ("cli:unknown" without a passwd entry).
 * A static string, computed once.
 */
const char *cmd_actor(void);

/*
 * 1 when argv[1..argc) asks for help: "--help" or "-h" before any "--".
 * Such a run prints usage on stdout, exits 0 and opens no database.
 */
int cmd_wants_help(int argc, char **argv);

/* ---- subcommand tables (subcmd.c) ---- */

/*
 * Runs command c, which has a subcommand table; argv[0] is c's name.
 * `c`, alone, is a usage error (exit 2, usage on stderr); `c --help`, `c -h`
 * and `c help [SUB]` print the usage on stdout; `c SUB ... --help` prints
 * SUB's; otherwise SUB's flags are applied and its handler runs.
 */
int subcmd_run(const struct cmd *c, int argc, char **argv, struct cmd_ctx *ctx);
/* The row of t named name, or NULL. */
const struct subcmd *subcmd_find(const struct subcmd_table *t, const char *name);
/*
 * Prints to f the usage of c: every subcommand's synopsis, or only s's
 * when s is not NULL, then the table's notes.
 */
void subcmd_print_usage(FILE *f, const struct cmd *c, const struct subcmd *s);
/* Usage error of the running subcommand: its usage on stderr; EXIT_USAGE. */
int subcmd_usage(const struct cmd_ctx *ctx);

/* ---- the commands ---- */

/* member standing, member discipline (cmd-member-standing.c; rows of cmd-member.c) */
int cmd_member_standing(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_member_discipline(int argc, char **argv, struct cmd_ctx *ctx);

/*
 * Printing events (an organization's history, a member's timeline): text is
 * one line per event as the walk visits it ("DATE  KIND  DETAIL  ref R
 * (ACTOR)"); JSON is one array of event_to_json printed at the end. Call
 * cmd_events_init before the walk, pass cmd_event_print as its visitor with
 * the struct as context, and cmd_events_finish(rc) after it: it prints the
 * array when rc is 0 and frees it in any case.
 */
struct cmd_events {
	enum output_format format;
	void *out;                    /* the JSON array (json_t *), or NULL */
};
void cmd_events_init(struct cmd_events *p, enum output_format format);
int cmd_event_print(const struct event *ev, void *p);
void cmd_events_finish(struct cmd_events *p, int rc);

int cmd_init(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_idcard(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_import(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_export(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_template(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_check(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_gen(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_serve(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_findings(int argc, char **argv, struct cmd_ctx *ctx);

extern const struct subcmd_table cmd_org_table;      /* cmd-org.c */
extern const struct subcmd_table cmd_member_table;   /* cmd-member.c */
extern const struct subcmd_table cmd_transfer_table; /* cmd-transfer.c */
/* member step, member steps (cmd-member-steps.c, rows of cmd_member_table) */
int cmd_member_step(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_member_steps(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_member_register(int argc, char **argv, struct cmd_ctx *ctx);
extern const struct subcmd_table cmd_report_table;   /* cmd-report.c */
extern const struct subcmd_table cmd_user_table;     /* cmd-user.c */
extern const struct subcmd_table cmd_audit_table;    /* cmd-audit.c */
extern const struct subcmd_table cmd_rules_table;    /* cmd-rules.c */
extern const struct subcmd_table cmd_calendar_table; /* cmd-calendar.c */
extern const struct subcmd_table cmd_dues_table;     /* cmd-dues.c */

#endif
