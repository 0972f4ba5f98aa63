/* The account loader against ddorgs-mock: several orgs' keys loaded at
 * once. A profile whose keys are refused and one whose port is dead are
 * reported with their errors while the others complete; a slow profile
 * (latency fault on its own mock) does not delay the fast ones' completion
 * events; keys without the managed-orgs permission fall back with their
 * self org inferred; a 429 makes only its own profile wait; parallelism is
 * bounded; the mock's latency is per request, so N profiles load in about
 * one's time; a cancel returns promptly. Run under TSan in CI. */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "account.h"
#include "client_test.h"
#include "config.h"
#include "http.h"
#include "mock/harness.h"
#include "suite_main.h"

#define P_ID "11111111-1111-4111-8111-111111111111" /* Parent: the configured keys */
#define A_ID "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa" /* Alpha: its own keys */
#define B_ID "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb" /* Bravo: keys, no org permission */
#define C_ID "cccccccc-cccc-4ccc-8ccc-cccccccccccc" /* Charlie: no keys */
#define A_API "alpha-api-key-60650a9bcc94f15dc3e71"
#define A_APP "alpha-app-key-2eec2df9d268ef50038b68ea8dd1"
#define B_API "bravo-api-key-f8fff4cf9eab5c8acf592"
#define B_APP "bravo-app-key-0e1503bbf16480df2f73bb47a412"
#define C1 "0000000a-0000-4000-8000-000000000001" /* A -> P */
#define C2 "0000000b-0000-4000-8000-000000000002" /* B -> P */
#define C3 "0000000c-0000-4000-8000-000000000003" /* P -> A */
#define C4 "0000000d-0000-4000-8000-000000000004" /* B -> C */
#define C5 "0000000e-0000-4000-8000-000000000005" /* A -> C */

#define ORG(id, name, extra) \
    "{\"id\":\"" id "\",\"name\":\"" name "\",\"created_at\":\"2025-01-01T00:00:00Z\"," \
    "\"disabled\":false" extra "}"
#define CONN(id, src, sink)                                                              \
    "{\"id\":\"" id "\",\"source_org_id\":\"" src "\",\"sink_org_id\":\"" sink "\","    \
    "\"connection_types\":[\"logs\"],\"created_at\":\"2025-08-26T20:19:36.177236+00:00\"," \
    "\"created_by_id\":\"u-1\"}"

static const char FIXTURE[] =
    "{\"self_org_id\":\"" P_ID "\",\"self_user\":{\"id\":\"u-1\",\"name\":\"Pat\"},"
    "\"orgs\":[" ORG(P_ID, "Parent", "") ","
    ORG(A_ID, "Alpha", ",\"api_key\":\"" A_API "\",\"app_key\":\"" A_APP "\"") ","
    ORG(B_ID, "Bravo", ",\"api_key\":\"" B_API "\",\"app_key\":\"" B_APP "\","
                       "\"list_orgs_permission\":false") ","
    ORG(C_ID, "Charlie", "") "],"
    "\"connections\":[" CONN(C1, A_ID, P_ID) "," CONN(C2, B_ID, P_ID) "," CONN(C3, P_ID, A_ID)
    "," CONN(C4, B_ID, C_ID) "," CONN(C5, A_ID, C_ID) "]}";

/* The slow mock's latency: far above what a fast profile takes, even
 * under valgrind. */
#define SLOW_MS 3000

static mock_proc fast, slow;
static char dead_url[64];

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void setup(void)
{
    memset(&fast, 0, sizeof(fast));
    memset(&slow, 0, sizeof(slow));
    ck_assert_msg(mock_start(&fast, NULL) == 0, "ddorgs-mock did not start");
    ck_assert_int_eq(mock_load_state(&fast, FIXTURE), 0);
    static const char *const slow_args[] = { "--orgs", "3", "--connections", "2",
                                             "--self-connections", "2", "--fault",
                                             "*:latency_ms=3000", NULL };
    ck_assert_msg(mock_start(&slow, slow_args) == 0, "ddorgs-mock did not start");
    test_dead_url(dead_url, sizeof(dead_url));
}

