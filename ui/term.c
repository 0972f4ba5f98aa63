#define _GNU_SOURCE  /* ppoll */
#include "term.h"

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "sanitize.h"

static volatile sig_atomic_t quit_flag;  /* the signal that asked us to quit, 0 if none */
static bool started;
static struct termios saved_tio;
static bool have_tio;
static sigset_t wait_mask;     /* the mask while waiting in ppoll */
static int saved_stderr = -1;
static FILE *captured;
static SCREEN *screen;

/* The way back for a process about to die of a signal, where curses cannot
 * be called: the bytes that end the console's modes (sgr0, cnorm, rmkx,
 * rmcup of this terminal's terminfo entry, padding removed), computed while
 * curses is up, and the tty's modes from before curses (saved_tio). Armed
 * between term_start and term_end; the first handler to disarm it writes. */
static char restore_seq[512];
static size_t restore_len;
static atomic_int restore_armed;

/* Signals whose default action ends the process, other than the three that
 * quit in order (SIGINT, SIGTERM, SIGHUP): the terminal is restored, then
 * the process dies of the signal itself (a core where one is allowed).
 * SIGPROF is left to profilers; real-time signals to the C library. */
static const int fatal_signals[] = {
    SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV, SIGSYS,
    SIGXCPU, SIGXFSZ, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM,
};
#define N_FATAL (sizeof(fatal_signals) / sizeof(fatal_signals[0]))
static struct sigaction fatal_old[N_FATAL];
static bool fatal_set[N_FATAL];

#if defined(__SANITIZE_ADDRESS__)
/* ASan builds: ncurses allocates the stdscr pseudo panel with the first
 * new_panel() and no call ever frees it (delscreen leaves it behind). A
 * dialog's own panel is not hidden by this: a leaked dialog is reported
 * through the dialog's allocation. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:new_panel\n";
}
#endif

static void on_quit_signal(int sig)
{
    quit_flag = sig;
}

/* Appends terminfo capability cap to the restore bytes, without its
 * padding specifications ("$<5>", "$<2*>"): delays are for tputs, which
 * a signal handler cannot call. */
static void restore_add(const char *cap)
{
    const char *s = tigetstr(cap);
    if (!s || s == (char *)-1)
        return;
    while (*s && restore_len < sizeof(restore_seq)) {
        if (s[0] == '$' && s[1] == '<') {
            const char *e = s + 2;
            while ((*e >= '0' && *e <= '9') || *e == '.' || *e == '*' || *e == '/')
                e++;
            if (*e == '>' && e > s + 2) {
                s = e + 1;
                continue;
            }
        }
        restore_seq[restore_len++] = *s++;
    }
}

void term_mouse_on(void)
{
    /* What ncurses sends to end mouse reporting on xterm-like terminals
     * (normal, button-event and SGR modes): a crash must not leave the
     * terminal reporting clicks to the shell. */
    static const char off[] = "\033[?1006l\033[?1002l\033[?1000l";
    size_t len = restore_len;
    if (len + sizeof(off) - 1 > sizeof(restore_seq))
        return;
    /* The bytes first, then the length: a handler running meanwhile sees
     * the old sequence whole. */
    memcpy(restore_seq + len, off, sizeof(off) - 1);
    restore_len = len + sizeof(off) - 1;
}

/* Async-signal-safe: write(2) and tcsetattr(3) only. */
static void restore_now(void)
{
    if (!atomic_exchange(&restore_armed, 0))
        return;
    for (size_t off = 0; off < restore_len;) {
        ssize_t w = write(STDOUT_FILENO, restore_seq + off, restore_len - off);
        if (w > 0)
            off += (size_t)w;
        else if (w < 0 && errno == EINTR)
            continue;
        else
            break;   /* nothing more can be done from here */
    }
    if (have_tio)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);   /* no wait on a stopped tty */
}

/* SIGQUIT and the crash signals: give the terminal back, then die of the
 * same signal, so that the exit status, and a core where one is allowed,
 * say what happened. A signal sent (kill, raise, abort) is raised again
 * with its default action: blocked while this runs, it is delivered on
 * return. A fault the kernel sent (SEGV, BUS, FPE, ILL) comes back by
 * itself, with its details, when the instruction runs again: it goes to
 * what handled it before the console (the default action, or a
 * sanitizer's report). */
static void on_fatal_signal(int sig, siginfo_t *info, void *uctx)
{
    (void)uctx;
    int saved_errno = errno;
    restore_now();
    const struct sigaction *old = NULL;
    for (size_t i = 0; i < N_FATAL; i++)
        if (fatal_signals[i] == sig && fatal_set[i])
            old = &fatal_old[i];
    bool refaults = info && info->si_code > 0 &&
                    (sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE || sig == SIGILL);
    if (refaults && old) {
        sigaction(sig, old, NULL);
    } else {
        signal(sig, SIG_DFL);
        if (!refaults)
            raise(sig);
    }
    errno = saved_errno;
}

