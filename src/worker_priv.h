/* What worker.c (the thread, the queues) and the job runners
 * (worker_jobs.c, worker_account.c) share. Private to the worker. */
#ifndef DD_WORKER_PRIV_H
#define DD_WORKER_PRIV_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "worker.h"

struct dd_account_loader;

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
    /* The account view (worker_account.c): its profiles' configurations
     * and a client for each, made when a write first needs it; the loader
     * while a load runs (cancelled with the reads). */
    struct dd_config **acct_cfgs;
    dd_client **acct_clients;
    size_t n_acct;
    char *acct_notes;            /* the profiles that last load left out, or NULL */
    size_t acct_skipped;         /* how many acct_notes names */
    size_t acct_left_out;        /* the load running: profiles left out unread (set
                                  * before its threads start) */
    struct dd_account_loader *loader;  /* under mu */
};


/* A result for job n (kind, number, tag), empty; NULL on OOM. */
dd_result *dd_worker_result_new(const job_node *n);
/* Queues r for the UI and wakes it. */
void dd_worker_post(dd_worker *w, dd_result *r);
/* Posts r as the job's final result with st and err (moved), when r could
 * be allocated (a job whose result cannot be allocated is lost). */
void dd_worker_finish(dd_worker *w, dd_result *r, dd_status st, dd_error *err);
/* The clients' on_wait: a note for the job running. */
void dd_worker_note_wait(const dd_wait_info *wi, void *ud);
/* Client options for cfg, with the worker's audit log and its notes. */
void dd_worker_client_opts(dd_worker *w, const struct dd_config *cfg, dd_client_opts *o);
/* Runs job n on the worker thread; every job ends with a final result. */
void dd_worker_run_job(dd_worker *w, job_node *n);

/* ---- worker_account.c ---- */

/* The account view's load: every profile at once (account.h). */
void dd_worker_run_account(dd_worker *w, job_node *n);
/* The client a job acts through: the job's profile's in the account view,
 * else the worker's own. NULL with err when that profile is not loaded. */
dd_client *dd_worker_client_for(dd_worker *w, const dd_job *j, dd_error *err);
/* Frees the account view's configurations and clients. */
void dd_worker_account_free(dd_worker *w);

#endif
