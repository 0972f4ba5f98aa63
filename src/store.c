/* The view of each list: filter, sort, selection, scrolling, n/N (store.h),
 * the same code for every list kind. Loading and editing rows is in
 * store_rows.c. */
/* strcasestr */
#define _GNU_SOURCE

#include "store.h"
#include "store_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const dd_list_kind *const dd_store_kinds[DD_N_LISTS] = {
    [DD_LIST_CONNS] = &dd_kind_conns,
    [DD_LIST_SF] = &dd_kind_sf,
    [DD_LIST_ORGS] = &dd_kind_orgs,
};

/* ---------------------------------------------------------------- text */

static bool has(const char *hay, const char *needle)
{
    return hay && strcasestr(hay, needle) != NULL;
}

static bool value_matches(dd_value v, const char *needle)
{
    switch (v.kind) {
    case DD_V_SHARED:
    case DD_V_UNIQUE:
        return has(v.s, needle);
    case DD_V_LIST:
        for (size_t i = 0; i < v.n; i++)
            if (has(v.list[i], needle))
                return true;
        /* "logs,metrics" as shown, however long: the text index searches
         * the same text. */
        if (v.n && strchr(needle, ',')) {
            char *joined = dd_join_list(v.list, v.n);
            bool hit = joined && has(joined, needle);
            free(joined);
            return hit;
        }
        return false;
    case DD_V_TIME:
    case DD_V_INT:
    case DD_V_NONE:
        break;
    }
    return false;
}

size_t dd_store_count(const dd_store *s, dd_which w)
{
    const dd_table *t = &s->t[w];
    return t->kind->list_n(t->rows);
}

bool dd_store_row_matches(const dd_store *s, dd_which w, size_t row, const char *needle)
{
    const dd_table *t = &s->t[w];
    if (row >= dd_store_count(s, w))
        return false;
    if (!*needle)
        return true;
    const void *r = t->kind->list_at(t->rows, row);
    for (int f = 0; f < t->kind->n_search; f++)
        if (value_matches(t->kind->search[f](r), needle))
            return true;
    return false;
}

/* ---------------------------------------------------------------- table */

static int table_init(dd_table *t, const dd_list_kind *k)
{
    memset(t, 0, sizeof(*t));
    t->kind = k;
    t->sort_col = DD_SORT_NONE;
    t->load.total = -1;
    t->load.announced = -1;
    t->ix = calloc(1, sizeof(*t->ix));
    t->rows = calloc(1, k->list_size);
    t->incoming = calloc(1, k->list_size);
    if (!t->ix || !t->rows || !t->incoming)
        return -1;
    if (k->list_init(t->rows) != 0) {
        free(t->rows);
        t->rows = NULL;
        return -1;
    }
    if (k->list_init(t->incoming) != 0) {
        free(t->incoming);
        t->incoming = NULL;
        return -1;
    }
    return 0;
}

static void table_free(dd_table *t)
{
    if (t->ix) {
        dd_sort_index_free(&t->ix->sort);
        dd_text_index_free(&t->ix->text);
        dd_text_index_free(&t->ix->incoming);
        free(t->ix->match);
        free(t->ix->hit);
        free(t->ix);
    }
    if (t->rows)
        t->kind->list_free(t->rows);
    if (t->incoming)
        t->kind->list_free(t->incoming);
    free(t->rows);
    free(t->incoming);
    free(t->order);
    free(t->mark);
    memset(t, 0, sizeof(*t));
}

int dd_table_reserve(dd_table *t, size_t n)
{
    if (n > t->cap) {
        size_t cap = t->cap ? t->cap : 64;
        while (cap < n)
            cap *= 2;
        size_t *o = realloc(t->order, cap * sizeof(*o));
        if (!o)
            return -1;
        t->order = o;
        t->cap = cap;
    }
    if (n > t->mark_cap) {
        size_t cap = t->mark_cap ? t->mark_cap : 64;
        while (cap < n)
            cap *= 2;
        unsigned char *m = realloc(t->mark, cap);
        if (!m)
            return -1;
        memset(m + t->mark_cap, 0, cap - t->mark_cap);
        t->mark = m;
        t->mark_cap = cap;
    }
    return 0;
}

void dd_table_clear_marks(dd_table *t)
{
    if (t->mark)
        memset(t->mark, 0, t->mark_cap);
}

unsigned char dd_table_mark_at(const dd_table *t, size_t pos)
{
    return pos < t->n && t->mark ? t->mark[t->order[pos]] : DD_MARK_NONE;
}

dd_rows dd_store_rows_view(const dd_store *s, dd_which w)
{
    const dd_table *t = &s->t[w];
    return (dd_rows){.kind = t->kind, .list = t->rows, .n = t->kind->list_n(t->rows)};
}

