#include "http.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/utsname.h>
#include <time.h>

#include <curl/curl.h>

#include "http_peer.h"
#include "sanitize.h"

#define MIB (1024UL * 1024UL)

struct dd_http {
    CURL *curl;
    /* A private multi handle lets dd_http_cancel wake the transfer at once
     * (curl_multi_wakeup) instead of waiting for the next progress tick; it
     * also keeps the connection cache alive between requests. */
    CURLM *multi;
    dd_http_opts opts;
    const dd_redactor *red; /* borrowed: what the server says in headers */
    char *user_agent;
    char errbuf[CURL_ERROR_SIZE];

    atomic_bool cancelled;
    pthread_mutex_t mu;  /* guards the condition for dd_http_sleep */
    pthread_cond_t cv;

    /* Per-request state, reset by dd_http_perform. */
    char *buf;
    size_t len, cap;
    bool too_large;
    dd_ratelimit rl;
    dd_http_peer peer; /* loopback only for plain http; what it refused */
};

static pthread_once_t ua_once = PTHREAD_ONCE_INIT;
static char ua_text[256];

static void ua_build(void)
{
    const curl_version_info_data *v = curl_version_info(CURLVERSION_NOW);
    struct utsname u;
    char os[sizeof(u.sysname)] = "unknown", arch[sizeof(u.machine)] = "unknown";
    if (uname(&u) == 0) {
        snprintf(os, sizeof(os), "%s", u.sysname);
        snprintf(arch, sizeof(arch), "%s", u.machine);
        for (char *p = os; *p; p++)
            *p = (char)tolower((unsigned char)*p);
    }
    snprintf(ua_text, sizeof(ua_text), "ddorgs/%s (curl %s; os %s; arch %s)", DDORGS_VERSION,
             v && v->version ? v->version : "unknown", os, arch);
}

const char *dd_http_user_agent(void)
{
    pthread_once(&ua_once, ua_build);
    return ua_text;
}

int dd_http_global_init(void)
{
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return -1;
    dd_http_user_agent();
    return 0;
}

void dd_http_global_cleanup(void)
{
    curl_global_cleanup();
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *ud)
{
    dd_http *h = ud;
    size_t n = size * nmemb;
    /* libcurl hands us decoded bytes, so this cap also stops chunked and
     * gzip-inflated bodies, which CURLOPT_MAXFILESIZE misses. */
    if (n > h->opts.max_body - h->len) {
        h->too_large = true;
        return 0;
    }
    if (h->len + n + 1 > h->cap) {
        size_t cap = h->cap ? h->cap : 16384;
        while (cap < h->len + n + 1)
            cap *= 2;
        char *grown = realloc(h->buf, cap);
        if (!grown)
            return 0;
        h->buf = grown;
        h->cap = cap;
    }
    memcpy(h->buf + h->len, data, n);
    h->len += n;
    h->buf[h->len] = '\0';
    return n;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *ud)
{
    dd_http *h = ud;
    size_t n = size * nmemb;
    dd_ratelimit_header(&h->rl, h->red, data, n);
    return n;
}

static int on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
    dd_http *h = ud;
    return atomic_load(&h->cancelled) ? 1 : 0;
}

static long or_default(long v, long def)
{
    return v > 0 ? v : def;
}

