/* Org disable: a full-screen warning with the documented limits; the
 * operator types the org UUID, sent as org_uuid so the server checks it
 * against the keys' org too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_json.h"
#include "chrome.h"
#include "confirm.h"
#include "dialogs.h"
#include "draw.h"

typedef struct dis_dlg {
    dialog base;
    confirm cf;
    bool done;
    char outcome[700];
} dis_dlg;

static void dis_free(dialog *d)
{
    dis_dlg *x = (dis_dlg *)d;
    confirm_free(&x->cf);
    free(x);
}

static void dis_size(dialog *d, app *a, int rows, int cols, int *h, int *w)
{
    *h = rows;
    *w = cols;
}

static const char *const warning =
    "Disabling an org stops it: its users can no longer log in, its API and application keys "
    "stop working, and data sent to it is no longer accepted. There is no undo in this "
    "console.\n"
    "Documented limits:\n"
    " - only orgs created in the last 10 days can be disabled (older: 403 Forbidden);\n"
    " - the feature must be enabled for the org (else: 403 Forbidden);\n"
    " - an org already disabled answers 409 Conflict;\n"
    " - the keys need the org_management permission.\n"
    "The UUID you type is sent as org_uuid: the server refuses it unless it is the org of "
    "these keys.";

static void dis_draw(dialog *d, app *a)
{
    dis_dlg *x = (dis_dlg *)d;
    dialog_frame(d, "DISABLE THIS ORG", theme_attr(R_WARN));
    int w = d->w - 4, y = 2;
    char line[400], where[300];
    /* Where the request goes: the site, or the URL it really goes to. */
    chrome_where_kind k = chrome_where(a, where, sizeof(where));
    snprintf(line, sizeof(line), "%s %s, profile %s",
             k == WHERE_SITE ? "Site" : k == WHERE_DEMO ? "Demo server" : "API URL",
             k == WHERE_SITE ? where : a->cfg->base_url,
             a->cfg->profile ? a->cfg->profile : "(none)");
    draw_fit(d->win, y++, 2, w, line, A_BOLD);
    y++;
    y += draw_wrap(d->win, y, 2, w, 12, warning, theme_attr(R_NORMAL));
    y++;
    if (x->done) {
        y += draw_wrap(d->win, y, 2, w, 4, x->outcome, theme_attr(R_WARN));
        dialog_hint(d, "any key closes");
        return;
    }
    draw_fit(d->win, y++, 2, w, "Type the org UUID to disable it:", A_BOLD);
    confirm_draw(&x->cf, d, y, w > 44 ? 40 : w - 4, "sending...");
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
    if (!app_may_write(a, "disable the org"))
        return DLG_CLOSE;
    dd_job j = {.kind = DD_JOB_DISABLE, .org_uuid = strdup(typed)};
    if (!j.org_uuid)
        return DLG_CLOSE;
    return confirm_send(&x->cf, d, a, &j);
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

dialog *dlg_disable_new(app *a)
{
    if (a->org_disabled) {
        app_set_msg(a, MSG_INFO, "the org is already disabled");
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
    return &x->base;
}
