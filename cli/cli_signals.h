/* Ctrl-C, SIGTERM and SIGHUP (a terminal or SSH session that goes away)
 * during a command. A command stopped by a signal ends
 * like any failed call: the client writes the audit outcome of a write, one
 * line says what state the change may be in, and the exit status is 8. The
 * handler only records the signal and writes bytes to pipes (both
 * async-signal-safe); a watcher thread reads the pipe and cancels the
 * client, which takes a mutex, so it must not run inside a handler. */
#ifndef DD_CLI_SIGNALS_H
#define DD_CLI_SIGNALS_H

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

#include "client.h"

/* Installs the handlers for SIGINT, SIGTERM and SIGHUP (SA_RESTART). On
 * failure the signals keep their default action. */
void dd_cli_interrupts_install(void);
/* Puts the default actions back. */
void dd_cli_interrupts_restore(void);
/* The first SIGINT, SIGTERM or SIGHUP received, 0 when none. */
int dd_cli_interrupt_signal(void);
/* "SIGTERM", "SIGHUP", else "SIGINT": the name of a signal
 * dd_cli_interrupt_signal returned, for messages (static storage). */
const char *dd_cli_signal_name(int sig);

/* The thread that cancels a client when a signal comes. */
typedef struct dd_cli_watch {
    pthread_t thread;
    dd_client *client;
    void (*cancel)(void *); /* when set, called with target instead */
    void *target;
    bool running;
} dd_cli_watch;

/* Starts watching for client (false when no thread could be started: the
 * signals then get their default action back, since nothing could cancel). */
bool dd_cli_watch_start(dd_cli_watch *w, dd_client *client);
/* The same for anything else a signal must stop: cancel(target) is called
 * on the watcher thread (say, dd_account_loader_cancel for the account
 * loader), never in the handler. */
bool dd_cli_watch_start_fn(dd_cli_watch *w, void (*cancel)(void *), void *target);
/* Stops the watcher and joins it. Safe on one that never started. */
void dd_cli_watch_stop(dd_cli_watch *w);

/* stdin for the confirmation prompt: its reads end with EINTR when a signal
 * comes, so Ctrl-C ends the prompt rather than waiting for Enter. Close
 * with dd_cli_prompt_input_close. */
FILE *dd_cli_prompt_input(void);
void dd_cli_prompt_input_close(FILE *f);

#endif
