#include "keycmd.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "clock.h"
#include "config_file.h"

extern char **environ;

/* How the command is wired to ddorgs's terminal. */
typedef struct wiring {
    int in_fd;        /* its stdin; -1: ddorgs's own (the terminal) */
    int err_fd;       /* its stderr; -1: ddorgs's own */
    bool own_session; /* setsid: no controlling terminal */
    bool foreground;  /* made the terminal's foreground process group */
} wiring;

/* What the run produced, for the verdict. */
typedef struct outcome {
    char line[DD_KEYCMD_MAX_KEY + 2];
    size_t line_len;
    bool line_done;    /* a newline ended the first line */
    bool line_long;    /* the first line did not fit */
    size_t total;      /* bytes read */
    bool too_much;     /* more than DD_KEYCMD_MAX_OUTPUT */
    bool timed_out;
    int status;        /* waitpid status; valid when reaped */
    bool reaped;
} outcome;

/* Moves fd above 2 so that the child's dup2 onto 0-2 cannot clobber it
 * (when ddorgs runs with a standard descriptor closed). */
static int above_stdio(int fd)
{
    if (fd < 0 || fd > 2)
        return fd;
    int moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    close(fd);
    return moved;
}

/* Runs in the child between fork and exec: async-signal-safe calls only
 * (the parent may have other threads). Every signal is blocked on entry. */
static void child_exec(const wiring *w, int out_fd, const char *command, char *const envp[])
{
    if (w->own_session)
        setsid();
    else
        setpgid(0, 0);
    /* SIGTTOU is blocked, so a background group may take the terminal. */
    if (w->foreground)
        tcsetpgrp(STDIN_FILENO, getpid());
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    for (int s = 1; s < NSIG; s++)
        if (s != SIGKILL && s != SIGSTOP)
            sigaction(s, &sa, NULL); /* SIGPIPE and SIGCHLD included */
    if (w->in_fd >= 0)
        dup2(w->in_fd, STDIN_FILENO);
    dup2(out_fd, STDOUT_FILENO);
    if (w->err_fd >= 0)
        dup2(w->err_fd, STDERR_FILENO);
#ifdef SYS_close_range
    if (syscall(SYS_close_range, 3U, ~0U, 0U) != 0)
#endif
        for (int fd = 3; fd < 65536; fd++)
            close(fd);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    char *const argv[] = {(char *)"sh", (char *)"-c", (char *)command, NULL};
    execve("/bin/sh", argv, envp);
    _exit(127);
}

/* environ without the keys: the command has no business with them. The
 * array is malloc'd, the strings are environ's. */
static char **child_env(void)
{
    size_t n = 0;
    while (environ && environ[n])
        n++;
    char **env = calloc(n + 1, sizeof(*env));
    if (!env)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "DD_API_KEY=", 11) != 0 &&
            strncmp(environ[i], "DD_APP_KEY=", 11) != 0)
            env[k++] = environ[i];
    return env;
}

static int open_pidfd(pid_t pid)
{
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    (void)pid;
    return -1;
#endif
}

/* Takes a chunk of output: the first line is kept, the rest only counted. */
static void take(outcome *o, const char *buf, size_t n)
{
    o->total += n;
    if (o->total > DD_KEYCMD_MAX_OUTPUT)
        o->too_much = true;
    if (o->line_done || o->line_long)
        return;
    const char *nl = memchr(buf, '\n', n);
    size_t part = nl ? (size_t)(nl - buf) : n;
    if (o->line_len + part > DD_KEYCMD_MAX_KEY + 1) {
        o->line_long = true;
        return;
    }
    memcpy(o->line + o->line_len, buf, part);
    o->line_len += part;
    o->line_done = nl != NULL;
}

/* Reads what the pipe holds now. Returns false at end of file. */
static bool drain(int fd, outcome *o)
{
    char buf[4096];
    bool open = true;
    for (;;) {
        ssize_t r = read(fd, buf, sizeof(buf));
        if (r > 0) {
            take(o, buf, (size_t)r);
            if (o->too_much)
                break;
            continue;
        }
        if (r < 0 && errno == EINTR)
            continue;
        open = r < 0; /* EAGAIN: more may come; 0: end of file */
        break;
    }
    explicit_bzero(buf, sizeof(buf));
    return open;
}

static void kill_group(pid_t pid)
{
    kill(-pid, SIGKILL);
    kill(pid, SIGKILL); /* in case it had not made its group yet */
}

