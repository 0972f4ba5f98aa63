/* The demo's stale directories: what a ddorgs killed while its mock
 * started leaves in $TMPDIR is removed by the next start, and nothing
 * else is, whatever sits beside it (young ones, live owners, links, other
 * names, other modes, unknown files, another user's). */
#include <check.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "demo.h"
#include "suite_main.h"

static char tmp[256];

static void setup(void)
{
    snprintf(tmp, sizeof(tmp), "/tmp/ddorgs-test-demo-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmp));
}

static void teardown(void)
{
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "chmod -R u+rwx '%s' && rm -rf '%s'", tmp, tmp);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmp);
}

/* A process id that was in use a moment ago and is not any more. */
static long dead_pid(void)
{
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0)
        _exit(0);
    ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
    return (long)pid;
}

static void path(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", tmp, name);
}

static void write_file(const char *p)
{
    FILE *f = fopen(p, "w");
    ck_assert_ptr_nonnull(f);
    fputs("12345\n", f);
    ck_assert_int_eq(fclose(f), 0);
}

/* Sets the modification time of p (not following a link) age_s back. */
static void age(const char *p, long age_s)
{
    struct timespec t[2];
    clock_gettime(CLOCK_REALTIME, &t[0]);
    t[0].tv_sec -= age_s;
    t[1] = t[0];
    ck_assert_int_eq(utimensat(AT_FDCWD, p, t, AT_SYMLINK_NOFOLLOW), 0);
}

/* A directory as a killed start leaves it: mode 0700, the port file and
 * the mock's log, last changed age_s ago. Returns its path in out. */
static void demo_dir(char *out, size_t n, const char *name, long age_s)
{
    path(out, n, name);
    ck_assert_int_eq(mkdir(out, 0700), 0);
    char f[400];
    snprintf(f, sizeof(f), "%s/port", out);
    write_file(f);
    snprintf(f, sizeof(f), "%s/mock.log", out);
    write_file(f);
    age(out, age_s);
}

static bool exists(const char *p)
{
    struct stat sb;
    return lstat(p, &sb) == 0;
}

START_TEST(stale_directory_is_removed)
{
    char name[80], p[400];
    snprintf(name, sizeof(name), "ddorgs-demo-%ld-a1B2c3", dead_pid());
    demo_dir(p, sizeof(p), name, 120);
    char tmpfile[420];
    snprintf(tmpfile, sizeof(tmpfile), "%s/port.tmp", p);
    write_file(tmpfile);
    age(p, 120);
    ck_assert_int_eq(dd_demo_clean_stale(tmp), 1);
    ck_assert(!exists(p));
    /* Nothing more to do the second time. */
    ck_assert_int_eq(dd_demo_clean_stale(tmp), 0);
}
END_TEST