static void teardown(void)
{
    mock_stop(&fast);
    mock_stop(&slow);
}

/* ---- Profiles ------------------------------------------------------------ */

static dd_config cfgs[DD_ACCOUNT_MAX_PROFILES];
static const dd_config *ptrs[DD_ACCOUNT_MAX_PROFILES];
static char names[DD_ACCOUNT_MAX_PROFILES][32];
static size_t n_cfgs;

static void add_cfg(const char *name, const char *url, const char *api, const char *app)
{
    ck_assert_uint_lt(n_cfgs, DD_ACCOUNT_MAX_PROFILES);
    snprintf(names[n_cfgs], sizeof(names[n_cfgs]), "%s", name);
    cfgs[n_cfgs] = (dd_config){ .profile = names[n_cfgs], .site = "mock", .base_url = (char *)url,
                                .allow_http = true, .api_key = (char *)api,
                                .app_key = (char *)app };
    ptrs[n_cfgs] = &cfgs[n_cfgs];
    n_cfgs++;
}

/* ---- Events -------------------------------------------------------------- */

#define MAX_EVENTS 512

typedef struct seen_event {
    dd_account_event_kind kind;
    size_t profile;
    dd_status status;
    double elapsed_ms;
    size_t done;
    dd_wait_cause cause;
    long wait_ms;
} seen_event;

/* Written by the loader threads (one event at a time), read after run. */
static seen_event events[MAX_EVENTS];
static size_t n_events;
static int in_flight, max_in_flight;
static bool started[DD_ACCOUNT_MAX_PROFILES];

static void on_event(const dd_account_event *ev, void *ud)
{
    (void)ud;
    if (ev->kind == DD_ACCOUNT_STARTED) {
        started[ev->profile] = true;
        if (++in_flight > max_in_flight)
            max_in_flight = in_flight;
    } else if (ev->kind == DD_ACCOUNT_DONE && started[ev->profile]) {
        in_flight--;
    }
    if (n_events == MAX_EVENTS)
        return;
    seen_event *s = &events[n_events++];
    s->kind = ev->kind;
    s->profile = ev->profile;
    s->status = ev->status;
    s->elapsed_ms = ev->elapsed_ms;
    s->done = ev->done;
    if (ev->kind == DD_ACCOUNT_WAITING) {
        s->cause = ev->wait->cause;
        s->wait_ms = ev->wait->wait_ms;
    }
}

static void reset_events(void)
{
    n_events = 0;
    in_flight = max_in_flight = 0;
    memset(started, 0, sizeof(started));
}

static const seen_event *done_event(size_t profile)
{
    const seen_event *found = NULL;
    for (size_t i = 0; i < n_events; i++)
        if (events[i].kind == DD_ACCOUNT_DONE && events[i].profile == profile) {
            ck_assert_msg(found == NULL, "two done events for profile %zu", profile);
            found = &events[i];
        }
    ck_assert_msg(found != NULL, "no done event for profile %zu", profile);
    return found;
}

static size_t index_of_done(size_t profile)
{
    return (size_t)(done_event(profile) - events);
}

static dd_account *load(const dd_account_opts *o, dd_status expect)
{
    dd_error err;
    dd_error_init(&err);
    reset_events();
    dd_account_loader *l = dd_account_loader_new(o, &err);
    ck_assert_msg(l != NULL, "%s", err.text);
    dd_account *a = NULL;
    ck_assert_int_eq(dd_account_loader_run(l, &a, &err), expect);
    ck_assert_ptr_nonnull(a);
    dd_account_loader_free(l);
    dd_error_clear(&err);
    return a;
}

static dd_account_opts opts(void)
{
    dd_account_opts o = { .profiles = ptrs, .n_profiles = n_cfgs, .on_event = on_event };
    return o;
}

static const char *seen_names(const dd_account *a, const char *conn)
{
    static char buf[256];
    long i = dd_account_find_conn(a, conn);
    ck_assert_int_ge(i, 0);
    dd_account_profile_names(a, a->seen_by[i], buf, sizeof(buf));
    return buf;
}

