/* Tools of the store's indexes: finding distinct values, a radix sort of
 * (key, row) pairs, and ranking texts so that rows sort by integers. */
/* qsort_r */
#define _GNU_SOURCE

#include "store_index.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------- distinct */

static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

/* klen 0: the pointer is the value (an interned string); klen 1 + k: key
 * points to k pointers (a types array). */
static uint64_t key_hash(const void *key, size_t klen)
{
    if (klen == 0)
        return mix((uint64_t)(uintptr_t)key);
    const void *const *p = key;
    uint64_t h = klen;
    for (size_t i = 0; i + 1 < klen; i++)
        h = mix(h ^ (uint64_t)(uintptr_t)p[i]);
    return h;
}

static bool key_eq(const void *a, size_t alen, const void *b, size_t blen)
{
    if (alen != blen)
        return false;
    if (alen == 0)
        return a == b;
    /* No types: the array may be NULL, which memcmp must not see. */
    return alen == 1 || memcmp(a, b, (alen - 1) * sizeof(void *)) == 0;
}

void dd_distinct_free(dd_distinct *d)
{
    free(d->hash);
    free(d->key);
    free(d->klen);
    free(d->val);
    memset(d, 0, sizeof(*d));
}

static size_t probe(const dd_distinct *d, uint64_t h, const void *key, size_t klen)
{
    size_t i = (size_t)h & d->mask;
    while (d->key[i] || d->klen[i]) {
        if (d->hash[i] == h && key_eq(d->key[i], d->klen[i], key, klen))
            return i;
        i = (i + 1) & d->mask;
    }
    return i;
}

static int distinct_grow(dd_distinct *d)
{
    size_t size = d->mask ? (d->mask + 1) * 2 : 256;
    dd_distinct g = {
        .hash = malloc(size * sizeof(*g.hash)),
        .key = calloc(size, sizeof(*g.key)),
        .klen = calloc(size, sizeof(*g.klen)),
        .val = malloc(size * sizeof(*g.val)),
        .mask = size - 1,
        .n = d->n,
    };
    if (!g.hash || !g.key || !g.klen || !g.val) {
        dd_distinct_free(&g);
        return -1;
    }
    for (size_t i = 0; d->mask && i <= d->mask; i++) {
        if (!d->key[i] && !d->klen[i])
            continue;
        size_t j = probe(&g, d->hash[i], d->key[i], d->klen[i]);
        g.hash[j] = d->hash[i];
        g.key[j] = d->key[i];
        g.klen[j] = d->klen[i];
        g.val[j] = d->val[i];
    }
    dd_distinct_free(d);
    *d = g;
    return 0;
}

uint32_t dd_distinct_get(dd_distinct *d, const void *key, size_t klen, uint32_t next_val,
                         bool *added)
{
    *added = false;
    /* Half full at most, so probes stay short and always end. */
    if ((d->n + 1) * 2 > d->mask + 1 && distinct_grow(d) != 0)
        return DD_NO_SLOT;
    uint64_t h = key_hash(key, klen);
    size_t i = probe(d, h, key, klen);
    if (d->key[i] || d->klen[i])
        return d->val[i];
    d->hash[i] = h;
    d->key[i] = key;
    d->klen[i] = klen;
    d->val[i] = next_val;
    d->n++;
    *added = true;
    return next_val;
}

/* ---------------------------------------------------------------- radix */

int dd_radix_sort(dd_keyed *a, size_t n)
{
    if (n < 2)
        return 0;
    size_t (*count)[256] = calloc(8, sizeof(*count));
    dd_keyed *tmp = malloc(n * sizeof(*tmp));
    if (!count || !tmp) {
        free(count);
        free(tmp);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        for (int b = 0; b < 8; b++)
            count[b][(a[i].key >> (8 * b)) & 0xff]++;
    dd_keyed *src = a, *dst = tmp;
    for (int b = 0; b < 8; b++) {
        size_t *c = count[b];
        /* A byte every key shares orders nothing: skip its pass. */
        if (c[(src[0].key >> (8 * b)) & 0xff] == n)
            continue;
        size_t sum = 0;
        for (int v = 0; v < 256; v++) {
            size_t k = c[v];
            c[v] = sum;
            sum += k;
        }
        for (size_t i = 0; i < n; i++)
            dst[c[(src[i].key >> (8 * b)) & 0xff]++] = src[i];
        dd_keyed *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sizeof(*a));
    free(tmp);
    free(count);
    return 0;
}

/* ---------------------------------------------------------------- ranks */

static int cmp_tail(const void *pa, const void *pb, void *ud)
{
    const char *const *t = ud;
    const dd_keyed *a = pa, *b = pb;
    int r = strcasecmp(t[a->row] + 8, t[b->row] + 8);
    return r ? r : (a->row > b->row) - (a->row < b->row);
}

int dd_rank_texts(const char *const *t, size_t m, uint32_t *rank)
{
    if (m == 0)
        return 0;
    dd_keyed *k = malloc(m * sizeof(*k));
    if (!k)
        return -1;
    /* strcasecmp compares tolower() of each byte as unsigned char: so does
     * a big-endian integer of the first 8 lowered bytes, zero-padded. */
    unsigned char low[256];
    for (int c = 0; c < 256; c++)
        low[c] = (unsigned char)tolower(c);
    for (size_t i = 0; i < m; i++) {
        const unsigned char *s = (const unsigned char *)t[i];
        uint64_t key = 0;
        int j = 0;
        for (; j < 8 && s[j]; j++)
            key = key << 8 | low[s[j]];
        if (j > 0 && j < 8)  /* "" stays 0: a shift by 64 is undefined */
            key <<= 8 * (8 - j);
        k[i].key = key;
        k[i].row = (uint32_t)i;
    }
    if (dd_radix_sort(k, m) != 0) {
        free(k);
        return -1;
    }
    /* Texts sharing 8 non-NUL first bytes are told apart by the rest. */
    for (size_t i = 0; i < m;) {
        size_t j = i + 1;
        while (j < m && k[j].key == k[i].key)
            j++;
        if (j - i > 1 && (k[i].key & 0xff))
            qsort_r(k + i, j - i, sizeof(*k), cmp_tail, (void *)t);
        i = j;
    }
    uint32_t r = 0;
    for (size_t i = 0; i < m; i++) {
        if (i && (k[i].key != k[i - 1].key ||
                  ((k[i].key & 0xff) && strcasecmp(t[k[i].row] + 8, t[k[i - 1].row] + 8))))
            r++;
        rank[k[i].row] = r;
    }
    free(k);
    return 0;
}

