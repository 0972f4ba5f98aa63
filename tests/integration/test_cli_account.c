/* `ddorgs --all-profiles connections list` and `orgs list`, end to end:
 * the real binary ($DDORGS_BIN) with a config file of several profiles,
 * each holding one org's keys of one ddorgs-mock account. The merged rows
 * name the profiles that list them, and are otherwise the single-profile
 * output; a failing profile is named on stderr with exit status 15 while
 * the others' rows print; slow profiles load at once; Ctrl-C stops the
 * load; --all-profiles is refused where it does not apply. */
#include <check.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "mock/harness.h"
#include "suite_main.h"

#define P_ID "11111111-1111-4111-8111-111111111111" /* Parent: the configured keys */
#define A_ID "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa" /* Alpha: its own keys */
#define B_ID "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb" /* Bravo: keys, no org permission */
#define C_ID "cccccccc-cccc-4ccc-8ccc-cccccccccccc" /* Charlie: no keys */
#define A_API "897e3559fa068bdc53b04533859d09c9"
#define A_APP "9c9f66be82aa3b4b89b1cb3e27e14206bfd8cedf"
#define B_API "3d2fd322c25c75942440cd6184bae021"
#define B_APP "a7f1cbd1b1f8978e1361309f883a3ce7b2eb41c3"
#define BAD_API "61165ce3425fdf8c73945208508315a7"
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

#define PROFILE(name, api, app) \
    "[profile " name "]\napi_key = " api "\napp_key = " app "\n"
#define PARENT PROFILE("parent", MOCK_API_KEY, MOCK_APP_KEY)
#define ALPHA PROFILE("alpha", A_API, A_APP)
#define BRAVO PROFILE("bravo", B_API, B_APP)
#define BROKEN PROFILE("broken", BAD_API, MOCK_APP_KEY)

static mock_proc mock;
static char home[256];

static void setup(void)
{
    snprintf(home, sizeof(home), "/tmp/ddorgs-clia-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(home));
    memset(&mock, 0, sizeof(mock));
    ck_assert_int_eq(mock_start(&mock, NULL), 0);
    ck_assert_int_eq(mock_load_state(&mock, FIXTURE), 0);
    ck_assert_int_eq(mock_clear_requests(&mock), 0);
}

static void teardown(void)
{
    mock_stop(&mock);
    char cmd[400];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", home);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", home);
}

static void write_config(const char *text)
{
    char path[400];
    snprintf(path, sizeof(path), "%s/config", home);
    mkdir(path, 0700);
    snprintf(path, sizeof(path), "%s/config/ddorgs", home);
    mkdir(path, 0700);
    snprintf(path, sizeof(path), "%s/config/ddorgs/config", home);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    ck_assert_int_eq(chmod(path, 0600), 0);
}

/* ---- Running ddorgs ------------------------------------------------------ */

typedef struct run_result {
    int code;
    char *out;
    char *err;
    double ms;
} run_result;

