/* Who connects to whom in a seeded account (see mock_seed_conns.h). */
#include "mock_seed_conns.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mock_time.h"

static const char *const TYPES[] = {"logs", "metrics", "audit"};

static void plan_fail(char *err, size_t errlen, const char *msg)
{
    snprintf(err, errlen, "%s", msg);
}

/* Refuses a --self-connections that no account of this size can hold. */
static int check_self(const mock_seed_opts *o, char *err, size_t errlen)
{
    uint64_t n = (uint64_t)o->orgs, c = (uint64_t)o->connections;
    uint64_t s = (uint64_t)o->self_connections;
    if (s > c)
        snprintf(err, errlen, "--self-connections %ld: more than the %ld connections",
                 o->self_connections, o->connections);
    else if (s > 2 * (n - 1))
        snprintf(err, errlen,
                 "--self-connections %ld: with %ld orgs the self org can take part in at most "
                 "%llu (to and from each other org)",
                 o->self_connections, o->orgs, (unsigned long long)(2 * (n - 1)));
    else if (c - s > (n - 1) * (n - 2))
        snprintf(err, errlen,
                 "--connections %ld with --self-connections %ld: the %ld other orgs allow at "
                 "most %llu connections among themselves",
                 o->connections, o->self_connections, o->orgs - 1,
                 (unsigned long long)((n - 1) * (n - 2)));
    else
        return 0;
    return -1;
}

int seed_layout_plan(seed_layout *L, mock_rng *r, size_t self, const mock_seed_opts *o,
                     char *err, size_t errlen)
{
    memset(L, 0, sizeof *L);
    uint64_t n = (uint64_t)o->orgs, c = (uint64_t)o->connections;
    bool fixed = o->self_connections >= 0;
    if (fixed && check_self(o, err, errlen) != 0)
        return -1;
    L->self = self;
    L->n_others = (size_t)n - 1;
    L->others = malloc(L->n_others * sizeof *L->others);
    if (!L->others) {
        plan_fail(err, errlen, "out of memory");
        return -1;
    }
    for (size_t i = 0, k = 0; i < (size_t)n; i++)
        if (i != self)
            L->others[k++] = i;
    for (size_t i = L->n_others; i > 1; i--) {
        size_t j = (size_t)rng_below(r, i);
        size_t t = L->others[i - 1];
        L->others[i - 1] = L->others[j];
        L->others[j] = t;
    }
    /* About one org in ten takes part in nothing, as far as the sizes
     * leave room: fewer when the connections need them. */
    uint64_t s = fixed ? (uint64_t)o->self_connections : 0;
    uint64_t idle = n / 10;
    for (;; idle--) {
        uint64_t a = n - idle - 1; /* active others */
        bool fits = (a + 1) * a >= c;
        if (fixed)
            fits = fits && 2 * a >= s && a * (a - 1) >= c - s;
        if (fits || idle == 0)
            break;
    }
    uint64_t a = n - idle - 1;
    if (!fixed) {
        /* A third of the connections, within what the others leave (at
         * least) and what the self org can hold (at most). */
        uint64_t lo = c > a * (a - 1) ? c - a * (a - 1) : 0;
        uint64_t hi = c < 2 * a ? c : 2 * a;
        s = (c + 2) / 3;
        s = s < lo ? lo : s > hi ? hi : s;
    }
    L->active = (size_t)a;
    L->self_in = s < a ? s : a;
    L->self_out = s - L->self_in;
    L->rest = c - s;
    return 0;
}

void seed_layout_free(seed_layout *L)
{
    free(L->others);
    L->others = NULL;
}

static time_t rand_time(mock_rng *r, time_t lo, time_t hi)
{
    return hi > lo ? lo + (time_t)rng_below(r, (uint64_t)(hi - lo)) : lo;
}

