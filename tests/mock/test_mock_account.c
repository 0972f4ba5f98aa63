/* ddorgs-mock serves a whole account as the real service does: each org
 * has its own key pair, a request acts as the org of its keys, the list
 * holds only the connections that org takes part in, writes go through
 * the source (create) or either side (update, delete), org ids compare in
 * any case, and answers match the recorded real traffic. Also the eighth
 * endpoint, GET /api/v2/org, and the seeded account. */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <regex.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <curl/curl.h>

#include "mock/harness.h"
#include "suite_main.h"

extern char **environ;

#define CONN "/api/v2/org_connections"
#define ORGS "/api/v2/org"
#define DISABLE "/api/v2/org/disable"
#define NOW "--now", "2026-06-01T00:00:00Z"

/* The account of the fixture below: the self org (the configured keys),
 * A and B with keys of their own, C with keys and no connection, D
 * disabled, E without the permission to list orgs. */
#define SELF "11111111-1111-4111-8111-111111111111"
#define ORG_A "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
#define ORG_B "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"
#define ORG_C "cccccccc-cccc-4ccc-8ccc-cccccccccccc"
#define ORG_D "dddddddd-dddd-4ddd-8ddd-dddddddddddd"
#define ORG_E "eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee"
#define C1 "c1c1c1c1-0000-4000-8000-000000000001" /* self -> A */
#define C2 "c2c2c2c2-0000-4000-8000-000000000002" /* A -> self */
#define C3 "c3c3c3c3-0000-4000-8000-000000000003" /* A -> B */
#define C4 "c4c4c4c4-0000-4000-8000-000000000004" /* B -> self */
#define MISSING "00000000-0000-4000-8000-000000000000"

typedef struct keys {
    const char *api, *app;
} keys;

#define A_API "a-api-0000000000000000000000000001"
#define A_APP "a-app-00000000000000000000000000000000001"
#define B_API "b-api-0000000000000000000000000002"
#define B_APP "b-app-00000000000000000000000000000000002"
#define C_API "c-api-0000000000000000000000000003"
#define C_APP "c-app-00000000000000000000000000000000003"
#define D_API "d-api-0000000000000000000000000004"
#define D_APP "d-app-00000000000000000000000000000000004"
#define E_API "e-api-0000000000000000000000000005"
#define E_APP "e-app-00000000000000000000000000000000005"

static const keys K_SELF = {MOCK_API_KEY, MOCK_APP_KEY};
static const keys K_A = {A_API, A_APP};
static const keys K_B = {B_API, B_APP};
static const keys K_C = {C_API, C_APP};
static const keys K_D = {D_API, D_APP};
static const keys K_E = {E_API, E_APP};
static const keys K_MIXED = {A_API, B_APP}; /* halves of two orgs' pairs */

#define ORG_JSON(id, name, api, app, extra)                                                  \
    "{\"id\":\"" id "\",\"name\":\"" name "\",\"created_at\":\"2024-01-01T00:00:00Z\","      \
    "\"api_key\":\"" api "\",\"app_key\":\"" app "\"" extra "}"
#define CONN_JSON(id, src, sink, by)                                                         \
    "{\"id\":\"" id "\",\"source_org_id\":\"" src "\",\"sink_org_id\":\"" sink "\","         \
    "\"connection_types\":[\"logs\"],\"created_at\":\"2025-08-26T20:19:36.177236+00:00\","   \
    "\"created_by_id\":\"" by "\"}"

static const char FIXTURE[] =
    "{\"self_org_id\":\"" SELF "\",\"self_user\":{\"id\":\"u-self\",\"name\":\"Pat Self\"},"
    "\"users\":[{\"id\":\"u-a\",\"name\":\"Ann A\"},{\"id\":\"u-b\",\"name\":\"Bo B\"}],"
    "\"orgs\":["
    "{\"id\":\"" SELF "\",\"name\":\"Self Org\",\"created_at\":\"2026-05-31T00:00:00Z\","
    "\"public_id\":\"selfpub\",\"description\":\"The parent\",\"url\":\"https://app.datadoghq.com\","
    "\"sharing\":\"Disabled\",\"modified_at\":\"2026-05-31T01:00:00.000001+00:00\"},"
    ORG_JSON(ORG_A, "Alpha", A_API, A_APP, ",\"user_id\":\"u-a\"") ","
    ORG_JSON(ORG_B, "Bravo", B_API, B_APP, ",\"user_id\":\"u-b\"") ","
    ORG_JSON(ORG_C, "Charlie", C_API, C_APP, "") ","
    ORG_JSON(ORG_D, "Delta", D_API, D_APP, ",\"disabled\":true") ","
    ORG_JSON(ORG_E, "Echo", E_API, E_APP, ",\"list_orgs_permission\":false") "],"
    "\"connections\":[" CONN_JSON(C1, SELF, ORG_A, "u-self") "," CONN_JSON(C2, ORG_A, SELF, "u-a")
    "," CONN_JSON(C3, ORG_A, ORG_B, "u-a") "," CONN_JSON(C4, ORG_B, SELF, "u-b") "]}";

typedef struct reply {
    long status;
    char *body;
    cJSON *json;
    char headers[4096];
    size_t hlen;
} reply;

static size_t on_body(char *p, size_t s, size_t n, void *ud)
{
    reply *r = ud;
    size_t len = r->body ? strlen(r->body) : 0;
    char *b = realloc(r->body, len + s * n + 1);
    if (!b)
        return 0;
    memcpy(b + len, p, s * n);
    b[len + s * n] = '\0';
    r->body = b;
    return s * n;
}

static size_t on_header(char *p, size_t s, size_t n, void *ud)
{
    reply *r = ud;
    size_t k = s * n;
    if (r->hlen + k < sizeof r->headers) {
        memcpy(r->headers + r->hlen, p, k);
        r->hlen += k;
        r->headers[r->hlen] = '\0';
    }
    return k;
}

/* An API call with a key pair (k NULL: none). */
static reply call_as(mock_proc *m, const keys *k, const char *method, const char *path,
                     const char *body)
{
    reply r = {0};
    CURL *c = curl_easy_init();
    char url[600], h1[128], h2[128];
    snprintf(url, sizeof url, "%s%s", m->url, path);
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    if (k) {
        snprintf(h1, sizeof h1, "DD-API-KEY: %s", k->api);
        snprintf(h2, sizeof h2, "DD-APPLICATION-KEY: %s", k->app);
        h = curl_slist_append(h, h1);
        h = curl_slist_append(h, h2);
    }
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &r);
    if (body)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    r.status = curl_easy_perform(c) == CURLE_OK ? 0 : -1;
    if (r.status == 0)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    r.json = r.body ? cJSON_Parse(r.body) : NULL;
    return r;
}

static void reply_free(reply *r)
{
    free(r->body);
    cJSON_Delete(r->json);
}

static const cJSON *get(const cJSON *j, const char *a, const char *b, const char *c)
{
    j = cJSON_GetObjectItemCaseSensitive(j, a);
    if (b)
        j = cJSON_GetObjectItemCaseSensitive(j, b);
    if (c)
        j = cJSON_GetObjectItemCaseSensitive(j, c);
    return j;
}

