/* Helpers every panel uses. */
#include "view.h"

#include <stdio.h>
#include <string.h>

#include "draw.h"
#include "textwidth.h"

int view_kv(WINDOW *win, int y, int x, int w, const char *label, const char *value)
{
    int lw = 12;
    draw_fit(win, y, x, lw, label, theme_attr(R_DIM) | A_BOLD);
    draw_fit(win, y, x + lw, w - lw, value && *value ? value : "-", theme_attr(R_NORMAL));
    return y + 1;
}

void view_empty(app *a, int top, int rows, int x, int w, const char *text)
{
    int tw = dd_text_width(text);
    int cx = x + (w - tw) / 2;
    if (cx < x)
        cx = x;
    draw_text(stdscr, top + rows / 2, cx, w, text, theme_attr(R_DIM));
}

void view_empty_error(app *a, int top, int rows, int x, int w, const char *error)
{
    char text[700];
    snprintf(text, sizeof(text), "No data: the last fetch failed: %s. Press r to retry.", error);
    int margin = w > 20 ? 4 : 0;
    int max_rows = rows > 2 ? rows - 2 : rows;
    int y = top + (rows > 6 ? rows / 2 - 2 : 0);
    draw_wrap(stdscr, y, x + margin, w - 2 * margin, max_rows, text, theme_attr(R_DIM));
}
