/* The account view in the session (session.h): every profile of the
 * account at once. The worker loads them (DD_JOB_ACCOUNT, account.h); this
 * file turns the account into the connections list (one row per
 * connection, the profiles that see it), the org map (every org of the
 * account) and the profile each write goes through. */
#include "session.h"
#include "session_priv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "account_configs.h"
#include "list_kind.h"
#include "orgmap.h"

void dd_session_account_leave(dd_session *s)
{
    dd_session_acct *a = &s->account;
    if (!a->on)
        return;
    dd_account_free(a->acct);
    const struct dd_account_configs *cfgs = a->cfgs;
    memset(a, 0, sizeof(*a));
    a->cfgs = cfgs;
    if (dd_store_set_kind(&s->store, DD_LIST_CONNS, &dd_kind_conns) != 0)
        dd_session_msg(s, DD_MSG_ERROR, "out of memory");
    s->conn_seq = 0;
}

void dd_session_account_reload(dd_session *s, dd_fx *fx)
{
    dd_session_acct *a = &s->account;
    fx->redraw |= DD_DRAW_STATUS | DD_DRAW_TABS;
    if (a->loading) {
        dd_session_msg(s, DD_MSG_INFO, "the account is already loading");
        return;
    }
    bool ok = true;
    dd_job j = {.kind = DD_JOB_ACCOUNT, .tag = DD_TAG_ACCOUNT, .read_only = s->start_read_only,
                .reuse_configs = !a->reread};
    /* An --api-url (tests, demo) stays for every profile, as a switch keeps it. */
    char where[300];
    if (dd_session_where(s, where, sizeof(where)) != DD_WHERE_SITE)
        j.api_url = dd_session_dup(s->cfg->base_url, &ok);
    if (a->cfgs) {
        dd_account_configs copy;
        if (dd_account_configs_copy(&copy, a->cfgs) != 0) {
            ok = false;
        } else {
            j.configs = copy.items;
            j.n_configs = copy.n;
            free(copy.notes);
        }
    }
    /* Loading from now: a second reload in the same effects sends nothing. */
    a->quiet = false;
    if (dd_session_queue(s, fx, &j, ok)) {
        a->reread = false;
        a->loading = true;
        a->failed[0] = '\0';
        dd_session_msg(s, DD_MSG_INFO, "loading every profile of the account");
    }
}

void dd_session_account_quiet(dd_session *s, dd_fx *fx)
{
    if (s->account.loading)
        return;
    dd_msg keep = s->msg;
    dd_session_account_reload(s, fx);
    s->account.quiet = true;
    s->msg = keep;
    s->msg.serial++;
}

void dd_session_account(dd_session *s, bool on, dd_fx *fx)
{
    dd_session_acct *a = &s->account;
    fx->redraw |= DD_DRAW_ALL;
    if (!on) {
        if (!a->on)
            return;
        /* The load in flight stops counting; the worker drops it. */
        fx->cancel_reads = true;
        dd_session_account_leave(s);
        s->store.t[DD_LIST_CONNS].load.loading = false;
        dd_session_msg(s, DD_MSG_INFO, "account view closed: the connections of profile %s",
                       s->cfg->profile ? s->cfg->profile : "(environment keys)");
        dd_session_fetch(s, DD_LIST_ORGS, fx);
        return;
    }
    if (!a->on) {
        if (dd_store_set_kind(&s->store, DD_LIST_CONNS, &dd_kind_account_conns) != 0) {
            dd_session_msg(s, DD_MSG_ERROR, "out of memory: the account view was not opened");
            return;
        }
        a->on = true;
        a->reread = true;
        /* The profile's own connection fetches no longer count: cancelled,
         * so the worker is free for the account. The cancel takes the
         * other reads with it: those are asked again. */
        fx->cancel_reads = true;
        s->conn_seq = 0;
        s->store.t[DD_LIST_CONNS].load.loading = false;
        dd_session_forget_undo(s);
        dd_session_account_reload(s, fx);
        if (s->orgs_loading) {
            s->orgs_loading = false;
            dd_job j = {.kind = DD_JOB_LIST_ORGS, .tag = DD_TAG_ORGS};
            dd_session_queue(s, fx, &j, true);
        }
        if (s->store.t[DD_LIST_SF].load.loading) {
            s->store.t[DD_LIST_SF].load.loading = false;
            dd_session_fetch(s, DD_LIST_SF, fx);
        }
        return;
    }
    a->reread = true;   /* asked for by name: the config file is read again */
    dd_session_account_reload(s, fx);
}

void dd_session_account_sent(dd_session *s, uint64_t seq)
{
    dd_session_acct *a = &s->account;
    a->seq = seq;
    a->loading = true;
    a->done = 0;
    a->total = 0;
    dd_store_begin(&s->store, DD_LIST_CONNS);
    dd_session_map_loading(s);
}

/* Appends printf-style text to out (n bytes, NUL-terminated), cut when full. */
static void put(char *out, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void put(char *out, size_t n, const char *fmt, ...)
{
    size_t len = strlen(out);
    if (len + 1 >= n)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out + len, n - len, fmt, ap);
    va_end(ap);
}

