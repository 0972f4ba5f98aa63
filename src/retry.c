#include "retry.h"

#include <string.h>

/* Backoff for attempt n (0-based): 2 s, 4 s, 8 s... as the official clients
 * do, so our pacing matches what Datadog expects from its own tools. */
static long backoff_ms(int attempt)
{
    if (attempt > 20)
        attempt = 20;
    return 2000L << attempt;
}

static bool method_is_get(const char *method)
{
    return method && strcmp(method, "GET") == 0;
}

dd_retry_decision dd_retry_decide(const char *method, int attempt, dd_status transport,
                                  long status, const dd_ratelimit *rl, long max_wait_s)
{
    dd_retry_decision no = { .retry = false, .wait_ms = 0 };

    if (attempt < 0 || attempt + 1 >= DD_RETRY_MAX_TRIES)
        return no;

    if (transport == DD_OK && status == 429) {
        /* A 429 means the request was refused before any work was done, so
         * repeating it is safe for every method. A caller that will not wait
         * (max_wait_s <= 0) gets the error and its retry_after instead. */
        if (max_wait_s <= 0)
            return no;
        long wait_ms = (rl && rl->present && rl->reset >= 0) ? rl->reset * 1000L
                                                             : backoff_ms(attempt);
        if (wait_ms > max_wait_s * 1000L)
            wait_ms = max_wait_s * 1000L;
        return (dd_retry_decision){ .retry = true, .wait_ms = wait_ms };
    }

    bool transient = transport == DD_E_TIMEOUT || transport == DD_E_NETWORK ||
                     (transport == DD_OK && status >= 500 && status <= 599);
    /* The server may have acted on a write that failed this way: repeating a
     * POST could create a second connection, so only reads are retried. */
    if (transient && method_is_get(method))
        return (dd_retry_decision){ .retry = true, .wait_ms = backoff_ms(attempt) };
    return no;
}
