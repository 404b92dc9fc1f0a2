/*
 * cmd.h - the subcommands of the orgwork binary and what they share.
 *
 * Each cmd-<verb>.c implements one entry of the command table in src/main.c
 * and carries its own usage text. Commands parse their options, call ops/,
 * and print results as text or JSON (--format). Only this layer may exit the
 * process (die()); everything below returns status codes.
 */
#ifndef OW_CMD_H
#define OW_CMD_H

#include <stdio.h>

#include "core/error.h"

struct db;

enum output_format { FORMAT_TEXT, FORMAT_JSON };

/* Flags of a command-table entry, checked by main() before the handler runs. */
enum cmd_flags {
	CMD_NEEDS_DB = 1 << 0,   /* opens --db (must exist and be initialized) */
	CMD_WRITES = 1 << 1,     /* opens --db for writing */
};

struct cmd_ctx {
	const char *db_path;          /* --db, default ./orgwork.db */
	enum output_format format;    /* --format */
	struct db *db;                /* open when the entry has CMD_NEEDS_DB */
};

typedef int (*cmd_fn)(int argc, char **argv, struct cmd_ctx *ctx);

struct cmd {
	const char *name;
	cmd_fn fn;
	unsigned flags;
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

int cmd_init(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_org(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_member(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_idcard(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_import(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_export(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_template(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_check(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_report_stats(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_gen(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_serve(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_user(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_audit(int argc, char **argv, struct cmd_ctx *ctx);

#endif
