/* The org: where the console points, with which keys (fingerprints only),
 * its state, and the recent writes from the audit log. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "draw.h"
#include "sanitize.h"
#include "view.h"

static void org_draw(app *a, int top, int rows)
{
    for (int i = 0; i < rows; i++)
        draw_fit(stdscr, top + i, 0, a->cols, "", theme_attr(R_NORMAL));
    int w = a->cols - 4, y = top + 1, x = 2;
    char api_fp[32], app_fp[32], buf[1024];
    dd_key_fingerprint(a->s->cfg->api_key, api_fp, sizeof(api_fp));
    dd_key_fingerprint(a->s->cfg->app_key, app_fp, sizeof(app_fp));
    char where[300];
    if (dd_session_where(a->s, where, sizeof(where)) == DD_WHERE_URL)
        snprintf(buf, sizeof(buf), "%s (not used: requests go to the API URL)", a->s->cfg->site);
    else
        snprintf(buf, sizeof(buf), "%s", a->s->cfg->site);
    y = view_kv(stdscr, y, x, w, "Site", buf);
    y = view_kv(stdscr, y, x, w, "API URL", a->s->cfg->base_url);
    y = view_kv(stdscr, y, x, w, "Profile", a->s->cfg->profile ? a->s->cfg->profile : "(none)");
    /* The org the keys belong to, as GET /api/v2/org named it. */
    const dd_session *s = a->s;
    if (s->self_org[0])
        snprintf(buf, sizeof(buf), "%s%s%s%s", s->self_name, s->self_name[0] ? " (" : "",
                 s->self_org, s->self_name[0] ? ")" : "");
    else if (s->orgs_loading)
        snprintf(buf, sizeof(buf), "not known yet (listing the account's orgs)");
    else if (s->orgs_state == DD_ORGS_KEYS_REFUSED)
        snprintf(buf, sizeof(buf), "not known: these keys may not list the account's orgs");
    else
        snprintf(buf, sizeof(buf), "not known");
    y = view_kv(stdscr, y, x, w, "Org", buf);
    y = view_kv(stdscr, y, x, w, "API key", api_fp);
    y = view_kv(stdscr, y, x, w, "App key", app_fp);
    if (dd_session_read_only(a->s))
        snprintf(buf, sizeof(buf), "yes: %s", dd_session_ro_reason(a->s));
    else
        snprintf(buf, sizeof(buf), "no");
    y = view_kv(stdscr, y, x, w, "Read-only", buf);
    if (a->s->org_disabled) {
        snprintf(buf, sizeof(buf), "%s%s%s (no more writes from this console)", a->s->org_status,
                 a->s->org_id[0] ? " " : "", a->s->org_id);
        draw_fit(stdscr, y, x, 12, "Org state", theme_attr(R_DIM) | A_BOLD);
        draw_fit(stdscr, y++, x + 12, w - 12, buf, theme_attr(R_WARN));
    } else {
        y = view_kv(stdscr, y, x, w, "Org state", "active (as far as this console knows)");
    }
    y++;
    if (!dd_session_read_only(a->s))
        draw_fit(stdscr, y++, x, w, "D: disable this org (asks for the org UUID first).",
                 theme_attr(R_DIM));
    y++;
    const dd_store *st = &s->store;
    draw_fit(stdscr, y++, x, w,
             st->recent_loading && st->recent_loaded ? "Recent writes (audit log, rereading)"
                                                   : "Recent writes (audit log)",
             theme_attr(R_HEADER));
    if (st->recent_error[0]) {
        snprintf(buf, sizeof(buf), "%s%s", st->recent_error,
                 st->recent_loaded ? " (showing the last records read)" : "");
        draw_fit(stdscr, y++, x, w, buf, theme_attr(R_WARN));
    }
    /* This org's only: the log is shared by every profile and site. */
    size_t ours = 0;
    for (size_t i = 0; i < st->n_recent; i++)
        ours += dd_session_recent_is_ours(s, &st->recent[i]);
    if (!st->recent_loaded && st->recent_loading)
        draw_fit(stdscr, y++, x, w, "reading the audit log...", theme_attr(R_DIM));
    else if (ours == 0 && !st->recent_error[0])
        draw_fit(stdscr, y++, x, w, "none recorded", theme_attr(R_DIM));
    /* Newest first, as many as fit. */
    for (size_t i = st->n_recent; i > 0 && y < top + rows; i--) {
        const dd_audit_entry *e = &st->recent[i - 1];
        if (!dd_session_recent_is_ours(s, e))
            continue;
        char when[32];
        time_t t = (time_t)e->time;
        struct tm tm;
        if (localtime_r(&t, &tm))
            strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
        else
            snprintf(when, sizeof(when), "-");
        /* The file is ours, but it can be edited by hand: clean it like server text. */
        char op[64], target[240], result[240];
        dd_sanitize_into(e->op, strlen(e->op), dd_sanitize_mode, op, sizeof(op));
        dd_sanitize_into(e->target, strlen(e->target), dd_sanitize_mode, target, sizeof(target));
        dd_sanitize_into(e->result, strlen(e->result), dd_sanitize_mode, result, sizeof(result));
        snprintf(buf, sizeof(buf), "%s  %-7.7s %-20s %-38s %s", when, e->phase, op, target, result);
        draw_fit(stdscr, y++, x, w, buf, theme_attr(R_NORMAL));
    }
}

static void org_activate(app *a)
{
    dd_fx fx = {0};
    dd_session_load_recent(a->s, &fx);
    app_run(a, &fx);
}

const view view_org = {
    .title = "Org",
    .list = -1,
    .draw = org_draw,
    .activate = org_activate,
};
