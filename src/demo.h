/* --demo: runs the bundled ddorgs-mock as a child process on a free
 * loopback port with seeded sample data, so the console and the commands can
 * be tried without a Datadog account. The mock's keys are random per run
 * and reach the child through its environment only, never its argv. */
#ifndef DD_DEMO_H
#define DD_DEMO_H

#include <sys/types.h>

#include "error.h"

typedef struct dd_demo {
    pid_t pid;            /* 0 when not running */
    int port;
    char url[64];         /* "http://127.0.0.1:PORT" */
    char dir[256];        /* private temp dir: port file and the mock's log */
    char log_path[300];
    char api_key[48];
    char app_key[48];
    /* After a failed start: the last lines of the mock's log, cleaned, one
     * per '\n'; "" when it wrote nothing. The log itself is deleted with
     * the temporary directory. */
    char log_tail[1100];
} dd_demo;

/* Finds ddorgs-mock ($DDORGS_MOCK_BIN, next to this program, the install
 * directory, then PATH), starts it and waits (bounded) until it listens.
 * On failure nothing is left running, err says what happened (a
 * configuration error: exit status 3) and d->log_tail holds the end of the
 * mock's log. */
dd_status dd_demo_start(dd_demo *d, dd_error *err);
/* SIGTERM, wait (SIGKILL after a grace period), remove the temp dir. Safe
 * on a demo that never started. */
void dd_demo_stop(dd_demo *d);

#endif
