/* Clicks and the wheel (mouse.h). */
#include "mouse.h"

#include <curses.h>
#include <string.h>
#include <wctype.h>

#include "term.h"
#include "view_type.h"

/* Rows the wheel moves the selection by, as terminals scroll text. */
#define WHEEL_ROWS 3

bool mouse_start(void)
{
    mmask_t want = BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED;
    /* No click delay: a press is acted on as it comes. */
    mouseinterval(0);
    if (mousemask(want, NULL) == 0)
        return false;
    term_mouse_on();
    return true;
}

static void wheel(app *a, long rows)
{
    int l = app_list(a);
    if (l >= 0)
        dd_table_move(dd_store_table(&a->s->store, (dd_which)l), rows, app_list_rows(a));
}

static void click_tab(app *a, int x)
{
    for (int v = 0, start = 0; v < APP_N_VIEWS; start = a->tab_end[v], v++)
        if (x >= start && x < a->tab_end[v]) {
            app_show_view(a, v);
            return;
        }
}

/* A click inside the list's rows selects the row under it; elsewhere
 * (header, detail pane, status line) it does nothing. */
static void click_row(app *a, int y, int x)
{
    int l = app_list(a);
    if (l < 0 || x >= app_list_width(a))
        return;
    int first = app_main_top(a) + 1;   /* below the header row */
    if (y < first || y >= first + app_list_rows(a))
        return;
    dd_table *t = dd_store_table(&a->s->store, (dd_which)l);
    size_t pos = t->top + (size_t)(y - first);
    if (pos < t->n) {
        t->sel = pos;
        dd_table_fit(t, app_list_rows(a));
    }
}

void mouse_discard(app *a)
{
    const char *km = tigetstr("kmous");
    bool sgr = km && km != (const char *)-1 && *km && km[strlen(km) - 1] == '<';
    int left = sgr ? 24 : 3;   /* SGR: "B;X;YM" at most, X and Y up to 4 digits */
    for (int idle = 0; left > 0 && idle < 10;) {
        wint_t ch;
        int rc = wget_wch(a->inwin, &ch);
        if (rc == ERR) {
            idle++;
            napms(2);
            continue;
        }
        left--;
        if (sgr && (rc == KEY_CODE_YES || ch == 'M' || ch == 'm' ||
                    !(iswdigit(ch) || ch == ';')))
            return;
    }
}

void mouse_event(app *a)
{
    MEVENT ev;
    if (getmouse(&ev) != OK || a->too_small || a->dlg || a->prompt)
        return;
    if (ev.bstate & BUTTON4_PRESSED)
        wheel(a, -WHEEL_ROWS);
    else if (ev.bstate & BUTTON5_PRESSED)
        wheel(a, WHEEL_ROWS);
    else if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) {
        if (ev.y == 0)
            click_tab(a, ev.x);
        else
            click_row(a, ev.y, ev.x);
    }
    a->dirty = true;
}
