/* The proxy libcurl takes from the environment (proxy_env.h). */
#include "proxy_env.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A variable as libcurl reads it: unset and "" are the same. */
static const char *env(const char *name)
{
    const char *v = getenv(name);
    return v && v[0] ? v : NULL;
}

/* The host without brackets or a final dot, lower-cased, into buf. */
static void plain_host(const char *host, char *buf, size_t n)
{
    size_t len = strlen(host);
    if (len >= 2 && host[0] == '[' && host[len - 1] == ']') {
        host++;
        len -= 2;
    }
    if (len && host[len - 1] == '.')
        len--;
    if (len >= n)
        len = n - 1;
    for (size_t i = 0; i < len; i++)
        buf[i] = (char)(host[i] >= 'A' && host[i] <= 'Z' ? host[i] - 'A' + 'a' : host[i]);
    buf[len] = '\0';
}

/* Whether the first bits of a and b (n bytes each) agree. */
static bool prefix_equal(const unsigned char *a, const unsigned char *b, size_t n, long bits)
{
    if (bits < 0 || (size_t)bits > n * 8)
        return false;
    size_t whole = (size_t)bits / 8;
    if (memcmp(a, b, whole) != 0)
        return false;
    int rest = (int)(bits % 8);
    if (!rest)
        return true;
    unsigned char mask = (unsigned char)(0xff << (8 - rest));
    return (a[whole] & mask) == (b[whole] & mask);
}

/* An address entry ("10.0.0.0/8", "::1") against an address host. */
static bool address_matches(const char *entry, int family, const unsigned char *addr)
{
    char text[64];
    const char *slash = strchr(entry, '/');
    size_t len = slash ? (size_t)(slash - entry) : strlen(entry);
    if (len == 0 || len >= sizeof(text))
        return false;
    memcpy(text, entry, len);
    text[len] = '\0';
    unsigned char want[16];
    if (inet_pton(family, text, want) != 1)
        return false;
    size_t size = family == AF_INET ? 4 : 16;
    long bits = (long)size * 8;
    if (slash) {
        char *end;
        bits = strtol(slash + 1, &end, 10);
        if (end == slash + 1 || *end)
            return false;
    }
    return prefix_equal(addr, want, size, bits);
}

bool dd_proxy_no_proxy_matches(const char *no_proxy, const char *host)
{
    if (!no_proxy || !host)
        return false;
    const char *p = no_proxy;
    while (*p == ' ' || *p == '\t')
        p++;
    if (strcmp(p, "*") == 0)
        return true;
    char name[256];
    plain_host(host, name, sizeof(name));
    unsigned char addr[16];
    int family = 0;
    if (inet_pton(AF_INET, name, addr) == 1)
        family = AF_INET;
    else if (inet_pton(AF_INET6, name, addr) == 1)
        family = AF_INET6;
    size_t name_len = strlen(name);
    while (*p) {
        p += strspn(p, ", \t");
        size_t len = strcspn(p, ", \t");
        if (!len)
            break;
        char entry[256];
        snprintf(entry, sizeof(entry), "%.*s", (int)(len < sizeof(entry) ? len : sizeof(entry) - 1),
                 p);
        p += len;
        if (family) {
            if (address_matches(entry, family, addr))
                return true;
            continue;
        }
        const char *e = entry[0] == '.' ? entry + 1 : entry;
        size_t e_len = strlen(e);
        if (e_len && e[e_len - 1] == '.')
            e_len--;
        if (!e_len)
            continue;
        if (e_len == name_len && strncasecmp(e, name, e_len) == 0)
            return true;
        if (e_len < name_len && name[name_len - e_len - 1] == '.' &&
            strncasecmp(e, name + name_len - e_len, e_len) == 0)
            return true;
    }
    return false;
}

/* The proxy without "user:password@", printable. */
static void shown(const char *proxy, char *buf, size_t n)
{
    const char *scheme_end = strstr(proxy, "://");
    const char *auth = scheme_end ? scheme_end + 3 : proxy;
    size_t auth_len = strcspn(auth, "/?#");
    const char *at = NULL;
    for (const char *q = auth; q < auth + auth_len; q++)
        if (*q == '@')
            at = q;
    /* The scheme, then what follows the user information. */
    const char *parts[2][2] = {{proxy, auth}, {at ? at + 1 : auth, auth + strlen(auth)}};
    size_t used = 0;
    for (int i = 0; i < 2; i++)
        for (const char *q = parts[i][0]; q < parts[i][1] && used + 1 < n; q++) {
            unsigned char c = (unsigned char)*q;
            buf[used++] = c < 0x20 || c >= 0x7f ? '?' : (char)c;
        }
    buf[used] = '\0';
}

void dd_proxy_from_env(const char *scheme, const char *host, dd_proxy_env *out)
{
    memset(out, 0, sizeof(*out));
    bool http = strcasecmp(scheme, "http") == 0;
    const char *var = http ? "http_proxy" : "https_proxy";
    const char *proxy = env(var);
    if (!proxy && !http) {
        var = "HTTPS_PROXY";
        proxy = env(var);
    }
    if (!proxy) {
        var = "all_proxy";
        proxy = env(var);
    }
    if (!proxy) {
        var = "ALL_PROXY";
        proxy = env(var);
    }
    if (!proxy)
        return;
    const char *no_var = "no_proxy";
    const char *no_proxy = env(no_var);
    if (!no_proxy) {
        no_var = "NO_PROXY";
        no_proxy = env(no_var);
    }
    if (dd_proxy_no_proxy_matches(no_proxy, host)) {
        out->excluded_var = var;
        out->no_proxy_var = no_var;
        return;
    }
    out->used = true;
    out->var = var;
    shown(proxy, out->shown, sizeof(out->shown));
}
