/* Self-test of ddorgs-mock: it must answer like the documented API, or
 * every test built on it proves nothing. */
#include "config.h"

#include <check.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/wait.h>

#include <curl/curl.h>

#include "mock/harness.h"
#include "mock/mock_path.h"
#include "suite_main.h"

extern char **environ;

#define CONN "/api/v2/org_connections"
#define SF "/api/v2/integration/salesforce-incidents/organizations"
#define NOW "--now", "2026-06-01T00:00:00Z"

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

/* An API call with the mock's keys (or without, when keys is false). */
static reply call(mock_proc *m, const char *method, const char *path, const char *body,
                  bool keys)
{
    reply r = {0};
    CURL *c = curl_easy_init();
    char url[512];
    snprintf(url, sizeof url, "%s%s", m->url, path);
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    if (keys) {
        h = curl_slist_append(h, "DD-API-KEY: " MOCK_API_KEY);
        h = curl_slist_append(h, "DD-APPLICATION-KEY: " MOCK_APP_KEY);
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

static long header_long(const reply *r, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = r->headers; (p = strchr(p, '\n')); ) {
        p++;
        if (strncasecmp(p, name, n) == 0 && p[n] == ':')
            return strtol(p + n + 1, NULL, 10);
    }
    return -1;
}

static const cJSON *path_get(const cJSON *j, const char *a, const char *b, const char *c)
{
    j = cJSON_GetObjectItemCaseSensitive(j, a);
    if (b)
        j = cJSON_GetObjectItemCaseSensitive(j, b);
    if (c)
        j = cJSON_GetObjectItemCaseSensitive(j, c);
    return j;
}

/* The first string error of {"errors":["..."]}. */
static const char *err_str(const reply *r)
{
    const cJSON *e = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r->json, "errors"), 0);
    return cJSON_IsString(e) ? e->valuestring : "";
}

/* The first JSON:API error object. */
static const cJSON *err_api(const reply *r)
{
    return cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r->json, "errors"), 0);
}

static void start(mock_proc *m, const char *const *args)
{
    ck_assert_int_eq(mock_start(m, args), 0);
}

/* Expects status and a string error containing `needle`. */
static void expect_err(mock_proc *m, const char *method, const char *path, const char *body,
                       long status, const char *needle)
{
    reply r = call(m, method, path, body, true);
    ck_assert_msg(r.status == status, "%s %s %s: got %ld %s", method, path, body ? body : "",
                  r.status, r.body ? r.body : "");
    ck_assert_msg(strstr(err_str(&r), needle), "%s: '%s' lacks '%s'", path, err_str(&r), needle);
    reply_free(&r);
}

/* Expects status and exactly this one string error. */
static void expect_exact(mock_proc *m, const char *method, const char *path, const char *body,
                         long status, const char *msg)
{
    reply r = call(m, method, path, body, true);
    ck_assert_msg(r.status == status, "%s %s: got %ld %s", method, path, r.status,
                  r.body ? r.body : "");
    const cJSON *errs = cJSON_GetObjectItemCaseSensitive(r.json, "errors");
    ck_assert_int_eq(cJSON_GetArraySize(errs), 1);
    ck_assert_str_eq(err_str(&r), msg);
    reply_free(&r);
}

static char *self_id(mock_proc *m)
{
    cJSON *s = mock_state(m);
    char *id = strdup(cJSON_GetObjectItemCaseSensitive(s, "self_org_id")->valuestring);
    cJSON_Delete(s);
    return id;
}

/* An org id other than the authenticated one. */
static char *other_org(mock_proc *m, int which)
{
    cJSON *s = mock_state(m);
    const char *self = cJSON_GetObjectItemCaseSensitive(s, "self_org_id")->valuestring;
    const cJSON *o;
    char *id = NULL;
    cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(s, "orgs")) {
        const char *oid = cJSON_GetObjectItemCaseSensitive(o, "id")->valuestring;
        if (strcmp(oid, self) != 0 && which-- == 0) {
            id = strdup(oid);
            break;
        }
    }
    cJSON_Delete(s);
    return id;
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

START_TEST(seed_is_deterministic)
{
    mock_proc a, b, c;
    const char *const args[] = {"--seed", "42", NOW, NULL};
    const char *const other[] = {"--seed", "43", NOW, NULL};
    start(&a, args);
    start(&b, args);
    start(&c, other);
    cJSON *sa = mock_state(&a), *sb = mock_state(&b), *sc = mock_state(&c);
    ck_assert_ptr_nonnull(sa);
    ck_assert(cJSON_Compare(sa, sb, 1));
    ck_assert(!cJSON_Compare(sa, sc, 1));
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(sa, "orgs")), 40);
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(sa, "connections")), 120);
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(sa, "salesforce_orgs")), 6);
    const cJSON *sf;
    cJSON_ArrayForEach(sf, cJSON_GetObjectItem(sa, "salesforce_orgs")) {
        const char *id = cJSON_GetObjectItem(sf, "sfdc_org_id")->valuestring;
        ck_assert(strncmp(id, "00D", 3) == 0 && (strlen(id) == 15 || strlen(id) == 18));
    }
    cJSON_Delete(sa);
    cJSON_Delete(sb);
    cJSON_Delete(sc);
    mock_stop(&a);
    mock_stop(&b);
    mock_stop(&c);
}
END_TEST

