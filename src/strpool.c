#include "strpool.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Chunks start small (a pool per list, and most lists are short) and
 * double up to a cap, so 100,000 rows cost a few dozen mallocs, not
 * hundreds of thousands; an oversized request gets a chunk of its own. */
#define CHUNK_MIN ((size_t)4 * 1024)
#define CHUNK_MAX ((size_t)1024 * 1024)
#define ALIGN alignof(max_align_t)

typedef struct chunk {
    struct chunk *next;
    size_t size;  /* usable bytes in data */
    size_t used;
    alignas(max_align_t) unsigned char data[];
} chunk;

typedef struct slot {
    const char *str;  /* NULL: empty slot */
    size_t len;
    uint64_t hash;
} slot;

struct dd_strpool {
    chunk *head;        /* chunk currently being filled */
    chunk *full;        /* retired chunks, only kept to be freed */
    size_t bytes;       /* total usable bytes of every chunk */
    size_t next_chunk;  /* size of the next regular chunk */
    slot *slots;
    size_t n_slots;     /* power of two, or 0 before the first intern */
    size_t n_interned;
};

dd_strpool *dd_strpool_new(void)
{
    return calloc(1, sizeof(dd_strpool));
}

static void free_chain(chunk *c)
{
    while (c) {
        chunk *next = c->next;
        free(c);
        c = next;
    }
}

void dd_strpool_free(dd_strpool *p)
{
    if (!p)
        return;
    free_chain(p->head);
    free_chain(p->full);
    free(p->slots);
    free(p);
}

static chunk *chunk_new(size_t size)
{
    if (size > SIZE_MAX - sizeof(chunk))
        return NULL;
    chunk *c = malloc(sizeof(chunk) + size);
    if (!c)
        return NULL;
    c->next = NULL;
    c->size = size;
    c->used = 0;
    return c;
}

/* Bump allocation with a given alignment (1 for strings, so that short
 * strings pack tightly; ALIGN for objects). */
static void *arena_alloc(dd_strpool *p, size_t size, size_t align)
{
    chunk *c = p->head;
    if (c) {
        size_t at = (c->used + align - 1) & ~(align - 1);
        if (at <= c->size && size <= c->size - at) {
            c->used = at + size;
            return c->data + at;
        }
    }
    if (!p->next_chunk)
        p->next_chunk = CHUNK_MIN;
    if (size > p->next_chunk / 4) {
        /* A big block would waste most of a fresh chunk's room if it took
         * the current chunk's place: give it its own and keep filling. */
        chunk *big = chunk_new(size);
        if (!big)
            return NULL;
        big->used = size;
        big->next = p->full;
        p->full = big;
        p->bytes += size;
        return big->data;
    }
    chunk *fresh = chunk_new(p->next_chunk);
    if (!fresh)
        return NULL;
    p->bytes += fresh->size;
    if (p->next_chunk < CHUNK_MAX)
        p->next_chunk *= 2;
    if (c) {
        c->next = p->full;
        p->full = c;
    }
    p->head = fresh;
    fresh->used = size;
    return fresh->data;
}

void *dd_strpool_alloc(dd_strpool *p, size_t size)
{
    return arena_alloc(p, size ? size : 1, ALIGN);
}

const char *dd_strpool_dup(dd_strpool *p, const char *s, size_t n)
{
    if (n == SIZE_MAX)
        return NULL;
    char *d = arena_alloc(p, n + 1, 1);
    if (!d)
        return NULL;
    if (n)
        memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

/* FNV-1a, 64 bit: the strings are short (uuids, names), and a byte loop
 * that never reads past n is simpler to trust than a word-at-a-time hash. */
static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++) {
        h ^= u[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

static int table_grow(dd_strpool *p)
{
    size_t n = p->n_slots ? p->n_slots * 2 : 256;
    if (n > SIZE_MAX / sizeof(slot))
        return -1;
    slot *fresh = calloc(n, sizeof(slot));
    if (!fresh)
        return -1;
    for (size_t i = 0; i < p->n_slots; i++) {
        const slot *s = &p->slots[i];
        if (!s->str)
            continue;
        size_t j = (size_t)s->hash & (n - 1);
        while (fresh[j].str)
            j = (j + 1) & (n - 1);
        fresh[j] = *s;
    }
    free(p->slots);
    p->slots = fresh;
    p->n_slots = n;
    return 0;
}

const char *dd_strpool_intern(dd_strpool *p, const char *s, size_t n)
{
    /* Grow before inserting so the probe below always finds an empty slot;
     * 0.7 keeps linear probe chains short. */
    if ((p->n_interned + 1) * 10 > p->n_slots * 7 && table_grow(p) != 0)
        return NULL;
    uint64_t h = hash_bytes(s, n);
    size_t mask = p->n_slots - 1;
    size_t i = (size_t)h & mask;
    for (;;) {
        slot *sl = &p->slots[i];
        if (!sl->str)
            break;
        if (sl->hash == h && sl->len == n && memcmp(sl->str, s, n) == 0)
            return sl->str;
        i = (i + 1) & mask;
    }
    const char *copy = dd_strpool_dup(p, s, n);
    if (!copy)
        return NULL;
    p->slots[i] = (slot){ .str = copy, .len = n, .hash = h };
    p->n_interned++;
    return copy;
}

size_t dd_strpool_interned_count(const dd_strpool *p)
{
    return p ? p->n_interned : 0;
}

size_t dd_strpool_bytes(const dd_strpool *p)
{
    return p ? p->bytes : 0;
}
