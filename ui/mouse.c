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

/* The longest wait for the rest of a report, in ms (a slow link's gap). */
#define MOUSE_REST_MS 500
#define NAP_MS 5

/* The next character, waiting up to wait_ms for it: OK, KEY_CODE_YES, or
 * ERR when none came. */
static int next_char(app *a, wint_t *ch, int wait_ms)
{
    for (int waited = 0;; waited += NAP_MS) {
        int rc = wget_wch(a->inwin, ch);
        if (rc != ERR || waited >= wait_ms)
            return rc;
        napms(NAP_MS);
    }
}

/* Drops the rest of a report: SGR up to its final M or m (at most 24
 * characters: "B;X;Y" with 4-digit coordinates), X10 three bytes. */
static void drop_report(app *a, bool sgr)
{
    int left = sgr ? 24 : 3;
    while (left-- > 0) {
        wint_t ch;
        int rc = next_char(a, &ch, MOUSE_REST_MS);
        if (rc == ERR)
            return;
        if (sgr && (rc == KEY_CODE_YES || ch == 'M' || ch == 'm' ||
                    !(iswdigit(ch) || ch == ';')))
            return;
    }
}

void mouse_discard(app *a)
{
    const char *km = tigetstr("kmous");
    drop_report(a, km && km != (const char *)-1 && *km && km[strlen(km) - 1] == '<');
}

/* Gives back a character read (ungetch's order is last in, first out). */
static void give_back(int rc, wint_t ch)
{
    if (rc == KEY_CODE_YES)
        ungetch((int)ch);
    else
        unget_wch((wchar_t)ch);
}

bool mouse_report_after_esc(app *a)
{
    wint_t c1, c2;
    int r1 = next_char(a, &c1, 30);
    if (r1 == ERR)
        return false;
    if (r1 != OK || c1 != '[') {
        give_back(r1, c1);
        return false;
    }
    int r2 = next_char(a, &c2, 30);
    if (r2 == OK && (c2 == '<' || c2 == 'M')) {
        drop_report(a, c2 == '<');
        return true;
    }
    if (r2 != ERR)
        give_back(r2, c2);
    give_back(r1, c1);
    return false;
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
