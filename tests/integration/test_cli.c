/* The ddorgs command line, end to end: the real binary ($DDORGS_BIN) runs
 * against ddorgs-mock, with keys passed only through its environment. Also
 * the pure pieces (argument parsing, CSV quoting, table fitting) in-process. */
#include <check.h>
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <locale.h>
#include <unistd.h>

#include "cli.h"
#include "cli_output.h"
#include "leak_check.h"
#include "mock/harness.h"
#include "ops.h"
#include "raw_server.h"
#include "sanitize.h"
#include "suite_main.h"

extern char **environ;

#define SELF "11111111-1111-4111-8111-111111111111"
#define ORG_B "22222222-2222-4222-8222-222222222222"
#define ORG_C "33333333-3333-4333-8333-333333333333"
#define ORG_D "44444444-4444-4444-8444-444444444444"
#define CONN1 "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaa1"
#define CONN2 "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaa2"
#define MISSING "00000000-0000-4000-8000-000000000000"

/* Beta's own keys: the account seen from another of its orgs. */
#define ORG_B_API_KEY "beta0api0key0000000000000000000b"
#define ORG_B_APP_KEY "beta0app0key000000000000000000000000000b"

/* What every 403 of a call other than the disable itself adds: the org may
 * have been disabled. */
#define DISABLED_403 "The org may also be disabled: a disabled org's keys get 403 on " \
                     "every call; check from another org of the account, e.g. with " \
                     "'ddorgs --profile PARENT orgs list'"

static const char fixture[] =
    "{\"self_org_id\":\"" SELF "\",\"self_user\":{\"id\":\"u1\",\"name\":\"Una User\"},"
    "\"orgs\":["
    "{\"id\":\"" SELF "\",\"name\":\"Alpha Corp\",\"created_at\":\"@CREATED@\"},"
    "{\"id\":\"" ORG_B "\",\"name\":\"Beta, Inc.\",\"created_at\":\"2020-01-01T00:00:00+00:00\","
    "\"api_key\":\"" ORG_B_API_KEY "\",\"app_key\":\"" ORG_B_APP_KEY "\"},"
    "{\"id\":\"" ORG_C "\",\"name\":\"Gamma \\\"Quoted\\\"\","
    "\"created_at\":\"2020-01-01T00:00:00+00:00\"},"
    "{\"id\":\"" ORG_D "\",\"name\":\"Delta \u65e5\u672c\",\"created_at\":\"2020-01-01T00:00:00+00:00\"}],"
    "\"users\":[{\"id\":\"u1\",\"name\":\"Una User\"}],"
    "\"connections\":["
    "{\"id\":\"" CONN1 "\",\"source_org_id\":\"" SELF "\",\"sink_org_id\":\"" ORG_B "\","
    "\"connection_types\":[\"logs\"],\"created_at\":\"2024-01-02T03:04:05+00:00\","
    "\"created_by_id\":\"u1\"},"
    "{\"id\":\"" CONN2 "\",\"source_org_id\":\"" SELF "\",\"sink_org_id\":\"" ORG_C "\","
    "\"connection_types\":[\"metrics\",\"audit\"],\"created_at\":\"2024-02-03T04:05:06+00:00\","
    "\"created_by_id\":\"u1\"}],"
    "\"salesforce_orgs\":[{\"id\":\"sf-0001\",\"name\":\"Prod SF\","
    "\"sfdc_org_id\":\"00D000000000001AAA\",\"sfdc_org_type\":\"Production\","
    "\"instance_url\":\"https://prod.my.salesforce.com\"}]}";

static mock_proc mock;
static char home[256];

typedef struct run_result {
    int code;
    char *out;
    char *err;
} run_result;

static void result_free(run_result *r)
{
    free(r->out);
    free(r->err);
    memset(r, 0, sizeof(*r));
}

/* Loads the fixture into m and forgets the requests so far. */
static void load_fixture(mock_proc *m)
{
    /* The org must be young enough to be disabled: created yesterday. */
    char created[32], doc[sizeof(fixture) + 32];
    time_t yesterday = time(NULL) - 86400;
    strftime(created, sizeof(created), "%Y-%m-%dT%H:%M:%S+00:00", gmtime(&yesterday));
    const char *at = strstr(fixture, "@CREATED@");
    snprintf(doc, sizeof(doc), "%.*s%s%s", (int)(at - fixture), fixture, created, at + 9);
    ck_assert_int_eq(mock_load_state(m, doc), 0);
    ck_assert_int_eq(mock_clear_requests(m), 0);
}

static void setup(void)
{
    snprintf(home, sizeof(home), "/tmp/ddorgs-cli-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(home));
    memset(&mock, 0, sizeof(mock));
    ck_assert_int_eq(mock_start(&mock, NULL), 0);
    load_fixture(&mock);
}

static void teardown(void)
{
    mock_stop(&mock);
    char cmd[400];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", home);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", home);
}

/* Inherited entries dropped: anything ddorgs reads, and any the test sets
 * itself among the extras. */
static bool overridden(const char *entry, const char *const *extra)
{
    static const char *const names[] = {"DD_", "DDORGS_PROFILE=", "DDORGS_READ_ONLY=", "HOME=",
                                        "XDG_", "COLUMNS="};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strncmp(entry, names[i], strlen(names[i])) == 0)
            return true;
    for (size_t e = 0; extra && extra[e]; e++) {
        size_t len = strcspn(extra[e], "=") + 1;
        if (strncmp(entry, extra[e], len) == 0)
            return true;
    }
    return false;
}

/* The child's environment: the test's own minus anything ddorgs reads,
 * then a private HOME, the mock's keys, and the given extras ("NAME=value";
 * "NAME=" alone removes NAME). */
static char **child_env(const char *const *extra)
{
    size_t n = 0;
    while (environ[n])
        n++;
    char **env = calloc(n + 40, sizeof(*env));
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!overridden(environ[i], extra))
            env[k++] = strdup(environ[i]);
    char buf[400];
    snprintf(buf, sizeof(buf), "HOME=%s", home);
    env[k++] = strdup(buf);
    env[k++] = strdup("COLUMNS=200");
    const char *defaults[] = {"DD_API_KEY=" MOCK_API_KEY, "DD_APP_KEY=" MOCK_APP_KEY};
    for (size_t d = 0; d < 2; d++) {
        bool replaced = false;
        for (size_t e = 0; extra && extra[e]; e++)
            if (strncmp(extra[e], defaults[d], 11) == 0)
                replaced = true;
        if (!replaced)
            env[k++] = strdup(defaults[d]);
    }
    for (size_t e = 0; extra && extra[e]; e++) {
        const char *eq = strchr(extra[e], '=');
        if (eq && eq[1] != '\0')
            env[k++] = strdup(extra[e]);
    }
    env[k] = NULL;
    return env;
}

static void env_free(char **env)
{
    for (size_t i = 0; env[i]; i++)
        free(env[i]);
    free(env);
}

static void append(char **buf, size_t *len, const char *data, size_t n)
{
    *buf = realloc(*buf, *len + n + 1);
    memcpy(*buf + *len, data, n);
    *len += n;
    (*buf)[*len] = '\0';
}

/* Every run checks that no key reached the output, whatever the test. */
static void assert_no_keys(const run_result *r)
{
    const char *keys[] = {MOCK_API_KEY, MOCK_APP_KEY, "wrong-api-key-zzzz-123456"};
    for (size_t i = 0; i < 3; i++) {
        ck_assert_msg(!strstr(r->out, keys[i]), "a key appeared on stdout");
        ck_assert_msg(!strstr(r->err, keys[i]), "a key appeared on stderr");
    }
}

/* A ddorgs run in progress: its output is collected as it comes, so a test
 * can act (send a signal) once something has happened. */
typedef struct bg_run {
    pid_t pid;
    struct pollfd pf[2]; /* stdout, stderr; fd -1 once closed */
    run_result r;
    size_t olen, elen;
} bg_run;

/* Starts $DDORGS_BIN with args (NULL-terminated), stdin from /dev/null. */
static void bg_start(bg_run *b, const char *const *args, const char *const *extra_env)
{
    const char *bin = getenv("DDORGS_BIN");
    ck_assert_msg(bin != NULL, "DDORGS_BIN is not set");
    int outp[2], errp[2];
    ck_assert_int_eq(pipe(outp), 0);
    ck_assert_int_eq(pipe(errp), 0);
    char **env = child_env(extra_env);
    const char *argv[40];
    size_t n = 0;
    argv[n++] = "ddorgs";
    for (size_t i = 0; args[i] && n < 39; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        int nul = open("/dev/null", O_RDONLY);
        dup2(nul, 0);
        dup2(outp[1], 1);
        dup2(errp[1], 2);
        close(outp[0]);
        close(errp[0]);
        execve(bin, (char *const *)argv, env);
        _exit(127);
    }
    env_free(env);
    close(outp[1]);
    close(errp[1]);
    memset(b, 0, sizeof(*b));
    b->pid = pid;
    b->pf[0] = (struct pollfd){outp[0], POLLIN, 0};
    b->pf[1] = (struct pollfd){errp[0], POLLIN, 0};
    b->r.out = calloc(1, 1);
    b->r.err = calloc(1, 1);
}

/* Reads what the run wrote, for up to ms milliseconds or until both pipes
 * close. False when both are closed. */
static bool bg_pump(bg_run *b, int ms)
{
    if (b->pf[0].fd < 0 && b->pf[1].fd < 0)
        return false;
    if (poll(b->pf, 2, ms) <= 0)
        return true;
    for (int i = 0; i < 2; i++) {
        if (b->pf[i].fd < 0 || !b->pf[i].revents)
            continue;
        char buf[8192];
        ssize_t got = read(b->pf[i].fd, buf, sizeof(buf));
        if (got > 0) {
            append(i ? &b->r.err : &b->r.out, i ? &b->elen : &b->olen, buf, (size_t)got);
        } else if (got == 0 || errno != EINTR) {
            close(b->pf[i].fd);
            b->pf[i].fd = -1;
        }
    }
    return b->pf[0].fd >= 0 || b->pf[1].fd >= 0;
}

/* Collects the rest of the output and the exit status. */
static run_result bg_finish(bg_run *b)
{
    time_t deadline = time(NULL) + 60;
    while (bg_pump(b, 1000) && time(NULL) < deadline)
        ;
    for (int i = 0; i < 2; i++)
        if (b->pf[i].fd >= 0)
            close(b->pf[i].fd);
    int status;
    ck_assert_int_eq(waitpid(b->pid, &status, 0), b->pid);
    ck_assert_msg(WIFEXITED(status), "ddorgs died (signal %d): %s",
                  WIFSIGNALED(status) ? WTERMSIG(status) : 0, b->r.err);
    b->r.code = WEXITSTATUS(status);
    assert_no_keys(&b->r);
    return b->r;
}

static run_result run_env(const char *const *args, const char *const *extra_env)
{
    bg_run b;
    bg_start(&b, args, extra_env);
    return bg_finish(&b);
}

static run_result run(const char *const *args)
{
    return run_env(args, NULL);
}

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static int api_requests(void)
{
    int total = 0;
    const char *methods[] = {"GET", "POST", "PATCH", "DELETE"};
    for (size_t i = 0; i < 4; i++) {
        int c = mock_count_requests(&mock, methods[i], "/api/");
        ck_assert_int_ge(c, 0);
        total += c;
    }
    return total;
}

/* Lines of the audit log that contain every one of the given strings. */
static int audit_lines(const char *a, const char *b)
{
    char path[400];
    snprintf(path, sizeof(path), "%s/.local/state/ddorgs/audit.log", home);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char line[4096];
    int n = 0;
    while (fgets(line, sizeof(line), f))
        n += strstr(line, a) && (!b || strstr(line, b));
    fclose(f);
    return n;
}

/* Pumps b's output until the mock has seen `want` requests of method on
 * path (20 s at most), so that a signal is sent while the request is at
 * the server, not before it left. */
static void wait_for_requests(bg_run *b, mock_proc *m, const char *method, const char *path,
                              int want)
{
    for (int i = 0; i < 200; i++) {
        if (mock_count_requests(m, method, path) >= want)
            return;
        bg_pump(b, 100);
    }
    ck_abort_msg("the mock never saw %s %s; ddorgs said: %s", method, path, b->r.err);
}

/* Pumps b's output until its stderr holds needle (70 s at most). */
static void wait_for_stderr(bg_run *b, const char *needle)
{
    for (int i = 0; i < 700 && !strstr(b->r.err, needle); i++)
        bg_pump(b, 100);
    ck_assert_msg(strstr(b->r.err, needle), "no '%s' on stderr: %s", needle, b->r.err);
}

START_TEST(list_table)
{
    run_result r = run(ARGS("--api-url", mock.url, "connections", "list"));
    ck_assert_msg(r.code == 0, "rc %d: %s", r.code, r.err);
    ck_assert_uint_eq(count_lines(r.out), 3);
    ck_assert(strncmp(r.out, "ID", 2) == 0);
    ck_assert_ptr_nonnull(strstr(r.out, "SOURCE"));
    ck_assert_ptr_nonnull(strstr(r.out, "CREATED"));
    ck_assert_ptr_nonnull(strstr(r.out, CONN1 "  Alpha Corp"));
    ck_assert_ptr_nonnull(strstr(r.out, "Beta, Inc."));
    ck_assert_ptr_nonnull(strstr(r.out, "metrics,audit"));
    ck_assert_ptr_nonnull(strstr(r.out, "CREATED (UTC)"));
    ck_assert_ptr_nonnull(strstr(r.out, "2024-01-02 03:04"));
    ck_assert_ptr_null(strstr(r.out, "2024-01-02 03:04:05"));
    ck_assert_str_eq(r.err, "");
    result_free(&r);
}
END_TEST

