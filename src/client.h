/* The eight API calls. One dd_client per thread (it owns a dd_http). Every
 * call: builds the request, refuses writes in read-only mode before any byte
 * is sent, writes audit records (intent before, outcome after) for writes,
 * applies the retry policy (retry.h), decodes errors into dd_error. Its
 * method, path, audit name, whether it writes and its retry class are its
 * row of the operations table (ops.h). */
#ifndef DD_CLIENT_H
#define DD_CLIENT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "http.h"
#include "model.h"
#include "model_orgs.h"
#include "sanitize.h"

struct dd_audit;

/* Why the client is about to wait before trying a request again. */
typedef enum dd_wait_cause {
    DD_WAIT_RATE_LIMITED, /* 429: waits X-RateLimit-Reset (capped, 1 s at least; the
                           * backoff when the reset is implausible), any method */
    DD_WAIT_SERVER_ERROR, /* 5xx answer to a GET */
    DD_WAIT_TRANSPORT     /* timeout or connection failure of a GET */
} dd_wait_cause;

/* What on_wait is told. The strings live only for the duration of the
 * call: copy what must outlive it. */
typedef struct dd_wait_info {
    dd_wait_cause cause;
    /* One line for a person, never an internal name: "rate limited
     * (org_connections)", "HTTP 503 Service Unavailable", "cannot connect
     * to 127.0.0.1:9: Connection refused". */
    const char *reason;
    const char *limit_name; /* X-RateLimit-Name of a 429 ("" when none) */
    /* Why the wait is not the server's own X-RateLimit-Reset, said before
     * waiting: "its reset (1700000000 s) is implausible (a Unix time, not
     * a number of seconds), so the backoff is used"; "" otherwise. Also
     * in reason. */
    const char *note;
    long http_status;       /* 429 or 5xx; 0 for a transport failure */
    long wait_ms;           /* how long the client waits now */
    int attempt;            /* the attempt that follows the wait: 2 is the first retry */
    int max_tries;
    const char *operation;  /* "GET /api/v2/org_connections": method and path, no query */
} dd_wait_info;

/* The longest a 429 is waited out by default, in seconds. */
#define DD_CLIENT_MAX_RATE_WAIT_S 60L

typedef struct dd_client_opts {
    const char *base_url;    /* "https://api.datadoghq.com" (no trailing slash needed) */
    const char *api_key;
    const char *app_key;
    const char *site;        /* for audit records */
    const char *profile;     /* for audit records; may be NULL */
    bool read_only;
    FILE *dry_run;           /* non-NULL: print each request here (keys redacted), send nothing */
    struct dd_audit *audit;  /* NULL: no audit (only tests and dry runs) */
    long max_rate_wait_s;    /* cap on a 429 wait, s; 0: DD_CLIENT_MAX_RATE_WAIT_S; < 0: never */
    /* Optional: called right before each wait of the retry policy, on the
     * thread running the call, so a caller can say why nothing arrives.
     * It must not call the client itself (dd_client_cancel is allowed). */
    void (*on_wait)(const dd_wait_info *w, void *ud);
    void *on_wait_ud;
    /* How the answers' strings are kept (sanitize.h): DD_TEXT_SCREEN (0,
     * the default: cleaned for the console) or DD_TEXT_EXACT (as sent, for
     * the command line's outputs, which clean a table at print time). */
    dd_text_mode text;
    dd_http_opts http;
} dd_client_opts;

typedef struct dd_client dd_client;

typedef struct dd_conn_query {
    const char *sink_org_id;   /* NULL: no filter */
    const char *source_org_id; /* NULL: no filter */
    long limit;                /* rows asked for a page; <= 0: server default */
    long offset;               /* < 0: server default */
    long max_rows;             /* the pager only: stop after this many rows; <= 0: all */
} dd_conn_query;

