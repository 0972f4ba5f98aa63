/* What the suites of the client share: a client made or the test failed,
 * and a loopback URL nothing listens on. Header only, like leak_check.h. */
#ifndef DD_TEST_CLIENT_TEST_H
#define DD_TEST_CLIENT_TEST_H

#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "client.h"

/* dd_client_new(o); the test fails with the client's error when it makes
 * none. */
static inline dd_client *test_client_new(const dd_client_opts *o)
{
    dd_error err;
    dd_error_init(&err);
    dd_client *c = dd_client_new(o, &err);
    ck_assert_msg(c != NULL, "%s", err.text);
    return c;
}

/* "http://127.0.0.1:PORT" into url (n bytes): a loopback port the kernel
 * just gave out and nothing listens on, so a request there is refused at
 * once. */
static inline void test_dead_url(char *url, size_t n)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge(fd, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof(a);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    close(fd);
    snprintf(url, n, "http://127.0.0.1:%d", ntohs(a.sin_port));
}

#endif
