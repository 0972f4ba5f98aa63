/* A loopback server that answers every connection with the same bytes,
 * whatever it was asked: for answers the mock cannot give (no HTTP status
 * line at all, a header that is no number). One thread; header only, like
 * leak_check.h. */
#ifndef DD_TEST_RAW_SERVER_H
#define DD_TEST_RAW_SERVER_H

#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

typedef struct raw_server {
    int fd;              /* the listening socket */
    char url[64];        /* "http://127.0.0.1:PORT" */
    const char *answer;  /* sent whole to each connection, then closed */
    size_t len;
    pthread_t thread;
} raw_server;

/* Reads the request up to its blank line (2 s at most), answers, closes. */
static inline void raw_server_answer(const raw_server *s, int c)
{
    struct timeval tv = { .tv_sec = 2 };
    setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    char buf[8192];
    size_t have = 0;
    while (have < sizeof(buf) - 1) {
        ssize_t n = recv(c, buf + have, sizeof(buf) - 1 - have, 0);
        if (n <= 0)
            break;
        have += (size_t)n;
        buf[have] = '\0';
        if (strstr(buf, "\r\n\r\n"))
            break;
    }
    for (size_t off = 0; off < s->len;) {
        ssize_t n = send(c, s->answer + off, s->len - off, MSG_NOSIGNAL);
        if (n <= 0)
            break;
        off += (size_t)n;
    }
    close(c);
}

static inline void *raw_server_run(void *ud)
{
    raw_server *s = ud;
    for (;;) {
        int c = accept(s->fd, NULL, NULL);
        if (c < 0)
            return NULL; /* raw_server_stop shut the socket down */
        raw_server_answer(s, c);
    }
}

/* Listens on a free loopback port and answers every connection with
 * answer (len bytes; kept by the caller until raw_server_stop). */
static inline void raw_server_start(raw_server *s, const char *answer, size_t len)
{
    memset(s, 0, sizeof(*s));
    s->answer = answer;
    s->len = len;
    s->fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge(s->fd, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t alen = sizeof(a);
    ck_assert_int_eq(bind(s->fd, (struct sockaddr *)&a, sizeof(a)), 0);
    ck_assert_int_eq(getsockname(s->fd, (struct sockaddr *)&a, &alen), 0);
    ck_assert_int_eq(listen(s->fd, 8), 0);
    snprintf(s->url, sizeof(s->url), "http://127.0.0.1:%d", ntohs(a.sin_port));
    ck_assert_int_eq(pthread_create(&s->thread, NULL, raw_server_run, s), 0);
}

static inline void raw_server_stop(raw_server *s)
{
    shutdown(s->fd, SHUT_RDWR);
    pthread_join(s->thread, NULL);
    close(s->fd);
}

#endif
