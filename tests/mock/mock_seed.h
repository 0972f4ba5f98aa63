/* Deterministic synthetic account: the same options give the same state.
 * Every org has its own key pair (the self org the configured one), some
 * orgs are disabled, some keys lack the permission to list managed orgs;
 * connections are laid out as mock_seed_conns.h says. */
#ifndef DD_MOCK_SEED_H
#define DD_MOCK_SEED_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "mock_state.h"

typedef struct mock_seed_opts {
    uint64_t seed;
    long orgs;
    long connections;
    long sf_orgs;
    long self_org_age_days; /* the self org was created this long before now */
    time_t now;
    const char *disable_status;
    long self_connections;  /* connections the self org takes part in; < 0: a third */
    const char *api_key;    /* the configured pair: the self org's keys */
    const char *app_key;
} mock_seed_opts;

/* Fixed date the synthetic history ends at, so that it does not depend on
 * the day the mock runs: 2026-01-01T00:00:00Z. */
#define MOCK_SEED_REFERENCE 1767225600

mock_world *seed_state(const mock_seed_opts *o, char *err, size_t errlen);

#endif
