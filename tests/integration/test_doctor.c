/* ddorgs doctor end to end: the real binary ($DDORGS_BIN) against
 * ddorgs-mock, in an environment of the test's own (a private HOME, no
 * proxy unless a test sets one, keys only in the environment or the
 * profile). Each test asserts the lines an operator reads and the exit
 * status, and that no key shows beyond its last 4 characters. */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mock/harness.h"

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
}

static void setup(void)
{
    snprintf(home, sizeof(home), "/tmp/ddorgs-doctor-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(home));
    memset(&mock, 0, sizeof(mock));
}

static void teardown(void)
{
    mock_stop(&mock);
    char cmd[400];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", home);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", home);
}

static void append(char **buf, size_t *len, const char *data, size_t n)
{
    *buf = realloc(*buf, *len + n + 1);
    memcpy(*buf + *len, data, n);
    *len += n;
    (*buf)[*len] = '\0';
}

/* No 8 characters of a key anywhere: the last 4 are all it may show. */
static void assert_no_key(const char *text, const char *key)
{
    size_t len = strlen(key);
    for (size_t i = 0; i + 8 <= len; i++) {
        char piece[9];
        memcpy(piece, key + i, 8);
        piece[8] = '\0';
        ck_assert_msg(!strstr(text, piece), "8 characters of a key were printed: %s", text);
    }
}

/* Runs ddorgs with args in an environment made of PATH, HOME, TERM=xterm,
 * LANG=C.UTF-8, the mock's keys, and the extras ("NAME=value" adds or
 * replaces; "NAME=" removes). stdin is /dev/null. */
static run_result run(const char *const *args, const char *const *extra)
{
    const char *bin = getenv("DDORGS_BIN");
    ck_assert_msg(bin != NULL, "DDORGS_BIN is not set");
    char *env[40];
    size_t k = 0;
    char path[1200], h[300];
    snprintf(path, sizeof(path), "PATH=%s", getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
    snprintf(h, sizeof(h), "HOME=%s", home);
    const char *base[] = {path, h, "TERM=xterm", "LANG=C.UTF-8", "DD_API_KEY=" MOCK_API_KEY,
                          "DD_APP_KEY=" MOCK_APP_KEY};
    for (size_t i = 0; i < sizeof(base) / sizeof(base[0]); i++) {
        bool replaced = false;
        for (size_t e = 0; extra && extra[e]; e++)
            replaced = replaced || strncmp(extra[e], base[i], strcspn(base[i], "=") + 1) == 0;
        if (!replaced)
            env[k++] = (char *)base[i];
    }
    for (size_t e = 0; extra && extra[e]; e++)
        if (strchr(extra[e], '=')[1] != '\0')
            env[k++] = (char *)extra[e];
    env[k] = NULL;
    const char *argv[20] = {"ddorgs"};
    size_t n = 1;
    for (size_t i = 0; args[i] && n < 19; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    int outp[2], errp[2];
    ck_assert_int_eq(pipe(outp), 0);
    ck_assert_int_eq(pipe(errp), 0);
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
    close(outp[1]);
    close(errp[1]);
    run_result r = {0, calloc(1, 1), calloc(1, 1)};
    size_t olen = 0, elen = 0;
    struct pollfd pf[2] = {{outp[0], POLLIN, 0}, {errp[0], POLLIN, 0}};
    while (pf[0].fd >= 0 || pf[1].fd >= 0) {
        if (poll(pf, 2, 60000) <= 0)
            break;
        for (int i = 0; i < 2; i++) {
            if (pf[i].fd < 0 || !pf[i].revents)
                continue;
            char buf[8192];
            ssize_t got = read(pf[i].fd, buf, sizeof(buf));
            if (got > 0) {
                append(i ? &r.err : &r.out, i ? &elen : &olen, buf, (size_t)got);
            } else if (got == 0 || errno != EINTR) {
                close(pf[i].fd);
                pf[i].fd = -1;
            }
        }
    }
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(WIFEXITED(status), "ddorgs died: %s", r.err);
    r.code = WEXITSTATUS(status);
    const char *keys[] = {MOCK_API_KEY, MOCK_APP_KEY};
    for (size_t i = 0; i < 2; i++) {
        assert_no_key(r.out, keys[i]);
        assert_no_key(r.err, keys[i]);
    }
    return r;
}

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* The line of check, as printed ("ok    keys ..."), into buf; fails the
 * test when there is none. */
static const char *line_of(const run_result *r, const char *check, char *buf, size_t n)
{
    char needle[64];
    for (const char *p = r->out; p && *p;) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        snprintf(needle, sizeof(needle), " %-12s ", check);
        const char *at = strstr(p, needle);
        if (at && at < p + len && at - p <= 5) {
            snprintf(buf, n, "%.*s", (int)len, p);
            return buf;
        }
        p = end ? end + 1 : NULL;
    }
    ck_abort_msg("no line for '%s' in:\n%s", check, r->out);
    return NULL;
}

/* Asserts that check's line has status st and holds each needle. */
static void expect(const run_result *r, const char *st, const char *check, const char *a,
                   const char *b)
{
    char l[4096];
    line_of(r, check, l, sizeof(l));
    ck_assert_msg(strncmp(l, st, strlen(st)) == 0 && l[strlen(st)] == ' ',
                  "'%s' is not %s: %s", check, st, l);
    ck_assert_msg(!a || strstr(l, a), "'%s' lacks '%s': %s", check, a, l);
    ck_assert_msg(!b || strstr(l, b), "'%s' lacks '%s': %s", check, b, l);
}

static void start_mock(const char *const *extra)
{
    ck_assert_int_eq(mock_start(&mock, extra), 0);
}

/* A port nothing listens on. */
static int dead_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    socklen_t len = sizeof(a);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    close(fd);
    return ntohs(a.sin_port);
}

