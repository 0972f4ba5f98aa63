/* Keys from a command: fake helpers (small shell scripts written here) for
 * success, the first of several lines, empty output, a non-zero exit whose
 * stderr reaches ours while its stdout never shows, a timeout that kills
 * the helper's whole process group without spinning, a helper that leaves
 * a process holding its stdout, bad characters, the child's signals,
 * descriptors and environment, and the terminal: stdin is the terminal
 * (and the helper its foreground) when ddorgs has one, nothing of it in
 * the console's mode. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "keycmd.h"
#include "suite_main.h"

static char tmpdir[256];

static void setup(void)
{
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/ddorgs-keycmd-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    unsetenv("DD_API_KEY");
    unsetenv("DD_APP_KEY");
}

static void teardown(void)
{
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
}

static void path_in(char *buf, size_t n, const char *leaf)
{
    snprintf(buf, n, "%s/%s", tmpdir, leaf);
}

/* Writes an executable helper script; its path is the command. */
static const char *helper(const char *name, const char *body)
{
    static char path[320];
    path_in(path, sizeof(path), name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "#!/bin/sh\n%s\n", body);
    fclose(f);
    ck_assert_int_eq(chmod(path, 0700), 0);
    return path;
}

/* Whole file as a malloc'd string, "" when missing. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return strdup("");
    char *buf = calloc(1, 65536);
    size_t n = fread(buf, 1, 65535, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct run_opts {
    int timeout_ms;
    bool no_terminal;
    bool without_pidfd;
} run_opts;

static dd_status run_with(const char *cmd, run_opts o, char **key, dd_error *e)
{
    dd_keycmd k = {.command = cmd, .profile = "prod", .setting = "api_key_command",
                   .where = "/cfg/ddorgs/config:4", .env_name = "DD_API_KEY",
                   .timeout_ms = o.timeout_ms, .no_terminal = o.no_terminal,
                   .without_pidfd = o.without_pidfd};
    dd_error_init(e);
    return dd_keycmd_run(&k, key, e);
}

static dd_status run(const char *cmd, char **key, dd_error *e)
{
    return run_with(cmd, (run_opts){0}, key, e);
}

/* Runs cmd with our stderr sent to a file; returns what reached it. */
static char *run_capturing_stderr(const char *cmd, run_opts o, dd_status *st, char **key,
                                  dd_error *e)
{
    char path[320];
    path_in(path, sizeof(path), "stderr.txt");
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    ck_assert_int_ge(fd, 0);
    dup2(fd, STDERR_FILENO);
    close(fd);
    *st = run_with(cmd, o, key, e);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    return slurp(path);
}

static void refused(const char *cmd, const char *needle)
{
    char *key = (char *)1;
    dd_error e;
    ck_assert_int_eq(run(cmd, &key, &e), DD_E_CONFIG);
    ck_assert_ptr_null(key);
    ck_assert_msg(strstr(e.text, needle) != NULL, "'%s' lacks '%s'", e.text, needle);
    ck_assert_msg(strncmp(e.text, "profile prod: api_key_command (/cfg/ddorgs/config:4) ", 53) == 0,
                  "%s", e.text);
}

START_TEST(first_line_is_the_key)
{
    char *key = NULL;
    dd_error e;
    ck_assert_int_eq(run(helper("ok.sh", "echo key-from-helper-1234"), &key, &e), DD_OK);
    ck_assert_str_eq(key, "key-from-helper-1234");
    free(key);
    /* Several lines (pass prints the password then its notes): the first. */
    ck_assert_int_eq(run(helper("multi.sh", "printf 'first-line-key\\nsecond line, notes\\n"
                                            "url: https://example.com\\n'"), &key, &e), DD_OK);
    ck_assert_str_eq(key, "first-line-key");
    free(key);
    /* CRLF, and no newline at all. */
    ck_assert_int_eq(run("printf 'crlf-key\\r\\nmore\\r\\n'", &key, &e), DD_OK);
    ck_assert_str_eq(key, "crlf-key");
    free(key);
    ck_assert_int_eq(run("printf no-newline-key", &key, &e), DD_OK);
    ck_assert_str_eq(key, "no-newline-key");
    free(key);
    /* The command line is the shell's: pipes, quotes and variables work. */
    ck_assert_int_eq(run("X=piped; printf '%s-key\\n' \"$X\" | tr a-z A-Z", &key, &e), DD_OK);
    ck_assert_str_eq(key, "PIPED-KEY");
    free(key);
}
END_TEST

