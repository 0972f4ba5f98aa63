/* The shape of a seeded account's connections: the self org is the
 * account's central org, receiving from many and sending back to some;
 * the other orgs connect among themselves, some pairs both ways; a few
 * orgs take part in none. Used by seed_state only. */
#ifndef DD_MOCK_SEED_CONNS_H
#define DD_MOCK_SEED_CONNS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "mock_rng.h"
#include "mock_seed.h"
#include "mock_state.h"

typedef struct seed_layout {
    size_t self;      /* index of the self org among the orgs */
    size_t *others;   /* the N-1 other indexes, shuffled (malloc'd) */
    size_t n_others;
    size_t active;    /* others[0..active) take part in connections, the rest in none */
    uint64_t self_in; /* others[0..self_in) each send to the self org */
    uint64_t self_out; /* the self org sends to others[0..self_out): pairs both ways */
    uint64_t rest;    /* connections among the active others */
} seed_layout;

/* Plans the layout for o->orgs orgs and o->connections connections, of
 * which the self org takes part in o->self_connections (or, when that is
 * negative, a third, as room allows). 0, or -1 with a message in err
 * (sizes that cannot fit) or "out of memory". */
int seed_layout_plan(seed_layout *L, mock_rng *r, size_t self, const mock_seed_opts *o,
                     char *err, size_t errlen);
void seed_layout_free(seed_layout *L);

/* Adds the planned connections to s, whose orgs are in place (s->orgs in
 * the layout's indexing) and whose users exist; created[i] is when org i
 * was created. The self org's connections and the others' are
 * interleaved, as an account's history would have them. 0 or -1 (out of
 * memory). */
int seed_connections(mock_world *s, mock_rng *r, const seed_layout *L, const time_t *created,
                     time_t now);

#endif