static void write_config(const char *text, mode_t mode, char *path, size_t n)
{
    char dir[300];
    snprintf(dir, sizeof(dir), "%s/.config", home);
    mkdir(dir, 0700);
    snprintf(dir, sizeof(dir), "%s/.config/ddorgs", home);
    mkdir(dir, 0700);
    snprintf(path, n, "%s/config", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    ck_assert_int_eq(chmod(path, mode), 0);
}

START_TEST(good_keys_all_ok)
{
    start_mock(NULL);
    run_result r = run(ARGS("doctor", "--api-url", mock.url), NULL);
    ck_assert_msg(r.code == 0, "rc %d: %s%s", r.code, r.out, r.err);
    ck_assert_msg(!strstr(r.out, "\nfail "), "%s", r.out);
    ck_assert_msg(!strstr(r.out, "\nwarn "), "%s", r.out);
    expect(&r, "ok", "config file", "none at ", "/.config/ddorgs/config");
    expect(&r, "ok", "API URL", mock.url, "from --api-url");
    expect(&r, "ok", "API key", "\xe2\x80\xa6" "da2b (from DD_API_KEY)", NULL);
    expect(&r, "ok", "app key", "\xe2\x80\xa6" "cf74 (from DD_APP_KEY)", NULL);
    expect(&r, "ok", "proxy", "none: plain http to a loopback address", NULL);
    expect(&r, "ok", "DNS", "127.0.0.1 is an address", NULL);
    expect(&r, "ok", "TCP", "connected to 127.0.0.1 port", NULL);
    expect(&r, "ok", "TLS", "not used: plain http", NULL);
    expect(&r, "ok", "keys", "accepted: they belong to org ", NULL);
    expect(&r, "ok", "orgs list", "allowed: ", "org_management or org_connections_write");
    expect(&r, "ok", "connections", "listing allowed", "org_connections_read");
    expect(&r, "ok", "salesforce", "listing allowed: 6 Salesforce orgs", "integrations_read");
    expect(&r, "skip", "writes", "org_connections_write", NULL);
    expect(&r, "ok", "clock", "s from the server's", NULL);
    expect(&r, "ok", "terminal", "TERM=xterm: the console can drive it", NULL);
    expect(&r, "ok", "UTF-8", "LANG=C.UTF-8", NULL);
    ck_assert_ptr_nonnull(strstr(r.out, "0 warnings, 0 failures"));
    ck_assert_str_eq(r.err, "");
    result_free(&r);
    /* Three reads, each a GET: doctor never writes. */
    ck_assert_int_eq(mock_count_requests(&mock, "GET", "/api/v2/org"), 2);
    ck_assert_int_eq(mock_count_requests(&mock, "GET", "/api/v2/integration/"), 1);
    ck_assert_int_eq(mock_count_requests(&mock, "POST", "/"), 0);
    ck_assert_int_eq(mock_count_requests(&mock, "PATCH", "/"), 0);
    ck_assert_int_eq(mock_count_requests(&mock, "DELETE", "/"), 0);
}
END_TEST

/* Settings from a profile: where each came from, keys by their last 4
 * characters, a key command named, what it printed never shown. */
START_TEST(profile_settings_say_where_they_came_from)
{
    start_mock(NULL);
    char path[400], text[800];
    snprintf(text, sizeof(text),
             "[profile work]\nsite = datadoghq.eu\napi_key = %s\n"
             "app_key_command = printf '%%s\\n' %s\nread_only = true\n",
             MOCK_API_KEY, MOCK_APP_KEY);
    write_config(text, 0600, path, sizeof(path));
    run_result r = run(ARGS("doctor", "--profile", "work", "--api-url", mock.url),
                       ARGS("DD_API_KEY=", "DD_APP_KEY="));
    ck_assert_msg(r.code == 0, "rc %d: %s%s", r.code, r.out, r.err);
    char want[600];
    snprintf(want, sizeof(want), "%s: mode 0600, owned by you, 1 profile: work", path);
    expect(&r, "ok", "config file", want, NULL);
    expect(&r, "ok", "profile", "work (from --profile)", NULL);
    snprintf(want, sizeof(want), "datadoghq.eu (from %s:2; requests go to --api-url)", path);
    expect(&r, "ok", "site", want, NULL);
    snprintf(want, sizeof(want), "(from api_key of [profile work] in %s)", path);
    expect(&r, "ok", "API key", "\xe2\x80\xa6" "da2b ", want);
    snprintf(want, sizeof(want), "(printed by app_key_command at %s:4)", path);
    expect(&r, "ok", "app key", "\xe2\x80\xa6" "cf74 ", want);
    snprintf(want, sizeof(want), "on (from read_only of [profile work] in %s)", path);
    expect(&r, "ok", "read-only", want, NULL);
    expect(&r, "skip", "writes", "read-only is on", NULL);
    result_free(&r);
}
END_TEST

START_TEST(bad_keys_fail_with_the_fix)
{
    start_mock(NULL);
    run_result r = run(ARGS("doctor", "--api-url", mock.url),
                       ARGS("DD_API_KEY=wrong-api-key-zzzz-1234567890"));
    ck_assert_int_eq(r.code, 4);
    expect(&r, "ok", "TCP", NULL, NULL);
    expect(&r, "fail", "keys", "refused: HTTP 401", "Fix: check DD_API_KEY and DD_APP_KEY");
    expect(&r, "ok", "API key", "\xe2\x80\xa6" "7890 (from DD_API_KEY)", NULL);
    assert_no_key(r.out, "wrong-api-key-zzzz-1234567890");
    ck_assert_ptr_nonnull(strstr(r.out, "1 failure"));
    ck_assert_ptr_nonnull(strstr(r.out, "exit status 4"));
    result_free(&r);
}
END_TEST

START_TEST(dead_port_fails_at_tcp_with_the_fix)
{
    char url[64];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d", dead_port());
    run_result r = run(ARGS("doctor", "--api-url", url), NULL);
    ck_assert_int_eq(r.code, 8);
    expect(&r, "ok", "DNS", "127.0.0.1 is an address", NULL);
    expect(&r, "fail", "TCP", "Connection refused", "Fix: start the server that should listen "
                                                    "there, or correct the port in --api-url");
    expect(&r, "skip", "keys", "the server cannot be reached", NULL);
    expect(&r, "skip", "clock", "no answer", NULL);
    result_free(&r);
}
END_TEST

/* RFC 6761: a name under .invalid never resolves. */
START_TEST(unknown_host_fails_at_dns_with_the_fix)
{
    run_result r = run(ARGS("doctor", "--api-url", "https://api.ddorgs-doctor.invalid"), NULL);
    ck_assert_int_eq(r.code, 8);
    expect(&r, "fail", "DNS", "cannot resolve api.ddorgs-doctor.invalid",
           "Fix: check the site (datadoghq.com) or --api-url for a typo");
    expect(&r, "skip", "TCP", "the name lookup failed", NULL);
    expect(&r, "skip", "TLS", NULL, NULL);
    result_free(&r);
}
END_TEST

/* The proxy is named without its password, and a dead one is the fault. */
START_TEST(dead_proxy_is_named_without_its_password)
{
    char proxy[128];
    int port = dead_port();
    snprintf(proxy, sizeof(proxy), "HTTPS_PROXY=http://alice:pa55w0rd-xyz@127.0.0.1:%d", port);
    run_result r = run(ARGS("doctor", "--site", "datadoghq.eu"), ARGS(proxy));
    ck_assert_int_eq(r.code, 8);
    char want[128];
    snprintf(want, sizeof(want), "http://127.0.0.1:%d (from HTTPS_PROXY)", port);
    expect(&r, "fail", "proxy", want, "Fix: correct HTTPS_PROXY");
    ck_assert_ptr_null(strstr(r.out, "pa55w0rd"));
    ck_assert_ptr_null(strstr(r.out, "alice"));
    expect(&r, "skip", "DNS", "the proxy failed", NULL);
    result_free(&r);
    /* Excluded by NO_PROXY, it is not used (and the name is then looked up here). */
    r = run(ARGS("doctor", "--api-url", "https://api.ddorgs-doctor.invalid"),
            ARGS(proxy, "NO_PROXY=.invalid"));
    expect(&r, "ok", "proxy", "none: NO_PROXY names api.ddorgs-doctor.invalid",
           "(HTTPS_PROXY is set)");
    expect(&r, "fail", "DNS", NULL, NULL);
    result_free(&r);
}
END_TEST

START_TEST(bad_config_names_the_file_and_the_chmod)
{
    start_mock(NULL);
    char path[400];
    write_config("[profile x]\nsite = datadoghq.eu\n", 0644, path, sizeof(path));
    run_result r = run(ARGS("doctor", "--api-url", mock.url), NULL);
    ck_assert_int_eq(r.code, 3);
    char want[900];
    snprintf(want, sizeof(want), "%s is readable by its group and others (mode 0644); run: "
                                 "chmod 600 %s", path, path);
    expect(&r, "fail", "config file", want, NULL);
    /* Nothing else can be resolved without the file: the rest is skipped. */
    expect(&r, "skip", "settings", "the config file is refused (see above)", NULL);
    expect(&r, "skip", "network", "no API URL", NULL);
    expect(&r, "skip", "keys", NULL, NULL);
    ck_assert_ptr_nonnull(strstr(r.out, "1 failure,"));
    result_free(&r);
    ck_assert_int_eq(mock_count_requests(&mock, "GET", "/"), 0);

    /* A line that does not parse is named by its line. */
    write_config("[profile x]\nsite = datadoghq.eu\nbogus = 1\n", 0600, path, sizeof(path));
    r = run(ARGS("doctor", "--api-url", mock.url), NULL);
    ck_assert_int_eq(r.code, 3);
    snprintf(want, sizeof(want), "%s:3: unknown key 'bogus'", path);
    expect(&r, "fail", "config file", want, NULL);
    result_free(&r);
}
END_TEST

/* Settings that fail (an unknown profile) still let the network be
 * checked when what is left resolves. */
START_TEST(missing_keys_fail_and_the_network_is_still_checked)
{
    start_mock(NULL);
    run_result r = run(ARGS("doctor", "--api-url", mock.url), ARGS("DD_APP_KEY="));
    ck_assert_int_eq(r.code, 3);
    expect(&r, "fail", "settings", "missing an application key", "export DD_APP_KEY");
    expect(&r, "ok", "API key", "(from DD_API_KEY)", NULL);
    expect(&r, "skip", "app key", "none", NULL);
    expect(&r, "ok", "TCP", NULL, NULL);
    expect(&r, "skip", "keys", "the keys are missing", NULL);
    expect(&r, "ok", "clock", NULL, NULL);
    result_free(&r);
}
END_TEST

START_TEST(forbidden_managed_orgs_is_a_warning_naming_the_permission)
{
    start_mock(ARGS("--fault", "list_orgs:status=403"));
    run_result r = run(ARGS("doctor", "--api-url", mock.url), NULL);
    ck_assert_msg(r.code == 0, "rc %d: %s", r.code, r.out);
    expect(&r, "ok", "keys", "accepted (the connections list answered)", NULL);
    expect(&r, "warn", "orgs list", "refused (HTTP 403)",
           "need org_management or org_connections_write. Fix: give the application key's "
           "user (or its scopes) org_management or org_connections_write");
    expect(&r, "ok", "connections", NULL, NULL);
    ck_assert_ptr_nonnull(strstr(r.out, "1 warning, 0 failures"));
    result_free(&r);
}
END_TEST

START_TEST(forbidden_listing_fails_naming_the_permission)
{
    start_mock(ARGS("--fault", "list_connections:status=403"));
    run_result r = run(ARGS("doctor", "--api-url", mock.url), NULL);
    ck_assert_int_eq(r.code, 4);
    expect(&r, "ok", "keys", "accepted: they belong to org", NULL);
    expect(&r, "fail", "connections", "refused (HTTP 403)",
           "need org_connections_read. Fix: give the application key's user (or its scopes) "
           "org_connections_read");
    result_free(&r);
}
END_TEST

START_TEST(clock_skew_is_a_warning)
{
    start_mock(ARGS("--now", "2020-01-01T00:00:00Z"));
    run_result r = run(ARGS("doctor", "--api-url", mock.url), NULL);
    ck_assert_msg(r.code == 0, "rc %d: %s", r.code, r.out);
    expect(&r, "warn", "clock", "ahead of the server's (its Date header says 2020-01-01 00:00:00 "
                                "UTC)", "Fix: synchronise the clock");
    expect(&r, "ok", "keys", NULL, NULL);
    result_free(&r);
}
END_TEST

START_TEST(demo_runs_every_check)
{
    run_result r = run(ARGS("doctor", "--demo"), ARGS("DD_API_KEY=", "DD_APP_KEY="));
    ck_assert_msg(r.code == 0, "rc %d: %s%s", r.code, r.out, r.err);
    expect(&r, "skip", "config file", "not read: --demo", NULL);
    expect(&r, "ok", "API key", "the demo server's", NULL);
    expect(&r, "ok", "API URL", "http://127.0.0.1:", NULL);
    expect(&r, "ok", "keys", "accepted", NULL);
    expect(&r, "ok", "connections", NULL, NULL);
    expect(&r, "ok", "clock", NULL, NULL);
    ck_assert_ptr_nonnull(strstr(r.out, "0 failures"));
    result_free(&r);
}
END_TEST

START_TEST(terminal_problems_are_warnings_with_the_fix)
{
    start_mock(NULL);
    run_result r = run(ARGS("doctor", "--api-url", mock.url),
                       ARGS("TERM=dumb", "LANG=C", "NO_COLOR=1"));
    ck_assert_msg(r.code == 0, "rc %d: %s", r.code, r.out);
    expect(&r, "warn", "terminal", "TERM=dumb", "Set TERM to the terminal's type");
    expect(&r, "ok", "colours", "off: NO_COLOR is set", NULL);
    expect(&r, "warn", "UTF-8", "is ANSI_X3.4-1968 (LANG=C)", "Fix: use a UTF-8 locale");
    expect(&r, "skip", "size", "no terminal", NULL);
    result_free(&r);
}
END_TEST

/* What the server sends (an org's name) cannot act on the terminal. */
START_TEST(server_text_is_cleaned)
{
    start_mock(NULL);
    ck_assert_int_eq(mock_load_state(&mock,
        "{\"self_org_id\":\"11111111-1111-4111-8111-111111111111\","
        "\"self_user\":{\"id\":\"u1\",\"name\":\"Una\"},"
        "\"orgs\":[{\"id\":\"11111111-1111-4111-8111-111111111111\","
        "\"name\":\"Evil\\u001b]0;owned\\u0007\\u001b[2JOrg\","
        "\"created_at\":\"2020-01-01T00:00:00+00:00\"},"
        "{\"id\":\"22222222-2222-4222-8222-222222222222\",\"name\":\"Beta\","
        "\"created_at\":\"2020-01-01T00:00:00+00:00\"}],"
        "\"users\":[{\"id\":\"u1\",\"name\":\"Una\"}],\"connections\":[],"
        "\"salesforce_orgs\":[]}"), 0);
    run_result r = run(ARGS("doctor", "--api-url", mock.url), NULL);
    ck_assert_msg(r.code == 0, "rc %d: %s", r.code, r.out);
    expect(&r, "ok", "keys", "accepted: they belong to org Evil", "Org (11111111-");
    ck_assert_ptr_null(strchr(r.out, '\x1b'));
    ck_assert_ptr_null(strchr(r.out, '\a'));
    result_free(&r);
}
END_TEST

START_TEST(usage_errors)
{
    run_result r = run(ARGS("doctor", "--dry-run"), NULL);
    ck_assert_int_eq(r.code, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "--dry-run does not apply to 'doctor'"));
    result_free(&r);
    r = run(ARGS("doctor", "now"), NULL);
    ck_assert_int_eq(r.code, 2);
    ck_assert_ptr_nonnull(strstr(r.err, "unexpected argument 'now' after 'doctor'"));
    result_free(&r);
    r = run(ARGS("doctor", "--demo", "--site", "datadoghq.eu"), NULL);
    ck_assert_int_eq(r.code, 2);
    result_free(&r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("doctor");
    TCase *tc = tcase_create("binary");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, good_keys_all_ok);
    tcase_add_test(tc, profile_settings_say_where_they_came_from);
    tcase_add_test(tc, bad_keys_fail_with_the_fix);
    tcase_add_test(tc, dead_port_fails_at_tcp_with_the_fix);
    tcase_add_test(tc, unknown_host_fails_at_dns_with_the_fix);
    tcase_add_test(tc, dead_proxy_is_named_without_its_password);
    tcase_add_test(tc, bad_config_names_the_file_and_the_chmod);
    tcase_add_test(tc, missing_keys_fail_and_the_network_is_still_checked);
    tcase_add_test(tc, forbidden_managed_orgs_is_a_warning_naming_the_permission);
    tcase_add_test(tc, forbidden_listing_fails_naming_the_permission);
    tcase_add_test(tc, clock_skew_is_a_warning);
    tcase_add_test(tc, demo_runs_every_check);
    tcase_add_test(tc, terminal_problems_are_warnings_with_the_fix);
    tcase_add_test(tc, server_text_is_cleaned);
    tcase_add_test(tc, usage_errors);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
