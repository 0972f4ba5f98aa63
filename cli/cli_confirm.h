/* Typed confirmation before a destructive command: the operator must type
 * a word naming the target (part of its id, its name), so a stray Enter or
 * "y" from habit cannot delete the wrong thing. */
#ifndef DD_CLI_CONFIRM_H
#define DD_CLI_CONFIRM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Writes `what`, cleaned like server text (sanitize.h), then "Type
 * EXPECTED to confirm: " with expected as the screen shows it (folded,
 * confirm_text.h), to out; reads one line from in. True only when the line
 * folded the same way equals it: the operator types what the prompt shows,
 * invisible characters left out. False on out of memory. */
bool dd_confirm_typed(FILE *in, FILE *out, const char *what, const char *expected);
/* Writes `what`, then "Type the org UUID to confirm: ", reads one line.
 * True when it is a UUID (8-4-4-4-12 hex), copied into uuid (n bytes). */
bool dd_confirm_read_uuid(FILE *in, FILE *out, const char *what, char *uuid, size_t n);

#endif
