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

#define DEFAULT_PAGE 1000

typedef struct job_node {
    dd_job job;
    uint64_t seq;
    struct job_node *next;
} job_node;

struct dd_worker {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    job_node *jobs, *jobs_tail;
    dd_result *results, *results_tail;
    bool stopping;
    uint64_t next_seq;
    int efd;
    dd_client *client;           /* used by the worker thread; cancel from any */
    const struct job_node *cur;  /* the job running (worker thread only) */
    struct dd_audit *audit;
    bool busy;                   /* a job is running */
    dd_job_kind busy_kind;
    int writes_pending;
    bool write_settled;          /* the running write's result is posted */
    atomic_bool cancel_cur;      /* checked between pages */
};

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
    return op && !op->writes;
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

static dd_result *result_new(const job_node *n)
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

static void post(dd_worker *w, dd_result *r)
{
    post_result(w, r, false);
}

/* Posts a result when r could be allocated; a job whose result cannot be
 * allocated is lost, and the UI shows the operation still pending. */
static void finish(dd_worker *w, dd_result *r, dd_status st, dd_error *err)
{
    if (!r)
        return;
    r->final = true;
    r->status = st;
    if (err)
        dd_error_move(&r->err, err);
    post_result(w, r, dd_job_writes(r->kind));
}

/* The client's on_wait, on the worker thread: a note for the job running,
 * so the UI can say why nothing arrives during a wait of up to a minute. */
static void note_wait(const dd_wait_info *wi, void *ud)
{
    dd_worker *w = ud;
    if (!w->cur)
        return;
    dd_result *r = result_new(w->cur);
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
    post(w, r);
}

/* Client options for cfg, with the worker's audit log and its notes. */
static void client_opts(dd_worker *w, const struct dd_config *cfg, dd_client_opts *o)
{
    dd_client_opts_from_config(o, cfg, w->audit);
    o->on_wait = note_wait;
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
        client_opts(w, cfg, &o);
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
    dd_result *r = result_new(lw->n);
    if (!r) {
        lw->no_memory = true;
        return 1;
    }
    dd_conn_list empty = r->conns;
    r->conns = *page;
    *page = empty;
    r->so_far = lw->so_far = so_far;
    r->total = lw->total = total;
    post(lw->w, r);
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
    dd_result *fin = result_new(n);
    if (fin) {
        fin->so_far = lw.so_far;
        fin->total = lw.total;
    }
    finish(w, fin, st, &err);
    dd_error_clear(&err);
}

static void run_job(dd_worker *w, job_node *n)
{
    dd_job *j = &n->job;
    dd_error err;
    dd_error_init(&err);
    dd_status st = DD_OK;
    if (j->kind == DD_JOB_LIST_CONNS) {
        run_list_conns(w, n);
        return;
    }
    dd_result *r = result_new(n);
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
    switch (j->kind) {
    case DD_JOB_LIST_SF:
        st = dd_list_salesforce(w->client, &r->sfs, &err);
        break;
    case DD_JOB_CREATE:
        st = dd_create_connection(w->client, r->sink, types, r->n_types, &r->conns, &err);
        break;
    case DD_JOB_UPDATE:
        st = dd_update_connection(w->client, r->id, types, r->n_types, &r->conns, &err);
        break;
    case DD_JOB_DELETE_CONN:
        st = dd_delete_connection(w->client, r->id, &err);
        break;
    case DD_JOB_DELETE_SF:
        st = dd_delete_salesforce(w->client, r->id, &err);
        break;
    case DD_JOB_DISABLE:
        st = dd_disable_org(w->client, j->org_uuid, &r->disable, &err);
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
        break;
    }
    finish(w, r, st, &err);
    dd_error_clear(&err);
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
        run_job(w, n);
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
    client_opts(w, cfg, &o);
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
            dd_result *r = result_new(n);
            if (r) {
                dd_error_set(&r->err, DD_E_CANCELLED, "cancelled before it was sent");
                r->final = true;
                r->status = DD_E_CANCELLED;
                post(w, r);
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
    dd_client_cancel(w->client);
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    answer_dropped(w, dropped, false);
    for (dd_result *r = w->results, *next; r; r = next) {
        next = r->next;
        dd_result_free(r);
    }
    dd_client_free(w->client);
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
        dd_client_cancel(w->client);
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
        dd_client_cancel(w->client);
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