/* Appends ", name" to the failed profiles (cut when it does not fit). */
static void note_failed(dd_session_acct *a, const char *name)
{
    put(a->failed, sizeof(a->failed), "%s%s", a->failed[0] ? ", " : "", name);
}

/* The merged rows, with the names of the profiles that see each, as the
 * connections list's page. */
static int rows_of(const dd_account *acct, dd_conn_list *out)
{
    if (dd_conn_list_init(out) != 0 || dd_conn_list_reserve(out, acct->conns.n) != 0)
        return -1;
    for (size_t i = 0; i < acct->conns.n; i++) {
        dd_conn c = acct->conns.items[i];
        char names[400];
        dd_account_profile_names(acct, acct->seen_by[i], names, sizeof(names));
        c.seen_by = names;
        if (dd_conn_list_append_copy(out, &c) != 0)
            return -1;
    }
    return 0;
}

/* Every profile not loaded, each named once: the failed ones grouped by
 * their reason ("a, b (GET /api/v2/org: HTTP 401 ...)"), then the ones the
 * config file could not give (notes, "profile x: why"). Into out (n bytes). */
static void not_loaded_text(const dd_account *acct, const char *notes, char *out, size_t n)
{
    out[0] = '\0';
    bool *told = calloc(acct->n_profiles ? acct->n_profiles : 1, sizeof(*told));
    if (!told)
        return;
    for (size_t i = 0; i < acct->n_profiles; i++) {
        const dd_account_profile *p = &acct->profiles[i];
        if (p->status == DD_OK || told[i])
            continue;
        char why[900];
        dd_account_profile_reason(p, why, sizeof(why));
        put(out, n, "%s%s", out[0] ? "; " : "", p->name);
        for (size_t j = i + 1; j < acct->n_profiles; j++) {
            const dd_account_profile *q = &acct->profiles[j];
            char other[900];
            if (q->status == DD_OK || told[j])
                continue;
            dd_account_profile_reason(q, other, sizeof(other));
            if (strcmp(why, other) == 0) {
                put(out, n, ", %s", q->name);
                told[j] = true;
            }
        }
        put(out, n, " (%s)", why);
    }
    free(told);
    if (notes)
        put(out, n, "%s%s", out[0] ? "; " : "", notes);
}

/* The load ended: the account's rows replace the list, its orgs the map. */
static void account_done(dd_session *s, dd_result *r, const char *err, dd_time now, dd_fx *fx)
{
    dd_session_acct *a = &s->account;
    a->loading = false;
    if (!r->account) {
        dd_store_end(&s->store, DD_LIST_CONNS, r->status, err, now.unix_s);
        dd_session_map_loading(s);
        if (r->status == DD_E_CANCELLED)
            dd_session_msg(s, DD_MSG_INFO, "account load cancelled: the list is marked stale");
        else
            dd_session_msg(s, DD_MSG_ERROR, "the account could not be loaded: %s (r tries "
                                            "again, a leaves the account view)",
                           err);
        return;
    }
    dd_account_free(a->acct);
    a->acct = r->account;
    r->account = NULL;
    size_t loaded = 0;
    a->failed[0] = '\0';
    char no_orgs[200] = "";
    for (size_t i = 0; i < a->acct->n_profiles; i++) {
        const dd_account_profile *p = &a->acct->profiles[i];
        if (p->status == DD_OK && p->orgs_access == DD_ORGS_CALL_FAILED) {
            put(no_orgs, sizeof(no_orgs), "%s%s", no_orgs[0] ? ", " : "", p->name);
        }
        if (p->status == DD_OK) {
            loaded++;
            continue;
        }
        note_failed(a, p->name);
    }
    /* Every profile of the file counts, the ones left out unread too. */
    size_t all = a->acct->n_profiles + r->n_skipped;
    dd_conn_list rows;
    int rc = rows_of(a->acct, &rows);
    if (rc == 0)
        rc = dd_store_page(&s->store, DD_LIST_CONNS, &rows, rows.n, (int64_t)rows.n);
    dd_conn_list_free(&rows);
    bool some_failed = a->failed[0] || r->notes;
    char not_loaded[DD_MSG_TEXT_MAX];
    not_loaded_text(a->acct, r->notes, not_loaded, sizeof(not_loaded));
    char why[520];
    snprintf(why, sizeof(why), "profiles not loaded: %s", not_loaded);
    if (rc != 0)
        dd_store_end(&s->store, DD_LIST_CONNS, DD_E_NOMEM, "out of memory", now.unix_s);
    else if (some_failed && r->status == DD_OK)
        dd_store_end(&s->store, DD_LIST_CONNS, DD_E_INCOMPLETE, why, now.unix_s);
    else
        dd_store_end(&s->store, DD_LIST_CONNS, r->status, err, now.unix_s);
    dd_session_map_loading(s);
    dd_session_map_rebuild(s, now, fx);
    size_t n_conns = dd_store_count(&s->store, DD_LIST_CONNS);
    if (s->refresh_s > 0)
        s->next_refresh = now.mono_ms + (int64_t)s->refresh_s * 1000;
    /* After a write its message stays; the list's mark tells the rest. */
    if (a->quiet)
        return;
    char orgs_note[260] = "";
    if (no_orgs[0])
        snprintf(orgs_note, sizeof(orgs_note), "; managed orgs not known for %s (GET /api/v2/org "
                 "failed)", no_orgs);
    if (r->status == DD_E_CANCELLED)
        dd_session_msg(s, DD_MSG_INFO, "account load cancelled: %zu of %zu profiles loaded",
                       loaded, all);
    else if (some_failed)
        dd_session_msg(s, DD_MSG_ERROR, "account: %zu connections from %zu of %zu profiles; "
                       "not loaded: %s%s", n_conns, loaded, all, not_loaded, orgs_note);
    else
        dd_session_msg(s, DD_MSG_INFO, "account: %zu connections from %zu profiles, %zu orgs%s",
                       n_conns, loaded, a->acct->n_orgs, orgs_note);
}