static const char *str(const cJSON *j)
{
    ck_assert_msg(cJSON_IsString(j), "not a string");
    return j->valuestring;
}

static const char *err_str(const reply *r)
{
    const cJSON *e = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r->json, "errors"), 0);
    return cJSON_IsString(e) ? e->valuestring : "";
}

/* Expects status and exactly this one string error. */
static void expect_exact(mock_proc *m, const keys *k, const char *method, const char *path,
                         const char *body, long status, const char *msg)
{
    reply r = call_as(m, k, method, path, body);
    ck_assert_msg(r.status == status, "%s %s: got %ld %s", method, path, r.status,
                  r.body ? r.body : "");
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(r.json, "errors")), 1);
    ck_assert_str_eq(err_str(&r), msg);
    reply_free(&r);
}

static void start_account(mock_proc *m, const char *const *args)
{
    ck_assert_int_eq(mock_start(m, args), 0);
    ck_assert_int_eq(mock_load_state(m, FIXTURE), 0);
    ck_assert_int_eq(mock_clear_requests(m), 0);
}

/* The ids of a list answer's rows, comma-joined in order, into buf. */
static const char *row_ids(const reply *r, char *buf, size_t n)
{
    buf[0] = '\0';
    const cJSON *row;
    cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(r->json, "data")) {
        size_t used = strlen(buf);
        snprintf(buf + used, n - used, "%s%.2s", used ? "," : "", str(get(row, "id", NULL, NULL)));
    }
    return buf;
}

/* GET path as k: the row ids ("c1,c2") and the two counts. */
static void expect_list(mock_proc *m, const keys *k, const char *path, const char *ids,
                        int total, int filtered)
{
    reply r = call_as(m, k, "GET", path, NULL);
    ck_assert_msg(r.status == 200, "GET %s: %ld %s", path, r.status, r.body ? r.body : "");
    char got[256];
    ck_assert_str_eq(row_ids(&r, got, sizeof got), ids);
    ck_assert_int_eq(get(r.json, "meta", "page", "total_count")->valueint, total);
    ck_assert_int_eq(get(r.json, "meta", "page", "total_filtered_count")->valueint, filtered);
    reply_free(&r);
}

/* Upper-cases the first n bytes of s (all of it when n is 0). */
static void upper_n(char *s, size_t n)
{
    for (size_t i = 0; s[i] && (n == 0 || i < n); i++)
        if (s[i] >= 'a' && s[i] <= 'z')
            s[i] = (char)(s[i] - 'a' + 'A');
}

static void upper(char *s) { upper_n(s, 0); }

/* total_count of the org's list. */
static int list_total(mock_proc *m, const keys *k)
{
    reply r = call_as(m, k, "GET", CONN "?limit=1", NULL);
    ck_assert_int_eq(r.status, 200);
    int n = get(r.json, "meta", "page", "total_count")->valueint;
    reply_free(&r);
    return n;
}

static char *create_body(const char *sink, const char *types)
{
    char *b = malloc(512);
    snprintf(b, 512,
             "{\"data\":{\"type\":\"org_connection\",\"relationships\":{\"sink_org\":{\"data\":"
             "{\"type\":\"orgs\",\"id\":\"%s\"}}},\"attributes\":{\"connection_types\":%s}}}",
             sink, types);
    return b;
}

#define PATCH_FMT                                                                            \
    "{\"data\":{\"type\":\"org_connection\",\"id\":\"%s\",\"attributes\":"                     \
    "{\"connection_types\":%s}}}"

/* ---- Who sees what -------------------------------------------------------- */

START_TEST(list_holds_only_the_orgs_own_connections)
{
    mock_proc m;
    start_account(&m, NULL);
    expect_list(&m, &K_SELF, CONN, "c1,c2,c4", 3, 3);
    expect_list(&m, &K_A, CONN, "c1,c2,c3", 3, 3);
    expect_list(&m, &K_B, CONN, "c3,c4", 2, 2);
    /* Filters narrow the org's own list; the total stays the org's. */
    expect_list(&m, &K_A, CONN "?source_org_id=" ORG_A, "c2,c3", 3, 2);
    expect_list(&m, &K_SELF, CONN "?sink_org_id=" SELF, "c2,c4", 3, 2);
    expect_list(&m, &K_SELF, CONN "?sink_org_id=" ORG_B, "", 3, 0);
    expect_list(&m, &K_SELF, CONN "?limit=1&offset=1", "c2", 3, 3);
    /* An org that takes part in nothing: exactly the recorded empty list. */
    reply r = call_as(&m, &K_C, "GET", CONN, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.body, "{\"data\":[],\"meta\":{\"page\":{\"total_count\":0,"
                             "\"total_filtered_count\":0}}}");
    reply_free(&r);
    /* The request log names the org whose keys were used, never the keys. */
    cJSON *reqs = mock_requests(&m);
    const cJSON *last = cJSON_GetArrayItem(reqs, cJSON_GetArraySize(reqs) - 1);
    ck_assert_str_eq(str(get(last, "org_id", NULL, NULL)), ORG_C);
    cJSON_Delete(reqs);
    mock_stop(&m);
}
END_TEST

START_TEST(keys_name_one_org)
{
    mock_proc m;
    start_account(&m, NULL);
    /* A pair is one org's: halves of two pairs are no pair. */
    expect_exact(&m, &K_MIXED, "GET", CONN, NULL, 401, "Unauthorized");
    expect_exact(&m, NULL, "GET", ORGS, NULL, 401, "Unauthorized");
    /* A disabled org's keys are refused. */
    expect_exact(&m, &K_D, "GET", CONN, NULL, 403, "Forbidden");
    /* The configured pair stays the self org's whatever the fixture says. */
    expect_list(&m, &K_SELF, CONN, "c1,c2,c4", 3, 3);
    cJSON *reqs = mock_requests(&m);
    ck_assert(cJSON_IsNull(get(cJSON_GetArrayItem(reqs, 0), "org_id", NULL, NULL)));
    cJSON_Delete(reqs);
    mock_stop(&m);
}
END_TEST

