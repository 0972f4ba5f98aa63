/* The API client against ddorgs-mock over loopback: every call, the
 * documented errors, paging, retries, rate limits, faults, cancellation,
 * read-only mode, dry runs and the audit log. */
#include <check.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "api_json.h"
#include "audit.h"
#include "client.h"
#include "client_test.h"
#include "config.h"
#include "http.h"
#include "leak_check.h"
#include "mock/harness.h"
#include "raw_server.h"
#include "suite_main.h"

#define CONN_PATH "/api/v2/org_connections"
#define SF_PATH "/api/v2/integration/salesforce-incidents/organizations"
#define NO_SUCH_UUID "00000000-0000-4000-8000-000000000000"

static mock_proc mock;
static char tmpdir[256];

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void start_mock(const char *const *args)
{
    memset(&mock, 0, sizeof(mock));
    ck_assert_msg(mock_start(&mock, args) == 0, "ddorgs-mock did not start");
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/ddorgs-client-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void setup(void)
{
    start_mock(NULL);
}

static void setup_big(void)
{
    /* The keys' org takes part in all 10,000: the list holds only its own
     * connections, and one org can have two with each other org. */
    static const char *const args[] = { "--connections", "10000", "--orgs", "5001",
                                        "--self-connections", "10000", NULL };
    start_mock(args);
}

static void setup_limited(void)
{
    static const char *const args[] = { "--rate-limit", "2/2", NULL };
    start_mock(args);
}

static void teardown(void)
{
    mock_stop(&mock);
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
}

static dd_client_opts base_opts(void)
{
    dd_client_opts o;
    memset(&o, 0, sizeof(o));
    o.base_url = mock.url;
    o.api_key = MOCK_API_KEY;
    o.app_key = MOCK_APP_KEY;
    o.site = "mock";
    o.profile = "test";
    o.max_rate_wait_s = 10;
    o.http.connect_timeout_s = 5;
    o.http.timeout_s = 20;
    o.http.allow_http = true;
    return o;
}

static dd_client *new_client(void)
{
    dd_client_opts o = base_opts();
    return test_client_new(&o);
}

static void add_fault(const char *json)
{
    ck_assert_msg(mock_add_fault(&mock, json) == 0, "fault refused: %s", json);
}

static int count(const char *method, const char *prefix)
{
    int n = mock_count_requests(&mock, method, prefix);
    ck_assert_int_ge(n, 0);
    return n;
}

/* The mock's world, for picking ids. */
static char self_org[64];

static cJSON *world(void)
{
    cJSON *s = mock_state(&mock);
    ck_assert_ptr_nonnull(s);
    const char *self = cJSON_GetStringValue(cJSON_GetObjectItem(s, "self_org_id"));
    ck_assert_ptr_nonnull(self);
    snprintf(self_org, sizeof(self_org), "%s", self);
    return s;
}

/* An org the authenticated org has no connection to yet. */
static void free_sink(char *buf, size_t n)
{
    cJSON *s = world();
    const cJSON *org;
    cJSON_ArrayForEach(org, cJSON_GetObjectItem(s, "orgs")) {
        const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(org, "id"));
        if (strcmp(id, self_org) == 0)
            continue;
        bool taken = false;
        const cJSON *c;
        cJSON_ArrayForEach(c, cJSON_GetObjectItem(s, "connections")) {
            const char *src = cJSON_GetStringValue(cJSON_GetObjectItem(c, "source_org_id"));
            const char *snk = cJSON_GetStringValue(cJSON_GetObjectItem(c, "sink_org_id"));
            if (strcmp(src, self_org) == 0 && strcmp(snk, id) == 0)
                taken = true;
        }
        if (!taken) {
            snprintf(buf, n, "%s", id);
            cJSON_Delete(s);
            return;
        }
    }
    cJSON_Delete(s);
    ck_abort_msg("no free sink org in the mock");
}

/* The id of the first connection the keys' org takes part in (the only
 * ones it may change). */
static void some_connection(char *buf, size_t n)
{
    cJSON *s = world();
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(s, "connections")) {
        const char *src = cJSON_GetStringValue(cJSON_GetObjectItem(c, "source_org_id"));
        const char *snk = cJSON_GetStringValue(cJSON_GetObjectItem(c, "sink_org_id"));
        if (strcmp(src, self_org) == 0 || strcmp(snk, self_org) == 0) {
            snprintf(buf, n, "%s", cJSON_GetStringValue(cJSON_GetObjectItem(c, "id")));
            cJSON_Delete(s);
            return;
        }
    }
    cJSON_Delete(s);
    ck_abort_msg("the keys' org takes part in no connection");
}

static void assert_message_has(const dd_error *err, const char *needle)
{
    char text[1024];
    dd_error_describe(err, text, sizeof(text));
    ck_assert_msg(strstr(text, needle) != NULL, "'%s' not in '%s'", needle, text);
}

static void assert_no_keys(const char *text)
{
    ck_assert_msg(strstr(text, MOCK_API_KEY) == NULL, "API key leaked: %s", text);
    ck_assert_msg(strstr(text, MOCK_APP_KEY) == NULL, "app key leaked: %s", text);
}

/* The headers of the last request with this method, as the mock saw them. */
static void assert_sent_headers(const char *method, bool with_body)
{
    cJSON *reqs = mock_requests(&mock);
    ck_assert_ptr_nonnull(reqs);
    const cJSON *last = NULL, *r;
    cJSON_ArrayForEach(r, reqs)
        if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(r, "method")), method) == 0)
            last = r;
    ck_assert_ptr_nonnull(last);
    const cJSON *h = cJSON_GetObjectItem(last, "headers");
    const char *ua = cJSON_GetStringValue(cJSON_GetObjectItem(h, "User-Agent"));
    ck_assert_ptr_nonnull(ua);
    ck_assert_str_eq(ua, dd_http_user_agent());
    const char *accept = cJSON_GetStringValue(cJSON_GetObjectItem(h, "Accept"));
    ck_assert_ptr_nonnull(accept);
    ck_assert_str_eq(accept, "application/json");
    const char *enc = cJSON_GetStringValue(cJSON_GetObjectItem(h, "Accept-Encoding"));
    ck_assert_ptr_nonnull(enc);
    ck_assert_ptr_nonnull(strstr(enc, "gzip"));
    ck_assert_ptr_nonnull(cJSON_GetObjectItem(h, "DD-API-KEY"));
    ck_assert_ptr_nonnull(cJSON_GetObjectItem(h, "DD-APPLICATION-KEY"));
    const char *ct = cJSON_GetStringValue(cJSON_GetObjectItem(h, "Content-Type"));
    if (with_body) {
        ck_assert_ptr_nonnull(ct);
        ck_assert_str_eq(ct, "application/json");
    } else {
        ck_assert_ptr_null(ct);
    }
    ck_assert_ptr_null(cJSON_GetObjectItem(h, "Expect"));
    cJSON_Delete(reqs);
}

/* ---- Success paths ------------------------------------------------------- */

START_TEST(list_one_page_and_filter)
{
    dd_client *c = new_client();
    dd_error err;
    dd_error_init(&err);
    dd_conn_list l;
    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    dd_conn_query q = { .limit = 5, .offset = 0 };
    ck_assert_int_eq(dd_list_connections(c, &q, &l, &err), DD_OK);
    ck_assert_uint_eq(l.n, 5);
    ck_assert_int_gt(l.total_count, 5);
    const char *sink = l.items[0].sink.id;
    ck_assert_ptr_nonnull(sink);
    char sink_id[64];
    snprintf(sink_id, sizeof(sink_id), "%s", sink);
    dd_conn_list_free(&l);

    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    dd_conn_query fq = { .sink_org_id = sink_id, .limit = -1, .offset = -1 };
    ck_assert_int_eq(dd_list_connections(c, &fq, &l, &err), DD_OK);
    ck_assert_uint_ge(l.n, 1);
    for (size_t i = 0; i < l.n; i++)
        ck_assert_str_eq(l.items[i].sink.id, sink_id);
    ck_assert_int_eq((int64_t)l.n, l.total_filtered_count);
    dd_conn_list_free(&l);
    /* The rate-limit headers of the answer are kept. */
    dd_ratelimit rl = dd_client_last_ratelimit(c);
    ck_assert(rl.present);
    dd_client_free(c);
}
END_TEST

START_TEST(create_update_delete_connection)
{
    char sink[64];
    free_sink(sink, sizeof(sink));
    dd_client *c = new_client();
    dd_error err;
    dd_error_init(&err);
    dd_conn_list l;
    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    const char *types[] = { "logs" };
    ck_assert_int_eq(dd_create_connection(c, sink, types, 1, &l, &err), DD_OK);
    ck_assert_uint_eq(l.n, 1);
    ck_assert_str_eq(l.items[0].sink.id, sink);
    ck_assert_str_eq(l.items[0].source.id, self_org);
    ck_assert_uint_eq(l.items[0].n_types, 1);
    ck_assert_str_eq(l.items[0].types[0], "logs");
    ck_assert(dd_is_uuid(l.items[0].id));
    assert_sent_headers("POST", true);
    char id[64];
    snprintf(id, sizeof(id), "%s", l.items[0].id);

    const char *more[] = { "metrics", "audit" };
    ck_assert_int_eq(dd_update_connection(c, id, more, 2, &l, &err), DD_OK);
    ck_assert_uint_eq(l.n, 2);
    ck_assert_str_eq(l.items[1].id, id);
    ck_assert_uint_eq(l.items[1].n_types, 2);
    ck_assert(dd_conn_has_type(&l.items[1], "metrics"));
    ck_assert(dd_conn_has_type(&l.items[1], "audit"));

    assert_sent_headers("PATCH", true);

    ck_assert_int_eq(dd_delete_connection(c, id, &err), DD_OK);
    assert_sent_headers("DELETE", false);
    ck_assert_int_eq(dd_delete_connection(c, id, &err), DD_E_HTTP);
    ck_assert_int_eq(err.http_status, 404);
    dd_error_clear(&err);
    dd_conn_list_free(&l);
    dd_client_free(c);
}
END_TEST

/* The account's orgs as the keys' org sees them: every org of the mock,
 * the current one apart, with their attributes. */
START_TEST(managed_orgs_of_the_account)
{
    cJSON *s = world();
    const cJSON *orgs = cJSON_GetObjectItem(s, "orgs");
    dd_client *c = new_client();
    dd_error err;
    dd_error_init(&err);
    dd_managed_orgs m;
    ck_assert_int_eq(dd_managed_orgs_init(&m), 0);
    ck_assert_int_eq(dd_list_managed_orgs(c, NULL, &m, &err), DD_OK);
    ck_assert_str_eq(m.current.id, self_org);
    ck_assert_uint_eq(m.n + 1, (size_t)cJSON_GetArraySize(orgs));
    size_t disabled = 0;
    const cJSON *o;
    cJSON_ArrayForEach(o, orgs) {
        const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(o, "id"));
        const dd_org *got = dd_managed_orgs_get(&m, id);
        ck_assert_msg(got != NULL, "org %s missing", id);
        ck_assert_str_eq(got->name, cJSON_GetStringValue(cJSON_GetObjectItem(o, "name")));
        ck_assert_str_eq(got->public_id,
                         cJSON_GetStringValue(cJSON_GetObjectItem(o, "public_id")));
        ck_assert_str_eq(got->created_at_text,
                         cJSON_GetStringValue(cJSON_GetObjectItem(o, "created_at")));
        ck_assert(got->disabled == cJSON_IsTrue(cJSON_GetObjectItem(o, "disabled")));
        const cJSON *d = cJSON_GetObjectItem(o, "description");
        if (d)
            ck_assert_str_eq(got->description, cJSON_GetStringValue(d));
        else
            ck_assert_ptr_null(got->description);
        disabled += got->disabled;
    }
    ck_assert_uint_ge(disabled, 1); /* the seeded account has some */
    ck_assert_int_eq(count("GET", "/api/v2/org"), 1);
    dd_ratelimit rl = dd_client_last_ratelimit(c);
    ck_assert(rl.present);
    ck_assert_str_eq(rl.name, "orgs");

    /* filter[name], escaped on the way: the mock receives it whole. */
    const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(orgs, 3),
                                                                "name"));
    ck_assert_int_eq(dd_list_managed_orgs(c, name, &m, &err), DD_OK);
    ck_assert_uint_ge(m.n, 1);
    for (size_t i = 0; i < m.n; i++)
        ck_assert_ptr_nonnull(strstr(m.items[i].name, name));
    ck_assert_int_eq(dd_list_managed_orgs(c, "no such & org?", &m, &err), DD_OK);
    ck_assert_uint_eq(m.n, 0);
    ck_assert_str_eq(m.current.id, self_org);
    cJSON *reqs = mock_requests(&mock);
    const cJSON *last = cJSON_GetArrayItem(reqs, cJSON_GetArraySize(reqs) - 1);
    ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(last, "query"),
                                                              "filter[name]")),
                     "no such & org?");
    cJSON_Delete(reqs);
    dd_managed_orgs_free(&m);
    dd_client_free(c);
    cJSON_Delete(s);
}
END_TEST

/* Another org's keys see the account from there; keys without the
 * permission get 403 and the earlier answer stays; bad keys get 401. */
