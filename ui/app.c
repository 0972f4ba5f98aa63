/* The loop: poll() on the terminal and the worker's descriptor, with a
 * timeout only while something is scheduled (auto-refresh, undo window);
 * apply results to the store; dispatch keys; one doupdate() per turn. */
#include "app.h"

#include <curses.h>
#include <errno.h>
#include <panel.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "actions.h"
#include "chrome.h"
#include "dialog.h"
#include "dialogs.h"
#include "site.h"
#include "term.h"
#include "textfield.h"
#include "view.h"

#define DETAIL_W 52
#define DETAIL_H 9

int64_t app_now(void)
{
    return (int64_t)time(NULL);
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- geometry ---- */

int app_main_top(const app *a)
{
    return 1;
}

int app_main_rows(const app *a)
{
    return a->rows - 3;
}

bool app_detail_beside(const app *a)
{
    return a->cols >= 120;
}

int app_list_width(const app *a)
{
    return app_detail_beside(a) ? a->cols - DETAIL_W : a->cols;
}

int app_list_rows(const app *a)
{
    int rows = app_main_rows(a) - 1;
    if (!app_detail_beside(a) && a->detail)
        rows -= DETAIL_H;
    return rows < 1 ? 1 : rows;
}

/* ---- messages, guards ---- */

void app_set_msg(app *a, msg_kind k, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->msg, sizeof(a->msg), fmt, ap);
    va_end(ap);
    a->msg_kind = k;
    a->dirty = true;
}

bool app_may_write(app *a, const char *what)
{
    if (!a->read_only)
        return true;
    app_set_msg(a, MSG_INFO, "read-only (%s): %s does nothing", a->ro_reason, what);
    return false;
}

/* ---- jobs ---- */

uint64_t app_submit(app *a, dd_job *job)
{
    uint64_t seq = dd_worker_submit(a->worker, job);
    if (!seq)
        app_set_msg(a, MSG_ERROR, "out of memory: the request was not sent");
    a->dirty = true;
    return seq;
}

void app_fetch(app *a, int v)
{
    if (v == 0) {
        if (a->store.ct.load.loading) {
            app_set_msg(a, MSG_INFO, "connections are already loading");
            return;
        }
        dd_job j = {.kind = DD_JOB_LIST_CONNS, .page_size = a->page_size};
        if (a->store.sink_filter)
            j.sink = strdup(a->store.sink_filter);
        if (a->store.source_filter)
            j.source = strdup(a->store.source_filter);
        a->conn_seq = app_submit(a, &j);
        if (a->conn_seq)
            dd_store_conn_begin(&a->store);
    } else if (v == 1) {
        if (a->store.st.load.loading) {
            app_set_msg(a, MSG_INFO, "Salesforce orgs are already loading");
            return;
        }
        dd_job j = {.kind = DD_JOB_LIST_SF};
        a->sf_seq = app_submit(a, &j);
        if (a->sf_seq)
            dd_store_sf_begin(&a->store);
    }
}

void app_fetch_all(app *a)
{
    app_fetch(a, 0);
    app_fetch(a, 1);
}

void app_load_recent(app *a)
{
    if (!a->cfg->audit_path)
        return;
    /* A file read: the worker does it, the UI thread never waits on disk.
     * Only the latest read counts (one queued after a write sees it). */
    dd_job j = {.kind = DD_JOB_AUDIT_RECENT, .n_recent = 20};
    if (!(j.path = strdup(a->cfg->audit_path))) {
        app_set_msg(a, MSG_ERROR, "out of memory: the audit log was not read");
        return;
    }
    uint64_t seq = app_submit(a, &j);
    if (seq) {
        a->recent_seq = seq;
        dd_store_recent_begin(&a->store);
    }
}

/* ---- dialogs ---- */

void app_open_dialog(app *a, dialog *d)
{
    if (!d)
        return;
    if (a->dlg)
        app_close_dialog(a);
    a->dlg = d;
    dialog_layout(d, a);
    if (a->too_small && d->panel)
        hide_panel(d->panel);
    a->dirty = true;
}

void app_close_dialog(app *a)
{
    if (!a->dlg)
        return;
    dialog_destroy(a->dlg);
    a->dlg = NULL;
    a->dirty = true;
    /* What was under the dialog must be sent again. */
    touchwin(stdscr);
}

