/* What the command line writes for scripts, end to end: the real binary
 * ($DDORGS_BIN) against ddorgs-mock holding hostile strings. -o json, jsonl
 * and csv carry the server's values exactly (read back with a JSON parser
 * and an RFC 4180 reader), whatever the locale; -o table stays clean. */
#include <check.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "mock/harness.h"
#include "sanitize.h"
#include "suite_main.h"

extern char **environ;

#define SELF "11111111-1111-4111-8111-111111111111"

/* The org names, as the fixture's JSON writes them. The fifth holds bytes
 * that are not UTF-8, as a careless server could send them. */
#define N_ORGS 12
static const char *const org_json_names[N_ORGS] = {
    "Evil\\u001b[2J\\u001b[31mRED\\u001b]0;pwned\\u0007",
    "clip\\u001b]52;c;SGVsbG8=\\u0007board",
    "c1\\u0085\\u009b31m\\u007f",
    "Over\\rWrite\\nnext\\ttab\\b\\b",
    "\\u202egnp.exe\\u202c \\u2066iso\\u2069 \\u200b\\ufeff\\u00ad\\u2028\\u061c\\udb40\\udc01",
    "bad\xff\xfe\xc3(x\xed\xa0\x80 end",
    "\xe6\x9d\xb1\xe4\xba\xac\xe3\x83\x87\xe3\x83\xbc\xe3\x82\xbf \xf0\x9f\x9a\x80 caf\xc3\xa9",
    "=HYPERLINK(\\\"http://x.example\\\",\\\"y\\\")",
    "-2+3,\\\"quoted\\\"",
    "@SUM(A1)",
    "\\tTab start",
    "@LONG@", /* 100 KB, filled in */
};
/* What a JSON parser reads for the fifth name once ill-formed UTF-8 has
 * become U+FFFD, one per maximal subpart (Unicode 15, section 3.9). */
static const char bad_utf8_repaired[] =
    "bad\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd(x\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd end";

#define LONG_LEN (100 * 1024)

static mock_proc mock;
static char home[256];
static char *fixture_text;
static cJSON *fixture;     /* the fixture as a JSON parser reads it */

/* ---- the fixture ------------------------------------------------------- */

static void add(char **buf, size_t *len, const char *s)
{
    size_t n = strlen(s);
    *buf = realloc(*buf, *len + n + 1);
    memcpy(*buf + *len, s, n + 1);
    *len += n;
}

static char *long_name(void)
{
    /* Two-byte characters across the 100 KB, so a cut would show. */
    char *s = malloc(LONG_LEN + 1);
    for (size_t i = 0; i < LONG_LEN; i += 4)
        memcpy(s + i, i % 1000 == 0 ? "\xc3\xa9" "ab" : "long", 4);
    s[LONG_LEN] = '\0';
    return s;
}

static char *build_fixture(void)
{
    char *f = NULL, line[512];
    size_t n = 0;
    add(&f, &n, "{\"self_org_id\":\"" SELF "\",\"self_user\":{\"id\":\"u1\",\"name\":\"Op\"},"
                "\"orgs\":[{\"id\":\"" SELF "\",\"name\":\"Self\",\"created_at\":"
                "\"2026-01-01T00:00:00Z\"}");
    char *lng = long_name();
    for (int i = 0; i < N_ORGS; i++) {
        snprintf(line, sizeof(line), ",{\"id\":\"%s%02d\",\"name\":\"", "org-", i);
        add(&f, &n, line);
        add(&f, &n, strcmp(org_json_names[i], "@LONG@") == 0 ? lng : org_json_names[i]);
        add(&f, &n, "\",\"created_at\":\"2024-01-01T00:00:00Z\"}");
    }
    add(&f, &n, "],\"users\":[{\"id\":\"u1\",\"name\":\"Op\\b\\b\\bXX\\u001b[8m\"}],"
                "\"connections\":[");
    for (int i = 0; i < N_ORGS; i++) {
        /* The keys' org on one side of each: the listing shows only those
         * (SELF -> org-NN and org-NN -> SELF by turns). */
        char other[16];
        snprintf(other, sizeof(other), "org-%02d", i);
        snprintf(line, sizeof(line),
                 "%s{\"id\":\"aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaa%02d\",\"source_org_id\":\"%s\","
                 "\"sink_org_id\":\"%s\",\"connection_types\":[\"logs\",\"new\\u001b[5m"
                 "type\\u202e\"],\"created_at\":\"2025-01-0%dT00:00:00\\u0085Z\","
                 "\"created_by_id\":\"u1\"}",
                 i ? "," : "", i, i % 2 ? SELF : other, i % 2 ? other : SELF, 1 + i % 9);
        add(&f, &n, line);
    }
    add(&f, &n, "],\"salesforce_orgs\":[{\"id\":\"sf-\\u009b1\",\"name\":\"SF\\u001b]52;c;eA==\\u0007"
                " \\u202eevil\",\"sfdc_org_id\":\"00D\\u0085x\",\"sfdc_org_type\":"
                "\"=cmd|' /C calc'!A0\",\"instance_url\":\"https://x.example/\\u2066\\r\"},"
                "{\"id\":\"sf-long\",\"name\":\"");
    add(&f, &n, lng);
    add(&f, &n, "\",\"sfdc_org_type\":\"+Sandbox\",\"instance_url\":\"\xff\"}]}");
    free(lng);
    return f;
}

static const cJSON *fixture_org(const char *id)
{
    const cJSON *o;
    cJSON_ArrayForEach(o, cJSON_GetObjectItem(fixture, "orgs"))
        if (strcmp(cJSON_GetObjectItem(o, "id")->valuestring, id) == 0)
            return o;
    ck_abort_msg("no org %s in the fixture", id);
    return NULL;
}

