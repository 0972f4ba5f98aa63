/* One background thread that does every network call of the console, so the
 * UI thread never waits on the network. Jobs go in through a queue; results
 * come out through another queue, and a descriptor (dd_worker_fd) becomes
 * readable whenever results are waiting, for the UI's poll().
 *
 * The worker owns its dd_client (one curl handle, one thread). Results own
 * their data (lists with their own pools), handed over whole: nothing is
 * shared between the threads but the two queues. */
#ifndef DD_WORKER_H
#define DD_WORKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "audit.h"
#include "client.h"
#include "error.h"
#include "model.h"
#include "model_orgs.h"
#include "ops.h"

struct dd_config;
struct dd_audit;
struct dd_account;

/* Jobs that run an API operation have the operation's number (ops.h). */
typedef enum dd_job_kind {
    DD_JOB_LIST_CONNS = DD_OP_CONN_LIST,   /* every page: a result per page, then a final one */
    DD_JOB_CREATE = DD_OP_CONN_CREATE,     /* sink + types */
    DD_JOB_UPDATE = DD_OP_CONN_UPDATE,     /* id + types */
    DD_JOB_DELETE_CONN = DD_OP_CONN_DELETE, /* id */
    DD_JOB_LIST_SF = DD_OP_SF_LIST,
    DD_JOB_DELETE_SF = DD_OP_SF_DELETE,    /* id */
    DD_JOB_DISABLE = DD_OP_ORG_DISABLE,    /* org_uuid */
    DD_JOB_LIST_ORGS = DD_OP_ORGS_LIST,    /* the managed orgs (GET /api/v2/org) */
    DD_JOB_SWITCH = DD_OP_COUNT, /* profile (+ api_url, read_only): reads the config file
                                    and makes a client for that profile */
    DD_JOB_AUDIT_RECENT,         /* path + n_recent: the audit log's last records (a file
                                    read, kept off the UI thread; never cancelled by
                                    dd_worker_cancel_reads) */
    DD_JOB_ACCOUNT               /* the account view: configs (or every profile of the
                                    config file, + api_url, read_only) loaded at once
                                    (account.h); a result per profile done, then a
                                    final one with the account */
} dd_job_kind;

/* The operation a job runs, NULL for the jobs that are not API calls. */
const dd_op *dd_job_op(dd_job_kind k);
/* True for jobs that change something on the server. */
bool dd_job_writes(dd_job_kind k);

typedef struct dd_job {
    dd_job_kind kind;
    int tag;                 /* the caller's own meaning (e.g. "this create is an undo") */
    char *id;                /* connection or Salesforce org id */
    char *sink;              /* create: sink org; list: sink_org_id filter */
    char *source;            /* list: source_org_id filter */
    char **types;            /* create/update */
    size_t n_types;
    char *org_uuid;          /* disable */
    long page_size;          /* list: rows per page (<= 0: 1000) */
    char *path;              /* audit: the log file */
    size_t n_recent;         /* audit: how many records, newest last */
    char *profile;           /* switch: the profile to load; a write in the account
                                view: the profile it goes through (NULL: the worker's
                                own client) */
    struct dd_config **configs; /* account: the profiles' configurations (owned),
                                   NULL: every profile of the config file */
    size_t n_configs;
    bool reuse_configs;      /* account without configs: the profiles as the
                                last account load read them (their key
                                commands not run again), when there was one */
    char *api_url;           /* switch: an --api-url that stays, or NULL */
    bool read_only;          /* switch: --read-only was given */
} dd_job;

/* A note's copy of the client's dd_wait_info (strings malloc'd). */
typedef struct dd_result_wait {
    dd_wait_cause cause;
    char *reason;            /* "rate limited (org_connections)" */
    char *operation;         /* "GET /api/v2/org_connections" */
    long http_status;
    long wait_ms;
    int attempt;             /* the attempt after the wait, 1-based */
    int max_tries;
} dd_result_wait;

typedef struct dd_result {
    dd_job_kind kind;
    uint64_t seq;            /* dd_worker_submit's number for the job */
    int tag;
    bool final;              /* false for intermediate pages and notes */
    /* A note, neither a page nor final: the job is about to wait before
     * retrying a request (wait says why and how long). The job's next
     * result, page or final, means the wait is over. */
    bool note;
    dd_result_wait wait;
    dd_status status;        /* final results only */
    dd_error err;
    char *id;                /* the job's target id (delete, update) */
    char *sink;              /* create: the sink asked for */
    char **types;            /* create/update: the types asked for */
    size_t n_types;
    dd_conn_list conns;      /* a page, or the created/updated row */
    size_t so_far;           /* rows received so far */
    int64_t total;           /* total announced, -1 unknown */
    dd_sf_list sfs;
    dd_disable_result disable;
    dd_managed_orgs orgs;    /* list orgs: the keys' org and the orgs it manages */
    dd_audit_entry *recent;  /* audit: the records read (malloc'd), newest last */
    size_t n_recent;
    /* switch: the config the worker's client now uses (malloc'd; the
     * client holds its own copies). Whoever takes it sets this to NULL;
     * otherwise dd_result_free frees it. */
    struct dd_config *config;
    /* account: the final result's account (whoever takes it sets this to
     * NULL; otherwise dd_result_free frees it). A result per profile done
     * before it: id its name, status and err its outcome, so_far the
     * profiles done of total. */
    struct dd_account *account;
    char *notes;             /* account: the profiles that could not be read ("profile
                                x: ..."), malloc'd; NULL when none */
    size_t n_skipped;        /* account: how many profiles notes names */
    struct dd_result *next;
} dd_result;

typedef struct dd_worker dd_worker;

/* Starts the thread with a client for cfg (which must stay valid until a
 * DD_JOB_SWITCH result names another one, or until dd_worker_stop).
 * audit may be NULL (writes are then not recorded). Signals are blocked in
 * the worker so that SIGWINCH and SIGINT reach the UI thread. */
dd_worker *dd_worker_start(const struct dd_config *cfg, struct dd_audit *audit, dd_error *err);
/* Cancels what is in flight, drops queued jobs, joins, frees results. */
void dd_worker_stop(dd_worker *w);
/* Readable while results wait. */
int dd_worker_fd(const dd_worker *w);
/* Takes ownership of the job's strings (and frees the job struct's
 * contents; the struct itself is the caller's). Returns the job's number,
 * 0 on failure. */
uint64_t dd_worker_submit(dd_worker *w, dd_job *job);
/* Cancels the read in flight and drops queued reads; writes are left alone
 * (the server may already have done them). Returns true when a read was
 * cancelled or dropped. */
bool dd_worker_cancel_reads(dd_worker *w);
/* Cancels whatever is in flight and drops every queued job (quit). */
void dd_worker_cancel_all(dd_worker *w);
/* Every result waiting, oldest first (NULL when none); clears the fd. */
dd_result *dd_worker_take(dd_worker *w);
void dd_result_free(dd_result *r);   /* one result (not the chain) */
/* Number of write jobs queued or in flight. A write stops counting in the
 * same step as its final result is posted, so a caller that has taken that
 * result never sees the write still pending. */
int dd_worker_writes_pending(dd_worker *w);
/* True when a write job is running and its result is not posted yet (its
 * request may be on the wire); *kind (may be NULL) gets its kind. */
bool dd_worker_write_running(dd_worker *w, dd_job_kind *kind);

void dd_job_clear(dd_job *j);
/* Copies types into j (malloc'd). 0 on success. */
int dd_job_set_types(dd_job *j, const char *const *types, size_t n);

#endif