static void result_free(run_result *r)
{
    free(r->out);
    free(r->err);
    memset(r, 0, sizeof(*r));
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (int c; (c = fgetc(f)) != EOF;) {
        if (len + 2 > cap)
            buf = realloc(buf, cap = cap ? cap * 2 : 4096);
        buf[len++] = (char)c;
    }
    fclose(f);
    if (!buf)
        buf = malloc(1);
    buf[len] = '\0';
    return buf;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Starts ddorgs with args (NULL-terminated) in the private HOME, no keys in
 * its environment, stdout to out_path (NULL: a file read back). */
static pid_t start(const char *const *args, const char *out_path)
{
    const char *bin = getenv("DDORGS_BIN");
    ck_assert_msg(bin != NULL, "DDORGS_BIN is not set");
    char out[400], err[400];
    snprintf(out, sizeof(out), "%s/out", home);
    snprintf(err, sizeof(err), "%s/err", home);
    const char *argv[40];
    size_t n = 0;
    argv[n++] = "ddorgs";
    for (size_t i = 0; args[i] && n < 39; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        char h[300], x[300], s[300];
        snprintf(h, sizeof(h), "HOME=%s", home);
        snprintf(x, sizeof(x), "XDG_CONFIG_HOME=%s/config", home);
        snprintf(s, sizeof(s), "XDG_STATE_HOME=%s/state", home);
        const char *mockbin = getenv("DDORGS_MOCK_BIN");
        char m[600];
        snprintf(m, sizeof(m), "DDORGS_MOCK_BIN=%s", mockbin ? mockbin : "");
        char *const env[] = {h, x, s, "COLUMNS=200", "LC_ALL=C.UTF-8", "PATH=/usr/bin:/bin",
                             mockbin ? m : NULL, NULL};
        int fo = open(out_path ? out_path : out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int fe = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int nul = open("/dev/null", O_RDONLY);
        if (fo < 0 || fe < 0 || nul < 0)
            _exit(126);
        dup2(nul, 0);
        dup2(fo, 1);
        dup2(fe, 2);
        execve(bin, (char *const *)argv, env);
        _exit(127);
    }
    return pid;
}

static run_result finish(pid_t pid, bool read_out, double t0)
{
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    run_result r = {0};
    r.ms = now_ms() - t0;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    char path[400];
    snprintf(path, sizeof(path), "%s/out", home);
    r.out = read_out ? slurp(path) : calloc(1, 1);
    snprintf(path, sizeof(path), "%s/err", home);
    r.err = slurp(path);
    /* No key reaches any output, whatever the test. */
    const char *keys[] = {MOCK_API_KEY, MOCK_APP_KEY, A_API, A_APP, B_API, B_APP, BAD_API};
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        ck_assert_msg(!strstr(r.out, keys[i]), "a key appeared on stdout");
        ck_assert_msg(!strstr(r.err, keys[i]), "a key appeared on stderr");
    }
    return r;
}

static run_result run(const char *const *args)
{
    double t0 = now_ms();
    return finish(start(args, NULL), true, t0);
}

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* ---- Reading the output ----------------------------------------------------- */

static cJSON *parse_array(const run_result *r)
{
    cJSON *doc = cJSON_Parse(r->out);
    ck_assert_msg(cJSON_IsArray(doc), "not a JSON array: %s", r->out);
    return doc;
}

static const cJSON *row_with_id(const cJSON *arr, const char *id)
{
    const cJSON *row;
    cJSON_ArrayForEach(row, arr) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(row, "id");
        if (cJSON_IsString(v) && strcmp(v->valuestring, id) == 0)
            return row;
    }
    return NULL;
}

/* The row's profiles array joined by "," ("" for none). */
static const char *profiles_of(const cJSON *row, char *buf, size_t n)
{
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(row, "profiles");
    ck_assert_msg(cJSON_IsArray(p), "no profiles array");
    buf[0] = '\0';
    const cJSON *name;
    cJSON_ArrayForEach(name, p) {
        ck_assert(cJSON_IsString(name));
        size_t used = strlen(buf);
        snprintf(buf + used, n - used, "%s%s", used ? "," : "", name->valuestring);
    }
    return buf;
}

static void expect_profiles(const cJSON *arr, const char *id, const char *want)
{
    const cJSON *row = row_with_id(arr, id);
    ck_assert_msg(row != NULL, "no row %s", id);
    char buf[200];
    ck_assert_str_eq(profiles_of(row, buf, sizeof(buf)), want);
}

static int lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* ---- Tests -------------------------------------------------------------- */

/* One row per connection, naming every profile whose listing holds it, and
 * otherwise exactly what each profile's own listing prints. */
