/* The jobs the worker runs (worker_priv.h): each API call, the paged
 * connections listing, a profile switch, the audit log's tail. The account
 * view's load and its per-profile clients are in worker_account.c. */
#include "worker.h"
#include "worker_priv.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "config.h"

#define DEFAULT_PAGE 1000

/* The client's on_wait, on the worker thread: a note for the job running,
 * so the UI can say why nothing arrives during a wait of up to a minute. */
void dd_worker_note_wait(const dd_wait_info *wi, void *ud)
{
    dd_worker *w = ud;
    if (!w->cur)
        return;
    dd_result *r = dd_worker_result_new(w->cur);
    if (!r)
        return;   /* without the note the UI just shows the load as before */
    r->note = true;
    r->wait = (dd_result_wait){ .cause = wi->cause, .reason = strdup(wi->reason),
                                .operation = strdup(wi->operation),
                                .http_status = wi->http_status, .wait_ms = wi->wait_ms,
                                .attempt = wi->attempt, .max_tries = wi->max_tries };
    if (!r->wait.reason || !r->wait.operation) {
        dd_result_free(r);
        return;
    }
    dd_worker_post(w, r);
}

/* Client options for cfg, with the worker's audit log and its notes. */
void dd_worker_client_opts(dd_worker *w, const struct dd_config *cfg, dd_client_opts *o)
{
    dd_client_opts_from_config(o, cfg, w->audit);
    o->on_wait = dd_worker_note_wait;
    o->on_wait_ud = w;
}

/* Reads the config file for the job's profile (here, not on the UI thread:
 * the file may sit on a slow home directory) and swaps in a client for it.
 * On failure nothing changes: the old client stays. */
static dd_status switch_profile(dd_worker *w, const dd_job *j, dd_result *r, dd_error *err)
{
    dd_config *cfg = calloc(1, sizeof(*cfg));
    if (!cfg)
        return dd_error_set(err, DD_E_NOMEM, "out of memory");
    dd_config_flags fl = {
        .profile = j->profile,
        .profile_from = "the profile switch",
        .api_url = j->api_url,
        .read_only = j->read_only,
        .need_keys = true,
        .no_terminal = true,
    };
    dd_status st = dd_config_load(&fl, cfg, err);
    dd_client *c = NULL;
    if (st == DD_OK) {
        dd_client_opts o;
        dd_worker_client_opts(w, cfg, &o);
        c = dd_client_new(&o, err);
        if (!c)
            st = err->code != DD_OK ? err->code : DD_E_CONFIG;
    }
    if (st != DD_OK) {
        dd_config_free(cfg);
        free(cfg);
        return st;
    }
    /* Swapped under the lock: dd_worker_cancel_* may be using it. */
    pthread_mutex_lock(&w->mu);
    dd_client *old = w->client;
    w->client = c;
    pthread_mutex_unlock(&w->mu);
    dd_client_free(old);
    r->config = cfg;
    return DD_OK;
}

/* A list job's walk: the pager hands each page to post_page. */
typedef struct list_walk {
    dd_worker *w;
    job_node *n;
    size_t so_far;
    int64_t total;
    bool cancelled;   /* stopped between pages by dd_worker_cancel_* */
    bool no_memory;   /* a page's result could not be allocated */
} list_walk;

/* Posts the page as a result of its own, its rows moved (not copied) out
 * of the pager's list; stops the walk once the job is cancelled. */
static int post_page(dd_conn_list *page, size_t so_far, int64_t total, void *ud)
{
    list_walk *lw = ud;
    dd_result *r = dd_worker_result_new(lw->n);
    if (!r) {
        lw->no_memory = true;
        return 1;
    }
    dd_conn_list empty = r->conns;
    r->conns = *page;
    *page = empty;
    r->so_far = lw->so_far = so_far;
    r->total = lw->total = total;
    dd_worker_post(lw->w, r);
    lw->cancelled = atomic_load(&lw->w->cancel_cur);
    return lw->cancelled;
}