START_TEST(paging_and_filters)
{
    mock_proc m;
    /* Every connection is the self org's, so the state's order is the
     * listing's. */
    const char *const args[] = {"--orgs", "14", "--connections", "25", "--self-connections",
                                "25", NOW, NULL};
    start(&m, args);
    cJSON *st = mock_state(&m);
    const cJSON *conns = cJSON_GetObjectItem(st, "connections");
    reply r = call(&m, "GET", CONN "?limit=10&offset=20", NULL, true);
    ck_assert_int_eq(r.status, 200);
    const cJSON *data = cJSON_GetObjectItem(r.json, "data");
    ck_assert_int_eq(cJSON_GetArraySize(data), 5);
    for (int i = 0; i < 5; i++)
        ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(data, i), "id")->valuestring,
                         cJSON_GetObjectItem(cJSON_GetArrayItem(conns, 20 + i), "id")->valuestring);
    ck_assert_int_eq(path_get(r.json, "meta", "page", "total_count")->valueint, 25);
    ck_assert_int_eq(path_get(r.json, "meta", "page", "total_filtered_count")->valueint, 25);
    reply_free(&r);

    r = call(&m, "GET", CONN "?offset=25", NULL, true);
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "data")), 0);
    reply_free(&r);

    const char *src = cJSON_GetObjectItem(cJSON_GetArrayItem(conns, 0), "source_org_id")->valuestring;
    int want = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, conns)
        want += strcmp(cJSON_GetObjectItem(c, "source_org_id")->valuestring, src) == 0;
    char path[256];
    snprintf(path, sizeof path, CONN "?source_org_id=%s&limit=1", src);
    r = call(&m, "GET", path, NULL, true);
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "data")), 1);
    ck_assert_int_eq(path_get(r.json, "meta", "page", "total_filtered_count")->valueint, want);
    ck_assert_int_eq(path_get(r.json, "meta", "page", "total_count")->valueint, 25);
    ck_assert_str_eq(path_get(cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "data"), 0),
                              "relationships", "source_org", "data")->child->valuestring, src);
    reply_free(&r);

    expect_err(&m, "GET", CONN "?limit=0", NULL, 400, "limit");
    expect_err(&m, "GET", CONN "?limit=ten", NULL, 400, "limit");
    expect_err(&m, "GET", CONN "?offset=-1", NULL, 400, "offset");
    expect_err(&m, "GET", CONN "?offset=1.5", NULL, 400, "offset");
    cJSON_Delete(st);
    mock_stop(&m);
}
END_TEST

/* --max-page-size caps every page whatever limit asks, totals unchanged;
 * an empty_page fault empties a page's data but keeps its totals. */
START_TEST(page_size_cap_and_empty_page)
{
    mock_proc m;
    const char *const args[] = {"--orgs", "20", "--connections", "25", "--self-connections",
                                "25", "--max-page-size", "7", NOW, NULL};
    start(&m, args);
    cJSON *st = mock_state(&m);
    const cJSON *conns = cJSON_GetObjectItem(st, "connections");
    reply r = call(&m, "GET", CONN "?limit=1000&offset=14", NULL, true);
    ck_assert_int_eq(r.status, 200);
    const cJSON *data = cJSON_GetObjectItem(r.json, "data");
    ck_assert_int_eq(cJSON_GetArraySize(data), 7);
    ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(data, 0), "id")->valuestring,
                     cJSON_GetObjectItem(cJSON_GetArrayItem(conns, 14), "id")->valuestring);
    ck_assert_int_eq(path_get(r.json, "meta", "page", "total_count")->valueint, 25);
    reply_free(&r);
    r = call(&m, "GET", CONN "?limit=3", NULL, true);
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "data")), 3);
    reply_free(&r);

    ck_assert_int_eq(mock_add_fault(&m, "{\"route\":\"list_connections\",\"kind\":"
                                        "\"empty_page\",\"every\":2,\"times\":1}"), 0);
    r = call(&m, "GET", CONN, NULL, true);
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "data")), 7);
    reply_free(&r);
    r = call(&m, "GET", CONN "?offset=7", NULL, true);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "data")), 0);
    ck_assert_int_eq(path_get(r.json, "meta", "page", "total_count")->valueint, 25);
    ck_assert_int_eq(path_get(r.json, "meta", "page", "total_filtered_count")->valueint, 25);
    reply_free(&r);
    r = call(&m, "GET", CONN "?offset=7", NULL, true);
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "data")), 7);
    reply_free(&r);
    cJSON_Delete(st);
    mock_stop(&m);
}
END_TEST

/* --min-page-size sends more rows than a small limit asks for, fewer only
 * where the rows end. */
START_TEST(page_size_floor)
{
    mock_proc m;
    const char *const args[] = {"--orgs", "20", "--connections", "25", "--self-connections",
                                "25", "--min-page-size", "10", NOW, NULL};
    start(&m, args);
    reply r = call(&m, "GET", CONN "?limit=1", NULL, true);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "data")), 10);
    reply_free(&r);
    r = call(&m, "GET", CONN "?limit=12", NULL, true);
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "data")), 12);
    reply_free(&r);
    r = call(&m, "GET", CONN "?limit=2&offset=20", NULL, true);
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "data")), 5);
    ck_assert_int_eq(path_get(r.json, "meta", "page", "total_count")->valueint, 25);
    reply_free(&r);
    mock_stop(&m);
}
END_TEST