dd_http *dd_http_new(const dd_http_opts *opts)
{
    dd_http *h = calloc(1, sizeof(*h));
    if (!h)
        return NULL;
    if (opts)
        h->opts = *opts;
    h->opts.connect_timeout_s = or_default(h->opts.connect_timeout_s, DD_HTTP_CONNECT_TIMEOUT_S);
    h->opts.timeout_s = or_default(h->opts.timeout_s, DD_HTTP_TIMEOUT_S);
    h->opts.low_speed_time_s = or_default(h->opts.low_speed_time_s, DD_HTTP_LOW_SPEED_TIME_S);
    h->opts.low_speed_limit = or_default(h->opts.low_speed_limit, DD_HTTP_LOW_SPEED_LIMIT);
    if (h->opts.max_body == 0)
        h->opts.max_body = DD_HTTP_MAX_BODY;
    h->user_agent = strdup(h->opts.user_agent ? h->opts.user_agent : dd_http_user_agent());
    h->opts.user_agent = h->user_agent;
    atomic_init(&h->cancelled, false);
    dd_ratelimit_clear(&h->rl);

    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    int cv_ok = pthread_cond_init(&h->cv, &ca) == 0;
    pthread_condattr_destroy(&ca);
    int mu_ok = pthread_mutex_init(&h->mu, NULL) == 0;
    h->curl = curl_easy_init();
    h->multi = curl_multi_init();
    if (!cv_ok || !mu_ok || !h->curl || !h->multi || !h->user_agent) {
        if (cv_ok)
            pthread_cond_destroy(&h->cv);
        if (mu_ok)
            pthread_mutex_destroy(&h->mu);
        curl_easy_cleanup(h->curl);
        curl_multi_cleanup(h->multi);
        free(h->user_agent);
        free(h);
        return NULL;
    }

    /* Options that hold for every request: set once, since the handle is
     * reused without curl_easy_reset to keep its connection and TLS session. */
    CURL *c = h->curl;
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, h->opts.connect_timeout_s);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, h->opts.timeout_s);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, h->opts.low_speed_time_s);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, h->opts.low_speed_limit);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip");
    curl_easy_setopt(c, CURLOPT_USERAGENT, h->user_agent);
#if LIBCURL_VERSION_NUM >= 0x075500
    const char *protocols = h->opts.allow_http ? "https,http" : "https";
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, protocols);
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, protocols);
#else
    long proto_mask = CURLPROTO_HTTPS | (h->opts.allow_http ? CURLPROTO_HTTP : 0);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS, proto_mask);
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS, proto_mask);
#endif
    /* Plain http is allowed only because the peer is this machine: an
     * environment proxy would carry the keys in clear text to another one
     * (and blame the loopback address when it fails). */
    if (h->opts.allow_http)
        curl_easy_setopt(c, CURLOPT_PROXY, "");
    /* And the address connected to must be this machine's, whatever the
     * name resolved to: checked before a socket exists. */
    h->peer.loopback_only = h->opts.allow_http;
    curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, dd_http_peer_open);
    curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &h->peer);
    /* A redirect would carry DD-API-KEY to whatever host it names. */
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, h->errbuf);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, h);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, h);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, h);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
    return h;
}

void dd_http_set_redactor(dd_http *h, const dd_redactor *red)
{
    h->red = red;
}

void dd_http_free(dd_http *h)
{
    if (!h)
        return;
    curl_multi_cleanup(h->multi);
    curl_easy_cleanup(h->curl);
    pthread_cond_destroy(&h->cv);
    pthread_mutex_destroy(&h->mu);
    free(h->user_agent);
    if (h->buf)
        explicit_bzero(h->buf, h->cap);
    free(h->buf);
    free(h);
}

void dd_http_resp_free(dd_http_resp *r)
{
    if (!r)
        return;
    if (r->body)
        explicit_bzero(r->body, r->len);
    free(r->body);
    r->body = NULL;
    r->len = 0;
}

void dd_http_cancel(dd_http *h)
{
    atomic_store(&h->cancelled, true);
    pthread_mutex_lock(&h->mu);
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
    curl_multi_wakeup(h->multi);
}

void dd_http_clear_cancel(dd_http *h)
{
    atomic_store(&h->cancelled, false);
}

bool dd_http_is_cancelled(dd_http *h)
{
    return atomic_load(&h->cancelled);
}