START_TEST(list_json_and_filter)
{
    run_result r = run(ARGS("connections", "list", "-o", "json", "--api-url", mock.url));
    ck_assert_int_eq(r.code, 0);
    cJSON *doc = cJSON_Parse(r.out);
    ck_assert_ptr_nonnull(doc);
    ck_assert_int_eq(cJSON_GetArraySize(doc), 2);
    bool seen = false;
    cJSON *row;
    cJSON_ArrayForEach(row, doc) {
        const char *id = cJSON_GetObjectItem(row, "id")->valuestring;
        if (strcmp(id, CONN2) == 0) {
            seen = true;
            cJSON *sink = cJSON_GetObjectItem(row, "sink_org");
            ck_assert_str_eq(cJSON_GetObjectItem(sink, "name")->valuestring, "Gamma \"Quoted\"");
            cJSON *types = cJSON_GetObjectItem(row, "connection_types");
            ck_assert_int_eq(cJSON_GetArraySize(types), 2);
            ck_assert_str_eq(cJSON_GetArrayItem(types, 1)->valuestring, "audit");
        }
    }
    ck_assert(seen);
    cJSON_Delete(doc);
    result_free(&r);

    r = run(ARGS("--api-url", mock.url, "connections", "list", "--sink-org", ORG_B, "-ojson"));
    ck_assert_int_eq(r.code, 0);
    doc = cJSON_Parse(r.out);
    ck_assert_int_eq(cJSON_GetArraySize(doc), 1);
    ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(doc, 0), "id")->valuestring, CONN1);
    cJSON_Delete(doc);
    result_free(&r);
}
END_TEST

START_TEST(list_csv_quotes)
{
    run_result r = run(ARGS("--api-url", mock.url, "connections", "list", "--output=csv"));
    ck_assert_int_eq(r.code, 0);
    ck_assert(strncmp(r.out, "id,source_org_id,source_org_name,sink_org_id", 44) == 0);
    ck_assert_uint_eq(count_lines(r.out), 3);
    ck_assert_ptr_nonnull(strstr(r.out, "\"Beta, Inc.\""));
    ck_assert_ptr_nonnull(strstr(r.out, "\"Gamma \"\"Quoted\"\"\""));
    ck_assert_ptr_nonnull(strstr(r.out, ",\"metrics,audit\","));
    result_free(&r);
}
END_TEST

START_TEST(one_page_with_limit)
{
    run_result r = run(ARGS("--api-url", mock.url, "connections", "list", "--limit", "1",
                            "--offset", "1", "-o", "json"));
    ck_assert_int_eq(r.code, 0);
    cJSON *doc = cJSON_Parse(r.out);
    ck_assert_int_eq(cJSON_GetArraySize(doc), 1);
    cJSON_Delete(doc);
    ck_assert_int_eq(mock_count_requests(&mock, "GET", "/api/v2/org_connections"), 1);
    result_free(&r);
}
END_TEST

START_TEST(all_pages_by_default)
{
    mock_proc big = {0};
    /* The keys' org takes part in all 2,100 (the list holds only its own). */
    const char *const extra[] = {"--seed", "3", "--orgs", "1051", "--connections", "2100",
                                 "--self-connections", "2100", NULL};
    ck_assert_int_eq(mock_start(&big, extra), 0);
    run_result r = run(ARGS("--api-url", big.url, "connections", "list", "-o", "csv"));
    ck_assert_msg(r.code == 0, "%s", r.err);
    ck_assert_uint_eq(count_lines(r.out), 2101);
    ck_assert_int_eq(mock_count_requests(&big, "GET", "/api/v2/org_connections"), 3);
    /* stderr is not a terminal: no progress lines. */
    ck_assert_str_eq(r.err, "");
    result_free(&r);
    r = run(ARGS("--api-url", big.url, "connections", "list", "--all", "-o", "csv"));
    ck_assert_uint_eq(count_lines(r.out), 2101);
    result_free(&r);
    mock_stop(&big);
}
END_TEST

/* A list that hits the rate limit says on stderr why it pauses, once per
 * wait, and still prints every row. */
START_TEST(rate_limited_list_says_why_it_waits)
{
    mock_proc limited = {0};
    const char *const extra[] = {"--rate-limit", "1/3", NULL};
    ck_assert_int_eq(mock_start(&limited, extra), 0);
    run_result first = run(ARGS("--api-url", limited.url, "connections", "list", "-o", "csv"));
    ck_assert_msg(first.code == 0, "%s", first.err);
    ck_assert_str_eq(first.err, "");
    /* The window's one request is used: the next list gets a 429 first. */
    run_result r = run(ARGS("--api-url", limited.url, "connections", "list", "-o", "csv"));
    ck_assert_msg(r.code == 0, "rc %d: %s", r.code, r.err);
    const char *head = "ddorgs: rate limited by the server (org_connections); waiting ";
    ck_assert_msg(strncmp(r.err, head, strlen(head)) == 0, "stderr: %s", r.err);
    const char *secs = r.err + strlen(head);
    ck_assert_msg(*secs >= '1' && *secs <= '3', "stderr: %s", r.err);
    ck_assert_str_eq(secs + 1, " s before retrying (attempt 2 of 3)\n");
    ck_assert_str_eq(r.out, first.out);
    ck_assert_int_eq(mock_count_requests(&limited, "GET", "/api/v2/org_connections"), 3);
    result_free(&first);
    result_free(&r);
    mock_stop(&limited);
}
END_TEST

/* A reset that is a Unix time is not waited out: the line says so, before
 * the wait, and the wait is the backoff's. */
START_TEST(implausible_rate_limit_reset_is_said_and_not_waited)
{
    ck_assert_int_eq(mock_add_fault(&mock, "{\"route\":\"list_salesforce\",\"status\":429,"
                                           "\"times\":1,\"ratelimit_reset\":1700000000}"), 0);
    time_t t0 = time(NULL);
    run_result r = run(ARGS("--api-url", mock.url, "salesforce", "list", "-o", "csv"));
    ck_assert_msg(r.code == 0, "rc %d: %s", r.code, r.err);
    ck_assert_str_eq(r.err, "ddorgs: rate limited by the server (salesforce_integration); its "
                            "reset (1700000000 s) is implausible (a Unix time, not a number of "
                            "seconds), so the backoff is used; waiting 2 s before retrying "
                            "(attempt 2 of 3)\n");
    ck_assert_int_lt(time(NULL) - t0, 10);
    ck_assert_ptr_nonnull(strstr(r.out, "sf-0001"));
    result_free(&r);
}
END_TEST

START_TEST(create_prints_row_and_audits)
{
    run_result r = run(ARGS("--api-url", mock.url, "connections", "create", "--sink-org", ORG_D,
                            "--types", "logs,audit", "-o", "json"));
    ck_assert_msg(r.code == 0, "rc %d: %s", r.code, r.err);
    cJSON *doc = cJSON_Parse(r.out);
    ck_assert(cJSON_IsObject(doc));
    cJSON *sink = cJSON_GetObjectItem(doc, "sink_org");
    ck_assert_str_eq(cJSON_GetObjectItem(sink, "id")->valuestring, ORG_D);
    cJSON *types = cJSON_GetObjectItem(doc, "connection_types");
    ck_assert_int_eq(cJSON_GetArraySize(types), 2);
    ck_assert_str_eq(cJSON_GetArrayItem(types, 0)->valuestring, "logs");
    cJSON_Delete(doc);
    /* A script (no terminal, no --dry-run) gets no note on stderr. */
    ck_assert_msg(!strstr(r.err, "can query"), "%s", r.err);
    result_free(&r);
    ck_assert_int_eq(mock_count_requests(&mock, "POST", "/api/v2/org_connections"), 1);

    char path[400];
    snprintf(path, sizeof(path), "%s/.local/state/ddorgs/audit.log", home);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    char line[2048];
    int intents = 0, outcomes = 0;
    while (fgets(line, sizeof(line), f)) {
        ck_assert_ptr_null(strstr(line, MOCK_API_KEY));
        ck_assert_ptr_null(strstr(line, MOCK_APP_KEY));
        intents += strstr(line, "\"intent\"") != NULL;
        outcomes += strstr(line, "\"outcome\"") != NULL;
    }
    fclose(f);
    ck_assert_int_eq(intents, 1);
    ck_assert_int_eq(outcomes, 1);

    /* The default format is the table row. The PATCH answer, as the real
     * service's, carries the orgs' ids without their names: the row shows
     * the sink's id. */
    r = run(ARGS("--api-url", mock.url, "connections", "update", CONN2, "--types", "logs"));
    ck_assert_int_eq(r.code, 0);
    ck_assert_uint_eq(count_lines(r.out), 2);
    ck_assert_ptr_nonnull(strstr(r.out, CONN2));
    ck_assert_ptr_nonnull(strstr(r.out, ORG_C));
    result_free(&r);
}
END_TEST

START_TEST(conflict_is_6)
{
    run_result r = run(ARGS("--api-url", mock.url, "connections", "create", "--sink-org", ORG_B,
                            "--types", "logs"));
    ck_assert_int_eq(r.code, DD_EXIT_CONFLICT);
    ck_assert(strncmp(r.err, "ddorgs: ", 8) == 0);
    ck_assert_ptr_nonnull(strstr(r.err, "already exists"));
    ck_assert_str_eq(r.out, "");
    result_free(&r);
}
END_TEST

START_TEST(not_found_is_5)
{
    run_result r = run(ARGS("--api-url", mock.url, "connections", "delete", MISSING, "--yes"));
    ck_assert_int_eq(r.code, DD_EXIT_NOT_FOUND);
    ck_assert_ptr_nonnull(strstr(r.err, "404"));
    ck_assert_ptr_nonnull(strstr(r.err, "ddorgs connections list"));
    result_free(&r);
}
END_TEST

START_TEST(redirect_is_8_and_says_where)
{
    mock_proc m = {0};
    const char *const extra[] = {
        "--fault", "list_connections:status=302,location=https://login.example.com/sso", NULL};
    ck_assert_int_eq(mock_start(&m, extra), 0);
    run_result r = run(ARGS("--api-url", m.url, "connections", "list"));
    ck_assert_int_eq(r.code, DD_EXIT_NETWORK);
    ck_assert_str_eq(r.err, "ddorgs: HTTP 302 Found: redirected to "
                            "https://login.example.com/sso; not followed, since it would "
                            "carry the keys there (check the proxy settings, the site and "
                            "--api-url).\n");
    ck_assert_str_eq(r.out, "");
    ck_assert_int_eq(mock_count_requests(&m, "GET", "/api/v2/org_connections"), 1);
    assert_no_keys(&r);
    result_free(&r);
    mock_stop(&m);
}
END_TEST

/* A loopback http --api-url whose server answers without an HTTP status
 * line (an SSH server, say): a malformed answer (9) that says so, not a
 * refusal of the URL (3). */
START_TEST(server_that_does_not_speak_http_is_9)
{
    static const char banner[] = "SSH-2.0-OpenSSH_9.2\r\n";
    raw_server srv;
    raw_server_start(&srv, banner, sizeof(banner) - 1);
    run_result r = run(ARGS("--api-url", srv.url, "connections", "list"));
    ck_assert_msg(r.code == DD_EXIT_SERVER, "rc %d: %s", r.code, r.err);
    char want[200];
    snprintf(want, sizeof(want), "ddorgs: %s did not speak HTTP: its answer has no valid HTTP "
                                 "status line; check the site or --api-url.",
             srv.url + strlen("http://"));
    ck_assert_msg(strncmp(r.err, want, strlen(want)) == 0, "%s", r.err);
    ck_assert_str_eq(r.out, "");
    assert_no_keys(&r);
    result_free(&r);
    raw_server_stop(&srv);
}
END_TEST

