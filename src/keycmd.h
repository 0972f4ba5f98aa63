/* Keys from a command (a profile's api_key_command / app_key_command), as
 * git credential helpers and AWS credential_process do: the command line is
 * run by /bin/sh -c, and the first line it prints on stdout is the key, so
 * that keys can stay in pass, gopass, 1Password's op, Vault or a keyring.
 *
 * The command gets the terminal as stdin when ddorgs has one (and, when
 * ddorgs is in the foreground, the terminal too, so that it may prompt);
 * otherwise /dev/null. Its stderr is ddorgs's. It runs in a process group
 * of its own, with default signal dispositions, an empty signal mask, only
 * descriptors 0, 1 and 2, and the environment without DD_API_KEY and
 * DD_APP_KEY. Its stdout is read through a pipe, at most
 * DD_KEYCMD_MAX_OUTPUT bytes; it must exit 0 within the timeout, or its
 * process group is killed (SIGKILL). What it printed is never shown, not
 * even in part: errors name the profile, the setting and what went wrong. */
#ifndef DD_KEYCMD_H
#define DD_KEYCMD_H

#include <stdbool.h>

#include "error.h"

#define DD_KEYCMD_TIMEOUT_MS 10000
#define DD_KEYCMD_MAX_OUTPUT (64 * 1024)
#define DD_KEYCMD_MAX_KEY 1024

typedef struct dd_keycmd {
    const char *command;  /* shell command line, from the config file */
    const char *profile;  /* profile name, for messages */
    const char *setting;  /* "api_key_command" or "app_key_command", for messages */
    const char *where;    /* "FILE:LINE" of the setting, for messages; may be NULL */
    const char *env_name; /* "DD_API_KEY": the variable that would replace it */
    /* The console's profile switch: the screen is curses', so the command
     * runs without the terminal (stdin and stderr /dev/null, in a session
     * of its own, with no controlling terminal) and cannot prompt. */
    bool no_terminal;
    /* 0: DD_KEYCMD_TIMEOUT_MS. Smaller only in the unit tests, so that the
     * timeout is tested without waiting 10 s. Not a user setting. */
    int timeout_ms;
    /* Unit tests only: wait as where pidfd_open is refused (checking for
     * the command's end every 50 ms). Not a user setting. */
    bool without_pidfd;
} dd_keycmd;

/* Runs k->command and returns its first output line (without "\n" or
 * "\r\n") in *key, malloc'd; the caller wipes it (explicit_bzero) and frees
 * it. Fails (DD_E_CONFIG, *key NULL) when the command cannot be started,
 * exits non-zero or by a signal, outlives the timeout, prints nothing, more
 * than DD_KEYCMD_MAX_OUTPUT bytes, an empty first line, a first line longer
 * than DD_KEYCMD_MAX_KEY or one holding a character a header cannot carry
 * (space, control, non-ASCII). Blocks the calling thread up to the timeout
 * (poll on the pipe and a pidfd, no busy wait); safe from any thread. */
dd_status dd_keycmd_run(const dd_keycmd *k, char **key, dd_error *err);

#endif
