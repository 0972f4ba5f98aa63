#include "mock_map.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash_str(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ULL;
    }
    /* FNV's low bits mix poorly and the table masks them: finish with
     * murmur3's fmix64 so probe runs stay short. */
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    return h ^ (h >> 33);
}

void map_free(mock_map *m)
{
    free(m->slots);
    m->slots = NULL;
    m->cap = m->len = 0;
}

static size_t find(const mock_map *m, const char *key, uint64_t h)
{
    size_t mask = m->cap - 1;
    size_t i = h & mask;
    while (m->slots[i].key && (m->slots[i].hash != h || strcmp(m->slots[i].key, key) != 0))
        i = (i + 1) & mask;
    return i;
}

void *map_get(const mock_map *m, const char *key)
{
    if (!m->cap)
        return NULL;
    size_t i = find(m, key, hash_str(key));
    return m->slots[i].key ? m->slots[i].val : NULL;
}

static int grow(mock_map *m)
{
    size_t ncap = m->cap ? m->cap * 2 : 64;
    mock_map n = {calloc(ncap, sizeof(mock_map_slot)), ncap, 0};
    if (!n.slots)
        return -1;
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key) {
            size_t j = find(&n, m->slots[i].key, m->slots[i].hash);
            n.slots[j] = m->slots[i];
            n.len++;
        }
    free(m->slots);
    *m = n;
    return 0;
}

int map_put(mock_map *m, const char *key, void *val)
{
    /* Load stays under 70% so probe runs stay short. */
    if ((m->len + 1) * 10 > m->cap * 7 && grow(m) != 0)
        return -1;
    uint64_t h = hash_str(key);
    size_t i = find(m, key, h);
    if (!m->slots[i].key)
        m->len++;
    m->slots[i].key = key;
    m->slots[i].val = val;
    m->slots[i].hash = h;
    return 0;
}

void *map_del(mock_map *m, const char *key)
{
    if (!m->cap)
        return NULL;
    size_t mask = m->cap - 1;
    size_t i = find(m, key, hash_str(key));
    if (!m->slots[i].key)
        return NULL;
    void *val = m->slots[i].val;
    /* Backward-shift deletion: no tombstones, lookups stay exact. */
    size_t j = i;
    for (;;) {
        m->slots[i].key = NULL;
        for (;;) {
            j = (j + 1) & mask;
            if (!m->slots[j].key)
                goto done;
            size_t home = m->slots[j].hash & mask;
            /* Move j back to i unless its home lies cyclically in (i, j]. */
            if (i <= j ? (home <= i || home > j) : (home <= i && home > j))
                break;
        }
        m->slots[i] = m->slots[j];
        i = j;
    }
done:
    m->len--;
    return val;
}