START_TEST(empty_output_refused)
{
    refused(helper("silent.sh", "exit 0"),
            "printed nothing; it must print the key on its first line; run it in a shell to see "
            "why, or set DD_API_KEY");
    refused("echo", "printed an empty first line");
    refused("printf '\\nkey-on-second-line\\n'", "printed an empty first line");
    refused("printf '\\r\\n'", "printed an empty first line");
}
END_TEST

/* A failing helper: its stderr reaches ours (it may explain or prompt),
 * its stdout never appears anywhere, not even in part. */
START_TEST(failure_passes_stderr_never_stdout)
{
    const char *cmd = helper("fail.sh", "echo STDOUT-SECRET-abcdef123456\n"
                                        "echo 'helper says: vault sealed' >&2\n"
                                        "exit 3");
    dd_status st;
    char *key = (char *)1;
    dd_error e;
    char *err_out = run_capturing_stderr(cmd, (run_opts){0}, &st, &key, &e);
    ck_assert_int_eq(st, DD_E_CONFIG);
    ck_assert_ptr_null(key);
    ck_assert_str_eq(e.text, "profile prod: api_key_command (/cfg/ddorgs/config:4) exited with "
                             "status 3 (its messages, if any, went to stderr); run it in a "
                             "shell to see why, or set DD_API_KEY");
    ck_assert_str_eq(err_out, "helper says: vault sealed\n");
    ck_assert_ptr_null(strstr(err_out, "STDOUT"));
    ck_assert_ptr_null(strstr(err_out, "abcdef12"));
    free(err_out);
}
END_TEST

START_TEST(exit_signal_and_missing_command_refused)
{
    refused(helper("exit1.sh", "echo key-but-failed; exit 1"), "exited with status 1");
    refused("echo half; kill -TERM $$", "was killed by signal 15 (SIGTERM)");
    /* A script's shell reports its command's signal as 128 + N. */
    refused(helper("killed.sh", "echo half; sh -c 'kill -INT $$'"),
            "exited with status 130 (a command it ran was killed by signal 2, SIGINT)");
    refused("/nonexistent/ddorgs-helper",
            "failed: the shell could not find the command (exit status 127)");
    char path[320];
    path_in(path, sizeof(path), "not-executable");
    FILE *f = fopen(path, "w");
    fputs("echo k\n", f);
    fclose(f);
    chmod(path, 0600);
    refused(path, "failed: the command cannot be run (exit status 126)");
}
END_TEST

/* Keys travel in header lines: a space, a control or a non-ASCII
 * character is refused, and the line is not shown. */
START_TEST(bad_characters_refused_unseen)
{
    const char *bad[] = {"echo 'key with-space-0000'", "printf 'tab\\tkey-0000\\n'",
                         "printf 'ctl\\001key-0000\\n'", "printf 'caf\\303\\251-key-0000\\n'",
                         "printf 'cr\\rkey-0000\\n'"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char *key = (char *)1;
        dd_error e;
        ck_assert_int_eq(run(bad[i], &key, &e), DD_E_CONFIG);
        ck_assert_ptr_null(key);
        ck_assert_msg(strstr(e.text, "printed a first line with a space, a control or a "
                                     "non-ASCII character, which a key cannot hold") != NULL,
                      "%s", e.text);
        ck_assert_ptr_null(strstr(e.text, "key-0000"));
    }
}
END_TEST