START_TEST(create_errors_and_success)
{
    mock_proc m;
    const char *const args[] = {"--orgs", "6", "--connections", "0", NOW, NULL};
    start(&m, args);
    char *self = self_id(&m), *sink = other_org(&m, 0);
    char *b;
    expect_err(&m, "POST", CONN, "{not json", 400, "JSON");
    expect_err(&m, "POST", CONN, "{\"data\":[]}", 400, "data");
    expect_err(&m, "POST", CONN,
               "{\"data\":{\"type\":\"orgs\",\"relationships\":{},\"attributes\":{}}}", 400,
               "data.type");
    expect_err(&m, "POST", CONN,
               "{\"data\":{\"type\":\"org_connection\",\"attributes\":"
               "{\"connection_types\":[\"logs\"]}}}",
               400, "sink_org");
    b = create_body(sink, "[]");
    expect_err(&m, "POST", CONN, b, 400, "at least 1");
    free(b);
    b = create_body(sink, "\"logs\"");
    expect_err(&m, "POST", CONN, b, 400, "array");
    free(b);
    b = create_body(sink, "[1]");
    expect_err(&m, "POST", CONN, b, 400, "strings");
    free(b);
    b = create_body(sink, "[\"traces\"]");
    expect_err(&m, "POST", CONN, b, 400, "traces");
    free(b);
    /* Repeated types: the wording recorded from the real service. */
    char msg[200];
    snprintf(msg, sizeof msg, "connection between orgs %s and %s is not allowed", self, sink);
    b = create_body(sink, "[\"logs\",\"logs\"]");
    expect_exact(&m, "POST", CONN, b, 400, msg);
    free(b);
    b = create_body("00000000-0000-4000-8000-000000000000", "[\"logs\"]");
    expect_exact(&m, "POST", CONN, b, 404, "Not found");
    free(b);
    snprintf(msg, sizeof msg, "connection between orgs %s and %s is not allowed", self, self);
    b = create_body(self, "[\"logs\"]");
    expect_err(&m, "POST", CONN, b, 400, msg);
    free(b);

    b = create_body(sink, "[\"logs\",\"audit\"]");
    reply r = call(&m, "POST", CONN, b, true);
    ck_assert_int_eq(r.status, 200);
    const cJSON *d = cJSON_GetObjectItem(r.json, "data");
    ck_assert_str_eq(cJSON_GetObjectItem(d, "type")->valuestring, "org_connection");
    ck_assert_int_eq(strlen(cJSON_GetObjectItem(d, "id")->valuestring), 36);
    ck_assert_str_eq(path_get(d, "relationships", "source_org", "data")->child->valuestring,
                     self);
    ck_assert_str_eq(path_get(d, "attributes", "created_at", NULL)->valuestring,
                     "2026-06-01T00:00:00.000000+00:00");
    ck_assert_str_eq(cJSON_GetObjectItem(path_get(d, "relationships", "created_by", "data"),
                                         "type")->valuestring, "users");
    ck_assert_int_eq(cJSON_GetArraySize(path_get(d, "attributes", "connection_types", NULL)), 2);
    reply_free(&r);
    snprintf(msg, sizeof msg, "connection between orgs %s and %s already exists", self, sink);
    expect_err(&m, "POST", CONN, b, 409, msg);
    free(b);

    r = call(&m, "GET", CONN, NULL, true);
    ck_assert_int_eq(path_get(r.json, "meta", "page", "total_count")->valueint, 1);
    reply_free(&r);
    free(self);
    free(sink);
    mock_stop(&m);
}
END_TEST

#define PATCH_FMT                                                                          \
    "{\"data\":{\"type\":\"org_connection\",\"id\":\"%s\",\"attributes\":"                   \
    "{\"connection_types\":%s}}}"

/* buf = prefix + "/" + 1,100 letters: an id no route could hold. */
static void long_id_path(char *buf, size_t cap, const char *prefix)
{
    int n = snprintf(buf, cap, "%s/", prefix);
    ck_assert(n > 0 && (size_t)n + 1101 <= cap);
    memset(buf + n, 'a', 1100);
    buf[n + 1100] = '\0';
}

/* Upper-cases the hex letters of s from its index from on. */
static void shout_hex(char *s, size_t from)
{
    for (char *p = s + from; *p; p++)
        if (*p >= 'a' && *p <= 'f')
            *p = (char)(*p - 'a' + 'A');
}

