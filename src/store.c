/* strcasestr */
#define _GNU_SOURCE

#include "store.h"
#include "store_index.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------- ids */

/* Open-addressing map from row id to row number, built when a refresh ends
 * over the old rows that the refreshed list does not hold in the same
 * place (to compare old and new lists in linear time). */
typedef struct id_map {
    const char **keys;
    size_t *vals;
    size_t mask;
} id_map;

static size_t hash_str(const char *s)
{
    size_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static int id_map_build(id_map *m, const dd_conn_list *l, const size_t *rows, size_t n)
{
    size_t size = 16;
    while (size < n * 2)
        size <<= 1;
    m->keys = calloc(size, sizeof(*m->keys));
    m->vals = malloc(size * sizeof(*m->vals));
    m->mask = size - 1;
    if (!m->keys || !m->vals) {
        free(m->keys);
        free(m->vals);
        m->keys = NULL;
        m->vals = NULL;
        return -1;
    }
    for (size_t k = 0; k < n; k++) {
        size_t i = rows[k];
        const char *id = l->items[i].id ? l->items[i].id : "";
        size_t h = hash_str(id) & m->mask;
        while (m->keys[h] && strcmp(m->keys[h], id) != 0)
            h = (h + 1) & m->mask;
        m->keys[h] = id;
        m->vals[h] = i;
    }
    return 0;
}

static long id_map_get(const id_map *m, const char *id)
{
    size_t h = hash_str(id) & m->mask;
    while (m->keys[h]) {
        if (strcmp(m->keys[h], id) == 0)
            return (long)m->vals[h];
        h = (h + 1) & m->mask;
    }
    return -1;
}

static void id_map_free(id_map *m)
{
    free(m->keys);
    free(m->vals);
}

/* ---------------------------------------------------------------- text */

static const char *nz(const char *s)
{
    return s ? s : "";
}

void dd_conn_types_join(const dd_conn *c, char *buf, size_t n)
{
    size_t used = 0;
    if (n == 0)
        return;
    buf[0] = '\0';
    for (size_t i = 0; i < c->n_types && used + 1 < n; i++) {
        int w = snprintf(buf + used, n - used, "%s%s", i ? "," : "", nz(c->types[i]));
        if (w < 0)
            break;
        used += (size_t)w;
    }
    if (used >= n)
        buf[n - 1] = '\0';
}

static const char *ref_text(const dd_ref *r)
{
    if (r->name && *r->name)
        return r->name;
    return nz(r->id);
}

const char *dd_conn_col_text(const dd_conn *c, dd_conn_col col, char *buf, size_t n)
{
    switch (col) {
    case DD_CC_CREATED: return nz(c->created_at_text);
    case DD_CC_SOURCE: return ref_text(&c->source);
    case DD_CC_SINK: return ref_text(&c->sink);
    case DD_CC_TYPES: dd_conn_types_join(c, buf, n); return buf;
    case DD_CC_ID: return nz(c->id);
    case DD_CC_COUNT: break;
    }
    return "";
}

const char *dd_conn_col_name(int col)
{
    static const char *const names[DD_CC_COUNT] = {"Created", "Source", "Sink", "Types", "ID"};
    return col >= 0 && col < DD_CC_COUNT ? names[col] : "server order";
}

const char *dd_sf_col_text(const dd_sf_org *o, dd_sf_col col)
{
    switch (col) {
    case DD_SC_NAME: return nz(o->name);
    case DD_SC_SFDC_ID: return nz(o->sfdc_org_id);
    case DD_SC_TYPE: return nz(o->sfdc_org_type);
    case DD_SC_URL: return nz(o->instance_url);
    case DD_SC_COUNT: break;
    }
    return "";
}

const char *dd_sf_col_name(int col)
{
    static const char *const names[DD_SC_COUNT] = {"Name", "SFDC org id", "Type", "Instance URL"};
    return col >= 0 && col < DD_SC_COUNT ? names[col] : "server order";
}

static bool has(const char *hay, const char *needle)
{
    return hay && strcasestr(hay, needle) != NULL;
}

static bool conn_matches(const dd_conn *c, const char *needle)
{
    if (!*needle)
        return true;
    if (has(c->id, needle) || has(c->source.id, needle) || has(c->source.name, needle) ||
        has(c->sink.id, needle) || has(c->sink.name, needle) ||
        has(c->created_at_text, needle) || has(c->created_by.name, needle))
        return true;
    for (size_t i = 0; i < c->n_types; i++)
        if (has(c->types[i], needle))
            return true;
    /* "logs,metrics" as shown in the Types column, however long: the text
     * index searches the same text. */
    if (c->n_types && strchr(needle, ',')) {
        char *joined = dd_types_text(c->types, c->n_types);
        bool hit = joined && has(joined, needle);
        free(joined);
        return hit;
    }
    return false;
}

static bool sf_matches(const dd_sf_org *o, const char *needle)
{
    return !*needle || has(o->id, needle) || has(o->name, needle) ||
           has(o->sfdc_org_id, needle) || has(o->sfdc_org_type, needle) ||
           has(o->instance_url, needle);
}

/* ---------------------------------------------------------------- table */

static size_t rows_of(const dd_store *s, dd_which w)
{
    return w == DD_LIST_CONNS ? s->conns.n : s->sfs.n;
}

bool dd_store_row_matches(const dd_store *s, dd_which w, size_t row, const char *needle)
{
    if (w == DD_LIST_CONNS)
        return row < s->conns.n && conn_matches(&s->conns.items[row], needle);
    return row < s->sfs.n && sf_matches(&s->sfs.items[row], needle);
}

static int table_init(dd_table *t)
{
    memset(t, 0, sizeof(*t));
    t->sort_col = DD_SORT_NONE;
    t->load.total = -1;
    t->load.announced = -1;
    t->ix = calloc(1, sizeof(*t->ix));
    return t->ix ? 0 : -1;
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
    free(t->order);
    free(t->mark);
    memset(t, 0, sizeof(*t));
}

static int table_reserve(dd_table *t, size_t n)
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

static dd_rows rows_view(const dd_store *s, dd_which w)
{
    dd_rows r = {0};
    if (w == DD_LIST_CONNS) {
        r.conn = s->conns.items;
        r.n = s->conns.n;
    } else {
        r.sf = s->sfs.items;
        r.n = s->sfs.n;
    }
    return r;
}

/* The list was replaced: nothing derived from the old rows holds. */
static void table_forget(dd_table *t)
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
    dd_rows r = rows_view(s, w);
    if (dd_text_index_sync(&ix->text, &r) != 0 ||
        reserve_bytes(&ix->hit, &ix->hit_cap, ix->text.m) != 0)
        return -1;
    return dd_text_index_hits(&ix->text, needle, ix->hit);
}

