#include "mock_ratelimit.h"

#include <stdio.h>
#include <string.h>

int rl_parse(const char *spec, long *limit, long *period)
{
    char tail;
    if (sscanf(spec, "%ld/%ld%c", limit, period, &tail) != 2 || *limit < 1 || *period < 1)
        return -1;
    return 0;
}

void rl_init(mock_ratelimit *rl, long limit, long period)
{
    memset(rl, 0, sizeof *rl);
    rl->limit = limit;
    rl->period = period;
}

bool rl_check(mock_ratelimit *rl, const char *group, int64_t now_ms, bool consume, rl_info *out)
{
    int g = 0;
    while (g < rl->ngroups && strcmp(rl->groups[g].name, group) != 0)
        g++;
    if (g == rl->ngroups) {
        if (g == RL_MAX_GROUPS)
            g = RL_MAX_GROUPS - 1;
        else
            rl->ngroups++;
        rl->groups[g].name = group;
        rl->groups[g].start_ms = now_ms;
        rl->groups[g].used = 0;
    }
    int64_t period_ms = (int64_t)rl->period * 1000;
    if (now_ms - rl->groups[g].start_ms >= period_ms) {
        /* Windows restart on period boundaries, as a cron-like limiter does. */
        int64_t elapsed = now_ms - rl->groups[g].start_ms;
        rl->groups[g].start_ms += elapsed - elapsed % period_ms;
        rl->groups[g].used = 0;
    }
    bool allowed = rl->groups[g].used < rl->limit;
    if (consume && allowed)
        rl->groups[g].used++;
    int64_t left_ms = rl->groups[g].start_ms + period_ms - now_ms;
    out->limit = rl->limit;
    out->period = rl->period;
    out->remaining = rl->limit - rl->groups[g].used;
    out->reset = (long)((left_ms + 999) / 1000);
    if (out->reset < 1)
        out->reset = 1;
    out->name = group;
    return allowed;
}
