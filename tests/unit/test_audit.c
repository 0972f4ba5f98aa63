/* The audit log: permissions, record shape, no key material, tail reading,
 * appends from several threads. */
#include <check.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "audit.h"
#include "secrets.h"
#include "suite_main.h"

static char tmpdir[256];

static void setup(void)
{
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/ddorgs-audit-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}

static void path_in(char *buf, size_t n, const char *rel)
{
    snprintf(buf, n, "%s/%s", tmpdir, rel);
}

/* Whole file as a malloc'd string. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    ck_assert_int_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Parses every line of the file; fails the test on a line that is not JSON. */
static size_t parse_lines(const char *path, cJSON **lines, size_t max)
{
    char *text = slurp(path);
    size_t count = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        cJSON *o = cJSON_Parse(line);
        ck_assert_msg(cJSON_IsObject(o), "not a JSON object: %s", line);
        if (count < max)
            lines[count] = o;
        else
            cJSON_Delete(o);
        count++;
    }
    free(text);
    return count;
}

static const char *str_field(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

START_TEST(creates_private_dirs_and_file)
{
    mode_t old = umask(0);
    char path[300], dir1[300], dir2[300];
    path_in(path, sizeof(path), "state/ddorgs/audit.log");
    path_in(dir1, sizeof(dir1), "state");
    path_in(dir2, sizeof(dir2), "state/ddorgs");
    dd_error err;
    dd_error_init(&err);
    dd_audit *a = dd_audit_open(path, &err);
    umask(old);
    ck_assert_msg(a != NULL, "%s", err.text);
    struct stat st;
    ck_assert_int_eq(stat(dir1, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0700);
    ck_assert_int_eq(stat(dir2, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0700);
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);
    dd_audit_close(a);
}
END_TEST

START_TEST(repairs_wide_permissions)
{
    char path[300];
    path_in(path, sizeof(path), "audit.log");
    int fd = open(path, O_WRONLY | O_CREAT, 0644);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(fchmod(fd, 0644), 0);
    close(fd);
    dd_error err;
    dd_error_init(&err);
    dd_audit *a = dd_audit_open(path, &err);
    ck_assert_msg(a != NULL, "%s", err.text);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);
    dd_audit_close(a);
}
END_TEST

START_TEST(refuses_symlink)
{
    char path[300], target[300];
    path_in(path, sizeof(path), "audit.log");
    path_in(target, sizeof(target), "elsewhere");
    ck_assert_int_eq(symlink(target, path), 0);
    dd_error err;
    dd_error_init(&err);
    dd_audit *a = dd_audit_open(path, &err);
    ck_assert_ptr_null(a);
    ck_assert_int_eq(err.code, DD_E_IO);
    ck_assert_int_eq(access(target, F_OK), -1);
    char want[1500];
    snprintf(want, sizeof(want),
             "audit log %s is a symbolic link; ddorgs writes only to a regular file there: "
             "replace the link with the file (run: cp --remove-destination \"$(readlink -f %s)\" "
             "%s)",
             path, path, path);
    ck_assert_str_eq(err.text, want);
}
END_TEST

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* dd_audit_open must refuse path with exactly want, and create nothing. */
static void open_refused(const char *path, const char *want)
{
    dd_error err;
    dd_error_init(&err);
    dd_audit *a = dd_audit_open(path, &err);
    ck_assert_ptr_null(a);
    ck_assert_int_eq(err.code, DD_E_IO);
    ck_assert_str_eq(err.text, want);
}

/* A FIFO at the log's place used to block the open for ever (no reader):
 * refused at once, for writing and for reading the recent records. */
START_TEST(refuses_fifo_promptly)
{
    char path[300], want[1200];
    path_in(path, sizeof(path), "audit.log");
    ck_assert_int_eq(mkfifo(path, 0600), 0);
    double t0 = now_s();
    snprintf(want, sizeof(want),
             "audit log %s is a named pipe (FIFO), not a regular file; move it away (run: mv %s "
             "%s.old) and ddorgs starts a new log there",
             path, path, path);
    open_refused(path, want);
    dd_audit_entry *e = NULL;
    size_t n = 0;
    dd_error err;
    dd_error_init(&err);
    ck_assert_int_eq(dd_audit_read_recent(path, 5, &e, &n, &err), DD_E_IO);
    ck_assert_str_eq(err.text, want);
    ck_assert_ptr_null(e);
    ck_assert_msg(now_s() - t0 < 2.0, "took %.1f s", now_s() - t0);
}
END_TEST

START_TEST(refuses_directory)
{
    char path[300], want[1200];
    path_in(path, sizeof(path), "audit.log");
    ck_assert_int_eq(mkdir(path, 0700), 0);
    snprintf(want, sizeof(want),
             "audit log %s is a directory, not a regular file; move it away (run: mv %s %s.old) "
             "and ddorgs starts a new log there",
             path, path, path);
    open_refused(path, want);
}
END_TEST

/* CI runs as root: "owned by the user or root" refuses uid 65534's log. */
START_TEST(refuses_log_of_another_user)
{
    char path[300], want[1200];
    path_in(path, sizeof(path), "audit.log");
    int fd = open(path, O_WRONLY | O_CREAT, 0600);
    ck_assert_int_ge(fd, 0);
    close(fd);
    if (chown(path, 65534, (gid_t)-1) != 0) {
        ck_assert_int_ne(geteuid(), 0);
        return;
    }
    snprintf(want, sizeof(want),
             "audit log %s is owned by uid 65534, not by you (root); run: chown root %s", path,
             path);
    open_refused(path, want);
}
END_TEST

/* A log others may write may have been altered: refused, not repaired
 * (a log others may only read is narrowed to 0600, as before). */
START_TEST(refuses_log_others_can_write)
{
    char path[300], want[1200];
    path_in(path, sizeof(path), "audit.log");
    int fd = open(path, O_WRONLY | O_CREAT, 0600);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(fchmod(fd, 0660), 0);
    close(fd);
    snprintf(want, sizeof(want),
             "audit log %s is writable by its group (mode 0660); run: chmod 600 %s", path, path);
    open_refused(path, want);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0660);
}
END_TEST