/* match[] of every row for t->filter (non-empty). */
static int compute_matches(dd_store *s, dd_which w, dd_table *t)
{
    dd_table_index *ix = t->ix;
    size_t rows = rows_of(s, w);
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
static int table_rebuild(dd_store *s, dd_which w, long keep_row)
{
    dd_table *t = dd_store_table(s, w);
    size_t rows = rows_of(s, w);
    if (table_reserve(t, rows) != 0)
        return -1;
    if (t->sort_col != DD_SORT_NONE && !sort_valid(t, rows)) {
        dd_rows r = rows_view(s, w);
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
static void rows_appended(dd_store *s, dd_which w, size_t first)
{
    dd_table *t = dd_store_table(s, w);
    dd_table_index *ix = t->ix;
    size_t rows = rows_of(s, w);
    dd_rows r = rows_view(s, w);
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
static void row_changed(dd_store *s, dd_which w, size_t row)
{
    dd_table_index *ix = dd_store_table(s, w)->ix;
    dd_rows r = rows_view(s, w);
    if (ix->sort.valid && ix->sort.n == r.n && dd_sort_index_update(&ix->sort, &r, row) != 0)
        ix->sort.valid = false;
    if (ix->text.valid && dd_text_index_update(&ix->text, &r, row) != 0)
        ix->text.valid = false;
    if (ix->match_ok && ix->match_n == r.n)
        ix->match[row] = dd_store_row_matches(s, w, row, ix->needle);
}

/* Row `row` is about to be removed (rows after it move up by one). */
static void row_removed(dd_table *t, size_t rows, size_t row)
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

static long selected_row(const dd_table *t)
{
    return t->n ? (long)t->order[t->sel] : -1;
}

/* The selected row's number once row i is removed from either list: -1
 * when it was that row (the selection then stays where it was, on the next
 * row), one less when it came after. */
static long row_after_removal(long keep, long i)
{
    if (keep == i)
        return -1;
    return keep > i ? keep - 1 : keep;
}

int dd_store_refilter(dd_store *s, dd_which w)
{
    dd_table *t = dd_store_table(s, w);
    table_forget(t);
    return table_rebuild(s, w, selected_row(t));
}

dd_table *dd_store_table(dd_store *s, dd_which w)
{
    return w == DD_LIST_CONNS ? &s->ct : &s->st;
}

int dd_store_set_filter(dd_store *s, dd_which w, const char *filter)
{
    dd_table *t = dd_store_table(s, w);
    size_t rows = rows_of(s, w);
    long keep = selected_row(t);
    /* Typing one more character only narrows: the rows shown are the only
     * candidates, and dropping some keeps the others in their order. */
    size_t was = strlen(t->filter);
    bool narrows = filter && was && strncmp(filter, t->filter, was) == 0 &&
                   matches_valid(t, rows) && t->n <= rows;
    snprintf(t->filter, sizeof(t->filter), "%s", filter ? filter : "");
    if (!narrows || strlen(t->filter) == was)
        return table_rebuild(s, w, keep);
    /* Likewise only the texts that held the shorter text can hold this. */
    dd_table_index *ix = t->ix;
    dd_rows r = rows_view(s, w);
    if (dd_text_index_sync(&ix->text, &r) != 0 ||
        reserve_bytes(&ix->hit, &ix->hit_cap, ix->text.m) != 0 ||
        dd_text_index_hits_narrow(&ix->text, t->filter, ix->hit,
                                  ix->hit_gen == ix->text.gen ? ix->hit_n : 0) != 0) {
        ix->match_ok = false;
        return table_rebuild(s, w, keep);
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
    int ncols = w == DD_LIST_CONNS ? DD_CC_COUNT : DD_SC_COUNT;
    t->sort_col = t->sort_col + 1 >= ncols ? DD_SORT_NONE : t->sort_col + 1;
    return table_rebuild(s, w, selected_row(t));
}

int dd_store_reverse_sort(dd_store *s, dd_which w)
{
    dd_table *t = dd_store_table(s, w);
    t->sort_rev = !t->sort_rev;
    return table_rebuild(s, w, selected_row(t));
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
    dd_rows r = rows_view(s, w);
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

int dd_store_init(dd_store *s)
{
    memset(s, 0, sizeof(*s));
    if (table_init(&s->ct) != 0 || table_init(&s->st) != 0 ||
        dd_conn_list_init(&s->conns) != 0 || dd_conn_list_init(&s->incoming) != 0 ||
        dd_sf_list_init(&s->sfs) != 0) {
        dd_store_free(s);
        return -1;
    }
    return 0;
}

void dd_store_free(dd_store *s)
{
    dd_conn_list_free(&s->conns);
    dd_conn_list_free(&s->incoming);
    dd_sf_list_free(&s->sfs);
    table_free(&s->ct);
    table_free(&s->st);
    free(s->sink_filter);
    free(s->source_filter);
    free(s->recent);
    memset(s, 0, sizeof(*s));
}

void dd_store_recent_begin(dd_store *s)
{
    s->recent_loading = true;
}

void dd_store_recent_end(dd_store *s, dd_audit_entry **entries, size_t n, dd_status st,
                         const char *error)
{
    s->recent_loading = false;
    if (st != DD_OK) {
        snprintf(s->recent_error, sizeof(s->recent_error), "%s",
                 error && *error ? error : "cannot read the audit log");
        return;
    }
    free(s->recent);
    s->recent = *entries;
    s->n_recent = *entries ? n : 0;
    *entries = NULL;
    s->recent_loaded = true;
    s->recent_error[0] = '\0';
}

static void set_error(dd_load_state *l, const char *error)
{
    snprintf(l->error, sizeof(l->error), "%s", error ? error : "");
}

void dd_store_conn_begin(dd_store *s)
{
    dd_load_state *l = &s->ct.load;
    l->loading = true;
    l->so_far = 0;
    l->total = -1;
    dd_conn_list_free(&s->incoming);
    dd_conn_list_init(&s->incoming);
    s->ct.ix->incoming.valid = false;
    /* Nothing shown yet (or the last fetch was a failed first load): show
     * pages as they come rather than a blank list until the end. */
    s->streaming = !l->loaded_once;
    if (s->streaming) {
        /* What is shown is the new listing from its first page on. */
        l->incomplete = false;
        l->announced = -1;
        dd_conn_list_free(&s->conns);
        dd_conn_list_init(&s->conns);
        dd_table_clear_marks(&s->ct);
        dd_store_refilter(s, DD_LIST_CONNS);
    }
}

int dd_store_conn_page(dd_store *s, const dd_conn_list *page, size_t so_far, int64_t total)
{
    dd_load_state *l = &s->ct.load;
    l->so_far = so_far;
    l->total = total;
    if (!s->streaming) {
        if (dd_conn_list_append_all(&s->incoming, page) != 0)
            return -1;
        dd_rows r = {.conn = s->incoming.items, .n = s->incoming.n};
        dd_text_index_sync(&s->ct.ix->incoming, &r);
        return 0;
    }
    size_t first = s->conns.n;
    if (dd_conn_list_append_all(&s->conns, page) != 0)
        return -1;
    dd_table *t = &s->ct;
    rows_appended(s, DD_LIST_CONNS, first);
    if (t->sort_col != DD_SORT_NONE || t->sort_rev)
        return table_rebuild(s, DD_LIST_CONNS, selected_row(t));
    /* Server order: the new rows go after the others, no need to re-sort. */
    if (table_reserve(t, s->conns.n) != 0)
        return -1;
    for (size_t r = first; r < s->conns.n; r++)
        if (!t->filter[0] || dd_store_row_matches(s, DD_LIST_CONNS, r, t->filter))
            t->order[t->n++] = r;
    return 0;
}

static bool same_str(const char *a, const char *b)
{
    return strcmp(nz(a), nz(b)) == 0;
}

static bool conn_same(const dd_conn *a, const dd_conn *b)
{
    if (a->n_types != b->n_types || a->created_at != b->created_at ||
        !same_str(a->source.id, b->source.id) || !same_str(a->source.name, b->source.name) ||
        !same_str(a->sink.id, b->sink.id) || !same_str(a->sink.name, b->sink.name) ||
        !same_str(a->created_by.id, b->created_by.id))
        return false;
    for (size_t i = 0; i < a->n_types; i++)
        if (!same_str(a->types[i], b->types[i]))
            return false;
    return true;
}

static void pair_rows(dd_table *t, const dd_conn_list *old, const dd_conn_list *fresh,
                      size_t o, size_t f, long sel, long *kept)
{
    t->mark[f] = conn_same(&old->items[o], &fresh->items[f]) ? DD_MARK_NONE : DD_MARK_CHANGED;
    if ((long)o == sel)
        *kept = (long)f;
}

/* Marks rows of fresh that are absent from old or differ from it; *kept is
 * the row of fresh with the id of old row sel (-1 when none). */
static int mark_changes(dd_table *t, const dd_conn_list *old, const dd_conn_list *fresh, long sel,
                        long *kept)
{
    /* A refresh returns most rows in the same order: walk both lists
     * together, looking a few rows ahead in the old one. Rows this does not
     * pair (new, moved) are looked up among the old rows it skipped: the
     * only ones they can match, as ids are unique. */
    enum { AHEAD = 8 };
    size_t *skipped = malloc((old->n ? old->n : 1) * sizeof(*skipped));
    size_t *unpaired = malloc((fresh->n ? fresh->n : 1) * sizeof(*unpaired));
    size_t ns = 0, nu = 0, j = 0;
    *kept = -1;
    if (!skipped || !unpaired) {
        free(skipped);
        free(unpaired);
        return -1;
    }
    for (size_t i = 0; i < fresh->n; i++) {
        const char *id = nz(fresh->items[i].id);
        size_t k = 0;
        while (k < AHEAD && j + k < old->n && strcmp(nz(old->items[j + k].id), id) != 0)
            k++;
        if (k == AHEAD || j + k == old->n) {
            unpaired[nu++] = i;
            continue;
        }
        for (; k > 0; k--)
            skipped[ns++] = j++;
        pair_rows(t, old, fresh, j++, i, sel, kept);
    }
    while (j < old->n)
        skipped[ns++] = j++;
    int rc = 0;
    id_map m;
    if (nu && id_map_build(&m, old, skipped, ns) != 0) {
        rc = -1;
    } else if (nu) {
        for (size_t u = 0; u < nu; u++) {
            size_t i = unpaired[u];
            long o = id_map_get(&m, nz(fresh->items[i].id));
            if (o < 0)
                t->mark[i] = DD_MARK_NEW;
            else
                pair_rows(t, old, fresh, (size_t)o, i, sel, kept);
        }
        id_map_free(&m);
    }
    free(skipped);
    free(unpaired);
    return rc;
}

void dd_store_conn_end(dd_store *s, dd_status st, const char *error, int64_t now)
{
    dd_load_state *l = &s->ct.load;
    l->loading = false;
    /* A listing the server ended short is still its answer: shown as it
     * came, marked, rather than dropped for the previous one. */
    bool incomplete = st == DD_E_INCOMPLETE;
    if (st != DD_OK && !incomplete) {
        l->stale = true;
        set_error(l, error);
        dd_conn_list_free(&s->incoming);
        dd_conn_list_init(&s->incoming);
        return;
    }
    l->stale = false;
    l->incomplete = incomplete;
    l->announced = incomplete ? l->total : -1;
    if (incomplete)
        set_error(l, error);
    else
        l->error[0] = '\0';
    l->loaded_once = true;
    l->refreshed_at = now;
    if (s->streaming) {
        s->streaming = false;
        return;
    }
    /* Swap in the refreshed list, keeping the selection on the same id. */
    const dd_conn *sel = dd_store_conn_selected(s);
    char *sel_id = sel && sel->id ? strdup(sel->id) : NULL;
    dd_table *t = &s->ct;
    long keep = -1;
    bool diffed = false;
    if (table_reserve(t, s->incoming.n) == 0) {
        dd_table_clear_marks(t);
        diffed = mark_changes(t, &s->conns, &s->incoming, selected_row(t), &keep) == 0;
    }
    dd_conn_list_free(&s->conns);
    s->conns = s->incoming;
    dd_conn_list_init(&s->incoming);
    table_forget(t);
    dd_text_index swap = t->ix->text;
    t->ix->text = t->ix->incoming;
    t->ix->incoming = swap;
    t->ix->incoming.valid = false;
    if (!diffed && sel_id)
        keep = dd_conn_list_find(&s->conns, sel_id);
    free(sel_id);
    table_rebuild(s, DD_LIST_CONNS, keep);
}

/* A write's answer may name no org: the real service's PATCH answer
 * carries ids only. What the row knew of the same org stays (the name
 * lives in the same pool as the row). */
static void keep_known_name(dd_ref *now, const dd_ref *before)
{
    if (!now->name && now->id && before->id && strcmp(now->id, before->id) == 0)
        now->name = before->name;
}

int dd_store_conn_upsert(dd_store *s, const dd_conn *c)
{
    dd_table *t = &s->ct;
    long i = c->id ? dd_conn_list_find(&s->conns, c->id) : -1;
    if (dd_conn_list_append_copy(&s->conns, c) != 0 || table_reserve(t, s->conns.n) != 0)
        return -1;
    long row;
    if (i >= 0) {
        /* The copy went to the end; put it in place of the old row. */
        dd_conn *fresh = &s->conns.items[s->conns.n - 1];
        const dd_conn *old = &s->conns.items[i];
        keep_known_name(&fresh->source, &old->source);
        keep_known_name(&fresh->sink, &old->sink);
        keep_known_name(&fresh->created_by, &old->created_by);
        s->conns.items[i] = *fresh;
        s->conns.n--;
        t->mark[i] = DD_MARK_CHANGED;
        row = i;
        row_changed(s, DD_LIST_CONNS, (size_t)i);
    } else {
        row = (long)s->conns.n - 1;
        t->mark[row] = DD_MARK_NEW;
        rows_appended(s, DD_LIST_CONNS, (size_t)row);
    }
    return table_rebuild(s, DD_LIST_CONNS, row);
}

int dd_store_conn_remove(dd_store *s, const char *id)
{
    long i = dd_conn_list_find(&s->conns, id);
    if (i < 0)
        return -1;
    dd_table *t = &s->ct;
    long keep = selected_row(t);
    row_removed(t, s->conns.n, (size_t)i);
    size_t tail = s->conns.n - (size_t)i - 1;
    memmove(&s->conns.items[i], &s->conns.items[i + 1], tail * sizeof(*s->conns.items));
    memmove(&t->mark[i], &t->mark[i + 1], tail);
    s->conns.n--;
    t->mark[s->conns.n] = DD_MARK_NONE;
    return table_rebuild(s, DD_LIST_CONNS, row_after_removal(keep, i));
}

const dd_conn *dd_store_conn_at(const dd_store *s, size_t pos)
{
    if (pos >= s->ct.n)
        return NULL;
    return &s->conns.items[s->ct.order[pos]];
}

const dd_conn *dd_store_conn_selected(const dd_store *s)
{
    return dd_store_conn_at(s, s->ct.sel);
}

static int set_opt(char **dst, const char *v)
{
    free(*dst);
    *dst = NULL;
    if (v && *v && !(*dst = strdup(v)))
        return -1;
    return 0;
}

int dd_store_set_server_filter(dd_store *s, const char *sink, const char *source)
{
    if (set_opt(&s->sink_filter, sink) != 0 || set_opt(&s->source_filter, source) != 0)
        return -1;
    /* Another query is another list: the next fetch shows its pages as they
     * come, and nothing is marked as changed against the old query. */
    s->ct.load.loaded_once = false;
    return 0;
}

void dd_store_sf_begin(dd_store *s)
{
    s->st.load.loading = true;
    s->st.load.so_far = 0;
    s->st.load.total = -1;
}

void dd_store_sf_end(dd_store *s, dd_sf_list *list, dd_status st, const char *error, int64_t now)
{
    dd_load_state *l = &s->st.load;
    l->loading = false;
    if (st != DD_OK) {
        l->stale = true;
        set_error(l, error);
        return;
    }
    const dd_sf_org *sel = dd_store_sf_selected(s);
    char *sel_id = sel && sel->id ? strdup(sel->id) : NULL;
    dd_sf_list_free(&s->sfs);
    s->sfs = *list;
    dd_sf_list_init(list);
    table_forget(&s->st);
    l->stale = false;
    l->error[0] = '\0';
    l->loaded_once = true;
    l->refreshed_at = now;
    l->so_far = s->sfs.n;
    l->total = (int64_t)s->sfs.n;
    long keep = sel_id ? dd_sf_list_find(&s->sfs, sel_id) : -1;
    free(sel_id);
    table_rebuild(s, DD_LIST_SF, keep);
}

int dd_store_sf_remove(dd_store *s, const char *id)
{
    long i = dd_sf_list_find(&s->sfs, id);
    if (i < 0)
        return -1;
    long keep = selected_row(&s->st);
    row_removed(&s->st, s->sfs.n, (size_t)i);
    memmove(&s->sfs.items[i], &s->sfs.items[i + 1],
            (s->sfs.n - (size_t)i - 1) * sizeof(*s->sfs.items));
    s->sfs.n--;
    return table_rebuild(s, DD_LIST_SF, row_after_removal(keep, i));
}

const dd_sf_org *dd_store_sf_at(const dd_store *s, size_t pos)
{
    if (pos >= s->st.n)
        return NULL;
    return &s->sfs.items[s->st.order[pos]];
}

const dd_sf_org *dd_store_sf_selected(const dd_store *s)
{
    return dd_store_sf_at(s, s->st.sel);
}