START_TEST(create_from_the_keys_org_only)
{
    mock_proc m;
    start_account(&m, NULL);
    /* B creates to C: B is the source; C and B see it, the self org not. */
    char *b = create_body(ORG_C, "[\"metrics\"]");
    reply r = call_as(&m, &K_B, "POST", CONN, b);
    free(b);
    ck_assert_int_eq(r.status, 200);
    const cJSON *d = get(r.json, "data", NULL, NULL);
    ck_assert_str_eq(str(get(d, "relationships", "source_org", "data")->child), ORG_B);
    ck_assert_str_eq(str(get(get(d, "relationships", "source_org", "data"), "name", NULL, NULL)),
                     "Bravo");
    ck_assert_str_eq(str(get(get(d, "relationships", "created_by", "data"), "id", NULL, NULL)),
                     "u-b");
    ck_assert_str_eq(str(get(get(d, "relationships", "created_by", "data"), "name", NULL, NULL)),
                     "Bo B");
    reply_free(&r);
    ck_assert_int_eq(list_total(&m, &K_C), 1);
    ck_assert_int_eq(list_total(&m, &K_B), 3);
    expect_list(&m, &K_SELF, CONN, "c1,c2,c4", 3, 3);
    /* A pair exists per direction: A -> self exists, self -> A too, so
     * the self org's create to A is 409; C's to A is new. */
    char msg[200];
    snprintf(msg, sizeof msg, "connection between orgs %s and %s already exists", SELF, ORG_A);
    b = create_body(ORG_A, "[\"logs\"]");
    expect_exact(&m, &K_SELF, "POST", CONN, b, 409, msg);
    r = call_as(&m, &K_C, "POST", CONN, b);
    ck_assert_int_eq(r.status, 200);
    reply_free(&r);
    free(b);
    mock_stop(&m);
}
END_TEST

START_TEST(update_and_delete_from_either_side)
{
    mock_proc m;
    start_account(&m, NULL);
    char body[400], msg[200];
    /* C1 is self -> A: A, its sink, may change it; B may not know it. */
    snprintf(body, sizeof body, PATCH_FMT, C1, "[\"audit\"]");
    reply r = call_as(&m, &K_A, "PATCH", CONN "/" C1, body);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(str(cJSON_GetArrayItem(get(r.json, "data", "attributes", "connection_types"),
                                            0)),
                     "audit");
    reply_free(&r);
    snprintf(msg, sizeof msg, "Org connection with id:%s not found not found", C1);
    expect_exact(&m, &K_B, "PATCH", CONN "/" C1, body, 404, msg);
    snprintf(msg, sizeof msg, "org connection with id:%s not found not found", C1);
    expect_exact(&m, &K_B, "DELETE", CONN "/" C1, NULL, 404, msg);
    /* The sink deletes it: gone for both sides at once. */
    r = call_as(&m, &K_A, "DELETE", CONN "/" C1, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.body, "{}");
    reply_free(&r);
    expect_list(&m, &K_SELF, CONN, "c2,c4", 2, 2);
    expect_list(&m, &K_A, CONN, "c2,c3", 2, 2);
    /* The source deletes its own too. */
    r = call_as(&m, &K_B, "DELETE", CONN "/" C4, NULL);
    ck_assert_int_eq(r.status, 200);
    reply_free(&r);
    expect_list(&m, &K_SELF, CONN, "c2", 1, 1);
    mock_stop(&m);
}
END_TEST

/* ---- Org ids in any case -------------------------------------------------- */

/* Only the configured keys and the seeded account: this runs against any
 * version of the mock. */
START_TEST(org_ids_compare_in_any_case)
{
    mock_proc m;
    const char *const args[] = {"--orgs", "6", "--connections", "0", NOW, NULL};
    ck_assert_int_eq(mock_start(&m, args), 0);
    cJSON *st = mock_state(&m);
    char self[64], sink[64], up_self[64], up_sink[64];
    snprintf(self, sizeof self, "%s", str(get(st, "self_org_id", NULL, NULL)));
    const cJSON *o;
    cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(st, "orgs")) {
        if (strcmp(str(get(o, "id", NULL, NULL)), self) != 0)
            snprintf(sink, sizeof sink, "%s", str(get(o, "id", NULL, NULL)));
    }
    cJSON_Delete(st);
    snprintf(up_self, sizeof up_self, "%s", self);
    snprintf(up_sink, sizeof up_sink, "%s", sink);
    upper(up_self);
    upper(up_sink);
    /* An upper-case sink is the same org: created, named as the
     * directory names it. */
    char *b = create_body(up_sink, "[\"logs\"]");
    reply r = call_as(&m, &K_SELF, "POST", CONN, b);
    ck_assert_msg(r.status == 200, "%ld %s", r.status, r.body);
    ck_assert_str_eq(str(get(get(r.json, "data", "relationships", "sink_org"), "data", "id", NULL)),
                     sink);
    reply_free(&r);
    /* ... and the same pair: a second create is 409. */
    r = call_as(&m, &K_SELF, "POST", CONN, b);
    ck_assert_int_eq(r.status, 409);
    reply_free(&r);
    free(b);
    /* Filters in upper case find the row. */
    char path[300];
    snprintf(path, sizeof path, CONN "?sink_org_id=%s", up_sink);
    r = call_as(&m, &K_SELF, "GET", path, NULL);
    ck_assert_int_eq(cJSON_GetArraySize(get(r.json, "data", NULL, NULL)), 1);
    ck_assert_int_eq(get(r.json, "meta", "page", "total_filtered_count")->valueint, 1);
    reply_free(&r);
    snprintf(path, sizeof path, CONN "?source_org_id=%s&sink_org_id=%s", up_self, sink);
    r = call_as(&m, &K_SELF, "GET", path, NULL);
    ck_assert_int_eq(cJSON_GetArraySize(get(r.json, "data", NULL, NULL)), 1);
    reply_free(&r);
    /* The self org as sink, in upper case: "not allowed", not 404. */
    b = create_body(up_self, "[\"logs\"]");
    r = call_as(&m, &K_SELF, "POST", CONN, b);
    ck_assert_int_eq(r.status, 400);
    reply_free(&r);
    free(b);
    mock_stop(&m);
}
END_TEST

START_TEST(fixture_ids_in_another_case_are_one_org)
{
    mock_proc m;
    start_account(&m, NULL);
    char doc[sizeof FIXTURE + 64];
    snprintf(doc, sizeof doc, "%s", FIXTURE);
    /* C3's sink in upper case: still B's connection. */
    char *at = strstr(doc, "\"sink_org_id\":\"" ORG_B "\"");
    ck_assert_ptr_nonnull(at);
    upper_n(at + strlen("\"sink_org_id\":\""), 36);
    ck_assert_int_eq(mock_load_state(&m, doc), 0);
    expect_list(&m, &K_B, CONN, "c3,c4", 2, 2);
    /* Two orgs whose ids differ only in case are one org twice. */
    char *dup = strdup(FIXTURE);
    char *c_id = strstr(dup, "\"id\":\"" ORG_C "\"");
    memcpy(c_id + 6, "AAAAAAAA-AAAA-4AAA-8AAA-AAAAAAAAAAAA", 36);
    char *resp = NULL;
    ck_assert_int_eq(mock_http(&m, "PUT", "/_mock/state", dup, &resp), 400);
    ck_assert_ptr_nonnull(strstr(resp, "duplicate org id"));
    free(resp);
    free(dup);
    mock_stop(&m);
}
END_TEST

/* ---- The fixture's keys --------------------------------------------------- */