START_TEST(update_and_delete)
{
    mock_proc m;
    const char *const args[] = {"--orgs", "5", "--connections", "3", "--self-connections", "3",
                                NOW, NULL};
    start(&m, args);
    cJSON *st = mock_state(&m);
    const char *id =
        cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(st, "connections"), 1), "id")
            ->valuestring;
    char path[128], body[400];
    const char *unknown = "00000000-0000-4000-8000-000000000000";

    snprintf(body, sizeof body, PATCH_FMT, id, "[\"metrics\"]");
    expect_err(&m, "PATCH", CONN "/not-a-uuid", body, 400, "connection id must be a valid uuid");
    snprintf(path, sizeof path, CONN "/%s", unknown);
    snprintf(body, sizeof body, PATCH_FMT, unknown, "[\"metrics\"]");
    char msg[160];
    snprintf(msg, sizeof msg, "Org connection with id:%s not found not found", unknown);
    expect_exact(&m, "PATCH", path, body, 404, msg);
    snprintf(path, sizeof path, CONN "/%s", id);
    expect_err(&m, "PATCH", path, body, 400, "does not match");
    snprintf(body, sizeof body, PATCH_FMT, id, "[\"metrics\",\"metrics\"]");
    expect_err(&m, "PATCH", path, body, 400, "Validation failed for input.");
    snprintf(body, sizeof body, PATCH_FMT, id, "[]");
    expect_err(&m, "PATCH", path, body, 400, "at least 1");

    snprintf(body, sizeof body, PATCH_FMT, id, "[\"audit\"]");
    reply r = call(&m, "PATCH", path, body, true);
    ck_assert_int_eq(r.status, 200);
    const cJSON *types = path_get(r.json, "data", "attributes", "connection_types");
    ck_assert_int_eq(cJSON_GetArraySize(types), 1);
    ck_assert_str_eq(cJSON_GetArrayItem(types, 0)->valuestring, "audit");
    reply_free(&r);

    expect_err(&m, "DELETE", CONN "/xyz", NULL, 400, "connection id must be a valid uuid");
    /* However long or odd, a bad id is a bad id (not a missing route). */
    char longpath[1300];
    long_id_path(longpath, sizeof longpath, CONN);
    expect_err(&m, "DELETE", longpath, NULL, 400, "connection id must be a valid uuid");
    expect_err(&m, "DELETE", CONN "/%00", NULL, 400, "connection id must be a valid uuid");
    /* A uuid names its connection in upper case too. */
    char shout[128];
    snprintf(shout, sizeof shout, "%s", path);
    shout_hex(shout, strlen(CONN));
    snprintf(body, sizeof body, PATCH_FMT, id, "[\"logs\"]");
    r = call(&m, "PATCH", shout, body, true);
    ck_assert_int_eq(r.status, 200);
    reply_free(&r);
    char upath[128];
    snprintf(upath, sizeof upath, CONN "/%s", unknown);
    snprintf(msg, sizeof msg, "org connection with id:%s not found not found", unknown);
    expect_exact(&m, "DELETE", upath, NULL, 404, msg);
    r = call(&m, "DELETE", path, NULL, true);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.body, "{}");
    reply_free(&r);
    snprintf(msg, sizeof msg, "org connection with id:%s not found not found", id);
    expect_exact(&m, "DELETE", path, NULL, 404, msg);
    r = call(&m, "GET", CONN, NULL, true);
    ck_assert_int_eq(path_get(r.json, "meta", "page", "total_count")->valueint, 2);
    reply_free(&r);
    cJSON_Delete(st);
    mock_stop(&m);
}
END_TEST

START_TEST(auth_and_routing)
{
    mock_proc m;
    start(&m, NULL);
    reply r = call(&m, "GET", CONN, NULL, false);
    ck_assert_int_eq(r.status, 401);
    ck_assert_str_eq(err_str(&r), "Unauthorized");
    reply_free(&r);
    r = call(&m, "GET", SF, NULL, false);
    ck_assert_int_eq(r.status, 403);
    ck_assert_str_eq(err_str(&r), "Forbidden");
    reply_free(&r);
    r = call(&m, "POST", "/api/v2/org/disable", "{}", false);
    ck_assert_int_eq(r.status, 401);
    ck_assert_str_eq(cJSON_GetObjectItem(err_api(&r), "status")->valuestring, "401");
    ck_assert(cJSON_IsObject(cJSON_GetObjectItem(err_api(&r), "meta")));
    reply_free(&r);
    r = call(&m, "GET", "/api/v2/nothing", NULL, true);
    ck_assert_int_eq(r.status, 404);
    ck_assert_str_eq(err_str(&r), "Not found");
    reply_free(&r);
    r = call(&m, "PUT", CONN, "{}", true);
    ck_assert_int_eq(r.status, 405);
    ck_assert_ptr_nonnull(strcasestr(r.headers, "Content-Type: application/json"));
    ck_assert_ptr_nonnull(strcasestr(r.headers, "Allow: GET, POST"));
    reply_free(&r);
    /* A matched route answers without an Allow header, even when another
     * method of the same path was tried first. */
    r = call(&m, "DELETE", CONN "/not-a-uuid", NULL, true);
    ck_assert_int_eq(r.status, 400);
    ck_assert_ptr_null(strcasestr(r.headers, "Allow:"));
    reply_free(&r);
    mock_stop(&m);
}
END_TEST

