/* Quit while a write is in flight: the operator decides. */
#include <stdio.h>
#include <stdlib.h>

#include "dialogs.h"
#include "draw.h"

static void quit_size(dialog *d, app *a, int rows, int cols, int *h, int *w)
{
    *h = 8;
    *w = 64;
}

static void quit_draw(dialog *d, app *a)
{
    dialog_frame(d, "Quit?", theme_attr(R_WARN));
    char text[200];
    snprintf(text, sizeof(text),
             "%d write(s) in flight. If you quit now the server may or may not apply "
             "them; the audit log keeps the intent.",
             dd_worker_writes_pending(a->worker));
    draw_wrap(d->win, 1, 2, d->w - 4, 3, text, theme_attr(R_NORMAL));
    dialog_hint(d, "y quit anyway   n / Esc stay");
}

static dlg_rc quit_key(dialog *d, app *a, bool is_key, wint_t ch)
{
    if (!is_key && (ch == 'y' || ch == 'Y')) {
        a->quit = true;
        return DLG_CLOSE;
    }
    if (!is_key && (ch == 'n' || ch == 'N' || ch == 27 || ch == 'q'))
        return DLG_CLOSE;
    return DLG_KEEP;
}

static const dialog_ops quit_ops = {.size = quit_size, .draw = quit_draw, .key = quit_key};

dialog *dlg_quit_new(app *a)
{
    dialog *d = calloc(1, sizeof(*d));
    if (d)
        d->ops = &quit_ops;
    return d;
}
