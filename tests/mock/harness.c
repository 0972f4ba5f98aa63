/* Test harness: runs ddorgs-mock as a child process and drives its /_mock
 * control endpoints with libcurl. */
#include "config.h"

#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#define START_TIMEOUT_MS 10000
#define STOP_TIMEOUT_MS 5000
#define MAX_ARGS 96

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_init_once(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
    }
}

/* Prints the mock's stderr so a failed start explains itself. */
static void dump_log(const mock_proc *m)
{
    FILE *f = fopen(m->log_path, "r");
    if (!f)
        return;
    char line[512];
    fprintf(stderr, "---- %s ----\n", m->log_path);
    while (fgets(line, sizeof line, f))
        fputs(line, stderr);
    fprintf(stderr, "----\n");
    fclose(f);
}

static int read_port_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    int port = -1;
    if (fscanf(f, "%d", &port) != 1)
        port = -1;
    fclose(f);
    return (port > 0 && port < 65536) ? port : -1;
}

static void remove_dir(mock_proc *m)
{
    if (!m->dir[0])
        return;
    char p[320];
    snprintf(p, sizeof p, "%s/port", m->dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/port.tmp", m->dir);
    unlink(p);
    unlink(m->log_path);
    rmdir(m->dir);
    m->dir[0] = '\0';
}

static const char *mock_binary(void)
{
    const char *bin = getenv("DDORGS_MOCK_BIN");
    return (bin && *bin) ? bin : "./ddorgs-mock";
}

int mock_start(mock_proc *m, const char *const *extra_args)
{
    memset(m, 0, sizeof *m);
    m->pid = -1;
    pthread_once(&curl_once, curl_init_once);

    const char *tmp = getenv("TMPDIR");
    if (!tmp || !*tmp)
        tmp = "/tmp";
    if (snprintf(m->dir, sizeof m->dir, "%s/ddorgs-mock-XXXXXX", tmp) >= (int)sizeof m->dir ||
        !mkdtemp(m->dir)) {
        fprintf(stderr, "mock_start: cannot create temp dir under %s: %s\n", tmp, strerror(errno));
        m->dir[0] = '\0';
        return -1;
    }
    snprintf(m->log_path, sizeof m->log_path, "%s/mock.log", m->dir);
    char port_path[300];
    snprintf(port_path, sizeof port_path, "%s/port", m->dir);

    /* Everything the child needs is built before fork(): the test process
     * may have other threads, so the child only calls async-signal-safe
     * functions. */
    const char *argv[MAX_ARGS];
    size_t n = 0;
    const char *bin = mock_binary();
    argv[n++] = bin;
    argv[n++] = "--port";
    argv[n++] = "0";
    argv[n++] = "--port-file";
    argv[n++] = port_path;
    for (size_t i = 0; extra_args && extra_args[i]; i++) {
        if (n >= MAX_ARGS - 1) {
            fprintf(stderr, "mock_start: too many arguments\n");
            remove_dir(m);
            return -1;
        }
        argv[n++] = extra_args[i];
    }
    argv[n] = NULL;

    int logfd = open(m->log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int nullfd = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (logfd < 0 || nullfd < 0) {
        fprintf(stderr, "mock_start: cannot open %s: %s\n", m->log_path, strerror(errno));
        if (logfd >= 0)
            close(logfd);
        if (nullfd >= 0)
            close(nullfd);
        remove_dir(m);
        return -1;
    }

    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "mock_start: fork: %s\n", strerror(errno));
        close(logfd);
        close(nullfd);
        remove_dir(m);
        return -1;
    }
    if (pid == 0) {
        dup2(nullfd, 0);
        dup2(nullfd, 1);
        dup2(logfd, 2);
        execv(bin, (char *const *)argv);
        static const char msg[] = "mock_start: exec of the mock binary failed\n";
        ssize_t w = write(2, msg, sizeof msg - 1);
        (void)w;
        _exit(127);
    }
    close(logfd);
    close(nullfd);
    m->pid = pid;

    for (int waited = 0; waited < START_TIMEOUT_MS; waited += 10) {
        int port = read_port_file(port_path);
        if (port > 0) {
            m->port = port;
            snprintf(m->url, sizeof m->url, "http://127.0.0.1:%d", port);
            return 0;
        }
        int st;
        if (waitpid(pid, &st, WNOHANG) == pid) {
            fprintf(stderr, "mock_start: %s exited before listening (status %d)\n", bin,
                    WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st));
            dump_log(m);
            m->pid = -1;
            remove_dir(m);
            return -1;
        }
        sleep_ms(10);
    }
    fprintf(stderr, "mock_start: %s did not listen within %d ms\n", bin, START_TIMEOUT_MS);
    dump_log(m);
    mock_stop(m);
    return -1;
}

