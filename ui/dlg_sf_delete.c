/* Delete a Salesforce org: warns that incident templates referencing it go
 * too, and asks for its name as the screen shows it, or for the id the
 * request deletes when the name cannot tell it apart (none, blank, or like
 * another's on screen), as the command line does (ops.h: DD_CONFIRM_NAME,
 * confirm_text.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "confirm.h"
#include "confirm_text.h"
#include "sanitize.h"
#include "dialogs.h"
#include "draw.h"

typedef struct sfdel_dlg {
    dialog base;
    char *id, *name, *sfdc;
    dd_confirm_text expect;
    const char *expect_what;
    confirm cf;
} sfdel_dlg;

static void sfdel_free(dialog *d)
{
    sfdel_dlg *x = (sfdel_dlg *)d;
    free(x->id);
    free(x->name);
    free(x->sfdc);
    confirm_free(&x->cf);
    free(x);
}

static void sfdel_size(dialog *d, app *a, int rows, int cols, int *h, int *w)
{
    *h = 17;
    *w = cols - 6 > 90 ? 90 : cols - 6;
}

static void sfdel_draw(dialog *d, app *a)
{
    sfdel_dlg *x = (sfdel_dlg *)d;
    dialog_frame(d, "Delete Salesforce org", theme_attr(R_WARN));
    int w = d->w - 4, y = 1;
    char line[600];
    snprintf(line, sizeof(line), "Name:        %s", x->name ? x->name : "(no name)");
    draw_fit(d->win, y++, 2, w, line, A_BOLD);
    snprintf(line, sizeof(line), "SFDC org id: %s", x->sfdc ? x->sfdc : "-");
    draw_fit(d->win, y++, 2, w, line, theme_attr(R_NORMAL));
    snprintf(line, sizeof(line), "ID:          %s", x->id);
    draw_fit(d->win, y++, 2, w, line, theme_attr(R_NORMAL));
    y++;
    y += draw_wrap(d->win, y, 2, w, 3,
                   "This also deletes every incident template that references this Salesforce "
                   "org. It cannot be undone.",
                   theme_attr(R_WARN));
    y++;
    if (x->expect.why) {
        snprintf(line, sizeof(line), "Its id confirms it: %s.", x->expect.why);
        draw_fit(d->win, y++, 2, w, line, theme_attr(R_NORMAL));
    }
    snprintf(line, sizeof(line), "Type the org's %s to confirm:", x->expect_what);
    draw_fit(d->win, y++, 2, w, line, theme_attr(R_NORMAL));
    confirm_draw(&x->cf, d, y, w - 2, "deleting...");
    dialog_hint(d, "Enter delete   Esc cancel");
}

static dlg_rc sfdel_key(dialog *d, app *a, bool is_key, wint_t ch)
{
    sfdel_dlg *x = (sfdel_dlg *)d;
    char typed[1024];
    dlg_rc rc;
    if (!confirm_key(&x->cf, is_key, ch, typed, sizeof(typed), &rc))
        return rc;
    if (!dd_confirm_text_matches(&x->expect, typed, dd_sanitize_mode)) {
        snprintf(x->cf.error, sizeof(x->cf.error),
                 "That is not the org's %s; nothing was deleted.", x->expect_what);
        return DLG_KEEP;
    }
    dd_fx fx = {0};
    bool queued = dd_session_delete_sf(a->s, x->id, &fx);
    return confirm_sent(&x->cf, d, a, &fx, queued);
}

static dlg_rc sfdel_result(dialog *d, app *a, const dd_result *r)
{
    sfdel_dlg *x = (sfdel_dlg *)d;
    x->cf.sending = false;
    if (r->status == DD_OK)
        return DLG_CLOSE;
    char buf[600];
    dd_error_describe(&r->err, buf, sizeof(buf));
    snprintf(x->cf.error, sizeof(x->cf.error), "Not deleted: %s", buf);
    return DLG_KEEP;
}

static const dialog_ops sfdel_ops = {
    .size = sfdel_size, .draw = sfdel_draw, .key = sfdel_key,
    .on_result = sfdel_result, .free = sfdel_free,
};

dialog *dlg_sf_delete_new(app *a, const dd_sf_org *o)
{
    sfdel_dlg *x = calloc(1, sizeof(*x));
    if (!x)
        return NULL;
    x->base.ops = &sfdel_ops;
    x->id = strdup(o->id ? o->id : "");
    x->name = o->name && *o->name ? strdup(o->name) : NULL;
    x->sfdc = o->sfdc_org_id ? strdup(o->sfdc_org_id) : NULL;
    const dd_sf_list *l = dd_store_sfs(&a->s->store);
    long i = dd_sf_list_find(l, x->id ? x->id : "");
    dd_sf_list one = {.items = (dd_sf_org *)o, .n = 1};
    if (dd_confirm_sf_text(i >= 0 ? l : &one, i >= 0 ? (size_t)i : 0, dd_sanitize_mode,
                           &x->expect) != 0) {
        sfdel_free(&x->base);
        return NULL;
    }
    x->expect_what = x->expect.by_id ? "id" : "name";
    /* Names may be long: room for any the server sends, pasted. */
    int field = confirm_init(&x->cf, 512);
    if (!x->id || field != 0) {
        sfdel_free(&x->base);
        return NULL;
    }
    return &x->base;
}