void dd_table_forget(dd_table *t)
{
    t->ix->sort.valid = false;
    t->ix->text.valid = false;
    t->ix->match_ok = false;
}

static int reserve_bytes(unsigned char **p, size_t *cap, size_t n)
{
    if (n <= *cap)
        return 0;
    size_t c = *cap ? *cap : 64;
    while (c < n)
        c *= 2;
    unsigned char *q = realloc(*p, c);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

/* Which texts of the text index contain needle, into ix->hit. */
static int text_hits(dd_store *s, dd_which w, dd_table_index *ix, const char *needle)
{
    dd_rows r = dd_store_rows_view(s, w);
    if (dd_text_index_sync(&ix->text, &r) != 0 ||
        reserve_bytes(&ix->hit, &ix->hit_cap, ix->text.m) != 0)
        return -1;
    return dd_text_index_hits(&ix->text, needle, ix->hit);
}

/* match[] of every row for t->filter (non-empty). */
static int compute_matches(dd_store *s, dd_which w, dd_table *t)
{
    dd_table_index *ix = t->ix;
    size_t rows = dd_store_count(s, w);
    ix->match_ok = false;
    if (reserve_bytes(&ix->match, &ix->match_cap, rows) != 0 ||
        text_hits(s, w, ix, t->filter) != 0)
        return -1;
    for (size_t r = 0; r < rows; r++)
        ix->match[r] = dd_text_index_row_hit(&ix->text, r, ix->hit);
    ix->hit_n = ix->text.m;
    ix->hit_gen = ix->text.gen;
    snprintf(ix->needle, sizeof(ix->needle), "%s", t->filter);
    ix->match_n = rows;
    ix->match_ok = true;
    return 0;
}

static bool matches_valid(const dd_table *t, size_t rows)
{
    const dd_table_index *ix = t->ix;
    return ix->match_ok && ix->match_n == rows && strcmp(ix->needle, t->filter) == 0;
}

static bool sort_valid(const dd_table *t, size_t rows)
{
    const dd_sort_index *si = &t->ix->sort;
    return si->valid && si->col == t->sort_col && si->n == rows;
}

/* t->order: the rows in sort order (the permutation of every row read
 * forwards, or backwards one run of equal keys at a time so that ties keep
 * server order), keeping those that match the filter. */
static void emit_order(dd_table *t, size_t rows)
{
    const unsigned char *m = t->filter[0] ? t->ix->match : NULL;
    size_t n = 0;
    if (t->sort_col == DD_SORT_NONE) {
        for (size_t i = 0; i < rows; i++) {
            size_t r = t->sort_rev ? rows - 1 - i : i;
            if (!m || m[r])
                t->order[n++] = r;
        }
    } else if (!t->sort_rev) {
        const uint32_t *p = t->ix->sort.perm;
        for (size_t i = 0; i < rows; i++)
            if (!m || m[p[i]])
                t->order[n++] = p[i];
    } else {
        const uint32_t *p = t->ix->sort.perm;
        const uint64_t *k = t->ix->sort.key;
        for (size_t end = rows; end > 0;) {
            size_t begin = end - 1;
            while (begin > 0 && k[p[begin - 1]] == k[p[end - 1]])
                begin--;
            for (size_t i = begin; i < end; i++)
                if (!m || m[p[i]])
                    t->order[n++] = p[i];
            end = begin;
        }
    }
    t->n = n;
}

/* The selection follows row keep_row when it is visible, otherwise stays
 * at position old_sel (clamped). */
static void place_selection(dd_table *t, long keep_row, size_t old_sel)
{
    t->sel = old_sel;
    if (keep_row >= 0)
        for (size_t i = 0; i < t->n; i++)
            if (t->order[i] == (size_t)keep_row) {
                t->sel = i;
                break;
            }
    if (t->n == 0)
        t->sel = 0;
    else if (t->sel >= t->n)
        t->sel = t->n - 1;
    if (t->top > t->sel)
        t->top = t->sel;
}

/* Rebuilds order, bringing the sort index and the matches up to date
 * first (each is rebuilt only when it no longer describes the rows). */
int dd_table_rebuild(dd_store *s, dd_which w, long keep_row)
{
    dd_table *t = dd_store_table(s, w);
    size_t rows = dd_store_count(s, w);
    if (dd_table_reserve(t, rows) != 0)
        return -1;
    if (t->sort_col != DD_SORT_NONE && !sort_valid(t, rows)) {
        dd_rows r = dd_store_rows_view(s, w);
        if (dd_sort_index_build(&t->ix->sort, &r, t->sort_col) != 0)
            return -1;
    }
    if (t->filter[0] && !matches_valid(t, rows) && compute_matches(s, w, t) != 0)
        return -1;
    size_t old_sel = t->sel;
    emit_order(t, rows);
    place_selection(t, keep_row, old_sel);
    return 0;
}

/* Rows [first, rows) were appended: the sort index merges them in and
 * their matches are computed one row at a time. */
void dd_table_rows_appended(dd_store *s, dd_which w, size_t first)
{
    dd_table *t = dd_store_table(s, w);
    dd_table_index *ix = t->ix;
    size_t rows = dd_store_count(s, w);
    dd_rows r = dd_store_rows_view(s, w);
    if (ix->sort.valid && ix->sort.n == first && dd_sort_index_append(&ix->sort, &r) != 0)
        ix->sort.valid = false;
    /* Indexing the text of each page as it comes keeps the cost of the
     * whole list (~15 ms for 100,000 rows) off the first keystroke. */
    dd_text_index_sync(&ix->text, &r);
    if (ix->match_ok && ix->match_n == first) {
        if (reserve_bytes(&ix->match, &ix->match_cap, rows) != 0) {
            ix->match_ok = false;
        } else {
            for (size_t i = first; i < rows; i++)
                ix->match[i] = dd_store_row_matches(s, w, i, ix->needle);
            ix->match_n = rows;
        }
    }
}

/* Row `row` took new values in place. */
void dd_table_row_changed(dd_store *s, dd_which w, size_t row)
{
    dd_table_index *ix = dd_store_table(s, w)->ix;
    dd_rows r = dd_store_rows_view(s, w);
    if (ix->sort.valid && ix->sort.n == r.n && dd_sort_index_update(&ix->sort, &r, row) != 0)
        ix->sort.valid = false;
    if (ix->text.valid && dd_text_index_update(&ix->text, &r, row) != 0)
        ix->text.valid = false;
    if (ix->match_ok && ix->match_n == r.n)
        ix->match[row] = dd_store_row_matches(s, w, row, ix->needle);
}

/* Row `row` is about to be removed (rows after it move up by one). */
void dd_table_row_removed(dd_table *t, size_t rows, size_t row)
{
    dd_table_index *ix = t->ix;
    if (ix->sort.valid && ix->sort.n == rows)
        dd_sort_index_remove(&ix->sort, row);
    dd_text_index_remove(&ix->text, row);
    if (ix->match_ok && ix->match_n == rows) {
        memmove(&ix->match[row], &ix->match[row + 1], rows - row - 1);
        ix->match_n--;
    }
}

long dd_table_selected_row(const dd_table *t)
{
    return t->n ? (long)t->order[t->sel] : -1;
}

int dd_store_refilter(dd_store *s, dd_which w)
{
    dd_table *t = dd_store_table(s, w);
    dd_table_forget(t);
    return dd_table_rebuild(s, w, dd_table_selected_row(t));
}

dd_table *dd_store_table(dd_store *s, dd_which w)
{
    return &s->t[w];
}

int dd_store_set_filter(dd_store *s, dd_which w, const char *filter)
{
    dd_table *t = dd_store_table(s, w);
    size_t rows = dd_store_count(s, w);
    long keep = dd_table_selected_row(t);
    /* Typing one more character only narrows: the rows shown are the only
     * candidates, and dropping some keeps the others in their order. */
    size_t was = strlen(t->filter);
    bool narrows = filter && was && strncmp(filter, t->filter, was) == 0 &&
                   matches_valid(t, rows) && t->n <= rows;
    snprintf(t->filter, sizeof(t->filter), "%s", filter ? filter : "");
    if (!narrows || strlen(t->filter) == was)
        return dd_table_rebuild(s, w, keep);
    /* Likewise only the texts that held the shorter text can hold this. */
    dd_table_index *ix = t->ix;
    dd_rows r = dd_store_rows_view(s, w);
    if (dd_text_index_sync(&ix->text, &r) != 0 ||
        reserve_bytes(&ix->hit, &ix->hit_cap, ix->text.m) != 0 ||
        dd_text_index_hits_narrow(&ix->text, t->filter, ix->hit,
                                  ix->hit_gen == ix->text.gen ? ix->hit_n : 0) != 0) {
        ix->match_ok = false;
        return dd_table_rebuild(s, w, keep);
    }
    ix->hit_n = ix->text.m;
    ix->hit_gen = ix->text.gen;
    size_t n = 0;
    for (size_t i = 0; i < t->n; i++) {
        size_t row = t->order[i];
        if (dd_text_index_row_hit(&ix->text, row, ix->hit))
            t->order[n++] = row;
        else
            ix->match[row] = 0;
    }
    t->n = n;
    snprintf(ix->needle, sizeof(ix->needle), "%s", t->filter);
    place_selection(t, keep, t->sel);
    return 0;
}

int dd_store_cycle_sort(dd_store *s, dd_which w)
{
    dd_table *t = dd_store_table(s, w);
    /* The column after the current one in the kind's cycle. */
    const dd_list_kind *k = t->kind;
    int at = -1;
    for (int i = 0; i < k->n_sorts; i++)
        if (k->sorts[i] == t->sort_col)
            at = i;
    t->sort_col = at + 1 >= k->n_sorts ? DD_SORT_NONE : k->sorts[at + 1];
    return dd_table_rebuild(s, w, dd_table_selected_row(t));
}

const char *dd_table_sort_name(const dd_table *t)
{
    if (t->sort_col < 0 || t->sort_col >= t->kind->n_cols)
        return "server order";
    return t->kind->cols[t->sort_col].name;
}

int dd_store_reverse_sort(dd_store *s, dd_which w)
{
    dd_table *t = dd_store_table(s, w);
    t->sort_rev = !t->sort_rev;
    return dd_table_rebuild(s, w, dd_table_selected_row(t));
}

void dd_table_fit(dd_table *t, int rows)
{
    if (rows < 1)
        rows = 1;
    if (t->n == 0) {
        t->sel = t->top = 0;
        return;
    }
    if (t->sel >= t->n)
        t->sel = t->n - 1;
    if (t->top > t->sel)
        t->top = t->sel;
    if (t->sel >= t->top + (size_t)rows)
        t->top = t->sel - (size_t)rows + 1;
    /* No empty space below the last row when the list could fill it. */
    if (t->n >= (size_t)rows && t->top > t->n - (size_t)rows)
        t->top = t->n - (size_t)rows;
    if (t->n < (size_t)rows)
        t->top = 0;
}

void dd_table_move(dd_table *t, long delta, int rows)
{
    if (t->n == 0)
        return;
    long sel = (long)t->sel + delta;
    if (sel < 0)
        sel = 0;
    if (sel >= (long)t->n)
        sel = (long)t->n - 1;
    t->sel = (size_t)sel;
    dd_table_fit(t, rows);
}

void dd_table_home(dd_table *t, int rows)
{
    t->sel = 0;
    t->top = 0;
    dd_table_fit(t, rows);
}

void dd_table_end(dd_table *t, int rows)
{
    if (t->n)
        t->sel = t->n - 1;
    dd_table_fit(t, rows);
}

bool dd_store_find_next(dd_store *s, dd_which w, const char *needle, int dir, int rows)
{
    dd_table *t = dd_store_table(s, w);
    if (t->n == 0 || !needle || !*needle)
        return false;
    /* Searching for the filter's own text: every row shown matches it.
     * Otherwise each distinct text is searched once, then rows are tested
     * by flags; the row-by-row search stays as the fallback on OOM. */
    bool all = t->filter[0] && strcmp(needle, t->filter) == 0;
    unsigned char *hit = NULL;
    dd_table_index *ix = t->ix;
    dd_rows r = dd_store_rows_view(s, w);
    if (!all && dd_text_index_sync(&ix->text, &r) == 0 &&
        (hit = malloc(ix->text.m ? ix->text.m : 1)) &&
        dd_text_index_hits(&ix->text, needle, hit) != 0) {
        free(hit);
        hit = NULL;
    }
    bool moved = false;
    for (size_t k = 1; k <= t->n; k++) {
        size_t pos = dir > 0 ? (t->sel + k) % t->n : (t->sel + t->n - k % t->n) % t->n;
        size_t row = t->order[pos];
        if (all || (hit ? dd_text_index_row_hit(&ix->text, row, hit)
                        : dd_store_row_matches(s, w, row, needle))) {
            if (pos != t->sel) {
                t->sel = pos;
                dd_table_fit(t, rows);
                moved = true;
            }
            break;
        }
    }
    free(hit);
    return moved;
}

/* ---------------------------------------------------------------- store */

int dd_store_set_kind(dd_store *s, dd_which w, const dd_list_kind *k)
{
    dd_table *t = &s->t[w];
    if (t->kind == k)
        return 0;
    table_free(t);
    return table_init(t, k);
}

int dd_store_init(dd_store *s)
{
    memset(s, 0, sizeof(*s));
    for (int w = 0; w < DD_N_LISTS; w++)
        if (table_init(&s->t[w], dd_store_kinds[w]) != 0) {
            dd_store_free(s);
            return -1;
        }
    return 0;
}

void dd_store_free(dd_store *s)
{
    for (int w = 0; w < DD_N_LISTS; w++)
        if (s->t[w].kind)
            table_free(&s->t[w]);
    free(s->sink_filter);
    free(s->source_filter);
    free(s->recent);
    memset(s, 0, sizeof(*s));
}
