/* Whether the console can drive the terminal $TERM names, decided from
 * terminfo alone before curses starts (see dd_tui_terminal_ok in tui.h). */
#include "tui.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>

#include "app.h"
#include "sanitize.h"

/* Longest TERM value quoted in the message; real names are far shorter. */
#define TERM_SHOWN_MAX 64

/* A capability the console cannot do without. */
static bool has_string(const char *cap)
{
    char *s = tigetstr(cap);
    return s != NULL && s != (char *)-1 && s[0] != '\0';
}

/* The reason, without the advice; false when the terminal will do. */
static bool reason(char *buf, size_t n)
{
    const char *term = getenv("TERM");
    if (!term) {
        snprintf(buf, n, "TERM is not set");
        return true;
    }
    if (!term[0]) {
        snprintf(buf, n, "TERM is empty");
        return true;
    }
    /* The name is the environment's: cleaned, so that it cannot drive the
     * terminal it is printed on. */
    char shown[TERM_SHOWN_MAX * 3 + 8];
    size_t len = strlen(term);
    dd_sanitize_into(term, len > TERM_SHOWN_MAX ? TERM_SHOWN_MAX : len, dd_sanitize_mode, shown,
                     sizeof(shown));
    int err = 0;
    /* setupterm only reads the terminfo entry (and the tty's size): it
     * writes nothing to the terminal. */
    if (setupterm(term, STDOUT_FILENO, &err) != OK) {
        if (err == 1)
            snprintf(buf, n, "TERM=%s is a hardcopy terminal", shown);
        else if (err == -1)
            snprintf(buf, n, "the terminfo database cannot be found (TERM=%s)", shown);
        else
            snprintf(buf, n, "terminfo has no usable entry for TERM=%s", shown);
        return true;
    }
    bool bad = true;
    if (!has_string("cup"))
        snprintf(buf, n, "TERM=%s has no cursor addressing (terminfo cup)", shown);
    else if (!has_string("clear"))
        snprintf(buf, n, "TERM=%s cannot clear the screen (terminfo clear)", shown);
    else
        bad = false;
    del_curterm(cur_term);
    return bad;
}

bool dd_tui_terminal_ok(char *why, size_t n)
{
    char r[300];
    if (!reason(r, sizeof(r)))
        return true;
    snprintf(why, n,
             "the console cannot drive this terminal: %s. Set TERM to the terminal's type (such "
             "as TERM=xterm-256color), or give a command, such as 'ddorgs connections list'.",
             r);
    return false;
}

const int dd_tui_min_cols = APP_MIN_COLS, dd_tui_min_rows = APP_MIN_ROWS;

int dd_tui_terminal_colors(void)
{
    const char *term = getenv("TERM");
    int err = 0;
    if (!term || !term[0] || setupterm(term, STDOUT_FILENO, &err) != OK)
        return -1;
    int n = tigetnum("colors");
    del_curterm(cur_term);
    return n > 0 ? n : 0;
}