START_TEST(bad_flags_are_2)
{
    struct {
        const char *const *args;
        const char *needle;
    } cases[] = {
        {ARGS("connections", "list", "--bogus"), "unknown option '--bogus'"},
        {ARGS("connections", "create", "--sink-org", ORG_B, "--types", "logs,traces"),
         "unknown connection type 'traces'; use one or more of logs,metrics,audit"},
        {ARGS("connections", "create", "--types", "logs"), "needs --sink-org"},
        {ARGS("connections", "delete", "not-a-uuid", "--yes"), "is not a connection ID"},
        {ARGS("connections", "list", "--limit", "0"), "--limit needs a whole number"},
        {ARGS("connections", "list", "--all", "--limit", "5"), "--all fetches every page"},
        {ARGS("connections", "list", "-o", "xml"), "table, json, jsonl or csv"},
        {ARGS("connections", "list", "--types", "logs"), "--types does not apply"},
        {ARGS("frobnicate"), "unknown command 'frobnicate'"},
        {ARGS("org"), "'org' needs a subcommand: disable"},
        {ARGS("orgs"), "'orgs' needs a subcommand: list"},
        {ARGS("connections"), "'connections' needs a subcommand: list, create, update or delete"},
        {ARGS("connections", "purge"), "unknown subcommand 'connections purge'; use list, create, "
                                       "update or delete"},
        {ARGS("orgs", "list", "--types", "logs"), "--types does not apply to 'orgs list'"},
        {ARGS("--no-mouse", "connections", "list"), "--no-mouse applies to the console only"},
        {ARGS("completion"), "'completion' needs a shell: bash, zsh or fish"},
        {ARGS("completion", "tcsh"), "no completion script for the shell 'tcsh'; use bash, zsh "
                                     "or fish"},
        {ARGS("completion", "bash", "zsh"), "unexpected argument 'zsh' after 'bash'"},
        {ARGS("completion", "bash", "--site", "datadoghq.eu"),
         "--site does not apply to 'completion'"},
        {ARGS("completion", "--list-profiles", "bash"), "unexpected argument 'bash'"},
        {ARGS("connections", "list", "--list-profiles"),
         "--list-profiles does not apply to 'connections list'"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        run_result r = run(cases[i].args);
        ck_assert_msg(r.code == DD_EXIT_USAGE, "case %zu: rc %d", i, r.code);
        ck_assert_msg(strstr(r.err, cases[i].needle), "case %zu: %s", i, r.err);
        ck_assert_ptr_nonnull(strstr(r.err, "ddorgs --help"));
        result_free(&r);
    }
    ck_assert_int_eq(api_requests(), 0);
}
END_TEST

START_TEST(missing_keys_are_3)
{
    run_result r = run_env(ARGS("--api-url", mock.url, "connections", "list"),
                           ARGS("DD_APP_KEY="));
    ck_assert_int_eq(r.code, DD_EXIT_CONFIG);
    ck_assert_ptr_nonnull(strstr(r.err, "DD_APP_KEY"));
    ck_assert_ptr_nonnull(strstr(r.err, "missing an application key"));
    result_free(&r);
    ck_assert_int_eq(api_requests(), 0);
}
END_TEST

START_TEST(wrong_key_is_4)
{
    run_result r = run_env(ARGS("--api-url", mock.url, "salesforce", "list"),
                           ARGS("DD_API_KEY=wrong-api-key-zzzz-123456"));
    ck_assert_int_eq(r.code, DD_EXIT_AUTH);
    ck_assert_ptr_nonnull(strstr(r.err, "DD_API_KEY"));
    result_free(&r);
}
END_TEST

START_TEST(read_only_is_11_and_sends_nothing)
{
    run_result r = run(ARGS("--api-url", mock.url, "--read-only", "connections", "delete", CONN1,
                            "--yes"));
    ck_assert_int_eq(r.code, DD_EXIT_READ_ONLY);
    ck_assert_ptr_nonnull(strstr(r.err, "read-only"));
    result_free(&r);
    r = run_env(ARGS("--api-url", mock.url, "salesforce", "delete", "sf-0001", "--yes"),
                ARGS("DDORGS_READ_ONLY=1"));
    ck_assert_int_eq(r.code, DD_EXIT_READ_ONLY);
    result_free(&r);
    ck_assert_int_eq(api_requests(), 0);
}
END_TEST

START_TEST(delete_needs_yes_without_tty)
{
    run_result r = run(ARGS("--api-url", mock.url, "connections", "delete", CONN1));
    ck_assert_int_eq(r.code, DD_EXIT_USAGE);
    ck_assert_ptr_nonnull(
        strstr(r.err, "refusing to delete without confirmation: stdin is not a terminal; pass "
                      "--yes"));
    result_free(&r);
    r = run(ARGS("--api-url", mock.url, "org", "disable"));
    ck_assert_int_eq(r.code, DD_EXIT_USAGE);
    result_free(&r);
    ck_assert_int_eq(api_requests(), 0);

    r = run(ARGS("--api-url", mock.url, "connections", "delete", CONN1, "--yes"));
    ck_assert_int_eq(r.code, 0);
    ck_assert_str_eq(r.out, "deleted connection " CONN1 "\n");
    result_free(&r);
    ck_assert_int_eq(mock_count_requests(&mock, "DELETE", "/api/v2/org_connections/" CONN1), 1);

    r = run(ARGS("-y", "salesforce", "delete", "sf-0001", "--api-url", mock.url));
    ck_assert_int_eq(r.code, 0);
    ck_assert_str_eq(r.out, "deleted Salesforce org sf-0001\n");
    result_free(&r);

    r = run(ARGS("--api-url", mock.url, "org", "disable", "--yes"));
    ck_assert_int_eq(r.code, 0);
    ck_assert(strncmp(r.out, "org " SELF ": ", 4 + 36 + 2) == 0);
    result_free(&r);
}
END_TEST

/* Runs ddorgs on a pseudo-terminal and types `answer` at the prompt. */
static int run_on_tty(const char *const *args, const char *answer, char **transcript)
{
    const char *bin = getenv("DDORGS_BIN");
    char **env = child_env(NULL);
    const char *argv[20];
    size_t n = 0;
    argv[n++] = "ddorgs";
    for (size_t i = 0; args[i] && n < 19; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    int master;
    pid_t pid = forkpty(&master, NULL, NULL, NULL);
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        execve(bin, (char *const *)argv, env);
        _exit(127);
    }
    env_free(env);
    char *buf = calloc(1, 1);
    size_t len = 0;
    bool sent = false;
    for (;;) {
        struct pollfd pf = {master, POLLIN, 0};
        if (poll(&pf, 1, 30000) <= 0)
            break;
        char chunk[4096];
        ssize_t got = read(master, chunk, sizeof(chunk));
        if (got <= 0)
            break;
        append(&buf, &len, chunk, (size_t)got);
        if (!sent && strstr(buf, "to confirm: ")) {
            ck_assert_int_gt(write(master, answer, strlen(answer)), 0);
            sent = true;
        }
    }
    close(master);
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    *transcript = buf;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

START_TEST(typed_confirmation_on_tty)
{
    char *t;
    int rc = run_on_tty(ARGS("--api-url", mock.url, "connections", "delete", CONN1), "y\n", &t);
    ck_assert_int_eq(rc, DD_EXIT_ABORTED);
    ck_assert_ptr_nonnull(strstr(t, "Type aaaaaaaa to confirm"));
    ck_assert_ptr_nonnull(strstr(t, "nothing was sent"));
    free(t);
    ck_assert_int_eq(mock_count_requests(&mock, "DELETE", "/api/"), 0);

    rc = run_on_tty(ARGS("--api-url", mock.url, "connections", "delete", CONN1), "aaaaaaaa\n",
                    &t);
    ck_assert_int_eq(rc, 0);
    ck_assert_ptr_nonnull(strstr(t, "deleted connection " CONN1));
    free(t);

    rc = run_on_tty(ARGS("--api-url", mock.url, "salesforce", "delete", "sf-0001"), "Prod SF\n",
                    &t);
    ck_assert_int_eq(rc, 0);
    ck_assert_ptr_nonnull(strstr(t, "Type Prod SF to confirm"));
    free(t);
    ck_assert_int_eq(mock_count_requests(&mock, "DELETE", "/api/"), 2);
}
END_TEST

/* Ctrl-C at the confirmation prompt ends the read at once: aborted at the
 * prompt (12), nothing sent. */
START_TEST(interrupt_at_the_prompt_is_12)
{
    char *t;
    int rc = run_on_tty(ARGS("--api-url", mock.url, "connections", "delete", CONN1), "\x03", &t);
    ck_assert_msg(rc == DD_EXIT_ABORTED, "rc %d: %s", rc, t);
    ck_assert_ptr_nonnull(
        strstr(t, "ddorgs: interrupted by SIGINT at the confirmation prompt; nothing was sent."));
    free(t);
    ck_assert_int_eq(api_requests(), 0);
    ck_assert_int_eq(audit_lines("\"phase\"", NULL), 0);
}
END_TEST

START_TEST(dry_run_prints_request_only)
{
    run_result r = run(ARGS("--api-url", mock.url, "--dry-run", "connections", "create",
                            "--sink-org", ORG_D, "--types", "metrics"));
    ck_assert_msg(r.code == 0, "%s", r.err);
    ck_assert_ptr_nonnull(strstr(r.out, "POST "));
    ck_assert_ptr_nonnull(strstr(r.out, "/api/v2/org_connections"));
    ck_assert_ptr_nonnull(strstr(r.out, "DD-API-KEY: <redacted>"));
    ck_assert_ptr_nonnull(strstr(r.out, "\"connection_types\":[\"metrics\"]"));
    /* What a create means is said once, to the dry run's reader. */
    const char *note = strstr(r.err, "ddorgs: note: once connected, the sink org can query the "
                                     "source org's data of these types as its own");
    ck_assert_msg(note, "%s", r.err);
    ck_assert_msg(strstr(note, "(sink org " ORG_D "; types metrics)."), "%s", r.err);
    ck_assert_msg(!strstr(note + 1, "ddorgs: note:"), "%s", r.err);
    result_free(&r);
    /* Destructive commands need no --yes in a dry run: nothing is sent. */
    r = run(ARGS("--api-url", mock.url, "--dry-run", "connections", "delete", CONN1));
    ck_assert_int_eq(r.code, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "DELETE "));
    result_free(&r);
    /* Nor any keys. */
    r = run_env(ARGS("--api-url", mock.url, "--dry-run", "org", "disable"),
                ARGS("DD_APP_KEY=", "DD_API_KEY="));
    ck_assert_int_eq(r.code, 0);
    result_free(&r);
    ck_assert_int_eq(api_requests(), 0);
}
END_TEST

/* README: an id holding /, ?, #, % or spaces addresses that one resource.
 * The command line deletes such Salesforce orgs as the console does, the
 * id reaching the mock as one percent-encoded segment; ".", ".." and ""
 * are refused before anything is sent. */
START_TEST(salesforce_ids_with_url_characters_are_deleted_exactly)
{
    ck_assert_int_eq(mock_load_state(&mock,
        "{\"self_org_id\":\"" SELF "\",\"self_user\":{\"id\":\"u1\",\"name\":\"U\"},"
        "\"orgs\":[{\"id\":\"" SELF "\",\"name\":\"Alpha\","
        "\"created_at\":\"2020-01-01T00:00:00+00:00\"}],\"connections\":[],"
        "\"salesforce_orgs\":[{\"id\":\"a/b\",\"name\":\"N1\"},{\"id\":\"x y\",\"name\":\"N2\"},"
        "{\"id\":\"%41\",\"name\":\"N3\"},{\"id\":\"?q\",\"name\":\"N4\"},"
        "{\"id\":\"#h\",\"name\":\"N5\"},{\"id\":\"../x\",\"name\":\"N6\"}]}"), 0);
    static const struct { const char *id, *path; } cases[] = {
        {"a/b", "/a%2Fb"}, {"x y", "/x%20y"}, {"%41", "/%2541"},
        {"?q", "/%3Fq"},   {"#h", "/%23h"},   {"../x", "/..%2Fx"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        ck_assert_int_eq(mock_clear_requests(&mock), 0);
        run_result r =
            run(ARGS("--api-url", mock.url, "--yes", "salesforce", "delete", cases[i].id));
        ck_assert_msg(r.code == 0, "'%s': rc %d: %s", cases[i].id, r.code, r.err);
        cJSON *reqs = mock_requests(&mock);
        ck_assert_int_eq(cJSON_GetArraySize(reqs), 1);
        const cJSON *q = cJSON_GetArrayItem(reqs, 0);
        ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(q, "method")), "DELETE");
        char want[200];
        snprintf(want, sizeof(want), "/api/v2/integration/salesforce-incidents/organizations%s",
                 cases[i].path);
        ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(q, "raw_path")), want);
        cJSON_Delete(reqs);
        result_free(&r);
    }
    /* Every one of them gone, and nothing else. */
    cJSON *st = mock_state(&mock);
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(st, "salesforce_orgs")), 0);
    cJSON_Delete(st);

    static const char *const refused[] = {".", "..", ""};
    for (size_t i = 0; i < 3; i++) {
        ck_assert_int_eq(mock_clear_requests(&mock), 0);
        run_result r = run(ARGS("--api-url", mock.url, "--yes", "salesforce", "delete",
                                refused[i]));
        ck_assert_int_eq(r.code, DD_EXIT_USAGE);
        ck_assert_ptr_nonnull(strstr(r.err, "Salesforce org ID"));
        ck_assert_int_eq(mock_count_requests(&mock, "DELETE", "/"), 0);
        result_free(&r);
    }
}
END_TEST

START_TEST(salesforce_list_table)
{
    run_result r = run(ARGS("--api-url", mock.url, "salesforce", "list"));
    ck_assert_int_eq(r.code, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "SFDC ORG ID"));
    ck_assert_ptr_nonnull(strstr(r.out, "INSTANCE URL"));
    ck_assert_ptr_nonnull(strstr(r.out, "Prod SF"));
    ck_assert_ptr_nonnull(strstr(r.out, "00D000000000001AAA"));
    result_free(&r);
}
END_TEST

/* How many of a seeded mock's connections its self org takes part in:
 * what its keys list. */
static int self_org_connections(mock_proc *m)
{
    cJSON *st = mock_state(m);
    ck_assert_ptr_nonnull(st);
    const char *self = cJSON_GetStringValue(cJSON_GetObjectItem(st, "self_org_id"));
    int n = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(st, "connections")) {
        n += strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(c, "source_org_id")), self) == 0 ||
             strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(c, "sink_org_id")), self) == 0;
    }
    cJSON_Delete(st);
    return n;
}

START_TEST(demo_lists_seeded_data)
{
    /* The demo's account (src/demo.c seeds it so): its keys' org lists
     * every connection it takes part in. */
    mock_proc same = {0};
    const char *const seed[] = {"--seed", "42", "--orgs", "12", "--connections", "26",
                                "--self-connections", "13", "--sf-orgs", "6", NULL};
    ck_assert_int_eq(mock_start(&same, seed), 0);
    int want = self_org_connections(&same);
    mock_stop(&same);
    /* demo.h: the keys' org takes part in 13 of the 26 connections. */
    ck_assert_int_eq(want, 13);
    run_result r = run(ARGS("--demo", "connections", "list", "-o", "json"));
    ck_assert_msg(r.code == 0, "rc %d: %s", r.code, r.err);
    cJSON *doc = cJSON_Parse(r.out);
    ck_assert_int_eq(cJSON_GetArraySize(doc), want);
    cJSON_Delete(doc);
    result_free(&r);
}
END_TEST

START_TEST(version_and_help)
{
    run_result r = run(ARGS("--version"));
    ck_assert_int_eq(r.code, 0);
    ck_assert(strncmp(r.out, "ddorgs ", 7) == 0);
    result_free(&r);
    r = run(ARGS("connections", "--help"));
    ck_assert_int_eq(r.code, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "Usage: ddorgs"));
    result_free(&r);
}
END_TEST

/* Ctrl-C while a write is at the server: the client records the outcome,
 * the operator learns the change may have gone through and how to look,
 * and the exit status is 8. Here it did go through: the mock applied the
 * update and was dripping its answer when the signal came. */
