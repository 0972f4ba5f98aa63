#define _GNU_SOURCE  /* strcasestr */
/* Create a connection from the keys' org: the sink org (picked from the
 * org map: the account's managed orgs, else the orgs seen in the data; or a
 * pasted uuid) and the types. The form says plainly that the sink will be
 * able to query the source's data. Errors are explained inside the form and
 * nothing typed is lost. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api_json.h"
#include "checklist.h"
#include "dialogs.h"
#include "draw.h"
#include "ops.h"
#include "orgmap.h"
#include "textfield.h"

#define LIST_ROWS 6

enum { F_SINK, F_ORGS, F_TYPES, F_COUNT };

typedef struct org_ref {
    const char *id, *name;   /* copies, owned by the dialog */
    bool disabled;           /* cannot receive data */
    bool connected;          /* the keys' org already shares with it */
} org_ref;

typedef struct create_dlg {
    dialog base;
    textfield *sink;
    org_ref *orgs;           /* every org of the map but the keys' own */
    size_t n_orgs, cap_orgs;
    size_t *match;           /* orgs matching the sink text (n_orgs entries of room) */
    size_t n_match, cur, top;
    bool managed;            /* the map holds the account's managed orgs */
    char source[600];        /* "Alpha (uuid)": the keys' org, "" when unknown */
    char limit[200];         /* the documented share limit reached: said; "" else */
    char source_id[80];      /* the account view's source org picked on the map; "" the
                              * org of the keys in use */
    checklist cl;
    int focus;
    bool sending;
    char error[1400];
} create_dlg;

static void create_free(dialog *d)
{
    create_dlg *x = (create_dlg *)d;
    for (size_t i = 0; i < x->n_orgs; i++) {
        free((char *)x->orgs[i].id);
        free((char *)x->orgs[i].name);
    }
    free(x->orgs);
    free(x->match);
    checklist_free(&x->cl);
    textfield_free(x->sink);
    free(x);
}

static void refilter(create_dlg *x)
{
    char text[512];
    textfield_get(x->sink, text, sizeof(text));
    x->n_match = 0;
    for (size_t i = 0; i < x->n_orgs; i++)
        if (!text[0] || strcasestr(x->orgs[i].id, text) ||
            (x->orgs[i].name && strcasestr(x->orgs[i].name, text)))
            x->match[x->n_match++] = i;
    if (x->cur >= x->n_match)
        x->cur = x->n_match ? x->n_match - 1 : 0;
    if (x->top > x->cur)
        x->top = x->cur;
}

static void create_size(dialog *d, app *a, int rows, int cols, int *h, int *w)
{
    create_dlg *x = (create_dlg *)d;
    *h = 4 + 1 + 1 + LIST_ROWS + 1 + 1 + (int)x->cl.n + 1 + 4 + 3 + (x->limit[0] ? 1 : 0);
    *w = cols - 6 > 100 ? 100 : cols - 6;
}