/* ---- Tests --------------------------------------------------------------- */

START_TEST(failing_and_slow_profiles_do_not_hold_up_the_others)
{
    n_cfgs = 0;
    /* The slow and the dead first: taken up first, they must not delay
     * the others. */
    add_cfg("slow", slow.url, MOCK_API_KEY, MOCK_APP_KEY);
    add_cfg("dead", dead_url, MOCK_API_KEY, MOCK_APP_KEY);
    add_cfg("parent", fast.url, MOCK_API_KEY, MOCK_APP_KEY);
    add_cfg("alpha", fast.url, A_API, A_APP);
    add_cfg("bravo", fast.url, B_API, B_APP);
    add_cfg("refused", fast.url, "wrong-api-key-331fe204258ef046efee", A_APP);
    dd_account_opts o = opts();
    dd_account *a = load(&o, DD_OK);
    ck_assert_uint_eq(a->n_profiles, 6);

    /* Each outcome, by name. */
    const dd_account_profile *parent = dd_account_profile_named(a, "parent");
    const dd_account_profile *alpha = dd_account_profile_named(a, "alpha");
    const dd_account_profile *bravo = dd_account_profile_named(a, "bravo");
    const dd_account_profile *refused = dd_account_profile_named(a, "refused");
    const dd_account_profile *dead = dd_account_profile_named(a, "dead");
    const dd_account_profile *slowp = dd_account_profile_named(a, "slow");
    ck_assert_int_eq(parent->status, DD_OK);
    ck_assert_int_eq(alpha->status, DD_OK);
    ck_assert_int_eq(bravo->status, DD_OK);
    ck_assert_int_eq(slowp->status, DD_OK);
    char line[800];
    ck_assert_int_eq(refused->status, DD_E_HTTP);
    ck_assert_int_eq(refused->error.http_status, 401);
    dd_account_profile_describe(refused, line, sizeof(line));
    ck_assert_str_eq(line, "profile 'refused': GET /api/v2/org: HTTP 401 Unauthorized: "
                           "Unauthorized");
    ck_assert_int_eq(dead->status, DD_E_NETWORK);
    dd_account_profile_describe(dead, line, sizeof(line));
    ck_assert_msg(strstr(line, "profile 'dead': GET /api/v2/org: ") == line, "%s", line);
    ck_assert_msg(strstr(line, dead_url + strlen("http://")) != NULL, "%s", line);
    /* No key, whole or in part, in what is shown. */
    ck_assert_ptr_null(strstr(line, "mock-api-key"));

    /* Self orgs: from current_org, or inferred without the permission. */
    ck_assert_str_eq(parent->self_org_id, P_ID);
    ck_assert_int_eq(parent->self_from, DD_SELF_CURRENT_ORG);
    ck_assert_str_eq(alpha->self_org_id, A_ID);
    ck_assert_int_eq(bravo->orgs_access, DD_ORGS_REFUSED);
    ck_assert_int_eq(bravo->error.code, DD_OK);
    ck_assert_str_eq(bravo->self_org_id, B_ID);
    ck_assert_int_eq(bravo->self_from, DD_SELF_INFERRED);
    ck_assert_uint_eq(parent->orgs.n, 3);

    /* Each listing holds only its org's rows; merged, one row per id. */
    ck_assert_uint_eq(parent->conns.n, 3);
    ck_assert_uint_eq(alpha->conns.n, 3);
    ck_assert_uint_eq(bravo->conns.n, 2);
    ck_assert_uint_eq(slowp->conns.n, 2);
    ck_assert_uint_eq(a->conns.n, 5 + 2);
    ck_assert_str_eq(seen_names(a, C1), "parent, alpha");
    ck_assert_str_eq(seen_names(a, C2), "parent, bravo");
    ck_assert_str_eq(seen_names(a, C3), "parent, alpha");
    ck_assert_str_eq(seen_names(a, C4), "bravo");
    ck_assert_str_eq(seen_names(a, C5), "alpha");
    ck_assert_str_eq(a->conns.items[dd_account_find_conn(a, C4)].sink.name, "Charlie");

    /* The orgs: Charlie has no profile; Bravo's keys are bravo's. */
    const dd_account_org *c = dd_account_find_org(a, C_ID);
    ck_assert_ptr_nonnull(c);
    ck_assert_uint_eq(c->holders, 0);
    ck_assert_uint_eq(c->n_incoming, 2);
    ck_assert(c->described); /* the parent's managed orgs describe it */
    ck_assert_uint_eq(dd_account_find_org(a, B_ID)->holders, (dd_profile_set)1 << bravo->index);

    /* Writes go through the profile of an org that may make them. */
    char why[512];
    ck_assert_ptr_eq(dd_account_route_write(a, DD_ACCOUNT_CREATE, B_ID, A_ID, why, sizeof(why)),
                     bravo);
    ck_assert_ptr_eq(dd_account_route_write(a, DD_ACCOUNT_DELETE, C_ID, A_ID, why, sizeof(why)),
                     alpha);

    /* Every profile done once; the fast ones long before the slow one. */
    for (size_t i = 0; i < a->n_profiles; i++)
        done_event(i);
    ck_assert_uint_ge(done_event(slowp->index)->done, 5);
    size_t fast_ones[] = { parent->index, alpha->index, bravo->index, refused->index };
    for (size_t k = 0; k < 4; k++) {
        const seen_event *e = done_event(fast_ones[k]);
        ck_assert_msg(e->elapsed_ms < SLOW_MS, "profile %zu done after %.0f ms", fast_ones[k],
                      e->elapsed_ms);
        ck_assert_uint_lt(index_of_done(fast_ones[k]), index_of_done(slowp->index));
        ck_assert_double_lt(a->profiles[fast_ones[k]].done_ms, SLOW_MS);
    }
    ck_assert_double_ge(slowp->load_ms, 2 * SLOW_MS);
    /* The dead port was tried again with waits that said so. */
    size_t waits = 0;
    for (size_t i = 0; i < n_events; i++)
        if (events[i].kind == DD_ACCOUNT_WAITING) {
            ck_assert_uint_eq(events[i].profile, dead->index);
            ck_assert_int_eq(events[i].cause, DD_WAIT_TRANSPORT);
            waits++;
        }
    ck_assert_uint_eq(waits, 2);
    dd_account_free(a);
}
END_TEST

