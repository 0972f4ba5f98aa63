#include "confirm.h"

#include "draw.h"

int confirm_init(confirm *c, int max)
{
    c->sending = false;
    c->error[0] = '\0';
    c->in = textfield_new(max);
    return c->in ? 0 : -1;
}

void confirm_free(confirm *c)
{
    textfield_free(c->in);
    c->in = NULL;
}

bool confirm_key(confirm *c, bool is_key, wint_t ch, char *typed, size_t n, dlg_rc *rc)
{
    *rc = DLG_KEEP;
    if (c->sending)
        return false;  /* the answer decides; Esc cannot unsend */
    if (!is_key && ch == 27) {
        *rc = DLG_CLOSE;
        return false;
    }
    if (dialog_is_enter(is_key, ch)) {
        textfield_get(c->in, typed, n);
        return true;
    }
    if (textfield_key(c->in, is_key, ch))
        c->error[0] = '\0';
    return false;
}

dlg_rc confirm_sent(confirm *c, dialog *d, app *a, dd_fx *fx, bool queued)
{
    c->sending = dialog_sent(d, a, fx, queued, c->error);
    return queued ? DLG_KEEP : DLG_CLOSE;
}

void confirm_draw(confirm *c, dialog *d, int y, int field_w, const char *busy)
{
    d->cur_x = textfield_draw(c->in, d->win, y, 4, field_w, theme_attr(R_SELECTED));
    d->cur_y = y;
    d->want_cursor = !c->sending;
    dialog_status(d, y + 2, c->sending, busy, c->error);
}
