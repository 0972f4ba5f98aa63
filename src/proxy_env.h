/* Which proxy libcurl takes from the environment for a URL, decided by
 * libcurl's own rules (7.88, lib/url.c), so that ddorgs doctor can say what
 * the requests go through:
 *   - <scheme>_proxy, lower case first; for https also HTTPS_PROXY; for
 *     http only http_proxy (libcurl ignores HTTP_PROXY, which a CGI
 *     request could set);
 *   - else all_proxy, then ALL_PROXY;
 *   - none when no_proxy (else NO_PROXY) names the host: "*" for every
 *     host; otherwise a list separated by commas or spaces of host names
 *     (matching the host or a domain of it, a leading dot ignored, any
 *     case) and IP addresses (an IPv4 or IPv6 address, or a CIDR range
 *     such as 10.0.0.0/8, against a host given as an address).
 * A variable set to "" counts as unset, as libcurl reads them. Reads the
 * environment only. */
#ifndef DD_PROXY_ENV_H
#define DD_PROXY_ENV_H

#include <stdbool.h>

typedef struct dd_proxy_env {
    bool used;            /* a proxy applies to the URL */
    const char *var;      /* the variable naming it ("HTTPS_PROXY"), static; NULL none */
    /* The proxy as given, without a user name or password ("user:pw@"
     * removed), control characters replaced, cut to fit; "" when none. */
    char shown[300];
    /* The proxy variable that would have applied but for no_proxy, static
     * ("HTTPS_PROXY"), and the no_proxy variable that excluded the host
     * ("NO_PROXY"); both NULL otherwise. */
    const char *excluded_var;
    const char *no_proxy_var;
} dd_proxy_env;

/* The proxy for a URL of scheme ("https" or "http", any case) and host (a
 * name, an IPv4 address or an IPv6 one, with or without brackets). */
void dd_proxy_from_env(const char *scheme, const char *host, dd_proxy_env *out);

/* Whether the no_proxy list (as above) names host. */
bool dd_proxy_no_proxy_matches(const char *no_proxy, const char *host);

#endif
