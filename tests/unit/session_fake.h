/* A session driven by hand for the session's tests: a configuration, a
 * fake worker that only numbers the jobs it is given (no thread, no
 * network), results built by hand, time passed in. Included by one test
 * program each (static state). */
#ifndef DD_TEST_SESSION_FAKE_H
#define DD_TEST_SESSION_FAKE_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"

static dd_config cfg;
static dd_session s;
static uint64_t next_seq;

/* What the fake worker was given, in order. */
typedef struct sent_job {
    dd_job_kind kind;
    int tag;
    uint64_t seq;
    char sink[80], id[80], profile[80];
    size_t n_types;
    char types[80];
    bool reuse_configs;
} sent_job;
static sent_job sent[64];
static size_t n_sent;
static int cancels;

static dd_time at(int64_t ms)
{
    return (dd_time){.mono_ms = ms, .unix_s = 1700000000 + ms / 1000};
}

static void setup(void)
{
    memset(&cfg, 0, sizeof(cfg));
    cfg.profile = "test";
    cfg.site = "datadoghq.com";
    cfg.base_url = "https://api.datadoghq.com";
    cfg.audit_path = "/nonexistent/audit.log";
    next_seq = 1;
    n_sent = 0;
    cancels = 0;
    dd_session_opts o = {0};
    ck_assert_int_eq(dd_session_init(&s, &cfg, &o), 0);
}

static void teardown(void)
{
    dd_session_free(&s);
}

/* Runs fx as the console does: cancel first, then submit each job. */
static void run(dd_fx *fx)
{
    if (fx->cancel_reads)
        cancels++;
    for (size_t i = 0; i < fx->n_jobs; i++) {
        dd_job *j = &fx->jobs[i];
        sent_job *r = &sent[n_sent++];
        memset(r, 0, sizeof(*r));
        r->kind = j->kind;
        r->tag = j->tag;
        r->seq = next_seq++;
        snprintf(r->sink, sizeof(r->sink), "%s", j->sink ? j->sink : "");
        snprintf(r->id, sizeof(r->id), "%s", j->id ? j->id : "");
        snprintf(r->profile, sizeof(r->profile), "%s", j->profile ? j->profile : "");
        r->n_types = j->n_types;
        r->reuse_configs = j->reuse_configs;
        for (size_t t = 0; t < j->n_types; t++)
            snprintf(r->types + strlen(r->types), sizeof(r->types) - strlen(r->types), "%s%s",
                     t ? "," : "", j->types[t]);
        dd_session_sent(&s, j->tag, r->seq);
        dd_job_clear(j);
    }
    fx->n_jobs = 0;
}

static const sent_job *last_of(dd_job_kind k)
{
    for (size_t i = n_sent; i > 0; i--)
        if (sent[i - 1].kind == k)
            return &sent[i - 1];
    return NULL;
}

static size_t count_of(dd_job_kind k, size_t since)
{
    size_t n = 0;
    for (size_t i = since; i < n_sent; i++)
        n += sent[i].kind == k;
    return n;
}

static dd_result *result(dd_job_kind kind, int tag, uint64_t seq, dd_status st)
{
    dd_result *r = calloc(1, sizeof(*r));
    ck_assert_ptr_nonnull(r);
    r->kind = kind;
    r->tag = tag;
    r->seq = seq;
    r->final = true;
    r->status = st;
    r->total = -1;
    dd_error_init(&r->err);
    ck_assert_int_eq(dd_conn_list_init(&r->conns), 0);
    ck_assert_int_eq(dd_sf_list_init(&r->sfs), 0);
    ck_assert_int_eq(dd_managed_orgs_init(&r->orgs), 0);
    if (st != DD_OK)
        dd_error_set(&r->err, st, "failed for the test");
    return r;
}

static void add_conn(dd_conn_list *l, const char *id, const char *src, const char *sink)
{
    static const char *types[] = {"logs", "metrics"};
    dd_conn c = {.id = id, .types = types, .n_types = 2, .created_at = DD_TIME_NONE,
                 .source = {.id = src, .name = src}, .sink = {.id = sink, .name = sink}};
    ck_assert_int_eq(dd_conn_list_append_copy(l, &c), 0);
}

/* Applies r (then frees it) and runs what follows. */
static unsigned apply(dd_result *r, int64_t ms)
{
    dd_fx fx = {0};
    dd_session_apply(&s, r, at(ms), &fx);
    dd_result_free(r);
    unsigned redraw = fx.redraw;
    run(&fx);
    return redraw;
}

static void __attribute__((unused)) tick(int64_t ms)
{
    dd_fx fx = {0};
    dd_session_tick(&s, at(ms), &fx);
    run(&fx);
}

static const dd_conn *conn(const char *id)
{
    long i = dd_store_find(&s.store, DD_LIST_CONNS, id);
    ck_assert_msg(i >= 0, "no row %s", id);
    return &dd_store_conns(&s.store)->items[i];
}

/* Deletes row id and answers the delete with st at ms. */
static void delete_row(const char *id, dd_status st, int64_t ms)
{
    dd_fx fx = {0};
    ck_assert(dd_session_delete_conn(&s, conn(id), &fx));
    run(&fx);
    const sent_job *d = last_of(DD_JOB_DELETE_CONN);
    ck_assert_str_eq(d->id, id);
    dd_result *r = result(DD_JOB_DELETE_CONN, d->tag, d->seq, st);
    r->id = strdup(id);
    apply(r, ms);
}

#endif
