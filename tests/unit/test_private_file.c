/* Opening a private file: what the config file and the audit log share.
 * The refusals themselves are tested through both (test_config,
 * test_audit); here the module's own promises: missing files, creation
 * mode, the descriptor's flags, relative paths, and shell words. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "private_file.h"
#include "suite_main.h"

static char tmpdir[256];

static const dd_private_file reading = {.what = "test file", .use = "reads only",
                                        .after_move = "", .code = DD_E_CONFIG};
static const dd_private_file appending = {.what = "test log", .use = "writes only to",
                                          .after_move = "", .code = DD_E_IO, .append = true};

static void setup(void)
{
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/ddorgs-private-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
}

START_TEST(missing_file_or_directory_for_reading)
{
    char path[320];
    struct stat st;
    dd_error e;
    dd_error_init(&e);
    snprintf(path, sizeof(path), "%s/none", tmpdir);
    ck_assert_int_eq(dd_private_open(path, &reading, &st, &e), DD_PRIVATE_MISSING);
    snprintf(path, sizeof(path), "%s/no/dir/file", tmpdir);
    ck_assert_int_eq(dd_private_open(path, &reading, &st, &e), DD_PRIVATE_MISSING);
    ck_assert_int_eq(e.code, DD_OK);
    /* Appending creates the file, not its directory. */
    ck_assert_int_eq(dd_private_open(path, &appending, &st, &e), -1);
    ck_assert_int_eq(e.code, DD_E_IO);
    ck_assert_ptr_nonnull(strstr(e.text, "cannot open the directory "));
    ck_assert_ptr_nonnull(strstr(e.text, "No such file or directory"));
}
END_TEST

