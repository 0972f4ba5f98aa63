/* Retry policy, as pure decisions so it can be tested without a network:
 * - 429: wait X-RateLimit-Reset when it is plausible (dd_retry_reset_s),
 *   else the backoff 2*2^n s, capped by max_wait_s, and retry for any
 *   operation, read or write: the server did nothing. max_wait_s <= 0: no
 *   429 retry (the caller reports retry_after instead).
 * - timeout, connection failure, 5xx: retry with backoff 2*2^n s, only for
 *   an operation of the read class (DD_RETRY_READ, ops.h: the GETs).
 * - writes (DD_RETRY_WRITE: POST, PATCH, DELETE) are never repeated on
 *   their own otherwise: the server may have acted.
 * - every wait is 1 s at least (DD_RETRY_MIN_WAIT_MS), so that "reset: 0"
 *   cannot spend the tries at once.
 * At most max_tries attempts in all (3). */
#ifndef DD_RETRY_H
#define DD_RETRY_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "http.h"
#include "ops.h"

#define DD_RETRY_MAX_TRIES 3
#define DD_RETRY_MIN_WAIT_MS 1000L
/* A reset this large (2001-09-09 as a Unix time) is a time, not seconds. */
#define DD_RETRY_UNIX_TIME_LIKE 1000000000L
/* No rate-limit window is longer than two days: a longer reset, window
 * given or not, is a broken header, never waited for (seconds). */
#define DD_RETRY_MAX_RESET_S (2L * 24 * 3600)

typedef struct dd_retry_decision {
    bool retry;
    long wait_ms;
    /* A 429 whose X-RateLimit-Reset was given but not believed (or not
     * readable): the wait is the backoff. reset_s is the value given (-1
     * unreadable), period_s the window (-1 unknown), so the caller can say
     * why before waiting. */
    bool reset_implausible;
    long reset_s;
    long period_s;
} dd_retry_decision;

/* X-RateLimit-Reset in seconds when it can be believed, else -1: when
 * absent, unreadable or negative, larger than the window
 * (X-RateLimit-Period) when that is given (> 0), or larger than
 * DD_RETRY_MAX_RESET_S (which takes in every Unix time). The one rule for
 * waiting and for what the error says afterwards. */
long dd_retry_reset_s(const dd_ratelimit *rl);
/* Why rl's reset is not believed, by that rule: "its reset (N s) is
 * implausible (a Unix time, not a number of seconds | longer than its P s
 * window | longer than two days, more than any rate-limit window)" or "its
 * reset could not be read as a number of seconds", into buf (size n); ""
 * when it is believed or none was sent. For the final error of a 429. */
void dd_retry_reset_why(const dd_ratelimit *rl, char *buf, size_t n);
/* The same for a decision, said before its wait: the why above followed
 * by ", so the backoff is used"; "" when the reset was believed or none
 * was sent. */
void dd_retry_reset_note(const dd_retry_decision *d, char *buf, size_t n);

/* cls: the operation's retry class (its row of ops.h). attempt: 0 for the
 * first try that just failed. transport: the result of dd_http_perform;
 * status: the HTTP status when transport == DD_OK. */
dd_retry_decision dd_retry_decide(dd_retry_class cls, int attempt, dd_status transport,
                                  long status, const dd_ratelimit *rl, long max_wait_s);

#endif
