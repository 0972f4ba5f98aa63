/* --demo: runs the bundled ddorgs-mock as a child process on a free
 * loopback port with seeded sample data, so the console and the commands can
 * be tried without a Datadog account. The mock's keys are random per run
 * and reach the child through its environment only, never its argv. */
#ifndef DD_DEMO_H
#define DD_DEMO_H

#include <stddef.h>
#include <sys/types.h>

#include "error.h"

struct dd_config_flags;
struct dd_account_configs;

/* The demo's account: 12 orgs (one receiving from all the others that
 * take part, sending back to 3; one disabled org in none), 26
 * connections, 6 Salesforce orgs; profiles for 5 of its orgs (the keys'
 * org first, then the first 4 others that are not disabled, in the
 * account's order). */
#define DD_DEMO_MAX_PROFILES 5

/* A profile of the demo: an org of its account and that org's keys. */
typedef struct dd_demo_profile {
    char name[48];        /* "demo-" and the org name's first word, lower case
                           * ("demo-acme"); with more words when that is taken */
    char org_id[48];
    char api_key[64];     /* wiped by dd_demo_stop */
    char app_key[64];
} dd_demo_profile;

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
    /* The account's profiles, from the keys file the mock wrote in dir
     * (read, then removed with it, before dd_demo_start returns). */
    dd_demo_profile profiles[DD_DEMO_MAX_PROFILES];
    size_t n_profiles;
} dd_demo;

/* Finds ddorgs-mock ($DDORGS_MOCK_BIN, next to this program, the install
 * directory, then PATH), starts it and waits (bounded) until it listens.
 * The port file, the mock's log and its keys file (every org's keys,
 * mode 0600, read into d->profiles) live in $TMPDIR/ddorgs-demo-PID-XXXXXX
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
 * and holding nothing but regular files named port, port.tmp, mock.log,
 * keys.json or keys.json.tmp.
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
 * struct, with explicit_bzero: the profiles' keys too). Safe on a demo
 * that never started. */
void dd_demo_stop(dd_demo *d);

/* The demo's profiles (demo_account.c) as configurations, into out
 * (emptied first), in d->profiles' order: each named as its profile, site
 * "demo", the demo server's URL and that org's keys, read-only from flags
 * as dd_config_demo has it. DD_OK; DD_E_CONFIG when the demo has no
 * profiles (it did not start), DD_E_NOMEM (out empty). */
dd_status dd_demo_account_configs(const dd_demo *d, const struct dd_config_flags *flags,
                                  struct dd_account_configs *out, dd_error *err);
/* Reads the keys file the mock wrote (mock_keys.h's document) at path
 * into d->profiles (demo_account.c): the self org first, then the first
 * orgs that are not disabled. Every key read is wiped from memory once
 * copied. DD_OK, or DD_E_CONFIG saying what is wrong with the file. */
dd_status dd_demo_read_keys(dd_demo *d, const char *path, dd_error *err);

#endif
