/* The worker thread against a real ddorgs-mock: paged lists arrive as
 * pages then a final result with the wake descriptor readable; a cancel
 * ends a slow load at once; a write reaches the server exactly once and is
 * not dropped by a read cancel; results come out in submission order; a
 * stop with jobs queued joins at once; a wait before a retry is announced
 * by a note ahead of the job's final result. Run under TSan in CI. */
#include <check.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "audit.h"
#include "config.h"
#include "http.h"
#include "mock/harness.h"
#include "suite_main.h"
#include "worker.h"

#define CONN_PATH "/api/v2/org_connections"
#define SF_PATH "/api/v2/integration/salesforce-incidents/organizations"

static mock_proc mock;
static dd_config cfg;
static char tmpdir[256];
static char audit_path[320];

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void setup(void)
{
    /* The keys' org takes part in all 35: a list holds only its own. */
    static const char *const args[] = { "--orgs", "40", "--connections", "35",
                                        "--self-connections", "35", "--sf-orgs", "4",
                                        NULL };
    memset(&mock, 0, sizeof(mock));
    ck_assert_msg(mock_start(&mock, args) == 0, "ddorgs-mock did not start");
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/ddorgs-worker-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    snprintf(audit_path, sizeof(audit_path), "%s/audit.log", tmpdir);
    memset(&cfg, 0, sizeof(cfg));
    cfg.profile = "test";
    cfg.site = "mock";
    cfg.base_url = mock.url;
    cfg.allow_http = true;
    cfg.api_key = MOCK_API_KEY;
    cfg.app_key = MOCK_APP_KEY;
    cfg.audit_path = audit_path;
}

static void teardown(void)
{
    mock_stop(&mock);
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
}

static dd_worker *start(dd_audit *audit)
{
    dd_error err;
    dd_error_init(&err);
    dd_worker *w = dd_worker_start(&cfg, audit, &err);
    ck_assert_msg(w != NULL, "%s", err.text);
    return w;
}

static void add_fault(const char *json)
{
    ck_assert_msg(mock_add_fault(&mock, json) == 0, "fault refused: %s", json);
}

/* True when the wake descriptor is readable within ms. */
static bool readable(dd_worker *w, int ms)
{
    struct pollfd p = {.fd = dd_worker_fd(w), .events = POLLIN};
    return poll(&p, 1, ms) == 1 && (p.revents & POLLIN);
}

/* Collected results, in the order dd_worker_take gave them. */
typedef struct taken {
    dd_result *v[256];
    size_t n;
} taken;

static void taken_free(taken *t)
{
    for (size_t i = 0; i < t->n; i++)
        dd_result_free(t->v[i]);
    t->n = 0;
}

static size_t finals(const taken *t)
{
    size_t k = 0;
    for (size_t i = 0; i < t->n; i++)
        k += t->v[i]->final;
    return k;
}

/* Waits (poll on the wake fd, bounded) until `want` final results are in. */
static void collect(dd_worker *w, taken *t, size_t want, double limit_s)
{
    double t0 = now_s();
    while (finals(t) < want) {
        double left = limit_s - (now_s() - t0);
        ck_assert_msg(left > 0, "only %zu of %zu final results after %.1f s", finals(t), want,
                      limit_s);
        if (!readable(w, (int)(left * 1000) + 1))
            continue;
        for (dd_result *r = dd_worker_take(w), *next; r; r = next) {
            next = r->next;
            r->next = NULL;
            ck_assert_uint_lt(t->n, sizeof(t->v) / sizeof(t->v[0]));
            t->v[t->n++] = r;
        }
    }
}

/* Times the mock's faults fired (counted when a request arrives, before
 * any latency: the request log only has a request once it is answered). */
static int faults_fired(void)
{
    char *body = NULL;
    ck_assert_int_eq(mock_http(&mock, "GET", "/_mock/faults", NULL, &body), 200);
    cJSON *doc = cJSON_Parse(body);
    free(body);
    ck_assert_ptr_nonnull(doc);
    int n = 0;
    const cJSON *f;
    cJSON_ArrayForEach(f, cJSON_GetObjectItem(doc, "faults"))
        n += (int)cJSON_GetNumberValue(cJSON_GetObjectItem(f, "fired"));
    cJSON_Delete(doc);
    return n;
}