/* Every page through the client's pager (the one the command line uses):
 * a result per page, then a final one with the walk's outcome. */
static void run_list_conns(dd_worker *w, job_node *n)
{
    dd_conn_query q = {
        .sink_org_id = n->job.sink,
        .source_org_id = n->job.source,
        .limit = n->job.page_size > 0 ? n->job.page_size : DEFAULT_PAGE,
        .offset = 0,
    };
    list_walk lw = {.w = w, .n = n, .total = -1};
    dd_error err;
    dd_error_init(&err);
    dd_status st;
    if (atomic_load(&w->cancel_cur))
        st = dd_error_set(&err, DD_E_CANCELLED, "cancelled");
    else
        st = dd_list_all_connections(w->client, &q, NULL, post_page, &lw, &err);
    if (st == DD_OK && lw.cancelled)
        st = dd_error_set(&err, DD_E_CANCELLED, "cancelled");
    else if (st == DD_OK && lw.no_memory)
        st = dd_error_set(&err, DD_E_NOMEM, "out of memory");
    dd_result *fin = dd_worker_result_new(n);
    if (fin) {
        fin->so_far = lw.so_far;
        fin->total = lw.total;
    }
    dd_worker_finish(w, fin, st, &err);
    dd_error_clear(&err);
}

void dd_worker_run_job(dd_worker *w, job_node *n)
{
    dd_job *j = &n->job;
    dd_error err;
    dd_error_init(&err);
    dd_status st = DD_OK;
    if (j->kind == DD_JOB_LIST_CONNS) {
        run_list_conns(w, n);
        return;
    }
    if (j->kind == DD_JOB_ACCOUNT) {
        dd_worker_run_account(w, n);
        return;
    }
    dd_result *r = dd_worker_result_new(n);
    if (!r)
        return;
    /* The result names its target so the UI can act on it without keeping
     * its own copy of the request. */
    r->id = j->id;
    j->id = NULL;
    r->sink = j->sink;
    j->sink = NULL;
    r->types = j->types;
    r->n_types = j->n_types;
    j->types = NULL;
    j->n_types = 0;
    const char *const *types = (const char *const *)r->types;
    /* A write in the account view goes through the profile chosen for it. */
    dd_client *c = dd_job_writes(j->kind) ? dd_worker_client_for(w, j, &err) : w->client;
    if (!c) {
        dd_worker_finish(w, r, err.code, &err);
        dd_error_clear(&err);
        return;
    }
    switch (j->kind) {
    case DD_JOB_LIST_SF:
        st = dd_list_salesforce(w->client, &r->sfs, &err);
        break;
    case DD_JOB_CREATE:
        st = dd_create_connection(c, r->sink, types, r->n_types, &r->conns, &err);
        break;
    case DD_JOB_UPDATE:
        st = dd_update_connection(c, r->id, types, r->n_types, &r->conns, &err);
        break;
    case DD_JOB_DELETE_CONN:
        st = dd_delete_connection(c, r->id, &err);
        break;
    case DD_JOB_DELETE_SF:
        st = dd_delete_salesforce(c, r->id, &err);
        break;
    case DD_JOB_DISABLE:
        st = dd_disable_org(c, j->org_uuid, &r->disable, &err);
        break;
    case DD_JOB_LIST_ORGS:
        st = dd_list_managed_orgs(w->client, NULL, &r->orgs, &err);
        break;
    case DD_JOB_SWITCH:
        st = switch_profile(w, j, r, &err);
        break;
    case DD_JOB_AUDIT_RECENT:
        st = j->path ? dd_audit_read_recent(j->path, j->n_recent, &r->recent, &r->n_recent, &err)
                     : dd_error_set(&err, DD_E_CONFIG, "no audit log path");
        break;
    case DD_JOB_LIST_CONNS:
    case DD_JOB_ACCOUNT:
        break;
    }
    dd_worker_finish(w, r, st, &err);
    dd_error_clear(&err);
}