START_TEST(managed_orgs_per_keys)
{
    char *text = NULL;
    ck_assert_int_eq(mock_http(&mock, "GET", "/_mock/keys", NULL, &text), 200);
    cJSON *keys = cJSON_Parse(text);
    free(text);
    cJSON *s = world();
    char allowed_id[64] = "", api[128] = "", app[128] = "", d_api[128] = "", d_app[128] = "";
    const cJSON *k;
    cJSON_ArrayForEach(k, cJSON_GetObjectItem(keys, "orgs")) {
        const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(k, "id"));
        const cJSON *o;
        cJSON_ArrayForEach(o, cJSON_GetObjectItem(s, "orgs")) {
            if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(o, "id")), id) != 0 ||
                strcmp(id, self_org) == 0 || cJSON_IsTrue(cJSON_GetObjectItem(o, "disabled")))
                continue;
            bool denied = cJSON_IsFalse(cJSON_GetObjectItem(o, "list_orgs_permission"));
            char *a = denied ? d_api : api, *b = denied ? d_app : app;
            if (!*a) {
                snprintf(a, 128, "%s", cJSON_GetStringValue(cJSON_GetObjectItem(k, "api_key")));
                snprintf(b, 128, "%s", cJSON_GetStringValue(cJSON_GetObjectItem(k, "app_key")));
                if (!denied)
                    snprintf(allowed_id, sizeof(allowed_id), "%s", id);
            }
        }
    }
    ck_assert_msg(api[0] && d_api[0], "the seeded account lacks an org of each kind");
    dd_error err;
    dd_error_init(&err);
    dd_managed_orgs m;
    ck_assert_int_eq(dd_managed_orgs_init(&m), 0);
    dd_client_opts o = base_opts();
    o.api_key = api;
    o.app_key = app;
    dd_client *c = test_client_new(&o);
    ck_assert_int_eq(dd_list_managed_orgs(c, NULL, &m, &err), DD_OK);
    ck_assert_str_eq(m.current.id, allowed_id);
    ck_assert_ptr_nonnull(dd_managed_orgs_get(&m, self_org));
    dd_client_free(c);

    o.api_key = d_api;
    o.app_key = d_app;
    c = test_client_new(&o);
    ck_assert_int_eq(dd_list_managed_orgs(c, NULL, &m, &err), DD_E_HTTP);
    ck_assert_int_eq(err.http_status, 403);
    assert_message_has(&err, "HTTP 403 Forbidden");
    assert_no_keys(err.text);
    dd_error_clear(&err);
    ck_assert_str_eq(m.current.id, allowed_id); /* unchanged */
    dd_client_free(c);

    o.api_key = d_api;
    o.app_key = app; /* halves of two orgs' pairs */
    c = test_client_new(&o);
    ck_assert_int_eq(dd_list_managed_orgs(c, NULL, &m, &err), DD_E_HTTP);
    ck_assert_int_eq(err.http_status, 401);
    dd_error_clear(&err);
    dd_client_free(c);
    dd_managed_orgs_free(&m);
    cJSON_Delete(s);
    cJSON_Delete(keys);
}
END_TEST

/* A damaged answer is a protocol error, and nothing half-read is kept. */
START_TEST(managed_orgs_damaged_answer)
{
    cJSON_Delete(world());
    dd_client *c = new_client();
    dd_error err;
    dd_error_init(&err);
    dd_managed_orgs m;
    ck_assert_int_eq(dd_managed_orgs_init(&m), 0);
    add_fault("{\"route\":\"list_orgs\",\"kind\":\"wrong_types\",\"times\":1}");
    ck_assert_int_eq(dd_list_managed_orgs(c, NULL, &m, &err), DD_E_PROTOCOL);
    ck_assert_ptr_nonnull(strstr(err.text, "malformed response"));
    ck_assert_ptr_null(m.current.id);
    ck_assert_uint_eq(m.n, 0);
    dd_error_clear(&err);
    ck_assert_int_eq(dd_list_managed_orgs(c, NULL, &m, &err), DD_OK);
    ck_assert_str_eq(m.current.id, self_org);
    dd_managed_orgs_free(&m);
    dd_client_free(c);
}
END_TEST

START_TEST(salesforce_list_and_delete)
{
    cJSON *s = world();
    int n_sf = cJSON_GetArraySize(cJSON_GetObjectItem(s, "salesforce_orgs"));
    cJSON_Delete(s);
    ck_assert_int_gt(n_sf, 0);
    dd_client *c = new_client();
    dd_error err;
    dd_error_init(&err);
    dd_sf_list l;
    ck_assert_int_eq(dd_sf_list_init(&l), 0);
    ck_assert_int_eq(dd_list_salesforce(c, &l, &err), DD_OK);
    ck_assert_uint_eq(l.n, (size_t)n_sf);
    char id[128];
    snprintf(id, sizeof(id), "%s", l.items[0].id);
    dd_sf_list_free(&l);

    ck_assert_int_eq(dd_delete_salesforce(c, id, &err), DD_OK);
    ck_assert_int_eq(dd_sf_list_init(&l), 0);
    ck_assert_int_eq(dd_list_salesforce(c, &l, &err), DD_OK);
    ck_assert_uint_eq(l.n, (size_t)n_sf - 1);
    ck_assert_int_eq(dd_sf_list_find(&l, id), -1);
    dd_sf_list_free(&l);

    ck_assert_int_eq(dd_delete_salesforce(c, id, &err), DD_E_HTTP);
    ck_assert_int_eq(err.http_status, 404);
    dd_error_clear(&err);
    /* Query and fragment characters in an id are escaped: the whole id
     * reaches the Salesforce route as its path parameter. */
    ck_assert_int_eq(dd_delete_salesforce(c, "a b?c=d#e&f", &err), DD_E_HTTP);
    ck_assert_int_eq(err.http_status, 404);
    assert_message_has(&err, "Salesforce organization a b?c=d#e&f not found");
    dd_error_clear(&err);
    /* So are "/" and "%": an id holding them is still one path segment. */
    ck_assert_int_eq(dd_delete_salesforce(c, "x/y%2F", &err), DD_E_HTTP);
    ck_assert_int_eq(err.http_status, 404);
    assert_message_has(&err, "Salesforce organization x/y%2F not found");
    dd_error_clear(&err);
    dd_client_free(c);
}
END_TEST

/* Makes the authenticated org eligible for disabling (young, flag on). */
static void disable_world(bool flag, bool already_disabled)
{
    cJSON *s = world();
    cJSON_ReplaceItemInObject(s, "disable_feature_flag", cJSON_CreateBool(flag));
    time_t t = time(NULL) - 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    char when[32];
    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S+00:00", &tm);
    cJSON *org;
    cJSON_ArrayForEach(org, cJSON_GetObjectItem(s, "orgs")) {
        if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(org, "id")), self_org) == 0) {
            cJSON_ReplaceItemInObject(org, "created_at", cJSON_CreateString(when));
            cJSON_ReplaceItemInObject(org, "disabled", cJSON_CreateBool(already_disabled));
        }
    }
    char *doc = cJSON_PrintUnformatted(s);
    ck_assert_int_eq(mock_load_state(&mock, doc), 0);
    free(doc);
    cJSON_Delete(s);
}

START_TEST(disable_org_success_then_conflict)
{
    disable_world(true, false);
    dd_client *c = new_client();
    dd_error err;
    dd_error_init(&err);
    dd_disable_result r = { 0 };
    ck_assert_int_eq(dd_disable_org(c, self_org, &r, &err), DD_OK);
    ck_assert_str_eq(r.org_id, self_org);
    ck_assert(strcmp(r.status, "pending_disable") == 0 || strcmp(r.status, "disabled") == 0);
    dd_disable_result_free(&r);

    memset(&r, 0, sizeof(r));
    ck_assert_int_eq(dd_disable_org(c, NULL, &r, &err), DD_E_HTTP);
    ck_assert_int_eq(err.http_status, 409);
    assert_message_has(&err, "already disabled");
    dd_error_clear(&err);
    dd_client_free(c);
}
END_TEST

/* ---- Documented errors --------------------------------------------------- */

START_TEST(create_errors)
{
    char sink[64];
    free_sink(sink, sizeof(sink));
    dd_client *c = new_client();
    dd_error err;
    dd_error_init(&err);
    dd_conn_list l;
    ck_assert_int_eq(dd_conn_list_init(&l), 0);

    /* Repeated types: the real service's answer to a create (a PATCH says
     * "Validation failed for input."). */
    const char *dup[] = { "logs", "logs" };
    ck_assert_int_eq(dd_create_connection(c, sink, dup, 2, &l, &err), DD_E_HTTP);
    ck_assert_int_eq(err.http_status, 400);
    char msg[200];
    snprintf(msg, sizeof(msg), "connection between orgs %s and %s is not allowed", self_org,
             sink);
    assert_message_has(&err, msg);
    dd_error_clear(&err);

    const char *unknown[] = { "traces" };
    ck_assert_int_eq(dd_create_connection(c, sink, unknown, 1, &l, &err), DD_E_HTTP);
    ck_assert_int_eq(err.http_status, 400);
    assert_message_has(&err, "traces");
    dd_error_clear(&err);

    const char *types[] = { "metrics" };
    ck_assert_int_eq(dd_create_connection(c, self_org, types, 1, &l, &err), DD_E_HTTP);
    ck_assert_int_eq(err.http_status, 400);
    assert_message_has(&err, "is not allowed");
    dd_error_clear(&err);

    ck_assert_int_eq(dd_create_connection(c, NO_SUCH_UUID, types, 1, &l, &err), DD_E_HTTP);
    ck_assert_int_eq(err.http_status, 404);
    dd_error_clear(&err);

    ck_assert_int_eq(dd_create_connection(c, sink, types, 1, &l, &err), DD_OK);
    ck_assert_int_eq(dd_create_connection(c, sink, types, 1, &l, &err), DD_E_HTTP);
    ck_assert_int_eq(err.http_status, 409);
    assert_message_has(&err, "already exists");
    dd_error_clear(&err);
    ck_assert_uint_eq(l.n, 1);

    /* Refused before sending: no types at all. */
    mock_clear_requests(&mock);
    ck_assert_int_eq(dd_create_connection(c, sink, types, 0, &l, &err), DD_E_USAGE);
    ck_assert_int_eq(count("POST", CONN_PATH), 0);
    dd_error_clear(&err);
    dd_conn_list_free(&l);
    dd_client_free(c);
}
END_TEST

START_TEST(update_and_delete_errors)
{
    dd_client *c = new_client();
    dd_error err;
    dd_error_init(&err);
    dd_conn_list l;
    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    const char *types[] = { "logs" };
    mock_clear_requests(&mock);

    /* Not a uuid: refused here, nothing on the wire. */
    ck_assert_int_eq(dd_update_connection(c, "xyz", types, 1, &l, &err), DD_E_USAGE);
    ck_assert_str_eq(err.text, "connection id must be a valid uuid: 'xyz'");
    dd_error_clear(&err);
    ck_assert_int_eq(dd_delete_connection(c, "../org/disable", &err), DD_E_USAGE);
    dd_error_clear(&err);
    ck_assert_int_eq(count("PATCH", CONN_PATH), 0);
    ck_assert_int_eq(count("DELETE", CONN_PATH), 0);

    ck_assert_int_eq(dd_update_connection(c, NO_SUCH_UUID, types, 1, &l, &err), DD_E_HTTP);
    ck_assert_int_eq(err.http_status, 404);
    assert_message_has(&err, "not found");
    dd_error_clear(&err);

    char id[64];
    some_connection(id, sizeof(id));
    const char *dup[] = { "metrics", "metrics" };
    ck_assert_int_eq(dd_update_connection(c, id, dup, 2, &l, &err), DD_E_HTTP);
    ck_assert_int_eq(err.http_status, 400);
    assert_message_has(&err, "Validation failed for input.");
    dd_error_clear(&err);
    ck_assert_uint_eq(l.n, 0);
    dd_conn_list_free(&l);
    dd_client_free(c);
}
END_TEST

START_TEST(disable_errors_in_jsonapi_form)
{
    dd_client *c = new_client();
    dd_error err;
    dd_error_init(&err);
    dd_disable_result r = { 0 };

    disable_world(false, false);
    ck_assert_int_eq(dd_disable_org(c, NULL, &r, &err), DD_E_HTTP);
    ck_assert_int_eq(err.http_status, 403);
    assert_message_has(&err, "org_disable_self_service_enabled");
    dd_error_clear(&err);

    disable_world(true, false);
    ck_assert_int_eq(dd_disable_org(c, NO_SUCH_UUID, &r, &err), DD_E_HTTP);
    ck_assert_int_eq(err.http_status, 400);
    assert_message_has(&err, "does not match");
    dd_error_clear(&err);

    disable_world(true, true);
    ck_assert_int_eq(dd_disable_org(c, self_org, &r, &err), DD_E_HTTP);
    ck_assert_int_eq(err.http_status, 409);
    dd_error_clear(&err);

    ck_assert_int_eq(dd_disable_org(c, "not-a-uuid", &r, &err), DD_E_USAGE);
    dd_error_clear(&err);
    dd_client_free(c);
}
END_TEST

START_TEST(bad_keys_give_401_without_echoing_them)
{
    dd_client_opts o = base_opts();
    o.api_key = "wrong-api-key-1234";
    dd_client *c = test_client_new(&o);
    dd_error err;
    dd_error_init(&err);
    dd_conn_list l;
    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    ck_assert_int_eq(dd_list_connections(c, NULL, &l, &err), DD_E_HTTP);
    ck_assert_int_eq(err.http_status, 401);
    char text[1024];
    dd_error_describe(&err, text, sizeof(text));
    ck_assert_ptr_null(strstr(text, "wrong-api-key-1234"));
    assert_no_keys(text);
    dd_error_clear(&err);
    dd_conn_list_free(&l);
    dd_client_free(c);
}
END_TEST