static int add_conn(mock_world *s, mock_rng *r, const time_t *created, time_t now, size_t a,
                    size_t b)
{
    const mock_org *src = s->orgs[a], *sink = s->orgs[b];
    time_t lo = created[a] > created[b] ? created[a] : created[b];
    time_t hi = lo < MOCK_SEED_REFERENCE ? MOCK_SEED_REFERENCE : now;
    char id[37], when[MOCK_TIME_LEN];
    rng_uuid(r, id);
    mock_time_format(rand_time(r, lo, hi), (long)rng_below(r, 1000000), when);
    unsigned mask = 1 + (unsigned)rng_below(r, 7); /* non-empty subset of 3 types */
    const char *types[3];
    size_t nt = 0;
    for (unsigned k = 0; k < 3; k++)
        if (mask & (1u << k))
            types[nt++] = TYPES[k];
    /* A connection is created from its source org, by a user of it. */
    const mock_user *by = state_org_user(s, src);
    if (!by)
        by = s->users[rng_below(r, s->nusers)];
    return state_add_conn(s, id, src->id, sink->id, types, nt, when, by->id) ? 0 : -1;
}

/* The connections among the active others, one at a time: random pairs
 * (a quarter of them followed by their reverse) while they are few, a
 * partial shuffle of every pair once they fill more than half. */
typedef struct rest_gen {
    const seed_layout *L;
    uint64_t pairs;
    uint64_t *all; /* dense: every ordered pair, shuffled as drawn */
    uint64_t next;
    bool has_rev;
    size_t rev_a, rev_b;
} rest_gen;

static int rest_init(rest_gen *g, const seed_layout *L)
{
    memset(g, 0, sizeof *g);
    g->L = L;
    uint64_t a = L->active;
    g->pairs = a * (a > 0 ? a - 1 : 0);
    if (L->rest * 2 <= g->pairs)
        return 0;
    g->all = malloc(g->pairs * sizeof *g->all);
    if (!g->all)
        return -1;
    uint64_t k = 0;
    for (uint64_t x = 0; x < a; x++)
        for (uint64_t y = 0; y < a; y++)
            if (x != y)
                g->all[k++] = x * a + y;
    return 0;
}

static void rest_next(rest_gen *g, mock_world *s, mock_rng *r, size_t *src, size_t *sink)
{
    const seed_layout *L = g->L;
    uint64_t a = L->active;
    if (g->all) {
        uint64_t j = g->next + rng_below(r, g->pairs - g->next);
        uint64_t t = g->all[g->next];
        g->all[g->next] = g->all[j];
        g->all[j] = t;
        uint64_t p = g->all[g->next++];
        *src = L->others[p / a];
        *sink = L->others[p % a];
        return;
    }
    if (g->has_rev) {
        g->has_rev = false;
        if (!state_conn_pair(s, s->orgs[g->rev_a]->id, s->orgs[g->rev_b]->id)) {
            *src = g->rev_a;
            *sink = g->rev_b;
            return;
        }
    }
    /* Draw pairs and let the pair index reject repeats. */
    for (;;) {
        size_t x = L->others[rng_below(r, a)], y = L->others[rng_below(r, a)];
        if (x == y || state_conn_pair(s, s->orgs[x]->id, s->orgs[y]->id))
            continue;
        *src = x;
        *sink = y;
        if (rng_below(r, 4) == 0) {
            g->has_rev = true;
            g->rev_a = y;
            g->rev_b = x;
        }
        return;
    }
}

int seed_connections(mock_world *s, mock_rng *r, const seed_layout *L, const time_t *created,
                     time_t now)
{
    rest_gen g;
    if (rest_init(&g, L) != 0)
        return -1;
    uint64_t in_left = L->self_in, out_left = L->self_out, rest_left = L->rest;
    size_t in_i = 0, out_i = 0;
    int rc = 0;
    while (rc == 0 && in_left + out_left + rest_left > 0) {
        uint64_t pick = rng_below(r, in_left + out_left + rest_left);
        size_t src, sink;
        if (pick < in_left) {
            src = L->others[in_i++];
            sink = L->self;
            in_left--;
        } else if (pick < in_left + out_left) {
            src = L->self;
            sink = L->others[out_i++];
            out_left--;
        } else {
            rest_next(&g, s, r, &src, &sink);
            rest_left--;
        }
        rc = add_conn(s, r, created, now, src, sink);
    }
    free(g.all);
    return rc;
}