/* Waits (bounded) until the faults fired n times: a request is at the mock. */
static void wait_fired(int n)
{
    for (int i = 0; i < 500; i++) {
        if (faults_fired() >= n)
            return;
        usleep(10000);
    }
    ck_abort_msg("the mock never got request %d", n);
}

START_TEST(list_posts_pages_then_final_and_wakes)
{
    dd_worker *w = start(NULL);
    ck_assert_msg(!readable(w, 0), "wake fd readable before any job");
    dd_job j = {.kind = DD_JOB_LIST_CONNS, .page_size = 10, .tag = 7};
    uint64_t seq = dd_worker_submit(w, &j);
    ck_assert_uint_gt(seq, 0);
    ck_assert_msg(readable(w, 10000), "no wakeup for a list job");
    taken t = {0};
    collect(w, &t, 1, 10);
    /* 35 rows by 10: four pages, then the final result. */
    ck_assert_uint_eq(t.n, 5);
    size_t rows = 0;
    for (size_t i = 0; i < 4; i++) {
        const dd_result *r = t.v[i];
        ck_assert(!r->final);
        ck_assert_int_eq(r->kind, DD_JOB_LIST_CONNS);
        ck_assert_uint_eq(r->seq, seq);
        ck_assert_int_eq(r->tag, 7);
        rows += r->conns.n;
        ck_assert_uint_eq(r->so_far, rows);
        ck_assert_int_eq(r->total, 35);
        ck_assert_uint_eq(r->conns.n, i < 3 ? 10 : 5);
    }
    const dd_result *fin = t.v[4];
    ck_assert(fin->final);
    ck_assert_msg(fin->status == DD_OK, "%s", fin->err.text);
    ck_assert_uint_eq(fin->so_far, 35);
    ck_assert_uint_eq(fin->conns.n, 0);
    ck_assert_int_eq(mock_count_requests(&mock, "GET", CONN_PATH), 4);
    /* Everything taken: the descriptor is quiet again. */
    ck_assert_msg(!readable(w, 50), "wake fd still readable after take");
    ck_assert_ptr_null(dd_worker_take(w));
    taken_free(&t);
    dd_worker_stop(w);
}
END_TEST

/* The console's walk is the client's pager: a page that comes back empty
 * before the total ends the job DD_E_INCOMPLETE, after a result for each
 * page that came (moved, not copied, out of the pager). */
START_TEST(list_that_ends_short_is_incomplete)
{
    add_fault("{\"route\":\"list_connections\",\"kind\":\"empty_page\",\"every\":3,"
              "\"times\":1}");
    dd_worker *w = start(NULL);
    dd_job j = {.kind = DD_JOB_LIST_CONNS, .page_size = 10};
    dd_worker_submit(w, &j);
    taken t = {0};
    collect(w, &t, 1, 10);
    /* Two pages of rows, the empty one, then the final result. */
    ck_assert_uint_eq(t.n, 4);
    ck_assert_uint_eq(t.v[0]->conns.n, 10);
    ck_assert_uint_eq(t.v[1]->conns.n, 10);
    ck_assert_uint_eq(t.v[1]->so_far, 20);
    ck_assert_int_eq(t.v[1]->total, 35);
    ck_assert_uint_eq(t.v[2]->conns.n, 0);
    const dd_result *fin = t.v[3];
    ck_assert(fin->final);
    ck_assert_msg(fin->status == DD_E_INCOMPLETE, "%s", fin->err.text);
    ck_assert_str_eq(fin->err.text, "got 20 of 35 connections: the server sent an empty page "
                                    "before its own total");
    ck_assert_uint_eq(fin->so_far, 20);
    ck_assert_int_eq(fin->total, 35);
    ck_assert_int_eq(mock_count_requests(&mock, "GET", CONN_PATH), 3);
    taken_free(&t);
    dd_worker_stop(w);
}
END_TEST

/* A GET that fails once waits 2 s before its retry: the UI is told first,
 * by a note (neither page nor final), then the page and the final result
 * follow as usual. */
