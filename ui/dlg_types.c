/* Edit a connection's types: tick boxes, then a review of the change and
 * of the exact request before anything is sent. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_json.h"
#include "checklist.h"
#include "dialogs.h"
#include "draw.h"

typedef struct types_dlg {
    dialog base;
    char *id, *desc;
    checklist cl;
    char **orig;       /* the types before the edit */
    size_t n_orig;
    bool review;
    bool sending;
    char error[700];
} types_dlg;

static void types_free(dialog *d)
{
    types_dlg *x = (types_dlg *)d;
    free(x->id);
    free(x->desc);
    checklist_free(&x->cl);
    dd_types_free(x->orig, x->n_orig);
    free(x);
}

static void types_size(dialog *d, app *a, int rows, int cols, int *h, int *w)
{
    types_dlg *x = (types_dlg *)d;
    *h = (int)x->cl.n + 14;
    *w = cols - 6 > 100 ? 100 : cols - 6;
}

static bool was_on(const types_dlg *x, const char *t)
{
    for (size_t i = 0; i < x->n_orig; i++)
        if (strcmp(x->orig[i], t) == 0)
            return true;
    return false;
}

/* "+audit -logs" */
static void change_text(const types_dlg *x, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < x->cl.n && used + 1 < n; i++) {
        bool before = was_on(x, x->cl.names[i]);
        if (before == x->cl.on[i])
            continue;
        int w = snprintf(buf + used, n - used, "%s%s%s", used ? " " : "",
                         x->cl.on[i] ? "+" : (theme_ascii() ? "-" : "\u2212"), x->cl.names[i]);
        if (w > 0)
            used += (size_t)w;
    }
}

static void types_draw(dialog *d, app *a)
{
    types_dlg *x = (types_dlg *)d;
    dialog_frame(d, "Edit connection types", theme_attr(R_NORMAL));
    int w = d->w - 4, y = 1;
    draw_fit(d->win, y++, 2, w, x->desc, A_BOLD);
    y++;
    if (!x->review) {
        checklist_draw(d->win, y, 4, w - 2, &x->cl, true);
        y += (int)x->cl.n + 1;
        dialog_error(d, y, x->error);
        dialog_hint(d, "Space tick/untick   Enter review   Esc cancel");
        return;
    }
    char change[400], line[600];
    change_text(x, change, sizeof(change));
    snprintf(line, sizeof(line), "Change: %s", change);
    draw_fit(d->win, y++, 2, w, line, theme_attr(R_CHANGED) | A_BOLD);
    y++;
    draw_fit(d->win, y++, 2, w, "Request:", theme_attr(R_DIM));
    snprintf(line, sizeof(line), "PATCH /api/v2/org_connections/%s", x->id);
    draw_fit(d->win, y++, 2, w, line, theme_attr(R_NORMAL));
    const char *sel[CHECKLIST_MAX];
    size_t n = checklist_selected(&x->cl, sel, CHECKLIST_MAX);
    char *body = dd_body_update_connection(x->id, sel, n);
    y += draw_wrap(d->win, y, 2, w, 4, body ? body : "(out of memory)", theme_attr(R_NORMAL));
    free(body);
    y++;
    dialog_status(d, y, x->sending, "sending...", x->error);
    dialog_hint(d, x->sending ? "waiting for the server" : "Enter send   Esc back to the types");
}

static dlg_rc send(types_dlg *x, app *a)
{
    const char *sel[CHECKLIST_MAX];
    size_t n = checklist_selected(&x->cl, sel, CHECKLIST_MAX);
    dd_fx fx = {0};
    bool queued = dd_session_update(a->s, x->id, sel, n, &fx);
    x->sending = dialog_sent(&x->base, a, &fx, queued, x->error);
    return queued ? DLG_KEEP : DLG_CLOSE;
}

static dlg_rc types_key(dialog *d, app *a, bool is_key, wint_t ch)
{
    types_dlg *x = (types_dlg *)d;
    if (x->sending)
        return DLG_KEEP;  /* the answer decides; Esc cannot unsend */
    if (!x->review) {
        if (!is_key && ch == 27)
            return DLG_CLOSE;
        if (dialog_is_enter(is_key, ch)) {
            char change[400];
            change_text(x, change, sizeof(change));
            if (checklist_count_on(&x->cl) == 0)
                snprintf(x->error, sizeof(x->error), "At least one type is required.");
            else if (!change[0])
                snprintf(x->error, sizeof(x->error), "Nothing changed.");
            else {
                x->error[0] = '\0';
                x->review = true;
            }
            return DLG_KEEP;
        }
        if (checklist_key(&x->cl, is_key, ch))
            x->error[0] = '\0';
        return DLG_KEEP;
    }
    if (!is_key && ch == 27) {
        x->review = false;
        return DLG_KEEP;
    }
    if (dialog_is_enter(is_key, ch) || (!is_key && ch == 'y'))
        return send(x, a);
    return DLG_KEEP;
}

static dlg_rc types_result(dialog *d, app *a, const dd_result *r)
{
    types_dlg *x = (types_dlg *)d;
    x->sending = false;
    if (r->status == DD_OK)
        return DLG_CLOSE;
    char buf[600];
    dd_error_describe(&r->err, buf, sizeof(buf));
    snprintf(x->error, sizeof(x->error), "Not changed: %s", buf);
    x->review = false;
    return DLG_KEEP;
}

static const dialog_ops types_ops = {
    .size = types_size, .draw = types_draw, .key = types_key,
    .on_result = types_result, .free = types_free,
};

dialog *dlg_types_new(app *a, const dd_conn *c)
{
    types_dlg *x = calloc(1, sizeof(*x));
    if (!x)
        return NULL;
    x->base.ops = &types_ops;
    char desc[600], via[600] = "";
    if (!dd_session_write_via(a->s, DD_OP_CONN_UPDATE, c->source.id, c->sink.id, via,
                              sizeof(via))) {
        dd_session_msg(a->s, DD_MSG_ERROR, "%s", via);   /* the account view: none may */
        free(x);
        return NULL;
    }
    snprintf(desc, sizeof(desc), "%s %s %s%s%s", c->source.name ? c->source.name : "?",
             theme_glyphs()->arrow, c->sink.name ? c->sink.name : c->sink.id ? c->sink.id : "?",
             via[0] ? ", through " : "", via);
    x->id = strdup(c->id ? c->id : "");
    x->desc = strdup(desc);
    if ((x->orig = dd_types_dup(c->types, c->n_types)))
        x->n_orig = c->n_types;
    if (!x->id || !x->desc || !x->orig || checklist_init(&x->cl, c->types, c->n_types) != 0) {
        types_free(&x->base);
        return NULL;
    }
    return &x->base;
}