START_TEST(too_much_output_refused)
{
    refused("head -c 2000 /dev/zero | tr '\\0' a; echo",
            "printed a first line longer than 1024 characters; it must print only the key");
    double t0 = now_s();
    refused("yes abcdefgh", "printed more than 64 KiB, not a key");
    ck_assert_msg(now_s() - t0 < 3.0, "took %.1f s", now_s() - t0);
    refused("head -c 1025 /dev/zero | tr '\\0' a; printf '\\r\\n'",
            "printed a first line longer than 1024 characters");
    /* A long first line is fine up to the limit, with or without CR. */
    char *key = NULL;
    dd_error e;
    ck_assert_int_eq(run("head -c 1024 /dev/zero | tr '\\0' k; echo", &key, &e), DD_OK);
    ck_assert_uint_eq(strlen(key), 1024);
    free(key);
    ck_assert_int_eq(run("head -c 1024 /dev/zero | tr '\\0' k; printf '\\r\\n'", &key, &e),
                     DD_OK);
    ck_assert_uint_eq(strlen(key), 1024);
    free(key);
}
END_TEST

static void timeout_kills_group(bool without_pidfd)
{
    /* Orphans of the helper are ours to reap, so their end can be seen. */
    ck_assert_int_eq(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
    char pidfile[320], body[800];
    path_in(pidfile, sizeof(pidfile), "bg.pid");
    unlink(pidfile);
    snprintf(body, sizeof(body),
             "echo partial-key-5678\nsleep 30 &\necho $! > %s\nsleep 30\necho late-key", pidfile);
    const char *cmd = helper("slow.sh", body);
    struct rusage ru0, ru1;
    getrusage(RUSAGE_SELF, &ru0);
    double t0 = now_s();
    char *key = (char *)1;
    dd_error e;
    ck_assert_int_eq(run_with(cmd, (run_opts){.timeout_ms = 1000, .without_pidfd = without_pidfd},
                              &key, &e), DD_E_CONFIG);
    double took = now_s() - t0;
    getrusage(RUSAGE_SELF, &ru1);
    ck_assert_ptr_null(key);
    ck_assert_str_eq(e.text, "profile prod: api_key_command (/cfg/ddorgs/config:4) did not "
                             "finish within 1 s and was stopped (is it waiting for input?); run "
                             "it in a shell to see why, or set DD_API_KEY");
    ck_assert_ptr_null(strstr(e.text, "partial"));
    ck_assert_msg(took >= 0.95 && took < 3.0, "took %.2f s", took);
    /* The wait sleeps: the CPU spent is a small part of the second. */
    double cpu = (double)(ru1.ru_utime.tv_sec - ru0.ru_utime.tv_sec) +
                 (double)(ru1.ru_stime.tv_sec - ru0.ru_stime.tv_sec) +
                 (double)(ru1.ru_utime.tv_usec - ru0.ru_utime.tv_usec) / 1e6 +
                 (double)(ru1.ru_stime.tv_usec - ru0.ru_stime.tv_usec) / 1e6;
    ck_assert_msg(cpu < 0.3, "%.3f s of CPU in a %.2f s wait", cpu, took);
    /* The helper's background process went with it (the process group). */
    char *text = slurp(pidfile);
    pid_t bg = (pid_t)atoi(text);
    free(text);
    ck_assert_int_gt(bg, 0);
    /* It is gone at once (a sleep 30 otherwise): reaped by its own shell
     * when that was still waiting, else by us once the shell is gone. */
    bool gone = false;
    for (int i = 0; i < 200 && !gone; i++) {
        int status = 0;
        if (waitpid(bg, &status, WNOHANG) == bg) {
            ck_assert(WIFSIGNALED(status));
            ck_assert_int_eq(WTERMSIG(status), SIGKILL);
            gone = true;
        } else if (kill(bg, 0) != 0 && errno == ESRCH) {
            gone = true;
        } else {
            usleep(10000);
        }
    }
    ck_assert_msg(gone, "the helper's background process %d outlived it", (int)bg);
}

START_TEST(timeout_kills_the_process_group)
{
    timeout_kills_group(false);
}
END_TEST

START_TEST(timeout_without_pidfd)
{
    timeout_kills_group(true);
}
END_TEST

/* A helper that exits but leaves a process holding its stdout (a daemon it
 * started) is done when it exits, not when the pipe closes. */
static void exit_not_eof(bool without_pidfd)
{
    char pidfile[320], body[600];
    path_in(pidfile, sizeof(pidfile), "daemon.pid");
    snprintf(body, sizeof(body), "echo bg-key-0001\nsleep 30 &\necho $! > %s", pidfile);
    const char *cmd = helper("daemon.sh", body);
    double t0 = now_s();
    char *key = NULL;
    dd_error e;
    ck_assert_int_eq(run_with(cmd, (run_opts){.without_pidfd = without_pidfd}, &key, &e), DD_OK);
    ck_assert_msg(now_s() - t0 < 2.0, "took %.1f s", now_s() - t0);
    ck_assert_str_eq(key, "bg-key-0001");
    free(key);
    char *text = slurp(pidfile);
    pid_t bg = (pid_t)atoi(text);
    free(text);
    ck_assert_int_gt(bg, 0);
    kill(bg, SIGKILL);
}

START_TEST(exit_is_the_end_not_eof)
{
    exit_not_eof(false);
    exit_not_eof(true);
}
END_TEST

/* The helper starts clean whatever ddorgs's state: default signals (ddorgs
 * ignores SIGPIPE), none blocked, no descriptor of ddorgs but 0-2, no key
 * in its environment. */
START_TEST(child_starts_clean)
{
    signal(SIGPIPE, SIG_IGN);
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigaddset(&block, SIGINT);
    sigprocmask(SIG_BLOCK, &block, NULL);
    char marker[320], out[320], body[800];
    path_in(marker, sizeof(marker), "leak-marker");
    int leak = open(marker, O_RDONLY | O_CREAT, 0600); /* no O_CLOEXEC */
    ck_assert_int_ge(leak, 3);
    setenv("DD_APP_KEY", "app-key-in-env-0000", 1);
    setenv("DDORGS_TEST_VISIBLE", "yes", 1);
    /* exec: the shell (which blocks signals while it waits for a child of
     * its own) is replaced, so what is read is what the helper started with. */
    char *key = NULL;
    dd_error e;
    path_in(out, sizeof(out), "signals.txt");
    snprintf(body, sizeof(body), "exec grep -E '^Sig(Ign|Blk):' /proc/self/status > %s", out);
    ck_assert_int_eq(run(body, &key, &e), DD_E_CONFIG);
    char *text = slurp(out);
    unsigned long long blocked = ~0ULL, ignored = ~0ULL;
    ck_assert_msg(sscanf(text, "SigBlk:\t%llx\nSigIgn:\t%llx", &blocked, &ignored) == 2, "%s",
                  text);
    /* Signals 1-31; glibc keeps 32 and 33 to itself (sigaction refuses
     * them), and whatever started the tests may have them ignored. */
    ck_assert_msg((blocked & 0x7fffffffULL) == 0, "%s", text);
    ck_assert_msg((ignored & 0x7fffffffULL) == 0, "%s", text);
    free(text);
    path_in(out, sizeof(out), "fds.txt");
    snprintf(body, sizeof(body), "exec ls -l /proc/self/fd > %s", out);
    ck_assert_int_eq(run(body, &key, &e), DD_E_CONFIG);
    text = slurp(out);
    ck_assert_msg(strstr(text, "leak-marker") == NULL, "%s", text);
    ck_assert_msg(strstr(text, " 0 -> ") != NULL && strstr(text, " 2 -> ") != NULL, "%s", text);
    free(text);
    close(leak);
    ck_assert_int_eq(run("echo \"app=${DD_APP_KEY-unset}_visible=${DDORGS_TEST_VISIBLE-unset}\"",
                         &key, &e), DD_OK);
    ck_assert_str_eq(key, "app=unset_visible=yes");
    free(key);
}
END_TEST

START_TEST(terminal_is_the_helpers_or_not_at_all)
{
    char res[320], side[320], body[2000];
    path_in(res, sizeof(res), "pty-result.txt");
    path_in(side, sizeof(side), "pty-side.txt");
    snprintf(body, sizeof(body),
             "if [ \"$1\" = console ]; then\n"
             "  if IFS= read -r typed; then echo \"read:[$typed]\" > %s; else echo eof > %s; fi\n"
             "  if (echo drawn-on-screen > /dev/tty) 2>/dev/null; then echo tty >> %s;"
             " else echo notty >> %s; fi\n"
             "  echo console-stderr-text >&2\n"
             "  echo console-key\n"
             "else\n"
             "  IFS= read -r typed && echo \"$typed\"\n"
             "fi",
             side, side, side, side);
    const char *script = helper("tty.sh", body);
    char console_cmd[400];
    snprintf(console_cmd, sizeof(console_cmd), "%s console", script);
    int master = -1;
    pid_t pid = forkpty(&master, NULL, NULL, NULL);
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        FILE *r = fopen(res, "w");
        char *key = NULL;
        dd_error e;
        dd_status st = run_with(script, (run_opts){.timeout_ms = 5000}, &key, &e);
        fprintf(r, "terminal: %d %s back=%d\n", st, st == DD_OK ? key : e.text,
                tcgetpgrp(STDIN_FILENO) == getpgrp());
        free(key);
        key = NULL;
        st = run_with(console_cmd, (run_opts){.timeout_ms = 5000, .no_terminal = true}, &key, &e);
        fprintf(r, "console: %d %s\n", st, st == DD_OK ? key : e.text);
        free(key);
        fclose(r);
        _exit(0);
    }
    const char typed[] = "typed-key-5678\n";
    ck_assert_int_eq(write(master, typed, sizeof(typed) - 1), (ssize_t)sizeof(typed) - 1);
    /* Everything the child's terminal shows, until it exits. */
    char screen[8192];
    size_t shown = 0;
    for (;;) {
        ssize_t n = read(master, screen + shown, sizeof(screen) - 1 - shown);
        if (n <= 0)
            break;
        shown += (size_t)n;
    }
    screen[shown] = '\0';
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    close(master);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    char *text = slurp(res);
    ck_assert_msg(strstr(text, "terminal: 0 typed-key-5678 back=1\n") != NULL, "%s", text);
    ck_assert_msg(strstr(text, "console: 0 console-key\n") != NULL, "%s", text);
    free(text);
    text = slurp(side);
    ck_assert_str_eq(text, "eof\nnotty\n");
    free(text);
    ck_assert_msg(strstr(screen, "console-stderr-text") == NULL, "%s", screen);
    ck_assert_msg(strstr(screen, "drawn-on-screen") == NULL, "%s", screen);
}
END_TEST