START_TEST(note_arrives_before_the_final_result)
{
    add_fault("{\"route\":\"list_connections\",\"status\":500,\"times\":1}");
    dd_worker *w = start(NULL);
    dd_job j = {.kind = DD_JOB_LIST_CONNS, .page_size = 100, .tag = 3};
    uint64_t seq = dd_worker_submit(w, &j);
    /* The note comes on its own, while the worker still waits. */
    ck_assert_msg(readable(w, 1500), "no note during the wait");
    dd_result *first = dd_worker_take(w);
    ck_assert_ptr_nonnull(first);
    ck_assert_ptr_null(first->next);
    ck_assert(first->note);
    ck_assert(!first->final);
    ck_assert_uint_eq(first->seq, seq);
    ck_assert_int_eq(first->kind, DD_JOB_LIST_CONNS);
    ck_assert_int_eq(first->tag, 3);
    ck_assert_uint_eq(first->conns.n, 0);
    ck_assert_int_eq(first->wait.cause, DD_WAIT_SERVER_ERROR);
    ck_assert_str_eq(first->wait.reason, "HTTP 500 Internal Server Error");
    ck_assert_str_eq(first->wait.operation, "GET " CONN_PATH);
    ck_assert_int_eq(first->wait.http_status, 500);
    ck_assert_int_eq(first->wait.wait_ms, 2000);
    ck_assert_int_eq(first->wait.attempt, 2);
    ck_assert_int_eq(first->wait.max_tries, 3);
    dd_result_free(first);

    taken t = {0};
    collect(w, &t, 1, 10);
    ck_assert_uint_eq(t.n, 2);
    ck_assert(!t.v[0]->note);
    ck_assert(!t.v[0]->final);
    ck_assert_uint_eq(t.v[0]->conns.n, 35);
    ck_assert(t.v[1]->final);
    ck_assert(!t.v[1]->note);
    ck_assert_msg(t.v[1]->status == DD_OK, "%s", t.v[1]->err.text);
    ck_assert_uint_eq(t.v[1]->so_far, 35);
    ck_assert_int_eq(mock_count_requests(&mock, "GET", CONN_PATH), 2);
    taken_free(&t);
    dd_worker_stop(w);
}
END_TEST

static void cancel_slow_list(const char *fault)
{
    add_fault(fault);
    dd_worker *w = start(NULL);
    dd_job j = {.kind = DD_JOB_LIST_CONNS, .page_size = 10};
    uint64_t seq = dd_worker_submit(w, &j);
    wait_fired(1);
    usleep(100000);     /* well inside the slow answer */
    double t0 = now_s();
    ck_assert(dd_worker_cancel_reads(w));
    taken t = {0};
    collect(w, &t, 1, 5);
    double elapsed = now_s() - t0;
    ck_assert_msg(elapsed < 1.0, "cancel took %.2f s", elapsed);
    const dd_result *fin = t.v[t.n - 1];
    ck_assert(fin->final);
    ck_assert_uint_eq(fin->seq, seq);
    ck_assert_msg(fin->status == DD_E_CANCELLED, "got %s: %s", dd_status_name(fin->status),
                  fin->err.text);
    ck_assert_uint_eq(fin->so_far, 0);
    /* No further page was asked for. */
    usleep(300000);
    ck_assert_int_eq(faults_fired(), 1);
    taken_free(&t);

    /* The worker goes on: the next list completes. */
    mock_clear_faults(&mock);
    dd_job again = {.kind = DD_JOB_LIST_CONNS, .page_size = 100};
    dd_worker_submit(w, &again);
    collect(w, &t, 1, 10);
    ck_assert_msg(t.v[t.n - 1]->status == DD_OK, "%s", t.v[t.n - 1]->err.text);
    ck_assert_uint_eq(t.v[t.n - 1]->so_far, 35);
    taken_free(&t);
    dd_worker_stop(w);
}

START_TEST(cancel_during_latency_is_prompt)
{
    cancel_slow_list("{\"route\":\"list_connections\",\"latency_ms\":5000}");
}
END_TEST

START_TEST(cancel_during_drip_is_prompt)
{
    cancel_slow_list("{\"route\":\"list_connections\",\"kind\":\"drip\",\"drip_ms\":300}");
}
END_TEST

/* First connection of the mock's state: id into buf. */
static void first_conn(char *buf, size_t n)
{
    cJSON *s = mock_state(&mock);
    ck_assert_ptr_nonnull(s);
    const cJSON *c = cJSON_GetArrayItem(cJSON_GetObjectItem(s, "connections"), 0);
    const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(c, "id"));
    ck_assert_ptr_nonnull(id);
    snprintf(buf, n, "%s", id);
    cJSON_Delete(s);
}

