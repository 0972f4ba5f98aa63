/* Running one command: read-only gate, confirmation, the API call, the
 * printed result. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "cli_confirm.h"
#include "cli_output.h"
#include "cli_run.h"
#include "client.h"
#include "model.h"

/* ---- Ctrl-C and SIGTERM --------------------------------------------------
 * A command stopped by a signal must still end like any failed call: the
 * client writes the audit outcome of a write, one line says what state the
 * change may be in, and the exit status is 8. The handler only records the
 * signal and writes bytes to pipes, both async-signal-safe; a watcher
 * thread reads the pipe and calls dd_client_cancel, which takes a mutex
 * and wakes curl, so it must not run inside a handler. The transfer then
 * stops at once and the call returns DD_E_CANCELLED. */

_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "a signal handler needs a lock-free atomic int");

static atomic_int interrupted_by;      /* the first SIGINT/SIGTERM, 0 if none */
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
static void interrupts_install(void)
{
    if (make_pipe(wake_pipe) != 0 || make_pipe(prompt_pipe) != 0)
        return;
    set_interrupt_action(on_interrupt);
    handling = true;
}

static void interrupts_restore(void)
{
    if (handling)
        set_interrupt_action(SIG_DFL);
    handling = false;
}

static int interrupt_signal(void)
{
    return atomic_load(&interrupted_by);
}

typedef struct sig_watch {
    pthread_t thread;
    dd_client *client;
    bool running;
} sig_watch;

/* A 1 byte is a signal (cancel the client), a 0 byte means stop. */
static void *watch_main(void *ud)
{
    sig_watch *w = ud;
    for (;;) {
        char byte;
        ssize_t got = read(wake_pipe[0], &byte, 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0 || byte == 0)
            return NULL;
        dd_client_cancel(w->client);
    }
}

static bool watch_start(sig_watch *w, dd_client *client)
{
    w->client = client;
    w->running = pthread_create(&w->thread, NULL, watch_main, w) == 0;
    return w->running;
}