START_TEST(interrupted_write_is_8_and_says_it_may_be_applied)
{
    ck_assert_int_eq(mock_add_fault(&mock, "{\"route\":\"update_connection\",\"kind\":\"drip\","
                                           "\"drip_ms\":5000}"), 0);
    bg_run b;
    bg_start(&b, ARGS("--api-url", mock.url, "connections", "update", CONN2, "--types", "logs"),
             NULL);
    wait_for_requests(&b, &mock, "PATCH", "/api/v2/org_connections/", 1);
    ck_assert_int_eq(kill(b.pid, SIGINT), 0);
    run_result r = bg_finish(&b);
    ck_assert_msg(r.code == DD_EXIT_NETWORK, "rc %d: %s", r.code, r.err);
    ck_assert_str_eq(r.err, "ddorgs: connections update interrupted by SIGINT after it was "
                            "sent. The server may have applied it: check with 'ddorgs "
                            "connections list' before trying again.\n");
    ck_assert_str_eq(r.out, "");
    result_free(&r);
    ck_assert_int_eq(audit_lines("\"phase\":\"intent\"", "connections.update"), 1);
    ck_assert_int_eq(audit_lines("\"phase\":\"outcome\"", "\"error\":"), 1);
    /* Not just "cancelled": the record says the server may have it. */
    ck_assert_int_eq(audit_lines("\"phase\":\"outcome\"",
                                 "\"error\":\"may have been applied (check before repeating): "
                                 "request to 127.0.0.1:"), 1);

    ck_assert_int_eq(mock_clear_faults(&mock), 0);
    r = run(ARGS("--api-url", mock.url, "connections", "list", "-o", "csv"));
    ck_assert_ptr_nonnull(strstr(r.out, CONN2 ","));
    ck_assert_ptr_null(strstr(r.out, "metrics,audit"));
    result_free(&r);
}
END_TEST

/* SIGTERM stops a read the same way: one line, exit 8, no rows. */
START_TEST(sigterm_stops_a_list_with_8)
{
    ck_assert_int_eq(mock_add_fault(&mock, "{\"route\":\"list_connections\",\"kind\":\"drip\","
                                           "\"drip_ms\":5000}"), 0);
    bg_run b;
    bg_start(&b, ARGS("--api-url", mock.url, "connections", "list"), NULL);
    wait_for_requests(&b, &mock, "GET", "/api/v2/org_connections", 1);
    ck_assert_int_eq(kill(b.pid, SIGTERM), 0);
    run_result r = bg_finish(&b);
    ck_assert_msg(r.code == DD_EXIT_NETWORK, "rc %d: %s", r.code, r.err);
    ck_assert_str_eq(r.err, "ddorgs: connections list interrupted by SIGTERM.\n");
    ck_assert_str_eq(r.out, "");
    result_free(&r);
}
END_TEST

/* SIGHUP (an SSH session that drops) during a write ends like Ctrl-C: the
 * line says the change may have been applied, the audit log records the
 * outcome, and the exit status is 8, not death by the signal. */
START_TEST(sighup_during_a_write_is_8_and_audited)
{
    ck_assert_int_eq(mock_add_fault(&mock, "{\"route\":\"update_connection\",\"kind\":\"drip\","
                                           "\"drip_ms\":5000}"), 0);
    bg_run b;
    bg_start(&b, ARGS("--api-url", mock.url, "connections", "update", CONN2, "--types", "logs"),
             NULL);
    wait_for_requests(&b, &mock, "PATCH", "/api/v2/org_connections/", 1);
    ck_assert_int_eq(kill(b.pid, SIGHUP), 0);
    run_result r = bg_finish(&b);
    ck_assert_msg(r.code == DD_EXIT_NETWORK, "rc %d: %s", r.code, r.err);
    ck_assert_str_eq(r.err, "ddorgs: connections update interrupted by SIGHUP after it was "
                            "sent. The server may have applied it: check with 'ddorgs "
                            "connections list' before trying again.\n");
    result_free(&r);
    ck_assert_int_eq(audit_lines("\"phase\":\"intent\"", "connections.update"), 1);
    ck_assert_int_eq(audit_lines("\"phase\":\"outcome\"",
                                 "\"error\":\"may have been applied (check before repeating): "
                                 "request to 127.0.0.1:"), 1);
}
END_TEST

/* Interrupted while waiting out a 429: every attempt was refused, so the
 * line says nothing changed rather than sending the operator to check. */
START_TEST(interrupt_in_rate_limit_wait_changed_nothing)
{
    mock_proc limited = {0};
    const char *const extra[] = {"--rate-limit", "1/60", NULL};
    ck_assert_int_eq(mock_start(&limited, extra), 0);
    load_fixture(&limited);
    run_result r = run(ARGS("--api-url", limited.url, "connections", "list", "--limit", "1"));
    ck_assert_int_eq(r.code, 0);
    result_free(&r);
    bg_run b;
    bg_start(&b, ARGS("--api-url", limited.url, "connections", "create", "--sink-org", ORG_D,
                      "--types", "logs"),
             NULL);
    wait_for_stderr(&b, " s before retrying (attempt 2 of 3)\n");
    ck_assert_int_eq(kill(b.pid, SIGINT), 0);
    r = bg_finish(&b);
    ck_assert_msg(r.code == DD_EXIT_NETWORK, "rc %d: %s", r.code, r.err);
    const char *line = strstr(r.err, "(attempt 2 of 3)\n");
    ck_assert_ptr_nonnull(line);
    ck_assert_str_eq(line + strlen("(attempt 2 of 3)\n"),
                     "ddorgs: connections create interrupted by SIGINT while waiting to retry "
                     "after a rate limit; the server refused every attempt, so nothing was "
                     "changed.\n");
    result_free(&r);
    ck_assert_int_eq(mock_count_requests(&limited, "POST", "/api/v2/org_connections"), 1);
    ck_assert_int_eq(audit_lines("\"phase\":\"outcome\"", "connections.create"), 1);
    /* Every attempt was refused: the record does not cast doubt. */
    ck_assert_int_eq(audit_lines("\"phase\":\"outcome\"",
                                 "\"error\":\"cancelled while waiting to retry\""), 1);
    ck_assert_int_eq(audit_lines("may have been applied", NULL), 0);
    mock_stop(&limited);
}
END_TEST

/* Repeating an option that takes a value is a usage error, never "the last
 * one wins": two sink orgs or org UUIDs leave the target in doubt. */