/* Whoever may write the log's directory may replace the log. An existing
 * directory is checked, not re-created. */
START_TEST(refuses_directory_others_can_write)
{
    char dir[300], path[320], want[1500];
    path_in(dir, sizeof(dir), "state");
    ck_assert_int_eq(mkdir(dir, 0700), 0);
    ck_assert_int_eq(chmod(dir, 0770), 0);
    snprintf(path, sizeof(path), "%s/audit.log", dir);
    snprintf(want, sizeof(want),
             "directory %s of audit log %s is writable by its group (mode 0770), which could "
             "replace the file; run: chmod go-w %s",
             dir, path, dir);
    open_refused(path, want);
    ck_assert_int_eq(access(path, F_OK), -1);
    /* With the sticky bit others cannot replace what they do not own. */
    ck_assert_int_eq(chmod(dir, 01777), 0);
    dd_error err;
    dd_error_init(&err);
    dd_audit *a = dd_audit_open(path, &err);
    ck_assert_msg(a != NULL, "%s", err.text);
    dd_audit_close(a);
    if (chown(dir, 65534, (gid_t)-1) == 0) {
        ck_assert_int_eq(chmod(dir, 0700), 0);
        snprintf(want, sizeof(want),
                 "directory %s of audit log %s is owned by uid 65534, not by you (root), and "
                 "that user could replace the file; run: chown root %s",
                 dir, path, dir);
        open_refused(path, want);
    }
}
END_TEST

