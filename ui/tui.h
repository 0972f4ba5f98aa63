/* Entry point of the console (the only curses code lives under ui/). */
#ifndef DD_TUI_H
#define DD_TUI_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"

struct dd_account_configs;

typedef struct dd_tui_opts {
    int refresh_s;   /* --refresh SECONDS; 0 = no auto-refresh */
    bool demo;       /* running against the bundled mock (shown in the top line) */
    bool mouse;      /* read clicks and the wheel where the terminal reports them */
    /* The account view's profiles (borrowed for the run); NULL: every
     * profile of the config file, read when the view opens. */
    const struct dd_account_configs *account;
    bool account_at_start;  /* open in the account view (--all-profiles) */
} dd_tui_opts;

/* Whether the console can drive the terminal $TERM names: TERM set and
 * not empty, an entry in terminfo ($TERMINFO, ~/.terminfo, the system
 * database) that is neither generic (gn, such as "unknown") nor hardcopy,
 * with cursor addressing (cup) and clear. Reads terminfo only: curses is
 * not started and nothing is written to the terminal. On false, why (n
 * bytes, 400 is enough) holds one sentence, without the "ddorgs: " prefix:
 * the reason, with the TERM value cleaned of control characters and cut
 * to 64 bytes, then what to do (set TERM, or use a command). The caller
 * exits with the usage status (2). */
bool dd_tui_terminal_ok(char *why, size_t n);
/* How many colours terminfo gives $TERM (its "colors"): 0 for none, -1
 * when TERM has no usable entry. Reads terminfo only, as
 * dd_tui_terminal_ok does. */
int dd_tui_terminal_colors(void);
/* The smallest terminal the console draws in, in columns and rows. */
extern const int dd_tui_min_cols, dd_tui_min_rows;

/* Runs the console until the operator quits. cfg is the resolved
 * configuration (keys present). Returns the process exit code. */
int dd_tui_run(const dd_config *cfg, const dd_tui_opts *opts);

#endif
