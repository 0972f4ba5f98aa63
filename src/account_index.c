/* Case-blind id map of the account view (account_index.h). */
#include "account_index.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "model_orgs.h"

static unsigned char lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

/* FNV-1a over the lower-cased bytes: the same hash for any case. */
static uint64_t hash_id(const char *s)
{
    uint64_t h = 14695981039346656037ULL;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        h ^= lower(*p);
        h *= 1099511628211ULL;
    }
    return h;
}

static size_t slot_of(const char *const *keys, size_t cap, const char *id)
{
    size_t i = (size_t)hash_id(id) & (cap - 1);
    while (keys[i] && !dd_org_id_eq(keys[i], id))
        i = (i + 1) & (cap - 1);
    return i;
}

long dd_idmap_get(const dd_idmap *m, const char *id)
{
    if (!id || m->cap == 0)
        return -1;
    size_t i = slot_of(m->keys, m->cap, id);
    return m->keys[i] ? (long)m->vals[i] : -1;
}

static int grow(dd_idmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    if (cap > SIZE_MAX / sizeof(size_t) || cap < m->cap)
        return -1;
    const char **keys = calloc(cap, sizeof(*keys));
    size_t *vals = calloc(cap, sizeof(*vals));
    if (!keys || !vals) {
        free(keys);
        free(vals);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        size_t j = slot_of(keys, cap, m->keys[i]);
        keys[j] = m->keys[i];
        vals[j] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = cap;
    return 0;
}

int dd_idmap_put(dd_idmap *m, const char *id, size_t v)
{
    if ((m->n + 1) * 2 > m->cap && grow(m) != 0)
        return -1;
    size_t i = slot_of(m->keys, m->cap, id);
    if (!m->keys[i])
        m->n++;
    m->keys[i] = id;
    m->vals[i] = v;
    return 0;
}

void dd_idmap_free(dd_idmap *m)
{
    free(m->keys);
    free(m->vals);
    m->keys = NULL;
    m->vals = NULL;
    m->cap = m->n = 0;
}