START_TEST(merged_rows_name_their_profiles)
{
    write_config(PARENT ALPHA BRAVO);
    run_result r = run(ARGS("--api-url", mock.url, "--all-profiles", "connections", "list",
                            "-o", "json"));
    ck_assert_msg(r.code == 0, "rc %d: %s", r.code, r.err);
    ck_assert_str_eq(r.err, "");
    cJSON *all = parse_array(&r);
    ck_assert_int_eq(cJSON_GetArraySize(all), 5);
    expect_profiles(all, C1, "parent,alpha");
    expect_profiles(all, C2, "parent,bravo");
    expect_profiles(all, C3, "parent,alpha");
    expect_profiles(all, C4, "bravo");
    expect_profiles(all, C5, "alpha");
    result_free(&r);

    /* Every other field as the profile's own listing has it. */
    const char *const profiles[] = {"parent", "alpha", "bravo"};
    for (size_t p = 0; p < 3; p++) {
        r = run(ARGS("--api-url", mock.url, "--profile", profiles[p], "connections", "list", "-o",
                     "json"));
        ck_assert_msg(r.code == 0, "rc %d: %s", r.code, r.err);
        cJSON *one = parse_array(&r);
        const cJSON *row;
        cJSON_ArrayForEach(row, one) {
            const char *id = cJSON_GetObjectItemCaseSensitive(row, "id")->valuestring;
            cJSON *merged = cJSON_Duplicate(row_with_id(all, id), 1);
            ck_assert_ptr_nonnull(merged);
            cJSON_DeleteItemFromObjectCaseSensitive(merged, "profiles");
            char *a = cJSON_PrintUnformatted(merged), *b = cJSON_PrintUnformatted(row);
            ck_assert_str_eq(a, b);
            free(a);
            free(b);
            cJSON_Delete(merged);
        }
        cJSON_Delete(one);
        result_free(&r);
    }
    cJSON_Delete(all);

    /* jsonl: the same objects, a line each. */
    r = run(ARGS("--api-url", mock.url, "--all-profiles", "connections", "list", "-o", "jsonl"));
    ck_assert_int_eq(r.code, 0);
    ck_assert_int_eq(lines(r.out), 5);
    ck_assert_ptr_nonnull(strstr(r.out, "\"profiles\":[\"parent\",\"bravo\"]}\n"));
    result_free(&r);

    /* CSV: a profiles field, the names joined by ",". */
    r = run(ARGS("--api-url", mock.url, "--all-profiles", "connections", "list", "-o", "csv"));
    ck_assert_int_eq(r.code, 0);
    const char *head = "id,source_org_id,source_org_name,sink_org_id,sink_org_name,"
                       "connection_types,created_at,created_by_id,created_by_name,profiles\n";
    ck_assert_msg(strncmp(r.out, head, strlen(head)) == 0, "%s", r.out);
    ck_assert_ptr_nonnull(strstr(r.out, C1 "," A_ID ",Alpha," P_ID ",Parent,logs,"
                                        "2025-08-26T20:19:36.177236+00:00,u-1,Pat,"
                                        "\"parent,alpha\"\n"));
    ck_assert_ptr_nonnull(strstr(r.out, ",u-1,Pat,bravo\n"));
    result_free(&r);

    /* The table: a PROFILES column. */
    r = run(ARGS("--api-url", mock.url, "--all-profiles", "connections", "list"));
    ck_assert_int_eq(r.code, 0);
    ck_assert_msg(strncmp(r.out, "ID ", 3) == 0 && strstr(r.out, "  PROFILES  "), "%s", r.out);
    ck_assert_int_eq(lines(r.out), 6);
    ck_assert_ptr_nonnull(strstr(r.out, "  parent,alpha  "));
    result_free(&r);

    /* The orgs' table fits its columns to every row, not the first: the
     * longest name (a later row's) is whole. */
    r = run(ARGS("--api-url", mock.url, "--all-profiles", "orgs", "list"));
    ck_assert_int_eq(r.code, 0);
    ck_assert_msg(strstr(r.out, "Charlie ") && !strstr(r.out, "\u2026"), "%s", r.out);
    result_free(&r);
}
END_TEST

/* --sink-org and --source-org (any case), --offset and --limit apply to
 * the merged rows. */
