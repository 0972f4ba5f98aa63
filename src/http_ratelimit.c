/* Reading a response's X-RateLimit-* headers (http.h, dd_ratelimit_header)
 * as libcurl hands them over, one line at a time: numbers kept, an
 * unreadable reset marked, the limit's name cleaned for display. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http.h"

void dd_ratelimit_clear(dd_ratelimit *rl)
{
    memset(rl, 0, sizeof(*rl));
    rl->limit = rl->period = rl->remaining = rl->reset = -1;
}

/* A header value as a count: -1 when empty, not a number or negative. */
static long header_long(const char *v, size_t n)
{
    char tmp[32];
    if (n == 0 || n >= sizeof(tmp))
        return -1;
    memcpy(tmp, v, n);
    tmp[n] = '\0';
    char *end;
    errno = 0;
    long x = strtol(tmp, &end, 10);
    if (errno || end == tmp || *end != '\0' || x < 0)
        return -1;
    return x;
}

void dd_ratelimit_header(dd_ratelimit *rl, const dd_redactor *red, const char *data, size_t n)
{
    /* A new status line starts a new response (after a 100 Continue, say):
     * only the last response's limits count. */
    if (n >= 5 && memcmp(data, "HTTP/", 5) == 0) {
        dd_ratelimit_clear(rl);
        return;
    }
    static const char prefix[] = "x-ratelimit-";
    const size_t plen = sizeof(prefix) - 1;
    const char *colon = memchr(data, ':', n);
    if (!colon || (size_t)(colon - data) <= plen || strncasecmp(data, prefix, plen) != 0)
        return;
    const char *name = data + plen;
    size_t name_len = (size_t)(colon - name);
    const char *v = colon + 1, *end = data + n;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && isspace((unsigned char)end[-1]))
        end--;
    size_t vlen = (size_t)(end - v);

    long *slot = NULL;
    if (name_len == 5 && strncasecmp(name, "limit", 5) == 0)
        slot = &rl->limit;
    else if (name_len == 6 && strncasecmp(name, "period", 6) == 0)
        slot = &rl->period;
    else if (name_len == 9 && strncasecmp(name, "remaining", 9) == 0)
        slot = &rl->remaining;
    else if (name_len == 5 && strncasecmp(name, "reset", 5) == 0)
        slot = &rl->reset;
    else if (name_len == 4 && strncasecmp(name, "name", 4) == 0) {
        /* Shown to the user later: keys out of the whole value first, then
         * printable ASCII only, cut to fit. */
        char *safe = dd_redact(red, v, vlen, sizeof(rl->name) - 1);
        size_t keep = safe ? strlen(safe) : 0;
        if (keep > sizeof(rl->name) - 1)
            keep = sizeof(rl->name) - 1;
        for (size_t i = 0; i < keep; i++)
            rl->name[i] = isprint((unsigned char)safe[i]) ? safe[i] : '?';
        rl->name[keep] = '\0';
        free(safe);
        rl->present = true;
        return;
    }
    if (slot) {
        *slot = header_long(v, vlen);
        rl->present = true;
        /* Said before the backoff is used, not taken for an absent one. */
        if (slot == &rl->reset)
            rl->reset_unreadable = *slot < 0;
    }
}
