/* Delete a connection: names source -> sink and the types. How it asks
 * comes from the operations table through the session: while undo can
 * re-create the connection, a Yes/No question whose default is No (Yes is a
 * key other than the one that opened it); otherwise, as the command line
 * does, the first 8 characters of the id typed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "confirm.h"
#include "dialogs.h"
#include "draw.h"

typedef struct del_dlg {
    dialog base;
    dd_conn_list row;   /* a copy of the row: the list may change meanwhile */
    char *desc, *types_text;
    char via[300];      /* the account view: "profile NAME" it goes through; "" else */
    dd_confirm how;     /* DD_CONFIRM_YES_NO or DD_CONFIRM_ID8 */
    char expect[9];     /* ID8: the first 8 characters of the id */
    confirm cf;         /* ID8: the typed field */
    bool yes;           /* YES_NO: focus on Yes */
} del_dlg;

static const dd_conn *conn(const del_dlg *x)
{
    return &x->row.items[0];
}

static void del_free(dialog *d)
{
    del_dlg *x = (del_dlg *)d;
    dd_conn_list_free(&x->row);
    free(x->desc);
    free(x->types_text);
    confirm_free(&x->cf);
    free(x);
}

static void del_size(dialog *d, app *a, int rows, int cols, int *h, int *w)
{
    del_dlg *x = (del_dlg *)d;
    *h = x->how == DD_CONFIRM_YES_NO ? 12 : 17;
    *w = 76;
}

static void del_draw(dialog *d, app *a)
{
    del_dlg *x = (del_dlg *)d;
    dialog_frame(d, "Delete connection", theme_attr(R_WARN));
    int w = d->w - 4;
    draw_fit(d->win, 2, 2, w, x->desc, A_BOLD);
    char line[400];
    snprintf(line, sizeof(line), "types: %s", x->types_text);
    draw_fit(d->win, 3, 2, w, line, theme_attr(R_NORMAL));
    snprintf(line, sizeof(line), "id:    %s", conn(x)->id);
    draw_fit(d->win, 4, 2, w, line, theme_attr(R_NORMAL));
    if (x->how == DD_CONFIRM_YES_NO) {
        draw_wrap(d->win, 6, 2, w, 2,
                  "Data stops flowing to the sink. Undo (u) re-creates it from the org of your "
                  "keys with the same sink and types, under a new id.",
                  theme_attr(R_DIM));
        int no_attr = x->yes ? theme_attr(R_NORMAL) : theme_attr(R_SELECTED);
        int yes_attr = x->yes ? theme_attr(R_SELECTED) : theme_attr(R_NORMAL);
        draw_text(d->win, 9, d->w / 2 - 14, 8, "[ No ]", no_attr);
        draw_text(d->win, 9, d->w / 2 + 4, 15, "[ Yes, delete ]", yes_attr);
        dialog_hint(d, "y delete   n / Esc keep it   Tab switch   Enter choose");
        return;
    }
    if (x->via[0]) {
        snprintf(line, sizeof(line), "via:   %s (the account view)", x->via);
        draw_fit(d->win, 5, 2, w, line, A_BOLD);
    }
    draw_wrap(d->win, 6, 2, w, 3,
              x->via[0] ? "Data stops flowing to the sink. The account view offers no undo: "
                          "this cannot be undone."
              : !conn(x)->sink.id
                  ? "Data stops flowing. The server sent no sink org for this connection, so "
                    "undo could not re-create it: this cannot be undone."
                  : "Data stops flowing to the sink. Its source is not the org of your keys, and "
                    "the API creates connections only from that org, so undo could not "
                    "re-create it: this cannot be undone.",
              theme_attr(R_WARN));
    draw_fit(d->win, 9, 2, w, "Type the first 8 characters of the id to delete it:", A_BOLD);
    confirm_draw(&x->cf, d, 10, 12, "deleting...");
    dialog_hint(d, "Enter delete   Esc keep it");
}

static dlg_rc confirm_delete(del_dlg *x, app *a)
{
    dd_fx fx = {0};
    dd_session_delete_conn(a->s, conn(x), &fx);
    app_run(a, &fx);
    return DLG_CLOSE;
}

static dlg_rc yes_no_key(del_dlg *x, app *a, bool is_key, wint_t ch)
{
    if (is_key) {
        if (ch == KEY_LEFT || ch == KEY_RIGHT || ch == KEY_BTAB)
            x->yes = !x->yes;
        else if (ch == KEY_ENTER)
            return x->yes ? confirm_delete(x, a) : DLG_CLOSE;
        return DLG_KEEP;
    }
    switch (ch) {
    case 'y':
    case 'Y':
        return confirm_delete(x, a);
    case 'n':
    case 'N':
    case 27:
    case 'q':
        return DLG_CLOSE;
    case '\t':
        x->yes = !x->yes;
        return DLG_KEEP;
    case '\n':
    case '\r':
        return x->yes ? confirm_delete(x, a) : DLG_CLOSE;
    default:
        return DLG_KEEP;
    }
}

static dlg_rc del_key(dialog *d, app *a, bool is_key, wint_t ch)
{
    del_dlg *x = (del_dlg *)d;
    if (x->how == DD_CONFIRM_YES_NO)
        return yes_no_key(x, a, is_key, ch);
    char typed[64];
    dlg_rc rc;
    if (!confirm_key(&x->cf, is_key, ch, typed, sizeof(typed), &rc))
        return rc;
    if (strcmp(typed, x->expect) != 0) {
        snprintf(x->cf.error, sizeof(x->cf.error),
                 "That is not the start of the id (%s); nothing was deleted.", x->expect);
        return DLG_KEEP;
    }
    return confirm_delete(x, a);
}

static const dialog_ops del_ops = {
    .size = del_size, .draw = del_draw, .key = del_key, .free = del_free,
};

static const char *ref_name(const dd_ref *r)
{
    return r->name && *r->name ? r->name : r->id ? r->id : "?";
}

dialog *dlg_conn_delete_new(app *a, const dd_conn *c)
{
    if (!c->id || !*c->id) {
        dd_session_msg(a->s, DD_MSG_ERROR, "this connection has no id; it cannot be deleted");
        return NULL;
    }
    del_dlg *x = calloc(1, sizeof(*x));
    if (!x)
        return NULL;
    x->base.ops = &del_ops;
    if (!dd_session_write_via(a->s, DD_OP_CONN_DELETE, c->source.id, c->sink.id, x->via,
                              sizeof(x->via))) {
        dd_session_msg(a->s, DD_MSG_ERROR, "%s", x->via);   /* the account view: none may */
        free(x);
        return NULL;
    }
    x->how = dd_session_delete_confirm(a->s, c);
    snprintf(x->expect, sizeof(x->expect), "%.8s", c->id);
    char desc[600], types[512];
    snprintf(desc, sizeof(desc), "%s %s %s", ref_name(&c->source), theme_glyphs()->arrow,
             ref_name(&c->sink));
    dd_value_text((dd_value){.kind = DD_V_LIST, .list = c->types, .n = c->n_types}, types,
                  sizeof(types));
    x->desc = strdup(desc);
    x->types_text = strdup(types);
    bool ok = dd_conn_list_init(&x->row) == 0 && dd_conn_list_append_copy(&x->row, c) == 0 &&
              x->desc && x->types_text;
    if (ok && x->how != DD_CONFIRM_YES_NO)
        ok = confirm_init(&x->cf, 40) == 0;
    if (!ok) {
        del_free(&x->base);
        return NULL;
    }
    return &x->base;
}