START_TEST(filters_and_limits_apply_to_the_merged_rows)
{
    write_config(PARENT ALPHA BRAVO);
    run_result r = run(ARGS("--api-url", mock.url, "--all-profiles", "connections", "list",
                            "--sink-org", "11111111-1111-4111-8111-11111111111F", "-o", "jsonl"));
    ck_assert_int_eq(r.code, 0);
    ck_assert_int_eq(lines(r.out), 0);
    result_free(&r);
    char upper[] = P_ID;
    for (char *p = upper; *p; p++)
        *p = (char)(*p >= 'a' && *p <= 'f' ? *p - 32 : *p);
    r = run(ARGS("--api-url", mock.url, "--all-profiles", "connections", "list", "--sink-org",
                 upper, "-o", "json"));
    ck_assert_int_eq(r.code, 0);
    cJSON *doc = parse_array(&r);
    ck_assert_int_eq(cJSON_GetArraySize(doc), 2);
    ck_assert_ptr_nonnull(row_with_id(doc, C1));
    ck_assert_ptr_nonnull(row_with_id(doc, C2));
    cJSON_Delete(doc);
    result_free(&r);
    r = run(ARGS("--api-url", mock.url, "--all-profiles", "connections", "list", "--source-org",
                 B_ID, "--limit", "1", "-o", "json"));
    ck_assert_int_eq(r.code, 0);
    doc = parse_array(&r);
    ck_assert_int_eq(cJSON_GetArraySize(doc), 1);
    ck_assert_ptr_nonnull(row_with_id(doc, C2));
    cJSON_Delete(doc);
    result_free(&r);
    r = run(ARGS("--api-url", mock.url, "--all-profiles", "connections", "list", "--offset", "4",
                 "-o", "json"));
    ck_assert_int_eq(r.code, 0);
    doc = parse_array(&r);
    ck_assert_int_eq(cJSON_GetArraySize(doc), 1);
    cJSON_Delete(doc);
    result_free(&r);
}
END_TEST

/* The account's orgs: who holds each one's keys, connections out and in,
 * described by the managed orgs; --name filters. */
START_TEST(orgs_list_shows_the_account)
{
    write_config(PARENT ALPHA BRAVO);
    run_result r = run(ARGS("--api-url", mock.url, "--all-profiles", "orgs", "list", "-o",
                            "json"));
    ck_assert_msg(r.code == 0, "rc %d: %s", r.code, r.err);
    cJSON *doc = parse_array(&r);
    ck_assert_int_eq(cJSON_GetArraySize(doc), 4);
    struct { const char *id, *name, *profiles; int out, in; } want[] = {
        {P_ID, "Parent", "parent", 1, 2}, {A_ID, "Alpha", "alpha", 2, 1},
        {B_ID, "Bravo", "bravo", 2, 0},   {C_ID, "Charlie", "", 0, 2},
    };
    for (size_t i = 0; i < 4; i++) {
        const cJSON *o = row_with_id(doc, want[i].id);
        ck_assert_msg(o != NULL, "no org %s", want[i].id);
        ck_assert_str_eq(cJSON_GetObjectItem(o, "name")->valuestring, want[i].name);
        ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(o, "disabled")));
        ck_assert(cJSON_IsString(cJSON_GetObjectItem(o, "public_id")));
        char buf[100];
        ck_assert_str_eq(profiles_of(o, buf, sizeof(buf)), want[i].profiles);
        ck_assert_int_eq(cJSON_GetObjectItem(o, "connections_out")->valueint, want[i].out);
        ck_assert_int_eq(cJSON_GetObjectItem(o, "connections_in")->valueint, want[i].in);
    }
    cJSON_Delete(doc);
    result_free(&r);

    r = run(ARGS("--api-url", mock.url, "--all-profiles", "orgs", "list", "--name", "RAV",
                 "-o", "csv"));
    ck_assert_int_eq(r.code, 0);
    char want_csv[400];
    snprintf(want_csv, sizeof(want_csv),
             "id,name,public_id,state,profiles,connections_out,connections_in\n%s,Bravo,",
             B_ID);
    ck_assert_msg(strncmp(r.out, want_csv, strlen(want_csv)) == 0, "%s", r.out);
    ck_assert_ptr_nonnull(strstr(r.out, ",active,bravo,2,0\n"));
    ck_assert_int_eq(lines(r.out), 2);
    result_free(&r);

    r = run(ARGS("--api-url", mock.url, "--all-profiles", "orgs", "list"));
    ck_assert_int_eq(r.code, 0);
    ck_assert_msg(strstr(r.out, "NAME") && strstr(r.out, "STATE") && strstr(r.out, "PROFILES") &&
                      strstr(r.out, "OUT") && strstr(r.out, "IN\n"),
                  "%s", r.out);
    ck_assert_int_eq(lines(r.out), 5);
    result_free(&r);

    /* Keys that may not list the managed orgs: the orgs are those of the
     * rows, their state unknown (null in JSON), the keys' org inferred. */
    write_config(BRAVO);
    r = run(ARGS("--api-url", mock.url, "--all-profiles", "orgs", "list", "-o", "json"));
    ck_assert_msg(r.code == 0, "rc %d: %s", r.code, r.err);
    doc = parse_array(&r);
    ck_assert_int_eq(cJSON_GetArraySize(doc), 3);
    const cJSON *o;
    cJSON_ArrayForEach(o, doc) {
        ck_assert(cJSON_IsNull(cJSON_GetObjectItem(o, "disabled")));
        ck_assert(cJSON_IsNull(cJSON_GetObjectItem(o, "public_id")));
    }
    char buf[100];
    ck_assert_str_eq(profiles_of(row_with_id(doc, B_ID), buf, sizeof(buf)), "bravo");
    ck_assert_str_eq(profiles_of(row_with_id(doc, C_ID), buf, sizeof(buf)), "");
    cJSON_Delete(doc);
    result_free(&r);
    r = run(ARGS("--api-url", mock.url, "--all-profiles", "orgs", "list", "-o", "csv"));
    ck_assert_int_eq(r.code, 0);
    ck_assert_msg(strstr(r.out, "\n" B_ID ",Bravo,,unknown,bravo,2,0\n"), "%s", r.out);
    result_free(&r);
}
END_TEST