static void create_draw(dialog *d, app *a)
{
    create_dlg *x = (create_dlg *)d;
    dialog_frame(d, "New connection", theme_attr(R_NORMAL));
    int w = d->w - 4, y = 1;
    char line[700];
    snprintf(line, sizeof(line), "From: %s",
             x->source[0] ? x->source : "the org of these keys (the API creates only from it)");
    draw_fit(d->win, y++, 2, w, line, theme_attr(R_NORMAL));
    if (x->limit[0])
        draw_fit(d->win, y++, 2, w, x->limit, theme_attr(R_WARN));
    draw_fit(d->win, y++, 2, w, "Sink org id (type or paste a uuid, or pick below):",
             x->focus == F_SINK ? (int)A_BOLD : theme_attr(R_DIM));
    int cx = textfield_draw(x->sink, d->win, y, 4, w - 2, theme_attr(R_SELECTED));
    int sink_y = y++;
    y++;
    char label[64], count[32];
    fmt_count(count, sizeof(count), (long long)x->n_orgs);
    snprintf(label, sizeof(label), x->managed ? "Orgs of the account (%s):"
                                             : "Orgs seen in the data (%s):", count);
    draw_fit(d->win, y++, 2, w, label,
             x->focus == F_ORGS ? (int)A_BOLD : theme_attr(R_DIM));
    if (x->cur >= x->top + LIST_ROWS)
        x->top = x->cur - LIST_ROWS + 1;
    for (int i = 0; i < LIST_ROWS; i++) {
        size_t k = x->top + (size_t)i;
        if (k >= x->n_match) {
            draw_fit(d->win, y + i, 4, w - 2, i == 0 && x->n_match == 0 ? "(none)" : "",
                     theme_attr(R_DIM));
            continue;
        }
        const org_ref *o = &x->orgs[x->match[k]];
        snprintf(line, sizeof(line), "%-36s  %s%s", o->id, o->name ? o->name : "",
                 o->disabled ? "  (disabled)" : o->connected ? "  (connected)" : "");
        int attr = x->focus == F_ORGS && k == x->cur ? theme_attr(R_SELECTED) : theme_attr(R_NORMAL);
        draw_fit(d->win, y + i, 4, w - 2, line, attr);
    }
    y += LIST_ROWS + 1;
    draw_fit(d->win, y++, 2, w, "Types:", x->focus == F_TYPES ? (int)A_BOLD : theme_attr(R_DIM));
    checklist_draw(d->win, y, 4, w - 2, &x->cl, x->focus == F_TYPES);
    y += (int)x->cl.n + 1;
    char note[300];
    const char *c = dd_ops[DD_OP_CONN_CREATE].consequence;
    snprintf(note, sizeof(note), "%c%s.", toupper((unsigned char)c[0]), c + 1);
    y += draw_wrap(d->win, y, 2, w, 2, note, theme_attr(R_WARN));
    dialog_status(d, y, x->sending, "sending...", x->error);
    dialog_hint(d, "Tab next field   Enter create (in the org list: pick)   Esc cancel");
    d->want_cursor = x->focus == F_SINK;
    d->cur_y = sink_y;
    d->cur_x = cx;
}

static dlg_rc submit(create_dlg *x, app *a)
{
    char sink[512];
    textfield_get(x->sink, sink, sizeof(sink));
    if (!dd_is_uuid(sink)) {
        snprintf(x->error, sizeof(x->error),
                 "The sink org id must be a uuid (8-4-4-4-12 hex digits); pick one from the list "
                 "or paste it.");
        return DLG_KEEP;
    }
    if (checklist_count_on(&x->cl) == 0) {
        snprintf(x->error, sizeof(x->error), "Tick at least one type.");
        return DLG_KEEP;
    }
    for (size_t i = 0; i < x->n_orgs; i++) {
        const org_ref *o = &x->orgs[i];
        if (strcasecmp(o->id, sink) != 0)
            continue;
        const char *name = o->name ? o->name : o->id;
        if (o->disabled) {
            snprintf(x->error, sizeof(x->error),
                     "%s is disabled: a disabled org cannot receive data. Pick another org.",
                     name);
            return DLG_KEEP;
        }
        if (o->connected) {
            snprintf(x->error, sizeof(x->error),
                     "This org already shares with %s: close this form and edit that "
                     "connection's types with e.", name);
            return DLG_KEEP;
        }
    }
    const char *sel[CHECKLIST_MAX];
    size_t n = checklist_selected(&x->cl, sel, CHECKLIST_MAX);
    dd_fx fx = {0};
    bool queued = dd_session_create_from(a->s, x->source_id[0] ? x->source_id : NULL, sink,
                                         sel, n, &fx);
    x->sending = dialog_sent(&x->base, a, &fx, queued, x->error);
    return queued ? DLG_KEEP : DLG_CLOSE;
}

