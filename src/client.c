#include "client.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "api_json.h"
#include "audit.h"
#include "config.h"
#include "retry.h"
#include "site.h"

struct dd_client {
    dd_http *http;
    char *base_url;
    char *api_header;  /* "DD-API-KEY: ..." built once; wiped on free */
    char *app_header;
    char *site;
    char *profile;
    bool read_only;
    FILE *dry_run;
    dd_audit *audit;
    long max_rate_wait_s;
    void (*on_wait)(const dd_wait_info *w, void *ud);
    void *on_wait_ud;
    dd_ratelimit last_rl;
    dd_text_mode text;
};

void dd_client_opts_from_config(dd_client_opts *o, const struct dd_config *cfg,
                                struct dd_audit *audit)
{
    memset(o, 0, sizeof(*o));
    o->base_url = cfg->base_url;
    o->api_key = cfg->api_key;
    o->app_key = cfg->app_key;
    /* The audit record names where writes went: with --api-url that is the
     * URL, not the site the profile or the default names. */
    o->site = cfg->site;
    char *site_url = dd_site_known(cfg->site) ? dd_site_base_url(cfg->site) : NULL;
    if (site_url && cfg->base_url && strcmp(site_url, cfg->base_url) != 0)
        o->site = cfg->base_url;
    free(site_url);
    o->profile = cfg->profile;
    o->read_only = cfg->read_only;
    o->audit = audit;
    o->max_rate_wait_s = 60;
    o->http.connect_timeout_s = 10;
    o->http.timeout_s = 60;
    o->http.low_speed_time_s = 20;
    o->http.low_speed_limit = 1;
    o->http.max_body = 64UL * 1024 * 1024;
    o->http.allow_http = cfg->allow_http;
}

/* Keys go into header lines: a CR or LF would let one inject headers. */
static bool key_ok(const char *k)
{
    for (const unsigned char *p = (const unsigned char *)k; *p; p++)
        if (*p < 0x21 || *p > 0x7e)
            return false;
    return true;
}

static char *header_line(const char *name, const char *key)
{
    if (!key)
        return NULL;
    size_t n = strlen(name) + 2 + strlen(key) + 1;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s: %s", name, key);
    return s;
}

