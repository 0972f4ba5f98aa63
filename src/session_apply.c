/* How the worker's results change the session (dd_session_apply): which
 * still count, what the lists become, what the operator is told, and what
 * must follow (a refresh after a write that may have been applied, the
 * audit log's tail after any write). */
#include "session.h"
#include "session_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void note_show(dd_session *s, const dd_result *r, dd_time now)
{
    dd_note *n = &s->note;
    n->seq = r->seq;
    snprintf(n->text, sizeof(n->text), "%s", r->wait.reason ? r->wait.reason : "waiting");
    n->attempt = r->wait.attempt;
    n->max_tries = r->wait.max_tries;
    n->retry_at = now.mono_ms + r->wait.wait_ms;
}

/* A list fetch failed: says why, and names the keys when the server refused
 * them (after a profile switch that is the likely cause). */
static void list_failed(dd_session *s, const char *what, const dd_result *r, const char *err,
                        bool shown)
{
    const char *stale = shown ? " (last good data kept, marked stale)" : "";
    long st = r->err.http_status;
    const char *profile = s->cfg->profile;
    if (r->status == DD_E_HTTP && (st == 401 || st == 403))
        dd_session_msg(s, DD_MSG_ERROR,
                       "%s: the keys of %s%s were refused (%s): check api_key, app_key and "
                       "site%s",
                       what, profile ? "profile " : "",
                       profile ? profile : "DD_API_KEY/DD_APP_KEY", err, stale);
    else
        dd_session_msg(s, DD_MSG_ERROR, "%s: %s%s", what, err, stale);
}

/* Which list a load problem message speaks of (dd_msg.load_of). */
static void msg_is_load_of(dd_session *s, int list)
{
    s->msg.load_of = list;
}

/* A complete listing arrived: a problem said of an earlier load of the
 * same list (failed, incomplete) no longer holds. */
static void load_problem_over(dd_session *s, int list)
{
    if (s->msg.kind != DD_MSG_NONE && s->msg.load_of == list)
        dd_session_dismiss(s, -1);
}

static void conns_result(dd_session *s, dd_result *r, const char *err, dd_time now, dd_fx *fx)
{
    if (r->seq != s->conn_seq)
        return;   /* a fetch that was replaced or whose profile is gone */
    fx->redraw |= DD_DRAW_CONNS | DD_DRAW_TABS | DD_DRAW_STATUS;
    if (!r->final) {
        if (dd_store_page(&s->store, DD_LIST_CONNS, &r->conns, r->so_far, r->total) != 0)
            dd_session_msg(s, DD_MSG_ERROR, "out of memory while loading connections");
        return;
    }
    dd_store_end(&s->store, DD_LIST_CONNS, r->status, err, now.unix_s);
    dd_session_map_loading(s);
    if (r->status == DD_OK || r->status == DD_E_INCOMPLETE)
        dd_session_map_rebuild(s, now, fx);
    if (r->status == DD_E_CANCELLED)
        dd_session_msg(s, DD_MSG_INFO, "fetch cancelled: %zu connections shown, marked stale",
                       dd_store_count(&s->store, DD_LIST_CONNS));
    else if (r->status == DD_E_INCOMPLETE)
        dd_session_msg(s, DD_MSG_ERROR, "incomplete list: %s; what came is shown (r loads again)",
                       err);
    else if (r->status != DD_OK)
        list_failed(s, "connections", r, err, dd_store_count(&s->store, DD_LIST_CONNS) > 0);
    if (r->status == DD_OK)
        load_problem_over(s, DD_LIST_CONNS);
    else if (r->status != DD_E_CANCELLED)
        msg_is_load_of(s, DD_LIST_CONNS);
    if (s->refresh_s > 0)
        s->next_refresh = now.mono_ms + (int64_t)s->refresh_s * 1000;
}

