#include "dialog.h"

#include <stdlib.h>

#include "draw.h"

void dialog_open(app *a, dialog *d)
{
    if (!d)
        return;
    if (a->dlg)
        dialog_close(a);
    a->dlg = d;
    dialog_layout(d, a);
    if (a->too_small && d->panel)
        hide_panel(d->panel);
    a->dirty = true;
}

void dialog_close(app *a)
{
    if (!a->dlg)
        return;
    dialog_destroy(a->dlg);
    a->dlg = NULL;
    a->dirty = true;
    /* What was under the dialog must be sent again. */
    touchwin(stdscr);
}

void dialog_layout(dialog *d, app *a)
{
    int h = 0, w = 0;
    d->ops->size(d, a, a->rows, a->cols, &h, &w);
    if (h > a->rows)
        h = a->rows;
    if (w > a->cols)
        w = a->cols;
    if (h < 3)
        h = 3;
    if (w < 10)
        w = 10;
    int y = (a->rows - h) / 2, x = (a->cols - w) / 2;
    if (y < 0)
        y = 0;
    if (x < 0)
        x = 0;
    WINDOW *win = newwin(h, w, y, x);
    if (!win)
        return;
    if (d->panel)
        replace_panel(d->panel, win);
    else
        d->panel = new_panel(win);
    if (d->win)
        delwin(d->win);
    d->win = win;
    d->h = h;
    d->w = w;
    top_panel(d->panel);
}

void dialog_destroy(dialog *d)
{
    if (!d)
        return;
    if (d->panel)
        del_panel(d->panel);
    if (d->win)
        delwin(d->win);
    d->panel = NULL;
    d->win = NULL;
    if (d->ops->free)
        d->ops->free(d);
    else
        free(d);
}

void dialog_frame(dialog *d, const char *title, int attr)
{
    werase(d->win);
    wattrset(d->win, attr);
    draw_box(d->win);
    wattrset(d->win, A_NORMAL);
    if (title) {
        mvwaddstr(d->win, 0, 2, " ");
        draw_text(d->win, 0, 3, d->w - 6, title, attr | A_BOLD);
        waddstr(d->win, " ");
    }
    d->want_cursor = false;
}

void dialog_hint(dialog *d, const char *hint)
{
    draw_fit(d->win, d->h - 2, 2, d->w - 4, hint, theme_attr(R_DIM));
}

int dialog_error(dialog *d, int y, const char *text)
{
    if (!text || !*text)
        return 0;
    return draw_wrap(d->win, y, 2, d->w - 4, d->h - 3 - y, text, theme_attr(R_WARN));
}

bool dialog_is_enter(bool is_key, wint_t ch)
{
    return (is_key && ch == KEY_ENTER) || (!is_key && (ch == '\n' || ch == '\r'));
}

bool dialog_sent(dialog *d, app *a, dd_fx *fx, bool queued, char *error)
{
    uint64_t seq = app_run(a, fx);
    if (!queued)
        return false;
    d->pending = seq;
    error[0] = '\0';
    return d->pending != 0;
}

void dialog_status(dialog *d, int y, bool sending, const char *busy, const char *error)
{
    if (sending)
        draw_fit(d->win, y, 2, d->w - 4, busy, theme_attr(R_DIM));
    else
        dialog_error(d, y, error);
}