void dd_session_account_result(dd_session *s, dd_result *r, const char *err, dd_time now,
                               dd_fx *fx)
{
    dd_session_acct *a = &s->account;
    if (!a->on || r->seq != a->seq)
        return;
    fx->redraw |= DD_DRAW_CONNS | DD_DRAW_MAP | DD_DRAW_TABS | DD_DRAW_STATUS;
    if (r->final) {
        account_done(s, r, err, now, fx);
        return;
    }
    /* A profile finished; the others go on. */
    a->done = r->so_far;
    a->total = r->total > 0 ? (size_t)r->total : 0;
    if (r->status != DD_OK && r->id)
        note_failed(a, r->id);
    if (!a->quiet)
        dd_session_msg(s, DD_MSG_INFO, "loading the account: %zu of %zu profiles done%s%s", a->done,
                   a->total, a->failed[0] ? "; failed: " : "", a->failed);
}

/* The org of the profile in use, as the account knows it. */
static const char *current_org(const dd_session *s)
{
    const dd_account *acct = s->account.acct;
    const char *name = s->cfg->profile ? s->cfg->profile : DD_ACCOUNT_NO_PROFILE_NAME;
    const dd_account_profile *p = acct ? dd_account_profile_named(acct, name) : NULL;
    if (p && p->self_org_id)
        return p->self_org_id;
    return s->self_org[0] ? s->self_org : NULL;
}

/* The profile op goes through, or NULL with why. */
static const dd_account_profile *route(const dd_session *s, dd_op_id op, const char *source,
                                       const char *sink, char *why, size_t n)
{
    const dd_account *acct = s->account.acct;
    if (!acct) {
        snprintf(why, n, "the account is not loaded yet: wait for it (or press r); nothing "
                         "was sent");
        return NULL;
    }
    dd_account_write w = op == DD_OP_CONN_CREATE ? DD_ACCOUNT_CREATE
                         : op == DD_OP_CONN_UPDATE ? DD_ACCOUNT_UPDATE
                                                   : DD_ACCOUNT_DELETE;
    if (w == DD_ACCOUNT_CREATE && !source)
        source = current_org(s);
    if (w == DD_ACCOUNT_CREATE && !source) {
        snprintf(why, n, "the org to create from is not known (profile %s did not load): "
                         "nothing was sent",
                 s->cfg->profile ? s->cfg->profile : "(environment keys)");
    } else {
        const dd_account_profile *p = dd_account_route_write(acct, w, source, sink, why, n);
        if (p)
            return p;
    }
    /* What was said is of the last load: a new one may change it. */
    if (s->account.loading) {
        size_t len = strlen(why);
        snprintf(why + len, n - len, " (the account is loading again: try once it is loaded)");
    }
    return NULL;
}

bool dd_session_write_via(const dd_session *s, dd_op_id op, const char *source_org,
                          const char *sink_org, char *via, size_t n)
{
    if (!s->account.on) {
        snprintf(via, n, "%s", "");
        return true;
    }
    const dd_account_profile *p = route(s, op, source_org, sink_org, via, n);
    if (p)
        snprintf(via, n, "profile %s", p->name);
    return p != NULL;
}

bool dd_session_account_route(dd_session *s, dd_op_id op, const char *source, const char *sink,
                              dd_job *j)
{
    if (!s->account.on)
        return true;
    char why[600];
    const dd_account_profile *p = route(s, op, source, sink, why, sizeof(why));
    if (!p) {
        dd_session_msg(s, DD_MSG_ERROR, "%s", why);
        return false;
    }
    free(j->profile);
    j->profile = strdup(p->name);
    if (!j->profile) {
        dd_session_msg(s, DD_MSG_ERROR, "out of memory: the request was not sent");
        return false;
    }
    return true;
}

int dd_session_account_seeds(const dd_session *s, dd_strpool *pool, dd_orgmap_row **out,
                             size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!s->account.on || !s->account.acct)
        return 0;
    const char *name = s->cfg->profile ? s->cfg->profile : DD_ACCOUNT_NO_PROFILE_NAME;
    return dd_orgmap_account_seeds(s->account.acct, name, pool, out, n);
}