/* ---- profiles ---- */

void app_switch_profile(app *a, const char *name)
{
    if (a->switching) {
        app_set_msg(a, MSG_INFO, "a profile switch is already under way");
        return;
    }
    /* An --api-url (tests, demo) stays: it is where this console talks. */
    char *site_url = dd_site_base_url(a->cfg->site);
    bool custom_url = site_url && strcmp(site_url, a->cfg->base_url) != 0;
    free(site_url);
    /* The worker reads the config file and builds the client. */
    dd_job j = {.kind = DD_JOB_SWITCH, .read_only = a->start_read_only};
    j.profile = strdup(name);
    j.api_url = custom_url ? strdup(a->cfg->base_url) : NULL;
    if (!j.profile || (custom_url && !j.api_url)) {
        dd_job_clear(&j);
        app_set_msg(a, MSG_ERROR, "profile %s: out of memory", name);
        return;
    }
    if (!app_submit(a, &j))
        return;
    a->switching = true;
    snprintf(a->switching_to, sizeof(a->switching_to), "%s", name);
    dd_worker_cancel_reads(a->worker);
    app_set_msg(a, MSG_INFO, "switching to profile %s", name);
}

static void switched(app *a, dd_result *r)
{
    a->switching = false;
    if (r->status != DD_OK || !r->config) {
        /* Nothing changed: the worker kept the client it had. */
        char buf[600];
        dd_error_describe(&r->err, buf, sizeof(buf));
        app_set_msg(a, MSG_ERROR, "profile %s not loaded (still using %s): %s", a->switching_to,
                    a->cfg->profile ? a->cfg->profile : "the environment's keys", buf);
        return;
    }
    dd_config *c = r->config;
    r->config = NULL;
    /* The worker freed the client that used the old configuration. */
    if (a->owned_cfg) {
        dd_config_free(a->owned_cfg);
        free(a->owned_cfg);
    }
    a->owned_cfg = c;
    a->cfg = c;
    dd_store_free(&a->store);
    dd_store_init(&a->store);
    a->conn_seq = a->sf_seq = 0;
    a->undo_deadline = 0;
    a->org_disabled = false;
    a->self_org[0] = '\0';   /* other keys may belong to another org */
    a->read_only = c->read_only || a->audit_failed;
    snprintf(a->ro_reason, sizeof(a->ro_reason), "%s",
             a->audit_failed ? "the audit log cannot be written" : "profile or --read-only");
    char where[300];
    chrome_where(a, where, sizeof(where));
    app_set_msg(a, MSG_INFO, "now using profile %s (%s)", c->profile ? c->profile : "(none)",
                where);
    app_fetch_all(a);
    app_load_recent(a);
}

/* ---- results ---- */

/* A note replaces any earlier one: one job runs at a time. The retry
 * moment is a one-shot timer (the text then says the retry is under way);
 * between redraws the countdown stays as it was drawn. */
static void note_show(app *a, const dd_result *r)
{
    a->note_seq = r->seq;
    snprintf(a->note, sizeof(a->note), "%s", r->wait.reason);
    a->note_attempt = r->wait.attempt;
    a->note_max_tries = r->wait.max_tries;
    a->note_retry_at = mono_ms() + r->wait.wait_ms;
    a->dirty = true;
}

static void note_clear(app *a)
{
    a->note_seq = 0;
    a->note[0] = '\0';
    a->note_retry_at = 0;
    a->dirty = true;
}

void app_note_text(const app *a, bool short_form, char *buf, size_t n)
{
    if (!a->note_seq) {
        buf[0] = '\0';
        return;
    }
    char when[48], attempt[48] = "";
    int64_t left = a->note_retry_at ? a->note_retry_at - mono_ms() : 0;
    if (left > 0)
        snprintf(when, sizeof(when), "retrying in %lld s", (long long)((left + 999) / 1000));
    else
        snprintf(when, sizeof(when), "retrying now");
    if (!short_form)
        snprintf(attempt, sizeof(attempt), ", attempt %d of %d", a->note_attempt,
                 a->note_max_tries);
    snprintf(buf, n, "%s: %s%s", a->note, when, attempt);
}

