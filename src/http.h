/* libcurl transport: one easy handle per thread, reused across requests.
 * Enforces timeouts, a response-size cap in the write callback (stops
 * chunked and gzip-inflated bodies), https only (http only when allow_http),
 * no redirects, TLS verification on, proxies from the environment (never
 * for allow_http: plain http goes to loopback only, never through a proxy,
 * and each address is checked before connecting: http_peer.h).
 * dd_http_cancel may be called from any thread. */
#ifndef DD_HTTP_H
#define DD_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "redact.h"

typedef struct dd_ratelimit {
    bool present;     /* any X-RateLimit-* header seen */
    long limit;       /* -1 when absent */
    long period;
    long remaining;
    long reset;       /* seconds until the window resets; -1 absent or unreadable */
    bool reset_unreadable; /* X-RateLimit-Reset was sent but is no number of seconds */
    char name[64];    /* X-RateLimit-Name: keys taken out, printable ASCII, cut to fit */
} dd_ratelimit;

/* No limits seen: every number -1, no name, present false. */
void dd_ratelimit_clear(dd_ratelimit *rl);
/* One response header line as libcurl hands it over (data, n bytes, with
 * or without its CRLF; not NUL-terminated): an X-RateLimit-* header fills
 * its field of rl (a value that is no count leaves -1, and for Reset sets
 * reset_unreadable; Name has keys taken out by red, may be NULL); a status
 * line ("HTTP/...") clears rl, since a new response starts; anything else
 * is ignored. */
void dd_ratelimit_header(dd_ratelimit *rl, const dd_redactor *red, const char *data, size_t n);

/* The transport's defaults, in one place: a dd_http_opts field left 0
 * takes its default here (dd_http_new), and dd_client_opts_from_config
 * sets the same. */
#define DD_HTTP_CONNECT_TIMEOUT_S 10L  /* seconds to connect (TCP and TLS) */
#define DD_HTTP_TIMEOUT_S 60L          /* seconds for a whole request */
#define DD_HTTP_LOW_SPEED_TIME_S 20L   /* seconds under the low-speed limit */
#define DD_HTTP_LOW_SPEED_LIMIT 1L     /* bytes per second */
#define DD_HTTP_MAX_BODY (64UL * 1024 * 1024) /* bytes of an answer: 64 MiB */

typedef struct dd_http_opts {
    long connect_timeout_s;   /* default DD_HTTP_CONNECT_TIMEOUT_S */
    long timeout_s;           /* overall, default DD_HTTP_TIMEOUT_S */
    long low_speed_time_s;    /* abort when < low_speed_limit B/s for this long;
                                 default DD_HTTP_LOW_SPEED_TIME_S */
    long low_speed_limit;     /* default DD_HTTP_LOW_SPEED_LIMIT */
    size_t max_body;          /* default DD_HTTP_MAX_BODY */
    bool allow_http;          /* loopback --api-url only */
    const char *user_agent;   /* default "ddorgs/<version> (...)" */
} dd_http_opts;

typedef struct dd_http_req {
    const char *method;       /* "GET", "POST", "PATCH", "DELETE" */
    const char *url;
    const char *const *headers; /* "Name: value" lines */
    size_t n_headers;
    const char *body;         /* NULL for none */
} dd_http_req;

typedef struct dd_http_resp {
    long status;
    char *body;               /* NUL-terminated, malloc'd (may be empty) */
    size_t len;
    dd_ratelimit rl;
    /* Where a 3xx answer pointed (keys taken out of the whole URL, then
     * cleaned and cut to fit), "" otherwise. Not followed: a redirect would
     * carry the keys to whatever host it names; the caller tells the
     * operator where it led. */
    char redirect[300];
} dd_http_resp;

typedef struct dd_http dd_http;

/* curl_global_init; call once in main() before any thread starts. */
int dd_http_global_init(void);
void dd_http_global_cleanup(void);

dd_http *dd_http_new(const dd_http_opts *opts); /* opts may be NULL: defaults */
void dd_http_free(dd_http *h);
/* The redactor for what the server sends in headers (Location,
 * X-RateLimit-Name): borrowed, it must outlive h; NULL for none. Set before
 * the first request. */
void dd_http_set_redactor(dd_http *h, const dd_redactor *red);
/* Performs one request (no retries). Transport failures map to
 * DD_E_NETWORK / DD_E_TIMEOUT / DD_E_CANCELLED / DD_E_TOO_LARGE; any HTTP
 * status (even 4xx/5xx) is DD_OK here with resp->status set. */
dd_status dd_http_perform(dd_http *h, const dd_http_req *req, dd_http_resp *resp, dd_error *err);
/* Frees the body, wiped first: an answer may repeat the keys it was sent. */
void dd_http_resp_free(dd_http_resp *r);
/* Thread-safe: aborts the request in flight (and makes the next wait stop). */
void dd_http_cancel(dd_http *h);
void dd_http_clear_cancel(dd_http *h);
bool dd_http_is_cancelled(dd_http *h);
/* Sleeps up to ms milliseconds, returning early (false) when cancelled. */
bool dd_http_sleep(dd_http *h, long ms);
/* The default User-Agent string. */
const char *dd_http_user_agent(void);

#endif
