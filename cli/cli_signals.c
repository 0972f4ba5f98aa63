/* Ctrl-C, SIGTERM and SIGHUP during a command (cli_signals.h). */
#include "cli_signals.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

/* ---- Ctrl-C, SIGTERM and SIGHUP -------------------------------------------
 * A command stopped by a signal must still end like any failed call (an
 * SSH session that drops sends SIGHUP, as a write is at the server): the
 * client writes the audit outcome of a write, one line says what state the
 * change may be in, and the exit status is 8. The handler only records the
 * signal and writes bytes to pipes, both async-signal-safe; a watcher
 * thread reads the pipe and calls dd_client_cancel, which takes a mutex
 * and wakes curl, so it must not run inside a handler. The transfer then
 * stops at once and the call returns DD_E_CANCELLED. */

_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "a signal handler needs a lock-free atomic int");

static atomic_int interrupted_by;      /* the first SIGINT/SIGTERM/SIGHUP, 0 if none */
static bool handling;                  /* on_interrupt is installed (main thread only) */
/* Written by the handler: wake_pipe is read by the watcher thread,
 * prompt_pipe by the confirmation prompt. A byte stays until read, so a
 * signal that comes just before someone starts waiting is not lost. Never
 * closed once made: a handler running late must not write into a
 * descriptor number that something else has reused. */
static int wake_pipe[2] = {-1, -1};
static int prompt_pipe[2] = {-1, -1};

static void on_interrupt(int sig)
{
    int saved = errno;
    int none = 0;
    atomic_compare_exchange_strong(&interrupted_by, &none, sig);
    char byte = 1;
    /* A failed write means a full pipe: a wake-up is already waiting. */
    if (write(wake_pipe[1], &byte, 1) < 0) {
    }
    if (write(prompt_pipe[1], &byte, 1) < 0) {
    }
    errno = saved;
}

/* Interrupted system calls resume (SA_RESTART): curl polls the
 * cancellation itself, and output to a slow pipe must not fail
 * half-written. The prompt waits on prompt_pipe instead of EINTR. */
static void set_interrupt_action(void (*fn)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = fn;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

/* A pipe whose write end never blocks (the handler's side). */
static int make_pipe(int fds[2])
{
    if (fds[0] >= 0)
        return 0;
    if (pipe2(fds, O_CLOEXEC) != 0)
        return -1;
    fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK);
    return 0;
}

/* On failure the signals keep their default action (the process dies of
 * them, as before). */
void dd_cli_interrupts_install(void)
{
    if (make_pipe(wake_pipe) != 0 || make_pipe(prompt_pipe) != 0)
        return;
    set_interrupt_action(on_interrupt);
    handling = true;
}

void dd_cli_interrupts_restore(void)
{
    if (handling)
        set_interrupt_action(SIG_DFL);
    handling = false;
}

int dd_cli_interrupt_signal(void)
{
    return atomic_load(&interrupted_by);
}

const char *dd_cli_signal_name(int sig)
{
    return sig == SIGTERM ? "SIGTERM" : sig == SIGHUP ? "SIGHUP" : "SIGINT";
}

/* A 1 byte is a signal (cancel the client), a 0 byte means stop. */
static void *watch_main(void *ud)
{
    dd_cli_watch *w = ud;
    for (;;) {
        char byte;
        ssize_t got = read(wake_pipe[0], &byte, 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0 || byte == 0)
            return NULL;
        if (w->cancel)
            w->cancel(w->target);
        else
            dd_client_cancel(w->client);
    }
}

bool dd_cli_watch_start_fn(dd_cli_watch *w, void (*cancel)(void *), void *target)
{
    w->client = NULL;
    w->cancel = cancel;
    w->target = target;
    w->running = pthread_create(&w->thread, NULL, watch_main, w) == 0;
    return w->running;
}

bool dd_cli_watch_start(dd_cli_watch *w, dd_client *client)
{
    w->client = client;
    w->cancel = NULL;
    w->running = pthread_create(&w->thread, NULL, watch_main, w) == 0;
    return w->running;
}

void dd_cli_watch_stop(dd_cli_watch *w)
{
    if (!w->running)
        return;
    char stop = 0;
    /* The watcher keeps draining the pipe, so a full pipe empties. */
    while (write(wake_pipe[1], &stop, 1) < 0 && (errno == EAGAIN || errno == EINTR))
        usleep(1000);
    pthread_join(w->thread, NULL);
    w->running = false;
}

/* The read function of the prompt's input: waits for the terminal or a
 * signal, whichever comes first, and reports a signal as EINTR, which ends
 * getline. Polling the pipe rather than relying on EINTR alone also
 * catches a signal that arrives just before the read starts. */
static ssize_t prompt_read(void *cookie, char *buf, size_t n)
{
    (void)cookie;
    struct pollfd pf[2] = {{STDIN_FILENO, POLLIN, 0}, {prompt_pipe[0], POLLIN, 0}};
    nfds_t npf = prompt_pipe[0] >= 0 ? 2 : 1;
    for (;;) {
        /* Set before the pipe is written: a readable pipe means it is set. */
        if (dd_cli_interrupt_signal()) {
            errno = EINTR;
            return -1;
        }
        int ready = poll(pf, npf, -1);
        if (ready < 0 && errno != EINTR)
            return -1;
        if (ready > 0 && pf[0].revents)
            return read(STDIN_FILENO, buf, n);
    }
}

/* stdin as the prompt reads it: through prompt_read when the handler is
 * installed. Close with prompt_input_close. */
FILE *dd_cli_prompt_input(void)
{
    if (!handling)
        return stdin;
    cookie_io_functions_t io = {.read = prompt_read};
    FILE *f = fopencookie(NULL, "r", io);
    return f ? f : stdin;
}

void dd_cli_prompt_input_close(FILE *f)
{
    if (f != stdin)
        fclose(f);
}