START_TEST(salesforce_list_and_delete)
{
    mock_proc m;
    const char *fixture =
        "{\"self_org_id\":\"o1\",\"self_user\":{\"id\":\"u1\",\"name\":\"Ada\"},"
        "\"orgs\":[{\"id\":\"o1\",\"name\":\"Acme\",\"created_at\":\"2026-05-30T00:00:00Z\"}],"
        "\"salesforce_orgs\":[{\"id\":\"sf1\",\"sfdc_org_id\":\"00D000000000001\","
        "\"sfdc_org_type\":\"Sandbox\",\"instance_url\":\"https://a.my.salesforce.com\","
        "\"incident_templates\":3},{\"id\":\"sf2\",\"name\":\"Two\",\"incident_templates\":2}],"
        "\"deleted_incident_templates\":1}";
    start(&m, NULL);
    ck_assert_int_eq(mock_load_state(&m, fixture), 0);
    reply r = call(&m, "GET", SF, NULL, true);
    ck_assert_int_eq(r.status, 200);
    const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "data"), 0);
    ck_assert_str_eq(cJSON_GetObjectItem(first, "type")->valuestring, "salesforce-incidents-org");
    ck_assert_ptr_null(path_get(first, "attributes", "name", NULL));
    ck_assert_str_eq(path_get(first, "attributes", "sfdc_org_type", NULL)->valuestring,
                     "Sandbox");
    reply_free(&r);
    r = call(&m, "DELETE", SF "/sf1", NULL, true);
    ck_assert_int_eq(r.status, 204);
    ck_assert(!r.body || !*r.body);
    ck_assert_ptr_null(strcasestr(r.headers, "Content-Type:"));
    reply_free(&r);
    expect_err(&m, "DELETE", SF "/sf1", NULL, 404, "not found");
    char longpath[1300];
    long_id_path(longpath, sizeof longpath, SF);
    expect_err(&m, "DELETE", longpath, NULL, 400, "between 1 and 100 characters");
    cJSON *st = mock_state(&m);
    ck_assert_int_eq(cJSON_GetObjectItem(st, "deleted_incident_templates")->valueint, 4);
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(st, "salesforce_orgs")), 1);
    cJSON_Delete(st);
    mock_stop(&m);
}
END_TEST

/* An id is one path segment however it is spelled: "/" and "%" inside it
 * arrive escaped and must neither split the path nor be decoded twice. */
START_TEST(escaped_ids_stay_one_segment)
{
    mock_proc m;
    const char *fixture =
        "{\"self_org_id\":\"o1\",\"self_user\":{\"id\":\"u1\",\"name\":\"Ada\"},"
        "\"orgs\":[{\"id\":\"o1\",\"name\":\"Acme\",\"created_at\":\"2026-05-30T00:00:00Z\"}],"
        "\"salesforce_orgs\":[{\"id\":\"sf/a b\",\"incident_templates\":1},"
        "{\"id\":\"sf%2F\",\"incident_templates\":1},{\"id\":\"sf\",\"incident_templates\":1}]}";
    start(&m, NULL);
    ck_assert_int_eq(mock_load_state(&m, fixture), 0);
    /* "sf/a" is not an id: the extra segment matches no route. */
    expect_err(&m, "DELETE", SF "/sf/a%20b", NULL, 404, "Not found");
    expect_err(&m, "DELETE", SF "/sf%2Fa", NULL, 404, "not found");
    reply r = call(&m, "DELETE", SF "/sf%2fa%20b", NULL, true);
    ck_assert_int_eq(r.status, 204);
    reply_free(&r);
    /* "sf%2F" itself, sent as sf%252F, is not "sf/". */
    r = call(&m, "DELETE", SF "/sf%252F", NULL, true);
    ck_assert_int_eq(r.status, 204);
    reply_free(&r);
    cJSON *st = mock_state(&m);
    const cJSON *left = cJSON_GetObjectItem(st, "salesforce_orgs");
    ck_assert_int_eq(cJSON_GetArraySize(left), 1);
    ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(left, 0), "id")->valuestring, "sf");
    cJSON_Delete(st);
    /* Escapes elsewhere in the path decode as usual. */
    r = call(&m, "GET", "/api/v2/integration/salesforce%2Dincidents/organizations", NULL, true);
    ck_assert_int_eq(r.status, 200);
    reply_free(&r);
    mock_stop(&m);
}
END_TEST

START_TEST(routing_form_of_paths)
{
    char *p = path_for_routing("/a%2fb%25c%41%2F%zz%00/d?x=%2F");
    ck_assert_str_eq(p, "/a%2Fb%25cA%2F%zz%00/d");
    char id[16];
    ck_assert_int_eq(path_decode_segment("a%2Fb%25c", id, sizeof id), 0);
    ck_assert_str_eq(id, "a/b%c");
    ck_assert_int_eq(path_decode_segment("%252F", id, sizeof id), 0);
    ck_assert_str_eq(id, "%2F");
    ck_assert_int_eq(path_decode_segment("%zz%4", id, sizeof id), 0);
    ck_assert_str_eq(id, "%zz%4");
    ck_assert_int_eq(path_decode_segment("a%00", id, sizeof id), 0);
    ck_assert_str_eq(id, "a%00");
    ck_assert_int_eq(path_decode_segment("0123456789abcdef", id, sizeof id), -1);
    ck_assert_int_eq(path_decode_segment("0123456789abcde", id, sizeof id), 0);
    free(p);
}
END_TEST

#define DISABLE "/api/v2/org/disable"
#define DISABLE_BODY "{\"data\":{\"type\":\"customer_org_disable\",\"id\":\"1\"}}"

