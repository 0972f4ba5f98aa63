/* Text index of the live filter and n/N: every distinct string a row can be
 * found by, stored once, lower-cased, end to end in one buffer, and per row
 * the numbers of its strings. A keystroke then searches each distinct
 * string once (memmem over one buffer rather than strcasestr per row and
 * column) and tests rows by looking up a few flags.
 *
 * Fields searched: the kind's searched values (list_kind.h), a list as
 * shown ("logs,metrics", which contains each name). */
/* memmem */
#define _GNU_SOURCE

#include "store_index.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void dd_text_index_free(dd_text_index *tx)
{
    free(tx->slot);
    free(tx->buf);
    free(tx->start);
    dd_distinct_free(&tx->seen);
    memset(tx, 0, sizeof(*tx));
}

static void reset(dd_text_index *tx, int nf)
{
    dd_distinct_free(&tx->seen);
    tx->n = tx->len = tx->m = 0;
    tx->gen++;
    tx->nf = nf;
    /* A table rather than a call per byte: 100,000 rows hold millions. */
    for (int c = 0; c < 256; c++)
        tx->low[c] = (unsigned char)tolower(c);
    tx->valid = true;
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 1024;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

/* Appends s lower-cased as text m. */
static uint32_t add_text(dd_text_index *tx, const char *s)
{
    size_t l = strlen(s);
    if (grow((void **)&tx->buf, &tx->buf_cap, tx->len + l + 1, 1) != 0 ||
        grow((void **)&tx->start, &tx->start_cap, tx->m + 2, sizeof(*tx->start)) != 0 ||
        tx->len + l + 1 > UINT32_MAX)
        return DD_NO_SLOT;
    unsigned char *d = (unsigned char *)tx->buf + tx->len;
    for (size_t i = 0; i < l; i++)
        d[i] = tx->low[(unsigned char)s[i]];
    d[l] = '\0';
    tx->start[tx->m] = (uint32_t)tx->len;
    tx->len += l + 1;
    tx->start[tx->m + 1] = (uint32_t)tx->len;
    return (uint32_t)tx->m++;
}

/* The text number of an interned string (or types array, klen > 0),
 * adding it when first seen. */
static uint32_t shared_text(dd_text_index *tx, const void *key, size_t klen, const char *text)
{
    bool added;
    uint32_t v = dd_distinct_get(&tx->seen, key, klen, (uint32_t)tx->m, &added);
    if (v == DD_NO_SLOT || !added)
        return v;
    return add_text(tx, text);
}

/* The text number of one value, DD_NO_SLOT when absent; *oom on failure. */
static uint32_t value_text(dd_text_index *tx, dd_value v, bool *oom)
{
    uint32_t t = DD_NO_SLOT;
    switch (v.kind) {
    case DD_V_SHARED:
        t = shared_text(tx, v.s, 0, v.s);
        break;
    case DD_V_UNIQUE:
        t = add_text(tx, v.s);
        break;
    case DD_V_LIST: {
        if (!v.n)
            return DD_NO_SLOT;
        bool added;
        t = dd_distinct_get(&tx->seen, v.list, 1 + v.n, (uint32_t)tx->m, &added);
        if (t != DD_NO_SLOT && added) {
            char *joined = dd_join_list(v.list, v.n);
            t = joined ? add_text(tx, joined) : DD_NO_SLOT;
            free(joined);
        }
        break;
    }
    case DD_V_TIME:
    case DD_V_INT:
    case DD_V_NONE:
        return DD_NO_SLOT;
    }
    if (t == DD_NO_SLOT)
        *oom = true;
    return t;
}

/* Fills the slots of row i; false on OOM. */
static bool index_row(dd_text_index *tx, const dd_rows *r, size_t i)
{
    uint32_t *sl = &tx->slot[i * (size_t)tx->nf];
    const void *row = dd_rows_at(r, i);
    bool oom = false;
    for (int f = 0; f < tx->nf; f++)
        sl[f] = value_text(tx, r->kind->search[f](row), &oom);
    return !oom;
}

int dd_text_index_sync(dd_text_index *tx, const dd_rows *r)
{
    if (!tx->valid || r->n < tx->n)
        reset(tx, r->kind->n_search);
    if (grow((void **)&tx->slot, &tx->slot_cap, r->n * (size_t)tx->nf, sizeof(*tx->slot)) != 0) {
        tx->valid = false;
        return -1;
    }
    for (size_t i = tx->n; i < r->n; i++)
        if (!index_row(tx, r, i)) {
            tx->valid = false;
            return -1;
        }
    tx->n = r->n;
    return 0;
}

int dd_text_index_update(dd_text_index *tx, const dd_rows *r, size_t row)
{
    if (!tx->valid || row >= tx->n || r->n != tx->n)
        return dd_text_index_sync(tx, r);
    /* The old strings stay in the buffer, unreferenced, until the list is
     * replaced: an edit adds a handful of bytes. */
    if (!index_row(tx, r, row)) {
        tx->valid = false;
        return -1;
    }
    return 0;
}

void dd_text_index_remove(dd_text_index *tx, size_t row)
{
    if (!tx->valid || row >= tx->n)
        return;
    size_t nf = (size_t)tx->nf;
    memmove(&tx->slot[row * nf], &tx->slot[(row + 1) * nf],
            (tx->n - row - 1) * nf * sizeof(*tx->slot));
    tx->n--;
}

/* The needle lower-cased through the index's own table, as its texts were:
 * both searches compare like with like. A malloc'd copy of *nl bytes (no
 * terminator), NULL when out of memory. */
static char *lower_needle(const dd_text_index *tx, const char *needle, size_t *nl)
{
    *nl = strlen(needle);
    char *low = malloc(*nl + 1);
    if (!low)
        return NULL;
    for (size_t i = 0; i < *nl; i++)
        low[i] = (char)tx->low[(unsigned char)needle[i]];
    return low;
}

int dd_text_index_hits(const dd_text_index *tx, const char *needle, unsigned char *hit)
{
    size_t nl;
    char *low = lower_needle(tx, needle, &nl);
    if (!low)
        return -1;
    if (tx->m)
        memset(hit, 0, tx->m);
    const char *buf = tx->buf, *p = buf, *end = buf + tx->len;
    size_t cur = 0;
    const char *q;
    /* Texts are NUL-separated and a needle holds no NUL: a match never
     * spans two texts. After one, the rest of its text is skipped. */
    while (p < end && (q = memmem(p, (size_t)(end - p), low, nl))) {
        size_t off = (size_t)(q - buf);
        while (tx->start[cur + 1] <= off)
            cur++;
        hit[cur] = 1;
        p = buf + tx->start[cur + 1];
    }
    free(low);
    return 0;
}

int dd_text_index_hits_narrow(const dd_text_index *tx, const char *needle, unsigned char *hit,
                              size_t known)
{
    size_t nl;
    char *low = lower_needle(tx, needle, &nl);
    if (!low)
        return -1;
    for (size_t t = 0; t < tx->m; t++) {
        if (t < known && !hit[t])
            continue;
        const char *b = tx->buf + tx->start[t];
        hit[t] = memmem(b, tx->start[t + 1] - tx->start[t] - 1, low, nl) != NULL;
    }
    free(low);
    return 0;
}

bool dd_text_index_row_hit(const dd_text_index *tx, size_t row, const unsigned char *hit)
{
    const uint32_t *sl = &tx->slot[row * (size_t)tx->nf];
    for (int f = 0; f < tx->nf; f++)
        if (sl[f] != DD_NO_SLOT && hit[sl[f]])
            return true;
    return false;
}