START_TEST(option_given_twice_is_2)
{
    struct {
        const char *const *args;
        const char *err;
    } cases[] = {
        {ARGS("connections", "create", "--sink-org", ORG_B, "--sink-org", ORG_C, "--types",
              "logs"),
         "ddorgs: --sink-org given twice.\n"},
        {ARGS("connections", "create", "--sink-org", ORG_B, "--types", "logs", "--types=metrics"),
         "ddorgs: --types given twice.\n"},
        {ARGS("org", "disable", "--org-uuid", SELF, "--org-uuid", ORG_B, "--yes"),
         "ddorgs: --org-uuid given twice.\n"},
        {ARGS("--api-url", mock.url, "connections", "list", "--api-url", "http://127.0.0.1:1"),
         "ddorgs: --api-url given twice.\n"},
        {ARGS("connections", "list", "-o", "json", "--output", "csv"),
         "ddorgs: -o/--output given twice.\n"},
        {ARGS("connections", "list", "-ojson", "-o", "json"), "ddorgs: -o/--output given twice.\n"},
        {ARGS("connections", "list", "--limit", "5", "--limit", "6"),
         "ddorgs: --limit given twice.\n"},
        {ARGS("connections", "list", "--limit", "1", "--offset=1", "--offset=2"),
         "ddorgs: --offset given twice.\n"},
        {ARGS("connections", "list", "--source-org", ORG_B, "--source-org", ORG_C),
         "ddorgs: --source-org given twice.\n"},
        {ARGS("--profile", "a", "connections", "list", "--profile", "b"),
         "ddorgs: --profile given twice.\n"},
        {ARGS("--site", "datadoghq.eu", "--site", "datadoghq.com", "salesforce", "list"),
         "ddorgs: --site given twice.\n"},
        {ARGS("--refresh", "5", "--refresh", "6"), "ddorgs: --refresh given twice.\n"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        run_result r = run(cases[i].args);
        ck_assert_msg(r.code == DD_EXIT_USAGE, "case %zu: rc %d", i, r.code);
        char want[200];
        snprintf(want, sizeof(want), "%sRun 'ddorgs --help' for usage.\n", cases[i].err);
        ck_assert_str_eq(r.err, want);
        result_free(&r);
    }
    ck_assert_int_eq(api_requests(), 0);
    /* A flag says the same thing however often it is given. */
    run_result r = run(ARGS("--yes", "-y", "--dry-run", "--dry-run", "--api-url", mock.url,
                            "connections", "delete", CONN1));
    ck_assert_msg(r.code == 0, "rc %d: %s", r.code, r.err);
    result_free(&r);
    ck_assert_int_eq(api_requests(), 0);
}
END_TEST

/* An unknown option names --help once, not twice. */
START_TEST(unknown_option_points_at_help_once)
{
    run_result r = run(ARGS("--bogus"));
    ck_assert_int_eq(r.code, DD_EXIT_USAGE);
    ck_assert_str_eq(r.err, "ddorgs: unknown option '--bogus'.\nRun 'ddorgs --help' for usage.\n");
    result_free(&r);
    r = run(ARGS("connections", "list", "-x"));
    ck_assert_int_eq(r.code, DD_EXIT_USAGE);
    ck_assert_str_eq(r.err, "ddorgs: unknown option '-x'.\nRun 'ddorgs --help' for usage.\n");
    result_free(&r);
}
END_TEST

/* No command and no terminal: a usage error that says what to do, and
 * nothing started (not even the demo server: a broken one would say 3). */
START_TEST(console_without_terminal_is_2)
{
    static const char want[] =
        "ddorgs: without a command ddorgs opens the console, which needs a terminal on standard "
        "input and output. For scripts give a command, such as 'ddorgs connections list'; see "
        "'ddorgs --help'.\n";
    run_result r = run((const char *const[]){NULL});
    ck_assert_int_eq(r.code, DD_EXIT_USAGE);
    ck_assert_str_eq(r.err, want);
    ck_assert_str_eq(r.out, "");
    result_free(&r);
    r = run_env(ARGS("--demo"), ARGS("DDORGS_MOCK_BIN=/bin/false"));
    ck_assert_int_eq(r.code, DD_EXIT_USAGE);
    ck_assert_str_eq(r.err, want);
    result_free(&r);
}
END_TEST

/* Runs ddorgs on a pseudo-terminal with extra environment (as child_env;
 * "TERM=" removes TERM, and term_empty then sets it to "") and collects
 * every byte it writes there until it exits. A run still going after 15 s
 * is killed: the console opened when it should not have. Returns the exit
 * status, -1 when it did not exit by itself. */
static int run_tty_env(const char *const *args, const char *const *extra_env, bool term_empty,
                       char **transcript)
{
    const char *bin = getenv("DDORGS_BIN");
    ck_assert_msg(bin != NULL, "DDORGS_BIN is not set");
    char **env = child_env(extra_env);
    if (term_empty) {
        size_t k = 0;
        while (env[k])
            k++;
        env[k] = strdup("TERM=");   /* child_env leaves room for more */
        env[k + 1] = NULL;
    }
    const char *argv[20];
    size_t n = 0;
    argv[n++] = "ddorgs";
    for (size_t i = 0; args[i] && n < 19; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    int master;
    pid_t pid = forkpty(&master, NULL, NULL, NULL);
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        execve(bin, (char *const *)argv, env);
        _exit(127);
    }
    env_free(env);
    char *buf = calloc(1, 1);
    size_t len = 0;
    bool killed = false;
    time_t deadline = time(NULL) + 15;
    for (;;) {
        struct pollfd pf = {master, POLLIN, 0};
        int r = poll(&pf, 1, 200);
        if (r > 0) {
            char chunk[4096];
            ssize_t got = read(master, chunk, sizeof(chunk));
            if (got <= 0)
                break;   /* EIO: the terminal's last user closed it */
            append(&buf, &len, chunk, (size_t)got);
        }
        if (time(NULL) > deadline && !killed) {
            kill(pid, SIGKILL);
            killed = true;
        }
    }
    close(master);
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    *transcript = buf;
    return !killed && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* A private terminfo directory (under the test's home) with two entries
 * compiled by tic: one without cursor addressing, one without clear. */
static void compile_terminfo(char *dir, size_t n)
{
    snprintf(dir, n, "%s/terminfo", home);
    char src[400], cmd[1000];
    snprintf(src, sizeof(src), "%s/test.ti", home);
    FILE *f = fopen(src, "w");
    ck_assert_ptr_nonnull(f);
    fputs("ddtest-nocup|terminal without cursor addressing,\n"
          "\tam, cols#80, lines#24,\n"
          "\tbel=^G, clear=\\E[H\\E[2J, cr=\\r, cud1=\\n, ind=\\n,\n"
          "\tsmcup=\\E[?1049h, rmcup=\\E[?1049l, civis=\\E[?25l, cnorm=\\E[?25h,\n"
          "ddtest-noclear|terminal without clear,\n"
          "\tam, cols#80, lines#24,\n"
          "\tbel=^G, cr=\\r, cud1=\\n, ind=\\n, cup=\\E[%i%p1%d;%p2%dH,\n"
          "\tsmcup=\\E[?1049h, rmcup=\\E[?1049l, civis=\\E[?25l, cnorm=\\E[?25h,\n",
          f);
    ck_assert_int_eq(fclose(f), 0);
    snprintf(cmd, sizeof(cmd), "tic -o '%s' '%s'", dir, src);
    ck_assert_msg(system(cmd) == 0, "tic could not compile the test entries");
}

/* Terminals the console cannot drive: said before curses, the demo server
 * or the worker start, as a usage error (2) with one line of advice, and
 * not one escape sequence reaches the terminal. Each case runs twice:
 * against the mock (no request may reach it) and with --demo and a demo
 * server that cannot start (which would make it exit 3). */
START_TEST(terminal_the_console_cannot_drive_is_2)
{
    char terminfo[400], terminfo_env[420];
    compile_terminfo(terminfo, sizeof(terminfo));
    snprintf(terminfo_env, sizeof(terminfo_env), "TERMINFO=%s", terminfo);
    static const char advice[] =
        ". Set TERM to the terminal's type (such as TERM=xterm-256color), or give a command, "
        "such as 'ddorgs connections list'.\r\n";
    static const struct {
        const char *term;   /* the TERM entry of the environment ("TERM=" removes it) */
        bool empty;         /* then set it to "" */
        const char *why;
    } cases[] = {
        {"TERM=", false, "TERM is not set"},
        {"TERM=", true, "TERM is empty"},
        {"TERM=dumb", false, "TERM=dumb has no cursor addressing (terminfo cup)"},
        {"TERM=no-such-terminal", false,
         "terminfo has no usable entry for TERM=no-such-terminal"},
        {"TERM=ddtest-nocup", false,
         "TERM=ddtest-nocup has no cursor addressing (terminfo cup)"},
        {"TERM=ddtest-noclear", false,
         "TERM=ddtest-noclear cannot clear the screen (terminfo clear)"},
        /* Shown cleaned: the name itself must not drive the terminal. */
        {"TERM=x\033]0;owned\007\033[2J", false,
         "terminfo has no usable entry for TERM=x?]0;owned??[2J"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char want[600];
        snprintf(want, sizeof(want), "ddorgs: the console cannot drive this terminal: %s%s",
                 cases[i].why, advice);
        for (int demo = 0; demo < 2; demo++) {
            char *t;
            int rc = demo ? run_tty_env(ARGS("--demo"),
                                        ARGS(cases[i].term, terminfo_env, "LC_ALL=C",
                                             "DDORGS_MOCK_BIN=/bin/false"),
                                        cases[i].empty, &t)
                          : run_tty_env(ARGS("--api-url", mock.url),
                                        ARGS(cases[i].term, terminfo_env, "LC_ALL=C"),
                                        cases[i].empty, &t);
            ck_assert_msg(rc == DD_EXIT_USAGE, "%s%s: status %d, wrote: %s", cases[i].term,
                          demo ? " --demo" : "", rc, t);
            ck_assert_msg(strcmp(t, want) == 0, "%s: wrote '%s', not '%s'", cases[i].term, t,
                          want);
            ck_assert_msg(!strchr(t, '\033'), "%s: an escape sequence reached the terminal",
                          cases[i].term);
            free(t);
        }
    }
    ck_assert_int_eq(api_requests(), 0);
}
END_TEST

/* True when dir holds an entry whose name starts with prefix. */
static bool dir_has(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    bool found = false;
    for (struct dirent *e; !found && (e = readdir(d));)
        found = strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    closedir(d);
    return found;
}

/* A demo server that does not start is exit 3 (ddorgs(1)), and what its
 * log said is printed, cleaned and cut to the last lines, since the log
 * goes with the temporary directory. */
START_TEST(demo_that_does_not_start_is_3_with_its_log)
{
    char tmpdir[300];
    snprintf(tmpdir, sizeof(tmpdir), "TMPDIR=%s", home);
    run_result r = run_env(ARGS("--demo", "connections", "list"),
                           ARGS("DDORGS_MOCK_BIN=/bin/false", tmpdir));
    ck_assert_int_eq(r.code, DD_EXIT_CONFIG);
    ck_assert_str_eq(r.err, "ddorgs: the demo server /bin/false exited with status 1 before "
                            "listening; its log is empty.\n");
    result_free(&r);

    char script[300], env_bin[320];
    snprintf(script, sizeof(script), "%s/broken-mock", home);
    FILE *f = fopen(script, "w");
    ck_assert_ptr_nonnull(f);
    fputs("#!/bin/sh\n"
          "for i in 1 2 3 4; do echo \"line $i\" >&2; done\n"
          "printf 'colour \\033[31mred\\n' >&2\n"
          "echo 'ddorgs-mock: cannot listen on 127.0.0.1: Address already in use' >&2\n"
          "exit 3\n",
          f);
    fclose(f);
    ck_assert_int_eq(chmod(script, 0700), 0);
    snprintf(env_bin, sizeof(env_bin), "DDORGS_MOCK_BIN=%s", script);
    r = run_env(ARGS("--demo", "salesforce", "list"), ARGS(env_bin, tmpdir, "LC_ALL=C"));
    ck_assert_int_eq(r.code, DD_EXIT_CONFIG);
    char want[1000];
    snprintf(want, sizeof(want),
             "ddorgs: the demo server %s exited with status 3 before listening; the last lines "
             "of its log follow.\n"
             "  line 2\n"
             "  line 3\n"
             "  line 4\n"
             "  colour ?[31mred\n"
             "  ddorgs-mock: cannot listen on 127.0.0.1: Address already in use\n",
             script);
    /* Five lines at most: the first of six is left out. */
    ck_assert_str_eq(r.err, want);
    result_free(&r);
    ck_assert(!dir_has(home, "ddorgs-demo-"));
}
END_TEST

/* Hints that fit the command, end to end against the mock's faults: the
 * exit status, and the last line of stderr ends in tail (what comes before
 * is the client's description of the error). */
static void assert_hint(const char *fault, const char *const *args, int rc, const char *tail)
{
    ck_assert_int_eq(mock_clear_faults(&mock), 0);
    if (fault)
        ck_assert_int_eq(mock_add_fault(&mock, fault), 0);
    run_result r = run(args);
    ck_assert_msg(r.code == rc, "rc %d, not %d: %s", r.code, rc, r.err);
    size_t el = strlen(r.err), tl = strlen(tail);
    const char *last = r.err;
    for (const char *p = r.err; *p && p[1]; p++)
        if (*p == '\n')
            last = p + 1;
    ck_assert_msg(strncmp(last, "ddorgs: ", 8) == 0 && el > tl &&
                      strcmp(r.err + el - tl, tail) == 0,
                  "stderr '%s' does not end in '%s'", r.err, tail);
    result_free(&r);
}

START_TEST(hints_fit_the_command)
{
    const char *u = mock.url;
    assert_hint("{\"route\":\"update_connection\",\"status\":409}",
                ARGS("--api-url", u, "connections", "update", CONN1, "--types", "logs"),
                DD_EXIT_CONFLICT,
                ". See the connection's current state with 'ddorgs connections list'.\n");
    assert_hint("{\"route\":\"delete_salesforce\",\"status\":409}",
                ARGS("--api-url", u, "--yes", "salesforce", "delete", "sf-0001"),
                DD_EXIT_CONFLICT, ". See the Salesforce org's state with 'ddorgs salesforce "
                                  "list'.\n");
    assert_hint(NULL, ARGS("--api-url", u, "connections", "create", "--sink-org", ORG_B,
                           "--types", "logs"),
                DD_EXIT_CONFLICT, ". See the existing connection with 'ddorgs connections list "
                                  "--sink-org " ORG_B "'.\n");
    assert_hint("{\"route\":\"list_connections\",\"status\":404}",
                ARGS("--api-url", u, "connections", "list"), DD_EXIT_NOT_FOUND,
                ". Check the site and --api-url: the API was not found there.\n");
    assert_hint("{\"route\":\"disable_org\",\"status\":404}",
                ARGS("--api-url", u, "org", "disable", "--yes"), DD_EXIT_NOT_FOUND,
                ". Check the site and --api-url: the API was not found there.\n");
    assert_hint("{\"route\":\"create_connection\",\"status\":403}",
                ARGS("--api-url", u, "connections", "create", "--sink-org", ORG_D, "--types",
                     "logs"),
                DD_EXIT_AUTH, "; the application key needs org_connections_write. "
                              DISABLED_403 ".\n");
    assert_hint("{\"route\":\"list_connections\",\"status\":403}",
                ARGS("--api-url", u, "connections", "list"), DD_EXIT_AUTH,
                "; the application key needs org_connections_read. " DISABLED_403 ".\n");
    assert_hint("{\"route\":\"list_connections\",\"status\":431}",
                ARGS("--api-url", u, "connections", "list"), DD_EXIT_BAD_REQUEST,
                ". The request headers were refused as too large: check that DD_API_KEY and "
                "DD_APP_KEY (or the profile's keys) hold just the keys, and any proxy.\n");
    assert_hint("{\"route\":\"list_salesforce\",\"status\":409}",
                ARGS("--api-url", u, "salesforce", "list"), DD_EXIT_CONFLICT,
                ". A list never conflicts with anything: try 'ddorgs salesforce list' again, "
                "and if it persists check the site, --api-url and any proxy.\n");
    ck_assert_int_eq(mock_count_requests(&mock, "PATCH", "/api/"), 1);
}
END_TEST

/* A write that may have reached the server says so and how to check,
 * instead of "try again"; one refused before it left keeps "try again";
 * reads keep theirs. */
START_TEST(failed_write_says_it_may_be_applied)
{
    const char *u = mock.url;
    assert_hint("{\"route\":\"create_connection\",\"status\":503}",
                ARGS("--api-url", u, "connections", "create", "--sink-org", ORG_D, "--types",
                     "logs"),
                DD_EXIT_SERVER, ". The change may have been applied: check with 'ddorgs "
                                "connections list --sink-org " ORG_D "' before trying again.\n");
    assert_hint("{\"route\":\"delete_connection\",\"kind\":\"reset\"}",
                ARGS("--api-url", u, "--yes", "connections", "delete", CONN1), DD_EXIT_NETWORK,
                ". The change may have been applied: check with 'ddorgs connections list' "
                "before trying again.\n");
    assert_hint("{\"route\":\"disable_org\",\"status\":500}",
                ARGS("--api-url", u, "--yes", "org", "disable"), DD_EXIT_SERVER,
                ". The change may have been applied: check from another org of the account, "
                "e.g. with 'ddorgs --profile PARENT orgs list', where this org shows as disabled "
                "(once disabled, its own keys get 403 on every call) before trying again.\n");
    assert_hint("{\"route\":\"update_connection\",\"kind\":\"malformed\"}",
                ARGS("--api-url", u, "connections", "update", CONN2, "--types", "logs"),
                DD_EXIT_SERVER, ". Do not repeat it: check with 'ddorgs connections list'.\n");
    assert_hint("{\"route\":\"list_connections\",\"status\":503,\"times\":3}",
                ARGS("--api-url", u, "connections", "list"), DD_EXIT_SERVER,
                ". The service answered unexpectedly; try again later.\n");
    /* Nothing listens on port 1: refused before anything was sent. */
    assert_hint(NULL, ARGS("--api-url", "http://127.0.0.1:1", "--yes", "connections", "delete",
                           CONN1),
                DD_EXIT_NETWORK,
                ". Check the network, proxy settings and --site/--api-url, then try again.\n");
}
END_TEST

/* True when s holds nothing a terminal acts on: line by line, no control
 * character but the newline, no DEL, no C1, no bidi control, no invalid
 * UTF-8 (what the cleaner lets through, sanitize.h). */
static bool inert(const char *s)
{
    while (*s) {
        size_t n = strcspn(s, "\n");
        if (n > DD_SAN_MAX_BYTES || !dd_sanitize_is_clean(s, n, 0))
            return false;
        s += n + (s[n] == '\n');
    }
    return true;
}

/* True when s holds 8 or more consecutive characters of key (any case). */
static bool holds_key_piece(const char *s, const char *key)
{
    size_t n = strlen(key);
    for (size_t i = 0; i + 8 <= n; i++) {
        char piece[9];
        memcpy(piece, key + i, 8);
        piece[8] = '\0';
        if (strcasestr(s, piece))
            return true;
    }
    return false;
}

/* A server that repeats the keys in the data of a good answer (an org and
 * a user name, an unknown connection type, a Salesforce org's name): no
 * output shows 8 of their characters, the machine formats included; the
 * rest of the value stays. */
START_TEST(keys_in_answer_data_never_reach_an_output)
{
    ck_assert_int_eq(mock_load_state(&mock,
        "{\"self_org_id\":\"" SELF "\",\"self_user\":{\"id\":\"u1\",\"name\":\"user "
        MOCK_APP_KEY "\"},\"orgs\":[{\"id\":\"" SELF "\",\"name\":\"Parent " MOCK_API_KEY "\","
        "\"created_at\":\"2020-01-01T00:00:00+00:00\"},{\"id\":\"" ORG_D "\",\"name\":\"D\","
        "\"created_at\":\"2020-01-01T00:00:00+00:00\"}],\"connections\":[{\"id\":"
        "\"aaaaaaaa-0000-4000-8000-000000000001\",\"source_org_id\":\"" ORG_D "\","
        "\"sink_org_id\":\"" SELF "\",\"connection_types\":[\"logs\",\"" MOCK_API_KEY "\"],"
        "\"created_at\":\"2025-08-26T20:19:36+00:00\",\"created_by_id\":\"u1\"}],"
        "\"salesforce_orgs\":[{\"id\":\"sf1\",\"name\":\"SF " MOCK_API_KEY "\","
        "\"incident_templates\":1}]}"), 0);
    const char *u = mock.url;
    const char *const *cmds[] = {
        ARGS("--api-url", u, "connections", "list"),
        ARGS("--api-url", u, "connections", "list", "-o", "json"),
        ARGS("--api-url", u, "connections", "list", "-o", "jsonl"),
        ARGS("--api-url", u, "connections", "list", "-o", "csv"),
        ARGS("--api-url", u, "salesforce", "list"),
        ARGS("--api-url", u, "salesforce", "list", "-o", "json"),
        ARGS("--api-url", u, "orgs", "list", "-o", "jsonl"),
    };
    for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
        run_result r = run(cmds[i]);
        ck_assert_msg(r.code == 0, "%s %s: exit %d: %s", cmds[i][3], cmds[i][4], r.code, r.err);
        ck_assert_msg(!holds_key_piece(r.out, MOCK_API_KEY) &&
                          !holds_key_piece(r.out, MOCK_APP_KEY) &&
                          !holds_key_piece(r.err, MOCK_API_KEY) &&
                          !holds_key_piece(r.err, MOCK_APP_KEY),
                      "command %zu shows a piece of a key", i);
        ck_assert_msg(strstr(r.out, "<redacted>"), "command %zu: no marker", i);
        result_free(&r);
    }
}
END_TEST

/* Whatever the operator types is echoed cleaned, like server text: in
 * usage errors, configuration errors, hints and results, in an ASCII and
 * a UTF-8 locale. */
START_TEST(echoed_arguments_are_inert)
{
    /* A Salesforce org whose id holds a C1 control (CSI), to be deleted. */
    ck_assert_int_eq(mock_load_state(&mock,
        "{\"self_org_id\":\"" SELF "\",\"self_user\":{\"id\":\"u1\",\"name\":\"U\"},"
        "\"orgs\":[{\"id\":\"" SELF "\",\"name\":\"Alpha\","
        "\"created_at\":\"2020-01-01T00:00:00+00:00\"},{\"id\":\"" ORG_D "\",\"name\":\"D\","
        "\"created_at\":\"2020-01-01T00:00:00+00:00\"}],\"connections\":[],"
        "\"salesforce_orgs\":[{\"id\":\"sf-\\u009b31m\",\"name\":\"N\"}]}"), 0);
    const char *u = mock.url;
    const char *bidi_sink = "\xe2\x80\xae" ORG_D;
    const struct {
        const char *fault;
        const char *const *args;
        int rc;
        const char *shown; /* a part of the argument still visible, cleaned */
    } cases[] = {
        /* Any Salesforce org ID is sent (one encoded segment): the
         * server's "not found", quoting it, is cleaned like the rest. */
        {NULL, ARGS("--api-url", u, "--yes", "salesforce", "delete", "x\x1b]52;c;SGVsbG8=\x07"),
         DD_EXIT_NOT_FOUND, "]52;c;SGVsbG8="},
        {NULL, ARGS("--api-url", u, "--yes", "connections", "delete", "\x1b[2Jzap"),
         DD_EXIT_USAGE, "[2Jzap"},
        {NULL, ARGS("--api-url", u, "connections", "list", "--limit", "\x1b[31m1"),
         DD_EXIT_USAGE, "[31m1"},
        {NULL, ARGS("--api-url", u, "connections", "create", "--sink-org", ORG_D, "--types",
                    "logs,\x1b[5mblink"), DD_EXIT_USAGE, "[5mblink"},
        {NULL, ARGS("--api-url", u, "connections", "list", "--\x1b[2Jopt"), DD_EXIT_USAGE,
         "[2Jopt"},
        {NULL, ARGS("--api-url", u, "connections", "list", "-o", "\xc2\x9b" "31mfmt"),
         DD_EXIT_USAGE, "31mfmt"},
        {NULL, ARGS("--api-url", u, "frob\x1b]0;title\x07"), DD_EXIT_USAGE, "]0;title"},
        {NULL, ARGS("--api-url", u, "--profile", "p\x1b]0;title\x07", "connections", "list"),
         DD_EXIT_CONFIG, "]0;title"},
        {NULL, ARGS("--site", "\x1b[2Jsite.example", "connections", "list"), DD_EXIT_CONFIG,
         "[2Jsite.example"},
        {"{\"route\":\"create_connection\",\"status\":503}",
         ARGS("--api-url", u, "connections", "create", "--sink-org", bidi_sink, "--types",
              "logs"), DD_EXIT_SERVER, "--sink-org " ORG_D},
        {NULL, ARGS("--api-url", u, "--yes", "salesforce", "delete", "sf-\xc2\x9b" "31m"),
         DD_EXIT_OK, "31m"},
    };
    const char *locales[] = {"LC_ALL=C", "LC_ALL=C.UTF-8"};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        for (size_t l = 0; l < 2; l++) {
            ck_assert_int_eq(mock_clear_faults(&mock), 0);
            if (cases[i].fault)
                ck_assert_int_eq(mock_add_fault(&mock, cases[i].fault), 0);
            run_result r = run_env(cases[i].args, ARGS(locales[l]));
            ck_assert_msg(r.code == cases[i].rc, "case %zu (%s): rc %d: %s", i, locales[l],
                          r.code, r.err);
            ck_assert_msg(inert(r.err), "case %zu (%s): stderr not inert: %s", i, locales[l],
                          r.err);
            ck_assert_msg(inert(r.out), "case %zu (%s): stdout not inert: %s", i, locales[l],
                          r.out);
            ck_assert_msg(strstr(r.err, cases[i].shown) || strstr(r.out, cases[i].shown),
                          "case %zu (%s): '%s' not shown: %s%s", i, locales[l], cases[i].shown,
                          r.out, r.err);
            result_free(&r);
            if (cases[i].rc == DD_EXIT_OK)
                break; /* deleted: nothing left to delete in the second locale */
        }
    }
}
END_TEST

/* In-process: parsing. */
static int parse(dd_cli_args *a, const char *const *args, char *why)
{
    const char *argv[30] = {"ddorgs"};
    int n = 1;
    for (; args[n - 1]; n++)
        argv[n] = args[n - 1];
    return dd_cli_parse(n, (char *const *)argv, a, why, 300);
}

START_TEST(parse_globals_anywhere)
{
    dd_cli_args a;
    char why[300];
    ck_assert_int_eq(parse(&a, ARGS("connections", "--profile", "p", "list", "--read-only",
                                    "--limit=5", "--site", "datadoghq.eu"), why), 0);
    ck_assert_int_eq(a.cmd, DD_CMD_CONN_LIST);
    ck_assert_str_eq(a.profile, "p");
    ck_assert_str_eq(a.site, "datadoghq.eu");
    ck_assert(a.read_only);
    ck_assert_int_eq(a.limit, 5);
    ck_assert_int_eq(a.offset, -1);

    ck_assert_int_eq(parse(&a, ARGS("--refresh", "30"), why), 0);
    ck_assert_int_eq(a.cmd, DD_CMD_NONE);
    ck_assert_int_eq(a.refresh_s, 30);
    ck_assert_int_eq(parse(&a, ARGS("--refresh", "30", "salesforce", "list"), why), -1);
    ck_assert_ptr_nonnull(strstr(why, "console only"));
    ck_assert_int_eq(parse(&a, ARGS("--dry-run"), why), -1);
    ck_assert_int_eq(parse(&a, ARGS("org", "disable", "--org-uuid", "nope"), why), -1);
    ck_assert_ptr_nonnull(strstr(why, "not a UUID"));
    ck_assert_int_eq(parse(&a, ARGS("connections", "delete", CONN1, "extra"), why), -1);
    ck_assert_ptr_nonnull(strstr(why, "unexpected argument 'extra'"));
    /* Any Salesforce org ID goes as one encoded segment (url.h): only
     * "", "." and ".." are refused, as the client itself refuses them. */
    ck_assert_int_eq(parse(&a, ARGS("salesforce", "delete", "../../x"), why), 0);
    ck_assert_str_eq(a.id, "../../x");
    ck_assert_int_eq(parse(&a, ARGS("salesforce", "delete", ".."), why), -1);
    ck_assert_str_eq(why, "Salesforce org ID '..' refused: servers read '.' and '..' as steps "
                          "in the path, so the request would reach another resource; check "
                          "the id");
    ck_assert_int_eq(parse(&a, ARGS("salesforce", "delete", "."), why), -1);
    ck_assert_ptr_nonnull(strstr(why, "Salesforce org ID '.' refused"));
    ck_assert_int_eq(parse(&a, ARGS("salesforce", "delete", ""), why), -1);
    ck_assert_str_eq(why, "Salesforce org ID is empty: give the id of the one to act on");
    ck_assert_int_eq(parse(&a, ARGS("connections", "list", "--sink-org"), why), -1);
    ck_assert_ptr_nonnull(strstr(why, "--sink-org needs a value"));
    ck_assert_int_eq(parse(&a, ARGS("connections", "update", CONN1, "--types", "logs,logs"),
                           why), -1);
    ck_assert(dd_cli_cmd_writes(DD_CMD_CONN_UPDATE));
    ck_assert(!dd_cli_cmd_writes(DD_CMD_SF_LIST));
}
END_TEST

/* dd_cli_report's line for an error on the command line args. */
/* not_sent: what the transport reports when no byte left (a connect
 * failure), see dd_error.not_sent. */
static char *report_for(dd_status code, long http, long retry_after, const char *text,
                        bool not_sent, const char *const *args)
{
    dd_cli_args a;
    char why[300];
    ck_assert_msg(parse(&a, args, why) == 0, "%s", why);
    dd_error e;
    dd_error_init(&e);
    dd_error_set(&e, code, "%s", text);
    e.http_status = http;
    e.retry_after = retry_after;
    e.not_sent = not_sent;
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    FILE *tmp = tmpfile();
    ck_assert_ptr_nonnull(tmp);
    dup2(fileno(tmp), STDERR_FILENO);
    dd_cli_report(&e, &a);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    dd_error_clear(&e);
    char *buf = calloc(1, 2048);
    rewind(tmp);
    size_t got = fread(buf, 1, 2047, tmp);
    buf[got] = '\0';
    fclose(tmp);
    return buf;
}

START_TEST(report_hints)
{
    const struct {
        dd_status code;
        long http, retry;
        const char *text;
        const char *const *args;
        const char *want;
        bool not_sent; /* last, so most rows leave it false */
    } cases[] = {
        /* Past two days no reset is believed (retry.h's one rule): the
         * error already says so, the hint is the unknown one. */
        {DD_E_HTTP, 429, 999999999, "HTTP 429", ARGS("connections", "list"),
         "ddorgs: HTTP 429. Wait a minute and try again.\n"},
        {DD_E_HTTP, 429, 172800, "HTTP 429", ARGS("connections", "list"),
         "ddorgs: HTTP 429. The server asks to wait about 48 hours; try again then.\n"},
        {DD_E_HTTP, 429, 7200, "HTTP 429", ARGS("salesforce", "list"),
         "ddorgs: HTTP 429. The server asks to wait about 2 hours; try again then.\n"},
        {DD_E_HTTP, 429, 3600, "HTTP 429", ARGS("salesforce", "list"),
         "ddorgs: HTTP 429. Wait 3600 seconds and try again.\n"},
        {DD_E_HTTP, 429, -1, "HTTP 429", ARGS("salesforce", "list"),
         "ddorgs: HTTP 429. Wait a minute and try again.\n"},
        {DD_E_HTTP, 404, -1, "HTTP 404", ARGS("org", "disable", "--org-uuid", ORG_B),
         "ddorgs: HTTP 404. Check the org UUID and the site: the keys must belong to that "
         "org.\n"},
        {DD_E_HTTP, 404, -1, "HTTP 404", ARGS("connections", "list", "--sink-org", ORG_B),
         "ddorgs: HTTP 404. Check the org IDs given with --sink-org and --source-org, and the "
         "site.\n"},
        {DD_E_HTTP, 404, -1, "HTTP 404", ARGS("salesforce", "list"),
         "ddorgs: HTTP 404. Check the site and --api-url: the API was not found there.\n"},
        {DD_E_HTTP, 403, -1, "HTTP 403", ARGS("salesforce", "delete", "sf-1"),
         "ddorgs: HTTP 403. Check DD_API_KEY and DD_APP_KEY (or the profile's keys) and the "
         "site; the application key needs manage_integrations. " DISABLED_403 ".\n"},
        {DD_E_HTTP, 403, -1, "HTTP 403", ARGS("salesforce", "list"),
         "ddorgs: HTTP 403. Check DD_API_KEY and DD_APP_KEY (or the profile's keys) and the "
         "site; the application key needs integrations_read. " DISABLED_403 ".\n"},
        {DD_E_HTTP, 403, -1, "HTTP 403", ARGS("org", "disable"),
         "ddorgs: HTTP 403. Check the keys and the site. Disabling needs org_management, an "
         "org created in the last 10 days, and the feature enabled for the org.\n"},
        {DD_E_HTTP, 401, -1, "HTTP 401", ARGS("orgs", "list"),
         "ddorgs: HTTP 401. Check DD_API_KEY and DD_APP_KEY (or the profile's keys) and the "
         "site.\n"},
        {DD_E_HTTP, 409, -1, "HTTP 409", ARGS("connections", "delete", CONN1),
         "ddorgs: HTTP 409. See the connection's current state with 'ddorgs connections "
         "list'.\n"},
        {DD_E_TOO_LARGE, 0, -1, "response larger than 64 MiB", ARGS("salesforce", "delete", "x"),
         "ddorgs: response larger than 64 MiB. The change may have been applied: check with "
         "'ddorgs salesforce list' before trying again.\n"},
        {DD_E_TOO_LARGE, 0, -1, "response larger than 64 MiB", ARGS("salesforce", "list"),
         "ddorgs: response larger than 64 MiB. The service answered unexpectedly; try again "
         "later.\n"},
        {DD_E_TIMEOUT, 0, -1, "timed out after 60 s waiting for h:443",
         ARGS("connections", "update", CONN1, "--types", "logs"),
         "ddorgs: timed out after 60 s waiting for h:443. The change may have been applied: "
         "check with 'ddorgs connections list' before trying again.\n"},
        {DD_E_TIMEOUT, 0, -1, "timed out after 10 s connecting to h:443",
         ARGS("connections", "update", CONN1, "--types", "logs"),
         "ddorgs: timed out after 10 s connecting to h:443. Check the network, proxy settings "
         "and --site/--api-url, then try again.\n", true},
        {DD_E_NETWORK, 0, -1, "cannot resolve h: check the site and DNS",
         ARGS("org", "disable"),
         "ddorgs: cannot resolve h: check the site and DNS. Check the network, proxy settings "
         "and --site/--api-url, then try again.\n", true},
        {DD_E_TIMEOUT, 0, -1, "timed out after 60 s waiting for h:443", ARGS("salesforce", "list"),
         "ddorgs: timed out after 60 s waiting for h:443. Check the network, proxy settings "
         "and --site/--api-url, then try again.\n"},
        {DD_E_PROTOCOL, 201, -1, "the server accepted it", ARGS("org", "disable"),
         "ddorgs: the server accepted it. Do not repeat it: check from another org of the "
         "account, e.g. with 'ddorgs --profile PARENT orgs list', where this org shows as "
         "disabled (once disabled, its own keys get 403 on every call).\n"},
        {DD_E_READ_ONLY, 0, -1, "refused", ARGS("connections", "delete", CONN1),
         "ddorgs: refused. Drop --read-only, unset DDORGS_READ_ONLY, or set read_only = false "
         "in the profile.\n"},
        {DD_E_HTTP, 409, -1, "HTTP 409", ARGS("salesforce", "list"),
         "ddorgs: HTTP 409. A list never conflicts with anything: try 'ddorgs salesforce list' "
         "again, and if it persists check the site, --api-url and any proxy.\n"},
        {DD_E_HTTP, 409, -1, "HTTP 409", ARGS("connections", "list", "--sink-org", ORG_B),
         "ddorgs: HTTP 409. A list never conflicts with anything: try 'ddorgs connections "
         "list' again, and if it persists check the site, --api-url and any proxy.\n"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *got = report_for(cases[i].code, cases[i].http, cases[i].retry, cases[i].text,
                               cases[i].not_sent, cases[i].args);
        ck_assert_msg(strcmp(got, cases[i].want) == 0, "case %zu: %s", i, got);
        free(got);
    }
}
END_TEST

/* Every hint comes from the command that ran: whatever the error, a line
 * that names a ddorgs command names one of the same group (a Salesforce
 * command never points at connections, nor the other way round; org
 * disable at neither). */
START_TEST(hints_name_only_their_command)
{
    const struct {
        const char *const *args;
        const char *group; /* "connections", "salesforce", or NULL for none */
    } cmds[] = {
        {ARGS("connections", "list"), "connections"},
        {ARGS("connections", "list", "--sink-org", ORG_B), "connections"},
        {ARGS("connections", "create", "--sink-org", ORG_B, "--types", "logs"), "connections"},
        {ARGS("connections", "update", CONN1, "--types", "logs"), "connections"},
        {ARGS("connections", "delete", CONN1), "connections"},
        {ARGS("salesforce", "list"), "salesforce"},
        {ARGS("salesforce", "delete", "sf-1"), "salesforce"},
        {ARGS("org", "disable"), NULL},
        {ARGS("org", "disable", "--org-uuid", ORG_B), NULL},
    };
    const struct {
        dd_status code;
        long http;
        bool not_sent;
    } errs[] = {
        {DD_E_HTTP, 400, false}, {DD_E_HTTP, 401, false}, {DD_E_HTTP, 403, false},
        {DD_E_HTTP, 404, false}, {DD_E_HTTP, 409, false}, {DD_E_HTTP, 410, false},
        {DD_E_HTTP, 429, false}, {DD_E_HTTP, 431, false}, {DD_E_HTTP, 500, false},
        {DD_E_HTTP, 503, false}, {DD_E_HTTP, 302, false}, {DD_E_NETWORK, 0, false},
        {DD_E_NETWORK, 0, true}, {DD_E_TIMEOUT, 0, false}, {DD_E_CANCELLED, 0, false},
        {DD_E_PROTOCOL, 0, false}, {DD_E_PROTOCOL, 201, false}, {DD_E_TOO_LARGE, 0, false},
        {DD_E_READ_ONLY, 0, false}, {DD_E_CONFIG, 0, false}, {DD_E_IO, 0, false},
    };
    for (size_t c = 0; c < sizeof(cmds) / sizeof(cmds[0]); c++) {
        for (size_t e = 0; e < sizeof(errs) / sizeof(errs[0]); e++) {
            char *got = report_for(errs[e].code, errs[e].http, -1, "failed", errs[e].not_sent,
                                   cmds[c].args);
            for (const char *p = strstr(got, "ddorgs "); p; p = strstr(p + 1, "ddorgs ")) {
                const char *word = p + strlen("ddorgs ");
                bool names_cmd = strncmp(word, "connections", 11) == 0 ||
                                 strncmp(word, "salesforce", 10) == 0 ||
                                 strncmp(word, "org ", 4) == 0;
                ck_assert_msg(!names_cmd || (cmds[c].group &&
                                             strncmp(word, cmds[c].group,
                                                     strlen(cmds[c].group)) == 0),
                              "command %zu, error %zu: the hint names another command: %s", c,
                              e, got);
            }
            free(got);
        }
    }
}
END_TEST

START_TEST(exit_codes_for_errors)
{
    dd_error e;
    dd_error_init(&e);
    const struct { dd_status code; long http; int want; } cases[] = {
        {DD_E_HTTP, 400, DD_EXIT_BAD_REQUEST}, {DD_E_HTTP, 401, DD_EXIT_AUTH},
        {DD_E_HTTP, 403, DD_EXIT_AUTH},        {DD_E_HTTP, 404, DD_EXIT_NOT_FOUND},
        {DD_E_HTTP, 409, DD_EXIT_CONFLICT},    {DD_E_HTTP, 429, DD_EXIT_RATE_LIMITED},
        {DD_E_HTTP, 503, DD_EXIT_SERVER},      {DD_E_PROTOCOL, 200, DD_EXIT_SERVER},
        {DD_E_TIMEOUT, 0, DD_EXIT_NETWORK},    {DD_E_NETWORK, 0, DD_EXIT_NETWORK},
        {DD_E_READ_ONLY, 0, DD_EXIT_READ_ONLY}, {DD_E_CONFIG, 0, DD_EXIT_CONFIG},
        {DD_E_NOMEM, 0, DD_EXIT_INTERNAL},     {DD_E_HTTP, 302, DD_EXIT_NETWORK},
        {DD_E_HTTP, 308, DD_EXIT_NETWORK},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        e.code = cases[i].code;
        e.http_status = cases[i].http;
        ck_assert_int_eq(dd_exit_for_error(&e), cases[i].want);
    }
}
END_TEST

static char *capture(void (*fn)(FILE *, void *), void *ud)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    fn(f, ud);
    fclose(f);
    return buf;
}

static void csv_cb(FILE *f, void *ud)
{
    dd_csv_field(f, ud);
}

START_TEST(csv_field_quoting)
{
    const char *in[] = {"plain", "a,b", "say \"hi\"", "two\nlines", ""};
    const char *want[] = {"plain", "\"a,b\"", "\"say \"\"hi\"\"\"", "\"two\nlines\"", ""};
    for (size_t i = 0; i < 5; i++) {
        char *got = capture(csv_cb, (void *)in[i]);
        ck_assert_str_eq(got, want[i]);
        free(got);
    }
}
END_TEST

struct table_case {
    int width;
};

static void table_cb(FILE *f, void *ud)
{
    static const char *const headers[] = {"ID", "NAME", "WHEN"};
    static const char *const cells[] = {"id-1", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e org name",
                                        "2024", "id-2", NULL, "2025"};
    static const int keep[] = {2, 0, 1};
    dd_out_table(f, 3, headers, cells, 2, ((struct table_case *)ud)->width, keep);
}

START_TEST(table_fits_width_with_wide_chars)
{
    ck_assert_ptr_nonnull(setlocale(LC_CTYPE, "C.UTF-8"));
    dd_sanitize_mode = 0;
    struct table_case wide = {80};
    char *t = capture(table_cb, &wide);
    ck_assert_str_eq(t, "ID    NAME             WHEN\n"
                        "id-1  \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e org name  2024\n"
                        "id-2  -                2025\n");
    free(t);
    /* 4 + 2 + 9 + 2 + 4 = 21: the name column gives way, wide chars kept whole. */
    struct table_case narrow = {21};
    t = capture(table_cb, &narrow);
    ck_assert_str_eq(t, "ID    NAME       WHEN\n"
                        "id-1  \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e o\xe2\x80\xa6  2024\n"
                        "id-2  -          2025\n");
    free(t);
}
END_TEST

/* orgs list: the keys' org first, marked current, then the orgs it manages;
 * each format from the same rows (the managed orgs' column table). */
START_TEST(orgs_list_in_every_format)
{
    run_result r = run(ARGS("--api-url", mock.url, "orgs", "list", "-o", "json"));
    ck_assert_msg(r.code == 0, "%s", r.err);
    cJSON *doc = cJSON_Parse(r.out);
    ck_assert_ptr_nonnull(doc);
    ck_assert_int_eq(cJSON_GetArraySize(doc), 4);
    cJSON *first = cJSON_GetArrayItem(doc, 0);
    ck_assert_str_eq(cJSON_GetObjectItem(first, "id")->valuestring, SELF);
    ck_assert_str_eq(cJSON_GetObjectItem(first, "name")->valuestring, "Alpha Corp");
    ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(first, "current")));
    ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(first, "disabled")));
    ck_assert(cJSON_IsNull(cJSON_GetObjectItem(first, "description")));
    cJSON *c = cJSON_GetArrayItem(doc, 2);
    ck_assert_str_eq(cJSON_GetObjectItem(c, "name")->valuestring, "Gamma \"Quoted\"");
    ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(c, "current")));
    cJSON_Delete(doc);
    result_free(&r);

    r = run(ARGS("--api-url", mock.url, "orgs", "list", "-o", "csv", "--name", "gamma"));
    ck_assert_msg(r.code == 0, "%s", r.err);
    ck_assert(strncmp(r.out, "id,name,public_id,description,url,sharing,disabled,created_at,"
                             "modified_at,current\n", 82) == 0);
    /* The filter keeps Gamma; the keys' org comes first whatever the filter. */
    ck_assert_ptr_nonnull(strstr(r.out, "\n" ORG_C ",\"Gamma \"\"Quoted\"\"\","));
    ck_assert_ptr_null(strstr(r.out, ORG_B));
    result_free(&r);

    r = run(ARGS("--api-url", mock.url, "orgs", "list"));
    ck_assert_msg(r.code == 0, "%s", r.err);
    ck_assert(strncmp(r.out, "ID", 2) == 0);
    ck_assert_ptr_nonnull(strstr(r.out, "NAME"));
    ck_assert_ptr_nonnull(strstr(r.out, "keys' org"));
    ck_assert_ptr_nonnull(strstr(r.out, "Delta"));
    result_free(&r);
    ck_assert_int_eq(mock_count_requests(&mock, "GET", "/api/v2/org"), 3);
}
END_TEST

