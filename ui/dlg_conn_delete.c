/* Delete a connection: names source -> sink and the types; the default
 * answer is No, and Yes is a key other than the one that opened it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialogs.h"
#include "draw.h"

typedef struct del_dlg {
    dialog base;
    char *id, *sink, *source, *desc, *types_text;
    char **types;
    size_t n_types;
    bool yes;   /* focus on Yes */
} del_dlg;

static void del_free(dialog *d)
{
    del_dlg *x = (del_dlg *)d;
    free(x->id);
    free(x->sink);
    free(x->source);
    free(x->desc);
    free(x->types_text);
    dd_types_free(x->types, x->n_types);
    free(x);
}

static void del_size(dialog *d, app *a, int rows, int cols, int *h, int *w)
{
    *h = 12;
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
    snprintf(line, sizeof(line), "id:    %s", x->id);
    draw_fit(d->win, 4, 2, w, line, theme_attr(R_NORMAL));
    draw_wrap(d->win, 6, 2, w, 2,
              x->sink ? "Data stops flowing to the sink. Undo (u) re-creates it from the org of "
                        "your keys with the same sink and types, under a new id."
                      : "Data stops flowing. The server sent no sink org for this connection, so "
                        "it cannot be re-created by undo.",
              theme_attr(R_DIM));
    int no_attr = x->yes ? theme_attr(R_NORMAL) : theme_attr(R_SELECTED);
    int yes_attr = x->yes ? theme_attr(R_SELECTED) : theme_attr(R_NORMAL);
    draw_text(d->win, 9, d->w / 2 - 14, 8, "[ No ]", no_attr);
    draw_text(d->win, 9, d->w / 2 + 4, 15, "[ Yes, delete ]", yes_attr);
    dialog_hint(d, "y delete   n / Esc keep it   Tab switch   Enter choose");
}

static dlg_rc confirm(del_dlg *x, app *a)
{
    if (!app_may_write(a, "delete"))
        return DLG_CLOSE;
    dd_job j = {.kind = DD_JOB_DELETE_CONN, .id = strdup(x->id)};
    if (!j.id)
        return DLG_CLOSE;
    uint64_t seq = app_submit(a, &j);
    if (!seq)
        return DLG_CLOSE;
    /* Kept for undo: what is needed to re-create it. */
    app_forget_delete(a);
    a->del_id = x->id;
    a->del_sink = x->sink;
    a->del_source = x->source;
    a->del_desc = x->desc;
    a->del_types = x->types;
    a->del_n_types = x->n_types;
    x->id = x->sink = x->source = x->desc = NULL;
    x->types = NULL;
    x->n_types = 0;
    a->delete_seq = seq;
    a->undo_deadline = 0;
    app_set_msg(a, MSG_INFO, "deleting %s", a->del_desc);
    return DLG_CLOSE;
}

static dlg_rc del_key(dialog *d, app *a, bool is_key, wint_t ch)
{
    del_dlg *x = (del_dlg *)d;
    if (is_key) {
        if (ch == KEY_LEFT || ch == KEY_RIGHT || ch == KEY_BTAB)
            x->yes = !x->yes;
        else if (ch == KEY_ENTER)
            return x->yes ? confirm(x, a) : DLG_CLOSE;
        return DLG_KEEP;
    }
    switch (ch) {
    case 'y':
    case 'Y':
        return confirm(x, a);
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
        return x->yes ? confirm(x, a) : DLG_CLOSE;
    default:
        return DLG_KEEP;
    }
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
        app_set_msg(a, MSG_ERROR, "this connection has no id; it cannot be deleted");
        return NULL;
    }
    del_dlg *x = calloc(1, sizeof(*x));
    if (!x)
        return NULL;
    x->base.ops = &del_ops;
    char desc[600], types[512];
    snprintf(desc, sizeof(desc), "%s %s %s", ref_name(&c->source), theme_glyphs()->arrow,
             ref_name(&c->sink));
    dd_conn_types_join(c, types, sizeof(types));
    x->id = strdup(c->id);
    /* Both are optional in an answer: without them undo is not offered. */
    x->sink = c->sink.id ? strdup(c->sink.id) : NULL;
    x->source = c->source.id ? strdup(c->source.id) : NULL;
    x->desc = strdup(desc);
    x->types_text = strdup(types);
    x->types = calloc(c->n_types ? c->n_types : 1, sizeof(char *));
    if (x->types)
        for (size_t i = 0; i < c->n_types; i++)
            if ((x->types[i] = strdup(c->types[i])))
                x->n_types = i + 1;
    if (!x->id || (c->sink.id && !x->sink) || (c->source.id && !x->source) || !x->desc ||
        !x->types_text || !x->types ||
        x->n_types != c->n_types) {
        del_free(&x->base);
        return NULL;
    }
    return &x->base;
}
