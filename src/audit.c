#include "audit.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "private_file.h"
#include "redact.h"

struct dd_audit {
    int fd;
    pthread_mutex_t mu;  /* one line at a time from this process */
    uint64_t id_base;
    uint64_t id_next;
};

/* Words of the refusals of a log that is not a regular file. */
#define LOG_USE "writes only to"
#define LOG_AFTER_MOVE " and ddorgs starts a new log there"

/* ids stay below 2^53 so any JSON reader (jq, JavaScript) keeps them exact. */
#define ID_MASK ((UINT64_C(1) << 53) - 1)

static int mkdirs_0700(const char *path, dd_error *err)
{
    char *dir = strdup(path);
    if (!dir)
        return dd_error_set(err, DD_E_NOMEM, "out of memory"), -1;
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir) {
        free(dir);
        return 0;
    }
    *slash = '\0';
    for (char *p = dir + 1; ; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char saved = *p;
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
            dd_error_set(err, DD_E_IO, "cannot create directory %s: %s", dir, strerror(errno));
            free(dir);
            return -1;
        }
        *p = saved;
        if (saved == '\0')
            break;
    }
    free(dir);
    return 0;
}

dd_audit *dd_audit_open(const char *path, dd_error *err)
{
    if (!path || !*path) {
        dd_error_set(err, DD_E_IO, "no audit log path");
        return NULL;
    }
    if (mkdirs_0700(path, err) != 0)
        return NULL;
    /* Checked as the config file is (private_file.h): no link, no FIFO
     * (the open does not block), the user's or root's, in a directory only
     * they can write, and not writable by others. Read-write so that the
     * last byte can be read through the same descriptor. */
    static const dd_private_file spec = {.what = "audit log", .use = LOG_USE,
                                         .after_move = LOG_AFTER_MOVE, .code = DD_E_IO,
                                         .append = true};
    struct stat st;
    int fd = dd_private_open(path, &spec, &st, err);
    if (fd < 0)
        return NULL;
    /* Readable by others is only a leak from now on: narrowed, not refused. */
    if ((st.st_mode & 077) && fchmod(fd, 0600) != 0) {
        dd_error_set(err, DD_E_IO, "audit log %s is readable by others and cannot be fixed: %s",
                     path, strerror(errno));
        close(fd);
        return NULL;
    }
    /* A crash mid-write can leave a line without its newline; end it so the
     * next record starts on a line of its own. */
    if (st.st_size > 0) {
        char last = '\n';
        if (pread(fd, &last, 1, st.st_size - 1) != 1)
            last = '\n';
        if (last != '\n' && write(fd, "\n", 1) != 1) {
            dd_error_set(err, DD_E_IO, "cannot write audit log %s: %s", path, strerror(errno));
            close(fd);
            return NULL;
        }
    }

    dd_audit *a = calloc(1, sizeof(*a));
    if (!a || pthread_mutex_init(&a->mu, NULL) != 0) {
        free(a);
        close(fd);
        dd_error_set(err, DD_E_NOMEM, "out of memory");
        return NULL;
    }
    a->fd = fd;
    /* A random base keeps ids of different runs from colliding, so an
     * intent pairs with its own outcome in a long log. */
    uint64_t base = 0;
    if (getrandom(&base, sizeof(base), GRND_NONBLOCK) != (ssize_t)sizeof(base))
        base = (uint64_t)time(NULL) << 20 ^ (uint64_t)getpid();
    a->id_base = base & ID_MASK & ~UINT64_C(0xFFFFF);
    a->id_next = 1;
    return a;
}

void dd_audit_close(dd_audit *a)
{
    if (!a)
        return;
    close(a->fd);
    pthread_mutex_destroy(&a->mu);
    free(a);
}

static int add_text(cJSON *obj, const char *name, const char *value)
{
    if (!value)
        return cJSON_AddNullToObject(obj, name) ? 0 : -1;
    /* Every key the process loaded (secrets.h), in any form, whatever
     * field it came through: a target names what a server sent. */
    char *clean = dd_redact(NULL, value, strlen(value), DD_REDACT_ALL);
    if (!clean)
        return -1;
    cJSON *item = cJSON_AddStringToObject(obj, name, clean);
    free(clean);
    return item ? 0 : -1;
}

