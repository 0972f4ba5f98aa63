/* Shell completion, generated from the command line's own tables: the
 * commands and their options (cli_args.h), the operations' words and
 * summaries (ops.h), the sites (site.h), the formats and the connection
 * types (model.h). What each shell's script needs is gathered here; the
 * scripts themselves are written by cli_complete_bash.c, _zsh.c and
 * _fish.c. Private to the command line. */
#ifndef DD_CLI_COMPLETE_H
#define DD_CLI_COMPLETE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cli_args.h"

/* The most distinct first words a table can have (one per row). */
#define DD_COMPLETE_MAX_WORDS 32

/* The distinct first words of the commands ("connections", ..., "doctor",
 * "completion"), in the table's order: for each, the first row that has
 * it. Returns how many (at most max). */
size_t dd_complete_first_words(const dd_cli_cmd_def **out, size_t max);
/* One line describing a first word, for the shells that show one: a local
 * command's summary, or an operation noun's verbs ("list, create, update
 * or delete"). Always NUL-terminated. */
void dd_complete_word_help(const dd_cli_cmd_def *first, char *buf, size_t n);
/* The fixed words that complete a value of kind v (a NULL-terminated
 * static list: the sites, the formats, the connection types), or NULL
 * when its words are not fixed (profiles are read at completion time) or
 * there are none to offer (free text, numbers, ids). */
const char *const *dd_complete_values(dd_cli_value v);
/* Whether command d is offered with --all-profiles on the line: only the
 * commands that take it (connections list, orgs list); the others would
 * be refused. */
bool dd_complete_all_profiles_takes(const dd_cli_cmd_def *d);
/* Whether first word `first` is offered with --all-profiles on the line
 * (a noun one of whose commands takes it). */
bool dd_complete_all_profiles_word(const dd_cli_cmd_def *first);
/* The options of the console (no command): the global ones and its own. */
unsigned dd_complete_console_opts(void);
/* The options a first word takes before its second word is typed (an
 * operation's noun: the global ones; a local command: its own). */
unsigned dd_complete_word_opts(const dd_cli_cmd_def *first);

/* s between single quotes for fish, whose single quotes take \' and \\. */
void dd_complete_fish_quote(FILE *f, const char *s);

/* The scripts, on f. The caller checks f for write errors. */
void dd_complete_bash(FILE *f);
void dd_complete_zsh(FILE *f);
void dd_complete_fish(FILE *f);

#endif