/* org disable asks for the keys' org's UUID (GET /api/v2/org names it) and
 * sends it as org_uuid: another org's UUID is refused at the prompt. */
START_TEST(disable_confirms_the_keys_org_uuid_on_tty)
{
    char *t;
    int rc = run_on_tty(ARGS("--api-url", mock.url, "org", "disable"), ORG_B "\n", &t);
    ck_assert_msg(rc == DD_EXIT_ABORTED, "rc %d: %s", rc, t);
    ck_assert_ptr_nonnull(strstr(t, "About to disable org Alpha Corp (" SELF ")"));
    ck_assert_ptr_nonnull(strstr(t, "Type " SELF " to confirm"));
    free(t);
    ck_assert_int_eq(mock_count_requests(&mock, "POST", "/api/v2/org/disable"), 0);
    rc = run_on_tty(ARGS("--api-url", mock.url, "org", "disable"), SELF "\n", &t);
    ck_assert_msg(rc == 0, "rc %d: %s", rc, t);
    free(t);
    ck_assert_int_eq(mock_count_requests(&mock, "POST", "/api/v2/org/disable"), 1);
    cJSON *reqs = mock_requests(&mock);
    char *text = cJSON_PrintUnformatted(reqs);
    ck_assert_msg(strstr(text, "org_uuid") && strstr(text, SELF), "%s", text);
    free(text);
    cJSON_Delete(reqs);
}
END_TEST