static void fatal_handlers_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_fatal_signal;
    sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < N_FATAL; i++) {
        /* A signal ignored by whoever started ddorgs stays ignored. */
        fatal_set[i] = sigaction(fatal_signals[i], NULL, &fatal_old[i]) == 0 &&
                       fatal_old[i].sa_handler != SIG_IGN &&
                       sigaction(fatal_signals[i], &sa, NULL) == 0;
    }
}

static void fatal_handlers_remove(void)
{
    for (size_t i = 0; i < N_FATAL; i++)
        if (fatal_set[i])
            sigaction(fatal_signals[i], &fatal_old[i], NULL);
    memset(fatal_set, 0, sizeof(fatal_set));
}

bool term_start(char *why, size_t n)
{
    have_tio = tcgetattr(STDIN_FILENO, &saved_tio) == 0;
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        snprintf(why, n, "the console needs a terminal (use a subcommand for scripts)");
        return false;
    }
    screen = newterm(NULL, stdout, stdin);
    if (!screen) {
        /* The name is the environment's: cleaned before it is printed. */
        const char *term = getenv("TERM") ? getenv("TERM") : "";
        char shown[200];
        size_t len = strlen(term);
        dd_sanitize_into(term, len > 64 ? 64 : len, dd_sanitize_mode, shown, sizeof(shown));
        snprintf(why, n, "cannot use the terminal (TERM=%s)", shown);
        return false;
    }
    started = true;
    /* Library code may print to stderr; on the screen it would corrupt the
     * display, so it is kept aside and shown after the terminal is back.
     * A stderr that is not the terminal is left alone: nothing to corrupt,
     * and what is written there (a sanitizer report before an abort, say)
     * must not be lost with the temporary file. */
    fflush(stderr);
    captured = isatty(STDERR_FILENO) ? tmpfile() : NULL;
    if (captured) {
        saved_stderr = dup(STDERR_FILENO);
        if (saved_stderr >= 0)
            dup2(fileno(captured), STDERR_FILENO);
    }
    cbreak();
    noecho();
    nonl();
    set_escdelay(25);
    curs_set(0);
    keypad(stdscr, TRUE);
    leaveok(stdscr, FALSE);

    /* What endwin would undo, in the order it does: attributes, cursor,
     * keypad, alternate screen (without one, a new line for the shell). */
    restore_len = 0;
    restore_add("sgr0");
    restore_add("cnorm");
    restore_add("rmkx");
    size_t before = restore_len;
    restore_add("rmcup");
    if (restore_len == before && restore_len + 2 <= sizeof(restore_seq)) {
        restore_seq[restore_len++] = '\r';
        restore_seq[restore_len++] = '\n';
    }
    atomic_store(&restore_armed, 1);

    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_quit_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    fatal_handlers_install();

    /* Signals that end the wait are blocked outside ppoll, so none is lost
     * between checking the flag and sleeping. */
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigaddset(&block, SIGWINCH);
    sigprocmask(SIG_BLOCK, &block, &wait_mask);
    sigdelset(&wait_mask, SIGINT);
    sigdelset(&wait_mask, SIGTERM);
    sigdelset(&wait_mask, SIGHUP);
    sigdelset(&wait_mask, SIGWINCH);
    return true;
}

void term_end(void)
{
    if (!started)
        return;
    started = false;
    endwin();
    /* The terminal is back: a signal from here on finds nothing to undo. */
    atomic_store(&restore_armed, 0);
    fatal_handlers_remove();
    if (screen) {
        delscreen(screen);
        screen = NULL;
    }
    fflush(stdout);
    fflush(stderr);
    if (saved_stderr >= 0) {
        dup2(saved_stderr, STDERR_FILENO);
        close(saved_stderr);
        saved_stderr = -1;
    }
    if (captured) {
        rewind(captured);
        char buf[4096];
        size_t got;
        while ((got = fread(buf, 1, sizeof(buf), captured)) > 0)
            fwrite(buf, 1, got, stderr);
        fclose(captured);
        captured = NULL;
    }
}

int term_poll(struct pollfd *fds, int n, int timeout_ms)
{
    struct timespec ts, *tp = NULL;
    if (timeout_ms >= 0) {
        ts.tv_sec = timeout_ms / 1000;
        ts.tv_nsec = (long)(timeout_ms % 1000) * 1000000L;
        tp = &ts;
    }
    return ppoll(fds, (nfds_t)n, tp, &wait_mask);
}

bool term_quit_requested(void)
{
    return quit_flag != 0;
}

int term_quit_signal(void)
{
    return quit_flag;
}

void term_fatal(const char *fmt, ...)
{
    term_end();
    va_list ap;
    va_start(ap, fmt);
    fputs("ddorgs: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}
