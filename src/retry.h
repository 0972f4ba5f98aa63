/* Retry policy, as pure decisions so it can be tested without a network:
 * - 429: wait X-RateLimit-Reset (or 2*2^n s when absent), capped by
 *   max_wait_s, and retry for any method: the server did nothing.
 *   max_wait_s <= 0: no 429 retry (the caller reports retry_after instead).
 * - timeout, connection failure, 5xx: retry with backoff 2*2^n s, only GET.
 * - POST, PATCH, DELETE are never repeated on their own otherwise.
 * At most max_tries attempts in all (3). */
#ifndef DD_RETRY_H
#define DD_RETRY_H

#include <stdbool.h>

#include "error.h"
#include "http.h"

#define DD_RETRY_MAX_TRIES 3

typedef struct dd_retry_decision {
    bool retry;
    long wait_ms;
} dd_retry_decision;

/* attempt: 0 for the first try that just failed. transport: the result of
 * dd_http_perform; status: the HTTP status when transport == DD_OK. */
dd_retry_decision dd_retry_decide(const char *method, int attempt, dd_status transport,
                                  long status, const dd_ratelimit *rl, long max_wait_s);

#endif