static void sf_result(dd_session *s, dd_result *r, const char *err, dd_time now, dd_fx *fx)
{
    if (r->seq != s->sf_seq)
        return;
    fx->redraw |= DD_DRAW_SF | DD_DRAW_TABS | DD_DRAW_STATUS;
    /* One request, one page: the store treats it like any fetch. */
    if (r->status == DD_OK &&
        dd_store_page(&s->store, DD_LIST_SF, &r->sfs, r->sfs.n, (int64_t)r->sfs.n) != 0)
        dd_store_end(&s->store, DD_LIST_SF, DD_E_NOMEM, "out of memory", now.unix_s);
    else
        dd_store_end(&s->store, DD_LIST_SF, r->status, err, now.unix_s);
    if (r->status == DD_E_CANCELLED)
        dd_session_msg(s, DD_MSG_INFO, "Salesforce fetch cancelled, list marked stale");
    else if (r->status != DD_OK)
        list_failed(s, "Salesforce orgs", r, err, dd_store_count(&s->store, DD_LIST_SF) > 0);
    if (r->status == DD_OK)
        load_problem_over(s, DD_LIST_SF);
    else if (r->status != DD_E_CANCELLED)
        msg_is_load_of(s, DD_LIST_SF);
}

static void create_result(dd_session *s, dd_result *r, const char *err, dd_time now, dd_fx *fx)
{
    bool undo = r->tag == DD_TAG_UNDO;
    fx->redraw |= DD_DRAW_CONNS | DD_DRAW_TABS | DD_DRAW_STATUS;
    if (r->status != DD_OK) {
        dd_session_msg(s, DD_MSG_ERROR, "%s: %s", undo ? "undo failed" : "create failed", err);
        return;
    }
    if (r->conns.n == 0)
        return;
    const dd_conn *c = &r->conns.items[0];
    /* The API creates from the keys' org: the answer names it (in the
     * account view, the org of the profile the create went through). */
    if (c->source.id && !s->account.on)
        snprintf(s->self_org, sizeof(s->self_org), "%s", c->source.id);
    if (dd_store_upsert(&s->store, DD_LIST_CONNS, c) != 0)
        dd_session_msg(s, DD_MSG_ERROR, "out of memory: the list lacks the new connection");
    dd_session_map_rebuild(s, now, fx);
    const char *id = c->id ? c->id : "?";
    if (undo && s->undo.source && c->source.id && strcmp(s->undo.source, c->source.id) != 0)
        dd_session_msg(s, DD_MSG_ERROR,
                       "undo: re-created from your keys' org, not the deleted one's source (the "
                       "API creates only from it); new id %s",
                       id);
    else if (undo)
        dd_session_msg(s, DD_MSG_INFO, "undo: re-created under a new id %s (was %s)", id,
                       s->undo.id ? s->undo.id : "?");
    else
        dd_session_msg(s, DD_MSG_INFO, "created connection %s", id);
    if (undo)
        dd_session_forget_undo(s);
}

static void update_result(dd_session *s, dd_result *r, const char *err, dd_time now, dd_fx *fx)
{
    fx->redraw |= DD_DRAW_CONNS | DD_DRAW_STATUS;
    if (r->status != DD_OK) {
        dd_session_msg(s, DD_MSG_ERROR, "update failed: %s", err);
        return;
    }
    if (r->conns.n > 0 && dd_store_upsert(&s->store, DD_LIST_CONNS, &r->conns.items[0]) != 0)
        dd_session_msg(s, DD_MSG_ERROR, "out of memory: the list lacks the change");
    else
        dd_session_msg(s, DD_MSG_INFO, "connection %s updated", r->id ? r->id : "?");
    dd_session_map_rebuild(s, now, fx);
}