static void describe(const dd_result *r, char *buf, size_t n)
{
    dd_error_describe(&r->err, buf, n);
}

void app_forget_delete(app *a)
{
    free(a->del_id);
    free(a->del_sink);
    free(a->del_source);
    free(a->del_desc);
    dd_types_free(a->del_types, a->del_n_types);
    a->del_id = a->del_sink = a->del_source = a->del_desc = NULL;
    a->del_types = NULL;
    a->del_n_types = 0;
    a->undo_deadline = 0;
}

/* A list fetch failed: says why, and names the keys when the server refused
 * them (after a profile switch that is the likely cause). */
static void list_failed(app *a, const char *what, const dd_result *r, const char *err, bool shown)
{
    const char *stale = shown ? " (last good data kept, marked stale)" : "";
    long s = r->err.http_status;
    if (r->status == DD_E_HTTP && (s == 401 || s == 403))
        app_set_msg(a, MSG_ERROR, "%s: the keys of %s%s were refused (%s): check api_key, "
                    "app_key and site%s", what, a->cfg->profile ? "profile " : "",
                    a->cfg->profile ? a->cfg->profile : "DD_API_KEY/DD_APP_KEY", err, stale);
    else
        app_set_msg(a, MSG_ERROR, "%s: %s%s", what, err, stale);
}

/* A write that failed after it may have reached the server: say so, and
 * show what the server holds instead of leaving the operator to guess
 * whether to repeat it. */
static void uncertain_write(app *a, const dd_result *r, const char *err)
{
    int list = r->kind == DD_JOB_DELETE_SF ? 1 : r->kind == DD_JOB_DISABLE ? -1 : 0;
    bool loading = list == 0 ? a->store.ct.load.loading
                             : list == 1 ? a->store.st.load.loading : true;
    const char *name = r->kind == DD_JOB_CREATE       ? (r->tag == TAG_UNDO ? "undo" : "create")
                       : r->kind == DD_JOB_UPDATE     ? "update"
                       : r->kind == DD_JOB_DELETE_CONN ? "delete"
                       : r->kind == DD_JOB_DELETE_SF  ? "Salesforce delete"
                                                      : "org disable";
    /* The doubt goes first: it is what decides the operator's next step. */
    app_set_msg(a, MSG_ERROR, "%s failed but may have been applied (%s): %s", name,
                list < 0  ? "see the org's status in Datadog"
                : loading ? "press r once the load ends to see"
                          : "refreshing the list",
                err);
    if (!loading)
        app_fetch(a, list);
}

