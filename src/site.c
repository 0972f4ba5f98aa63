#include "site.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const dd_sites[] = {
    "datadoghq.com",
    "us3.datadoghq.com",
    "us5.datadoghq.com",
    "datadoghq.eu",
    "ap1.datadoghq.com",
    "ap2.datadoghq.com",
    "uk1.datadoghq.com",
    "ddog-gov.com",
    "us2.ddog-gov.com",
    NULL,
};

const char *dd_site_canonical(const char *site)
{
    if (!site)
        return NULL;
    size_t n = strlen(site);
    if (n > 1 && site[n - 1] == '.')
        n--;
    for (size_t i = 0; dd_sites[i]; i++)
        if (strlen(dd_sites[i]) == n && strncasecmp(site, dd_sites[i], n) == 0)
            return dd_sites[i];
    return NULL;
}

bool dd_site_known(const char *site)
{
    return dd_site_canonical(site) != NULL;
}

char *dd_site_base_url(const char *site)
{
    if (!site)
        return NULL;
    size_t n = strlen("https://api.") + strlen(site) + 1;
    char *url = malloc(n);
    if (url)
        snprintf(url, n, "https://api.%s", site);
    return url;
}

/* Loopback in every spelling a user is likely to type; anything else that
 * merely resolves to loopback is refused, since DNS can change under us.
 * "localhost." is not loopback: a trailing dot makes the name absolute,
 * and the resolver may then ask DNS. */
static bool host_is_loopback(const char *host, bool bracketed)
{
    if (bracketed) {
        struct in6_addr a6;
        return inet_pton(AF_INET6, host, &a6) == 1 && IN6_IS_ADDR_LOOPBACK(&a6);
    }
    if (strcasecmp(host, "localhost") == 0)
        return true;
    if (strcmp(host, "::1") == 0)
        return true;
    struct in_addr a4;
    if (inet_pton(AF_INET, host, &a4) == 1)
        return (ntohl(a4.s_addr) >> 24) == 127;
    return false;
}

static size_t count_char(const char *s, size_t n, char c)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += s[i] == c;
    return k;
}

static bool valid_port(const char *p, size_t n)
{
    if (n == 0 || n > 5)
        return false;
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return false;
        v = v * 10 + (p[i] - '0');
    }
    return v >= 1 && v <= 65535;
}

char *dd_api_url_check(const char *url, bool *is_http, dd_error *err)
{
    static const char example[] = "a base URL such as https://api.datadoghq.com";
    if (is_http)
        *is_http = false;
    if (!url || !*url) {
        dd_error_set(err, DD_E_CONFIG, "--api-url is empty; give %s", example);
        return NULL;
    }
    for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
        if (*p <= 0x20 || *p == 0x7f) {
            dd_error_set(err, DD_E_CONFIG,
                         "--api-url contains a space or control character; give %s", example);
            return NULL;
        }
    }

    bool http;
    const char *rest;
    if (strncasecmp(url, "https://", 8) == 0) {
        http = false;
        rest = url + 8;
    } else if (strncasecmp(url, "http://", 7) == 0) {
        http = true;
        rest = url + 7;
    } else {
        const char *colon = strstr(url, "://");
        if (colon)
            dd_error_set(err, DD_E_CONFIG,
                         "--api-url scheme '%.*s' is not supported; use https://",
                         (int)(colon - url > 20 ? 20 : colon - url), url);
        else
            dd_error_set(err, DD_E_CONFIG, "--api-url has no scheme; give %s", example);
        return NULL;
    }

    size_t auth_len = strcspn(rest, "/?#");
    const char *tail = rest + auth_len;
    if (memchr(rest, '@', auth_len)) {
        /* Credentials in a URL end up in shell history and process lists. */
        dd_error_set(err, DD_E_CONFIG,
                     "--api-url must not contain user:password@; keys come from "
                     "DD_API_KEY/DD_APP_KEY or the config file");
        return NULL;
    }
    if (!(tail[0] == '\0' || (tail[0] == '/' && tail[1] == '\0'))) {
        dd_error_set(err, DD_E_CONFIG,
                     "--api-url must not have a path, query or fragment; give %s", example);
        return NULL;
    }

    char host[256];
    bool bracketed = false;
    const char *port = NULL;
    size_t port_len = 0;
    if (auth_len > 0 && rest[0] == '[') {
        const char *close = memchr(rest, ']', auth_len);
        if (!close || (size_t)(close - rest - 1) >= sizeof(host)) {
            dd_error_set(err, DD_E_CONFIG, "--api-url has a malformed [IPv6] host; give %s",
                         example);
            return NULL;
        }
        size_t hl = (size_t)(close - rest - 1);
        memcpy(host, rest + 1, hl);
        host[hl] = '\0';
        bracketed = true;
        const char *after = close + 1;
        if (after < rest + auth_len) {
            if (*after != ':') {
                dd_error_set(err, DD_E_CONFIG, "--api-url has a malformed [IPv6] host; give %s",
                             example);
                return NULL;
            }
            port = after + 1;
            port_len = (size_t)(rest + auth_len - port);
        }
        struct in6_addr a6;
        if (inet_pton(AF_INET6, host, &a6) != 1) {
            dd_error_set(err, DD_E_CONFIG, "--api-url host [%s] is not an IPv6 address", host);
            return NULL;
        }
    } else if (auth_len < sizeof(host) && count_char(rest, auth_len, ':') > 1) {
        /* Two colons: an unbracketed IPv6 literal such as ::1, no port. */
        memcpy(host, rest, auth_len);
        host[auth_len] = '\0';
        struct in6_addr a6;
        if (inet_pton(AF_INET6, host, &a6) != 1) {
            dd_error_set(err, DD_E_CONFIG,
                         "--api-url host is malformed; write IPv6 hosts as [addr]:port");
            return NULL;
        }
        bracketed = true;
    } else {
        const char *colon = memchr(rest, ':', auth_len);
        size_t hl = colon ? (size_t)(colon - rest) : auth_len;
        if (hl >= sizeof(host)) {
            dd_error_set(err, DD_E_CONFIG, "--api-url host name is too long");
            return NULL;
        }
        memcpy(host, rest, hl);
        host[hl] = '\0';
        if (colon) {
            port = colon + 1;
            port_len = (size_t)(rest + auth_len - port);
        }
    }
    if (!host[0]) {
        dd_error_set(err, DD_E_CONFIG, "--api-url has no host; give %s", example);
        return NULL;
    }
    if (port && !valid_port(port, port_len)) {
        dd_error_set(err, DD_E_CONFIG, "--api-url port must be a number from 1 to 65535");
        return NULL;
    }
    size_t host_len = strlen(host);
    if (http && !bracketed && host[host_len - 1] == '.') {
        dd_error_set(err, DD_E_CONFIG,
                     "plain http is only allowed for a loopback --api-url, and '%s' ends with "
                     "a dot, which sends the name to DNS; write http://localhost:PORT or "
                     "http://127.0.0.1:PORT", host);
        return NULL;
    }
    if (http && !host_is_loopback(host, bracketed)) {
        dd_error_set(err, DD_E_CONFIG,
                     "plain http is only allowed for a loopback --api-url; use https");
        return NULL;
    }

    size_t len = (size_t)(tail - url);
    char *copy = malloc(len + 1);
    if (!copy) {
        dd_error_set(err, DD_E_NOMEM, "out of memory");
        return NULL;
    }
    memcpy(copy, url, len);
    copy[len] = '\0';
    if (is_http)
        *is_http = http;
    return copy;
}