/* After a disable, the org's own keys get 403 on every call: the 403 says
 * the org may be disabled, and the check the hint gives, from another org
 * of the account, shows it as disabled. */
START_TEST(disabled_org_is_seen_from_another_org)
{
    run_result r = run(ARGS("--api-url", mock.url, "--yes", "org", "disable"));
    ck_assert_msg(r.code == 0, "rc %d: %s", r.code, r.err);
    result_free(&r);
    r = run(ARGS("--api-url", mock.url, "orgs", "list"));
    ck_assert_int_eq(r.code, DD_EXIT_AUTH);
    ck_assert_str_eq(r.err, "ddorgs: HTTP 403 Forbidden: Forbidden. Check DD_API_KEY and "
                            "DD_APP_KEY (or the profile's keys) and the site; the application "
                            "key needs org_management or org_connections_write. "
                            DISABLED_403 ".\n");
    result_free(&r);
    const char *const beta[] = {"DD_API_KEY=" ORG_B_API_KEY, "DD_APP_KEY=" ORG_B_APP_KEY, NULL};
    r = run_env(ARGS("--api-url", mock.url, "orgs", "list", "-o", "csv"), beta);
    ck_assert_msg(r.code == 0, "rc %d: %s", r.code, r.err);
    ck_assert_ptr_nonnull(strstr(r.out, "\n" SELF ",Alpha Corp,"));
    const char *row = strstr(r.out, "\n" SELF ",");
    ck_assert_ptr_nonnull(strstr(row, ",true,"));
    result_free(&r);
    r = run_env(ARGS("--api-url", mock.url, "orgs", "list"), beta);
    ck_assert_msg(r.code == 0, "rc %d: %s", r.code, r.err);
    /* The table's row for the disabled org says so in its STATE. */
    row = strstr(r.out, "\n" SELF "  Alpha Corp");
    ck_assert_msg(row != NULL, "%s", r.out);
    char line[400];
    snprintf(line, sizeof(line), "%.*s", (int)strcspn(row + 1, "\n"), row + 1);
    ck_assert_msg(strstr(line, " disabled ") != NULL, "%s", line);
    result_free(&r);
}
END_TEST