static void on_result(app *a, dd_result *r)
{
    if (r->note) {
        note_show(a, r);
        return;
    }
    /* Any later result of the job, page or final, ends its wait. */
    if (a->note_seq && r->seq == a->note_seq)
        note_clear(a);
    char err[700];
    describe(r, err, sizeof(err));
    switch (r->kind) {
    case DD_JOB_LIST_CONNS:
        if (r->seq != a->conn_seq)
            break;
        if (!r->final) {
            if (dd_store_conn_page(&a->store, &r->conns, r->so_far, r->total) != 0)
                app_set_msg(a, MSG_ERROR, "out of memory while loading connections");
            break;
        }
        dd_store_conn_end(&a->store, r->status, err, app_now());
        if (r->status == DD_E_CANCELLED)
            app_set_msg(a, MSG_INFO, "fetch cancelled: %zu connections shown, marked stale",
                        a->store.conns.n);
        else if (r->status == DD_E_INCOMPLETE)
            app_set_msg(a, MSG_ERROR, "incomplete list: %s; what came is shown (r loads "
                        "again)", err);
        else if (r->status != DD_OK)
            list_failed(a, "connections", r, err, a->store.conns.n > 0);
        if (a->opts->refresh_s > 0)
            a->next_refresh = mono_ms() + (int64_t)a->opts->refresh_s * 1000;
        break;
    case DD_JOB_LIST_SF:
        if (r->seq != a->sf_seq)
            break;
        dd_store_sf_end(&a->store, &r->sfs, r->status, err, app_now());
        if (r->status == DD_E_CANCELLED)
            app_set_msg(a, MSG_INFO, "Salesforce fetch cancelled, list marked stale");
        else if (r->status != DD_OK)
            list_failed(a, "Salesforce orgs", r, err, a->store.sfs.n > 0);
        break;
    case DD_JOB_CREATE:
        if (r->status == DD_OK && r->conns.n > 0) {
            const dd_conn *c = &r->conns.items[0];
            if (c->source.id)
                snprintf(a->self_org, sizeof(a->self_org), "%s", c->source.id);
            dd_store_conn_upsert(&a->store, c);
            if (r->tag == TAG_UNDO && a->del_source && c->source.id &&
                strcmp(a->del_source, c->source.id) != 0)
                app_set_msg(a, MSG_ERROR,
                            "undo: re-created from your keys' org, not the deleted one's source "
                            "(the API creates only from it); new id %s",
                            c->id ? c->id : "?");
            else if (r->tag == TAG_UNDO)
                app_set_msg(a, MSG_INFO, "undo: re-created under a new id %s (was %s)",
                            c->id ? c->id : "?", a->del_id ? a->del_id : "?");
            else
                app_set_msg(a, MSG_INFO, "created connection %s", c->id ? c->id : "?");
            if (r->tag == TAG_UNDO)
                app_forget_delete(a);
        } else if (r->status != DD_OK) {
            app_set_msg(a, MSG_ERROR, "%s: %s", r->tag == TAG_UNDO ? "undo failed" : "create failed",
                        err);
        }
        break;
    case DD_JOB_UPDATE:
        if (r->status == DD_OK && r->conns.n > 0) {
            dd_store_conn_upsert(&a->store, &r->conns.items[0]);
            app_set_msg(a, MSG_INFO, "connection %s updated", r->id ? r->id : "?");
        } else if (r->status != DD_OK) {
            app_set_msg(a, MSG_ERROR, "update failed: %s", err);
        }
        break;
    case DD_JOB_DELETE_CONN:
        if (r->status == DD_OK) {
            dd_store_conn_remove(&a->store, r->id);
            bool other_source = a->self_org[0] && a->del_source &&
                                strcmp(a->del_source, a->self_org) != 0;
            if (r->seq == a->delete_seq && a->del_sink && other_source) {
                /* Re-creating would make a connection from our org instead. */
                app_set_msg(a, MSG_INFO,
                            "deleted %s. No undo: its source is not the org of your keys, and "
                            "the API creates connections only from that org",
                            a->del_desc ? a->del_desc : r->id);
            } else if (r->seq == a->delete_seq && a->del_sink) {
                a->undo_deadline = mono_ms() + APP_UNDO_SECONDS * 1000;
                app_set_msg(a, MSG_INFO,
                            "deleted %s. Press u within %d s to re-create it (it gets a new id)",
                            a->del_desc ? a->del_desc : r->id, APP_UNDO_SECONDS);
            } else {
                app_set_msg(a, MSG_INFO, "deleted connection %s", r->id);
            }
        } else {
            app_set_msg(a, MSG_ERROR, "delete failed: %s", err);
        }
        break;
    case DD_JOB_DELETE_SF:
        if (r->status == DD_OK) {
            dd_store_sf_remove(&a->store, r->id);
            app_set_msg(a, MSG_INFO, "Salesforce org %s deleted (and its incident templates)", r->id);
        } else {
            app_set_msg(a, MSG_ERROR, "Salesforce delete failed: %s", err);
        }
        break;
    case DD_JOB_DISABLE:
        if (r->status == DD_OK || (r->status == DD_E_HTTP && r->err.http_status == 409)) {
            a->org_disabled = true;
            a->read_only = true;
            snprintf(a->ro_reason, sizeof(a->ro_reason), "the org is disabled");
            snprintf(a->org_status, sizeof(a->org_status), "%s",
                     r->status == DD_OK && r->disable.status ? r->disable.status : "disabled");
            snprintf(a->org_id, sizeof(a->org_id), "%s",
                     r->disable.org_id ? r->disable.org_id : "");
            if (r->disable.org_id)
                snprintf(a->self_org, sizeof(a->self_org), "%s", r->disable.org_id);
            if (r->status == DD_OK)
                app_set_msg(a, MSG_INFO, "org disable accepted: %s", a->org_status);
            else
                app_set_msg(a, MSG_ERROR, "the org is already disabled (409)");
        } else {
            app_set_msg(a, MSG_ERROR, "org disable failed: %s", err);
        }
        break;
    case DD_JOB_SWITCH:
        switched(a, r);
        break;
    case DD_JOB_AUDIT_RECENT:
        if (r->seq != a->recent_seq)
            break;
        a->recent_seq = 0;
        dd_store_recent_end(&a->store, &r->recent, r->n_recent, r->status, err);
        break;
    }
    if (dd_job_writes(r->kind) && r->final && r->status != DD_OK &&
        dd_error_write_maybe_applied(&r->err))
        uncertain_write(a, r, err);
    if (dd_job_writes(r->kind) && r->final)
        app_load_recent(a);
    if (a->dlg && r->final && a->dlg->pending == r->seq) {
        a->dlg->pending = 0;
        if (a->dlg->ops->on_result && a->dlg->ops->on_result(a->dlg, a, r) == DLG_CLOSE)
            app_close_dialog(a);
    }
    a->dirty = true;
}

