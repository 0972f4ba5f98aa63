/* One look at the API's host, step by step, for ddorgs doctor: the name
 * lookup, the TCP connection, the TLS handshake (certificate verified, as
 * every request does) and one HTTP answer, whose Date header tells the
 * server's clock. The request is a HEAD of the base URL's root and carries
 * no keys: nothing secret is sent. libcurl does the work with the same
 * rules as http.h (https only, plain http only for a loopback --api-url
 * and then never through a proxy, environment proxies otherwise, no
 * redirect followed); its timings (CURLINFO_*_TIME_T) say how long each
 * step took, and which step failed is told from its error and from the
 * steps it finished. */
#ifndef DD_NETPROBE_H
#define DD_NETPROBE_H

#include <stdbool.h>
#include <time.h>

#include "error.h"

/* The steps, in order. */
typedef enum dd_probe_step {
    DD_STEP_NONE = 0, /* none failed: the server answered */
    DD_STEP_PROXY,    /* the proxy could not be resolved or reached, or refused */
    DD_STEP_DNS,      /* the host name could not be resolved */
    DD_STEP_TCP,      /* no TCP connection (refused, unreachable, timed out) */
    DD_STEP_TLS,      /* the TLS handshake or the certificate's check failed */
    DD_STEP_HTTP      /* connected, but no HTTP answer came (reset, timeout) */
} dd_probe_step;

typedef struct dd_probe {
    bool tls;              /* the URL is https */
    char host[256];        /* the URL's host, without brackets */
    int port;              /* the URL's port, else its scheme's */
    bool host_is_address;  /* an IP address: nothing to look up */
    dd_probe_step failed;
    int curl_code;         /* libcurl's CURLcode, 0 when none failed */
    /* Why the step failed: libcurl's reason, or for a refused connection
     * "cannot connect to HOST port N: Connection refused" (the system's
     * reason); hosts and ports, never a key (none is sent); control
     * characters replaced; "" when none failed. */
    char error[300];
    char ip[64];           /* the address connected to (or tried last), "" unknown */
    /* How long each step took, in milliseconds; -1 when it was not
     * reached (tls_ms also for plain http). */
    long dns_ms, tcp_ms, tls_ms, total_ms;
    long http_status;      /* the answer's status, 0 when none came */
    time_t server_date;    /* its Date header (RFC 7231), 0 when absent or unreadable */
    time_t local_date;     /* this machine's clock when that header arrived */
} dd_probe;

/* Probes base_url ("https://api.datadoghq.com", as the configuration
 * resolved it). allow_http: plain http is allowed (a loopback --api-url).
 * timeout_s bounds the connection (name lookup included) and, doubled, the
 * whole probe. Returns DD_OK whenever the probe ran, whatever step failed
 * (out->failed says which); DD_E_CONFIG for a URL libcurl cannot parse,
 * DD_E_NOMEM (libcurl cannot start without memory either). */
dd_status dd_probe_url(const char *base_url, bool allow_http, long timeout_s, dd_probe *out,
                       dd_error *err);

#endif
