#include "retry.h"

#include <stdio.h>

/* Backoff for attempt n (0-based): 2 s, 4 s, 8 s... as the official clients
 * do, so our pacing matches what Datadog expects from its own tools. */
static long backoff_ms(int attempt)
{
    if (attempt > 20)
        attempt = 20;
    return 2000L << attempt;
}

long dd_retry_reset_s(const dd_ratelimit *rl)
{
    if (!rl || !rl->present || rl->reset < 0 || rl->reset_unreadable)
        return -1;
    if (rl->reset > DD_RETRY_MAX_RESET_S)
        return -1;
    if (rl->period > 0 && rl->reset > rl->period)
        return -1;
    return rl->reset;
}

/* Why a reset of reset_s seconds (-1: unreadable) in a window of period_s
 * (<= 0: none) is not believed, into buf. */
static void reset_why(long reset_s, long period_s, char *buf, size_t n)
{
    if (reset_s < 0) {
        snprintf(buf, n, "its reset could not be read as a number of seconds");
        return;
    }
    char why[80];
    if (reset_s >= DD_RETRY_UNIX_TIME_LIKE)
        snprintf(why, sizeof(why), "a Unix time, not a number of seconds");
    else if (reset_s > DD_RETRY_MAX_RESET_S)
        snprintf(why, sizeof(why), "longer than two days, more than any rate-limit window");
    else
        snprintf(why, sizeof(why), "longer than its %ld s window", period_s);
    snprintf(buf, n, "its reset (%ld s) is implausible (%s)", reset_s, why);
}

/* True when rl carries a reset that was sent and is not believed. */
static bool reset_refused(const dd_ratelimit *rl)
{
    return rl && rl->present && (rl->reset_unreadable || rl->reset >= 0) &&
           dd_retry_reset_s(rl) < 0;
}

void dd_retry_reset_why(const dd_ratelimit *rl, char *buf, size_t n)
{
    if (n == 0)
        return;
    buf[0] = '\0';
    if (reset_refused(rl))
        reset_why(rl->reset_unreadable ? -1 : rl->reset, rl->period, buf, n);
}

void dd_retry_reset_note(const dd_retry_decision *d, char *buf, size_t n)
{
    if (n == 0)
        return;
    buf[0] = '\0';
    if (!d->reset_implausible)
        return;
    char why[160];
    reset_why(d->reset_s, d->period_s, why, sizeof(why));
    snprintf(buf, n, "%s, so the backoff is used", why);
}

static long at_least_min(long wait_ms)
{
    return wait_ms < DD_RETRY_MIN_WAIT_MS ? DD_RETRY_MIN_WAIT_MS : wait_ms;
}

dd_retry_decision dd_retry_decide(dd_retry_class cls, int attempt, dd_status transport,
                                  long status, const dd_ratelimit *rl, long max_wait_s)
{
    dd_retry_decision no = { .retry = false, .wait_ms = 0, .reset_s = -1, .period_s = -1 };

    if (attempt < 0 || attempt + 1 >= DD_RETRY_MAX_TRIES)
        return no;

    if (transport == DD_OK && status == 429) {
        /* A 429 means the request was refused before any work was done, so
         * repeating it is safe for every method. A caller that will not wait
         * (max_wait_s <= 0) gets the error and its retry_after instead. */
        if (max_wait_s <= 0)
            return no;
        long reset = dd_retry_reset_s(rl);
        dd_retry_decision d = { .retry = true, .reset_s = -1, .period_s = -1 };
        if (reset_refused(rl)) {
            /* Given but not believed: unreadable, past the window or two
             * days. */
            d.reset_implausible = true;
            d.reset_s = rl->reset_unreadable ? -1 : rl->reset;
            d.period_s = rl->period;
        }
        long wait_ms = reset >= 0 ? reset * 1000L : backoff_ms(attempt);
        if (wait_ms > max_wait_s * 1000L)
            wait_ms = max_wait_s * 1000L;
        d.wait_ms = at_least_min(wait_ms);
        return d;
    }

    bool transient = transport == DD_E_TIMEOUT || transport == DD_E_NETWORK ||
                     (transport == DD_OK && status >= 500 && status <= 599);
    /* The server may have acted on a write that failed this way: repeating a
     * POST could create a second connection, so only reads are retried. */
    if (transient && cls == DD_RETRY_READ)
        return (dd_retry_decision){ .retry = true, .wait_ms = at_least_min(backoff_ms(attempt)),
                                    .reset_s = -1, .period_s = -1 };
    return no;
}