START_TEST(created_private_with_plain_flags)
{
    char path[320];
    snprintf(path, sizeof(path), "%s/log", tmpdir);
    mode_t old = umask(0);
    struct stat st;
    dd_error e;
    dd_error_init(&e);
    int fd = dd_private_open(path, &appending, &st, &e);
    umask(old);
    ck_assert_msg(fd >= 0, "%s", e.text);
    ck_assert_int_eq(st.st_mode & 07777, 0600);
    ck_assert(S_ISREG(st.st_mode));
    int fl = fcntl(fd, F_GETFL);
    ck_assert_int_eq(fl & O_NONBLOCK, 0);
    ck_assert_int_eq(fl & O_APPEND, O_APPEND);
    ck_assert_int_eq(fl & O_ACCMODE, O_RDWR);
    ck_assert_int_eq(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
    ck_assert_int_eq(write(fd, "x", 1), 1);
    close(fd);

    fd = dd_private_open(path, &reading, &st, &e);
    ck_assert_msg(fd >= 0, "%s", e.text);
    ck_assert_int_eq(st.st_size, 1);
    ck_assert_int_eq(fcntl(fd, F_GETFL) & (O_ACCMODE | O_NONBLOCK), O_RDONLY);
    close(fd);
}
END_TEST

START_TEST(relative_path_is_under_the_working_directory)
{
    char cwd[4096];
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
    ck_assert_int_eq(chdir(tmpdir), 0);
    ck_assert_int_eq(chmod(tmpdir, 0700), 0);
    struct stat st;
    dd_error e;
    dd_error_init(&e);
    int fd = dd_private_open("here.log", &appending, &st, &e);
    ck_assert_msg(fd >= 0, "%s", e.text);
    close(fd);
    /* The working directory is checked like any other. */
    ck_assert_int_eq(chmod(tmpdir, 0777), 0);
    ck_assert_int_eq(dd_private_open("here.log", &reading, &st, &e), -1);
    ck_assert_str_eq(e.text, "directory . of test file here.log is writable by its group and "
                             "others (mode 0777), which could replace the file; run: chmod go-w .");
    ck_assert_int_eq(chdir(cwd), 0);
}
END_TEST

/* Every directory above the file is checked too, as ssh does, up to $HOME
 * when the file is under it, else up to /: whoever may write one of them
 * could rename what is below it and put another file in its place. */
START_TEST(ancestor_directories_are_checked)
{
    char a[300], b[320], dir[340], path[360];
    snprintf(a, sizeof(a), "%s/a", tmpdir);
    snprintf(b, sizeof(b), "%s/b", a);
    snprintf(dir, sizeof(dir), "%s/ddorgs", b);
    snprintf(path, sizeof(path), "%s/config", dir);
    ck_assert_int_eq(mkdir(a, 0700), 0);
    ck_assert_int_eq(mkdir(b, 0700), 0);
    ck_assert_int_eq(mkdir(dir, 0700), 0);
    int fd = open(path, O_WRONLY | O_CREAT, 0600);
    ck_assert_int_ge(fd, 0);
    close(fd);
    char *old_home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
    setenv("HOME", "/nonexistent-home", 1);
    struct stat st;
    dd_error e;
    dd_error_init(&e);
    fd = dd_private_open(path, &reading, &st, &e);
    ck_assert_msg(fd >= 0, "%s", e.text);
    close(fd);

    /* Two levels up, writable by all: refused, naming it and the fix. */
    ck_assert_int_eq(chmod(a, 0777), 0);
    ck_assert_int_eq(dd_private_open(path, &reading, &st, &e), -1);
    ck_assert_int_eq(e.code, DD_E_CONFIG);
    char want[1200];
    snprintf(want, sizeof(want),
             "directory %s above test file %s is writable by its group and others (mode "
             "0777), which could move what is below it and replace the file; run: chmod go-w "
             "%s", a, path, a);
    ck_assert_str_eq(e.text, want);
    /* The sticky bit (as /tmp) keeps others' entries safe. */
    ck_assert_int_eq(chmod(a, 01777), 0);
    dd_error_init(&e);
    fd = dd_private_open(path, &reading, &st, &e);
    ck_assert_msg(fd >= 0, "%s", e.text);
    close(fd);

    /* Owned by another user: refused, with the chown. */
    ck_assert_int_eq(chmod(a, 0755), 0);
    if (geteuid() == 0) {
        ck_assert_int_eq(chown(a, 4242, 4242), 0);
        ck_assert_int_eq(dd_private_open(path, &reading, &st, &e), -1);
        ck_assert_msg(strncmp(e.text, "directory ", 10) == 0 && strstr(e.text, " above test file ") &&
                          strstr(e.text, "owned by uid 4242, not by you (") &&
                          strstr(e.text, "; run: chown "),
                      "%s", e.text);
        ck_assert_int_eq(chown(a, 0, 0), 0);
    }

    /* Under $HOME the walk stops at $HOME itself: what is above it is the
     * system's, not the user's. $HOME is checked. */
    ck_assert_int_eq(chmod(a, 0777), 0);
    setenv("HOME", b, 1);
    dd_error_init(&e);
    fd = dd_private_open(path, &reading, &st, &e);
    ck_assert_msg(fd >= 0, "%s", e.text);
    close(fd);
    ck_assert_int_eq(chmod(b, 0770), 0);
    ck_assert_int_eq(dd_private_open(path, &reading, &st, &e), -1);
    ck_assert_ptr_nonnull(strstr(e.text, "writable by its group (mode 0770)"));
    ck_assert_int_eq(chmod(b, 0700), 0);
    ck_assert_int_eq(chmod(a, 0700), 0);

    /* A relative path is walked from the real working directory. */
    char cwd[4096];
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
    ck_assert_int_eq(chdir(dir), 0);
    setenv("HOME", "/nonexistent-home", 1);
    ck_assert_int_eq(chmod(a, 0777), 0);
    ck_assert_int_eq(dd_private_open("config", &reading, &st, &e), -1);
    ck_assert_ptr_nonnull(strstr(e.text, "which could move what is below it"));
    ck_assert_int_eq(chdir(cwd), 0);
    ck_assert_int_eq(chmod(a, 0700), 0);

    if (old_home)
        setenv("HOME", old_home, 1);
    else
        unsetenv("HOME");
    free(old_home);
}
END_TEST

START_TEST(shell_words)
{
    char buf[64];
    dd_shell_word("/home/ann/.config/ddorgs/config", buf, sizeof(buf));
    ck_assert_str_eq(buf, "/home/ann/.config/ddorgs/config");
    dd_shell_word("/tmp/a b", buf, sizeof(buf));
    ck_assert_str_eq(buf, "'/tmp/a b'");
    dd_shell_word("it's", buf, sizeof(buf));
    ck_assert_str_eq(buf, "'it'\\''s'");
    dd_shell_word("$(rm -rf ~)", buf, sizeof(buf));
    ck_assert_str_eq(buf, "'$(rm -rf ~)'");
    dd_shell_word("", buf, sizeof(buf));
    ck_assert_str_eq(buf, "''");
    dd_shell_word("/x/averyveryverylongname", buf, 8);
    ck_assert_uint_eq(strlen(buf), 7);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("private_file");
    TCase *tc = tcase_create("private_file");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, missing_file_or_directory_for_reading);
    tcase_add_test(tc, created_private_with_plain_flags);
    tcase_add_test(tc, relative_path_is_under_the_working_directory);
    tcase_add_test(tc, shell_words);
    tcase_add_test(tc, ancestor_directories_are_checked);
    suite_add_tcase(s, tc);
    return dd_run_suite(s);
}
