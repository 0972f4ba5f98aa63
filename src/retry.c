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
    if (!rl || !rl->present || rl->reset < 0)
        return -1;
    if (rl->reset >= DD_RETRY_UNIX_TIME_LIKE)
        return -1;
    if (rl->period > 0 && rl->reset > rl->period)
        return -1;
    return rl->reset;
}

void dd_retry_reset_note(const dd_retry_decision *d, char *buf, size_t n)
{
    if (n == 0)
        return;
    buf[0] = '\0';
    if (!d->reset_implausible)
        return;
    char why[80];
    if (d->reset_s >= DD_RETRY_UNIX_TIME_LIKE)
        snprintf(why, sizeof(why), "a Unix time, not a number of seconds");
    else
        snprintf(why, sizeof(why), "longer than its %ld s window", d->period_s);
    snprintf(buf, n, "its reset (%ld s) is implausible (%s), so the backoff is used", d->reset_s,
             why);
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
        if (reset < 0 && rl && rl->present && rl->reset >= 0) {
            /* Given but not believed: a Unix time, or past the window. */
            d.reset_implausible = true;
            d.reset_s = rl->reset;
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