/* Each of these differs from a stale directory in one way, and stays. */
START_TEST(everything_else_stays)
{
    long dead = dead_pid();
    char name[80], p[16][400];
    int k = 0;

    /* Young: its start may still be under way in another pid namespace. */
    snprintf(name, sizeof(name), "ddorgs-demo-%ld-young1", dead);
    demo_dir(p[k++], sizeof(p[0]), name, 5);
    /* Its process is alive (this one). */
    snprintf(name, sizeof(name), "ddorgs-demo-%ld-alive1", (long)getpid());
    demo_dir(p[k++], sizeof(p[0]), name, 120);
    /* Names that are not ours. */
    demo_dir(p[k++], sizeof(p[0]), "ddorgs-demo-abcdef", 120);
    snprintf(name, sizeof(name), "ddorgs-demo-%ld-abcde", dead);
    demo_dir(p[k++], sizeof(p[0]), name, 120);
    snprintf(name, sizeof(name), "ddorgs-demo-%ld-abc.ef", dead);
    demo_dir(p[k++], sizeof(p[0]), name, 120);
    snprintf(name, sizeof(name), "other-demo-%ld-abcdef", dead);
    demo_dir(p[k++], sizeof(p[0]), name, 120);
    /* Group or others may read it: not made by mkdtemp for us. */
    snprintf(name, sizeof(name), "ddorgs-demo-%ld-mode55", dead);
    demo_dir(p[k++], sizeof(p[0]), name, 120);
    ck_assert_int_eq(chmod(p[k - 1], 0755), 0);
    age(p[k - 1], 120);
    /* A file it does not make. */
    snprintf(name, sizeof(name), "ddorgs-demo-%ld-extra1", dead);
    demo_dir(p[k++], sizeof(p[0]), name, 120);
    char f[420];
    snprintf(f, sizeof(f), "%.380s/notes.txt", p[k - 1]);
    write_file(f);
    age(p[k - 1], 120);
    /* A regular file with our name. */
    snprintf(name, sizeof(name), "ddorgs-demo-%ld-file01", dead);
    path(p[k++], sizeof(p[0]), name);
    write_file(p[k - 1]);
    age(p[k - 1], 120);

    /* A link with our name, to a directory that looks like ours: neither
     * the link nor what it points at is touched. */
    char target[400], target_port[420];
    demo_dir(target, sizeof(target), "target", 120);
    snprintf(target_port, sizeof(target_port), "%s/port", target);
    snprintf(name, sizeof(name), "ddorgs-demo-%ld-link01", dead);
    path(p[k++], sizeof(p[0]), name);
    ck_assert_int_eq(symlink(target, p[k - 1]), 0);
    age(p[k - 1], 120);

    /* Our name and files, but "port" is a link to a file elsewhere. */
    char outside[400];
    path(outside, sizeof(outside), "outside");
    write_file(outside);
    snprintf(name, sizeof(name), "ddorgs-demo-%ld-plink1", dead);
    path(p[k++], sizeof(p[0]), name);
    ck_assert_int_eq(mkdir(p[k - 1], 0700), 0);
    snprintf(f, sizeof(f), "%.380s/port", p[k - 1]);
    ck_assert_int_eq(symlink(outside, f), 0);
    age(p[k - 1], 120);

    /* Another user's (only root can make one here). */
    if (geteuid() == 0) {
        snprintf(name, sizeof(name), "ddorgs-demo-%ld-other1", dead);
        demo_dir(p[k++], sizeof(p[0]), name, 120);
        ck_assert_int_eq(chown(p[k - 1], 65534, 65534), 0);
        age(p[k - 1], 120);
    }

    ck_assert_int_eq(dd_demo_clean_stale(tmp), 0);
    for (int i = 0; i < k; i++)
        ck_assert_msg(exists(p[i]), "%s was removed", p[i]);
    ck_assert(exists(target_port));
    ck_assert(exists(outside));
    char kept[440];
    snprintf(kept, sizeof(kept), "%s/ddorgs-demo-%ld-extra1/port", tmp, dead);
    ck_assert_msg(exists(kept), "a directory that stays lost its port file");
}
END_TEST

/* A child whose parent died before it could ask to follow it (ddorgs
 * killed in its first milliseconds) must not run on as an orphan: it ends
 * instead of carrying on to start the mock. */
START_TEST(child_of_a_dead_parent_ends)
{
    int report[2];
    ck_assert_int_eq(pipe(report), 0);
    pid_t mid = fork();
    ck_assert_int_ge(mid, 0);
    if (mid == 0) {
        pid_t parent = getpid();
        int gone[2];
        if (pipe(gone) != 0)
            _exit(1);
        pid_t child = fork();
        if (child == 0) {
            close(gone[1]);
            char c;
            /* End of file: the parent has exited. */
            while (read(gone[0], &c, 1) > 0)
                ;
            for (int i = 0; i < 5000 && getppid() == parent; i++)
                usleep(1000);
            dd_demo_follow_parent(parent);
            /* Only a child that carries on gets here. */
            if (write(report[1], "alive", 5) != 5)
                _exit(2);
            _exit(0);
        }
        _exit(child > 0 ? 0 : 1);
    }
    close(report[1]);
    int status;
    ck_assert_int_eq(waitpid(mid, &status, 0), mid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    char buf[8] = "";
    /* End of file once the orphan has ended, one way or the other. */
    ssize_t got = read(report[0], buf, sizeof(buf) - 1);
    close(report[0]);
    ck_assert_msg(got == 0, "the orphaned child carried on (read %zd: %s)", got, buf);

    /* With its parent alive, the child carries on. */
    ck_assert_int_eq(pipe(report), 0);
    pid_t child = fork();
    ck_assert_int_ge(child, 0);
    if (child == 0) {
        dd_demo_follow_parent(getppid());
        _exit(write(report[1], "alive", 5) == 5 ? 0 : 2);
    }
    close(report[1]);
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    got = read(report[0], buf, sizeof(buf) - 1);
    close(report[0]);
    ck_assert_int_eq(got, 5);
}
END_TEST

START_TEST(missing_tmpdir_is_nothing_to_do)
{
    char p[400];
    path(p, sizeof(p), "no-such-dir");
    ck_assert_int_eq(dd_demo_clean_stale(p), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("demo");
    TCase *tc = tcase_create("stale");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, stale_directory_is_removed);
    tcase_add_test(tc, everything_else_stays);
    tcase_add_test(tc, missing_tmpdir_is_nothing_to_do);
    tcase_add_test(tc, child_of_a_dead_parent_ends);
    suite_add_tcase(s, tc);
    return dd_run_suite(s);
}