START_TEST(fixture_keys_are_checked)
{
    mock_proc m;
    ck_assert_int_eq(mock_start(&m, NULL), 0);
    static const struct {
        const char *orgs;
        const char *why;
    } bad[] = {
        {"[{\"id\":\"o1\",\"name\":\"A\",\"created_at\":\"2024-01-01T00:00:00Z\","
         "\"api_key\":\"x-api-000000000000000000000000000001\"}]",
         "give both api_key and app_key"},
        {"[{\"id\":\"o1\",\"name\":\"A\",\"created_at\":\"2024-01-01T00:00:00Z\","
         "\"api_key\":\"k k\",\"app_key\":\"kk\"}]",
         "printable ASCII"},
        {"[{\"id\":\"o1\",\"name\":\"A\",\"created_at\":\"2024-01-01T00:00:00Z\","
         "\"api_key\":\"k1\",\"app_key\":\"k2\"},{\"id\":\"o2\",\"name\":\"B\","
         "\"created_at\":\"2024-01-01T00:00:00Z\",\"api_key\":\"k1\",\"app_key\":\"k2\"}]",
         "already belongs to another org"},
        {"[{\"id\":\"o1\",\"name\":\"A\",\"created_at\":\"2024-01-01T00:00:00Z\","
         "\"user_id\":\"nobody\"}]",
         "user_id 'nobody'"},
        {"[{\"id\":\"o1\",\"name\":\"A\",\"created_at\":\"2024-01-01T00:00:00Z\","
         "\"list_orgs_permission\":\"no\"}]",
         "must be booleans"},
        {"[{\"id\":\"o1\",\"name\":\"A\",\"created_at\":\"2024-01-01T00:00:00Z\","
         "\"description\":7}]",
         "description must be a string or null"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char doc[1024], *resp = NULL;
        snprintf(doc, sizeof doc,
                 "{\"self_org_id\":\"o1\",\"self_user\":{\"id\":\"u1\",\"name\":\"U\"},"
                 "\"orgs\":%s}",
                 bad[i].orgs);
        ck_assert_int_eq(mock_http(&m, "PUT", "/_mock/state", doc, &resp), 400);
        ck_assert_msg(strstr(resp, bad[i].why), "%zu: %s lacks %s", i, resp, bad[i].why);
        free(resp);
    }
    /* The account's own document round-trips: keys and attributes kept,
     * what it left out left out. */
    ck_assert_int_eq(mock_load_state(&m, FIXTURE), 0);
    cJSON *a = mock_state(&m);
    char *text = cJSON_PrintUnformatted(a);
    ck_assert_int_eq(mock_load_state(&m, text), 0);
    cJSON *b = mock_state(&m);
    ck_assert(cJSON_Compare(a, b, 1));
    const cJSON *e = cJSON_GetArrayItem(get(a, "orgs", NULL, NULL), 5);
    ck_assert(cJSON_IsFalse(get(e, "list_orgs_permission", NULL, NULL)));
    ck_assert_ptr_null(get(cJSON_GetArrayItem(get(a, "orgs", NULL, NULL), 3), "public_id", NULL,
                           NULL));
    free(text);
    cJSON_Delete(a);
    cJSON_Delete(b);
    mock_stop(&m);
}
END_TEST

/* ---- Answers as recorded -------------------------------------------------- */

/* Every attribute of an included org, nulls included, and nothing else. */
static void expect_org_resource(const cJSON *o)
{
    static const char *const names[] = {"public_id", "name",     "description", "sharing",
                                        "url",       "disabled", "created_at",  "modified_at"};
    ck_assert_str_eq(str(get(o, "type", NULL, NULL)), "orgs");
    const cJSON *a = get(o, "attributes", NULL, NULL);
    ck_assert_int_eq(cJSON_GetArraySize(a), 8);
    for (size_t i = 0; i < 8; i++)
        ck_assert_msg(get(a, names[i], NULL, NULL), "included org lacks %s", names[i]);
    ck_assert(cJSON_IsString(get(a, "public_id", NULL, NULL)));
    ck_assert(cJSON_IsString(get(a, "sharing", NULL, NULL)));
    ck_assert(cJSON_IsBool(get(a, "disabled", NULL, NULL)));
}

START_TEST(list_includes_its_orgs_and_users)
{
    mock_proc m;
    start_account(&m, NULL);
    reply r = call_as(&m, &K_SELF, "GET", CONN, NULL);
    const cJSON *inc = get(r.json, "included", NULL, NULL);
    /* self, A, B and the three creators, each once, in the order named. */
    static const char *const want[][2] = {
        {SELF, "orgs"}, {ORG_A, "orgs"}, {"u-self", "users"}, {"u-a", "users"},
        {ORG_B, "orgs"}, {"u-b", "users"},
    };
    ck_assert_int_eq(cJSON_GetArraySize(inc), 6);
    for (int i = 0; i < 6; i++) {
        const cJSON *it = cJSON_GetArrayItem(inc, i);
        ck_assert_str_eq(str(get(it, "id", NULL, NULL)), want[i][0]);
        ck_assert_str_eq(str(get(it, "type", NULL, NULL)), want[i][1]);
        if (strcmp(want[i][1], "orgs") == 0)
            expect_org_resource(it);
    }
    const cJSON *self = get(cJSON_GetArrayItem(inc, 0), "attributes", NULL, NULL);
    ck_assert_str_eq(str(get(self, "public_id", NULL, NULL)), "selfpub");
    ck_assert_str_eq(str(get(self, "description", NULL, NULL)), "The parent");
    ck_assert_str_eq(str(get(self, "modified_at", NULL, NULL)),
                     "2026-05-31T01:00:00.000001+00:00");
    /* Attributes the fixture left out: derived public id, nulls. */
    const cJSON *a = get(cJSON_GetArrayItem(inc, 1), "attributes", NULL, NULL);
    ck_assert_str_eq(str(get(a, "public_id", NULL, NULL)), "aaaaaaaaaaaa4aaa");
    ck_assert(cJSON_IsNull(get(a, "description", NULL, NULL)));
    ck_assert(cJSON_IsNull(get(a, "url", NULL, NULL)));
    ck_assert(cJSON_IsNull(get(a, "modified_at", NULL, NULL)));
    ck_assert_str_eq(str(get(cJSON_GetArrayItem(inc, 2), "attributes", "name", NULL)),
                     "Pat Self");
    reply_free(&r);
    mock_stop(&m);
}
END_TEST

START_TEST(created_at_has_microseconds)
{
    mock_proc m;
    ck_assert_int_eq(mock_start(&m, (const char *const[]){"--orgs", "4", "--connections", "0",
                                                          NULL}),
                     0);
    cJSON *st = mock_state(&m);
    const char *self = str(get(st, "self_org_id", NULL, NULL));
    const char *sink = NULL;
    const cJSON *o;
    cJSON_ArrayForEach(o, get(st, "orgs", NULL, NULL)) {
        if (strcmp(str(get(o, "id", NULL, NULL)), self) != 0)
            sink = str(get(o, "id", NULL, NULL));
        /* Seeded orgs' dates are in the recorded form too. */
        regex_t re;
        ck_assert_int_eq(regcomp(&re, "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
                                      "\\.[0-9]{6}\\+00:00$", REG_EXTENDED | REG_NOSUB), 0);
        ck_assert_int_eq(regexec(&re, str(get(o, "created_at", NULL, NULL)), 0, NULL, 0), 0);
        regfree(&re);
    }
    char *b = create_body(sink, "[\"logs\"]");
    reply r = call_as(&m, &K_SELF, "POST", CONN, b);
    free(b);
    ck_assert_int_eq(r.status, 200);
    const char *when = str(get(r.json, "data", "attributes", "created_at"));
    /* The wall clock's microseconds: "2025-08-26T20:19:36.177236+00:00". */
    ck_assert_int_eq(strlen(when), 32);
    ck_assert(when[19] == '.' && strcmp(when + 26, "+00:00") == 0);
    for (int i = 20; i < 26; i++)
        ck_assert(when[i] >= '0' && when[i] <= '9');
    reply_free(&r);
    cJSON_Delete(st);
    mock_stop(&m);
}
END_TEST

START_TEST(patch_answer_has_ids_without_names)
{
    mock_proc m;
    start_account(&m, NULL);
    char body[400];
    snprintf(body, sizeof body, PATCH_FMT, C2, "[\"metrics\",\"logs\"]");
    reply r = call_as(&m, &K_SELF, "PATCH", CONN "/" C2, body);
    ck_assert_int_eq(r.status, 200);
    const cJSON *rels = get(r.json, "data", "relationships", NULL);
    static const char *const names[] = {"source_org", "sink_org", "created_by"};
    static const char *const ids[] = {ORG_A, SELF, "u-a"};
    for (int i = 0; i < 3; i++) {
        const cJSON *d = get(rels, names[i], "data", NULL);
        ck_assert_str_eq(str(get(d, "id", NULL, NULL)), ids[i]);
        ck_assert_ptr_null(get(d, "name", NULL, NULL));
        ck_assert_ptr_nonnull(get(d, "type", NULL, NULL));
    }
    reply_free(&r);
    /* The list still names them. */
    r = call_as(&m, &K_SELF, "GET", CONN "?source_org_id=" ORG_A, NULL);
    ck_assert_str_eq(str(get(get(cJSON_GetArrayItem(get(r.json, "data", NULL, NULL), 0),
                                 "relationships", "source_org", "data"),
                             "name", NULL, NULL)),
                     "Alpha");
    reply_free(&r);
    mock_stop(&m);
}
END_TEST

START_TEST(recorded_error_messages)
{
    mock_proc m;
    start_account(&m, NULL);
    char msg[200], body[400];
    char *b = create_body(ORG_C, "[\"logs\",\"logs\"]");
    snprintf(msg, sizeof msg, "connection between orgs %s and %s is not allowed", SELF, ORG_C);
    expect_exact(&m, &K_SELF, "POST", CONN, b, 400, msg);
    free(b);
    b = create_body(MISSING, "[\"logs\"]");
    expect_exact(&m, &K_SELF, "POST", CONN, b, 404, "Not found");
    free(b);
    expect_exact(&m, &K_SELF, "DELETE", CONN "/malformed_id", NULL, 400,
                 "connection id must be a valid uuid");
    snprintf(msg, sizeof msg, "org connection with id:%s not found not found", MISSING);
    expect_exact(&m, &K_SELF, "DELETE", CONN "/" MISSING, NULL, 404, msg);
    snprintf(body, sizeof body, PATCH_FMT, C1, "[\"logs\",\"logs\"]");
    expect_exact(&m, &K_SELF, "PATCH", CONN "/" C1, body, 400, "Validation failed for input.");
    snprintf(body, sizeof body, PATCH_FMT, MISSING, "[\"logs\"]");
    snprintf(msg, sizeof msg, "Org connection with id:%s not found not found", MISSING);
    expect_exact(&m, &K_SELF, "PATCH", CONN "/" MISSING, body, 404, msg);
    /* Nothing changed. */
    expect_list(&m, &K_SELF, CONN, "c1,c2,c4", 3, 3);
    mock_stop(&m);
}
END_TEST

static long header_long(const reply *r, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = r->headers; (p = strchr(p, '\n'));) {
        p++;
        if (strncasecmp(p, name, n) == 0 && p[n] == ':')
            return strtol(p + n + 1, NULL, 10);
    }
    return -1;
}

