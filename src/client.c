#include "client.h"

#include <stdlib.h>
#include <string.h>

#include "api_json.h"
#include "audit.h"
#include "client_priv.h"
#include "config.h"
#include "secrets.h"
#include "site.h"

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
    o->max_rate_wait_s = DD_CLIENT_MAX_RATE_WAIT_S;
    o->http.connect_timeout_s = DD_HTTP_CONNECT_TIMEOUT_S;
    o->http.timeout_s = DD_HTTP_TIMEOUT_S;
    o->http.low_speed_time_s = DD_HTTP_LOW_SPEED_TIME_S;
    o->http.low_speed_limit = DD_HTTP_LOW_SPEED_LIMIT;
    o->http.max_body = DD_HTTP_MAX_BODY;
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
    const char *keys[2] = { opts->api_key, opts->app_key };
    c->red = dd_redactor_new(keys, 2);
    c->site = dup_or_null(opts->site);
    c->profile = dup_or_null(opts->profile);
    if (!c->http || !c->base_url || (opts->api_key && !c->api_header) ||
        (opts->app_key && !c->app_header) || !c->red || (opts->site && !c->site) ||
        (opts->profile && !c->profile) || dd_secrets_add(opts->api_key) != 0 ||
        dd_secrets_add(opts->app_key) != 0) {
        dd_client_free(c);
        dd_error_set(err, DD_E_NOMEM, "out of memory");
        return NULL;
    }
    dd_http_set_redactor(c->http, c->red);
    size_t n = strlen(c->base_url);
    while (n > 0 && c->base_url[n - 1] == '/')
        c->base_url[--n] = '\0';
    c->read_only = opts->read_only;
    c->dry_run = opts->dry_run;
    c->audit = opts->audit;
    c->on_wait = opts->on_wait;
    c->on_wait_ud = opts->on_wait_ud;
    c->text = opts->text;
    /* 0 is an unset field (the default); negative asks never to wait,
     * which the retry policy spells as a cap of 0. */
    c->max_rate_wait_s = opts->max_rate_wait_s > 0 ? opts->max_rate_wait_s
                         : opts->max_rate_wait_s < 0 ? 0 : DD_CLIENT_MAX_RATE_WAIT_S;
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
    dd_redactor_free(c->red);
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
    dd_sbuf b = { 0 };
    dd_sbuf_str(&b, "types=");
    for (size_t i = 0; i < n; i++) {
        if (i)
            dd_sbuf_str(&b, ",");
        dd_sbuf_str(&b, types[i]);
    }
    return dd_sbuf_take(&b);
}

/* ---- Requests ------------------------------------------------------------ */

typedef dd_request request;

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
    fprintf(f, "%s %s\n", r->op->method, r->url);
    fprintf(f, "Accept: application/json\n");
    if (r->body)
        fprintf(f, "Content-Type: application/json\n");
    fprintf(f, "DD-API-KEY: <redacted>\nDD-APPLICATION-KEY: <redacted>\n");
    if (r->body)
        fprintf(f, "\n%s\n", r->body);
    fprintf(f, "\n");
    fflush(f);
}

/* Parses a 2xx answer into out, keeping strings as c->text says. */
typedef dd_status (*parse_fn)(const dd_client *c, const dd_http_resp *resp, void *out,
                              dd_error *err);

/* The read-only gate: DD_OK, or DD_E_READ_ONLY (nothing sent) for an
 * operation that writes (op->writes) when the client is read-only. The
 * write calls ask before checking their arguments, run() again before
 * sending: one wording for both. */
static dd_status read_only_gate(const dd_client *c, const dd_op *op, dd_error *err)
{
    if (!op->writes || !c->read_only)
        return DD_OK;
    dd_error_set(err, DD_E_READ_ONLY, "read-only mode: %s not sent", op->audit);
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
                 r->op->audit, status, why);
}

