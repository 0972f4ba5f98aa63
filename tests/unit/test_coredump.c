/* Core dumps off at startup, unless asked for: each test runs in its own
 * forked process (libcheck), so the process-wide settings do not leak. */
#include <check.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "coredump.h"
#include "suite_main.h"

/* A core limit a shell with `ulimit -c 4096` would give. */
static void allow_some_core(void)
{
    struct rlimit cur;
    ck_assert_int_eq(getrlimit(RLIMIT_CORE, &cur), 0);
    struct rlimit some = { 4096, cur.rlim_max };
    if (cur.rlim_max != RLIM_INFINITY && cur.rlim_max < 4096)
        some.rlim_cur = cur.rlim_max;
    ck_assert_int_eq(setrlimit(RLIMIT_CORE, &some), 0);
    ck_assert_int_eq(prctl(PR_SET_DUMPABLE, 1, 0, 0, 0), 0);
}

START_TEST(cores_off_and_not_dumpable)
{
    static const char *const values[] = { NULL, "0", "yes", "" };
    for (size_t i = 0; i < 4; i++) {
        allow_some_core();
        if (values[i])
            setenv(DD_ALLOW_CORE_DUMPS_ENV, values[i], 1);
        else
            unsetenv(DD_ALLOW_CORE_DUMPS_ENV);
        ck_assert_int_eq(dd_coredump_disable(), 0);
        struct rlimit r;
        ck_assert_int_eq(getrlimit(RLIMIT_CORE, &r), 0);
        ck_assert_uint_eq(r.rlim_cur, 0);
        ck_assert_uint_eq(r.rlim_max, 0);
        ck_assert_int_eq(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
        /* Raising the hard limit back needs privilege: without it the
         * first value was the only one that could be tried. */
        struct rlimit back = { 0, RLIM_INFINITY };
        if (setrlimit(RLIMIT_CORE, &back) != 0)
            return;
    }
}
END_TEST

START_TEST(switch_leaves_cores_as_they_were)
{
    allow_some_core();
    struct rlimit before;
    ck_assert_int_eq(getrlimit(RLIMIT_CORE, &before), 0);
    setenv(DD_ALLOW_CORE_DUMPS_ENV, "1", 1);
    ck_assert_int_eq(dd_coredump_disable(), 1);
    struct rlimit r;
    ck_assert_int_eq(getrlimit(RLIMIT_CORE, &r), 0);
    ck_assert_uint_eq(r.rlim_cur, before.rlim_cur);
    ck_assert_uint_eq(r.rlim_max, before.rlim_max);
    ck_assert_int_eq(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1);
}
END_TEST

static Suite *coredump_suite(void)
{
    Suite *s = suite_create("coredump");
    TCase *tc = tcase_create("startup");
    tcase_add_test(tc, cores_off_and_not_dumpable);
    tcase_add_test(tc, switch_leaves_cores_as_they_were);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    /* Each test changes its whole process: always in a child. */
    return dd_run_suite_with(coredump_suite(), &(dd_suite_run){ .always_fork = true });
}
