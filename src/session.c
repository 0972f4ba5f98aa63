/* The session's state, what the operator asks for, and its timers
 * (session.h). How results change it is in session_apply.c. */
#include "session.h"
#include "session_priv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "account.h"
#include "model.h"
#include "site.h"

void dd_fx_free(dd_fx *fx)
{
    for (size_t i = 0; i < fx->n_jobs; i++)
        dd_job_clear(&fx->jobs[i]);
    fx->n_jobs = 0;
}

/* ---- messages ---- */

static void msg_vset(dd_session *s, dd_msg_kind k, const char *fmt, va_list ap)
{
    vsnprintf(s->msg.text, sizeof(s->msg.text), fmt, ap);
    s->msg.kind = k;
    s->msg.load_of = -1;
    s->msg.expires_at = 0;
    s->msg.then[0] = '\0';
    s->msg.serial++;
}

void dd_session_msg(dd_session *s, dd_msg_kind k, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    msg_vset(s, k, fmt, ap);
    va_end(ap);
}

void dd_session_msg_expiring(dd_session *s, dd_msg_kind k, int64_t expires_at, const char *then,
                             const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    msg_vset(s, k, fmt, ap);
    va_end(ap);
    s->msg.expires_at = expires_at;
    snprintf(s->msg.then, sizeof(s->msg.then), "%s", then);
}

bool dd_session_dismiss(dd_session *s, int list)
{
    if (list == DD_LIST_CONNS || list == DD_LIST_SF)
        dd_store_table(&s->store, (dd_which)list)->load.error[0] = '\0';
    if (s->msg.kind == DD_MSG_NONE)
        return false;
    s->msg.kind = DD_MSG_NONE;
    s->msg.text[0] = '\0';
    s->msg.expires_at = 0;
    s->msg.serial++;
    return true;
}

/* ---- read-only ---- */

void dd_session_set_ro(dd_session *s, dd_ro ro)
{
    /* A disabled org outranks the other reasons: it is why nothing can
     * ever be written again. */
    if (s->ro == DD_RO_OFF || ro == DD_RO_DISABLED)
        s->ro = ro;
}

bool dd_session_read_only(const dd_session *s)
{
    return s->ro != DD_RO_OFF;
}

const char *dd_session_ro_reason(const dd_session *s)
{
    switch (s->ro) {
    case DD_RO_CONFIG: return "profile or --read-only";
    case DD_RO_AUDIT: return "the audit log cannot be written";
    case DD_RO_DISABLED: return "the org is disabled";
    case DD_RO_OFF: break;
    }
    return "";
}

bool dd_session_may(dd_session *s, dd_op_id op)
{
    const dd_op *o = dd_op_get(op);
    if (!o || !o->writes || s->ro == DD_RO_OFF)
        return true;
    /* The account view picks a writable profile for each connection write:
     * the read-only profile in use does not speak for the others. */
    if (s->account.on && s->ro == DD_RO_CONFIG && !s->start_read_only && o->account_routed)
        return true;
    dd_session_msg(s, DD_MSG_INFO, "read-only (%s): %s does nothing", dd_session_ro_reason(s),
                   o->title);
    return false;
}

/* ---- where requests go ---- */

dd_where dd_session_where(const dd_session *s, char *buf, size_t n)
{
    if (s->demo) {
        snprintf(buf, n, "demo");
        return DD_WHERE_DEMO;
    }
    const char *url = s->cfg->base_url;
    char *site_url = dd_site_base_url(s->cfg->site);
    bool own = site_url && strcasecmp(site_url, url) == 0;
    free(site_url);
    if (own) {
        snprintf(buf, n, "%s", s->cfg->site);
        return DD_WHERE_SITE;
    }
    /* A checked --api-url: scheme://host[:port], nothing after. */
    const char *host = strstr(url, "://");
    snprintf(buf, n, "%s", host ? host + 3 : url);
    return DD_WHERE_URL;
}

/* ---- life ---- */