/* ---- Paging -------------------------------------------------------------- */

struct progress {
    int calls;
    size_t last_so_far;
    int64_t total;
    size_t rows_seen;
    bool monotonic;
};

static int on_page(dd_conn_list *page, size_t so_far, int64_t total, void *ud)
{
    struct progress *p = ud;
    p->calls++;
    if (so_far <= p->last_so_far)
        p->monotonic = false;
    p->last_so_far = so_far;
    p->total = total;
    p->rows_seen += page->n;
    for (size_t i = 0; i < page->n; i++)
        if (!page->items[i].id)
            p->monotonic = false;
    return 0;
}

static int stop_after_two(dd_conn_list *page, size_t so_far, int64_t total, void *ud)
{
    int *calls = ud;
    return ++*calls == 2;
}

START_TEST(pages_ten_thousand_connections)
{
    dd_client *c = new_client();
    dd_error err;
    dd_error_init(&err);
    dd_conn_list l;
    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    struct progress p = { .monotonic = true };
    double t0 = now_s();
    ck_assert_int_eq(dd_list_all_connections(c, NULL, &l, on_page, &p, &err), DD_OK);
    double elapsed = now_s() - t0;
    fprintf(stderr, "paged %zu connections in %.3f s\n", l.n, elapsed);
    ck_assert_uint_eq(l.n, 10000);
    ck_assert_int_eq(p.calls, 10);
    ck_assert_uint_eq(p.last_so_far, 10000);
    ck_assert_uint_eq(p.rows_seen, 10000);
    ck_assert_int_eq(p.total, 10000);
    ck_assert(p.monotonic);
    ck_assert_int_eq(count("GET", CONN_PATH), 10);
    /* No row twice: pages neither overlap nor skip. */
    cJSON *ids = cJSON_CreateObject();
    for (size_t i = 0; i < l.n; i++) {
        ck_assert_ptr_null(cJSON_GetObjectItemCaseSensitive(ids, l.items[i].id));
        cJSON_AddNullToObject(ids, l.items[i].id);
    }
    cJSON_Delete(ids);
    dd_conn_list_free(&l);

    /* A short last page ends the walk; a callback can stop it early. */
    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    dd_conn_query q = { .limit = 3000, .offset = -1 };
    mock_clear_requests(&mock);
    ck_assert_int_eq(dd_list_all_connections(c, &q, &l, NULL, NULL, &err), DD_OK);
    ck_assert_uint_eq(l.n, 10000);
    ck_assert_int_eq(count("GET", CONN_PATH), 4);
    dd_conn_list_free(&l);

    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    int calls = 0;
    ck_assert_int_eq(dd_list_all_connections(c, &q, &l, stop_after_two, &calls, &err), DD_OK);
    ck_assert_uint_eq(l.n, 6000);
    dd_conn_list_free(&l);

    /* A filtered walk ends at the filtered count: with pages that divide
     * it exactly, no empty page is asked for after the last full one, and
     * progress counts against the filtered total. The filter: what the
     * keys' org receives. */
    char sink[64];
    cJSON *w = world();
    cJSON_Delete(w);
    snprintf(sink, sizeof(sink), "%s", self_org);
    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    dd_conn_query fq = { .sink_org_id = sink, .limit = 1, .offset = 0 };
    ck_assert_int_eq(dd_list_connections(c, &fq, &l, &err), DD_OK);
    int64_t n_sink = l.total_filtered_count;
    dd_conn_list_free(&l);
    ck_assert_int_gt(n_sink, 1);
    fq.limit = (long)n_sink;
    mock_clear_requests(&mock);
    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    struct progress fp = { .monotonic = true };
    ck_assert_int_eq(dd_list_all_connections(c, &fq, &l, on_page, &fp, &err), DD_OK);
    ck_assert_int_eq((int64_t)l.n, n_sink);
    ck_assert_int_eq(fp.total, n_sink);
    ck_assert_int_eq(count("GET", CONN_PATH), 1);
    dd_conn_list_free(&l);
    dd_client_free(c);
}
END_TEST

/* ---- Pages smaller than asked ---------------------------------------------- */

static void setup_capped(void)
{
    static const char *const args[] = { "--connections", "1000", "--orgs", "600",
                                        "--self-connections", "1000", "--max-page-size", "150",
                                        NULL };
    start_mock(args);
}

/* The ids of the mock's connections, in server order (malloc'd array). */
static char **state_ids(size_t *n)
{
    cJSON *st = mock_state(&mock);
    const cJSON *conns = cJSON_GetObjectItem(st, "connections");
    *n = (size_t)cJSON_GetArraySize(conns);
    char **ids = calloc(*n, sizeof(*ids));
    for (size_t i = 0; i < *n; i++)
        ids[i] = strdup(cJSON_GetObjectItem(cJSON_GetArrayItem(conns, (int)i), "id")->valuestring);
    cJSON_Delete(st);
    return ids;
}

static void ids_free(char **ids, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(ids[i]);
    free(ids);
}

/* A streaming caller: takes each page's rows (the pager keeps none) and
 * checks them against the server's order. */
struct taker {
    char **want;
    size_t n_want, next;
    size_t pages, biggest;
    int64_t total;
    bool in_order;
};

static int take_page(dd_conn_list *page, size_t so_far, int64_t total, void *ud)
{
    struct taker *t = ud;
    t->pages++;
    t->total = total;
    if (page->n > t->biggest)
        t->biggest = page->n;
    for (size_t i = 0; i < page->n; i++) {
        if (t->next >= t->n_want || strcmp(page->items[i].id, t->want[t->next]) != 0)
            t->in_order = false;
        t->next++;
    }
    if (so_far != t->next)
        t->in_order = false;
    /* Take the rows: the pager frees the empty list left in their place. */
    dd_conn_list mine;
    ck_assert_int_eq(dd_conn_list_init(&mine), 0);
    dd_conn_list taken = *page;
    *page = mine;
    dd_conn_list_free(&taken);
    return 0;
}

/* Asked 1,000 a page, the server sends 150: the walk goes on from the rows
 * received, to the total, with or without a list to collect into. */
START_TEST(capped_pages_walked_to_the_end)
{
    dd_client *c = new_client();
    dd_error err;
    dd_error_init(&err);
    size_t n;
    char **ids = state_ids(&n);
    ck_assert_uint_eq(n, 1000);
    dd_conn_list l;
    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    mock_clear_requests(&mock);
    ck_assert_int_eq(dd_list_all_connections(c, NULL, &l, NULL, NULL, &err), DD_OK);
    ck_assert_uint_eq(l.n, 1000);
    for (size_t i = 0; i < n; i++)
        ck_assert_str_eq(l.items[i].id, ids[i]);
    ck_assert_int_eq(count("GET", CONN_PATH), 7);
    dd_conn_list_free(&l);

    mock_clear_requests(&mock);
    struct taker t = { .want = ids, .n_want = n, .in_order = true };
    ck_assert_int_eq(dd_list_all_connections(c, NULL, NULL, take_page, &t, &err), DD_OK);
    ck_assert(t.in_order);
    ck_assert_uint_eq(t.next, 1000);
    ck_assert_uint_eq(t.pages, 7);
    ck_assert_uint_eq(t.biggest, 150);
    ck_assert_int_eq(t.total, 1000);
    ck_assert_int_eq(count("GET", CONN_PATH), 7);

    /* --limit 500 --offset 100: rows 100 to 599, in as many pages as the
     * server needs, the last one asking only for what is missing. */
    mock_clear_requests(&mock);
    struct taker b = { .want = ids + 100, .n_want = 500, .in_order = true };
    dd_conn_query q = { .limit = 500, .offset = 100, .max_rows = 500 };
    ck_assert_int_eq(dd_list_all_connections(c, &q, NULL, take_page, &b, &err), DD_OK);
    ck_assert(b.in_order);
    ck_assert_uint_eq(b.next, 500);
    ck_assert_int_eq(count("GET", CONN_PATH), 4);
    cJSON *reqs = mock_requests(&mock);
    const cJSON *last = cJSON_GetArrayItem(reqs, 3);
    const cJSON *query = cJSON_GetObjectItem(last, "query");
    ck_assert_str_eq(cJSON_GetObjectItem(query, "limit")->valuestring, "50");
    ck_assert_str_eq(cJSON_GetObjectItem(query, "offset")->valuestring, "550");
    cJSON_Delete(reqs);
    ids_free(ids, n);
    dd_client_free(c);
}
END_TEST

/* A server that sends an empty page before its own total: every row that
 * came is handed over, and the walk says it ended short. */
START_TEST(empty_page_before_the_total_is_incomplete)
{
    dd_client *c = new_client();
    dd_error err;
    dd_error_init(&err);
    size_t n;
    char **ids = state_ids(&n);
    ck_assert_int_eq(mock_add_fault(&mock, "{\"route\":\"list_connections\",\"kind\":"
                                           "\"empty_page\",\"every\":3,\"times\":1}"), 0);
    mock_clear_requests(&mock);
    struct taker t = { .want = ids, .n_want = n, .in_order = true };
    ck_assert_int_eq(dd_list_all_connections(c, NULL, NULL, take_page, &t, &err),
                     DD_E_INCOMPLETE);
    ck_assert_str_eq(err.text, "got 300 of 1000 connections: the server sent an empty page "
                               "before its own total");
    ck_assert(t.in_order);
    ck_assert_uint_eq(t.next, 300);
    ck_assert_int_eq(count("GET", CONN_PATH), 3);
    dd_error_clear(&err);

    /* Into a list: the rows received are in it. */
    ck_assert_int_eq(mock_add_fault(&mock, "{\"route\":\"list_connections\",\"kind\":"
                                           "\"empty_page\",\"times\":1}"), 0);
    dd_conn_list l;
    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    dd_conn_query q = { .limit = 1000, .offset = 850 };
    ck_assert_int_eq(dd_list_all_connections(c, &q, &l, NULL, NULL, &err), DD_E_INCOMPLETE);
    ck_assert_str_eq(err.text, "got 0 of 150 connections: the server sent an empty page "
                               "before its own total");
    ck_assert_uint_eq(l.n, 0);
    dd_conn_list_free(&l);
    dd_error_clear(&err);
    ids_free(ids, n);
    dd_client_free(c);
}
END_TEST

/* ---- Pages larger than asked ---------------------------------------------- */

static void setup_oversized(void)
{
    static const char *const args[] = { "--connections", "100", "--orgs", "60",
                                        "--self-connections", "100", "--min-page-size", "30",
                                        "--max-page-size", "30", NULL };
    start_mock(args);
}

/* A server that pages by 30 whatever limit asks: max_rows is a hard bound.
 * No consumer, streaming or collecting, ever sees a row past it, and the
 * rows it sees are the first ones from the offset, in order. */
START_TEST(pages_larger_than_asked_are_cut_at_max_rows)
{
    dd_client *c = new_client();
    dd_error err;
    dd_error_init(&err);
    size_t n;
    char **ids = state_ids(&n);
    ck_assert_uint_eq(n, 100);
    static const long limits[] = { 1, 5, 30, 31, 61 };
    for (size_t k = 0; k < sizeof(limits) / sizeof(limits[0]); k++) {
        long lim = limits[k];
        struct taker t = { .want = ids + 2, .n_want = (size_t)lim, .in_order = true };
        dd_conn_query q = { .limit = lim, .offset = 2, .max_rows = lim };
        ck_assert_int_eq(dd_list_all_connections(c, &q, NULL, take_page, &t, &err), DD_OK);
        ck_assert_msg(t.next == (size_t)lim, "--limit %ld: %zu rows streamed", lim, t.next);
        ck_assert(t.in_order);

        dd_conn_list l;
        ck_assert_int_eq(dd_conn_list_init(&l), 0);
        struct progress p = { .monotonic = true };
        ck_assert_int_eq(dd_list_all_connections(c, &q, &l, on_page, &p, &err), DD_OK);
        ck_assert_msg(l.n == (size_t)lim, "--limit %ld: %zu rows collected", lim, l.n);
        ck_assert_uint_eq(p.rows_seen, (size_t)lim);
        ck_assert_uint_eq(p.last_so_far, (size_t)lim);
        for (size_t i = 0; i < l.n; i++)
            ck_assert_str_eq(l.items[i].id, ids[2 + i]);
        dd_conn_list_free(&l);
    }
    ids_free(ids, n);
    dd_client_free(c);
}
END_TEST

/* ---- Read-only, dry run, audit ------------------------------------------ */