static void wipe_free(char *s)
{
    if (!s)
        return;
    explicit_bzero(s, strlen(s));
    free(s);
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

dd_client *dd_client_new(const dd_client_opts *opts, dd_error *err)
{
    if (!opts || !opts->base_url || !*opts->base_url) {
        dd_error_set(err, DD_E_CONFIG, "no API base URL");
        return NULL;
    }
    if ((opts->api_key && !key_ok(opts->api_key)) || (opts->app_key && !key_ok(opts->app_key))) {
        dd_error_set(err, DD_E_CONFIG, "an API or application key contains spaces or control "
                                       "characters");
        return NULL;
    }
    dd_client *c = calloc(1, sizeof(*c));
    if (!c) {
        dd_error_set(err, DD_E_NOMEM, "out of memory");
        return NULL;
    }
    c->http = dd_http_new(&opts->http);
    c->base_url = strdup(opts->base_url);
    c->api_header = header_line("DD-API-KEY", opts->api_key);
    c->app_header = header_line("DD-APPLICATION-KEY", opts->app_key);
    c->site = dup_or_null(opts->site);
    c->profile = dup_or_null(opts->profile);
    if (!c->http || !c->base_url || (opts->api_key && !c->api_header) ||
        (opts->app_key && !c->app_header) || (opts->site && !c->site) ||
        (opts->profile && !c->profile)) {
        dd_client_free(c);
        dd_error_set(err, DD_E_NOMEM, "out of memory");
        return NULL;
    }
    size_t n = strlen(c->base_url);
    while (n > 0 && c->base_url[n - 1] == '/')
        c->base_url[--n] = '\0';
    c->read_only = opts->read_only;
    c->dry_run = opts->dry_run;
    c->audit = opts->audit;
    c->on_wait = opts->on_wait;
    c->on_wait_ud = opts->on_wait_ud;
    c->text = opts->text;
    /* 0 is an unset field (default 60); negative asks never to wait, which
     * the retry policy spells as a cap of 0. */
    c->max_rate_wait_s = opts->max_rate_wait_s > 0 ? opts->max_rate_wait_s
                         : opts->max_rate_wait_s < 0 ? 0 : 60;
    memset(&c->last_rl, 0, sizeof(c->last_rl));
    c->last_rl.limit = c->last_rl.period = c->last_rl.remaining = c->last_rl.reset = -1;
    return c;
}

void dd_client_free(dd_client *c)
{
    if (!c)
        return;
    dd_http_free(c->http);
    free(c->base_url);
    wipe_free(c->api_header);
    wipe_free(c->app_header);
    free(c->site);
    free(c->profile);
    free(c);
}

void dd_client_cancel(dd_client *c)
{
    dd_http_cancel(c->http);
}

void dd_client_clear_cancel(dd_client *c)
{
    dd_http_clear_cancel(c->http);
}

bool dd_client_read_only(const dd_client *c)
{
    return c->read_only;
}

bool dd_client_dry_run(const dd_client *c)
{
    return c->dry_run != NULL;
}

bool dd_client_cancelled(dd_client *c)
{
    return dd_http_is_cancelled(c->http);
}

dd_ratelimit dd_client_last_ratelimit(const dd_client *c)
{
    return c->last_rl;
}

/* ---- URLs ---------------------------------------------------------------- */

typedef struct sbuf {
    char *s;
    size_t len, cap;
    bool oom;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 128;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *grown = realloc(b->s, cap);
        if (!grown) {
            b->oom = true;
            return;
        }
        b->s = grown;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void sb_str(sbuf *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

/* RFC 3986 percent-encoding of everything but unreserved characters, so an
 * id can never add a path segment, a query or a fragment. */
static void sb_escaped(sbuf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (isalnum(*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~') {
            sb_add(b, (const char *)p, 1);
        } else {
            char enc[3] = { '%', hex[*p >> 4], hex[*p & 15] };
            sb_add(b, enc, 3);
        }
    }
}

static char *url_for(const dd_client *c, const char *path, const char *id)
{
    sbuf b = { 0 };
    sb_str(&b, c->base_url);
    sb_str(&b, path);
    if (id) {
        sb_str(&b, "/");
        sb_escaped(&b, id);
    }
    if (b.oom) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

static void query_param(sbuf *b, bool *first, const char *name, const char *value)
{
    sb_str(b, *first ? "?" : "&");
    *first = false;
    sb_str(b, name);
    sb_str(b, "=");
    sb_escaped(b, value);
}

static char *url_for_list(const dd_client *c, const dd_conn_query *q)
{
    sbuf b = { 0 };
    bool first = true;
    sb_str(&b, c->base_url);
    sb_str(&b, "/api/v2/org_connections");
    if (q && q->sink_org_id)
        query_param(&b, &first, "sink_org_id", q->sink_org_id);
    if (q && q->source_org_id)
        query_param(&b, &first, "source_org_id", q->source_org_id);
    char num[32];
    if (q && q->limit > 0) {
        snprintf(num, sizeof(num), "%ld", q->limit);
        query_param(&b, &first, "limit", num);
    }
    if (q && q->offset >= 0) {
        snprintf(num, sizeof(num), "%ld", q->offset);
        query_param(&b, &first, "offset", num);
    }
    if (b.oom) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

/* ---- Validation ---------------------------------------------------------- */

/* User input quoted back in a message: printable ASCII only, cut short, so
 * a pasted escape sequence cannot act on the terminal. */
static void quote_input(const char *s, char *buf, size_t n)
{
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && o + 4 < n; p++) {
        if (o >= 64) {
            memcpy(buf + o, "...", 3);
            o += 3;
            break;
        }
        buf[o++] = (*p >= 0x20 && *p < 0x7f) ? (char)*p : '?';
    }
    buf[o] = '\0';
}

static dd_status check_conn_id(const char *id, dd_error *err)
{
    if (id && dd_is_uuid(id))
        return DD_OK;
    char q[80];
    quote_input(id ? id : "", q, sizeof(q));
    return dd_error_set(err, DD_E_USAGE, "connection id must be a valid uuid: '%s'", q);
}

static dd_status check_types(const char *const *types, size_t n, dd_error *err)
{
    if (!types || n == 0)
        return dd_error_set(err, DD_E_USAGE, "at least one connection type is required");
    for (size_t i = 0; i < n; i++)
        if (!types[i] || !*types[i])
            return dd_error_set(err, DD_E_USAGE, "a connection type cannot be empty");
    return DD_OK;
}

static char *types_detail(const char *const *types, size_t n)
{
    sbuf b = { 0 };
    sb_str(&b, "types=");
    for (size_t i = 0; i < n; i++) {
        if (i)
            sb_str(&b, ",");
        sb_str(&b, types[i]);
    }
    if (b.oom) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

/* ---- Requests ------------------------------------------------------------ */

typedef struct request {
    const char *method;
    const char *op;      /* audit operation; NULL for reads */
    char *url;
    char *body;          /* NULL for none */
    char *target;        /* audit target */
    char *detail;        /* audit detail */
} request;

static void request_free(request *r)
{
    free(r->url);
    free(r->body);
    free(r->target);
    free(r->detail);
}

static void print_dry_run(const dd_client *c, const request *r)
{
    FILE *f = c->dry_run;
    fprintf(f, "%s %s\n", r->method, r->url);
    fprintf(f, "Accept: application/json\n");
    if (r->body)
        fprintf(f, "Content-Type: application/json\n");
    fprintf(f, "DD-API-KEY: <redacted>\nDD-APPLICATION-KEY: <redacted>\n");
    if (r->body)
        fprintf(f, "\n%s\n", r->body);
    fprintf(f, "\n");
    fflush(f);
}

/* Tells the caller's on_wait why the next wait happens. st, resp and err
 * describe the attempt that just failed; next_attempt is 1-based. */
static void report_wait(const dd_client *c, const request *r, dd_status st,
                        const dd_http_resp *resp, const dd_error *err, int next_attempt,
                        long wait_ms)
{
    char reason[600], op[300];
    dd_wait_info w = { .limit_name = "", .wait_ms = wait_ms, .attempt = next_attempt,
                       .max_tries = DD_RETRY_MAX_TRIES, .reason = reason, .operation = op };
    if (st == DD_OK && resp->status == 429) {
        w.cause = DD_WAIT_RATE_LIMITED;
        w.http_status = 429;
        w.limit_name = resp->rl.name;
        if (resp->rl.name[0])
            snprintf(reason, sizeof(reason), "rate limited (%s)", resp->rl.name);
        else
            snprintf(reason, sizeof(reason), "rate limited");
    } else if (st == DD_OK) {
        w.cause = DD_WAIT_SERVER_ERROR;
        w.http_status = resp->status;
        const char *why = dd_http_reason(resp->status);
        snprintf(reason, sizeof(reason), "HTTP %ld%s%s", resp->status, why[0] ? " " : "", why);
    } else {
        /* The transport's text names the host, never the URL's query or
         * a header, so it can be shown as it is. */
        w.cause = DD_WAIT_TRANSPORT;
        snprintf(reason, sizeof(reason), "%s", err->text[0] ? err->text : dd_status_name(st));
    }
    /* The path alone: the base URL is the same for every call, and query
     * values are not worth a line on a status bar. */
    const char *path = r->url;
    size_t bl = strlen(c->base_url);
    if (strncmp(path, c->base_url, bl) == 0)
        path += bl;
    snprintf(op, sizeof(op), "%s %.*s", r->method, (int)strcspn(path, "?"), path);
    c->on_wait(&w, c->on_wait_ud);
}

/* The API never redirects; something in between (a proxy, a wrong
 * --api-url, a site behind a login page) does. Say where it led and why it
 * was not followed, instead of a bare "HTTP 302". */
static void explain_redirect(const dd_http_resp *resp, dd_error *err)
{
    const char *reason = dd_http_reason(resp->status);
    if (resp->redirect[0])
        dd_error_set(err, DD_E_HTTP,
                     "HTTP %ld%s%s: redirected to %s; not followed, since it would carry the "
                     "keys there (check the proxy settings, the site and --api-url)",
                     resp->status, reason[0] ? " " : "", reason, resp->redirect);
    else
        dd_error_set(err, DD_E_HTTP,
                     "HTTP %ld%s%s from something in front of the API, which never answers "
                     "so (check the proxy settings, the site and --api-url)",
                     resp->status, reason[0] ? " " : "", reason);
}

/* Replaces every copy of key in s (NUL-terminated, in place) by a marker
 * no longer than the key, so the text only shrinks. */
static void redact_in(char *s, const char *key)
{
    static const char mark[] = "<redacted>";
    size_t klen = strlen(key);
    if (klen < sizeof(mark) - 1)
        return; /* too short to be a key (and the marker would not fit) */
    for (char *p = strstr(s, key); p; p = strstr(p, key)) {
        memcpy(p, mark, sizeof(mark) - 1);
        memmove(p + sizeof(mark) - 1, p + klen, strlen(p + klen) + 1);
        p += sizeof(mark) - 1;
    }
}

/* A server (or something in front of it) may echo the keys it was sent:
 * in an error message, in a redirect's URL. What the operator, the log and
 * the audit record see has them removed. */
static void redact_keys(const dd_client *c, dd_error *err)
{
    const char *keys[2] = {
        c->api_header ? c->api_header + strlen("DD-API-KEY: ") : NULL,
        c->app_header ? c->app_header + strlen("DD-APPLICATION-KEY: ") : NULL,
    };
    for (int k = 0; k < 2; k++) {
        if (!keys[k] || !*keys[k])
            continue;
        redact_in(err->text, keys[k]);
        for (size_t i = 0; i < err->n_messages; i++)
            redact_in(err->messages[i], keys[k]);
    }
}

/* Sends r with the retry policy. DD_OK only for a 2xx answer, in resp. */
static dd_status send_with_retry(dd_client *c, const request *r, dd_http_resp *resp,
                                 dd_error *err)
{
    const char *headers[4];
    size_t nh = 0;
    headers[nh++] = "Accept: application/json";
    if (r->body)
        headers[nh++] = "Content-Type: application/json";
    headers[nh++] = c->api_header;
    headers[nh++] = c->app_header;
    dd_http_req req = { .method = r->method, .url = r->url, .headers = headers,
                        .n_headers = nh, .body = r->body };

    for (int attempt = 0;; attempt++) {
        dd_error_clear(err);
        dd_http_resp_free(resp);
        dd_status st = dd_http_perform(c->http, &req, resp, err);
        if (st == DD_OK) {
            c->last_rl = resp->rl;
            if (resp->status >= 200 && resp->status <= 299)
                return DD_OK;
        }
        dd_retry_decision d = dd_retry_decide(r->method, attempt, st, resp->status, &resp->rl,
                                              c->max_rate_wait_s);
        if (!d.retry) {
            if (st != DD_OK)
                return st;
            dd_parse_error_body(resp->status, resp->body, resp->len, err);
            err->retry_after = (resp->rl.present && resp->rl.reset >= 0) ? resp->rl.reset : -1;
            if (resp->status >= 300 && resp->status <= 399)
                explain_redirect(resp, err);
            redact_keys(c, err);
            return DD_E_HTTP;
        }
        if (c->on_wait)
            report_wait(c, r, st, resp, err, attempt + 2, d.wait_ms);
        if (!dd_http_sleep(c->http, d.wait_ms)) {
            dd_http_resp_free(resp);
            dd_error_clear(err);
            return dd_error_set(err, DD_E_CANCELLED, "cancelled while waiting to retry");
        }
    }
}

/* Parses a 2xx answer into out, keeping strings as c->text says. */
typedef dd_status (*parse_fn)(const dd_client *c, const dd_http_resp *resp, void *out,
                              dd_error *err);

/* A write refused in read-only mode. The write calls refuse before checking
 * their arguments, run() again before sending: one wording for both. */
static dd_status refuse_write(const char *op, dd_error *err)
{
    dd_error_set(err, DD_E_READ_ONLY, "read-only mode: %s not sent", op);
    err->not_sent = true;
    return DD_E_READ_ONLY;
}

/* Runs one call: read-only gate, dry run, audit intent, request, parse,
 * audit outcome. */
/* A write the server answered with 2xx has been applied, whatever became
 * of the answer: say so first, so no one repeats it. */
static void accepted_but_unreadable(const request *r, long status, dd_error *err)
{
    char why[sizeof(err->text)];
    snprintf(why, sizeof(why), "%s", err->text);
    err->http_status = status;
    dd_error_set(err, err->code,
                 "the server accepted %s (HTTP %ld) but its answer could not be read; "
                 "list again to see the result: %s",
                 r->op, status, why);
}

static dd_status run(dd_client *c, request *r, parse_fn parse, void *out, dd_error *err)
{
    bool write = r->op != NULL;
    if (write && c->read_only)
        return refuse_write(r->op, err);
    if (c->dry_run) {
        print_dry_run(c, r);
        return DD_OK;
    }

    /* Checked before the intent record: a request that cannot leave must
     * not be logged as attempted. */
    if (!c->api_header || !c->app_header)
        return dd_error_set(err, DD_E_CONFIG,
                            "no API key or application key configured (DD_API_KEY, DD_APP_KEY)");

    uint64_t audit_id = 0;
    if (write && c->audit) {
        dd_error aerr;
        dd_error_init(&aerr);
        audit_id = dd_audit_intent(c->audit, c->profile, c->site, r->op, r->target, r->detail,
                                   &aerr);
        if (audit_id == 0) {
            /* No record, no request: an unrecorded write is what the log
             * exists to prevent. */
            dd_status st = dd_error_set(err, DD_E_IO, "%s not sent: %s", r->op, aerr.text);
            err->not_sent = true;
            dd_error_clear(&aerr);
            return st;
        }
    }

    dd_http_resp resp = { 0 };
    dd_status st = send_with_retry(c, r, &resp, err);
    long status = resp.status;
    if (st == DD_OK && parse) {
        st = parse(c, &resp, out, err);
        if (st != DD_OK && write)
            accepted_but_unreadable(r, status, err);
    }
    dd_http_resp_free(&resp);

    if (audit_id) {
        char text[600];
        if (st != DD_OK)
            dd_error_describe(err, text, sizeof(text));
        dd_error aerr;
        dd_error_init(&aerr);
        /* A failed outcome record does not change the call's result: the
         * server has acted, and reporting a failure would invite a repeat.
         * The intent record already names the operation. */
        dd_audit_outcome(c->audit, audit_id, c->profile, c->site, r->op, r->target, status,
                         st == DD_OK ? NULL : text, &aerr);
        dd_error_clear(&aerr);
    }
    return st;
}

static dd_status parse_conn_list(const dd_client *c, const dd_http_resp *resp, void *out,
                                 dd_error *err)
{
    return dd_parse_conn_list(resp->body, resp->len, c->text, out, err);
}

static dd_status parse_conn_single(const dd_client *c, const dd_http_resp *resp, void *out,
                                   dd_error *err)
{
    return dd_parse_conn_single(resp->body, resp->len, c->text, out, err);
}

static dd_status parse_sf_list(const dd_client *c, const dd_http_resp *resp, void *out,
                               dd_error *err)
{
    return dd_parse_sf_list(resp->body, resp->len, c->text, out, err);
}

static dd_status parse_disable(const dd_client *c, const dd_http_resp *resp, void *out,
                               dd_error *err)
{
    return dd_parse_disable(resp->body, resp->len, c->text, out, err);
}

static char *fmt_target(const char *what, const char *id)
{
    sbuf b = { 0 };
    sb_str(&b, what);
    sb_str(&b, "=");
    sb_str(&b, id);
    if (b.oom) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

/* How every call ends: built is false when a part of the request could not
 * be allocated (out of memory, nothing sent), else the request runs once;
 * either way its parts are freed here. */
static dd_status perform(dd_client *c, request *r, bool built, parse_fn parse, void *out,
                         dd_error *err)
{
    dd_status st = built ? run(c, r, parse, out, err)
                         : dd_error_set(err, DD_E_NOMEM, "out of memory");
    request_free(r);
    return st;
}

/* ---- The eight calls ----------------------------------------------------- */

dd_status dd_list_connections(dd_client *c, const dd_conn_query *q, dd_conn_list *out,
                              dd_error *err)
{
    request r = { .method = "GET", .url = url_for_list(c, q) };
    return perform(c, &r, r.url, parse_conn_list, out, err);
}

dd_status dd_create_connection(dd_client *c, const char *sink_org_id, const char *const *types,
                               size_t n, dd_conn_list *out, dd_error *err)
{
    if (c->read_only)
        return refuse_write("connections.create", err);
    if (!sink_org_id || !*sink_org_id)
        return dd_error_set(err, DD_E_USAGE, "a sink org id is required");
    if (check_types(types, n, err) != DD_OK)
        return err->code;
    request r = { .method = "POST", .op = "connections.create",
                  .url = url_for(c, "/api/v2/org_connections", NULL),
                  .body = dd_body_create_connection(sink_org_id, types, n),
                  .target = fmt_target("sink_org", sink_org_id),
                  .detail = types_detail(types, n) };
    return perform(c, &r, r.url && r.body && r.target && r.detail, parse_conn_single, out, err);
}

dd_status dd_update_connection(dd_client *c, const char *conn_id, const char *const *types,
                               size_t n, dd_conn_list *out, dd_error *err)
{
    if (c->read_only)
        return refuse_write("connections.update", err);
    if (check_conn_id(conn_id, err) != DD_OK || check_types(types, n, err) != DD_OK)
        return err->code;
    request r = { .method = "PATCH", .op = "connections.update",
                  .url = url_for(c, "/api/v2/org_connections", conn_id),
                  .body = dd_body_update_connection(conn_id, types, n),
                  .target = fmt_target("connection", conn_id),
                  .detail = types_detail(types, n) };
    return perform(c, &r, r.url && r.body && r.target && r.detail, parse_conn_single, out, err);
}

dd_status dd_delete_connection(dd_client *c, const char *conn_id, dd_error *err)
{
    if (c->read_only)
        return refuse_write("connections.delete", err);
    if (check_conn_id(conn_id, err) != DD_OK)
        return err->code;
    request r = { .method = "DELETE", .op = "connections.delete",
                  .url = url_for(c, "/api/v2/org_connections", conn_id),
                  .target = fmt_target("connection", conn_id) };
    return perform(c, &r, r.url && r.target, NULL, NULL, err);
}

static dd_status parse_managed_orgs(const dd_client *c, const dd_http_resp *resp, void *out,
                                    dd_error *err)
{
    return dd_parse_managed_orgs(resp->body, resp->len, c->text, out, err);
}

dd_status dd_list_managed_orgs(dd_client *c, const char *name_filter, dd_managed_orgs *out,
                               dd_error *err)
{
    sbuf b = { 0 };
    bool first = true;
    sb_str(&b, c->base_url);
    sb_str(&b, "/api/v2/org");
    if (name_filter)
        query_param(&b, &first, "filter%5Bname%5D", name_filter);
    if (b.oom) {
        free(b.s);
        b.s = NULL;
    }
    request r = { .method = "GET", .url = b.s };
    return perform(c, &r, r.url, parse_managed_orgs, out, err);
}

dd_status dd_list_salesforce(dd_client *c, dd_sf_list *out, dd_error *err)
{
    request r = { .method = "GET",
                  .url = url_for(c, "/api/v2/integration/salesforce-incidents/organizations",
                                 NULL) };
    return perform(c, &r, r.url, parse_sf_list, out, err);
}

dd_status dd_delete_salesforce(dd_client *c, const char *sf_id, dd_error *err)
{
    if (c->read_only)
        return refuse_write("salesforce.delete", err);
    size_t len = sf_id ? strlen(sf_id) : 0;
    if (len == 0 || len > 100)
        return dd_error_set(err, DD_E_USAGE, "salesforce org id must be 1 to 100 characters");
    request r = { .method = "DELETE", .op = "salesforce.delete",
                  .url = url_for(c, "/api/v2/integration/salesforce-incidents/organizations",
                                 sf_id),
                  .target = fmt_target("salesforce_org", sf_id) };
    return perform(c, &r, r.url && r.target, NULL, NULL, err);
}

dd_status dd_disable_org(dd_client *c, const char *org_uuid, dd_disable_result *out,
                         dd_error *err)
{
    if (c->read_only)
        return refuse_write("org.disable", err);
    if (org_uuid && !dd_is_uuid(org_uuid)) {
        char q[80];
        quote_input(org_uuid, q, sizeof(q));
        return dd_error_set(err, DD_E_USAGE, "org uuid must be a valid uuid: '%s'", q);
    }
    request r = { .method = "POST", .op = "org.disable",
                  .url = url_for(c, "/api/v2/org/disable", NULL),
                  .body = dd_body_disable_org(org_uuid, NULL),
                  .target = fmt_target("org", org_uuid ? org_uuid : "authenticated") };
    return perform(c, &r, r.url && r.body && r.target, parse_disable, out, err);
}
