/* The command line, a front end beside the console: argument parsing (its
 * words and what each command is come from the operations table, ops.h),
 * the commands, exit codes. Parsing is pure (no I/O, no environment);
 * running a command talks to the API through client.h and prints to stdout,
 * errors to stderr. */
#ifndef DD_CLI_H
#define DD_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "config.h"
#include "error.h"
#include "ops.h"

/* Process exit codes, documented in ddorgs(1). Distinct so that scripts can
 * tell a missing connection from a network failure. */
typedef enum dd_exit {
    DD_EXIT_OK = 0,
    DD_EXIT_INTERNAL = 1,     /* anything not listed below */
    DD_EXIT_USAGE = 2,        /* bad command line */
    DD_EXIT_CONFIG = 3,       /* missing keys, bad config file, unusable audit log */
    DD_EXIT_AUTH = 4,         /* HTTP 401 or 403 */
    DD_EXIT_NOT_FOUND = 5,    /* HTTP 404 */
    DD_EXIT_CONFLICT = 6,     /* HTTP 409 */
    DD_EXIT_RATE_LIMITED = 7, /* HTTP 429 after the allowed waits */
    DD_EXIT_NETWORK = 8,      /* DNS, connect, TLS, timeout, cancelled */
    DD_EXIT_SERVER = 9,       /* HTTP 5xx, malformed or oversized answer */
    DD_EXIT_BAD_REQUEST = 10, /* HTTP 400 (and other 4xx) */
    DD_EXIT_READ_ONLY = 11,   /* a write refused in read-only mode */
    DD_EXIT_ABORTED = 12,     /* the operator did not confirm */
    DD_EXIT_OUTPUT = 13,      /* standard output could not be written (a full disk...) */
    DD_EXIT_INCOMPLETE = 14,  /* a listing ended before the server's own total */
    DD_EXIT_PARTIAL = 15,     /* --all-profiles: some profiles failed (each named on
                               * stderr), the others' rows were printed */
    /* Standard output's reader went away (a closed pipe, `| head -1`): the
     * command stops quietly and main ends the process by SIGPIPE once it
     * has cleaned up, as other tools end, so a shell sees 141. */
    DD_EXIT_CLOSED_PIPE = 141
} dd_exit;

/* The command line's names for the operations of the table (ops.h): each
 * is the operation's number, so its words, method, path and whether it
 * writes come from there. */
typedef enum dd_cli_cmd {
    DD_CMD_NONE = -1, /* no command: the console */
    DD_CMD_CONN_LIST = DD_OP_CONN_LIST,
    DD_CMD_CONN_CREATE = DD_OP_CONN_CREATE,
    DD_CMD_CONN_UPDATE = DD_OP_CONN_UPDATE,
    DD_CMD_CONN_DELETE = DD_OP_CONN_DELETE,
    DD_CMD_SF_LIST = DD_OP_SF_LIST,
    DD_CMD_SF_DELETE = DD_OP_SF_DELETE,
    DD_CMD_ORG_DISABLE = DD_OP_ORG_DISABLE,
    DD_CMD_ORGS_LIST = DD_OP_ORGS_LIST,
    /* Local commands: they run no operation of the table and are numbered
     * after its operations (cli_args.h marks their rows K_LOCAL). */
    DD_CMD_DOCTOR = DD_OP_COUNT, /* doctor: why things do not work (cli_doctor.c) */
    DD_CMD_COMPLETION            /* completion SHELL: a completion script (cli_complete.c) */
} dd_cli_cmd;

/* -o: table (for a terminal), json (an array), jsonl (an object a line),
 * csv (RFC 4180). */
typedef enum dd_out_format { DD_OUT_TABLE = 0, DD_OUT_JSON, DD_OUT_JSONL, DD_OUT_CSV } dd_out_format;

typedef struct dd_cli_args {
    /* Global options. */
    const char *profile;
    const char *site;
    const char *api_url;
    bool read_only;
    bool dry_run;
    bool demo;
    bool yes;
    bool help;
    bool version;
    /* Every profile of the config file at once (the demo's with --demo):
     * connections list, orgs list and the console only. */
    bool all_profiles;
    int refresh_s;       /* -1 when not given */
    /* The command and its options. */
    dd_cli_cmd cmd;
    const char *id;        /* connection id / Salesforce org id */
    const char *sink_org;
    const char *source_org;
    const char *types;     /* "logs,metrics" as given */
    const char *org_uuid;
    const char *name;      /* orgs list: --name filter */
    bool no_mouse;         /* console: --no-mouse */
    long limit;            /* -1 when not given */
    long offset;           /* -1 when not given */
    bool all;
    dd_out_format out;
    const char *shell;     /* completion: bash, zsh or fish; NULL with --list-profiles */
    bool list_profiles;    /* completion --list-profiles */
} dd_cli_args;

