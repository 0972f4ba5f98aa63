/* Loopback-only connections for plain http (http_peer.h). */
#include "http_peer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

bool dd_http_addr_is_loopback(const struct sockaddr *sa, socklen_t len)
{
    if (!sa)
        return false;
    if (sa->sa_family == AF_INET && len >= (socklen_t)sizeof(struct sockaddr_in)) {
        const struct sockaddr_in *a4 = (const struct sockaddr_in *)sa;
        return (ntohl(a4->sin_addr.s_addr) >> 24) == 127;
    }
    if (sa->sa_family == AF_INET6 && len >= (socklen_t)sizeof(struct sockaddr_in6)) {
        const struct in6_addr *a6 = &((const struct sockaddr_in6 *)sa)->sin6_addr;
        if (IN6_IS_ADDR_LOOPBACK(a6))
            return true;
        /* An IPv4 loopback address written as IPv6. */
        return IN6_IS_ADDR_V4MAPPED(a6) && a6->s6_addr[12] == 127;
    }
    return false;
}

/* The numeric form of sa into buf (size n), "an unknown address" when it
 * has none. */
static void addr_text(const struct sockaddr *sa, char *buf, size_t n)
{
    const void *bin = NULL;
    if (sa->sa_family == AF_INET)
        bin = &((const struct sockaddr_in *)sa)->sin_addr;
    else if (sa->sa_family == AF_INET6)
        bin = &((const struct sockaddr_in6 *)sa)->sin6_addr;
    if (!bin || !inet_ntop(sa->sa_family, bin, buf, (socklen_t)n))
        snprintf(buf, n, "an unknown address");
}

curl_socket_t dd_http_peer_open(void *clientp, curlsocktype purpose,
                                struct curl_sockaddr *address)
{
    dd_http_peer *p = clientp;
    (void)purpose;
    if (p && p->loopback_only &&
        !dd_http_addr_is_loopback(&address->addr, address->addrlen)) {
        p->refused = true;
        addr_text(&address->addr, p->addr, sizeof(p->addr));
        return CURL_SOCKET_BAD;
    }
    return socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}