static void delete_result(dd_session *s, dd_result *r, const char *err, dd_time now, dd_fx *fx)
{
    fx->redraw |= DD_DRAW_CONNS | DD_DRAW_TABS | DD_DRAW_STATUS;
    if (r->status != DD_OK) {
        dd_session_msg(s, DD_MSG_ERROR, "delete failed: %s", err);
        return;
    }
    /* Whose keys these are, asked before the row goes (it may tell). */
    char keys[128];
    dd_session_keys_org(s, keys, sizeof(keys));
    dd_store_remove(&s->store, DD_LIST_CONNS, r->id ? r->id : "");
    dd_session_map_rebuild(s, now, fx);
    dd_undo *u = &s->undo;
    bool latest = r->seq == u->delete_seq && u->sink;
    bool other_source = !keys[0] || !u->source || !dd_org_id_eq(u->source, keys);
    const char *desc = u->desc ? u->desc : r->id;
    if (latest && other_source) {
        /* Re-creating would make a connection from our org instead. */
        dd_session_msg(s, DD_MSG_INFO,
                       "deleted %s. No undo: %s, and the API creates connections only from "
                       "that org",
                       desc, keys[0] ? "its source is not the org of your keys"
                                     : "the org of your keys is not known");
    } else if (latest) {
        u->deadline = now.mono_ms + DD_UNDO_SECONDS * 1000;
        dd_session_msg_expiring(s, DD_MSG_INFO, u->deadline, "undo window closed",
                                "deleted %s. Press u within %d s to re-create it (it gets a "
                                "new id)",
                                desc, DD_UNDO_SECONDS);
    } else {
        dd_session_msg(s, DD_MSG_INFO, "deleted connection %s", r->id ? r->id : "?");
    }
}

static void sf_delete_result(dd_session *s, dd_result *r, const char *err, dd_fx *fx)
{
    fx->redraw |= DD_DRAW_SF | DD_DRAW_TABS | DD_DRAW_STATUS;
    if (r->status != DD_OK) {
        dd_session_msg(s, DD_MSG_ERROR, "Salesforce delete failed: %s", err);
        return;
    }
    dd_store_remove(&s->store, DD_LIST_SF, r->id ? r->id : "");
    dd_session_msg(s, DD_MSG_INFO, "Salesforce org %s deleted (and its incident templates)",
                   r->id ? r->id : "?");
}

static void disable_result(dd_session *s, dd_result *r, const char *err, dd_fx *fx)
{
    fx->redraw |= DD_DRAW_ORG | DD_DRAW_TABS | DD_DRAW_STATUS;
    bool conflict = r->status == DD_E_HTTP && r->err.http_status == 409;
    if (r->status != DD_OK && !conflict) {
        dd_session_msg(s, DD_MSG_ERROR, "org disable failed: %s", err);
        return;
    }
    /* Disabled now or before (409): either way nothing more can be written. */
    s->org_disabled = true;
    dd_session_set_ro(s, DD_RO_DISABLED);
    snprintf(s->org_status, sizeof(s->org_status), "%s",
             r->status == DD_OK && r->disable.status ? r->disable.status : "disabled");
    snprintf(s->org_id, sizeof(s->org_id), "%s", r->disable.org_id ? r->disable.org_id : "");
    if (r->disable.org_id)
        snprintf(s->self_org, sizeof(s->self_org), "%s", r->disable.org_id);
    if (r->status == DD_OK)
        dd_session_msg(s, DD_MSG_INFO, "org disable accepted: %s", s->org_status);
    else
        dd_session_msg(s, DD_MSG_ERROR, "the org is already disabled (409)");
}

static void switch_result(dd_session *s, dd_result *r, dd_time now, dd_fx *fx)
{
    s->switching = false;
    fx->redraw |= DD_DRAW_ALL;
    if (r->status != DD_OK || !r->config) {
        /* Nothing changed: the worker kept the client it had. */
        char buf[600];
        dd_error_describe(&r->err, buf, sizeof(buf));
        dd_session_msg(s, DD_MSG_ERROR, "profile %s not loaded (still using %s): %s",
                       s->switching_to,
                       s->cfg->profile ? s->cfg->profile : "the environment's keys", buf);
        return;
    }
    dd_config *c = r->config;
    r->config = NULL;
    /* The worker freed the client that used the old configuration. */
    if (s->owned_cfg) {
        dd_config_free(s->owned_cfg);
        free(s->owned_cfg);
    }
    s->owned_cfg = c;
    s->cfg = c;
    if (s->account.on) {
        dd_session_account_leave(s);
        fx->cancel_reads = true;
    }
    /* Another org's keys: nothing known of the old one holds. */
    dd_store_free(&s->store);
    if (dd_store_init(&s->store) != 0)
        dd_session_msg(s, DD_MSG_ERROR, "out of memory");
    s->conn_seq = s->sf_seq = s->recent_seq = s->orgs_seq = 0;
    dd_managed_orgs_free(&s->managed);
    dd_managed_orgs_init(&s->managed);
    s->orgs_state = DD_ORGS_UNKNOWN;
    s->orgs_loading = false;
    s->self_name[0] = '\0';
    dd_session_forget_undo(s);
    s->org_disabled = false;
    s->org_status[0] = s->org_id[0] = s->self_org[0] = '\0';
    s->ro = s->audit_failed ? DD_RO_AUDIT : c->read_only ? DD_RO_CONFIG : DD_RO_OFF;
    char where[300];
    dd_session_where(s, where, sizeof(where));
    dd_session_msg(s, DD_MSG_INFO, "now using profile %s (%s)", c->profile ? c->profile : "(none)",
                   where);
    dd_session_start(s, now, fx);
}