/* A string of the fixture as the server sends it, then as ddorgs must give
 * it back: as is, but for the one name with ill-formed UTF-8 (and the
 * instance URL that is nothing else). */
static const char *expected(const char *fixture_value)
{
    if (strncmp(fixture_value, "bad\xff", 4) == 0)
        return bad_utf8_repaired;
    if (strcmp(fixture_value, "\xff") == 0)
        return "\xef\xbf\xbd";
    return fixture_value;
}

static void setup(void)
{
    snprintf(home, sizeof(home), "/tmp/ddorgs-cliout-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(home));
    fixture_text = build_fixture();
    fixture = cJSON_Parse(fixture_text);
    ck_assert_ptr_nonnull(fixture);
    memset(&mock, 0, sizeof(mock));
    ck_assert_int_eq(mock_start(&mock, NULL), 0);
    ck_assert_int_eq(mock_load_state(&mock, fixture_text), 0);
}

static void teardown(void)
{
    mock_stop(&mock);
    cJSON_Delete(fixture);
    free(fixture_text);
    char cmd[400];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", home);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", home);
}

/* ---- running ddorgs ------------------------------------------------------ */

typedef struct ran {
    int status;  /* as waitpid gives it */
    char *out;   /* stdout when collected (out_fd < 0), else "" */
    size_t out_len;
    char *err;
    size_t err_len;
} ran;

static void ran_free(ran *r)
{
    free(r->out);
    free(r->err);
}

/* The test's environment without what ddorgs reads (keys, profile, locale,
 * home, XDG dirs, width), then a private HOME, the mock's keys, COLUMNS=100
 * and the given locale ("" for none at all: LANG and LC_* unset). */
static char **child_env(const char *locale)
{
    static const char *const drop[] = {"DD_", "DDORGS_", "LANG=", "LC_", "LANGUAGE=", "HOME=",
                                       "XDG_", "COLUMNS="};
    size_t n = 0;
    while (environ[n])
        n++;
    char **env = calloc(n + 8, sizeof(*env));
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        bool keep = true;
        for (size_t d = 0; d < sizeof(drop) / sizeof(drop[0]); d++)
            keep = keep && strncmp(environ[i], drop[d], strlen(drop[d])) != 0;
        if (keep)
            env[k++] = strdup(environ[i]);
    }
    char buf[400];
    snprintf(buf, sizeof(buf), "HOME=%s", home);
    env[k++] = strdup(buf);
    env[k++] = strdup("DD_API_KEY=" MOCK_API_KEY);
    env[k++] = strdup("DD_APP_KEY=" MOCK_APP_KEY);
    env[k++] = strdup("COLUMNS=100");
    if (locale[0]) {
        snprintf(buf, sizeof(buf), "LC_ALL=%s", locale);
        env[k++] = strdup(buf);
    }
    env[k] = NULL;
    return env;
}

static void grow_append(char **buf, size_t *len, const char *data, size_t n)
{
    *buf = realloc(*buf, *len + n + 1);
    memcpy(*buf + *len, data, n);
    *len += n;
    (*buf)[*len] = '\0';
}

#define COLLECT (-1)
#define CLOSED (-2)

/* Runs ddorgs with args in the locale; its stdout goes to out_fd, is
 * collected (COLLECT) or closed (CLOSED). Stdin is /dev/null. */
static ran run_to(const char *const *args, const char *locale, int out_fd)
{
    const char *bin = getenv("DDORGS_BIN");
    ck_assert_msg(bin != NULL, "DDORGS_BIN is not set");
    int outp[2] = {-1, -1}, errp[2];
    if (out_fd == COLLECT)
        ck_assert_int_eq(pipe(outp), 0);
    ck_assert_int_eq(pipe(errp), 0);
    const char *argv[40] = {"ddorgs"};
    size_t n = 1;
    for (size_t i = 0; args[i] && n < 39; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    char **env = child_env(locale);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        int nul = open("/dev/null", O_RDONLY);
        dup2(nul, 0);
        if (out_fd == CLOSED)
            close(1);
        else
            dup2(out_fd < 0 ? outp[1] : out_fd, 1);
        dup2(errp[1], 2);
        execve(bin, (char *const *)argv, env);
        _exit(127);
    }
    for (size_t i = 0; env[i]; i++)
        free(env[i]);
    free(env);
    if (out_fd == COLLECT)
        close(outp[1]);
    close(errp[1]);
    ran r = {.out = calloc(1, 1), .err = calloc(1, 1)};
    struct pollfd pf[2] = {{errp[0], POLLIN, 0}, {outp[0], POLLIN, 0}};
    int open_fds = out_fd == COLLECT ? 2 : 1;
    while (open_fds > 0) {
        if (poll(pf, 2, 60000) <= 0)
            break;
        for (int i = 0; i < 2; i++) {
            if (pf[i].fd < 0 || !pf[i].revents)
                continue;
            char buf[65536];
            ssize_t got = read(pf[i].fd, buf, sizeof(buf));
            if (got > 0) {
                grow_append(i ? &r.out : &r.err, i ? &r.out_len : &r.err_len, buf, (size_t)got);
            } else if (got == 0 || errno != EINTR) {
                close(pf[i].fd);
                pf[i].fd = -1;
                open_fds--;
            }
        }
    }
    ck_assert_int_eq(waitpid(pid, &r.status, 0), pid);
    ck_assert_msg(!strstr(r.out, MOCK_API_KEY) && !strstr(r.err, MOCK_API_KEY), "a key leaked");
    return r;
}

static ran run(const char *const *args, const char *locale)
{
    return run_to(args, locale, COLLECT);
}

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

