/* The command line's argument tables: every option once (its names, its
 * value, its help line, what completes its value) and every command once
 * (the operation it runs, whose words come from ops.h, the options it
 * takes, its argument). The parser, the usage text and the shell
 * completion all read these tables. Pure data. */
#ifndef DD_CLI_ARGS_H
#define DD_CLI_ARGS_H

#include <stdbool.h>

#include "cli.h"

typedef enum dd_cli_opt {
    O_PROFILE, O_SITE, O_API_URL, O_READ_ONLY, O_DRY_RUN, O_DEMO, O_YES, O_REFRESH,
    O_NO_MOUSE, O_HELP, O_VERSION,
    O_SINK_ORG, O_SOURCE_ORG, O_LIMIT, O_OFFSET, O_ALL, O_OUTPUT, O_TYPES, O_ORG_UUID, O_NAME,
    O_LIST_PROFILES, O_ALL_PROFILES,
    O_COUNT
} dd_cli_opt;

/* What a value is, for its check and its completion. */
typedef enum dd_cli_value {
    V_NONE,      /* a flag: no value */
    V_TEXT,      /* any text */
    V_PROFILE,   /* a profile of the config file */
    V_SITE,      /* one of the sites (site.h) */
    V_URL,
    V_NUMBER,
    V_FORMAT,    /* table, json, jsonl, csv */
    V_TYPES,     /* logs,metrics,audit */
    V_ORG_ID,
    V_UUID
} dd_cli_value;

typedef struct dd_cli_opt_def {
    const char *name;       /* "sink-org": --sink-org */
    char short_name;        /* 'o': -o; 0 none */
    dd_cli_value value;
    const char *metavar;    /* "ID" in the usage; NULL for a flag */
    const char *help;       /* one line */
    bool hidden;            /* for scripts (the completion scripts' own calls): not in
                             * the usage, not completed */
} dd_cli_opt_def;

extern const dd_cli_opt_def dd_cli_opts[O_COUNT];

/* -o's values, by dd_out_format: "table", "json", "jsonl", "csv", NULL. */
extern const char *const dd_cli_formats[];
/* The shells 'completion' writes for: "bash", "zsh", "fish", NULL. */
extern const char *const dd_cli_shells[];

#define DD_CLI_BIT(o) (1u << (o))
/* Options that apply to every command, and those of the console. */
#define DD_CLI_GLOBAL_OPTS                                                                     \
    (DD_CLI_BIT(O_PROFILE) | DD_CLI_BIT(O_SITE) | DD_CLI_BIT(O_API_URL) |                     \
     DD_CLI_BIT(O_READ_ONLY) | DD_CLI_BIT(O_DRY_RUN) | DD_CLI_BIT(O_DEMO) | DD_CLI_BIT(O_YES) |\
     DD_CLI_BIT(O_HELP) | DD_CLI_BIT(O_VERSION))
/* --all-profiles goes with the console and the two listings
 * (connections list, orgs list) only. */
#define DD_CLI_CONSOLE_OPTS (DD_CLI_BIT(O_REFRESH) | DD_CLI_BIT(O_NO_MOUSE) | DD_CLI_BIT(O_ALL_PROFILES))

/* What a command's argument is. */
typedef enum dd_cli_target {
    T_NONE,
    T_CONN_ID,   /* a connection's uuid */
    T_SF_ID,     /* a Salesforce org's id: 1 to 100 characters, no spaces or URL punctuation */
    T_SHELL      /* one of dd_cli_shells */
} dd_cli_target;

/* What a row is: an operation of the table (ops.h), or a command that
 * runs on this machine alone and is no API operation. */
typedef enum dd_cli_kind {
    K_API = 0,   /* its words, summary and whether it writes come from ops.h */
    K_LOCAL      /* one word and a summary of its own; never writes */
} dd_cli_kind;

typedef struct dd_cli_cmd_def {
    dd_cli_cmd cmd;         /* the operation (its words: ops.h), or a local command */
    unsigned opts;          /* K_API: options beside the global ones; K_LOCAL: every
                             * option it takes (DD_CLI_BIT; --help and --version go
                             * with any) */
    unsigned required;      /* of those, the ones it needs */
    dd_cli_target target;
    bool rows;              /* prints rows: takes -o FORMAT */
    dd_cli_kind kind;
    const char *word;       /* K_LOCAL: its one word, "doctor" */
    const char *summary;    /* K_LOCAL: one line for the help */
} dd_cli_cmd_def;

/* Every command, in the usage's order. */
extern const dd_cli_cmd_def dd_cli_cmds[];
extern const int dd_cli_n_cmds;

/* The row of cmd, NULL for DD_CMD_NONE. */
const dd_cli_cmd_def *dd_cli_cmd_def_of(dd_cli_cmd cmd);
/* A command's first word: an operation's noun ("connections"), a local
 * command's word ("doctor"). Static strings. */
const char *dd_cli_cmd_noun(const dd_cli_cmd_def *d);
/* Its second word: an operation's verb ("list"); NULL for a local command. */
const char *dd_cli_cmd_verb(const dd_cli_cmd_def *d);
/* Its one line for help texts. */
const char *dd_cli_cmd_summary(const dd_cli_cmd_def *d);
/* Every option d takes, the global ones and -o included (DD_CLI_BIT). */
unsigned dd_cli_cmd_opts(const dd_cli_cmd_def *d);

#endif
