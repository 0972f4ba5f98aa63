/* The account view on the worker (worker_priv.h): the profiles'
 * configurations read here, off the UI thread; every profile loaded at once
 * by the account loader (account.h), a result per profile as it finishes,
 * then the account; and a client per profile, made when a write first goes
 * through it. */
#include "worker.h"
#include "worker_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "account_configs.h"
#include "config.h"

/* A profile finished (on a loader thread: the loader calls one at a time):
 * a result the UI can show while the others load. Other events are not
 * worth a wakeup. */
static void on_event(const dd_account_event *ev, void *ud)
{
    dd_worker *w = ud;
    if (ev->kind != DD_ACCOUNT_DONE || !w->cur)
        return;
    dd_result *r = dd_worker_result_new(w->cur);
    if (!r)
        return;
    r->id = strdup(ev->name);
    r->status = ev->status;
    if (ev->error && ev->error->code != DD_OK) {
        dd_error_set(&r->err, ev->error->code, "%s", ev->error->text);
        r->err.http_status = ev->error->http_status;
    }
    /* The profiles left out unread count among those done and in all. */
    r->so_far = ev->done + w->acct_left_out;
    r->total = (int64_t)(ev->n_profiles + w->acct_left_out);
    dd_worker_post(w, r);
}

/* The configurations to load: the job's own, or every profile of the
 * config file, each read as a profile switch reads it (key commands run
 * without a terminal). A profile that cannot be read is noted and left out. */
static dd_status configs_of(dd_worker *w, dd_job *j, dd_config ***out, size_t *n, char **notes,
                            size_t *n_skipped, dd_error *err)
{
    if (j->configs) {
        *out = j->configs;
        *n = j->n_configs;
        j->configs = NULL;
        j->n_configs = 0;
        return DD_OK;
    }
    dd_account_configs ac = {0};
    if (j->reuse_configs && w->n_acct > 0) {
        /* Only this thread changes acct_cfgs: reading them needs no lock. */
        for (size_t i = 0; i < w->n_acct; i++)
            if (dd_account_configs_add(&ac, w->acct_cfgs[i]) != 0) {
                dd_account_configs_free(&ac);
                return dd_error_set(err, DD_E_NOMEM, "out of memory");
            }
        if (w->acct_notes && !(*notes = strdup(w->acct_notes))) {
            dd_account_configs_free(&ac);
            return dd_error_set(err, DD_E_NOMEM, "out of memory");
        }
        *out = ac.items;
        *n = ac.n;
        *n_skipped = w->acct_skipped;
        return DD_OK;
    }
    dd_status st = dd_account_configs_from_file(j->api_url, j->read_only, true, &ac, err);
    if (st != DD_OK)
        return st;
    *out = ac.items;
    *n = ac.n;
    *notes = ac.notes;
    *n_skipped = ac.n_skipped;
    return DD_OK;
}

void dd_worker_account_free(dd_worker *w)
{
    pthread_mutex_lock(&w->mu);
    dd_config **cfgs = w->acct_cfgs;
    dd_client **clients = w->acct_clients;
    size_t n = w->n_acct;
    w->acct_cfgs = NULL;
    w->acct_clients = NULL;
    w->n_acct = 0;
    char *notes = w->acct_notes;
    w->acct_notes = NULL;
    pthread_mutex_unlock(&w->mu);
    free(notes);
    for (size_t i = 0; i < n; i++) {
        if (clients)
            dd_client_free(clients[i]);
        dd_config_free(cfgs[i]);
        free(cfgs[i]);
    }
    free(clients);
    free(cfgs);
}

void dd_worker_run_account(dd_worker *w, job_node *n)
{
    dd_result *r = dd_worker_result_new(n);
    if (!r)
        return;
    dd_error err;
    dd_error_init(&err);
    dd_config **cfgs = NULL;
    size_t nc = 0;
    dd_status st = configs_of(w, &n->job, &cfgs, &nc, &r->notes, &r->n_skipped, &err);
    dd_worker_account_free(w);   /* a new load: the old profiles' clients go */
    dd_account_loader *l = NULL;
    if (st == DD_OK) {
        dd_account_opts o = {.profiles = (const dd_config *const *)cfgs, .n_profiles = nc,
                             .text = DD_TEXT_SCREEN, .on_event = on_event, .ud = w};
        l = dd_account_loader_new(&o, &err);
        st = l ? DD_OK : err.code;
    }
    if (st == DD_OK) {
        w->acct_left_out = r->n_skipped;   /* read by on_event, on the loader's threads */
        pthread_mutex_lock(&w->mu);
        w->loader = l;
        bool cancelled = atomic_load(&w->cancel_cur);
        pthread_mutex_unlock(&w->mu);
        if (cancelled)
            dd_account_loader_cancel(l);
        st = dd_account_loader_run(l, &r->account, &err);
        pthread_mutex_lock(&w->mu);
        w->loader = NULL;
        pthread_mutex_unlock(&w->mu);
    }
    dd_account_loader_free(l);
    /* Kept for the writes that go through these profiles. */
    dd_client **clients = cfgs ? calloc(nc ? nc : 1, sizeof(*clients)) : NULL;
    pthread_mutex_lock(&w->mu);
    w->acct_cfgs = cfgs;
    w->acct_clients = clients;
    w->n_acct = clients ? nc : 0;
    w->acct_notes = clients && r->notes ? strdup(r->notes) : NULL;
    w->acct_skipped = w->acct_notes ? r->n_skipped : 0;
    pthread_mutex_unlock(&w->mu);
    if (cfgs && !clients) {
        for (size_t i = 0; i < nc; i++) {
            dd_config_free(cfgs[i]);
            free(cfgs[i]);
        }
        free(cfgs);
    }
    dd_worker_finish(w, r, st, &err);
    dd_error_clear(&err);
}

dd_client *dd_worker_client_for(dd_worker *w, const dd_job *j, dd_error *err)
{
    if (!j->profile)
        return w->client;
    for (size_t i = 0; i < w->n_acct; i++) {
        const dd_config *c = w->acct_cfgs[i];
        const char *name = c->profile ? c->profile : DD_ACCOUNT_NO_PROFILE_NAME;
        if (strcmp(name, j->profile) != 0)
            continue;
        if (!w->acct_clients[i]) {
            dd_client_opts o;
            dd_worker_client_opts(w, c, &o);
            dd_client *made = dd_client_new(&o, err);
            if (!made)
                return NULL;
            pthread_mutex_lock(&w->mu);
            w->acct_clients[i] = made;
            pthread_mutex_unlock(&w->mu);
        }
        return w->acct_clients[i];
    }
    dd_error_set(err, DD_E_CONFIG, "profile %s is not loaded in the account view (press r to "
                                   "load the account again); nothing was sent",
                 j->profile);
    return NULL;
}