static void assert_exit(const ran *r, int code)
{
    ck_assert_msg(WIFEXITED(r->status) && WEXITSTATUS(r->status) == code,
                  "status %#x, not exit %d; stderr: %s", r->status, code, r->err);
}

/* ---- checks -------------------------------------------------------------- */

/* Nothing in s[0..n) that a terminal acts on: well-formed UTF-8 with no
 * control or format character (dd_is_control_or_format) but the newline. */
static void assert_inert(const char *s, size_t n, const char *what)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = dd_utf8_next(s + i, n - i, &cp);
        ck_assert_msg(cp != DD_UTF8_BAD, "%s: ill-formed UTF-8 at byte %zu", what, i);
        ck_assert_msg(cp == '\n' || !dd_is_control_or_format(cp),
                      "%s: U+%04X written raw at byte %zu", what, (unsigned)cp, i);
        i += k;
    }
}

static void assert_str_member(const cJSON *o, const char *key, const char *want, const char *ctx)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
    ck_assert_msg(cJSON_IsString(it), "%s: %s is not a string", ctx, key);
    ck_assert_msg(strcmp(it->valuestring, want) == 0, "%s: %s differs (%zu bytes, want %zu)",
                  ctx, key, strlen(it->valuestring), strlen(want));
}

static void assert_ref(const cJSON *row, const char *key, const char *org_id, const char *ctx)
{
    const cJSON *ref = cJSON_GetObjectItemCaseSensitive(row, key);
    ck_assert_msg(cJSON_IsObject(ref), "%s: %s is not an object", ctx, key);
    assert_str_member(ref, "id", org_id, ctx);
    const char *name = cJSON_GetObjectItem(fixture_org(org_id), "name")->valuestring;
    assert_str_member(ref, "name", expected(name), ctx);
}

/* One connection object of the output against the fixture's connection. */
static void assert_conn_equals(const cJSON *row, const cJSON *fc)
{
    const char *id = cJSON_GetObjectItem(fc, "id")->valuestring;
    assert_str_member(row, "id", id, id);
    assert_str_member(row, "created_at", cJSON_GetObjectItem(fc, "created_at")->valuestring, id);
    const cJSON *types = cJSON_GetObjectItem(row, "connection_types");
    const cJSON *ftypes = cJSON_GetObjectItem(fc, "connection_types");
    ck_assert_int_eq(cJSON_GetArraySize(types), cJSON_GetArraySize(ftypes));
    for (int t = 0; t < cJSON_GetArraySize(ftypes); t++)
        ck_assert_str_eq(cJSON_GetArrayItem(types, t)->valuestring,
                         cJSON_GetArrayItem(ftypes, t)->valuestring);
    assert_ref(row, "source_org", cJSON_GetObjectItem(fc, "source_org_id")->valuestring, id);
    assert_ref(row, "sink_org", cJSON_GetObjectItem(fc, "sink_org_id")->valuestring, id);
    const cJSON *by = cJSON_GetObjectItem(row, "created_by");
    assert_str_member(by, "id", "u1", id);
    const cJSON *user = cJSON_GetArrayItem(cJSON_GetObjectItem(fixture, "users"), 0);
    assert_str_member(by, "name", cJSON_GetObjectItem(user, "name")->valuestring, id);
}

/* The rows of `-o json` (an array) or `-o jsonl` (an object a line). */
static cJSON *read_rows(const ran *r, bool lines)
{
    if (!lines) {
        cJSON *doc = cJSON_ParseWithLength(r->out, r->out_len);
        ck_assert_msg(cJSON_IsArray(doc), "-o json is not an array: %.200s", r->out);
        return doc;
    }
    cJSON *arr = cJSON_CreateArray();
    for (const char *p = r->out; *p;) {
        const char *nl = strchr(p, '\n');
        ck_assert_msg(nl != NULL, "-o jsonl: the last line has no newline");
        cJSON *o = cJSON_ParseWithLength(p, (size_t)(nl - p));
        ck_assert_msg(cJSON_IsObject(o), "-o jsonl: a line is not an object: %.200s", p);
        cJSON_AddItemToArray(arr, o);
        p = nl + 1;
    }
    return arr;
}

static const char *const LOCALES[] = {"", "C.UTF-8"};

START_TEST(connections_json_is_exact)
{
    for (int lines = 0; lines < 2; lines++) {
        for (size_t l = 0; l < 2; l++) {
            ran r = run(ARGS("--api-url", mock.url, "connections", "list", "-o",
                             lines ? "jsonl" : "json"),
                        LOCALES[l]);
            assert_exit(&r, 0);
            ck_assert_str_eq(r.err, "");
            assert_inert(r.out, r.out_len, lines ? "jsonl" : "json");
            cJSON *rows = read_rows(&r, lines);
            const cJSON *fconns = cJSON_GetObjectItem(fixture, "connections");
            ck_assert_int_eq(cJSON_GetArraySize(rows), cJSON_GetArraySize(fconns));
            for (int i = 0; i < cJSON_GetArraySize(fconns); i++)
                assert_conn_equals(cJSON_GetArrayItem(rows, i), cJSON_GetArrayItem(fconns, i));
            cJSON_Delete(rows);
            ran_free(&r);
        }
    }
}
END_TEST

