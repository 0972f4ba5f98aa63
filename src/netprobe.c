/* One look at the API's host, step by step (netprobe.h). */
#include "netprobe.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "http.h"

static void printable(const char *s, char *buf, size_t n)
{
    size_t used = 0;
    for (; s && *s && used + 1 < n; s++) {
        unsigned char c = (unsigned char)*s;
        buf[used++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
    }
    buf[used] = '\0';
}

/* The Date header, when one comes; the clock is read at that moment. */
static size_t on_header(char *data, size_t size, size_t nmemb, void *ud)
{
    dd_probe *p = ud;
    size_t n = size * nmemb;
    if (n > 5 && strncasecmp(data, "date:", 5) == 0 && n < 200) {
        char value[200];
        memcpy(value, data + 5, n - 5);
        value[n - 5] = '\0';
        value[strcspn(value, "\r\n")] = '\0';
        time_t t = curl_getdate(value, NULL);
        p->server_date = t > 0 ? t : 0;
        p->local_date = time(NULL);
    } else if (n >= 5 && memcmp(data, "HTTP/", 5) == 0) {
        /* A new status line: only the last answer's Date counts. */
        p->server_date = p->local_date = 0;
    }
    return n;
}

/* The URL's parts, by libcurl's own parser. */
static dd_status url_parts(const char *url, dd_probe *p, dd_error *err)
{
    CURLU *u = curl_url();
    if (!u)
        return dd_error_set(err, DD_E_NOMEM, "out of memory");
    char *scheme = NULL, *host = NULL, *port = NULL;
    dd_status st = DD_OK;
    if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK) {
        char shown[200];
        printable(url, shown, sizeof(shown));
        st = dd_error_set(err, DD_E_CONFIG, "cannot read the URL %s", shown);
    } else {
        p->tls = strcasecmp(scheme, "https") == 0;
        size_t len = strlen(host);
        const char *h = host;
        if (len >= 2 && h[0] == '[' && h[len - 1] == ']') {
            h++;
            len -= 2;
        }
        snprintf(p->host, sizeof(p->host), "%.*s", (int)len, h);
        p->port = atoi(port);
        unsigned char addr[16];
        p->host_is_address = inet_pton(AF_INET, p->host, addr) == 1 ||
                             inet_pton(AF_INET6, p->host, addr) == 1;
    }
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_url_cleanup(u);
    return st;
}

/* Which step a failure stopped at: from the error where it says (a
 * timeout by libcurl's text, as http.c reads it), else from the steps
 * libcurl finished (their times stay 0 until they do; the handle is new,
 * so no connection was reused). libcurl 7.88 records the connection's
 * time only once TLS is done too, so a handshake that fails leaves it 0. */
static dd_probe_step failed_step(CURLcode rc, const char *text, const dd_probe *p,
                                 curl_off_t dns_us, curl_off_t tcp_us, curl_off_t tls_us)
{
    switch (rc) {
    case CURLE_OK: return DD_STEP_NONE;
    case CURLE_COULDNT_RESOLVE_PROXY: return DD_STEP_PROXY;
#if LIBCURL_VERSION_NUM >= 0x074900
    case CURLE_PROXY: return DD_STEP_PROXY;
#endif
    case CURLE_COULDNT_RESOLVE_HOST: return DD_STEP_DNS;
    case CURLE_COULDNT_CONNECT: return DD_STEP_TCP;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_USE_SSL_FAILED: return DD_STEP_TLS;
    case CURLE_OPERATION_TIMEDOUT:
        if (strstr(text, "Resolving timed out"))
            return DD_STEP_DNS;
        if (strstr(text, "SSL connection timeout"))
            return DD_STEP_TLS;
        if (strstr(text, "Connection timed out") || strstr(text, "Connection timeout"))
            return DD_STEP_TCP;
        break;
    default: break;
    }
    if (dns_us == 0 && !p->host_is_address)
        return DD_STEP_DNS;
    if (tcp_us == 0)
        return DD_STEP_TCP;
    if (p->tls && tls_us == 0)
        return DD_STEP_TLS;
    return DD_STEP_HTTP;
}

dd_status dd_probe_url(const char *base_url, bool allow_http, long timeout_s, dd_probe *out,
                       dd_error *err)
{
    memset(out, 0, sizeof(*out));
    out->dns_ms = out->tcp_ms = out->tls_ms = out->total_ms = -1;
    dd_status st = url_parts(base_url, out, err);
    if (st != DD_OK)
        return st;
    char url[600];
    snprintf(url, sizeof(url), "%s%s", base_url,
             base_url[0] && base_url[strlen(base_url) - 1] == '/' ? "" : "/");
    CURL *c = curl_easy_init();
    if (!c)
        return dd_error_set(err, DD_E_NOMEM, "libcurl cannot start (out of memory)");
    char errbuf[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout_s);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout_s * 2);
    curl_easy_setopt(c, CURLOPT_USERAGENT, dd_http_user_agent());
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, allow_http ? "https,http" : "https");
#else
    curl_easy_setopt(c, CURLOPT_PROTOCOLS, CURLPROTO_HTTPS | (allow_http ? CURLPROTO_HTTP : 0));
#endif
    /* As http.c: plain http goes to this machine only, never through a proxy. */
    if (allow_http)
        curl_easy_setopt(c, CURLOPT_PROXY, "");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, out);
    CURLcode rc = curl_easy_perform(c);
    curl_off_t dns = 0, tcp = 0, tls = 0, total = 0;
    curl_easy_getinfo(c, CURLINFO_NAMELOOKUP_TIME_T, &dns);
    curl_easy_getinfo(c, CURLINFO_CONNECT_TIME_T, &tcp);
    curl_easy_getinfo(c, CURLINFO_APPCONNECT_TIME_T, &tls);
    curl_easy_getinfo(c, CURLINFO_TOTAL_TIME_T, &total);
    out->curl_code = (int)rc;
    out->failed = failed_step(rc, errbuf, out, dns, tcp, tls);
    long os_errno = 0;
    curl_easy_getinfo(c, CURLINFO_OS_ERRNO, &os_errno);
    if (rc == CURLE_COULDNT_CONNECT && os_errno) {
        /* libcurl's own text ("Couldn't connect to server") hides why. */
        char text[400];
        snprintf(text, sizeof(text), "cannot connect to %s port %d: %s", out->host, out->port,
                 strerror((int)os_errno));
        printable(text, out->error, sizeof(out->error));
    } else if (rc != CURLE_OK) {
        printable(errbuf[0] ? errbuf : curl_easy_strerror(rc), out->error, sizeof(out->error));
    }
    /* Each step's own time: libcurl's are counted from the start. */
    if (out->failed != DD_STEP_DNS && out->failed != DD_STEP_PROXY)
        out->dns_ms = (long)(dns / 1000);
    if (tcp > 0)
        out->tcp_ms = (long)((tcp - dns) / 1000);
    if (out->tls && tls > 0)
        out->tls_ms = (long)((tls - tcp) / 1000);
    out->total_ms = (long)(total / 1000);
    char *ip = NULL;
    if (curl_easy_getinfo(c, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip)
        printable(ip, out->ip, sizeof(out->ip));
    if (rc == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->http_status);
    else
        out->server_date = out->local_date = 0;
    curl_easy_cleanup(c);
    return DD_OK;
}