START_TEST(a_rate_limited_profile_waits_alone)
{
    mock_stop(&slow);
    memset(&slow, 0, sizeof(slow));
    static const char *const args[] = { "--orgs", "3", "--connections", "2",
                                        "--self-connections", "2", "--fault",
                                        "list_connections:status=429,times=1", NULL };
    ck_assert_msg(mock_start(&slow, args) == 0, "ddorgs-mock did not start");
    n_cfgs = 0;
    add_cfg("limited", slow.url, MOCK_API_KEY, MOCK_APP_KEY);
    add_cfg("parent", fast.url, MOCK_API_KEY, MOCK_APP_KEY);
    dd_account_opts o = opts();
    o.max_rate_wait_s = 2; /* the mock's window says 60 s */
    dd_account *a = load(&o, DD_OK);
    ck_assert_int_eq(a->profiles[0].status, DD_OK);
    ck_assert_int_eq(a->profiles[1].status, DD_OK);
    ck_assert_uint_eq(a->profiles[0].conns.n, 2);
    size_t waits = 0;
    for (size_t i = 0; i < n_events; i++)
        if (events[i].kind == DD_ACCOUNT_WAITING) {
            ck_assert_uint_eq(events[i].profile, 0);
            ck_assert_int_eq(events[i].cause, DD_WAIT_RATE_LIMITED);
            ck_assert_int_eq(events[i].wait_ms, 2000);
            waits++;
        }
    ck_assert_uint_eq(waits, 1);
    ck_assert_uint_lt(index_of_done(1), index_of_done(0));
    ck_assert_double_lt(a->profiles[1].done_ms, 2000);
    ck_assert_double_ge(a->profiles[0].load_ms, 2000);
    dd_account_free(a);
}
END_TEST

