#include "demo.h"

#include "clock.h"
#include "redact.h"
#include "sanitize.h"
#include "secrets.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MOCK_NAME "ddorgs-mock"
#define START_TIMEOUT_MS 15000
#define STOP_GRACE_MS 3000
#define LOG_TAIL_LINES 5
#define LOG_LINE_MAX 200
#define DIR_PREFIX "ddorgs-demo-"
/* A directory lives only while its mock starts (START_TIMEOUT_MS, then
 * STOP_GRACE_MS at most): one older than this is never in use. */
#define STALE_AFTER_S 60

static bool executable(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && access(path, X_OK) == 0;
}

static bool try_dir(const char *dir, char *out, size_t n)
{
    int w = snprintf(out, n, "%s/%s", dir, MOCK_NAME);
    return w > 0 && (size_t)w < n && executable(out);
}

static dd_status find_mock(char *out, size_t n, dd_error *err)
{
    const char *env = getenv("DDORGS_MOCK_BIN");
    if (env && *env) {
        if (!executable(env))
            return dd_error_set(err, DD_E_CONFIG,
                                "DDORGS_MOCK_BIN=%.200s is not an executable file; fix or unset it",
                                env);
        snprintf(out, n, "%s", env);
        return DD_OK;
    }
    char self[4096];
    ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (len > 0) {
        self[len] = '\0';
        if (try_dir(dirname(self), out, n))
            return DD_OK;
    }
#ifdef DDORGS_BINDIR
    if (try_dir(DDORGS_BINDIR, out, n))
        return DD_OK;
#endif
    const char *path = getenv("PATH");
    if (path) {
        char *copy = strdup(path);
        char *save = NULL;
        for (char *d = copy ? strtok_r(copy, ":", &save) : NULL; d; d = strtok_r(NULL, ":", &save)) {
            if (*d && try_dir(d, out, n)) {
                free(copy);
                return DD_OK;
            }
        }
        free(copy);
    }
    return dd_error_set(err, DD_E_CONFIG,
                        "cannot find " MOCK_NAME " (looked next to ddorgs, in the install "
                        "directory and on PATH); install it or set DDORGS_MOCK_BIN");
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static bool random_key(const char *prefix, char *out, size_t n)
{
    unsigned char raw[16];
    if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw))
        return false;
    size_t used = (size_t)snprintf(out, n, "%s", prefix);
    for (size_t i = 0; i < sizeof(raw) && used + 2 < n; i++)
        used += (size_t)snprintf(out + used, n - used, "%02x", raw[i]);
    explicit_bzero(raw, sizeof(raw));
    return true;
}

static int read_port(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    int port = -1;
    if (fscanf(f, "%d", &port) != 1)
        port = -1;
    fclose(f);
    return port > 0 && port < 65536 ? port : -1;
}

void dd_demo_follow_parent(pid_t parent)
{
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    /* A parent that died before the call sends no signal: the child would
     * run on, reparented. Read after the call, a parent that dies later is
     * covered by the signal. */
    if (getppid() != parent)
        _exit(125);
}

/* Runs in the child between fork and exec: only async-signal-safe calls
 * matter here, and setenv is safe enough since the parent is
 * single-threaded when the demo starts (before any worker exists). */