static void drain_results(app *a)
{
    dd_result *r = dd_worker_take(a->worker);
    while (r) {
        dd_result *next = r->next;
        on_result(a, r);
        dd_result_free(r);
        r = next;
    }
}

/* ---- keys ---- */

static void run_command(app *a, const char *cmd)
{
    while (*cmd == ' ')
        cmd++;
    if (strncmp(cmd, "profile", 7) == 0 && (cmd[7] == ' ' || cmd[7] == '\0')) {
        const char *name = cmd + 7;
        while (*name == ' ')
            name++;
        if (*name)
            app_switch_profile(a, name);
        else
            app_open_dialog(a, dlg_profile_new(a));
    } else if (strcmp(cmd, "q") == 0 || strcmp(cmd, "quit") == 0) {
        const action *q = action_for_key(a, false, 'q');
        if (q)
            action_run(a, q);
    } else if (*cmd) {
        app_set_msg(a, MSG_ERROR, "unknown command \"%s\" (try :profile NAME)", cmd);
    }
}

static void prompt_key(app *a, bool is_key, wint_t ch)
{
    int l = a->views[a->active]->list;
    char text[1024];
    if (!is_key && ch == 27) {
        if (a->prompt == '/' && l >= 0)
            dd_store_set_filter(&a->store, (dd_which)l, a->prompt_saved);
        a->prompt = 0;
        textfield_free(a->input);
        a->input = NULL;
        return;
    }
    if ((!is_key && (ch == '\n' || ch == '\r')) || (is_key && ch == KEY_ENTER)) {
        textfield_get(a->input, text, sizeof(text));
        int p = a->prompt;
        a->prompt = 0;
        textfield_free(a->input);
        a->input = NULL;
        if (p == ':')
            run_command(a, text);
        return;
    }
    if (!textfield_key(a->input, is_key, ch))
        return;
    if (a->prompt == '/' && l >= 0) {
        /* Live: every keystroke refilters (only visible rows are drawn). */
        textfield_get(a->input, text, sizeof(text));
        dd_store_set_filter(&a->store, (dd_which)l, text);
        dd_table_fit(dd_store_table(&a->store, (dd_which)l), app_list_rows(a));
    }
}

static void resized(app *a)
{
    getmaxyx(stdscr, a->rows, a->cols);
    bool was_small = a->too_small;
    a->too_small = a->rows < APP_MIN_ROWS || a->cols < APP_MIN_COLS;
    if (a->dlg) {
        dialog_layout(a->dlg, a);
        if (a->too_small)
            hide_panel(a->dlg->panel);
        else if (was_small)
            show_panel(a->dlg->panel);
    }
    a->detail = !app_detail_beside(a) && a->rows >= 30;
    a->dirty = true;
}

static void on_key(app *a, bool is_key, wint_t ch)
{
    a->dirty = true;
    if (is_key && ch == KEY_RESIZE) {
        resized(a);
        return;
    }
    if (a->too_small) {
        if (!is_key && (ch == 'q' || ch == 3))
            a->quit = true;
        return;
    }
    if (a->dlg) {
        if (a->dlg->ops->key(a->dlg, a, is_key, ch) == DLG_CLOSE)
            app_close_dialog(a);
        return;
    }
    if (a->prompt) {
        prompt_key(a, is_key, ch);
        return;
    }
    const action *ac = action_for_key(a, is_key, ch);
    if (ac)
        action_run(a, ac);
}