/* GET /api/v2/org failing on the server's side (a 500) says nothing about
 * the listing: the profile's connections are listed and count, its self
 * org inferred from them, and what failed is said. A 401 there still fails
 * the profile (the first test). */
START_TEST(a_failed_org_call_does_not_lose_the_connections)
{
    mock_stop(&slow);
    memset(&slow, 0, sizeof(slow));
    static const char *const args[] = { "--orgs", "3", "--connections", "2",
                                        "--self-connections", "2", "--fault",
                                        "list_orgs:status=500", NULL };
    ck_assert_msg(mock_start(&slow, args) == 0, "ddorgs-mock did not start");
    n_cfgs = 0;
    add_cfg("orgs500", slow.url, MOCK_API_KEY, MOCK_APP_KEY);
    add_cfg("parent", fast.url, MOCK_API_KEY, MOCK_APP_KEY);
    dd_account_opts o = opts();
    dd_account *a = load(&o, DD_OK);
    const dd_account_profile *p = &a->profiles[0];
    ck_assert_int_eq(p->status, DD_OK);
    ck_assert_int_eq(p->orgs_access, DD_ORGS_CALL_FAILED);
    ck_assert_int_eq(p->orgs_error.http_status, 500);
    ck_assert_uint_eq(p->conns.n, 2);
    ck_assert(dd_account_profile_counts(p));
    ck_assert_int_eq(p->self_from, DD_SELF_INFERRED);
    char line[800];
    dd_account_profile_describe(p, line, sizeof(line));
    ck_assert_msg(strstr(line, "profile 'orgs500': GET /api/v2/org: HTTP 500") == line, "%s", line);
    ck_assert_msg(strstr(line, "its connections were listed"), "%s", line);
    dd_account_free(a);
}
END_TEST

/* An account of n orgs, each with its own keys, connections in a ring:
 * org i shares with org i+1. */
static char *ring_fixture(int n)
{
    size_t cap = 4096 + (size_t)n * 600;
    char *s = malloc(cap);
    ck_assert_ptr_nonnull(s);
    size_t o = (size_t)snprintf(s, cap, "{\"self_org_id\":\"%08d-0000-4000-8000-000000000000\","
                                        "\"self_user\":{\"id\":\"u-0\",\"name\":\"Ops\"},"
                                        "\"orgs\":[", 0);
    for (int i = 0; i < n; i++)
        o += (size_t)snprintf(s + o, cap - o,
                              "%s{\"id\":\"%08d-0000-4000-8000-000000000000\",\"name\":\"Org %d\","
                              "\"created_at\":\"2025-01-01T00:00:00Z\",\"disabled\":false,"
                              "\"api_key\":\"ring-api-k%dq7Vz3Lm9\","
                              "\"app_key\":\"ring-app-k%dw2Xc8Np4\"}",
                              i ? "," : "", i, i, i, i);
    o += (size_t)snprintf(s + o, cap - o, "],\"connections\":[");
    for (int i = 0; i < n; i++)
        o += (size_t)snprintf(s + o, cap - o,
                              "%s{\"id\":\"%08d-0000-4000-8000-00000000c0c0\","
                              "\"source_org_id\":\"%08d-0000-4000-8000-000000000000\","
                              "\"sink_org_id\":\"%08d-0000-4000-8000-000000000000\","
                              "\"connection_types\":[\"logs\"],"
                              "\"created_at\":\"2025-01-01T00:00:00Z\"}",
                              i ? "," : "", i, i, (i + 1) % n);
    snprintf(s + o, cap - o, "]}");
    return s;
}

static char ring_keys[8][2][32];

static void ring_profiles(mock_proc *m, int n)
{
    n_cfgs = 0;
    for (int i = 0; i < n; i++) {
        char name[16];
        snprintf(name, sizeof(name), "org%d", i);
        snprintf(ring_keys[i][0], sizeof(ring_keys[i][0]), "ring-api-k%dq7Vz3Lm9", i);
        snprintf(ring_keys[i][1], sizeof(ring_keys[i][1]), "ring-app-k%dw2Xc8Np4", i);
        add_cfg(name, m->url, ring_keys[i][0], ring_keys[i][1]);
    }
}

