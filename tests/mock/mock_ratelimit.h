/* Fixed-window rate limits per org and route group, as the real service
 * counts them, reported the way Datadog does in X-RateLimit-* headers. */
#ifndef DD_MOCK_RATELIMIT_H
#define DD_MOCK_RATELIMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct rl_info {
    long limit;
    long period;    /* seconds */
    long remaining;
    long reset;     /* whole seconds until the window restarts, >= 1 */
    const char *name;
} rl_info;

typedef struct rl_window {
    char *org;         /* the org's id, lower case (malloc'd) */
    const char *group; /* static route group name */
    int64_t start_ms;
    long used;
} rl_window;

typedef struct mock_ratelimit {
    long limit;
    long period;
    rl_window *v; /* one per org and group that sent a request */
    size_t n, cap;
} mock_ratelimit;

/* Parses "N/SECONDS"; 0 or -1. */
int rl_parse(const char *spec, long *limit, long *period);
void rl_init(mock_ratelimit *rl, long limit, long period);
void rl_free(mock_ratelimit *rl);
/* Counts one request of the org against the group; false when it is over
 * the limit. org NULL (keys that name no org): only reports a fresh
 * window, counts nothing, never refuses. */
bool rl_check(mock_ratelimit *rl, const char *org, const char *group, int64_t now_ms,
              rl_info *out);

#endif