static void read_keys(app *a)
{
    wint_t ch;
    int rc;
    while ((rc = wget_wch(a->inwin, &ch)) != ERR) {
        on_key(a, rc == KEY_CODE_YES, ch);
        if (a->quit)
            break;
    }
}

/* ---- drawing ---- */

static void render(app *a)
{
    int cursor_x = -1;
    if (a->too_small) {
        chrome_too_small(a);
    } else {
        chrome_top(a);
        a->views[a->active]->draw(a, app_main_top(a), app_main_rows(a));
        cursor_x = chrome_status(a);
        chrome_fnbar(a);
        if (a->dlg && a->dlg->win)
            a->dlg->ops->draw(a->dlg, a);
    }
    /* stdscr is not a panel: copy it first, then the panels over it (the
     * dialog is redrawn every time, so all of it goes over). */
    wnoutrefresh(stdscr);
    if (a->dlg && a->dlg->win && !a->too_small)
        touchwin(a->dlg->win);
    update_panels();
    bool want = false;
    if (!a->too_small && a->dlg && a->dlg->want_cursor) {
        wmove(a->dlg->win, a->dlg->cur_y, a->dlg->cur_x);
        wnoutrefresh(a->dlg->win);
        want = true;
    } else if (!a->too_small && !a->dlg && cursor_x >= 0) {
        wmove(stdscr, a->rows - 2, cursor_x);
        wnoutrefresh(stdscr);
        want = true;
    }
    if (want != a->cursor_on) {
        curs_set(want ? 1 : 0);
        a->cursor_on = want;
    }
    doupdate();
    a->dirty = false;
}

/* ---- timers ---- */

static int timeout_ms(app *a)
{
    int64_t now = mono_ms(), next = 0;
    if (a->next_refresh)
        next = a->next_refresh;
    if (a->undo_deadline && (!next || a->undo_deadline < next))
        next = a->undo_deadline;
    if (a->note_retry_at && (!next || a->note_retry_at < next))
        next = a->note_retry_at;
    if (!next)
        return -1;
    return next <= now ? 0 : (int)(next - now > 3600000 ? 3600000 : next - now);
}

static void timers(app *a)
{
    int64_t now = mono_ms();
    if (a->next_refresh && now >= a->next_refresh) {
        a->next_refresh = 0;
        if (!a->store.ct.load.loading)
            app_fetch(a, 0);
        if (!a->store.st.load.loading)
            app_fetch(a, 1);
    }
    if (a->undo_deadline && now >= a->undo_deadline) {
        a->undo_deadline = 0;
        if (a->msg_kind == MSG_INFO && strstr(a->msg, "Press u"))
            app_set_msg(a, MSG_INFO, "undo window closed");
        a->dirty = true;
    }
    if (a->note_retry_at && now >= a->note_retry_at) {
        a->note_retry_at = 0;   /* one shot: the note now says "retrying now" */
        a->dirty = true;
    }
}

int app_loop(app *a)
{
    resized(a);
    a->dirty = true;
    while (!a->quit) {
        if (a->dirty)
            render(a);
        struct pollfd p[2] = {
            {.fd = 0, .events = POLLIN},
            {.fd = dd_worker_fd(a->worker), .events = POLLIN},
        };
        int rc = term_poll(p, 2, timeout_ms(a));
        if (term_quit_requested())
            break;
        if (rc < 0) {
            if (errno != EINTR) {
                term_fatal("poll: %s", strerror(errno));
                return 1;
            }
            /* A signal (SIGWINCH): curses reports it as KEY_RESIZE. */
            read_keys(a);
            continue;
        }
        if (p[1].revents & POLLIN)
            drain_results(a);
        if (p[0].revents & (POLLHUP | POLLERR | POLLNVAL))
            break;  /* the terminal went away */
        if (p[0].revents & POLLIN)
            read_keys(a);
        timers(a);
    }
    return 0;
}