START_TEST(salesforce_json_is_exact)
{
    for (int lines = 0; lines < 2; lines++) {
        for (size_t l = 0; l < 2; l++) {
            ran r = run(ARGS("--api-url", mock.url, "salesforce", "list", "-o",
                             lines ? "jsonl" : "json"),
                        LOCALES[l]);
            assert_exit(&r, 0);
            assert_inert(r.out, r.out_len, "salesforce json");
            cJSON *rows = read_rows(&r, lines);
            const cJSON *fsf = cJSON_GetObjectItem(fixture, "salesforce_orgs");
            ck_assert_int_eq(cJSON_GetArraySize(rows), cJSON_GetArraySize(fsf));
            static const char *const keys[] = {"id", "name", "sfdc_org_id", "sfdc_org_type",
                                               "instance_url"};
            for (int i = 0; i < cJSON_GetArraySize(fsf); i++) {
                const cJSON *row = cJSON_GetArrayItem(rows, i), *fo = cJSON_GetArrayItem(fsf, i);
                for (size_t k = 0; k < 5; k++) {
                    const cJSON *want = cJSON_GetObjectItem(fo, keys[k]);
                    if (want)
                        assert_str_member(row, keys[k], expected(want->valuestring), keys[k]);
                    else
                        ck_assert(cJSON_IsNull(cJSON_GetObjectItem(row, keys[k])));
                }
            }
            cJSON_Delete(rows);
            ran_free(&r);
        }
    }
}
END_TEST

/* ---- CSV ------------------------------------------------------------------ */

/* An RFC 4180 reader: the records of text, each a NULL-terminated array of
 * malloc'd fields. Records end with LF (or CRLF); quoted fields may hold
 * anything, "" standing for one quote. */
typedef struct csv_doc {
    char ***rec;
    size_t n;
} csv_doc;

static csv_doc csv_read(const char *s, size_t len)
{
    csv_doc d = {0};
    size_t i = 0;
    while (i < len) {
        char **fields = NULL;
        size_t nf = 0;
        for (;;) {
            char *val = calloc(1, 1);
            size_t vlen = 0;
            if (i < len && s[i] == '"') {
                i++;
                for (;;) {
                    ck_assert_msg(i < len, "CSV: a quoted field does not end");
                    if (s[i] == '"' && i + 1 < len && s[i + 1] == '"') {
                        grow_append(&val, &vlen, "\"", 1);
                        i += 2;
                    } else if (s[i] == '"') {
                        i++;
                        break;
                    } else {
                        grow_append(&val, &vlen, s + i++, 1);
                    }
                }
            } else {
                while (i < len && s[i] != ',' && s[i] != '\n' && s[i] != '\r') {
                    ck_assert_msg(s[i] != '"', "CSV: a quote inside an unquoted field");
                    grow_append(&val, &vlen, s + i++, 1);
                }
            }
            fields = realloc(fields, (nf + 2) * sizeof(*fields));
            fields[nf++] = val;
            fields[nf] = NULL;
            if (i < len && s[i] == ',') {
                i++;
                continue;
            }
            if (i < len && s[i] == '\r')
                i++;
            ck_assert_msg(i < len && s[i] == '\n', "CSV: a record does not end with a newline");
            i++;
            break;
        }
        d.rec = realloc(d.rec, (d.n + 1) * sizeof(*d.rec));
        d.rec[d.n++] = fields;
    }
    return d;
}

static void csv_free(csv_doc *d)
{
    for (size_t r = 0; r < d->n; r++) {
        for (size_t f = 0; d->rec[r][f]; f++)
            free(d->rec[r][f]);
        free(d->rec[r]);
    }
    free(d->rec);
}

/* The cell a spreadsheet-safe CSV holds for value v: v itself, or v after
 * a ' when it starts with what a spreadsheet runs as a formula. */
static void assert_cell(const char *got, const char *v, const char *what)
{
    bool formula = v[0] && strchr("=+-@\t\r", v[0]);
    ck_assert_msg(!formula || got[0] == '\'', "%s: a formula cell is not neutralised: %.60s",
                  what, got);
    ck_assert_msg(strcmp(got + formula, v) == 0, "%s differs: '%.60s', want '%.60s'", what,
                  got, v);
}

static const char *org_name(const char *id)
{
    return expected(cJSON_GetObjectItem(fixture_org(id), "name")->valuestring);
}

START_TEST(connections_csv_is_exact)
{
    for (size_t l = 0; l < 2; l++) {
        ran r = run(ARGS("--api-url", mock.url, "connections", "list", "-o", "csv"),
                    LOCALES[l]);
        assert_exit(&r, 0);
        csv_doc d = csv_read(r.out, r.out_len);
        const cJSON *fconns = cJSON_GetObjectItem(fixture, "connections");
        ck_assert_uint_eq(d.n, (size_t)cJSON_GetArraySize(fconns) + 1);
        static const char *const head[] = {"id", "source_org_id", "source_org_name",
                                           "sink_org_id", "sink_org_name", "connection_types",
                                           "created_at", "created_by_id", "created_by_name"};
        for (size_t k = 0; k < 9; k++)
            ck_assert_str_eq(d.rec[0][k] ? d.rec[0][k] : "(none)", head[k]);
        ck_assert_ptr_null(d.rec[0][9]);
        for (size_t i = 1; i < d.n; i++) {
            char **f = d.rec[i];
            const cJSON *fc = cJSON_GetArrayItem(fconns, (int)i - 1);
            const char *src = cJSON_GetObjectItem(fc, "source_org_id")->valuestring;
            const char *sink = cJSON_GetObjectItem(fc, "sink_org_id")->valuestring;
            const cJSON *ft = cJSON_GetObjectItem(fc, "connection_types");
            char types[256];
            snprintf(types, sizeof(types), "%s,%s", cJSON_GetArrayItem(ft, 0)->valuestring,
                     cJSON_GetArrayItem(ft, 1)->valuestring);
            const cJSON *user = cJSON_GetArrayItem(cJSON_GetObjectItem(fixture, "users"), 0);
            const char *want[9] = {cJSON_GetObjectItem(fc, "id")->valuestring, src,
                                   org_name(src), sink, org_name(sink), types,
                                   cJSON_GetObjectItem(fc, "created_at")->valuestring, "u1",
                                   cJSON_GetObjectItem(user, "name")->valuestring};
            for (size_t k = 0; k < 9; k++) {
                ck_assert_ptr_nonnull(f[k]);
                assert_cell(f[k], want[k], want[0]);
            }
            ck_assert_ptr_null(f[9]);
        }
        csv_free(&d);
        ran_free(&r);
    }
}
END_TEST

