/* Fixed-window rate limits per route group, reported the way Datadog does
 * in X-RateLimit-* headers. */
#ifndef DD_MOCK_RATELIMIT_H
#define DD_MOCK_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

#define RL_MAX_GROUPS 8

typedef struct rl_info {
    long limit;
    long period;    /* seconds */
    long remaining;
    long reset;     /* whole seconds until the window restarts, >= 1 */
    const char *name;
} rl_info;

typedef struct mock_ratelimit {
    long limit;
    long period;
    struct {
        const char *name;
        int64_t start_ms;
        long used;
    } groups[RL_MAX_GROUPS];
    int ngroups;
} mock_ratelimit;

/* Parses "N/SECONDS"; 0 or -1. */
int rl_parse(const char *spec, long *limit, long *period);
void rl_init(mock_ratelimit *rl, long limit, long period);
/* Counts one request against the group; false when it is over the limit.
 * With consume false, only reports. */
bool rl_check(mock_ratelimit *rl, const char *group, int64_t now_ms, bool consume, rl_info *out);

#endif
