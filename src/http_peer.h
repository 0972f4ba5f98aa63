/* Who a plain-http handle may talk to: loopback addresses only, checked on
 * the address libcurl is about to connect to, before a socket exists, so no
 * resolver answer (a name sent to DNS, a hosts file, a trailing dot) can
 * carry the keys over the network in clear text. Used by http.c through
 * CURLOPT_OPENSOCKETFUNCTION; the URL's own check is dd_api_url_check
 * (site.h). */
#ifndef DD_HTTP_PEER_H
#define DD_HTTP_PEER_H

#include <stdbool.h>
#include <sys/socket.h>

#include <curl/curl.h>

/* A handle's rule and what happened to the last connection it refused. */
typedef struct dd_http_peer {
    bool loopback_only; /* set once, when the handle allows plain http */
    bool refused;       /* the transfer's connection was refused; reset per request */
    char addr[64];      /* the refused address, numeric ("192.0.2.1", "2001:db8::1") */
} dd_http_peer;

/* True for 127.0.0.0/8, ::1 and ::ffff:127.0.0.0/104; false for anything
 * else, NULL or a family other than AF_INET/AF_INET6. len: sa's size. */
bool dd_http_addr_is_loopback(const struct sockaddr *sa, socklen_t len);

/* The CURLOPT_OPENSOCKETFUNCTION of a handle; clientp is its dd_http_peer.
 * With loopback_only and an address that is not loopback: records it in
 * the peer (refused, addr) and returns CURL_SOCKET_BAD, so libcurl never
 * connects (it fails with CURLE_COULDNT_CONNECT). Otherwise opens the
 * socket libcurl asked for (close-on-exec) and returns it. */
curl_socket_t dd_http_peer_open(void *clientp, curlsocktype purpose,
                                struct curl_sockaddr *address);

#endif