/* Called by the pager after each page, with the rows so far and the total
 * the server announces (-1 unknown). Given an out list, the pager passes a
 * view of the page's rows inside it: read them, keep or free nothing.
 * Without one (streaming), page is the pager's own list for this page
 * alone: the callee may take the rows by swapping *page with an empty
 * initialised list of its own; whatever *page holds afterwards is freed.
 * Return non-zero to stop the walk (the pager then returns DD_OK). */
typedef int (*dd_page_fn)(dd_conn_list *page, size_t so_far, int64_t total, void *ud);

struct dd_config;
/* Fills o from a resolved configuration (base URL, keys, site, profile,
 * read-only, http allowed) with default timeouts; audit may be NULL. */
void dd_client_opts_from_config(dd_client_opts *o, const struct dd_config *cfg,
                                struct dd_audit *audit);

dd_client *dd_client_new(const dd_client_opts *opts, dd_error *err);
void dd_client_free(dd_client *c);
/* Thread-safe: cancels the request or wait in flight. */
void dd_client_cancel(dd_client *c);
void dd_client_clear_cancel(dd_client *c);
bool dd_client_read_only(const dd_client *c);
/* True when the client prints its requests instead of sending them. */
bool dd_client_dry_run(const dd_client *c);
/* True once dd_client_cancel was called, until dd_client_clear_cancel. */
bool dd_client_cancelled(dd_client *c);
/* Rate-limit headers of the last answer. */
dd_ratelimit dd_client_last_ratelimit(const dd_client *c);

/* One page (appends to out). */
dd_status dd_list_connections(dd_client *c, const dd_conn_query *q, dd_conn_list *out, dd_error *err);
/* Every page from q->offset (0 when < 0), q->limit rows asked a page
 * (1000 when <= 0), q->max_rows rows at most (all when <= 0); q may be
 * NULL. Each page asks for the rows after those actually received, so a
 * server or proxy that sends fewer than asked (a capped page size) is
 * walked to the end; rows past max_rows in a page larger than asked are
 * dropped, so out and on_page never get more than max_rows. The walk ends when the rows reach the total the
 * server announces (total_filtered_count for a filtered query, else
 * total_count) or max_rows, when a page comes back empty, or when on_page
 * (may be NULL) returns non-zero. With out, the rows are appended to it;
 * with out NULL they are handed to on_page page by page and not kept, so
 * memory does not grow with the listing. DD_E_INCOMPLETE, with "got N of
 * M" in err, when a page came back empty before the total: every row
 * received has been handed over. The pager guard (pager_guard.h) stops a
 * server that never lets the walk end. */
dd_status dd_list_all_connections(dd_client *c, const dd_conn_query *q, dd_conn_list *out,
                                  dd_page_fn on_page, void *ud, dd_error *err);
/* Appends the created/updated row to out. */
dd_status dd_create_connection(dd_client *c, const char *sink_org_id, const char *const *types,
                               size_t n, dd_conn_list *out, dd_error *err);
dd_status dd_update_connection(dd_client *c, const char *conn_id, const char *const *types,
                               size_t n, dd_conn_list *out, dd_error *err);
dd_status dd_delete_connection(dd_client *c, const char *conn_id, dd_error *err);
/* GET /api/v2/org: the keys' org and the orgs it manages, into out (an
 * initialised dd_managed_orgs; replaced on success, unchanged on failure;
 * see dd_parse_managed_orgs). name_filter (may be NULL) is sent as
 * filter[name]. Keys without org_management or org_connections_write get
 * DD_E_HTTP with http_status 403. */
dd_status dd_list_managed_orgs(dd_client *c, const char *name_filter, dd_managed_orgs *out,
                               dd_error *err);
dd_status dd_list_salesforce(dd_client *c, dd_sf_list *out, dd_error *err);
dd_status dd_delete_salesforce(dd_client *c, const char *sf_id, dd_error *err);
/* org_uuid may be NULL (then omitted from the body). */
dd_status dd_disable_org(dd_client *c, const char *org_uuid, dd_disable_result *out, dd_error *err);

#endif