/* The audit outcome of a failed write: the error, led by "may have been
 * applied" whenever dd_error_write_maybe_applied says so (the request
 * left and no answer refused it: cancelled after sending, timed out, a
 * 5xx, an unreadable answer), so the log never reads as if nothing
 * happened. */
static void outcome_text(const dd_error *err, char *buf, size_t n)
{
    static const char doubt[] = "may have been applied (check before repeating): ";
    size_t used = 0;
    if (dd_error_write_maybe_applied(err) && n > sizeof(doubt)) {
        memcpy(buf, doubt, sizeof(doubt) - 1);
        used = sizeof(doubt) - 1;
    }
    dd_error_describe(err, buf + used, n - used);
}

static dd_status run(dd_client *c, request *r, parse_fn parse, void *out, dd_error *err)
{
    bool write = r->op->writes;
    if (read_only_gate(c, r->op, err) != DD_OK)
        return err->code;
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
        audit_id = dd_audit_intent(c->audit, c->profile, c->site, r->op->audit, r->target,
                                   r->detail, &aerr);
        if (audit_id == 0) {
            /* No record, no request: an unrecorded write is what the log
             * exists to prevent. */
            dd_status st = dd_error_set(err, DD_E_IO, "%s not sent: %s", r->op->audit,
                                        aerr.text);
            err->not_sent = true;
            dd_error_clear(&aerr);
            return st;
        }
    }

    dd_http_resp resp = { 0 };
    dd_status st = dd_client_send(c, r, &resp, err);
    long status = resp.status;
    if (st == DD_OK && parse) {
        st = parse(c, &resp, out, err);
        /* A malformed answer's message quotes a little of it (a type that
         * is not the expected one): keys out of it like any server text. */
        if (st != DD_OK)
            dd_redact_error(c->red, err);
        if (st != DD_OK && write)
            accepted_but_unreadable(r, status, err);
    }
    dd_http_resp_free(&resp);

    if (audit_id) {
        char text[600];
        if (st != DD_OK)
            outcome_text(err, text, sizeof(text));
        dd_error aerr;
        dd_error_init(&aerr);
        /* A failed outcome record does not change the call's result: the
         * server has acted, and reporting a failure would invite a repeat.
         * The intent record already names the operation. */
        dd_audit_outcome(c->audit, audit_id, c->profile, c->site, r->op->audit, r->target,
                         status, st == DD_OK ? NULL : text, &aerr);
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
    dd_sbuf b = { 0 };
    dd_sbuf_str(&b, what);
    dd_sbuf_str(&b, "=");
    dd_sbuf_str(&b, id);
    return dd_sbuf_take(&b);
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
/* Each takes its method, path, audit name, read-only refusal and retry
 * class from its row of the operations table (ops.h). */

dd_status dd_list_connections(dd_client *c, const dd_conn_query *q, dd_conn_list *out,
                              dd_error *err)
{
    request r = { .op = &dd_ops[DD_OP_CONN_LIST], .url = dd_client_list_url(c, q) };
    return perform(c, &r, r.url, parse_conn_list, out, err);
}

dd_status dd_create_connection(dd_client *c, const char *sink_org_id, const char *const *types,
                               size_t n, dd_conn_list *out, dd_error *err)
{
    request r = { .op = &dd_ops[DD_OP_CONN_CREATE] };
    if (read_only_gate(c, r.op, err) != DD_OK)
        return err->code;
    if (!sink_org_id || !*sink_org_id)
        return dd_error_set(err, DD_E_USAGE, "a sink org id is required");
    if (check_types(types, n, err) != DD_OK)
        return err->code;
    if (dd_client_url(c, r.op, NULL, NULL, &r.url, err) != DD_OK)
        return err->code;
    r.body = dd_body_create_connection(sink_org_id, types, n);
    r.target = fmt_target("sink_org", sink_org_id);
    r.detail = types_detail(types, n);
    return perform(c, &r, r.body && r.target && r.detail, parse_conn_single, out, err);
}

dd_status dd_update_connection(dd_client *c, const char *conn_id, const char *const *types,
                               size_t n, dd_conn_list *out, dd_error *err)
{
    request r = { .op = &dd_ops[DD_OP_CONN_UPDATE] };
    if (read_only_gate(c, r.op, err) != DD_OK)
        return err->code;
    if (check_conn_id(conn_id, err) != DD_OK || check_types(types, n, err) != DD_OK)
        return err->code;
    if (dd_client_url(c, r.op, "connection id", conn_id, &r.url, err) != DD_OK)
        return err->code;
    r.body = dd_body_update_connection(conn_id, types, n);
    r.target = fmt_target("connection", conn_id);
    r.detail = types_detail(types, n);
    return perform(c, &r, r.body && r.target && r.detail, parse_conn_single, out, err);
}

dd_status dd_delete_connection(dd_client *c, const char *conn_id, dd_error *err)
{
    request r = { .op = &dd_ops[DD_OP_CONN_DELETE] };
    if (read_only_gate(c, r.op, err) != DD_OK)
        return err->code;
    if (check_conn_id(conn_id, err) != DD_OK)
        return err->code;
    if (dd_client_url(c, r.op, "connection id", conn_id, &r.url, err) != DD_OK)
        return err->code;
    r.target = fmt_target("connection", conn_id);
    return perform(c, &r, r.target, NULL, NULL, err);
}

static dd_status parse_managed_orgs(const dd_client *c, const dd_http_resp *resp, void *out,
                                    dd_error *err)
{
    return dd_parse_managed_orgs(resp->body, resp->len, c->text, out, err);
}

dd_status dd_list_managed_orgs(dd_client *c, const char *name_filter, dd_managed_orgs *out,
                               dd_error *err)
{
    request r = { .op = &dd_ops[DD_OP_ORGS_LIST], .url = dd_client_orgs_url(c, name_filter) };
    return perform(c, &r, r.url, parse_managed_orgs, out, err);
}

dd_status dd_list_salesforce(dd_client *c, dd_sf_list *out, dd_error *err)
{
    request r = { .op = &dd_ops[DD_OP_SF_LIST] };
    if (dd_client_url(c, r.op, NULL, NULL, &r.url, err) != DD_OK)
        return err->code;
    return perform(c, &r, true, parse_sf_list, out, err);
}

dd_status dd_delete_salesforce(dd_client *c, const char *sf_id, dd_error *err)
{
    request r = { .op = &dd_ops[DD_OP_SF_DELETE] };
    if (read_only_gate(c, r.op, err) != DD_OK)
        return err->code;
    size_t len = sf_id ? strlen(sf_id) : 0;
    if (len == 0 || len > 100)
        return dd_error_set(err, DD_E_USAGE, "salesforce org id must be 1 to 100 characters");
    if (dd_client_url(c, r.op, "salesforce org id", sf_id, &r.url, err) != DD_OK)
        return err->code;
    r.target = fmt_target("salesforce_org", sf_id);
    return perform(c, &r, r.target, NULL, NULL, err);
}

dd_status dd_disable_org(dd_client *c, const char *org_uuid, dd_disable_result *out,
                         dd_error *err)
{
    request r = { .op = &dd_ops[DD_OP_ORG_DISABLE] };
    if (read_only_gate(c, r.op, err) != DD_OK)
        return err->code;
    if (org_uuid && !dd_is_uuid(org_uuid)) {
        char q[80];
        quote_input(org_uuid, q, sizeof(q));
        return dd_error_set(err, DD_E_USAGE, "org uuid must be a valid uuid: '%s'", q);
    }
    if (dd_client_url(c, r.op, NULL, NULL, &r.url, err) != DD_OK)
        return err->code;
    r.body = dd_body_disable_org(org_uuid, NULL);
    r.target = fmt_target("org", org_uuid ? org_uuid : "authenticated");
    return perform(c, &r, r.body && r.target, parse_disable, out, err);
}