START_TEST(read_only_sends_no_write)
{
    dd_client_opts o = base_opts();
    o.read_only = true;
    char log[300];
    snprintf(log, sizeof(log), "%s/audit.log", tmpdir);
    dd_error err;
    dd_error_init(&err);
    dd_audit *a = dd_audit_open(log, &err);
    ck_assert_ptr_nonnull(a);
    o.audit = a;
    dd_client *c = test_client_new(&o);
    ck_assert(dd_client_read_only(c));
    char id[64];
    some_connection(id, sizeof(id));
    mock_clear_requests(&mock);
    dd_conn_list l;
    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    const char *types[] = { "logs" };
    dd_disable_result r = { 0 };

    ck_assert_int_eq(dd_create_connection(c, self_org, types, 1, &l, &err), DD_E_READ_ONLY);
    ck_assert_str_eq(err.text, "read-only mode: connections.create not sent");
    ck_assert_int_eq(dd_update_connection(c, id, types, 1, &l, &err), DD_E_READ_ONLY);
    ck_assert_int_eq(dd_delete_connection(c, id, &err), DD_E_READ_ONLY);
    ck_assert_int_eq(dd_delete_salesforce(c, "sf-1", &err), DD_E_READ_ONLY);
    ck_assert_int_eq(dd_disable_org(c, NULL, &r, &err), DD_E_READ_ONLY);
    ck_assert_int_eq(count("POST", "/api/"), 0);
    ck_assert_int_eq(count("PATCH", "/api/"), 0);
    ck_assert_int_eq(count("DELETE", "/api/"), 0);
    /* Reads still work. */
    ck_assert_int_eq(dd_list_connections(c, NULL, &l, &err), DD_OK);
    ck_assert_uint_gt(l.n, 0);
    dd_conn_list_free(&l);
    dd_client_free(c);
    dd_audit_close(a);
    struct stat st;
    ck_assert_int_eq(stat(log, &st), 0);
    ck_assert_int_eq(st.st_size, 0);
}
END_TEST

START_TEST(dry_run_prints_redacted_request_and_sends_nothing)
{
    char *out = NULL;
    size_t out_len = 0;
    FILE *f = open_memstream(&out, &out_len);
    ck_assert_ptr_nonnull(f);
    dd_client_opts o = base_opts();
    o.dry_run = f;
    dd_client *c = test_client_new(&o);
    dd_error err;
    dd_error_init(&err);
    dd_conn_list l;
    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    const char *types[] = { "logs", "metrics" };
    mock_clear_requests(&mock);
    ck_assert_int_eq(dd_create_connection(c, "0879ce27-29a1-481f-a12e-bc2a48ec9ae1", types, 2,
                                          &l, &err), DD_OK);
    ck_assert_int_eq(dd_delete_connection(c, NO_SUCH_UUID, &err), DD_OK);
    fclose(f);
    ck_assert_uint_eq(l.n, 0);

    char want[300];
    snprintf(want, sizeof(want), "POST %s/api/v2/org_connections\n", mock.url);
    ck_assert_msg(strncmp(out, want, strlen(want)) == 0, "got: %s", out);
    ck_assert_ptr_nonnull(strstr(out, "DD-API-KEY: <redacted>\n"));
    ck_assert_ptr_nonnull(strstr(out, "DD-APPLICATION-KEY: <redacted>\n"));
    ck_assert_ptr_nonnull(strstr(out, "Content-Type: application/json\n"));
    ck_assert_ptr_nonnull(strstr(out, "\"connection_types\":[\"logs\",\"metrics\"]"));
    snprintf(want, sizeof(want), "DELETE %s/api/v2/org_connections/%s\n", mock.url, NO_SUCH_UUID);
    ck_assert_ptr_nonnull(strstr(out, want));
    assert_no_keys(out);
    ck_assert_int_eq(count("POST", "/api/"), 0);
    ck_assert_int_eq(count("DELETE", "/api/"), 0);
    free(out);
    dd_conn_list_free(&l);
    dd_client_free(c);
}
END_TEST

/* The whole (small) file, in a buffer reused by the next call. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    static char buf[16384];
    size_t got = fread(buf, 1, sizeof(buf) - 1, f);
    buf[got] = '\0';
    fclose(f);
    return buf;
}

START_TEST(audit_records_each_write)
{
    char log[300];
    snprintf(log, sizeof(log), "%s/state/audit.log", tmpdir);
    dd_error err;
    dd_error_init(&err);
    dd_audit *a = dd_audit_open(log, &err);
    ck_assert_ptr_nonnull(a);
    dd_client_opts o = base_opts();
    o.audit = a;
    dd_client *c = test_client_new(&o);
    char sink[64];
    free_sink(sink, sizeof(sink));
    dd_conn_list l;
    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    const char *types[] = { "audit" };
    ck_assert_int_eq(dd_create_connection(c, sink, types, 1, &l, &err), DD_OK);
    ck_assert_int_eq(dd_delete_connection(c, NO_SUCH_UUID, &err), DD_E_HTTP);
    dd_error_clear(&err);
    ck_assert_int_eq(dd_list_connections(c, NULL, &l, &err), DD_OK);
    dd_conn_list_free(&l);
    dd_client_free(c);
    dd_audit_close(a);

    dd_audit_entry *e = NULL;
    size_t n = 0;
    ck_assert_int_eq(dd_audit_read_recent(log, 10, &e, &n, &err), DD_OK);
    ck_assert_uint_eq(n, 4); /* reads are not audited */
    ck_assert_str_eq(e[0].phase, "intent");
    ck_assert_str_eq(e[0].op, "connections.create");
    char target[100];
    snprintf(target, sizeof(target), "sink_org=%s", sink);
    ck_assert_str_eq(e[0].target, target);
    ck_assert_str_eq(e[0].profile, "test");
    ck_assert_str_eq(e[0].site, "mock");
    ck_assert_str_eq(e[1].phase, "outcome");
    ck_assert_str_eq(e[1].result, "200");
    ck_assert_str_eq(e[2].op, "connections.delete");
    ck_assert_str_eq(e[3].phase, "outcome");
    ck_assert_msg(strncmp(e[3].result, "error: HTTP 404", 15) == 0, "%s", e[3].result);
    free(e);
    assert_no_keys(slurp(log));
}
END_TEST


/* A server or proxy that repeats the keys (in its message, in a redirect's
 * URL) must not get them onto the screen, the log or the audit record. */
START_TEST(echoed_keys_are_redacted)
{
    add_fault("{\"route\":\"update_connection\",\"status\":403,\"echo_keys\":1}");
    add_fault("{\"route\":\"delete_connection\",\"status\":302,\"echo_keys\":1,"
              "\"location\":\"https://login.example/sso?next=%2F\"}");
    char log[300];
    snprintf(log, sizeof(log), "%s/state/audit.log", tmpdir);
    dd_error err;
    dd_error_init(&err);
    dd_audit *a = dd_audit_open(log, &err);
    ck_assert_ptr_nonnull(a);
    dd_client_opts o = base_opts();
    o.audit = a;
    dd_client *c = test_client_new(&o);
    dd_conn_list l;
    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    const char *types[] = { "logs" };
    ck_assert_int_eq(dd_update_connection(c, NO_SUCH_UUID, types, 1, &l, &err), DD_E_HTTP);
    char text[2048];
    dd_error_describe(&err, text, sizeof(text));
    ck_assert_msg(strstr(text, "Invalid API key <redacted> for application key <redacted>"),
                  "%s", text);
    assert_no_keys(text);
    dd_error_clear(&err);
    ck_assert_int_eq(dd_delete_connection(c, NO_SUCH_UUID, &err), DD_E_HTTP);
    dd_error_describe(&err, text, sizeof(text));
    ck_assert_msg(strstr(text, "redirected to https://login.example/sso?next=%2F&api_key=<redacted>;"),
                  "%s", text);
    assert_no_keys(text);
    dd_error_clear(&err);
    dd_conn_list_free(&l);
    dd_client_free(c);
    dd_audit_close(a);
    const char *audit = slurp(log);
    ck_assert_ptr_nonnull(strstr(audit, "<redacted>"));
    assert_no_keys(audit);
}
END_TEST

/* ---- Ids in paths ---------------------------------------------------------- */

/* The raw path (escapes as sent) of the last request with this method; the
 * empty string when there was none. */
static void last_raw_path(const char *method, char *buf, size_t n)
{
    cJSON *reqs = mock_requests(&mock);
    ck_assert_ptr_nonnull(reqs);
    const cJSON *r;
    buf[0] = '\0';
    cJSON_ArrayForEach(r, reqs)
        if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(r, "method")), method) == 0)
            snprintf(buf, n, "%s", cJSON_GetStringValue(cJSON_GetObjectItem(r, "raw_path")));
    cJSON_Delete(reqs);
}

/* Each id reaches the Salesforce delete route as one segment, escaped
 * exactly; ids a server would resolve as path steps are refused before
 * anything is sent. */
START_TEST(salesforce_delete_path_holds_the_id_as_one_segment)
{
    dd_client *c = new_client();
    static const struct { const char *id, *path; } cases[] = {
        { "a/b", SF_PATH "/a%2Fb" },
        { "50%", SF_PATH "/50%25" },
        { "a b", SF_PATH "/a%20b" },
        { "a?b=c", SF_PATH "/a%3Fb%3Dc" },
        { "a#b", SF_PATH "/a%23b" },
        { "\u00e9\u65e5", SF_PATH "/%C3%A9%E6%97%A5" },
        { "...", SF_PATH "/..." },
        { "%2E%2E", SF_PATH "/%252E%252E" },
        { "./x", SF_PATH "/.%2Fx" },
        { "sf-1~_.", SF_PATH "/sf-1~_." },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        ck_assert_int_eq(mock_clear_requests(&mock), 0);
        dd_error err;
        dd_error_init(&err);
        ck_assert_int_eq(dd_delete_salesforce(c, cases[i].id, &err), DD_E_HTTP);
        ck_assert_int_eq(err.http_status, 404);
        char path[512];
        last_raw_path("DELETE", path, sizeof(path));
        ck_assert_str_eq(path, cases[i].path);
        dd_error_clear(&err);
    }
    static const char *const refused[] = { ".", ".." };
    for (size_t i = 0; i < 2; i++) {
        ck_assert_int_eq(mock_clear_requests(&mock), 0);
        dd_error err;
        dd_error_init(&err);
        ck_assert_int_eq(dd_delete_salesforce(c, refused[i], &err), DD_E_USAGE);
        char want[200];
        snprintf(want, sizeof(want), "salesforce org id '%s' refused: servers read '.' and '..' "
                 "as steps in the path, so the request would reach another resource; check "
                 "the id", refused[i]);
        ck_assert_str_eq(err.text, want);
        ck_assert_int_eq(count("DELETE", "/"), 0);
        dd_error_clear(&err);
    }
    dd_error err;
    dd_error_init(&err);
    ck_assert_int_eq(dd_delete_salesforce(c, "", &err), DD_E_USAGE);
    ck_assert_int_eq(count("DELETE", "/"), 0);
    dd_client_free(c);
}
END_TEST

/* Connection ids are uuids: anything else, path steps included, is refused
 * before a byte is sent; a uuid is the path's last segment as it is. */
START_TEST(connection_paths_hold_the_id_as_one_segment)
{
    char id[64];
    some_connection(id, sizeof(id));
    dd_client *c = new_client();
    static const char *const bad[] = { "a/b", "50%", "a b", "a?b", "a#b", "\u00e9", ".", "..",
                                       "", "../" NO_SUCH_UUID };
    const char *types[] = { "logs" };
    dd_conn_list l;
    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    ck_assert_int_eq(mock_clear_requests(&mock), 0);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        dd_error err;
        dd_error_init(&err);
        ck_assert_int_eq(dd_update_connection(c, bad[i], types, 1, &l, &err), DD_E_USAGE);
        ck_assert_msg(strncmp(err.text, "connection id must be a valid uuid: '", 37) == 0,
                      "%s", err.text);
        dd_error_clear(&err);
        ck_assert_int_eq(dd_delete_connection(c, bad[i], &err), DD_E_USAGE);
        dd_error_clear(&err);
    }
    ck_assert_int_eq(count("PATCH", "/"), 0);
    ck_assert_int_eq(count("DELETE", "/"), 0);
    dd_error err;
    dd_error_init(&err);
    ck_assert_int_eq(dd_update_connection(c, id, types, 1, &l, &err), DD_OK);
    char path[512], want[512];
    snprintf(want, sizeof(want), CONN_PATH "/%s", id);
    last_raw_path("PATCH", path, sizeof(path));
    ck_assert_str_eq(path, want);
    ck_assert_int_eq(dd_delete_connection(c, id, &err), DD_OK);
    last_raw_path("DELETE", path, sizeof(path));
    ck_assert_str_eq(path, want);
    dd_conn_list_free(&l);
    dd_client_free(c);
}
END_TEST

/* A 2xx answer whose fields are wrong quotes a little of them in the
 * error (a type that is not the expected one): not a key, even so. */
START_TEST(malformed_answer_quoting_a_key_is_redacted)
{
    add_fault("{\"route\":\"create_connection\",\"kind\":\"wrong_types\",\"echo_keys\":1}");
    char sink[64];
    free_sink(sink, sizeof(sink));
    dd_client *c = new_client();
    dd_error err;
    dd_error_init(&err);
    dd_conn_list l;
    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    const char *types[] = { "logs" };
    ck_assert_int_eq(dd_create_connection(c, sink, types, 1, &l, &err), DD_E_PROTOCOL);
    char text[2048];
    dd_error_describe(&err, text, sizeof(text));
    /* The failure messages never print the text: it may hold the key. */
    ck_assert_msg(strstr(text, "the server accepted connections.create (HTTP 2"),
                  "not said to be accepted");
    ck_assert_msg(strstr(text, "data.type is \"<redacted>\", expected \"org_connection\""),
                  "the type is not shown redacted");
    ck_assert_msg(!leaks(text, MOCK_API_KEY, MOCK_APP_KEY), "a key piece in the error");
    dd_error_clear(&err);
    dd_conn_list_free(&l);
    dd_client_free(c);
}
END_TEST

/* ---- No piece of a key, whatever the cut -------------------------------- */

/* Keys shaped like real ones but not hex only, so the audit log's own
 * scrubbing of long hex runs cannot hide a leak. */
