/* ddorgs doctor: the way to the API (proxy, DNS, TCP, TLS) and the clock,
 * from one probe of the API's host (netprobe.h) that sends no key. */
#include "cli_doctor.h"

#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "proxy_env.h"

/* How long a step took, " (12 ms)", or "" when not known. */
static const char *took(long ms, char *buf, size_t n)
{
    if (ms < 0)
        buf[0] = '\0';
    else
        snprintf(buf, n, " (%ld ms)", ms);
    return buf;
}

/* Whether the probe stopped at the proxy: its name or its connection
 * (libcurl reports a proxy that refuses the connection as any refused
 * connection). */
static bool proxy_failed(const dd_probe *p, bool via_proxy)
{
    return p->failed == DD_STEP_PROXY || (via_proxy && p->failed == DD_STEP_TCP);
}

/* The proxy line; true when requests go through one. */
static bool proxy(doctor *d, const dd_config *cfg, const dd_probe *p)
{
    if (cfg->allow_http) {
        doc_line(d, DOC_OK, "proxy", "none: plain http to a loopback address never goes "
                                     "through a proxy");
        return false;
    }
    dd_proxy_env px;
    dd_proxy_from_env(p->tls ? "https" : "http", p->host, &px);
    if (px.used && proxy_failed(p, true))
        doc_fail(d, DD_EXIT_NETWORK, "proxy",
                 "%s (from %s): %s. Fix: correct %s, or unset it if this network needs no "
                 "proxy", px.shown, px.var, p->error, px.var);
    else if (px.used)
        doc_line(d, DOC_OK, "proxy", "%s (from %s): every request goes through it", px.shown,
                 px.var);
    else if (px.excluded_var)
        doc_line(d, DOC_OK, "proxy", "none: %s names %s (%s is set)", px.no_proxy_var, p->host,
                 px.excluded_var);
    else
        doc_line(d, DOC_OK, "proxy", "none: no https_proxy, HTTPS_PROXY or ALL_PROXY is set");
    return px.used;
}

static void dns(doctor *d, const dd_config *cfg, const dd_probe *p, bool via_proxy)
{
    char t[32];
    if (proxy_failed(p, via_proxy))
        doc_line(d, DOC_SKIP, "DNS", "not tried: the proxy failed");
    else if (via_proxy)
        doc_line(d, DOC_OK, "DNS", "%s is looked up by the proxy", p->host);
    else if (p->host_is_address)
        doc_line(d, DOC_OK, "DNS", "%s is an address: nothing to look up", p->host);
    else if (p->failed == DD_STEP_DNS)
        doc_fail(d, DD_EXIT_NETWORK, "DNS",
                 "cannot resolve %s: %s. Fix: check the site (%s) or --api-url for a typo, "
                 "and this machine's DNS (/etc/resolv.conf)",
                 p->host, p->error, cfg->site);
    else
        doc_line(d, DOC_OK, "DNS", "%s found%s", p->host, took(p->dns_ms, t, sizeof(t)));
}

static void tcp(doctor *d, const dd_config *cfg, const dd_probe *p, bool via_proxy)
{
    char t[32];
    if (proxy_failed(p, via_proxy) || p->failed == DD_STEP_DNS)
        doc_line(d, DOC_SKIP, "TCP", "not tried: %s failed",
                 p->failed == DD_STEP_DNS ? "the name lookup" : "the proxy");
    else if (p->failed == DD_STEP_TCP && cfg->allow_http)
        doc_fail(d, DD_EXIT_NETWORK, "TCP",
                 "%s. Fix: start the server that should listen there, or correct the port in "
                 "--api-url", p->error);
    else if (p->failed == DD_STEP_TCP)
        doc_fail(d, DD_EXIT_NETWORK, "TCP",
                 "%s. Fix: check this machine's network and firewall, and whether this "
                 "network needs a proxy (HTTPS_PROXY)", p->error);
    else if (via_proxy)
        doc_line(d, DOC_OK, "TCP", "connected through the proxy (%s)%s", p->ip,
                 took(p->tcp_ms, t, sizeof(t)));
    else
        doc_line(d, DOC_OK, "TCP", "connected to %s port %d%s", p->ip[0] ? p->ip : p->host,
                 p->port, took(p->tcp_ms, t, sizeof(t)));
}

static void tls(doctor *d, const dd_probe *p)
{
    char t[32];
    if (!p->tls)
        doc_line(d, DOC_OK, "TLS", "not used: plain http to a loopback address");
    else if (p->failed != DD_STEP_NONE && p->failed < DD_STEP_TLS)
        doc_line(d, DOC_SKIP, "TLS", "not tried: no connection");
    else if (p->failed == DD_STEP_TLS)
        doc_fail(d, DD_EXIT_NETWORK, "TLS",
                 "%s. Fix: check this machine's CA certificates (apt-get install "
                 "ca-certificates), its clock, and any proxy that intercepts TLS", p->error);
    else
        doc_line(d, DOC_OK, "TLS", "certificate of %s verified%s", p->host,
                 took(p->tls_ms, t, sizeof(t)));
}

bool doc_network(doctor *d, const dd_config *cfg, dd_probe *p)
{
    dd_error err;
    dd_error_init(&err);
    if (dd_probe_url(cfg->base_url, cfg->allow_http, 10, p, &err) != DD_OK) {
        doc_fail(d, dd_exit_for_error(&err), "network", "%s", err.text);
        dd_error_clear(&err);
        return false;
    }
    bool via_proxy = proxy(d, cfg, p);
    dns(d, cfg, p, via_proxy);
    tcp(d, cfg, p, via_proxy);
    tls(d, p);
    if (p->failed == DD_STEP_HTTP)
        doc_fail(d, DD_EXIT_NETWORK, "answer",
                 "connected, but no answer came: %s. Fix: try again; if it persists, check "
                 "any proxy or firewall that cuts connections", p->error);
    return p->failed == DD_STEP_NONE;
}

void doc_clock(doctor *d, const dd_probe *p)
{
    if (!p) {
        doc_line(d, DOC_SKIP, "clock", "not checked: no answer from the server");
        return;
    }
    if (!p->server_date) {
        doc_line(d, DOC_SKIP, "clock", "not checked: the server's answer has no Date header");
        return;
    }
    long skew = (long)(p->local_date - p->server_date);
    long size = labs(skew);
    if (size <= DOC_MAX_SKEW_S) {
        doc_line(d, DOC_OK, "clock", "%ld s from the server's (its Date header)", size);
        return;
    }
    char when[64], about[64];
    dd_format_time((int64_t)p->server_date, when, sizeof(when));
    if (size >= 2 * 86400)
        snprintf(about, sizeof(about), ", about %ld days", size / 86400);
    else if (size >= 2 * 3600)
        snprintf(about, sizeof(about), ", about %ld hours", size / 3600);
    else
        snprintf(about, sizeof(about), ", about %ld minutes", size / 60);
    doc_line(d, DOC_WARN, "clock",
             "this machine's clock is %ld s%s %s the server's (its Date header says %s): TLS "
             "certificates and signed requests are checked against the time. Fix: synchronise "
             "the clock (timedatectl set-ntp true, or chrony or ntpd)",
             size, about, skew > 0 ? "ahead of" : "behind", when);
}
