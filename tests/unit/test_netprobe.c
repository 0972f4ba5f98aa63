/* The network probe (netprobe.h) against servers of this test's own on
 * loopback: an answer with and without a Date, a closed port, https to a
 * server that speaks plain http (a failed handshake), a name that cannot
 * resolve. No key is ever sent. */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http.h"
#include "netprobe.h"

/* A server that answers one connection with a canned reply and keeps
 * what it was sent. */
typedef struct server {
    int fd;
    int port;
    const char *reply;
    char got[4096];
    pthread_t thread;
} server;

static void *serve(void *arg)
{
    server *s = arg;
    int c = accept(s->fd, NULL, NULL);
    if (c < 0)
        return NULL;
    size_t have = 0;
    while (have + 1 < sizeof(s->got) && !strstr(s->got, "\r\n\r\n")) {
        ssize_t n = read(c, s->got + have, sizeof(s->got) - 1 - have);
        if (n <= 0)
            break;
        have += (size_t)n;
        s->got[have] = '\0';
        /* A TLS ClientHello never ends a header: answer it at once. */
        if ((unsigned char)s->got[0] == 0x16)
            break;
    }
    if (write(c, s->reply, strlen(s->reply)) < 0)
        perror("write");
    close(c);
    return NULL;
}

static int listen_loopback(int *port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge(fd, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    ck_assert_int_eq(listen(fd, 4), 0);
    socklen_t len = sizeof(a);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    *port = ntohs(a.sin_port);
    return fd;
}

static void server_start(server *s, const char *reply)
{
    memset(s, 0, sizeof(*s));
    s->reply = reply;
    s->fd = listen_loopback(&s->port);
    ck_assert_int_eq(pthread_create(&s->thread, NULL, serve, s), 0);
}

static void server_stop(server *s)
{
    shutdown(s->fd, SHUT_RDWR);
    pthread_join(s->thread, NULL);
    close(s->fd);
}

static void setup(void)
{
    ck_assert_int_eq(dd_http_global_init(), 0);
    /* A proxy of the developer's environment must not take part. */
    const char *vars[] = {"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"};
    for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
        unsetenv(vars[i]);
}

static void teardown(void)
{
    dd_http_global_cleanup();
}

START_TEST(answer_with_date)
{
    server s;
    server_start(&s, "HTTP/1.1 404 Not Found\r\nDate: Wed, 01 Jan 2020 00:00:00 GMT\r\n"
                     "Content-Length: 0\r\nConnection: close\r\n\r\n");
    char url[64];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d", s.port);
    dd_probe p;
    dd_error e;
    dd_error_init(&e);
    time_t before = time(NULL);
    ck_assert_int_eq(dd_probe_url(url, true, 5, &p, &e), DD_OK);
    server_stop(&s);
    ck_assert_int_eq(p.failed, DD_STEP_NONE);
    ck_assert_int_eq(p.curl_code, 0);
    ck_assert_str_eq(p.error, "");
    ck_assert(!p.tls);
    ck_assert_str_eq(p.host, "127.0.0.1");
    ck_assert_int_eq(p.port, s.port);
    ck_assert(p.host_is_address);
    ck_assert_str_eq(p.ip, "127.0.0.1");
    ck_assert_int_eq(p.http_status, 404);
    ck_assert_int_eq(p.server_date, 1577836800);
    ck_assert(p.local_date >= before && p.local_date <= time(NULL));
    ck_assert_int_ge(p.dns_ms, 0);
    ck_assert_int_ge(p.tcp_ms, 0);
    ck_assert_int_eq(p.tls_ms, -1);
    /* One HEAD of the root, and nothing that looks like a key. */
    ck_assert_msg(strncmp(s.got, "HEAD / HTTP/1.1\r\n", 17) == 0, "%s", s.got);
    ck_assert_ptr_null(strcasestr(s.got, "DD-API-KEY"));
    ck_assert_ptr_null(strcasestr(s.got, "DD-APPLICATION-KEY"));
}
END_TEST

START_TEST(answer_without_date)
{
    server s;
    server_start(&s, "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n");
    char url[64];
    snprintf(url, sizeof(url), "http://localhost:%d/", s.port);
    dd_probe p;
    ck_assert_int_eq(dd_probe_url(url, true, 5, &p, NULL), DD_OK);
    server_stop(&s);
    ck_assert_int_eq(p.failed, DD_STEP_NONE);
    ck_assert_int_eq(p.http_status, 200);
    ck_assert_int_eq(p.server_date, 0);
    ck_assert_str_eq(p.host, "localhost");
    ck_assert(!p.host_is_address);
}
END_TEST

START_TEST(closed_port_fails_at_tcp)
{
    int port;
    int fd = listen_loopback(&port);
    close(fd);
    char url[64];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d", port);
    dd_probe p;
    ck_assert_int_eq(dd_probe_url(url, true, 5, &p, NULL), DD_OK);
    ck_assert_int_eq(p.failed, DD_STEP_TCP);
    ck_assert_msg(strstr(p.error, "127.0.0.1") != NULL, "%s", p.error);
    ck_assert_msg(strstr(p.error, "refused") != NULL, "%s", p.error);
    ck_assert_int_eq(p.tcp_ms, -1);
    ck_assert_int_eq(p.http_status, 0);
    ck_assert_int_eq(p.server_date, 0);
}
END_TEST

START_TEST(https_to_plain_http_fails_at_tls)
{
    server s;
    server_start(&s, "HTTP/1.1 400 Bad Request\r\nDate: Wed, 01 Jan 2020 00:00:00 GMT\r\n"
                     "Content-Length: 0\r\n\r\n");
    char url[64];
    snprintf(url, sizeof(url), "https://127.0.0.1:%d", s.port);
    dd_probe p;
    ck_assert_int_eq(dd_probe_url(url, false, 5, &p, NULL), DD_OK);
    server_stop(&s);
    ck_assert(p.tls);
    ck_assert_int_eq(p.failed, DD_STEP_TLS);
    /* Connected (libcurl times the connection only with its TLS). */
    ck_assert_str_eq(p.ip, "127.0.0.1");
    ck_assert_int_eq(p.tls_ms, -1);
    ck_assert_int_eq(p.server_date, 0);
    ck_assert_str_ne(p.error, "");
}
END_TEST

/* RFC 6761: names under .invalid never resolve. */
START_TEST(unresolvable_name_fails_at_dns)
{
    dd_probe p;
    ck_assert_int_eq(dd_probe_url("https://api.ddorgs-probe.invalid", false, 5, &p, NULL),
                     DD_OK);
    ck_assert_int_eq(p.failed, DD_STEP_DNS);
    ck_assert_int_eq(p.port, 443);
    ck_assert_int_eq(p.dns_ms, -1);
    ck_assert_msg(strstr(p.error, "ddorgs-probe.invalid") != NULL, "%s", p.error);
}
END_TEST

/* Plain http is refused unless allowed, as every request refuses it. */
START_TEST(plain_http_needs_allow_http)
{
    server s;
    server_start(&s, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    char url[64];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d", s.port);
    dd_probe p;
    ck_assert_int_eq(dd_probe_url(url, false, 5, &p, NULL), DD_OK);
    ck_assert_int_ne(p.failed, DD_STEP_NONE);
    ck_assert_int_eq(p.http_status, 0);
    /* The server saw nothing: connect to it once so its thread ends. */
    ck_assert_int_eq(dd_probe_url(url, true, 5, &p, NULL), DD_OK);
    server_stop(&s);
}
END_TEST

START_TEST(bad_url_is_an_error)
{
    dd_probe p;
    dd_error e;
    dd_error_init(&e);
    ck_assert_int_eq(dd_probe_url("not a url", false, 5, &p, &e), DD_E_CONFIG);
    ck_assert_ptr_nonnull(strstr(e.text, "not a url"));
    dd_error_clear(&e);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("netprobe");
    TCase *tc = tcase_create("probe");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, answer_with_date);
    tcase_add_test(tc, answer_without_date);
    tcase_add_test(tc, closed_port_fails_at_tcp);
    tcase_add_test(tc, https_to_plain_http_fails_at_tls);
    tcase_add_test(tc, unresolvable_name_fails_at_dns);
    tcase_add_test(tc, plain_http_needs_allow_http);
    tcase_add_test(tc, bad_url_is_an_error);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