#define PROP_API_KEY "Qm7Vt2Lx9Rk4Pw8Zc3Hn6Bj1Fd5Gs0Ya"
#define PROP_APP_KEY "Ue4Oi8Ty2Wr6Qp0As3Dk7Fj1Gh5Lz9Xc2Vb6Nm"
/* Padding before the first key, 0 .. PROP_PADS - 1: the key crosses every
 * place where the client cuts text (the 200-character body summary, the
 * 300-byte Location, the 512-byte error text, the 600-byte audit text,
 * the 1,024-byte message) at every offset. */
#define PROP_PADS 1100

static void setup_prop(void)
{
    /* Tens of thousands of requests: a window that never fills. */
    static const char *const args[] = { "--api-key", PROP_API_KEY, "--app-key", PROP_APP_KEY,
                                         "--rate-limit", "10000000/60", "--quiet", NULL };
    memset(&mock, 0, sizeof(mock));
    ck_assert_msg(mock_start(&mock, args) == 0, "ddorgs-mock did not start");
    /* The audit log is written twice per case, each time synced: memory. */
    snprintf(tmpdir, sizeof(tmpdir), "/dev/shm/ddorgs-client-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        snprintf(tmpdir, sizeof(tmpdir), "/tmp/ddorgs-client-XXXXXX");
        ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    }
}

/* Under valgrind every request costs a hundred times more: one offset in
 * seven there (still crossing each cut), all of them elsewhere. */
static int prop_stride(void)
{
    const char *pre = getenv("LD_PRELOAD");
    return pre && strstr(pre, "vgpreload") ? 7 : 1;
}

typedef struct prop_run {
    long cases;
    char where[160]; /* the case being run, for a failure message */
    char waits[8192]; /* what on_wait was told, all of it */
    size_t waits_len;
} prop_run;

static void prop_on_wait(const dd_wait_info *w, void *ud)
{
    prop_run *p = ud;
    int n = snprintf(p->waits + p->waits_len, sizeof(p->waits) - p->waits_len, "%s|%s|%s\n",
                     w->reason, w->limit_name, w->operation);
    if (n > 0 && p->waits_len + (size_t)n < sizeof(p->waits))
        p->waits_len += (size_t)n;
}

/* The whole file, however large; malloc'd. */
static char *slurp_all(const char *path)
{
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    char *buf = NULL;
    size_t len = 0;
    ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
    long size = ftell(f);
    ck_assert_int_ge(size, 0);
    rewind(f);
    buf = malloc((size_t)size + 1);
    ck_assert_ptr_nonnull(buf);
    len = fread(buf, 1, (size_t)size, f);
    buf[len] = '\0';
    fclose(f);
    return buf;
}

/* Every output of one failed call: the error's text and messages, what
 * describe() gives at the sizes its callers use, and what on_wait heard.
 * The failure message names the case, never the text. */
static void prop_check(prop_run *p, dd_error *err)
{
    ck_assert_msg(!leaks(err->text, PROP_API_KEY, PROP_APP_KEY), "key in text: %s", p->where);
    for (size_t i = 0; i < err->n_messages; i++)
        ck_assert_msg(!leaks(err->messages[i], PROP_API_KEY, PROP_APP_KEY),
                      "key in message %zu: %s", i, p->where);
    static const size_t sizes[] = { 4096, 1024, 600, 512, 256 };
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        char text[4096];
        dd_error_describe(err, text, sizes[i]);
        ck_assert_msg(!leaks(text, PROP_API_KEY, PROP_APP_KEY), "key in describe(%zu): %s",
                      sizes[i], p->where);
    }
    ck_assert_msg(!leaks(p->waits, PROP_API_KEY, PROP_APP_KEY), "key in a wait note: %s",
                  p->where);
    p->waits_len = 0;
    p->waits[0] = '\0';
    p->cases++;
}

static const char *const prop_forms[] = { "strings", "detail", "title", "text", "html" };
static const char *const prop_encodings[] = { "plain", "upper", "percent", "json", "hidden" };

/* One fault whose padding grows by one at each firing, then a Salesforce
 * delete (a write: audited) per offset. */
static void prop_sweep(dd_client *c, prop_run *p, const char *fault_json, const char *label,
                       dd_status want)
{
    ck_assert_int_eq(mock_clear_faults(&mock), 0);
    add_fault(fault_json);
    int stride = prop_stride();
    for (long pad = 0; pad < PROP_PADS; pad++) {
        dd_error err;
        dd_error_init(&err);
        dd_status st = dd_delete_salesforce(c, "sf-any", &err);
        if (pad % stride == 0) {
            snprintf(p->where, sizeof(p->where), "%s, pad %ld", label, pad);
            ck_assert_msg(st == want, "%s: got %s", p->where, dd_status_name(st));
            prop_check(p, &err);
        }
        dd_error_clear(&err);
    }
}

/* Error bodies of every form, keys written every way, the keys across
 * every cut: no run of 8 characters of either key in any output, nor in
 * the audit log. */
START_TEST(echoed_key_pieces_never_reach_any_output)
{
    char log[300];
    snprintf(log, sizeof(log), "%s/audit.log", tmpdir);
    dd_error err;
    dd_error_init(&err);
    dd_audit *a = dd_audit_open(log, &err);
    ck_assert_ptr_nonnull(a);
    prop_run p = { 0 };
    dd_client_opts o = base_opts();
    o.api_key = PROP_API_KEY;
    o.app_key = PROP_APP_KEY;
    o.audit = a;
    o.max_rate_wait_s = 1;
    o.on_wait = prop_on_wait;
    o.on_wait_ud = &p;
    dd_client *c = test_client_new(&o);
    char fault[400], label[80];
    for (size_t f = 0; f < sizeof(prop_forms) / sizeof(prop_forms[0]); f++) {
        for (size_t e = 0; e < sizeof(prop_encodings) / sizeof(prop_encodings[0]); e++) {
            snprintf(fault, sizeof(fault),
                     "{\"route\":\"delete_salesforce\",\"status\":400,\"echo_keys\":1,"
                     "\"echo_form\":\"%s\",\"echo_encoding\":\"%s\",\"echo_pad_step\":1}",
                     prop_forms[f], prop_encodings[e]);
            snprintf(label, sizeof(label), "400 %s body, %s key", prop_forms[f],
                     prop_encodings[e]);
            prop_sweep(c, &p, fault, label, DD_E_HTTP);
        }
    }
    /* Headers: a redirect's Location, a 429's X-RateLimit-Name (told to
     * on_wait before the wait, then in the error). */
    for (size_t e = 0; e < 4; e++) {
        snprintf(fault, sizeof(fault),
                 "{\"route\":\"delete_salesforce\",\"status\":302,\"echo_keys\":1,"
                 "\"location\":\"https://login.example/sso\",\"echo_encoding\":\"%s\","
                 "\"echo_pad_step\":1}", prop_encodings[e]);
        snprintf(label, sizeof(label), "302 Location, %s key", prop_encodings[e]);
        prop_sweep(c, &p, fault, label, DD_E_HTTP);
    }
    dd_client_free(c);
    /* A 429 is waited out (1 s at least): a shorter sweep, no retry. */
    o.max_rate_wait_s = -1;
    c = test_client_new(&o);
    for (size_t e = 0; e < 4; e++) {
        snprintf(fault, sizeof(fault),
                 "{\"route\":\"delete_salesforce\",\"status\":429,\"echo_keys\":1,"
                 "\"echo_encoding\":\"%s\",\"echo_pad_step\":1}", prop_encodings[e]);
        snprintf(label, sizeof(label), "429 X-RateLimit-Name, %s key", prop_encodings[e]);
        prop_sweep(c, &p, fault, label, DD_E_HTTP);
        dd_ratelimit rl = dd_client_last_ratelimit(c);
        ck_assert(rl.present);
        ck_assert_msg(!leaks(rl.name, PROP_API_KEY, PROP_APP_KEY), "key in the limit name");
    }
    dd_client_free(c);
    /* A 429 that is waited out: on_wait hears the limit's name first.
     * The key crosses the name's 63-character cut. */
    o.max_rate_wait_s = 1;
    c = test_client_new(&o);
    static const long name_pads[] = { 30, 45, 60 };
    for (size_t i = 0; i < 3; i++) {
        snprintf(fault, sizeof(fault),
                 "{\"route\":\"delete_salesforce\",\"status\":429,\"echo_keys\":1,"
                 "\"echo_pad\":%ld,\"times\":1,\"ratelimit_reset\":0}", name_pads[i]);
        ck_assert_int_eq(mock_clear_faults(&mock), 0);
        add_fault(fault);
        snprintf(p.where, sizeof(p.where), "429 waited out, pad %ld", name_pads[i]);
        dd_error_init(&err);
        ck_assert_int_eq(dd_delete_salesforce(c, "sf-any", &err), DD_E_HTTP);
        ck_assert_int_eq(err.http_status, 404);
        ck_assert_msg(p.waits_len > 0, "on_wait was not called: %s", p.where);
        prop_check(&p, &err);
        dd_error_clear(&err);
    }
    dd_client_free(c);
    dd_audit_close(a);
    char *audit = slurp_all(log);
    ck_assert_msg(strlen(audit) > (size_t)p.cases * 100, "the audit log holds the cases");
    ck_assert_msg(!leaks(audit, PROP_API_KEY, PROP_APP_KEY), "a key piece in the audit log");
    free(audit);
    fprintf(stderr, "echoed_key_pieces_never_reach_any_output: %ld cases\n", p.cases);
    ck_assert_int_ge(p.cases, 33 * (PROP_PADS / prop_stride()) + 3);
}
END_TEST

/* A write the server applied (2xx) but whose answer was damaged on the way
 * back: the error says it was accepted, so no one repeats it blindly. */
START_TEST(applied_write_with_unreadable_answer_says_so)
{
    add_fault("{\"route\":\"create_connection\",\"kind\":\"malformed\",\"times\":1}");
    char sink[64];
    free_sink(sink, sizeof(sink));
    dd_client *c = new_client();
    dd_error err;
    dd_error_init(&err);
    dd_conn_list l;
    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    const char *types[] = { "logs" };
    ck_assert_int_eq(dd_create_connection(c, sink, types, 1, &l, &err), DD_E_PROTOCOL);
    ck_assert_int_eq(err.http_status, 200);
    const char *want = "the server accepted connections.create (HTTP 200) but its answer could "
                       "not be read; list again to see the result: ";
    ck_assert_msg(strncmp(err.text, want, strlen(want)) == 0, "%s", err.text);
    ck_assert_uint_eq(l.n, 0);
    dd_error_clear(&err);
    /* It was applied: the same create now conflicts. */
    ck_assert_int_eq(dd_create_connection(c, sink, types, 1, &l, &err), DD_E_HTTP);
    ck_assert_int_eq(err.http_status, 409);
    dd_error_clear(&err);
    dd_conn_list_free(&l);
    dd_client_free(c);
    ck_assert_int_eq(count("POST", CONN_PATH), 2);
}
END_TEST

/* Plain http is for loopback only: an environment proxy (a dead one here)
 * must not be used, or it would get the keys in clear text. */
START_TEST(loopback_http_ignores_env_proxies)
{
    setenv("http_proxy", "http://127.0.0.2:9", 1);
    setenv("HTTP_PROXY", "http://127.0.0.2:9", 1);
    setenv("all_proxy", "http://127.0.0.2:9", 1);
    unsetenv("no_proxy");
    unsetenv("NO_PROXY");
    dd_client *c = new_client();
    dd_error err;
    dd_error_init(&err);
    dd_sf_list l;
    ck_assert_int_eq(dd_sf_list_init(&l), 0);
    ck_assert_msg(dd_list_salesforce(c, &l, &err) == DD_OK, "%s", err.text);
    ck_assert_uint_gt(l.n, 0);
    dd_sf_list_free(&l);
    dd_client_free(c);
    unsetenv("http_proxy");
    unsetenv("HTTP_PROXY");
    unsetenv("all_proxy");
}
END_TEST

/* Plain http connects to loopback addresses only, whatever a name
 * resolves to: another address is refused before a socket exists (no
 * connection attempt, so no wait for the connect timeout), and the error
 * names it. "localhost" still reaches the mock. */
START_TEST(plain_http_connects_to_loopback_only)
{
    dd_http_opts ho = { .allow_http = true, .connect_timeout_s = 3, .timeout_s = 5 };
    dd_http *h = dd_http_new(&ho);
    ck_assert_ptr_nonnull(h);
    const char *headers[] = { "DD-API-KEY: " MOCK_API_KEY, "DD-APPLICATION-KEY: " MOCK_APP_KEY };
    dd_http_req req = { .method = "GET", .url = "http://192.0.2.1:9" CONN_PATH,
                        .headers = headers, .n_headers = 2 };
    dd_http_resp resp;
    dd_error err;
    dd_error_init(&err);
    double t0 = now_s();
    dd_status st = dd_http_perform(h, &req, &resp, &err);
    double elapsed = now_s() - t0;
    ck_assert_msg(st == DD_E_CONFIG, "%s: %s", dd_status_name(st), err.text);
    ck_assert_str_eq(err.text, "refusing plain http to 192.0.2.1: 192.0.2.1 resolved to it, "
                               "which is not a loopback address, and the keys would cross the "
                               "network in clear text; use https, or http://127.0.0.1:PORT");
    ck_assert(err.not_sent);
    ck_assert_double_lt(elapsed, 1.0);
    dd_http_resp_free(&resp);
    dd_error_clear(&err);

    char url[200];
    snprintf(url, sizeof(url), "http://localhost:%d%s", mock.port, CONN_PATH);
    req.url = url;
    st = dd_http_perform(h, &req, &resp, &err);
    ck_assert_msg(st == DD_OK, "%s", err.text);
    ck_assert_int_eq(resp.status, 200);
    dd_http_resp_free(&resp);
    dd_http_free(h);
}
END_TEST

