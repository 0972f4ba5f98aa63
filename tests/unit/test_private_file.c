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
    suite_add_tcase(s, tc);
    return dd_run_suite(s);
}
