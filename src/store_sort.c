/* Sort index: one integer key per row for the sort column, and every row in
 * (key, row number) order. Text columns are keyed by the rank of their text
 * among the column's distinct texts: 100,000 rows name a few hundred orgs,
 * so a few hundred strings are compared once and rows sort by integers.
 * Ties keep server order (row number), which makes the sort stable; the
 * reverse direction is read off the same permutation by the caller. */
#include "store_index.h"

#include <stdlib.h>
#include <string.h>

/* key[i] for every row: a time as an unsigned order, or the rank of the
 * row's text among the distinct texts of the column. */
static int column_keys(const dd_rows *r, int col, uint64_t *key)
{
    size_t n = r->n;
    dd_value (*value)(const void *) = r->kind->cols[col].value;
    bool numbers = false;
    for (size_t i = 0; i < n && !numbers; i++) {
        dd_vkind k = value(dd_rows_at(r, i)).kind;
        numbers = k == DD_V_TIME || k == DD_V_INT;
    }
    if (numbers) {
        for (size_t i = 0; i < n; i++) {
            dd_value v = value(dd_rows_at(r, i));
            int64_t t = v.kind == DD_V_TIME || v.kind == DD_V_INT ? v.t : INT64_MIN;
            key[i] = (uint64_t)t ^ (1ull << 63);
        }
        return 0;
    }
    /* A string of one row is its own text; interned strings are found by
     * pointer, lists by the array of interned names, whose text is built
     * once per distinct list. */
    static const char empty[] = "";
    uint32_t *slot = malloc((n ? n : 1) * sizeof(*slot));
    const char **text = malloc((n ? n : 1) * sizeof(*text));
    bool *owned = calloc(n ? n : 1, sizeof(*owned));
    uint32_t *rank = NULL;
    dd_distinct seen = {0};
    size_t m = 0;
    int rc = -1;
    if (!slot || !text || !owned)
        goto out;
    for (size_t i = 0; i < n; i++) {
        dd_value v = value(dd_rows_at(r, i));
        if (v.kind == DD_V_UNIQUE) {
            slot[i] = (uint32_t)m;
            text[m++] = v.s;
            continue;
        }
        const void *k = v.kind == DD_V_SHARED ? (const void *)v.s : (const void *)empty;
        size_t klen = 0;
        if (v.kind == DD_V_LIST) {
            k = v.list;
            klen = 1 + v.n;
        }
        bool added;
        uint32_t id = dd_distinct_get(&seen, k, klen, (uint32_t)m, &added);
        if (id == DD_NO_SLOT)
            goto out;
        if (added) {
            if (v.kind == DD_V_LIST) {
                text[m] = dd_join_list(v.list, v.n);
                owned[m] = true;
            } else {
                text[m] = k;
            }
            if (!text[m])
                goto out;
            m++;
        }
        slot[i] = id;
    }
    rank = malloc((m ? m : 1) * sizeof(*rank));
    if (!rank || dd_rank_texts(text, m, rank) != 0)
        goto out;
    for (size_t i = 0; i < n; i++)
        key[i] = rank[slot[i]];
    rc = 0;
out:
    if (text && owned)
        for (size_t i = 0; i < m; i++)
            if (owned[i])
                free((char *)text[i]);
    dd_distinct_free(&seen);
    free(owned);
    free(rank);
    free(text);
    free(slot);
    return rc;
}

void dd_sort_index_free(dd_sort_index *si)
{
    free(si->key);
    free(si->perm);
    memset(si, 0, sizeof(*si));
}

static int reserve(dd_sort_index *si, size_t n)
{
    if (n <= si->cap)
        return 0;
    size_t cap = si->cap ? si->cap : 256;
    while (cap < n)
        cap *= 2;
    uint64_t *k = realloc(si->key, cap * sizeof(*k));
    if (!k)
        return -1;
    si->key = k;
    uint32_t *p = realloc(si->perm, cap * sizeof(*p));
    if (!p)
        return -1;
    si->perm = p;
    si->cap = cap;
    return 0;
}

