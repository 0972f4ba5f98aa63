/* Sending one request (client_priv.h): the retry policy and its waits,
 * the decoding of an error answer, a redirect explained, and the keys
 * taken out of everything the server sent before anyone sees it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_json.h"
#include "client_priv.h"
#include "retry.h"

/* Tells the caller's on_wait why the next wait happens. st, resp and err
 * describe the attempt that just failed (err already redacted);
 * next_attempt is 1-based. */
static void report_wait(const dd_client *c, const dd_request *r, dd_status st,
                        const dd_http_resp *resp, const dd_error *err, int next_attempt,
                        const dd_retry_decision *d)
{
    char reason[600], op[300], note[200];
    dd_retry_reset_note(d, note, sizeof(note));
    dd_wait_info w = { .limit_name = "", .note = note, .wait_ms = d->wait_ms,
                       .attempt = next_attempt, .max_tries = DD_RETRY_MAX_TRIES,
                       .reason = reason, .operation = op };
    if (st == DD_OK && resp->status == 429) {
        w.cause = DD_WAIT_RATE_LIMITED;
        w.http_status = 429;
        w.limit_name = resp->rl.name;
        snprintf(reason, sizeof(reason), "rate limited%s%s%s%s%s",
                 resp->rl.name[0] ? " (" : "", resp->rl.name, resp->rl.name[0] ? ")" : "",
                 note[0] ? "; " : "", note);
    } else if (st == DD_OK) {
        w.cause = DD_WAIT_SERVER_ERROR;
        w.http_status = resp->status;
        const char *why = dd_http_reason(resp->status);
        snprintf(reason, sizeof(reason), "HTTP %ld%s%s", resp->status, why[0] ? " " : "", why);
    } else {
        /* The transport's text names the host, never the URL's query or
         * a header, and has been through the redactor like any other. */
        w.cause = DD_WAIT_TRANSPORT;
        snprintf(reason, sizeof(reason), "%s", err->text[0] ? err->text : dd_status_name(st));
    }
    /* The path alone: the base URL is the same for every call, and query
     * values are not worth a line on a status bar. */
    const char *path = r->url;
    size_t bl = strlen(c->base_url);
    if (strncmp(path, c->base_url, bl) == 0)
        path += bl;
    snprintf(op, sizeof(op), "%s %.*s", r->op->method, (int)strcspn(path, "?"), path);
    c->on_wait(&w, c->on_wait_ud);
}

/* A 429 whose reset was not believed: its error says so (by the rule the
 * waits followed, retry.h), so the hint that follows is not taken for the
 * server's. */
static void say_reset_refused(const dd_ratelimit *rl, dd_error *err)
{
    char why[160];
    dd_retry_reset_why(rl, why, sizeof(why));
    size_t len = strlen(err->text);
    if (why[0] && len + 2 < sizeof(err->text))
        snprintf(err->text + len, sizeof(err->text) - len, "; %s", why);
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

/* A 407 comes from a proxy between ddorgs and the API (the API never asks
 * for proxy credentials): say so and where proxy settings come from. */
static void explain_proxy_auth(dd_error *err)
{
    dd_error_set(err, DD_E_HTTP,
                 "HTTP 407 Proxy Authentication Required: proxy authentication is required by a "
                 "proxy between ddorgs and the API; give its user and password in https_proxy "
                 "(https://USER:PASSWORD@HOST:PORT) or fix the proxy settings ('ddorgs doctor' "
                 "shows the proxy in use)");
}

dd_status dd_client_send(dd_client *c, const dd_request *r, dd_http_resp *resp, dd_error *err)
{
    const char *headers[4];
    size_t nh = 0;
    headers[nh++] = "Accept: application/json";
    if (r->body)
        headers[nh++] = "Content-Type: application/json";
    headers[nh++] = c->api_header;
    headers[nh++] = c->app_header;
    dd_http_req req = { .method = r->op->method, .url = r->url, .headers = headers,
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
        /* Whatever the transport said may quote the server: the same
         * redactor as for its answers, before it is shown anywhere. */
        dd_redact_error(c->red, err);
        dd_retry_decision d = dd_retry_decide(r->op->retry, attempt, st, resp->status,
                                              &resp->rl, c->max_rate_wait_s);
        if (!d.retry) {
            if (st != DD_OK)
                return st;
            dd_parse_error_body(resp->status, resp->body, resp->len, c->red, err);
            err->retry_after = dd_retry_reset_s(&resp->rl);
            if (resp->status == 429)
                say_reset_refused(&resp->rl, err);
            if (resp->status >= 300 && resp->status <= 399)
                explain_redirect(resp, err);
            else if (resp->status == 407)
                explain_proxy_auth(err);
            dd_redact_error(c->red, err);
            return DD_E_HTTP;
        }
        if (c->on_wait)
            report_wait(c, r, st, resp, err, attempt + 2, &d);
        if (!dd_http_sleep(c->http, d.wait_ms)) {
            bool refused = st == DD_OK && resp->status == 429;
            dd_http_resp_free(resp);
            dd_error_clear(err);
            dd_error_set(err, DD_E_CANCELLED, "cancelled while waiting to retry");
            /* After a 429 (the only wait a write gets) the server did
             * nothing, and the next try never left: nothing was applied. */
            err->not_sent = refused;
            return DD_E_CANCELLED;
        }
    }
}