START_TEST(salesforce_csv_is_exact)
{
    for (size_t l = 0; l < 2; l++) {
        ran r = run(ARGS("--api-url", mock.url, "salesforce", "list", "-o", "csv"), LOCALES[l]);
        assert_exit(&r, 0);
        csv_doc d = csv_read(r.out, r.out_len);
        const cJSON *fsf = cJSON_GetObjectItem(fixture, "salesforce_orgs");
        ck_assert_uint_eq(d.n, (size_t)cJSON_GetArraySize(fsf) + 1);
        static const char *const keys[] = {"id", "name", "sfdc_org_id", "sfdc_org_type",
                                           "instance_url"};
        for (size_t k = 0; k < 5; k++)
            ck_assert_str_eq(d.rec[0][k] ? d.rec[0][k] : "(none)", keys[k]);
        ck_assert_ptr_null(d.rec[0][5]);
        for (size_t i = 1; i < d.n; i++) {
            const cJSON *fo = cJSON_GetArrayItem(fsf, (int)i - 1);
            for (size_t k = 0; k < 5; k++) {
                const cJSON *v = cJSON_GetObjectItem(fo, keys[k]);
                assert_cell(d.rec[i][k], v ? expected(v->valuestring) : "", keys[k]);
            }
        }
        csv_free(&d);
        ran_free(&r);
    }
}
END_TEST

/* The table is for a terminal: cleaned at print time, each cell cut to fit
 * 100 columns, in either locale (ASCII only without one). */
START_TEST(table_stays_clean)
{
    const char *const *cmds[] = {ARGS("--api-url", mock.url, "connections", "list"),
                                 ARGS("--api-url", mock.url, "salesforce", "list")};
    for (size_t c = 0; c < 2; c++) {
        for (size_t l = 0; l < 2; l++) {
            ran r = run(cmds[c], LOCALES[l]);
            assert_exit(&r, 0);
            assert_inert(r.out, r.out_len, "table");
            for (const char *p = r.out; *p;) {
                size_t n = strcspn(p, "\n");
                ck_assert_msg(n <= 400, "a table line of %zu bytes", n);
                if (!LOCALES[l][0])
                    for (size_t i = 0; i < n; i++)
                        ck_assert_msg((unsigned char)p[i] < 0x80,
                                      "non-ASCII in a table without a UTF-8 locale");
                p += n + (p[n] == '\n');
            }
            if (c == 0)
                ck_assert_ptr_nonnull(strstr(r.out, "Evil"));
            ran_free(&r);
        }
    }
}
END_TEST

/* ---- CSV on a terminal ----------------------------------------------------- */

/* Runs ddorgs on a pseudo-terminal (its stdout and stderr) in the locale;
 * out gets every byte it wrote there, the terminal's "\r\n" turned back
 * into "\n", and err stays empty. */
static ran run_on_tty(const char *const *args, const char *locale)
{
    const char *bin = getenv("DDORGS_BIN");
    ck_assert_msg(bin != NULL, "DDORGS_BIN is not set");
    const char *argv[40] = {"ddorgs"};
    size_t n = 1;
    for (size_t i = 0; args[i] && n < 39; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    char **env = child_env(locale);
    struct winsize ws = {.ws_row = 40, .ws_col = 100};
    int master;
    pid_t pid = forkpty(&master, NULL, NULL, &ws);
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        execve(bin, (char *const *)argv, env);
        _exit(127);
    }
    for (size_t i = 0; env[i]; i++)
        free(env[i]);
    free(env);
    ran r = {.out = calloc(1, 1), .err = calloc(1, 1)};
    for (;;) {
        struct pollfd pf = {master, POLLIN, 0};
        if (poll(&pf, 1, 60000) <= 0)
            break;
        char buf[65536];
        ssize_t got = read(master, buf, sizeof(buf));
        if (got <= 0)
            break; /* EIO: the terminal's last user closed it */
        grow_append(&r.out, &r.out_len, buf, (size_t)got);
    }
    close(master);
    ck_assert_int_eq(waitpid(pid, &r.status, 0), pid);
    size_t w = 0;
    for (size_t i = 0; i < r.out_len; i++)
        if (!(r.out[i] == '\r' && i + 1 < r.out_len && r.out[i + 1] == '\n'))
            r.out[w++] = r.out[i];
    r.out[w] = '\0';
    r.out_len = w;
    ck_assert_msg(!strstr(r.out, MOCK_API_KEY), "a key leaked");
    return r;
}

/* Nothing in s[0..n) that a terminal acts on: well-formed UTF-8 with no C0
 * control but the newline, no DEL, no C1 control and no bidi control (what
 * the screen cleaner takes out; invisible format characters it keeps do
 * not act). */
static void assert_no_terminal_controls(const char *s, size_t n, const char *what)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = dd_utf8_next(s + i, n - i, &cp);
        ck_assert_msg(cp != DD_UTF8_BAD, "%s: ill-formed UTF-8 at byte %zu", what, i);
        bool control = (cp < 0x20 && cp != '\n') || (cp >= 0x7F && cp <= 0x9F);
        bool bidi = (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
                    cp == 0x200E || cp == 0x200F || cp == 0x061C;
        ck_assert_msg(!control && !bidi, "%s: U+%04X written raw at byte %zu", what,
                      (unsigned)cp, i);
        i += k;
    }
}