static dd_status write_record(dd_audit *a, uint64_t id, const char *phase, const char *profile,
                              const char *site, const char *op, const char *target,
                              const char *detail, bool with_outcome, long status,
                              const char *error, dd_error *err)
{
    time_t now = time(NULL);
    struct tm tm;
    char iso[32];
    gmtime_r(&now, &tm);
    strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%SZ", &tm);
    char idtext[24];
    snprintf(idtext, sizeof(idtext), "%" PRIu64, id);

    cJSON *o = cJSON_CreateObject();
    bool ok = o && cJSON_AddStringToObject(o, "time", iso) &&
              cJSON_AddNumberToObject(o, "unix", (double)now) &&
              /* Raw keeps every digit of the 53-bit id exact. */
              cJSON_AddRawToObject(o, "id", idtext) &&
              cJSON_AddStringToObject(o, "phase", phase) && add_text(o, "op", op) == 0 &&
              add_text(o, "target", target) == 0 && add_text(o, "profile", profile) == 0 &&
              add_text(o, "site", site) == 0;
    if (ok && !with_outcome)
        ok = add_text(o, "detail", detail) == 0;
    if (ok && with_outcome) {
        ok = (status > 0 ? cJSON_AddNumberToObject(o, "status", (double)status)
                         : cJSON_AddNullToObject(o, "status")) != NULL &&
             add_text(o, "error", error) == 0;
    }
    char *json = ok ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    if (!json)
        return dd_error_set(err, DD_E_NOMEM, "out of memory writing the audit log");
    size_t len = strlen(json);
    char *line = realloc(json, len + 2);
    if (!line) {
        free(json);
        return dd_error_set(err, DD_E_NOMEM, "out of memory writing the audit log");
    }
    line[len++] = '\n';
    line[len] = '\0';

    dd_status st = DD_OK;
    pthread_mutex_lock(&a->mu);
    /* One write() per record: with O_APPEND the line lands whole at the
     * end even when another process appends too. */
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(a->fd, line + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            st = dd_error_set(err, DD_E_IO, "cannot write the audit log: %s",
                              w < 0 ? strerror(errno) : "short write");
            break;
        }
        off += (size_t)w;
    }
    if (st == DD_OK && fsync(a->fd) != 0)
        st = dd_error_set(err, DD_E_IO, "cannot sync the audit log: %s", strerror(errno));
    pthread_mutex_unlock(&a->mu);
    free(line);
    return st;
}

uint64_t dd_audit_intent(dd_audit *a, const char *profile, const char *site, const char *op,
                         const char *target, const char *detail, dd_error *err)
{
    if (!a || !op) {
        dd_error_set(err, DD_E_IO, "no audit log open");
        return 0;
    }
    pthread_mutex_lock(&a->mu);
    uint64_t id = (a->id_base | (a->id_next++ & 0xFFFFF)) & ID_MASK;
    pthread_mutex_unlock(&a->mu);
    if (id == 0)
        id = 1;
    if (write_record(a, id, "intent", profile, site, op, target, detail, false, 0, NULL, err) !=
        DD_OK)
        return 0;
    return id;
}

dd_status dd_audit_outcome(dd_audit *a, uint64_t id, const char *profile, const char *site,
                           const char *op, const char *target, long status,
                           const char *error, dd_error *err)
{
    if (!a || !op)
        return dd_error_set(err, DD_E_IO, "no audit log open");
    return write_record(a, id, "outcome", profile, site, op, target, NULL, true, status, error,
                        err);
}

static void copy_field(char *dst, size_t n, const cJSON *obj, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    snprintf(dst, n, "%s", cJSON_IsString(v) && v->valuestring ? v->valuestring : "");
}

