/* Entry point of the console (the only curses code lives under ui/). */
#ifndef DD_TUI_H
#define DD_TUI_H

#include <stdbool.h>

#include "config.h"

typedef struct dd_tui_opts {
    int refresh_s;   /* --refresh SECONDS; 0 = no auto-refresh */
    bool demo;       /* running against the bundled mock (shown in the top line) */
    bool mouse;      /* read clicks and the wheel where the terminal reports them */
} dd_tui_opts;

/* Runs the console until the operator quits. cfg is the resolved
 * configuration (keys present). Returns the process exit code. */
int dd_tui_run(const dd_config *cfg, const dd_tui_opts *opts);

#endif