int dd_session_init(dd_session *s, const dd_config *cfg, const dd_session_opts *o)
{
    memset(s, 0, sizeof(*s));
    if (dd_store_init(&s->store) != 0 || dd_managed_orgs_init(&s->managed) != 0)
        return -1;
    s->cfg = cfg;
    s->start_read_only = cfg->read_only;
    s->audit_failed = o && o->audit_failed;
    s->refresh_s = o ? o->refresh_s : 0;
    s->page_size = o ? o->page_size : 0;
    snprintf(s->arrow, sizeof(s->arrow), "%s", o && o->arrow ? o->arrow : "->");
    s->demo = o && o->demo;
    s->account.cfgs = o ? o->account : NULL;
    if (s->audit_failed) {
        s->ro = DD_RO_AUDIT;
        dd_session_msg(s, DD_MSG_ERROR, "the audit log cannot be opened: read-only");
    } else if (cfg->read_only) {
        s->ro = DD_RO_CONFIG;
    }
    return 0;
}

void dd_session_forget_undo(dd_session *s)
{
    dd_undo *u = &s->undo;
    free(u->id);
    free(u->sink);
    free(u->source);
    free(u->desc);
    dd_types_free(u->types, u->n_types);
    memset(u, 0, sizeof(*u));
}

void dd_session_free(dd_session *s)
{
    dd_store_free(&s->store);
    dd_managed_orgs_free(&s->managed);
    dd_session_forget_undo(s);
    dd_account_free(s->account.acct);
    if (s->owned_cfg) {
        dd_config_free(s->owned_cfg);
        free(s->owned_cfg);
    }
    memset(s, 0, sizeof(*s));
}

/* ---- jobs ---- */

bool dd_session_queue(dd_session *s, dd_fx *fx, dd_job *j, bool ok)
{
    if (!ok || fx->n_jobs >= DD_FX_JOBS) {
        dd_job_clear(j);
        dd_session_msg(s, DD_MSG_ERROR, "out of memory: the request was not sent");
        fx->redraw |= DD_DRAW_STATUS;
        return false;
    }
    fx->jobs[fx->n_jobs++] = *j;
    memset(j, 0, sizeof(*j));
    return true;
}

char *dd_session_dup(const char *v, bool *ok)
{
    if (!v)
        return NULL;
    char *d = strdup(v);
    if (!d)
        *ok = false;
    return d;
}

void dd_session_sent(dd_session *s, int tag, uint64_t seq)
{
    if (!seq) {
        dd_session_msg(s, DD_MSG_ERROR, "out of memory: the request was not sent");
        if (tag == DD_TAG_SWITCH)
            s->switching = false;
        if (tag == DD_TAG_ACCOUNT)
            s->account.loading = false;
        return;
    }
    switch (tag) {
    case DD_TAG_CONNS:
        s->conn_seq = seq;
        dd_store_begin(&s->store, DD_LIST_CONNS);
        break;
    case DD_TAG_SF:
        s->sf_seq = seq;
        dd_store_begin(&s->store, DD_LIST_SF);
        break;
    case DD_TAG_RECENT:
        s->recent_seq = seq;
        dd_store_recent_begin(&s->store);
        break;
    case DD_TAG_DELETE:
        s->undo.delete_seq = seq;
        break;
    case DD_TAG_ACCOUNT: dd_session_account_sent(s, seq); break;
    case DD_TAG_ORGS:
        s->orgs_seq = seq;
        s->orgs_loading = true;
        dd_session_map_loading(s);
        break;
    default:
        break;
    }
}

void dd_session_fetch(dd_session *s, int list, dd_fx *fx)
{
    bool ok = true;
    dd_job j = {0};
    if (s->account.on && (list == DD_LIST_CONNS || list == DD_LIST_ORGS)) {
        if (!s->account.loading)
            dd_session_account_reload(s, fx);
        return;
    }
    if (list == DD_LIST_CONNS) {
        if (s->store.t[DD_LIST_CONNS].load.loading) {
            dd_session_msg(s, DD_MSG_INFO, "connections are already loading");
            fx->redraw |= DD_DRAW_STATUS;
            return;
        }
        j = (dd_job){.kind = DD_JOB_LIST_CONNS, .tag = DD_TAG_CONNS, .page_size = s->page_size};
        j.sink = dd_session_dup(s->store.sink_filter, &ok);
        j.source = dd_session_dup(s->store.source_filter, &ok);
    } else if (list == DD_LIST_ORGS) {
        /* The map is built from the managed orgs and the connections. */
        if (!s->orgs_loading) {
            j = (dd_job){.kind = DD_JOB_LIST_ORGS, .tag = DD_TAG_ORGS};
            dd_session_queue(s, fx, &j, true);
        }
        if (!s->store.t[DD_LIST_CONNS].load.loading)
            dd_session_fetch(s, DD_LIST_CONNS, fx);
        fx->redraw |= DD_DRAW_TABS | DD_DRAW_STATUS | DD_DRAW_MAP;
        return;
    } else if (list == DD_LIST_SF) {
        if (s->store.t[DD_LIST_SF].load.loading) {
            dd_session_msg(s, DD_MSG_INFO, "Salesforce orgs are already loading");
            fx->redraw |= DD_DRAW_STATUS;
            return;
        }
        j = (dd_job){.kind = DD_JOB_LIST_SF, .tag = DD_TAG_SF};
    } else {
        return;
    }
    dd_session_queue(s, fx, &j, ok);
    fx->redraw |= DD_DRAW_TABS | DD_DRAW_STATUS |
                  (list == DD_LIST_CONNS ? DD_DRAW_CONNS : DD_DRAW_SF);
}

