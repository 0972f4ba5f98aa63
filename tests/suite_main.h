/* The end of every libcheck suite's main(): run the suite, free the
 * runner, and turn the failures into the exit status the test driver reads
 * (EXIT_SUCCESS when every test passed, else EXIT_FAILURE). Tests run in
 * check's default mode (a child process each, unless CK_FORK=no says
 * otherwise) with its CK_NORMAL output. */
#ifndef DD_TEST_SUITE_MAIN_H
#define DD_TEST_SUITE_MAIN_H

#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

/* How a suite runs. */
typedef struct dd_suite_run {
    /* Each test in a child whatever CK_FORK says: for tests that change
     * their whole process (limits, signal dispositions). */
    bool always_fork;
    /* Optional: the process-wide set-up some tests need before any thread
     * starts (libcurl's: dd_http_global_init), 0 on success; the suite
     * fails without running when it fails. cleanup (may be NULL) undoes it
     * after the last test. */
    int (*init)(void);
    void (*cleanup)(void);
} dd_suite_run;

static inline int dd_run_suite_with(Suite *suite, const dd_suite_run *how)
{
    if (how->init && how->init() != 0) {
        fprintf(stderr, "the suite's set-up failed: nothing was run\n");
        return EXIT_FAILURE;
    }
    SRunner *sr = srunner_create(suite);
    if (how->always_fork)
        srunner_set_fork_status(sr, CK_FORK);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    if (how->cleanup)
        how->cleanup();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* Runs s; the exit status of main(). */
static inline int dd_run_suite(Suite *suite)
{
    return dd_run_suite_with(suite, &(dd_suite_run){ 0 });
}

/* Runs s between dd_http_global_init and dd_http_global_cleanup (http.h,
 * which the suite includes), for the suites whose tests use the client or
 * the transport: libcurl must be set up before any thread starts. */
#define dd_run_suite_http(s)                                                                  \
    dd_run_suite_with((s), &(dd_suite_run){ .init = dd_http_global_init,                      \
                                            .cleanup = dd_http_global_cleanup })

#endif
