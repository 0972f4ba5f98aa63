/* splitmix64: tiny, fast and statistically good enough for test data. */
#include "mock_rng.h"

#include <stdio.h>

void rng_init(mock_rng *r, uint64_t seed) { r->s = seed; }

uint64_t rng_next(mock_rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint64_t rng_below(mock_rng *r, uint64_t n)
{
    /* Rejection removes the modulo bias; the loop almost never repeats. */
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do
        x = rng_next(r);
    while (x >= limit);
    return x % n;
}

double rng_unit(mock_rng *r) { return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0); }

void rng_uuid(mock_rng *r, char out[37])
{
    uint64_t hi = rng_next(r), lo = rng_next(r);
    hi = (hi & ~0xf000ULL) | 0x4000ULL;                         /* version 4 */
    lo = (lo & ~(0xc000ULL << 48)) | (0x8000ULL << 48);          /* variant 10 */
    snprintf(out, 37, "%08x-%04x-%04x-%04x-%012llx", (unsigned)(hi >> 32),
             (unsigned)((hi >> 16) & 0xffff), (unsigned)(hi & 0xffff), (unsigned)(lo >> 48),
             (unsigned long long)(lo & 0xffffffffffffULL));
}