START_TEST(org_disable_rules)
{
    mock_proc m;
    const char *const args[] = {"--disable-status", "disabled", NOW, NULL};
    start(&m, args);
    char *self = self_id(&m);
    reply r = call(&m, "POST", DISABLE, "{\"data\":{\"type\":\"nope\"}}", true);
    ck_assert_int_eq(r.status, 400);
    ck_assert_str_eq(cJSON_GetObjectItem(err_api(&r), "title")->valuestring, "Bad Request");
    reply_free(&r);
    r = call(&m, "POST", DISABLE,
             "{\"data\":{\"type\":\"customer_org_disable\",\"attributes\":"
             "{\"org_uuid\":\"00000000-0000-4000-8000-000000000000\"}}}",
             true);
    ck_assert_int_eq(r.status, 400);
    ck_assert_str_eq(path_get(err_api(&r), "source", "pointer", NULL)->valuestring,
                     "/data/attributes/org_uuid");
    reply_free(&r);

    /* Feature flag off: 403. */
    cJSON *st = mock_state(&m);
    cJSON_ReplaceItemInObject(st, "disable_feature_flag", cJSON_CreateFalse());
    char *text = cJSON_PrintUnformatted(st);
    ck_assert_int_eq(mock_load_state(&m, text), 0);
    r = call(&m, "POST", DISABLE, DISABLE_BODY, true);
    ck_assert_int_eq(r.status, 403);
    ck_assert_str_eq(cJSON_GetObjectItem(err_api(&r), "status")->valuestring, "403");
    reply_free(&r);
    cJSON_ReplaceItemInObject(st, "disable_feature_flag", cJSON_CreateTrue());
    free(text);
    text = cJSON_PrintUnformatted(st);
    ck_assert_int_eq(mock_load_state(&m, text), 0);
    free(text);
    cJSON_Delete(st);

    /* The org's own uuid, in upper case: the same org. */
    char body[300], shout[64];
    snprintf(shout, sizeof shout, "%s", self);
    shout_hex(shout, 0);
    snprintf(body, sizeof body,
             "{\"data\":{\"type\":\"customer_org_disable\",\"attributes\":{\"org_uuid\":\"%s\"}}}",
             shout);
    r = call(&m, "POST", DISABLE, body, true);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(path_get(r.json, "data", "type", NULL)->valuestring, "org_disable");
    ck_assert_str_eq(path_get(r.json, "data", "id", NULL)->valuestring, self);
    ck_assert_str_eq(path_get(r.json, "data", "attributes", "status")->valuestring, "disabled");
    reply_free(&r);
    r = call(&m, "POST", DISABLE, DISABLE_BODY, true);
    ck_assert_int_eq(r.status, 409);
    ck_assert_str_eq(cJSON_GetObjectItem(err_api(&r), "status")->valuestring, "409");
    reply_free(&r);
    expect_err(&m, "GET", CONN, NULL, 403, "Forbidden");
    expect_err(&m, "GET", SF, NULL, 403, "Forbidden");
    free(self);
    mock_stop(&m);

    const char *const old[] = {"--self-org-age-days", "11", NOW, NULL};
    start(&m, old);
    r = call(&m, "POST", DISABLE, DISABLE_BODY, true);
    ck_assert_int_eq(r.status, 403);
    ck_assert_ptr_nonnull(strstr(cJSON_GetObjectItem(err_api(&r), "detail")->valuestring, "10 days"));
    reply_free(&r);
    mock_stop(&m);
}
END_TEST

START_TEST(rate_limit)
{
    mock_proc m;
    const char *const args[] = {"--rate-limit", "3/60", NULL};
    start(&m, args);
    for (int i = 0; i < 3; i++) {
        reply r = call(&m, "GET", CONN, NULL, true);
        ck_assert_int_eq(r.status, 200);
        ck_assert_int_eq(header_long(&r, "X-RateLimit-Remaining"), 2 - i);
        ck_assert_int_eq(header_long(&r, "X-RateLimit-Limit"), 3);
        ck_assert_int_eq(header_long(&r, "X-RateLimit-Period"), 60);
        ck_assert_ptr_nonnull(strcasestr(r.headers, "X-RateLimit-Name: org_connections"));
        reply_free(&r);
    }
    reply r = call(&m, "POST", CONN, "{}", true);
    ck_assert_int_eq(r.status, 429);
    ck_assert_str_eq(err_str(&r), "Too many requests");
    long reset = header_long(&r, "X-RateLimit-Reset");
    ck_assert(reset >= 1 && reset <= 60);
    ck_assert_int_eq(header_long(&r, "X-RateLimit-Remaining"), 0);
    reply_free(&r);
    /* Another route group has its own window. */
    r = call(&m, "GET", SF, NULL, true);
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_nonnull(strcasestr(r.headers, "X-RateLimit-Name: salesforce_integration"));
    reply_free(&r);
    /* Control routes are never limited. */
    ck_assert_int_eq(mock_clear_requests(&m), 0);
    mock_stop(&m);
}
END_TEST