#define CSV_TTY_NOTE                                                                           \
    "ddorgs: note: standard output is a terminal, so the CSV cells were cleaned for it "       \
    "(control characters shown as symbols, long values cut); redirect it to a file for the "   \
    "exact data.\n"

/* -o csv to a terminal: the server's escape sequences (a title, a cleared
 * screen, the clipboard) never reach it. Each cell is cleaned as a table's
 * is, and one note on stderr says so and how to get the exact data. */
START_TEST(csv_on_a_terminal_is_cleaned_with_a_note)
{
    const char *const *cmds[] = {
        ARGS("--api-url", mock.url, "connections", "list", "-o", "csv"),
        ARGS("--api-url", mock.url, "salesforce", "list", "-o", "csv"),
        ARGS("--api-url", mock.url, "orgs", "list", "-o", "csv"),
    };
    for (size_t c = 0; c < 3; c++) {
        for (size_t l = 0; l < 2; l++) {
            ran r = run_on_tty(cmds[c], LOCALES[l]);
            assert_exit(&r, 0);
            assert_no_terminal_controls(r.out, r.out_len, "csv on a terminal");
            const char *note = strstr(r.out, CSV_TTY_NOTE);
            ck_assert_msg(note != NULL, "no note: %s", r.out);
            ck_assert_ptr_null(strstr(note + 1, CSV_TTY_NOTE));
            /* Still CSV: the header, then the rows. */
            ck_assert_ptr_nonnull(strstr(r.out, c == 1 ? "\nid,name," : "\nid,"));
            if (c != 1)
                ck_assert_ptr_nonnull(strstr(r.out, "Evil"));
            ran_free(&r);
        }
    }
    /* Not a terminal: exact, and no note. */
    ran r = run(cmds[0], "C.UTF-8");
    assert_exit(&r, 0);
    ck_assert_str_eq(r.err, "");
    ck_assert_ptr_nonnull(strstr(r.out, "Evil\x1b[2J"));
    ran_free(&r);
}
END_TEST

/* ---- standard output that cannot be written ------------------------------ */

/* A full disk: every format says so and exits 13, also with --demo; a
 * write that was applied says so and not to repeat it. */
START_TEST(full_disk_is_13)
{
    static const char *const formats[] = {"table", "json", "jsonl", "csv"};
    for (size_t i = 0; i < 4; i++) {
        const char *const *cmds[] = {
            ARGS("--api-url", mock.url, "connections", "list", "-o", formats[i]),
            ARGS("--api-url", mock.url, "salesforce", "list", "-o", formats[i]),
            ARGS("--demo", "connections", "list", "-o", formats[i]),
        };
        for (size_t c = 0; c < 3; c++) {
            int full = open("/dev/full", O_WRONLY);
            ck_assert_int_ge(full, 0);
            ran r = run_to(cmds[c], "C.UTF-8", full);
            close(full);
            assert_exit(&r, DD_EXIT_OUTPUT);
            ck_assert_str_eq(r.err, "ddorgs: cannot write to standard output: No space left on "
                                    "device. Check where it goes (a full disk, a closed "
                                    "file).\n");
            ran_free(&r);
        }
    }
    int full = open("/dev/full", O_WRONLY);
    ran r = run_to(ARGS("--api-url", mock.url, "connections", "create", "--sink-org", "org-02",
                        "--types", "logs", "-o", "json"),
                   "C.UTF-8", full);
    close(full);
    assert_exit(&r, DD_EXIT_OUTPUT);
    ck_assert_str_eq(r.err, "ddorgs: 'connections create' was applied, but its result could not "
                            "be written to standard output: No space left on device. Do not "
                            "repeat it: check with 'ddorgs connections list --sink-org "
                            "org-02'.\n");
    ck_assert_int_eq(mock_count_requests(&mock, "POST", "/api/v2/org_connections"), 1);
    ran_free(&r);
    full = open("/dev/full", O_WRONLY);
    r = run_to(ARGS("--api-url", mock.url, "--yes", "connections", "delete",
                    "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaa01"),
               "C.UTF-8", full);
    close(full);
    assert_exit(&r, DD_EXIT_OUTPUT);
    ck_assert_ptr_nonnull(strstr(r.err, "'connections delete' was applied"));
    ran_free(&r);
}
END_TEST

/* --help and --version write to standard output like any command: a full
 * disk is said and exits 13, never 0. */
START_TEST(help_and_version_to_full_disk_are_13)
{
    const char *const *cmds[] = {ARGS("--help"), ARGS("-h"), ARGS("--version"), ARGS("-V"),
                                 ARGS("connections", "--help")};
    for (size_t c = 0; c < sizeof(cmds) / sizeof(cmds[0]); c++) {
        int full = open("/dev/full", O_WRONLY);
        ck_assert_int_ge(full, 0);
        ran r = run_to(cmds[c], "C.UTF-8", full);
        close(full);
        assert_exit(&r, DD_EXIT_OUTPUT);
        ck_assert_str_eq(r.err, "ddorgs: cannot write to standard output: No space left on "
                                "device. Check where it goes (a full disk, a closed file).\n");
        ran_free(&r);
    }
    ran r = run_to(ARGS("--version"), "", CLOSED);
    assert_exit(&r, DD_EXIT_OUTPUT);
    ck_assert_str_eq(r.err, "ddorgs: cannot write to standard output: Bad file descriptor. "
                            "Check where it goes (a full disk, a closed file).\n");
    ran_free(&r);
}
END_TEST

/* Standard output closed before ddorgs starts: said, exit 13. */
START_TEST(closed_stdout_is_13)
{
    ran r = run_to(ARGS("--api-url", mock.url, "connections", "list", "-o", "jsonl"), "",
                   CLOSED);
    assert_exit(&r, DD_EXIT_OUTPUT);
    ck_assert_str_eq(r.err, "ddorgs: cannot write to standard output: Bad file descriptor. "
                            "Check where it goes (a full disk, a closed file).\n");
    ran_free(&r);
}
END_TEST

