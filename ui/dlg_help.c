/* Help overlay, built from the action table (write actions greyed and
 * marked when the console is read-only). */
#include <stdio.h>
#include <stdlib.h>

#include "actions.h"
#include "ops.h"
#include "dialogs.h"
#include "draw.h"

typedef struct help_dlg {
    dialog base;
    int scroll;
} help_dlg;

static void help_size(dialog *d, app *a, int rows, int cols, int *h, int *w)
{
    *h = rows - 4;
    /* Grows with the terminal: a line names its key, its words and its
     * request: up to 140 columns, past which a line reads no better. */
    *w = cols - 8 > 140 ? 140 : cols - 8;
}

static void help_draw(dialog *d, app *a)
{
    help_dlg *hd = (help_dlg *)d;
    dialog_frame(d, "Help: keys", theme_attr(R_NORMAL));
    int y = 1, inner = d->h - 3;
    int line = 0;
    for (size_t i = 0; i < n_actions && y <= inner; i++) {
        const action *ac = &actions[i];
        const char *help = action_help(ac);
        if (!help || !*help)
            continue;
        if (line++ < hd->scroll)
            continue;
        /* A write names its request, from the operations table. */
        const dd_op *op = dd_op_get(ac->op);
        bool writes = action_writes(ac);
        bool off = writes && dd_session_read_only(a->s);
        char text[300];
        if (writes)
            snprintf(text, sizeof(text), "%s  (%s) %s %s", help,
                     off ? "write: off, read-only" : "write", op->method, op->path);
        else
            snprintf(text, sizeof(text), "%s", help);
        int attr = off ? theme_attr(R_DIM) : theme_attr(R_NORMAL);
        draw_fit(d->win, y, 2, 8, ac->keyname, attr | A_BOLD);
        draw_fit(d->win, y, 11, d->w - 13, text, attr);
        y++;
    }
    dialog_hint(d, "Up/Down scroll   any other key closes");
}

static dlg_rc help_key(dialog *d, app *a, bool is_key, wint_t ch)
{
    help_dlg *hd = (help_dlg *)d;
    if (is_key && (ch == KEY_DOWN || ch == KEY_NPAGE)) {
        hd->scroll++;
        return DLG_KEEP;
    }
    if (is_key && (ch == KEY_UP || ch == KEY_PPAGE)) {
        if (hd->scroll > 0)
            hd->scroll--;
        return DLG_KEEP;
    }
    if (is_key && ch == KEY_RESIZE)
        return DLG_KEEP;
    return DLG_CLOSE;
}

static const dialog_ops help_ops = {
    .size = help_size,
    .draw = help_draw,
    .key = help_key,
};

dialog *dlg_help_new(app *a)
{
    help_dlg *d = calloc(1, sizeof(*d));
    if (d)
        d->base.ops = &help_ops;
    return &d->base;
}
