/* Deterministic PRNG (splitmix64) for seeding and probabilistic faults:
 * the same seed must give the same data on every libc, so rand() is out. */
#ifndef DD_MOCK_RNG_H
#define DD_MOCK_RNG_H

#include <stdint.h>

typedef struct mock_rng {
    uint64_t s;
} mock_rng;

void rng_init(mock_rng *r, uint64_t seed);
uint64_t rng_next(mock_rng *r);
/* Uniform in [0, n); n > 0. */
uint64_t rng_below(mock_rng *r, uint64_t n);
/* Uniform in [0, 1). */
double rng_unit(mock_rng *r);
/* Writes a lowercase RFC 4122 version-4 uuid (36 chars + NUL). */
void rng_uuid(mock_rng *r, char out[37]);

#endif
