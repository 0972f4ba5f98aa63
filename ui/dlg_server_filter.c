/* Server-side filter: sink_org_id / source_org_id query parameters; the
 * list is fetched again with them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_json.h"
#include "dialogs.h"
#include "draw.h"
#include "textfield.h"

typedef struct sflt_dlg {
    dialog base;
    textfield *sink, *source;
    int focus;
    char error[300];
} sflt_dlg;

static void sflt_free(dialog *d)
{
    sflt_dlg *x = (sflt_dlg *)d;
    textfield_free(x->sink);
    textfield_free(x->source);
    free(x);
}

static void sflt_size(dialog *d, app *a, int rows, int cols, int *h, int *w)
{
    *h = 12;
    *w = 64;
}

static void sflt_draw(dialog *d, app *a)
{
    sflt_dlg *x = (sflt_dlg *)d;
    dialog_frame(d, "Server-side filter", theme_attr(R_NORMAL));
    int w = d->w - 4;
    draw_fit(d->win, 1, 2, w, "Sink org id (empty: any):", x->focus == 0 ? (int)A_BOLD : theme_attr(R_DIM));
    int c0 = textfield_draw(x->sink, d->win, 2, 4, 40, theme_attr(R_SELECTED));
    draw_fit(d->win, 4, 2, w, "Source org id (empty: any):", x->focus == 1 ? (int)A_BOLD : theme_attr(R_DIM));
    int c1 = textfield_draw(x->source, d->win, 5, 4, 40, theme_attr(R_SELECTED));
    dialog_error(d, 7, x->error);
    dialog_hint(d, "Tab other field   Enter fetch   Esc cancel");
    d->want_cursor = true;
    d->cur_y = x->focus == 0 ? 2 : 5;
    d->cur_x = x->focus == 0 ? c0 : c1;
}

static dlg_rc sflt_key(dialog *d, app *a, bool is_key, wint_t ch)
{
    sflt_dlg *x = (sflt_dlg *)d;
    if (!is_key && ch == 27)
        return DLG_CLOSE;
    if ((!is_key && ch == '\t') || (is_key && (ch == KEY_BTAB || ch == KEY_DOWN || ch == KEY_UP))) {
        x->focus = !x->focus;
        return DLG_KEEP;
    }
    if (dialog_is_enter(is_key, ch)) {
        char sink[128], source[128];
        textfield_get(x->sink, sink, sizeof(sink));
        textfield_get(x->source, source, sizeof(source));
        if ((sink[0] && !dd_is_uuid(sink)) || (source[0] && !dd_is_uuid(source))) {
            snprintf(x->error, sizeof(x->error), "Org ids are uuids (8-4-4-4-12 hex), or empty.");
            return DLG_KEEP;
        }
        dd_fx fx = {0};
        dd_session_set_server_filter(a->s, sink, source, &fx);
        app_run(a, &fx);
        return DLG_CLOSE;
    }
    textfield_key(x->focus == 0 ? x->sink : x->source, is_key, ch);
    return DLG_KEEP;
}

static const dialog_ops sflt_ops = {
    .size = sflt_size, .draw = sflt_draw, .key = sflt_key, .free = sflt_free,
};

dialog *dlg_server_filter_new(app *a)
{
    sflt_dlg *x = calloc(1, sizeof(*x));
    if (!x)
        return NULL;
    x->base.ops = &sflt_ops;
    x->sink = textfield_new(100);
    x->source = textfield_new(100);
    if (!x->sink || !x->source) {
        sflt_free(&x->base);
        return NULL;
    }
    textfield_set(x->sink, a->s->store.sink_filter);
    textfield_set(x->source, a->s->store.source_filter);
    return &x->base;
}