/* What ddorgs itself wrote on stderr: without the lines valgrind adds
 * when the suite runs under it (make check-valgrind), which a process that
 * dies by a signal gets even when nothing leaked; an error valgrind reports
 * there fails the test. */
static void drop_valgrind_lines(char *err)
{
    char *w = err;
    for (char *p = err; *p;) {
        size_t n = strcspn(p, "\n") + (p[strcspn(p, "\n")] == '\n');
        bool tool = p[0] == '=' && p[1] == '=' && strspn(p + 2, "0123456789") > 0 &&
                    strncmp(p + 2 + strspn(p + 2, "0123456789"), "==", 2) == 0;
        if (tool)
            ck_assert_msg(!strstr(p, "definitely lost in") && !strstr(p, "Invalid ") &&
                              !strstr(p, "uninitialised"),
                          "valgrind reports an error: %.*s", (int)n, p);
        else if (w != p)
            memmove(w, p, n);
        if (!tool)
            w += n;
        p += n;
    }
    *w = '\0';
}

/* `ddorgs connections list | head -1`: once the reader is gone, ddorgs
 * asks for no further page and ends quietly by SIGPIPE, as other tools do. */
START_TEST(closed_pipe_ends_quietly_by_sigpipe)
{
    mock_proc big = {0};
    const char *const extra[] = {"--seed", "3", "--orgs", "1100", "--connections", "2100",
                                 "--self-connections", "2100", NULL};
    ck_assert_int_eq(mock_start(&big, extra), 0);
    static const char *const formats[] = {"table", "json", "jsonl", "csv"};
    for (size_t i = 0; i < 4; i++) {
        ck_assert_int_eq(mock_clear_requests(&big), 0);
        int p[2];
        ck_assert_int_eq(pipe(p), 0);
        const char *bin = getenv("DDORGS_BIN");
        char **env = child_env("C.UTF-8");
        const char *argv[] = {"ddorgs", "--api-url", big.url, "connections", "list", "-o",
                              formats[i], NULL};
        int errp[2];
        ck_assert_int_eq(pipe(errp), 0);
        pid_t pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0) {
            dup2(p[1], 1);
            dup2(errp[1], 2);
            close(p[0]);
            close(errp[0]);
            execve(bin, (char *const *)argv, env);
            _exit(127);
        }
        for (size_t e = 0; env[e]; e++)
            free(env[e]);
        free(env);
        close(p[1]);
        close(errp[1]);
        /* head -1: one line, then the pipe is closed. */
        char c;
        while (read(p[0], &c, 1) == 1 && c != '\n')
            ;
        close(p[0]);
        char *err = calloc(1, 1);
        size_t elen = 0;
        char buf[4096];
        ssize_t got;
        while ((got = read(errp[0], buf, sizeof(buf))) > 0)
            grow_append(&err, &elen, buf, (size_t)got);
        close(errp[0]);
        drop_valgrind_lines(err);
        elen = strlen(err);
        int status;
        ck_assert_int_eq(waitpid(pid, &status, 0), pid);
        ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE,
                      "-o %s: status %#x, not killed by SIGPIPE; stderr: %s", formats[i], status,
                      err);
        ck_assert_msg(elen == 0, "-o %s: stderr not empty: %s", formats[i], err);
        free(err);
        /* The first page (about 200 KB) filled the pipe: no second one. */
        ck_assert_int_eq(mock_count_requests(&big, "GET", "/api/v2/org_connections"), 1);
    }
    mock_stop(&big);
}
END_TEST

/* ---- listings that come in pages smaller than asked ------------------------ */

static mock_proc capped;

static void setup_capped(void)
{
    snprintf(home, sizeof(home), "/tmp/ddorgs-cliout-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(home));
    memset(&capped, 0, sizeof(capped));
    const char *const args[] = {"--seed", "3", "--orgs", "1100", "--connections", "2100",
                                "--self-connections", "2100", "--max-page-size", "300", NULL};
    ck_assert_int_eq(mock_start(&capped, args), 0);
}

static void teardown_capped(void)
{
    mock_stop(&capped);
    char cmd[400];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", home);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", home);
}

static size_t lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* The ids of jsonl output, in order, against the mock's from first on. */
static void assert_ids_from(const ran *r, size_t first, size_t n)
{
    cJSON *st = mock_state(&capped);
    const cJSON *conns = cJSON_GetObjectItem(st, "connections");
    cJSON *rows = read_rows(r, true);
    ck_assert_int_eq(cJSON_GetArraySize(rows), (int)n);
    for (size_t i = 0; i < n; i++)
        ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(rows, (int)i), "id")->valuestring,
                         cJSON_GetObjectItem(cJSON_GetArrayItem(conns, (int)(first + i)), "id")
                             ->valuestring);
    cJSON_Delete(rows);
    cJSON_Delete(st);
}

/* Asked 1,000 a page, the server sends 300: every row still comes, the
 * walk going on from the rows received. */
START_TEST(capped_pages_list_everything)
{
    ran r = run(ARGS("--api-url", capped.url, "connections", "list", "-o", "jsonl"), "");
    assert_exit(&r, 0);
    ck_assert_str_eq(r.err, "");
    assert_ids_from(&r, 0, 2100);
    ck_assert_int_eq(mock_count_requests(&capped, "GET", "/api/v2/org_connections"), 7);
    ran_free(&r);

    /* --limit and --offset: those rows exactly, however many pages. */
    mock_clear_requests(&capped);
    r = run(ARGS("--api-url", capped.url, "connections", "list", "--limit", "500", "--offset",
                 "1000", "-o", "jsonl"),
            "");
    assert_exit(&r, 0);
    assert_ids_from(&r, 1000, 500);
    ck_assert_int_eq(mock_count_requests(&capped, "GET", "/api/v2/org_connections"), 2);
    ran_free(&r);

    /* --offset alone: from there to the end. */
    r = run(ARGS("--api-url", capped.url, "connections", "list", "--offset", "2000", "-o",
                 "jsonl"),
            "");
    assert_exit(&r, 0);
    assert_ids_from(&r, 2000, 100);
    ran_free(&r);
}
END_TEST

