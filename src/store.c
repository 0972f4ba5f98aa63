/* strcasestr, qsort_r */
#define _GNU_SOURCE

#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------- ids */

/* Open-addressing map from row id to row number, built only when a refresh
 * ends (to compare old and new lists in linear time). */
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

static int id_map_build(id_map *m, const dd_conn_list *l)
{
    size_t size = 16;
    while (size < l->n * 2)
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
    for (size_t i = 0; i < l->n; i++) {
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
    /* "logs,metrics" as shown in the Types column. */
    if (strchr(needle, ',')) {
        char buf[512];
        dd_conn_types_join(c, buf, sizeof(buf));
        return has(buf, needle);
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
    return 0;
}

static void table_free(dd_table *t)
{
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

typedef struct sort_ctx {
    const dd_store *s;
    dd_which w;
    int col;
    bool rev;
} sort_ctx;

static int cmp_int64(int64_t a, int64_t b)
{
    return a < b ? -1 : a > b;
}

static int cmp_rows(const void *pa, const void *pb, void *ud)
{
    const sort_ctx *x = ud;
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    int r;
    if (x->w == DD_LIST_CONNS) {
        const dd_conn *ca = &x->s->conns.items[a], *cb = &x->s->conns.items[b];
        if (x->col == DD_CC_CREATED) {
            r = cmp_int64(ca->created_at, cb->created_at);
        } else {
            char ba[512], bb[512];
            r = strcasecmp(dd_conn_col_text(ca, x->col, ba, sizeof(ba)),
                           dd_conn_col_text(cb, x->col, bb, sizeof(bb)));
        }
    } else {
        r = strcasecmp(dd_sf_col_text(&x->s->sfs.items[a], x->col),
                       dd_sf_col_text(&x->s->sfs.items[b], x->col));
    }
    if (x->rev)
        r = -r;
    /* Ties keep server order, whichever direction: the sort is stable. */
    return r ? r : (a < b ? -1 : a > b);
}

static void table_sort(dd_store *s, dd_which w, dd_table *t)
{
    if (t->sort_col == DD_SORT_NONE) {
        if (t->sort_rev)
            for (size_t i = 0, j = t->n ? t->n - 1 : 0; i < j; i++, j--) {
                size_t tmp = t->order[i];
                t->order[i] = t->order[j];
                t->order[j] = tmp;
            }
        return;
    }
    if (t->n < 2)
        return;
    sort_ctx x = {s, w, t->sort_col, t->sort_rev};
    qsort_r(t->order, t->n, sizeof(*t->order), cmp_rows, &x);
}

/* Rebuilds order; the selection follows row keep_row when it stays
 * visible, otherwise stays at the same position (clamped). */
static int table_rebuild(dd_store *s, dd_which w, long keep_row)
{
    dd_table *t = dd_store_table(s, w);
    size_t rows = rows_of(s, w);
    if (table_reserve(t, rows) != 0)
        return -1;
    size_t old_sel = t->sel;
    t->n = 0;
    for (size_t r = 0; r < rows; r++)
        if (!t->filter[0] || dd_store_row_matches(s, w, r, t->filter))
            t->order[t->n++] = r;
    table_sort(s, w, t);
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
    return 0;
}

static long selected_row(const dd_table *t)
{
    return t->n ? (long)t->order[t->sel] : -1;
}

int dd_store_refilter(dd_store *s, dd_which w)
{
    return table_rebuild(s, w, selected_row(dd_store_table(s, w)));
}

dd_table *dd_store_table(dd_store *s, dd_which w)
{
    return w == DD_LIST_CONNS ? &s->ct : &s->st;
}

int dd_store_set_filter(dd_store *s, dd_which w, const char *filter)
{
    dd_table *t = dd_store_table(s, w);
    snprintf(t->filter, sizeof(t->filter), "%s", filter ? filter : "");
    return dd_store_refilter(s, w);
}

int dd_store_cycle_sort(dd_store *s, dd_which w)
{
    dd_table *t = dd_store_table(s, w);
    int ncols = w == DD_LIST_CONNS ? DD_CC_COUNT : DD_SC_COUNT;
    t->sort_col = t->sort_col + 1 >= ncols ? DD_SORT_NONE : t->sort_col + 1;
    return dd_store_refilter(s, w);
}

int dd_store_reverse_sort(dd_store *s, dd_which w)
{
    dd_table *t = dd_store_table(s, w);
    t->sort_rev = !t->sort_rev;
    return dd_store_refilter(s, w);
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
    for (size_t k = 1; k <= t->n; k++) {
        size_t pos = dir > 0 ? (t->sel + k) % t->n : (t->sel + t->n - k % t->n) % t->n;
        if (dd_store_row_matches(s, w, t->order[pos], needle)) {
            if (pos == t->sel)
                return false;
            t->sel = pos;
            dd_table_fit(t, rows);
            return true;
        }
    }
    return false;
}

/* ---------------------------------------------------------------- store */

int dd_store_init(dd_store *s)
{
    memset(s, 0, sizeof(*s));
    table_init(&s->ct);
    table_init(&s->st);
    if (dd_conn_list_init(&s->conns) != 0 || dd_conn_list_init(&s->incoming) != 0 ||
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
    /* Nothing shown yet (or the last fetch was a failed first load): show
     * pages as they come rather than a blank list until the end. */
    s->streaming = !l->loaded_once;
    if (s->streaming) {
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
    if (!s->streaming)
        return dd_conn_list_append_all(&s->incoming, page);
    size_t first = s->conns.n;
    if (dd_conn_list_append_all(&s->conns, page) != 0)
        return -1;
    dd_table *t = &s->ct;
    if (t->sort_col != DD_SORT_NONE || t->sort_rev)
        return dd_store_refilter(s, DD_LIST_CONNS);
    /* Server order: the new rows go after the others, no need to re-sort. */
    if (table_reserve(t, s->conns.n) != 0)
        return -1;
    for (size_t r = first; r < s->conns.n; r++)
        if (!t->filter[0] || conn_matches(&s->conns.items[r], t->filter))
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

/* Marks rows of fresh that are absent from old or differ from it. */
static int mark_changes(dd_table *t, const dd_conn_list *old, const dd_conn_list *fresh)
{
    id_map m;
    if (id_map_build(&m, old) != 0)
        return -1;
    for (size_t i = 0; i < fresh->n; i++) {
        long j = id_map_get(&m, nz(fresh->items[i].id));
        if (j < 0)
            t->mark[i] = DD_MARK_NEW;
        else if (!conn_same(&old->items[j], &fresh->items[i]))
            t->mark[i] = DD_MARK_CHANGED;
        else
            t->mark[i] = DD_MARK_NONE;
    }
    id_map_free(&m);
    return 0;
}

void dd_store_conn_end(dd_store *s, dd_status st, const char *error, int64_t now)
{
    dd_load_state *l = &s->ct.load;
    l->loading = false;
    if (st != DD_OK) {
        l->stale = true;
        set_error(l, error);
        dd_conn_list_free(&s->incoming);
        dd_conn_list_init(&s->incoming);
        return;
    }
    l->stale = false;
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
    if (table_reserve(t, s->incoming.n) == 0) {
        dd_table_clear_marks(t);
        mark_changes(t, &s->conns, &s->incoming);
    }
    dd_conn_list_free(&s->conns);
    s->conns = s->incoming;
    dd_conn_list_init(&s->incoming);
    long keep = sel_id ? dd_conn_list_find(&s->conns, sel_id) : -1;
    free(sel_id);
    table_rebuild(s, DD_LIST_CONNS, keep);
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
        s->conns.items[i] = s->conns.items[s->conns.n - 1];
        s->conns.n--;
        t->mark[i] = DD_MARK_CHANGED;
        row = i;
    } else {
        row = (long)s->conns.n - 1;
        t->mark[row] = DD_MARK_NEW;
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
    size_t tail = s->conns.n - (size_t)i - 1;
    memmove(&s->conns.items[i], &s->conns.items[i + 1], tail * sizeof(*s->conns.items));
    memmove(&t->mark[i], &t->mark[i + 1], tail);
    s->conns.n--;
    t->mark[s->conns.n] = DD_MARK_NONE;
    /* The selection stays where it was, on the next row. */
    if (keep == i)
        keep = -1;
    else if (keep > i)
        keep--;
    return table_rebuild(s, DD_LIST_CONNS, keep);
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
    memmove(&s->sfs.items[i], &s->sfs.items[i + 1],
            (s->sfs.n - (size_t)i - 1) * sizeof(*s->sfs.items));
    s->sfs.n--;
    if (keep == i)
        keep = -1;
    else if (keep > i)
        keep--;
    return table_rebuild(s, DD_LIST_SF, keep);
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