/* The audit record's site is where writes go: the --api-url when one is
 * given, else the site (the demo's "demo" has no URL of its own). */
START_TEST(audit_site_names_the_destination)
{
    dd_config cfg = { .site = "datadoghq.eu", .base_url = "https://api.datadoghq.eu" };
    dd_client_opts o;
    dd_client_opts_from_config(&o, &cfg, NULL);
    ck_assert_str_eq(o.site, "datadoghq.eu");
    cfg.base_url = mock.url;
    dd_client_opts_from_config(&o, &cfg, NULL);
    ck_assert_str_eq(o.site, mock.url);
    cfg.site = "demo";
    dd_client_opts_from_config(&o, &cfg, NULL);
    ck_assert_str_eq(o.site, "demo");
}
END_TEST

START_TEST(write_not_sent_when_audit_fails)
{
    char log[300];
    snprintf(log, sizeof(log), "%s/audit.log", tmpdir);
    dd_error err;
    dd_error_init(&err);
    dd_audit *a = dd_audit_open(log, &err);
    ck_assert_ptr_nonnull(a);
    /* A file-size limit makes every append fail (EFBIG) from here on. */
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit saved;
    ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &saved), 0);
    struct rlimit rl = { .rlim_cur = 0, .rlim_max = saved.rlim_max };
    ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
    dd_client_opts o = base_opts();
    o.audit = a;
    dd_client *c = test_client_new(&o);
    mock_clear_requests(&mock);
    dd_status st = dd_delete_connection(c, NO_SUCH_UUID, &err);
    /* Restored first, so a failure below leaves later tests (CK_FORK=no)
     * able to write files. */
    setrlimit(RLIMIT_FSIZE, &saved);
    signal(SIGXFSZ, SIG_DFL);
    ck_assert_int_eq(st, DD_E_IO);
    assert_message_has(&err, "connections.delete not sent");
    ck_assert_int_eq(count("DELETE", "/api/"), 0);
    dd_client_free(c);
    dd_audit_close(a);
}
END_TEST

/* ---- Retries and rate limits -------------------------------------------- */

START_TEST(post_not_repeated_after_500)
{
    char sink[64];
    free_sink(sink, sizeof(sink));
    add_fault("{\"route\":\"create_connection\",\"status\":500}");
    mock_clear_requests(&mock);
    dd_client *c = new_client();
    dd_error err;
    dd_error_init(&err);
    dd_conn_list l;
    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    const char *types[] = { "logs" };
    double t0 = now_s();
    ck_assert_int_eq(dd_create_connection(c, sink, types, 1, &l, &err), DD_E_HTTP);
    ck_assert_int_eq(err.http_status, 500);
    ck_assert_double_lt(now_s() - t0, 1.0);
    ck_assert_int_eq(count("POST", CONN_PATH), 1);
    dd_error_clear(&err);
    dd_conn_list_free(&l);
    dd_client_free(c);
}
END_TEST

/* A proxy or login page in front of the API answers with a redirect: the
 * client must not follow it (it would carry the keys to the new host), must
 * not retry, and must say where it led. The target here is the mock's own
 * Salesforce list, so following it would show in the request log. */
START_TEST(redirect_not_followed_and_explained)
{
    char fault[512], target[200];
    snprintf(target, sizeof(target), "http://127.0.0.1:%d%s", mock.port, SF_PATH);
    snprintf(fault, sizeof(fault),
             "{\"route\":\"list_connections\",\"status\":302,\"location\":\"%s\"}", target);
    add_fault(fault);
    snprintf(fault, sizeof(fault),
             "{\"route\":\"create_connection\",\"status\":307,\"location\":\"%s\"}", target);
    add_fault(fault);
    mock_clear_requests(&mock);
    dd_client *c = new_client();
    dd_error err;
    dd_error_init(&err);
    dd_conn_list l;
    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    dd_conn_query q = { .limit = 5, .offset = 0 };
    ck_assert_int_eq(dd_list_connections(c, &q, &l, &err), DD_E_HTTP);
    ck_assert_int_eq(err.http_status, 302);
    ck_assert_uint_eq(l.n, 0);
    ck_assert_ptr_nonnull(strstr(err.text, "HTTP 302 Found: redirected to "));
    ck_assert_ptr_nonnull(strstr(err.text, target));
    ck_assert_ptr_nonnull(strstr(err.text, "not followed"));
    ck_assert_int_eq(count("GET", CONN_PATH), 1); /* a redirect is not retried */
    ck_assert_int_eq(count("GET", SF_PATH), 0);   /* nor followed */
    dd_error_clear(&err);

    char sink[64];
    free_sink(sink, sizeof(sink));
    const char *types[] = { "logs" };
    ck_assert_int_eq(dd_create_connection(c, sink, types, 1, &l, &err), DD_E_HTTP);
    ck_assert_int_eq(err.http_status, 307);
    ck_assert_ptr_nonnull(strstr(err.text, "HTTP 307 Temporary Redirect: redirected to "));
    ck_assert_int_eq(count("POST", CONN_PATH), 1);
    ck_assert_int_eq(count("POST", SF_PATH), 0);
    ck_assert_int_eq(count("GET", SF_PATH), 0);
    dd_error_clear(&err);

    /* A 3xx with nowhere to go (304 to a request that asked for none). */
    add_fault("{\"route\":\"list_salesforce\",\"status\":304}");
    dd_sf_list sl;
    ck_assert_int_eq(dd_sf_list_init(&sl), 0);
    ck_assert_int_eq(dd_list_salesforce(c, &sl, &err), DD_E_HTTP);
    ck_assert_str_eq(err.text, "HTTP 304 Not Modified from something in front of the API, "
                               "which never answers so (check the proxy settings, the site and "
                               "--api-url)");
    dd_sf_list_free(&sl);
    dd_error_clear(&err);
    dd_conn_list_free(&l);
    dd_client_free(c);
}
END_TEST

START_TEST(get_retried_after_500)
{
    add_fault("{\"route\":\"list_salesforce\",\"status\":500,\"times\":1}");
    mock_clear_requests(&mock);
    dd_client *c = new_client();
    dd_error err;
    dd_error_init(&err);
    dd_sf_list l;
    ck_assert_int_eq(dd_sf_list_init(&l), 0);
    double t0 = now_s();
    ck_assert_int_eq(dd_list_salesforce(c, &l, &err), DD_OK);
    double elapsed = now_s() - t0;
    ck_assert_uint_gt(l.n, 0);
    ck_assert_int_eq(count("GET", SF_PATH), 2);
    ck_assert_double_ge(elapsed, 1.9); /* the 2 s backoff */
    ck_assert_double_lt(elapsed, 4.0);
    dd_sf_list_free(&l);
    dd_client_free(c);
}
END_TEST

START_TEST(rate_limit_waits_for_reset)
{
    dd_client *c = new_client();
    dd_error err;
    dd_error_init(&err);
    dd_sf_list l;
    ck_assert_int_eq(dd_sf_list_init(&l), 0);
    ck_assert_int_eq(dd_list_salesforce(c, &l, &err), DD_OK);
    ck_assert_int_eq(dd_list_salesforce(c, &l, &err), DD_OK);
    double t0 = now_s();
    ck_assert_int_eq(dd_list_salesforce(c, &l, &err), DD_OK);
    double elapsed = now_s() - t0;
    ck_assert_double_ge(elapsed, 0.9);
    ck_assert_double_lt(elapsed, 4.5);
    ck_assert_int_eq(count("GET", SF_PATH), 4);
    dd_ratelimit rl = dd_client_last_ratelimit(c);
    ck_assert(rl.present);
    ck_assert_int_eq(rl.limit, 2);
    ck_assert_int_eq(rl.period, 2);
    dd_sf_list_free(&l);

    /* A client that will not wait gets the 429 and how long to wait. */
    dd_client_opts o = base_opts();
    o.max_rate_wait_s = -1;
    dd_client *impatient = test_client_new(&o);
    int got429 = 0;
    for (int i = 0; i < 6 && !got429; i++) {
        ck_assert_int_eq(dd_sf_list_init(&l), 0);
        dd_status st = dd_list_salesforce(impatient, &l, &err);
        if (st == DD_E_HTTP) {
            ck_assert_int_eq(err.http_status, 429);
            ck_assert_int_ge(err.retry_after, 1);
            got429 = 1;
        }
        dd_error_clear(&err);
        dd_sf_list_free(&l);
    }
    ck_assert(got429);
    dd_client_free(impatient);
    dd_client_free(c);
}
END_TEST

/* ---- What the caller is told before a wait ------------------------------ */

/* Copies of what on_wait was given, and the thread it ran on. */
typedef struct waits {
    int n;
    dd_wait_info w[4];
    char reason[4][600], op[4][300], limit[4][64], note[4][200];
    double at[4]; /* when on_wait was called (now_s) */
    pthread_t thread[4];
    dd_client *cancel; /* cancelled on the second wait when set */
} waits;

static void record_wait(const dd_wait_info *w, void *ud)
{
    waits *k = ud;
    if (k->n >= 4)
        return;
    int i = k->n++;
    k->w[i] = *w;
    snprintf(k->reason[i], sizeof(k->reason[i]), "%s", w->reason);
    snprintf(k->op[i], sizeof(k->op[i]), "%s", w->operation);
    snprintf(k->limit[i], sizeof(k->limit[i]), "%s", w->limit_name);
    snprintf(k->note[i], sizeof(k->note[i]), "%s", w->note);
    k->w[i].note = k->note[i];
    k->at[i] = now_s();
    k->w[i].reason = k->reason[i];
    k->w[i].operation = k->op[i];
    k->w[i].limit_name = k->limit[i];
    k->thread[i] = pthread_self();
    if (k->cancel && k->n == 2)
        dd_client_cancel(k->cancel);
}

static dd_client *waiting_client(waits *k, const char *base_url)
{
    memset(k, 0, sizeof(*k));
    dd_client_opts o = base_opts();
    if (base_url)
        o.base_url = base_url;
    o.on_wait = record_wait;
    o.on_wait_ud = k;
    return test_client_new(&o);
}

START_TEST(on_wait_names_the_rate_limit)
{
    waits k;
    dd_client *c = waiting_client(&k, NULL);
    dd_error err;
    dd_error_init(&err);
    dd_conn_query q = { .limit = 5, .offset = 0 };
    for (int i = 0; i < 2; i++) {
        dd_conn_list l;
        ck_assert_int_eq(dd_conn_list_init(&l), 0);
        ck_assert_int_eq(dd_list_connections(c, &q, &l, &err), DD_OK);
        dd_conn_list_free(&l);
    }
    ck_assert_int_eq(k.n, 0); /* within the limit: no wait, no call */
    dd_conn_list l;
    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    double t0 = now_s();
    ck_assert_int_eq(dd_list_connections(c, &q, &l, &err), DD_OK);
    double elapsed = now_s() - t0;
    ck_assert_int_eq(k.n, 1);
    const dd_wait_info *w = &k.w[0];
    ck_assert_int_eq(w->cause, DD_WAIT_RATE_LIMITED);
    ck_assert_str_eq(w->reason, "rate limited (org_connections)");
    ck_assert_str_eq(w->limit_name, "org_connections");
    ck_assert_int_eq(w->http_status, 429);
    /* X-RateLimit-Reset of a 2 s window: 1 or 2 s, and the client waited it. */
    ck_assert_int_ge(w->wait_ms, 1000);
    ck_assert_int_le(w->wait_ms, 2000);
    ck_assert_double_ge(elapsed, (double)w->wait_ms / 1000.0 - 0.05);
    ck_assert_int_eq(w->attempt, 2);
    ck_assert_int_eq(w->max_tries, 3);
    ck_assert_str_eq(w->operation, "GET " CONN_PATH);
    ck_assert(pthread_equal(k.thread[0], pthread_self()));
    assert_no_keys(w->reason);
    dd_conn_list_free(&l);
    dd_client_free(c);
}
END_TEST

/* "X-RateLimit-Reset: 0" is waited a second each time, not spent at once;
 * a reset shaped like a Unix time or longer than the window is not waited
 * out: the backoff is, and on_wait says so before the wait. */
