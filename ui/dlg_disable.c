/* Org disable: a full-screen warning with the documented limits and what
 * stops flowing (the org's connections, to and from whom); the operator
 * types the org UUID, checked against the keys' org when the console knows
 * it and sent as org_uuid so the server checks it too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_json.h"
#include "confirm.h"
#include "dialogs.h"
#include "draw.h"
#include "textwidth.h"

#define MAX_FLOWS 100

typedef struct dis_dlg {
    dialog base;
    confirm cf;
    bool done;
    char outcome[700];
    /* What stops flowing, taken when the dialog opens. */
    char flows[MAX_FLOWS][240];
    size_t n_flows, total;
    bool direction_known;     /* the keys' org is known: to/from can be told */
} dis_dlg;

static void dis_free(dialog *d)
{
    dis_dlg *x = (dis_dlg *)d;
    confirm_free(&x->cf);
    free(x);
}

/* At most 100 columns (the text reads no better wider), all the rows: at
 * 80x24 everything fits (dis_draw). */
static void dis_size(dialog *d, app *a, int rows, int cols, int *h, int *w)
{
    *h = rows;
    *w = cols > 100 ? 100 : cols;
}

static const char *const warning =
    "Disabling stops the org: its users cannot log in, its API and application keys stop "
    "working, data sent to it is refused. There is no undo.\n"
    "Limits: orgs created in the last 10 days only, with the feature enabled (else 403 "
    "Forbidden); keys need org_management; already disabled: 409 Conflict.\n"
    "The UUID typed is sent as org_uuid; the server refuses any other org's.";

/* Rows the text may take wrapped to w columns: whole words move down, so
 * one row more than its width says, at most max. */
static int wrap_rows(const char *text, int w, int max)
{
    int n = text && *text ? dd_text_width(text) / (w > 1 ? w : 1) + 2 : 1;
    return n > max ? max : n;
}

static void dis_draw(dialog *d, app *a)
{
    dis_dlg *x = (dis_dlg *)d;
    const dd_session *s = a->s;
    dialog_frame(d, "DISABLE THIS ORG", theme_attr(R_WARN));
    int w = d->w - 4, y = 1;
    char line[400], where[300];
    /* What is disabled: the keys' org, by name and UUID. */
    if (s->self_org[0])
        snprintf(line, sizeof(line), "Org:   %s (%s)", s->self_name[0] ? s->self_name : "name "
                 "not known", s->self_org);
    else
        snprintf(line, sizeof(line), "Org:   the org of these keys (its name and UUID are not "
                                     "known yet)");
    draw_fit(d->win, y++, 2, w, line, A_BOLD);
    /* Where the request goes: the site, or the URL it really goes to. */
    dd_where k = dd_session_where(s, where, sizeof(where));
    snprintf(line, sizeof(line), "Where: %s %s, profile %s",
             k == DD_WHERE_SITE ? "Site" : k == DD_WHERE_DEMO ? "Demo server" : "API URL",
             k == DD_WHERE_SITE ? where : s->cfg->base_url,
             s->cfg->profile ? s->cfg->profile : "(none)");
    draw_fit(d->win, y++, 2, w, line, A_BOLD);
    y++;
    y += draw_wrap(d->win, y, 2, w, 8, warning, theme_attr(R_NORMAL));
    y++;
    /* From the bottom up: the keys' hint (h - 2), the error or outcome
     * under the field, the field and its label; what stops flowing takes
     * the rows left between. */
    const char *below = x->done ? x->outcome : x->cf.error;
    int below_rows = wrap_rows(below, w, 5);
    int field_y = d->h - 3 - below_rows - 2;
    int label_y = x->done ? field_y + 1 : field_y - 1;
    char head[200];
    snprintf(head, sizeof(head), "What stops flowing: %zu connection%s%s", x->total,
             x->total == 1 ? "" : "s",
             x->total == 0 ? "" : x->direction_known ? ":" : " (this org takes part in each):");
    draw_fit(d->win, y++, 2, w, head, A_BOLD);
    int room = label_y - 1 - y;   /* a blank row above the label */
    size_t shown = 0;
    bool more = false;
    for (; shown < x->n_flows && room > 0; shown++, room--) {
        /* The last row says how many more when some do not fit. */
        more = shown + 1 < x->total && room == 1;
        if (more)
            break;
        draw_fit(d->win, y++, 4, w - 2, x->flows[shown], theme_attr(R_NORMAL));
    }
    if (shown < x->total && room > 0) {
        snprintf(head, sizeof(head), "and %zu more (the org map and the connections list show "
                                     "them all)", x->total - shown);
        draw_fit(d->win, y++, 4, w - 2, head, theme_attr(R_DIM));
    }
    if (x->done) {
        draw_wrap(d->win, label_y, 2, w, d->h - 3 - label_y, x->outcome, theme_attr(R_WARN));
        dialog_hint(d, "any key closes");
        return;
    }
    draw_fit(d->win, label_y, 2, w, "Type the org UUID to disable it:", A_BOLD);
    confirm_draw(&x->cf, d, field_y, w > 44 ? 40 : w - 4, "sending...");
    dialog_hint(d, "Enter disable   Esc cancel");
}