static bool conn_has_types(const char *id, const char *want)
{
    cJSON *s = mock_state(&mock);
    ck_assert_ptr_nonnull(s);
    bool ok = false;
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(s, "connections")) {
        if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(c, "id")), id) != 0)
            continue;
        char joined[200] = "";
        const cJSON *ty;
        cJSON_ArrayForEach(ty, cJSON_GetObjectItem(c, "connection_types")) {
            if (joined[0])
                strcat(joined, ",");
            strncat(joined, cJSON_GetStringValue(ty), 40);
        }
        ok = strcmp(joined, want) == 0;
    }
    cJSON_Delete(s);
    return ok;
}

START_TEST(write_reaches_the_server_once)
{
    dd_error err;
    dd_error_init(&err);
    dd_audit *audit = dd_audit_open(audit_path, &err);
    ck_assert_msg(audit != NULL, "%s", err.text);
    dd_worker *w = start(audit);
    char id[80];
    first_conn(id, sizeof(id));
    /* Slow, so the read cancel below happens while the write is in flight. */
    add_fault("{\"route\":\"update_connection\",\"latency_ms\":400}");
    dd_job j = {.kind = DD_JOB_UPDATE, .id = strdup(id)};
    const char *types[] = {"audit", "metrics"};
    ck_assert_int_eq(dd_job_set_types(&j, types, 2), 0);
    uint64_t seq = dd_worker_submit(w, &j);
    ck_assert_int_eq(dd_worker_writes_pending(w), 1);
    wait_fired(1);
    ck_assert_msg(!dd_worker_cancel_reads(w), "a read cancel touched the write");
    taken t = {0};
    collect(w, &t, 1, 10);
    ck_assert_uint_eq(t.n, 1);
    const dd_result *r = t.v[0];
    ck_assert_uint_eq(r->seq, seq);
    ck_assert_msg(r->status == DD_OK, "%s", r->err.text);
    ck_assert_str_eq(r->id, id);
    ck_assert_uint_eq(r->conns.n, 1);
    ck_assert_str_eq(r->conns.items[0].id, id);
    ck_assert_int_eq(dd_worker_writes_pending(w), 0);
    ck_assert_int_eq(mock_count_requests(&mock, "PATCH", CONN_PATH), 1);
    ck_assert(conn_has_types(id, "audit,metrics"));
    taken_free(&t);
    dd_worker_stop(w);
    dd_audit_close(audit);
    /* Intent and outcome were recorded. */
    dd_audit_entry *e = NULL;
    size_t n = 0;
    ck_assert_int_eq(dd_audit_read_recent(audit_path, 10, &e, &n, &err), DD_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(e[0].phase, "intent");
    ck_assert_str_eq(e[1].phase, "outcome");
    ck_assert_str_eq(e[1].op, "connections.update");
    free(e);
}
END_TEST

START_TEST(results_arrive_in_submission_order)
{
    dd_worker *w = start(NULL);
    char id[80];
    first_conn(id, sizeof(id));
    uint64_t seqs[5];
    dd_job_kind kinds[5] = {DD_JOB_LIST_SF, DD_JOB_LIST_CONNS, DD_JOB_UPDATE, DD_JOB_LIST_SF,
                            DD_JOB_LIST_CONNS};
    for (int i = 0; i < 5; i++) {
        dd_job j = {.kind = kinds[i], .page_size = 20, .tag = i};
        if (kinds[i] == DD_JOB_UPDATE) {
            const char *types[] = {"logs"};
            j.id = strdup(id);
            ck_assert_int_eq(dd_job_set_types(&j, types, 1), 0);
        }
        seqs[i] = dd_worker_submit(w, &j);
        ck_assert_uint_gt(seqs[i], i ? seqs[i - 1] : 0);
    }
    taken t = {0};
    collect(w, &t, 5, 20);
    ck_assert_uint_eq(finals(&t), 5);
    /* seq never goes down, each job's pages come before its final result,
     * and the finals follow the submission order. */
    int next = 0;
    for (size_t i = 0; i < t.n; i++) {
        const dd_result *r = t.v[i];
        ck_assert_uint_eq(r->seq, seqs[next]);
        ck_assert_int_eq(r->kind, kinds[next]);
        ck_assert_int_eq(r->tag, next);
        if (r->final) {
            ck_assert_msg(r->status == DD_OK, "job %d: %s", next, r->err.text);
            next++;
        }
    }
    ck_assert_int_eq(next, 5);
    ck_assert_uint_eq(t.v[t.n - 1]->so_far, 35);
    taken_free(&t);
    dd_worker_stop(w);
}
END_TEST

START_TEST(stop_with_jobs_queued_joins_promptly)
{
    add_fault("{\"route\":\"*\",\"latency_ms\":3000}");
    dd_worker *w = start(NULL);
    for (int i = 0; i < 6; i++) {
        dd_job j = {.kind = i % 2 ? DD_JOB_LIST_SF : DD_JOB_LIST_CONNS};
        ck_assert_uint_gt(dd_worker_submit(w, &j), 0);
    }
    wait_fired(1);
    double t0 = now_s();
    dd_worker_stop(w);
    double elapsed = now_s() - t0;
    ck_assert_msg(elapsed < 1.0, "stop took %.2f s", elapsed);
    /* Only the job in flight was sent. */
    usleep(300000);
    ck_assert_int_eq(faults_fired(), 1);
}
END_TEST

START_TEST(cancel_all_answers_every_queued_job)
{
    add_fault("{\"route\":\"list_connections\",\"latency_ms\":3000}");
    dd_worker *w = start(NULL);
    dd_job first = {.kind = DD_JOB_LIST_CONNS};
    dd_worker_submit(w, &first);
    wait_fired(1);
    for (int i = 0; i < 3; i++) {
        dd_job j = {.kind = DD_JOB_LIST_SF};
        dd_worker_submit(w, &j);
    }
    dd_worker_cancel_all(w);
    taken t = {0};
    collect(w, &t, 4, 5);
    for (size_t i = 0; i < t.n; i++)
        ck_assert_int_eq(t.v[i]->status, DD_E_CANCELLED);
    usleep(300000);
    ck_assert_int_eq(faults_fired(), 1);
    ck_assert_int_eq(mock_count_requests(&mock, "GET", SF_PATH), 0);
    taken_free(&t);
    dd_worker_stop(w);
}
END_TEST

START_TEST(audit_tail_is_read_by_the_worker)
{
    dd_error err;
    dd_error_init(&err);
    dd_worker *w = start(NULL);
    /* No log yet: an empty answer, not an error. */
    dd_job j = {.kind = DD_JOB_AUDIT_RECENT, .path = strdup(audit_path), .n_recent = 5};
    uint64_t seq = dd_worker_submit(w, &j);
    taken t = {0};
    collect(w, &t, 1, 5);
    ck_assert_uint_eq(t.v[0]->seq, seq);
    ck_assert_msg(t.v[0]->status == DD_OK, "%s", t.v[0]->err.text);
    ck_assert_uint_eq(t.v[0]->n_recent, 0);
    taken_free(&t);

    dd_audit *audit = dd_audit_open(audit_path, &err);
    ck_assert_msg(audit != NULL, "%s", err.text);
    for (int i = 0; i < 4; i++) {
        char target[32];
        snprintf(target, sizeof(target), "conn-%d", i);
        uint64_t id = dd_audit_intent(audit, "test", "mock", "connections.delete", target, NULL,
                                      &err);
        ck_assert_uint_gt(id, 0);
        ck_assert_int_eq(dd_audit_outcome(audit, id, "test", "mock", "connections.delete",
                                          target, 204, NULL, &err), DD_OK);
    }
    dd_audit_close(audit);
    /* A read cancel leaves it alone: it is a local read, not a fetch. */
    dd_job k = {.kind = DD_JOB_AUDIT_RECENT, .path = strdup(audit_path), .n_recent = 3};
    dd_worker_submit(w, &k);
    dd_worker_cancel_reads(w);
    collect(w, &t, 1, 5);
    const dd_result *r = t.v[0];
    ck_assert_msg(r->status == DD_OK, "%s", r->err.text);
    ck_assert_uint_eq(r->n_recent, 3);
    ck_assert_str_eq(r->recent[2].phase, "outcome");
    ck_assert_str_eq(r->recent[2].target, "conn-3");
    ck_assert_str_eq(r->recent[2].result, "204");
    taken_free(&t);

    /* An unreadable path is an error result, and the worker goes on. */
    char under_file[400];
    snprintf(under_file, sizeof(under_file), "%s/x", audit_path);   /* ENOTDIR */
    dd_job bad = {.kind = DD_JOB_AUDIT_RECENT, .path = strdup(under_file), .n_recent = 3};
    dd_worker_submit(w, &bad);
    collect(w, &t, 1, 5);
    ck_assert_int_ne(t.v[0]->status, DD_OK);
    ck_assert_uint_eq(t.v[0]->n_recent, 0);
    taken_free(&t);
    dd_worker_stop(w);
}
END_TEST

/* One job, its one final result (the caller frees it). */
static dd_result *run_one(dd_worker *w, dd_job *j)
{
    uint64_t seq = dd_worker_submit(w, j);
    ck_assert_uint_gt(seq, 0);
    taken t = {0};
    collect(w, &t, 1, 10);
    ck_assert_uint_eq(t.n, 1);
    ck_assert_uint_eq(t.v[0]->seq, seq);
    return t.v[0];
}

static dd_job switch_job(const char *profile)
{
    dd_job j = {.kind = DD_JOB_SWITCH, .profile = strdup(profile), .api_url = strdup(mock.url)};
    return j;
}

/* A profile switch reads the config file on the worker and swaps the
 * client only when the profile loads: an unknown profile changes nothing,
 * a profile with keys the server refuses is in use until the next switch. */
START_TEST(switch_loads_the_profile_on_the_worker)
{
    char dir[300], path[320];
    snprintf(dir, sizeof(dir), "%s/ddorgs", tmpdir);
    ck_assert_int_eq(mkdir(dir, 0700), 0);
    snprintf(path, sizeof(path), "%s/config", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "[profile good]\nsite = datadoghq.eu\napi_key = %s\napp_key = %s\n\n"
               "[profile bad]\nsite = datadoghq.com\n"
               "api_key = wrong-api-key-8f29b9b12888fdeb129999\n"
               "app_key = wrong-app-key-7715ab116da253c4ef242b0548888\n",
            MOCK_API_KEY, MOCK_APP_KEY);
    fclose(f);
    ck_assert_int_eq(chmod(path, 0600), 0);
    setenv("XDG_CONFIG_HOME", tmpdir, 1);
    unsetenv("DD_API_KEY");
    unsetenv("DD_APP_KEY");
    unsetenv("DD_SITE");
    unsetenv("DDORGS_PROFILE");
    unsetenv("DDORGS_READ_ONLY");
    dd_worker *w = start(NULL);
    dd_job list = {.kind = DD_JOB_LIST_SF};

    dd_job j = switch_job("nosuch");
    dd_result *r = run_one(w, &j);
    ck_assert_int_eq(r->status, DD_E_CONFIG);
    ck_assert_msg(strstr(r->err.text, "unknown profile 'nosuch' (from the profile switch); "
                                      "profiles in "), "%s", r->err.text);
    ck_assert_ptr_null(r->config);
    dd_result_free(r);
    r = run_one(w, &list);
    ck_assert_msg(r->status == DD_OK, "the old client is gone: %s", r->err.text);
    dd_result_free(r);

    j = switch_job("bad");
    r = run_one(w, &j);
    ck_assert_msg(r->status == DD_OK, "%s", r->err.text);
    ck_assert_ptr_nonnull(r->config);
    ck_assert_str_eq(r->config->profile, "bad");
    ck_assert_str_eq(r->config->site, "datadoghq.com");
    ck_assert_str_eq(r->config->base_url, mock.url);
    dd_result_free(r);
    dd_job list2 = {.kind = DD_JOB_LIST_SF};
    r = run_one(w, &list2);
    ck_assert_int_eq(r->status, DD_E_HTTP);
    ck_assert_int_eq(r->err.http_status, 403);
    dd_result_free(r);

    j = switch_job("good");
    r = run_one(w, &j);
    ck_assert_msg(r->status == DD_OK, "%s", r->err.text);
    /* Taken by the caller: the result no longer frees it. */
    dd_config *now = r->config;
    r->config = NULL;
    dd_result_free(r);
    ck_assert_str_eq(now->profile, "good");
    ck_assert_str_eq(now->site, "datadoghq.eu");
    ck_assert(!now->read_only);
    dd_job list3 = {.kind = DD_JOB_LIST_SF};
    r = run_one(w, &list3);
    ck_assert_msg(r->status == DD_OK, "%s", r->err.text);
    ck_assert_uint_eq(r->sfs.n, 4);
    dd_result_free(r);
    dd_worker_stop(w);
    dd_config_free(now);
    free(now);
}
END_TEST

/* A profile whose keys come from commands switches on the worker too. The
 * console owns the terminal then: the command gets no input (its read ends
 * at once) and what it writes on stderr is discarded, never drawn over the
 * screen. */
START_TEST(switch_runs_key_commands_without_the_terminal)
{
    char dir[300], path[320], helper[320], errfile[320];
    snprintf(dir, sizeof(dir), "%s/ddorgs", tmpdir);
    ck_assert_int_eq(mkdir(dir, 0700), 0);
    snprintf(helper, sizeof(helper), "%s/key.sh", tmpdir);
    FILE *f = fopen(helper, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "#!/bin/sh\necho 'Passphrase for the vault:' >&2\nread answer\n"
               "case $1 in api) echo %s ;; *) echo %s ;; esac\n", MOCK_API_KEY, MOCK_APP_KEY);
    fclose(f);
    ck_assert_int_eq(chmod(helper, 0700), 0);
    snprintf(path, sizeof(path), "%s/config", dir);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "[profile vault]\nsite = datadoghq.eu\napi_key_command = %s api\n"
               "app_key_command = %s app\n", helper, helper);
    fclose(f);
    ck_assert_int_eq(chmod(path, 0600), 0);
    setenv("XDG_CONFIG_HOME", tmpdir, 1);
    unsetenv("DD_API_KEY");
    unsetenv("DD_APP_KEY");
    unsetenv("DD_SITE");
    unsetenv("DDORGS_PROFILE");
    unsetenv("DDORGS_READ_ONLY");

    snprintf(errfile, sizeof(errfile), "%s/stderr.txt", tmpdir);
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    int fd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ck_assert_int_ge(fd, 0);
    dup2(fd, STDERR_FILENO);
    close(fd);
    dd_worker *w = start(NULL);
    dd_job j = switch_job("vault");
    double t0 = now_s();
    dd_result *r = run_one(w, &j);
    double took = now_s() - t0;
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    ck_assert_msg(r->status == DD_OK, "%s", r->err.text);
    ck_assert_msg(took < 5.0, "the switch took %.1f s", took);
    ck_assert_str_eq(r->config->profile, "vault");
    ck_assert_str_eq(r->config->api_key, MOCK_API_KEY);
    dd_result_free(r);
    dd_job list = {.kind = DD_JOB_LIST_SF};
    r = run_one(w, &list);
    ck_assert_msg(r->status == DD_OK, "%s", r->err.text);
    dd_result_free(r);
    dd_worker_stop(w);
    f = fopen(errfile, "r");
    ck_assert_ptr_nonnull(f);
    char buf[512] = "";
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    ck_assert_msg(strstr(buf, "Passphrase") == NULL, "%s", buf);
}
END_TEST

static Suite *worker_suite(void)
{
    Suite *s = suite_create("worker");
    TCase *tc = tcase_create("mock");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, list_posts_pages_then_final_and_wakes);
    tcase_add_test(tc, list_that_ends_short_is_incomplete);
    tcase_add_test(tc, note_arrives_before_the_final_result);
    tcase_add_test(tc, cancel_during_latency_is_prompt);
    tcase_add_test(tc, cancel_during_drip_is_prompt);
    tcase_add_test(tc, write_reaches_the_server_once);
    tcase_add_test(tc, results_arrive_in_submission_order);
    tcase_add_test(tc, stop_with_jobs_queued_joins_promptly);
    tcase_add_test(tc, cancel_all_answers_every_queued_job);
    tcase_add_test(tc, audit_tail_is_read_by_the_worker);
    tcase_add_test(tc, switch_loads_the_profile_on_the_worker);
    tcase_add_test(tc, switch_runs_key_commands_without_the_terminal);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return dd_run_suite_http(worker_suite());
}
