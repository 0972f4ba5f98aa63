/* Derived data the store keeps beside each list so that a keystroke on
 * 100,000 rows costs a few passes over integer arrays instead of string
 * comparisons: per-row sort keys and the sorted permutation of every row
 * (store_sort.c), a lower-cased copy of each distinct searchable string with
 * the strings of each row (store_filter.c), and the shared tools (store_rank.c:
 * a hash map of distinct strings, a radix sort, ranking texts).
 *
 * Nothing here is the source of truth: every index can be dropped and built
 * again from the rows. Private to the store. */
#ifndef DD_STORE_INDEX_H
#define DD_STORE_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "list_kind.h"
#include "model.h"

#define DD_NO_SLOT UINT32_MAX

/* The rows of one list as the indexes see them: the kind's list and how
 * many of its rows to index. */
typedef struct dd_rows {
    const dd_list_kind *kind;
    const void *list;
    size_t n;
} dd_rows;

static inline const void *dd_rows_at(const dd_rows *r, size_t i)
{
    return r->kind->list_at(r->list, i);
}

/* ---- store_rank.c ---- */

/* Distinct values, found by hash: a string by its pointer (interned strings
 * are equal exactly when their pointers are), a types array by the pointers
 * it holds (klen > 0). */
typedef struct dd_distinct {
    uint64_t *hash;
    const void **key;
    size_t *klen;
    uint32_t *val;
    size_t mask, n;
} dd_distinct;

void dd_distinct_free(dd_distinct *d);
/* The value stored for key, or *added set and next_val stored when new.
 * DD_NO_SLOT on OOM. */
uint32_t dd_distinct_get(dd_distinct *d, const void *key, size_t klen, uint32_t next_val,
                         bool *added);

typedef struct dd_keyed {
    uint64_t key;
    uint32_t row;
} dd_keyed;

/* Stable sort by key (LSD radix, skipping bytes every key shares). */
int dd_radix_sort(dd_keyed *a, size_t n);
/* rank[i] < rank[j] exactly when strcasecmp(t[i], t[j]) < 0, equal when
 * they compare equal. */
int dd_rank_texts(const char *const *t, size_t m, uint32_t *rank);

/* ---- store_sort.c ---- */

typedef struct dd_sort_index {
    bool valid;
    int col;          /* the keys are for this column */
    size_t n;         /* rows covered */
    uint64_t *key;    /* per row: rows order by (key, row number) */
    uint32_t *perm;   /* every row, ascending by (key, row number) */
    size_t cap;
} dd_sort_index;

void dd_sort_index_free(dd_sort_index *si);
/* Keys and permutation for col over every row. */
int dd_sort_index_build(dd_sort_index *si, const dd_rows *r, int col);
/* Rows [si->n, r->n) were appended: sorts them and merges them in. */
int dd_sort_index_append(dd_sort_index *si, const dd_rows *r);
/* Row `row` changed its values: moves it to its new place. */
int dd_sort_index_update(dd_sort_index *si, const dd_rows *r, size_t row);
/* Row `row` was removed and the rows after it moved up by one. */
void dd_sort_index_remove(dd_sort_index *si, size_t row);

/* ---- store_filter.c ---- */

typedef struct dd_text_index {
    bool valid;
    size_t n;          /* rows indexed */
    int nf;            /* fields per row */
    uint32_t *slot;    /* n * nf: the text of each field, DD_NO_SLOT when absent */
    size_t slot_cap;
    char *buf;         /* lower-cased texts, each ended by '\0' */
    size_t len, buf_cap;
    uint32_t *start;   /* text s spans buf[start[s], start[s + 1] - 1) */
    size_t m, start_cap;
    dd_distinct seen;  /* source pointer (or types array) -> text */
    unsigned char low[256]; /* tolower() of each byte, as strcasestr applies it */
    unsigned gen;      /* counts rebuilds: text numbers change with it */
} dd_text_index;

void dd_text_index_free(dd_text_index *tx);
/* Indexes the rows not indexed yet (all of them when not valid). */
int dd_text_index_sync(dd_text_index *tx, const dd_rows *r);
/* Row `row` changed its values. */
int dd_text_index_update(dd_text_index *tx, const dd_rows *r, size_t row);
void dd_text_index_remove(dd_text_index *tx, size_t row);
/* hit[s] = 1 when text s contains needle (non-empty), case-insensitively
 * (hit holds tx->m bytes). -1 on OOM. */
int dd_text_index_hits(const dd_text_index *tx, const char *needle, unsigned char *hit);
/* The same when the texts that contain needle can only be among those
 * flagged in hit[0, known) (a needle that extends the previous one): only
 * those, and the texts from `known` on, are searched. */
int dd_text_index_hits_narrow(const dd_text_index *tx, const char *needle, unsigned char *hit,
                              size_t known);
bool dd_text_index_row_hit(const dd_text_index *tx, size_t row, const unsigned char *hit);

/* Everything derived for one table. */
typedef struct dd_table_index {
    dd_sort_index sort;
    dd_text_index text;
    /* The text index of a refresh's rows, built page by page as they come
     * so that the first keystroke after the swap finds it ready. */
    dd_text_index incoming;
    unsigned char *match;  /* per row: matches `needle` (valid when match_ok) */
    size_t match_n, match_cap;
    bool match_ok;
    char needle[256];
    unsigned char *hit;    /* per text of the text index: contains `needle` */
    size_t hit_n, hit_cap; /* hit_n: texts covered, of text index hit_gen */
    unsigned hit_gen;
} dd_table_index;

#endif