START_TEST(profiles_load_in_about_one_profiles_time_within_the_bound)
{
    /* 400 ms a request, two requests a profile: 6.4 s one after another. */
    mock_stop(&slow);
    memset(&slow, 0, sizeof(slow));
    static const char *const args[] = { "--fault", "*:latency_ms=400", NULL };
    ck_assert_msg(mock_start(&slow, args) == 0, "ddorgs-mock did not start");
    char *fx = ring_fixture(8);
    ck_assert_int_eq(mock_load_state(&slow, fx), 0);
    free(fx);
    ring_profiles(&slow, 8);

    dd_account_opts o = opts();
    double t0 = now_ms();
    dd_account *a = load(&o, DD_OK);
    double all = now_ms() - t0;
    double slowest = 0;
    for (size_t i = 0; i < a->n_profiles; i++) {
        ck_assert_msg(a->profiles[i].status == DD_OK, "%s", a->profiles[i].error.text);
        ck_assert_uint_eq(a->profiles[i].conns.n, 2);
        ck_assert_double_ge(a->profiles[i].load_ms, 800);
        if (a->profiles[i].load_ms > slowest)
            slowest = a->profiles[i].load_ms;
    }
    /* Every profile in flight at once; the mock sleeps per request. */
    ck_assert_int_eq(max_in_flight, 8);
    ck_assert_msg(all < 2 * slowest, "8 profiles took %.0f ms, the slowest %.0f ms", all,
                  slowest);
    /* 800 ms of latency each: a mock that slept for one request at a time
     * would make each wait for the others' (6.4 s in all). */
    ck_assert_msg(slowest < 3 * 800, "the slowest profile took %.0f ms", slowest);
    ck_assert_uint_eq(a->conns.n, 8);
    for (size_t i = 0; i < a->conns.n; i++)
        ck_assert_uint_eq(dd_profile_set_count(a->seen_by[i]), 2);
    dd_account_free(a);

    /* Two threads: never more than two profiles in flight. */
    o.max_parallel = 2;
    t0 = now_ms();
    a = load(&o, DD_OK);
    all = now_ms() - t0;
    ck_assert_int_eq(max_in_flight, 2);
    ck_assert_msg(all >= 4 * 800, "8 profiles on 2 threads took only %.0f ms", all);
    dd_account_free(a);
}
END_TEST

START_TEST(strings_are_kept_as_the_caller_asks)
{
    static const char fx[] =
        "{\"self_org_id\":\"" P_ID "\",\"self_user\":{\"id\":\"u-1\",\"name\":\"Pat\"},"
        "\"orgs\":[" ORG(P_ID, "Par\\u001b[2Jent", "") "," ORG(A_ID, "Alpha", "") "],"
        "\"connections\":[" CONN(C1, A_ID, P_ID) "]}";
    ck_assert_int_eq(mock_load_state(&fast, fx), 0);
    n_cfgs = 0;
    add_cfg("parent", fast.url, MOCK_API_KEY, MOCK_APP_KEY);
    dd_account_opts o = opts();
    o.text = DD_TEXT_EXACT;
    dd_account *a = load(&o, DD_OK);
    ck_assert_str_eq(dd_account_find_org(a, P_ID)->name, "Par\x1b[2Jent");
    ck_assert_str_eq(a->conns.items[0].sink.name, "Par\x1b[2Jent");
    dd_account_free(a);
    /* The default, for the screen: no escape reaches it. */
    o.text = DD_TEXT_SCREEN;
    a = load(&o, DD_OK);
    ck_assert_ptr_null(strchr(dd_account_find_org(a, P_ID)->name, '\x1b'));
    ck_assert_ptr_null(strchr(a->conns.items[0].sink.name, '\x1b'));
    dd_account_free(a);
}
END_TEST

typedef struct canceller {
    dd_account_loader *l;
    long after_ms;
    double at;
} canceller;

