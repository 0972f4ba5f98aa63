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
    char dir[256];        /* private temp dir while the mock starts (port file,
                           * the mock's log); "" once it is removed */
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
 * The port file and the mock's log live in $TMPDIR/ddorgs-demo-PID-XXXXXX
 * (mode 0700) only while it starts: on return the directory is gone, on
 * success and failure alike (the mock writes on to its unlinked log).
 * Stale directories of earlier runs are removed first
 * (dd_demo_clean_stale). On failure nothing is left running, the keys are
 * wiped, err says what happened (a configuration error: exit status 3)
 * and d->log_tail holds the end of the mock's log. */
dd_status dd_demo_start(dd_demo *d, dd_error *err);
/* Removes, from the directory tmpdir, the demo directories that runs killed
 * while their mock started left behind, and only those: named
 * "ddorgs-demo-PID-XXXXXX", a directory (not a link) owned by this user
 * with mode 0700, unchanged for 60 s, whose process PID no longer exists,
 * and holding nothing but regular files named port, port.tmp or mock.log.
 * The directory is opened without following links and checked to be the
 * one examined before anything in it is removed. Returns how many were
 * removed; errors leave the entry in place. */
int dd_demo_clean_stale(const char *tmpdir);
/* In a child just forked by parent (its pid, read before the fork): the
 * child gets SIGTERM when parent dies (PR_SET_PDEATHSIG), and ends at once
 * (_exit 125) when parent has already died, since the kernel sends that
 * signal only for a death after the call. Async-signal-safe. */
void dd_demo_follow_parent(pid_t parent);
/* SIGTERM, wait (SIGKILL after a grace period), wipe the keys (the whole
 * struct, with explicit_bzero). Safe on a demo that never started. */
void dd_demo_stop(dd_demo *d);

#endif