static dlg_rc create_key(dialog *d, app *a, bool is_key, wint_t ch)
{
    create_dlg *x = (create_dlg *)d;
    if (x->sending)
        return DLG_KEEP;
    if (!is_key && ch == 27)
        return DLG_CLOSE;
    if (!is_key && ch == '\t') {
        x->focus = (x->focus + 1) % F_COUNT;
        return DLG_KEEP;
    }
    if (is_key && ch == KEY_BTAB) {
        x->focus = (x->focus + F_COUNT - 1) % F_COUNT;
        return DLG_KEEP;
    }
    switch (x->focus) {
    case F_SINK:
        if (dialog_is_enter(is_key, ch))
            return submit(x, a);
        if (is_key && ch == KEY_DOWN) {
            x->focus = F_ORGS;
            return DLG_KEEP;
        }
        if (textfield_key(x->sink, is_key, ch)) {
            x->cur = x->top = 0;
            refilter(x);
        }
        return DLG_KEEP;
    case F_ORGS:
        if (dialog_is_enter(is_key, ch)) {
            if (x->n_match) {
                textfield_set(x->sink, x->orgs[x->match[x->cur]].id);
                x->focus = F_TYPES;
            }
            return DLG_KEEP;
        }
        if ((is_key && ch == KEY_UP) || (!is_key && ch == 'k')) {
            if (x->cur > 0)
                x->cur--;
            else
                x->focus = F_SINK;
        } else if ((is_key && ch == KEY_DOWN) || (!is_key && ch == 'j')) {
            if (x->cur + 1 < x->n_match)
                x->cur++;
        }
        return DLG_KEEP;
    case F_TYPES:
        if (dialog_is_enter(is_key, ch))
            return submit(x, a);
        checklist_key(&x->cl, is_key, ch);
        return DLG_KEEP;
    }
    return DLG_KEEP;
}

static dlg_rc create_result(dialog *d, app *a, const dd_result *r)
{
    create_dlg *x = (create_dlg *)d;
    x->sending = false;
    if (r->status == DD_OK)
        return DLG_CLOSE;
    char buf[600];
    dd_error_describe(&r->err, buf, sizeof(buf));
    long st = r->status == DD_E_HTTP ? r->err.http_status : 0;
    if (st == 409)
        snprintf(x->error, sizeof(x->error),
                 "A connection to this sink already exists (409). Close this form and edit its "
                 "types with e instead. Server said: %s", buf);
    else if (st == 404)
        snprintf(x->error, sizeof(x->error),
                 "Not found (404): no org with this id is visible to these keys. Check the sink "
                 "org id. Server said: %s", buf);
    else if (st == 400) {
        char why[400];
        dd_session_explain_refused_create(a->s, x->source_id[0] ? x->source_id : NULL, why,
                                          sizeof(why));
        snprintf(x->error, sizeof(x->error),
                 "Refused (400). %s Server said: %s", why, buf);
    }
    else
        snprintf(x->error, sizeof(x->error), "Not created: %s", buf);
    return DLG_KEEP;
}

static const dialog_ops create_ops = {
    .size = create_size, .draw = create_draw, .key = create_key,
    .on_result = create_result, .free = create_free,
};

/* The org map's rows but the keys' own org, each marked when it is disabled
 * or the keys' org already shares with it. */