/* The help is made from the tables: every operation's words and summary. */
START_TEST(help_lists_every_operation)
{
    run_result r = run(ARGS("--help"));
    ck_assert_int_eq(r.code, 0);
    for (int i = 0; i < DD_OP_COUNT; i++) {
        char words[64];
        dd_op_words(&dd_ops[i], words, sizeof(words));
        ck_assert_msg(strstr(r.out, words), "help lacks %s", words);
        ck_assert_msg(strstr(r.out, dd_ops[i].summary), "help lacks %s's summary", words);
    }
    ck_assert_ptr_nonnull(strstr(r.out, "orgs list [--name TEXT] [--all-profiles] [-o FORMAT]"));
    ck_assert_ptr_nonnull(strstr(r.out, "connections delete CONNECTION_ID"));
    ck_assert_ptr_nonnull(strstr(r.out, "--no-mouse"));
    /* The local commands too; the completion scripts' own option is not
     * for people. */
    ck_assert_ptr_nonnull(strstr(r.out, "  completion bash|zsh|fish\n"));
    ck_assert_ptr_nonnull(strstr(r.out, "  doctor [--profile NAME] [--site SITE] [--api-url URL]"));
    ck_assert_ptr_null(strstr(r.out, "list-profiles"));
    result_free(&r);
}
END_TEST

/* A server that repeats the keys it got, with the key across the cuts of
 * the body summary (200), the error text (512), the audit record (600) and
 * a message (1,024), in three forms: stderr and the audit log never hold 8
 * characters of either key. */
#define ECHO_API_KEY "Qm7Vt2Lx9Rk4Pw8Zc3Hn6Bj1Fd5Gs0Ya"
#define ECHO_APP_KEY "Ue4Oi8Ty2Wr6Qp0As3Dk7Fj1Gh5Lz9Xc2Vb6Nm"

START_TEST(echoed_keys_never_reach_stderr_or_the_audit_log)
{
    static const char *const args[] = {"--api-key", ECHO_API_KEY, "--app-key", ECHO_APP_KEY,
                                       "--rate-limit", "1000000/60", "--quiet", NULL};
    mock_proc m;
    memset(&m, 0, sizeof(m));
    ck_assert_int_eq(mock_start(&m, args), 0);
    load_fixture(&m);
    static const struct { const char *form; long from, to; } sweeps[] = {
        {"text", 150, 215},    {"strings", 0, 40},     {"strings", 460, 530},
        {"detail", 540, 620},  {"strings", 960, 1040},
    };
    int runs = 0;
    for (size_t s = 0; s < sizeof(sweeps) / sizeof(sweeps[0]); s++) {
        for (long pad = sweeps[s].from; pad < sweeps[s].to; pad += 3) {
            char fault[300];
            snprintf(fault, sizeof(fault),
                     "{\"route\":\"delete_salesforce\",\"status\":400,\"echo_keys\":1,"
                     "\"echo_form\":\"%s\",\"echo_encoding\":\"%s\",\"echo_pad\":%ld}",
                     sweeps[s].form, pad % 2 ? "percent" : "plain", pad);
            ck_assert_int_eq(mock_clear_faults(&m), 0);
            ck_assert_int_eq(mock_add_fault(&m, fault), 0);
            run_result r = run_env(ARGS("--api-url", m.url, "salesforce", "delete", "sf-0001",
                                        "--yes"),
                                   ARGS("DD_API_KEY=" ECHO_API_KEY, "DD_APP_KEY=" ECHO_APP_KEY));
            ck_assert_msg(r.code == DD_EXIT_BAD_REQUEST, "%s pad %ld: rc %d", sweeps[s].form,
                          pad, r.code);
            ck_assert_msg(strncmp(r.err, "ddorgs: HTTP 400 Bad Request: ", 30) == 0,
                          "%s pad %ld: no error line", sweeps[s].form, pad);
            ck_assert_msg(!leaks(r.err, ECHO_API_KEY, ECHO_APP_KEY), "%s pad %ld: key on stderr",
                          sweeps[s].form, pad);
            ck_assert_msg(!leaks(r.out, ECHO_API_KEY, ECHO_APP_KEY), "%s pad %ld: key on stdout",
                          sweeps[s].form, pad);
            result_free(&r);
            runs++;
        }
    }
    mock_stop(&m);
    char path[400];
    snprintf(path, sizeof(path), "%s/.local/state/ddorgs/audit.log", home);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    size_t cap = 1 << 20, len = 0;
    char *log = malloc(cap);
    len = fread(log, 1, cap - 1, f);
    log[len] = '\0';
    fclose(f);
    ck_assert_int_eq(audit_lines("\"phase\":\"outcome\"", "HTTP 400 Bad Request: "), runs);
    ck_assert_msg(!leaks(log, ECHO_API_KEY, ECHO_APP_KEY), "a key piece in the audit log");
    free(log);
}
END_TEST

/* ddorgs turns core dumps off for itself before it reads a key, and is
 * not dumpable (no core, no ptrace by other processes of the user): read
 * from /proc while it waits on a slow answer. The files in /proc/PID of a
 * process that is not dumpable belong to root, so when the test is root
 * ddorgs runs as nobody, from a copy any user can run; DDORGS_ALLOW_CORE_DUMPS=1 leaves
 * both as they were. */
#define NOBODY 65534

static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb");
    ck_assert_ptr_nonnull(in);
    FILE *out = fopen(to, "wb");
    ck_assert_ptr_nonnull(out);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
        ck_assert_uint_eq(fwrite(buf, 1, n, out), n);
    fclose(in);
    ck_assert_int_eq(fclose(out), 0);
    ck_assert_int_eq(chmod(to, 0755), 0);
}

/* "Max core file size  SOFT  HARD  bytes" of pid: soft and hard as text. */
static void core_limits(pid_t pid, char *soft, char *hard)
{
    char path[64], line[256];
    snprintf(path, sizeof(path), "/proc/%d/limits", (int)pid);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    soft[0] = hard[0] = '\0';
    while (fgets(line, sizeof(line), f))
        if (strncmp(line, "Max core file size", 18) == 0)
            ck_assert_int_eq(sscanf(line + 18, "%31s %31s", soft, hard), 2);
    fclose(f);
    ck_assert_msg(soft[0] && hard[0], "no core limit in %s", path);
}

START_TEST(no_core_dumps_nor_tracing)
{
    /* Under valgrind a child that changes user cannot start the traced
     * program: there ddorgs keeps the test's user, and only the limits,
     * which need no other user, are read. */
    const char *pre = getenv("LD_PRELOAD");
    bool valgrind = pre && strstr(pre, "vgpreload");
    bool root = geteuid() == 0 && !valgrind;
    uid_t runs_as = root ? NOBODY : geteuid();
    char dir[300], bin[340];
    snprintf(dir, sizeof(dir), "%s/bin", home);
    ck_assert_int_eq(mkdir(dir, 0755), 0);
    snprintf(bin, sizeof(bin), "%s/ddorgs", dir);
    copy_file(getenv("DDORGS_BIN"), bin);
    if (root) {
        ck_assert_int_eq(chmod(home, 0755), 0);
        ck_assert_int_eq(chown(home, NOBODY, NOBODY), 0);
    }
    /* The answer comes 16 bytes every 5 s: ddorgs is alive and busy. */
    ck_assert_int_eq(mock_add_fault(&mock, "{\"route\":\"list_connections\","
                                           "\"kind\":\"drip\",\"drip_ms\":5000}"), 0);
    for (int allow = 0; allow < 2; allow++) {
        ck_assert_int_eq(mock_clear_requests(&mock), 0);
        char **env = child_env(allow ? ARGS("DDORGS_ALLOW_CORE_DUMPS=1") : NULL);
        pid_t pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0) {
            int nul = open("/dev/null", O_RDWR);
            dup2(nul, 0);
            dup2(nul, 1);
            dup2(nul, 2);
            /* As a shell with `ulimit -c unlimited` would start it. */
            struct rlimit any = { RLIM_INFINITY, RLIM_INFINITY };
            setrlimit(RLIMIT_CORE, &any);
            if (root && (setgid(NOBODY) != 0 || setuid(NOBODY) != 0))
                _exit(126);
            const char *argv[] = { "ddorgs", "--api-url", mock.url, "connections", "list",
                                   NULL };
            execve(bin, (char *const *)argv, env);
            _exit(127);
        }
        env_free(env);
        /* Once the request is at the server, ddorgs is past its start. */
        int seen = 0;
        for (int i = 0; i < 300 && seen < 1; i++) {
            seen = mock_count_requests(&mock, "GET", "/api/v2/org_connections");
            if (seen < 1)
                usleep(100000);
        }
        ck_assert_msg(seen >= 1, "ddorgs never sent its request (allow=%d)", allow);
        char soft[32], hard[32];
        core_limits(pid, soft, hard);
        char state[64];
        snprintf(state, sizeof(state), "/proc/%d/stat", (int)pid);
        FILE *sf = fopen(state, "r");
        ck_assert_ptr_nonnull(sf);
        char st_line[512] = "";
        ck_assert_ptr_nonnull(fgets(st_line, sizeof(st_line), sf));
        fclose(sf);
        const char *paren = strrchr(st_line, ')');
        ck_assert_msg(paren && paren[1] == ' ' && paren[2] != 'Z',
                      "ddorgs is not running any more (allow=%d)", allow);
        char proc[64];
        snprintf(proc, sizeof(proc), "/proc/%d/status", (int)pid);
        struct stat st;
        ck_assert_int_eq(stat(proc, &st), 0);
        kill(pid, SIGKILL);
        int status;
        ck_assert_int_eq(waitpid(pid, &status, 0), pid);
        /* As root, root owns every /proc entry: nothing to tell apart. */
        bool owner_tells = runs_as != 0;
        if (!allow) {
            ck_assert_str_eq(soft, "0");
            ck_assert_str_eq(hard, "0");
            /* Not dumpable: its /proc entries are root's, not its user's. */
            if (owner_tells)
                ck_assert_uint_eq(st.st_uid, 0);
        } else {
            /* Left as the shell had it (a sanitizer may lower the soft
             * limit on its own; the hard one is the shell's). */
            ck_assert_str_eq(hard, "unlimited");
            if (owner_tells)
                ck_assert_uint_eq(st.st_uid, runs_as);
        }
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cli");
    TCase *pure = tcase_create("pure");
    tcase_add_test(pure, parse_globals_anywhere);
    tcase_add_test(pure, exit_codes_for_errors);
    tcase_add_test(pure, report_hints);
    tcase_add_test(pure, hints_name_only_their_command);
    tcase_add_test(pure, csv_field_quoting);
    tcase_add_test(pure, table_fits_width_with_wide_chars);
    suite_add_tcase(s, pure);

    TCase *tc = tcase_create("binary");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, list_table);
    tcase_add_test(tc, list_json_and_filter);
    tcase_add_test(tc, list_csv_quotes);
    tcase_add_test(tc, one_page_with_limit);
    tcase_add_test(tc, all_pages_by_default);
    tcase_add_test(tc, rate_limited_list_says_why_it_waits);
    tcase_add_test(tc, implausible_rate_limit_reset_is_said_and_not_waited);
    tcase_add_test(tc, create_prints_row_and_audits);
    tcase_add_test(tc, conflict_is_6);
    tcase_add_test(tc, redirect_is_8_and_says_where);
    tcase_add_test(tc, server_that_does_not_speak_http_is_9);
    tcase_add_test(tc, not_found_is_5);
    tcase_add_test(tc, bad_flags_are_2);
    tcase_add_test(tc, missing_keys_are_3);
    tcase_add_test(tc, wrong_key_is_4);
    tcase_add_test(tc, read_only_is_11_and_sends_nothing);
    tcase_add_test(tc, delete_needs_yes_without_tty);
    tcase_add_test(tc, typed_confirmation_on_tty);
    tcase_add_test(tc, orgs_list_in_every_format);
    tcase_add_test(tc, disable_confirms_the_keys_org_uuid_on_tty);
    tcase_add_test(tc, disabled_org_is_seen_from_another_org);
    tcase_add_test(tc, help_lists_every_operation);
    tcase_add_test(tc, dry_run_prints_request_only);
    tcase_add_test(tc, salesforce_list_table);
    tcase_add_test(tc, salesforce_ids_with_url_characters_are_deleted_exactly);
    tcase_add_test(tc, demo_lists_seeded_data);
    tcase_add_test(tc, version_and_help);
    tcase_add_test(tc, interrupted_write_is_8_and_says_it_may_be_applied);
    tcase_add_test(tc, sigterm_stops_a_list_with_8);
    tcase_add_test(tc, sighup_during_a_write_is_8_and_audited);
    tcase_add_test(tc, interrupt_in_rate_limit_wait_changed_nothing);
    tcase_add_test(tc, interrupt_at_the_prompt_is_12);
    tcase_add_test(tc, option_given_twice_is_2);
    tcase_add_test(tc, unknown_option_points_at_help_once);
    tcase_add_test(tc, console_without_terminal_is_2);
    tcase_add_test(tc, terminal_the_console_cannot_drive_is_2);
    tcase_add_test(tc, demo_that_does_not_start_is_3_with_its_log);
    tcase_add_test(tc, hints_fit_the_command);
    tcase_add_test(tc, failed_write_says_it_may_be_applied);
    tcase_add_test(tc, echoed_arguments_are_inert);
    tcase_add_test(tc, keys_in_answer_data_never_reach_an_output);
    tcase_add_test(tc, echoed_keys_never_reach_stderr_or_the_audit_log);
    tcase_add_test(tc, no_core_dumps_nor_tracing);
    suite_add_tcase(s, tc);
    return dd_run_suite(s);
}