START_TEST(rate_limit_reset_zero_or_implausible_waits_sensibly)
{
    waits k;
    dd_client *c = waiting_client(&k, NULL);
    dd_error err;
    dd_error_init(&err);
    dd_sf_list sl;
    add_fault("{\"route\":\"list_salesforce\",\"status\":429,\"times\":2,"
              "\"ratelimit_reset\":0}");
    ck_assert_int_eq(dd_sf_list_init(&sl), 0);
    double t0 = now_s();
    ck_assert_int_eq(dd_list_salesforce(c, &sl, &err), DD_OK);
    double elapsed = now_s() - t0;
    dd_sf_list_free(&sl);
    ck_assert_int_eq(k.n, 2);
    for (int i = 0; i < 2; i++) {
        ck_assert_int_eq(k.w[i].wait_ms, 1000);
        ck_assert_str_eq(k.w[i].note, "");
        ck_assert_str_eq(k.w[i].reason, "rate limited (salesforce_integration)");
    }
    ck_assert_double_ge(elapsed, 1.95);
    ck_assert_double_ge(k.at[1] - k.at[0], 0.95);
    ck_assert_int_eq(mock_clear_faults(&mock), 0);

    static const struct { const char *fault, *note; } cases[] = {
        { "{\"route\":\"list_salesforce\",\"status\":429,\"times\":1,"
          "\"ratelimit_reset\":1700000000}",
          "its reset (1700000000 s) is implausible (a Unix time, not a number of seconds), so "
          "the backoff is used" },
        { "{\"route\":\"list_salesforce\",\"status\":429,\"times\":1,"
          "\"ratelimit_reset\":120,\"ratelimit_period\":60}",
          "its reset (120 s) is implausible (longer than its 60 s window), so the backoff is "
          "used" },
        /* Under the Unix-time mark, with a zero window: still no wait of
         * 31 years, and said before the first wait. */
        { "{\"route\":\"list_salesforce\",\"status\":429,\"times\":1,"
          "\"ratelimit_reset\":999999999,\"ratelimit_period\":0}",
          "its reset (999999999 s) is implausible (longer than two days, more than any "
          "rate-limit window), so the backoff is used" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        dd_client_free(c);
        c = waiting_client(&k, NULL);
        add_fault(cases[i].fault);
        ck_assert_int_eq(dd_sf_list_init(&sl), 0);
        t0 = now_s();
        ck_assert_int_eq(dd_list_salesforce(c, &sl, &err), DD_OK);
        elapsed = now_s() - t0;
        dd_sf_list_free(&sl);
        ck_assert_int_eq(k.n, 1);
        ck_assert_str_eq(k.w[0].note, cases[i].note);
        char want[400];
        snprintf(want, sizeof(want), "rate limited (salesforce_integration); %s", cases[i].note);
        ck_assert_str_eq(k.w[0].reason, want);
        ck_assert_int_eq(k.w[0].wait_ms, 2000);
        /* Said before the wait, which was the backoff's 2 s, not 60. */
        ck_assert_double_ge(now_s() - k.at[0], 1.95);
        ck_assert_double_lt(elapsed, 10.0);
        ck_assert_int_eq(mock_clear_faults(&mock), 0);
    }
    /* Not waited out (no waiting allowed): the error gives no retry time. */
    dd_client_free(c);
    dd_client_opts o = base_opts();
    o.max_rate_wait_s = -1;
    c = test_client_new(&o);
    add_fault("{\"route\":\"list_salesforce\",\"status\":429,\"ratelimit_reset\":1712345678}");
    ck_assert_int_eq(dd_sf_list_init(&sl), 0);
    ck_assert_int_eq(dd_list_salesforce(c, &sl, &err), DD_E_HTTP);
    ck_assert_int_eq(err.http_status, 429);
    ck_assert_int_eq(err.retry_after, -1);
    /* The error says why by the same rule as the waits (a value with no
     * run of the mock key's zeros, which the redactor would take out). */
    ck_assert_msg(strstr(err.text, "; its reset (1712345678 s) is implausible (a Unix time, "
                                   "not a number of seconds)"),
                  "%s", err.text);
    dd_error_clear(&err);
    dd_sf_list_free(&sl);
    ck_assert_int_eq(mock_clear_faults(&mock), 0);
    add_fault("{\"route\":\"list_salesforce\",\"status\":429,\"ratelimit_reset\":999999999,"
              "\"ratelimit_period\":0}");
    ck_assert_int_eq(dd_sf_list_init(&sl), 0);
    ck_assert_int_eq(dd_list_salesforce(c, &sl, &err), DD_E_HTTP);
    ck_assert_int_eq(err.retry_after, -1);
    ck_assert_msg(strstr(err.text, "; its reset (999999999 s) is implausible (longer than two "
                                   "days, more than any rate-limit window)"),
                  "%s", err.text);
    dd_error_clear(&err);
    dd_sf_list_free(&sl);
    dd_client_free(c);
}
END_TEST

/* "X-RateLimit-Reset: soon" is neither believed nor taken for an absent
 * header: the backoff is used and on_wait says why before each wait; the
 * final error says it too. */
START_TEST(unreadable_reset_is_said_before_waiting)
{
    static const char answer[] = "HTTP/1.1 429 Too Many Requests\r\n"
                                 "Content-Type: application/json\r\n"
                                 "X-RateLimit-Name: org_connections\r\n"
                                 "X-RateLimit-Reset: soon\r\n"
                                 "Content-Length: 32\r\nConnection: close\r\n\r\n"
                                 "{\"errors\":[\"Too many requests\"]}";
    raw_server srv;
    raw_server_start(&srv, answer, sizeof(answer) - 1);
    waits k;
    memset(&k, 0, sizeof(k));
    dd_client_opts o = base_opts();
    o.base_url = srv.url;
    o.max_rate_wait_s = 1;
    o.on_wait = record_wait;
    o.on_wait_ud = &k;
    dd_client *c = test_client_new(&o);
    dd_error err;
    dd_error_init(&err);
    dd_conn_list l;
    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    ck_assert_int_eq(dd_list_connections(c, NULL, &l, &err), DD_E_HTTP);
    ck_assert_int_eq(err.http_status, 429);
    ck_assert_int_eq(err.retry_after, -1);
    ck_assert_msg(strstr(err.text, "; its reset could not be read as a number of seconds"),
                  "%s", err.text);
    ck_assert_int_eq(k.n, 2);
    for (int i = 0; i < 2; i++) {
        ck_assert_str_eq(k.w[i].note, "its reset could not be read as a number of seconds, "
                                      "so the backoff is used");
        ck_assert_str_eq(k.w[i].reason, "rate limited (org_connections); its reset could not "
                                        "be read as a number of seconds, so the backoff is "
                                        "used");
    }
    dd_error_clear(&err);
    dd_conn_list_free(&l);
    dd_client_free(c);
    raw_server_stop(&srv);
}
END_TEST

/* A loopback http --api-url whose server does not speak HTTP (an SSH
 * banner, a garbled status line): a malformed answer that says so, never
 * a refusal of the URL's protocol. */
START_TEST(answer_without_http_status_line_is_malformed)
{
    static const char *const answers[] = {
        "SSH-2.0-OpenSSH_9.2\r\n",
        "hello\r\n\r\n",
        "HTTP/1.1 abc OK\r\nContent-Length: 0\r\n\r\n",
        "HTTP/7.3 200 OK\r\nContent-Length: 2\r\n\r\n{}",
    };
    for (size_t i = 0; i < sizeof(answers) / sizeof(answers[0]); i++) {
        raw_server srv;
        raw_server_start(&srv, answers[i], strlen(answers[i]));
        dd_client_opts o = base_opts();
        o.base_url = srv.url;
        dd_client *c = test_client_new(&o);
        dd_error err;
        dd_error_init(&err);
        dd_conn_list l;
        ck_assert_int_eq(dd_conn_list_init(&l), 0);
        dd_status st = dd_list_connections(c, NULL, &l, &err);
        ck_assert_msg(st == DD_E_PROTOCOL, "answer %zu: %s: %s", i, dd_status_name(st),
                      err.text);
        char want[200];
        snprintf(want, sizeof(want), "%s did not speak HTTP", srv.url + strlen("http://"));
        ck_assert_msg(strstr(err.text, want), "answer %zu: %s", i, err.text);
        ck_assert_msg(!strstr(err.text, "https is required"), "answer %zu: %s", i, err.text);
        dd_error_clear(&err);
        dd_conn_list_free(&l);
        dd_client_free(c);
        raw_server_stop(&srv);
    }
}
END_TEST

START_TEST(on_wait_for_get_500_never_for_post_500)
{
    add_fault("{\"route\":\"list_salesforce\",\"status\":500,\"times\":1}");
    waits k;
    dd_client *c = waiting_client(&k, NULL);
    dd_error err;
    dd_error_init(&err);
    dd_sf_list sl;
    ck_assert_int_eq(dd_sf_list_init(&sl), 0);
    ck_assert_int_eq(dd_list_salesforce(c, &sl, &err), DD_OK);
    dd_sf_list_free(&sl);
    ck_assert_int_eq(k.n, 1);
    const dd_wait_info *w = &k.w[0];
    ck_assert_int_eq(w->cause, DD_WAIT_SERVER_ERROR);
    ck_assert_str_eq(w->reason, "HTTP 500 Internal Server Error");
    ck_assert_str_eq(w->limit_name, "");
    ck_assert_int_eq(w->http_status, 500);
    ck_assert_int_eq(w->wait_ms, 2000);
    ck_assert_int_eq(w->attempt, 2);
    ck_assert_int_eq(w->max_tries, 3);
    ck_assert_str_eq(w->operation, "GET " SF_PATH);
    ck_assert(pthread_equal(k.thread[0], pthread_self()));

    /* A POST that fails the same way is not repeated, so nothing waits. */
    char sink[64];
    free_sink(sink, sizeof(sink));
    add_fault("{\"route\":\"create_connection\",\"status\":500}");
    dd_conn_list l;
    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    const char *types[] = { "logs" };
    ck_assert_int_eq(dd_create_connection(c, sink, types, 1, &l, &err), DD_E_HTTP);
    ck_assert_int_eq(err.http_status, 500);
    ck_assert_int_eq(k.n, 1);
    dd_error_clear(&err);
    dd_conn_list_free(&l);
    dd_client_free(c);
}
END_TEST

/* A GET that cannot connect waits 2 s then 4 s; the second wait is cut
 * short by a cancel from inside on_wait. */
START_TEST(on_wait_for_connection_failure)
{
    waits k;
    dd_client *c = waiting_client(&k, "http://127.0.0.1:9");
    k.cancel = c;
    dd_error err;
    dd_error_init(&err);
    dd_conn_list l;
    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    double t0 = now_s();
    ck_assert_int_eq(dd_list_connections(c, NULL, &l, &err), DD_E_CANCELLED);
    ck_assert_double_lt(now_s() - t0, 3.5);
    ck_assert_int_eq(k.n, 2);
    for (int i = 0; i < 2; i++) {
        ck_assert_int_eq(k.w[i].cause, DD_WAIT_TRANSPORT);
        ck_assert_str_eq(k.w[i].reason, "cannot connect to 127.0.0.1:9: Connection refused");
        ck_assert_int_eq(k.w[i].http_status, 0);
        ck_assert_int_eq(k.w[i].attempt, i + 2);
        ck_assert_str_eq(k.w[i].operation, "GET " CONN_PATH);
    }
    ck_assert_int_eq(k.w[0].wait_ms, 2000);
    ck_assert_int_eq(k.w[1].wait_ms, 4000);
    dd_error_clear(&err);
    dd_conn_list_free(&l);
    dd_client_free(c);
}
END_TEST

/* ---- Transport faults --------------------------------------------------- */

START_TEST(size_cap_stops_gzip_body)
{
    add_fault("{\"route\":\"list_connections\",\"kind\":\"oversize\",\"size\":8388608}");
    dd_client_opts o = base_opts();
    o.http.max_body = 1024 * 1024;
    dd_client *c = test_client_new(&o);
    dd_error err;
    dd_error_init(&err);
    dd_conn_list l;
    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    ck_assert_int_eq(dd_list_connections(c, NULL, &l, &err), DD_E_TOO_LARGE);
    ck_assert_msg(strncmp(err.text, "response larger than 1 MiB", 26) == 0, "%s", err.text);
    ck_assert_int_eq(count("GET", CONN_PATH), 1);
    dd_conn_list_free(&l);
    dd_client_free(c);
}
END_TEST

/* The transport alone, asking for an uncompressed body: the cap must stop
 * a plain chunked answer too. */
START_TEST(size_cap_stops_plain_chunked_body)
{
    add_fault("{\"route\":\"list_connections\",\"kind\":\"oversize\",\"size\":8388608}");
    dd_http_opts ho = { .max_body = 1024 * 1024, .allow_http = true, .timeout_s = 20 };
    dd_http *h = dd_http_new(&ho);
    ck_assert_ptr_nonnull(h);
    char url[200];
    snprintf(url, sizeof(url), "%s%s", mock.url, CONN_PATH);
    const char *headers[] = { "Accept-Encoding: identity", "DD-API-KEY: " MOCK_API_KEY,
                              "DD-APPLICATION-KEY: " MOCK_APP_KEY };
    dd_http_req req = { .method = "GET", .url = url, .headers = headers, .n_headers = 3 };
    dd_http_resp resp;
    dd_error err;
    dd_error_init(&err);
    ck_assert_int_eq(dd_http_perform(h, &req, &resp, &err), DD_E_TOO_LARGE);
    ck_assert_ptr_null(resp.body);
    dd_http_resp_free(&resp);
    /* The handle is reusable afterwards. */
    mock_clear_faults(&mock);
    ck_assert_int_eq(dd_http_perform(h, &req, &resp, &err), DD_OK);
    ck_assert_int_eq(resp.status, 200);
    ck_assert_uint_gt(resp.len, 0);
    dd_http_resp_free(&resp);
    dd_http_free(h);
}
END_TEST

START_TEST(corrupt_bodies_are_protocol_errors)
{
    static const char *kinds[] = { "truncate", "malformed", "wrong_types" };
    dd_client *c = new_client();
    for (int i = 0; i < 3; i++) {
        mock_clear_faults(&mock);
        char fault[200];
        snprintf(fault, sizeof(fault), "{\"route\":\"list_connections\",\"kind\":\"%s\"}",
                 kinds[i]);
        add_fault(fault);
        dd_error err;
        dd_error_init(&err);
        dd_conn_list l;
        ck_assert_int_eq(dd_conn_list_init(&l), 0);
        dd_status st = dd_list_connections(c, NULL, &l, &err);
        ck_assert_msg(st == DD_E_PROTOCOL, "%s gave %s: %s", kinds[i], dd_status_name(st),
                      err.text);
        /* Fields of the wrong type are named as such, not as missing. */
        if (strcmp(kinds[i], "wrong_types") == 0)
            ck_assert_msg(strstr(err.text, "is not a") != NULL, "%s", err.text);
        dd_error_clear(&err);
        dd_conn_list_free(&l);
    }
    dd_client_free(c);
}
END_TEST

START_TEST(reset_is_a_network_error)
{
    char sink[64];
    free_sink(sink, sizeof(sink));
    add_fault("{\"route\":\"create_connection\",\"kind\":\"reset\"}");
    dd_client *c = new_client();
    dd_error err;
    dd_error_init(&err);
    dd_conn_list l;
    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    const char *types[] = { "logs" };
    ck_assert_int_eq(dd_create_connection(c, sink, types, 1, &l, &err), DD_E_NETWORK);
    ck_assert_ptr_nonnull(strstr(err.text, "127.0.0.1"));
    assert_no_keys(err.text);
    dd_conn_list_free(&l);
    dd_client_free(c);
}
END_TEST

START_TEST(timeout_names_the_host)
{
    add_fault("{\"route\":\"delete_salesforce\",\"latency_ms\":3000}");
    dd_client_opts o = base_opts();
    o.http.timeout_s = 1;
    dd_client *c = test_client_new(&o);
    dd_error err;
    dd_error_init(&err);
    double t0 = now_s();
    ck_assert_int_eq(dd_delete_salesforce(c, "sf-x", &err), DD_E_TIMEOUT);
    ck_assert_double_lt(now_s() - t0, 2.5);
    char want[200];
    snprintf(want, sizeof(want), "timed out after 1 s waiting for 127.0.0.1:%d", mock.port);
    ck_assert_str_eq(err.text, want);
    ck_assert(!err.not_sent); /* it reached the server, which may act on it */
    dd_client_free(c);
}
END_TEST

START_TEST(refused_connection_is_explained)
{
    dd_client_opts o = base_opts();
    o.base_url = "http://127.0.0.1:9";
    dd_client *c = test_client_new(&o);
    dd_error err;
    dd_error_init(&err);
    ck_assert_int_eq(dd_delete_connection(c, NO_SUCH_UUID, &err), DD_E_NETWORK);
    ck_assert_str_eq(err.text, "cannot connect to 127.0.0.1:9: Connection refused");
    ck_assert(err.not_sent);
    dd_client_free(c);

    /* Plain http is refused unless the configuration allowed it. */
    o = base_opts();
    o.http.allow_http = false;
    c = test_client_new(&o);
    mock_clear_requests(&mock);
    ck_assert_int_eq(dd_delete_connection(c, NO_SUCH_UUID, &err), DD_E_CONFIG);
    ck_assert_int_eq(count("DELETE", "/api/"), 0);
    dd_client_free(c);
}
END_TEST

/* ---- Cancellation ------------------------------------------------------- */

struct canceller {
    dd_client *c;
    long after_ms;
};

static void *cancel_later(void *p)
{
    struct canceller *k = p;
    struct timespec ts = { k->after_ms / 1000, (k->after_ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
    dd_client_cancel(k->c);
    return NULL;
}

static double cancelled_list_time(dd_client *c, long after_ms)
{
    struct canceller k = { c, after_ms };
    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, cancel_later, &k), 0);
    dd_error err;
    dd_error_init(&err);
    dd_conn_list l;
    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    double t0 = now_s();
    dd_status st = dd_list_connections(c, NULL, &l, &err);
    double elapsed = now_s() - t0;
    pthread_join(t, NULL);
    ck_assert_msg(st == DD_E_CANCELLED, "got %s: %s", dd_status_name(st), err.text);
    dd_conn_list_free(&l);
    dd_client_clear_cancel(c);
    return elapsed;
}

/* One rule for the audit record of a failed write: a write cancelled after
 * it left, or answered 5xx, may have been applied and its outcome says so;
 * one the server refused (404) or that never left (cancelled in a 429
 * wait) does not. */
START_TEST(audit_outcome_says_when_a_write_may_be_applied)
{
    char log[300];
    snprintf(log, sizeof(log), "%s/audit.log", tmpdir);
    dd_error err;
    dd_error_init(&err);
    dd_audit *a = dd_audit_open(log, &err);
    ck_assert_ptr_nonnull(a);
    dd_client_opts o = base_opts();
    o.audit = a;
    dd_client *c = test_client_new(&o);

    /* Sent, then cancelled while the answer drips in. */
    add_fault("{\"route\":\"delete_salesforce\",\"kind\":\"drip\",\"drip_ms\":2000}");
    struct canceller k = { c, 400 };
    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, cancel_later, &k), 0);
    ck_assert_int_eq(dd_delete_salesforce(c, "sf-any", &err), DD_E_CANCELLED);
    pthread_join(t, NULL);
    ck_assert(!err.not_sent);
    dd_error_clear(&err);
    dd_client_clear_cancel(c);
    ck_assert_int_eq(mock_clear_faults(&mock), 0);

    /* A 5xx: the server may have acted. */
    add_fault("{\"route\":\"delete_salesforce\",\"status\":503,\"times\":1}");
    ck_assert_int_eq(dd_delete_salesforce(c, "sf-any", &err), DD_E_HTTP);
    dd_error_clear(&err);
    /* Refused: the server said no. */
    ck_assert_int_eq(dd_delete_salesforce(c, "sf-any", &err), DD_E_HTTP);
    ck_assert_int_eq(err.http_status, 404);
    dd_error_clear(&err);
    /* Cancelled while waiting out a 429: refused, and the retry never left. */
    add_fault("{\"route\":\"delete_salesforce\",\"status\":429,\"ratelimit_reset\":5}");
    struct canceller k2 = { c, 400 };
    ck_assert_int_eq(pthread_create(&t, NULL, cancel_later, &k2), 0);
    ck_assert_int_eq(dd_delete_salesforce(c, "sf-any", &err), DD_E_CANCELLED);
    pthread_join(t, NULL);
    ck_assert(err.not_sent);
    ck_assert(!dd_error_write_maybe_applied(&err));
    dd_error_clear(&err);
    dd_client_free(c);
    dd_audit_close(a);

    dd_audit_entry *e = NULL;
    size_t n = 0;
    ck_assert_int_eq(dd_audit_read_recent(log, 10, &e, &n, &err), DD_OK);
    ck_assert_uint_eq(n, 8);
    ck_assert_str_eq(e[1].phase, "outcome");
    const char *doubt = "error: may have been applied (check before repeating): ";
    char want[200];
    snprintf(want, sizeof(want), "%srequest to 127.0.0.1:%d cancelled", doubt, mock.port);
    ck_assert_str_eq(e[1].result, want);
    ck_assert_msg(strncmp(e[3].result, doubt, strlen(doubt)) == 0, "%s", e[3].result);
    ck_assert_ptr_nonnull(strstr(e[3].result, "HTTP 503"));
    ck_assert_msg(strncmp(e[5].result, "error: HTTP 404", 15) == 0, "%s", e[5].result);
    ck_assert_str_eq(e[7].result, "error: cancelled while waiting to retry");
    free(e);
}
END_TEST