void dd_session_fetch_if_unloaded(dd_session *s, int list, dd_fx *fx)
{
    if (list < 0 || list >= DD_N_LISTS)
        return;
    const dd_load_state *l = &dd_store_table(&s->store, (dd_which)list)->load;
    if (!l->loaded_once && !l->loading)
        dd_session_fetch(s, list, fx);
}

void dd_session_load_recent(dd_session *s, dd_fx *fx)
{
    if (!s->cfg->audit_path)
        return;
    /* A file read: the worker does it, the UI thread never waits on disk.
     * Only the latest read counts (one queued after a write sees it). */
    bool ok = true;
    /* Enough records that this org's last few show among those of other
     * profiles and sites sharing the log (dd_session_recent_is_ours). */
    dd_job j = {.kind = DD_JOB_AUDIT_RECENT, .tag = DD_TAG_RECENT, .n_recent = 200};
    j.path = dd_session_dup(s->cfg->audit_path, &ok);
    dd_session_queue(s, fx, &j, ok);
    fx->redraw |= DD_DRAW_ORG;
}

void dd_session_start(dd_session *s, dd_time now, dd_fx *fx)
{
    (void)now;
    /* The orgs first: they name the keys' org before any write is offered. */
    dd_job j = {.kind = DD_JOB_LIST_ORGS, .tag = DD_TAG_ORGS};
    dd_session_queue(s, fx, &j, true);
    dd_session_fetch(s, DD_LIST_CONNS, fx);
    dd_session_fetch(s, DD_LIST_SF, fx);
    dd_session_load_recent(s, fx);
    fx->redraw |= DD_DRAW_ALL;
}

bool dd_session_cancel_fetch(dd_session *s, int list, dd_fx *fx)
{
    if (list != DD_LIST_CONNS && list != DD_LIST_SF)
        return false;
    if (!dd_store_table(&s->store, (dd_which)list)->load.loading)
        return false;
    fx->cancel_reads = true;
    dd_session_msg(s, DD_MSG_INFO, "cancelling the fetch; the list keeps what it has, marked "
                                   "stale");
    fx->redraw |= DD_DRAW_STATUS;
    return true;
}

void dd_session_set_server_filter(dd_session *s, const char *sink, const char *source,
                                  dd_fx *fx)
{
    if (s->account.on) {
        dd_session_msg(s, DD_MSG_INFO, "server filters work in one profile's view: the account "
                                       "view lists every connection (a leaves it)");
        fx->redraw |= DD_DRAW_STATUS;
        return;
    }
    /* The fetch in flight is for the old query: its results stop counting
     * (a new fetch takes its place), so it need not finish first. */
    fx->cancel_reads = true;
    if (dd_store_set_server_filter(&s->store, sink, source) != 0) {
        dd_session_msg(s, DD_MSG_ERROR, "out of memory: the filter was not set");
        fx->redraw |= DD_DRAW_STATUS;
        return;
    }
    s->store.t[DD_LIST_CONNS].load.loading = false;
    s->conn_seq = 0;
    dd_session_fetch(s, DD_LIST_CONNS, fx);
}