static void expect_rl_headers(const reply *r, const char *name)
{
    ck_assert_msg(header_long(r, "X-RateLimit-Limit") > 0, "no limit header: %s", r->headers);
    ck_assert(header_long(r, "X-RateLimit-Period") > 0);
    ck_assert(header_long(r, "X-RateLimit-Remaining") >= 0);
    ck_assert(header_long(r, "X-RateLimit-Reset") >= 1);
    char want[80];
    snprintf(want, sizeof want, "X-RateLimit-Name: %s\r\n", name);
    ck_assert_msg(strcasestr(r->headers, want), "%s not in %s", want, r->headers);
}

START_TEST(rate_limit_headers_on_errors_and_per_org_windows)
{
    mock_proc m;
    start_account(&m, (const char *const[]){"--rate-limit", "5/60", NULL});
    char body[400];
    snprintf(body, sizeof body, PATCH_FMT, C1, "[\"logs\",\"logs\"]");
    struct {
        const keys *k;
        const char *method, *path, *body;
        long status;
        const char *group;
    } cases[] = {
        {&K_SELF, "PATCH", CONN "/" C1, body, 400, "org_connections"},
        {&K_SELF, "DELETE", CONN "/" MISSING, NULL, 404, "org_connections"},
        {&K_MIXED, "GET", CONN, NULL, 401, "org_connections"},
        {&K_D, "GET", CONN, NULL, 403, "org_connections"},
        {&K_E, "GET", ORGS, NULL, 403, "orgs"},
        {NULL, "POST", DISABLE, "{}", 401, "org_disable"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        reply r = call_as(&m, cases[i].k, cases[i].method, cases[i].path, cases[i].body);
        ck_assert_msg(r.status == cases[i].status, "case %zu: %ld", i, r.status);
        expect_rl_headers(&r, cases[i].group);
        reply_free(&r);
    }
    /* The self org has spent 2 of its 5; three more, then 429 for it
     * alone: A's window is its own. */
    for (int i = 0; i < 3; i++) {
        reply r = call_as(&m, &K_SELF, "GET", CONN, NULL);
        ck_assert_int_eq(r.status, 200);
        reply_free(&r);
    }
    reply r = call_as(&m, &K_SELF, "GET", CONN, NULL);
    ck_assert_int_eq(r.status, 429);
    ck_assert_int_eq(header_long(&r, "X-RateLimit-Remaining"), 0);
    expect_rl_headers(&r, "org_connections");
    reply_free(&r);
    r = call_as(&m, &K_A, "GET", CONN, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(header_long(&r, "X-RateLimit-Remaining"), 4);
    reply_free(&r);
    mock_stop(&m);
}
END_TEST

START_TEST(share_limit_option)
{
    mock_proc m;
    /* The self org shares with A already: with a limit of 2 it may add one
     * more sink, then no more; A (sharing with self and B) may add none. */
    start_account(&m, (const char *const[]){"--share-limit", "2", NULL});
    char *b = create_body(ORG_B, "[\"logs\"]");
    reply r = call_as(&m, &K_SELF, "POST", CONN, b);
    ck_assert_int_eq(r.status, 200);
    reply_free(&r);
    free(b);
    char msg[300];
    snprintf(msg, sizeof msg,
             "connection between orgs %s and %s is not allowed: org %s already shares with 2 "
             "orgs, the most it may share with",
             SELF, ORG_C, SELF);
    b = create_body(ORG_C, "[\"logs\"]");
    expect_exact(&m, &K_SELF, "POST", CONN, b, 400, msg);
    snprintf(msg, sizeof msg,
             "connection between orgs %s and %s is not allowed: org %s already shares with 2 "
             "orgs, the most it may share with",
             ORG_A, ORG_C, ORG_A);
    expect_exact(&m, &K_A, "POST", CONN, b, 400, msg);
    /* Receiving does not count: C shares with nobody and may. */
    free(b);
    b = create_body(SELF, "[\"logs\"]");
    r = call_as(&m, &K_C, "POST", CONN, b);
    ck_assert_int_eq(r.status, 200);
    reply_free(&r);
    /* Once a sink goes, there is room again. */
    r = call_as(&m, &K_SELF, "DELETE", CONN "/" C1, NULL);
    ck_assert_int_eq(r.status, 200);
    reply_free(&r);
    free(b);
    b = create_body(ORG_C, "[\"logs\"]");
    r = call_as(&m, &K_SELF, "POST", CONN, b);
    ck_assert_int_eq(r.status, 200);
    reply_free(&r);
    free(b);
    mock_stop(&m);

    /* Off by default: a source shares with as many orgs as it likes,
     * past the documented 5. */
    ck_assert_int_eq(mock_start(&m, (const char *const[]){"--orgs", "9", "--connections", "0",
                                                          NULL}),
                     0);
    cJSON *st = mock_state(&m);
    const char *self = str(get(st, "self_org_id", NULL, NULL));
    const cJSON *o;
    int made = 0;
    cJSON_ArrayForEach(o, get(st, "orgs", NULL, NULL)) {
        if (strcmp(str(get(o, "id", NULL, NULL)), self) == 0)
            continue;
        b = create_body(str(get(o, "id", NULL, NULL)), "[\"logs\"]");
        r = call_as(&m, &K_SELF, "POST", CONN, b);
        ck_assert_int_eq(r.status, 200);
        reply_free(&r);
        free(b);
        made++;
    }
    ck_assert_int_eq(made, 8);
    cJSON_Delete(st);
    mock_stop(&m);
}
END_TEST

/* ---- Org disable: null is no value --------------------------------------- */

/* Only the configured keys: this runs against any version of the mock. */
START_TEST(disable_with_nulls_is_400)
{
    mock_proc m;
    ck_assert_int_eq(mock_start(&m, (const char *const[]){NOW, NULL}), 0);
    static const struct {
        const char *body, *pointer;
    } cases[] = {
        {"{\"data\":{\"type\":\"customer_org_disable\",\"attributes\":null}}",
         "/data/attributes"},
        {"{\"data\":{\"type\":\"customer_org_disable\",\"attributes\":{\"org_uuid\":null}}}",
         "/data/attributes/org_uuid"},
        {"{\"data\":{\"type\":\"customer_org_disable\",\"id\":null}}", "/data/id"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        reply r = call_as(&m, &K_SELF, "POST", DISABLE, cases[i].body);
        ck_assert_msg(r.status == 400, "%s: %ld %s", cases[i].body, r.status, r.body);
        const cJSON *e = cJSON_GetArrayItem(get(r.json, "errors", NULL, NULL), 0);
        ck_assert_str_eq(str(get(e, "status", NULL, NULL)), "400");
        ck_assert_str_eq(str(get(e, "title", NULL, NULL)), "Bad Request");
        ck_assert_str_eq(str(get(e, "source", "pointer", NULL)), cases[i].pointer);
        ck_assert(cJSON_IsObject(get(e, "meta", NULL, NULL)));
        reply_free(&r);
    }
    /* Not disabled: the org still lists. */
    reply r = call_as(&m, &K_SELF, "GET", CONN, NULL);
    ck_assert_int_eq(r.status, 200);
    reply_free(&r);
    mock_stop(&m);
}
END_TEST

START_TEST(disable_acts_on_the_keys_org)
{
    mock_proc m;
    ck_assert_int_eq(mock_start(&m, (const char *const[]){NOW, NULL}), 0);
    ck_assert_int_eq(mock_load_state(&m, FIXTURE), 0);
    /* A may not name the self org; its own uuid it may (A is old: 403). */
    reply r = call_as(&m, &K_A, "POST", DISABLE,
                      "{\"data\":{\"type\":\"customer_org_disable\",\"attributes\":"
                      "{\"org_uuid\":\"" SELF "\"}}}");
    ck_assert_int_eq(r.status, 400);
    reply_free(&r);
    r = call_as(&m, &K_A, "POST", DISABLE,
                "{\"data\":{\"type\":\"customer_org_disable\",\"attributes\":"
                "{\"org_uuid\":\"" ORG_A "\"}}}");
    ck_assert_int_eq(r.status, 403);
    reply_free(&r);
    /* The young self org is disabled; A keeps working. */
    r = call_as(&m, &K_SELF, "POST", DISABLE, "{\"data\":{\"type\":\"customer_org_disable\"}}");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(str(get(r.json, "data", "id", NULL)), SELF);
    reply_free(&r);
    expect_exact(&m, &K_SELF, "GET", CONN, NULL, 403, "Forbidden");
    expect_list(&m, &K_A, CONN, "c1,c2,c3", 3, 3);
    mock_stop(&m);
}
END_TEST

/* ---- GET /api/v2/org ------------------------------------------------------ */

static void expect_ref(const cJSON *d, const char *id)
{
    ck_assert_str_eq(str(get(d, "id", NULL, NULL)), id);
    ck_assert_str_eq(str(get(d, "type", NULL, NULL)), "orgs");
    ck_assert_int_eq(cJSON_GetArraySize(d), 2);
}

START_TEST(managed_orgs_shape)
{
    mock_proc m;
    start_account(&m, NULL);
    reply r = call_as(&m, &K_A, "GET", ORGS, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_nonnull(strcasestr(r.headers, "Content-Type: application/json"));
    expect_rl_headers(&r, "orgs");
    const cJSON *data = get(r.json, "data", NULL, NULL);
    ck_assert_str_eq(str(get(data, "id", NULL, NULL)), ORG_A);
    ck_assert_str_eq(str(get(data, "type", NULL, NULL)), "managed_orgs");
    expect_ref(get(data, "relationships", "current_org", "data"), ORG_A);
    const cJSON *managed = get(data, "relationships", "managed_orgs", "data");
    static const char *const all[] = {SELF, ORG_A, ORG_B, ORG_C, ORG_D, ORG_E};
    ck_assert_int_eq(cJSON_GetArraySize(managed), 6);
    for (int i = 0; i < 6; i++)
        expect_ref(cJSON_GetArrayItem(managed, i), all[i]);
    /* The current org first, then every other, each with all eight
     * attributes. */
    const cJSON *inc = get(r.json, "included", NULL, NULL);
    ck_assert_int_eq(cJSON_GetArraySize(inc), 6);
    static const char *const order[] = {ORG_A, SELF, ORG_B, ORG_C, ORG_D, ORG_E};
    for (int i = 0; i < 6; i++) {
        const cJSON *o = cJSON_GetArrayItem(inc, i);
        ck_assert_str_eq(str(get(o, "id", NULL, NULL)), order[i]);
        expect_org_resource(o);
    }
    ck_assert(cJSON_IsTrue(get(cJSON_GetArrayItem(inc, 4), "attributes", "disabled", NULL)));
    ck_assert_int_eq(cJSON_GetArraySize(r.json), 2); /* data and included only */
    reply_free(&r);
    mock_stop(&m);
}
END_TEST

START_TEST(managed_orgs_filter_and_refusals)
{
    mock_proc m;
    start_account(&m, (const char *const[]){"--rate-limit", "2/60", NULL});
    /* filter[name]: a part of the name, in any case; the current org stays
     * named and included. */
    reply r = call_as(&m, &K_SELF, "GET", ORGS "?filter%5Bname%5D=rAv", NULL);
    ck_assert_int_eq(r.status, 200);
    const cJSON *managed = get(r.json, "data", "relationships", "managed_orgs");
    managed = get(managed, "data", NULL, NULL);
    ck_assert_int_eq(cJSON_GetArraySize(managed), 1);
    expect_ref(cJSON_GetArrayItem(managed, 0), ORG_B);
    expect_ref(get(r.json, "data", "relationships", "current_org")->child, SELF);
    const cJSON *inc = get(r.json, "included", NULL, NULL);
    ck_assert_int_eq(cJSON_GetArraySize(inc), 2);
    ck_assert_str_eq(str(get(cJSON_GetArrayItem(inc, 1), "id", NULL, NULL)), ORG_B);
    reply_free(&r);
    r = call_as(&m, &K_SELF, "GET", ORGS "?filter[name]=nothing-like-it", NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(cJSON_GetArraySize(get(get(r.json, "data", "relationships", "managed_orgs"),
                                            "data", NULL, NULL)),
                     0);
    ck_assert_int_eq(cJSON_GetArraySize(get(r.json, "included", NULL, NULL)), 1);
    reply_free(&r);
    /* Keys without the permission: 403; bad keys: 401; then the limit. */
    expect_exact(&m, &K_E, "GET", ORGS, NULL, 403, "Forbidden");
    expect_exact(&m, &K_MIXED, "GET", ORGS, NULL, 401, "Unauthorized");
    expect_exact(&m, &K_SELF, "GET", ORGS, NULL, 429, "Too many requests");
    /* Other methods on the path: 405 naming GET. */
    r = call_as(&m, &K_SELF, "POST", ORGS, "{}");
    ck_assert_int_eq(r.status, 405);
    ck_assert_ptr_nonnull(strcasestr(r.headers, "Allow: GET"));
    reply_free(&r);
    mock_stop(&m);
}
END_TEST

/* ---- The seeded account --------------------------------------------------- */

static const cJSON *find_org(const cJSON *orgs, const char *id)
{
    const cJSON *o;
    cJSON_ArrayForEach(o, orgs)
        if (strcmp(str(get(o, "id", NULL, NULL)), id) == 0)
            return o;
    return NULL;
}

/* A fault with org= fires for that org's keys only, and only its requests
 * count: one profile of an account slow or failing, the others not. */
START_TEST(fault_for_one_org)
{
    mock_proc m;
    start_account(&m, NULL);
    keys self = {MOCK_API_KEY, MOCK_APP_KEY}, a = {A_API, A_APP};
    /* Upper case: org ids compare in any case. */
    char org[] = ORG_A;
    upper(org);
    char spec[200];
    snprintf(spec, sizeof spec, "{\"route\":\"list_connections\",\"status\":503,\"org\":\"%s\"}",
             org);
    ck_assert_int_eq(mock_add_fault(&m, spec), 0);
    reply r = call_as(&m, &self, "GET", CONN, NULL);
    ck_assert_int_eq(r.status, 200);
    reply_free(&r);
    r = call_as(&m, &a, "GET", CONN, NULL);
    ck_assert_int_eq(r.status, 503);
    reply_free(&r);
    char *listed = NULL;
    ck_assert_int_eq(mock_http(&m, "GET", "/_mock/faults", NULL, &listed), 200);
    cJSON *doc = cJSON_Parse(listed);
    free(listed);
    const cJSON *f = cJSON_GetArrayItem(get(doc, "faults", NULL, NULL), 0);
    ck_assert_str_eq(str(get(f, "org", NULL, NULL)), org);
    ck_assert_int_eq((int)cJSON_GetNumberValue(get(f, "seen", NULL, NULL)), 1);
    ck_assert_int_eq((int)cJSON_GetNumberValue(get(f, "fired", NULL, NULL)), 1);
    cJSON_Delete(doc);
    mock_stop(&m);
}
END_TEST

START_TEST(seeded_account_has_keys_for_every_org)
{
    char dir[] = "/tmp/ddorgs-keys-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/keys.json", dir);
    mock_proc m;
    const char *const args[] = {"--seed", "5", "--orgs", "12", "--connections", "20",
                                "--keys-file", path, NOW, NULL};
    ck_assert_int_eq(mock_start(&m, args), 0);
    struct stat sb;
    ck_assert_int_eq(stat(path, &sb), 0);
    ck_assert_int_eq(sb.st_mode & 0777, 0600);
    FILE *f = fopen(path, "r");
    char text[16384];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    cJSON *file = cJSON_Parse(text);
    char *served = NULL;
    ck_assert_int_eq(mock_http(&m, "GET", "/_mock/keys", NULL, &served), 200);
    cJSON *keys_doc = cJSON_Parse(served);
    free(served);
    ck_assert(cJSON_Compare(file, keys_doc, 1));
    cJSON *st = mock_state(&m);
    const char *self = str(get(st, "self_org_id", NULL, NULL));
    ck_assert_str_eq(str(get(file, "self_org_id", NULL, NULL)), self);
    const cJSON *orgs = get(file, "orgs", NULL, NULL);
    ck_assert_int_eq(cJSON_GetArraySize(orgs), 12);
    /* Every org answers to its own pair and lists exactly the connections
     * it takes part in; every connection is in exactly its two lists. */
    int listed = 0, idle = 0, disabled = 0, both_ways = 0, self_in = 0;
    const cJSON *conns = get(st, "connections", NULL, NULL);
    const cJSON *o;
    cJSON_ArrayForEach(o, orgs) {
        const char *id = str(get(o, "id", NULL, NULL));
        keys k = {str(get(o, "api_key", NULL, NULL)), str(get(o, "app_key", NULL, NULL))};
        if (strcmp(id, self) == 0)
            ck_assert_str_eq(k.api, MOCK_API_KEY);
        int want = 0;
        const cJSON *c;
        cJSON_ArrayForEach(c, conns) {
            const char *src = str(get(c, "source_org_id", NULL, NULL));
            const char *sink = str(get(c, "sink_org_id", NULL, NULL));
            want += strcmp(src, id) == 0 || strcmp(sink, id) == 0;
            if (strcmp(id, self) == 0 && strcmp(sink, self) == 0)
                self_in++;
        }
        bool off = cJSON_IsTrue(get(find_org(get(st, "orgs", NULL, NULL), id), "disabled",
                                    NULL, NULL));
        /* The keys file says which orgs are disabled (the demo skips them). */
        ck_assert(cJSON_IsBool(get(o, "disabled", NULL, NULL)));
        ck_assert_int_eq(cJSON_IsTrue(get(o, "disabled", NULL, NULL)), off);
        reply r = call_as(&m, &k, "GET", CONN, NULL);
        if (off) {
            ck_assert_int_eq(r.status, 403);
            disabled++;
        } else {
            ck_assert_int_eq(r.status, 200);
            ck_assert_int_eq(get(r.json, "meta", "page", "total_count")->valueint, want);
            listed += want;
        }
        idle += want == 0;
        reply_free(&r);
    }
    const cJSON *c, *d;
    cJSON_ArrayForEach(c, conns) cJSON_ArrayForEach(d, conns) both_ways +=
        strcmp(str(get(c, "source_org_id", NULL, NULL)), str(get(d, "sink_org_id", NULL, NULL))) ==
            0 &&
        strcmp(str(get(c, "sink_org_id", NULL, NULL)), str(get(d, "source_org_id", NULL, NULL))) ==
            0;
    /* Disabled orgs take part in nothing, so every connection was listed
     * twice; the self org receives from many; some pairs go both ways;
     * some orgs have none. */
    ck_assert_int_eq(listed, 2 * 20);
    ck_assert_int_ge(disabled, 1);
    ck_assert_int_ge(idle, 1);
    ck_assert_int_ge(both_ways, 2);
    ck_assert_int_ge(self_in, 5);
    cJSON_Delete(st);
    cJSON_Delete(file);
    cJSON_Delete(keys_doc);
    mock_stop(&m);
    unlink(path);
    rmdir(dir);
}
END_TEST

START_TEST(self_connections_option)
{
    mock_proc m;
    const char *const args[] = {"--orgs", "30", "--connections", "50", "--self-connections",
                                "40", NULL};
    ck_assert_int_eq(mock_start(&m, args), 0);
    reply r = call_as(&m, &K_SELF, "GET", CONN "?limit=1", NULL);
    ck_assert_int_eq(get(r.json, "meta", "page", "total_count")->valueint, 40);
    reply_free(&r);
    mock_stop(&m);
    /* By default a third of the connections. */
    ck_assert_int_eq(mock_start(&m, (const char *const[]){"--orgs", "30", "--connections", "60",
                                                          NULL}),
                     0);
    r = call_as(&m, &K_SELF, "GET", CONN "?limit=1", NULL);
    ck_assert_int_eq(get(r.json, "meta", "page", "total_count")->valueint, 20);
    reply_free(&r);
    mock_stop(&m);
}
END_TEST

/* Runs the mock binary with these arguments; its exit status, and the
 * start of its stderr in err. */
static int run_mock(const char *const *args, char *err, size_t errlen)
{
    const char *bin = getenv("DDORGS_MOCK_BIN");
    if (!bin)
        bin = "./ddorgs-mock";
    char log[] = "/tmp/ddorgs-mock-err-XXXXXX";
    int fd = mkstemp(log);
    ck_assert_int_ge(fd, 0);
    const char *argv[16] = {bin};
    int n = 1;
    for (; args[n - 1]; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fd, 2);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int st = -1;
    if (posix_spawn(&pid, bin, &fa, NULL, (char *const *)argv, environ) == 0)
        waitpid(pid, &st, 0);
    posix_spawn_file_actions_destroy(&fa);
    ssize_t got = pread(fd, err, errlen - 1, 0);
    err[got > 0 ? got : 0] = '\0';
    close(fd);
    unlink(log);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

START_TEST(bad_account_options_exit_2)
{
    char err[1024];
    ck_assert_int_eq(run_mock((const char *const[]){"--orgs", "5", "--connections", "3",
                                                    "--self-connections", "4", NULL},
                              err, sizeof err),
                     2);
    ck_assert_ptr_nonnull(strstr(err, "--self-connections 4: more than the 3 connections"));
    ck_assert_int_eq(run_mock((const char *const[]){"--orgs", "5", "--connections", "12",
                                                    "--self-connections", "9", NULL},
                              err, sizeof err),
                     2);
    ck_assert_ptr_nonnull(strstr(err, "at most 8"));
    ck_assert_int_eq(run_mock((const char *const[]){"--orgs", "5", "--connections", "20",
                                                    "--self-connections", "1", NULL},
                              err, sizeof err),
                     2);
    ck_assert_ptr_nonnull(strstr(err, "at most 12 connections among themselves"));
    ck_assert_int_eq(run_mock((const char *const[]){"--share-limit", "0", NULL}, err, sizeof err),
                     2);
    ck_assert_int_eq(run_mock((const char *const[]){"--keys-file", "/nonexistent/dir/k", NULL},
                              err, sizeof err),
                     1);
    ck_assert_ptr_nonnull(strstr(err, "cannot write /nonexistent/dir/k"));
}
END_TEST

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    Suite *s = suite_create("mock_account");
    TCase *tc = tcase_create("account");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, list_holds_only_the_orgs_own_connections);
    tcase_add_test(tc, keys_name_one_org);
    tcase_add_test(tc, create_from_the_keys_org_only);
    tcase_add_test(tc, update_and_delete_from_either_side);
    tcase_add_test(tc, org_ids_compare_in_any_case);
    tcase_add_test(tc, fixture_ids_in_another_case_are_one_org);
    tcase_add_test(tc, fixture_keys_are_checked);
    tcase_add_test(tc, list_includes_its_orgs_and_users);
    tcase_add_test(tc, created_at_has_microseconds);
    tcase_add_test(tc, patch_answer_has_ids_without_names);
    tcase_add_test(tc, recorded_error_messages);
    tcase_add_test(tc, rate_limit_headers_on_errors_and_per_org_windows);
    tcase_add_test(tc, share_limit_option);
    tcase_add_test(tc, disable_with_nulls_is_400);
    tcase_add_test(tc, disable_acts_on_the_keys_org);
    tcase_add_test(tc, managed_orgs_shape);
    tcase_add_test(tc, managed_orgs_filter_and_refusals);
    tcase_add_test(tc, seeded_account_has_keys_for_every_org);
    tcase_add_test(tc, fault_for_one_org);
    tcase_add_test(tc, self_connections_option);
    tcase_add_test(tc, bad_account_options_exit_2);
    suite_add_tcase(s, tc);
    int rc = dd_run_suite(s);
    curl_global_cleanup();
    return rc;
}
