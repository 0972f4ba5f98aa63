/* Loading and editing the rows of a list (store.h): pages of a fetch, the
 * swap at its end with the marks of what changed, single-row edits, lookups.
 * The same code for every list kind. */
#include "store.h"
#include "store_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static int id_map_build(id_map *m, const dd_list_kind *k, const void *l, const size_t *rows,
                        size_t n)
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
    for (size_t r = 0; r < n; r++) {
        size_t i = rows[r];
        const char *id = k->id(k->list_at(l, i));
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

/* ---------------------------------------------------------------- rows */

static const void *row_at(const dd_table *t, const void *list, size_t i)
{
    return t->kind->list_at(list, i);
}

static size_t rows_in(const dd_table *t, const void *list)
{
    return t->kind->list_n(list);
}

/* Empties list (of t's kind); false on OOM, the list then unusable. */
static bool list_reset(const dd_table *t, void *list)
{
    t->kind->list_free(list);
    return t->kind->list_init(list) == 0;
}

/* Appends every row of src to dst. */
static int append_all(const dd_table *t, void *dst, const void *src)
{
    size_t n = rows_in(t, src);
    for (size_t i = 0; i < n; i++)
        if (t->kind->list_append(dst, row_at(t, src, i)) != 0)
            return -1;
    return 0;
}

long dd_store_find(const dd_store *s, dd_which w, const char *id)
{
    return dd_kind_find(s->t[w].kind, s->t[w].rows, id);
}

const void *dd_store_at(const dd_store *s, dd_which w, size_t pos)
{
    const dd_table *t = &s->t[w];
    if (pos >= t->n)
        return NULL;
    return row_at(t, t->rows, t->order[pos]);
}

const void *dd_store_selected(const dd_store *s, dd_which w)
{
    return dd_store_at(s, w, s->t[w].sel);
}

static void set_error(dd_load_state *l, const char *error)
{
    snprintf(l->error, sizeof(l->error), "%s", error ? error : "");
}

void dd_store_begin(dd_store *s, dd_which w)
{
    dd_table *t = &s->t[w];
    dd_load_state *l = &t->load;
    l->loading = true;
    l->so_far = 0;
    l->total = -1;
    list_reset(t, t->incoming);
    t->ix->incoming.valid = false;
    /* Nothing shown yet (or the last fetch was a failed first load): show
     * pages as they come rather than a blank list until the end. */
    t->streaming = !l->loaded_once;
    if (t->streaming) {
        /* What is shown is the new listing from its first page on. */
        l->incomplete = false;
        l->announced = -1;
        list_reset(t, t->rows);
        dd_table_clear_marks(t);
        dd_store_refilter(s, w);
    }
}

int dd_store_page(dd_store *s, dd_which w, const void *page, size_t so_far, int64_t total)
{
    dd_table *t = &s->t[w];
    dd_load_state *l = &t->load;
    l->so_far = so_far;
    l->total = total;
    if (!t->streaming) {
        if (append_all(t, t->incoming, page) != 0)
            return -1;
        dd_rows r = {.kind = t->kind, .list = t->incoming, .n = rows_in(t, t->incoming)};
        dd_text_index_sync(&t->ix->incoming, &r);
        return 0;
    }
    size_t first = rows_in(t, t->rows);
    if (append_all(t, t->rows, page) != 0)
        return -1;
    size_t n = rows_in(t, t->rows);
    dd_table_rows_appended(s, w, first);
    if (t->sort_col != DD_SORT_NONE || t->sort_rev)
        return dd_table_rebuild(s, w, dd_table_selected_row(t));
    /* Server order: the new rows go after the others, no need to re-sort. */
    if (dd_table_reserve(t, n) != 0)
        return -1;
    for (size_t r = first; r < n; r++)
        if (!t->filter[0] || dd_store_row_matches(s, w, r, t->filter))
            t->order[t->n++] = r;
    return 0;
}

static void pair_rows(dd_table *t, const void *old, const void *fresh, size_t o, size_t f,
                      long sel, long *kept)
{
    bool same = t->kind->same(row_at(t, old, o), row_at(t, fresh, f));
    t->mark[f] = same ? DD_MARK_NONE : DD_MARK_CHANGED;
    if ((long)o == sel)
        *kept = (long)f;
}

/* Marks rows of fresh that are absent from old or differ from it; *kept is
 * the row of fresh with the id of old row sel (-1 when none). */
static int mark_changes(dd_table *t, const void *old, const void *fresh, long sel, long *kept)
{
    /* A refresh returns most rows in the same order: walk both lists
     * together, looking a few rows ahead in the old one. Rows this does not
     * pair (new, moved) are looked up among the old rows it skipped: the
     * only ones they can match, as ids are unique. */
    enum { AHEAD = 8 };
    const dd_list_kind *k = t->kind;
    size_t n_old = rows_in(t, old), n_fresh = rows_in(t, fresh);
    size_t *skipped = malloc((n_old ? n_old : 1) * sizeof(*skipped));
    size_t *unpaired = malloc((n_fresh ? n_fresh : 1) * sizeof(*unpaired));
    size_t ns = 0, nu = 0, j = 0;
    *kept = -1;
    if (!skipped || !unpaired) {
        free(skipped);
        free(unpaired);
        return -1;
    }
    for (size_t i = 0; i < n_fresh; i++) {
        const char *id = k->id(row_at(t, fresh, i));
        size_t a = 0;
        while (a < AHEAD && j + a < n_old && strcmp(k->id(row_at(t, old, j + a)), id) != 0)
            a++;
        if (a == AHEAD || j + a == n_old) {
            unpaired[nu++] = i;
            continue;
        }
        for (; a > 0; a--)
            skipped[ns++] = j++;
        pair_rows(t, old, fresh, j++, i, sel, kept);
    }
    while (j < n_old)
        skipped[ns++] = j++;
    int rc = 0;
    id_map m;
    if (nu && id_map_build(&m, k, old, skipped, ns) != 0) {
        rc = -1;
    } else if (nu) {
        for (size_t u = 0; u < nu; u++) {
            size_t i = unpaired[u];
            long o = id_map_get(&m, k->id(row_at(t, fresh, i)));
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

void dd_store_end(dd_store *s, dd_which w, dd_status st, const char *error, int64_t now)
{
    dd_table *t = &s->t[w];
    dd_load_state *l = &t->load;
    l->loading = false;
    /* A listing the server ended short is still its answer: shown as it
     * came, marked, rather than dropped for the previous one. */
    bool incomplete = st == DD_E_INCOMPLETE;
    if (st != DD_OK && !incomplete) {
        l->stale = true;
        set_error(l, error);
        list_reset(t, t->incoming);
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
    if (t->streaming) {
        t->streaming = false;
        return;
    }
    /* Swap in the refreshed list, keeping the selection on the same id. */
    const void *sel = dd_store_selected(s, w);
    char *sel_id = sel ? strdup(t->kind->id(sel)) : NULL;
    long keep = -1;
    bool diffed = false;
    if (dd_table_reserve(t, rows_in(t, t->incoming)) == 0) {
        dd_table_clear_marks(t);
        diffed = mark_changes(t, t->rows, t->incoming, dd_table_selected_row(t), &keep) == 0;
    }
    void *shown = t->rows;
    t->rows = t->incoming;
    t->incoming = shown;
    list_reset(t, t->incoming);
    dd_table_forget(t);
    dd_text_index swap = t->ix->text;
    t->ix->text = t->ix->incoming;
    t->ix->incoming = swap;
    t->ix->incoming.valid = false;
    if (!diffed && sel_id)
        keep = dd_store_find(s, w, sel_id);
    free(sel_id);
    dd_table_rebuild(s, w, keep);
}

int dd_store_upsert(dd_store *s, dd_which w, const void *row)
{
    dd_table *t = &s->t[w];
    const dd_list_kind *k = t->kind;
    long i = dd_store_find(s, w, k->id(row));
    if (k->list_append(t->rows, row) != 0 || dd_table_reserve(t, rows_in(t, t->rows)) != 0)
        return -1;
    size_t n = rows_in(t, t->rows);
    long at;
    if (i >= 0) {
        /* The copy went to the end; put it in place of the old row. */
        void *fresh = k->list_at(t->rows, n - 1);
        if (k->keep)
            k->keep(fresh, row_at(t, t->rows, (size_t)i));
        memcpy(k->list_at(t->rows, (size_t)i), fresh, k->row_size);
        k->list_pop(t->rows);
        t->mark[i] = DD_MARK_CHANGED;
        at = i;
        dd_table_row_changed(s, w, (size_t)i);
    } else {
        at = (long)n - 1;
        t->mark[at] = DD_MARK_NEW;
        dd_table_rows_appended(s, w, (size_t)at);
    }
    return dd_table_rebuild(s, w, at);
}

/* The selected row's number once row i is removed: -1 when it was that
 * row (the selection then stays where it was, on the next row), one less
 * when it came after. */
static long row_after_removal(long keep, long i)
{
    if (keep == i)
        return -1;
    return keep > i ? keep - 1 : keep;
}

int dd_store_remove(dd_store *s, dd_which w, const char *id)
{
    long i = dd_store_find(s, w, id);
    if (i < 0)
        return -1;
    dd_table *t = &s->t[w];
    const dd_list_kind *k = t->kind;
    size_t n = rows_in(t, t->rows);
    long keep = dd_table_selected_row(t);
    dd_table_row_removed(t, n, (size_t)i);
    size_t tail = n - (size_t)i - 1;
    if (tail)
        memmove(k->list_at(t->rows, (size_t)i), row_at(t, t->rows, (size_t)i + 1),
                tail * k->row_size);
    memmove(&t->mark[i], &t->mark[i + 1], tail);
    k->list_pop(t->rows);
    t->mark[n - 1] = DD_MARK_NONE;
    return dd_table_rebuild(s, w, row_after_removal(keep, i));
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
    s->t[DD_LIST_CONNS].load.loaded_once = false;
    return 0;
}

/* ---------------------------------------------------------------- audit */

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