static void reap(pid_t pid, outcome *o)
{
    while (!o->reaped) {
        pid_t r = waitpid(pid, &o->status, 0);
        if (r == pid)
            o->reaped = true;
        else if (!(r < 0 && errno == EINTR))
            break;
    }
}

/* Waits for the command's output and its end, within timeout_ms. */
static void supervise(pid_t pid, int out_fd, int timeout_ms, bool without_pidfd, outcome *o)
{
    int pidfd = without_pidfd ? -1 : open_pidfd(pid);
    int64_t deadline = dd_mono_ms() + timeout_ms;
    bool open = true;
    while (!o->reaped) {
        int64_t left = deadline - dd_mono_ms();
        if (left <= 0) {
            o->timed_out = true;
            break;
        }
        struct pollfd pf[2];
        nfds_t n = 0;
        if (open)
            pf[n++] = (struct pollfd){.fd = out_fd, .events = POLLIN};
        if (pidfd >= 0)
            pf[n++] = (struct pollfd){.fd = pidfd, .events = POLLIN};
        /* Without a pidfd (a kernel before 5.3, a filter refusing it) the
         * end is checked every 50 ms: a wait, not a spin. */
        int wait = pidfd >= 0 ? (int)left : (int)(left < 50 ? left : 50);
        int r = n ? poll(pf, n, wait) : poll(NULL, 0, wait);
        if (r < 0 && errno != EINTR)
            break;
        if (open && r > 0 && (pf[0].revents & (POLLIN | POLLHUP | POLLERR)))
            open = drain(out_fd, o);
        if (o->too_much)
            break;
        pid_t w = waitpid(pid, &o->status, WNOHANG);
        if (w == pid) {
            o->reaped = true;
            /* What it wrote before it ended is in the pipe; a process it
             * left behind may hold the pipe open, so no wait for EOF. */
            if (open)
                drain(out_fd, o);
        } else if (w < 0 && errno != EINTR) {
            break;
        }
    }
    if (!o->reaped) {
        kill_group(pid);
        reap(pid, o);
    }
    if (pidfd >= 0)
        close(pidfd);
}

/* Gives the terminal back to ddorgs's process group. A background group
 * setting the foreground would get SIGTTOU: blocked meanwhile. */
