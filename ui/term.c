#define _GNU_SOURCE  /* ppoll */
#include "term.h"

#include <curses.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t quit_flag;  /* the signal that asked us to quit, 0 if none */
static bool started;
static struct termios saved_tio;
static bool have_tio;
static sigset_t wait_mask;     /* the mask while waiting in ppoll */
static int saved_stderr = -1;
static FILE *captured;
static SCREEN *screen;

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

/* Crash path: only async-signal-safe calls. Leave the alternate screen,
 * show the cursor, put the tty back, then die of the same signal. */
static void on_fatal_signal(int sig)
{
    static const char seq[] = "\033[?1049l\033[?25h\033[0m\r\n";
    if (have_tio)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
    if (write(STDOUT_FILENO, seq, sizeof(seq) - 1) < 0) {
        /* nothing more can be done from here */
    }
    signal(sig, SIG_DFL);
    raise(sig);
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
        snprintf(why, n, "cannot use the terminal (TERM=%s)", getenv("TERM") ? getenv("TERM") : "");
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

    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_quit_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    sa.sa_handler = on_fatal_signal;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGABRT, &sa, NULL);

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
