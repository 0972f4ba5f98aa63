/* The org: where the console points, with which keys (fingerprints only),
 * its state, and the recent writes from the audit log. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "chrome.h"
#include "draw.h"
#include "sanitize.h"
#include "view.h"

static void org_draw(app *a, int top, int rows)
{
    for (int i = 0; i < rows; i++)
        draw_fit(stdscr, top + i, 0, a->cols, "", theme_attr(R_NORMAL));
    int w = a->cols - 4, y = top + 1, x = 2;
    char api_fp[32], app_fp[32], buf[1024];
    dd_key_fingerprint(a->cfg->api_key, api_fp, sizeof(api_fp));
    dd_key_fingerprint(a->cfg->app_key, app_fp, sizeof(app_fp));
    char where[300];
    if (chrome_where(a, where, sizeof(where)) == WHERE_URL)
        snprintf(buf, sizeof(buf), "%s (not used: requests go to the API URL)", a->cfg->site);
    else
        snprintf(buf, sizeof(buf), "%s", a->cfg->site);
    y = view_kv(stdscr, y, x, w, "Site", buf);
    y = view_kv(stdscr, y, x, w, "API URL", a->cfg->base_url);
    y = view_kv(stdscr, y, x, w, "Profile", a->cfg->profile ? a->cfg->profile : "(none)");
    y = view_kv(stdscr, y, x, w, "API key", api_fp);
    y = view_kv(stdscr, y, x, w, "App key", app_fp);
    if (a->read_only)
        snprintf(buf, sizeof(buf), "yes: %s", a->ro_reason);
    else
        snprintf(buf, sizeof(buf), "no");
    y = view_kv(stdscr, y, x, w, "Read-only", buf);
    if (a->org_disabled) {
        snprintf(buf, sizeof(buf), "%s%s%s (no more writes from this console)", a->org_status,
                 a->org_id[0] ? " " : "", a->org_id);
        draw_fit(stdscr, y, x, 12, "Org state", theme_attr(R_DIM) | A_BOLD);
        draw_fit(stdscr, y++, x + 12, w - 12, buf, theme_attr(R_WARN));
    } else {
        y = view_kv(stdscr, y, x, w, "Org state", "active (as far as this console knows)");
    }
    y++;
    if (!a->read_only)
        draw_fit(stdscr, y++, x, w, "D: disable this org (asks for the org UUID first).",
                 theme_attr(R_DIM));
    y++;
    const dd_store *s = &a->store;
    draw_fit(stdscr, y++, x, w,
             s->recent_loading && s->recent_loaded ? "Recent writes (audit log, rereading)"
                                                   : "Recent writes (audit log)",
             theme_attr(R_HEADER));
    if (s->recent_error[0]) {
        snprintf(buf, sizeof(buf), "%s%s", s->recent_error,
                 s->recent_loaded ? " (showing the last records read)" : "");
        draw_fit(stdscr, y++, x, w, buf, theme_attr(R_WARN));
    }
    if (!s->recent_loaded && s->recent_loading)
        draw_fit(stdscr, y++, x, w, "reading the audit log...", theme_attr(R_DIM));
    else if (s->n_recent == 0 && !s->recent_error[0])
        draw_fit(stdscr, y++, x, w, "none recorded", theme_attr(R_DIM));
    /* Newest first, as many as fit. */
    for (size_t i = s->n_recent; i > 0 && y < top + rows; i--) {
        const dd_audit_entry *e = &s->recent[i - 1];
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
    app_load_recent(a);
}

const view view_org = {
    .title = "Org",
    .list = -1,
    .draw = org_draw,
    .activate = org_activate,
};