bool dd_http_sleep(dd_http *h, long ms)
{
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    if (ms > 0) {
        deadline.tv_sec += ms / 1000;
        deadline.tv_nsec += (ms % 1000) * 1000000L;
        if (deadline.tv_nsec >= 1000000000L) {
            deadline.tv_sec++;
            deadline.tv_nsec -= 1000000000L;
        }
    }
    pthread_mutex_lock(&h->mu);
    /* dd_http_cancel sets the flag before taking the mutex to broadcast, so
     * checking it under the mutex cannot miss a wake-up. */
    while (!atomic_load(&h->cancelled)) {
        if (pthread_cond_timedwait(&h->cv, &h->mu, &deadline) == ETIMEDOUT)
            break;
    }
    bool ok = !atomic_load(&h->cancelled);
    pthread_mutex_unlock(&h->mu);
    return ok;
}

/* "host:port" of url for messages; never the path or query. */
static void url_host(const char *url, bool with_port, char *buf, size_t n)
{
    snprintf(buf, n, "the server");
    CURLU *u = curl_url();
    if (!u)
        return;
    char *host = NULL, *port = NULL;
    if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
        if (with_port && curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK)
            snprintf(buf, n, "%s:%s", host, port);
        else
            snprintf(buf, n, "%s", host);
    }
    curl_free(host);
    curl_free(port);
    curl_url_cleanup(u);
}

static void size_text(size_t bytes, char *buf, size_t n)
{
    if (bytes >= MIB && bytes % MIB == 0)
        snprintf(buf, n, "%zu MiB", bytes / MIB);
    else if (bytes >= 1024 && bytes % 1024 == 0)
        snprintf(buf, n, "%zu KiB", bytes / 1024);
    else
        snprintf(buf, n, "%zu bytes", bytes);
}

/* True when url's scheme is one this handle may use: https, or http when
 * allowed (a loopback --api-url). */
static bool scheme_allowed(const dd_http *h, const char *url)
{
    if (strncasecmp(url, "https://", 8) == 0)
        return true;
    return h->opts.allow_http && strncasecmp(url, "http://", 7) == 0;
}