/* Rows [first, n) sorted by (key, row) into out. */
static int sort_rows(const dd_sort_index *si, size_t first, size_t n, uint32_t *out)
{
    size_t cnt = n - first;
    dd_keyed *k = malloc((cnt ? cnt : 1) * sizeof(*k));
    if (!k)
        return -1;
    for (size_t i = 0; i < cnt; i++) {
        k[i].key = si->key[first + i];
        k[i].row = (uint32_t)(first + i);
    }
    /* Radix sort is stable and the rows go in ascending: ties stay in
     * row order. */
    if (dd_radix_sort(k, cnt) != 0) {
        free(k);
        return -1;
    }
    for (size_t i = 0; i < cnt; i++)
        out[i] = k[i].row;
    free(k);
    return 0;
}

int dd_sort_index_build(dd_sort_index *si, const dd_rows *r, int col)
{
    si->valid = false;
    if (reserve(si, r->n) != 0 || column_keys(r, col, si->key) != 0 ||
        sort_rows(si, 0, r->n, si->perm) != 0)
        return -1;
    si->col = col;
    si->n = r->n;
    si->valid = true;
    return 0;
}

static bool before(const dd_sort_index *si, uint32_t a, uint32_t b)
{
    return si->key[a] != si->key[b] ? si->key[a] < si->key[b] : a < b;
}

int dd_sort_index_append(dd_sort_index *si, const dd_rows *r)
{
    size_t old = si->n, n = r->n;
    if (!si->valid || n < old)
        return dd_sort_index_build(si, r, si->col);
    /* New texts may take ranks between old ones, so every key is computed
     * again; ranks keep the old rows' relative order, so the old
     * permutation stays sorted and the new rows merge into it. */
    uint32_t *fresh = malloc((n - old ? n - old : 1) * sizeof(*fresh));
    uint32_t *merged = malloc((n ? n : 1) * sizeof(*merged));
    if (!fresh || !merged || reserve(si, n) != 0 || column_keys(r, si->col, si->key) != 0 ||
        sort_rows(si, old, n, fresh) != 0) {
        free(fresh);
        free(merged);
        si->valid = false;
        return -1;
    }
    size_t i = 0, j = 0, o = 0;
    while (i < old && j < n - old)
        merged[o++] = before(si, fresh[j], si->perm[i]) ? fresh[j++] : si->perm[i++];
    while (i < old)
        merged[o++] = si->perm[i++];
    while (j < n - old)
        merged[o++] = fresh[j++];
    memcpy(si->perm, merged, n * sizeof(*merged));
    si->n = n;
    free(fresh);
    free(merged);
    return 0;
}

int dd_sort_index_update(dd_sort_index *si, const dd_rows *r, size_t row)
{
    if (!si->valid || si->n != r->n || row >= si->n)
        return dd_sort_index_build(si, r, si->col);
    if (column_keys(r, si->col, si->key) != 0) {
        si->valid = false;
        return -1;
    }
    size_t n = si->n, at = 0;
    while (si->perm[at] != row)
        at++;
    memmove(&si->perm[at], &si->perm[at + 1], (n - at - 1) * sizeof(*si->perm));
    /* Binary search among the other n - 1 rows, still in order. */
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (before(si, si->perm[mid], (uint32_t)row))
            lo = mid + 1;
        else
            hi = mid;
    }
    memmove(&si->perm[lo + 1], &si->perm[lo], (n - 1 - lo) * sizeof(*si->perm));
    si->perm[lo] = (uint32_t)row;
    return 0;
}

void dd_sort_index_remove(dd_sort_index *si, size_t row)
{
    if (!si->valid || row >= si->n)
        return;
    size_t o = 0;
    for (size_t i = 0; i < si->n; i++) {
        uint32_t p = si->perm[i];
        if (p != row)
            si->perm[o++] = p > row ? p - 1 : p;
    }
    memmove(&si->key[row], &si->key[row + 1], (si->n - row - 1) * sizeof(*si->key));
    si->n--;
}