/* A write that failed after it may have reached the server: say so, and
 * show what the server holds instead of leaving the operator to guess
 * whether to repeat it. */
static void uncertain_write(dd_session *s, const dd_result *r, const char *err, dd_fx *fx)
{
    int list = r->kind == DD_JOB_DELETE_SF ? DD_LIST_SF
               : r->kind == DD_JOB_DISABLE ? -1
                                           : DD_LIST_CONNS;
    bool loading = list < 0 || dd_store_table(&s->store, (dd_which)list)->load.loading;
    const char *name = r->tag == DD_TAG_UNDO ? "undo" : dd_job_op(r->kind)->title;
    /* The doubt goes first: it is what decides the operator's next step. */
    dd_session_msg(s, DD_MSG_ERROR, "%s failed but may have been applied (%s): %s", name,
                   list < 0  ? "see the org's status in Datadog"
                   : loading ? "press r once the load ends to see"
                             : "refreshing the list",
                   err);
    if (loading)
        return;
    /* The account view's reload keeps this message: its own would hide
     * the doubt. */
    if (s->account.on && list == DD_LIST_CONNS)
        dd_session_account_quiet(s, fx);
    else
        dd_session_fetch(s, list, fx);
}

void dd_session_apply(dd_session *s, dd_result *r, dd_time now, dd_fx *fx)
{
    if (r->note) {
        note_show(s, r, now);
        fx->redraw |= DD_DRAW_STATUS;
        return;
    }
    /* Any later result of the job, page or final, ends its wait. */
    if (s->note.seq && r->seq == s->note.seq) {
        memset(&s->note, 0, sizeof(s->note));
        fx->redraw |= DD_DRAW_STATUS;
    }
    char err[700];
    dd_error_describe(&r->err, err, sizeof(err));
    switch (r->kind) {
    case DD_JOB_LIST_CONNS: conns_result(s, r, err, now, fx); break;
    case DD_JOB_LIST_SF: sf_result(s, r, err, now, fx); break;
    case DD_JOB_CREATE: create_result(s, r, err, now, fx); break;
    case DD_JOB_UPDATE: update_result(s, r, err, now, fx); break;
    case DD_JOB_LIST_ORGS: dd_session_orgs_result(s, r, err, now, fx); break;
    case DD_JOB_DELETE_CONN: delete_result(s, r, err, now, fx); break;
    case DD_JOB_DELETE_SF: sf_delete_result(s, r, err, fx); break;
    case DD_JOB_DISABLE: disable_result(s, r, err, fx); break;
    case DD_JOB_SWITCH: switch_result(s, r, now, fx); break;
    case DD_JOB_ACCOUNT: dd_session_account_result(s, r, err, now, fx); break;
    case DD_JOB_AUDIT_RECENT:
        if (r->seq != s->recent_seq)
            break;
        s->recent_seq = 0;
        dd_store_recent_end(&s->store, &r->recent, r->n_recent, r->status, err);
        fx->redraw |= DD_DRAW_ORG;
        break;
    }
    if (!dd_job_writes(r->kind) || !r->final)
        return;
    if (r->status != DD_OK && dd_error_write_maybe_applied(&r->err))
        uncertain_write(s, r, err, fx);
    else if (r->status == DD_OK && s->account.on && dd_job_op(r->kind) &&
             dd_job_op(r->kind)->account_routed)
        dd_session_account_quiet(s, fx);   /* who sees it now: every profile's listing */
    dd_session_load_recent(s, fx);
}