static dd_status map_failure(dd_http *h, CURLcode rc, const char *url, dd_error *err)
{
    char host[300];
    url_host(url, true, host, sizeof(host));
    const char *detail = h->errbuf[0] ? h->errbuf : curl_easy_strerror(rc);

    if (atomic_load(&h->cancelled))
        return dd_error_set(err, DD_E_CANCELLED, "request to %s cancelled", host);
    if (h->peer.refused) {
        char name[300];
        url_host(url, false, name, sizeof(name));
        return dd_error_set(err, DD_E_CONFIG,
                            "refusing plain http to %s: %s resolved to it, which is not a "
                            "loopback address, and the keys would cross the network in clear "
                            "text; use https, or http://127.0.0.1:PORT", h->peer.addr, name);
    }
    if (h->too_large) {
        char sz[32];
        size_text(h->opts.max_body, sz, sizeof(sz));
        return dd_error_set(err, DD_E_TOO_LARGE, "response larger than %s from %s", sz, host);
    }
    switch (rc) {
    case CURLE_COULDNT_CONNECT: {
        long os_errno = 0;
        curl_easy_getinfo(h->curl, CURLINFO_OS_ERRNO, &os_errno);
        return dd_error_set(err, DD_E_NETWORK, "cannot connect to %s: %s", host,
                            os_errno ? strerror((int)os_errno) : detail);
    }
    case CURLE_COULDNT_RESOLVE_HOST: {
        char name[300];
        url_host(url, false, name, sizeof(name));
        return dd_error_set(err, DD_E_NETWORK, "cannot resolve %s: check the site and DNS", name);
    }
    case CURLE_COULDNT_RESOLVE_PROXY:
        return dd_error_set(err, DD_E_NETWORK, "cannot resolve the proxy for %s: %s", host,
                            detail);
    case CURLE_OPERATION_TIMEDOUT:
        /* libcurl's own text tells the phases apart; CONNECT_TIME cannot,
         * since it stays 0 on a reused connection. */
        if (strstr(detail, "Connection timed out") || strstr(detail, "Resolving timed out"))
            return dd_error_set(err, DD_E_TIMEOUT, "timed out after %ld s connecting to %s",
                                h->opts.connect_timeout_s, host);
        if (strstr(detail, "too slow"))
            return dd_error_set(err, DD_E_TIMEOUT,
                                "transfer from %s stalled: under %ld bytes/s for %ld s", host,
                                h->opts.low_speed_limit, h->opts.low_speed_time_s);
        return dd_error_set(err, DD_E_TIMEOUT, "timed out after %ld s waiting for %s",
                            h->opts.timeout_s, host);
    case CURLE_UNSUPPORTED_PROTOCOL:
        /* libcurl says the same of a URL whose scheme it was told to
         * refuse and of an answer with no HTTP status line (HTTP/0.9, an
         * unknown version): only the first is the URL's fault. */
        if (!scheme_allowed(h, url))
            return dd_error_set(err, DD_E_CONFIG,
                                "refusing to talk to %s over this protocol: https is required "
                                "(http only for a loopback --api-url)", host);
        /* fall through */
    case CURLE_WEIRD_SERVER_REPLY:
        return dd_error_set(err, DD_E_PROTOCOL,
                            "%s did not speak HTTP: its answer has no valid HTTP status line; "
                            "check the site or --api-url", host);
    case CURLE_BAD_CONTENT_ENCODING:
        return dd_error_set(err, DD_E_PROTOCOL, "bad compressed response from %s: %s", host,
                            detail);
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
        return dd_error_set(err, DD_E_NETWORK, "TLS failure with %s: %s", host, detail);
    case CURLE_OUT_OF_MEMORY:
        return dd_error_set(err, DD_E_NOMEM, "out of memory talking to %s", host);
    case CURLE_WRITE_ERROR:
        /* Not the size cap (handled above): the buffer could not grow. */
        return dd_error_set(err, DD_E_NOMEM, "out of memory reading the answer of %s", host);
    case CURLE_GOT_NOTHING:
        return dd_error_set(err, DD_E_NETWORK, "%s closed the connection without answering",
                            host);
    case CURLE_PARTIAL_FILE:
        /* The server promised more than it sent: whatever arrived cannot be
         * trusted as an answer. */
        return dd_error_set(err, DD_E_PROTOCOL, "answer from %s cut short: %s", host, detail);
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
        return dd_error_set(err, DD_E_NETWORK, "connection to %s broken: %s", host, detail);
    default:
        return dd_error_set(err, DD_E_NETWORK, "request to %s failed: %s", host, detail);
    }
}

/* The list holds copies of the key headers: wipe them before freeing. */
static void free_headers(struct curl_slist *headers)
{
    for (struct curl_slist *p = headers; p; p = p->next)
        explicit_bzero(p->data, strlen(p->data));
    curl_slist_free_all(headers);
}

/* Runs the transfer on the private multi handle until done or cancelled. */
static CURLcode run_transfer(dd_http *h)
{
    if (curl_multi_add_handle(h->multi, h->curl) != CURLM_OK)
        return CURLE_FAILED_INIT;
    CURLcode result = CURLE_OK;
    bool done = false;
    while (!done) {
        int running = 0;
        if (curl_multi_perform(h->multi, &running) != CURLM_OK) {
            result = CURLE_FAILED_INIT;
            break;
        }
        int left;
        CURLMsg *msg;
        while ((msg = curl_multi_info_read(h->multi, &left))) {
            if (msg->msg == CURLMSG_DONE && msg->easy_handle == h->curl) {
                result = msg->data.result;
                done = true;
            }
        }
        if (done)
            break;
        if (atomic_load(&h->cancelled)) {
            result = CURLE_ABORTED_BY_CALLBACK;
            break;
        }
        if (curl_multi_poll(h->multi, NULL, 0, 1000, NULL) != CURLM_OK) {
            result = CURLE_FAILED_INIT;
            break;
        }
    }
    curl_multi_remove_handle(h->multi, h->curl);
    return result;
}