START_TEST(faults_from_control_endpoint)
{
    mock_proc m;
    start(&m, NULL);
    ck_assert_int_eq(mock_add_fault(&m, "{\"route\":\"list_connections\",\"status\":503,"
                                        "\"times\":1}"), 0);
    reply r = call(&m, "GET", CONN, NULL, true);
    ck_assert_int_eq(r.status, 503);
    ck_assert_str_eq(err_str(&r), "Service Unavailable");
    reply_free(&r);
    r = call(&m, "GET", CONN, NULL, true);
    ck_assert_int_eq(r.status, 200);
    reply_free(&r);

    ck_assert_int_eq(mock_add_fault(&m, "{\"route\":\"disable_org\",\"status\":500}"), 0);
    r = call(&m, "POST", DISABLE, DISABLE_BODY, true);
    ck_assert_int_eq(r.status, 500);
    ck_assert_str_eq(cJSON_GetObjectItem(err_api(&r), "status")->valuestring, "500");
    reply_free(&r);

    ck_assert_int_eq(mock_add_fault(&m, "{\"route\":\"list_salesforce\",\"kind\":\"malformed\","
                                        "\"times\":1}"), 0);
    r = call(&m, "GET", SF, NULL, true);
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_null(r.json);
    reply_free(&r);
    ck_assert_int_eq(mock_add_fault(&m, "{\"route\":\"list_salesforce\",\"kind\":\"reset\","
                                        "\"times\":1}"), 0);
    r = call(&m, "GET", SF, NULL, true);
    ck_assert_int_eq(r.status, -1);
    reply_free(&r);
    r = call(&m, "GET", SF, NULL, true);
    ck_assert_int_eq(r.status, 200);
    reply_free(&r);

    char *list = NULL;
    ck_assert_int_eq(mock_http(&m, "GET", "/_mock/faults", NULL, &list), 200);
    ck_assert_ptr_nonnull(strstr(list, "\"fired\":1"));
    free(list);
    ck_assert_int_eq(mock_clear_faults(&m), 0);
    r = call(&m, "POST", DISABLE, "{\"data\":{\"type\":\"nope\"}}", true);
    ck_assert_int_eq(r.status, 400);
    reply_free(&r);
    /* A bad fault spec is refused. */
    ck_assert_int_eq(mock_http(&m, "POST", "/_mock/faults", "{\"route\":\"nope\",\"status\":500}",
                               NULL), 400);
    /* A redirect in front of the API: the Location header, once; a header
     * value that could split the answer, or a location without a status,
     * is refused. */
    ck_assert_int_eq(mock_add_fault(&m, "{\"route\":\"list_connections\",\"status\":302,"
                                        "\"location\":\"https://login.example/sso\","
                                        "\"times\":1}"), 0);
    r = call(&m, "GET", CONN, NULL, true);
    ck_assert_int_eq(r.status, 302);
    ck_assert_ptr_nonnull(strcasestr(r.headers, "Location: https://login.example/sso\r\n"));
    reply_free(&r);
    r = call(&m, "GET", CONN, NULL, true);
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_null(strcasestr(r.headers, "Location:"));
    reply_free(&r);
    ck_assert_int_eq(mock_http(&m, "POST", "/_mock/faults",
                               "{\"route\":\"*\",\"status\":302,\"location\":\"a\\r\\nX: y\"}",
                               NULL), 400);
    ck_assert_int_eq(mock_http(&m, "POST", "/_mock/faults",
                               "{\"route\":\"*\",\"kind\":\"malformed\",\"location\":\"/x\"}",
                               NULL), 400);
    mock_stop(&m);
}
END_TEST

START_TEST(state_round_trip_keeps_hostile_text)
{
    mock_proc m;
    start(&m, NULL);
    const char *fixture =
        "{\"self_org_id\":\"o1\",\"self_user\":{\"id\":\"u1\",\"name\":\"Ada\"},"
        "\"orgs\":[{\"id\":\"o1\",\"name\":\"Acme\",\"created_at\":\"2026-05-30T00:00:00Z\","
        "\"disabled\":false},{\"id\":\"o2\",\"name\":\"\\u001b[31mEvil\\r\\u202eCorp \\u5bbd\","
        "\"created_at\":\"2024-01-01T00:00:00+00:00\",\"disabled\":false}],"
        "\"users\":[{\"id\":\"u2\",\"name\":\"Bob\"}],"
        "\"connections\":[{\"id\":\"c1\",\"source_org_id\":\"o1\",\"sink_org_id\":\"o2\","
        "\"connection_types\":[\"logs\",\"traces\"],\"created_at\":\"2025-01-01T00:00:00+00:00\","
        "\"created_by_id\":\"u2\"}],\"salesforce_orgs\":[],\"deleted_incident_templates\":0,"
        "\"disable_feature_flag\":true,\"disable_status\":\"pending_disable\"}";
    ck_assert_int_eq(mock_load_state(&m, fixture), 0);
    cJSON *a = mock_state(&m);
    cJSON *want = cJSON_Parse(fixture);
    ck_assert(cJSON_Compare(a, want, 1));
    char *text = cJSON_PrintUnformatted(a);
    ck_assert_int_eq(mock_load_state(&m, text), 0);
    cJSON *b = mock_state(&m);
    ck_assert(cJSON_Compare(a, b, 1));

    reply r = call(&m, "GET", CONN, NULL, true);
    const cJSON *c = cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "data"), 0);
    ck_assert_str_eq(path_get(c, "relationships", "sink_org", "data")->child->next->valuestring,
                     "\x1b[31mEvil\r\xe2\x80\xae" "Corp \xe5\xae\xbd");
    ck_assert_str_eq(cJSON_GetArrayItem(path_get(c, "attributes", "connection_types", NULL), 1)
                         ->valuestring, "traces");
    reply_free(&r);
    ck_assert_int_eq(mock_http(&m, "PUT", "/_mock/state", "{\"orgs\":[]}", NULL), 400);
    free(text);
    cJSON_Delete(a);
    cJSON_Delete(b);
    cJSON_Delete(want);
    mock_stop(&m);
}
END_TEST