/* A profile whose keys are refused, and one that cannot be read, are named
 * on stderr a line each; the others' rows print; exit status 15. */
START_TEST(failing_profile_named_others_printed_15)
{
    write_config(PARENT BROKEN ALPHA "[profile nokeys]\nsite = datadoghq.eu\n" BRAVO);
    run_result r = run(ARGS("--api-url", mock.url, "--all-profiles", "connections", "list",
                            "-o", "json"));
    ck_assert_msg(r.code == DD_EXIT_PARTIAL, "rc %d: %s", r.code, r.err);
    ck_assert_int_eq(DD_EXIT_PARTIAL, 15);
    ck_assert_int_eq(lines(r.err), 2);
    ck_assert_msg(strncmp(r.err, "ddorgs: profile 'nokeys': ", 26) == 0, "%s", r.err);
    const char *second = strchr(r.err, '\n') + 1;
    ck_assert_msg(strncmp(second, "ddorgs: profile 'broken': GET /api/v2/org: HTTP 401", 51) == 0,
                  "%s", r.err);
    cJSON *doc = parse_array(&r);
    ck_assert_int_eq(cJSON_GetArraySize(doc), 5);
    expect_profiles(doc, C1, "parent,alpha");
    expect_profiles(doc, C4, "bravo");
    cJSON_Delete(doc);
    result_free(&r);

    /* The same for the orgs. */
    r = run(ARGS("--api-url", mock.url, "--all-profiles", "orgs", "list", "-o", "jsonl"));
    ck_assert_int_eq(r.code, DD_EXIT_PARTIAL);
    ck_assert_int_eq(lines(r.out), 4);
    result_free(&r);

    /* None loads: the first failure's own status, nothing on stdout. */
    write_config(BROKEN "[profile nokeys]\nsite = datadoghq.eu\n");
    r = run(ARGS("--api-url", mock.url, "--all-profiles", "connections", "list"));
    ck_assert_msg(r.code == DD_EXIT_AUTH, "rc %d: %s", r.code, r.err);
    ck_assert_str_eq(r.out, "");
    ck_assert_int_eq(lines(r.err), 2);
    result_free(&r);
    write_config("[profile nokeys]\nsite = datadoghq.eu\n" BROKEN);
    r = run(ARGS("--api-url", mock.url, "--all-profiles", "connections", "list"));
    ck_assert_msg(r.code == DD_EXIT_CONFIG, "rc %d: %s", r.code, r.err);
    result_free(&r);
}
END_TEST

/* Profiles slowed down at the mock (2.5 s a request, two requests each)
 * load at once: the run takes about one slow profile's time, not their
 * sum, and every profile's rows are there. */