/* The server sends an empty page before its own total: what came is
 * printed, stderr says how much of what, the exit status is 14, and a
 * JSON array is left open. */
START_TEST(listing_that_ends_short_is_14)
{
    static const char *const formats[] = {"csv", "jsonl", "table", "json"};
    for (size_t i = 0; i < 4; i++) {
        ck_assert_int_eq(mock_clear_faults(&capped), 0);
        ck_assert_int_eq(mock_add_fault(&capped, "{\"route\":\"list_connections\",\"kind\":"
                                                 "\"empty_page\",\"every\":3,\"times\":1}"),
                         0);
        ran r = run(ARGS("--api-url", capped.url, "connections", "list", "-o", formats[i]), "");
        assert_exit(&r, DD_EXIT_INCOMPLETE);
        ck_assert_str_eq(r.err, "ddorgs: got 600 of 2100 connections: the server sent an empty "
                                "page before its own total. The rows received were printed. "
                                "Run it again; if the list stays short, the server or a proxy "
                                "in front of it ends listings early.\n");
        if (i == 0)
            ck_assert_uint_eq(lines(r.out), 601);
        if (i == 1)
            assert_ids_from(&r, 0, 600);
        if (i == 2)
            ck_assert_uint_eq(lines(r.out), 601);
        if (i == 3) {
            cJSON *doc = cJSON_ParseWithLength(r.out, r.out_len);
            ck_assert_msg(doc == NULL, "a JSON array that ended short was closed");
            ck_assert_uint_eq(lines(r.out), 600);
        }
        ran_free(&r);
    }
}
END_TEST

/* A server that pages by 300 whatever limit asks: --limit N prints N rows
 * in every format, the first N from the offset. */
START_TEST(limit_holds_when_pages_are_larger_than_asked)
{
    mock_proc big;
    memset(&big, 0, sizeof(big));
    const char *const args[] = {"--seed", "3", "--orgs", "1100", "--connections", "2100",
                                "--self-connections", "2100", "--min-page-size", "300",
                                "--max-page-size", "300", NULL};
    ck_assert_int_eq(mock_start(&big, args), 0);
    cJSON *st = mock_state(&big);
    const cJSON *conns = cJSON_GetObjectItem(st, "connections");
    static const char *const limits[] = {"1", "5", "301"};
    for (size_t k = 0; k < 3; k++) {
        size_t n = (size_t)atoi(limits[k]);
        ran r = run(ARGS("--api-url", big.url, "connections", "list", "--limit", limits[k],
                         "--offset", "10", "-o", "jsonl"),
                    "");
        assert_exit(&r, 0);
        cJSON *rows = read_rows(&r, true);
        ck_assert_msg(cJSON_GetArraySize(rows) == (int)n, "--limit %s: %d rows", limits[k],
                      cJSON_GetArraySize(rows));
        for (size_t i = 0; i < n; i++)
            ck_assert_str_eq(
                cJSON_GetObjectItem(cJSON_GetArrayItem(rows, (int)i), "id")->valuestring,
                cJSON_GetObjectItem(cJSON_GetArrayItem(conns, (int)(10 + i)), "id")->valuestring);
        cJSON_Delete(rows);
        ran_free(&r);

        r = run(ARGS("--api-url", big.url, "connections", "list", "--limit", limits[k], "-o",
                     "json"),
                "");
        assert_exit(&r, 0);
        cJSON *doc = cJSON_ParseWithLength(r.out, r.out_len);
        ck_assert_ptr_nonnull(doc);
        ck_assert_int_eq(cJSON_GetArraySize(doc), (int)n);
        cJSON_Delete(doc);
        ran_free(&r);

        r = run(ARGS("--api-url", big.url, "connections", "list", "--limit", limits[k], "-o",
                     "csv"),
                "");
        assert_exit(&r, 0);
        ck_assert_uint_eq(lines(r.out), n + 1);
        ran_free(&r);
    }
    cJSON_Delete(st);
    mock_stop(&big);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cli_output");
    TCase *tc = tcase_create("hostile");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, connections_json_is_exact);
    tcase_add_test(tc, salesforce_json_is_exact);
    tcase_add_test(tc, connections_csv_is_exact);
    tcase_add_test(tc, salesforce_csv_is_exact);
    tcase_add_test(tc, table_stays_clean);
    tcase_add_test(tc, csv_on_a_terminal_is_cleaned_with_a_note);
    tcase_add_test(tc, full_disk_is_13);
    tcase_add_test(tc, closed_stdout_is_13);
    tcase_add_test(tc, help_and_version_to_full_disk_are_13);
    tcase_add_test(tc, closed_pipe_ends_quietly_by_sigpipe);
    suite_add_tcase(s, tc);
    TCase *walk = tcase_create("capped");
    tcase_add_checked_fixture(walk, setup_capped, teardown_capped);
    tcase_set_timeout(walk, 120);
    tcase_add_test(walk, capped_pages_list_everything);
    tcase_add_test(walk, listing_that_ends_short_is_14);
    tcase_add_test(walk, limit_holds_when_pages_are_larger_than_asked);
    suite_add_tcase(s, walk);
    return dd_run_suite(s);
}