/* Parses one line into e; false for a torn or foreign line. */
static bool parse_line(const char *line, size_t len, dd_audit_entry *e)
{
    cJSON *o = cJSON_ParseWithLength(line, len);
    if (!cJSON_IsObject(o)) {
        cJSON_Delete(o);
        return false;
    }
    const cJSON *phase = cJSON_GetObjectItemCaseSensitive(o, "phase");
    const cJSON *op = cJSON_GetObjectItemCaseSensitive(o, "op");
    if (!cJSON_IsString(phase) || !cJSON_IsString(op)) {
        cJSON_Delete(o);
        return false;
    }
    memset(e, 0, sizeof(*e));
    const cJSON *unix_time = cJSON_GetObjectItemCaseSensitive(o, "unix");
    e->time = cJSON_IsNumber(unix_time) ? (int64_t)unix_time->valuedouble : 0;
    copy_field(e->phase, sizeof(e->phase), o, "phase");
    copy_field(e->op, sizeof(e->op), o, "op");
    copy_field(e->target, sizeof(e->target), o, "target");
    copy_field(e->profile, sizeof(e->profile), o, "profile");
    copy_field(e->site, sizeof(e->site), o, "site");
    if (strcmp(e->phase, "outcome") == 0) {
        const cJSON *error = cJSON_GetObjectItemCaseSensitive(o, "error");
        const cJSON *status = cJSON_GetObjectItemCaseSensitive(o, "status");
        if (cJSON_IsString(error) && error->valuestring)
            snprintf(e->result, sizeof(e->result), "error: %s", error->valuestring);
        else if (cJSON_IsNumber(status))
            snprintf(e->result, sizeof(e->result), "%ld", (long)status->valuedouble);
    }
    cJSON_Delete(o);
    return true;
}

/* Parses the complete lines of buf[0..len) (the first one is skipped when
 * partial) and keeps the last n valid records in a ring. */
static size_t collect(const char *buf, size_t len, bool first_partial, size_t n,
                      dd_audit_entry *ring, size_t *seen)
{
    size_t valid = 0;
    const char *p = buf, *end = buf + len;
    if (first_partial) {
        const char *nl = memchr(p, '\n', len);
        p = nl ? nl + 1 : end;
    }
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *line_end = nl ? nl : end;
        dd_audit_entry e;
        if (line_end > p && parse_line(p, (size_t)(line_end - p), &e)) {
            ring[valid % n] = e;
            valid++;
        }
        p = nl ? nl + 1 : end;
    }
    *seen = valid;
    return valid < n ? valid : n;
}

dd_status dd_audit_read_recent(const char *path, size_t n, dd_audit_entry **out, size_t *count,
                               dd_error *err)
{
    *out = NULL;
    *count = 0;
    if (n == 0)
        return DD_OK;
    static const dd_private_file spec = {.what = "audit log", .use = LOG_USE,
                                         .after_move = LOG_AFTER_MOVE, .code = DD_E_IO};
    struct stat st;
    int fd = dd_private_open(path, &spec, &st, err);
    if (fd == DD_PRIVATE_MISSING)
        return DD_OK;
    if (fd < 0)
        return err ? err->code : DD_E_IO;
    dd_audit_entry *ring = calloc(n, sizeof(*ring));
    if (!ring) {
        close(fd);
        return dd_error_set(err, DD_E_NOMEM, "out of memory");
    }
    /* Read a window at the end of the file, widening it until it holds n
     * good records or the whole file: the log only grows, so reading it all
     * each time would get slower for ever. */
    size_t size = (size_t)st.st_size;
    size_t window = 64 * 1024 + n * 512;
    char *buf = NULL;
    size_t got = 0, seen = 0;
    dd_status rc = DD_OK;
    for (;;) {
        if (window > size)
            window = size;
        char *grown = realloc(buf, window ? window : 1);
        if (!grown) {
            rc = dd_error_set(err, DD_E_NOMEM, "out of memory");
            break;
        }
        buf = grown;
        off_t start = (off_t)(size - window);
        size_t have = 0;
        while (have < window) {
            ssize_t r = pread(fd, buf + have, window - have, start + (off_t)have);
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0)
                break;
            have += (size_t)r;
        }
        got = collect(buf, have, start > 0, n, ring, &seen);
        if (got >= n || window >= size)
            break;
        window *= 4;
    }
    free(buf);
    close(fd);
    if (rc != DD_OK) {
        free(ring);
        return rc;
    }
    /* Unroll the ring so the newest record is last. */
    dd_audit_entry *res = calloc(got ? got : 1, sizeof(*res));
    if (!res) {
        free(ring);
        return dd_error_set(err, DD_E_NOMEM, "out of memory");
    }
    size_t first = seen > n ? seen % n : 0;
    for (size_t i = 0; i < got; i++)
        res[i] = ring[(first + i) % n];
    free(ring);
    *out = res;
    *count = got;
    return DD_OK;
}