START_TEST(slow_profiles_load_at_once)
{
    write_config(PARENT ALPHA BRAVO);
    ck_assert_int_eq(mock_add_fault(&mock, "{\"route\":\"*\",\"latency_ms\":2500,"
                                           "\"org\":\"" A_ID "\"}"), 0);
    ck_assert_int_eq(mock_add_fault(&mock, "{\"route\":\"*\",\"latency_ms\":2500,"
                                           "\"org\":\"" B_ID "\"}"), 0);
    run_result r = run(ARGS("--api-url", mock.url, "--all-profiles", "connections", "list",
                            "-o", "json"));
    ck_assert_msg(r.code == 0, "rc %d: %s", r.code, r.err);
    cJSON *doc = parse_array(&r);
    ck_assert_int_eq(cJSON_GetArraySize(doc), 5);
    expect_profiles(doc, C5, "alpha");
    expect_profiles(doc, C4, "bravo");
    cJSON_Delete(doc);
    ck_assert_msg(r.ms >= 5000, "took %.0f ms: the latency was not applied", r.ms);
    ck_assert_msg(r.ms < 9000, "took %.0f ms: the profiles were loaded one after another", r.ms);
    result_free(&r);
}
END_TEST

/* Ctrl-C while a profile loads stops the whole load at once: exit 8, one
 * line, nothing printed. */
START_TEST(sigint_stops_the_load)
{
    write_config(PARENT ALPHA);
    ck_assert_int_eq(mock_add_fault(&mock, "{\"route\":\"*\",\"latency_ms\":30000,"
                                           "\"org\":\"" A_ID "\"}"), 0);
    double t0 = now_ms();
    pid_t pid = start(ARGS("--api-url", mock.url, "--all-profiles", "connections", "list"), NULL);
    /* Both profiles have asked for their org. */
    for (int i = 0; i < 200 && mock_count_requests(&mock, "GET", "/api/v2/org") < 2; i++)
        usleep(50 * 1000);
    ck_assert_int_ge(mock_count_requests(&mock, "GET", "/api/v2/org"), 2);
    usleep(200 * 1000);
    ck_assert_int_eq(kill(pid, SIGINT), 0);
    run_result r = finish(pid, true, t0);
    ck_assert_msg(r.code == DD_EXIT_NETWORK, "rc %d: %s", r.code, r.err);
    ck_assert_str_eq(r.err, "ddorgs: connections list --all-profiles interrupted by SIGINT; "
                            "nothing was printed.\n");
    ck_assert_str_eq(r.out, "");
    ck_assert_msg(r.ms < 20000, "took %.0f ms to stop", r.ms);
    result_free(&r);
}
END_TEST

/* Standard output that cannot be written: exit 13, said once. */
START_TEST(full_disk_is_13)
{
    write_config(PARENT ALPHA);
    double t0 = now_ms();
    pid_t pid = start(ARGS("--api-url", mock.url, "--all-profiles", "connections", "list", "-o",
                           "csv"), "/dev/full");
    run_result r = finish(pid, false, t0);
    ck_assert_msg(r.code == DD_EXIT_OUTPUT, "rc %d: %s", r.code, r.err);
    ck_assert_str_eq(r.err, "ddorgs: cannot write to standard output: No space left on device. "
                            "Check where it goes (a full disk, a closed file).\n");
    result_free(&r);
}
END_TEST

/* --all-profiles goes with the two listings and the console only, and
 * with nothing that picks one profile or site for all. */
