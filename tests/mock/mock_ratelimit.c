#include "mock_ratelimit.h"

#include <stdio.h>
#include <stdlib.h>
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

void rl_free(mock_ratelimit *rl)
{
    for (size_t i = 0; i < rl->n; i++)
        free(rl->v[i].org);
    free(rl->v);
    rl->v = NULL;
    rl->n = rl->cap = 0;
}

static bool same_org(const char *key, const char *id)
{
    for (;; key++, id++) {
        char c = (*id >= 'A' && *id <= 'Z') ? (char)(*id - 'A' + 'a') : *id;
        if (*key != c)
            return false;
        if (!c)
            return true;
    }
}

/* The org's window of the group, made on its first request; NULL when
 * memory runs out (the request is then not limited). */
static rl_window *window(mock_ratelimit *rl, const char *org, const char *group, int64_t now_ms)
{
    for (size_t i = 0; i < rl->n; i++)
        if (strcmp(rl->v[i].group, group) == 0 && same_org(rl->v[i].org, org))
            return &rl->v[i];
    if (rl->n == rl->cap) {
        size_t cap = rl->cap ? rl->cap * 2 : 16;
        rl_window *v = realloc(rl->v, cap * sizeof *v);
        if (!v)
            return NULL;
        rl->v = v;
        rl->cap = cap;
    }
    char *key = strdup(org);
    if (!key)
        return NULL;
    for (char *p = key; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    rl->v[rl->n] = (rl_window){key, group, now_ms, 0};
    return &rl->v[rl->n++];
}

bool rl_check(mock_ratelimit *rl, const char *org, const char *group, int64_t now_ms,
              rl_info *out)
{
    out->limit = rl->limit;
    out->period = rl->period;
    out->name = group;
    rl_window *w = org ? window(rl, org, group, now_ms) : NULL;
    if (!w) {
        out->remaining = rl->limit;
        out->reset = rl->period;
        return true;
    }
    int64_t period_ms = (int64_t)rl->period * 1000;
    if (now_ms - w->start_ms >= period_ms) {
        /* Windows restart on period boundaries, as a cron-like limiter does. */
        int64_t elapsed = now_ms - w->start_ms;
        w->start_ms += elapsed - elapsed % period_ms;
        w->used = 0;
    }
    bool allowed = w->used < rl->limit;
    if (allowed)
        w->used++;
    int64_t left_ms = w->start_ms + period_ms - now_ms;
    out->remaining = rl->limit - w->used;
    out->reset = (long)((left_ms + 999) / 1000);
    if (out->reset < 1)
        out->reset = 1;
    return allowed;
}