void dd_session_switch_profile(dd_session *s, const char *name, dd_fx *fx)
{
    fx->redraw |= DD_DRAW_STATUS;
    if (s->switching) {
        dd_session_msg(s, DD_MSG_INFO, "a profile switch is already under way");
        return;
    }
    /* An --api-url (tests, demo) stays: it is where this console talks. */
    char *site_url = dd_site_base_url(s->cfg->site);
    bool custom_url = site_url && strcmp(site_url, s->cfg->base_url) != 0;
    free(site_url);
    /* The worker reads the config file and builds the client. */
    bool ok = true;
    dd_job j = {.kind = DD_JOB_SWITCH, .tag = DD_TAG_SWITCH, .read_only = s->start_read_only};
    j.profile = dd_session_dup(name, &ok);
    j.api_url = custom_url ? dd_session_dup(s->cfg->base_url, &ok) : NULL;
    fx->cancel_reads = true;
    if (!dd_session_queue(s, fx, &j, ok))
        return;
    s->switching = true;
    snprintf(s->switching_to, sizeof(s->switching_to), "%s", name);
    dd_session_msg(s, DD_MSG_INFO, "switching to profile %s", name);
}

bool dd_session_recent_is_ours(const dd_session *s, const dd_audit_entry *e)
{
    const char *profile = s->cfg->profile ? s->cfg->profile : "";
    if (strcmp(e->profile, profile) != 0)
        return false;
    /* The site as the client records it: the --api-url when requests go
     * there. A record keeps its first sizeof(e->site) - 1 bytes. */
    dd_client_opts o;
    dd_client_opts_from_config(&o, s->cfg, NULL);
    const char *site = o.site ? o.site : "";
    size_t cap = sizeof(e->site) - 1;
    if (strlen(site) > cap)
        return strlen(e->site) == cap && strncasecmp(e->site, site, cap) == 0;
    return strcasecmp(e->site, site) == 0;
}

/* ---- timers ---- */

static void earliest(int64_t *next, int64_t t)
{
    if (t && (!*next || t < *next))
        *next = t;
}

int64_t dd_session_next_timer(const dd_session *s)
{
    int64_t next = 0;
    earliest(&next, s->next_refresh);
    earliest(&next, s->undo.deadline);
    earliest(&next, s->msg.expires_at);
    earliest(&next, s->note.retry_at);
    return next;
}

void dd_session_tick(dd_session *s, dd_time now, dd_fx *fx)
{
    int64_t t = now.mono_ms;
    if (s->next_refresh && t >= s->next_refresh) {
        s->next_refresh = 0;
        if (!s->store.t[DD_LIST_CONNS].load.loading)
            dd_session_fetch(s, DD_LIST_CONNS, fx);
        if (!s->store.t[DD_LIST_SF].load.loading)
            dd_session_fetch(s, DD_LIST_SF, fx);
    }
    if (s->undo.deadline && t >= s->undo.deadline) {
        s->undo.deadline = 0;
        fx->redraw |= DD_DRAW_STATUS;
    }
    if (s->msg.expires_at && t >= s->msg.expires_at) {
        char then[sizeof(s->msg.then)];
        snprintf(then, sizeof(then), "%s", s->msg.then);
        if (then[0])
            dd_session_msg(s, DD_MSG_INFO, "%s", then);
        else
            dd_session_dismiss(s, -1);
        fx->redraw |= DD_DRAW_STATUS;
    }
    if (s->note.retry_at && t >= s->note.retry_at) {
        s->note.retry_at = 0;   /* one shot: the note now says "retrying now" */
        fx->redraw |= DD_DRAW_STATUS;
    }
}

void dd_session_note_text(const dd_session *s, int64_t now_ms, bool short_form, char *buf,
                          size_t n)
{
    const dd_note *nt = &s->note;
    if (!nt->seq) {
        buf[0] = '\0';
        return;
    }
    char when[48], attempt[48] = "";
    int64_t left = nt->retry_at ? nt->retry_at - now_ms : 0;
    if (left > 0)
        snprintf(when, sizeof(when), "retrying in %lld s", (long long)((left + 999) / 1000));
    else
        snprintf(when, sizeof(when), "retrying now");
    if (!short_form)
        snprintf(attempt, sizeof(attempt), ", attempt %d of %d", nt->attempt, nt->max_tries);
    snprintf(buf, n, "%s: %s%s", nt->text, when, attempt);
}