START_TEST(all_profiles_refused_elsewhere_is_2)
{
    write_config(PARENT);
    struct {
        const char *const *args;
        const char *err;
    } cases[] = {
        {ARGS("--all-profiles", "connections", "delete", C1, "--yes"),
         "ddorgs: --all-profiles applies to 'connections list', 'orgs list' and the console, not "
         "'connections delete'; name one profile with --profile NAME instead.\n"},
        {ARGS("salesforce", "list", "--all-profiles"),
         "ddorgs: --all-profiles applies to 'connections list', 'orgs list' and the console, not "
         "'salesforce list'; name one profile with --profile NAME instead.\n"},
        {ARGS("doctor", "--all-profiles"),
         "ddorgs: --all-profiles applies to 'connections list', 'orgs list' and the console, not "
         "'doctor'; name one profile with --profile NAME instead.\n"},
        {ARGS("--all-profiles", "--profile", "parent", "connections", "list"),
         "ddorgs: --all-profiles reads every profile of the config file; drop --profile or "
         "--all-profiles.\n"},
        {ARGS("--all-profiles", "--site", "datadoghq.eu", "orgs", "list"),
         "ddorgs: --all-profiles uses each profile's own site; drop --site or --all-profiles.\n"},
        {ARGS("--all-profiles", "--dry-run", "connections", "list"),
         "ddorgs: --dry-run shows one profile's request; drop --all-profiles or --dry-run.\n"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        run_result r = run(cases[i].args);
        ck_assert_msg(r.code == DD_EXIT_USAGE, "case %zu: rc %d", i, r.code);
        char want[600];
        snprintf(want, sizeof(want), "%sRun 'ddorgs --help' for usage.\n", cases[i].err);
        ck_assert_str_eq(r.err, want);
        ck_assert_str_eq(r.out, "");
        result_free(&r);
    }
    ck_assert_int_eq(mock_count_requests(&mock, "GET", "/"), 0);
    ck_assert_int_eq(mock_count_requests(&mock, "DELETE", "/"), 0);
}
END_TEST

/* No profiles at all: a configuration error that says where they go. */
START_TEST(no_profiles_is_3)
{
    run_result r = run(ARGS("--api-url", mock.url, "--all-profiles", "orgs", "list"));
    ck_assert_msg(r.code == DD_EXIT_CONFIG, "rc %d: %s", r.code, r.err);
    ck_assert_msg(strstr(r.err, "the config file holds no profiles"), "%s", r.err);
    result_free(&r);
}
END_TEST

/* --demo --all-profiles: the demo's account through its five profiles. */
START_TEST(demo_account)
{
    run_result r = run(ARGS("--demo", "--all-profiles", "orgs", "list", "-o", "json"));
    ck_assert_msg(r.code == 0, "rc %d: %s", r.code, r.err);
    ck_assert_str_eq(r.err, "");
    cJSON *doc = parse_array(&r);
    ck_assert_int_eq(cJSON_GetArraySize(doc), 12);
    int with_keys = 0, disabled = 0, none = 0;
    const cJSON *o;
    char names[400] = "";
    cJSON_ArrayForEach(o, doc) {
        char buf[100];
        profiles_of(o, buf, sizeof(buf));
        if (*buf) {
            with_keys++;
            ck_assert(strncmp(buf, "demo-", 5) == 0);
            snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s ", buf);
        }
        disabled += cJSON_IsTrue(cJSON_GetObjectItem(o, "disabled"));
        none += cJSON_GetObjectItem(o, "connections_out")->valueint == 0 &&
                cJSON_GetObjectItem(o, "connections_in")->valueint == 0;
    }
    /* demo.h: five profiles, the keys' org first; one disabled org, in no
     * connection; the keys' org receives from ten and sends to three. */
    ck_assert_int_eq(with_keys, 5);
    ck_assert_str_eq(names, "demo-wayne demo-gringotts demo-bluth demo-zorg demo-vandelay ");
    ck_assert_int_eq(disabled, 1);
    ck_assert_int_eq(none, 1);
    const cJSON *first = cJSON_GetArrayItem(doc, 0);
    ck_assert_int_eq(cJSON_GetObjectItem(first, "connections_in")->valueint, 10);
    ck_assert_int_eq(cJSON_GetObjectItem(first, "connections_out")->valueint, 3);
    cJSON_Delete(doc);
    result_free(&r);

    r = run(ARGS("--demo", "--all-profiles", "connections", "list", "-o", "jsonl"));
    ck_assert_msg(r.code == 0, "rc %d: %s", r.code, r.err);
    /* The five profiles see 24 of the account's 26 connections. */
    ck_assert_int_eq(lines(r.out), 24);
    ck_assert_ptr_nonnull(strstr(r.out, "\"profiles\":[\"demo-wayne\",\"demo-bluth\"]}"));
    result_free(&r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cli_account");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, merged_rows_name_their_profiles);
    tcase_add_test(tc, filters_and_limits_apply_to_the_merged_rows);
    tcase_add_test(tc, orgs_list_shows_the_account);
    tcase_add_test(tc, failing_profile_named_others_printed_15);
    tcase_add_test(tc, slow_profiles_load_at_once);
    tcase_add_test(tc, sigint_stops_the_load);
    tcase_add_test(tc, full_disk_is_13);
    tcase_add_test(tc, all_profiles_refused_elsewhere_is_2);
    tcase_add_test(tc, no_profiles_is_3);
    tcase_add_test(tc, demo_account);
    suite_add_tcase(s, tc);
    return dd_run_suite(s);
}
