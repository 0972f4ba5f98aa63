#include "worker.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "client.h"
#include "config.h"
#include "worker_priv.h"
#include "account.h"

const dd_op *dd_job_op(dd_job_kind k)
{
    return dd_op_get((int)k);
}

bool dd_job_writes(dd_job_kind k)
{
    const dd_op *op = dd_job_op(k);
    return op && op->writes;
}

static bool job_reads(dd_job_kind k)
{
    const dd_op *op = dd_job_op(k);
    return k == DD_JOB_ACCOUNT || (op && !op->writes);
}

/* Cancels the request in flight (under mu): the worker's client's, and an
 * account load's clients. */
static void cancel_running(dd_worker *w)
{
    dd_client_cancel(w->client);
    if (w->loader)
        dd_account_loader_cancel(w->loader);
    for (size_t i = 0; i < w->n_acct; i++)
        if (w->acct_clients[i])
            dd_client_cancel(w->acct_clients[i]);
}

void dd_job_clear(dd_job *j)
{
    free(j->id);
    free(j->sink);
    free(j->source);
    free(j->org_uuid);
    free(j->path);
    free(j->profile);
    free(j->api_url);
    dd_types_free(j->types, j->n_types);
    for (size_t i = 0; i < j->n_configs; i++) {
        dd_config_free(j->configs[i]);
        free(j->configs[i]);
    }
    free(j->configs);
    memset(j, 0, sizeof(*j));
}

int dd_job_set_types(dd_job *j, const char *const *types, size_t n)
{
    char **t = dd_types_dup(types, n);
    if (!t)
        return -1;
    dd_types_free(j->types, j->n_types);
    j->types = t;
    j->n_types = n;
    return 0;
}

dd_result *dd_worker_result_new(const job_node *n)
{
    dd_result *r = calloc(1, sizeof(*r));
    if (!r)
        return NULL;
    r->kind = n->job.kind;
    r->seq = n->seq;
    r->tag = n->job.tag;
    r->total = -1;
    dd_error_init(&r->err);
    if (dd_conn_list_init(&r->conns) != 0 || dd_sf_list_init(&r->sfs) != 0 ||
        dd_managed_orgs_init(&r->orgs) != 0) {
        dd_result_free(r);
        return NULL;
    }
    return r;
}

void dd_result_free(dd_result *r)
{
    if (!r)
        return;
    dd_error_clear(&r->err);
    free(r->wait.reason);
    free(r->wait.operation);
    free(r->id);
    free(r->sink);
    dd_types_free(r->types, r->n_types);
    dd_conn_list_free(&r->conns);
    dd_sf_list_free(&r->sfs);
    dd_disable_result_free(&r->disable);
    dd_managed_orgs_free(&r->orgs);
    free(r->recent);
    if (r->config) {
        dd_config_free(r->config);
        free(r->config);
    }
    dd_account_free(r->account);
    free(r->notes);
    free(r);
}

/* settles_write: r is the final result of the running write job, which
 * stops counting as pending in the same step, so that whoever takes the
 * result never still sees the write pending. */
static void post_result(dd_worker *w, dd_result *r, bool settles_write)
{
    pthread_mutex_lock(&w->mu);
    if (settles_write) {
        w->writes_pending--;
        w->write_settled = true;
    }
    if (w->results_tail)
        w->results_tail->next = r;
    else
        w->results = r;
    w->results_tail = r;
    pthread_mutex_unlock(&w->mu);
    uint64_t one = 1;
    /* The counter cannot overflow in practice; a full eventfd would only
     * mean the UI already has a wakeup pending. */
    while (write(w->efd, &one, sizeof(one)) < 0 && errno == EINTR)
        ;
}

void dd_worker_post(dd_worker *w, dd_result *r)
{
    post_result(w, r, false);
}

/* Posts a result when r could be allocated; a job whose result cannot be
 * allocated is lost, and the UI shows the operation still pending. */
void dd_worker_finish(dd_worker *w, dd_result *r, dd_status st, dd_error *err)
{
    if (!r)
        return;
    r->final = true;
    r->status = st;
    if (err)
        dd_error_move(&r->err, err);
    post_result(w, r, dd_job_writes(r->kind));
}

