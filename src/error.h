/* One error value for every layer: what failed, the HTTP status when the
 * server answered, the server's own messages (already cleaned), and how long
 * the server asked us to wait. */
#ifndef DD_ERROR_H
#define DD_ERROR_H

#include <stdbool.h>
#include <stddef.h>

typedef enum dd_status {
    DD_OK = 0,
    DD_E_USAGE,      /* caller passed something invalid (bad id, no types) */
    DD_E_CONFIG,     /* configuration unusable (keys, site, profile, file) */
    DD_E_READ_ONLY,  /* a write refused before any byte was sent */
    DD_E_NETWORK,    /* DNS, connect, reset, TLS */
    DD_E_TIMEOUT,    /* connect, low-speed or overall timeout */
    DD_E_CANCELLED,  /* cancelled from another thread */
    DD_E_TOO_LARGE,  /* response body over the size cap */
    DD_E_HTTP,       /* server answered with a non-2xx status */
    DD_E_PROTOCOL,   /* response malformed or fields of the wrong type */
    DD_E_NOMEM,
    DD_E_IO,         /* local file failure (audit log, config) */
    DD_E_INCOMPLETE  /* a listing ended before the server's own total (the rows
                        received were handed over) */
} dd_status;

typedef struct dd_error {
    dd_status code;
    long http_status;   /* 0 when no HTTP answer */
    char **messages;    /* server messages, cleaned; NULL when none */
    size_t n_messages;
    long retry_after;   /* seconds (X-RateLimit-Reset), -1 when unknown */
    /* Certain that no byte of the request left: refused locally, no
     * connection, no TLS session, cancelled before sending. false means it
     * may have reached the server (a write may have been applied). */
    bool not_sent;
    char text[512];     /* one line for a human; set whenever code != DD_OK */
} dd_error;

void dd_error_init(dd_error *e);
/* Frees messages and resets to DD_OK. */
void dd_error_clear(dd_error *e);
/* Sets code and text (printf-style). Returns code, so `return dd_error_set(...)`. */
dd_status dd_error_set(dd_error *e, dd_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Appends a copy of msg (caller has cleaned it). 0 on success. */
int dd_error_add_message(dd_error *e, const char *msg);
/* Moves src into dst (dst cleared first); src is left as DD_OK. */
void dd_error_move(dd_error *dst, dd_error *src);
/* Short stable name: "network", "http", ... */
const char *dd_status_name(dd_status s);
/* Human text for the UI/CLI: text plus server messages joined by "; ".
 * Writes at most n bytes (NUL-terminated). */
void dd_error_describe(const dd_error *e, char *buf, size_t n);
/* For a failed write: true when the server may have applied it anyway
 * (the request may have left and no answer said it was refused: a lost
 * or unreadable answer, a 5xx), so it must be checked, not repeated. */
bool dd_error_write_maybe_applied(const dd_error *e);

#endif