static void child_exec(const dd_demo *d, const char *bin, const char *port_path,
                       const char *keys_path, pid_t parent)
{
    /* If ddorgs dies without stopping us, the mock goes too. */
    dd_demo_follow_parent(parent);
    /* Out of the terminal's process group: a Ctrl-C is for ddorgs, which
     * cancels its request, reports, and only then stops the mock. Sharing
     * the signal, the mock could drop the connection first and turn the
     * interruption into a network error. */
    setpgid(0, 0);
    int nul = open("/dev/null", O_RDWR | O_CLOEXEC);
    int log = open(d->log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (nul < 0 || log < 0)
        _exit(126);
    dup2(nul, STDIN_FILENO);
    dup2(nul, STDOUT_FILENO);
    dup2(log, STDERR_FILENO);
    setenv("DDORGS_MOCK_API_KEY", d->api_key, 1);
    setenv("DDORGS_MOCK_APP_KEY", d->app_key, 1);
    /* The operator's own keys have no business in the mock's environment. */
    unsetenv("DD_API_KEY");
    unsetenv("DD_APP_KEY");
    /* The account demo.h describes: its keys' org receives from the 10
     * orgs that take part and sends back to 3 (26 - 13 connections among
     * the others); the keys of every org in the keys file. */
    char *const argv[] = {(char *)MOCK_NAME, "--port", "0", "--port-file", (char *)port_path,
                          "--keys-file", (char *)keys_path,
                          "--seed", "42", "--orgs", "12", "--connections", "26",
                          "--self-connections", "13", "--sf-orgs", "6", "--quiet", NULL};
    execv(bin, argv);
    _exit(127);
}

/* The only names a demo directory holds. */
static const char *const dir_files[] = {"port", "port.tmp", "mock.log", "keys.json",
                                        "keys.json.tmp"};
#define N_DIR_FILES (sizeof(dir_files) / sizeof(dir_files[0]))

/* Removes the directory and what the mock wrote in it. The mock keeps its
 * log open: it writes on to a file that is no longer on disk. */
static void remove_files(dd_demo *d)
{
    if (!d->dir[0])
        return;
    char p[320];
    for (size_t i = 0; i < N_DIR_FILES; i++) {
        snprintf(p, sizeof(p), "%s/%s", d->dir, dir_files[i]);
        unlink(p);
    }
    rmdir(d->dir);
    d->dir[0] = '\0';
}

/* "ddorgs-demo-PID-XXXXXX": our directory's name; *pid gets PID. */
static bool our_name(const char *name, pid_t *pid)
{
    if (strncmp(name, DIR_PREFIX, strlen(DIR_PREFIX)) != 0)
        return false;
    const char *p = name + strlen(DIR_PREFIX);
    long v = 0;
    const char *digits = p;
    while (*p >= '0' && *p <= '9' && p - digits < 10)
        v = v * 10 + (*p++ - '0');
    if (p == digits || *p++ != '-' || v <= 0)
        return false;
    size_t n = 0;
    for (; p[n]; n++)
        if (!((p[n] >= '0' && p[n] <= '9') || (p[n] >= 'a' && p[n] <= 'z') ||
              (p[n] >= 'A' && p[n] <= 'Z')))
            return false;
    *pid = (pid_t)v;
    return n == 6;
}

/* Every entry of the open directory fd is one of dir_files and a regular
 * file (not a link, not a directory). */
static bool only_our_files(int fd)
{
    int dup_fd = dup(fd);
    DIR *dir = dup_fd >= 0 ? fdopendir(dup_fd) : NULL;
    if (!dir) {
        if (dup_fd >= 0)
            close(dup_fd);
        return false;
    }
    bool ok = true;
    for (struct dirent *e; ok && (e = readdir(dir));) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        bool known = false;
        for (size_t i = 0; i < N_DIR_FILES; i++)
            known = known || strcmp(e->d_name, dir_files[i]) == 0;
        struct stat sb;
        ok = known && fstatat(fd, e->d_name, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
             S_ISREG(sb.st_mode);
    }
    closedir(dir);
    return ok;
}

/* Removes name (in the directory dfd) when it is a stale demo directory. */
static bool clean_one(int dfd, const char *name, time_t now)
{
    pid_t pid;
    struct stat sb, fsb;
    if (!our_name(name, &pid) || fstatat(dfd, name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
        return false;
    /* A directory, as mkdtemp makes it for us: ours alone, mode 0700. */
    if (!S_ISDIR(sb.st_mode) || sb.st_uid != geteuid() || (sb.st_mode & 077) != 0)
        return false;
    if (now - sb.st_mtime < STALE_AFTER_S)
        return false;
    /* Its process is gone (a pid in use again keeps it until later). */
    if (kill(pid, 0) == 0 || errno != ESRCH)
        return false;
    int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return false;
    /* Still the directory looked at, and holding nothing but our files. */
    bool ok = fstat(fd, &fsb) == 0 && fsb.st_dev == sb.st_dev && fsb.st_ino == sb.st_ino &&
              only_our_files(fd);
    for (size_t i = 0; ok && i < N_DIR_FILES; i++)
        if (unlinkat(fd, dir_files[i], 0) != 0 && errno != ENOENT)
            ok = false;
    close(fd);
    return ok && unlinkat(dfd, name, AT_REMOVEDIR) == 0;
}

int dd_demo_clean_stale(const char *tmpdir)
{
    int dfd = open(tmpdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0)
        return 0;
    int dup_fd = dup(dfd);
    DIR *dir = dup_fd >= 0 ? fdopendir(dup_fd) : NULL;
    if (!dir) {
        if (dup_fd >= 0)
            close(dup_fd);
        close(dfd);
        return 0;
    }
    time_t now = time(NULL);
    int removed = 0;
    for (struct dirent *e; (e = readdir(dir));)
        removed += clean_one(dfd, e->d_name, now);
    closedir(dir);
    close(dfd);
    return removed;
}

static void stop_child(dd_demo *d)
{
    if (d->pid <= 0)
        return;
    kill(d->pid, SIGTERM);
    int64_t deadline = dd_mono_ms() + STOP_GRACE_MS;
    for (;;) {
        pid_t r = waitpid(d->pid, NULL, WNOHANG);
        if (r == d->pid || (r < 0 && errno != EINTR))
            break;
        if (dd_mono_ms() > deadline) {
            kill(d->pid, SIGKILL);
            while (waitpid(d->pid, NULL, 0) < 0 && errno == EINTR)
                ;
            break;
        }
        sleep_ms(20);
    }
    d->pid = 0;
}

void dd_demo_stop(dd_demo *d)
{
    if (!d)
        return;
    stop_child(d);
    if (d->dir[0])
        remove_files(d);
    explicit_bzero(d, sizeof(*d));
}

/* Appends one log line to the tail, cleaned (no terminal controls) and cut
 * to LOG_LINE_MAX bytes. */
static void add_tail_line(dd_demo *d, const char *line, size_t len)
{
    size_t used = strlen(d->log_tail);
    if (len > LOG_LINE_MAX)
        len = LOG_LINE_MAX;
    if (len == 0 || used + 2 >= sizeof(d->log_tail))
        return;
    dd_sanitize_into(line, len, dd_sanitize_mode, d->log_tail + used,
                     sizeof(d->log_tail) - used - 1);
    used = strlen(d->log_tail);
    d->log_tail[used] = '\n';
    d->log_tail[used + 1] = '\0';
}

/* The last lines of the mock's log, for the error message: the log lives
 * in the temporary directory, which goes when ddorgs exits, so pointing at
 * it would point at nothing. The demo keys are taken out, though the mock
 * does not log them. */
static void read_log_tail(dd_demo *d)
{
    d->log_tail[0] = '\0';
    int fd = open(d->log_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    char buf[4096];
    off_t size = lseek(fd, 0, SEEK_END);
    off_t from = size > (off_t)sizeof(buf) - 1 ? size - (off_t)(sizeof(buf) - 1) : 0;
    ssize_t got = size > 0 ? pread(fd, buf, sizeof(buf) - 1, from) : 0;
    close(fd);
    if (got <= 0)
        return;
    buf[got] = '\0';
    /* The demo keys are in the process's set of secrets (secrets.h). */
    char *text = dd_redact(NULL, buf, (size_t)got, DD_REDACT_ALL);
    explicit_bzero(buf, sizeof(buf));
    if (!text)
        return;
    size_t text_size = strlen(text) + 1;
    char *start = text;
    if (from > 0 && strchr(buf, '\n'))
        start = strchr(buf, '\n') + 1; /* a partial first line */
    size_t len = strlen(start);
    while (len && (start[len - 1] == '\n' || start[len - 1] == '\r'))
        start[--len] = '\0';
    char *first = start + len;
    for (int lines = 0; first > start; first--)
        if (first[-1] == '\n' && ++lines == LOG_TAIL_LINES)
            break;
    while (*first) {
        size_t n = strcspn(first, "\n");
        size_t keep = n && first[n - 1] == '\r' ? n - 1 : n;
        add_tail_line(d, first, keep);
        first += n + (first[n] == '\n');
    }
    explicit_bzero(text, text_size);
    free(text);
}

/* The keys are done with once the mock has them (or never will). */
static void wipe_keys(dd_demo *d)
{
    explicit_bzero(d->api_key, sizeof(d->api_key));
    explicit_bzero(d->app_key, sizeof(d->app_key));
    explicit_bzero(d->profiles, sizeof(d->profiles));
    d->n_profiles = 0;
}

/* Start failed: stop the child and keep what its log said. Exit status 3,
 * as for the other reasons a run cannot begin. */
static dd_status start_failed(dd_demo *d, dd_error *err, const char *what)
{
    stop_child(d);
    read_log_tail(d);
    wipe_keys(d);
    remove_files(d);
    return dd_error_set(err, DD_E_CONFIG, "the demo server %s%s", what,
                        d->log_tail[0] ? "; the last lines of its log follow"
                                       : "; its log is empty");
}

dd_status dd_demo_start(dd_demo *d, dd_error *err)
{
    memset(d, 0, sizeof(*d));
    char bin[4096];
    dd_status st = find_mock(bin, sizeof(bin), err);
    if (st != DD_OK)
        return st;
    if (!random_key("demo-api-", d->api_key, sizeof(d->api_key)) ||
        !random_key("demo-app-", d->app_key, sizeof(d->app_key))) {
        wipe_keys(d);
        return dd_error_set(err, DD_E_CONFIG, "cannot get random bytes for the demo keys");
    }
    if (dd_secrets_add(d->api_key) != 0 || dd_secrets_add(d->app_key) != 0) {
        wipe_keys(d);
        return dd_error_set(err, DD_E_NOMEM, "out of memory");
    }

    const char *tmp = getenv("TMPDIR");
    if (!tmp || tmp[0] != '/' || strlen(tmp) > 180)
        tmp = "/tmp";
    /* What an earlier run killed while its mock started left behind. */
    dd_demo_clean_stale(tmp);
    snprintf(d->dir, sizeof(d->dir), "%s/" DIR_PREFIX "%ld-XXXXXX", tmp, (long)getpid());
    if (!mkdtemp(d->dir)) {
        int e = errno;
        d->dir[0] = '\0';
        wipe_keys(d);
        return dd_error_set(err, DD_E_CONFIG, "cannot create a temporary directory in %s: %s",
                            tmp, strerror(e));
    }
    snprintf(d->log_path, sizeof(d->log_path), "%s/mock.log", d->dir);
    char port_path[300], keys_path[300];
    snprintf(port_path, sizeof(port_path), "%s/port", d->dir);
    snprintf(keys_path, sizeof(keys_path), "%s/keys.json", d->dir);

    fflush(NULL);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        remove_files(d);
        wipe_keys(d);
        return dd_error_set(err, DD_E_CONFIG, "cannot start the demo server: %s", strerror(e));
    }
    if (pid == 0)
        child_exec(d, bin, port_path, keys_path, parent);
    d->pid = pid;

    int64_t deadline = dd_mono_ms() + START_TIMEOUT_MS;
    for (;;) {
        int port = read_port(port_path);
        if (port > 0) {
            d->port = port;
            snprintf(d->url, sizeof(d->url), "http://127.0.0.1:%d", port);
            /* Written before the port: the account's profiles. */
            if (dd_demo_read_keys(d, keys_path, err) != DD_OK) {
                char what[700];
                snprintf(what, sizeof(what), "wrote no usable keys file (%.600s)", err->text);
                dd_error_clear(err);
                return start_failed(d, err, what);
            }
            /* Nothing stays on disk while the demo runs, so a ddorgs killed
             * now (SIGKILL) leaves nothing behind. */
            remove_files(d);
            return DD_OK;
        }
        int status;
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid) {
            d->pid = 0;
            char what[300];
            if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
                snprintf(what, sizeof(what), "could not be run from %.150s", bin);
            else if (WIFEXITED(status))
                snprintf(what, sizeof(what), "%.150s exited with status %d before listening",
                         bin, WEXITSTATUS(status));
            else
                snprintf(what, sizeof(what), "%.150s was killed by signal %d before listening",
                         bin, WIFSIGNALED(status) ? WTERMSIG(status) : 0);
            return start_failed(d, err, what);
        }
        if (dd_mono_ms() > deadline)
            return start_failed(d, err, "did not start listening within 15 seconds (it was "
                                        "stopped)");
        sleep_ms(20);
    }
}