dd_status dd_http_perform(dd_http *h, const dd_http_req *req, dd_http_resp *resp, dd_error *err)
{
    memset(resp, 0, sizeof(*resp));
    dd_ratelimit_clear(&resp->rl);
    h->len = 0;
    h->too_large = false;
    h->peer.refused = false;
    h->errbuf[0] = '\0';
    dd_ratelimit_clear(&h->rl);

    if (atomic_load(&h->cancelled)) {
        char host[300];
        url_host(req->url, true, host, sizeof(host));
        dd_error_set(err, DD_E_CANCELLED, "request to %s cancelled", host);
        err->not_sent = true;
        return DD_E_CANCELLED;
    }

    struct curl_slist *headers = NULL;
    for (size_t i = 0; i < req->n_headers; i++) {
        struct curl_slist *next = curl_slist_append(headers, req->headers[i]);
        if (!next)
            goto nomem;
        headers = next;
    }
    /* No 100-continue round trip: our bodies are small. */
    struct curl_slist *next = curl_slist_append(headers, "Expect:");
    if (!next)
        goto nomem;
    headers = next;

    /* Options that change per request are all set here, each time, because
     * the handle keeps whatever the previous request left. */
    CURL *c = h->curl;
    curl_easy_setopt(c, CURLOPT_URL, req->url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    if (req->body || strcmp(req->method, "POST") == 0 || strcmp(req->method, "PATCH") == 0) {
        const char *body = req->body ? req->body : "";
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST,
                         strcmp(req->method, "POST") == 0 ? NULL : req->method);
    } else {
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST,
                         strcmp(req->method, "GET") == 0 ? NULL : req->method);
    }

    CURLcode rc = run_transfer(h);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, NULL);
    free_headers(headers);

    /* A transfer that completed stands even if a cancel arrived just after:
     * the server has acted, and callers must record that. */
    if (rc != CURLE_OK) {
        /* libcurl counts the request bytes it wrote in this transfer: none
         * means the server cannot have seen the request. */
        long sent = 0;
        curl_easy_getinfo(c, CURLINFO_REQUEST_SIZE, &sent);
        dd_status st = map_failure(h, rc, req->url, err);
        err->not_sent = sent == 0;
        return st;
    }

    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp->status);
    resp->rl = h->rl;
    char *target = NULL;
    if (resp->status >= 300 && resp->status <= 399 &&
        curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &target) == CURLE_OK && target) {
        /* Keys out of the whole URL, and only then cut to fit. */
        char *safe = dd_redact(h->red, target, strlen(target), sizeof(resp->redirect) - 1);
        if (!safe)
            return dd_error_set(err, DD_E_NOMEM, "out of memory");
        dd_sanitize_into(safe, strlen(safe), dd_sanitize_mode, resp->redirect,
                         sizeof(resp->redirect));
        free(safe);
    }
    if (h->buf) {
        /* The buffer goes to the caller; the next request starts a new one
         * so a one-off large answer is not held for the handle's lifetime. */
        resp->body = h->buf;
        if (h->cap > 2 * (h->len + 1)) {
            char *shrunk = realloc(resp->body, h->len + 1);
            if (shrunk)
                resp->body = shrunk;
        }
        h->buf = NULL;
        h->cap = 0;
    } else {
        resp->body = calloc(1, 1);
        if (!resp->body)
            return dd_error_set(err, DD_E_NOMEM, "out of memory");
    }
    resp->len = h->len;
    h->len = 0;
    return DD_OK;

nomem:
    free_headers(headers);
    return dd_error_set(err, DD_E_NOMEM, "out of memory");
}