static int collect_orgs(create_dlg *x, const dd_session *s, const dd_orgmap_row *from)
{
    const char *src = from ? from->id : s->self_org;
    const dd_store *st = &s->store;
    size_t n = dd_store_count(st, DD_LIST_ORGS);
    x->orgs = calloc(n ? n : 1, sizeof(*x->orgs));
    x->match = calloc(n ? n : 1, sizeof(*x->match));
    if (!x->orgs || !x->match)
        return -1;
    const dd_table *t = &st->t[DD_LIST_ORGS];
    for (size_t i = 0; i < n; i++) {
        const dd_orgmap_row *r = t->kind->list_at(t->rows, i);
        if (from ? strcasecmp(r->id, from->id) == 0 : r->self)
            continue;
        org_ref *o = &x->orgs[x->n_orgs];
        o->id = strdup(r->id);
        o->name = r->name ? strdup(r->name) : NULL;
        o->disabled = r->disabled;
        if (!o->id || (r->name && !o->name)) {
            free((char *)o->id);
            free((char *)o->name);
            return -1;
        }
        x->n_orgs++;
    }
    /* Connected: a connection from the source org to it. */
    const dd_conn_list *l = dd_store_conns(st);
    for (size_t i = 0; src[0] && i < l->n; i++) {
        const dd_conn *c = &l->items[i];
        if (!c->source.id || !c->sink.id || strcasecmp(c->source.id, src) != 0)
            continue;
        for (size_t k = 0; k < x->n_orgs; k++)
            if (strcasecmp(x->orgs[k].id, c->sink.id) == 0)
                x->orgs[k].connected = true;
    }
    x->managed = s->orgs_state == DD_ORGS_OK || s->account.on;
    if (from)
        snprintf(x->source, sizeof(x->source), "%s%s%s%s", from->name ? from->name : "",
                 from->name ? " (" : "", from->id, from->name ? ")" : "");
    else if (s->self_org[0])
        snprintf(x->source, sizeof(x->source), "%s%s%s%s", s->self_name,
                 s->self_name[0] ? " (" : "", s->self_org, s->self_name[0] ? ")" : "");
    return 0;
}

dialog *dlg_create_new(app *a)
{
    return dlg_create_new_from(a, NULL);
}

dialog *dlg_create_new_from(app *a, const dd_orgmap_row *from)
{
    if (from && !from->self && !a->s->account.on) {
        dd_session_msg(a->s, DD_MSG_ERROR,
                       "the API creates only from the org of the keys in use; to create from "
                       "%s, open the account view (a) or switch to its profile (p)",
                       from->name ? from->name : from->id);
        return NULL;
    }
    if (from && from->self && !a->s->account.on)
        from = NULL;
    create_dlg *x = calloc(1, sizeof(*x));
    if (!x)
        return NULL;
    if (from)
        snprintf(x->source_id, sizeof(x->source_id), "%s", from->id);
    x->base.ops = &create_ops;
    /* Room for a pasted uuid with stray text around it: it is checked, and
     * kept as typed, on Enter. */
    x->sink = textfield_new(255);
    if (!x->sink) {
        create_free(&x->base);
        return NULL;
    }
    if (collect_orgs(x, a->s, from) != 0) {
        create_free(&x->base);
        dd_session_msg(a->s, DD_MSG_ERROR, "out of memory listing the orgs");
        return NULL;
    }
    const char *src = x->source_id[0] ? x->source_id : NULL;
    long shares = dd_session_shares_of(a->s, src);
    if (shares >= DD_SHARE_LIMIT_DOCUMENTED)
        snprintf(x->limit, sizeof(x->limit),
                 "It shares with %ld orgs: %d is the documented most outside Enterprise plans.",
                 shares, DD_SHARE_LIMIT_DOCUMENTED);
    if (a->s->account.on) {
        /* The account view: the profile the create goes through, named
         * before anything is typed; none may: said, no form. */
        char via[600];
        if (!dd_session_write_via(a->s, DD_OP_CONN_CREATE, src, NULL, via, sizeof(via))) {
            dd_session_msg(a->s, DD_MSG_ERROR, "%s", via);
            create_free(&x->base);
            return NULL;
        }
        size_t len = strlen(x->source);
        snprintf(x->source + len, sizeof(x->source) - len, ", through %s", via);
    }
    static const char *const deflt[] = {"logs"};
    if (checklist_init(&x->cl, deflt, 1) != 0) {
        create_free(&x->base);
        return NULL;
    }
    refilter(x);
    return &x->base;
}
