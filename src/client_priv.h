/* Inside the client (client.c, client_url.c, client_send.c): its state,
 * one request as it is built, and a growing string. Not for callers. */
#ifndef DD_CLIENT_PRIV_H
#define DD_CLIENT_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "client.h"
#include "ops.h"
#include "redact.h"

struct dd_audit;

struct dd_client {
    dd_http *http;
    char *base_url;
    char *api_header;  /* "DD-API-KEY: ..." built once; wiped on free */
    char *app_header;
    dd_redactor *red;  /* both keys, for everything the server sends back */
    char *site;
    char *profile;
    bool read_only;
    FILE *dry_run;
    struct dd_audit *audit;
    long max_rate_wait_s;
    void (*on_wait)(const dd_wait_info *w, void *ud);
    void *on_wait_ud;
    dd_ratelimit last_rl;
    dd_text_mode text;  /* answers' strings: cleaned for the screen, or exact */
};

/* One request: its operation's row (ops.h) gives the method, the audit
 * name, whether it writes (read-only refusal, audit records) and its retry
 * class. */
typedef struct dd_request {
    const dd_op *op;
    char *url;
    char *body;          /* NULL for none */
    char *target;        /* audit target */
    char *detail;        /* audit detail */
} dd_request;

/* A growing NUL-terminated string; oom set (and nothing more added) once
 * an allocation failed. */
typedef struct dd_sbuf {
    char *s;
    size_t len, cap;
    bool oom;
} dd_sbuf;

void dd_sbuf_add(dd_sbuf *b, const char *s, size_t n);
void dd_sbuf_str(dd_sbuf *b, const char *s);
/* The string, or NULL (and the buffer freed) after a failed allocation. */
char *dd_sbuf_take(dd_sbuf *b);

/* The URL of op's path template: base_url + the template's part before
 * "/{id}", then "/" and id as exactly one path segment (dd_url_id_segment).
 * id is required when the template ends in "/{id}" and must be NULL when
 * it does not (DD_E_USAGE otherwise, naming the operation). *out malloc'd.
 * DD_E_USAGE for an id no path can hold (`what` names it in the message),
 * DD_E_NOMEM. */
dd_status dd_client_url(const dd_client *c, const dd_op *op, const char *what,
                        const char *id, char **out, dd_error *err);
/* dd_ops[DD_OP_CONN_LIST]'s URL with the query's filters and page; NULL
 * on OOM. */
char *dd_client_list_url(const dd_client *c, const dd_conn_query *q);
/* dd_ops[DD_OP_ORGS_LIST]'s URL, with filter[name] when name_filter is not
 * NULL; NULL on OOM. */
char *dd_client_orgs_url(const dd_client *c, const char *name_filter);

/* Sends r with the retry policy of its operation's retry class (retry.h,
 * ops.h), telling on_wait before each
 * wait. DD_OK only for a 2xx answer, in resp. Any other outcome is in err,
 * with the keys taken out of every text the server sent. */
dd_status dd_client_send(dd_client *c, const dd_request *r, dd_http_resp *resp, dd_error *err);

#endif