static void watch_stop(sig_watch *w)
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

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
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
        if (interrupt_signal()) {
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
static FILE *prompt_input(void)
{
    if (!handling)
        return stdin;
    cookie_io_functions_t io = {.read = prompt_read};
    FILE *f = fopencookie(NULL, "r", io);
    return f ? f : stdin;
}

static void prompt_input_close(FILE *f)
{
    if (f != stdin)
        fclose(f);
}

/* The one line for a command a signal stopped. Whether a write can have
 * taken effect decides what it says: not entered yet, or cancelled during
 * a wait after 429s (the server refused every attempt), means nothing
 * changed; otherwise the request may have reached the server. */
static int report_interrupted(run_ctx *x)
{
    const char *cmd = dd_cli_cmd_name(x->a->cmd);
    const char *sig = interrupt_signal() == SIGTERM ? "SIGTERM" : "SIGINT";
    if (!dd_cli_cmd_writes(x->a->cmd)) {
        dd_cli_say(stderr, "ddorgs: %s interrupted by %s.\n", cmd, sig);
    } else if (!x->write_started) {
        fprintf(stderr, "ddorgs: %s interrupted by %s before it was sent; nothing was changed.\n",
                cmd, sig);
    } else if (!x->other_wait && x->rate_wait_end && mono_ms() < x->rate_wait_end) {
        fprintf(stderr, "ddorgs: %s interrupted by %s while waiting to retry after a rate limit; "
                        "the server refused every attempt, so nothing was changed.\n",
                cmd, sig);
    } else {
        char check[300];
        dd_cli_check_advice(x->a, check, sizeof(check));
        dd_cli_say(stderr, "ddorgs: %s interrupted by %s after it was sent. The server may have "
                        "applied it: %s before trying again.\n",
                cmd, sig, check);
    }
    return DD_EXIT_NETWORK;
}

static int fail(run_ctx *x)
{
    if (x->err.code == DD_E_CANCELLED && interrupt_signal())
        return report_interrupted(x);
    dd_cli_report(&x->err, x->a);
    return dd_exit_for_error(&x->err);
}

/* Called right before a write call: false (with the error set) when a
 * signal has already asked to stop, so nothing is sent at all. */
static bool start_write(run_ctx *x)
{
    if (interrupt_signal()) {
        dd_error_set(&x->err, DD_E_CANCELLED, "interrupted");
        return false;
    }
    x->write_started = true;
    return true;
}

int dd_run_fail(run_ctx *x)
{
    return fail(x);
}

bool dd_run_start_write(run_ctx *x)
{
    return start_write(x);
}

/* The client is about to wait before a retry: one line on stderr, so a
 * run that seems stuck says why (a 429 can mean a minute's wait). */
static void on_wait(const dd_wait_info *w, void *ud)
{
    run_ctx *x = ud;
    /* Remembered so that a signal during this wait can be told from one
     * during the next attempt's transfer. */
    if (w->cause == DD_WAIT_RATE_LIMITED)
        x->rate_wait_end = mono_ms() + w->wait_ms;
    else
        x->other_wait = true;
    dd_run_progress_clear(x); /* off the progress line first */
    char why[700];
    if (w->cause == DD_WAIT_RATE_LIMITED && w->limit_name[0])
        snprintf(why, sizeof(why), "rate limited by the server (%s)%s%s", w->limit_name,
                 w->note && w->note[0] ? "; " : "", w->note ? w->note : "");
    else if (w->cause == DD_WAIT_RATE_LIMITED)
        snprintf(why, sizeof(why), "rate limited by the server%s%s",
                 w->note && w->note[0] ? "; " : "", w->note ? w->note : "");
    else
        snprintf(why, sizeof(why), "%s", w->reason);
    /* Whole seconds, rounded up: "0 s" only when there is no wait at all. */
    dd_cli_say(stderr, "ddorgs: %s; waiting %ld s before retrying (attempt %d of %d)\n", why,
            (w->wait_ms + 999) / 1000, w->attempt, w->max_tries);
    fflush(stderr);
}

/* What the operator must type, and the sentence before the prompt. For a
 * Salesforce org the name is what people recognise, so it is looked up. */
static int confirm_target(run_ctx *x, char *expected, size_t en, char *what, size_t wn)
{
    const dd_cli_args *a = x->a;
    switch (a->cmd) {
    case DD_CMD_CONN_DELETE:
        snprintf(expected, en, "%.8s", a->id);
        snprintf(what, wn, "About to delete org connection %s. This cannot be undone.", a->id);
        return 0;
    case DD_CMD_ORG_DISABLE:
        if (a->org_uuid) {
            snprintf(expected, en, "%s", a->org_uuid);
            snprintf(what, wn, "About to disable org %s. Its users lose access.", a->org_uuid);
        } else {
            snprintf(expected, en, "disable");
            snprintf(what, wn, "About to disable the org that owns these API keys. Its users "
                               "lose access.");
        }
        return 0;
    case DD_CMD_SF_DELETE: {
        dd_sf_list l;
        if (dd_sf_list_init(&l) != 0) {
            dd_error_set(&x->err, DD_E_NOMEM, "out of memory");
            return -1;
        }
        if (dd_list_salesforce(x->client, &l, &x->err) != DD_OK) {
            dd_sf_list_free(&l);
            return -1;
        }
        long i = dd_sf_list_find(&l, a->id);
        if (i < 0) {
            dd_sf_list_free(&l);
            dd_error_set(&x->err, DD_E_HTTP, "no Salesforce org with ID %.100s", a->id);
            x->err.http_status = 404;
            return -1;
        }
        const char *name = l.items[i].name;
        snprintf(expected, en, "%s", name && *name ? name : a->id);
        snprintf(what, wn,
                 "About to delete Salesforce org %s (%s), and the incident templates that use "
                 "it. This cannot be undone.",
                 a->id, name && *name ? name : "no name");
        dd_sf_list_free(&l);
        return 0;
    }
    default:
        expected[0] = what[0] = '\0';
        return 0;
    }
}

static int confirm(run_ctx *x)
{
    const dd_cli_args *a = x->a;
    bool destructive = a->cmd == DD_CMD_CONN_DELETE || a->cmd == DD_CMD_SF_DELETE ||
                       a->cmd == DD_CMD_ORG_DISABLE;
    if (!destructive || a->yes || a->dry_run)
        return DD_EXIT_OK;
    const char *verb = a->cmd == DD_CMD_ORG_DISABLE ? "disable the org" : "delete";
    if (!isatty(STDIN_FILENO)) {
        fprintf(stderr,
                "ddorgs: refusing to %s without confirmation: stdin is not a terminal; pass "
                "--yes.\n",
                verb);
        return DD_EXIT_USAGE;
    }
    char expected[256], what[512];
    if (confirm_target(x, expected, sizeof(expected), what, sizeof(what)) != 0)
        return fail(x);
    /* Ctrl-C must end the read of the answer, not wait for Enter. */
    FILE *in = prompt_input();
    bool ok = dd_confirm_typed(in, stderr, what, expected);
    prompt_input_close(in);
    if (!ok && interrupt_signal()) {
        fprintf(stderr, "ddorgs: interrupted by %s at the confirmation prompt; nothing was "
                        "sent.\n",
                interrupt_signal() == SIGTERM ? "SIGTERM" : "SIGINT");
        return DD_EXIT_ABORTED;
    }
    if (!ok) {
        fprintf(stderr, "ddorgs: aborted: the confirmation did not match; nothing was sent.\n");
        return DD_EXIT_ABORTED;
    }
    return DD_EXIT_OK;
}

static int cmd_destructive(run_ctx *x)
{
    const dd_cli_args *a = x->a;
    if (!start_write(x))
        return fail(x);
    dd_status st;
    if (a->cmd == DD_CMD_CONN_DELETE) {
        st = dd_delete_connection(x->client, a->id, &x->err);
        if (st == DD_OK && !a->dry_run)
            dd_cli_say(stdout, "deleted connection %s\n", a->id);
    } else if (a->cmd == DD_CMD_SF_DELETE) {
        st = dd_delete_salesforce(x->client, a->id, &x->err);
        if (st == DD_OK && !a->dry_run)
            dd_cli_say(stdout, "deleted Salesforce org %s\n", a->id);
    } else {
        dd_disable_result r = {0};
        st = dd_disable_org(x->client, a->org_uuid, &r, &x->err);
        if (st == DD_OK && !a->dry_run)
            dd_cli_say(stdout, "org %s: %s\n",
                       r.org_id ? r.org_id : (a->org_uuid ? a->org_uuid : "-"),
                       r.status ? r.status : "unknown status");
        dd_disable_result_free(&r);
    }
    return st == DD_OK ? DD_EXIT_OK : fail(x);
}

static int dispatch(run_ctx *x)
{
    switch (x->a->cmd) {
    case DD_CMD_CONN_LIST: return dd_run_conn_list(x);
    case DD_CMD_CONN_CREATE:
    case DD_CMD_CONN_UPDATE: return dd_run_conn_write(x);
    case DD_CMD_SF_LIST: return dd_run_sf_list(x);
    case DD_CMD_CONN_DELETE:
    case DD_CMD_SF_DELETE:
    case DD_CMD_ORG_DISABLE: {
        int rc = confirm(x);
        return rc != DD_EXIT_OK ? rc : cmd_destructive(x);
    }
    case DD_CMD_NONE: break;
    }
    dd_error_set(&x->err, DD_E_USAGE, "no command given");
    return fail(x);
}

static int run_command(const dd_cli_args *a, const dd_config *cfg)
{
    /* Rows on a terminal are their own progress; a count on stderr is for
     * output that goes elsewhere. */
    run_ctx x = {.a = a, .progress = isatty(STDERR_FILENO) && !isatty(STDOUT_FILENO)};
    dd_error_init(&x.err);
    bool writes = dd_cli_cmd_writes(a->cmd);
    /* Refused before any prompt or request, so a read-only run never even
     * asks the server who owns a Salesforce org. */
    if (writes && cfg->read_only) {
        dd_error_set(&x.err, DD_E_READ_ONLY, "refused: '%s' changes data and read-only mode is on",
                     dd_cli_cmd_name(a->cmd));
        return fail(&x);
    }
    dd_audit *audit = NULL;
    if (writes && !a->dry_run) {
        audit = dd_audit_open(cfg->audit_path, &x.err);
        if (!audit) {
            char why[600];
            snprintf(why, sizeof(why), "%s", x.err.text);
            dd_error_clear(&x.err);
            dd_error_set(&x.err, DD_E_CONFIG,
                         "cannot open the audit log, so nothing was sent (%.400s); fix the "
                         "directory's permissions or set XDG_STATE_HOME",
                         why);
            return fail(&x);
        }
    }
    dd_client_opts o;
    dd_client_opts_from_config(&o, cfg, audit);
    o.on_wait = on_wait;
    o.on_wait_ud = &x;
    /* Scripts get the server's strings as sent; a table cleans its cells
     * when it prints them (cli_output.h). */
    o.text = DD_TEXT_EXACT;
    if (a->dry_run) {
        o.dry_run = stdout;
        o.audit = NULL;
    }
    int rc;
    x.client = dd_client_new(&o, &x.err);
    if (!x.client) {
        rc = fail(&x);
    } else {
        sig_watch watch = {0};
        /* Without a watcher nothing could cancel the transfer: then the
         * signals keep their default action rather than being ignored. */
        if (!watch_start(&watch, x.client))
            interrupts_restore();
        rc = dispatch(&x);
        /* What was printed without a document ("deleted connection ...")
         * is checked here, where it is flushed. */
        if (rc == DD_EXIT_OK && (fflush(stdout) != 0 || ferror(stdout)))
            rc = dd_run_output_failed(&x, errno ? errno : EIO);
        watch_stop(&watch);
        dd_client_free(x.client);
    }
    dd_audit_close(audit);
    dd_error_clear(&x.err);
    return rc;
}

int dd_cli_run(const dd_cli_args *a, const dd_config *cfg)
{
    interrupts_install();
    int rc = run_command(a, cfg);
    interrupts_restore();
    return rc;
}