START_TEST(request_log_redacts_keys)
{
    mock_proc m;
    start(&m, NULL);
    reply r = call(&m, "GET", CONN "?limit=5", NULL, true);
    reply_free(&r);
    r = call(&m, "POST", CONN, "{\"x\":1}", true);
    reply_free(&r);
    ck_assert_int_eq(mock_count_requests(&m, "GET", CONN), 1);
    ck_assert_int_eq(mock_count_requests(&m, "POST", "/api/v2/org"), 1);
    char *raw = NULL;
    ck_assert_int_eq(mock_http(&m, "GET", "/_mock/requests", NULL, &raw), 200);
    ck_assert_ptr_null(strstr(raw, MOCK_API_KEY));
    ck_assert_ptr_null(strstr(raw, MOCK_APP_KEY));
    free(raw);
    cJSON *reqs = mock_requests(&m);
    ck_assert_int_eq(cJSON_GetArraySize(reqs), 2);
    const cJSON *first = cJSON_GetArrayItem(reqs, 0);
    const cJSON *h = cJSON_GetObjectItem(first, "headers");
    ck_assert_str_eq(cJSON_GetObjectItem(h, "DD-API-KEY")->valuestring, "<redacted>");
    ck_assert_str_eq(cJSON_GetObjectItem(h, "DD-APPLICATION-KEY")->valuestring, "<redacted>");
    ck_assert_str_eq(path_get(first, "query", "limit", NULL)->valuestring, "5");
    ck_assert_int_eq(cJSON_GetObjectItem(first, "status")->valueint, 200);
    ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(reqs, 1), "body")->valuestring,
                     "{\"x\":1}");
    cJSON_Delete(reqs);
    ck_assert_int_eq(mock_clear_requests(&m), 0);
    ck_assert_int_eq(mock_count_requests(&m, "GET", "/"), 0);
    mock_stop(&m);
}
END_TEST

/* Runs the mock binary with these arguments; returns its exit status. */
static int run_mock(const char *const *args)
{
    const char *bin = getenv("DDORGS_MOCK_BIN");
    if (!bin)
        bin = "./ddorgs-mock";
    const char *argv[16] = {bin};
    int n = 1;
    for (; args[n - 1]; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int st = -1;
    if (posix_spawn(&pid, bin, &fa, NULL, (char *const *)argv, environ) == 0)
        waitpid(pid, &st, 0);
    posix_spawn_file_actions_destroy(&fa);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

START_TEST(bad_flags_exit_2)
{
    ck_assert_int_eq(run_mock((const char *const[]){"--bogus", NULL}), 2);
    ck_assert_int_eq(run_mock((const char *const[]){"--bind", "0.0.0.0", NULL}), 2);
    ck_assert_int_eq(run_mock((const char *const[]){"--orgs", "3", "--connections", "7", NULL}),
                     2);
    ck_assert_int_eq(run_mock((const char *const[]){"--fault", "nope:status=500", NULL}), 2);
    ck_assert_int_eq(run_mock((const char *const[]){"--rate-limit", "fast", NULL}), 2);
    ck_assert_int_eq(run_mock((const char *const[]){"--max-page-size", "0", NULL}), 2);
    ck_assert_int_eq(run_mock((const char *const[]){"--max-page-size", NULL}), 2);
    ck_assert_int_eq(run_mock((const char *const[]){"--min-page-size", "0", NULL}), 2);
    ck_assert_int_eq(run_mock((const char *const[]){"--version", NULL}), 0);
}
END_TEST

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    Suite *s = suite_create("mock");
    TCase *tc = tcase_create("api");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, seed_is_deterministic);
    tcase_add_test(tc, paging_and_filters);
    tcase_add_test(tc, page_size_cap_and_empty_page);
    tcase_add_test(tc, page_size_floor);
    tcase_add_test(tc, create_errors_and_success);
    tcase_add_test(tc, update_and_delete);
    tcase_add_test(tc, auth_and_routing);
    tcase_add_test(tc, salesforce_list_and_delete);
    tcase_add_test(tc, org_disable_rules);
    tcase_add_test(tc, rate_limit);
    tcase_add_test(tc, faults_from_control_endpoint);
    tcase_add_test(tc, escaped_ids_stay_one_segment);
    tcase_add_test(tc, routing_form_of_paths);
    tcase_add_test(tc, state_round_trip_keeps_hostile_text);
    tcase_add_test(tc, request_log_redacts_keys);
    tcase_add_test(tc, bad_flags_exit_2);
    suite_add_tcase(s, tc);
    int rc = dd_run_suite(s);
    curl_global_cleanup();
    return rc;
}