static dlg_rc dis_key(dialog *d, app *a, bool is_key, wint_t ch)
{
    dis_dlg *x = (dis_dlg *)d;
    if (x->done)
        return is_key && ch == KEY_RESIZE ? DLG_KEEP : DLG_CLOSE;
    char typed[256];
    dlg_rc rc;
    if (!confirm_key(&x->cf, is_key, ch, typed, sizeof(typed), &rc))
        return rc;
    if (!dd_is_uuid(typed)) {
        snprintf(x->cf.error, sizeof(x->cf.error),
                 "Type the org's UUID (8-4-4-4-12 hex digits). Nothing was sent.");
        return DLG_KEEP;
    }
    if (!dd_session_check_disable(a->s, typed, x->cf.error, sizeof(x->cf.error)))
        return DLG_KEEP;
    dd_fx fx = {0};
    bool queued = dd_session_disable(a->s, typed, &fx);
    return confirm_sent(&x->cf, d, a, &fx, queued);
}

static dlg_rc dis_result(dialog *d, app *a, const dd_result *r)
{
    dis_dlg *x = (dis_dlg *)d;
    x->cf.sending = false;
    char buf[600];
    dd_error_describe(&r->err, buf, sizeof(buf));
    long st = r->status == DD_E_HTTP ? r->err.http_status : 0;
    if (r->status == DD_OK) {
        x->done = true;
        snprintf(x->outcome, sizeof(x->outcome),
                 "Done: org %s is %s. This console now offers no more writes.",
                 r->disable.org_id ? r->disable.org_id : "", r->disable.status ? r->disable.status : "?");
    } else if (st == 409) {
        x->done = true;
        snprintf(x->outcome, sizeof(x->outcome),
                 "409 Conflict: the org is already disabled. This console now offers no more "
                 "writes. Server said: %s", buf);
    } else if (st == 403) {
        snprintf(x->cf.error, sizeof(x->cf.error),
                 "403 Forbidden: the org was created more than 10 days ago, the feature is not "
                 "enabled for it, or these keys lack org_management. Nothing changed. Server "
                 "said: %s", buf);
    } else if (st == 400) {
        snprintf(x->cf.error, sizeof(x->cf.error),
                 "400 Bad Request: the UUID is not the org of these keys, or the request was "
                 "refused. Nothing changed. Server said: %s", buf);
    } else {
        snprintf(x->cf.error, sizeof(x->cf.error), "Not disabled: %s", buf);
    }
    return DLG_KEEP;
}

static const dialog_ops dis_ops = {
    .size = dis_size, .draw = dis_draw, .key = dis_key, .on_result = dis_result,
    .free = dis_free,
};

static const char *label(const dd_ref *r)
{
    return r->name && *r->name ? r->name : r->id ? r->id : "?";
}

/* The connections listed: the listing holds only those the keys' org takes
 * part in, so each stops flowing; with the org known, to or from whom. */
static void take_flows(dis_dlg *x, const dd_session *s)
{
    const dd_conn_list *l = dd_store_conns(&s->store);
    x->total = 0;
    x->direction_known = s->self_org[0] != '\0';
    for (size_t i = 0; i < l->n; i++) {
        const dd_conn *c = &l->items[i];
        /* The account view lists every org's connections: only this
         * org's stop flowing. */
        bool ours = dd_org_id_eq(c->source.id, s->self_org) ||
                    dd_org_id_eq(c->sink.id, s->self_org);
        if (s->account.on && x->direction_known && !ours)
            continue;
        x->total++;
        if (x->n_flows >= MAX_FLOWS)
            continue;
        char types[160];
        dd_value_text((dd_value){.kind = DD_V_LIST, .list = c->types, .n = c->n_types}, types,
                      sizeof(types));
        char *line = x->flows[x->n_flows++];
        if (x->direction_known && c->source.id && dd_org_id_eq(c->source.id, s->self_org))
            snprintf(line, sizeof(x->flows[0]), "to %s: %s", label(&c->sink), types);
        else if (x->direction_known && c->sink.id && dd_org_id_eq(c->sink.id, s->self_org))
            snprintf(line, sizeof(x->flows[0]), "from %s: %s", label(&c->source), types);
        else
            snprintf(line, sizeof(x->flows[0]), "%s %s %s: %s", label(&c->source),
                     theme_glyphs()->arrow, label(&c->sink), types);
    }
}

dialog *dlg_disable_new(app *a)
{
    if (a->s->org_disabled) {
        dd_session_msg(a->s, DD_MSG_INFO, "the org is already disabled");
        return NULL;
    }
    dis_dlg *x = calloc(1, sizeof(*x));
    if (!x)
        return NULL;
    x->base.ops = &dis_ops;
    if (confirm_init(&x->cf, 100) != 0) {
        dis_free(&x->base);
        return NULL;
    }
    take_flows(x, a->s);
    return &x->base;
}
