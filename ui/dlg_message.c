/* The whole status message: the status line cuts a long one (a server's
 * error with a URL, a config error naming a path) to one row. A copy is
 * taken when the dialog opens, so a newer message does not change it
 * under the reader's eyes. */
#include <stdio.h>
#include <stdlib.h>

#include "dialogs.h"
#include "draw.h"
#include "textwidth.h"

typedef struct msg_dlg {
    dialog base;
    bool error;
    char text[sizeof(((dd_msg *)0)->text)];
} msg_dlg;

static void msg_size(dialog *d, app *a, int rows, int cols, int *h, int *w)
{
    msg_dlg *x = (msg_dlg *)d;
    *w = cols - 4 < 84 ? cols - 4 : 84;
    /* Word wrap loses up to a word per row: a row of slack per 4 rows. */
    int inner = *w - 4 > 1 ? *w - 4 : 1;
    int lines = dd_text_width(x->text) / inner + 1;
    lines += lines / 4 + 1;
    *h = lines + 4 < rows - 2 ? lines + 4 : rows - 2;
}

static void msg_draw(dialog *d, app *a)
{
    msg_dlg *x = (msg_dlg *)d;
    dialog_frame(d, x->error ? "Error" : "Message", theme_attr(x->error ? R_ERROR : R_NORMAL));
    draw_wrap(d->win, 1, 2, d->w - 4, d->h - 4, x->text, theme_attr(R_NORMAL));
    dialog_hint(d, "Enter / Esc close");
}

static dlg_rc msg_key(dialog *d, app *a, bool is_key, wint_t ch)
{
    if (dialog_is_enter(is_key, ch) || (!is_key && (ch == 27 || ch == 'q' || ch == 'm')))
        return DLG_CLOSE;
    return DLG_KEEP;
}

static const dialog_ops msg_ops = {.size = msg_size, .draw = msg_draw, .key = msg_key};

dialog *dlg_message_new(app *a)
{
    const dd_msg *m = &a->s->msg;
    if (m->kind == DD_MSG_NONE || !m->text[0])
        return NULL;
    msg_dlg *x = calloc(1, sizeof(*x));
    if (!x)
        return NULL;
    x->base.ops = &msg_ops;
    x->error = m->kind == DD_MSG_ERROR;
    snprintf(x->text, sizeof(x->text), "%s", m->text);
    return &x->base;
}
