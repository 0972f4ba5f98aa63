/* Plain http talks to loopback addresses only: the address check and the
 * socket callback that applies it before any connection. */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <string.h>
#include <unistd.h>

#include "http_peer.h"
#include "suite_main.h"

/* Room for an IPv6 address behind struct curl_sockaddr, as libcurl gives. */
typedef struct sock_ex {
    struct curl_sockaddr head;
    char room[sizeof(struct sockaddr_in6)];
} sock_ex;

static void make_addr(sock_ex *x, const char *text)
{
    memset(x, 0, sizeof(*x));
    x->head.socktype = SOCK_STREAM;
    x->head.protocol = IPPROTO_TCP;
    struct sockaddr_in a4 = {.sin_family = AF_INET};
    struct sockaddr_in6 a6 = {.sin6_family = AF_INET6};
    if (inet_pton(AF_INET, text, &a4.sin_addr) == 1) {
        x->head.family = AF_INET;
        x->head.addrlen = sizeof(a4);
        memcpy(&x->head.addr, &a4, sizeof(a4));
    } else {
        ck_assert_int_eq(inet_pton(AF_INET6, text, &a6.sin6_addr), 1);
        x->head.family = AF_INET6;
        x->head.addrlen = sizeof(a6);
        memcpy(&x->head.addr, &a6, sizeof(a6));
    }
}

START_TEST(loopback_addresses)
{
    static const char *const yes[] = {"127.0.0.1", "127.255.255.254", "127.1.2.3", "::1",
                                      "::ffff:127.0.0.1"};
    static const char *const no[] = {"10.255.255.53", "0.0.0.0", "128.0.0.1", "192.0.2.1",
                                     "::", "2001:db8::1", "::ffff:10.0.0.1", "::127.0.0.1",
                                     "fe80::1"};
    sock_ex x;
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
        make_addr(&x, yes[i]);
        ck_assert_msg(dd_http_addr_is_loopback(&x.head.addr, x.head.addrlen), "%s", yes[i]);
    }
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
        make_addr(&x, no[i]);
        ck_assert_msg(!dd_http_addr_is_loopback(&x.head.addr, x.head.addrlen), "%s", no[i]);
    }
    ck_assert(!dd_http_addr_is_loopback(NULL, 0));
    make_addr(&x, "127.0.0.1");
    ck_assert(!dd_http_addr_is_loopback(&x.head.addr, 4)); /* too short to hold it */
}
END_TEST

/* With loopback_only, another address gets no socket and is recorded; a
 * loopback one, or any without the rule, gets a socket. */
START_TEST(callback_refuses_before_a_socket_exists)
{
    dd_http_peer p = {.loopback_only = true};
    sock_ex x;
    make_addr(&x, "10.255.255.53");
    ck_assert_int_eq(dd_http_peer_open(&p, CURLSOCKTYPE_IPCXN, &x.head), CURL_SOCKET_BAD);
    ck_assert(p.refused);
    ck_assert_str_eq(p.addr, "10.255.255.53");
    p.refused = false;
    make_addr(&x, "2001:db8::1");
    ck_assert_int_eq(dd_http_peer_open(&p, CURLSOCKTYPE_IPCXN, &x.head), CURL_SOCKET_BAD);
    ck_assert_str_eq(p.addr, "2001:db8::1");

    p.refused = false;
    make_addr(&x, "127.0.0.1");
    curl_socket_t s = dd_http_peer_open(&p, CURLSOCKTYPE_IPCXN, &x.head);
    ck_assert_int_ge(s, 0);
    ck_assert(!p.refused);
    close(s);

    dd_http_peer any = {.loopback_only = false};
    make_addr(&x, "192.0.2.1");
    s = dd_http_peer_open(&any, CURLSOCKTYPE_IPCXN, &x.head);
    ck_assert_int_ge(s, 0);
    ck_assert(!any.refused);
    close(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("http_peer");
    TCase *tc = tcase_create("peer");
    tcase_add_test(tc, loopback_addresses);
    tcase_add_test(tc, callback_refuses_before_a_socket_exists);
    suite_add_tcase(s, tc);
    return dd_run_suite(s);
}