void mock_stop(mock_proc *m)
{
    if (m->pid > 0) {
        kill(m->pid, SIGTERM);
        int st = 0;
        int done = 0;
        for (int waited = 0; waited < STOP_TIMEOUT_MS; waited += 10) {
            pid_t r = waitpid(m->pid, &st, WNOHANG);
            if (r == m->pid || (r < 0 && errno == ECHILD)) {
                done = 1;
                break;
            }
            sleep_ms(10);
        }
        if (!done) {
            fprintf(stderr, "mock_stop: pid %d ignored SIGTERM, killing it\n", (int)m->pid);
            dump_log(m);
            kill(m->pid, SIGKILL);
            waitpid(m->pid, &st, 0);
        } else if (WIFSIGNALED(st) || (WIFEXITED(st) && WEXITSTATUS(st) != 0)) {
            /* A sanitizer report or a crash lands in the log: show it. */
            fprintf(stderr, "mock_stop: mock exited abnormally (status %d)\n",
                    WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st));
            dump_log(m);
        }
        m->pid = -1;
    }
    remove_dir(m);
}

typedef struct {
    char *data;
    size_t len;
} buf;

static size_t collect(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    buf *b = userdata;
    size_t n = size * nmemb;
    char *p = realloc(b->data, b->len + n + 1);
    if (!p)
        return 0;
    memcpy(p + b->len, ptr, n);
    b->len += n;
    p[b->len] = '\0';
    b->data = p;
    return n;
}

long mock_http(mock_proc *m, const char *method, const char *path, const char *req_body,
               char **body)
{
    if (body)
        *body = NULL;
    if (!m || m->port <= 0)
        return -1;
    pthread_once(&curl_once, curl_init_once);
    CURL *c = curl_easy_init();
    if (!c)
        return -1;
    size_t ulen = strlen(m->url) + strlen(path) + 1;
    char *url = malloc(ulen);
    if (!url) {
        curl_easy_cleanup(c);
        return -1;
    }
    snprintf(url, ulen, "%s%s", m->url, path);

    buf b = {NULL, 0};
    struct curl_slist *hdrs = NULL;
    hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
    hdrs = curl_slist_append(hdrs, "Accept: application/json");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    if (req_body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, req_body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(req_body));
    } else if (strcmp(method, "GET") == 0) {
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    }
    long status = -1;
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(c);
    free(url);
    if (body && status > 0 && !b.data)
        b.data = calloc(1, 1);
    if (body && status > 0)
        *body = b.data;
    else
        free(b.data);
    return status;
}

static cJSON *get_json(mock_proc *m, const char *path)
{
    char *body = NULL;
    long st = mock_http(m, "GET", path, NULL, &body);
    cJSON *j = (st == 200 && body) ? cJSON_Parse(body) : NULL;
    free(body);
    return j;
}

cJSON *mock_state(mock_proc *m) { return get_json(m, "/_mock/state"); }

cJSON *mock_requests(mock_proc *m)
{
    cJSON *doc = get_json(m, "/_mock/requests");
    if (!doc)
        return NULL;
    cJSON *arr = cJSON_DetachItemFromObjectCaseSensitive(doc, "requests");
    cJSON_Delete(doc);
    if (arr && !cJSON_IsArray(arr)) {
        cJSON_Delete(arr);
        return NULL;
    }
    return arr;
}

int mock_count_requests(mock_proc *m, const char *method, const char *path_prefix)
{
    cJSON *arr = mock_requests(m);
    if (!arr)
        return -1;
    int count = 0;
    size_t plen = strlen(path_prefix);
    const cJSON *r;
    cJSON_ArrayForEach(r, arr) {
        const char *meth = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "method"));
        const char *path = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "path"));
        if (meth && path && strcmp(meth, method) == 0 && strncmp(path, path_prefix, plen) == 0)
            count++;
    }
    cJSON_Delete(arr);
    return count;
}

static int expect(mock_proc *m, const char *method, const char *path, const char *body,
                  long want)
{
    char *resp = NULL;
    long st = mock_http(m, method, path, body, &resp);
    if (st != want) {
        fprintf(stderr, "mock %s %s: status %ld: %s\n", method, path, st, resp ? resp : "");
        free(resp);
        return -1;
    }
    free(resp);
    return 0;
}

int mock_clear_requests(mock_proc *m) { return expect(m, "DELETE", "/_mock/requests", NULL, 200); }

int mock_add_fault(mock_proc *m, const char *fault_json)
{
    return expect(m, "POST", "/_mock/faults", fault_json, 200);
}

int mock_clear_faults(mock_proc *m) { return expect(m, "DELETE", "/_mock/faults", NULL, 200); }

int mock_load_state(mock_proc *m, const char *fixture_json)
{
    return expect(m, "PUT", "/_mock/state", fixture_json, 200);
}