START_TEST(cancel_interrupts_drip_latency_and_backoff)
{
    dd_client *c = new_client();
    add_fault("{\"route\":\"list_connections\",\"kind\":\"drip\",\"drip_ms\":200}");
    double e1 = cancelled_list_time(c, 300);
    ck_assert_double_lt(e1, 0.8);
    mock_clear_faults(&mock);
    add_fault("{\"route\":\"list_connections\",\"latency_ms\":2000}");
    double e2 = cancelled_list_time(c, 300);
    ck_assert_double_lt(e2, 0.8);
    mock_clear_faults(&mock);
    /* A 500 puts the GET into its 2 s backoff; the cancel cuts it short. */
    add_fault("{\"route\":\"list_connections\",\"status\":500}");
    double e3 = cancelled_list_time(c, 300);
    ck_assert_double_lt(e3, 0.8);
    mock_clear_faults(&mock);

    /* After clear_cancel the client works again. */
    dd_error err;
    dd_error_init(&err);
    dd_conn_list l;
    ck_assert_int_eq(dd_conn_list_init(&l), 0);
    ck_assert_int_eq(dd_list_connections(c, NULL, &l, &err), DD_OK);
    dd_conn_list_free(&l);
    dd_client_free(c);
}
END_TEST

START_TEST(user_agent_names_ddorgs)
{
    const char *ua = dd_http_user_agent();
    ck_assert_msg(strncmp(ua, "ddorgs/" DDORGS_VERSION " (curl ", 9 + strlen(DDORGS_VERSION)) == 0,
                  "%s", ua);
    ck_assert_ptr_nonnull(strstr(ua, "; os linux; arch "));
}
END_TEST

static Suite *client_suite(void)
{
    Suite *s = suite_create("client_mock");
    TCase *calls = tcase_create("calls");
    tcase_add_checked_fixture(calls, setup, teardown);
    tcase_add_test(calls, list_one_page_and_filter);
    tcase_add_test(calls, create_update_delete_connection);
    tcase_add_test(calls, managed_orgs_of_the_account);
    tcase_add_test(calls, managed_orgs_per_keys);
    tcase_add_test(calls, managed_orgs_damaged_answer);
    tcase_add_test(calls, salesforce_list_and_delete);
    tcase_add_test(calls, disable_org_success_then_conflict);
    tcase_add_test(calls, create_errors);
    tcase_add_test(calls, update_and_delete_errors);
    tcase_add_test(calls, disable_errors_in_jsonapi_form);
    tcase_add_test(calls, bad_keys_give_401_without_echoing_them);
    tcase_add_test(calls, read_only_sends_no_write);
    tcase_add_test(calls, dry_run_prints_redacted_request_and_sends_nothing);
    tcase_add_test(calls, audit_records_each_write);
    tcase_add_test(calls, write_not_sent_when_audit_fails);
    tcase_add_test(calls, post_not_repeated_after_500);
    tcase_add_test(calls, get_retried_after_500);
    tcase_add_test(calls, redirect_not_followed_and_explained);
    tcase_add_test(calls, echoed_keys_are_redacted);
    tcase_add_test(calls, salesforce_delete_path_holds_the_id_as_one_segment);
    tcase_add_test(calls, malformed_answer_quoting_a_key_is_redacted);
    tcase_add_test(calls, connection_paths_hold_the_id_as_one_segment);
    tcase_add_test(calls, applied_write_with_unreadable_answer_says_so);
    tcase_add_test(calls, loopback_http_ignores_env_proxies);
    tcase_add_test(calls, plain_http_connects_to_loopback_only);
    tcase_add_test(calls, audit_site_names_the_destination);
    tcase_add_test(calls, on_wait_for_get_500_never_for_post_500);
    tcase_add_test(calls, rate_limit_reset_zero_or_implausible_waits_sensibly);
    tcase_add_test(calls, unreadable_reset_is_said_before_waiting);
    tcase_add_test(calls, answer_without_http_status_line_is_malformed);
    tcase_add_test(calls, on_wait_for_connection_failure);
    tcase_add_test(calls, size_cap_stops_gzip_body);
    tcase_add_test(calls, size_cap_stops_plain_chunked_body);
    tcase_add_test(calls, corrupt_bodies_are_protocol_errors);
    tcase_add_test(calls, reset_is_a_network_error);
    tcase_add_test(calls, timeout_names_the_host);
    tcase_add_test(calls, refused_connection_is_explained);
    tcase_add_test(calls, cancel_interrupts_drip_latency_and_backoff);
    tcase_add_test(calls, audit_outcome_says_when_a_write_may_be_applied);
    tcase_add_test(calls, user_agent_names_ddorgs);
    suite_add_tcase(s, calls);

    TCase *prop = tcase_create("redaction");
    tcase_add_checked_fixture(prop, setup_prop, teardown);
    tcase_set_timeout(prop, 600);
    tcase_add_test(prop, echoed_key_pieces_never_reach_any_output);
    suite_add_tcase(s, prop);

    TCase *big = tcase_create("paging");
    tcase_add_checked_fixture(big, setup_big, teardown);
    tcase_add_test(big, pages_ten_thousand_connections);
    suite_add_tcase(s, big);

    TCase *capped = tcase_create("capped");
    tcase_add_checked_fixture(capped, setup_capped, teardown);
    tcase_add_test(capped, capped_pages_walked_to_the_end);
    tcase_add_test(capped, empty_page_before_the_total_is_incomplete);
    suite_add_tcase(s, capped);

    TCase *oversized = tcase_create("oversized");
    tcase_add_checked_fixture(oversized, setup_oversized, teardown);
    tcase_add_test(oversized, pages_larger_than_asked_are_cut_at_max_rows);
    suite_add_tcase(s, oversized);

    TCase *limited = tcase_create("rate_limit");
    tcase_add_checked_fixture(limited, setup_limited, teardown);
    tcase_add_test(limited, rate_limit_waits_for_reset);
    tcase_add_test(limited, on_wait_names_the_rate_limit);
    suite_add_tcase(s, limited);
    return s;
}

int main(void)
{
    return dd_run_suite_http(client_suite());
}
