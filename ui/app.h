/* The console's terminal state: what is on the screen and how it is laid
 * out. Everything the console knows about the org, the lists and the rules
 * lives in the core session (session.h); this holds only what a terminal
 * needs. Only the UI thread touches it. */
#ifndef DD_UI_APP_H
#define DD_UI_APP_H

#include <stdbool.h>
#include <stdint.h>
#include <wchar.h>

#include "session.h"
#include "worker.h"

#define APP_MIN_COLS 80
#define APP_MIN_ROWS 24
#define APP_N_VIEWS 4

struct dialog;
struct textfield;
struct view;

typedef struct app {
    dd_session *s;              /* the core: lists, rules, messages */
    dd_worker *worker;          /* where the session's jobs go */
    bool demo;                  /* against the bundled mock (--demo) */
    bool mouse;                 /* clicks and the wheel are read */

    int active;                 /* index into views */
    int tab_end[APP_N_VIEWS];   /* the column after each tab on the top line, as drawn */
    const struct view *views[APP_N_VIEWS];
    struct dialog *dlg;
    bool detail;                /* detail pane shown (narrow screens) */

    /* prompt on the status line: '/' filter, ':' command, 0 none */
    int prompt;
    struct textfield *input;    /* the prompt's text, while it is open */
    char prompt_saved[256];     /* filter before '/', restored on Esc */

    void *inwin;                /* WINDOW read for keys (never drawn: no implicit refresh) */
    bool cursor_on;

    int rows, cols;
    bool too_small;
    bool ascii;                 /* no UTF-8 locale: ASCII drawing */
    bool dirty;
    bool quit;
} app;

/* Main area geometry (below the top line, above status and function bar). */
int app_main_top(const app *a);
int app_main_rows(const app *a);
/* Rows of the list in the active view (for paging and scroll fitting). */
int app_list_rows(const app *a);
bool app_detail_beside(const app *a);
/* Columns of the list: all of them, or what the detail pane beside leaves. */
int app_list_width(const app *a);
/* The list (dd_which) of the active view, -1 for the org panel. */
int app_list(const app *a);
/* Makes view v the active one (loading its list if it never was). */
void app_show_view(app *a, int v);

/* Runs the session's effects: cancels reads when asked, hands the jobs to
 * the worker (telling the session their numbers), marks the screen dirty
 * when a part in view changed. Returns the number of fx's first job (0 when
 * none was submitted). */
uint64_t app_run(app *a, dd_fx *fx);

#endif
