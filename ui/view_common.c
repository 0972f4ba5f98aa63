/* Helpers every panel uses. */
#include "view.h"

#include <stdio.h>
#include <stdlib.h>
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

int view_kv_id(WINDOW *win, int y, int x, int w, const char *label, const char *value,
               const char *id)
{
    int vw = w - 12;
    size_t vl = value ? strlen(value) : 0, il = id ? strlen(id) : 0;
    bool ends_with_id = id && vl >= il + 3 && strncmp(value + vl - il - 3, " (", 2) == 0 &&
                        strncmp(value + vl - il - 1, id, il) == 0 && value[vl - 1] == ')';
    if (!ends_with_id || dd_text_width(value) <= vw)
        return view_kv(win, y, x, w, label, value);
    int idw = dd_text_width(id);
    char *head = strndup(value, vl - il - 3);
    if (!head || idw > vw) {
        free(head);
        return view_kv(win, y, x, w, label, value);
    }
    char line[1300], cut[1200];
    if (idw + 4 <= vw) {
        /* One row: what comes before the id is cut. */
        dd_text_fit(head, vw - idw - 3, 0, theme_ascii(), cut, sizeof(cut));
        snprintf(line, sizeof(line), "%s (%s)", cut, id);
        free(head);
        return view_kv(win, y, x, w, label, line);
    }
    /* Room for the id alone: the name on this row, the id whole below
     * (in parentheses when they fit too). */
    y = view_kv(win, y, x, w, label, head);
    free(head);
    snprintf(line, sizeof(line), idw + 2 <= vw ? "(%s)" : "%s", id);
    return view_kv(win, y, x, w, "", line);
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