START_TEST(console_mode_error_says_so)
{
    char *key = (char *)1;
    dd_error e;
    ck_assert_int_eq(run_with("exit 2", (run_opts){.no_terminal = true}, &key, &e), DD_E_CONFIG);
    ck_assert_str_eq(e.text, "profile prod: api_key_command (/cfg/ddorgs/config:4) exited with "
                             "status 2; in the console it "
                             "runs without a terminal (no input, its messages discarded): try "
                             "'ddorgs --profile prod connections list' in a shell");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("keycmd");
    TCase *tc = tcase_create("keycmd");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, first_line_is_the_key);
    tcase_add_test(tc, empty_output_refused);
    tcase_add_test(tc, failure_passes_stderr_never_stdout);
    tcase_add_test(tc, exit_signal_and_missing_command_refused);
    tcase_add_test(tc, bad_characters_refused_unseen);
    tcase_add_test(tc, too_much_output_refused);
    tcase_add_test(tc, timeout_kills_the_process_group);
    tcase_add_test(tc, timeout_without_pidfd);
    tcase_add_test(tc, exit_is_the_end_not_eof);
    tcase_add_test(tc, child_starts_clean);
    tcase_add_test(tc, terminal_is_the_helpers_or_not_at_all);
    tcase_add_test(tc, console_mode_error_says_so);
    suite_add_tcase(s, tc);
    return dd_run_suite(s);
}