static void *cancel_later(void *arg)
{
    canceller *c = arg;
    struct timespec ts = { c->after_ms / 1000, (c->after_ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
    c->at = now_ms();
    dd_account_loader_cancel(c->l);
    return NULL;
}

/* Runs the loader and cancels it from another thread after after_ms;
 * returns how long run took to return after the cancel. */
static double run_cancelled(dd_account_opts *o, long after_ms, dd_account **out)
{
    dd_error err;
    dd_error_init(&err);
    reset_events();
    canceller c = { .after_ms = after_ms };
    c.l = dd_account_loader_new(o, &err);
    ck_assert_msg(c.l != NULL, "%s", err.text);
    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, cancel_later, &c), 0);
    ck_assert_int_eq(dd_account_loader_run(c.l, out, &err), DD_E_CANCELLED);
    double back = now_ms();
    pthread_join(t, NULL);
    ck_assert_str_eq(err.text, "loading the profiles was cancelled");
    dd_account_loader_free(c.l);
    ck_assert_ptr_nonnull(*out);
    return back - c.at;
}

START_TEST(a_cancel_returns_promptly)
{
    n_cfgs = 0;
    add_cfg("parent", fast.url, MOCK_API_KEY, MOCK_APP_KEY);
    add_cfg("dead", dead_url, MOCK_API_KEY, MOCK_APP_KEY);   /* waiting to retry */
    add_cfg("slow", slow.url, MOCK_API_KEY, MOCK_APP_KEY);   /* a request in flight */
    dd_account_opts o = opts();
    dd_account *a = NULL;
    double took = run_cancelled(&o, 1000, &a);
    ck_assert_msg(took < 500, "run returned %.0f ms after the cancel", took);
    ck_assert_int_eq(a->profiles[0].status, DD_OK);
    ck_assert_int_eq(a->profiles[1].status, DD_E_CANCELLED);
    ck_assert_int_eq(a->profiles[2].status, DD_E_CANCELLED);
    ck_assert_uint_eq(a->profiles[2].conns.n, 0);
    /* The parent's rows stay; every profile was reported done once. */
    ck_assert_uint_eq(a->conns.n, 3);
    for (size_t i = 0; i < 3; i++)
        done_event(i);
    dd_account_free(a);
}
END_TEST

START_TEST(a_cancel_stops_profiles_not_yet_started)
{
    n_cfgs = 0;
    for (int i = 0; i < 4; i++) {
        char name[16];
        snprintf(name, sizeof(name), "slow%d", i);
        add_cfg(name, slow.url, MOCK_API_KEY, MOCK_APP_KEY);
    }
    dd_account_opts o = opts();
    o.max_parallel = 1;
    dd_account *a = NULL;
    double took = run_cancelled(&o, 500, &a);
    ck_assert_msg(took < 500, "run returned %.0f ms after the cancel", took);
    for (size_t i = 0; i < 4; i++) {
        ck_assert_int_eq(a->profiles[i].status, DD_E_CANCELLED);
        done_event(i);
    }
    /* Only the first ever sent anything. */
    ck_assert(!a->profiles[0].error.not_sent);
    for (size_t i = 1; i < 4; i++) {
        ck_assert(a->profiles[i].error.not_sent);
        ck_assert_str_eq(a->profiles[i].error.text, "cancelled before the profile was loaded");
    }
    dd_account_free(a);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("account_mock");
    TCase *tc = tcase_create("load");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, failing_and_slow_profiles_do_not_hold_up_the_others);
    tcase_add_test(tc, a_rate_limited_profile_waits_alone);
    tcase_add_test(tc, a_failed_org_call_does_not_lose_the_connections);
    tcase_add_test(tc, profiles_load_in_about_one_profiles_time_within_the_bound);
    tcase_add_test(tc, strings_are_kept_as_the_caller_asks);
    tcase_add_test(tc, a_cancel_returns_promptly);
    tcase_add_test(tc, a_cancel_stops_profiles_not_yet_started);
    suite_add_tcase(s, tc);
    return dd_run_suite_http(s);
}