START_TEST(intent_and_outcome_records)
{
    char path[300];
    path_in(path, sizeof(path), "audit.log");
    dd_error err;
    dd_error_init(&err);
    dd_audit *a = dd_audit_open(path, &err);
    ck_assert_ptr_nonnull(a);
    const char *conn = "connection=0b3c1b5e-8f0e-4c84-9d6e-1a2b3c4d5e6f";
    uint64_t id = dd_audit_intent(a, "prod", "datadoghq.com", "connections.update", conn,
                                  "types=logs,metrics", &err);
    ck_assert_uint_gt(id, 0);
    ck_assert_int_eq(dd_audit_outcome(a, id, "prod", "datadoghq.com", "connections.update", conn,
                                      200, NULL, &err), DD_OK);
    uint64_t id2 = dd_audit_intent(a, NULL, "datadoghq.eu", "org.disable", NULL, NULL, &err);
    ck_assert_uint_gt(id2, 0);
    ck_assert_uint_ne(id, id2);
    ck_assert_int_eq(dd_audit_outcome(a, id2, NULL, "datadoghq.eu", "org.disable", NULL, 403,
                                      "HTTP 403 Forbidden: org too old", &err), DD_OK);
    dd_audit_close(a);

    cJSON *lines[4];
    ck_assert_uint_eq(parse_lines(path, lines, 4), 4);
    ck_assert_str_eq(str_field(lines[0], "phase"), "intent");
    ck_assert_str_eq(str_field(lines[0], "op"), "connections.update");
    ck_assert_str_eq(str_field(lines[0], "target"), conn);
    ck_assert_str_eq(str_field(lines[0], "detail"), "types=logs,metrics");
    ck_assert_str_eq(str_field(lines[0], "profile"), "prod");
    ck_assert_str_eq(str_field(lines[0], "site"), "datadoghq.com");
    const char *iso = str_field(lines[0], "time");
    ck_assert_ptr_nonnull(iso);
    ck_assert_uint_eq(strlen(iso), 20);
    ck_assert_int_eq(iso[10], 'T');
    ck_assert_int_eq(iso[19], 'Z');
    ck_assert(cJSON_IsNumber(cJSON_GetObjectItem(lines[0], "unix")));
    ck_assert(cJSON_GetObjectItem(lines[0], "status") == NULL);
    ck_assert_uint_eq((uint64_t)cJSON_GetObjectItem(lines[0], "id")->valuedouble, id);

    ck_assert_str_eq(str_field(lines[1], "phase"), "outcome");
    ck_assert_uint_eq((uint64_t)cJSON_GetObjectItem(lines[1], "id")->valuedouble, id);
    ck_assert_int_eq((long)cJSON_GetObjectItem(lines[1], "status")->valuedouble, 200);
    ck_assert(cJSON_IsNull(cJSON_GetObjectItem(lines[1], "error")));

    ck_assert(cJSON_IsNull(cJSON_GetObjectItem(lines[2], "profile")));
    ck_assert(cJSON_IsNull(cJSON_GetObjectItem(lines[2], "target")));
    ck_assert_str_eq(str_field(lines[3], "error"), "HTTP 403 Forbidden: org too old");
    ck_assert_int_eq((long)cJSON_GetObjectItem(lines[3], "status")->valuedouble, 403);
    for (int i = 0; i < 4; i++)
        cJSON_Delete(lines[i]);
}
END_TEST

START_TEST(key_material_never_written)
{
    char path[300];
    path_in(path, sizeof(path), "audit.log");
    dd_error err;
    dd_error_init(&err);
    dd_audit *a = dd_audit_open(path, &err);
    ck_assert_ptr_nonnull(a);
    const char *api_key = "0123456789abcdef0123456789abcdef";
    const char *app_key = "fedcba9876543210fedcba9876543210fedcba98";
    /* The keys the process loaded (secrets.h): the audit log goes through
     * the same redactor as every other output. */
    ck_assert_int_eq(dd_secrets_add(api_key), 0);
    ck_assert_int_eq(dd_secrets_add(app_key), 0);
    char detail[200], error[200];
    snprintf(detail, sizeof(detail), "DD-API-KEY: %s", api_key);
    snprintf(error, sizeof(error), "echoed %s back", app_key);
    /* A target that repeats a piece of a key (an org name a server sent),
     * upper-cased. */
    uint64_t id = dd_audit_intent(a, "p", "s", "connections.create",
                                  "sink_org=0879ce27-29a1-481f-a12e-bc2a48ec9ae1 (org 89ABCDEF01)",
                                  detail, &err);
    ck_assert_uint_gt(id, 0);
    ck_assert_int_eq(dd_audit_outcome(a, id, "p", "s", "connections.create", "Org 210fedcb",
                                      500, error, &err), DD_OK);
    dd_audit_close(a);
    char *text = slurp(path);
    dd_secrets_clear();
    ck_assert_ptr_null(strstr(text, api_key));
    ck_assert_ptr_null(strstr(text, app_key));
    ck_assert_ptr_null(strstr(text, "0123456789abcdef"));
    ck_assert_ptr_null(strstr(text, "89ABCDEF"));
    ck_assert_ptr_null(strstr(text, "210fedcb"));
    ck_assert_ptr_nonnull(strstr(text, "(org <redacted>)"));
    ck_assert_ptr_nonnull(strstr(text, "\"target\":\"Org <redacted>\""));
    /* Uuids are not mistaken for keys. */
    ck_assert_ptr_nonnull(strstr(text, "0879ce27-29a1-481f-a12e-bc2a48ec9ae1"));
    free(text);
}
END_TEST