static void *worker_main(void *arg)
{
    dd_worker *w = arg;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (!w->jobs && !w->stopping)
            pthread_cond_wait(&w->cv, &w->mu);
        if (w->stopping)
            break;
        job_node *n = w->jobs;
        w->jobs = n->next;
        if (!w->jobs)
            w->jobs_tail = NULL;
        w->busy = true;
        w->busy_kind = n->job.kind;
        atomic_store(&w->cancel_cur, false);
        dd_client_clear_cancel(w->client);
        pthread_mutex_unlock(&w->mu);

        w->cur = n;
        dd_worker_run_job(w, n);
        w->cur = NULL;

        pthread_mutex_lock(&w->mu);
        w->busy = false;
        if (dd_job_writes(n->job.kind) && !w->write_settled)
            w->writes_pending--;   /* no result could be posted */
        w->write_settled = false;
        dd_job_clear(&n->job);
        free(n);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

dd_worker *dd_worker_start(const struct dd_config *cfg, struct dd_audit *audit, dd_error *err)
{
    dd_worker *w = calloc(1, sizeof(*w));
    if (!w) {
        dd_error_set(err, DD_E_NOMEM, "out of memory");
        return NULL;
    }
    w->audit = audit;
    w->next_seq = 1;
    w->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (w->efd < 0) {
        dd_error_set(err, DD_E_IO, "eventfd: %s", strerror(errno));
        free(w);
        return NULL;
    }
    dd_client_opts o;
    dd_worker_client_opts(w, cfg, &o);
    w->client = dd_client_new(&o, err);
    if (!w->client) {
        close(w->efd);
        free(w);
        return NULL;
    }
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    /* Every signal stays with the UI thread (SIGWINCH for resizes, SIGINT
     * for a clean exit): block them all in the worker. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    int rc = pthread_create(&w->thread, NULL, worker_main, w);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    /* A name for top -H, gdb and the idle test (tests/screen/idle.sh). */
    if (rc == 0)
        pthread_setname_np(w->thread, "ddorgs-worker");
    if (rc != 0) {
        dd_error_set(err, DD_E_IO, "cannot start the worker thread: %s", strerror(rc));
        dd_client_free(w->client);
        pthread_mutex_destroy(&w->mu);
        pthread_cond_destroy(&w->cv);
        close(w->efd);
        free(w);
        return NULL;
    }
    return w;
}

/* Unlinks queued jobs (reads only, or all) under the lock; returns them. */
static job_node *unlink_queued(dd_worker *w, bool reads_only)
{
    job_node *out = NULL, **tail = &out;
    job_node **pp = &w->jobs;
    w->jobs_tail = NULL;
    while (*pp) {
        job_node *n = *pp;
        if (!reads_only || job_reads(n->job.kind)) {
            *pp = n->next;
            if (dd_job_writes(n->job.kind))
                w->writes_pending--;
            n->next = NULL;
            *tail = n;
            tail = &n->next;
        } else {
            w->jobs_tail = n;
            pp = &n->next;
        }
    }
    return out;
}

/* Every job gets a final result, even one dropped before it ran, so the
 * UI never waits for an answer that will not come. Called without the lock. */
static bool answer_dropped(dd_worker *w, job_node *list, bool post_results)
{
    bool any = false;
    while (list) {
        job_node *n = list;
        list = n->next;
        any = true;
        if (post_results) {
            dd_result *r = dd_worker_result_new(n);
            if (r) {
                dd_error_set(&r->err, DD_E_CANCELLED, "cancelled before it was sent");
                r->final = true;
                r->status = DD_E_CANCELLED;
                dd_worker_post(w, r);
            }
        }
        dd_job_clear(&n->job);
        free(n);
    }
    return any;
}

void dd_worker_stop(dd_worker *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    w->stopping = true;
    job_node *dropped = unlink_queued(w, false);
    atomic_store(&w->cancel_cur, true);
    cancel_running(w);
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    answer_dropped(w, dropped, false);
    for (dd_result *r = w->results, *next; r; r = next) {
        next = r->next;
        dd_result_free(r);
    }
    dd_client_free(w->client);
    dd_worker_account_free(w);
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->cv);
    close(w->efd);
    free(w);
}

int dd_worker_fd(const dd_worker *w)
{
    return w->efd;
}

uint64_t dd_worker_submit(dd_worker *w, dd_job *job)
{
    job_node *n = calloc(1, sizeof(*n));
    if (!n) {
        dd_job_clear(job);
        return 0;
    }
    n->job = *job;
    memset(job, 0, sizeof(*job));
    pthread_mutex_lock(&w->mu);
    n->seq = w->next_seq++;
    if (w->jobs_tail)
        w->jobs_tail->next = n;
    else
        w->jobs = n;
    w->jobs_tail = n;
    if (dd_job_writes(n->job.kind))
        w->writes_pending++;
    uint64_t seq = n->seq;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
    return seq;
}

bool dd_worker_cancel_reads(dd_worker *w)
{
    bool did = false;
    pthread_mutex_lock(&w->mu);
    job_node *dropped = unlink_queued(w, true);
    if (w->busy && job_reads(w->busy_kind)) {
        atomic_store(&w->cancel_cur, true);
        cancel_running(w);
        did = true;
    }
    pthread_mutex_unlock(&w->mu);
    return answer_dropped(w, dropped, true) || did;
}

void dd_worker_cancel_all(dd_worker *w)
{
    pthread_mutex_lock(&w->mu);
    job_node *dropped = unlink_queued(w, false);
    if (w->busy) {
        atomic_store(&w->cancel_cur, true);
        cancel_running(w);
    }
    pthread_mutex_unlock(&w->mu);
    answer_dropped(w, dropped, true);
}

dd_result *dd_worker_take(dd_worker *w)
{
    uint64_t v;
    while (read(w->efd, &v, sizeof(v)) < 0 && errno == EINTR)
        ;
    pthread_mutex_lock(&w->mu);
    dd_result *r = w->results;
    w->results = w->results_tail = NULL;
    pthread_mutex_unlock(&w->mu);
    return r;
}

bool dd_worker_write_running(dd_worker *w, dd_job_kind *kind)
{
    pthread_mutex_lock(&w->mu);
    bool running = w->busy && dd_job_writes(w->busy_kind) && !w->write_settled;
    if (running && kind)
        *kind = w->busy_kind;
    pthread_mutex_unlock(&w->mu);
    return running;
}

int dd_worker_writes_pending(dd_worker *w)
{
    pthread_mutex_lock(&w->mu);
    int n = w->writes_pending;
    pthread_mutex_unlock(&w->mu);
    return n;
}