/* Parses argv (argv[0] skipped). Global options may come before or after the
 * command words. Returns 0, or -1 with a one-line reason in why (a usage
 * error). Strings in a point into argv. */
int dd_cli_parse(int argc, char *const *argv, dd_cli_args *a, char *why, size_t whylen);

/* True for commands that change something on the server (ops.h). */
bool dd_cli_cmd_writes(dd_cli_cmd cmd);
/* "connections delete", ... for messages; "the console" for none. */
const char *dd_cli_cmd_name(dd_cli_cmd cmd);

/* Full usage text, from the operations and options tables (cli_usage.c). */
void dd_cli_usage(FILE *f);

/* completion SHELL: prints the completion script of a->shell on out,
 * made from the command and option tables (cli_complete.c); with
 * --list-profiles, the config file's profile names, one a line, and
 * nothing else (no file: nothing). Needs no configuration. Returns the
 * exit code: DD_EXIT_CONFIG when the config file is refused (said on
 * stderr), DD_EXIT_OUTPUT when out cannot be written. */
int dd_cli_completion(const dd_cli_args *a, FILE *out);

/* What doctor asks about the terminal, answered by the console's own
 * checks (tui.h): main passes them, so that the command line needs no
 * curses. Any may be NULL (then that check is skipped). */
typedef struct dd_doctor_terminal {
    bool (*usable)(char *why, size_t n); /* dd_tui_terminal_ok */
    int (*colors)(void);                 /* dd_tui_terminal_colors */
    int min_cols, min_rows;              /* the console's smallest size */
} dd_doctor_terminal;

/* doctor: checks, a line each on stdout (ok, warn, fail or skip, with the
 * fix), the config file, the settings and where each came from, the
 * proxy, DNS, TCP and TLS to the API, the keys and what they may list,
 * the clock against the server's, and the terminal (cli_doctor.c). Loads
 * the configuration itself (with --demo, starts the demo server). Keys
 * are shown as their last 4 characters at most. Returns DD_EXIT_OK when
 * no check failed (warnings allowed), else the exit code of the first
 * failure: DD_EXIT_CONFIG, DD_EXIT_NETWORK, DD_EXIT_AUTH or
 * DD_EXIT_SERVER. Needs dd_http_global_init. */
int dd_cli_doctor(const dd_cli_args *a, const dd_doctor_terminal *term);

/* Runs a parsed command against the resolved configuration. Returns the
 * exit code. */
int dd_cli_run(const dd_cli_args *a, const dd_config *cfg);

struct dd_account_configs;
/* --all-profiles connections list or orgs list (cli_account.c): loads
 * every configuration of cfgs (the config file's profiles, or the demo's;
 * NULL: read the config file here, with --api-url and --read-only as
 * given) at once on the account loader, and prints the merged rows. A
 * profile that could not be read or failed is named on stderr, a line
 * each, with its error; the others' rows still print. Returns
 * DD_EXIT_OK when every profile loaded, DD_EXIT_PARTIAL when some failed
 * but one at least loaded, else the exit code of the first failure (in
 * the profiles' order; a profile that could not be read counts as
 * DD_EXIT_CONFIG). Needs dd_http_global_init. */
int dd_cli_run_account(const dd_cli_args *a, const struct dd_account_configs *cfgs);

/* Exit code for an error from any layer. */
int dd_exit_for_error(const dd_error *e);
/* Writes the printf-style text to f cleaned like server text (sanitize.h,
 * dd_sanitize_mode), line by line, newlines kept: for every line that
 * quotes what the operator typed or the server sent, so that neither can
 * act on the terminal. Each line is cut at DD_SAN_MAX_BYTES. */
void dd_cli_say(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints "ddorgs: <what happened>. <what to do>" to stderr, cleaned
 * (dd_cli_say); what to do is derived from the command that ran and its
 * arguments (a is the parsed command line). */
void dd_cli_report(const dd_error *e, const dd_cli_args *a);
/* How to see whether a write took effect, for a write that may or may not
 * have been applied: "check with 'ddorgs connections list --sink-org ID'"
 * and the like. */
void dd_cli_check_advice(const dd_cli_args *a, char *buf, size_t n);

#endif
