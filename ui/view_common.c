#include "view.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "draw.h"
#include "textwidth.h"

void view_short_time(int64_t t, char *buf, size_t n)
{
    if (t == DD_TIME_NONE) {
        snprintf(buf, n, "-");
        return;
    }
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm)) {
        snprintf(buf, n, "-");
        return;
    }
    strftime(buf, n, "%Y-%m-%d %H:%M", &tm);
}

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

void view_list_header(const dd_table *t, int y, int w, int n_cols, const int *col_x,
                      const int *col_w, const char *(*name)(int col))
{
    int attr = theme_attr(R_HEADER);
    wattrset(stdscr, attr);
    mvwhline(stdscr, y, 0, ' ', w);
    for (int col = 0; col < n_cols; col++) {
        char title[64];
        const char *dir = t->sort_rev ? theme_glyphs()->down : theme_glyphs()->up;
        if (t->sort_col == col)
            snprintf(title, sizeof(title), "%s %s", name(col), dir);
        else
            snprintf(title, sizeof(title), "%s", name(col));
        draw_fit(stdscr, y, col_x[col], col_w[col], title,
                 attr | (t->sort_col == col ? A_BOLD : 0));
    }
}

void view_list_empty(app *a, const dd_table *t, int top, int rows, int w,
                     const view_empty_words *words)
{
    if (t->n != 0)
        return;
    char msg[400];
    if (t->load.loading)
        snprintf(msg, sizeof(msg), "%s%s", words->loading, theme_glyphs()->ellipsis);
    else if (t->filter[0])
        snprintf(msg, sizeof(msg), "%s \"%s\"%s", words->no_match, t->filter,
                 words->no_match_end);
    else if (t->load.error[0])
        msg[0] = '\0';  /* the error itself is shown below */
    else
        snprintf(msg, sizeof(msg), "%s", words->none);
    if (msg[0])
        view_empty(a, top, rows, 0, w, msg);
    else
        view_empty_error(a, top, rows, 0, w, t->load.error);
}

int view_detail_frame(app *a, int y, int x, int h, int w, int *ix, int *iw)
{
    for (int i = 0; i < h; i++)
        draw_fit(stdscr, y + i, x, w, "", theme_attr(R_NORMAL));
    wattrset(stdscr, theme_attr(R_DIM));
    if (app_detail_beside(a))
        mvwvline(stdscr, y, x, theme_ascii() ? '|' : ACS_VLINE, h);
    else
        mvwhline(stdscr, y, x, theme_ascii() ? '-' : ACS_HLINE, w);
    wattrset(stdscr, A_NORMAL);
    *ix = app_detail_beside(a) ? x + 2 : x + 1;
    *iw = w - (*ix - x) - 1;
    return app_detail_beside(a) ? y : y + 1;
}

void view_place_detail(app *a, int top, int rows, int list_rows, int lw,
                       void (*draw)(app *a, int y, int x, int h, int w))
{
    if (app_detail_beside(a))
        draw(a, top, lw, rows, a->cols - lw);
    else if (a->detail)
        draw(a, top + 1 + list_rows, 0, rows - 1 - list_rows, a->cols);
}