START_TEST(read_recent_skips_torn_and_garbage_lines)
{
    char path[300];
    path_in(path, sizeof(path), "audit.log");
    dd_error err;
    dd_error_init(&err);
    dd_audit *a = dd_audit_open(path, &err);
    ck_assert_ptr_nonnull(a);
    uint64_t id = dd_audit_intent(a, "p", "s", "connections.delete", "connection=a", NULL, &err);
    dd_audit_close(a);
    /* Garbage, then a record cut short by a crash (no newline). */
    FILE *f = fopen(path, "a");
    fputs("not json at all\n{\"phase\":\"intent\",\"op\":\"salesforce.del", f);
    fclose(f);
    a = dd_audit_open(path, &err);
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(dd_audit_outcome(a, id, "p", "s", "connections.delete", "connection=a",
                                      404, "HTTP 404 Not Found", &err), DD_OK);
    dd_audit_close(a);

    dd_audit_entry *e = NULL;
    size_t n = 0;
    ck_assert_int_eq(dd_audit_read_recent(path, 10, &e, &n, &err), DD_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(e[0].phase, "intent");
    ck_assert_str_eq(e[0].op, "connections.delete");
    ck_assert_str_eq(e[0].target, "connection=a");
    ck_assert_str_eq(e[0].result, "");
    ck_assert_str_eq(e[1].phase, "outcome");
    ck_assert_str_eq(e[1].result, "error: HTTP 404 Not Found");
    ck_assert_int_gt(e[1].time, 1600000000);
    free(e);
}
END_TEST

START_TEST(read_recent_returns_newest_last_from_a_long_log)
{
    char path[300];
    path_in(path, sizeof(path), "audit.log");
    dd_error err;
    dd_error_init(&err);
    /* Long enough that the first read window does not cover it all. The
     * bulk is written directly (an fsync per record would make the test
     * slow); the newest records go through the log itself. */
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    for (int i = 0; i < 1497; i++)
        fprintf(f, "{\"time\":\"2026-01-01T00:00:00Z\",\"unix\":1767225600,\"id\":1,"
                   "\"phase\":\"outcome\",\"op\":\"connections.delete\","
                   "\"target\":\"connection=%04d\",\"profile\":\"p\",\"site\":\"s\","
                   "\"status\":200,\"error\":null}\n", i);
    fclose(f);
    dd_audit *a = dd_audit_open(path, &err);
    ck_assert_ptr_nonnull(a);
    char target[64];
    for (int i = 1497; i < 1500; i++) {
        snprintf(target, sizeof(target), "connection=%04d", i);
        ck_assert_int_eq(dd_audit_outcome(a, 1, "p", "s", "connections.delete", target, 200,
                                          NULL, &err), DD_OK);
    }
    dd_audit_close(a);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_gt(st.st_size, 64 * 1024 + 300 * 512);

    dd_audit_entry *e = NULL;
    size_t n = 0;
    ck_assert_int_eq(dd_audit_read_recent(path, 3, &e, &n, &err), DD_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(e[0].target, "connection=1497");
    ck_assert_str_eq(e[2].target, "connection=1499");
    ck_assert_str_eq(e[2].result, "200");
    free(e);
    /* Asking for more than a window holds still returns them in order. */
    ck_assert_int_eq(dd_audit_read_recent(path, 1400, &e, &n, &err), DD_OK);
    ck_assert_uint_eq(n, 1400);
    ck_assert_str_eq(e[0].target, "connection=0100");
    ck_assert_str_eq(e[1399].target, "connection=1499");
    free(e);
    ck_assert_int_eq(dd_audit_read_recent(path, 5000, &e, &n, &err), DD_OK);
    ck_assert_uint_eq(n, 1500);
    ck_assert_str_eq(e[0].target, "connection=0000");
    free(e);
}
END_TEST

START_TEST(read_recent_of_missing_file_is_empty)
{
    char path[300];
    path_in(path, sizeof(path), "nope.log");
    dd_error err;
    dd_error_init(&err);
    dd_audit_entry *e = (dd_audit_entry *)1;
    size_t n = 99;
    ck_assert_int_eq(dd_audit_read_recent(path, 5, &e, &n, &err), DD_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(e);
}
END_TEST

#define PER_THREAD 100

struct writer_arg {
    dd_audit *a;
    int ok;
};

static void *writer(void *p)
{
    struct writer_arg *w = p;
    dd_error err;
    dd_error_init(&err);
    for (int i = 0; i < PER_THREAD; i++) {
        uint64_t id = dd_audit_intent(w->a, "p", "s", "connections.create", "sink_org=x",
                                      "types=logs", &err);
        if (id && dd_audit_outcome(w->a, id, "p", "s", "connections.create", "sink_org=x", 200,
                                   NULL, &err) == DD_OK)
            w->ok++;
    }
    return NULL;
}

START_TEST(appends_from_two_threads_stay_whole)
{
    char path[300];
    path_in(path, sizeof(path), "audit.log");
    dd_error err;
    dd_error_init(&err);
    dd_audit *a = dd_audit_open(path, &err);
    ck_assert_ptr_nonnull(a);
    struct writer_arg w1 = { a, 0 }, w2 = { a, 0 };
    pthread_t t1, t2;
    ck_assert_int_eq(pthread_create(&t1, NULL, writer, &w1), 0);
    ck_assert_int_eq(pthread_create(&t2, NULL, writer, &w2), 0);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    dd_audit_close(a);
    ck_assert_int_eq(w1.ok + w2.ok, 2 * PER_THREAD);
    /* Every line parses (parse_lines fails otherwise) and intents carry
     * distinct ids. */
    static cJSON *lines[4 * PER_THREAD];
    ck_assert_uint_eq(parse_lines(path, lines, 4 * PER_THREAD), 4 * PER_THREAD);
    size_t intents = 0;
    static double ids[2 * PER_THREAD];
    for (size_t i = 0; i < 4 * PER_THREAD; i++) {
        if (strcmp(str_field(lines[i], "phase"), "intent") == 0) {
            double id = cJSON_GetObjectItem(lines[i], "id")->valuedouble;
            for (size_t j = 0; j < intents; j++)
                ck_assert_msg(ids[j] != id, "duplicate id");
            ids[intents++] = id;
        }
        cJSON_Delete(lines[i]);
    }
    ck_assert_uint_eq(intents, 2 * PER_THREAD);
}
END_TEST

static Suite *audit_suite(void)
{
    Suite *s = suite_create("audit");
    TCase *tc = tcase_create("log");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, creates_private_dirs_and_file);
    tcase_add_test(tc, repairs_wide_permissions);
    tcase_add_test(tc, refuses_symlink);
    tcase_add_test(tc, intent_and_outcome_records);
    tcase_add_test(tc, key_material_never_written);
    tcase_add_test(tc, read_recent_skips_torn_and_garbage_lines);
    tcase_add_test(tc, read_recent_returns_newest_last_from_a_long_log);
    tcase_add_test(tc, read_recent_of_missing_file_is_empty);
    tcase_add_test(tc, appends_from_two_threads_stay_whole);
    suite_add_tcase(s, tc);

    /* A hang (a FIFO used to block the open) ends the test early. */
    tc = tcase_create("file checks");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, refuses_fifo_promptly);
    tcase_add_test(tc, refuses_directory);
    tcase_add_test(tc, refuses_log_of_another_user);
    tcase_add_test(tc, refuses_log_others_can_write);
    tcase_add_test(tc, refuses_directory_others_can_write);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return dd_run_suite(audit_suite());
}