static void take_terminal_back(void)
{
    if (tcgetpgrp(STDIN_FILENO) == getpgrp())
        return;
    sigset_t ttou, old;
    sigemptyset(&ttou);
    sigaddset(&ttou, SIGTTOU);
    pthread_sigmask(SIG_BLOCK, &ttou, &old);
    tcsetpgrp(STDIN_FILENO, getpgrp());
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

static dd_status fail(const dd_keycmd *k, dd_error *err, const char *what)
{
    char where[600] = "";
    if (k->where)
        snprintf(where, sizeof(where), " (%s)", k->where);
    char hint[300];
    if (k->no_terminal)
        snprintf(hint, sizeof(hint),
                 "; in the console it runs without a terminal (no input, its messages "
                 "discarded): try 'ddorgs --profile %s connections list' in a shell",
                 k->profile);
    else
        snprintf(hint, sizeof(hint), "; run it in a shell to see why, or set %s", k->env_name);
    return dd_error_set(err, DD_E_CONFIG, "profile %s: %s%s %s%s", k->profile, k->setting, where,
                        what, hint);
}

/* The verdict on a finished run; the line itself is never part of it. */
static dd_status judge(const dd_keycmd *k, int timeout_ms, outcome *o, char **key, dd_error *err)
{
    char what[200];
    if (o->timed_out) {
        snprintf(what, sizeof(what),
                 "did not finish within %d s and was stopped (is it waiting for input?)",
                 (timeout_ms + 999) / 1000);
        return fail(k, err, what);
    }
    if (o->too_much) {
        snprintf(what, sizeof(what), "printed more than %d KiB, not a key",
                 DD_KEYCMD_MAX_OUTPUT / 1024);
        return fail(k, err, what);
    }
    if (!o->reaped)
        return fail(k, err, "could not be waited for");
    if (WIFSIGNALED(o->status)) {
        int s = WTERMSIG(o->status);
        const char *name = sigabbrev_np(s);
        snprintf(what, sizeof(what), "was killed by signal %d (SIG%s)", s, name ? name : "?");
        return fail(k, err, what);
    }
    int code = WIFEXITED(o->status) ? WEXITSTATUS(o->status) : -1;
    if (code == 127)
        return fail(k, err, "failed: the shell could not find the command (exit status 127)");
    if (code == 126)
        return fail(k, err, "failed: the command cannot be run (exit status 126)");
    if (code > 128 && code < 128 + NSIG && sigabbrev_np(code - 128)) {
        snprintf(what, sizeof(what),
                 "exited with status %d (a command it ran was killed by signal %d, SIG%s)", code,
                 code - 128, sigabbrev_np(code - 128));
        return fail(k, err, what);
    }
    if (code != 0) {
        snprintf(what, sizeof(what), "exited with status %d%s", code,
                 k->no_terminal ? "" : " (its messages, if any, went to stderr)");
        return fail(k, err, what);
    }
    if (o->total == 0)
        return fail(k, err, "printed nothing; it must print the key on its first line");
    if (o->line_len > 0 && o->line[o->line_len - 1] == '\r')
        o->line_len--;
    o->line[o->line_len] = '\0';
    if (o->line_len > DD_KEYCMD_MAX_KEY)
        o->line_long = true;
    if (o->line_long) {
        snprintf(what, sizeof(what),
                 "printed a first line longer than %d characters; it must print only the key",
                 DD_KEYCMD_MAX_KEY);
        return fail(k, err, what);
    }
    if (o->line_len == 0)
        return fail(k, err, "printed an empty first line; it must print the key on its first "
                            "line");
    if (!dd_cfg_key_chars_ok(o->line))
        return fail(k, err, "printed a first line with a space, a control or a non-ASCII "
                            "character, which a key cannot hold; it must print only the key");
    *key = strdup(o->line);
    if (!*key)
        return dd_error_set(err, DD_E_NOMEM, "out of memory");
    return DD_OK;
}

dd_status dd_keycmd_run(const dd_keycmd *k, char **key, dd_error *err)
{
    *key = NULL;
    int timeout_ms = k->timeout_ms > 0 ? k->timeout_ms : DD_KEYCMD_TIMEOUT_MS;
    wiring w = {.in_fd = -1, .err_fd = -1};
    int nul = -1;
    if (k->no_terminal || !isatty(STDIN_FILENO)) {
        nul = above_stdio(open("/dev/null", O_RDWR | O_CLOEXEC));
        if (nul < 0)
            return fail(k, err, "cannot be started: /dev/null cannot be opened");
        w.in_fd = nul;
        if (k->no_terminal) {
            w.err_fd = nul;
            w.own_session = true;
        }
    } else {
        w.foreground = tcgetpgrp(STDIN_FILENO) == getpgrp();
    }
    int p[2] = {-1, -1};
    char **envp = NULL;
    dd_status st = DD_OK;
    if (pipe2(p, O_CLOEXEC) != 0 || (p[0] = above_stdio(p[0])) < 0 ||
        (p[1] = above_stdio(p[1])) < 0 || !(envp = child_env())) {
        char what[160];
        snprintf(what, sizeof(what), "cannot be started: %s", strerror(errno));
        st = fail(k, err, what);
        goto out;
    }

    /* Blocked across fork so that no handler of ddorgs runs in the child
     * before it resets them; the child unblocks before exec. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pid_t pid = fork();
    if (pid == 0)
        child_exec(&w, p[1], k->command, envp);
    int fork_errno = errno;
    if (pid > 0 && !w.own_session)
        setpgid(pid, pid); /* as the child does: whichever runs first */
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    close(p[1]);
    p[1] = -1;
    if (pid < 0) {
        char what[160];
        snprintf(what, sizeof(what), "cannot be started: %s", strerror(fork_errno));
        st = fail(k, err, what);
        goto out;
    }
    fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK);
    outcome *o = calloc(1, sizeof(*o));
    if (!o) {
        kill_group(pid);
        outcome gone = {0};
        reap(pid, &gone);
        st = dd_error_set(err, DD_E_NOMEM, "out of memory");
    } else {
        supervise(pid, p[0], timeout_ms, k->without_pidfd, o);
        st = judge(k, timeout_ms, o, key, err);
        explicit_bzero(o, sizeof(*o));
        free(o);
    }
    if (w.foreground)
        take_terminal_back();
out:
    free(envp);
    if (p[0] >= 0)
        close(p[0]);
    if (p[1] >= 0)
        close(p[1]);
    if (nul >= 0)
        close(nul);
    return st;
}
